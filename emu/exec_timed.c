/*
 * The semantics functions with the timing model on (opt_*): exec_insns.h
 * with fetch accesses on line changes, data accesses through the caches
 * and the multiply/divide latencies. decode.c picks these when
 * machine.timing is set.
 */
#include "insn.h"
#include "machine.h"

#define OPFN(name) opt_##name
#define INSN_NEXT insn_next_t
#define INSN_JUMP insn_jump_t
#define MEMFN(fn) fn##_t
#define LATENCY(field) timing_add(h, CYC_EXEC, h->m->cfg.field)

#include "exec_insns.h"
