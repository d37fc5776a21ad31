/*
 * fdt.h - a minimal reader of the flattened device tree (Devicetree
 * Specification v0.4, chapter 5 "Flattened Devicetree (DTB) Format").
 */
#ifndef KERNEL_FDT_H
#define KERNEL_FDT_H

#include "kernel.h"

#define FDT_MAX_RESERVED 8

struct fdt_info {
	uint64_t totalsize;
	uint64_t mem_base, mem_size;           /* first /memory reg */
	uint64_t initrd_start, initrd_end;     /* /chosen linux,initrd-* */
	uint64_t timebase_hz;                  /* /cpus timebase-frequency */
	const char *bootargs;                  /* /chosen bootargs, or NULL */
	int nreserved;                         /* /reserved-memory + memreserve */
	uint64_t reserved[FDT_MAX_RESERVED][2];/* base, size */
};

/* Parse the tree at dtb; returns 0, or -1 when it is not a valid DTB. */
int fdt_parse(const void *dtb, struct fdt_info *info);

#endif
