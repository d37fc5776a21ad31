/*
 * hwmode.c - the hardware-mode part's per-hart state: hwmode_init (boot)
 * and the model selection behind the hmvirt SBI extension.
 *
 * Nothing is enabled at boot: MHWCTL stays 0 (the hart walks in hardware,
 * as a standard hart) until S/HS selects a model (sbi_hmvirt.c).
 */
#include "csr.h"
#include "fw.h"
#include "hmvirt/hmfw_sbi.h"
#include "hwmode.h"
#include "riscv/virt.h"
#include "sbi.h"

static struct hwmode_hart hwmode_harts[FW_MAX_HARTS];
static volatile unsigned hwmode_machine_model; /* the last model selected */

/*
 * The RAM that S/U may read: above the firmware's PMP region (entry 0, a
 * NAPOT region at the bottom of RAM: fw_boot.c) up to the end of RAM.
 * The software walkers treat a page-table read outside it as the access
 * fault PMP (or the missing memory) gives the hardware walker.
 */
static void hwmode_pt_range(struct fw_hart *fh, struct hwmode_hart *hw)
{
	uint64_t a = csr_read(CSR_PMPADDR0), ones = 0, end;

	while (ones < 60 && (a >> ones & 1))
		ones++;
	hw->pt_lo = ((a & ~((1ull << ones) - 1)) << 2) + (8ull << ones);
	end = fw_fdt_ram_end(fh->fdt);
	if (!end) {
		end = VIRT_DRAM_BASE + (256ull << 20);
		fw_printf("hmfw: no /memory in the device tree: assuming RAM ends at 0x%lx\n",
			  (unsigned long)end);
	}
	hw->pt_hi = end > hw->pt_lo ? end : hw->pt_lo;
	fh->fast_save[(HW_SLOT_PTK - FW_FAST_SAVE) / 8] = hw->pt_lo >> 2 | 1;
	fh->fast_save[(HW_SLOT_PTL - FW_FAST_SAVE) / 8] = (hw->pt_hi - hw->pt_lo) >> 2;
}

void hwmode_init(struct fw_hart *fh)
{
	struct hwmode_hart *hw = &hwmode_harts[fh->hartid];

	fh->hw = hw;
	hw->model = HMFW_MODEL_NATIVE;
	hwmode_pt_range(fh, hw);
	if (fh->hwmode_present)
		csr_write(CSR_MHWCTL, 0); /* nothing until a model is selected */
	if (hwmode_machine_model != HMFW_MODEL_NATIVE) /* a hart started later */
		hwmode_select(fh, hwmode_machine_model);
}

unsigned long hwmode_models(const struct fw_hart *fh)
{
	unsigned long m = 1ul << HMFW_MODEL_NATIVE;

	if (fh->hwmode_present)
		m |= 1ul << HMFW_MODEL_NATIVE_SW;
	if (fh->has_h)
		m |= 1ul << HMFW_MODEL_NP;
	if (fh->has_h && fh->hwmode_present)
		m |= 1ul << HMFW_MODEL_SNP;
	return m;
}

/*
 * Selects model on this hart: MHWCTL and the fast path's entry, then a
 * full TLB flush so that the new model starts from an empty TLB whatever
 * the old one cached. Models the hart cannot run: SBI_ERR_NOT_SUPPORTED.
 */
/* The models by name, as /chosen "hmvirt,model" and hmvirt run name them. */
static const char *const model_names[HMFW_MODEL_COUNT] = {
	[HMFW_MODEL_NATIVE] = "native", [HMFW_MODEL_NATIVE_SW] = "native-sw",
	[HMFW_MODEL_NP] = "np", [HMFW_MODEL_SNP] = "snp", [HMFW_MODEL_TSP] = "tsp",
	[HMFW_MODEL_SSP] = "ssp", [HMFW_MODEL_ASP] = "asp",
};

static bool str_eq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

/*
 * The boot hart's model from the device tree: /chosen "hmvirt,model"
 * (hmvirt run writes it), so that the same kernel runs under every model
 * without knowing which. Absent: native, said once.
 */
void hwmode_boot_model(struct fw_hart *fh)
{
	const char *name = fw_fdt_chosen_string(fh->fdt, "hmvirt,model");
	unsigned long m;
	long err;

	if (!name)
		return;
	for (m = 0; m < HMFW_MODEL_COUNT; m++)
		if (model_names[m] && str_eq(name, model_names[m]))
			break;
	err = m < HMFW_MODEL_COUNT ? hwmode_select(fh, m) : SBI_ERR_INVALID_PARAM;
	if (err)
		fw_printf("hmfw: model %s (from /chosen hmvirt,model): %s; running native\n", name,
			  err == SBI_ERR_NOT_SUPPORTED ? "not supported on this machine" : "unknown");
	else
		fw_printf("hmfw: model %s (from /chosen hmvirt,model)\n", name);
}

long hwmode_select(struct fw_hart *fh, unsigned long model)
{
	/* the refill vector (MTLBTVEC), set with the walker bits it serves */
	static void (*const vector[HMFW_MODEL_COUNT])(void) = {
		[HMFW_MODEL_NATIVE_SW] = hwmode_refill_1d,
		[HMFW_MODEL_SNP] = hwmode_refill_2d,
	};
	static const uint64_t mhwctl[HMFW_MODEL_COUNT] = {
		[HMFW_MODEL_NATIVE_SW] = MHWCTL_SWWALK_HOST,
		[HMFW_MODEL_SNP] = MHWCTL_SWWALK_GUEST,
	};

	if (model >= HMFW_MODEL_COUNT)
		return SBI_ERR_INVALID_PARAM;
	if (!(hwmode_models(fh) >> model & 1))
		return SBI_ERR_NOT_SUPPORTED;
	fh->fast_save[(HW_SLOT_EPOCH - FW_FAST_SAVE) / 8] = ~0ull; /* empty the 1D cache */
	hwmode_cache_clear(fh);                                    /* and the 2D ones */
	if (fh->hwmode_present) {
		csr_write(CSR_MTLBTVEC, (uint64_t)(uintptr_t)vector[model]);
		csr_write(CSR_MHWCTL, mhwctl[model]);
	}
	fh->hw->model = (unsigned)model;
	hwmode_machine_model = (unsigned)model;
	__asm__ volatile("sfence.vma" ::: "memory");
	if (fh->has_h)
		__asm__ volatile(".insn r 0x73, 0, 0x31, x0, x0, x0\n\t" /* hfence.gvma */
				 ".insn r 0x73, 0, 0x11, x0, x0, x0"     /* hfence.vvma */
				 ::: "memory");
	return SBI_SUCCESS;
}
