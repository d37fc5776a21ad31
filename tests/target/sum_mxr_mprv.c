/*
 * sum_mxr_mprv - the mstatus bits that modify the privilege of loads and
 * stores: SUM (S-mode access to U pages), MXR (loads from execute-only
 * pages, in S and U), and MPRV (M-mode loads and stores translated and
 * checked as MPP, with SUM/MXR applying, while fetches stay untranslated).
 */
#include "common/test.h"

const char test_name[] = "sum_mxr_mprv";

#define C_SUM "supervisor.adoc: Memory Privilege in `sstatus` Register"
#define C_MPRV "machine.adoc: Memory Privilege in `mstatus` Register"
#define C_ALG "supervisor.adoc: Virtual Address Translation Process"

#define PA_DATA 0x80800000UL
#define RWXAD (PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)

/* Test pages (VA -> PA_DATA + i pages). */
#define VA_U 0x40000000UL /* U, RW */
#define VA_X 0x40001000UL /* S, execute-only */
#define VA_XU 0x40002000UL /* U, execute-only */
#define VA_S 0x40003000UL /* S, RW */
#define PA_OF(va) (PA_DATA + ((va) & 0xf000))

extern char _end[];

static uint64_t value(uint64_t va)
{
	return 0x1234000000000000UL | va;
}

static void fill(void)
{
	for (uint64_t va = VA_U; va <= VA_S; va += PAGE_SIZE)
		*(volatile uint64_t *)(PA_OF(va) + 8) = value(va);
}

static uint64_t lower_load(uint64_t va)
{
	return *(volatile uint64_t *)(va + 8);
}
static uint64_t lower_store(uint64_t va)
{
	*(volatile uint64_t *)(va + 8) = 0xabcd;
	return 0;
}

/* Load (or store) va+8 in prv with `bits` of mstatus set; 1 if it worked
 * (right value, no trap), 0 if it page-faulted at va+8. */
static int lower(int prv, int store, uint64_t va, uint64_t bits)
{
	fill();
	csr_clear(mstatus, MSTATUS_SUM | MSTATUS_MXR);
	csr_set(mstatus, bits);
	trap_arm();
	uint64_t v = run_lower(prv, store ? lower_store : lower_load, va);
	trap_armed = 0;
	csr_clear(mstatus, MSTATUS_SUM | MSTATUS_MXR);
	if (trap.taken)
		return trap.cause == (store ? CAUSE_STORE_PAGE : CAUSE_LOAD_PAGE) &&
				       trap.tval == va + 8
			       ? 0
			       : -1;
	if (store)
		return *(volatile uint64_t *)(PA_OF(va) + 8) == 0xabcd ? 1 : -1;
	return v == value(va) ? 1 : -1;
}

#define EXPECT(got, want, what, clause) \
	CHECK_EQ_W(got, want, what " (1 works, 0 page fault)", clause)

static void test_sum(void)
{
	EXPECT(lower(PRV_S, 0, VA_U, 0), 0, "S load from U page, SUM=0", C_SUM);
	EXPECT(lower(PRV_S, 1, VA_U, 0), 0, "S store to U page, SUM=0", C_SUM);
	EXPECT(lower(PRV_S, 0, VA_U, MSTATUS_SUM), 1,
	       "S load from U page, SUM=1", C_SUM);
	EXPECT(lower(PRV_S, 1, VA_U, MSTATUS_SUM), 1,
	       "S store to U page, SUM=1", C_SUM);
	EXPECT(lower(PRV_S, 0, VA_S, MSTATUS_SUM), 1,
	       "S load from S page, SUM=1", C_SUM);
}

static void test_mxr(uint64_t *root_u)
{
	EXPECT(lower(PRV_S, 0, VA_X, 0), 0, "S load from X-only page, MXR=0",
	       C_SUM);
	EXPECT(lower(PRV_S, 0, VA_X, MSTATUS_MXR), 1,
	       "S load from X-only page, MXR=1", C_SUM);
	EXPECT(lower(PRV_S, 1, VA_X, MSTATUS_MXR), 0,
	       "S store to X-only page, MXR=1", C_SUM);
	EXPECT(lower(PRV_S, 0, VA_XU, MSTATUS_MXR), 0,
	       "S load from X-only U page, MXR=1 SUM=0", C_SUM);
	EXPECT(lower(PRV_S, 0, VA_XU, MSTATUS_MXR | MSTATUS_SUM), 1,
	       "S load from X-only U page, MXR=1 SUM=1", C_SUM);

	uint64_t satp = csr_read(satp);
	vm_set_satp(satp_make(SATP_MODE_SV39, 0, root_u));
	EXPECT(lower(PRV_U, 0, VA_XU, 0), 0, "U load from X-only page, MXR=0",
	       C_SUM);
	EXPECT(lower(PRV_U, 0, VA_XU, MSTATUS_MXR), 1,
	       "U load from X-only page, MXR=1", C_SUM);
	EXPECT(lower(PRV_U, 0, VA_U, 0), 1, "U load from U page", C_ALG);
	vm_set_satp(satp);
}

/*
 * One M-mode load or store with MPRV=1, MPP=mpp and `bits`; no stack use
 * in between (the stack is not mapped in the translated address space).
 */
static uint64_t mprv_access(uint64_t mpp, uint64_t bits, uint64_t addr,
			    int store)
{
	uint64_t old, r = 0;
	uint64_t set = (mpp << MSTATUS_MPP_SHIFT) | MSTATUS_MPRV | bits;
	uint64_t clr = MSTATUS_MPP | MSTATUS_MPRV | MSTATUS_SUM | MSTATUS_MXR;
	if (store)
		asm volatile("csrr %0, mstatus\n"
			     "csrc mstatus, %1\n"
			     "csrs mstatus, %2\n"
			     "sd %3, 0(%4)\n"
			     "csrw mstatus, %0"
			     : "=&r"(old)
			     : "r"(clr), "r"(set), "r"(0xabcdUL), "r"(addr)
			     : "memory");
	else
		asm volatile("csrr %0, mstatus\n"
			     "csrc mstatus, %2\n"
			     "csrs mstatus, %3\n"
			     "ld %1, 0(%4)\n"
			     "csrw mstatus, %0"
			     : "=&r"(old), "=&r"(r)
			     : "r"(clr), "r"(set), "r"(addr)
			     : "memory");
	return r;
}

/* Like lower(), for an M-mode access with MPRV. */
static int mprv(uint64_t mpp, int store, uint64_t va, uint64_t bits)
{
	fill();
	trap_arm();
	uint64_t v = mprv_access(mpp, bits, va + 8, store);
	trap_armed = 0;
	if (trap.taken)
		return trap.cause == (store ? CAUSE_STORE_PAGE : CAUSE_LOAD_PAGE) &&
				       trap.tval == va + 8 && trap.mode == 'M'
			       ? 0
			       : -1;
	if (store)
		return *(volatile uint64_t *)(PA_OF(va) + 8) == 0xabcd ? 1 : -1;
	return v == value(va) ? 1 : -1;
}

static void test_mprv(uint64_t *root_bare)
{
	/* An address space with only the test pages: M-mode code, stack and
	 * data are not mapped, so any translated fetch would fault. */
	vm_set_satp(satp_make(SATP_MODE_SV39, 0, root_bare));

	EXPECT(mprv(PRV_S, 0, VA_S, 0), 1, "MPRV, MPP=S: load is translated",
	       C_MPRV);
	EXPECT(mprv(PRV_S, 1, VA_S, 0), 1, "MPRV, MPP=S: store is translated",
	       C_MPRV);
	EXPECT(mprv(PRV_S, 0, VA_U, 0), 0, "MPRV, MPP=S: U page with SUM=0",
	       C_MPRV);
	EXPECT(mprv(PRV_S, 0, VA_U, MSTATUS_SUM), 1,
	       "MPRV, MPP=S: U page with SUM=1", C_MPRV);
	EXPECT(mprv(PRV_S, 0, VA_X, 0), 0, "MPRV, MPP=S: X-only page, MXR=0",
	       C_MPRV);
	EXPECT(mprv(PRV_S, 0, VA_X, MSTATUS_MXR), 1,
	       "MPRV, MPP=S: X-only page, MXR=1", C_MPRV);
	EXPECT(mprv(PRV_U, 0, VA_U, 0), 1, "MPRV, MPP=U: load from U page",
	       C_MPRV);
	EXPECT(mprv(PRV_U, 1, VA_U, 0), 1, "MPRV, MPP=U: store to U page",
	       C_MPRV);
	EXPECT(mprv(PRV_U, 0, VA_S, 0), 0, "MPRV, MPP=U: load from S page",
	       C_MPRV);
	EXPECT(mprv(PRV_U, 1, VA_S, 0), 0, "MPRV, MPP=U: store to S page",
	       C_MPRV);

	/* MPP=M: physical, untranslated. */
	fill();
	uint64_t v = mprv_access(PRV_M, 0, PA_OF(VA_S) + 8, 0);
	CHECK_EQ_W(v, value(VA_S), "MPRV, MPP=M: load is not translated",
		   C_MPRV);

	/* Without MPRV, M-mode ignores satp. */
	CHECK_EQ_W(*(volatile uint64_t *)(PA_OF(VA_S) + 8), value(VA_S),
		   "M-mode access is physical with satp set", C_MPRV);
	vm_set_satp(0);
}

int main(void)
{
	if ((uint64_t)_end > PA_DATA) {
		puts("FAIL image overlaps the test's physical areas\n");
		return 2;
	}
	/* S root: identity RAM (S) + test pages. */
	uint64_t *root_s = vm_identity_root(3, RWXAD);
	pt_map(root_s, 3, VA_U, PA_OF(VA_U), 0, PTE_R | PTE_W | PTE_A | PTE_D | PTE_U);
	pt_map(root_s, 3, VA_X, PA_OF(VA_X), 0, PTE_X | PTE_A);
	pt_map(root_s, 3, VA_XU, PA_OF(VA_XU), 0, PTE_X | PTE_A | PTE_U);
	pt_map(root_s, 3, VA_S, PA_OF(VA_S), 0, PTE_R | PTE_W | PTE_A | PTE_D);
	/* U root: identity RAM (U) + the same test pages. */
	uint64_t *root_u = vm_identity_root(3, RWXAD | PTE_U);
	root_u[1] = root_s[1];
	/* Test pages only. */
	uint64_t *root_bare = pt_alloc();
	root_bare[1] = root_s[1];

	vm_set_satp(satp_make(SATP_MODE_SV39, 0, root_s));
	test_sum();
	test_mxr(root_u);
	test_mprv(root_bare);
	return test_done();
}
