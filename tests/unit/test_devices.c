/*
 * The board's devices through the MMIO bus (emu/bus.c, uart.c, intc.c):
 * the ns16550a UART (LSR, DLAB, IER/IIR, receive via uart_poll from a
 * pipe, transmit to a temporary file), the CLINT (msip, mtimecmp, mtime
 * derived from instret at 100 cycles per tick), the PLIC (priorities,
 * enables, thresholds, claim/complete with the UART as source 10, MEIP and
 * SEIP), the SiFive test finisher, and accesses nobody answers.
 *
 * The devices are not part of the ISA manual; where a test checks an
 * architectural rule (mip bits, the timer comparison) it names the clause.
 * The device references are the ns16550a register set, the SiFive CLINT
 * and PLIC as QEMU's virt board models them, and riscv/virt.h.
 */
#include <fcntl.h>
#include <unistd.h>

#include "unit.h"

#define C_MTIME SPEC("machine.adoc", "Machine Timer (mtime and mtimecmp) Registers")
#define C_MIP   SPEC("machine.adoc", "Machine Interrupt (mip and mie) Registers")
#define C_SIP   SPEC("supervisor.adoc", "Supervisor Interrupt (sip and sie) Registers")

#define NROWS(t) (sizeof(t) / sizeof((t)[0]))

/* ns16550a registers (reg-shift 0) */
enum { RBR = 0, THR = 0, DLL = 0, IER = 1, DLM = 1, IIR = 2, FCR = 2, LCR = 3, MCR = 4, LSR = 5, MSR = 6, SCR = 7 };
#define LSR_DR 0x01
#define LSR_THRE 0x20
#define LSR_TEMT 0x40
#define IIR_NONE 0x01
#define IIR_THRI 0x02
#define IIR_RDI 0x04

#define PLIC_PRIO(id) (VIRT_PLIC_BASE + 4ull * (id))
#define PLIC_PENDING(w) (VIRT_PLIC_BASE + 0x1000 + 4ull * (w))
#define PLIC_ENABLE(ctx, w) (VIRT_PLIC_BASE + 0x2000 + 0x80ull * (ctx) + 4ull * (w))
#define PLIC_THRESHOLD(ctx) (VIRT_PLIC_BASE + 0x200000 + 0x1000ull * (ctx))
#define PLIC_CLAIM(ctx) (PLIC_THRESHOLD(ctx) + 4)

static uint64_t rd(struct machine *m, uint64_t pa, unsigned size)
{
	uint64_t v = 0xdeadbeefdeadbeefull;
	assert_true(bus_read(m, pa, size, &v));
	return v;
}

static void wr(struct machine *m, uint64_t pa, unsigned size, uint64_t v)
{
	assert_true(bus_write(m, pa, size, v));
}

static uint8_t ur(struct machine *m, unsigned reg)
{
	return (uint8_t)rd(m, VIRT_UART0_BASE + reg, 1);
}

static void uw(struct machine *m, unsigned reg, uint8_t v)
{
	wr(m, VIRT_UART0_BASE + reg, 1, v);
}

/* ---- fixture: a machine whose UART reads a pipe and writes a tmpfile ---- */
struct fix {
	struct machine *m;
	int in[2];             /* in[1]: the test writes the UART's input here */
	FILE *out;
};

static int setup(void **state)
{
	struct fix *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->m = unit_machine_new(16 * MiB);
	assert_int_equal(pipe(f->in), 0);
	f->out = tmpfile();
	assert_non_null(f->out);
	uart_init(&f->m->uart, f->in[0], f->out);
	machine_update_irqs(f->m);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fix *f = *state;
	if (f->in[1] >= 0)
		close(f->in[1]);
	close(f->in[0]);
	fclose(f->out);
	unit_machine_free(f->m);
	free(f);
	return 0;
}

static void feed(struct fix *f, const char *s)
{
	assert_int_equal(write(f->in[1], s, strlen(s)), (ssize_t)strlen(s));
	uart_poll(f->m);
}

static char *output(struct fix *f)
{
	static char buf[256];
	size_t n;
	fflush(f->out);
	rewind(f->out);
	n = fread(buf, 1, sizeof buf - 1, f->out);
	buf[n] = 0;
	return buf;
}

/* ---- UART ------------------------------------------------------------------ */
/* Idle: transmitter empty (THRE, TEMT), no data ready; MSR shows DCD/DSR/CTS. */
static void test_uart_idle_registers(void **state)
{
	struct machine *m = ((struct fix *)*state)->m;
	assert_int_equal(ur(m, LSR), LSR_THRE | LSR_TEMT);
	assert_int_equal(ur(m, IIR) & 0x0f, IIR_NONE);
	assert_int_equal(ur(m, IER), 0);
	assert_int_equal(ur(m, RBR), 0);           /* empty FIFO reads 0 */
	assert_int_equal(ur(m, MSR), 0xb0);
	assert_false(uart_irq(&m->uart));
}

/* LCR, MCR, SCR are plain read/write registers. */
static void test_uart_plain_registers(void **state)
{
	struct machine *m = ((struct fix *)*state)->m;
	static const struct { unsigned reg; uint8_t v; } rows[] = {
		{ LCR, 0x03 }, { LCR, 0x1b }, { MCR, 0x0b }, { SCR, 0x5a }, { SCR, 0xa5 },
	};
	for (size_t i = 0; i < NROWS(rows); i++) {
		uw(m, rows[i].reg, rows[i].v);
		assert_int_equal(ur(m, rows[i].reg), rows[i].v);
	}
}

/* THR writes go to the output stream at once; LSR stays THRE|TEMT. */
static void test_uart_transmit(void **state)
{
	struct fix *f = *state;
	for (const char *p = "hello\n"; *p; p++)
		uw(f->m, THR, (uint8_t)*p);
	assert_string_equal(output(f), "hello\n");
	assert_int_equal(ur(f->m, LSR), LSR_THRE | LSR_TEMT);
}

/* uart_poll moves host input into the FIFO: LSR.DR, RBR pops in order. */
static void test_uart_receive(void **state)
{
	struct fix *f = *state;
	struct machine *m = f->m;

	feed(f, "AB");
	assert_int_equal(ur(m, LSR), LSR_THRE | LSR_TEMT | LSR_DR);
	assert_int_equal(ur(m, RBR), 'A');
	assert_int_equal(ur(m, LSR) & LSR_DR, LSR_DR);
	assert_int_equal(ur(m, RBR), 'B');
	assert_int_equal(ur(m, LSR) & LSR_DR, 0);
	assert_int_equal(ur(m, RBR), 0);
	/* end of input is remembered; nothing more arrives */
	close(f->in[1]);
	f->in[1] = -1;
	uart_poll(m);
	assert_true(m->uart.rx_eof);
	assert_int_equal(ur(m, LSR) & LSR_DR, 0);
}

/* The receive FIFO holds 64 bytes; the rest stays in the host pipe until read. */
static void test_uart_receive_fifo_limit(void **state)
{
	struct fix *f = *state;
	char in[101];
	for (int i = 0; i < 100; i++)
		in[i] = (char)('!' + i % 90);
	in[100] = 0;
	feed(f, in);
	assert_int_equal(f->m->uart.rx_count, 64);
	for (int i = 0; i < 64; i++)
		assert_int_equal(ur(f->m, RBR), (uint8_t)in[i]);
	assert_int_equal(ur(f->m, LSR) & LSR_DR, 0);
	uart_poll(f->m);
	for (int i = 64; i < 100; i++)
		assert_int_equal(ur(f->m, RBR), (uint8_t)in[i]);
	assert_int_equal(ur(f->m, LSR) & LSR_DR, 0);
}

/* LCR.DLAB = 1 maps offsets 0/1 to the divisor latch; data and IER are untouched. */
static void test_uart_dlab(void **state)
{
	struct fix *f = *state;
	struct machine *m = f->m;

	uw(m, IER, 0x01);
	feed(f, "Z");
	uw(m, LCR, 0x83);
	uw(m, DLL, 0x0c);
	uw(m, DLM, 0x34);
	assert_int_equal(ur(m, DLL), 0x0c);
	assert_int_equal(ur(m, DLM), 0x34);
	assert_string_equal(output(f), "");         /* nothing transmitted */
	assert_int_equal(ur(m, LSR) & LSR_DR, LSR_DR); /* nothing consumed */
	uw(m, LCR, 0x03);
	assert_int_equal(ur(m, IER), 0x01);
	assert_int_equal(ur(m, RBR), 'Z');
	uw(m, LCR, 0x80);
	assert_int_equal(ur(m, DLL), 0x0c);         /* latched */
	assert_int_equal(ur(m, DLM), 0x34);
}

/* IER.RDI: IIR says "received data" while the FIFO holds data. */
static void test_uart_rx_interrupt(void **state)
{
	struct fix *f = *state;
	struct machine *m = f->m;

	feed(f, "x");
	assert_false(uart_irq(&m->uart));           /* not enabled yet */
	assert_int_equal(ur(m, IIR) & 0x0f, IIR_NONE);
	uw(m, IER, 0x01);
	assert_true(uart_irq(&m->uart));
	assert_int_equal(ur(m, IIR) & 0x0f, IIR_RDI);
	assert_int_equal(ur(m, IIR) & 0x0f, IIR_RDI); /* reading IIR does not clear it */
	assert_int_equal(ur(m, RBR), 'x');
	assert_false(uart_irq(&m->uart));
	assert_int_equal(ur(m, IIR) & 0x0f, IIR_NONE);
}

/*
 * IER.THRI: enabling it raises "THR empty"; reading IIR acknowledges it;
 * each THR write raises it again. Received data outranks it.
 */
static void test_uart_thre_interrupt(void **state)
{
	struct fix *f = *state;
	struct machine *m = f->m;

	uw(m, IER, 0x02);
	assert_true(uart_irq(&m->uart));
	assert_int_equal(ur(m, IIR) & 0x0f, IIR_THRI);
	assert_false(uart_irq(&m->uart));
	assert_int_equal(ur(m, IIR) & 0x0f, IIR_NONE);
	uw(m, THR, 'q');
	assert_true(uart_irq(&m->uart));
	uw(m, IER, 0x03);
	feed(f, "r");
	assert_int_equal(ur(m, IIR) & 0x0f, IIR_RDI); /* priority: data first */
	assert_int_equal(ur(m, RBR), 'r');
	assert_int_equal(ur(m, IIR) & 0x0f, IIR_THRI);
	assert_int_equal(ur(m, IIR) & 0x0f, IIR_NONE);
	/* re-enabling THRI raises it again */
	uw(m, IER, 0x00);
	uw(m, IER, 0x02);
	assert_int_equal(ur(m, IIR) & 0x0f, IIR_THRI);
}

/* FCR bit 0 (FIFOs enabled) shows as IIR bits 7:6 = 11. */
static void test_uart_fifo_bits_in_iir(void **state)
{
	struct machine *m = ((struct fix *)*state)->m;
	assert_int_equal(ur(m, IIR) & 0xc0, 0);
	uw(m, FCR, 0x07);
	assert_int_equal(ur(m, IIR), 0xc0 | IIR_NONE);
	uw(m, FCR, 0x00);
	assert_int_equal(ur(m, IIR), IIR_NONE);
}

/* Every access size works on the UART (byte registers; the low byte counts). */
static void test_uart_access_sizes(void **state)
{
	struct machine *m = ((struct fix *)*state)->m;
	for (unsigned size = 1; size <= 8; size *= 2) {
		wr(m, VIRT_UART0_BASE + SCR - (SCR % size), size, 0x40 + size);
		if (size == 1)
			assert_int_equal(ur(m, SCR), 0x41);
	}
	assert_int_equal(rd(m, VIRT_UART0_BASE + LSR, 1), LSR_THRE | LSR_TEMT);
	assert_int_equal(rd(m, VIRT_UART0_BASE, 8) & ~0xffull, 0);  /* the value of one byte register */
}

/* ---- CLINT ----------------------------------------------------------------- */
/* msip bit 0 drives mip.MSIP; other bits are not stored. */
static void test_clint_msip(void **state)
{
	struct machine *m = ((struct fix *)*state)->m;
	static const struct { uint32_t write, read; bool msip; } rows[] = {
		{ 1, 1, true }, { 0, 0, false }, { 0xfffffffe, 0, false }, { 0xffffffff, 1, true }, { 2, 0, false },
	};
	for (size_t i = 0; i < NROWS(rows); i++) {
		wr(m, VIRT_CLINT_BASE + CLINT_MSIP, 4, rows[i].write);
		assert_int_equal(rd(m, VIRT_CLINT_BASE + CLINT_MSIP, 4), rows[i].read);
		assert_int_equal(!!(m->hart.mip & MIP_MSIP), rows[i].msip);
	}
	(void)C_MIP;
}

/* mtimecmp: 64-bit and 32-bit halves, read and write. */
static void test_clint_mtimecmp_access(void **state)
{
	struct machine *m = ((struct fix *)*state)->m;
	uint64_t a = VIRT_CLINT_BASE + CLINT_MTIMECMP;

	assert_int_equal(rd(m, a, 8), ~0ull);       /* reset: never */
	wr(m, a, 8, 0x0123456789abcdefull);
	assert_int_equal(rd(m, a, 8), 0x0123456789abcdefull);
	assert_int_equal(rd(m, a, 4), 0x89abcdef);
	assert_int_equal(rd(m, a + 4, 4), 0x01234567);
	wr(m, a, 4, 0x11111111);
	assert_int_equal(rd(m, a, 8), 0x0123456711111111ull);
	wr(m, a + 4, 4, 0x22222222);
	assert_int_equal(rd(m, a, 8), 0x2222222211111111ull);
}

/* mtime = instret / 100 (1 GHz core, 10 MHz timebase), 64- and 32-bit reads. */
static void test_clint_mtime_follows_instret(void **state)
{
	static const struct { uint64_t instret, mtime; } rows[] = {
		{ 0, 0 }, { 99, 0 }, { 100, 1 }, { 12345, 123 }, { 12399, 123 }, { 12400, 124 },
		{ 429496729600ull, 0x100000000ull }, { 429496729500ull, 0xffffffffull },
	};
	struct machine *m = ((struct fix *)*state)->m;
	uint64_t a = VIRT_CLINT_BASE + CLINT_MTIME;

	assert_int_equal(MACHINE_CYCLES_PER_TICK, 100);
	for (size_t i = 0; i < NROWS(rows); i++) {
		m->hart.instret = rows[i].instret;
		assert_int_equal(rd(m, a, 8), rows[i].mtime);
		assert_int_equal(rd(m, a, 4), rows[i].mtime & 0xffffffff);
		assert_int_equal(rd(m, a + 4, 4), rows[i].mtime >> 32);
		assert_int_equal(hart_mtime(&m->hart), rows[i].mtime);
	}
	/* cycles spent sleeping (WFI) count too */
	m->hart.instret = 1000;
	m->hart.cycle_extra = 500;
	assert_int_equal(rd(m, a, 8), 15);
}

/* Writing mtime sets it; it keeps counting from the written value. */
static void test_clint_mtime_write(void **state)
{
	struct machine *m = ((struct fix *)*state)->m;
	uint64_t a = VIRT_CLINT_BASE + CLINT_MTIME;

	m->hart.instret = 12345;
	wr(m, a, 8, 1000);
	assert_int_equal(rd(m, a, 8), 1000);
	m->hart.instret += 250;                 /* 123 -> 125 ticks */
	assert_int_equal(rd(m, a, 8), 1002);
	wr(m, a + 4, 4, 0x7);                   /* high half only */
	assert_int_equal(rd(m, a, 8), 0x00000007000003eaull);
	wr(m, a, 4, 0x10);                      /* low half only */
	assert_int_equal(rd(m, a, 8), 0x0000000700000010ull);
	wr(m, a, 8, 0);
	assert_int_equal(rd(m, a, 8), 0);
}

/*
 * MTIP is pending while mtime >= mtimecmp; timer_at is the instret at which
 * it will rise (machine.adoc, "Machine Timer Registers").
 */
static void test_clint_mtip(void **state)
{
	struct machine *m = ((struct fix *)*state)->m;
	struct hart *h = &m->hart;
	uint64_t cmp = VIRT_CLINT_BASE + CLINT_MTIMECMP;

	h->instret = 0;
	wr(m, cmp, 8, 5);
	assert_false(h->mip & MIP_MTIP);
	assert_int_equal(m->timer_at, 500);
	h->instret = 499;
	machine_update_irqs(m);
	assert_false(h->mip & MIP_MTIP);
	h->instret = 500;
	machine_update_irqs(m);
	assert_true(h->mip & MIP_MTIP);
	assert_int_equal(m->timer_at, ~0ull);
	wr(m, cmp, 8, 6);                       /* moved into the future: cleared */
	assert_false(h->mip & MIP_MTIP);
	assert_int_equal(m->timer_at, 600);
	wr(m, cmp + 4, 4, 0);                   /* 32-bit write of the high half */
	wr(m, cmp, 4, 5);
	assert_true(h->mip & MIP_MTIP);
	wr(m, cmp, 8, ~0ull);
	assert_false(h->mip & MIP_MTIP);
	assert_int_equal(m->timer_at, ~0ull);   /* too far to ever fire */
	/* moving mtime past mtimecmp raises it too */
	wr(m, cmp, 8, 1000);
	wr(m, VIRT_CLINT_BASE + CLINT_MTIME, 8, 1000);
	assert_true(h->mip & MIP_MTIP);
	(void)C_MTIME;
}

/* The CLINT takes 4- and 8-byte aligned accesses only. */
static void test_clint_access_sizes(void **state)
{
	struct machine *m = ((struct fix *)*state)->m;
	uint64_t v;
	assert_false(bus_read(m, VIRT_CLINT_BASE, 1, &v));
	assert_false(bus_read(m, VIRT_CLINT_BASE, 2, &v));
	assert_false(bus_write(m, VIRT_CLINT_BASE, 1, 1));
	assert_false(bus_read(m, VIRT_CLINT_BASE + CLINT_MTIMECMP + 2, 4, &v));
	assert_false(bus_read(m, VIRT_CLINT_BASE + CLINT_MTIMECMP + 4, 8, &v));
	assert_true(bus_read(m, VIRT_CLINT_BASE + CLINT_MTIMECMP + 4, 4, &v));
	assert_true(bus_read(m, VIRT_CLINT_BASE + 0x1000, 4, &v)); /* unused offsets read 0 */
	assert_int_equal(v, 0);
}

/* ---- PLIC ------------------------------------------------------------------ */
/* Priorities: 3 bits per source; source 0 does not exist. */
static void test_plic_priority_registers(void **state)
{
	struct machine *m = ((struct fix *)*state)->m;
	static const struct { unsigned id; uint32_t write, read; } rows[] = {
		{ 1, 7, 7 }, { 10, 3, 3 }, { 95, 0xffffffff, 7 }, { 10, 8, 0 }, { 0, 5, 0 },
	};
	for (size_t i = 0; i < NROWS(rows); i++) {
		wr(m, PLIC_PRIO(rows[i].id), 4, rows[i].write);
		assert_int_equal(rd(m, PLIC_PRIO(rows[i].id), 4), rows[i].read);
	}
}

/* Enables per context (0: M, 1: S); bit 0 (source 0) is hardwired 0; thresholds 3 bits. */
static void test_plic_enable_threshold_registers(void **state)
{
	struct machine *m = ((struct fix *)*state)->m;
	wr(m, PLIC_ENABLE(0, 0), 4, 0xffffffff);
	assert_int_equal(rd(m, PLIC_ENABLE(0, 0), 4), 0xfffffffe);
	wr(m, PLIC_ENABLE(1, 0), 4, 0x400);
	assert_int_equal(rd(m, PLIC_ENABLE(1, 0), 4), 0x400);
	assert_int_equal(rd(m, PLIC_ENABLE(0, 0), 4), 0xfffffffe);
	wr(m, PLIC_ENABLE(0, 2), 4, 0x80000001);
	assert_int_equal(rd(m, PLIC_ENABLE(0, 2), 4), 0x80000001);
	wr(m, PLIC_THRESHOLD(0), 4, 0xff);
	assert_int_equal(rd(m, PLIC_THRESHOLD(0), 4), 7);
	wr(m, PLIC_THRESHOLD(1), 4, 2);
	assert_int_equal(rd(m, PLIC_THRESHOLD(1), 4), 2);
	assert_int_equal(rd(m, PLIC_THRESHOLD(0), 4), 7);
	/* contexts that do not exist read 0 and ignore writes */
	wr(m, PLIC_ENABLE(2, 0), 4, 0xffffffff);
	assert_int_equal(rd(m, PLIC_ENABLE(2, 0), 4), 0);
	wr(m, PLIC_THRESHOLD(2), 4, 3);
	assert_int_equal(rd(m, PLIC_THRESHOLD(2), 4), 0);
	assert_int_equal(rd(m, PLIC_CLAIM(2), 4), 0);
}

/* The PLIC takes 4-byte aligned accesses only. */
static void test_plic_access_sizes(void **state)
{
	struct machine *m = ((struct fix *)*state)->m;
	uint64_t v;
	assert_false(bus_read(m, PLIC_PRIO(1), 1, &v));
	assert_false(bus_read(m, PLIC_PRIO(2), 8, &v));
	assert_false(bus_write(m, PLIC_PRIO(1) + 2, 4, 1));
	assert_true(bus_read(m, PLIC_PRIO(1), 4, &v));
}

/* Route UART source 10 to `ctx` with priority `prio`. */
static void route_uart(struct machine *m, unsigned ctx, uint32_t prio, uint32_t threshold)
{
	wr(m, PLIC_PRIO(VIRT_UART0_IRQ), 4, prio);
	wr(m, PLIC_ENABLE(ctx, 0), 4, 1u << VIRT_UART0_IRQ);
	wr(m, PLIC_THRESHOLD(ctx), 4, threshold);
}

/*
 * UART (source 10) through the PLIC to mip.MEIP: pending while the line
 * is up, claim returns 10 and clears pending (MEIP drops), complete lets a
 * still-raised line pend again.
 */
static void test_plic_uart_claim_complete(void **state)
{
	struct fix *f = *state;
	struct machine *m = f->m;
	struct hart *h = &m->hart;

	route_uart(m, 0, 1, 0);
	assert_false(h->mip & MIP_MEIP);
	uw(m, IER, 0x01);                       /* RX interrupt */
	feed(f, "ab");
	assert_true(h->mip & MIP_MEIP);
	assert_false(h->mip & MIP_SEIP);
	assert_int_equal(rd(m, PLIC_PENDING(0), 4), 1u << VIRT_UART0_IRQ);

	assert_int_equal(rd(m, PLIC_CLAIM(0), 4), VIRT_UART0_IRQ);
	assert_false(h->mip & MIP_MEIP);        /* claimed: not pending */
	assert_int_equal(rd(m, PLIC_PENDING(0), 4), 0);
	assert_int_equal(rd(m, PLIC_CLAIM(0), 4), 0); /* nothing else */

	wr(m, PLIC_CLAIM(0), 4, VIRT_UART0_IRQ); /* complete; data still there */
	assert_true(h->mip & MIP_MEIP);
	assert_int_equal(rd(m, PLIC_CLAIM(0), 4), VIRT_UART0_IRQ);
	assert_int_equal(ur(m, RBR), 'a');
	assert_int_equal(ur(m, RBR), 'b');      /* line drops */
	wr(m, PLIC_CLAIM(0), 4, VIRT_UART0_IRQ);
	assert_false(h->mip & MIP_MEIP);
	assert_int_equal(rd(m, PLIC_CLAIM(0), 4), 0);
}

/* Context 1 drives mip.SEIP; SEIP is also the OR with the bit software writes. */
static void test_plic_seip(void **state)
{
	struct fix *f = *state;
	struct machine *m = f->m;
	struct hart *h = &m->hart;

	route_uart(m, 1, 2, 1);
	uw(m, IER, 0x01);
	feed(f, "s");
	assert_true(h->mip & MIP_SEIP);
	assert_false(h->mip & MIP_MEIP);
	assert_int_equal(rd(m, PLIC_CLAIM(1), 4), VIRT_UART0_IRQ);
	assert_false(h->mip & MIP_SEIP);
	h->mip_sw |= MIP_SEIP;
	machine_update_irqs(m);
	assert_true(h->mip & MIP_SEIP);         /* software-written SEIP stays visible */
	h->mip_sw &= ~MIP_SEIP;
	machine_update_irqs(m);
	assert_false(h->mip & MIP_SEIP);
	(void)C_SIP;
}

/* Priority 0 never interrupts; a priority must exceed the threshold. */
static void test_plic_threshold_and_priority_zero(void **state)
{
	static const struct { uint32_t prio, threshold; bool meip; } rows[] = {
		{ 0, 0, false }, { 1, 0, true }, { 1, 1, false }, { 2, 1, true },
		{ 7, 6, true }, { 7, 7, false }, { 3, 5, false },
	};
	struct fix *f = *state;
	struct machine *m = f->m;

	uw(m, IER, 0x01);
	feed(f, "t");
	for (size_t i = 0; i < NROWS(rows); i++) {
		route_uart(m, 0, rows[i].prio, rows[i].threshold);
		assert_int_equal(!!(m->hart.mip & MIP_MEIP), rows[i].meip);
	}
}

/*
 * Several pending sources (set directly: only the UART is wired): the
 * claim returns the highest priority, ties to the lowest ID.
 */
static void test_plic_arbitration(void **state)
{
	struct machine *m = ((struct fix *)*state)->m;
	static const struct { unsigned id; uint32_t prio; } src[] = {
		{ 3, 2 }, { 7, 5 }, { 40, 5 }, { 64, 6 }, { 95, 1 },
	};
	static const unsigned order[] = { 64, 7, 40, 3, 95, 0 };

	for (size_t i = 0; i < NROWS(src); i++) {
		wr(m, PLIC_PRIO(src[i].id), 4, src[i].prio);
		m->plic.pending[src[i].id / 32] |= 1u << (src[i].id % 32);
	}
	wr(m, PLIC_ENABLE(0, 0), 4, 0xffffffff);
	wr(m, PLIC_ENABLE(0, 1), 4, 0xffffffff);
	wr(m, PLIC_ENABLE(0, 2), 4, 0xffffffff);
	assert_true(m->hart.mip & MIP_MEIP);
	for (size_t i = 0; i < NROWS(order); i++)
		assert_int_equal(rd(m, PLIC_CLAIM(0), 4), order[i]);
	assert_false(m->hart.mip & MIP_MEIP);
	/* a disabled source is not claimed */
	m->plic.pending[0] |= 1u << 3;
	m->plic.claimed[0] &= ~(1u << 3);
	wr(m, PLIC_ENABLE(0, 0), 4, 0);
	assert_int_equal(rd(m, PLIC_CLAIM(0), 4), 0);
}

/* ---- SiFive test finisher --------------------------------------------------- */
static void test_finisher(void **state)
{
	static const struct {
		const char *name;
		uint64_t off;
		unsigned size;
		uint64_t val;
		bool stops;
		int code;
	} rows[] = {
		{ "pass", 0, 4, FINISHER_PASS, true, 0 },
		{ "fail with code 3", 0, 4, (3u << 16) | FINISHER_FAIL, true, 3 },
		{ "fail with code 0xffff", 0, 4, (0xffffu << 16) | FINISHER_FAIL, true, 0xffff },
		{ "reset (stops, code 0)", 0, 4, FINISHER_RESET, true, 0 },
		{ "pass, 8-byte write", 0, 8, FINISHER_PASS, true, 0 },
		{ "fail, 2-byte write (code 0)", 0, 2, FINISHER_FAIL, true, 0 },
		{ "unknown command", 0, 4, 0x1234, false, 0 },
		{ "pass at offset 4: ignored", 4, 4, FINISHER_PASS, false, 0 },
	};
	struct rowcheck rc = { 0 };
	for (size_t i = 0; i < NROWS(rows); i++) {
		struct machine *m = unit_machine_new(16 * MiB);
		ROW_EQ(&rc, rows[i].name, "sifive_test", "bus_write",
		       bus_write(m, VIRT_TEST_BASE + rows[i].off, rows[i].size, rows[i].val), true);
		ROW_EQ(&rc, rows[i].name, "sifive_test", "stop", m->stop, rows[i].stops ? STOP_FINISHER : STOP_NONE);
		ROW_EQ(&rc, rows[i].name, "sifive_test", "exit_code", m->exit_code, rows[i].code);
		unit_machine_free(m);
	}
	ROW_DONE(&rc);
}

static void test_finisher_read_and_sizes(void **state)
{
	struct machine *m = ((struct fix *)*state)->m;
	uint64_t v;
	assert_int_equal(rd(m, VIRT_TEST_BASE, 4), 0);
	assert_false(bus_write(m, VIRT_TEST_BASE, 1, FINISHER_PASS & 0xff));
	assert_int_equal(m->stop, STOP_NONE);
	assert_false(bus_read(m, VIRT_TEST_BASE + 1, 2, &v));
}

/* ---- nothing answers --------------------------------------------------------- */
/* Addresses outside every device (and RAM/ROM, which are not on the MMIO bus). */
static void test_unmapped_accesses_fail(void **state)
{
	static const struct { const char *name; uint64_t pa; unsigned size; } rows[] = {
		{ "address 0", 0x0, 4 },
		{ "reset ROM is not MMIO", VIRT_MROM_BASE, 4 },
		{ "just past the finisher", VIRT_TEST_BASE + VIRT_TEST_SIZE, 4 },
		{ "just below the CLINT", VIRT_CLINT_BASE - 4, 4 },
		{ "just past the CLINT", VIRT_CLINT_BASE + VIRT_CLINT_SIZE, 4 },
		{ "just past the PLIC", VIRT_PLIC_BASE + VIRT_PLIC_SIZE, 4 },
		{ "just past the UART", VIRT_UART0_BASE + VIRT_UART0_SIZE, 1 },
		{ "virtio/PCIe space (not modelled)", 0x10001000, 4 },
		{ "RAM is not MMIO", VIRT_DRAM_BASE, 8 },
		{ "top of the address space", 0xfffffffffffffff8ull, 8 },
		{ "CLINT: misaligned word", VIRT_CLINT_BASE + 2, 4 },
		{ "UART: misaligned halfword", VIRT_UART0_BASE + 1, 2 },
		{ "UART: last byte + 2 (straddles the end)", VIRT_UART0_BASE + VIRT_UART0_SIZE - 2, 4 },
	};
	struct machine *m = ((struct fix *)*state)->m;
	struct rowcheck rc = { 0 };
	for (size_t i = 0; i < NROWS(rows); i++) {
		uint64_t v = 0x1234;
		ROW_EQ(&rc, rows[i].name, "bus.c", "bus_read", bus_read(m, rows[i].pa, rows[i].size, &v), false);
		ROW_EQ(&rc, rows[i].name, "bus.c", "value untouched", v, 0x1234);
		ROW_EQ(&rc, rows[i].name, "bus.c", "bus_write", bus_write(m, rows[i].pa, rows[i].size, 0), false);
	}
	assert_int_equal(m->stop, STOP_NONE);
	ROW_DONE(&rc);
}

int main(void)
{
	unit_init();
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_uart_idle_registers),
		T(test_uart_plain_registers),
		T(test_uart_transmit),
		T(test_uart_receive),
		T(test_uart_receive_fifo_limit),
		T(test_uart_dlab),
		T(test_uart_rx_interrupt),
		T(test_uart_thre_interrupt),
		T(test_uart_fifo_bits_in_iir),
		T(test_uart_access_sizes),
		T(test_clint_msip),
		T(test_clint_mtimecmp_access),
		T(test_clint_mtime_follows_instret),
		T(test_clint_mtime_write),
		T(test_clint_mtip),
		T(test_clint_access_sizes),
		T(test_plic_priority_registers),
		T(test_plic_enable_threshold_registers),
		T(test_plic_access_sizes),
		T(test_plic_uart_claim_complete),
		T(test_plic_seip),
		T(test_plic_threshold_and_priority_zero),
		T(test_plic_arbitration),
		cmocka_unit_test(test_finisher),
		T(test_finisher_read_and_sizes),
		T(test_unmapped_accesses_fail),
	};
	return cmocka_run_group_tests_name("devices", tests, NULL, NULL);
}
