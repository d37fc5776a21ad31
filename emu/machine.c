/*
 * Creating the board and preparing its boot: RAM (host memory committed
 * only when touched), the device tree, the fw_dynamic_info record in the
 * reset ROM, and the hart's reset registers.
 */
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "machine.h"

const char *err_str(int rc)
{
	switch (rc) {
	case ERR_OK: return "success";
	case ERR_INVAL: return "invalid argument";
	case ERR_NOMEM: return "out of host memory";
	case ERR_IO: return "cannot read file";
	case ERR_FORMAT: return "bad file format";
	case ERR_RANGE: return "outside the board's address map";
	default: return "unknown error";
	}
}

int machine_init(struct machine *m, uint64_t ram_size)
{
	uint64_t pages = ram_size >> PAGE_SHIFT;

	memset(m, 0, sizeof *m);
	if (ram_size < MACHINE_RAM_MIN || ram_size > MACHINE_RAM_MAX || (ram_size & (PAGE_SIZE - 1)))
		return ERR_RANGE;
	m->ram_base = VIRT_DRAM_BASE;
	m->ram_size = ram_size;
	m->ram = mmap(NULL, ram_size, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (m->ram == MAP_FAILED) {
		m->ram = NULL;
		return ERR_NOMEM;
	}
	/* per-page tables: calloc'd, so untouched parts stay uncommitted */
	m->ram_dpages = calloc(pages, sizeof *m->ram_dpages);
	m->ram_code = calloc(pages, 1);
	if (!m->ram_dpages || !m->ram_code) {
		machine_free(m);
		return ERR_NOMEM;
	}
	m->clint.mtimecmp = ~0ull;
	uart_init(&m->uart, -1, stdout);
	timing_config_defaults(&m->cfg);
	if (hart_tlbs_init(&m->hart, &m->cfg) < 0) {
		machine_free(m);
		return ERR_NOMEM;
	}
	hart_reset(&m->hart, m, 0);
	machine_update_irqs(m);
	return ERR_OK;
}

void machine_free(struct machine *m)
{
	if (m->ram_dpages)
		for (uint64_t i = 0; i < m->ram_size >> PAGE_SHIFT; i++)
			free(m->ram_dpages[i]);
	for (unsigned i = 0; i < sizeof m->mrom_dpages / sizeof m->mrom_dpages[0]; i++)
		free(m->mrom_dpages[i]);
	free(m->ram_dpages);
	free(m->ram_code);
	if (m->ram)
		munmap(m->ram, m->ram_size);
	hart_tlbs_free(&m->hart);
	cache_free(&m->hart.l1i);
	cache_free(&m->hart.l1d);
	cache_free(&m->hart.l2);
	free(m->breakpoints);
	memset(m, 0, sizeof *m);
}

/*
 * Applies a timing configuration: the translation caches take its
 * geometry (they start empty). Call before running. Returns ERR_OK, or
 * ERR_INVAL when the geometry is not valid.
 */
int machine_configure(struct machine *m, const struct timing_config *c)
{
	char err[160];
	if (timing_config_check(c, err, sizeof err) < 0)
		return ERR_INVAL;
	m->cfg = *c;
	if (hart_tlbs_init(&m->hart, &m->cfg) < 0)
		return ERR_NOMEM;
	return ERR_OK;
}

/*
 * Forgets every decoded instruction (their semantics functions depend on
 * whether the timing model is on); they are decoded again when run.
 */
void machine_drop_decoded(struct machine *m)
{
	if (m->ram_dpages)
		for (uint64_t i = 0; i < m->ram_size >> PAGE_SHIFT; i++) {
			free(m->ram_dpages[i]);
			m->ram_dpages[i] = NULL;
			m->ram_code[i] = 0;
		}
	for (unsigned i = 0; i < sizeof m->mrom_dpages / sizeof m->mrom_dpages[0]; i++) {
		free(m->mrom_dpages[i]);
		m->mrom_dpages[i] = NULL;
	}
	hart_flush_fast(&m->hart);
}

/* fw_dynamic_info (OpenSBI's fw_dynamic ABI): where the next stage runs. */
#define FW_DYNAMIC_INFO_MAGIC 0x4942534full
#define FW_DYNAMIC_INFO_VERSION 2
#define FW_DYNAMIC_INFO_OFFSET 0x100

/*
 * Places the device tree where QEMU virt does (below min(end of RAM,
 * 3 GiB), 2 MiB aligned), writes fw_dynamic_info into the reset ROM, and
 * sets the reset registers: pc = RAM base, a0 = hart id, a1 = device tree,
 * a2 = fw_dynamic_info.
 */
int machine_boot_setup(struct machine *m, uint64_t kernel_entry, bool have_kernel, const char *bootargs)
{
	static uint8_t fdt[64 * 1024];
	uint64_t end = m->ram_base + m->ram_size, addr;
	uint64_t info[6] = {
		FW_DYNAMIC_INFO_MAGIC, FW_DYNAMIC_INFO_VERSION,
		have_kernel ? kernel_entry : 0, 1 /* S-mode */, 0, 0,
	};
	int rc = dtb_build(m, fdt, sizeof fdt, bootargs);

	if (rc < 0)
		return rc;
	if (end > 0xc0000000ull)
		end = 0xc0000000ull;
	addr = (end - fdt_size_of(fdt)) & ~((2ull << 20) - 1);
	if (!phys_write(m, addr, fdt, fdt_size_of(fdt)))
		return ERR_RANGE;
	m->dtb_addr = addr;
	memcpy(m->mrom + FW_DYNAMIC_INFO_OFFSET, info, sizeof info);

	m->hart.pc = m->ram_base;
	m->hart.x[10] = m->hart.hartid;
	m->hart.x[11] = addr;
	m->hart.x[12] = VIRT_MROM_BASE + FW_DYNAMIC_INFO_OFFSET;
	return ERR_OK;
}
