/*
 * Address translation (supervisor.adoc, "Virtual Address Translation
 * Process"; hypervisor.adoc, "Two-Stage Address Translation") and
 * physical memory protection (machine.adoc, "Physical Memory Protection").
 *
 * One walker serves every format through a descriptor (Sv39, Sv48 and
 * their x4 G-stage variants); the permission checks are separate functions
 * implementing each clause (U/SUM/MXR, the G-stage's user-level rule, and
 * Svade: a page fault when A = 0, or D = 0 on a store; no hardware A/D
 * update). For V=1 the VS-stage walk reads its PTEs through the G-stage,
 * and the TLB caches the composition of both stages.
 */
#include "machine.h"

struct pt_format {
	unsigned levels;       /* 3 for Sv39, 4 for Sv48 */
	unsigned va_bits;      /* 39, 48; 41, 50 for the x4 (G-stage) formats */
	unsigned root_bits;    /* index bits of the root table: 9, or 11 for x4 */
};

static const struct pt_format sv39 = { 3, 39, 9 };
static const struct pt_format sv48 = { 4, 48, 9 };
static const struct pt_format sv39x4 = { 3, 41, 11 };
static const struct pt_format sv48x4 = { 4, 50, 11 };

/* The effective privilege of loads and stores (mstatus.MPRV). */
unsigned hart_data_priv(const struct hart *h)
{
	if (h->priv == PRV_M && (h->mstatus & MSTATUS_MPRV))
		return (unsigned)((h->mstatus & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);
	return h->priv;
}

/* The effective V of loads and stores: MPRV with MPP != M uses MPV. */
bool hart_data_virt(const struct hart *h)
{
	if (h->priv == PRV_M && (h->mstatus & MSTATUS_MPRV))
		return (h->mstatus & MSTATUS_MPP) != MSTATUS_MPP && (h->mstatus & MSTATUS_MPV);
	return h->virt;
}

static uint64_t page_fault(enum access acc)
{
	static const uint64_t c[3] = { CAUSE_LOAD_PAGE_FAULT, CAUSE_STORE_PAGE_FAULT, CAUSE_FETCH_PAGE_FAULT };
	return c[acc];
}

static uint64_t guest_page_fault(enum access acc)
{
	static const uint64_t c[3] = {
		CAUSE_LOAD_GUEST_PAGE_FAULT, CAUSE_STORE_GUEST_PAGE_FAULT, CAUSE_FETCH_GUEST_PAGE_FAULT,
	};
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
 * for stores). `perm` is the permission needed (execute for HLVX), `acc`
 * the kind of access for the U rule. `status` supplies SUM and MXR.
 */
static bool leaf_permits(uint8_t pte, enum access acc, enum access perm, unsigned priv,
			 uint64_t status)
{
	if (priv == PRV_U) {
		if (!(pte & PTE_U))
			return false;
	} else if (pte & PTE_U) {
		if (acc == ACC_X || !(status & MSTATUS_SUM))
			return false;
	}
	if (!(pte & PTE_A))
		return false;
	switch (perm) {
	case ACC_R:
		return (pte & PTE_R) || ((status & MSTATUS_MXR) && (pte & PTE_X));
	case ACC_W:
		return (pte & PTE_W) && (pte & PTE_D);
	default:
		return pte & PTE_X;
	}
}

/*
 * G-stage leaf check (hypervisor.adoc, "Guest Physical Address
 * Translation"): every access is a user-level access, so U must be set;
 * only the HS-level MXR makes execute-only pages readable.
 */
static bool gleaf_permits(uint8_t pte, enum access perm, bool mxr)
{
	if (!(pte & PTE_U) || !(pte & PTE_A))
		return false;
	switch (perm) {
	case ACC_R:
		return (pte & PTE_R) || (mxr && (pte & PTE_X));
	case ACC_W:
		return (pte & PTE_W) && (pte & PTE_D);
	default:
		return pte & PTE_X;
	}
}

enum walk_result { WALK_OK, WALK_PAGE_FAULT, WALK_ACCESS_FAULT, WALK_GUEST_FAULT };

struct walk {
	uint64_t ppn;          /* of the page's base */
	unsigned level;
	uint8_t pte;
	uint64_t fault_gpa;    /* WALK_GUEST_FAULT: the guest-physical address */
};

static enum walk_result walk(struct hart *h, const struct pt_format *f, uint64_t root, uint64_t va,
			     const struct pt_format *g, struct walk *out);

/*
 * G-stage translation of a guest-physical address for an access needing
 * `perm` (an implicit PTE read needs read permission, without MXR). A
 * fault of the G-stage walk itself is a guest-page fault, like a failed
 * permission; the caller reports it for the original access type.
 */
static enum walk_result gstage(struct hart *h, const struct pt_format *g, uint64_t gpa,
			       enum access perm, bool mxr, struct walk *out)
{
	enum walk_result r;

	out->fault_gpa = gpa;
	if (gpa >> g->va_bits)
		return WALK_GUEST_FAULT;  /* bits above the guest-physical space */
	r = walk(h, g, (h->hgatp & HGATP_PPN_MASK) << PAGE_SHIFT, gpa, NULL, out);
	if (r == WALK_PAGE_FAULT || (r == WALK_OK && !gleaf_permits(out->pte, perm, mxr))) {
		out->fault_gpa = gpa;
		return WALK_GUEST_FAULT;
	}
	return r;
}

/*
 * Steps 1-4 and 6 of the translation process: finds the leaf PTE for va
 * in the table at `root`. When `g` is given (a VS-stage walk under an
 * active G-stage), root and the PTE addresses are guest-physical and each
 * PTE read is translated by the G-stage first. PTE reads are PMP-checked
 * as S-mode loads. A reserved encoding (W without R, bits 60:54, PBMT and
 * N without Svpbmt/Svnapot, D/A/U in a non-leaf) or a misaligned
 * superpage is a page fault.
 */
static enum walk_result walk(struct hart *h, const struct pt_format *f, uint64_t root, uint64_t va,
			     const struct pt_format *g, struct walk *out)
{
	uint64_t a = root;
	uint8_t global = 0;    /* G in a non-leaf makes everything below global */

	for (int i = (int)f->levels - 1; i >= 0; i--) {
		unsigned bits = i == (int)f->levels - 1 ? f->root_bits : 9;
		uint64_t pte_addr = a + ((va >> (PAGE_SHIFT + 9 * (unsigned)i)) & ((1ull << bits) - 1)) * 8;
		uint64_t pte;
		const void *p;

		if (g) {
			struct walk gw;
			enum walk_result r = gstage(h, g, pte_addr, ACC_R, false, &gw);
			if (r != WALK_OK) {
				out->fault_gpa = gw.fault_gpa;
				return r;
			}
			pte_addr = (gw.ppn << PAGE_SHIFT) + (pte_addr & ((PAGE_SIZE << (9 * gw.level)) - 1));
		}
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

static const struct pt_format *hgatp_format(uint64_t hgatp)
{
	switch (hgatp >> HGATP_MODE_SHIFT) {
	case HGATP_MODE_SV39X4: return &sv39x4;
	case HGATP_MODE_SV48X4: return &sv48x4;
	default: return NULL;
	}
}

static bool canonical(uint64_t va, unsigned bits)
{
	int64_t s = (int64_t)(va << (64 - bits)) >> (64 - bits);
	return (uint64_t)s == va;
}

static inline uint64_t level_mask(unsigned level)
{
	return (PAGE_SIZE << (9 * level)) - 1;
}

static void bare(uint64_t va, struct translation *out)
{
	out->pa = va;
	out->level = 0;
	out->translated = false;
}

/*
 * Single-stage translation (V=0) of va for an access at privilege priv.
 * On failure sets the pending exception (page fault or access fault,
 * tval = va) and returns false. A permission failure on a cached entry
 * walks again from memory, so that a PTE upgraded in place is seen as
 * hardware that re-walks on a fault would see it.
 */
static bool translate_host(struct hart *h, uint64_t va, enum access acc, unsigned priv,
			   struct translation *out)
{
	const struct pt_format *f = priv == PRV_M ? NULL : satp_format(h->satp);
	uint32_t ctx = tlb_ctx((uint16_t)(h->satp >> SATP_ASID_SHIFT), 0, false);
	const struct tlb_entry *e;
	struct walk w;

	if (!f) {
		bare(va, out);
		return true;
	}
	if (!canonical(va, f->va_bits)) {
		hart_set_exc(h, page_fault(acc), va);
		return false;
	}
	e = tlb_lookup(&h->tlb, va, ctx, f->levels, &w.level);
	if (e && leaf_permits(e->pte, acc, acc, priv, h->mstatus)) {
		w.ppn = e->ppn;
	} else {
		switch (walk(h, f, (h->satp & SATP_PPN_MASK) << PAGE_SHIFT, va, NULL, &w)) {
		case WALK_OK:
			break;
		case WALK_ACCESS_FAULT:
			hart_set_exc(h, access_fault(acc), va);
			return false;
		default:
			hart_set_exc(h, page_fault(acc), va);
			return false;
		}
		if ((w.pte & PTE_A) && !h->probing)
			tlb_insert(&h->tlb, va, w.level, w.ppn, ctx, w.pte);
		if (!leaf_permits(w.pte, acc, acc, priv, h->mstatus)) {
			hart_set_exc(h, page_fault(acc), va);
			return false;
		}
	}
	out->pa = ((w.ppn << PAGE_SHIFT) & ~level_mask(w.level)) | (va & level_mask(w.level));
	out->level = w.level;
	out->translated = true;
	return true;
}

/* Sets a guest-page fault: tval the guest virtual address, tval2 the GPA >> 2. */
static void set_guest_fault(struct hart *h, enum access acc, uint64_t va, uint64_t gpa, bool implicit)
{
	hart_set_exc(h, guest_page_fault(acc), va);
	h->exc_tval2 = gpa >> 2;
	h->exc_tinst = implicit ? TINST_PSEUDO_VS_READ64 : 0;
}

/* Whether a cached guest translation permits the access (both stages). */
static bool entry_permits(const struct tlb_entry *e, enum access acc, enum access perm,
			  unsigned priv, uint64_t vsst, bool gmxr)
{
	if (!(e->valid & TLBE_VS_BARE) && !leaf_permits(e->pte, acc, perm, priv, vsst))
		return false;
	return (e->valid & TLBE_G_BARE) || gleaf_permits(e->gpte, perm, gmxr);
}

/*
 * Two-stage translation (V=1) of a guest virtual address: the VS-stage
 * (vsatp) gives a guest-physical address, the G-stage (hgatp) a host
 * physical one; either may be Bare. Exceptions, in the order the spec
 * gives them: a fault of the VS-stage walk (a guest-page fault when one of
 * its PTE reads fails the G-stage: htval = that PTE's GPA >> 2, htinst =
 * the read pseudoinstruction), then the VS-stage leaf's permission (page
 * fault), then the G-stage of the final address (guest-page fault, htval =
 * its GPA >> 2). The TLB caches the composition at the smaller of the two
 * page sizes, tagged with ASID, VMID and V; with vsatp Bare the entries
 * are G-stage translations alone, tagged apart (VS_BARE) so that they never
 * serve a VS-stage lookup after vsatp changes, and only hfence.gvma drops
 * them.
 *
 * Permissions: vsstatus.SUM applies; vsstatus.MXR only to the VS-stage,
 * the HS-level mstatus.MXR to both; HLVX needs execute permission in both
 * stages instead of read.
 */
static bool translate_guest(struct hart *h, uint64_t va, enum access acc, unsigned priv,
			    struct translation *out)
{
	const struct pt_format *vf = satp_format(h->vsatp), *gf = hgatp_format(h->hgatp);
	uint16_t vmid = (uint16_t)(h->hgatp >> HGATP_VMID_SHIFT) & ((1u << HGATP_VMID_BITS) - 1);
	uint32_t ctx = vf ? tlb_ctx((uint16_t)(h->vsatp >> SATP_ASID_SHIFT), vmid, true)
			  : tlb_ctx(0, vmid, true) | TLB_CTX_VS_BARE;
	enum access perm = h->hlvx ? ACC_X : acc;
	bool gmxr = h->mstatus & MSTATUS_MXR;
	uint64_t vsst = h->vsstatus | (h->mstatus & MSTATUS_MXR);
	const struct tlb_entry *e;
	struct walk vw, gw;
	uint64_t gpa, hpa;
	unsigned level;

	if (!vf && !gf) {
		bare(va, out);
		return true;
	}
	if (vf && !canonical(va, vf->va_bits)) {
		hart_set_exc(h, page_fault(acc), va);
		return false;
	}
	e = tlb_lookup(&h->tlb, va, ctx, TLB_LEVELS, &level);
	if (e && entry_permits(e, acc, perm, priv, vsst, gmxr)) {
		hpa = ((e->ppn << PAGE_SHIFT) & ~level_mask(level)) | (va & level_mask(level));
		goto done;
	}

	/* VS-stage */
	vw.level = TLB_LEVELS - 1;
	gpa = va;
	if (vf) {
		uint64_t root = (h->vsatp & SATP_PPN_MASK) << PAGE_SHIFT;
		switch (walk(h, vf, root, va, gf, &vw)) {
		case WALK_OK:
			break;
		case WALK_ACCESS_FAULT:
			hart_set_exc(h, access_fault(acc), va);
			return false;
		case WALK_GUEST_FAULT:
			set_guest_fault(h, acc, va, vw.fault_gpa, true);
			return false;
		default:
			hart_set_exc(h, page_fault(acc), va);
			return false;
		}
		if (!leaf_permits(vw.pte, acc, perm, priv, vsst)) {
			hart_set_exc(h, page_fault(acc), va);
			return false;
		}
		gpa = ((vw.ppn << PAGE_SHIFT) & ~level_mask(vw.level)) | (va & level_mask(vw.level));
	}

	/* G-stage */
	gw.level = TLB_LEVELS - 1;
	hpa = gpa;
	if (gf) {
		switch (gstage(h, gf, gpa, perm, gmxr, &gw)) {
		case WALK_OK:
			break;
		case WALK_ACCESS_FAULT:
			hart_set_exc(h, access_fault(acc), va);
			return false;
		default:
			set_guest_fault(h, acc, va, gpa, false);
			return false;
		}
		hpa = ((gw.ppn << PAGE_SHIFT) & ~level_mask(gw.level)) | (gpa & level_mask(gw.level));
	}

	level = vw.level < gw.level ? vw.level : gw.level;
	if (!h->probing) {
		struct tlb_entry *n = tlb_insert(&h->tlb, va, level, (hpa & ~level_mask(level)) >> PAGE_SHIFT,
						 ctx, vf ? vw.pte : (uint8_t)PTE_G);
		unsigned gl = gf ? gw.level : level;
		n->gpte = gf ? gw.pte : 0;
		n->glevel = (uint8_t)gl;
		n->gpn = gpa >> (PAGE_SHIFT + 9 * gl);
		n->valid |= (vf ? 0 : TLBE_VS_BARE) | (gf ? 0 : TLBE_G_BARE);
	}
done:
	out->pa = hpa;
	out->level = level;
	out->translated = true;
	return true;
}

/*
 * Translates va for an access at privilege priv, in the guest (virt) or
 * the host. On failure sets the pending exception and returns false.
 */
bool mmu_translate_v(struct hart *h, uint64_t va, enum access acc, unsigned priv, bool virt,
		     struct translation *out)
{
	if (virt)
		return translate_guest(h, va, acc, priv, out);
	return translate_host(h, va, acc, priv, out);
}

bool mmu_translate(struct hart *h, uint64_t va, enum access acc, unsigned priv,
		   struct translation *out)
{
	return translate_host(h, va, acc, priv, out);
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
