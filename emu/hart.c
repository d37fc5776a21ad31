/*
 * Hart reset and the bookkeeping of the translation caches: which fast
 * table serves the current context, and what each flush drops.
 */
#include <stdlib.h>

#include "machine.h"

static void ftlb_clear(struct ftlb *f)
{
	memset(f->r, 0xff, sizeof f->r);
	memset(f->w, 0xff, sizeof f->w);
	for (unsigned i = 0; i < FTLB_SIZE; i++)
		f->x[i].tag = FTLB_NONE;
	f->used = false;
	f->has_super = false;
}

/*
 * (Re)builds the translation caches with the geometry of config c: the
 * L1 TLBs share the hart's LRU clock with the fast paths. Returns 0, or -1
 * (invalid geometry or no memory) with the old structures freed.
 */
int hart_tlbs_init(struct hart *h, const struct timing_config *c)
{
	hart_tlbs_free(h);
	if (tlb_init(&h->itlb, c->itlb.entries, c->itlb.ways, c->itlb.repl, &h->lru_clock) ||
	    tlb_init(&h->dtlb, c->dtlb.entries, c->dtlb.ways, c->dtlb.repl, &h->lru_clock) ||
	    tlb_init(&h->l2tlb, c->l2tlb.entries, c->l2tlb.ways, c->l2tlb.repl, NULL) ||
	    tlb_init(&h->pwc, c->pwc.entries, c->pwc.ways, c->pwc.repl, NULL) ||
	    tlb_init(&h->ntlb, c->ntlb.entries, c->ntlb.ways, c->ntlb.repl, NULL) ||
	    !h->itlb.entries || !h->dtlb.entries) {
		hart_tlbs_free(h);
		return -1;
	}
	for (unsigned i = 0; i < FTLB_CONTEXTS; i++)
		ftlb_clear(&h->ftlb[i]);
	return 0;
}

void hart_tlbs_free(struct hart *h)
{
	tlb_free(&h->itlb);
	tlb_free(&h->dtlb);
	tlb_free(&h->l2tlb);
	tlb_free(&h->pwc);
	tlb_free(&h->ntlb);
}

/* Empties every translation cache and fast table. */
void hart_tlbs_flush_all(struct hart *h)
{
	tlb_flush_all(&h->itlb);
	tlb_flush_all(&h->dtlb);
	tlb_flush_all(&h->l2tlb);
	tlb_flush_all(&h->pwc);
	tlb_flush_all(&h->ntlb);
	for (unsigned i = 0; i < FTLB_CONTEXTS; i++)
		ftlb_clear(&h->ftlb[i]);
}

/* Reset state (machine.adoc, "Reset"): M-mode, MIE = MPRV = 0, misa full. */
void hart_reset(struct hart *h, struct machine *m, uint64_t hartid)
{
	memset(h, 0, offsetof(struct hart, ftlb));
	hart_tlbs_flush_all(h);
	h->acct_ctx = PRV_M;
	h->last_iline = ~0ull;
	h->m = m;
	h->hartid = hartid;
	h->priv = PRV_M;
	h->misa = (2ull << 62) | (1u << ('I' - 'A')) | (1u << ('M' - 'A')) | (1u << ('A' - 'A')) |
		  (1u << ('C' - 'A')) | (1u << ('H' - 'A')) | (1u << ('S' - 'A')) | (1u << ('U' - 'A'));
	h->mstatus = (2ull << 32) | (2ull << 34);          /* UXL = SXL = 64 */
	h->hstatus = HSTATUS_VSXL & (2ull << 32);          /* VSXL = 64 */
	h->vsstatus = MSTATUS_UXL & (2ull << 32);          /* UXL = 64 */
	h->mideleg = MIP_VSSIP | MIP_VSTIP | MIP_VSEIP;    /* read-only 1 (hypervisor.adoc) */
	hart_context_changed(h);
}

/*
 * Points the fast paths at the tables of the current privilege context,
 * and settles the instructions retired in the previous context for the
 * cycle accounting.
 */
void hart_context_changed(struct hart *h)
{
	hart_context_changed_by(h, 0);
}

/*
 * As hart_context_changed, for a change made by the instruction now
 * executing that retires in the old context (an xRET: `retiring` = 1,
 * counted in the mode that executed it).
 */
void hart_context_changed_by(struct hart *h, unsigned retiring)
{
	unsigned ctx = h->priv | (h->virt ? 4u : 0u);
	if (ctx != h->acct_ctx) {
		uint64_t now = hart_instret(h) + retiring;
		h->st.instret[h->acct_ctx] += now - h->acct_mark;
		h->acct_mark = now;
		h->acct_ctx = ctx;
	}
	h->fx = &h->ftlb[h->priv | (h->virt ? 4u : 0u)];
	h->fd = &h->ftlb[hart_data_priv(h) | (hart_data_virt(h) ? 4u : 0u)];
}

/*
 * Ends the running chain after the current instruction, keeping the count
 * exact: what remains of the budget is taken off its total.
 */
void hart_request_exit(struct hart *h)
{
	if (h->budget > 1) {
		h->budget_total -= h->budget - 1;
		h->budget = 1;
	}
}

/* Fast-table contexts (priv | V << 2) by what translates them. */
#define CTX_HOST  (1u << PRV_U | 1u << PRV_S)              /* satp */
#define CTX_GUEST (1u << (4 | PRV_U) | 1u << (4 | PRV_S))  /* vsatp and hgatp */
#define CTX_ALL   0xffu

static void flush_contexts(struct hart *h, unsigned mask)
{
	for (unsigned i = 0; i < FTLB_CONTEXTS; i++)
		if ((mask >> i & 1) && h->ftlb[i].used)
			ftlb_clear(&h->ftlb[i]);
	hart_request_exit(h);
}

/* Drops every fast entry (PMP changed, debugger wrote memory). */
void hart_flush_fast(struct hart *h)
{
	flush_contexts(h, CTX_ALL);
}

/* Drops the fast entries of translated contexts (MXR changed). */
void hart_flush_translated(struct hart *h)
{
	flush_contexts(h, CTX_HOST | CTX_GUEST);
}

/* Drops the fast entries that satp (or sstatus.SUM) governs. */
void hart_flush_host(struct hart *h)
{
	flush_contexts(h, CTX_HOST);
}

/* Drops the fast entries of the guest (vsatp, hgatp, vsstatus changed). */
void hart_flush_guest(struct hart *h)
{
	flush_contexts(h, CTX_GUEST);
}

/*
 * An L1 TLB entry was evicted: the fast entries derived from it go too
 * (the data or the fetch tables). A 4 KiB entry's page is dropped in
 * every context; a superpage empties the translated contexts.
 */
void hart_fast_evict(struct hart *h, bool fetch, const struct tlb_entry *ev)
{
	uint64_t va = ev->vpn << PAGE_SHIFT, tag = ev->vpn;

	if (ev->level > 0) {
		flush_contexts(h, CTX_HOST | CTX_GUEST);
		return;
	}
	for (unsigned i = 0; i < FTLB_CONTEXTS; i++) {
		struct ftlb *f = &h->ftlb[i];
		if (!f->used)
			continue;
		if (fetch) {
			if (f->x[FTLB_IDX(va)].tag == tag)
				f->x[FTLB_IDX(va)].tag = FTLB_NONE;
		} else {
			if (f->r[FTLB_IDX(va)].tag == tag)
				f->r[FTLB_IDX(va)].tag = FTLB_NONE;
			if (f->w[FTLB_IDX(va)].tag == tag)
				f->w[FTLB_IDX(va)].tag = FTLB_NONE;
		}
	}
	hart_request_exit(h);
}

/* A page became code: stores to it must now take the slow path. */
void hart_flush_fast_writes(struct hart *h)
{
	for (unsigned i = 0; i < FTLB_CONTEXTS; i++)
		if (h->ftlb[i].used)
			memset(h->ftlb[i].w, 0xff, sizeof h->ftlb[i].w);
}

/*
 * After the architectural TLB dropped translations of one address space
 * (contexts `mask`), the fast tables, which hold translations of the
 * current ASID and VMID only, drop what might be derived from them: the
 * page of va, or everything when no address was given or a superpage may
 * be involved.
 */
static void fast_fence(struct hart *h, unsigned mask, bool has_va, uint64_t va, bool super)
{
	for (unsigned i = 0; i < FTLB_CONTEXTS; i++)
		super |= (mask >> i & 1) && h->ftlb[i].has_super;
	if (!has_va || super) {
		flush_contexts(h, mask);
		return;
	}
	for (unsigned i = 0; i < FTLB_CONTEXTS; i++) {
		struct ftlb *f = &h->ftlb[i];
		if (!(mask >> i & 1) || !f->used)
			continue;
		f->r[FTLB_IDX(va)].tag = FTLB_NONE;
		f->w[FTLB_IDX(va)].tag = FTLB_NONE;
		f->x[FTLB_IDX(va)].tag = FTLB_NONE;
	}
	hart_request_exit(h);
}

static uint16_t current_vmid(const struct hart *h)
{
	return (uint16_t)(h->hgatp >> HGATP_VMID_SHIFT) & ((1u << HGATP_VMID_BITS) - 1);
}

static uint64_t guest_space(const struct hart *h)
{
	return tlb_ctx(0, current_vmid(h), true);
}

#define VMID_MASK_CTX ((uint64_t)((1u << HGATP_VMID_BITS) - 1) << TLB_CTX_VMID_SHIFT)

/*
 * The leaf translations one address space's sfence.vma names, in every
 * TLB; without an address also the non-leaf entries of the page-walk
 * cache (with an address the fence orders only the leaf PTE: supervisor.adoc,
 * "Supervisor Memory-Management Fence Instruction"). Returns whether a
 * superpage entry was dropped.
 */
static bool fence_space(struct hart *h, uint64_t space, bool has_va, uint64_t va, bool has_asid,
			uint16_t asid)
{
	bool super = tlb_flush(&h->itlb, space, has_va, va, has_asid, asid);
	super |= tlb_flush(&h->dtlb, space, has_va, va, has_asid, asid);
	super |= tlb_flush(&h->l2tlb, space, has_va, va, has_asid, asid);
	if (!has_va) {
		tlb_flush(&h->pwc, space, false, 0, has_asid, asid);
		h->mtlbepoch++;
	}
	return super;
}

/*
 * sfence.vma: the architectural TLB drops exactly what the operands name,
 * in the current address space: the host's when V=0, the current VM's
 * VS-stage when V=1 (hypervisor.adoc, "Memory-Management Fences").
 */
void hart_sfence(struct hart *h, bool has_va, uint64_t va, bool has_asid, uint16_t asid)
{
	if (h->virt) {
		hart_hfence_vvma(h, has_va, va, has_asid, asid);
		return;
	}
	bool super = fence_space(h, 0, has_va, va, has_asid, asid);
	if (has_asid && !has_va && asid != (uint16_t)(h->satp >> SATP_ASID_SHIFT))
		return;
	fast_fence(h, CTX_HOST, has_va, va, super);
}

/* hfence.vvma: VS-stage translations of the current VMID. */
void hart_hfence_vvma(struct hart *h, bool has_va, uint64_t va, bool has_asid, uint16_t asid)
{
	bool super = fence_space(h, guest_space(h), has_va, va, has_asid, asid);
	if (has_asid && !has_va && asid != (uint16_t)(h->vsatp >> SATP_ASID_SHIFT))
		return;
	fast_fence(h, CTX_GUEST, has_va, va, super);
}

/*
 * hfence.gvma: guest translations derived from the G-stage leaf of gpa
 * (any when !has_gpa), of one VMID or of all. The fast tables are indexed
 * by guest virtual address, so the current VM's are dropped whole.
 */
void hart_hfence_gvma(struct hart *h, bool has_gpa, uint64_t gpa, bool has_vmid, uint16_t vmid)
{
	tlb_flush_gvma(&h->itlb, has_gpa, gpa, has_vmid, vmid);
	tlb_flush_gvma(&h->dtlb, has_gpa, gpa, has_vmid, vmid);
	tlb_flush_gvma(&h->l2tlb, has_gpa, gpa, has_vmid, vmid);
	tlb_flush_gvma(&h->ntlb, has_gpa, gpa, has_vmid, vmid);
	h->mtlbepoch++;
	h->mtlbgepoch++;
	if (!has_gpa)      /* G-stage non-leaf entries: only a fence of every address orders them */
		tlb_flush_match(&h->pwc, TLB_CTX_GSTAGE | (has_vmid ? VMID_MASK_CTX : 0),
				TLB_CTX_GSTAGE | (has_vmid ? (uint64_t)vmid << TLB_CTX_VMID_SHIFT : 0));
	if (!has_vmid || vmid == current_vmid(h))
		hart_flush_guest(h);
}
