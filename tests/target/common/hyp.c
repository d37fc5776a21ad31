/*
 * hyp.c - hypervisor-extension runtime for the h_* target tests: set-up
 * and G-stage page tables (hypervisor.adoc "Guest Physical Address
 * Translation": Sv39x4/Sv48x4 are Sv39/Sv48 with a 16 KiB, 16 KiB-aligned
 * root indexed by 11 GPA bits). See hyp.h.
 */
#include "hyp.h"

#define GPT_ROOTS 6

static uint64_t gpt_pool[GPT_ROOTS][2048] __attribute__((aligned(16384)));
static int gpt_used;

uint64_t *gpt_root(void)
{
	if (gpt_used == GPT_ROOTS) {
		puts("FAIL G-stage root pool exhausted\n");
		exit(2);
	}
	uint64_t *p = gpt_pool[gpt_used++];
	memset(p, 0, sizeof gpt_pool[0]);
	return p;
}

void gpt_reset(void)
{
	gpt_used = 0;
}

static unsigned gvpn(uint64_t gpa, int levels, int level)
{
	unsigned mask = level == levels - 1 ? 2047 : 511;
	return (unsigned)((gpa >> (12 + 9 * level)) & mask);
}

static uint64_t *gpt_table(uint64_t *root, int levels, uint64_t gpa,
			   int level, int create)
{
	uint64_t *t = root;
	for (int l = levels - 1; l > level; l--) {
		uint64_t *e = &t[gvpn(gpa, levels, l)];
		if (!(*e & PTE_V)) {
			if (!create)
				return 0;
			*e = pte_make((uint64_t)pt_alloc(), PTE_V);
		} else if (*e & (PTE_R | PTE_W | PTE_X)) {
			return 0;
		}
		t = (uint64_t *)((*e >> PTE_PPN_SHIFT) << 12);
	}
	return t;
}

uint64_t *gpt_map(uint64_t *root, int levels, uint64_t gpa, uint64_t pa,
		  int level, uint64_t flags)
{
	uint64_t *t = gpt_table(root, levels, gpa, level, 1);
	if (!t) {
		puts("FAIL gpt_map: path blocked by a leaf\n");
		exit(2);
	}
	uint64_t *e = &t[gvpn(gpa, levels, level)];
	*e = pte_make(pa, flags | PTE_V);
	return e;
}

uint64_t *gpt_entry(uint64_t *root, int levels, uint64_t gpa, int level)
{
	uint64_t *t = gpt_table(root, levels, gpa, level, 0);
	return t ? &t[gvpn(gpa, levels, level)] : 0;
}

uint64_t *gpt_identity_root(int levels, uint64_t flags)
{
	uint64_t *root = gpt_root();
	gpt_map(root, levels, RAM_BASE, RAM_BASE, 2, flags | PTE_U);
	return root;
}

void hgatp_set(uint64_t v)
{
	csr_write(hgatp, v);
	hfence_gvma_all();
	hfence_vvma_all();
}

void vsatp_set(uint64_t v)
{
	csr_write(vsatp, v);
	hfence_vvma_all();
}

void hyp_init(void)
{
	if (!(csr_read(misa) & MISA_H)) {
		puts("FAIL ");
		puts(test_name);
		puts(": misa.H is 0 (no hypervisor extension)\n");
		exit(1);
	}
	trap_h = 1;
	install_s_handler();
	csr_write(vstvec, (uint64_t)vs_trap_entry);
	csr_write(vsscratch, (uint64_t)vs_trap_stack_top);
	csr_clear(vsstatus, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP |
				    MSTATUS_SUM | MSTATUS_MXR);
	csr_write(hedeleg, 0);
	csr_write(hideleg, 0);
	csr_write(hvip, 0);
	csr_write(hie, 0);
	csr_clear(hstatus, HSTATUS_VTVM | HSTATUS_VTW | HSTATUS_VTSR |
				   HSTATUS_HU | HSTATUS_SPVP | HSTATUS_SPV);
	csr_write(htimedelta, 0);
	csr_write(vsatp, 0);
	hgatp_set(0);
}
