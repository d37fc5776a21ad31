/*
 * sbi.c - the hypervisor's calls to the firmware (binary-encoding.adoc:
 * EID in a7, FID in a6, arguments in a0..a5, error in a0, value in a1).
 */
#include "hyp.h"

struct sbiret sbi_ecall(unsigned long eid, unsigned long fid, unsigned long a0,
			unsigned long a1, unsigned long a2, unsigned long a3)
{
	register unsigned long r0 __asm__("a0") = a0;
	register unsigned long r1 __asm__("a1") = a1;
	register unsigned long r2 __asm__("a2") = a2;
	register unsigned long r3 __asm__("a3") = a3;
	register unsigned long r6 __asm__("a6") = fid;
	register unsigned long r7 __asm__("a7") = eid;

	/* "memory": the firmware reads and writes buffers we pass (DBCN) */
	__asm__ volatile("ecall"
			 : "+r"(r0), "+r"(r1)
			 : "r"(r2), "r"(r3), "r"(r6), "r"(r7)
			 : "memory");
	return (struct sbiret){ .error = (long)r0, .value = (long)r1 };
}

/* TIME set_timer (ext-time.adoc); also clears the pending STIP. */
void sbi_set_timer(uint64_t stime)
{
	sbi_ecall(SBI_EXT_TIME, 0, stime, 0, 0, 0);
}

/* DBCN console_write of a buffer at a host physical address
 * (ext-debug-console.adoc), falling back to the legacy putchar. */
void sbi_console_write(const char *buf, size_t n)
{
	static int has_dbcn = -1;
	struct sbiret r;

	if (has_dbcn < 0) {
		r = sbi_ecall(SBI_EXT_BASE, 3, SBI_EXT_DBCN, 0, 0, 0);
		has_dbcn = r.error == SBI_SUCCESS && r.value != 0;
	}
	while (n && has_dbcn) {
		r = sbi_ecall(SBI_EXT_DBCN, 0, n, (unsigned long)buf, 0, 0);
		if (r.error != SBI_SUCCESS || r.value <= 0 || (size_t)r.value > n)
			break;
		buf += r.value;
		n -= (size_t)r.value;
	}
	for (; n; n--)
		sbi_ecall(SBI_EXT_LEGACY_PUTCHAR, 0, (unsigned char)*buf++, 0, 0, 0);
}

/* SRST shutdown with this reason (ext-sys-reset.adoc), then the legacy
 * shutdown; never returns. */
_Noreturn void sbi_shutdown(uint32_t reason)
{
	sbi_ecall(SBI_EXT_SRST, 0, SBI_SRST_SHUTDOWN, reason, 0, 0);
	sbi_ecall(SBI_EXT_LEGACY_SHUTDOWN, 0, 0, 0, 0, 0);
	for (;;)
		__asm__ volatile("wfi");
}
