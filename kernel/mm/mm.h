/*
 * mm.h - memory management: physical frames (pmem.c), the kernel's page
 * table and linear map (kvm.c), Sv39 page-table operations (pgtable.c),
 * the kernel allocator (kmalloc.c), ASIDs and TLB flushes (tlb.c), user
 * address spaces with their faults and fork (vm.c), user-memory access
 * (uaccess.c, uaccess.S).
 */
#ifndef KERNEL_MM_H
#define KERNEL_MM_H

#include "kernel.h"
#include "riscv/encoding.h"

typedef uint64_t pte_t;

/* ---- pmem.c: 4 KiB page frames with reference counts ------------------- */
void pmem_init(const uint64_t resv[][2], int nresv);
uint64_t pmem_alloc(void);            /* PA of a zeroed frame, or 0 */
uint64_t pmem_alloc_nozero(void);
void pmem_get(uint64_t pa);           /* one more reference */
void pmem_put(uint64_t pa);           /* one fewer; frees at zero */
unsigned pmem_refs(uint64_t pa);
uint64_t pmem_free_frames(void);
uint64_t pmem_total_frames(void);
void *kstack_alloc(void);             /* KSTACK_SIZE bytes, or NULL */
void kstack_free(void *stack);
#define KSTACK_SIZE (4 * PAGE_SIZE)

/* ---- kmalloc.c ---------------------------------------------------------- */
void *kmalloc(size_t size);           /* up to PAGE_SIZE bytes; NULL if none */
void *kzalloc(size_t size);
void kfree(void *p);

/* ---- pgtable.c: Sv39 ---------------------------------------------------- */
#define PTE_PA(pte) ((((pte) >> PTE_PPN_SHIFT) & PTE_PPN_MASK) << PAGE_SHIFT)
#define PA_PTE(pa) (((pa) >> PAGE_SHIFT) << PTE_PPN_SHIFT)
#define PTE_LEAF(pte) ((pte) & (PTE_R | PTE_W | PTE_X))
#define PX(level, va) (((va) >> (PAGE_SHIFT + 9 * (level))) & 511)
/* A user page made inaccessible by mprotect(PROT_NONE) keeps its frame in
 * a PTE with V=0 and this software bit (RSW, bit 8), as Linux's PAGE_NONE:
 * a V=1 PTE without R/W/X would be a pointer to a next-level table. */
#define PTE_PROT_NONE (1ull << 8)
static inline int pte_present(pte_t pte) { return (pte & (PTE_V | PTE_PROT_NONE)) != 0; }
pte_t *pt_walk(pte_t *root, uint64_t va, int alloc);
int pt_map(pte_t *root, uint64_t va, uint64_t pa, int level, uint64_t flags);
void pt_free_user(pte_t *root);       /* user half: frames and tables */

/* ---- kvm.c -------------------------------------------------------------- */
extern pte_t *kernel_root;
void kvm_init(void);
uint64_t kvm_satp(void);
void kvm_fill_kernel_half(pte_t *root);

/* ---- tlb.c: ASIDs and the flush discipline ------------------------------ */
struct mm;
void tlb_init(void);
void tlb_switch(struct mm *mm);       /* load satp for mm (or the kernel's) */
void tlb_flush_page(struct mm *mm, uint64_t va);
void tlb_flush_range(struct mm *mm, uint64_t start, uint64_t end);
void tlb_flush_mm(struct mm *mm);
void tlb_release(struct mm *mm);      /* mm dies: flush and forget its ASID */
void tlb_sfence_all(void);            /* counted sfence.vma zero, zero */
#define TLB_FLUSH_THRESHOLD 64        /* pages; above: flush the ASID (Linux) */

/* ---- vm.c: user address spaces ------------------------------------------ */
#define VMA_R 1u
#define VMA_W 2u
#define VMA_X 4u
#define VMA_SHARED 8u                 /* MAP_SHARED: pages in a shm object */
#define VMA_HEAP 16u
#define VMA_STACK 32u

/* The pages of a MAP_SHARED anonymous mapping, shared by fork: two levels
 * of frame addresses (0: not yet touched), one frame for the struct. */
#define SHM_DIR 510
struct shm {
	uint64_t refs;                 /* vmas that use it */
	uint64_t npages;
	uint64_t *dir[SHM_DIR];        /* each a page of 512 PAs, or NULL */
};

struct vma {
	uint64_t start, end;           /* page-aligned, [start, end) */
	uint32_t prot;                 /* VMA_R/W/X and kind */
	const uint8_t *file;           /* private file image: the bytes at */
	uint64_t fstart, fsize;        /* [fstart, fstart+fsize) are file[0..] */
	struct shm *shm;               /* VMA_SHARED: page (va-start)/4K+pgoff */
	uint64_t pgoff;
	struct vma *next;              /* sorted by start */
};

struct mm {
	pte_t *root;
	uint64_t context;              /* ASID generation << 16 | ASID, 0: none */
	struct vma *vmas;
	uint64_t brk_start, brk;
};

#define USER_STACK_TOP 0x3fffff0000ul /* just below USER_TOP, guard above */
#define USER_STACK_SIZE (8ul << 20)
#define USER_MMAP_TOP 0x3f00000000ul  /* mmap places top-down from here */
#define USER_MMAP_MIN 0x0000100000ul

struct mm *vm_create(void);
void vm_destroy(struct mm *mm);
struct mm *vm_fork(struct mm *parent);
struct vma *vm_find(struct mm *mm, uint64_t va);
int vm_add(struct mm *mm, uint64_t start, uint64_t end, uint32_t prot,
	   const uint8_t *file, uint64_t fstart, uint64_t fsize);
int vm_unmap(struct mm *mm, uint64_t start, uint64_t end);
int vm_protect(struct mm *mm, uint64_t start, uint64_t end, uint32_t prot);
uint64_t vm_find_gap(struct mm *mm, uint64_t len);
int vm_range_free(struct mm *mm, uint64_t start, uint64_t end);
long vm_brk(struct mm *mm, uint64_t addr);
#define FAULT_READ 0
#define FAULT_WRITE 1
#define FAULT_EXEC 2
/* 0: resolved; -EFAULT: no mapping or permission; -ENOMEM: out of memory */
int vm_fault(struct mm *mm, uint64_t va, int access);
int vm_write_new(struct mm *mm, uint64_t va, const void *src, size_t n);

/* ---- uaccess.c: user memory from the kernel (SUM, fault fixups) -------- */
int copy_to_user(uint64_t dst, const void *src, size_t n);     /* 0 or -EFAULT */
int copy_from_user(void *dst, uint64_t src, size_t n);         /* 0 or -EFAULT */
long strncpy_from_user(char *dst, uint64_t src, size_t max);   /* len, -EFAULT, -ENAMETOOLONG */
int uaccess_fixup(uint64_t *sepc, uint64_t stval, uint64_t cause);

#endif
