/*
 * forward.c - exact forwarding of a trap that M-mode took (or found) to
 * the mode that would have taken it had it been delegated: HS, or VS when
 * it comes from V=1 and hedeleg/hideleg delegate it further (OpenSBI's
 * sbi_trap_redirect; DESIGN.md "The models": "Firmware that takes a trap
 * meant for HS or VS forwards it exactly as the hardware would have
 * delivered it").
 *
 * Every forwarded trap goes through hwmode_redirect(). It writes what the
 * hardware writes on trap entry (privileged spec, hypervisor.adoc "Trap
 * Entry"; the machine's trap.c follows the same list) and points mepc,
 * mstatus.MPP and MPV at the handler, so that the firmware's mret enters
 * it with the trapped context's registers untouched:
 *
 *   into HS:  scause, sepc, stval; sstatus.SPP (nominal privilege),
 *             SPIE <- SIE, SIE <- 0; with H: htval, htinst,
 *             hstatus.SPV <- V, hstatus.SPVP <- privilege when V=1,
 *             hstatus.GVA; V <- 0; pc <- stvec
 *   into VS:  vscause (VS interrupt codes become the supervisor ones:
 *             2/6/10 -> 1/5/9), vsepc, vstval; vsstatus.SPP, SPIE <- SIE,
 *             SIE <- 0; V stays 1; pc <- vstvec. HS CSRs untouched.
 *   pc:       the vector base, plus 4 * code for interrupts when the
 *             vector is in vectored mode.
 */
#include "csr.h"
#include "fw.h"
#include "hwmode.h"

/* The trap vector: base, plus 4 * code for an interrupt in vectored mode. */
static uint64_t tvec_target(uint64_t tvec, uint64_t cause)
{
	uint64_t base = tvec & ~3ull;

	if ((tvec & 3) == 1 && (cause & CAUSE_INTERRUPT))
		return base + 4 * (cause & ~CAUSE_INTERRUPT);
	return base;
}

/* sstatus/vsstatus on trap entry: SPP = nominal privilege, SPIE = SIE, SIE = 0. */
static uint64_t status_enter(uint64_t st, unsigned prv)
{
	st &= ~(MSTATUS_SPP | MSTATUS_SPIE);
	if (st & MSTATUS_SIE)
		st |= MSTATUS_SPIE;
	if (prv == PRV_S)
		st |= MSTATUS_SPP;
	return st & ~MSTATUS_SIE;
}

/* Into VS-mode: the trap came from VS/VU (MPV = 1) and hedeleg/hideleg delegate it. */
static void redirect_vs(uint64_t cause, uint64_t tval, unsigned prv, uint64_t epc)
{
	uint64_t vcause = cause;

	if (cause & CAUSE_INTERRUPT) /* VSSI/VSTI/VSEI are SSI/STI/SEI to VS */
		vcause = CAUSE_INTERRUPT | ((cause & ~CAUSE_INTERRUPT) - 1);
	csr_write(CSR_VSCAUSE, vcause);
	csr_write(CSR_VSEPC, epc);
	csr_write(CSR_VSTVAL, tval);
	csr_write(CSR_VSSTATUS, status_enter(csr_read(CSR_VSSTATUS), prv));
	/* mret to VS: MPP = S, MPV stays 1 */
	csr_set(CSR_MSTATUS, (uint64_t)PRV_S << MSTATUS_MPP_SHIFT);
	csr_write(CSR_MEPC, tvec_target(csr_read(CSR_VSTVEC), vcause));
}

/* Into HS-mode (or S without H). */
static void redirect_hs(const struct fw_hart *fh, const struct hwmode_fault *t, unsigned prv,
			bool virt, uint64_t epc)
{
	uint64_t ms = csr_read(CSR_MSTATUS);

	csr_write(CSR_SCAUSE, t->cause);
	csr_write(CSR_SEPC, epc);
	csr_write(CSR_STVAL, t->tval);
	if (fh->has_h) {
		uint64_t hs = csr_read(CSR_HSTATUS) & ~(HSTATUS_SPV | HSTATUS_GVA);

		if (virt) /* SPVP: the privilege V=1 was at; kept from U/HS */
			hs = (hs & ~HSTATUS_SPVP) | HSTATUS_SPV |
			     (prv == PRV_S ? HSTATUS_SPVP : 0);
		if (t->gva)
			hs |= HSTATUS_GVA;
		csr_write(CSR_HSTATUS, hs);
		csr_write(CSR_HTVAL, t->tval2);
		csr_write(CSR_HTINST, t->tinst);
		ms &= ~MSTATUS_MPV;
	}
	ms = status_enter(ms, prv);
	ms = (ms & ~MSTATUS_MPP) | (uint64_t)PRV_S << MSTATUS_MPP_SHIFT;
	csr_write(CSR_MSTATUS, ms);
	csr_write(CSR_MEPC, tvec_target(csr_read(CSR_STVEC), t->cause));
}

/*
 * Delivers trap t, taken at mepc by the context in mstatus.MPP/MPV, to HS
 * or VS as the hardware would have had medeleg/mideleg delegated it. A
 * trap from M-mode cannot be forwarded (a firmware bug): fatal.
 */
void hwmode_redirect(struct fw_hart *fh, const struct hwmode_fault *t)
{
	uint64_t ms = csr_read(CSR_MSTATUS), epc = csr_read(CSR_MEPC);
	unsigned prv = (unsigned)((ms & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);
	bool virt = fh->has_h && (ms & MSTATUS_MPV);
	uint64_t code = t->cause & ~CAUSE_INTERRUPT;
	uint64_t deleg = 0;

	if (prv == PRV_M)
		fw_die("trap in M-mode cannot be forwarded", t->cause, epc, t->tval);
	if (virt && code < 64)
		deleg = (t->cause & CAUSE_INTERRUPT) ? csr_read(CSR_HIDELEG)
						       : csr_read(CSR_HEDELEG);
	bool to_vs = virt && (deleg >> code & 1);

	if (fh->hwmode_present) /* count it where the hardware would have */
		csr_write(CSR_MTRAPFWD, (code & 63) |
				       ((t->cause & CAUSE_INTERRUPT) ? MTRAPFWD_INTERRUPT : 0) |
				       (uint64_t)(prv | (virt ? 4u : 0u)) << MTRAPFWD_FROM_SHIFT |
				       (uint64_t)(PRV_S | (to_vs ? 4u : 0u)) << MTRAPFWD_TO_SHIFT);
	if (to_vs)
		redirect_vs(t->cause, t->tval, prv, epc);
	else
		redirect_hs(fh, t, prv, virt, epc);
}

/*
 * The exceptions whose tval is an address (priv "Machine Trap Value"):
 * only these can have GVA = 1 (hypervisor.adoc, hstatus.GVA: "a guest
 * virtual address written to stval"). Masking GVA with them keeps
 * QEMU 7.2's mstatus.GVA = 1 for an illegal-instruction or virtual-
 * instruction trap from V=1 (whose tval is the instruction) out of
 * hstatus. Interrupts have bit 63 set: never.
 */
#define TVAL_ADDRESS_CAUSES                                                    \
	(0xfbull | 1ull << CAUSE_FETCH_PAGE_FAULT | 1ull << CAUSE_LOAD_PAGE_FAULT |   \
	 1ull << CAUSE_STORE_PAGE_FAULT | 1ull << CAUSE_FETCH_GUEST_PAGE_FAULT |      \
	 1ull << CAUSE_LOAD_GUEST_PAGE_FAULT | 1ull << CAUSE_STORE_GUEST_PAGE_FAULT)

/*
 * The core's entry (fw.h): a trap the firmware does not handle itself.
 * The hardware-mode TLB misses that the fast path left to the slow path
 * arrive here too (fw_trap_slow -> fw_trap -> fw_forward): they are
 * refilled, or their fault raised, by the C walker. GVA is the trap's
 * (mstatus.GVA, which the trap into M set as it would have set hstatus.GVA;
 * cleared once read, see below).
 */
void fw_forward(struct fw_hart *fh, struct fw_regs *r, uint64_t cause, uint64_t tval,
		uint64_t tval2, uint64_t tinst)
{
	struct hwmode_fault t = { cause, tval, tval2, tinst, 0 };

	if (cause >= HWMODE_CAUSE_FETCH && cause <= HWMODE_CAUSE_STORE) {
		hwmode_miss_slow(fh, r);
		return;
	}
	if (fh->has_h) {
		t.gva = cause < 64 && (TVAL_ADDRESS_CAUSES >> cause & 1) &&
			(csr_read(CSR_MSTATUS) & MSTATUS_GVA) != 0;
		/* Consumed: clear it. The spec has every trap into M write GVA
		 * (hypervisor.adoc, "Machine Status Registers"), but QEMU 7.2
		 * only ever sets it, so a stale 1 from an earlier trap with a
		 * guest virtual address would reach hstatus.GVA of a later
		 * forwarded trap (ecall, illegal instruction, a trap from U). */
		csr_clear(CSR_MSTATUS, MSTATUS_GVA);
	}
	hwmode_redirect(fh, &t);
}
