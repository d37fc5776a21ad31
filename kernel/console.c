/*
 * console.c - kernel output: kprintf and panic, through the SBI console
 * (DBCN, or the legacy putchar). Output is collected per call into a
 * line buffer so that one kprintf is one SBI call in the common case.
 */
#include "kernel.h"
#include "lib/fmt.h"
#include "riscv.h"
#include "sbi.h"

static char cons_buf[256];
static size_t cons_len;

void console_init(void)
{
	sbi_probe();
}

static void cons_flush(void)
{
	if (cons_len)
		sbi_console_write(cons_buf, cons_len);
	cons_len = 0;
}

static void cons_putc(void *arg, char c)
{
	(void)arg;
	cons_buf[cons_len++] = c;
	if (cons_len == sizeof cons_buf || c == '\n')
		cons_flush();
}

/* Write n bytes of s to the console (write(2) on fd 1 and 2 lands here). */
void console_write(const char *s, size_t n)
{
	cons_flush();
	sbi_console_write(s, n);
}

int kprintf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vformat(cons_putc, NULL, fmt, ap);
	va_end(ap);
	cons_flush();
	return n;
}

/* A broken kernel invariant: say which, then power off with status 255. */
void panic(const char *fmt, ...)
{
	va_list ap;

	intr_off();
	cons_flush();
	kprintf("kernel panic: ");
	va_start(ap, fmt);
	fmt_vformat(cons_putc, NULL, fmt, ap);
	va_end(ap);
	cons_putc(NULL, '\n');
	sbi_shutdown(255);
}
