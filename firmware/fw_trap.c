/*
 * fw_trap.c - M-mode traps after the full register save (entry.S): a
 * table per kind (exceptions, interrupts) names what the firmware handles
 * itself; everything else goes to fw_forward (the hardware-mode part's
 * exact forwarding, or the weak default in fw_weak.c).
 */
#include "csr.h"
#include "fw.h"
#include "riscv/virt.h"
#include "sbi.h"

typedef void (*fw_trap_fn)(struct fw_hart *fh, struct fw_regs *r);

/* ecall from S/HS-mode (cause 9): the SBI (sbi.c) */
static void trap_ecall(struct fw_hart *fh, struct fw_regs *r)
{
	sbi_ecall_handler(fh, r);
}

/* M timer: hand it to S as STIP (sbi_time.c) */
static void trap_mtimer(struct fw_hart *fh, struct fw_regs *r)
{
	(void)r;
	fw_timer_irq(fh);
}

/* M software interrupt: an IPI from another hart (sbi_ipi.c) */
static void trap_msoft(struct fw_hart *fh, struct fw_regs *r)
{
	(void)r;
	fw_ipi_irq(fh);
}

static const fw_trap_fn fw_exception_table[] = {
	[CAUSE_SUPERVISOR_ECALL] = trap_ecall,
};

static const fw_trap_fn fw_interrupt_table[] = {
	[IRQ_M_SOFT] = trap_msoft,
	[IRQ_M_TIMER] = trap_mtimer,
};

#define TABLE_LEN(t) (sizeof(t) / sizeof((t)[0]))

void fw_trap(struct fw_hart *fh, struct fw_regs *r)
{
	uint64_t cause = csr_read(CSR_MCAUSE);
	uint64_t code = cause & ~CAUSE_INTERRUPT;
	fw_trap_fn fn = NULL;
	uint64_t tval2 = 0, tinst = 0;

	if (cause & CAUSE_INTERRUPT) {
		if (code < TABLE_LEN(fw_interrupt_table))
			fn = fw_interrupt_table[code];
	} else if (code < TABLE_LEN(fw_exception_table)) {
		fn = fw_exception_table[code];
	}
	if (fn) {
		fn(fh, r);
		return;
	}
	if (fh->has_h) { /* mtval2/mtinst exist only with H */
		tval2 = csr_read(CSR_MTVAL2);
		tinst = csr_read(CSR_MTINST);
	}
	fw_forward(fh, r, cause, csr_read(CSR_MTVAL), tval2, tinst);
}

void fw_die(const char *msg, uint64_t cause, uint64_t epc, uint64_t tval)
{
	fw_printf("\nhmfw: fatal: %s: mcause 0x%lx mepc 0x%lx mtval 0x%lx mstatus 0x%lx\n", msg,
		  cause, epc, tval, csr_read(CSR_MSTATUS));
	fw_finish(FINISHER_FAIL | 1u << 16);
}
