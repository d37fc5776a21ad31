/*
 * mix - a build-like mix of many short processes, two at a time (make -j2).
 *
 * Usage: mix [small|default [COMMAND [ARGS...]]]; the command (default
 * "/true") is what every fourth job execs, as a build runs shell commands.
 * The other jobs are "compiles": the child mallocs an array of m random
 * numbers (m from the job's seed; every eighth job also maps and touches
 * a 1 MiB scratch block), sorts it, checks it is sorted, and sends a
 * record { job, sum + 3 min + 5 max + m } of the sorted array through a
 * pipe before exiting 0. The measured region is the whole build. Check:
 * every job exits 0, and every record matches what the parent computes
 * from the job's random stream directly, without sorting.
 *
 * Sizes: small: 16 jobs; default: 256 jobs.
 */
#include "libc.h"

#define NAME "mix"
#define PARALLEL 2
#define MAX_JOBS 256

struct record {
	uint64_t job, result;
};

static uint64_t job_seed(uint64_t job)
{
	return 0x9e3779b97f4a7c15ULL * (job + 1);
}

static uint64_t job_len(uint64_t *s)
{
	return 500 + xorshift64(s) % 3500;
}

/* Shell sort with Ciura's gaps. */
static void sort(uint64_t *a, uint64_t n)
{
	static const uint64_t gaps[] = { 701, 301, 132, 57, 23, 10, 4, 1 };

	for (unsigned g = 0; g < sizeof(gaps) / sizeof(gaps[0]); g++) {
		uint64_t gap = gaps[g];

		for (uint64_t i = gap; i < n; i++) {
			uint64_t v = a[i], j = i;

			for (; j >= gap && a[j - gap] > v; j -= gap)
				a[j] = a[j - gap];
			a[j] = v;
		}
	}
}

/* A compile job: runs in the child, never returns. */
static _Noreturn void compile(uint64_t job, int out)
{
	uint64_t s = job_seed(job), m = job_len(&s), sum = 0;
	uint64_t *a = malloc(m * sizeof(*a));
	char *names[16];
	struct record rec = { job, 0 };

	if (!a)
		_exit(3);
	for (uint64_t i = 0; i < m; i++)
		a[i] = xorshift64(&s) >> 16;
	/* small, growing allocations, as a compiler's symbol table makes */
	for (int i = 0; i < 16; i++) {
		names[i] = malloc(8);
		if (!names[i])
			_exit(3);
		for (int len = 16; len <= 64 * (i + 1); len *= 2)
			if (!(names[i] = realloc(names[i], (size_t)len)))
				_exit(3);
		snprintf(names[i], 16, "sym%d", i);
	}
	if (job % 8 == 1) {
		char *scratch = malloc(1 << 20);        /* above the mmap threshold */

		if (!scratch)
			_exit(3);
		for (int i = 0; i < (1 << 20); i += PAGE_SIZE)
			scratch[i] = (char)i;
		free(scratch);
	}
	sort(a, m);
	for (uint64_t i = 0; i < m; i++) {
		if (i && a[i - 1] > a[i])
			_exit(4);
		sum += a[i];
	}
	rec.result = sum + 3 * a[0] + 5 * a[m - 1] + m;
	if (write(out, &rec, sizeof(rec)) != sizeof(rec))
		_exit(5);
	for (int i = 0; i < 16; i++)
		free(names[i]);
	free(a);
	_exit(0);
}

/* The parent's prediction of a compile job's result, without sorting. */
static uint64_t predict(uint64_t job)
{
	uint64_t s = job_seed(job), m = job_len(&s), sum = 0, lo = ~0ULL, hi = 0;

	for (uint64_t i = 0; i < m; i++) {
		uint64_t v = xorshift64(&s) >> 16;

		sum += v;
		lo = v < lo ? v : lo;
		hi = v > hi ? v : hi;
	}
	return sum + 3 * lo + 5 * hi + m;
}

static int is_exec_job(uint64_t job)
{
	return job % 4 == 3;
}

/* Reads one record whole (pipe writes of 16 bytes are atomic). */
static void read_record(int fd, struct record *rec)
{
	size_t got = 0;

	while (got < sizeof(*rec)) {
		ssize_t n = read(fd, (char *)rec + got, sizeof(*rec) - got);

		if (n <= 0)
			bench_fail(NAME, "read: errno %d", errno);
		got += (size_t)n;
	}
}

int main(int argc, char **argv)
{
	int small = bench_small(argc, argv, NAME);
	char *const *cmd = bench_command(argc, argv);
	uint64_t jobs = small ? 16 : MAX_JOBS, next = 0, done = 0;
	static uint64_t results[MAX_JOBS], seen[MAX_JOBS];
	struct { pid_t pid; uint64_t job; } running[PARALLEL] = { { 0, 0 } };
	uint64_t checksum = 0, expect = 0;
	int fds[2];

	if (pipe(fds))
		bench_fail(NAME, "pipe: errno %d", errno);

	ROI_BEGIN();
	while (done < jobs) {
		/* start jobs while a slot is free */
		for (int k = 0; k < PARALLEL && next < jobs; k++) {
			if (running[k].pid)
				continue;
			running[k].job = next;
			running[k].pid = bench_fork(NAME);
			if (running[k].pid == 0) {
				if (is_exec_job(next)) {
					execve(cmd[0], cmd, environ);
					printf("%s: execve %s: %s\n", NAME, cmd[0], errno_name(errno));
					_exit(127);
				}
				compile(next, fds[1]);
			}
			next++;
		}
		/* reap one, and take one record for each compile job reaped */
		int st;
		pid_t pid = wait4(-1, &st, 0, NULL);
		int k = 0;

		if (pid < 0)
			bench_fail(NAME, "wait4: errno %d", errno);
		while (k < PARALLEL && running[k].pid != pid)
			k++;
		if (k == PARALLEL)
			bench_fail(NAME, "wait4 returned unknown pid %d", pid);
		if (!WIFEXITED(st) || WEXITSTATUS(st))
			bench_fail(NAME, "job %lu: status 0x%x", (unsigned long)running[k].job, st);
		if (!is_exec_job(running[k].job)) {
			struct record rec;

			read_record(fds[0], &rec);
			if (rec.job >= jobs || seen[rec.job]++)
				bench_fail(NAME, "bad record for job %lu", (unsigned long)rec.job);
			results[rec.job] = rec.result;
		}
		running[k].pid = 0;
		done++;
	}
	ROI_END();

	for (uint64_t j = 0; j < jobs; j++) {
		if (is_exec_job(j))
			continue;
		checksum += results[j];
		expect += predict(j);
	}
	printf("%s: %lu jobs, %d at a time, every 4th an exec of %s\n", NAME,
	       (unsigned long)jobs, PARALLEL, cmd[0]);
	return bench_report(NAME, checksum, expect);
}
