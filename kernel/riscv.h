/*
 * riscv.h - one-line accessors for the S-mode CSRs and instructions the
 * kernel uses (priv-csrs.adoc, supervisor.adoc). Numbers and bits come from
 * include/riscv/encoding.h, shared with the machine and the firmware.
 */
#ifndef KERNEL_RISCV_H
#define KERNEL_RISCV_H

#include <stdint.h>
#include "riscv/encoding.h"

#define KSTR_(x) #x
#define KSTR(x) KSTR_(x)
#define csr_read(csr)                                                    \
	({                                                               \
		uint64_t v_;                                             \
		__asm__ volatile("csrr %0, " KSTR(csr) : "=r"(v_));      \
		v_;                                                      \
	})
#define csr_write(csr, val) __asm__ volatile("csrw " KSTR(csr) ", %0" ::"r"((uint64_t)(val)) : "memory")
#define csr_set(csr, val) __asm__ volatile("csrs " KSTR(csr) ", %0" ::"r"((uint64_t)(val)) : "memory")
#define csr_clear(csr, val) __asm__ volatile("csrc " KSTR(csr) ", %0" ::"r"((uint64_t)(val)) : "memory")

static inline uint64_t r_time(void) { return csr_read(CSR_TIME); }
static inline uint64_t r_satp(void) { return csr_read(CSR_SATP); }
static inline void w_satp(uint64_t v) { csr_write(CSR_SATP, v); }

static inline void intr_on(void) { csr_set(CSR_SSTATUS, MSTATUS_SIE); }
static inline void intr_off(void) { csr_clear(CSR_SSTATUS, MSTATUS_SIE); }
static inline void wfi(void) { __asm__ volatile("wfi" ::: "memory"); }

/* The four sfence.vma forms (supervisor.adoc, "Supervisor Memory-Management
 * Fence Instruction"). Raw: mm/tlb.c wraps and counts them; only it and
 * boot/entry.S issue sfence.vma. */
static inline void sfence_vma_addr(uint64_t va)
{
	__asm__ volatile("sfence.vma %0, zero" ::"r"(va) : "memory");
}
static inline void sfence_vma_page(uint64_t va, uint64_t asid)
{
	__asm__ volatile("sfence.vma %0, %1" ::"r"(va), "r"(asid) : "memory");
}
static inline void sfence_vma_asid(uint64_t asid)
{
	__asm__ volatile("sfence.vma zero, %0" ::"r"(asid) : "memory");
}
static inline void sfence_vma_all(void)
{
	__asm__ volatile("sfence.vma zero, zero" ::: "memory");
}

#endif
