/*
 * exec.c - execve of static ELF programs from the initramfs.
 *
 * The initramfs is a cpio archive in the "newc" format (the format
 * Linux's initramfs uses: a 110-byte ASCII header of "070701" and 13
 * 8-digit hex fields, the name, the data, each padded to 4 bytes, up to
 * "TRAILER!!!"), found through /chosen linux,initrd-start/end and left
 * in place: file VMAs point into it.
 *
 * An ELF64 RISC-V executable (ELF gABI; RISC-V psABI) is checked whole
 * before the old image is touched, so a malformed one fails execve with
 * ENOEXEC and the caller carries on. Its PT_LOAD segments become private
 * file VMAs that fault in on demand; the stack gets argc, argv, envp and
 * an auxiliary vector as Linux lays them out.
 */
#include "errno.h"
#include "mm/mm.h"
#include "proc.h"
#include "riscv.h"
#include "stats.h"

#define ARG_MAX_BYTES PAGE_SIZE    /* argv + envp strings */
#define ARG_MAX_COUNT 64

static uint64_t cpio_hex(const char *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++) {
		char c = p[i];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
			c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			return ~0ul;
		v = v << 4 | (uint64_t)d;
	}
	return v;
}

static const char *path_strip(const char *p)
{
	for (;;) {
		if (p[0] == '/')
			p++;
		else if (p[0] == '.' && p[1] == '/')
			p += 2;
		else
			return p;
	}
}

/* Find path in the initramfs; 0, or -ENOENT. */
int cpio_lookup(const char *path, struct cpio_file *f)
{
	const uint8_t *base = p2v(boot.initrd_start), *end = p2v(boot.initrd_end);
	const uint8_t *h = base;

	if (!boot.initrd_start)
		return -ENOENT;
	path = path_strip(path);
	while (h + 110 <= end && !memcmp(h, "070701", 6)) {
		uint64_t filesize = cpio_hex((const char *)h + 54);
		uint64_t namesize = cpio_hex((const char *)h + 94);
		const char *name = (const char *)h + 110;
		const uint8_t *data = base + ((uint64_t)(name + namesize - (const char *)base + 3) & ~3ul);

		if (filesize == ~0ul || namesize == ~0ul || data + filesize > end)
			return -ENOENT;
		if (namesize == 11 && !memcmp(name, "TRAILER!!!", 11))
			return -ENOENT;
		if (name[namesize - 1] == 0 && !strcmp(path_strip(name), path)) {
			f->data = data;
			f->size = filesize;
			return 0;
		}
		h = base + ((uint64_t)(data + filesize - base + 3) & ~3ul);
	}
	return -ENOENT;
}

/* ---- ELF64 (the fields used) ------------------------------------------- */
struct elf64_ehdr {
	uint8_t ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf64_phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

#define ET_EXEC 2
#define EM_RISCV 243
#define PT_LOAD 1
#define PF_X 1
#define PF_W 2
#define PF_R 4
#define AT_NULL 0
#define AT_PHDR 3
#define AT_PHENT 4
#define AT_PHNUM 5
#define AT_PAGESZ 6
#define AT_ENTRY 9

/* Check an ELF image whole: header, program headers, every PT_LOAD
 * inside the file and the user half, in order, not overlapping. */
static int elf_check(const struct cpio_file *f)
{
	struct elf64_ehdr ehdr, *eh = &ehdr;
	struct elf64_phdr phdr, *p = &phdr;
	uint64_t prev_end = 0;
	int loads = 0;

	if (f->size < sizeof ehdr)
		return -ENOEXEC;
	memcpy(eh, f->data, sizeof ehdr);    /* cpio data is only 4-aligned */

	if (f->size < sizeof *eh || memcmp(eh->ident, "\177ELF", 4) || eh->ident[4] != 2 ||
	    eh->ident[5] != 1 || eh->type != ET_EXEC || eh->machine != EM_RISCV ||
	    eh->phentsize != sizeof phdr || eh->phnum == 0 || eh->phnum > 64 ||
	    eh->phoff > f->size || (f->size - eh->phoff) / sizeof phdr < eh->phnum)
		return -ENOEXEC;
	for (int i = 0; i < eh->phnum; i++) {
		memcpy(p, f->data + eh->phoff + i * sizeof phdr, sizeof phdr);
		if (p->type != PT_LOAD)
			continue;
		if (p->filesz > p->memsz || p->offset > f->size || p->filesz > f->size - p->offset ||
		    p->vaddr < USER_MMAP_MIN / 16 || p->memsz > USER_MMAP_MIN * 1024 ||
		    p->vaddr + p->memsz > USER_MMAP_MIN * 1024 ||
		    PGROUNDDOWN(p->vaddr) < prev_end || (p->vaddr - p->offset) % PAGE_SIZE)
			return -ENOEXEC;
		prev_end = PGROUNDUP(p->vaddr + p->memsz);
		loads++;
	}
	if (!loads || eh->entry < USER_MMAP_MIN / 16 || eh->entry >= prev_end)
		return -ENOEXEC;
	return 0;
}

/* A new address space with the image's segments, heap and stack. */
static struct mm *elf_load(const struct cpio_file *f, uint64_t *entry)
{
	struct elf64_ehdr ehdr, *eh = &ehdr;
	struct elf64_phdr phdr, *p = &phdr;
	struct mm *mm = vm_create();
	uint64_t brk = 0;

	if (!mm)
		return NULL;
	memcpy(eh, f->data, sizeof ehdr);
	for (int i = 0; i < eh->phnum; i++) {
		memcpy(p, f->data + eh->phoff + i * sizeof phdr, sizeof phdr);
		uint32_t prot = (p->flags & PF_R ? VMA_R : 0) | (p->flags & PF_W ? VMA_W : 0) |
				(p->flags & PF_X ? VMA_X : 0);
		if (p->type != PT_LOAD || !p->memsz)
			continue;
		if (vm_add(mm, PGROUNDDOWN(p->vaddr), PGROUNDUP(p->vaddr + p->memsz), prot,
			   f->data + p->offset, p->vaddr, p->filesz))
			goto fail;
		brk = MAX(brk, PGROUNDUP(p->vaddr + p->memsz));
	}
	if (vm_add(mm, USER_STACK_TOP - USER_STACK_SIZE, USER_STACK_TOP,
		   VMA_R | VMA_W | VMA_STACK, NULL, 0, 0))
		goto fail;
	mm->brk_start = mm->brk = brk;
	*entry = eh->entry;
	return mm;
fail:
	vm_destroy(mm);
	return NULL;
}

/* The strings of argv and envp, packed, and their count. */
struct exec_args {
	char *buf;                     /* ARG_MAX_BYTES */
	size_t used;
	int argc, envc;
};

static int args_add(struct exec_args *a, const char *s, size_t n)
{
	if (a->argc + a->envc >= ARG_MAX_COUNT || a->used + n + 1 > ARG_MAX_BYTES)
		return -E2BIG;
	memcpy(a->buf + a->used, s, n);
	a->buf[a->used + n] = 0;
	a->used += n + 1;
	return 0;
}

/*
 * Build the initial stack in mm (Linux's layout, as user/lib/crt0.S
 * reads it): at the top the strings, below them 16-byte aligned auxv,
 * envp, argv and argc. Returns the stack pointer, or 0 when out of memory.
 */
static uint64_t exec_stack(struct mm *mm, const struct exec_args *a,
			   const struct cpio_file *f, uint64_t entry)
{
	struct elf64_ehdr eh;
	uint64_t strings = USER_STACK_TOP - PGROUNDUP(a->used + 1);
	uint64_t vec[2 + ARG_MAX_COUNT + 2 + 12];
	uint64_t n = 0, sp, off = 0;

	memcpy(&eh, f->data, sizeof eh);

	vec[n++] = (uint64_t)a->argc;
	for (int i = 0; i < a->argc + a->envc; i++) {
		vec[n++] = strings + off;
		off += strlen(a->buf + off) + 1;
		if (i == a->argc - 1)
			vec[n++] = 0;      /* argv's NULL */
	}
	if (a->argc == 0)
		vec[n++] = 0;
	vec[n++] = 0;                  /* envp's NULL */
	vec[n++] = AT_PAGESZ;
	vec[n++] = PAGE_SIZE;
	vec[n++] = AT_ENTRY;
	vec[n++] = entry;
	vec[n++] = AT_PHNUM;
	vec[n++] = eh.phnum;
	vec[n++] = AT_PHENT;
	vec[n++] = eh.phentsize;
	vec[n++] = AT_NULL;
	vec[n++] = 0;
	sp = (strings - n * 8) & ~15ul;
	if (vm_write_new(mm, strings, a->buf, a->used) ||
	    vm_write_new(mm, sp, vec, n * 8))
		return 0;
	return sp;
}

/* Replace the current process's image; a->buf holds the arguments. */
static long exec_args_run(const char *path, struct exec_args *a)
{
	struct cpio_file f;
	struct mm *mm, *old;
	uint64_t entry, sp;
	struct trapframe *tf = cur->tf;
	const char *base;
	long rc;

	if ((rc = cpio_lookup(path, &f)))
		return rc;
	if ((rc = elf_check(&f)))
		return rc;
	if (!(mm = elf_load(&f, &entry)))
		return -ENOMEM;
	if (!(sp = exec_stack(mm, a, &f, entry))) {
		vm_destroy(mm);
		return -ENOMEM;
	}
	/* the point of no return */
	old = cur->mm;
	cur->mm = mm;
	tlb_switch(mm);
	if (old)
		vm_destroy(old);
	file_exec(cur);
	base = path;
	for (const char *p = path; *p; p++)
		if (*p == '/' && p[1])
			base = p + 1;
	strlcpy0(cur->name, base, sizeof cur->name);
	memset(tf, 0, sizeof *tf);
	tf->regs[TF_SP] = sp;
	tf->sepc = entry;
	tf->sstatus = (csr_read(CSR_SSTATUS) & ~(MSTATUS_SPP | MSTATUS_SIE | MSTATUS_SUM)) |
		      MSTATUS_SPIE;
	kstats.execs++;
	return 0;
}

/* exec from the kernel (init): arguments in kernel memory. */
long exec_kernel(const char *path, char *const argv[], char *const envp[])
{
	struct exec_args a = { .buf = kmalloc(ARG_MAX_BYTES) };
	long rc = 0;

	if (!a.buf)
		return -ENOMEM;
	for (; argv[a.argc] && !rc; a.argc++)
		rc = args_add(&a, argv[a.argc], strlen(argv[a.argc]));
	for (; envp[a.envc] && !rc; a.envc++)
		rc = args_add(&a, envp[a.envc], strlen(envp[a.envc]));
	if (!rc)
		rc = exec_args_run(path, &a);
	kfree(a.buf);
	return rc;
}

/* Copy a NULL-terminated array of user strings into a. */
static long args_from_user(struct exec_args *a, uint64_t vec, int *count)
{
	for (*count = 0; vec; (*count)++) {
		uint64_t s;
		long n;
		if (copy_from_user(&s, vec + 8 * (uint64_t)*count, 8))
			return -EFAULT;
		if (!s)
			return 0;
		if (a->argc + a->envc >= ARG_MAX_COUNT)
			return -E2BIG;
		n = strncpy_from_user(a->buf + a->used, s, ARG_MAX_BYTES - a->used);
		if (n == -ENAMETOOLONG)
			return -E2BIG;
		if (n < 0)
			return n;
		a->used += (size_t)n + 1;
	}
	return 0;
}

long sys_execve(uint64_t upath, uint64_t uargv, uint64_t uenvp)
{
	struct exec_args a = { 0 };
	char path[128];
	long rc = strncpy_from_user(path, upath, sizeof path);

	if (rc < 0)
		return rc;
	if (!(a.buf = kmalloc(ARG_MAX_BYTES)))
		return -ENOMEM;
	rc = args_from_user(&a, uargv, &a.argc);
	if (!rc)
		rc = args_from_user(&a, uenvp, &a.envc);
	if (!rc)
		rc = exec_args_run(path, &a);
	kfree(a.buf);
	return rc;
}
