/*
 * vsbi.c - the SBI implementation the guest sees (SBI 2.0 for one hart):
 * base, legacy console/timer/shutdown, TIME, IPI, RFENCE, HSM, SRST and
 * DBCN, each as its chapter in sbi/ says, on top of the firmware's SBI.
 *
 * The virtual timer: the guest's set_timer programs the host timer
 * through the firmware (htimedelta is 0, so guest time is host time) and
 * clears hvip.VSTIP; when the host timer fires (an HS timer interrupt,
 * vsbi_timer_fired), the host timer is stopped and VSTIP injected.
 */
#include "hyp.h"

#define A(n) (v->x[10 + (n)]) /* the guest's a0..a7 */

static void ret(struct vcpu *v, long error, long value)
{
	A(0) = (uint64_t)error;
	A(1) = (uint64_t)value;
}

/* hfence.vvma va, asid for the current hgatp.VMID (.insn: rv64imac) */
static void hfence_vvma(uint64_t va, uint64_t asid)
{
	__asm__ volatile(".insn r 0x73, 0, 0x11, x0, %0, %1" ::"r"(va), "r"(asid) : "memory");
}
static void hfence_vvma_va(uint64_t va)
{
	__asm__ volatile(".insn r 0x73, 0, 0x11, x0, %0, x0" ::"r"(va) : "memory");
}
static void hfence_vvma_all(void)
{
	__asm__ volatile(".insn r 0x73, 0, 0x11, x0, x0, x0" ::: "memory");
}
static void hfence_vvma_asid(uint64_t asid)
{
	__asm__ volatile(".insn r 0x73, 0, 0x11, x0, x0, %0" ::"r"(asid) : "memory");
}

/*
 * A hart mask (binary-encoding.adoc, "Hart list parameter"): 1 when it
 * names hart 0, the VM's only hart; 0 when it names none; -1 when it names
 * a hart that does not exist (SBI_ERR_INVALID_PARAM).
 */
static int hartmask_self(uint64_t mask, uint64_t base)
{
	if (base == ~0ull)
		return 1;
	if (base != 0)
		return mask ? -1 : 0;
	if (mask & ~1ull)
		return -1;
	return (int)(mask & 1);
}

static void sbi_base(struct vcpu *v, uint64_t fid)
{
	uint64_t e = A(0);

	switch (fid) {
	case 0: ret(v, SBI_SUCCESS, (long)SBI_SPEC_VERSION_2_0); break;
	case 1: ret(v, SBI_SUCCESS, (long)HYP_SBI_IMPL_ID); break;
	case 2: ret(v, SBI_SUCCESS, HYP_SBI_IMPL_VERSION); break;
	case 3: /* probe_extension */
		ret(v, SBI_SUCCESS,
		    e == SBI_EXT_LEGACY_SET_TIMER || e == SBI_EXT_LEGACY_PUTCHAR ||
			    e == SBI_EXT_LEGACY_GETCHAR || e == SBI_EXT_LEGACY_CLEAR_IPI ||
			    e == SBI_EXT_LEGACY_SHUTDOWN || e == SBI_EXT_BASE ||
			    e == SBI_EXT_TIME || e == SBI_EXT_IPI || e == SBI_EXT_RFENCE ||
			    e == SBI_EXT_HSM || e == SBI_EXT_SRST || e == SBI_EXT_DBCN);
		break;
	case 4: case 5: case 6: /* mvendorid, marchid, mimpid: a virtual hart's are 0 */
		ret(v, SBI_SUCCESS, 0);
		break;
	default: ret(v, SBI_ERR_NOT_SUPPORTED, 0);
	}
}

static void guest_set_timer(uint64_t stime)
{
	hyp_stats.sbi_timer++;
	csr_clear(CSR_HVIP, MIP_VSTIP);
	sbi_set_timer(stime);
}

void vsbi_timer_fired(void)
{
	sbi_set_timer(~0ull); /* also clears the host's STIP */
	csr_set(CSR_HVIP, MIP_VSTIP);
}

static void sbi_ipi(struct vcpu *v, uint64_t fid)
{
	int self = hartmask_self(A(0), A(1));

	hyp_stats.sbi_ipi++;
	if (fid != 0)
		return ret(v, SBI_ERR_NOT_SUPPORTED, 0);
	if (self < 0)
		return ret(v, SBI_ERR_INVALID_PARAM, 0);
	if (self)
		csr_set(CSR_HVIP, MIP_VSSIP);
	ret(v, SBI_SUCCESS, 0);
}

/*
 * RFENCE on the one hart (ext-rfence.adoc): the guest's sfence.vma forms
 * become hfence.vvma for the VM's VMID (the one in hgatp). A range of more
 * than 64 pages is flushed whole, as Linux does.
 */
static void sbi_rfence(struct vcpu *v, uint64_t fid)
{
	int self = hartmask_self(A(0), A(1));
	uint64_t start = A(2), size = A(3), asid = A(4), va;
	bool all = (start == 0 && size == 0) || size == ~0ull || size > 64 * PAGE_SIZE;

	hyp_stats.sbi_rfence++;
	if (fid > 2)
		return ret(v, SBI_ERR_NOT_SUPPORTED, 0); /* hfence.*: the VM has no H */
	if (self < 0)
		return ret(v, SBI_ERR_INVALID_PARAM, 0);
	if (self && fid == 0)
		__asm__ volatile("fence.i" ::: "memory");
	else if (self && fid == 1 && all)
		hfence_vvma_all();
	else if (self && fid == 2 && all)
		hfence_vvma_asid(asid);
	else if (self)
		for (va = ALIGN_DOWN(start, PAGE_SIZE); va < start + size; va += PAGE_SIZE)
			fid == 1 ? hfence_vvma_va(va) : hfence_vvma(va, asid);
	ret(v, SBI_SUCCESS, 0);
}

static void sbi_hsm(struct vcpu *v, uint64_t fid)
{
	hyp_stats.sbi_other++;
	switch (fid) {
	case 0: /* hart_start */
		ret(v, A(0) == GUEST_HART_ID ? SBI_ERR_ALREADY_AVAILABLE : SBI_ERR_INVALID_PARAM, 0);
		break;
	case 2: /* hart_get_status */
		if (A(0) == GUEST_HART_ID)
			ret(v, SBI_SUCCESS, SBI_HSM_STARTED);
		else
			ret(v, SBI_ERR_INVALID_PARAM, 0);
		break;
	case 1: /* hart_stop: the last hart of the VM stays */
		ret(v, SBI_ERR_FAILED, 0);
		break;
	default:
		ret(v, SBI_ERR_NOT_SUPPORTED, 0);
	}
}

/* SRST (ext-sys-reset.adoc): the VM's shutdown or reboot is the
 * machine's, with the guest's reason (so the workload's status becomes
 * hmvirt's exit status). The firmware answers invalid requests. */
static void sbi_srst(struct vcpu *v, uint64_t fid)
{
	struct sbiret r;

	hyp_stats.sbi_other++;
	if (fid != 0)
		return ret(v, SBI_ERR_NOT_SUPPORTED, 0);
	if (A(0) <= 2)
		hyp_print_stats();
	r = sbi_ecall(SBI_EXT_SRST, 0, A(0), A(1), 0, 0);
	ret(v, r.error, r.value);
}

/*
 * DBCN (ext-debug-console.adoc): write and read take a guest-physical
 * buffer; it is translated through the G-stage a page at a time and each
 * piece handed to the firmware at its host address. A buffer outside
 * guest RAM is SBI_ERR_INVALID_PARAM.
 */
static void sbi_dbcn(struct vcpu *v, uint64_t fid)
{
	uint64_t n = A(0), gpa = A(1), done = 0;
	struct sbiret r;

	hyp_stats.sbi_console++;
	if (fid == 2) {
		r = sbi_ecall(SBI_EXT_DBCN, 2, A(0), 0, 0, 0);
		return ret(v, r.error, 0);
	}
	if (fid > 1)
		return ret(v, SBI_ERR_NOT_SUPPORTED, 0);
	if (A(2) != 0 || (n && (!gstage_in_ram(v->vm, gpa) ||
				!gstage_in_ram(v->vm, gpa + n - 1) || gpa + n < gpa)))
		return ret(v, SBI_ERR_INVALID_PARAM, 0);
	while (done < n) {
		uint64_t g = gpa + done, chunk = PAGE_SIZE - (g & (PAGE_SIZE - 1));
		uint64_t hpa = gstage_translate(v->vm, g, true);

		if (!hpa)
			return ret(v, SBI_ERR_FAILED, (long)done);
		if (chunk > n - done)
			chunk = n - done;
		r = sbi_ecall(SBI_EXT_DBCN, fid, chunk, hpa, 0, 0);
		if (r.error != SBI_SUCCESS)
			return ret(v, done ? SBI_SUCCESS : r.error, (long)done);
		done += (uint64_t)r.value;
		if ((uint64_t)r.value < chunk)
			break; /* a short write or read: report what was done */
	}
	ret(v, SBI_SUCCESS, (long)done);
}

/* The legacy extensions (ext-legacy.adoc): the result in a0 only. */
static void sbi_legacy(struct vcpu *v, uint64_t eid)
{
	struct sbiret r;

	switch (eid) {
	case SBI_EXT_LEGACY_SET_TIMER:
		guest_set_timer(A(0));
		A(0) = 0;
		break;
	case SBI_EXT_LEGACY_PUTCHAR:
	case SBI_EXT_LEGACY_GETCHAR:
		hyp_stats.sbi_console++;
		r = sbi_ecall(eid, 0, A(0), 0, 0, 0);
		A(0) = (uint64_t)r.error;
		break;
	case SBI_EXT_LEGACY_CLEAR_IPI:
		hyp_stats.sbi_ipi++;
		csr_clear(CSR_HVIP, MIP_VSSIP);
		A(0) = 0;
		break;
	case SBI_EXT_LEGACY_SHUTDOWN:
		hyp_print_stats();
		sbi_ecall(SBI_EXT_LEGACY_SHUTDOWN, 0, 0, 0, 0, 0);
		A(0) = (uint64_t)SBI_ERR_FAILED;
		break;
	default:
		hyp_stats.sbi_other++;
		A(0) = (uint64_t)SBI_ERR_NOT_SUPPORTED;
	}
}

/* An ecall from VS (cause 10): one SBI call, then past the ecall. */
void vsbi_call(struct vcpu *v)
{
	uint64_t eid = A(7), fid = A(6);

	hyp_stats.sbi_calls++;
	v->pc += 4;
	switch (eid) {
	case SBI_EXT_BASE: hyp_stats.sbi_other++; sbi_base(v, fid); break;
	case SBI_EXT_TIME:
		if (fid != 0)
			return ret(v, SBI_ERR_NOT_SUPPORTED, 0);
		guest_set_timer(A(0));
		ret(v, SBI_SUCCESS, 0);
		break;
	case SBI_EXT_IPI: sbi_ipi(v, fid); break;
	case SBI_EXT_RFENCE: sbi_rfence(v, fid); break;
	case SBI_EXT_HSM: sbi_hsm(v, fid); break;
	case SBI_EXT_SRST: sbi_srst(v, fid); break;
	case SBI_EXT_DBCN: sbi_dbcn(v, fid); break;
	default:
		if (eid <= 0x0f)
			sbi_legacy(v, eid);
		else {
			hyp_stats.sbi_other++;
			ret(v, SBI_ERR_NOT_SUPPORTED, 0);
		}
	}
}
