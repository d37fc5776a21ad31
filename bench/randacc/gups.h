/*
 * gups.h - the random read-modify-write loop of bench/randacc, shared by the
 * target program (randacc.c) and the host program (native_randacc.c) that
 * both measures the native rate and computes the expected results.
 *
 * Like HPC Challenge's RandomAccess (GUPS): a table of 64-bit words starts
 * as table[i] = i, and each update XORs a pseudo-random value r into the
 * word r selects. The addresses come from the generator alone, never from
 * loaded data, so the updates are independent of one another.
 */
#ifndef GUPS_H
#define GUPS_H

#include <stdint.h>

#define GUPS_TABLE_BYTES (64ULL << 20) /* 64 MiB */
#define GUPS_TABLE_WORDS (GUPS_TABLE_BYTES / 8)
#define GUPS_MASK (GUPS_TABLE_WORDS - 1)
/*
 * 5 M updates: about 1.5 s on QEMU 7.2 (x86-64 host), where nearly every
 * update misses QEMU's software TLB and walks the page table (~3 M
 * updates/s, against ~100 M/s natively).
 */
#define GUPS_UPDATES 5000000ULL
#define GUPS_SEED 0x2545f4914f6cdd1dULL

/* Marsaglia's xorshift64 (13, 7, 17): full period over non-zero states. */
static inline uint64_t gups_next(uint64_t r)
{
	r ^= r << 13;
	r ^= r >> 7;
	r ^= r << 17;
	return r;
}

static inline void gups_init(uint64_t *table)
{
	for (uint64_t i = 0; i < GUPS_TABLE_WORDS; i++)
		table[i] = i;
}

/* Applies n updates starting from generator state r; returns the new state. */
static inline uint64_t gups_update(uint64_t *table, uint64_t r, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		r = gups_next(r);
		table[r & GUPS_MASK] ^= r;
	}
	return r;
}

/*
 * An order-sensitive digest of the whole table (FNV-1a over words), so that
 * an update that landed in the wrong word changes it. gups_digest_words()
 * folds n more words into a running digest h (which starts at
 * GUPS_DIGEST_INIT), for tables that are not contiguous in memory: the
 * digest of a table taken piece by piece, in order, equals gups_digest().
 */
#define GUPS_DIGEST_INIT 0xcbf29ce484222325ULL

static inline uint64_t gups_digest_words(uint64_t h, const uint64_t *w,
					 uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		h = (h ^ w[i]) * 0x100000001b3ULL;
	return h;
}

static inline uint64_t gups_digest(const uint64_t *table)
{
	return gups_digest_words(GUPS_DIGEST_INIT, table, GUPS_TABLE_WORDS);
}

#endif
