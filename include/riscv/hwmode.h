/*
 * hmvirt's hardware-mode interface: a software-refilled TLB for M-mode
 * firmware (DESIGN.md, "The hardware-mode interface"). Shared by the
 * machine (emu/) and the firmware; nothing is restated elsewhere.
 *
 * Off by default: standard software sees a standard hart. When M-mode
 * sets MHWCTL_SWWALK_HOST (translations with V=0) or MHWCTL_SWWALK_GUEST
 * (V=1, both stages), the hardware walker is not used for them: a TLB
 * miss -- or a TLB entry that does not permit the access -- traps to
 * M-mode with cause HWMODE_CAUSE_FETCH/LOAD/STORE (never delegated),
 * mtval = the faulting virtual address, mepc/MPP/MPV as for any trap, and
 * MTLBCTX describing the context that missed. The handler walks the page
 * tables itself (M-mode accesses are physical), then writes MTLBPTE
 * (and for V=1 MTLBGPTE) and commits the entry by writing MTLBCMD; MRET
 * retries the access. Faults found by the walk are the handler's to raise
 * (it forwards them to HS or VS as the hardware would).
 *
 * Assists that keep the handler short, as a software-refilled TLB's
 * hardware provides them (MIPS: a TLB-refill vector of its own, EntryHi
 * loaded with the missing page):
 *   - MTLBTVEC: when nonzero, causes 24-26 go there instead of to mtvec;
 *   - the trap loads MTLBVA with the missing address (writable: a handler
 *     may commit another page);
 *   - the commit checks the entry as the hardware walker checks a leaf it
 *     read: a malformed leaf (V=0, W without R, no R/X, bits 63:54 set, a
 *     misaligned superpage) is refused; a V=0 entry with A=1 is cached
 *     even when it does not permit the access (the walker caches it, then
 *     faults); a V=1 entry only when both stages permit it. Reading
 *     MTLBCMD then answers 0 if the entry permits the access that missed
 *     (MTLBCTX), 1 if not: the handler then raises the fault;
 *   - MTLBEPOCH counts the events after which translations a handler
 *     keeps in software may be stale: sfence.vma and hfence.vvma without
 *     an address (the fences that order non-leaf PTEs), every hfence.gvma,
 *     and writes of satp, vsatp and hgatp. A handler that caches non-leaf
 *     or G-stage translations checks it before using them. MTLBGEPOCH
 *     counts the G-stage's share alone (every hfence.gvma, hgatp writes):
 *     guest-physical translations kept by it survive the guest's context
 *     switches and its own fences, as a hardware nested TLB's do.
 */
#ifndef RISCV_HWMODE_H
#define RISCV_HWMODE_H

/* ---- CSR numbers (custom machine read/write space 0x7C0-0x7FF) -------- */
#define CSR_MHWCTL   0x7c0  /* control */
#define CSR_MTLBCTX  0x7c1  /* context of the miss (written on the trap; writable) */
#define CSR_MTLBVA   0x7c2  /* virtual address of the entry to write */
#define CSR_MTLBPTE  0x7c3  /* host PPN and first-stage leaf flags */
#define CSR_MTLBGPTE 0x7c4  /* V=1: guest-physical PPN and G-stage leaf flags */
#define CSR_MTLBCMD  0x7c5  /* write: commit one entry; read: 0 it permits the access, 1 not */
#define CSR_MTLBTVEC 0x7c6  /* trap vector of causes 24-26 (0: mtvec) */
#define CSR_MTLBEPOCH 0x7c7 /* read-only: count of fences and atp writes */
#define CSR_MTRAPFWD 0x7c8  /* write: count a trap the firmware delivered (statistics) */
#define CSR_MTLBGEPOCH 0x7c9 /* read-only: count of the G-stage's fences and hgatp writes */

/* ---- MTRAPFWD: a trap M-mode delivered to a lower mode itself -----------
 * Firmware that forwards a trap (or raises the fault a software walk found)
 * writes it here, so that the statistics count it as the hardware would
 * have counted it had it been delegated: bits 5:0 the cause code, bit 6
 * set for an interrupt, bits 10:8 the context it came from and bits 14:12
 * the context it went to (privilege | V << 2). Writing has no other
 * effect; reads give 0. */
#define MTRAPFWD_INTERRUPT  (1ull << 6)
#define MTRAPFWD_FROM_SHIFT 8
#define MTRAPFWD_TO_SHIFT   12

/* ---- MHWCTL ------------------------------------------------------------- */
#define MHWCTL_SWWALK_HOST  (1ull << 0) /* V=0 TLB misses trap to M */
#define MHWCTL_SWWALK_GUEST (1ull << 1) /* V=1 TLB misses trap to M */
#define MHWCTL_PRESENT      (1ull << 63) /* reads 1: the interface exists */

/* ---- causes (mcause, synchronous; custom-use range 24-31) -------------- */
#define HWMODE_CAUSE_FETCH 24  /* instruction fetch missed the TLB */
#define HWMODE_CAUSE_LOAD  25  /* load (or HLV/HLVX) missed */
#define HWMODE_CAUSE_STORE 26  /* store or AMO missed */

/* ---- MTLBCTX: the context that missed ----------------------------------- */
#define MTLBCTX_V          (1ull << 0)   /* two-stage (guest) translation */
#define MTLBCTX_PRIV_SHIFT 1             /* effective privilege: 0 U, 1 S */
#define MTLBCTX_PRIV_MASK  (3ull << 1)
#define MTLBCTX_ACC_SHIFT  3             /* 0 load, 1 store/AMO, 2 fetch */
#define MTLBCTX_ACC_MASK   (3ull << 3)
#define MTLBCTX_HLVX       (1ull << 5)   /* an HLVX: execute permission replaces read */
#define MTLBCTX_ASID_SHIFT 16            /* bits 31:16: ASID (satp or vsatp) */
#define MTLBCTX_ASID_MASK  (0xffffull << 16)
#define MTLBCTX_VMID_SHIFT 32            /* bits 45:32: VMID (hgatp), V=1 only */
#define MTLBCTX_VMID_MASK  (0x3fffull << 32)

/* ---- MTLBPTE / MTLBGPTE: PTE format ------------------------------------- */
/* MTLBPTE: bits 53:10 the host-physical PPN of the page's base, bits 7:0
 * the first-stage leaf's V R W X U G A D (V=1 with vsatp Bare: ignored).
 * MTLBGPTE (V=1): bits 53:10 the guest-physical PPN of the G-stage leaf's
 * base, bits 7:0 its flags (hgatp Bare: ignored). */

/* ---- MTLBCMD (write: commit; read: the last commit's answer) ----------- */
#define MTLBCMD_LEVEL_SHIFT  0  /* bits 1:0: level of the entry (0 4 KiB, 1 2 MiB, 2 1 GiB, 3 512 GiB) */
#define MTLBCMD_GLEVEL_SHIFT 2  /* bits 3:2: level of the G-stage leaf (V=1) */
#define MTLBCMD_VS_BARE      (1ull << 4) /* V=1 and vsatp Bare: no first stage */
#define MTLBCMD_G_BARE       (1ull << 5) /* V=1 and hgatp Bare: no G-stage */

#endif
