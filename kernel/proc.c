/*
 * proc.c - processes and the scheduler.
 *
 * Every process has a kernel stack with its trap frame at the top and a
 * context (callee-saved registers) for swtch. The scheduler runs on the
 * boot stack with its own context: a process gives up the hart by
 * swtch'ing to it (sched), and it picks the next runnable process after
 * the last one in creation order (round robin), loads its address space
 * (tlb_switch) and swtch'es to it. The SBI timer interrupts a process
 * running in U-mode every time slice, which then yields. With nothing
 * runnable the scheduler waits for the timer with interrupts on (the
 * only place in S-mode where they are).
 */
#include "errno.h"
#include "mm/mm.h"
#include "proc.h"
#include "riscv.h"
#include "sbi.h"
#include "stats.h"

static void proc_reap(struct proc *z);

struct proc *cur;
static struct proc *procs;         /* all, oldest first */
static struct proc *initproc;
static struct context sched_ctx;
static int nprocs, next_pid = 1;

#define TICKS_PER_SLICE_DIV 100    /* time slice: 1/100 s */

uint64_t proc_timeslice(void)
{
	return boot.timebase_hz / TICKS_PER_SLICE_DIV;
}

/*
 * Kernel stacks are contiguous frames, which the frame allocator can hand
 * out only from the untouched part of RAM: one per possible process is
 * taken at boot, so that fork never fails for want of contiguity later.
 */
void proc_init(void)
{
	void *stacks = NULL;

	if (!boot.max_procs)
		boot.max_procs = 64;
	for (unsigned i = 0; i < boot.max_procs; i++) {
		void *s = kstack_alloc();
		if (!s)
			panic("no memory for %u kernel stacks (maxprocs)", boot.max_procs);
		*(void **)s = stacks;
		stacks = s;
	}
	while (stacks) {
		void *s = stacks;
		stacks = *(void **)s;
		kstack_free(s);
	}
}

struct proc *proc_find(int pid)
{
	for (struct proc *p = procs; p; p = p->next)
		if (p->pid == pid)
			return p;
	return NULL;
}

/* A new process with a kernel stack and a zeroed trap frame, not linked
 * into the table yet. NULL when out of memory. */
static struct proc *proc_alloc(void)
{
	struct proc *p = kzalloc(sizeof *p);

	if (!p)
		return NULL;
	p->kstack = kstack_alloc();
	if (!p->kstack) {
		kfree(p);
		return NULL;
	}
	p->tf = (struct trapframe *)((char *)p->kstack + KSTACK_SIZE) - 1;
	memset(p->tf, 0, sizeof *p->tf);
	p->ctx.sp = (uint64_t)p->tf;
	p->exit_signal = SIGCHLD;
	return p;
}

static void proc_link(struct proc *p)
{
	struct proc **pp = &procs;

	while (*pp)
		pp = &(*pp)->next;
	*pp = p;
	p->pid = next_pid++;
	nprocs++;
}

/* Where a new process starts: leave the kernel into its trap frame. */
static void proc_first_return(void)
{
	user_return(cur->tf);
}

/* Create pid 1 and exec path in it; the scheduler then runs it. */
void proc_start_init(const char *path, char *const argv[])
{
	static char *const envp[] = { "HOME=/", "PATH=/", NULL };
	struct proc *p = proc_alloc();
	long rc;

	if (!p)
		panic("no memory for init");
	p->ctx.ra = (uint64_t)proc_first_return;
	strlcpy0(p->name, "init", sizeof p->name);
	file_init_console(p);
	proc_link(p);
	initproc = p;
	cur = p;
	rc = exec_kernel(path, argv, envp);
	cur = NULL;
	if (rc < 0)
		panic("cannot exec %s: error %ld", path, -rc);
	tlb_switch(NULL);
}

/* Give up the hart to the scheduler (state already set by the caller). */
static void sched(void)
{
	struct proc *p = cur;

	swtch(&p->ctx, &sched_ctx);
	cur = p;
}

void sched_yield_cpu(void)
{
	cur->state = P_RUNNABLE;
	sched();
}

void sleep_on(const void *chan)
{
	cur->chan = chan;
	cur->state = P_SLEEPING;
	sched();
	cur->chan = NULL;
}

void wakeup(const void *chan)
{
	for (struct proc *p = procs; p; p = p->next)
		if (p->state == P_SLEEPING && p->chan == chan)
			p->state = P_RUNNABLE;
}

/* The timer: wake the nanosleep'ers whose time has come. */
void proc_tick(void)
{
	uint64_t now = r_time();

	for (struct proc *p = procs; p; p = p->next)
		if (p->state == P_SLEEPING && p->wake_time && p->wake_time <= now)
			p->state = P_RUNNABLE;
}

/* The runnable process after last (round robin), or NULL. */
static struct proc *sched_pick(struct proc *last)
{
	struct proc *p = last ? last->next : procs;

	for (int pass = 0; pass < 2; pass++) {
		for (; p; p = p->next)
			if (p->state == P_RUNNABLE)
				return p;
		p = procs;
	}
	return NULL;
}

_Noreturn void scheduler(void)
{
	struct proc *last = NULL, *p;

	timer_arm();
	for (;;) {
		p = sched_pick(last);
		if (!p) {
			/* idle: the timer (or nothing) wakes us */
			intr_on();
			wfi();
			intr_off();
			continue;
		}
		p->state = P_RUNNING;
		cur = p;
		if (p != last)
			kstats.ctx_switches++;
		tlb_switch(p->mm);
		swtch(&sched_ctx, &p->ctx);
		cur = NULL;
		/* p is still linked (a zombie is freed by its parent's wait,
		 * which runs later), so the next pick can start after it;
		 * an orphan that init adopted is freed here, off its stack */
		last = p;
		if (p->state == P_ZOMBIE && p->adopted) {
			proc_reap(p);
			last = NULL;
		}
	}
}

/* Mark the current process for death by sig, with a console message
 * like Linux's "segfault at ..." line. */
void proc_kill_current(int sig, const char *why, uint64_t addr)
{
	kprintf("kernel: %s[%d]: %s at %lx pc %lx, killed by signal %d\n", cur->name, cur->pid,
		why, addr, cur->tf->sepc, sig);
	if (!cur->killed)
		cur->killed = sig;
}

/* Power off once init is gone: its status is the machine's. */
static _Noreturn void proc_init_exited(int wstatus)
{
	int status = (wstatus & 0x7f) ? 128 + (wstatus & 0x7f) : (wstatus >> 8) & 0xff;

	kprintf("kernel: init exited with status %d\n", status);
	stats_print();
	sbi_shutdown(status);
}

/*
 * Exit the current process with a wait status (exit code << 8, or the
 * killing signal): free its memory and files, give its children to init,
 * and leave a zombie for the parent's wait4.
 */
_Noreturn void proc_exit(int wstatus)
{
	struct proc *p = cur;

	kstats.exits++;
	file_close_all(p);
	if (p->mm) {
		struct mm *mm = p->mm;
		p->mm = NULL;
		tlb_switch(NULL);
		vm_destroy(mm);
	}
	if (p == initproc)
		proc_init_exited(wstatus);
	/* Orphans go to init, which (user/bench/init.c) waits only for the
	 * program it ran: they are freed when they exit, as children of a
	 * parent that ignores SIGCHLD are on Linux. */
	for (struct proc *c = procs, *next; c; c = next) {
		next = c->next;
		if (c->parent != p)
			continue;
		c->parent = initproc;
		c->adopted = 1;
		if (c->state == P_ZOMBIE)
			proc_reap(c);
	}
	p->xstatus = wstatus;
	p->state = P_ZOMBIE;
	wakeup(p->parent);
	sched();
	panic("zombie %d ran", p->pid);
}

/* fork (clone with fork semantics): a copy of the current process; the
 * child returns 0, on stack if non-zero. The child's pid, or -errno. */
long proc_fork(uint64_t stack)
{
	struct proc *p;

	if (nprocs >= (int)boot.max_procs)
		return -EAGAIN;
	if (!(p = proc_alloc()))
		return -ENOMEM;
	if (!(p->mm = vm_fork(cur->mm))) {
		kstack_free(p->kstack);
		kfree(p);
		return -ENOMEM;
	}
	*p->tf = *cur->tf;
	p->tf->regs[TF_A0] = 0;
	if (stack)
		p->tf->regs[TF_SP] = stack;
	p->ctx.ra = (uint64_t)proc_first_return;
	file_dup_all(p, cur);
	p->cloexec = cur->cloexec;
	memcpy(p->name, cur->name, sizeof p->name);
	p->parent = cur;
	p->state = P_RUNNABLE;
	proc_link(p);
	kstats.forks++;
	return p->pid;
}

static void proc_reap(struct proc *z)
{
	struct proc **pp = &procs;

	while (*pp != z)
		pp = &(*pp)->next;
	*pp = z->next;
	nprocs--;
	kstack_free(z->kstack);
	kfree(z);
}

#define WNOHANG 1

/* wait4: reap a zombie child (pid -1: any). Its pid, 0 with WNOHANG
 * when none is ready, -ECHILD without such children, -EINTR if killed. */
long proc_wait(long pid, uint64_t status_addr, int options)
{
	for (;;) {
		int children = 0;

		for (struct proc *c = procs; c; c = c->next) {
			if (c->parent != cur || (pid > 0 && c->pid != pid))
				continue;
			children++;
			if (c->state == P_ZOMBIE) {
				int id = c->pid, st = c->xstatus;
				if (status_addr && copy_to_user(status_addr, &st, sizeof st))
					return -EFAULT;
				proc_reap(c);
				return id;
			}
		}
		if (!children)
			return -ECHILD;
		if (options & WNOHANG)
			return 0;
		sleep_on(cur);
		if (cur->killed)
			return -EINTR;
	}
}

/* kill: SIGKILL and SIGTERM end the process (no handlers); 0 probes. */
long proc_kill(long pid, int sig)
{
	struct proc *p;

	if (sig != 0 && sig != SIGKILL && sig != SIGTERM)
		return -EINVAL;
	if (pid <= 0)
		return -EINVAL;
	p = proc_find((int)pid);
	if (!p || p->state == P_ZOMBIE)
		return -ESRCH;
	if (!sig)
		return 0;
	if (!p->killed)
		p->killed = sig;
	if (p->state == P_SLEEPING)
		p->state = P_RUNNABLE;
	return 0;
}
