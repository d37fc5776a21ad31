/*
 * vcpu.c - running the guest in VS-mode and handling its VM exits.
 *
 * What the guest handles itself is delegated to VS (hedeleg/hideleg):
 * its page faults, breakpoints, misaligned accesses, illegal instructions,
 * ecalls from VU and the VS interrupts. What reaches HS is an exit:
 * ecall from VS (SBI, vsbi.c), guest-page faults (back the page), the
 * host timer (inject VSTIP), and a virtual-instruction exception for a
 * counter read (QEMU 7.2 traps VS reads of `time`). Anything else stops
 * the VM with a report.
 */
#include <stddef.h>

#include "hyp.h"

_Static_assert(offsetof(struct vcpu, pc) == VCPU_PC, "entry.S: VCPU_PC");
_Static_assert(offsetof(struct vcpu, host_sp) == VCPU_HOST_SP, "entry.S: VCPU_HOST_SP");

struct hyp_stats hyp_stats;

_Noreturn void hyp_self_trap(uint64_t cause, uint64_t epc, uint64_t tval);

#define HEDELEG_GUEST                                                                   \
	(1ul << CAUSE_MISALIGNED_FETCH | 1ul << CAUSE_ILLEGAL_INSN | 1ul << CAUSE_BREAKPOINT | \
	 1ul << CAUSE_MISALIGNED_LOAD | 1ul << CAUSE_MISALIGNED_STORE |                      \
	 1ul << CAUSE_USER_ECALL | 1ul << CAUSE_FETCH_PAGE_FAULT |                           \
	 1ul << CAUSE_LOAD_PAGE_FAULT | 1ul << CAUSE_STORE_PAGE_FAULT)
#define HIDELEG_GUEST (MIP_VSSIP | MIP_VSTIP | MIP_VSEIP)
#define HCOUNTEREN_GUEST 0x7ul /* CY, TM, IR */

static const char *const exc_names[24] = {
	[0] = "misaligned fetch", [1] = "fetch access fault", [2] = "illegal instruction",
	[3] = "breakpoint", [4] = "misaligned load", [5] = "load access fault",
	[6] = "misaligned store", [7] = "store access fault", [8] = "ecall from U",
	[9] = "ecall from HS", [10] = "ecall from VS", [12] = "fetch page fault",
	[13] = "load page fault", [15] = "store page fault",
	[20] = "fetch guest-page fault", [21] = "load guest-page fault",
	[22] = "virtual instruction", [23] = "store guest-page fault",
};

/*
 * Enters the guest at entry in VS-mode with a0, a1 (the boot protocol),
 * after setting every H CSR the VM depends on: delegation, counters,
 * htimedelta 0, no pending virtual interrupts, hgatp (then a full
 * hfence.gvma of its VMID: the table is new), VS state cleared.
 */
_Noreturn void vcpu_start(struct vcpu *v, uint64_t entry, uint64_t a0, uint64_t a1)
{
	struct vm *vm = v->vm;
	uint64_t hs;

	csr_write(CSR_HEDELEG, HEDELEG_GUEST);
	csr_write(CSR_HIDELEG, HIDELEG_GUEST);
	csr_write(CSR_HCOUNTEREN, HCOUNTEREN_GUEST);
	csr_write(CSR_HTIMEDELTA, 0);
	csr_write(CSR_HVIP, 0);
	csr_write(CSR_HIE, 0);
	csr_write(CSR_HENVCFG, 0);
	csr_write(CSR_VSSTATUS, csr_read(CSR_VSSTATUS) & ~(MSTATUS_SIE | MSTATUS_SPIE |
							   MSTATUS_SPP | MSTATUS_SUM |
							   MSTATUS_MXR));
	csr_write(CSR_VSIE, 0);
	csr_write(CSR_VSATP, 0);
	csr_write(CSR_VSTVEC, 0);
	csr_write(CSR_VSSCRATCH, 0);
	csr_write(CSR_HGATP, vm->hgatp);
	__asm__ volatile(".insn r 0x73, 0, 0x31, x0, x0, %0" ::"r"((uint64_t)vm->vmid)
			 : "memory");

	hs = csr_read(CSR_HSTATUS);
	hs &= ~(HSTATUS_VTVM | HSTATUS_VTW | HSTATUS_VTSR | HSTATUS_SPVP | HSTATUS_HU |
		HSTATUS_VGEIN | HSTATUS_GVA);
	csr_write(CSR_HSTATUS, hs | HSTATUS_SPV);
	csr_set(CSR_SSTATUS, MSTATUS_SPP); /* sret to VS (SPV = 1, SPP = 1) */
	csr_clear(CSR_SSTATUS, MSTATUS_SPIE | MSTATUS_SIE);

	sbi_set_timer(~0ull); /* no host timer until the guest asks */
	csr_write(CSR_SIE, MIP_STIP);

	memset(v->x, 0, sizeof v->x);
	v->x[10] = a0;
	v->x[11] = a1;
	v->pc = entry;
	vcpu_run(v);
}

/* Stops the VM on an exit it cannot handle: what, where, the H CSRs. */
static _Noreturn void vcpu_fatal(struct vcpu *v, uint64_t cause, const char *why)
{
	const char *name = cause < 24 && exc_names[cause] ? exc_names[cause] : "?";

	hyp_fail("%s: VM exit cause %lu (%s) from %s, sepc=%lx stval=%lx htval=%lx htinst=%lx",
		 why, cause, name, (csr_read(CSR_SSTATUS) & MSTATUS_SPP) ? "VS" : "VU", v->pc,
		 csr_read(CSR_STVAL), csr_read(CSR_HTVAL), csr_read(CSR_HTINST));
}

/*
 * A guest-page fault (hypervisor.adoc, "Traps": htval = GPA >> 2, stval's
 * low bits the rest): back the page if it is guest RAM; anything else is
 * an access to a device the VM does not have.
 */
static void vcpu_gstage_fault(struct vcpu *v, uint64_t cause)
{
	uint64_t gpa = csr_read(CSR_HTVAL) << 2 | (csr_read(CSR_STVAL) & 3);

	hyp_stats.gstage_faults++;
	if (!gstage_in_ram(v->vm, gpa))
		vcpu_fatal(v, cause, "guest access outside its RAM");
	if (!gstage_translate(v->vm, gpa, true))
		vcpu_fatal(v, cause, "out of host memory for guest RAM");
}

/*
 * A virtual-instruction exception (cause 22, stval = the instruction):
 * emulates a read of time, cycle or instret (csrrs rd, csr, x0), which
 * QEMU 7.2 traps although hcounteren allows it. Anything else is fatal.
 */
static void vcpu_virtual_insn(struct vcpu *v)
{
	uint64_t insn = csr_read(CSR_STVAL), val;
	unsigned rd = (unsigned)(insn >> 7) & 31, csr = (unsigned)(insn >> 20);

	if ((insn & 0x000ff07f) != 0x00002073) /* csrrs with rs1 = x0 */
		vcpu_fatal(v, CAUSE_VIRTUAL_INSN, "unexpected exit");
	switch (csr) {
	case CSR_TIME:
		val = csr_read(CSR_TIME) + csr_read(CSR_HTIMEDELTA);
		break;
	case CSR_CYCLE:
		val = csr_read(CSR_CYCLE);
		break;
	case CSR_INSTRET:
		val = csr_read(CSR_INSTRET);
		break;
	default:
		vcpu_fatal(v, CAUSE_VIRTUAL_INSN, "unexpected exit");
	}
	if (rd)
		v->x[rd] = val;
	v->pc += 4;
}

/* Every trap from the guest comes here (entry.S); returns the vcpu to
 * resume, its pc and registers updated. */
struct vcpu *vcpu_exit(struct vcpu *v)
{
	uint64_t cause = csr_read(CSR_SCAUSE);

	hyp_stats.exits++;
	if (cause & CAUSE_INTERRUPT) {
		cause &= ~CAUSE_INTERRUPT;
		if (cause < 16)
			hyp_stats.irq[cause]++;
		if (cause != IRQ_S_TIMER)
			hyp_fail("unexpected interrupt %lu in the VM at sepc=%lx", cause, v->pc);
		vsbi_timer_fired();
		return v;
	}
	if (cause < 24)
		hyp_stats.exc[cause]++;
	switch (cause) {
	case CAUSE_VS_ECALL:
		vsbi_call(v);
		break;
	case CAUSE_FETCH_GUEST_PAGE_FAULT:
	case CAUSE_LOAD_GUEST_PAGE_FAULT:
	case CAUSE_STORE_GUEST_PAGE_FAULT:
		vcpu_gstage_fault(v, cause);
		break;
	case CAUSE_VIRTUAL_INSN:
		vcpu_virtual_insn(v);
		break;
	default:
		vcpu_fatal(v, cause, "unexpected exit");
	}
	return v;
}

/* A trap of the hypervisor itself (entry.S, sscratch = 0): a bug. */
_Noreturn void hyp_self_trap(uint64_t cause, uint64_t epc, uint64_t tval)
{
	hyp_fail("trap in the hypervisor itself: scause=%lx sepc=%lx stval=%lx", cause, epc,
		 tval);
}

/* The one counter line, at shutdown (and before a failure). */
void hyp_print_stats(void)
{
	const struct hyp_stats *s = &hyp_stats;

	hyp_printf("hyp: counters vm_exits=%lu ecall=%lu gpf_fetch=%lu gpf_load=%lu "
		   "gpf_store=%lu virtual_insn=%lu timer_irq=%lu gstage_faults=%lu "
		   "guest_pages=%lu table_pages=%lu sbi_calls=%lu sbi_console=%lu "
		   "sbi_timer=%lu sbi_rfence=%lu sbi_ipi=%lu sbi_other=%lu\n",
		   s->exits, s->exc[CAUSE_VS_ECALL], s->exc[CAUSE_FETCH_GUEST_PAGE_FAULT],
		   s->exc[CAUSE_LOAD_GUEST_PAGE_FAULT], s->exc[CAUSE_STORE_GUEST_PAGE_FAULT],
		   s->exc[CAUSE_VIRTUAL_INSN], s->irq[IRQ_S_TIMER], s->gstage_faults,
		   the_vm.guest_pages, the_vm.table_pages, s->sbi_calls, s->sbi_console,
		   s->sbi_timer, s->sbi_rfence, s->sbi_ipi, s->sbi_other);
}
