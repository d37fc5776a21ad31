/*
 * crt0.S - process entry. Linux (and hmvirt's kernel) enter _start with
 * sp pointing at the initial stack:
 *
 *   sp+0                argc
 *   sp+8                argv[0] ... argv[argc-1], NULL
 *   after argv          envp[0] ... NULL
 *   after envp          auxv: (type, value) pairs ending with AT_NULL (0)
 *
 * and the other registers undefined except that a0 may hold a function to
 * register with atexit (the dynamic linker's; unused by static programs).
 * _start clears the frame pointer and return address so backtraces end
 * here, keeps sp 16-byte aligned and hands the stack to __libc_start.
 */
	.section .text._start, "ax"
	.globl _start
	.type _start, @function
_start:
	mv	a0, sp
	li	s0, 0
	li	ra, 0
	andi	sp, sp, -16
	call	__libc_start
1:	j	1b		/* __libc_start does not return */
	.size _start, . - _start
