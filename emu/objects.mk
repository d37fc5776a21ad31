# The machine layer: host C, linked into build/hmvirt and the unit tests.
EMU_SRCS := $(wildcard emu/*.c)
EMU_OBJS := $(patsubst %.c,$(BUILD)/hobj/%.o,$(EMU_SRCS))
