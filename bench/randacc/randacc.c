/*
 * randacc - random read-modify-write over 64 MiB through Sv39 4 KiB pages.
 *
 * M-mode maps the table (GUPS_TABLE_BYTES at RANDACC_DATA_VA) and the image
 * itself with 4 KiB pages, then runs the GUPS-like updates of gups.h in
 * S-mode with satp in Sv39 mode: every update touches a random page, so the
 * run is dominated by TLB misses and page walks. Back in M-mode, it checks
 * the final generator state and a digest of the whole table, read through
 * physical addresses, against the values the host computed with the same
 * code at build time (randacc_expect.h): an emulator that loses an update,
 * mistranslates an address or miscomputes the generator fails the run.
 */
#include "bench.h"
#include "gups.h"
#include "randacc_expect.h"

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define MEGAPAGE_SIZE (2UL << 20)

/* Sv39 (privileged spec, "Sv39: Page-Based 39-bit Virtual-Memory System"). */
#define SV39_LEVELS 3
#define PTES_PER_TABLE 512
#define SATP_MODE_SV39 (8ULL << 60)
#define PTE_V (1U << 0)
#define PTE_R (1U << 1)
#define PTE_W (1U << 2)
#define PTE_X (1U << 3)
#define PTE_A (1U << 6)
#define PTE_D (1U << 7)
#define PTE_PPN_SHIFT 10

/*
 * Where S-mode sees the table: 1 GiB, deliberately not the physical address,
 * so that nothing works unless translation does.
 */
#define RANDACC_DATA_VA 0x40000000UL

/* Root + 2 level-1 tables + 32 level-0 tables for the table + image's own. */
#define PT_POOL_TABLES 40

typedef uint64_t pte_t;

extern char __image_start[], __text_end[], __image_end[];

static pte_t pt_pool[PT_POOL_TABLES][PTES_PER_TABLE]
	__attribute__((aligned(PAGE_SIZE)));
static unsigned pt_used;

static uint8_t smode_stack[16384] __attribute__((aligned(16)));

static inline uint64_t pte_to_pa(pte_t pte)
{
	return (pte >> PTE_PPN_SHIFT) << PAGE_SHIFT;
}

static inline pte_t pa_to_pte(uint64_t pa, unsigned flags)
{
	return ((pa >> PAGE_SHIFT) << PTE_PPN_SHIFT) | flags;
}

static inline unsigned sv39_index(uint64_t va, int level)
{
	return (va >> (PAGE_SHIFT + 9 * level)) & (PTES_PER_TABLE - 1);
}

/* A zeroed page-table page from the pool (.bss, so already zero). */
static pte_t *pt_alloc(void)
{
	if (pt_used == PT_POOL_TABLES) {
		bench_puts("randacc: page-table pool exhausted\n");
		bench_exit(BENCH_EXIT_SETUP);
	}
	return pt_pool[pt_used++];
}

/*
 * Maps the 4 KiB page at va to pa with the given leaf permissions, creating
 * intermediate tables as needed. A and D are preset, since hmvirt follows
 * Svade (no hardware A/D update) and the page would otherwise fault.
 */
static void map_page(pte_t *root, uint64_t va, uint64_t pa, unsigned perm)
{
	pte_t *table = root;

	for (int level = SV39_LEVELS - 1; level > 0; level--) {
		pte_t *pte = &table[sv39_index(va, level)];

		if (!(*pte & PTE_V))
			*pte = pa_to_pte((uint64_t)pt_alloc(), PTE_V);
		table = (pte_t *)pte_to_pa(*pte);
	}
	table[sv39_index(va, 0)] = pa_to_pte(pa, perm | PTE_V | PTE_A | PTE_D);
}

static void map_range(pte_t *root, uint64_t va, uint64_t pa, uint64_t size,
		      unsigned perm)
{
	for (uint64_t off = 0; off < size; off += PAGE_SIZE)
		map_page(root, va + off, pa + off, perm);
}

/* Lets S-mode reach all of physical memory (else PMP denies every access). */
static void pmp_allow_all(void)
{
	__asm__ volatile("csrw pmpaddr0, %0" : : "r"(~0UL >> 10));
	__asm__ volatile("csrw pmpcfg0, %0" : : "r"(0x1fUL)); /* NAPOT, RWX */
}

/* The measured region, run in S-mode through the page tables. */
static long gups_smode(long arg)
{
	uint64_t *table = (uint64_t *)RANDACC_DATA_VA;
	uint64_t r = bench_roi_begin((uint64_t)arg);

	r = gups_update(table, r, GUPS_UPDATES);
	return (long)bench_roi_end(r);
}

static int check(const char *what, uint64_t got, uint64_t want)
{
	bench_puts(what);
	bench_putc('=');
	bench_puthex(got);
	if (got == want)
		return 0;
	bench_puts(" (expected ");
	bench_puthex(want);
	bench_putc(')');
	return 1;
}

int main(void)
{
	uint64_t data_pa = ((uint64_t)__image_end + MEGAPAGE_SIZE - 1) &
			   ~(MEGAPAGE_SIZE - 1);
	uint64_t *table_pa = (uint64_t *)data_pa;
	uint64_t text = (uint64_t)__image_start;
	uint64_t rest = (uint64_t)__text_end;
	pte_t *root = pt_alloc();
	uint64_t state;
	int bad;

	map_range(root, text, text, rest - text, PTE_R | PTE_X);
	map_range(root, rest, rest, (uint64_t)__image_end - rest, PTE_R | PTE_W);
	map_range(root, RANDACC_DATA_VA, data_pa, GUPS_TABLE_BYTES,
		  PTE_R | PTE_W);
	gups_init(table_pa);
	pmp_allow_all();
	__asm__ volatile("csrw satp, %0\n\tsfence.vma" : :
			 "r"(SATP_MODE_SV39 | ((uint64_t)root >> PAGE_SHIFT))
			 : "memory");

	state = (uint64_t)bench_run_smode(gups_smode, (long)GUPS_SEED,
					  smode_stack + sizeof smode_stack);

	__asm__ volatile("csrw satp, zero\n\tsfence.vma" : : : "memory");
	bench_puts("randacc: updates=");
	bench_putdec(GUPS_UPDATES);
	bench_puts(" table=");
	bench_putdec(GUPS_TABLE_BYTES >> 20);
	bench_puts("MiB pagetables=");
	bench_putdec(pt_used);
	bench_putc(' ');
	bad = check("state", state, RANDACC_EXPECT_STATE);
	bench_putc(' ');
	bad |= check("digest", gups_digest(table_pa), RANDACC_EXPECT_DIGEST);
	bench_puts(bad ? " FAIL\n" : " PASS\n");
	return bad ? BENCH_EXIT_WRONG : 0;
}
