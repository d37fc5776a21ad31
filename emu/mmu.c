/*
 * Address translation (supervisor.adoc, "Virtual Address Translation
 * Process") and physical memory protection (machine.adoc, "Physical
 * Memory Protection").
 *
 * One walker serves every format through a descriptor; the permission
 * check is a separate function implementing each clause (U/SUM/MXR and
 * Svade: a page fault when A = 0, or D = 0 on a store; no hardware A/D
 * update).
 */
#include "machine.h"

struct pt_format {
	unsigned levels;       /* 3 for Sv39, 4 for Sv48 */
	unsigned va_bits;      /* 39, 48 */
};

static const struct pt_format sv39 = { 3, 39 };
static const struct pt_format sv48 = { 4, 48 };

/* The effective privilege of loads and stores (mstatus.MPRV). */
unsigned hart_data_priv(const struct hart *h)
{
	if (h->priv == PRV_M && (h->mstatus & MSTATUS_MPRV))
		return (unsigned)((h->mstatus & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);
	return h->priv;
}

static uint64_t page_fault(enum access acc)
{
	static const uint64_t c[3] = { CAUSE_LOAD_PAGE_FAULT, CAUSE_STORE_PAGE_FAULT, CAUSE_FETCH_PAGE_FAULT };
	return c[acc];
}

static uint64_t access_fault(enum access acc)
{
	static const uint64_t c[3] = { CAUSE_LOAD_ACCESS, CAUSE_STORE_ACCESS, CAUSE_FETCH_ACCESS };
	return c[acc];
}

/*
 * Whether a leaf PTE permits the access: step 5 (R/W/X, U with SUM and
 * MXR; S-mode never executes U pages) and step 7 under Svade (A, and D
 * for stores).
 */
static bool leaf_permits(uint8_t pte, enum access acc, unsigned priv, uint64_t mstatus)
{
	if (priv == PRV_U) {
		if (!(pte & PTE_U))
			return false;
	} else if (pte & PTE_U) {
		if (acc == ACC_X || !(mstatus & MSTATUS_SUM))
			return false;
	}
	if (!(pte & PTE_A))
		return false;
	switch (acc) {
	case ACC_R:
		return (pte & PTE_R) || ((mstatus & MSTATUS_MXR) && (pte & PTE_X));
	case ACC_W:
		return (pte & PTE_W) && (pte & PTE_D);
	default:
		return pte & PTE_X;
	}
}

enum walk_result { WALK_OK, WALK_PAGE_FAULT, WALK_ACCESS_FAULT };

struct walk {
	uint64_t ppn;          /* of the page's base */
	unsigned level;
	uint8_t pte;
};

/*
 * Steps 1-4 and 6 of the translation process: finds the leaf PTE for va.
 * PTE reads are PMP-checked as S-mode loads. A reserved encoding
 * (W without R, bits 60:54, PBMT and N without Svpbmt/Svnapot, D/A/U in a
 * non-leaf) or a misaligned superpage is a page fault.
 */
static enum walk_result walk(struct hart *h, const struct pt_format *f, uint64_t va, struct walk *out)
{
	uint64_t a = (h->satp & SATP_PPN_MASK) << PAGE_SHIFT;
	uint8_t global = 0;    /* G in a non-leaf makes everything below global */

	for (int i = (int)f->levels - 1; i >= 0; i--) {
		uint64_t pte_addr = a + ((va >> (PAGE_SHIFT + 9 * (unsigned)i)) & 511) * 8;
		uint64_t pte;
		const void *p;

		if (!pmp_check(h, pte_addr, 8, ACC_R, PRV_S))
			return WALK_ACCESS_FAULT;
		p = phys_ptr(h->m, pte_addr, 8);
		if (!p)
			return WALK_ACCESS_FAULT;
		memcpy(&pte, p, 8);

		if (!(pte & PTE_V) || (pte & (PTE_R | PTE_W)) == PTE_W)
			return WALK_PAGE_FAULT;
		if (pte & (PTE_RESERVED_MASK | PTE_PBMT_MASK | PTE_N))
			return WALK_PAGE_FAULT;
		uint64_t ppn = (pte >> PTE_PPN_SHIFT) & PTE_PPN_MASK;
		if (!(pte & (PTE_R | PTE_X))) {
			if (pte & (PTE_D | PTE_A | PTE_U))
				return WALK_PAGE_FAULT;
			global |= (uint8_t)(pte & PTE_G);
			a = ppn << PAGE_SHIFT;
			continue;
		}
		if (i > 0 && (ppn & ((1ull << (9 * (unsigned)i)) - 1)))
			return WALK_PAGE_FAULT;     /* misaligned superpage */
		out->ppn = ppn;
		out->level = (unsigned)i;
		out->pte = (uint8_t)pte | global;
		return WALK_OK;
	}
	return WALK_PAGE_FAULT;                  /* non-leaf at the last level */
}

static const struct pt_format *satp_format(uint64_t satp)
{
	switch (satp >> SATP_MODE_SHIFT) {
	case SATP_MODE_SV39: return &sv39;
	case SATP_MODE_SV48: return &sv48;
	default: return NULL;
	}
}

static bool canonical(uint64_t va, unsigned bits)
{
	int64_t s = (int64_t)(va << (64 - bits)) >> (64 - bits);
	return (uint64_t)s == va;
}

/*
 * Translates va for an access at privilege priv. On failure sets the
 * pending exception (page fault or access fault, tval = va) and returns
 * false. A permission failure on a cached entry walks again from memory,
 * so that a PTE upgraded in place is seen as hardware that re-walks on a
 * fault would see it.
 */
bool mmu_translate(struct hart *h, uint64_t va, enum access acc, unsigned priv,
		   struct translation *out)
{
	const struct pt_format *f = priv == PRV_M ? NULL : satp_format(h->satp);
	uint16_t asid = (uint16_t)(h->satp >> SATP_ASID_SHIFT);
	const struct tlb_entry *e;
	struct walk w;

	if (!f) {
		out->pa = va;
		out->level = 0;
		out->translated = false;
		return true;
	}
	if (!canonical(va, f->va_bits)) {
		hart_set_exc(h, page_fault(acc), va);
		return false;
	}
	e = tlb_lookup(&h->tlb, va, asid, f->levels, &w.level);
	if (e && leaf_permits(e->pte, acc, priv, h->mstatus)) {
		w.ppn = e->ppn;
	} else {
		switch (walk(h, f, va, &w)) {
		case WALK_ACCESS_FAULT:
			hart_set_exc(h, access_fault(acc), va);
			return false;
		case WALK_PAGE_FAULT:
			hart_set_exc(h, page_fault(acc), va);
			return false;
		case WALK_OK:
			break;
		}
		if ((w.pte & PTE_A) && !h->probing)
			tlb_insert(&h->tlb, va, w.level, w.ppn, asid, w.pte);
		if (!leaf_permits(w.pte, acc, priv, h->mstatus)) {
			hart_set_exc(h, page_fault(acc), va);
			return false;
		}
	}
	uint64_t mask = (1ull << (PAGE_SHIFT + 9 * w.level)) - 1;
	out->pa = ((w.ppn << PAGE_SHIFT) & ~mask) | (va & mask);
	out->level = w.level;
	out->translated = true;
	return true;
}

/* ---- PMP ---------------------------------------------------------------- */

/* The byte range [lo, hi) of entry i, or false when the entry is off. */
static bool pmp_range(const struct hart *h, unsigned i, uint64_t *lo, uint64_t *hi)
{
	uint64_t addr = h->pmpaddr[i];
	switch (h->pmpcfg[i] & PMP_A) {
	case PMP_A_TOR:
		*lo = i ? h->pmpaddr[i - 1] << 2 : 0;
		*hi = addr << 2;
		return true;
	case PMP_A_NA4:
		*lo = addr << 2;
		*hi = *lo + 4;
		return true;
	case PMP_A_NAPOT: {
		uint64_t ones = (uint64_t)__builtin_ctzll(~addr);   /* trailing 1s */
		uint64_t size = ones >= 62 ? 0 : 8ull << ones;
		*lo = (addr & ~((1ull << ones) - 1)) << 2;
		*hi = size ? *lo + size : ~0ull;
		if (ones >= 54)
			*lo = 0, *hi = ~0ull;
		return true;
	}
	default:
		return false;
	}
}

static bool pmp_allows(uint8_t cfg, enum access acc, unsigned priv)
{
	static const uint8_t need[3] = { PMP_R, PMP_W, PMP_X };
	if (priv == PRV_M && !(cfg & PMP_L))
		return true;
	return cfg & need[acc];
}

/*
 * The lowest-numbered entry matching any byte decides; an access only
 * partly inside it fails. No match: M-mode succeeds, S/U fail (entries
 * are implemented).
 */
bool pmp_check(const struct hart *h, uint64_t pa, unsigned size, enum access acc, unsigned priv)
{
	uint64_t end = pa + size;
	if (!h->pmp_active)
		return priv == PRV_M;
	for (unsigned i = 0; i < PMP_COUNT; i++) {
		uint64_t lo, hi;
		if (!pmp_range(h, i, &lo, &hi) || lo >= hi)
			continue;
		if (end <= lo || pa >= hi)
			continue;
		if (pa < lo || end > hi)
			return false;
		return pmp_allows(h->pmpcfg[i], acc, priv);
	}
	return priv == PRV_M;
}

/* Whether the whole page holding pa gets the same, positive, answer. */
bool pmp_page_ok(const struct hart *h, uint64_t pa, enum access acc, unsigned priv)
{
	return pmp_check(h, pa & ~(PAGE_SIZE - 1), PAGE_SIZE, acc, priv);
}
