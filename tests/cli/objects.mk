# Command-line tests of `hmvirt machine`: bad input, exit codes, 64 GiB
# guests, tracing, determinism, stock OpenSBI.
$(eval $(call target_image,tests/cli/exitcode,tests/cli/exitcode.S,tests/cli/link.ld))
all: $(BUILD)/tests/cli/exitcode.elf

CLI_DEPS := $(BUILD)/hmvirt $(BUILD)/tests/cli/exitcode.elf $(BUILD)/examples/sbi-hello.elf \
	    $(BUILD)/bench/randacc.elf $(BUILD)/bench/randacc2s-small.elf $(BUILD)/tests/target/sfence.elf

.PHONY: test-cli test-cli-badinput test-cli-machine test-cli-stats test-cli-run test-cli-compare
test-cli-badinput: $(CLI_DEPS)
	$(Q)bash tests/cli/badinput.sh
test-cli-machine: $(CLI_DEPS)
	$(Q)bash tests/cli/machine.sh
test-cli-stats: $(CLI_DEPS)
	$(Q)bash tests/cli/stats.sh
test-cli-run: $(BUILD)/hmvirt $(BUILD)/firmware/hmfw.elf $(BUILD)/kernel/kernel.elf \
	      $(BUILD)/user/initramfs.cpio
	$(Q)bash tests/cli/run.sh
test-cli-compare: $(BUILD)/hmvirt $(BUILD)/firmware/hmfw.elf $(BUILD)/kernel/kernel.elf \
		  $(BUILD)/user/initramfs.cpio $(BUILD)/hyp/hyp.elf $(BUILD)/hyp/guest.cpio
	$(Q)bash tests/cli/compare.sh
test-cli: test-cli-badinput test-cli-machine test-cli-stats test-cli-run test-cli-compare
TESTS += test-cli-badinput test-cli-machine test-cli-stats test-cli-run test-cli-compare
