/*
 * The architectural TLB: leaf translations, one set-associative array per
 * page size, tagged with the translation context (ASID, VMID, V) and the
 * global bit. Replacement is round-robin per set, so that runs are
 * deterministic. Flushes follow the operands of sfence.vma, hfence.vvma
 * and hfence.gvma exactly (supervisor.adoc, "Supervisor Memory-Management
 * Fence Instruction"; hypervisor.adoc, "Hypervisor Memory-Management Fence
 * Instructions"): nothing else is dropped.
 */
#include <stdlib.h>

#include "hart.h"

int tlb_init(struct tlb *t, const unsigned sets[TLB_LEVELS])
{
	for (unsigned l = 0; l < TLB_LEVELS; l++) {
		struct tlb_level *lv = &t->lv[l];
		lv->sets = sets[l];
		if (!lv->sets || (lv->sets & (lv->sets - 1)))
			return -1;              /* a power of two */
		lv->e = calloc((size_t)lv->sets * TLB_WAYS, sizeof *lv->e);
		lv->next = calloc(lv->sets, 1);
		if (!lv->e || !lv->next)
			return -1;
	}
	return 0;
}

void tlb_free(struct tlb *t)
{
	for (unsigned l = 0; l < TLB_LEVELS; l++) {
		free(t->lv[l].e);
		free(t->lv[l].next);
		t->lv[l].e = NULL;
		t->lv[l].next = NULL;
	}
}

static inline uint64_t vpn_of(uint64_t va, unsigned level)
{
	return va >> (PAGE_SHIFT + 9 * level);
}

/* A global entry matches every ASID of its address space (V, VMID). */
static inline bool ctx_match(const struct tlb_entry *e, uint32_t ctx)
{
	return e->ctx == ctx || ((e->pte & PTE_G) && !((e->ctx ^ ctx) & TLB_SPACE_MASK));
}

/* The entry translating va in context ctx, smallest page size first. */
const struct tlb_entry *tlb_lookup(struct tlb *t, uint64_t va, uint32_t ctx, unsigned levels,
				   unsigned *level)
{
	for (unsigned l = 0; l < levels; l++) {
		const struct tlb_level *lv = &t->lv[l];
		uint64_t vpn = vpn_of(va, l);
		const struct tlb_entry *e = &lv->e[(vpn & (lv->sets - 1)) * TLB_WAYS];
		for (unsigned w = 0; w < TLB_WAYS; w++)
			if (e[w].valid && e[w].vpn == vpn && ctx_match(&e[w], ctx)) {
				*level = l;
				return &e[w];
			}
	}
	return NULL;
}

/*
 * Caches a translation (replacing one of the same page and context, else
 * a free way, else the set's round-robin victim). Returns the entry, whose
 * guest fields (gpte, gpn, glevel, the BARE flags) the caller fills.
 */
struct tlb_entry *tlb_insert(struct tlb *t, uint64_t va, unsigned level, uint64_t ppn, uint32_t ctx,
			     uint8_t pte)
{
	struct tlb_level *lv = &t->lv[level];
	uint64_t vpn = vpn_of(va, level);
	unsigned set = (unsigned)(vpn & (lv->sets - 1));
	struct tlb_entry *e = &lv->e[set * TLB_WAYS];
	unsigned way = TLB_WAYS;

	for (unsigned w = 0; w < TLB_WAYS && way == TLB_WAYS; w++)
		if (!e[w].valid || (e[w].vpn == vpn && e[w].ctx == ctx))
			way = w;
	if (way == TLB_WAYS) {
		way = lv->next[set];
		lv->next[set] = (uint8_t)((way + 1) % TLB_WAYS);
	}
	e[way] = (struct tlb_entry){ .vpn = vpn, .ppn = ppn, .ctx = ctx, .pte = pte, .valid = TLBE_VALID };
	return &e[way];
}

static bool flush_match(const struct tlb_entry *e, uint32_t space, bool has_asid, uint16_t asid)
{
	if (!e->valid || (e->ctx & TLB_SPACE_MASK) != space)
		return false;
	if (has_asid)
		return !(e->pte & PTE_G) && (uint16_t)e->ctx == asid;
	return true;
}

/*
 * sfence.vma semantics within one address space (space: the V and VMID
 * bits of the context; 0 for the host): has_va limits the flush to
 * translations of the page containing va (of any size); has_asid to
 * non-global entries of that ASID. Returns whether a superpage entry was
 * dropped.
 */
bool tlb_flush(struct tlb *t, uint32_t space, bool has_va, uint64_t va, bool has_asid, uint16_t asid)
{
	bool super = false;
	for (unsigned l = 0; l < TLB_LEVELS; l++) {
		struct tlb_level *lv = &t->lv[l];
		size_t first = 0, n = (size_t)lv->sets * TLB_WAYS;
		if (has_va) {
			first = (vpn_of(va, l) & (lv->sets - 1)) * TLB_WAYS;
			n = TLB_WAYS;
		}
		for (size_t i = first; i < first + n; i++) {
			struct tlb_entry *e = &lv->e[i];
			if (!flush_match(e, space, has_asid, asid))
				continue;
			if (has_va && e->vpn != vpn_of(va, l))
				continue;
			e->valid = 0;
			super |= l > 0;
		}
	}
	return super;
}

/*
 * hfence.gvma semantics: drops the guest entries (of one VMID when
 * has_vmid) whose G-stage leaf translates the guest-physical address gpa
 * (every one when !has_gpa). Entries are indexed by guest virtual
 * address, so an address flush scans them all. Returns whether any entry
 * was dropped.
 */
bool tlb_flush_gvma(struct tlb *t, bool has_gpa, uint64_t gpa, bool has_vmid, uint16_t vmid)
{
	bool any = false;
	for (unsigned l = 0; l < TLB_LEVELS; l++) {
		struct tlb_level *lv = &t->lv[l];
		for (size_t i = 0; i < (size_t)lv->sets * TLB_WAYS; i++) {
			struct tlb_entry *e = &lv->e[i];
			if (!e->valid || !(e->ctx & TLB_CTX_V))
				continue;
			if (has_vmid && ((e->ctx >> TLB_CTX_VMID_SHIFT) & ((1u << HGATP_VMID_BITS) - 1)) != vmid)
				continue;
			if (has_gpa && e->gpn != gpa >> (PAGE_SHIFT + 9 * e->glevel))
				continue;
			e->valid = 0;
			any = true;
		}
	}
	return any;
}
