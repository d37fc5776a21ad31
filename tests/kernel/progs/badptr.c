/*
 * badptr - bad user pointers. A process that dereferences a bad pointer
 * (NULL, a kernel address, a store to its own text, a jump to nowhere)
 * is killed with SIGSEGV and a console message (PROT_NONE pages too, which
 * keep their data), and the kernel goes on;
 * a system call given a bad pointer fails with EFAULT; an unknown system
 * call number fails with ENOSYS.
 */
#include "ktest.h"

#define NAME "badptr"

static void load_null(void) { printf("badptr: read %lu\n", *(volatile unsigned long *)0); }
static void store_kernel(void) { *(volatile unsigned long *)0xffffffc000200000ul = 1; }
static void store_text(void) { *(volatile unsigned *)(void *)&load_null = 0; }
static void jump_nowhere(void) { ((void (*)(void))0x3000000000ul)(); }
static void store_unmapped(void)
{
	char *p = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	p[0] = 1;
	munmap(p, PAGE_SIZE);
	p[0] = 2;                      /* unmapped now: the TLB must not remember */
}
static void store_readonly(void)
{
	char *p = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	p[0] = 1;
	mprotect(p, PAGE_SIZE, PROT_READ);
	p[0] = 2;                      /* read-only now */
}

static void load_protnone(void)
{
	char *p = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	p[0] = 1;
	mprotect(p, PAGE_SIZE, PROT_NONE);
	printf("badptr: read %d\n", *(volatile char *)p);
}

/* PROT_NONE keeps the page: it comes back with its data, in a fork too. */
static int protnone_keeps_data(void)
{
	unsigned long *p = mmap(NULL, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int st;
	pid_t pid;

	p[0] = 0x1234;
	p[PAGE_SIZE / 8] = 0x5678;
	if (mprotect(p, 2 * PAGE_SIZE, PROT_NONE))
		return 0;
	pid = fork();
	if (pid == 0) {
		mprotect(p, 2 * PAGE_SIZE, PROT_READ);
		_exit(p[0] == 0x1234 && p[PAGE_SIZE / 8] == 0x5678 ? 0 : 1);
	}
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
		return 0;
	if (mprotect(p, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE))
		return 0;
	p[0]++;
	return p[0] == 0x1235 && p[PAGE_SIZE / 8] == 0x5678 && munmap(p, 2 * PAGE_SIZE) == 0;
}

static void killed_by_segv(void (*fn)(void), const char *what)
{
	int st = ktest_in_child(fn);

	CHECK(st >= 0 && WIFSIGNALED(st) && WTERMSIG(st) == 11, what);
}

int main(void)
{
	int fds[2];
	char buf[16];

	killed_by_segv(load_null, "load from NULL: SIGSEGV");
	killed_by_segv(store_kernel, "store to a kernel address: SIGSEGV");
	killed_by_segv(store_text, "store to own text: SIGSEGV");
	killed_by_segv(jump_nowhere, "jump to an unmapped address: SIGSEGV");
	killed_by_segv(store_unmapped, "store after munmap: SIGSEGV");
	killed_by_segv(store_readonly, "store after mprotect(PROT_READ): SIGSEGV");
	killed_by_segv(load_protnone, "load after mprotect(PROT_NONE): SIGSEGV");
	CHECK(protnone_keeps_data(), "PROT_NONE and back keeps the data (parent and fork child)");

	CHECK(write(1, (void *)8, 4) == -1 && errno == EFAULT, "write from NULL+8: EFAULT");
	CHECK(write(1, (void *)0xffffffff80200000ul, 4) == -1 && errno == EFAULT,
	      "write from the kernel image: EFAULT");
	CHECK(pipe((int *)0x3000000000ul) == -1 && errno == EFAULT, "pipe to unmapped: EFAULT");
	CHECK(pipe(fds) == 0, "pipe");
	CHECK(write(fds[1], "abcd", 4) == 4, "pipe write");
	CHECK(read(fds[0], (void *)&main, 4) == -1 && errno == EFAULT,
	      "read into own text: EFAULT");
	CHECK(read(fds[0], buf, 4) == 4 && !memcmp(buf, "abcd", 4), "pipe data intact after EFAULT");
	CHECK(execve((char *)0x10, NULL, NULL) == -1 && errno == EFAULT, "execve bad path: EFAULT");
	CHECK(clock_gettime(CLOCK_MONOTONIC, (void *)0xfff0) == -1 && errno == EFAULT,
	      "clock_gettime to unmapped: EFAULT");
	CHECK(__syscall(999, 0, 0, 0, 0, 0, 0) == -ENOSYS, "syscall 999: ENOSYS");
	CHECK(__syscall(56 /* openat */, 0, 0, 0, 0, 0, 0) == -ENOSYS, "openat: ENOSYS");
	/* still alive and able to run programs */
	killed_by_segv(load_null, "a second fault after all that: SIGSEGV");
	printf("badptr: %d failed\n", ktest_failed);
	return ktest_failed;
}
