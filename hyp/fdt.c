/*
 * fdt.c - the flattened device tree (devicetree-specification v0.4,
 * chapter 5): reading what the hypervisor needs from the host's tree, and
 * writing the guest's tree. No libfdt: a tree is a header, a
 * memory-reservation block, a structure block of big-endian tokens and a
 * strings block.
 */
#include "hyp.h"

#define FDT_MAGIC 0xd00dfeedu
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9
#define FDT_MAX_DEPTH 8

struct fdt_header {
	uint32_t magic, totalsize, off_dt_struct, off_dt_strings, off_mem_rsvmap, version,
		last_comp_version, boot_cpuid_phys, size_dt_strings, size_dt_struct;
};

static uint32_t be32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static uint64_t be64(const void *p)
{
	return (uint64_t)be32(p) << 32 | be32((const uint8_t *)p + 4);
}

/* A cell value of 1 or 2 cells (4 or 8 bytes); 0 for other lengths. */
static uint64_t cells(const void *p, uint32_t len)
{
	return len == 8 ? be64(p) : len == 4 ? be32(p) : 0;
}

/* Does a node name ("memory@80000000") name component c ("memory")? */
static bool name_is(const char *name, const char *c, size_t clen)
{
	return strncmp(name, c, clen) == 0 && (name[clen] == 0 || name[clen] == '@');
}

/*
 * The first property `prop` of a node at `path` ("" the root, "memory",
 * "cpus/cpu"), each component matching a node name up to its '@'. Returns
 * the value and its length, or NULL. The walk checks every offset against
 * the structure block's size.
 */
static const void *fdt_get(const struct host_info *hi, const char *path, const char *prop,
			   uint32_t *len)
{
	const uint8_t *f = (const uint8_t *)(uintptr_t)hi->fdt;
	uint32_t off = be32(f + 8), end = off + be32(f + 36), strs = be32(f + 12);
	const char *names[FDT_MAX_DEPTH];
	int depth = -1;

	while (off + 4 <= end) {
		uint32_t tok = be32(f + off), l, nameoff;
		const char *n;

		off += 4;
		switch (tok) {
		case FDT_BEGIN_NODE:
			n = (const char *)f + off;
			if (++depth < FDT_MAX_DEPTH)
				names[depth] = n;
			off = (uint32_t)ALIGN_UP(off + strlen(n) + 1, 4);
			break;
		case FDT_END_NODE:
			depth--;
			break;
		case FDT_PROP: {
			const char *p = path, *slash;
			int d = 1;
			bool match = depth >= 0 && depth < FDT_MAX_DEPTH;

			l = be32(f + off);
			nameoff = be32(f + off + 4);
			off += 8;
			/* compare names[1..depth] with the path's components */
			while (match && *p) {
				slash = p;
				while (*slash && *slash != '/')
					slash++;
				match = d <= depth && name_is(names[d], p, (size_t)(slash - p));
				d++;
				p = *slash ? slash + 1 : slash;
			}
			if (match && d == depth + 1 && strcmp((const char *)f + strs + nameoff, prop) == 0) {
				*len = l;
				return f + off;
			}
			off = (uint32_t)ALIGN_UP(off + l, 4);
			break;
		}
		case FDT_NOP:
			break;
		default:
			return NULL; /* FDT_END or garbage */
		}
	}
	return NULL;
}

/*
 * What the hypervisor needs from the host's tree: RAM (the first /memory
 * reg; #address-cells and #size-cells 2, as on virt), the initrd, the
 * bootargs, the timebase, the memreserve entries. -1 on a bad tree.
 */
int fdt_read_host(uint64_t fdt, struct host_info *hi)
{
	const uint8_t *f = (const uint8_t *)(uintptr_t)fdt, *r, *rsv;
	uint32_t len;

	memset(hi, 0, sizeof *hi);
	if (be32(f) != FDT_MAGIC)
		return -1;
	hi->fdt = fdt;
	hi->fdt_size = be32(f + 4);
	r = fdt_get(hi, "memory", "reg", &len);
	if (!r || len < 16)
		return -1;
	hi->ram_base = be64(r);
	hi->ram_size = be64(r + 8);
	if ((r = fdt_get(hi, "chosen", "linux,initrd-start", &len)))
		hi->initrd_start = cells(r, len);
	if ((r = fdt_get(hi, "chosen", "linux,initrd-end", &len)))
		hi->initrd_end = cells(r, len);
	r = fdt_get(hi, "chosen", "bootargs", &len);
	hi->bootargs = r && len && r[len - 1] == 0 ? (const char *)r : "";
	r = fdt_get(hi, "cpus", "timebase-frequency", &len);
	if (!r)
		r = fdt_get(hi, "cpus/cpu", "timebase-frequency", &len);
	hi->timebase = r ? (uint32_t)cells(r, len) : 10000000u;
	for (rsv = f + be32(f + 16); hi->nrsv < 8; rsv += 16) {
		if (be64(rsv + 8) == 0)
			break;
		hi->rsv[hi->nrsv][0] = be64(rsv);
		hi->rsv[hi->nrsv][1] = be64(rsv + 8);
		hi->nrsv++;
	}
	return 0;
}

/* ---- writing a tree ------------------------------------------------------- */
struct fdt_writer {
	uint8_t st[3072];  /* structure block */
	char strs[512];    /* strings block */
	uint32_t nst, nstrs;
	bool overflow;
};

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void w_bytes(struct fdt_writer *w, const void *d, uint32_t n)
{
	if (w->nst + ALIGN_UP(n, 4) > sizeof w->st) {
		w->overflow = true;
		return;
	}
	memcpy(w->st + w->nst, d, n);
	memset(w->st + w->nst + n, 0, ALIGN_UP(n, 4) - n);
	w->nst += (uint32_t)ALIGN_UP(n, 4);
}

static void w_tok(struct fdt_writer *w, uint32_t tok)
{
	uint8_t b[4];

	put32(b, tok);
	w_bytes(w, b, 4);
}

static void w_begin(struct fdt_writer *w, const char *name)
{
	w_tok(w, FDT_BEGIN_NODE);
	w_bytes(w, name, (uint32_t)strlen(name) + 1);
}

/* The offset of name in the strings block, added on first use. */
static uint32_t w_string(struct fdt_writer *w, const char *name)
{
	uint32_t off = 0, n = (uint32_t)strlen(name) + 1;

	while (off < w->nstrs) {
		if (strcmp(w->strs + off, name) == 0)
			return off;
		off += (uint32_t)strlen(w->strs + off) + 1;
	}
	if (w->nstrs + n > sizeof w->strs) {
		w->overflow = true;
		return 0;
	}
	memcpy(w->strs + w->nstrs, name, n);
	w->nstrs += n;
	return off;
}

static void w_prop(struct fdt_writer *w, const char *name, const void *val, uint32_t len)
{
	uint8_t b[8];

	w_tok(w, FDT_PROP);
	put32(b, len);
	put32(b + 4, w_string(w, name));
	w_bytes(w, b, 8);
	w_bytes(w, val, len);
}

static void w_u32(struct fdt_writer *w, const char *name, uint32_t v)
{
	uint8_t b[4];

	put32(b, v);
	w_prop(w, name, b, 4);
}

static void w_u64(struct fdt_writer *w, const char *name, uint64_t v)
{
	uint8_t b[8];

	put32(b, (uint32_t)(v >> 32));
	put32(b + 4, (uint32_t)v);
	w_prop(w, name, b, 8);
}

static void w_str(struct fdt_writer *w, const char *name, const char *s)
{
	w_prop(w, name, s, (uint32_t)strlen(s) + 1);
}

/*
 * The guest's tree: one hart without H, its RAM, /chosen with the
 * bootargs and the initrd, an SBI-only platform (no devices: the guest
 * reaches the console, the timer and power-off through SBI).
 */
size_t fdt_build_guest(const struct guest_dt *g, void *buf, size_t cap)
{
	static struct fdt_writer w;
	uint8_t reg[16];
	uint8_t *out = buf;
	uint32_t off_st = 40 + 16, off_strs, total;

	memset(&w, 0, sizeof w);
	w_begin(&w, "");
	w_u32(&w, "#address-cells", 2);
	w_u32(&w, "#size-cells", 2);
	w_str(&w, "compatible", "hmvirt,vm");
	w_str(&w, "model", "hmvirt virtual machine");

	w_begin(&w, "chosen");
	w_str(&w, "bootargs", g->bootargs);
	w_u64(&w, "linux,initrd-start", g->initrd_start);
	w_u64(&w, "linux,initrd-end", g->initrd_end);
	w_tok(&w, FDT_END_NODE);

	w_begin(&w, "memory@80000000");
	w_str(&w, "device_type", "memory");
	put32(reg, (uint32_t)(g->ram_base >> 32));
	put32(reg + 4, (uint32_t)g->ram_base);
	put32(reg + 8, (uint32_t)(g->ram_size >> 32));
	put32(reg + 12, (uint32_t)g->ram_size);
	w_prop(&w, "reg", reg, 16);
	w_tok(&w, FDT_END_NODE);

	w_begin(&w, "cpus");
	w_u32(&w, "#address-cells", 1);
	w_u32(&w, "#size-cells", 0);
	w_u32(&w, "timebase-frequency", g->timebase);
	w_begin(&w, "cpu@0");
	w_str(&w, "device_type", "cpu");
	w_u32(&w, "reg", GUEST_HART_ID);
	w_str(&w, "status", "okay");
	w_str(&w, "compatible", "riscv");
	w_str(&w, "riscv,isa", "rv64imac_zicsr_zifencei");
	w_str(&w, "mmu-type", "riscv,sv39");
	w_begin(&w, "interrupt-controller");
	w_u32(&w, "#interrupt-cells", 1);
	w_prop(&w, "interrupt-controller", NULL, 0);
	w_str(&w, "compatible", "riscv,cpu-intc");
	w_u32(&w, "phandle", 1);
	w_tok(&w, FDT_END_NODE);
	w_tok(&w, FDT_END_NODE); /* cpu@0 */
	w_tok(&w, FDT_END_NODE); /* cpus */

	w_tok(&w, FDT_END_NODE); /* root */
	w_tok(&w, FDT_END);

	off_strs = off_st + w.nst;
	total = (uint32_t)ALIGN_UP(off_strs + w.nstrs, 8);
	if (w.overflow || total > cap)
		return 0;
	memset(out, 0, total);
	put32(out + 0, FDT_MAGIC);
	put32(out + 4, total);
	put32(out + 8, off_st);
	put32(out + 12, off_strs);
	put32(out + 16, 40); /* the reservation block: one empty entry */
	put32(out + 20, 17);
	put32(out + 24, 16);
	put32(out + 28, GUEST_HART_ID);
	put32(out + 32, w.nstrs);
	put32(out + 36, w.nst);
	memcpy(out + off_st, w.st, w.nst);
	memcpy(out + off_strs, w.strs, w.nstrs);
	return total;
}
