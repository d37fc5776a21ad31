/*
 * bench.h - the tiny runtime shared by the bare-metal benchmarks.
 *
 * The programs run in M-mode on the virt board (QEMU's or hmvirt's): output
 * goes to the ns16550a UART, the result to the SiFive test finisher. main()
 * returns 0 for success or a failure code 1..0xffff, which becomes the
 * finisher's exit code (QEMU's exit status is its low 8 bits).
 */
#ifndef BENCH_H
#define BENCH_H

#include <stdint.h>

/* virt board addresses (QEMU hw/riscv/virt.c memmap). */
#define BENCH_UART_BASE 0x10000000UL
#define BENCH_FINISHER 0x00100000UL

/* Failure codes shared by the programs; a program may add its own. */
#define BENCH_EXIT_WRONG 1 /* the result differs from the expected one */
#define BENCH_EXIT_SETUP 2 /* the program could not set itself up */
#define BENCH_EXIT_TRAP 3  /* an unexpected trap */

void bench_putc(char c);
void bench_puts(const char *s);
void bench_puthex(uint64_t v);		/* 0x-prefixed, 16 digits */
void bench_putdec(uint64_t v);
__attribute__((noreturn)) void bench_exit(long code);
__attribute__((noreturn)) void bench_trap(uint64_t cause, uint64_t epc,
					  uint64_t tval);

/* Runs fn(arg) in S-mode on stack_top; returns fn's result (start.S). */
long bench_run_smode(long (*fn)(long), long arg, void *stack_top);

/*
 * Region-of-interest markers: `slti x0, x0, 1` and `slti x0, x0, 2`, HINTs
 * that hmvirt recognises (DESIGN.md, "Simulation markers") and every other
 * RISC-V treats as no-ops. Each one passes a value through itself so that the
 * compiler cannot move the measured computation across it: feed the inputs
 * of the measured work through bench_roi_begin() and its result through
 * bench_roi_end().
 */
static inline uint64_t bench_roi_begin(uint64_t dep)
{
	__asm__ volatile(".insn i 0x13, 2, x0, x0, 1" : "+r"(dep) : : "memory");
	return dep;
}

static inline uint64_t bench_roi_end(uint64_t dep)
{
	__asm__ volatile(".insn i 0x13, 2, x0, x0, 2" : "+r"(dep) : : "memory");
	return dep;
}

#endif
