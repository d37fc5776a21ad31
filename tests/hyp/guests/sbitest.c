/*
 * sbitest.c - a test guest for the SBI the hypervisor gives a VM: each
 * check prints "sbitest: ok ..." or "sbitest: FAIL ..."; at the end SRST
 * shutdown with reason 0 when all passed, failure (exit 1) otherwise.
 * Names the clause of sbi/ each check is about.
 */
#include <stdint.h>

#define EXT_BASE 0x10
#define EXT_TIME 0x54494D45
#define EXT_IPI 0x735049
#define EXT_RFENCE 0x52464E43
#define EXT_HSM 0x48534D
#define EXT_SRST 0x53525354
#define EXT_DBCN 0x4442434E

struct ret {
	long error, value;
};

void main(unsigned long hartid, unsigned long dtb);
void sbitest_trap(unsigned long cause, unsigned long epc, unsigned long tval);

static int failed;
static char page_buf[8192] __attribute__((aligned(4096)));

static struct ret ecall(unsigned long eid, unsigned long fid, unsigned long a0, unsigned long a1,
			unsigned long a2, unsigned long a3, unsigned long a4)
{
	register unsigned long r0 __asm__("a0") = a0, r1 __asm__("a1") = a1;
	register unsigned long r2 __asm__("a2") = a2, r3 __asm__("a3") = a3;
	register unsigned long r4 __asm__("a4") = a4, r6 __asm__("a6") = fid;
	register unsigned long r7 __asm__("a7") = eid;

	__asm__ volatile("ecall"
			 : "+r"(r0), "+r"(r1)
			 : "r"(r2), "r"(r3), "r"(r4), "r"(r6), "r"(r7)
			 : "memory");
	return (struct ret){ (long)r0, (long)r1 };
}

static unsigned long slen(const char *s)
{
	unsigned long n = 0;

	while (s[n])
		n++;
	return n;
}

static void puts_(const char *s)
{
	while (*s)
		ecall(0x01, 0, (unsigned char)*s++, 0, 0, 0, 0); /* legacy putchar */
}

static void check(const char *what, int ok)
{
	puts_(ok ? "sbitest: ok " : "sbitest: FAIL ");
	puts_(what);
	puts_("\n");
	failed |= !ok;
}

static int is(struct ret r, long error, long value)
{
	return r.error == error && r.value == value;
}

static unsigned long r_sip(void)
{
	unsigned long v;

	__asm__ volatile("csrr %0, sip" : "=r"(v));
	return v;
}

static unsigned long r_time(void)
{
	unsigned long v;

	__asm__ volatile("rdtime %0" : "=r"(v));
	return v;
}

void sbitest_trap(unsigned long cause, unsigned long epc, unsigned long tval)
{
	(void)cause;
	(void)epc;
	(void)tval;
	puts_("sbitest: FAIL unexpected trap in the guest\n");
	ecall(EXT_SRST, 0, 0, 1, 0, 0, 0);
}

void main(unsigned long hartid, unsigned long dtb)
{
	const char *msg = "sbitest: DBCN write across a page boundary\n";
	unsigned long n = slen(msg), i, t0;
	struct ret r;
	int seen;

	check("booted with a0 = hart 0 and a device tree (boot protocol)",
	      hartid == 0 && dtb >= 0x80000000ul && *(volatile uint32_t *)dtb == 0xedfe0dd0u);
	/* ext-base.adoc */
	check("base: spec version 2.0", is(ecall(EXT_BASE, 0, 0, 0, 0, 0, 0), 0, 0x02000000));
	check("base: implementation id of the hypervisor",
	      is(ecall(EXT_BASE, 1, 0, 0, 0, 0, 0), 0, 0x48595056));
	r = ecall(EXT_BASE, 3, EXT_TIME, 0, 0, 0, 0);
	seen = r.error == 0 && r.value;
	r = ecall(EXT_BASE, 3, EXT_DBCN, 0, 0, 0, 0);
	seen &= r.error == 0 && r.value;
	r = ecall(EXT_BASE, 3, EXT_SRST, 0, 0, 0, 0);
	check("base: probe_extension finds TIME, DBCN, SRST", seen && r.error == 0 && r.value);
	check("base: probe_extension of an unknown extension is 0",
	      is(ecall(EXT_BASE, 3, 0x0B000000, 0, 0, 0, 0), 0, 0));
	check("an unknown extension: SBI_ERR_NOT_SUPPORTED (binary-encoding.adoc)",
	      ecall(0x0B000000, 0, 0, 0, 0, 0, 0).error == -2);
	/* ext-hsm.adoc */
	check("hsm: hart 0 started", is(ecall(EXT_HSM, 2, 0, 0, 0, 0, 0), 0, 0));
	check("hsm: hart 1 does not exist", ecall(EXT_HSM, 2, 1, 0, 0, 0, 0).error == -3);
	check("hsm: hart_start of hart 0: already available",
	      ecall(EXT_HSM, 0, 0, 0x80200000, 0, 0, 0).error == -6);
	/* ext-debug-console.adoc */
	for (i = 0; i < n; i++)
		page_buf[4096 - 10 + i] = msg[i];
	check("dbcn: console_write of a buffer across a page boundary",
	      is(ecall(EXT_DBCN, 0, n, (unsigned long)&page_buf[4096 - 10], 0, 0, 0), 0,
		 (long)n));
	check("dbcn: a buffer outside guest RAM: SBI_ERR_INVALID_PARAM",
	      ecall(EXT_DBCN, 0, 4, 0x1000, 0, 0, 0).error == -3);
	check("dbcn: base_addr_hi != 0: SBI_ERR_INVALID_PARAM",
	      ecall(EXT_DBCN, 0, 4, (unsigned long)page_buf, 1, 0, 0).error == -3);
	check("dbcn: console_write_byte", is(ecall(EXT_DBCN, 2, '\n', 0, 0, 0, 0), 0, 0));
	/* ext-ipi.adoc */
	check("ipi: to hart 0 succeeds", is(ecall(EXT_IPI, 0, 1, 0, 0, 0, 0), 0, 0));
	check("ipi: sip.SSIP pending after it", (r_sip() & 2) != 0);
	__asm__ volatile("csrc sip, %0" ::"r"(2ul));
	check("ipi: SSIP clears", (r_sip() & 2) == 0);
	check("ipi: to hart 1: SBI_ERR_INVALID_PARAM", ecall(EXT_IPI, 0, 2, 0, 0, 0, 0).error == -3);
	/* ext-rfence.adoc */
	check("rfence: sfence.vma, all", is(ecall(EXT_RFENCE, 1, 1, 0, 0, 0, 0), 0, 0));
	check("rfence: sfence.vma.asid, a range",
	      is(ecall(EXT_RFENCE, 2, 1, 0, 0x1000, 0x3000, 5), 0, 0));
	check("rfence: hfence.gvma: not supported in a VM",
	      ecall(EXT_RFENCE, 3, 1, 0, 0, 0, 0).error == -2);
	/* ext-time.adoc: STIP follows set_timer */
	t0 = r_time();
	for (i = 0; i < 100000 && r_time() == t0; i++)
		;
	check("time: rdtime advances in VS-mode", r_time() != t0);
	ecall(EXT_TIME, 0, r_time() + 100, 0, 0, 0, 0);
	for (i = 0; i < 1000000 && !(r_sip() & 0x20); i++)
		;
	check("time: sip.STIP pending once the timer is due", (r_sip() & 0x20) != 0);
	ecall(EXT_TIME, 0, ~0ul, 0, 0, 0, 0);
	check("time: a new set_timer clears STIP", (r_sip() & 0x20) == 0);

	puts_(failed ? "sbitest: FAILED\n" : "sbitest: all passed\n");
	ecall(EXT_SRST, 0, 0, failed ? 1 : 0, 0, 0, 0);
	puts_("sbitest: FAIL SRST returned\n");
}
