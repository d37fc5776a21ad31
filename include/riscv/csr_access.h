/*
 * csr_access.h - one-line CSR accessors for target code that names CSRs
 * by their numbers (riscv/encoding.h, riscv/hwmode.h): macros, so that
 * the number stays an immediate. Shared by the firmware and the
 * hypervisor.
 */
#ifndef RISCV_CSR_ACCESS_H
#define RISCV_CSR_ACCESS_H

#define csr_read(csr)                                                       \
	({                                                                  \
		unsigned long v_;                                           \
		__asm__ volatile("csrr %0, %1" : "=r"(v_) : "i"(csr));      \
		v_;                                                         \
	})
#define csr_write(csr, val)                                                 \
	__asm__ volatile("csrw %0, %1" ::"i"(csr), "r"((unsigned long)(val)) : "memory")
#define csr_set(csr, bits)                                                  \
	__asm__ volatile("csrs %0, %1" ::"i"(csr), "r"((unsigned long)(bits)) : "memory")
#define csr_clear(csr, bits)                                                \
	__asm__ volatile("csrc %0, %1" ::"i"(csr), "r"((unsigned long)(bits)) : "memory")
#define csr_swap(csr, val)                                                  \
	({                                                                  \
		unsigned long v_;                                           \
		__asm__ volatile("csrrw %0, %1, %2"                         \
				 : "=r"(v_)                                 \
				 : "i"(csr), "r"((unsigned long)(val))      \
				 : "memory");                               \
		v_;                                                         \
	})

#endif
