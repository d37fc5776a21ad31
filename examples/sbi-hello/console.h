/*
 * console.h - text output through the SBI: the Debug Console extension when
 * the firmware has it, else the legacy console_putchar.
 */
#ifndef CONSOLE_H
#define CONSOLE_H

/* Picks the output path; call once, after probing for DBCN. */
void con_init(int have_dbcn);

/* "DBCN console_write" or "legacy console_putchar". */
const char *con_path_name(void);

/*
 * printf subset: %c %s %d %u %x with an optional '0' flag, a width and an
 * 'l' modifier (%ld, %lu, %lx), and %%. Output is line-buffered.
 */
void con_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void con_flush(void);

#endif
