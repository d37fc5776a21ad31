/*
 * sbi-hello - an S-mode payload that reports what its SBI firmware offers.
 *
 * Entered at 0x8020_0000 (OpenSBI fw_jump's next stage) with a0 = hart id
 * and a1 = the device tree's physical address. It asks the Base extension
 * for the spec version, the implementation and the extensions it has,
 * prints them through the debug console (DBCN) or the legacy putchar,
 * reads the device tree header, and powers the machine off through SRST.
 */
#include <stdint.h>

#include "console.h"
#include "sbi.h"

#define FDT_MAGIC 0xd00dfeedU

static const struct {
	const char *name;
	long eid;
} probed_exts[] = {
	{ "TIME", SBI_EXT_TIME }, { "IPI", SBI_EXT_IPI },
	{ "RFENCE", SBI_EXT_RFENCE }, { "HSM", SBI_EXT_HSM },
	{ "SRST", SBI_EXT_SRST }, { "DBCN", SBI_EXT_DBCN },
};

void main(unsigned long hartid, unsigned long dtb);
void sbi_hello_fatal_trap(unsigned long cause, unsigned long epc,
			  unsigned long tval);

/*
 * Powers off: SRST's system_reset when present, then the legacy shutdown;
 * if both return, there is nothing left to do but wait.
 */
static void __attribute__((noreturn)) power_off(int have_srst)
{
	if (have_srst) {
		con_printf("sbi-hello: powering off through SRST\n");
		sbi_ecall(SBI_EXT_SRST, SBI_SRST_SYSTEM_RESET,
			  SBI_SRST_TYPE_SHUTDOWN, SBI_SRST_REASON_NONE, 0);
		con_printf("sbi-hello: SRST system_reset returned\n");
	}
	con_printf("sbi-hello: trying the legacy shutdown\n");
	sbi_legacy_shutdown();
	con_printf("sbi-hello: cannot power off; halting\n");
	for (;;)
		__asm__ volatile("wfi");
}

/* A Base extension query that takes no argument: its value, or -1. */
static long base_query(long fid)
{
	struct sbiret ret = sbi_ecall(SBI_EXT_BASE, fid, 0, 0, 0);

	return ret.error == SBI_SUCCESS ? ret.value : -1;
}

static void report_base(unsigned long spec)
{
	long impl_id = base_query(SBI_BASE_GET_IMPL_ID);
	long impl_ver = base_query(SBI_BASE_GET_IMPL_VERSION);

	con_printf("  SBI specification   v%lu.%lu\n", SBI_SPEC_MAJOR(spec),
		   SBI_SPEC_MINOR(spec));
	con_printf("  implementation      %s (id %ld), version 0x%lx",
		   sbi_impl_name(impl_id), impl_id, impl_ver);
	/* OpenSBI encodes its version as major << 16 | minor. */
	if (impl_id == 1)
		con_printf(" (%ld.%ld)", impl_ver >> 16, impl_ver & 0xffff);
	con_printf("\n  machine             mvendorid 0x%lx marchid 0x%lx "
		   "mimpid 0x%lx\n",
		   base_query(SBI_BASE_GET_MVENDORID),
		   base_query(SBI_BASE_GET_MARCHID),
		   base_query(SBI_BASE_GET_MIMPID));
}

/* Prints whether each extension of probed_exts is present. */
static void report_extensions(void)
{
	unsigned n = sizeof probed_exts / sizeof probed_exts[0];

	con_printf("  extensions         ");
	for (unsigned i = 0; i < n; i++)
		con_printf(" %s:%s", probed_exts[i].name,
			   sbi_probe_extension(probed_exts[i].eid) ? "yes"
								   : "no");
	con_printf("\n");
}

/* A big-endian 32-bit field of the FDT header. */
static uint32_t fdt_be32(unsigned long addr)
{
	const volatile uint8_t *p = (const volatile uint8_t *)addr;

	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* The FDT header's magic and total size (devicetree spec, 5.2 "Header"). */
static void report_fdt(unsigned long dtb)
{
	uint32_t magic, size;

	if (dtb == 0 || (dtb & 3)) {
		con_printf("  device tree         bad address 0x%lx\n", dtb);
		return;
	}
	magic = fdt_be32(dtb);
	size = fdt_be32(dtb + 4);
	con_printf("  device tree         at 0x%lx, magic 0x%08x (%s), "
		   "total size %u bytes\n",
		   dtb, magic, magic == FDT_MAGIC ? "ok" : "BAD", size);
}

void main(unsigned long hartid, unsigned long dtb)
{
	struct sbiret spec = sbi_ecall(SBI_EXT_BASE, SBI_BASE_GET_SPEC_VERSION,
				       0, 0, 0);
	int v01 = spec.error != SBI_SUCCESS; /* only the legacy calls exist */

	con_init(!v01 && sbi_probe_extension(SBI_EXT_DBCN));
	con_printf("sbi-hello: S-mode payload, hart %lu, console via %s\n",
		   hartid, con_path_name());
	if (v01) {
		con_printf("  SBI specification   v0.1 (no Base extension)\n");
	} else {
		report_base((unsigned long)spec.value);
		report_extensions();
	}
	con_printf("  hart id             %lu\n", hartid);
	report_fdt(dtb);
	power_off(!v01 && sbi_probe_extension(SBI_EXT_SRST));
}

/* Called from the trap vector (start.S): no trap is expected here. */
void sbi_hello_fatal_trap(unsigned long cause, unsigned long epc,
			  unsigned long tval)
{
	con_printf("\nsbi-hello: unexpected trap scause 0x%lx sepc 0x%lx "
		   "stval 0x%lx\n", cause, epc, tval);
	power_off(sbi_probe_extension(SBI_EXT_SRST) != 0);
}
