/*
 * Control and status registers: one table of (number, name, read, write),
 * indexed at first use. Access rules common to all CSRs (privilege from
 * bits 9:8, read-only from bits 11:10: zicsr.adoc and priv-csrs.adoc
 * "CSR Address Mapping Conventions") are checked by csr_check(); rules
 * particular to one CSR (TVM on satp, counter enables) by its functions,
 * which return false for an illegal-instruction exception.
 */
#include "machine.h"

typedef bool (*csr_read_fn)(struct hart *h, unsigned csr, uint64_t *val);
typedef bool (*csr_write_fn)(struct hart *h, unsigned csr, uint64_t val);

struct csr_desc {
	unsigned first, last;  /* a range of numbers served by the same functions */
	const char *name;
	csr_read_fn read;
	csr_write_fn write;
};

/* ---- counters (counters.adoc, machine.adoc "Hardware Performance Monitor") */
uint64_t hart_cycles(struct hart *h)
{
	return hart_instret(h) + h->cycle_extra;
}

uint64_t hart_mtime(struct hart *h)
{
	return (uint64_t)((int64_t)(hart_cycles(h) / MACHINE_CYCLES_PER_TICK) + h->m->clint.mtime_delta);
}

static uint64_t mcycle_value(struct hart *h)
{
	return (h->mcountinhibit & 1) ? h->inhibit_cycle : hart_cycles(h) + h->mcycle_off;
}

static uint64_t minstret_value(struct hart *h)
{
	return (h->mcountinhibit & 4) ? h->inhibit_instret : hart_instret(h) + h->minstret_off;
}

/* A refusal that raises a virtual-instruction exception (V=1). */
static bool refuse_virtual(struct hart *h)
{
	h->csr_virtual = true;
	return false;
}

/*
 * cycle/time/instret/hpmcounterN below M: gated by mcounteren (illegal
 * instruction), then when V=1 by hcounteren and in VU also scounteren
 * (virtual instruction, hypervisor.adoc "hcounteren"), else in U by
 * scounteren (illegal instruction).
 */
static bool counter_enabled(struct hart *h, unsigned csr)
{
	unsigned bit = csr - CSR_CYCLE;
	if (h->priv == PRV_M)
		return true;
	if (!((h->mcounteren >> bit) & 1))
		return false;
	if (h->virt) {
		if (!((h->hcounteren >> bit) & 1) || (h->priv == PRV_U && !((h->scounteren >> bit) & 1)))
			return refuse_virtual(h);
		return true;
	}
	return h->priv == PRV_S || ((h->scounteren >> bit) & 1);
}

/*
 * The events wired to mhpmcounter3..15 (mhpmevent3..15 read the same
 * number; the event selectors are read-only). Counters 16..31 read 0.
 */
static uint64_t hpm_event(const struct hart *h, unsigned n)
{
	switch (n) {
	case HPM_ITLB_MISSES: return h->itlb.misses;
	case HPM_DTLB_MISSES: return h->dtlb.misses;
	case HPM_L2TLB_MISSES: return h->l2tlb.misses;
	case HPM_WALKS: return h->st.walks[0];
	case HPM_GWALKS: return h->st.walks[1];
	case HPM_WALK_REFS: {
		uint64_t r = 0;
		for (unsigned d = 0; d < 2; d++)
			for (unsigned l = 0; l < TLB_LEVELS; l++)
				r += h->st.walk_refs[d][l];
		return r;
	}
	case HPM_L1I_MISSES: return h->l1i.misses;
	case HPM_L1D_MISSES: return h->l1d.misses;
	case HPM_L2_MISSES: return h->l2.misses;
	case HPM_TRAPS: return h->st.traps_taken;
	case HPM_VM_EXITS: return h->st.vm_exits;
	case HPM_TLB_MISS_TRAPS: return h->st.tlb_miss_traps;
	case HPM_SW_REFILLS: return h->st.sw_refills;
	default: return 0;
	}
}

static uint64_t hpm_value(struct hart *h, unsigned n)
{
	return hpm_event(h, n) + h->hpm_off[n];
}

static bool rd_counter(struct hart *h, unsigned csr, uint64_t *v)
{
	if (!counter_enabled(h, csr))
		return false;
	switch (csr) {
	case CSR_CYCLE: *v = mcycle_value(h); break;
	case CSR_TIME: *v = hart_mtime(h) + (h->virt ? h->htimedelta : 0); break;
	case CSR_INSTRET: *v = minstret_value(h); break;
	default: *v = hpm_value(h, csr - CSR_CYCLE); break;
	}
	return true;
}

static bool rd_mcounter(struct hart *h, unsigned csr, uint64_t *v)
{
	*v = csr == CSR_MCYCLE ? mcycle_value(h) : csr == CSR_MINSTRET ? minstret_value(h)
									: hpm_value(h, csr - CSR_MCYCLE);
	return true;
}

static bool rd_mhpmevent(struct hart *h, unsigned csr, uint64_t *v)
{
	unsigned n = csr - CSR_MHPMEVENT3 + 3;
	*v = n < HPM_EVENTS ? n : 0;
	return true;
}

/* A write takes effect after the writing instruction retires (counters.adoc). */
static bool wr_mcounter(struct hart *h, unsigned csr, uint64_t v)
{
	if (csr == CSR_MCYCLE) {
		if (h->mcountinhibit & 1)
			h->inhibit_cycle = v;
		else
			h->mcycle_off = v - (hart_cycles(h) + 1);
	} else if (csr == CSR_MINSTRET) {
		if (h->mcountinhibit & 4)
			h->inhibit_instret = v;
		else
			h->minstret_off = v - (hart_instret(h) + 1);
	} else {
		unsigned n = csr - CSR_MCYCLE;
		h->hpm_off[n] = v - hpm_event(h, n);
	}
	return true;
}

static bool wr_mcountinhibit(struct hart *h, unsigned csr, uint64_t v)
{
	uint32_t old = h->mcountinhibit, now = (uint32_t)v & 5; /* CY, IR */
	if (!(old & 1) && (now & 1))
		h->inhibit_cycle = mcycle_value(h);
	if ((old & 1) && !(now & 1))
		h->mcycle_off = h->inhibit_cycle - hart_cycles(h);
	if (!(old & 4) && (now & 4))
		h->inhibit_instret = minstret_value(h) + 1; /* this instruction retires */
	if ((old & 4) && !(now & 4))
		h->minstret_off = h->inhibit_instret - (hart_instret(h) + 1);
	h->mcountinhibit = now;
	return true;
}

/* ---- status ---------------------------------------------------------------- */
#define MSTATUS_WRITABLE (MSTATUS_SIE | MSTATUS_MIE | MSTATUS_SPIE | MSTATUS_MPIE | \
			  MSTATUS_SPP | MSTATUS_MPP | MSTATUS_MPRV | MSTATUS_SUM | \
			  MSTATUS_MXR | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR | \
			  MSTATUS_GVA | MSTATUS_MPV)
#define SSTATUS_VISIBLE  (MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | \
			  MSTATUS_MXR | MSTATUS_UXL | MSTATUS_FS | MSTATUS_XS | \
			  MSTATUS_VS | MSTATUS_SD | MSTATUS_UBE)
#define SSTATUS_WRITABLE (MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR)

/* MPP is WARL: the reserved encoding 2 keeps the previous value. */
static void set_mstatus(struct hart *h, uint64_t v, uint64_t writable)
{
	uint64_t old = h->mstatus;
	if (((v & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT) == 2)
		v = (v & ~MSTATUS_MPP) | (old & MSTATUS_MPP);
	h->mstatus = (old & ~writable) | (v & writable);
	if ((old ^ h->mstatus) & MSTATUS_MXR)
		hart_flush_translated(h);
	else if ((old ^ h->mstatus) & MSTATUS_SUM)
		hart_flush_host(h);
	hart_context_changed(h);
}

static bool rd_mstatus(struct hart *h, unsigned csr, uint64_t *v)
{
	*v = h->mstatus;
	return true;
}
static bool wr_mstatus(struct hart *h, unsigned csr, uint64_t v)
{
	set_mstatus(h, v, MSTATUS_WRITABLE);
	return true;
}
static bool rd_sstatus(struct hart *h, unsigned csr, uint64_t *v)
{
	*v = h->mstatus & SSTATUS_VISIBLE;
	return true;
}
static bool wr_sstatus(struct hart *h, unsigned csr, uint64_t v)
{
	set_mstatus(h, v, SSTATUS_WRITABLE);
	return true;
}

/* vsstatus: VS-mode's sstatus (UXL reads 64; no FS/VS/XS state). */
static bool rd_vsstatus(struct hart *h, unsigned csr, uint64_t *v)
{
	*v = h->vsstatus;
	return true;
}
static bool wr_vsstatus(struct hart *h, unsigned csr, uint64_t v)
{
	uint64_t old = h->vsstatus;
	h->vsstatus = (old & ~SSTATUS_WRITABLE) | (v & SSTATUS_WRITABLE);
	if ((old ^ h->vsstatus) & (MSTATUS_SUM | MSTATUS_MXR))
		hart_flush_guest(h);
	return true;
}

/*
 * hstatus: GEILEN is 0 (VGEIN reads 0), VSXL reads 64, VSBE little-endian;
 * GVA, SPV, SPVP, HU, VTVM, VTW and VTSR are writable.
 */
#define HSTATUS_WRITABLE (HSTATUS_GVA | HSTATUS_SPV | HSTATUS_SPVP | HSTATUS_HU | \
			  HSTATUS_VTVM | HSTATUS_VTW | HSTATUS_VTSR)
static bool rd_hstatus(struct hart *h, unsigned csr, uint64_t *v)
{
	*v = h->hstatus;
	return true;
}
static bool wr_hstatus(struct hart *h, unsigned csr, uint64_t v)
{
	h->hstatus = (h->hstatus & ~HSTATUS_WRITABLE) | (v & HSTATUS_WRITABLE);
	return true;
}

/* ---- interrupts ------------------------------------------------------------ */
#define S_INTS (MIP_SSIP | MIP_STIP | MIP_SEIP)
#define M_INTS (MIP_MSIP | MIP_MTIP | MIP_MEIP)
#define VS_INTS (MIP_VSSIP | MIP_VSTIP | MIP_VSEIP)

static bool rd_mie(struct hart *h, unsigned csr, uint64_t *v)
{
	*v = h->mie;
	return true;
}
/* SGEIE stays 0: with GEILEN = 0 no guest external interrupt can be pending. */
static bool wr_mie(struct hart *h, unsigned csr, uint64_t v)
{
	h->mie = v & (S_INTS | M_INTS | VS_INTS);
	return true;
}
static bool rd_mip(struct hart *h, unsigned csr, uint64_t *v)
{
	*v = h->mip;
	return true;
}
/*
 * mip: SSIP, STIP and SEIP are writable by M-mode (no Sstc), and VSSIP
 * (an alias of hvip.VSSIP); VSTIP and VSEIP follow hvip; the M bits are
 * device lines.
 */
static void set_mip_sw(struct hart *h, uint64_t mask, uint64_t v)
{
	h->mip_sw = (h->mip_sw & ~mask) | (v & mask);
	machine_update_irqs(h->m);
}
static bool wr_mip(struct hart *h, unsigned csr, uint64_t v)
{
	set_mip_sw(h, S_INTS | MIP_VSSIP, v);
	return true;
}
/* sie/sip: the HS-level bits of delegated interrupts; only SSIP is writable in sip. */
static bool rd_sie(struct hart *h, unsigned csr, uint64_t *v)
{
	*v = h->mie & h->mideleg & S_INTS;
	return true;
}
static bool wr_sie(struct hart *h, unsigned csr, uint64_t v)
{
	uint64_t w = h->mideleg & S_INTS;
	h->mie = (h->mie & ~w) | (v & w);
	return true;
}
static bool rd_sip(struct hart *h, unsigned csr, uint64_t *v)
{
	*v = h->mip & h->mideleg & S_INTS;
	return true;
}
static bool wr_sip(struct hart *h, unsigned csr, uint64_t v)
{
	set_mip_sw(h, h->mideleg & MIP_SSIP, v);
	return true;
}

/*
 * hip/hie (hypervisor.adoc, "Hypervisor Interrupt Registers"): the VS-level
 * bits of mip/mie; only VSSIP is writable in hip. hvip holds the VS-level
 * interrupts the hypervisor injects (they are mip_sw's VS bits).
 */
static bool rd_hip(struct hart *h, unsigned csr, uint64_t *v)
{
	*v = h->mip & VS_INTS;
	return true;
}
static bool wr_hip(struct hart *h, unsigned csr, uint64_t v)
{
	set_mip_sw(h, MIP_VSSIP, v);
	return true;
}
static bool rd_hie(struct hart *h, unsigned csr, uint64_t *v)
{
	*v = h->mie & VS_INTS;
	return true;
}
static bool wr_hie(struct hart *h, unsigned csr, uint64_t v)
{
	h->mie = (h->mie & ~VS_INTS) | (v & VS_INTS);
	return true;
}
static bool rd_hvip(struct hart *h, unsigned csr, uint64_t *v)
{
	*v = h->mip_sw & VS_INTS;
	return true;
}
static bool wr_hvip(struct hart *h, unsigned csr, uint64_t v)
{
	set_mip_sw(h, VS_INTS, v);
	return true;
}

/*
 * vsip/vsie: the VS bits delegated by hideleg, shifted down to the
 * supervisor positions (VSSIP -> SSIP ...); only SSIP is writable in vsip.
 */
static bool rd_vsip(struct hart *h, unsigned csr, uint64_t *v)
{
	*v = (h->mip & h->hideleg & VS_INTS) >> 1;
	return true;
}
static bool wr_vsip(struct hart *h, unsigned csr, uint64_t v)
{
	set_mip_sw(h, h->hideleg & MIP_VSSIP, v << 1);
	return true;
}
static bool rd_vsie(struct hart *h, unsigned csr, uint64_t *v)
{
	*v = (h->mie & h->hideleg & VS_INTS) >> 1;
	return true;
}
static bool wr_vsie(struct hart *h, unsigned csr, uint64_t v)
{
	uint64_t w = h->hideleg & VS_INTS;
	h->mie = (h->mie & ~w) | ((v << 1) & w);
	return true;
}

/* hideleg: only the VS-level interrupts can be delegated further. */
static bool rd_hideleg(struct hart *h, unsigned csr, uint64_t *v)
{
	*v = h->hideleg;
	return true;
}
static bool wr_hideleg(struct hart *h, unsigned csr, uint64_t v)
{
	h->hideleg = v & VS_INTS;
	return true;
}

/* hedeleg: bits 9-11 (ecalls from HS, VS, M) and 20-23 are read-only 0. */
#define HEDELEG_WRITABLE 0xb1ffull
static bool rd_hedeleg(struct hart *h, unsigned csr, uint64_t *v)
{
	*v = h->hedeleg;
	return true;
}
static bool wr_hedeleg(struct hart *h, unsigned csr, uint64_t v)
{
	h->hedeleg = v & HEDELEG_WRITABLE;
	return true;
}

/* mideleg: the VS-level interrupts are read-only 1 (always delegated past M). */
static bool rd_mideleg(struct hart *h, unsigned csr, uint64_t *v)
{
	*v = h->mideleg;
	return true;
}
static bool wr_mideleg(struct hart *h, unsigned csr, uint64_t v)
{
	h->mideleg = (v & S_INTS) | VS_INTS;
	return true;
}

/*
 * medeleg: every exception but ecall from M (11) can be delegated: 0-10,
 * 12, 13, 15, and the hypervisor's 20-23.
 */
#define MEDELEG_WRITABLE 0xf0b7ffull
static bool rd_medeleg(struct hart *h, unsigned csr, uint64_t *v)
{
	*v = h->medeleg;
	return true;
}
static bool wr_medeleg(struct hart *h, unsigned csr, uint64_t v)
{
	h->medeleg = v & MEDELEG_WRITABLE;
	return true;
}

/* ---- plain registers: one read/write pair over a field pointer ------------ */
static uint64_t *reg_of(struct hart *h, unsigned csr)
{
	switch (csr) {
	case CSR_MSCRATCH: return &h->mscratch;
	case CSR_MEPC: return &h->mepc;
	case CSR_MCAUSE: return &h->mcause;
	case CSR_MTVAL: return &h->mtval;
	case CSR_MTVEC: return &h->mtvec;
	case CSR_SSCRATCH: return &h->sscratch;
	case CSR_SEPC: return &h->sepc;
	case CSR_SCAUSE: return &h->scause;
	case CSR_STVAL: return &h->stval;
	case CSR_STVEC: return &h->stvec;
	case CSR_MENVCFG: return &h->menvcfg;
	case CSR_SENVCFG: return &h->senvcfg;
	case CSR_MTVAL2: return &h->mtval2;
	case CSR_MTINST: return &h->mtinst;
	case CSR_HTVAL: return &h->htval;
	case CSR_HTINST: return &h->htinst;
	case CSR_HTIMEDELTA: return &h->htimedelta;
	case CSR_HENVCFG: return &h->henvcfg;
	case CSR_VSTVEC: return &h->vstvec;
	case CSR_VSSCRATCH: return &h->vsscratch;
	case CSR_VSEPC: return &h->vsepc;
	case CSR_VSCAUSE: return &h->vscause;
	case CSR_VSTVAL: return &h->vstval;
	default: return NULL;
	}
}

static bool rd_reg(struct hart *h, unsigned csr, uint64_t *v)
{
	*v = *reg_of(h, csr);
	return true;
}

static bool wr_reg(struct hart *h, unsigned csr, uint64_t v)
{
	switch (csr) {
	case CSR_MEPC: case CSR_SEPC: case CSR_VSEPC:
		v &= ~1ull;                     /* IALIGN = 16 */
		break;
	case CSR_MTVEC: case CSR_STVEC: case CSR_VSTVEC:
		if ((v & 3) >= 2)               /* reserved MODE: write ignored */
			return true;
		break;
	case CSR_MENVCFG: case CSR_SENVCFG: case CSR_HENVCFG:
		v &= 1;                         /* FIOM only */
		break;
	default:
		break;
	}
	*reg_of(h, csr) = v;
	return true;
}

static uint32_t *counteren_of(struct hart *h, unsigned csr)
{
	return csr == CSR_MCOUNTEREN ? &h->mcounteren : csr == CSR_HCOUNTEREN ? &h->hcounteren
									    : &h->scounteren;
}
static bool rd_counteren(struct hart *h, unsigned csr, uint64_t *v)
{
	*v = *counteren_of(h, csr);
	return true;
}
static bool wr_counteren(struct hart *h, unsigned csr, uint64_t v)
{
	*counteren_of(h, csr) = (uint32_t)v;
	return true;
}

static bool rd_ro(struct hart *h, unsigned csr, uint64_t *v)
{
	switch (csr) {
	case CSR_MISA: *v = h->misa; break;
	case CSR_MHARTID: *v = h->hartid; break;
	case CSR_MCOUNTINHIBIT: *v = h->mcountinhibit; break;
	default: *v = 0; break;         /* ids, mconfigptr, hpm events */
	}
	return true;
}

static bool wr_ignore(struct hart *h, unsigned csr, uint64_t v)
{
	return true;
}

/* ---- satp (supervisor.adoc "Supervisor Address Translation and Protection") */
static bool rd_satp(struct hart *h, unsigned csr, uint64_t *v)
{
	if (h->priv == PRV_S && (h->mstatus & MSTATUS_TVM))
		return false;
	*v = h->satp;
	return true;
}

static bool satp_mode_ok(uint64_t v)
{
	uint64_t mode = v >> SATP_MODE_SHIFT;
	return mode == SATP_MODE_BARE || mode == SATP_MODE_SV39 || mode == SATP_MODE_SV48;
}

/* An unsupported MODE makes the whole write have no effect. */
static bool wr_satp(struct hart *h, unsigned csr, uint64_t v)
{
	if (h->priv == PRV_S && (h->mstatus & MSTATUS_TVM))
		return false;
	if (!satp_mode_ok(v))
		return true;
	h->satp = v;
	h->mtlbepoch++;
	hart_flush_host(h);
	return true;
}

/*
 * vsatp (satp when V=1): hstatus.VTVM makes VS-mode accesses raise a
 * virtual-instruction exception; mstatus.TVM does not apply. A write with
 * an unsupported MODE is ignored (required when V=1, chosen when V=0).
 */
static bool rd_vsatp(struct hart *h, unsigned csr, uint64_t *v)
{
	if (h->virt && (h->hstatus & HSTATUS_VTVM))
		return refuse_virtual(h);
	*v = h->vsatp;
	return true;
}
static bool wr_vsatp(struct hart *h, unsigned csr, uint64_t v)
{
	if (h->virt && (h->hstatus & HSTATUS_VTVM))
		return refuse_virtual(h);
	if (!satp_mode_ok(v))
		return true;
	h->vsatp = v;
	h->mtlbepoch++;
	hart_flush_guest(h);
	return true;
}

/*
 * hgatp: MODE Bare, Sv39x4 or Sv48x4 (WARL: another value keeps the old
 * mode); 14 VMID bits; PPN[1:0] read 0 (the root is 16 KiB aligned).
 * mstatus.TVM makes HS-mode accesses illegal.
 */
static bool rd_hgatp(struct hart *h, unsigned csr, uint64_t *v)
{
	if (h->priv == PRV_S && (h->mstatus & MSTATUS_TVM))
		return false;
	*v = h->hgatp;
	return true;
}
static bool wr_hgatp(struct hart *h, unsigned csr, uint64_t v)
{
	uint64_t mode = v >> HGATP_MODE_SHIFT;
	if (h->priv == PRV_S && (h->mstatus & MSTATUS_TVM))
		return false;
	if (mode != HGATP_MODE_BARE && mode != HGATP_MODE_SV39X4 && mode != HGATP_MODE_SV48X4)
		mode = h->hgatp >> HGATP_MODE_SHIFT;
	h->hgatp = mode << HGATP_MODE_SHIFT |
		   (v & ((uint64_t)((1u << HGATP_VMID_BITS) - 1) << HGATP_VMID_SHIFT)) |
		   (v & HGATP_PPN_MASK & ~3ull);
	h->mtlbepoch++;
	h->mtlbgepoch++;
	hart_flush_guest(h);
	return true;
}

/* ---- PMP (machine.adoc "Physical Memory Protection") ----------------------- */
static bool rd_pmpcfg(struct hart *h, unsigned csr, uint64_t *v)
{
	unsigned idx = csr - CSR_PMPCFG0;
	if (idx & 1)
		return false;                   /* odd pmpcfg do not exist on RV64 */
	*v = 0;
	if (idx / 2 * 8 < PMP_COUNT)
		for (unsigned i = 0; i < 8; i++)
			*v |= (uint64_t)h->pmpcfg[idx / 2 * 8 + i] << (8 * i);
	return true;
}

static void pmp_changed(struct hart *h)
{
	h->pmp_active = false;
	for (unsigned i = 0; i < PMP_COUNT; i++)
		if (h->pmpcfg[i] & PMP_A)
			h->pmp_active = true;
	hart_flush_fast(h);
}

/* Locked entries ignore writes; W=1 with R=0 is reserved and reads back 0. */
static bool wr_pmpcfg(struct hart *h, unsigned csr, uint64_t v)
{
	unsigned idx = csr - CSR_PMPCFG0;
	if (idx & 1)
		return false;
	for (unsigned i = 0; i < 8; i++) {
		unsigned n = idx / 2 * 8 + i;
		uint8_t b = (uint8_t)(v >> (8 * i)) & (PMP_R | PMP_W | PMP_X | PMP_A | PMP_L);
		if (n >= PMP_COUNT || (h->pmpcfg[n] & PMP_L))
			continue;
		if ((b & (PMP_R | PMP_W)) == PMP_W)
			b &= (uint8_t)~PMP_W;
		h->pmpcfg[n] = b;
	}
	pmp_changed(h);
	return true;
}

static bool rd_pmpaddr(struct hart *h, unsigned csr, uint64_t *v)
{
	unsigned n = csr - CSR_PMPADDR0;
	*v = n < PMP_COUNT ? h->pmpaddr[n] : 0;
	return true;
}

static bool wr_pmpaddr(struct hart *h, unsigned csr, uint64_t v)
{
	unsigned n = csr - CSR_PMPADDR0;
	if (n >= PMP_COUNT || (h->pmpcfg[n] & PMP_L))
		return true;
	/* an entry locked in TOR mode also locks the address below it */
	if (n + 1 < PMP_COUNT && (h->pmpcfg[n + 1] & PMP_L) && (h->pmpcfg[n + 1] & PMP_A) == PMP_A_TOR)
		return true;
	h->pmpaddr[n] = v & ((1ull << 54) - 1);
	pmp_changed(h);
	return true;
}

/* ---- hardware-mode interface (riscv/hwmode.h) ------------------------------ */
static bool rd_hwmode(struct hart *h, unsigned csr, uint64_t *v)
{
	switch (csr) {
	case CSR_MHWCTL: *v = h->mhwctl | MHWCTL_PRESENT; break;
	case CSR_MTLBCTX: *v = h->mtlbctx; break;
	case CSR_MTLBVA: *v = h->mtlbva; break;
	case CSR_MTLBPTE: *v = h->mtlbpte; break;
	case CSR_MTLBGPTE: *v = h->mtlbgpte; break;
	case CSR_MTLBTVEC: *v = h->mtlbtvec; break;
	case CSR_MTLBEPOCH: *v = h->mtlbepoch; break;
	case CSR_MTLBGEPOCH: *v = h->mtlbgepoch; break;
	case CSR_MTRAPFWD: *v = 0; break;
	default: *v = h->mtlbstatus; break;     /* MTLBCMD */
	}
	return true;
}

static bool wr_hwmode(struct hart *h, unsigned csr, uint64_t v)
{
	switch (csr) {
	case CSR_MHWCTL: h->mhwctl = v & (MHWCTL_SWWALK_HOST | MHWCTL_SWWALK_GUEST); break;
	case CSR_MTLBCTX: h->mtlbctx = v; break;
	case CSR_MTLBVA: h->mtlbva = v; break;
	case CSR_MTLBPTE: h->mtlbpte = v; break;
	case CSR_MTLBGPTE: h->mtlbgpte = v; break;
	case CSR_MTLBTVEC: h->mtlbtvec = v & ~3ull; break;
	case CSR_MTLBEPOCH: break;             /* read-only: writes ignored */
	case CSR_MTLBGEPOCH: break;
	case CSR_MTRAPFWD: {                   /* statistics: a forwarded trap */
		unsigned code = (unsigned)(v & 63);
		unsigned idx = (v & MTRAPFWD_INTERRUPT) ? 32 + (code & 15) : code;
		if (code < 32)
			h->traps_fwd[(v >> MTRAPFWD_FROM_SHIFT) & 7][(v >> MTRAPFWD_TO_SHIFT) & 7][idx]++;
		break;
	}
	default: mmu_sw_refill(h, v); break;   /* MTLBCMD: commit */
	}
	return true;
}

#define R(n, rd, wr) { n, n, #n, rd, wr }
#define RANGE(a, b, rd, wr) { a, b, #a, rd, wr }
static const struct csr_desc csr_table[] = {
	RANGE(CSR_CYCLE, CSR_HPMCOUNTER31, rd_counter, NULL),
	R(CSR_SSTATUS, rd_sstatus, wr_sstatus),
	R(CSR_SIE, rd_sie, wr_sie),
	R(CSR_STVEC, rd_reg, wr_reg),
	R(CSR_SCOUNTEREN, rd_counteren, wr_counteren),
	R(CSR_SENVCFG, rd_reg, wr_reg),
	R(CSR_SSCRATCH, rd_reg, wr_reg),
	R(CSR_SEPC, rd_reg, wr_reg),
	R(CSR_SCAUSE, rd_reg, wr_reg),
	R(CSR_STVAL, rd_reg, wr_reg),
	R(CSR_SIP, rd_sip, wr_sip),
	R(CSR_SATP, rd_satp, wr_satp),
	R(CSR_VSSTATUS, rd_vsstatus, wr_vsstatus),
	R(CSR_VSIE, rd_vsie, wr_vsie),
	R(CSR_VSTVEC, rd_reg, wr_reg),
	R(CSR_VSSCRATCH, rd_reg, wr_reg),
	R(CSR_VSEPC, rd_reg, wr_reg),
	R(CSR_VSCAUSE, rd_reg, wr_reg),
	R(CSR_VSTVAL, rd_reg, wr_reg),
	R(CSR_VSIP, rd_vsip, wr_vsip),
	R(CSR_VSATP, rd_vsatp, wr_vsatp),
	R(CSR_HSTATUS, rd_hstatus, wr_hstatus),
	R(CSR_HEDELEG, rd_hedeleg, wr_hedeleg),
	R(CSR_HIDELEG, rd_hideleg, wr_hideleg),
	R(CSR_HIE, rd_hie, wr_hie),
	R(CSR_HTIMEDELTA, rd_reg, wr_reg),
	R(CSR_HCOUNTEREN, rd_counteren, wr_counteren),
	R(CSR_HGEIE, rd_ro, wr_ignore),
	R(CSR_HENVCFG, rd_reg, wr_reg),
	R(CSR_HTVAL, rd_reg, wr_reg),
	R(CSR_HIP, rd_hip, wr_hip),
	R(CSR_HVIP, rd_hvip, wr_hvip),
	R(CSR_HTINST, rd_reg, wr_reg),
	R(CSR_HGATP, rd_hgatp, wr_hgatp),
	R(CSR_HGEIP, rd_ro, NULL),
	RANGE(CSR_MVENDORID, CSR_MCONFIGPTR, NULL, NULL),
	R(CSR_MSTATUS, rd_mstatus, wr_mstatus),
	R(CSR_MISA, rd_ro, wr_ignore),
	R(CSR_MEDELEG, rd_medeleg, wr_medeleg),
	R(CSR_MIDELEG, rd_mideleg, wr_mideleg),
	R(CSR_MIE, rd_mie, wr_mie),
	R(CSR_MTVEC, rd_reg, wr_reg),
	R(CSR_MCOUNTEREN, rd_counteren, wr_counteren),
	R(CSR_MENVCFG, rd_reg, wr_reg),
	R(CSR_MCOUNTINHIBIT, rd_ro, wr_mcountinhibit),
	RANGE(CSR_MHPMEVENT3, CSR_MHPMEVENT31, rd_mhpmevent, wr_ignore),
	R(CSR_MSCRATCH, rd_reg, wr_reg),
	R(CSR_MEPC, rd_reg, wr_reg),
	R(CSR_MCAUSE, rd_reg, wr_reg),
	R(CSR_MTVAL, rd_reg, wr_reg),
	R(CSR_MIP, rd_mip, wr_mip),
	R(CSR_MTINST, rd_reg, wr_reg),
	R(CSR_MTVAL2, rd_reg, wr_reg),
	RANGE(CSR_PMPCFG0, CSR_PMPCFG15, rd_pmpcfg, wr_pmpcfg),
	RANGE(CSR_PMPADDR0, CSR_PMPADDR63, rd_pmpaddr, wr_pmpaddr),
	RANGE(CSR_MCYCLE, CSR_MHPMCOUNTER31, rd_mcounter, wr_mcounter),
	R(CSR_MHWCTL, rd_hwmode, wr_hwmode),
	R(CSR_MTLBCTX, rd_hwmode, wr_hwmode),
	R(CSR_MTLBVA, rd_hwmode, wr_hwmode),
	R(CSR_MTLBPTE, rd_hwmode, wr_hwmode),
	R(CSR_MTLBGPTE, rd_hwmode, wr_hwmode),
	R(CSR_MTLBCMD, rd_hwmode, wr_hwmode),
	R(CSR_MTLBTVEC, rd_hwmode, wr_hwmode),
	R(CSR_MTLBEPOCH, rd_hwmode, wr_hwmode),
	R(CSR_MTLBGEPOCH, rd_hwmode, wr_hwmode),
	R(CSR_MTRAPFWD, rd_hwmode, wr_hwmode),
};

static const struct csr_desc *csr_index[4096];

static const struct csr_desc *csr_find(unsigned csr)
{
	static bool ready;
	if (!ready) {
		for (unsigned i = 0; i < sizeof csr_table / sizeof csr_table[0]; i++)
			for (unsigned n = csr_table[i].first; n <= csr_table[i].last; n++)
				csr_index[n] = &csr_table[i];
		ready = true;
	}
	return csr < 4096 ? csr_index[csr] : NULL;
}

/* S CSRs that V=1 redirects to their VS counterpart (number + 0x100). */
static bool has_vs_alias(unsigned csr)
{
	switch (csr) {
	case CSR_SSTATUS: case CSR_SIE: case CSR_STVEC: case CSR_SSCRATCH: case CSR_SEPC:
	case CSR_SCAUSE: case CSR_STVAL: case CSR_SIP: case CSR_SATP:
		return true;
	default:
		return false;
	}
}

/*
 * The privilege rules common to all CSRs (zicsr.adoc; priv-csrs.adoc "CSR
 * Address Mapping Conventions"; hypervisor.adoc "Trap Cause Codes"):
 * returns 0 when the access may go on, with *num the CSR really accessed
 * (V=1 substitutes vsX for sX), or the exception to raise. A CSR that
 * HS-mode could access raises a virtual-instruction exception from VS or
 * VU (hypervisor and VS CSRs; supervisor CSRs from VU); anything else
 * refused is an illegal instruction. Bits 9:8 = 2 (hypervisor CSRs)
 * belong to HS-mode.
 */
uint64_t csr_check(struct hart *h, unsigned csr, bool write, unsigned *num)
{
	unsigned need = (csr >> 8) & 3;

	*num = csr;
	if (!csr_find(csr) || (write && (csr >> 10) == 3))
		return CAUSE_ILLEGAL_INSN;
	if (h->priv == PRV_M)
		return 0;
	if (need == 3)
		return CAUSE_ILLEGAL_INSN;
	if (!h->virt)
		return h->priv == PRV_U && need > 0 ? CAUSE_ILLEGAL_INSN : 0;
	if (need == 2 || (need == 1 && h->priv == PRV_U))
		return CAUSE_VIRTUAL_INSN;
	if (need == 1 && has_vs_alias(csr))
		*num = csr + CSR_VS_OFFSET;
	return 0;
}


bool csr_read(struct hart *h, unsigned csr, uint64_t *val)
{
	const struct csr_desc *d = csr_find(csr);
	if (!d)
		return false;
	if (!d->read)
		return rd_ro(h, csr, val);
	return d->read(h, csr, val);
}

bool csr_write(struct hart *h, unsigned csr, uint64_t val)
{
	const struct csr_desc *d = csr_find(csr);
	if (!d || !d->write)
		return false;
	return d->write(h, csr, val);
}

/* The CSR's name for traces and the debugger ("" when unknown). */
const char *csr_name(unsigned csr)
{
	const struct csr_desc *d = csr_find(csr);
	return d ? d->name : "";
}
