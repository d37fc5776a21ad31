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

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

struct hart;
struct insn;
struct machine;

/* A semantics function: executes one instruction at pc, returns next pc. */
typedef uint64_t (*insn_fn)(struct hart *h, const struct insn *in, uint64_t pc);

/* One pre-decoded instruction: 16 bytes. Destination x0 is decoded as 32. */
struct insn {
	insn_fn fn;
	int32_t imm;
	uint8_t rd, rs1, rs2, len;
};

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
};
struct ftlb_xentry {
	uint64_t tag;
	uintptr_t addend;
	struct dpage *dp;
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
 * Architectural TLB: one set-associative array per page size. An entry is
 * tagged with its translation context: ASID, and for guest translations
 * (V=1) the VMID and the V bit. Guest entries map a guest virtual page
 * straight to a host physical page (both stages composed); they keep both
 * leaves' permission bits and the guest-physical page of the G-stage leaf,
 * so that hfence.gvma can drop exactly the entries derived from it.
 */
#define TLB_LEVELS 4           /* 4 KiB, 2 MiB, 1 GiB, 512 GiB */
#define TLB_WAYS 4
#define TLB_CTX_VMID_SHIFT 16
#define TLB_CTX_V (1u << 30)
#define TLB_CTX_VS_BARE (1u << 31) /* V=1 with vsatp Bare: G-stage only */
#define TLB_SPACE_MASK (~0xffffu) /* the VMID, V and VS_BARE bits of a context */
#define TLBE_VALID   1
#define TLBE_VS_BARE 2         /* no first stage (vsatp Bare): pte is not checked */
#define TLBE_G_BARE  4         /* no G-stage (hgatp Bare): gpte is not checked */
struct tlb_entry {
	uint64_t vpn;          /* va >> (12 + 9 * level) */
	uint64_t ppn;          /* physical page number of the page's base */
	uint64_t gpn;          /* V=1: guest-physical address >> (12 + 9 * glevel) */
	uint32_t ctx;          /* ASID | VMID << 16 | V << 30 | VS_BARE << 31 */
	uint8_t pte;           /* low 8 bits of the (first-stage) leaf: V R W X U G A D */
	uint8_t gpte;          /* V=1: low 8 bits of the G-stage leaf */
	uint8_t glevel;        /* V=1: level of the G-stage leaf */
	uint8_t valid;         /* TLBE_* */
};
struct tlb_level {
	unsigned sets;
	struct tlb_entry *e;   /* sets * TLB_WAYS */
	uint8_t *next;         /* round-robin victim per set */
};
struct tlb {
	struct tlb_level lv[TLB_LEVELS];
};

/* The context tag of a translation (struct tlb_entry.ctx). */
static inline uint32_t tlb_ctx(uint16_t asid, uint16_t vmid, bool virt)
{
	return asid | (uint32_t)vmid << TLB_CTX_VMID_SHIFT | (virt ? TLB_CTX_V : 0);
}

#define PMP_COUNT 16
#define TRAP_CAUSES 48

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

	uint64_t cycle_extra;  /* cycles not spent retiring (WFI skips) */
	uint64_t hartid;
	struct tlb tlb;
	struct machine *m;
	struct ftlb ftlb[FTLB_CONTEXTS];
};

#define X(r) (h->x[(r)])

/*
 * Threaded execution: every semantics function that completes its
 * instruction counts it (budget) and jumps straight to the next one's
 * function, so each has its own indirect branch. The chain ends when the
 * budget runs out, control leaves the page (the sentinel slot past the
 * page's end, or a jump elsewhere), or something asked for an exit
 * (hart_request_exit leaves a budget of one). A trapping instruction
 * returns the trap vector without counting itself.
 */
static inline uint64_t insn_next(struct hart *h, const struct insn *in, uint64_t pc)
{
	uint64_t npc = pc + in->len;
	const struct insn *n = in + (in->len >> 1);
	if (__builtin_expect(--h->budget == 0, 0))
		return npc;
	return n->fn(h, n, npc);
}

static inline uint64_t insn_jump(struct hart *h, const struct insn *in, uint64_t pc, uint64_t target)
{
	if (__builtin_expect(--h->budget == 0, 0) || ((target ^ pc) >> 12))
		return target;
	const struct insn *n = in + ((int64_t)(target - pc) >> 1);
	return n->fn(h, n, target);
}

/* Completes an instruction and ends the chain (xRET). */
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

#define DEFINE_LOAD(name, type)                                              \
	static inline bool name(struct hart *h, uint64_t va, uint64_t *out)      \
	{                                                                        \
		const struct ftlb_entry *e = &h->fd->r[FTLB_IDX(va)];                \
		if (likely(ftlb_hit(e, va, sizeof(type)))) {                         \
			type v;                                                          \
			memcpy(&v, (void *)(e->addend + va), sizeof(type));              \
			*out = (uint64_t)(int64_t)v;                                     \
			return true;                                                     \
		}                                                                    \
		if (!mem_load_slow(h, va, sizeof(type), out))                        \
			return false;                                                    \
		*out = (uint64_t)(int64_t)(type)(*out);                             \
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
	static inline bool name(struct hart *h, uint64_t va, uint64_t val)       \
	{                                                                        \
		const struct ftlb_entry *e = &h->fd->w[FTLB_IDX(va)];                \
		if (likely(ftlb_hit(e, va, sizeof(type)))) {                         \
			type v = (type)val;                                              \
			memcpy((void *)(e->addend + va), &v, sizeof(type));              \
			return true;                                                     \
		}                                                                    \
		return mem_store_slow(h, va, sizeof(type), val);                     \
	}
DEFINE_STORE(st_u8, uint8_t)
DEFINE_STORE(st_u16, uint16_t)
DEFINE_STORE(st_u32, uint32_t)
DEFINE_STORE(st_u64, uint64_t)
#undef DEFINE_STORE

/* ---- hart services used by the semantics functions --------------------- */
uint64_t trap_exception(struct hart *h, uint64_t pc, uint64_t cause, uint64_t tval);
uint64_t trap_pending_exception(struct hart *h, uint64_t pc);
uint64_t insn_virtual(struct hart *h, const struct insn *in, uint64_t pc);
void trap_take(struct hart *h, uint64_t cause, uint64_t tval);
void trap_take_pending(struct hart *h);
bool trap_check_interrupts(struct hart *h);
uint64_t insn_illegal(struct hart *h, const struct insn *in, uint64_t pc);
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
unsigned insn_length(uint32_t bits);
extern const struct insn insn_slot_init;
uint64_t insn_decode_and_run(struct hart *h, const struct insn *in, uint64_t pc);
uint64_t insn_page_end(struct hart *h, const struct insn *in, uint64_t pc);
int disasm(char *buf, size_t len, uint32_t bits);

/* tlb.c */
int tlb_init(struct tlb *t, const unsigned sets[TLB_LEVELS]);
void tlb_free(struct tlb *t);
const struct tlb_entry *tlb_lookup(struct tlb *t, uint64_t va, uint32_t ctx, unsigned levels,
				   unsigned *level);
struct tlb_entry *tlb_insert(struct tlb *t, uint64_t va, unsigned level, uint64_t ppn, uint32_t ctx,
			     uint8_t pte);
bool tlb_flush(struct tlb *t, uint32_t space, bool has_va, uint64_t va, bool has_asid, uint16_t asid);
bool tlb_flush_gvma(struct tlb *t, bool has_gpa, uint64_t gpa, bool has_vmid, uint16_t vmid);

/* mmu.c */
struct translation {
	uint64_t pa;
	unsigned level;        /* 0: 4 KiB ... */
	bool translated;
};
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
