/*
 * h_hostile.S - the guest's operations for h_hostile.c. Each is a leaf
 * function run in VS-mode by run_virt(PRV_S, op, &params) and touches no
 * stack (the G-stage leaves the harness's memory read-only). a0 points to
 * struct params { addr, value, vsatp, rs2 } in harness memory (readable).
 * The instruction that may trap carries a global label (hx_*) so the
 * harness can check the trap's epc.
 */
	.option norvc
	.text

	.globl ho_load, hx_load
ho_load:
	ld t0, 0(a0)
hx_load:
	ld t1, 0(t0)
	ret

	.globl ho_store, hx_store
ho_store:
	ld t0, 0(a0)
	ld t1, 8(a0)
hx_store:
	sd t1, 0(t0)
	ret

/* A load under a random vsatp; a fetch fault may hit any of hx_satp1..3
 * (the harness restores vsatp and resumes at ra). */
	.globl ho_satp, hx_satp0, hx_satp1, hx_satp2, hx_satp3
ho_satp:
	ld t0, 0(a0)
	ld t2, 16(a0)
	csrr t3, satp
hx_satp0:
	csrw satp, t2
hx_satp1:
	ld t1, 0(t0)
hx_satp2:
	csrw satp, t3
hx_satp3:
	ret

/* A call to a random address (resumed after the jalr on a fetch fault). */
	.globl ho_fetch, hx_fetch_ret
ho_fetch:
	mv t5, ra
	ld t0, 0(a0)
	jalr t0
hx_fetch_ret:
	mv ra, t5
	ret

	.globl ho_sfence, ho_sfence_x0, hx_sfence, hx_sfence_x0
ho_sfence:
	ld t0, 0(a0)
	ld t1, 24(a0)
hx_sfence:
	sfence.vma t0, t1
	ret
ho_sfence_x0:
hx_sfence_x0:
	sfence.vma x0, x0
	ret

	.globl ho_hfence_vvma, ho_hfence_gvma, hx_hfence_vvma, hx_hfence_gvma
ho_hfence_vvma:
	ld t0, 0(a0)
	ld t1, 24(a0)
hx_hfence_vvma:
	.insn r 0x73, 0, 0x11, x0, t0, t1
	ret
ho_hfence_gvma:
	ld t0, 0(a0)
	ld t1, 24(a0)
hx_hfence_gvma:
	.insn r 0x73, 0, 0x31, x0, t0, t1
	ret

/* H and VS CSR accesses: a table of 8-byte entries (instruction, ret), each
 * a reading or writing CSR instruction on t1 (value in params.value). */
.macro HCSR csr
	csrr t0, \csr
	ret
	csrw \csr, t1
	ret
.endm
	.balign 8
	.globl ho_hcsr_table, ho_hcsr_end
ho_hcsr_table:
	HCSR hstatus
	HCSR hedeleg
	HCSR hideleg
	HCSR hvip
	HCSR hip
	HCSR hie
	HCSR hgeip
	HCSR hgeie
	HCSR hcounteren
	HCSR htval
	HCSR htinst
	HCSR hgatp
	HCSR htimedelta
	HCSR henvcfg
	HCSR vsstatus
	HCSR vsip
	HCSR vsie
	HCSR vstvec
	HCSR vsscratch
	HCSR vsepc
	HCSR vscause
	HCSR vstval
	HCSR vsatp
	HCSR mstatus
	HCSR mtval2
	HCSR mtinst
ho_hcsr_end:
/* Calls the table entry at params.addr with t1 = params.value. */
	.globl ho_hcsr
ho_hcsr:
	ld t1, 8(a0)
	ld t0, 0(a0)
	jr t0
