/*
 * fmt.h - printf-style formatting into a character sink, shared by the
 * kernel's kprintf.
 * Conversions: %d %i %u %x %X %p %s %c %%, flags '0' '-', a width, and the
 * length modifiers l, ll, z.
 */
#ifndef KERNEL_LIB_FMT_H
#define KERNEL_LIB_FMT_H

#include <stdarg.h>

typedef void (*fmt_sink)(void *arg, char c);
int fmt_vformat(fmt_sink out, void *arg, const char *fmt, va_list ap);

#endif
