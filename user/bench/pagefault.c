/*
 * pagefault - touch fresh pages of one big anonymous private mapping.
 *
 * The measured region writes one word (at a page-dependent offset) in each
 * page of the first three quarters of the mapping (demand-zero write
 * faults) and reads one word in each page of the last quarter (read
 * faults of never-written memory). Check: the written words read back
 * sum to the closed form sum of p for p < written pages, which is the
 * checksum; the read quarter and an untouched word of every written page
 * read zero.
 *
 * Sizes: small: 1 MiB (256 pages); default: 64 MiB (16384 pages).
 */
#include "libc.h"

#define NAME "pagefault"
#define WORDS_PER_PAGE (PAGE_SIZE / 8)

int main(int argc, char **argv)
{
	int small = bench_small(argc, argv, NAME);
	uint64_t size = small ? 1ULL << 20 : 64ULL << 20;
	uint64_t pages = size / PAGE_SIZE, wpages = pages / 4 * 3;
	uint64_t *m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t zeros = 0, sum = 0;

	if (m == MAP_FAILED)
		bench_fail(NAME, "mmap of %lu bytes: errno %d", (unsigned long)size, errno);

	ROI_BEGIN();
	for (uint64_t p = 0; p < wpages; p++)
		m[p * WORDS_PER_PAGE + p % WORDS_PER_PAGE] = p;
	for (uint64_t p = wpages; p < pages; p++)
		zeros |= m[p * WORDS_PER_PAGE + p % WORDS_PER_PAGE];
	ROI_END();

	for (uint64_t p = 0; p < wpages; p++) {
		sum += m[p * WORDS_PER_PAGE + p % WORDS_PER_PAGE];
		zeros |= m[p * WORDS_PER_PAGE + (p + 1) % WORDS_PER_PAGE];
	}
	if (zeros)
		bench_fail(NAME, "memory never written does not read zero");
	if (munmap(m, size))
		bench_fail(NAME, "munmap: errno %d", errno);
	printf("%s: %lu pages written, %lu read\n", NAME, (unsigned long)wpages,
	       (unsigned long)(pages - wpages));
	return bench_report(NAME, sum, wpages * (wpages - 1) / 2);
}
