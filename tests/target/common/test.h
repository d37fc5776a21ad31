/*
 * test.h - the runtime every bare-metal target test links against.
 *
 * A test is one program that starts in M-mode at 0x8000_0000 (start.S),
 * runs main(), and ends through the SiFive test finisher. It checks the
 * hart against the RISC-V specifications (text in /work/shared/spec/isa);
 * every check names the clause it checks as "<file>: <section title>".
 *
 * Output protocol (read by tests/target/run.sh):
 *   FAIL <test>: <what> (<clause>)        a failed check
 *   XFAIL-QEMU <test>: <what> (<clause>)  a failed check that QEMU 7.2 is
 *                                         known to fail (see the runner)
 *   PASS <test>                           printed by test_done() when no
 *                                         check failed
 *
 * Rules for test code:
 *  - CHECK* and the print functions touch the UART and are for M-mode
 *    only. Code run in S or U mode (run_lower) stores its observations in
 *    memory and returns; M-mode checks them afterwards.
 *  - Expected traps: trap_arm() then the instruction; the handler of the
 *    mode that takes the trap (M, or S when delegated through medeleg)
 *    records it in `trap` and resumes after the faulting instruction
 *    (or at ra for instruction-fetch faults, so a fault on a call through a
 *    function pointer behaves like a return).
 */
#ifndef HMVIRT_TEST_H
#define HMVIRT_TEST_H

/* ---- constants shared with start.S -------------------------------------- */

#define RAM_BASE 0x80000000UL
#define UART_BASE 0x10000000UL
#define FINISHER_BASE 0x100000UL
#define CLINT_MSIP 0x2000000UL
#define CLINT_MTIMECMP 0x2004000UL
#define CLINT_MTIME 0x200BFF8UL

/* a7/a6 of the ecall that returns from run_lower() to M-mode. */
#define LOWER_RET_A7 0x52455455UL /* "RETU" */
#define LOWER_RET_A6 0x4C4F5752UL /* "LOWR" */
/* a6 of the ecall with which the S handler aborts a lower-mode run. */
#define LOWER_ABORT_A6 0x41424F52UL /* "ABOR" */

/* Trap frame: x0..x31 at 8*i (x2 is the interrupted sp). */
#define FRAME_SIZE (32 * 8)

#define PRV_U 0
#define PRV_S 1
#define PRV_M 3

#ifndef __ASSEMBLER__

#include <stdint.h>
#include <stddef.h>

/* ---- mstatus / interrupt bits ------------------------------------------- */

#define MSTATUS_SIE (1UL << 1)
#define MSTATUS_MIE (1UL << 3)
#define MSTATUS_SPIE (1UL << 5)
#define MSTATUS_MPIE (1UL << 7)
#define MSTATUS_SPP (1UL << 8)
#define MSTATUS_MPP_SHIFT 11
#define MSTATUS_MPP (3UL << 11)
#define MSTATUS_MPRV (1UL << 17)
#define MSTATUS_SUM (1UL << 18)
#define MSTATUS_MXR (1UL << 19)
#define MSTATUS_TVM (1UL << 20)
#define MSTATUS_TW (1UL << 21)
#define MSTATUS_TSR (1UL << 22)
#define MSTATUS_UXL_SHIFT 32
#define MSTATUS_SXL_SHIFT 34

#define IRQ_SSI 1
#define IRQ_MSI 3
#define IRQ_STI 5
#define IRQ_MTI 7
#define IRQ_SEI 9
#define IRQ_MEI 11

#define CAUSE_INTR (1UL << 63)
#define CAUSE_FETCH_MISALIGNED 0
#define CAUSE_FETCH_ACCESS 1
#define CAUSE_ILLEGAL 2
#define CAUSE_BREAKPOINT 3
#define CAUSE_LOAD_MISALIGNED 4
#define CAUSE_LOAD_ACCESS 5
#define CAUSE_STORE_MISALIGNED 6
#define CAUSE_STORE_ACCESS 7
#define CAUSE_ECALL_U 8
#define CAUSE_ECALL_S 9
#define CAUSE_ECALL_M 11
#define CAUSE_FETCH_PAGE 12
#define CAUSE_LOAD_PAGE 13
#define CAUSE_STORE_PAGE 15

/* ---- CSR accessors ------------------------------------------------------ */

#define CSR_STR_(x) #x
#define CSR_STR(x) CSR_STR_(x)

#define csr_read(csr)                                                  \
	({                                                             \
		uint64_t v_;                                           \
		asm volatile("csrr %0, " CSR_STR(csr) : "=r"(v_)::"memory"); \
		v_;                                                    \
	})
#define csr_write(csr, val)                                              \
	asm volatile("csrw " CSR_STR(csr) ", %0" ::"r"((uint64_t)(val)) \
		     : "memory")
#define csr_set(csr, val)                                                \
	asm volatile("csrs " CSR_STR(csr) ", %0" ::"r"((uint64_t)(val)) \
		     : "memory")
#define csr_clear(csr, val)                                              \
	asm volatile("csrc " CSR_STR(csr) ", %0" ::"r"((uint64_t)(val)) \
		     : "memory")
#define csr_swap(csr, val)                                             \
	({                                                             \
		uint64_t v_;                                           \
		asm volatile("csrrw %0, " CSR_STR(csr) ", %1"          \
			     : "=r"(v_)                                \
			     : "r"((uint64_t)(val))                    \
			     : "memory");                              \
		v_;                                                    \
	})

static inline void mmio_write32(uint64_t addr, uint32_t v)
{
	*(volatile uint32_t *)addr = v;
}
static inline uint32_t mmio_read32(uint64_t addr)
{
	return *(volatile uint32_t *)addr;
}
static inline void mmio_write64(uint64_t addr, uint64_t v)
{
	*(volatile uint64_t *)addr = v;
}
static inline uint64_t mmio_read64(uint64_t addr)
{
	return *(volatile uint64_t *)addr;
}

/* ---- console and exit --------------------------------------------------- */

void putchar(int c);
void puts(const char *s); /* no newline added */
void printhex(uint64_t v); /* 0x-prefixed, 16 digits */
void printdec(int64_t v);
__attribute__((noreturn)) void exit(int code);

/* ---- checks ------------------------------------------------------------- */

/* Every test defines this: the name printed in PASS/FAIL lines. */
extern const char test_name[];

extern int test_failures; /* checks failed so far */
extern int test_xfails; /* XFAIL-QEMU checks failed so far */

/* Records a failed check when !ok; returns ok. */
int check_(int ok, const char *what, const char *clause);
/* As check_, and prints the two values when they differ. */
int check_eq_(uint64_t got, uint64_t exp, const char *what,
	      const char *clause);
/* A check that QEMU 7.2 is known to fail: prints XFAIL-QEMU, not FAIL. */
int check_xfail_qemu_(int ok, const char *what, const char *clause);

#define CHECK(cond, clause) check_(!!(cond), #cond, clause)
#define CHECK_EQ(got, exp, clause) \
	check_eq_((uint64_t)(got), (uint64_t)(exp), #got " == " #exp, clause)
/* what: a short description, for checks inside loops/tables. */
#define CHECK_EQ_W(got, exp, what, clause) \
	check_eq_((uint64_t)(got), (uint64_t)(exp), what, clause)
#define CHECK_W(cond, what, clause) check_(!!(cond), what, clause)
#define CHECK_XFAIL_QEMU(cond, what, clause) \
	check_xfail_qemu_(!!(cond), what, clause)

/* Prints PASS <test> when no check failed; the value for main to return. */
int test_done(void);

/* ---- traps -------------------------------------------------------------- */

/* The last expected trap, filled by the M or S handler. */
struct trap_info {
	uint64_t cause, epc, tval;
	uint64_t status; /* mstatus (M) or sstatus (S) right after entry */
	int taken; /* number of expected traps recorded since trap_arm */
	char mode; /* 'M' or 'S' (HS), or 'V' (VS, hyp.h): the mode that
		      took it */
	/* Hypervisor extension only (hyp.h; 0 without hyp_init()): */
	uint64_t tval2; /* mtval2 (M) or htval (HS) */
	uint64_t tinst; /* mtinst (M) or htinst (HS) */
	uint64_t hstatus; /* hstatus right after entry (HS) */
	int virt; /* V of the trapped mode: mstatus.MPV (M), hstatus.SPV
		     (HS), 1 (VS) */
	int gva; /* mstatus.GVA (M) or hstatus.GVA (HS) */
};
extern volatile struct trap_info trap;
extern volatile int trap_armed;

/* Expect one exception: the next one is recorded in `trap`, not failed. */
static inline void trap_arm(void)
{
	trap.taken = 0;
	trap.cause = trap.epc = trap.tval = trap.status = ~0UL;
	trap.tval2 = trap.tinst = trap.hstatus = ~0UL;
	trap.virt = trap.gva = -1;
	trap.mode = 0;
	asm volatile("" ::: "memory");
	trap_armed = 1;
	asm volatile("" ::: "memory");
}

/* Interrupts taken, in order. A handler masks the taken interrupt in mie
 * (M) or sie (S) so that it is taken once. */
#define IRQ_LOG_MAX 16
struct irq_entry {
	uint64_t cause; /* without the interrupt bit */
	uint64_t epc;
	char mode; /* 'M' or 'S' (or 'V': VS, hyp.h) */
	int prv; /* privilege interrupted: M: from MPP; S: from SPP */
};
struct irq_log {
	int n;
	struct irq_entry e[IRQ_LOG_MAX];
};
extern volatile struct irq_log irq_log;
void irq_log_clear(void);

/* S-mode handler (stvec) provided by the runtime; installed by
 * install_s_handler(). */
extern char s_trap_entry[];
extern char m_trap_entry[];
void install_s_handler(void);

/* Run fn(arg) in privilege `prv` (PRV_S, PRV_U, or PRV_M for code that
 * changes mode itself) with the current satp,
 * starting from the current mstatus; returns fn's value once fn returns
 * (the return goes through an ecall to M-mode). mstatus is restored to its
 * value at the call. Returns RUN_ABORTED (after recording a failure) when
 * the lower mode took an unexpected trap. */
#define RUN_ABORTED 0xdeadabad0bad0bad
uint64_t run_lower(int prv, uint64_t (*fn)(uint64_t), uint64_t arg);

/* ---- misc --------------------------------------------------------------- */

static inline void fence_i(void)
{
	asm volatile("fence.i" ::: "memory");
}
static inline void sfence_vma_all(void)
{
	asm volatile("sfence.vma" ::: "memory");
}
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);

/* ---- page tables (vm.c) ------------------------------------------------- */

#define PTE_V (1UL << 0)
#define PTE_R (1UL << 1)
#define PTE_W (1UL << 2)
#define PTE_X (1UL << 3)
#define PTE_U (1UL << 4)
#define PTE_G (1UL << 5)
#define PTE_A (1UL << 6)
#define PTE_D (1UL << 7)
#define PTE_PPN_SHIFT 10

#define SATP_MODE_BARE 0UL
#define SATP_MODE_SV39 8UL
#define SATP_MODE_SV48 9UL
#define SATP_MODE_SHIFT 60
#define SATP_ASID_SHIFT 44

#define PAGE_SIZE 4096UL

/* A fresh zeroed page-table page from a pool in .bss. */
uint64_t *pt_alloc(void);
/* Give every pool page back (the tables built so far become garbage). */
void pt_reset(void);
/* Map va -> pa with a leaf at `level` (0: 4 KiB, 1: 2 MiB, 2: 1 GiB,
 * 3: 512 GiB) in a table of `levels` levels (3: Sv39, 4: Sv48), creating
 * non-leaf tables as needed. flags: the low PTE bits (V is added).
 * Returns the leaf PTE. */
uint64_t *pt_map(uint64_t *root, int levels, uint64_t va, uint64_t pa,
		 int level, uint64_t flags);
/* The PTE for va at `level`, or 0 if the walk does not reach it. */
uint64_t *pt_entry(uint64_t *root, int levels, uint64_t va, int level);
static inline uint64_t pte_make(uint64_t pa, uint64_t flags)
{
	return ((pa >> 12) << PTE_PPN_SHIFT) | flags;
}
static inline uint64_t satp_make(uint64_t mode, uint64_t asid,
				 const uint64_t *root)
{
	return (mode << SATP_MODE_SHIFT) | (asid << SATP_ASID_SHIFT) |
	       ((uint64_t)root >> 12);
}
/* A root whose RAM gigapage (0x8000_0000, 1 GiB) maps identity with
 * `flags` (e.g. PTE_R|PTE_W|PTE_X|PTE_A|PTE_D, plus PTE_U for U-mode
 * tests), so the runtime, stacks and data are reachable translated. */
uint64_t *vm_identity_root(int levels, uint64_t flags);
/* satp = v; sfence.vma (from M). */
void vm_set_satp(uint64_t satp);

#endif /* __ASSEMBLER__ */
#endif /* HMVIRT_TEST_H */
