/*
 * sbitest's entry (S-mode, linked at 0x80200000 with
 * examples/sbi-hello/link.ld): the firmware jumps here with a0 = hart id,
 * a1 = device tree, satp = 0. Also the resume point of the non-retentive
 * suspend test, and the S trap vector (interrupts the tests expect).
 */
	.section .text.entry, "ax"
	.globl	_start
_start:
	la	sp, __stack_top
	la	t0, sbitest_trap_entry
	csrw	stvec, t0
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	call	sbitest_main		/* (hartid, dtb): never returns */
3:	wfi
	j	3b

/* HSM non-retentive resume: a0 = hart id, a1 = opaque; registers and the
 * stack are gone, so start afresh and report what the firmware set. */
	.globl	sbitest_resume
sbitest_resume:
	la	sp, __stack_top
	la	t0, sbitest_trap_entry
	csrw	stvec, t0
	csrr	a2, satp
	csrr	a3, sstatus
	call	sbitest_resumed
	j	3b

/* Saves the caller-saved registers, calls sbitest_trap(scause, sepc,
 * stval), restores them and returns with sret. */
	.text
	.balign 4
sbitest_trap_entry:
	addi	sp, sp, -128
	sd	ra, 0(sp)
	sd	t0, 8(sp)
	sd	t1, 16(sp)
	sd	t2, 24(sp)
	sd	a0, 32(sp)
	sd	a1, 40(sp)
	sd	a2, 48(sp)
	sd	a3, 56(sp)
	sd	a4, 64(sp)
	sd	a5, 72(sp)
	sd	a6, 80(sp)
	sd	a7, 88(sp)
	sd	t3, 96(sp)
	sd	t4, 104(sp)
	sd	t5, 112(sp)
	sd	t6, 120(sp)
	csrr	a0, scause
	csrr	a1, sepc
	csrr	a2, stval
	call	sbitest_trap
	ld	ra, 0(sp)
	ld	t0, 8(sp)
	ld	t1, 16(sp)
	ld	t2, 24(sp)
	ld	a0, 32(sp)
	ld	a1, 40(sp)
	ld	a2, 48(sp)
	ld	a3, 56(sp)
	ld	a4, 64(sp)
	ld	a5, 72(sp)
	ld	a6, 80(sp)
	ld	a7, 88(sp)
	ld	t3, 96(sp)
	ld	t4, 104(sp)
	ld	t5, 112(sp)
	ld	t6, 120(sp)
	addi	sp, sp, 128
	sret
