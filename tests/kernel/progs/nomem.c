/*
 * nomem - allocation beyond memory. A mapping or break larger than the
 * machine's free memory fails with ENOMEM (Linux's overcommit guess);
 * a process that keeps mapping and touching memory gets ENOMEM once it
 * is used up; one whose mappings fit but whose touches do not is killed
 * (SIGKILL, as by Linux's OOM killer); the kernel goes on, and memory can
 * be had again afterwards.
 */
#include "ktest.h"

#define NAME "nomem"
#define CHUNK (8ul << 20)

static unsigned long *hogged;      /* MAP_SHARED: what hog got, in bytes */

static void hog(void)
{
	for (unsigned long total = 0;; total += CHUNK) {
		char *p = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			printf("nomem: hog: mmap failed with errno %d after %lu MiB\n", errno,
			       total >> 20);
			*hogged = total;
			_exit(errno == ENOMEM ? 42 : 1);
		}
		for (unsigned long off = 0; off < CHUNK; off += PAGE_SIZE)
			p[off] = 1;
	}
}

/* Two mappings that each fit in free memory but together do not: the
 * touching faults run out of frames and the kernel kills the process. */
static void overcommit(void)
{
	unsigned long len = (*hogged / 4 * 3) & ~(PAGE_SIZE - 1);
	char *a = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *b = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (a == MAP_FAILED || b == MAP_FAILED)
		_exit(3);
	for (unsigned long off = 0; off < len; off += PAGE_SIZE)
		a[off] = b[off] = 1;
	_exit(4);
}

int main(void)
{
	void *p;

	hogged = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	p = mmap(NULL, 64ul << 30, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int st;

	CHECK(p == MAP_FAILED && errno == ENOMEM, "mmap of 64 GiB: ENOMEM");
	p = mmap(NULL, 1ul << 40, PROT_READ, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(p == MAP_FAILED && errno == ENOMEM, "shared mmap of 1 TiB: ENOMEM");
	CHECK(sbrk(16l << 30) == (void *)-1 && errno == ENOMEM, "sbrk of 16 GiB: ENOMEM");
	CHECK(malloc(32ul << 30) == NULL, "malloc of 32 GiB: NULL");
	st = ktest_in_child(hog);
	CHECK(st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == 42 && *hogged > 0,
	      "a memory hog's mmap fails with ENOMEM when memory is used up");
	st = ktest_in_child(overcommit);
	CHECK(st >= 0 && WIFSIGNALED(st) && WTERMSIG(st) == 9,
	      "touching two mappings larger than memory together: killed (SIGKILL)");
	st = ktest_in_child(hog);
	CHECK(st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == 42,
	      "a hog again: the memory came back, mmap fails with ENOMEM again");
	p = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED && memset(p, 7, CHUNK) && ((char *)p)[CHUNK - 1] == 7,
	      "8 MiB can be mapped and used afterwards");
	printf("nomem: %d failed\n", ktest_failed);
	return ktest_failed;
}
