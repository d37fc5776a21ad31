/*
 * console.c - buffered console output over SBI calls.
 *
 * Text is collected into a line buffer and flushed at each newline, so that
 * with DBCN a line costs one ecall instead of one per byte. DBCN's
 * console_write takes the buffer's *physical* address: this payload runs
 * with translation off (satp = 0), so the buffer's address is physical.
 */
#include <stdarg.h>
#include <stdint.h>

#include "console.h"
#include "sbi.h"

enum con_path { CON_LEGACY, CON_DBCN };

static enum con_path con_path = CON_LEGACY;
static char con_buf[256];
static unsigned long con_len;

void con_init(int have_dbcn)
{
	con_path = have_dbcn ? CON_DBCN : CON_LEGACY;
}

const char *con_path_name(void)
{
	return con_path == CON_DBCN ? "DBCN console_write"
				    : "legacy console_putchar";
}

/*
 * Writes the whole buffer. console_write may write fewer bytes than asked
 * (debug-console.adoc: it is non-blocking), so it is called until all are
 * out; if it fails, the rest goes out byte by byte through the legacy call
 * and the console stays on that path.
 */
void con_flush(void)
{
	unsigned long done = 0;

	while (done < con_len && con_path == CON_DBCN) {
		uintptr_t pa = (uintptr_t)(con_buf + done);
		struct sbiret ret = sbi_ecall(SBI_EXT_DBCN,
					      SBI_DBCN_CONSOLE_WRITE,
					      con_len - done, pa, 0);

		if (ret.error != SBI_SUCCESS)
			con_path = CON_LEGACY;
		else
			done += (unsigned long)ret.value;
	}
	for (; done < con_len; done++)
		sbi_legacy_putchar(con_buf[done]);
	con_len = 0;
}

static void con_putc(char c)
{
	if (con_len == sizeof con_buf)
		con_flush();
	con_buf[con_len++] = c;
	if (c == '\n')
		con_flush();
}

static void con_puts(const char *s)
{
	while (*s)
		con_putc(*s++);
}

/* One number in base 10 or 16, right-aligned in width, padded with pad. */
static void con_putnum(uint64_t v, unsigned base, int neg, int width, char pad)
{
	char digits[24];
	int n = 0;

	do {
		digits[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg)
		digits[n++] = '-';
	for (; width > n; width--)
		con_putc(pad);
	while (n)
		con_putc(digits[--n]);
}

void con_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		char pad = ' ';
		int width = 0, is_long = 0;
		uint64_t u;
		int64_t s;

		if (*fmt != '%') {
			con_putc(*fmt);
			continue;
		}
		if (*++fmt == '0')
			pad = *fmt++;
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		if (*fmt == 'l')
			is_long = *fmt++;
		switch (*fmt) {
		case 'c':
			con_putc((char)va_arg(ap, int));
			break;
		case 's':
			con_puts(va_arg(ap, const char *));
			break;
		case 'd':
			s = is_long ? va_arg(ap, long) : va_arg(ap, int);
			u = s < 0 ? -(uint64_t)s : (uint64_t)s;
			con_putnum(u, 10, s < 0, width, pad);
			break;
		case 'u':
		case 'x':
			u = is_long ? va_arg(ap, unsigned long)
				    : va_arg(ap, unsigned int);
			con_putnum(u, *fmt == 'u' ? 10 : 16, 0, width, pad);
			break;
		case '%':
			con_putc('%');
			break;
		default: /* unknown conversion: show it as written */
			con_putc('%');
			if (!*fmt)
				goto out;
			con_putc(*fmt);
		}
	}
out:
	va_end(ap);
}
