/*
 * The architectural TLB: leaf translations, one set-associative array per
 * page size, tagged with the ASID and the global bit. Replacement is
 * round-robin per set, so that runs are deterministic. Flushes follow
 * sfence.vma's operands exactly (supervisor.adoc, "Supervisor
 * Memory-Management Fence Instruction"): nothing else is dropped.
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

static inline bool asid_match(const struct tlb_entry *e, uint16_t asid)
{
	return (e->pte & PTE_G) || e->asid == asid;
}

/* The entry translating va for this ASID, smallest page size first. */
const struct tlb_entry *tlb_lookup(struct tlb *t, uint64_t va, uint16_t asid, unsigned levels,
				   unsigned *level)
{
	for (unsigned l = 0; l < levels; l++) {
		const struct tlb_level *lv = &t->lv[l];
		uint64_t vpn = vpn_of(va, l);
		const struct tlb_entry *e = &lv->e[(vpn & (lv->sets - 1)) * TLB_WAYS];
		for (unsigned w = 0; w < TLB_WAYS; w++)
			if (e[w].valid && e[w].vpn == vpn && asid_match(&e[w], asid)) {
				*level = l;
				return &e[w];
			}
	}
	return NULL;
}

void tlb_insert(struct tlb *t, uint64_t va, unsigned level, uint64_t ppn, uint16_t asid, uint8_t pte)
{
	struct tlb_level *lv = &t->lv[level];
	uint64_t vpn = vpn_of(va, level);
	unsigned set = (unsigned)(vpn & (lv->sets - 1));
	struct tlb_entry *e = &lv->e[set * TLB_WAYS];
	unsigned way = TLB_WAYS;

	for (unsigned w = 0; w < TLB_WAYS && way == TLB_WAYS; w++)
		if (!e[w].valid || (e[w].vpn == vpn && e[w].asid == asid))
			way = w;
	if (way == TLB_WAYS) {
		way = lv->next[set];
		lv->next[set] = (uint8_t)((way + 1) % TLB_WAYS);
	}
	e[way] = (struct tlb_entry){ .vpn = vpn, .ppn = ppn, .asid = asid, .pte = pte, .valid = 1 };
}

static bool flush_match(const struct tlb_entry *e, bool has_asid, uint16_t asid)
{
	if (!e->valid)
		return false;
	if (has_asid)
		return !(e->pte & PTE_G) && e->asid == asid;
	return true;
}

/*
 * sfence.vma semantics: has_va limits the flush to translations of the
 * page containing va (of any size); has_asid to non-global entries of
 * that ASID. Returns whether a superpage entry was dropped.
 */
bool tlb_flush(struct tlb *t, bool has_va, uint64_t va, bool has_asid, uint16_t asid)
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
			if (!flush_match(e, has_asid, asid))
				continue;
			if (has_va && e->vpn != vpn_of(va, l))
				continue;
			e->valid = 0;
			super |= l > 0;
		}
	}
	return super;
}
