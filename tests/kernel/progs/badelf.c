/*
 * badelf - execve of files in the initramfs that are not valid programs
 * fails with ENOEXEC (and of a missing one with ENOENT), leaving the
 * caller running; a valid one still works afterwards. The bad files are
 * made by tests/kernel/objects.mk: bad-text (a shell script), bad-trunc
 * (a program cut after 100 bytes), bad-machine (e_machine x86-64),
 * bad-phoff (program headers past the end), bad-seg (a segment larger
 * than the file).
 */
#include "ktest.h"

#define NAME "badelf"

static void exec_fails(const char *path, int err)
{
	char *argv[] = { (char *)path, NULL };
	char what[96];
	int rc = execve(path, argv, environ);

	snprintf(what, sizeof what, "execve %s fails with errno %d (got %d)", path, err,
		 rc == -1 ? errno : 0);
	CHECK(rc == -1 && errno == err, what);
}

int main(void)
{
	char *argv[] = { "true", NULL };
	int st;
	pid_t pid;

	exec_fails("/bad-text", 8);
	exec_fails("/bad-trunc", 8);
	exec_fails("/bad-machine", 8);
	exec_fails("/bad-phoff", 8);
	exec_fails("/bad-seg", 8);
	exec_fails("/no-such-file", ENOENT);
	pid = fork();
	if (pid == 0) {
		execve("/true", argv, environ);
		_exit(99);
	}
	CHECK(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "execve /true still works");
	printf("badelf: %d failed\n", ktest_failed);
	return ktest_failed;
}
