/*
 * uaccess.S - the only kernel code that touches user addresses: copies
 * with sstatus.SUM set (priv spec, "Supervisor Status Register": SUM
 * permits S-mode access to U pages). A page fault in here is resolved by
 * kernel_trap through uaccess_fixup (trap.c): the fault handler maps the
 * page and the access is retried, or the copy ends at uaccess_fault,
 * which returns -EFAULT. As Linux's exception table, with one entry.
 */
#define SUM (1 << 18)
#define EFAULT 14

	.section .text.uaccess, "ax"
	.globl __uaccess_start, __uaccess_end, __uaccess_fault
	.globl __uaccess_copy, __uaccess_strncpy
__uaccess_start:

/* long __uaccess_copy(void *dst, const void *src, size_t n): 0 or -EFAULT */
__uaccess_copy:
	li	t0, SUM
	csrs	sstatus, t0
	or	t2, a0, a1
	or	t2, t2, a2
	andi	t2, t2, 7
	bnez	t2, 2f
1:	beqz	a2, 3f			/* all aligned: doublewords */
	ld	t1, 0(a1)
	sd	t1, 0(a0)
	addi	a0, a0, 8
	addi	a1, a1, 8
	addi	a2, a2, -8
	j	1b
2:	beqz	a2, 3f			/* bytes */
	lbu	t1, 0(a1)
	sb	t1, 0(a0)
	addi	a0, a0, 1
	addi	a1, a1, 1
	addi	a2, a2, -1
	j	2b
3:	csrc	sstatus, t0
	li	a0, 0
	ret

/* long __uaccess_strncpy(char *dst, const char *src, size_t max): the
 * string's length when its NUL was copied within max bytes, else max;
 * or -EFAULT */
__uaccess_strncpy:
	li	t0, SUM
	csrs	sstatus, t0
	li	t2, 0
1:	beq	t2, a2, 2f
	add	t3, a1, t2
	lbu	t1, 0(t3)
	add	t3, a0, t2
	sb	t1, 0(t3)
	beqz	t1, 2f
	addi	t2, t2, 1
	j	1b
2:	csrc	sstatus, t0
	mv	a0, t2
	ret

__uaccess_fault:
	li	t0, SUM
	csrc	sstatus, t0
	li	a0, -EFAULT
	ret
__uaccess_end:
