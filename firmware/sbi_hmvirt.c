/*
 * sbi_hmvirt.c - hmfw's own SBI extension (EID HMFW_SBI_EXT, in the
 * firmware-specific range 0x0A000000-0x0AFFFFFF): model selection, the
 * registration of the memory shared with the hypervisor, and trap
 * interception (which exceptions M takes and forwards). The interface
 * (FIDs, structure layouts) is include/hmvirt/hmfw_sbi.h.
 */
#include "csr.h"
#include "fw.h"
#include "hmvirt/hmfw_sbi.h"
#include "hwmode.h"
#include "sbi.h"

/* A shared structure: 8-byte aligned, in RAM S may use, with our version
 * and size in its first two words. */
static long check_shared(const struct fw_hart *fh, uint64_t pa, uint32_t size)
{
	const volatile uint32_t *hdr = (const volatile uint32_t *)(uintptr_t)pa;

	if ((pa & 7) || pa < fh->hw->pt_lo || pa + size > fh->hw->pt_hi || pa + size < pa)
		return SBI_ERR_INVALID_ADDRESS;
	if (hdr[0] != HMFW_SBI_VERSION || hdr[1] != size)
		return SBI_ERR_INVALID_PARAM;
	return SBI_SUCCESS;
}

/* The exceptions this hart's firmware may intercept (hmfw_sbi.h). */
static uint64_t intercept_allowed(const struct fw_hart *fh)
{
	return fh->has_h ? HMFW_INTERCEPT_ALLOWED : HMFW_INTERCEPT_ALLOWED_NOH;
}

/*
 * HMFW_FID_SET_INTERCEPT: keep the allowed causes named in exc in M
 * (fw_trap -> fw_forward -> hwmode_redirect forwards them exactly) and
 * delegate the other allowed ones; medeleg's other bits are kept. The
 * new medeleg is read back: a bit the hart does not let M delegate undoes
 * the call. Interrupts are never intercepted (hmfw_sbi.h says why).
 */
static struct sbiret_fw set_intercept(const struct fw_hart *fh, uint64_t exc, uint64_t irq)
{
	uint64_t allowed = intercept_allowed(fh);
	uint64_t old = csr_read(CSR_MEDELEG), want;

	if (irq || (exc & ~allowed))
		return sbi_ret(SBI_ERR_INVALID_PARAM, 0);
	want = (old & ~allowed) | (allowed & ~exc);
	csr_write(CSR_MEDELEG, want);
	if (csr_read(CSR_MEDELEG) != want) {
		csr_write(CSR_MEDELEG, old);
		return sbi_ret(SBI_ERR_NOT_SUPPORTED, 0);
	}
	return sbi_ret(SBI_SUCCESS, (long)(allowed & ~old));
}

static struct sbiret_fw hmvirt_call(struct fw_hart *fh, struct fw_regs *r, unsigned long eid,
				    unsigned long fid, const unsigned long args[6])
{
	long err;

	(void)r;
	(void)eid;
	switch (fid) {
	case HMFW_FID_GET_VERSION:
		return sbi_ret(SBI_SUCCESS, HMFW_SBI_VERSION);
	case HMFW_FID_GET_MODELS:
		return sbi_ret(SBI_SUCCESS, (long)hwmode_models(fh));
	case HMFW_FID_SET_MODEL:
		return sbi_ret(hwmode_select(fh, args[0]), 0);
	case HMFW_FID_GET_MODEL:
		return sbi_ret(SBI_SUCCESS, (long)fh->hw->model);
	case HMFW_FID_SET_VM:
		err = args[0] ? check_shared(fh, args[0], sizeof(struct hmfw_vm)) : SBI_SUCCESS;
		if (err == SBI_SUCCESS)
			fh->hw->vm = args[0];
		return sbi_ret(err, 0);
	case HMFW_FID_SET_VCPU:
		err = args[0] ? check_shared(fh, args[0], sizeof(struct hmfw_vcpu)) : SBI_SUCCESS;
		if (err == SBI_SUCCESS)
			fh->hw->vcpu = args[0];
		return sbi_ret(err, 0);
	case HMFW_FID_SET_INTERCEPT:
		return set_intercept(fh, args[0], args[1]);
	case HMFW_FID_GET_INTERCEPT:
		return sbi_ret(SBI_SUCCESS, (long)(intercept_allowed(fh) & ~csr_read(CSR_MEDELEG)));
	default:
		return sbi_ret(SBI_ERR_NOT_SUPPORTED, 0);
	}
}

FW_SBI_EXTENSION(sbi_hmvirt_ext) = {
	.eid_first = HMFW_SBI_EXT,
	.eid_last = HMFW_SBI_EXT,
	.name = "hmvirt",
	.call = hmvirt_call,
	.probe = NULL,
};
