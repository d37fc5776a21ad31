# hyp/: the HS-mode hypervisor (DESIGN.md layer 3), $(BUILD)/hyp/hyp.elf,
# an S-mode payload at 0x80200000 that runs the guest kernel in a VM
# under nested paging. Its guest comes in its own initrd:
# $(BUILD)/hyp/guest.cpio, a cpio "newc" archive of kernel.elf (the guest
# kernel) and initramfs.cpio (the workloads' archive, unchanged).

HYP_SRCS := $(addprefix hyp/,entry.S main.c vcpu.c vsbi.c gstage.c pmem.c elf.c \
	cpio.c fdt.c sbi.c lib.c)

# strict warnings, as for the firmware and the kernel (STYLE.md)
$(BUILD)/tobj/hyp/%: TGT_CFLAGS += -Ihyp -Wshadow -Wvla -Wmissing-prototypes \
	-Wstrict-prototypes -Wundef -Wpointer-arith -Wcast-qual

$(eval $(call target_image,hyp/hyp,$(HYP_SRCS),hyp/link.ld))

# The guest: mkinitramfs (kernel/objects.mk) names the files by their
# base names, kernel.elf and initramfs.cpio.
HYP_GUEST_FILES := $(BUILD)/kernel/kernel.elf $(BUILD)/user/initramfs.cpio
$(BUILD)/hyp/guest.cpio: $(HYP_GUEST_FILES) hyp/objects.mk
	@mkdir -p $(dir $@)
	$(call mkinitramfs,$@,$(HYP_GUEST_FILES))

all: $(BUILD)/hyp/hyp.elf $(BUILD)/hyp/guest.cpio
