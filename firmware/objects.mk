# firmware/: hmfw, hmvirt's own M-mode firmware (DESIGN.md layer 2).
# $(BUILD)/firmware/hmfw.elf, linked at 0x80000000. The core (boot,
# console, SBI) is listed here; the hardware-mode part's files
# (hwmode*.S/.c, walk*.c, forward.c, sbi_hmvirt.c) are picked up by
# wildcard as they appear, and replace the weak defaults in fw_weak.c.

HMFW_CORE := entry.S fw_boot.c fw_trap.c fw_weak.c fdt.c console.c sbi.c \
             sbi_base.c sbi_time.c sbi_ipi.c sbi_rfence.c sbi_hsm.c \
             sbi_srst.c sbi_dbcn.c sbi_legacy.c
HMFW_HW := $(notdir $(wildcard firmware/hwmode*.S firmware/hwmode*.c \
             firmware/walk*.c firmware/forward.c firmware/sbi_hmvirt.c))
# `make HMFW_CORE_ONLY=1 ...`: the core alone (weak defaults), e.g. while
# the hardware-mode part is half-written.
ifeq ($(HMFW_CORE_ONLY),1)
HMFW_HW :=
endif
HMFW_SRCS :=  $(addprefix firmware/,$(HMFW_CORE) $(HMFW_HW))

# stricter warnings for the firmware (STYLE.md: Bao's set, -Wconversion aside)
$(BUILD)/tobj/firmware/%: TGT_CFLAGS += -Wshadow -Wvla -Wmissing-prototypes \
             -Wstrict-prototypes -Wundef -Wpointer-arith -Wcast-qual

$(eval $(call target_image,firmware/hmfw,$(HMFW_SRCS),firmware/link.ld))

all: $(BUILD)/firmware/hmfw.elf

# relink when the source list changes (files appear, HMFW_CORE_ONLY toggles)
HMFW_LIST := $(BUILD)/firmware/hmfw.srcs
$(shell mkdir -p $(BUILD)/firmware && (echo '$(HMFW_SRCS)' | cmp -s - $(HMFW_LIST) || echo '$(HMFW_SRCS)' > $(HMFW_LIST)))
$(BUILD)/firmware/hmfw.elf: $(HMFW_LIST)
