/*
 * Guest entry and HS-mode trap vector of bench/randacc2s.
 *
 * long hyp_run_guest(uint64_t entry, uint64_t arg0, uint64_t arg1,
 *                    uint64_t guest_sp, void *trap_stack_top)
 *
 * Saves the HS context (callee-saved registers, then sp in hyp_host_sp),
 * points stvec at hyp_trap_entry and sscratch at trap_stack_top, and sret's
 * to entry in VS-mode (hstatus.SPV = 1, sstatus.SPP = 1) with interrupts
 * off. Every trap from the guest saves all of its registers on the trap
 * stack and calls hyp_trap(): on 0 the guest resumes exactly where it
 * trapped (sepc as hyp_trap left it); on 1 hyp_run_guest returns the
 * guest's a0.
 *
 * The hypervisor builds with a plain rv64 toolchain, so the H CSRs go by
 * number: hstatus is 0x600.
 */
#define CSR_HSTATUS 0x600
#define HSTATUS_SPV (1 << 7)
#define SSTATUS_SPIE (1 << 5)
#define SSTATUS_SPP (1 << 8)

#define FRAME_SIZE 256		/* x0..x31, 8 bytes each; x0's slot unused */

	.text
	.globl hyp_run_guest
hyp_run_guest:
	addi	sp, sp, -112
	sd	ra, 0(sp)
	sd	s0, 8(sp)
	sd	s1, 16(sp)
	sd	s2, 24(sp)
	sd	s3, 32(sp)
	sd	s4, 40(sp)
	sd	s5, 48(sp)
	sd	s6, 56(sp)
	sd	s7, 64(sp)
	sd	s8, 72(sp)
	sd	s9, 80(sp)
	sd	s10, 88(sp)
	sd	s11, 96(sp)
	la	t0, hyp_host_sp
	sd	sp, 0(t0)

	csrw	sscratch, a4
	la	t0, hyp_trap_entry
	csrw	stvec, t0
	csrw	sepc, a0
	li	t0, SSTATUS_SPP		/* sret to VS-mode, not VU */
	csrs	sstatus, t0
	li	t0, SSTATUS_SPIE	/* interrupts stay off */
	csrc	sstatus, t0
	li	t0, HSTATUS_SPV		/* sret sets V = 1 */
	csrs	CSR_HSTATUS, t0

	mv	a0, a1
	mv	a1, a2
	mv	sp, a3
	sret

/*
 * HS trap vector: only traps from the guest arrive here (medeleg delegates
 * nothing that HS-mode itself can raise). sscratch holds the top of the
 * trap stack while the guest runs.
 */
	.balign 4
hyp_trap_entry:
	csrrw	sp, sscratch, sp	/* sp = trap stack, sscratch = guest sp */
	addi	sp, sp, -FRAME_SIZE
	sd	x1, 8(sp)
	sd	x3, 24(sp)
	sd	x4, 32(sp)
	sd	x5, 40(sp)
	sd	x6, 48(sp)
	sd	x7, 56(sp)
	sd	x8, 64(sp)
	sd	x9, 72(sp)
	sd	x10, 80(sp)
	sd	x11, 88(sp)
	sd	x12, 96(sp)
	sd	x13, 104(sp)
	sd	x14, 112(sp)
	sd	x15, 120(sp)
	sd	x16, 128(sp)
	sd	x17, 136(sp)
	sd	x18, 144(sp)
	sd	x19, 152(sp)
	sd	x20, 160(sp)
	sd	x21, 168(sp)
	sd	x22, 176(sp)
	sd	x23, 184(sp)
	sd	x24, 192(sp)
	sd	x25, 200(sp)
	sd	x26, 208(sp)
	sd	x27, 216(sp)
	sd	x28, 224(sp)
	sd	x29, 232(sp)
	sd	x30, 240(sp)
	sd	x31, 248(sp)
	csrr	t0, sscratch
	sd	t0, 16(sp)		/* the guest's sp */

	call	hyp_trap
	bnez	a0, guest_done

	addi	t0, sp, FRAME_SIZE
	csrw	sscratch, t0		/* trap stack top again */
	ld	x1, 8(sp)
	ld	x3, 24(sp)
	ld	x4, 32(sp)
	ld	x5, 40(sp)
	ld	x6, 48(sp)
	ld	x7, 56(sp)
	ld	x8, 64(sp)
	ld	x9, 72(sp)
	ld	x10, 80(sp)
	ld	x11, 88(sp)
	ld	x12, 96(sp)
	ld	x13, 104(sp)
	ld	x14, 112(sp)
	ld	x15, 120(sp)
	ld	x16, 128(sp)
	ld	x17, 136(sp)
	ld	x18, 144(sp)
	ld	x19, 152(sp)
	ld	x20, 160(sp)
	ld	x21, 168(sp)
	ld	x22, 176(sp)
	ld	x23, 184(sp)
	ld	x24, 192(sp)
	ld	x25, 200(sp)
	ld	x26, 208(sp)
	ld	x27, 216(sp)
	ld	x28, 224(sp)
	ld	x29, 232(sp)
	ld	x30, 240(sp)
	ld	x31, 248(sp)
	ld	x2, 16(sp)
	sret

guest_done:
	ld	a0, 80(sp)		/* the guest's a0: its result */
	csrw	sscratch, zero
	la	t0, hyp_host_sp
	ld	sp, 0(t0)
	ld	ra, 0(sp)
	ld	s0, 8(sp)
	ld	s1, 16(sp)
	ld	s2, 24(sp)
	ld	s3, 32(sp)
	ld	s4, 40(sp)
	ld	s5, 48(sp)
	ld	s6, 56(sp)
	ld	s7, 64(sp)
	ld	s8, 72(sp)
	ld	s9, 80(sp)
	ld	s10, 88(sp)
	ld	s11, 96(sp)
	addi	sp, sp, 112
	ret

	.bss
	.balign 8
hyp_host_sp:
	.space	8
