/*
 * badgpa.S - a hostile guest: a load from a guest-physical address
 * outside its RAM (where the host's UART is). The hypervisor must report
 * the guest-page fault (cause 21) and stop the machine with its failure
 * status, never map host memory there.
 */
	.section .text.entry, "ax"
	.globl _start
_start:
	li	a0, 0x10000000
	lb	a1, 0(a0)
1:	j	1b
