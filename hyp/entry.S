/*
 * entry.S - the hypervisor's first instructions, its trap vector and the
 * world switch into the guest.
 *
 * hmfw enters _start in HS-mode at 0x80200000 with a0 = hart id, a1 =
 * device tree, translation off (ext-hsm.adoc; the Linux boot protocol).
 *
 * Traps: while the guest runs, sscratch holds its struct vcpu; while the
 * hypervisor runs, sscratch is 0. The vector swaps sp with sscratch: a
 * non-zero result is a VM exit (every guest GPR is saved in the vcpu, the
 * hypervisor's stack comes back from vcpu->host_sp and vcpu_exit handles
 * the exit); zero is a trap of the hypervisor itself, a bug: it reports it
 * and stops (hyp_self_trap in vcpu.c).
 */
#include "hyp.h"

#define SAVE(n) sd x##n, (n * 8)(sp)
#define LOAD(n) ld x##n, (n * 8)(a0)

	.section .text.entry, "ax"
	.globl _start
_start:
	csrw	sie, zero
	csrw	sscratch, zero
	lla	t0, hyp_trap_vector
	csrw	stvec, t0
	/* one hart runs the hypervisor; any other that arrives parks */
	lla	t0, boot_lottery
	li	t1, 1
	amoswap.w t1, t1, (t0)
	bnez	t1, park
	lla	sp, __stack_top
	lla	t0, __bss_start
	lla	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	call	hyp_main		/* hyp_main(hartid, dtb): never returns */
park:
	wfi
	j	park

	.text
	.balign 4
	.globl hyp_trap_vector
hyp_trap_vector:
	csrrw	sp, sscratch, sp
	beqz	sp, self_trap
	SAVE(1)
	SAVE(3)
	SAVE(4)
	SAVE(5)
	SAVE(6)
	SAVE(7)
	SAVE(8)
	SAVE(9)
	SAVE(10)
	SAVE(11)
	SAVE(12)
	SAVE(13)
	SAVE(14)
	SAVE(15)
	SAVE(16)
	SAVE(17)
	SAVE(18)
	SAVE(19)
	SAVE(20)
	SAVE(21)
	SAVE(22)
	SAVE(23)
	SAVE(24)
	SAVE(25)
	SAVE(26)
	SAVE(27)
	SAVE(28)
	SAVE(29)
	SAVE(30)
	SAVE(31)
	csrr	t0, sscratch		/* the guest's sp */
	sd	t0, (2 * 8)(sp)
	csrw	sscratch, zero
	csrr	t0, sepc
	sd	t0, VCPU_PC(sp)
	mv	a0, sp
	ld	sp, VCPU_HOST_SP(a0)
	call	vcpu_exit		/* returns the vcpu to resume */
	j	resume

/* vcpu_run(vcpu): enters the guest at vcpu->pc with its GPRs; the mode to
 * enter (hstatus.SPV, sstatus.SPP) is already set. Never returns: every
 * exit comes back on this stack. */
	.globl vcpu_run
vcpu_run:
	sd	sp, VCPU_HOST_SP(a0)
resume:
	ld	t0, VCPU_PC(a0)
	csrw	sepc, t0
	csrw	sscratch, a0
	LOAD(1)
	LOAD(2)
	LOAD(3)
	LOAD(4)
	LOAD(5)
	LOAD(6)
	LOAD(7)
	LOAD(8)
	LOAD(9)
	LOAD(11)
	LOAD(12)
	LOAD(13)
	LOAD(14)
	LOAD(15)
	LOAD(16)
	LOAD(17)
	LOAD(18)
	LOAD(19)
	LOAD(20)
	LOAD(21)
	LOAD(22)
	LOAD(23)
	LOAD(24)
	LOAD(25)
	LOAD(26)
	LOAD(27)
	LOAD(28)
	LOAD(29)
	LOAD(30)
	LOAD(31)
	LOAD(10)
	sret

self_trap:
	csrrw	sp, sscratch, sp	/* sp back, sscratch back to 0 */
	lla	sp, __stack_top		/* whatever the stack was: a fresh one */
	csrr	a0, scause
	csrr	a1, sepc
	csrr	a2, stval
	call	hyp_self_trap		/* never returns */
	j	park

	.data
	.balign 4
boot_lottery:
	.word	0
