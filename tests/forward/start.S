/*
 * fwdtest's assembly (see fwdtest.c): the HS-mode entry, the trap
 * vectors of HS and VS (both vectored, so that the slot entered is
 * recorded), the switch into U/VS/VU-mode and back, and the snippets that
 * raise each trap. Hypervisor instructions and CSRs are written as .insn
 * / .word (clang 14 has no H mnemonics).
 */
#include "fwdtest.h"

#define FRAME (32 * 8)

/*
 * Every register but sp, a0 and a1 gets a fixed value, so that the two
 * runs of a case trap with the same register file (x_i = FILL_BASE + i).
 */
#define FILL_BASE 0x5a5a0000
.macro FILL_REGS
	li	x1, FILL_BASE + 1
	li	x3, FILL_BASE + 3
	li	x4, FILL_BASE + 4
	li	x5, FILL_BASE + 5
	li	x6, FILL_BASE + 6
	li	x7, FILL_BASE + 7
	li	x8, FILL_BASE + 8
	li	x9, FILL_BASE + 9
	li	x12, FILL_BASE + 12
	li	x13, FILL_BASE + 13
	li	x14, FILL_BASE + 14
	li	x15, FILL_BASE + 15
	li	x16, FILL_BASE + 16
	li	x17, FILL_BASE + 17
	li	x18, FILL_BASE + 18
	li	x19, FILL_BASE + 19
	li	x20, FILL_BASE + 20
	li	x21, FILL_BASE + 21
	li	x22, FILL_BASE + 22
	li	x23, FILL_BASE + 23
	li	x24, FILL_BASE + 24
	li	x25, FILL_BASE + 25
	li	x26, FILL_BASE + 26
	li	x27, FILL_BASE + 27
	li	x28, FILL_BASE + 28
	li	x29, FILL_BASE + 29
	li	x30, FILL_BASE + 30
	li	x31, FILL_BASE + 31
.endm

	.section .text.entry, "ax"
	.globl	_start
_start:
	la	sp, __stack_top
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	call	fwd_main		/* (hartid, dtb): never returns */
3:	wfi
	j	3b

/*
 * A vectored trap vector: 16 slots of one jump each. Slot i saves t0,
 * puts i in t0 and joins the common entry, which saves x1..x31 in a frame
 * on the stack sscratch names (vsscratch when V=1), calls
 * handler(frame, slot), restores the frame (the handler may have edited
 * it) and returns with sret.
 */
.macro SLOT pfx, i
\pfx\()_slot\i:
	csrrw	sp, sscratch, sp
	addi	sp, sp, -FRAME
	sd	t0, 5*8(sp)
	li	t0, \i
	j	\pfx\()_common
.endm

.macro VECTOR pfx, handler
	.balign	256
	.globl	\pfx\()_vec
\pfx\()_vec:
	.option push
	.option norvc
	j \pfx\()_slot0;  j \pfx\()_slot1;  j \pfx\()_slot2;  j \pfx\()_slot3
	j \pfx\()_slot4;  j \pfx\()_slot5;  j \pfx\()_slot6;  j \pfx\()_slot7
	j \pfx\()_slot8;  j \pfx\()_slot9;  j \pfx\()_slot10; j \pfx\()_slot11
	j \pfx\()_slot12; j \pfx\()_slot13; j \pfx\()_slot14; j \pfx\()_slot15
	.option pop
	SLOT \pfx, 0;  SLOT \pfx, 1;  SLOT \pfx, 2;  SLOT \pfx, 3
	SLOT \pfx, 4;  SLOT \pfx, 5;  SLOT \pfx, 6;  SLOT \pfx, 7
	SLOT \pfx, 8;  SLOT \pfx, 9;  SLOT \pfx, 10; SLOT \pfx, 11
	SLOT \pfx, 12; SLOT \pfx, 13; SLOT \pfx, 14; SLOT \pfx, 15
\pfx\()_common:
	sd	x1, 1*8(sp)
	sd	x3, 3*8(sp)
	sd	x4, 4*8(sp)
	sd	x6, 6*8(sp)
	sd	x7, 7*8(sp)
	sd	x8, 8*8(sp)
	sd	x9, 9*8(sp)
	sd	x10, 10*8(sp)
	sd	x11, 11*8(sp)
	sd	x12, 12*8(sp)
	sd	x13, 13*8(sp)
	sd	x14, 14*8(sp)
	sd	x15, 15*8(sp)
	sd	x16, 16*8(sp)
	sd	x17, 17*8(sp)
	sd	x18, 18*8(sp)
	sd	x19, 19*8(sp)
	sd	x20, 20*8(sp)
	sd	x21, 21*8(sp)
	sd	x22, 22*8(sp)
	sd	x23, 23*8(sp)
	sd	x24, 24*8(sp)
	sd	x25, 25*8(sp)
	sd	x26, 26*8(sp)
	sd	x27, 27*8(sp)
	sd	x28, 28*8(sp)
	sd	x29, 29*8(sp)
	sd	x30, 30*8(sp)
	sd	x31, 31*8(sp)
	csrr	t1, sscratch
	sd	t1, 2*8(sp)
	sd	zero, 0(sp)
	mv	a0, sp
	mv	a1, t0
	call	\handler
	addi	t0, sp, FRAME
	csrw	sscratch, t0
	ld	x1, 1*8(sp)
	ld	x3, 3*8(sp)
	ld	x4, 4*8(sp)
	ld	x5, 5*8(sp)
	ld	x6, 6*8(sp)
	ld	x7, 7*8(sp)
	ld	x8, 8*8(sp)
	ld	x9, 9*8(sp)
	ld	x10, 10*8(sp)
	ld	x11, 11*8(sp)
	ld	x12, 12*8(sp)
	ld	x13, 13*8(sp)
	ld	x14, 14*8(sp)
	ld	x15, 15*8(sp)
	ld	x16, 16*8(sp)
	ld	x17, 17*8(sp)
	ld	x18, 18*8(sp)
	ld	x19, 19*8(sp)
	ld	x20, 20*8(sp)
	ld	x21, 21*8(sp)
	ld	x22, 22*8(sp)
	ld	x23, 23*8(sp)
	ld	x24, 24*8(sp)
	ld	x25, 25*8(sp)
	ld	x26, 26*8(sp)
	ld	x27, 27*8(sp)
	ld	x28, 28*8(sp)
	ld	x29, 29*8(sp)
	ld	x30, 30*8(sp)
	ld	x31, 31*8(sp)
	ld	x2, 2*8(sp)
	sret
.endm

	.text
	VECTOR	hs, hs_trap		/* stvec */
	VECTOR	vs, vs_trap		/* vstvec (runs in VS-mode) */

/*
 * void run_lower(u64 spp, u64 spv, u64 tramp, u64 fn, u64 arg, u64 sp)
 * Enters tramp in U (spp = 0) or S (spp = 1) with V = spv through sret,
 * with a0 = arg, a1 = fn and sp; tramp calls fn(arg) and comes back with
 * the RET_MAGIC ecall, which hs_trap turns into a jump to run_resume.
 * Callee-saved registers, ra and sp live in run_ctx meanwhile.
 */
	.globl	run_lower
run_lower:
	la	t0, run_ctx
	sd	ra, 0*8(t0)
	sd	sp, 1*8(t0)
	sd	s0, 2*8(t0)
	sd	s1, 3*8(t0)
	sd	s2, 4*8(t0)
	sd	s3, 5*8(t0)
	sd	s4, 6*8(t0)
	sd	s5, 7*8(t0)
	sd	s6, 8*8(t0)
	sd	s7, 9*8(t0)
	sd	s8, 10*8(t0)
	sd	s9, 11*8(t0)
	sd	s10, 12*8(t0)
	sd	s11, 13*8(t0)
	sd	gp, 14*8(t0)
	sd	tp, 15*8(t0)
	li	t0, SSTATUS_SPP
	csrc	sstatus, t0
	beqz	a0, 1f
	csrs	sstatus, t0
1:	li	t0, HSTATUS_SPV
	csrc	CSR_HSTATUS, t0
	beqz	a1, 2f
	csrs	CSR_HSTATUS, t0
2:	csrw	sepc, a2
	mv	a0, a4
	mv	a1, a3
	mv	sp, a5
	FILL_REGS
	sret

	.globl	run_resume
run_resume:
	la	t0, run_ctx
	ld	ra, 0*8(t0)
	ld	sp, 1*8(t0)
	ld	s0, 2*8(t0)
	ld	s1, 3*8(t0)
	ld	s2, 4*8(t0)
	ld	s3, 5*8(t0)
	ld	s4, 6*8(t0)
	ld	s5, 7*8(t0)
	ld	s6, 8*8(t0)
	ld	s7, 9*8(t0)
	ld	s8, 10*8(t0)
	ld	s9, 11*8(t0)
	ld	s10, 12*8(t0)
	ld	s11, 13*8(t0)
	ld	gp, 14*8(t0)
	ld	tp, 15*8(t0)
	ret


/* void call_filled(u64 arg, u64 fn): fn(arg) in HS with FILL_REGS. */
	.globl	call_filled
call_filled:
	la	t0, run_ctx
	sd	ra, 0*8(t0)
	sd	sp, 1*8(t0)
	sd	s0, 2*8(t0)
	sd	s1, 3*8(t0)
	sd	s2, 4*8(t0)
	sd	s3, 5*8(t0)
	sd	s4, 6*8(t0)
	sd	s5, 7*8(t0)
	sd	s6, 8*8(t0)
	sd	s7, 9*8(t0)
	sd	s8, 10*8(t0)
	sd	s9, 11*8(t0)
	sd	s10, 12*8(t0)
	sd	s11, 13*8(t0)
	sd	gp, 14*8(t0)
	sd	tp, 15*8(t0)
	FILL_REGS
	jalr	ra, 0(a1)
	j	run_resume

/* VS handler: end the run from VS-mode (ecall from VS reaches HS). */
	.globl	vs_end_run
vs_end_run:
	li	a7, RET_MAGIC
	ecall
1:	j	1b

	.bss
	.balign	8
run_ctx:
	.space	16 * 8

/*
 * Code and data that run in every mode: position-independent, mapped U
 * at USER_BASE and S at USER_BASE + USER_ALIAS (fwdtest.c). Each snippet
 * raises one trap at its label snip_*_at with a0 = the address to use,
 * and returns; the handlers resume at the next instruction (4 bytes:
 * norvc), or at ra for instruction-fetch faults (a jump to a0).
 */
	.section .user.text, "ax"
	.option	push
	.option	norvc
	.globl	user_tramp
user_tramp:
	jalr	ra, 0(a1)
	li	a7, RET_MAGIC
	ecall
1:	j	1b

.macro SNIP name
	.globl	snip_\name, snip_\name\()_at
snip_\name:
.endm

	SNIP	load
snip_load_at:
	ld	t1, 8(a0)
	ret

	SNIP	store
	li	t1, 0x5a
snip_store_at:
	sd	t1, 16(a0)
	ret

	SNIP	fetch
	mv	t2, ra
snip_fetch_at:
	jalr	ra, 0(a0)
	mv	ra, t2
	ret

	SNIP	ecall
	li	a7, 0x45434c4c
snip_ecall_at:
	ecall
	ret

	SNIP	ebreak
snip_ebreak_at:
	ebreak
	ret

	SNIP	illegal		/* csrrw x0, cycle, x0: a write to a read-only CSR */
snip_illegal_at:
	.word	0xc0001073
	ret

	SNIP	lr_mis
snip_lr_mis_at:
	lr.w	t1, (a0)
	ret

	SNIP	amo_mis
	li	t1, 1
snip_amo_mis_at:
	amoadd.w t1, t1, (a0)
	ret

	SNIP	csr_h		/* csrr t1, hstatus */
snip_csr_h_at:
	.word	0x60002373
	ret

	SNIP	hfence		/* hfence.vvma x0, x0 */
snip_hfence_at:
	.insn	r 0x73, 0, 0x11, x0, x0, x0
	ret

	SNIP	hlv		/* hlv.d t1, (a0) */
snip_hlv_at:
	.insn	r 0x73, 4, 0x36, t1, a0, x0
	ret

	SNIP	hsv		/* hsv.d t1, (a0) */
	li	t1, 0x5a
snip_hsv_at:
	.insn	r 0x73, 4, 0x37, x0, a0, t1
	ret
	.option	pop

	.section .user.data, "aw"
	.balign	4096
	.globl	user_data, user_stack_top
user_data:
	.space	64
	.balign	16
	.space	4096
user_stack_top:
