/*
 * pmem.c - the page-frame allocator. RAM (from the device tree) minus
 * what is in use at boot - firmware and kernel image (everything below
 * _kernel_end), the device tree, the initrd and the tree's reserved
 * regions - is kept as a short list of free ranges. A frame comes from
 * the free list of returned frames first (LIFO: recently freed, likely
 * cached), else from the frontier of the first range that has any left,
 * so that boot costs nothing per frame. Every frame has a reference count
 * (shared by COW mappings); the count array is carved from free RAM.
 */
#include "mm.h"

#define PMEM_MAX_RANGES 16

struct pmem_range {
	uint64_t next, end;            /* frontier and end, physical */
};

static struct pmem_range ranges[PMEM_MAX_RANGES];
static int nranges;
static uint64_t free_list;         /* PA of the first free frame, 0: empty */
static uint64_t nfree, ntotal;
static uint32_t *refcnt;           /* per frame of RAM */
static uint64_t ram_base, ram_frames;
static void *kstack_cache;         /* freed kernel stacks, linked by first word */

/* Remove [base, base+size) from the free ranges (splitting as needed). */
static void pmem_reserve(uint64_t base, uint64_t size)
{
	uint64_t lo = PGROUNDDOWN(base), hi = PGROUNDUP(base + size);

	for (int i = 0; i < nranges; i++) {
		struct pmem_range *r = &ranges[i];
		if (hi <= r->next || lo >= r->end)
			continue;
		if (lo > r->next && hi < r->end && nranges < PMEM_MAX_RANGES) {
			ranges[nranges++] = (struct pmem_range){ hi, r->end };
			r->end = lo;
		} else if (lo > r->next) {
			r->end = lo;
		} else {
			r->next = MIN(hi, r->end);
		}
	}
}

/* Take n contiguous frames from some range's frontier; 0 if none. */
static uint64_t pmem_take(uint64_t n)
{
	for (int i = 0; i < nranges; i++) {
		if (ranges[i].end - ranges[i].next >= n * PAGE_SIZE) {
			uint64_t pa = ranges[i].next;
			ranges[i].next += n * PAGE_SIZE;
			return pa;
		}
	}
	return 0;
}

void pmem_init(const uint64_t resv[][2], int nresv)
{
	uint64_t bytes;

	ram_base = boot.ram_base;
	ram_frames = boot.ram_size / PAGE_SIZE;
	ranges[0] = (struct pmem_range){ ram_base, ram_base + ram_frames * PAGE_SIZE };
	nranges = 1;
	pmem_reserve(ram_base, v2p(_kernel_end) - ram_base);
	pmem_reserve(boot.dtb_pa, boot.dtb_size);
	if (boot.initrd_end > boot.initrd_start)
		pmem_reserve(boot.initrd_start, boot.initrd_end - boot.initrd_start);
	for (int i = 0; i < nresv; i++)
		pmem_reserve(resv[i][0], resv[i][1]);

	bytes = PGROUNDUP(ram_frames * sizeof *refcnt);
	refcnt = p2v(pmem_take(bytes / PAGE_SIZE));
	if (refcnt == p2v(0))
		panic("pmem: no room for %lu frame counts", ram_frames);
	memset(refcnt, 0, bytes);
	for (int i = 0; i < nranges; i++)
		ntotal += (ranges[i].end - ranges[i].next) / PAGE_SIZE;
	nfree = ntotal;
}

static uint32_t *pmem_ref(uint64_t pa)
{
	uint64_t i = (pa - ram_base) / PAGE_SIZE;

	if (pa < ram_base || i >= ram_frames)
		panic("pmem: %lx is not RAM", pa);
	return &refcnt[i];
}

uint64_t pmem_alloc_nozero(void)
{
	uint64_t pa = free_list;

	if (pa)
		free_list = *(uint64_t *)p2v(pa);
	else if (!(pa = pmem_take(1)))
		return 0;
	*pmem_ref(pa) = 1;
	nfree--;
	return pa;
}

uint64_t pmem_alloc(void)
{
	uint64_t pa = pmem_alloc_nozero();

	if (pa)
		memset(p2v(pa), 0, PAGE_SIZE);
	return pa;
}

void pmem_get(uint64_t pa)
{
	(*pmem_ref(pa))++;
}

void pmem_put(uint64_t pa)
{
	uint32_t *r = pmem_ref(pa);

	if (*r == 0)
		panic("pmem: double free of %lx", pa);
	if (--*r)
		return;
	*(uint64_t *)p2v(pa) = free_list;
	free_list = pa;
	nfree++;
}

unsigned pmem_refs(uint64_t pa)
{
	return *pmem_ref(pa);
}

uint64_t pmem_free_frames(void) { return nfree; }
uint64_t pmem_total_frames(void) { return ntotal; }

/*
 * Kernel stacks are KSTACK_SIZE contiguous bytes: from the cache of freed
 * stacks, else fresh from a frontier. They go back to the cache, never to
 * the frame list, so contiguity is never needed twice.
 */
void *kstack_alloc(void)
{
	void *s = kstack_cache;
	uint64_t pa;

	if (s) {
		kstack_cache = *(void **)s;
		return s;
	}
	pa = pmem_take(KSTACK_SIZE / PAGE_SIZE);
	if (!pa)
		return NULL;
	for (uint64_t i = 0; i < KSTACK_SIZE / PAGE_SIZE; i++)
		*pmem_ref(pa + i * PAGE_SIZE) = 1;
	nfree -= KSTACK_SIZE / PAGE_SIZE;
	return p2v(pa);
}

void kstack_free(void *stack)
{
	*(void **)stack = kstack_cache;
	kstack_cache = stack;
}
