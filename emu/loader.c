/*
 * Loading programs into the board's memory: ELF64 little-endian RISC-V
 * executables (PT_LOAD segments at their physical addresses) or raw
 * images at a given address. Every field of an ELF is checked against the
 * file's size and the board's RAM before it is used.
 */
#include <elf.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "machine.h"

static int fail(char *err, size_t len, int rc, const char *msg)
{
	snprintf(err, len, "%s", msg);
	return rc;
}

static bool seg_fits(const struct machine *m, uint64_t pa, uint64_t len)
{
	return pa >= m->ram_base && pa - m->ram_base <= m->ram_size && len <= m->ram_size - (pa - m->ram_base);
}

int load_elf_buffer(struct machine *m, const uint8_t *buf, size_t len, uint64_t *entry,
		    char *err, size_t errlen)
{
	Elf64_Ehdr eh;

	if (len < sizeof eh)
		return fail(err, errlen, ERR_FORMAT, "truncated ELF header");
	memcpy(&eh, buf, sizeof eh);
	if (memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0)
		return fail(err, errlen, ERR_FORMAT, "not an ELF file");
	if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_ident[EI_DATA] != ELFDATA2LSB)
		return fail(err, errlen, ERR_FORMAT, "not a 64-bit little-endian ELF");
	if (eh.e_machine != EM_RISCV)
		return fail(err, errlen, ERR_FORMAT, "not a RISC-V ELF (e_machine is not EM_RISCV)");
	if (eh.e_type != ET_EXEC && eh.e_type != ET_DYN)
		return fail(err, errlen, ERR_FORMAT, "ELF is not an executable");
	if (eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phnum == 0)
		return fail(err, errlen, ERR_FORMAT, "ELF has no usable program headers");
	if (eh.e_phoff > len || (uint64_t)eh.e_phnum * sizeof(Elf64_Phdr) > len - eh.e_phoff)
		return fail(err, errlen, ERR_FORMAT, "truncated ELF program headers");

	unsigned loaded = 0;
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;
		memcpy(&ph, buf + eh.e_phoff + i * sizeof ph, sizeof ph);
		if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
			continue;
		if (ph.p_filesz > ph.p_memsz)
			return fail(err, errlen, ERR_FORMAT, "ELF segment larger in file than in memory");
		if (ph.p_offset > len || ph.p_filesz > len - ph.p_offset)
			return fail(err, errlen, ERR_FORMAT, "truncated ELF segment");
		if (!seg_fits(m, ph.p_paddr, ph.p_memsz))
			return fail(err, errlen, ERR_RANGE, "ELF segment outside RAM");
		phys_write(m, ph.p_paddr, buf + ph.p_offset, ph.p_filesz);
		if (ph.p_memsz > ph.p_filesz) {
			memset(m->ram + (ph.p_paddr + ph.p_filesz - m->ram_base), 0, ph.p_memsz - ph.p_filesz);
			phys_invalidate_code(m, ph.p_paddr + ph.p_filesz, ph.p_memsz - ph.p_filesz);
		}
		loaded++;
	}
	if (!loaded)
		return fail(err, errlen, ERR_FORMAT, "ELF has no loadable segment");
	*entry = eh.e_entry;
	return ERR_OK;
}

/* Reads a whole regular, non-empty file into a malloc'd buffer. */
static int read_file(const char *path, uint8_t **out, size_t *outlen, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	struct stat st;
	long size;

	if (!f)
		return fail(err, errlen, ERR_IO, "cannot open file");
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		fclose(f);
		return fail(err, errlen, ERR_IO, "not a regular file");
	}
	if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return fail(err, errlen, ERR_IO, "cannot read file");
	}
	if (size == 0) {
		fclose(f);
		return fail(err, errlen, ERR_FORMAT, "file is empty");
	}
	buf = malloc((size_t)size);
	if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size) {
		free(buf);
		fclose(f);
		return fail(err, errlen, buf ? ERR_IO : ERR_NOMEM, buf ? "cannot read file" : "out of memory");
	}
	fclose(f);
	*out = buf;
	*outlen = (size_t)size;
	return ERR_OK;
}

/* Copies a raw image to addr if it fits in RAM. */
static int place_raw(struct machine *m, const uint8_t *buf, size_t len, uint64_t addr,
		     char *err, size_t errlen)
{
	if (!seg_fits(m, addr, (uint64_t)len))
		return fail(err, errlen, ERR_RANGE, "image does not fit in RAM");
	phys_write(m, addr, buf, (uint64_t)len);
	return ERR_OK;
}

/*
 * Loads a file: an ELF by its headers, anything else as a raw image at
 * raw_addr. The message in err says what was wrong with the file.
 */
int load_image(struct machine *m, const char *path, uint64_t raw_addr, uint64_t *entry,
	       char *err, size_t errlen)
{
	uint8_t *buf;
	size_t size;
	int rc = read_file(path, &buf, &size, err, errlen);

	if (rc < 0)
		return rc;
	if (size >= SELFMAG && memcmp(buf, ELFMAG, SELFMAG) == 0) {
		rc = load_elf_buffer(m, buf, size, entry, err, errlen);
	} else {
		rc = place_raw(m, buf, size, raw_addr, err, errlen);
		*entry = raw_addr;
	}
	free(buf);
	return rc;
}

/*
 * Loads an initial RAM disk as raw bytes where QEMU virt puts it (the
 * kernel's address plus half of RAM, at most 128 MiB) and records it for
 * the device tree's /chosen linux,initrd-start/-end.
 */
int load_initrd(struct machine *m, const char *path, char *err, size_t errlen)
{
	uint64_t half = m->ram_size / 2, addr;
	uint8_t *buf;
	size_t size;
	int rc = read_file(path, &buf, &size, err, errlen);

	if (rc < 0)
		return rc;
	addr = VIRT_KERNEL_ADDR + (half < (128ull << 20) ? half : (128ull << 20));
	rc = place_raw(m, buf, size, addr, err, errlen);
	if (rc == ERR_OK) {
		m->initrd_start = addr;
		m->initrd_end = addr + size;
	}
	free(buf);
	return rc;
}
