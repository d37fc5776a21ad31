/*
 * sbi.h - the kernel's calls into the SBI firmware (riscv-sbi-doc,
 * binary-encoding.adoc and the ext-*.adoc chapters). In a VM the same
 * calls reach the hypervisor; the kernel cannot tell.
 */
#ifndef KERNEL_SBI_H
#define KERNEL_SBI_H

#include <stdint.h>

#define SBI_EXT_LEGACY_SET_TIMER 0x00
#define SBI_EXT_LEGACY_PUTCHAR 0x01
#define SBI_EXT_LEGACY_SHUTDOWN 0x08
#define SBI_EXT_BASE 0x10
#define SBI_EXT_TIME 0x54494D45 /* "TIME" */
#define SBI_EXT_SRST 0x53525354 /* "SRST" */
#define SBI_EXT_DBCN 0x4442434E /* "DBCN" */

#define SBI_SRST_REASON_NONE 0
#define SBI_SRST_REASON_FAILURE 1
#define SBI_SRST_REASON_STATUS(code) (0xF0000000u | ((code) & 0xffffu))

struct sbiret {
	long error;
	long value;
};

struct sbiret sbi_call(long eid, long fid, uint64_t a0, uint64_t a1, uint64_t a2);
void sbi_probe(void);               /* which extensions exist */
void sbi_set_timer(uint64_t stime);
int sbi_console_write(const char *buf, uint64_t n); /* bytes written, -1: none */
void sbi_shutdown(int status) __attribute__((noreturn));

#endif
