/*
 * The device tree that describes the board to firmware and kernels, built
 * with libfdt. It follows what QEMU's virt machine generates, so firmware
 * built for QEMU (OpenSBI's generic platform) finds the same devices.
 */
#include <libfdt.h>

#include "machine.h"

#define PH_CPU_INTC 1
#define PH_PLIC     2
#define PH_TEST     3

uint32_t fdt_size_of(const void *fdt)
{
	return fdt_totalsize(fdt);
}

/* reg = <base size> with #address-cells = #size-cells = 2 */
static int reg2(void *fdt, uint64_t base, uint64_t size)
{
	fdt64_t r[2] = { cpu_to_fdt64(base), cpu_to_fdt64(size) };
	return fdt_property(fdt, "reg", r, sizeof r);
}

static int cells(void *fdt, const char *name, const uint32_t *v, unsigned n)
{
	fdt32_t c[8];
	for (unsigned i = 0; i < n; i++)
		c[i] = cpu_to_fdt32(v[i]);
	return fdt_property(fdt, name, c, (int)(n * sizeof c[0]));
}

static int soc(void *fdt)
{
	static const char clint_compat[] = "sifive,clint0\0riscv,clint0";
	static const char plic_compat[] = "sifive,plic-1.0.0\0riscv,plic0";
	static const char test_compat[] = "sifive,test1\0sifive,test0\0syscon";
	static const uint32_t clint_irqs[] = { PH_CPU_INTC, IRQ_M_SOFT, PH_CPU_INTC, IRQ_M_TIMER };
	static const uint32_t plic_irqs[] = { PH_CPU_INTC, IRQ_M_EXT, PH_CPU_INTC, IRQ_S_EXT };
	int rc = 0;

	rc |= fdt_begin_node(fdt, "soc");
	rc |= fdt_property_u32(fdt, "#address-cells", 2);
	rc |= fdt_property_u32(fdt, "#size-cells", 2);
	rc |= fdt_property_string(fdt, "compatible", "simple-bus");
	rc |= fdt_property(fdt, "ranges", NULL, 0);

	rc |= fdt_begin_node(fdt, "test@100000");
	rc |= fdt_property(fdt, "compatible", test_compat, sizeof test_compat);
	rc |= reg2(fdt, VIRT_TEST_BASE, VIRT_TEST_SIZE);
	rc |= fdt_property_u32(fdt, "phandle", PH_TEST);
	rc |= fdt_end_node(fdt);

	rc |= fdt_begin_node(fdt, "serial@10000000");
	rc |= fdt_property_string(fdt, "compatible", "ns16550a");
	rc |= reg2(fdt, VIRT_UART0_BASE, VIRT_UART0_SIZE);
	rc |= fdt_property_u32(fdt, "clock-frequency", 3686400);
	rc |= fdt_property_u32(fdt, "interrupt-parent", PH_PLIC);
	rc |= fdt_property_u32(fdt, "interrupts", VIRT_UART0_IRQ);
	rc |= fdt_end_node(fdt);

	rc |= fdt_begin_node(fdt, "plic@c000000");
	rc |= fdt_property_u32(fdt, "phandle", PH_PLIC);
	rc |= fdt_property_u32(fdt, "riscv,ndev", VIRT_PLIC_NDEV);
	rc |= reg2(fdt, VIRT_PLIC_BASE, VIRT_PLIC_SIZE);
	rc |= cells(fdt, "interrupts-extended", plic_irqs, 4);
	rc |= fdt_property(fdt, "interrupt-controller", NULL, 0);
	rc |= fdt_property(fdt, "compatible", plic_compat, sizeof plic_compat);
	rc |= fdt_property_u32(fdt, "#address-cells", 0);
	rc |= fdt_property_u32(fdt, "#interrupt-cells", 1);
	rc |= fdt_end_node(fdt);

	rc |= fdt_begin_node(fdt, "clint@2000000");
	rc |= cells(fdt, "interrupts-extended", clint_irqs, 4);
	rc |= reg2(fdt, VIRT_CLINT_BASE, VIRT_CLINT_SIZE);
	rc |= fdt_property(fdt, "compatible", clint_compat, sizeof clint_compat);
	rc |= fdt_end_node(fdt);

	rc |= fdt_end_node(fdt);
	return rc;
}

static int cpus(void *fdt)
{
	int rc = 0;
	rc |= fdt_begin_node(fdt, "cpus");
	rc |= fdt_property_u32(fdt, "#address-cells", 1);
	rc |= fdt_property_u32(fdt, "#size-cells", 0);
	rc |= fdt_property_u32(fdt, "timebase-frequency", (uint32_t)VIRT_TIMEBASE_HZ);
	rc |= fdt_begin_node(fdt, "cpu@0");
	rc |= fdt_property_string(fdt, "device_type", "cpu");
	rc |= fdt_property_u32(fdt, "reg", 0);
	rc |= fdt_property_string(fdt, "status", "okay");
	rc |= fdt_property_string(fdt, "compatible", "riscv");
	rc |= fdt_property_string(fdt, "riscv,isa", "rv64imach");
	rc |= fdt_property_string(fdt, "mmu-type", "riscv,sv48");
	rc |= fdt_property_u32(fdt, "clock-frequency", (uint32_t)MACHINE_CPU_HZ);
	rc |= fdt_begin_node(fdt, "interrupt-controller");
	rc |= fdt_property_u32(fdt, "#interrupt-cells", 1);
	rc |= fdt_property(fdt, "interrupt-controller", NULL, 0);
	rc |= fdt_property_string(fdt, "compatible", "riscv,cpu-intc");
	rc |= fdt_property_u32(fdt, "phandle", PH_CPU_INTC);
	rc |= fdt_end_node(fdt);
	rc |= fdt_end_node(fdt);
	rc |= fdt_end_node(fdt);
	return rc;
}

static int syscon(void *fdt, const char *node, const char *compat, uint32_t value)
{
	int rc = 0;
	rc |= fdt_begin_node(fdt, node);
	rc |= fdt_property_string(fdt, "compatible", compat);
	rc |= fdt_property_u32(fdt, "regmap", PH_TEST);
	rc |= fdt_property_u32(fdt, "offset", 0);
	rc |= fdt_property_u32(fdt, "value", value);
	rc |= fdt_end_node(fdt);
	return rc;
}

/* Builds the flattened device tree into buf. */
int dtb_build(struct machine *m, void *buf, size_t len, const char *bootargs)
{
	int rc = 0;
	char memnode[32];

	rc |= fdt_create(buf, (int)len);
	rc |= fdt_finish_reservemap(buf);
	rc |= fdt_begin_node(buf, "");
	rc |= fdt_property_u32(buf, "#address-cells", 2);
	rc |= fdt_property_u32(buf, "#size-cells", 2);
	rc |= fdt_property_string(buf, "compatible", "riscv-virtio");
	rc |= fdt_property_string(buf, "model", "riscv-virtio,qemu");

	rc |= fdt_begin_node(buf, "chosen");
	rc |= fdt_property_string(buf, "stdout-path", "/soc/serial@10000000");
	if (bootargs)
		rc |= fdt_property_string(buf, "bootargs", bootargs);
	if (m->model_name)
		rc |= fdt_property_string(buf, "hmvirt,model", m->model_name);
	if (m->initrd_end > m->initrd_start) {
		rc |= fdt_property_u64(buf, "linux,initrd-start", m->initrd_start);
		rc |= fdt_property_u64(buf, "linux,initrd-end", m->initrd_end);
	}
	rc |= fdt_end_node(buf);

	snprintf(memnode, sizeof memnode, "memory@%llx", (unsigned long long)m->ram_base);
	rc |= fdt_begin_node(buf, memnode);
	rc |= fdt_property_string(buf, "device_type", "memory");
	rc |= reg2(buf, m->ram_base, m->ram_size);
	rc |= fdt_end_node(buf);

	rc |= cpus(buf);
	rc |= soc(buf);
	rc |= syscon(buf, "poweroff", "syscon-poweroff", FINISHER_PASS);
	rc |= syscon(buf, "reboot", "syscon-reboot", FINISHER_RESET);
	rc |= fdt_end_node(buf);
	rc |= fdt_finish(buf);
	return rc ? ERR_NOMEM : ERR_OK;
}
