/*
 * randacc2s.h - layout and configuration of bench/randacc2s, the randacc
 * update loop run in a guest under two-stage (VS-stage + G-stage)
 * translation.
 *
 * Three address spaces are involved, deliberately all different so that
 * nothing works unless both stages translate:
 *
 *   guest virtual (VS-stage input, Sv39, 4 KiB pages)
 *     [__guest_start, __guest_end)   guest code, at its link address
 *     GUEST_STACK_VA                 guest stack
 *     GUEST_DATA_VA                  the 64 MiB table
 *   guest physical (G-stage input, Sv39x4, 4 KiB pages)
 *     GUEST_KERNEL_GPA               copy of the .guest section
 *     GUEST_STACK_GPA                guest stack
 *     GUEST_PT_GPA                   the guest's VS-stage page tables
 *     GUEST_DATA_GPA                 the table
 *   host physical
 *     0x8000_0000                    this image (M, HS, G-stage tables)
 *     HOST_GUEST_HPA                 guest RAM, at GPA + HOST_GUEST_OFFSET;
 *                                    in the lazy variant only the part
 *                                    below GUEST_DATA_GPA
 *     [HOST_POOL_BOTTOM, HOST_POOL_TOP)
 *                                    lazy variant: table pages, handed out
 *                                    top down in guest-page-fault order
 */
#ifndef RANDACC2S_H
#define RANDACC2S_H

#include <stdint.h>

#include "randacc/gups.h"

#define R2S_PAGE_SHIFT 12
#define R2S_PAGE_SIZE (1UL << R2S_PAGE_SHIFT)

/* Guest physical memory: 2 MiB of kernel, stack and tables, then data. */
#define GUEST_RAM_GPA 0x80000000UL
#define GUEST_KERNEL_GPA GUEST_RAM_GPA
#define GUEST_KERNEL_MAX 0x10000UL /* 64 KiB */
#define GUEST_STACK_GPA (GUEST_RAM_GPA + 0x10000UL)
#define GUEST_STACK_BYTES 0x4000UL /* 16 KiB */
#define GUEST_PT_GPA (GUEST_RAM_GPA + 0x100000UL)
#define GUEST_PT_BYTES 0x100000UL /* room for 256 VS-stage tables */
#define GUEST_DATA_GPA (GUEST_RAM_GPA + 0x200000UL)
#define GUEST_RAM_BYTES (0x200000UL + GUPS_TABLE_BYTES)

/* Guest virtual memory (the code keeps its link address). */
#define GUEST_STACK_VA 0x3ff00000UL
#define GUEST_DATA_VA 0x40000000UL

/* Host physical memory, inside the 256 MiB of RAM at 0x8000_0000. */
#define HOST_GUEST_HPA 0x88000000UL
#define HOST_GUEST_OFFSET (HOST_GUEST_HPA - GUEST_RAM_GPA)
/* Below QEMU's device tree, which sits in the top 2 MiB of RAM. */
#define HOST_POOL_TOP 0x8fe00000UL
#define HOST_POOL_BOTTOM (HOST_POOL_TOP - GUPS_TABLE_BYTES)

/*
 * What one image does and expects; each image links exactly one cfg-*.c,
 * which fills this in from its generated randacc_*expect.h.
 */
struct r2s_config {
	const char *name;	/* printed in the result line */
	int lazy;		/* G-stage maps table pages on first touch */
	uint64_t updates;	/* number of GUPS updates the guest runs */
	uint64_t expect_state;	/* final generator state */
	uint64_t expect_digest; /* gups_digest() of the final table */
};

#define R2S_CONFIG(NAME, LAZY)                                                 \
	{                                                                      \
		.name = (NAME), .lazy = (LAZY),                                \
		.updates = RANDACC_EXPECT_UPDATES,                             \
		.expect_state = RANDACC_EXPECT_STATE,                          \
		.expect_digest = RANDACC_EXPECT_DIGEST,                        \
	}

extern const struct r2s_config r2s_config;

/* The linker script's bounds of the .guest section (page-aligned). */
extern char __guest_start[], __guest_end[];

/*
 * Guest entry point (guest.c), run in VS-mode with the table at
 * GUEST_DATA_VA: initialises the table, applies `updates` GUPS updates
 * from generator state `seed` and leaves the guest through an ecall with
 * the final generator state in a0.
 */
__attribute__((noreturn)) void guest_main(uint64_t seed, uint64_t updates);

/* HS-mode hypervisor (hyp.c): run from M-mode by bench_run_smode(). */
long hyp_main(long arg);

/*
 * hyp_entry.S: enters the guest at entry (VS-mode, sp = guest_sp,
 * a0/a1 = arg0/arg1) with the HS trap vector on trap_stack_top, and returns
 * the guest's a0 once hyp_trap() says the guest is done. hyp_trap() is
 * called for every trap from the guest; it returns 0 to resume the guest
 * where it trapped (all its registers intact) or 1 to end the run.
 */
long hyp_run_guest(uint64_t entry, uint64_t arg0, uint64_t arg1,
		   uint64_t guest_sp, void *trap_stack_top);
int hyp_trap(void);

#endif
