/*
 * hw_swwalk2d - hmvirt's hardware-mode interface, two dimensions: with
 * MHWCTL_SWWALK_GUEST the M-mode software refill handler
 * (common/swwalk.h) takes over the translation of a VS/VU-mode guest,
 * Sv39 (vsatp) over Sv39x4 (hgatp): it walks the VS-stage table, each
 * PTE address through the G-stage, then the final guest-physical address
 * through the G-stage, and commits the composition (MTLBPTE: host PPN and
 * VS leaf flags; MTLBGPTE: the G leaf's GPA and flags; MTLBCMD: the
 * smaller page size and the G leaf's level).
 *
 * Guest layout: the image as one global 2 MiB VS-stage superpage over the
 * G-stage's 1 GiB identity leaf of RAM (entry: 2 MiB, G level 2); the
 * workload's 8 MiB table in four 2 MiB quarters, one per combination of
 * 4 KiB and 2 MiB pages in the two stages (entries of the smaller size:
 * 4K/4K, 4K over 2M, 2M over 4K, 2M/2M).
 *
 * Per guest privilege (VS, then VU) the workload runs from a cold TLB
 * (new VMID and ASID, hfence.gvma/vvma) with the hardware walker, then
 * with the software one. Checks as in hw_swwalk: the results of the
 * workload on physical memory; software refills == the hardware run's
 * first-stage (VS-stage) walks (mhpmcounter6) == mhpmcounter14/15; the
 * same L1/L2 TLB misses; causes 24 for fetches and 25/26 for data;
 * MTLBCTX with V=1, the guest privilege, the ASID and the VMID; the
 * superpage's entry, being global, serves a new ASID without a refill.
 * Informational: the instructions of one refill of a 4 KiB page over a
 * 4 KiB G-stage page (measured with rdinstret in the guest).
 *
 * On a hart without the interface (QEMU) the test prints SKIP-QEMU and
 * passes before touching any hypervisor CSR.
 */
#include "common/hyp.h"
#include "common/swwalk.h"

const char test_name[] = "hw_swwalk2d";

#define TABLE_GPA 0xc0000000UL /* above the RAM gigapage */
#define RWXADG (PTE_R | PTE_W | PTE_X | PTE_A | PTE_D | PTE_G)
#define RWAD (PTE_R | PTE_W | PTE_A | PTE_D)

extern char _end[];

static uint64_t ref_checksum, ref_sum;
static uint64_t *groot, *vroot;

/* Page sizes (levels) of the table's four 2 MiB quarters: VS, G. */
static const int quarter_level[4][2] = { { 0, 0 }, { 0, 1 }, { 1, 0 },
					 { 1, 1 } };

/* Maps [va, va + 2 MiB) to pa in one stage, in pages of `level`. */
static void map_quarter(uint64_t *root, int g, uint64_t va, uint64_t pa,
			int level, uint64_t flags)
{
	uint64_t step = level ? SWW_SUPERPAGE : PAGE_SIZE;
	for (uint64_t o = 0; o < SWW_SUPERPAGE; o += step) {
		if (g)
			gpt_map(root, 3, va + o, pa + o, level, flags);
		else
			pt_map(root, 3, va + o, pa + o, level, flags);
	}
}

/* The two stages of the layout above; U in the VS-stage for VU-mode. The
 * VS tables live in the image: GPA == PA through the 1 GiB G leaf. */
static void build_tables(uint64_t u)
{
	pt_reset();
	gpt_reset();
	groot = gpt_identity_root(3, PTE_R | PTE_W | PTE_X | PTE_A | PTE_D);
	vroot = pt_alloc();
	pt_map(vroot, 3, RAM_BASE, RAM_BASE, 1, RWXADG | u);
	for (int q = 0; q < 4; q++) {
		uint64_t o = (uint64_t)q * SWW_SUPERPAGE;
		map_quarter(vroot, 0, SWW_TABLE_VA + o, TABLE_GPA + o,
			    quarter_level[q][0], RWAD | u);
		map_quarter(groot, 1, TABLE_GPA + o, SWW_TABLE_PA + o,
			    quarter_level[q][1], PTE_U | RWAD);
	}
}

/* A cold TLB for (vmid, asid), and the context the handler should see. */
static void enter_context(struct swwalk_run *r, int prv, uint64_t vmid,
			  uint64_t asid, uint64_t mhwctl)
{
	hgatp_set(hgatp_make(HGATP_MODE_SV39X4, vmid, groot));
	vsatp_set(satp_make(SATP_MODE_SV39, asid, vroot));
	swwalk_begin(r, mhwctl,
		     MTLBCTX_V | (uint64_t)prv << MTLBCTX_PRIV_SHIFT |
			     asid << MTLBCTX_ASID_SHIFT |
			     vmid << MTLBCTX_VMID_SHIFT);
}

static void run(struct swwalk_run *r, int prv, uint64_t id, int soft)
{
	swwalk_table_init();
	enter_context(r, prv, id, id, soft ? MHWCTL_SWWALK_GUEST : 0);
	r->checksum = run_virt(prv, swwalk_workload, SWW_SEED);
	swwalk_end(r);
}

static uint64_t code_only(uint64_t x)
{
	return x + 1;
}

/* Right after the software run (VMID 2, ASID 2): the image's VS-stage
 * superpage is global, so its entries, refilled in software, serve a new
 * ASID of the same VM without a miss (vsatp changed without hfence.vvma). */
static void check_global(int prv)
{
	struct swwalk_run g;
	csr_write(vsatp, satp_make(SATP_MODE_SV39, 4, vroot));
	swwalk_begin(&g, MHWCTL_SWWALK_GUEST,
		     MTLBCTX_V | (uint64_t)prv << MTLBCTX_PRIV_SHIFT |
			     4UL << MTLBCTX_ASID_SHIFT |
			     2UL << MTLBCTX_VMID_SHIFT);
	CHECK_EQ_W(run_virt(prv, code_only, 41), 42, "code after ASID change",
		   H_TWOSTAGE);
	swwalk_end(&g);
	CHECK_EQ_W(g.s.refills, 0, "refills for the global superpage after "
		   "an ASID change", H_TWOSTAGE);
}

static void part(int prv)
{
	const char *name = prv == PRV_S ? "VS-mode" : "VU-mode";
	struct swwalk_run hw, sw, m;
	uint64_t n;

	build_tables(prv == PRV_U ? PTE_U : 0);
	run(&hw, prv, 1, 0);
	run(&sw, prv, 2, 1);
	swwalk_compare(name, &hw, &sw, ref_checksum, ref_sum);
	check_global(prv);

	/* The common path: a load from a 4 KiB page over a 4 KiB G page. */
	enter_context(&m, prv, 3, 3, MHWCTL_SWWALK_GUEST);
	swwalk_observing = 0;
	n = run_virt(prv, swwalk_measure, SWW_TABLE_VA + 0x123000);
	swwalk_end(&m);
	CHECK_EQ_W(m.s.faults, 0, "faults in the measuring run", C_HWMODE);
	swwalk_info_count(prv == PRV_S ? "2D (VS-mode)" : "2D (VU-mode)", n,
			  "load, 4 KiB page over a 4 KiB G-stage page, 3+3 "
			  "levels; trap entry to mret");
}

int main(void)
{
	if (!hwmode_present())
		return swwalk_skip();
	hyp_init();
	swwalk_install();
	csr_write(hcounteren, 7);
	CHECK_W((uint64_t)_end <= RAM_BASE + SWW_SUPERPAGE,
		"the image fits its 2 MiB superpage", H_TWOSTAGE);

	swwalk_table_init();
	ref_checksum = swwalk_kernel(SWW_TABLE_PA, SWW_SEED);
	ref_sum = swwalk_table_sum();

	part(PRV_S);
	part(PRV_U);
	return test_done();
}
