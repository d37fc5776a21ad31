/*
 * counters - Zicntr and the machine counters: mcycle/minstret/cycle/
 * instret/time readable and increasing, cycle/instret/time as shadows of
 * mcycle/minstret/mtime, writes to mcycle/minstret, the user counters
 * read-only, and mcounteren/scounteren gating cycle/time/instret in S and
 * U (illegal instruction when the bit is clear).
 *
 * Writing minstret and reading it back does not give the exact value on
 * QEMU (QEMU-DEVIATIONS.md), so only "at least the written value and not
 * far above" is checked.
 */
#include "common/test.h"

const char test_name[] = "counters";

#define C_ZICNTR "counters.adoc: \"Zicntr\" Extension for Base Counters and Timers"
#define C_HPM "machine.adoc: Hardware Performance Monitor"
#define C_MCEN "machine.adoc: Machine Counter-Enable (`mcounteren`) Register"
#define C_SCEN "supervisor.adoc: Counter-Enable (`scounteren`) Register"
#define C_CSRMAP "priv-csrs.adoc: CSR Address Mapping Conventions"

#define CY 1UL
#define TM 2UL
#define IR 4UL

static void spin(int n)
{
	for (volatile int i = 0; i < n; i++)
		;
}

static void test_increasing(void)
{
	uint64_t c0 = csr_read(mcycle), i0 = csr_read(minstret);
	uint64_t uc0 = csr_read(cycle), ui0 = csr_read(instret);
	spin(100);
	uint64_t c1 = csr_read(mcycle), i1 = csr_read(minstret);
	uint64_t uc1 = csr_read(cycle), ui1 = csr_read(instret);
	CHECK_W(c1 > c0, "mcycle increases", C_HPM);
	CHECK_W(i1 > i0 + 100, "minstret increases (>100 instructions run)",
		C_HPM);
	CHECK_W(uc1 > uc0, "cycle increases", C_ZICNTR);
	CHECK_W(ui1 > ui0 + 100, "instret increases", C_ZICNTR);

	uint64_t t0 = csr_read(time), t1 = t0;
	for (int i = 0; i < 10000000 && t1 == t0; i++)
		t1 = csr_read(time);
	CHECK_W(t1 > t0, "time increases", C_ZICNTR);

	/* Shadows: cycle/instret/time between two reads of the original. */
	uint64_t a, b, v;
	a = csr_read(mcycle);
	v = csr_read(cycle);
	b = csr_read(mcycle);
	CHECK_W(a <= v && v <= b, "cycle shadows mcycle", C_MCEN);
	a = csr_read(minstret);
	v = csr_read(instret);
	b = csr_read(minstret);
	CHECK_W(a <= v && v <= b, "instret shadows minstret", C_MCEN);
	a = mmio_read64(CLINT_MTIME);
	v = csr_read(time);
	b = mmio_read64(CLINT_MTIME);
	CHECK_W(a <= v && v <= b, "time shadows the CLINT mtime", C_MCEN);
}

static void test_writes(void)
{
	const uint64_t v = 1UL << 40;
	csr_write(mcycle, v);
	uint64_t c = csr_read(mcycle);
	CHECK_W(c >= v && c < v + 100000, "mcycle takes the written value",
		C_HPM);
	csr_write(minstret, v);
	uint64_t i = csr_read(minstret);
	CHECK_W(i >= v && i < v + 100000,
		"minstret takes the written value (not checked exactly)",
		C_HPM);
	spin(10);
	CHECK_W(csr_read(mcycle) > c, "mcycle counts on after a write", C_HPM);
	CHECK_W(csr_read(minstret) > i, "minstret counts on after a write",
		C_HPM);
}

#define DEF_RD(csr)                                                       \
	static uint64_t rd_##csr(uint64_t unused)                         \
	{                                                                 \
		uint64_t v;                                               \
		(void)unused;                                             \
		asm volatile("csrr %0, " #csr : "=r"(v)::"memory");       \
		return v;                                                 \
	}
DEF_RD(cycle)
DEF_RD(time)
DEF_RD(instret)

#define DEF_WR(csr)                                                       \
	static uint64_t wr_##csr(uint64_t unused)                         \
	{                                                                 \
		(void)unused;                                             \
		asm volatile("csrw " #csr ", x0" ::: "memory");           \
		return 0;                                                 \
	}
DEF_WR(cycle)
DEF_WR(time)
DEF_WR(instret)

struct counter {
	const char *name;
	uint64_t bit;
	uint64_t (*rd)(uint64_t);
	uint64_t (*wr)(uint64_t);
};
static const struct counter counters[] = {
	{"cycle", CY, rd_cycle, wr_cycle},
	{"time", TM, rd_time, wr_time},
	{"instret", IR, rd_instret, wr_instret},
};

/* 1 if reading c in prv trapped with an illegal instruction. */
static int read_traps(const struct counter *c, int prv)
{
	trap_arm();
	run_lower(prv, c->rd, 0);
	trap_armed = 0;
	return trap.taken == 1 && trap.cause == CAUSE_ILLEGAL;
}

static void report(const struct counter *c, const char *what, int ok,
		   const char *clause)
{
	if (!CHECK_W(ok, what, clause)) {
		puts("  counter: ");
		puts(c->name);
		puts("\n");
	}
}

static void test_gating(void)
{
	csr_write(mcounteren, CY | TM | IR);
	csr_write(scounteren, CY | TM | IR);
	CHECK_EQ_W(csr_read(mcounteren) & 7, 7, "mcounteren holds CY/TM/IR",
		   C_MCEN);
	CHECK_EQ_W(csr_read(scounteren) & 7, 7, "scounteren holds CY/TM/IR",
		   C_SCEN);

	for (unsigned k = 0; k < sizeof counters / sizeof counters[0]; k++) {
		const struct counter *c = &counters[k];
		uint64_t others = (CY | TM | IR) & ~c->bit;

		/* mcounteren bit clear: S and U trap, whatever scounteren. */
		csr_write(mcounteren, others);
		csr_write(scounteren, CY | TM | IR);
		report(c, "S read traps when mcounteren bit is 0",
		       read_traps(c, PRV_S), C_MCEN);
		report(c, "U read traps when mcounteren bit is 0",
		       read_traps(c, PRV_U), C_MCEN " / " C_SCEN);

		/* mcounteren set, scounteren clear: S reads, U traps. */
		csr_write(mcounteren, CY | TM | IR);
		csr_write(scounteren, others);
		report(c, "S read allowed when mcounteren bit is 1",
		       !read_traps(c, PRV_S), C_MCEN);
		report(c, "U read traps when scounteren bit is 0",
		       read_traps(c, PRV_U), C_SCEN);

		/* Both set: U reads, and the value is the live counter. */
		csr_write(scounteren, CY | TM | IR);
		uint64_t before = c->bit == TM ? mmio_read64(CLINT_MTIME)
			       : c->bit == CY ? csr_read(mcycle)
					      : csr_read(minstret);
		trap_arm();
		uint64_t v = run_lower(PRV_U, c->rd, 0);
		trap_armed = 0;
		report(c, "U read allowed when both bits are 1",
		       trap.taken == 0 && v >= before, C_SCEN);

		/* The user counters are read-only, also in M. */
		trap_arm();
		c->wr(0);
		trap_armed = 0;
		report(c, "writing the user counter is illegal",
		       trap.taken == 1 && trap.cause == CAUSE_ILLEGAL, C_CSRMAP);
	}
	csr_write(mcounteren, 0);
	csr_write(scounteren, 0);
}

int main(void)
{
	test_increasing();
	test_writes();
	test_gating();
	return test_done();
}
