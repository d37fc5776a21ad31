/*
 * mmapbench - mmap, touch, mprotect, munmap churn.
 *
 * Each round maps K regions of S bytes (every fourth one MAP_SHARED, the
 * rest MAP_PRIVATE, all anonymous), checks that each page reads zero and
 * writes a value, write-protects the odd regions with mprotect, reads
 * every page back and unmaps the regions, odd ones first. The measured
 * region is all the rounds. Check: the sum of the values read back equals
 * the sum of the formula that wrote them, computed apart.
 *
 * Sizes: small: 2 rounds of 8 regions x 64 KiB;
 *        default: 2 rounds of 64 regions x 1 MiB (64 MiB mapped at once).
 */
#include "libc.h"

#define NAME "mmapbench"
#define MAX_REGIONS 64

/* The word written to page p of region k in round r. */
static uint64_t value(uint64_t r, uint64_t k, uint64_t p)
{
	return (r << 40) ^ (k << 20) ^ p ^ 0xabcdef;
}

int main(int argc, char **argv)
{
	int small = bench_small(argc, argv, NAME);
	uint64_t rounds = 2, regions = small ? 8 : 64;
	uint64_t size = small ? 64ULL << 10 : 1ULL << 20, pages = size / PAGE_SIZE;
	uint64_t *map[MAX_REGIONS];
	uint64_t sum = 0, expect = 0;

	ROI_BEGIN();
	for (uint64_t r = 0; r < rounds; r++) {
		for (uint64_t k = 0; k < regions; k++) {
			int share = k % 4 == 3 ? MAP_SHARED : MAP_PRIVATE;

			map[k] = mmap(NULL, size, PROT_READ | PROT_WRITE, share | MAP_ANONYMOUS, -1, 0);
			if (map[k] == MAP_FAILED)
				bench_fail(NAME, "mmap: errno %d", errno);
			for (uint64_t p = 0; p < pages; p++) {
				uint64_t *w = &map[k][p * (PAGE_SIZE / 8) + (p % 8)];

				if (*w)
					bench_fail(NAME, "fresh page not zero");
				*w = value(r, k, p);
			}
		}
		for (uint64_t k = 1; k < regions; k += 2)
			if (mprotect(map[k], size, PROT_READ))
				bench_fail(NAME, "mprotect: errno %d", errno);
		for (uint64_t k = 0; k < regions; k++)
			for (uint64_t p = 0; p < pages; p++)
				sum += map[k][p * (PAGE_SIZE / 8) + (p % 8)];
		for (uint64_t pass = 0; pass < 2; pass++) {   /* odd ones, then even */
			for (uint64_t k = 1 - pass; k < regions; k += 2)
				if (munmap(map[k], size))
					bench_fail(NAME, "munmap: errno %d", errno);
		}
	}
	ROI_END();

	for (uint64_t r = 0; r < rounds; r++)
		for (uint64_t k = 0; k < regions; k++)
			for (uint64_t p = 0; p < pages; p++)
				expect += value(r, k, p);
	printf("%s: %lu rounds of %lu regions x %lu KiB\n", NAME, (unsigned long)rounds,
	       (unsigned long)regions, (unsigned long)(size / 1024));
	return bench_report(NAME, sum, expect);
}
