/*
 * The timing model (DESIGN.md, "Timing and accounting"): a simple in-order
 * core of one cycle per instruction, plus the multiply/divide latencies,
 * plus memory-hierarchy stalls, plus trap entry and xRET penalties. Every
 * extra cycle is charged to the current mode and a class; the cycle of
 * each retired instruction is charged through the per-mode instruction
 * counts (hart_context_changed settles them).
 *
 * Costs, all from machine.cfg:
 *  - fetch: an access to L1I whenever fetch moves to another line; a miss
 *    costs the L2 latency, and DRAM's when L2 misses too (memory class);
 *  - loads and stores: L1D the same way; a load that hits L1D costs its
 *    latency less the one cycle of the instruction (a store's hit is free);
 *  - a page-walk PTE read: a data access whose whole latency (L1D hit
 *    included) is walk time, as is an L2 TLB, page-walk-cache or nested
 *    TLB lookup's latency;
 *  - a trap costs trap_entry cycles (charged to the mode it enters), an
 *    xRET xret cycles (charged to the mode that executes it).
 * Caches are physically indexed and tagged, write-allocate, with no
 * write-back traffic modelled. Only these observers change with the
 * model: the functional paths and results are the same with it off.
 */
#include "machine.h"

/* Charges n extra cycles of class c to the current mode. */
void timing_add(struct hart *h, enum cycle_class c, uint64_t n)
{
	h->st.cycles[h->acct_ctx][c] += n;
	h->cycle_extra += n;
}

/* Cycles beyond L1 of an access that missed L1: L2, then DRAM. */
static uint64_t below_l1(struct hart *h, uint64_t pa)
{
	if (cache_access(&h->l2, pa))
		return h->m->cfg.l2.latency;
	return (uint64_t)h->m->cfg.l2.latency + h->m->cfg.dram_latency;
}

/* Instruction fetch from va on the page being run (h->ipage_pa). */
void timing_ifetch(struct hart *h, uint64_t va)
{
	uint64_t pa = h->ipage_pa | (va & (PAGE_SIZE - 1)), line = pa >> h->iline_shift;
	if (line == h->last_iline)
		return;
	h->last_iline = line;
	if (!cache_access(&h->l1i, pa))
		timing_add(h, CYC_MEM, below_l1(h, pa));
}

/* A data access to physical address pa (loads stall on the L1 latency). */
void timing_data_pa(struct hart *h, uint64_t pa, bool store)
{
	uint64_t c = 0;
	if (!cache_access(&h->l1d, pa))
		c = below_l1(h, pa);
	if (!store && h->m->cfg.l1d.latency > 1)
		c += h->m->cfg.l1d.latency - 1;
	if (c)
		timing_add(h, CYC_MEM, c);
}

/* A data access through a host pointer into RAM (the fast paths). */
void timing_data_host(struct hart *h, const void *p, bool store)
{
	timing_data_pa(h, (uint64_t)((const uint8_t *)p - h->m->ram) + h->m->ram_base, store);
}

/* A PTE read of the hardware walker. */
void timing_walk_read(struct hart *h, uint64_t pa)
{
	uint64_t c = h->m->cfg.l1d.latency;
	if (!cache_access(&h->l1d, pa))
		c += below_l1(h, pa);
	timing_add(h, CYC_WALK, c);
}

/* The page the run loop is about to execute from: its first fetch. */
void timing_chain_start(struct hart *h, const struct dpage *dp, uint64_t pc)
{
	h->ipage_pa = (uint64_t)(dp->host - h->m->ram) + h->m->ram_base;
	if (dp->host < h->m->ram || dp->host >= h->m->ram + h->m->ram_size)
		h->ipage_pa = VIRT_MROM_BASE + (uint64_t)(dp->host - h->m->mrom);
	timing_ifetch(h, pc);
}

/*
 * Turns the model on or off. On: builds the caches from machine.cfg
 * (empty); the semantics functions of pages decoded from now on are the
 * timed ones, and pages decoded before are dropped. Returns 0, or -1 when
 * a cache's geometry is invalid or memory is short.
 */
int timing_enable(struct machine *m, bool on)
{
	struct hart *h = &m->hart;

	cache_free(&h->l1i);
	cache_free(&h->l1d);
	cache_free(&h->l2);
	m->timing = false;
	if (on) {
		if (cache_init(&h->l1i, &m->cfg.l1i) || cache_init(&h->l1d, &m->cfg.l1d) ||
		    cache_init(&h->l2, &m->cfg.l2)) {
			cache_free(&h->l1i);
			cache_free(&h->l1d);
			cache_free(&h->l2);
			return -1;
		}
		h->iline_shift = h->l1i.line_shift;
		h->last_iline = ~0ull;
		m->timing = true;
	}
	machine_drop_decoded(m);
	return 0;
}
