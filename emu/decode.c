/*
 * Decoding: a 32-bit or 16-bit instruction word into a pre-decoded struct
 * insn (semantics function + operands). Compressed instructions (RVC) are
 * expanded into the operands of their 32-bit equivalents, as
 * c-st-ext.adoc defines each of them.
 */
#include <stdio.h>

#include "insn.h"

struct insn_desc {
	const char *name;
	uint32_t match, mask;
	enum rv_format fmt;
	insn_fn fn, tfn;       /* functional and timed semantics */
};

#define INSN_DESC(n, ma, mk, f) { #n, ma, mk, f, op_##n, opt_##n },
static const struct insn_desc insn_table[] = { RV_INSNS(INSN_DESC) };
#undef INSN_DESC
#define NINSNS (sizeof(insn_table) / sizeof(insn_table[0]))

static const struct insn_desc *lookup(uint32_t bits)
{
	for (unsigned i = 0; i < NINSNS; i++)
		if ((bits & insn_table[i].mask) == insn_table[i].match)
			return &insn_table[i];
	return NULL;
}

static inline uint32_t field(uint32_t w, unsigned hi, unsigned lo)
{
	return (w >> lo) & ((1u << (hi - lo + 1)) - 1);
}

static inline int32_t sext(uint32_t v, unsigned bits)
{
	return (int32_t)(v << (32 - bits)) >> (32 - bits);
}

unsigned insn_length(uint32_t bits)
{
	return (bits & 3) == 3 ? 4 : 2;
}

static uint8_t rd_of(uint32_t r)
{
	return r == 0 ? 32 : (uint8_t)r; /* writes to x0 go to the sink */
}

static int32_t imm_of(uint32_t w, enum rv_format fmt)
{
	switch (fmt) {
	case FMT_I: case FMT_LOAD:
		return sext(field(w, 31, 20), 12);
	case FMT_S:
		return sext(field(w, 31, 25) << 5 | field(w, 11, 7), 12);
	case FMT_B:
		return sext(field(w, 31, 31) << 12 | field(w, 7, 7) << 11 |
			    field(w, 30, 25) << 5 | field(w, 11, 8) << 1, 13);
	case FMT_U:
		return (int32_t)(w & 0xfffff000u);
	case FMT_J:
		return sext(field(w, 31, 31) << 20 | field(w, 19, 12) << 12 |
			    field(w, 20, 20) << 11 | field(w, 30, 21) << 1, 21);
	case FMT_SH:
		return (int32_t)field(w, 25, 20);
	case FMT_CSR: case FMT_CSRI:
		return (int32_t)field(w, 31, 20);
	default:
		return 0;
	}
}

static void set(struct insn *o, insn_fn fn, unsigned rd, unsigned rs1, unsigned rs2, int32_t imm)
{
	o->fn = fn;
	o->rd = rd_of(rd);
	o->rs1 = (uint8_t)rs1;
	o->rs2 = (uint8_t)rs2;
	o->imm = imm;
}

/* `slti x0, x0, N` (DESIGN.md, simulation markers): N = 1 and 2 mark the ROI. */
#define SLTI_X0_X0(n) (0x00002013u | (uint32_t)(n) << 20)

static void decode32(struct insn *o, uint32_t w)
{
	const struct insn_desc *d = lookup(w);
	o->len = 4;
	if (!d) {
		set(o, insn_illegal, 0, 0, 0, 0);
		return;
	}
	set(o, d->fn, field(w, 11, 7), field(w, 19, 15), field(w, 24, 20), imm_of(w, d->fmt));
	if (w == SLTI_X0_X0(HINT_ROI_BEGIN) || w == SLTI_X0_X0(HINT_ROI_END))
		o->fn = insn_roi;
}

/* c-st-ext.adoc: the register fields rd', rs1', rs2' name x8..x15. */
#define CR(w, lo) (8 + field(w, lo + 2, lo))

static void decode16(struct insn *o, uint32_t w)
{
	unsigned rd = field(w, 11, 7), rs2 = field(w, 6, 2);
	int32_t imm6 = sext(field(w, 12, 12) << 5 | field(w, 6, 2), 6);
	uint32_t u;

	o->len = 2;
	set(o, insn_illegal, 0, 0, 0, 0);
	switch (field(w, 1, 0) << 3 | field(w, 15, 13)) {
	case 000: /* c.addi4spn */
		u = field(w, 12, 11) << 4 | field(w, 10, 7) << 6 | field(w, 6, 6) << 2 | field(w, 5, 5) << 3;
		if (u)
			set(o, op_addi, CR(w, 2), 2, 0, (int32_t)u);
		break;
	case 002: /* c.lw */
		u = field(w, 12, 10) << 3 | field(w, 6, 6) << 2 | field(w, 5, 5) << 6;
		set(o, op_lw, CR(w, 2), CR(w, 7), 0, (int32_t)u);
		break;
	case 003: /* c.ld */
		u = field(w, 12, 10) << 3 | field(w, 6, 5) << 6;
		set(o, op_ld, CR(w, 2), CR(w, 7), 0, (int32_t)u);
		break;
	case 006: /* c.sw */
		u = field(w, 12, 10) << 3 | field(w, 6, 6) << 2 | field(w, 5, 5) << 6;
		set(o, op_sw, 0, CR(w, 7), CR(w, 2), (int32_t)u);
		break;
	case 007: /* c.sd */
		u = field(w, 12, 10) << 3 | field(w, 6, 5) << 6;
		set(o, op_sd, 0, CR(w, 7), CR(w, 2), (int32_t)u);
		break;
	case 010: /* c.addi, c.nop */
		set(o, op_addi, rd, rd, 0, imm6);
		break;
	case 011: /* c.addiw; rd=0 reserved */
		if (rd)
			set(o, op_addiw, rd, rd, 0, imm6);
		break;
	case 012: /* c.li */
		set(o, op_addi, rd, 0, 0, imm6);
		break;
	case 013:
		if (rd == 2) { /* c.addi16sp */
			int32_t v = sext(field(w, 12, 12) << 9 | field(w, 6, 6) << 4 | field(w, 5, 5) << 6 |
					 field(w, 4, 3) << 7 | field(w, 2, 2) << 5, 10);
			if (v)
				set(o, op_addi, 2, 2, 0, v);
		} else if (imm6) { /* c.lui */
			set(o, op_lui, rd, 0, 0, (int32_t)((uint32_t)imm6 << 12));
		}
		break;
	case 014: {
		unsigned r = CR(w, 7), r2 = CR(w, 2);
		unsigned shamt = field(w, 12, 12) << 5 | field(w, 6, 2);
		switch (field(w, 11, 10)) {
		case 0: set(o, op_srli, r, r, 0, (int32_t)shamt); break;
		case 1: set(o, op_srai, r, r, 0, (int32_t)shamt); break;
		case 2: set(o, op_andi, r, r, 0, imm6); break;
		case 3: {
			static insn_fn const ops[8] = { op_sub, op_xor, op_or, op_and, op_subw, op_addw, NULL, NULL };
			insn_fn fn = ops[field(w, 12, 12) << 2 | field(w, 6, 5)];
			if (fn)
				set(o, fn, r, r, r2, 0);
			break;
		}
		}
		break;
	}
	case 015: /* c.j */
		set(o, op_jal, 0, 0, 0,
		    sext(field(w, 12, 12) << 11 | field(w, 11, 11) << 4 | field(w, 10, 9) << 8 |
			 field(w, 8, 8) << 10 | field(w, 7, 7) << 6 | field(w, 6, 6) << 7 |
			 field(w, 5, 3) << 1 | field(w, 2, 2) << 5, 12));
		break;
	case 016: case 017: { /* c.beqz, c.bnez */
		int32_t off = sext(field(w, 12, 12) << 8 | field(w, 11, 10) << 3 | field(w, 6, 5) << 6 |
				   field(w, 4, 3) << 1 | field(w, 2, 2) << 5, 9);
		set(o, field(w, 13, 13) ? op_bne : op_beq, 0, CR(w, 7), 0, off);
		break;
	}
	case 020: /* c.slli */
		set(o, op_slli, rd, rd, 0, (int32_t)(field(w, 12, 12) << 5 | field(w, 6, 2)));
		break;
	case 022: /* c.lwsp; rd=0 reserved */
		if (rd)
			set(o, op_lw, rd, 2, 0, (int32_t)(field(w, 12, 12) << 5 | field(w, 6, 4) << 2 | field(w, 3, 2) << 6));
		break;
	case 023: /* c.ldsp; rd=0 reserved */
		if (rd)
			set(o, op_ld, rd, 2, 0, (int32_t)(field(w, 12, 12) << 5 | field(w, 6, 5) << 3 | field(w, 4, 2) << 6));
		break;
	case 024:
		if (!field(w, 12, 12)) {
			if (rs2)
				set(o, op_add, rd, 0, rs2, 0);            /* c.mv */
			else if (rd)
				set(o, op_jalr, 0, rd, 0, 0);             /* c.jr */
		} else {
			if (!rd && !rs2)
				set(o, op_ebreak, 0, 0, 0, 0);            /* c.ebreak */
			else if (!rs2)
				set(o, op_jalr, 1, rd, 0, 0);             /* c.jalr */
			else
				set(o, op_add, rd, rd, rs2, 0);           /* c.add */
		}
		break;
	case 026: /* c.swsp */
		set(o, op_sw, 0, 2, rs2, (int32_t)(field(w, 12, 9) << 2 | field(w, 8, 7) << 6));
		break;
	case 027: /* c.sdsp */
		set(o, op_sd, 0, 2, rs2, (int32_t)(field(w, 12, 10) << 3 | field(w, 9, 7) << 6));
		break;
	default:
		break;
	}
}

/* Fills *out from an instruction word (the low 16 bits alone if compressed). */
void decode_insn(struct insn *out, uint32_t bits)
{
	if ((bits & 3) == 3)
		decode32(out, bits);
	else
		decode16(out, bits & 0xffff);
}

/* The timed twin of a functional semantics function (itself if it has none). */
static insn_fn timed_fn(insn_fn fn)
{
	for (unsigned i = 0; i < NINSNS; i++)
		if (insn_table[i].fn == fn)
			return insn_table[i].tfn;
	return fn;
}

/* As decode_insn, with the timed semantics when the timing model is on. */
void decode_insn_mode(struct insn *out, uint32_t bits, bool timed)
{
	decode_insn(out, bits);
	if (timed)
		out->fn = timed_fn(out->fn);
}

/* ---- disassembler (for --trace and the GDB stub's logs) ---------------- */

static const char *const abi[32] = {
	"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3",
	"a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11",
	"t3", "t4", "t5", "t6",
};

static const struct insn_desc *desc_of_fn(insn_fn fn)
{
	for (unsigned i = 0; i < NINSNS; i++)
		if (insn_table[i].fn == fn)
			return &insn_table[i];
	return NULL;
}

/*
 * Writes "mnemonic operands" for an instruction word. Compressed
 * instructions are shown as "c." plus their 32-bit equivalent.
 */
int disasm(char *buf, size_t len, uint32_t bits)
{
	struct insn in;
	char name[24];
	const struct insn_desc *d;
	unsigned rd;

	decode_insn(&in, bits);
	d = desc_of_fn(in.fn == insn_roi ? op_slti : in.fn);
	if (!d)
		return snprintf(buf, len, "illegal");
	snprintf(name, sizeof name, "%s%s", in.len == 2 ? "c." : "", d->name);
	for (char *p = name; *p; p++)
		if (*p == '_')
			*p = '.';
	rd = in.rd & 31;
	switch (d->fmt) {
	case FMT_R: case FMT_AMO:
		return snprintf(buf, len, "%s %s,%s,%s", name, abi[rd], abi[in.rs1], abi[in.rs2]);
	case FMT_LR: case FMT_HLV:
		return snprintf(buf, len, "%s %s,(%s)", name, abi[rd], abi[in.rs1]);
	case FMT_HSV:
		return snprintf(buf, len, "%s %s,(%s)", name, abi[in.rs2], abi[in.rs1]);
	case FMT_I: case FMT_SH:
		return snprintf(buf, len, "%s %s,%s,%d", name, abi[rd], abi[in.rs1], in.imm);
	case FMT_LOAD:
		return snprintf(buf, len, "%s %s,%d(%s)", name, abi[rd], in.imm, abi[in.rs1]);
	case FMT_S:
		return snprintf(buf, len, "%s %s,%d(%s)", name, abi[in.rs2], in.imm, abi[in.rs1]);
	case FMT_B:
		return snprintf(buf, len, "%s %s,%s,%d", name, abi[in.rs1], abi[in.rs2], in.imm);
	case FMT_U:
		return snprintf(buf, len, "%s %s,0x%x", name, abi[rd], (uint32_t)in.imm >> 12);
	case FMT_J:
		return snprintf(buf, len, "%s %s,%d", name, abi[rd], in.imm);
	case FMT_CSR:
		return snprintf(buf, len, "%s %s,0x%03x,%s", name, abi[rd], (unsigned)in.imm, abi[in.rs1]);
	case FMT_CSRI:
		return snprintf(buf, len, "%s %s,0x%03x,%u", name, abi[rd], (unsigned)in.imm, in.rs1);
	case FMT_RS12:
		return snprintf(buf, len, "%s %s,%s", name, abi[in.rs1], abi[in.rs2]);
	default:
		return snprintf(buf, len, "%s", name);
	}
}
