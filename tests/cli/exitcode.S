# Bare-metal program for QEMU virt: prints a line through the ns16550a
# UART and exits through the SiFive test finisher with code 7, so that a
# test can check that the finisher code becomes the process exit status.
	.section .text.entry
	.globl _start
_start:
	la	a0, msg
	li	a1, 0x10000000          # UART THR
1:	lbu	a2, 0(a0)
	beqz	a2, 2f
	sb	a2, 0(a1)
	addi	a0, a0, 1
	j	1b
2:	li	a1, 0x100000            # finisher
	li	a2, (7 << 16) | 0x3333  # fail with code 7
	sw	a2, 0(a1)
3:	wfi
	j	3b

	.section .rodata
msg:	.asciz "exitcode: finishing with code 7\n"
