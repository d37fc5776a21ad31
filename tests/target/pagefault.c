/*
 * pagefault - every page-fault condition of the Sv39 translation process
 * (supervisor.adoc "Virtual Address Translation Process"), each with its
 * cause (12 fetch, 13 load, 15 store/AMO), mtval = the faulting virtual
 * address (and mepc = it for fetches), taken in M and, delegated through
 * medeleg, in S (scause/stval/sepc).
 *
 * A/D bits: hmvirt implements Svade (a page fault when A=0, or D=0 on a
 * store; the PTE is not written). QEMU 7.2 always updates A/D in hardware
 * (Svadu behaviour) and has no option to turn that off (no `svadu`/`svade`
 * CPU property in 7.2), so those two checks are XFAIL-QEMU.
 *
 * Reserved PTE bits: Svnapot and Svpbmt are not used (menvcfg.PBMTE is
 * cleared; the N-bit PTE has an invalid NAPOT encoding), so bits 63, 62:61
 * and 60:54 of a PTE are all reserved and must fault, as must the D, A and
 * U bits of a non-leaf PTE (supervisor.adoc "Addressing and Memory
 * Protection", Sv32 text inherited by Sv39).
 */
#include "common/test.h"

const char test_name[] = "pagefault";

#define C_ALG "supervisor.adoc: Virtual Address Translation Process"
#define C_SV39 "supervisor.adoc: Sv39: Page-Based 39-bit Virtual-Memory System"
#define C_PTE "supervisor.adoc: Addressing and Memory Protection"
#define C_TVAL "machine.adoc: Machine Trap Value (`mtval`) Register"
#define C_STVAL "supervisor.adoc: Supervisor Trap Value (`stval`) Register"
#define C_SUM "supervisor.adoc: Memory Privilege in `sstatus` Register"
#define C_DELEG "machine.adoc: Machine Trap Delegation (`medeleg` and `mideleg`) Registers"

#define PA_DATA 0x80800000UL /* data pages, above the image */
#define VA_T 0x40000000UL /* the 4 KiB test page (L1[0] -> L0 table) */
#define VA_2M 0x40200000UL /* a 2 MiB leaf (L1[1]) */
#define VA_1G 0xc0000000UL /* a 1 GiB leaf (root[3]) */
/* In root_u: RAM again, without U, so that S code can run there. */
#define VA_ALIAS 0x140000000UL
#define ALIAS(sym) ((uint64_t)(sym) - RAM_BASE + VA_ALIAS)

#define RWXAD (PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)
#define MENVCFG_PBMTE (1UL << 62)

enum access { LOAD, STORE, FETCH, AMO };
static const char *const access_name[] = {"load", "store", "fetch", "amo"};
static const uint64_t fault_cause[] = {CAUSE_LOAD_PAGE, CAUSE_STORE_PAGE,
				       CAUSE_FETCH_PAGE, CAUSE_STORE_PAGE};

static uint64_t *root_s, *root_u; /* identity RAM without / with U */
static uint64_t *leaf; /* the PTE of VA_T */
static uint64_t *l1e; /* the non-leaf PTE pointing at VA_T's L0 table */

extern char _end[];

static uint64_t lower_access(uint64_t arg)
{
	uint64_t va = arg & ~7UL, r = 0;
	switch (arg & 7) {
	case LOAD:
		r = *(volatile uint64_t *)va;
		break;
	case STORE:
		*(volatile uint64_t *)va = 0x5555;
		break;
	case FETCH:
		r = ((uint64_t(*)(void))va)();
		break;
	case AMO:
		asm volatile("amoadd.d %0, %1, (%2)"
			     : "=r"(r)
			     : "r"(1L), "r"(va)
			     : "memory");
		break;
	}
	return r;
}

/* The data page starts with `ret` so that a fetch that works returns. */
static void init_data(void)
{
	for (int i = 0; i < 4; i++)
		*(volatile uint32_t *)(PA_DATA + i * PAGE_SIZE) = 0x00008067;
	fence_i();
}

/* The leaf of VA_T := pte (V added unless novalid). */
static void set_leaf_raw(uint64_t pte)
{
	*leaf = pte;
	sfence_vma_all();
}
static void set_leaf(uint64_t pte)
{
	set_leaf_raw(pte | PTE_V);
}

/* Do `acc` at va in prv; returns 1 if it trapped (trap holds it). */
static int try_access(int prv, enum access acc, uint64_t va)
{
	*(volatile uint32_t *)PA_DATA = 0x00008067; /* stores may hit it */
	fence_i();
	vm_set_satp(satp_make(SATP_MODE_SV39, 0, prv == PRV_U ? root_u : root_s));
	trap_arm();
	run_lower(prv, lower_access, va | acc);
	trap_armed = 0;
	return trap.taken;
}

static void show(int prv, enum access acc, uint64_t va)
{
	puts("  ");
	putchar(prv == PRV_U ? 'U' : 'S');
	puts("-mode ");
	puts(access_name[acc]);
	puts(" at ");
	printhex(va);
	puts(": ");
	if (trap.taken) {
		puts("cause ");
		printdec((int64_t)trap.cause);
		puts(" tval ");
		printhex(trap.tval);
	} else {
		puts("no trap");
	}
	puts("\n");
}

/* The access must raise its page fault in `mode`, tval = va. */
static int fault_ok(char mode, enum access acc, uint64_t va)
{
	return trap.taken == 1 && trap.mode == mode &&
	       trap.cause == fault_cause[acc] && trap.tval == va &&
	       (acc != FETCH || trap.epc == va);
}

static void expect_fault(int prv, enum access acc, uint64_t va,
			 const char *what, const char *clause)
{
	try_access(prv, acc, va);
	if (!CHECK_W(fault_ok('M', acc, va), what, clause))
		show(prv, acc, va);
}

static void expect_ok(int prv, enum access acc, uint64_t va, const char *what,
		      const char *clause)
{
	if (!CHECK_W(!try_access(prv, acc, va), what, clause))
		show(prv, acc, va);
}

static void build(void)
{
	pt_reset();
	root_s = vm_identity_root(3, RWXAD);
	root_u = vm_identity_root(3, RWXAD | PTE_U);
	leaf = pt_map(root_s, 3, VA_T, PA_DATA, 0, RWXAD);
	/* root_u shares root_s's table for the VA_T gigabyte. */
	root_u[(VA_T >> 30) & 511] = root_s[(VA_T >> 30) & 511];
	root_u[(VA_1G >> 30) & 511] = 0;
	pt_map(root_u, 3, VA_ALIAS, RAM_BASE, 2, RWXAD);
	l1e = pt_entry(root_s, 3, VA_T, 1);
}

static void test_invalid(void)
{
	set_leaf_raw(pte_make(PA_DATA, RWXAD));
	expect_fault(PRV_S, LOAD, VA_T + 8, "V=0 leaf (load)", C_ALG);
	expect_fault(PRV_S, STORE, VA_T + 8, "V=0 leaf (store)", C_ALG);
	expect_fault(PRV_S, FETCH, VA_T, "V=0 leaf (fetch)", C_ALG);
	/* QEMU 7.2 reports a load page fault (13) for an AMO whose page is
	 * invalid (it faults on the AMO's read); an AMO is a store/AMO
	 * access (cause 15) whatever part fails. */
	try_access(PRV_S, AMO, VA_T + 8);
	if (!CHECK_XFAIL_QEMU(fault_ok('M', AMO, VA_T + 8),
			      "AMO on a V=0 page: store/AMO page fault (15)",
			      C_ALG " / machine.adoc: Machine Cause (`mcause`) Register"))
		show(PRV_S, AMO, VA_T + 8);

	set_leaf(pte_make(PA_DATA, RWXAD));
	uint64_t saved = *l1e;
	*l1e &= ~PTE_V;
	sfence_vma_all();
	expect_fault(PRV_S, LOAD, VA_T, "V=0 non-leaf PTE", C_ALG);
	*l1e = saved;

	/* W=1 with R=0 is reserved, at any level. */
	set_leaf(pte_make(PA_DATA, PTE_W | PTE_A | PTE_D));
	expect_fault(PRV_S, LOAD, VA_T, "leaf W=1 R=0 (load)", C_ALG);
	expect_fault(PRV_S, STORE, VA_T, "leaf W=1 R=0 (store)", C_ALG);
	set_leaf(pte_make(PA_DATA, PTE_W | PTE_X | PTE_A | PTE_D));
	expect_fault(PRV_S, FETCH, VA_T, "leaf W=1 X=1 R=0 (fetch)", C_ALG);

	/* A pointer PTE (R=W=X=0) at the last level. */
	set_leaf(pte_make(PA_DATA, PTE_V));
	expect_fault(PRV_S, LOAD, VA_T, "non-leaf PTE at level 0", C_ALG);
	expect_fault(PRV_S, FETCH, VA_T, "non-leaf PTE at level 0 (fetch)",
		     C_ALG);
}

static void test_permissions(void)
{
	set_leaf(pte_make(PA_DATA, PTE_X | PTE_A | PTE_D));
	expect_fault(PRV_S, LOAD, VA_T, "load from execute-only page", C_ALG);
	expect_ok(PRV_S, FETCH, VA_T, "fetch from execute-only page", C_ALG);
	set_leaf(pte_make(PA_DATA, PTE_R | PTE_X | PTE_A | PTE_D));
	expect_fault(PRV_S, STORE, VA_T, "store to read-only page", C_ALG);
	expect_fault(PRV_S, AMO, VA_T, "AMO to read-only page (cause 15)",
		     C_ALG);
	expect_ok(PRV_S, LOAD, VA_T, "load from read-only page", C_ALG);
	set_leaf(pte_make(PA_DATA, PTE_R | PTE_W | PTE_A | PTE_D));
	expect_fault(PRV_S, FETCH, VA_T, "fetch from non-executable page",
		     C_ALG);
	expect_ok(PRV_S, AMO, VA_T, "AMO on a read-write page", C_ALG);

	/* U pages from S, S pages from U. */
	set_leaf(pte_make(PA_DATA, RWXAD | PTE_U));
	csr_clear(mstatus, MSTATUS_SUM);
	expect_fault(PRV_S, LOAD, VA_T, "S load from U page, SUM=0", C_SUM);
	expect_fault(PRV_S, STORE, VA_T, "S store to U page, SUM=0", C_SUM);
	expect_ok(PRV_U, LOAD, VA_T, "U load from U page", C_ALG);
	expect_ok(PRV_U, FETCH, VA_T, "U fetch from U page", C_ALG);
	csr_set(mstatus, MSTATUS_SUM);
	expect_ok(PRV_S, LOAD, VA_T, "S load from U page, SUM=1", C_SUM);
	expect_fault(PRV_S, FETCH, VA_T, "S fetch from U page even with SUM=1",
		     C_SUM);
	csr_clear(mstatus, MSTATUS_SUM);

	set_leaf(pte_make(PA_DATA, RWXAD));
	expect_fault(PRV_U, LOAD, VA_T, "U load from S page", C_ALG);
	expect_fault(PRV_U, STORE, VA_T, "U store to S page", C_ALG);
	expect_fault(PRV_U, FETCH, VA_T, "U fetch from S page", C_ALG);
}

/* Svade: the access faults and the PTE is left as it was. */
static int svade_fault(enum access acc, uint64_t pte)
{
	pte |= PTE_V;
	set_leaf(pte);
	try_access(PRV_S, acc, VA_T);
	int ok = fault_ok('M', acc, VA_T) && *leaf == pte;
	if (!ok) {
		show(PRV_S, acc, VA_T);
		puts("  PTE before ");
		printhex(pte);
		puts(" after ");
		printhex(*leaf);
		puts("\n");
	}
	return ok;
}

static void test_accessed_dirty(void)
{
	int ok = 1;
	ok &= svade_fault(LOAD, pte_make(PA_DATA, RWXAD & ~PTE_A));
	ok &= svade_fault(STORE, pte_make(PA_DATA, RWXAD & ~PTE_A));
	ok &= svade_fault(FETCH, pte_make(PA_DATA, RWXAD & ~PTE_A));
	CHECK_XFAIL_QEMU(ok, "A=0: load/store/fetch page fault, PTE unchanged "
			     "(Svade)",
			 C_ALG " / " C_PTE);
	ok = svade_fault(STORE, pte_make(PA_DATA, RWXAD & ~PTE_D));
	ok &= svade_fault(AMO, pte_make(PA_DATA, RWXAD & ~PTE_D));
	CHECK_XFAIL_QEMU(ok, "D=0: store/AMO page fault, PTE unchanged (Svade)",
			 C_ALG " / " C_PTE);
	/* A load does not need D. */
	set_leaf(pte_make(PA_DATA, RWXAD & ~PTE_D));
	expect_ok(PRV_S, LOAD, VA_T, "load from A=1 D=0 page", C_ALG);
	CHECK_EQ_W(*leaf, pte_make(PA_DATA, (RWXAD & ~PTE_D) | PTE_V),
		   "a load leaves D=0", C_PTE);
}

static void test_superpages(void)
{
	/* A 2 MiB leaf whose PPN[0] is not zero. */
	uint64_t *e = pt_map(root_s, 3, VA_2M, PA_DATA + PAGE_SIZE, 1, RWXAD);
	sfence_vma_all();
	expect_fault(PRV_S, LOAD, VA_2M + 0x10, "misaligned 2 MiB superpage",
		     C_ALG);
	*e = pte_make(PA_DATA & ~0x1fffffUL, RWXAD | PTE_V);
	sfence_vma_all();
	expect_ok(PRV_S, LOAD, VA_2M + 0x10, "aligned 2 MiB superpage", C_ALG);

	/* 1 GiB leaves with PPN[1] or PPN[0] not zero. */
	e = pt_map(root_s, 3, VA_1G, RAM_BASE + 0x200000, 2, RWXAD);
	sfence_vma_all();
	expect_fault(PRV_S, LOAD, VA_1G + 0x8, "1 GiB superpage, PPN[1] != 0",
		     C_ALG);
	*e = pte_make(RAM_BASE + PAGE_SIZE, RWXAD | PTE_V);
	sfence_vma_all();
	expect_fault(PRV_S, STORE, VA_1G + 0x8, "1 GiB superpage, PPN[0] != 0",
		     C_ALG);
	*e = pte_make(RAM_BASE, RWXAD | PTE_V);
	sfence_vma_all();
	expect_ok(PRV_S, LOAD, VA_1G + (PA_DATA - RAM_BASE),
		  "aligned 1 GiB superpage", C_ALG);
}

static void test_noncanonical(void)
{
	static const uint64_t bad[] = {
		0x0000004000000000UL, /* bit 39 set, bit 38 clear */
		0xffffff8000000000UL, /* bits 63:39 set, bit 38 clear */
		0x8000000040000000UL, /* only bit 63 set (would be VA_T) */
		0x0000007fc0000000UL, /* bit 38 set, bits 63:39 clear */
	};
	set_leaf(pte_make(PA_DATA, RWXAD));
	for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		expect_fault(PRV_S, LOAD, bad[i], "non-canonical load", C_SV39);
		expect_fault(PRV_S, STORE, bad[i], "non-canonical store", C_SV39);
		expect_fault(PRV_S, FETCH, bad[i], "non-canonical fetch", C_SV39);
	}
}

static void test_reserved_bits(void)
{
	static const struct {
		uint64_t bits;
		const char *what;
	} leafbits[] = {
		{1UL << 54, "leaf PTE bit 54 (reserved)"},
		{1UL << 57, "leaf PTE bit 57 (reserved)"},
		{1UL << 60, "leaf PTE bit 60 (reserved)"},
		{1UL << 61, "leaf PTE PBMT=1 with menvcfg.PBMTE=0"},
		{2UL << 61, "leaf PTE PBMT=2 with menvcfg.PBMTE=0"},
		{1UL << 63, "leaf PTE N=1 with a non-NAPOT PPN"},
	};
	csr_clear(menvcfg, MENVCFG_PBMTE);
	for (unsigned i = 0; i < sizeof leafbits / sizeof leafbits[0]; i++) {
		set_leaf(pte_make(PA_DATA, RWXAD) | leafbits[i].bits);
		expect_fault(PRV_S, LOAD, VA_T, leafbits[i].what, C_SV39);
	}
	set_leaf(pte_make(PA_DATA, RWXAD) | (1UL << 60));
	expect_fault(PRV_S, STORE, VA_T, "leaf PTE bit 60 (store)", C_SV39);
	expect_fault(PRV_S, FETCH, VA_T, "leaf PTE bit 60 (fetch)", C_SV39);
	/* The RSW bits 9:8 are ignored. */
	set_leaf(pte_make(PA_DATA, RWXAD) | (3UL << 8));
	expect_ok(PRV_S, LOAD, VA_T, "RSW bits are ignored", C_PTE);

	/* D, A, U of a non-leaf PTE are reserved. */
	set_leaf(pte_make(PA_DATA, RWXAD));
	static const struct {
		uint64_t bits;
		const char *what;
	} nonleaf[] = {
		{PTE_A, "non-leaf PTE with A=1"},
		{PTE_D, "non-leaf PTE with D=1"},
		{PTE_U, "non-leaf PTE with U=1"},
		{1UL << 60, "non-leaf PTE bit 60"},
	};
	uint64_t saved = *l1e;
	for (unsigned i = 0; i < sizeof nonleaf / sizeof nonleaf[0]; i++) {
		*l1e = saved | nonleaf[i].bits;
		sfence_vma_all();
		expect_fault(PRV_S, LOAD, VA_T, nonleaf[i].what, C_PTE);
	}
	*l1e = saved;
	sfence_vma_all();
	expect_ok(PRV_S, LOAD, VA_T, "restored non-leaf PTE", C_ALG);
}

/* Page faults delegated to S: scause/stval/sepc. */
static void test_delegated(void)
{
	install_s_handler();
	csr_write(medeleg, (1UL << CAUSE_FETCH_PAGE) | (1UL << CAUSE_LOAD_PAGE) |
				   (1UL << CAUSE_STORE_PAGE));
	set_leaf_raw(pte_make(PA_DATA, RWXAD));
	for (int a = LOAD; a <= FETCH; a++) {
		try_access(PRV_S, a, VA_T + 0x18 * (a != FETCH));
		if (!CHECK_W(fault_ok('S', a, VA_T + 0x18 * (a != FETCH)),
			     "delegated page fault from S: scause, stval",
			     C_DELEG " / " C_STVAL))
			show(PRV_S, a, VA_T + 0x18 * (a != FETCH));
	}
	/* From U, with everything user-accessible: the S handler runs from
	 * an S-only alias of RAM. */
	extern char s_trap_stack_top[];
	csr_write(stvec, ALIAS(s_trap_entry));
	csr_write(sscratch, ALIAS(s_trap_stack_top));
	try_access(PRV_U, FETCH, VA_T);
	if (!CHECK_W(fault_ok('S', FETCH, VA_T),
		     "delegated fetch page fault from U: sepc = stval = va",
		     C_DELEG " / " C_STVAL))
		show(PRV_U, FETCH, VA_T);
	CHECK_W(!(trap.status & MSTATUS_SPP), "from U: SPP = 0", C_DELEG);
	try_access(PRV_U, STORE, VA_T + 0x20);
	if (!CHECK_W(fault_ok('S', STORE, VA_T + 0x20),
		     "delegated store page fault from U", C_DELEG " / " C_STVAL))
		show(PRV_U, STORE, VA_T + 0x20);
	install_s_handler();
	csr_write(sscratch, (uint64_t)s_trap_stack_top);
	csr_write(medeleg, 0);
}

int main(void)
{
	if ((uint64_t)_end > PA_DATA) {
		puts("FAIL image overlaps the test's physical areas\n");
		return 2;
	}
	init_data();
	build();
	test_invalid();
	test_permissions();
	test_accessed_dirty();
	test_superpages();
	test_noncanonical();
	test_reserved_bits();
	test_delegated();
	vm_set_satp(0);
	return test_done();
}
