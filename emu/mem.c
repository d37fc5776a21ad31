/*
 * Memory access slow paths: translation, PMP, RAM or device, and the
 * filling of the fast tables. Also the pre-decoded pages of instructions
 * and their invalidation by stores (self-modifying code is always
 * coherent; fence.i has nothing left to do).
 */
#include <stdlib.h>

#include "machine.h"

static inline bool in_ram(const struct machine *m, uint64_t pa, uint64_t len)
{
	return pa >= m->ram_base && pa - m->ram_base < m->ram_size && len <= m->ram_size - (pa - m->ram_base);
}

static inline bool in_mrom(uint64_t pa, uint64_t len)
{
	return pa >= VIRT_MROM_BASE && pa - VIRT_MROM_BASE < VIRT_MROM_SIZE &&
	       len <= VIRT_MROM_SIZE - (pa - VIRT_MROM_BASE);
}

/* Host pointer to [pa, pa+len) when it lies in RAM or the reset ROM. */
void *phys_ptr(struct machine *m, uint64_t pa, uint64_t len)
{
	if (in_ram(m, pa, len))
		return m->ram + (pa - m->ram_base);
	if (in_mrom(pa, len))
		return m->mrom + (pa - VIRT_MROM_BASE);
	return NULL;
}

bool phys_read(struct machine *m, uint64_t pa, void *buf, uint64_t len)
{
	void *p = phys_ptr(m, pa, len);
	if (!p)
		return false;
	memcpy(buf, p, len);
	return true;
}

bool phys_write(struct machine *m, uint64_t pa, const void *buf, uint64_t len)
{
	if (!in_ram(m, pa, len))
		return false;
	memcpy(m->ram + (pa - m->ram_base), buf, len);
	phys_invalidate_code(m, pa, len);
	return true;
}

/*
 * Drops the decoded instructions that overlap RAM bytes [pa, pa+len): the
 * slots of every instruction that may start in [pa-2, pa+len).
 */
void phys_invalidate_code(struct machine *m, uint64_t pa, uint64_t len)
{
	uint64_t first = pa >= m->ram_base + 2 ? pa - 2 : pa, last = pa + len - 1;
	for (uint64_t a = first & ~1ull; a <= last; a += 2) {
		uint64_t page = (a - m->ram_base) >> PAGE_SHIFT;
		if (a < m->ram_base || page >= (m->ram_size >> PAGE_SHIFT) || !m->ram_code[page]) {
			a = (a | (PAGE_SIZE - 1)) - 1;   /* skip to the next page */
			continue;
		}
		m->ram_dpages[page]->slot[(a & (PAGE_SIZE - 1)) >> 1] = insn_slot_init;
	}
}

static uint64_t access_fault_cause(enum access acc)
{
	return acc == ACC_R ? CAUSE_LOAD_ACCESS : acc == ACC_W ? CAUSE_STORE_ACCESS : CAUSE_FETCH_ACCESS;
}

/* The context of an explicit access: privilege and V (MPRV/MPV, HLV/HSV). */
struct actx {
	unsigned priv;
	bool virt;
};

static struct actx data_ctx(const struct hart *h)
{
	if (h->hlv)   /* hypervisor.adoc: as though V=1 at privilege hstatus.SPVP */
		return (struct actx){ (h->hstatus & HSTATUS_SPVP) ? PRV_S : PRV_U, true };
	return (struct actx){ hart_data_priv(h), hart_data_virt(h) };
}

/*
 * Translation and PMP for an access that stays within one page. A fault
 * of a guest access made while V=0 (HLV/HSV, MPRV with MPV) notes that
 * tval is a guest virtual address (GVA).
 */
static bool resolve(struct hart *h, uint64_t va, unsigned size, enum access acc, struct actx c,
		    struct translation *t)
{
	if (!mmu_translate_v(h, va, acc, c.priv, c.virt, t)) {
		h->exc_gva = c.virt;
		return false;
	}
	if (!pmp_check(h, t->pa, size, h->hlvx ? ACC_X : acc, c.priv) ||
	    (h->hlvx && !pmp_check(h, t->pa, size, ACC_R, c.priv))) {
		hart_set_exc(h, access_fault_cause(acc), va);
		h->exc_gva = c.virt;
		return false;
	}
	return true;
}

/* Remembers a permitted RAM page in the fast table of its context. */
static void fast_fill(struct hart *h, uint64_t va, const struct translation *t, enum access acc,
		      struct actx c, uint8_t *host_page)
{
	struct ftlb *f = &h->ftlb[c.priv | (c.virt ? 4u : 0u)];
	struct ftlb_entry *e;
	uint64_t pa_page = t->pa & ~(PAGE_SIZE - 1);

	if (h->hlv || !pmp_page_ok(h, pa_page, acc, c.priv))
		return;
	if (acc == ACC_W && h->m->ram_code[(pa_page - h->m->ram_base) >> PAGE_SHIFT])
		return;                 /* stores to code pages must invalidate */
	e = acc == ACC_R ? &f->r[FTLB_IDX(va)] : &f->w[FTLB_IDX(va)];
	e->tag = va >> PAGE_SHIFT;
	e->addend = (uintptr_t)host_page - (va & ~(PAGE_SIZE - 1));
	e->stamp = t->stamp;
	f->used = true;
	f->has_super |= t->level > 0;
}

static bool load_one_page(struct hart *h, uint64_t va, unsigned size, uint64_t *val)
{
	struct actx c = data_ctx(h);
	struct translation t;
	uint8_t *p;

	if (!resolve(h, va, size, ACC_R, c, &t))
		return false;
	if (in_ram(h->m, t.pa, size)) {
		p = h->m->ram + (t.pa - h->m->ram_base);
		*val = 0;
		memcpy(val, p, size);
		if (h->m->timing)
			timing_data_pa(h, t.pa, false);
		fast_fill(h, va, &t, ACC_R, c, p - (t.pa & (PAGE_SIZE - 1)));
		return true;
	}
	if (in_mrom(t.pa, size)) {
		*val = 0;
		memcpy(val, h->m->mrom + (t.pa - VIRT_MROM_BASE), size);
		return true;
	}
	if (bus_read(h->m, t.pa, size, val))
		return true;
	hart_set_exc(h, CAUSE_LOAD_ACCESS, va);
	h->exc_gva = c.virt;
	return false;
}

/*
 * Loads size bytes, zero-extended into *val. Misaligned accesses are
 * performed, not trapped (machine.adoc allows either); one that crosses a
 * page is done byte by byte, and a fault reports the failing byte.
 */
bool mem_load_slow(struct hart *h, uint64_t va, unsigned size, uint64_t *val)
{
	h->exc_va = va;
	if ((va & (PAGE_SIZE - 1)) + size <= PAGE_SIZE)
		return load_one_page(h, va, size, val);
	uint64_t v = 0, b;
	for (unsigned i = 0; i < size; i++) {
		if (!load_one_page(h, va + i, 1, &b))
			return false;
		v |= b << (8 * i);
	}
	*val = v;
	return true;
}

/* Stores, checking every page the access touches before writing any. */
bool mem_store_slow(struct hart *h, uint64_t va, unsigned size, uint64_t val)
{
	struct actx c = data_ctx(h);
	struct translation t[2];
	unsigned first = size, off = (unsigned)(va & (PAGE_SIZE - 1));
	uint64_t va2 = (va | (PAGE_SIZE - 1)) + 1;

	h->exc_va = va;
	if (off + size > PAGE_SIZE)
		first = PAGE_SIZE - off;
	if (!resolve(h, va, first, ACC_W, c, &t[0]))
		return false;
	if (first < size && !resolve(h, va2, size - first, ACC_W, c, &t[1]))
		return false;
	if (first < size) {
		if (!in_ram(h->m, t[0].pa, first) || !in_ram(h->m, t[1].pa, size - first)) {
			hart_set_exc(h, CAUSE_STORE_ACCESS, va);
			h->exc_gva = c.virt;
			return false;
		}
		for (unsigned i = 0; i < size; i++) {
			uint64_t pa = i < first ? t[0].pa + i : t[1].pa + (i - first);
			uint8_t b = (uint8_t)(val >> (8 * i));
			phys_write(h->m, pa, &b, 1);
		}
		return true;
	}
	if (in_ram(h->m, t[0].pa, size)) {
		uint8_t *p = h->m->ram + (t[0].pa - h->m->ram_base);
		memcpy(p, &val, size);
		if (h->m->timing)
			timing_data_pa(h, t[0].pa, true);
		if (h->m->ram_code[(t[0].pa - h->m->ram_base) >> PAGE_SHIFT])
			phys_invalidate_code(h->m, t[0].pa, size);
		else
			fast_fill(h, va, &t[0], ACC_W, c, p - (t[0].pa & (PAGE_SIZE - 1)));
		return true;
	}
	if (bus_write(h->m, t[0].pa, size, val))
		return true;
	hart_set_exc(h, CAUSE_STORE_ACCESS, va);
	h->exc_gva = c.virt;
	return false;
}

/*
 * The host pointer for an LR (acc = ACC_R) or an SC/AMO (ACC_W) on an
 * aligned address in RAM; they need read and write permission (a-st-ext:
 * AMOs raise store/AMO faults). NULL with the exception set otherwise.
 */
void *mem_amo_ptr(struct hart *h, uint64_t va, unsigned size, enum access acc)
{
	struct actx c = data_ctx(h);
	struct translation t;

	h->exc_va = va;
	if (va & (size - 1)) {
		hart_set_exc(h, acc == ACC_R ? CAUSE_MISALIGNED_LOAD : CAUSE_MISALIGNED_STORE, va);
		h->exc_gva = c.virt;
		return NULL;
	}
	if (!resolve(h, va, size, acc, c, &t))
		return NULL;
	if ((acc == ACC_W && !pmp_check(h, t.pa, size, ACC_R, c.priv)) || !in_ram(h->m, t.pa, size)) {
		hart_set_exc(h, access_fault_cause(acc), va);
		h->exc_gva = c.virt;
		return NULL;
	}
	if (acc == ACC_W)
		phys_invalidate_code(h->m, t.pa, size);
	if (h->m->timing)
		timing_data_pa(h, t.pa, acc == ACC_W);
	return h->m->ram + (t.pa - h->m->ram_base);
}

/* ---- instruction fetch --------------------------------------------------- */

static struct dpage *dpage_new(struct machine *m, uint64_t pa)
{
	struct dpage *dp = malloc(sizeof *dp);
	if (!dp) {
		fprintf(stderr, "hmvirt: out of host memory for decoded instructions\n");
		exit(2);
	}
	for (unsigned i = 0; i < DPAGE_SLOTS; i++)
		dp->slot[i] = insn_slot_init;
	dp->slot[DPAGE_SLOTS] = (struct insn){ .fn = insn_page_end, .rd = 32, .len = 2 };
	dp->host = phys_ptr(m, pa & ~(PAGE_SIZE - 1), PAGE_SIZE);
	return dp;
}

/* The decoded page for a physical page of RAM or ROM (created on first use). */
static struct dpage *dpage_of(struct hart *h, uint64_t pa)
{
	struct machine *m = h->m;
	struct dpage **slot;

	if (in_ram(m, pa, 1)) {
		uint64_t page = (pa - m->ram_base) >> PAGE_SHIFT;
		slot = &m->ram_dpages[page];
		if (!*slot)
			*slot = dpage_new(m, pa);
		if (!m->ram_code[page]) {
			m->ram_code[page] = 1;
			hart_flush_fast_writes(h);   /* stores must now invalidate */
		}
		return *slot;
	}
	slot = &m->mrom_dpages[(pa - VIRT_MROM_BASE) >> PAGE_SHIFT];
	if (!*slot)
		*slot = dpage_new(m, pa);
	return *slot;
}

/* Translates pc for execution: NULL with the exception set on a fault. */
static bool fetch_resolve(struct hart *h, uint64_t pc, struct translation *t)
{
	struct actx c = { h->priv, h->virt };
	if (!resolve(h, pc, 2, ACC_X, c, t))
		return false;
	if (!phys_ptr(h->m, t->pa, 2)) {
		hart_set_exc(h, CAUSE_FETCH_ACCESS, pc);
		return false;
	}
	return true;
}

/*
 * The decoded page holding pc and the host addend of its bytes; fills the
 * fetch fast table. NULL with the exception set on a fault.
 */
struct dpage *mem_fetch_page(struct hart *h, uint64_t pc, uintptr_t *addend)
{
	struct translation t;
	struct dpage *dp;
	uint8_t *host;

	if (!fetch_resolve(h, pc, &t))
		return NULL;
	host = (uint8_t *)phys_ptr(h->m, t.pa & ~(PAGE_SIZE - 1), PAGE_SIZE);
	dp = dpage_of(h, t.pa);
	*addend = (uintptr_t)host - (pc & ~(PAGE_SIZE - 1));
	if (pmp_page_ok(h, t.pa, ACC_X, h->priv)) {
		struct ftlb *f = h->fx;
		struct ftlb_xentry *e = &f->x[FTLB_IDX(pc)];
		e->tag = pc >> PAGE_SHIFT;
		e->addend = *addend;
		e->dp = dp;
		e->stamp = t.stamp;
		f->used = true;
		f->has_super |= t.level > 0;
	}
	return dp;
}

/* Fetches the halfword at pc (for page-crossing instructions and tval). */
bool mem_fetch_slow(struct hart *h, uint64_t pc, uint16_t *half)
{
	struct translation t;
	if (!fetch_resolve(h, pc, &t))
		return false;
	memcpy(half, phys_ptr(h->m, t.pa, 2), 2);
	return true;
}

/* ---- debugger access: translation without side effects on the TLB ------- */
static bool debug_xlate(struct hart *h, uint64_t va, uint64_t *pa)
{
	struct translation t;
	uint64_t c = h->exc_cause, v = h->exc_tval, v2 = h->exc_tval2, ti = h->exc_tinst;
	bool gva = h->exc_gva, ok;

	h->probing = true;              /* the walk must not change what is cached */
	ok = mmu_translate_v(h, va, ACC_R, h->priv, h->virt, &t) ||
	     mmu_translate_v(h, va, ACC_X, h->priv, h->virt, &t);
	h->probing = false;
	h->exc_cause = c;
	h->exc_tval = v;
	h->exc_tval2 = v2;
	h->exc_tinst = ti;
	h->exc_gva = gva;
	*pa = t.pa;
	return ok;
}

bool debug_read_virt(struct hart *h, uint64_t va, void *buf, uint64_t len)
{
	uint8_t *b = buf;
	for (uint64_t i = 0; i < len; i++) {
		uint64_t pa, v;
		if (!debug_xlate(h, va + i, &pa))
			return false;
		if (phys_read(h->m, pa, &b[i], 1))
			continue;
		if (!bus_read(h->m, pa, 1, &v))
			return false;
		b[i] = (uint8_t)v;
	}
	return true;
}

bool debug_write_virt(struct hart *h, uint64_t va, const void *buf, uint64_t len)
{
	const uint8_t *b = buf;
	for (uint64_t i = 0; i < len; i++) {
		uint64_t pa;
		if (!debug_xlate(h, va + i, &pa) || !phys_write(h->m, pa, &b[i], 1))
			return false;
	}
	hart_flush_fast(h);
	return true;
}
