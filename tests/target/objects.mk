# Bare-metal ISA and privilege tests (tests/target): one image per area,
# $(BUILD)/tests/target/<name>.elf, each linked with the runtime in common/.
# A test's sources are tests/target/<name>.c and/or <name>.S.

TT_DIR := tests/target
TT_COMMON := $(TT_DIR)/common/start.S $(TT_DIR)/common/lib.c \
             $(TT_DIR)/common/vm.c
TT_LDS := $(TT_DIR)/common/link.ld

TT_NAMES := rv64i rv64m rv64a rvc misaligned traps interrupts csr counters \
            sv39 sv48 pagefault sum_mxr_mprv sfence satp
# Hypervisor-extension tests: also linked with common/hyp.c; run on QEMU
# with -cpu rv64,h=true (run.sh).
TT_H_NAMES := h_csr h_vinsn h_trap h_gstage h_hlv h_hostile
TT_NAMES += $(TT_H_NAMES)
# hmvirt's hardware-mode interface (software TLB refill): also linked with
# hyp.c and the software walker; on QEMU they detect its absence and skip.
TT_HW_NAMES := hw_swwalk hw_swwalk2d
TT_NAMES += $(TT_HW_NAMES)
TT_HW_COMMON := $(TT_DIR)/common/hyp.c $(TT_DIR)/common/swwalk.c \
                $(TT_DIR)/common/swwalk_entry.S

TT_SRCS = $(wildcard $(TT_DIR)/$(1).c $(TT_DIR)/$(1).S)

$(foreach t,$(filter-out $(TT_H_NAMES) $(TT_HW_NAMES),$(TT_NAMES)),$(eval $(call target_image,tests/target/$(t),$(TT_COMMON) $(call TT_SRCS,$(t)),$(TT_LDS))))
$(foreach t,$(TT_H_NAMES),$(eval $(call target_image,tests/target/$(t),$(TT_COMMON) $(TT_DIR)/common/hyp.c $(call TT_SRCS,$(t)),$(TT_LDS))))
$(foreach t,$(TT_HW_NAMES),$(eval $(call target_image,tests/target/$(t),$(TT_COMMON) $(TT_HW_COMMON) $(call TT_SRCS,$(t)),$(TT_LDS))))

TARGET_TESTS := $(patsubst %,$(BUILD)/tests/target/%.elf,$(TT_NAMES))

all: $(TARGET_TESTS)

.PHONY: test-target-qemu test-target

# Run the suite on QEMU (the oracle) or on hmvirt's machine.
test-target-qemu: $(TARGET_TESTS)
	$(Q)BUILD=$(BUILD) bash $(TT_DIR)/run.sh qemu $(TT_NAMES)

test-target: $(TARGET_TESTS) $(BUILD)/hmvirt
	$(Q)BUILD=$(BUILD) bash $(TT_DIR)/run.sh hmvirt $(TT_NAMES)

TESTS += test-target-qemu test-target
