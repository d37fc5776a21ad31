/*
 * entry.S - hmfw's reset entry, M trap vector and the few M-mode steps
 * that need assembly. (DESIGN.md layer 2; fw.h has the contract.)
 *
 * Reset (fw_jump style): every hart arrives at 0x80000000 in M-mode with
 * a0 = hart id, a1 = device tree (a2 = fw_dynamic_info: ignored). The
 * first hart to win the lottery zeroes .bss and boots (fw_boot); the
 * others wait until the boot hart has published fw_boot_done, then set
 * themselves up and wait in HSM "stopped" (fw_secondary). Harts with an
 * id >= FW_MAX_HARTS park here forever.
 */
#include "fw.h"
#include "riscv/hwmode.h"

	.section .text.entry, "ax"
	.globl	_start
_start:
	csrw	mie, zero
	la	t0, fw_hang
	csrw	mtvec, t0
	csrr	s0, mhartid
	mv	s1, a1
	li	t0, FW_MAX_HARTS
	bgeu	s0, t0, fw_hang

	/* sp = top of this hart's M stack: fw_stacks + (id + 1) * size */
	la	sp, fw_stacks
	addi	t0, s0, 1
	slli	t0, t0, FW_STACK_SHIFT
	add	sp, sp, t0

	la	t0, fw_boot_lottery
	li	t1, 1
	amoswap.w t1, t1, (t0)
	bnez	t1, 3f

	/* boot hart: zero .bss (the stacks too: nobody uses them yet) */
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	mv	a0, s0
	mv	a1, s1
	call	fw_boot			/* never returns */
	j	fw_hang

	/* other harts: wait for the boot hart, then HSM "stopped" */
3:	la	t0, fw_boot_done
4:	lw	t1, 0(t0)
	beqz	t1, 4b
	fence	r, rw
	mv	a0, s0
	call	fw_secondary		/* never returns */

	.balign 4
	.globl	fw_hang
fw_hang:
	wfi
	j	fw_hang

/*
 * The M trap vector, exactly as fw.h lays it out. The hardware-mode TLB
 * misses (causes 24..26) have a vector of their own (MTLBTVEC, set with
 * the model); one that arrives here takes the slow path like any trap.
 */
	.section .text.fw_vector, "ax"
	.balign 4
	.globl	fw_trap_vector
fw_trap_vector:
	csrrw	sp, mscratch, sp	/* sp = this hart's struct fw_hart */
	sd	t0, FW_FAST_T0(sp)
	sd	t1, FW_FAST_T1(sp)

/*
 * fw_trap_slow: sp = struct fw_hart, mscratch = the interrupted sp, t0/t1
 * of the interrupted code in FW_FAST_T0/T1. Saves x1..x31 in a struct
 * fw_regs on the M stack, puts mscratch back to the fw_hart, calls
 * fw_trap(fh, regs), restores and mrets. A trap taken in M-mode while on
 * this hart's M stack (interrupted sp within the upper half of it) saves
 * below that sp instead of overwriting the outer frame.
 */
	.globl	fw_trap_slow
fw_trap_slow:
	sd	t2, FW_FAST_SAVE(sp)
	csrr	t0, mscratch		/* the interrupted sp */
	ld	t1, FW_HART_STACK_TOP(sp)
	sub	t2, t1, t0
	srli	t2, t2, FW_STACK_SHIFT - 1
	bnez	t2, 1f			/* not on our M stack: start at its top */
	mv	t1, t0
1:	addi	t1, t1, -FW_REGS_SIZE
	sd	ra, 1*8(t1)
	sd	t0, 2*8(t1)		/* x2: the interrupted sp */
	sd	gp, 3*8(t1)
	sd	tp, 4*8(t1)
	ld	t2, FW_FAST_T0(sp)
	sd	t2, 5*8(t1)
	ld	t2, FW_FAST_T1(sp)
	sd	t2, 6*8(t1)
	ld	t2, FW_FAST_SAVE(sp)
	sd	t2, 7*8(t1)
	sd	s0, 8*8(t1)
	sd	s1, 9*8(t1)
	sd	a0, 10*8(t1)
	sd	a1, 11*8(t1)
	sd	a2, 12*8(t1)
	sd	a3, 13*8(t1)
	sd	a4, 14*8(t1)
	sd	a5, 15*8(t1)
	sd	a6, 16*8(t1)
	sd	a7, 17*8(t1)
	sd	s2, 18*8(t1)
	sd	s3, 19*8(t1)
	sd	s4, 20*8(t1)
	sd	s5, 21*8(t1)
	sd	s6, 22*8(t1)
	sd	s7, 23*8(t1)
	sd	s8, 24*8(t1)
	sd	s9, 25*8(t1)
	sd	s10, 26*8(t1)
	sd	s11, 27*8(t1)
	sd	t3, 28*8(t1)
	sd	t4, 29*8(t1)
	sd	t5, 30*8(t1)
	sd	t6, 31*8(t1)
	csrw	mscratch, sp		/* mscratch = fw_hart again */
	mv	a0, sp
	mv	a1, t1
	mv	sp, t1
	call	fw_trap
	/* sp = the struct fw_regs */
	ld	ra, 1*8(sp)
	ld	gp, 3*8(sp)
	ld	tp, 4*8(sp)
	ld	t0, 5*8(sp)
	ld	t1, 6*8(sp)
	ld	t2, 7*8(sp)
	ld	s0, 8*8(sp)
	ld	s1, 9*8(sp)
	ld	a0, 10*8(sp)
	ld	a1, 11*8(sp)
	ld	a2, 12*8(sp)
	ld	a3, 13*8(sp)
	ld	a4, 14*8(sp)
	ld	a5, 15*8(sp)
	ld	a6, 16*8(sp)
	ld	a7, 17*8(sp)
	ld	s2, 18*8(sp)
	ld	s3, 19*8(sp)
	ld	s4, 20*8(sp)
	ld	s5, 21*8(sp)
	ld	s6, 22*8(sp)
	ld	s7, 23*8(sp)
	ld	s8, 24*8(sp)
	ld	s9, 25*8(sp)
	ld	s10, 26*8(sp)
	ld	s11, 27*8(sp)
	ld	t3, 28*8(sp)
	ld	t4, 29*8(sp)
	ld	t5, 30*8(sp)
	ld	t6, 31*8(sp)
	ld	sp, 2*8(sp)
	mret

	.text
/*
 * long fw_read_mhwctl(uint64_t *val): reads CSR_MHWCTL under a temporary
 * trap handler. Returns 1 and *val on success, 0 if the read trapped (a
 * hart without hmvirt's hardware-mode interface: illegal instruction).
 * The trap is taken in M-mode with interrupts off, so the handler only
 * has to restore mtvec; no mret is needed.
 */
	.balign 4
	.globl	fw_read_mhwctl
fw_read_mhwctl:
	csrr	t0, mtvec
	la	t1, 1f
	csrw	mtvec, t1
	csrr	t1, CSR_MHWCTL
	sd	t1, 0(a0)
	li	a0, 1
	j	2f
	.balign 4
1:	li	a0, 0
2:	csrw	mtvec, t0
	ret

/* fw_mret(a0, a1): mret with the next stage's a0/a1 (CSRs set by C). */
	.globl	fw_mret
fw_mret:
	mret

	.data
	.balign 4
fw_boot_lottery:
	.word	0
	.globl	fw_boot_done
fw_boot_done:
	.word	0
