/*
 * sysmisc - the system calls the workloads use least, each against
 * Linux's documented behaviour: uname, getpid/getppid, kill (SIGTERM of
 * a blocked child, SIGKILL of a spinning one: needs timer preemption),
 * nanosleep and clock_gettime, dup and pipe end-of-file, brk, COW
 * isolation and MAP_SHARED across fork, sched_yield.
 */
#include "ktest.h"

#define NAME "sysmisc"

static long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000l + ts.tv_nsec;
}

int main(void)
{
	struct utsname u;
	int fds[2], st;
	pid_t pid, me = getpid();
	char c;
	long t0;

	CHECK(uname(&u) == 0 && !strcmp(u.sysname, "Linux") && !strcmp(u.machine, "riscv64"),
	      "uname: Linux, riscv64");
	CHECK(getppid() == 1, "getppid of /init's child is 1");

	/* SIGTERM to a child blocked reading an empty pipe */
	CHECK(pipe(fds) == 0, "pipe");
	pid = fork();
	if (pid == 0) {
		if (getppid() != me)
			_exit(3);
		read(fds[0], &c, 1);
		_exit(0);
	}
	sched_yield();
	CHECK(kill(pid, SIGTERM) == 0, "kill SIGTERM");
	CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM,
	      "blocked child killed by SIGTERM");
	CHECK(kill(pid, SIGKILL) == -1 && errno == 3 /* ESRCH */, "kill of a reaped pid: ESRCH");
	CHECK(kill(me, 1) == -1 && errno == EINVAL, "kill with SIGHUP: EINVAL (unsupported)");

	/* SIGKILL to a child that never enters the kernel: the timer must
	 * preempt it for the parent to run at all */
	pid = fork();
	if (pid == 0)
		for (volatile int spin = 1; spin;)
			;
	sched_yield();
	CHECK(kill(pid, SIGKILL) == 0, "kill SIGKILL of a spinning child");
	CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	      "spinning child killed by SIGKILL (preemption works)");

	/* nanosleep and the clock */
	t0 = now_ns();
	struct timespec req = { 0, 20000000 };
	CHECK(nanosleep(&req, NULL) == 0, "nanosleep 20 ms");
	CHECK(now_ns() - t0 >= 20000000, "at least 20 ms passed on CLOCK_MONOTONIC");
	req.tv_nsec = 1000000000;
	CHECK(nanosleep(&req, NULL) == -1 && errno == EINVAL, "nanosleep with 1e9 ns: EINVAL");

	/* dup and end of file */
	int d = dup(fds[1]);
	CHECK(d > 2, "dup");
	CHECK(write(d, "x", 1) == 1 && read(fds[0], &c, 1) == 1 && c == 'x', "dup'ed end writes");
	close(d);
	close(fds[1]);
	CHECK(read(fds[0], &c, 1) == 0, "read after the last writer closed: end of file");
	CHECK(close(fds[1]) == -1 && errno == EBADF, "close twice: EBADF");

	/* brk */
	char *b0 = sys_brk(NULL), *b1 = sys_brk(b0 + 3 * PAGE_SIZE);
	CHECK(b1 == b0 + 3 * PAGE_SIZE, "brk grows");
	b1[-1] = 5;
	CHECK(sys_brk(b0) == b0 && sys_brk(b0 + PAGE_SIZE * 3) == b0 + PAGE_SIZE * 3 && b1[-1] == 0,
	      "brk shrinks, regrown memory is zero");

	/* COW isolation and MAP_SHARED */
	uint64_t *priv = malloc(4 * PAGE_SIZE);
	uint64_t *shared = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
				-1, 0);
	priv[0] = 1;
	pid = fork();
	if (pid == 0) {
		priv[0] = 2;
		shared[0] = priv[0] + 40;
		_exit(0);
	}
	waitpid(pid, &st, 0);
	CHECK(priv[0] == 1, "a child's write does not reach the parent (COW)");
	CHECK(shared[0] == 42, "a child's write to MAP_SHARED reaches the parent");
	CHECK(sched_yield() == 0, "sched_yield");
	CHECK(waitpid(-1, &st, 0) == -1 && errno == ECHILD, "wait without children: ECHILD");
	printf("sysmisc: %d failed\n", ktest_failed);
	return ktest_failed;
}
