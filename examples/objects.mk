# examples/: small programs that show how to run software on the machine.

# sbi-hello: an S-mode payload for an SBI firmware (OpenSBI fw_jump, or
# hmvirt's own), linked at 0x8020_0000.
SBI_HELLO_SRCS := $(addprefix examples/sbi-hello/,start.S main.c sbi.c console.c)
$(eval $(call target_image,examples/sbi-hello,$(SBI_HELLO_SRCS),examples/sbi-hello/link.ld))

all: $(BUILD)/examples/sbi-hello.elf
