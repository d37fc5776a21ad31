/*
 * sbi_rfence.c - the RFENCE extension (ext-rfence.adoc, "RFNC"): remote
 * FENCE.I, SFENCE.VMA (with ASID) and, with H, HFENCE.GVMA (with VMID)
 * and HFENCE.VVMA (with ASID). The calling hart fences itself directly;
 * another hart gets the request through an IPI and the caller waits until
 * it is done. A range is fenced page by page up to FW_RFENCE_MAX_PAGES
 * pages; beyond that (and for start = size = 0 or size = -1) everything
 * is fenced at once, as OpenSBI does with its tlb_range_flush_limit.
 */
#include "csr.h"
#include "sbi.h"

#define FW_PAGE_SIZE        4096ul
#define FW_RFENCE_MAX_PAGES 64

/*
 * A fence instruction in its four operand forms: rs1 = x0 means every
 * address and rs2 = x0 every ASID/VMID (a register holding 0 would mean
 * address 0 / ASID 0). HFENCE.VVMA and HFENCE.GVMA (hypervisor.adoc,
 * funct7 0x11 / 0x31) through .insn: the target is built for rv64imac.
 */
#define FENCE_FN(fn, prefix)                                                   \
	static void fn(bool one_addr, unsigned long addr, bool one_id, unsigned long id) \
	{                                                                      \
		if (one_addr && one_id)                                        \
			__asm__ volatile(prefix "%0, %1" ::"r"(addr), "r"(id) : "memory"); \
		else if (one_addr)                                             \
			__asm__ volatile(prefix "%0, x0" ::"r"(addr) : "memory"); \
		else if (one_id)                                               \
			__asm__ volatile(prefix "x0, %0" ::"r"(id) : "memory"); \
		else                                                           \
			__asm__ volatile(prefix "x0, x0" ::: "memory");        \
	}
FENCE_FN(fence_sfence_vma, "sfence.vma ")
FENCE_FN(fence_hfence_vvma, ".insn r 0x73, 0, 0x11, x0, ")
FENCE_FN(fence_hfence_gvma, ".insn r 0x73, 0, 0x31, x0, ")

typedef void (*fence_fn)(bool, unsigned long, bool, unsigned long);

static bool rfence_all(const struct fw_rfence *rq)
{
	return (rq->start == 0 && rq->size == 0) || rq->size == ~0ul ||
	       rq->size > FW_RFENCE_MAX_PAGES * FW_PAGE_SIZE;
}

/* f once for everything, or per page; HFENCE.GVMA takes the guest
 * physical address shifted right by 2 (addr_shift). */
static void fence_range(const struct fw_rfence *rq, fence_fn f, bool one_id, unsigned long id,
			unsigned addr_shift)
{
	if (rfence_all(rq)) {
		f(false, 0, one_id, id);
		return;
	}
	for (unsigned long off = 0; off < rq->size; off += FW_PAGE_SIZE)
		f(true, (rq->start + off) >> addr_shift, one_id, id);
}

/*
 * HFENCE.VVMA acts for hgatp.VMID; the spec's VMID is the caller's, so a
 * hart fencing for another one switches its hgatp.VMID for the moment.
 */
static void fence_vvma(const struct fw_rfence *rq, bool one_asid)
{
	unsigned long vmid_mask = ((1ul << HGATP_VMID_BITS) - 1) << HGATP_VMID_SHIFT;
	unsigned long hgatp = csr_read(CSR_HGATP);

	if ((hgatp & vmid_mask) != rq->vmid << HGATP_VMID_SHIFT)
		csr_write(CSR_HGATP, (hgatp & ~vmid_mask) | rq->vmid << HGATP_VMID_SHIFT);
	fence_range(rq, fence_hfence_vvma, one_asid, rq->asid, 0);
	csr_write(CSR_HGATP, hgatp);
}

void fw_rfence_local(struct fw_hart *fh, const struct fw_rfence *rq)
{
	(void)fh;
	switch (rq->fid) {
	case SBI_RFENCE_FENCE_I:
		__asm__ volatile("fence.i" ::: "memory");
		break;
	case SBI_RFENCE_SFENCE_VMA:
		fence_range(rq, fence_sfence_vma, false, 0, 0);
		break;
	case SBI_RFENCE_SFENCE_VMA_ASID:
		fence_range(rq, fence_sfence_vma, true, rq->asid, 0);
		break;
	case SBI_RFENCE_HFENCE_GVMA_VMID:
		fence_range(rq, fence_hfence_gvma, true, rq->vmid, 2);
		break;
	case SBI_RFENCE_HFENCE_GVMA:
		fence_range(rq, fence_hfence_gvma, false, 0, 2);
		break;
	case SBI_RFENCE_HFENCE_VVMA_ASID:
		fence_vvma(rq, true);
		break;
	case SBI_RFENCE_HFENCE_VVMA:
		fence_vvma(rq, false);
		break;
	}
}

/*
 * One target: the caller itself fences at once; another hart is sent the
 * request (one at a time per target, under its rfence_lock) and the
 * caller waits for it, serving its own IPIs meanwhile so that two harts
 * fencing each other cannot deadlock.
 */
static void rfence_one(struct fw_hart *self, struct fw_hart *t, void *ctx)
{
	const struct fw_rfence *rq = ctx;

	if (t == self) {
		fw_rfence_local(self, rq);
		return;
	}
	if (t->hsm_state != SBI_HSM_STARTED && t->hsm_state != SBI_HSM_SUSPENDED)
		return; /* a stopped hart fences nothing; it starts afresh */
	while (__atomic_exchange_n(&t->rfence_lock, 1, __ATOMIC_ACQUIRE))
		fw_ipi_irq(self);
	t->rfence = *rq;
	t->rfence_busy = 1;
	fw_ipi_send(self, t, FW_IPI_RFENCE);
	while (__atomic_load_n(&t->rfence_busy, __ATOMIC_ACQUIRE))
		fw_ipi_irq(self);
	__atomic_store_n(&t->rfence_lock, 0, __ATOMIC_RELEASE);
}

static struct sbiret_fw rfence_call(struct fw_hart *fh, struct fw_regs *r, unsigned long eid,
				    unsigned long fid, const unsigned long args[6])
{
	struct fw_rfence rq = { .fid = fid, .start = args[2], .size = args[3] };

	(void)r;
	(void)eid;
	if (fid > SBI_RFENCE_HFENCE_VVMA)
		return sbi_ret(SBI_ERR_NOT_SUPPORTED, 0);
	if (fid >= SBI_RFENCE_HFENCE_GVMA_VMID && !fh->has_h)
		return sbi_ret(SBI_ERR_NOT_SUPPORTED, 0);
	if (fid != SBI_RFENCE_FENCE_I && !rfence_all(&rq) && rq.start + rq.size < rq.start)
		return sbi_ret(SBI_ERR_INVALID_ADDRESS, 0);
	if (fid == SBI_RFENCE_SFENCE_VMA_ASID || fid == SBI_RFENCE_HFENCE_VVMA_ASID) {
		rq.asid = args[4];
		if (rq.asid >> SATP_ASID_BITS)
			return sbi_ret(SBI_ERR_INVALID_PARAM, 0);
	}
	if (fid == SBI_RFENCE_HFENCE_GVMA_VMID) {
		rq.vmid = args[4];
		if (rq.vmid >> HGATP_VMID_BITS)
			return sbi_ret(SBI_ERR_INVALID_PARAM, 0);
	}
	if (fid == SBI_RFENCE_HFENCE_VVMA || fid == SBI_RFENCE_HFENCE_VVMA_ASID)
		rq.vmid = csr_read(CSR_HGATP) >> HGATP_VMID_SHIFT & ((1ul << HGATP_VMID_BITS) - 1);
	return sbi_ret(sbi_for_each_hart(fh, args[0], args[1], rfence_one, &rq), 0);
}

FW_SBI_EXTENSION(sbi_ext_rfence) = {
	.eid_first = SBI_EXT_RFENCE,
	.eid_last = SBI_EXT_RFENCE,
	.name = "rfence",
	.call = rfence_call,
};
