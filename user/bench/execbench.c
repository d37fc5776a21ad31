/*
 * execbench - fork + execve of a small program, N times.
 *
 * Usage: execbench [small|default [COMMAND [ARGS...]]]; the command
 * defaults to "/true" (the initramfs's). The child execs COMMAND with argv
 * { COMMAND, ARGS..., NULL } and the current environment; the parent
 * waits. The measured region is the fork/exec/wait loop. Check: every
 * child exits with status 0 (a failed execve exits 127); the checksum is
 * the count of those, which must be the number of runs.
 *
 * Sizes: small: 4 runs; default: 200 runs.
 */
#include "libc.h"

#define NAME "execbench"

int main(int argc, char **argv)
{
	int small = bench_small(argc, argv, NAME);
	char *const *cmd = bench_command(argc, argv);
	uint64_t runs = small ? 4 : 200, ok = 0;

	ROI_BEGIN();
	for (uint64_t i = 0; i < runs; i++) {
		pid_t pid = bench_fork(NAME);

		if (pid == 0) {
			execve(cmd[0], cmd, environ);
			printf("%s: execve %s: %s\n", NAME, cmd[0], errno_name(errno));
			_exit(127);
		}
		ok += bench_wait(NAME, pid) == 0;
	}
	ROI_END();

	printf("%s: %lu runs of %s\n", NAME, (unsigned long)runs, cmd[0]);
	return bench_report(NAME, ok, runs);
}
