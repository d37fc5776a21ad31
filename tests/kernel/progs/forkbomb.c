/*
 * forkbomb - every process forks as fast as it can (children too) and
 * then waits on a pipe; fork must fail with EAGAIN at the kernel's
 * process limit (maxprocs=N), not exhaust memory or crash. After the
 * pipe is closed all exit, and fork works again; a second bomb makes as
 * many processes in all as the first (orphans do not hold process slots).
 * How they split between children and grandchildren depends on where the
 * timer preempts, which is not deterministic on QEMU: only the totals
 * compare.
 */
#include "ktest.h"

#define NAME "forkbomb"

/* One bomb; returns how many processes it made (children and grandchildren). */
static int bomb(void)
{
	int hold[2], report[2], st;
	int made = 0, eagain = 0, other = 0, reaped = 0, total;
	char c, r[2];
	pid_t pid;

	CHECK(pipe(hold) == 0 && pipe(report) == 0, "pipes");
	for (;;) {
		pid = fork();
		if (pid == 0) {
			/* a child keeps forking too: the bomb */
			made = 0;
			while (made < 4 && (pid = fork()) > 0)
				made++;
			if (pid == 0) {
				close(hold[1]);
				read(hold[0], &c, 1);
				_exit(0);
			}
			r[0] = pid < 0 && errno == EAGAIN ? 'A' : pid < 0 ? 'E' : 'n';
			r[1] = (char)made;
			write(report[1], r, 2);
			close(hold[1]);
			read(hold[0], &c, 1);          /* blocks until the parent closes */
			_exit(0);
		}
		if (pid < 0)
			break;
		made++;
	}
	CHECK(errno == EAGAIN, "fork fails with EAGAIN at the limit");
	CHECK(made > 0, "some forks succeeded");
	/* each direct child reports how its own forking ended, and its count */
	total = made;
	for (int i = 0; i < made; i++) {
		if (read(report[0], r, 2) != 2)
			break;
		eagain += r[0] == 'A';
		other += r[0] == 'E';
		total += r[1];
	}
	printf("forkbomb: %d processes before the limit\n", total);
	CHECK(eagain > 0 && other == 0, "children hit the limit with EAGAIN too");
	close(hold[1]);
	close(hold[0]);
	while ((pid = wait4(-1, &st, 0, NULL)) > 0)
		reaped++;
	CHECK(reaped == made && errno == ECHILD, "all direct children reaped, then ECHILD");
	close(report[0]);
	close(report[1]);
	return total;
}

int main(void)
{
	int first, second, st;
	pid_t pid;

	first = bomb();
	/* orphaned grandchildren are freed too: the same room a second time,
	 * once they have run to their exit (give them time slices) */
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	for (int i = 0; i < 4; i++)
		nanosleep(&ts, NULL);
	second = bomb();
	CHECK(first == second, "a second bomb makes as many processes (no process slots leaked)");
	pid = fork();
	if (pid == 0)
		_exit(7);
	CHECK(pid > 0 && waitpid(pid, &st, 0) == pid && WEXITSTATUS(st) == 7,
	      "fork works again afterwards");
	printf("forkbomb: %d failed\n", ktest_failed);
	return ktest_failed;
}
