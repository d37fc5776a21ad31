/*
 * stats.h - the kernel's event counters, printed when /init exits so that
 * they can be compared with the machine's own counts of the same run
 * (issue 6): the "kernel: counters" line (main.c) and kstat lines.
 */
#ifndef KERNEL_STATS_H
#define KERNEL_STATS_H

#include <stdint.h>

struct kstats {
	uint64_t page_faults;      /* page-fault traps (12, 13, 15) from U and S */
	uint64_t faults_demand;    /* ..that mapped a fresh page */
	uint64_t faults_cow;       /* ..that resolved a write to a COW page */
	uint64_t faults_ad;        /* ..that only set A/D (Svade) */
	uint64_t faults_bad;       /* ..that killed the process */
	uint64_t faults_kernel;    /* ..taken in S-mode by copy_*_user */
	uint64_t cow_copies;       /* pages copied on write */
	uint64_t sfence_all;       /* sfence.vma zero, zero */
	uint64_t sfence_asid;      /* sfence.vma zero, asid */
	uint64_t sfence_page;      /* sfence.vma va, zero */
	uint64_t sfence_page_asid; /* sfence.vma va, asid */
	uint64_t asid_rollovers;
	uint64_t satp_writes;
	uint64_t syscalls;
	uint64_t timer_irqs;
	uint64_t ctx_switches;
	uint64_t forks, execs, exits;
	uint64_t oom_kills;
};
extern struct kstats kstats;
void stats_print(void);

#endif
