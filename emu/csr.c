/*
 * Control and status registers: one table of (number, name, read, write),
 * indexed at first use. Access rules common to all CSRs (privilege from
 * bits 9:8, read-only from bits 11:10: zicsr.adoc and priv-csrs.adoc
 * "CSR Address Mapping Conventions") are checked by csr_access_ok(); rules
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

/* cycle/time/instret/hpmcounterN from S or U: gated by mcounteren, scounteren. */
static bool counter_enabled(struct hart *h, unsigned csr)
{
	unsigned bit = csr - CSR_CYCLE;
	if (h->priv < PRV_M && !((h->mcounteren >> bit) & 1))
		return false;
	if (h->priv < PRV_S && !((h->scounteren >> bit) & 1))
		return false;
	return true;
}

static bool rd_counter(struct hart *h, unsigned csr, uint64_t *v)
{
	if (!counter_enabled(h, csr))
		return false;
	switch (csr) {
	case CSR_CYCLE: *v = mcycle_value(h); break;
	case CSR_TIME: *v = hart_mtime(h); break;
	case CSR_INSTRET: *v = minstret_value(h); break;
	default: *v = 0; break;               /* hpmcounters: no events wired */
	}
	return true;
}

static bool rd_mcounter(struct hart *h, unsigned csr, uint64_t *v)
{
	*v = csr == CSR_MCYCLE ? mcycle_value(h) : csr == CSR_MINSTRET ? minstret_value(h) : 0;
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
			  MSTATUS_MXR | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR)
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
	if ((old ^ h->mstatus) & (MSTATUS_SUM | MSTATUS_MXR))
		hart_flush_translated(h);
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

/* ---- interrupts ------------------------------------------------------------ */
#define S_INTS (MIP_SSIP | MIP_STIP | MIP_SEIP)
#define M_INTS (MIP_MSIP | MIP_MTIP | MIP_MEIP)

static bool rd_mie(struct hart *h, unsigned csr, uint64_t *v)
{
	*v = h->mie;
	return true;
}
static bool wr_mie(struct hart *h, unsigned csr, uint64_t v)
{
	h->mie = v & (S_INTS | M_INTS);
	return true;
}
static bool rd_mip(struct hart *h, unsigned csr, uint64_t *v)
{
	*v = h->mip;
	return true;
}
/* mip: SSIP, STIP and SEIP are writable by M-mode (no Sstc); the M bits are device lines. */
static bool wr_mip(struct hart *h, unsigned csr, uint64_t v)
{
	h->mip_sw = v & S_INTS;
	machine_update_irqs(h->m);
	return true;
}
/* sie/sip: the bits of delegated interrupts; only SSIP is writable in sip. */
static bool rd_sie(struct hart *h, unsigned csr, uint64_t *v)
{
	*v = h->mie & h->mideleg;
	return true;
}
static bool wr_sie(struct hart *h, unsigned csr, uint64_t v)
{
	h->mie = (h->mie & ~h->mideleg) | (v & h->mideleg & S_INTS);
	return true;
}
static bool rd_sip(struct hart *h, unsigned csr, uint64_t *v)
{
	*v = h->mip & h->mideleg;
	return true;
}
static bool wr_sip(struct hart *h, unsigned csr, uint64_t v)
{
	uint64_t w = h->mideleg & MIP_SSIP;
	h->mip_sw = (h->mip_sw & ~w) | (v & w);
	machine_update_irqs(h->m);
	return true;
}
static bool rd_mideleg(struct hart *h, unsigned csr, uint64_t *v)
{
	*v = h->mideleg;
	return true;
}
static bool wr_mideleg(struct hart *h, unsigned csr, uint64_t v)
{
	h->mideleg = v & S_INTS;
	return true;
}

/* medeleg: every exception but ecall from M (11) and the reserved 14 can be delegated. */
#define MEDELEG_WRITABLE 0xb3ffull
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
	case CSR_MEPC: case CSR_SEPC:
		v &= ~1ull;                     /* IALIGN = 16 */
		break;
	case CSR_MTVEC: case CSR_STVEC:
		if ((v & 3) >= 2)               /* reserved MODE: write ignored */
			return true;
		break;
	case CSR_MENVCFG: case CSR_SENVCFG:
		v &= 1;                         /* FIOM only */
		break;
	default:
		break;
	}
	*reg_of(h, csr) = v;
	return true;
}

static bool rd_counteren(struct hart *h, unsigned csr, uint64_t *v)
{
	*v = csr == CSR_MCOUNTEREN ? h->mcounteren : h->scounteren;
	return true;
}
static bool wr_counteren(struct hart *h, unsigned csr, uint64_t v)
{
	if (csr == CSR_MCOUNTEREN)
		h->mcounteren = (uint32_t)v;
	else
		h->scounteren = (uint32_t)v;
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

/* An unsupported MODE makes the whole write have no effect. */
static bool wr_satp(struct hart *h, unsigned csr, uint64_t v)
{
	uint64_t mode = v >> SATP_MODE_SHIFT;
	if (h->priv == PRV_S && (h->mstatus & MSTATUS_TVM))
		return false;
	if (mode != SATP_MODE_BARE && mode != SATP_MODE_SV39 && mode != SATP_MODE_SV48)
		return true;
	h->satp = v;
	hart_flush_translated(h);
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
	RANGE(CSR_MHPMEVENT3, CSR_MHPMEVENT31, rd_ro, wr_ignore),
	R(CSR_MSCRATCH, rd_reg, wr_reg),
	R(CSR_MEPC, rd_reg, wr_reg),
	R(CSR_MCAUSE, rd_reg, wr_reg),
	R(CSR_MTVAL, rd_reg, wr_reg),
	R(CSR_MIP, rd_mip, wr_mip),
	RANGE(CSR_PMPCFG0, CSR_PMPCFG15, rd_pmpcfg, wr_pmpcfg),
	RANGE(CSR_PMPADDR0, CSR_PMPADDR63, rd_pmpaddr, wr_pmpaddr),
	RANGE(CSR_MCYCLE, CSR_MHPMCOUNTER31, rd_mcounter, wr_mcounter),
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

/* Whether the CSR exists and the current privilege may read (or write) it. */
bool csr_access_ok(struct hart *h, unsigned csr, bool write)
{
	if (!csr_find(csr))
		return false;
	if (h->priv < ((csr >> 8) & 3))
		return false;
	if (write && (csr >> 10) == 3)
		return false;
	return true;
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
