/*
 * sbi_dbcn.c - the Debug Console extension (ext-debug-console.adoc,
 * "DBCN") on the firmware's UART. Buffers are physical (translation does
 * not apply); on RV64 base_addr_hi must be 0, and the buffer must pass
 * sbi_buffer_ok (in DRAM, outside the firmware). Reads never block: with
 * nothing received, console_read returns 0 bytes.
 */
#include "console.h"
#include "sbi.h"

static struct sbiret_fw dbcn_call(struct fw_hart *fh, struct fw_regs *r, unsigned long eid,
				  unsigned long fid, const unsigned long args[6])
{
	unsigned long n = args[0], addr = args[1], i;
	int c;

	(void)fh;
	(void)r;
	(void)eid;
	switch (fid) {
	case SBI_DBCN_CONSOLE_WRITE:
	case SBI_DBCN_CONSOLE_READ:
		if (args[2] != 0 || !sbi_buffer_ok(addr, n))
			return sbi_ret(SBI_ERR_INVALID_PARAM, 0);
		if (fid == SBI_DBCN_CONSOLE_WRITE) {
			for (i = 0; i < n; i++)
				fw_putc(((const volatile char *)addr)[i]);
			return sbi_ret(SBI_SUCCESS, (long)n);
		}
		for (i = 0; i < n && (c = fw_getc()) >= 0; i++)
			((volatile char *)addr)[i] = (char)c;
		return sbi_ret(SBI_SUCCESS, (long)i);
	case SBI_DBCN_CONSOLE_WRITE_BYTE:
		fw_putc((char)(args[0] & 0xff));
		return sbi_ret(SBI_SUCCESS, 0);
	default:
		return sbi_ret(SBI_ERR_NOT_SUPPORTED, 0);
	}
}

FW_SBI_EXTENSION(sbi_ext_dbcn) = {
	.eid_first = SBI_EXT_DBCN,
	.eid_last = SBI_EXT_DBCN,
	.name = "dbcn",
	.call = dbcn_call,
};
