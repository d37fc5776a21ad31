/*
 * vm.c - page-table building for the target tests (Sv39/Sv48: 9 VPN bits
 * per level, 8-byte PTEs; supervisor.adoc "Sv39: Page-Based 39-bit
 * Virtual-Memory System"). Tables come from a pool in .bss.
 */
#include "test.h"

#define PT_POOL_PAGES 48

static uint64_t pt_pool[PT_POOL_PAGES][512] __attribute__((aligned(4096)));
static int pt_used;

uint64_t *pt_alloc(void)
{
	if (pt_used == PT_POOL_PAGES) {
		puts("FAIL page-table pool exhausted\n");
		exit(2);
	}
	uint64_t *p = pt_pool[pt_used++];
	memset(p, 0, PAGE_SIZE);
	return p;
}

void pt_reset(void)
{
	pt_used = 0;
}

static unsigned vpn(uint64_t va, int level)
{
	return (unsigned)((va >> (12 + 9 * level)) & 511);
}

/* The table at `level` on va's path, creating missing non-leaf tables
 * when `create`; 0 when the path ends in a leaf or (without create) an
 * invalid entry first. */
static uint64_t *pt_table(uint64_t *root, int levels, uint64_t va, int level,
			  int create)
{
	uint64_t *t = root;
	for (int l = levels - 1; l > level; l--) {
		uint64_t *e = &t[vpn(va, l)];
		if (!(*e & PTE_V)) {
			if (!create)
				return 0;
			*e = pte_make((uint64_t)pt_alloc(), PTE_V);
		} else if (*e & (PTE_R | PTE_W | PTE_X)) {
			return 0;
		}
		t = (uint64_t *)((*e >> PTE_PPN_SHIFT) << 12);
	}
	return t;
}

uint64_t *pt_map(uint64_t *root, int levels, uint64_t va, uint64_t pa,
		 int level, uint64_t flags)
{
	uint64_t *t = pt_table(root, levels, va, level, 1);
	if (!t) {
		puts("FAIL pt_map: path blocked by a leaf\n");
		exit(2);
	}
	uint64_t *e = &t[vpn(va, level)];
	*e = pte_make(pa, flags | PTE_V);
	return e;
}

uint64_t *pt_entry(uint64_t *root, int levels, uint64_t va, int level)
{
	uint64_t *t = pt_table(root, levels, va, level, 0);
	return t ? &t[vpn(va, level)] : 0;
}

uint64_t *vm_identity_root(int levels, uint64_t flags)
{
	uint64_t *root = pt_alloc();
	pt_map(root, levels, RAM_BASE, RAM_BASE, 2, flags);
	return root;
}

void vm_set_satp(uint64_t satp)
{
	csr_write(satp, satp);
	sfence_vma_all();
}
