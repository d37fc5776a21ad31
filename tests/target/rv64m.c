/*
 * rv64m - the M extension on RV64: MUL/MULH/MULHSU/MULHU, DIV/DIVU/
 * REM/REMU including division by zero and signed overflow, and the W
 * forms (32-bit operands, sign-extended 32-bit results).
 */
#include "common/test.h"

const char test_name[] = "rv64m";

#define C_MUL "m-st-ext.adoc: Multiplication Operations"
#define C_DIV "m-st-ext.adoc: Division Operations"

#define RR(insn, a, b)                                                  \
	({                                                              \
		uint64_t r_;                                            \
		asm volatile(".option push\n.option norvc\n" insn      \
			     " %0, %1, %2\n.option pop"                 \
			     : "=r"(r_)                                 \
			     : "r"((uint64_t)(a)), "r"((uint64_t)(b))); \
		r_;                                                     \
	})
#define T(insn, a, b, exp, clause) \
	CHECK_EQ_W(RR(insn, a, b), exp, insn " " #a ", " #b, clause)

#define MIN64 0x8000000000000000
#define MAX64 0x7fffffffffffffff

static void test_mul(void)
{
	T("mul", 7, -3, -21, C_MUL);
	T("mul", 0x100000001, 0x100000001, 0x200000001, C_MUL);
	T("mul", MIN64, -1, MIN64, C_MUL);
	T("mulh", -1, -1, 0, C_MUL);
	T("mulh", MIN64, MIN64, 0x4000000000000000, C_MUL);
	T("mulh", MIN64, 2, -1, C_MUL);
	T("mulh", MAX64, MAX64, 0x3fffffffffffffff, C_MUL);
	T("mulhu", -1, -1, 0xfffffffffffffffe, C_MUL);
	T("mulhu", MIN64, 2, 1, C_MUL);
	T("mulhu", 0x100000000, 0x100000000, 1, C_MUL);
	/* MULHSU: rs1 signed, rs2 unsigned. */
	T("mulhsu", -1, -1, -1, C_MUL);
	T("mulhsu", -1, 1, -1, C_MUL);
	T("mulhsu", 1, -1, 0, C_MUL);
	T("mulhsu", MIN64, -1, 0x8000000000000000, C_MUL);
	T("mulhsu", 2, MIN64, 1, C_MUL);

	T("mulw", 0x7fffffff, 2, 0xfffffffffffffffe, C_MUL);
	T("mulw", 0x123456780000ffff, 0xabcdef000000ffff, 0xfffffffffffe0001,
	  C_MUL);
	T("mulw", -1, -1, 1, C_MUL);
	T("mulw", 0x10000, 0x8000, 0xffffffff80000000, C_MUL);
}

static void test_div(void)
{
	T("div", 20, 6, 3, C_DIV);
	T("div", -20, 6, -3, C_DIV); /* rounds toward zero */
	T("div", 20, -6, -3, C_DIV);
	T("div", -20, -6, 3, C_DIV);
	T("divu", -20, 6, 0x2aaaaaaaaaaaaaa7, C_DIV);
	T("rem", -20, 6, -2, C_DIV); /* sign of the dividend */
	T("rem", 20, -6, 2, C_DIV);
	T("remu", -20, 6, 2, C_DIV);
	T("remu", -19, 6, 3, C_DIV);

	/* Division by zero: quotient all ones, remainder = dividend. */
	T("div", 123, 0, -1, C_DIV);
	T("div", -123, 0, -1, C_DIV);
	T("divu", 123, 0, 0xffffffffffffffff, C_DIV);
	T("rem", -123, 0, -123, C_DIV);
	T("remu", 0x8000000000000123, 0, 0x8000000000000123, C_DIV);

	/* Signed overflow: quotient = dividend, remainder 0. */
	T("div", MIN64, -1, MIN64, C_DIV);
	T("rem", MIN64, -1, 0, C_DIV);
}

static void test_div_w(void)
{
	/* Only the low 32 bits of the operands take part. */
	T("divw", 0xffffffff00000014, 0x1234567800000006, 3, C_DIV);
	T("divw", -20, 6, -3, C_DIV);
	T("divw", 0x80000000, 2, 0xffffffffc0000000, C_DIV);
	T("divuw", 0x80000000, 2, 0x40000000, C_DIV);
	T("divuw", 0xffffffff, 1, 0xffffffffffffffff, C_DIV);
	T("divuw", 0x12345678fffffffe, 0xffffffff, 0, C_DIV);
	T("remw", -20, 6, -2, C_DIV);
	T("remw", 0x00000000ffffffec, 6, -2, C_DIV);
	T("remuw", 0xffffffec, 6, 2, C_DIV);
	T("remuw", 0xfffffffe, 0xffffffff, 0xfffffffffffffffe, C_DIV);

	/* By zero: quotient all ones, remainder = sext(dividend[31:0]). */
	T("divw", 0x123, 0xffffffff00000000, -1, C_DIV);
	T("divuw", 0x123, 0, -1, C_DIV);
	T("remw", 0x1234567880000001, 0, 0xffffffff80000001, C_DIV);
	T("remuw", 0x1234567880000001, 0, 0xffffffff80000001, C_DIV);
	T("remuw", 0x1234567800000005, 0, 5, C_DIV);

	/* Overflow: -2^31 / -1. */
	T("divw", 0x80000000, -1, 0xffffffff80000000, C_DIV);
	T("remw", 0x80000000, -1, 0, C_DIV);
}

int main(void)
{
	test_mul();
	test_div();
	test_div_w();
	return test_done();
}
