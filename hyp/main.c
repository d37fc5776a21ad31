/*
 * main.c - the hypervisor's boot: read the host's device tree, take the
 * guest (kernel.elf and initramfs.cpio) from the host's initrd, create
 * the VM (guest RAM, G-stage table, the guest's kernel, initrd and device
 * tree pre-loaded), and enter the guest in VS-mode.
 *
 * The guest's physical layout is the one the virt board gives a kernel
 * natively: RAM at 0x80000000, the kernel at 0x80200000, the initrd at
 * the kernel's address plus half of RAM (at most 128 MiB), the device
 * tree in the last 2 MiB-aligned block that holds it. So the guest kernel
 * sees the same layout under every model.
 */
#include "hyp.h"

_Noreturn void hyp_main(uint64_t hartid, uint64_t dtb);

extern char _hyp_start[], _hyp_end[];

static struct vcpu the_vcpu;
static uint8_t guest_fdt[8192] __attribute__((aligned(8)));

/* The hypervisor's own options: the bootargs before " -- " (the part
 * after it is the guest's /init's). guestmem=SIZE sets the guest's RAM. */
static uint64_t option_guestmem(const char *args)
{
	const char *p = args, *end;

	while (*p) {
		if (strncmp(p, "-- ", 3) == 0 || strcmp(p, "--") == 0)
			break;
		if (strncmp(p, "guestmem=", 9) == 0)
			return parse_size(p + 9, &end);
		while (*p && *p != ' ')
			p++;
		while (*p == ' ')
			p++;
	}
	return 0;
}

/* Host RAM less the firmware, the hypervisor, the host's tree and
 * memreserve entries, and the host initrd, which is reclaimed once the
 * guest is loaded. */
static void host_memory(const struct host_info *hi)
{
	unsigned i;

	pmem_add(hi->ram_base, hi->ram_base + hi->ram_size);
	pmem_exclude(hi->ram_base, (uint64_t)(uintptr_t)_hyp_end);
	pmem_exclude(hi->fdt, hi->fdt + hi->fdt_size);
	if (hi->initrd_end > hi->initrd_start)
		pmem_exclude(hi->initrd_start, hi->initrd_end);
	for (i = 0; i < hi->nrsv; i++)
		pmem_exclude(hi->rsv[i][0], hi->rsv[i][0] + hi->rsv[i][1]);
}

/* The guest's RAM size: guestmem= or what host RAM can back, less
 * G-stage tables (a page per 2 MiB) and HYP_RESERVE; 2 MiB-aligned. */
static uint64_t guest_ram_size(const struct host_info *hi, uint64_t want)
{
	uint64_t avail = pmem_free_bytes() + (hi->initrd_end - hi->initrd_start);
	uint64_t tables = avail / 512 + 8 * PAGE_SIZE, max;

	max = avail > tables + HYP_RESERVE + 16 * MIB
		      ? ALIGN_DOWN(avail - tables - HYP_RESERVE, 2 * MIB)
		      : 0;
	if (!max)
		hyp_fail("host RAM too small for a VM (%lu KiB free)", avail >> 10);
	if (want > max)
		hyp_fail("guestmem=%lu MiB: at most %lu MiB of host RAM is free for the guest",
			 want >> 20, max >> 20);
	return want ? ALIGN_DOWN(want, PAGE_SIZE) : max;
}

_Noreturn void hyp_main(uint64_t hartid, uint64_t dtb)
{
	static struct host_info hi;
	struct vm *vm = &the_vm;
	const void *kernel, *initramfs, *archive;
	size_t kernel_len, initramfs_len, fdt_len;
	uint64_t entry, kend, rd_gpa, fdt_gpa, half;
	struct guest_dt g;

	hyp_printf("hyp: hmvirt hypervisor (HS-mode) on hart %lu, device tree %lx\n", hartid, dtb);
	if (fdt_read_host(dtb, &hi) < 0)
		hyp_fail("no usable device tree at %lx", dtb);
	host_memory(&hi);
	archive = (const void *)(uintptr_t)hi.initrd_start;
	if (hi.initrd_end <= hi.initrd_start ||
	    cpio_find(archive, hi.initrd_end - hi.initrd_start, "kernel.elf", &kernel,
		      &kernel_len) < 0 ||
	    cpio_find(archive, hi.initrd_end - hi.initrd_start, "initramfs.cpio", &initramfs,
		      &initramfs_len) < 0)
		hyp_fail("the initrd is not a cpio archive with kernel.elf and initramfs.cpio");

	if (gstage_init(vm, GUEST_RAM_BASE, guest_ram_size(&hi, option_guestmem(hi.bootargs))) < 0)
		hyp_fail("no Sv39x4 G-stage (hgatp) or no memory for its root");
	if (elf_load_guest(vm, kernel, kernel_len, &entry, &kend) < 0)
		hyp_fail("cannot load the guest kernel");

	half = vm->ram_size / 2 < 128 * MIB ? vm->ram_size / 2 : 128 * MIB;
	rd_gpa = GUEST_KERNEL_GPA + half;
	if (rd_gpa < kend)
		rd_gpa = ALIGN_UP(kend, 2 * MIB);
	g.ram_base = vm->ram_base;
	g.ram_size = vm->ram_size;
	g.initrd_start = rd_gpa;
	g.initrd_end = rd_gpa + initramfs_len;
	g.timebase = hi.timebase;
	g.bootargs = hi.bootargs;
	fdt_len = fdt_build_guest(&g, guest_fdt, sizeof guest_fdt);
	if (!fdt_len)
		hyp_fail("the guest's device tree does not fit in %lu bytes (bootargs too long?)",
			 (unsigned long)sizeof guest_fdt);
	fdt_gpa = ALIGN_DOWN(vm->ram_base + vm->ram_size - fdt_len, 2 * MIB);
	if (fdt_gpa < ALIGN_UP(g.initrd_end, PAGE_SIZE))
		hyp_fail("guest RAM of %lu MiB too small for its kernel and initrd",
			 vm->ram_size >> 20);
	if (guest_write(vm, rd_gpa, initramfs, initramfs_len) < 0 ||
	    guest_write(vm, fdt_gpa, guest_fdt, fdt_len) < 0)
		hyp_fail("out of host memory while loading the guest");
	/* the host initrd is copied: its pages back guest RAM from now on */
	pmem_add(hi.initrd_start, hi.initrd_end);

	hyp_printf("hyp: VM 1 (VMID %u): %lu MiB RAM at %lx, kernel %lu KiB entry %lx, "
		   "initrd %lu KiB at %lx, device tree at %lx\n",
		   vm->vmid, vm->ram_size >> 20, vm->ram_base, (unsigned long)kernel_len >> 10,
		   entry, (unsigned long)initramfs_len >> 10, rd_gpa, fdt_gpa);
	the_vcpu.vm = vm;
	vcpu_start(&the_vcpu, entry, GUEST_HART_ID, fdt_gpa);
}
