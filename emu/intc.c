/*
 * Interrupt sources: the CLINT (msip, mtimecmp, mtime: SiFive CLINT as on
 * QEMU virt) and the PLIC (SiFive PLIC; hart 0 has context 0 for M-mode
 * and context 1 for S-mode), and the lines they drive into mip.
 */
#include "machine.h"

/* ---- CLINT ---------------------------------------------------------------- */
static uint64_t read_part(uint64_t reg, uint64_t off, unsigned size)
{
	return size == 8 ? reg : (uint32_t)(reg >> (8 * (off & 4)));
}

static uint64_t write_part(uint64_t reg, uint64_t off, unsigned size, uint64_t val)
{
	if (size == 8)
		return val;
	unsigned sh = 8 * (unsigned)(off & 4);
	return (reg & ~(0xffffffffull << sh)) | ((val & 0xffffffffull) << sh);
}

uint64_t clint_read(struct machine *m, uint64_t off, unsigned size)
{
	struct clint *c = &m->clint;
	if (off == CLINT_MSIP)
		return c->msip;
	if ((off & ~7ull) == CLINT_MTIMECMP)
		return read_part(c->mtimecmp, off, size);
	if ((off & ~7ull) == CLINT_MTIME)
		return read_part(hart_mtime(&m->hart), off, size);
	return 0;
}

void clint_write(struct machine *m, uint64_t off, unsigned size, uint64_t val)
{
	struct clint *c = &m->clint;
	if (off == CLINT_MSIP) {
		c->msip = val & 1;
	} else if ((off & ~7ull) == CLINT_MTIMECMP) {
		c->mtimecmp = write_part(c->mtimecmp, off, size, val);
	} else if ((off & ~7ull) == CLINT_MTIME) {
		uint64_t now = hart_mtime(&m->hart);
		uint64_t want = write_part(now, off, size, val);
		c->mtime_delta += (int64_t)(want - now);
	}
	machine_update_irqs(m);
	hart_request_exit(&m->hart);
}

/* ---- PLIC ----------------------------------------------------------------- */
#define PLIC_PENDING   0x1000
#define PLIC_ENABLE    0x2000
#define PLIC_ENABLE_STRIDE 0x80
#define PLIC_CONTEXT   0x200000
#define PLIC_CONTEXT_STRIDE 0x1000
#define PLIC_CONTEXTS  2

static bool bit(const uint32_t *w, unsigned id)
{
	return (w[id / 32] >> (id % 32)) & 1;
}

static void set_bit(uint32_t *w, unsigned id, bool v)
{
	if (v)
		w[id / 32] |= 1u << (id % 32);
	else
		w[id / 32] &= ~(1u << (id % 32));
}

/* The best pending, enabled source above the context's threshold (0: none). */
static unsigned plic_best(const struct plic *p, unsigned ctx, bool threshold)
{
	unsigned best = 0, prio = 0;
	for (unsigned id = 1; id <= VIRT_PLIC_NDEV; id++) {
		if (!bit(p->pending, id) || !bit(p->enable[ctx], id) || !p->priority[id])
			continue;
		if (threshold && p->priority[id] <= p->threshold[ctx])
			continue;
		if (p->priority[id] > prio) {
			best = id;
			prio = p->priority[id];
		}
	}
	return best;
}

/* Level-triggered gateways: a raised line is pending unless already claimed. */
void plic_update(struct machine *m)
{
	struct plic *p = &m->plic;
	if (uart_irq(&m->uart) && !bit(p->claimed, VIRT_UART0_IRQ))
		set_bit(p->pending, VIRT_UART0_IRQ, true);
}

uint64_t plic_read(struct machine *m, uint64_t off, unsigned size)
{
	struct plic *p = &m->plic;
	if (off < PLIC_PENDING)
		return off / 4 <= VIRT_PLIC_NDEV ? p->priority[off / 4] : 0;
	if (off < PLIC_ENABLE)
		return (off - PLIC_PENDING) / 4 < 4 ? p->pending[(off - PLIC_PENDING) / 4] : 0;
	if (off < PLIC_CONTEXT) {
		uint64_t ctx = (off - PLIC_ENABLE) / PLIC_ENABLE_STRIDE, w = (off - PLIC_ENABLE) % PLIC_ENABLE_STRIDE / 4;
		return ctx < PLIC_CONTEXTS && w < 4 ? p->enable[ctx][w] : 0;
	}
	uint64_t ctx = (off - PLIC_CONTEXT) / PLIC_CONTEXT_STRIDE, reg = (off - PLIC_CONTEXT) % PLIC_CONTEXT_STRIDE;
	if (ctx >= PLIC_CONTEXTS)
		return 0;
	if (reg == 0)
		return p->threshold[ctx];
	if (reg == 4) {                         /* claim */
		unsigned id = plic_best(p, (unsigned)ctx, false);
		if (id) {
			set_bit(p->pending, id, false);
			set_bit(p->claimed, id, true);
		}
		machine_update_irqs(m);
		return id;
	}
	return 0;
}

void plic_write(struct machine *m, uint64_t off, unsigned size, uint64_t val)
{
	struct plic *p = &m->plic;
	uint32_t v = (uint32_t)val;
	if (off < PLIC_PENDING) {
		if (off / 4 >= 1 && off / 4 <= VIRT_PLIC_NDEV)
			p->priority[off / 4] = v & 7;
	} else if (off >= PLIC_ENABLE && off < PLIC_CONTEXT) {
		uint64_t ctx = (off - PLIC_ENABLE) / PLIC_ENABLE_STRIDE, w = (off - PLIC_ENABLE) % PLIC_ENABLE_STRIDE / 4;
		if (ctx < PLIC_CONTEXTS && w < 4)
			p->enable[ctx][w] = w == 0 ? v & ~1u : v;   /* source 0 does not exist */
	} else if (off >= PLIC_CONTEXT) {
		uint64_t ctx = (off - PLIC_CONTEXT) / PLIC_CONTEXT_STRIDE, reg = (off - PLIC_CONTEXT) % PLIC_CONTEXT_STRIDE;
		if (ctx < PLIC_CONTEXTS && reg == 0)
			p->threshold[ctx] = v & 7;
		if (ctx < PLIC_CONTEXTS && reg == 4 && v >= 1 && v <= VIRT_PLIC_NDEV)
			set_bit(p->claimed, v, false);  /* complete */
	}
	machine_update_irqs(m);
	hart_request_exit(&m->hart);
}

/* The cycle at which mtime reaches mtimecmp; ~0 when MTIP is up already. */
static uint64_t timer_at(struct machine *m, bool mtip)
{
	uint64_t ticks = m->clint.mtimecmp - (uint64_t)m->clint.mtime_delta;

	if (mtip)
		return ~0ull;
	if (ticks > ~0ull / MACHINE_CYCLES_PER_TICK)
		return ~0ull;
	return (uint64_t)ticks * MACHINE_CYCLES_PER_TICK;
}

/*
 * Recomputes the device lines of mip: MSIP, MTIP, MEIP, and SEIP (ORed
 * with the bit software writes), and when the timer will next rise.
 */
void machine_update_irqs(struct machine *m)
{
	struct hart *h = &m->hart;
	uint64_t mip = h->mip_sw;
	bool mtip = hart_mtime(h) >= m->clint.mtimecmp;

	plic_update(m);
	if (m->clint.msip)
		mip |= MIP_MSIP;
	if (mtip)
		mip |= MIP_MTIP;
	m->timer_at = timer_at(m, mtip);
	if (plic_best(&m->plic, 0, true))
		mip |= MIP_MEIP;
	if (plic_best(&m->plic, 1, true))
		mip |= MIP_SEIP;
	h->mip = mip;
}
