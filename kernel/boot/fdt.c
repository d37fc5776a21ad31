/*
 * fdt.c - reads what the kernel needs from the flattened device tree
 * (Devicetree Specification v0.4, chapter 5): the header (5.2), the
 * memory reservation block (5.3) and the structure block (5.4) walked
 * token by token. Cells are big-endian. Only the root's #address-cells
 * and #size-cells are honoured (the virt board uses 2 and 2 everywhere).
 */
#include "fdt.h"

#define FDT_MAGIC 0xd00dfeed
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9
#define FDT_MAX_DEPTH 16

static uint32_t be32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* A number of `cells` 32-bit cells (1 or 2) at p. */
static uint64_t fdt_cells(const uint8_t *p, uint32_t cells)
{
	return cells == 2 ? (uint64_t)be32(p) << 32 | be32(p + 4) : be32(p);
}

/* Which node a property belongs to: the path components that matter. */
enum fdt_node { N_OTHER, N_ROOT, N_MEMORY, N_CHOSEN, N_CPUS, N_RESMEM, N_RESMEM_CHILD };

static enum fdt_node fdt_classify(const char *name, int depth, enum fdt_node parent)
{
	if (depth == 0)
		return N_ROOT;
	if (depth == 1) {
		if (!strncmp(name, "memory", 6) && (name[6] == '@' || !name[6]))
			return N_MEMORY;
		if (!strcmp(name, "chosen"))
			return N_CHOSEN;
		if (!strcmp(name, "cpus"))
			return N_CPUS;
		if (!strcmp(name, "reserved-memory"))
			return N_RESMEM;
	}
	if (depth == 2 && parent == N_RESMEM)
		return N_RESMEM_CHILD;
	return N_OTHER;
}

static void fdt_add_reserved(struct fdt_info *info, uint64_t base, uint64_t size)
{
	if (size && info->nreserved < FDT_MAX_RESERVED) {
		info->reserved[info->nreserved][0] = base;
		info->reserved[info->nreserved][1] = size;
		info->nreserved++;
	}
}

/* One property of a node the kernel cares about. */
static void fdt_prop(struct fdt_info *info, enum fdt_node node, const char *name,
		     const uint8_t *val, uint32_t len, uint32_t *acells, uint32_t *scells)
{
	uint32_t ac = *acells, sc = *scells;

	if (node == N_ROOT && !strcmp(name, "#address-cells") && len == 4)
		*acells = be32(val);
	else if (node == N_ROOT && !strcmp(name, "#size-cells") && len == 4)
		*scells = be32(val);
	else if (node == N_MEMORY && !strcmp(name, "reg") && len >= 4 * (ac + sc) && !info->mem_size) {
		info->mem_base = fdt_cells(val, ac);
		info->mem_size = fdt_cells(val + 4 * ac, sc);
	} else if (node == N_CHOSEN && !strcmp(name, "bootargs") && len > 0)
		info->bootargs = (const char *)val;
	else if (node == N_CHOSEN && !strcmp(name, "linux,initrd-start") && (len == 4 || len == 8))
		info->initrd_start = fdt_cells(val, len / 4);
	else if (node == N_CHOSEN && !strcmp(name, "linux,initrd-end") && (len == 4 || len == 8))
		info->initrd_end = fdt_cells(val, len / 4);
	else if (node == N_CPUS && !strcmp(name, "timebase-frequency") && (len == 4 || len == 8))
		info->timebase_hz = fdt_cells(val, len / 4);
	else if (node == N_RESMEM_CHILD && !strcmp(name, "reg"))
		for (uint32_t off = 0; off + 4 * (ac + sc) <= len; off += 4 * (ac + sc))
			fdt_add_reserved(info, fdt_cells(val + off, ac), fdt_cells(val + off + 4 * ac, sc));
}

/*
 * Walk the structure block of the tree at dtb and fill info. Returns -1 if
 * the header is not a DTB's or the structure block is malformed.
 */
int fdt_parse(const void *dtb, struct fdt_info *info)
{
	const uint8_t *base = dtb;
	uint32_t off_struct, off_strings, size_struct, off_rsv;
	uint32_t acells = 2, scells = 1;
	enum fdt_node stack[FDT_MAX_DEPTH];
	int depth = -1;

	memset(info, 0, sizeof *info);
	if (be32(base) != FDT_MAGIC)
		return -1;
	info->totalsize = be32(base + 4);
	off_struct = be32(base + 8);
	off_strings = be32(base + 12);
	off_rsv = be32(base + 16);
	size_struct = be32(base + 36);

	for (const uint8_t *r = base + off_rsv;; r += 16) {
		uint64_t a = fdt_cells(r, 2), s = fdt_cells(r + 8, 2);
		if (!a && !s)
			break;
		fdt_add_reserved(info, a, s);
	}

	for (uint32_t pos = 0; pos + 4 <= size_struct;) {
		const uint8_t *p = base + off_struct + pos;
		uint32_t tok = be32(p);

		pos += 4;
		if (tok == FDT_BEGIN_NODE) {
			const char *name = (const char *)p + 4;
			size_t n = strlen(name);
			if (++depth >= FDT_MAX_DEPTH)
				return -1;
			stack[depth] = fdt_classify(name, depth, depth ? stack[depth - 1] : N_OTHER);
			pos += (uint32_t)((n + 1 + 3) & ~3ul);
		} else if (tok == FDT_END_NODE) {
			if (--depth < -1)
				return -1;
		} else if (tok == FDT_PROP) {
			uint32_t len = be32(p + 4), nameoff = be32(p + 8);
			if (depth >= 0)
				fdt_prop(info, stack[depth], (const char *)base + off_strings + nameoff,
					 p + 12, len, &acells, &scells);
			pos += 8 + ((len + 3) & ~3u);
		} else if (tok == FDT_END) {
			return 0;
		} else if (tok != FDT_NOP) {
			return -1;
		}
	}
	return -1;
}
