# hmvirt: one GNU Make build for the host program and every target image.
# Each folder contributes an objects.mk fragment; this file holds the
# toolchains and the generic rules.

BUILD ?= build
V ?= 0
Q := $(if $(filter 1,$(V)),,@)

# ---- host (x86-64, C11) --------------------------------------------------
HOST_CC ?= cc
HOST_OPT ?= -O2
HOST_WARN := -Wall -Wextra -Werror -Wshadow -Wvla -Wmissing-prototypes \
             -Wno-unused-parameter
HOST_CFLAGS := -std=c11 $(HOST_OPT) -g $(HOST_WARN) -D_GNU_SOURCE -Iinclude -Iemu -Idriver \
               $(EXTRA_CFLAGS)
HOST_LDLIBS := -lfdt -linih -lcjson

# ---- target (RISC-V, built with the installed clang and ld.lld) ----------
TGT_CC := clang --target=riscv64-unknown-elf
TGT_ARCH := -march=rv64imac -mabi=lp64 -mcmodel=medany -mno-relax
TGT_CFLAGS := $(TGT_ARCH) -O2 -g -ffreestanding -fno-builtin -fno-pic \
              -fno-stack-protector -nostdlib -Wall -Wextra -Werror -Iinclude
TGT_LD := ld.lld
TGT_OBJDUMP := $(shell command -v llvm-objdump 2>/dev/null || command -v llvm-objdump-14)
TGT_LDFLAGS := --no-relax -nostdlib

.PHONY: all test bench run clean setup
all:

# Each folder's objects.mk adds its suites (make targets) to TESTS.
TESTS :=

setup:
	$(Q)bash tools/setup.sh

# target_image(NAME, SOURCES, LINKER_SCRIPT): $(BUILD)/NAME.elf plus its
# .asm listing and .sym symbol table.
define target_image
$(BUILD)/$(1).elf: $(patsubst %,$(BUILD)/tobj/%.o,$(2)) $(3)
	@mkdir -p $$(dir $$@)
	$$(Q)$$(TGT_LD) $$(TGT_LDFLAGS) -T $(3) -o $$@ $(patsubst %,$(BUILD)/tobj/%.o,$(2))
	$$(Q)$$(TGT_OBJDUMP) -d -M no-aliases $$@ > $$(basename $$@).asm 2>/dev/null || true
	$$(Q)$$(TGT_OBJDUMP) -t $$@ > $$(basename $$@).sym 2>/dev/null || true
endef

$(BUILD)/tobj/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(Q)$(TGT_CC) $(TGT_CFLAGS) -MMD -c $< -o $@

$(BUILD)/tobj/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(Q)$(TGT_CC) $(TGT_CFLAGS) -MMD -c $< -o $@

$(BUILD)/hobj/%.o: %.c
	@mkdir -p $(dir $@)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -MMD -c $< -o $@

# emu first: later fragments link against its objects
include emu/objects.mk
include $(filter-out emu/objects.mk,$(wildcard */objects.mk */*/objects.mk))

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# The README's test command: installs what is missing, builds, runs every suite.
test:
	$(Q)bash tools/setup.sh
	$(Q)$(MAKE) --no-print-directory all
	$(Q)BUILD=$(BUILD) bash tools/run-tests.sh $(TESTS)

# The README's main job: a workload under the models, side by side, on the
# project's firmware and kernel.
run:
	$(Q)bash tools/setup.sh
	$(Q)$(MAKE) --no-print-directory all
	$(BUILD)/hmvirt compare --workload gups --json $(BUILD)/compare-gups.json \
		--plot $(BUILD)/compare-gups.png

clean:
	rm -rf $(BUILD)
