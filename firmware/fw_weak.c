/*
 * fw_weak.c - weak defaults for the hardware-mode part's entry points, so
 * that the core builds and boots alone (fw.h). The hardware-mode files
 * (hwmode*.S/.c, forward.c) replace them.
 */
#include "csr.h"
#include "fw.h"
#include "riscv/virt.h"

__attribute__((weak)) void hwmode_init(struct fw_hart *fh)
{
	(void)fh;
}

__attribute__((weak)) void hwmode_boot_model(struct fw_hart *fh)
{
	(void)fh;
}

/*
 * Default forwarding: an exception from U/S with V = 0 is redirected to
 * S/HS-mode as if it had been delegated (scause, sepc, stval, sstatus
 * SPP/SPIE/SIE; with H also hstatus.SPV = GVA = 0, htval, htinst).
 * Anything else (a trap from M itself, from V = 1, an interrupt the
 * firmware does not expect) is beyond this default: print it and power
 * off with a failure code.
 */
__attribute__((weak)) void fw_forward(struct fw_hart *fh, struct fw_regs *r, uint64_t cause,
				      uint64_t tval, uint64_t tval2, uint64_t tinst)
{
	unsigned long ms = csr_read(CSR_MSTATUS);
	unsigned long mpp = (ms & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT;
	bool mpv = fh->has_h && (ms & MSTATUS_MPV);
	unsigned long epc = csr_read(CSR_MEPC);

	(void)r;
	if (mpp == PRV_M)
		fw_die("trap in M-mode", cause, epc, tval);
	if ((cause & CAUSE_INTERRUPT) || mpv)
		fw_die("trap the core firmware cannot forward", cause, epc, tval);
	csr_write(CSR_SCAUSE, cause);
	csr_write(CSR_SEPC, epc);
	csr_write(CSR_STVAL, tval);
	if (fh->has_h) {
		csr_clear(CSR_HSTATUS, HSTATUS_SPV | HSTATUS_GVA);
		csr_write(CSR_HTVAL, tval2);
		csr_write(CSR_HTINST, tinst);
	}
	ms &= ~(MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE | MSTATUS_MPP);
	if (mpp == PRV_S)
		ms |= MSTATUS_SPP;
	if (csr_read(CSR_MSTATUS) & MSTATUS_SIE)
		ms |= MSTATUS_SPIE;
	ms |= (unsigned long)PRV_S << MSTATUS_MPP_SHIFT;
	csr_write(CSR_MSTATUS, ms);
	csr_write(CSR_MEPC, csr_read(CSR_STVEC) & ~3ul);
}
