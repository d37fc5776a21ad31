/*
 * kernel.h - the integer loop measured by bench/intloop.
 *
 * Included by the target program (intloop.c) and by the host program that
 * computes the expected checksum (expect.c), so that both run the very same
 * C code: only unsigned 64-bit arithmetic, no undefined behaviour, hence one
 * result on any conforming compiler.
 */
#ifndef INTLOOP_KERNEL_H
#define INTLOOP_KERNEL_H

#include <stdint.h>

/*
 * Iterations of the loop below, 18 RV64IMAC instructions each with clang 14
 * -O2: about 4.5 G instructions, 1.4 s on QEMU 7.2 (x86-64 host).
 */
#define INTLOOP_ITERS 250000000ULL

/*
 * A mix typical of integer code: a xorshift generator (shifts, xors), a
 * linear congruential step (mul, add), a data-dependent branch taken about
 * half of the time at random, a variable shift and a rotate. Every value
 * feeds the next iteration, so no part of the loop can be hoisted out or
 * reduced to a closed form.
 */
static inline uint64_t intloop_kernel(uint64_t iters)
{
	uint64_t x = 0x9e3779b97f4a7c15ULL; /* xorshift state */
	uint64_t y = 1;			   /* LCG state */
	uint64_t z = 0;			   /* accumulator */

	for (uint64_t i = 0; i < iters; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		y = y * 0x5851f42d4c957f2dULL + i;
		if (x & 0x100)
			z += y >> (x & 31);
		else
			z ^= x;
		z = (z << 5) | (z >> 59);
	}
	return x ^ y ^ z;
}

#endif
