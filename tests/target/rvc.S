/*
 * rvc.S - code whose placement matters for the rvc test: a 32-bit
 * instruction that starts 2 bytes before a 4 KiB boundary, so that its two
 * halves are fetched from different pages (c-st-ext.adoc "Overview":
 * with C, 32-bit instructions need only be 16-bit aligned).
 *
 * uint64_t straddle_fn(void) returns 6.
 */
	.section .text.straddle, "ax"
	.balign 4096
straddle_page:
	.skip 4096 - 6, 0 /* padding, never executed */
	.globl straddle_fn
straddle_fn:
	c.li a0, 1 /* page + 0xffa */
	c.nop /* page + 0xffc */
	.option push
	.option norvc
	addi a0, a0, 5 /* page + 0xffe .. page + 0x1001 */
	.option pop
	c.jr ra
