/*
 * decode_insn() and disasm() (emu/decode.c) on a table of encodings: every
 * 32-bit instruction of RV64IMA + Zicsr + Zifencei + the privileged ones,
 * every RV64C instruction with its immediate fields at their extremes and
 * one bit at a time, the RVC HINTs, and the reserved/illegal encodings.
 *
 * Each row gives the semantics function, rd (x0 decodes to the sink 32),
 * rs1, rs2, the sign-extended immediate, the length and the disassembly.
 * DC marks a field the instruction does not define (e.g. rd of a store is
 * immediate bits), NOIMM an instruction without an immediate. The
 * encodings were produced with llvm-mc (independent of hmvirt); the
 * reserved ones, which an assembler refuses, are hand-encoded and
 * described in their row.
 */
#include "unit.h"
#include "insn.h"

#define DC (-1)
#define NOIMM INT64_MIN

/* clauses */
#define C_IMM      SPEC("rv32.adoc", "Immediate Encoding Variants")
#define C_JUMP     SPEC("rv32.adoc", "Unconditional Jumps")
#define C_LS       SPEC("rv32.adoc", "Load and Store Instructions")
#define C_LS64     SPEC("rv64.adoc", "Load and Store Instructions")
#define C_NOP      SPEC("rv32.adoc", "NOP Instruction")
#define C_HINT     SPEC("rv32.adoc", "HINT Instructions")
#define C_OPIMM    SPEC("rv32.adoc", "Integer Register-Immediate Instructions")
#define C_SHIFT64  SPEC("rv64.adoc", "Integer Register-Immediate Instructions")
#define C_OP       SPEC("rv32.adoc", "Integer Register-Register Operations")
#define C_W        SPEC("rv64.adoc", "Integer Register-Immediate Instructions")
#define C_WR       SPEC("rv64.adoc", "Integer Register-Register Operations")
#define C_FENCE    SPEC("rv32.adoc", "Memory Ordering Instructions")
#define C_FENCEI   SPEC("zifencei.adoc", "Zifencei Extension for Instruction-Fetch Fence")
#define C_ECALL    SPEC("rv32.adoc", "Environment Call and Breakpoints")
#define C_XRET     SPEC("machine.adoc", "Trap-Return Instructions")
#define C_WFI      SPEC("machine.adoc", "Wait for Interrupt")
#define C_SFENCE   SPEC("supervisor.adoc", "Supervisor Memory-Management Fence Instruction")
#define C_CSR      SPEC("zicsr.adoc", "CSR Instructions")
#define C_MUL      SPEC("m-st-ext.adoc", "Multiplication Operations")
#define C_DIV      SPEC("m-st-ext.adoc", "Division Operations")
#define C_LRSC     SPEC("a-st-ext.adoc", "Zalrsc Extension for Load-Reserved/Store-Conditional Instructions")
#define C_AMO      SPEC("a-st-ext.adoc", "Zaamo Extension for Atomic Memory Operations")
#define C_ALLONES  SPEC("c-st-ext.adoc", "Defined Illegal Instruction")
#define C_LISTING32 SPEC("rv32.adoc", "Base Instruction Formats")
#define CC_ADDI4SPN SPEC("c-st-ext.adoc", "Integer Register-Immediate Operations")
#define CC_REGLS   SPEC("c-st-ext.adoc", "Register-Based Loads and Stores")
#define CC_SPLS    SPEC("c-st-ext.adoc", "Stack-Pointer-Based Loads and Stores")
#define CC_NOP     SPEC("c-st-ext.adoc", "NOP Instruction")
#define CC_HINT    SPEC("c-st-ext.adoc", "HINT Instructions")
#define CC_REGIMM  SPEC("c-st-ext.adoc", "Integer Register-Immediate Operations")
#define CC_CONST   SPEC("c-st-ext.adoc", "Integer Constant-Generation Instructions")
#define CC_REGREG  SPEC("c-st-ext.adoc", "Integer Register-Register Operations")
#define CC_CTRL    SPEC("c-st-ext.adoc", "Control Transfer Instructions")
#define CC_EBREAK  SPEC("c-st-ext.adoc", "Breakpoint Instruction")
#define CC_DIINST  SPEC("c-st-ext.adoc", "Defined Illegal Instruction")
#define CC_LISTING SPEC("c-st-ext.adoc", "RVC Instruction Set Listings")

struct drow {
	const char *clause;
	const char *text;      /* the instruction as assembled */
	uint32_t bits;
	insn_fn fn;
	int rd, rs1, rs2;      /* DC: not defined by the instruction */
	int64_t imm;           /* NOIMM: no immediate */
	unsigned len;
	const char *dis;       /* expected disasm() output */
};
#define ROW(cl, t, b, f, d, s1, s2, i, l, dz) { cl, t, b, f, d, s1, s2, i, l, dz }

struct irow {
	const char *clause;
	uint32_t bits;
	unsigned len;
	const char *what;
};
#define ILL(cl, b, l, w) { cl, b, l, w }

static const struct drow rows32[] = {
	ROW(C_IMM, "lui a0, 0xfffff", 0xfffff537, op_lui, 10, DC, DC, (-4096), 4, "lui a0,0xfffff"),
	ROW(C_IMM, "lui t6, 0x7ffff", 0x7fffffb7, op_lui, 31, DC, DC, 2147479552, 4, "lui t6,0x7ffff"),
	ROW(C_IMM, "lui zero, 1", 0x00001037, op_lui, 32, DC, DC, 4096, 4, "lui zero,0x1"),
	ROW(C_IMM, "auipc sp, 0x80000", 0x80000117, op_auipc, 2, DC, DC, (-2147483648), 4, "auipc sp,0x80000"),
	ROW(C_IMM, "jal ra, -1048576", 0x800000ef, op_jal, 1, DC, DC, (-1048576), 4, "jal ra,-1048576"),
	ROW(C_IMM, "jal zero, 1048574", 0x7ffff06f, op_jal, 32, DC, DC, 1048574, 4, "jal zero,1048574"),
	ROW(C_IMM, "jal a0, 2048", 0x0010056f, op_jal, 10, DC, DC, 2048, 4, "jal a0,2048"),
	ROW(C_IMM, "jal a0, 4096", 0x0000156f, op_jal, 10, DC, DC, 4096, 4, "jal a0,4096"),
	ROW(C_JUMP, "jalr ra, 2047(a0)", 0x7ff500e7, op_jalr, 1, 10, DC, 2047, 4, "jalr ra,a0,2047"),
	ROW(C_JUMP, "jalr zero, -2048(ra)", 0x80008067, op_jalr, 32, 1, DC, (-2048), 4, "jalr zero,ra,-2048"),
	ROW(C_IMM, "beq a0, a1, -4096", 0x80b50063, op_beq, DC, 10, 11, (-4096), 4, "beq a0,a1,-4096"),
	ROW(C_IMM, "bne s0, s1, 4094", 0x7e941fe3, op_bne, DC, 8, 9, 4094, 4, "bne s0,s1,4094"),
	ROW(C_IMM, "blt t0, t1, 2048", 0x0062c0e3, op_blt, DC, 5, 6, 2048, 4, "blt t0,t1,2048"),
	ROW(C_IMM, "bge t5, t6, -2", 0xffff5fe3, op_bge, DC, 30, 31, (-2), 4, "bge t5,t6,-2"),
	ROW(C_IMM, "bltu zero, a0, 32", 0x02a06063, op_bltu, DC, 0, 10, 32, 4, "bltu zero,a0,32"),
	ROW(C_IMM, "bgeu a0, zero, 2", 0x00057163, op_bgeu, DC, 10, 0, 2, 4, "bgeu a0,zero,2"),
	ROW(C_LS, "lb a0, -2048(sp)", 0x80010503, op_lb, 10, 2, DC, (-2048), 4, "lb a0,-2048(sp)"),
	ROW(C_LS, "lh a1, 2047(a2)", 0x7ff61583, op_lh, 11, 12, DC, 2047, 4, "lh a1,2047(a2)"),
	ROW(C_LS, "lw zero, -1(t6)", 0xffffa003, op_lw, 32, 31, DC, (-1), 4, "lw zero,-1(t6)"),
	ROW(C_LS64, "ld s11, 8(s10)", 0x008d3d83, op_ld, 27, 26, DC, 8, 4, "ld s11,8(s10)"),
	ROW(C_LS, "lbu a0, 0(a0)", 0x00054503, op_lbu, 10, 10, DC, 0, 4, "lbu a0,0(a0)"),
	ROW(C_LS, "lhu t3, -2(t4)", 0xffeede03, op_lhu, 28, 29, DC, (-2), 4, "lhu t3,-2(t4)"),
	ROW(C_LS64, "lwu a7, 100(gp)", 0x0641e883, op_lwu, 17, 3, DC, 100, 4, "lwu a7,100(gp)"),
	ROW(C_IMM, "sb a0, -2048(sp)", 0x80a10023, op_sb, DC, 2, 10, (-2048), 4, "sb a0,-2048(sp)"),
	ROW(C_IMM, "sh a1, 2047(a2)", 0x7eb61fa3, op_sh, DC, 12, 11, 2047, 4, "sh a1,2047(a2)"),
	ROW(C_IMM, "sw zero, -1(t6)", 0xfe0fafa3, op_sw, DC, 31, 0, (-1), 4, "sw zero,-1(t6)"),
	ROW(C_LS64, "sd t6, 32(t5)", 0x03ff3023, op_sd, DC, 30, 31, 32, 4, "sd t6,32(t5)"),
	ROW(C_IMM, "addi a0, a1, -2048", 0x80058513, op_addi, 10, 11, DC, (-2048), 4, "addi a0,a1,-2048"),
	ROW(C_IMM, "addi a0, a1, 2047", 0x7ff58513, op_addi, 10, 11, DC, 2047, 4, "addi a0,a1,2047"),
	ROW(C_NOP, "addi zero, zero, 0", 0x00000013, op_addi, 32, 0, DC, 0, 4, "addi zero,zero,0"),
	/* the ROI markers (DESIGN.md): a HINT with its own handler */
	ROW(C_HINT, "slti zero, zero, 1", 0x00102013, insn_roi, 32, 0, DC, 1, 4, "slti zero,zero,1"),
	ROW(C_HINT, "slti zero, zero, 2", 0x00202013, insn_roi, 32, 0, DC, 2, 4, "slti zero,zero,2"),
	ROW(C_HINT, "slti zero, zero, 3", 0x00302013, op_slti, 32, 0, DC, 3, 4, "slti zero,zero,3"),
	ROW(C_OPIMM, "slti a0, a1, -1", 0xfff5a513, op_slti, 10, 11, DC, (-1), 4, "slti a0,a1,-1"),
	ROW(C_OPIMM, "sltiu a0, a1, -1", 0xfff5b513, op_sltiu, 10, 11, DC, (-1), 4, "sltiu a0,a1,-1"),
	ROW(C_OPIMM, "xori a0, a1, -1", 0xfff5c513, op_xori, 10, 11, DC, (-1), 4, "xori a0,a1,-1"),
	ROW(C_OPIMM, "ori a0, a1, 1365", 0x5555e513, op_ori, 10, 11, DC, 1365, 4, "ori a0,a1,1365"),
	ROW(C_OPIMM, "andi a0, a1, -1366", 0xaaa5f513, op_andi, 10, 11, DC, (-1366), 4, "andi a0,a1,-1366"),
	ROW(C_SHIFT64, "slli a0, a1, 63", 0x03f59513, op_slli, 10, 11, DC, 63, 4, "slli a0,a1,63"),
	ROW(C_SHIFT64, "srli a0, a1, 32", 0x0205d513, op_srli, 10, 11, DC, 32, 4, "srli a0,a1,32"),
	ROW(C_SHIFT64, "srai a0, a1, 63", 0x43f5d513, op_srai, 10, 11, DC, 63, 4, "srai a0,a1,63"),
	ROW(C_SHIFT64, "srai t0, t1, 1", 0x40135293, op_srai, 5, 6, DC, 1, 4, "srai t0,t1,1"),
	ROW(C_OP, "add a0, a1, a2", 0x00c58533, op_add, 10, 11, 12, NOIMM, 4, "add a0,a1,a2"),
	ROW(C_OP, "sub t4, t5, t6", 0x41ff0eb3, op_sub, 29, 30, 31, NOIMM, 4, "sub t4,t5,t6"),
	ROW(C_OP, "sll a0, a1, a2", 0x00c59533, op_sll, 10, 11, 12, NOIMM, 4, "sll a0,a1,a2"),
	ROW(C_OP, "slt a0, a1, a2", 0x00c5a533, op_slt, 10, 11, 12, NOIMM, 4, "slt a0,a1,a2"),
	ROW(C_OP, "sltu a0, zero, a2", 0x00c03533, op_sltu, 10, 0, 12, NOIMM, 4, "sltu a0,zero,a2"),
	ROW(C_OP, "xor a0, a1, a2", 0x00c5c533, op_xor, 10, 11, 12, NOIMM, 4, "xor a0,a1,a2"),
	ROW(C_OP, "srl a0, a1, a2", 0x00c5d533, op_srl, 10, 11, 12, NOIMM, 4, "srl a0,a1,a2"),
	ROW(C_OP, "sra a0, a1, a2", 0x40c5d533, op_sra, 10, 11, 12, NOIMM, 4, "sra a0,a1,a2"),
	ROW(C_OP, "or a0, a1, a2", 0x00c5e533, op_or, 10, 11, 12, NOIMM, 4, "or a0,a1,a2"),
	ROW(C_OP, "and zero, a1, a2", 0x00c5f033, op_and, 32, 11, 12, NOIMM, 4, "and zero,a1,a2"),
	ROW(C_W, "addiw a0, a1, -1", 0xfff5851b, op_addiw, 10, 11, DC, (-1), 4, "addiw a0,a1,-1"),
	ROW(C_W, "addiw a0, a1, 2047", 0x7ff5851b, op_addiw, 10, 11, DC, 2047, 4, "addiw a0,a1,2047"),
	ROW(C_W, "slliw a0, a1, 31", 0x01f5951b, op_slliw, 10, 11, DC, 31, 4, "slliw a0,a1,31"),
	ROW(C_W, "srliw a0, a1, 31", 0x01f5d51b, op_srliw, 10, 11, DC, 31, 4, "srliw a0,a1,31"),
	ROW(C_W, "sraiw a0, a1, 31", 0x41f5d51b, op_sraiw, 10, 11, DC, 31, 4, "sraiw a0,a1,31"),
	ROW(C_WR, "addw a0, a1, a2", 0x00c5853b, op_addw, 10, 11, 12, NOIMM, 4, "addw a0,a1,a2"),
	ROW(C_WR, "subw a0, a1, a2", 0x40c5853b, op_subw, 10, 11, 12, NOIMM, 4, "subw a0,a1,a2"),
	ROW(C_WR, "sllw a0, a1, a2", 0x00c5953b, op_sllw, 10, 11, 12, NOIMM, 4, "sllw a0,a1,a2"),
	ROW(C_WR, "srlw a0, a1, a2", 0x00c5d53b, op_srlw, 10, 11, 12, NOIMM, 4, "srlw a0,a1,a2"),
	ROW(C_WR, "sraw a0, a1, a2", 0x40c5d53b, op_sraw, 10, 11, 12, NOIMM, 4, "sraw a0,a1,a2"),
	ROW(C_FENCE, "fence rw, rw", 0x0330000f, op_fence, DC, DC, DC, NOIMM, 4, "fence"),
	ROW(C_FENCE, "fence.tso", 0x8330000f, op_fence, DC, DC, DC, NOIMM, 4, "fence"),
	ROW(C_FENCEI, "fence.i", 0x0000100f, op_fence_i, DC, DC, DC, NOIMM, 4, "fence.i"),
	ROW(C_ECALL, "ecall", 0x00000073, op_ecall, DC, DC, DC, NOIMM, 4, "ecall"),
	ROW(C_ECALL, "ebreak", 0x00100073, op_ebreak, DC, DC, DC, NOIMM, 4, "ebreak"),
	ROW(C_XRET, "sret", 0x10200073, op_sret, DC, DC, DC, NOIMM, 4, "sret"),
	ROW(C_XRET, "mret", 0x30200073, op_mret, DC, DC, DC, NOIMM, 4, "mret"),
	ROW(C_WFI, "wfi", 0x10500073, op_wfi, DC, DC, DC, NOIMM, 4, "wfi"),
	ROW(C_SFENCE, "sfence.vma a0, a1", 0x12b50073, op_sfence_vma, DC, 10, 11, NOIMM, 4, "sfence.vma a0,a1"),
	ROW(C_SFENCE, "sfence.vma zero, zero", 0x12000073, op_sfence_vma, DC, 0, 0, NOIMM, 4, "sfence.vma zero,zero"),
	ROW(C_CSR, "csrrw a0, mstatus, a1", 0x30059573, op_csrrw, 10, 11, DC, 768, 4, "csrrw a0,0x300,a1"),
	ROW(C_CSR, "csrrs a0, 0xfff, zero", 0xfff02573, op_csrrs, 10, 0, DC, 4095, 4, "csrrs a0,0xfff,zero"),
	ROW(C_CSR, "csrrc zero, satp, t6", 0x180fb073, op_csrrc, 32, 31, DC, 384, 4, "csrrc zero,0x180,t6"),
	ROW(C_CSR, "csrrwi a0, mtvec, 31", 0x305fd573, op_csrrwi, 10, 31, DC, 773, 4, "csrrwi a0,0x305,31"),
	ROW(C_CSR, "csrrsi a0, 0x800, 1", 0x8000e573, op_csrrsi, 10, 1, DC, 2048, 4, "csrrsi a0,0x800,1"),
	ROW(C_CSR, "csrrci a0, cycle, 0", 0xc0007573, op_csrrci, 10, 0, DC, 3072, 4, "csrrci a0,0xc00,0"),
	ROW(C_MUL, "mul a0, a1, a2", 0x02c58533, op_mul, 10, 11, 12, NOIMM, 4, "mul a0,a1,a2"),
	ROW(C_MUL, "mulh a0, a1, a2", 0x02c59533, op_mulh, 10, 11, 12, NOIMM, 4, "mulh a0,a1,a2"),
	ROW(C_MUL, "mulhsu a0, a1, a2", 0x02c5a533, op_mulhsu, 10, 11, 12, NOIMM, 4, "mulhsu a0,a1,a2"),
	ROW(C_MUL, "mulhu a0, a1, a2", 0x02c5b533, op_mulhu, 10, 11, 12, NOIMM, 4, "mulhu a0,a1,a2"),
	ROW(C_DIV, "div a0, a1, a2", 0x02c5c533, op_div, 10, 11, 12, NOIMM, 4, "div a0,a1,a2"),
	ROW(C_DIV, "divu a0, a1, a2", 0x02c5d533, op_divu, 10, 11, 12, NOIMM, 4, "divu a0,a1,a2"),
	ROW(C_DIV, "rem a0, a1, a2", 0x02c5e533, op_rem, 10, 11, 12, NOIMM, 4, "rem a0,a1,a2"),
	ROW(C_DIV, "remu a0, a1, a2", 0x02c5f533, op_remu, 10, 11, 12, NOIMM, 4, "remu a0,a1,a2"),
	ROW(C_MUL, "mulw a0, a1, a2", 0x02c5853b, op_mulw, 10, 11, 12, NOIMM, 4, "mulw a0,a1,a2"),
	ROW(C_DIV, "divw a0, a1, a2", 0x02c5c53b, op_divw, 10, 11, 12, NOIMM, 4, "divw a0,a1,a2"),
	ROW(C_DIV, "divuw a0, a1, a2", 0x02c5d53b, op_divuw, 10, 11, 12, NOIMM, 4, "divuw a0,a1,a2"),
	ROW(C_DIV, "remw a0, a1, a2", 0x02c5e53b, op_remw, 10, 11, 12, NOIMM, 4, "remw a0,a1,a2"),
	ROW(C_DIV, "remuw t4, t5, t6", 0x03ff7ebb, op_remuw, 29, 30, 31, NOIMM, 4, "remuw t4,t5,t6"),
	ROW(C_LRSC, "lr.w a0, (a1)", 0x1005a52f, op_lr_w, 10, 11, DC, NOIMM, 4, "lr.w a0,(a1)"),
	ROW(C_LRSC, "lr.w.aqrl a0, (a1)", 0x1605a52f, op_lr_w, 10, 11, DC, NOIMM, 4, "lr.w a0,(a1)"),
	ROW(C_LRSC, "sc.w a0, a2, (a1)", 0x18c5a52f, op_sc_w, 10, 11, 12, NOIMM, 4, "sc.w a0,a1,a2"),
	ROW(C_AMO, "amoswap.w.aqrl a0, a2, (a1)", 0x0ec5a52f, op_amoswap_w, 10, 11, 12, NOIMM, 4, "amoswap.w a0,a1,a2"),
	ROW(C_AMO, "amoadd.w a0, a2, (a1)", 0x00c5a52f, op_amoadd_w, 10, 11, 12, NOIMM, 4, "amoadd.w a0,a1,a2"),
	ROW(C_AMO, "amoxor.w a0, a2, (a1)", 0x20c5a52f, op_amoxor_w, 10, 11, 12, NOIMM, 4, "amoxor.w a0,a1,a2"),
	ROW(C_AMO, "amoand.w a0, a2, (a1)", 0x60c5a52f, op_amoand_w, 10, 11, 12, NOIMM, 4, "amoand.w a0,a1,a2"),
	ROW(C_AMO, "amoor.w a0, a2, (a1)", 0x40c5a52f, op_amoor_w, 10, 11, 12, NOIMM, 4, "amoor.w a0,a1,a2"),
	ROW(C_AMO, "amomin.w a0, a2, (a1)", 0x80c5a52f, op_amomin_w, 10, 11, 12, NOIMM, 4, "amomin.w a0,a1,a2"),
	ROW(C_AMO, "amomax.w a0, a2, (a1)", 0xa0c5a52f, op_amomax_w, 10, 11, 12, NOIMM, 4, "amomax.w a0,a1,a2"),
	ROW(C_AMO, "amominu.w a0, a2, (a1)", 0xc0c5a52f, op_amominu_w, 10, 11, 12, NOIMM, 4, "amominu.w a0,a1,a2"),
	ROW(C_AMO, "amomaxu.w a0, a2, (a1)", 0xe0c5a52f, op_amomaxu_w, 10, 11, 12, NOIMM, 4, "amomaxu.w a0,a1,a2"),
	ROW(C_LRSC, "lr.d.aq a0, (a1)", 0x1405b52f, op_lr_d, 10, 11, DC, NOIMM, 4, "lr.d a0,(a1)"),
	ROW(C_LRSC, "sc.d.rl a0, a2, (a1)", 0x1ac5b52f, op_sc_d, 10, 11, 12, NOIMM, 4, "sc.d a0,a1,a2"),
	ROW(C_AMO, "amoswap.d a0, a2, (a1)", 0x08c5b52f, op_amoswap_d, 10, 11, 12, NOIMM, 4, "amoswap.d a0,a1,a2"),
	ROW(C_AMO, "amoadd.d a0, a2, (a1)", 0x00c5b52f, op_amoadd_d, 10, 11, 12, NOIMM, 4, "amoadd.d a0,a1,a2"),
	ROW(C_AMO, "amoxor.d a0, a2, (a1)", 0x20c5b52f, op_amoxor_d, 10, 11, 12, NOIMM, 4, "amoxor.d a0,a1,a2"),
	ROW(C_AMO, "amoand.d a0, a2, (a1)", 0x60c5b52f, op_amoand_d, 10, 11, 12, NOIMM, 4, "amoand.d a0,a1,a2"),
	ROW(C_AMO, "amoor.d a0, a2, (a1)", 0x40c5b52f, op_amoor_d, 10, 11, 12, NOIMM, 4, "amoor.d a0,a1,a2"),
	ROW(C_AMO, "amomin.d a0, a2, (a1)", 0x80c5b52f, op_amomin_d, 10, 11, 12, NOIMM, 4, "amomin.d a0,a1,a2"),
	ROW(C_AMO, "amomax.d a0, a2, (a1)", 0xa0c5b52f, op_amomax_d, 10, 11, 12, NOIMM, 4, "amomax.d a0,a1,a2"),
	ROW(C_AMO, "amominu.d a0, a2, (a1)", 0xc0c5b52f, op_amominu_d, 10, 11, 12, NOIMM, 4, "amominu.d a0,a1,a2"),
	ROW(C_AMO, "amomaxu.d zero, a2, (a1)", 0xe0c5b02f, op_amomaxu_d, 32, 11, 12, NOIMM, 4, "amomaxu.d zero,a1,a2"),
};

static const struct drow rows16[] = {
	ROW(CC_ADDI4SPN, "c.addi4spn s0, sp, 1020", 0x1fe0, op_addi, 8, 2, DC, 1020, 2, "c.addi s0,sp,1020"),
	ROW(CC_ADDI4SPN, "c.addi4spn a5, sp, 4", 0x005c, op_addi, 15, 2, DC, 4, 2, "c.addi a5,sp,4"),
	ROW(CC_ADDI4SPN, "c.addi4spn a0, sp, 8", 0x0028, op_addi, 10, 2, DC, 8, 2, "c.addi a0,sp,8"),
	ROW(CC_ADDI4SPN, "c.addi4spn a0, sp, 16", 0x0808, op_addi, 10, 2, DC, 16, 2, "c.addi a0,sp,16"),
	ROW(CC_ADDI4SPN, "c.addi4spn a0, sp, 64", 0x0088, op_addi, 10, 2, DC, 64, 2, "c.addi a0,sp,64"),
	ROW(CC_REGLS, "c.lw a5, 124(a0)", 0x5d7c, op_lw, 15, 10, DC, 124, 2, "c.lw a5,124(a0)"),
	ROW(CC_REGLS, "c.lw s0, 4(s1)", 0x40c0, op_lw, 8, 9, DC, 4, 2, "c.lw s0,4(s1)"),
	ROW(CC_REGLS, "c.lw s0, 64(s1)", 0x40a0, op_lw, 8, 9, DC, 64, 2, "c.lw s0,64(s1)"),
	ROW(CC_REGLS, "c.ld a5, 248(a0)", 0x7d7c, op_ld, 15, 10, DC, 248, 2, "c.ld a5,248(a0)"),
	ROW(CC_REGLS, "c.ld s0, 128(s1)", 0x60c0, op_ld, 8, 9, DC, 128, 2, "c.ld s0,128(s1)"),
	ROW(CC_REGLS, "c.ld s0, 8(s1)", 0x6480, op_ld, 8, 9, DC, 8, 2, "c.ld s0,8(s1)"),
	ROW(CC_REGLS, "c.sw a5, 124(a0)", 0xdd7c, op_sw, 32, 10, 15, 124, 2, "c.sw a5,124(a0)"),
	ROW(CC_REGLS, "c.sw s0, 64(s1)", 0xc0a0, op_sw, 32, 9, 8, 64, 2, "c.sw s0,64(s1)"),
	ROW(CC_REGLS, "c.sd a5, 248(a0)", 0xfd7c, op_sd, 32, 10, 15, 248, 2, "c.sd a5,248(a0)"),
	ROW(CC_REGLS, "c.sd s0, 128(s1)", 0xe0c0, op_sd, 32, 9, 8, 128, 2, "c.sd s0,128(s1)"),
	ROW(CC_NOP, "c.nop", 0x0001, op_addi, 32, 0, DC, 0, 2, "c.addi zero,zero,0"),
	ROW(CC_HINT, "0x0005", 0x0005, op_addi, 32, 0, DC, 1, 2, "c.addi zero,zero,1"),
	ROW(CC_REGIMM, "c.addi a0, -32", 0x1501, op_addi, 10, 10, DC, (-32), 2, "c.addi a0,a0,-32"),
	ROW(CC_REGIMM, "c.addi a0, 31", 0x057d, op_addi, 10, 10, DC, 31, 2, "c.addi a0,a0,31"),
	ROW(CC_REGIMM, "c.addi t6, 1", 0x0f85, op_addi, 31, 31, DC, 1, 2, "c.addi t6,t6,1"),
	ROW(CC_HINT, "c.addi a0, 0", 0x0501, op_addi, 10, 10, DC, 0, 2, "c.addi a0,a0,0"),
	ROW(CC_REGIMM, "c.addiw a0, -32", 0x3501, op_addiw, 10, 10, DC, (-32), 2, "c.addiw a0,a0,-32"),
	ROW(CC_REGIMM, "c.addiw t6, 0", 0x2f81, op_addiw, 31, 31, DC, 0, 2, "c.addiw t6,t6,0"),
	ROW(CC_CONST, "c.li a0, -32", 0x5501, op_addi, 10, 0, DC, (-32), 2, "c.addi a0,zero,-32"),
	ROW(CC_CONST, "c.li ra, 31", 0x40fd, op_addi, 1, 0, DC, 31, 2, "c.addi ra,zero,31"),
	ROW(CC_HINT, "c.li zero, 1", 0x4005, op_addi, 32, 0, DC, 1, 2, "c.addi zero,zero,1"),
	ROW(CC_REGIMM, "c.addi16sp sp, -512", 0x7101, op_addi, 2, 2, DC, (-512), 2, "c.addi sp,sp,-512"),
	ROW(CC_REGIMM, "c.addi16sp sp, 496", 0x617d, op_addi, 2, 2, DC, 496, 2, "c.addi sp,sp,496"),
	ROW(CC_REGIMM, "c.addi16sp sp, 16", 0x6141, op_addi, 2, 2, DC, 16, 2, "c.addi sp,sp,16"),
	ROW(CC_REGIMM, "c.addi16sp sp, 32", 0x6105, op_addi, 2, 2, DC, 32, 2, "c.addi sp,sp,32"),
	ROW(CC_REGIMM, "c.addi16sp sp, 64", 0x6121, op_addi, 2, 2, DC, 64, 2, "c.addi sp,sp,64"),
	ROW(CC_REGIMM, "c.addi16sp sp, 128", 0x6109, op_addi, 2, 2, DC, 128, 2, "c.addi sp,sp,128"),
	ROW(CC_REGIMM, "c.addi16sp sp, 256", 0x6111, op_addi, 2, 2, DC, 256, 2, "c.addi sp,sp,256"),
	ROW(CC_CONST, "c.lui a0, 0xfffe0", 0x7501, op_lui, 10, 0, DC, (-131072), 2, "c.lui a0,0xfffe0"),
	ROW(CC_CONST, "c.lui t6, 0x1f", 0x6ffd, op_lui, 31, 0, DC, 126976, 2, "c.lui t6,0x1f"),
	ROW(CC_CONST, "c.lui ra, 1", 0x6085, op_lui, 1, 0, DC, 4096, 2, "c.lui ra,0x1"),
	ROW(CC_HINT, "0x6005", 0x6005, op_lui, 32, 0, DC, 4096, 2, "c.lui zero,0x1"),
	ROW(CC_REGIMM, "c.srli a0, 63", 0x917d, op_srli, 10, 10, DC, 63, 2, "c.srli a0,a0,63"),
	ROW(CC_REGIMM, "c.srli s0, 1", 0x8005, op_srli, 8, 8, DC, 1, 2, "c.srli s0,s0,1"),
	ROW(CC_HINT, "0x8101", 0x8101, op_srli, 10, 10, DC, 0, 2, "c.srli a0,a0,0"),
	ROW(CC_REGIMM, "c.srai a5, 32", 0x9781, op_srai, 15, 15, DC, 32, 2, "c.srai a5,a5,32"),
	ROW(CC_REGIMM, "c.srai s1, 31", 0x84fd, op_srai, 9, 9, DC, 31, 2, "c.srai s1,s1,31"),
	ROW(CC_REGIMM, "c.andi s1, -32", 0x9881, op_andi, 9, 9, DC, (-32), 2, "c.andi s1,s1,-32"),
	ROW(CC_REGIMM, "c.andi a5, 31", 0x8bfd, op_andi, 15, 15, DC, 31, 2, "c.andi a5,a5,31"),
	ROW(CC_REGREG, "c.sub s0, s1", 0x8c05, op_sub, 8, 8, 9, NOIMM, 2, "c.sub s0,s0,s1"),
	ROW(CC_REGREG, "c.xor a5, a4", 0x8fb9, op_xor, 15, 15, 14, NOIMM, 2, "c.xor a5,a5,a4"),
	ROW(CC_REGREG, "c.or a0, a1", 0x8d4d, op_or, 10, 10, 11, NOIMM, 2, "c.or a0,a0,a1"),
	ROW(CC_REGREG, "c.and a2, a3", 0x8e75, op_and, 12, 12, 13, NOIMM, 2, "c.and a2,a2,a3"),
	ROW(CC_REGREG, "c.subw s0, a5", 0x9c1d, op_subw, 8, 8, 15, NOIMM, 2, "c.subw s0,s0,a5"),
	ROW(CC_REGREG, "c.addw a5, s0", 0x9fa1, op_addw, 15, 15, 8, NOIMM, 2, "c.addw a5,a5,s0"),
	ROW(CC_CTRL, "c.j -2048", 0xb001, op_jal, 32, DC, DC, (-2048), 2, "c.jal zero,-2048"),
	ROW(CC_CTRL, "c.j 2046", 0xaffd, op_jal, 32, DC, DC, 2046, 2, "c.jal zero,2046"),
	ROW(CC_CTRL, "c.j 16", 0xa801, op_jal, 32, DC, DC, 16, 2, "c.jal zero,16"),
	ROW(CC_CTRL, "c.j 32", 0xa005, op_jal, 32, DC, DC, 32, 2, "c.jal zero,32"),
	ROW(CC_CTRL, "c.j 64", 0xa081, op_jal, 32, DC, DC, 64, 2, "c.jal zero,64"),
	ROW(CC_CTRL, "c.j 128", 0xa041, op_jal, 32, DC, DC, 128, 2, "c.jal zero,128"),
	ROW(CC_CTRL, "c.j 1024", 0xa101, op_jal, 32, DC, DC, 1024, 2, "c.jal zero,1024"),
	ROW(CC_CTRL, "c.j 2", 0xa009, op_jal, 32, DC, DC, 2, 2, "c.jal zero,2"),
	ROW(CC_CTRL, "c.beqz s0, -256", 0xd001, op_beq, DC, 8, 0, (-256), 2, "c.beq s0,zero,-256"),
	ROW(CC_CTRL, "c.bnez a5, 254", 0xeffd, op_bne, DC, 15, 0, 254, 2, "c.bne a5,zero,254"),
	ROW(CC_CTRL, "c.beqz a0, 32", 0xc105, op_beq, DC, 10, 0, 32, 2, "c.beq a0,zero,32"),
	ROW(CC_CTRL, "c.bnez a0, 64", 0xe121, op_bne, DC, 10, 0, 64, 2, "c.bne a0,zero,64"),
	ROW(CC_CTRL, "c.beqz a0, 8", 0xc501, op_beq, DC, 10, 0, 8, 2, "c.beq a0,zero,8"),
	ROW(CC_CTRL, "c.bnez a0, 2", 0xe109, op_bne, DC, 10, 0, 2, 2, "c.bne a0,zero,2"),
	ROW(CC_REGIMM, "c.slli a0, 63", 0x157e, op_slli, 10, 10, DC, 63, 2, "c.slli a0,a0,63"),
	ROW(CC_REGIMM, "c.slli t6, 1", 0x0f86, op_slli, 31, 31, DC, 1, 2, "c.slli t6,t6,1"),
	ROW(CC_HINT, "0x0006", 0x0006, op_slli, 32, 0, DC, 1, 2, "c.slli zero,zero,1"),
	ROW(CC_SPLS, "c.lwsp ra, 252(sp)", 0x50fe, op_lw, 1, 2, DC, 252, 2, "c.lw ra,252(sp)"),
	ROW(CC_SPLS, "c.lwsp a0, 32(sp)", 0x5502, op_lw, 10, 2, DC, 32, 2, "c.lw a0,32(sp)"),
	ROW(CC_SPLS, "c.lwsp a0, 4(sp)", 0x4512, op_lw, 10, 2, DC, 4, 2, "c.lw a0,4(sp)"),
	ROW(CC_SPLS, "c.lwsp a0, 64(sp)", 0x4506, op_lw, 10, 2, DC, 64, 2, "c.lw a0,64(sp)"),
	ROW(CC_SPLS, "c.ldsp ra, 504(sp)", 0x70fe, op_ld, 1, 2, DC, 504, 2, "c.ld ra,504(sp)"),
	ROW(CC_SPLS, "c.ldsp t6, 8(sp)", 0x6fa2, op_ld, 31, 2, DC, 8, 2, "c.ld t6,8(sp)"),
	ROW(CC_SPLS, "c.ldsp a0, 32(sp)", 0x7502, op_ld, 10, 2, DC, 32, 2, "c.ld a0,32(sp)"),
	ROW(CC_SPLS, "c.ldsp a0, 64(sp)", 0x6506, op_ld, 10, 2, DC, 64, 2, "c.ld a0,64(sp)"),
	ROW(CC_SPLS, "c.swsp ra, 252(sp)", 0xdf86, op_sw, 32, 2, 1, 252, 2, "c.sw ra,252(sp)"),
	ROW(CC_SPLS, "c.swsp t6, 0(sp)", 0xc07e, op_sw, 32, 2, 31, 0, 2, "c.sw t6,0(sp)"),
	ROW(CC_SPLS, "c.swsp a0, 64(sp)", 0xc0aa, op_sw, 32, 2, 10, 64, 2, "c.sw a0,64(sp)"),
	ROW(CC_SPLS, "c.sdsp ra, 504(sp)", 0xff86, op_sd, 32, 2, 1, 504, 2, "c.sd ra,504(sp)"),
	ROW(CC_SPLS, "c.sdsp a0, 8(sp)", 0xe42a, op_sd, 32, 2, 10, 8, 2, "c.sd a0,8(sp)"),
	ROW(CC_SPLS, "c.sdsp a0, 64(sp)", 0xe0aa, op_sd, 32, 2, 10, 64, 2, "c.sd a0,64(sp)"),
	ROW(CC_CTRL, "c.jr ra", 0x8082, op_jalr, 32, 1, DC, 0, 2, "c.jalr zero,ra,0"),
	ROW(CC_CTRL, "c.jr t6", 0x8f82, op_jalr, 32, 31, DC, 0, 2, "c.jalr zero,t6,0"),
	ROW(CC_CTRL, "c.jalr a0", 0x9502, op_jalr, 1, 10, DC, 0, 2, "c.jalr ra,a0,0"),
	ROW(CC_CTRL, "c.jalr t6", 0x9f82, op_jalr, 1, 31, DC, 0, 2, "c.jalr ra,t6,0"),
	ROW(CC_REGREG, "c.mv a0, a1", 0x852e, op_add, 10, 0, 11, NOIMM, 2, "c.add a0,zero,a1"),
	ROW(CC_REGREG, "c.mv t6, ra", 0x8f86, op_add, 31, 0, 1, NOIMM, 2, "c.add t6,zero,ra"),
	ROW(CC_HINT, "c.mv zero, a1", 0x802e, op_add, 32, 0, 11, NOIMM, 2, "c.add zero,zero,a1"),
	ROW(CC_EBREAK, "c.ebreak", 0x9002, op_ebreak, DC, DC, DC, NOIMM, 2, "c.ebreak"),
	ROW(CC_REGREG, "c.add a0, a1", 0x952e, op_add, 10, 10, 11, NOIMM, 2, "c.add a0,a0,a1"),
	ROW(CC_REGREG, "c.add t6, t5", 0x9ffa, op_add, 31, 31, 30, NOIMM, 2, "c.add t6,t6,t5"),
	ROW(CC_HINT, "0x902e", 0x902e, op_add, 32, 0, 11, NOIMM, 2, "c.add zero,zero,a1"),
	ROW(CC_NOP, "0xffff0001", 0xffff0001, op_addi, 32, 0, DC, 0, 2, "c.addi zero,zero,0"),
};

static const struct irow illegal_rows[] = {
	ILL(CC_DIINST, 0x0000, 2, "all-zero halfword"),
	ILL(CC_ADDI4SPN, 0x0004, 2, "c.addi4spn s1,sp,0 (nzuimm = 0)"),
	ILL(CC_ADDI4SPN, 0x001c, 2, "c.addi4spn a5,sp,0 (nzuimm = 0)"),
	ILL(CC_REGLS, 0x2000, 2, "c.fld (no D extension)"),
	ILL(CC_LISTING, 0x8000, 2, "quadrant 0, funct3 100 (reserved)"),
	ILL(CC_REGLS, 0xa000, 2, "c.fsd (no D extension)"),
	ILL(CC_REGIMM, 0x2005, 2, "c.addiw zero,1 (rd = 0)"),
	ILL(CC_REGIMM, 0x3001, 2, "c.addiw zero,-32 (rd = 0)"),
	ILL(CC_REGIMM, 0x6101, 2, "c.addi16sp sp,0 (nzimm = 0)"),
	ILL(CC_CONST, 0x6501, 2, "c.lui a0,0 (nzimm = 0)"),
	ILL(CC_CONST, 0x6001, 2, "c.lui zero,0 (nzimm = 0)"),
	ILL(CC_LISTING, 0x9c41, 2, "quadrant 1 funct6 100111 funct2 10 (reserved)"),
	ILL(CC_LISTING, 0x9c61, 2, "quadrant 1 funct6 100111 funct2 11 (reserved)"),
	ILL(CC_SPLS, 0x2502, 2, "c.fldsp (no D extension)"),
	ILL(CC_SPLS, 0x4002, 2, "c.lwsp zero,0(sp) (rd = 0)"),
	ILL(CC_SPLS, 0x507e, 2, "c.lwsp zero,252(sp) (rd = 0)"),
	ILL(CC_SPLS, 0x6002, 2, "c.ldsp zero,0(sp) (rd = 0)"),
	ILL(CC_CTRL, 0x8002, 2, "c.jr zero (rs1 = 0)"),
	ILL(CC_SPLS, 0xa002, 2, "c.fsdsp (no D extension)"),
	ILL(C_ALLONES, 0xffffffff, 4, "all-ones word"),
	ILL(C_LS64, 0x00007003, 4, "LOAD funct3 111 (no such load)"),
	ILL(C_LS64, 0x00007023, 4, "STORE funct3 111 (no such store)"),
	ILL(C_W, 0x0200101b, 4, "slliw with imm[5] = 1 (reserved)"),
	ILL(C_W, 0x4000101b, 4, "slliw with funct7 0100000 (not an instruction)"),
	ILL(C_SHIFT64, 0x40001013, 4, "slli with funct6 010000 (not an instruction)"),
	ILL(C_ECALL, 0x000000f3, 4, "ecall with rd = 1 (reserved fields)"),
	ILL(C_ECALL, 0x00200073, 4, "SYSTEM funct12 = 2 (not an instruction)"),
	ILL(C_SFENCE, 0x12000173, 4, "sfence.vma with rd = 2"),
	ILL(C_LRSC, 0x1010252f, 4, "lr.w with rs2 = 1"),
	ILL(C_AMO, 0x0000402f, 4, "AMO funct3 100 (no such width)"),
	ILL(C_LISTING32, 0x0000001f, 4, "48-bit encoding prefix"),
	ILL(C_LISTING32, 0x0000000b, 4, "custom-0 opcode"),
	ILL(C_LISTING32, 0x00000053, 4, "OP-FP (no F extension)"),
	ILL(C_LISTING32, 0x00002007, 4, "LOAD-FP flw (no F extension)"),
	ILL(C_CSR, 0x00004073, 4, "SYSTEM funct3 100 (not an instruction)"),
	ILL(C_OP, 0x20000033, 4, "OP funct7 0010000 (not an instruction)"),
};

#define NROWS(t) (sizeof(t) / sizeof((t)[0]))

static void check_row(struct rowcheck *rc, const struct drow *r)
{
	struct insn in;

	memset(&in, 0xa5, sizeof in);
	decode_insn(&in, r->bits);
	if (in.fn != r->fn)
		ROW_FAIL(rc, r->text, r->clause, "semantics function differs (bits %#x)%s",
			 r->bits, in.fn == insn_illegal ? ": decoded as illegal" : "");
	if (r->rd != DC)
		ROW_EQ(rc, r->text, r->clause, "rd", in.rd, r->rd);
	if (r->rs1 != DC)
		ROW_EQ(rc, r->text, r->clause, "rs1", in.rs1, r->rs1);
	if (r->rs2 != DC)
		ROW_EQ(rc, r->text, r->clause, "rs2", in.rs2, r->rs2);
	if (r->imm != NOIMM)
		ROW_EQ(rc, r->text, r->clause, "imm", (int64_t)in.imm, r->imm);
	ROW_EQ(rc, r->text, r->clause, "len", in.len, r->len);
	ROW_EQ(rc, r->text, r->clause, "insn_length()", insn_length(r->bits), r->len);
}

/* Every 32-bit row: function, operands, sign-extended immediate, length 4. */
static void test_decode_32bit_table(void **state)
{
	struct rowcheck rc = { 0 };
	for (size_t i = 0; i < NROWS(rows32); i++)
		check_row(&rc, &rows32[i]);
	ROW_DONE(&rc);
}

/*
 * Every RV64C row: expanded to its 32-bit equivalent's function and
 * operands (rd'/rs1'/rs2' name x8..x15; scaled, zero- or sign-extended
 * immediates), length 2.
 */
static void test_decode_compressed_table(void **state)
{
	struct rowcheck rc = { 0 };
	for (size_t i = 0; i < NROWS(rows16); i++)
		check_row(&rc, &rows16[i]);
	ROW_DONE(&rc);
}

/* Reserved, unimplemented and ill-formed encodings decode to insn_illegal. */
static void test_decode_illegal_table(void **state)
{
	struct rowcheck rc = { 0 };
	char buf[64];

	for (size_t i = 0; i < NROWS(illegal_rows); i++) {
		const struct irow *r = &illegal_rows[i];
		struct insn in;
		memset(&in, 0xa5, sizeof in);
		decode_insn(&in, r->bits);
		if (in.fn != insn_illegal)
			ROW_FAIL(&rc, r->what, r->clause, "bits %#x do not decode as illegal", r->bits);
		ROW_EQ(&rc, r->what, r->clause, "len", in.len, r->len);
		disasm(buf, sizeof buf, r->bits);
		if (strcmp(buf, "illegal") != 0)
			ROW_FAIL(&rc, r->what, r->clause, "disasm = \"%s\", want \"illegal\"", buf);
	}
	ROW_DONE(&rc);
}

static void check_disasm(struct rowcheck *rc, const struct drow *rows, size_t n)
{
	char buf[96];
	for (size_t i = 0; i < n; i++) {
		int len = disasm(buf, sizeof buf, rows[i].bits);
		if (strcmp(buf, rows[i].dis) != 0)
			ROW_FAIL(rc, rows[i].text, rows[i].clause, "disasm = \"%s\", want \"%s\"", buf, rows[i].dis);
		ROW_EQ(rc, rows[i].text, rows[i].clause, "disasm() return", len, strlen(buf));
	}
}

/* disasm(): "mnemonic operands" in hmvirt's format, ABI register names. */
static void test_disasm_32bit_table(void **state)
{
	struct rowcheck rc = { 0 };
	check_disasm(&rc, rows32, NROWS(rows32));
	ROW_DONE(&rc);
}

/* disasm() of RVC: "c." plus the 32-bit equivalent (hmvirt's documented format). */
static void test_disasm_compressed_table(void **state)
{
	struct rowcheck rc = { 0 };
	check_disasm(&rc, rows16, NROWS(rows16));
	ROW_DONE(&rc);
}

/* disasm() truncates like snprintf: returns the full length, NUL-terminates. */
static void test_disasm_truncates(void **state)
{
	char buf[8];
	int n = disasm(buf, sizeof buf, 0x80058513); /* addi a0,a1,-2048 */
	assert_int_equal(n, (int)strlen("addi a0,a1,-2048"));
	assert_string_equal(buf, "addi a0");
	n = disasm(buf, 1, 0x0000);
	assert_int_equal(n, (int)strlen("illegal"));
	assert_string_equal(buf, "");
}

/*
 * Every entry of the instruction table (RV_INSNS) decodes to its own
 * semantics function, both for its match word and with every bit outside
 * its mask set (those bits are operands).
 */
struct tentry {
	const char *name;
	uint32_t match, mask;
	insn_fn fn;
};
#define TENTRY(n, ma, mk, f) { #n, ma, mk, op_##n },
static const struct tentry table[] = { RV_INSNS(TENTRY) };

static void test_every_table_entry_decodes(void **state)
{
	struct rowcheck rc = { 0 };
	for (size_t i = 0; i < NROWS(table); i++) {
		const struct tentry *t = &table[i];
		uint32_t words[2] = { t->match, t->match | ~t->mask };
		for (unsigned k = 0; k < 2; k++) {
			struct insn in;
			decode_insn(&in, words[k]);
			if (in.fn != t->fn)
				ROW_FAIL(&rc, t->name, C_LISTING32, "bits %#x decode to another function", words[k]);
			ROW_EQ(&rc, t->name, C_LISTING32, "len", in.len, 4);
		}
	}
	ROW_DONE(&rc);
}

/*
 * A compressed instruction is decoded from its low halfword alone
 * (c-st-ext.adoc, Overview: 16-bit parcels; decode_insn's contract).
 */
static void test_compressed_ignores_upper_halfword(void **state)
{
	struct rowcheck rc = { 0 };
	for (size_t i = 0; i < NROWS(rows16); i++) {
		struct insn a, b;
		uint32_t lo = rows16[i].bits & 0xffff;
		memset(&a, 0, sizeof a);
		memset(&b, 0, sizeof b);
		decode_insn(&a, lo);
		decode_insn(&b, lo | 0x5a5a0000u);
		if (a.fn != b.fn || a.rd != b.rd || a.rs1 != b.rs1 || a.rs2 != b.rs2 ||
		    a.imm != b.imm || a.len != b.len)
			ROW_FAIL(&rc, rows16[i].text, SPEC("c-st-ext.adoc", "Overview"),
				 "upper halfword changes the decoding");
	}
	ROW_DONE(&rc);
}

/* insn_length(): 2 unless bits[1:0] = 11 (c-st-ext.adoc, Overview). */
static void test_insn_length(void **state)
{
	static const struct { uint32_t bits; unsigned len; } t[] = {
		{ 0x0000, 2 }, { 0x0001, 2 }, { 0x0002, 2 }, { 0x0003, 4 },
		{ 0xfffffffc, 2 }, { 0xfffffffd, 2 }, { 0xfffffffe, 2 }, { 0xffffffff, 4 },
		{ 0x0000001f, 4 },  /* a 48-bit prefix: hmvirt treats it as a 32-bit illegal word */
	};
	for (size_t i = 0; i < NROWS(t); i++)
		assert_int_equal(insn_length(t[i].bits), t[i].len);
}

int main(void)
{
	unit_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_32bit_table),
		cmocka_unit_test(test_decode_compressed_table),
		cmocka_unit_test(test_decode_illegal_table),
		cmocka_unit_test(test_disasm_32bit_table),
		cmocka_unit_test(test_disasm_compressed_table),
		cmocka_unit_test(test_disasm_truncates),
		cmocka_unit_test(test_every_table_entry_decodes),
		cmocka_unit_test(test_compressed_ignores_upper_halfword),
		cmocka_unit_test(test_insn_length),
	};
	return cmocka_run_group_tests_name("decode", tests, NULL, NULL);
}
