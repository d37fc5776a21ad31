/*
 * sbi_srst.c - the System Reset extension (ext-sys-reset.adoc, "SRST")
 * through the virt board's SiFive test finisher: shutdown writes
 * FINISHER_PASS (reason "none") or FINISHER_FAIL with an exit code in bits
 * 31:16 (reason "system failure": 1; hmfw's implementation-specific
 * reasons 0xE000xxxx and the virt platform's reasons 0xF000xxxx: code
 * xxxx, so that a kernel's exit status becomes the machine's); both
 * reboots write FINISHER_RESET.
 */
#include "csr.h"
#include "riscv/virt.h"
#include "sbi.h"

void fw_finish(uint32_t cmd)
{
	mmio_write32(VIRT_TEST_BASE, cmd);
	for (;;)
		fw_wfi();
}

/* The finisher command for a shutdown with this reason; 0 if invalid. */
static uint32_t srst_shutdown_cmd(uint32_t reason)
{
	uint32_t code;

	if (reason == SBI_SRST_REASON_NONE)
		return FINISHER_PASS;
	if (reason == SBI_SRST_REASON_FAILURE)
		return FINISHER_FAIL | 1u << 16;
	if ((reason & 0xffff0000u) != SBI_SRST_REASON_IMPL_FIRST &&
	    (reason & 0xffff0000u) != SBI_SRST_REASON_PLATFORM_FIRST)
		return 0; /* reserved, or a reason we do not define */
	code = reason & 0xffff;
	return code ? FINISHER_FAIL | code << 16 : FINISHER_PASS;
}

static struct sbiret_fw srst_call(struct fw_hart *fh, struct fw_regs *r, unsigned long eid,
				  unsigned long fid, const unsigned long args[6])
{
	uint32_t type = (uint32_t)args[0], reason = (uint32_t)args[1], cmd;

	(void)fh;
	(void)r;
	(void)eid;
	if (fid != SBI_SRST_SYSTEM_RESET)
		return sbi_ret(SBI_ERR_NOT_SUPPORTED, 0);
	if (type == SBI_SRST_COLD_REBOOT || type == SBI_SRST_WARM_REBOOT)
		cmd = srst_shutdown_cmd(reason) ? FINISHER_RESET : 0;
	else if (type == SBI_SRST_SHUTDOWN)
		cmd = srst_shutdown_cmd(reason);
	else
		cmd = 0;
	if (!cmd)
		return sbi_ret(SBI_ERR_INVALID_PARAM, 0);
	fw_finish(cmd);
}

FW_SBI_EXTENSION(sbi_ext_srst) = {
	.eid_first = SBI_EXT_SRST,
	.eid_last = SBI_EXT_SRST,
	.name = "srst",
	.call = srst_call,
};
