/*
 * The timing model's contracts: its configuration (read from an INI file,
 * defaults from a documented core), the set-associative cache model used
 * for L1I, L1D and L2, and the replacement policies shared with the TLB
 * structures. DESIGN.md, "Timing and accounting".
 *
 * Everything here is deterministic: the "random" policy is a fixed-seed
 * xorshift generator per structure, so one input gives one cycle count.
 */
#ifndef EMU_TIMING_H
#define EMU_TIMING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum repl { REPL_LRU, REPL_FIFO, REPL_RANDOM };

/* A TLB-like structure: entries 0 means absent (disabled). Fully
 * associative when ways == entries. latency: cycles of a hit. */
struct tlb_config {
	unsigned entries, ways, latency;
	enum repl repl;
};

/* A cache: size and line in bytes (powers of two), ways; latency: cycles
 * of a hit at this level. */
struct cache_config {
	unsigned size, ways, line, latency;
	enum repl repl;
};

struct timing_config {
	char core[96];                  /* what the defaults model, for reports */
	struct tlb_config itlb, dtlb;   /* L1 TLBs */
	struct tlb_config l2tlb;        /* unified second-level TLB */
	struct tlb_config pwc;          /* page-walk cache: non-leaf PTEs */
	struct tlb_config ntlb;         /* nested TLB: GPA -> HPA for 2D walks */
	struct cache_config l1i, l1d, l2;
	unsigned dram_latency;          /* cycles of a memory access missing L2 */
	unsigned mul_latency, div_latency; /* extra cycles over the one of issue */
	unsigned trap_entry, xret;      /* cycles added on trap entry and on xRET */
};

/* The built-in defaults (configs/default.ini documents and cites them). */
void timing_config_defaults(struct timing_config *c);

/*
 * Reads an INI file over *c (keys not in the file keep their value).
 * Returns 0, or -1 with one line in err naming the file, line and what is
 * wrong (unknown section or key, bad number, inconsistent geometry).
 */
int timing_config_load(struct timing_config *c, const char *path, char *err, size_t errlen);

/* Checks the geometry (powers of two, ways dividing entries...); -1 with err. */
int timing_config_check(const struct timing_config *c, char *err, size_t errlen);

/* ---- set-associative cache model (emu/cache.c) -------------------------- */
/* The tag of an invalid way. No line number equals it: only pa ~0 with a
 * one-byte line would, and RISC-V physical addresses have at most 56 bits. */
#define CACHE_EMPTY (~0ull)
/* The xorshift64 state every cache starts from (REPL_RANDOM victims). */
#define CACHE_RNG_SEED 0x9e3779b97f4a7c15ull

/* Way w of set s is index s * ways + w of tag and stamp. */
struct cache {
	unsigned sets, ways, line_shift, latency;
	enum repl repl;
	uint64_t *tag;                  /* sets * ways line numbers (pa >> line_shift), or CACHE_EMPTY */
	uint64_t *stamp;                /* LRU: last use; FIFO: fill time (values of clock) */
	uint64_t clock;                 /* advances on every access */
	uint64_t rng;                   /* xorshift64 state (REPL_RANDOM) */
	uint64_t hits, misses, evictions; /* eviction: a miss that replaced a valid line */
};

/* sets = size / (line * ways). 0, or -1 when the geometry is invalid
 * (size, line or ways zero or not a power of two, size < line * ways, an
 * unknown policy) or memory is short; cache_free is then still safe. */
int cache_init(struct cache *c, const struct cache_config *cfg);
/* Frees the arrays; idempotent. */
void cache_free(struct cache *c);
/* Accesses the line holding pa: true on a hit; on a miss the line is
 * filled, evicting a victim chosen by the policy (an invalid way first). */
bool cache_access(struct cache *c, uint64_t pa);
/* Whether the line holding pa is present (no state change). */
bool cache_probe(const struct cache *c, uint64_t pa);
/* Invalidates every line (statistics, clock and rng are kept). */
void cache_flush(struct cache *c);

#endif
