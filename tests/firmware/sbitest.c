/*
 * sbitest - an S-mode payload that calls every SBI function hmfw
 * implements and checks the answers against the spec (the ext-*.adoc
 * chapter named in each check). One line per check, then "sbitest: PASS"
 * and SRST shutdown (exit 0), or "sbitest: FAIL" and SRST shutdown with
 * reason "system failure" (exit 1). Runs on hmvirt and on QEMU.
 */
#include <stdint.h>

#include "../../firmware/sbi.h"

struct sbiret {
	long error, value;
};

void sbitest_main(unsigned long hartid, unsigned long dtb);
void sbitest_resumed(unsigned long a0, unsigned long a1, unsigned long satp,
		     unsigned long sstatus);
void sbitest_trap(unsigned long cause, unsigned long epc, unsigned long tval);
void sbitest_resume(void);

static unsigned checks, failures;
static volatile unsigned long timer_fired_at, ssip_count;
static volatile unsigned long expect_fault, fault_cause, fault_tval;

static struct sbiret ecall(unsigned long eid, unsigned long fid, unsigned long a0,
			   unsigned long a1, unsigned long a2, unsigned long a3, unsigned long a4)
{
	register unsigned long r0 __asm__("a0") = a0, r1 __asm__("a1") = a1;
	register unsigned long r2 __asm__("a2") = a2, r3 __asm__("a3") = a3;
	register unsigned long r4 __asm__("a4") = a4;
	register unsigned long r6 __asm__("a6") = fid, r7 __asm__("a7") = eid;

	__asm__ volatile("ecall"
			 : "+r"(r0), "+r"(r1)
			 : "r"(r2), "r"(r3), "r"(r4), "r"(r6), "r"(r7)
			 : "memory");
	return (struct sbiret){ (long)r0, (long)r1 };
}

#define SBI0(e, f) ecall(e, f, 0, 0, 0, 0, 0)
#define SBI1(e, f, a) ecall(e, f, a, 0, 0, 0, 0)
#define SBI2(e, f, a, b) ecall(e, f, a, b, 0, 0, 0)
#define SBI3(e, f, a, b, c) ecall(e, f, a, b, c, 0, 0)
#define SBI5(e, f, a, b, c, d, g) ecall(e, f, a, b, c, d, g)

static unsigned long rdtime(void)
{
	unsigned long t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

/* ---- output through DBCN write_byte (itself under test) ---------------- */
static void out(const char *s)
{
	while (*s)
		SBI1(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE_BYTE, (unsigned char)*s++);
}

static void out_hex(unsigned long v)
{
	char buf[19] = "0x";
	int n = 16;

	while (n > 1 && !(v >> (4 * (n - 1))))
		n--;
	for (int i = 0; i < n; i++)
		buf[2 + i] = "0123456789abcdef"[v >> (4 * (n - 1 - i)) & 15];
	buf[2 + n] = 0;
	out(buf);
}

static void check(int ok, const char *what, long got)
{
	checks++;
	if (!ok)
		failures++;
	out(ok ? "sbitest: ok   " : "sbitest: FAIL ");
	out(what);
	if (!ok) {
		out(" (got ");
		out_hex((unsigned long)got);
		out(")");
	}
	out("\n");
}

/* expect an exact error (and value when want_value) from one call */
static void expect(struct sbiret r, long error, const char *what)
{
	check(r.error == error, what, r.error);
}

/* ---- traps: the timer and software interrupts the tests raise --------- */
void sbitest_trap(unsigned long cause, unsigned long epc, unsigned long tval)
{
	if (cause == (CAUSE_INTERRUPT | IRQ_S_TIMER)) {
		timer_fired_at = rdtime();
		SBI1(SBI_EXT_TIME, SBI_TIME_SET_TIMER, ~0ul); /* clears STIP */
		return;
	}
	if (cause == (CAUSE_INTERRUPT | IRQ_S_SOFT)) {
		ssip_count++;
		csr_clear(CSR_SIP, MIP_SSIP);
		return;
	}
	if (expect_fault) { /* test_pmp: skip the (4-byte) faulting load */
		fault_cause = cause;
		fault_tval = tval;
		csr_write(CSR_SEPC, epc + 4);
		return;
	}
	out("sbitest: FAIL unexpected trap scause ");
	out_hex(cause);
	out(" sepc ");
	out_hex(epc);
	out(" stval ");
	out_hex(tval);
	out("\n");
	SBI2(SBI_EXT_SRST, SBI_SRST_SYSTEM_RESET, SBI_SRST_SHUTDOWN, SBI_SRST_REASON_FAILURE);
}

/* ext-base.adoc */
static void test_base(void)
{
	static const unsigned long exts[] = { SBI_EXT_BASE, SBI_EXT_TIME, SBI_EXT_IPI,
		SBI_EXT_RFENCE, SBI_EXT_HSM, SBI_EXT_SRST, SBI_EXT_DBCN,
		SBI_LEGACY_CONSOLE_PUTCHAR, SBI_LEGACY_SHUTDOWN };
	struct sbiret r = SBI0(SBI_EXT_BASE, SBI_BASE_GET_SPEC_VERSION);
	unsigned n = 0;

	check(r.error == 0 && r.value == (long)SBI_SPEC_VERSION, "base: spec version 2.0", r.value);
	r = SBI0(SBI_EXT_BASE, SBI_BASE_GET_IMPL_ID);
	check(r.error == 0 && r.value == (long)HMFW_IMPL_ID, "base: impl id 0x484d (hmfw)", r.value);
	r = SBI0(SBI_EXT_BASE, SBI_BASE_GET_IMPL_VERSION);
	check(r.error == 0 && r.value == (long)HMFW_IMPL_VERSION, "base: impl version", r.value);
	for (long f = SBI_BASE_GET_MVENDORID; f <= SBI_BASE_GET_MIMPID; f++)
		n += SBI0(SBI_EXT_BASE, (unsigned long)f).error == 0;
	check(n == 3, "base: mvendorid, marchid, mimpid succeed", n);
	n = 0;
	for (unsigned i = 0; i < sizeof exts / sizeof exts[0]; i++)
		n += SBI1(SBI_EXT_BASE, SBI_BASE_PROBE_EXTENSION, exts[i]).value != 0;
	check(n == sizeof exts / sizeof exts[0], "base: probe finds every implemented extension", n);
	r = SBI1(SBI_EXT_BASE, SBI_BASE_PROBE_EXTENSION, 0x12345678);
	check(r.error == 0 && r.value == 0, "base: probe of an unknown EID gives 0", r.value);
	r = SBI1(SBI_EXT_BASE, SBI_BASE_PROBE_EXTENSION, 0x04);
	check(r.error == 0 && r.value == 0, "base: probe of legacy send_ipi gives 0", r.value);
	expect(SBI0(0x12345678, 0), SBI_ERR_NOT_SUPPORTED, "binary-encoding: unknown EID");
	expect(SBI0(SBI_EXT_BASE, 100), SBI_ERR_NOT_SUPPORTED, "binary-encoding: unknown FID");
}

/* mcounteren lets S read cycle, time, instret (a trap would fail the test) */
static void test_counters(void)
{
	unsigned long c0, c1, i0, i1;

	__asm__ volatile("rdcycle %0; rdinstret %1" : "=r"(c0), "=r"(i0));
	__asm__ volatile("rdcycle %0; rdinstret %1" : "=r"(c1), "=r"(i1));
	check(c1 > c0 && i1 > i0, "counters: cycle and instret readable and counting", (long)(c1 - c0));
}

/*
 * PMP closes the firmware to S (OpenSBI's layout): a load from it is an
 * access fault, which M does not delegate but forwards to S (fw_forward).
 */
static void test_pmp(void)
{
	unsigned long v, addr = 0x80000000;

	expect_fault = 1;
	__asm__ volatile(".option push\n.option norvc\nld %0, 0(%1)\n.option pop"
			 : "=r"(v) : "r"(addr) : "memory");
	expect_fault = 0;
	(void)v;
	check(fault_cause == CAUSE_LOAD_ACCESS && fault_tval == addr,
	      "pmp: S load from the firmware: load access fault forwarded to S", (long)fault_cause);
}

/* ext-time.adoc: the interrupt comes, not before stime_value */
static void test_time(void)
{
	unsigned long target = rdtime() + 50000; /* 5 ms: QEMU runs in real time */
	struct sbiret r;

	csr_set(CSR_SIE, MIP_STIP);
	r = SBI1(SBI_EXT_TIME, SBI_TIME_SET_TIMER, target);
	expect(r, 0, "time: set_timer succeeds");
	check(!(csr_read(CSR_SIP) & MIP_STIP), "time: STIP clear after set_timer in the future", 0);
	csr_set(CSR_SSTATUS, MSTATUS_SIE);
	while (!timer_fired_at)
		__asm__ volatile("wfi");
	csr_clear(CSR_SSTATUS, MSTATUS_SIE);
	check(timer_fired_at >= target, "time: timer interrupt not before stime_value",
	      (long)(timer_fired_at - target));
	check(!(csr_read(CSR_SIP) & MIP_STIP), "time: set_timer(-1) clears STIP", 0);
	r = SBI1(SBI_EXT_TIME, 1, 0);
	expect(r, SBI_ERR_NOT_SUPPORTED, "time: unknown FID");
}

/* ext-ipi.adoc: an IPI to oneself is an S software interrupt */
static void test_ipi(void)
{
	csr_set(CSR_SIE, MIP_SSIP);
	expect(SBI2(SBI_EXT_IPI, SBI_IPI_SEND_IPI, 1, 0), 0, "ipi: send_ipi to hart 0");
	csr_set(CSR_SSTATUS, MSTATUS_SIE);
	csr_clear(CSR_SSTATUS, MSTATUS_SIE);
	check(ssip_count == 1, "ipi: the software interrupt arrives", (long)ssip_count);
	expect(SBI2(SBI_EXT_IPI, SBI_IPI_SEND_IPI, 0, ~0ul), 0, "ipi: send_ipi to all (base -1)");
	csr_set(CSR_SSTATUS, MSTATUS_SIE);
	csr_clear(CSR_SSTATUS, MSTATUS_SIE);
	check(ssip_count == 2, "ipi: ... arrives", (long)ssip_count);
	expect(SBI2(SBI_EXT_IPI, SBI_IPI_SEND_IPI, 1ul << 5, 0), SBI_ERR_INVALID_PARAM,
	       "ipi: absent hart 5 is INVALID_PARAM");
	expect(SBI2(SBI_EXT_IPI, SBI_IPI_SEND_IPI, 1, 1000), SBI_ERR_INVALID_PARAM,
	       "ipi: hart_mask_base 1000 is INVALID_PARAM");
	check(ssip_count == 2, "ipi: a rejected send_ipi interrupts nobody", (long)ssip_count);
}

/* ext-rfence.adoc: every fence on hart 0 succeeds (H present on both) */
static void test_rfence(void)
{
	static const struct { unsigned long fid, start, size, id; const char *what; } calls[] = {
		{ SBI_RFENCE_FENCE_I, 0, 0, 0, "rfence: remote_fence_i" },
		{ SBI_RFENCE_SFENCE_VMA, 0, 0, 0, "rfence: sfence_vma, all" },
		{ SBI_RFENCE_SFENCE_VMA, 0x80200000, 0x3000, 0, "rfence: sfence_vma, 3 pages" },
		{ SBI_RFENCE_SFENCE_VMA, 0, ~0ul, 0, "rfence: sfence_vma, size -1" },
		{ SBI_RFENCE_SFENCE_VMA, 0x80000000, 1ul << 30, 0, "rfence: sfence_vma, 1 GiB" },
		{ SBI_RFENCE_SFENCE_VMA_ASID, 0x1000, 0x1000, 5, "rfence: sfence_vma_asid" },
		{ SBI_RFENCE_HFENCE_GVMA_VMID, 0x80000000, 0x2000, 1, "rfence: hfence_gvma_vmid" },
		{ SBI_RFENCE_HFENCE_GVMA, 0, 0, 0, "rfence: hfence_gvma, all" },
		{ SBI_RFENCE_HFENCE_VVMA_ASID, 0x1000, 0x1000, 3, "rfence: hfence_vvma_asid" },
		{ SBI_RFENCE_HFENCE_VVMA, 0, 0, 0, "rfence: hfence_vvma, all" },
	};

	for (unsigned i = 0; i < sizeof calls / sizeof calls[0]; i++)
		expect(SBI5(SBI_EXT_RFENCE, calls[i].fid, 1, 0, calls[i].start, calls[i].size,
			    calls[i].id), 0, calls[i].what);
	expect(SBI5(SBI_EXT_RFENCE, SBI_RFENCE_SFENCE_VMA_ASID, 1, 0, 0, 0, 1ul << 16),
	       SBI_ERR_INVALID_PARAM, "rfence: ASID 0x10000 is INVALID_PARAM");
	expect(SBI5(SBI_EXT_RFENCE, SBI_RFENCE_SFENCE_VMA, 1, 0, ~0xffful, 0x2000, 0),
	       SBI_ERR_INVALID_ADDRESS, "rfence: wrapping range is INVALID_ADDRESS");
	expect(SBI5(SBI_EXT_RFENCE, SBI_RFENCE_FENCE_I, 1ul << 7, 0, 0, 0, 0),
	       SBI_ERR_INVALID_PARAM, "rfence: absent hart 7 is INVALID_PARAM");
	expect(SBI0(SBI_EXT_RFENCE, 7), SBI_ERR_NOT_SUPPORTED, "rfence: unknown FID");
}

/* ext-hsm.adoc: status, start of a started hart, retentive suspend */
static void test_hsm(void)
{
	struct sbiret r = SBI1(SBI_EXT_HSM, SBI_HSM_HART_GET_STATUS, 0);
	unsigned long target;

	check(r.error == 0 && r.value == SBI_HSM_STARTED, "hsm: hart 0 is STARTED", r.value);
	expect(SBI1(SBI_EXT_HSM, SBI_HSM_HART_GET_STATUS, 5), SBI_ERR_INVALID_PARAM,
	       "hsm: get_status of absent hart 5 is INVALID_PARAM");
	expect(SBI3(SBI_EXT_HSM, SBI_HSM_HART_START, 0, 0x80200000, 0), SBI_ERR_ALREADY_AVAILABLE,
	       "hsm: hart_start of a started hart is ALREADY_AVAILABLE");
	expect(SBI3(SBI_EXT_HSM, SBI_HSM_HART_SUSPEND, 1, 0, 0), SBI_ERR_INVALID_PARAM,
	       "hsm: reserved suspend type is INVALID_PARAM");
	/* retentive suspend with sstatus.SIE = 0: returns once STIP is pending */
	target = rdtime() + 2000;
	timer_fired_at = 0;
	SBI1(SBI_EXT_TIME, SBI_TIME_SET_TIMER, target);
	r = SBI3(SBI_EXT_HSM, SBI_HSM_HART_SUSPEND, SBI_HSM_SUSPEND_RET_DEFAULT, 0, 0);
	check(r.error == 0 && rdtime() >= target && (csr_read(CSR_SIP) & MIP_STIP),
	      "hsm: retentive suspend returns with the timer pending", r.error);
	SBI1(SBI_EXT_TIME, SBI_TIME_SET_TIMER, ~0ul);
}

/* ext-debug-console.adoc */
static void test_dbcn(void)
{
	static const char msg[] = "sbitest: dbcn console_write says hello\n";
	static char buf[16];
	struct sbiret r;

	r = SBI3(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE, sizeof msg - 1, (unsigned long)msg, 0);
	check(r.error == 0 && r.value == (long)sizeof msg - 1, "dbcn: console_write writes all",
	      r.value);
	expect(SBI3(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE, 4, (unsigned long)msg, 1),
	       SBI_ERR_INVALID_PARAM, "dbcn: base_addr_hi != 0 is INVALID_PARAM");
	expect(SBI3(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE, 16, 0x80000000, 0),
	       SBI_ERR_INVALID_PARAM, "dbcn: the firmware's memory is INVALID_PARAM");
	r = SBI3(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_READ, sizeof buf, (unsigned long)buf, 0);
	check(r.error == 0 && r.value == 0, "dbcn: console_read with no input gives 0 bytes",
	      r.value);
	expect(SBI1(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE_BYTE, '\n'), 0,
	       "dbcn: console_write_byte");
}

/* ext-legacy.adoc: the answer is in a0 alone; a1 comes back unchanged */
static void test_legacy(void)
{
	struct sbiret r = ecall(SBI_LEGACY_CONSOLE_GETCHAR, 0, 0, 0x5a5a, 0, 0, 0);

	check(r.error == -1, "legacy: console_getchar with no input gives -1", r.error);
	check(r.value == 0x5a5a, "legacy: a1 preserved", r.value);
	r = ecall(SBI_LEGACY_CONSOLE_PUTCHAR, 0, '\n', 0, 0, 0, 0);
	check(r.error == 0, "legacy: console_putchar", r.error);
	expect(SBI0(0x04, 0), SBI_ERR_NOT_SUPPORTED, "legacy: send_ipi not supported");
}

/* ext-sys-reset.adoc: bad arguments are refused (the shutdown is last) */
static void test_srst(void)
{
	expect(SBI2(SBI_EXT_SRST, SBI_SRST_SYSTEM_RESET, 5, 0), SBI_ERR_INVALID_PARAM,
	       "srst: reserved reset type is INVALID_PARAM");
	expect(SBI2(SBI_EXT_SRST, SBI_SRST_SYSTEM_RESET, 0, 2), SBI_ERR_INVALID_PARAM,
	       "srst: reserved reset reason is INVALID_PARAM");
}

void sbitest_main(unsigned long hartid, unsigned long dtb)
{
	out("sbitest: S-mode SBI test, hart ");
	out_hex(hartid);
	out(", device tree ");
	out_hex(dtb);
	out("\n");
	test_base();
	test_counters();
	test_pmp();
	test_time();
	test_ipi();
	test_rfence();
	test_hsm();
	/* non-retentive suspend: resumes at sbitest_resume, which goes on */
	SBI1(SBI_EXT_TIME, SBI_TIME_SET_TIMER, rdtime() + 1000);
	SBI3(SBI_EXT_HSM, SBI_HSM_HART_SUSPEND, SBI_HSM_SUSPEND_NONRET_DEFAULT,
	     (unsigned long)sbitest_resume, 0xfeed);
	check(0, "hsm: non-retentive suspend returned", 0);
	sbitest_resumed(0, 0, 0, 0);
}

void sbitest_resumed(unsigned long a0, unsigned long a1, unsigned long satp,
		     unsigned long sstatus)
{
	check(a0 == 0 && a1 == 0xfeed && satp == 0 && !(sstatus & MSTATUS_SIE),
	      "hsm: non-retentive resume: a0 = hart, a1 = opaque, satp = 0, SIE = 0", (long)a1);
	SBI1(SBI_EXT_TIME, SBI_TIME_SET_TIMER, ~0ul);
	test_dbcn();
	test_legacy();
	test_srst();
	if (failures) {
		out("sbitest: FAIL (");
		out_hex(failures);
		out(" of ");
		out_hex(checks);
		out(" checks)\n");
		SBI2(SBI_EXT_SRST, SBI_SRST_SYSTEM_RESET, SBI_SRST_SHUTDOWN, SBI_SRST_REASON_FAILURE);
	}
	out("sbitest: PASS (");
	out_hex(checks);
	out(" checks)\n");
	SBI2(SBI_EXT_SRST, SBI_SRST_SYSTEM_RESET, SBI_SRST_SHUTDOWN, SBI_SRST_REASON_NONE);
	for (;;)
		__asm__ volatile("wfi");
}
