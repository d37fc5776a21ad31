/*
 * swwalk_entry.S - the M trap vector of the hw_swwalk* tests (swwalk.h).
 *
 * The hardware-mode TLB-miss causes 24-26 take the fast path: on the M
 * trap stack (mscratch, as in start.S), save only what a C call may
 * clobber (ra, t0-t6, a0-a7), call swwalk_refill(mcause, mtval) and mret
 * to retry the access. Every other trap is handed, with all registers and
 * CSRs as the hardware left them, to the runtime's m_trap_entry.
 *
 * A nonzero value from swwalk_refill is the cause of a fault the walk
 * found (mepc and mtval are the missing access's, as for the fault; the
 * handler has written mtval2/mtinst for guest-page faults): it is raised
 * as the hardware would with medeleg = 0, by writing mcause and entering
 * m_trap_entry.
 *
 * Cost of the common path: 8 instructions to the dispatch decision, 17
 * more to the call (14 saves, mtval, call), 20 from the return to mret:
 * 45 around swwalk_refill's own (hw_swwalk prints the whole count).
 */
#include "test.h"
#include "riscv/hwmode.h"

#define SLOTS 16
/* Slot of each saved register in the frame (a0, a1 first: the test). */
#define SAVED ra, a2, a3, a4, a5, a6, a7, t0, t1, t2, t3, t4, t5, t6

	.text
	.balign 64
	.globl swwalk_entry
swwalk_entry:
	csrrw sp, mscratch, sp
	addi sp, sp, -SLOTS * 8
	sd a0, 0(sp)
	sd a1, 8(sp)
	csrr a0, mcause
	addi a1, a0, -HWMODE_CAUSE_FETCH
	sltiu a1, a1, 3 /* 24 <= mcause <= 26 (interrupts are huge) */
	beqz a1, .Lforward
	.set i, 2
	.irp r, SAVED
	sd \r, i * 8(sp)
	.set i, i + 1
	.endr
	csrr a1, mtval
	call swwalk_refill
	bnez a0, .Lraise
	.set i, 2
	.irp r, SAVED
	ld \r, i * 8(sp)
	.set i, i + 1
	.endr
	ld a0, 0(sp)
	ld a1, 8(sp)
	addi sp, sp, SLOTS * 8
	csrrw sp, mscratch, sp
	mret

.Lraise:
	csrw mcause, a0
	.set i, 2
	.irp r, SAVED
	ld \r, i * 8(sp)
	.set i, i + 1
	.endr
.Lforward:
	ld a0, 0(sp)
	ld a1, 8(sp)
	addi sp, sp, SLOTS * 8
	csrrw sp, mscratch, sp
	j m_trap_entry
