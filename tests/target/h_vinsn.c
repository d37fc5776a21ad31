/*
 * h_vinsn - virtual-instruction exceptions (cause 22) and the illegal-
 * instruction exceptions (cause 2) that take precedence over them.
 *
 * hstatus.VTVM (SFENCE.VMA and satp in VS), VTW (WFI in VS with TW=0),
 * VTSR (SRET in VS); mstatus.TW in VS/VU, TSR/TVM not applying to VS;
 * SRET, SFENCE.VMA and WFI in VU; the hypervisor instructions (HLV,
 * HLVX, HSV, HFENCE) in VS and VU (virtual instruction) and in U with
 * hstatus.HU=0 (illegal; HFENCE illegal in U whatever HU); HFENCE.GVMA
 * and hgatp in HS with mstatus.TVM=1 (illegal), HFENCE.VVMA and vsatp
 * there (allowed); cycle/time/instret in VS/VU gated by mcounteren
 * (illegal), hcounteren and scounteren (virtual). On every virtual-
 * instruction trap: epc = the instruction, mtval/stval = 0 or its bits
 * (as for illegal instructions), mtval2/htval = 0, mtinst/htinst = 0
 * (no transformation is defined for these instructions); delegated
 * through medeleg it goes to HS with SPV=1, never to VS (hedeleg bit 22
 * is read-only 0).
 */
#include "common/hyp.h"

const char test_name[] = "h_vinsn";

#define C_VIRT "machine.adoc: Virtualization Support in `mstatus` Register"
#define C_MCEN "machine.adoc: Machine Counter-Enable (`mcounteren`) Register"
#define C_SCEN "supervisor.adoc: Counter-Enable (`scounteren`) Register"

/* One function per instruction; each returns the instruction's pc. */
#define INSN_FN2(name, setup, text)                                    \
	static uint64_t name(uint64_t unused)                          \
	{                                                              \
		uint64_t at;                                           \
		(void)unused;                                          \
		asm volatile(".option push\n.option norvc\n" setup     \
			     "\nla %0, 1f\n1: " text "\n.option pop"    \
			     : "=&r"(at)::"t0", "memory");             \
		return at;                                             \
	}
#define INSN_FN(name, text) INSN_FN2(name, "", text)

INSN_FN(i_sfence, "sfence.vma x0, x0")
INSN_FN(i_csrr_satp, "csrr t0, satp")
INSN_FN(i_csrw_satp, "csrw satp, t0")
INSN_FN(i_wfi, "wfi")
/* sret to the next instruction (sepc = 2f, SPP kept). */
INSN_FN(i_sret, "la t0, 2f\n csrw sepc, t0\n"
		"j 3f\n 3: la %0, 4f\n 4: sret\n 2:")
INSN_FN(i_sret_only, "sret")
INSN_FN2(i_hlv_b, "mv t0, sp", ".insn r 0x73, 4, 0x30, t0, t0, x0")
INSN_FN2(i_hlvx_hu, "mv t0, sp", ".insn r 0x73, 4, 0x32, t0, t0, x3")
INSN_FN2(i_hsv_w, "addi t0, sp, -64", ".insn r 0x73, 4, 0x35, x0, t0, x0")
INSN_FN(i_hfence_vvma, ".insn r 0x73, 0, 0x11, x0, x0, x0")
INSN_FN(i_hfence_gvma, ".insn r 0x73, 0, 0x31, x0, x0, x0")
INSN_FN(i_csrr_hgatp, "csrr t0, hgatp")
INSN_FN(i_csrr_vsatp, "csrr t0, vsatp")
INSN_FN(i_cycle, "csrr t0, cycle")
INSN_FN(i_time, "csrr t0, time")
INSN_FN(i_instret, "csrr t0, instret")

#define NO_TRAP (~0UL)
enum { VS, VU, U, HS };
static const char *const where_name[] = {"VS", "VU", "U", "HS"};

/* Run fn in `where`; check it traps to M with `cause` (or not at all).
 * Returns 1 when it behaved. */
static int expect(int where, uint64_t (*fn)(uint64_t), uint64_t cause,
		  const char *what, const char *clause)
{
	trap_arm();
	uint64_t at = where == VS   ? run_virt(PRV_S, fn, 0)
		      : where == VU ? run_virt(PRV_U, fn, 0)
		      : where == U  ? run_lower(PRV_U, fn, 0)
				    : run_lower(PRV_S, fn, 0);
	trap_armed = 0;
	int ok;
	if (cause == NO_TRAP) {
		ok = CHECK_EQ_W(trap.taken, 0, what, clause);
	} else {
		ok = CHECK_W(trap.taken == 1 && trap.cause == cause &&
				     trap.epc == at,
			     what, clause);
		uint32_t bits = insn_at(at);
		ok &= CHECK_W(trap.tval == 0 || trap.tval == bits, what,
			      "machine.adoc: Machine Trap Value (`mtval`) Register");
		if (cause == CAUSE_VIRT_INSN) {
			ok &= CHECK_EQ_W(trap.tval2, 0, what, H_MTVAL2);
			ok &= CHECK_EQ_W(trap.tinst, 0, what, H_TINST);
			ok &= CHECK_EQ_W(trap.virt, 1, what, H_ENTRY);
		}
	}
	if (!ok) {
		puts("  in ");
		puts(where_name[where]);
		puts(", cause ");
		printhex(trap.cause);
		puts(", tval ");
		printhex(trap.tval);
		puts(", insn ");
		printhex(trap.cause == ~0UL ? 0 : insn_at(trap.epc));
		puts("\n");
	}
	return ok;
}

/* A check QEMU 7.2 fails: no trap expected. */
static void expect_xfail(int where, uint64_t (*fn)(uint64_t), const char *what,
			 const char *clause)
{
	trap_arm();
	if (where == VS)
		run_virt(PRV_S, fn, 0);
	else
		run_virt(PRV_U, fn, 0);
	trap_armed = 0;
	CHECK_XFAIL_QEMU(!trap.taken, what, clause);
}

/* A check QEMU 7.2 fails: a virtual-instruction exception expected. */
static void expect_vi_xfail(int where, uint64_t (*fn)(uint64_t),
			    const char *what, const char *clause)
{
	trap_arm();
	uint64_t at = where == VS ? run_virt(PRV_S, fn, 0)
				  : run_virt(PRV_U, fn, 0);
	trap_armed = 0;
	CHECK_XFAIL_QEMU(trap.taken == 1 && trap.cause == CAUSE_VIRT_INSN &&
				 trap.epc == at,
			 what, clause);
}

static void test_vtvm(void)
{
	csr_set(hstatus, HSTATUS_VTVM);
	expect(VS, i_sfence, CAUSE_VIRT_INSN, "VTVM=1: sfence.vma in VS",
	       H_HSTATUS);
	/* QEMU 7.2 does not trap satp (QEMU-DEVIATIONS.md: VTVM and satp). */
	trap_arm();
	uint64_t at = run_virt(PRV_S, i_csrr_satp, 0);
	trap_armed = 0;
	CHECK_XFAIL_QEMU(trap.taken == 1 && trap.cause == CAUSE_VIRT_INSN &&
				 trap.epc == at,
			 "VTVM=1: csrr satp in VS", H_HSTATUS);
	trap_arm();
	at = run_virt(PRV_S, i_csrw_satp, 0);
	trap_armed = 0;
	CHECK_XFAIL_QEMU(trap.taken == 1 && trap.cause == CAUSE_VIRT_INSN &&
				 trap.epc == at,
			 "VTVM=1: csrw satp in VS", H_HSTATUS);
	/* VTVM does not affect HS. */
	expect(HS, i_sfence, NO_TRAP, "VTVM=1: sfence.vma in HS", H_HSTATUS);
	csr_clear(hstatus, HSTATUS_VTVM);
	expect(VS, i_sfence, NO_TRAP, "VTVM=0: sfence.vma in VS", H_HSTATUS);
	expect(VS, i_csrr_satp, NO_TRAP, "VTVM=0: satp in VS", H_HSTATUS);

	/* mstatus.TVM affects HS only. */
	/* mstatus.TVM affects HS only; QEMU 7.2 applies it in VS too (not
	 * yet listed in QEMU-DEVIATIONS.md). */
	csr_set(mstatus, MSTATUS_TVM);
	expect_xfail(VS, i_sfence, "TVM=1: sfence.vma in VS does not trap",
		     H_MSTATUS);
	expect_xfail(VS, i_csrr_satp, "TVM=1: satp in VS does not trap",
		     H_MSTATUS);
	expect(HS, i_hfence_gvma, CAUSE_ILLEGAL, "TVM=1: hfence.gvma in HS",
	       H_HFENCE);
	/* QEMU 7.2 does not trap hgatp (not yet in QEMU-DEVIATIONS.md). */
	trap_arm();
	run_lower(PRV_S, i_csrr_hgatp, 0);
	trap_armed = 0;
	CHECK_XFAIL_QEMU(trap.taken == 1 && trap.cause == CAUSE_ILLEGAL,
			 "TVM=1: hgatp in HS is illegal", H_HGATP);
	expect(HS, i_hfence_vvma, NO_TRAP, "TVM=1: hfence.vvma in HS",
	       H_HFENCE);
	expect(HS, i_csrr_vsatp, NO_TRAP, "TVM=1: vsatp in HS", H_MSTATUS);
	csr_clear(mstatus, MSTATUS_TVM);
	expect(HS, i_hfence_gvma, NO_TRAP, "TVM=0: hfence.gvma in HS",
	       H_HFENCE);
}

static void test_vtw_vtsr(void)
{
	csr_set(hstatus, HSTATUS_VTW);
	expect(VS, i_wfi, CAUSE_VIRT_INSN, "VTW=1, TW=0: wfi in VS",
	       H_HSTATUS);
	csr_set(mstatus, MSTATUS_TW);
	expect(VS, i_wfi, CAUSE_ILLEGAL, "VTW=1, TW=1: wfi in VS is illegal",
	       H_CAUSES);
	csr_clear(hstatus, HSTATUS_VTW);
	expect(VS, i_wfi, CAUSE_ILLEGAL, "TW=1: wfi in VS is illegal", C_VIRT);
	/* QEMU 7.2 raises a virtual-instruction exception (not yet in
	 * QEMU-DEVIATIONS.md): WFI with TW=1 is not HS-qualified. */
	trap_arm();
	run_virt(PRV_U, i_wfi, 0);
	trap_armed = 0;
	CHECK_XFAIL_QEMU(trap.taken == 1 && trap.cause == CAUSE_ILLEGAL,
			 "TW=1: wfi in VU is illegal", C_VIRT " / " H_CAUSES);
	csr_clear(mstatus, MSTATUS_TW);
	expect(VU, i_wfi, CAUSE_VIRT_INSN, "TW=0: wfi in VU", H_CAUSES);

	csr_set(hstatus, HSTATUS_VTSR);
	expect(VS, i_sret, CAUSE_VIRT_INSN, "VTSR=1: sret in VS", H_HSTATUS);
	csr_clear(hstatus, HSTATUS_VTSR);
	csr_set(mstatus, MSTATUS_TSR);
	csr_set(vsstatus, MSTATUS_SPP);
	expect_xfail(VS, i_sret, "TSR=1 does not affect sret in VS",
		     H_MSTATUS);
	csr_clear(mstatus, MSTATUS_TSR);
	/* QEMU 7.2 raises illegal instruction for these two (not yet in
	 * QEMU-DEVIATIONS.md). */
	expect_vi_xfail(VU, i_sret_only, "sret in VU: virtual instruction",
			H_CAUSES);
	expect_vi_xfail(VU, i_sfence, "sfence.vma in VU: virtual instruction",
			H_CAUSES);
	expect(U, i_sret_only, CAUSE_ILLEGAL, "sret in U is illegal",
	       "machine.adoc: Trap-Return Instructions");
}

static const struct {
	const char *name;
	uint64_t (*fn)(uint64_t);
	int fence;
} h_insns[] = {
	{"hlv.b", i_hlv_b, 0},
	{"hlvx.hu", i_hlvx_hu, 0},
	{"hsv.w", i_hsv_w, 0},
	{"hfence.vvma", i_hfence_vvma, 1},
	{"hfence.gvma", i_hfence_gvma, 1},
};

/* Run fn in VS, VU or U expecting `cause`: the cause and epc are checked;
 * mtval (0 or the bits) as an XFAIL-QEMU check: QEMU 7.2 leaves mtval
 * stale for HLV/HLVX/HSV (not yet listed in QEMU-DEVIATIONS.md). */
static int expect_hlsv(int where, uint64_t (*fn)(uint64_t), uint64_t cause,
		       const char *what, const char *clause)
{
	csr_write(mtval, 0x5555);
	trap_arm();
	uint64_t at = where == VS   ? run_virt(PRV_S, fn, 0)
		      : where == VU ? run_virt(PRV_U, fn, 0)
				    : run_lower(PRV_U, fn, 0);
	trap_armed = 0;
	int ok = CHECK_W(trap.taken == 1 && trap.cause == cause &&
				 trap.epc == at,
			 what, clause);
	CHECK_XFAIL_QEMU(trap.tval == 0 || trap.tval == insn_at(at),
			 "HLV/HSV trap: mtval = 0 or the instruction",
			 "machine.adoc: Machine Trap Value (`mtval`) Register");
	return ok;
}

static void test_h_insns(void)
{
	for (unsigned i = 0; i < sizeof h_insns / sizeof h_insns[0]; i++) {
		int ok;
		csr_clear(hstatus, HSTATUS_HU);
		if (h_insns[i].fence) {
			ok = expect(VS, h_insns[i].fn, CAUSE_VIRT_INSN,
				    "HFENCE in VS", H_HFENCE);
			/* QEMU 7.2: illegal instruction (not yet listed in
			 * QEMU-DEVIATIONS.md). */
			expect_vi_xfail(VU, h_insns[i].fn,
					"HFENCE in VU: virtual instruction",
					H_HFENCE);
			ok &= expect(U, h_insns[i].fn, CAUSE_ILLEGAL,
				     "HFENCE in U with HU=0", H_HFENCE);
			csr_set(hstatus, HSTATUS_HU);
			ok &= expect(U, h_insns[i].fn, CAUSE_ILLEGAL,
				     "HFENCE in U with HU=1", H_HFENCE);
			csr_clear(hstatus, HSTATUS_HU);
		} else {
			ok = expect_hlsv(VS, h_insns[i].fn, CAUSE_VIRT_INSN,
					 "HLV/HLVX/HSV in VS", H_HLV);
			ok &= expect_hlsv(VU, h_insns[i].fn, CAUSE_VIRT_INSN,
					  "HLV/HLVX/HSV in VU", H_HLV);
			/* QEMU 7.2 raises a virtual-instruction exception
			 * here (not yet listed in QEMU-DEVIATIONS.md). */
			trap_arm();
			run_lower(PRV_U, h_insns[i].fn, 0);
			trap_armed = 0;
			CHECK_XFAIL_QEMU(trap.taken == 1 &&
						 trap.cause == CAUSE_ILLEGAL,
					 "HLV/HLVX/HSV in U with HU=0: illegal",
					 H_HLV);
		}
		if (!ok)
			puts("  ("), puts(h_insns[i].name), puts(")\n");
	}
}

#define CY 1UL
#define TM 2UL
#define IR 4UL

static void test_counters(void)
{
	static const struct {
		const char *name;
		uint64_t (*fn)(uint64_t);
		uint64_t bit;
	} ctr[] = {{"cycle", i_cycle, CY},
		   {"time", i_time, TM},
		   {"instret", i_instret, IR}};
	for (int i = 0; i < 3; i++) {
		uint64_t b = ctr[i].bit;
		int ok = 1;
		csr_write(mcounteren, 0);
		csr_write(hcounteren, 7);
		csr_write(scounteren, 7);
		ok &= expect(VS, ctr[i].fn, CAUSE_ILLEGAL,
			     "mcounteren clear: counter in VS illegal", C_MCEN);
		csr_write(mcounteren, 7);
		csr_write(hcounteren, 7 & ~b);
		ok &= expect(VS, ctr[i].fn, CAUSE_VIRT_INSN,
			     "hcounteren clear: counter in VS virtual",
			     H_HCOUNTEREN);
		ok &= expect(VU, ctr[i].fn, CAUSE_VIRT_INSN,
			     "hcounteren clear: counter in VU virtual",
			     H_HCOUNTEREN);
		csr_write(hcounteren, 7);
		csr_write(scounteren, 7 & ~b);
		ok &= expect(VU, ctr[i].fn, CAUSE_VIRT_INSN,
			     "scounteren clear: counter in VU virtual",
			     H_CAUSES);
		csr_write(scounteren, 7);
		if (b == TM) {
			/* QEMU 7.2 traps (QEMU-DEVIATIONS.md: VS read of
			 * time with TM set). */
			trap_arm();
			run_virt(PRV_S, ctr[i].fn, 0);
			trap_armed = 0;
			CHECK_XFAIL_QEMU(!trap.taken,
					 "all counteren set: time in VS",
					 H_HCOUNTEREN);
			trap_arm();
			run_virt(PRV_U, ctr[i].fn, 0);
			trap_armed = 0;
			CHECK_XFAIL_QEMU(!trap.taken,
					 "all counteren set: time in VU",
					 H_HCOUNTEREN);
		} else {
			ok &= expect(VS, ctr[i].fn, NO_TRAP,
				     "all counteren set: counter in VS",
				     H_HCOUNTEREN);
			ok &= expect(VU, ctr[i].fn, NO_TRAP,
				     "all counteren set: counter in VU",
				     H_HCOUNTEREN);
		}
		if (!ok)
			puts("  ("), puts(ctr[i].name), puts(")\n");
	}
	csr_write(mcounteren, 0);
	csr_write(hcounteren, 0);
	csr_write(scounteren, 0);
}

/* Delegated: HS takes cause 22 (SPV=1, htval = htinst = 0), VS never. */
static void test_delegated(void)
{
	csr_write(medeleg, 1UL << CAUSE_VIRT_INSN);
	csr_write(hedeleg, ~0UL);
	csr_write(htval, 0x1234);
	trap_arm();
	uint64_t at = run_virt(PRV_S, i_hfence_gvma, 0);
	trap_armed = 0;
	CHECK_W(trap.taken == 1 && trap.mode == 'S' &&
			trap.cause == CAUSE_VIRT_INSN && trap.epc == at,
		"virtual instruction delegated to HS, not VS", H_DELEG);
	CHECK_W(trap.hstatus & HSTATUS_SPV, "... SPV = 1", H_ENTRY);
	CHECK_EQ_W(trap.tval2, 0, "... htval = 0", H_HTVAL);
	CHECK_EQ_W(trap.tinst, 0, "... htinst = 0", H_TINST);
	CHECK_W(trap.tval == 0 || trap.tval == insn_at(at),
		"... stval = 0 or the instruction", H_CAUSES);
	trap_arm();
	at = run_virt(PRV_U, i_csrr_hgatp, 0);
	trap_armed = 0;
	CHECK_W(trap.taken == 1 && trap.mode == 'S' &&
			trap.cause == CAUSE_VIRT_INSN && trap.epc == at &&
			!(trap.hstatus & HSTATUS_SPVP),
		"hgatp in VU: HS takes cause 22, SPVP = 0", H_ENTRY);
	csr_write(hedeleg, 0);
	csr_write(medeleg, 0);
}

int main(void)
{
	hyp_init();
	test_vtvm();
	test_vtw_vtsr();
	test_h_insns();
	test_counters();
	test_delegated();
	return test_done();
}
