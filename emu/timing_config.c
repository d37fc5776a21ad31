/*
 * The timing model's configuration (emu/timing.h): the built-in defaults,
 * an INI reader on top of Debian's inih, and the geometry check.
 *
 * The defaults model one documented core, the SiFive U54 of the FU540-C000;
 * configs/default.ini gives every figure with its source and must parse to
 * exactly what timing_config_defaults() returns (tests/unit checks it).
 *
 * Keys are described once, in tables (sections[] and the key tables of
 * each kind of section): the parser, the range checks and the error
 * messages all read the same rows.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "timing.h"

/* ---- the defaults -------------------------------------------------------- */

/*
 * The SiFive U54 as built in the FU540-C000 (SiFive FU540-C000 Manual v1p0,
 * https://static.dev.sifive.com/FU540-C000-v1.0.pdf). The U54 has neither a
 * page-walk cache nor a nested TLB in its manual: those two come from the
 * Arm Cortex-A53 (walk cache and IPA cache, TRM DDI 0500). Figures the
 * documents do not give are assumptions and configs/default.ini says so.
 */
void timing_config_defaults(struct timing_config *c)
{
	memset(c, 0, sizeof *c);
	snprintf(c->core, sizeof c->core, "%s", "SiFive U54 (FU540-C000)");
	c->mul_latency = 4;     /* 5-cycle result latency (manual 4.3) */
	c->div_latency = 64;    /* 2..65 cycles; the 65-cycle worst case (4.3) */
	c->trap_entry = 4;      /* 4-cycle interrupt latency (8.6) */
	c->xret = 4;            /* assumption: as trap entry */

	/* 32-entry fully associative L1 TLBs (4.7); hit inside the cache access */
	c->itlb = (struct tlb_config){ 32, 32, 0, REPL_LRU };
	c->dtlb = (struct tlb_config){ 32, 32, 0, REPL_LRU };
	/* 128-entry unified second-level TLB (4.7); direct-mapped as Rocket's */
	c->l2tlb = (struct tlb_config){ 128, 1, 2, REPL_LRU };
	/* Cortex-A53: 64-entry 4-way walk cache and IPA cache (DDI 0500, 5.1) */
	c->pwc = (struct tlb_config){ 64, 4, 1, REPL_LRU };
	c->ntlb = (struct tlb_config){ 64, 4, 1, REPL_LRU };

	/* 32 KiB 8-way, 64-byte lines; 1 and 2 cycles (4.1, 4.4) */
	c->l1i = (struct cache_config){ 32u << 10, 8, 64, 1, REPL_RANDOM };
	c->l1d = (struct cache_config){ 32u << 10, 8, 64, 2, REPL_RANDOM };
	/* 4 banks x 512 sets x 16 ways x 64 B = 2 MiB (11.2); latency assumed */
	c->l2 = (struct cache_config){ 2u << 20, 16, 64, 20, REPL_RANDOM };
	c->dram_latency = 100;  /* assumption */
}

/* ---- the key tables --------------------------------------------------------- */

enum key_kind {
	K_UINT,         /* decimal integer */
	K_SIZE,         /* decimal integer with an optional K or M suffix */
	K_REPL,         /* lru | fifo | random */
	K_NAME,         /* free text, the core's name */
};

/* One key of a section: where it lives (offset from the section's base
 * inside struct timing_config) and what values it takes. */
struct key {
	const char *name;
	enum key_kind kind;
	size_t off;
	unsigned long long min, max;
	bool pow2;
};

#define LAT_MAX 1000000ull      /* any latency, in cycles */
#define TLB_MAX (1ull << 20)    /* entries (and ways) of a TLB-like structure */
#define NAME_MAX_LEN (sizeof(((struct timing_config *)0)->core) - 1)

#define KEY(name, kind, type, field, lo, hi, pow2) \
	{ name, kind, offsetof(type, field), lo, hi, pow2 }
#define KEYS_END { NULL, K_UINT, 0, 0, 0, false }

#define TLB_KEYS(min_entries)                                                        \
	{                                                                            \
		KEY("entries", K_UINT, struct tlb_config, entries, min_entries, TLB_MAX, false), \
		KEY("ways", K_UINT, struct tlb_config, ways, 1, TLB_MAX, false),     \
		KEY("latency", K_UINT, struct tlb_config, latency, 0, LAT_MAX, false), \
		KEY("replacement", K_REPL, struct tlb_config, repl, 0, 0, false),    \
		KEYS_END,                                                            \
	}

/* itlb and dtlb must exist; l2tlb, pwc and ntlb may be absent (0 entries). */
static const struct key l1tlb_keys[] = TLB_KEYS(1);
static const struct key tlb_keys[] = TLB_KEYS(0);

static const struct key cache_keys[] = {
	KEY("size", K_SIZE, struct cache_config, size, 4, 1ull << 30, true),
	KEY("ways", K_UINT, struct cache_config, ways, 1, 1024, true),
	KEY("line", K_UINT, struct cache_config, line, 4, 4096, true),
	KEY("latency", K_UINT, struct cache_config, latency, 0, LAT_MAX, false),
	KEY("replacement", K_REPL, struct cache_config, repl, 0, 0, false),
	KEYS_END,
};

/* [core] and [dram]: offsets from the start of struct timing_config */
static const struct key core_keys[] = {
	KEY("name", K_NAME, struct timing_config, core, 1, NAME_MAX_LEN, false),
	KEY("mul_latency", K_UINT, struct timing_config, mul_latency, 0, LAT_MAX, false),
	KEY("div_latency", K_UINT, struct timing_config, div_latency, 0, LAT_MAX, false),
	KEY("trap_entry", K_UINT, struct timing_config, trap_entry, 0, LAT_MAX, false),
	KEY("xret", K_UINT, struct timing_config, xret, 0, LAT_MAX, false),
	KEYS_END,
};

static const struct key dram_keys[] = {
	KEY("latency", K_UINT, struct timing_config, dram_latency, 0, LAT_MAX, false),
	KEYS_END,
};

enum sec_kind { S_OTHER, S_TLB, S_CACHE };

struct section {
	const char *name;
	enum sec_kind kind;     /* which geometry check applies */
	size_t off;             /* base of the section inside struct timing_config */
	const struct key *keys;
};

#define TC_OFF(field) offsetof(struct timing_config, field)

static const struct section sections[] = {
	{ "core", S_OTHER, 0, core_keys },
	{ "itlb", S_TLB, TC_OFF(itlb), l1tlb_keys },
	{ "dtlb", S_TLB, TC_OFF(dtlb), l1tlb_keys },
	{ "l2tlb", S_TLB, TC_OFF(l2tlb), tlb_keys },
	{ "pwc", S_TLB, TC_OFF(pwc), tlb_keys },
	{ "ntlb", S_TLB, TC_OFF(ntlb), tlb_keys },
	{ "l1i", S_CACHE, TC_OFF(l1i), cache_keys },
	{ "l1d", S_CACHE, TC_OFF(l1d), cache_keys },
	{ "l2", S_CACHE, TC_OFF(l2), cache_keys },
	{ "dram", S_OTHER, 0, dram_keys },
};

#define NSECTIONS (sizeof sections / sizeof sections[0])

static const char *const repl_names[] = {
	[REPL_LRU] = "lru", [REPL_FIFO] = "fifo", [REPL_RANDOM] = "random",
};

static bool is_pow2(unsigned long long v)
{
	return v && !(v & (v - 1));
}

/* The section called name (compared exactly, as inih passes it), or -1. */
static int section_find(const char *name)
{
	for (size_t i = 0; i < NSECTIONS; i++)
		if (!strcmp(sections[i].name, name))
			return (int)i;
	return -1;
}

/* ---- the geometry check ---------------------------------------------------- */

/* One TLB-like structure: absent (0 entries) or ways dividing entries into
 * a power-of-two number of sets. 0, or -1 with the reason in what. */
static int check_tlb(const char *sec, const struct tlb_config *t, bool required,
		     char *what, size_t len)
{
	if (t->repl > REPL_RANDOM) {
		snprintf(what, len, "[%s] replacement %u is not a policy", sec, (unsigned)t->repl);
		return -1;
	}
	if (!t->entries) {
		if (!required)
			return 0;
		snprintf(what, len, "[%s] entries is 0: this TLB cannot be disabled", sec);
		return -1;
	}
	if (!t->ways || t->ways > t->entries || t->entries % t->ways) {
		snprintf(what, len, "[%s] ways %u does not divide entries %u", sec, t->ways,
			 t->entries);
		return -1;
	}
	if (!is_pow2(t->entries / t->ways)) {
		snprintf(what, len, "[%s] entries / ways = %u / %u = %u sets, not a power of two",
			 sec, t->entries, t->ways, t->entries / t->ways);
		return -1;
	}
	return 0;
}

/* One cache: size, line and ways powers of two, line * ways <= size (so
 * that there is at least one set, and the number of sets is a power of two). */
static int check_cache(const char *sec, const struct cache_config *k, char *what, size_t len)
{
	if (k->repl > REPL_RANDOM) {
		snprintf(what, len, "[%s] replacement %u is not a policy", sec, (unsigned)k->repl);
		return -1;
	}
	if (!is_pow2(k->size) || !is_pow2(k->line) || !is_pow2(k->ways)) {
		snprintf(what, len, "[%s] size %u, line %u and ways %u must be powers of two",
			 sec, k->size, k->line, k->ways);
		return -1;
	}
	if ((unsigned long long)k->line * k->ways > k->size) {
		snprintf(what, len, "[%s] line * ways = %u * %u exceeds size %u", sec, k->line,
			 k->ways, k->size);
		return -1;
	}
	return 0;
}

/* The index of the first section whose geometry is wrong (reason in what), or -1. */
static int check_sections(const struct timing_config *c, char *what, size_t len)
{
	for (size_t i = 0; i < NSECTIONS; i++) {
		const struct section *s = &sections[i];
		const char *base = (const char *)c + s->off;
		int rc = 0;
		if (s->kind == S_TLB)
			rc = check_tlb(s->name, (const struct tlb_config *)(const void *)base,
				       s->keys == l1tlb_keys, what, len);
		else if (s->kind == S_CACHE)
			rc = check_cache(s->name, (const struct cache_config *)(const void *)base,
					 what, len);
		if (rc < 0)
			return (int)i;
	}
	return -1;
}

/* 0 when every structure's geometry holds; -1 with "[section] reason" in err. */
int timing_config_check(const struct timing_config *c, char *err, size_t errlen)
{
	return check_sections(c, err, errlen) < 0 ? 0 : -1;
}

/* ---- the reader -------------------------------------------------------------- */

struct load_state {
	struct timing_config cfg;       /* the working copy, committed on success */
	const char *path;
	FILE *f;
	char *buf;                      /* getline's buffer */
	size_t cap;
	unsigned line;                  /* line of the file being parsed */
	unsigned sec_line[NSECTIONS];   /* last line that set a key of each section */
	unsigned err_line;              /* line of the first error; 0: none */
	bool failed;                    /* an error (err holds it) */
	int read_errno;                 /* a read error: its errno */
	char *err;
	size_t errlen;
};

/* Records the first error as "PATH:LINE: message" (LINE 0: "PATH: message"). */
__attribute__((format(printf, 3, 4)))
static void fail_at(struct load_state *st, unsigned line, const char *fmt, ...)
{
	if (st->failed)
		return;
	st->failed = true;
	st->err_line = line;
	if (!st->err || !st->errlen)
		return;
	int n = line ? snprintf(st->err, st->errlen, "%s:%u: ", st->path, line)
		     : snprintf(st->err, st->errlen, "%s: ", st->path);
	if (n < 0 || (size_t)n >= st->errlen)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(st->err + n, st->errlen - (size_t)n, fmt, ap);
	va_end(ap);
}

/*
 * inih's line reader, replaced so that the line numbers in messages are the
 * file's own: one call returns one whole line, without its leading blanks
 * (inih would take an indented line for the continuation of the previous
 * value; here indented keys are keys). A line longer than inih's buffer, or
 * a header naming an unknown section (inih calls the handler only for keys,
 * so an empty unknown section would pass unseen), ends the parse.
 */
static char *read_line(char *str, int num, void *stream)
{
	struct load_state *st = stream;
	if (st->failed)
		return NULL;
	errno = 0;
	ssize_t n = getline(&st->buf, &st->cap, st->f);
	if (n < 0) {
		if (ferror(st->f)) {
			st->read_errno = errno ? errno : EIO;
			st->failed = true;
		}
		return NULL;
	}
	st->line++;
	size_t len = (size_t)n - (st->buf[n - 1] == '\n');   /* without the newline */
	if (num < 2 || len > (size_t)num - 2) {
		fail_at(st, st->line, "line longer than %d characters", num - 2);
		return NULL;
	}
	size_t indent = strspn(st->buf, " \t");
	memcpy(str, st->buf + indent, (size_t)n - indent + 1);

	const char *p = str;
	const char *end = strchr(p, ']');
	if (*p == '[' && end) {
		char name[64];
		snprintf(name, sizeof name, "%.*s", (int)(end - p - 1), p + 1);
		if (section_find(name) < 0) {
			fail_at(st, st->line, "unknown section [%s]", name);
			return NULL;
		}
	}
	return str;
}

/* A decimal number with, when suffix, an optional K (x1024) or M (x1024^2).
 * Saturates at ULLONG_MAX so that a huge number is reported out of range.
 * 0, or -1 when s is not such a number. */
static int parse_number(const char *s, bool suffix, unsigned long long *out)
{
	unsigned long long v = 0;
	const char *p = s;
	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned d = (unsigned)(*p - '0');
		v = v > (ULLONG_MAX - d) / 10 ? ULLONG_MAX : v * 10 + d;
	}
	if (suffix && *p) {
		unsigned shift = (*p == 'K' || *p == 'k') ? 10 : (*p == 'M' || *p == 'm') ? 20 : 0;
		if (!shift)
			return -1;
		v = v > (ULLONG_MAX >> shift) ? ULLONG_MAX : v << shift;
		p++;
	}
	if (*p)
		return -1;
	*out = v;
	return 0;
}

/* Sets one key of section s from its text value; 0, or -1 after fail_at. */
static int set_key(struct load_state *st, const struct section *s, const struct key *k,
		   const char *value)
{
	char *field = (char *)&st->cfg + s->off + k->off;
	unsigned long long v;

	switch (k->kind) {
	case K_NAME: {
		size_t n = strlen(value);
		if (n < k->min || n > k->max) {
			fail_at(st, st->line, "[%s] %s: must be 1 to %llu characters", s->name,
				k->name, k->max);
			return -1;
		}
		memcpy(field, value, n + 1);
		return 0;
	}
	case K_REPL:
		for (unsigned r = 0; r < sizeof repl_names / sizeof repl_names[0]; r++)
			if (!strcmp(value, repl_names[r])) {
				*(enum repl *)(void *)field = (enum repl)r;
				return 0;
			}
		fail_at(st, st->line, "[%s] %s: '%s' is not lru, fifo or random", s->name,
			k->name, value);
		return -1;
	case K_UINT:
	case K_SIZE:
		if (parse_number(value, k->kind == K_SIZE, &v) < 0) {
			fail_at(st, st->line, "[%s] %s: '%s' is not %s", s->name, k->name, value,
				k->kind == K_SIZE ? "a size (a decimal number, then optionally K or M)"
						  : "a decimal number");
			return -1;
		}
		if (v < k->min || v > k->max) {
			fail_at(st, st->line, "[%s] %s: '%s' is out of range (%llu..%llu)", s->name,
				k->name, value, k->min, k->max);
			return -1;
		}
		if (k->pow2 && !is_pow2(v)) {
			fail_at(st, st->line, "[%s] %s: '%s' is not a power of two", s->name,
				k->name, value);
			return -1;
		}
		*(unsigned *)(void *)field = (unsigned)v;
		return 0;
	}
	return -1;
}

/* inih's handler: one "key = value" of one section. 1 to go on, 0 on error. */
static int on_key(void *user, const char *section, const char *name, const char *value)
{
	struct load_state *st = user;
	if (st->failed)
		return 0;
	if (!*section) {
		fail_at(st, st->line, "'%s' is outside any section", name);
		return 0;
	}
	int si = section_find(section);
	if (si < 0) {
		fail_at(st, st->line, "unknown section [%s]", section);
		return 0;
	}
	const struct section *s = &sections[si];
	for (const struct key *k = s->keys; k->name; k++)
		if (!strcmp(k->name, name)) {
			if (set_key(st, s, k, value) < 0)
				return 0;
			st->sec_line[si] = st->line;
			return 1;
		}
	fail_at(st, st->line, "[%s] unknown key '%s'", s->name, name);
	return 0;
}

/*
 * Parses path over a copy of *c and commits it only when the whole file is
 * valid and the result passes the geometry check: on error *c is unchanged
 * and err holds one line "PATH:LINE: what is wrong" (a geometry error names
 * the last line that set a key of the section, or no line when the section
 * kept its previous values).
 */
int timing_config_load(struct timing_config *c, const char *path, char *err, size_t errlen)
{
	struct load_state st;
	memset(&st, 0, sizeof st);
	st.cfg = *c;
	st.path = path;
	st.err = err;
	st.errlen = errlen;
	if (err && errlen)
		err[0] = '\0';

	st.f = fopen(path, "r");
	if (!st.f) {
		if (err && errlen)
			snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	int rc = ini_parse_stream(read_line, &st, on_key, &st);
	free(st.buf);
	fclose(st.f);

	if (st.read_errno) {            /* e.g. path is a directory */
		if (err && errlen)
			snprintf(err, errlen, "cannot read %s: %s", path, strerror(st.read_errno));
		return -1;
	}
	/* inih goes on after a syntax error: an earlier one wins over ours */
	if (rc > 0 && (!st.failed || (unsigned)rc < st.err_line)) {
		st.failed = false;
		fail_at(&st, (unsigned)rc, "syntax error: expected '[section]' or 'key = value'");
	} else if (rc < 0 && !st.failed) {
		fail_at(&st, 0, "out of memory while parsing");
	}
	if (st.failed)
		return -1;

	char what[256];
	int bad = check_sections(&st.cfg, what, sizeof what);
	if (bad >= 0) {
		fail_at(&st, st.sec_line[bad], "%s", what);
		return -1;
	}
	*c = st.cfg;
	return 0;
}
