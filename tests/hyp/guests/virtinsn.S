/*
 * virtinsn.S - a hostile guest: hfence.gvma in VS-mode, a virtual-
 * instruction exception (cause 22, hypervisor.adoc) the hypervisor does
 * not emulate: it must report it and stop with its failure status.
 */
	.section .text.entry, "ax"
	.globl _start
_start:
	.insn r 0x73, 0, 0x31, x0, x0, x0
1:	j	1b
