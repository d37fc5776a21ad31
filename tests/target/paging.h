/*
 * paging.h - the body of the sv39 and sv48 tests (one file each defines
 * LEVELS, SATP_MODE and the clause names, then includes this).
 *
 * Page tables built in M-mode map test data at virtual addresses far from
 * its physical address with 4 KiB, 2 MiB, 1 GiB (and with Sv48 512 GiB)
 * leaves; S-mode and U-mode code reads and writes through them, fetches
 * from a translated page, and runs a 32-bit instruction whose halves lie
 * in two virtual pages mapped to unrelated physical pages. Every value
 * read through a mapping must equal the physical data.
 */
#include "common/test.h"

/* Physical areas, above the test image. */
#define PA_4K 0x80800000UL /* 8 pages used */
#define PA_2M 0x80a00000UL /* a 2 MiB aligned area */
#define PA_SCRATCH 0x80900000UL

/* Virtual addresses (all in the lower half unless noted). */
#define VA_4K 0x40000000UL
#define VA_2M 0x40200000UL
#define VA_1G 0x100000000UL
#define VA_CODE 0x40008000UL
#define VA_STRADDLE 0x4000a000UL

#define RWXAD (PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)
#define RWAD (PTE_R | PTE_W | PTE_A | PTE_D)

extern char _end[];

static uint64_t pattern(uint64_t pa)
{
	return pa ^ 0x5a5a5a5a00000000UL ^ (pa << 40);
}

static void put(uint64_t pa)
{
	*(volatile uint64_t *)pa = pattern(pa);
}

static uint64_t lower_read(uint64_t va)
{
	return *(volatile uint64_t *)va;
}

static uint64_t lower_write(uint64_t va)
{
	*(volatile uint64_t *)va = 0xc0ffee0000000000UL | (va & 0xffffffff);
	return 0;
}

static uint64_t lower_call(uint64_t va)
{
	return ((uint64_t(*)(uint64_t))va)(41);
}

static uint64_t lower_call0(uint64_t va)
{
	return ((uint64_t(*)(void))va)();
}

/* Read va in prv and compare with the physical data at pa. */
static void check_read(int prv, uint64_t va, uint64_t pa, const char *what)
{
	put(pa);
	trap_arm();
	uint64_t v = run_lower(prv, lower_read, va);
	trap_armed = 0;
	if (!CHECK_EQ_W(v, pattern(pa), what, C_TRANS) || trap.taken) {
		puts("  va ");
		printhex(va);
		puts(" pa ");
		printhex(pa);
		puts(trap.taken ? " (trapped)\n" : "\n");
	}
}

static void check_write(int prv, uint64_t va, uint64_t pa, const char *what)
{
	*(volatile uint64_t *)pa = 0;
	run_lower(prv, lower_write, va);
	CHECK_EQ_W(*(volatile uint64_t *)pa,
		   0xc0ffee0000000000UL | (va & 0xffffffff), what, C_TRANS);
}

/* Code at PA_4K + 7 pages: `addi a0, a0, 1; ret`, mapped at VA_CODE. */
static void make_code(void)
{
	volatile uint32_t *c = (volatile uint32_t *)(PA_4K + 7 * PAGE_SIZE);
	c[0] = 0x00150513; /* addi a0, a0, 1 */
	c[1] = 0x00008067; /* jalr x0, 0(ra) */
}

/*
 * VA_STRADDLE -> PA_4K + 5 pages, VA_STRADDLE + 4 KiB -> PA_4K + 3 pages.
 * At VA_STRADDLE + 0xffa: c.li a0, 1; c.nop; addi a0, a0, 5 (its upper
 * half in the second page); c.jr ra. Returns 6.
 */
static void make_straddle(void)
{
	volatile uint16_t *p1 = (volatile uint16_t *)(PA_4K + 5 * PAGE_SIZE);
	volatile uint16_t *p2 = (volatile uint16_t *)(PA_4K + 3 * PAGE_SIZE);
	p1[0xffa / 2] = 0x4505; /* c.li a0, 1 */
	p1[0xffc / 2] = 0x0001; /* c.nop */
	p1[0xffe / 2] = 0x0513; /* addi a0, a0, 5: low half */
	p2[0] = 0x0055; /* ... high half */
	p2[1] = 0x8082; /* c.jr ra */
	p2[2] = 0x0000; /* reached only if the halves were mixed up */
}

/* The test's address space; u adds PTE_U to every leaf. */
static uint64_t *build(uint64_t u)
{
	pt_reset();
	uint64_t *root = vm_identity_root(LEVELS, RWXAD | u);
	/* 4 KiB pages in reverse physical order. */
	for (int i = 0; i < 3; i++)
		pt_map(root, LEVELS, VA_4K + i * PAGE_SIZE,
		       PA_4K + (2 - i) * PAGE_SIZE, 0, RWAD | u);
	pt_map(root, LEVELS, VA_2M, PA_2M, 1, RWAD | u);
	pt_map(root, LEVELS, VA_1G, RAM_BASE, 2, RWAD | u);
	pt_map(root, LEVELS, VA_HIGH, RAM_BASE, 2, RWAD | u);
	pt_map(root, LEVELS, VA_CODE, PA_4K + 7 * PAGE_SIZE, 0,
	       PTE_X | PTE_A | u);
	pt_map(root, LEVELS, VA_STRADDLE, PA_4K + 5 * PAGE_SIZE, 0,
	       PTE_R | PTE_X | PTE_A | u);
	pt_map(root, LEVELS, VA_STRADDLE + PAGE_SIZE, PA_4K + 3 * PAGE_SIZE, 0,
	       PTE_R | PTE_X | PTE_A | u);
#ifdef VA_TERA
	pt_map(root, LEVELS, VA_TERA, 0, 3, RWAD | u);
#endif
	return root;
}

static void run_checks(int prv)
{
	for (int i = 0; i < 3; i++) {
		check_read(prv, VA_4K + i * PAGE_SIZE + 8 * i,
			   PA_4K + (2 - i) * PAGE_SIZE + 8 * i,
			   "4 KiB page read");
	}
	check_read(prv, VA_4K + 0xff8, PA_4K + 2 * PAGE_SIZE + 0xff8,
		   "4 KiB page read, last word");
	check_write(prv, VA_4K + PAGE_SIZE + 0x10, PA_4K + PAGE_SIZE + 0x10,
		    "4 KiB page write");

	check_read(prv, VA_2M, PA_2M, "2 MiB page read, first word");
	check_read(prv, VA_2M + 0x12348, PA_2M + 0x12348, "2 MiB page read");
	check_read(prv, VA_2M + 0x1ffff8, PA_2M + 0x1ffff8,
		   "2 MiB page read, last word");
	check_write(prv, VA_2M + 0x100000, PA_2M + 0x100000,
		    "2 MiB page write");

	check_read(prv, VA_1G + (PA_SCRATCH - RAM_BASE), PA_SCRATCH,
		   "1 GiB page read");
	check_read(prv, VA_1G + 0x0ffffff8, RAM_BASE + 0x0ffffff8,
		   "1 GiB page read, end of RAM");
	check_write(prv, VA_1G + (PA_SCRATCH - RAM_BASE) + 0x40,
		    PA_SCRATCH + 0x40, "1 GiB page write");
	check_read(prv, VA_HIGH + (PA_SCRATCH - RAM_BASE) + 8, PA_SCRATCH + 8,
		   "1 GiB page in the upper half of the address space");
#ifdef VA_TERA
	check_read(prv, VA_TERA + PA_SCRATCH + 16, PA_SCRATCH + 16,
		   "512 GiB page read");
	check_write(prv, VA_TERA + PA_SCRATCH + 0x80, PA_SCRATCH + 0x80,
		    "512 GiB page write");
#endif

	trap_arm();
	uint64_t r = run_lower(prv, lower_call, VA_CODE);
	trap_armed = 0;
	CHECK_W(trap.taken == 0 && r == 42,
		"fetch from a translated execute-only page", C_TRANS);
	trap_arm();
	r = run_lower(prv, lower_call0, VA_STRADDLE + 0xffa);
	trap_armed = 0;
	CHECK_W(trap.taken == 0 && r == 6,
		"32-bit instruction across two virtual pages",
		C_TRANS " / c-st-ext.adoc: Overview");
}

int main(void)
{
	if ((uint64_t)_end > PA_4K) {
		puts("FAIL image overlaps the test's physical areas\n");
		return 2;
	}
	make_code();
	make_straddle();
	fence_i();

	uint64_t *root = build(0);
	vm_set_satp(satp_make(SATP_MODE, 0, root));
	CHECK_EQ_W(csr_read(satp) >> SATP_MODE_SHIFT, SATP_MODE,
		   "satp takes the mode", C_MODE);
	run_checks(PRV_S);

	root = build(PTE_U);
	vm_set_satp(satp_make(SATP_MODE, 0, root));
	run_checks(PRV_U);

	vm_set_satp(0);
	return test_done();
}
