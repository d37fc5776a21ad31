/*
 * The hart: architectural state, pre-decoded instructions and the fast
 * paths of memory access. Private to emu/; the layer's public contract is
 * machine.h.
 *
 * Two levels of translation cache:
 *  - the architectural TLB (tlb.c): leaf translations tagged with ASID and
 *    global bit, flushed exactly as sfence.vma's operands say;
 *  - the fast tables (struct ftlb): per privilege context, virtual page ->
 *    host pointer for accesses already known to be permitted. They are a
 *    subset of what the architectural TLB (or Bare mode) allows and are
 *    dropped whenever the context they were filled in changes.
 */
#ifndef EMU_HART_H
#define EMU_HART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "riscv/encoding.h"
#include "riscv/hwmode.h"
#include "timing.h"

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

struct hart;
struct insn;
struct machine;

/*
 * A semantics function: executes one instruction at pc, returns the next
 * pc. budget: instructions the chain may still retire, this one included
 * (kept in a register along the chain; see insn_next).
 */
typedef uint64_t (*insn_fn)(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget);

/* One pre-decoded instruction: 16 bytes. Destination x0 is decoded as 32. */
struct insn {
	insn_fn fn;
	int32_t imm;
	uint8_t rd, rs1, rs2, len;
};
_Static_assert(sizeof(struct insn) == 16, "one 16-byte slot per halfword");

/* The slot after in: len (2 or 4 bytes) halfwords on, i.e. len * 8 bytes
 * (one multiply-add, where in + len / 2 costs a shift and a scale). */
static inline const struct insn *insn_after(const struct insn *in)
{
	return (const struct insn *)((const char *)in + (size_t)in->len * 8);
}

/* Decoded instructions of one physical 4 KiB page, one slot per halfword. */
#define PAGE_SHIFT 12
#define PAGE_SIZE  (1ull << PAGE_SHIFT)
#define DPAGE_SLOTS (PAGE_SIZE / 2)
struct dpage {
	struct insn slot[DPAGE_SLOTS + 1]; /* + a sentinel that leaves the page */
	const uint8_t *host;   /* the page's bytes */
};

enum access { ACC_R = 0, ACC_W = 1, ACC_X = 2 };

/* Fast tables: one per privilege context, direct-mapped on the page number. */
#define FTLB_BITS 8
#define FTLB_SIZE (1u << FTLB_BITS)
#define FTLB_NONE (~0ull)
struct ftlb_entry {
	uint64_t tag;          /* va >> 12, or FTLB_NONE */
	uintptr_t addend;      /* host pointer = addend + va */
	uint64_t *stamp;       /* the L1 TLB entry's LRU stamp (or a sink): aged on use */
};
struct ftlb_xentry {
	uint64_t tag;
	uintptr_t addend;
	struct dpage *dp;
	uint64_t *stamp;
};
struct ftlb {
	struct ftlb_entry r[FTLB_SIZE];
	struct ftlb_entry w[FTLB_SIZE];
	struct ftlb_xentry x[FTLB_SIZE];
	bool used;             /* something was filled since the last flush */
	bool has_super;        /* a fill came from a superpage translation */
};
#define FTLB_CONTEXTS 8        /* index: priv | V << 2 */

/*
 * Translation caches (tlb.c): set-associative arrays of mixed page sizes
 * with a replacement policy, used for the L1 ITLB and DTLB, the L2 TLB,
 * the page-walk cache and the nested TLB. An entry is tagged with its
 * translation context: ASID, and for guest translations (V=1) the VMID
 * and the V bit. Guest entries map a guest virtual page straight to a host
 * physical page (both stages composed); they keep both leaves' permission
 * bits and the guest-physical page of the G-stage leaf, so that
 * hfence.gvma can drop exactly the entries derived from it.
 */
#define TLB_LEVELS 4           /* 4 KiB, 2 MiB, 1 GiB, 512 GiB */
#define TLB_CTX_VMID_SHIFT 16
#define TLB_CTX_V (1ull << 30)
#define TLB_CTX_VS_BARE (1ull << 31) /* V=1 with vsatp Bare: G-stage only */
#define TLB_CTX_GSTAGE (1ull << 32)  /* page-walk cache: a G-stage non-leaf entry */
#define TLB_SPACE_MASK (~0xffffull)  /* the bits of a context above the ASID */
#define TLBE_VALID   1
#define TLBE_VS_BARE 2         /* no first stage (vsatp Bare): pte is not checked */
#define TLBE_G_BARE  4         /* no G-stage (hgatp Bare): gpte is not checked */
struct tlb_entry {
	uint64_t vpn;          /* va >> (12 + 9 * level) */
	uint64_t ppn;          /* physical page number of the page's base (next table for the PWC) */
	uint64_t gpn;          /* V=1: guest-physical address >> (12 + 9 * glevel) */
	uint64_t ctx;          /* ASID | VMID << 16 | V << 30 | VS_BARE << 31 | GSTAGE << 32 */
	uint8_t pte;           /* low 8 bits of the (first-stage) leaf: V R W X U G A D */
	uint8_t gpte;          /* V=1: low 8 bits of the G-stage leaf */
	uint8_t glevel;        /* V=1: level of the G-stage leaf */
	uint8_t level;
	uint8_t valid;         /* TLBE_* */
};
struct tlb {
	unsigned entries, ways, sets;  /* entries 0: the structure is absent */
	enum repl repl;
	struct tlb_entry *e;   /* sets * ways */
	uint64_t *key;         /* per entry: page number << 2 | size, or ~0 when free */
	uint64_t *stamp;       /* per entry: LRU last use, FIFO fill time */
	unsigned count[TLB_LEVELS];    /* valid entries per page size */
	uint64_t *clock, own_clock;    /* LRU/FIFO time */
	uint64_t rng;                  /* REPL_RANDOM state */
	uint64_t hits, misses, evictions;
};

/* The replacement stamp of an entry (LRU: last use; FIFO: fill time). */
static inline uint64_t *tlb_stamp(const struct tlb *t, const struct tlb_entry *e)
{
	return &t->stamp[e - t->e];
}

/* The context tag of a translation (struct tlb_entry.ctx). */
static inline uint64_t tlb_ctx(uint16_t asid, uint16_t vmid, bool virt)
{
	return asid | (uint64_t)vmid << TLB_CTX_VMID_SHIFT | (virt ? TLB_CTX_V : 0);
}

#define PMP_COUNT 16
#define TRAP_CAUSES 48

/*
 * Events the machine counts (stats.c names them). Walks are counted by
 * dimension: 0 the first stage (a host walk or a guest's VS-stage), 1 the
 * G-stage; a two-stage walk counts one VS-stage walk and one G-stage walk
 * per guest-physical address it translates without a nested-TLB hit.
 */
/* Classes of cycles (DESIGN.md, "Timing and accounting"). */
enum cycle_class { CYC_EXEC, CYC_MEM, CYC_WALK, CYC_TRAP, CYC_IDLE, CYC_CLASSES };

/*
 * Address-translation fences retired, by instruction and operand form
 * (form = (rs1 != x0) << 1 | (rs2 != x0): 0 everything, 1 one ASID (VMID
 * for hfence.gvma), 2 one address, 3 one address in one ASID/VMID).
 */
enum fence_kind { FENCE_SFENCE_VMA, FENCE_SFENCE_VMA_GUEST, FENCE_HFENCE_VVMA, FENCE_HFENCE_GVMA,
		  FENCE_KINDS };
#define FENCE_FORM(in) (((in)->rs1 != 0) << 1 | ((in)->rs2 != 0))

struct hart_stats {
	/* cycle accounting by context (priv | V << 2): one cycle per retired
	 * instruction (instret[]) plus the extra cycles of each class */
	uint64_t instret[8];
	uint64_t cycles[8][CYC_CLASSES];
	uint64_t walks[2];
	uint64_t walk_refs[2][TLB_LEVELS];  /* PTE reads from memory, by dimension and level */
	uint64_t pwc_hits[2];               /* walks shortened by the page-walk cache */
	uint64_t tlb_miss_traps;            /* hardware-mode TLB-miss traps (causes 24-26) */
	uint64_t sw_refills;                /* entries committed through MTLBCMD */
	uint64_t traps_taken, vm_exits;     /* every trap; those from V=1 into HS */
	uint64_t fences[FENCE_KINDS][4];    /* retired fences by kind and operand form */
};

/*
 * Events of mhpmcounterN / hpmcounterN (N = the value; mhpmevent3..15
 * read it). Documented in README.md.
 */
enum hpm_event_id {
	HPM_ITLB_MISSES = 3, HPM_DTLB_MISSES, HPM_L2TLB_MISSES, HPM_WALKS, HPM_GWALKS,
	HPM_WALK_REFS, HPM_L1I_MISSES, HPM_L1D_MISSES, HPM_L2_MISSES, HPM_TRAPS, HPM_VM_EXITS,
	HPM_TLB_MISS_TRAPS, HPM_SW_REFILLS, HPM_EVENTS
};

struct hart {
	uint64_t x[33];        /* x[32] absorbs writes to x0 */
	uint64_t pc;
	uint64_t instret;      /* retired before the current chain (hart_instret) */
	uint64_t event_at;     /* the run loop's next stop, in instret */
	uint64_t budget;       /* instructions the current chain may still retire */
	uint64_t budget_total; /* what the chain started with, less early exits */
	struct ftlb *fd;       /* data context (follows MPRV) */
	struct ftlb *fx;       /* fetch context */

	unsigned priv;
	bool virt;
	bool wfi;
	bool probing;          /* debugger translation: do not fill the TLB */
	bool res_valid;        /* LR reservation */
	uint64_t res_addr;
	uint64_t ld_val;        /* a slow-path load's value (the handlers' cold halves) */

	/* pending synchronous exception, filled by the memory slow paths:
	 * tval2 is the guest-physical address >> 2 of a guest-page fault,
	 * tinst a pseudoinstruction (0: transform the trapping instruction
	 * when it is a memory access), gva whether tval is a guest virtual
	 * address although V=0 (HLV/HSV, MPRV with MPV). */
	uint64_t exc_cause, exc_tval, exc_tval2, exc_tinst;
	uint64_t exc_va;       /* original address of the last slow-path data access */
	bool exc_gva;
	bool hlv;              /* an HLV/HLVX/HSV is accessing memory */
	bool hlvx;             /* ... and it is an HLVX: execute permission replaces read */
	bool csr_virtual;      /* a CSR function refused with a virtual-instruction exception */

	/* machine-level CSRs */
	uint64_t mstatus, misa, medeleg, mideleg, mie;
	uint64_t mip;          /* mip_sw | device lines (machine_update_irqs) */
	uint64_t mip_sw;       /* software-writable bits: SSIP, STIP, SEIP */
	uint64_t mtvec, mscratch, mepc, mcause, mtval;
	uint32_t mcounteren, mcountinhibit;
	uint64_t inhibit_cycle, inhibit_instret; /* values frozen by mcountinhibit */
	uint64_t menvcfg;
	uint64_t mcycle_off, minstret_off;
	uint64_t hpm_off[32];  /* mhpmcounterN = its event count + hpm_off[N] */
	uint8_t pmpcfg[PMP_COUNT];
	uint64_t pmpaddr[PMP_COUNT];
	bool pmp_active;       /* some entry has A != OFF */
	/* supervisor-level CSRs */
	uint64_t stvec, sscratch, sepc, scause, stval, senvcfg, satp;
	uint32_t scounteren;
	/* hypervisor extension: HS-level and virtual-supervisor CSRs */
	uint64_t hstatus, hedeleg, hideleg, htval, htinst, hgatp, htimedelta, henvcfg;
	uint32_t hcounteren;
	uint64_t vsstatus, vstvec, vsscratch, vsepc, vscause, vstval, vsatp;
	uint64_t mtval2, mtinst;

	/* traps taken, by [from context][to context][cause]: a context is
	 * priv | V << 2, a cause its code (exceptions) or 32 + code (interrupts) */
	uint64_t traps[8][8][TRAP_CAUSES];

	/* hardware-mode interface (riscv/hwmode.h) */
	uint64_t mhwctl, mtlbctx, mtlbva, mtlbpte, mtlbgpte, mtlbtvec, mtlbepoch, mtlbgepoch;
	uint64_t mtlbstatus;   /* MTLBCMD's answer to the last commit */

	/* cycle accounting: the context being charged and the instret at
	 * which it became current (st.instret[] is settled on each change) */
	unsigned acct_ctx;
	uint64_t acct_mark;
	/* timing model (timing.c), when machine.timing */
	unsigned iline_shift;          /* log2 of the L1I line */
	uint64_t ipage_pa;             /* physical page of the chain being run */
	uint64_t last_iline;           /* physical line of the last fetch access */

	uint64_t cycle_extra;  /* cycles not spent retiring (WFI skips) */
	uint64_t hartid;
	struct hart_stats st;
	struct machine *m;
	struct ftlb ftlb[FTLB_CONTEXTS];

	/* translation caches (kept over reset; flushed by it) */
	struct tlb itlb, dtlb;         /* L1, looked up first */
	struct tlb l2tlb;              /* unified, refills L1 */
	struct tlb pwc;                /* page-walk cache: non-leaf PTEs */
	struct tlb ntlb;               /* nested TLB: G-stage leaves (GPA -> HPA) */
	uint64_t lru_clock;            /* the L1 TLBs' LRU time, also advanced by the fast paths */
	uint64_t lru_sink;             /* stamp target of fast entries with nothing to age */
	struct cache l1i, l1d, l2;     /* timing model only */
	uint64_t traps_fwd[8][8][TRAP_CAUSES]; /* as traps[], delivered by firmware (MTRAPFWD) */
};

#define X(r) (h->x[(r)])

/*
 * Threaded execution: every semantics function that completes its
 * instruction counts it (budget) and jumps straight to the next one's
 * function, so each has its own indirect branch. The budget travels in a
 * register; when the chain ends, h->budget holds what is left of it. The
 * chain ends when the budget runs out, control leaves the page (the
 * sentinel slot past the page's end, or a jump elsewhere), or something
 * asked for an exit (hart_request_exit leaves a budget of one). Functions
 * that call out of line first store the budget in h->budget (what they
 * call may read the instruction count or request an exit) and continue
 * from there. A trapping instruction returns the trap vector without
 * counting itself.
 */
static inline uint64_t insn_next(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget)
{
	uint64_t npc = pc + in->len;
	const struct insn *n = insn_after(in);
	if (__builtin_expect(--budget == 0, 0)) {
		h->budget = 0;
		return npc;
	}
	return n->fn(h, n, npc, budget);
}

static inline uint64_t insn_jump(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget,
				 uint64_t target)
{
	if (__builtin_expect(--budget == 0, 0) || ((target ^ pc) >> 12)) {
		h->budget = budget;
		return target;
	}
	const struct insn *n = in + ((int64_t)(target - pc) >> 1);
	return n->fn(h, n, target, budget);
}

/* Completes an instruction and ends the chain (xRET), the budget in memory. */
static inline uint64_t insn_done(struct hart *h, uint64_t target)
{
	h->budget--;
	return target;
}

/* Retired instructions, counting those of the chain now running. */
static inline uint64_t hart_instret(const struct hart *h)
{
	return h->instret + (h->budget_total - h->budget);
}

/* ---- slow paths (mem.c) ------------------------------------------------ */
bool mem_load_slow(struct hart *h, uint64_t va, unsigned size, uint64_t *val);
bool mem_store_slow(struct hart *h, uint64_t va, unsigned size, uint64_t val);
void *mem_amo_ptr(struct hart *h, uint64_t va, unsigned size, enum access acc);
struct dpage *mem_fetch_page(struct hart *h, uint64_t pc, uintptr_t *addend);
bool mem_fetch_slow(struct hart *h, uint64_t pc, uint16_t *half);

/* ---- fast paths --------------------------------------------------------- */
static inline bool ftlb_hit(const struct ftlb_entry *e, uint64_t va, unsigned size)
{
	return e->tag == (va >> PAGE_SHIFT) && (va & (PAGE_SIZE - 1)) <= PAGE_SIZE - size;
}

#define FTLB_IDX(va) (((va) >> PAGE_SHIFT) & (FTLB_SIZE - 1))

/*
 * The fast paths of loads and stores: a hit in the fast table of the data
 * context does the access and ages the L1 entry; a miss returns false and
 * the handler's cold half (exec_insns.h) takes the slow path, so that the
 * hit path keeps its values in registers and needs no stack frame.
 */
#define DEFINE_LOAD(name, type)                                              \
	static inline bool name(struct hart *h, uint64_t va, uint64_t *out)     \
	{                                                                        \
		const struct ftlb_entry *e = &h->fd->r[FTLB_IDX(va)];                \
		type v;                                                              \
		if (unlikely(!ftlb_hit(e, va, sizeof(type))))                        \
			return false;                                                    \
		*e->stamp = ++h->lru_clock;                                          \
		memcpy(&v, (void *)(e->addend + va), sizeof(type));                  \
		*out = (uint64_t)(int64_t)v;                                         \
		return true;                                                         \
	}
DEFINE_LOAD(ld_i8, int8_t)
DEFINE_LOAD(ld_u8, uint8_t)
DEFINE_LOAD(ld_i16, int16_t)
DEFINE_LOAD(ld_u16, uint16_t)
DEFINE_LOAD(ld_i32, int32_t)
DEFINE_LOAD(ld_u32, uint32_t)
DEFINE_LOAD(ld_u64, uint64_t)
#undef DEFINE_LOAD

#define DEFINE_STORE(name, type)                                             \
	static inline bool name(struct hart *h, uint64_t va, uint64_t val)      \
	{                                                                        \
		const struct ftlb_entry *e = &h->fd->w[FTLB_IDX(va)];                \
		type v = (type)val;                                                  \
		if (unlikely(!ftlb_hit(e, va, sizeof(type))))                        \
			return false;                                                    \
		*e->stamp = ++h->lru_clock;                                          \
		memcpy((void *)(e->addend + va), &v, sizeof(type));                  \
		return true;                                                         \
	}
DEFINE_STORE(st_u8, uint8_t)
DEFINE_STORE(st_u16, uint16_t)
DEFINE_STORE(st_u32, uint32_t)
DEFINE_STORE(st_u64, uint64_t)
#undef DEFINE_STORE

/* ---- timed variants (timing model on: exec_timed.c) ---------------------- */
void timing_ifetch(struct hart *h, uint64_t va);
void timing_data_host(struct hart *h, const void *p, bool store);
void timing_data_pa(struct hart *h, uint64_t pa, bool store);
void timing_add(struct hart *h, enum cycle_class c, uint64_t n);
void timing_chain_start(struct hart *h, const struct dpage *dp, uint64_t pc);

/* As insn_next, and a fetch access when the next instruction is on another line. */
static inline uint64_t insn_next_t(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget)
{
	uint64_t npc = pc + in->len;
	const struct insn *n = insn_after(in);
	if (unlikely((npc ^ pc) >> h->iline_shift))
		timing_ifetch(h, npc);
	if (__builtin_expect(--budget == 0, 0)) {
		h->budget = 0;
		return npc;
	}
	return n->fn(h, n, npc, budget);
}

static inline uint64_t insn_jump_t(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget,
				   uint64_t target)
{
	if (unlikely((target ^ pc) >> h->iline_shift) && !((target ^ pc) >> 12))
		timing_ifetch(h, target);
	return insn_jump(h, in, pc, budget, target);
}

#define DEFINE_LOAD_T(name, type)                                            \
	static inline bool name##_t(struct hart *h, uint64_t va, uint64_t *out) \
	{                                                                        \
		const struct ftlb_entry *e = &h->fd->r[FTLB_IDX(va)];                \
		type v;                                                              \
		if (unlikely(!ftlb_hit(e, va, sizeof(type))))                        \
			return false;                                                    \
		*e->stamp = ++h->lru_clock;                                          \
		memcpy(&v, (void *)(e->addend + va), sizeof(type));                  \
		*out = (uint64_t)(int64_t)v;                                         \
		timing_data_host(h, (void *)(e->addend + va), false);                \
		return true;                                                         \
	}
DEFINE_LOAD_T(ld_i8, int8_t)
DEFINE_LOAD_T(ld_u8, uint8_t)
DEFINE_LOAD_T(ld_i16, int16_t)
DEFINE_LOAD_T(ld_u16, uint16_t)
DEFINE_LOAD_T(ld_i32, int32_t)
DEFINE_LOAD_T(ld_u32, uint32_t)
DEFINE_LOAD_T(ld_u64, uint64_t)
#undef DEFINE_LOAD_T

#define DEFINE_STORE_T(name, type)                                           \
	static inline bool name##_t(struct hart *h, uint64_t va, uint64_t val)  \
	{                                                                        \
		const struct ftlb_entry *e = &h->fd->w[FTLB_IDX(va)];                \
		type v = (type)val;                                                  \
		if (unlikely(!ftlb_hit(e, va, sizeof(type))))                        \
			return false;                                                    \
		*e->stamp = ++h->lru_clock;                                          \
		memcpy((void *)(e->addend + va), &v, sizeof(type));                  \
		timing_data_host(h, (void *)(e->addend + va), true);                 \
		return true;                                                         \
	}
DEFINE_STORE_T(st_u8, uint8_t)
DEFINE_STORE_T(st_u16, uint16_t)
DEFINE_STORE_T(st_u32, uint32_t)
DEFINE_STORE_T(st_u64, uint64_t)
#undef DEFINE_STORE_T

/* ---- hart services used by the semantics functions --------------------- */
uint64_t trap_exception(struct hart *h, uint64_t pc, uint64_t cause, uint64_t tval);
uint64_t trap_pending_exception(struct hart *h, uint64_t pc);
uint64_t insn_virtual(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget);
void trap_take(struct hart *h, uint64_t cause, uint64_t tval);
void trap_take_pending(struct hart *h);
bool trap_check_interrupts(struct hart *h);
uint64_t insn_illegal(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget);
uint32_t insn_bits(struct hart *h, uint64_t pc);

bool csr_read(struct hart *h, unsigned csr, uint64_t *val);
bool csr_write(struct hart *h, unsigned csr, uint64_t val);
uint64_t csr_check(struct hart *h, unsigned csr, bool write, unsigned *num);
const char *csr_name(unsigned csr);
void hart_flush_translated(struct hart *h);
uint64_t hart_mtime(struct hart *h);
uint64_t hart_cycles(struct hart *h);

void hart_reset(struct hart *h, struct machine *m, uint64_t hartid);
void hart_context_changed(struct hart *h);
void hart_context_changed_by(struct hart *h, unsigned retiring);
void hart_sfence(struct hart *h, bool has_va, uint64_t va, bool has_asid, uint16_t asid);
void hart_hfence_vvma(struct hart *h, bool has_va, uint64_t va, bool has_asid, uint16_t asid);
void hart_hfence_gvma(struct hart *h, bool has_gpa, uint64_t gpa, bool has_vmid, uint16_t vmid);
void hart_flush_guest(struct hart *h);
void hart_flush_host(struct hart *h);
void hart_flush_fast(struct hart *h);
void hart_flush_fast_writes(struct hart *h);
void hart_request_exit(struct hart *h);

/* decode.c */
void decode_insn(struct insn *out, uint32_t bits);
void decode_insn_mode(struct insn *out, uint32_t bits, bool timed);
uint64_t insn_roi(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget);
unsigned insn_length(uint32_t bits);
extern const struct insn insn_slot_init;
uint64_t insn_decode_and_run(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget);
uint64_t insn_page_end(struct hart *h, const struct insn *in, uint64_t pc, uint64_t budget);
int disasm(char *buf, size_t len, uint32_t bits);

/* tlb.c */
int tlb_init(struct tlb *t, unsigned entries, unsigned ways, enum repl repl, uint64_t *clock);
void tlb_free(struct tlb *t);
struct tlb_entry *tlb_lookup(struct tlb *t, uint64_t va, uint64_t ctx, unsigned *level);
struct tlb_entry *tlb_lookup_level(struct tlb *t, uint64_t va, uint64_t ctx, unsigned level);
const struct tlb_entry *tlb_peek(const struct tlb *t, uint64_t va, uint64_t ctx, unsigned *level);
struct tlb_entry *tlb_insert(struct tlb *t, uint64_t va, unsigned level, uint64_t ppn, uint64_t ctx,
			     uint8_t pte, struct tlb_entry *evicted);
bool tlb_flush(struct tlb *t, uint64_t space, bool has_va, uint64_t va, bool has_asid, uint16_t asid);
bool tlb_flush_gvma(struct tlb *t, bool has_gpa, uint64_t gpa, bool has_vmid, uint16_t vmid);
void tlb_flush_all(struct tlb *t);
void tlb_flush_match(struct tlb *t, uint64_t mask, uint64_t value);

/* mmu.c */
struct translation {
	uint64_t pa;
	unsigned level;        /* 0: 4 KiB ... */
	bool translated;
	uint64_t *stamp;       /* for the fast tables: the L1 entry's LRU stamp, or a sink */
};
void mmu_sw_refill(struct hart *h, uint64_t cmd);
void hart_fast_evict(struct hart *h, bool fetch, const struct tlb_entry *ev);
void hart_tlbs_flush_all(struct hart *h);
int hart_tlbs_init(struct hart *h, const struct timing_config *c);
void hart_tlbs_free(struct hart *h);
void timing_walk_read(struct hart *h, uint64_t pa);
bool mmu_translate(struct hart *h, uint64_t va, enum access acc, unsigned priv,
		   struct translation *out);
bool mmu_translate_v(struct hart *h, uint64_t va, enum access acc, unsigned priv, bool virt,
		     struct translation *out);
unsigned hart_data_priv(const struct hart *h);
bool hart_data_virt(const struct hart *h);
bool pmp_check(const struct hart *h, uint64_t pa, unsigned size, enum access acc, unsigned priv);
bool pmp_page_ok(const struct hart *h, uint64_t pa, enum access acc, unsigned priv);

static inline void hart_set_exc(struct hart *h, uint64_t cause, uint64_t tval)
{
	h->exc_cause = cause;
	h->exc_tval = tval;
	h->exc_tval2 = 0;
	h->exc_tinst = 0;
	h->exc_gva = false;
}

#endif
