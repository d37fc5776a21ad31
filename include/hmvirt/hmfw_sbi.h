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
