/*
 * The statistics of a run, for people and for programs: `--stats FILE`
 * writes them as JSON (Debian's cJSON), and a short summary goes to
 * stderr. Both cover the whole run and, when the program marked one with
 * `slti x0, x0, 1` ... `slti x0, x0, 2`, the measured region (ROI).
 *
 * Modes are named by context: M, HS (S-mode with V=0: a hypervisor, or a
 * kernel running natively), U, VS, VU. Cycle classes: execute (one per
 * instruction plus multiply/divide latencies), memory (cache stalls),
 * walk (TLB refills: L2 TLB, page-walk cache, nested TLB and PTE reads),
 * trap (trap entry and xRET penalties), idle (WFI).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "driver.h"
#include "machine.h"

static const char *const mode_names[8] = { "U", "HS", NULL, "M", "VU", "VS", NULL, NULL };
static const char *const class_names[CYC_CLASSES] = { "execute", "memory", "walk", "trap", "idle" };
static const char *const tlb_names[TLBS_N] = { "itlb", "dtlb", "l2tlb", "pwc", "ntlb" };
static const char *const cache_names[CACHES_N] = { "l1i", "l1d", "l2" };

static void num(cJSON *o, const char *k, uint64_t v)
{
	cJSON_AddNumberToObject(o, k, (double)v);
}

/* Cycles spent in a mode: its instructions plus its extra cycles. */
static uint64_t mode_total(const struct counters *c, unsigned ctx)
{
	uint64_t t = c->mode_instret[ctx];
	for (unsigned k = 0; k < CYC_CLASSES; k++)
		t += c->mode_cycles[ctx][k];
	return t;
}

/* Traps from a guest context (VS/VU) to HS: the VM exits. */
/* name: [{from, to, interrupt, cause, name, count}] for the nonzero cells. */
static void trap_table(cJSON *o, const char *name, const uint64_t (*t)[8][TRAP_CAUSES])
{
	cJSON *traps = cJSON_AddArrayToObject(o, name);

	for (unsigned from = 0; from < 8; from++)
		for (unsigned to = 0; to < 8; to++)
			for (unsigned k = 0; k < TRAP_CAUSES; k++) {
				cJSON *e;
				if (!t[from][to][k])
					continue;
				e = cJSON_CreateObject();
				cJSON_AddStringToObject(e, "from", mode_names[from]);
				cJSON_AddStringToObject(e, "to", mode_names[to]);
				cJSON_AddBoolToObject(e, "interrupt", k >= 32);
				num(e, "cause", k < 32 ? k : k - 32);
				cJSON_AddStringToObject(e, "name", trap_cause_name(k));
				num(e, "count", t[from][to][k]);
				cJSON_AddItemToArray(traps, e);
			}
}

/* "fences": {"sfence_vma": {"all", "asid", "addr", "addr_asid"}, ...}:
 * retired fences by kind (sfence_vma_guest: executed with V=1) and form;
 * for hfence_gvma "asid" is the VMID operand. */
static void fences(cJSON *o, const struct counters *c)
{
	static const char *const kind[FENCE_KINDS] = {
		"sfence_vma", "sfence_vma_guest", "hfence_vvma", "hfence_gvma",
	};
	static const char *const form[4] = { "all", "asid", "addr", "addr_asid" };
	cJSON *f = cJSON_AddObjectToObject(o, "fences");

	for (unsigned k = 0; k < FENCE_KINDS; k++) {
		cJSON *e = cJSON_AddObjectToObject(f, kind[k]);
		for (unsigned i = 0; i < 4; i++)
			num(e, form[i], c->fences[k][i]);
	}
}

/* Traps from V=1 into HS, taken by the hardware or delivered by firmware. */
static uint64_t vm_exits(const struct counters *c)
{
	uint64_t n = 0;
	for (unsigned from = 4; from < 6; from++)
		for (unsigned k = 0; k < TRAP_CAUSES; k++)
			n += c->traps[from][PRV_S][k] + c->traps_fwd[from][PRV_S][k];
	return n;
}

/* Traps taken into M from a lower mode: the hardware-mode interventions. */
static uint64_t to_m(const struct counters *c)
{
	uint64_t n = 0;
	for (unsigned from = 0; from < 8; from++)
		for (unsigned k = 0; k < TRAP_CAUSES && from != PRV_M; k++)
			n += c->traps[from][PRV_M][k];
	return n;
}

static uint64_t walk_refs(const struct counters *c, unsigned dim)
{
	uint64_t n = 0;
	for (unsigned l = 0; l < TLB_LEVELS; l++)
		n += c->walk_refs[dim][l];
	return n;
}

static cJSON *counters_json(const struct counters *c, bool timing)
{
	cJSON *o = cJSON_CreateObject(), *modes, *tlbs, *walks;
	uint64_t class_sum[CYC_CLASSES] = { 0 };

	num(o, "instret", c->instret);
	num(o, "cycles", c->cycles);
	modes = cJSON_AddObjectToObject(o, "modes");
	for (unsigned ctx = 0; ctx < 8; ctx++) {
		cJSON *m, *cy;
		if (!mode_names[ctx])
			continue;
		m = cJSON_AddObjectToObject(modes, mode_names[ctx]);
		num(m, "instret", c->mode_instret[ctx]);
		cy = cJSON_AddObjectToObject(m, "cycles");
		num(cy, "total", mode_total(c, ctx));
		for (unsigned k = 0; k < CYC_CLASSES; k++) {
			uint64_t v = c->mode_cycles[ctx][k] + (k == CYC_EXEC ? c->mode_instret[ctx] : 0);
			num(cy, class_names[k], v);
			class_sum[k] += v;
		}
	}
	{
		cJSON *cl = cJSON_AddObjectToObject(o, "cycles_by_class");
		for (unsigned k = 0; k < CYC_CLASSES; k++)
			num(cl, class_names[k], class_sum[k]);
	}
	trap_table(o, "traps", c->traps);
	trap_table(o, "traps_forwarded", c->traps_fwd);
	num(o, "vm_exits", vm_exits(c));
	num(o, "traps_to_m", to_m(c));
	tlbs = cJSON_AddObjectToObject(o, "tlb");
	for (unsigned i = 0; i < TLBS_N; i++) {
		cJSON *t = cJSON_AddObjectToObject(tlbs, tlb_names[i]);
		num(t, "hits", c->tlb_hits[i]);
		num(t, "misses", c->tlb_misses[i]);
		num(t, "evictions", c->tlb_evictions[i]);
	}
	walks = cJSON_AddObjectToObject(o, "walks");
	for (unsigned d = 0; d < 2; d++) {
		cJSON *w = cJSON_AddObjectToObject(walks, d ? "g_stage" : "first_stage"), *refs;
		num(w, "walks", c->walks[d]);
		num(w, "refs", walk_refs(c, d));
		refs = cJSON_AddArrayToObject(w, "refs_by_level");
		for (unsigned l = 0; l < TLB_LEVELS; l++)
			cJSON_AddItemToArray(refs, cJSON_CreateNumber((double)c->walk_refs[d][l]));
		num(w, "pwc_hits", c->pwc_hits[d]);
	}
	/* PTE reads of both dimensions per first-stage walk (a 2D walk's total) */
	cJSON_AddNumberToObject(walks, "refs_per_walk",
				c->walks[0] ? (double)(walk_refs(c, 0) + walk_refs(c, 1)) / (double)c->walks[0] : 0.0);
	num(o, "tlb_miss_traps", c->tlb_miss_traps);
	num(o, "sw_refills", c->sw_refills);
	fences(o, c);
	if (timing) {
		cJSON *caches = cJSON_AddObjectToObject(o, "caches");
		for (unsigned i = 0; i < CACHES_N; i++) {
			cJSON *t = cJSON_AddObjectToObject(caches, cache_names[i]);
			num(t, "hits", c->cache_hits[i]);
			num(t, "misses", c->cache_misses[i]);
			num(t, "evictions", c->cache_evictions[i]);
		}
	}
	return o;
}

static void tlb_json(cJSON *o, const char *k, const struct tlb_config *t)
{
	cJSON *e = cJSON_AddObjectToObject(o, k);
	static const char *const repl[] = { "lru", "fifo", "random" };
	num(e, "entries", t->entries);
	num(e, "ways", t->ways);
	num(e, "latency", t->latency);
	cJSON_AddStringToObject(e, "replacement", repl[t->repl]);
}

static void cache_json(cJSON *o, const char *k, const struct cache_config *t)
{
	cJSON *e = cJSON_AddObjectToObject(o, k);
	static const char *const repl[] = { "lru", "fifo", "random" };
	num(e, "size", t->size);
	num(e, "ways", t->ways);
	num(e, "line", t->line);
	num(e, "latency", t->latency);
	cJSON_AddStringToObject(e, "replacement", repl[t->repl]);
}

static cJSON *config_json(const struct machine *m)
{
	const struct timing_config *c = &m->cfg;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "core", c->core);
	cJSON_AddBoolToObject(o, "timing", m->timing);
	tlb_json(o, "itlb", &c->itlb);
	tlb_json(o, "dtlb", &c->dtlb);
	tlb_json(o, "l2tlb", &c->l2tlb);
	tlb_json(o, "pwc", &c->pwc);
	tlb_json(o, "ntlb", &c->ntlb);
	cache_json(o, "l1i", &c->l1i);
	cache_json(o, "l1d", &c->l1d);
	cache_json(o, "l2", &c->l2);
	num(o, "dram_latency", c->dram_latency);
	num(o, "mul_latency", c->mul_latency);
	num(o, "div_latency", c->div_latency);
	num(o, "trap_entry", c->trap_entry);
	num(o, "xret", c->xret);
	return o;
}

/*
 * Writes the statistics of the run as JSON to path. Returns 0, or -1
 * after one line on stderr.
 */
int stats_write_json(struct machine *m, const char *path, int status, double seconds)
{
	struct counters now;
	cJSON *root = cJSON_CreateObject(), *run;
	char *text;
	FILE *f;
	int rc = 0;

	machine_counters(m, &now);
	num(root, "format", 1);
	cJSON_AddItemToObject(root, "config", config_json(m));
	run = cJSON_AddObjectToObject(root, "run");
	cJSON_AddNumberToObject(run, "exit", status);
	cJSON_AddNumberToObject(run, "seconds", seconds);
	cJSON_AddNumberToObject(run, "mips", seconds > 0 ? (double)now.instret / seconds / 1e6 : 0.0);
	num(run, "roi_regions", m->roi_regions);
	cJSON_AddItemToObject(root, "total", counters_json(&now, m->timing));
	if (m->roi_regions)
		cJSON_AddItemToObject(root, "roi", counters_json(&m->roi, m->timing));
	else
		cJSON_AddNullToObject(root, "roi");
	text = cJSON_Print(root);
	f = text ? fopen(path, "w") : NULL;
	if (!f || fputs(text, f) < 0 || fputc('\n', f) < 0 || fclose(f) != 0) {
		fprintf(stderr, "hmvirt: cannot write statistics to %s: %s\n", path,
			text ? strerror(errno) : "out of memory");
		rc = -1;
	}
	cJSON_free(text);
	cJSON_Delete(root);
	return rc;
}

static double pct(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

static double per_k(uint64_t n, uint64_t insns)
{
	return insns ? 1000.0 * (double)n / (double)insns : 0.0;
}

static const unsigned page_fault_causes[] = { 12, 13, 15, 0 };
static const unsigned guest_fault_causes[] = { 20, 21, 23, 0 };

/* Exceptions of the given causes (0-terminated), taken into any mode,
 * by the hardware or delivered by the firmware. */
static uint64_t faults_of(const struct counters *c, const unsigned *causes)
{
	uint64_t n = 0;

	for (unsigned from = 0; from < 8; from++)
		for (unsigned to = 0; to < 8; to++)
			for (const unsigned *k = causes; *k; k++)
				n += c->traps[from][to][*k] + c->traps_fwd[from][to][*k];
	return n;
}

/* A few lines on f about one set of counts, for a person. */
static void summary_of(const char *what, const struct counters *c, bool timing, FILE *f)
{
	uint64_t classes[CYC_CLASSES] = { 0 };

	fprintf(f, "hmvirt: %s: instret=%llu cycles=%llu cpi=%.3f\n", what, (unsigned long long)c->instret,
		(unsigned long long)c->cycles, c->instret ? (double)c->cycles / (double)c->instret : 0.0);
	fprintf(f, "hmvirt:   cycles by mode:");
	for (unsigned ctx = 0; ctx < 8; ctx++)
		if (mode_names[ctx] && mode_total(c, ctx))
			fprintf(f, " %s %.1f%%", mode_names[ctx], pct(mode_total(c, ctx), c->cycles));
	for (unsigned ctx = 0; ctx < 8; ctx++)
		for (unsigned k = 0; k < CYC_CLASSES; k++)
			classes[k] += c->mode_cycles[ctx][k] + (k == CYC_EXEC ? c->mode_instret[ctx] : 0);
	fprintf(f, "\nhmvirt:   cycles by class:");
	for (unsigned k = 0; k < CYC_CLASSES; k++)
		if (classes[k])
			fprintf(f, " %s %.1f%%", class_names[k], pct(classes[k], c->cycles));
	fprintf(f, "%s\n", timing ? "" : " (timing model off: one cycle per instruction)");
	fprintf(f, "hmvirt:   TLB misses per 1000 instructions: L1I %.2f, L1D %.2f, L2 %.2f\n",
		per_k(c->tlb_misses[TLBS_ITLB], c->instret), per_k(c->tlb_misses[TLBS_DTLB], c->instret),
		per_k(c->tlb_misses[TLBS_L2], c->instret));
	fprintf(f, "hmvirt:   walks: %llu first-stage, %llu G-stage; %.2f PTE reads per walk; "
		"%llu software refills\n", (unsigned long long)c->walks[0], (unsigned long long)c->walks[1],
		c->walks[0] ? (double)(walk_refs(c, 0) + walk_refs(c, 1)) / (double)c->walks[0] : 0.0,
		(unsigned long long)c->sw_refills);
	fprintf(f, "hmvirt:   traps: %llu VM exits (VS/VU -> HS), %llu into M from below; "
		"%llu page faults, %llu guest-page faults\n",
		(unsigned long long)vm_exits(c), (unsigned long long)to_m(c),
		(unsigned long long)faults_of(c, page_fault_causes),
		(unsigned long long)faults_of(c, guest_fault_causes));
	if (timing)
		fprintf(f, "hmvirt:   cache misses per 1000 instructions: L1I %.2f, L1D %.2f, L2 %.2f\n",
			per_k(c->cache_misses[CACHES_L1I], c->instret),
			per_k(c->cache_misses[CACHES_L1D], c->instret),
			per_k(c->cache_misses[CACHES_L2], c->instret));
}

/* The human summary: the measured region when there was one, else the whole run. */
void stats_print_summary(struct machine *m, FILE *f)
{
	struct counters now;
	if (m->roi_regions) {
		char what[48];
		snprintf(what, sizeof what, "roi (%u region%s)", m->roi_regions, m->roi_regions == 1 ? "" : "s");
		summary_of(what, &m->roi, m->timing, f);
		return;
	}
	machine_counters(m, &now);
	summary_of("whole run (no roi marked)", &now, m->timing, f);
}
