/*
 * hyp.h - the HS-mode hypervisor's one header (DESIGN.md layer 3): what
 * its files share. One VM with one vCPU runs the guest kernel in VS-mode
 * under nested paging: guest RAM at GPA 0x80000000, backed by host pages
 * allocated on G-stage faults and mapped in an Sv39x4 table
 * (hypervisor.adoc, "Two-Stage Address Translation").
 *
 * The hypervisor runs with translation off (satp Bare): host virtual
 * address = host physical address, so a host page's address is also the
 * pointer the hypervisor uses.
 */
#ifndef HYP_H
#define HYP_H

/* struct vcpu offsets, for entry.S (checked in vcpu.c) */
#define VCPU_PC 256
#define VCPU_HOST_SP 264

#ifndef __ASSEMBLER__

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "riscv/encoding.h"

#include "riscv/csr_access.h"

#define PAGE_SIZE 4096ul
#define PAGE_SHIFT 12
#define ALIGN_UP(x, a) (((x) + (a) - 1) & ~((uint64_t)(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((uint64_t)(a) - 1))
#define MIB (1ul << 20)

/* The guest's physical layout: RAM where the virt board has it. */
#define GUEST_RAM_BASE 0x80000000ul
#define GUEST_KERNEL_GPA 0x80200000ul /* where fw_jump loads a payload */
#define GUEST_HART_ID 0

/* What the hypervisor keeps for itself beyond its image: G-stage tables
 * (one page per 2 MiB of guest RAM, plus the upper levels) and slack. */
#define HYP_RESERVE (2 * MIB)

/* Exit status of the machine when the hypervisor stops the VM on
 * something it cannot handle (SRST reason 0xF0000000 | status). */
#define HYP_FAIL_STATUS 0xfa

/* SBI (binary-encoding.adoc): extension IDs and the values we use. */
#define SBI_EXT_LEGACY_SET_TIMER 0x00
#define SBI_EXT_LEGACY_PUTCHAR 0x01
#define SBI_EXT_LEGACY_GETCHAR 0x02
#define SBI_EXT_LEGACY_CLEAR_IPI 0x03
#define SBI_EXT_LEGACY_SEND_IPI 0x04
#define SBI_EXT_LEGACY_SHUTDOWN 0x08
#define SBI_EXT_BASE 0x10
#define SBI_EXT_TIME 0x54494D45
#define SBI_EXT_IPI 0x735049
#define SBI_EXT_RFENCE 0x52464E43
#define SBI_EXT_HSM 0x48534D
#define SBI_EXT_SRST 0x53525354
#define SBI_EXT_DBCN 0x4442434E

#define SBI_SUCCESS 0
#define SBI_ERR_FAILED -1
#define SBI_ERR_NOT_SUPPORTED -2
#define SBI_ERR_INVALID_PARAM -3
#define SBI_ERR_INVALID_ADDRESS -5
#define SBI_ERR_ALREADY_AVAILABLE -6

#define SBI_SPEC_VERSION_2_0 0x02000000ul
#define HYP_SBI_IMPL_ID 0x48595056ul /* "HYPV": hmvirt's hypervisor */
#define HYP_SBI_IMPL_VERSION 1

#define SBI_SRST_SHUTDOWN 0
#define SBI_SRST_REASON_FAILURE 1
#define SBI_HSM_STARTED 0

struct sbiret {
	long error;
	long value;
};

/* ---- sbi.c: calls to the firmware (hmfw) --------------------------------- */
struct sbiret sbi_ecall(unsigned long eid, unsigned long fid, unsigned long a0,
			unsigned long a1, unsigned long a2, unsigned long a3);
void sbi_set_timer(uint64_t stime);
void sbi_console_write(const char *buf, size_t n);
_Noreturn void sbi_shutdown(uint32_t reason);

/* ---- lib.c: strings, formatted output ------------------------------------ */
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
uint64_t parse_size(const char *s, const char **end);
void hyp_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void hyp_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- fdt.c: reading the host's device tree, writing the guest's ---------- */
struct host_info {
	uint64_t fdt, fdt_size;
	uint64_t ram_base, ram_size;
	uint64_t initrd_start, initrd_end;
	uint32_t timebase;
	const char *bootargs; /* "" when absent */
	uint64_t rsv[8][2];   /* memreserve block entries */
	unsigned nrsv;
};
int fdt_read_host(uint64_t fdt, struct host_info *hi);

struct guest_dt {
	uint64_t ram_base, ram_size;
	uint64_t initrd_start, initrd_end;
	uint32_t timebase;
	const char *bootargs;
};
/* Writes the guest's tree into buf; returns its size, or 0 if too big. */
size_t fdt_build_guest(const struct guest_dt *g, void *buf, size_t cap);

/* ---- cpio.c ------------------------------------------------------------------ */
int cpio_find(const void *archive, size_t size, const char *name, const void **data,
	      size_t *len);

/* ---- pmem.c: host pages ----------------------------------------------------- */
void pmem_add(uint64_t base, uint64_t end);
void pmem_exclude(uint64_t base, uint64_t end);
uint64_t pmem_free_bytes(void);
void *pmem_alloc(size_t npages, size_t align); /* zeroed; NULL if none */
extern uint64_t pmem_allocated;                 /* pages handed out */

/* ---- gstage.c: the VM's GPA -> HPA table (Sv39x4) -------------------------- */
struct vm {
	uint64_t ram_base, ram_size; /* guest RAM [base, base + size) */
	uint64_t *root;              /* 16 KiB root table of the G-stage */
	uint64_t hgatp;
	uint16_t vmid;
	uint64_t guest_pages;        /* host pages backing guest RAM */
	uint64_t table_pages;        /* host pages of the G-stage table */
};
extern struct vm the_vm;
int gstage_init(struct vm *vm, uint64_t ram_base, uint64_t ram_size);
bool gstage_in_ram(const struct vm *vm, uint64_t gpa);
/* The host address backing gpa's page (plus offset); with alloc, backs an
 * unmapped RAM page first. 0 when gpa is outside guest RAM or no memory. */
uint64_t gstage_translate(struct vm *vm, uint64_t gpa, bool alloc);
int guest_write(struct vm *vm, uint64_t gpa, const void *src, size_t n);

/* ---- elf.c --------------------------------------------------------------------- */
int elf_load_guest(struct vm *vm, const void *image, size_t size, uint64_t *entry,
		   uint64_t *end);

/* ---- vcpu.c: running the guest, VM exits ------------------------------------ */
struct vcpu {
	uint64_t x[32];  /* guest GPRs; x[0] unused */
	uint64_t pc;     /* guest pc: sepc at an exit, sepc again at entry */
	uint64_t host_sp;
	struct vm *vm;
};

struct hyp_stats {
	uint64_t exits;
	uint64_t exc[24];     /* by exception cause */
	uint64_t irq[16];     /* by interrupt cause */
	uint64_t gstage_faults;
	uint64_t sbi_calls;
	uint64_t sbi_console, sbi_timer, sbi_rfence, sbi_ipi, sbi_other;
};
extern struct hyp_stats hyp_stats;

_Noreturn void vcpu_start(struct vcpu *v, uint64_t entry, uint64_t a0, uint64_t a1);
struct vcpu *vcpu_exit(struct vcpu *v); /* entry.S calls it on every trap */
_Noreturn void vcpu_run(struct vcpu *v); /* entry.S */
void hyp_print_stats(void);

/* ---- vsbi.c: the SBI the guest sees ------------------------------------------ */
void vsbi_call(struct vcpu *v);
void vsbi_timer_fired(void);

#endif /* __ASSEMBLER__ */
#endif
