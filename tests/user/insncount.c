/*
 * insncount.c - a QEMU TCG plugin (host shared object) that counts the
 * RISC-V instructions a user program executes under qemu-riscv64, in
 * total and inside its measured region: from `slti x0,x0,1` (0x00102013)
 * to `slti x0,x0,2` (0x00202013), the workloads' ROI markers.
 *
 *   qemu-riscv64 -plugin build/tests/user/insncount.so PROGRAM ARGS...
 *
 * Each process prints, to stderr as it exits,
 *   insncount: pid P total T roi R
 * counting only its own instructions: a child of fork (clone returning 0)
 * starts again from zero, inside the region if its parent was. A process
 * that execs is not reported (its count ends with the image); the program
 * it execs is counted only if it runs under this plugin too. A process
 * killed by a signal is not reported. Counting is per translated block,
 * added as the block starts; a marker's position inside its block makes
 * the region's bounds exact, assuming blocks run to their end.
 *
 * Only the few plugin entry points used are declared here, as QEMU's
 * plugin API (version 1, QEMU 7.2) defines them; Debian ships no header.
 */
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define EXPORT __attribute__((visibility("default")))

typedef uint64_t qemu_plugin_id_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;

enum { CB_NO_REGS = 0 };        /* enum qemu_plugin_cb_flags */
enum { INLINE_ADD_U64 = 0 };    /* enum qemu_plugin_op */

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id,
					   void (*cb)(qemu_plugin_id_t, struct qemu_plugin_tb *));
void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb, int op, void *ptr,
					      uint64_t imm);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn,
					    void (*cb)(unsigned int, void *), int flags,
					    void *userdata);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx);
const void *qemu_plugin_insn_data(const struct qemu_plugin_insn *insn);
size_t qemu_plugin_insn_size(const struct qemu_plugin_insn *insn);
void qemu_plugin_register_vcpu_syscall_ret_cb(qemu_plugin_id_t id,
					      void (*cb)(qemu_plugin_id_t, unsigned int,
							 int64_t, int64_t));
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, void (*cb)(qemu_plugin_id_t, void *),
				    void *userdata);

EXPORT extern int qemu_plugin_version;
EXPORT int qemu_plugin_version = 1;
EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const void *info, int argc, char **argv);

#define ROI_BEGIN_INSN 0x00102013u      /* slti x0, x0, 1 */
#define ROI_END_INSN   0x00202013u      /* slti x0, x0, 2 */
#define SYS_CLONE 220

static uint64_t total;          /* instructions so far (blocks entered) */
static uint64_t roi, roi_start; /* closed regions' sum; the open one's start */
static int roi_open;

/*
 * At a marker: the exact count before it is the total (which already
 * includes its whole block) less the instructions from it to the block's
 * end, carried in the callback's data above the marker kind (bit 0).
 */
static void on_marker(unsigned int vcpu, void *data)
{
	uintptr_t d = (uintptr_t)data;
	uint64_t now = total - (d >> 1);

	if (!(d & 1) && !roi_open) {
		roi_open = 1;
		roi_start = now;
	} else if ((d & 1) && roi_open) {
		roi_open = 0;
		roi += now - roi_start;
	}
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb);

	qemu_plugin_register_vcpu_tb_exec_inline(tb, INLINE_ADD_U64, &total, n);
	for (size_t i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		uint32_t word;

		if (qemu_plugin_insn_size(insn) != 4)
			continue;
		memcpy(&word, qemu_plugin_insn_data(insn), 4);
		if (word == ROI_BEGIN_INSN || word == ROI_END_INSN)
			qemu_plugin_register_vcpu_insn_exec_cb(
				insn, on_marker, CB_NO_REGS,
				(void *)(uintptr_t)(((n - i) << 1) | (word == ROI_END_INSN)));
	}
}

/* In a new child (clone returned 0) the counts start from zero. */
static void on_syscall_ret(qemu_plugin_id_t id, unsigned int vcpu, int64_t num, int64_t ret)
{
	if (num == SYS_CLONE && ret == 0) {
		total = roi = roi_start = 0;
	}
}

static void on_atexit(qemu_plugin_id_t id, void *data)
{
	uint64_t r = roi + (roi_open ? total - roi_start : 0);

	fprintf(stderr, "insncount: pid %d total %" PRIu64 " roi %" PRIu64 "\n", (int)getpid(),
		total, r);
}

int qemu_plugin_install(qemu_plugin_id_t id, const void *info, int argc, char **argv)
{
	qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
	qemu_plugin_register_vcpu_syscall_ret_cb(id, on_syscall_ret);
	qemu_plugin_register_atexit_cb(id, on_atexit, NULL);
	return 0;
}
