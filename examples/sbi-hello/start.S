/*
 * Entry of the S-mode payload: the SBI firmware jumps here in S-mode with
 * a0 = hart id and a1 = device tree address, translation off (satp = 0).
 * The first hart to arrive runs main(hartid, dtb); any other parks (with
 * fw_jump only the boot hart comes here, the others wait in HSM).
 */

	.section .text.entry, "ax"
	.globl _start
_start:
	csrw	sie, zero
	la	t0, sbi_hello_trap
	csrw	stvec, t0

	la	t0, boot_lottery
	li	t1, 1
	amoswap.w t1, t1, (t0)
	bnez	t1, park

	la	sp, __stack_top
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:
	call	main			/* main(hartid, dtb) never returns */
park:
	wfi
	j	park

/* Any trap in the payload is a bug: report it (trap.c) and power off. */
	.text
	.balign 4
sbi_hello_trap:
	la	sp, __stack_top
	csrr	a0, scause
	csrr	a1, sepc
	csrr	a2, stval
	call	sbi_hello_fatal_trap
	j	park

	.data
	.balign 4
boot_lottery:
	.word	0
