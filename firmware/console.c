/*
 * console.c - the firmware's console: the virt board's ns16550a UART at
 * VIRT_UART0_BASE, polled, and a small printf (%s %c %d %u %x %p with the
 * l modifier, field width and zero padding) for boot messages and fatal
 * errors. The SBI console calls (DBCN, legacy putchar/getchar) use it too.
 */
#include <stdarg.h>

#include "console.h"
#include "csr.h"
#include "fw.h"
#include "riscv/virt.h"

/* ns16550a registers (byte offsets) and bits */
#define UART_RBR 0 /* receive buffer (read) */
#define UART_THR 0 /* transmit holding (write) */
#define UART_IER 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_LSR 5
#define UART_LCR_8N1  0x03
#define UART_FCR_FIFO 0x07 /* enable and clear both FIFOs */
#define UART_LSR_DR   0x01 /* a received byte is waiting */
#define UART_LSR_THRE 0x20 /* the transmitter can take a byte */

static inline void uart_w(unsigned reg, uint8_t v)
{
	mmio_write8(VIRT_UART0_BASE + reg, v);
}

static inline uint8_t uart_r(unsigned reg)
{
	return mmio_read8(VIRT_UART0_BASE + reg);
}

/* 8N1, FIFOs on, no UART interrupts (the next stage sets its own). */
void fw_console_init(void)
{
	uart_w(UART_IER, 0);
	uart_w(UART_LCR, UART_LCR_8N1);
	uart_w(UART_FCR, UART_FCR_FIFO);
}

void fw_putc(char c)
{
	while (!(uart_r(UART_LSR) & UART_LSR_THRE))
		;
	uart_w(UART_THR, (uint8_t)c);
}

/* One received byte, or -1 when none is waiting (never blocks). */
int fw_getc(void)
{
	if (!(uart_r(UART_LSR) & UART_LSR_DR))
		return -1;
	return uart_r(UART_RBR);
}

void fw_puts(const char *s)
{
	while (*s)
		fw_putc(*s++);
}

/* v in base 10 or 16, right-aligned in width, padded with pad. */
static void put_num(uint64_t v, unsigned base, bool neg, int width, char pad)
{
	char digits[24];
	int n = 0;

	do {
		digits[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg && pad == '0')
		fw_putc('-');
	if (neg)
		width--;
	for (; width > n; width--)
		fw_putc(pad);
	if (neg && pad != '0')
		fw_putc('-');
	while (n)
		fw_putc(digits[--n]);
}

/* Formats one conversion spec (after '%', flags and width parsed). */
static void put_conv(char conv, bool is_long, int width, char pad, va_list *ap)
{
	int64_t s;
	uint64_t u;

	switch (conv) {
	case 'c':
		fw_putc((char)va_arg(*ap, int));
		break;
	case 's': {
		const char *str = va_arg(*ap, const char *);
		int len = 0;

		if (!str)
			str = "(null)";
		while (str[len])
			len++;
		for (; width > len; width--)
			fw_putc(' ');
		fw_puts(str);
		break;
	}
	case 'd':
		s = is_long ? va_arg(*ap, long) : va_arg(*ap, int);
		put_num(s < 0 ? (uint64_t)0 - (uint64_t)s : (uint64_t)s, 10, s < 0, width, pad);
		break;
	case 'u':
	case 'x':
		u = is_long ? va_arg(*ap, unsigned long) : va_arg(*ap, unsigned);
		put_num(u, conv == 'u' ? 10 : 16, false, width, pad);
		break;
	case 'p':
		fw_puts("0x");
		put_num((uint64_t)(uintptr_t)va_arg(*ap, void *), 16, false, width, pad);
		break;
	case '%':
		fw_putc('%');
		break;
	default: /* unknown: print it as written */
		fw_putc('%');
		fw_putc(conv);
		break;
	}
}

void fw_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		char pad = ' ';
		int width = 0;
		bool is_long = false;

		if (*fmt != '%') {
			fw_putc(*fmt);
			continue;
		}
		if (*++fmt == '0')
			pad = *fmt++;
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l') {
			is_long = true;
			fmt++;
		}
		if (!*fmt)
			break;
		put_conv(*fmt, is_long, width, pad, &ap);
	}
	va_end(ap);
}
