/*
 * hw_swwalk - hmvirt's hardware-mode interface, one dimension: an M-mode
 * software TLB refill handler (common/swwalk.h) takes over Sv39 for S-
 * and U-mode code with MHWCTL_SWWALK_HOST.
 *
 * Per privilege (S, then U), the same random-access workload (an 8 MiB
 * table, half in 4 KiB pages, half in 2 MiB pages; read-modify-writes and
 * stores; the code, stack and data in one global 2 MiB superpage) runs
 * twice from a cold TLB
 * (sfence.vma, and a new ASID): with the hardware walker, then with the
 * software one. Checks: both runs compute what the workload computes on
 * physical memory; the handler's refills equal the hardware run's walks
 * (mhpmcounter6) and mhpmcounter14/15; the L1/L2 TLB miss counts are the
 * same; the handler sees cause 24 for fetches (in .text), 25/26 for data,
 * and MTLBCTX names the context (V=0, the privilege, the ASID, the access
 * type); the superpage's entry, being global, serves a new ASID without
 * a refill. Informational: the instructions of one refill of a 4 KiB page
 * (the handler's common path, measured with rdinstret), and the average.
 *
 * On a hart without the interface (QEMU) the test prints SKIP-QEMU and
 * passes.
 */
#include "common/swwalk.h"

const char test_name[] = "hw_swwalk";

#define C_SV39 "supervisor.adoc: Sv39: Page-Based 39-bit Virtual-Memory System"
#define RWXADG (PTE_R | PTE_W | PTE_X | PTE_A | PTE_D | PTE_G)
#define RWAD (PTE_R | PTE_W | PTE_A | PTE_D)

extern char _end[];

static uint64_t ref_checksum, ref_sum;

/* Sv39 root: the image's 2 MiB identity (global); the table's first half
 * in 4 KiB pages (1024, 8x the L2 TLB), its second half in two 2 MiB
 * pages; U set everywhere for U-mode code. */
static uint64_t *build_root(uint64_t u)
{
	uint64_t *root, half = SWW_TABLE_SIZE / 2;
	pt_reset();
	root = pt_alloc();
	pt_map(root, 3, RAM_BASE, RAM_BASE, 1, RWXADG | u);
	for (uint64_t o = 0; o < half; o += PAGE_SIZE)
		pt_map(root, 3, SWW_TABLE_VA + o, SWW_TABLE_PA + o, 0,
		       RWAD | u);
	for (uint64_t o = half; o < SWW_TABLE_SIZE; o += SWW_SUPERPAGE)
		pt_map(root, 3, SWW_TABLE_VA + o, SWW_TABLE_PA + o, 1,
		       RWAD | u);
	return root;
}

/* One run of the workload in `prv` from a cold TLB. */
static void run(struct swwalk_run *r, int prv, uint64_t *root, uint64_t asid,
		int soft)
{
	swwalk_table_init();
	vm_set_satp(satp_make(SATP_MODE_SV39, asid, root));
	swwalk_begin(r, soft ? MHWCTL_SWWALK_HOST : 0,
		     (uint64_t)prv << MTLBCTX_PRIV_SHIFT |
			     asid << MTLBCTX_ASID_SHIFT);
	r->checksum = run_lower(prv, swwalk_workload, SWW_SEED);
	swwalk_end(r);
}

static uint64_t code_only(uint64_t x)
{
	return x + 1;
}

/* Right after the software run (ASID 2): the image's superpage is global,
 * so its entries, refilled in software, serve a new ASID without a miss
 * (satp changed without sfence.vma: the rest of the TLB is ASID 2's). */
static void check_global(int prv, uint64_t *root)
{
	struct swwalk_run g;
	csr_write(satp, satp_make(SATP_MODE_SV39, 4, root));
	swwalk_begin(&g, MHWCTL_SWWALK_HOST,
		     (uint64_t)prv << MTLBCTX_PRIV_SHIFT |
			     4UL << MTLBCTX_ASID_SHIFT);
	CHECK_EQ_W(run_lower(prv, code_only, 41), 42, "code after ASID change",
		   C_SV39);
	swwalk_end(&g);
	CHECK_EQ_W(g.s.refills, 0, "refills for the global superpage after "
		   "an ASID change", C_SV39);
}

static void part(int prv)
{
	const char *name = prv == PRV_S ? "S-mode" : "U-mode";
	uint64_t *root = build_root(prv == PRV_U ? PTE_U : 0);
	struct swwalk_run hw, sw, m;
	uint64_t n;

	run(&hw, prv, root, 1, 0);
	run(&sw, prv, root, 2, 1);
	swwalk_compare(name, &hw, &sw, ref_checksum, ref_sum);
	check_global(prv, root);

	/* The common path: a load from a 4 KiB page (3 levels). */
	vm_set_satp(satp_make(SATP_MODE_SV39, 3, root));
	swwalk_begin(&m, MHWCTL_SWWALK_HOST,
		     (uint64_t)prv << MTLBCTX_PRIV_SHIFT |
			     3UL << MTLBCTX_ASID_SHIFT);
	swwalk_observing = 0;
	n = run_lower(prv, swwalk_measure, SWW_TABLE_VA + 0x123000);
	swwalk_end(&m);
	CHECK_EQ_W(m.s.faults, 0, "faults in the measuring run", C_HWMODE);
	swwalk_info_count(prv == PRV_S ? "1D (S-mode)" : "1D (U-mode)", n,
			  "load, 4 KiB page, 3 levels; trap entry to mret");
}

int main(void)
{
	if (!hwmode_present())
		return swwalk_skip();
	swwalk_install();
	CHECK((uint64_t)_end <= RAM_BASE + SWW_SUPERPAGE, C_SV39);

	swwalk_table_init();
	ref_checksum = swwalk_kernel(SWW_TABLE_PA, SWW_SEED);
	ref_sum = swwalk_table_sum();

	part(PRV_S);
	part(PRV_U);
	return test_done();
}
