/*
 * sbi.c - SBI calls through ecall (binary-encoding.adoc): EID in a7, FID in
 * a6, arguments in a0..a5, the error back in a0 and the value in a1; the
 * firmware preserves every other register.
 */
#include "sbi.h"

struct sbiret sbi_ecall(long eid, long fid, unsigned long arg0,
			unsigned long arg1, unsigned long arg2)
{
	register unsigned long a0 __asm__("a0") = arg0;
	register unsigned long a1 __asm__("a1") = arg1;
	register unsigned long a2 __asm__("a2") = arg2;
	register unsigned long a6 __asm__("a6") = (unsigned long)fid;
	register unsigned long a7 __asm__("a7") = (unsigned long)eid;

	/* "memory": the firmware may read buffers we pass (DBCN write). */
	__asm__ volatile("ecall"
			 : "+r"(a0), "+r"(a1)
			 : "r"(a2), "r"(a6), "r"(a7)
			 : "memory");
	return (struct sbiret){ .error = (long)a0, .value = (long)a1 };
}

long sbi_probe_extension(long eid)
{
	struct sbiret ret = sbi_ecall(SBI_EXT_BASE, SBI_BASE_PROBE_EXTENSION,
				      (unsigned long)eid, 0, 0);

	return ret.error == SBI_SUCCESS ? ret.value : 0;
}

void sbi_legacy_putchar(char c)
{
	sbi_ecall(SBI_EXT_LEGACY_PUTCHAR, 0, (unsigned char)c, 0, 0);
}

void sbi_legacy_shutdown(void)
{
	sbi_ecall(SBI_EXT_LEGACY_SHUTDOWN, 0, 0, 0, 0);
}

const char *sbi_impl_name(long impl_id)
{
	static const char *const names[] = {
		"Berkeley Boot Loader (BBL)", "OpenSBI", "Xvisor", "KVM",
		"RustSBI", "Diosix", "Coffer", "Xen Project",
		"PolarFire Hart Software Services", "coreboot", "oreboot",
		"bhyve",
	};

	if (impl_id < 0 || impl_id >= (long)(sizeof names / sizeof names[0]))
		return "unknown";
	return names[impl_id];
}
