/*
 * kvm.c - the kernel's half of every address space: the linear map of all
 * RAM at LINEAR_BASE + PA and the kernel image at KIMAGE_VA, both global
 * (G) with A and D preset (Svade would fault otherwise). The linear map
 * uses 2 MiB pages by default and 4 KiB pages with the boot option
 * kpages=4k (for TLB-reach experiments). The kernel image is mapped the
 * same way. Every process's root table copies root entries 256..511, so
 * these level-1/0 tables are shared and never change after boot.
 */
#include "mm.h"
#include "riscv.h"

#define KERNEL_PTE (PTE_R | PTE_W | PTE_X | PTE_G | PTE_A | PTE_D)

pte_t *kernel_root;

/* PA of a kernel VA: the image or the linear map. */
uint64_t v2p(const void *va)
{
	uint64_t v = (uint64_t)va;

	if (v >= KIMAGE_VA - MEGAPAGE_SIZE)
		return v - KIMAGE_OFFSET;
	return v - LINEAR_BASE;
}

/* Map [pa, pa+size) at va with 2 MiB pages where alignment allows (unless
 * kpages=4k), 4 KiB pages elsewhere. */
static void kvm_map_range(uint64_t va, uint64_t pa, uint64_t size)
{
	uint64_t end = pa + size;

	while (pa < end) {
		int big = !boot.kpages_4k && (pa % MEGAPAGE_SIZE) == 0 &&
			  (va % MEGAPAGE_SIZE) == 0 && end - pa >= MEGAPAGE_SIZE;
		uint64_t step = big ? MEGAPAGE_SIZE : PAGE_SIZE;
		if (pt_map(kernel_root, va, pa, big ? 1 : 0, KERNEL_PTE))
			panic("kvm: cannot map %lx", va);
		va += step;
		pa += step;
	}
}

/* Build the kernel table and switch to it from the boot table (entry.S). */
void kvm_init(void)
{
	uint64_t img_pa = v2p(_kernel_start);
	uint64_t img_size = (uint64_t)(_kernel_end - _kernel_start);

	kernel_root = p2v(pmem_alloc());
	if (kernel_root == p2v(0))
		panic("kvm: no memory for the kernel page table");
	kvm_map_range(LINEAR_BASE + boot.ram_base, boot.ram_base, boot.ram_size);
	kvm_map_range(KIMAGE_VA, img_pa, img_size);
	w_satp(kvm_satp());
	tlb_sfence_all();
}

/* satp of the kernel table: Sv39, ASID 0 (reserved for the kernel). */
uint64_t kvm_satp(void)
{
	return (uint64_t)SATP_MODE_SV39 << SATP_MODE_SHIFT | v2p(kernel_root) >> PAGE_SHIFT;
}

void kvm_fill_kernel_half(pte_t *root)
{
	for (int i = 256; i < 512; i++)
		root[i] = kernel_root[i];
}
