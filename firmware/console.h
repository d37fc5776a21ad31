/*
 * console.h - the console beyond fw.h's contract (fw_putc, fw_puts,
 * fw_printf): initialisation and polled input, for boot and the SBI
 * console extensions.
 */
#ifndef HMFW_CONSOLE_H
#define HMFW_CONSOLE_H

void fw_console_init(void);
/* one received byte, or -1 if none is waiting */
int fw_getc(void);

#endif
