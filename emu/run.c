/*
 * The execution loop. The outer loop handles everything that is not an
 * instruction (interrupts, WFI, timer deadlines, breakpoints, tracing, the
 * instruction budget) and finds the decoded page of pc; the inner loop
 * runs pre-decoded instructions while they stay on that page and no event
 * is due (instret < event_at). Anything that changes the context of
 * execution sets event_at to 0.
 */
#include <poll.h>
#include <unistd.h>

#include "machine.h"

/* Empty slot: decode on first execution, then run. */
const struct insn insn_slot_init = { insn_decode_and_run, 0, 32, 0, 0, 2 };

uint64_t insn_decode_and_run(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget)
{
	unsigned off = (unsigned)(pc & (PAGE_SIZE - 1));
	const struct dpage *dp = (const struct dpage *)(const void *)(in - (off >> 1));
	struct insn *slot = (struct insn *)(uintptr_t)in;
	uint16_t lo, hi;
	uint32_t bits;

	memcpy(&lo, dp->host + off, 2);
	if ((lo & 3) == 3 && off == PAGE_SIZE - 2) {
		/* crosses into the next page: decode every time, never cache */
		struct insn tmp;
		h->budget = budget;
		if (!mem_fetch_slow(h, pc + 2, &hi))
			return trap_pending_exception(h, pc);
		decode_insn_mode(&tmp, (uint32_t)hi << 16 | lo, h->m->timing);
		hart_request_exit(h);   /* tmp has no neighbours to chain to */
		return tmp.fn(h, &tmp, pc, h->budget);
	}
	if ((lo & 3) == 3)
		memcpy(&bits, dp->host + off, 4);
	else
		bits = lo;
	decode_insn_mode(slot, bits, h->m->timing);
	return slot->fn(h, slot, pc, budget);
}

/* `slti x0, x0, 1/2`: the measured region begins or ends (stats.c). */
uint64_t insn_roi(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget)
{
	h->budget = budget;
	machine_roi(h->m, in->imm == HINT_ROI_BEGIN);
	return insn_next(h, in, pc, h->budget);
}

/* The sentinel past a page's last slot: the chain leaves the page. */
uint64_t insn_page_end(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget)
{
	h->budget = budget;
	return pc;
}

static bool uart_input_open(const struct machine *m)
{
	return m->uart.in_fd >= 0 && !m->uart.rx_eof;
}

/*
 * WFI: the hart sleeps until an interrupt is pending and enabled in mie.
 * Simulated time jumps to the timer deadline when the timer can wake it;
 * only console input waits for the host. Returns false when nothing can
 * ever wake the hart.
 */
static bool wfi_wait(struct machine *m)
{
	struct hart *h = &m->hart;

	for (;;) {
		machine_update_irqs(m);
		if (h->mip & h->mie) {
			h->wfi = false;
			return true;
		}
		if ((h->mie & MIP_MTIP) && m->timer_at != ~0ull) {
			uint64_t now = hart_cycles(h);
			h->st.cycles[h->acct_ctx][CYC_IDLE] += m->timer_at > now ? m->timer_at - now : 0;
			h->cycle_extra += m->timer_at > now ? m->timer_at - now : 0;
			continue;
		}
		if (!uart_input_open(m))
			return false;
		struct pollfd p = { .fd = m->uart.in_fd, .events = POLLIN };
		poll(&p, 1, -1);
		uart_poll(m);
	}
}

static bool at_breakpoint(const struct machine *m, uint64_t pc)
{
	for (unsigned i = 0; i < m->nbreakpoints; i++)
		if (m->breakpoints[i] == pc)
			return true;
	return false;
}

static inline uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

#define UART_POLL_INTERVAL (1u << 20)
#define CHAIN_MAX 4096            /* bounds the stack if calls are not tail calls */

/*
 * Runs until the guest stops the machine, the instruction limit, or
 * `budget` more instructions (0: no budget; the debugger steps with 1).
 * Passes that retire nothing (a trap taken instead) count against the
 * budget too, so that a trap storm still returns to the debugger and a
 * step onto a trapping instruction stops at the handler's entry.
 */
enum stop_reason machine_run(struct machine *m, uint64_t budget)
{
	struct hart *h = &m->hart;
	uint64_t end = budget ? h->instret + budget : ~0ull;
	uint64_t next_poll = h->instret;
	uint64_t stalls = 0;              /* passes that retired nothing */
	bool first = true;

	m->stop = STOP_NONE;
	while (m->stop == STOP_NONE) {
		uint64_t pc;
		struct dpage *dp;
		const struct ftlb_xentry *xe;

		if (h->instret >= end || (budget && stalls >= budget)) {
			m->stop = STOP_STEP;
			break;
		}
		if (m->max_insns && h->instret >= m->max_insns) {
			m->stop = STOP_MAX_INSNS;
			break;
		}
		if (uart_input_open(m) && h->instret >= next_poll) {
			uart_poll(m);
			next_poll = h->instret + UART_POLL_INTERVAL;
		}
		if (hart_cycles(h) >= m->timer_at)
			machine_update_irqs(m);
		if (trap_check_interrupts(h))
			continue;
		if (h->wfi) {
			if (!wfi_wait(m)) {
				m->stop = STOP_WFI_FOREVER;
				break;
			}
			continue;
		}
		if (m->nbreakpoints && !first && at_breakpoint(m, h->pc)) {
			m->stop = STOP_BREAKPOINT;
			break;
		}
		first = false;

		/* each instruction takes a cycle at least: the timer is due within
		 * this many instructions (exactly, without the timing model) */
		h->event_at = end;
		if (m->timer_at != ~0ull) {
			uint64_t now = hart_cycles(h);
			h->event_at = min_u64(end, h->instret + (m->timer_at > now ? m->timer_at - now : 0));
		}
		if (m->max_insns)
			h->event_at = min_u64(h->event_at, m->max_insns);
		if (uart_input_open(m))
			h->event_at = min_u64(h->event_at, next_poll);
		if (m->trace || m->nbreakpoints)
			h->event_at = h->instret + 1;

		pc = h->pc;
		xe = &h->fx->x[FTLB_IDX(pc)];
		if (likely(xe->tag == pc >> PAGE_SHIFT)) {
			dp = xe->dp;
			*xe->stamp = ++h->lru_clock;
		} else {
			uintptr_t addend;
			dp = mem_fetch_page(h, pc, &addend);
			if (!dp) {
				trap_take_pending(h);
				stalls++;
				continue;
			}
		}
		if (m->trace)
			trace_insn(h, m->trace);
		if (m->timing)
			timing_chain_start(h, dp, pc);

		{
			const struct insn *in = &dp->slot[(pc & (PAGE_SIZE - 1)) >> 1];
			uint64_t n = h->event_at > h->instret ? h->event_at - h->instret : 1;
			h->budget = h->budget_total = n < CHAIN_MAX ? n : CHAIN_MAX;
			pc = in->fn(h, in, pc, h->budget);
			stalls += h->budget_total == h->budget;
			h->instret += h->budget_total - h->budget;
			h->budget = h->budget_total = 0;
		}
		h->pc = pc;
	}
	return m->stop;
}

/* The name of a context priv | V << 2: M, S (HS when H is in use), U, VS, VU. */
const char *hart_mode_name(unsigned ctx)
{
	static const char *const name[8] = { "U", "S", "?", "M", "VU", "VS", "?", "?" };
	return name[ctx & 7];
}

/*
 * One line per instruction about to execute: pc, mode (with V: VS or VU),
 * raw bits, mnemonic.
 */
void trace_insn(struct hart *h, FILE *f)
{
	const char *mode = hart_mode_name(h->priv | (h->virt ? 4u : 0u));
	uint32_t bits = 0;
	char text[64];

	if (!debug_read_virt(h, h->pc, &bits, 2)) {
		fprintf(f, "%016llx %s <fetch fault>\n", (unsigned long long)h->pc, mode);
		return;
	}
	if ((bits & 3) == 3 && !debug_read_virt(h, h->pc, &bits, 4))
		bits &= 0xffff;
	disasm(text, sizeof text, bits);
	if ((bits & 3) == 3)
		fprintf(f, "%016llx %s %08x %s\n", (unsigned long long)h->pc, mode, bits, text);
	else
		fprintf(f, "%016llx %s %04x     %s\n", (unsigned long long)h->pc, mode, bits, text);
}
