/*
 * hwmode_2d.S - the 2D refill of model snp: a V=1 TLB miss (VS-stage
 * Sv39/Sv48 over a G-stage Sv39x4/Sv48x4; include/riscv/hwmode.h),
 * entered straight from MTLBTVEC with every register as the trapped
 * code left it (hwmode_refill_2d).
 *
 * A 2D walk is up to 15 memory references; the common path makes one,
 * with what a hardware 2D walker keeps for the rest (hwmode.h):
 *
 *   1. the 2D page-walk cache (HWP_*) gives the host address of the
 *      guest's level-0 table for the 2 MiB region of the miss;
 *   2. the guest leaf is read there (its guest-physical PPN);
 *   3. the nested TLB (HWN_*) gives, for that guest-physical page, the
 *      host page, the G-stage leaf and its level;
 *   4. the entry is committed; the machine's check of the commit says
 *      whether both stages permit the access (a malformed guest leaf, a
 *      non-leaf at level 0, U/SUM/MXR, A/D, the G-stage's U/R/W/X/A/D:
 *      all the commit's), so the fast path checks nothing itself.
 *
 * The VS-stage cache's entries hold the MTLBEPOCH they were filled in,
 * the nested TLB's and the G-stage cache's the MTLBGEPOCH (so that they
 * survive the guest's context switches and fences, as a hardware nested
 * TLB's entries do); an entry of another epoch is a miss. A miss of either goes to the C walk
 * (hwmode_refill_c, walk.c), which walks with the nested TLB's help,
 * fills both caches and commits. Anything it does not commit -- a fault,
 * a refused entry -- and a commit the machine refuses here goes to
 * fw_trap_slow with every register restored: hwmode_miss_slow then walks
 * again, uncached, and refills or raises the fault exactly as the
 * hardware walker would.
 */
#include "fw.h"
#include "hwmode.h"

	.section .text.hwmode_2d, "ax"
	.balign 4
	.globl	hwmode_refill_2d
hwmode_refill_2d:
	csrrw	sp, mscratch, sp
	sd	t0, FW_FAST_T0(sp)
	sd	t1, FW_FAST_T1(sp)
	sd	t2, HW_SLOT_T2(sp)
	sd	t3, HW_SLOT_T3(sp)
	sd	t4, HW_SLOT_T4(sp)
	csrr	t0, mtval
	csrr	t3, CSR_MTLBEPOCH

	/* 1. the page-walk cache: t2 = the entry of region va >> 21 */
	srli	t1, t0, 21
	srli	t2, t1, HWP_FOLD
	xor	t2, t2, t1
	andi	t2, t2, HWP_ENTRIES - 1
	slli	t2, t2, HWP_SHIFT
	add	t2, t2, sp
	ld	t4, HWP_KEY(t2)
	bne	t4, t1, .Lmiss_2d
	ld	t4, HWP_EPOCH(t2)
	bne	t4, t3, .Lmiss_2d
	ld	t2, HWP_L0(t2)		/* the level-0 table (host-physical) */

	/* 2. the guest leaf: VPN[0] = va[20:12] */
	slli	t1, t0, 43
	srli	t1, t1, 52
	andi	t1, t1, -8
	add	t2, t2, t1
	ld	t2, 0(t2)

	/* 3. the nested TLB: t4 = the entry of guest page t1 = PTE[53:10] */
	slli	t1, t2, 10
	srli	t1, t1, 20
	andi	t4, t1, HWN_ENTRIES - 1
	slli	t4, t4, HWN_SHIFT
	ld	t0, FW_HART_HWMODE(sp)
	add	t4, t4, t0
	ld	t0, HW_NTLB + HWN_KEY(t4)
	bne	t0, t1, .Lnested_2d
	ld	t0, HW_NTLB + HWN_EPOCH(t4)
	csrr	t3, CSR_MTLBGEPOCH	/* guest-physical entries: the G-stage's epoch */
	bne	t0, t3, .Lnested_2d

	/* 4. commit: the guest leaf with the host page's PPN; MTLBVA holds va */
	ld	t0, HW_NTLB + HWN_DELTA(t4)
	xor	t2, t2, t0
	ld	t0, HW_NTLB + HWN_GPTE(t4)
	ld	t1, HW_NTLB + HWN_CMD(t4)
	csrw	CSR_MTLBPTE, t2
	csrw	CSR_MTLBGPTE, t0
	csrw	CSR_MTLBCMD, t1
	csrr	t1, CSR_MTLBCMD		/* 0: the entry permits the access */
	bnez	t1, .Lslow_2d
	ld	t4, HW_SLOT_T4(sp)
	ld	t3, HW_SLOT_T3(sp)
	ld	t2, HW_SLOT_T2(sp)
	ld	t1, FW_FAST_T1(sp)
	ld	t0, FW_FAST_T0(sp)
	csrrw	sp, mscratch, sp
	mret

.Lslow_2d:
	ld	t4, HW_SLOT_T4(sp)
	ld	t3, HW_SLOT_T3(sp)
	ld	t2, HW_SLOT_T2(sp)
.Lslow0_2d:				/* every register but t0/t1 restored */
	j	fw_trap_slow

/*
 * A nested-TLB miss (t1 = the guest page, t2 = the guest leaf, t4 = the
 * entry to fill): the G-stage page-walk cache (HWG_*) gives the G-stage
 * level-0 table of the guest page's 2 MiB region; its entry is the
 * G-stage leaf, taken as a 4 KiB one (a superpage, a non-leaf, a fault:
 * the commit refuses it). The entry is committed with both leaves'
 * flags and bits 63:54 as they are, the guest leaf's PPN replaced by
 * the host page's and the G-stage leaf's by the guest page's; what the
 * machine accepts goes into the nested TLB.
 */
.Lnested_2d:
	sd	t5, HW_SLOT_T5(sp)
	srli	t0, t1, 9		/* the region: GPA >> 21 */
	andi	t3, t0, HWG_ENTRIES - 1
	slli	t3, t3, HWP_SHIFT
	ld	t5, FW_HART_HWMODE(sp)
	add	t3, t3, t5
	ld	t5, HWG_KEY(t3)
	bne	t5, t0, .Lmiss5_2d
	ld	t5, HWG_EPOCH(t3)
	csrr	t0, CSR_MTLBGEPOCH
	bne	t5, t0, .Lmiss5_2d
	ld	t3, HWG_L0(t3)		/* the G-stage level-0 table */
	andi	t5, t1, 511
	slli	t5, t5, 3
	add	t3, t3, t5
	ld	t3, 0(t3)		/* the G-stage leaf */
	slli	t5, t3, 10
	srli	t5, t5, 20		/* its host page */
	xor	t5, t5, t1
	slli	t5, t5, 10		/* (guest page ^ host page) << 10 */
	xor	t2, t2, t5
	xor	t3, t3, t5
	csrw	CSR_MTLBPTE, t2
	csrw	CSR_MTLBGPTE, t3
	csrw	CSR_MTLBCMD, zero	/* 4 KiB, G-stage level 0 */
	csrr	t2, CSR_MTLBCMD
	bnez	t2, .Lslow5_2d
	sd	t1, HW_NTLB + HWN_KEY(t4)
	sd	t0, HW_NTLB + HWN_EPOCH(t4)
	sd	t5, HW_NTLB + HWN_DELTA(t4)
	sd	t3, HW_NTLB + HWN_GPTE(t4)
	sd	zero, HW_NTLB + HWN_CMD(t4)
	ld	t5, HW_SLOT_T5(sp)
	ld	t4, HW_SLOT_T4(sp)
	ld	t3, HW_SLOT_T3(sp)
	ld	t2, HW_SLOT_T2(sp)
	ld	t1, FW_FAST_T1(sp)
	ld	t0, FW_FAST_T0(sp)
	csrrw	sp, mscratch, sp
	mret

.Lslow5_2d:
	ld	t5, HW_SLOT_T5(sp)
	j	.Lslow_2d
.Lmiss5_2d:
	ld	t5, HW_SLOT_T5(sp)

/*
 * A cache miss: the C walk (hwmode_refill_c) on this hart's M stack,
 * saving only what the call may clobber besides t0/t1 (saved already):
 * ra, t2-t6, a0-a7. A nonzero answer goes to fw_trap_slow with every
 * register restored.
 */
#define F_FH   0
#define F_REGS 1
#define FRAME  (16 * 8)
.Lmiss_2d:
	ld	t4, HW_SLOT_T4(sp)
	ld	t3, HW_SLOT_T3(sp)
	ld	t2, HW_SLOT_T2(sp)
	ld	t1, FW_HART_STACK_TOP(sp)
	addi	t1, t1, -FRAME
	sd	sp, F_FH * 8(t1)
	mv	sp, t1
	.set	i, F_REGS
	.irp	r, ra, t2, t3, t4, t5, t6, a0, a1, a2, a3, a4, a5, a6, a7
	sd	\r, i * 8(sp)
	.set	i, i + 1
	.endr
	ld	a0, F_FH * 8(sp)
	call	hwmode_refill_c
	mv	t0, a0
	.set	i, F_REGS
	.irp	r, ra, t2, t3, t4, t5, t6, a0, a1, a2, a3, a4, a5, a6, a7
	ld	\r, i * 8(sp)
	.set	i, i + 1
	.endr
	ld	sp, F_FH * 8(sp)
	bnez	t0, .Lslow0_2d
	ld	t1, FW_FAST_T1(sp)
	ld	t0, FW_FAST_T0(sp)
	csrrw	sp, mscratch, sp
	mret
