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

/* A PTE the walker rejects whatever its level (steps 3 and 4 under
 * Svade without Svpbmt/Svnapot): V = 0, W without R, a reserved bit,
 * PBMT or N. */
static inline bool pte_malformed(uint64_t pte)
{
	return !(pte & PTE_V) || (pte & (PTE_R | PTE_W)) == PTE_W ||
	       (pte & (PTE_RESERVED_MASK | PTE_PBMT_MASK | PTE_N));
}

/* A leaf at level > 0 whose PPN is not aligned to its size (step 6). */
static inline bool superpage_misaligned(uint64_t ppn, unsigned level)
{
	return ppn & ((1ull << (9 * level)) - 1);
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
			     const struct pt_format *g, uint64_t ctx, unsigned dim, struct walk *out);

static uint16_t hgatp_vmid(const struct hart *h)
{
	return (uint16_t)(h->hgatp >> HGATP_VMID_SHIFT) & ((1u << HGATP_VMID_BITS) - 1);
}

/*
 * G-stage translation of a guest-physical address for an access needing
 * `perm` (an implicit PTE read needs read permission, without MXR),
 * through the nested TLB (GPA -> HPA leaves of the current VMID) or a
 * G-stage walk. A fault of the G-stage walk itself is a guest-page fault,
 * like a failed permission; the caller reports it for the original access
 * type. A cached leaf that does not permit the access is walked again.
 */
static enum walk_result gstage(struct hart *h, const struct pt_format *g, uint64_t gpa,
			       enum access perm, bool mxr, struct walk *out)
{
	uint64_t nctx = tlb_ctx(0, hgatp_vmid(h), true);
	const struct tlb_entry *e = NULL;
	enum walk_result r;

	out->fault_gpa = gpa;
	if (gpa >> g->va_bits)
		return WALK_GUEST_FAULT;  /* bits above the guest-physical space */
	if (h->ntlb.entries) {
		e = h->probing ? tlb_peek(&h->ntlb, gpa, nctx, &out->level)
			       : tlb_lookup(&h->ntlb, gpa, nctx, &out->level);
		if (h->m->timing && !h->probing)
			timing_add(h, CYC_WALK, h->m->cfg.ntlb.latency);
	}
	if (e && gleaf_permits(e->pte, perm, mxr)) {
		out->ppn = e->ppn;
		out->pte = e->pte;
		return WALK_OK;
	}
	r = walk(h, g, (h->hgatp & HGATP_PPN_MASK) << PAGE_SHIFT, gpa, NULL, nctx | TLB_CTX_GSTAGE, 1, out);
	if (r == WALK_OK && (out->pte & PTE_A) && !h->probing && h->ntlb.entries) {
		struct tlb_entry *n = tlb_insert(&h->ntlb, gpa, out->level, out->ppn, nctx, out->pte, NULL);
		n->gpn = n->vpn;
		n->glevel = (uint8_t)out->level;
	}
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
 * as S-mode loads, counted by dimension (`dim`) and level, and seen by the
 * timing model. A reserved encoding (W without R, bits 60:54, PBMT and N
 * without Svpbmt/Svnapot, D/A/U in a non-leaf) or a misaligned superpage
 * is a page fault.
 *
 * The page-walk cache holds non-leaf PTEs tagged with `ctx`: the walk
 * starts below the deepest one cached for va, and caches those it reads.
 */
static enum walk_result walk(struct hart *h, const struct pt_format *f, uint64_t root, uint64_t va,
			     const struct pt_format *g, uint64_t ctx, unsigned dim, struct walk *out)
{
	uint64_t a = root;
	uint8_t global = 0;    /* G in a non-leaf makes everything below global */
	int top = (int)f->levels - 1;

	if (!h->probing) {
		h->st.walks[dim]++;
		if (h->m->timing && h->pwc.entries)
			timing_add(h, CYC_WALK, h->m->cfg.pwc.latency);
		for (unsigned l = 1; l < f->levels && h->pwc.entries; l++) {
			const struct tlb_entry *e = tlb_lookup_level(&h->pwc, va, ctx, l);
			if (e) {
				h->st.pwc_hits[dim]++;
				a = e->ppn << PAGE_SHIFT;
				global = e->pte & PTE_G;
				top = (int)l - 1;
				break;
			}
		}
	}
	for (int i = top; i >= 0; i--) {
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
		if (!h->probing) {
			h->st.walk_refs[dim][i]++;
			if (h->m->timing)
				timing_walk_read(h, pte_addr);
		}

		if (pte_malformed(pte))
			return WALK_PAGE_FAULT;
		uint64_t ppn = (pte >> PTE_PPN_SHIFT) & PTE_PPN_MASK;
		if (!(pte & (PTE_R | PTE_X))) {
			if (pte & (PTE_D | PTE_A | PTE_U))
				return WALK_PAGE_FAULT;
			global |= (uint8_t)(pte & PTE_G);
			a = ppn << PAGE_SHIFT;
			if (i > 0 && !h->probing && h->pwc.entries)
				tlb_insert(&h->pwc, va, (unsigned)i, ppn, ctx, (uint8_t)(PTE_V | global), NULL);
			continue;
		}
		if (superpage_misaligned(ppn, (unsigned)i))
			return WALK_PAGE_FAULT;
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

static void bare(struct hart *h, uint64_t va, struct translation *out)
{
	out->pa = va;
	out->level = 0;
	out->translated = false;
	out->stamp = &h->lru_sink;
}

/* ---- the TLB hierarchy ----------------------------------------------------- */

static inline struct tlb *l1_of(struct hart *h, enum access acc)
{
	return acc == ACC_X ? &h->itlb : &h->dtlb;
}

/* The fast paths' stamp for an L1 entry: LRU ages it on every use. */
static uint64_t *stamp_of(struct hart *h, struct tlb *l1, struct tlb_entry *e)
{
	return l1->repl == REPL_LRU && e ? tlb_stamp(l1, e) : &h->lru_sink;
}

/* Copies an entry into an L1 TLB; what that evicts leaves the fast tables. */
static struct tlb_entry *l1_fill(struct hart *h, struct tlb *l1, uint64_t va, const struct tlb_entry *src)
{
	struct tlb_entry ev, *n = tlb_insert(l1, va, src->level, src->ppn, src->ctx, src->pte, &ev);
	if (n) {
		n->gpte = src->gpte;
		n->gpn = src->gpn;
		n->glevel = src->glevel;
		n->valid = src->valid;
	}
	if (ev.valid)
		hart_fast_evict(h, l1 == &h->itlb, &ev);
	return n;
}

/*
 * Looks va up in the L1 TLB of the access, then in the L2 TLB, whose hit
 * refills L1. *l1e is the L1 entry (NULL when probing for the debugger,
 * which changes nothing).
 */
static const struct tlb_entry *tlb_find(struct hart *h, uint64_t va, uint64_t ctx, enum access acc,
					unsigned *level, struct tlb_entry **l1e)
{
	struct tlb *l1 = l1_of(h, acc);
	struct tlb_entry *e;

	*l1e = NULL;
	if (h->probing) {
		const struct tlb_entry *p = tlb_peek(l1, va, ctx, level);
		return p ? p : tlb_peek(&h->l2tlb, va, ctx, level);
	}
	if ((e = tlb_lookup(l1, va, ctx, level)))
		return *l1e = e;
	if (h->m->timing && h->l2tlb.entries)
		timing_add(h, CYC_WALK, h->m->cfg.l2tlb.latency);
	if (!(e = tlb_lookup(&h->l2tlb, va, ctx, level)))
		return NULL;
	return *l1e = l1_fill(h, l1, va, e);
}

/* Caches a walked (or software-refilled) translation in L2 and in the access's L1. */
static struct tlb_entry *tlb_put(struct hart *h, uint64_t va, const struct tlb_entry *t, enum access acc)
{
	struct tlb_entry *n = tlb_insert(&h->l2tlb, va, t->level, t->ppn, t->ctx, t->pte, NULL);
	if (n) {
		n->gpte = t->gpte;
		n->gpn = t->gpn;
		n->glevel = t->glevel;
		n->valid = t->valid;
	}
	return l1_fill(h, l1_of(h, acc), va, t);
}

/* Whether a cached guest translation permits the access (both stages). */
static bool entry_permits(const struct tlb_entry *e, enum access acc, enum access perm,
			  unsigned priv, uint64_t vsst, bool gmxr)
{
	if (!(e->valid & TLBE_VS_BARE) && !leaf_permits(e->pte, acc, perm, priv, vsst))
		return false;
	return (e->valid & TLBE_G_BARE) || gleaf_permits(e->gpte, perm, gmxr);
}

/* A leaf as the walker would accept it at this level (supervisor.adoc,
 * "Virtual Address Translation Process", steps 3, 4 and 6); align_level
 * < 0 skips the superpage alignment check. */
static bool sw_leaf_ok(uint64_t pte, int align_level)
{
	if (pte_malformed(pte) || !(pte & (PTE_R | PTE_X)))
		return false;
	return align_level < 0 ||
	       !superpage_misaligned((pte >> PTE_PPN_SHIFT) & PTE_PPN_MASK, (unsigned)align_level);
}

/*
 * Commits the entry M-mode wrote through the hardware-mode CSRs, tagged
 * with the context in MTLBCTX, into L2 and the L1 of its access type, as
 * the hardware walker would have cached it (riscv/hwmode.h): a malformed
 * leaf never; a V=0 leaf when A=1; a V=1 entry when both stages permit
 * the access. MTLBCMD then reads whether the entry permits the access.
 */
void mmu_sw_refill(struct hart *h, uint64_t cmd)
{
	uint64_t c = h->mtlbctx;
	bool virt = c & MTLBCTX_V;
	uint16_t asid = (uint16_t)((c & MTLBCTX_ASID_MASK) >> MTLBCTX_ASID_SHIFT);
	uint16_t vmid = (uint16_t)((c & MTLBCTX_VMID_MASK) >> MTLBCTX_VMID_SHIFT);
	unsigned level = (unsigned)(cmd >> MTLBCMD_LEVEL_SHIFT) & 3;
	unsigned glevel = (unsigned)(cmd >> MTLBCMD_GLEVEL_SHIFT) & 3;
	unsigned priv = (unsigned)((c & MTLBCTX_PRIV_MASK) >> MTLBCTX_PRIV_SHIFT);
	enum access acc = (enum access)((c & MTLBCTX_ACC_MASK) >> MTLBCTX_ACC_SHIFT);
	struct tlb_entry t = { 0 };
	bool permits, cache;

	if (acc > ACC_X)
		acc = ACC_R;
	h->mtlbstatus = 1;
	t.level = (uint8_t)level;
	t.ppn = (h->mtlbpte >> PTE_PPN_SHIFT) & PTE_PPN_MASK & ~((1ull << (9 * level)) - 1);
	t.pte = (uint8_t)h->mtlbpte;
	t.valid = TLBE_VALID;
	if (virt && (cmd & MTLBCMD_VS_BARE)) {
		t.ctx = tlb_ctx(0, vmid, true) | TLB_CTX_VS_BARE;
		t.pte = PTE_G;
		t.valid |= TLBE_VS_BARE;
	} else {
		t.ctx = tlb_ctx(asid, virt ? vmid : 0, virt);
		if (!sw_leaf_ok(h->mtlbpte, virt ? -1 : (int)level))
			return;
	}
	if (virt) {
		uint64_t gppn = (h->mtlbgpte >> PTE_PPN_SHIFT) & PTE_PPN_MASK;
		if (cmd & MTLBCMD_G_BARE) {
			t.valid |= TLBE_G_BARE;
			glevel = level;
		} else if (!sw_leaf_ok(h->mtlbgpte, (int)glevel)) {
			return;
		}
		t.gpte = (uint8_t)h->mtlbgpte;
		t.glevel = (uint8_t)glevel;
		t.gpn = gppn >> (9 * glevel);
		permits = entry_permits(&t, acc, (c & MTLBCTX_HLVX) ? ACC_X : acc, priv,
					h->vsstatus | (h->mstatus & MSTATUS_MXR),
					(h->mstatus & MSTATUS_MXR) != 0);
		cache = permits;
	} else {
		permits = leaf_permits(t.pte, acc, acc, priv, h->mstatus);
		cache = (t.pte & PTE_A) != 0;
	}
	if (cache) {
		tlb_put(h, h->mtlbva, &t, acc);
		h->st.sw_refills++;
	}
	h->mtlbstatus = !permits;
}

/* Whether the hardware-mode interface has the walker off for this translation. */
static bool sw_walk(const struct hart *h, bool virt)
{
	return !h->probing && (h->mhwctl & (virt ? MHWCTL_SWWALK_GUEST : MHWCTL_SWWALK_HOST));
}

/* A TLB miss with the walker off: cause 24-26 to M, MTLBCTX naming the context. */
static bool tlb_miss_trap(struct hart *h, uint64_t va, enum access acc, unsigned priv, bool virt,
			  uint64_t ctx)
{
	static const uint64_t cause[3] = { HWMODE_CAUSE_LOAD, HWMODE_CAUSE_STORE, HWMODE_CAUSE_FETCH };
	hart_set_exc(h, cause[acc], va);
	h->mtlbva = va;
	h->mtlbctx = (virt ? MTLBCTX_V : 0) | (uint64_t)priv << MTLBCTX_PRIV_SHIFT |
		     (uint64_t)acc << MTLBCTX_ACC_SHIFT | (h->hlvx ? MTLBCTX_HLVX : 0) |
		     (ctx & 0xffff) << MTLBCTX_ASID_SHIFT |
		     ((ctx >> TLB_CTX_VMID_SHIFT) & 0x3fff) << MTLBCTX_VMID_SHIFT;
	h->st.tlb_miss_traps++;
	return false;
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
	uint64_t ctx = tlb_ctx((uint16_t)(h->satp >> SATP_ASID_SHIFT), 0, false);
	const struct tlb_entry *e;
	struct tlb_entry *l1e;
	struct walk w;

	if (!f) {
		bare(h, va, out);
		return true;
	}
	if (!canonical(va, f->va_bits)) {
		hart_set_exc(h, page_fault(acc), va);
		return false;
	}
	e = tlb_find(h, va, ctx, acc, &w.level, &l1e);
	if (e && leaf_permits(e->pte, acc, acc, priv, h->mstatus)) {
		w.ppn = e->ppn;
	} else if (sw_walk(h, false)) {
		return tlb_miss_trap(h, va, acc, priv, false, ctx);
	} else {
		switch (walk(h, f, (h->satp & SATP_PPN_MASK) << PAGE_SHIFT, va, NULL, ctx, 0, &w)) {
		case WALK_OK:
			break;
		case WALK_ACCESS_FAULT:
			hart_set_exc(h, access_fault(acc), va);
			return false;
		default:
			hart_set_exc(h, page_fault(acc), va);
			return false;
		}
		if ((w.pte & PTE_A) && !h->probing) {
			struct tlb_entry t = { .level = (uint8_t)w.level, .ppn = w.ppn, .ctx = ctx,
					       .pte = w.pte, .valid = TLBE_VALID };
			l1e = tlb_put(h, va, &t, acc);
		}
		if (!leaf_permits(w.pte, acc, acc, priv, h->mstatus)) {
			hart_set_exc(h, page_fault(acc), va);
			return false;
		}
	}
	out->pa = ((w.ppn << PAGE_SHIFT) & ~level_mask(w.level)) | (va & level_mask(w.level));
	out->level = w.level;
	out->translated = true;
	out->stamp = stamp_of(h, l1_of(h, acc), l1e);
	return true;
}

/* Sets a guest-page fault: tval the guest virtual address, tval2 the GPA >> 2. */
static void set_guest_fault(struct hart *h, enum access acc, uint64_t va, uint64_t gpa, bool implicit)
{
	hart_set_exc(h, guest_page_fault(acc), va);
	h->exc_tval2 = gpa >> 2;
	h->exc_tinst = implicit ? TINST_PSEUDO_VS_READ64 : 0;
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
	uint16_t vmid = hgatp_vmid(h);
	uint64_t ctx = vf ? tlb_ctx((uint16_t)(h->vsatp >> SATP_ASID_SHIFT), vmid, true)
			  : tlb_ctx(0, vmid, true) | TLB_CTX_VS_BARE;
	enum access perm = h->hlvx ? ACC_X : acc;
	bool gmxr = h->mstatus & MSTATUS_MXR;
	uint64_t vsst = h->vsstatus | (h->mstatus & MSTATUS_MXR);
	const struct tlb_entry *e;
	struct tlb_entry *l1e = NULL;
	struct walk vw, gw;
	uint64_t gpa, hpa;
	unsigned level;

	if (!vf && !gf) {
		bare(h, va, out);
		return true;
	}
	if (vf && !canonical(va, vf->va_bits)) {
		hart_set_exc(h, page_fault(acc), va);
		return false;
	}
	e = tlb_find(h, va, ctx, acc, &level, &l1e);
	if (e && entry_permits(e, acc, perm, priv, vsst, gmxr)) {
		hpa = ((e->ppn << PAGE_SHIFT) & ~level_mask(level)) | (va & level_mask(level));
		goto done;
	}
	if (sw_walk(h, true))
		return tlb_miss_trap(h, va, acc, priv, true, ctx);

	/* VS-stage */
	vw.level = TLB_LEVELS - 1;
	gpa = va;
	if (vf) {
		uint64_t root = (h->vsatp & SATP_PPN_MASK) << PAGE_SHIFT;
		switch (walk(h, vf, root, va, gf, ctx, 0, &vw)) {
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
		unsigned gl = gf ? gw.level : level;
		struct tlb_entry t = {
			.level = (uint8_t)level, .ppn = (hpa & ~level_mask(level)) >> PAGE_SHIFT, .ctx = ctx,
			.pte = vf ? vw.pte : (uint8_t)PTE_G, .gpte = gf ? gw.pte : 0, .glevel = (uint8_t)gl,
			.gpn = gpa >> (PAGE_SHIFT + 9 * gl),
			.valid = TLBE_VALID | (vf ? 0 : TLBE_VS_BARE) | (gf ? 0 : TLBE_G_BARE),
		};
		l1e = tlb_put(h, va, &t, acc);
	}
done:
	out->pa = hpa;
	out->level = level;
	out->translated = true;
	out->stamp = stamp_of(h, l1_of(h, acc), l1e);
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
