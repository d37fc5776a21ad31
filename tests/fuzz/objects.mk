# libFuzzer target for the ELF loader: $(BUILD)/fuzz/fuzz_elf, with the
# machine layer compiled into it by clang (ASan + UBSan + coverage) in
# $(BUILD)/fuzz/obj/, and a seed corpus built from tests/fuzz/seed.S.
#
#   make test-fuzz             fuzz for FUZZ_TIME seconds (default 20); fails on
#                              any crash, leak, UB or contract violation.
#                              New inputs go to $(BUILD)/fuzz/corpus, crashes to
#                              $(BUILD)/fuzz/artifacts/. Ends with
#                              "test-fuzz: N passed, M failed".
#   $(BUILD)/fuzz/fuzz_elf FILE...   replays inputs (e.g. a crash artifact).

FUZZ_CC ?= clang
FUZZ_TIME ?= 20
FUZZ_SAN := -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS := -std=c11 -g -O1 -D_GNU_SOURCE -Iinclude -Iemu -Idriver \
               -Wall -Wextra -Wno-unused-parameter $(FUZZ_SAN)
FUZZ_OBJS := $(patsubst %.c,$(BUILD)/fuzz/obj/%.o,$(EMU_SRCS) tests/fuzz/fuzz_elf.c)
FUZZ_SEEDS := $(BUILD)/fuzz/seeds/min.elf

$(BUILD)/fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -c $< -o $@

$(BUILD)/fuzz/fuzz_elf: $(FUZZ_OBJS)
	@mkdir -p $(dir $@)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $^ $(HOST_LDLIBS)

# The seed: a real toolchain-built RISC-V executable (text, data, bss).
$(BUILD)/fuzz/seeds/min.elf: $(BUILD)/tobj/tests/fuzz/seed.S.o tests/fuzz/seed.ld
	@mkdir -p $(dir $@)
	$(Q)$(TGT_LD) --no-relax -nostdlib -T tests/fuzz/seed.ld --strip-all \
		-z max-page-size=16 -o $@ $<

.PHONY: test-fuzz
test-fuzz: $(BUILD)/fuzz/fuzz_elf $(FUZZ_SEEDS)
	@mkdir -p $(BUILD)/fuzz/corpus $(BUILD)/fuzz/artifacts
	$(Q)st=0; $(BUILD)/fuzz/fuzz_elf -max_total_time=$(FUZZ_TIME) -timeout=10 \
		-print_final_stats=1 -artifact_prefix=$(BUILD)/fuzz/artifacts/ \
		$(BUILD)/fuzz/corpus $(BUILD)/fuzz/seeds || st=$$?; \
	if [ $$st -eq 0 ]; then echo "test-fuzz: 1 passed, 0 failed"; \
	else echo "test-fuzz: crashing input in $(BUILD)/fuzz/artifacts/"; \
	     echo "test-fuzz: 0 passed, 1 failed"; fi; exit $$st

TESTS += test-fuzz
