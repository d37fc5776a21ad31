/*
 * sbi.h - the supervisor side of the RISC-V SBI (spec: binary-encoding.adoc
 * and the ext-*.adoc chapters): extension and function IDs, error codes and
 * the calls this payload makes.
 */
#ifndef SBI_H
#define SBI_H

/* Extension IDs (ASCII names for those defined after v0.1). */
#define SBI_EXT_LEGACY_PUTCHAR 0x01
#define SBI_EXT_LEGACY_SHUTDOWN 0x08
#define SBI_EXT_BASE 0x10
#define SBI_EXT_TIME 0x54494D45	  /* "TIME" */
#define SBI_EXT_IPI 0x735049	  /* "sPI" */
#define SBI_EXT_RFENCE 0x52464E43 /* "RFNC" */
#define SBI_EXT_HSM 0x48534D	  /* "HSM" */
#define SBI_EXT_SRST 0x53525354	  /* "SRST" */
#define SBI_EXT_DBCN 0x4442434E	  /* "DBCN" */

/* Base extension functions. */
#define SBI_BASE_GET_SPEC_VERSION 0
#define SBI_BASE_GET_IMPL_ID 1
#define SBI_BASE_GET_IMPL_VERSION 2
#define SBI_BASE_PROBE_EXTENSION 3
#define SBI_BASE_GET_MVENDORID 4
#define SBI_BASE_GET_MARCHID 5
#define SBI_BASE_GET_MIMPID 6

#define SBI_DBCN_CONSOLE_WRITE 0
#define SBI_SRST_SYSTEM_RESET 0
#define SBI_SRST_TYPE_SHUTDOWN 0
#define SBI_SRST_REASON_NONE 0

#define SBI_SUCCESS 0
#define SBI_ERR_NOT_SUPPORTED (-2)

/* The spec version's fields: bits 30:24 major, 23:0 minor. */
#define SBI_SPEC_MAJOR(v) (((v) >> 24) & 0x7f)
#define SBI_SPEC_MINOR(v) ((v) & 0xffffff)

struct sbiret {
	long error;
	long value;
};

struct sbiret sbi_ecall(long eid, long fid, unsigned long arg0,
			unsigned long arg1, unsigned long arg2);

/* Base extension: returns 0 when absent (or when the probe itself fails). */
long sbi_probe_extension(long eid);

/* Legacy (v0.1) calls: one byte out; power off. */
void sbi_legacy_putchar(char c);
void sbi_legacy_shutdown(void);

/* Name of an implementation ID (ext-base.adoc table), or "unknown". */
const char *sbi_impl_name(long impl_id);

#endif
