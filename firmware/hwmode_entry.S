/*
 * hwmode_entry.S - the 1D refill of model native-sw, the fast path of a
 * hardware-mode TLB miss (causes 24..26; include/riscv/hwmode.h) with
 * V=0, entered from MTLBTVEC (hwmode_select sets it with the model; snp's
 * 2D refill is hwmode_2d.S).
 *
 * Whatever the fast path does not finish -- a fault, Sv48, a superpage,
 * an execute-only or U page under SUM/MXR, a page table outside the RAM
 * S may read, RSW or G bits in a non-leaf -- goes, with every register as
 * the vector left it, to fw_trap_slow: fw_trap -> fw_forward ->
 * hwmode_miss_slow, the C walker, which refills or raises the fault.
 */
#include "fw.h"
#include "hwmode.h"

#define V 0x01 /* PTE valid bit (encoding.h is C-only) */

	.text

/*
 * Model native-sw: V=0 miss, satp Sv39, 4 KiB page. Entered straight from
 * MTLBTVEC with every register as the trapped code left it.
 *
 * The common path finds the level-0 table of the missing address's 2 MiB
 * region in the translation cache (hwmode.h, HWC_*), reads the leaf and
 * commits it; the machine's check of the commit (riscv/hwmode.h: malformed
 * leaf, A/D, R/W/X with SUM/MXR, U) answers whether it permits the access,
 * and any "no" goes to the C walker, which raises the fault exactly.
 *
 * A cache miss walks levels 2 and 1 here. A non-leaf PTE P is accepted
 * when it is exactly PPN | V (no other flag, RSW 0, bits 63:54 clear) and
 * its table lies in the RAM S may read, [lo, hi): with PTK = lo/4 | 1 and
 * PTL = (hi - lo)/4 (HW_SLOT_PTK/PTL), T = P - PTK must be below PTL with
 * its low 10 bits clear. The next table's address is then P << 2 - 4, the
 * -4 folded into the load. satp's root is checked the same way, as if it
 * were such a PTE. Anything else -- Sv48, a superpage, a fault, a table
 * outside that RAM -- goes to the C walker with every register restored.
 */
	.balign 4
	.globl	hwmode_refill_1d
hwmode_refill_1d:
	csrrw	sp, mscratch, sp
	sd	t0, FW_FAST_T0(sp)
	sd	t1, FW_FAST_T1(sp)
	sd	t2, HW_SLOT_T2(sp)
	sd	t3, HW_SLOT_T3(sp)
	csrr	t0, mtval
	csrr	t1, CSR_MTLBEPOCH
	ld	t2, HW_SLOT_EPOCH(sp)
	bne	t1, t2, .Lflush_1d
.Llookup_1d:
	srli	t1, t0, 21		/* the region: the tag */
	andi	t2, t1, HWC_ENTRIES - 1
	slli	t2, t2, 4
	add	t2, t2, sp
	ld	t3, HWC_TAG(t2)
	bne	t3, t1, .Lwalk_1d
	ld	t2, HWC_L0(t2)		/* the level-0 table */
.Lleaf_1d:				/* VPN[0] = va[20:12] */
	slli	t1, t0, 43
	srli	t1, t1, 52
	andi	t1, t1, -8
	add	t2, t2, t1
	ld	t1, 0(t2)
	csrw	CSR_MTLBPTE, t1		/* MTLBVA holds the missing address */
	csrw	CSR_MTLBCMD, zero	/* level 0, V=0 */
	csrr	t1, CSR_MTLBCMD		/* 0: the entry permits the access */
	bnez	t1, .Lslow_1d
	ld	t3, HW_SLOT_T3(sp)
	ld	t2, HW_SLOT_T2(sp)
	ld	t1, FW_FAST_T1(sp)
	ld	t0, FW_FAST_T0(sp)
	csrrw	sp, mscratch, sp
	mret

	/* MTLBEPOCH moved (t1): every cached table may be stale */
.Lflush_1d:
	sd	t1, HW_SLOT_EPOCH(sp)
	li	t1, -1
	addi	t2, sp, HWC_TAG
	addi	t3, sp, HWC_TAG + HWC_ENTRIES * 16
1:	sd	t1, 0(t2)
	sd	t1, 16(t2)
	sd	t1, 32(t2)
	sd	t1, 48(t2)
	addi	t2, t2, 64
	bne	t2, t3, 1b
	j	.Llookup_1d

	/* cache miss: t2 = the entry to fill */
.Lwalk_1d:
	sd	t4, HW_SLOT_T4(sp)
	sd	t2, HW_SLOT_CE(sp)
	csrr	t2, satp
	slli	t1, t2, 3
	bltz	t1, .Lslow4_1d		/* mode 9 (Sv48): C */
	ld	t3, HW_SLOT_PTK(sp)
	ld	t4, HW_SLOT_PTL(sp)
	slli	t2, t2, 20		/* the root's PPN as a PTE: PPN << 10 | V */
	srli	t2, t2, 10
	ori	t2, t2, V
	sub	t1, t2, t3
	bgeu	t1, t4, .Lslow4_1d
	slli	t2, t2, 2		/* root + 4 */

	/* level 2: VPN[2] = va[38:30] */
	slli	t1, t0, 25
	srli	t1, t1, 52
	andi	t1, t1, -8
	add	t2, t2, t1
	ld	t2, -4(t2)
	sub	t1, t2, t3
	bgeu	t1, t4, .Lslow4_1d
	andi	t1, t1, 0x3ff
	bnez	t1, .Lslow4_1d
	slli	t2, t2, 2

	/* level 1: VPN[1] = va[29:21] */
	slli	t1, t0, 34
	srli	t1, t1, 52
	andi	t1, t1, -8
	add	t2, t2, t1
	ld	t2, -4(t2)
	sub	t1, t2, t3
	bgeu	t1, t4, .Lslow4_1d
	andi	t1, t1, 0x3ff
	bnez	t1, .Lslow4_1d
	slli	t2, t2, 2
	addi	t2, t2, -4		/* the level-0 table */

	ld	t1, HW_SLOT_CE(sp)	/* cache it for the region */
	srli	t3, t0, 21
	sd	t3, HWC_TAG(t1)
	sd	t2, HWC_L0(t1)
	ld	t4, HW_SLOT_T4(sp)
	j	.Lleaf_1d

.Lslow4_1d:
	ld	t4, HW_SLOT_T4(sp)
.Lslow_1d:
	ld	t3, HW_SLOT_T3(sp)
	ld	t2, HW_SLOT_T2(sp)
	j	fw_trap_slow
