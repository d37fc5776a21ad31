/*
 * stats.c - the kernel's counters (stats.h) and their report: the one
 * "kernel: counters ..." line that tests compare with the machine's
 * statistics, then a "kernel: stats ..." line of the rest.
 */
#include "kernel.h"
#include "mm/mm.h"
#include "stats.h"

struct kstats kstats;

void stats_print(void)
{
	kprintf("kernel: counters page_faults=%lu cow_copies=%lu sfence_all=%lu "
		"sfence_asid=%lu sfence_page=%lu sfence_page_asid=%lu\n",
		kstats.page_faults, kstats.cow_copies, kstats.sfence_all, kstats.sfence_asid,
		kstats.sfence_page, kstats.sfence_page_asid);
	kprintf("kernel: stats demand=%lu cow=%lu ad=%lu bad=%lu kfaults=%lu rollovers=%lu "
		"satp_writes=%lu syscalls=%lu timer_irqs=%lu switches=%lu forks=%lu "
		"execs=%lu exits=%lu oom_kills=%lu free_frames=%lu/%lu\n",
		kstats.faults_demand, kstats.faults_cow, kstats.faults_ad, kstats.faults_bad,
		kstats.faults_kernel, kstats.asid_rollovers, kstats.satp_writes, kstats.syscalls,
		kstats.timer_irqs, kstats.ctx_switches, kstats.forks, kstats.execs, kstats.exits,
		kstats.oom_kills, pmem_free_frames(), pmem_total_frames());
}
