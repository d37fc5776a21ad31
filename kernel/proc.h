/*
 * proc.h - processes: the trap frame, the kernel context, the process
 * table (a list, bounded by maxprocs=N), the round-robin scheduler and
 * sleep/wakeup. One hart, and the kernel is not preemptible: interrupts
 * are off in S-mode except in the idle loop, so no locks.
 */
#ifndef KERNEL_PROC_H
#define KERNEL_PROC_H

#include "kernel.h"

/* Saved user registers: regs[i] is xi (regs[0] unused), then sepc and
 * sstatus. trap.S knows this layout. */
struct trapframe {
	uint64_t regs[32];
	uint64_t sepc, sstatus;
};
#define TF_SP 2
#define TF_A0 10
#define TF_A7 17

/* Callee-saved registers for swtch (trap.S). */
struct context {
	uint64_t ra, sp, s[12];
};

enum pstate { P_RUNNABLE, P_RUNNING, P_SLEEPING, P_ZOMBIE };

#define NOFILE 16
struct file;

struct proc {
	int pid;
	enum pstate state;
	struct proc *parent;
	struct mm *mm;
	void *kstack;                  /* KSTACK_SIZE bytes; tf at its top */
	struct trapframe *tf;
	struct context ctx;
	const void *chan;              /* P_SLEEPING: what it waits for */
	uint64_t wake_time;            /* nanosleep: time (ticks) to wake at */
	int killed;                    /* a pending fatal signal, or 0 */
	int xstatus;                   /* wait status, Linux's encoding */
	int exit_signal;               /* sent to the parent: SIGCHLD */
	int adopted;                   /* orphan given to init: freed at exit */
	struct file *files[NOFILE];
	uint32_t cloexec;              /* bit per fd */
	char name[16];
	struct proc *next;             /* all processes, by creation */
};

extern struct proc *cur;           /* the running process, or NULL */

void proc_init(void);
void proc_start_init(const char *path, char *const argv[]);
_Noreturn void scheduler(void);
void sched_yield_cpu(void);
void sleep_on(const void *chan);
void wakeup(const void *chan);
void proc_tick(void);              /* timer: wake sleepers whose time came */
_Noreturn void proc_exit(int status);   /* status: wait-status word */
void proc_kill_current(int sig, const char *why, uint64_t addr);
long proc_fork(uint64_t stack);
long proc_wait(long pid, uint64_t status_addr, int options);
long proc_kill(long pid, int sig);
struct proc *proc_find(int pid);
uint64_t proc_timeslice(void);

/* trap.c */
void trap_init(void);
void timer_arm(void);
struct trapframe *user_trap(struct trapframe *tf);

/* trap.S */
void swtch(struct context *from, struct context *to);
_Noreturn void user_return(struct trapframe *tf);
void trap_vector(void);

/* syscall.c */
void syscall(struct trapframe *tf);

/* exec.c */
struct cpio_file {
	const uint8_t *data;
	uint64_t size;
};
int cpio_lookup(const char *path, struct cpio_file *f);
long exec_kernel(const char *path, char *const argv[], char *const envp[]);
long sys_execve(uint64_t path, uint64_t argv, uint64_t envp);

/* file.c */
void file_init_console(struct proc *p);
void file_close_all(struct proc *p);
int file_dup_all(struct proc *to, struct proc *from);
void file_exec(struct proc *p);    /* close the close-on-exec fds */
long sys_read(long fd, uint64_t buf, uint64_t n);
long sys_write(long fd, uint64_t buf, uint64_t n);
long sys_close(long fd);
long sys_dup(long fd);
long sys_pipe2(uint64_t fds, uint64_t flags);

#define SIGKILL 9
#define SIGSEGV 11
#define SIGTERM 15
#define SIGCHLD 17

#endif
