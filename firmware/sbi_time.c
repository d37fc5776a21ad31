/*
 * sbi_time.c - the Timer extension (ext-time.adoc, "TIME") and the M
 * timer interrupt behind it. hmvirt has no Sstc, so S cannot own a
 * comparator: set_timer programs this hart's CLINT mtimecmp, clears a
 * stale mip.STIP and enables MTIE; when the M timer fires, the firmware
 * sets mip.STIP (which S sees as sip.STIP) and masks MTIE until the next
 * set_timer. This is OpenSBI's scheme on harts without Sstc.
 */
#include "csr.h"
#include "riscv/virt.h"
#include "sbi.h"

void fw_timer_set(struct fw_hart *fh, uint64_t stime)
{
	mmio_write64(VIRT_CLINT_BASE + CLINT_MTIMECMP + 8 * fh->hartid, stime);
	csr_clear(CSR_MIP, MIP_STIP);
	csr_set(CSR_MIE, MIP_MTIP);
}

void fw_timer_irq(struct fw_hart *fh)
{
	(void)fh;
	csr_clear(CSR_MIE, MIP_MTIP);
	csr_set(CSR_MIP, MIP_STIP);
}

static struct sbiret_fw time_call(struct fw_hart *fh, struct fw_regs *r, unsigned long eid,
				  unsigned long fid, const unsigned long args[6])
{
	(void)r;
	(void)eid;
	if (fid != SBI_TIME_SET_TIMER)
		return sbi_ret(SBI_ERR_NOT_SUPPORTED, 0);
	fw_timer_set(fh, args[0]);
	return sbi_ret(SBI_SUCCESS, 0);
}

FW_SBI_EXTENSION(sbi_ext_time) = {
	.eid_first = SBI_EXT_TIME,
	.eid_last = SBI_EXT_TIME,
	.name = "time",
	.call = time_call,
};
