/*
 * entry.S - the kernel's first instructions. The SBI firmware enters here
 * in S-mode (or VS-mode) at the physical address 0x80200000 with
 * a0 = hart id, a1 = device tree (physical), satp = 0 (ext-hsm.adoc and
 * the Linux boot protocol for RISC-V).
 *
 * Until satp is on, the code runs at the physical load address; it only
 * uses pc-relative addressing (auipc), so it works there. It fills a boot
 * page table of Sv39 gigapages (supervisor.adoc, "Sv39"):
 *   - the 1 GiB around the load address, identity-mapped, so the
 *     instruction after the satp write still fetches;
 *   - the same 1 GiB at 0xffffffff80000000: the kernel image's link address;
 *   - the linear map: VA 0xffffffc000000000 + PA for PA below 128 GiB.
 * All with A and D set (Svade: the machine faults on A=0 or D=0) and G.
 * Then it jumps to the linked (upper-half) address, clears .bss and calls
 * kmain(hartid, dtb_pa). mm/kvm.c replaces this table by the real one.
 */
#define PTE_LEAF_RWX 0xef /* V R W X G A D */
#define GIGA_SHIFT 30

	.section .text.entry, "ax"
	.globl _start
_start:
	csrw	sie, zero
	csrw	satp, zero
	/* one hart boots; any other that arrives parks */
	lla	t0, boot_lottery
	li	t1, 1
	amoswap.w t1, t1, (t0)
	bnez	t1, park
	mv	s0, a0
	mv	s1, a1

	lla	t0, boot_pt		/* physical address of the table */
	/* identity gigapage for the 1 GiB holding _start */
	lla	t1, _start
	srli	t1, t1, GIGA_SHIFT
	andi	t2, t1, 511
	slli	t2, t2, 3
	add	t2, t2, t0
	slli	t3, t1, 28		/* PPN = gigapage << 18, at bit 10 */
	ori	t3, t3, PTE_LEAF_RWX
	sd	t3, 0(t2)
	/* the same gigapage at the image's link address: root[510] */
	li	t2, 510 * 8
	add	t2, t2, t0
	sd	t3, 0(t2)
	/* linear map: root[256 + i] = PA i GiB, i < 128 */
	li	t1, 0
	li	t4, 128
	li	t2, 256 * 8
	add	t2, t2, t0
1:	slli	t3, t1, 28
	ori	t3, t3, PTE_LEAF_RWX
	sd	t3, 0(t2)
	addi	t2, t2, 8
	addi	t1, t1, 1
	bltu	t1, t4, 1b

	srli	t0, t0, 12
	li	t1, 8			/* Sv39 */
	slli	t1, t1, 60
	or	t0, t0, t1
	sfence.vma
	csrw	satp, t0
	sfence.vma
	ld	t0, high_entry_addr	/* absolute: the linked address */
	jr	t0

high_entry:
	la	sp, __boot_stack_top
	la	t0, __bss_start
	la	t1, __bss_end
2:	bgeu	t0, t1, 3f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	2b
3:	mv	a0, s0
	mv	a1, s1
	call	kmain			/* never returns */
park:
	wfi
	j	park

	.balign 8
high_entry_addr:
	.quad	high_entry

	.section .data.boot_pt, "aw"
	.balign 4096
	.globl boot_pt
boot_pt:
	.space	4096
boot_lottery:
	.word	0
