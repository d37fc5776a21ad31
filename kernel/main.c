/*
 * main.c - from the firmware's jump to the first process: the device
 * tree (memory, /chosen, timebase), the command line, memory management,
 * traps, then /init and the scheduler.
 *
 * Command line (/chosen bootargs): kernel options, then " -- " and
 * /init's arguments after its argv[0] (as Linux passes them). Options
 * (kernel/README.md): kpages=4k, asids=N, maxprocs=N.
 */
#include "boot/fdt.h"
#include "mm/mm.h"
#include "proc.h"
#include "riscv.h"
#include "sbi.h"
#include "stats.h"

struct bootinfo boot;

/* sfence.vma instructions boot/entry.S executes before .bss is cleared
 * (it cannot count them itself). */
#define ENTRY_SFENCES 2

static void boot_option(const char *opt)
{
	const char *end;

	if (!strcmp(opt, "kpages=4k"))
		boot.kpages_4k = 1;
	else if (!strncmp(opt, "kpages=", 7))
		boot.kpages_4k = 0;
	else if (!strncmp(opt, "asids=", 6))
		boot.max_asids = (unsigned)parse_u64(opt + 6, &end);
	else if (!strncmp(opt, "maxprocs=", 9))
		boot.max_procs = (unsigned)parse_u64(opt + 9, &end);
	else if (*opt)
		kprintf("kernel: unknown option '%s' ignored\n", opt);
}

/* Split boot.bootargs in place: options, then init's arguments. */
static void boot_parse_args(void)
{
	char *s = boot.bootargs;
	int after_dashes = 0;

	while (*s) {
		char *tok;
		while (*s == ' ')
			s++;
		if (!*s)
			break;
		tok = s;
		while (*s && *s != ' ')
			s++;
		if (*s)
			*s++ = 0;
		if (!after_dashes && !strcmp(tok, "--"))
			after_dashes = 1;
		else if (!after_dashes)
			boot_option(tok);
		else if (boot.init_argc < (int)ARRAY_SIZE(boot.init_argv) - 2)
			boot.init_argv[boot.init_argc++] = tok;
	}
}

static void boot_read_fdt(uint64_t dtb_pa, struct fdt_info *fi)
{
	if (fdt_parse(p2v(dtb_pa), fi))
		panic("no valid device tree at %lx", dtb_pa);
	if (!fi->mem_size)
		panic("the device tree has no /memory");
	boot.dtb_pa = dtb_pa;
	boot.dtb_size = fi->totalsize;
	boot.ram_base = fi->mem_base;
	boot.ram_size = fi->mem_size;
	boot.initrd_start = fi->initrd_start;
	boot.initrd_end = fi->initrd_end > fi->initrd_start ? fi->initrd_end : fi->initrd_start;
	boot.timebase_hz = fi->timebase_hz ? fi->timebase_hz : 10000000;
	if (fi->bootargs)
		strlcpy0(boot.bootargs, fi->bootargs, sizeof boot.bootargs);
}

_Noreturn void kmain(uint64_t hartid, uint64_t dtb_pa);

_Noreturn void kmain(uint64_t hartid, uint64_t dtb_pa)
{
	static struct fdt_info fi;
	static char *init_argv[ARRAY_SIZE(boot.init_argv) + 1];

	kstats.sfence_all = ENTRY_SFENCES;
	console_init();
	boot.hartid = hartid;
	boot_read_fdt(dtb_pa, &fi);
	kprintf("kernel: hmvirt guest kernel on hart %lu, %lu MiB RAM at %lx, initrd %lu KiB, "
		"bootargs '%s'\n", hartid, boot.ram_size >> 20, boot.ram_base,
		(boot.initrd_end - boot.initrd_start) >> 10, boot.bootargs);
	boot_parse_args();
	pmem_init(fi.reserved, fi.nreserved);
	kvm_init();
	tlb_init();
	trap_init();
	proc_init();
	kprintf("kernel: %lu free frames, linear map in %s pages, %u processes at most\n",
		pmem_free_frames(), boot.kpages_4k ? "4 KiB" : "2 MiB", boot.max_procs);
	init_argv[0] = "init";
	for (int i = 0; i < boot.init_argc; i++)
		init_argv[i + 1] = boot.init_argv[i];
	proc_start_init("/init", init_argv);
	scheduler();
}
