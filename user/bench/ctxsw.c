/*
 * ctxsw - pipe ping-pong between two processes.
 *
 * The parent sends a token v down one pipe; the child reads it, checks it,
 * and sends v + 1 back up the other; the parent checks that and sends
 * v + 2, for N round trips. Each side also reads every page of its own
 * 256 KiB buffer on each turn, so the TLB holds both processes' pages and
 * address-space identifiers matter. The measured region is the ping-pong.
 * Check: the final token is 2N, and the child exits 0 only if every token
 * it saw was the one it expected.
 *
 * Sizes: small: 500 round trips; default: 20000 round trips.
 */
#include "libc.h"

#define NAME "ctxsw"
#define BUF_PAGES 64

static uint64_t buffer[BUF_PAGES * PAGE_SIZE / 8];

/* Reads every page of the buffer once. */
static uint64_t touch(void)
{
	uint64_t s = 0;

	for (uint64_t p = 0; p < BUF_PAGES; p++)
		s += buffer[p * (PAGE_SIZE / 8)];
	return s;
}

static void send(int fd, uint64_t v)
{
	if (write(fd, &v, sizeof(v)) != sizeof(v))
		bench_fail(NAME, "write: errno %d", errno);
}

/* Reads one token; 8-byte pipe writes arrive whole, but read loops anyway. */
static uint64_t recv(int fd)
{
	uint64_t v;
	size_t got = 0;

	while (got < sizeof(v)) {
		ssize_t n = read(fd, (char *)&v + got, sizeof(v) - got);

		if (n <= 0)
			bench_fail(NAME, "read: %s, errno %d", n ? "error" : "end of file", errno);
		got += (size_t)n;
	}
	return v;
}

int main(int argc, char **argv)
{
	int small = bench_small(argc, argv, NAME);
	uint64_t rounds = small ? 500 : 20000, v = 0, junk = 0;
	int down[2], up[2];
	pid_t pid;

	if (pipe(down) || pipe(up))
		bench_fail(NAME, "pipe: errno %d", errno);
	for (uint64_t p = 0; p < BUF_PAGES; p++)
		buffer[p * (PAGE_SIZE / 8)] = p;       /* fault the buffer in */

	pid = bench_fork(NAME);
	if (pid == 0) {
		close(down[1]);
		close(up[0]);
		for (uint64_t i = 0; i < rounds; i++) {
			uint64_t t = recv(down[0]);

			junk += touch();
			if (t != 2 * i)
				_exit(1);
			send(up[1], t + 1);
		}
		_exit(junk == rounds * (BUF_PAGES * (BUF_PAGES - 1) / 2) ? 0 : 2);
	}
	close(down[0]);
	close(up[1]);

	ROI_BEGIN();
	for (uint64_t i = 0; i < rounds; i++) {
		send(down[1], v);
		junk += touch();
		v = recv(up[0]);
		if (v != 2 * i + 1)
			bench_fail(NAME, "round %lu: token %lu", (unsigned long)i, (unsigned long)v);
		v++;
	}
	ROI_END();

	int st = bench_wait(NAME, pid);

	if (st)
		bench_fail(NAME, "child exited %d", st);
	printf("%s: %lu round trips\n", NAME, (unsigned long)rounds);
	return bench_report(NAME, v + junk, 2 * rounds + rounds * (BUF_PAGES * (BUF_PAGES - 1) / 2));
}
