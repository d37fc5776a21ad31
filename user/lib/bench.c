/*
 * bench.c - what every workload shares: the size argument, the checksum
 * report and fork/wait with failure reporting.
 */
#include "libc.h"

int bench_small(int argc, char **argv, const char *name)
{
	if (argc < 2 || !strcmp(argv[1], "default"))
		return 0;
	if (!strcmp(argv[1], "small"))
		return 1;
	dprintf(STDERR_FILENO, "%s: unknown size '%s' (small or default)\n", name, argv[1]);
	exit(2);
}

char *const *bench_command(int argc, char **argv)
{
	static char *const dflt[] = { "/true", NULL };

	return argc > 2 ? argv + 2 : dflt;
}

int bench_report(const char *name, uint64_t checksum, uint64_t expect)
{
	int ok = checksum == expect;

	printf("%s: checksum 0x%016lx expect 0x%016lx %s\n", name,
	       (unsigned long)checksum, (unsigned long)expect, ok ? "PASS" : "FAIL");
	return ok ? 0 : 1;
}

_Noreturn void bench_fail(const char *name, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printf("%s: FAIL: %s\n", name, buf);
	exit(1);
}

pid_t bench_fork(const char *name)
{
	pid_t pid = fork();

	if (pid < 0)
		bench_fail(name, "fork: errno %d", errno);
	return pid;
}

int bench_wait(const char *name, pid_t pid)
{
	int status;
	pid_t got = waitpid(pid, &status, 0);

	if (got < 0)
		bench_fail(name, "wait4(%d): errno %d", pid, errno);
	if (!WIFEXITED(status))
		bench_fail(name, "child %d killed by signal %d", got, WTERMSIG(status));
	return WEXITSTATUS(status);
}
