/*
 * The board's address map: QEMU's `virt` machine, as stock firmware built
 * for it expects (hw/riscv/virt.c is the reference; the figures are the
 * board's published memory map).
 */
#ifndef RISCV_VIRT_H
#define RISCV_VIRT_H

#define VIRT_MROM_BASE      0x00001000ull   /* reset ROM: fw_dynamic_info */
#define VIRT_MROM_SIZE      0x0000f000ull
#define VIRT_TEST_BASE      0x00100000ull   /* SiFive test finisher */
#define VIRT_TEST_SIZE      0x00001000ull
#define VIRT_CLINT_BASE     0x02000000ull
#define VIRT_CLINT_SIZE     0x00010000ull
#define VIRT_PLIC_BASE      0x0c000000ull
#define VIRT_PLIC_SIZE      0x00600000ull
#define VIRT_UART0_BASE     0x10000000ull
#define VIRT_UART0_SIZE     0x00000100ull
#define VIRT_DRAM_BASE      0x80000000ull

#define VIRT_UART0_IRQ      10              /* PLIC source of the UART */
#define VIRT_PLIC_NDEV      95              /* PLIC interrupt sources */

/* SiFive test finisher commands (low 16 bits); high 16 bits: exit code. */
#define FINISHER_FAIL       0x3333
#define FINISHER_PASS       0x5555
#define FINISHER_RESET      0x7777

/* CLINT register offsets */
#define CLINT_MSIP          0x0000
#define CLINT_MTIMECMP      0x4000
#define CLINT_MTIME         0xbff8

/* Timebase: mtime counts at 10 MHz, as on QEMU virt. */
#define VIRT_TIMEBASE_HZ    10000000ull

/* Where OpenSBI's fw_jump expects the next stage (rv64 generic platform). */
#define VIRT_KERNEL_ADDR    0x80200000ull

#endif
