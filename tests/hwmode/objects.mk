# tests/hwmode/: hmfw's hardware-mode part (issue 5).
#
#   diff<D>-<model>.elf  S/HS payloads for hmfw (--kernel, at 0x80200000):
#                        the same workload under a hardware walker and
#                        under hmfw's software walker (diff.c)
#
# `make test-hwmode` runs them (run.sh).

HWT_DIR := tests/hwmode
HWT_DIFF := diff1-native diff1-native-sw diff2-np diff2-snp
HWT_SRCS := $(HWT_DIR)/payload.S $(HWT_DIR)/diff.c

define hwt_diff
$(BUILD)/tobj/$(HWT_DIR)/$(1)/%.o: %
	@mkdir -p $$(dir $$@)
	$$(Q)$$(TGT_CC) $$(TGT_CFLAGS) -DDIM=$(2) -DMODEL=$(3) -MMD -c $$< -o $$@
$(BUILD)/$(HWT_DIR)/$(1).elf: $(patsubst %,$(BUILD)/tobj/$(HWT_DIR)/$(1)/%.o,$(HWT_SRCS)) examples/sbi-hello/link.ld
	@mkdir -p $$(dir $$@)
	$$(Q)$$(TGT_LD) $$(TGT_LDFLAGS) -T examples/sbi-hello/link.ld -o $$@ $(patsubst %,$(BUILD)/tobj/$(HWT_DIR)/$(1)/%.o,$(HWT_SRCS))
	$$(Q)$$(TGT_OBJDUMP) -d -M no-aliases $$@ > $$(basename $$@).asm 2>/dev/null || true
endef
$(eval $(call hwt_diff,diff1-native,1,0))
$(eval $(call hwt_diff,diff1-native-sw,1,1))
$(eval $(call hwt_diff,diff2-np,2,2))
$(eval $(call hwt_diff,diff2-snp,2,3))

HWT_IMAGES := $(patsubst %,$(BUILD)/$(HWT_DIR)/%.elf,$(HWT_DIFF))
all: $(HWT_IMAGES)

.PHONY: test-hwmode
test-hwmode: $(BUILD)/hmvirt $(BUILD)/firmware/hmfw.elf $(HWT_IMAGES)
	$(Q)BUILD=$(BUILD) bash $(HWT_DIR)/run.sh
TESTS += test-hwmode
