/*
 * sbi_ipi.c - the IPI extension (ext-ipi.adoc, "sPI") and the firmware's
 * own inter-hart requests. A request to another hart sets a bit in its
 * ipi_pending and raises its CLINT msip; the target's M software
 * interrupt (fw_ipi_irq) takes the bits and acts on them. A request to
 * the calling hart is carried out at once.
 */
#include "csr.h"
#include "riscv/virt.h"
#include "sbi.h"

static void fw_ipi_do(struct fw_hart *fh, unsigned kind)
{
	if (kind & FW_IPI_SSIP)
		csr_set(CSR_MIP, MIP_SSIP);
	if (kind & FW_IPI_RFENCE) {
		fw_rfence_local(fh, &fh->rfence);
		__atomic_store_n(&fh->rfence_busy, 0, __ATOMIC_RELEASE);
	}
}

void fw_ipi_send(struct fw_hart *self, struct fw_hart *target, unsigned kind)
{
	if (target == self) {
		fw_ipi_do(self, kind);
		return;
	}
	__atomic_fetch_or(&target->ipi_pending, kind, __ATOMIC_SEQ_CST);
	mmio_write32(VIRT_CLINT_BASE + CLINT_MSIP + 4 * target->hartid, 1);
}

void fw_ipi_irq(struct fw_hart *fh)
{
	mmio_write32(VIRT_CLINT_BASE + CLINT_MSIP + 4 * fh->hartid, 0);
	fw_ipi_do(fh, __atomic_exchange_n(&fh->ipi_pending, 0, __ATOMIC_ACQUIRE));
}

/* send_ipi delivers to started (or suspended) harts only */
static void ipi_one(struct fw_hart *self, struct fw_hart *t, void *ctx)
{
	(void)ctx;
	if (t->hsm_state == SBI_HSM_STARTED || t->hsm_state == SBI_HSM_SUSPENDED)
		fw_ipi_send(self, t, FW_IPI_SSIP);
}

static struct sbiret_fw ipi_call(struct fw_hart *fh, struct fw_regs *r, unsigned long eid,
				 unsigned long fid, const unsigned long args[6])
{
	(void)r;
	(void)eid;
	if (fid != SBI_IPI_SEND_IPI)
		return sbi_ret(SBI_ERR_NOT_SUPPORTED, 0);
	return sbi_ret(sbi_for_each_hart(fh, args[0], args[1], ipi_one, NULL), 0);
}

FW_SBI_EXTENSION(sbi_ext_ipi) = {
	.eid_first = SBI_EXT_IPI,
	.eid_last = SBI_EXT_IPI,
	.name = "ipi",
	.call = ipi_call,
};
