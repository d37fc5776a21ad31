/*
 * gstage.c - the VM's guest-physical memory: an Sv39x4 G-stage table
 * (hypervisor.adoc, "Guest Physical Address Translation") that maps guest
 * RAM to host pages allocated on first use, and copies into guest memory.
 *
 * The format is data (STYLE.md): levels and index widths; Sv39x4 widens
 * the root index to 11 bits, so the root is 16 KiB and 16 KiB-aligned.
 * Leaves are 4 KiB pages with R, W, X, U (G-stage accesses are checked as
 * U-mode ones) and A, D set, since the machine does not set A/D itself
 * (Svade): a guest access never faults on a page the hypervisor mapped.
 */
#include "hyp.h"

struct gstage_fmt {
	unsigned levels;
	unsigned root_bits; /* index bits of the root table */
	unsigned bits;      /* index bits of the other levels */
	unsigned mode;      /* hgatp.MODE */
};

static const struct gstage_fmt sv39x4 = { 3, 11, 9, HGATP_MODE_SV39X4 };

struct vm the_vm;

#define PTE_LEAF (PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_A | PTE_D)

/* hfence.gvma gaddr >> 2, vmid (hypervisor.adoc, "Hypervisor Memory-
 * Management Fence Instructions"), through .insn: built for rv64imac. */
static void hfence_gvma(uint64_t gpa, uint64_t vmid)
{
	__asm__ volatile(".insn r 0x73, 0, 0x31, x0, %0, %1" ::"r"(gpa >> 2), "r"(vmid)
			 : "memory");
}

static unsigned gstage_index(const struct gstage_fmt *f, uint64_t gpa, unsigned level)
{
	unsigned shift = PAGE_SHIFT + f->bits * level;
	unsigned bits = level == f->levels - 1 ? f->root_bits : f->bits;

	return (unsigned)(gpa >> shift) & ((1u << bits) - 1);
}

/*
 * Sets up the empty table and hgatp (Sv39x4, a VMID): probes the WARL
 * fields first, as KVM does, rather than assuming them. -1 when Sv39x4 is
 * missing or there is no memory for the root.
 */
int gstage_init(struct vm *vm, uint64_t ram_base, uint64_t ram_size)
{
	uint64_t probe, vmid_mask = (1ull << HGATP_VMID_BITS) - 1;

	vm->ram_base = ram_base;
	vm->ram_size = ram_size;
	csr_write(CSR_HGATP, (uint64_t)sv39x4.mode << HGATP_MODE_SHIFT |
				     vmid_mask << HGATP_VMID_SHIFT);
	probe = csr_read(CSR_HGATP);
	csr_write(CSR_HGATP, 0);
	if (probe >> HGATP_MODE_SHIFT != sv39x4.mode)
		return -1;
	/* VMID 1 when the hart has VMID bits: 0 stays the "no VM" tag */
	vm->vmid = (probe >> HGATP_VMID_SHIFT & vmid_mask) ? 1 : 0;
	vm->root = pmem_alloc(4, 4 * PAGE_SIZE);
	if (!vm->root)
		return -1;
	vm->table_pages = 4;
	vm->hgatp = (uint64_t)sv39x4.mode << HGATP_MODE_SHIFT |
		    (uint64_t)vm->vmid << HGATP_VMID_SHIFT |
		    ((uint64_t)(uintptr_t)vm->root >> PAGE_SHIFT);
	return 0;
}

bool gstage_in_ram(const struct vm *vm, uint64_t gpa)
{
	return gpa >= vm->ram_base && gpa - vm->ram_base < vm->ram_size;
}

/*
 * Walks the table for gpa. With alloc, creates missing tables and backs a
 * missing RAM page with a zeroed host page; mapping a page that was
 * invalid is followed by hfence.gvma of that address and VMID, as the
 * spec requires after any G-stage PTE change ("hfence.gvma": the
 * hypervisor must not rely on invalid entries not being cached). Returns
 * the host address for gpa, or 0.
 */
uint64_t gstage_translate(struct vm *vm, uint64_t gpa, bool alloc)
{
	const struct gstage_fmt *f = &sv39x4;
	uint64_t *table = vm->root, *pte;
	unsigned level;

	if (!gstage_in_ram(vm, gpa))
		return 0;
	for (level = f->levels - 1;; level--) {
		pte = &table[gstage_index(f, gpa, level)];
		if (level == 0)
			break;
		if (!(*pte & PTE_V)) {
			void *t;

			if (!alloc || !(t = pmem_alloc(1, PAGE_SIZE)))
				return 0;
			vm->table_pages++;
			*pte = ((uint64_t)(uintptr_t)t >> PAGE_SHIFT) << PTE_PPN_SHIFT | PTE_V;
		}
		table = (uint64_t *)(uintptr_t)((*pte >> PTE_PPN_SHIFT & PTE_PPN_MASK) << PAGE_SHIFT);
	}
	if (!(*pte & PTE_V)) {
		void *page;

		if (!alloc || !(page = pmem_alloc(1, PAGE_SIZE)))
			return 0;
		vm->guest_pages++;
		__asm__ volatile("fence rw, rw" ::: "memory"); /* zeroes before the PTE */
		*pte = ((uint64_t)(uintptr_t)page >> PAGE_SHIFT) << PTE_PPN_SHIFT | PTE_LEAF;
		hfence_gvma(gpa, vm->vmid);
	}
	return ((*pte >> PTE_PPN_SHIFT & PTE_PPN_MASK) << PAGE_SHIFT) | (gpa & (PAGE_SIZE - 1));
}

/* Copies n bytes to guest memory at gpa, backing pages as needed. -1 when
 * part of it is outside guest RAM or host memory runs out. */
int guest_write(struct vm *vm, uint64_t gpa, const void *src, size_t n)
{
	const uint8_t *s = src;

	while (n) {
		uint64_t hpa = gstage_translate(vm, gpa, true);
		size_t chunk = PAGE_SIZE - (gpa & (PAGE_SIZE - 1));

		if (!hpa)
			return -1;
		if (chunk > n)
			chunk = n;
		memcpy((void *)(uintptr_t)hpa, s, chunk);
		s += chunk;
		gpa += chunk;
		n -= chunk;
	}
	return 0;
}
