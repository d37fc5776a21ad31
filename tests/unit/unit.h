/*
 * Shared helpers of the host unit tests (tests/unit/test_*.c): cmocka,
 * the machine layer's headers, a spec-clause macro and a failure counter
 * for table-driven tests.
 *
 * Table-driven tests check every row and report each mismatch with the
 * row's name and the spec clause it checks, then fail once at the end, so
 * that one run shows every broken row.
 */
#ifndef UNIT_H
#define UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "machine.h"

/* A clause of the ISA manual: file under spec/isa/ and section title. */
#define SPEC(file, section) file ": " section

/* Row failures of the running table test. */
struct rowcheck {
	unsigned failures;
};

#define ROW_FAIL(rc, rowname, clause, ...)                                   \
	do {                                                                 \
		(rc)->failures++;                                            \
		print_error("  row \"%s\" [%s]: ", (rowname), (clause));     \
		print_error(__VA_ARGS__);                                    \
		print_error("\n");                                           \
	} while (0)

/* Compares two unsigned 64-bit values of a row; counts and reports a mismatch. */
#define ROW_EQ(rc, rowname, clause, what, got, want)                         \
	do {                                                                 \
		uint64_t got_ = (uint64_t)(got), want_ = (uint64_t)(want);   \
		if (got_ != want_)                                           \
			ROW_FAIL(rc, rowname, clause, "%s = %#llx, want %#llx", \
				 what, (unsigned long long)got_,             \
				 (unsigned long long)want_);                 \
	} while (0)

#define ROW_DONE(rc)                                                         \
	do {                                                                 \
		if ((rc)->failures)                                          \
			fail_msg("%u row check(s) failed", (rc)->failures);  \
	} while (0)

#define MiB (1ull << 20)

/* First thing in main(): line-buffered stdout keeps cmocka's lines and our stderr reports in order. */
static inline void unit_init(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
}

/* A board with ram bytes of RAM on the heap (struct machine is large). */
static inline struct machine *unit_machine_new(uint64_t ram)
{
	struct machine *m = calloc(1, sizeof *m);
	assert_non_null(m);
	assert_int_equal(machine_init(m, ram), ERR_OK);
	return m;
}

static inline void unit_machine_free(struct machine *m)
{
	if (m) {
		machine_free(m);
		free(m);
	}
}

/* cmocka fixtures: *state holds a fresh 64 MiB machine. */
static inline int unit_setup_machine(void **state)
{
	*state = unit_machine_new(64 * MiB);
	return 0;
}

static inline int unit_teardown_machine(void **state)
{
	unit_machine_free(*state);
	*state = NULL;
	return 0;
}

static inline uint64_t unit_rd64(struct machine *m, uint64_t pa)
{
	uint64_t v = 0;
	assert_true(phys_read(m, pa, &v, 8));
	return v;
}

static inline void unit_wr64(struct machine *m, uint64_t pa, uint64_t v)
{
	assert_true(phys_write(m, pa, &v, 8));
}

#endif
