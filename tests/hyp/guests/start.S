/*
 * start.S - entry of the C test guest (sbitest.c): a stack, a trap vector
 * (any trap is a failure: sbitest_trap reports it), then main(hartid, dtb).
 */
	.section .text.entry, "ax"
	.globl _start
_start:
	lla	sp, __stack_top
	lla	t0, trap
	csrw	stvec, t0
	call	main
1:	wfi
	j	1b

	.balign 4
trap:
	lla	sp, __stack_top
	csrr	a0, scause
	csrr	a1, sepc
	csrr	a2, stval
	call	sbitest_trap
	j	1b
