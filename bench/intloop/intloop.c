/*
 * intloop - integer throughput benchmark (bare metal, M-mode).
 *
 * Runs intloop_kernel() (kernel.h) between the ROI markers, prints its
 * checksum and checks it against the value the host computed with the same
 * code at build time (intloop_expect.h), so that an emulator that executes
 * any of the loop's instructions wrongly fails the run.
 */
#include "bench.h"
#include "intloop_expect.h"
#include "kernel.h"

int main(void)
{
	uint64_t iters = bench_roi_begin(INTLOOP_ITERS);
	uint64_t sum = bench_roi_end(intloop_kernel(iters));

	bench_puts("intloop: iterations=");
	bench_putdec(INTLOOP_ITERS);
	bench_puts(" checksum=");
	bench_puthex(sum);
	if (sum != INTLOOP_EXPECT) {
		bench_puts(" expected=");
		bench_puthex(INTLOOP_EXPECT);
		bench_puts(" FAIL\n");
		return BENCH_EXIT_WRONG;
	}
	bench_puts(" PASS\n");
	return 0;
}
