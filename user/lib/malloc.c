/*
 * malloc.c - a small, deterministic allocator.
 *
 * Blocks of up to MALLOC_SMALL_MAX bytes come from the brk heap in
 * power-of-two size classes (16 B .. 64 KiB); a freed block goes onto its
 * class's free list and is reused first-in-last-out. Larger blocks get
 * their own anonymous private mapping and are unmapped on free, as
 * glibc does above its mmap threshold. Every block starts with a 16-byte
 * header, so user pointers are 16-byte aligned. realloc keeps a block
 * that is big enough (including realloc(p, 0), which returns p). Not
 * thread-safe; programs here fork, they do not clone threads.
 */
#include "libc.h"

#define MALLOC_MIN_SHIFT 4                      /* smallest class: 16 B */
#define MALLOC_CLASSES 13                       /* 16 B .. 64 KiB */
#define MALLOC_SMALL_MAX (1UL << (MALLOC_MIN_SHIFT + MALLOC_CLASSES - 1))
_Static_assert(MALLOC_SMALL_MAX == MALLOC_MMAP_MIN, "libc.h's threshold");
#define MALLOC_GROW (64UL * 1024)               /* brk grows by at least this */
#define MALLOC_MMAPPED 0xffUL                   /* header tag of a mapped block */

struct header {
	size_t size;    /* usable bytes */
	size_t tag;     /* size class, or MALLOC_MMAPPED */
};

struct free_block {
	struct free_block *next;
};

static struct free_block *free_lists[MALLOC_CLASSES];
static char *heap_top, *heap_end;               /* unused part of the brk heap */

static size_t round_up(size_t v, size_t align)
{
	return (v + align - 1) & ~(align - 1);
}

/* Smallest class whose blocks hold n bytes (n <= MALLOC_SMALL_MAX). */
static unsigned size_class(size_t n)
{
	unsigned c = 0;

	while ((1UL << (MALLOC_MIN_SHIFT + c)) < n)
		c++;
	return c;
}

/*
 * Moves the heap to a fresh anonymous mapping of at least n bytes, when
 * the break cannot grow (as glibc's malloc falls back to mmap); the old
 * heap's unused tail is given up.
 */
static int heap_from_mmap(size_t n)
{
	size_t len = round_up(n, MALLOC_GROW);
	char *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (m == MAP_FAILED)
		return -1;
	heap_top = m;
	heap_end = m + len;
	return 0;
}

/* Grows the brk heap so that n bytes are free at heap_top. */
static int heap_grow(size_t n)
{
	size_t grow = round_up(n - (size_t)(heap_end - heap_top), MALLOC_GROW);
	char *got;

	if (!heap_top) {
		/* the initial break is wherever .bss ended: align it first */
		char *brk0 = sbrk(0);
		size_t skew = (size_t)-(uintptr_t)brk0 & 15;

		if (brk0 == (char *)-1 || (skew && sbrk((long)skew) == (void *)-1))
			return -1;
		heap_top = heap_end = brk0 + skew;
	}
	got = sbrk((long)grow);
	if (got == (void *)-1)
		return -1;
	if (got != heap_end) {
		/* someone else moved the break: start over at the new one */
		heap_top = (char *)round_up((uintptr_t)got, 16);
		grow = (size_t)(heap_top - got) + n;
		if (sbrk((long)(got + grow - (char *)sbrk(0))) == (void *)-1)
			return -1;
	}
	heap_end = got + grow;
	return 0;
}

/* n bytes (a multiple of 16) from the top of the heap. */
static void *heap_take(size_t n)
{
	void *p;

	if ((size_t)(heap_end - heap_top) < n && heap_grow(n) && heap_from_mmap(n))
		return NULL;
	p = heap_top;
	heap_top += n;
	return p;
}

void *malloc(size_t n)
{
	struct header *h;

	if (n == 0)
		n = 1;
	if (n > MALLOC_SMALL_MAX) {
		size_t len;

		if (n > ((size_t)1 << 47))
			goto nomem;
		len = round_up(n + sizeof(*h), PAGE_SIZE);
		h = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (h == MAP_FAILED)
			return NULL;
		h->size = len - sizeof(*h);
		h->tag = MALLOC_MMAPPED;
		return h + 1;
	}

	unsigned c = size_class(n);

	if (free_lists[c]) {
		struct free_block *b = free_lists[c];

		free_lists[c] = b->next;
		return b;
	}
	h = heap_take(sizeof(*h) + (1UL << (MALLOC_MIN_SHIFT + c)));
	if (!h)
		goto nomem;
	h->size = 1UL << (MALLOC_MIN_SHIFT + c);
	h->tag = c;
	return h + 1;
nomem:
	errno = ENOMEM;
	return NULL;
}

void free(void *p)
{
	struct header *h;

	if (!p)
		return;
	h = (struct header *)p - 1;
	if (h->tag == MALLOC_MMAPPED) {
		munmap(h, h->size + sizeof(*h));
		return;
	}
	struct free_block *b = p;

	b->next = free_lists[h->tag];
	free_lists[h->tag] = b;
}

/* Zeroed memory; fresh mappings are zero already and are not touched. */
void *calloc(size_t n, size_t size)
{
	void *p;

	if (size && n > (size_t)-1 / size) {
		errno = ENOMEM;
		return NULL;
	}
	p = malloc(n * size);
	if (p && ((struct header *)p - 1)->tag != MALLOC_MMAPPED)
		memset(p, 0, n * size);
	return p;
}

void *realloc(void *p, size_t n)
{
	void *q;
	size_t old;

	if (!p)
		return malloc(n);
	old = ((struct header *)p - 1)->size;
	if (n <= old)
		return p;
	q = malloc(n);
	if (!q)
		return NULL;
	memcpy(q, p, old);
	free(p);
	return q;
}
