/*
 * badptr - bad user pointers: a program that dereferences one must be
 * killed (by SIGSEGV under Linux; the project's kernel kills it with a
 * message and carries on), and a system call handed one must fail with
 * EFAULT instead of killing anyone.
 *
 * Usage: badptr [MODE]. MODE is one of
 *   null      store to address 0 (the default)
 *   kernel    load from 0xffffffc000000000, the upper (kernel) half of Sv39
 *   text      store into the program's own read-only, executable text
 *   unmapped  load from a page that was mmap'd and then munmap'd
 *   exec      jump into a readable, writable, not executable mapping
 *   syscall   pass bad pointers to write, read, pipe2, uname, clock_gettime
 *             and execve: each must fail with EFAULT; prints PASS, exits 0
 *   all       each killing mode in a forked child (each must die by a
 *             signal), then "syscall" in this process; PASS exits 0
 * The killing modes print "badptr: MODE: ..." first and, should the
 * access return, "badptr: MODE: FAIL: still alive" and exit 1.
 */
#include "libc.h"

#define NAME "badptr"
#define KERNEL_ADDR 0xffffffc000000000UL

static volatile uint64_t sink;

static void die_null(void)
{
	*(volatile uint64_t *)0 = 1;
}

static void die_kernel(void)
{
	sink = *(volatile uint64_t *)KERNEL_ADDR;
}

static void die_text(void)
{
	*(volatile uint32_t *)(uintptr_t)die_text = 0;
}

static void die_unmapped(void)
{
	volatile uint64_t *p = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE,
				    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		bench_fail(NAME, "mmap: %s", errno_name(errno));
	p[0] = 42;              /* in the TLB now: munmap must flush it */
	if (munmap((void *)p, PAGE_SIZE))
		bench_fail(NAME, "munmap: %s", errno_name(errno));
	sink = p[0];
}

static void die_exec(void)
{
	/* zero-filled: were it executed, c.unimp would raise SIGILL instead */
	void *p = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		bench_fail(NAME, "mmap: %s", errno_name(errno));
	((void (*)(void))p)();
}

static const struct {
	const char *mode;
	void (*die)(void);
	const char *what;
} modes[] = {
	{ "null", die_null, "store to address 0" },
	{ "kernel", die_kernel, "load from the kernel half, 0xffffffc000000000" },
	{ "text", die_text, "store into read-only text" },
	{ "unmapped", die_unmapped, "load from a munmap'd page" },
	{ "exec", die_exec, "jump into a non-executable mapping" },
};
#define NMODES (sizeof(modes) / sizeof(modes[0]))

/* Runs modes[i]; returns only if the access did not kill the process. */
static void run_mode(unsigned i)
{
	printf("%s: %s: %s, expect to be killed\n", NAME, modes[i].mode, modes[i].what);
	modes[i].die();
	printf("%s: %s: FAIL: still alive\n", NAME, modes[i].mode);
}

/* One system call with a bad pointer: 1 if it failed with EFAULT. */
static int efault(const char *call, long rc)
{
	int ok = rc == -1 && errno == EFAULT;

	if (!ok)
		printf("%s: syscall: %s returned %ld (%s), expected EFAULT\n", NAME, call, rc,
		       rc == -1 ? errno_name(errno) : "no error");
	return ok;
}

static int syscall_checks(void)
{
	int fds[2], ok = 1;
	void *bad = (void *)KERNEL_ADDR;
	char *const argv[] = { "x", NULL };

	if (pipe(fds))
		bench_fail(NAME, "pipe: %s", errno_name(errno));
	if (write(fds[1], "abcdefgh", 8) != 8)
		bench_fail(NAME, "write to pipe: %s", errno_name(errno));
	ok &= efault("write(1, NULL + 8, 16)", write(STDOUT_FILENO, (void *)8, 16));
	ok &= efault("write(1, kernel address, 16)", write(STDOUT_FILENO, bad, 16));
	ok &= efault("read(pipe, kernel address, 8)", read(fds[0], bad, 8));
	ok &= efault("pipe2(NULL)", pipe2(NULL, 0));
	ok &= efault("uname(kernel address)", uname(bad));
	ok &= efault("clock_gettime(kernel address)", clock_gettime(CLOCK_MONOTONIC, bad));
	ok &= efault("execve(kernel address)", execve(bad, argv, environ));
	close(fds[0]);
	close(fds[1]);
	printf("%s: syscall: bad pointers to 7 system calls fail with EFAULT: %s\n", NAME,
	       ok ? "PASS" : "FAIL");
	return ok;
}

/* Each killing mode in its own child; every child must die by a signal. */
static int all(void)
{
	int ok = 1;

	for (unsigned i = 0; i < NMODES; i++) {
		int st;
		pid_t pid = bench_fork(NAME);

		if (pid == 0) {
			run_mode(i);
			_exit(1);
		}
		if (waitpid(pid, &st, 0) != pid)
			bench_fail(NAME, "wait4: %s", errno_name(errno));
		if (WIFSIGNALED(st)) {
			printf("%s: %s: killed by signal %d: ok\n", NAME, modes[i].mode, WTERMSIG(st));
		} else {
			printf("%s: %s: FAIL: exited with status %d\n", NAME, modes[i].mode,
			       WEXITSTATUS(st));
			ok = 0;
		}
	}
	ok &= syscall_checks();
	printf("%s: %s\n", NAME, ok ? "PASS" : "FAIL");
	return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "null";

	if (!strcmp(mode, "all"))
		return all();
	if (!strcmp(mode, "syscall"))
		return syscall_checks() ? 0 : 1;
	for (unsigned i = 0; i < NMODES; i++) {
		if (!strcmp(mode, modes[i].mode)) {
			run_mode(i);
			return 1;
		}
	}
	printf("%s: unknown mode '%s' (null kernel text unmapped exec syscall all)\n", NAME, mode);
	return 2;
}
