/*
 * kernel.h - what every kernel file needs: fixed-width types, the memory
 * layout, console output, panic, and the small string library.
 *
 * Memory layout (Sv39; DESIGN.md layer 4; see kernel/README.md):
 *   0x0000_0000_0001_0000 .. 0x0000_003f_ffff_f000  user space
 *   0xffff_ffc0_0000_0000 + PA                       linear map of RAM
 *   0xffff_ffff_8020_0000                            kernel image (PA 0x8020_0000)
 */
#ifndef KERNEL_H
#define KERNEL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include "errno.h"

#define PAGE_SIZE 4096ul
#define PAGE_SHIFT 12
#define MEGAPAGE_SIZE (2ul << 20)
#define PGROUNDUP(a) (((a) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))
#define PGROUNDDOWN(a) ((a) & ~(PAGE_SIZE - 1))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

#define LINEAR_BASE 0xffffffc000000000ul /* VA of physical address 0 */
#define KIMAGE_VA 0xffffffff80200000ul   /* where the image is linked */
#define KIMAGE_PA 0x80200000ul           /* where fw_jump loads it */
#define KIMAGE_OFFSET (KIMAGE_VA - KIMAGE_PA)
#define USER_TOP 0x4000000000ul          /* user VAs lie below (Sv39 lower half) */

/* Physical <-> kernel virtual, through the linear map. */
static inline void *p2v(uint64_t pa) { return (void *)(pa + LINEAR_BASE); }
uint64_t v2p(const void *va);

/* Symbols of the linker script (kernel/link.ld). */
extern char _kernel_start[], _kernel_end[], _text_end[];

/* console.c (formatting: lib/fmt.c) */
void console_init(void);
void console_write(const char *s, size_t n);
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *fmt, ...);
#define KASSERT(c) ((c) ? (void)0 : panic("assertion failed: %s (%s:%d)", #c, __FILE__, __LINE__))

/* lib/string.c */
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strlcpy0(char *d, const char *s, size_t size);
uint64_t parse_u64(const char *s, const char **end);

/* main.c: what the device tree and the command line said. */
struct bootinfo {
	uint64_t hartid;
	uint64_t dtb_pa, dtb_size;
	uint64_t ram_base, ram_size;
	uint64_t initrd_start, initrd_end;  /* 0, 0 when none */
	uint64_t timebase_hz;
	char bootargs[256];
	int kpages_4k;                       /* kpages=4k: linear map in 4 KiB pages */
	unsigned max_asids;                  /* asids=N: use at most N ASIDs (tests) */
	unsigned max_procs;                  /* maxprocs=N: fork fails with EAGAIN beyond */
	int init_argc;                       /* after " -- ": /init's argv[1..] */
	char *init_argv[16];
};
extern struct bootinfo boot;


#endif
