/*
 * hwmode.h - the hardware-mode part of hmfw (issue 5): the TLB-miss
 * handlers of hmvirt's hardware-mode interface (include/riscv/hwmode.h),
 * the software walkers behind them, exact trap forwarding, and the model
 * selected through the hmvirt SBI extension (include/hmvirt/hmfw_sbi.h).
 *
 *   hwmode_entry.S  hwmode_miss_entry: the fast paths (1D in assembly,
 *                   2D through a C walk with a minimal save)
 *   walk.c          the software walkers (one format-descriptor walker
 *                   for Sv39/Sv48 and Sv39x4/Sv48x4), Svade checks,
 *                   raising what the walk finds
 *   forward.c       fw_forward: every forwarded trap goes through it
 *   hwmode.c        hwmode_init, model selection
 *   sbi_hmvirt.c    the SBI extension
 */
#ifndef HMFW_HWMODE_H
#define HMFW_HWMODE_H

#include "fw.h"
#include "riscv/hwmode.h"

/*
 * The fast path's slots in struct fw_hart (fw.h: FW_FAST_SAVE, 8 slots):
 * register saves and values hwmode_init/hwmode_select keep there so that
 * the fast path reaches them from sp without a pointer load.
 *   PTK, PTL: the RAM that S/U may read, [lo, hi), in the scaled form the
 *   1D walk checks a PTE against (hwmode_entry.S): PTK = lo/4 | 1,
 *   PTL = (hi - lo)/4. A page-table page outside it is the walker's
 *   access fault, as PMP makes it for the hardware walker.
 *   ENTRY: the refill routine of the selected model (also in MTLBTVEC).
 *   EPOCH: MTLBEPOCH when the translation cache was last valid.
 *   CE: the cache entry a walk fills.
 * (fw_trap_slow uses slot 0, T2, itself.)
 */
#define HW_SLOT_T2    (FW_FAST_SAVE + 0)
#define HW_SLOT_T3    (FW_FAST_SAVE + 8)
#define HW_SLOT_T4    (FW_FAST_SAVE + 16)
#define HW_SLOT_PTK   (FW_FAST_SAVE + 24)
#define HW_SLOT_PTL   (FW_FAST_SAVE + 32)
#define HW_SLOT_ENTRY (FW_FAST_SAVE + 40)
#define HW_SLOT_EPOCH (FW_FAST_SAVE + 48)
#define HW_SLOT_CE    (FW_FAST_SAVE + 56)

/*
 * The translation cache (fw_hart.hwcache, at FW_HART_HWCACHE from sp):
 * HWC_ENTRIES direct-mapped entries of two words, indexed by the 2 MiB
 * region of the missing address. Model native-sw: { va >> 21, the
 * physical address of the level-0 table that maps that region } -- a
 * software page-walk cache of the non-leaf levels, as the hardware's
 * page-walk cache keeps them, and valid while MTLBEPOCH does not change
 * (the fences that order non-leaf PTEs, satp writes). A tag of all ones
 * is free (va >> 21 never is).
 */
#define HWC_ENTRIES   (FW_HWCACHE_WORDS / 2)
#define HWC_TAG       FW_HART_HWCACHE
#define HWC_L0        (FW_HART_HWCACHE + 8)

#ifndef __ASSEMBLER__
#include <stdint.h>

/* Per-hart state of the hardware-mode part (fw_hart.hw). */
struct hwmode_hart {
	unsigned model;           /* HMFW_MODEL_* */
	uint64_t pt_lo, pt_hi;    /* RAM that S/U may read (page tables) */
	uint64_t vm, vcpu;        /* registered struct hmfw_vm / hmfw_vcpu (PA) */
	uint64_t slow_refills;    /* refills the C slow path committed */
	uint64_t faults;          /* faults the walkers raised */
};

/* ---- walk.c -------------------------------------------------------------- */

/* What a software walk found when it cannot refill: the trap the hardware
 * walker would have raised for the same access. */
struct hwmode_fault {
	uint64_t cause, tval, tval2, tinst;
	int gva;                  /* tval is a guest virtual address */
};

/* Walks for the miss described by ctx (MTLBCTX) and va (mtval); commits
 * the TLB entry and returns 0, or returns 1 with *f the fault to raise. */
int hwmode_walk(struct fw_hart *fh, uint64_t ctx, uint64_t va, struct hwmode_fault *f);
/* The slow path of a miss (cause 24..26, from fw_forward): walk, commit
 * or raise the fault; returns with mepc/mstatus set for the mret. */
void hwmode_miss_slow(struct fw_hart *fh, struct fw_regs *r);
/* Raises f as the hardware would have: to M (fw_trap) when medeleg keeps
 * it, else through fw_forward to HS or VS. */
void hwmode_raise(struct fw_hart *fh, struct fw_regs *r, const struct hwmode_fault *f);
/* forward.c: delivers trap t (taken at mepc by the context in MPP/MPV)
 * to HS or VS exactly as delegation would have; every forwarded trap goes
 * through it. */
void hwmode_redirect(struct fw_hart *fh, const struct hwmode_fault *t);
/* hwmode_entry.S's 2D refill: 0 if it committed the entry; nonzero: take
 * the slow path (a fault, or a case the fast walk leaves to it). */
long hwmode_refill_c(struct fw_hart *fh);

/* ---- hwmode_entry.S ------------------------------------------------------ */
void hwmode_refill_1d(void);  /* model native-sw, entered from MTLBTVEC */
void hwmode_refill_1d_vec(void); /* the same through mtvec (hwmode_miss_entry) */
void hwmode_refill_2d(void);  /* model snp */
void hwmode_refill_slow(void); /* anything else: straight to fw_trap_slow */

/* ---- hwmode.c ------------------------------------------------------------ */
/* Selects model (HMFW_MODEL_*) on this hart: SBI error code. */
long hwmode_select(struct fw_hart *fh, unsigned long model);
/* Bit mask of the models this hart supports. */
unsigned long hwmode_models(const struct fw_hart *fh);

#endif /* __ASSEMBLER__ */
#endif
