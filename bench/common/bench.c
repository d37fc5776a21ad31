/*
 * bench.c - console, exit and fatal-trap reporting for the benchmarks.
 */
#include "bench.h"

#define UART_THR 0 /* transmit holding register */
#define UART_LSR 5 /* line status register */
#define UART_LSR_THRE 0x20 /* THR empty: room for one byte */

#define FINISHER_PASS 0x5555
#define FINISHER_FAIL 0x3333

static inline volatile uint8_t *uart_reg(unsigned off)
{
	return (volatile uint8_t *)(BENCH_UART_BASE + off);
}

void bench_putc(char c)
{
	if (c == '\n')
		bench_putc('\r');
	while (!(*uart_reg(UART_LSR) & UART_LSR_THRE))
		;
	*uart_reg(UART_THR) = (uint8_t)c;
}

void bench_puts(const char *s)
{
	while (*s)
		bench_putc(*s++);
}

void bench_puthex(uint64_t v)
{
	bench_puts("0x");
	for (int shift = 60; shift >= 0; shift -= 4)
		bench_putc("0123456789abcdef"[(v >> shift) & 0xf]);
}

void bench_putdec(uint64_t v)
{
	char buf[21];
	int n = 0;

	do {
		buf[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		bench_putc(buf[--n]);
}

/*
 * Ends the run through the SiFive test finisher: 0x5555 is a pass, and
 * (code << 16) | 0x3333 a failure that QEMU turns into exit status `code`.
 * Codes outside 1..0xffff are reported as 0xffff.
 */
void bench_exit(long code)
{
	volatile uint32_t *finisher = (volatile uint32_t *)BENCH_FINISHER;

	if (code == 0) {
		*finisher = FINISHER_PASS;
	} else {
		if (code < 0 || code > 0xffff)
			code = 0xffff;
		*finisher = ((uint32_t)code << 16) | FINISHER_FAIL;
	}
	for (;;)
		__asm__ volatile("wfi");
}

/* Called by the trap vector for any trap the benchmark did not expect. */
void bench_trap(uint64_t cause, uint64_t epc, uint64_t tval)
{
	bench_puts("\nbench: unexpected trap mcause=");
	bench_puthex(cause);
	bench_puts(" mepc=");
	bench_puthex(epc);
	bench_puts(" mtval=");
	bench_puthex(tval);
	bench_putc('\n');
	bench_exit(BENCH_EXIT_TRAP);
}
