/*
 * The page-table walker's memory references and the translation-cache
 * hierarchy of the hart (emu/mmu.c, emu/hart.c, emu/tlb.c), with the
 * geometry set through machine_configure:
 *
 *  - exact PTE reads of cold walks (h->st.walk_refs by dimension and
 *    level, h->st.walks) with the page-walk cache and nested TLB absent:
 *    Sv39 3, Sv48 4, Sv39 over Sv39x4 15 (3 + 4 G-stage walks of 3),
 *    Sv48 over Sv48x4 24 (4 + 5 x 4), and fewer with superpages in
 *    either stage (supervisor.adoc, "Virtual Address Translation
 *    Process"; hypervisor.adoc, "Two-Stage Address Translation");
 *  - the page-walk cache: walks start below the cached levels, and each
 *    fence drops exactly its entries: sfence.vma / hfence.vvma with an
 *    address keep them (such a fence orders only the leaf PTE), without
 *    an address drop them (by ASID: not global ones); hfence.gvma drops
 *    the G-stage non-leaf entries only without an address, per VMID, and
 *    never the VS-stage ones (which hold guest-physical addresses);
 *  - the nested TLB (G-stage leaves GPA -> HPA per VMID): shared leaves
 *    save G-stage reads; hfence.gvma by GPA / VMID drops them,
 *    hfence.vvma does not;
 *  - the hierarchy: L1 ITLB and DTLB looked up first, the unified L2
 *    refilling them, a walk filling both; LRU against FIFO in a 2-entry
 *    fully associative DTLB;
 *  - the hardware-mode interface (riscv/hwmode.h): TLB misses trapping
 *    with causes 24-26 and MTLBCTX, entries committed through MTLBVA,
 *    MTLBPTE, MTLBGPTE and MTLBCMD, for V=0 and V=1.
 *
 * Translations are made with mmu_translate_v directly (the fast tables
 * are not involved). PMP entry 0 grants everything (as test_mmu.c).
 */
#include "unit.h"

#define C_XLATE   SPEC("supervisor.adoc", "Virtual Address Translation Process")
#define C_2STAGE  SPEC("hypervisor.adoc", "Two-Stage Address Translation")
#define C_GPAT    SPEC("hypervisor.adoc", "Two-Stage Address Translation / Guest Physical Address Translation")
#define C_SFENCE  SPEC("supervisor.adoc", "Supervisor Memory-Management Fence Instruction")
#define C_HFENCE  SPEC("hypervisor.adoc", "Hypervisor Memory-Management Fence Instructions")
#define C_MMF     SPEC("hypervisor.adoc", "Two-Stage Address Translation / Memory-Management Fences")
#define C_PWC     "hart.h: the page-walk cache holds non-leaf PTEs tagged with the translation context"
#define C_NTLB    "hart.h: the nested TLB holds G-stage leaves (GPA -> HPA) per VMID"
#define C_HIER    "hart.h: L1 ITLB/DTLB first; an L2 hit refills L1; a walk fills L2 and L1"
#define C_LRU     "tlb.c: LRU evicts the least recently used way"
#define C_FIFO    "tlb.c: FIFO evicts the way filled first"
#define C_HWMODE  "riscv/hwmode.h: the hardware-mode interface"

#define NROWS(t) (sizeof(t) / sizeof((t)[0]))

#define V  PTE_V
#define RD PTE_R
#define WR PTE_W
#define EX PTE_X
#define US PTE_U
#define GL PTE_G
#define AC PTE_A
#define DI PTE_D
#define RWX  (V | RD | WR | EX | AC | DI)
#define GRWX (RWX | US)
#define GTAB (V | RD | WR | US | AC | DI)

static inline uint64_t lmask(unsigned level)
{
	return (PAGE_SIZE << (9 * level)) - 1;
}

/* ---- page-table builder (as test_mmu2s.c) --------------------------------------
 * A table's own address space (tsa) is physical for host and G-stage
 * tables, guest-physical for VS-stage tables under a G-stage; hpa = tsa + off.
 */
struct pt {
	struct machine *m;
	unsigned levels, root_bits;
	uint64_t root, next, off;
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

static uint64_t pt_map(struct pt *p, uint64_t va, uint64_t pa, unsigned level, uint64_t flags)
{
	uint64_t a = pt_slot(p, va, level);
	pt_wr(p, a, pte(pa, flags));
	return a;
}

#define G_AREA    0x80100000ull  /* G-stage tables (16 KiB aligned) */
#define VS_AREA   0x80200000ull  /* VS-stage tables (host physical) ... */
#define VS_GPA    0x10000000ull  /* ... at this guest-physical address */
#define HOST_AREA 0x80300000ull  /* satp tables */
#define PA_DATA   0x82000000ull  /* 2 MiB aligned */
#define PA_OTHER  0x83000000ull
#define GPA_DATA  0x0000008000000000ull  /* 2^39: Sv39x4 root entry 512 */

struct vm {
	struct pt vs, g;
	bool vs_on, g_on;
};

static void vm_init(struct vm *v, struct machine *m, unsigned vs_levels, unsigned g_levels)
{
	memset(v, 0, sizeof *v);
	v->g_on = g_levels != 0;
	v->vs_on = vs_levels != 0;
	if (v->g_on)
		pt_init(&v->g, m, g_levels, true, G_AREA, G_AREA);
	if (v->vs_on)
		pt_init(&v->vs, m, vs_levels, false, VS_AREA, v->g_on ? VS_GPA : VS_AREA);
}

/* Maps the VS table pages in the G-stage (4 KiB leaves) and sets vsatp / hgatp. */
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

static void use_satp(struct hart *h, const struct pt *p, uint16_t asid)
{
	h->satp = (uint64_t)(p->levels == 4 ? SATP_MODE_SV48 : SATP_MODE_SV39) << SATP_MODE_SHIFT |
		  (uint64_t)asid << SATP_ASID_SHIFT | p->root >> PAGE_SHIFT;
}

/* ---- the machine ------------------------------------------------------------------ */
/*
 * A machine whose page-walk cache and nested TLB have the given number of
 * entries (0: absent; otherwise fully associative LRU, so that no step
 * depends on set conflicts: the upper levels' page numbers are mostly
 * multiples of the set count), and whose DTLB has dtlb entries fully
 * associative with policy repl (0: the default DTLB).
 */
static struct machine *machine_with(unsigned pwc, unsigned ntlb, unsigned dtlb, enum repl repl)
{
	struct machine *m = unit_machine_new(64 * MiB);
	struct timing_config c = m->cfg;
	c.pwc = (struct tlb_config){ pwc, pwc, 1, REPL_LRU };
	c.ntlb = (struct tlb_config){ ntlb, ntlb, 1, REPL_LRU };
	if (dtlb)
		c.dtlb = (struct tlb_config){ dtlb, dtlb, 0, repl };
	assert_int_equal(machine_configure(m, &c), ERR_OK);
	assert_int_equal(m->hart.pwc.entries, pwc);
	assert_int_equal(m->hart.ntlb.entries, ntlb);
	assert_true(csr_write(&m->hart, CSR_PMPADDR0, (1ull << 54) - 1));
	assert_true(csr_write(&m->hart, CSR_PMPCFG0, PMP_A_NAPOT | PMP_R | PMP_W | PMP_X));
	m->hart.priv = PRV_S;
	return m;
}

struct xr {
	bool ok;
	uint64_t pa, cause, tval;
};

static struct xr xl(struct hart *h, uint64_t va, enum access acc, unsigned priv, bool virt)
{
	struct translation t = { 0, 99, false, NULL };
	struct xr r = { false, 0, 0, 0 };
	h->exc_cause = 0xdead;
	h->exc_tval = 0xbeef;
	r.ok = mmu_translate_v(h, va, acc, priv, virt, &t);
	if (r.ok)
		r.pa = t.pa;
	else
		r.cause = h->exc_cause, r.tval = h->exc_tval;
	return r;
}

/* PTE reads of a translation, by dimension and level, and the walks it made. */
struct refs {
	uint64_t r[2][TLB_LEVELS];
	uint64_t walks[2], pwc_hits[2];
};

static struct refs refs_of(const struct hart *h, const struct hart_stats *before)
{
	struct refs d;
	for (unsigned k = 0; k < 2; k++) {
		for (unsigned l = 0; l < TLB_LEVELS; l++)
			d.r[k][l] = h->st.walk_refs[k][l] - before->walk_refs[k][l];
		d.walks[k] = h->st.walks[k] - before->walks[k];
		d.pwc_hits[k] = h->st.pwc_hits[k] - before->pwc_hits[k];
	}
	return d;
}

/* Translates (must succeed, to pa when pa != 0) and returns the references it made. */
static struct refs xl_refs(struct rowcheck *rc, const char *name, const char *clause, struct hart *h,
			   uint64_t va, bool virt, uint64_t pa)
{
	struct hart_stats before = h->st;
	struct xr x = xl(h, va, ACC_R, PRV_S, virt);
	if (!x.ok)
		ROW_FAIL(rc, name, clause, "faulted: cause %llu", (unsigned long long)x.cause);
	else if (pa)
		ROW_EQ(rc, name, clause, "pa", x.pa, pa);
	return refs_of(h, &before);
}

/* Compares the references with the wanted ones: reads per level, dimension 0 and 1. */
static void check_refs(struct rowcheck *rc, const char *name, const char *clause, const struct refs *d,
		       const uint64_t want0[TLB_LEVELS], const uint64_t want1[TLB_LEVELS])
{
	for (unsigned l = 0; l < TLB_LEVELS; l++) {
		char what[48];
		snprintf(what, sizeof what, "walk_refs[0][%u]", l);
		ROW_EQ(rc, name, clause, what, d->r[0][l], want0[l]);
		snprintf(what, sizeof what, "walk_refs[1][%u]", l);
		ROW_EQ(rc, name, clause, what, d->r[1][l], want1[l]);
	}
}

#define R4(a, b, c, d) ((const uint64_t[TLB_LEVELS]){ a, b, c, d })
#define NONE R4(0, 0, 0, 0)

/* ---- cold walks ------------------------------------------------------------------------ */
/*
 * Cold translations with no page-walk cache and no nested TLB: every PTE
 * on the path is read once per translation that needs it. A two-stage
 * walk translates each VS-stage PTE address and the final GPA through a
 * full G-stage walk. Counts are per level (l0 = leaf level of a 4 KiB page).
 */
#define VA 0x0000001234567abcull

static void test_cold_walk_counts(void **state)
{
	static const struct {
		const char *name, *clause;
		unsigned vs, g;          /* levels: 0 Bare (g = 0 and !virt: host satp) */
		bool virt;
		unsigned vl, gl;         /* leaf levels */
		uint64_t r0[TLB_LEVELS], r1[TLB_LEVELS];
		uint64_t walks0, walks1;
	} rows[] = {
		{ "Sv39 4 KiB: 3 reads", C_XLATE, 3, 0, false, 0, 0, { 1, 1, 1, 0 }, { 0 }, 1, 0 },
		{ "Sv48 4 KiB: 4 reads", C_XLATE, 4, 0, false, 0, 0, { 1, 1, 1, 1 }, { 0 }, 1, 0 },
		{ "Sv39 2 MiB: 2 reads", C_XLATE, 3, 0, false, 1, 0, { 0, 1, 1, 0 }, { 0 }, 1, 0 },
		{ "Sv39 1 GiB: 1 read", C_XLATE, 3, 0, false, 2, 0, { 0, 0, 1, 0 }, { 0 }, 1, 0 },
		{ "Sv48 512 GiB: 1 read", C_XLATE, 4, 0, false, 3, 0, { 0, 0, 0, 1 }, { 0 }, 1, 0 },
		{ "Sv39 over Sv39x4: 3 + 12 = 15", C_2STAGE, 3, 3, true, 0, 0,
		  { 1, 1, 1, 0 }, { 4, 4, 4, 0 }, 1, 4 },
		{ "Sv48 over Sv48x4: 4 + 20 = 24", C_2STAGE, 4, 4, true, 0, 0,
		  { 1, 1, 1, 1 }, { 5, 5, 5, 5 }, 1, 5 },
		{ "Sv39 2 MiB over Sv39x4 4 KiB: 2 + 9", C_2STAGE, 3, 3, true, 1, 0,
		  { 0, 1, 1, 0 }, { 3, 3, 3, 0 }, 1, 3 },
		{ "Sv39 4 KiB over Sv39x4 2 MiB data leaf: 3 + 9 + 2", C_2STAGE, 3, 3, true, 0, 1,
		  { 1, 1, 1, 0 }, { 3, 4, 4, 0 }, 1, 4 },
		{ "Sv39 2 MiB over Sv39x4 2 MiB: 2 + 6 + 2", C_2STAGE, 3, 3, true, 1, 1,
		  { 0, 1, 1, 0 }, { 2, 3, 3, 0 }, 1, 3 },
		{ "Sv48 2 MiB over Sv48x4 2 MiB: 3 + 12 + 3", C_2STAGE, 4, 4, true, 1, 1,
		  { 0, 1, 1, 1 }, { 3, 4, 4, 4 }, 1, 4 },
		{ "Sv39 over Sv39x4 1 GiB data leaf: 3 + 9 + 1", C_2STAGE, 3, 3, true, 0, 2,
		  { 1, 1, 1, 0 }, { 3, 3, 4, 0 }, 1, 4 },
		{ "vsatp Bare, Sv39x4: one G-stage walk", C_GPAT, 0, 3, true, 0, 0, { 0 }, { 1, 1, 1, 0 }, 0, 1 },
		{ "hgatp Bare, Sv39: one VS-stage walk", C_2STAGE, 3, 0, true, 0, 0, { 1, 1, 1, 0 }, { 0 }, 1, 0 },
	};
	struct machine *m = machine_with(0, 0, 0, REPL_LRU);
	struct hart *h = &m->hart;
	struct rowcheck rc = { 0 };
	(void)state;

	for (size_t i = 0; i < NROWS(rows); i++) {
		const char *n = rows[i].name;
		uint64_t va = VA, pa;
		hart_tlbs_flush_all(h);
		if (!rows[i].virt) {
			struct pt p;
			uint64_t base = rows[i].vl == 3 ? 0x8000000000ull : rows[i].vl == 2 ? 0x80000000ull : PA_DATA;
			pt_init(&p, m, rows[i].vs, false, HOST_AREA, HOST_AREA);
			pt_map(&p, va, base, rows[i].vl, RWX);
			use_satp(h, &p, 1);
			pa = base | (va & lmask(rows[i].vl));
		} else {
			struct vm v;
			uint64_t gpa = va;
			vm_init(&v, m, rows[i].vs, rows[i].g);
			if (v.vs_on) {
				pt_map(&v.vs, va, GPA_DATA, rows[i].vl, RWX);
				gpa = GPA_DATA | (va & lmask(rows[i].vl));
			}
			pa = gpa;
			if (v.g_on) {
				uint64_t base = rows[i].gl == 2 ? 0x80000000ull : PA_DATA;
				pt_map(&v.g, gpa, base, rows[i].gl, GRWX);
				pa = base | (gpa & lmask(rows[i].gl));
			}
			vm_use(&v, h, 1, 1);
		}
		struct refs d = xl_refs(&rc, n, rows[i].clause, h, va, rows[i].virt, pa);
		check_refs(&rc, n, rows[i].clause, &d, rows[i].r0, rows[i].r1);
		ROW_EQ(&rc, n, rows[i].clause, "walks[0]", d.walks[0], rows[i].walks0);
		ROW_EQ(&rc, n, rows[i].clause, "walks[1]", d.walks[1], rows[i].walks1);
		ROW_EQ(&rc, n, rows[i].clause, "pwc_hits", d.pwc_hits[0] + d.pwc_hits[1], 0);
		/* the second translation comes from the TLB: no reads */
		d = xl_refs(&rc, n, rows[i].clause, h, va, rows[i].virt, pa);
		check_refs(&rc, n, "hart.h: a TLB hit reads no PTE", &d, NONE, NONE);
		ROW_EQ(&rc, n, C_HIER, "walks (TLB hit)", d.walks[0] + d.walks[1], 0);
	}
	unit_machine_free(m);
	ROW_DONE(&rc);
}

/* ---- the page-walk cache: host --------------------------------------------------------- */
/*
 * Sv39, ASID 1, page-walk cache on, nested TLB off. Each step translates
 * a page not in the TLB (or fenced out of it) after an action, and must
 * make exactly the PTE reads given: 1 read (level 0) when the level-1
 * entry is cached, 2 when only the root's, 3 when none.
 */
#define HVA 0x0000000040000000ull     /* pages HVA + k * 4 KiB share the level-0 table */

enum hact { H_NONE, H_SFENCE_VA, H_SFENCE_ALL, H_SFENCE_ASID1, H_SFENCE_ASID2, H_SFENCE_VA_ASID1,
	    H_ASID2, H_ASID1 };

static void test_pwc_host(void **state)
{
	static const struct {
		const char *name, *clause;
		enum hact act;
		uint64_t va;
		uint64_t reads[TLB_LEVELS];
		uint64_t pwc_hits;
	} steps[] = {
		{ "cold", C_PWC, H_NONE, HVA, { 1, 1, 1, 0 }, 0 },
		{ "neighbouring page: level-1 entry cached", C_PWC, H_NONE, HVA + 0x1000, { 1, 0, 0, 0 }, 1 },
		{ "other 2 MiB of the same 1 GiB: root entry cached", C_PWC, H_NONE, HVA + 0x200000, { 1, 1, 0, 0 }, 1 },
		{ "sfence.vma va: keeps the non-leaf entries", C_SFENCE, H_SFENCE_VA, HVA, { 1, 0, 0, 0 }, 1 },
		{ "sfence.vma va + asid: keeps them too", C_SFENCE, H_SFENCE_VA_ASID1, HVA, { 1, 0, 0, 0 }, 1 },
		{ "sfence.vma asid 2: other ASID's entries kept", C_SFENCE, H_SFENCE_ASID2, HVA + 0x2000,
		  { 1, 0, 0, 0 }, 1 },
		{ "sfence.vma asid 1: its entries dropped", C_SFENCE, H_SFENCE_ASID1, HVA + 0x3000, { 1, 1, 1, 0 }, 0 },
		{ "sfence.vma x0, x0: all dropped", C_SFENCE, H_SFENCE_ALL, HVA + 0x4000, { 1, 1, 1, 0 }, 0 },
		{ "ASID 2: ASID 1's entries do not serve it", C_PWC, H_ASID2, HVA + 0x5000, { 1, 1, 1, 0 }, 0 },
		{ "ASID 2: its own entries now", C_PWC, H_NONE, HVA + 0x6000, { 1, 0, 0, 0 }, 1 },
		{ "back to ASID 1: entries kept", C_PWC, H_ASID1, HVA + 0x7000, { 1, 0, 0, 0 }, 1 },
	};
	struct machine *m = machine_with(64, 0, 0, REPL_LRU);
	struct hart *h = &m->hart;
	struct rowcheck rc = { 0 };
	struct pt p;
	(void)state;

	pt_init(&p, m, 3, false, HOST_AREA, HOST_AREA);
	for (uint64_t k = 0; k < 8; k++)
		pt_map(&p, HVA + k * PAGE_SIZE, PA_DATA + k * PAGE_SIZE, 0, RWX);
	pt_map(&p, HVA + 0x200000, PA_OTHER, 0, RWX);
	use_satp(h, &p, 1);
	for (size_t i = 0; i < NROWS(steps); i++) {
		switch (steps[i].act) {
		case H_NONE: break;
		case H_SFENCE_VA: hart_sfence(h, true, steps[i].va, false, 0); break;
		case H_SFENCE_VA_ASID1: hart_sfence(h, true, steps[i].va, true, 1); break;
		case H_SFENCE_ALL: hart_sfence(h, false, 0, false, 0); break;
		case H_SFENCE_ASID1: hart_sfence(h, false, 0, true, 1); break;
		case H_SFENCE_ASID2: hart_sfence(h, false, 0, true, 2); break;
		case H_ASID2: use_satp(h, &p, 2); break;
		case H_ASID1: use_satp(h, &p, 1); break;
		}
		struct refs d = xl_refs(&rc, steps[i].name, steps[i].clause, h, steps[i].va, false, 0);
		check_refs(&rc, steps[i].name, steps[i].clause, &d, steps[i].reads, NONE);
		ROW_EQ(&rc, steps[i].name, steps[i].clause, "pwc_hits[0]", d.pwc_hits[0], steps[i].pwc_hits);
		ROW_EQ(&rc, steps[i].name, steps[i].clause, "walks[0]", d.walks[0], 1);
	}
	unit_machine_free(m);
	ROW_DONE(&rc);
}

/*
 * A non-leaf PTE changed in memory: an sfence.vma with an address orders
 * only the leaf PTE, so the cached pointer may (and in hmvirt does) keep
 * being used; an sfence.vma without an address makes the walk see the
 * new table.
 */
static void test_pwc_stale_pointer(void **state)
{
	struct machine *m = machine_with(64, 0, 0, REPL_LRU);
	struct hart *h = &m->hart;
	struct pt p;
	uint64_t l1slot, newtab;
	(void)state;

	pt_init(&p, m, 3, false, HOST_AREA, HOST_AREA);
	pt_map(&p, HVA, PA_DATA, 0, RWX);
	use_satp(h, &p, 1);
	assert_int_equal(xl(h, HVA, ACC_R, PRV_S, false).pa, PA_DATA);
	/* a new level-0 table mapping HVA elsewhere, hooked into the level-1 PTE */
	newtab = pt_alloc(&p, 1);
	unit_wr64(m, newtab, pte(PA_OTHER, RWX));
	l1slot = pt_slot(&p, HVA, 1);
	unit_wr64(m, l1slot, pte(newtab, V));
	hart_sfence(h, true, HVA, false, 0);
	assert_int_equal(xl(h, HVA, ACC_R, PRV_S, false).pa, PA_DATA);    /* old pointer, re-read leaf */
	hart_sfence(h, false, 0, true, 1);
	assert_int_equal(xl(h, HVA, ACC_R, PRV_S, false).pa, PA_OTHER);
	unit_machine_free(m);
}

/*
 * Global non-leaf entries: a G bit in a pointer PTE makes everything
 * below it global (supervisor.adoc, Sv32 "Addressing and Memory
 * Protection"); an sfence.vma by ASID keeps such entries
 * (supervisor.adoc: "except for entries containing global mappings") and
 * they serve every ASID.
 */
static void test_pwc_global(void **state)
{
	static const struct {
		const char *name;
		unsigned glevel;        /* the pointer PTE carrying G: 2 root, 1 level-1 */
		uint64_t after_asid_flush[TLB_LEVELS];
		uint64_t other_asid[TLB_LEVELS];
	} rows[] = {
		{ "G in the root pointer: both entries global", 2, { 1, 0, 0, 0 }, { 1, 0, 0, 0 } },
		{ "G in the level-1 pointer: that entry global", 1, { 1, 0, 0, 0 }, { 1, 0, 0, 0 } },
	};
	struct machine *m = machine_with(64, 0, 0, REPL_LRU);
	struct hart *h = &m->hart;
	struct rowcheck rc = { 0 };
	(void)state;

	for (size_t i = 0; i < NROWS(rows); i++) {
		struct pt p;
		hart_tlbs_flush_all(h);
		pt_init(&p, m, 3, false, HOST_AREA, HOST_AREA);
		for (uint64_t k = 0; k < 4; k++)
			pt_map(&p, HVA + k * PAGE_SIZE, PA_DATA + k * PAGE_SIZE, 0, RWX);
		uint64_t slot = pt_slot(&p, HVA, rows[i].glevel);
		unit_wr64(m, slot, unit_rd64(m, slot) | GL);
		use_satp(h, &p, 1);
		struct refs d = xl_refs(&rc, rows[i].name, C_PWC, h, HVA, false, PA_DATA);
		check_refs(&rc, rows[i].name, C_PWC, &d, R4(1, 1, 1, 0), NONE);
		hart_sfence(h, false, 0, true, 1);
		d = xl_refs(&rc, rows[i].name, C_SFENCE, h, HVA + 0x1000, false, PA_DATA + 0x1000);
		check_refs(&rc, rows[i].name, C_SFENCE, &d, rows[i].after_asid_flush, NONE);
		use_satp(h, &p, 2);
		d = xl_refs(&rc, rows[i].name, C_PWC, h, HVA + 0x2000, false, PA_DATA + 0x2000);
		check_refs(&rc, rows[i].name, C_PWC, &d, rows[i].other_asid, NONE);
		/* and the global leaf translation itself survives the ASID flush */
		hart_sfence(h, false, 0, true, 2);
		d = xl_refs(&rc, rows[i].name, C_SFENCE, h, HVA, false, PA_DATA);
		ROW_EQ(&rc, rows[i].name, C_SFENCE, "global leaf kept: walks", d.walks[0], 0);
		hart_sfence(h, false, 0, false, 0);
		d = xl_refs(&rc, rows[i].name, C_SFENCE, h, HVA + 0x3000, false, PA_DATA + 0x3000);
		check_refs(&rc, rows[i].name, C_SFENCE, &d, R4(1, 1, 1, 0), NONE);
	}
	unit_machine_free(m);
	ROW_DONE(&rc);
}

/* ---- the page-walk cache: guest ---------------------------------------------------------- */
/*
 * Sv39 over Sv39x4, ASID 1, VMID 1, page-walk cache on, nested TLB off.
 * The VS tables sit at GPA 0x10000000.. (one 2 MiB G region), the data at
 * GPA_DATA.. (another root entry). Cold, a translation reads the VS PTEs
 * (3), G-walks the root VS table's GPA (3), then the level-1 and level-0
 * tables' GPAs with the G-stage level-1 entry cached (1 each), then the
 * data GPA (3): dimension 1 = {4, 2, 2}. Each step translates a new page.
 */
#define GVA 0x0000000040000000ull

enum gact { G_NONE, G_VVMA_VA, G_VVMA_ALL, G_VVMA_ASID2, G_GVMA_GPA, G_GVMA_ALL_VMID1, G_GVMA_ALL_VMID2,
	    G_GVMA_ALL, G_SFENCE_HOST, G_SFENCE_V1 };

static void test_pwc_guest(void **state)
{
	static const struct {
		const char *name, *clause;
		enum gact act;
		uint64_t page;
		uint64_t r0[TLB_LEVELS], r1[TLB_LEVELS];
		uint64_t hits0, hits1;
	} steps[] = {
		{ "cold", C_PWC, G_NONE, 0, { 1, 1, 1, 0 }, { 4, 2, 2, 0 }, 0, 2 },
		{ "neighbouring page: one VS read, one G read per GPA", C_PWC, G_NONE, 1,
		  { 1, 0, 0, 0 }, { 2, 0, 0, 0 }, 1, 2 },
		{ "hfence.vvma va: non-leaf entries kept", C_HFENCE, G_VVMA_VA, 1, { 1, 0, 0, 0 }, { 2, 0, 0, 0 }, 1, 2 },
		{ "hfence.gvma gpa: G-stage non-leaf entries kept", C_HFENCE, G_GVMA_GPA, 1,
		  { 1, 0, 0, 0 }, { 2, 0, 0, 0 }, 1, 2 },
		{ "hfence.vvma asid 2: nothing of ASID 1", C_HFENCE, G_VVMA_ASID2, 2,
		  { 1, 0, 0, 0 }, { 2, 0, 0, 0 }, 1, 2 },
		{ "hfence.vvma x0, x0: VS-stage entries dropped, G-stage kept", C_HFENCE, G_VVMA_ALL, 3,
		  { 1, 1, 1, 0 }, { 4, 0, 0, 0 }, 0, 4 },
		{ "hfence.gvma x0, vmid 1: G-stage entries dropped, VS-stage kept", C_HFENCE, G_GVMA_ALL_VMID1, 4,
		  { 1, 0, 0, 0 }, { 2, 2, 2, 0 }, 1, 0 },
		{ "hfence.gvma x0, vmid 2: nothing of VMID 1", C_HFENCE, G_GVMA_ALL_VMID2, 5,
		  { 1, 0, 0, 0 }, { 2, 0, 0, 0 }, 1, 2 },
		{ "hfence.gvma x0, x0: G-stage entries dropped", C_HFENCE, G_GVMA_ALL, 6,
		  { 1, 0, 0, 0 }, { 2, 2, 2, 0 }, 1, 0 },
		{ "sfence.vma with V=0: the guest's entries kept", C_SFENCE, G_SFENCE_HOST, 7,
		  { 1, 0, 0, 0 }, { 2, 0, 0, 0 }, 1, 2 },
		{ "sfence.vma x0, x0 with V=1: as hfence.vvma", C_MMF, G_SFENCE_V1, 8,
		  { 1, 1, 1, 0 }, { 4, 0, 0, 0 }, 0, 4 },
	};
	struct machine *m = machine_with(64, 0, 0, REPL_LRU);
	struct hart *h = &m->hart;
	struct rowcheck rc = { 0 };
	struct vm v;
	(void)state;

	vm_init(&v, m, 3, 3);
	for (uint64_t k = 0; k < 16; k++) {
		pt_map(&v.vs, GVA + k * PAGE_SIZE, GPA_DATA + k * PAGE_SIZE, 0, RWX);
		pt_map(&v.g, GPA_DATA + k * PAGE_SIZE, PA_DATA + k * PAGE_SIZE, 0, GRWX);
	}
	vm_use(&v, h, 1, 1);
	for (size_t i = 0; i < NROWS(steps); i++) {
		uint64_t va = GVA + steps[i].page * PAGE_SIZE;
		switch (steps[i].act) {
		case G_NONE: break;
		case G_VVMA_VA: hart_hfence_vvma(h, true, va, false, 0); break;
		case G_VVMA_ALL: hart_hfence_vvma(h, false, 0, false, 0); break;
		case G_VVMA_ASID2: hart_hfence_vvma(h, false, 0, true, 2); break;
		case G_GVMA_GPA: hart_hfence_gvma(h, true, GPA_DATA + steps[i].page * PAGE_SIZE, true, 1); break;
		case G_GVMA_ALL_VMID1: hart_hfence_gvma(h, false, 0, true, 1); break;
		case G_GVMA_ALL_VMID2: hart_hfence_gvma(h, false, 0, true, 2); break;
		case G_GVMA_ALL: hart_hfence_gvma(h, false, 0, false, 0); break;
		case G_SFENCE_HOST: hart_sfence(h, false, 0, false, 0); break;
		case G_SFENCE_V1:
			h->virt = true;
			hart_sfence(h, false, 0, false, 0);
			h->virt = false;
			break;
		}
		struct refs d = xl_refs(&rc, steps[i].name, steps[i].clause, h, va, true,
					PA_DATA + steps[i].page * PAGE_SIZE + (va & 0xfff));
		check_refs(&rc, steps[i].name, steps[i].clause, &d, steps[i].r0, steps[i].r1);
		ROW_EQ(&rc, steps[i].name, steps[i].clause, "pwc_hits[0]", d.pwc_hits[0], steps[i].hits0);
		ROW_EQ(&rc, steps[i].name, steps[i].clause, "pwc_hits[1]", d.pwc_hits[1], steps[i].hits1);
		/* one G-stage walk per VS-stage PTE read, and one for the final GPA */
		ROW_EQ(&rc, steps[i].name, steps[i].clause, "walks[1]", d.walks[1],
		       steps[i].r0[0] + steps[i].r0[1] + steps[i].r0[2] + steps[i].r0[3] + 1);
	}
	unit_machine_free(m);
	ROW_DONE(&rc);
}

/*
 * hart_hfence_gvma without a VMID (rs2 = x0) fences every VMID, whatever
 * its vmid argument holds (the argument is only meaningful with has_vmid,
 * as tlb_flush_gvma and hart_sfence/hart_hfence_vvma treat theirs): the
 * G-stage page-walk-cache entries go (hypervisor.adoc, "Hypervisor
 * Memory-Management Fence Instructions": rs1 = x0 orders all G-stage
 * reads; rs2 = x0 every VMID).
 */
static void test_pwc_gvma_all_ignores_vmid_argument(void **state)
{
	struct machine *m = machine_with(64, 0, 0, REPL_LRU);
	struct hart *h = &m->hart;
	struct rowcheck rc = { 0 };
	struct vm v;
	(void)state;

	vm_init(&v, m, 3, 3);
	for (uint64_t k = 0; k < 2; k++) {
		pt_map(&v.vs, GVA + k * PAGE_SIZE, GPA_DATA + k * PAGE_SIZE, 0, RWX);
		pt_map(&v.g, GPA_DATA + k * PAGE_SIZE, PA_DATA + k * PAGE_SIZE, 0, GRWX);
	}
	vm_use(&v, h, 1, 1);
	xl_refs(&rc, "cold", C_PWC, h, GVA, true, PA_DATA);
	hart_hfence_gvma(h, false, 0, false, 7);
	struct refs d = xl_refs(&rc, "after hfence.gvma x0, x0", C_HFENCE, h, GVA + 0x1000, true, PA_DATA + 0x1000);
	check_refs(&rc, "hfence.gvma(has_vmid = false, vmid = 7)", C_HFENCE, &d, R4(1, 0, 0, 0), R4(2, 2, 2, 0));
	unit_machine_free(m);
	ROW_DONE(&rc);
}

/* ---- the nested TLB ---------------------------------------------------------------------- */
/*
 * Sv39 over Sv39x4, nested TLB on, page-walk cache off. Cold: 3 + 12
 * reads, and the G-stage leaves of the three VS table pages and the data
 * page cached. A neighbouring page then needs G-stage reads only for its
 * own data GPA. hfence.vvma leaves the nested TLB alone; hfence.gvma
 * drops its entries by GPA and VMID.
 */
static uint64_t nctx(uint16_t vmid)
{
	return tlb_ctx(0, vmid, true);
}

static bool in_ntlb(struct hart *h, uint64_t gpa, uint16_t vmid)
{
	unsigned level;
	return tlb_peek(&h->ntlb, gpa, nctx(vmid), &level) != NULL;
}

static void test_nested_tlb(void **state)
{
	struct machine *m = machine_with(0, 64, 0, REPL_LRU);
	struct hart *h = &m->hart;
	struct rowcheck rc = { 0 };
	struct vm v;
	struct refs d;
	static const uint64_t tables[3] = { VS_GPA, VS_GPA + 0x1000, VS_GPA + 0x2000 };
	(void)state;

	vm_init(&v, m, 3, 3);
	for (uint64_t k = 0; k < 8; k++) {
		pt_map(&v.vs, GVA + k * PAGE_SIZE, GPA_DATA + k * PAGE_SIZE, 0, RWX);
		pt_map(&v.g, GPA_DATA + k * PAGE_SIZE, PA_DATA + k * PAGE_SIZE, 0, GRWX);
	}
	/* page 8: data in a 2 MiB G-stage leaf */
	pt_map(&v.vs, GVA + 8 * PAGE_SIZE, GPA_DATA + 0x200000, 0, RWX);
	pt_map(&v.vs, GVA + 9 * PAGE_SIZE, GPA_DATA + 0x201000, 0, RWX);
	pt_map(&v.g, GPA_DATA + 0x200000, PA_DATA + 0x200000, 1, GRWX);
	assert_int_equal(v.vs.next, VS_AREA + 3 * PAGE_SIZE);
	vm_use(&v, h, 1, 1);

	d = xl_refs(&rc, "cold", C_NTLB, h, GVA, true, PA_DATA);
	check_refs(&rc, "cold", C_2STAGE, &d, R4(1, 1, 1, 0), R4(4, 4, 4, 0));
	ROW_EQ(&rc, "cold", C_NTLB, "walks[1]", d.walks[1], 4);
	for (unsigned k = 0; k < 3; k++)
		ROW_EQ(&rc, "cold", C_NTLB, "VS table page's G leaf cached", in_ntlb(h, tables[k], 1), true);
	ROW_EQ(&rc, "cold", C_NTLB, "data page's G leaf cached", in_ntlb(h, GPA_DATA, 1), true);

	uint64_t nh = h->ntlb.hits;
	d = xl_refs(&rc, "neighbour", C_NTLB, h, GVA + 0x1000, true, PA_DATA + 0x1000);
	check_refs(&rc, "neighbour: G reads for the data GPA only", C_NTLB, &d, R4(1, 1, 1, 0), R4(1, 1, 1, 0));
	ROW_EQ(&rc, "neighbour", C_NTLB, "walks[1]", d.walks[1], 1);
	ROW_EQ(&rc, "neighbour", C_NTLB, "nested TLB hits", h->ntlb.hits - nh, 3);

	d = xl_refs(&rc, "2 MiB G leaf, first page", C_NTLB, h, GVA + 8 * PAGE_SIZE, true, PA_DATA + 0x200000);
	check_refs(&rc, "2 MiB G leaf, first page", C_NTLB, &d, R4(1, 1, 1, 0), R4(0, 1, 1, 0));
	d = xl_refs(&rc, "2 MiB G leaf, second page", C_NTLB, h, GVA + 9 * PAGE_SIZE, true, PA_DATA + 0x201000);
	check_refs(&rc, "2 MiB G leaf, second page: no G read", C_NTLB, &d, R4(1, 1, 1, 0), NONE);
	ROW_EQ(&rc, "2 MiB G leaf, second page", C_NTLB, "walks[1]", d.walks[1], 0);

	/* hfence.vvma: the nested TLB is not VS-stage state */
	hart_hfence_vvma(h, false, 0, false, 0);
	for (unsigned k = 0; k < 3; k++)
		ROW_EQ(&rc, "hfence.vvma", C_HFENCE, "VS table page's G leaf kept", in_ntlb(h, tables[k], 1), true);
	ROW_EQ(&rc, "hfence.vvma", C_HFENCE, "data G leaf kept", in_ntlb(h, GPA_DATA, 1), true);
	d = xl_refs(&rc, "after hfence.vvma", C_HFENCE, h, GVA + 0x2000, true, PA_DATA + 0x2000);
	check_refs(&rc, "after hfence.vvma", C_HFENCE, &d, R4(1, 1, 1, 0), R4(1, 1, 1, 0));

	/* hfence.gvma of another VMID, or of an unrelated GPA: nothing */
	hart_hfence_gvma(h, false, 0, true, 2);
	hart_hfence_gvma(h, true, VS_GPA + 0x5000, true, 1);
	for (unsigned k = 0; k < 3; k++)
		ROW_EQ(&rc, "hfence.gvma elsewhere", C_HFENCE, "G leaf kept", in_ntlb(h, tables[k], 1), true);

	/* hfence.gvma of the level-0 VS table's GPA: that leaf only */
	hart_hfence_gvma(h, true, tables[2] + 0x18, true, 1);
	ROW_EQ(&rc, "hfence.gvma gpa", C_HFENCE, "that leaf dropped", in_ntlb(h, tables[2], 1), false);
	ROW_EQ(&rc, "hfence.gvma gpa", C_HFENCE, "root table's leaf kept", in_ntlb(h, tables[0], 1), true);
	ROW_EQ(&rc, "hfence.gvma gpa", C_HFENCE, "level-1 table's leaf kept", in_ntlb(h, tables[1], 1), true);
	d = xl_refs(&rc, "after hfence.gvma gpa", C_HFENCE, h, GVA + 0x3000, true, PA_DATA + 0x3000);
	check_refs(&rc, "after hfence.gvma gpa: that table walked again", C_HFENCE, &d, R4(1, 1, 1, 0),
		   R4(2, 2, 2, 0));

	/* the same tables under VMID 2: separate entries */
	vm_use(&v, h, 1, 2);
	d = xl_refs(&rc, "VMID 2", C_NTLB, h, GVA, true, PA_DATA);
	check_refs(&rc, "VMID 2: VMID 1's leaves do not serve it", C_NTLB, &d, R4(1, 1, 1, 0), R4(4, 4, 4, 0));
	hart_hfence_gvma(h, false, 0, true, 1);
	for (unsigned k = 0; k < 3; k++) {
		ROW_EQ(&rc, "hfence.gvma vmid 1", C_HFENCE, "VMID 1 leaf dropped", in_ntlb(h, tables[k], 1), false);
		ROW_EQ(&rc, "hfence.gvma vmid 1", C_HFENCE, "VMID 2 leaf kept", in_ntlb(h, tables[k], 2), true);
	}
	hart_hfence_gvma(h, true, GPA_DATA, false, 0);
	ROW_EQ(&rc, "hfence.gvma gpa, all VMIDs", C_HFENCE, "VMID 2 data leaf dropped", in_ntlb(h, GPA_DATA, 2),
	       false);
	ROW_EQ(&rc, "hfence.gvma gpa, all VMIDs", C_HFENCE, "VMID 2 table leaf kept", in_ntlb(h, tables[0], 2),
	       true);
	hart_hfence_gvma(h, false, 0, false, 0);
	ROW_EQ(&rc, "hfence.gvma x0, x0", C_HFENCE, "nothing left", h->ntlb.count[0] + h->ntlb.count[1], 0);
	unit_machine_free(m);
	ROW_DONE(&rc);
}

/* ---- the hierarchy ---------------------------------------------------------------------- */
#define PG(k) (HVA + (uint64_t)(k) * PAGE_SIZE)

static bool cached(const struct tlb *t, uint64_t va, uint16_t asid)
{
	unsigned level;
	return tlb_peek(t, va, tlb_ctx(asid, 0, false), &level) != NULL;
}

/*
 * A walk fills L2 and the L1 of the access; the other L1 misses and is
 * refilled from L2 without a walk; a DTLB miss that hits L2 refills the
 * DTLB likewise.
 */
static void test_hierarchy_fills(void **state)
{
	struct machine *m = machine_with(0, 0, 2, REPL_LRU);
	struct hart *h = &m->hart;
	struct pt p;
	uint64_t w;
	(void)state;

	pt_init(&p, m, 3, false, HOST_AREA, HOST_AREA);
	for (unsigned k = 0; k < 4; k++)
		pt_map(&p, PG(k), PA_DATA + k * PAGE_SIZE, 0, RWX);
	use_satp(h, &p, 1);

	/* load A: walk, fills L2 and DTLB, not ITLB */
	assert_true(xl(h, PG(0), ACC_R, PRV_S, false).ok);
	assert_int_equal(h->st.walks[0], 1);
	assert_true(cached(&h->l2tlb, PG(0), 1));
	assert_true(cached(&h->dtlb, PG(0), 1));
	assert_false(cached(&h->itlb, PG(0), 1));
	assert_int_equal(h->dtlb.misses, 1);
	assert_int_equal(h->l2tlb.misses, 1);
	/* load A again: DTLB hit */
	assert_true(xl(h, PG(0), ACC_R, PRV_S, false).ok);
	assert_int_equal(h->dtlb.hits, 1);
	assert_int_equal(h->l2tlb.hits + h->l2tlb.misses, 1);
	/* fetch A: ITLB miss, L2 hit, no walk; then an ITLB hit */
	assert_int_equal(xl(h, PG(0), ACC_X, PRV_S, false).pa, PA_DATA);
	assert_int_equal(h->st.walks[0], 1);
	assert_int_equal(h->itlb.misses, 1);
	assert_int_equal(h->l2tlb.hits, 1);
	assert_true(cached(&h->itlb, PG(0), 1));
	assert_true(xl(h, PG(0), ACC_X, PRV_S, false).ok);
	assert_int_equal(h->itlb.hits, 1);
	assert_int_equal(h->l2tlb.hits, 1);
	/* a store uses the DTLB too */
	assert_true(xl(h, PG(0), ACC_W, PRV_S, false).ok);
	assert_int_equal(h->dtlb.hits, 2);

	/* B and C push A out of the 2-entry DTLB; A then comes back from L2 */
	assert_true(xl(h, PG(1), ACC_R, PRV_S, false).ok);
	assert_true(xl(h, PG(2), ACC_R, PRV_S, false).ok);
	assert_false(cached(&h->dtlb, PG(0), 1));
	assert_true(cached(&h->l2tlb, PG(0), 1));
	assert_int_equal(h->dtlb.evictions, 1);
	w = h->st.walks[0];
	uint64_t refs = h->st.walk_refs[0][0] + h->st.walk_refs[0][1] + h->st.walk_refs[0][2];
	uint64_t l2h = h->l2tlb.hits;
	assert_int_equal(xl(h, PG(0), ACC_R, PRV_S, false).pa, PA_DATA);
	assert_int_equal(h->st.walks[0], w);
	assert_int_equal(h->st.walk_refs[0][0] + h->st.walk_refs[0][1] + h->st.walk_refs[0][2], refs);
	assert_int_equal(h->l2tlb.hits, l2h + 1);
	assert_true(cached(&h->dtlb, PG(0), 1));
	unit_machine_free(m);
}

/*
 * A 2-entry fully associative DTLB over a larger L2: per step, 'd' a DTLB
 * hit, '2' a DTLB miss served by L2 (refilling the DTLB), 'w' a walk.
 * A B A C: LRU evicts B (A was used since), FIFO evicts A (filled first).
 */
static void test_l1_replacement(void **state)
{
	static const struct { const char *name, *clause; enum repl repl; const char *seq, *want; } rows[] = {
		{ "LRU: A B A C -> C evicts B; A hits, B comes from L2", C_LRU, REPL_LRU, "ABACAB", "wwdwd2" },
		{ "FIFO: A B A C -> C evicts A; A comes from L2", C_FIFO, REPL_FIFO, "ABACAB", "wwdw22" },
		{ "LRU: A B C evicts A, then A evicts B", C_LRU, REPL_LRU, "ABCACB", "www2d2" },
		{ "LRU: A B A C B A -> B and A come from L2", C_LRU, REPL_LRU, "ABACBA", "wwdw22" },
		{ "FIFO: A B A C B A -> B hits, A comes from L2", C_FIFO, REPL_FIFO, "ABACBA", "wwdwd2" },
	};
	struct rowcheck rc = { 0 };
	(void)state;

	for (size_t i = 0; i < NROWS(rows); i++) {
		struct machine *m = machine_with(0, 0, 2, rows[i].repl);
		struct hart *h = &m->hart;
		struct pt p;
		pt_init(&p, m, 3, false, HOST_AREA, HOST_AREA);
		for (unsigned k = 0; k < 4; k++)
			pt_map(&p, PG(k), PA_DATA + k * PAGE_SIZE, 0, RWX);
		use_satp(h, &p, 1);
		for (size_t k = 0; rows[i].seq[k]; k++) {
			char name[160];
			unsigned pg = (unsigned)(rows[i].seq[k] - 'A');
			uint64_t w = h->st.walks[0], dh = h->dtlb.hits, l2h = h->l2tlb.hits;
			char want = rows[i].want[k];
			snprintf(name, sizeof name, "%s, step %zu (%c)", rows[i].name, k, rows[i].seq[k]);
			struct xr x = xl(h, PG(pg), ACC_R, PRV_S, false);
			ROW_EQ(&rc, name, C_XLATE, "pa", x.pa, PA_DATA + pg * PAGE_SIZE);
			ROW_EQ(&rc, name, rows[i].clause, "DTLB hit", h->dtlb.hits - dh, want == 'd');
			ROW_EQ(&rc, name, C_HIER, "L2 hit", h->l2tlb.hits - l2h, want == '2');
			ROW_EQ(&rc, name, C_HIER, "walk", h->st.walks[0] - w, want == 'w');
			ROW_EQ(&rc, name, C_HIER, "now in the DTLB", cached(&h->dtlb, PG(pg), 1), true);
		}
		unit_machine_free(m);
	}
	ROW_DONE(&rc);
}

/* ---- the hardware-mode interface --------------------------------------------------------- */
#define HW_PA 0x84000000ull          /* what committed entries map to (the tables say PA_DATA) */

static uint64_t hw_ctx(bool virt, unsigned priv, enum access acc, uint16_t asid, uint16_t vmid)
{
	return (virt ? MTLBCTX_V : 0) | (uint64_t)priv << MTLBCTX_PRIV_SHIFT | (uint64_t)acc << MTLBCTX_ACC_SHIFT |
	       (uint64_t)asid << MTLBCTX_ASID_SHIFT | (uint64_t)vmid << MTLBCTX_VMID_SHIFT;
}

static uint64_t walk_reads(const struct hart *h)
{
	uint64_t n = 0;
	for (unsigned k = 0; k < 2; k++)
		for (unsigned l = 0; l < TLB_LEVELS; l++)
			n += h->st.walk_refs[k][l];
	return n;
}

static void commit(struct hart *h, uint64_t va, uint64_t ptev, uint64_t gptev, uint64_t cmd)
{
	assert_true(csr_write(h, CSR_MTLBVA, va));
	assert_true(csr_write(h, CSR_MTLBPTE, ptev));
	assert_true(csr_write(h, CSR_MTLBGPTE, gptev));
	assert_true(csr_write(h, CSR_MTLBCMD, cmd));
}

/* MHWCTL: bit 63 reads 1; only the two SWWALK bits are writable. */
static void test_hwmode_mhwctl(void **state)
{
	struct machine *m = machine_with(64, 64, 0, REPL_LRU);
	struct hart *h = &m->hart;
	uint64_t v = 0;
	(void)state;

	assert_true(csr_read(h, CSR_MHWCTL, &v));
	assert_int_equal(v, MHWCTL_PRESENT);
	assert_true(csr_write(h, CSR_MHWCTL, ~0ull));
	assert_true(csr_read(h, CSR_MHWCTL, &v));
	assert_int_equal(v, MHWCTL_PRESENT | MHWCTL_SWWALK_HOST | MHWCTL_SWWALK_GUEST);
	assert_true(csr_write(h, CSR_MHWCTL, 0));
	assert_true(csr_read(h, CSR_MHWCTL, &v));
	assert_int_equal(v, MHWCTL_PRESENT);
	assert_true(csr_read(h, CSR_MTLBCMD, &v));
	assert_int_equal(v, 0);
	unit_machine_free(m);
}

/*
 * V=0 with SWWALK_HOST: a TLB miss is cause 25 / 26 / 24 with tval = va
 * and MTLBCTX naming the context, and no PTE is read; an entry committed
 * through the CSRs then serves the access (its PPN, not the tables'),
 * again without a walk; an entry that does not permit the access traps
 * again. Rows: access, privilege, the committed leaf's flags, and
 * whether the access then succeeds.
 */
static void test_hwmode_host(void **state)
{
	static const struct {
		const char *name;
		enum access acc;
		unsigned priv;
		uint64_t flags;          /* committed MTLBPTE flags */
		unsigned level;
		bool ok;
		bool cached;             /* A=1 and well formed: cached as the walker caches it */
		uint64_t ppn_low;        /* PPN bits below the entry's size (a misaligned superpage) */
	} rows[] = {
		{ "load, S", ACC_R, PRV_S, RWX, 0, true, true, 0 },
		{ "store, S", ACC_W, PRV_S, RWX, 0, true, true, 0 },
		{ "fetch, S", ACC_X, PRV_S, RWX, 0, true, true, 0 },
		{ "load, U", ACC_R, PRV_U, RWX | US, 0, true, true, 0 },
		{ "fetch, U", ACC_X, PRV_U, RWX | US, 0, true, true, 0 },
		{ "load, 2 MiB entry", ACC_R, PRV_S, RWX, 1, true, true, 0 },
		{ "store, 1 GiB entry", ACC_W, PRV_S, RWX, 2, true, true, 0 },
		{ "store to a read-only entry traps again", ACC_W, PRV_S, V | RD | AC, 0, false, true, 0 },
		{ "store with D = 0 traps again", ACC_W, PRV_S, RWX & ~DI, 0, false, true, 0 },
		{ "load with A = 0: not cached, traps again", ACC_R, PRV_S, RWX & ~AC, 0, false, false, 0 },
		{ "fetch of a non-executable entry traps again", ACC_X, PRV_S, V | RD | WR | AC | DI, 0, false, true, 0 },
		{ "U load of an S entry traps again", ACC_R, PRV_U, RWX, 0, false, true, 0 },
		{ "S load of a U entry without SUM traps again", ACC_R, PRV_S, RWX | US, 0, false, true, 0 },
		{ "W without R: refused", ACC_W, PRV_S, V | WR | AC | DI, 0, false, false, 0 },
		{ "V = 0: refused", ACC_R, PRV_S, RWX & ~V, 0, false, false, 0 },
		{ "no R/X (a non-leaf): refused", ACC_R, PRV_S, V | AC, 0, false, false, 0 },
		{ "misaligned 2 MiB entry: refused", ACC_R, PRV_S, RWX, 1, false, false, 1 },
		{ "reserved bit 60: refused", ACC_R, PRV_S, RWX | 1ull << 60, 0, false, false, 0 },
	};
	static const uint64_t cause[3] = { HWMODE_CAUSE_LOAD, HWMODE_CAUSE_STORE, HWMODE_CAUSE_FETCH };
	struct machine *m = machine_with(64, 64, 0, REPL_LRU);
	struct hart *h = &m->hart;
	struct rowcheck rc = { 0 };
	struct pt p;
	(void)state;

	pt_init(&p, m, 3, false, HOST_AREA, HOST_AREA);
	pt_map(&p, VA, PA_DATA, 0, RWX | US);
	use_satp(h, &p, 5);
	for (size_t i = 0; i < NROWS(rows); i++) {
		const char *n = rows[i].name;
		uint64_t reads, traps, refills, ctx = 0, v = 0;
		struct xr x;
		uint64_t hpa = HW_PA & ~lmask(rows[i].level);

		hart_tlbs_flush_all(h);
		assert_true(csr_write(h, CSR_MHWCTL, MHWCTL_SWWALK_HOST));
		reads = walk_reads(h);
		traps = h->st.tlb_miss_traps;
		refills = h->st.sw_refills;
		x = xl(h, VA, rows[i].acc, rows[i].priv, false);
		ROW_EQ(&rc, n, C_HWMODE, "miss traps", x.ok, false);
		ROW_EQ(&rc, n, C_HWMODE, "cause", x.cause, cause[rows[i].acc]);
		ROW_EQ(&rc, n, C_HWMODE, "tval", x.tval, VA);
		assert_true(csr_read(h, CSR_MTLBCTX, &ctx));
		ROW_EQ(&rc, n, C_HWMODE, "MTLBCTX", ctx, hw_ctx(false, rows[i].priv, rows[i].acc, 5, 0));
		ROW_EQ(&rc, n, C_HWMODE, "no PTE read", walk_reads(h), reads);
		ROW_EQ(&rc, n, C_HWMODE, "tlb_miss_traps", h->st.tlb_miss_traps, traps + 1);
		assert_true(csr_read(h, CSR_MTLBVA, &v));
		ROW_EQ(&rc, n, C_HWMODE, "MTLBVA loaded with the missing address", v, VA);

		assert_true(csr_write(h, CSR_MTLBPTE, pte(hpa, rows[i].flags) | rows[i].ppn_low << 10));
		assert_true(csr_write(h, CSR_MTLBCMD, (uint64_t)rows[i].level << MTLBCMD_LEVEL_SHIFT));
		assert_true(csr_read(h, CSR_MTLBCMD, &v));
		ROW_EQ(&rc, n, C_HWMODE, "MTLBCMD reads whether the entry permits the access", v, !rows[i].ok);
		ROW_EQ(&rc, n, C_HWMODE, "sw_refills", h->st.sw_refills, refills + rows[i].cached);
		ROW_EQ(&rc, n, C_HWMODE, "committed into L2", cached(&h->l2tlb, VA, 5), rows[i].cached);
		ROW_EQ(&rc, n, C_HWMODE, "committed into the access's L1",
		       cached(rows[i].acc == ACC_X ? &h->itlb : &h->dtlb, VA, 5), rows[i].cached);
		x = xl(h, VA, rows[i].acc, rows[i].priv, false);
		ROW_EQ(&rc, n, C_HWMODE, "translates", x.ok, rows[i].ok);
		if (x.ok && rows[i].ok)
			ROW_EQ(&rc, n, C_HWMODE, "pa", x.pa, hpa | (VA & lmask(rows[i].level)));
		if (!x.ok && !rows[i].ok) {
			ROW_EQ(&rc, n, C_HWMODE, "cause again", x.cause, cause[rows[i].acc]);
			ROW_EQ(&rc, n, C_HWMODE, "tlb_miss_traps again", h->st.tlb_miss_traps, traps + 2);
		}
		ROW_EQ(&rc, n, C_HWMODE, "still no PTE read", walk_reads(h), reads);

		/* interface off: the machine walks the tables (which map PA_DATA) */
		assert_true(csr_write(h, CSR_MHWCTL, 0));
		hart_tlbs_flush_all(h);
		x = xl(h, VA, rows[i].acc, rows[i].priv, false);
		ROW_EQ(&rc, n, C_HWMODE, "off: walks", walk_reads(h) - reads, 3);
		if (rows[i].priv == PRV_U || rows[i].acc != ACC_X) {
			bool s_u = rows[i].priv == PRV_S;     /* the tables' page is a U page */
			ROW_EQ(&rc, n, C_XLATE, "off: translates", x.ok, !s_u);
		}
	}
	/* SWWALK_GUEST alone leaves host translations to the walker */
	hart_tlbs_flush_all(h);
	assert_true(csr_write(h, CSR_MHWCTL, MHWCTL_SWWALK_GUEST));
	struct xr x = xl(h, VA, ACC_R, PRV_U, false);
	assert_true(x.ok);
	assert_int_equal(x.pa, PA_DATA | (VA & 0xfff));
	unit_machine_free(m);
	ROW_DONE(&rc);
}

/*
 * V=1 with SWWALK_GUEST: the miss names V, the VS privilege, the vsatp
 * ASID and the hgatp VMID; M-mode commits a composed entry (MTLBPTE: host
 * PPN and VS leaf flags, MTLBGPTE: GPA and G-stage leaf flags, MTLBCMD:
 * sizes and Bare stages). The committed entry is tagged with the G-stage
 * leaf's GPA: hfence.gvma of that GPA drops it. A G-stage leaf without U
 * does not permit the access: trap again.
 */
#define GPA_SW 0x0000000090000000ull

static void test_hwmode_guest(void **state)
{
	static const struct {
		const char *name;
		bool vs_bare, g_bare, hlvx;
		enum access acc;
		unsigned priv;
		uint64_t vflags, gflags;
		unsigned level, glevel;
		bool ok;
		bool fence;             /* hfence.gvma of G leaf base + fence_off (its VMID) must drop the entry */
		uint64_t fence_off;
	} rows[] = {
		{ "load, VS", false, false, false, ACC_R, PRV_S, RWX, GRWX, 0, 0, true, true, 0 },
		{ "store, VU", false, false, false, ACC_W, PRV_U, RWX | US, GRWX, 0, 0, true, true, 0x18 },
		{ "fetch, VS", false, false, false, ACC_X, PRV_S, RWX, GRWX, 0, 0, true, true, 0xffc },
		{ "HLVX: MTLBCTX.HLVX", false, false, true, ACC_R, PRV_S, V | EX | AC, V | EX | US | AC, 0, 0, true,
		  false, 0 },
		{ "4 KiB entry under a 2 MiB G leaf", false, false, false, ACC_R, PRV_S, RWX, GRWX, 0, 1, true,
		  true, 0x1ff000 },
		{ "vsatp Bare (GPA = GVA)", true, false, false, ACC_R, PRV_S, 0, GRWX, 0, 0, true, true, 0x800 },
		{ "hgatp Bare", false, true, false, ACC_W, PRV_S, RWX, 0, 0, 0, true, false, 0 },
		{ "G leaf without U traps again", false, false, false, ACC_R, PRV_S, RWX, RWX, 0, 0, false, false, 0 },
		{ "G leaf read-only: store traps again", false, false, false, ACC_W, PRV_S, RWX,
		  V | RD | US | AC, 0, 0, false, false, 0 },
		{ "VS leaf D = 0: store traps again", false, false, false, ACC_W, PRV_S, RWX & ~DI, GRWX, 0, 0,
		  false, false, 0 },
	};
	static const uint64_t cause[3] = { HWMODE_CAUSE_LOAD, HWMODE_CAUSE_STORE, HWMODE_CAUSE_FETCH };
	struct machine *m = machine_with(64, 64, 0, REPL_LRU);
	struct hart *h = &m->hart;
	struct rowcheck rc = { 0 };
	(void)state;

	for (size_t i = 0; i < NROWS(rows); i++) {
		const char *n = rows[i].name;
		uint64_t reads, refills, ctx = 0, cmd, v = 0;
		uint64_t gpa = rows[i].vs_bare ? VA : GPA_SW | (VA & 0xfff), hpa = HW_PA | (VA & 0xfff);
		uint64_t gbase = gpa & ~lmask(rows[i].glevel);
		uint16_t asid = rows[i].vs_bare ? 0 : 3, vmid = rows[i].g_bare ? 0 : 5;
		struct xr x;

		hart_tlbs_flush_all(h);
		/* no tables behind these: any walk would fault */
		h->vsatp = rows[i].vs_bare ? 0 : (uint64_t)SATP_MODE_SV39 << SATP_MODE_SHIFT |
						  (uint64_t)asid << SATP_ASID_SHIFT | (HOST_AREA >> PAGE_SHIFT);
		h->hgatp = rows[i].g_bare ? 0 : (uint64_t)HGATP_MODE_SV39X4 << HGATP_MODE_SHIFT |
						 (uint64_t)vmid << HGATP_VMID_SHIFT | (G_AREA >> PAGE_SHIFT);
		assert_true(csr_write(h, CSR_MHWCTL, MHWCTL_SWWALK_GUEST));
		reads = walk_reads(h);
		refills = h->st.sw_refills;
		h->hlvx = rows[i].hlvx;
		x = xl(h, VA, rows[i].acc, rows[i].priv, true);
		ROW_EQ(&rc, n, C_HWMODE, "miss traps", x.ok, false);
		ROW_EQ(&rc, n, C_HWMODE, "cause", x.cause, cause[rows[i].acc]);
		ROW_EQ(&rc, n, C_HWMODE, "tval", x.tval, VA);
		assert_true(csr_read(h, CSR_MTLBCTX, &ctx));
		ROW_EQ(&rc, n, C_HWMODE, "MTLBCTX",
		       ctx, hw_ctx(true, rows[i].priv, rows[i].acc, asid, vmid) | (rows[i].hlvx ? MTLBCTX_HLVX : 0));
		ROW_EQ(&rc, n, C_HWMODE, "no PTE read", walk_reads(h), reads);

		cmd = (uint64_t)rows[i].level << MTLBCMD_LEVEL_SHIFT | (uint64_t)rows[i].glevel << MTLBCMD_GLEVEL_SHIFT |
		      (rows[i].vs_bare ? MTLBCMD_VS_BARE : 0) | (rows[i].g_bare ? MTLBCMD_G_BARE : 0);
		commit(h, VA, pte(hpa & ~0xfffull, rows[i].vflags), pte(gbase, rows[i].gflags), cmd);
		assert_true(csr_read(h, CSR_MTLBCMD, &v));
		ROW_EQ(&rc, n, C_HWMODE, "MTLBCMD reads whether the entry permits the access", v, !rows[i].ok);
		ROW_EQ(&rc, n, C_HWMODE, "cached only when both stages permit", h->st.sw_refills,
		       refills + rows[i].ok);
		x = xl(h, VA, rows[i].acc, rows[i].priv, true);
		h->hlvx = false;
		ROW_EQ(&rc, n, C_HWMODE, "translates", x.ok, rows[i].ok);
		if (x.ok && rows[i].ok)
			ROW_EQ(&rc, n, C_HWMODE, "pa", x.pa, hpa);
		if (!x.ok && !rows[i].ok)
			ROW_EQ(&rc, n, C_HWMODE, "cause again", x.cause, cause[rows[i].acc]);
		ROW_EQ(&rc, n, C_HWMODE, "no PTE read", walk_reads(h), reads);
		if (rows[i].fence && rows[i].ok) {
			hart_hfence_gvma(h, true, gbase + (PAGE_SIZE << (9 * rows[i].glevel)), true, vmid);
			x = xl(h, VA, rows[i].acc, rows[i].priv, true);
			ROW_EQ(&rc, n, C_HFENCE, "kept by hfence.gvma of another GPA", x.ok, true);
			hart_hfence_gvma(h, true, gbase + rows[i].fence_off, true, (uint16_t)(vmid + 1));
			x = xl(h, VA, rows[i].acc, rows[i].priv, true);
			ROW_EQ(&rc, n, C_HFENCE, "kept by hfence.gvma of another VMID", x.ok, true);
			hart_hfence_gvma(h, true, gbase + rows[i].fence_off, true, vmid);
			x = xl(h, VA, rows[i].acc, rows[i].priv, true);
			ROW_EQ(&rc, n, C_HFENCE, "dropped by hfence.gvma of its GPA", x.ok, false);
			ROW_EQ(&rc, n, C_HWMODE, "and misses again", x.cause, cause[rows[i].acc]);
		}
	}
	/* SWWALK_HOST alone: a guest translation walks (and here faults on the empty tables) */
	hart_tlbs_flush_all(h);
	assert_true(csr_write(h, CSR_MHWCTL, MHWCTL_SWWALK_HOST));
	uint64_t w = h->st.walks[0] + h->st.walks[1];
	struct xr x = xl(h, VA, ACC_R, PRV_S, true);
	assert_false(x.ok);
	assert_true(x.cause != HWMODE_CAUSE_LOAD);
	assert_true(h->st.walks[0] + h->st.walks[1] > w);
	unit_machine_free(m);
	ROW_DONE(&rc);
}

/*
 * MTLBTVEC: a nonzero value sends causes 24-26 there, not to mtvec; other
 * causes still go to mtvec. MTLBEPOCH: moved by sfence.vma without an
 * address, hfence.vvma without one, every hfence.gvma and satp, vsatp and
 * hgatp writes; not by a fence of one address; read-only; MTLBGEPOCH
 * by the G-stage's part of those alone. MTRAPFWD
 * counts a firmware-delivered trap apart from the hardware's.
 */
static void test_hwmode_vector_and_epoch(void **state)
{
	struct machine *m = machine_with(64, 64, 0, REPL_LRU);
	struct hart *h = &m->hart;
	uint64_t e0 = 0, e = 0, v = 0;
	(void)state;

	h->mtvec = 0x80001000;
	assert_true(csr_write(h, CSR_MTLBTVEC, 0x80002003));
	assert_true(csr_read(h, CSR_MTLBTVEC, &v));
	assert_int_equal(v, 0x80002000);
	h->priv = PRV_S;
	trap_take(h, HWMODE_CAUSE_LOAD, VA);
	assert_int_equal(h->pc, 0x80002000);
	assert_int_equal(h->priv, PRV_M);
	h->priv = PRV_S;
	trap_take(h, CAUSE_ILLEGAL_INSN, 0);
	assert_int_equal(h->pc, 0x80001000);
	assert_true(csr_write(h, CSR_MTLBTVEC, 0));
	h->priv = PRV_S;
	trap_take(h, HWMODE_CAUSE_STORE, VA);
	assert_int_equal(h->pc, 0x80001000);

	h->priv = PRV_M;
	assert_true(csr_read(h, CSR_MTLBEPOCH, &e0));
	hart_sfence(h, true, VA, false, 0);
	assert_true(csr_read(h, CSR_MTLBEPOCH, &e));
	assert_int_equal(e, e0);
	hart_sfence(h, false, 0, true, 3);
	assert_true(csr_read(h, CSR_MTLBEPOCH, &e));
	assert_int_equal(e, e0 + 1);
	assert_true(csr_write(h, CSR_SATP, 0));
	assert_true(csr_write(h, CSR_VSATP, 0));
	assert_true(csr_write(h, CSR_HGATP, 0));
	assert_true(csr_read(h, CSR_MTLBEPOCH, &e));
	assert_int_equal(e, e0 + 4);
	hart_hfence_vvma(h, true, VA, false, 0);
	hart_hfence_gvma(h, true, 0x1000, false, 0);
	assert_true(csr_read(h, CSR_MTLBEPOCH, &e));
	assert_int_equal(e, e0 + 5);
	assert_true(csr_write(h, CSR_MTLBEPOCH, 0));
	assert_true(csr_read(h, CSR_MTLBEPOCH, &e));
	assert_int_equal(e, e0 + 5);

	/* MTLBGEPOCH: the G-stage's share only (hfence.gvma, hgatp writes) */
	uint64_t g0 = 0, g = 0;
	assert_true(csr_read(h, CSR_MTLBGEPOCH, &g0));
	hart_sfence(h, false, 0, false, 0);
	hart_hfence_vvma(h, false, 0, false, 0);
	assert_true(csr_write(h, CSR_SATP, 0));
	assert_true(csr_write(h, CSR_VSATP, 0));
	assert_true(csr_read(h, CSR_MTLBGEPOCH, &g));
	assert_int_equal(g, g0);
	hart_hfence_gvma(h, true, 0x1000, true, 1);
	assert_true(csr_write(h, CSR_HGATP, 0));
	assert_true(csr_read(h, CSR_MTLBGEPOCH, &g));
	assert_int_equal(g, g0 + 2);
	assert_true(csr_read(h, CSR_MTLBEPOCH, &e));
	assert_int_equal(e, e0 + 5 + 6);

	/* MTRAPFWD: a trap the firmware delivered, counted from/to/cause */
	assert_true(csr_write(h, CSR_MTRAPFWD, 13 | (uint64_t)PRV_U << MTRAPFWD_FROM_SHIFT |
						  (uint64_t)PRV_S << MTRAPFWD_TO_SHIFT));
	assert_true(csr_write(h, CSR_MTRAPFWD, 23 | (uint64_t)(4 | PRV_U) << MTRAPFWD_FROM_SHIFT |
						  (uint64_t)PRV_S << MTRAPFWD_TO_SHIFT));
	assert_int_equal(h->traps_fwd[PRV_U][PRV_S][13], 1);
	assert_int_equal(h->traps_fwd[4 | PRV_U][PRV_S][23], 1);
	assert_int_equal(h->traps[PRV_U][PRV_S][13], 0);
	assert_true(csr_read(h, CSR_MTRAPFWD, &v));
	assert_int_equal(v, 0);
	unit_machine_free(m);
}

int main(void)
{
	unit_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cold_walk_counts),
		cmocka_unit_test(test_hwmode_vector_and_epoch),
		cmocka_unit_test(test_pwc_host),
		cmocka_unit_test(test_pwc_stale_pointer),
		cmocka_unit_test(test_pwc_global),
		cmocka_unit_test(test_pwc_guest),
		cmocka_unit_test(test_pwc_gvma_all_ignores_vmid_argument),
		cmocka_unit_test(test_nested_tlb),
		cmocka_unit_test(test_hierarchy_fills),
		cmocka_unit_test(test_l1_replacement),
		cmocka_unit_test(test_hwmode_mhwctl),
		cmocka_unit_test(test_hwmode_host),
		cmocka_unit_test(test_hwmode_guest),
	};
	return cmocka_run_group_tests_name("walk", tests, NULL, NULL);
}
