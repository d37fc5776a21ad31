# tests/user/: the workloads and the libc checked against Linux, with
# Debian's qemu-riscv64 (user-mode emulation) as the oracle: every
# workload at both sizes against tests/user/checksums.txt, determinism,
# init's contract, the robustness programs and libctest (run.sh).
.PHONY: test-user
test-user: $(USER_BINS) $(BUILD)/user/badelf $(USER_INITRAMFS)
	$(Q)BUILD=$(BUILD) bash tests/user/run.sh
TESTS += test-user

# insncount: a QEMU plugin counting a workload's instructions, in total and
# between its ROI markers (tests/user/insns.sh prints them per workload;
# run.sh checks that every workload at "small" stays under 20 M).
$(BUILD)/tests/user/insncount.so: tests/user/insncount.c
	@mkdir -p $(dir $@)
	$(Q)$(HOST_CC) -std=c11 -O2 $(HOST_WARN) -shared -fPIC -o $@ $<

test-user: $(BUILD)/tests/user/insncount.so
all: $(BUILD)/tests/user/insncount.so
