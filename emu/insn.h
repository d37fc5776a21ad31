/*
 * Prototypes of the semantics functions, one per entry of the instruction
 * table in riscv/encoding.h (defined in exec*.c, looked up by decode.c).
 */
#ifndef EMU_INSN_H
#define EMU_INSN_H

#include "hart.h"

#define INSN_PROTO(name, match, mask, fmt) \
	uint64_t op_##name(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget); \
	uint64_t opt_##name(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget);
RV_INSNS(INSN_PROTO)
#undef INSN_PROTO

#endif
