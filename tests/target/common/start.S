/*
 * start.S - reset entry, trap entries and privilege switching for the
 * target tests.
 *
 * _start runs in M-mode at 0x8000_0000 (a0 = hart id, a1 = device tree,
 * ignored). It opens PMP for S/U, sets up the stacks and the M trap
 * vector, zeroes .bss, calls main and exits with its return value.
 */
#include "test.h"

	.section .text.start, "ax"
	.globl _start
_start:
	csrw mie, zero
	/* MIE, SIE, MPRV, SUM, MXR, TVM, TW, TSR off; WARL fields (UXL...) kept */
	li t0, (1 << 1) | (1 << 3) | (0xf << 17) | (0x3 << 21)
	csrc mstatus, t0
	csrw satp, zero
	csrw medeleg, zero
	csrw mideleg, zero

	/*
	 * machine.adoc "Physical Memory Protection": when PMP entries are
	 * implemented and none matches, S/U accesses fail. Entry 0 NAPOT over
	 * the whole space with RWX lets S/U reach everything. A hart without
	 * PMP may trap on these CSRs: mtvec points past them meanwhile.
	 */
	la t0, 1f
	csrw mtvec, t0
	li t0, -1
	csrw pmpaddr0, t0
	li t0, 0x1f /* A=NAPOT, X, W, R */
	csrw pmpcfg0, t0
	.balign 4
1:
	la sp, stack_top
	la t0, m_trap_stack_top
	csrw mscratch, t0
	la t0, s_trap_stack_top
	csrw sscratch, t0
	la t0, m_trap_entry
	csrw mtvec, t0

	la t0, __bss_start
	la t1, __bss_end
2:	bgeu t0, t1, 3f
	sd zero, 0(t0)
	addi t0, t0, 8
	j 2b
3:
	call main
	call exit
4:	j 4b

/*
 * Save x1..x31 (x2 = the interrupted sp, taken from the scratch CSR) in a
 * frame on the mode's trap stack, call the C handler with the frame, and
 * restore. The C handler may edit the frame and the epc CSR.
 */
.macro TRAP_ENTRY m, handler, ret
	csrrw sp, \m\()scratch, sp
	addi sp, sp, -FRAME_SIZE
	sd x1, 1*8(sp)
	sd x3, 3*8(sp)
	sd x4, 4*8(sp)
	sd x5, 5*8(sp)
	sd x6, 6*8(sp)
	sd x7, 7*8(sp)
	sd x8, 8*8(sp)
	sd x9, 9*8(sp)
	sd x10, 10*8(sp)
	sd x11, 11*8(sp)
	sd x12, 12*8(sp)
	sd x13, 13*8(sp)
	sd x14, 14*8(sp)
	sd x15, 15*8(sp)
	sd x16, 16*8(sp)
	sd x17, 17*8(sp)
	sd x18, 18*8(sp)
	sd x19, 19*8(sp)
	sd x20, 20*8(sp)
	sd x21, 21*8(sp)
	sd x22, 22*8(sp)
	sd x23, 23*8(sp)
	sd x24, 24*8(sp)
	sd x25, 25*8(sp)
	sd x26, 26*8(sp)
	sd x27, 27*8(sp)
	sd x28, 28*8(sp)
	sd x29, 29*8(sp)
	sd x30, 30*8(sp)
	sd x31, 31*8(sp)
	csrr t0, \m\()scratch
	sd t0, 2*8(sp)
	sd zero, 0(sp)
	mv a0, sp
	call \handler
	addi t0, sp, FRAME_SIZE
	csrw \m\()scratch, t0
	ld x1, 1*8(sp)
	ld x3, 3*8(sp)
	ld x4, 4*8(sp)
	ld x5, 5*8(sp)
	ld x6, 6*8(sp)
	ld x7, 7*8(sp)
	ld x8, 8*8(sp)
	ld x9, 9*8(sp)
	ld x10, 10*8(sp)
	ld x11, 11*8(sp)
	ld x12, 12*8(sp)
	ld x13, 13*8(sp)
	ld x14, 14*8(sp)
	ld x15, 15*8(sp)
	ld x16, 16*8(sp)
	ld x17, 17*8(sp)
	ld x18, 18*8(sp)
	ld x19, 19*8(sp)
	ld x20, 20*8(sp)
	ld x21, 21*8(sp)
	ld x22, 22*8(sp)
	ld x23, 23*8(sp)
	ld x24, 24*8(sp)
	ld x25, 25*8(sp)
	ld x26, 26*8(sp)
	ld x27, 27*8(sp)
	ld x28, 28*8(sp)
	ld x29, 29*8(sp)
	ld x30, 30*8(sp)
	ld x31, 31*8(sp)
	ld x2, 2*8(sp)
	\ret
.endm

	.text
	.balign 64 /* also usable as a vectored mtvec base */
	.globl m_trap_entry
m_trap_entry:
	TRAP_ENTRY m, m_trap_c, mret

	.balign 64
	.globl s_trap_entry
s_trap_entry:
	TRAP_ENTRY s, s_trap_c, sret

/* VS-mode trap entry (vstvec; hyp_init() points vsscratch, which sscratch
 * means with V=1, at vs_trap_stack_top). */
	.balign 64
	.globl vs_trap_entry
vs_trap_entry:
	TRAP_ENTRY s, vs_trap_c, sret

/*
 * uint64_t run_lower(int prv, uint64_t (*fn)(uint64_t), uint64_t arg)
 * Saves the callee-saved state and mstatus in lower_ctx, then mret to
 * lower_tramp in privilege prv, which calls fn(arg) and returns through
 * an ecall that m_trap_c turns into lower_resume(value).
 */
	.globl run_lower
run_lower:
	li t2, 0
	j 1f
/*
 * uint64_t run_virt(int prv, uint64_t (*fn)(uint64_t), uint64_t arg)
 * (hyp.h): as run_lower, with mstatus.MPV = 1, so that the mret enters
 * VS-mode (prv = PRV_S) or VU-mode (prv = PRV_U).
 */
	.globl run_virt
run_virt:
	li t2, 1
	slli t2, t2, 39 /* mstatus.MPV */
1:
	la t0, lower_ctx
	sd ra, 0*8(t0)
	sd sp, 1*8(t0)
	sd s0, 2*8(t0)
	sd s1, 3*8(t0)
	sd s2, 4*8(t0)
	sd s3, 5*8(t0)
	sd s4, 6*8(t0)
	sd s5, 7*8(t0)
	sd s6, 8*8(t0)
	sd s7, 9*8(t0)
	sd s8, 10*8(t0)
	sd s9, 11*8(t0)
	sd s10, 12*8(t0)
	sd s11, 13*8(t0)
	csrr t1, mstatus
	sd t1, 14*8(t0)
	li t1, (3 << 11)
	csrc mstatus, t1
	slli a0, a0, 11
	or a0, a0, t2
	csrs mstatus, a0
	la t1, lower_tramp
	csrw mepc, t1
	mv a0, a2
	li a6, 0 /* no stale return magic in the lower mode */
	li a7, 0
	mret

	.globl lower_tramp
lower_tramp:
	jalr a1
	li a7, LOWER_RET_A7
	li a6, LOWER_RET_A6
	ecall
1:	j 1b

/* void lower_resume(uint64_t value): back to run_lower's caller. */
	.globl lower_resume
lower_resume:
	la t0, m_trap_stack_top
	csrw mscratch, t0
	la t0, lower_ctx
	ld ra, 0*8(t0)
	ld sp, 1*8(t0)
	ld s0, 2*8(t0)
	ld s1, 3*8(t0)
	ld s2, 4*8(t0)
	ld s3, 5*8(t0)
	ld s4, 6*8(t0)
	ld s5, 7*8(t0)
	ld s6, 8*8(t0)
	ld s7, 9*8(t0)
	ld s8, 10*8(t0)
	ld s9, 11*8(t0)
	ld s10, 12*8(t0)
	ld s11, 13*8(t0)
	ld t1, 14*8(t0)
	csrw mstatus, t1
	ret

/*
 * uint16_t read_insn_half(uint64_t epc): the halfword at a trapped epc as
 * the trapped mode sees it: MPRV=1 (MPP still holds the trapped mode) with
 * MXR and SUM so that execute-only and user pages are readable.
 */
	.globl read_insn_half_mprv
read_insn_half_mprv:
	li t0, (1 << 17) | (1 << 18) | (1 << 19)
	csrrs t1, mstatus, t0
	lhu a0, 0(a0)
	csrw mstatus, t1
	ret

	.bss
	.balign 16
	.globl lower_ctx
lower_ctx:
	.skip 16 * 8
	.balign 4096
	.skip 4096
m_trap_stack_top:
	.skip 4096
	.globl s_trap_stack_top
s_trap_stack_top:
	.skip 32768
	.globl stack_top
stack_top:
	.skip 8192
	.globl vs_trap_stack_top
vs_trap_stack_top:
