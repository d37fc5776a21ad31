/*
 * The timing model's configuration (emu/timing_config.c, contract in
 * emu/timing.h): configs/default.ini parses to exactly the built-in
 * defaults; every key overrides its field and nothing else; every class of
 * bad input gives one line "FILE:LINE: what is wrong" and leaves the
 * configuration untouched; cache sizes take K and M; timing_config_check
 * accepts the defaults and rejects each inconsistent geometry.
 *
 * Each input is written to its own temporary file. Table tests report every
 * failing row, then fail once (tests/unit/unit.h).
 */
#include <errno.h>
#include <unistd.h>

#include "unit.h"
#include "timing.h"

#define C_CONTRACT "emu/timing.h: timing_config_load"
#define C_CHECK    "emu/timing.h: timing_config_check"
#define C_DEFAULTS "configs/default.ini: parses to timing_config_defaults()"

#define NROWS(t) (sizeof(t) / sizeof((t)[0]))
#define TC(field) offsetof(struct timing_config, field)

/* ---- helpers ---------------------------------------------------------------- */

/* configs/default.ini, found from this file's path (tests/unit/...). */
static void default_ini_path(char *buf, size_t len)
{
	const char *self = __FILE__;
	const char *at = strstr(self, "tests/unit/");
	int n = at ? (int)(at - self) : 0;
	snprintf(buf, len, "%.*sconfigs/default.ini", n, self);
}

/* Writes text to a new temporary .ini file; its path goes to path. */
static void write_temp(char *path, size_t len, const char *text)
{
	snprintf(path, len, "/tmp/hmvirt-cfg-XXXXXX.ini");
	int fd = mkstemps(path, 4);
	assert_true(fd >= 0);
	size_t n = strlen(text);
	assert_int_equal(write(fd, text, n), (ssize_t)n);
	assert_int_equal(close(fd), 0);
}

/* Loads text (through a temporary file) over *c; returns the rc, err filled. */
static int load_text(struct timing_config *c, const char *text, char *path, size_t plen,
		     char *err, size_t errlen)
{
	write_temp(path, plen, text);
	int rc = timing_config_load(c, path, err, errlen);
	unlink(path);
	return rc;
}

/* Every numeric field of struct timing_config, with its INI name. */
static const struct field {
	const char *name;
	size_t off;
} fields[] = {
	{ "core.mul_latency", TC(mul_latency) }, { "core.div_latency", TC(div_latency) },
	{ "core.trap_entry", TC(trap_entry) }, { "core.xret", TC(xret) },
#define TLB_FIELDS(s)                                                          \
	{ #s ".entries", TC(s.entries) }, { #s ".ways", TC(s.ways) },          \
	{ #s ".latency", TC(s.latency) }, { #s ".replacement", TC(s.repl) }
	TLB_FIELDS(itlb), TLB_FIELDS(dtlb), TLB_FIELDS(l2tlb), TLB_FIELDS(pwc), TLB_FIELDS(ntlb),
#define CACHE_FIELDS(s)                                                        \
	{ #s ".size", TC(s.size) }, { #s ".ways", TC(s.ways) },                \
	{ #s ".line", TC(s.line) }, { #s ".latency", TC(s.latency) },          \
	{ #s ".replacement", TC(s.repl) }
	CACHE_FIELDS(l1i), CACHE_FIELDS(l1d), CACHE_FIELDS(l2),
	{ "dram.latency", TC(dram_latency) },
};

/* The value of a field (every field is an unsigned or an enum of its size). */
static unsigned field_get(const struct timing_config *c, size_t off)
{
	unsigned v;
	memcpy(&v, (const char *)c + off, sizeof v);
	return v;
}

static void field_set(struct timing_config *c, size_t off, unsigned v)
{
	memcpy((char *)c + off, &v, sizeof v);
}

/* Compares every field of got with want; reports each difference under rowname. */
static void config_compare(struct rowcheck *rc, const char *rowname, const char *clause,
			   const struct timing_config *got, const struct timing_config *want)
{
	_Static_assert(sizeof(enum repl) == sizeof(unsigned), "enum repl is read as unsigned");
	if (strcmp(got->core, want->core))
		ROW_FAIL(rc, rowname, clause, "core.name = '%s', want '%s'", got->core, want->core);
	for (size_t i = 0; i < NROWS(fields); i++)
		ROW_EQ(rc, rowname, clause, fields[i].name, field_get(got, fields[i].off),
		       field_get(want, fields[i].off));
}

/* ---- the defaults ------------------------------------------------------------- */

/* The file sets every key (loaded over a poisoned struct) to the built-in value. */
static void test_default_ini_is_defaults(void **state)
{
	struct rowcheck rc = { 0 };
	struct timing_config want, got;
	char path[512], err[512];

	timing_config_defaults(&want);
	assert_int_equal(timing_config_check(&want, err, sizeof err), 0);

	default_ini_path(path, sizeof path);
	memset(&got, 0x5a, sizeof got);
	got.core[sizeof got.core - 1] = '\0';
	/* poison passes the geometry check only if the file sets every key */
	if (timing_config_load(&got, path, err, sizeof err) != 0)
		fail_msg("%s: %s", path, err);
	config_compare(&rc, "default.ini over poison", C_DEFAULTS, &got, &want);

	/* and over the defaults themselves, nothing changes */
	timing_config_defaults(&got);
	assert_int_equal(timing_config_load(&got, path, err, sizeof err), 0);
	config_compare(&rc, "default.ini over defaults", C_DEFAULTS, &got, &want);
	ROW_DONE(&rc);
}

/* ---- overrides ------------------------------------------------------------------- */

/* One key set by a one-key file, and the value the field must take. */
static const struct override {
	const char *section, *key, *value;
	size_t off;
	unsigned want;
} overrides[] = {
	{ "core", "mul_latency", "2", TC(mul_latency), 2 },
	{ "core", "div_latency", "33", TC(div_latency), 33 },
	{ "core", "trap_entry", "10", TC(trap_entry), 10 },
	{ "core", "xret", "0", TC(xret), 0 },
	{ "itlb", "entries", "64", TC(itlb.entries), 64 },
	{ "itlb", "ways", "16", TC(itlb.ways), 16 },
	{ "itlb", "latency", "3", TC(itlb.latency), 3 },
	{ "itlb", "replacement", "fifo", TC(itlb.repl), REPL_FIFO },
	{ "dtlb", "entries", "128", TC(dtlb.entries), 128 },
	{ "dtlb", "ways", "8", TC(dtlb.ways), 8 },
	{ "dtlb", "latency", "1", TC(dtlb.latency), 1 },
	{ "dtlb", "replacement", "random", TC(dtlb.repl), REPL_RANDOM },
	{ "l2tlb", "entries", "0", TC(l2tlb.entries), 0 },
	{ "l2tlb", "ways", "2", TC(l2tlb.ways), 2 },
	{ "l2tlb", "latency", "5", TC(l2tlb.latency), 5 },
	{ "l2tlb", "replacement", "fifo", TC(l2tlb.repl), REPL_FIFO },
	{ "pwc", "entries", "0", TC(pwc.entries), 0 },
	{ "pwc", "ways", "2", TC(pwc.ways), 2 },
	{ "pwc", "latency", "3", TC(pwc.latency), 3 },
	{ "pwc", "replacement", "random", TC(pwc.repl), REPL_RANDOM },
	{ "ntlb", "entries", "256", TC(ntlb.entries), 256 },
	{ "ntlb", "ways", "64", TC(ntlb.ways), 64 },
	{ "ntlb", "latency", "7", TC(ntlb.latency), 7 },
	{ "ntlb", "replacement", "fifo", TC(ntlb.repl), REPL_FIFO },
	{ "l1i", "size", "64K", TC(l1i.size), 64u << 10 },
	{ "l1i", "ways", "4", TC(l1i.ways), 4 },
	{ "l1i", "line", "32", TC(l1i.line), 32 },
	{ "l1i", "latency", "2", TC(l1i.latency), 2 },
	{ "l1i", "replacement", "lru", TC(l1i.repl), REPL_LRU },
	{ "l1d", "size", "16384", TC(l1d.size), 16u << 10 },
	{ "l1d", "ways", "2", TC(l1d.ways), 2 },
	{ "l1d", "line", "128", TC(l1d.line), 128 },
	{ "l1d", "latency", "4", TC(l1d.latency), 4 },
	{ "l1d", "replacement", "fifo", TC(l1d.repl), REPL_FIFO },
	{ "l2", "size", "1M", TC(l2.size), 1u << 20 },
	{ "l2", "ways", "8", TC(l2.ways), 8 },
	{ "l2", "line", "128", TC(l2.line), 128 },
	{ "l2", "latency", "30", TC(l2.latency), 30 },
	{ "l2", "replacement", "lru", TC(l2.repl), REPL_LRU },
	{ "dram", "latency", "250", TC(dram_latency), 250 },
};

/* Each key changes its own field and no other; the rest keeps the defaults. */
static void test_each_key_overrides(void **state)
{
	struct rowcheck rc = { 0 };
	char text[256], path[64], err[512], row[64];

	for (size_t i = 0; i < NROWS(overrides); i++) {
		const struct override *o = &overrides[i];
		struct timing_config got, want;
		timing_config_defaults(&got);
		timing_config_defaults(&want);
		field_set(&want, o->off, o->want);
		snprintf(text, sizeof text, "; one key\n[%s]\n%s = %s\n", o->section, o->key, o->value);
		snprintf(row, sizeof row, "[%s] %s = %s", o->section, o->key, o->value);
		if (load_text(&got, text, path, sizeof path, err, sizeof err) != 0) {
			ROW_FAIL(&rc, row, C_CONTRACT, "rejected: %s", err);
			continue;
		}
		config_compare(&rc, row, C_CONTRACT, &got, &want);
	}

	/* the name: free text, inih trims the spaces around it */
	struct timing_config got, want;
	timing_config_defaults(&got);
	timing_config_defaults(&want);
	snprintf(want.core, sizeof want.core, "%s", "T-Head C910 (guess)");
	if (load_text(&got, "[core]\nname =   T-Head C910 (guess)  \n", path, sizeof path, err,
		      sizeof err) != 0)
		ROW_FAIL(&rc, "[core] name", C_CONTRACT, "rejected: %s", err);
	else
		config_compare(&rc, "[core] name", C_CONTRACT, &got, &want);
	ROW_DONE(&rc);
}

/* A file with a few keys in a few sections keeps every other default, and
 * a key given twice takes its last value. */
static void test_partial_file_keeps_defaults(void **state)
{
	struct rowcheck rc = { 0 };
	struct timing_config got, want;
	char path[64], err[512];

	timing_config_defaults(&got);
	timing_config_defaults(&want);
	want.l1d.latency = 3;
	want.dram_latency = 180;
	want.pwc.entries = 0;
	const char *text = "# only three values\n"
			   "[l1d]\nlatency = 3\n\n"
			   "[dram]\nlatency = 150\nlatency = 180\n"
			   "[pwc]\n; disabled\nentries = 0\n"
			   "[l2]\n";
	if (load_text(&got, text, path, sizeof path, err, sizeof err) != 0)
		fail_msg("rejected: %s", err);
	config_compare(&rc, "partial", C_CONTRACT, &got, &want);

	/* an empty file changes nothing */
	if (load_text(&got, "", path, sizeof path, err, sizeof err) != 0)
		fail_msg("empty file rejected: %s", err);
	config_compare(&rc, "empty", C_CONTRACT, &got, &want);
	ROW_DONE(&rc);
}

/* Cache sizes: decimal bytes, or a K (KiB) or M (MiB) suffix in either case. */
static void test_size_suffixes(void **state)
{
	static const struct {
		const char *text;
		unsigned want;
	} rows[] = {
		{ "32K", 32u << 10 }, { "32k", 32u << 10 }, { "2M", 2u << 20 },
		{ "2m", 2u << 20 }, { "1024M", 1u << 30 }, { "4096", 4096 }, { "1K", 1024 },
	};
	struct rowcheck rc = { 0 };
	char text[128], path[64], err[512];

	for (size_t i = 0; i < NROWS(rows); i++) {
		struct timing_config c;
		timing_config_defaults(&c);
		/* l2: 64-byte lines, one way, so every size above is a valid geometry */
		snprintf(text, sizeof text, "[l2]\nways = 1\nsize = %s\n", rows[i].text);
		if (load_text(&c, text, path, sizeof path, err, sizeof err) != 0) {
			ROW_FAIL(&rc, rows[i].text, C_CONTRACT, "rejected: %s", err);
			continue;
		}
		ROW_EQ(&rc, rows[i].text, C_CONTRACT, "l2.size", c.l2.size, rows[i].want);
	}
	ROW_DONE(&rc);
}

/* Forms the reader accepts: comments, indentation, CRLF, a UTF-8 BOM, an
 * inline comment after a blank, a line of exactly the longest length. */
static void test_accepted_forms(void **state)
{
	char longline[256];
	memset(longline, 0, sizeof longline);
	longline[0] = '#';
	memset(longline + 1, '.', 197);         /* 198 characters, then the newline */
	longline[198] = '\n';

	const struct {
		const char *name;
		const char *text;
	} rows[] = {
		{ "comments", "# hash\n; semicolon\n[l1d]\n# ways = 2\nways = 4\n" },
		{ "indented", "  [l1d]\n\tways = 4\n   # indented comment\n" },
		{ "crlf", "[l1d]\r\nways = 4\r\n" },
		{ "bom", "\xef\xbb\xbf[l1d]\nways = 4\n" },
		{ "inline comment", "[l1d]\nways = 4 ; was 8\n" },
		{ "blanks around =", "[l1d]\nways=4\n" },
		{ "longest line", NULL },
	};
	struct rowcheck rc = { 0 };
	char text[512], path[64], err[512];

	for (size_t i = 0; i < NROWS(rows); i++) {
		struct timing_config c;
		timing_config_defaults(&c);
		if (rows[i].text)
			snprintf(text, sizeof text, "%s", rows[i].text);
		else
			snprintf(text, sizeof text, "%s[l1d]\nways = 4\n", longline);
		if (load_text(&c, text, path, sizeof path, err, sizeof err) != 0) {
			ROW_FAIL(&rc, rows[i].name, C_CONTRACT, "rejected: %s", err);
			continue;
		}
		ROW_EQ(&rc, rows[i].name, C_CONTRACT, "l1d.ways", c.l1d.ways, 4);
	}
	ROW_DONE(&rc);
}

/* ---- errors ------------------------------------------------------------------------ */

/* A bad input, the line the message must name (0: none), and a part of it. */
static const struct bad_row {
	const char *name;
	const char *text;
	unsigned line;
	const char *says;
} bad_rows[] = {
	{ "unknown section", "[core]\nmul_latency = 3\n[foo]\nbar = 1\n", 3, "unknown section [foo]" },
	{ "unknown empty section", "# nothing else\n[bogus]\n", 2, "unknown section [bogus]" },
	{ "section name with spaces", "[ l1d ]\nways = 4\n", 1, "unknown section [ l1d ]" },
	{ "unknown key", "[l1d]\nsets = 64\n", 2, "[l1d] unknown key 'sets'" },
	{ "key of another section", "[dram]\nways = 4\n", 2, "[dram] unknown key 'ways'" },
	{ "key outside a section", "ways = 4\n", 1, "'ways' is outside any section" },
	{ "letters", "[l1d]\n\nways = abc\n", 3, "[l1d] ways: 'abc' is not a decimal number" },
	{ "negative", "[dram]\nlatency = -5\n", 2, "'-5' is not a decimal number" },
	{ "trailing junk", "[core]\nmul_latency = 4x\n", 2, "'4x' is not a decimal number" },
	{ "hexadecimal", "[core]\ndiv_latency = 0x10\n", 2, "'0x10' is not a decimal number" },
	{ "empty value", "[dram]\nlatency =\n", 2, "'' is not a decimal number" },
	{ "suffix on a count", "[l1d]\nline = 1K\n", 2, "'1K' is not a decimal number" },
	{ "unknown suffix", "[l1d]\nsize = 32G\n", 2, "'32G' is not a size" },
	{ "suffix then junk", "[l1d]\nsize = 32KB\n", 2, "'32KB' is not a size" },
	{ "itlb disabled", "[itlb]\nentries = 0\n", 2, "[itlb] entries: '0' is out of range (1..1048576)" },
	{ "dtlb disabled", "[dtlb]\nentries = 0\n", 2, "[dtlb] entries: '0' is out of range" },
	{ "zero ways", "[pwc]\nways = 0\n", 2, "[pwc] ways: '0' is out of range" },
	{ "huge", "[dram]\nlatency = 99999999999999999999999\n", 2, "is out of range (0..1000000)" },
	{ "latency too big", "[l2]\nlatency = 1000001\n", 2, "[l2] latency: '1000001' is out of range" },
	{ "cache too big", "[l2]\nsize = 2048M\n", 2, "[l2] size: '2048M' is out of range" },
	{ "size not a power of two", "[l1i]\nsize = 24K\n", 2, "[l1i] size: '24K' is not a power of two" },
	{ "line not a power of two", "[l2]\nline = 48\n", 2, "[l2] line: '48' is not a power of two" },
	{ "bad policy", "[l2]\nreplacement = plru\n", 2, "[l2] replacement: 'plru' is not lru, fifo or random" },
	{ "policy in capitals", "[itlb]\nreplacement = LRU\n", 2, "'LRU' is not lru, fifo or random" },
	{ "empty name", "[core]\nname =\n", 2, "[core] name: must be 1 to 95 characters" },
	{ "name too long", "[core]\nname = "
	  "0123456789012345678901234567890123456789012345678901234567890123456789"
	  "01234567890123456789012345\n", 2, "[core] name: must be 1 to 95 characters" },
	{ "no equals sign", "[core]\nmul_latency 4\n", 2, "syntax error" },
	{ "unclosed section", "[core\nmul_latency = 4\n", 1, "syntax error" },
	{ "syntax error first", "[core]\nbad line\n[foo]\n", 2, "syntax error" },
	{ "semantic error first", "[core]\nxret = q\nbad line\n", 2, "'q' is not a decimal number" },
	{ "line too long", "[core]\n# "
	  "..................................................................................."
	  "..................................................................................."
	  "...................................\n", 2, "line longer than 198 characters" },
	{ "line of 199 characters", "#"
	  "..................................................................................."
	  "..................................................................................."
	  "................................\n[l1d]\n", 1, "line longer than 198 characters" },
	{ "ways not dividing entries", "[pwc]\nentries = 64\nways = 3\n", 3, "[pwc] ways 3 does not divide entries 64" },
	{ "more ways than entries", "[ntlb]\nways = 128\n", 2, "[ntlb] ways 128 does not divide entries 64" },
	{ "sets not a power of two", "[l2tlb]\nentries = 96\n", 2, "[l2tlb] entries / ways = 96 / 1 = 96 sets, not a power of two" },
	{ "fully associative 40", "[itlb]\nentries = 40\n", 2, "[itlb] ways 32 does not divide entries 40" },
	{ "line * ways > size", "[l1d]\nsize = 4K\nways = 128\n", 3, "[l1d] line * ways = 64 * 128 exceeds size 4096" },
	{ "line > size", "[l1i]\nline = 4096\nsize = 2K\n", 3, "[l1i] line * ways = 4096 * 8 exceeds size 2048" },
};

/* Checks one rejected load: rc -1, one line "PATH:LINE: ...says...", *c untouched. */
static void check_rejected(struct rowcheck *rc, const char *row, int ret, const char *err,
			   const char *path, unsigned line, const char *says,
			   const struct timing_config *got)
{
	struct timing_config want;
	char prefix[128];

	timing_config_defaults(&want);
	if (ret != -1) {
		ROW_FAIL(rc, row, C_CONTRACT, "accepted (rc %d)", ret);
		return;
	}
	if (strchr(err, '\n'))
		ROW_FAIL(rc, row, C_CONTRACT, "message is not one line: '%s'", err);
	if (line)
		snprintf(prefix, sizeof prefix, "%s:%u: ", path, line);
	else
		snprintf(prefix, sizeof prefix, "%s: ", path);
	if (strncmp(err, prefix, strlen(prefix)))
		ROW_FAIL(rc, row, C_CONTRACT, "message '%s' does not start with '%s'", err, prefix);
	if (!strstr(err, says))
		ROW_FAIL(rc, row, C_CONTRACT, "message '%s' does not say '%s'", err, says);
	config_compare(rc, row, C_CONTRACT ": unchanged on error", got, &want);
}

static void test_bad_input_table(void **state)
{
	struct rowcheck rc = { 0 };
	char path[64], err[512];

	for (size_t i = 0; i < NROWS(bad_rows); i++) {
		const struct bad_row *b = &bad_rows[i];
		struct timing_config c;
		timing_config_defaults(&c);
		memset(err, 0, sizeof err);
		int ret = load_text(&c, b->text, path, sizeof path, err, sizeof err);
		check_rejected(&rc, b->name, ret, err, path, b->line, b->says, &c);
	}
	ROW_DONE(&rc);
}

/* The message of the task's example, whole: "FILE:7: [l1d] ways: '3' is not a power of two". */
static void test_message_exact(void **state)
{
	struct timing_config c;
	char path[64], err[512], want[128];
	const char *text = "# a comment\n[core]\nmul_latency = 4\n\n[l1d]\nsize = 32K\nways = 3\n";

	timing_config_defaults(&c);
	assert_int_equal(load_text(&c, text, path, sizeof path, err, sizeof err), -1);
	snprintf(want, sizeof want, "%s:7: [l1d] ways: '3' is not a power of two", path);
	assert_string_equal(err, want);
}

/* Files that cannot be read: "cannot read FILE: <strerror>". */
static void test_unreadable_file(void **state)
{
	struct timing_config c, want;
	char err[512], expect[512];
	static const struct {
		const char *path;
		int errnum;
	} rows[] = {
		{ "/nonexistent/hmvirt/timing.ini", ENOENT },
		{ "/tmp", EISDIR },
	};
	struct rowcheck rc = { 0 };

	timing_config_defaults(&want);
	for (size_t i = 0; i < NROWS(rows); i++) {
		timing_config_defaults(&c);
		int ret = timing_config_load(&c, rows[i].path, err, sizeof err);
		snprintf(expect, sizeof expect, "cannot read %s: %s", rows[i].path,
			 strerror(rows[i].errnum));
		ROW_EQ(&rc, rows[i].path, C_CONTRACT, "rc", (uint64_t)(int64_t)ret, (uint64_t)-1);
		if (strcmp(err, expect))
			ROW_FAIL(&rc, rows[i].path, C_CONTRACT, "message '%s', want '%s'", err, expect);
		config_compare(&rc, rows[i].path, C_CONTRACT, &c, &want);
	}
	ROW_DONE(&rc);
}

/* A geometry error in a section the file does not set names no line. */
static void test_geometry_error_without_line(void **state)
{
	struct timing_config c;
	char path[64], err[512], want[256];

	timing_config_defaults(&c);
	c.l2.ways = 3;          /* broken before the load; the file leaves [l2] alone */
	assert_int_equal(load_text(&c, "[dram]\nlatency = 7\n", path, sizeof path, err,
				   sizeof err), -1);
	snprintf(want, sizeof want, "%s: [l2] size 2097152, line 64 and ways 3 must be powers of two",
		 path);
	assert_string_equal(err, want);
	struct timing_config d;
	timing_config_defaults(&d);
	assert_int_equal(c.dram_latency, d.dram_latency);       /* not committed */
}

/* ---- timing_config_check ---------------------------------------------------------- */

static void test_check_table(void **state)
{
	static const struct {
		const char *name;
		size_t off;
		unsigned value;
		int want;               /* 0 accepted, -1 rejected */
		const char *says;
	} rows[] = {
		{ "defaults", TC(dram_latency), 100, 0, NULL },
		{ "pwc absent", TC(pwc.entries), 0, 0, NULL },
		{ "ntlb absent", TC(ntlb.entries), 0, 0, NULL },
		{ "l2tlb absent", TC(l2tlb.entries), 0, 0, NULL },
		{ "itlb absent", TC(itlb.entries), 0, -1, "[itlb] entries is 0" },
		{ "dtlb absent", TC(dtlb.entries), 0, -1, "[dtlb] entries is 0" },
		{ "dtlb no ways", TC(dtlb.ways), 0, -1, "[dtlb] ways 0 does not divide" },
		{ "l2tlb 3 sets", TC(l2tlb.entries), 3, -1, "[l2tlb] entries / ways = 3 / 1 = 3 sets" },
		{ "pwc ways 5", TC(pwc.ways), 5, -1, "[pwc] ways 5 does not divide entries 64" },
		{ "l1i size 3000", TC(l1i.size), 3000, -1, "[l1i] size 3000, line 64 and ways 8" },
		{ "l1d line 0", TC(l1d.line), 0, -1, "[l1d] size 32768, line 0" },
		{ "l2 ways 0", TC(l2.ways), 0, -1, "must be powers of two" },
		{ "l2 line * ways > size", TC(l2.ways), 65536, -1, "[l2] line * ways = 64 * 65536" },
		{ "bad policy", TC(l1d.repl), 7, -1, "[l1d] replacement 7 is not a policy" },
		{ "bad tlb policy", TC(ntlb.repl), 3, -1, "[ntlb] replacement 3 is not a policy" },
	};
	struct rowcheck rc = { 0 };
	char err[256];

	for (size_t i = 0; i < NROWS(rows); i++) {
		struct timing_config c;
		timing_config_defaults(&c);
		field_set(&c, rows[i].off, rows[i].value);
		err[0] = '\0';
		int ret = timing_config_check(&c, err, sizeof err);
		ROW_EQ(&rc, rows[i].name, C_CHECK, "rc", (uint64_t)(int64_t)ret,
		       (uint64_t)(int64_t)rows[i].want);
		if (rows[i].says && !strstr(err, rows[i].says))
			ROW_FAIL(&rc, rows[i].name, C_CHECK, "message '%s' does not say '%s'", err,
				 rows[i].says);
	}
	ROW_DONE(&rc);
}

int main(void)
{
	unit_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_ini_is_defaults),
		cmocka_unit_test(test_each_key_overrides),
		cmocka_unit_test(test_partial_file_keeps_defaults),
		cmocka_unit_test(test_size_suffixes),
		cmocka_unit_test(test_accepted_forms),
		cmocka_unit_test(test_bad_input_table),
		cmocka_unit_test(test_message_exact),
		cmocka_unit_test(test_unreadable_file),
		cmocka_unit_test(test_geometry_error_without_line),
		cmocka_unit_test(test_check_table),
	};
	return cmocka_run_group_tests_name("timing_config", tests, NULL, NULL);
}
