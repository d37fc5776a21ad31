/*
 * csr.h - what M-mode firmware code needs around the CSRs: the accessors
 * (riscv/csr_access.h), a few names encoding.h lacks, WFI and MMIO. CSR
 * numbers and fields come from include/riscv/encoding.h and hwmode.h.
 */
#ifndef HMFW_CSR_H
#define HMFW_CSR_H

#include <stddef.h>
#include <stdint.h>

#include "riscv/encoding.h"

#include "riscv/csr_access.h"

/* misa bit of a single-letter extension */
#define MISA_EXT(letter) (1ul << ((letter) - 'A'))

/* menvcfg.STCE (Sstc, priv-csrs "menvcfg"): encoding.h has no name for it */
#define FW_MENVCFG_STCE (1ull << 63)

static inline void fw_wfi(void)
{
	__asm__ volatile("wfi" ::: "memory");
}

/* Memory-mapped register access (device registers of the virt board). */
static inline void mmio_write8(unsigned long addr, uint8_t v)
{
	*(volatile uint8_t *)addr = v;
}
static inline uint8_t mmio_read8(unsigned long addr)
{
	return *(volatile uint8_t *)addr;
}
static inline void mmio_write32(unsigned long addr, uint32_t v)
{
	*(volatile uint32_t *)addr = v;
}
static inline void mmio_write64(unsigned long addr, uint64_t v)
{
	*(volatile uint64_t *)addr = v;
}
static inline uint64_t mmio_read64(unsigned long addr)
{
	return *(volatile uint64_t *)addr;
}

#endif
