/*
 * guest.c - the guest of bench/randacc2s: the randacc update loop, run in
 * VS-mode through the VS-stage and G-stage tables the hypervisor built.
 *
 * The linker script puts everything this file compiles to (code and
 * read-only data) in the .guest section, which the hypervisor copies into
 * guest memory and maps at its link address; so this file must not have
 * writable static data, and must not call code outside itself.
 */
#include "bench.h"
#include "randacc2s.h"

/* Leaves the guest: the ecall traps to HS-mode with the result in a0. */
static __attribute__((noreturn)) void guest_exit(uint64_t result)
{
	register uint64_t a0 __asm__("a0") = result;

	__asm__ volatile("ecall" : : "r"(a0) : "memory");
	for (;;)
		;
}

void guest_main(uint64_t seed, uint64_t updates)
{
	uint64_t *table = (uint64_t *)GUEST_DATA_VA;
	uint64_t r;

	gups_init(table);
	r = bench_roi_begin(seed);
	r = gups_update(table, r, updates);
	guest_exit(bench_roi_end(r));
}
