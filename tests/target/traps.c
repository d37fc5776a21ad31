/*
 * traps - synchronous exceptions and the trap machinery: ECALL from U/S/M
 * (causes 8/9/11), illegal instructions (cause 2, mtval = the instruction
 * bits or 0), EBREAK (cause 3), delegation to S-mode through medeleg
 * (scause/sepc/stval/sstatus.SPP/SPIE), MRET/SRET and the privilege stack,
 * mstatus.TSR/TW/TVM, and the vectored mode of mtvec/stvec.
 *
 * Instruction-address-misaligned exceptions cannot happen with C (IALIGN
 * is 16 and JALR clears bit 0), so they are not tested.
 */
#include "common/test.h"

const char test_name[] = "traps";

#define C_ENV "machine.adoc: Environment Call and Breakpoint"
#define C_CAUSE "machine.adoc: Machine Cause (`mcause`) Register"
#define C_TVAL "machine.adoc: Machine Trap Value (`mtval`) Register"
#define C_CSRMAP "priv-csrs.adoc: CSR Address Mapping Conventions"
#define C_DELEG "machine.adoc: Machine Trap Delegation (`medeleg` and `mideleg`) Registers"
#define C_STACK "machine.adoc: Privilege and Global Interrupt-Enable Stack in `mstatus` register"
#define C_RET "machine.adoc: Trap-Return Instructions"
#define C_MPRV "machine.adoc: Memory Privilege in `mstatus` Register"
#define C_VIRT "machine.adoc: Virtualization Support in `mstatus` Register"
#define C_WFI "machine.adoc: Wait for Interrupt"
#define C_MTVEC "machine.adoc: Machine Trap-Vector Base-Address (`mtvec`) Register"
#define C_STVEC "supervisor.adoc: Supervisor Trap Vector Base Address (`stvec`)  Register"

#define INSN_CSRW_CYCLE 0xc0001073u /* csrrw x0, cycle, x0 */
#define INSN_MRET 0x30200073u
#define INSN_SRET 0x10200073u
#define INSN_WFI 0x10500073u
#define INSN_SFENCE 0x12000073u /* sfence.vma x0, x0 */
#define INSN_CSRR_SATP 0x18002573u /* csrrs a0, satp, x0 */
#define INSN_CSRW_SATP 0x18001073u /* csrrw x0, satp, x0 */

extern char m_vec_table[], s_vec_table[];
extern volatile uint64_t m_vec_hit, s_vec_hit;

/* ecall with a6/a7 cleared (not the run_lower return); returns its pc. */
static uint64_t do_ecall(uint64_t unused)
{
	uint64_t at;
	(void)unused;
	asm volatile("li a6, 0\n li a7, 0\n"
		     "la %0, 1f\n"
		     "1: ecall"
		     : "=&r"(at)
		     :
		     : "a6", "a7", "memory");
	return at;
}

/* An illegal instruction (write to the read-only cycle CSR); its pc. */
static uint64_t do_illegal(uint64_t unused)
{
	uint64_t at;
	(void)unused;
	asm volatile(".option push\n.option norvc\n"
		     "la %0, 1f\n"
		     "1: csrrw x0, cycle, x0\n"
		     ".option pop"
		     : "=&r"(at)::"memory");
	return at;
}

static uint64_t do_mret(uint64_t unused)
{
	uint64_t at;
	(void)unused;
	asm volatile("la %0, 1f\n1: mret" : "=&r"(at)::"memory");
	return at;
}

static uint64_t do_sret_illegal(uint64_t unused)
{
	uint64_t at;
	(void)unused;
	asm volatile("la %0, 1f\n1: sret" : "=&r"(at)::"memory");
	return at;
}

static void check_illegal(uint64_t at, uint32_t bits, char mode,
			  const char *what, const char *clause)
{
	CHECK_W(trap.taken == 1 && trap.mode == mode, what, clause);
	CHECK_EQ_W(trap.cause, CAUSE_ILLEGAL, what, clause);
	CHECK_EQ_W(trap.epc, at, what, clause);
	CHECK_W(trap.tval == bits || trap.tval == 0, what, C_TVAL);
}

static void test_ecall(void)
{
	uint64_t at;

	trap_arm();
	at = do_ecall(0);
	CHECK_EQ_W(trap.cause, CAUSE_ECALL_M, "ecall from M: mcause 11", C_ENV);
	CHECK_EQ_W(trap.epc, at, "ecall from M: mepc = the ecall", C_ENV);
	CHECK_EQ_W(trap.tval, 0, "ecall: mtval 0", C_TVAL);

	trap_arm();
	at = run_lower(PRV_S, do_ecall, 0);
	CHECK_EQ_W(trap.cause, CAUSE_ECALL_S, "ecall from S: mcause 9", C_ENV);
	CHECK_EQ_W(trap.epc, at, "ecall from S: mepc", C_ENV);
	CHECK_EQ_W((trap.status & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT, PRV_S,
		   "trap from S: MPP = S", C_STACK);

	trap_arm();
	at = run_lower(PRV_U, do_ecall, 0);
	CHECK_EQ_W(trap.cause, CAUSE_ECALL_U, "ecall from U: mcause 8", C_ENV);
	CHECK_EQ_W(trap.epc, at, "ecall from U: mepc", C_ENV);
	CHECK_EQ_W((trap.status & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT, PRV_U,
		   "trap from U: MPP = U", C_STACK);
}

static void test_illegal_and_ebreak(void)
{
	uint64_t at;

	trap_arm();
	at = do_illegal(0);
	check_illegal(at, INSN_CSRW_CYCLE, 'M', "write to read-only cycle in M",
		      C_CSRMAP);
	trap_arm();
	at = run_lower(PRV_U, do_illegal, 0);
	check_illegal(at, INSN_CSRW_CYCLE, 'M', "write to read-only cycle in U",
		      C_CSRMAP);

	/* xRET below its privilege is illegal. */
	trap_arm();
	at = run_lower(PRV_S, do_mret, 0);
	check_illegal(at, INSN_MRET, 'M', "mret in S", C_RET);
	trap_arm();
	at = run_lower(PRV_U, do_mret, 0);
	check_illegal(at, INSN_MRET, 'M', "mret in U", C_RET);
	trap_arm();
	at = run_lower(PRV_U, do_sret_illegal, 0);
	check_illegal(at, INSN_SRET, 'M', "sret in U", C_RET);

	trap_arm();
	asm volatile(".option push\n.option norvc\n"
		     "la %0, 1f\n1: ebreak\n.option pop"
		     : "=r"(at));
	CHECK_EQ_W(trap.cause, CAUSE_BREAKPOINT, "ebreak: mcause 3", C_ENV);
	CHECK_EQ_W(trap.epc, at, "ebreak: mepc", C_ENV);
	CHECK_W(trap.tval == 0 || trap.tval == at, "ebreak: mtval 0 or pc",
		C_TVAL);
}

/* S-mode: set SIE, then take a delegated illegal instruction; returns
 * sstatus after the handler's sret. */
static volatile uint64_t deleg_at;
static uint64_t s_delegated_illegal(uint64_t unused)
{
	(void)unused;
	csr_set(sstatus, MSTATUS_SIE);
	deleg_at = do_illegal(0);
	return csr_read(sstatus);
}

static uint64_t u_delegated_ecall(uint64_t unused)
{
	(void)unused;
	deleg_at = do_ecall(0);
	return 0;
}

static void test_delegation(void)
{
	uint64_t st;

	install_s_handler();
	csr_write(medeleg, (1UL << CAUSE_ILLEGAL) | (1UL << CAUSE_ECALL_U) |
				   (1UL << CAUSE_BREAKPOINT));

	trap_arm();
	st = run_lower(PRV_S, s_delegated_illegal, 0);
	CHECK_EQ_W(trap.mode, 'S', "delegated illegal instruction taken in S",
		   C_DELEG);
	CHECK_EQ_W(trap.cause, CAUSE_ILLEGAL, "scause = 2", C_DELEG);
	CHECK_EQ_W(trap.epc, deleg_at, "sepc = the instruction", C_DELEG);
	CHECK_W(trap.tval == INSN_CSRW_CYCLE || trap.tval == 0,
		"stval = the instruction bits or 0",
		"supervisor.adoc: Supervisor Trap Value (`stval`) Register");
	CHECK_W(trap.status & MSTATUS_SPP, "sstatus.SPP = 1 (from S)", C_DELEG);
	CHECK_W(trap.status & MSTATUS_SPIE, "sstatus.SPIE = old SIE (1)",
		C_DELEG);
	CHECK_W(!(trap.status & MSTATUS_SIE), "sstatus.SIE cleared on entry",
		C_DELEG);
	CHECK_W(st & MSTATUS_SIE, "sret restored SIE from SPIE", C_STACK);

	/* From U: SPP = 0; SPIE takes SIE (set while in U). */
	csr_set(mstatus, MSTATUS_SIE);
	trap_arm();
	run_lower(PRV_U, u_delegated_ecall, 0);
	csr_clear(mstatus, MSTATUS_SIE);
	CHECK_EQ_W(trap.mode, 'S', "delegated U ecall taken in S", C_DELEG);
	CHECK_EQ_W(trap.cause, CAUSE_ECALL_U, "scause = 8", C_DELEG);
	CHECK_EQ_W(trap.epc, deleg_at, "sepc = the ecall", C_DELEG);
	CHECK_EQ_W(trap.tval, 0, "stval = 0 for ecall",
		   "supervisor.adoc: Supervisor Trap Value (`stval`) Register");
	CHECK_W(!(trap.status & MSTATUS_SPP), "sstatus.SPP = 0 (from U)",
		C_DELEG);
	CHECK_W(trap.status & MSTATUS_SPIE, "sstatus.SPIE = SIE in U (1)",
		C_DELEG);

	/* Delegation does not apply to traps taken in M-mode. */
	trap_arm();
	uint64_t at = do_illegal(0);
	check_illegal(at, INSN_CSRW_CYCLE, 'M',
		      "illegal in M stays in M despite medeleg", C_DELEG);

	/* An undelegated cause from S still goes to M. */
	trap_arm();
	at = run_lower(PRV_S, do_ecall, 0);
	CHECK_W(trap.mode == 'M' && trap.cause == CAUSE_ECALL_S,
		"undelegated S ecall goes to M", C_DELEG);

	csr_write(medeleg, 0);
}

/* ---- MRET / SRET and the privilege stack -------------------------------- */

static void test_mret(void)
{
	uint64_t st;

	/* MRET to M: MIE = MPIE, MPIE = 1, MPP = U (least privileged). */
	csr_clear(mstatus, MSTATUS_MIE | MSTATUS_MPP);
	csr_set(mstatus, MSTATUS_MPIE | (3UL << MSTATUS_MPP_SHIFT));
	asm volatile("la t0, 1f\n"
		     "csrw mepc, t0\n"
		     "mret\n"
		     "1: csrr %0, mstatus\n"
		     "csrci mstatus, 8"
		     : "=r"(st)::"t0", "memory");
	CHECK_W(st & MSTATUS_MIE, "mret: MIE = MPIE (1)", C_STACK);
	CHECK_W(st & MSTATUS_MPIE, "mret: MPIE = 1", C_STACK);
	CHECK_EQ_W((st & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT, PRV_U,
		   "mret: MPP = U", C_STACK);

	csr_clear(mstatus, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP);
	csr_set(mstatus, 3UL << MSTATUS_MPP_SHIFT);
	asm volatile("la t0, 1f\n"
		     "csrw mepc, t0\n"
		     "mret\n"
		     "1: csrr %0, mstatus"
		     : "=r"(st)::"t0", "memory");
	CHECK_W(!(st & MSTATUS_MIE), "mret: MIE = MPIE (0)", C_STACK);
	CHECK_W(st & MSTATUS_MPIE, "mret: MPIE = 1", C_STACK);

	/* MRET to S (run_lower's mret): MIE = MPIE, MPRV cleared. The ecall
	 * from S then shows MPIE = the MIE S ran with. */
	csr_set(mstatus, MSTATUS_MPIE | MSTATUS_MPRV);
	trap_arm();
	run_lower(PRV_S, do_ecall, 0);
	CHECK_W(trap.status & MSTATUS_MPIE, "mret to S set MIE from MPIE (1)",
		C_STACK);
	/* QEMU 7.2 leaves MPRV set. */
	CHECK_XFAIL_QEMU(!(trap.status & MSTATUS_MPRV), "mret to S clears MPRV",
			 C_MPRV " / " C_STACK);
	csr_clear(mstatus, MSTATUS_MPIE | MSTATUS_MPRV);
	trap_arm();
	run_lower(PRV_S, do_ecall, 0);
	CHECK_W(!(trap.status & MSTATUS_MPIE),
		"mret to S set MIE from MPIE (0)", C_STACK);
}

/* In S: SRET to S with SPIE = spie; returns sstatus read after it. */
static uint64_t s_sret_to_s(uint64_t spie)
{
	uint64_t st;
	csr_clear(sstatus, MSTATUS_SIE | MSTATUS_SPIE);
	csr_set(sstatus, MSTATUS_SPP | (spie ? MSTATUS_SPIE : 0));
	asm volatile("la t0, 1f\n"
		     "csrw sepc, t0\n"
		     "sret\n"
		     "1: csrr %0, sstatus"
		     : "=r"(st)::"t0", "memory");
	csr_clear(sstatus, MSTATUS_SIE);
	return st;
}

/* In S: SRET to U, then ecall from U (continues in U, returns from U). */
static uint64_t s_sret_to_u(uint64_t unused)
{
	(void)unused;
	csr_clear(sstatus, MSTATUS_SPP);
	asm volatile("la t0, 1f\n"
		     "csrw sepc, t0\n"
		     "sret\n"
		     "1: li a6, 0\n li a7, 0\n ecall"
		     ::: "t0", "a6", "a7", "memory");
	return 0;
}

/* In M: SRET (legal in M) to S with MPRV set; then ecall from S. */
static uint64_t m_sret_to_s(uint64_t unused)
{
	(void)unused;
	csr_set(mstatus, MSTATUS_SPP | MSTATUS_MPRV);
	asm volatile("la t0, 1f\n"
		     "csrw sepc, t0\n"
		     "sret\n"
		     "1: li a6, 0\n li a7, 0\n ecall"
		     ::: "t0", "a6", "a7", "memory");
	return 0;
}

static void test_sret(void)
{
	uint64_t st = run_lower(PRV_S, s_sret_to_s, 1);
	CHECK_W(st & MSTATUS_SIE, "sret: SIE = SPIE (1)", C_STACK);
	CHECK_W(st & MSTATUS_SPIE, "sret: SPIE = 1", C_STACK);
	CHECK_W(!(st & MSTATUS_SPP), "sret: SPP = U", C_STACK);
	st = run_lower(PRV_S, s_sret_to_s, 0);
	CHECK_W(!(st & MSTATUS_SIE), "sret: SIE = SPIE (0)", C_STACK);

	trap_arm();
	run_lower(PRV_S, s_sret_to_u, 0);
	CHECK_EQ_W(trap.cause, CAUSE_ECALL_U, "sret with SPP=0 enters U",
		   C_STACK);

	/* TSR does not affect SRET in M-mode. */
	csr_set(mstatus, MSTATUS_TSR);
	trap_arm();
	run_lower(PRV_M, m_sret_to_s, 0);
	CHECK_EQ_W(trap.cause, CAUSE_ECALL_S, "sret in M (TSR=1) enters S",
		   C_STACK " / " C_VIRT);
	/* QEMU 7.2 leaves MPRV set. */
	CHECK_XFAIL_QEMU(!(trap.status & MSTATUS_MPRV), "sret to S clears MPRV",
			 C_MPRV " / " C_STACK);
	csr_clear(mstatus, MSTATUS_TSR);
}

/* ---- TSR / TW / TVM ----------------------------------------------------- */

static uint64_t s_sret_next(uint64_t unused)
{
	uint64_t at;
	(void)unused;
	csr_set(sstatus, MSTATUS_SPP);
	asm volatile("la t0, 1f\n"
		     "csrw sepc, t0\n"
		     "la %0, 2f\n"
		     "2: sret\n"
		     "1:"
		     : "=&r"(at)::"t0", "memory");
	return at;
}

static uint64_t s_wfi(uint64_t unused)
{
	uint64_t at;
	(void)unused;
	asm volatile(".option push\n.option norvc\n"
		     "la %0, 1f\n1: wfi\n.option pop"
		     : "=&r"(at)::"memory");
	return at;
}

/* The TVM-controlled operations, one per function; each returns its pc. */
static uint64_t s_csrr_satp(uint64_t unused)
{
	uint64_t at;
	(void)unused;
	asm volatile(".option push\n.option norvc\n"
		     "la %0, 1f\n1: csrrs a0, satp, x0\n.option pop"
		     : "=&r"(at)::"a0", "memory");
	return at;
}
static uint64_t s_csrw_satp(uint64_t unused)
{
	uint64_t at;
	(void)unused;
	asm volatile(".option push\n.option norvc\n"
		     "la %0, 1f\n1: csrw satp, x0\n.option pop"
		     : "=&r"(at)::"memory");
	return at;
}
static uint64_t s_sfence(uint64_t unused)
{
	uint64_t at;
	(void)unused;
	asm volatile(".option push\n.option norvc\n"
		     "la %0, 1f\n1: sfence.vma\n.option pop"
		     : "=&r"(at)::"memory");
	return at;
}

static void test_tsr_tw_tvm(void)
{
	uint64_t at;

	csr_set(mstatus, MSTATUS_TSR);
	trap_arm();
	at = run_lower(PRV_S, s_sret_next, 0);
	check_illegal(at, INSN_SRET, 'M', "sret in S with TSR=1", C_VIRT);
	csr_clear(mstatus, MSTATUS_TSR);
	trap_arm();
	run_lower(PRV_S, s_sret_next, 0);
	trap_armed = 0;
	CHECK_EQ_W(trap.taken, 0, "sret in S with TSR=0 does not trap", C_VIRT);

	/* TW=1: WFI in S with nothing pending must trap. */
	csr_set(mstatus, MSTATUS_TW);
	trap_arm();
	at = run_lower(PRV_S, s_wfi, 0);
	check_illegal(at, INSN_WFI, 'M', "wfi in S with TW=1", C_VIRT);
	csr_clear(mstatus, MSTATUS_TW);

	/* TW=0: WFI in S completes; an SSI enabled in mie but delegated and
	 * masked by SIE=0 makes it resume at once (C_WFI). */
	csr_write(mideleg, 1UL << IRQ_SSI);
	csr_write(mie, 1UL << IRQ_SSI);
	csr_set(mip, 1UL << IRQ_SSI);
	irq_log_clear();
	trap_arm();
	run_lower(PRV_S, s_wfi, 0);
	trap_armed = 0;
	CHECK_EQ_W(trap.taken, 0, "wfi in S with TW=0 does not trap",
		   C_VIRT " / " C_WFI);
	CHECK_EQ_W(irq_log.n, 0, "no interrupt taken (SIE=0)", C_WFI);
	/* WFI in M ignores TW. */
	csr_set(mstatus, MSTATUS_TW);
	trap_arm();
	asm volatile("wfi");
	trap_armed = 0;
	CHECK_EQ_W(trap.taken, 0, "wfi in M with TW=1 does not trap", C_VIRT);
	csr_clear(mstatus, MSTATUS_TW);
	csr_clear(mip, 1UL << IRQ_SSI);
	csr_write(mie, 0);
	csr_write(mideleg, 0);

	/* TVM=1: satp reads/writes and sfence.vma in S are illegal. */
	csr_write(satp, 0);
	csr_set(mstatus, MSTATUS_TVM);
	trap_arm();
	at = run_lower(PRV_S, s_csrr_satp, 0);
	check_illegal(at, INSN_CSRR_SATP, 'M', "csrr satp in S, TVM=1", C_VIRT);
	trap_arm();
	at = run_lower(PRV_S, s_csrw_satp, 0);
	check_illegal(at, INSN_CSRW_SATP, 'M', "csrw satp in S, TVM=1", C_VIRT);
	trap_arm();
	at = run_lower(PRV_S, s_sfence, 0);
	check_illegal(at, INSN_SFENCE, 'M', "sfence.vma in S, TVM=1", C_VIRT);
	/* M-mode is not affected by TVM. */
	trap_arm();
	csr_write(satp, 0);
	(void)csr_read(satp);
	sfence_vma_all();
	trap_armed = 0;
	CHECK_EQ_W(trap.taken, 0, "satp/sfence.vma in M with TVM=1", C_VIRT);
	csr_clear(mstatus, MSTATUS_TVM);

	trap_arm();
	run_lower(PRV_S, s_csrr_satp, 0);
	run_lower(PRV_S, s_csrw_satp, 0);
	run_lower(PRV_S, s_sfence, 0);
	trap_armed = 0;
	CHECK_EQ_W(trap.taken, 0, "satp and sfence.vma in S with TVM=0",
		   C_VIRT);
}

/* ---- vectored mtvec / stvec --------------------------------------------- */

static uint64_t s_enable_sie(uint64_t unused)
{
	(void)unused;
	csr_set(sstatus, MSTATUS_SIE);
	asm volatile("nop\nnop\nnop");
	csr_clear(sstatus, MSTATUS_SIE);
	return 0;
}

static void test_vectored(void)
{
	csr_write(mtvec, (uint64_t)m_vec_table | 1);
	CHECK_EQ_W(csr_read(mtvec), (uint64_t)m_vec_table | 1,
		   "mtvec holds a vectored base", C_MTVEC);

	/* Machine software interrupt: BASE + 4 * 3. */
	m_vec_hit = ~0UL;
	irq_log_clear();
	csr_write(mie, 1UL << IRQ_MSI);
	mmio_write32(CLINT_MSIP, 1);
	csr_set(mstatus, MSTATUS_MIE);
	asm volatile("nop\nnop");
	csr_clear(mstatus, MSTATUS_MIE);
	mmio_write32(CLINT_MSIP, 0);
	CHECK_EQ_W(m_vec_hit, IRQ_MSI, "MSI enters mtvec BASE + 4*3", C_MTVEC);
	CHECK_W(irq_log.n == 1 && irq_log.e[0].cause == IRQ_MSI,
		"MSI taken once", C_MTVEC);

	/* Machine timer interrupt (mtimecmp = 0 is already due): BASE + 28. */
	m_vec_hit = ~0UL;
	irq_log_clear();
	mmio_write64(CLINT_MTIMECMP, 0);
	csr_write(mie, 1UL << IRQ_MTI);
	csr_set(mstatus, MSTATUS_MIE);
	asm volatile("nop\nnop");
	csr_clear(mstatus, MSTATUS_MIE);
	mmio_write64(CLINT_MTIMECMP, ~0UL);
	CHECK_EQ_W(m_vec_hit, IRQ_MTI, "MTI enters mtvec BASE + 0x1c", C_MTVEC);

	/* Exceptions go to BASE. */
	m_vec_hit = ~0UL;
	trap_arm();
	do_ecall(0);
	CHECK_EQ_W(m_vec_hit, 0, "exception enters mtvec BASE", C_MTVEC);
	CHECK_EQ_W(trap.cause, CAUSE_ECALL_M, "exception handled", C_MTVEC);
	csr_write(mtvec, (uint64_t)m_trap_entry);

	/* stvec vectored: a delegated SSI enters BASE + 4. */
	csr_write(stvec, (uint64_t)s_vec_table | 1);
	CHECK_EQ_W(csr_read(stvec), (uint64_t)s_vec_table | 1,
		   "stvec holds a vectored base", C_STVEC);
	s_vec_hit = ~0UL;
	irq_log_clear();
	csr_write(mideleg, 1UL << IRQ_SSI);
	csr_write(mie, 1UL << IRQ_SSI);
	csr_set(mip, 1UL << IRQ_SSI);
	run_lower(PRV_S, s_enable_sie, 0);
	csr_clear(mip, 1UL << IRQ_SSI);
	CHECK_EQ_W(s_vec_hit, IRQ_SSI, "SSI enters stvec BASE + 4", C_STVEC);
	CHECK_W(irq_log.n == 1 && irq_log.e[0].mode == 'S',
		"SSI taken in S once", C_STVEC);
	csr_write(mie, 0);
	csr_write(mideleg, 0);
	install_s_handler();
}

int main(void)
{
	test_ecall();
	test_illegal_and_ebreak();
	test_delegation();
	test_mret();
	test_sret();
	test_tsr_tw_tvm();
	test_vectored();
	return test_done();
}
