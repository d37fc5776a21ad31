/*
 * gups - random read-modify-write over a table (HPCC RandomAccess).
 *
 * T[i] = i, then `updates` times: r = xorshift64(), T[r mod n] ^= r. The
 * measured region is the update loop. Checks, by methods other than the
 * one measured:
 *  - the XOR of the whole table equals the XOR of the initial table (0 for
 *    n >= 4) with every r of the sequence, regenerated on its own;
 *  - running the same updates again restores T[i] = i everywhere (XOR is
 *    its own inverse), which catches a wrong or aliased location.
 *
 * Sizes: small: 2^15 entries (256 KiB), 2^17 updates;
 *        default: 2^23 entries (64 MiB), 2^23 updates.
 */
#include "libc.h"

#define NAME "gups"
#define SEED 0x2545f4914f6cdd1dULL

static void update(uint64_t *t, uint64_t mask, uint64_t updates)
{
	uint64_t s = SEED;

	for (uint64_t i = 0; i < updates; i++) {
		uint64_t r = xorshift64(&s);

		t[r & mask] ^= r;
	}
}

int main(int argc, char **argv)
{
	int small = bench_small(argc, argv, NAME);
	unsigned log2n = small ? 15 : 23;
	uint64_t n = 1ULL << log2n, mask = n - 1;
	uint64_t updates = small ? 1ULL << 17 : 1ULL << 23;
	uint64_t *t = malloc(n * sizeof(*t));
	uint64_t fold = 0, expect = 0, s = SEED;

	if (!t)
		bench_fail(NAME, "malloc of %lu bytes", (unsigned long)(n * sizeof(*t)));
	for (uint64_t i = 0; i < n; i++)
		t[i] = i;

	ROI_BEGIN();
	update(t, mask, updates);
	ROI_END();

	for (uint64_t i = 0; i < n; i++)
		fold ^= t[i];
	for (uint64_t i = 0; i < updates; i++)
		expect ^= xorshift64(&s);       /* XOR of 0..n-1 is 0 for n >= 4 */

	update(t, mask, updates);
	for (uint64_t i = 0; i < n; i++)
		if (t[i] != i)
			bench_fail(NAME, "T[%lu] = 0x%lx after undo", (unsigned long)i,
				   (unsigned long)t[i]);
	printf("%s: %lu entries (%lu KiB), %lu updates\n", NAME, (unsigned long)n,
	       (unsigned long)(n * 8 / 1024), (unsigned long)updates);
	return bench_report(NAME, fold, expect);
}
