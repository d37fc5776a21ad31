# Host unit tests (cmocka): one program per tests/unit/test_*.c, built as
# $(BUILD)/tests/unit/<name> and linked with the machine layer's objects.
#
#   make test-unit             build and run them all; fails if any test fails
#   make test-unit-asan        the same with ASan + UBSan (-fno-sanitize-recover=all),
#                              emu/ and the tests rebuilt under $(BUILD)/asan/
#
# Each run ends with "<target>: N passed, M failed" (tests/unit/run.sh).

UNIT_NAMES := $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test_*.c))
UNIT_BINS := $(patsubst %,$(BUILD)/tests/unit/%,$(UNIT_NAMES))
UNIT_LDLIBS := -lfdt -lcmocka -linih -lcjson
UNIT_ENV ?=
UNIT_LABEL ?= test-unit

UNIT_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

$(UNIT_BINS): $(BUILD)/tests/unit/%: tests/unit/%.c tests/unit/unit.h $(EMU_OBJS)
	@mkdir -p $(dir $@)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -MMD -o $@ $< $(EMU_OBJS) $(UNIT_LDLIBS)

.PHONY: test-unit test-unit-asan
test-unit: $(UNIT_BINS)
	$(Q)$(UNIT_ENV) bash tests/unit/run.sh $(UNIT_LABEL) $(UNIT_BINS)

# The emu layer and the tests rebuilt with sanitizers in their own tree.
test-unit-asan:
	$(Q)$(MAKE) --no-print-directory BUILD=$(BUILD)/asan HOST_OPT=-O1 \
		EXTRA_CFLAGS='$(EXTRA_CFLAGS) $(UNIT_SAN)' UNIT_LABEL=test-unit-asan \
		UNIT_ENV='ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1' \
		test-unit

TESTS += test-unit test-unit-asan
