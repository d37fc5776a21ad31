/*
 * hwmode.h - the hardware-mode part of hmfw (issue 5): the TLB-miss
 * handlers of hmvirt's hardware-mode interface (include/riscv/hwmode.h),
 * the software walkers behind them, exact trap forwarding, and the model
 * selected through the hmvirt SBI extension (include/hmvirt/hmfw_sbi.h).
 *
 *   hwmode_entry.S  the 1D refill (native-sw)
 *   hwmode_2d.S     the 2D refill (snp): cached common path in assembly,
 *                   the cached C walk behind it
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
 *   (slot 40: free)
 *   EPOCH: MTLBEPOCH when the translation cache was last valid.
 *   CE: the cache entry a walk fills (1D); T5: a save of t5 (2D).
 * (fw_trap_slow uses slot 0, T2, itself.)
 */
#define HW_SLOT_T2    (FW_FAST_SAVE + 0)
#define HW_SLOT_T3    (FW_FAST_SAVE + 8)
#define HW_SLOT_T4    (FW_FAST_SAVE + 16)
#define HW_SLOT_PTK   (FW_FAST_SAVE + 24)
#define HW_SLOT_PTL   (FW_FAST_SAVE + 32)
#define HW_SLOT_EPOCH (FW_FAST_SAVE + 48)
#define HW_SLOT_CE    (FW_FAST_SAVE + 56)
#define HW_SLOT_T5    HW_SLOT_CE /* one model per hart: 1D and 2D never both */

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

/*
 * The 2D refill's caches (model snp), as a hardware 2D walker has them:
 * each entry carries the MTLBEPOCH it was filled in and is used only
 * while MTLBEPOCH still has that value (no flush loop: a G-stage fault's
 * hfence.gvma costs nothing here). Filled by the cached C walk (walk.c,
 * hwmode_refill_c) from walks that succeeded that far, the nested TLB
 * also by hwmode_2d.S after a commit the machine accepted; a key of all
 * ones is free (hwmode_cache_clear, at every model selection).
 *
 * The 2D page-walk caches, direct-mapped entries of 4 words:
 *   HWP_* (VS-stage; fw_hart.hwcache, which native-sw alone uses
 *   otherwise): indexed by the 2 MiB guest-virtual region of the miss,
 *   folded (key ^ key >> 8, so that regions in different 512 MiB
 *   areas -- code, data, heap -- seldom share a slot): { va >> 21, epoch, the host-physical
 *   address of the guest's level-0 table of that region }. Every table
 *   above it lay in the RAM S may read and its guest-physical address
 *   passed the G-stage as an implicit read;
 *   HWG_* (G-stage; struct hwmode_hart.gpwc): indexed by the 2 MiB
 *   guest-physical region: { GPA >> 21, epoch, the host-physical address
 *   of the G-stage level-0 table of that region }.
 * In both the chain above the table was valid and no non-leaf had G set
 * (the fast path takes the leaf's flags as they are).
 *
 * The nested TLB (HWN_*, struct hwmode_hart.ntlb): HWN_ENTRIES
 * direct-mapped entries of 8 words indexed by the guest-physical page:
 * { GPA >> 12, epoch, (GPA >> 12 ^ HPA >> 12) << 10 (XORed into a guest
 * leaf it turns its PPN into the host page's), the MTLBGPTE of the page
 * (the G-stage leaf's base and flags), the MTLBCMD of a 4 KiB guest leaf
 * (G-stage level) }. Any well-formed G-stage leaf is kept; whether it
 * permits the access is the commit's to say.
 */
#define HWP_ENTRIES   (FW_HWCACHE_WORDS / 4)
#define HWP_SHIFT     5
#define HWP_FOLD      8
#define HWP_KEY       FW_HART_HWCACHE
#define HWP_EPOCH     (FW_HART_HWCACHE + 8)
#define HWP_L0        (FW_HART_HWCACHE + 16)
#define HWG_ENTRIES   32
#define HW_GPWC       0 /* offset of gpwc in struct hwmode_hart */
#define HWG_KEY       (HW_GPWC + 0)
#define HWG_EPOCH     (HW_GPWC + 8)
#define HWG_L0        (HW_GPWC + 16)
#define HWN_ENTRIES   512
#define HWN_SHIFT     6
#define HW_NTLB       (HWG_ENTRIES << HWP_SHIFT) /* offset of ntlb in struct hwmode_hart */
#define HWN_KEY       0
#define HWN_EPOCH     8
#define HWN_DELTA     16
#define HWN_GPTE      24
#define HWN_CMD       32

#ifndef __ASSEMBLER__
#include <stdint.h>

/* One nested-TLB entry (HWN_*). */
struct hwmode_ntlb {
	uint64_t key, epoch, delta, gpte, cmd, unused[3];
};

/* One 2D page-walk-cache entry (HWP_*, HWG_*), in fw_hart.hwcache. */
struct hwmode_pwc {
	uint64_t key, epoch, l0, unused;
};


/* Per-hart state of the hardware-mode part (fw_hart.hw). */
struct hwmode_hart {
	struct hwmode_pwc gpwc[HWG_ENTRIES];  /* first: HW_GPWC */
	struct hwmode_ntlb ntlb[HWN_ENTRIES]; /* HW_NTLB, within an immediate of the start */
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
/* hwmode_2d.S's cache miss: the 2D walk through and into the caches;
 * 0 if it committed an entry that permits the access; nonzero: take the
 * slow path (hwmode_miss_slow walks again, uncached, and raises). */
long hwmode_refill_c(struct fw_hart *fh);
/* Empties the 2D caches (model selection). */
void hwmode_cache_clear(struct fw_hart *fh);

/* ---- hwmode_entry.S ------------------------------------------------------ */
void hwmode_refill_1d(void);  /* model native-sw, entered from MTLBTVEC */

/* ---- hwmode_2d.S ---------------------------------------------------------- */
void hwmode_refill_2d(void);  /* model snp, entered from MTLBTVEC */

/* ---- hwmode.c ------------------------------------------------------------ */
/* Selects model (HMFW_MODEL_*) on this hart: SBI error code. */
long hwmode_select(struct fw_hart *fh, unsigned long model);
/* Bit mask of the models this hart supports. */
unsigned long hwmode_models(const struct fw_hart *fh);

_Static_assert(sizeof(struct hwmode_ntlb) == 1u << HWN_SHIFT, "ntlb entry");
_Static_assert(__builtin_offsetof(struct hwmode_hart, ntlb) == HW_NTLB, "ntlb offset");
_Static_assert(__builtin_offsetof(struct hwmode_ntlb, cmd) == HWN_CMD, "ntlb layout");
_Static_assert(__builtin_offsetof(struct hwmode_ntlb, gpte) == HWN_GPTE, "ntlb layout");
_Static_assert(sizeof(struct hwmode_pwc) == 1u << HWP_SHIFT, "pwc entry");
_Static_assert(HWP_ENTRIES * sizeof(struct hwmode_pwc) == FW_HWCACHE_WORDS * 8, "pwc size");
_Static_assert(__builtin_offsetof(struct hwmode_hart, gpwc) == HW_GPWC, "gpwc offset");
_Static_assert(HW_NTLB + HWN_CMD < 2048, "ntlb within an immediate");

#endif /* __ASSEMBLER__ */
#endif
