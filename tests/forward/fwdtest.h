/*
 * fwdtest.h - constants shared by fwdtest's C and assembly. The C side
 * has the CSR numbers and fields from include/riscv/encoding.h (through
 * firmware/sbi.h); the assembly, which cannot read that header (its
 * constants carry C suffixes), gets the few it needs here.
 */
#ifndef FWDTEST_H
#define FWDTEST_H

#ifdef __ASSEMBLER__
#define SSTATUS_SPP 0x100
#define CSR_HSTATUS 0x600
#define HSTATUS_SPV 0x80
#endif

/* a7 of the ecall that ends a run in a lower mode ("FWDR") */
#define RET_MAGIC 0x46574452

#endif
