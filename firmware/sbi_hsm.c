/*
 * sbi_hsm.c - the Hart State Management extension (ext-hsm.adoc, "HSM"):
 * hart_start, hart_stop, hart_get_status, hart_suspend. A stopped hart
 * waits in M-mode (fw_hsm_park) for hart_start to publish its entry point
 * and raise its msip; a suspended hart waits in wfi for an S-level
 * interrupt. With one hart, start always finds it started and stop parks
 * it for good; the structure is the one more harts need.
 */
#include "csr.h"
#include "riscv/virt.h"
#include "sbi.h"

/* S-level interrupts that end a suspend (with H also the VS ones) */
#define FW_WAKE_IRQS (MIP_SSIP | MIP_STIP | MIP_SEIP | MIP_VSSIP | MIP_VSTIP | MIP_VSEIP | MIP_SGEIP)

/* An address S may start or resume at: outside the firmware, aligned. */
static bool hsm_addr_ok(unsigned long addr)
{
	return (addr & 1) == 0 && sbi_buffer_ok(addr, 2);
}

void fw_hsm_park(struct fw_hart *fh)
{
	fh->hsm_state = SBI_HSM_STOPPED;
	for (;;) {
		fw_wfi();
		if (csr_read(CSR_MIP) & MIP_MSIP)
			fw_ipi_irq(fh);
		if (__atomic_load_n(&fh->hsm_go, __ATOMIC_ACQUIRE))
			break;
	}
	fh->hsm_go = 0;
	csr_clear(CSR_MIP, MIP_SSIP | MIP_STIP);
	fh->hsm_state = SBI_HSM_STARTED;
	fw_enter_next(fh, fh->hsm_addr, fh->hartid, fh->hsm_opaque);
}

/*
 * Waits until an S-level interrupt is pending and enabled (WFI wakes for
 * those whatever mstatus.MIE and sstatus.SIE say), doing the M timer's
 * and IPIs' work on the way since M interrupts are not taken in M-mode.
 */
static void hsm_wait_for_s_interrupt(struct fw_hart *fh)
{
	for (;;) {
		unsigned long mip = csr_read(CSR_MIP), mie = csr_read(CSR_MIE);

		if (mip & mie & MIP_MTIP)
			fw_timer_irq(fh);
		if (mip & MIP_MSIP)
			fw_ipi_irq(fh);
		if (csr_read(CSR_MIP) & csr_read(CSR_MIE) & FW_WAKE_IRQS)
			return;
		fw_wfi();
	}
}

static struct sbiret_fw hsm_start(unsigned long hartid, unsigned long addr,
				  unsigned long opaque)
{
	struct fw_hart *t = fw_hart_by_id(hartid);
	int stopped = SBI_HSM_STOPPED;

	if (!t || !t->present)
		return sbi_ret(SBI_ERR_INVALID_PARAM, 0);
	if (!hsm_addr_ok(addr))
		return sbi_ret(SBI_ERR_INVALID_ADDRESS, 0);
	if (!__atomic_compare_exchange_n(&t->hsm_state, &stopped, SBI_HSM_START_PENDING, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return sbi_ret(SBI_ERR_ALREADY_AVAILABLE, 0);
	t->hsm_addr = addr;
	t->hsm_opaque = opaque;
	__atomic_store_n(&t->hsm_go, 1, __ATOMIC_RELEASE);
	mmio_write32(VIRT_CLINT_BASE + CLINT_MSIP + 4 * t->hartid, 1);
	return sbi_ret(SBI_SUCCESS, 0);
}

/*
 * Suspend types (ext-hsm.adoc, "HSM Hart Suspend Types"): the default
 * retentive one returns like a WFI; the default non-retentive one
 * resumes at resume_addr as if started (a0 = hart id, a1 = opaque).
 * Reserved and platform-specific types: INVALID_PARAM.
 */
static struct sbiret_fw hsm_suspend(struct fw_hart *fh, unsigned long type,
				    unsigned long addr, unsigned long opaque)
{
	type &= 0xffffffffu;
	if (type != SBI_HSM_SUSPEND_RET_DEFAULT && type != SBI_HSM_SUSPEND_NONRET_DEFAULT)
		return sbi_ret(SBI_ERR_INVALID_PARAM, 0);
	if (type == SBI_HSM_SUSPEND_NONRET_DEFAULT && !hsm_addr_ok(addr))
		return sbi_ret(SBI_ERR_INVALID_ADDRESS, 0);
	fh->hsm_state = SBI_HSM_SUSPENDED;
	hsm_wait_for_s_interrupt(fh);
	fh->hsm_state = SBI_HSM_STARTED;
	if (type == SBI_HSM_SUSPEND_NONRET_DEFAULT)
		fw_enter_next(fh, addr, fh->hartid, opaque);
	return sbi_ret(SBI_SUCCESS, 0);
}

static struct sbiret_fw hsm_call(struct fw_hart *fh, struct fw_regs *r, unsigned long eid,
				 unsigned long fid, const unsigned long args[6])
{
	struct fw_hart *t;

	(void)r;
	(void)eid;
	switch (fid) {
	case SBI_HSM_HART_START:
		return hsm_start(args[0], args[1], args[2]);
	case SBI_HSM_HART_STOP:
		fw_hsm_park(fh); /* never returns */
	case SBI_HSM_HART_GET_STATUS:
		t = fw_hart_by_id(args[0]);
		if (!t || !t->present)
			return sbi_ret(SBI_ERR_INVALID_PARAM, 0);
		return sbi_ret(SBI_SUCCESS, t->hsm_state);
	case SBI_HSM_HART_SUSPEND:
		return hsm_suspend(fh, args[0], args[1], args[2]);
	default:
		return sbi_ret(SBI_ERR_NOT_SUPPORTED, 0);
	}
}

FW_SBI_EXTENSION(sbi_ext_hsm) = {
	.eid_first = SBI_EXT_HSM,
	.eid_last = SBI_EXT_HSM,
	.name = "hsm",
	.call = hsm_call,
};
