/*
 * The functional semantics functions (op_*): exec_insns.h without timing.
 */
#include "insn.h"
#include "machine.h"

#define OPFN(name) op_##name
#define INSN_NEXT insn_next
#define INSN_JUMP insn_jump
#define MEMFN(fn) fn
#define LATENCY(field) ((void)0)

#include "exec_insns.h"
