/*
 * The device tree (emu/dtb.c, dtb_build) checked with libfdt: header and
 * structure, the memory node, the CPU (timebase, ISA string, interrupt
 * controller), every device's compatible strings, reg and interrupt
 * wiring, /chosen, the poweroff/reboot syscon nodes; dtb_build's failure
 * on a small buffer; and where machine_boot_setup() places it.
 *
 * The device-tree layout follows QEMU's virt board (hw/riscv/virt.c) and
 * the devicetree bindings (riscv/cpus.yaml, sifive,plic-1.0.0,
 * sifive,clint0, ns16550a, syscon-poweroff/reboot); the ISA manual only
 * supplies the interrupt numbers (machine.adoc, "Machine Interrupt (mip
 * and mie) Registers") and the misa letters (machine.adoc, "Machine ISA
 * (misa) Register").
 */
#include <unistd.h>
#include <libfdt.h>

#include "unit.h"

#define C_MIP  SPEC("machine.adoc", "Machine Interrupt (mip and mie) Registers")
#define C_MISA SPEC("machine.adoc", "Machine ISA (misa) Register")
#define NROWS(t) (sizeof(t) / sizeof((t)[0]))

#define BOOTARGS "console=ttyS0 earlycon=sbi root=/dev/ram"

struct fix {
	struct machine *m;
	uint8_t fdt[64 * 1024];
};

static int setup(void **state)
{
	struct fix *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->m = unit_machine_new(64 * MiB);
	assert_int_equal(dtb_build(f->m, f->fdt, sizeof f->fdt, BOOTARGS), ERR_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fix *f = *state;
	unit_machine_free(f->m);
	free(f);
	return 0;
}

static int node(const void *fdt, const char *path)
{
	int off = fdt_path_offset(fdt, path);
	if (off < 0)
		fail_msg("node %s: %s", path, fdt_strerror(off));
	return off;
}

static const void *prop(const void *fdt, const char *path, const char *name, int *len)
{
	const void *p = fdt_getprop(fdt, node(fdt, path), name, len);
	if (!p)
		fail_msg("%s: no property %s", path, name);
	return p;
}

static uint32_t u32(const void *fdt, const char *path, const char *name)
{
	int len;
	const fdt32_t *p = prop(fdt, path, name, &len);
	assert_int_equal(len, 4);
	return fdt32_to_cpu(*p);
}

/* The i-th 64-bit big-endian cell pair of a property (4-byte aligned only). */
static uint64_t be64_at(const void *p, unsigned i)
{
	fdt64_t v;
	memcpy(&v, (const uint8_t *)p + 8 * i, sizeof v);
	return fdt64_to_cpu(v);
}

static uint32_t phandle_of(const void *fdt, const char *path)
{
	uint32_t ph = fdt_get_phandle(fdt, node(fdt, path));
	assert_true(ph != 0 && ph != ~0u);
	return ph;
}

/* fdt_check_header and a full structural check pass; the size is reported. */
static void test_header(void **state)
{
	struct fix *f = *state;
	assert_int_equal(fdt_check_header(f->fdt), 0);
	assert_int_equal(fdt_check_full(f->fdt, sizeof f->fdt), 0);
	assert_int_equal(fdt_size_of(f->fdt), fdt_totalsize(f->fdt));
	assert_true(fdt_size_of(f->fdt) < sizeof f->fdt);
	assert_int_equal(fdt_num_mem_rsv(f->fdt), 0);
	assert_int_equal(u32(f->fdt, "/", "#address-cells"), 2);
	assert_int_equal(u32(f->fdt, "/", "#size-cells"), 2);
	assert_string_equal(prop(f->fdt, "/", "compatible", NULL), "riscv-virtio");
}

/*
 * String and string-list properties, exact bytes. A string list is given
 * with its NULs: "a\0b" (the trailing NUL is implied).
 */
static void test_string_properties(void **state)
{
	static const struct { const char *path, *name; const char *val; int len; } rows[] = {
		{ "/chosen", "stdout-path", "/soc/serial@10000000", sizeof "/soc/serial@10000000" },
		{ "/chosen", "bootargs", BOOTARGS, sizeof BOOTARGS },
		{ "/memory@80000000", "device_type", "memory", sizeof "memory" },
		{ "/cpus/cpu@0", "device_type", "cpu", sizeof "cpu" },
		{ "/cpus/cpu@0", "status", "okay", sizeof "okay" },
		{ "/cpus/cpu@0", "compatible", "riscv", sizeof "riscv" },
		{ "/cpus/cpu@0", "riscv,isa", "rv64imach", sizeof "rv64imach" },
		{ "/cpus/cpu@0", "mmu-type", "riscv,sv48", sizeof "riscv,sv48" },
		{ "/cpus/cpu@0/interrupt-controller", "compatible", "riscv,cpu-intc", sizeof "riscv,cpu-intc" },
		{ "/soc", "compatible", "simple-bus", sizeof "simple-bus" },
		{ "/soc/clint@2000000", "compatible", "sifive,clint0\0riscv,clint0", sizeof "sifive,clint0\0riscv,clint0" },
		{ "/soc/plic@c000000", "compatible", "sifive,plic-1.0.0\0riscv,plic0", sizeof "sifive,plic-1.0.0\0riscv,plic0" },
		{ "/soc/serial@10000000", "compatible", "ns16550a", sizeof "ns16550a" },
		{ "/soc/test@100000", "compatible", "sifive,test1\0sifive,test0\0syscon", sizeof "sifive,test1\0sifive,test0\0syscon" },
		{ "/poweroff", "compatible", "syscon-poweroff", sizeof "syscon-poweroff" },
		{ "/reboot", "compatible", "syscon-reboot", sizeof "syscon-reboot" },
	};
	struct fix *f = *state;
	struct rowcheck rc = { 0 };
	for (size_t i = 0; i < NROWS(rows); i++) {
		char name[96];
		int len = -1;
		snprintf(name, sizeof name, "%s %s", rows[i].path, rows[i].name);
		const void *p = fdt_getprop(f->fdt, fdt_path_offset(f->fdt, rows[i].path), rows[i].name, &len);
		if (!p) {
			ROW_FAIL(&rc, name, "devicetree", "missing");
			continue;
		}
		ROW_EQ(&rc, name, "devicetree", "length", len, rows[i].len);
		if (len == rows[i].len && memcmp(p, rows[i].val, (size_t)len) != 0)
			ROW_FAIL(&rc, name, "devicetree", "value differs");
	}
	ROW_DONE(&rc);
}

/* Each driver finds its node by compatible string, at the board's address. */
static void test_compatible_lookup(void **state)
{
	static const struct { const char *compat, *path; } rows[] = {
		{ "sifive,clint0", "/soc/clint@2000000" },
		{ "riscv,clint0", "/soc/clint@2000000" },
		{ "sifive,plic-1.0.0", "/soc/plic@c000000" },
		{ "riscv,plic0", "/soc/plic@c000000" },
		{ "ns16550a", "/soc/serial@10000000" },
		{ "sifive,test0", "/soc/test@100000" },
		{ "sifive,test1", "/soc/test@100000" },
		{ "syscon", "/soc/test@100000" },
		{ "syscon-poweroff", "/poweroff" },
		{ "syscon-reboot", "/reboot" },
		{ "riscv,cpu-intc", "/cpus/cpu@0/interrupt-controller" },
	};
	struct fix *f = *state;
	for (size_t i = 0; i < NROWS(rows); i++) {
		int off = fdt_node_offset_by_compatible(f->fdt, -1, rows[i].compat);
		assert_true(off >= 0);
		assert_int_equal(off, node(f->fdt, rows[i].path));
		assert_int_equal(fdt_node_check_compatible(f->fdt, off, rows[i].compat), 0);
		/* exactly one node each */
		assert_true(fdt_node_offset_by_compatible(f->fdt, off, rows[i].compat) < 0);
	}
}

/* reg = <base size> in 2+2 cells: memory = RAM, devices = the board map. */
static void test_reg_properties(void **state)
{
	struct fix *f = *state;
	const struct { const char *path; uint64_t base, size; } rows[] = {
		{ "/memory@80000000", f->m->ram_base, f->m->ram_size },
		{ "/soc/clint@2000000", VIRT_CLINT_BASE, VIRT_CLINT_SIZE },
		{ "/soc/plic@c000000", VIRT_PLIC_BASE, VIRT_PLIC_SIZE },
		{ "/soc/serial@10000000", VIRT_UART0_BASE, VIRT_UART0_SIZE },
		{ "/soc/test@100000", VIRT_TEST_BASE, VIRT_TEST_SIZE },
	};
	assert_int_equal(f->m->ram_base, 0x80000000);
	assert_int_equal(f->m->ram_size, 64 * MiB);
	assert_int_equal(u32(f->fdt, "/soc", "#address-cells"), 2);
	assert_int_equal(u32(f->fdt, "/soc", "#size-cells"), 2);
	for (size_t i = 0; i < NROWS(rows); i++) {
		int len;
		const void *r = prop(f->fdt, rows[i].path, "reg", &len);
		assert_int_equal(len, 16);
		assert_int_equal(be64_at(r, 0), rows[i].base);
		assert_int_equal(be64_at(r, 1), rows[i].size);
	}
}

/* The memory node follows the RAM size, including sizes above 4 GiB. */
static void test_memory_node_sizes(void **state)
{
	static const uint64_t sizes[] = { 16 * MiB, 128 * MiB, 3072 * MiB, 8192 * MiB };
	static uint8_t fdt[64 * 1024];
	for (size_t i = 0; i < NROWS(sizes); i++) {
		struct machine *m = unit_machine_new(sizes[i]);
		int len;
		assert_int_equal(dtb_build(m, fdt, sizeof fdt, NULL), ERR_OK);
		const void *r = prop(fdt, "/memory@80000000", "reg", &len);
		assert_int_equal(len, 16);
		assert_int_equal(be64_at(r, 0), 0x80000000ull);
		assert_int_equal(be64_at(r, 1), sizes[i]);
		unit_machine_free(m);
	}
}

/* 32-bit cell properties. */
static void test_u32_properties(void **state)
{
	static const struct { const char *path, *name; uint32_t val; } rows[] = {
		{ "/cpus", "timebase-frequency", 10000000 },
		{ "/cpus", "#address-cells", 1 },
		{ "/cpus", "#size-cells", 0 },
		{ "/cpus/cpu@0", "reg", 0 },
		{ "/cpus/cpu@0/interrupt-controller", "#interrupt-cells", 1 },
		{ "/soc/plic@c000000", "riscv,ndev", VIRT_PLIC_NDEV },
		{ "/soc/plic@c000000", "#interrupt-cells", 1 },
		{ "/soc/plic@c000000", "#address-cells", 0 },
		{ "/soc/serial@10000000", "interrupts", VIRT_UART0_IRQ },
		{ "/soc/serial@10000000", "clock-frequency", 3686400 },
		{ "/poweroff", "offset", 0 },
		{ "/poweroff", "value", FINISHER_PASS },
		{ "/reboot", "offset", 0 },
		{ "/reboot", "value", FINISHER_RESET },
	};
	struct fix *f = *state;
	struct rowcheck rc = { 0 };
	assert_int_equal(VIRT_TIMEBASE_HZ, 10000000);
	for (size_t i = 0; i < NROWS(rows); i++) {
		char name[96];
		snprintf(name, sizeof name, "%s %s", rows[i].path, rows[i].name);
		ROW_EQ(&rc, name, "devicetree", "value", u32(f->fdt, rows[i].path, rows[i].name), rows[i].val);
	}
	ROW_DONE(&rc);
}

/* Empty (boolean) properties. */
static void test_flag_properties(void **state)
{
	struct fix *f = *state;
	int len = -1;
	prop(f->fdt, "/cpus/cpu@0/interrupt-controller", "interrupt-controller", &len);
	assert_int_equal(len, 0);
	prop(f->fdt, "/soc/plic@c000000", "interrupt-controller", &len);
	assert_int_equal(len, 0);
	prop(f->fdt, "/soc", "ranges", &len);
	assert_int_equal(len, 0);
	assert_null(fdt_getprop(f->fdt, node(f->fdt, "/soc/clint@2000000"), "interrupt-controller", &len));
}

/*
 * Interrupt wiring: the CLINT drives the hart's M software (3) and M timer
 * (7) interrupts, the PLIC its M (11) and S (9) external interrupts
 * (context 0 = M, 1 = S); the UART is PLIC source 10; the syscon nodes
 * point at the finisher.
 */
#define PH_INTC 0xf0000001u
#define PH_PLIC 0xf0000002u
static void test_interrupt_wiring(void **state)
{
	static const struct { const char *path, *name; uint32_t cells[4]; int n; } rows[] = {
		{ "/soc/clint@2000000", "interrupts-extended", { PH_INTC, IRQ_M_SOFT, PH_INTC, IRQ_M_TIMER }, 4 },
		{ "/soc/plic@c000000", "interrupts-extended", { PH_INTC, IRQ_M_EXT, PH_INTC, IRQ_S_EXT }, 4 },
		{ "/soc/serial@10000000", "interrupt-parent", { PH_PLIC }, 1 },
	};
	struct fix *f = *state;
	uint32_t intc = phandle_of(f->fdt, "/cpus/cpu@0/interrupt-controller");
	uint32_t plic = phandle_of(f->fdt, "/soc/plic@c000000");
	uint32_t test = phandle_of(f->fdt, "/soc/test@100000");

	assert_true(intc != plic && plic != test && intc != test);
	assert_int_equal(IRQ_M_SOFT, 3);
	assert_int_equal(IRQ_M_TIMER, 7);
	assert_int_equal(IRQ_M_EXT, 11);
	assert_int_equal(IRQ_S_EXT, 9);
	for (size_t i = 0; i < NROWS(rows); i++) {
		int len;
		const fdt32_t *c = prop(f->fdt, rows[i].path, rows[i].name, &len);
		assert_int_equal(len, 4 * rows[i].n);
		for (int k = 0; k < rows[i].n; k++) {
			uint32_t want = rows[i].cells[k] == PH_INTC ? intc :
					rows[i].cells[k] == PH_PLIC ? plic : rows[i].cells[k];
			if (fdt32_to_cpu(c[k]) != want)
				fail_msg("%s %s cell %d = %u, want %u (%s)", rows[i].path, rows[i].name, k,
					 fdt32_to_cpu(c[k]), want, C_MIP);
		}
	}
	/* every phandle resolves to the node it names */
	assert_int_equal(fdt_node_offset_by_phandle(f->fdt, intc), node(f->fdt, "/cpus/cpu@0/interrupt-controller"));
	assert_int_equal(fdt_node_offset_by_phandle(f->fdt, plic), node(f->fdt, "/soc/plic@c000000"));
	assert_int_equal(u32(f->fdt, "/poweroff", "regmap"), test);
	assert_int_equal(u32(f->fdt, "/reboot", "regmap"), test);
}

/* /chosen: stdout-path names an existing node; bootargs only when given. */
static void test_chosen(void **state)
{
	struct fix *f = *state;
	static uint8_t fdt[64 * 1024];
	const char *path = prop(f->fdt, "/chosen", "stdout-path", NULL);
	int len;

	assert_int_equal(fdt_path_offset(f->fdt, path), node(f->fdt, "/soc/serial@10000000"));
	assert_int_equal(dtb_build(f->m, fdt, sizeof fdt, NULL), ERR_OK);
	assert_null(fdt_getprop(fdt, node(fdt, "/chosen"), "bootargs", &len));
	assert_int_equal(dtb_build(f->m, fdt, sizeof fdt, ""), ERR_OK);
	assert_non_null(fdt_getprop(fdt, node(fdt, "/chosen"), "bootargs", &len));
	assert_int_equal(len, 1);
}

/* An initrd appears as /chosen linux,initrd-start/-end (64-bit cells, as
 * QEMU virt writes them), loaded where QEMU virt loads it: kernel address
 * plus min(RAM / 2, 128 MiB). */
static void test_chosen_initrd(void **state)
{
	struct fix *f = *state;
	static uint8_t fdt[64 * 1024];
	char path[] = "/tmp/hmvirt-initrd-XXXXXX", err[160];
	int fd = mkstemp(path), len;
	const fdt64_t *p;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, "0707010000", 10), 10);
	close(fd);
	assert_null(fdt_getprop(f->fdt, node(f->fdt, "/chosen"), "linux,initrd-start", &len));
	assert_int_equal(load_initrd(f->m, path, err, sizeof err), ERR_OK);
	unlink(path);
	assert_int_equal(dtb_build(f->m, fdt, sizeof fdt, NULL), ERR_OK);
	p = fdt_getprop(fdt, node(fdt, "/chosen"), "linux,initrd-start", &len);
	assert_non_null(p);
	assert_int_equal(len, 8);
	assert_int_equal(fdt64_ld(p), VIRT_KERNEL_ADDR + 32 * MiB);
	p = fdt_getprop(fdt, node(fdt, "/chosen"), "linux,initrd-end", &len);
	assert_non_null(p);
	assert_int_equal(fdt64_ld(p), VIRT_KERNEL_ADDR + 32 * MiB + 10);
	f->m->initrd_start = f->m->initrd_end = 0;
	assert_int_equal(load_initrd(f->m, "/nonexistent/initrd", err, sizeof err), ERR_IO);
}

/* The ISA string's letters are the extensions misa reports (I, M, A, C). */
static void test_isa_string_matches_misa(void **state)
{
	struct fix *f = *state;
	const char *isa = prop(f->fdt, "/cpus/cpu@0", "riscv,isa", NULL);
	uint64_t misa = f->m->hart.misa;

	assert_int_equal(misa >> 62, 2);            /* MXL = 64 */
	assert_memory_equal(isa, "rv64", 4);
	for (const char *p = isa + 4; *p; p++)
		if (!((misa >> (*p - 'a')) & 1))
			fail_msg("extension %c in riscv,isa but not in misa (%s)", *p, C_MISA);
	for (char c = 'A'; c <= 'Z'; c++) {
		bool in_misa = (misa >> (c - 'A')) & 1;
		bool unpriv = c != 'S' && c != 'U';
		if (in_misa && unpriv && !strchr(isa + 4, c - 'A' + 'a'))
			fail_msg("misa has %c but riscv,isa does not (%s)", c, C_MISA);
	}
}

/* Too small a buffer: dtb_build fails cleanly. */
static void test_small_buffer_fails(void **state)
{
	static const size_t lens[] = { 16, 64, 512, 1024 };
	struct fix *f = *state;
	for (size_t i = 0; i < NROWS(lens); i++) {
		uint8_t *buf = calloc(1, lens[i]);
		assert_non_null(buf);
		assert_int_equal(dtb_build(f->m, buf, lens[i], BOOTARGS), ERR_NOMEM);
		free(buf);
	}
	/* the exact size needed works */
	uint32_t need = fdt_size_of(f->fdt);
	uint8_t *buf = calloc(1, need);
	assert_int_equal(dtb_build(f->m, buf, need, BOOTARGS), ERR_OK);
	assert_int_equal(fdt_check_full(buf, need), 0);
	free(buf);
}

/*
 * machine_boot_setup: the tree lies in RAM below min(RAM end, 3 GiB),
 * 2 MiB aligned; a0 = hart id, a1 = tree, a2 = fw_dynamic_info in the ROM,
 * pc = RAM base.
 */
static void test_boot_setup_places_tree(void **state)
{
	static const uint64_t sizes[] = { 16 * MiB, 64 * MiB, 1024 * MiB, 4096 * MiB };
	for (size_t i = 0; i < NROWS(sizes); i++) {
		struct machine *m = unit_machine_new(sizes[i]);
		uint64_t end = m->ram_base + m->ram_size, info[3];
		uint8_t hdr[40];

		if (end > 0xc0000000ull)
			end = 0xc0000000ull;
		assert_int_equal(machine_boot_setup(m, 0x80200000, true, "x"), ERR_OK);
		uint64_t a = m->hart.x[11];
		assert_int_equal(a, m->dtb_addr);
		assert_int_equal(a & (2 * MiB - 1), 0);
		assert_true(a >= m->ram_base && a < end);
		assert_true(phys_read(m, a, hdr, sizeof hdr));
		assert_int_equal(fdt_check_header(hdr), 0);
		assert_true(a + fdt_totalsize(hdr) <= end);
		void *tree = phys_ptr(m, a, fdt_totalsize(hdr));
		assert_non_null(tree);
		assert_int_equal(fdt_check_full(tree, fdt_totalsize(hdr)), 0);
		assert_int_equal(m->hart.pc, m->ram_base);
		assert_int_equal(m->hart.x[10], m->hart.hartid);
		assert_int_equal(m->hart.x[12], VIRT_MROM_BASE + 0x100);
		assert_true(phys_read(m, m->hart.x[12], info, sizeof info));
		assert_int_equal(info[0], 0x4942534full);   /* "OSBI" */
		assert_int_equal(info[2], 0x80200000);      /* next stage */
		unit_machine_free(m);
	}
}

int main(void)
{
	unit_init();
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_header),
		T(test_string_properties),
		T(test_compatible_lookup),
		T(test_reg_properties),
		cmocka_unit_test(test_memory_node_sizes),
		T(test_u32_properties),
		T(test_flag_properties),
		T(test_interrupt_wiring),
		T(test_chosen),
		T(test_chosen_initrd),
		T(test_isa_string_matches_misa),
		T(test_small_buffer_fails),
		cmocka_unit_test(test_boot_setup_places_tree),
	};
	return cmocka_run_group_tests_name("dtb", tests, NULL, NULL);
}
