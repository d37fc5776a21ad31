/*
 * The translation caches: one set-associative array of leaf (or, for the
 * page-walk cache, non-leaf) translations of mixed page sizes, used for
 * the L1 ITLB and DTLB, the L2 TLB, the page-walk cache and the nested
 * TLB. An entry of level l sits in the set of its own page number
 * (va >> (12 + 9 l)), so a lookup probes one set per page size present.
 * Entries are tagged with the translation context (ASID, VMID, V...) and
 * the global bit; replacement is LRU, FIFO or a fixed-seed random, so runs
 * are deterministic. Flushes follow the operands of sfence.vma,
 * hfence.vvma and hfence.gvma exactly (supervisor.adoc, "Supervisor
 * Memory-Management Fence Instruction"; hypervisor.adoc, "Hypervisor
 * Memory-Management Fence Instructions"): nothing else is dropped.
 */
#include <stdlib.h>

#include "hart.h"

static bool pow2(unsigned v)
{
	return v && !(v & (v - 1));
}

/*
 * entries == 0 makes an absent structure (lookups miss, inserts do
 * nothing). Otherwise ways must divide entries into a power-of-two
 * number of sets. clock: the LRU clock to use (shared by the L1 TLBs and
 * the fast paths), or NULL for the structure's own.
 */
int tlb_init(struct tlb *t, unsigned entries, unsigned ways, enum repl repl, uint64_t *clock)
{
	memset(t, 0, sizeof *t);
	t->clock = clock ? clock : &t->own_clock;
	t->rng = 0x9e3779b97f4a7c15ull;
	t->repl = repl;
	if (!entries)
		return 0;
	if (!ways || entries % ways || !pow2(entries / ways))
		return -1;
	t->entries = entries;
	t->ways = ways;
	t->sets = entries / ways;
	t->e = calloc(entries, sizeof *t->e);
	t->key = malloc(entries * sizeof *t->key);
	t->stamp = calloc(entries, sizeof *t->stamp);
	if (!t->e || !t->key || !t->stamp)
		return -1;
	memset(t->key, 0xff, entries * sizeof *t->key);
	return 0;
}

void tlb_free(struct tlb *t)
{
	free(t->e);
	free(t->key);
	free(t->stamp);
	t->e = NULL;
	t->key = NULL;
	t->stamp = NULL;
	t->entries = 0;
}

/* The search key of a valid entry: page number and size (KEY_NONE: free). */
#define KEY_NONE (~0ull)
static inline uint64_t key_of(uint64_t vpn, unsigned level)
{
	return vpn << 2 | level;
}

static inline uint64_t vpn_of(uint64_t va, unsigned level)
{
	return va >> (PAGE_SHIFT + 9 * level);
}

static inline struct tlb_entry *set_of(const struct tlb *t, uint64_t vpn)
{
	return &t->e[(vpn & (t->sets - 1)) * t->ways];
}

/* A global entry matches every ASID of its address space (V, VMID...). */
static inline bool ctx_match(const struct tlb_entry *e, uint64_t ctx)
{
	return e->ctx == ctx || ((e->pte & PTE_G) && !((e->ctx ^ ctx) & TLB_SPACE_MASK));
}

/* The entry for va's page of size `level` in context ctx: a scan of the set's keys. */
static struct tlb_entry *find(const struct tlb *t, uint64_t va, uint64_t ctx, unsigned level)
{
	uint64_t vpn = vpn_of(va, level), k = key_of(vpn, level);
	size_t base = (vpn & (t->sets - 1)) * t->ways;
	const uint64_t *keys = &t->key[base];
	for (unsigned w = 0; w < t->ways; w++)
		if (keys[w] == k && ctx_match(&t->e[base + w], ctx))
			return &t->e[base + w];
	return NULL;
}

/*
 * The entry translating va in context ctx, smallest page size first, or
 * NULL. A hit counts as a use (LRU) and in the statistics; so does a miss.
 */
struct tlb_entry *tlb_lookup(struct tlb *t, uint64_t va, uint64_t ctx, unsigned *level)
{
	for (unsigned l = 0; l < TLB_LEVELS && t->entries; l++) {
		struct tlb_entry *e;
		if (!t->count[l] || !(e = find(t, va, ctx, l)))
			continue;
		*level = l;
		if (t->repl == REPL_LRU)
			*tlb_stamp(t, e) = ++*t->clock;
		t->hits++;
		return e;
	}
	t->misses++;
	return NULL;
}

/* As tlb_lookup for one page size only (the page-walk cache's levels). */
struct tlb_entry *tlb_lookup_level(struct tlb *t, uint64_t va, uint64_t ctx, unsigned level)
{
	struct tlb_entry *e = t->entries && t->count[level] ? find(t, va, ctx, level) : NULL;
	if (e && t->repl == REPL_LRU)
		*tlb_stamp(t, e) = ++*t->clock;
	return e;
}

/* The entry translating va, without counting a use (debugger, tests). */
const struct tlb_entry *tlb_peek(const struct tlb *t, uint64_t va, uint64_t ctx, unsigned *level)
{
	for (unsigned l = 0; l < TLB_LEVELS && t->entries; l++) {
		const struct tlb_entry *e;
		if (t->count[l] && (e = find(t, va, ctx, l))) {
			*level = l;
			return e;
		}
	}
	return NULL;
}

/*
 * The way with the smallest stamp (stamps of valid entries are distinct).
 * Four independent minima keep the comparisons of a 32-way set from
 * forming one long dependency chain.
 */
static unsigned oldest(const uint64_t *st, unsigned ways)
{
	uint64_t m0 = ~0ull, m1 = ~0ull, m2 = ~0ull, m3 = ~0ull;
	unsigned i0 = 0, i1 = 0, i2 = 0, i3 = 0, w = 0;

	for (; w + 4 <= ways; w += 4) {
		if (st[w] < m0)
			m0 = st[w], i0 = w;
		if (st[w + 1] < m1)
			m1 = st[w + 1], i1 = w + 1;
		if (st[w + 2] < m2)
			m2 = st[w + 2], i2 = w + 2;
		if (st[w + 3] < m3)
			m3 = st[w + 3], i3 = w + 3;
	}
	for (; w < ways; w++)
		if (st[w] < m0)
			m0 = st[w], i0 = w;
	if (m1 < m0)
		m0 = m1, i0 = i1;
	if (m3 < m2)
		m2 = m3, i2 = i3;
	return m2 < m0 ? i2 : i0;
}

static unsigned random_way(struct tlb *t)
{
	t->rng ^= t->rng << 13;
	t->rng ^= t->rng >> 7;
	t->rng ^= t->rng << 17;
	return (unsigned)(t->rng % t->ways);
}

static void drop(struct tlb *t, struct tlb_entry *e)
{
	t->count[e->level]--;
	e->valid = 0;
	t->key[e - t->e] = KEY_NONE;
}

/*
 * Caches a translation: it replaces an entry of the same page, size and
 * context, else a free way, else the policy's victim. The entry replaced,
 * if any, is copied to *evicted (evicted->valid says whether there was
 * one), so that the caller can drop what it derived from it. Returns the
 * new entry, whose guest fields (gpte, gpn, glevel, flags) the caller
 * fills; NULL for an absent structure.
 */
struct tlb_entry *tlb_insert(struct tlb *t, uint64_t va, unsigned level, uint64_t ppn, uint64_t ctx,
			     uint8_t pte, struct tlb_entry *evicted)
{
	uint64_t vpn = vpn_of(va, level);
	struct tlb_entry *s, *e = NULL;

	if (evicted)
		evicted->valid = 0;
	if (!t->entries)
		return NULL;
	s = set_of(t, vpn);
	{       /* the same page, else the first free way, else the policy's victim */
		const uint64_t *keys = &t->key[s - t->e];
		uint64_t k = key_of(vpn, level);
		int free_way = -1;
		if (t->sets == 1 && t->count[0] + t->count[1] + t->count[2] + t->count[3] == t->ways) {
			/* a full fully-associative TLB (an L1, once warm): no free way to find */
			for (unsigned w = 0; w < t->ways; w++)
				if (keys[w] == k && s[w].ctx == ctx) {
					e = &s[w];
					break;
				}
		} else {
			for (unsigned w = 0; w < t->ways; w++) {
				if (keys[w] == k && s[w].ctx == ctx) {
					e = &s[w];
					break;
				}
				if (keys[w] == KEY_NONE && free_way < 0)
					free_way = (int)w;
			}
		}
		if (!e && free_way >= 0)
			e = &s[free_way];
		if (!e && t->repl == REPL_RANDOM)
			e = &s[random_way(t)];
		if (!e)         /* LRU: last use; FIFO: fill time */
			e = &s[oldest(&t->stamp[s - t->e], t->ways)];
	}
	if (e->valid) {
		if (evicted)
			*evicted = *e;
		t->evictions++;
		drop(t, e);
	}
	*e = (struct tlb_entry){ .vpn = vpn, .ppn = ppn, .ctx = ctx, .pte = pte, .level = (uint8_t)level,
				 .valid = TLBE_VALID };
	*tlb_stamp(t, e) = ++*t->clock;
	t->key[e - t->e] = key_of(vpn, level);
	t->count[level]++;
	return e;
}

static bool flush_match(const struct tlb_entry *e, uint64_t space, bool has_asid, uint16_t asid)
{
	if (!e->valid || (e->ctx & TLB_SPACE_MASK) != space)
		return false;
	if (has_asid)
		return !(e->pte & PTE_G) && (uint16_t)e->ctx == asid;
	return true;
}

/*
 * sfence.vma semantics within one address space (space: the context bits
 * above the ASID; 0 for the host): has_va limits the flush to
 * translations of the page containing va (of any size); has_asid to
 * non-global entries of that ASID. Returns whether a superpage entry was
 * dropped.
 */
bool tlb_flush(struct tlb *t, uint64_t space, bool has_va, uint64_t va, bool has_asid, uint16_t asid)
{
	bool super = false;
	if (has_va && t->entries) {            /* one set per page size present */
		for (unsigned l = 0; l < TLB_LEVELS; l++) {
			struct tlb_entry *s;
			if (!t->count[l])
				continue;
			s = set_of(t, vpn_of(va, l));
			for (unsigned w = 0; w < t->ways; w++)
				if (s[w].level == l && s[w].vpn == vpn_of(va, l) &&
				    flush_match(&s[w], space, has_asid, asid)) {
					super |= l > 0;
					drop(t, &s[w]);
				}
		}
		return super;
	}
	for (unsigned i = 0; i < t->entries; i++) {
		struct tlb_entry *e = &t->e[i];
		if (!flush_match(e, space, has_asid, asid))
			continue;
		if (has_va && e->vpn != vpn_of(va, e->level))
			continue;
		super |= e->level > 0;
		drop(t, e);
	}
	return super;
}

/*
 * hfence.gvma semantics: drops the guest entries (of one VMID when
 * has_vmid) whose G-stage leaf translates the guest-physical address gpa
 * (every one when !has_gpa). Returns whether any entry was dropped.
 */
bool tlb_flush_gvma(struct tlb *t, bool has_gpa, uint64_t gpa, bool has_vmid, uint16_t vmid)
{
	bool any = false;
	for (unsigned i = 0; i < t->entries; i++) {
		struct tlb_entry *e = &t->e[i];
		if (!e->valid || !(e->ctx & TLB_CTX_V))
			continue;
		if (has_vmid && ((e->ctx >> TLB_CTX_VMID_SHIFT) & ((1u << HGATP_VMID_BITS) - 1)) != vmid)
			continue;
		if (has_gpa && e->gpn != gpa >> (PAGE_SHIFT + 9 * e->glevel))
			continue;
		drop(t, e);
		any = true;
	}
	return any;
}

/* Drops everything. */
void tlb_flush_all(struct tlb *t)
{
	for (unsigned i = 0; i < t->entries; i++)
		if (t->e[i].valid)
			drop(t, &t->e[i]);
}

/* Drops the entries whose context has (ctx & mask) == value. */
void tlb_flush_match(struct tlb *t, uint64_t mask, uint64_t value)
{
	for (unsigned i = 0; i < t->entries; i++)
		if (t->e[i].valid && (t->e[i].ctx & mask) == value)
			drop(t, &t->e[i]);
}
