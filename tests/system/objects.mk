# System tests: a scripted gdb-multiarch session against `hmvirt machine --gdb`.
$(eval $(call target_image,tests/system/gdbprog,tests/system/gdbprog.S,tests/system/gdbprog.ld))
all: $(BUILD)/tests/system/gdbprog.elf

.PHONY: test-gdb
test-gdb: $(BUILD)/hmvirt $(BUILD)/tests/system/gdbprog.elf
	$(Q)BUILD=$(BUILD) bash tests/system/gdb.sh
TESTS += test-gdb

# The two-stage random-access programs (built in bench/) as tests.
.PHONY: test-twostage
test-twostage: $(BUILD)/hmvirt $(R2S_TEST_IMAGES)
	$(Q)BUILD=$(BUILD) bash tests/system/twostage.sh
TESTS += test-twostage
