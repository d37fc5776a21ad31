/*
 * The set-associative cache model of the timing layer (emu/cache.c,
 * declared in emu/timing.h) used directly: cache_init's geometry checks;
 * exact hit / miss / eviction sequences under LRU and FIFO, for 2- and
 * 4-way sets, direct-mapped and fully-associative caches; RANDOM's
 * determinism and its documented generator; line granularity and set
 * indexing; cache_probe's lack of side effects; cache_flush; the counters.
 *
 * The clauses are those of the model's contract in emu/timing.h and
 * emu/cache.c's header comment (not of the ISA: caches are invisible to
 * it), named below as C_* strings.
 */
#include "unit.h"
#include "timing.h"

#define C_GEOM   "timing.h: cache geometry (powers of two, sets = size / (line * ways))"
#define C_LRU    "cache.c: LRU evicts the way used least recently"
#define C_FIFO   "cache.c: FIFO evicts the way filled earliest; hits change nothing"
#define C_RANDOM "cache.c: RANDOM victims from xorshift64 seeded with CACHE_RNG_SEED"
#define C_FILL   "cache.c: a miss fills the lowest invalid way first"
#define C_INDEX  "cache.c: set = line number mod sets, tag = whole line number"
#define C_COUNT  "timing.h: hits, misses, evictions (a miss replacing a valid line)"
#define C_PROBE  "timing.h: cache_probe changes no state"
#define C_FLUSH  "timing.h: cache_flush invalidates every line, keeps statistics"

#define NROWS(t) (sizeof(t) / sizeof((t)[0]))

static struct cache_config cfg_of(unsigned size, unsigned ways, unsigned line, enum repl repl)
{
	struct cache_config cfg = { .size = size, .ways = ways, .line = line, .latency = 3, .repl = repl };
	return cfg;
}

/* A cache of the given geometry on the heap, or a test failure. */
static struct cache *cache_new(unsigned size, unsigned ways, unsigned line, enum repl repl)
{
	struct cache_config cfg = cfg_of(size, ways, line, repl);
	struct cache *c = calloc(1, sizeof *c);
	assert_non_null(c);
	assert_int_equal(cache_init(c, &cfg), 0);
	return c;
}

static void cache_delete(struct cache *c)
{
	cache_free(c);
	free(c);
}

/* The way of pa's set that holds pa's line, or -1. */
static int way_of(const struct cache *c, uint64_t pa)
{
	uint64_t line = pa >> c->line_shift;
	size_t base = (size_t)(line & (c->sets - 1)) * c->ways;
	for (unsigned w = 0; w < c->ways; w++)
		if (c->tag[base + w] == line)
			return (int)w;
	return -1;
}

/* The reference generator: Marsaglia's xorshift64 (13, 7, 17). */
static uint64_t ref_xorshift64(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/*
 * Geometry: size, line, ways and sets powers of two, size >= line * ways,
 * a known policy. A good row gives the derived sets and line_shift and
 * an empty cache; a bad one -1 with the arrays NULL, and cache_free is
 * safe (and idempotent) either way.
 */
static void test_init_geometry(void **state)
{
	static const struct {
		const char *name;
		unsigned size, ways, line;
		int repl;
		int rc;
		unsigned sets, line_shift;
	} rows[] = {
		{ "32 KiB 8-way 64 B: 64 sets", 32768, 8, 64, REPL_LRU, 0, 64, 6 },
		{ "1 MiB 16-way 64 B: 1024 sets", 1 << 20, 16, 64, REPL_FIFO, 0, 1024, 6 },
		{ "direct-mapped 4 KiB 32 B: 128 sets", 4096, 1, 32, REPL_RANDOM, 0, 128, 5 },
		{ "fully associative 1 KiB 16-way 64 B: 1 set", 1024, 16, 64, REPL_LRU, 0, 1, 6 },
		{ "1-byte cache, 1-byte line", 1, 1, 1, REPL_LRU, 0, 1, 0 },
		{ "2 GiB line", 1u << 31, 1, 1u << 31, REPL_LRU, 0, 1, 31 },
		{ "size 0", 0, 1, 64, REPL_LRU, -1, 0, 0 },
		{ "line 0", 4096, 1, 0, REPL_LRU, -1, 0, 0 },
		{ "ways 0", 4096, 0, 64, REPL_LRU, -1, 0, 0 },
		{ "size not a power of two (96 KiB)", 96 * 1024, 4, 64, REPL_LRU, -1, 0, 0 },
		{ "line not a power of two (48)", 4096, 4, 48, REPL_LRU, -1, 0, 0 },
		{ "ways not a power of two (3)", 4096, 3, 64, REPL_LRU, -1, 0, 0 },
		{ "ways not a power of two (12)", 65536, 12, 64, REPL_LRU, -1, 0, 0 },
		{ "size < line * ways", 64, 2, 64, REPL_LRU, -1, 0, 0 },
		{ "line * ways overflows 32 bits", 1u << 31, 4, 1u << 31, REPL_LRU, -1, 0, 0 },
		{ "unknown policy", 4096, 4, 64, 3, -1, 0, 0 },
	};
	struct rowcheck rc = { 0 };

	for (size_t i = 0; i < NROWS(rows); i++) {
		struct cache_config cfg = cfg_of(rows[i].size, rows[i].ways, rows[i].line, (enum repl)rows[i].repl);
		struct cache c;
		memset(&c, 0xa5, sizeof c);
		int r = cache_init(&c, &cfg);
		ROW_EQ(&rc, rows[i].name, C_GEOM, "cache_init", (int64_t)r, (int64_t)rows[i].rc);
		if (r == 0 && rows[i].rc == 0) {
			size_t n = (size_t)c.sets * c.ways;
			ROW_EQ(&rc, rows[i].name, C_GEOM, "sets", c.sets, rows[i].sets);
			ROW_EQ(&rc, rows[i].name, C_GEOM, "ways", c.ways, rows[i].ways);
			ROW_EQ(&rc, rows[i].name, C_GEOM, "line_shift", c.line_shift, rows[i].line_shift);
			ROW_EQ(&rc, rows[i].name, C_GEOM, "latency", c.latency, 3);
			ROW_EQ(&rc, rows[i].name, C_GEOM, "repl", c.repl, rows[i].repl);
			ROW_EQ(&rc, rows[i].name, C_COUNT, "clock", c.clock, 0);
			ROW_EQ(&rc, rows[i].name, C_COUNT, "hits", c.hits, 0);
			ROW_EQ(&rc, rows[i].name, C_COUNT, "misses", c.misses, 0);
			ROW_EQ(&rc, rows[i].name, C_COUNT, "evictions", c.evictions, 0);
			ROW_EQ(&rc, rows[i].name, C_RANDOM, "rng", c.rng, CACHE_RNG_SEED);
			size_t valid = 0;
			for (size_t k = 0; k < n; k++)
				valid += c.tag[k] != CACHE_EMPTY;
			ROW_EQ(&rc, rows[i].name, C_GEOM, "valid lines after init", valid, 0);
		} else if (r != 0) {
			ROW_EQ(&rc, rows[i].name, C_GEOM, "tag array after failure", (uintptr_t)c.tag, 0);
			ROW_EQ(&rc, rows[i].name, C_GEOM, "stamp array after failure", (uintptr_t)c.stamp, 0);
		}
		cache_free(&c);
		cache_free(&c);         /* idempotent */
		ROW_EQ(&rc, rows[i].name, C_GEOM, "tag array after cache_free", (uintptr_t)c.tag, 0);
	}
	ROW_DONE(&rc);
}

/*
 * Exact replacement sequences. Each letter of seq is a line of one set
 * (letter k: line k * sets + sets - 1, the last set, at an offset inside
 * the line that changes with the step); want says per step h (hit), m
 * (miss into an invalid way) or e (miss evicting a valid line); evict
 * names the line that step must evict ('-' for none). The evicted line
 * must be present before the step and absent after it, the accessed line
 * present after it, and the counters must move by exactly one event.
 */
static void test_replacement_sequences(void **state)
{
	static const struct {
		const char *name, *clause;
		unsigned size, ways, line;
		enum repl repl;
		const char *seq, *want, *evict;
	} rows[] = {
		{ "LRU 2-way: A B A C -> C evicts B, then B evicts A, A evicts C", C_LRU,
		  512, 2, 64, REPL_LRU, "ABACBA", "mmheee", "---BAC" },
		{ "FIFO 2-way: A B A C -> C evicts A (the hit does not refresh it)", C_FIFO,
		  512, 2, 64, REPL_FIFO, "ABACBA", "mmhehe", "---A-B" },
		{ "LRU 2-way: cycling 3 lines misses every time", C_LRU,
		  256, 2, 32, REPL_LRU, "ABCABCABC", "mmeeeeeee", "--ABCABCA" },
		{ "FIFO 2-way: cycling 3 lines misses every time", C_FIFO,
		  256, 2, 32, REPL_FIFO, "ABCABCABC", "mmeeeeeee", "--ABCABCA" },
		{ "LRU 4-way: a hit on A protects it, B C D A E go in use order", C_LRU,
		  4096, 4, 64, REPL_LRU, "ABCDAEBFCA", "mmmmheeeee", "-----BCDAE" },
		{ "FIFO 4-way: same sequence, victims in fill order A B C", C_FIFO,
		  4096, 4, 64, REPL_FIFO, "ABCDAEBFCA", "mmmmhehehe", "-----A-B-C" },
		{ "LRU 4-way: hits in reverse fill order reverse the victims", C_LRU,
		  1024, 4, 16, REPL_LRU, "ABCDDCBAEF", "mmmmhhhhee", "--------DC" },
		{ "direct-mapped: two lines of one set conflict", C_INDEX,
		  256, 1, 64, REPL_LRU, "ABBAAB", "mehehe", "-A-B-A" },
		{ "direct-mapped FIFO behaves the same", C_INDEX,
		  256, 1, 64, REPL_FIFO, "ABBAAB", "mehehe", "-A-B-A" },
		{ "direct-mapped RANDOM behaves the same (one way to choose)", C_INDEX,
		  256, 1, 64, REPL_RANDOM, "ABBAAB", "mehehe", "-A-B-A" },
		{ "fully associative 8-way: 8 lines fit, the 9th evicts the LRU one", C_LRU,
		  512, 8, 64, REPL_LRU, "ABCDEFGHABCDEFGHIA", "mmmmmmmmhhhhhhhhee", "----------------AB" },
		{ "fully associative 8-way FIFO: the 9th evicts the first filled", C_FIFO,
		  512, 8, 64, REPL_FIFO, "ABCDEFGHHGFEDCBAIA", "mmmmmmmmhhhhhhhhee", "----------------AB" },
		{ "RANDOM 4-way without eviction: only hits and fills", C_FILL,
		  4096, 4, 64, REPL_RANDOM, "ABCDDCBAABCD", "mmmmhhhhhhhh", "------------" },
	};
	struct rowcheck rc = { 0 };

	for (size_t i = 0; i < NROWS(rows); i++) {
		struct cache *c = cache_new(rows[i].size, rows[i].ways, rows[i].line, rows[i].repl);
		uint64_t stride = (uint64_t)rows[i].line * c->sets;
		uint64_t base = (uint64_t)rows[i].line * (c->sets - 1);
		size_t len = strlen(rows[i].seq);

		assert_int_equal(strlen(rows[i].want), len);
		assert_int_equal(strlen(rows[i].evict), len);
		for (size_t k = 0; k < len; k++) {
			char name[160];
			uint64_t off = (k * 7) & (rows[i].line - 1);
			uint64_t pa = base + (uint64_t)(rows[i].seq[k] - 'A') * stride + off;
			uint64_t h = c->hits, m = c->misses, e = c->evictions;
			char want = rows[i].want[k], ev = rows[i].evict[k];
			uint64_t evpa = ev == '-' ? 0 : base + (uint64_t)(ev - 'A') * stride;

			snprintf(name, sizeof name, "%s, step %zu (%c)", rows[i].name, k, rows[i].seq[k]);
			if (ev != '-' && !cache_probe(c, evpa))
				ROW_FAIL(&rc, name, rows[i].clause, "line %c to evict not present before", ev);
			bool hit = cache_access(c, pa);
			ROW_EQ(&rc, name, rows[i].clause, "hit", hit, want == 'h');
			ROW_EQ(&rc, name, C_COUNT, "hits delta", c->hits - h, want == 'h');
			ROW_EQ(&rc, name, C_COUNT, "misses delta", c->misses - m, want != 'h');
			ROW_EQ(&rc, name, C_COUNT, "evictions delta", c->evictions - e, want == 'e');
			if (!cache_probe(c, pa))
				ROW_FAIL(&rc, name, rows[i].clause, "accessed line not present after");
			if (ev != '-' && cache_probe(c, evpa))
				ROW_FAIL(&rc, name, rows[i].clause, "line %c not evicted", ev);
		}
		ROW_EQ(&rc, rows[i].name, C_COUNT, "clock after the sequence", c->clock, len);
		cache_delete(c);
	}
	ROW_DONE(&rc);
}

/* Invalid ways fill from the lowest index, also after a flush and when a
 * hole is left in the middle of a set. */
static void test_fill_lowest_invalid_way(void **state)
{
	static const enum repl pol[] = { REPL_LRU, REPL_FIFO, REPL_RANDOM };
	struct rowcheck rc = { 0 };

	for (size_t p = 0; p < NROWS(pol); p++) {
		char name[48];
		struct cache *c = cache_new(4 * 4 * 64, 4, 64, pol[p]);   /* 4 sets */
		uint64_t stride = 64 * 4;

		snprintf(name, sizeof name, "policy %d", (int)pol[p]);
		for (unsigned k = 0; k < 4; k++) {
			cache_access(c, k * stride);
			ROW_EQ(&rc, name, C_FILL, "way of the k-th fill", way_of(c, k * stride), k);
		}
		/* a hole in way 2 (tags are the model's public state) is refilled first */
		c->tag[2] = CACHE_EMPTY;
		cache_access(c, 9 * stride);
		ROW_EQ(&rc, name, C_FILL, "way refilling the hole", way_of(c, 9 * stride), 2);
		ROW_EQ(&rc, name, C_COUNT, "evictions", c->evictions, 0);
		cache_delete(c);
	}
	ROW_DONE(&rc);
}

/*
 * A hit updates the replacement state only under LRU: LRU moves the way's
 * stamp to the new clock; FIFO and RANDOM leave every stamp alone. The
 * clock advances on every access.
 */
static void test_hit_updates_only_lru(void **state)
{
	static const struct { const char *name, *clause; enum repl repl; bool moves; } rows[] = {
		{ "LRU hit refreshes the stamp", C_LRU, REPL_LRU, true },
		{ "FIFO hit keeps the fill stamp", C_FIFO, REPL_FIFO, false },
		{ "RANDOM hit changes nothing", C_RANDOM, REPL_RANDOM, false },
	};
	struct rowcheck rc = { 0 };

	for (size_t i = 0; i < NROWS(rows); i++) {
		struct cache *c = cache_new(1024, 4, 64, rows[i].repl);   /* 4 sets */
		cache_access(c, 0x000);
		cache_access(c, 0x100);
		uint64_t before[4], rng = c->rng;
		memcpy(before, c->stamp, sizeof before);
		assert_true(cache_access(c, 0x000));
		ROW_EQ(&rc, rows[i].name, C_COUNT, "clock", c->clock, 3);
		ROW_EQ(&rc, rows[i].name, rows[i].clause, "stamp of the hit way",
		       c->stamp[0], rows[i].moves ? 3 : before[0]);
		ROW_EQ(&rc, rows[i].name, rows[i].clause, "stamp of the other way", c->stamp[1], before[1]);
		ROW_EQ(&rc, rows[i].name, C_RANDOM, "rng", c->rng, rng);
		cache_delete(c);
	}
	ROW_DONE(&rc);
}

/* Runs n accesses of a fixed pseudo-random address stream over 'lines'
 * lines of 64 B; records per step the hit and the way filled. */
static void run_stream(struct cache *c, unsigned n, unsigned lines, bool *hit, int *way)
{
	uint64_t s = 12345;
	for (unsigned k = 0; k < n; k++) {
		s = s * 6364136223846793005ull + 1442695040888963407ull;
		uint64_t pa = ((s >> 33) % lines) * 64 + ((s >> 20) & 63);
		hit[k] = cache_access(c, pa);
		way[k] = way_of(c, pa);
	}
}

/* RANDOM is deterministic: two caches of one configuration given one
 * access sequence hit, miss and choose ways identically, and end equal. */
static void test_random_deterministic(void **state)
{
	enum { N = 20000, LINES = 256 };
	struct cache *a = cache_new(8192, 8, 64, REPL_RANDOM);   /* 16 sets */
	struct cache *b = cache_new(8192, 8, 64, REPL_RANDOM);
	bool *ha = calloc(N, sizeof *ha), *hb = calloc(N, sizeof *hb);
	int *wa = calloc(N, sizeof *wa), *wb = calloc(N, sizeof *wb);
	assert_true(ha && hb && wa && wb);

	run_stream(a, N, LINES, ha, wa);
	run_stream(b, N, LINES, hb, wb);
	for (unsigned k = 0; k < N; k++) {
		if (ha[k] != hb[k] || wa[k] != wb[k])
			fail_msg("[%s] step %u: hit %d/%d way %d/%d", C_RANDOM, k, ha[k], hb[k], wa[k], wb[k]);
	}
	assert_int_equal(a->hits, b->hits);
	assert_int_equal(a->misses, b->misses);
	assert_int_equal(a->evictions, b->evictions);
	assert_int_equal(a->rng, b->rng);
	assert_memory_equal(a->tag, b->tag, (size_t)a->sets * a->ways * sizeof *a->tag);
	/* the stream overflows the cache: there were evictions to decide */
	assert_true(a->evictions > 1000);
	assert_true(a->hits > 0);
	free(ha), free(hb), free(wa), free(wb);
	cache_delete(a);
	cache_delete(b);
}

/*
 * RANDOM's victims are the documented generator's: in a full 8-way set
 * each miss replaces way (xorshift64 >> 32) & 7 of the sequence starting
 * at CACHE_RNG_SEED, and within 200 misses every way is chosen.
 */
static void test_random_victims_from_documented_generator(void **state)
{
	struct cache *c = cache_new(512, 8, 64, REPL_RANDOM);   /* 1 set */
	uint64_t ref = CACHE_RNG_SEED;
	unsigned chosen = 0;
	struct rowcheck rc = { 0 };

	for (uint64_t k = 0; k < 8; k++)
		cache_access(c, k * 64);
	for (uint64_t k = 8; k < 208; k++) {
		char name[32];
		unsigned want = (unsigned)(ref_xorshift64(&ref) >> 32) & 7;
		snprintf(name, sizeof name, "miss %llu", (unsigned long long)k - 8);
		assert_false(cache_access(c, k * 64));
		ROW_EQ(&rc, name, C_RANDOM, "victim way", way_of(c, k * 64), want);
		chosen |= 1u << way_of(c, k * 64);
	}
	ROW_EQ(&rc, "200 misses", C_RANDOM, "ways chosen (bit n = way n)", chosen, 0xff);
	ROW_EQ(&rc, "200 misses", C_COUNT, "evictions", c->evictions, 200);
	ROW_DONE(&rc);
	cache_delete(c);
}

/* Line granularity: every byte of a line hits once the line is filled;
 * the bytes just before and after it are other lines. */
static void test_line_granularity(void **state)
{
	static const struct { const char *name; uint64_t pa; bool hit; } rows[] = {
		{ "first byte: fills the line", 0x1000, false },
		{ "same byte", 0x1000, true },
		{ "last byte of the line", 0x103f, true },
		{ "middle of the line", 0x1021, true },
		{ "next line", 0x1040, false },
		{ "previous line", 0x0fff, false },
		{ "last byte of the next line", 0x107f, true },
		{ "first line again", 0x1008, true },
	};
	struct cache *c = cache_new(32768, 8, 64, REPL_LRU);
	struct rowcheck rc = { 0 };

	for (size_t i = 0; i < NROWS(rows); i++)
		ROW_EQ(&rc, rows[i].name, C_INDEX, "hit", cache_access(c, rows[i].pa), rows[i].hit);
	ROW_EQ(&rc, "all", C_COUNT, "misses", c->misses, 3);
	ROW_EQ(&rc, "all", C_COUNT, "hits", c->hits, 5);
	ROW_DONE(&rc);
	cache_delete(c);
}

/*
 * Set indexing: a line goes to set (pa >> line_shift) & (sets - 1), and
 * stores the whole line number; lines of different sets never evict one
 * another, and lines that share the index bits but differ above them are
 * different lines.
 */
static void test_set_indexing(void **state)
{
	struct cache *c = cache_new(4 * 64, 1, 64, REPL_LRU);   /* 4 sets, direct-mapped */
	static const uint64_t pa[] = { 0x0, 0x40, 0x80, 0xc0 };
	struct rowcheck rc = { 0 };

	for (size_t i = 0; i < NROWS(pa); i++) {
		assert_false(cache_access(c, pa[i]));
		ROW_EQ(&rc, "fill", C_INDEX, "tag in set i", c->tag[i], pa[i] >> 6);
	}
	ROW_EQ(&rc, "fill", C_COUNT, "evictions", c->evictions, 0);
	for (size_t i = 0; i < NROWS(pa); i++)
		ROW_EQ(&rc, "every set keeps its line", C_INDEX, "hit", cache_access(c, pa[i]), true);

	/* 0x100 is set 0 again: it evicts 0x0 and nothing else */
	assert_false(cache_access(c, 0x100));
	ROW_EQ(&rc, "0x100", C_INDEX, "tag in set 0", c->tag[0], 0x100 >> 6);
	ROW_EQ(&rc, "0x100", C_INDEX, "0x0 present", cache_probe(c, 0x0), false);
	for (size_t i = 1; i < NROWS(pa); i++)
		ROW_EQ(&rc, "0x100", C_INDEX, "other sets untouched", cache_probe(c, pa[i]), true);

	/* high bits are part of the tag: 2^40 + 0x40 is set 1 but not line 0x40 */
	uint64_t high = (1ull << 40) + 0x40;
	ROW_EQ(&rc, "2^40 + 0x40", C_INDEX, "probe", cache_probe(c, high), false);
	assert_false(cache_access(c, high));
	ROW_EQ(&rc, "2^40 + 0x40", C_INDEX, "tag in set 1", c->tag[1], high >> 6);
	ROW_EQ(&rc, "2^40 + 0x40", C_INDEX, "0x40 evicted", cache_probe(c, 0x40), false);
	ROW_EQ(&rc, "2^40 + 0x40", C_INDEX, "set 2 untouched", cache_probe(c, 0x80), true);
	ROW_DONE(&rc);
	cache_delete(c);
}

/*
 * cache_probe changes nothing, under each policy: the whole state (tags,
 * stamps, clock, rng, counters) is byte-identical after probes of present
 * and absent lines, and under LRU a probe does not protect a line: after
 * A B, probe(A), C still evicts A.
 */
static void test_probe_has_no_side_effect(void **state)
{
	static const enum repl pol[] = { REPL_LRU, REPL_FIFO, REPL_RANDOM };
	struct rowcheck rc = { 0 };

	for (size_t p = 0; p < NROWS(pol); p++) {
		char name[32];
		struct cache *c = cache_new(2 * 2 * 64, 2, 64, pol[p]);   /* 2 sets */
		struct cache before;
		uint64_t tags[4], stamps[4];

		snprintf(name, sizeof name, "policy %d", (int)pol[p]);
		cache_access(c, 0x000);                 /* A, set 0 */
		cache_access(c, 0x080);                 /* B, set 0 */
		cache_access(c, 0x040);                 /* set 1 */
		memcpy(&before, c, sizeof before);
		memcpy(tags, c->tag, sizeof tags);
		memcpy(stamps, c->stamp, sizeof stamps);
		ROW_EQ(&rc, name, C_PROBE, "probe A", cache_probe(c, 0x010), true);
		ROW_EQ(&rc, name, C_PROBE, "probe set 1 line", cache_probe(c, 0x07f), true);
		ROW_EQ(&rc, name, C_PROBE, "probe absent C", cache_probe(c, 0x100), false);
		ROW_EQ(&rc, name, C_PROBE, "state unchanged", memcmp(&before, c, sizeof before), 0);
		ROW_EQ(&rc, name, C_PROBE, "tags unchanged", memcmp(tags, c->tag, sizeof tags), 0);
		ROW_EQ(&rc, name, C_PROBE, "stamps unchanged", memcmp(stamps, c->stamp, sizeof stamps), 0);
		if (pol[p] == REPL_LRU) {
			cache_access(c, 0x100);         /* C evicts A, the LRU line */
			ROW_EQ(&rc, name, C_LRU, "A after C", cache_probe(c, 0x000), false);
			ROW_EQ(&rc, name, C_LRU, "B after C", cache_probe(c, 0x080), true);
		}
		cache_delete(c);
	}
	ROW_DONE(&rc);
}

/*
 * cache_flush invalidates every line of every set and keeps hits, misses,
 * evictions, clock and rng; the accesses after it miss without evicting
 * and fill from way 0.
 */
static void test_flush(void **state)
{
	struct cache *c = cache_new(1024, 2, 64, REPL_RANDOM);   /* 8 sets */
	size_t n = (size_t)c->sets * c->ways;

	for (uint64_t pa = 0; pa < 4096; pa += 64)
		cache_access(c, pa);
	cache_access(c, 0xfc0);
	struct cache before;
	memcpy(&before, c, sizeof before);
	assert_true(before.evictions > 0);

	cache_flush(c);
	for (size_t k = 0; k < n; k++)
		assert_int_equal(c->tag[k], CACHE_EMPTY);
	for (uint64_t pa = 0; pa < 4096; pa += 64)
		assert_false(cache_probe(c, pa));
	assert_int_equal(c->hits, before.hits);
	assert_int_equal(c->misses, before.misses);
	assert_int_equal(c->evictions, before.evictions);
	assert_int_equal(c->clock, before.clock);
	assert_int_equal(c->rng, before.rng);

	assert_false(cache_access(c, 0xfc0));
	assert_false(cache_access(c, 0x3c0));   /* same set (7) */
	assert_int_equal(way_of(c, 0xfc0), 0);
	assert_int_equal(way_of(c, 0x3c0), 1);
	assert_int_equal(c->evictions, before.evictions);
	assert_int_equal(c->misses, before.misses + 2);
	assert_int_equal(c->rng, before.rng);   /* no victim was drawn */
	cache_flush(c);                         /* flushing an empty cache is harmless */
	assert_false(cache_probe(c, 0xfc0));
	cache_delete(c);
}

/*
 * The counters over a mixed run, per policy: hits + misses = accesses =
 * clock, evictions = misses - the number of fills into invalid ways
 * (here the cache's capacity, since the stream touches every set).
 */
static void test_counters(void **state)
{
	enum { N = 5000, LINES = 64 };
	static const enum repl pol[] = { REPL_LRU, REPL_FIFO, REPL_RANDOM };
	struct rowcheck rc = { 0 };
	bool *hit = calloc(N, sizeof *hit);
	int *way = calloc(N, sizeof *way);
	assert_true(hit && way);

	for (size_t p = 0; p < NROWS(pol); p++) {
		char name[32];
		struct cache *c = cache_new(1024, 4, 64, pol[p]);   /* 4 sets, 16 lines */
		uint64_t hits = 0;

		snprintf(name, sizeof name, "policy %d", (int)pol[p]);
		run_stream(c, N, LINES, hit, way);
		for (unsigned k = 0; k < N; k++)
			hits += hit[k];
		ROW_EQ(&rc, name, C_COUNT, "hits = hits returned", c->hits, hits);
		ROW_EQ(&rc, name, C_COUNT, "hits + misses", c->hits + c->misses, N);
		ROW_EQ(&rc, name, C_COUNT, "clock", c->clock, N);
		ROW_EQ(&rc, name, C_COUNT, "evictions", c->evictions, c->misses - 16);
		cache_delete(c);
	}
	free(hit);
	free(way);
	ROW_DONE(&rc);
}

int main(void)
{
	unit_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_geometry),
		cmocka_unit_test(test_replacement_sequences),
		cmocka_unit_test(test_fill_lowest_invalid_way),
		cmocka_unit_test(test_hit_updates_only_lru),
		cmocka_unit_test(test_random_deterministic),
		cmocka_unit_test(test_random_victims_from_documented_generator),
		cmocka_unit_test(test_line_granularity),
		cmocka_unit_test(test_set_indexing),
		cmocka_unit_test(test_probe_has_no_side_effect),
		cmocka_unit_test(test_flush),
		cmocka_unit_test(test_counters),
	};
	return cmocka_run_group_tests_name("cache", tests, NULL, NULL);
}
