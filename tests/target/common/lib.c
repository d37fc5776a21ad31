/*
 * lib.c - console, exit, checks and the M/S trap handlers of the target
 * test runtime. See test.h for the contract.
 */
#include "test.h"

/* ---- console: ns16550a at UART_BASE ------------------------------------- */

#define UART_THR 0
#define UART_LSR 5
#define UART_LSR_THRE (1u << 5)

void putchar(int c)
{
	volatile uint8_t *uart = (volatile uint8_t *)UART_BASE;
	while (!(uart[UART_LSR] & UART_LSR_THRE))
		;
	uart[UART_THR] = (uint8_t)c;
}

void puts(const char *s)
{
	while (*s)
		putchar(*s++);
}

void printhex(uint64_t v)
{
	puts("0x");
	for (int i = 60; i >= 0; i -= 4)
		putchar("0123456789abcdef"[(v >> i) & 15]);
}

void printdec(int64_t v)
{
	char buf[24];
	int n = 0;
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
	if (v < 0)
		putchar('-');
	do {
		buf[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	while (n)
		putchar(buf[--n]);
}

/* SiFive test finisher: 0x5555 = pass, (code << 16) | 0x3333 = fail. */
void exit(int code)
{
	uint32_t v = code ? ((uint32_t)code << 16) | 0x3333 : 0x5555;
	mmio_write32(FINISHER_BASE, v);
	for (;;)
		asm volatile("wfi");
}

void *memset(void *d, int c, size_t n)
{
	volatile uint8_t *p = d;
	while (n--)
		*p++ = (uint8_t)c;
	return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
	volatile uint8_t *p = d;
	const volatile uint8_t *q = s;
	while (n--)
		*p++ = *q++;
	return d;
}

/* ---- checks ------------------------------------------------------------- */

int test_failures;
int test_xfails;

static void report(const char *tag, const char *what, const char *clause)
{
	puts(tag);
	puts(" ");
	puts(test_name);
	puts(": ");
	puts(what);
	puts(" (");
	puts(clause);
	puts(")\n");
}

int check_(int ok, const char *what, const char *clause)
{
	if (!ok) {
		test_failures++;
		report("FAIL", what, clause);
	}
	return ok;
}

int check_eq_(uint64_t got, uint64_t exp, const char *what,
	      const char *clause)
{
	if (got == exp)
		return 1;
	test_failures++;
	puts("FAIL ");
	puts(test_name);
	puts(": ");
	puts(what);
	puts(": got ");
	printhex(got);
	puts(", expected ");
	printhex(exp);
	puts(" (");
	puts(clause);
	puts(")\n");
	return 0;
}

int check_xfail_qemu_(int ok, const char *what, const char *clause)
{
	if (!ok) {
		test_xfails++;
		report("XFAIL-QEMU", what, clause);
	}
	return ok;
}

int test_done(void)
{
	if (test_failures) {
		puts("FAIL ");
		puts(test_name);
		puts(": ");
		printdec(test_failures);
		puts(" check(s) failed\n");
		return 1;
	}
	puts("PASS ");
	puts(test_name);
	if (test_xfails) {
		puts(" (");
		printdec(test_xfails);
		puts(" XFAIL-QEMU)");
	}
	puts("\n");
	return 0;
}

/* ---- traps -------------------------------------------------------------- */

volatile struct trap_info trap;
volatile int trap_armed;
volatile struct irq_log irq_log;

/* An unexpected trap taken by the S (or VS) handler, reported by M. */
static volatile struct {
	uint64_t cause, epc, tval;
	char mode;
} s_unexpected;

/* Set by hyp_init() (hyp.c): the hart has the hypervisor extension, so the
 * handlers also record its trap CSRs (see struct trap_info). */
int trap_h;

/* hstatus/mstatus bits the handlers read (hyp.h has the full set). */
#define H_MSTATUS_GVA (1UL << 38)
#define H_MSTATUS_MPV (1UL << 39)
#define H_HSTATUS_GVA (1UL << 6)
#define H_HSTATUS_SPV (1UL << 7)
#define H_CAUSE_ECALL_VS 10
#define H_CAUSE_FETCH_GPAGE 20
#define H_CAUSE_LOAD_GPAGE 21

void irq_log_clear(void)
{
	irq_log.n = 0;
}

static void irq_record(uint64_t code, uint64_t epc, char mode, int prv)
{
	int n = irq_log.n;
	if (n < IRQ_LOG_MAX) {
		irq_log.e[n].cause = code;
		irq_log.e[n].epc = epc;
		irq_log.e[n].mode = mode;
		irq_log.e[n].prv = prv;
		irq_log.n = n + 1;
	}
}

uint16_t read_insn_half_mprv(uint64_t epc);
void lower_resume(uint64_t value) __attribute__((noreturn));
void m_trap_c(uint64_t *f);
void s_trap_c(uint64_t *f);
void vs_trap_c(uint64_t *f);

/* Where to resume after an expected exception at epc: past the
 * instruction, or at the caller (ra) when the fetch itself failed. */
static int is_fetch_fault(uint64_t cause)
{
	return cause == CAUSE_FETCH_MISALIGNED ||
	       cause == CAUSE_FETCH_ACCESS || cause == CAUSE_FETCH_PAGE ||
	       (trap_h && cause == H_CAUSE_FETCH_GPAGE);
}

/* Resume an expected exception at ra: fetch faults, and (H only) a load
 * guest-page fault whose address is the pc itself, which is a fetch that
 * QEMU 7.2 misreports (h_gstage checks the cause). */
static int resume_at_ra(uint64_t cause, uint64_t epc, uint64_t tval)
{
	return is_fetch_fault(cause) ||
	       (trap_h && cause == H_CAUSE_LOAD_GPAGE && epc == tval);
}

static void report_trap(const char *who, uint64_t cause, uint64_t epc,
			uint64_t tval)
{
	test_failures++;
	puts("FAIL ");
	puts(test_name);
	puts(": unexpected trap into ");
	puts(who);
	puts(" cause=");
	printhex(cause);
	puts(" epc=");
	printhex(epc);
	puts(" tval=");
	printhex(tval);
	puts("\n");
}

/*
 * M-mode trap handler. Interrupts are logged and masked in mie; the ecall
 * that ends a run_lower() returns to its caller; an armed exception is
 * recorded and skipped; anything else is a failure (the lower-mode run is
 * aborted, or the test exits when M-mode itself trapped).
 */
void m_trap_c(uint64_t *f)
{
	uint64_t cause = csr_read(mcause);
	uint64_t epc = csr_read(mepc);
	uint64_t tval = csr_read(mtval);
	uint64_t st = csr_read(mstatus);
	int from = (int)((st & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);

	if (cause & CAUSE_INTR) {
		uint64_t code = cause & ~CAUSE_INTR;
		irq_record(code, epc, 'M', from);
		if (code < 64)
			csr_clear(mie, 1UL << code);
		return;
	}
	if ((cause == CAUSE_ECALL_U || cause == CAUSE_ECALL_S ||
	     cause == CAUSE_ECALL_M ||
	     (trap_h && cause == H_CAUSE_ECALL_VS)) &&
	    f[17] == LOWER_RET_A7) {
		if (f[16] == LOWER_RET_A6)
			lower_resume(f[10]);
		if (f[16] == LOWER_ABORT_A6) {
			report_trap(s_unexpected.mode == 'V' ? "VS" : "S",
				    s_unexpected.cause, s_unexpected.epc,
				    s_unexpected.tval);
			lower_resume(RUN_ABORTED);
		}
	}
	if (trap_armed) {
		trap_armed = 0;
		trap.cause = cause;
		trap.epc = epc;
		trap.tval = tval;
		trap.status = st;
		trap.mode = 'M';
		if (trap_h) {
			trap.tval2 = csr_read(mtval2);
			trap.tinst = csr_read(mtinst);
			trap.virt = !!(st & H_MSTATUS_MPV);
			trap.gva = !!(st & H_MSTATUS_GVA);
		}
		trap.taken++;
		if (resume_at_ra(cause, epc, tval)) {
			csr_write(mepc, f[1]);
		} else {
			uint16_t h = from == PRV_M ? *(volatile uint16_t *)epc
						   : read_insn_half_mprv(epc);
			csr_write(mepc, epc + ((h & 3) == 3 ? 4 : 2));
		}
		return;
	}
	report_trap("M", cause, epc, tval);
	if (from != PRV_M)
		lower_resume(RUN_ABORTED);
	exit(1);
}

/* The ecall by which S hands a lower-mode return/abort to M. */
static void __attribute__((noreturn)) s_to_m(uint64_t a0v, uint64_t a6v)
{
	register uint64_t a0 asm("a0") = a0v;
	register uint64_t a6 asm("a6") = a6v;
	register uint64_t a7 asm("a7") = LOWER_RET_A7;
	asm volatile("ecall" ::"r"(a0), "r"(a6), "r"(a7) : "memory");
	for (;;)
		;
}

/*
 * S-mode trap handler (for traps delegated through medeleg/mideleg): the
 * same policy as m_trap_c, in S-mode terms. The return ecall of a U-mode
 * run delegated to S is passed on to M.
 */
int (*volatile s_trap_hook)(uint64_t *f);

void s_trap_c(uint64_t *f)
{
	if (s_trap_hook && s_trap_hook(f))
		return;
	uint64_t cause = csr_read(scause);
	uint64_t epc = csr_read(sepc);
	uint64_t tval = csr_read(stval);
	uint64_t st = csr_read(sstatus);
	int from = (st & MSTATUS_SPP) ? PRV_S : PRV_U;

	if (cause & CAUSE_INTR) {
		uint64_t code = cause & ~CAUSE_INTR;
		irq_record(code, epc, 'S', from);
		if (code < 64) {
			csr_clear(sie, 1UL << code);
			if (trap_h) /* VS-level and guest external: hie */
				csr_clear(hie, 1UL << code);
		}
		return;
	}
	if (cause == CAUSE_ECALL_U && f[17] == LOWER_RET_A7 &&
	    f[16] == LOWER_RET_A6)
		s_to_m(f[10], LOWER_RET_A6);
	/* From VS/VU: a run_virt() return, or a VS handler's abort. */
	if (trap_h && (cause == CAUSE_ECALL_U || cause == H_CAUSE_ECALL_VS) &&
	    f[17] == LOWER_RET_A7 &&
	    (f[16] == LOWER_RET_A6 || f[16] == LOWER_ABORT_A6))
		s_to_m(f[10], f[16]);
	if (trap_armed) {
		uint64_t hst = trap_h ? csr_read(hstatus) : 0;
		trap_armed = 0;
		trap.cause = cause;
		trap.epc = epc;
		trap.tval = tval;
		trap.status = st;
		trap.mode = 'S';
		if (trap_h) {
			trap.tval2 = csr_read(htval);
			trap.tinst = csr_read(htinst);
			trap.hstatus = hst;
			trap.virt = !!(hst & H_HSTATUS_SPV);
			trap.gva = !!(hst & H_HSTATUS_GVA);
		}
		trap.taken++;
		if (resume_at_ra(cause, epc, tval)) {
			csr_write(sepc, f[1]);
		} else if (hst & H_HSTATUS_SPV) {
			/* The guest's instruction, as the guest sees it:
			 * HLVX.HU with SPVP = the trapped privilege. */
			uint64_t h;
			asm volatile(".insn r 0x73, 4, 0x32, %0, %1, x3"
				     : "=r"(h)
				     : "r"(epc)
				     : "memory");
			csr_write(sepc, epc + ((h & 3) == 3 ? 4 : 2));
		} else {
			uint64_t h, save;
			asm volatile("csrrs %1, sstatus, %2\n\t"
				     "lhu %0, 0(%3)\n\t"
				     "csrw sstatus, %1"
				     : "=&r"(h), "=&r"(save)
				     : "r"(MSTATUS_SUM | MSTATUS_MXR), "r"(epc)
				     : "memory");
			csr_write(sepc, epc + ((h & 3) == 3 ? 4 : 2));
		}
		return;
	}
	s_unexpected.cause = cause;
	s_unexpected.epc = epc;
	s_unexpected.tval = tval;
	s_unexpected.mode = 'S';
	s_to_m(0, LOWER_ABORT_A6);
}

/*
 * VS-mode trap handler (vstvec = vs_trap_entry, installed by hyp_init()):
 * for traps delegated through hedeleg/hideleg. It runs with V=1, so its
 * sstatus/sepc/scause/stval/sie accesses reach the vs* CSRs. Same policy
 * as s_trap_c; records mode 'V'. The return ecall of a VU-mode run is
 * passed on (as an ecall from VS, to HS or M).
 */
void vs_trap_c(uint64_t *f)
{
	uint64_t cause = csr_read(scause);
	uint64_t epc = csr_read(sepc);
	uint64_t tval = csr_read(stval);
	uint64_t st = csr_read(sstatus);
	int from = (st & MSTATUS_SPP) ? PRV_S : PRV_U;

	if (cause & CAUSE_INTR) {
		uint64_t code = cause & ~CAUSE_INTR;
		irq_record(code, epc, 'V', from);
		if (code < 64)
			csr_clear(sie, 1UL << code);
		return;
	}
	if (cause == CAUSE_ECALL_U && f[17] == LOWER_RET_A7 &&
	    f[16] == LOWER_RET_A6)
		s_to_m(f[10], LOWER_RET_A6);
	if (trap_armed) {
		trap_armed = 0;
		trap.cause = cause;
		trap.epc = epc;
		trap.tval = tval;
		trap.status = st;
		trap.mode = 'V';
		trap.virt = 1;
		trap.taken++;
		if (resume_at_ra(cause, epc, tval)) {
			csr_write(sepc, f[1]);
		} else {
			uint64_t h, save;
			asm volatile("csrrs %1, sstatus, %2\n\t"
				     "lhu %0, 0(%3)\n\t"
				     "csrw sstatus, %1"
				     : "=&r"(h), "=&r"(save)
				     : "r"(MSTATUS_SUM | MSTATUS_MXR), "r"(epc)
				     : "memory");
			csr_write(sepc, epc + ((h & 3) == 3 ? 4 : 2));
		}
		return;
	}
	s_unexpected.cause = cause;
	s_unexpected.epc = epc;
	s_unexpected.tval = tval;
	s_unexpected.mode = 'V';
	s_to_m(0, LOWER_ABORT_A6);
}

void install_s_handler(void)
{
	csr_write(stvec, (uint64_t)s_trap_entry);
}
