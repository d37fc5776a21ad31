/*
 * printf.c - formatted output into a buffer (vsnprintf) and its wrappers.
 * The conversions, flags and modifiers are listed in libc.h; they follow
 * C11 7.21.6.1 for what they cover (precision of integers is a minimum
 * digit count, and "%.0d" of 0 prints no digits; '0' is ignored with '-'
 * or a precision; '#' prefixes 0x/0X to non-zero hex and 0 to octal).
 * printf and dprintf format into a stack buffer and issue one write per
 * call, so there is no buffer to flush (or to duplicate across fork), and
 * output from several processes interleaves only at call boundaries.
 */
#include "libc.h"

struct out {
	char *buf;
	size_t size, len;       /* len counts every byte, stored or not */
};

/* One conversion's flags, width and precision (-1: none given). */
struct spec {
	int left, zero, plus, space, alt;
	int width, prec;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_n(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

static void put_s(struct out *o, const char *s, size_t n)
{
	while (n--)
		put(o, *s++);
}

/* s (n bytes) in a field of sp->width, space-padded on the side '-' says. */
static void put_field(struct out *o, const struct spec *sp, const char *s, size_t n)
{
	int fill = sp->width > (int)n ? sp->width - (int)n : 0;

	if (!sp->left)
		put_n(o, ' ', fill);
	put_s(o, s, n);
	if (sp->left)
		put_n(o, ' ', fill);
}

/* Digits of v in base, most significant first, into buf (at least 22). */
static size_t utoa(char *buf, unsigned long long v, unsigned base, int upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	size_t n = 0, i;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	return n;
}

/*
 * An integer conversion: prefix (sign or 0x), then zeros up to the
 * precision (or, with '0', up to the width), then the digits, the whole
 * padded with spaces to the width.
 */
static void put_int(struct out *o, const struct spec *sp, const char *prefix,
		    unsigned long long u, unsigned base, int upper)
{
	char digits[24];
	size_t n = utoa(digits, u, base, upper), plen = strlen(prefix);
	int zeros = 0, body, fill;

	if (sp->prec == 0 && u == 0)
		n = 0;
	if (sp->prec > (int)n)
		zeros = sp->prec - (int)n;
	if (sp->alt && base == 8 && zeros == 0 && (n == 0 || digits[0] != '0'))
		zeros = 1;      /* '#o': the first digit is a 0 */
	body = (int)(plen + n) + zeros;
	fill = sp->width > body ? sp->width - body : 0;
	if (sp->zero && !sp->left && sp->prec < 0) {
		zeros += fill;
		fill = 0;
	}
	if (!sp->left)
		put_n(o, ' ', fill);
	put_s(o, prefix, plen);
	put_n(o, '0', zeros);
	put_s(o, digits, n);
	if (sp->left)
		put_n(o, ' ', fill);
}

/* Parses flags, width and precision after a '%'; returns the next char. */
static const char *parse_spec(const char *fmt, struct spec *sp, va_list *ap)
{
	*sp = (struct spec){ .prec = -1 };
	for (;; fmt++) {
		if (*fmt == '-')
			sp->left = 1;
		else if (*fmt == '0')
			sp->zero = 1;
		else if (*fmt == '+')
			sp->plus = 1;
		else if (*fmt == ' ')
			sp->space = 1;
		else if (*fmt == '#')
			sp->alt = 1;
		else
			break;
	}
	if (*fmt == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {            /* a negative width is '-' */
			sp->left = 1;
			sp->width = -sp->width;
		}
		fmt++;
	}
	for (; *fmt >= '0' && *fmt <= '9'; fmt++)
		sp->width = sp->width * 10 + (*fmt - '0');
	if (*fmt == '.') {
		sp->prec = 0;
		if (*++fmt == '*') {
			sp->prec = va_arg(*ap, int);
			if (sp->prec < 0)
				sp->prec = -1;  /* as if none were given */
			fmt++;
		}
		for (; *fmt >= '0' && *fmt <= '9'; fmt++)
			sp->prec = sp->prec * 10 + (*fmt - '0');
	}
	return fmt;
}

/* Length modifiers: 'H' for hh, 'h', 'l' for every 64-bit one, or 0. */
static const char *parse_length(const char *fmt, char *len)
{
	*len = 0;
	if (fmt[0] == 'h' && fmt[1] == 'h') {
		*len = 'H';
		return fmt + 2;
	}
	if (*fmt == 'h') {
		*len = 'h';
		return fmt + 1;
	}
	while (*fmt == 'l' || *fmt == 'z' || *fmt == 't' || *fmt == 'j') {
		*len = 'l';     /* long, long long, size_t, ptrdiff_t, intmax_t */
		fmt++;
	}
	return fmt;
}

static long long signed_arg(va_list *ap, char len)
{
	if (len == 'l')
		return va_arg(*ap, long long);
	int v = va_arg(*ap, int);

	return len == 'H' ? (signed char)v : len == 'h' ? (short)v : v;
}

static unsigned long long unsigned_arg(va_list *ap, char len)
{
	if (len == 'l')
		return va_arg(*ap, unsigned long long);
	unsigned v = va_arg(*ap, unsigned);

	return len == 'H' ? (unsigned char)v : len == 'h' ? (unsigned short)v : v;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };
	va_list args;

	va_copy(args, ap);
	for (; *fmt; fmt++) {
		struct spec sp;
		char len, c;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		fmt = parse_length(parse_spec(fmt + 1, &sp, &args), &len);
		switch (c = *fmt) {
		case 'd':
		case 'i': {
			long long v = signed_arg(&args, len);
			unsigned long long u = v < 0 ? -(unsigned long long)v : (unsigned long long)v;

			put_int(&o, &sp, v < 0 ? "-" : sp.plus ? "+" : sp.space ? " " : "", u, 10, 0);
			break;
		}
		case 'u':
		case 'o':
		case 'x':
		case 'X': {
			unsigned long long u = unsigned_arg(&args, len);
			unsigned base = c == 'u' ? 10 : c == 'o' ? 8 : 16;
			const char *prefix = "";

			if (sp.alt && u && base == 16)
				prefix = c == 'X' ? "0X" : "0x";
			put_int(&o, &sp, prefix, u, base, c == 'X');
			break;
		}
		case 'p':
			sp.alt = 0;
			put_int(&o, &sp, "0x", (uintptr_t)va_arg(args, void *), 16, 0);
			break;
		case 'c': {
			char ch = (char)va_arg(args, int);

			put_field(&o, &sp, &ch, 1);
			break;
		}
		case 's': {
			const char *s = va_arg(args, const char *);

			if (!s)
				s = "(null)";
			put_field(&o, &sp, s, sp.prec < 0 ? strlen(s) : strnlen(s, (size_t)sp.prec));
			break;
		}
		case '%':
			put(&o, '%');
			break;
		case '\0':             /* a lone '%' at the end: print it */
			put(&o, '%');
			fmt--;
			break;
		default:                /* unknown: print it as written */
			put(&o, '%');
			put(&o, c);
		}
	}
	va_end(args);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len > 0x7fffffff ? 0x7fffffff : (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* Writes all n bytes unless write fails. */
static int write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);

		if (w <= 0)
			return -1;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

int vdprintf(int fd, const char *fmt, va_list ap)
{
	char buf[PRINTF_MAX];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	size_t len = (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1;

	return write_all(fd, buf, len) ? -1 : n;
}

int dprintf(int fd, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vdprintf(fd, fmt, ap);
	va_end(ap);
	return n;
}

int vprintf(const char *fmt, va_list ap)
{
	return vdprintf(STDOUT_FILENO, fmt, ap);
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vdprintf(STDOUT_FILENO, fmt, ap);
	va_end(ap);
	return n;
}

/* The string and a newline, in one write. */
int puts(const char *s)
{
	return printf("%s\n", s) < 0 ? -1 : 0;
}
