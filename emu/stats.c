/*
 * Statistics the machine keeps about what happened, and their names: for
 * now the traps taken, by (from mode, to mode, cause), which makes VM
 * exits (VS/VU -> HS) and firmware interventions (-> M) visible.
 */
#include "machine.h"

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
