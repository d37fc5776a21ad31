/*
 * cpio.c - finding a file in a cpio "newc" archive (the format of
 * initramfs): a 110-byte ASCII header ("070701" and 13 fields of 8 hex
 * digits), the name (namesize bytes with its NUL), padding to 4 bytes, the
 * data, padding to 4 bytes; "TRAILER!!!" ends the archive.
 */
#include "hyp.h"

#define CPIO_HDR 110

/* Field i (0 = c_ino ... 11 = c_namesize) of a header; ~0 if not hex. */
static uint64_t cpio_field(const char *h, int i)
{
	uint64_t v = 0;
	int k;

	for (k = 0; k < 8; k++) {
		char c = h[6 + 8 * i + k];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (uint64_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (uint64_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (uint64_t)(c - 'A' + 10);
		else
			return ~0ull;
	}
	return v;
}

/*
 * The data of `name` (with or without a leading "./"). 0 when found,
 * -1 when absent or the archive is malformed (every length is checked
 * against the archive's size).
 */
int cpio_find(const void *archive, size_t size, const char *name, const void **data,
	      size_t *len)
{
	const char *a = archive;
	uint64_t off = 0;

	while (off + CPIO_HDR <= size) {
		const char *h = a + off, *n = h + CPIO_HDR;
		uint64_t fsize = cpio_field(h, 6), nsize = cpio_field(h, 11), doff;

		if (memcmp(h, "070701", 6) != 0 || fsize == ~0ull || nsize == ~0ull ||
		    nsize == 0 || off + CPIO_HDR + nsize > size || n[nsize - 1] != 0)
			return -1;
		doff = ALIGN_UP(off + CPIO_HDR + nsize, 4);
		if (doff > size || fsize > size - doff)
			return -1;
		if (strcmp(n, "TRAILER!!!") == 0)
			return -1;
		if (n[0] == '.' && n[1] == '/')
			n += 2;
		if (strcmp(n, name) == 0) {
			*data = a + doff;
			*len = (size_t)fsize;
			return 0;
		}
		off = ALIGN_UP(doff + fsize, 4);
	}
	return -1;
}
