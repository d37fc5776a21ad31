/*
 * trap.S - the S-mode trap vector, the return to user mode and the
 * context switch.
 *
 * sscratch tells where a trap came from: in U-mode it holds the running
 * process's trap frame (struct trapframe, at the top of its kernel
 * stack), in S-mode it is 0. The vector swaps it with sp:
 *  - from U: save every user register and sepc/sstatus into the frame,
 *    run user_trap(tf) on the kernel stack below the frame, and return
 *    to user mode with the frame it returns (user_return);
 *  - from S (the idle loop's timer interrupt, a page fault in
 *    uaccess.S): push a frame on the current stack, kernel_trap(frame),
 *    pop it (kernel_trap may change its sepc) and sret.
 */
#define FRAME 272		/* sizeof(struct trapframe) */
#define F_SEPC 256
#define F_SSTATUS 264

	.macro SAVE_GPRS base
	sd	x1, 8(\base)
	sd	x3, 24(\base)
	sd	x4, 32(\base)
	.irp n, 5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd	x\n, (\n * 8)(\base)
	.endr
	.endm

	.macro LOAD_GPRS_BUT_A0 base
	ld	x1, 8(\base)
	ld	x3, 24(\base)
	ld	x4, 32(\base)
	.irp n, 5,6,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld	x\n, (\n * 8)(\base)
	.endr
	.endm

	.section .text
	.balign 4
	.globl trap_vector
trap_vector:
	csrrw	sp, sscratch, sp
	beqz	sp, from_kernel
	SAVE_GPRS sp
	csrr	t0, sscratch
	sd	t0, 16(sp)		/* the user sp */
	csrw	sscratch, zero
	csrr	t0, sepc
	sd	t0, F_SEPC(sp)
	csrr	t0, sstatus
	sd	t0, F_SSTATUS(sp)
	mv	a0, sp
	call	user_trap		/* returns the frame to resume */

/* _Noreturn void user_return(struct trapframe *tf) */
	.globl user_return
user_return:
	ld	t0, F_SEPC(a0)
	csrw	sepc, t0
	ld	t0, F_SSTATUS(a0)
	csrw	sstatus, t0
	csrw	sscratch, a0
	LOAD_GPRS_BUT_A0 a0
	ld	sp, 16(a0)
	ld	a0, 80(a0)
	sret

from_kernel:
	csrrw	sp, sscratch, sp	/* sp back, sscratch 0 again */
	addi	sp, sp, -FRAME
	SAVE_GPRS sp
	addi	t0, sp, FRAME
	sd	t0, 16(sp)
	csrr	t0, sepc
	sd	t0, F_SEPC(sp)
	csrr	t0, sstatus
	sd	t0, F_SSTATUS(sp)
	mv	a0, sp
	call	kernel_trap
	ld	t0, F_SEPC(sp)
	csrw	sepc, t0
	ld	t0, F_SSTATUS(sp)
	csrw	sstatus, t0
	mv	a0, sp
	LOAD_GPRS_BUT_A0 a0
	ld	a0, 80(sp)
	addi	sp, sp, FRAME
	sret

/* void swtch(struct context *from, struct context *to): save the
 * callee-saved registers in from, load to's, return into to. */
	.globl swtch
swtch:
	sd	ra, 0(a0)
	sd	sp, 8(a0)
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11
	sd	s\n, (16 + \n * 8)(a0)
	.endr
	ld	ra, 0(a1)
	ld	sp, 8(a1)
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11
	ld	s\n, (16 + \n * 8)(a1)
	.endr
	ret
