/*
 * pmem.c - host pages: the RAM the hypervisor does not use for itself
 * (its image, the firmware, the host's initrd and device tree, memreserve
 * entries), as a few free ranges handed out from their low end. Nothing
 * is freed: the VM lives until the machine powers off.
 */
#include "hyp.h"

#define PMEM_MAX_RANGES 16

static struct {
	uint64_t base, end;
} ranges[PMEM_MAX_RANGES];
static unsigned nranges;
uint64_t pmem_allocated;

/* Adds [base, end) (shrunk to whole pages) to the free ranges. */
void pmem_add(uint64_t base, uint64_t end)
{
	base = ALIGN_UP(base, PAGE_SIZE);
	end = ALIGN_DOWN(end, PAGE_SIZE);
	if (base >= end || nranges == PMEM_MAX_RANGES)
		return;
	ranges[nranges].base = base;
	ranges[nranges].end = end;
	nranges++;
}

/* Takes [base, end) (grown to whole pages) out of every free range,
 * splitting a range that holds it. */
void pmem_exclude(uint64_t base, uint64_t end)
{
	unsigned i, n = nranges;

	base = ALIGN_DOWN(base, PAGE_SIZE);
	end = ALIGN_UP(end, PAGE_SIZE);
	for (i = 0; i < n; i++) {
		uint64_t rb = ranges[i].base, re = ranges[i].end;

		if (end <= rb || base >= re)
			continue;
		ranges[i].end = base > rb ? base : rb; /* the part below */
		if (end < re)                          /* the part above */
			pmem_add(end, re);
	}
}

uint64_t pmem_free_bytes(void)
{
	uint64_t n = 0;
	unsigned i;

	for (i = 0; i < nranges; i++)
		n += ranges[i].end - ranges[i].base;
	return n;
}

/* npages zeroed contiguous pages aligned to align bytes (a power of two,
 * at least a page), or NULL. */
void *pmem_alloc(size_t npages, size_t align)
{
	unsigned i;

	for (i = 0; i < nranges; i++) {
		uint64_t p = ALIGN_UP(ranges[i].base, align);

		if (p >= ranges[i].end || ranges[i].end - p < npages * PAGE_SIZE)
			continue;
		if (p != ranges[i].base) /* keep the gap below for later pages */
			pmem_add(ranges[i].base, p);
		ranges[i].base = p + npages * PAGE_SIZE;
		pmem_allocated += npages;
		memset((void *)(uintptr_t)p, 0, npages * PAGE_SIZE);
		return (void *)(uintptr_t)p;
	}
	return NULL;
}
