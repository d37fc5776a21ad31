# tests/firmware/: hmfw end to end. sbitest is an S-mode payload (linked
# at 0x80200000 with sbi-hello's script) that checks every SBI call hmfw
# implements; run.sh boots it and sbi-hello on hmvirt and on QEMU, and
# compares sbi-hello's report with Debian's OpenSBI on hmvirt.
$(eval $(call target_image,tests/firmware/sbitest,tests/firmware/start.S tests/firmware/sbitest.c,examples/sbi-hello/link.ld))
all: $(BUILD)/tests/firmware/sbitest.elf

.PHONY: test-firmware
test-firmware: $(BUILD)/hmvirt $(BUILD)/firmware/hmfw.elf $(BUILD)/examples/sbi-hello.elf \
	       $(BUILD)/tests/firmware/sbitest.elf
	$(Q)BUILD=$(BUILD) bash tests/firmware/run.sh
TESTS += test-firmware
