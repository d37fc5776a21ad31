/*
 * swwalk.h - an M-mode software TLB refill handler for hmvirt's
 * hardware-mode interface (include/riscv/hwmode.h; DESIGN.md, "The
 * hardware-mode interface"), and the workload the hw_swwalk* tests run
 * once with the hardware walker and once with it.
 *
 * swwalk_install() points mtvec at swwalk_entry (swwalk_entry.S): causes
 * 24-26 go to swwalk_refill(), which walks the page tables (one walker,
 * driven by a format descriptor, for Sv39/Sv48 and Sv39x4/Sv48x4; for
 * V=1 both stages) and commits one TLB entry through MTLBVA, MTLBPTE,
 * MTLBGPTE and MTLBCMD; every other trap goes on to the runtime's
 * m_trap_entry unchanged. A fault the walk finds is raised as the
 * hardware raises it with medeleg = 0: as an M-mode trap with the page
 * fault or guest-page fault cause (mtval = the virtual address; mtval2 =
 * the guest-physical address >> 2 and mtinst for guest-page faults),
 * which the runtime reports as an unexpected trap. For V=1 both stages
 * must be translated (vsatp or hgatp Bare: an illegal-instruction trap,
 * i.e. a test failure; the tests need no more).
 *
 * The handler also observes what it is asked (swwalk_stats): traps per
 * cause, and whether MTLBCTX matches the context the test expects
 * (swwalk_expect_ctx plus the access type of the cause) and whether fetch
 * misses are in .text and data misses are not (the tests map the code
 * identity).
 */
#ifndef HMVIRT_SWWALK_H
#define HMVIRT_SWWALK_H

#include "test.h"
#include "riscv/hwmode.h"

/* ---- the handler -------------------------------------------------------- */

struct swwalk_stats {
	uint64_t refills; /* entries committed (MTLBCMD writes) */
	uint64_t by_cause[3]; /* traps by cause - HWMODE_CAUSE_FETCH */
	uint64_t ctx_bad; /* MTLBCTX differing from the expected context */
	uint64_t va_bad; /* a fetch miss outside .text, a data miss inside */
	uint64_t faults; /* faults raised (the tests expect none) */
	uint64_t fault_cause, fault_va; /* the last one */
};
extern volatile struct swwalk_stats swwalk_stats;
/* MTLBCTX expected for every miss, without the access type (bits 4:3). */
extern volatile uint64_t swwalk_expect_ctx;
/* Whether the handler observes (by_cause, ctx_bad, va_bad): 1 after
 * swwalk_begin; 0 to count the instructions of the handler alone. */
extern volatile int swwalk_observing;

extern char swwalk_entry[];
/* Called by swwalk_entry for causes 24-26 (mtval = va): commits the entry
 * and returns 0, or returns the cause of the fault to raise. */
uint64_t swwalk_refill(uint64_t cause, uint64_t va);

/* Whether the hart has the interface: MHWCTL reads with bit 63 set (QEMU
 * raises an illegal-instruction exception, recorded through trap_arm). */
int hwmode_present(void);
/* For a hart without it: prints the SKIP-QEMU line (run.sh fails such a
 * line on hmvirt) and PASS; the value for main to return. */
int swwalk_skip(void);
/* mtvec = swwalk_entry; counters readable in S, U, VS and VU (rdinstret
 * for swwalk_measure). */
void swwalk_install(void);

/* ---- the workload ------------------------------------------------------- */

#define SWW_TABLE_PA 0x80400000UL /* 2 MiB-aligned, past the image */
#define SWW_TABLE_VA 0x40000000UL
#define SWW_TABLE_SIZE 0x800000UL /* 8 MiB (a power of two) */
#define SWW_ACCESSES 250000
#define SWW_SEED 0x2545f4914f6cdd1dUL
#define SWW_SUPERPAGE 0x200000UL

/* The table at SWW_TABLE_PA with its initial contents (M-mode). */
void swwalk_table_init(void);
/* The sum of the table's words (M-mode). */
uint64_t swwalk_table_sum(void);
/* SWW_ACCESSES accesses to xorshift-random words of the table at `base`:
 * read-modify-writes, and 1 in 32 a store alone (so that stores miss too);
 * returns a checksum of the values read. */
uint64_t swwalk_kernel(uint64_t base, uint64_t seed);
/* swwalk_kernel(SWW_TABLE_VA, seed): the lower-mode workload. */
uint64_t swwalk_workload(uint64_t seed);
/* Lower mode: the instructions M-mode runs to refill the TLB for one load
 * from va's page (not yet in the TLB): rdinstret around the load, minus
 * the same with the entry cached. The code must be in the TLB already. */
uint64_t swwalk_measure(uint64_t va);

/* ---- one run and the checks between a hardware and a software run ------- */

/* Counters: c[2] minstret, c[3..15] mhpmcounter3..15 (DESIGN.md). */
#define HPM_ITLB 3
#define HPM_DTLB 4
#define HPM_L2TLB 5
#define HPM_WALKS 6
#define HPM_GWALKS 7
#define HPM_TRAPS 12
#define HPM_MISS_TRAPS 14
#define HPM_REFILLS 15
struct swwalk_run {
	uint64_t d[16]; /* counter deltas over the run */
	uint64_t checksum; /* the workload's value */
	uint64_t table_sum; /* the table afterwards */
	struct swwalk_stats s; /* the handler's observations */
};

/* Before a run: counters, handler stats, expected context, MHWCTL. */
void swwalk_begin(struct swwalk_run *r, uint64_t mhwctl, uint64_t ctx);
/* After it: MHWCTL off, deltas, stats, the table's sum. */
void swwalk_end(struct swwalk_run *r);
/* The checks between the runs of one part (`part` names it in failures),
 * against the checksum and sum of the workload run on the physical table
 * in M-mode. Prints an INFO line with the counts. */
void swwalk_compare(const char *part, const struct swwalk_run *hw,
		    const struct swwalk_run *sw, uint64_t ref_checksum,
		    uint64_t ref_sum);
/* Prints "INFO <test>: <what> refill N instructions (<detail>)". */
void swwalk_info_count(const char *what, uint64_t n, const char *detail);

#define C_HWMODE "DESIGN.md: The hardware-mode interface"

#endif /* HMVIRT_SWWALK_H */
