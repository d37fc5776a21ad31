# tests/kernel/: the guest kernel end to end (make test-kernel). The
# robustness programs in progs/ are user programs linked against the
# workloads' libc; with init, true and a few malformed "programs" they
# make a test initramfs, $(BUILD)/tests/kernel/initramfs.cpio. run.sh
# boots the kernel with it and with the workloads' initramfs on hmvirt
# and QEMU.

KTEST_PROGS := badptr forkbomb nomem badelf sysmisc

$(BUILD)/tobj/tests/kernel/%: TGT_CFLAGS += -Iuser/lib

$(foreach p,$(KTEST_PROGS),$(eval $(call target_image,tests/kernel/$(p),$(USER_LIB) tests/kernel/progs/$(p).c,user/user.ld)))

KTEST_BAD := bad-text bad-trunc bad-machine bad-phoff bad-seg
KTEST_FILES := $(BUILD)/user/init $(BUILD)/user/true \
	$(patsubst %,$(BUILD)/tests/kernel/bin/%,$(KTEST_PROGS) $(KTEST_BAD))

$(BUILD)/tests/kernel/bin/%: $(BUILD)/tests/kernel/%.elf
	@mkdir -p $(dir $@)
	$(Q)cp $< $@

# The malformed programs, each from /true by one change (ELF64 header
# offsets: e_machine at 18, e_phoff at 32; the first program header's
# p_filesz at 64+32: its upper half at 100).
$(BUILD)/tests/kernel/bin/bad-text:
	@mkdir -p $(dir $@)
	$(Q)printf '#!/bin/sh\necho not an ELF\n' > $@
$(BUILD)/tests/kernel/bin/bad-trunc: $(BUILD)/user/true
	@mkdir -p $(dir $@)
	$(Q)head -c 100 $< > $@
$(BUILD)/tests/kernel/bin/bad-machine: $(BUILD)/user/true
	@mkdir -p $(dir $@)
	$(Q)cp $< $@ && printf '\076\000' | dd of=$@ bs=1 seek=18 conv=notrunc status=none
$(BUILD)/tests/kernel/bin/bad-phoff: $(BUILD)/user/true
	@mkdir -p $(dir $@)
	$(Q)cp $< $@ && printf '\000\000\000\001' | dd of=$@ bs=1 seek=32 conv=notrunc status=none
$(BUILD)/tests/kernel/bin/bad-seg: $(BUILD)/user/true
	@mkdir -p $(dir $@)
	$(Q)cp $< $@ && printf '\000\000\000\100' | dd of=$@ bs=1 seek=100 conv=notrunc status=none

$(BUILD)/tests/kernel/initramfs.cpio: $(KTEST_FILES) kernel/objects.mk tests/kernel/objects.mk
	@mkdir -p $(dir $@)
	$(call mkinitramfs,$@,$(KTEST_FILES))

all: $(BUILD)/tests/kernel/initramfs.cpio

.PHONY: test-kernel
test-kernel: $(BUILD)/hmvirt $(BUILD)/firmware/hmfw.elf $(BUILD)/kernel/kernel.elf \
	     $(BUILD)/kernel/initramfs.cpio $(BUILD)/tests/kernel/initramfs.cpio \
	     $(BUILD)/examples/sbi-hello.elf
	$(Q)BUILD=$(BUILD) bash tests/kernel/run.sh
TESTS += test-kernel
