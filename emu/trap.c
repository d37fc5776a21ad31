/*
 * Trap delivery: synchronous exceptions and interrupts, their delegation
 * to HS and VS and their priorities (machine.adoc "Machine Trap
 * Delegation Registers", "Machine Interrupt Registers"; supervisor.adoc
 * "Supervisor Trap ..."; hypervisor.adoc "Traps").
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

/* Exceptions whose tval is a virtual address (GVA: hypervisor.adoc, hstatus). */
static bool tval_is_address(uint64_t cause)
{
	switch (cause) {
	case CAUSE_MISALIGNED_FETCH: case CAUSE_FETCH_ACCESS: case CAUSE_BREAKPOINT:
	case CAUSE_MISALIGNED_LOAD: case CAUSE_LOAD_ACCESS: case CAUSE_MISALIGNED_STORE:
	case CAUSE_STORE_ACCESS: case CAUSE_FETCH_PAGE_FAULT: case CAUSE_LOAD_PAGE_FAULT:
	case CAUSE_STORE_PAGE_FAULT: case CAUSE_FETCH_GUEST_PAGE_FAULT:
	case CAUSE_LOAD_GUEST_PAGE_FAULT: case CAUSE_STORE_GUEST_PAGE_FAULT:
		return true;
	default:
		return false;
	}
}

/* Exceptions of explicit loads, stores and AMOs (a transformed instruction applies). */
static bool is_data_exception(uint64_t cause)
{
	switch (cause) {
	case CAUSE_MISALIGNED_LOAD: case CAUSE_LOAD_ACCESS: case CAUSE_MISALIGNED_STORE:
	case CAUSE_STORE_ACCESS: case CAUSE_LOAD_PAGE_FAULT: case CAUSE_STORE_PAGE_FAULT:
	case CAUSE_LOAD_GUEST_PAGE_FAULT: case CAUSE_STORE_GUEST_PAGE_FAULT:
		return true;
	default:
		return false;
	}
}

/* The 32-bit equivalent of a compressed load or store (c-st-ext.adoc), or 0. */
static uint32_t expand_mem16(uint32_t c)
{
	unsigned f3 = (c >> 13) & 7, rdp = 8 + ((c >> 2) & 7), rs1p = 8 + ((c >> 7) & 7);
	unsigned rd = (c >> 7) & 31, rs2 = (c >> 2) & 31;

	switch ((c & 3) << 3 | f3) {
	case 002: return 0x2003 | rdp << 7 | rs1p << 15;          /* c.lw  -> lw */
	case 003: return 0x3003 | rdp << 7 | rs1p << 15;          /* c.ld  -> ld */
	case 006: return 0x2023 | rdp << 20 | rs1p << 15;         /* c.sw  -> sw */
	case 007: return 0x3023 | rdp << 20 | rs1p << 15;         /* c.sd  -> sd */
	case 022: return 0x2003 | rd << 7 | 2u << 15;             /* c.lwsp */
	case 023: return 0x3003 | rd << 7 | 2u << 15;             /* c.ldsp */
	case 026: return 0x2023 | rs2 << 20 | 2u << 15;           /* c.swsp */
	case 027: return 0x3023 | rs2 << 20 | 2u << 15;           /* c.sdsp */
	default: return 0;
	}
}

/*
 * The transformed instruction for htinst/mtinst (hypervisor.adoc,
 * "Transformed Instruction or Pseudoinstruction"): the trapping load,
 * store, atomic or HLV/HSV with its immediate fields zeroed and rs1
 * replaced by the offset of the faulting address from the original one;
 * a compressed instruction is expanded first and bit 1 cleared. 0 for
 * any other instruction. h->exc_va is the access's original address.
 */
static uint64_t transformed_insn(struct hart *h, uint64_t pc, uint64_t tval)
{
	uint32_t bits = insn_bits(h, pc), w = bits, keep;
	bool compressed = (bits & 3) != 3;

	if (compressed && !(w = expand_mem16(bits & 0xffff)))
		return 0;
	switch (w & 0x7f) {
	case 0x03:                      /* load: drop imm[11:0] */
		keep = w & 0x00007fff;
		break;
	case 0x23:                      /* store: drop imm[11:5] and imm[4:0] */
		keep = w & 0x01f0707f;
		break;
	case 0x2f:                      /* LR/SC/AMO */
		keep = w & ~(31u << 15);
		break;
	case 0x73:                      /* HLV/HLVX/HSV (funct3 100) */
		if (((w >> 12) & 7) != 4)
			return 0;
		keep = w & ~(31u << 15);
		break;
	default:
		return 0;
	}
	keep |= (uint32_t)((tval - h->exc_va) & 31) << 15;
	return compressed ? keep & ~2u : keep;
}

/* Counts the trap: from the current context to `to`, by cause. */
static void count_trap(struct hart *h, uint64_t cause, unsigned to)
{
	unsigned code = (unsigned)(cause & 31);
	unsigned idx = (cause & CAUSE_INTERRUPT) ? 32 + (unsigned)(cause & 15) : code;
	if ((cause & ~CAUSE_INTERRUPT) < 32)
		h->traps[h->priv | (h->virt ? 4u : 0u)][to][idx]++;
	h->st.traps_taken++;
	h->st.vm_exits += h->virt && to == PRV_S;
}

/*
 * Takes the pending trap (h->exc_*) at h->pc. The target is M unless
 * medeleg/mideleg delegate it (never from M); from V=1 a delegated trap
 * goes on to VS when hedeleg/hideleg delegate it too. Each target saves
 * what the spec lists: VS gets vsepc/vscause/vstval and vsstatus (VS
 * interrupt codes become the supervisor ones); HS also hstatus.SPV/SPVP/GVA,
 * htval and htinst; M mstatus.MPV/GVA, mtval2 and mtinst. The trap
 * leaves V=0 except into VS.
 */
void trap_take_pending(struct hart *h)
{
	uint64_t cause = h->exc_cause, tval = h->exc_tval, tval2 = h->exc_tval2, tinst = h->exc_tinst;
	bool irq = cause & CAUSE_INTERRUPT;
	uint64_t code = cause & ~CAUSE_INTERRUPT;
	bool gva = !irq && tval_is_address(cause) && (h->virt || h->exc_gva);
	uint64_t s = h->mstatus;
	bool to_s = h->priv <= PRV_S && code < 64 && (((irq ? h->mideleg : h->medeleg) >> code) & 1);
	bool to_vs = to_s && h->virt && code < 64 && (((irq ? h->hideleg : h->hedeleg) >> code) & 1);

	h->exc_tval2 = h->exc_tinst = 0;
	h->exc_gva = false;
	h->wfi = false;
	if (!to_vs && !irq && !tinst && is_data_exception(cause))
		tinst = transformed_insn(h, h->pc, tval);

	if (to_vs) {
		uint64_t vs = h->vsstatus, vcause = irq ? CAUSE_INTERRUPT | (code - 1) : cause;
		count_trap(h, cause, 4 | PRV_S);
		h->vscause = vcause;
		h->vsepc = h->pc;
		h->vstval = tval;
		vs = (vs & ~MSTATUS_SPIE) | ((vs & MSTATUS_SIE) ? MSTATUS_SPIE : 0);
		vs = (vs & ~MSTATUS_SPP) | (h->priv == PRV_S ? MSTATUS_SPP : 0);
		vs &= ~MSTATUS_SIE;
		h->vsstatus = vs;
		h->priv = PRV_S;
		h->pc = vector(h->vstvec, vcause);
	} else if (to_s) {
		uint64_t hs = h->hstatus;
		count_trap(h, cause, PRV_S);
		h->scause = cause;
		h->sepc = h->pc;
		h->stval = tval;
		h->htval = tval2;
		h->htinst = tinst;
		hs = (hs & ~HSTATUS_SPV) | (h->virt ? HSTATUS_SPV : 0);
		if (h->virt)
			hs = (hs & ~HSTATUS_SPVP) | (h->priv == PRV_S ? HSTATUS_SPVP : 0);
		hs = (hs & ~HSTATUS_GVA) | (gva ? HSTATUS_GVA : 0);
		h->hstatus = hs;
		s = (s & ~MSTATUS_SPIE) | ((s & MSTATUS_SIE) ? MSTATUS_SPIE : 0);
		s = (s & ~MSTATUS_SPP) | (h->priv == PRV_S ? MSTATUS_SPP : 0);
		s &= ~MSTATUS_SIE;
		h->priv = PRV_S;
		h->virt = false;
		h->pc = vector(h->stvec, cause);
	} else {
		count_trap(h, cause, PRV_M);
		h->mcause = cause;
		h->mepc = h->pc;
		h->mtval = tval;
		h->mtval2 = tval2;
		h->mtinst = tinst;
		s = (s & ~MSTATUS_MPIE) | ((s & MSTATUS_MIE) ? MSTATUS_MPIE : 0);
		s = (s & ~MSTATUS_MPP) | ((uint64_t)h->priv << MSTATUS_MPP_SHIFT);
		s = (s & ~MSTATUS_MPV) | (h->virt ? MSTATUS_MPV : 0);
		s = (s & ~MSTATUS_GVA) | (gva ? MSTATUS_GVA : 0);
		s &= ~MSTATUS_MIE;
		h->priv = PRV_M;
		h->virt = false;
		if (h->mtlbtvec && cause >= HWMODE_CAUSE_FETCH && cause <= HWMODE_CAUSE_STORE)
			h->pc = h->mtlbtvec;    /* the hardware-mode refill vector */
		else
			h->pc = vector(h->mtvec, cause);
	}
	h->mstatus = s;
	hart_context_changed(h);
	hart_request_exit(h);
	if (h->m->timing)
		timing_add(h, CYC_TRAP, h->m->cfg.trap_entry);
}

/* Takes a trap with no second tval, instruction or GVA information. */
void trap_take(struct hart *h, uint64_t cause, uint64_t tval)
{
	hart_set_exc(h, cause, tval);
	trap_take_pending(h);
}

/*
 * Raises a synchronous exception from a semantics function: the trapping
 * instruction does not retire, so it does not count itself.
 */
uint64_t trap_exception(struct hart *h, uint64_t pc, uint64_t cause, uint64_t tval)
{
	h->pc = pc;
	h->exc_va = tval;
	trap_take(h, cause, tval);
	return h->pc;
}

/* Raises the exception a memory slow path left pending. */
uint64_t trap_pending_exception(struct hart *h, uint64_t pc)
{
	h->pc = pc;
	trap_take_pending(h);
	return h->pc;
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

static uint64_t insn_refused(struct hart *h, const struct insn *in, uint64_t pc, uint64_t cause)
{
	uint32_t bits = insn_bits(h, pc);
	if (in->len == 2)
		bits &= 0xffff;
	return trap_exception(h, pc, cause, bits);
}

/* Illegal instruction: tval holds the faulting instruction's bits. */
uint64_t insn_illegal(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget)
{
	h->budget = budget;
	return insn_refused(h, in, pc, CAUSE_ILLEGAL_INSN);
}

/* Virtual instruction (V=1): tval as for an illegal instruction. */
uint64_t insn_virtual(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget)
{
	h->budget = budget;
	return insn_refused(h, in, pc, CAUSE_VIRTUAL_INSN);
}

/*
 * Interrupt priority order (machine.adoc, "Machine Interrupt Registers";
 * hypervisor.adoc, "Hypervisor Interrupt Registers").
 */
static const uint8_t irq_order[] = {
	IRQ_M_EXT, IRQ_M_SOFT, IRQ_M_TIMER, IRQ_S_EXT, IRQ_S_SOFT, IRQ_S_TIMER,
	IRQ_S_GEXT, IRQ_VS_EXT, IRQ_VS_SOFT, IRQ_VS_TIMER,
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
 * current one are always enabled, for a mode below never (VS counts below
 * HS). M-level ones are serviced before HS-level ones, HS-level ones
 * before VS-level ones. Returns whether one was taken.
 */
bool trap_check_interrupts(struct hart *h)
{
	uint64_t pending = h->mip & h->mie;
	uint64_t m, hs, vs;
	int irq = -1;

	if (!pending)
		return false;
	m = pending & ~h->mideleg;
	hs = pending & h->mideleg & ~h->hideleg;
	vs = pending & h->mideleg & h->hideleg;
	if (m && (h->priv < PRV_M || (h->mstatus & MSTATUS_MIE)))
		irq = highest(m);
	if (irq < 0 && hs &&
	    (h->virt || h->priv == PRV_U || (h->priv == PRV_S && (h->mstatus & MSTATUS_SIE))))
		irq = highest(hs);
	if (irq < 0 && vs && h->virt && (h->priv == PRV_U || (h->vsstatus & MSTATUS_SIE)))
		irq = highest(vs);
	if (irq < 0)
		return false;
	trap_take(h, CAUSE_INTERRUPT | (uint64_t)irq, 0);
	return true;
}
