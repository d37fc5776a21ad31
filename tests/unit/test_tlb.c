/*
 * The translation-cache array (emu/tlb.c) used directly: one
 * set-associative array of mixed page sizes with a replacement policy,
 * the structure behind the L1 ITLB/DTLB, the L2 TLB, the page-walk cache
 * and the nested TLB (emu/hart.h, "Translation caches").
 *
 * Covered:
 *  - tlb_init's geometry (entries 0 = an absent structure; ways dividing
 *    entries into a power-of-two number of sets) and tlb_free;
 *  - lookup and insert of every page size in the one array, an entry of
 *    level l indexed by its own page number (va >> (12 + 9 l)); the
 *    smallest page size first; sizes sharing the ways of a set;
 *  - exact hit / miss / eviction sequences for LRU, FIFO and RANDOM
 *    (RANDOM against a reference xorshift64, and run twice), fully
 *    associative and direct-mapped; which lookups age an entry;
 *  - the evicted entry tlb_insert reports; replacement in place of an
 *    entry of the same page, size and context;
 *  - context matching: ASID, global bit, V, VMID, VS_BARE and GSTAGE
 *    (a global entry matches any ASID of its own space: TLB_SPACE_MASK);
 *  - every tlb_flush form (space, va, ASID; the superpage return value),
 *    tlb_flush_gvma by GPA (gpn/glevel) and VMID, tlb_flush_match,
 *    tlb_flush_all; the statistics counters.
 *
 * After every operation the per-size counts (count[]) must agree with the
 * valid entries: lookups skip a page size whose count is 0.
 */
#include "unit.h"

#define C_SFENCE  SPEC("supervisor.adoc", "Supervisor Memory-Management Fence Instruction")
#define C_GLOBAL  SPEC("supervisor.adoc", "Sv32: Page-Based 32-bit Virtual-Memory Systems / Addressing and Memory Protection (G bit)")
#define C_SUPER   SPEC("supervisor.adoc", "Virtual Address Translation Process")
#define C_HFENCE  SPEC("hypervisor.adoc", "Hypervisor Memory-Management Fence Instructions")
#define C_MMF     SPEC("hypervisor.adoc", "Two-Stage Address Translation / Memory-Management Fences")
#define C_GEOM    "timing.h: entries 0 = absent; ways divide entries into a power-of-two number of sets"
#define C_INDEX   "tlb.c: an entry of level l sits in set (va >> (12 + 9 l)) mod sets"
#define C_LRU     "tlb.c: LRU evicts the least recently used way (tlb_lookup and tlb_lookup_level refresh)"
#define C_FIFO    "tlb.c: FIFO evicts the way filled first (lookups do not refresh)"
#define C_RANDOM  "tlb.c: RANDOM victims from xorshift64 seeded with CACHE_RNG_SEED"
#define C_FILL    "tlb.c: a free way is filled before any victim is chosen"
#define C_INPLACE "tlb.c: tlb_insert replaces an entry of the same page, size and context in place"
#define C_EVICTED "tlb.c: tlb_insert copies the entry it replaced to *evicted"
#define C_CTX     "hart.h: ctx = ASID | VMID << 16 | V << 30 | VS_BARE << 31 | GSTAGE << 32; TLB_SPACE_MASK"
#define C_COUNT   "hart.h: struct tlb hits, misses (one per tlb_lookup), evictions"
#define C_PEEK    "tlb.c: tlb_peek has no side effects"

#define NROWS(t) (sizeof(t) / sizeof((t)[0]))
#define LEAF (PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)
#define E(n) (1u << (n))

static uint64_t H(uint16_t asid)
{
	return tlb_ctx(asid, 0, false);
}

static uint64_t G(uint16_t asid, uint16_t vmid)
{
	return tlb_ctx(asid, vmid, true);
}

static struct tlb *tlb_new(unsigned entries, unsigned ways, enum repl repl)
{
	struct tlb *t = calloc(1, sizeof *t);
	assert_non_null(t);
	assert_int_equal(tlb_init(t, entries, ways, repl, NULL), 0);
	return t;
}

static void tlb_delete(struct tlb *t)
{
	tlb_free(t);
	free(t);
}

static uint64_t vpn_at(uint64_t va, unsigned level)
{
	return va >> (PAGE_SHIFT + 9 * level);
}

/* The valid entry of (level, va's page, exactly ctx), or NULL: no matching rules. */
static const struct tlb_entry *stored(const struct tlb *t, unsigned level, uint64_t va, uint64_t ctx)
{
	for (unsigned i = 0; i < t->entries; i++) {
		const struct tlb_entry *e = &t->e[i];
		if (e->valid && e->level == level && e->vpn == vpn_at(va, level) && e->ctx == ctx)
			return e;
	}
	return NULL;
}

/* count[] must equal the valid entries of each page size. */
static void check_counts(struct rowcheck *rc, const char *name, const struct tlb *t)
{
	unsigned n[TLB_LEVELS] = { 0 };
	for (unsigned i = 0; i < t->entries; i++)
		if (t->e[i].valid)
			n[t->e[i].level]++;
	for (unsigned l = 0; l < TLB_LEVELS; l++)
		ROW_EQ(rc, name, "tlb.c: count[level] = valid entries of that size", "count", t->count[l], n[l]);
}

/* The reference generator: Marsaglia's xorshift64 (13, 7, 17). */
static uint64_t ref_xorshift64(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* ---- geometry ----------------------------------------------------------------- */
/*
 * A good geometry gives the derived sets, an empty array and zero
 * counters; a bad one -1 (tlb_free is then safe). entries 0 is an absent
 * structure whatever ways says: lookups miss, inserts do nothing.
 */
static void test_geometry(void **state)
{
	static const struct { const char *name; unsigned entries, ways; bool ok; unsigned sets; } rows[] = {
		{ "absent: 0 entries", 0, 0, true, 0 },
		{ "absent: 0 entries, ways ignored", 0, 4, true, 0 },
		{ "1 entry", 1, 1, true, 1 },
		{ "fully associative 32", 32, 32, true, 1 },
		{ "direct-mapped 128", 128, 1, true, 128 },
		{ "64 entries 4-way: 16 sets", 64, 4, true, 16 },
		{ "6 entries fully associative: 1 set", 6, 6, true, 1 },
		{ "24 entries 3-way: 8 sets", 24, 3, true, 8 },
		{ "ways 0", 8, 0, false, 0 },
		{ "ways above entries", 4, 8, false, 0 },
		{ "ways not dividing entries", 8, 3, false, 0 },
		{ "12 entries 4-way: 3 sets", 12, 4, false, 0 },
		{ "3 entries direct-mapped: 3 sets", 3, 1, false, 0 },
		{ "48 entries 4-way: 12 sets", 48, 4, false, 0 },
	};
	struct rowcheck rc = { 0 };
	(void)state;

	for (size_t i = 0; i < NROWS(rows); i++) {
		const char *n = rows[i].name;
		struct tlb t;
		uint64_t clk = 41;
		memset(&t, 0xa5, sizeof t);
		int r = tlb_init(&t, rows[i].entries, rows[i].ways, REPL_LRU, &clk);
		ROW_EQ(&rc, n, C_GEOM, "tlb_init", r, rows[i].ok ? 0 : -1);
		if (r == 0) {
			ROW_EQ(&rc, n, C_GEOM, "entries", t.entries, rows[i].entries);
			ROW_EQ(&rc, n, C_GEOM, "sets", t.sets, rows[i].sets);
			ROW_EQ(&rc, n, C_GEOM, "array", t.e != NULL, rows[i].entries != 0);
			for (unsigned k = 0; k < t.entries; k++)
				ROW_EQ(&rc, n, C_GEOM, "entry valid", t.e[k].valid, 0);
			check_counts(&rc, n, &t);
			ROW_EQ(&rc, n, C_COUNT, "hits", t.hits, 0);
			ROW_EQ(&rc, n, C_COUNT, "misses", t.misses, 0);
			ROW_EQ(&rc, n, C_COUNT, "evictions", t.evictions, 0);
			ROW_EQ(&rc, n, C_GEOM, "clock is the one given", t.clock == &clk, true);
		}
		if (r == 0 && rows[i].entries == 0) {
			struct tlb_entry ev = { .valid = 0xff };
			unsigned level;
			ROW_EQ(&rc, n, C_GEOM, "absent: lookup misses", tlb_lookup(&t, 0x1000, 0, &level) != NULL, 0);
			ROW_EQ(&rc, n, C_GEOM, "absent: lookup_level misses",
			       tlb_lookup_level(&t, 0x1000, 0, 0) != NULL, 0);
			ROW_EQ(&rc, n, C_GEOM, "absent: peek misses", tlb_peek(&t, 0x1000, 0, &level) != NULL, 0);
			ROW_EQ(&rc, n, C_GEOM, "absent: insert gives NULL",
			       tlb_insert(&t, 0x1000, 0, 1, 0, LEAF, &ev) != NULL, 0);
			ROW_EQ(&rc, n, C_EVICTED, "absent: nothing evicted", ev.valid, 0);
			ROW_EQ(&rc, n, C_GEOM, "absent: flush", tlb_flush(&t, 0, false, 0, false, 0), false);
			ROW_EQ(&rc, n, C_GEOM, "absent: flush_gvma", tlb_flush_gvma(&t, false, 0, false, 0), false);
			tlb_flush_match(&t, 0, 0);
			tlb_flush_all(&t);
		}
		tlb_free(&t);
		ROW_EQ(&rc, n, C_GEOM, "freed array", t.e == NULL, true);
		ROW_EQ(&rc, n, C_GEOM, "freed entries", t.entries, 0);
		tlb_free(&t);           /* idempotent */
	}
	/* without a clock the structure uses its own */
	struct tlb t;
	assert_int_equal(tlb_init(&t, 4, 4, REPL_FIFO, NULL), 0);
	assert_ptr_equal(t.clock, &t.own_clock);
	assert_int_equal(t.repl, REPL_FIFO);
	tlb_free(&t);
	ROW_DONE(&rc);
}

/* ---- page sizes in one array ------------------------------------------------- */
/*
 * One entry of each row's size in a 16-entry 4-way array (4 sets): it
 * covers exactly its page of 2^(12 + 9 level) bytes, sits in the set of
 * its own page number, and a lookup (which tries every size) reports its
 * level and fields.
 */
static void test_page_sizes(void **state)
{
	static const struct {
		const char *name;
		unsigned level;
		uint64_t va, probe;
		bool hit;
	} rows[] = {
		{ "4 KiB: base", 0, 0x12345000, 0x12345000, true },
		{ "4 KiB: inserted by an inner va, last byte", 0, 0x12345678, 0x12345fff, true },
		{ "4 KiB: next page", 0, 0x12345000, 0x12346000, false },
		{ "4 KiB: page below", 0, 0x12345000, 0x12344fff, false },
		{ "4 KiB: same set, other upper bits", 0, 0x12345000, 0xffffffc012345000ull, false },
		{ "2 MiB: base", 1, 0x40200000, 0x40200000, true },
		{ "2 MiB: last byte", 1, 0x40200000, 0x403fffff, true },
		{ "2 MiB: inserted by an inner va", 1, 0x40323456, 0x40200000, true },
		{ "2 MiB: next", 1, 0x40200000, 0x40400000, false },
		{ "2 MiB: below", 1, 0x40200000, 0x401fffff, false },
		{ "1 GiB: anywhere inside", 2, 0x40000000, 0x7fffffff, true },
		{ "1 GiB: next", 2, 0x40000000, 0x80000000, false },
		{ "1 GiB: negative half (Sv39)", 2, 0xffffffffc0000000ull, 0xffffffffc1234567ull, true },
		{ "512 GiB: inside", 3, 0x0000008000000000ull, 0x000000ffffffffffull, true },
		{ "512 GiB: next", 3, 0x0000008000000000ull, 0x0000010000000000ull, false },
		{ "512 GiB: below", 3, 0x0000008000000000ull, 0x0000007fffffffffull, false },
	};
	struct rowcheck rc = { 0 };
	(void)state;

	for (size_t i = 0; i < NROWS(rows); i++) {
		const char *n = rows[i].name;
		unsigned lv = rows[i].level, level = 99;
		uint64_t ppn = 0x12345ull << (9 * lv);
		struct tlb *t = tlb_new(16, 4, REPL_LRU);
		struct tlb_entry *ins = tlb_insert(t, rows[i].va, lv, ppn, H(1), LEAF, NULL);
		if (!ins) {
			ROW_FAIL(&rc, n, C_INDEX, "insert gave NULL");
			tlb_delete(t);
			continue;
		}
		/* the caller's fields are left for it to fill */
		ROW_EQ(&rc, n, C_INDEX, "set of the entry", (unsigned)((ins - t->e) / t->ways),
		       vpn_at(rows[i].va, lv) % t->sets);
		ROW_EQ(&rc, n, C_INDEX, "count[level]", t->count[lv], 1);
		check_counts(&rc, n, t);
		const struct tlb_entry *e = tlb_lookup(t, rows[i].probe, H(1), &level);
		ROW_EQ(&rc, n, C_SUPER, "hit", e != NULL, rows[i].hit);
		if (e && rows[i].hit) {
			ROW_EQ(&rc, n, C_SUPER, "same entry", e == ins, true);
			ROW_EQ(&rc, n, C_SUPER, "level", level, lv);
			ROW_EQ(&rc, n, C_SUPER, "vpn", e->vpn, vpn_at(rows[i].va, lv));
			ROW_EQ(&rc, n, C_SUPER, "ppn", e->ppn, ppn);
			ROW_EQ(&rc, n, C_SUPER, "ctx", e->ctx, H(1));
			ROW_EQ(&rc, n, C_SUPER, "pte", e->pte, LEAF);
			ROW_EQ(&rc, n, C_SUPER, "valid", e->valid, TLBE_VALID);
		}
		/* peek answers the same */
		const struct tlb_entry *p = tlb_peek(t, rows[i].probe, H(1), &level);
		ROW_EQ(&rc, n, C_PEEK, "peek hit", p != NULL, rows[i].hit);
		tlb_delete(t);
	}
	ROW_DONE(&rc);
}

/*
 * The sizes share the ways of a set: four entries of four sizes fill a
 * 4-way set and a fifth evicts the least recently used whatever its size.
 * When two sizes cover va, the 4 KiB one is returned.
 */
static void test_sizes_share_sets(void **state)
{
	struct tlb *t = tlb_new(16, 4, REPL_LRU);     /* 4 sets */
	struct tlb_entry ev;
	unsigned level = 99;
	(void)state;

	/* page numbers 0, 4, 8, 12 at levels 0..3: all in set 0 */
	for (unsigned l = 0; l < TLB_LEVELS; l++)
		assert_non_null(tlb_insert(t, (4ull * l) << (PAGE_SHIFT + 9 * l), l, 0x100 + l, H(1), LEAF, &ev));
	for (unsigned l = 0; l < TLB_LEVELS; l++) {
		assert_non_null(stored(t, l, (4ull * l) << (PAGE_SHIFT + 9 * l), H(1)));
		assert_int_equal(t->count[l], 1);
	}
	/* a 4 KiB page of set 0 evicts the oldest: the 4 KiB entry 0 */
	tlb_insert(t, 16ull << PAGE_SHIFT, 0, 0x116, H(1), LEAF, &ev);
	assert_int_equal(ev.valid, TLBE_VALID);
	assert_int_equal(ev.level, 0);
	assert_int_equal(ev.vpn, 0);
	/* the next one evicts the 2 MiB entry */
	tlb_insert(t, 20ull << PAGE_SHIFT, 0, 0x120, H(1), LEAF, &ev);
	assert_int_equal(ev.level, 1);
	assert_int_equal(ev.vpn, 4);
	assert_int_equal(t->count[0], 2);
	assert_int_equal(t->count[1], 0);
	assert_int_equal(t->evictions, 2);

	/* smallest first: a 4 KiB entry inside a 2 MiB one wins */
	tlb_flush_all(t);
	tlb_insert(t, 0x40200000, 1, 0x80200, H(1), LEAF, NULL);
	tlb_insert(t, 0x40201000, 0, 0x90001, H(1), LEAF, NULL);
	assert_int_equal(tlb_lookup(t, 0x40201abc, H(1), &level)->ppn, 0x90001);
	assert_int_equal(level, 0);
	assert_int_equal(tlb_lookup(t, 0x40202abc, H(1), &level)->ppn, 0x80200);
	assert_int_equal(level, 1);
	/* and in the same set of a fully associative array */
	tlb_delete(t);
	t = tlb_new(8, 8, REPL_FIFO);
	tlb_insert(t, 0x0000008000000000ull, 3, 0x8000000, H(1), LEAF, NULL);
	tlb_insert(t, 0x0000008000000000ull, 2, 0x8000000, H(1), LEAF, NULL);
	tlb_insert(t, 0x0000008000200000ull, 1, 0x8000200, H(1), LEAF, NULL);
	tlb_insert(t, 0x0000008000201000ull, 0, 0x8000201, H(1), LEAF, NULL);
	assert_int_equal(tlb_lookup(t, 0x0000008000201000ull, H(1), &level)->ppn, 0x8000201);
	assert_int_equal(level, 0);
	assert_non_null(tlb_lookup(t, 0x0000008000300000ull, H(1), &level));
	assert_int_equal(level, 1);
	assert_non_null(tlb_lookup(t, 0x0000008000400000ull, H(1), &level));
	assert_int_equal(level, 2);
	assert_non_null(tlb_lookup(t, 0x0000008040000000ull, H(1), &level));
	assert_int_equal(level, 3);
	tlb_delete(t);
}

/* ---- replacement ----------------------------------------------------------------- */
/*
 * Lookup-then-fill sequences on the last set of an array: each letter is
 * a page of that set (page number (letter - 'A') * sets + sets - 1 at the
 * row's level). Per step, want: h (hit), m (miss, fill of a free way) or
 * e (miss, fill evicting a valid entry); evict: the letter tlb_insert must
 * report, '-' for none. The counters must move by exactly one event.
 */
static void test_replacement_sequences(void **state)
{
	static const struct {
		const char *name, *clause;
		unsigned entries, ways;
		enum repl repl;
		unsigned level;
		const char *seq, *want, *evict;
	} rows[] = {
		{ "LRU 2-way: A B A C -> C evicts B, then B evicts A, A evicts C", C_LRU,
		  4, 2, REPL_LRU, 0, "ABACBA", "mmheee", "---BAC" },
		{ "FIFO 2-way: A B A C -> C evicts A (the hit does not refresh it)", C_FIFO,
		  4, 2, REPL_FIFO, 0, "ABACBA", "mmhehe", "---A-B" },
		{ "LRU 2-way: cycling 3 pages misses every time", C_LRU,
		  8, 2, REPL_LRU, 0, "ABCABCABC", "mmeeeeeee", "--ABCABCA" },
		{ "FIFO 2-way: cycling 3 pages misses every time", C_FIFO,
		  8, 2, REPL_FIFO, 0, "ABCABCABC", "mmeeeeeee", "--ABCABCA" },
		{ "LRU 4-way: a hit on A protects it; B C D A E go in use order", C_LRU,
		  16, 4, REPL_LRU, 0, "ABCDAEBFCA", "mmmmheeeee", "-----BCDAE" },
		{ "FIFO 4-way: same sequence, victims in fill order A B C", C_FIFO,
		  16, 4, REPL_FIFO, 0, "ABCDAEBFCA", "mmmmhehehe", "-----A-B-C" },
		{ "LRU 4-way: hits in reverse fill order reverse the victims", C_LRU,
		  16, 4, REPL_LRU, 0, "ABCDDCBAEF", "mmmmhhhhee", "--------DC" },
		{ "LRU 2-way of 2 MiB pages", C_LRU,
		  4, 2, REPL_LRU, 1, "ABACBA", "mmheee", "---BAC" },
		{ "FIFO 2-way of 1 GiB pages", C_FIFO,
		  4, 2, REPL_FIFO, 2, "ABACBA", "mmhehe", "---A-B" },
		{ "LRU 2-way of 512 GiB pages", C_LRU,
		  2, 2, REPL_LRU, 3, "ABACBA", "mmheee", "---BAC" },
		{ "direct-mapped: two pages of one set conflict", C_INDEX,
		  4, 1, REPL_LRU, 0, "ABBAAB", "mehehe", "-A-B-A" },
		{ "direct-mapped FIFO behaves the same", C_INDEX,
		  4, 1, REPL_FIFO, 0, "ABBAAB", "mehehe", "-A-B-A" },
		{ "direct-mapped RANDOM behaves the same (one way to choose)", C_INDEX,
		  4, 1, REPL_RANDOM, 0, "ABBAAB", "mehehe", "-A-B-A" },
		{ "fully associative 8: 8 pages fit, the 9th evicts the LRU one", C_LRU,
		  8, 8, REPL_LRU, 0, "ABCDEFGHABCDEFGHIA", "mmmmmmmmhhhhhhhhee", "----------------AB" },
		{ "fully associative 8 FIFO: the 9th evicts the first filled", C_FIFO,
		  8, 8, REPL_FIFO, 0, "ABCDEFGHHGFEDCBAIA", "mmmmmmmmhhhhhhhhee", "----------------AB" },
		{ "RANDOM 4-way without eviction: only hits and fills", C_FILL,
		  16, 4, REPL_RANDOM, 0, "ABCDDCBAABCD", "mmmmhhhhhhhh", "------------" },
	};
	struct rowcheck rc = { 0 };
	(void)state;

	for (size_t i = 0; i < NROWS(rows); i++) {
		struct tlb *t = tlb_new(rows[i].entries, rows[i].ways, rows[i].repl);
		unsigned lv = rows[i].level, shift = PAGE_SHIFT + 9 * lv;
		size_t len = strlen(rows[i].seq);

		assert_int_equal(strlen(rows[i].want), len);
		assert_int_equal(strlen(rows[i].evict), len);
		for (size_t k = 0; k < len; k++) {
			char name[160], want = rows[i].want[k], evl = rows[i].evict[k];
			uint64_t vpn = (uint64_t)(rows[i].seq[k] - 'A') * t->sets + t->sets - 1;
			uint64_t va = (vpn << shift) | ((k * 0x1234567) & ((1ull << shift) - 1));
			uint64_t evva = evl == '-' ? 0 : ((uint64_t)(evl - 'A') * t->sets + t->sets - 1) << shift;
			uint64_t h = t->hits, m = t->misses, e = t->evictions;
			unsigned level;

			snprintf(name, sizeof name, "%s, step %zu (%c)", rows[i].name, k, rows[i].seq[k]);
			if (evl != '-' && !stored(t, lv, evva, H(1)))
				ROW_FAIL(&rc, name, rows[i].clause, "page %c to evict not present before", evl);
			bool hit = tlb_lookup(t, va, H(1), &level) != NULL;
			ROW_EQ(&rc, name, rows[i].clause, "hit", hit, want == 'h');
			if (!hit) {
				struct tlb_entry ev = { .valid = 0xff };
				tlb_insert(t, va, lv, vpn << (9 * lv), H(1), LEAF, &ev);
				ROW_EQ(&rc, name, C_EVICTED, "evicted valid", ev.valid != 0, want == 'e');
				if (ev.valid && evl != '-')
					ROW_EQ(&rc, name, C_EVICTED, "evicted vpn", ev.vpn, vpn_at(evva, lv));
			}
			ROW_EQ(&rc, name, C_COUNT, "hits delta", t->hits - h, want == 'h');
			ROW_EQ(&rc, name, C_COUNT, "misses delta", t->misses - m, want != 'h');
			ROW_EQ(&rc, name, C_COUNT, "evictions delta", t->evictions - e, want == 'e');
			if (!stored(t, lv, va, H(1)))
				ROW_FAIL(&rc, name, rows[i].clause, "accessed page not present after");
			if (evl != '-' && stored(t, lv, evva, H(1)))
				ROW_FAIL(&rc, name, rows[i].clause, "page %c not evicted", evl);
			check_counts(&rc, name, t);
		}
		/* the other sets were never touched */
		for (unsigned s = 0; s + 1 < t->sets; s++)
			for (unsigned w = 0; w < t->ways; w++)
				ROW_EQ(&rc, rows[i].name, C_INDEX, "other sets empty", t->e[s * t->ways + w].valid, 0);
		tlb_delete(t);
	}
	ROW_DONE(&rc);
}

/*
 * RANDOM: with a full set, the victim is way (xorshift64 % ways) of the
 * generator seeded with CACHE_RNG_SEED, drawn once per eviction (not on
 * lookups or fills of free ways); two arrays given one sequence evict the
 * same entries.
 */
static void test_random_victims(void **state)
{
	enum { WAYS = 4, NEW = 24 };
	uint64_t victims[2][NEW];
	struct rowcheck rc = { 0 };
	(void)state;

	for (unsigned run = 0; run < 2; run++) {
		struct tlb *t = tlb_new(2 * WAYS, WAYS, REPL_RANDOM);   /* 2 sets; set 1 used */
		uint64_t ref = CACHE_RNG_SEED, model[WAYS];
		unsigned level;

		ROW_EQ(&rc, "seed", C_RANDOM, "rng", t->rng, CACHE_RNG_SEED);
		for (unsigned w = 0; w < WAYS; w++) {
			uint64_t vpn = 2 * w + 1;
			struct tlb_entry *n = tlb_insert(t, vpn << PAGE_SHIFT, 0, vpn, H(1), LEAF, NULL);
			ROW_EQ(&rc, "fills", C_FILL, "way", (unsigned)(n - t->e) - WAYS, w);
			model[w] = vpn;
		}
		ROW_EQ(&rc, "fills", C_RANDOM, "rng untouched by fills", t->rng, CACHE_RNG_SEED);
		for (unsigned k = 0; k < NEW; k++) {
			char name[64];
			uint64_t vpn = 2 * (WAYS + k) + 1;
			struct tlb_entry ev;
			snprintf(name, sizeof name, "run %u, new page %u", run, k);
			/* lookups, hits and misses, draw nothing */
			tlb_lookup(t, model[k % WAYS] << PAGE_SHIFT, H(1), &level);
			tlb_lookup(t, vpn << PAGE_SHIFT, H(1), &level);
			ROW_EQ(&rc, name, C_RANDOM, "rng untouched by lookups", t->rng, ref);
			unsigned w = (unsigned)(ref_xorshift64(&ref) % WAYS);
			struct tlb_entry *n = tlb_insert(t, vpn << PAGE_SHIFT, 0, vpn, H(1), LEAF, &ev);
			ROW_EQ(&rc, name, C_RANDOM, "victim way", (unsigned)(n - t->e) - WAYS, w);
			ROW_EQ(&rc, name, C_RANDOM, "evicted vpn", ev.vpn, model[w]);
			ROW_EQ(&rc, name, C_RANDOM, "rng", t->rng, ref);
			victims[run][k] = ev.vpn;
			model[w] = vpn;
		}
		check_counts(&rc, "random", t);
		tlb_delete(t);
	}
	for (unsigned k = 0; k < NEW; k++)
		ROW_EQ(&rc, "second run", C_RANDOM, "same victim", victims[1][k], victims[0][k]);
	ROW_DONE(&rc);
}

/*
 * Which operations age an entry: tlb_lookup and tlb_lookup_level under
 * LRU; neither under FIFO; tlb_peek never. Probed on a 2-entry fully
 * associative array: fill A then B, touch A, fill C; C evicts A unless
 * the touch refreshed it.
 */
static void test_aging(void **state)
{
	enum touch { LOOKUP, LOOKUP_LEVEL, PEEK };
	static const struct { const char *name, *clause; enum repl repl; enum touch how; char victim; } rows[] = {
		{ "LRU: tlb_lookup refreshes", C_LRU, REPL_LRU, LOOKUP, 'B' },
		{ "LRU: tlb_lookup_level refreshes", C_LRU, REPL_LRU, LOOKUP_LEVEL, 'B' },
		{ "LRU: tlb_peek does not", C_PEEK, REPL_LRU, PEEK, 'A' },
		{ "FIFO: tlb_lookup does not", C_FIFO, REPL_FIFO, LOOKUP, 'A' },
		{ "FIFO: tlb_lookup_level does not", C_FIFO, REPL_FIFO, LOOKUP_LEVEL, 'A' },
		{ "FIFO: tlb_peek does not", C_PEEK, REPL_FIFO, PEEK, 'A' },
	};
	struct rowcheck rc = { 0 };
	(void)state;

	for (size_t i = 0; i < NROWS(rows); i++) {
		struct tlb *t = tlb_new(2, 2, rows[i].repl);
		struct tlb_entry ev;
		unsigned level;
		tlb_insert(t, 0xa000, 0, 0xa, H(1), LEAF, NULL);
		tlb_insert(t, 0xb000, 0, 0xb, H(1), LEAF, NULL);
		uint64_t clock = *t->clock, hits = t->hits, misses = t->misses;
		switch (rows[i].how) {
		case LOOKUP: assert_non_null(tlb_lookup(t, 0xa000, H(1), &level)); break;
		case LOOKUP_LEVEL: assert_non_null(tlb_lookup_level(t, 0xa000, H(1), 0)); break;
		case PEEK: assert_non_null(tlb_peek(t, 0xa000, H(1), &level)); break;
		}
		if (rows[i].how != LOOKUP) {
			ROW_EQ(&rc, rows[i].name, C_COUNT, "hits unchanged", t->hits, hits);
			ROW_EQ(&rc, rows[i].name, C_COUNT, "misses unchanged", t->misses, misses);
		}
		if (rows[i].how == PEEK || rows[i].repl == REPL_FIFO)
			ROW_EQ(&rc, rows[i].name, rows[i].clause, "clock unchanged", *t->clock, clock);
		tlb_insert(t, 0xc000, 0, 0xc, H(1), LEAF, &ev);
		ROW_EQ(&rc, rows[i].name, rows[i].clause, "victim", ev.vpn, (uint64_t)(rows[i].victim - 'A' + 0xa));
		tlb_delete(t);
	}
	/* lookup misses of tlb_lookup_level and tlb_peek count nothing either */
	struct tlb *t = tlb_new(4, 4, REPL_LRU);
	unsigned level;
	assert_null(tlb_lookup_level(t, 0x5000, H(1), 0));
	assert_null(tlb_peek(t, 0x5000, H(1), &level));
	assert_int_equal(t->misses, 0);
	tlb_delete(t);

	/* a shared clock (the L1 TLBs and the hart's fast paths) orders fills across arrays */
	uint64_t clk = 100;
	struct tlb a, b;
	assert_int_equal(tlb_init(&a, 2, 2, REPL_LRU, &clk), 0);
	assert_int_equal(tlb_init(&b, 2, 2, REPL_LRU, &clk), 0);
	assert_int_equal(*tlb_stamp(&a, tlb_insert(&a, 0x1000, 0, 1, H(1), LEAF, NULL)), 101);
	assert_int_equal(*tlb_stamp(&b, tlb_insert(&b, 0x1000, 0, 1, H(1), LEAF, NULL)), 102);
	tlb_insert(&a, 0x2000, 0, 2, H(1), LEAF, NULL);
	clk += 50;                  /* the fast paths aged something else */
	assert_int_equal(*tlb_stamp(&a, tlb_lookup(&a, 0x1000, H(1), &level)), 154);
	assert_int_equal(clk, 154);
	tlb_free(&a);
	tlb_free(&b);
	ROW_DONE(&rc);
}

/* ---- evicted and in-place ------------------------------------------------------ */
/*
 * tlb_insert reports the entry it replaced, every field, so that the
 * caller can drop what it derived from it (the hart's fast tables); a fill
 * of a free way reports nothing; evicted may be NULL.
 */
static void test_evicted_reported(void **state)
{
	struct tlb *t = tlb_new(2, 2, REPL_LRU);
	struct tlb_entry ev = { .valid = 0xff }, *n;
	(void)state;

	n = tlb_insert(t, 0x40200000, 1, 0x80200, G(7, 3), LEAF | PTE_G, &ev);
	assert_int_equal(ev.valid, 0);
	n->gpn = 0x1234;
	n->gpte = PTE_V | PTE_R | PTE_U | PTE_A;
	n->glevel = 1;
	n->valid = TLBE_VALID | TLBE_G_BARE;
	ev.valid = 0xff;
	assert_non_null(tlb_insert(t, 0x5000, 0, 0x85, H(1), LEAF, &ev));
	assert_int_equal(ev.valid, 0);
	assert_non_null(tlb_insert(t, 0x6000, 0, 0x86, H(1), LEAF, &ev));
	assert_int_equal(ev.valid, TLBE_VALID | TLBE_G_BARE);
	assert_int_equal(ev.vpn, 0x40200000 >> 21);
	assert_int_equal(ev.ppn, 0x80200);
	assert_int_equal(ev.ctx, G(7, 3));
	assert_int_equal(ev.pte, LEAF | PTE_G);
	assert_int_equal(ev.level, 1);
	assert_int_equal(ev.gpn, 0x1234);
	assert_int_equal(ev.gpte, PTE_V | PTE_R | PTE_U | PTE_A);
	assert_int_equal(ev.glevel, 1);
	/* the new entry starts with clean guest fields */
	n = tlb_insert(t, 0x7000, 0, 0x87, H(1), LEAF, NULL);
	assert_int_equal(n->gpn, 0);
	assert_int_equal(n->gpte, 0);
	assert_int_equal(n->glevel, 0);
	assert_int_equal(n->valid, TLBE_VALID);
	assert_int_equal(t->evictions, 2);
	tlb_delete(t);
}

/*
 * An entry of the same page, size and context is replaced in place: same
 * way, no other entry disturbed, the old one reported as evicted (so that
 * derived fast entries go). The same page under another context, or at
 * another size, is a separate entry. The refill counts as a fill for FIFO.
 */
static void test_replace_in_place(void **state)
{
	struct tlb *t = tlb_new(8, 8, REPL_FIFO);
	struct tlb_entry ev, *a, *a2;
	unsigned level;
	(void)state;

	a = tlb_insert(t, 0xa000, 0, 0x100, H(1), LEAF, NULL);
	tlb_insert(t, 0xb000, 0, 0x101, H(1), LEAF, NULL);
	tlb_insert(t, 0xc000, 0, 0x102, H(1), LEAF, NULL);
	a2 = tlb_insert(t, 0xa123, 0, 0x200, H(1), PTE_V | PTE_R | PTE_A, &ev);
	assert_ptr_equal(a2, a);
	assert_int_equal(ev.valid, TLBE_VALID);
	assert_int_equal(ev.ppn, 0x100);
	assert_int_equal(ev.pte, LEAF);
	assert_int_equal(t->count[0], 3);
	assert_int_equal(tlb_lookup(t, 0xa000, H(1), &level)->ppn, 0x200);
	assert_int_equal(tlb_lookup(t, 0xa000, H(1), &level)->pte, PTE_V | PTE_R | PTE_A);
	assert_non_null(stored(t, 0, 0xb000, H(1)));
	assert_non_null(stored(t, 0, 0xc000, H(1)));
	/* hmvirt counts the replaced entry as an eviction (it is reported to the caller) */
	assert_int_equal(t->evictions, 1);

	/* another ASID, or a global entry of another ASID: a separate entry */
	a2 = tlb_insert(t, 0xa000, 0, 0x300, H(2), LEAF, &ev);
	assert_ptr_not_equal(a2, a);
	assert_int_equal(ev.valid, 0);
	tlb_insert(t, 0xa000, 0, 0x301, H(3), LEAF | PTE_G, &ev);
	assert_int_equal(ev.valid, 0);
	assert_int_equal(t->count[0], 5);
	assert_int_equal(tlb_lookup(t, 0xa000, H(1), &level)->ppn, 0x200);
	assert_int_equal(tlb_lookup(t, 0xa000, H(2), &level)->ppn, 0x300);
	/* another size of the same va: separate */
	tlb_insert(t, 0xa000, 1, 0x400, H(1), LEAF, &ev);
	assert_int_equal(ev.valid, 0);
	assert_int_equal(t->count[1], 1);
	assert_int_equal(t->count[0], 5);
	assert_int_equal(tlb_lookup(t, 0xa000, H(1), &level)->ppn, 0x200);
	assert_int_equal(level, 0);
	tlb_delete(t);

	/* FIFO: the refilled entry is the newest; the next victim is B */
	t = tlb_new(2, 2, REPL_FIFO);
	tlb_insert(t, 0xa000, 0, 0xa, H(1), LEAF, NULL);
	tlb_insert(t, 0xb000, 0, 0xb, H(1), LEAF, NULL);
	tlb_insert(t, 0xa000, 0, 0xaa, H(1), LEAF, NULL);
	tlb_insert(t, 0xc000, 0, 0xc, H(1), LEAF, &ev);
	assert_int_equal(ev.vpn, 0xb);
	assert_non_null(stored(t, 0, 0xa000, H(1)));
	tlb_delete(t);
}

/* ---- context matching ----------------------------------------------------------- */
/*
 * A non-global entry matches its exact context; a global one (G in pte)
 * any ASID of its own space: same V, VMID, VS_BARE and GSTAGE bits
 * (supervisor.adoc: global mappings exist in all address spaces;
 * hypervisor.adoc: VS-stage translations are per VMID).
 */
static void test_context_matching(void **state)
{
	static const struct { const char *name; uint64_t ctx; uint8_t g; uint64_t probe; bool hit; } rows[] = {
		{ "host: same ASID", 5, 0, 5, true },
		{ "host: other ASID", 5, 0, 6, false },
		{ "host: ASID 0 against 5", 5, 0, 0, false },
		{ "host: ASID 0xffff", 0xffff, 0, 0xffff, true },
		{ "host global: other ASID", 5, PTE_G, 6, true },
		{ "host global: ASID 0xffff", 5, PTE_G, 0xffff, true },
		{ "host global: not a guest of VMID 0", 5, PTE_G, 5 | TLB_CTX_V, false },
		{ "host: not a guest with the same ASID", 5, 0, 5 | TLB_CTX_V, false },
		{ "guest: same ASID and VMID", 0, 0, 0, true },
		{ "guest: other VMID", 0, 0, 1, false },
		{ "guest: other ASID", 0, 0, 2, false },
		{ "guest global: other ASID, same VMID", 0, PTE_G, 2, true },
		{ "guest global: other VMID", 0, PTE_G, 1, false },
		{ "guest global: not the host", 0, PTE_G, 3, false },
		{ "VS_BARE (G) entry: not a VS-stage lookup of its VMID", 4, PTE_G, 0, false },
		{ "VS_BARE entry: a VS_BARE lookup", 4, PTE_G, 4, true },
		{ "G-stage entry: not a VS-stage lookup", 5, PTE_V, 6, false },
		{ "G-stage entry: its own context", 5, PTE_V, 5, true },
		{ "G-stage global entry: not a VS lookup of ASID 0", 5, PTE_G, 6, false },
		{ "guest: VMID 0x3fff", 7, 0, 7, true },
	};
	/* guest rows name contexts by index: */
	static const uint64_t gctx[] = {
		/* 0 */ 0x0001ull | 3ull << TLB_CTX_VMID_SHIFT | TLB_CTX_V,  /* ASID 1 VMID 3 */
		/* 1 */ 0x0001ull | 4ull << TLB_CTX_VMID_SHIFT | TLB_CTX_V,  /* ASID 1 VMID 4 */
		/* 2 */ 0x0002ull | 3ull << TLB_CTX_VMID_SHIFT | TLB_CTX_V,  /* ASID 2 VMID 3 */
		/* 3 */ 0x0001ull,                                           /* host ASID 1 */
		/* 4 */ 3ull << TLB_CTX_VMID_SHIFT | TLB_CTX_V | TLB_CTX_VS_BARE,
		/* 5 */ 3ull << TLB_CTX_VMID_SHIFT | TLB_CTX_V | TLB_CTX_GSTAGE,
		/* 6 */ 3ull << TLB_CTX_VMID_SHIFT | TLB_CTX_V,              /* ASID 0 VMID 3 */
		/* 7 */ 9ull | 0x3fffull << TLB_CTX_VMID_SHIFT | TLB_CTX_V,
	};
	struct rowcheck rc = { 0 };
	(void)state;

	assert_int_equal(G(1, 3), gctx[0]);
	assert_int_equal(G(9, 0x3fff), gctx[7]);
	for (size_t i = 0; i < NROWS(rows); i++) {
		bool host = strncmp(rows[i].name, "host", 4) == 0;
		uint64_t ctx = host ? rows[i].ctx : gctx[rows[i].ctx];
		uint64_t probe = host ? rows[i].probe : gctx[rows[i].probe];
		struct tlb *t = tlb_new(4, 4, REPL_LRU);
		unsigned level;
		tlb_insert(t, 0x7000, 0, 0x80007, ctx, (uint8_t)(LEAF | rows[i].g), NULL);
		ROW_EQ(&rc, rows[i].name, rows[i].g & PTE_G ? C_GLOBAL : C_CTX, "lookup hit",
		       tlb_lookup(t, 0x7000, probe, &level) != NULL, rows[i].hit);
		ROW_EQ(&rc, rows[i].name, C_CTX, "lookup_level hit",
		       tlb_lookup_level(t, 0x7000, probe, 0) != NULL, rows[i].hit);
		ROW_EQ(&rc, rows[i].name, C_CTX, "peek hit", tlb_peek(t, 0x7000, probe, &level) != NULL,
		       rows[i].hit);
		tlb_delete(t);
	}
	ROW_DONE(&rc);
}

/* ---- tlb_flush ------------------------------------------------------------------ */
/*
 * sfence.vma / hfence.vvma operands within one address space, against one
 * population (64 entries, 16-way: the va forms index by set). Entries:
 *   0 A host/1   1 A host/2   2 B host/1   3 C host/1 global
 *   4 2 MiB holding A host/1   5 1 GiB global (negative half) host/1
 *   6 512 GiB host/1   7 A guest ASID 1 VMID 1   8 A guest ASID 3 VMID 1 global
 *   9 A guest ASID 1 VMID 2   10 A VS_BARE VMID 1 (G, as the MMU tags it)
 *   11 2 MiB holding A, a G-stage non-leaf entry of VMID 1
 */
#define VA_A  0x0000000040201000ull
#define VA_B  0x0000000012345000ull
#define VA_C  0x0000000007654000ull
#define VA_2M 0x0000000040200000ull
#define VA_1G 0xffffffffc0000000ull
#define VA_512G 0x0000008000000000ull
#define SP_G1 (TLB_CTX_V | 1ull << TLB_CTX_VMID_SHIFT)
#define SP_G2 (TLB_CTX_V | 2ull << TLB_CTX_VMID_SHIFT)
#define SP_G3 (TLB_CTX_V | 3ull << TLB_CTX_VMID_SHIFT)

static const struct { unsigned level; uint64_t va, ctx; uint8_t g; } pop[] = {
	{ 0, VA_A, 1, 0 }, { 0, VA_A, 2, 0 }, { 0, VA_B, 1, 0 }, { 0, VA_C, 1, PTE_G },
	{ 1, VA_2M, 1, 0 }, { 2, VA_1G, 1, PTE_G }, { 3, VA_512G, 1, 0 },
	{ 0, VA_A, SP_G1 | 1, 0 }, { 0, VA_A, SP_G1 | 3, PTE_G }, { 0, VA_A, SP_G2 | 1, 0 },
	{ 0, VA_A, SP_G1 | TLB_CTX_VS_BARE, PTE_G }, { 1, VA_2M, SP_G1 | TLB_CTX_GSTAGE, 0 },
};
#define HOST_ALL 0x7fu
#define GUEST_ALL 0xf80u
#define ALL 0xfffu

static void test_flush_forms(void **state)
{
	static const struct {
		const char *name, *clause;
		uint64_t space;
		bool has_va;
		uint64_t va;
		bool has_asid;
		uint16_t asid;
		unsigned keep;         /* bit n: entry n survives */
		bool super;            /* the return: a superpage entry was dropped */
	} rows[] = {
		{ "host, rs1=x0 rs2=x0: every host entry", C_SFENCE, 0, false, 0, false, 0, GUEST_ALL, true },
		{ "host, va A: both ASIDs and the 2 MiB page", C_SFENCE, 0, true, VA_A, false, 0,
		  ALL & ~(E(0) | E(1) | E(4)), true },
		{ "host, va A + 0xfff: same page", C_SFENCE, 0, true, VA_A + 0xfff, false, 0,
		  ALL & ~(E(0) | E(1) | E(4)), true },
		{ "host, va B: only B", C_SFENCE, 0, true, VA_B, false, 0, ALL & ~E(2), false },
		{ "host, va C: a global entry goes without rs2", C_SFENCE, 0, true, VA_C, false, 0, ALL & ~E(3), false },
		{ "host, va in the 2 MiB page, not A", C_SFENCE, 0, true, VA_2M + 0x1ff000, false, 0, ALL & ~E(4), true },
		{ "host, va in the 1 GiB global page", C_SFENCE, 0, true, VA_1G + 0x12345678, false, 0, ALL & ~E(5), true },
		{ "host, va in the 512 GiB page", C_SFENCE, 0, true, VA_512G + 0x7fffffffffull, false, 0,
		  ALL & ~E(6), true },
		{ "host, va mapped by nothing", C_SFENCE, 0, true, 0x0000000033333000ull, false, 0, ALL, false },
		{ "host, non-canonical va: no effect", C_SFENCE, 0, true, VA_A | (1ull << 50), false, 0, ALL, false },
		{ "host, asid 1: its non-global entries", C_SFENCE, 0, false, 0, true, 1,
		  ALL & ~(E(0) | E(2) | E(4) | E(6)), true },
		{ "host, asid 2", C_SFENCE, 0, false, 0, true, 2, ALL & ~E(1), false },
		{ "host, asid 3: nothing (guest ASID 3 untouched)", C_SFENCE, 0, false, 0, true, 3, ALL, false },
		{ "host, va A + asid 1", C_SFENCE, 0, true, VA_A, true, 1, ALL & ~(E(0) | E(4)), true },
		{ "host, va A + asid 2", C_SFENCE, 0, true, VA_A, true, 2, ALL & ~E(1), false },
		{ "host, va C + asid 1: global kept", C_SFENCE, 0, true, VA_C, true, 1, ALL, false },
		{ "host, va in the global 1 GiB + asid 1: kept", C_SFENCE, 0, true, VA_1G, true, 1, ALL, false },
		{ "host, va B + asid 2: nothing", C_SFENCE, 0, true, VA_B, true, 2, ALL, false },
		{ "VMID 1, all: its VS-stage entries only", C_MMF, SP_G1, false, 0, false, 0,
		  ALL & ~(E(7) | E(8)), false },
		{ "VMID 1, va A", C_MMF, SP_G1, true, VA_A, false, 0, ALL & ~(E(7) | E(8)), false },
		{ "VMID 1, va B: nothing", C_MMF, SP_G1, true, VA_B, false, 0, ALL, false },
		{ "VMID 1, asid 1: global kept", C_MMF, SP_G1, false, 0, true, 1, ALL & ~E(7), false },
		{ "VMID 1, asid 3: global entry of ASID 3 kept", C_MMF, SP_G1, false, 0, true, 3, ALL, false },
		{ "VMID 1, va A + asid 1", C_MMF, SP_G1, true, VA_A, true, 1, ALL & ~E(7), false },
		{ "VMID 2, all", C_MMF, SP_G2, false, 0, false, 0, ALL & ~E(9), false },
		{ "VMID 3, all: nothing", C_MMF, SP_G3, false, 0, false, 0, ALL, false },
		{ "VS_BARE space of VMID 1", C_CTX, SP_G1 | TLB_CTX_VS_BARE, false, 0, false, 0, ALL & ~E(10), false },
		{ "G-stage space of VMID 1", C_CTX, SP_G1 | TLB_CTX_GSTAGE, false, 0, false, 0, ALL & ~E(11), true },
		{ "G-stage space of VMID 1, va A", C_CTX, SP_G1 | TLB_CTX_GSTAGE, true, VA_A, false, 0,
		  ALL & ~E(11), true },
	};
	struct rowcheck rc = { 0 };
	(void)state;

	for (size_t i = 0; i < NROWS(rows); i++) {
		struct tlb *t = tlb_new(64, 16, REPL_LRU);
		uint64_t h, m, e;
		for (size_t k = 0; k < NROWS(pop); k++)
			tlb_insert(t, pop[k].va, pop[k].level, 0x1000 + k, pop[k].ctx, (uint8_t)(LEAF | pop[k].g), NULL);
		for (size_t k = 0; k < NROWS(pop); k++)
			assert_non_null(stored(t, pop[k].level, pop[k].va, pop[k].ctx));
		h = t->hits, m = t->misses, e = t->evictions;
		bool super = tlb_flush(t, rows[i].space, rows[i].has_va, rows[i].va, rows[i].has_asid, rows[i].asid);
		unsigned keep = 0;
		for (size_t k = 0; k < NROWS(pop); k++)
			keep |= stored(t, pop[k].level, pop[k].va, pop[k].ctx) ? E(k) : 0;
		ROW_EQ(&rc, rows[i].name, rows[i].clause, "surviving entries (bit n = entry n)", keep, rows[i].keep);
		ROW_EQ(&rc, rows[i].name, rows[i].clause, "superpage dropped", super, rows[i].super);
		ROW_EQ(&rc, rows[i].name, C_COUNT, "counters untouched", t->hits + t->misses + t->evictions, h + m + e);
		check_counts(&rc, rows[i].name, t);
		tlb_delete(t);
	}
	ROW_DONE(&rc);
}

/* ---- tlb_flush_gvma ----------------------------------------------------------------- */
/*
 * hfence.gvma: guest entries whose G-stage leaf (gpn at glevel) holds the
 * GPA, of one VMID or all; host entries never, whatever their gpn field.
 * Entries (va, ctx, gpa of the G-stage leaf's base, glevel):
 *   0 4 KiB, ASID 1 VMID 1, G leaf 4 KiB at 0x80001000
 *   1 4 KiB, ASID 1 VMID 1, G leaf 2 MiB at 0x80200000
 *   2 4 KiB, ASID 1 VMID 2, G leaf 4 KiB at 0x80001000 (same GPA, other VM)
 *   3 2 MiB, ASID 1 VMID 1, G leaf 2 MiB at 0x80400000
 *   4 4 KiB VS_BARE VMID 1, G leaf 4 KiB at 0x80005000
 *   5 host ASID 1, gpn field 0x80001 (never a guest entry)
 *   6 a nested-TLB entry of VMID 1: GPA 0x80006000 (gpn = vpn)
 *   7 4 KiB, ASID 9 VMID 0x3fff, G leaf 4 KiB at 0x80007000
 */
static const struct { uint64_t va, ctx, gpa; unsigned level, glevel; } gpop[] = {
	{ 0x1000, SP_G1 | 1, 0x80001000, 0, 0 },
	{ 0x2000, SP_G1 | 1, 0x80200000, 0, 1 },
	{ 0x1000, SP_G2 | 1, 0x80001000, 0, 0 },
	{ 0x400000, SP_G1 | 1, 0x80400000, 1, 1 },
	{ 0x80005000, SP_G1 | TLB_CTX_VS_BARE, 0x80005000, 0, 0 },
	{ 0x1000, 1, 0x80001000, 0, 0 },
	{ 0x80006000, SP_G1, 0x80006000, 0, 0 },
	{ 0x7000, TLB_CTX_V | 0x3fffull << TLB_CTX_VMID_SHIFT | 9, 0x80007000, 0, 0 },
};

static void test_flush_gvma(void **state)
{
	static const struct {
		const char *name;
		bool has_gpa;
		uint64_t gpa;
		bool has_vmid;
		uint16_t vmid;
		unsigned keep;
	} rows[] = {
		{ "all: every guest entry", false, 0, false, 0, E(5) },
		{ "vmid 1", false, 0, true, 1, E(2) | E(5) | E(7) },
		{ "vmid 2", false, 0, true, 2, 0xff & ~E(2) },
		{ "vmid 0x3fff", false, 0, true, 0x3fff, 0xff & ~E(7) },
		{ "vmid 3: nothing", false, 0, true, 3, 0xff },
		{ "gpa 0x80001000: both VMs", true, 0x80001000, false, 0, 0xff & ~(E(0) | E(2)) },
		{ "gpa 0x80001ff8: same page", true, 0x80001ff8, false, 0, 0xff & ~(E(0) | E(2)) },
		{ "gpa 0x80001000 + vmid 1", true, 0x80001000, true, 1, 0xff & ~E(0) },
		{ "gpa 0x80001000 + vmid 2", true, 0x80001000, true, 2, 0xff & ~E(2) },
		{ "gpa 0x80001000 + vmid 3: nothing", true, 0x80001000, true, 3, 0xff },
		{ "gpa: base of a 2 MiB G leaf", true, 0x80200000, false, 0, 0xff & ~E(1) },
		{ "gpa: last page of a 2 MiB G leaf", true, 0x803ff000, false, 0, 0xff & ~E(1) },
		{ "gpa inside the 2 MiB G leaf of a 2 MiB entry", true, 0x80412345, true, 1, 0xff & ~E(3) },
		{ "gpa of a VS_BARE entry", true, 0x80005000, false, 0, 0xff & ~E(4) },
		{ "gpa of a nested-TLB entry", true, 0x80006abc, true, 1, 0xff & ~E(6) },
		{ "gpa next to a 4 KiB G leaf: nothing", true, 0x80002000, false, 0, 0xff },
		{ "gpa below a 2 MiB G leaf: nothing", true, 0x801ff000, false, 0, 0xff },
	};
	struct rowcheck rc = { 0 };
	(void)state;

	for (size_t i = 0; i < NROWS(rows); i++) {
		struct tlb *t = tlb_new(32, 8, REPL_LRU);
		for (size_t k = 0; k < NROWS(gpop); k++) {
			struct tlb_entry *n = tlb_insert(t, gpop[k].va, gpop[k].level, 0x2000 + k, gpop[k].ctx, LEAF, NULL);
			n->gpn = gpop[k].gpa >> (PAGE_SHIFT + 9 * gpop[k].glevel);
			n->glevel = (uint8_t)gpop[k].glevel;
			n->gpte = LEAF | PTE_U;
		}
		bool any = tlb_flush_gvma(t, rows[i].has_gpa, rows[i].gpa, rows[i].has_vmid, rows[i].vmid);
		unsigned keep = 0;
		for (size_t k = 0; k < NROWS(gpop); k++)
			keep |= stored(t, gpop[k].level, gpop[k].va, gpop[k].ctx) ? E(k) : 0;
		ROW_EQ(&rc, rows[i].name, C_HFENCE, "surviving entries (bit n = entry n)", keep, rows[i].keep);
		ROW_EQ(&rc, rows[i].name, C_HFENCE, "return: something dropped", any, rows[i].keep != 0xff);
		check_counts(&rc, rows[i].name, t);
		tlb_delete(t);
	}
	ROW_DONE(&rc);
}

/* ---- tlb_flush_match, tlb_flush_all ------------------------------------------------ */
/* Drops the entries with (ctx & mask) == value, global or not. */
static void test_flush_match(void **state)
{
	static const uint64_t ctxs[] = {
		/* 0 */ 1, /* 1 */ 2, /* 2 */ SP_G1 | 1, /* 3 */ SP_G2 | 1,
		/* 4 */ SP_G1 | TLB_CTX_GSTAGE, /* 5 */ SP_G2 | TLB_CTX_GSTAGE,
	};
	static const struct { const char *name; uint64_t mask, value; unsigned keep; } rows[] = {
		{ "every G-stage entry", TLB_CTX_GSTAGE, TLB_CTX_GSTAGE, E(0) | E(1) | E(2) | E(3) },
		{ "G-stage entries of VMID 1",
		  TLB_CTX_GSTAGE | 0x3fffull << TLB_CTX_VMID_SHIFT, TLB_CTX_GSTAGE | 1ull << TLB_CTX_VMID_SHIFT,
		  0x3f & ~E(4) },
		{ "one exact context (its global entry too)", ~0ull, 2, 0x3f & ~E(1) },
		{ "mask 0: everything", 0, 0, 0 },
		{ "host entries", TLB_CTX_V, 0, E(2) | E(3) | E(4) | E(5) },
		{ "guest entries", TLB_CTX_V, TLB_CTX_V, E(0) | E(1) },
		{ "a value outside the mask: nothing", TLB_CTX_GSTAGE, TLB_CTX_GSTAGE | 1, 0x3f },
	};
	struct rowcheck rc = { 0 };
	(void)state;

	for (size_t i = 0; i < NROWS(rows); i++) {
		struct tlb *t = tlb_new(16, 16, REPL_LRU);
		for (size_t k = 0; k < NROWS(ctxs); k++)
			tlb_insert(t, 0x40000000, (unsigned)(k % 2), 0x3000 + k, ctxs[k],
				   (uint8_t)(PTE_V | (k == 1 ? PTE_G : 0)), NULL);
		tlb_flush_match(t, rows[i].mask, rows[i].value);
		unsigned keep = 0;
		for (size_t k = 0; k < NROWS(ctxs); k++)
			keep |= stored(t, (unsigned)(k % 2), 0x40000000, ctxs[k]) ? E(k) : 0;
		ROW_EQ(&rc, rows[i].name, C_CTX, "surviving entries", keep, rows[i].keep);
		check_counts(&rc, rows[i].name, t);
		tlb_delete(t);
	}
	ROW_DONE(&rc);
}

/*
 * Statistics: one hit or one miss per tlb_lookup (not per page size
 * tried), evictions only when a valid entry is replaced; flushes leave the
 * counters and the clock alone; tlb_flush_all empties the array.
 */
static void test_statistics(void **state)
{
	struct tlb *t = tlb_new(16, 4, REPL_LRU);     /* 4 sets */
	struct rowcheck rc = { 0 };
	unsigned level;
	(void)state;

	/* one entry of each size (sets 0, 0, 0, 1), then lookups that try every size */
	for (unsigned l = 0; l < TLB_LEVELS; l++)
		tlb_insert(t, 0x0000008000000000ull, l, 0x100 * (l + 1), H(1), LEAF, NULL);
	assert_int_equal(t->hits + t->misses + t->evictions, 0);
	assert_non_null(tlb_lookup(t, 0x0000008040000000ull, H(1), &level));     /* 512 GiB hit */
	assert_int_equal(level, 3);
	assert_null(tlb_lookup(t, 0x0000010000000000ull, H(1), &level));
	assert_null(tlb_lookup(t, 0x0000008000000000ull, H(2), &level));
	assert_non_null(tlb_lookup(t, 0x0000008000000000ull, H(1), &level));
	assert_int_equal(level, 0);
	assert_int_equal(t->hits, 2);
	assert_int_equal(t->misses, 2);
	assert_int_equal(t->evictions, 0);
	/* 16 pages, 4 per set: set 0 has 1 free way (3 evictions), set 1 has 3 (1 eviction) */
	for (uint64_t v = 0; v < 16; v++)
		tlb_insert(t, v << PAGE_SHIFT, 0, v, H(3), LEAF, NULL);
	assert_int_equal(t->evictions, 4);
	assert_int_equal(t->hits, 2);
	assert_int_equal(t->misses, 2);
	check_counts(&rc, "after the fills", t);
	assert_int_equal(t->count[0], 16);

	uint64_t h = t->hits, m = t->misses, e = t->evictions, clk = *t->clock;
	tlb_flush(t, 0, true, 0x5000, false, 0);
	assert_null(stored(t, 0, 0x5000, H(3)));
	tlb_flush(t, 0, false, 0, true, 3);
	tlb_flush_gvma(t, false, 0, false, 0);
	tlb_flush_match(t, TLB_CTX_V, TLB_CTX_V);
	check_counts(&rc, "after the flushes", t);
	tlb_flush_all(t);
	assert_int_equal(t->hits, h);
	assert_int_equal(t->misses, m);
	assert_int_equal(t->evictions, e);
	assert_int_equal(*t->clock, clk);
	for (unsigned i = 0; i < t->entries; i++)
		assert_int_equal(t->e[i].valid, 0);
	for (unsigned l = 0; l < TLB_LEVELS; l++)
		assert_int_equal(t->count[l], 0);
	assert_null(tlb_lookup(t, 0x0000008000000000ull, H(1), &level));
	assert_int_equal(t->misses, m + 1);
	tlb_delete(t);
	ROW_DONE(&rc);
}

int main(void)
{
	unit_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_geometry),
		cmocka_unit_test(test_page_sizes),
		cmocka_unit_test(test_sizes_share_sets),
		cmocka_unit_test(test_replacement_sequences),
		cmocka_unit_test(test_random_victims),
		cmocka_unit_test(test_aging),
		cmocka_unit_test(test_evicted_reported),
		cmocka_unit_test(test_replace_in_place),
		cmocka_unit_test(test_context_matching),
		cmocka_unit_test(test_flush_forms),
		cmocka_unit_test(test_flush_gvma),
		cmocka_unit_test(test_flush_match),
		cmocka_unit_test(test_statistics),
	};
	return cmocka_run_group_tests_name("tlb", tests, NULL, NULL);
}
