# Command-line tests of `hmvirt machine`: bad input, exit codes, 64 GiB
# guests, tracing, determinism, stock OpenSBI.
$(eval $(call target_image,tests/cli/exitcode,tests/cli/exitcode.S,tests/cli/link.ld))
all: $(BUILD)/tests/cli/exitcode.elf

.PHONY: test-cli
test-cli: $(BUILD)/hmvirt $(BUILD)/tests/cli/exitcode.elf $(BUILD)/examples/sbi-hello.elf \
	  $(BUILD)/bench/randacc.elf
	$(Q)bash tests/cli/badinput.sh && bash tests/cli/machine.sh
TESTS += test-cli
