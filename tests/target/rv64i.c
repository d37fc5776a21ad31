/*
 * rv64i - the RV64I base integer ISA: register-register and
 * register-immediate ALU operations including the W forms, LUI/AUIPC,
 * branches, JAL/JALR (with the low-bit clear), loads and stores of every
 * width with sign/zero extension, x0, and FENCE.I after code is modified.
 *
 * Every instruction is written in inline assembly under `.option norvc`
 * so that the 32-bit encoding itself is what runs.
 */
#include "common/test.h"

const char test_name[] = "rv64i";

#define C_RI "rv32.adoc: Integer Register-Immediate Instructions"
#define C_RR "rv32.adoc: Integer Register-Register Operations"
#define C_RI64 "rv64.adoc: Integer Register-Immediate Instructions"
#define C_RR64 "rv64.adoc: Integer Register-Register Operations"
#define C_BR "rv32.adoc: Conditional Branches"
#define C_JMP "rv32.adoc: Unconditional Jumps"
#define C_LS "rv32.adoc: Load and Store Instructions"
#define C_LS64 "rv64.adoc: Load and Store Instructions"
#define C_REGS "rv32.adoc: Programmers' Model for Base Integer ISA"
#define C_FENCEI "zifencei.adoc: \"Zifencei\" Extension for Instruction-Fetch Fence, Version 2.0"

#define NORVC(s) ".option push\n.option norvc\n" s "\n.option pop\n"

/* rd = insn(rs1, rs2) */
#define RR(insn, a, b)                                                   \
	({                                                               \
		uint64_t r_;                                             \
		asm volatile(NORVC(insn " %0, %1, %2")                   \
			     : "=r"(r_)                                  \
			     : "r"((uint64_t)(a)), "r"((uint64_t)(b)));  \
		r_;                                                      \
	})
/* rd = insn(rs1, imm) */
#define RI(insn, a, imm)                                                  \
	({                                                                \
		uint64_t r_;                                              \
		asm volatile(NORVC(insn " %0, %1, %2")                    \
			     : "=r"(r_)                                   \
			     : "r"((uint64_t)(a)), "i"(imm));             \
		r_;                                                       \
	})

#define T_RR(insn, a, b, exp, clause) \
	CHECK_EQ_W(RR(insn, a, b), exp, insn " " #a ", " #b, clause)
#define T_RI(insn, a, imm, exp, clause) \
	CHECK_EQ_W(RI(insn, a, imm), exp, insn " " #a ", " #imm, clause)

static void test_alu(void)
{
	T_RR("add", 0x7fffffffffffffff, 1, 0x8000000000000000, C_RR);
	T_RR("add", -1, -1, -2, C_RR);
	T_RR("sub", 0, 1, -1, C_RR);
	T_RR("sub", 0x8000000000000000, 1, 0x7fffffffffffffff, C_RR);
	T_RR("slt", -1, 0, 1, C_RR);
	T_RR("slt", 0, -1, 0, C_RR);
	T_RR("slt", 5, 5, 0, C_RR);
	T_RR("sltu", -1, 0, 0, C_RR);
	T_RR("sltu", 0, -1, 1, C_RR);
	T_RR("and", 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0x0f000f000f000f00,
	     C_RR);
	T_RR("or", 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xfff0fff0fff0fff0,
	     C_RR);
	T_RR("xor", 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xf0f0f0f0f0f0f0f0,
	     C_RR);
	/* RV64 register shifts use rs2[5:0]. */
	T_RR("sll", 1, 63, 0x8000000000000000, C_RR64);
	T_RR("sll", 1, 64 + 4, 16, C_RR64);
	T_RR("srl", 0x8000000000000000, 63, 1, C_RR64);
	T_RR("srl", 0x8000000000000000, 64 + 60, 8, C_RR64);
	T_RR("sra", 0x8000000000000000, 63, -1, C_RR64);
	T_RR("sra", 0x8000000000000000, 64 + 4, 0xf800000000000000, C_RR64);

	T_RI("addi", 5, -6, -1, C_RI);
	T_RI("addi", 0x7fffffffffffffff, 1, 0x8000000000000000, C_RI);
	T_RI("addi", 0, 2047, 2047, C_RI);
	T_RI("addi", 0, -2048, -2048, C_RI);
	T_RI("slti", -5, -4, 1, C_RI);
	T_RI("slti", -4, -5, 0, C_RI);
	/* SLTIU sign-extends the immediate, then compares unsigned. */
	T_RI("sltiu", 0, -1, 1, C_RI);
	T_RI("sltiu", -2, -1, 1, C_RI);
	T_RI("sltiu", -1, -1, 0, C_RI);
	T_RI("andi", 0x123456789abcdef0, -16, 0x123456789abcdef0, C_RI);
	T_RI("andi", 0x123456789abcdef7, 0x7f0, 0x6f0, C_RI);
	T_RI("ori", 0, -2048, 0xfffffffffffff800, C_RI);
	T_RI("xori", 0x00ff, -1, 0xffffffffffffff00, C_RI);
	T_RI("slli", 1, 63, 0x8000000000000000, C_RI64);
	T_RI("slli", 0x00000000ffffffff, 32, 0xffffffff00000000, C_RI64);
	T_RI("srli", 0x8000000000000000, 63, 1, C_RI64);
	T_RI("srli", -1, 32, 0xffffffff, C_RI64);
	T_RI("srai", 0x8000000000000000, 32, 0xffffffff80000000, C_RI64);
	T_RI("srai", 0x4000000000000000, 62, 1, C_RI64);
}

/* The W forms compute on the low 32 bits and sign-extend bit 31. */
static void test_alu_w(void)
{
	T_RR("addw", 0x7fffffff, 1, 0xffffffff80000000, C_RR64);
	T_RR("addw", 0x123456780000000f, 0xabcdef0000000001, 16, C_RR64);
	T_RR("subw", 0, 1, -1, C_RR64);
	T_RR("subw", 0x80000000, 1, 0x7fffffff, C_RR64);
	/* sllw/srlw/sraw use rs2[4:0]. */
	T_RR("sllw", 1, 31, 0xffffffff80000000, C_RR64);
	T_RR("sllw", 1, 32 + 3, 8, C_RR64);
	T_RR("sllw", 0xffffffff00000001, 1, 2, C_RR64);
	T_RR("srlw", 0xffffffff80000000, 0, 0xffffffff80000000, C_RR64);
	T_RR("srlw", 0xffffffff80000000, 1, 0x40000000, C_RR64);
	T_RR("srlw", 0x12345678ffffffff, 32, -1, C_RR64);
	T_RR("srlw", 0x00000000ffffffff, 31 + 32, 1, C_RR64);
	T_RR("sraw", 0x80000000, 4, 0xfffffffff8000000, C_RR64);
	T_RR("sraw", 0xffffffff7fffffff, 30, 1, C_RR64);
	T_RR("sraw", 0x80000000, 32 + 31, -1, C_RR64);

	T_RI("addiw", 0x7fffffff, 1, 0xffffffff80000000, C_RI64);
	T_RI("addiw", 0xffffffff00000000, -1, -1, C_RI64);
	T_RI("addiw", 0x1234567880000000, 0, 0xffffffff80000000, C_RI64);
	T_RI("slliw", 1, 31, 0xffffffff80000000, C_RI64);
	T_RI("slliw", 0x0000000180000001, 1, 2, C_RI64);
	T_RI("srliw", 0xffffffff80000000, 31, 1, C_RI64);
	T_RI("srliw", 0xffffffff80000000, 0, 0xffffffff80000000, C_RI64);
	T_RI("srliw", 0x00000000fffffff0, 4, 0x0fffffff, C_RI64);
	T_RI("sraiw", 0x80000000, 31, -1, C_RI64);
	T_RI("sraiw", 0x0000000170000000, 4, 0x07000000, C_RI64);
}

static void test_upper(void)
{
	uint64_t r, here;
	asm volatile(NORVC("lui %0, 0x80000") : "=r"(r));
	CHECK_EQ_W(r, 0xffffffff80000000, "lui 0x80000 sign-extends",
		   "rv64.adoc: Integer Register-Immediate Instructions");
	asm volatile(NORVC("lui %0, 0x7ffff") : "=r"(r));
	CHECK_EQ_W(r, 0x7ffff000, "lui 0x7ffff", C_RI64);
	asm volatile(NORVC("lui %0, 0xfffff") : "=r"(r));
	CHECK_EQ_W(r, 0xfffffffffffff000, "lui 0xfffff", C_RI64);

	asm volatile(NORVC("1: auipc %0, 0\n la %1, 1b")
		     : "=r"(r), "=r"(here));
	CHECK_EQ_W(r, here, "auipc 0 = its own pc", C_RI64);
	asm volatile(NORVC("1: auipc %0, 0x80000\n la %1, 1b")
		     : "=r"(r), "=r"(here));
	CHECK_EQ_W(r, here - 0x80000000UL, "auipc 0x80000 sign-extends",
		   C_RI64);
	asm volatile(NORVC("1: auipc %0, 1\n la %1, 1b")
		     : "=r"(r), "=r"(here));
	CHECK_EQ_W(r, here + 0x1000, "auipc 1", C_RI64);
}

/* 1 if the branch is taken. */
#define BR(insn, a, b)                                                  \
	({                                                              \
		uint64_t t_;                                            \
		asm volatile(NORVC("li %0, 1\n" insn " %1, %2, 1f\n"   \
				   "li %0, 0\n1:")                      \
			     : "=&r"(t_)                                \
			     : "r"((uint64_t)(a)), "r"((uint64_t)(b))); \
		t_;                                                     \
	})
#define T_BR(insn, a, b, exp) \
	CHECK_EQ_W(BR(insn, a, b), exp, insn " " #a ", " #b " taken", C_BR)

static void test_branches(void)
{
	T_BR("beq", 5, 5, 1);
	T_BR("beq", 5, 6, 0);
	T_BR("bne", 5, 6, 1);
	T_BR("bne", -1, -1, 0);
	T_BR("blt", -1, 0, 1);
	T_BR("blt", 0, -1, 0);
	T_BR("blt", 3, 3, 0);
	T_BR("bge", 0, -1, 1);
	T_BR("bge", 3, 3, 1);
	T_BR("bge", -1, 0, 0);
	T_BR("bltu", 0, -1, 1);
	T_BR("bltu", -1, 0, 0);
	T_BR("bgeu", -1, 0, 1);
	T_BR("bgeu", 0, -1, 0);
	T_BR("bgeu", 7, 7, 1);

	/* A backward branch: count down a loop. */
	uint64_t n = 0, i = 10;
	asm volatile(NORVC("1: addi %0, %0, 1\n addi %1, %1, -1\n"
			   "bnez %1, 1b")
		     : "+r"(n), "+r"(i));
	CHECK_EQ_W(n, 10, "backward bne loop", C_BR);
}

static void test_jumps(void)
{
	uint64_t link, ret_addr, t;

	/* JAL: rd = pc + 4, and the target is pc + offset. */
	asm volatile(NORVC("li %2, 0\n"
			   "jal %0, 1f\n"
			   "2: li %2, 1\n"
			   "1: la %1, 2b")
		     : "=&r"(link), "=&r"(ret_addr), "=&r"(t));
	CHECK_EQ_W(link, ret_addr, "jal writes pc+4", C_JMP);
	CHECK_EQ_W(t, 0, "jal skips to its target", C_JMP);

	/* JALR: target = (rs1 + imm) & ~1; rs1 odd must still land. */
	asm volatile(NORVC("li %2, 0\n"
			   "la %1, 1f\n"
			   "addi t0, %1, 1\n"
			   "jalr %0, 0(t0)\n"
			   "li %2, 1\n"
			   "1:")
		     : "=&r"(link), "=&r"(ret_addr), "=&r"(t)
		     :
		     : "t0");
	CHECK_EQ_W(t, 0, "jalr clears the low bit of rs1+imm", C_JMP);
	CHECK_EQ_W(link, ret_addr - 4, "jalr writes pc+4", C_JMP);

	/* JALR with an odd immediate and rd == rs1 (rs1 read first). */
	asm volatile(NORVC("li %1, 0\n"
			   "la %0, 1f\n"
			   "addi %0, %0, -3\n"
			   "jalr %0, 3(%0)\n"
			   "2: li %1, 1\n"
			   "1: la %2, 2b")
		     : "=&r"(link), "=&r"(t), "=&r"(ret_addr));
	CHECK_EQ_W(t, 0, "jalr rd==rs1 jumps to old rs1 + imm", C_JMP);
	CHECK_EQ_W(link, ret_addr, "jalr rd==rs1 links pc+4", C_JMP);

	/* JALR with a negative immediate. */
	asm volatile(NORVC("li %1, 0\n"
			   "la %0, 1f\n"
			   "addi %0, %0, 100\n"
			   "jalr x0, -100(%0)\n"
			   "li %1, 1\n"
			   "1:")
		     : "=&r"(link), "=&r"(t));
	CHECK_EQ_W(t, 0, "jalr with a negative offset", C_JMP);
}

static volatile uint64_t mem[4] __attribute__((aligned(16)));

#define LOAD(insn, off, base)                                             \
	({                                                                \
		uint64_t r_;                                              \
		asm volatile(NORVC(insn " %0, %1(%2)")                   \
			     : "=r"(r_)                                   \
			     : "i"(off), "r"(base)                        \
			     : "memory");                                 \
		r_;                                                       \
	})
#define STORE(insn, v, off, base)                                         \
	asm volatile(NORVC(insn " %0, %1(%2)")::"r"((uint64_t)(v)),       \
		     "i"(off), "r"(base)                                  \
		     : "memory")

static void test_loads_stores(void)
{
	volatile uint8_t *b = (volatile uint8_t *)mem;

	mem[0] = 0x8081828384858687; /* little-endian: b[0] = 0x87 */
	mem[1] = 0x7071727374757677;
	mem[2] = 0;
	mem[3] = 0;

	CHECK_EQ_W(LOAD("lb", 0, b), 0xffffffffffffff87, "lb sign-extends",
		   C_LS);
	CHECK_EQ_W(LOAD("lbu", 0, b), 0x87, "lbu zero-extends", C_LS);
	CHECK_EQ_W(LOAD("lb", 8, b), 0x77, "lb positive", C_LS);
	CHECK_EQ_W(LOAD("lh", 6, b), 0xffffffffffff8081, "lh sign-extends",
		   C_LS);
	CHECK_EQ_W(LOAD("lhu", 6, b), 0x8081, "lhu zero-extends", C_LS);
	CHECK_EQ_W(LOAD("lw", 4, b), 0xffffffff80818283, "lw sign-extends",
		   C_LS64);
	CHECK_EQ_W(LOAD("lwu", 4, b), 0x80818283, "lwu zero-extends", C_LS64);
	CHECK_EQ_W(LOAD("lw", 8, b), 0x74757677, "lw positive", C_LS64);
	CHECK_EQ_W(LOAD("ld", 0, b), 0x8081828384858687, "ld", C_LS64);
	/* Negative offsets. */
	CHECK_EQ_W(LOAD("ld", -8, b + 16), 0x7071727374757677,
		   "ld with a negative offset", C_LS);
	CHECK_EQ_W(LOAD("lbu", -1, b + 8), 0x80, "lbu with offset -1", C_LS);

	/* Stores write exactly their width from the low register bits. */
	STORE("sb", 0x1122334455667788, 0, b + 16);
	CHECK_EQ_W(mem[2], 0x88, "sb writes one byte", C_LS64);
	STORE("sh", 0x1122334455667788, 2, b + 16);
	CHECK_EQ_W(mem[2], 0x77880088, "sh writes two bytes", C_LS64);
	STORE("sw", 0x1122334455667788, 4, b + 16);
	CHECK_EQ_W(mem[2], 0x5566778877880088, "sw writes four bytes",
		   C_LS64);
	STORE("sd", 0x1122334455667788, -8, b + 32);
	CHECK_EQ_W(mem[3], 0x1122334455667788, "sd with a negative offset",
		   C_LS64);
	CHECK_EQ_W(mem[1], 0x7071727374757677, "neighbours untouched",
		   C_LS64);
}

static void test_x0(void)
{
	uint64_t r = 1;
	asm volatile(NORVC("li t0, 123\n"
			   "addi x0, t0, 1\n"
			   "add x0, t0, t0\n"
			   "lui x0, 0x12345\n"
			   "mv %0, x0")
		     : "=r"(r)
		     :
		     : "t0");
	CHECK_EQ_W(r, 0, "writes to x0 are ignored", C_REGS);
}

/* Code patched at run time: `addi a0, x0, imm; jalr x0, 0(ra)`. */
static uint32_t code_buf[4] __attribute__((aligned(16)));

static uint32_t enc_li_a0(int imm)
{
	return ((uint32_t)imm << 20) | (10u << 7) | 0x13u;
}

static void test_fence_i(void)
{
	uint64_t (*fn)(void) = (uint64_t(*)(void))(uintptr_t)code_buf;

	code_buf[0] = enc_li_a0(1);
	code_buf[1] = 0x00008067; /* jalr x0, 0(ra) */
	fence_i();
	CHECK_EQ_W(fn(), 1, "run freshly written code after fence.i",
		   C_FENCEI);
	code_buf[0] = enc_li_a0(2);
	fence_i();
	CHECK_EQ_W(fn(), 2, "modified code seen after fence.i", C_FENCEI);
	code_buf[0] = enc_li_a0(3);
	fence_i();
	CHECK_EQ_W(fn(), 3, "modified again, seen after fence.i", C_FENCEI);
}

int main(void)
{
	test_alu();
	test_alu_w();
	test_upper();
	test_branches();
	test_jumps();
	test_loads_stores();
	test_x0();
	test_fence_i();
	return test_done();
}
