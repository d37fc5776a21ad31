/*
 * libFuzzer target for the ELF loader (emu/loader.c, load_elf_buffer).
 *
 * One board with 16 MiB of RAM, created on the first input and reused.
 * Besides memory safety (ASan) and undefined behaviour (UBSan), every
 * input checks the loader's contract:
 *  - the result is ERR_OK, ERR_FORMAT or ERR_RANGE;
 *  - a failure comes with a non-empty, NUL-terminated message and leaves
 *    *entry alone;
 *  - a success returns e_entry, and the last loadable segment is in RAM
 *    at p_paddr: its file bytes, then zeros up to p_memsz.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "machine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct machine board;
static const uint8_t zero[64 * 1024];

static void check_last_segment(const uint8_t *data, size_t size)
{
	Elf64_Ehdr eh;
	Elf64_Phdr last;
	bool found = false;

	memcpy(&eh, data, sizeof eh);
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;
		memcpy(&ph, data + eh.e_phoff + i * sizeof ph, sizeof ph);
		if (ph.p_type == PT_LOAD && ph.p_memsz) {
			last = ph;
			found = true;
		}
	}
	if (!found)
		abort();
	const uint8_t *ram = phys_ptr(&board, last.p_paddr, last.p_memsz);
	if (!ram || last.p_offset + last.p_filesz > size)
		abort();
	if (memcmp(ram, data + last.p_offset, last.p_filesz) != 0)
		abort();
	for (uint64_t k = last.p_filesz; k < last.p_memsz; k += sizeof zero) {
		uint64_t n = last.p_memsz - k < sizeof zero ? last.p_memsz - k : sizeof zero;
		if (memcmp(ram + k, zero, n) != 0)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	char err[128];
	uint64_t entry = 0x5a5a5a5a;
	int rc;

	if (!ready) {
		if (machine_init(&board, 16ull << 20) != ERR_OK)
			abort();
		ready = true;
	}
	memset(err, 0, sizeof err);
	rc = load_elf_buffer(&board, data, size, &entry, err, sizeof err);
	switch (rc) {
	case ERR_OK: {
		Elf64_Ehdr eh;
		if (size < sizeof eh)
			abort();
		memcpy(&eh, data, sizeof eh);
		if (entry != eh.e_entry)
			abort();
		check_last_segment(data, size);
		break;
	}
	case ERR_FORMAT:
	case ERR_RANGE:
		if (err[0] == 0 || err[sizeof err - 1] != 0 || entry != 0x5a5a5a5a)
			abort();
		break;
	default:
		abort();
	}
	return 0;
}
