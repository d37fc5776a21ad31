/*
 * The set-associative cache model of the timing layer (L1I, L1D, L2;
 * emu/timing.h, DESIGN.md "Timing and accounting"). It keeps tags only,
 * no data: an access says hit or miss and updates the replacement state.
 *
 * A line number is pa >> line_shift; its set is the low bits of the line
 * number and its tag the whole line number, so no two lines ever alias.
 * Replacement fills the lowest invalid way first, then picks a victim:
 *   LRU     the way used least recently (stamp = clock of the last use);
 *   FIFO    the way filled earliest (stamp = clock of the fill; hits
 *           leave it alone);
 *   RANDOM  a way drawn from a xorshift64 generator seeded with
 *           CACHE_RNG_SEED, so one access sequence gives one victim
 *           sequence.
 * cache_access runs on every memory access when timing is on: it never
 * allocates, and a hit is one short loop over the ways of one set.
 */
#include <stdlib.h>

#include "timing.h"

static bool pow2(uint64_t x)
{
	return x && !(x & (x - 1));
}

int cache_init(struct cache *c, const struct cache_config *cfg)
{
	uint64_t span = (uint64_t)cfg->line * cfg->ways;
	size_t n;

	c->tag = NULL;
	c->stamp = NULL;
	if (!pow2(cfg->size) || !pow2(cfg->line) || !pow2(cfg->ways) || cfg->size < span)
		return -1;      /* then size / span is a power of two too */
	if (cfg->repl != REPL_LRU && cfg->repl != REPL_FIFO && cfg->repl != REPL_RANDOM)
		return -1;
	c->sets = (unsigned)(cfg->size / span);
	c->ways = cfg->ways;
	c->line_shift = (unsigned)__builtin_ctz(cfg->line);
	c->latency = cfg->latency;
	c->repl = cfg->repl;
	c->clock = 0;
	c->rng = CACHE_RNG_SEED;
	c->hits = c->misses = c->evictions = 0;

	n = (size_t)c->sets * c->ways;
	c->tag = malloc(n * sizeof *c->tag);
	c->stamp = calloc(n, sizeof *c->stamp);
	if (!c->tag || !c->stamp) {
		cache_free(c);
		return -1;
	}
	cache_flush(c);
	return 0;
}

void cache_free(struct cache *c)
{
	free(c->tag);
	free(c->stamp);
	c->tag = NULL;
	c->stamp = NULL;
}

/* Marsaglia's xorshift64 (13, 7, 17): never 0 from a non-zero state. */
static uint64_t xorshift64(uint64_t *s)
{
	uint64_t x = *s;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *s = x;
}

/*
 * A miss on line in the set whose ways start at tag / stamp: fills the
 * lowest invalid way, else the policy's victim (the lowest way on a tie
 * of stamps, which cannot happen: each fill and LRU hit takes a fresh
 * clock value). RANDOM uses the generator's high 32 bits. Out of line so
 * that cache_access's hit path stays a leaf that saves no registers.
 */
__attribute__((noinline)) static bool cache_miss(struct cache *c, uint64_t *tag, uint64_t *stamp,
						 uint64_t line, uint64_t now)
{
	unsigned w = 0;

	c->misses++;
	while (w < c->ways && tag[w] != CACHE_EMPTY)
		w++;
	if (w == c->ways) {             /* the set is full: evict */
		c->evictions++;
		if (c->repl == REPL_RANDOM) {
			w = (unsigned)(xorshift64(&c->rng) >> 32) & (c->ways - 1);
		} else {                /* LRU and FIFO: the smallest stamp */
			w = 0;
			for (unsigned k = 1; k < c->ways; k++)
				if (stamp[k] < stamp[w])
					w = k;
		}
	}
	tag[w] = line;
	stamp[w] = now;
	return false;
}

bool cache_access(struct cache *c, uint64_t pa)
{
	uint64_t line = pa >> c->line_shift;
	size_t base = (size_t)(line & (c->sets - 1)) * c->ways;
	uint64_t *tag = c->tag + base, *stamp = c->stamp + base;
	uint64_t now = ++c->clock;

	for (unsigned w = 0; w < c->ways; w++)
		if (tag[w] == line) {
			if (c->repl == REPL_LRU)
				stamp[w] = now;
			c->hits++;
			return true;
		}
	return cache_miss(c, tag, stamp, line, now);
}

bool cache_probe(const struct cache *c, uint64_t pa)
{
	uint64_t line = pa >> c->line_shift;
	const uint64_t *tag = c->tag + (size_t)(line & (c->sets - 1)) * c->ways;

	for (unsigned w = 0; w < c->ways; w++)
		if (tag[w] == line)
			return true;
	return false;
}

void cache_flush(struct cache *c)
{
	size_t n = (size_t)c->sets * c->ways;

	for (size_t i = 0; i < n; i++) {
		c->tag[i] = CACHE_EMPTY;
		c->stamp[i] = 0;
	}
}
