/*
 * sbi_legacy.c - the legacy (v0.1) calls (ext-legacy.adoc, EIDs 0x00 to
 * 0x0F; the FID is ignored and the answer is a0 alone, which sbi.c takes
 * from sbiret.error): set_timer, console_putchar, console_getchar (-1 when
 * nothing waits), clear_ipi and shutdown. send_ipi and the remote fences
 * (0x04-0x07), which take a pointer to a hart mask in S's virtual memory,
 * are not implemented: SBI_ERR_NOT_SUPPORTED, and probe says 0.
 */
#include "console.h"
#include "csr.h"
#include "riscv/virt.h"
#include "sbi.h"

static struct sbiret_fw legacy_call(struct fw_hart *fh, struct fw_regs *r, unsigned long eid,
				    unsigned long fid, const unsigned long args[6])
{
	(void)r;
	(void)fid;
	switch (eid) {
	case SBI_LEGACY_SET_TIMER:
		fw_timer_set(fh, args[0]);
		return sbi_ret(SBI_SUCCESS, 0);
	case SBI_LEGACY_CONSOLE_PUTCHAR:
		fw_putc((char)(args[0] & 0xff));
		return sbi_ret(SBI_SUCCESS, 0);
	case SBI_LEGACY_CONSOLE_GETCHAR:
		return sbi_ret(fw_getc(), 0);
	case SBI_LEGACY_CLEAR_IPI:
		csr_clear(CSR_MIP, MIP_SSIP);
		return sbi_ret(SBI_SUCCESS, 0);
	case SBI_LEGACY_SHUTDOWN:
		fw_finish(FINISHER_PASS);
	default:
		return sbi_ret(SBI_ERR_NOT_SUPPORTED, 0);
	}
}

static long legacy_probe(struct fw_hart *fh, unsigned long eid)
{
	(void)fh;
	return eid == SBI_LEGACY_SET_TIMER || eid == SBI_LEGACY_CONSOLE_PUTCHAR ||
	       eid == SBI_LEGACY_CONSOLE_GETCHAR || eid == SBI_LEGACY_CLEAR_IPI ||
	       eid == SBI_LEGACY_SHUTDOWN;
}

FW_SBI_EXTENSION(sbi_ext_legacy) = {
	.eid_first = SBI_EXT_LEGACY_FIRST,
	.eid_last = SBI_EXT_LEGACY_LAST,
	.name = "legacy",
	.call = legacy_call,
	.probe = legacy_probe,
};
