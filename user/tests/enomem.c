/*
 * enomem - allocations far beyond memory must fail with ENOMEM, and the
 * process must carry on afterwards.
 *
 * Usage: enomem [touch [MAX_MIB]].
 * Without arguments (safe anywhere): an anonymous mmap of 1 TiB (beyond
 * RAM, and beyond Sv39's 256 GiB user half), one of 64 GiB (inside the
 * address space, beyond RAM: Linux's overcommit heuristic refuses a
 * mapping larger than RAM + swap), a brk 1 TiB up, malloc and
 * calloc of 1 TiB and of an overflowing count * size must each fail with
 * ENOMEM; then a 1 MiB malloc and a 64 KiB mmap, both touched, must work.
 * "touch" (for the project's kernel, not a host: it takes RAM) maps and
 * touches 4 MiB chunks until mmap fails or MAX_MIB (default 4096) is
 * mapped: PASS if mmap reports ENOMEM first. A kernel that overcommits
 * kills the process at a fault instead, which the test then sees.
 */
#include "libc.h"

#define NAME "enomem"
#define HUGE (1UL << 40)        /* beyond Sv39's user half */
#define BIG (1UL << 36)         /* within it, beyond any RAM here */
#define CHUNK (4UL << 20)

static int expect_enomem(const char *what, int failed)
{
	int ok = failed && errno == ENOMEM;

	printf("%s: %s: %s (%s)\n", NAME, what, failed ? "failed" : "succeeded",
	       failed ? errno_name(errno) : "expected ENOMEM");
	return ok;
}

static int touch_until_enomem(unsigned long max_mib)
{
	unsigned long mapped = 0;

	while (mapped < max_mib << 20) {
		char *p = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED) {
			printf("%s: touch: mmap failed with %s after %lu MiB\n", NAME,
			       errno_name(errno), mapped >> 20);
			return errno == ENOMEM;
		}
		for (unsigned long i = 0; i < CHUNK; i += PAGE_SIZE)
			p[i] = 1;
		mapped += CHUNK;
	}
	printf("%s: touch: %lu MiB mapped and touched without ENOMEM\n", NAME, mapped >> 20);
	return 0;
}

int main(int argc, char **argv)
{
	int ok = 1;
	char *p;

	if (argc > 1 && !strcmp(argv[1], "touch")) {
		ok = touch_until_enomem(argc > 2 ? strtoul(argv[2], NULL, 0) : 4096);
		printf("%s: %s\n", NAME, ok ? "PASS" : "FAIL");
		return !ok;
	}
	errno = 0;
	ok &= expect_enomem("mmap of 1 TiB",
			    mmap(NULL, HUGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
				 -1, 0) == MAP_FAILED);
	errno = 0;
	ok &= expect_enomem("mmap of 64 GiB",
			    mmap(NULL, BIG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
				 -1, 0) == MAP_FAILED);
	errno = 0;
	ok &= expect_enomem("brk 1 TiB up", sbrk((long)HUGE) == (void *)-1);
	errno = 0;
	ok &= expect_enomem("malloc of 1 TiB", malloc(HUGE) == NULL);
	errno = 0;
	ok &= expect_enomem("calloc of 2^33 x 2^33 bytes", calloc(1UL << 33, 1UL << 33) == NULL);

	p = malloc(1 << 20);
	if (p) {
		memset(p, 0x5a, 1 << 20);
		ok &= p[12345] == 0x5a;
		free(p);
	}
	printf("%s: malloc of 1 MiB afterwards: %s\n", NAME, p ? "ok" : errno_name(errno));
	p = mmap(NULL, 64 << 10, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p != MAP_FAILED) {
		p[0] = p[(64 << 10) - 1] = 1;
		munmap(p, 64 << 10);
	}
	printf("%s: mmap of 64 KiB afterwards: %s\n", NAME,
	       p != MAP_FAILED ? "ok" : errno_name(errno));
	ok &= p != NULL && p != MAP_FAILED;
	printf("%s: %s\n", NAME, ok ? "PASS" : "FAIL");
	return !ok;
}
