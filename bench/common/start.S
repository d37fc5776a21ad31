/*
 * Entry, trap vector and S-mode call gate of the bare-metal benchmarks.
 *
 * The hart arrives here in M-mode at 0x8000_0000 with a0 = hart id and
 * a1 = device tree address (QEMU virt's reset vector, and hmvirt's).
 * Hart 0 clears .bss, runs main() and exits through the test finisher with
 * main's return value; any other hart parks in wfi.
 */

	.section .text.entry, "ax"
	.globl _start
_start:
	csrw	mie, zero
	la	t0, bench_trap_entry
	csrw	mtvec, t0
	csrw	mscratch, zero
	bnez	a0, park

	la	sp, __stack_top

	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:
	call	main
	call	bench_exit		/* a0 = main's result; never returns */
park:
	wfi
	j	park

/*
 * long bench_run_smode(long (*fn)(long), long arg, void *stack_top)
 *
 * Runs fn(arg) in S-mode on stack_top (with whatever satp the caller set)
 * and returns fn's result once fn returns. fn returns into smode_return,
 * whose ecall lands in bench_trap_entry, which resumes here in M-mode.
 * The M-mode context (callee-saved registers and sp) is kept on the M stack;
 * mscratch holds that sp while S-mode runs and is zero otherwise.
 */
	.text
	.globl bench_run_smode
bench_run_smode:
	addi	sp, sp, -112
	sd	ra, 0(sp)
	sd	s0, 8(sp)
	sd	s1, 16(sp)
	sd	s2, 24(sp)
	sd	s3, 32(sp)
	sd	s4, 40(sp)
	sd	s5, 48(sp)
	sd	s6, 56(sp)
	sd	s7, 64(sp)
	sd	s8, 72(sp)
	sd	s9, 80(sp)
	sd	s10, 88(sp)
	sd	s11, 96(sp)
	csrw	mscratch, sp

	csrw	mepc, a0
	li	t0, 3 << 11		/* mstatus.MPP = S (01) */
	csrc	mstatus, t0
	li	t0, 1 << 11
	csrs	mstatus, t0
	li	t0, 1 << 7		/* MPIE = 0: interrupts stay off */
	csrc	mstatus, t0

	mv	a0, a1
	mv	sp, a2
	la	ra, smode_return
	mret

smode_return:
	ecall				/* a0 = fn's result */

/*
 * M-mode trap vector. An ecall from S-mode while bench_run_smode is active
 * ends the S-mode call; every other trap is fatal and is reported by
 * bench_trap() on a stack of its own (the trapped sp may be anything).
 */
	.balign 4
	.globl bench_trap_entry
bench_trap_entry:
	csrr	t0, mcause
	li	t1, 9			/* environment call from S-mode */
	bne	t0, t1, fatal
	csrr	t0, mscratch
	beqz	t0, fatal
	csrw	mscratch, zero
	mv	sp, t0
	ld	ra, 0(sp)
	ld	s0, 8(sp)
	ld	s1, 16(sp)
	ld	s2, 24(sp)
	ld	s3, 32(sp)
	ld	s4, 40(sp)
	ld	s5, 48(sp)
	ld	s6, 56(sp)
	ld	s7, 64(sp)
	ld	s8, 72(sp)
	ld	s9, 80(sp)
	ld	s10, 88(sp)
	ld	s11, 96(sp)
	addi	sp, sp, 112
	ret
fatal:
	la	sp, __trap_stack_top
	csrr	a0, mcause
	csrr	a1, mepc
	csrr	a2, mtval
	call	bench_trap
1:	j	1b
