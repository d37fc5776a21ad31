/*
 * forkbench - fork a process with a large touched address space, let the
 * child write a few pages (copy-on-write faults), exit, and wait: N times.
 *
 * The parent fills one word per page of a `mem`-byte buffer with
 * page ^ SALT. Child i reads and then overwrites `touch` distinct pages,
 * stores the sum it read in slot i of a shared anonymous page
 * (MAP_SHARED, inherited across fork) and exits with status i & 0x7f.
 * The measured region is the fork/wait loop. Checks: every child's status;
 * the parent's buffer is unchanged afterwards (the children's writes were
 * private); every slot equals the sum the parent computes from the
 * formula page ^ SALT.
 *
 * Sizes: small: 1 MiB buffer, 8 forks touching 16 pages each;
 *        default: 64 MiB buffer, 64 forks touching 64 pages each.
 */
#include "libc.h"

#define NAME "forkbench"
#define SALT 0x5bd1e995ULL
#define WORDS_PER_PAGE (PAGE_SIZE / 8)

/* The j-th page child i touches: distinct for j < touch <= pages. */
static uint64_t touched_page(uint64_t i, uint64_t j, uint64_t pages, uint64_t touch)
{
	return (i * 7 + j * (pages / touch)) % pages;
}

int main(int argc, char **argv)
{
	int small = bench_small(argc, argv, NAME);
	uint64_t mem = small ? 1ULL << 20 : 64ULL << 20;
	uint64_t pages = mem / PAGE_SIZE;
	uint64_t forks = small ? 8 : 64, touch = small ? 16 : 64;
	uint64_t *buf = malloc(mem);
	uint64_t *slots = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE,
			       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	uint64_t checksum = 0, expect = 0;

	if (!buf || slots == MAP_FAILED)
		bench_fail(NAME, "allocation failed: errno %d", errno);
	for (uint64_t p = 0; p < pages; p++)
		buf[p * WORDS_PER_PAGE] = p ^ SALT;

	ROI_BEGIN();
	for (uint64_t i = 0; i < forks; i++) {
		pid_t pid = bench_fork(NAME);

		if (pid == 0) {
			uint64_t sum = 0;

			for (uint64_t j = 0; j < touch; j++) {
				uint64_t *w = &buf[touched_page(i, j, pages, touch) * WORDS_PER_PAGE];

				sum += *w;
				*w = ~0ULL;
			}
			slots[i] = sum;
			_exit((int)(i & 0x7f));
		}
		int st = bench_wait(NAME, pid);

		if ((uint64_t)st != (i & 0x7f))
			bench_fail(NAME, "child %lu exited %d", (unsigned long)i, st);
	}
	ROI_END();

	for (uint64_t p = 0; p < pages; p++)
		if (buf[p * WORDS_PER_PAGE] != (p ^ SALT))
			bench_fail(NAME, "parent page %lu changed by a child", (unsigned long)p);
	for (uint64_t i = 0; i < forks; i++) {
		checksum += slots[i];
		for (uint64_t j = 0; j < touch; j++)
			expect += touched_page(i, j, pages, touch) ^ SALT;
	}
	printf("%s: %lu forks of a %lu KiB process, %lu pages written each\n", NAME,
	       (unsigned long)forks, (unsigned long)(mem / 1024), (unsigned long)touch);
	return bench_report(NAME, checksum, expect);
}
