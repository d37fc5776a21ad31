/*
 * hmfw, hmvirt's M-mode firmware: the contract between its parts.
 * (DESIGN.md layer 2; issue 5.) Written first so that the boot/SBI part
 * and the hardware-mode part can be built side by side:
 *
 *   boot, console, SBI (fw_*.c, sbi_*.c, entry.S)    -- the "core"
 *   hardware-mode handlers: TLB-miss fast path,
 *   software walkers, trap forwarding, the hmvirt
 *   SBI extension (hwmode*.S/.c, walk*.c, forward.c,
 *   sbi_hmvirt.c)                                      -- the "hardware mode"
 *
 * Layout of M-mode state, one struct fw_hart per hart, pointed to by
 * mscratch while the hart runs below M. The M trap vector (entry.S,
 * core) begins:
 *
 *     csrrw sp, mscratch, sp        # sp = this hart's struct fw_hart
 *     sd    t0, FW_FAST_T0(sp)
 *     sd    t1, FW_FAST_T1(sp)
 *   fw_trap_slow:
 *     ...full save of x1..x31 into a struct fw_regs on the M stack,
 *        then fw_trap(regs), restore, mret
 *
 * The hardware-mode TLB misses have their own vector (MTLBTVEC): the
 * refill routines (hardware-mode part, assembly) save what they use in
 * the same way, t0/t1 at FW_FAST_T0/T1 and more in the FW_FAST_SAVE
 * slots, and either mret or fall into the slow path by jumping to
 * fw_trap_slow with every register restored but t0/t1 (saved).
 * fw_trap_slow may use the FW_FAST_SAVE slots itself (the fast path is
 * over when it jumps there). The full save goes at stack_top -
 * FW_REGS_SIZE, or, for a trap taken in M-mode on this hart's M stack,
 * below the interrupted sp.
 */
#ifndef HMFW_FW_H
#define HMFW_FW_H

/* offsets in struct fw_hart, for assembly */
#define FW_FAST_T0    0
#define FW_FAST_T1    8
#define FW_FAST_SAVE  16      /* 8 more 8-byte slots for the fast path */
#define FW_FAST_SLOTS 8
#define FW_HART_STACK_TOP 80  /* this hart's M stack top (full saves go below it) */
#define FW_HART_HWMODE    88  /* hardware-mode state (struct hwmode_hart *) */
#define FW_HART_HWCACHE   96  /* the refill handlers' translation cache (hwmode.h) */
#define FW_HWCACHE_WORDS  128

/* (core, added) harts and M stacks: fw_harts[] and fw_stacks[] are
 * indexed by hart id; harts with larger ids park forever at reset. */
#define FW_MAX_HARTS      8
#define FW_STACK_SHIFT    14
#define FW_STACK_SIZE     (1 << FW_STACK_SHIFT) /* per hart */
#define FW_REGS_SIZE      256                   /* sizeof(struct fw_regs) */

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

struct hwmode_hart;

struct fw_hart {
	uint64_t fast_t0, fast_t1;
	uint64_t fast_save[FW_FAST_SLOTS];
	uint64_t stack_top;
	struct hwmode_hart *hw;   /* set by hwmode_init (hardware-mode part) */
	uint64_t hwcache[FW_HWCACHE_WORDS]; /* the hardware-mode part's, within reach of sp */
	uint64_t hartid;
	uint64_t next_addr;       /* the next stage's entry (fw_jump: 0x80200000) */
	uint64_t fdt;             /* the device tree passed on in a1 */
	bool hwmode_present;      /* MHWCTL reads with MHWCTL_PRESENT */
	/* (core, added below this line; nothing above moved) */
	bool present;             /* this hart has entered the firmware */
	bool has_h;               /* misa.H: MPV, mtval2/mtinst, hfence exist */
	volatile int hsm_state;   /* SBI_HSM_* (sbi.h) */
	volatile int hsm_go;      /* hart_start: hsm_addr/hsm_opaque are valid */
	uint64_t hsm_addr, hsm_opaque;
	volatile uint32_t ipi_pending; /* FW_IPI_* bits (sbi.h), set by other harts */
	volatile int rfence_lock; /* held by the hart that fills rfence */
	volatile int rfence_busy; /* rfence filled in, not yet executed */
	struct fw_rfence {        /* one RFENCE request (ext-rfence.adoc) */
		unsigned long fid;    /* SBI_RFENCE_* */
		unsigned long start, size;
		unsigned long asid, vmid;
	} rfence;
};

/* (core, added) fw_harts[hartid]; NULL if hartid >= FW_MAX_HARTS */
_Static_assert(__builtin_offsetof(struct fw_hart, stack_top) == FW_HART_STACK_TOP, "fw_hart layout");
_Static_assert(__builtin_offsetof(struct fw_hart, hw) == FW_HART_HWMODE, "fw_hart layout");
_Static_assert(__builtin_offsetof(struct fw_hart, hwcache) == FW_HART_HWCACHE, "fw_hart layout");

struct fw_hart *fw_hart_by_id(unsigned long hartid);

/* The registers of the trapped context: x[0] unused, x[2] = its sp. */
struct fw_regs {
	uint64_t x[32];
};

/* core: a trap that is not a hardware-mode TLB miss (C, after the full save). */
void fw_trap(struct fw_hart *fh, struct fw_regs *r);

/* core: console output (the virt board's ns16550a) */
void fw_putc(char c);
void fw_puts(const char *s);
void fw_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* (core, added) the firmware's own memory [_fw_start, _fw_end): closed
 * to S/U by PMP entry 0 */
extern char _fw_start[], _fw_end[];
/* (core, added) print "hmfw: fatal: <msg>", then power off through the
 * finisher with exit code 1 */
void fw_die(const char *msg, uint64_t cause, uint64_t epc, uint64_t tval)
	__attribute__((noreturn));
/* (core, added) enter S-mode (HS if H) at addr with a0/a1, satp = 0,
 * sstatus.SIE = 0, MPV = 0 (fw_jump's next stage, HSM start/resume) */
void fw_enter_next(struct fw_hart *fh, uint64_t addr, uint64_t a0, uint64_t a1)
	__attribute__((noreturn));
/* (core, added) assembly labels */
void fw_trap_vector(void);
void fw_trap_slow(void);

/* hardware-mode part (weak defaults in the core): */
/* called once per hart at boot, after delegation and PMP are set up */
void hwmode_init(struct fw_hart *fh);
void hwmode_boot_model(struct fw_hart *fh);

/* fdt.c: what the firmware reads from the device tree */
uint64_t fw_fdt_ram_end(uint64_t fdt);
const char *fw_fdt_chosen_string(uint64_t fdt, const char *prop);
/* any trap the firmware does not handle itself: deliver it to HS or VS
 * exactly as the hardware would have had it been delegated (returns with
 * the trapped context redirected to the handler); cause/tval/tval2/tinst
 * as read from mcause/mtval/mtval2/mtinst */
void fw_forward(struct fw_hart *fh, struct fw_regs *r, uint64_t cause, uint64_t tval,
		uint64_t tval2, uint64_t tinst);

/* ---- SBI extensions: registered as a table (OpenSBI style) -------------
 * A file defines `FW_SBI_EXTENSION(my_ext) = { ... };` and the linker
 * collects the pointers into section .fw_sbi_exts; the core dispatches an
 * ecall from S/HS by a7 (EID) and a6 (FID). */
struct sbiret_fw {
	long error;
	long value;
};

struct fw_sbi_ext {
	unsigned long eid_first, eid_last;
	const char *name;
	/* a0..a5 in args; returns error/value for a0/a1 */
	struct sbiret_fw (*call)(struct fw_hart *fh, struct fw_regs *r, unsigned long eid,
				 unsigned long fid, const unsigned long args[6]);
	/* probe_extension's answer (0: not available); NULL: 1 */
	long (*probe)(struct fw_hart *fh, unsigned long eid);
};

#define FW_SBI_EXTENSION(name)                                               \
	static const struct fw_sbi_ext name;                                  \
	static const struct fw_sbi_ext *const name##_ptr                      \
		__attribute__((used, section(".fw_sbi_exts"))) = &name;       \
	static const struct fw_sbi_ext name

#endif /* __ASSEMBLER__ */
#endif
