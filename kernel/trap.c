/*
 * trap.c - what the trap vector (trap.S) calls: user_trap for traps from
 * U-mode (system calls, page faults, the timer, anything else kills the
 * process), kernel_trap for traps from S-mode (the idle loop's timer
 * interrupt, page faults of copy_*_user; anything else is a kernel bug).
 * Causes dispatch through a table (STYLE.md: traps by table).
 */
#include "errno.h"
#include "mm/mm.h"
#include "proc.h"
#include "riscv.h"
#include "sbi.h"
#include "stats.h"

void kernel_trap(struct trapframe *f);

void trap_init(void)
{
	csr_write(CSR_SSCRATCH, 0);
	csr_write(CSR_STVEC, (uint64_t)trap_vector);
	csr_set(CSR_SIE, MIP_STIP);
}

/* The next timer interrupt, one time slice from now. */
void timer_arm(void)
{
	sbi_set_timer(r_time() + proc_timeslice());
}

static void timer_interrupt(void)
{
	kstats.timer_irqs++;
	timer_arm();
	proc_tick();
}

static int fault_access(uint64_t cause)
{
	return cause == CAUSE_STORE_PAGE_FAULT ? FAULT_WRITE :
	       cause == CAUSE_FETCH_PAGE_FAULT ? FAULT_EXEC : FAULT_READ;
}

/* A page fault from U: resolve it, or kill the process (SIGSEGV for a
 * bad access, SIGKILL when memory ran out, as the OOM killer would). */
static void user_page_fault(struct trapframe *tf, uint64_t cause, uint64_t addr)
{
	int rc = vm_fault(cur->mm, addr, fault_access(cause));

	(void)tf;
	if (rc == -ENOMEM) {
		kstats.oom_kills++;
		proc_kill_current(SIGKILL, "out of memory", addr);
	} else if (rc) {
		kstats.faults_bad++;
		proc_kill_current(SIGSEGV, "segfault", addr);
	}
}

static const char *const exc_names[16] = {
	[CAUSE_MISALIGNED_FETCH] = "misaligned fetch", [CAUSE_FETCH_ACCESS] = "fetch access fault",
	[CAUSE_ILLEGAL_INSN] = "illegal instruction", [CAUSE_BREAKPOINT] = "breakpoint",
	[CAUSE_MISALIGNED_LOAD] = "misaligned load", [CAUSE_LOAD_ACCESS] = "load access fault",
	[CAUSE_MISALIGNED_STORE] = "misaligned store", [CAUSE_STORE_ACCESS] = "store access fault",
};

/*
 * A trap from U-mode with the user registers in tf (on this process's
 * kernel stack). Returns the frame to resume: tf, after a possible
 * switch to other processes; a killed process exits instead.
 */
struct trapframe *user_trap(struct trapframe *tf)
{
	uint64_t cause = csr_read(CSR_SCAUSE), stval = csr_read(CSR_STVAL);

	if (cause & CAUSE_INTERRUPT) {
		if ((cause & ~CAUSE_INTERRUPT) == IRQ_S_TIMER) {
			timer_interrupt();
			sched_yield_cpu();
		}
	} else if (cause == CAUSE_USER_ECALL) {
		tf->sepc += 4;
		syscall(tf);
	} else if (cause == CAUSE_FETCH_PAGE_FAULT || cause == CAUSE_LOAD_PAGE_FAULT ||
		   cause == CAUSE_STORE_PAGE_FAULT) {
		kstats.page_faults++;
		user_page_fault(tf, cause, stval);
	} else {
		const char *what = cause < 16 && exc_names[cause] ? exc_names[cause] : "trap";
		proc_kill_current(cause == CAUSE_ILLEGAL_INSN ? 4 : SIGSEGV, what, stval);
	}
	if (cur->killed)
		proc_exit(cur->killed);
	return tf;
}

/* A trap taken in S-mode: the frame is on the interrupted stack. */
void kernel_trap(struct trapframe *f)
{
	uint64_t cause = csr_read(CSR_SCAUSE), stval = csr_read(CSR_STVAL);

	if (cause == (CAUSE_INTERRUPT | IRQ_S_TIMER)) {
		timer_interrupt();
		return;
	}
	if (cause == CAUSE_LOAD_PAGE_FAULT || cause == CAUSE_STORE_PAGE_FAULT ||
	    cause == CAUSE_FETCH_PAGE_FAULT) {
		kstats.page_faults++;
		if (uaccess_fixup(&f->sepc, stval, cause))
			return;
	}
	panic("kernel trap: scause %lx stval %lx sepc %lx", cause, stval, f->sepc);
}
