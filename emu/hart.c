/*
 * Hart reset and the bookkeeping of the translation caches: which fast
 * table serves the current context, and what each flush drops.
 */
#include <stdlib.h>

#include "machine.h"

/* Default sets per page size of the architectural TLB (4 ways each). */
static const unsigned tlb_sets[TLB_LEVELS] = { 512, 64, 16, 4 };

static void ftlb_clear(struct ftlb *f)
{
	memset(f->r, 0xff, sizeof f->r);
	memset(f->w, 0xff, sizeof f->w);
	for (unsigned i = 0; i < FTLB_SIZE; i++)
		f->x[i].tag = FTLB_NONE;
	f->used = false;
	f->has_super = false;
}

/* Reset state (machine.adoc, "Reset"): M-mode, MIE = MPRV = 0, misa full. */
void hart_reset(struct hart *h, struct machine *m, uint64_t hartid)
{
	struct tlb keep = h->tlb;
	memset(h, 0, offsetof(struct hart, ftlb));
	h->tlb = keep;
	if (!h->tlb.lv[0].e && tlb_init(&h->tlb, tlb_sets) < 0) {
		fprintf(stderr, "hmvirt: out of host memory for the TLB\n");
		exit(2);
	}
	tlb_flush(&h->tlb, false, 0, false, 0);
	h->m = m;
	h->hartid = hartid;
	h->priv = PRV_M;
	h->misa = (2ull << 62) | (1u << ('I' - 'A')) | (1u << ('M' - 'A')) | (1u << ('A' - 'A')) |
		  (1u << ('C' - 'A')) | (1u << ('S' - 'A')) | (1u << ('U' - 'A'));
	h->mstatus = (2ull << 32) | (2ull << 34);          /* UXL = SXL = 64 */
	for (unsigned i = 0; i < FTLB_CONTEXTS; i++)
		ftlb_clear(&h->ftlb[i]);
	hart_context_changed(h);
}

/* Points the fast paths at the tables of the current privilege context. */
void hart_context_changed(struct hart *h)
{
	unsigned v = h->virt ? 4u : 0u;
	h->fx = &h->ftlb[h->priv | v];
	h->fd = &h->ftlb[hart_data_priv(h) | v];
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

/* Drops every fast entry (PMP changed, debugger wrote memory). */
void hart_flush_fast(struct hart *h)
{
	for (unsigned i = 0; i < FTLB_CONTEXTS; i++)
		if (h->ftlb[i].used)
			ftlb_clear(&h->ftlb[i]);
	hart_request_exit(h);
}

/* Drops the fast entries of translated contexts (satp, SUM, MXR changed). */
void hart_flush_translated(struct hart *h)
{
	for (unsigned i = 0; i < FTLB_CONTEXTS; i++)
		if (i != PRV_M && h->ftlb[i].used)
			ftlb_clear(&h->ftlb[i]);
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
 * sfence.vma: the architectural TLB drops exactly what the operands name;
 * the fast tables, which hold translations of the current ASID only, drop
 * what might be derived from it.
 */
void hart_sfence(struct hart *h, bool has_va, uint64_t va, bool has_asid, uint16_t asid)
{
	bool super = tlb_flush(&h->tlb, has_va, va, has_asid, asid);
	bool any_super = super;

	if (has_asid && !has_va && asid != (uint16_t)(h->satp >> SATP_ASID_SHIFT))
		return;
	for (unsigned i = 0; i < FTLB_CONTEXTS; i++)
		any_super |= i != PRV_M && h->ftlb[i].has_super;
	if (!has_va || any_super) {
		hart_flush_translated(h);
		return;
	}
	for (unsigned i = 0; i < FTLB_CONTEXTS; i++) {
		struct ftlb *f = &h->ftlb[i];
		if (i == PRV_M || !f->used)
			continue;
		f->r[FTLB_IDX(va)].tag = FTLB_NONE;
		f->w[FTLB_IDX(va)].tag = FTLB_NONE;
		f->x[FTLB_IDX(va)].tag = FTLB_NONE;
	}
	hart_request_exit(h);
}
