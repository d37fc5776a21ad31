/*
 * RISC-V encodings used by every layer: the instruction table (one X-macro
 * from which the emulator's decoder and disassembler are generated), CSR
 * numbers, status/interrupt bits, trap causes and PTE bits.
 *
 * Sources: isa/rv32.adoc, rv64.adoc, m-st-ext.adoc, a-st-ext.adoc,
 * zicsr.adoc, zifencei.adoc (opcode maps), priv-csrs.adoc (CSR map),
 * machine.adoc and supervisor.adoc (fields, causes, PTE format).
 */
#ifndef RISCV_ENCODING_H
#define RISCV_ENCODING_H

/*
 * INSN(name, match, mask, format): every 32-bit instruction the machine
 * implements. A word w is instruction `name` when (w & mask) == match.
 * `name` spells the mnemonic with '_' for '.'.
 */
#define RV_INSNS(INSN) \
	INSN(lui,        0x00000037, 0x0000007f, FMT_U) \
	INSN(auipc,      0x00000017, 0x0000007f, FMT_U) \
	INSN(jal,        0x0000006f, 0x0000007f, FMT_J) \
	INSN(jalr,       0x00000067, 0x0000707f, FMT_I) \
	INSN(beq,        0x00000063, 0x0000707f, FMT_B) \
	INSN(bne,        0x00001063, 0x0000707f, FMT_B) \
	INSN(blt,        0x00004063, 0x0000707f, FMT_B) \
	INSN(bge,        0x00005063, 0x0000707f, FMT_B) \
	INSN(bltu,       0x00006063, 0x0000707f, FMT_B) \
	INSN(bgeu,       0x00007063, 0x0000707f, FMT_B) \
	INSN(lb,         0x00000003, 0x0000707f, FMT_LOAD) \
	INSN(lh,         0x00001003, 0x0000707f, FMT_LOAD) \
	INSN(lw,         0x00002003, 0x0000707f, FMT_LOAD) \
	INSN(ld,         0x00003003, 0x0000707f, FMT_LOAD) \
	INSN(lbu,        0x00004003, 0x0000707f, FMT_LOAD) \
	INSN(lhu,        0x00005003, 0x0000707f, FMT_LOAD) \
	INSN(lwu,        0x00006003, 0x0000707f, FMT_LOAD) \
	INSN(sb,         0x00000023, 0x0000707f, FMT_S) \
	INSN(sh,         0x00001023, 0x0000707f, FMT_S) \
	INSN(sw,         0x00002023, 0x0000707f, FMT_S) \
	INSN(sd,         0x00003023, 0x0000707f, FMT_S) \
	INSN(addi,       0x00000013, 0x0000707f, FMT_I) \
	INSN(slti,       0x00002013, 0x0000707f, FMT_I) \
	INSN(sltiu,      0x00003013, 0x0000707f, FMT_I) \
	INSN(xori,       0x00004013, 0x0000707f, FMT_I) \
	INSN(ori,        0x00006013, 0x0000707f, FMT_I) \
	INSN(andi,       0x00007013, 0x0000707f, FMT_I) \
	INSN(slli,       0x00001013, 0xfc00707f, FMT_SH) \
	INSN(srli,       0x00005013, 0xfc00707f, FMT_SH) \
	INSN(srai,       0x40005013, 0xfc00707f, FMT_SH) \
	INSN(add,        0x00000033, 0xfe00707f, FMT_R) \
	INSN(sub,        0x40000033, 0xfe00707f, FMT_R) \
	INSN(sll,        0x00001033, 0xfe00707f, FMT_R) \
	INSN(slt,        0x00002033, 0xfe00707f, FMT_R) \
	INSN(sltu,       0x00003033, 0xfe00707f, FMT_R) \
	INSN(xor,        0x00004033, 0xfe00707f, FMT_R) \
	INSN(srl,        0x00005033, 0xfe00707f, FMT_R) \
	INSN(sra,        0x40005033, 0xfe00707f, FMT_R) \
	INSN(or,         0x00006033, 0xfe00707f, FMT_R) \
	INSN(and,        0x00007033, 0xfe00707f, FMT_R) \
	INSN(addiw,      0x0000001b, 0x0000707f, FMT_I) \
	INSN(slliw,      0x0000101b, 0xfe00707f, FMT_SH) \
	INSN(srliw,      0x0000501b, 0xfe00707f, FMT_SH) \
	INSN(sraiw,      0x4000501b, 0xfe00707f, FMT_SH) \
	INSN(addw,       0x0000003b, 0xfe00707f, FMT_R) \
	INSN(subw,       0x4000003b, 0xfe00707f, FMT_R) \
	INSN(sllw,       0x0000103b, 0xfe00707f, FMT_R) \
	INSN(srlw,       0x0000503b, 0xfe00707f, FMT_R) \
	INSN(sraw,       0x4000503b, 0xfe00707f, FMT_R) \
	INSN(fence,      0x0000000f, 0x0000707f, FMT_NONE) \
	INSN(fence_i,    0x0000100f, 0x0000707f, FMT_NONE) \
	INSN(ecall,      0x00000073, 0xffffffff, FMT_NONE) \
	INSN(ebreak,     0x00100073, 0xffffffff, FMT_NONE) \
	INSN(sret,       0x10200073, 0xffffffff, FMT_NONE) \
	INSN(mret,       0x30200073, 0xffffffff, FMT_NONE) \
	INSN(wfi,        0x10500073, 0xffffffff, FMT_NONE) \
	INSN(sfence_vma, 0x12000073, 0xfe007fff, FMT_RS12) \
	INSN(hfence_vvma, 0x22000073, 0xfe007fff, FMT_RS12) \
	INSN(hfence_gvma, 0x62000073, 0xfe007fff, FMT_RS12) \
	INSN(hlv_b,      0x60004073, 0xfff0707f, FMT_HLV) \
	INSN(hlv_bu,     0x60104073, 0xfff0707f, FMT_HLV) \
	INSN(hlv_h,      0x64004073, 0xfff0707f, FMT_HLV) \
	INSN(hlv_hu,     0x64104073, 0xfff0707f, FMT_HLV) \
	INSN(hlvx_hu,    0x64304073, 0xfff0707f, FMT_HLV) \
	INSN(hlv_w,      0x68004073, 0xfff0707f, FMT_HLV) \
	INSN(hlv_wu,     0x68104073, 0xfff0707f, FMT_HLV) \
	INSN(hlvx_wu,    0x68304073, 0xfff0707f, FMT_HLV) \
	INSN(hlv_d,      0x6c004073, 0xfff0707f, FMT_HLV) \
	INSN(hsv_b,      0x62004073, 0xfe007fff, FMT_HSV) \
	INSN(hsv_h,      0x66004073, 0xfe007fff, FMT_HSV) \
	INSN(hsv_w,      0x6a004073, 0xfe007fff, FMT_HSV) \
	INSN(hsv_d,      0x6e004073, 0xfe007fff, FMT_HSV) \
	INSN(csrrw,      0x00001073, 0x0000707f, FMT_CSR) \
	INSN(csrrs,      0x00002073, 0x0000707f, FMT_CSR) \
	INSN(csrrc,      0x00003073, 0x0000707f, FMT_CSR) \
	INSN(csrrwi,     0x00005073, 0x0000707f, FMT_CSRI) \
	INSN(csrrsi,     0x00006073, 0x0000707f, FMT_CSRI) \
	INSN(csrrci,     0x00007073, 0x0000707f, FMT_CSRI) \
	INSN(mul,        0x02000033, 0xfe00707f, FMT_R) \
	INSN(mulh,       0x02001033, 0xfe00707f, FMT_R) \
	INSN(mulhsu,     0x02002033, 0xfe00707f, FMT_R) \
	INSN(mulhu,      0x02003033, 0xfe00707f, FMT_R) \
	INSN(div,        0x02004033, 0xfe00707f, FMT_R) \
	INSN(divu,       0x02005033, 0xfe00707f, FMT_R) \
	INSN(rem,        0x02006033, 0xfe00707f, FMT_R) \
	INSN(remu,       0x02007033, 0xfe00707f, FMT_R) \
	INSN(mulw,       0x0200003b, 0xfe00707f, FMT_R) \
	INSN(divw,       0x0200403b, 0xfe00707f, FMT_R) \
	INSN(divuw,      0x0200503b, 0xfe00707f, FMT_R) \
	INSN(remw,       0x0200603b, 0xfe00707f, FMT_R) \
	INSN(remuw,      0x0200703b, 0xfe00707f, FMT_R) \
	INSN(lr_w,       0x1000202f, 0xf9f0707f, FMT_LR) \
	INSN(sc_w,       0x1800202f, 0xf800707f, FMT_AMO) \
	INSN(amoswap_w,  0x0800202f, 0xf800707f, FMT_AMO) \
	INSN(amoadd_w,   0x0000202f, 0xf800707f, FMT_AMO) \
	INSN(amoxor_w,   0x2000202f, 0xf800707f, FMT_AMO) \
	INSN(amoand_w,   0x6000202f, 0xf800707f, FMT_AMO) \
	INSN(amoor_w,    0x4000202f, 0xf800707f, FMT_AMO) \
	INSN(amomin_w,   0x8000202f, 0xf800707f, FMT_AMO) \
	INSN(amomax_w,   0xa000202f, 0xf800707f, FMT_AMO) \
	INSN(amominu_w,  0xc000202f, 0xf800707f, FMT_AMO) \
	INSN(amomaxu_w,  0xe000202f, 0xf800707f, FMT_AMO) \
	INSN(lr_d,       0x1000302f, 0xf9f0707f, FMT_LR) \
	INSN(sc_d,       0x1800302f, 0xf800707f, FMT_AMO) \
	INSN(amoswap_d,  0x0800302f, 0xf800707f, FMT_AMO) \
	INSN(amoadd_d,   0x0000302f, 0xf800707f, FMT_AMO) \
	INSN(amoxor_d,   0x2000302f, 0xf800707f, FMT_AMO) \
	INSN(amoand_d,   0x6000302f, 0xf800707f, FMT_AMO) \
	INSN(amoor_d,    0x4000302f, 0xf800707f, FMT_AMO) \
	INSN(amomin_d,   0x8000302f, 0xf800707f, FMT_AMO) \
	INSN(amomax_d,   0xa000302f, 0xf800707f, FMT_AMO) \
	INSN(amominu_d,  0xc000302f, 0xf800707f, FMT_AMO) \
	INSN(amomaxu_d,  0xe000302f, 0xf800707f, FMT_AMO)

/* Operand formats: how the decoder extracts fields, how the disassembler prints. */
enum rv_format {
	FMT_NONE, FMT_R, FMT_I, FMT_LOAD, FMT_S, FMT_B, FMT_U, FMT_J, FMT_SH,
	FMT_CSR, FMT_CSRI, FMT_AMO, FMT_LR, FMT_RS12, FMT_HLV, FMT_HSV,
};

/* ---- CSR numbers (priv-csrs.adoc) ------------------------------------ */
#define CSR_CYCLE      0xc00
#define CSR_TIME       0xc01
#define CSR_INSTRET    0xc02
#define CSR_HPMCOUNTER3 0xc03
#define CSR_HPMCOUNTER31 0xc1f

#define CSR_SSTATUS    0x100
#define CSR_SIE        0x104
#define CSR_STVEC      0x105
#define CSR_SCOUNTEREN 0x106
#define CSR_SENVCFG    0x10a
#define CSR_SSCRATCH   0x140
#define CSR_SEPC       0x141
#define CSR_SCAUSE     0x142
#define CSR_STVAL      0x143
#define CSR_SIP        0x144
#define CSR_SATP       0x180

/* hypervisor and virtual-supervisor CSRs (hypervisor.adoc) */
#define CSR_VSSTATUS   0x200
#define CSR_VSIE       0x204
#define CSR_VSTVEC     0x205
#define CSR_VSSCRATCH  0x240
#define CSR_VSEPC      0x241
#define CSR_VSCAUSE    0x242
#define CSR_VSTVAL     0x243
#define CSR_VSIP       0x244
#define CSR_VSATP      0x280
#define CSR_HSTATUS    0x600
#define CSR_HEDELEG    0x602
#define CSR_HIDELEG    0x603
#define CSR_HIE        0x604
#define CSR_HTIMEDELTA 0x605
#define CSR_HCOUNTEREN 0x606
#define CSR_HGEIE      0x607
#define CSR_HENVCFG    0x60a
#define CSR_HTVAL      0x643
#define CSR_HIP        0x644
#define CSR_HVIP       0x645
#define CSR_HTINST     0x64a
#define CSR_HGATP      0x680
#define CSR_HGEIP      0xe12
/* V=1 substitutes vsX for sX: the VS CSR is the S CSR's number + 0x100. */
#define CSR_VS_OFFSET  0x100

#define CSR_MVENDORID  0xf11
#define CSR_MARCHID    0xf12
#define CSR_MIMPID     0xf13
#define CSR_MHARTID    0xf14
#define CSR_MCONFIGPTR 0xf15
#define CSR_MSTATUS    0x300
#define CSR_MISA       0x301
#define CSR_MEDELEG    0x302
#define CSR_MIDELEG    0x303
#define CSR_MIE        0x304
#define CSR_MTVEC      0x305
#define CSR_MCOUNTEREN 0x306
#define CSR_MENVCFG    0x30a
#define CSR_MCOUNTINHIBIT 0x320
#define CSR_MHPMEVENT3 0x323
#define CSR_MHPMEVENT31 0x33f
#define CSR_MSCRATCH   0x340
#define CSR_MEPC       0x341
#define CSR_MCAUSE     0x342
#define CSR_MTVAL      0x343
#define CSR_MIP        0x344
#define CSR_MTINST     0x34a
#define CSR_MTVAL2     0x34b
#define CSR_PMPCFG0    0x3a0
#define CSR_PMPCFG15   0x3af
#define CSR_PMPADDR0   0x3b0
#define CSR_PMPADDR63  0x3ef
#define CSR_MCYCLE     0xb00
#define CSR_MINSTRET   0xb02
#define CSR_MHPMCOUNTER3 0xb03
#define CSR_MHPMCOUNTER31 0xb1f
#define CSR_TSELECT    0x7a0
#define CSR_TDATA1     0x7a1

/* ---- mstatus / sstatus fields (machine.adoc, Machine Status Registers) - */
#define MSTATUS_SIE    (1ull << 1)
#define MSTATUS_MIE    (1ull << 3)
#define MSTATUS_SPIE   (1ull << 5)
#define MSTATUS_UBE    (1ull << 6)
#define MSTATUS_MPIE   (1ull << 7)
#define MSTATUS_SPP    (1ull << 8)
#define MSTATUS_VS     (3ull << 9)
#define MSTATUS_MPP_SHIFT 11
#define MSTATUS_MPP    (3ull << 11)
#define MSTATUS_FS     (3ull << 13)
#define MSTATUS_XS     (3ull << 15)
#define MSTATUS_MPRV   (1ull << 17)
#define MSTATUS_SUM    (1ull << 18)
#define MSTATUS_MXR    (1ull << 19)
#define MSTATUS_TVM    (1ull << 20)
#define MSTATUS_TW     (1ull << 21)
#define MSTATUS_TSR    (1ull << 22)
#define MSTATUS_UXL    (3ull << 32)
#define MSTATUS_SXL    (3ull << 34)
#define MSTATUS_SBE    (1ull << 36)
#define MSTATUS_MBE    (1ull << 37)
#define MSTATUS_GVA    (1ull << 38)
#define MSTATUS_MPV    (1ull << 39)
#define MSTATUS_SD     (1ull << 63)

/* ---- hstatus fields (hypervisor.adoc, hstatus) ---------------------- */
#define HSTATUS_VSBE   (1ull << 5)
#define HSTATUS_GVA    (1ull << 6)
#define HSTATUS_SPV    (1ull << 7)
#define HSTATUS_SPVP   (1ull << 8)
#define HSTATUS_HU     (1ull << 9)
#define HSTATUS_VGEIN  (0x3full << 12)
#define HSTATUS_VTVM   (1ull << 20)
#define HSTATUS_VTW    (1ull << 21)
#define HSTATUS_VTSR   (1ull << 22)
#define HSTATUS_VSXL   (3ull << 32)

/* ---- hgatp (hypervisor.adoc, hgatp) ----------------------------------- */
#define HGATP_MODE_SHIFT  60
#define HGATP_MODE_BARE   0
#define HGATP_MODE_SV39X4 8
#define HGATP_MODE_SV48X4 9
#define HGATP_VMID_SHIFT  44
#define HGATP_VMID_BITS   14
#define HGATP_PPN_MASK    ((1ull << 44) - 1)

/* ---- privilege levels ------------------------------------------------- */
#define PRV_U 0
#define PRV_S 1
#define PRV_M 3

/* ---- interrupts (mip/mie bit numbers) --------------------------------- */
#define IRQ_S_SOFT   1
#define IRQ_VS_SOFT  2
#define IRQ_M_SOFT   3
#define IRQ_S_TIMER  5
#define IRQ_VS_TIMER 6
#define IRQ_M_TIMER  7
#define IRQ_S_EXT    9
#define IRQ_VS_EXT   10
#define IRQ_M_EXT    11
#define IRQ_S_GEXT   12
#define MIP_SSIP (1ull << IRQ_S_SOFT)
#define MIP_MSIP (1ull << IRQ_M_SOFT)
#define MIP_STIP (1ull << IRQ_S_TIMER)
#define MIP_MTIP (1ull << IRQ_M_TIMER)
#define MIP_SEIP (1ull << IRQ_S_EXT)
#define MIP_MEIP (1ull << IRQ_M_EXT)
#define MIP_VSSIP (1ull << IRQ_VS_SOFT)
#define MIP_VSTIP (1ull << IRQ_VS_TIMER)
#define MIP_VSEIP (1ull << IRQ_VS_EXT)
#define MIP_SGEIP (1ull << IRQ_S_GEXT)

/* ---- synchronous exception causes (machine.adoc, mcause table) -------- */
#define CAUSE_MISALIGNED_FETCH    0
#define CAUSE_FETCH_ACCESS        1
#define CAUSE_ILLEGAL_INSN        2
#define CAUSE_BREAKPOINT          3
#define CAUSE_MISALIGNED_LOAD     4
#define CAUSE_LOAD_ACCESS         5
#define CAUSE_MISALIGNED_STORE    6
#define CAUSE_STORE_ACCESS        7
#define CAUSE_USER_ECALL          8
#define CAUSE_SUPERVISOR_ECALL    9
#define CAUSE_VS_ECALL            10
#define CAUSE_MACHINE_ECALL       11
#define CAUSE_FETCH_PAGE_FAULT    12
#define CAUSE_LOAD_PAGE_FAULT     13
#define CAUSE_STORE_PAGE_FAULT    15
#define CAUSE_FETCH_GUEST_PAGE_FAULT 20
#define CAUSE_LOAD_GUEST_PAGE_FAULT  21
#define CAUSE_VIRTUAL_INSN        22
#define CAUSE_STORE_GUEST_PAGE_FAULT 23
#define CAUSE_INTERRUPT (1ull << 63)

/* htinst/mtinst pseudoinstruction: a 64-bit implicit read for VS-stage
 * translation (hypervisor.adoc, "Transformed Instruction or
 * Pseudoinstruction for mtinst or htinst"). */
#define TINST_PSEUDO_VS_READ64 0x00003000

/* ---- satp (supervisor.adoc, satp) ------------------------------------- */
#define SATP_MODE_SHIFT 60
#define SATP_MODE_BARE  0
#define SATP_MODE_SV39  8
#define SATP_MODE_SV48  9
#define SATP_ASID_SHIFT 44
#define SATP_ASID_BITS  16
#define SATP_PPN_MASK   ((1ull << 44) - 1)

/* ---- page-table entries (supervisor.adoc, Sv39) ----------------------- */
#define PTE_V (1u << 0)
#define PTE_R (1u << 1)
#define PTE_W (1u << 2)
#define PTE_X (1u << 3)
#define PTE_U (1u << 4)
#define PTE_G (1u << 5)
#define PTE_A (1u << 6)
#define PTE_D (1u << 7)
#define PTE_PPN_SHIFT 10
#define PTE_PPN_MASK  ((1ull << 44) - 1)
#define PTE_RESERVED_MASK (0x7full << 54) /* bits 60:54: reserved */
#define PTE_PBMT_MASK (3ull << 61)         /* Svpbmt, not implemented */
#define PTE_N         (1ull << 63)         /* Svnapot, not implemented */

/* ---- pmpcfg fields (machine.adoc, Physical Memory Protection) --------- */
#define PMP_R 0x01
#define PMP_W 0x02
#define PMP_X 0x04
#define PMP_A 0x18
#define PMP_A_OFF   0x00
#define PMP_A_TOR   0x08
#define PMP_A_NA4   0x10
#define PMP_A_NAPOT 0x18
#define PMP_L 0x80

/* Simulation markers: `slti x0, x0, N` (DESIGN.md, hardware-mode interface). */
#define HINT_ROI_BEGIN 1
#define HINT_ROI_END   2

#endif
