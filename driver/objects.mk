# The driver: the hmvirt program.
DRIVER_SRCS := $(wildcard driver/*.c)
DRIVER_OBJS := $(patsubst %.c,$(BUILD)/hobj/%.o,$(DRIVER_SRCS))

$(BUILD)/hmvirt: $(EMU_OBJS) $(DRIVER_OBJS)
	@mkdir -p $(dir $@)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -o $@ $^ $(HOST_LDLIBS)

all: $(BUILD)/hmvirt
