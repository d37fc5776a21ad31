/*
 * syscall.c - Linux riscv64 system calls: number in a7, arguments in
 * a0-a5, `ecall`, result in a0 (-errno in [-4095, -1] on failure).
 * Each wrapper turns a failure into errno and the C library's error value.
 */
#include "libc.h"

int errno;

long __syscall(long n, long a0, long a1, long a2, long a3, long a4, long a5)
{
	register long r_a0 __asm__("a0") = a0;
	register long r_a1 __asm__("a1") = a1;
	register long r_a2 __asm__("a2") = a2;
	register long r_a3 __asm__("a3") = a3;
	register long r_a4 __asm__("a4") = a4;
	register long r_a5 __asm__("a5") = a5;
	register long r_a7 __asm__("a7") = n;

	__asm__ volatile("ecall"
			 : "+r"(r_a0)
			 : "r"(r_a1), "r"(r_a2), "r"(r_a3), "r"(r_a4), "r"(r_a5), "r"(r_a7)
			 : "memory");
	return r_a0;
}

/* A result, or -1 with errno set. */
static long check(long rc)
{
	if (rc < 0 && rc >= -4095) {
		errno = (int)-rc;
		return -1;
	}
	return rc;
}

#define SC0(n) check(__syscall(n, 0, 0, 0, 0, 0, 0))
#define SC1(n, a) check(__syscall(n, (long)(a), 0, 0, 0, 0, 0))
#define SC2(n, a, b) check(__syscall(n, (long)(a), (long)(b), 0, 0, 0, 0))
#define SC3(n, a, b, c) check(__syscall(n, (long)(a), (long)(b), (long)(c), 0, 0, 0))
#define SC4(n, a, b, c, d) \
	check(__syscall(n, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0))

ssize_t read(int fd, void *buf, size_t len) { return SC3(SYS_read, fd, buf, len); }
ssize_t write(int fd, const void *buf, size_t len) { return SC3(SYS_write, fd, buf, len); }
int close(int fd) { return (int)SC1(SYS_close, fd); }
int pipe2(int fds[2], int flags) { return (int)SC2(SYS_pipe2, fds, flags); }
int pipe(int fds[2]) { return pipe2(fds, 0); }
int dup(int fd) { return (int)SC1(SYS_dup, fd); }
int munmap(void *addr, size_t len) { return (int)SC2(SYS_munmap, addr, len); }
int mprotect(void *addr, size_t len, int prot) { return (int)SC3(SYS_mprotect, addr, len, prot); }
pid_t getpid(void) { return (pid_t)SC0(SYS_getpid); }
pid_t getppid(void) { return (pid_t)SC0(SYS_getppid); }
int sched_yield(void) { return (int)SC0(SYS_sched_yield); }
int kill(pid_t pid, int sig) { return (int)SC2(SYS_kill, pid, sig); }
int uname(struct utsname *u) { return (int)SC1(SYS_uname, u); }

int clock_gettime(int clock, struct timespec *ts)
{
	return (int)SC2(SYS_clock_gettime, clock, ts);
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	return (int)SC2(SYS_nanosleep, req, rem);
}

int execve(const char *path, char *const argv[], char *const envp[])
{
	return (int)SC3(SYS_execve, path, argv, envp);
}

pid_t wait4(pid_t pid, int *status, int options, void *rusage)
{
	return (pid_t)SC4(SYS_wait4, pid, status, options, rusage);
}

pid_t waitpid(pid_t pid, int *status, int options)
{
	return wait4(pid, status, options, NULL);
}

/*
 * fork as glibc does it on riscv64: clone(flags = SIGCHLD, stack = 0,
 * parent_tid = NULL, child_tid = NULL, tls = 0). A zero stack means the
 * child continues on its (copy-on-write) copy of the parent's stack.
 */
pid_t fork(void)
{
	return (pid_t)check(__syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0, 0));
}

/* Anonymous mappings pass fd = -1 and offset 0; offset is in bytes. */
void *mmap(void *addr, size_t len, int prot, int flags, int fd, long off)
{
	long rc = __syscall(SYS_mmap, (long)addr, (long)len, prot, flags, fd, off);

	if (rc < 0 && rc >= -4095) {
		errno = (int)-rc;
		return MAP_FAILED;
	}
	return (void *)rc;
}

/*
 * The raw brk call: sets the break to addr and returns the new break, or
 * leaves it and returns the old one when addr is 0 or cannot be granted.
 */
void *sys_brk(void *addr)
{
	return (void *)__syscall(SYS_brk, (long)addr, 0, 0, 0, 0, 0);
}

/* Moves the break by increment; returns the old break or (void *)-1. */
void *sbrk(long increment)
{
	static char *cur;
	char *old;

	if (!cur)
		cur = sys_brk(NULL);
	old = cur;
	if (increment) {
		char *want = cur + increment;

		if (sys_brk(want) != want) {
			errno = ENOMEM;
			return (void *)-1;
		}
		cur = want;
	}
	return old;
}

_Noreturn void _exit(int status)
{
	__syscall(SYS_exit_group, status, 0, 0, 0, 0, 0);
	for (;;)
		;
}

_Noreturn void exit_thread(int status)
{
	__syscall(SYS_exit, status, 0, 0, 0, 0, 0);
	for (;;)
		;
}

/* No stdio buffers to flush: printf writes each call through at once. */
_Noreturn void exit(int status)
{
	_exit(status);
}

const char *errno_name(int err)
{
	static const char *const names[] = {
		[EPERM] = "EPERM",     [ENOENT] = "ENOENT", [ESRCH] = "ESRCH",
		[EINTR] = "EINTR",     [EIO] = "EIO",       [E2BIG] = "E2BIG",
		[ENOEXEC] = "ENOEXEC", [EBADF] = "EBADF",   [ECHILD] = "ECHILD",
		[EAGAIN] = "EAGAIN",   [ENOMEM] = "ENOMEM", [EACCES] = "EACCES",
		[EFAULT] = "EFAULT",   [EEXIST] = "EEXIST", [ENOTDIR] = "ENOTDIR",
		[EISDIR] = "EISDIR",   [EINVAL] = "EINVAL", [EMFILE] = "EMFILE",
		[ESPIPE] = "ESPIPE",   [EPIPE] = "EPIPE",   [ERANGE] = "ERANGE",
		[ENOSYS] = "ENOSYS",
	};

	if (err > 0 && err < (int)(sizeof(names) / sizeof(names[0])) && names[err])
		return names[err];
	return "E?";
}
