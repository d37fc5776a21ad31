/*
 * Statistics the machine keeps about what happened, and their names: the
 * traps taken, by (from mode, to mode, cause), which makes VM exits
 * (VS/VU -> HS) and firmware interventions (-> M) visible; the gathering
 * of every counter into one struct counters; the measured region.
 */
#include "machine.h"

static void tlb_counts(struct counters *c, unsigned i, const struct tlb *t)
{
	c->tlb_hits[i] = t->hits;
	c->tlb_misses[i] = t->misses;
	c->tlb_evictions[i] = t->evictions;
}

static void cache_counts(struct counters *c, unsigned i, const struct cache *k)
{
	c->cache_hits[i] = k->hits;
	c->cache_misses[i] = k->misses;
	c->cache_evictions[i] = k->evictions;
}

/* Every counter as of now (the running context's instructions included). */
void machine_counters(struct machine *m, struct counters *c)
{
	struct hart *h = &m->hart;

	memset(c, 0, sizeof *c);
	c->instret = hart_instret(h);
	c->cycles = hart_cycles(h);
	memcpy(c->mode_instret, h->st.instret, sizeof c->mode_instret);
	c->mode_instret[h->acct_ctx] += c->instret - h->acct_mark;
	memcpy(c->mode_cycles, h->st.cycles, sizeof c->mode_cycles);
	memcpy(c->traps, h->traps, sizeof c->traps);
	memcpy(c->traps_fwd, h->traps_fwd, sizeof c->traps_fwd);
	memcpy(c->walks, h->st.walks, sizeof c->walks);
	memcpy(c->walk_refs, h->st.walk_refs, sizeof c->walk_refs);
	memcpy(c->pwc_hits, h->st.pwc_hits, sizeof c->pwc_hits);
	c->tlb_miss_traps = h->st.tlb_miss_traps;
	c->sw_refills = h->st.sw_refills;
	memcpy(c->fences, h->st.fences, sizeof c->fences);
	tlb_counts(c, TLBS_ITLB, &h->itlb);
	tlb_counts(c, TLBS_DTLB, &h->dtlb);
	tlb_counts(c, TLBS_L2, &h->l2tlb);
	tlb_counts(c, TLBS_PWC, &h->pwc);
	tlb_counts(c, TLBS_NTLB, &h->ntlb);
	if (m->timing) {
		cache_counts(c, CACHES_L1I, &h->l1i);
		cache_counts(c, CACHES_L1D, &h->l1d);
		cache_counts(c, CACHES_L2, &h->l2);
	}
}

#define NCOUNTERS (sizeof(struct counters) / sizeof(uint64_t))

/*
 * `slti x0, x0, 1` opens the measured region, `slti x0, x0, 2` closes it;
 * m->roi accumulates the counts of every closed region. A begin inside an
 * open region and an end outside one are ignored.
 */
void machine_roi(struct machine *m, bool begin)
{
	struct counters now;
	uint64_t *sum = (uint64_t *)&m->roi, *b = (uint64_t *)&m->roi_begin, *n = (uint64_t *)&now;

	if (begin == m->roi_open)
		return;
	machine_counters(m, &now);
	if (begin) {
		m->roi_begin = now;
	} else {
		for (size_t i = 0; i < NCOUNTERS; i++)
			sum[i] += n[i] - b[i];
		m->roi_regions++;
	}
	m->roi_open = begin;
}

static const char *const exception_name[32] = {
	[CAUSE_MISALIGNED_FETCH] = "fetch-misaligned",
	[CAUSE_FETCH_ACCESS] = "fetch-access-fault",
	[CAUSE_ILLEGAL_INSN] = "illegal-instruction",
	[CAUSE_BREAKPOINT] = "breakpoint",
	[CAUSE_MISALIGNED_LOAD] = "load-misaligned",
	[CAUSE_LOAD_ACCESS] = "load-access-fault",
	[CAUSE_MISALIGNED_STORE] = "store-misaligned",
	[CAUSE_STORE_ACCESS] = "store-access-fault",
	[CAUSE_USER_ECALL] = "ecall-from-U/VU",
	[CAUSE_SUPERVISOR_ECALL] = "ecall-from-HS",
	[CAUSE_VS_ECALL] = "ecall-from-VS",
	[CAUSE_MACHINE_ECALL] = "ecall-from-M",
	[CAUSE_FETCH_PAGE_FAULT] = "fetch-page-fault",
	[CAUSE_LOAD_PAGE_FAULT] = "load-page-fault",
	[CAUSE_STORE_PAGE_FAULT] = "store-page-fault",
	[CAUSE_FETCH_GUEST_PAGE_FAULT] = "fetch-guest-page-fault",
	[CAUSE_LOAD_GUEST_PAGE_FAULT] = "load-guest-page-fault",
	[CAUSE_VIRTUAL_INSN] = "virtual-instruction",
	[CAUSE_STORE_GUEST_PAGE_FAULT] = "store-guest-page-fault",
};

static const char *const interrupt_name[16] = {
	[IRQ_S_SOFT] = "S-software-interrupt", [IRQ_VS_SOFT] = "VS-software-interrupt",
	[IRQ_M_SOFT] = "M-software-interrupt", [IRQ_S_TIMER] = "S-timer-interrupt",
	[IRQ_VS_TIMER] = "VS-timer-interrupt", [IRQ_M_TIMER] = "M-timer-interrupt",
	[IRQ_S_EXT] = "S-external-interrupt", [IRQ_VS_EXT] = "VS-external-interrupt",
	[IRQ_M_EXT] = "M-external-interrupt", [IRQ_S_GEXT] = "S-guest-external-interrupt",
};

/* The name of a trap-statistics cause index (see struct hart.traps). */
const char *trap_cause_name(unsigned idx)
{
	const char *n = idx < 32 ? exception_name[idx] : interrupt_name[(idx - 32) & 15];
	return n ? n : "reserved";
}

/*
 * One line per (from, to, cause) that occurred:
 *   hmvirt: traps VS->HS load-guest-page-fault(21) 16384
 * Interrupt causes are printed with an "i" before the code.
 */
void machine_print_traps(const struct machine *m, FILE *f)
{
	const struct hart *h = &m->hart;
	for (unsigned from = 0; from < 8; from++)
		for (unsigned to = 0; to < 8; to++)
			for (unsigned c = 0; c < TRAP_CAUSES; c++) {
				uint64_t n = h->traps[from][to][c];
				if (!n)
					continue;
				fprintf(f, "hmvirt: traps %s->%s %s(%s%u) %llu\n", hart_mode_name(from),
					to == PRV_S ? "HS" : hart_mode_name(to), trap_cause_name(c),
					c < 32 ? "" : "i", c < 32 ? c : c - 32, (unsigned long long)n);
			}
}
