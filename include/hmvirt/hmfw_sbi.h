/*
 * hmfw_sbi.h - the hmvirt SBI extension of hmfw: how S/HS-mode software
 * selects a memory-virtualization model and registers the memory it
 * shares with the firmware (DESIGN.md, "The models": per-VM GPA->HPA
 * root, per-vCPU guest satp, SPT base-address buffer, SPT pool).
 *
 * Shared by the firmware (firmware/sbi_hmvirt.c, hwmode.c) and the
 * hypervisor: nothing here is restated elsewhere. Every structure has a
 * fixed layout (fixed-width types, explicit padding, little-endian RV64)
 * and begins with a version and its size, so that either side can refuse
 * a layout it does not know.
 *
 * Calling convention (binary-encoding.adoc): EID in a7, FID in a6,
 * arguments in a0..a5; the firmware answers error in a0, value in a1.
 * Addresses are physical (the firmware reads them with translation off)
 * and must lie in RAM outside the firmware; structures are 8-byte aligned.
 */
#ifndef HMVIRT_HMFW_SBI_H
#define HMVIRT_HMFW_SBI_H

/* Extension ID, in the firmware-specific range 0x0A000000-0x0AFFFFFF. */
#define HMFW_SBI_EXT 0x0A000001ul

#define HMFW_SBI_VERSION 1 /* of this interface and its structures */

/* ---- function IDs -------------------------------------------------------- */
/* a0 = HMFW_SBI_VERSION of the firmware. */
#define HMFW_FID_GET_VERSION 0
/* a1 = bit mask of the models this machine supports (1 << HMFW_MODEL_*). */
#define HMFW_FID_GET_MODELS  1
/* a0 = model: select it on the calling hart (and as the machine's model).
 * SBI_ERR_NOT_SUPPORTED when the machine lacks what it needs (native-sw
 * and snp need hmvirt's hardware-mode interface), SBI_ERR_INVALID_PARAM
 * for an unknown model. Selecting flushes the hart's TLB. */
#define HMFW_FID_SET_MODEL   2
/* a1 = the selected model. */
#define HMFW_FID_GET_MODEL   3
/* a0 = physical address of a struct hmfw_vm (0: unregister). */
#define HMFW_FID_SET_VM      4
/* a0 = physical address of the calling hart's struct hmfw_vcpu (0: none). */
#define HMFW_FID_SET_VCPU    5
/*
 * Trap interception (issue 5, "Forwarding tests"; the shadow models use
 * it for virtual-instruction exceptions and page faults).
 *
 * a0 = the complete set of exception causes (bit i = cause i) that the
 * calling hart's firmware takes in M-mode instead of delegating them;
 * a1 = the same for interrupts, which must be 0. Every cause in
 * HMFW_INTERCEPT_ALLOWED (with H; HMFW_INTERCEPT_ALLOWED_NOH without)
 * that a0 names is kept in M (its medeleg bit cleared) and then
 * forwarded to HS or VS exactly as delegation would have delivered it
 * (scause/sepc/stval, htval/htinst, hstatus.SPV/SPVP/GVA, or on to VS
 * through hedeleg); every allowed cause a0 does not name is delegated
 * (medeleg bit set). So a0 also chooses which of the causes the firmware
 * keeps by default (illegal instruction, misaligned and access faults)
 * go straight to S: read the current set with HMFW_FID_GET_INTERCEPT,
 * then add or remove bits. Nothing else changes (mideleg, hedeleg).
 * Lasts until the next call or until the hart is (re)started by HSM.
 * a1 (value) = the previous exception set.
 *
 * SBI_ERR_INVALID_PARAM, with nothing changed, when a0 names a cause
 * outside the allowed set: ecall from S/HS (9: the SBI itself), ecall
 * from M (11), reserved codes, hmvirt's hardware-mode TLB-miss causes
 * 24..26, and 10 and 20..23 on a hart without H; or when a1 is nonzero.
 * Interrupts are refused because interception cannot be exact: an
 * interrupt that mideleg does not delegate is taken in M even in HS-mode
 * with sstatus.SIE = 0 (priv "Machine Interrupt Registers") and stays
 * pending after the forward, so it would be delivered where delegation
 * would not deliver it, or taken again at once; and sip/sie show only
 * delegated interrupts, so HS would see different CSRs. The VS-level
 * interrupts (2, 6, 10) and SGEI (12) are read-only-one in mideleg.
 * SBI_ERR_NOT_SUPPORTED, with nothing changed, when the hart does not let
 * M delegate a cause the set leaves out (medeleg does not hold the bit).
 */
#define HMFW_FID_SET_INTERCEPT 6
/* a1 = the calling hart's current exception set (as for SET_INTERCEPT). */
#define HMFW_FID_GET_INTERCEPT 7

/* The exceptions the firmware may intercept and forward: misaligned and
 * access faults, illegal instruction, breakpoint, ecall from U/VU (8),
 * page faults; with H also ecall from VS (10), guest-page faults and
 * virtual instruction (20..23). */
#define HMFW_INTERCEPT_ALLOWED_NOH                                           \
	(0x1fful | 1ul << 12 | 1ul << 13 | 1ul << 15)
#define HMFW_INTERCEPT_ALLOWED                                               \
	(HMFW_INTERCEPT_ALLOWED_NOH | 1ul << 10 | 0xful << 20)

/* ---- models (DESIGN.md, "The models") ------------------------------------ */
#define HMFW_MODEL_NATIVE    0 /* hardware 1D walk; firmware does nothing */
#define HMFW_MODEL_NATIVE_SW 1 /* V=0 TLB misses refilled by the firmware (MHWCTL_SWWALK_HOST) */
#define HMFW_MODEL_NP        2 /* hardware 2D walk */
#define HMFW_MODEL_SNP       3 /* V=1 TLB misses refilled by a 2D software walk (MHWCTL_SWWALK_GUEST) */
#define HMFW_MODEL_TSP       4 /* reserved: shadow models, not yet implemented */
#define HMFW_MODEL_SSP       5
#define HMFW_MODEL_ASP       6
#define HMFW_MODEL_COUNT     7

#ifndef __ASSEMBLER__
#include <stdint.h>

/* One entry of the SPT base-address buffer: the shadow root that stands
 * for a guest root (both as satp values: mode | ASID | PPN). */
struct hmfw_spt_base {
	uint64_t guest_satp; /* the guest's satp (gPT root, a GPA) */
	uint64_t spt_satp;   /* the vsatp to load for it (SPT root, an HPA) */
};

/*
 * Per VM: the GPA->HPA table (an Sv39x4/Sv48x4 G-stage table, as an hgatp
 * value: mode | VMID | root PPN; loaded in hgatp by np/snp, walked in
 * software by the shadow models) and the SPT pool the firmware may fill
 * shadow tables from.
 */
struct hmfw_vm {
	uint32_t version;      /* HMFW_SBI_VERSION */
	uint32_t size;         /* sizeof(struct hmfw_vm) */
	uint64_t gpa_hpa_root; /* hgatp format */
	uint64_t spt_pool_base; /* physical, 4 KiB aligned */
	uint64_t spt_pool_size; /* bytes */
	uint64_t spt_pool_next; /* first free byte (the firmware and the
				   hypervisor allocate with an AMO on it) */
};

/*
 * Per vCPU: the guest's current satp (as the guest wrote it: a GPA root)
 * and the SPT base-address buffer (DESIGN.md, ssp/asp: switches vsatp on
 * a guest context switch without an exit).
 */
#define HMFW_SPT_BASE_ENTRIES 16
struct hmfw_vcpu {
	uint32_t version;      /* HMFW_SBI_VERSION */
	uint32_t size;         /* sizeof(struct hmfw_vcpu) */
	uint64_t guest_satp;
	uint32_t spt_base_count; /* valid entries of spt_base[] */
	uint32_t reserved;
	struct hmfw_spt_base spt_base[HMFW_SPT_BASE_ENTRIES];
};

_Static_assert(sizeof(struct hmfw_spt_base) == 16, "hmfw_spt_base layout");
_Static_assert(sizeof(struct hmfw_vm) == 40, "hmfw_vm layout");
_Static_assert(sizeof(struct hmfw_vcpu) == 24 + 16 * HMFW_SPT_BASE_ENTRIES, "hmfw_vcpu layout");

#endif /* __ASSEMBLER__ */
#endif
