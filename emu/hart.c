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
	tlb_flush(&h->tlb, 0, false, 0, false, 0);
	tlb_flush_gvma(&h->tlb, false, 0, false, 0);
	h->m = m;
	h->hartid = hartid;
	h->priv = PRV_M;
	h->misa = (2ull << 62) | (1u << ('I' - 'A')) | (1u << ('M' - 'A')) | (1u << ('A' - 'A')) |
		  (1u << ('C' - 'A')) | (1u << ('H' - 'A')) | (1u << ('S' - 'A')) | (1u << ('U' - 'A'));
	h->mstatus = (2ull << 32) | (2ull << 34);          /* UXL = SXL = 64 */
	h->hstatus = HSTATUS_VSXL & (2ull << 32);          /* VSXL = 64 */
	h->vsstatus = MSTATUS_UXL & (2ull << 32);          /* UXL = 64 */
	h->mideleg = MIP_VSSIP | MIP_VSTIP | MIP_VSEIP;    /* read-only 1 (hypervisor.adoc) */
	for (unsigned i = 0; i < FTLB_CONTEXTS; i++)
		ftlb_clear(&h->ftlb[i]);
	hart_context_changed(h);
}

/* Points the fast paths at the tables of the current privilege context. */
void hart_context_changed(struct hart *h)
{
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

static uint32_t guest_space(const struct hart *h)
{
	return tlb_ctx(0, current_vmid(h), true);
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
	bool super = tlb_flush(&h->tlb, 0, has_va, va, has_asid, asid);
	if (has_asid && !has_va && asid != (uint16_t)(h->satp >> SATP_ASID_SHIFT))
		return;
	fast_fence(h, CTX_HOST, has_va, va, super);
}

/* hfence.vvma: VS-stage translations of the current VMID. */
void hart_hfence_vvma(struct hart *h, bool has_va, uint64_t va, bool has_asid, uint16_t asid)
{
	bool super = tlb_flush(&h->tlb, guest_space(h), has_va, va, has_asid, asid);
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
	tlb_flush_gvma(&h->tlb, has_gpa, gpa, has_vmid, vmid);
	if (!has_vmid || vmid == current_vmid(h))
		hart_flush_guest(h);
}
