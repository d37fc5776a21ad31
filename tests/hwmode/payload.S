/*
 * payload.S - entry, trap entries and guest entry/exit of the hwmode
 * differential-test payloads (diff.c), S/HS-mode images linked at
 * 0x80200000 and started by hmfw as --kernel.
 *
 * Trap entries (one macro): swap sp with sscratch (the mode's trap stack;
 * in VS sscratch is vsscratch), save x1..x31 in a frame, call the C
 * handler with it, restore, sret. A handler may edit the frame and sepc.
 */
	.section .text.entry, "ax"
	.globl	_start
_start:
	la	sp, __stack_top
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	la	t0, hs_trap_stack_top
	csrw	sscratch, t0
	la	t0, hs_trap_entry
	csrw	stvec, t0
	call	main
3:	wfi
	j	3b

.macro TRAP_ENTRY handler
	csrrw	sp, sscratch, sp
	addi	sp, sp, -256
	.irp	n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd	x\n, \n * 8(sp)
	.endr
	csrr	t0, sscratch
	sd	t0, 2 * 8(sp)
	mv	a0, sp
	call	\handler
	addi	t0, sp, 256
	csrw	sscratch, t0
	.irp	n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld	x\n, \n * 8(sp)
	.endr
	ld	sp, 2 * 8(sp)
	sret
.endm

	.text
	.balign 4
	.globl	hs_trap_entry
hs_trap_entry:
	TRAP_ENTRY hs_trap
	.balign 4
	.globl	vs_trap_entry
vs_trap_entry:
	TRAP_ENTRY vs_trap

/*
 * uint64_t enter_guest(uint64_t (*fn)(uint64_t), uint64_t arg, uint64_t sp)
 * HS: saves the callee-saved registers, then srets to VS-mode at
 * guest_tramp, which runs fn(arg) on stack sp and ecalls with the result
 * in a0; hs_trap calls leave_guest(a0) for that ecall.
 */
	.globl	enter_guest
enter_guest:
	la	t0, host_ctx
	sd	ra, 0(t0)
	sd	sp, 8(t0)
	.set	i, 2
	.irp	r, s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11
	sd	\r, i * 8(t0)
	.set	i, i + 1
	.endr
	la	t0, guest_tramp
	csrw	sepc, t0
	li	t0, (1 << 7) | (1 << 8)	/* hstatus.SPV, SPVP */
	csrs	hstatus, t0
	li	t0, 1 << 8		/* sstatus.SPP = S */
	csrs	sstatus, t0
	mv	t0, a0
	mv	a0, a1
	mv	sp, a2
	mv	a1, t0
	sret
guest_tramp:
	jalr	a1
	li	a7, 0x47554553		/* "GUES": the guest is done */
	ecall
4:	j	4b

/* void leave_guest(uint64_t value): back to enter_guest's caller. */
	.globl	leave_guest
leave_guest:
	la	t0, hs_trap_stack_top
	csrw	sscratch, t0
	la	t0, host_ctx
	ld	ra, 0(t0)
	ld	sp, 8(t0)
	.set	i, 2
	.irp	r, s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11
	ld	\r, i * 8(t0)
	.set	i, i + 1
	.endr
	ret

	.bss
	.balign 16
host_ctx:
	.skip	14 * 8
	.balign 16
	.skip	8192
	.globl	hs_trap_stack_top
hs_trap_stack_top:
	.skip	8192
	.globl	vs_trap_stack_top
vs_trap_stack_top:
	.skip	16384
	.globl	guest_stack_top
guest_stack_top:
