/*
 * init - the first user process (see user/README.md for the contract).
 *
 * Usage: init NAME [ARGS...]. Runs "/NAME" (NAME as given if it contains
 * a '/') in a child with argv { NAME, ARGS... } and the environment init
 * got, waits for it, prints its exit status and exits with it (128 + the
 * signal if it was killed). NAME "all" runs every workload in turn with
 * ARGS and exits with the number that failed; NAME "tests" runs the
 * robustness and libc tests (libctest, badptr all, enomem, execbad,
 * forkbomb) likewise, ARGS ignored. As process 1, init is the
 * parent of every orphan: while it waits it reaps whatever child exits.
 */
#include "libc.h"

static const char *const workloads[] = {
	"gups", "chase", "stream", "forkbench", "execbench",
	"mmapbench", "pagefault", "ctxsw", "mix",
};

/* Runs one program to completion; returns its exit status. */
static int run(const char *name, int argc, char **args)
{
	char path[256], *argv[16];
	int status, n = 0;
	pid_t pid;

	snprintf(path, sizeof(path), strchr(name, '/') ? "%s" : "/%s", name);
	argv[n++] = (char *)name;
	for (int i = 0; i < argc && n < 15; i++)
		argv[n++] = args[i];
	argv[n] = NULL;

	pid = fork();
	if (pid < 0) {
		printf("init: fork: %s\n", errno_name(errno));
		return 126;
	}
	if (pid == 0) {
		execve(path, argv, environ);
		printf("init: execve %s: %s\n", path, errno_name(errno));
		_exit(127);
	}
	/* reap orphans too (wait4 of any child) until the program's turn */
	for (;;) {
		pid_t got = wait4(-1, &status, 0, NULL);

		if (got < 0) {
			printf("init: wait4: %s\n", errno_name(errno));
			return 126;
		}
		if (got == pid)
			break;
	}
	if (WIFSIGNALED(status)) {
		printf("init: %s killed by signal %d\n", name, WTERMSIG(status));
		return 128 + WTERMSIG(status);
	}
	printf("init: %s exited with status %d\n", name, WEXITSTATUS(status));
	return WEXITSTATUS(status);
}

int main(int argc, char **argv)
{
	int failed = 0;

	if (argc < 2) {
		printf("init: usage: init NAME [ARGS...] (NAME a program in /, all or tests)\n");
		return 1;
	}
	if (!strcmp(argv[1], "tests")) {
		static char *all_arg[] = { "all" };
		static const struct {
			const char *name;
			int argc;
			char **argv;
		} tests[] = {
			{ "libctest", 0, NULL }, { "badptr", 1, all_arg }, { "enomem", 0, NULL },
			{ "execbad", 0, NULL },  { "forkbomb", 0, NULL },
		};
		int n = (int)(sizeof(tests) / sizeof(tests[0]));

		for (int i = 0; i < n; i++)
			failed += run(tests[i].name, tests[i].argc, tests[i].argv) != 0;
		printf("init: %d of %d tests failed\n", failed, n);
		return failed;
	}
	if (strcmp(argv[1], "all"))
		return run(argv[1], argc - 2, argv + 2);
	for (unsigned i = 0; i < sizeof(workloads) / sizeof(workloads[0]); i++)
		failed += run(workloads[i], argc - 2, argv + 2) != 0;
	printf("init: %d of %d workloads failed\n", failed,
	       (int)(sizeof(workloads) / sizeof(workloads[0])));
	return failed;
}
