# tests/forward/: hmfw's trap forwarding against the hardware's delegation
# (issue 5, "Forwarding tests"). fwdtest is an HS-mode payload (entered at
# 0x80200000 by hmfw) that raises every trap the firmware may intercept,
# delegated and intercepted, and compares what its handlers see; run.sh
# runs it on hmvirt and on QEMU.
$(eval $(call target_image,tests/forward/fwdtest,tests/forward/start.S tests/forward/fwdtest.c,tests/forward/link.ld))
all: $(BUILD)/tests/forward/fwdtest.elf

.PHONY: test-forward
test-forward: $(BUILD)/hmvirt $(BUILD)/firmware/hmfw.elf $(BUILD)/tests/forward/fwdtest.elf
	$(Q)BUILD=$(BUILD) bash tests/forward/run.sh
TESTS += test-forward
