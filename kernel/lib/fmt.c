/*
 * fmt.c - the formatter behind kprintf and the test programs' printf.
 * Freestanding: no library calls, no allocation.
 */
#include <stdint.h>
#include "fmt.h"

struct fmt_spec {
	int width;
	int zero;
	int left;
};

/* Emit s (n chars) padded to the spec's width; returns chars written. */
static int fmt_pad(fmt_sink out, void *arg, const char *s, int n, const struct fmt_spec *sp)
{
	int count = 0;
	int pad = sp->width > n ? sp->width - n : 0;

	if (!sp->left)
		for (; pad > 0; pad--, count++)
			out(arg, sp->zero ? '0' : ' ');
	for (int i = 0; i < n; i++, count++)
		out(arg, s[i]);
	for (; pad > 0; pad--, count++)
		out(arg, ' ');
	return count;
}

/* Convert v in base (10 or 16) to text, with a '-' sign when neg. */
static int fmt_num(fmt_sink out, void *arg, uint64_t v, unsigned base, int neg, int upper,
		   const struct fmt_spec *sp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24];
	int i = sizeof buf;

	do {
		buf[--i] = digits[v % base];
		v /= base;
	} while (v);
	if (neg) {
		if (sp->zero && sp->width > 0) {
			/* sign first, then zero padding */
			struct fmt_spec s2 = *sp;
			out(arg, '-');
			s2.width--;
			return 1 + fmt_pad(out, arg, buf + i, (int)sizeof buf - i, &s2);
		}
		buf[--i] = '-';
	}
	return fmt_pad(out, arg, buf + i, (int)sizeof buf - i, sp);
}

/*
 * Format fmt with ap into out. Returns the number of characters written.
 */
int fmt_vformat(fmt_sink out, void *arg, const char *fmt, va_list ap)
{
	int count = 0;

	for (; *fmt; fmt++) {
		struct fmt_spec sp = { 0, 0, 0 };
		int lng = 0;

		if (*fmt != '%') {
			out(arg, *fmt);
			count++;
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '0')
				sp.zero = 1;
			else if (*fmt == '-')
				sp.left = 1;
			else
				break;
		}
		while (*fmt >= '0' && *fmt <= '9')
			sp.width = sp.width * 10 + (*fmt++ - '0');
		while (*fmt == 'l' || *fmt == 'z') {
			lng++;
			fmt++;
		}
		switch (*fmt) {
		case 'd':
		case 'i': {
			int64_t v = lng ? va_arg(ap, int64_t) : va_arg(ap, int);
			count += fmt_num(out, arg, v < 0 ? 0 - (uint64_t)v : (uint64_t)v, 10, v < 0, 0, &sp);
			break;
		}
		case 'u':
		case 'x':
		case 'X': {
			uint64_t v = lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned);
			count += fmt_num(out, arg, v, *fmt == 'u' ? 10 : 16, 0, *fmt == 'X', &sp);
			break;
		}
		case 'p':
			out(arg, '0');
			out(arg, 'x');
			count += 2 + fmt_num(out, arg, (uint64_t)va_arg(ap, void *), 16, 0, 0, &sp);
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			int n = 0;

			if (!s)
				s = "(null)";
			while (s[n])
				n++;
			count += fmt_pad(out, arg, s, n, &sp);
			break;
		}
		case 'c': {
			char c = (char)va_arg(ap, int);
			count += fmt_pad(out, arg, &c, 1, &sp);
			break;
		}
		case '%':
			out(arg, '%');
			count++;
			break;
		case '\0':
			return count;
		default:
			out(arg, '%');
			out(arg, *fmt);
			count += 2;
		}
	}
	return count;
}
