/*
 * fdt.c - the little of the device tree (devicetree-specification,
 * "Flattened Devicetree (DTB) Format") the firmware reads itself: the RAM
 * bank at VIRT_DRAM_BASE and string properties of /chosen. A walk of the
 * structure block, bounded, that stops at anything it does not expect.
 */
#include <stddef.h>

#include "fw.h"
#include "riscv/virt.h"

#define FDT_MAGIC      0xd00dfeed
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE   2
#define FDT_PROP       3
#define FDT_NOP        4

static uint32_t be32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static bool str_prefix(const char *s, const char *prefix)
{
	while (*prefix)
		if (*s++ != *prefix++)
			return false;
	return true;
}

static uint64_t str_len(const char *s)
{
	uint64_t n = 0;

	while (s[n])
		n++;
	return n;
}

static bool str_eq(const char *a, const char *b)
{
	return str_prefix(a, b) && a[str_len(b)] == 0;
}

/* One property seen by fdt_walk: the node's name, depth (1 = the root's
 * children), the property's name and value. Returns true to stop. */
typedef bool (*fdt_visit)(void *ctx, const char *node, int depth, const char *name,
			  const uint8_t *val, uint32_t len);

static void fdt_walk(uint64_t fdt, fdt_visit visit, void *ctx)
{
	const uint8_t *base = (const uint8_t *)(uintptr_t)fdt;
	const uint8_t *p, *strings;
	const char *node = "";
	int depth = 0;

	if (!fdt || be32(base) != FDT_MAGIC)
		return;
	p = base + be32(base + 8);
	strings = base + be32(base + 12);
	for (unsigned guard = 0; guard < 100000; guard++) {
		uint32_t tok = be32(p);

		p += 4;
		if (tok == FDT_BEGIN_NODE) {
			uint64_t len = str_len((const char *)p);

			node = (const char *)p;
			depth++;
			p += (len + 4) & ~3ull;
		} else if (tok == FDT_END_NODE) {
			depth--;
			node = "";
		} else if (tok == FDT_PROP) {
			uint32_t len = be32(p), nameoff = be32(p + 4);

			if (visit(ctx, node, depth - 1, (const char *)strings + nameoff, p + 8, len))
				return;
			p += 8 + ((len + 3) & ~3u);
		} else if (tok != FDT_NOP) {
			return; /* FDT_END or garbage */
		}
	}
}

static bool find_ram(void *ctx, const char *node, int depth, const char *name,
		     const uint8_t *v, uint32_t len)
{
	uint64_t *end = ctx;

	if (depth != 1 || !str_prefix(node, "memory") || !str_eq(name, "reg") || len < 16)
		return false;
	if (((uint64_t)be32(v) << 32 | be32(v + 4)) != VIRT_DRAM_BASE)
		return false;
	*end = VIRT_DRAM_BASE + ((uint64_t)be32(v + 8) << 32 | be32(v + 12));
	return true;
}

/* The end of the RAM bank at VIRT_DRAM_BASE (2 address and 2 size cells,
 * as on virt), or 0 if the tree does not say. */
uint64_t fw_fdt_ram_end(uint64_t fdt)
{
	uint64_t end = 0;

	fdt_walk(fdt, find_ram, &end);
	return end;
}

struct chosen_query {
	const char *prop, *value;
};

static bool find_chosen(void *ctx, const char *node, int depth, const char *name,
			const uint8_t *v, uint32_t len)
{
	struct chosen_query *q = ctx;

	if (depth != 1 || !str_eq(node, "chosen") || !str_eq(name, q->prop))
		return false;
	if (len > 0 && v[len - 1] == 0)
		q->value = (const char *)v;
	return true;
}

/* A NUL-terminated string property of /chosen, or NULL. */
const char *fw_fdt_chosen_string(uint64_t fdt, const char *prop)
{
	struct chosen_query q = { prop, NULL };

	fdt_walk(fdt, find_chosen, &q);
	return q.value;
}
