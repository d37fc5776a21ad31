/*
 * interrupts - the local interrupts of the virt board and their routing:
 * machine software (CLINT msip) and timer (CLINT mtimecmp/mtime)
 * interrupts, supervisor software/timer/external interrupts raised through
 * mip and delegated through mideleg, the global enables MIE/SIE and the
 * rule that interrupts for a more privileged mode are always enabled below
 * it (and those for a less privileged mode never), the priority order
 * MSI > MTI > SEI > SSI > STI (MEI needs the PLIC and is not raised here),
 * M-level interrupts before S-level ones, and WFI.
 */
#include "common/test.h"

const char test_name[] = "interrupts";

#define C_MIP "machine.adoc: Machine Interrupt (`mip` and `mie`) Registers"
#define C_SIP "supervisor.adoc: Supervisor Interrupt (`sip` and `sie`) Registers"
#define C_STACK "machine.adoc: Privilege and Global Interrupt-Enable Stack in `mstatus` register"
#define C_DELEG "machine.adoc: Machine Trap Delegation (`medeleg` and `mideleg`) Registers"
#define C_TIMER "machine.adoc: Machine Timer (`mtime` and `mtimecmp`) Registers"
#define C_WFI "machine.adoc: Wait for Interrupt"

#define BIT(i) (1UL << (i))

static uint64_t mtime(void)
{
	return mmio_read64(CLINT_MTIME);
}

/* Everything off: no interrupt pending or enabled, nothing delegated. */
static void quiesce(void)
{
	csr_clear(mstatus, MSTATUS_MIE | MSTATUS_SIE);
	csr_write(mie, 0);
	mmio_write32(CLINT_MSIP, 0);
	mmio_write64(CLINT_MTIMECMP, ~0UL);
	csr_clear(mip, BIT(IRQ_SSI) | BIT(IRQ_STI) | BIT(IRQ_SEI));
	csr_write(mideleg, 0);
	irq_log_clear();
}

static int log_is(int n, const uint64_t *causes, const char *modes)
{
	if (irq_log.n != n)
		return 0;
	for (int i = 0; i < n; i++)
		if (irq_log.e[i].cause != causes[i] ||
		    irq_log.e[i].mode != modes[i])
			return 0;
	return 1;
}

static void print_log(void)
{
	puts("  taken:");
	for (int i = 0; i < irq_log.n; i++) {
		puts(" ");
		putchar(irq_log.e[i].mode);
		puts(":");
		printdec((int64_t)irq_log.e[i].cause);
	}
	puts("\n");
}

#define CHECK_LOG(n, causes, modes, what, clause)                   \
	do {                                                        \
		static const uint64_t c_[] = causes;                \
		if (!CHECK_W(log_is(n, c_, modes), what, clause))   \
			print_log();                                \
	} while (0)
#define L(...) {__VA_ARGS__}

/* The log holds n interrupts taken in `mode`, each of `mask` once. */
static int log_set_is(int n, uint64_t mask, char mode)
{
	uint64_t seen = 0;
	if (irq_log.n != n)
		return 0;
	for (int i = 0; i < n; i++) {
		if (irq_log.e[i].mode != mode || (seen & BIT(irq_log.e[i].cause)))
			return 0;
		seen |= BIT(irq_log.e[i].cause);
	}
	return seen == mask;
}

/*
 * The order of simultaneous interrupts: QEMU 7.2 without AIA takes the
 * lowest-numbered pending interrupt first (SSI, MSI, STI, MTI, SEI), not
 * the order the specification fixes; an XFAIL-QEMU check.
 */
#define CHECK_ORDER_XFAIL_QEMU(n, causes, modes, what, clause)        \
	do {                                                          \
		static const uint64_t c_[] = causes;                  \
		if (!CHECK_XFAIL_QEMU(log_is(n, c_, modes), what, clause)) \
			print_log();                                  \
	} while (0)

static void test_msi(void)
{
	uint64_t at;

	quiesce();
	csr_write(mie, BIT(IRQ_MSI));
	mmio_write32(CLINT_MSIP, 1);
	CHECK_W(csr_read(mip) & BIT(IRQ_MSI), "msip=1 sets mip.MSIP", C_MIP);
	CHECK_EQ_W(irq_log.n, 0, "not taken while MIE=0", C_STACK);
	/* MSIP is read-only in mip. */
	csr_clear(mip, BIT(IRQ_MSI));
	CHECK_W(csr_read(mip) & BIT(IRQ_MSI), "mip.MSIP is read-only", C_MIP);

	/* Taken right after the CSR write that enables it. */
	asm volatile("la %0, 1f\n"
		     "csrsi mstatus, 8\n"
		     "1: nop\n"
		     "csrci mstatus, 8"
		     : "=&r"(at)::"memory");
	CHECK_LOG(1, L(IRQ_MSI), "M", "MSI taken once with MIE=1", C_MIP);
	CHECK_EQ_W(irq_log.e[0].epc, at,
		   "MSI taken right after the mstatus write enabling it",
		   C_MIP);
	mmio_write32(CLINT_MSIP, 0);
	CHECK_W(!(csr_read(mip) & BIT(IRQ_MSI)), "msip=0 clears mip.MSIP",
		C_MIP);
}

static void test_mti(void)
{
	quiesce();
	CHECK_W(!(csr_read(mip) & BIT(IRQ_MTI)), "mtimecmp=~0: MTIP clear",
		C_TIMER);
	uint64_t cmp = mtime() + 2000;
	mmio_write64(CLINT_MTIMECMP, cmp);
	CHECK_W(!(csr_read(mip) & BIT(IRQ_MTI)) || mtime() >= cmp,
		"MTIP clear before mtime reaches mtimecmp", C_TIMER);
	while (mtime() < cmp)
		;
	/* Pending within a bounded time (QEMU raises it from a host timer,
	 * a little after mtime passes mtimecmp). */
	while (!(csr_read(mip) & BIT(IRQ_MTI)) && mtime() < cmp + 1000000)
		;
	CHECK_W(csr_read(mip) & BIT(IRQ_MTI), "MTIP set once mtime >= mtimecmp",
		C_TIMER);
	/* MTIP is read-only in mip. */
	csr_clear(mip, BIT(IRQ_MTI));
	CHECK_W(csr_read(mip) & BIT(IRQ_MTI), "mip.MTIP is read-only", C_MIP);

	csr_write(mie, BIT(IRQ_MTI));
	csr_set(mstatus, MSTATUS_MIE);
	asm volatile("nop\nnop");
	csr_clear(mstatus, MSTATUS_MIE);
	CHECK_LOG(1, L(IRQ_MTI), "M", "MTI taken", C_MIP);
	mmio_write64(CLINT_MTIMECMP, ~0UL);
	CHECK_W(!(csr_read(mip) & BIT(IRQ_MTI)),
		"writing mtimecmp to the future clears MTIP", C_TIMER);
}

/* S/U code for the delegation tests. */
static uint64_t s_sie_on(uint64_t unused)
{
	(void)unused;
	csr_set(sstatus, MSTATUS_SIE);
	asm volatile("nop\nnop\nnop");
	csr_clear(sstatus, MSTATUS_SIE);
	return 0;
}
static uint64_t lower_nops(uint64_t unused)
{
	(void)unused;
	asm volatile("nop\nnop\nnop");
	return 0;
}
static uint64_t s_self_ssip(uint64_t unused)
{
	(void)unused;
	csr_set(sie, BIT(IRQ_SSI));
	csr_set(sstatus, MSTATUS_SIE);
	csr_set(sip, BIT(IRQ_SSI));
	asm volatile("nop\nnop");
	csr_clear(sstatus, MSTATUS_SIE);
	return 0;
}

/* Raise S-level interrupt `irq` through mip, delegated; run fn in prv. */
static void deleg_case(int irq, int prv, uint64_t (*fn)(uint64_t))
{
	quiesce();
	csr_write(mideleg, BIT(IRQ_SSI) | BIT(IRQ_STI) | BIT(IRQ_SEI));
	csr_write(mie, BIT(irq));
	csr_set(mip, BIT(irq));
	run_lower(prv, fn, 0);
	csr_clear(mip, BIT(irq));
}

static void test_supervisor(void)
{
	install_s_handler();

	deleg_case(IRQ_SSI, PRV_S, s_sie_on);
	CHECK_LOG(1, L(IRQ_SSI), "S", "delegated SSI taken in S with SIE=1",
		  C_SIP);
	deleg_case(IRQ_STI, PRV_S, s_sie_on);
	CHECK_LOG(1, L(IRQ_STI), "S", "delegated STI (mip.STIP) taken in S",
		  C_SIP);
	deleg_case(IRQ_SEI, PRV_S, s_sie_on);
	CHECK_LOG(1, L(IRQ_SEI), "S", "delegated SEI (mip.SEIP) taken in S",
		  C_SIP);
	CHECK_EQ_W(irq_log.e[0].prv, PRV_S, "interrupted mode S in SPP",
		   C_SIP);

	deleg_case(IRQ_SSI, PRV_S, lower_nops);
	CHECK_LOG(0, L(0), "", "delegated SSI not taken in S with SIE=0",
		  C_SIP);
	deleg_case(IRQ_STI, PRV_U, lower_nops);
	CHECK_LOG(1, L(IRQ_STI), "S",
		  "delegated STI taken in U although SIE=0", C_STACK);
	CHECK_EQ_W(irq_log.e[0].prv, PRV_U, "interrupted mode U in SPP",
		   C_SIP);

	/* A delegated interrupt is never taken in M. */
	quiesce();
	csr_write(mideleg, BIT(IRQ_SSI));
	csr_write(mie, BIT(IRQ_SSI));
	csr_set(mip, BIT(IRQ_SSI));
	csr_set(mstatus, MSTATUS_MIE | MSTATUS_SIE);
	asm volatile("nop\nnop\nnop");
	csr_clear(mstatus, MSTATUS_MIE | MSTATUS_SIE);
	CHECK_LOG(0, L(0), "", "delegated SSI not taken in M (MIE=SIE=1)",
		  C_DELEG);

	/* Not delegated: taken by M from S although MIE=0. */
	quiesce();
	csr_write(mie, BIT(IRQ_SSI));
	csr_set(mip, BIT(IRQ_SSI));
	run_lower(PRV_S, lower_nops, 0);
	csr_clear(mip, BIT(IRQ_SSI));
	CHECK_LOG(1, L(IRQ_SSI), "M",
		  "undelegated SSI taken in M from S with MIE=0", C_STACK);
	CHECK_EQ_W(irq_log.e[0].prv, PRV_S, "interrupted mode S in MPP",
		   C_STACK);

	/* S sets its own SSIP through sip. */
	quiesce();
	csr_write(mideleg, BIT(IRQ_SSI));
	run_lower(PRV_S, s_self_ssip, 0);
	CHECK_LOG(1, L(IRQ_SSI), "S", "S-mode write of sip.SSIP interrupts S",
		  C_SIP);
	quiesce();
}

static void test_priority(void)
{
	/* All five pending and enabled, none delegated, taken in M. */
	quiesce();
	csr_write(mie, BIT(IRQ_MSI) | BIT(IRQ_MTI) | BIT(IRQ_SEI) |
			       BIT(IRQ_SSI) | BIT(IRQ_STI));
	mmio_write32(CLINT_MSIP, 1);
	mmio_write64(CLINT_MTIMECMP, 0);
	csr_set(mip, BIT(IRQ_SEI) | BIT(IRQ_SSI) | BIT(IRQ_STI));
	csr_set(mstatus, MSTATUS_MIE);
	asm volatile("nop\nnop\nnop\nnop\nnop\nnop");
	csr_clear(mstatus, MSTATUS_MIE);
	CHECK_W(log_set_is(5, BIT(IRQ_MSI) | BIT(IRQ_MTI) | BIT(IRQ_SEI) |
				      BIT(IRQ_SSI) | BIT(IRQ_STI), 'M'),
		"all five taken in M, once each", C_MIP);
	CHECK_ORDER_XFAIL_QEMU(5,
			       L(IRQ_MSI, IRQ_MTI, IRQ_SEI, IRQ_SSI, IRQ_STI),
			       "MMMMM", "M-mode order MSI, MTI, SEI, SSI, STI",
			       C_MIP);

	/* The three S-level ones delegated: SEI, SSI, STI in S. */
	quiesce();
	csr_write(mideleg, BIT(IRQ_SSI) | BIT(IRQ_STI) | BIT(IRQ_SEI));
	csr_write(mie, BIT(IRQ_SSI) | BIT(IRQ_STI) | BIT(IRQ_SEI));
	csr_set(mip, BIT(IRQ_SEI) | BIT(IRQ_SSI) | BIT(IRQ_STI));
	run_lower(PRV_S, s_sie_on, 0);
	CHECK_W(log_set_is(3, BIT(IRQ_SSI) | BIT(IRQ_STI) | BIT(IRQ_SEI), 'S'),
		"all three taken in S, once each", C_SIP);
	CHECK_ORDER_XFAIL_QEMU(3, L(IRQ_SEI, IRQ_SSI, IRQ_STI), "SSS",
			       "S-mode order SEI, SSI, STI", C_SIP);

	/* From U, an M-level interrupt goes before a delegated S one. */
	quiesce();
	csr_write(mideleg, BIT(IRQ_SSI));
	csr_write(mie, BIT(IRQ_SSI) | BIT(IRQ_MTI));
	csr_set(mip, BIT(IRQ_SSI));
	mmio_write64(CLINT_MTIMECMP, 0);
	run_lower(PRV_U, lower_nops, 0);
	CHECK_LOG(2, L(IRQ_MTI, IRQ_SSI), "MS",
		  "interrupts to M before interrupts to S", C_MIP);
	quiesce();
}

static void test_wfi(void)
{
	/* MIE=0: WFI resumes when an enabled interrupt becomes pending, and
	 * no trap is taken. */
	quiesce();
	csr_write(mie, BIT(IRQ_MTI));
	uint64_t cmp = mtime() + 5000;
	mmio_write64(CLINT_MTIMECMP, cmp);
	int spins = 0;
	while (!(csr_read(mip) & BIT(IRQ_MTI)) && spins < 1000000) {
		asm volatile("wfi");
		spins++;
	}
	CHECK_W(csr_read(mip) & BIT(IRQ_MTI), "wfi loop ends with MTIP set",
		C_WFI);
	CHECK_W(mtime() >= cmp, "mtime reached mtimecmp", C_TIMER);
	CHECK_EQ_W(irq_log.n, 0, "no trap with MIE=0", C_WFI);

	/* MIE=1: the interrupt is taken; with a stalling WFI at pc + 4. */
	quiesce();
	csr_write(mie, BIT(IRQ_MTI));
	mmio_write64(CLINT_MTIMECMP, mtime() + 5000);
	uint64_t wfi_pc;
	volatile int *n = &irq_log.n;
	asm volatile("la %0, 1f\n"
		     "csrsi mstatus, 8\n"
		     ".option push\n.option norvc\n"
		     "1: wfi\n"
		     "lw t0, 0(%1)\n"
		     "beqz t0, 1b\n"
		     ".option pop\n"
		     "csrci mstatus, 8"
		     : "=&r"(wfi_pc)
		     : "r"(n)
		     : "t0", "memory");
	CHECK_LOG(1, L(IRQ_MTI), "M", "MTI taken after wfi", C_WFI);
	CHECK_W(irq_log.e[0].epc >= wfi_pc && irq_log.e[0].epc <= wfi_pc + 8,
		"interrupt taken in the wfi loop (mepc = wfi pc + 4 when the "
		"hart stalled)",
		C_WFI);
	quiesce();
}

int main(void)
{
	test_msi();
	test_mti();
	test_supervisor();
	test_priority();
	test_wfi();
	return test_done();
}
