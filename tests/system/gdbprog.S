# Bare-metal program for the GDB stub test (tests/system/gdb.sh): M-mode at
# the reset address. Puts 42 in a0, calls target_fn (where the test stops
# and steps), makes an ecall that trap_handler skips (stepping into a
# trap), then, unless the debugger set `spin`, exits with code 0 through
# the SiFive test finisher. With spin != 0 it loops in spin_loop until the
# debugger clears it (the interrupt test).
	.section .text.entry
	.globl _start
_start:
	la	t0, trap_handler
	csrw	mtvec, t0
	li	a0, 42
	li	a1, 7
	call	target_fn
	.globl do_ecall
do_ecall:
	ecall
	la	t0, spin
	.globl spin_loop
spin_loop:
	lw	t1, 0(t0)
	bnez	t1, spin_loop
	li	t0, 0x100000            # finisher
	li	t1, 0x5555              # pass: exit code 0
	.globl finish
finish:
	sw	t1, 0(t0)
1:	wfi
	j	1b

	.globl target_fn
	.type target_fn, @function
target_fn:
	addi	a0, a0, 1               # stepi over this: a0 = 43
	add	a2, a0, a1              # a2 = 50
	ret
	.size target_fn, . - target_fn

	.globl trap_handler
	.balign 4
trap_handler:                           # skips the ecall
	csrr	t0, mepc
	addi	t0, t0, 4
	csrw	mepc, t0
	mret

	.section .data
	.globl magic, spin
	.balign 8
magic:	.word 0xfeedc0de
spin:	.word 0
