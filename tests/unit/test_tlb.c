/*
 * The architectural TLB (emu/tlb.c) used directly: tlb_init's geometry
 * checks, lookup/insert on each page size, round-robin replacement inside
 * a set, ASID and global-bit matching, and the four flush forms of
 * sfence.vma (supervisor.adoc, "Supervisor Memory-Management Fence
 * Instruction"), which must drop exactly the entries the operands name.
 */
#include "unit.h"

#define C_SFENCE SPEC("supervisor.adoc", "Supervisor Memory-Management Fence Instruction")
#define C_GLOBAL SPEC("supervisor.adoc", "Sv32: Page-Based 32-bit Virtual-Memory Systems / Addressing and Memory Protection (G bit)")
#define C_SUPER  SPEC("supervisor.adoc", "Virtual Address Translation Process")

#define NROWS(t) (sizeof(t) / sizeof((t)[0]))
#define LEAF (PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)

static const unsigned small_sets[TLB_LEVELS] = { 4, 2, 2, 1 };

static int setup_tlb(void **state)
{
	struct tlb *t = calloc(1, sizeof *t);
	if (!t || tlb_init(t, small_sets) < 0)
		return -1;
	*state = t;
	return 0;
}

static int teardown_tlb(void **state)
{
	tlb_free(*state);
	free(*state);
	return 0;
}

/* Whether a valid entry for (level, va's vpn, asid) is stored. */
static bool present(const struct tlb *t, unsigned level, uint64_t va, uint16_t asid)
{
	const struct tlb_level *lv = &t->lv[level];
	uint64_t vpn = va >> (PAGE_SHIFT + 9 * level);
	for (unsigned i = 0; i < lv->sets * TLB_WAYS; i++)
		if (lv->e[i].valid && lv->e[i].vpn == vpn && lv->e[i].ctx == asid)
			return true;
	return false;
}

/* Geometry: every level needs a power-of-two number of sets. */
static void test_init_rejects_bad_geometry(void **state)
{
	static const unsigned bad[][TLB_LEVELS] = {
		{ 0, 1, 1, 1 }, { 3, 1, 1, 1 }, { 4, 6, 1, 1 }, { 4, 4, 4, 0 },
	};
	static const unsigned good[][TLB_LEVELS] = { { 1, 1, 1, 1 }, { 512, 64, 16, 4 } };
	for (size_t i = 0; i < NROWS(bad); i++) {
		struct tlb t;
		memset(&t, 0, sizeof t);
		assert_int_equal(tlb_init(&t, bad[i]), -1);
		tlb_free(&t);
	}
	for (size_t i = 0; i < NROWS(good); i++) {
		struct tlb t;
		memset(&t, 0, sizeof t);
		assert_int_equal(tlb_init(&t, good[i]), 0);
		for (unsigned l = 0; l < TLB_LEVELS; l++)
			assert_int_equal(t.lv[l].sets, good[i][l]);
		tlb_free(&t);
		for (unsigned l = 0; l < TLB_LEVELS; l++)
			assert_null(t.lv[l].e);
		tlb_free(&t);           /* idempotent */
	}
}

/* A 4 KiB entry covers exactly its page; the entry keeps ppn, asid and PTE bits. */
static void test_insert_lookup_4k(void **state)
{
	struct tlb *t = *state;
	const struct tlb_entry *e;
	unsigned level = 99;

	assert_null(tlb_lookup(t, 0x12345000, 1, 3, &level));
	tlb_insert(t, 0x12345678, 0, 0x80123, 1, PTE_V | PTE_R | PTE_A);
	e = tlb_lookup(t, 0x12345000, 1, 3, &level);
	assert_non_null(e);
	assert_int_equal(level, 0);
	assert_int_equal(e->ppn, 0x80123);
	assert_int_equal(e->ctx, 1);
	assert_int_equal(e->pte, PTE_V | PTE_R | PTE_A);
	assert_int_equal(e->vpn, 0x12345);
	assert_non_null(tlb_lookup(t, 0x12345fff, 1, 3, &level));
	assert_null(tlb_lookup(t, 0x12346000, 1, 3, &level));
	assert_null(tlb_lookup(t, 0x12344fff, 1, 3, &level));
	/* the tag is the whole vpn: the same index bits in another region miss */
	assert_null(tlb_lookup(t, 0xffffffc012345000ull, 1, 3, &level));
}

/*
 * Round-robin replacement in a full set (hmvirt's documented, deterministic
 * policy): free ways fill first; then the victim pointer cycles 0,1,2,3,0...
 * Rows: the vpn inserted (all in set 0 of a 4-set level) and the vpn it
 * must evict (-1: a free way was used).
 */
static void test_round_robin_replacement(void **state)
{
	static const struct { uint64_t vpn; int64_t victim; unsigned way; } seq[] = {
		{ 0, -1, 0 }, { 4, -1, 1 }, { 8, -1, 2 }, { 12, -1, 3 },
		{ 16, 0, 0 }, { 20, 4, 1 }, { 24, 8, 2 }, { 28, 12, 3 },
		{ 32, 16, 0 }, { 36, 20, 1 },
	};
	struct tlb *t = *state;
	struct rowcheck rc = { 0 };
	unsigned level;

	for (size_t i = 0; i < NROWS(seq); i++) {
		char name[32];
		snprintf(name, sizeof name, "insert vpn %llu", (unsigned long long)seq[i].vpn);
		tlb_insert(t, seq[i].vpn << PAGE_SHIFT, 0, seq[i].vpn, 7, LEAF);
		if (seq[i].victim >= 0 && tlb_lookup(t, (uint64_t)seq[i].victim << PAGE_SHIFT, 7, 1, &level))
			ROW_FAIL(&rc, name, "tlb.c round-robin", "vpn %lld was not evicted", (long long)seq[i].victim);
		if (!tlb_lookup(t, seq[i].vpn << PAGE_SHIFT, 7, 1, &level))
			ROW_FAIL(&rc, name, "tlb.c round-robin", "inserted vpn missing");
		ROW_EQ(&rc, name, "tlb.c round-robin", "vpn in expected way",
		       t->lv[0].e[seq[i].way].vpn, seq[i].vpn);
	}
	/* the other sets were never touched */
	for (unsigned s = 1; s < t->lv[0].sets; s++)
		for (unsigned w = 0; w < TLB_WAYS; w++)
			assert_false(t->lv[0].e[s * TLB_WAYS + w].valid);
	ROW_DONE(&rc);
}

/* Re-inserting the same vpn and ASID updates the entry in place, evicting nothing. */
static void test_reinsert_updates_in_place(void **state)
{
	struct tlb *t = *state;
	unsigned level;

	for (uint64_t v = 0; v < 16; v += 4)
		tlb_insert(t, v << PAGE_SHIFT, 0, 0x100 + v, 1, LEAF);
	tlb_insert(t, 8ull << PAGE_SHIFT, 0, 0x999, 1, LEAF);
	assert_int_equal(tlb_lookup(t, 8ull << PAGE_SHIFT, 1, 1, &level)->ppn, 0x999);
	for (uint64_t v = 0; v < 16; v += 4)
		assert_non_null(tlb_lookup(t, v << PAGE_SHIFT, 1, 1, &level));
	/* the victim pointer did not move: the next new vpn evicts way 0 (vpn 0) */
	tlb_insert(t, 16ull << PAGE_SHIFT, 0, 0x116, 1, LEAF);
	assert_null(tlb_lookup(t, 0, 1, 1, &level));
	assert_non_null(tlb_lookup(t, 4ull << PAGE_SHIFT, 1, 1, &level));
}

/* A way freed by a flush is refilled before the round-robin victim. */
static void test_free_way_used_before_victim(void **state)
{
	struct tlb *t = *state;
	unsigned level;

	for (uint64_t v = 0; v <= 16; v += 4)      /* 0..12 fill, 16 evicts 0: next victim way 1 */
		tlb_insert(t, v << PAGE_SHIFT, 0, v, 1, LEAF);
	tlb_flush(t, 0, true, 8ull << PAGE_SHIFT, false, 0);      /* frees way 2 */
	tlb_insert(t, 20ull << PAGE_SHIFT, 0, 20, 1, LEAF);
	assert_int_equal(t->lv[0].e[2].vpn, 20);
	assert_non_null(tlb_lookup(t, 4ull << PAGE_SHIFT, 1, 1, &level));
	tlb_insert(t, 24ull << PAGE_SHIFT, 0, 24, 1, LEAF);    /* full again: evicts way 1 (vpn 4) */
	assert_null(tlb_lookup(t, 4ull << PAGE_SHIFT, 1, 1, &level));
	assert_int_equal(t->lv[0].e[1].vpn, 24);
}

/*
 * ASID matching: a non-global entry serves only its ASID; a global one
 * (G = 1) serves every ASID (supervisor.adoc: global mappings exist in all
 * address spaces).
 */
static void test_asid_and_global_matching(void **state)
{
	static const struct { const char *name; uint16_t asid; uint8_t g; uint16_t probe; bool hit; } rows[] = {
		{ "non-global, same ASID", 5, 0, 5, true },
		{ "non-global, other ASID", 5, 0, 6, false },
		{ "non-global, ASID 0 vs 5", 5, 0, 0, false },
		{ "non-global ASID 0, probe 0", 0, 0, 0, true },
		{ "non-global ASID 0xffff, probe 0xffff", 0xffff, 0, 0xffff, true },
		{ "global, same ASID", 5, PTE_G, 5, true },
		{ "global, other ASID", 5, PTE_G, 6, true },
		{ "global, ASID 0xffff", 5, PTE_G, 0xffff, true },
	};
	struct rowcheck rc = { 0 };
	for (size_t i = 0; i < NROWS(rows); i++) {
		struct tlb t;
		unsigned level;
		memset(&t, 0, sizeof t);
		assert_int_equal(tlb_init(&t, small_sets), 0);
		tlb_insert(&t, 0x7000, 0, 0x80007, rows[i].asid, LEAF | rows[i].g);
		bool hit = tlb_lookup(&t, 0x7000, rows[i].probe, 3, &level) != NULL;
		ROW_EQ(&rc, rows[i].name, C_GLOBAL, "hit", hit, rows[i].hit);
		tlb_free(&t);
	}
	ROW_DONE(&rc);
}

/* Entries of the same page for different ASIDs coexist and stay apart. */
static void test_same_page_two_asids(void **state)
{
	struct tlb *t = *state;
	unsigned level;

	tlb_insert(t, 0x5000, 0, 0xaaa, 1, LEAF);
	tlb_insert(t, 0x5000, 0, 0xbbb, 2, LEAF);
	assert_int_equal(tlb_lookup(t, 0x5000, 1, 3, &level)->ppn, 0xaaa);
	assert_int_equal(tlb_lookup(t, 0x5000, 2, 3, &level)->ppn, 0xbbb);
	assert_null(tlb_lookup(t, 0x5000, 3, 3, &level));
}

/*
 * Superpages: an entry of level L covers 2^(12+9L) bytes; lookups search
 * only the first `levels` sizes, smallest first.
 */
static void test_superpage_levels(void **state)
{
	static const struct {
		const char *name;
		unsigned level;
		uint64_t va, probe;
		unsigned levels;
		bool hit;
	} rows[] = {
		{ "2 MiB: base", 1, 0x40200000, 0x40200000, 3, true },
		{ "2 MiB: last byte", 1, 0x40200000, 0x403fffff, 3, true },
		{ "2 MiB: next page", 1, 0x40200000, 0x40400000, 3, false },
		{ "2 MiB: below", 1, 0x40200000, 0x401fffff, 3, false },
		{ "2 MiB: inserted via an inner va", 1, 0x40323456, 0x40200000, 3, true },
		{ "2 MiB: 4 KiB-only lookup misses", 1, 0x40200000, 0x40200000, 1, false },
		{ "1 GiB: anywhere inside", 2, 0x40000000, 0x7fffffff, 3, true },
		{ "1 GiB: next", 2, 0x40000000, 0x80000000, 3, false },
		{ "1 GiB: two-size lookup misses", 2, 0x40000000, 0x40000000, 2, false },
		{ "1 GiB: negative half (Sv39)", 2, 0xffffffffc0000000ull, 0xffffffffc1234567ull, 3, true },
		{ "512 GiB: Sv48 lookup", 3, 0x0000008000000000ull, 0x000000ffffffffffull, 4, true },
		{ "512 GiB: Sv39 lookup (3 sizes) misses", 3, 0x0000008000000000ull, 0x0000008000000000ull, 3, false },
		{ "512 GiB: next", 3, 0x0000008000000000ull, 0x0000010000000000ull, 4, false },
	};
	struct rowcheck rc = { 0 };
	for (size_t i = 0; i < NROWS(rows); i++) {
		struct tlb t;
		unsigned level = 99;
		memset(&t, 0, sizeof t);
		assert_int_equal(tlb_init(&t, small_sets), 0);
		tlb_insert(&t, rows[i].va, rows[i].level, 0x12345ull << (9 * rows[i].level), 1, LEAF);
		const struct tlb_entry *e = tlb_lookup(&t, rows[i].probe, 1, rows[i].levels, &level);
		ROW_EQ(&rc, rows[i].name, C_SUPER, "hit", e != NULL, rows[i].hit);
		if (e && rows[i].hit) {
			ROW_EQ(&rc, rows[i].name, C_SUPER, "level", level, rows[i].level);
			ROW_EQ(&rc, rows[i].name, C_SUPER, "vpn", e->vpn,
			       rows[i].va >> (PAGE_SHIFT + 9 * rows[i].level));
		}
		tlb_free(&t);
	}
	ROW_DONE(&rc);
}

/* When a 4 KiB and a 2 MiB entry both cover va, the 4 KiB one is returned. */
static void test_smallest_page_first(void **state)
{
	struct tlb *t = *state;
	unsigned level = 99;

	tlb_insert(t, 0x40200000, 1, 0x80200, 1, LEAF);
	tlb_insert(t, 0x40201000, 0, 0x90001, 1, LEAF);
	assert_int_equal(tlb_lookup(t, 0x40201abc, 1, 3, &level)->ppn, 0x90001);
	assert_int_equal(level, 0);
	assert_int_equal(tlb_lookup(t, 0x40202abc, 1, 3, &level)->ppn, 0x80200);
	assert_int_equal(level, 1);
}

/*
 * The four sfence.vma forms against one population of entries. Entries:
 *   E0 A/asid1   E1 A/asid2   E2 B/asid1   E3 C/asid1 global
 *   E4 2 MiB page holding A, asid1   E5 1 GiB global page (negative half)
 *   E6 512 GiB page, asid1
 * Each row gives the operands and which entries must survive.
 */
#define VA_A 0x0000000040201000ull
#define VA_B 0x0000000012345000ull
#define VA_C 0x0000000007654000ull
#define VA_E4 0x0000000040200000ull
#define VA_E5 0xffffffffc0000000ull
#define VA_E6 0x0000008000000000ull

static const struct { unsigned level; uint64_t va; uint16_t asid; uint8_t g; } pop[] = {
	{ 0, VA_A, 1, 0 }, { 0, VA_A, 2, 0 }, { 0, VA_B, 1, 0 }, { 0, VA_C, 1, PTE_G },
	{ 1, VA_E4, 1, 0 }, { 2, VA_E5, 1, PTE_G }, { 3, VA_E6, 1, 0 },
};
#define ALL 0x7fu
#define E(n) (1u << (n))

static void test_flush_forms(void **state)
{
	static const struct {
		const char *name;
		bool has_va;
		uint64_t va;
		bool has_asid;
		uint16_t asid;
		unsigned keep;         /* bit n: entry n survives */
		bool super;            /* tlb_flush's return: a superpage was dropped */
	} rows[] = {
		{ "rs1=x0 rs2=x0: everything", false, 0, false, 0, 0, true },
		{ "va A: both ASIDs and the 2 MiB page holding A", true, VA_A, false, 0, ALL & ~(E(0) | E(1) | E(4)), true },
		{ "va A+0xfff: same page", true, VA_A + 0xfff, false, 0, ALL & ~(E(0) | E(1) | E(4)), true },
		{ "va B: only B", true, VA_B, false, 0, ALL & ~E(2), false },
		{ "va C: global entries go too without rs2", true, VA_C, false, 0, ALL & ~E(3), false },
		{ "va inside the 2 MiB page, not A", true, VA_E4 + 0x1ff000, false, 0, ALL & ~E(4), true },
		{ "va inside the 1 GiB global page", true, VA_E5 + 0x12345678, false, 0, ALL & ~E(5), true },
		{ "va inside the 512 GiB page", true, VA_E6 + 0x7fffffffffull, false, 0, ALL & ~E(6), true },
		{ "va mapped by nothing", true, 0x0000000033333000ull, false, 0, ALL, false },
		{ "non-canonical va: no effect", true, VA_A | (1ull << 50), false, 0, ALL, false },
		{ "asid 1: non-global entries of asid 1", false, 0, true, 1, E(1) | E(3) | E(5), true },
		{ "asid 2: only asid 2", false, 0, true, 2, ALL & ~E(1), false },
		{ "asid 3: nothing", false, 0, true, 3, ALL, false },
		{ "va A + asid 1", true, VA_A, true, 1, ALL & ~(E(0) | E(4)), true },
		{ "va A + asid 2", true, VA_A, true, 2, ALL & ~E(1), false },
		{ "va C + asid 1: global kept", true, VA_C, true, 1, ALL, false },
		{ "va in global 1 GiB page + asid 1: kept", true, VA_E5, true, 1, ALL, false },
		{ "va B + asid 2: nothing", true, VA_B, true, 2, ALL, false },
	};
	struct rowcheck rc = { 0 };

	for (size_t i = 0; i < NROWS(rows); i++) {
		struct tlb t;
		memset(&t, 0, sizeof t);
		assert_int_equal(tlb_init(&t, small_sets), 0);
		for (size_t k = 0; k < NROWS(pop); k++)
			tlb_insert(&t, pop[k].va, pop[k].level, 0x1000 + k, pop[k].asid, LEAF | pop[k].g);
		for (size_t k = 0; k < NROWS(pop); k++)
			assert_true(present(&t, pop[k].level, pop[k].va, pop[k].asid));
		bool super = tlb_flush(&t, 0, rows[i].has_va, rows[i].va, rows[i].has_asid, rows[i].asid);
		unsigned keep = 0;
		for (size_t k = 0; k < NROWS(pop); k++)
			keep |= present(&t, pop[k].level, pop[k].va, pop[k].asid) ? E(k) : 0;
		ROW_EQ(&rc, rows[i].name, C_SFENCE, "surviving entries (bit n = entry n)", keep, rows[i].keep);
		ROW_EQ(&rc, rows[i].name, C_SFENCE, "superpage dropped", super, rows[i].super);
		tlb_free(&t);
	}
	ROW_DONE(&rc);
}

int main(void)
{
	unit_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_rejects_bad_geometry),
		cmocka_unit_test_setup_teardown(test_insert_lookup_4k, setup_tlb, teardown_tlb),
		cmocka_unit_test_setup_teardown(test_round_robin_replacement, setup_tlb, teardown_tlb),
		cmocka_unit_test_setup_teardown(test_reinsert_updates_in_place, setup_tlb, teardown_tlb),
		cmocka_unit_test_setup_teardown(test_free_way_used_before_victim, setup_tlb, teardown_tlb),
		cmocka_unit_test(test_asid_and_global_matching),
		cmocka_unit_test_setup_teardown(test_same_page_two_asids, setup_tlb, teardown_tlb),
		cmocka_unit_test(test_superpage_levels),
		cmocka_unit_test_setup_teardown(test_smallest_page_first, setup_tlb, teardown_tlb),
		cmocka_unit_test(test_flush_forms),
	};
	return cmocka_run_group_tests_name("tlb", tests, NULL, NULL);
}
