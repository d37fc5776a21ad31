/*
 * swwalk.c - the M-mode software page-table walker behind swwalk_entry
 * (see swwalk.h), and the workload and checks of the hw_swwalk* tests.
 *
 * The walker implements supervisor.adoc, "Virtual Address Translation
 * Process" (steps 2-7, under Svade: no A/D updates, A = 0 or a store to
 * D = 0 is a page fault) and hypervisor.adoc, "Two-Stage Address
 * Translation" (each VS-stage PTE address is a guest-physical address
 * translated by the G-stage as an implicit read; every G-stage access is a
 * user-level access). M-mode reads the tables physically. PMP is not
 * checked on the PTE reads (the tests open all memory).
 */
#include "swwalk.h"

/* ---- page-table formats as data ----------------------------------------- */

struct pt_format {
	unsigned levels; /* 3: Sv39(x4), 4: Sv48(x4) */
	unsigned root_bits; /* index bits of the root table: 9, 11 for x4 */
	unsigned va_bits; /* 39, 48; 41, 50 for x4 */
	unsigned sext; /* 1: addresses sign-extend bit va_bits - 1 (first
			  stage); 0: zero-extended (G-stage) */
};

static const struct pt_format fmt_sv39 = { 3, 9, 39, 1 };
static const struct pt_format fmt_sv48 = { 4, 9, 48, 1 };
static const struct pt_format fmt_sv39x4 = { 3, 11, 41, 0 };
static const struct pt_format fmt_sv48x4 = { 4, 11, 50, 0 };

/* The format of a satp/vsatp (x4 = 0) or hgatp (x4 = 1) value; 0 for Bare
 * (and the modes this walker does not know). */
static const struct pt_format *format_of(uint64_t atp, int x4)
{
	static const struct pt_format *const fmt[2][2] = {
		{ &fmt_sv39, &fmt_sv48 },
		{ &fmt_sv39x4, &fmt_sv48x4 },
	};
	uint64_t mode = (atp >> SATP_MODE_SHIFT) - SATP_MODE_SV39;
	return mode < 2 ? fmt[x4][mode] : 0;
}

static inline uint64_t atp_root(uint64_t atp)
{
	return (atp & ((1UL << 44) - 1)) << 12;
}

/* ---- PTE fields --------------------------------------------------------- */

static inline uint64_t pte_addr(uint64_t pte)
{
	return ((pte >> PTE_PPN_SHIFT) & ((1UL << 44) - 1)) << 12;
}
static inline int pte_is_leaf(uint64_t pte)
{
	return (pte & (PTE_R | PTE_X)) != 0;
}
/* V = 0, W without R, or bits 63:54 set (reserved, PBMT and N without
 * Svpbmt/Svnapot): a page fault. */
static inline int pte_is_bad(uint64_t pte)
{
	return !(pte & PTE_V) || (pte & (PTE_R | PTE_W)) == PTE_W ||
	       (pte >> 54) != 0;
}

/* ---- permissions -------------------------------------------------------- */

enum { ACC_LOAD, ACC_STORE, ACC_FETCH }; /* MTLBCTX's access encoding */

/* R/W/X and A/D of a leaf for the permission `perm` (step 5's R/W/X with
 * MXR, step 7 under Svade). */
static int perm_ok(uint64_t pte, unsigned perm, uint64_t mxr)
{
	if (!(pte & PTE_A))
		return 0;
	if (perm == ACC_LOAD)
		return (pte & PTE_R) || (mxr && (pte & PTE_X));
	if (perm == ACC_STORE)
		return (pte & PTE_W) && (pte & PTE_D);
	return (pte & PTE_X) != 0;
}

/* A first-stage leaf: the U rules (SUM; S never executes U pages) for the
 * access `acc`, then perm_ok for `perm` (execute for HLVX). `status`
 * supplies SUM and MXR. */
static int leaf_permits(uint64_t pte, unsigned acc, unsigned perm,
			unsigned priv, uint64_t status)
{
	if (priv == PRV_U ? !(pte & PTE_U)
			  : (pte & PTE_U) && (acc == ACC_FETCH ||
					      !(status & MSTATUS_SUM)))
		return 0;
	return perm_ok(pte, perm, status & MSTATUS_MXR);
}

/* A G-stage leaf: every access is user-level; only the HS-level MXR. */
static int gleaf_permits(uint64_t pte, unsigned perm, uint64_t mxr)
{
	return (pte & PTE_U) && perm_ok(pte, perm, mxr);
}

/* ---- the walker --------------------------------------------------------- */

struct stage {
	const struct pt_format *fmt;
	uint64_t root;
};

struct leaf {
	uint64_t pa; /* the translated address */
	uint64_t pte; /* the leaf's flags (bits 7:0), G also from non-leaves */
	unsigned level; /* 0: 4 KiB, 1: 2 MiB, ... */
};

enum { WALK_OK, WALK_PAGE_FAULT, WALK_GUEST_FAULT };

static int gstage(const struct stage *g, uint64_t gpa, unsigned perm,
		  uint64_t mxr, struct leaf *out) __attribute__((noinline));

/*
 * Finds the leaf for addr in the table of stage s (steps 2-4 and 6: bad
 * encodings, D/A/U in a non-leaf, a misaligned superpage, no leaf at level
 * 0 are page faults). With g, the table is guest-physical: each PTE
 * address goes through the G-stage (gstage()) as an implicit read first,
 * and a failure there is a guest-page fault whose address is left in
 * *fault_gpa. Inlined into each caller, where g is a constant (the common
 * path then runs without calls).
 */
static inline __attribute__((always_inline)) int
walk(const struct stage *s, uint64_t addr, const struct stage *g,
     struct leaf *out, uint64_t *fault_gpa)
{
	const struct pt_format *f = s->fmt;
	uint64_t a = s->root, global = 0;
	uint64_t top = addr >> (f->va_bits - f->sext); /* must be 0 (or -1) */
	unsigned level = f->levels - 1, shift = 12 + 9 * level;
	uint64_t index_mask = (1UL << f->root_bits) - 1;

	if (top && !(f->sext && top == ~0UL >> (f->va_bits - 1)))
		return WALK_PAGE_FAULT;
	for (;;) {
		uint64_t at = a + ((addr >> shift) & index_mask) * 8, pte;

		if (g) {
			struct leaf gl;
			if (!gstage(g, at, ACC_LOAD, 0, &gl)) {
				*fault_gpa = at;
				return WALK_GUEST_FAULT;
			}
			at = gl.pa;
		}
		pte = *(volatile uint64_t *)at;
		if (pte_is_bad(pte))
			return WALK_PAGE_FAULT;
		a = pte_addr(pte);
		if (pte_is_leaf(pte)) {
			uint64_t in_page = (1UL << shift) - 1;
			if (a & in_page)
				return WALK_PAGE_FAULT; /* misaligned superpage */
			out->pa = a | (addr & in_page);
			out->pte = (pte | global) & 0xff;
			out->level = level;
			return WALK_OK;
		}
		if ((pte & (PTE_D | PTE_A | PTE_U)) || level == 0)
			return WALK_PAGE_FAULT;
		global |= pte & PTE_G;
		level--;
		shift -= 9;
		index_mask = 511;
	}
}

/* The G-stage translation of gpa for `perm` (an implicit PTE read: load,
 * without MXR): whether it succeeds, the leaf in *out. */
static int gstage(const struct stage *g, uint64_t gpa, unsigned perm,
		  uint64_t mxr, struct leaf *out)
{
	return walk(g, gpa, 0, out, 0) == WALK_OK &&
	       gleaf_permits(out->pte, perm, mxr);
}

/* ---- the refill handler ------------------------------------------------- */

volatile struct swwalk_stats swwalk_stats;
volatile uint64_t swwalk_expect_ctx;
volatile int swwalk_observing;
extern char _start[], _etext[];

static uint64_t fault(uint64_t cause, uint64_t va)
{
	swwalk_stats.faults++;
	swwalk_stats.fault_cause = cause;
	swwalk_stats.fault_va = va;
	return cause;
}

static uint64_t page_fault(unsigned acc, uint64_t va)
{
	static const uint8_t cause[3] = { CAUSE_LOAD_PAGE, CAUSE_STORE_PAGE,
					  CAUSE_FETCH_PAGE };
	return fault(cause[acc], va);
}

/* htval's counterpart in M: mtval2 = the GPA >> 2; mtinst = the implicit
 * read pseudoinstruction for a VS-stage PTE (hypervisor.adoc, "Transformed
 * Instruction or Pseudoinstruction ..."), else 0. */
static uint64_t guest_fault(unsigned acc, uint64_t va, uint64_t gpa,
			    int implicit)
{
	static const uint8_t cause[3] = { 21, 23, 20 };
	csr_write(mtval2, gpa >> 2);
	csr_write(mtinst, implicit ? 0x3000 : 0);
	return fault(cause[acc], va);
}

/* The test's observations of one miss (see swwalk.h). */
static void observe(uint64_t cause, uint64_t va, uint64_t ctx)
{
	static const uint8_t acc_of[3] = { ACC_FETCH, ACC_LOAD, ACC_STORE };
	uint64_t k = cause - HWMODE_CAUSE_FETCH;
	int in_text = va - (uint64_t)_start < (uint64_t)(_etext - _start);

	swwalk_stats.by_cause[k]++;
	if ((ctx & ~MTLBCTX_HLVX) !=
	    (swwalk_expect_ctx | (uint64_t)acc_of[k] << MTLBCTX_ACC_SHIFT))
		swwalk_stats.ctx_bad++;
	if (in_text != (k == 0))
		swwalk_stats.va_bad++;
}

static void commit(uint64_t va, uint64_t pte, uint64_t gpte, uint64_t cmd)
{
	csr_write(CSR_MTLBVA, va);
	csr_write(CSR_MTLBPTE, pte);
	csr_write(CSR_MTLBGPTE, gpte);
	csr_write(CSR_MTLBCMD, cmd);
	swwalk_stats.refills++;
}

/* The PPN field of the page of this level holding pa: the base of the
 * leaf (the machine refuses a superpage whose PPN has low bits set). */
static uint64_t ppn_field(uint64_t pa, unsigned level)
{
	return (pa >> (12 + 9 * level)) << (PTE_PPN_SHIFT + 9 * level);
}

/* V=1: the VS-stage walk through the G-stage, the VS leaf's permissions,
 * then the G-stage of the final guest-physical address; the entry is the
 * composition at the smaller page size. Both stages must be translated
 * (vsatp and hgatp not Bare: the tests need no more). */
static __attribute__((noinline)) uint64_t
refill_guest(uint64_t va, unsigned acc, unsigned perm, unsigned priv)
{
	uint64_t vsatp = csr_read(vsatp), hgatp = csr_read(hgatp);
	struct stage vs = { format_of(vsatp, 0), atp_root(vsatp) };
	struct stage g = { format_of(hgatp, 1), atp_root(hgatp) };
	uint64_t mxr = csr_read(mstatus) & MSTATUS_MXR, gpa = 0;
	struct leaf vl, gl;
	unsigned level;

	if (!vs.fmt || !g.fmt)
		return fault(CAUSE_ILLEGAL, va); /* not supported here */
	switch (walk(&vs, va, &g, &vl, &gpa)) {
	case WALK_OK:
		break;
	case WALK_GUEST_FAULT:
		return guest_fault(acc, va, gpa, 1);
	default:
		return page_fault(acc, va);
	}
	if (!leaf_permits(vl.pte, acc, perm, priv, csr_read(vsstatus) | mxr))
		return page_fault(acc, va);
	if (!gstage(&g, vl.pa, perm, mxr, &gl))
		return guest_fault(acc, va, vl.pa, 0);
	level = vl.level < gl.level ? vl.level : gl.level;
	commit(va, ppn_field(gl.pa, level) | vl.pte, ppn_field(vl.pa, gl.level) | gl.pte,
	       level << MTLBCMD_LEVEL_SHIFT | gl.level << MTLBCMD_GLEVEL_SHIFT);
	return 0;
}

uint64_t swwalk_refill(uint64_t cause, uint64_t va)
{
	uint64_t ctx = csr_read(CSR_MTLBCTX);
	unsigned acc = (ctx & MTLBCTX_ACC_MASK) >> MTLBCTX_ACC_SHIFT;
	unsigned perm = (ctx & MTLBCTX_HLVX) ? ACC_FETCH : acc;
	unsigned priv = (ctx & MTLBCTX_PRIV_MASK) >> MTLBCTX_PRIV_SHIFT;
	uint64_t satp;
	struct stage s;
	struct leaf l;

	if (swwalk_observing)
		observe(cause, va, ctx);
	if (ctx & MTLBCTX_V)
		return refill_guest(va, acc, perm, priv);
	satp = csr_read(satp);
	s.fmt = format_of(satp, 0);
	s.root = atp_root(satp);
	if (!s.fmt) /* Bare translates nothing: no miss to refill */
		return fault(CAUSE_ILLEGAL, va);
	if (walk(&s, va, 0, &l, 0) != WALK_OK ||
	    !leaf_permits(l.pte, acc, perm, priv, csr_read(mstatus)))
		return page_fault(acc, va);
	commit(va, ppn_field(l.pa, l.level) | l.pte, 0, l.level << MTLBCMD_LEVEL_SHIFT);
	return 0;
}

/* ---- set-up ------------------------------------------------------------- */

int hwmode_present(void)
{
	uint64_t v;
	trap_arm();
	v = csr_read(CSR_MHWCTL);
	if (trap.taken)
		return 0;
	trap_armed = 0;
	return (v & MHWCTL_PRESENT) != 0;
}

int swwalk_skip(void)
{
	puts("SKIP-QEMU: no hardware-mode interface\n");
	return test_done();
}

void swwalk_install(void)
{
	csr_write(mtvec, (uint64_t)swwalk_entry);
	csr_write(mcounteren, 7);
	csr_write(scounteren, 7);
}

/* ---- the workload ------------------------------------------------------- */

void swwalk_table_init(void)
{
	volatile uint64_t *t = (volatile uint64_t *)SWW_TABLE_PA;
	for (uint64_t i = 0; i < SWW_TABLE_SIZE / 8; i++)
		t[i] = i * 0x9e3779b97f4a7c15UL;
}

uint64_t swwalk_table_sum(void)
{
	volatile uint64_t *t = (volatile uint64_t *)SWW_TABLE_PA;
	uint64_t sum = 0;
	for (uint64_t i = 0; i < SWW_TABLE_SIZE / 8; i++)
		sum += t[i] ^ i;
	return sum;
}

uint64_t swwalk_kernel(uint64_t base, uint64_t seed)
{
	volatile uint64_t *t = (volatile uint64_t *)base;
	uint64_t x = seed, sum = 0;
	for (uint64_t i = 0; i < SWW_ACCESSES; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		uint64_t j = x & (SWW_TABLE_SIZE / 8 - 1);
		if (x >> 59 == 0) { /* 1 in 32: a store alone */
			t[j] = i;
			continue;
		}
		uint64_t v = t[j];
		t[j] = v * 0xbf58476d1ce4e5b9UL + i;
		sum = (sum << 7 | sum >> 57) ^ v;
	}
	return sum;
}

uint64_t swwalk_workload(uint64_t seed)
{
	return swwalk_kernel(SWW_TABLE_VA, seed);
}

/* instret across one load (runs in the lower mode, hence rdinstret). */
static uint64_t load_instret(uint64_t va)
{
	uint64_t a, b, v;
	asm volatile("rdinstret %0\n\t"
		     "ld %2, 0(%3)\n\t"
		     "rdinstret %1"
		     : "=&r"(a), "=&r"(b), "=&r"(v)
		     : "r"(va)
		     : "memory");
	return b - a;
}

uint64_t swwalk_measure(uint64_t va)
{
	load_instret(va + 8 * PAGE_SIZE); /* code, stack and this page warm */
	uint64_t cold = load_instret(va);
	uint64_t warm = load_instret(va);
	return cold - warm;
}

/* ---- runs and checks ---------------------------------------------------- */

static void hpm_read(uint64_t c[16])
{
	c[2] = csr_read(minstret);
	c[3] = csr_read(mhpmcounter3);
	c[4] = csr_read(mhpmcounter4);
	c[5] = csr_read(mhpmcounter5);
	c[6] = csr_read(mhpmcounter6);
	c[7] = csr_read(mhpmcounter7);
	c[8] = csr_read(mhpmcounter8);
	c[9] = csr_read(mhpmcounter9);
	c[10] = csr_read(mhpmcounter10);
	c[11] = csr_read(mhpmcounter11);
	c[12] = csr_read(mhpmcounter12);
	c[13] = csr_read(mhpmcounter13);
	c[14] = csr_read(mhpmcounter14);
	c[15] = csr_read(mhpmcounter15);
}

void swwalk_begin(struct swwalk_run *r, uint64_t mhwctl, uint64_t ctx)
{
	memset((void *)&swwalk_stats, 0, sizeof swwalk_stats);
	swwalk_expect_ctx = ctx;
	swwalk_observing = 1;
	hpm_read(r->d);
	csr_write(CSR_MHWCTL, mhwctl);
}

void swwalk_end(struct swwalk_run *r)
{
	uint64_t now[16];
	csr_write(CSR_MHWCTL, 0);
	hpm_read(now);
	for (int i = 0; i < 16; i++)
		r->d[i] = now[i] - r->d[i];
	memcpy(&r->s, (const void *)&swwalk_stats, sizeof r->s);
	r->table_sum = swwalk_table_sum();
}

/* "<part>: <what>" for the failure lines (used at once by check_*). */
static const char *label(const char *part, const char *what)
{
	static char buf[128];
	size_t n = 0;
	for (const char *p = part; *p && n < 60; p++)
		buf[n++] = *p;
	buf[n++] = ':';
	buf[n++] = ' ';
	for (const char *p = what; *p && n < sizeof buf - 1; p++)
		buf[n++] = *p;
	buf[n] = 0;
	return buf;
}

#define EQ(got, exp, what) CHECK_EQ_W(got, exp, label(part, what), C_HWMODE)

void swwalk_compare(const char *part, const struct swwalk_run *hw,
		    const struct swwalk_run *sw, uint64_t ref_checksum,
		    uint64_t ref_sum)
{
	const struct swwalk_stats *s = &sw->s;
	uint64_t n = s->refills;

	puts("INFO ");
	puts(test_name);
	puts(": ");
	puts(part);
	puts(": hardware walks ");
	printdec((int64_t)hw->d[HPM_WALKS]);
	puts(" (G-stage ");
	printdec((int64_t)hw->d[HPM_GWALKS]);
	puts("), software refills ");
	printdec((int64_t)n);
	puts(" (fetch ");
	printdec((int64_t)s->by_cause[0]);
	puts(", load ");
	printdec((int64_t)s->by_cause[1]);
	puts(", store ");
	printdec((int64_t)s->by_cause[2]);
	puts("), handler average ");
	printdec(n && sw->d[2] > hw->d[2] ? (int64_t)((sw->d[2] - hw->d[2]) / n)
					  : 0);
	puts(" instructions\n");

	/* Both runs compute what the workload computes on physical memory. */
	EQ(hw->checksum, ref_checksum, "checksum, hardware walker");
	EQ(sw->checksum, ref_checksum, "checksum, software walker");
	EQ(hw->table_sum, ref_sum, "table, hardware walker");
	EQ(sw->table_sum, ref_sum, "table, software walker");
	/* One refill per hardware walk; every miss trap refilled once. */
	EQ(n, hw->d[HPM_WALKS], "software refills == hardware walks");
	EQ(sw->d[HPM_REFILLS], n, "mhpmcounter15 == handler's refills");
	EQ(sw->d[HPM_MISS_TRAPS], n, "mhpmcounter14 == refills");
	EQ(s->by_cause[0] + s->by_cause[1] + s->by_cause[2], n,
	   "miss traps == refills");
	EQ(sw->d[HPM_TRAPS] - hw->d[HPM_TRAPS], n, "extra traps == refills");
	/* The walker is off, and nothing traps to it when it is on. */
	EQ(sw->d[HPM_WALKS], 0, "no first-stage walk with the walker off");
	EQ(sw->d[HPM_GWALKS], 0, "no G-stage walk with the walker off");
	EQ(hw->d[HPM_MISS_TRAPS], 0, "no miss trap with the walker on");
	EQ(hw->d[HPM_REFILLS], 0, "no refill with the walker on");
	/* The TLBs see the same misses either way. */
	EQ(sw->d[HPM_ITLB], hw->d[HPM_ITLB], "L1 ITLB misses equal");
	EQ(sw->d[HPM_DTLB], hw->d[HPM_DTLB], "L1 DTLB misses equal");
	EQ(sw->d[HPM_L2TLB], hw->d[HPM_L2TLB], "L2 TLB misses equal");
	/* Causes: 24 for fetches (in .text), 25/26 for data; MTLBCTX. */
	CHECK_W(s->by_cause[0] > 0, label(part, "fetch misses (cause 24)"),
		C_HWMODE);
	CHECK_W(s->by_cause[1] > 0, label(part, "load misses (cause 25)"),
		C_HWMODE);
	CHECK_W(s->by_cause[2] > 0, label(part, "store misses (cause 26)"),
		C_HWMODE);
	EQ(s->va_bad, 0, "misses whose cause does not fit mtval (fetch/data)");
	EQ(s->ctx_bad, 0, "misses whose MTLBCTX differs from the context");
	if (!EQ(s->faults, 0, "faults found by the software walk")) {
		puts("    last: cause ");
		printhex(s->fault_cause);
		puts(" va ");
		printhex(s->fault_va);
		puts("\n");
	}
}

void swwalk_info_count(const char *what, uint64_t n, const char *detail)
{
	puts("INFO ");
	puts(test_name);
	puts(": ");
	puts(what);
	puts(" refill ");
	printdec((int64_t)n);
	puts(" instructions (");
	puts(detail);
	puts(")\n");
}
