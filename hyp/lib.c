/*
 * lib.c - the little C library the hypervisor needs: memory and string
 * functions (the compiler may call memset/memcpy itself), size parsing for
 * options, and formatted console output through the firmware.
 */
#include <stdarg.h>

#include "hyp.h"

void *memset(void *d, int c, size_t n)
{
	unsigned char *p = d;

	if (((uintptr_t)p & 7) == 0 && c == 0) {
		for (; n >= 8; n -= 8, p += 8)
			*(uint64_t *)(void *)p = 0;
	}
	while (n--)
		*p++ = (unsigned char)c;
	return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;

	if ((((uintptr_t)dp | (uintptr_t)sp) & 7) == 0) {
		for (; n >= 8; n -= 8, dp += 8, sp += 8)
			*(uint64_t *)(void *)dp = *(const uint64_t *)(const void *)sp;
	}
	while (n--)
		*dp++ = *sp++;
	return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			return 0;
	}
	return 0;
}

int strcmp(const char *a, const char *b)
{
	return strncmp(a, b, (size_t)-1);
}

/* "512M", "1G", "65536K", "123" (bytes): the value, *end after it. */
uint64_t parse_size(const char *s, const char **end)
{
	uint64_t v = 0;

	while (*s >= '0' && *s <= '9')
		v = v * 10 + (uint64_t)(*s++ - '0');
	switch (*s) {
	case 'k': case 'K': v <<= 10; s++; break;
	case 'm': case 'M': v <<= 20; s++; break;
	case 'g': case 'G': v <<= 30; s++; break;
	default: break;
	}
	*end = s;
	return v;
}

/* ---- formatted output: %s %c %d %u %x %p with l/ll, width and '0' ---------- */
struct outbuf {
	char buf[256];
	size_t n;
};

static void out_flush(struct outbuf *o)
{
	sbi_console_write(o->buf, o->n);
	o->n = 0;
}

static void out_c(struct outbuf *o, char c)
{
	if (o->n == sizeof o->buf)
		out_flush(o);
	o->buf[o->n++] = c;
}

static void out_num(struct outbuf *o, uint64_t v, unsigned base, int width, char pad)
{
	char tmp[24];
	int i = 0;

	do {
		tmp[i++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (width-- > i)
		out_c(o, pad);
	while (i)
		out_c(o, tmp[--i]);
}

static void out_vfmt(struct outbuf *o, const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		int lng = 0, width = 0;
		char pad = ' ';
		uint64_t u;
		int64_t d;
		const char *s;

		if (*fmt != '%') {
			out_c(o, *fmt);
			continue;
		}
		fmt++;
		if (*fmt == '0')
			pad = '0';
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l')
			lng++, fmt++;
		switch (*fmt) {
		case 'd':
			d = lng ? va_arg(ap, long) : va_arg(ap, int);
			if (d < 0) {
				out_c(o, '-');
				d = -d;
			}
			out_num(o, (uint64_t)d, 10, width, pad);
			break;
		case 'u':
		case 'x':
			u = lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned);
			out_num(o, u, *fmt == 'u' ? 10 : 16, width, pad);
			break;
		case 'p':
			out_num(o, (uint64_t)(uintptr_t)va_arg(ap, void *), 16, width, pad);
			break;
		case 's':
			for (s = va_arg(ap, const char *); s && *s; s++)
				out_c(o, *s);
			break;
		case 'c':
			out_c(o, (char)va_arg(ap, int));
			break;
		case '%':
			out_c(o, '%');
			break;
		default:
			out_c(o, '?');
			if (!*fmt)
				return;
		}
	}
}

void hyp_printf(const char *fmt, ...)
{
	struct outbuf o;
	va_list ap;

	o.n = 0;
	va_start(ap, fmt);
	out_vfmt(&o, fmt, ap);
	va_end(ap);
	out_flush(&o);
}

/* A message, then stop the machine with HYP_FAIL_STATUS: for what the
 * hypervisor cannot go on from (bad input, a guest it cannot serve). */
_Noreturn void hyp_fail(const char *fmt, ...)
{
	struct outbuf o;
	const char *s;
	va_list ap;

	o.n = 0;
	for (s = "hyp: FATAL: "; *s; s++)
		out_c(&o, *s);
	va_start(ap, fmt);
	out_vfmt(&o, fmt, ap);
	va_end(ap);
	out_c(&o, '\n');
	out_flush(&o);
	hyp_print_stats();
	sbi_shutdown(0xF0000000u | HYP_FAIL_STATUS);
}
