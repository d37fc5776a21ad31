/*
 * vm.c - user address spaces: a sorted list of VMAs over a per-process
 * Sv39 table, filled on demand by the page-fault handler.
 *
 * Page states, as Linux keeps them (mm/memory.c):
 *  - absent: the first access faults; the handler maps a zeroed frame
 *    (anonymous), a copy of the file bytes (an ELF segment) or the shared
 *    object's frame (MAP_SHARED), with A set and D set on a write.
 *  - present without W in a writable private VMA: copy-on-write (after
 *    fork); a write fault copies the frame, or takes it over when this
 *    is the last reference.
 *  - present with A=0, or with D=0 on a store: the machine implements
 *    Svade, so the access faults and the handler sets the bit.
 * Every PTE change on a live address space is followed by a flush of
 * that page (tlb.c).
 */
#include "errno.h"
#include "mm.h"
#include "stats.h"

static pte_t vm_pte_bits(uint32_t prot)
{
	return PTE_V | PTE_U | (prot & VMA_R ? PTE_R : 0) | (prot & VMA_W ? PTE_W : 0) |
	       (prot & VMA_X ? PTE_X : 0);
}

struct mm *vm_create(void)
{
	struct mm *mm = kzalloc(sizeof *mm);
	uint64_t root;

	if (!mm)
		return NULL;
	root = pmem_alloc();
	if (!root) {
		kfree(mm);
		return NULL;
	}
	mm->root = p2v(root);
	kvm_fill_kernel_half(mm->root);
	return mm;
}

static void shm_put(struct shm *s)
{
	if (--s->refs)
		return;
	for (int i = 0; i < SHM_DIR; i++) {
		if (!s->dir[i])
			continue;
		for (int j = 0; j < 512; j++)
			if (s->dir[i][j])
				pmem_put(s->dir[i][j]);
		kfree(s->dir[i]);
	}
	kfree(s);
}

static void vma_free(struct vma *v)
{
	if (v->shm)
		shm_put(v->shm);
	kfree(v);
}

void vm_destroy(struct mm *mm)
{
	tlb_release(mm);
	while (mm->vmas) {
		struct vma *v = mm->vmas;
		mm->vmas = v->next;
		vma_free(v);
	}
	pt_free_user(mm->root);
	kfree(mm);
}

struct vma *vm_find(struct mm *mm, uint64_t va)
{
	for (struct vma *v = mm->vmas; v && v->start <= va; v = v->next)
		if (va < v->end)
			return v;
	return NULL;
}

/* 1 if nothing is mapped in [start, end). */
int vm_range_free(struct mm *mm, uint64_t start, uint64_t end)
{
	for (struct vma *v = mm->vmas; v && v->start < end; v = v->next)
		if (v->end > start)
			return 0;
	return 1;
}

static void vm_link(struct mm *mm, struct vma *n)
{
	struct vma **pp = &mm->vmas;

	while (*pp && (*pp)->start < n->start)
		pp = &(*pp)->next;
	n->next = *pp;
	*pp = n;
}

/*
 * Add a VMA [start, end) (page-aligned, free) with prot; a file image
 * covers [fstart, fstart+fsize). VMA_SHARED gets a fresh shm object.
 * 0, -ENOMEM or -EINVAL.
 */
int vm_add(struct mm *mm, uint64_t start, uint64_t end, uint32_t prot,
	   const uint8_t *file, uint64_t fstart, uint64_t fsize)
{
	struct vma *n;

	if (start >= end || end > USER_TOP || (start | end) & (PAGE_SIZE - 1) ||
	    !vm_range_free(mm, start, end))
		return -EINVAL;
	if ((prot & VMA_SHARED) && (end - start) / PAGE_SIZE > SHM_DIR * 512)
		return -ENOMEM;
	n = kzalloc(sizeof *n);
	if (!n)
		return -ENOMEM;
	*n = (struct vma){ .start = start, .end = end, .prot = prot,
			   .file = file, .fstart = fstart, .fsize = fsize };
	if (prot & VMA_SHARED) {
		n->shm = kzalloc(sizeof *n->shm);
		if (!n->shm) {
			kfree(n);
			return -ENOMEM;
		}
		n->shm->refs = 1;
		n->shm->npages = (end - start) / PAGE_SIZE;
	}
	vm_link(mm, n);
	return 0;
}

/* Split v at addr (inside it): v keeps [start, addr). 0 or -ENOMEM. */
static int vma_split(struct vma *v, uint64_t addr)
{
	struct vma *n = kmalloc(sizeof *n);

	if (!n)
		return -ENOMEM;
	*n = *v;
	n->start = addr;
	if (v->shm) {
		n->pgoff = v->pgoff + (addr - v->start) / PAGE_SIZE;
		v->shm->refs++;
	}
	v->end = addr;
	v->next = n;
	return 0;
}

/* Split VMAs so that start and end are VMA boundaries. */
static int vm_split_at(struct mm *mm, uint64_t start, uint64_t end)
{
	for (struct vma *v = mm->vmas; v && v->start < end; v = v->next) {
		if (v->start < start && start < v->end && vma_split(v, start))
			return -ENOMEM;
		if (v->start < end && end < v->end && vma_split(v, end))
			return -ENOMEM;
	}
	return 0;
}

/*
 * Clear the PTEs of [start, end) and drop their frames' references.
 * Flushes what changed: a range of the pages that were present.
 */
static void vm_zap(struct mm *mm, uint64_t start, uint64_t end)
{
	uint64_t lo = end, hi = start;

	for (uint64_t va = start; va < end; va += PAGE_SIZE) {
		pte_t *pte = pt_walk(mm->root, va, 0);
		if (!pte) {
			/* no level-0 table: skip to the next 2 MiB */
			va = (va | (MEGAPAGE_SIZE - 1)) + 1 - PAGE_SIZE;
			continue;
		}
		if (!pte_present(*pte))
			continue;
		pmem_put(PTE_PA(*pte));
		*pte = 0;
		lo = MIN(lo, va);
		hi = MAX(hi, va + PAGE_SIZE);
	}
	if (lo < hi)
		tlb_flush_range(mm, lo, hi);
}

/* munmap: remove every mapping in [start, end). 0 or -ENOMEM. */
int vm_unmap(struct mm *mm, uint64_t start, uint64_t end)
{
	struct vma **pp = &mm->vmas;

	if (vm_split_at(mm, start, end))
		return -ENOMEM;
	vm_zap(mm, start, end);
	while (*pp) {
		struct vma *v = *pp;
		if (v->start >= start && v->end <= end) {
			*pp = v->next;
			vma_free(v);
		} else {
			pp = &v->next;
		}
	}
	return 0;
}

/*
 * mprotect: new permissions for [start, end), which must be mapped
 * throughout. Present PTEs get R/X from prot and lose W; a later write
 * to a writable VMA faults and gets W back (after a copy if shared).
 * PROT_NONE makes them invalid but keeps the frame (PTE_PROT_NONE).
 */
int vm_protect(struct mm *mm, uint64_t start, uint64_t end, uint32_t prot)
{
	uint64_t lo = end, hi = start, at = start;

	for (struct vma *v = mm->vmas; v && at < end; v = v->next) {
		if (v->end <= at)
			continue;
		if (v->start > at)
			return -ENOMEM;
		at = v->end;
	}
	if (at < end)
		return -ENOMEM;
	if (vm_split_at(mm, start, end))
		return -ENOMEM;
	for (struct vma *v = mm->vmas; v && v->start < end; v = v->next)
		if (v->start >= start)
			v->prot = (v->prot & ~(VMA_R | VMA_W | VMA_X)) | prot;
	for (uint64_t va = start; va < end; va += PAGE_SIZE) {
		pte_t *pte = pt_walk(mm->root, va, 0), old;
		if (!pte) {
			va = (va | (MEGAPAGE_SIZE - 1)) + 1 - PAGE_SIZE;
			continue;
		}
		if (!pte_present(*pte))
			continue;
		old = *pte;
		if (!(prot & (VMA_R | VMA_W | VMA_X))) {
			*pte = (old & ~(pte_t)(PTE_V | PTE_R | PTE_W | PTE_X)) | PTE_PROT_NONE;
		} else {
			*pte = (old & ~(pte_t)(PTE_R | PTE_W | PTE_X | PTE_PROT_NONE)) | PTE_V |
			       (vm_pte_bits(prot) & (PTE_R | PTE_X));
			/* keep W where write permission stays and the page is ours */
			if ((old & PTE_W) && (prot & VMA_W))
				*pte |= PTE_W;
		}
		if (*pte != old) {
			lo = MIN(lo, va);
			hi = MAX(hi, va + PAGE_SIZE);
		}
	}
	if (lo < hi)
		tlb_flush_range(mm, lo, hi);
	return 0;
}

/* The highest free [a, a+len) below USER_MMAP_TOP; 0 if none. */
uint64_t vm_find_gap(struct mm *mm, uint64_t len)
{
	uint64_t best = 0, prev = USER_MMAP_MIN;

	if (len > USER_MMAP_TOP)
		return 0;
	for (struct vma *v = mm->vmas; v; v = v->next) {
		uint64_t top = MIN(v->start, USER_MMAP_TOP);
		if (top > prev && top - prev >= len)
			best = top - len;
		prev = MAX(prev, v->end);
	}
	if (USER_MMAP_TOP > prev && USER_MMAP_TOP - prev >= len)
		best = USER_MMAP_TOP - len;
	return best;
}

/*
 * brk: move the break to addr if the heap can grow there (page-granular
 * VMA, never into another mapping), shrink it (freeing pages) if addr
 * is lower. Returns the break, new or unchanged (Linux's brk(2) ABI).
 */
long vm_brk(struct mm *mm, uint64_t addr)
{
	uint64_t old_end = PGROUNDUP(mm->brk), new_end = PGROUNDUP(addr);
	struct vma *heap = NULL;

	if (addr < mm->brk_start || addr >= USER_MMAP_TOP)
		return (long)mm->brk;
	for (struct vma *v = mm->vmas; v; v = v->next)
		if (v->prot & VMA_HEAP)
			heap = v;
	if (new_end > old_end) {
		if (!vm_range_free(mm, old_end, new_end))
			return (long)mm->brk;
		if ((new_end - old_end) / PAGE_SIZE > pmem_free_frames())
			return (long)mm->brk;      /* Linux's overcommit guess */
		if (heap && heap->end == old_end)
			heap->end = new_end;
		else if (vm_add(mm, old_end, new_end, VMA_R | VMA_W | VMA_HEAP, NULL, 0, 0))
			return (long)mm->brk;
	} else if (new_end < old_end) {
		if (vm_unmap(mm, new_end, old_end))
			return (long)mm->brk;
	}
	mm->brk = addr;
	return (long)addr;
}

/* The frame of a shared VMA's page, allocated zeroed on first use; the
 * shm object keeps one reference of its own. 0 when out of memory. */
static uint64_t shm_page(struct vma *v, uint64_t va)
{
	uint64_t i = (va - v->start) / PAGE_SIZE + v->pgoff;
	uint64_t **dir = &v->shm->dir[i / 512];

	if (!*dir && !(*dir = kzalloc(PAGE_SIZE)))
		return 0;
	if (!(*dir)[i % 512] && !((*dir)[i % 512] = pmem_alloc()))
		return 0;
	return (*dir)[i % 512];
}

/* A fresh frame for va of a private VMA: zeros, or the file's bytes. */
static uint64_t vm_new_page(struct vma *v, uint64_t va)
{
	uint64_t pa = pmem_alloc();
	uint64_t lo, hi;

	if (!pa || !v->file)
		return pa;
	lo = MAX(va, v->fstart);
	hi = MIN(va + PAGE_SIZE, v->fstart + v->fsize);
	if (lo < hi)
		memcpy((char *)p2v(pa) + (lo - va), v->file + (lo - v->fstart), hi - lo);
	return pa;
}

/*
 * Resolve a fault at va for an access (FAULT_READ/WRITE/EXEC) in mm, as
 * the trap handler or copy_*_user found it. Returns 0 when the access
 * can be retried, -EFAULT when it is not allowed (no VMA, or the VMA's
 * permissions), -ENOMEM when memory ran out.
 */
int vm_fault(struct mm *mm, uint64_t va, int access)
{
	struct vma *v = vm_find(mm, va);
	uint32_t need = access == FAULT_WRITE ? VMA_W : access == FAULT_EXEC ? VMA_X : VMA_R;
	pte_t *pte, bits;
	uint64_t pa;

	if (!v || !(v->prot & need))
		return -EFAULT;
	va = PGROUNDDOWN(va);
	pte = pt_walk(mm->root, va, 1);
	if (!pte)
		return -ENOMEM;
	bits = vm_pte_bits(v->prot) | PTE_A | (access == FAULT_WRITE ? PTE_D : 0);
	if (*pte & PTE_PROT_NONE) {
		/* cannot be: mprotect rewrites these when access returns */
		return -EFAULT;
	} else if (!(*pte & PTE_V)) {
		pa = v->shm ? shm_page(v, va) : vm_new_page(v, va);
		if (!pa)
			return -ENOMEM;
		if (v->shm)
			pmem_get(pa);
		/* a read of a writable page maps it writable but clean (D=0) */
		*pte = PA_PTE(pa) | bits;
		kstats.faults_demand++;
	} else if (access == FAULT_WRITE && !(*pte & PTE_W)) {
		/* copy-on-write: only private VMAs have shared frames without W */
		pa = PTE_PA(*pte);
		if (!v->shm && pmem_refs(pa) > 1) {
			uint64_t copy = pmem_alloc_nozero();
			if (!copy)
				return -ENOMEM;
			memcpy(p2v(copy), p2v(pa), PAGE_SIZE);
			pmem_put(pa);
			pa = copy;
			kstats.cow_copies++;
		}
		*pte = PA_PTE(pa) | bits;
		kstats.faults_cow++;
	} else {
		/* Svade: the access found A=0, or D=0 on a store */
		*pte |= PTE_A | (access == FAULT_WRITE ? PTE_D : 0);
		kstats.faults_ad++;
	}
	tlb_flush_page(mm, va);
	return 0;
}

/* Write n bytes at va of mm (not necessarily the live one), faulting
 * pages in as a store would. For exec's initial stack. 0 or -errno. */
int vm_write_new(struct mm *mm, uint64_t va, const void *src, size_t n)
{
	const char *s = src;

	while (n) {
		pte_t *pte = pt_walk(mm->root, va, 0);
		size_t chunk = MIN(n, PAGE_SIZE - (va & (PAGE_SIZE - 1)));
		int rc;

		if (!pte || !(*pte & PTE_V) || !(*pte & PTE_D)) {
			if ((rc = vm_fault(mm, va, FAULT_WRITE)))
				return rc;
			pte = pt_walk(mm->root, va, 0);
		}
		memcpy((char *)p2v(PTE_PA(*pte)) + (va & (PAGE_SIZE - 1)), s, chunk);
		va += chunk;
		s += chunk;
		n -= chunk;
	}
	return 0;
}

/*
 * fork: a copy of parent's VMAs and page tables. Private pages become
 * copy-on-write in both (W cleared; the parent's TLB entries are flushed
 * by ASID once, as Linux's dup_mmap does); shared pages stay shared. The
 * child's PTEs are old (A=0) as Linux makes them. NULL when out of memory.
 */
struct mm *vm_fork(struct mm *parent)
{
	struct mm *child = vm_create();
	struct vma **tail;
	int wrprotected = 0;

	if (!child)
		return NULL;
	child->brk_start = parent->brk_start;
	child->brk = parent->brk;
	tail = &child->vmas;
	for (struct vma *v = parent->vmas; v; v = v->next) {
		struct vma *n = kmalloc(sizeof *n);
		if (!n)
			goto oom;
		*n = *v;
		n->next = NULL;
		*tail = n;
		tail = &n->next;
		if (n->shm)
			n->shm->refs++;
		for (uint64_t va = v->start; va < v->end; va += PAGE_SIZE) {
			pte_t *src = pt_walk(parent->root, va, 0), *dst;
			if (!src) {
				va = (va | (MEGAPAGE_SIZE - 1)) + 1 - PAGE_SIZE;
				continue;
			}
			if (!pte_present(*src))
				continue;
			if (!(dst = pt_walk(child->root, va, 1)))
				goto oom;
			if (!v->shm && (*src & PTE_W)) {
				*src &= ~(pte_t)PTE_W;
				wrprotected = 1;
			}
			*dst = *src & ~(pte_t)PTE_A;
			if (v->shm)
				*dst &= ~(pte_t)PTE_D;
			pmem_get(PTE_PA(*src));
		}
	}
	if (wrprotected)
		tlb_flush_mm(parent);
	return child;
oom:
	if (wrprotected)
		tlb_flush_mm(parent);
	vm_destroy(child);
	return NULL;
}
