/*
 * diff.c - the hardware-mode differential tests (issue 5): one workload,
 * run under a hardware walker and under hmfw's software walker, must give
 * the same output and the same TLB-miss counts (mhpmcounter3-5).
 *
 *   DIM=1: S-mode, satp Sv39 (models native / native-sw)
 *   DIM=2: the same workload in VS-mode under an Sv39x4 G-stage that this
 *          HS payload fills lazily on guest-page faults (models np / snp)
 *
 * The workload maps its code, data and page-table pool identity with 4 KiB
 * pages, 1024 data pages at DATA_VA backed by a pool of 1536 pages, and a
 * 2 MiB superpage; then it makes random read-modify-writes, and every 64
 * of them changes the page table (remap to another pool page, unmap,
 * write-protect, clear A/D), each followed by sfence.vma of the page; its
 * page-fault handler restores the mapping (Svade: A and D are software's).
 * It also executes one illegal instruction (forwarded by hmfw from M).
 *
 * Output lines that depend on the model start with "info" (the run script
 * compares everything else between the two runs, and checks the info).
 */
#include <stdint.h>

#include "hmvirt/hmfw_sbi.h"

#ifndef DIM
#define DIM 1
#endif
#ifndef MODEL
#define MODEL HMFW_MODEL_NATIVE
#endif

/* The model, as data: both images of a pair have the same code and the
 * same data layout, so that trap pcs (sepc) compare and the same data
 * straddles the same pages (in .data even when MODEL is 0: a zero would
 * move it to .bss and shift every variable after it). */
static volatile unsigned model_sel __attribute__((section(".data"))) = MODEL;

/* ---- memory layout -------------------------------------------------------- */
#define IDENT_LO   0x80200000ul /* this image, then the page-table pool */
#define PT_POOL    0x80600000ul
#define IDENT_HI   0x80800000ul
#define DATA_PA    0x80800000ul /* 1536 pages behind the 4 KiB data pages */
#define DATA_PHYS  1536
#define SUPER_PA   0x80e00000ul /* one 2 MiB page */
#define POOL_HI    0x81000000ul
#define G_POOL     0x81000000ul /* HS: G-stage tables, outside the guest */
#define DATA_VA    0x40000000ul
#define DATA_PAGES 1024
#define SUPER_VA   0x60000000ul
#define ACCESSES   200000
#ifndef KINDS
#define KINDS      15 /* the page-table changes made (bit per kind), for debugging */
#endif
#define SEED       0x9e3779b97f4a7c15ul

#define PTE_V 0x01ul
#define PTE_R 0x02ul
#define PTE_W 0x04ul
#define PTE_X 0x08ul
#define PTE_U 0x10ul
#define PTE_A 0x40ul
#define PTE_D 0x80ul
#define LEAF  (PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)

#define CSR_STR_(x) #x
#define CSR_STR(x) CSR_STR_(x)
#define csr_read(c) ({ uint64_t v_; __asm__ volatile("csrr %0, " CSR_STR(c) : "=r"(v_)::"memory"); v_; })
#define csr_write(c, v) __asm__ volatile("csrw " CSR_STR(c) ", %0" ::"r"((uint64_t)(v)) : "memory")

extern char hs_trap_entry[], vs_trap_entry[], vs_trap_stack_top[], guest_stack_top[];
uint64_t enter_guest(uint64_t (*fn)(uint64_t), uint64_t arg, uint64_t sp);
void leave_guest(uint64_t value) __attribute__((noreturn));
int main(void);
void hs_trap(uint64_t *f);
void vs_trap(uint64_t *f);

/* ---- SBI and output -------------------------------------------------------- */

static long sbi(long eid, long fid, uint64_t a0, uint64_t a1)
{
	register uint64_t x10 __asm__("a0") = a0, x11 __asm__("a1") = a1;
	register long x16 __asm__("a6") = fid, x17 __asm__("a7") = eid;

	__asm__ volatile("ecall" : "+r"(x10), "+r"(x11) : "r"(x16), "r"(x17) : "memory");
	return (long)x10;
}

static void putc_(char c)
{
	sbi(1, 0, (uint8_t)c, 0); /* legacy console_putchar */
}
static void puts_(const char *s)
{
	while (*s)
		putc_(*s++);
}
static void putdec(uint64_t v)
{
	char b[24];
	int n = 0;

	do
		b[n++] = (char)('0' + v % 10);
	while (v /= 10);
	while (n)
		putc_(b[--n]);
}
static void puthex(uint64_t v)
{
	puts_("0x");
	for (int i = 60; i >= 0; i -= 4)
		putc_("0123456789abcdef"[v >> i & 15]);
}
static void kv(const char *k, uint64_t v)
{
	puts_(k);
	putdec(v);
	putc_('\n');
}
static __attribute__((noreturn)) void finish(int fail)
{
	sbi(0x53525354, 0, 0, fail ? 1 : 0); /* SRST shutdown */
	for (;;)
		;
}
static __attribute__((noreturn)) void die(const char *what, uint64_t cause, uint64_t epc,
					  uint64_t tval)
{
	puts_("FAIL: ");
	puts_(what);
	puts_(": cause ");
	puthex(cause);
	puts_(" epc ");
	puthex(epc);
	puts_(" tval ");
	puthex(tval);
	putc_('\n');
	finish(1);
}

/* ---- page tables (Sv39; Sv39x4 for the G-stage) ----------------------------- */

static uint64_t pt_next = PT_POOL, gpt_next = G_POOL;

static uint64_t *zalloc(uint64_t *next, uint64_t size)
{
	uint64_t *p = (uint64_t *)*next;

	*next += size;
	for (uint64_t i = 0; i < size / 8; i++)
		p[i] = 0;
	return p;
}

static uint64_t pte_make(uint64_t pa, uint64_t flags)
{
	return (pa >> 12) << 10 | flags;
}

/* The PTE for va at level (0: 4 KiB, 1: 2 MiB) in the table at root,
 * creating tables from *next; root_bits: 9, or 11 for x4. */
static uint64_t *pt_slot(uint64_t *root, uint64_t va, int level, unsigned root_bits,
			 uint64_t *next)
{
	uint64_t *t = root;

	for (int l = 2; l > level; l--) {
		uint64_t mask = l == 2 ? (1ul << root_bits) - 1 : 511;
		uint64_t *e = &t[(va >> (12 + 9 * l)) & mask];

		if (!(*e & PTE_V))
			*e = pte_make((uint64_t)zalloc(next, 4096), PTE_V);
		t = (uint64_t *)((*e >> 10) << 12);
	}
	return &t[(va >> (12 + 9 * level)) & 511];
}

static void sfence_va(uint64_t va)
{
	__asm__ volatile("sfence.vma %0, zero" ::"r"(va) : "memory");
}

/* ---- the workload (S or VS) --------------------------------------------------- */

static uint64_t *root;
static uint32_t backing[DATA_PAGES];
static uint64_t faults[16], illegal_tval;

/*
 * A hash of every CSR a trap handler can see on entry, in the output that
 * the two runs must share: with the software walker the faults are found
 * and raised by hmfw (walk.c, forward.c), with the hardware walker the
 * hardware delegates them; the handlers must not tell the difference.
 * HS (hs == 1): scause, sepc, stval, sstatus.SPP/SPIE/SIE, htval, htinst,
 * hstatus.SPV/SPVP/GVA; VS: scause, sepc, stval, sstatus (= vsstatus) bits.
 */
static uint64_t trap_sig;
static unsigned trap_sig_n;

static void sig_mix(uint64_t v)
{
	trap_sig = (trap_sig ^ v) * 0x100000001b3ul + (trap_sig >> 29);
}

static void sig_trap(int hs)
{
	sig_mix(csr_read(scause));
	sig_mix(csr_read(sepc));
	sig_mix(csr_read(stval));
	sig_mix(csr_read(sstatus) & 0x122);
	if (hs) {
		sig_mix(csr_read(0x643)); /* htval */
		sig_mix(csr_read(0x64a)); /* htinst */
		sig_mix(csr_read(0x600) & 0x1c0); /* hstatus.SPV, SPVP, GVA */
	}
#ifdef SIGDEBUG
	if (trap_sig_n < 4) {
		puthex(csr_read(scause)); putc_(' '); puthex(csr_read(sepc)); putc_(' ');
		puthex(csr_read(stval)); putc_(' '); puthex(csr_read(sstatus) & 0x122);
		if (hs) {
			putc_(' '); puthex(csr_read(0x643)); putc_(' '); puthex(csr_read(0x64a));
			putc_(' '); puthex(csr_read(0x600) & 0x1c0);
		}
		putc_('\n');
	}
#endif
	trap_sig_n++;
}

static uint64_t *data_pte(unsigned j)
{
	return pt_slot(root, DATA_VA + (uint64_t)j * 4096, 0, 9, &pt_next);
}

/* Restores page j's mapping (the page-fault handler, and remaps). */
static void map_data(unsigned j)
{
	*data_pte(j) = pte_make(DATA_PA + (uint64_t)backing[j] * 4096, LEAF);
	sfence_va(DATA_VA + (uint64_t)j * 4096);
}

/* Translation off: fill the pool, build the tables, enable Sv39. */
static uint64_t wl_setup(uint64_t unused)
{
	(void)unused;
	for (uint64_t a = DATA_PA; a < POOL_HI; a += 8)
		*(volatile uint64_t *)a = a * 0x9e3779b97f4a7c15ul;
	root = zalloc(&pt_next, 4096);
	for (uint64_t a = IDENT_LO; a < IDENT_HI; a += 4096)
		*pt_slot(root, a, 0, 9, &pt_next) = pte_make(a, LEAF | PTE_X);
	for (unsigned j = 0; j < DATA_PAGES; j++) {
		backing[j] = j;
		*data_pte(j) = pte_make(DATA_PA + (uint64_t)j * 4096, LEAF);
	}
	*pt_slot(root, SUPER_VA, 1, 9, &pt_next) = pte_make(SUPER_PA, LEAF);
	csr_write(0x180, 8ul << 60 | 1ul << 44 | (uint64_t)root >> 12);
	__asm__ volatile("sfence.vma" ::: "memory");
	return 0;
}

/* One page-table change to page j (kind 0..3), then sfence.vma of it. */
static void wl_change(unsigned j, unsigned kind)
{
	uint64_t *e = data_pte(j);

	switch (kind) {
	case 0: /* remap to another pool page */
		backing[j] = (backing[j] + 517) % DATA_PHYS;
		map_data(j);
		return;
	case 1: *e &= ~PTE_V; break;                   /* unmap */
	case 2: *e &= ~(PTE_W | PTE_D); break;         /* write-protect */
	default: *e &= ~(PTE_A | PTE_D); break;        /* clear A and D */
	}
	sfence_va(DATA_VA + (uint64_t)j * 4096);
}

static uint64_t wl_run(uint64_t seed)
{
	uint64_t x = seed, sum = 0;

	for (uint64_t n = 0; n < ACCESSES; n++) {
		volatile uint64_t *p;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		if ((x >> 58) == 0)
			p = (volatile uint64_t *)(SUPER_VA + ((x >> 8) & 0x1ffff8));
		else
			p = (volatile uint64_t *)(DATA_VA + (x % DATA_PAGES) * 4096 +
						  ((x >> 12) & 0xff8));
		uint64_t v = *p;
		if ((x >> 20) & 1)
			*p = v * 0xbf58476d1ce4e5b9ul + n;
		sum = (sum << 7 | sum >> 57) ^ v;
		if ((n & 63) == 63 && ((KINDS >> ((x >> 40) & 3)) & 1))
			wl_change((unsigned)((x >> 24) % DATA_PAGES), (unsigned)(x >> 40) & 3);
	}
	/* An illegal instruction in S/VS (an M CSR): hmfw forwards it. */
	__asm__ volatile("csrr %0, mscratch" : "=r"(x)::"memory");
	return sum;
}

/* instret across one load (the lower mode's rdinstret). */
static uint64_t load_instret(uint64_t va)
{
	uint64_t a, b, v;

	__asm__ volatile("rdinstret %0\n\tld %2, 0(%3)\n\trdinstret %1"
			 : "=&r"(a), "=&r"(b), "=&r"(v)
			 : "r"(va)
			 : "memory");
	return b - a;
}

/* Instructions M-mode runs to refill one 4 KiB data page (0 with a
 * hardware walker): a load after sfence.vma of its page, minus the same
 * load again. */
static uint64_t wl_measure(uint64_t unused)
{
	uint64_t va = DATA_VA + 5 * 4096, cold, warm, best = ~0ul;

	(void)unused;
	for (int i = 0; i < 4; i++) {
		load_instret(va + 4096);
		sfence_va(va);
		cold = load_instret(va);
		warm = load_instret(va);
		if (cold - warm < best)
			best = cold - warm;
	}
	return best;
}

/* Page faults of the data pages (S, or VS with hedeleg), and the
 * forwarded illegal instruction: returns whether it handled the trap. */
static int wl_trap(uint64_t *f)
{
	uint64_t cause = csr_read(scause), tval = csr_read(stval);

	(void)f;
	if ((cause == 12 || cause == 13 || cause == 15) && tval - DATA_VA < DATA_PAGES * 4096ul) {
		faults[cause]++;
		map_data((unsigned)((tval - DATA_VA) / 4096));
		return 1;
	}
	if (cause == 2) {
		faults[2]++;
		illegal_tval = tval;
		csr_write(sepc, csr_read(sepc) + 4);
		return 1;
	}
	return 0;
}

/* ---- HS: the G-stage and the traps ------------------------------------------- */

static uint64_t *groot;
static uint64_t gfaults;

static void gmap(uint64_t gpa)
{
	*pt_slot(groot, gpa, 0, 11, &gpt_next) = pte_make(gpa, LEAF | PTE_X | PTE_U);
}

void hs_trap(uint64_t *f)
{
	uint64_t cause = csr_read(scause);

	if (!(DIM == 2 && cause == 10))
		sig_trap(1);

	if (DIM == 1 && wl_trap(f))
		return;
	if (DIM == 2 && cause == 10 && f[17] == 0x47554553)
		leave_guest(f[10]);
	if (DIM == 2 && (cause == 20 || cause == 21 || cause == 23)) {
		uint64_t gpa = csr_read(0x643) << 2; /* htval */
		if (gpa - IDENT_LO < POOL_HI - IDENT_LO) {
			gfaults++;
			gmap(gpa & ~4095ul);
			__asm__ volatile(".insn r 0x73, 0, 0x31, x0, x0, x0" ::: "memory");
			return;
		}
	}
	die("unexpected trap in HS", cause, csr_read(sepc), csr_read(stval));
}

void vs_trap(uint64_t *f)
{
	sig_trap(0);
	if (!wl_trap(f))
		die("unexpected trap in VS", csr_read(scause), csr_read(sepc), csr_read(stval));
}

/* ---- main --------------------------------------------------------------------- */

static void counters(uint64_t c[16])
{
	c[3] = csr_read(0xc03);
	c[4] = csr_read(0xc04);
	c[5] = csr_read(0xc05);
	c[6] = csr_read(0xc06);
	c[7] = csr_read(0xc07);
	c[14] = csr_read(0xc0e);
	c[15] = csr_read(0xc0f);
}

static uint64_t run(uint64_t (*fn)(uint64_t), uint64_t arg)
{
	if (DIM == 1)
		return fn(arg);
	return enter_guest(fn, arg, (uint64_t)guest_stack_top);
}

int main(void)
{
	static const char *const names[] = { "native", "native-sw", "np", "snp" };
	uint64_t c0[16], c1[16], sum, refill;
	long err;

	puts_("hwmode-diff: dimension ");
	putdec(DIM);
	putc_('\n');
	puts_("info model ");
	puts_(names[model_sel]);
	putc_('\n');
	err = sbi(HMFW_SBI_EXT, HMFW_FID_SET_MODEL, model_sel, 0);
	if (err) {
		puts_("info SET_MODEL failed: ");
		putdec((uint64_t)-err);
		putc_('\n');
		finish(1);
	}
	if (DIM == 2) {
		groot = zalloc(&gpt_next, 16384);
		for (uint64_t a = IDENT_LO; a < IDENT_HI; a += 4096)
			gmap(a);
		csr_write(0x680, 8ul << 60 | 1ul << 44 | (uint64_t)groot >> 12); /* hgatp */
		__asm__ volatile(".insn r 0x73, 0, 0x31, x0, x0, x0" ::: "memory");
		csr_write(0x602, 1ul << 2 | 1ul << 12 | 1ul << 13 | 1ul << 15); /* hedeleg */
		csr_write(0x606, ~0ul);                   /* hcounteren */
		csr_write(0x205, (uint64_t)vs_trap_entry); /* vstvec */
		csr_write(0x240, (uint64_t)vs_trap_stack_top); /* vsscratch */
		csr_write(0x280, 0);                      /* vsatp */
	}
	run(wl_setup, 0);
	refill = run(wl_measure, 0);
	counters(c0);
	sum = run(wl_run, SEED);
	counters(c1);
	puts_("checksum ");
	puthex(sum);
	putc_('\n');
	kv("load page faults ", faults[13]);
	kv("store page faults ", faults[15]);
	kv("illegal instructions ", faults[2]);
	puts_("illegal instruction tval ");
	puthex(illegal_tval);
	putc_('\n');
	kv("guest-page faults (setup and run) ", gfaults);
	kv("traps seen by the handlers ", trap_sig_n);
	puts_("their CSR signature ");
	puthex(trap_sig);
	putc_('\n');
	kv("L1 ITLB misses ", c1[3] - c0[3]);
	kv("L1 DTLB misses ", c1[4] - c0[4]);
	kv("L2 TLB misses ", c1[5] - c0[5]);
	kv("info walks ", c1[6] - c0[6]);
	kv("info gwalks ", c1[7] - c0[7]);
	kv("info misstraps ", c1[14] - c0[14]);
	kv("info refills ", c1[15] - c0[15]);
	kv("info refill-insns ", refill);
	finish(0);
}
