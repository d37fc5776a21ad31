/*
 * sbi_base.c - the Base extension (ext-base.adoc, EID 0x10): SBI 2.0,
 * hmfw's implementation id and version, probe_extension, and the machine
 * ids read from mvendorid/marchid/mimpid.
 */
#include "csr.h"
#include "sbi.h"

static struct sbiret_fw base_call(struct fw_hart *fh, struct fw_regs *r, unsigned long eid,
				  unsigned long fid, const unsigned long args[6])
{
	const struct fw_sbi_ext *ext;

	(void)r;
	(void)eid;
	switch (fid) {
	case SBI_BASE_GET_SPEC_VERSION:
		return sbi_ret(SBI_SUCCESS, (long)SBI_SPEC_VERSION);
	case SBI_BASE_GET_IMPL_ID:
		return sbi_ret(SBI_SUCCESS, (long)HMFW_IMPL_ID);
	case SBI_BASE_GET_IMPL_VERSION:
		return sbi_ret(SBI_SUCCESS, (long)HMFW_IMPL_VERSION);
	case SBI_BASE_PROBE_EXTENSION:
		ext = sbi_find_ext(args[0]);
		if (!ext)
			return sbi_ret(SBI_SUCCESS, 0);
		return sbi_ret(SBI_SUCCESS, ext->probe ? ext->probe(fh, args[0]) : 1);
	case SBI_BASE_GET_MVENDORID:
		return sbi_ret(SBI_SUCCESS, (long)csr_read(CSR_MVENDORID));
	case SBI_BASE_GET_MARCHID:
		return sbi_ret(SBI_SUCCESS, (long)csr_read(CSR_MARCHID));
	case SBI_BASE_GET_MIMPID:
		return sbi_ret(SBI_SUCCESS, (long)csr_read(CSR_MIMPID));
	default:
		return sbi_ret(SBI_ERR_NOT_SUPPORTED, 0);
	}
}

FW_SBI_EXTENSION(sbi_ext_base) = {
	.eid_first = SBI_EXT_BASE,
	.eid_last = SBI_EXT_BASE,
	.name = "base",
	.call = base_call,
};
