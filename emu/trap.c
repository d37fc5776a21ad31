/*
 * Trap delivery: synchronous exceptions and interrupts, their delegation
 * and priorities (machine.adoc "Machine Trap Delegation Registers",
 * "Machine Interrupt Registers"; supervisor.adoc "Supervisor Trap ...").
 */
#include "machine.h"

/* The trap vector: base, plus 4 * cause for interrupts in vectored mode. */
static uint64_t vector(uint64_t tvec, uint64_t cause)
{
	uint64_t base = tvec & ~3ull;
	if ((tvec & 3) == 1 && (cause & CAUSE_INTERRUPT))
		return base + 4 * (cause & ~CAUSE_INTERRUPT);
	return base;
}

/*
 * Takes a trap at h->pc: chooses M or S by the delegation registers (a
 * trap never lowers the privilege, so M-mode traps stay in M), saves
 * epc/cause/tval and the interrupt-enable stack, jumps to the vector.
 */
void trap_take(struct hart *h, uint64_t cause, uint64_t tval)
{
	bool irq = cause & CAUSE_INTERRUPT;
	uint64_t code = cause & ~CAUSE_INTERRUPT;
	uint64_t deleg = irq ? h->mideleg : h->medeleg;
	uint64_t s = h->mstatus;

	h->wfi = false;
	if (h->priv <= PRV_S && code < 64 && ((deleg >> code) & 1)) {
		h->scause = cause;
		h->sepc = h->pc;
		h->stval = tval;
		s = (s & ~MSTATUS_SPIE) | ((s & MSTATUS_SIE) ? MSTATUS_SPIE : 0);
		s = (s & ~MSTATUS_SPP) | (h->priv == PRV_S ? MSTATUS_SPP : 0);
		s &= ~MSTATUS_SIE;
		h->priv = PRV_S;
		h->pc = vector(h->stvec, cause);
	} else {
		h->mcause = cause;
		h->mepc = h->pc;
		h->mtval = tval;
		s = (s & ~MSTATUS_MPIE) | ((s & MSTATUS_MIE) ? MSTATUS_MPIE : 0);
		s = (s & ~MSTATUS_MPP) | ((uint64_t)h->priv << MSTATUS_MPP_SHIFT);
		s &= ~MSTATUS_MIE;
		h->priv = PRV_M;
		h->pc = vector(h->mtvec, cause);
	}
	h->mstatus = s;
	hart_context_changed(h);
	hart_request_exit(h);
}

/*
 * Raises a synchronous exception from a semantics function: the trapping
 * instruction does not retire, so it does not count itself.
 */
uint64_t trap_exception(struct hart *h, uint64_t pc, uint64_t cause, uint64_t tval)
{
	h->pc = pc;
	trap_take(h, cause, tval);
	return h->pc;
}

uint64_t trap_pending_exception(struct hart *h, uint64_t pc)
{
	return trap_exception(h, pc, h->exc_cause, h->exc_tval);
}

/* The raw bits of the instruction at pc (fetched again; for tval and traces). */
uint32_t insn_bits(struct hart *h, uint64_t pc)
{
	uint16_t lo = 0, hi = 0;
	if (!mem_fetch_slow(h, pc, &lo))
		return 0;
	if ((lo & 3) == 3 && !mem_fetch_slow(h, pc + 2, &hi))
		return 0;
	return (lo & 3) == 3 ? (uint32_t)hi << 16 | lo : lo;
}

/* Illegal instruction: tval holds the faulting instruction's bits. */
uint64_t insn_illegal(struct hart *h, const struct insn *in, uint64_t pc)
{
	uint32_t bits = insn_bits(h, pc);
	if (in->len == 2)
		bits &= 0xffff;
	return trap_exception(h, pc, CAUSE_ILLEGAL_INSN, bits);
}

/* Interrupt priority order (machine.adoc, "Machine Interrupt Registers"). */
static const uint8_t irq_order[] = {
	IRQ_M_EXT, IRQ_M_SOFT, IRQ_M_TIMER, IRQ_S_EXT, IRQ_S_SOFT, IRQ_S_TIMER,
};

static int highest(uint64_t bits)
{
	for (unsigned i = 0; i < sizeof irq_order; i++)
		if (bits & (1ull << irq_order[i]))
			return irq_order[i];
	return -1;
}

/*
 * Takes the highest-priority interrupt that is pending, enabled in mie and
 * globally enabled for its target mode: interrupts for a mode above the
 * current one are always enabled, for a mode below never. M-level ones
 * are serviced before S-level ones. Returns whether one was taken.
 */
bool trap_check_interrupts(struct hart *h)
{
	uint64_t pending = h->mip & h->mie;
	uint64_t m = pending & ~h->mideleg, s = pending & h->mideleg;
	int irq = -1;

	if (!pending)
		return false;
	if (m && (h->priv < PRV_M || (h->mstatus & MSTATUS_MIE)))
		irq = highest(m);
	if (irq < 0 && s && (h->priv < PRV_S || (h->priv == PRV_S && (h->mstatus & MSTATUS_SIE))))
		irq = highest(s);
	if (irq < 0)
		return false;
	trap_take(h, CAUSE_INTERRUPT | (uint64_t)irq, 0);
	return true;
}
