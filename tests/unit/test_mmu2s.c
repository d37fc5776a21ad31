/*
 * Two-stage address translation (emu/mmu.c, translate_guest) and the
 * TLB's guest tagging (emu/tlb.c, emu/hart.c), on page tables built in a
 * machine's RAM: a VS-stage (vsatp) whose tables live at guest-physical
 * addresses, and a G-stage (hgatp, Sv39x4/Sv48x4, 16 KiB root) that maps
 * them and the data to host physical addresses.
 *
 * Covered (hypervisor.adoc unless noted):
 *  - Sv39 over Sv39x4, Sv48 over Sv48x4, either stage Bare; leaves of
 *    every size in both stages and the size of the composed TLB entry
 *    (the smaller of the two leaves);
 *  - the x4 root: 2048 root entries, GPA bits 40:39 (Sv39x4) / 49:48
 *    (Sv48x4) select them; wider GPAs are guest-page faults;
 *  - guest-page faults (20/21/23) with tval = GVA, tval2 = GPA >> 2,
 *    tinst = 0 for the final address, and for an implicit VS-stage PTE
 *    read: the original access type, tval2 = the PTE's GPA >> 2,
 *    tinst = 0x3000; the G-stage's U, A/D (Svade), reserved-encoding
 *    rules; VS-stage page faults before G-stage faults of the final GPA;
 *  - permissions: vsstatus.SUM (mstatus.SUM ignored), vsstatus.MXR for
 *    the VS-stage only, mstatus.MXR for both, HLVX (execute in both
 *    stages, read in PMP);
 *  - TLB tags: VMID, V, ASID within a VM, global VS entries;
 *  - fences: sfence.vma with V=1, hfence.vvma, hfence.gvma by GPA / VMID /
 *    all, sfence.vma with V=0; stale translations until the right fence
 *    (hmvirt's TLB keeps entries until a fence names them);
 *  - trap entry of guest-page faults into HS and M, of a page fault into
 *    VS (hedeleg), and of VSTIP into VS (hideleg).
 *
 * Everything runs with PMP entry 0 granting all (as test_mmu.c).
 */
#include "unit.h"

#define C_2STAGE  SPEC("hypervisor.adoc", "Two-Stage Address Translation")
#define C_GPAT    SPEC("hypervisor.adoc", "Two-Stage Address Translation / Guest Physical Address Translation")
#define C_GPF     SPEC("hypervisor.adoc", "Two-Stage Address Translation / Guest-Page Faults")
#define C_HTVAL   SPEC("hypervisor.adoc", "Hypervisor Trap Value (htval) Register")
#define C_TINST   SPEC("hypervisor.adoc", "Traps / Transformed Instruction or Pseudoinstruction for mtinst or htinst")
#define C_MMF     SPEC("hypervisor.adoc", "Two-Stage Address Translation / Memory-Management Fences")
#define C_HFENCE  SPEC("hypervisor.adoc", "Hypervisor Memory-Management Fence Instructions")
#define C_HGATP   SPEC("hypervisor.adoc", "Hypervisor Guest Address Translation and Protection (hgatp) Register")
#define C_HLV     SPEC("hypervisor.adoc", "Hypervisor Virtual-Machine Load and Store Instructions")
#define C_ENTRY   SPEC("hypervisor.adoc", "Traps / Trap Entry")
#define C_MIDELEG SPEC("hypervisor.adoc", "Machine Interrupt Delegation (mideleg) Register")
#define C_HIDELEG SPEC("hypervisor.adoc", "Hypervisor Trap Delegation (hedeleg and hideleg) Registers")
#define C_XLATE   SPEC("supervisor.adoc", "Virtual Address Translation Process")
#define C_PTE     SPEC("supervisor.adoc", "Sv32: Page-Based 32-bit Virtual-Memory Systems / Addressing and Memory Protection")
#define C_SUM     SPEC("supervisor.adoc", "Memory Privilege in sstatus Register")
#define C_SATPCHG SPEC("supervisor.adoc", "Virtual Address Translation Process (satp.MODE changes take effect immediately)")

#define NROWS(t) (sizeof(t) / sizeof((t)[0]))
#define BIT(n) (1ull << (n))

#define LPF CAUSE_LOAD_PAGE_FAULT
#define SPF CAUSE_STORE_PAGE_FAULT
#define IPF CAUSE_FETCH_PAGE_FAULT
#define LGF CAUSE_LOAD_GUEST_PAGE_FAULT
#define SGF CAUSE_STORE_GUEST_PAGE_FAULT
#define IGF CAUSE_FETCH_GUEST_PAGE_FAULT

#define V  PTE_V
#define RD PTE_R
#define WR PTE_W
#define EX PTE_X
#define US PTE_U
#define GL PTE_G
#define AC PTE_A
#define DI PTE_D
#define RWX  (V | RD | WR | EX | AC | DI)          /* VS-stage leaf for VS-mode */
#define GRWX (RWX | US)                           /* G-stage leaf: always U */
#define GTAB (V | RD | WR | US | AC | DI)         /* G-stage leaf of a VS table page */

static const char *const acc_name[] = { "load", "store", "fetch" };
static const uint64_t gpf_of[3] = { LGF, SGF, IGF };
static const uint64_t pf_of[3] = { LPF, SPF, IPF };
static const uint64_t af_of[3] = { CAUSE_LOAD_ACCESS, CAUSE_STORE_ACCESS, CAUSE_FETCH_ACCESS };

static inline uint64_t lmask(unsigned level)
{
	return (PAGE_SIZE << (9 * level)) - 1;
}

/* ---- page-table builder ----------------------------------------------------
 * A table's own address space ("tsa") is physical for host and G-stage
 * tables and guest-physical for VS-stage tables under a G-stage; `off`
 * converts it to the host physical address where the bytes are.
 */
struct pt {
	struct machine *m;
	unsigned levels;       /* 3 or 4 */
	unsigned root_bits;    /* 9, or 11 for the x4 formats (16 KiB root) */
	uint64_t root;         /* tsa of the root */
	uint64_t next;         /* next free host physical page */
	uint64_t off;          /* hpa = tsa + off */
};

static uint64_t pt_alloc(struct pt *p, unsigned pages)
{
	static const uint8_t zero[PAGE_SIZE];
	uint64_t hpa = p->next;
	for (unsigned i = 0; i < pages; i++)
		assert_true(phys_write(p->m, hpa + i * PAGE_SIZE, zero, sizeof zero));
	p->next += pages * PAGE_SIZE;
	return hpa - p->off;
}

static void pt_init(struct pt *p, struct machine *m, unsigned levels, bool x4, uint64_t hpa_area,
		    uint64_t tsa_area)
{
	p->m = m;
	p->levels = levels;
	p->root_bits = x4 ? 11 : 9;
	p->next = hpa_area;
	p->off = hpa_area - tsa_area;
	p->root = pt_alloc(p, x4 ? 4 : 1);
}

static uint64_t pt_rd(const struct pt *p, uint64_t tsa)
{
	return unit_rd64(p->m, tsa + p->off);
}

static void pt_wr(const struct pt *p, uint64_t tsa, uint64_t v)
{
	unit_wr64(p->m, tsa + p->off, v);
}

static uint64_t pte(uint64_t pa, uint64_t flags)
{
	return (pa >> PAGE_SHIFT) << PTE_PPN_SHIFT | flags;
}

static uint64_t pte_pa(uint64_t e)
{
	return ((e >> PTE_PPN_SHIFT) & PTE_PPN_MASK) << PAGE_SHIFT;
}

static uint64_t pt_index(const struct pt *p, uint64_t va, unsigned level)
{
	unsigned bits = level == p->levels - 1 ? p->root_bits : 9;
	return (va >> (PAGE_SHIFT + 9 * level)) & ((1ull << bits) - 1);
}

/* tsa of va's PTE at `level`, creating pointer PTEs above it. */
static uint64_t pt_slot(struct pt *p, uint64_t va, unsigned level)
{
	uint64_t table = p->root;
	for (unsigned i = p->levels - 1; i > level; i--) {
		uint64_t a = table + pt_index(p, va, i) * 8, e = pt_rd(p, a);
		if (!(e & PTE_V)) {
			e = pte(pt_alloc(p, 1), PTE_V);
			pt_wr(p, a, e);
		}
		table = pte_pa(e);
	}
	return table + pt_index(p, va, level) * 8;
}

/* Maps va to pa with a leaf at `level`; returns the leaf PTE's tsa. */
static uint64_t pt_map(struct pt *p, uint64_t va, uint64_t pa, unsigned level, uint64_t flags)
{
	uint64_t a = pt_slot(p, va, level);
	pt_wr(p, a, pte(pa, flags));
	return a;
}

/* Toggles bits of the pointer PTE above va's leaf at `level`. */
static void pt_parent_xor(struct pt *p, uint64_t va, unsigned level, uint64_t bits)
{
	uint64_t a = pt_slot(p, va, level + 1);
	pt_wr(p, a, pt_rd(p, a) ^ bits);
}

/* ---- a virtual machine: VS-stage and G-stage tables ------------------------ */
#define G_AREA    0x80100000ull  /* G-stage tables of VM 1 (16 KiB aligned) */
#define G2_AREA   0x80180000ull  /* G-stage tables of VM 2 */
#define VS_AREA   0x80200000ull  /* VS-stage tables (host physical) ... */
#define VS_GPA    0x10000000ull  /* ... at this guest-physical address under a G-stage */
#define HOST_AREA 0x80300000ull  /* HS-level (satp) tables */

struct vm {
	struct pt vs, g;
	bool vs_on, g_on;
};

/* levels: 0 = Bare, 3 = Sv39 / Sv39x4, 4 = Sv48 / Sv48x4. */
static void vm_init(struct vm *v, struct machine *m, unsigned vs_levels, unsigned g_levels, uint64_t g_area)
{
	memset(v, 0, sizeof *v);
	v->g_on = g_levels != 0;
	v->vs_on = vs_levels != 0;
	if (v->g_on)
		pt_init(&v->g, m, g_levels, true, g_area, g_area);
	if (v->vs_on)
		pt_init(&v->vs, m, vs_levels, false, VS_AREA, v->g_on ? VS_GPA : VS_AREA);
}

/*
 * Maps every VS table page in the G-stage (4 KiB leaves, readable, user)
 * and points vsatp and hgatp at the tables.
 */
static void vm_use(struct vm *v, struct hart *h, uint16_t asid, uint16_t vmid)
{
	h->vsatp = 0;
	h->hgatp = 0;
	if (v->vs_on && v->g_on)
		for (uint64_t hpa = VS_AREA; hpa < v->vs.next; hpa += PAGE_SIZE)
			pt_map(&v->g, hpa - v->vs.off, hpa, 0, GTAB);
	if (v->vs_on)
		h->vsatp = (uint64_t)(v->vs.levels == 4 ? SATP_MODE_SV48 : SATP_MODE_SV39) << SATP_MODE_SHIFT |
			   (uint64_t)asid << SATP_ASID_SHIFT | v->vs.root >> PAGE_SHIFT;
	if (v->g_on)
		h->hgatp = (uint64_t)(v->g.levels == 4 ? HGATP_MODE_SV48X4 : HGATP_MODE_SV39X4) << HGATP_MODE_SHIFT |
			   (uint64_t)vmid << HGATP_VMID_SHIFT | v->g.root >> PAGE_SHIFT;
}

/* guest-physical address of va's VS-stage PTE at `level` (tables must exist) */
static uint64_t vs_pte_gpa(struct vm *v, uint64_t va, unsigned level)
{
	return pt_slot(&v->vs, va, level);
}

/* host satp (V=0) */
static void use_satp(struct hart *h, const struct pt *p, uint16_t asid)
{
	h->satp = (uint64_t)(p->levels == 4 ? SATP_MODE_SV48 : SATP_MODE_SV39) << SATP_MODE_SHIFT |
		  (uint64_t)asid << SATP_ASID_SHIFT | p->root >> PAGE_SHIFT;
}

/* Empties the whole TLB (host and guest entries). */
static void tlb_clear(struct hart *h)
{
	hart_tlbs_flush_all(h);
}

/* PMP entry 0: NAPOT over everything, RWX. */
static void pmp_allow_all(struct hart *h)
{
	assert_true(csr_write(h, CSR_PMPADDR0, (1ull << 54) - 1));
	assert_true(csr_write(h, CSR_PMPCFG0, PMP_A_NAPOT | PMP_R | PMP_W | PMP_X));
	assert_true(h->pmp_active);
}

/*
 * The machine without a page-walk cache or nested TLB: these tests watch
 * the composed (GVA -> HPA) TLB entries, and detect a dropped entry by
 * changing a G-stage leaf in memory, which a nested TLB may legally keep
 * serving after a VS-stage fence (test_walk.c covers those structures).
 */
static int setup(void **state)
{
	struct machine *m = unit_machine_new(64 * MiB);
	struct timing_config c = m->cfg;
	c.pwc.entries = c.ntlb.entries = 0;
	assert_int_equal(machine_configure(m, &c), ERR_OK);
	pmp_allow_all(&m->hart);
	m->hart.priv = PRV_S;
	*state = m;
	return 0;
}

static int teardown(void **state)
{
	return unit_teardown_machine(state);
}

/* ---- translating ----------------------------------------------------------- */
struct xr {
	bool ok;
	uint64_t pa;
	unsigned level;
	uint64_t cause, tval, tval2, tinst;
};

/* One guest translation (V=1) at privilege priv; on failure the pending exception. */
static struct xr xv(struct hart *h, uint64_t va, enum access acc, unsigned priv)
{
	struct translation t = { 0, 99, false, NULL };
	struct xr r = { false, 0, 0, 0, 0, 0, 0 };
	h->exc_cause = 0xdead;
	h->exc_tval = h->exc_tval2 = h->exc_tinst = 0xbeef;
	r.ok = mmu_translate_v(h, va, acc, priv, true, &t);
	if (r.ok) {
		r.pa = t.pa;
		r.level = t.level;
	} else {
		r.cause = h->exc_cause;
		r.tval = h->exc_tval;
		r.tval2 = h->exc_tval2;
		r.tinst = h->exc_tinst;
	}
	return r;
}

/* One host translation (V=0). */
static uint64_t xh_pa(struct hart *h, uint64_t va)
{
	struct translation t = { 0, 99, false, NULL };
	assert_true(mmu_translate_v(h, va, ACC_R, PRV_S, false, &t));
	return t.pa;
}

/* Checks a translation against a wanted pa, or a wanted exception. */
static void check_ok(struct rowcheck *rc, const char *name, const char *clause, struct xr x, uint64_t pa)
{
	if (!x.ok) {
		ROW_FAIL(rc, name, clause, "faulted: cause %llu tval %#llx tval2 %#llx",
			 (unsigned long long)x.cause, (unsigned long long)x.tval, (unsigned long long)x.tval2);
		return;
	}
	ROW_EQ(rc, name, clause, "pa", x.pa, pa);
}

static void check_fault(struct rowcheck *rc, const char *name, const char *clause, struct xr x,
			uint64_t cause, uint64_t tval, uint64_t tval2, uint64_t tinst)
{
	if (x.ok) {
		ROW_FAIL(rc, name, clause, "translated to %#llx, want cause %llu", (unsigned long long)x.pa,
			 (unsigned long long)cause);
		return;
	}
	ROW_EQ(rc, name, clause, "cause", x.cause, cause);
	ROW_EQ(rc, name, clause, "tval", x.tval, tval);
	ROW_EQ(rc, name, clause, "tval2", x.tval2, tval2);
	ROW_EQ(rc, name, clause, "tinst", x.tinst, tinst);
}

/* ---- the two-stage permission / fault table ------------------------------------
 * Each row: GVA VA -> (VS leaf at level vl) -> GPA -> (G leaf at level gl)
 * -> HPA. Zero fields are the common case: Sv39 over Sv39x4, 4 KiB leaves,
 * VS-mode, load, leaves RWX (VS) and RWX+U (G), translation succeeds.
 */
#define VA       0x0000001234567abcull
#define GPA_BASE 0x0000008000000000ull  /* 2^39: 512 GiB aligned, Sv39x4 root entry 512 */

static uint64_t hpa_base(unsigned glevel)
{
	static const uint64_t b[4] = { 0x82000000ull, 0x82000000ull, 0x80000000ull, 0 };
	return b[glevel];
}

struct trow {
	const char *name, *clause;
	bool sv48, vbare, gbare, vu, hlvx;
	unsigned vl, gl;            /* leaf levels */
	uint64_t vflags, gflags;    /* 0: RWX / GRWX */
	uint64_t gppn_or;           /* ORed into the G leaf's PPN (misalignment) */
	uint64_t gparent_xor;       /* toggled in the G-stage pointer above the data leaf */
	uint64_t vsstatus, mstatus; /* SUM, MXR */
	enum access acc;
	uint64_t cause;             /* 0: translates */
};

#define SUM MSTATUS_SUM
#define MXR MSTATUS_MXR
#define ROW(n, c, ...) { .name = n, .clause = c, __VA_ARGS__ }
#define W_  .acc = ACC_W
#define X_  .acc = ACC_X

static const struct trow trows[] = {
	/* successful translations */
	ROW("Sv39/Sv39x4 4K/4K load", C_2STAGE),
	ROW("Sv39/Sv39x4 4K/4K store", C_2STAGE, W_),
	ROW("Sv39/Sv39x4 4K/4K fetch", C_2STAGE, X_),
	ROW("Sv48/Sv48x4 4K/4K load", C_2STAGE, .sv48 = true),
	ROW("Sv48/Sv48x4 4K/4K store", C_2STAGE, .sv48 = true, W_),
	ROW("Sv48/Sv48x4 4K/4K fetch", C_2STAGE, .sv48 = true, X_),
	ROW("vsatp Bare, Sv39x4 only: load", C_2STAGE, .vbare = true),
	ROW("vsatp Bare, Sv48x4 only: store", C_2STAGE, .vbare = true, .sv48 = true, W_),
	ROW("hgatp Bare, Sv39 only: load", C_GPAT, .gbare = true),
	ROW("hgatp Bare, Sv48 only: fetch", C_GPAT, .gbare = true, .sv48 = true, X_),
	ROW("VS 1 GiB over G 2 MiB", C_2STAGE, .vl = 2, .gl = 1),
	ROW("VS 4 KiB over G 1 GiB", C_2STAGE, .vl = 0, .gl = 2, W_),
	ROW("VS 512 GiB over G 512 GiB (Sv48/Sv48x4)", C_2STAGE, .sv48 = true, .vl = 3, .gl = 3),
	ROW("VU: U page load", C_2STAGE, .vu = true, .vflags = RWX | US),
	ROW("VU: U page store", C_2STAGE, .vu = true, .vflags = RWX | US, W_),
	ROW("VU: U page fetch", C_2STAGE, .vu = true, .vflags = RWX | US, X_),
	ROW("VS: U page load with vsstatus.SUM", C_SUM, .vflags = RWX | US, .vsstatus = SUM),
	ROW("VS: U page store with vsstatus.SUM", C_SUM, .vflags = RWX | US, .vsstatus = SUM, W_),
	ROW("vsstatus.MXR: VS execute-only page readable", C_2STAGE, .vflags = V | EX | AC, .vsstatus = MXR),
	ROW("mstatus.MXR: VS execute-only page readable", C_2STAGE, .vflags = V | EX | AC, .mstatus = MXR),
	ROW("mstatus.MXR: G execute-only page readable", C_2STAGE, .gflags = V | EX | US | AC, .mstatus = MXR),
	ROW("mstatus.MXR: both stages execute-only", C_2STAGE, .vflags = V | EX | AC, .gflags = V | EX | US | AC,
	  .mstatus = MXR),
	ROW("G leaf read-only: load", C_GPAT, .gflags = V | RD | US | AC),
	ROW("G leaf D = 0: load", C_GPAT, .gflags = GRWX & ~DI),
	ROW("G leaf execute-only: fetch", C_GPAT, .gflags = V | EX | US | AC, X_),
	ROW("G leaf G bit is ignored", C_GPAT, .gflags = GRWX | GL),
	ROW("VS leaf D = 0: load", C_XLATE, .vflags = RWX & ~DI),
	ROW("HLVX: both stages execute-only", C_HLV, .hlvx = true, .vflags = V | EX | AC,
	  .gflags = V | EX | US | AC),
	ROW("HLVX: G execute-only under VS RWX", C_HLV, .hlvx = true, .gflags = V | EX | US | AC),

	/* VS-stage page faults */
	ROW("VS leaf V = 0: load", C_XLATE, .vflags = RWX & ~V, .cause = LPF),
	ROW("VS leaf V = 0: store", C_XLATE, .vflags = RWX & ~V, W_, .cause = SPF),
	ROW("VS leaf V = 0: fetch", C_XLATE, .vflags = RWX & ~V, X_, .cause = IPF),
	ROW("VS: U page load without vsstatus.SUM", C_SUM, .vflags = RWX | US, .cause = LPF),
	ROW("mstatus.SUM is ignored for V=1", C_HLV, .vflags = RWX | US, .mstatus = SUM, .cause = LPF),
	ROW("mstatus.SUM is ignored for V=1: store", C_HLV, .vflags = RWX | US, .mstatus = SUM, W_, .cause = SPF),
	ROW("VS: fetch of a U page faults even with vsstatus.SUM", C_PTE, .vflags = RWX | US, .vsstatus = SUM,
	  X_, .cause = IPF),
	ROW("VU: S page load", C_PTE, .vu = true, .cause = LPF),
	ROW("VU: S page store", C_PTE, .vu = true, W_, .cause = SPF),
	ROW("VU: S page fetch", C_PTE, .vu = true, X_, .cause = IPF),
	ROW("VU: vsstatus.SUM does not open S pages", C_SUM, .vu = true, .vsstatus = SUM, .cause = LPF),
	ROW("VS leaf A = 0", C_XLATE, .vflags = RWX & ~AC, .cause = LPF),
	ROW("VS leaf D = 0: store", C_XLATE, .vflags = RWX & ~DI, W_, .cause = SPF),
	ROW("VS leaf read-only: store", C_XLATE, .vflags = V | RD | AC | DI, W_, .cause = SPF),
	ROW("VS execute-only: load without MXR", C_XLATE, .vflags = V | EX | AC, .cause = LPF),
	ROW("hgatp Bare: VS leaf V = 0", C_XLATE, .gbare = true, .vflags = RWX & ~V, .cause = LPF),
	ROW("HLVX: VS read-only page is a load page fault", C_HLV, .hlvx = true, .vflags = V | RD | AC,
	  .cause = LPF),

	/* G-stage (final address) guest-page faults: tval2 = GPA >> 2 */
	ROW("G leaf U = 0: load", C_GPAT, .gflags = RWX, .cause = LGF),
	ROW("G leaf U = 0: store", C_GPAT, .gflags = RWX, W_, .cause = SGF),
	ROW("G leaf U = 0: fetch", C_GPAT, .gflags = RWX, X_, .cause = IGF),
	ROW("G leaf U = 0 from VU too", C_GPAT, .vu = true, .vflags = RWX | US, .gflags = RWX, .cause = LGF),
	ROW("G leaf V = 0: load", C_GPAT, .gflags = GRWX & ~V, .cause = LGF),
	ROW("G leaf V = 0: store", C_GPAT, .gflags = GRWX & ~V, W_, .cause = SGF),
	ROW("G leaf V = 0: fetch", C_GPAT, .gflags = GRWX & ~V, X_, .cause = IGF),
	ROW("G leaf A = 0: load (Svade)", C_GPAT, .gflags = GRWX & ~AC, .cause = LGF),
	ROW("G leaf A = 0: fetch (Svade)", C_GPAT, .gflags = GRWX & ~AC, X_, .cause = IGF),
	ROW("G leaf D = 0: store (Svade)", C_GPAT, .gflags = GRWX & ~DI, W_, .cause = SGF),
	ROW("G leaf D = 0 on a 1 GiB leaf: store", C_GPAT, .gl = 2, .gflags = GRWX & ~DI, W_, .cause = SGF),
	ROW("G leaf read-only: store", C_GPAT, .gflags = V | RD | US | AC | DI, W_, .cause = SGF),
	ROW("G leaf read-only: fetch", C_GPAT, .gflags = V | RD | US | AC, X_, .cause = IGF),
	ROW("G leaf read-write: fetch", C_GPAT, .gflags = V | RD | WR | US | AC | DI, X_, .cause = IGF),
	ROW("G leaf execute-only: load", C_GPAT, .gflags = V | EX | US | AC, .cause = LGF),
	ROW("vsstatus.MXR does not open a G execute-only page", C_2STAGE, .gflags = V | EX | US | AC,
	  .vsstatus = MXR, .cause = LGF),
	ROW("mstatus.MXR: store to G execute-only page", C_2STAGE, .gflags = V | EX | US | AC | DI,
	  .mstatus = MXR, W_, .cause = SGF),
	ROW("G leaf W without R (reserved)", C_GPAT, .gflags = V | WR | US | AC | DI, W_, .cause = SGF),
	ROW("G leaf reserved bit 54", C_GPAT, .gflags = GRWX | BIT(54), .cause = LGF),
	ROW("G leaf PBMT (no Svpbmt)", C_GPAT, .gflags = GRWX | BIT(61), W_, .cause = SGF),
	ROW("G leaf N (no Svnapot)", C_GPAT, .gflags = GRWX | BIT(63), X_, .cause = IGF),
	ROW("G pointer with U (reserved)", C_GPAT, .gparent_xor = US, .cause = LGF),
	ROW("G pointer with A (reserved)", C_GPAT, .gparent_xor = AC, W_, .cause = SGF),
	ROW("G pointer with D (reserved)", C_GPAT, .gparent_xor = DI, X_, .cause = IGF),
	ROW("G pointer V = 0", C_GPAT, .gparent_xor = V, .cause = LGF),
	ROW("G non-leaf at level 0", C_GPAT, .gflags = V, .cause = LGF),
	ROW("G misaligned 2 MiB leaf", C_GPAT, .gl = 1, .gppn_or = 1, .cause = LGF),
	ROW("G misaligned 1 GiB leaf", C_GPAT, .gl = 2, .gppn_or = 1ull << 9, W_, .cause = SGF),
	ROW("Sv48x4: G leaf U = 0: store", C_GPAT, .sv48 = true, .gflags = RWX, W_, .cause = SGF),
	ROW("Sv48x4: G pointer with U above a 2 MiB leaf", C_GPAT, .sv48 = true, .gl = 1, .gparent_xor = US,
	  .cause = LGF),
	ROW("vsatp Bare: G leaf U = 0: fetch", C_GPAT, .vbare = true, .gflags = RWX, X_, .cause = IGF),
	ROW("HLVX: G read-only page is a load guest-page fault", C_HLV, .hlvx = true, .gflags = V | RD | US | AC,
	  .cause = LGF),

	/* the VS-stage page fault comes first */
	ROW("VS U page without SUM over an invalid G leaf", C_2STAGE, .vflags = RWX | US, .gflags = GRWX & ~V,
	  .cause = LPF),
	ROW("VS leaf V = 0 over a G leaf without U", C_2STAGE, .vflags = RWX & ~V, .gflags = RWX, W_, .cause = SPF),
	ROW("VS read-only store over a G read-only leaf", C_2STAGE, .vflags = V | RD | AC | DI,
	  .gflags = V | RD | US | AC | DI, W_, .cause = SPF),
	ROW("VS A = 0 over a G A = 0 leaf", C_2STAGE, .vflags = RWX & ~AC, .gflags = GRWX & ~AC, X_, .cause = IPF),
};

/* Builds the row's tables; returns the GPA and the HPA the row's VA must reach. */
static void build_trow(struct machine *m, struct vm *v, const struct trow *r, uint64_t *gpa, uint64_t *hpa)
{
	unsigned lv = r->sv48 ? 4 : 3;
	vm_init(v, m, r->vbare ? 0 : lv, r->gbare ? 0 : lv, G_AREA);
	*gpa = VA;
	if (!r->vbare) {
		pt_map(&v->vs, VA, GPA_BASE, r->vl, r->vflags ? r->vflags : RWX);
		*gpa = GPA_BASE | (VA & lmask(r->vl));
	}
	*hpa = *gpa;
	if (!r->gbare) {
		uint64_t base = hpa_base(r->gl);
		pt_map(&v->g, *gpa, base | (r->gppn_or << PAGE_SHIFT), r->gl, r->gflags ? r->gflags : GRWX);
		if (r->gparent_xor)
			pt_parent_xor(&v->g, *gpa, r->gl, r->gparent_xor);
		*hpa = base | (*gpa & lmask(r->gl));
	}
	vm_use(v, &m->hart, 1, 1);
}

static void run_trow(struct machine *m, struct rowcheck *rc, const struct trow *r, bool twice)
{
	struct hart *h = &m->hart;
	struct vm v;
	uint64_t gpa, hpa;
	struct xr x;

	tlb_clear(h);
	build_trow(m, &v, r, &gpa, &hpa);
	h->vsstatus = (h->vsstatus & ~(SUM | MXR)) | r->vsstatus;
	h->mstatus = (h->mstatus & ~(SUM | MXR)) | r->mstatus;
	h->hlvx = r->hlvx;
	x = xv(h, VA, r->acc, r->vu ? PRV_U : PRV_S);
	if (twice)      /* the second time may come from the TLB: the same answer */
		x = xv(h, VA, r->acc, r->vu ? PRV_U : PRV_S);
	h->hlvx = false;
	h->vsstatus &= ~(SUM | MXR);
	h->mstatus &= ~(SUM | MXR);

	if (!r->cause) {
		unsigned want = r->vbare ? r->gl : r->gbare ? r->vl : (r->vl < r->gl ? r->vl : r->gl);
		check_ok(rc, r->name, r->clause, x, hpa);
		if (x.ok)
			ROW_EQ(rc, r->name, r->clause, "level", x.level, want);
	} else {
		bool guest = r->cause == LGF || r->cause == SGF || r->cause == IGF;
		check_fault(rc, r->name, r->clause, x, r->cause, VA, guest ? gpa >> 2 : 0, 0);
	}
}

/* The whole table, each row on fresh tables and an empty TLB. */
static void test_two_stage_table(void **state)
{
	struct rowcheck rc = { 0 };
	for (size_t i = 0; i < NROWS(trows); i++)
		run_trow(*state, &rc, &trows[i], false);
	ROW_DONE(&rc);
}

/* Again, translating twice: a cached composed entry never grants more. */
static void test_two_stage_table_cached(void **state)
{
	struct rowcheck rc = { 0 };
	for (size_t i = 0; i < NROWS(trows); i++)
		run_trow(*state, &rc, &trows[i], true);
	ROW_DONE(&rc);
}

/* ---- page sizes of both stages and the composed TLB entry --------------------
 * The TLB caches GVA -> HPA at the smaller of the two leaves (hart.h,
 * struct tlb_entry). Checked by looking the entry up, and by behaviour:
 * the neighbouring page of that size, still inside the larger leaf, is
 * not served by the entry (it is unmapped in the smaller stage, so it
 * faults in that stage).
 */
static void test_composed_page_size(void **state)
{
	static const struct { bool sv48, vbare, gbare; unsigned vl, gl; } rows[] = {
		{ false, false, false, 0, 0 }, { false, false, false, 0, 1 }, { false, false, false, 0, 2 },
		{ false, false, false, 1, 0 }, { false, false, false, 1, 1 }, { false, false, false, 1, 2 },
		{ false, false, false, 2, 0 }, { false, false, false, 2, 1 }, { false, false, false, 2, 2 },
		{ true, false, false, 3, 0 }, { true, false, false, 3, 1 }, { true, false, false, 2, 3 },
		{ true, false, false, 3, 3 }, { true, false, false, 0, 3 },
		{ false, true, false, 0, 0 }, { false, true, false, 0, 1 }, { false, true, false, 0, 2 },
		{ true, true, false, 0, 3 },
		{ false, false, true, 0, 0 }, { false, false, true, 1, 0 }, { false, false, true, 2, 0 },
		{ true, false, true, 3, 0 },
	};
	struct machine *m = *state;
	struct hart *h = &m->hart;
	struct rowcheck rc = { 0 };

	for (size_t i = 0; i < NROWS(rows); i++) {
		struct trow r = { .name = "", .clause = C_2STAGE, .sv48 = rows[i].sv48, .vbare = rows[i].vbare,
				  .gbare = rows[i].gbare };
		char name[96];
		struct vm v;
		uint64_t gpa, hpa;
		unsigned want, lvl = 99;
		const struct tlb_entry *e;

		r.vl = rows[i].vl;
		r.gl = rows[i].gl;
		want = r.vbare ? r.gl : r.gbare ? r.vl : (r.vl < r.gl ? r.vl : r.gl);
		if (r.vbare)
			snprintf(name, sizeof name, "%s: vsatp Bare, G leaf L%u", r.sv48 ? "Sv48x4" : "Sv39x4", r.gl);
		else if (r.gbare)
			snprintf(name, sizeof name, "%s: VS leaf L%u, hgatp Bare", r.sv48 ? "Sv48" : "Sv39", r.vl);
		else
			snprintf(name, sizeof name, "%s: VS leaf L%u over G leaf L%u", r.sv48 ? "Sv48/Sv48x4" : "Sv39/Sv39x4",
				 r.vl, r.gl);
		tlb_clear(h);
		build_trow(m, &v, &r, &gpa, &hpa);
		check_ok(&rc, name, C_2STAGE, xv(h, VA, ACC_R, PRV_S), hpa);

		/* the machine's tag: ASID 1 (VMID 0 when hgatp is Bare); vsatp Bare entries apart */
		e = tlb_peek(&h->l2tlb, VA, r.vbare ? tlb_ctx(0, 1, true) | TLB_CTX_VS_BARE : tlb_ctx(1, r.gbare ? 0 : 1, true),
			     &lvl);
		if (!e) {
			ROW_FAIL(&rc, name, C_2STAGE, "no TLB entry after the translation");
			continue;
		}
		ROW_EQ(&rc, name, C_2STAGE, "TLB entry level", lvl, want);
		ROW_EQ(&rc, name, C_2STAGE, "TLB entry page", e->ppn << PAGE_SHIFT, hpa & ~lmask(want));
		if (!r.gbare) {
			ROW_EQ(&rc, name, C_HFENCE, "TLB entry G-stage level", e->glevel, r.gl);
			ROW_EQ(&rc, name, C_HFENCE, "TLB entry G-stage page", e->gpn, gpa >> (PAGE_SHIFT + 9 * r.gl));
		}

		/* the neighbouring page of the composed size, inside the larger leaf */
		unsigned big = r.vbare ? 4 : r.gbare ? 4 : (r.vl > r.gl ? r.vl : r.gl);
		if (big == want)
			continue;
		uint64_t nva = VA ^ (PAGE_SIZE << (9 * want)), ngpa = gpa ^ (PAGE_SIZE << (9 * want));
		struct xr x = xv(h, nva, ACC_R, PRV_S);
		if (!r.vbare && r.vl == want)
			check_fault(&rc, name, C_XLATE, x, LPF, nva, 0, 0);
		else
			check_fault(&rc, name, C_GPF, x, LGF, nva, ngpa >> 2, 0);
	}
	ROW_DONE(&rc);
}

/* ---- the x4 root ----------------------------------------------------------------
 * vsatp Bare, so the GVA is the GPA. A leaf is written straight into root
 * slot `slot` (1 GiB leaf for Sv39x4, 512 GiB for Sv48x4); the GPA must
 * reach it through its own index (11 bits), or fault when wider than
 * 41 / 50 bits (hypervisor.adoc "Guest Physical Address Translation").
 */
static void test_x4_root(void **state)
{
	static const struct {
		const char *name;
		bool sv48;
		uint64_t gpa;
		unsigned slot;         /* root entry holding the leaf */
		bool ok;
	} rows[] = {
		{ "Sv39x4 root slot 0", false, 0x0000000012345678ull, 0, true },
		{ "Sv39x4 root slot 511", false, 511ull << 30 | 0x123, 511, true },
		{ "Sv39x4 root slot 512 (GPA bit 39)", false, 512ull << 30 | 0xabc, 512, true },
		{ "Sv39x4 root slot 1024 (GPA bit 40)", false, 1024ull << 30 | 0x5010, 1024, true },
		{ "Sv39x4 root slot 1793", false, 1793ull << 30 | 0x3ffffff8, 1793, true },
		{ "Sv39x4 root slot 2047 (top of 41 bits)", false, (1ull << 41) - 8, 2047, true },
		{ "Sv39x4: GPA bit 39 is not dropped", false, 1ull << 39 | 0x123, 0, false },
		{ "Sv39x4: GPA bit 40 is not dropped", false, 1ull << 40 | 0x123, 0, false },
		{ "Sv39x4: GPA 2^41 faults", false, 1ull << 41, 0, false },
		{ "Sv39x4: GPA 2^41 + 2047 GiB faults", false, 1ull << 41 | 2047ull << 30, 2047, false },
		{ "Sv39x4: GPA bit 63 faults", false, 1ull << 63 | 0x10, 0, false },
		{ "Sv48x4 root slot 0", true, 0x0000001234567abcull, 0, true },
		{ "Sv48x4 root slot 512 (GPA bit 48)", true, 1ull << 48 | 0x123, 512, true },
		{ "Sv48x4 root slot 2047 (top of 50 bits)", true, (1ull << 50) - 0x1000, 2047, true },
		{ "Sv48x4: GPA bit 48 is not dropped", true, 1ull << 48 | 0x123, 0, false },
		{ "Sv48x4: GPA 2^50 faults", true, 1ull << 50, 0, false },
	};
	struct machine *m = *state;
	struct hart *h = &m->hart;
	struct rowcheck rc = { 0 };

	for (size_t i = 0; i < NROWS(rows); i++) {
		struct vm v;
		unsigned top = rows[i].sv48 ? 3 : 2;
		uint64_t leaf_hpa = rows[i].sv48 ? 0 : 0x80000000ull;

		tlb_clear(h);
		vm_init(&v, m, 0, rows[i].sv48 ? 4 : 3, G_AREA);
		pt_wr(&v.g, v.g.root + rows[i].slot * 8, pte(leaf_hpa, GRWX));
		vm_use(&v, h, 0, 1);
		for (unsigned a = ACC_R; a <= ACC_X; a++) {
			struct xr x = xv(h, rows[i].gpa, a, PRV_S);
			if (rows[i].ok)
				check_ok(&rc, rows[i].name, C_GPAT, x, leaf_hpa | (rows[i].gpa & lmask(top)));
			else
				check_fault(&rc, rows[i].name, C_GPAT, x, gpf_of[a], rows[i].gpa, rows[i].gpa >> 2, 0);
		}
	}

	/* hgatp: PPN[1:0] read as zero (the root is 16 KiB aligned) */
	assert_true(csr_write(h, CSR_HGATP, (uint64_t)HGATP_MODE_SV39X4 << HGATP_MODE_SHIFT | 0x80103ull));
	uint64_t g = 0;
	assert_true(csr_read(h, CSR_HGATP, &g));
	ROW_EQ(&rc, "hgatp PPN[1:0]", C_HGATP, "hgatp", g, (uint64_t)HGATP_MODE_SV39X4 << HGATP_MODE_SHIFT | 0x80100ull);
	ROW_DONE(&rc);
}

/*
 * Address limits of the VS-stage and of the GPA it produces: a
 * non-canonical GVA is a (VS) page fault, not a guest-page fault; a VS
 * leaf producing a GPA wider than 41 bits is a guest-page fault on the
 * final address; a VS root table beyond the GPA space is a guest-page
 * fault on the implicit read of its first PTE.
 */
static void test_gpa_limits(void **state)
{
	struct machine *m = *state;
	struct hart *h = &m->hart;
	struct rowcheck rc = { 0 };
	struct vm v;
	uint64_t nc = 0x0000004000000123ull;       /* bit 38 set, 63:39 clear: not Sv39-canonical */
	uint64_t wide = 1ull << 41 | 0x40000000ull;

	vm_init(&v, m, 3, 3, G_AREA);
	pt_map(&v.vs, VA, wide, 0, RWX);
	vm_use(&v, h, 0, 1);
	for (unsigned a = ACC_R; a <= ACC_X; a++) {
		check_fault(&rc, "non-canonical GVA", C_XLATE, xv(h, nc, a, PRV_S), pf_of[a], nc, 0, 0);
		check_fault(&rc, "VS leaf to a GPA >= 2^41", C_GPAT, xv(h, VA, a, PRV_S), gpf_of[a], VA,
			    (wide | (VA & 0xfff)) >> 2, 0);
	}

	/* the VS root at GPA 2^41: its PTE for VA is the first implicit access */
	h->vsatp = (h->vsatp & ~SATP_PPN_MASK) | (1ull << 41) >> PAGE_SHIFT;
	for (unsigned a = ACC_R; a <= ACC_X; a++)
		check_fault(&rc, "VS root table beyond the GPA space", C_HTVAL, xv(h, VA, a, PRV_S), gpf_of[a], VA,
			    ((1ull << 41) + ((VA >> 30) & 511) * 8) >> 2, TINST_PSEUDO_VS_READ64);
	ROW_DONE(&rc);
}

/* ---- guest-page faults on implicit VS-stage PTE reads -------------------------
 * The G-stage leaf (or its pointer) mapping one VS table page is changed.
 * Implicit reads are user-level loads: they need R (MXR does not apply,
 * no W or D needed); a failure is reported for the original access type
 * with tval = GVA, tval2 = the PTE's GPA >> 2, tinst = 0x3000 (RV64 read
 * pseudoinstruction). A G-stage leaf pointing outside RAM is an access
 * fault of the original type.
 */
enum iexp { I_OK, I_GUEST, I_ACCESS };

static void test_implicit_pte_reads(void **state)
{
	static const struct {
		const char *name, *clause;
		bool sv48;
		unsigned table;        /* VS level of the table page: 2 = Sv39 root */
		uint64_t gflags;       /* the G leaf of that page (0: GTAB) */
		uint64_t gparent_xor;  /* toggled in the G pointer above it */
		uint64_t gtarget;      /* 0, or where the G leaf points */
		uint64_t vflags;       /* VS data leaf (0: RWX) */
		uint64_t vsstatus, mstatus;
		enum iexp want;
	} rows[] = {
		{ "root page: G leaf V = 0", C_GPF, false, 2, GTAB & ~V, 0, 0, 0, 0, 0, I_GUEST },
		{ "root page: G leaf U = 0", C_GPAT, false, 2, GTAB & ~US, 0, 0, 0, 0, 0, I_GUEST },
		{ "root page: G leaf A = 0 (Svade)", C_GPAT, false, 2, GTAB & ~AC, 0, 0, 0, 0, 0, I_GUEST },
		{ "root page: G leaf execute-only", C_GPAT, false, 2, V | EX | US | AC, 0, 0, 0, 0, 0, I_GUEST },
		{ "root page: G execute-only, mstatus.MXR (not for implicit reads)", C_GPAT, false, 2,
		  V | EX | US | AC, 0, 0, 0, 0, MXR, I_GUEST },
		{ "root page: G execute-only, vsstatus.MXR", C_2STAGE, false, 2, V | EX | US | AC, 0, 0, 0, MXR, 0,
		  I_GUEST },
		{ "root page: G leaf W without R", C_GPAT, false, 2, V | WR | US | AC | DI, 0, 0, 0, 0, 0, I_GUEST },
		{ "root page: G leaf reserved bit 55", C_GPAT, false, 2, GTAB | BIT(55), 0, 0, 0, 0, 0, I_GUEST },
		{ "root page: G read-only, D = 0 is enough", C_GPAT, false, 2, V | RD | US | AC, 0, 0, 0, 0, 0, I_OK },
		{ "level-1 page: G leaf U = 0", C_GPAT, false, 1, GTAB & ~US, 0, 0, 0, 0, 0, I_GUEST },
		{ "level-0 page: G leaf V = 0", C_GPF, false, 0, GTAB & ~V, 0, 0, 0, 0, 0, I_GUEST },
		/* the G pointer above the table pages covers them all: the root PTE read fails first */
		{ "table pages: G pointer with U (reserved)", C_GPAT, false, 2, 0, US, 0, 0, 0, 0, I_GUEST },
		{ "table pages: G pointer with D (reserved)", C_GPAT, false, 2, 0, DI, 0, 0, 0, 0, I_GUEST },
		{ "level-0 page unreadable beats the VS leaf's V = 0", C_GPF, false, 0, V | EX | US | AC, 0, 0,
		  RWX & ~V, 0, 0, I_GUEST },
		{ "level-0 page: G leaf outside RAM", C_XLATE, false, 0, 0, 0, 0x40000000ull, 0, 0, 0, I_ACCESS },
		{ "Sv48 root page: G leaf U = 0", C_GPAT, true, 3, GTAB & ~US, 0, 0, 0, 0, 0, I_GUEST },
		{ "Sv48 level-2 page: G leaf A = 0", C_GPAT, true, 2, GTAB & ~AC, 0, 0, 0, 0, 0, I_GUEST },
	};
	struct machine *m = *state;
	struct hart *h = &m->hart;
	struct rowcheck rc = { 0 };

	for (size_t i = 0; i < NROWS(rows); i++) {
		struct vm v;
		unsigned lv = rows[i].sv48 ? 4 : 3;
		uint64_t pte_gpa, page, gslot, hpa = hpa_base(0) | (VA & 0xfff);

		tlb_clear(h);
		vm_init(&v, m, lv, lv, G_AREA);
		pt_map(&v.vs, VA, GPA_BASE, 0, rows[i].vflags ? rows[i].vflags : RWX);
		pt_map(&v.g, GPA_BASE, hpa_base(0), 0, GRWX);
		vm_use(&v, h, 1, 1);
		pte_gpa = vs_pte_gpa(&v, VA, rows[i].table);
		page = pte_gpa & ~(PAGE_SIZE - 1);
		gslot = pt_slot(&v.g, page, 0);
		if (rows[i].gflags || rows[i].gtarget)
			pt_wr(&v.g, gslot, pte(rows[i].gtarget ? rows[i].gtarget : page + v.vs.off,
					       rows[i].gflags ? rows[i].gflags : GTAB));
		if (rows[i].gparent_xor)
			pt_parent_xor(&v.g, page, 0, rows[i].gparent_xor);
		h->vsstatus |= rows[i].vsstatus;
		h->mstatus |= rows[i].mstatus;
		for (unsigned a = ACC_R; a <= ACC_X; a++) {
			struct xr x = xv(h, VA, a, PRV_S);
			char name[120];
			snprintf(name, sizeof name, "%s (%s)", rows[i].name, acc_name[a]);
			if (rows[i].want == I_OK)
				check_ok(&rc, name, rows[i].clause, x, hpa);
			else if (rows[i].want == I_GUEST)
				check_fault(&rc, name, rows[i].clause, x, gpf_of[a], VA, pte_gpa >> 2,
					    TINST_PSEUDO_VS_READ64);
			else
				check_fault(&rc, name, rows[i].clause, x, af_of[a], VA, 0, 0);
		}
		h->vsstatus &= ~(SUM | MXR);
		h->mstatus &= ~(SUM | MXR);
	}
	ROW_DONE(&rc);
}

/* ---- loads through mem_load_slow: page crossing, HLV, HLVX ------------------- */
#define DATA_HPA 0x82000000ull

/* A VM (VMID 1, ASID 1) mapping VA's page to GPA_BASE -> DATA_HPA. */
static void simple_vm(struct machine *m, struct vm *v, uint64_t vflags, uint64_t gflags)
{
	vm_init(v, m, 3, 3, G_AREA);
	pt_map(&v->vs, VA, GPA_BASE, 0, vflags);
	pt_map(&v->g, GPA_BASE, DATA_HPA, 0, gflags);
	vm_use(v, &m->hart, 1, 1);
}

/*
 * A load crossing into a page whose G-stage leaf is invalid: the fault
 * reports the first byte of that page, tval and tval2 alike
 * (hypervisor.adoc "Guest-Page Faults": tval2 corresponds to tval).
 */
static void test_page_crossing_guest_fault(void **state)
{
	struct machine *m = *state;
	struct hart *h = &m->hart;
	struct vm v;
	uint64_t val = 0, va = (VA | 0xfff) - 3, next = (VA | 0xfff) + 1;

	simple_vm(m, &v, RWX, GRWX);
	pt_map(&v.vs, next, GPA_BASE + PAGE_SIZE, 0, RWX);
	pt_map(&v.g, GPA_BASE + PAGE_SIZE, DATA_HPA + PAGE_SIZE, 0, GRWX & ~V);
	h->virt = true;
	hart_context_changed(h);
	assert_false(mem_load_slow(h, va, 8, &val));
	h->virt = false;
	hart_context_changed(h);
	assert_int_equal(h->exc_cause, LGF);
	assert_int_equal(h->exc_tval, next);
	assert_int_equal(h->exc_tval2, (GPA_BASE + PAGE_SIZE) >> 2);
	assert_int_equal(h->exc_tinst, 0);
	(void)C_GPF;
}

/* An HLV/HLVX (h->hlv, h->hlvx set by exec.c) through mem_load_slow; V=0, HS-mode. */
static bool hlv(struct hart *h, uint64_t va, bool x, uint64_t *val)
{
	bool ok;
	h->hlv = true;
	h->hlvx = x;
	ok = mem_load_slow(h, va, 4, val);
	h->hlv = h->hlvx = false;
	return ok;
}

/*
 * HLV uses VS/VU (hstatus.SPVP) and vsstatus.SUM, never the HS-level SUM;
 * a fault sets exc_gva (tval is a guest virtual address although V=0).
 * HLVX needs execute permission in both stages instead of read, and PMP
 * read and execute (hypervisor.adoc "Hypervisor Virtual-Machine Load and
 * Store Instructions").
 */
static void test_hlv_hlvx(void **state)
{
	static const struct {
		const char *name;
		bool x, spvp;
		uint64_t vflags, gflags, vsstatus, mstatus;
		uint8_t pmp;           /* PMP permission of the data page */
		uint64_t cause;        /* 0: loads the value */
	} rows[] = {
		{ "HLV as VS: S page", false, true, RWX, GRWX, 0, 0, 7, 0 },
		{ "HLV as VU: U page", false, false, RWX | US, GRWX, 0, 0, 7, 0 },
		{ "HLV as VU: S page", false, false, RWX, GRWX, 0, 0, 7, LPF },
		{ "HLV as VS: U page, HS-level SUM ignored", false, true, RWX | US, GRWX, 0, SUM, 7, LPF },
		{ "HLV as VS: U page, vsstatus.SUM", false, true, RWX | US, GRWX, SUM, 0, 7, 0 },
		{ "HLV: G leaf U = 0", false, true, RWX, RWX, 0, 0, 7, LGF },
		{ "HLV: G execute-only, vsstatus.MXR", false, true, RWX, V | EX | US | AC, MXR, 0, 7, LGF },
		{ "HLV: G execute-only, HS-level MXR", false, true, RWX, V | EX | US | AC, 0, MXR, 7, 0 },
		{ "HLVX: execute-only in both stages", true, true, V | EX | AC, V | EX | US | AC, 0, 0, 7, 0 },
		{ "HLVX: VS not executable", true, true, V | RD | WR | AC | DI, GRWX, 0, 0, 7, LPF },
		{ "HLVX: G not executable", true, true, RWX, V | RD | WR | US | AC | DI, 0, 0, 7, LGF },
		{ "HLVX: PMP execute-only", true, true, RWX, GRWX, 0, 0, PMP_X, CAUSE_LOAD_ACCESS },
		{ "HLVX: PMP read-only", true, true, RWX, GRWX, 0, 0, PMP_R, CAUSE_LOAD_ACCESS },
		{ "HLVX: PMP read-execute", true, true, RWX, GRWX, 0, 0, PMP_R | PMP_X, 0 },
	};
	struct machine *m = *state;
	struct hart *h = &m->hart;
	struct rowcheck rc = { 0 };

	for (size_t i = 0; i < NROWS(rows); i++) {
		struct vm v;
		uint64_t val = 0;
		bool ok;

		tlb_clear(h);
		simple_vm(m, &v, rows[i].vflags, rows[i].gflags);
		unit_wr64(m, DATA_HPA | (VA & 0xff8), 0x1122334455667788ull);
		if (rows[i].pmp != 7) {
			assert_true(csr_write(h, CSR_PMPADDR0, (DATA_HPA >> 2) | ((PAGE_SIZE >> 3) - 1)));
			assert_true(csr_write(h, CSR_PMPADDR0 + 1, (1ull << 54) - 1));
			assert_true(csr_write(h, CSR_PMPCFG0, (uint64_t)(PMP_A_NAPOT | PMP_R | PMP_W | PMP_X) << 8 |
							      (PMP_A_NAPOT | rows[i].pmp)));
		}
		h->hstatus = (h->hstatus & ~HSTATUS_SPVP) | (rows[i].spvp ? HSTATUS_SPVP : 0);
		h->vsstatus |= rows[i].vsstatus;
		h->mstatus |= rows[i].mstatus;
		h->exc_gva = false;
		ok = hlv(h, VA & ~7ull, rows[i].x, &val);
		h->vsstatus &= ~(SUM | MXR);
		h->mstatus &= ~(SUM | MXR);
		pmp_allow_all(h);

		if (!rows[i].cause) {
			ROW_EQ(&rc, rows[i].name, C_HLV, "loads", ok, true);
			if (ok)
				ROW_EQ(&rc, rows[i].name, C_HLV, "value", val, 0x55667788);
			continue;
		}
		ROW_EQ(&rc, rows[i].name, C_HLV, "loads", ok, false);
		if (ok)
			continue;
		ROW_EQ(&rc, rows[i].name, C_HLV, "cause", h->exc_cause, rows[i].cause);
		ROW_EQ(&rc, rows[i].name, C_HLV, "tval", h->exc_tval, VA & ~7ull);
		ROW_EQ(&rc, rows[i].name, C_HLV, "tval2", h->exc_tval2,
		       rows[i].cause == LGF ? (GPA_BASE | (VA & 0xff8)) >> 2 : 0);
		ROW_EQ(&rc, rows[i].name, C_ENTRY, "exc_gva", h->exc_gva, true);
	}
	h->hstatus &= ~HSTATUS_SPVP;
	ROW_DONE(&rc);
}

/* ---- TLB tags --------------------------------------------------------------------- */
#define OLD 0x82000000ull
#define NEW 0x83000000ull

/*
 * The same GVA in two VMs (VMIDs 1 and 2, different G-stage roots): both
 * translations are cached side by side and hgatp.VMID alone selects one,
 * without a fence. vsatp Bare: only the G-stage differs.
 */
static void test_vmid_tags(void **state)
{
	struct machine *m = *state;
	struct hart *h = &m->hart;
	struct vm v1, v2;
	uint64_t s1, s2, gva = 0x40001234ull;

	vm_init(&v1, m, 0, 3, G_AREA);
	vm_init(&v2, m, 0, 3, G2_AREA);
	s1 = pt_map(&v1.g, gva, OLD + 0x1000, 0, GRWX);
	s2 = pt_map(&v2.g, gva, OLD + 0x2000, 0, GRWX);
	vm_use(&v1, h, 0, 1);
	assert_int_equal(xv(h, gva, ACC_R, PRV_S).pa, OLD + 0x1234);
	vm_use(&v2, h, 0, 2);
	assert_int_equal(xv(h, gva, ACC_R, PRV_S).pa, OLD + 0x2234);

	pt_wr(&v1.g, s1, pte(NEW + 0x1000, GRWX));
	pt_wr(&v2.g, s2, pte(NEW + 0x2000, GRWX));
	vm_use(&v1, h, 0, 1);
	assert_int_equal(xv(h, gva, ACC_R, PRV_S).pa, OLD + 0x1234);       /* VMID 1's entry */
	vm_use(&v2, h, 0, 2);
	assert_int_equal(xv(h, gva, ACC_R, PRV_S).pa, OLD + 0x2234);       /* VMID 2's entry */
	h->hgatp = (h->hgatp & ~(((1ull << HGATP_VMID_BITS) - 1) << HGATP_VMID_SHIFT)) |
		   3ull << HGATP_VMID_SHIFT;                                /* VM 2's root, VMID 3 */
	assert_int_equal(xv(h, gva, ACC_R, PRV_S).pa, NEW + 0x2234);       /* not cached: walks */
	(void)C_MMF;
}

/*
 * Guest entries never serve V=0 and host entries never serve V=1, even
 * with the same VA, ASID 0, VMID 0 and a global host leaf (hypervisor.adoc
 * "Memory-Management Fences": the two address spaces are separate).
 */
static void test_guest_host_separate(void **state)
{
	struct machine *m = *state;
	struct hart *h = &m->hart;
	struct pt host;
	struct vm v;
	uint64_t hs, gs;

	for (int order = 0; order < 2; order++) {
		tlb_clear(h);
		pt_init(&host, m, 3, false, HOST_AREA, HOST_AREA);
		hs = pt_map(&host, VA, OLD + 0x100000, 0, RWX | GL);
		use_satp(h, &host, 0);
		vm_init(&v, m, 3, 3, G_AREA);
		pt_map(&v.vs, VA, GPA_BASE, 0, RWX | GL);
		gs = pt_map(&v.g, GPA_BASE, OLD, 0, GRWX);
		vm_use(&v, h, 0, 0);
		if (order == 0) {
			assert_int_equal(xh_pa(h, VA), OLD + 0x100000 + 0xabc);
			assert_int_equal(xv(h, VA, ACC_R, PRV_S).pa, OLD + 0xabc);
		} else {
			assert_int_equal(xv(h, VA, ACC_R, PRV_S).pa, OLD + 0xabc);
			assert_int_equal(xh_pa(h, VA), OLD + 0x100000 + 0xabc);
		}
		/* both cached, each in its own space */
		unit_wr64(m, hs, pte(NEW + 0x100000, RWX | GL));
		pt_wr(&v.g, gs, pte(NEW, GRWX));
		assert_int_equal(xh_pa(h, VA), OLD + 0x100000 + 0xabc);
		assert_int_equal(xv(h, VA, ACC_R, PRV_S).pa, OLD + 0xabc);
		/* sfence.vma with V=0 drops the host's only */
		hart_sfence(h, false, 0, false, 0);
		assert_int_equal(xh_pa(h, VA), NEW + 0x100000 + 0xabc);
		assert_int_equal(xv(h, VA, ACC_R, PRV_S).pa, OLD + 0xabc);
		/* hfence.gvma drops the guest's only */
		unit_wr64(m, hs, pte(OLD + 0x100000, RWX | GL));
		hart_hfence_gvma(h, false, 0, false, 0);
		assert_int_equal(xv(h, VA, ACC_R, PRV_S).pa, NEW + 0xabc);
		assert_int_equal(xh_pa(h, VA), NEW + 0x100000 + 0xabc);
	}
	h->satp = 0;
	(void)C_MMF;
}

/*
 * VS-level ASIDs within a VM: ASID 2 does not use ASID 1's entry; a global
 * VS leaf serves every ASID of the VM, but not another VMID.
 */
static void test_vs_asid_and_global(void **state)
{
	struct machine *m = *state;
	struct hart *h = &m->hart;
	struct vm v;
	uint64_t a = 0x10001000ull, g = 0x10002000ull, sa, sg;

	vm_init(&v, m, 3, 3, G_AREA);
	sa = pt_map(&v.vs, a, GPA_BASE + 0x1000, 0, RWX);
	sg = pt_map(&v.vs, g, GPA_BASE + 0x2000, 0, RWX | GL);
	pt_map(&v.g, GPA_BASE, OLD, 1, GRWX);                   /* 2 MiB: old and new GPAs */
	vm_use(&v, h, 1, 1);
	assert_int_equal(xv(h, a, ACC_R, PRV_S).pa, OLD + 0x1000);
	assert_int_equal(xv(h, g, ACC_R, PRV_S).pa, OLD + 0x2000);
	pt_wr(&v.vs, sa, pte(GPA_BASE + 0x5000, RWX));
	pt_wr(&v.vs, sg, pte(GPA_BASE + 0x6000, RWX | GL));

	vm_use(&v, h, 2, 1);
	assert_int_equal(xv(h, a, ACC_R, PRV_S).pa, OLD + 0x5000);     /* ASID 2: walks */
	assert_int_equal(xv(h, g, ACC_R, PRV_S).pa, OLD + 0x2000);     /* global: ASID 1's entry */
	vm_use(&v, h, 1, 1);
	assert_int_equal(xv(h, a, ACC_R, PRV_S).pa, OLD + 0x1000);     /* ASID 1's entry kept */
	vm_use(&v, h, 1, 2);
	assert_int_equal(xv(h, g, ACC_R, PRV_S).pa, OLD + 0x6000);     /* VMID 2: walks */
	assert_int_equal(xv(h, a, ACC_R, PRV_S).pa, OLD + 0x5000);
	(void)C_MMF;
}

/* ---- stale until fenced --------------------------------------------------------------
 * hmvirt keeps a cached translation after the PTE changes in memory until
 * a fence names it (supervisor.adoc "Virtual Address Translation Process"
 * allows stale entries; hypervisor.adoc "Hypervisor Memory-Management
 * Fence Instructions" says which fence orders which stage).
 */
static void test_stale_vs_pte_until_vvma(void **state)
{
	struct machine *m = *state;
	struct hart *h = &m->hart;
	struct vm v;
	uint64_t s;

	vm_init(&v, m, 3, 3, G_AREA);
	s = pt_map(&v.vs, VA, GPA_BASE, 0, RWX);
	pt_map(&v.g, GPA_BASE, OLD, 1, GRWX);
	vm_use(&v, h, 1, 1);
	assert_int_equal(xv(h, VA, ACC_R, PRV_S).pa, OLD | 0xabc);

	pt_wr(&v.vs, s, pte(GPA_BASE + 0x7000, RWX));
	assert_int_equal(xv(h, VA, ACC_W, PRV_S).pa, OLD | 0xabc);
	hart_sfence(h, false, 0, false, 0);                   /* V=0: host entries only */
	assert_int_equal(xv(h, VA, ACC_R, PRV_S).pa, OLD | 0xabc);
	hart_hfence_vvma(h, true, VA + 0x1000, false, 0);     /* another page */
	assert_int_equal(xv(h, VA, ACC_R, PRV_S).pa, OLD | 0xabc);
	hart_hfence_vvma(h, true, VA, true, 2);                /* another ASID */
	assert_int_equal(xv(h, VA, ACC_R, PRV_S).pa, OLD | 0xabc);
	h->hgatp ^= 1ull << HGATP_VMID_SHIFT;                  /* VMID 0 */
	hart_hfence_vvma(h, false, 0, false, 0);                /* another VM */
	h->hgatp ^= 1ull << HGATP_VMID_SHIFT;
	assert_int_equal(xv(h, VA, ACC_R, PRV_S).pa, OLD | 0xabc);
	hart_hfence_vvma(h, true, VA, true, 1);
	assert_int_equal(xv(h, VA, ACC_R, PRV_S).pa, OLD | 0x7abc);

	/* invalidated in memory: still cached until sfence.vma from V=1 */
	pt_wr(&v.vs, s, 0);
	assert_true(xv(h, VA, ACC_X, PRV_S).ok);
	h->virt = true;
	hart_sfence(h, true, VA, false, 0);
	h->virt = false;
	assert_int_equal(xv(h, VA, ACC_X, PRV_S).cause, IPF);
	(void)C_HFENCE;
}

static void test_stale_g_pte_until_gvma(void **state)
{
	struct machine *m = *state;
	struct hart *h = &m->hart;
	struct vm v;
	uint64_t s;

	vm_init(&v, m, 3, 3, G_AREA);
	pt_map(&v.vs, VA, GPA_BASE, 0, RWX);
	s = pt_map(&v.g, GPA_BASE, OLD, 0, GRWX);
	vm_use(&v, h, 1, 1);
	assert_int_equal(xv(h, VA, ACC_R, PRV_S).pa, OLD | 0xabc);

	pt_wr(&v.g, s, pte(NEW, GRWX));
	assert_int_equal(xv(h, VA, ACC_R, PRV_S).pa, OLD | 0xabc);
	hart_sfence(h, false, 0, false, 0);                          /* V=0 */
	hart_hfence_gvma(h, true, GPA_BASE + PAGE_SIZE, false, 0);   /* another GPA */
	hart_hfence_gvma(h, false, 0, true, 2);                      /* another VMID */
	hart_hfence_gvma(h, true, GPA_BASE, true, 2);                /* right GPA, other VMID */
	assert_int_equal(xv(h, VA, ACC_R, PRV_S).pa, OLD | 0xabc);
	hart_hfence_gvma(h, true, GPA_BASE | 0x123, true, 1);
	assert_int_equal(xv(h, VA, ACC_R, PRV_S).pa, NEW | 0xabc);

	/* invalidated in memory: cached until hfence.gvma of that GPA */
	pt_wr(&v.g, s, 0);
	assert_true(xv(h, VA, ACC_W, PRV_S).ok);
	hart_hfence_gvma(h, true, GPA_BASE, false, 0);
	struct xr x = xv(h, VA, ACC_W, PRV_S);
	assert_false(x.ok);
	assert_int_equal(x.cause, SGF);
	assert_int_equal(x.tval2, (GPA_BASE | 0xabc) >> 2);
	(void)C_HFENCE;
}

/* ---- fence forms -------------------------------------------------------------------
 * Population (VS tables shared by two VMs with their own G-stages):
 *   VM 1 (VMID 1): A, B 4 KiB/4 KiB; GLB a global VS leaf; D a 4 KiB VS
 *     page inside a 2 MiB G-stage leaf; E a 2 MiB VS leaf on a 2 MiB G leaf;
 *     A cached under ASIDs 1 and 2, the others under ASID 1.
 *   VM 2 (VMID 2): A, ASID 1.     Host (V=0, satp ASID 1): A.
 * Then every G-stage leaf (and the host leaf) is repointed in memory; a
 * probe seeing the new HPA means the fence dropped its entry.
 */
#define VA_A 0x0000000010001000ull
#define VA_B 0x0000000010002000ull
#define VA_G 0x0000000010003000ull
#define VA_D 0x0000000010004000ull
#define VA_E 0x0000000020000000ull
#define GPA_A   0x40001000ull
#define GPA_B   0x40002000ull
#define GPA_G   0x40003000ull
#define GPA_D2M 0x40200000ull     /* 2 MiB G leaf; VA_D -> GPA_D2M + 0x5000 */
#define GPA_E2M 0x40400000ull     /* 2 MiB G leaf; VA_E -> GPA_E2M (2 MiB VS leaf) */
#define FOLD 0x82000000ull        /* + (GPA - 0x40000000) */
#define FNEW 0x83000000ull
#define VM2_OFF 0x800000ull       /* VM 2's pages */
#define HOST_OFF 0x900000ull      /* the host's page */

enum fprobe { F_A1, F_A2, F_B1, F_G1, F_G2, F_D1, F_E1, F_VM2, F_HOST, NFPROBES };
static const struct {
	const char *name;
	int vm;                /* 1, 2; 0: host */
	uint16_t asid;
	uint64_t va, gpa;      /* gpa of va's byte */
} fprobes[NFPROBES] = {
	{ "A/vm1/asid1", 1, 1, VA_A + 0x18, GPA_A + 0x18 },
	{ "A/vm1/asid2", 1, 2, VA_A + 0x18, GPA_A + 0x18 },
	{ "B/vm1/asid1", 1, 1, VA_B, GPA_B },
	{ "GLB/vm1/asid1", 1, 1, VA_G + 0x20, GPA_G + 0x20 },
	{ "GLB/vm1/asid2", 1, 2, VA_G + 0x20, GPA_G + 0x20 },
	{ "D/vm1/asid1", 1, 1, VA_D + 0x30, GPA_D2M + 0x5030 },
	{ "E/vm1/asid1", 1, 1, VA_E + 0x1234, GPA_E2M + 0x1234 },
	{ "A/vm2/asid1", 2, 1, VA_A + 0x18, GPA_A + 0x18 },
	{ "A/host/asid1", 0, 1, VA_A + 0x18, 0 },
};
#define FD(n) (1u << (n))
#define VM1_ALL (FD(F_A1) | FD(F_A2) | FD(F_B1) | FD(F_G1) | FD(F_G2) | FD(F_D1) | FD(F_E1))

enum fop { SFENCE_V1, HFENCE_VVMA, SFENCE_V0, HFENCE_GVMA };

struct fworld {
	struct vm v1, v2;
	struct pt host;
	uint64_t g1[5], g2, hslot;   /* leaf slots: A, B, G, D2M, E2M; VM 2's A; host A */
};

static uint64_t fprobe_pa(int k, bool fresh)
{
	uint64_t base = fresh ? FNEW : FOLD;
	if (fprobes[k].vm == 0)
		return base + HOST_OFF + (fprobes[k].va & 0xfff);
	return base + (fprobes[k].gpa - 0x40000000ull) + (fprobes[k].vm == 2 ? VM2_OFF : 0);
}

static void fworld_use(struct fworld *w, struct hart *h, int vm, uint16_t asid)
{
	if (vm == 0)
		use_satp(h, &w->host, asid);
	else
		vm_use(vm == 1 ? &w->v1 : &w->v2, h, asid, (uint16_t)vm);
}

static uint64_t fworld_xlate(struct fworld *w, struct hart *h, int k, bool *ok)
{
	struct translation t = { 0, 0, false, NULL };
	fworld_use(w, h, fprobes[k].vm, fprobes[k].asid);
	*ok = mmu_translate_v(h, fprobes[k].va, ACC_R, PRV_S, fprobes[k].vm != 0, &t);
	return t.pa;
}

static void fworld_build(struct fworld *w, struct machine *m)
{
	static const uint64_t gpas[5] = { GPA_A, GPA_B, GPA_G, GPA_D2M, GPA_E2M };
	struct hart *h = &m->hart;

	vm_init(&w->v1, m, 3, 3, G_AREA);
	pt_map(&w->v1.vs, VA_A, GPA_A, 0, RWX);
	pt_map(&w->v1.vs, VA_B, GPA_B, 0, RWX);
	pt_map(&w->v1.vs, VA_G, GPA_G, 0, RWX | GL);
	pt_map(&w->v1.vs, VA_D, GPA_D2M + 0x5000, 0, RWX);
	pt_map(&w->v1.vs, VA_E, GPA_E2M, 1, RWX);
	for (int i = 0; i < 5; i++)
		w->g1[i] = pt_map(&w->v1.g, gpas[i], FOLD + (gpas[i] - 0x40000000ull), i < 3 ? 0 : 1, GRWX);
	w->v2 = w->v1;                                     /* the same VS tables ... */
	pt_init(&w->v2.g, m, 3, true, G2_AREA, G2_AREA);   /* ... under another G-stage */
	w->g2 = pt_map(&w->v2.g, GPA_A, FOLD + VM2_OFF + (GPA_A - 0x40000000ull), 0, GRWX);
	pt_init(&w->host, m, 3, false, HOST_AREA, HOST_AREA);
	w->hslot = pt_map(&w->host, VA_A, FOLD + HOST_OFF, 0, RWX);

	tlb_clear(h);
	for (int k = 0; k < NFPROBES; k++) {
		bool ok;
		uint64_t pa = fworld_xlate(w, h, k, &ok);
		assert_true(ok);
		assert_int_equal(pa, fprobe_pa(k, false));
	}
	for (int i = 0; i < 5; i++)
		pt_wr(&w->v1.g, w->g1[i], pte(FNEW + (gpas[i] - 0x40000000ull), GRWX));
	pt_wr(&w->v2.g, w->g2, pte(FNEW + VM2_OFF + (GPA_A - 0x40000000ull), GRWX));
	unit_wr64(m, w->hslot, pte(FNEW + HOST_OFF, RWX));
}

static void test_fence_forms(void **state)
{
	static const struct {
		const char *name, *clause;
		enum fop op;
		int vm;                /* current hgatp (VMID) when fencing */
		bool has_addr;
		uint64_t addr;         /* va, or the full GPA for hfence.gvma */
		bool has_id;
		uint16_t id;           /* asid, or vmid for hfence.gvma */
		unsigned dropped;
	} rows[] = {
		{ "sfence V=1: all", C_MMF, SFENCE_V1, 1, false, 0, false, 0, VM1_ALL },
		{ "sfence V=1: va A", C_MMF, SFENCE_V1, 1, true, VA_A + 0x800, false, 0, FD(F_A1) | FD(F_A2) },
		{ "sfence V=1: va A in VM 2", C_MMF, SFENCE_V1, 2, true, VA_A, false, 0, FD(F_VM2) },
		{ "sfence V=1: asid 1 (global kept)", C_MMF, SFENCE_V1, 1, false, 0, true, 1,
		  FD(F_A1) | FD(F_B1) | FD(F_D1) | FD(F_E1) },
		{ "sfence V=1: asid 2", C_MMF, SFENCE_V1, 1, false, 0, true, 2, FD(F_A2) },
		{ "sfence V=1: va GLB (global goes)", C_MMF, SFENCE_V1, 1, true, VA_G, false, 0,
		  FD(F_G1) | FD(F_G2) },
		{ "sfence V=1: va GLB + asid 1 (global kept)", C_MMF, SFENCE_V1, 1, true, VA_G, true, 1, 0 },
		{ "sfence V=1: va inside the 2 MiB VS page", C_MMF, SFENCE_V1, 1, true, VA_E + 0x1ff000, false, 0,
		  FD(F_E1) },
		{ "sfence V=1: va D + asid 1 (4 KiB in a 2 MiB G leaf)", C_MMF, SFENCE_V1, 1, true, VA_D, true, 1, FD(F_D1) },
		{ "sfence V=1: unmapped va", C_MMF, SFENCE_V1, 1, true, 0x30000000ull, false, 0, 0 },
		{ "hfence.vvma: all (VMID 1)", C_HFENCE, HFENCE_VVMA, 1, false, 0, false, 0, VM1_ALL },
		{ "hfence.vvma: all (VMID 2)", C_HFENCE, HFENCE_VVMA, 2, false, 0, false, 0, FD(F_VM2) },
		{ "hfence.vvma: va A + asid 2", C_HFENCE, HFENCE_VVMA, 1, true, VA_A, true, 2, FD(F_A2) },
		{ "hfence.vvma: va B", C_HFENCE, HFENCE_VVMA, 1, true, VA_B, false, 0, FD(F_B1) },
		{ "hfence.vvma: asid 1 in VMID 3 (nothing)", C_HFENCE, HFENCE_VVMA, 3, false, 0, true, 1, 0 },
		{ "sfence V=0: all", C_MMF, SFENCE_V0, 1, false, 0, false, 0, FD(F_HOST) },
		{ "sfence V=0: va A", C_MMF, SFENCE_V0, 1, true, VA_A, false, 0, FD(F_HOST) },
		{ "sfence V=0: asid 1", C_MMF, SFENCE_V0, 1, false, 0, true, 1, FD(F_HOST) },
		{ "sfence V=0: va B (nothing)", C_MMF, SFENCE_V0, 1, true, VA_B, false, 0, 0 },
		{ "hfence.gvma: all", C_HFENCE, HFENCE_GVMA, 1, false, 0, false, 0, VM1_ALL | FD(F_VM2) },
		{ "hfence.gvma: vmid 1", C_HFENCE, HFENCE_GVMA, 2, false, 0, true, 1, VM1_ALL },
		{ "hfence.gvma: vmid 2", C_HFENCE, HFENCE_GVMA, 1, false, 0, true, 2, FD(F_VM2) },
		{ "hfence.gvma: vmid 3 (nothing)", C_HFENCE, HFENCE_GVMA, 1, false, 0, true, 3, 0 },
		{ "hfence.gvma: gpa A (both VMs)", C_HFENCE, HFENCE_GVMA, 1, true, GPA_A + 0x10, false, 0,
		  FD(F_A1) | FD(F_A2) | FD(F_VM2) },
		{ "hfence.gvma: gpa A + vmid 1", C_HFENCE, HFENCE_GVMA, 1, true, GPA_A, true, 1,
		  FD(F_A1) | FD(F_A2) },
		{ "hfence.gvma: gpa A + vmid 2", C_HFENCE, HFENCE_GVMA, 1, true, GPA_A, true, 2, FD(F_VM2) },
		{ "hfence.gvma: gpa B", C_HFENCE, HFENCE_GVMA, 1, true, GPA_B, false, 0, FD(F_B1) },
		{ "hfence.gvma: gpa GLB (global VS leaf goes)", C_HFENCE, HFENCE_GVMA, 1, true, GPA_G, true, 1,
		  FD(F_G1) | FD(F_G2) },
		{ "hfence.gvma: gpa elsewhere in D's 2 MiB G leaf", C_HFENCE, HFENCE_GVMA, 1, true,
		  GPA_D2M + 0x1ff000, false, 0, FD(F_D1) },
		{ "hfence.gvma: gpa of D's byte", C_HFENCE, HFENCE_GVMA, 1, true, GPA_D2M + 0x5030, true, 1,
		  FD(F_D1) },
		{ "hfence.gvma: gpa inside E's 2 MiB", C_HFENCE, HFENCE_GVMA, 1, true, GPA_E2M + 0x100000, false, 0,
		  FD(F_E1) },
		{ "hfence.gvma: unmapped gpa (nothing)", C_HFENCE, HFENCE_GVMA, 1, true, 0x40600000ull, false, 0, 0 },
		{ "hfence.gvma: gpa of the host page (nothing)", C_HFENCE, HFENCE_GVMA, 1, true,
		  FOLD + HOST_OFF, false, 0, 0 },
	};
	static struct fworld w;
	struct machine *m = *state;
	struct hart *h = &m->hart;
	struct rowcheck rc = { 0 };

	for (size_t i = 0; i < NROWS(rows); i++) {
		fworld_build(&w, m);
		vm_use(rows[i].vm == 2 ? &w.v2 : &w.v1, h, 1, (uint16_t)rows[i].vm);
		switch (rows[i].op) {
		case SFENCE_V1:
			h->virt = true;
			hart_sfence(h, rows[i].has_addr, rows[i].addr, rows[i].has_id, rows[i].id);
			h->virt = false;
			break;
		case HFENCE_VVMA:
			hart_hfence_vvma(h, rows[i].has_addr, rows[i].addr, rows[i].has_id, rows[i].id);
			break;
		case SFENCE_V0:
			hart_sfence(h, rows[i].has_addr, rows[i].addr, rows[i].has_id, rows[i].id);
			break;
		case HFENCE_GVMA:
			hart_hfence_gvma(h, rows[i].has_addr, rows[i].addr, rows[i].has_id, rows[i].id);
			break;
		}
		for (int k = 0; k < NFPROBES; k++) {
			bool dropped = (rows[i].dropped >> k) & 1, ok;
			uint64_t pa = fworld_xlate(&w, h, k, &ok);
			char what[64];
			snprintf(what, sizeof what, "%s pa (%s)", fprobes[k].name, dropped ? "dropped" : "kept");
			if (!ok)
				ROW_FAIL(&rc, rows[i].name, rows[i].clause, "%s faulted", fprobes[k].name);
			else
				ROW_EQ(&rc, rows[i].name, rows[i].clause, what, pa, fprobe_pa(k, dropped));
		}
	}
	h->satp = 0;
	ROW_DONE(&rc);
}

/* ---- trap entry ------------------------------------------------------------------- */
#define CODE_VA  0x0000000010000000ull
#define CODE_GPA 0x0000000040000000ull
#define CODE_HPA 0x82100000ull
#define LD_A0_8_A1 0x0085b503u   /* ld a0, 8(a1) */
#define SD_A0_8_A1 0x00a5b423u   /* sd a0, 8(a1) */
#define STVEC  0x80004000ull
#define MTVEC  0x80008000ull
#define VSTVEC 0x10008000ull

/*
 * A VM whose code page (CODE_VA, holding a load and a store) is mapped,
 * and whose data page VA is mapped with the given flags.
 */
static void trap_vm(struct machine *m, struct vm *v, uint64_t vflags, uint64_t gflags, bool vu)
{
	uint32_t insns[2] = { LD_A0_8_A1, SD_A0_8_A1 };
	vm_init(v, m, 3, 3, G_AREA);
	pt_map(&v->vs, VA, GPA_BASE, 0, vflags);
	pt_map(&v->g, GPA_BASE, DATA_HPA, 0, gflags);
	pt_map(&v->vs, CODE_VA, CODE_GPA, 0, RWX | (vu ? US : 0));
	pt_map(&v->g, CODE_GPA, CODE_HPA, 0, GRWX);
	assert_true(phys_write(m, CODE_HPA, insns, sizeof insns));
	vm_use(v, &m->hart, 1, 1);
}

static void trap_regs_reset(struct hart *h)
{
	h->mcause = h->scause = h->vscause = 0x77;
	h->mepc = h->sepc = h->vsepc = 0x77;
	h->mtval = h->stval = h->vstval = h->htval = h->mtval2 = h->htinst = h->mtinst = 0x77;
	h->stvec = STVEC;
	h->mtvec = MTVEC;
	h->vstvec = VSTVEC;
}

/*
 * Guest-page faults from V=1 into HS (medeleg) or M: cause, epc, tval =
 * GVA, htval/mtval2 = GPA >> 2, htinst/mtinst = the transformed load or
 * store (or 0x3000 for an implicit PTE read), SPV/SPVP/GVA or MPV/GVA,
 * V cleared (hypervisor.adoc "Trap Entry", "Transformed Instruction or
 * Pseudoinstruction for mtinst or htinst").
 */
static void test_guest_fault_trap_entry(void **state)
{
	static const struct {
		const char *name;
		bool to_hs, vu, implicit;
		enum access acc;
	} rows[] = {
		{ "load GPF from VS -> HS", true, false, false, ACC_R },
		{ "store GPF from VS -> HS", true, false, false, ACC_W },
		{ "implicit-read GPF from VS -> HS", true, false, true, ACC_R },
		{ "load GPF from VU -> HS", true, true, false, ACC_R },
		{ "implicit-read GPF (store) from VU -> HS", true, true, true, ACC_W },
		{ "load GPF from VS -> M", false, false, false, ACC_R },
		{ "store GPF from VU -> M", false, true, false, ACC_W },
		{ "implicit-read GPF from VS -> M", false, false, true, ACC_R },
	};
	struct machine *m = *state;
	struct hart *h = &m->hart;
	struct rowcheck rc = { 0 };

	for (size_t i = 0; i < NROWS(rows); i++) {
		const char *n = rows[i].name;
		struct vm v;
		uint64_t va = VA & ~7ull, val = 0, pc = CODE_VA + (rows[i].acc == ACC_W ? 4 : 0);
		/* SPVP starts opposite to what the trap must write */
		uint64_t tval2, tinst, hstatus0 = (HSTATUS_VSXL & (2ull << 32)) | (rows[i].vu ? HSTATUS_SPVP : 0);
		bool ok;

		tlb_clear(h);
		trap_vm(m, &v, RWX | (rows[i].vu ? US : 0), rows[i].implicit ? GRWX : RWX, rows[i].vu);
		if (rows[i].implicit) {   /* the G-stage refuses the VS level-0 table page */
			uint64_t pg = vs_pte_gpa(&v, va, 0) & ~(PAGE_SIZE - 1);
			pt_wr(&v.g, pt_slot(&v.g, pg, 0), pte(pg + v.vs.off, GTAB & ~US));
			tval2 = vs_pte_gpa(&v, va, 0) >> 2;
			tinst = TINST_PSEUDO_VS_READ64;
		} else {
			tval2 = (GPA_BASE | (va & 0xfff)) >> 2;
			tinst = rows[i].acc == ACC_W ? 0x00a03023u : 0x00003503u;
		}
		trap_regs_reset(h);
		assert_true(csr_write(h, CSR_MEDELEG, rows[i].to_hs ? BIT(20) | BIT(21) | BIT(23) : 0));
		h->hedeleg = 0;
		h->hstatus = hstatus0;
		h->mstatus &= ~(MSTATUS_MPV | MSTATUS_GVA | MSTATUS_MPP | MSTATUS_SPP);
		h->priv = rows[i].vu ? PRV_U : PRV_S;
		h->virt = true;
		hart_context_changed(h);
		ok = rows[i].acc == ACC_W ? mem_store_slow(h, va, 8, 1) : mem_load_slow(h, va, 8, &val);
		ROW_EQ(&rc, n, C_GPF, "access faults", ok, false);
		h->pc = pc;
		trap_take_pending(h);

		uint64_t cause = gpf_of[rows[i].acc];
		ROW_EQ(&rc, n, C_ENTRY, "V", h->virt, false);
		ROW_EQ(&rc, n, C_ENTRY, "vscause untouched", h->vscause, 0x77);
		if (rows[i].to_hs) {
			uint64_t want_hs = (hstatus0 & ~HSTATUS_SPVP) | HSTATUS_SPV | HSTATUS_GVA |
					   (rows[i].vu ? 0 : HSTATUS_SPVP);
			ROW_EQ(&rc, n, C_ENTRY, "priv", h->priv, PRV_S);
			ROW_EQ(&rc, n, C_ENTRY, "pc", h->pc, STVEC);
			ROW_EQ(&rc, n, C_ENTRY, "scause", h->scause, cause);
			ROW_EQ(&rc, n, C_ENTRY, "sepc", h->sepc, pc);
			ROW_EQ(&rc, n, C_GPF, "stval", h->stval, va);
			ROW_EQ(&rc, n, C_HTVAL, "htval", h->htval, tval2);
			ROW_EQ(&rc, n, C_TINST, "htinst", h->htinst, tinst);
			ROW_EQ(&rc, n, C_ENTRY, "hstatus", h->hstatus, want_hs);
			ROW_EQ(&rc, n, C_ENTRY, "sstatus.SPP", (h->mstatus & MSTATUS_SPP) != 0, !rows[i].vu);
			ROW_EQ(&rc, n, C_ENTRY, "mcause untouched", h->mcause, 0x77);
		} else {
			ROW_EQ(&rc, n, C_ENTRY, "priv", h->priv, PRV_M);
			ROW_EQ(&rc, n, C_ENTRY, "pc", h->pc, MTVEC);
			ROW_EQ(&rc, n, C_ENTRY, "mcause", h->mcause, cause);
			ROW_EQ(&rc, n, C_ENTRY, "mepc", h->mepc, pc);
			ROW_EQ(&rc, n, C_GPF, "mtval", h->mtval, va);
			ROW_EQ(&rc, n, C_GPF, "mtval2", h->mtval2, tval2);
			ROW_EQ(&rc, n, C_TINST, "mtinst", h->mtinst, tinst);
			ROW_EQ(&rc, n, C_ENTRY, "mstatus.MPV", (h->mstatus & MSTATUS_MPV) != 0, true);
			ROW_EQ(&rc, n, C_ENTRY, "mstatus.GVA", (h->mstatus & MSTATUS_GVA) != 0, true);
			ROW_EQ(&rc, n, C_ENTRY, "mstatus.MPP", (h->mstatus & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT,
			       rows[i].vu ? PRV_U : PRV_S);
			ROW_EQ(&rc, n, C_ENTRY, "hstatus untouched", h->hstatus, hstatus0);
			ROW_EQ(&rc, n, C_ENTRY, "scause untouched", h->scause, 0x77);
		}
	}
	h->priv = PRV_S;
	h->virt = false;
	h->mstatus &= ~(MSTATUS_MPV | MSTATUS_GVA | MSTATUS_MPP | MSTATUS_SPP);
	hart_context_changed(h);
	ROW_DONE(&rc);
}

/*
 * A VS-stage page fault (13) from V=1: delegated by medeleg and hedeleg it
 * goes to VS (vscause/vsepc/vstval, vsstatus.SPP/SPIE/SIE; V stays 1;
 * hstatus, sstatus and the HS CSRs unchanged); by medeleg alone to HS with
 * htval = 0 and GVA = 1. Guest-page faults cannot be delegated to VS:
 * hedeleg bits 20-23 are read-only zero (hypervisor.adoc "Hypervisor Trap
 * Delegation", "Trap Entry").
 */
static void test_page_fault_to_vs(void **state)
{
	static const struct { const char *name; bool vu, hedeleg; } rows[] = {
		{ "from VS, hedeleg 13 -> VS", false, true },
		{ "from VU, hedeleg 13 -> VS", true, true },
		{ "from VS, no hedeleg -> HS", false, false },
	};
	struct machine *m = *state;
	struct hart *h = &m->hart;
	struct rowcheck rc = { 0 };
	uint64_t hd = 0;

	for (size_t i = 0; i < NROWS(rows); i++) {
		const char *n = rows[i].name;
		struct vm v;
		uint64_t va = VA & ~7ull, val, pc = CODE_VA, hstatus0 = (HSTATUS_VSXL & (2ull << 32)) | HSTATUS_SPVP;
		uint64_t ms0, vs0;

		tlb_clear(h);
		trap_vm(m, &v, RWX & ~V, GRWX, rows[i].vu);
		trap_regs_reset(h);
		assert_true(csr_write(h, CSR_MEDELEG, BIT(13)));
		assert_true(csr_write(h, CSR_HEDELEG, rows[i].hedeleg ? BIT(13) : 0));
		h->hstatus = hstatus0;
		h->vsstatus = (h->vsstatus & ~(MSTATUS_SPP | MSTATUS_SPIE)) | MSTATUS_SIE;
		h->priv = rows[i].vu ? PRV_U : PRV_S;
		h->virt = true;
		hart_context_changed(h);
		ms0 = h->mstatus;
		vs0 = h->vsstatus;
		ROW_EQ(&rc, n, C_XLATE, "load faults", mem_load_slow(h, va, 8, &val), false);
		h->pc = pc;
		trap_take_pending(h);

		if (rows[i].hedeleg) {
			uint64_t want_vs = (vs0 & ~MSTATUS_SIE) | MSTATUS_SPIE | (rows[i].vu ? 0 : MSTATUS_SPP);
			ROW_EQ(&rc, n, C_ENTRY, "V", h->virt, true);
			ROW_EQ(&rc, n, C_ENTRY, "priv", h->priv, PRV_S);
			ROW_EQ(&rc, n, C_ENTRY, "pc", h->pc, VSTVEC);
			ROW_EQ(&rc, n, C_ENTRY, "vscause", h->vscause, LPF);
			ROW_EQ(&rc, n, C_ENTRY, "vsepc", h->vsepc, pc);
			ROW_EQ(&rc, n, C_ENTRY, "vstval", h->vstval, va);
			ROW_EQ(&rc, n, C_ENTRY, "vsstatus", h->vsstatus, want_vs);
			ROW_EQ(&rc, n, C_ENTRY, "hstatus unchanged", h->hstatus, hstatus0);
			ROW_EQ(&rc, n, C_ENTRY, "mstatus unchanged", h->mstatus, ms0);
			ROW_EQ(&rc, n, C_ENTRY, "scause untouched", h->scause, 0x77);
			ROW_EQ(&rc, n, C_ENTRY, "htval untouched", h->htval, 0x77);
			ROW_EQ(&rc, n, C_ENTRY, "htinst untouched", h->htinst, 0x77);
		} else {
			ROW_EQ(&rc, n, C_ENTRY, "V", h->virt, false);
			ROW_EQ(&rc, n, C_ENTRY, "scause", h->scause, LPF);
			ROW_EQ(&rc, n, C_ENTRY, "stval", h->stval, va);
			ROW_EQ(&rc, n, C_HTVAL, "htval (not a guest-page fault)", h->htval, 0);
			ROW_EQ(&rc, n, C_TINST, "htinst (transformed ld)", h->htinst, 0x00003503u);
			ROW_EQ(&rc, n, C_ENTRY, "hstatus", h->hstatus, hstatus0 | HSTATUS_SPV | HSTATUS_GVA);
			ROW_EQ(&rc, n, C_ENTRY, "vscause untouched", h->vscause, 0x77);
		}
		h->priv = PRV_S;
		h->virt = false;
		hart_context_changed(h);
	}
	assert_true(csr_write(h, CSR_HEDELEG, ~0ull));
	assert_true(csr_read(h, CSR_HEDELEG, &hd));
	ROW_EQ(&rc, "hedeleg 20-23 read-only zero", C_HIDELEG, "hedeleg[23:20]", (hd >> 20) & 15, 0);
	ROW_DONE(&rc);
}

/*
 * VSTIP injected through hvip, delegated by hideleg, taken in VS-mode:
 * vscause = interrupt 5 (the supervisor timer code), vectored vstvec,
 * V stays 1, hstatus and the HS CSRs untouched.
 */
static void vstip_to_vs(struct rowcheck *rc, struct machine *m, const char *n)
{
	struct hart *h = &m->hart;
	uint64_t hstatus0 = h->hstatus, pc = 0x10002000ull;

	trap_regs_reset(h);
	h->vstvec = VSTVEC | 1;                                 /* vectored */
	assert_true(csr_write(h, CSR_HIDELEG, MIP_VSTIP));
	assert_true(csr_write(h, CSR_HIE, MIP_VSTIP));
	assert_true(csr_write(h, CSR_HVIP, MIP_VSTIP));
	h->vsstatus = (h->vsstatus & ~(MSTATUS_SPP | MSTATUS_SPIE)) | MSTATUS_SIE;
	h->priv = PRV_S;
	h->virt = true;
	h->pc = pc;
	hart_context_changed(h);
	ROW_EQ(rc, n, C_HIDELEG, "interrupt taken", trap_check_interrupts(h), true);
	ROW_EQ(rc, n, C_ENTRY, "V", h->virt, true);
	ROW_EQ(rc, n, C_ENTRY, "priv", h->priv, PRV_S);
	ROW_EQ(rc, n, C_HIDELEG, "vscause", h->vscause, CAUSE_INTERRUPT | IRQ_S_TIMER);
	ROW_EQ(rc, n, C_ENTRY, "vsepc", h->vsepc, pc);
	ROW_EQ(rc, n, C_ENTRY, "pc", h->pc, VSTVEC + 4 * IRQ_S_TIMER);
	ROW_EQ(rc, n, C_ENTRY, "vsstatus.SIE", (h->vsstatus & MSTATUS_SIE) != 0, false);
	ROW_EQ(rc, n, C_ENTRY, "vsstatus.SPIE", (h->vsstatus & MSTATUS_SPIE) != 0, true);
	ROW_EQ(rc, n, C_ENTRY, "vsstatus.SPP", (h->vsstatus & MSTATUS_SPP) != 0, true);
	ROW_EQ(rc, n, C_ENTRY, "hstatus unchanged", h->hstatus, hstatus0);
	ROW_EQ(rc, n, C_ENTRY, "scause untouched", h->scause, 0x77);
	ROW_EQ(rc, n, C_ENTRY, "mcause untouched", h->mcause, 0x77);
	assert_true(csr_write(h, CSR_HVIP, 0));
	h->virt = false;
	hart_context_changed(h);
}

static void test_vstip_to_vs(void **state)
{
	struct rowcheck rc = { 0 };
	struct machine *m = *state;
	assert_true(csr_write(&m->hart, CSR_MIDELEG, 0));      /* the VS bits stay 1 */
	vstip_to_vs(&rc, m, "VSTIP via hvip, hideleg");
	ROW_DONE(&rc);
}

/*
 * Changing vsatp.MODE between Bare and Sv39 takes effect immediately,
 * without a fence (supervisor.adoc "Virtual Address Translation Process":
 * "Changing satp.MODE from Bare to other modes and vice versa also takes
 * effect immediately"; vsatp substitutes for satp when V=1): a cached
 * entry of the other mode, same VMID and ASID 0, must not be used.
 */
static void test_vsatp_bare_switch_immediate(void **state)
{
	struct machine *m = *state;
	struct hart *h = &m->hart;
	struct rowcheck rc = { 0 };
	struct vm v;
	uint64_t gva = 0x40001000ull;   /* as a GPA: -> OLD; through the VS-stage: -> GPA_BASE -> NEW */

	for (int from_bare = 0; from_bare < 2; from_bare++) {
		const char *n = from_bare ? "vsatp Bare -> Sv39 (ASID 0)" : "vsatp Sv39 (ASID 0) -> Bare";
		uint64_t sv39;
		tlb_clear(h);
		vm_init(&v, m, 3, 3, G_AREA);
		pt_map(&v.vs, gva, GPA_BASE, 0, RWX);
		pt_map(&v.g, gva, OLD, 0, GRWX);
		pt_map(&v.g, GPA_BASE, NEW, 0, GRWX);
		vm_use(&v, h, 0, 1);
		sv39 = h->vsatp;
		h->vsatp = from_bare ? 0 : sv39;
		ROW_EQ(&rc, n, C_SATPCHG, "pa before the switch", xv(h, gva + 8, ACC_R, PRV_S).pa,
		       (from_bare ? OLD : NEW) + 8);
		h->vsatp = from_bare ? sv39 : 0;
		struct xr x = xv(h, gva + 8, ACC_R, PRV_S);
		ROW_EQ(&rc, n, C_SATPCHG, "translates", x.ok, true);
		ROW_EQ(&rc, n, C_SATPCHG, "pa after the switch", x.pa, (from_bare ? NEW : OLD) + 8);
	}
	ROW_DONE(&rc);
}

/*
 * mideleg bits 10, 6, 2 are read-only one with the H extension
 * (hypervisor.adoc "Machine Interrupt Delegation (mideleg) Register"), so
 * VS-level interrupts always go past M, from reset on, before M-mode ever
 * writes mideleg.
 */
static void test_mideleg_vs_bits_from_reset(void **state)
{
	struct rowcheck rc = { 0 };
	struct machine *m = *state;
	uint64_t md = 0;
	assert_true(csr_read(&m->hart, CSR_MIDELEG, &md));
	ROW_EQ(&rc, "mideleg at reset", C_MIDELEG, "mideleg VS bits", md & (MIP_VSSIP | MIP_VSTIP | MIP_VSEIP),
	       MIP_VSSIP | MIP_VSTIP | MIP_VSEIP);
	vstip_to_vs(&rc, m, "VSTIP via hvip, mideleg never written");
	ROW_DONE(&rc);
}

int main(void)
{
	unit_init();
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_two_stage_table),
		T(test_two_stage_table_cached),
		T(test_composed_page_size),
		T(test_x4_root),
		T(test_gpa_limits),
		T(test_implicit_pte_reads),
		T(test_page_crossing_guest_fault),
		T(test_hlv_hlvx),
		T(test_vmid_tags),
		T(test_guest_host_separate),
		T(test_vs_asid_and_global),
		T(test_stale_vs_pte_until_vvma),
		T(test_stale_g_pte_until_gvma),
		T(test_fence_forms),
		T(test_guest_fault_trap_entry),
		T(test_page_fault_to_vs),
		T(test_vstip_to_vs),
		T(test_vsatp_bare_switch_immediate),
		T(test_mideleg_vs_bits_from_reset),
	};
	return cmocka_run_group_tests_name("mmu2s", tests, NULL, NULL);
}
