/*
 * syscall.c - system calls with Linux's riscv64 numbers and convention
 * (asm-generic/unistd.h; RISC-V Linux ABI): number in a7, arguments in
 * a0-a5, result or -errno in a0. One table from number to handler;
 * a number without a handler returns -ENOSYS.
 */
#include "errno.h"
#include "mm/mm.h"
#include "proc.h"
#include "riscv.h"
#include "stats.h"

/* Handlers take the arguments they use; the table calls each with six
 * (the RISC-V calling convention passes them all in a0-a5, so a handler
 * with fewer parameters ignores the rest, as Linux's SYSCALL_DEFINEn). */
typedef long (*sys_fn)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);

#define PROT_MASK 7
#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_KNOWN (MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | 0x4000 /* NORESERVE */)
#define CLONE_VM 0x100
#define NSEC_PER_SEC 1000000000ul

static int page_aligned(uint64_t a) { return (a & (PAGE_SIZE - 1)) == 0; }

static long sys_mmap(uint64_t addr, uint64_t len, uint64_t prot, uint64_t flags, uint64_t fd,
		     uint64_t off)
{
	uint32_t vprot = (uint32_t)prot & PROT_MASK;
	uint64_t type = flags & (MAP_SHARED | MAP_PRIVATE);
	long rc;

	(void)off;
	if (!len || (prot & ~(uint64_t)PROT_MASK) || (flags & ~(uint64_t)MAP_KNOWN) ||
	    (type != MAP_SHARED && type != MAP_PRIVATE))
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS))
		return (int)fd < 0 ? -EBADF : -ENODEV;     /* no mappable files */
	if (len > USER_TOP)
		return -ENOMEM;
	len = PGROUNDUP(len);
	/* Linux's overcommit guess: no single mapping beyond free memory */
	if (len / PAGE_SIZE > pmem_free_frames())
		return -ENOMEM;
	if (type == MAP_SHARED)
		vprot |= VMA_SHARED;
	if (flags & MAP_FIXED) {
		if (!page_aligned(addr) || addr < USER_MMAP_MIN / 16 || addr + len > USER_TOP ||
		    addr + len < addr)
			return -EINVAL;
		if ((rc = vm_unmap(cur->mm, addr, addr + len)))
			return rc;
	} else if (!(addr && page_aligned(addr) && addr >= USER_MMAP_MIN &&
		     addr + len <= USER_MMAP_TOP && addr + len > addr &&
		     vm_range_free(cur->mm, addr, addr + len))) {
		if (!(addr = vm_find_gap(cur->mm, len)))
			return -ENOMEM;
	}
	if ((rc = vm_add(cur->mm, addr, addr + len, vprot, NULL, 0, 0)))
		return rc;
	return (long)addr;
}

static long sys_munmap(uint64_t addr, uint64_t len)
{
	if (!page_aligned(addr) || !len || addr >= USER_TOP || len > USER_TOP - addr)
		return -EINVAL;
	return vm_unmap(cur->mm, addr, PGROUNDUP(addr + len));
}

static long sys_mprotect(uint64_t addr, uint64_t len, uint64_t prot)
{
	if (!page_aligned(addr) || (prot & ~(uint64_t)PROT_MASK) || addr >= USER_TOP ||
	    len > USER_TOP - addr)
		return -EINVAL;
	if (!len)
		return 0;
	return vm_protect(cur->mm, addr, PGROUNDUP(addr + len), (uint32_t)prot);
}

static long sys_brk(uint64_t addr)
{
	return vm_brk(cur->mm, addr);
}

static long sys_clone(uint64_t flags, uint64_t stack)
{
	long pid;

	if (flags & CLONE_VM)
		return -EINVAL;            /* no threads */
	pid = proc_fork(stack);
	if (pid > 0)
		proc_find((int)pid)->exit_signal = (int)(flags & 0xff);
	return pid;
}

static long sys_exit(uint64_t status)
{
	proc_exit((int)(status & 0xff) << 8);
}

static long sys_wait4(uint64_t pid, uint64_t status, uint64_t options, uint64_t rusage)
{
	static const uint8_t zeros[144];   /* struct rusage */
	long rc;

	if (options & ~(uint64_t)1)
		return -EINVAL;
	if ((long)pid == 0 || (long)pid < -1)
		pid = (uint64_t)-1;        /* no process groups: any child */
	rc = proc_wait((long)pid, status, (int)options);
	if (rc > 0 && rusage && copy_to_user(rusage, zeros, sizeof zeros))
		return -EFAULT;
	return rc;
}

static long sys_getpid(void) { return cur->pid; }
static long sys_getppid(void) { return cur->parent ? cur->parent->pid : 0; }

static long sys_sched_yield(void)
{
	sched_yield_cpu();
	return 0;
}

struct kernel_timespec {
	int64_t tv_sec, tv_nsec;
};

static long sys_clock_gettime(uint64_t clock, uint64_t ts_addr)
{
	uint64_t t = r_time(), hz = boot.timebase_hz;
	struct kernel_timespec ts = { (int64_t)(t / hz),
				      (int64_t)((t % hz) * NSEC_PER_SEC / hz) };

	if (clock > 7)
		return -EINVAL;
	return copy_to_user(ts_addr, &ts, sizeof ts);
}

/* nanosleep: sleep until the timer tick at or after the deadline. */
static long sys_nanosleep(uint64_t req_addr, uint64_t rem_addr)
{
	struct kernel_timespec req, rem = { 0, 0 };
	uint64_t hz = boot.timebase_hz, deadline;

	if (copy_from_user(&req, req_addr, sizeof req))
		return -EFAULT;
	if (req.tv_sec < 0 || req.tv_nsec < 0 || (uint64_t)req.tv_nsec >= NSEC_PER_SEC)
		return -EINVAL;
	deadline = r_time() + (uint64_t)req.tv_sec * hz + (uint64_t)req.tv_nsec * hz / NSEC_PER_SEC;
	while (r_time() < deadline && !cur->killed) {
		cur->wake_time = deadline;
		sleep_on(&cur->wake_time);
	}
	cur->wake_time = 0;
	if (cur->killed)
		return -EINTR;
	if (rem_addr && copy_to_user(rem_addr, &rem, sizeof rem))
		return -EFAULT;
	return 0;
}

static long sys_kill(uint64_t pid, uint64_t sig)
{
	return proc_kill((long)pid, (int)sig);
}

static long sys_uname(uint64_t addr)
{
	static const char fields[6][65] = { "Linux", "hmvirt", "6.1.0-hmvirt",
					    "#1 hmvirt guest kernel", "riscv64", "(none)" };

	return copy_to_user(addr, fields, sizeof fields);
}

#define SYS(n, f) [n] = (sys_fn)(f)
static const sys_fn syscalls[] = {
	SYS(23, sys_dup),          SYS(57, sys_close),        SYS(59, sys_pipe2),
	SYS(63, sys_read),         SYS(64, sys_write),        SYS(93, sys_exit),
	SYS(94, sys_exit),         SYS(101, sys_nanosleep),   SYS(113, sys_clock_gettime),
	SYS(124, sys_sched_yield), SYS(129, sys_kill),        SYS(160, sys_uname),
	SYS(172, sys_getpid),      SYS(173, sys_getppid),     SYS(214, sys_brk),
	SYS(215, sys_munmap),      SYS(220, sys_clone),       SYS(221, sys_execve),
	SYS(222, sys_mmap),        SYS(226, sys_mprotect),    SYS(260, sys_wait4),
};

void syscall(struct trapframe *tf)
{
	uint64_t n = tf->regs[TF_A7], *a = &tf->regs[TF_A0];

	kstats.syscalls++;
	if (n < ARRAY_SIZE(syscalls) && syscalls[n])
		a[0] = (uint64_t)syscalls[n](a[0], a[1], a[2], a[3], a[4], a[5]);
	else
		a[0] = (uint64_t)-ENOSYS;
}
