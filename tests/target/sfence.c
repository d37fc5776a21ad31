/*
 * sfence - SFENCE.VMA in its four forms (rs1 = x0 or an address, rs2 = x0
 * or an ASID), run by S-mode after it changes its own page tables. Only
 * what the specification requires is checked: after the change and the
 * matching fence, the new mapping (or its absence, or its permissions) is
 * what translation uses. Staleness is never checked: an implementation may
 * flush more than asked. Also: switching satp between two address spaces
 * with different ASIDs needs no fence when neither was changed since the
 * last one.
 */
#include "common/test.h"

const char test_name[] = "sfence";

#define C_SFENCE "supervisor.adoc: Supervisor Memory-Management Fence Instruction"
#define C_SATP "supervisor.adoc: Supervisor Address Translation and Protection (`satp`) Register"

#define PA_DATA 0x80800000UL /* 8 marked pages */
#define PA_2M_A 0x80a00000UL
#define PA_2M_B 0x80c00000UL
#define VA_T 0x40000000UL
#define VA_2M 0x40200000UL
#define RWXAD (PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)
#define RWAD (PTE_R | PTE_W | PTE_A | PTE_D)

extern char _end[];

static uint64_t marker(uint64_t pa)
{
	return 0x5f5f000000000000UL | pa;
}
static void mark(uint64_t pa)
{
	*(volatile uint64_t *)pa = marker(pa);
}
static uint64_t page(int i)
{
	return PA_DATA + (uint64_t)i * PAGE_SIZE;
}

enum { F_ALL, F_VA, F_ASID, F_VA_ASID };
static const char *const form_name[] = {
	"sfence.vma x0, x0", "sfence.vma va, x0", "sfence.vma x0, asid",
	"sfence.vma va, asid"};

static void sfence(int form, uint64_t va, uint64_t asid)
{
	switch (form) {
	case F_ALL:
		asm volatile("sfence.vma x0, x0" ::: "memory");
		break;
	case F_VA:
		asm volatile("sfence.vma %0, x0" ::"r"(va) : "memory");
		break;
	case F_ASID:
		asm volatile("sfence.vma x0, %0" ::"r"(asid) : "memory");
		break;
	default:
		asm volatile("sfence.vma %0, %1" ::"r"(va), "r"(asid) : "memory");
		break;
	}
}

/* What S-mode does: read va (to fill any translation cache; a fault
 * there is recorded in before_trapped), store new_pte to *pte, fence, and
 * return what va reads or writes now (a fault there is left in `trap`). */
static volatile struct {
	uint64_t *pte;
	uint64_t new_pte;
	uint64_t va, asid;
	int form, store;
	uint64_t before;
	int before_trapped;
} op;

static uint64_t s_change(uint64_t unused)
{
	(void)unused;
	trap_arm();
	op.before = *(volatile uint64_t *)op.va;
	op.before_trapped = trap.taken;
	*op.pte = op.new_pte;
	sfence(op.form, op.va, op.asid);
	trap_arm();
	if (op.store) {
		*(volatile uint64_t *)op.va = 0x77;
		return 0;
	}
	return *(volatile uint64_t *)op.va;
}

static uint64_t asid; /* the ASID of the test's satp (as implemented) */
static uint64_t *root;

/* Change *pte to new_pte from S with `form`; returns what va then reads,
 * ~0 if that access faulted (the trap is in `trap`). */
static uint64_t change(uint64_t *pte, uint64_t new_pte, uint64_t va, int form,
		       int store)
{
	op.pte = pte;
	op.new_pte = new_pte;
	op.va = va;
	op.asid = asid;
	op.form = form;
	op.store = store;
	uint64_t v = run_lower(PRV_S, s_change, 0);
	trap_armed = 0;
	return trap.taken ? ~0UL : v;
}

static void test_leaf(void)
{
	uint64_t *leaf = pt_entry(root, 3, VA_T, 0);
	for (int f = F_ALL; f <= F_VA_ASID; f++) {
		*leaf = pte_make(page(0), RWAD | PTE_V);
		sfence_vma_all();
		uint64_t v = change(leaf, pte_make(page(1), RWAD | PTE_V),
				    VA_T + 8, f, 0);
		CHECK_EQ_W(op.before, marker(page(0) + 8), "old mapping read",
			   C_SFENCE);
		CHECK_EQ_W(v, marker(page(1) + 8), form_name[f], C_SFENCE);
	}

	/* Global pages: the forms with rs2 = x0 fence them too. */
	for (int f = F_ALL; f <= F_VA; f++) {
		*leaf = pte_make(page(2), RWAD | PTE_G | PTE_V);
		sfence_vma_all();
		uint64_t v = change(leaf,
				    pte_make(page(3), RWAD | PTE_G | PTE_V),
				    VA_T + 16, f, 0);
		CHECK_EQ_W(v, marker(page(3) + 16), "global page remapped",
			   C_SFENCE);
	}

	/* Invalid -> valid and valid -> invalid, by address. */
	*leaf = pte_make(page(4), RWAD);
	sfence_vma_all();
	uint64_t v = change(leaf, pte_make(page(4), RWAD | PTE_V), VA_T, F_VA, 0);
	CHECK_W(op.before_trapped, "read through the invalid PTE faults",
		C_SFENCE);
	CHECK_EQ_W(v, marker(page(4)), "invalid -> valid, sfence.vma va",
		   C_SFENCE);
	v = change(leaf, pte_make(page(4), RWAD), VA_T, F_VA, 0);
	CHECK_W(v == ~0UL && trap.cause == CAUSE_LOAD_PAGE,
		"valid -> invalid, sfence.vma va: load faults", C_SFENCE);

	/* Permissions: read-write -> read-only. */
	*leaf = pte_make(page(5), RWAD | PTE_V);
	sfence_vma_all();
	change(leaf, pte_make(page(5), PTE_R | PTE_A | PTE_D | PTE_V), VA_T,
	       F_VA_ASID, 1);
	CHECK_W(trap.taken && trap.cause == CAUSE_STORE_PAGE,
		"RW -> RO, sfence.vma va, asid: store faults", C_SFENCE);
	CHECK_EQ_W(*(volatile uint64_t *)page(5), marker(page(5)),
		   "the faulting store did not write", C_SFENCE);
}

static void test_superpage(void)
{
	uint64_t *leaf = pt_map(root, 3, VA_2M, PA_2M_A, 1, RWAD);
	mark(PA_2M_A + 0x3000);
	mark(PA_2M_B + 0x3000);
	sfence_vma_all();
	/* rs1 is an address inside the megapage, not its base. */
	uint64_t v = change(leaf, pte_make(PA_2M_B, RWAD | PTE_V),
			    VA_2M + 0x3000, F_VA, 0);
	CHECK_EQ_W(v, marker(PA_2M_B + 0x3000),
		   "2 MiB page remapped, sfence.vma (address inside)", C_SFENCE);
}

static void test_nonleaf(void)
{
	/* Two L0 tables for VA_T's 2 MiB region, mapping page 6 / page 7. */
	uint64_t *l1e = pt_entry(root, 3, VA_T, 1);
	uint64_t *t6 = pt_alloc(), *t7 = pt_alloc();
	t6[0] = pte_make(page(6), RWAD | PTE_V);
	t7[0] = pte_make(page(7), RWAD | PTE_V);
	static const int forms[] = {F_ALL, F_ASID};
	for (int i = 0; i < 2; i++) {
		*l1e = pte_make((uint64_t)t6, PTE_V);
		sfence_vma_all();
		uint64_t v = change(l1e, pte_make((uint64_t)t7, PTE_V), VA_T + 24,
				    forms[i], 0);
		CHECK_EQ_W(v, marker(page(7) + 24), "non-leaf PTE changed",
			   C_SFENCE);
		if (v != marker(page(7) + 24)) {
			puts("  form ");
			puts(form_name[forms[i]]);
			puts("\n");
		}
	}
}

/* S switches satp between two address spaces without fencing. */
static volatile uint64_t satp_a, satp_b, seen[3];
static uint64_t s_switch(uint64_t unused)
{
	(void)unused;
	csr_write(satp, satp_a);
	seen[0] = *(volatile uint64_t *)VA_T;
	csr_write(satp, satp_b);
	seen[1] = *(volatile uint64_t *)VA_T;
	csr_write(satp, satp_a);
	seen[2] = *(volatile uint64_t *)VA_T;
	return 0;
}

static void test_asid_switch(void)
{
	uint64_t *root_b = vm_identity_root(3, RWXAD);
	pt_map(root_b, 3, VA_T, page(1), 0, RWAD);
	*pt_entry(root, 3, VA_T, 0) = pte_make(page(0), RWAD | PTE_V);
	satp_a = satp_make(SATP_MODE_SV39, asid, root);
	satp_b = satp_make(SATP_MODE_SV39, asid ^ 1, root_b);
	vm_set_satp(satp_a);
	csr_write(satp, satp_b);
	if (((csr_read(satp) >> SATP_ASID_SHIFT) & 0xffff) != (asid ^ 1)) {
		puts("(no two ASIDs: satp switch without fence not checked)\n");
		vm_set_satp(satp_a);
		return;
	}
	vm_set_satp(satp_a);
	run_lower(PRV_S, s_switch, 0);
	CHECK_EQ_W(seen[0], marker(page(0)), "address space A", C_SATP);
	CHECK_EQ_W(seen[1], marker(page(1)),
		   "address space B (other ASID), no fence", C_SATP);
	CHECK_EQ_W(seen[2], marker(page(0)), "back to A, no fence", C_SATP);
}

static uint64_t s_bad_va(uint64_t unused)
{
	(void)unused;
	asm volatile("sfence.vma %0, x0" ::"r"(0x0000400000000000UL));
	return 0;
}

int main(void)
{
	if ((uint64_t)_end > PA_DATA) {
		puts("FAIL image overlaps the test's physical areas\n");
		return 2;
	}
	for (int i = 0; i < 8; i++)
		for (int w = 0; w < 4; w++)
			mark(page(i) + 8 * w);

	root = vm_identity_root(3, RWXAD);
	pt_map(root, 3, VA_T, page(0), 0, RWAD);
	vm_set_satp(satp_make(SATP_MODE_SV39, 0xffff, root));
	asid = (csr_read(satp) >> SATP_ASID_SHIFT) & 0x1;
	vm_set_satp(satp_make(SATP_MODE_SV39, asid, root));

	test_leaf();
	test_superpage();
	test_nonleaf();
	test_asid_switch();

	trap_arm();
	run_lower(PRV_S, s_bad_va, 0);
	trap_armed = 0;
	CHECK_EQ_W(trap.taken, 0, "sfence.vma with an invalid address: no trap",
		   C_SFENCE);

	vm_set_satp(0);
	return test_done();
}
