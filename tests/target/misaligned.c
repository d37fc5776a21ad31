/*
 * misaligned - plain loads and stores at addresses that are not naturally
 * aligned.
 *
 * rv32.adoc "Load and Store Instructions" leaves misaligned accesses to the
 * execution environment: they complete, or raise an address-misaligned or
 * access-fault exception. On QEMU's virt board (QEMU 7.2, observed) they
 * complete without a trap, also across 8-byte and 4 KiB boundaries and
 * across two virtual pages mapped to unrelated physical pages; hmvirt's
 * machine does the same. This test requires that, checks every byte, and
 * checks the page fault of a misaligned access whose second part lies in
 * an unmapped page: cause 13/15 with mtval = the address of that part
 * (machine.adoc "Machine Trap Value (`mtval`) Register"), as QEMU does.
 */
#include "common/test.h"

const char test_name[] = "misaligned";

#define C_LS "rv32.adoc: Load and Store Instructions"
#define C_LS64 "rv64.adoc: Load and Store Instructions"
#define C_TVAL "machine.adoc: Machine Trap Value (`mtval`) Register"

static uint8_t buf[3 * 4096] __attribute__((aligned(4096)));

#define DEF_LOAD(name)                                                    \
	static uint64_t do_##name(uint64_t a)                             \
	{                                                                 \
		uint64_t r;                                               \
		asm volatile(#name " %0, 0(%1)" : "=r"(r) : "r"(a) : "memory"); \
		return r;                                                 \
	}
#define DEF_STORE(name)                                                     \
	static void do_##name(uint64_t a, uint64_t v)                       \
	{                                                                   \
		asm volatile(#name " %1, 0(%0)" ::"r"(a), "r"(v) : "memory"); \
	}
DEF_LOAD(lh)
DEF_LOAD(lhu)
DEF_LOAD(lw)
DEF_LOAD(lwu)
DEF_LOAD(ld)
DEF_STORE(sh)
DEF_STORE(sw)
DEF_STORE(sd)

/* The little-endian value of n bytes at p, sign-extended if sx. */
static uint64_t expect_le(const volatile uint8_t *p, int n, int sx)
{
	uint64_t v = 0;
	for (int i = n - 1; i >= 0; i--)
		v = (v << 8) | p[i];
	if (sx && n < 8 && (v >> (8 * n - 1)) & 1)
		v |= ~0UL << (8 * n);
	return v;
}

static void fill(volatile uint8_t *p, int n, uint8_t seed)
{
	for (int i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + 37 * i) ^ 0x80;
}

struct ld_case {
	const char *name;
	uint64_t (*fn)(uint64_t);
	int size, sx;
};
static const struct ld_case loads[] = {
	{"lh", do_lh, 2, 1},   {"lhu", do_lhu, 2, 0}, {"lw", do_lw, 4, 1},
	{"lwu", do_lwu, 4, 0}, {"ld", do_ld, 8, 0},
};
struct st_case {
	const char *name;
	void (*fn)(uint64_t, uint64_t);
	int size;
};
static const struct st_case stores[] = {
	{"sh", do_sh, 2}, {"sw", do_sw, 4}, {"sd", do_sd, 8}};

/* Every misaligned offset in a window around `base` (a boundary). */
static void test_window(volatile uint8_t *base, uint64_t va_base,
			const char *where)
{
	for (unsigned k = 0; k < sizeof loads / sizeof loads[0]; k++) {
		const struct ld_case *c = &loads[k];
		for (int off = -c->size + 1; off < c->size; off++) {
			uint64_t a = va_base + off;
			if ((a & (c->size - 1)) == 0)
				continue;
			trap_arm();
			uint64_t got = c->fn(a);
			trap_armed = 0;
			if (!CHECK_W(trap.taken == 0, c->name, C_LS) ||
			    !CHECK_EQ_W(got, expect_le(base + off, c->size, c->sx),
					c->name, C_LS64)) {
				puts("  at ");
				puts(where);
				puts(" offset ");
				printdec(off);
				puts("\n");
			}
		}
	}
	for (unsigned k = 0; k < sizeof stores / sizeof stores[0]; k++) {
		const struct st_case *c = &stores[k];
		for (int off = -c->size + 1; off < c->size; off++) {
			uint64_t a = va_base + off;
			if ((a & (c->size - 1)) == 0)
				continue;
			uint8_t before[24];
			for (int i = 0; i < 24; i++)
				before[i] = base[i - 12];
			uint64_t v = 0x8877665544332211UL ^ (uint64_t)off;
			trap_arm();
			c->fn(a, v);
			trap_armed = 0;
			int ok = trap.taken == 0;
			for (int i = -12; i < 12; i++) {
				uint8_t want = i >= off && i < off + c->size
						       ? (uint8_t)(v >> (8 * (i - off)))
						       : before[i + 12];
				ok &= base[i] == want;
			}
			if (!CHECK_W(ok, c->name, C_LS)) {
				puts("  at ");
				puts(where);
				puts(" offset ");
				printdec(off);
				puts("\n");
			}
		}
	}
}

static void test_physical(void)
{
	fill(buf, sizeof buf, 1);
	test_window(buf + 64, (uint64_t)(buf + 64), "8-byte boundary");
	test_window(buf + 4096, (uint64_t)(buf + 4096), "4 KiB boundary");
}

/*
 * Translated: VA page 0 -> buf page 2, VA page 1 -> buf page 0, so an
 * access across the VA page boundary touches two unrelated physical pages.
 * S-mode does the accesses and stores what it loaded; M-mode compares.
 */
#define VA 0x40000000UL
static volatile uint64_t s_out[8];

static uint64_t s_cross(uint64_t unused)
{
	(void)unused;
	s_out[0] = do_ld(VA + 0xffd);
	s_out[1] = do_lw(VA + 0xffe);
	s_out[2] = do_lhu(VA + 0xfff);
	do_sd(VA + 0xffb, 0x0807060504030201UL);
	return 0;
}

static uint64_t s_load(uint64_t a)
{
	return do_ld(a);
}
static uint64_t s_store(uint64_t a)
{
	do_sw(a, 0x11223344);
	return 0;
}

static void test_translated(void)
{
	volatile uint8_t *p0 = buf, *p2 = buf + 2 * 4096;
	uint64_t *root = vm_identity_root(3, PTE_R | PTE_W | PTE_X | PTE_A | PTE_D);
	uint64_t rwad = PTE_R | PTE_W | PTE_A | PTE_D;
	pt_map(root, 3, VA, (uint64_t)p2, 0, rwad);
	pt_map(root, 3, VA + 4096, (uint64_t)p0, 0, rwad);
	vm_set_satp(satp_make(SATP_MODE_SV39, 0, root));

	fill(buf, sizeof buf, 7);
	uint8_t cross[8];
	for (int i = 0; i < 8; i++)
		cross[i] = i < 3 ? p2[0xffd + i] : p0[i - 3];
	trap_arm();
	run_lower(PRV_S, s_cross, 0);
	trap_armed = 0;
	CHECK_W(trap.taken == 0, "no trap on accesses across two pages", C_LS);
	CHECK_EQ_W(s_out[0], expect_le(cross, 8, 0), "ld across two pages",
		   C_LS64);
	CHECK_EQ_W(s_out[1], expect_le(cross + 1, 4, 1),
		   "lw across two pages", C_LS64);
	CHECK_EQ_W(s_out[2], expect_le(cross + 2, 2, 0),
		   "lhu across two pages", C_LS64);
	CHECK_W(p2[0xffb] == 1 && p2[0xffc] == 2 && p2[0xffd] == 3 &&
			p2[0xffe] == 4 && p2[0xfff] == 5 && p0[0] == 6 &&
			p0[1] == 7 && p0[2] == 8,
		"sd across two pages writes both physical pages", C_LS64);

	/* The second page unmapped: a page fault for the second part. */
	*pt_entry(root, 3, VA + 4096, 0) = 0;
	sfence_vma_all();
	trap_arm();
	run_lower(PRV_S, s_load, VA + 0xffc);
	CHECK_EQ_W(trap.cause, CAUSE_LOAD_PAGE,
		   "ld across into an unmapped page: load page fault",
		   "supervisor.adoc: Virtual Address Translation Process");
	CHECK_EQ_W(trap.tval, VA + 4096,
		   "ld across into an unmapped page: mtval = the faulting part",
		   C_TVAL);
	trap_arm();
	run_lower(PRV_S, s_store, VA + 0xffe);
	CHECK_EQ_W(trap.cause, CAUSE_STORE_PAGE,
		   "sw across into an unmapped page: store page fault",
		   "supervisor.adoc: Virtual Address Translation Process");
	CHECK_EQ_W(trap.tval, VA + 4096,
		   "sw across into an unmapped page: mtval = the faulting part",
		   C_TVAL);
	vm_set_satp(0);
}

int main(void)
{
	test_physical();
	test_translated();
	return test_done();
}
