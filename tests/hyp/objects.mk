# tests/hyp/: the hypervisor end to end (make test-hyp). Besides the
# project's guest kernel (build/hyp/guest.cpio), three small test guests
# in guests/: sbitest (the SBI a VM sees), badgpa and virtinsn (hostile
# guests the hypervisor must stop cleanly); and ktest.cpio, the guest
# kernel with tests/kernel's robustness programs. Each is packed as the
# hypervisor expects its initrd: kernel.elf plus an initramfs.cpio.

HTEST_GUESTS := sbitest badgpa virtinsn
HTEST_SRCS_sbitest := tests/hyp/guests/start.S tests/hyp/guests/sbitest.c
HTEST_SRCS_badgpa := tests/hyp/guests/badgpa.S
HTEST_SRCS_virtinsn := tests/hyp/guests/virtinsn.S

$(foreach g,$(HTEST_GUESTS),$(eval $(call target_image,tests/hyp/$(g),$(HTEST_SRCS_$(g)),tests/hyp/guests/guest.ld)))

# htest_guest(OUT, KERNEL, INITRAMFS): a guest archive for the hypervisor
define htest_guest
	@rm -rf $(1).d && mkdir -p $(1).d
	$(Q)cp $(2) $(1).d/kernel.elf && cp $(3) $(1).d/initramfs.cpio
	$(Q)touch -d @0 $(1).d/*
	$(Q)cd $(1).d && ls | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0 --reproducible > $(abspath $(1))
	@rm -rf $(1).d
endef

$(BUILD)/tests/hyp/%.cpio: $(BUILD)/tests/hyp/%.elf $(BUILD)/user/initramfs.cpio
	$(call htest_guest,$@,$<,$(BUILD)/user/initramfs.cpio)

# the guest kernel with tests/kernel's robustness programs
$(BUILD)/tests/hyp/ktest.cpio: $(BUILD)/kernel/kernel.elf $(BUILD)/tests/kernel/initramfs.cpio
	$(call htest_guest,$@,$(BUILD)/kernel/kernel.elf,$(BUILD)/tests/kernel/initramfs.cpio)

HTEST_CPIOS := $(patsubst %,$(BUILD)/tests/hyp/%.cpio,$(HTEST_GUESTS) ktest)
all: $(HTEST_CPIOS)

.PHONY: test-hyp
test-hyp: $(BUILD)/hmvirt $(BUILD)/firmware/hmfw.elf $(BUILD)/hyp/hyp.elf \
	  $(BUILD)/hyp/guest.cpio $(HTEST_CPIOS)
	$(Q)BUILD=$(BUILD) bash tests/hyp/run.sh
TESTS += test-hyp
