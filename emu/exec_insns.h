/*
 * Semantics of RV64IMA + Zicsr + Zifencei, the privileged instructions and
 * those of the hypervisor extension, one small function per instruction of
 * riscv/encoding.h. Each returns the next pc; a trapping instruction
 * returns the trap vector (trap.c).
 *
 * This file is compiled twice (STYLE.md: the fast path stays separate
 * from observation): by exec.c for the functional machine and by
 * exec_timed.c for the timing model, which see the same semantics through
 * different hooks. The includer defines:
 *   OPFN(name)            the function's name (op_name, opt_name)
 *   INSN_NEXT, INSN_JUMP  how control passes to the next instruction
 *   MEMFN(fn)             the load/store fast path (ld_u64 / ld_u64_t ...)
 *   LATENCY(field)        extra cycles of struct timing_config's field
 */

#define NEXT INSN_NEXT(h, in, pc, budget)
/* Handlers that call out of line keep the budget in memory: SPILL on entry
 * (what they call may read the instruction count or end the chain through
 * hart_request_exit), and continue with the budget found there. */
#define SPILL (h->budget = budget)
#define NEXT_SYNC INSN_NEXT(h, in, pc, h->budget)
#define RS1 X(in->rs1)
#define RS2 X(in->rs2)
#define RD X(in->rd)
#define IMM ((int64_t)in->imm)

/* ---- integer computation (rv32.adoc, rv64.adoc) ------------------------ */
#define OP(name, expr) \
	uint64_t OPFN(name)(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget) \
	{ RD = (expr); return NEXT; }
/* M extension: the result, plus the unit's latency when timing is on */
#define MOP(name, lat, expr) \
	uint64_t OPFN(name)(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget) \
	{ RD = (expr); LATENCY(lat); return NEXT; }

OP(lui, (uint64_t)IMM)
OP(auipc, pc + (uint64_t)IMM)
OP(addi, RS1 + (uint64_t)IMM)
OP(slti, (int64_t)RS1 < IMM)
OP(sltiu, RS1 < (uint64_t)IMM)
OP(xori, RS1 ^ (uint64_t)IMM)
OP(ori, RS1 | (uint64_t)IMM)
OP(andi, RS1 & (uint64_t)IMM)
OP(slli, RS1 << in->imm)
OP(srli, RS1 >> in->imm)
OP(srai, (uint64_t)((int64_t)RS1 >> in->imm))
OP(add, RS1 + RS2)
OP(sub, RS1 - RS2)
OP(sll, RS1 << (RS2 & 63))
OP(slt, (int64_t)RS1 < (int64_t)RS2)
OP(sltu, RS1 < RS2)
OP(xor, RS1 ^ RS2)
OP(srl, RS1 >> (RS2 & 63))
OP(sra, (uint64_t)((int64_t)RS1 >> (RS2 & 63)))
OP(or, RS1 | RS2)
OP(and, RS1 & RS2)
OP(addiw, (uint64_t)(int64_t)(int32_t)(RS1 + (uint64_t)IMM))
OP(slliw, (uint64_t)(int64_t)(int32_t)((uint32_t)RS1 << in->imm))
OP(srliw, (uint64_t)(int64_t)(int32_t)((uint32_t)RS1 >> in->imm))
OP(sraiw, (uint64_t)(int64_t)((int32_t)RS1 >> in->imm))
OP(addw, (uint64_t)(int64_t)(int32_t)(RS1 + RS2))
OP(subw, (uint64_t)(int64_t)(int32_t)(RS1 - RS2))
OP(sllw, (uint64_t)(int64_t)(int32_t)((uint32_t)RS1 << (RS2 & 31)))
OP(srlw, (uint64_t)(int64_t)(int32_t)((uint32_t)RS1 >> (RS2 & 31)))
OP(sraw, (uint64_t)(int64_t)((int32_t)RS1 >> (RS2 & 31)))

/*
 * `slti x0, x0, N` is a HINT (rd = x0); the machine recognises N = 1/2 as
 * the ROI markers. Nothing to do functionally: the timing layer observes it.
 */

/* ---- M extension (m-st-ext.adoc): division by zero and overflow -------- */
static inline int64_t div64(int64_t a, int64_t b)
{
	if (b == 0)
		return -1;
	if (a == INT64_MIN && b == -1)
		return a;
	return a / b;
}
static inline int64_t rem64(int64_t a, int64_t b)
{
	if (b == 0)
		return a;
	if (a == INT64_MIN && b == -1)
		return 0;
	return a % b;
}
static inline int32_t div32(int32_t a, int32_t b)
{
	if (b == 0)
		return -1;
	if (a == INT32_MIN && b == -1)
		return a;
	return a / b;
}
static inline int32_t rem32(int32_t a, int32_t b)
{
	if (b == 0)
		return a;
	if (a == INT32_MIN && b == -1)
		return 0;
	return a % b;
}

MOP(mul, mul_latency, RS1 * RS2)
MOP(mulh, mul_latency, (uint64_t)(((__int128)(int64_t)RS1 * (__int128)(int64_t)RS2) >> 64))
MOP(mulhsu, mul_latency, (uint64_t)(((__int128)(int64_t)RS1 * (__int128)(unsigned __int128)RS2) >> 64))
MOP(mulhu, mul_latency, (uint64_t)(((unsigned __int128)RS1 * RS2) >> 64))
MOP(div, div_latency, (uint64_t)div64((int64_t)RS1, (int64_t)RS2))
MOP(divu, div_latency, RS2 ? RS1 / RS2 : ~0ull)
MOP(rem, div_latency, (uint64_t)rem64((int64_t)RS1, (int64_t)RS2))
MOP(remu, div_latency, RS2 ? RS1 % RS2 : RS1)
MOP(mulw, mul_latency, (uint64_t)(int64_t)(int32_t)(RS1 * RS2))
MOP(divw, div_latency, (uint64_t)(int64_t)div32((int32_t)RS1, (int32_t)RS2))
MOP(divuw, div_latency, (uint64_t)(int64_t)(int32_t)((uint32_t)RS2 ? (uint32_t)RS1 / (uint32_t)RS2 : ~0u))
MOP(remw, div_latency, (uint64_t)(int64_t)rem32((int32_t)RS1, (int32_t)RS2))
MOP(remuw, div_latency, (uint64_t)(int64_t)(int32_t)((uint32_t)RS2 ? (uint32_t)RS1 % (uint32_t)RS2 : (uint32_t)RS1))
#undef OP

/* ---- control transfer --------------------------------------------------- */
uint64_t OPFN(jal)(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget)
{
	RD = pc + in->len;
	return INSN_JUMP(h, in, pc, budget, pc + (uint64_t)IMM);
}

uint64_t OPFN(jalr)(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget)
{
	uint64_t target = (RS1 + (uint64_t)IMM) & ~1ull;
	RD = pc + in->len;
	return INSN_JUMP(h, in, pc, budget, target);
}

#define BRANCH(name, cond) \
	uint64_t OPFN(name)(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget) \
	{ return (cond) ? INSN_JUMP(h, in, pc, budget, pc + (uint64_t)IMM) : NEXT; }
BRANCH(beq, RS1 == RS2)
BRANCH(bne, RS1 != RS2)
BRANCH(blt, (int64_t)RS1 < (int64_t)RS2)
BRANCH(bge, (int64_t)RS1 >= (int64_t)RS2)
BRANCH(bltu, RS1 < RS2)
BRANCH(bgeu, RS1 >= RS2)
#undef BRANCH

/* ---- loads and stores --------------------------------------------------- */
/* Each has a hot half (the fast-table hit, inline) and a cold half (the
 * slow path: translation, devices, faults), so that the hot half needs no
 * stack frame and passes control on with a jump. */
#define LOAD(name, fn, type) \
	static __attribute__((noinline, cold)) uint64_t                        \
	OPFN(name##_slow)(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget) \
	{                                                                     \
		SPILL;                                                            \
		if (!mem_load_slow(h, RS1 + (uint64_t)IMM, sizeof(type), &h->ld_val)) \
			return trap_pending_exception(h, pc);                         \
		RD = (uint64_t)(int64_t)(type)h->ld_val;                          \
		return NEXT_SYNC;                                                 \
	}                                                                     \
	uint64_t OPFN(name)(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget) \
	{                                                                     \
		uint64_t v;                                                       \
		if (unlikely(!fn(h, RS1 + (uint64_t)IMM, &v)))                    \
			return OPFN(name##_slow)(h, in, pc, budget);                  \
		RD = v;                                                           \
		return NEXT;                                                      \
	}
LOAD(lb, MEMFN(ld_i8), int8_t)
LOAD(lh, MEMFN(ld_i16), int16_t)
LOAD(lw, MEMFN(ld_i32), int32_t)
LOAD(ld, MEMFN(ld_u64), uint64_t)
LOAD(lbu, MEMFN(ld_u8), uint8_t)
LOAD(lhu, MEMFN(ld_u16), uint16_t)
LOAD(lwu, MEMFN(ld_u32), uint32_t)
#undef LOAD

#define STORE(name, fn, size) \
	static __attribute__((noinline, cold)) uint64_t                        \
	OPFN(name##_slow)(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget) \
	{                                                                     \
		SPILL;                                                            \
		if (!mem_store_slow(h, RS1 + (uint64_t)IMM, size, RS2))           \
			return trap_pending_exception(h, pc);                         \
		return NEXT_SYNC;                                                 \
	}                                                                     \
	uint64_t OPFN(name)(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget) \
	{                                                                     \
		if (unlikely(!fn(h, RS1 + (uint64_t)IMM, RS2)))                   \
			return OPFN(name##_slow)(h, in, pc, budget);                  \
		return NEXT;                                                      \
	}
STORE(sb, MEMFN(st_u8), 1)
STORE(sh, MEMFN(st_u16), 2)
STORE(sw, MEMFN(st_u32), 4)
STORE(sd, MEMFN(st_u64), 8)
#undef STORE

/* ---- A extension (a-st-ext.adoc) --------------------------------------- */
/*
 * LR/SC and AMOs require natural alignment (misaligned: cause 4 for LR,
 * cause 6 for SC/AMO) and main memory (otherwise an access fault).
 */
#define LR(name, type) \
	uint64_t OPFN(name)(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget) \
	{                                                                     \
		SPILL;                                                            \
		type v;                                                           \
		void *p = mem_amo_ptr(h, RS1, sizeof(type), ACC_R);               \
		if (!p)                                                           \
			return trap_pending_exception(h, pc);                         \
		memcpy(&v, p, sizeof v);                                          \
		h->res_valid = true;                                              \
		h->res_addr = RS1;                                                \
		RD = (uint64_t)(int64_t)v;                                        \
		return NEXT_SYNC;                                                 \
	}
LR(lr_w, int32_t)
LR(lr_d, int64_t)
#undef LR

#define SC(name, type) \
	uint64_t OPFN(name)(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget) \
	{                                                                     \
		SPILL;                                                            \
		uint64_t addr = RS1;                                              \
		if (addr & (sizeof(type) - 1))                                    \
			return trap_exception(h, pc, CAUSE_MISALIGNED_STORE, addr);   \
		if (!h->res_valid || h->res_addr != addr) {                       \
			h->res_valid = false;                                         \
			RD = 1;                                                       \
			return NEXT_SYNC;                                             \
		}                                                                 \
		void *p = mem_amo_ptr(h, addr, sizeof(type), ACC_W);              \
		if (!p)                                                           \
			return trap_pending_exception(h, pc);                         \
		type v = (type)RS2;                                               \
		memcpy(p, &v, sizeof v);                                          \
		h->res_valid = false;                                             \
		RD = 0;                                                           \
		return NEXT_SYNC;                                                 \
	}
SC(sc_w, int32_t)
SC(sc_d, int64_t)
#undef SC

#define AMO(name, type, expr) \
	uint64_t OPFN(name)(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget) \
	{                                                                     \
		SPILL;                                                            \
		type a, b = (type)RS2;                                            \
		void *p = mem_amo_ptr(h, RS1, sizeof(type), ACC_W);               \
		if (!p)                                                           \
			return trap_pending_exception(h, pc);                         \
		memcpy(&a, p, sizeof a);                                          \
		type r = (expr);                                                  \
		memcpy(p, &r, sizeof r);                                          \
		RD = (uint64_t)(int64_t)a;                                        \
		return NEXT_SYNC;                                                 \
	}
#define AMOS(sfx, st, ut) \
	AMO(amoswap_##sfx, st, b) \
	AMO(amoadd_##sfx, st, (st)((ut)a + (ut)b)) \
	AMO(amoxor_##sfx, st, a ^ b) \
	AMO(amoand_##sfx, st, a & b) \
	AMO(amoor_##sfx, st, a | b) \
	AMO(amomin_##sfx, st, a < b ? a : b) \
	AMO(amomax_##sfx, st, a > b ? a : b) \
	AMO(amominu_##sfx, st, (ut)a < (ut)b ? a : b) \
	AMO(amomaxu_##sfx, st, (ut)a > (ut)b ? a : b)
AMOS(w, int32_t, uint32_t)
AMOS(d, int64_t, uint64_t)
#undef AMOS
#undef AMO

/* ---- fences ------------------------------------------------------------- */
uint64_t OPFN(fence)(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget)
{
	return NEXT;
}

/*
 * fence.i: stores already invalidate the decoded instructions they
 * overwrite (mem.c), so instruction fetch is always coherent.
 */
uint64_t OPFN(fence_i)(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget)
{
	return NEXT;
}

/* ---- privileged instructions (machine.adoc, supervisor.adoc, hypervisor.adoc) */
/* ecall: 8 from U or VU, 9 from HS, 10 from VS, 11 from M. */
uint64_t OPFN(ecall)(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget)
{
	SPILL;
	static const uint64_t cause[4] = {
		CAUSE_USER_ECALL, CAUSE_SUPERVISOR_ECALL, 0, CAUSE_MACHINE_ECALL,
	};
	if (h->virt && h->priv == PRV_S)
		return trap_exception(h, pc, CAUSE_VS_ECALL, 0);
	return trap_exception(h, pc, cause[h->priv], 0);
}

uint64_t OPFN(ebreak)(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget)
{
	SPILL;
	return trap_exception(h, pc, CAUSE_BREAKPOINT, pc);
}

/* Enters privilege priv with virtualization mode virt (an xRET). */
static void set_mode(struct hart *h, unsigned priv, bool virt)
{
	if (h->m->timing)
		timing_add(h, CYC_TRAP, h->m->cfg.xret);
	h->priv = priv;
	h->virt = virt;
	hart_context_changed_by(h, 1); /* the xRET retires in the mode that ran it */
	hart_request_exit(h);
}

/*
 * MRET (machine.adoc "Trap-Return Instructions"; hypervisor.adoc "Trap
 * Return"): the new mode is MPP with V = MPV (V stays 0 when MPP = M);
 * MPV = 0, MPP = U, MIE = MPIE, MPIE = 1, and MPRV = 0 unless returning to M.
 */
uint64_t OPFN(mret)(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget)
{
	SPILL;
	uint64_t s = h->mstatus;
	unsigned mpp = (unsigned)((s & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);
	bool virt = mpp != PRV_M && (s & MSTATUS_MPV);

	if (h->priv < PRV_M)
		return h->virt ? insn_virtual(h, in, pc, budget) : insn_illegal(h, in, pc, budget);
	s = (s & ~MSTATUS_MIE) | ((s & MSTATUS_MPIE) ? MSTATUS_MIE : 0);
	s |= MSTATUS_MPIE;
	s &= ~(MSTATUS_MPP | MSTATUS_MPV);
	if (mpp != PRV_M)
		s &= ~MSTATUS_MPRV;
	h->mstatus = s;
	set_mode(h, mpp, virt);
	return insn_done(h, h->mepc);
}

/*
 * SRET: illegal in U-mode and in HS-mode when mstatus.TSR = 1; a virtual
 * instruction in VU-mode and in VS-mode when hstatus.VTSR = 1. From V=0
 * the new mode is SPP with V = hstatus.SPV (then SPV = 0); from VS-mode it
 * is vsstatus.SPP, V stays 1, and vsstatus/vsepc serve.
 */
uint64_t OPFN(sret)(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget)
{
	SPILL;
	bool vs = h->virt;
	uint64_t s = vs ? h->vsstatus : h->mstatus;
	unsigned spp = (s & MSTATUS_SPP) ? PRV_S : PRV_U;
	bool virt = vs || (h->hstatus & HSTATUS_SPV);

	if (vs && (h->priv == PRV_U || (h->hstatus & HSTATUS_VTSR)))
		return insn_virtual(h, in, pc, budget);
	if (h->priv == PRV_U || (!vs && h->priv == PRV_S && (s & MSTATUS_TSR)))
		return insn_illegal(h, in, pc, budget);
	s = (s & ~MSTATUS_SIE) | ((s & MSTATUS_SPIE) ? MSTATUS_SIE : 0);
	s |= MSTATUS_SPIE;
	s &= ~MSTATUS_SPP;
	if (vs) {
		h->vsstatus = s;
	} else {
		h->mstatus = s & ~MSTATUS_MPRV;    /* new privilege is below M */
		h->hstatus &= ~HSTATUS_SPV;
	}
	set_mode(h, spp, virt);
	return insn_done(h, vs ? h->vsepc : h->sepc);
}

/*
 * WFI: illegal in U-mode, and below M when mstatus.TW = 1 (we time out at
 * once, which the spec allows); a virtual instruction in VU-mode, and in
 * VS-mode when hstatus.VTW = 1. Otherwise the hart sleeps until an
 * interrupt is pending and enabled in mie, whatever the global enables.
 */
uint64_t OPFN(wfi)(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget)
{
	SPILL;
	if (h->priv < PRV_M && (h->mstatus & MSTATUS_TW))
		return insn_illegal(h, in, pc, budget);
	if (h->virt && (h->priv == PRV_U || (h->hstatus & HSTATUS_VTW)))
		return insn_virtual(h, in, pc, budget);
	if (h->priv == PRV_U)
		return insn_illegal(h, in, pc, budget);
	h->wfi = true;
	hart_request_exit(h);
	return NEXT_SYNC;
}

/*
 * supervisor.adoc, "Supervisor Memory-Management Fence Instruction":
 * illegal in U-mode and in HS-mode when TVM = 1; a virtual instruction in
 * VU-mode and in VS-mode when hstatus.VTVM = 1. When V=1 it fences the
 * current VM's VS-stage.
 */
uint64_t OPFN(sfence_vma)(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget)
{
	SPILL;
	if (h->virt && (h->priv == PRV_U || (h->hstatus & HSTATUS_VTVM)))
		return insn_virtual(h, in, pc, budget);
	if (h->priv == PRV_U || (!h->virt && h->priv == PRV_S && (h->mstatus & MSTATUS_TVM)))
		return insn_illegal(h, in, pc, budget);
	hart_sfence(h, in->rs1 != 0, RS1, in->rs2 != 0, (uint16_t)RS2);
	h->st.fences[h->virt ? FENCE_SFENCE_VMA_GUEST : FENCE_SFENCE_VMA][FENCE_FORM(in)]++;
	return NEXT_SYNC;
}

/*
 * hypervisor.adoc, "Hypervisor Memory-Management Fence Instructions": valid
 * in M and HS (HFENCE.GVMA not in HS with TVM = 1); a virtual instruction
 * when V=1, illegal in U-mode. rs1 of HFENCE.GVMA is a GPA >> 2.
 */
static uint64_t hfence_refused(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget,
			       bool gvma)
{
	if (h->virt)
		return insn_virtual(h, in, pc, budget);
	if (h->priv == PRV_U || (gvma && h->priv == PRV_S && (h->mstatus & MSTATUS_TVM)))
		return insn_illegal(h, in, pc, budget);
	return 0;
}

uint64_t OPFN(hfence_vvma)(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget)
{
	SPILL;
	uint64_t r = hfence_refused(h, in, pc, budget, false);
	if (r)
		return r;
	hart_hfence_vvma(h, in->rs1 != 0, RS1, in->rs2 != 0, (uint16_t)RS2);
	h->st.fences[FENCE_HFENCE_VVMA][FENCE_FORM(in)]++;
	return NEXT_SYNC;
}

uint64_t OPFN(hfence_gvma)(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget)
{
	SPILL;
	uint64_t r = hfence_refused(h, in, pc, budget, true);
	if (r)
		return r;
	hart_hfence_gvma(h, in->rs1 != 0, RS1 << 2, in->rs2 != 0,
			 (uint16_t)(RS2 & ((1u << HGATP_VMID_BITS) - 1)));
	h->st.fences[FENCE_HFENCE_GVMA][FENCE_FORM(in)]++;
	return NEXT_SYNC;
}

/*
 * HLV, HLVX, HSV (hypervisor.adoc, "Hypervisor Virtual-Machine Load and
 * Store Instructions"): explicit accesses as though V=1 at privilege
 * hstatus.SPVP, always through the slow path. Valid in M and HS, and in U
 * when hstatus.HU = 1; a virtual instruction when V=1.
 */
static bool hlv_refused(struct hart *h, const struct insn *in, uint64_t pc, uint64_t *next)
{
	if (h->virt)
		*next = insn_virtual(h, in, pc, h->budget);
	else if (h->priv == PRV_U && !(h->hstatus & HSTATUS_HU))
		*next = insn_illegal(h, in, pc, h->budget);
	else
		return false;
	return true;
}

static bool hlv_load(struct hart *h, uint64_t va, unsigned size, bool x, uint64_t *v)
{
	bool ok;
	h->hlv = true;
	h->hlvx = x;
	ok = mem_load_slow(h, va, size, v);
	h->hlv = h->hlvx = false;
	return ok;
}

#define HLV(name, type, x) \
	uint64_t OPFN(name)(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget) \
	{                                                                     \
		SPILL;                                                            \
		uint64_t v, next;                                                 \
		if (hlv_refused(h, in, pc, &next))                                \
			return next;                                                  \
		if (!hlv_load(h, RS1, sizeof(type), x, &v))                       \
			return trap_pending_exception(h, pc);                         \
		RD = (uint64_t)(int64_t)(type)v;                                  \
		return NEXT_SYNC;                                                 \
	}
HLV(hlv_b, int8_t, false)
HLV(hlv_bu, uint8_t, false)
HLV(hlv_h, int16_t, false)
HLV(hlv_hu, uint16_t, false)
HLV(hlvx_hu, uint16_t, true)
HLV(hlv_w, int32_t, false)
HLV(hlv_wu, uint32_t, false)
HLV(hlvx_wu, uint32_t, true)
HLV(hlv_d, int64_t, false)
#undef HLV

#define HSV(name, type) \
	uint64_t OPFN(name)(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget) \
	{                                                                     \
		SPILL;                                                            \
		uint64_t next;                                                    \
		bool ok;                                                          \
		if (hlv_refused(h, in, pc, &next))                                \
			return next;                                                  \
		h->hlv = true;                                                    \
		ok = mem_store_slow(h, RS1, sizeof(type), (type)RS2);             \
		h->hlv = false;                                                   \
		if (!ok)                                                          \
			return trap_pending_exception(h, pc);                         \
		return NEXT_SYNC;                                                 \
	}
HSV(hsv_b, uint8_t)
HSV(hsv_h, uint16_t)
HSV(hsv_w, uint32_t)
HSV(hsv_d, uint64_t)
#undef HSV

/* ---- Zicsr --------------------------------------------------------------- */
/*
 * zicsr.adoc: CSRRW with rd = x0 does not read; CSRRS/CSRRC with rs1 = x0
 * (and the immediate forms with uimm = 0) do not write, so they may read a
 * read-only CSR. Reads happen before writes; the register source is read
 * before rd is written.
 */
static uint64_t csr_op(struct hart *h, const struct insn *in, uint64_t pc,
		       uint64_t src, int kind, bool do_write)
{
	unsigned csr;
	bool do_read = kind != 0 || in->rd != 32;
	uint64_t old = 0, cause = csr_check(h, (unsigned)in->imm, do_write, &csr);

	if (cause == CAUSE_VIRTUAL_INSN)
		return insn_virtual(h, in, pc, h->budget);
	if (cause)
		return insn_illegal(h, in, pc, h->budget);
	h->csr_virtual = false;
	if ((do_read && !csr_read(h, csr, &old)) ||
	    (do_write && !csr_write(h, csr, kind == 0 ? src : kind == 1 ? old | src : old & ~src)))
		return h->csr_virtual ? insn_virtual(h, in, pc, h->budget) : insn_illegal(h, in, pc, h->budget);
	if (do_write)
		hart_request_exit(h);
	RD = old;
	return NEXT_SYNC;
}

uint64_t OPFN(csrrw)(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget)
{
	SPILL;
	return csr_op(h, in, pc, RS1, 0, true);
}
uint64_t OPFN(csrrs)(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget)
{
	SPILL;
	return csr_op(h, in, pc, RS1, 1, in->rs1 != 0);
}
uint64_t OPFN(csrrc)(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget)
{
	SPILL;
	return csr_op(h, in, pc, RS1, 2, in->rs1 != 0);
}
uint64_t OPFN(csrrwi)(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget)
{
	SPILL;
	return csr_op(h, in, pc, in->rs1, 0, true);
}
uint64_t OPFN(csrrsi)(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget)
{
	SPILL;
	return csr_op(h, in, pc, in->rs1, 1, in->rs1 != 0);
}
uint64_t OPFN(csrrci)(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget)
{
	SPILL;
	return csr_op(h, in, pc, in->rs1, 2, in->rs1 != 0);
}
