/*
 * kmalloc.c - the kernel allocator: power-of-two size classes from 16 to
 * 2048 bytes carved out of whole frames (slab-like), and whole frames for
 * larger requests (up to PAGE_SIZE). A slab frame starts with a small
 * header naming its class, so objects are never page-aligned and kfree
 * tells the two kinds apart by alignment alone. Free objects of a class
 * are linked through their first word.
 */
#include "mm.h"

#define KM_MIN_SHIFT 4
#define KM_NCLASSES 8              /* 16, 32, ... 2048 */
#define KM_HDR 16                  /* slab header: the class index */

static void *km_free[KM_NCLASSES];

static int km_class(size_t size)
{
	int c = 0;

	while (((size_t)1 << (c + KM_MIN_SHIFT)) < size)
		c++;
	return c;
}

/* Carve a fresh frame into objects of class c; 0 on success. */
static int km_refill(int c)
{
	uint64_t pa = pmem_alloc_nozero();
	size_t sz = (size_t)1 << (c + KM_MIN_SHIFT);
	char *page;

	if (!pa)
		return -1;
	page = p2v(pa);
	*(uint64_t *)page = (uint64_t)c;
	for (size_t off = KM_HDR; off + sz <= PAGE_SIZE; off += sz) {
		*(void **)(page + off) = km_free[c];
		km_free[c] = page + off;
	}
	return 0;
}

void *kmalloc(size_t size)
{
	int c;
	void *p;

	if (size > PAGE_SIZE)
		return NULL;
	if (size > ((size_t)1 << (KM_NCLASSES - 1 + KM_MIN_SHIFT))) {
		uint64_t pa = pmem_alloc_nozero();
		return pa ? p2v(pa) : NULL;
	}
	c = km_class(size);
	if (!km_free[c] && km_refill(c))
		return NULL;
	p = km_free[c];
	km_free[c] = *(void **)p;
	return p;
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

void kfree(void *p)
{
	uint64_t va = (uint64_t)p;
	int c;

	if (!p)
		return;
	if ((va & (PAGE_SIZE - 1)) == 0) {
		pmem_put(v2p(p));
		return;
	}
	c = (int)*(uint64_t *)PGROUNDDOWN(va);
	KASSERT(c >= 0 && c < KM_NCLASSES);
	*(void **)p = km_free[c];
	km_free[c] = p;
}
