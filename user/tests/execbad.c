/*
 * execbad - execve must reject what it cannot run, and the caller must
 * carry on.
 *
 * Usage: execbad [BADELF]; BADELF defaults to "/badelf", the malformed
 * ELF file the build puts in the initramfs (a header with the right magic,
 * class and machine that the file cuts off after 48 of its 64 bytes; see
 * user/objects.mk). In a forked child each: execve(BADELF) must fail with
 * ENOEXEC and execve("/no-such-program") with ENOENT; each child exits
 * with execve's errno (and 99 if execve returned without one) and the
 * parent checks it. PASS exits 0.
 */
#include "libc.h"

#define NAME "execbad"

/* Runs execve(path) in a child; 1 if it failed with want. */
static int try_exec(const char *path, int want)
{
	pid_t pid = bench_fork(NAME);
	int st, got;

	if (pid == 0) {
		char *const argv[] = { (char *)path, NULL };

		execve(path, argv, environ);
		_exit(errno > 0 && errno < 99 ? errno : 99);
	}
	if (waitpid(pid, &st, 0) != pid)
		bench_fail(NAME, "wait4: %s", errno_name(errno));
	if (!WIFEXITED(st)) {
		printf("%s: execve %s: child killed by signal %d (expected %s)\n", NAME, path,
		       WTERMSIG(st), errno_name(want));
		return 0;
	}
	got = WEXITSTATUS(st);
	printf("%s: execve %s: %s (expected %s)\n", NAME, path, errno_name(got), errno_name(want));
	return got == want;
}

int main(int argc, char **argv)
{
	const char *bad = argc > 1 ? argv[1] : "/badelf";
	int ok = 1;

	ok &= try_exec(bad, ENOEXEC);
	ok &= try_exec("/no-such-program", ENOENT);
	printf("%s: %s\n", NAME, ok ? "PASS" : "FAIL");
	return !ok;
}
