/*
 * hyp.c - the HS-mode hypervisor of bench/randacc2s.
 *
 * Builds the G-stage table (Sv39x4, 4 KiB pages, GPA + HOST_GUEST_OFFSET)
 * and, inside guest memory, the guest's VS-stage table (Sv39, 4 KiB pages),
 * loads the guest (a copy of the .guest section), runs it in VS-mode and
 * checks what it computed: the final generator state it returns and a
 * digest of its table, read through host physical addresses.
 *
 * In the lazy variant the G-stage starts with only the guest's kernel,
 * stack and page tables mapped; every table page is backed on its first
 * touch by the guest-page-fault handler, from a pool handed out top down
 * so that the table ends up scattered (reversed) in host memory.
 *
 * Runs with satp = 0 (bare): host physical addresses are used directly.
 */
#include <stddef.h>

#include "bench.h"
#include "randacc2s.h"

/* Hypervisor CSRs by number: clang 14 knows no names for them. */
#define CSR_VSATP 0x280
#define CSR_HSTATUS 0x600
#define CSR_HEDELEG 0x602
#define CSR_HIDELEG 0x603
#define CSR_HTVAL 0x643
#define CSR_HTINST 0x64a
#define CSR_HGATP 0x680

#define R2S_STR_(x) #x
#define R2S_STR(x) R2S_STR_(x)
#define csr_read(csr)                                                          \
	({                                                                     \
		uint64_t v_;                                                   \
		__asm__ volatile("csrr %0, " R2S_STR(csr) : "=r"(v_));        \
		v_;                                                            \
	})
#define csr_write(csr, val)                                                    \
	__asm__ volatile("csrw " R2S_STR(csr) ", %0"                           \
			 : : "r"((uint64_t)(val)) : "memory")

#define HSTATUS_GVA (1UL << 6)
#define HSTATUS_SPV (1UL << 7)

/* scause values of the traps the guest may raise. */
#define CAUSE_ECALL_VS 10
#define CAUSE_FETCH_GUEST_PAGE_FAULT 20
#define CAUSE_LOAD_GUEST_PAGE_FAULT 21
#define CAUSE_STORE_GUEST_PAGE_FAULT 23

/* Sv39 and Sv39x4 (privileged spec; hypervisor.adoc for the x4 root). */
#define PTES_PER_TABLE 512
#define GSTAGE_ROOT_PTES 2048 /* 16 KiB root: GPA bits 40:30 */
#define SATP_MODE_SV39 (8ULL << 60)
#define HGATP_MODE_SV39X4 (8ULL << 60)
#define HGATP_MODE_SHIFT 60
#define ATP_PPN_MASK ((1ULL << 44) - 1)
#define PTE_V (1U << 0)
#define PTE_R (1U << 1)
#define PTE_W (1U << 2)
#define PTE_X (1U << 3)
#define PTE_U (1U << 4)
#define PTE_A (1U << 6)
#define PTE_D (1U << 7)
#define PTE_PPN_SHIFT 10
#define PAGE_MASK (R2S_PAGE_SIZE - 1)

/* G-stage: 1 level-1 and 33 level-0 tables cover the 66 MiB of guest RAM. */
#define GSTAGE_POOL_TABLES 40
#define GUEST_PT_TABLES (GUEST_PT_BYTES / R2S_PAGE_SIZE)
#define TABLE_PAGES (GUPS_TABLE_BYTES / R2S_PAGE_SIZE)

typedef uint64_t pte_t;

static pte_t gstage_root[GSTAGE_ROOT_PTES] __attribute__((aligned(16384)));
static pte_t gstage_pool[GSTAGE_POOL_TABLES][PTES_PER_TABLE]
	__attribute__((aligned(R2S_PAGE_SIZE)));
static unsigned gstage_used;

static uint64_t vs_root_gpa; /* root of the guest's VS-stage table */
static unsigned vs_used;     /* VS-stage tables taken from GUEST_PT_GPA */

static uint64_t pool_next = HOST_POOL_TOP; /* lazy: next table page, down */
static uint64_t gfaults;		   /* lazy: guest-page faults served */
static uint64_t htval_zero;		   /* ... of which htval was 0 */

static uint8_t hyp_trap_stack[4096] __attribute__((aligned(16)));

static inline uint64_t pte_to_pa(pte_t pte)
{
	return (pte >> PTE_PPN_SHIFT) << R2S_PAGE_SHIFT;
}

static inline pte_t pa_to_pte(uint64_t pa, unsigned flags)
{
	return ((pa >> R2S_PAGE_SHIFT) << PTE_PPN_SHIFT) | flags;
}

static inline unsigned sv39_index(uint64_t va, int level)
{
	return (va >> (R2S_PAGE_SHIFT + 9 * level)) & (PTES_PER_TABLE - 1);
}

/* HFENCE.GVMA gpa, x0: G-stage translations of one guest page, any VMID. */
static inline void hfence_gvma_page(uint64_t gpa)
{
	__asm__ volatile(".insn r 0x73, 0, 0x31, x0, %0, x0"
			 : : "r"(gpa >> 2) : "memory");
}

/* HFENCE.GVMA x0, x0 and HFENCE.VVMA x0, x0: everything. */
static inline void hfence_gvma_all(void)
{
	__asm__ volatile(".insn r 0x73, 0, 0x31, x0, x0, x0" : : : "memory");
}

static inline void hfence_vvma_all(void)
{
	__asm__ volatile(".insn r 0x73, 0, 0x11, x0, x0, x0" : : : "memory");
}

static __attribute__((noreturn)) void hyp_fail(const char *what, uint64_t v)
{
	bench_puts(r2s_config.name);
	bench_puts(": ");
	bench_puts(what);
	bench_putc(' ');
	bench_puthex(v);
	bench_putc('\n');
	bench_exit(BENCH_EXIT_SETUP);
}

/* Clears a 4 KiB page, 64 bytes per iteration. */
static void zero_page(uint64_t *page)
{
	for (uint64_t *p = page; p < page + R2S_PAGE_SIZE / 8; p += 8) {
		p[0] = 0;
		p[1] = 0;
		p[2] = 0;
		p[3] = 0;
		p[4] = 0;
		p[5] = 0;
		p[6] = 0;
		p[7] = 0;
	}
}

/* A zeroed G-stage table from the pool (.bss, so already zero). */
static pte_t *gstage_alloc(void)
{
	if (gstage_used == GSTAGE_POOL_TABLES)
		hyp_fail("G-stage table pool exhausted at", gstage_used);
	return gstage_pool[gstage_used++];
}

/*
 * Returns the level-0 G-stage PTE of gpa, creating the tables on the way
 * if create is set; NULL if one is missing and create is clear.
 */
static pte_t *gstage_pte(uint64_t gpa, int create)
{
	pte_t *pte = &gstage_root[(gpa >> 30) & (GSTAGE_ROOT_PTES - 1)];

	for (int level = 1; level >= 0; level--) {
		if (!(*pte & PTE_V)) {
			if (!create)
				return NULL;
			*pte = pa_to_pte((uint64_t)gstage_alloc(), PTE_V);
		}
		pte = &((pte_t *)pte_to_pa(*pte))[sv39_index(gpa, level)];
	}
	return pte;
}

/*
 * Maps the guest page at gpa to the host page at hpa, read/write/execute.
 * G-stage leaves must have U set (guest accesses count as U-mode ones);
 * A and D are preset, as hmvirt follows Svade.
 */
static void gstage_map(uint64_t gpa, uint64_t hpa)
{
	*gstage_pte(gpa, 1) = pa_to_pte(hpa, PTE_V | PTE_R | PTE_W | PTE_X |
					       PTE_U | PTE_A | PTE_D);
}

/* The host address of the guest page at gpa; fatal if it is not mapped. */
static uint64_t *guest_page(uint64_t gpa)
{
	pte_t *pte = gstage_pte(gpa, 0);

	if (!pte || !(*pte & PTE_V))
		hyp_fail("no G-stage mapping for GPA", gpa);
	return (uint64_t *)pte_to_pa(*pte);
}

/* A zeroed VS-stage table from GUEST_PT_GPA; returns its GPA. */
static uint64_t vs_alloc(void)
{
	uint64_t gpa = GUEST_PT_GPA + (uint64_t)vs_used * R2S_PAGE_SIZE;

	if (vs_used == GUEST_PT_TABLES)
		hyp_fail("VS-stage table pool exhausted at", vs_used);
	vs_used++;
	zero_page(guest_page(gpa));
	return gpa;
}

/*
 * Returns (the host address of) the level-0 VS-stage PTE of va in the
 * table rooted at root_gpa, creating tables if create is set; NULL if one
 * is missing and create is clear. Only the guest's RAM is walked.
 */
static pte_t *vs_pte(uint64_t root_gpa, uint64_t va, int create)
{
	pte_t *table = guest_page(root_gpa);

	for (int level = 2; level > 0; level--) {
		pte_t *pte = &table[sv39_index(va, level)];

		if (!(*pte & PTE_V)) {
			if (!create)
				return NULL;
			*pte = pa_to_pte(vs_alloc(), PTE_V);
		} else if (*pte & (PTE_R | PTE_X)) {
			return NULL; /* a superpage: the guest made none */
		}
		table = guest_page(pte_to_pa(*pte));
	}
	return &table[sv39_index(va, 0)];
}

/* Maps guest va to gpa in the guest's table (VS-mode pages, A/D preset). */
static void vs_map_range(uint64_t va, uint64_t gpa, uint64_t size,
			 unsigned perm)
{
	for (uint64_t off = 0; off < size; off += R2S_PAGE_SIZE)
		*vs_pte(vs_root_gpa, va + off, 1) =
			pa_to_pte(gpa + off, perm | PTE_V | PTE_A | PTE_D);
}

/*
 * Translates guest virtual address va with the guest's current vsatp, as
 * the hardware would; returns 0 and sets *gpa, or -1 if va is unmapped.
 */
static int vs_translate(uint64_t va, uint64_t *gpa)
{
	uint64_t root = (csr_read(CSR_VSATP) & ATP_PPN_MASK) << R2S_PAGE_SHIFT;
	pte_t *pte = vs_pte(root, va, 0);

	if (!pte || !(*pte & PTE_V))
		return -1;
	*gpa = pte_to_pa(*pte) | (va & PAGE_MASK);
	return 0;
}

/* Builds the G-stage: all of guest RAM, or (lazy) all but the table. */
static void build_gstage(int lazy)
{
	uint64_t size = lazy ? GUEST_DATA_GPA - GUEST_RAM_GPA : GUEST_RAM_BYTES;

	for (uint64_t off = 0; off < size; off += R2S_PAGE_SIZE)
		gstage_map(GUEST_RAM_GPA + off, HOST_GUEST_HPA + off);
}

/*
 * Loads the guest kernel (the .guest section) at GUEST_KERNEL_GPA and
 * builds its VS-stage table: the kernel at its link address, read/execute;
 * the stack and the table read/write. Needs the G-stage of the guest's
 * kernel, stack and page-table areas.
 */
static void build_guest(void)
{
	uint64_t start = (uint64_t)__guest_start;
	uint64_t size = (uint64_t)__guest_end - start;

	if (size > GUEST_KERNEL_MAX)
		hyp_fail("guest kernel too big:", size);
	for (uint64_t off = 0; off < size; off += R2S_PAGE_SIZE) {
		const uint64_t *src = (const uint64_t *)(start + off);
		uint64_t *dst = guest_page(GUEST_KERNEL_GPA + off);

		for (unsigned i = 0; i < R2S_PAGE_SIZE / 8; i++)
			dst[i] = src[i];
	}
	vs_root_gpa = vs_alloc();
	vs_map_range(start, GUEST_KERNEL_GPA, size, PTE_R | PTE_X);
	vs_map_range(GUEST_STACK_VA, GUEST_STACK_GPA, GUEST_STACK_BYTES,
		     PTE_R | PTE_W);
	vs_map_range(GUEST_DATA_VA, GUEST_DATA_GPA, GUPS_TABLE_BYTES,
		     PTE_R | PTE_W);
}

static __attribute__((noreturn)) void hyp_unexpected(uint64_t cause)
{
	bench_puts("\n");
	bench_puts(r2s_config.name);
	bench_puts(": unexpected trap to HS scause=");
	bench_puthex(cause);
	bench_puts(" sepc=");
	bench_puthex(csr_read(sepc));
	bench_puts(" stval=");
	bench_puthex(csr_read(stval));
	bench_puts("\n  htval=");
	bench_puthex(csr_read(CSR_HTVAL));
	bench_puts(" htinst=");
	bench_puthex(csr_read(CSR_HTINST));
	bench_puts(" hstatus=");
	bench_puthex(csr_read(CSR_HSTATUS));
	bench_puts(" gfaults=");
	bench_putdec(gfaults);
	bench_putc('\n');
	bench_exit(BENCH_EXIT_TRAP);
}

/*
 * Lazy variant: backs the table page of a guest-page fault with a fresh
 * zeroed host page, fences it and returns 1 (resume the guest). The GPA
 * comes from htval, or, where the hart wrote htval = 0 (allowed), from
 * walking the guest's table for the guest virtual address in stval.
 * Returns 0 for a fault it cannot explain: outside the table, or on a page
 * already mapped (which after the HFENCE.GVMA would be a hart bug).
 */
static int map_on_fault(void)
{
	uint64_t gpa = csr_read(CSR_HTVAL) << 2;
	uint64_t page, hpa;
	pte_t *pte;

	if (gpa == 0) {
		if (!(csr_read(CSR_HSTATUS) & HSTATUS_GVA) ||
		    vs_translate(csr_read(stval), &gpa))
			return 0;
		htval_zero++;
	}
	page = gpa & ~PAGE_MASK;
	if (page < GUEST_DATA_GPA || page >= GUEST_DATA_GPA + GUPS_TABLE_BYTES)
		return 0;
	pte = gstage_pte(page, 1);
	if (*pte & PTE_V)
		return 0;
	if (pool_next == HOST_POOL_BOTTOM)
		hyp_fail("host page pool exhausted after faults:", gfaults);
	pool_next -= R2S_PAGE_SIZE;
	hpa = pool_next;
	zero_page((uint64_t *)hpa);
	gstage_map(page, hpa);
	hfence_gvma_page(page);
	gfaults++;
	return 1;
}

int hyp_trap(void)
{
	uint64_t cause = csr_read(scause);

	if (!(csr_read(CSR_HSTATUS) & HSTATUS_SPV))
		hyp_unexpected(cause); /* not from the guest */
	switch (cause) {
	case CAUSE_ECALL_VS:
		return 1;
	case CAUSE_FETCH_GUEST_PAGE_FAULT:
	case CAUSE_LOAD_GUEST_PAGE_FAULT:
	case CAUSE_STORE_GUEST_PAGE_FAULT:
		if (r2s_config.lazy && map_on_fault())
			return 0;
		break;
	}
	hyp_unexpected(cause);
}

/* gups_digest() of the guest's table, page by page through the G-stage. */
static uint64_t table_digest(void)
{
	uint64_t h = GUPS_DIGEST_INIT;

	for (uint64_t off = 0; off < GUPS_TABLE_BYTES; off += R2S_PAGE_SIZE)
		h = gups_digest_words(h, guest_page(GUEST_DATA_GPA + off),
				      R2S_PAGE_SIZE / 8);
	return h;
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

/*
 * The hypervisor: sets up the guest, runs it from generator state `seed`
 * and returns 0 if its final state and table digest match the expected
 * ones (and, lazy, if every table page faulted exactly once), else
 * BENCH_EXIT_WRONG. Prints one result line.
 */
long hyp_main(long seed)
{
	const struct r2s_config *cfg = &r2s_config;
	uint64_t hgatp = HGATP_MODE_SV39X4 |
			 ((uint64_t)gstage_root >> R2S_PAGE_SHIFT);
	uint64_t state;
	int bad;

	build_gstage(cfg->lazy);
	build_guest();

	csr_write(CSR_HEDELEG, 0); /* every guest trap comes to HS */
	csr_write(CSR_HIDELEG, 0);
	csr_write(CSR_VSATP, 0);
	csr_write(CSR_HGATP, hgatp);
	if (csr_read(CSR_HGATP) != hgatp)
		hyp_fail("hgatp does not hold Sv39x4:", csr_read(CSR_HGATP));
	hfence_gvma_all();
	csr_write(CSR_VSATP, SATP_MODE_SV39 | (vs_root_gpa >> R2S_PAGE_SHIFT));
	hfence_vvma_all();

	state = (uint64_t)hyp_run_guest((uint64_t)guest_main, (uint64_t)seed,
					cfg->updates,
					GUEST_STACK_VA + GUEST_STACK_BYTES,
					hyp_trap_stack + sizeof hyp_trap_stack);

	csr_write(CSR_VSATP, 0);
	csr_write(CSR_HGATP, 0);
	hfence_gvma_all();

	bench_puts(cfg->name);
	bench_puts(": updates=");
	bench_putdec(cfg->updates);
	bench_puts(" table=");
	bench_putdec(GUPS_TABLE_BYTES >> 20);
	bench_puts(cfg->lazy ? "MiB gstage=lazy" : "MiB gstage=eager");
	bench_puts(" pagetables=");
	bench_putdec(gstage_used + 1);
	bench_putc('+');
	bench_putdec(vs_used);
	bench_puts(" gfaults=");
	bench_putdec(gfaults);
	bad = 0;
	if (cfg->lazy && gfaults != TABLE_PAGES) {
		bench_puts(" (expected ");
		bench_putdec(TABLE_PAGES);
		bench_putc(')');
		bad = 1;
	}
	if (htval_zero) {
		bench_puts(" htval0=");
		bench_putdec(htval_zero);
	}
	bench_putc(' ');
	bad |= check("state", state, cfg->expect_state);
	bench_putc(' ');
	bad |= check("digest", table_digest(), cfg->expect_digest);
	bench_puts(bad ? " FAIL\n" : " PASS\n");
	return bad ? BENCH_EXIT_WRONG : 0;
}
