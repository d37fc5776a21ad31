/*
 * h_hlv - the hypervisor virtual-machine loads and stores (HLV.B/BU/H/HU/
 * W/WU/D, HLVX.HU/WU, HSV.B/H/W/D) with two-stage translation (Sv39 over
 * Sv39x4), executed by HS-mode, by M-mode and by U-mode with hstatus.HU=1.
 *
 * Values: sign/zero extension of every width; stores reach the supervisor
 * physical page. Privilege: hstatus.SPVP selects VS (1) or VU (0) for the
 * access (VU cannot touch a VS-stage page with U=0, VS touches a U=1 page
 * only with vsstatus.SUM; HS sstatus.SUM is ignored). HLVX needs execute,
 * not read, permission in both stages. MXR: vsstatus.MXR makes VS-stage
 * execute-only pages readable (VS-stage only), sstatus.MXR both stages.
 * Faults: a guest-page fault from HLV/HSV (cause 21/23) is taken by HS or
 * M, never VS, with stval = the guest virtual address, htval = the guest
 * physical address >> 2, GVA = 1 but SPV = 0, htinst = 0 or the
 * transformed HLV/HSV (rs1 zeroed); a VS-stage page fault (13/15) also
 * has GVA = 1 and htval = 0.
 */
#include "common/hyp.h"

const char test_name[] = "h_hlv";

#define C_SUM "supervisor.adoc: Supervisor Status (`sstatus`) Register"

#define PA_DATA 0x80800000UL
#define GPA_BASE 0x100000000UL
#define GPA_NONE 0x140000000UL
#define GVA 0x40000000UL
#define GVA_RW (GVA + 0 * PAGE_SIZE) /* VS RW, U=0 -> page 0 */
#define GVA_URW (GVA + 1 * PAGE_SIZE) /* VS URW -> page 1 */
#define GVA_X (GVA + 2 * PAGE_SIZE) /* VS X only; G URX -> page 2 */
#define GVA_XX (GVA + 3 * PAGE_SIZE) /* VS X only; G UX only -> page 3 */
#define GVA_GNOX (GVA + 4 * PAGE_SIZE) /* VS RX; G UR only -> page 4 */
#define GVA_NONE (GVA + 5 * PAGE_SIZE) /* -> GPA_NONE (not in G) */
#define GVA_INVALID (GVA + 6 * PAGE_SIZE) /* invalid VS PTE */

#define AD (PTE_A | PTE_D)
#define RWXAD (PTE_R | PTE_W | PTE_X | AD)

extern char _end[];

static uint64_t page(int i)
{
	return PA_DATA + (uint64_t)i * PAGE_SIZE;
}
static uint64_t gpa(int i)
{
	return GPA_BASE + (uint64_t)i * PAGE_SIZE;
}

static const uint64_t PAT = 0x8786858483828180UL;

static void setup(void)
{
	for (int i = 0; i < 5; i++) {
		*(volatile uint64_t *)(page(i) + 0x80) = PAT ^ ((uint64_t)i << 56);
		*(volatile uint64_t *)(page(i) + 0x88) = 0;
	}
	uint64_t *g = gpt_identity_root(3, RWXAD);
	gpt_map(g, 3, gpa(0), page(0), 0, PTE_U | PTE_R | PTE_W | AD);
	gpt_map(g, 3, gpa(1), page(1), 0, PTE_U | PTE_R | PTE_W | AD);
	gpt_map(g, 3, gpa(2), page(2), 0, PTE_U | PTE_R | PTE_X | AD);
	gpt_map(g, 3, gpa(3), page(3), 0, PTE_U | PTE_X | AD);
	gpt_map(g, 3, gpa(4), page(4), 0, PTE_U | PTE_R | AD);
	uint64_t *v = vm_identity_root(3, RWXAD);
	pt_map(v, 3, GVA_RW, gpa(0), 0, PTE_R | PTE_W | AD);
	pt_map(v, 3, GVA_URW, gpa(1), 0, PTE_U | PTE_R | PTE_W | AD);
	pt_map(v, 3, GVA_X, gpa(2), 0, PTE_X | AD);
	pt_map(v, 3, GVA_XX, gpa(3), 0, PTE_X | AD);
	pt_map(v, 3, GVA_GNOX, gpa(4), 0, PTE_R | PTE_X | AD);
	pt_map(v, 3, GVA_NONE, GPA_NONE, 0, PTE_R | PTE_W | AD);
	pt_map(v, 3, GVA_INVALID, gpa(0), 0, PTE_R | PTE_W | AD);
	*pt_entry(v, 3, GVA_INVALID, 0) &= ~PTE_V;
	hgatp_set(hgatp_make(HGATP_MODE_SV39X4, 1, g));
	vsatp_set(satp_make(SATP_MODE_SV39, 0, v));
}

/* ---- the accesses, run in HS/U/M: op codes --------------------------- */

enum {
	OP_B, OP_BU, OP_H, OP_HU, OP_W, OP_WU, OP_D, OP_XHU, OP_XWU,
	OP_SB, OP_SH, OP_SW, OP_SD
};
static const char *const op_name[] = {
	"hlv.b", "hlv.bu", "hlv.h", "hlv.hu", "hlv.w", "hlv.wu", "hlv.d",
	"hlvx.hu", "hlvx.wu", "hsv.b", "hsv.h", "hsv.w", "hsv.d"};

static volatile int op;
static volatile uint64_t op_at; /* pc of the H instruction */

/* Each arm records its pc, then runs the instruction on address a. */
#define AT(insn)                                                    \
	asm volatile("la %0, 1f\n1: " insn                          \
		     : "=&r"(at), "=&r"(v)                          \
		     : "r"(a), "r"(sv)                              \
		     : "memory")

static uint64_t do_op(uint64_t a)
{
	uint64_t at = 0, v = 0, sv = 0x1122334455667788UL;
	switch (op) {
	case OP_B: AT(".insn r 0x73, 4, 0x30, %1, %2, x0"); break;
	case OP_BU: AT(".insn r 0x73, 4, 0x30, %1, %2, x1"); break;
	case OP_H: AT(".insn r 0x73, 4, 0x32, %1, %2, x0"); break;
	case OP_HU: AT(".insn r 0x73, 4, 0x32, %1, %2, x1"); break;
	case OP_W: AT(".insn r 0x73, 4, 0x34, %1, %2, x0"); break;
	case OP_WU: AT(".insn r 0x73, 4, 0x34, %1, %2, x1"); break;
	case OP_D: AT(".insn r 0x73, 4, 0x36, %1, %2, x0"); break;
	case OP_XHU: AT(".insn r 0x73, 4, 0x32, %1, %2, x3"); break;
	case OP_XWU: AT(".insn r 0x73, 4, 0x34, %1, %2, x3"); break;
	case OP_SB: AT(".insn r 0x73, 4, 0x31, x0, %2, %3"); break;
	case OP_SH: AT(".insn r 0x73, 4, 0x33, x0, %2, %3"); break;
	case OP_SW: AT(".insn r 0x73, 4, 0x35, x0, %2, %3"); break;
	default: AT(".insn r 0x73, 4, 0x37, x0, %2, %3"); break;
	}
	op_at = at;
	return v;
}

enum { IN_HS, IN_U, IN_M };

/* Run op on a in `where`; returns the value, ~0 after a trap. */
static uint64_t run_op(int where, int o, uint64_t a)
{
	op = o;
	trap_arm();
	uint64_t v = where == IN_HS  ? run_lower(PRV_S, do_op, a)
		     : where == IN_U ? run_lower(PRV_U, do_op, a)
				     : do_op(a);
	trap_armed = 0;
	return trap.taken ? ~0UL : v;
}

static void test_values(int where, const char *what)
{
	static const uint64_t exp[] = {
		0xffffffffffffff80UL, 0x80, 0xffffffffffff8180UL, 0x8180,
		0xffffffff83828180UL, 0x83828180UL, 0x8786858483828180UL};
	csr_set(hstatus, HSTATUS_SPVP);
	for (int o = OP_B; o <= OP_D; o++)
		if (!CHECK_EQ_W(run_op(where, o, GVA_RW + 0x80), exp[o], what,
				H_HLV))
			puts("  "), puts(op_name[o]), puts("\n");
	/* Stores: each width into page 0 + 0x88, checked in memory. */
	static const uint64_t sexp[] = {0x88, 0x7788, 0x55667788UL,
					0x1122334455667788UL};
	for (int o = OP_SB; o <= OP_SD; o++) {
		*(volatile uint64_t *)(page(0) + 0x88) = 0;
		run_op(where, o, GVA_RW + 0x88);
		if (!CHECK_EQ_W(*(volatile uint64_t *)(page(0) + 0x88),
				sexp[o - OP_SB], what, H_HLV))
			puts("  "), puts(op_name[o]), puts("\n");
	}
	/* HLVX on a page executable in both stages (not VS-readable). */
	/* QEMU-DEVIATIONS.md: HLV/HLVX permission checks. */
	CHECK_XFAIL_QEMU(run_op(where, OP_XHU, GVA_X + 0x80) == 0x8180,
			 "hlvx.hu on an execute-only VS page", H_HLV);
	CHECK_XFAIL_QEMU(run_op(where, OP_XWU, GVA_X + 0x80) == 0x83828180UL,
			 "hlvx.wu on an execute-only VS page", H_HLV);
}

/*
 * QEMU 7.2 (QEMU-DEVIATIONS.md: permission checks of HLV/HLVX/HSV) gets
 * the execute-only, MXR and SPVP cases wrong, reports VS-stage page faults
 * of HLV/HSV as access faults (5/7) when the HS satp is Bare, and leaves
 * mstatus.GVA 0 for their faults taken by M. Checks in those areas are
 * XFAIL-QEMU (xf = 1: the whole record; the M-mode GVA always).
 */
static void check_fault(uint64_t cause, uint64_t tval, uint64_t tval2,
			char mode, int xf, const char *what)
{
	uint32_t t = insn_at(op_at) & ~(0x1fu << 15);
	int rec = trap.taken == 1 && trap.mode == mode &&
		  trap.cause == cause && trap.epc == op_at &&
		  trap.tval == tval && trap.tval2 == tval2 &&
		  trap.virt == 0 && (trap.tinst == 0 || trap.tinst == t);
	if (xf) {
		CHECK_XFAIL_QEMU(rec && trap.gva == 1, what, H_HLV);
		return;
	}
	int ok = CHECK_W(rec, what, H_HLV " / " H_ENTRY);
	if (mode == 'S')
		ok &= CHECK_EQ_W(trap.gva, 1, "HLV/HSV fault: hstatus.GVA = 1",
				 H_HSTATUS);
	else
		CHECK_XFAIL_QEMU(trap.gva == 1, "HLV/HSV fault: mstatus.GVA = 1",
				 H_MSTATUS);
	if (!ok) {
		puts("  ");
		puts(op_name[op]);
		puts(" cause ");
		printhex(trap.cause);
		puts(" tval2 ");
		printhex(trap.tval2);
		puts(" tinst ");
		printhex(trap.tinst);
		puts("\n");
	}
}

static void test_faults(int where, char mode)
{
	csr_set(hstatus, HSTATUS_SPVP);
	run_op(where, OP_D, GVA_NONE + 0x18);
	check_fault(CAUSE_LOAD_GPAGE, GVA_NONE + 0x18, (GPA_NONE + 0x18) >> 2,
		    mode, 0, "hlv.d: load guest-page fault");
	run_op(where, OP_SW, GVA_NONE + 0x24);
	check_fault(CAUSE_STORE_GPAGE, GVA_NONE + 0x24, (GPA_NONE + 0x24) >> 2,
		    mode, 0, "hsv.w: store guest-page fault");
	run_op(where, OP_XWU, GVA_GNOX + 0x80);
	check_fault(CAUSE_LOAD_GPAGE, GVA_GNOX + 0x80, (gpa(4) + 0x80) >> 2,
		    mode, 1, "hlvx.wu: G-stage without X: load guest-page fault");
	run_op(where, OP_W, GVA_INVALID + 0x10);
	check_fault(CAUSE_LOAD_PAGE, GVA_INVALID + 0x10, 0, mode, 1,
		    "hlv.w: VS-stage load page fault");
	run_op(where, OP_SD, GVA_INVALID + 0x10);
	check_fault(CAUSE_STORE_PAGE, GVA_INVALID + 0x10, 0, mode, 1,
		    "hsv.d: VS-stage store page fault");
	run_op(where, OP_XHU, GVA_RW + 0x80);
	check_fault(CAUSE_LOAD_PAGE, GVA_RW + 0x80, 0, mode, 1,
		    "hlvx.hu: VS page without X: load page fault");
	run_op(where, OP_HU, GVA_X + 0x80);
	check_fault(CAUSE_LOAD_PAGE, GVA_X + 0x80, 0, mode, 1,
		    "hlv.hu: VS execute-only page, MXR=0: load page fault");
}

/* Privilege and MXR: QEMU-DEVIATIONS.md lists these permission checks
 * (SPVP, MXR, execute-only) of HLV/HLVX as wrong in QEMU 7.2: the checks
 * that QEMU fails are XFAIL-QEMU. */
static void test_privilege(int where)
{
	/* SPVP = 0: VU access; a VS-stage page with U=0 faults. */
	csr_clear(hstatus, HSTATUS_SPVP);
	CHECK_EQ_W(run_op(where, OP_D, GVA_URW + 0x80), PAT ^ (1UL << 56),
		   "SPVP=0: hlv.d on a U page", H_HSTATUS);
	run_op(where, OP_D, GVA_RW + 0x80);
	CHECK_W(trap.taken, "SPVP=0: hlv.d on a VS page with U=0 faults",
		H_HSTATUS);
	/* QEMU 7.2: cause 5 (see check_fault). */
	CHECK_XFAIL_QEMU(trap.cause == CAUSE_LOAD_PAGE,
			 "... as a load page fault", H_HSTATUS);
	/* SPVP = 1: VS access to a U page needs vsstatus.SUM. */
	csr_set(hstatus, HSTATUS_SPVP);
	csr_clear(vsstatus, MSTATUS_SUM);
	csr_set(sstatus, MSTATUS_SUM);
	run_op(where, OP_D, GVA_URW + 0x80);
	CHECK_XFAIL_QEMU(trap.taken,
			 "SPVP=1, vsstatus.SUM=0: U page faults (HS SUM "
			 "ignored)",
			 H_HLV);
	csr_clear(sstatus, MSTATUS_SUM);
	csr_set(vsstatus, MSTATUS_SUM);
	CHECK_EQ_W(run_op(where, OP_D, GVA_URW + 0x80), PAT ^ (1UL << 56),
		   "SPVP=1, vsstatus.SUM=1: U page readable", C_SUM);
	csr_clear(vsstatus, MSTATUS_SUM);

	/* MXR. vsstatus.MXR: VS-stage only. */
	csr_set(vsstatus, MSTATUS_MXR);
	CHECK_XFAIL_QEMU(run_op(where, OP_D, GVA_X + 0x80) ==
				 (PAT ^ (2UL << 56)),
			 "vsstatus.MXR: VS execute-only page readable", H_HLV);
	run_op(where, OP_D, GVA_XX + 0x80);
	CHECK_XFAIL_QEMU(trap.taken && trap.cause == CAUSE_LOAD_GPAGE,
			 "vsstatus.MXR does not open G-stage execute-only",
			 H_HLV);
	csr_clear(vsstatus, MSTATUS_MXR);
	/* sstatus.MXR (HS): both stages. */
	csr_set(sstatus, MSTATUS_MXR);
	uint64_t v = run_op(where, OP_D, GVA_XX + 0x80);
	CHECK_XFAIL_QEMU(v == (PAT ^ (3UL << 56)),
			 "sstatus.MXR: execute-only in both stages readable",
			 H_HLV);
	csr_clear(sstatus, MSTATUS_MXR);
	/* HLVX: execute-only in both stages is fine without MXR. */
	CHECK_XFAIL_QEMU(run_op(where, OP_XWU, GVA_XX + 0x80) == 0x83828180UL,
			 "hlvx.wu: execute-only in both stages", H_HLV);
}

int main(void)
{
	if ((uint64_t)_end > PA_DATA) {
		puts("FAIL image overlaps the test's physical areas\n");
		return 2;
	}
	hyp_init();
	setup();

	test_values(IN_HS, "HS: value");
	test_values(IN_M, "M: value");
	csr_set(hstatus, HSTATUS_HU);
	test_values(IN_U, "U with HU=1: value");
	test_privilege(IN_HS);
	test_privilege(IN_U);

	/* Faults from M are taken by M; from HS/U by HS when delegated. */
	test_faults(IN_M, 'M');
	test_faults(IN_HS, 'M');
	csr_write(medeleg, (1UL << CAUSE_LOAD_GPAGE) |
				   (1UL << CAUSE_STORE_GPAGE) |
				   (1UL << CAUSE_LOAD_PAGE) |
				   (1UL << CAUSE_STORE_PAGE));
	csr_write(hedeleg, (1UL << CAUSE_LOAD_PAGE) | (1UL << CAUSE_STORE_PAGE));
	test_faults(IN_HS, 'S'); /* hedeleg: never to VS from V=0 */
	test_faults(IN_U, 'S');
	csr_write(medeleg, 0);
	csr_write(hedeleg, 0);
	csr_clear(hstatus, HSTATUS_HU);

	hgatp_set(0);
	vsatp_set(0);
	return test_done();
}
