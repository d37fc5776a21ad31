/*
 * sbi.c - the SBI dispatcher (binary-encoding.adoc): an ecall from S/HS
 * carries the EID in a7, the FID in a6 and arguments in a0..a5; the
 * answer is error in a0 and value in a1 (legacy v0.1 calls: a0 only),
 * every other register preserved, and execution resumes after the ecall.
 * Extensions are found in the .fw_sbi_exts table that link.ld collects.
 */
#include "csr.h"
#include "fw.h"
#include "riscv/virt.h"
#include "sbi.h"

extern const struct fw_sbi_ext *const __fw_sbi_exts_start[];
extern const struct fw_sbi_ext *const __fw_sbi_exts_end[];

const struct fw_sbi_ext *sbi_find_ext(unsigned long eid)
{
	for (const struct fw_sbi_ext *const *e = __fw_sbi_exts_start; e < __fw_sbi_exts_end; e++)
		if (eid >= (*e)->eid_first && eid <= (*e)->eid_last)
			return *e;
	return NULL;
}

/*
 * mepc moves past the ecall before the call, so that a function which
 * sends the hart elsewhere (HSM resume) simply overwrites it. Unknown
 * EID or FID: SBI_ERR_NOT_SUPPORTED.
 */
void sbi_ecall_handler(struct fw_hart *fh, struct fw_regs *r)
{
	unsigned long eid = r->x[17], fid = r->x[16];
	const unsigned long args[6] = { r->x[10], r->x[11], r->x[12],
					r->x[13], r->x[14], r->x[15] };
	const struct fw_sbi_ext *ext = sbi_find_ext(eid);
	struct sbiret_fw ret = sbi_ret(SBI_ERR_NOT_SUPPORTED, 0);

	csr_write(CSR_MEPC, csr_read(CSR_MEPC) + 4);
	if (ext)
		ret = ext->call(fh, r, eid, fid, args);
	r->x[10] = (uint64_t)ret.error;
	if (eid > SBI_EXT_LEGACY_LAST)
		r->x[11] = (uint64_t)ret.value;
}

/*
 * Hart masks (binary-encoding.adoc, "Hart list parameter"): bit i of mask
 * names hart base + i; base == -1 names every hart. A hart is valid when
 * it has entered the firmware. Checks all before acting on any.
 */
long sbi_for_each_hart(struct fw_hart *self, unsigned long mask, unsigned long base,
		       sbi_hart_fn fn, void *ctx)
{
	struct fw_hart *t;

	if (base == ~0ul) {
		for (unsigned long id = 0; id < FW_MAX_HARTS; id++)
			if ((t = fw_hart_by_id(id))->present)
				fn(self, t, ctx);
		return SBI_SUCCESS;
	}
	for (unsigned i = 0; i < 64; i++) {
		if (!(mask >> i & 1))
			continue;
		t = base + i < base ? NULL : fw_hart_by_id(base + i);
		if (!t || !t->present)
			return SBI_ERR_INVALID_PARAM;
	}
	for (unsigned i = 0; i < 64; i++)
		if (mask >> i & 1)
			fn(self, fw_hart_by_id(base + i), ctx);
	return SBI_SUCCESS;
}

/*
 * A buffer S names by physical address (DBCN): in DRAM (the MMIO devices
 * of the virt board all sit below it), no wrap-around, and outside the
 * firmware's own memory, which PMP closes to S.
 */
bool sbi_buffer_ok(unsigned long addr, unsigned long len)
{
	unsigned long fw_lo = (unsigned long)_fw_start, fw_hi = (unsigned long)_fw_end;

	if (addr < VIRT_DRAM_BASE || addr + len < addr)
		return false;
	return len == 0 || addr + len <= fw_lo || addr >= fw_hi;
}
