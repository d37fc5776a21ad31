# kernel/: the guest kernel (DESIGN.md layer 4), an S-mode (or VS-mode)
# image linked at 0xffffffff80200000 with ELF physical addresses at
# 0x80200000: $(BUILD)/kernel/kernel.elf. And the initramfs it boots
# from: $(BUILD)/kernel/initramfs.cpio, a copy of the workloads' cpio
# "newc" archive (user/objects.mk), with /init.

KERNEL_SRCS := $(addprefix kernel/,boot/entry.S boot/fdt.c main.c console.c sbi.c \
	stats.c trap.S trap.c proc.c syscall.c file.c exec.c \
	mm/pmem.c mm/kmalloc.c mm/pgtable.c mm/kvm.c mm/tlb.c mm/vm.c \
	mm/uaccess.S mm/uaccess.c lib/fmt.c lib/string.c)

# strict warnings, as for the firmware (STYLE.md)
$(BUILD)/tobj/kernel/%: TGT_CFLAGS += -Ikernel -Wshadow -Wvla -Wmissing-prototypes \
	-Wstrict-prototypes -Wundef -Wpointer-arith

$(eval $(call target_image,kernel/kernel,$(KERNEL_SRCS),kernel/link.ld))

# mkinitramfs(OUT, FILES): a newc archive of FILES at its root, in a
# fixed order with fixed owners and times, so that it is reproducible.
define mkinitramfs
	@rm -rf $(1).d && mkdir -p $(1).d
	$(Q)cp $(2) $(1).d/
	$(Q)touch -d @0 $(1).d/*
	$(Q)cd $(1).d && ls | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0 --reproducible > $(abspath $(1))
	@rm -rf $(1).d
endef

# The workloads' archive (user/objects.mk builds it; named literally, as
# that fragment is read after this one).
$(BUILD)/kernel/initramfs.cpio: $(BUILD)/user/initramfs.cpio
	@mkdir -p $(dir $@)
	$(Q)cp $< $@

all: $(BUILD)/kernel/kernel.elf $(BUILD)/kernel/initramfs.cpio
