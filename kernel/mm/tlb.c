/*
 * tlb.c - address-space identifiers and the flush discipline, as Linux
 * does them on RISC-V (arch/riscv/mm/context.c, tlbflush.c):
 *
 *  - ASIDs are handed out in generations: mm->context holds the
 *    generation it got its ASID in. An ASID is never reused within a
 *    generation; when they run out, the generation advances, every
 *    ASID is free again and the whole TLB is flushed (one sfence.vma
 *    zero, zero). A process whose context is of an old generation gets a
 *    fresh ASID when it next runs. The number of ASIDs is probed from
 *    satp (ASIDLEN, priv spec "satp") and can be lowered with asids=N.
 *  - after a PTE of a live address space changes (any change, invalid to
 *    valid included: an implementation may cache invalid entries), one
 *    sfence.vma va, asid for that page; a range of more than
 *    TLB_FLUSH_THRESHOLD pages is flushed by ASID instead; an address
 *    space that is torn down (exit, exec) is flushed by ASID.
 *  - "live" = holds an ASID of the current generation: otherwise the TLB
 *    cannot hold its entries (its ASID was flushed at rollover or exit).
 *
 * Without ASIDs (ASIDLEN 0, or asids=1) every switch flushes all and the
 * page flushes use sfence.vma va, zero.
 */
#include "mm.h"
#include "riscv.h"
#include "stats.h"

#define ASID_BITS 16
#define ASID_MASK ((1ul << ASID_BITS) - 1)

static uint64_t asid_gen = 1;      /* current generation, from 1 */
static uint64_t asid_next = 1;     /* next free ASID (0: the kernel's) */
static uint64_t asid_count;        /* usable ASIDs including 0 */
static struct mm *loaded_mm;       /* whose table satp holds (NULL: kernel's) */

void tlb_sfence_all(void)
{
	kstats.sfence_all++;
	sfence_vma_all();
}

/* How many ASIDs satp holds: write all ones, read back (WARL). */
static uint64_t tlb_probe_asids(void)
{
	uint64_t old = r_satp(), bits;

	w_satp(old | (ASID_MASK << SATP_ASID_SHIFT));
	bits = (r_satp() >> SATP_ASID_SHIFT) & ASID_MASK;
	w_satp(old);
	return bits + 1;
}

void tlb_init(void)
{
	asid_count = tlb_probe_asids();
	if (boot.max_asids && boot.max_asids < asid_count)
		asid_count = boot.max_asids;
	kprintf("kernel: %lu ASIDs\n", asid_count);
}

static int tlb_live(struct mm *mm)
{
	return mm && mm->context && (mm->context >> ASID_BITS) == asid_gen;
}

static uint64_t tlb_asid(struct mm *mm)
{
	return mm->context & ASID_MASK;
}

/* Give mm an ASID of the current generation, rolling over if none is left. */
static void tlb_new_context(struct mm *mm)
{
	if (asid_next >= asid_count) {
		asid_gen++;
		asid_next = 1;
		kstats.asid_rollovers++;
		tlb_sfence_all();
	}
	mm->context = asid_gen << ASID_BITS | asid_next++;
}

/* Load satp for mm: its table under its ASID (the kernel's table for NULL);
 * nothing when it is loaded and its ASID still valid. */
void tlb_switch(struct mm *mm)
{
	uint64_t satp;

	/* as Linux's switch_mm: nothing to do when it is loaded already */
	if (mm && mm == loaded_mm && (asid_count <= 1 || tlb_live(mm)))
		return;
	loaded_mm = mm;
	if (!mm) {
		w_satp(kvm_satp());
		kstats.satp_writes++;
		return;
	}
	if (asid_count <= 1) {
		satp = (uint64_t)SATP_MODE_SV39 << SATP_MODE_SHIFT | v2p(mm->root) >> PAGE_SHIFT;
		w_satp(satp);
		kstats.satp_writes++;
		tlb_sfence_all();
		return;
	}
	if (!tlb_live(mm))
		tlb_new_context(mm);
	satp = (uint64_t)SATP_MODE_SV39 << SATP_MODE_SHIFT | tlb_asid(mm) << SATP_ASID_SHIFT |
	       v2p(mm->root) >> PAGE_SHIFT;
	w_satp(satp);
	kstats.satp_writes++;
}

/* After a change of the PTE for va in mm. */
void tlb_flush_page(struct mm *mm, uint64_t va)
{
	if (asid_count <= 1) {
		kstats.sfence_page++;
		sfence_vma_addr(va);
	} else if (tlb_live(mm)) {
		kstats.sfence_page_asid++;
		sfence_vma_page(va, tlb_asid(mm));
	}
}

/* Every entry of mm. */
void tlb_flush_mm(struct mm *mm)
{
	if (asid_count <= 1) {
		tlb_sfence_all();
	} else if (tlb_live(mm)) {
		kstats.sfence_asid++;
		sfence_vma_asid(tlb_asid(mm));
	}
}

/* After PTE changes in [start, end): per page up to the threshold. */
void tlb_flush_range(struct mm *mm, uint64_t start, uint64_t end)
{
	if ((end - start) / PAGE_SIZE > TLB_FLUSH_THRESHOLD) {
		tlb_flush_mm(mm);
		return;
	}
	for (uint64_t va = start; va < end; va += PAGE_SIZE)
		tlb_flush_page(mm, va);
}

/* mm is being torn down: flush its ASID; it is not reused this generation. */
void tlb_release(struct mm *mm)
{
	tlb_flush_mm(mm);
	mm->context = 0;
	if (loaded_mm == mm)
		loaded_mm = NULL;
}
