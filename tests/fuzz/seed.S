/*
 * Seed for the ELF-loader fuzzer: a minimal RISC-V program (it tells the
 * test finisher "pass") with a text, a data and a bss segment, linked at
 * the start of RAM by tests/fuzz/objects.mk.
 */
	.section .text
	.globl _start
_start:
	li	a0, 0x5555
	lui	t0, 0x100
	sw	a0, 0(t0)
1:	j	1b

	.section .data
msg:	.asciz	"hmvirt"

	.section .bss
buf:	.space	256
