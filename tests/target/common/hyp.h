/*
 * hyp.h - the hypervisor-extension (H) part of the target test runtime,
 * for the h_* tests (built with common/hyp.c; run on QEMU with
 * -cpu rv64,h=true).
 *
 * Running guest code: run_virt(PRV_S, fn, arg) runs fn(arg) in VS-mode,
 * run_virt(PRV_U, ...) in VU-mode (mret with mstatus.MPV=1), with the
 * current vsatp and hgatp; fn's value comes back to the M-mode caller
 * through the ecall in lower_tramp (cause 10 from VS, 8 from VU; taken by
 * M, or by HS when delegated through medeleg, which hands it on to M).
 *
 * Traps: hyp_init() makes the M and HS handlers (lib.c) also record
 * mtval2/htval, mtinst/htinst, hstatus, V of the trapped mode and GVA in
 * `trap` (see struct trap_info), and installs vs_trap_entry as vstvec
 * with its own stack in vsscratch: traps delegated to VS-mode through
 * hedeleg/hideleg are recorded with trap.mode == 'V'. The usual policy
 * applies in every mode: an armed exception is recorded and skipped
 * (HS reads the guest's instruction with HLVX.HU), anything else aborts
 * the run.
 *
 * A test that must see every HS trap (h_hostile) sets s_trap_hook.
 *
 * G-stage tables: gpt_root() gives a zeroed 16 KiB-aligned 16 KiB root
 * (Sv39x4/Sv48x4: 2 more GPA bits at the root level); gpt_map() maps like
 * pt_map(); gpt_identity_root() maps the RAM gigapage identity with U=1
 * (G-stage accesses are all user-level). VS-stage tables use vm.c.
 */
#ifndef HMVIRT_HYP_H
#define HMVIRT_HYP_H

#include "test.h"

/* ---- bits --------------------------------------------------------------- */

#define MISA_H (1UL << 7)

#define MSTATUS_GVA (1UL << 38)
#define MSTATUS_MPV (1UL << 39)

#define HSTATUS_VSBE (1UL << 5)
#define HSTATUS_GVA (1UL << 6)
#define HSTATUS_SPV (1UL << 7)
#define HSTATUS_SPVP (1UL << 8)
#define HSTATUS_HU (1UL << 9)
#define HSTATUS_VGEIN_SHIFT 12
#define HSTATUS_VGEIN (0x3fUL << 12)
#define HSTATUS_VTVM (1UL << 20)
#define HSTATUS_VTW (1UL << 21)
#define HSTATUS_VTSR (1UL << 22)
#define HSTATUS_VSXL_SHIFT 32
#define HSTATUS_VSXL (3UL << 32)

#define CAUSE_ECALL_VS 10
#define CAUSE_FETCH_GPAGE 20
#define CAUSE_LOAD_GPAGE 21
#define CAUSE_VIRT_INSN 22
#define CAUSE_STORE_GPAGE 23

#define IRQ_VSSI 2
#define IRQ_VSTI 6
#define IRQ_VSEI 10
#define IRQ_SGEI 12
#define VS_IRQS ((1UL << IRQ_VSSI) | (1UL << IRQ_VSTI) | (1UL << IRQ_VSEI))

#define HGATP_MODE_BARE 0UL
#define HGATP_MODE_SV39X4 8UL
#define HGATP_MODE_SV48X4 9UL
#define HGATP_MODE_SHIFT 60
#define HGATP_VMID_SHIFT 44
#define HGATP_VMID_MASK 0x3fffUL
#define HGATP_PPN_MASK ((1UL << 44) - 1)

/* Clause names shared by the h_* tests. */
#define H_CSRS "hypervisor.adoc: Hypervisor and Virtual Supervisor CSRs"
#define H_HSTATUS "hypervisor.adoc: Hypervisor Status (`hstatus`) Register"
#define H_DELEG "hypervisor.adoc: Hypervisor Trap Delegation (`hedeleg` and `hideleg`) Registers"
#define H_HIP "hypervisor.adoc: Hypervisor Interrupt (`hvip`, `hip`, and `hie`) Registers"
#define H_HGEI "hypervisor.adoc: Hypervisor Guest External Interrupt Registers (`hgeip` and `hgeie`)"
#define H_HENVCFG "hypervisor.adoc: Hypervisor Environment Configuration Register (`henvcfg`)"
#define H_HCOUNTEREN "hypervisor.adoc: Hypervisor Counter-Enable (`hcounteren`) Register"
#define H_HTIMEDELTA "hypervisor.adoc: Hypervisor Time Delta (`htimedelta`) Register"
#define H_HTVAL "hypervisor.adoc: Hypervisor Trap Value (`htval`) Register"
#define H_HTINST "hypervisor.adoc: Hypervisor Trap Instruction (`htinst`) Register"
#define H_HGATP "hypervisor.adoc: Hypervisor Guest Address Translation and Protection (`hgatp`) Register"
#define H_VSSTATUS "hypervisor.adoc: Virtual Supervisor Status (`vsstatus`) Register"
#define H_VSIP "hypervisor.adoc: Virtual Supervisor Interrupt (`vsip` and `vsie`) Registers"
#define H_VSTVEC "hypervisor.adoc: Virtual Supervisor Trap Vector Base Address (`vstvec`) Register"
#define H_VSSCRATCH "hypervisor.adoc: Virtual Supervisor Scratch (`vsscratch`) Register"
#define H_VSEPC "hypervisor.adoc: Virtual Supervisor Exception Program Counter (`vsepc`) Register"
#define H_VSCAUSE "hypervisor.adoc: Virtual Supervisor Cause (`vscause`) Register"
#define H_VSTVAL "hypervisor.adoc: Virtual Supervisor Trap Value (`vstval`) Register"
#define H_VSATP "hypervisor.adoc: Virtual Supervisor Address Translation and Protection (`vsatp`) Register"
#define H_HLV "hypervisor.adoc: Hypervisor Virtual-Machine Load and Store Instructions"
#define H_HFENCE "hypervisor.adoc: Hypervisor Memory-Management Fence Instructions"
#define H_MSTATUS "hypervisor.adoc: Machine Status (`mstatus` and `mstatush`) Registers"
#define H_MIDELEG "hypervisor.adoc: Machine Interrupt Delegation (`mideleg`) Register"
#define H_MIP "hypervisor.adoc: Machine Interrupt (`mip` and `mie`) Registers"
#define H_MTVAL2 "hypervisor.adoc: Machine Second Trap Value (`mtval2`) Register"
#define H_MTINST "hypervisor.adoc: Machine Trap Instruction (`mtinst`) Register"
#define H_TWOSTAGE "hypervisor.adoc: Two-Stage Address Translation"
#define H_GPAT "hypervisor.adoc: Guest Physical Address Translation"
#define H_GPF "hypervisor.adoc: Guest-Page Faults"
#define H_FENCES "hypervisor.adoc: Memory-Management Fences"
#define H_CAUSES "hypervisor.adoc: Trap Cause Codes"
#define H_ENTRY "hypervisor.adoc: Trap Entry"
#define H_TINST "hypervisor.adoc: Transformed Instruction or Pseudoinstruction for `mtinst` or `htinst`"
#define H_RETURN "hypervisor.adoc: Trap Return"

#ifndef __ASSEMBLER__

/* ---- runtime (start.S, lib.c, hyp.c) ------------------------------------ */

extern int trap_h; /* lib.c: set by hyp_init() */
extern char vs_trap_entry[];
extern char vs_trap_stack_top[];

/* lib.c: when set, the HS handler first calls it with the trap frame
 * (x0..x31; sepc etc. are still in the CSRs); a nonzero return means the
 * trap was handled (the hook set sepc) and the handler returns. */
extern int (*volatile s_trap_hook)(uint64_t *f);

/* Run fn(arg) in VS-mode (prv = PRV_S) or VU-mode (PRV_U); see the top. */
uint64_t run_virt(int prv, uint64_t (*fn)(uint64_t), uint64_t arg);

/* Check misa.H (exit with a FAIL line when absent), enable the H fields
 * of the trap handlers, install the VS handler and the HS handler (stvec),
 * and zero hgatp, vsatp, hedeleg, hideleg, hvip, hstatus's control bits,
 * htimedelta. */
void hyp_init(void);

/* G-stage tables. levels: 3 (Sv39x4) or 4 (Sv48x4). */
uint64_t *gpt_root(void);
void gpt_reset(void);
uint64_t *gpt_map(uint64_t *root, int levels, uint64_t gpa, uint64_t pa,
		  int level, uint64_t flags);
uint64_t *gpt_entry(uint64_t *root, int levels, uint64_t gpa, int level);
/* A root mapping the RAM gigapage identity with `flags` (| PTE_U | V). */
uint64_t *gpt_identity_root(int levels, uint64_t flags);
static inline uint64_t hgatp_make(uint64_t mode, uint64_t vmid,
				  const uint64_t *root)
{
	return (mode << HGATP_MODE_SHIFT) | (vmid << HGATP_VMID_SHIFT) |
	       ((uint64_t)root >> 12);
}
/* hgatp = v, then hfence.gvma x0, x0 and hfence.vvma x0, x0 (from M). */
void hgatp_set(uint64_t v);
/* vsatp = v, then hfence.vvma x0, x0 (from M/HS). */
void vsatp_set(uint64_t v);

/* The instruction word at a guest pc that is identity-mapped. */
static inline uint32_t insn_at(uint64_t pc)
{
	const volatile uint16_t *p = (const volatile uint16_t *)pc;
	uint32_t lo = p[0];
	return (lo & 3) == 3 ? lo | ((uint32_t)p[1] << 16) : lo;
}
/* The transformed standard instruction of a load / store for
 * mtinst/htinst (hypervisor.adoc, "Transformed Instruction or
 * Pseudoinstruction ..."): rs1 (the address offset, 0 here) and the
 * immediate zeroed. Only for 32-bit loads and stores. */
static inline uint32_t tinst_load(uint32_t insn)
{
	return insn & 0x00007fffu; /* keep funct3, rd, opcode */
}
static inline uint32_t tinst_store(uint32_t insn)
{
	return insn & 0x01f0707fu; /* keep rs2, funct3, opcode */
}

/* ---- hypervisor instructions (clang 14 lacks the mnemonics) ------------- */

/* HFENCE.VVMA rs1, rs2 = .insn r SYSTEM, 0, 0x11; HFENCE.GVMA: 0x31. */
static inline void hfence_vvma_all(void)
{
	asm volatile(".insn r 0x73, 0, 0x11, x0, x0, x0" ::: "memory");
}
static inline void hfence_vvma_va(uint64_t va)
{
	asm volatile(".insn r 0x73, 0, 0x11, x0, %0, x0" ::"r"(va) : "memory");
}
static inline void hfence_vvma_asid(uint64_t asid)
{
	asm volatile(".insn r 0x73, 0, 0x11, x0, x0, %0" ::"r"(asid)
		     : "memory");
}
static inline void hfence_vvma_va_asid(uint64_t va, uint64_t asid)
{
	asm volatile(".insn r 0x73, 0, 0x11, x0, %0, %1" ::"r"(va), "r"(asid)
		     : "memory");
}
static inline void hfence_gvma_all(void)
{
	asm volatile(".insn r 0x73, 0, 0x31, x0, x0, x0" ::: "memory");
}
/* gpa4: the guest physical address >> 2. */
static inline void hfence_gvma_gpa(uint64_t gpa4)
{
	asm volatile(".insn r 0x73, 0, 0x31, x0, %0, x0" ::"r"(gpa4)
		     : "memory");
}
static inline void hfence_gvma_vmid(uint64_t vmid)
{
	asm volatile(".insn r 0x73, 0, 0x31, x0, x0, %0" ::"r"(vmid)
		     : "memory");
}
static inline void hfence_gvma_gpa_vmid(uint64_t gpa4, uint64_t vmid)
{
	asm volatile(".insn r 0x73, 0, 0x31, x0, %0, %1" ::"r"(gpa4),
		     "r"(vmid)
		     : "memory");
}

/* HLV/HLVX: .insn r SYSTEM, 4, funct7, rd, rs1, <rs2 field as register>. */
#define HLV_(f7, rs2, addr)                                               \
	({                                                                \
		uint64_t v_;                                              \
		asm volatile(".insn r 0x73, 4, " #f7 ", %0, %1, " #rs2    \
			     : "=r"(v_)                                   \
			     : "r"((uint64_t)(addr))                      \
			     : "memory");                                 \
		v_;                                                       \
	})
#define hlv_b(a) HLV_(0x30, x0, a)
#define hlv_bu(a) HLV_(0x30, x1, a)
#define hlv_h(a) HLV_(0x32, x0, a)
#define hlv_hu(a) HLV_(0x32, x1, a)
#define hlvx_hu(a) HLV_(0x32, x3, a)
#define hlv_w(a) HLV_(0x34, x0, a)
#define hlv_wu(a) HLV_(0x34, x1, a)
#define hlvx_wu(a) HLV_(0x34, x3, a)
#define hlv_d(a) HLV_(0x36, x0, a)
/* HSV: .insn r SYSTEM, 4, funct7, x0, rs1 = address, rs2 = value. */
#define HSV_(f7, addr, val)                                              \
	asm volatile(".insn r 0x73, 4, " #f7 ", x0, %0, %1" ::"r"(       \
			     (uint64_t)(addr)),                          \
		     "r"((uint64_t)(val))                                 \
		     : "memory")
#define hsv_b(a, v) HSV_(0x31, a, v)
#define hsv_h(a, v) HSV_(0x33, a, v)
#define hsv_w(a, v) HSV_(0x35, a, v)
#define hsv_d(a, v) HSV_(0x37, a, v)

#endif /* __ASSEMBLER__ */
#endif /* HMVIRT_HYP_H */
