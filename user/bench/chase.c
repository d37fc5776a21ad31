/*
 * chase - dependent pointer chasing around one random cycle (mcf-like).
 *
 * n nodes of 64 bytes (one cache line each); Sattolo's algorithm makes a
 * uniformly random permutation with a single cycle, and node i points to
 * node perm[i]. The measured region follows `laps` * n pointers, each load
 * depending on the one before, summing the ids of the nodes it visits.
 * Check: a single cycle through every node visits each id once per lap,
 * so the sum must be laps * n(n-1)/2 and the walk must end where it began.
 *
 * Sizes: small: 4096 nodes (256 KiB), 4 laps;
 *        default: 2^20 nodes (64 MiB), 2 laps.
 */
#include "libc.h"

#define NAME "chase"

struct node {
	struct node *next;
	uint64_t id;
	uint64_t pad[6];
};

_Static_assert(sizeof(struct node) == 64, "one node per cache line");

int main(int argc, char **argv)
{
	int small = bench_small(argc, argv, NAME);
	uint64_t n = small ? 4096 : 1ULL << 20;
	uint64_t laps = small ? 4 : 2;
	struct node *nodes = malloc(n * sizeof(*nodes));
	uint32_t *perm = malloc(n * sizeof(*perm));
	uint64_t s = 0x9e3779b97f4a7c15ULL, sum = 0;
	struct node *p;

	if (!nodes || !perm)
		bench_fail(NAME, "malloc");
	/* Sattolo: swapping only with j < i yields one cycle of length n */
	for (uint64_t i = 0; i < n; i++)
		perm[i] = (uint32_t)i;
	for (uint64_t i = n - 1; i > 0; i--) {
		uint64_t j = xorshift64(&s) % i;
		uint32_t tmp = perm[i];

		perm[i] = perm[j];
		perm[j] = tmp;
	}
	for (uint64_t i = 0; i < n; i++) {
		nodes[i].next = &nodes[perm[i]];
		nodes[i].id = i;
	}
	free(perm);

	p = &nodes[0];
	ROI_BEGIN();
	for (uint64_t k = laps * n; k; k--) {
		sum += p->id;
		p = p->next;
	}
	ROI_END();

	if (p != &nodes[0])
		bench_fail(NAME, "walk ended at node %lu, not 0", (unsigned long)p->id);
	printf("%s: %lu nodes (%lu KiB), %lu steps\n", NAME, (unsigned long)n,
	       (unsigned long)(n * sizeof(*nodes) / 1024), (unsigned long)(laps * n));
	return bench_report(NAME, sum, laps * (n * (n - 1) / 2));
}
