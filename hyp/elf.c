/*
 * elf.c - loading the guest kernel: its ELF64 PT_LOAD segments at their
 * physical addresses (p_paddr) in guest memory, the bytes past p_filesz
 * zeroed (fresh guest pages are zero). Every header field is checked
 * against the image's size and the guest's RAM.
 */
#include "hyp.h"

#define EM_RISCV 243
#define PT_LOAD 1

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

/* Loads image; *entry = e_entry (physical: the kernel links it so), *end =
 * the highest segment end. 0, or -1 with a message. */
int elf_load_guest(struct vm *vm, const void *image, size_t size, uint64_t *entry,
		   uint64_t *end)
{
	const uint8_t *b = image;
	struct elf64_ehdr eh;
	unsigned i;

	if (size < sizeof eh)
		goto bad;
	memcpy(&eh, b, sizeof eh);
	if (memcmp(eh.ident, "\177ELF", 4) != 0 || eh.ident[4] != 2 || eh.ident[5] != 1 ||
	    eh.machine != EM_RISCV || eh.phentsize != sizeof(struct elf64_phdr) ||
	    eh.phoff > size || (uint64_t)eh.phnum * sizeof(struct elf64_phdr) > size - eh.phoff)
		goto bad;
	*end = 0;
	for (i = 0; i < eh.phnum; i++) {
		struct elf64_phdr ph;

		memcpy(&ph, b + eh.phoff + i * sizeof ph, sizeof ph);
		if (ph.type != PT_LOAD || ph.memsz == 0)
			continue;
		if (ph.filesz > ph.memsz || ph.offset > size || ph.filesz > size - ph.offset ||
		    !gstage_in_ram(vm, ph.paddr) || !gstage_in_ram(vm, ph.paddr + ph.memsz - 1))
			goto bad;
		if (guest_write(vm, ph.paddr, b + ph.offset, ph.filesz) < 0)
			goto bad;
		if (ph.paddr + ph.memsz > *end)
			*end = ph.paddr + ph.memsz;
	}
	if (!*end || !gstage_in_ram(vm, eh.entry))
		goto bad;
	*entry = eh.entry;
	return 0;
bad:
	hyp_printf("hyp: kernel.elf: not a RISC-V ELF64 whose segments fit the guest's RAM\n");
	return -1;
}
