/*
 * libctest - unit checks of the small libc and of the system calls it
 * wraps, table-driven where it can be: formatted output, strings,
 * malloc/free/realloc/calloc, start-up (argv, envp, auxv), and each
 * system call of the list with Linux's semantics (fork/wait4
 * status words, COW and shared mappings across fork, mprotect, brk, pipes
 * and dup, kill, EBADF/ENOSYS errors). Runs under qemu-riscv64 (the
 * oracle) and, as /libctest in the initramfs, under the project's kernel.
 *
 * Usage: libctest [ARGS...]: prints one line per failed check, then
 * "libctest: N checks, M failed", then PASS or FAIL (exit 0 / 1). The
 * output has no pids or times in it, so two runs print the same.
 */
#include "libc.h"

#define NAME "libctest"

static int checks, failures;

/* Counts a check; prints it when it fails. */
static void check(int ok, const char *what, int line)
{
	checks++;
	if (!ok) {
		failures++;
		printf("%s: FAIL line %d: %s\n", NAME, line, what);
	}
}
#define CHECK(cond) check(!!(cond), #cond, __LINE__)

/* snprintf's output must equal want (and its return value its length). */
static char fmt_buf[256];
#define CHECK_FMT(want, ...)                                                        \
	do {                                                                        \
		int n_ = snprintf(fmt_buf, sizeof(fmt_buf), __VA_ARGS__);           \
		check(!strcmp(fmt_buf, want) && n_ == (int)strlen(want),            \
		      "snprintf(" #__VA_ARGS__ ") == \"" want "\"", __LINE__);      \
		if (strcmp(fmt_buf, want))                                          \
			printf("%s:   got \"%s\"\n", NAME, fmt_buf);                \
	} while (0)

static void test_printf(void)
{
	char small[8];

	CHECK_FMT("42", "%d", 42);
	CHECK_FMT("-42", "%i", -42);
	CHECK_FMT("-2147483648", "%d", (int)0x80000000);
	CHECK_FMT("-9223372036854775808", "%ld", (long)0x8000000000000000UL);
	CHECK_FMT("18446744073709551615", "%lu", ~0UL);
	CHECK_FMT("4294967295", "%u", ~0U);
	CHECK_FMT("ffffffff", "%x", -1);
	CHECK_FMT("DEADBEEF", "%X", 0xdeadbeefU);
	CHECK_FMT("0x1f 0X1F 0", "%#x %#X %#x", 31, 31, 0);
	CHECK_FMT("17 017 0", "%o %#o %#o", 15, 15, 0);
	CHECK_FMT("   42|42   |00042", "%5d|%-5d|%05d", 42, 42, 42);
	CHECK_FMT("-0042|  -42", "%05d|%*d", -42, 5, -42);
	CHECK_FMT("42   |", "%*d|", -5, 42);
	CHECK_FMT("+42 +0 -1| 7", "%+d %+d %+d|% d", 42, 0, -1, 7);
	CHECK_FMT("00042|  042|", "%.5d|%5.3d|", 42, 42);
	CHECK_FMT("|", "%.0d|", 0);
	CHECK_FMT("   12", "%05.2d", 12);       /* '0' ignored with a precision */
	CHECK_FMT("-1 255 -1 65535", "%hhd %hhu %hd %hu", (signed char)-1, (unsigned char)255,
		  (short)-1, (unsigned short)65535);
	CHECK_FMT("1234567890123", "%lld", 1234567890123LL);
	CHECK_FMT("99 5", "%zu %td", (size_t)99, (ptrdiff_t)5);
	CHECK_FMT("abc|  abc|abc  |ab|a", "%s|%5s|%-5s|%.2s|%.*s", "abc", "abc", "abc", "abc", 1,
		  "abc");
	CHECK_FMT("(null)", "%s", (char *)NULL);
	CHECK_FMT("x|  y|z ", "%c|%3c|%-2c", 'x', 'y', 'z');
	CHECK_FMT("0x1000 0x0", "%p %p", (void *)0x1000, (void *)0);
	CHECK_FMT("100%", "100%%");
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wformat"     /* deliberately malformed */
	CHECK_FMT("%q", "%q");
	CHECK_FMT("end%", "end%");
#pragma clang diagnostic pop

	/* truncation: the return value counts what would have been written */
	CHECK(snprintf(small, sizeof(small), "%s", "0123456789") == 10);
	CHECK(!strcmp(small, "0123456"));
	CHECK(snprintf(NULL, 0, "%d", 12345) == 5);
	CHECK(snprintf(small, 1, "abc") == 3 && small[0] == '\0');
}

static void test_strings(void)
{
	char a[32], b[32];
	char *end;

	memset(a, 'x', sizeof(a));
	CHECK(a[0] == 'x' && a[31] == 'x');
	memset(a + 3, 0, 17);                   /* unaligned start, odd length */
	CHECK(a[2] == 'x' && a[3] == 0 && a[19] == 0 && a[20] == 'x');
	for (int i = 0; i < 32; i++)
		a[i] = (char)i;
	memcpy(b, a, 32);
	CHECK(!memcmp(a, b, 32));
	memmove(a + 1, a, 20);                  /* overlapping, forwards */
	CHECK(a[1] == 0 && a[20] == 19 && a[21] == 21);
	memmove(a, a + 1, 20);                  /* overlapping, backwards */
	CHECK(a[0] == 0 && a[19] == 19 && a[20] == 19);
	CHECK(memcmp("ab\x80", "ab\x01", 3) > 0);
	CHECK(memcmp("abc", "abd", 2) == 0);

	CHECK(strlen("") == 0 && strlen("hello") == 5);
	CHECK(strnlen("hello", 3) == 3 && strnlen("hi", 8) == 2);
	CHECK(strcmp("abc", "abc") == 0 && strcmp("abc", "abd") < 0 && strcmp("b", "abc") > 0);
	CHECK(strcmp("ab", "abc") < 0 && strcmp("\xff", "a") > 0);
	CHECK(strncmp("abcX", "abcY", 3) == 0 && strncmp("abcX", "abcY", 4) < 0);
	CHECK(!strcmp(strcpy(b, "copy"), "copy"));
	{
		const char *s = "hello";

		CHECK(strchr(s, 'l') == s + 2 && strrchr(s, 'l') == s + 3);
		CHECK(strchr(s, 'z') == NULL && strchr(s, '\0') == s + 5);
		CHECK(strrchr(s, 'z') == NULL && strrchr(s, 'h') == s);
	}
	CHECK(strtoul("1234", &end, 10) == 1234 && *end == '\0');
	CHECK(strtoul("0x1F!", &end, 0) == 31 && *end == '!');
	CHECK(strtoul("017", NULL, 0) == 15 && strtoul("ff", NULL, 16) == 255);
	CHECK(strtoul("  99z", &end, 0) == 99 && *end == 'z');
	CHECK(atoi("-123") == -123 && atoi("77") == 77);
	CHECK(!strcmp(errno_name(EAGAIN), "EAGAIN") && !strcmp(errno_name(4000), "E?"));
}

static void test_malloc(void)
{
	static const size_t sizes[] = { 0, 1, 15, 16, 17, 100, 4096, 65536, 65537, 1 << 20 };
	enum { N = sizeof(sizes) / sizeof(sizes[0]) };
	unsigned char *p[N], *q;
	int aligned = 1, intact = 1;

	for (int i = 0; i < N; i++) {
		p[i] = malloc(sizes[i]);
		CHECK(p[i] != NULL);
		aligned &= ((uintptr_t)p[i] & 15) == 0;
		memset(p[i], i + 1, sizes[i]);
	}
	for (int i = 0; i < N; i++)
		for (size_t k = 0; k < sizes[i]; k += 7)
			intact &= p[i][k] == i + 1;
	CHECK(aligned);
	CHECK(intact);                          /* no two blocks overlap */
	for (int i = 0; i < N; i++)
		free(p[i]);
	free(NULL);

	/* a freed small block is reused by the next malloc of its class */
	q = malloc(40);
	free(q);
	CHECK(malloc(48) == q);

	/* realloc keeps the contents, growing across the mmap threshold */
	q = malloc(10);
	memcpy(q, "0123456789", 10);
	q = realloc(q, 1000);
	CHECK(q && !memcmp(q, "0123456789", 10));
	q = realloc(q, 200000);
	CHECK(q && !memcmp(q, "0123456789", 10));
	q[199999] = 1;
	q = realloc(q, 16);                     /* shrinking keeps the block */
	CHECK(q && !memcmp(q, "0123456789", 10));
	free(q);
	CHECK((q = realloc(NULL, 32)) != NULL);
	free(q);

	/* calloc zeroes, including a reused dirty block */
	q = malloc(256);
	memset(q, 0xee, 256);
	free(q);
	q = calloc(16, 16);
	intact = q != NULL;
	for (int k = 0; q && k < 256; k++)
		intact &= q[k] == 0;
	CHECK(intact);
	free(q);
	errno = 0;
	CHECK(calloc(~0UL / 2, 4) == NULL && errno == ENOMEM);

	/* churn: many blocks of mixed sizes, freed in an interleaved order */
	{
		static unsigned char *blk[512];
		uint64_t s = 1;
		int ok = 1;

		for (int round = 0; round < 4; round++) {
			for (int i = 0; i < 512; i++) {
				size_t n = 1 + xorshift64(&s) % 3000;

				blk[i] = malloc(n);
				if (!blk[i]) {
					ok = 0;
					break;
				}
				blk[i][0] = blk[i][n - 1] = (unsigned char)i;
			}
			for (int i = round & 1; ok && i < 512; i += 2)
				free(blk[i]);
			for (int i = 1 - (round & 1); ok && i < 512; i += 2)
				free(blk[i]);
		}
		CHECK(ok);
	}
}

static void test_startup(int argc, char **argv)
{
	CHECK(argc >= 1 && argv[0] != NULL && argv[argc] == NULL);
	CHECK(environ != NULL);
	CHECK(__page_size == 4096);
	for (int i = 1; i < argc; i++)
		printf("%s: argv[%d] = \"%s\"\n", NAME, i, argv[i]);
}

/* Forks a child that runs fn and exits with its value; returns the status word. */
static int in_child(int (*fn)(void *), void *arg)
{
	int st = -1;
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn(arg));
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return st;
}

static int child_exit42(void *arg) { return arg ? 0 : 42; }
static int child_write(void *arg) { *(volatile int *)arg = 7; return 0; }
static int child_ppid(void *arg) { return getppid() == *(pid_t *)arg ? 0 : 1; }
static int child_block(void *arg)
{
	char c;

	return (int)read(*(int *)arg, &c, 1);
}

static void test_process(void)
{
	pid_t me = getpid();
	int st, fds[2];
	int *shared, *private;
	pid_t pid;

	CHECK(me > 0 && getppid() >= 0);
	st = in_child(child_exit42, NULL);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 42 && st == 42 << 8);
	CHECK(in_child(child_ppid, &me) == 0);

	/* shared and private anonymous mappings across fork */
	shared = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	private = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(shared != MAP_FAILED && private != MAP_FAILED);
	*shared = *private = 1;
	CHECK(in_child(child_write, shared) == 0 && *shared == 7);
	CHECK(in_child(child_write, private) == 0 && *private == 1);     /* copy-on-write */

	/* mprotect: read-only still reads; a write kills a child by SIGSEGV */
	CHECK(mprotect(private, PAGE_SIZE, PROT_READ) == 0 && *private == 1);
	st = in_child(child_write, private);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
	CHECK(mprotect(private, PAGE_SIZE, PROT_READ | PROT_WRITE) == 0);
	*private = 3;
	CHECK(*private == 3);
	CHECK(munmap(shared, PAGE_SIZE) == 0 && munmap(private, PAGE_SIZE) == 0);
	errno = 0;
	CHECK(mmap(NULL, PAGE_SIZE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 1) == MAP_FAILED &&
	      errno == EINVAL);                 /* an unaligned offset */

	/* brk grows, the new memory is zero and writable, and shrinks back */
	{
		char *old = sbrk(0), *p = sbrk(3 * PAGE_SIZE);

		CHECK(p == old && p != (char *)-1);
		CHECK(p[0] == 0 && p[3 * PAGE_SIZE - 1] == 0);
		p[0] = p[3 * PAGE_SIZE - 1] = 9;
		CHECK(sbrk(-3 * (long)PAGE_SIZE) == p + 3 * PAGE_SIZE && sbrk(0) == old);
	}

	/* malloc copes with a break moved under it: its new blocks miss ours */
	{
		unsigned char *mine = sbrk(PAGE_SIZE), *blk[8];
		int ok = mine != (unsigned char *)-1;

		if (ok)
			memset(mine, 0xab, PAGE_SIZE);
		for (int i = 0; i < 8; i++) {
			blk[i] = malloc(60000);         /* 64 KiB class: the heap grows */
			ok &= blk[i] != NULL;
			if (blk[i])
				memset(blk[i], 0, 60000);
		}
		for (int k = 0; ok && k < (int)PAGE_SIZE; k++)
			ok &= mine[k] == 0xab;
		CHECK(ok);
		for (int i = 0; i < 8; i++)
			free(blk[i]);
	}

	/* pipes, dup and close */
	{
		char buf[8] = { 0 };
		int d;

		CHECK(pipe2(fds, O_CLOEXEC) == 0 && fds[0] != fds[1]);
		d = dup(fds[1]);
		CHECK(d >= 0 && d != fds[0] && d != fds[1]);
		CHECK(write(d, "pipe", 4) == 4 && close(d) == 0);
		CHECK(read(fds[0], buf, sizeof(buf)) == 4 && !memcmp(buf, "pipe", 4));
		close(fds[1]);
		CHECK(read(fds[0], buf, sizeof(buf)) == 0);     /* every writer closed: EOF */
		close(fds[0]);
		errno = 0;
		CHECK(close(fds[0]) == -1 && errno == EBADF);
		errno = 0;
		CHECK(write(1000, "x", 1) == -1 && errno == EBADF);
	}

	/* kill: SIGTERM and SIGKILL end a child blocked in read */
	for (int sig = SIGKILL; sig <= SIGTERM; sig += SIGTERM - SIGKILL) {
		CHECK(pipe(fds) == 0);
		pid = fork();
		if (pid == 0) {
			close(fds[1]);
			_exit(child_block(&fds[0]) == 0 ? 0 : 1);
		}
		CHECK(pid > 0 && kill(pid, sig) == 0);
		CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == sig);
		close(fds[0]);
		close(fds[1]);
	}
	errno = 0;
	CHECK(waitpid(-1, &st, 0) == -1 && errno == ECHILD);
	errno = 0;
	CHECK(kill(0x7ffffff0, SIGTERM) == -1 && errno == ESRCH);
}

static void test_misc(void)
{
	struct utsname u;
	struct timespec t0, t1, nap = { 0, 2000000 };
	long dt;

	CHECK(uname(&u) == 0 && u.sysname[0] && u.machine[0]);
	CHECK(clock_gettime(CLOCK_MONOTONIC, &t0) == 0);
	CHECK(nanosleep(&nap, NULL) == 0);
	CHECK(clock_gettime(CLOCK_MONOTONIC, &t1) == 0);
	dt = (t1.tv_sec - t0.tv_sec) * 1000000000L + (t1.tv_nsec - t0.tv_nsec);
	CHECK(dt >= 2000000);                   /* the 2 ms nap, by the clock */
	CHECK(t0.tv_nsec >= 0 && t0.tv_nsec < 1000000000L);
	CHECK(clock_gettime(CLOCK_REALTIME, &t0) == 0);
	CHECK(sched_yield() == 0);
	CHECK(__syscall(4000, 0, 0, 0, 0, 0, 0) == -ENOSYS);      /* unknown call */
}

int main(int argc, char **argv)
{
	test_startup(argc, argv);
	test_printf();
	test_strings();
	test_malloc();
	test_process();
	test_misc();
	printf("%s: %d checks, %d failed\n", NAME, checks, failures);
	printf("%s: %s\n", NAME, failures ? "FAIL" : "PASS");
	return failures ? 1 : 0;
}
