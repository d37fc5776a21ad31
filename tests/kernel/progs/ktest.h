/*
 * ktest.h - a few lines shared by the kernel's robustness programs: each
 * check prints "NAME: ok WHAT" or "NAME: FAIL WHAT" and is counted; the
 * program exits with the number that failed, so run.sh sees both the
 * lines and /init's status.
 */
#ifndef KTEST_H
#define KTEST_H

#include "libc.h"

static int ktest_failed __attribute__((unused));

static inline void ktest_check(const char *prog, int cond, const char *what)
{
	printf("%s: %s %s\n", prog, cond ? "ok" : "FAIL", what);
	if (!cond)
		ktest_failed++;
}
#define CHECK(cond, what) ktest_check(NAME, (cond), (what))

/* Run fn in a child; its wait status (or -1 if fork failed). */
static inline int ktest_in_child(void (*fn)(void))
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		fn();
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

#endif
