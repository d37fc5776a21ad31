/*
 * traps.S - vector tables for the vectored mode of mtvec and stvec
 * (machine.adoc "Machine Trap-Vector Base-Address (`mtvec`) Register",
 * supervisor.adoc "Supervisor Trap Vector Base Address (`stvec`)
 * Register"). Entry i of a table is a 4-byte jump to a stub that stores i
 * in m_vec_hit / s_vec_hit and continues in the runtime's trap entry.
 */
#include "common/test.h"

.macro VSTUB m, i
vstub_\m\()_\i:
	csrrw sp, \m\()scratch, sp
	sd t0, -8(sp)
	sd t1, -16(sp)
	la t0, \m\()_vec_hit
	li t1, \i
	sd t1, 0(t0)
	ld t0, -8(sp)
	ld t1, -16(sp)
	csrrw sp, \m\()scratch, sp
	j \m\()_trap_entry
.endm

.macro VTABLE m
	.balign 256
	.globl \m\()_vec_table
\m\()_vec_table:
	.option push
	.option norvc
	.irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	j vstub_\m\()_\i
	.endr
	.option pop
	.irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	VSTUB \m, \i
	.endr
.endm

	.text
	VTABLE m
	VTABLE s

	.bss
	.balign 8
	.globl m_vec_hit
m_vec_hit:
	.skip 8
	.globl s_vec_hit
s_vec_hit:
	.skip 8
