/*
 * pgtable.c - Sv39 page tables (supervisor.adoc, "Sv39: Page-Based
 * 39-bit Virtual-Memory System"): three levels of 512 PTEs, level 2 the
 * root. Tables are frames from pmem, reached through the linear map.
 */
#include "mm.h"

/*
 * The level-0 PTE for va under root, allocating missing tables when
 * alloc is set. NULL if a table is missing (and not allocated, or out of
 * memory) or if a superpage covers va.
 */
pte_t *pt_walk(pte_t *root, uint64_t va, int alloc)
{
	pte_t *pt = root;

	for (int level = 2; level > 0; level--) {
		pte_t *pte = &pt[PX(level, va)];
		if (*pte & PTE_V) {
			if (PTE_LEAF(*pte))
				return NULL;
			pt = p2v(PTE_PA(*pte));
			continue;
		}
		if (!alloc)
			return NULL;
		uint64_t pa = pmem_alloc();
		if (!pa)
			return NULL;
		*pte = PA_PTE(pa) | PTE_V;
		pt = p2v(pa);
	}
	return &pt[PX(0, va)];
}

/*
 * Map one page of the given level (0: 4 KiB, 1: 2 MiB, 2: 1 GiB) at va to
 * pa with flags (PTE_V is added). Used for the kernel's tables. Returns 0,
 * or -1 when out of memory or something is already mapped there.
 */
int pt_map(pte_t *root, uint64_t va, uint64_t pa, int level, uint64_t flags)
{
	pte_t *pt = root;

	for (int l = 2; l > level; l--) {
		pte_t *pte = &pt[PX(l, va)];
		if (!(*pte & PTE_V)) {
			uint64_t t = pmem_alloc();
			if (!t)
				return -1;
			*pte = PA_PTE(t) | PTE_V;
		} else if (PTE_LEAF(*pte)) {
			return -1;
		}
		pt = p2v(PTE_PA(*pte));
	}
	if (pt[PX(level, va)] & PTE_V)
		return -1;
	pt[PX(level, va)] = PA_PTE(pa) | flags | PTE_V;
	return 0;
}

/* Free the tables below pt (a table of the given level) and the frames
 * its leaves map (one reference each). */
static void pt_free_level(pte_t *pt, int level)
{
	for (int i = 0; i < 512; i++) {
		pte_t pte = pt[i];
		if (!pte_present(pte))
			continue;
		if (!(pte & PTE_V) || PTE_LEAF(pte))
			pmem_put(PTE_PA(pte));      /* a leaf, or a PROT_NONE page */
		else if (level > 0)
			pt_free_level(p2v(PTE_PA(pte)), level - 1);
		pt[i] = 0;
	}
	pmem_put(v2p(pt));
}

/*
 * Free the user half of a process's table (root entries 0..255) and the
 * root itself; the kernel half is shared and stays.
 */
void pt_free_user(pte_t *root)
{
	for (int i = 0; i < 256; i++) {
		if (root[i] & PTE_V) {
			if (PTE_LEAF(root[i]))
				pmem_put(PTE_PA(root[i]));
			else
				pt_free_level(p2v(PTE_PA(root[i])), 1);
		}
	}
	pmem_put(v2p(root));
}
