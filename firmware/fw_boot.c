/*
 * fw_boot.c - boot: per-hart M-mode setup (trap vector, PMP, delegation,
 * counters, hardware-mode detection), the banner, and the jump to the
 * next stage in S-mode (fw_jump style: VIRT_KERNEL_ADDR, a0 = hart id,
 * a1 = the device tree received at reset).
 */
#include "console.h"
#include "csr.h"
#include "fw.h"
#include "riscv/hwmode.h"
#include "riscv/virt.h"
#include "sbi.h"

struct fw_hart fw_harts[FW_MAX_HARTS];
/* M stacks, one per hart; in .bss (zeroed by the boot hart before any
 * hart uses its stack, see entry.S) */
char fw_stacks[FW_MAX_HARTS][FW_STACK_SIZE] __attribute__((aligned(16)));
extern volatile int fw_boot_done;   /* entry.S: secondaries wait for it */

void fw_boot(unsigned long hartid, unsigned long fdt) __attribute__((noreturn));
void fw_secondary(unsigned long hartid) __attribute__((noreturn));
long fw_read_mhwctl(uint64_t *val); /* entry.S */
void fw_mret(uint64_t a0, uint64_t a1) __attribute__((noreturn)); /* entry.S */

/*
 * What M-mode delegates, as OpenSBI does (its sbi_hart.c, delegate_traps):
 * exceptions the supervisor handles itself go straight to it; illegal
 * instruction, misaligned load/store and access faults stay in M so the
 * firmware sees them first (to emulate, or to forward with fw_forward,
 * exactly as OpenSBI redirects them). With H also the traps that only a
 * hypervisor can handle: ecall from VS, guest-page faults, virtual
 * instruction. Interrupts: the supervisor's software, timer, external.
 */
static const unsigned long fw_medeleg =
	1ul << CAUSE_MISALIGNED_FETCH | 1ul << CAUSE_BREAKPOINT | 1ul << CAUSE_USER_ECALL |
	1ul << CAUSE_FETCH_PAGE_FAULT | 1ul << CAUSE_LOAD_PAGE_FAULT |
	1ul << CAUSE_STORE_PAGE_FAULT;
static const unsigned long fw_medeleg_h =
	1ul << CAUSE_VS_ECALL | 1ul << CAUSE_FETCH_GUEST_PAGE_FAULT |
	1ul << CAUSE_LOAD_GUEST_PAGE_FAULT | 1ul << CAUSE_VIRTUAL_INSN |
	1ul << CAUSE_STORE_GUEST_PAGE_FAULT;
static const unsigned long fw_mideleg = MIP_SSIP | MIP_STIP | MIP_SEIP;

struct fw_hart *fw_hart_by_id(unsigned long hartid)
{
	return hartid < FW_MAX_HARTS ? &fw_harts[hartid] : NULL;
}

/*
 * PMP (priv "Physical Memory Protection"), OpenSBI's layout: entry 0 a
 * NAPOT region over the firmware with no permission (S/U cannot touch
 * it; M is not checked since L is clear), the last enabled entry (1) all
 * of memory RWX. The firmware region is [_fw_start, _fw_end) rounded up
 * to a power of two; link.ld keeps _fw_start aligned to it.
 */
static void fw_pmp_setup(void)
{
	unsigned long base = (unsigned long)_fw_start;
	unsigned long len = (unsigned long)(_fw_end - _fw_start), size = 4096;

	while (size < len)
		size <<= 1;
	csr_write(CSR_PMPADDR0, (base | (size / 2 - 1)) >> 2);
	csr_write(CSR_PMPADDR0 + 1, ~0ul);
	csr_write(CSR_PMPCFG0, (unsigned long)(PMP_A_NAPOT | PMP_R | PMP_W | PMP_X) << 8 |
				       PMP_A_NAPOT);
	__asm__ volatile("sfence.vma" ::: "memory");
}

/* Probes hmvirt's hardware-mode interface: MHWCTL reads with bit 63. */
static bool fw_hwmode_probe(void)
{
	uint64_t v = 0;

	return fw_read_mhwctl(&v) && (v & MHWCTL_PRESENT);
}

/*
 * Everything one hart needs before it can take traps and run S-mode:
 * trap vector and mscratch, PMP, delegation, counters for S/U (mcounteren;
 * scounteren is S's own), menvcfg without Sstc (the timer goes through
 * mip.STIP, sbi_time.c), the M software interrupt for IPIs, then the
 * hardware-mode part's per-hart initialisation.
 */
static void fw_hart_setup(struct fw_hart *fh)
{
	fh->stack_top = (uint64_t)(uintptr_t)fw_stacks[fh->hartid] + FW_STACK_SIZE;
	fh->has_h = (csr_read(CSR_MISA) & MISA_EXT('H')) != 0;
	csr_write(CSR_MSCRATCH, fh);
	csr_write(CSR_MTVEC, fw_trap_vector);
	fw_pmp_setup();
	csr_write(CSR_MEDELEG, fw_medeleg | (fh->has_h ? fw_medeleg_h : 0));
	csr_write(CSR_MIDELEG, fw_mideleg);
	csr_write(CSR_MCOUNTEREN, 0xfffffffful); /* CY, TM, IR, HPM3..31 */
	csr_clear(CSR_MENVCFG, FW_MENVCFG_STCE);
	mmio_write64(VIRT_CLINT_BASE + CLINT_MTIMECMP + 8 * fh->hartid, ~0ull);
	csr_clear(CSR_MIP, MIP_STIP | MIP_SSIP);
	csr_write(CSR_MIE, MIP_MSIP);
	fh->hwmode_present = fw_hwmode_probe();
	fh->present = true;
	hwmode_init(fh);
}

/* The boot hart, from entry.S with .bss zeroed and its M stack set. */
void fw_boot(unsigned long hartid, unsigned long fdt)
{
	struct fw_hart *fh = &fw_harts[hartid];

	fh->hartid = hartid;
	fh->fdt = fdt;
	fh->next_addr = VIRT_KERNEL_ADDR;
	fw_console_init();
	fw_hart_setup(fh);
	fh->hsm_state = SBI_HSM_STARTED;
	fw_printf("\nhmfw v%d.%d: hmvirt M-mode firmware, SBI %lu.%lu, impl id 0x%lx\n",
		  HMFW_VERSION_MAJOR, HMFW_VERSION_MINOR, SBI_SPEC_VERSION >> 24,
		  SBI_SPEC_VERSION & 0xffffff, HMFW_IMPL_ID);
	fw_printf("hmfw: boot hart %lu, next stage 0x%lx in %s-mode, device tree 0x%lx\n",
		  hartid, fh->next_addr, fh->has_h ? "HS" : "S", fdt);
	fw_puts(fh->hwmode_present
			? "hmfw: hardware-mode interface present\n"
			: "hmfw: no hardware-mode interface (not hmvirt): standard models only\n");
	hwmode_boot_model(fh);
	__atomic_store_n(&fw_boot_done, 1, __ATOMIC_RELEASE);
	fw_enter_next(fh, fh->next_addr, hartid, fdt);
}

/* Any other hart: set up, then HSM "stopped" until hart_start. */
void fw_secondary(unsigned long hartid)
{
	struct fw_hart *fh = &fw_harts[hartid];

	fh->hartid = hartid;
	fh->hsm_state = SBI_HSM_STOPPED;
	fw_hart_setup(fh);
	fw_hsm_park(fh);
}

/*
 * Leaves M-mode for the next stage (fw_jump; HSM start and non-retentive
 * resume, ext-hsm.adoc): S-mode (HS with H: MPV = 0), translation off,
 * sstatus.SIE = 0, a0/a1 as given.
 */
void fw_enter_next(struct fw_hart *fh, uint64_t addr, uint64_t a0, uint64_t a1)
{
	unsigned long ms = csr_read(CSR_MSTATUS);

	ms &= ~(MSTATUS_MPP | MSTATUS_MPRV | MSTATUS_MPIE | MSTATUS_SIE | MSTATUS_TVM |
		MSTATUS_TW | MSTATUS_TSR);
	if (fh->has_h)
		ms &= ~(MSTATUS_MPV | MSTATUS_GVA);
	ms |= (unsigned long)PRV_S << MSTATUS_MPP_SHIFT;
	csr_write(CSR_MSTATUS, ms);
	csr_write(CSR_MEPC, addr);
	csr_write(CSR_SATP, 0);
	fw_mret(a0, a1);
}
