/*
 * rvc - every RV64C instruction (the integer ones; C.FLD/C.FSD and
 * friends need D, which the platform does not have), written with c.*
 * mnemonics so that the 16-bit encodings run, each compared with the
 * result its 32-bit expansion defines. Also: the defined illegal
 * instruction (all zero), C.EBREAK, and a 32-bit instruction straddling a
 * page boundary at a 2-byte aligned address.
 */
#include "common/test.h"

const char test_name[] = "rvc";

#define C_SP "c-st-ext.adoc: Stack-Pointer-Based Loads and Stores"
#define C_REG "c-st-ext.adoc: Register-Based Loads and Stores"
#define C_CTL "c-st-ext.adoc: Control Transfer Instructions"
#define C_CONST "c-st-ext.adoc: Integer Constant-Generation Instructions"
#define C_RI "c-st-ext.adoc: Integer Register-Immediate Operations"
#define C_RR "c-st-ext.adoc: Integer Register-Register Operations"
#define C_ILL "c-st-ext.adoc: Defined Illegal Instruction"
#define C_NOP "c-st-ext.adoc: NOP Instruction"
#define C_EBRK "c-st-ext.adoc: Breakpoint Instruction"
#define C_OVR "c-st-ext.adoc: Overview"

/* One-register op on `reg` (any name usable in a register variable). */
#define C1(reg, insn, init, exp, clause)                                \
	do {                                                            \
		register uint64_t r_ asm(reg) = (init);                 \
		asm volatile(insn : "+r"(r_));                          \
		CHECK_EQ_W(r_, exp, insn " (from " #init ")", clause);  \
	} while (0)

/* Two-register op: rd = a0 (in/out), rs2 = a1. */
#define C2(insn, x, y, exp, clause)                                      \
	do {                                                             \
		register uint64_t d_ asm("a0") = (x);                    \
		register uint64_t s_ asm("a1") = (y);                    \
		asm volatile(insn : "+r"(d_) : "r"(s_));                 \
		CHECK_EQ_W(d_, exp, insn " (" #x ", " #y ")", clause);   \
	} while (0)

static void test_constants(void)
{
	C1("a0", "c.li a0, -32", 0, 0xffffffffffffffe0, C_CONST);
	C1("t3", "c.li t3, 31", 0, 31, C_CONST);
	C1("a0", "c.li a0, 0", 5, 0, C_CONST);
	/* C.LUI: nzimm[17:12], sign-extended. */
	C1("a0", "c.lui a0, 1", 0, 0x1000, C_CONST);
	C1("a5", "c.lui a5, 31", 0, 0x1f000, C_CONST);
	C1("t4", "c.lui t4, 0xfffe0", 0, 0xfffffffffffe0000, C_CONST);
	C1("a0", "c.lui a0, 0xfffff", 0, 0xfffffffffffff000, C_CONST);
}

static void test_reg_imm(void)
{
	C1("a0", "c.addi a0, -5", 3, -2, C_RI);
	C1("t5", "c.addi t5, 31", 0x7fffffffffffffe1, 0x8000000000000000, C_RI);
	/* C.ADDIW: 32-bit add, result sign-extended. */
	C1("a0", "c.addiw a0, 1", 0x7fffffff, 0xffffffff80000000, C_RI);
	C1("s1", "c.addiw s1, 0", 0x1234567880000000, 0xffffffff80000000,
	   C_RI);
	C1("t3", "c.addiw t3, -1", 0x100000000, -1, C_RI);
	/* RV64C shift amounts go to 63 (shamt[5] in bit 12). */
	C1("t6", "c.slli t6, 63", 1, 0x8000000000000000, C_RI);
	C1("a0", "c.slli a0, 4", 0x0fffffffffffffff, 0xfffffffffffffff0, C_RI);
	C1("a2", "c.srli a2, 32", 0x8000000100000000, 0x80000001, C_RI);
	C1("a2", "c.srli a2, 1", 0x8000000000000000, 0x4000000000000000, C_RI);
	C1("s0", "c.srai s0, 63", 0x8000000000000000, -1, C_RI);
	C1("s0", "c.srai s0, 4", 0x8000000000000000, 0xf800000000000000, C_RI);
	/* C.ANDI: 6-bit sign-extended immediate. */
	C1("a3", "c.andi a3, -16", 0x123456789abcdeff, 0x123456789abcdef0, C_RI);
	C1("a3", "c.andi a3, 31", 0xffffffffffffffff, 31, C_RI);
	C1("a0", "c.andi a0, 0", -1, 0, C_RI);
}

static void test_reg_reg(void)
{
	C2("c.mv a0, a1", 1, 0x8000000000000001, 0x8000000000000001, C_RR);
	C2("c.add a0, a1", 0x7fffffffffffffff, 1, 0x8000000000000000, C_RR);
	C2("c.sub a0, a1", 0, 1, -1, C_RR);
	C2("c.xor a0, a1", 0xff00, 0x0ff0, 0xf0f0, C_RR);
	C2("c.or a0, a1", 0xff00, 0x0ff0, 0xfff0, C_RR);
	C2("c.and a0, a1", 0xff00, 0x0ff0, 0x0f00, C_RR);
	C2("c.addw a0, a1", 0x7fffffff, 1, 0xffffffff80000000, C_RR);
	C2("c.addw a0, a1", 0xffffffff00000005, 0x1234567800000003, 8, C_RR);
	C2("c.subw a0, a1", 0, 1, -1, C_RR);
	C2("c.subw a0, a1", 0x80000000, 1, 0x7fffffff, C_RR);

	/* CR format with registers outside x8-x15. */
	{
		register uint64_t d asm("t4") = 5;
		register uint64_t s asm("s10") = 7;
		asm volatile("c.add t4, s10" : "+r"(d) : "r"(s));
		CHECK_EQ_W(d, 12, "c.add t4, s10", C_RR);
		asm volatile("c.mv s10, t4" : "+r"(s) : "r"(d));
		CHECK_EQ_W(s, 12, "c.mv s10, t4", C_RR);
	}

	/* C.NOP changes nothing. */
	{
		register uint64_t a asm("a0") = 42;
		asm volatile("c.nop\nc.nop" : "+r"(a));
		CHECK_EQ_W(a, 42, "c.nop", C_NOP);
	}
}

static uint64_t sp_buf[80] __attribute__((aligned(16)));

static void test_sp_based(void)
{
	uint64_t *b = sp_buf;
	for (int i = 0; i < 80; i++)
		b[i] = 0;
	b[1] = 0x80000000fffffff0; /* word at +8: 0xfffffff0 */
	b[63] = 0x0123456789abcdef;

	register uint64_t base asm("a4") = (uint64_t)b;
	register uint64_t r0 asm("a0");
	register uint64_t r1 asm("t3");
	register uint64_t r2 asm("a2");
	register uint64_t r3 asm("a3");
	register uint64_t v1 asm("a5") = 0x1122334455667788;
	register uint64_t v2 asm("t5") = 0x99aabbccddeeff00;

	/* sp is switched to the buffer for the block only. */
	asm volatile("mv t6, sp\n"
		     "mv sp, %[base]\n"
		     "c.lwsp %0, 8(sp)\n"       /* sign-extends */
		     "c.ldsp %1, 504(sp)\n"     /* largest offset */
		     "c.swsp %[v1], 252(sp)\n"  /* largest offset */
		     "c.sdsp %[v2], 16(sp)\n"
		     "c.addi4spn %2, sp, 1020\n"
		     "c.addi16sp sp, -512\n"
		     "mv %3, sp\n"
		     "c.addi16sp sp, 496\n"
		     "c.addi16sp sp, 16\n"
		     "mv sp, t6"
		     : "=&r"(r0), "=&r"(r1), "=&r"(r2), "=&r"(r3)
		     : [base] "r"(base), [v1] "r"(v1), [v2] "r"(v2)
		     : "t6", "memory");
	CHECK_EQ_W(r0, 0xfffffffffffffff0, "c.lwsp sign-extends", C_SP);
	CHECK_EQ_W(r1, 0x0123456789abcdef, "c.ldsp 504(sp)", C_SP);
	CHECK_EQ_W(b[31] >> 32, 0x55667788, "c.swsp 252(sp)", C_SP);
	CHECK_EQ_W(b[31] & 0xffffffff, 0, "c.swsp writes 4 bytes", C_SP);
	CHECK_EQ_W(b[2], 0x99aabbccddeeff00, "c.sdsp 16(sp)", C_SP);
	CHECK_EQ_W(r2, (uint64_t)b + 1020, "c.addi4spn 1020", C_RI);
	CHECK_EQ_W(r3, (uint64_t)b - 512, "c.addi16sp -512", C_RI);
}

static void test_reg_based(void)
{
	uint64_t *b = sp_buf;
	b[0] = 0xffffffff80000001;
	b[15] = 0x7fffffff00000000; /* word at +124 is the high half */
	b[31] = 0xfedcba9876543210;
	b[30] = 0;
	b[10] = 0;

	register uint64_t base asm("s1") = (uint64_t)b;
	register uint64_t r0 asm("a0");
	register uint64_t r1 asm("a1");
	register uint64_t r2 asm("a2");
	register uint64_t v asm("s0") = 0xa5a5a5a5c3c3c3c3;

	asm volatile("c.lw %0, 0(%[b])\n"
		     "c.lw %1, 124(%[b])\n"
		     "c.ld %2, 248(%[b])\n"
		     "c.sw %[v], 84(%[b])\n"
		     "c.sd %[v], 240(%[b])"
		     : "=&r"(r0), "=&r"(r1), "=&r"(r2)
		     : [b] "r"(base), [v] "r"(v)
		     : "memory");
	CHECK_EQ_W(r0, 0xffffffff80000001, "c.lw sign-extends", C_REG);
	CHECK_EQ_W(r1, 0x7fffffff, "c.lw 124(rs1')", C_REG);
	CHECK_EQ_W(r2, 0xfedcba9876543210, "c.ld 248(rs1')", C_REG);
	CHECK_EQ_W(b[10], 0xc3c3c3c300000000, "c.sw 84(rs1')", C_REG);
	CHECK_EQ_W(b[30], 0xa5a5a5a5c3c3c3c3, "c.sd 240(rs1')", C_REG);
}

uint64_t straddle_fn(void);

static void test_control(void)
{
	uint64_t t, link, exp;

	/* C.J forward and backward. */
	{
		register uint64_t n asm("a1");
		asm volatile("c.li %0, 0\n"
			     "c.j 2f\n"
			     "1: c.addi %0, 1\n"
			     "c.j 3f\n"
			     "c.addi %0, 8\n"
			     "2: c.j 1b\n"
			     "c.addi %0, 4\n"
			     "3:"
			     : "=&r"(n));
		CHECK_EQ_W(n, 1, "c.j forward then backward", C_CTL);
	}

	/* C.BEQZ / C.BNEZ, taken and not taken. */
#define CBR(insn, v)                                                 \
	({                                                           \
		register uint64_t x_ asm("a2") = (v);                \
		register uint64_t k_ asm("a3");                      \
		asm volatile("c.li %0, 1\n" insn " %1, 1f\n"         \
			     "c.li %0, 0\n1:"                        \
			     : "=&r"(k_)                             \
			     : "r"(x_));                             \
		k_;                                                  \
	})
	CHECK_EQ_W(CBR("c.beqz", 0), 1, "c.beqz 0 taken", C_CTL);
	CHECK_EQ_W(CBR("c.beqz", 0x100000000), 0, "c.beqz 2^32 not taken",
		   C_CTL);
	CHECK_EQ_W(CBR("c.bnez", 0x8000000000000000), 1,
		   "c.bnez 2^63 taken", C_CTL);
	CHECK_EQ_W(CBR("c.bnez", 0), 0, "c.bnez 0 not taken", C_CTL);

	/* C.JR: jump to rs1. */
	asm volatile("li %0, 0\n"
		     "la t0, 1f\n"
		     "c.jr t0\n"
		     "li %0, 1\n"
		     "1:"
		     : "=&r"(t)
		     :
		     : "t0");
	CHECK_EQ_W(t, 0, "c.jr", C_CTL);

	/* C.JALR: link = pc + 2. */
	asm volatile("li %0, 0\n"
		     "la t0, 1f\n"
		     "la %2, 2f\n"
		     "c.jalr t0\n"
		     "2: li %0, 1\n"
		     "1: mv %1, ra"
		     : "=&r"(t), "=&r"(link), "=&r"(exp)
		     :
		     : "t0", "ra");
	CHECK_EQ_W(t, 0, "c.jalr jumps", C_CTL);
	CHECK_EQ_W(link, exp, "c.jalr links pc+2", C_CTL);

	/* A 32-bit instruction fetched across a 4 KiB boundary. */
	CHECK_EQ_W(straddle_fn(), 6,
		   "32-bit instruction straddling a page boundary", C_OVR);
}

static void test_traps(void)
{
	uint64_t at;

	trap_arm();
	asm volatile("la %0, 1f\n1: c.ebreak" : "=r"(at));
	CHECK_EQ_W(trap.cause, CAUSE_BREAKPOINT, "c.ebreak: mcause 3", C_EBRK);
	CHECK_EQ_W(trap.epc, at, "c.ebreak: mepc", C_EBRK);
	CHECK_W(trap.tval == 0 || trap.tval == at, "c.ebreak: mtval 0 or pc",
		"machine.adoc: Machine Trap Value (`mtval`) Register");

	trap_arm();
	asm volatile("la %0, 1f\n1: .2byte 0" : "=r"(at));
	CHECK_EQ_W(trap.cause, CAUSE_ILLEGAL, "0x0000 is illegal", C_ILL);
	CHECK_EQ_W(trap.epc, at, "0x0000: mepc", C_ILL);
	CHECK_EQ_W(trap.tval, 0, "0x0000: mtval (the bits, or 0)",
		   "machine.adoc: Machine Trap Value (`mtval`) Register");
}

int main(void)
{
	test_constants();
	test_reg_imm();
	test_reg_reg();
	test_sp_based();
	test_reg_based();
	test_control();
	test_traps();
	return test_done();
}
