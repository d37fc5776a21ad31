# user/: the workloads, the robustness test programs and their small libc,
# as static RISC-V Linux ELF programs (RV64IMAC, lp64, linked at 0x10000
# by user/user.ld), and the initramfs that carries them (user/README.md).
# $(BUILD)/user/<name>.elf is a program with its debug information and its
# .asm and .sym listings; $(BUILD)/user/<name> is the same program without
# the debug sections (symbols kept), the file the initramfs and
# qemu-riscv64 take.

USER_LIB := $(addprefix user/lib/,crt0.S start.c syscall.c string.c printf.c \
	      malloc.c bench.c)
# user/bench/NAME.c: the workloads (each self-checking, with ROI markers),
# true (what execbench and mix exec) and init (the first process)
USER_WORKLOADS := gups chase stream forkbench execbench mmapbench pagefault \
		  ctxsw mix
# user/tests/NAME.c: robustness programs for the kernel's tests, and the
# libc's (and system calls') unit checks
USER_TESTS := badptr forkbomb enomem execbad libctest
USER_PROGS := $(USER_WORKLOADS) true init $(USER_TESTS)
USER_BINS := $(patsubst %,$(BUILD)/user/%,$(USER_PROGS))
USER_INITRAMFS := $(BUILD)/user/initramfs.cpio

# the library's one header
$(BUILD)/tobj/user/%: TGT_CFLAGS += -Iuser/lib

$(foreach p,$(USER_PROGS),$(eval $(call target_image,user/$(p),$(USER_LIB) \
	$(wildcard user/bench/$(p).c user/tests/$(p).c),user/user.ld)))

USER_OBJCOPY := $(shell command -v llvm-objcopy 2>/dev/null || command -v llvm-objcopy-14)

$(BUILD)/user/%: $(BUILD)/user/%.elf
	$(Q)$(USER_OBJCOPY) --strip-debug $< $@

# badelf: a malformed ELF executable that execve must refuse with ENOEXEC
# (a data file, not a program). Its header has the right magic, class
# (64-bit), byte order, version, type (ET_EXEC), machine (RISC-V), entry
# (0x10000) and program-header offset (64), a garbage section-header
# offset, and then the file ends: 48 of Elf64_Ehdr's 64 bytes, so
# e_phentsize, e_phnum and the program headers are missing.
$(BUILD)/user/badelf: user/objects.mk
	@mkdir -p $(dir $@)
	$(Q)printf '\177ELF\002\001\001\000\000\000\000\000\000\000\000\000' > $@.tmp
	$(Q)printf '\002\000\363\000\001\000\000\000' >> $@.tmp
	$(Q)printf '\000\000\001\000\000\000\000\000\100\000\000\000\000\000\000\000' >> $@.tmp
	$(Q)printf '\377\377\377\377\377\377\377\377' >> $@.tmp
	$(Q)chmod 755 $@.tmp && mv $@.tmp $@

# The initramfs (cpio "newc", Debian's cpio): every program at /NAME, the
# bad ELF at /badelf. Entries are regular files named NAME (no leading
# "/" or "./", no directory entries), mode 0100755, owner 0:0, mtime 0,
# inodes numbered in order, sorted by name: the same bytes on every build.
$(USER_INITRAMFS): $(USER_BINS) $(BUILD)/user/badelf
	@rm -rf $(BUILD)/user/rootfs && mkdir -p $(BUILD)/user/rootfs
	$(Q)cp $(USER_BINS) $(BUILD)/user/badelf $(BUILD)/user/rootfs/
	$(Q)chmod 755 $(BUILD)/user/rootfs/* && touch -d @0 $(BUILD)/user/rootfs/*
	$(Q)cd $(BUILD)/user/rootfs && ls | LC_ALL=C sort | \
		cpio --quiet -o -H newc --reproducible --owner=0:0 > ../initramfs.cpio.tmp
	$(Q)mv $@.tmp $@

all: $(USER_BINS) $(BUILD)/user/badelf $(USER_INITRAMFS)
