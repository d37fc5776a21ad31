/*
 * The machine layer's contract: a QEMU-virt-compatible RV64 board with one
 * hart, its devices and the loader. Everything the driver, the GDB stub and
 * the tests need from emu/ is declared here.
 */
#ifndef EMU_MACHINE_H
#define EMU_MACHINE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "err.h"
#include "hart.h"
#include "riscv/virt.h"

/* Clock: one cycle per retired instruction; 100 cycles per mtime tick. */
#define MACHINE_CPU_HZ        1000000000ull
#define MACHINE_CYCLES_PER_TICK (MACHINE_CPU_HZ / VIRT_TIMEBASE_HZ)

#define MACHINE_RAM_MIN       (16ull << 20)
#define MACHINE_RAM_MAX       (1ull << 40)   /* 1 TiB of guest RAM */

struct uart {
	uint8_t ier, iir_pending_thre, lcr, mcr, scr, dll, dlm, fcr;
	uint8_t rx[64];
	unsigned rx_head, rx_count;
	bool rx_eof;
	int in_fd;             /* -1: no input */
	FILE *out;
};

struct plic {
	uint32_t priority[VIRT_PLIC_NDEV + 1];
	uint32_t pending[4];
	uint32_t claimed[4];
	uint32_t enable[2][4]; /* context 0: hart 0 M-mode, 1: S-mode */
	uint32_t threshold[2];
};

struct clint {
	uint32_t msip;
	uint64_t mtimecmp;
	int64_t mtime_delta;   /* mtime = cycles / CYCLES_PER_TICK + delta */
};

enum stop_reason {
	STOP_NONE,
	STOP_FINISHER,         /* guest wrote the test finisher */
	STOP_MAX_INSNS,        /* --max-insns reached */
	STOP_WFI_FOREVER,      /* WFI with nothing that could wake it */
	STOP_DEBUGGER,         /* GDB asked to stop */
	STOP_BREAKPOINT,
	STOP_STEP,
};

/*
 * Every event counter of the machine, all uint64_t so that a region's
 * counts are a field-by-field difference (stats.c). Structures: TLBS_*
 * and CACHES_* index the arrays.
 */
enum { TLBS_ITLB, TLBS_DTLB, TLBS_L2, TLBS_PWC, TLBS_NTLB, TLBS_N };
enum { CACHES_L1I, CACHES_L1D, CACHES_L2, CACHES_N };
struct counters {
	uint64_t instret, cycles;
	uint64_t mode_instret[8];               /* by context priv | V << 2 */
	uint64_t mode_cycles[8][CYC_CLASSES];   /* extra cycles by context and class */
	uint64_t traps[8][8][TRAP_CAUSES];      /* from context, to context, cause */
	uint64_t traps_fwd[8][8][TRAP_CAUSES];  /* the same, delivered by firmware (MTRAPFWD) */
	uint64_t walks[2], walk_refs[2][TLB_LEVELS], pwc_hits[2];
	uint64_t tlb_miss_traps, sw_refills;
	uint64_t fences[FENCE_KINDS][4];        /* by kind and operand form (hart.h) */
	uint64_t tlb_hits[TLBS_N], tlb_misses[TLBS_N], tlb_evictions[TLBS_N];
	uint64_t cache_hits[CACHES_N], cache_misses[CACHES_N], cache_evictions[CACHES_N];
};

struct machine {
	uint64_t ram_base, ram_size;
	uint8_t *ram;
	uint8_t mrom[VIRT_MROM_SIZE];
	struct dpage **ram_dpages;      /* per RAM page, NULL until executed */
	uint8_t *ram_code;              /* per RAM page: has decoded code */
	struct dpage *mrom_dpages[VIRT_MROM_SIZE >> PAGE_SHIFT];

	struct uart uart;
	struct plic plic;
	struct clint clint;

	struct hart hart;
	struct timing_config cfg;       /* geometry and latencies of the modelled structures */
	bool timing;                    /* the timing model is on (--timing on) */

	/* run control */
	enum stop_reason stop;
	int exit_code;
	uint64_t max_insns;             /* 0: unlimited */
	FILE *trace;                    /* --trace output or NULL */
	uint64_t *breakpoints;          /* GDB breakpoints (pc) */
	unsigned nbreakpoints;
	uint64_t dtb_addr;
	uint64_t initrd_start, initrd_end; /* --initrd, [start, end) (end 0: none) */
	const char *model_name;         /* /chosen hmvirt,model (NULL: none) */
	uint64_t timer_at;              /* cycle at which MTIP rises (~0: not before a write) */

	/* the measured region (slti x0, x0, 1 ... 2): counts of every region
	 * so far, and where the open one began */
	struct counters roi, roi_begin;
	unsigned roi_regions;           /* regions closed */
	bool roi_open;
};

/* create/destroy */
int machine_init(struct machine *m, uint64_t ram_size);
void machine_free(struct machine *m);
int machine_configure(struct machine *m, const struct timing_config *c);

/* loaders (loader.c): ELF64 RISC-V or raw image */
int load_image(struct machine *m, const char *path, uint64_t raw_addr, uint64_t *entry,
	       char *errbuf, size_t errlen);
int load_initrd(struct machine *m, const char *path, char *errbuf, size_t errlen);
int load_elf_buffer(struct machine *m, const uint8_t *buf, size_t len, uint64_t *entry,
		    char *errbuf, size_t errlen);

/* boot setup: device tree, fw_dynamic_info, reset registers */
int machine_boot_setup(struct machine *m, uint64_t kernel_entry, bool have_kernel,
		       const char *bootargs);
int dtb_build(struct machine *m, void *buf, size_t len, const char *bootargs);
uint32_t fdt_size_of(const void *fdt);

/* physical memory for loaders, debuggers and devices */
void *phys_ptr(struct machine *m, uint64_t pa, uint64_t len);
bool phys_read(struct machine *m, uint64_t pa, void *buf, uint64_t len);
bool phys_write(struct machine *m, uint64_t pa, const void *buf, uint64_t len);
bool debug_read_virt(struct hart *h, uint64_t va, void *buf, uint64_t len);
bool debug_write_virt(struct hart *h, uint64_t va, const void *buf, uint64_t len);
void phys_invalidate_code(struct machine *m, uint64_t pa, uint64_t len);

/* MMIO bus (bus.c) */
bool bus_read(struct machine *m, uint64_t pa, unsigned size, uint64_t *val);
bool bus_write(struct machine *m, uint64_t pa, unsigned size, uint64_t val);

/* devices */
void uart_init(struct uart *u, int in_fd, FILE *out);
uint64_t uart_read(struct machine *m, uint64_t off, unsigned size);
void uart_write(struct machine *m, uint64_t off, unsigned size, uint64_t val);
void uart_poll(struct machine *m);
bool uart_irq(const struct uart *u);
uint64_t clint_read(struct machine *m, uint64_t off, unsigned size);
void clint_write(struct machine *m, uint64_t off, unsigned size, uint64_t val);
uint64_t plic_read(struct machine *m, uint64_t off, unsigned size);
void plic_write(struct machine *m, uint64_t off, unsigned size, uint64_t val);
void plic_update(struct machine *m);
void machine_update_irqs(struct machine *m);

/* execution (run.c) */
enum stop_reason machine_run(struct machine *m, uint64_t budget);
void trace_insn(struct hart *h, FILE *f);
const char *hart_mode_name(unsigned ctx);

/* statistics (stats.c) */
const char *trap_cause_name(unsigned idx);
void machine_print_traps(const struct machine *m, FILE *f);
void machine_counters(struct machine *m, struct counters *c);
void machine_roi(struct machine *m, bool begin);

/* timing model (timing.c) */
int timing_enable(struct machine *m, bool on);
void machine_drop_decoded(struct machine *m);

#endif
