/*
 * forkbomb - fork until fork fails, then let every child go.
 *
 * Usage: forkbomb [MAX]. The parent forks children that each block
 * reading a pipe, so all of them are alive at once, until fork fails or
 * MAX children (default 4096) exist. One fork at a time: each child says
 * it is up (a byte through a pipe of its own) before the next fork, so the
 * count is the same on every run and a child that dies at birth is seen
 * at once (its pipe reads end-of-file). It prints how many forks succeeded
 * and fork's errno, closes the pipe (every child reads end-of-file and
 * exits 0), reaps them all, and forks once more to show the limit was
 * released. PASS (exit 0) needs: fork failed with EAGAIN (Linux's answer
 * at RLIMIT_NPROC or the process table's limit), at least one fork
 * succeeded, every child exited 0, and the last fork worked.
 */
#include "libc.h"

#define NAME "forkbomb"

int main(int argc, char **argv)
{
	unsigned long max = argc > 1 ? strtoul(argv[1], NULL, 0) : 4096, n = 0, reaped = 0;
	int fds[2], err = 0, bad = 0, st;
	pid_t pid;

	if (pipe(fds))
		bench_fail(NAME, "pipe: %s", errno_name(errno));
	while (n < max) {
		int up[2];
		char c = 'u';

		if (pipe(up))
			bench_fail(NAME, "pipe after %lu forks: %s", n, errno_name(errno));
		pid = fork();
		if (pid < 0) {
			err = errno;
			close(up[0]);
			close(up[1]);
			break;
		}
		if (pid == 0) {
			close(fds[1]);
			close(up[0]);
			if (write(up[1], &c, 1) != 1)
				_exit(4);
			close(up[1]);
			_exit(read(fds[0], &c, 1) == 0 ? 0 : 3);   /* EOF: released */
		}
		n++;
		close(up[1]);
		if (read(up[0], &c, 1) != 1)
			bench_fail(NAME, "child %lu died before it was up", n);
		close(up[0]);
	}
	if (err)
		printf("%s: %lu forks, then fork failed with errno %d (%s)\n", NAME, n, err,
		       errno_name(err));
	else
		printf("%s: %lu forks without reaching a limit\n", NAME, n);

	close(fds[1]);
	close(fds[0]);
	while ((pid = wait4(-1, &st, 0, NULL)) > 0) {
		reaped++;
		bad += !WIFEXITED(st) || WEXITSTATUS(st) != 0;
	}
	if (errno != ECHILD)
		bench_fail(NAME, "wait4: %s", errno_name(errno));
	printf("%s: reaped %lu children, %d of them unclean\n", NAME, reaped, bad);

	pid = fork();
	if (pid == 0)
		_exit(7);
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 7)
		bench_fail(NAME, "fork after the children exited: %s",
			   pid < 0 ? errno_name(errno) : "bad status");

	if (err != EAGAIN || n == 0 || reaped != n || bad)
		bench_fail(NAME, "expected EAGAIN after >= 1 fork and %lu clean exits", n);
	printf("%s: PASS\n", NAME);
	return 0;
}
