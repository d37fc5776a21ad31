/*
 * walk.c - the firmware's software page-table walkers (models native-sw
 * and snp) and the raising of what they find.
 *
 * One walker, driven by a descriptor of the format (levels, index bits
 * of the root, address width, sign- or zero-extension), serves the
 * first-stage formats Sv39/Sv48 (satp, vsatp) and the G-stage formats
 * Sv39x4/Sv48x4 (hgatp). It implements supervisor.adoc "Virtual Address
 * Translation Process" steps 2-6 and hypervisor.adoc "Two-Stage Address
 * Translation" under Svade (no A/D update: A = 0, or D = 0 on a store, is
 * a page fault), clause by clause as the machine's walker does:
 *
 *   - a PTE with V = 0, W without R, any of bits 60:54 (reserved), PBMT
 *     or N set (no Svpbmt/Svnapot) is a page fault;
 *   - a non-leaf with D, A or U set, or a non-leaf at level 0, is a page
 *     fault; G in a non-leaf makes the leaf global;
 *   - a superpage whose PPN is not aligned to its size is a page fault;
 *   - every PTE read is an S-mode read under PMP: outside the RAM that
 *     S/U may read it is an access fault (hwmode_hart.pt_lo/pt_hi);
 *   - V=1: each VS-stage PTE address is a guest-physical address that the
 *     G-stage translates as an implicit read (read permission, no MXR);
 *     its failure is a guest-page fault with htval = that GPA >> 2 and
 *     htinst = 0x3000 (the implicit-read pseudoinstruction). The final
 *     GPA's failure is a guest-page fault with htval = GPA >> 2. A GPA
 *     with bits set above 41 (Sv39x4) or 50 (Sv48x4) is a guest-page
 *     fault;
 *   - leaf permissions (leaf_permits): U with SUM (S never executes U
 *     pages), R/W/X with MXR (vsstatus.MXR for the VS-stage, mstatus.MXR
 *     for both stages), A, D on stores; the G-stage treats every access
 *     as user-level (U must be set). HLVX needs execute instead of read.
 *
 * Faults are raised as the hardware would raise them (cause 12/13/15,
 * 20/21/23, 1/5/7 with tval = the virtual address; GVA for V=1; htinst =
 * the transformed instruction for explicit loads and stores), with mepc
 * the faulting instruction's: hwmode_raise(). Like the machine, a V=0
 * translation whose leaf has A = 1 is cached even when the access is not
 * permitted (the hardware walker caches it, then faults).
 *
 * Model snp's refill (hwmode_2d.S) keeps, per MTLBEPOCH (the VS-stage
 * page-walk cache) and MTLBGEPOCH (nested TLB, G-stage cache), what a hardware
 * 2D walker keeps: a nested TLB and page-walk caches (hwmode.h: HWN_*,
 * HWP_*, HWG_*). Its misses come here (hwmode_refill_c), to the same
 * walker with a walker.cache: G-stage translations are looked up in the
 * nested TLB first, and what the walk finds is kept in all three. That
 * walk raises nothing: a fault, or an entry the machine refuses, goes to
 * hwmode_miss_slow, which walks again without the caches -- the only
 * walk that raises, so a cached translation can cost time but never
 * change a fault.
 */
#include "csr.h"
#include "fw.h"
#include "hwmode.h"

/* ---- page-table formats as data ----------------------------------------- */

struct pt_format {
	unsigned levels;    /* 3: Sv39(x4), 4: Sv48(x4) */
	unsigned root_bits; /* index bits of the root table: 9, or 11 for x4 */
	unsigned va_bits;   /* 39, 48; 41, 50 for x4 */
	bool sext;          /* first stage: addresses sign-extend from va_bits */
};

static const struct pt_format fmt_sv39 = { 3, 9, 39, true };
static const struct pt_format fmt_sv48 = { 4, 9, 48, true };
static const struct pt_format fmt_sv39x4 = { 3, 11, 41, false };
static const struct pt_format fmt_sv48x4 = { 4, 11, 50, false };

/* The format of a satp/vsatp (x4 false) or hgatp (x4 true) value; NULL for Bare. */
static const struct pt_format *atp_format(uint64_t atp, bool x4)
{
	static const struct pt_format *const fmt[2][2] = {
		{ &fmt_sv39, &fmt_sv48 },
		{ &fmt_sv39x4, &fmt_sv48x4 },
	};
	uint64_t mode = (atp >> SATP_MODE_SHIFT) - SATP_MODE_SV39;

	return mode < 2 ? fmt[x4][mode] : NULL;
}

static inline uint64_t atp_root(uint64_t atp)
{
	return (atp & SATP_PPN_MASK) << 12;
}

/* ---- PTE fields ---------------------------------------------------------- */

static inline uint64_t pte_addr(uint64_t pte)
{
	return ((pte >> PTE_PPN_SHIFT) & PTE_PPN_MASK) << 12;
}
static inline bool pte_is_leaf(uint64_t pte)
{
	return (pte & (PTE_R | PTE_X)) != 0;
}
static inline bool pte_is_bad(uint64_t pte)
{
	return !(pte & PTE_V) || (pte & (PTE_R | PTE_W)) == PTE_W ||
	       (pte & (PTE_RESERVED_MASK | PTE_PBMT_MASK | PTE_N)) != 0;
}

/* ---- permissions --------------------------------------------------------- */

enum { ACC_LOAD, ACC_STORE, ACC_FETCH }; /* MTLBCTX's access encoding */

/* R/W/X and A/D of a leaf for the permission perm (step 5 with MXR,
 * step 7 under Svade). */
static bool perm_ok(uint64_t pte, unsigned perm, bool mxr)
{
	if (!(pte & PTE_A))
		return false;
	if (perm == ACC_LOAD)
		return (pte & PTE_R) || (mxr && (pte & PTE_X));
	if (perm == ACC_STORE)
		return (pte & PTE_W) && (pte & PTE_D);
	return (pte & PTE_X) != 0;
}

/* A first-stage leaf for access acc needing perm at privilege prv; status
 * supplies SUM and MXR. */
static bool leaf_permits(uint64_t pte, unsigned acc, unsigned perm, unsigned prv,
			 uint64_t status)
{
	if (prv == PRV_U ? !(pte & PTE_U)
			 : (pte & PTE_U) && (acc == ACC_FETCH || !(status & MSTATUS_SUM)))
		return false;
	return perm_ok(pte, perm, (status & MSTATUS_MXR) != 0);
}

/* A G-stage leaf: every access is user-level; only the HS-level MXR. */
static bool gleaf_permits(uint64_t pte, unsigned perm, bool mxr)
{
	return (pte & PTE_U) && perm_ok(pte, perm, mxr);
}

/* The PPN field of the page of the given level that holds pa (a leaf's
 * base: the machine refuses a superpage PPN with low bits set). */
static inline uint64_t ppn_field(uint64_t pa, unsigned level)
{
	return (pa >> (12 + 9 * level)) << (PTE_PPN_SHIFT + 9 * level);
}

/* ---- the walker ---------------------------------------------------------- */

struct stage {
	const struct pt_format *fmt;
	uint64_t root;
};

struct leaf {
	uint64_t pa;      /* the translated address */
	uint64_t flags;   /* the leaf's bits 7:0, G also from non-leaves */
	unsigned level;   /* 0: 4 KiB, 1: 2 MiB, ... */
};

enum walk_rc { WALK_OK, WALK_PAGE_FAULT, WALK_ACCESS_FAULT, WALK_GUEST_FAULT };

struct walker {
	const struct hwmode_hart *hw;
	const struct stage *g;    /* V=1 with hgatp not Bare: the G-stage */
	uint64_t fault_gpa;       /* WALK_GUEST_FAULT: the GPA that failed */
	struct fw_hart *cache;    /* non-NULL: use and fill the 2D caches (hwmode.h) */
	uint64_t epoch;           /* with cache: MTLBEPOCH (the VS-stage cache) */
	uint64_t gepoch;          /* with cache: MTLBGEPOCH (nested TLB, G-stage cache) */
	uint64_t l0;              /* with cache: the VS level-0 table a walk reached */
	uint64_t gl0;             /* with cache: the G-stage level-0 table a walk reached */
};

/* An S-mode read of the PTE at physical pa (PMP: the RAM S may read). */
static enum walk_rc pte_read(const struct walker *w, uint64_t pa, uint64_t *pte)
{
	if (pa - w->hw->pt_lo >= w->hw->pt_hi - w->hw->pt_lo)
		return WALK_ACCESS_FAULT;
	*pte = *(const volatile uint64_t *)pa;
	return WALK_OK;
}

static enum walk_rc gstage(struct walker *w, uint64_t gpa, unsigned perm, bool mxr,
			   struct leaf *out);

/*
 * Finds the leaf for addr in the table of stage s (steps 2-4 and 6). With
 * via_g, the table is guest-physical: each PTE address goes through the
 * G-stage as an implicit read first.
 */
static enum walk_rc walk(struct walker *w, const struct stage *s, uint64_t addr, bool via_g,
			 struct leaf *out)
{
	const struct pt_format *f = s->fmt;
	uint64_t a = s->root, global = 0;
	unsigned level = f->levels - 1, shift = 12 + 9 * level;
	uint64_t index_mask = (1ull << f->root_bits) - 1;

	for (;;) {
		uint64_t at = a + ((addr >> shift) & index_mask) * 8, pte;
		enum walk_rc rc;

		if (via_g) {
			struct leaf gl;

			rc = gstage(w, at, ACC_LOAD, false, &gl);
			if (rc != WALK_OK)
				return rc;
			at = gl.pa;
		}
		if ((rc = pte_read(w, at, &pte)) != WALK_OK)
			return rc;
		if (level == 0 && !global) /* for the page-walk caches */
			*(via_g ? &w->l0 : &w->gl0) = at & ~4095ull;
		if (pte_is_bad(pte))
			return WALK_PAGE_FAULT;
		a = pte_addr(pte);
		if (pte_is_leaf(pte)) {
			uint64_t in_page = (1ull << shift) - 1;

			if (a & in_page)
				return WALK_PAGE_FAULT; /* misaligned superpage */
			out->pa = a | (addr & in_page);
			out->flags = (pte | global) & 0xff;
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

/* ---- the 2D caches (hwmode.h: HWN_*, HWP_*) ------------------------------ */

static inline struct hwmode_ntlb *ntlb_entry(const struct walker *w, uint64_t gpn)
{
	return &w->cache->hw->ntlb[gpn & (HWN_ENTRIES - 1)];
}

/* The nested TLB's G-stage leaf for gpa, if it holds one of this epoch. */
static bool ntlb_lookup(const struct walker *w, uint64_t gpa, struct leaf *out)
{
	uint64_t gpn = gpa >> 12;
	const struct hwmode_ntlb *e = ntlb_entry(w, gpn);

	if (e->key != gpn || e->epoch != w->gepoch)
		return false;
	out->pa = ((e->delta >> PTE_PPN_SHIFT) ^ gpn) << 12 | (gpa & 4095);
	out->flags = e->gpte & 0xff;
	out->level = (unsigned)(e->cmd >> MTLBCMD_GLEVEL_SHIFT);
	return true;
}

/* Keeps the G-stage leaf l a walk found for gpa in the nested TLB. */
static void ntlb_fill(const struct walker *w, uint64_t gpa, const struct leaf *l)
{
	uint64_t gpn = gpa >> 12;
	struct hwmode_ntlb *e = ntlb_entry(w, gpn);

	e->key = gpn;
	e->epoch = w->gepoch;
	e->delta = (gpn ^ l->pa >> 12) << PTE_PPN_SHIFT;
	e->gpte = ppn_field(gpa, l->level) | l->flags;
	e->cmd = (uint64_t)l->level << MTLBCMD_GLEVEL_SHIFT;
}

/* Keeps l0, the host address of the level-0 table for the 2 MiB region
 * key, in entry p of a page-walk cache. */
static void pwc_fill(struct hwmode_pwc *p, uint64_t epoch, uint64_t key, uint64_t l0)
{
	p->key = key;
	p->epoch = epoch;
	p->l0 = l0;
}

/* The VS-stage page-walk cache's entry for va (fw_hart.hwcache). */
static struct hwmode_pwc *pwc_vs(struct fw_hart *fh, uint64_t va)
{
	uint64_t key = va >> 21;

	return (struct hwmode_pwc *)fh->hwcache + ((key ^ key >> HWP_FOLD) & (HWP_ENTRIES - 1));
}

void hwmode_cache_clear(struct fw_hart *fh)
{
	struct hwmode_pwc *p = (struct hwmode_pwc *)fh->hwcache;

	for (unsigned i = 0; i < HWP_ENTRIES; i++)
		p[i].key = ~0ull;
	for (unsigned i = 0; i < HWG_ENTRIES; i++)
		fh->hw->gpwc[i].key = ~0ull;
	for (unsigned i = 0; i < HWN_ENTRIES; i++)
		fh->hw->ntlb[i].key = ~0ull;
}

/*
 * The G-stage translation of gpa for perm: a G-stage page fault, or a
 * leaf that does not permit perm, or a GPA wider than the format, is a
 * guest-page fault (w->fault_gpa = gpa); an access fault stays one.
 * With w->cache, the nested TLB answers first and keeps what a walk found.
 */
static enum walk_rc gstage(struct walker *w, uint64_t gpa, unsigned perm, bool mxr,
			   struct leaf *out)
{
	enum walk_rc rc = WALK_GUEST_FAULT;

	if (w->cache && ntlb_lookup(w, gpa, out)) {
		rc = WALK_OK;
	} else if (!(gpa >> w->g->fmt->va_bits)) {
		w->gl0 = 0;
		rc = walk(w, w->g, gpa, false, out);
		if (w->cache && w->gl0)
			pwc_fill(&w->cache->hw->gpwc[(gpa >> 21) & (HWG_ENTRIES - 1)], w->gepoch,
				 gpa >> 21, w->gl0);
		if (w->cache && rc == WALK_OK)
			ntlb_fill(w, gpa, out);
	}
	if (rc == WALK_OK && !gleaf_permits(out->flags, perm, mxr))
		rc = WALK_GUEST_FAULT;
	if (rc == WALK_PAGE_FAULT || rc == WALK_GUEST_FAULT) {
		w->fault_gpa = gpa;
		return WALK_GUEST_FAULT;
	}
	return rc;
}

static bool canonical(uint64_t va, const struct pt_format *f)
{
	uint64_t top = va >> (f->va_bits - 1);

	return top == 0 || top == ~0ull >> (f->va_bits - 1);
}

/* ---- faults -------------------------------------------------------------- */

static const uint8_t page_fault_cause[3] = { CAUSE_LOAD_PAGE_FAULT, CAUSE_STORE_PAGE_FAULT,
					     CAUSE_FETCH_PAGE_FAULT };
static const uint8_t guest_fault_cause[3] = { CAUSE_LOAD_GUEST_PAGE_FAULT,
					      CAUSE_STORE_GUEST_PAGE_FAULT,
					      CAUSE_FETCH_GUEST_PAGE_FAULT };
static const uint8_t access_fault_cause[3] = { CAUSE_LOAD_ACCESS, CAUSE_STORE_ACCESS,
					       CAUSE_FETCH_ACCESS };

/* The fault of a walk result (rc not WALK_OK) for the access acc at va. */
static int fault_of(enum walk_rc rc, const struct walker *w, unsigned acc, uint64_t va,
		    bool implicit, struct hwmode_fault *f)
{
	f->tval = va;
	f->tval2 = 0;
	f->tinst = 0;
	switch (rc) {
	case WALK_GUEST_FAULT:
		f->cause = guest_fault_cause[acc];
		f->tval2 = w->fault_gpa >> 2;
		f->tinst = implicit ? TINST_PSEUDO_VS_READ64 : 0;
		break;
	case WALK_ACCESS_FAULT:
		f->cause = access_fault_cause[acc];
		break;
	default:
		f->cause = page_fault_cause[acc];
		break;
	}
	return 1;
}

/* ---- commit -------------------------------------------------------------- */

static void commit(uint64_t va, uint64_t pte, uint64_t gpte, uint64_t cmd)
{
	csr_write(CSR_MTLBVA, va);
	csr_write(CSR_MTLBPTE, pte);
	csr_write(CSR_MTLBGPTE, gpte);
	csr_write(CSR_MTLBCMD, cmd);
}

/* ---- the refills ---------------------------------------------------------- */

/* V=0: satp's table (native-sw). */
static int walk_host(struct walker *w, uint64_t va, unsigned acc, unsigned prv,
		     struct hwmode_fault *f)
{
	uint64_t satp = csr_read(CSR_SATP);
	struct stage s = { atp_format(satp, false), atp_root(satp) };
	struct leaf l;
	enum walk_rc rc;
	bool ok;

	if (!s.fmt) /* Bare translates nothing: no miss can come from it */
		fw_die("hardware-mode miss with satp Bare", csr_read(CSR_MCAUSE),
		       csr_read(CSR_MEPC), va);
	if (!canonical(va, s.fmt))
		return fault_of(WALK_PAGE_FAULT, w, acc, va, false, f);
	if ((rc = walk(w, &s, va, false, &l)) != WALK_OK)
		return fault_of(rc, w, acc, va, false, f);
	ok = leaf_permits(l.flags, acc, acc, prv, csr_read(CSR_MSTATUS));
	if (ok || (l.flags & PTE_A)) /* the hardware caches A=1 leaves, then checks */
		commit(va, ppn_field(l.pa, l.level) | l.flags, 0, l.level << MTLBCMD_LEVEL_SHIFT);
	return ok ? 0 : fault_of(WALK_PAGE_FAULT, w, acc, va, false, f);
}

/*
 * V=1: the VS-stage walk (its PTE addresses through the G-stage), the VS
 * leaf's permissions, then the G-stage of the final guest-physical
 * address; the entry is the composition at the smaller page size. Either
 * stage may be Bare (hypervisor.adoc, "Two-Stage Address Translation").
 */
static int walk_guest(struct walker *w, uint64_t va, unsigned acc, unsigned perm,
		      unsigned prv, struct hwmode_fault *f)
{
	uint64_t vsatp = csr_read(CSR_VSATP), hgatp = csr_read(CSR_HGATP);
	uint64_t mstatus = csr_read(CSR_MSTATUS);
	struct stage vs = { atp_format(vsatp, false), atp_root(vsatp) };
	struct stage g = { atp_format(hgatp, true), atp_root(hgatp) };
	bool gmxr = (mstatus & MSTATUS_MXR) != 0;
	struct leaf vl = { va, PTE_G, 3 }, gl;
	uint64_t cmd = 0;
	unsigned level;
	enum walk_rc rc;

	w->g = g.fmt ? &g : NULL;
	if (!vs.fmt && !g.fmt)
		fw_die("hardware-mode miss with vsatp and hgatp Bare", csr_read(CSR_MCAUSE),
		       csr_read(CSR_MEPC), va);
	if (vs.fmt) {
		if (!canonical(va, vs.fmt))
			return fault_of(WALK_PAGE_FAULT, w, acc, va, false, f);
		if ((rc = walk(w, &vs, va, w->g != NULL, &vl)) != WALK_OK)
			return fault_of(rc, w, acc, va, true, f);
		if (!leaf_permits(vl.flags, acc, perm, prv,
				  csr_read(CSR_VSSTATUS) | (mstatus & MSTATUS_MXR)))
			return fault_of(WALK_PAGE_FAULT, w, acc, va, false, f);
	} else {
		cmd |= MTLBCMD_VS_BARE;
	}
	if (g.fmt) {
		if ((rc = gstage(w, vl.pa, perm, gmxr, &gl)) != WALK_OK)
			return fault_of(rc, w, acc, va, false, f);
	} else {
		gl = (struct leaf){ vl.pa, 0, vl.level };
		cmd |= MTLBCMD_G_BARE;
	}
	level = vl.level < gl.level ? vl.level : gl.level;
	cmd |= (uint64_t)level << MTLBCMD_LEVEL_SHIFT | (uint64_t)gl.level << MTLBCMD_GLEVEL_SHIFT;
	commit(va, ppn_field(gl.pa, level) | vl.flags, ppn_field(vl.pa, gl.level) | gl.flags, cmd);
	return 0;
}

int hwmode_walk(struct fw_hart *fh, uint64_t ctx, uint64_t va, struct hwmode_fault *f)
{
	struct walker w = { .hw = fh->hw };
	unsigned acc = (unsigned)((ctx & MTLBCTX_ACC_MASK) >> MTLBCTX_ACC_SHIFT);
	unsigned prv = (unsigned)((ctx & MTLBCTX_PRIV_MASK) >> MTLBCTX_PRIV_SHIFT);

	if (acc > ACC_FETCH)
		acc = ACC_LOAD;
	f->gva = (ctx & MTLBCTX_V) != 0;
	if (ctx & MTLBCTX_V)
		return walk_guest(&w, va, acc, (ctx & MTLBCTX_HLVX) ? ACC_FETCH : acc, prv, f);
	return walk_host(&w, va, acc, prv, f);
}

/* ---- raising a fault ------------------------------------------------------ */

/* The 32-bit form of a compressed load/store (C.LW, C.LD, C.SW, C.SD, and
 * the sp-relative forms), enough for the transformed instruction: funct3,
 * rd/rs2 and the opcode (rs1 and the offset are zeroed anyway). 0 if the
 * halfword is not one. */
static uint32_t expand_mem16(uint32_t c)
{
	uint32_t op = c & 3, f3 = c >> 13 & 7, rdp = 8 + (c >> 2 & 7), rd = c >> 7 & 31;
	uint32_t rs2 = c >> 2 & 31;

	if (op == 0 && (f3 == 2 || f3 == 3))
		return rdp << 7 | f3 << 12 | 0x03;              /* c.lw/c.ld */
	if (op == 0 && (f3 == 6 || f3 == 7))
		return rdp << 20 | (f3 - 4) << 12 | 0x23;       /* c.sw/c.sd */
	if (op == 2 && (f3 == 2 || f3 == 3) && rd)
		return rd << 7 | f3 << 12 | 0x03;               /* c.lwsp/c.ldsp */
	if (op == 2 && (f3 == 6 || f3 == 7))
		return rs2 << 20 | (f3 - 4) << 12 | 0x23;       /* c.swsp/c.sdsp */
	return 0;
}

/* The halfword at virtual pc in the trapped context (a fetch walk); -1 if
 * it cannot be read. */
static long fetch_half(struct fw_hart *fh, uint64_t ctx, uint64_t pc)
{
	struct hwmode_fault f;
	struct walker w = { .hw = fh->hw };
	uint64_t pa = pc;

	(void)f;
	if (ctx & MTLBCTX_V) {
		uint64_t vsatp = csr_read(CSR_VSATP), hgatp = csr_read(CSR_HGATP);
		struct stage vs = { atp_format(vsatp, false), atp_root(vsatp) };
		struct stage g = { atp_format(hgatp, true), atp_root(hgatp) };
		struct leaf l;

		w.g = g.fmt ? &g : NULL;
		if (vs.fmt) {
			if (walk(&w, &vs, pc, w.g != NULL, &l) != WALK_OK)
				return -1;
			pa = l.pa;
		}
		if (g.fmt) {
			if (gstage(&w, pa, ACC_FETCH, false, &l) != WALK_OK)
				return -1;
			pa = l.pa;
		}
	} else {
		uint64_t satp = csr_read(CSR_SATP);
		struct stage s = { atp_format(satp, false), atp_root(satp) };
		struct leaf l;

		if (s.fmt) {
			if (walk(&w, &s, pc, false, &l) != WALK_OK)
				return -1;
			pa = l.pa;
		}
	}
	if (pa - fh->hw->pt_lo >= fh->hw->pt_hi - fh->hw->pt_lo)
		return -1;
	return *(const volatile uint16_t *)pa;
}

/*
 * htinst/mtinst for a fault of an explicit load or store (hypervisor.adoc,
 * "Transformed Instruction or Pseudoinstruction for mtinst or htinst"):
 * the trapping instruction with rs1 and the offset zeroed (compressed ones
 * expanded, bit 1 cleared). The trapped context's mode decides how mepc
 * translates: V=1 code is a guest's even for an HLV from HS, so the fetch
 * follows mstatus.MPV, not the miss's MTLBCTX.V. The address-offset field
 * is 0 (the miss's va is the access's first byte except for a misaligned
 * access crossing a page, which the machine splits).
 */
static uint64_t transformed_insn(struct fw_hart *fh, uint64_t ctx)
{
	uint64_t ms = csr_read(CSR_MSTATUS), pc = csr_read(CSR_MEPC);
	uint64_t fctx = (fh->has_h && (ms & MSTATUS_MPV)) ? MTLBCTX_V : 0;
	long lo = fetch_half(fh, fctx, pc), hi;
	uint32_t wd;

	(void)ctx;
	if (lo < 0)
		return 0;
	if ((lo & 3) != 3) {
		wd = expand_mem16((uint32_t)lo);
		return wd ? (wd & ~2u) : 0;
	}
	if ((hi = fetch_half(fh, fctx, pc + 2)) < 0)
		return 0;
	wd = (uint32_t)lo | (uint32_t)hi << 16;
	switch (wd & 0x7f) {
	case 0x03: return wd & 0x00007fff;          /* load: drop imm[11:0] */
	case 0x23: return wd & 0x01f0707f;          /* store: drop the offset */
	case 0x2f: return wd & ~(31u << 15);        /* LR/SC/AMO: drop rs1 */
	case 0x73: return ((wd >> 12) & 7) == 4 ? wd & ~(31u << 15) : 0; /* HLV/HSV */
	default: return 0;
	}
}

static bool is_data_fault(uint64_t cause)
{
	switch (cause) {
	case CAUSE_LOAD_ACCESS: case CAUSE_STORE_ACCESS: case CAUSE_LOAD_PAGE_FAULT:
	case CAUSE_STORE_PAGE_FAULT: case CAUSE_LOAD_GUEST_PAGE_FAULT:
	case CAUSE_STORE_GUEST_PAGE_FAULT:
		return true;
	default:
		return false;
	}
}

/*
 * Raises f as the hardware walker would have: the trap goes to M unless
 * medeleg delegates it (then on to HS/VS: hwmode_redirect); into M it is
 * handed to the core's fw_trap with mcause/mtval/mtval2/mtinst/GVA as the
 * hardware would have set them. mepc stays the faulting instruction's.
 * htinst for a data fault without a pseudoinstruction is the transformed
 * instruction, as the machine writes it for its own walker's faults.
 */
void hwmode_raise(struct fw_hart *fh, struct fw_regs *r, const struct hwmode_fault *f)
{
	struct hwmode_fault t = *f;
	uint64_t ms = csr_read(CSR_MSTATUS);
	bool to_s = (csr_read(CSR_MEDELEG) >> t.cause) & 1;
	bool to_vs = to_s && fh->has_h && (ms & MSTATUS_MPV) &&
		     ((csr_read(CSR_HEDELEG) >> t.cause) & 1);

	fh->hw->faults++;
	if (!to_vs && !t.tinst && is_data_fault(t.cause))
		t.tinst = transformed_insn(fh, 0);
	if (to_s) {
		hwmode_redirect(fh, &t);
		return;
	}
	csr_write(CSR_MCAUSE, t.cause);
	csr_write(CSR_MTVAL, t.tval);
	if (fh->has_h) {
		csr_write(CSR_MTVAL2, t.tval2);
		csr_write(CSR_MTINST, t.tinst);
		if (t.gva)
			csr_set(CSR_MSTATUS, MSTATUS_GVA);
		else
			csr_clear(CSR_MSTATUS, MSTATUS_GVA);
	}
	fw_trap(fh, r);
}

/* The slow path of a miss (from fw_forward): refill, or raise the fault. */
void hwmode_miss_slow(struct fw_hart *fh, struct fw_regs *r)
{
	struct hwmode_fault f;

	if (!fh->hw)
		fw_die("hardware-mode miss before hwmode_init", csr_read(CSR_MCAUSE),
		       csr_read(CSR_MEPC), csr_read(CSR_MTVAL));
	if (hwmode_walk(fh, csr_read(CSR_MTLBCTX), csr_read(CSR_MTVAL), &f) == 0) {
		fh->hw->slow_refills++;
		return;
	}
	hwmode_raise(fh, r, &f);
}

/*
 * A miss of the 2D caches (hwmode_2d.S, minimal save): the 2D walk with
 * the nested TLB's help, keeping what it finds in both caches; 0 if it
 * committed an entry the machine says permits the access. Anything else
 * -- a fault, an entry refused (a cached G-stage leaf upgraded in memory
 * without a fence) -- is 1: the slow path walks again, uncached, and is
 * the only one that raises a fault.
 */
long hwmode_refill_c(struct fw_hart *fh)
{
	uint64_t ctx = csr_read(CSR_MTLBCTX), va = csr_read(CSR_MTVAL);
	struct walker w = { .hw = fh->hw, .cache = fh, .epoch = csr_read(CSR_MTLBEPOCH),
			    .gepoch = csr_read(CSR_MTLBGEPOCH) };
	unsigned acc = (unsigned)((ctx & MTLBCTX_ACC_MASK) >> MTLBCTX_ACC_SHIFT);
	unsigned prv = (unsigned)((ctx & MTLBCTX_PRIV_MASK) >> MTLBCTX_PRIV_SHIFT);
	struct hwmode_fault f;
	int rc;

	if (!(ctx & MTLBCTX_V))
		return 1; /* snp refills V=1 misses only */
	if (acc > ACC_FETCH)
		acc = ACC_LOAD;
	rc = walk_guest(&w, va, acc, (ctx & MTLBCTX_HLVX) ? ACC_FETCH : acc, prv, &f);
	if (w.l0)
		pwc_fill(pwc_vs(fh, va), w.epoch, va >> 21, w.l0);
	return rc ? 1 : (long)csr_read(CSR_MTLBCMD);
}
