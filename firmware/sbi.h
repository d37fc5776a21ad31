/*
 * sbi.h - the SBI as hmfw implements it (spec: binary-encoding.adoc and the
 * ext-*.adoc chapters): extension and function IDs, error codes, and the
 * helpers the extension files share. Each extension lives in its own
 * sbi_<name>.c and registers itself with FW_SBI_EXTENSION (fw.h).
 */
#ifndef HMFW_SBI_H
#define HMFW_SBI_H

#include "csr.h"
#include "fw.h"

/* ---- implementation (ext-base.adoc, "SBI Implementation IDs") ----------
 * The spec's table assigns 0..11; hmfw takes 0x484d ("HM"), well above
 * them, so that no registered implementation is impersonated. Version:
 * major << 16 | minor, OpenSBI's encoding. */
#define SBI_SPEC_VERSION      (2ul << 24 | 0) /* SBI 2.0 */
#define HMFW_IMPL_ID          0x484dul
#define HMFW_VERSION_MAJOR    0
#define HMFW_VERSION_MINOR    1
#define HMFW_IMPL_VERSION     ((unsigned long)HMFW_VERSION_MAJOR << 16 | HMFW_VERSION_MINOR)

/* ---- extension IDs ------------------------------------------------------ */
#define SBI_EXT_LEGACY_FIRST   0x00
#define SBI_EXT_LEGACY_LAST    0x0f
#define SBI_EXT_BASE           0x10
#define SBI_EXT_TIME           0x54494D45 /* "TIME" */
#define SBI_EXT_IPI            0x735049   /* "sPI" */
#define SBI_EXT_RFENCE         0x52464E43 /* "RFNC" */
#define SBI_EXT_HSM            0x48534D   /* "HSM" */
#define SBI_EXT_SRST           0x53525354 /* "SRST" */
#define SBI_EXT_DBCN           0x4442434E /* "DBCN" */

/* legacy (v0.1) EIDs, ext-legacy.adoc */
#define SBI_LEGACY_SET_TIMER       0x00
#define SBI_LEGACY_CONSOLE_PUTCHAR 0x01
#define SBI_LEGACY_CONSOLE_GETCHAR 0x02
#define SBI_LEGACY_CLEAR_IPI       0x03
#define SBI_LEGACY_SHUTDOWN        0x08

/* ---- function IDs -------------------------------------------------------- */
#define SBI_BASE_GET_SPEC_VERSION  0
#define SBI_BASE_GET_IMPL_ID       1
#define SBI_BASE_GET_IMPL_VERSION  2
#define SBI_BASE_PROBE_EXTENSION   3
#define SBI_BASE_GET_MVENDORID     4
#define SBI_BASE_GET_MARCHID       5
#define SBI_BASE_GET_MIMPID        6

#define SBI_TIME_SET_TIMER         0
#define SBI_IPI_SEND_IPI           0

#define SBI_RFENCE_FENCE_I         0
#define SBI_RFENCE_SFENCE_VMA      1
#define SBI_RFENCE_SFENCE_VMA_ASID 2
#define SBI_RFENCE_HFENCE_GVMA_VMID 3
#define SBI_RFENCE_HFENCE_GVMA     4
#define SBI_RFENCE_HFENCE_VVMA_ASID 5
#define SBI_RFENCE_HFENCE_VVMA     6

#define SBI_HSM_HART_START         0
#define SBI_HSM_HART_STOP          1
#define SBI_HSM_HART_GET_STATUS    2
#define SBI_HSM_HART_SUSPEND       3

/* HSM states (ext-hsm.adoc, "HSM Hart States") */
#define SBI_HSM_STARTED            0
#define SBI_HSM_STOPPED            1
#define SBI_HSM_START_PENDING      2
#define SBI_HSM_STOP_PENDING       3
#define SBI_HSM_SUSPENDED          4
#define SBI_HSM_SUSPEND_PENDING    5
#define SBI_HSM_RESUME_PENDING     6

#define SBI_HSM_SUSPEND_RET_DEFAULT    0x00000000u
#define SBI_HSM_SUSPEND_NONRET_DEFAULT 0x80000000u

#define SBI_SRST_SYSTEM_RESET      0
#define SBI_SRST_SHUTDOWN          0
#define SBI_SRST_COLD_REBOOT       1
#define SBI_SRST_WARM_REBOOT       2
#define SBI_SRST_REASON_NONE       0
#define SBI_SRST_REASON_FAILURE    1
/* 0xE0000000-0xEFFFFFFF: "SBI implementation specific reset reason".
 * hmfw: shutdown with exit code (reason & 0xffff) through the finisher. */
#define SBI_SRST_REASON_IMPL_FIRST 0xE0000000u
#define SBI_SRST_REASON_IMPL_LAST  0xEFFFFFFFu
#define SBI_SRST_REASON_PLATFORM_FIRST 0xF0000000u

#define SBI_DBCN_CONSOLE_WRITE      0
#define SBI_DBCN_CONSOLE_READ       1
#define SBI_DBCN_CONSOLE_WRITE_BYTE 2

/* ---- errors (binary-encoding.adoc, "Standard SBI Errors") -------------- */
#define SBI_SUCCESS                0
#define SBI_ERR_FAILED             (-1)
#define SBI_ERR_NOT_SUPPORTED      (-2)
#define SBI_ERR_INVALID_PARAM      (-3)
#define SBI_ERR_DENIED             (-4)
#define SBI_ERR_INVALID_ADDRESS    (-5)
#define SBI_ERR_ALREADY_AVAILABLE  (-6)
#define SBI_ERR_ALREADY_STARTED    (-7)
#define SBI_ERR_ALREADY_STOPPED    (-8)

static inline struct sbiret_fw sbi_ret(long error, long value)
{
	return (struct sbiret_fw){ .error = error, .value = value };
}

/* sbi.c: the ecall dispatcher and helpers */
void sbi_ecall_handler(struct fw_hart *fh, struct fw_regs *r);
const struct fw_sbi_ext *sbi_find_ext(unsigned long eid);
/* (hart_mask, hart_mask_base) of ext-ipi/ext-rfence: calls fn for each
 * hart named, after checking that every one of them exists; returns
 * SBI_ERR_INVALID_PARAM (and calls nothing) otherwise. */
typedef void (*sbi_hart_fn)(struct fw_hart *self, struct fw_hart *target, void *ctx);
long sbi_for_each_hart(struct fw_hart *self, unsigned long mask, unsigned long base,
		       sbi_hart_fn fn, void *ctx);
/* [addr, addr + len) may be read or written by M-mode on S's behalf */
bool sbi_buffer_ok(unsigned long addr, unsigned long len);

/* sbi_time.c: the CLINT timer seen through mip.STIP */
void fw_timer_set(struct fw_hart *fh, uint64_t stime);
void fw_timer_irq(struct fw_hart *fh);

/* sbi_ipi.c: inter-hart requests through the CLINT's msip */
#define FW_IPI_SSIP   (1u << 0) /* raise mip.SSIP */
#define FW_IPI_RFENCE (1u << 1) /* run fh->rfence, then clear rfence_busy */
void fw_ipi_send(struct fw_hart *self, struct fw_hart *target, unsigned kind);
void fw_ipi_irq(struct fw_hart *fh);

/* sbi_rfence.c: one fence request, executed on this hart */
void fw_rfence_local(struct fw_hart *fh, const struct fw_rfence *rq);

/* sbi_hsm.c: a stopped hart waits here for hart_start (never returns) */
void fw_hsm_park(struct fw_hart *fh) __attribute__((noreturn));

/* sbi_srst.c: the SiFive test finisher (VIRT_TEST_BASE) */
void fw_finish(uint32_t cmd) __attribute__((noreturn));

#endif
