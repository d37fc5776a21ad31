/*
 * stream - sequential copy, scale, add and triad over three arrays
 * (McCalpin's STREAM, on 64-bit integers: RV64IMAC has no FPU and these
 * programs link no soft-float runtime).
 *
 * Each iteration: c = a; b = 3c; c = a + b; a = b + 3c. With a = x on
 * entry that leaves c = 4x, b = 3x, a = 15x. Check (as STREAM's own
 * checkSTREAMresults): the same recurrence on scalars predicts every
 * element, so the arrays' sums must be 15^k S, 3*15^(k-1) S and
 * 4*15^(k-1) S (mod 2^64) with S the sum of the initial a[i] = i + 1, and
 * sampled elements must match exactly.
 *
 * Sizes: small: 3 x 16 Ki elements (3 x 128 KiB), 3 iterations;
 *        default: 3 x 4 Mi elements (3 x 32 MiB = 96 MiB), 2 iterations.
 */
#include "libc.h"

#define NAME "stream"

static void stream_iter(uint64_t *a, uint64_t *b, uint64_t *c, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)        /* copy */
		c[i] = a[i];
	for (uint64_t i = 0; i < n; i++)        /* scale */
		b[i] = 3 * c[i];
	for (uint64_t i = 0; i < n; i++)        /* add */
		c[i] = a[i] + b[i];
	for (uint64_t i = 0; i < n; i++)        /* triad */
		a[i] = b[i] + 3 * c[i];
}

static uint64_t sum(const uint64_t *x, uint64_t n)
{
	uint64_t s = 0;

	for (uint64_t i = 0; i < n; i++)
		s += x[i];
	return s;
}

int main(int argc, char **argv)
{
	int small = bench_small(argc, argv, NAME);
	uint64_t n = small ? 16384 : 4ULL << 20;
	unsigned iters = small ? 3 : 2;
	uint64_t *a = malloc(n * 8), *b = malloc(n * 8), *c = malloc(n * 8);
	uint64_t fa = 1, fb = 0, fc = 0, s = n * (n + 1) / 2, seed = 12345;

	if (!a || !b || !c)
		bench_fail(NAME, "malloc");
	for (uint64_t i = 0; i < n; i++) {
		a[i] = i + 1;
		b[i] = c[i] = 0;
	}

	ROI_BEGIN();
	for (unsigned k = 0; k < iters; k++)
		stream_iter(a, b, c, n);
	ROI_END();

	/* the scalar recurrence: factors fa, fb, fc of x = a[i] on entry */
	for (unsigned k = 0; k < iters; k++) {
		fc = fa;
		fb = 3 * fc;
		fc = fa + fb;
		fa = fb + 3 * fc;
	}
	for (int k = 0; k < 64; k++) {
		uint64_t i = xorshift64(&seed) % n, x = i + 1;

		if (a[i] != fa * x || b[i] != fb * x || c[i] != fc * x)
			bench_fail(NAME, "element %lu: a 0x%lx b 0x%lx c 0x%lx", (unsigned long)i,
				   (unsigned long)a[i], (unsigned long)b[i], (unsigned long)c[i]);
	}
	printf("%s: 3 arrays of %lu elements (%lu KiB each), %u iterations\n", NAME,
	       (unsigned long)n, (unsigned long)(n * 8 / 1024), iters);
	return bench_report(NAME, sum(a, n) + 3 * sum(b, n) + 5 * sum(c, n),
			    (fa + 3 * fb + 5 * fc) * s);
}
