/*
 * The GDB stub of `hmvirt machine --gdb PORT`: one connection on
 * 127.0.0.1:PORT speaking the GDB Remote Serial Protocol to the board's
 * single hart, shown to GDB as one thread (id 1).
 *
 * Registers (numbers as in the target description this stub sends):
 *   0..31  x0..x31 (zero, ra, sp, ... t6)      'g'/'G' carry 0..32
 *   32     pc
 *   65+N   CSR number N (a selection, org.gnu.gdb.riscv.csr)  'p'/'P' only
 *   4161   priv, the privilege level (org.gnu.gdb.riscv.virtual)
 * Memory goes through debug_read_virt/debug_write_virt: virtual addresses
 * as the hart currently translates them. Breakpoints (Z0/Z1) live in
 * m->breakpoints; watchpoints are not supported.
 *
 * Running: `c` runs the machine in slices and polls the socket between
 * them for GDB's interrupt byte (0x03). When the guest writes the test
 * finisher, GDB gets "W xx" and the stub returns the code. `k`/vKill and a
 * closed connection return 0. `D` (detach) does what QEMU does: the
 * breakpoints go, the machine runs on without the debugger, and the stub
 * returns what a run without --gdb would (finisher code, EXIT_MAX_INSNS,
 * EXIT_HUNG).
 *
 * Stops other than breakpoints and steps: --max-insns reached is reported
 * as SIGXCPU (the machine cannot go further); a WFI that nothing can wake
 * keeps GDB waiting, as the board would, until it interrupts (SIGINT).
 * Limitation: when stdin is a terminal the UART reads it, and a hart in
 * WFI waiting for console input sleeps in poll() on stdin inside
 * machine_run, so GDB's Ctrl-C is seen only after console input arrives.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "machine.h"
#include "driver.h"

#define PKT_MAX        0x4000       /* PacketSize announced: payload GDB may send */
#define OUT_MAX        0x4000       /* largest reply payload */
#define IN_BUF         4096         /* socket input buffer */
#define RUN_SLICE      (1u << 20)   /* instructions between polls for Ctrl-C */
#define MAX_BREAKPOINTS 4096
#define SEND_TRIES     16           /* retransmissions on '-' */

/* GDB's own signal numbers (gdb/signals.def), as stop replies carry them */
#define GDB_SIGINT  2
#define GDB_SIGTRAP 5
#define GDB_SIGXCPU 24

#define REG_PC      32
#define NUM_G_REGS  33              /* x0..x31, pc */
#define REG_CSR0    65
#define REG_PRIV    (REG_CSR0 + 4096)

static const char *const xreg_names[32] = {
	"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2",
	"fp", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
	"a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7",
	"s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

/* The CSRs described to GDB (any existing CSR is readable with 'p'). */
static const struct {
	unsigned num;
	const char *name;
} gdb_csrs[] = {
	{ CSR_SSTATUS, "sstatus" }, { CSR_SIE, "sie" }, { CSR_STVEC, "stvec" },
	{ CSR_SCOUNTEREN, "scounteren" }, { CSR_SSCRATCH, "sscratch" }, { CSR_SEPC, "sepc" },
	{ CSR_SCAUSE, "scause" }, { CSR_STVAL, "stval" }, { CSR_SIP, "sip" },
	{ CSR_SATP, "satp" },
	{ CSR_MSTATUS, "mstatus" }, { CSR_MISA, "misa" }, { CSR_MEDELEG, "medeleg" },
	{ CSR_MIDELEG, "mideleg" }, { CSR_MIE, "mie" }, { CSR_MTVEC, "mtvec" },
	{ CSR_MCOUNTEREN, "mcounteren" }, { CSR_MSCRATCH, "mscratch" }, { CSR_MEPC, "mepc" },
	{ CSR_MCAUSE, "mcause" }, { CSR_MTVAL, "mtval" }, { CSR_MIP, "mip" },
	{ CSR_MHARTID, "mhartid" }, { CSR_MCYCLE, "mcycle" }, { CSR_MINSTRET, "minstret" },
	{ CSR_CYCLE, "cycle" }, { CSR_TIME, "time" }, { CSR_INSTRET, "instret" },
};

struct gdb {
	struct machine *m;
	int fd;                         /* the connection; -1 once gone */
	bool noack;                     /* QStartNoAckMode accepted */
	int last_sig;                   /* for '?' */
	unsigned bp_cap;                /* allocated entries of m->breakpoints */

	uint8_t in[IN_BUF];
	size_t in_pos, in_len;

	char pkt[PKT_MAX + 1];          /* the packet being handled, NUL-terminated */
	size_t pkt_len;

	char out[OUT_MAX + 1];          /* the reply being built */
	size_t out_len;
	bool out_full;

	char frame[OUT_MAX + 4];        /* $ reply # checksum */
};

/* What handling a packet leads to. */
enum next { SERVE, QUIT_STATUS, QUIT_DETACH };

static char xml[8192];
static size_t xml_len;

/* ---- target description ------------------------------------------------- */

static void xml_add(const char *fmt, ...)
{
	va_list ap;
	int n;
	if (xml_len >= sizeof xml)
		return;
	va_start(ap, fmt);
	n = vsnprintf(xml + xml_len, sizeof xml - xml_len, fmt, ap);
	va_end(ap);
	if (n > 0)
		xml_len += (size_t)n < sizeof xml - xml_len ? (size_t)n : sizeof xml - xml_len - 1;
}

static void xml_build(void)
{
	if (xml_len)
		return;
	xml_add("<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
		"<target version=\"1.0\">\n<architecture>riscv:rv64</architecture>\n"
		"<feature name=\"org.gnu.gdb.riscv.cpu\">\n");
	for (unsigned i = 0; i < 32; i++) {
		const char *type = i == 1 ? "code_ptr" : i >= 2 && i <= 4 ? "data_ptr" : "int";
		xml_add("<reg name=\"%s\" bitsize=\"64\" type=\"%s\" regnum=\"%u\"/>\n",
			xreg_names[i], type, i);
	}
	xml_add("<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\" regnum=\"%u\"/>\n</feature>\n"
		"<feature name=\"org.gnu.gdb.riscv.csr\">\n", REG_PC);
	for (unsigned i = 0; i < sizeof gdb_csrs / sizeof gdb_csrs[0]; i++)
		xml_add("<reg name=\"%s\" bitsize=\"64\" type=\"int\" regnum=\"%u\" "
			"save-restore=\"no\" group=\"system\"/>\n",
			gdb_csrs[i].name, REG_CSR0 + gdb_csrs[i].num);
	xml_add("</feature>\n<feature name=\"org.gnu.gdb.riscv.virtual\">\n"
		"<reg name=\"priv\" bitsize=\"64\" type=\"int\" regnum=\"%u\" "
		"save-restore=\"no\" group=\"system\"/>\n</feature>\n</target>\n", REG_PRIV);
}

/* ---- hex ------------------------------------------------------------------ */

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static const char hexdig[] = "0123456789abcdef";

/* A big-endian hex number of 1..16 digits; *p moves past it. */
static bool parse_hex(const char **p, uint64_t *v)
{
	const char *s = *p;
	uint64_t r = 0;
	unsigned n = 0;
	int d;
	while ((d = hexval((unsigned char)*s)) >= 0) {
		if (++n > 16)
			return false;
		r = r << 4 | (unsigned)d;
		s++;
	}
	if (!n)
		return false;
	*p = s;
	*v = r;
	return true;
}

/* Exactly 16 hex digits, the target's (little-endian) byte order. */
static bool parse_le64(const char *s, uint64_t *v)
{
	uint64_t r = 0;
	for (unsigned i = 0; i < 8; i++) {
		int hi = hexval((unsigned char)s[2 * i]), lo;
		if (hi < 0)
			return false;
		lo = hexval((unsigned char)s[2 * i + 1]);
		if (lo < 0)
			return false;
		r |= (uint64_t)(hi << 4 | lo) << (8 * i);
	}
	*v = r;
	return true;
}

/* ---- reply building ------------------------------------------------------- */

static void out_reset(struct gdb *g)
{
	g->out_len = 0;
	g->out_full = false;
}

static void out_char(struct gdb *g, char c)
{
	if (g->out_len < OUT_MAX)
		g->out[g->out_len++] = c;
	else
		g->out_full = true;
}

static void out_str(struct gdb *g, const char *s)
{
	while (*s)
		out_char(g, *s++);
}

static void out_byte(struct gdb *g, uint8_t b)
{
	out_char(g, hexdig[b >> 4]);
	out_char(g, hexdig[b & 15]);
}

static void out_le64(struct gdb *g, uint64_t v)
{
	for (unsigned i = 0; i < 8; i++)
		out_byte(g, (uint8_t)(v >> (8 * i)));
}

/* Binary data of qXfer replies: '#', '$', '}' and '*' escaped as '}' c^0x20. */
static void out_bin(struct gdb *g, const char *d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = d[i];
		if (c == '#' || c == '$' || c == '}' || c == '*') {
			out_char(g, '}');
			out_char(g, (char)(c ^ 0x20));
		} else {
			out_char(g, c);
		}
	}
}

/* ---- the connection ------------------------------------------------------- */

/* Reads what GDB sent into g->in; *start: where the new bytes begin. */
static bool fill_at(struct gdb *g, size_t *start)
{
	ssize_t n;
	if (g->fd < 0)
		return false;
	if (g->in_pos == g->in_len)
		g->in_pos = g->in_len = 0;
	if (g->in_len == sizeof g->in) {
		if (!g->in_pos)
			g->in_len = 0;   /* full of bytes nobody reads: drop them */
		else {
			memmove(g->in, g->in + g->in_pos, g->in_len - g->in_pos);
			g->in_len -= g->in_pos;
			g->in_pos = 0;
		}
	}
	do
		n = recv(g->fd, g->in + g->in_len, sizeof g->in - g->in_len, 0);
	while (n < 0 && errno == EINTR);
	if (n <= 0) {
		close(g->fd);
		g->fd = -1;
		return false;
	}
	*start = g->in_len;
	g->in_len += (size_t)n;
	return true;
}

static bool fill(struct gdb *g)
{
	size_t start;
	return fill_at(g, &start);
}

/* The next byte from GDB without taking it; -1 when the connection is gone. */
static int peek_byte(struct gdb *g)
{
	if (g->in_pos == g->in_len && !fill(g))
		return -1;
	return g->in[g->in_pos];
}

static int next_byte(struct gdb *g)
{
	int c = peek_byte(g);
	if (c >= 0)
		g->in_pos++;
	return c;
}

static bool send_all(struct gdb *g, const void *buf, size_t len)
{
	const char *p = buf;
	while (len && g->fd >= 0) {
		ssize_t n = send(g->fd, p, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(g->fd);
			g->fd = -1;
			return false;
		}
		p += n;
		len -= (size_t)n;
	}
	return g->fd >= 0;
}

/* Sends g->out as a packet and waits for GDB's acknowledgement. */
static void send_reply(struct gdb *g)
{
	unsigned sum = 0;
	size_t n = 0;

	g->frame[n++] = '$';
	for (size_t i = 0; i < g->out_len; i++) {
		sum += (uint8_t)g->out[i];
		g->frame[n++] = g->out[i];
	}
	g->frame[n++] = '#';
	g->frame[n++] = hexdig[(sum >> 4) & 15];
	g->frame[n++] = hexdig[sum & 15];

	for (unsigned tries = 0; tries < SEND_TRIES; tries++) {
		if (!send_all(g, g->frame, n) || g->noack)
			return;
		for (;;) {
			int c = peek_byte(g);
			if (c < 0 || c == '$')   /* gone, or GDB moved on without an ack */
				return;
			g->in_pos++;
			if (c == '+')
				return;
			if (c == '-')
				break;           /* retransmit */
		}
	}
}

static void reply(struct gdb *g, const char *s)
{
	out_reset(g);
	out_str(g, s);
	send_reply(g);
}

/*
 * Reads the next packet into g->pkt, acknowledging it. Bytes outside
 * packets (acks, a late 0x03) are skipped. Returns false when the
 * connection is gone.
 */
static bool read_packet(struct gdb *g)
{
	for (;;) {
		size_t len = 0;
		unsigned sum = 0;
		bool overflow = false;
		int c, h1, h2;

		do {
			c = next_byte(g);
			if (c < 0)
				return false;
		} while (c != '$');
		for (;;) {
			c = next_byte(g);
			if (c < 0)
				return false;
			if (c == '#')
				break;
			if (c == '$') {      /* a new packet: the partial one is dropped */
				len = 0;
				sum = 0;
				overflow = false;
				continue;
			}
			sum += (unsigned)c;
			if (len < PKT_MAX)
				g->pkt[len++] = (char)c;
			else
				overflow = true;
		}
		h1 = next_byte(g);
		h2 = next_byte(g);
		if (h1 < 0 || h2 < 0)
			return false;
		if (!g->noack) {
			if (hexval(h1) < 0 || hexval(h2) < 0 ||
			    (unsigned)(hexval(h1) << 4 | hexval(h2)) != (sum & 0xff)) {
				send_all(g, "-", 1);
				continue;
			}
			send_all(g, "+", 1);
		}
		if (overflow) {
			reply(g, "E01");     /* longer than the PacketSize we announced */
			continue;
		}
		g->pkt[len] = 0;
		g->pkt_len = len;
		return true;
	}
}

/*
 * While the machine runs: takes what GDB sent and says whether it asked
 * for a stop (0x03). timeout_ms -1 waits for it. Returns -1 when the
 * connection is gone.
 */
static int poll_interrupt(struct gdb *g, int timeout_ms)
{
	for (;;) {
		struct pollfd p = { .fd = g->fd, .events = POLLIN };
		size_t from;
		int r;

		if (g->fd < 0)
			return -1;
		r = poll(&p, 1, timeout_ms);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return 0;
		if (!fill_at(g, &from))
			return -1;
		for (size_t i = from; i < g->in_len; i++) {
			if (g->in[i] == 0x03) {
				/* consume everything up to and including the interrupt */
				g->in_pos = i + 1;
				return 1;
			}
		}
		if (timeout_ms >= 0)
			return 0;
	}
}

/* ---- registers ------------------------------------------------------------ */

enum reg_result { REG_OK, REG_UNAVAILABLE, REG_BAD };

static enum reg_result read_reg(struct gdb *g, uint64_t n, uint64_t *v)
{
	struct hart *h = &g->m->hart;
	if (n < 32) {
		*v = n ? h->x[n] : 0;
		return REG_OK;
	}
	if (n == REG_PC) {
		*v = h->pc;
		return REG_OK;
	}
	if (n == REG_PRIV) {
		*v = h->priv;
		return REG_OK;
	}
	if (n >= REG_CSR0 && n < REG_CSR0 + 4096) {
		unsigned csr = (unsigned)(n - REG_CSR0);
		if (!*csr_name(csr))
			return REG_BAD;      /* no such CSR */
		return csr_read(h, csr, v) ? REG_OK : REG_UNAVAILABLE;
	}
	return REG_BAD;
}

static bool write_reg(struct gdb *g, uint64_t n, uint64_t v)
{
	struct hart *h = &g->m->hart;
	if (n < 32) {
		if (n)
			h->x[n] = v;
		return true;
	}
	if (n == REG_PC) {
		h->pc = v & ~1ull;
		return true;
	}
	if (n == REG_PRIV) {
		if (v != PRV_U && v != PRV_S && v != PRV_M)
			return false;
		h->priv = (unsigned)v;
		h->virt = false;
		hart_context_changed(h);
		return true;
	}
	if (n >= REG_CSR0 && n < REG_CSR0 + 4096)
		return csr_write(h, (unsigned)(n - REG_CSR0), v);
	return false;
}

/* ---- breakpoints ---------------------------------------------------------- */

static bool bp_add(struct gdb *g, uint64_t addr)
{
	struct machine *m = g->m;
	if (m->nbreakpoints == g->bp_cap) {
		unsigned cap = g->bp_cap ? g->bp_cap * 2 : 16;
		uint64_t *b;
		if (cap > MAX_BREAKPOINTS)
			return false;
		b = realloc(m->breakpoints, cap * sizeof *b);
		if (!b)
			return false;
		m->breakpoints = b;
		g->bp_cap = cap;
	}
	m->breakpoints[m->nbreakpoints++] = addr;   /* duplicates allowed: z removes one */
	return true;
}

static void bp_remove(struct gdb *g, uint64_t addr)
{
	struct machine *m = g->m;
	for (unsigned i = 0; i < m->nbreakpoints; i++) {
		if (m->breakpoints[i] == addr) {
			m->breakpoints[i] = m->breakpoints[--m->nbreakpoints];
			return;
		}
	}
}

static bool bp_at(const struct machine *m, uint64_t pc)
{
	for (unsigned i = 0; i < m->nbreakpoints; i++)
		if (m->breakpoints[i] == pc)
			return true;
	return false;
}

/* ---- running -------------------------------------------------------------- */

static void report_stop(struct gdb *g, int sig)
{
	char buf[32];
	g->last_sig = sig;
	snprintf(buf, sizeof buf, "T%02xthread:1;", sig);
	reply(g, buf);
}

/* The exit status of a run that ended without the debugger. */
static int run_status(struct machine *m)
{
	switch (m->stop) {
	case STOP_FINISHER:
		return m->exit_code;
	case STOP_MAX_INSNS:
		fprintf(stderr, "hmvirt: stopped at --max-insns %llu, pc=0x%llx\n",
			(unsigned long long)m->max_insns, (unsigned long long)m->hart.pc);
		return EXIT_MAX_INSNS;
	default:
		fprintf(stderr, "hmvirt: the hart waits for an interrupt that cannot come "
			"(wfi at pc=0x%llx, mie=0x%llx)\n", (unsigned long long)m->hart.pc,
			(unsigned long long)m->hart.mie);
		return EXIT_HUNG;
	}
}

/*
 * Resumes the hart (one instruction, or until something stops it) and
 * sends the stop reply. QUIT_STATUS: the guest finished (*status set).
 * A connection lost meanwhile is left to the next read_packet.
 */
static enum next resume(struct gdb *g, bool step, int *status)
{
	struct machine *m = g->m;
	int sig = GDB_SIGTRAP, r;

	if (step) {
		/* an instruction that traps stops at the handler's entry */
		machine_run(m, 1);
	} else {
		for (bool first = true;; first = false) {
			/* machine_run does not check the first pc of a call */
			if (!first && bp_at(m, m->hart.pc)) {
				m->stop = STOP_BREAKPOINT;
				break;
			}
			machine_run(m, RUN_SLICE);
			if (m->stop != STOP_STEP)
				break;
			r = poll_interrupt(g, 0);
			if (r < 0)
				goto gone;
			if (r) {
				m->stop = STOP_DEBUGGER;
				break;
			}
		}
	}

	switch (m->stop) {
	case STOP_FINISHER: {
		char buf[8];
		snprintf(buf, sizeof buf, "W%02x", (unsigned)m->exit_code & 0xff);
		reply(g, buf);
		*status = m->exit_code;
		return QUIT_STATUS;
	}
	case STOP_MAX_INSNS:
		fprintf(stderr, "hmvirt: --max-insns %llu reached, pc=0x%llx (reported as SIGXCPU)\n",
			(unsigned long long)m->max_insns, (unsigned long long)m->hart.pc);
		sig = GDB_SIGXCPU;
		break;
	case STOP_WFI_FOREVER:
		if (step)
			break;
		/* the hart sleeps for good, as it would on the board: wait for Ctrl-C */
		fprintf(stderr, "hmvirt: the hart waits for an interrupt that cannot come "
			"(wfi at pc=0x%llx); interrupt from gdb to stop\n",
			(unsigned long long)m->hart.pc);
		r = poll_interrupt(g, -1);
		if (r < 0)
			goto gone;
		sig = GDB_SIGINT;
		break;
	case STOP_DEBUGGER:
		sig = GDB_SIGINT;
		break;
	default:
		break;
	}
	report_stop(g, sig);
gone:                                /* the next read_packet reports it */
	return SERVE;
}

/* An optional resume address (c addr, s addr, C sig;addr): sets pc. */
static bool resume_addr(struct gdb *g, const char *p)
{
	uint64_t a;
	if (!*p)
		return true;
	if (!parse_hex(&p, &a) || *p)
		return false;
	g->m->hart.pc = a & ~1ull;
	return true;
}

/*
 * vCont;ACTION[:TID][;ACTION[:TID]]...: the first action for thread 1 (or
 * all threads) decides. Returns 's' or 'c', 0 if none applies, -1 when bad.
 */
static int vcont_action(const char *p)
{
	while (*p == ';') {
		char a = *++p;
		const char *q;
		uint64_t sig;
		bool ours = true;

		if (a != 'c' && a != 's' && a != 'C' && a != 'S')
			return -1;
		p++;
		if (a == 'C' || a == 'S') {
			if (!parse_hex(&p, &sig))
				return -1;
		}
		if (*p == ':') {
			q = ++p;
			while (*p && *p != ';')
				p++;
			/* thread ids: 1, -1 (all), 0 (any); pPID.TID forms are ours too */
			ours = (p - q == 1 && (q[0] == '1' || q[0] == '0')) ||
			       (p - q == 2 && q[0] == '-' && q[1] == '1') || q[0] == 'p';
		}
		if (*p && *p != ';')
			return -1;
		if (ours)
			return a == 's' || a == 'S' ? 's' : 'c';
	}
	return *p ? -1 : 0;
}

/* ---- packets -------------------------------------------------------------- */

static void handle_read_mem(struct gdb *g, const char *p)
{
	uint64_t addr, len;
	uint8_t buf[256];
	uint64_t done = 0;

	if (!parse_hex(&p, &addr) || *p++ != ',' || !parse_hex(&p, &len) || *p) {
		reply(g, "E01");
		return;
	}
	if (len > OUT_MAX / 2)
		len = OUT_MAX / 2;
	out_reset(g);
	while (done < len) {
		uint64_t a = addr + done;
		uint64_t n = len - done, page_left = PAGE_SIZE - (a & (PAGE_SIZE - 1));
		if (n > sizeof buf)
			n = sizeof buf;
		if (n > page_left)
			n = page_left;
		if (!debug_read_virt(&g->m->hart, a, buf, n)) {
			/* some of it may be readable: byte by byte up to the fault */
			uint64_t i;
			for (i = 0; i < n && debug_read_virt(&g->m->hart, a + i, &buf[i], 1); i++)
				;
			for (uint64_t j = 0; j < i; j++)
				out_byte(g, buf[j]);
			done += i;
			break;
		}
		for (uint64_t j = 0; j < n; j++)
			out_byte(g, buf[j]);
		done += n;
	}
	if (!done && len) {
		reply(g, "E14");     /* EFAULT */
		return;
	}
	send_reply(g);
}

static void handle_write_mem(struct gdb *g, const char *p)
{
	uint64_t addr, len;
	uint8_t buf[256];

	if (!parse_hex(&p, &addr) || *p++ != ',' || !parse_hex(&p, &len) || *p++ != ':' ||
	    len > PKT_MAX || strlen(p) != 2 * len) {
		reply(g, "E01");
		return;
	}
	for (uint64_t done = 0; done < len;) {
		uint64_t n = len - done < sizeof buf ? len - done : sizeof buf;
		for (uint64_t i = 0; i < n; i++) {
			int hi = hexval((unsigned char)p[2 * (done + i)]);
			int lo = hexval((unsigned char)p[2 * (done + i) + 1]);
			if (hi < 0 || lo < 0) {
				reply(g, "E01");
				return;
			}
			buf[i] = (uint8_t)(hi << 4 | lo);
		}
		if (!debug_write_virt(&g->m->hart, addr + done, buf, n)) {
			reply(g, "E14");
			return;
		}
		done += n;
	}
	reply(g, "OK");
}

static void handle_regs(struct gdb *g)
{
	out_reset(g);
	for (unsigned i = 0; i < NUM_G_REGS; i++) {
		uint64_t v = 0;
		read_reg(g, i, &v);
		out_le64(g, v);
	}
	send_reply(g);
}

static void handle_write_regs(struct gdb *g, const char *p)
{
	uint64_t v[NUM_G_REGS];
	if (strlen(p) != NUM_G_REGS * 16) {
		reply(g, "E01");
		return;
	}
	for (unsigned i = 0; i < NUM_G_REGS; i++)
		if (!parse_le64(p + 16 * i, &v[i])) {
			reply(g, "E01");
			return;
		}
	for (unsigned i = 0; i < NUM_G_REGS; i++)
		write_reg(g, i, v[i]);
	reply(g, "OK");
}

static void handle_reg(struct gdb *g, const char *p)
{
	uint64_t n, v = 0;
	enum reg_result r;
	if (!parse_hex(&p, &n) || *p) {
		reply(g, "E01");
		return;
	}
	r = read_reg(g, n, &v);
	if (r == REG_BAD) {
		reply(g, "E01");
		return;
	}
	out_reset(g);
	if (r == REG_UNAVAILABLE)
		out_str(g, "xxxxxxxxxxxxxxxx");
	else
		out_le64(g, v);
	send_reply(g);
}

static void handle_write_reg(struct gdb *g, const char *p)
{
	uint64_t n, v;
	if (!parse_hex(&p, &n) || *p++ != '=' || strlen(p) != 16 || !parse_le64(p, &v)) {
		reply(g, "E01");
		return;
	}
	reply(g, write_reg(g, n, v) ? "OK" : "E01");
}

/* Z/z TYPE,ADDR,KIND */
static void handle_breakpoint(struct gdb *g, const char *p, bool insert)
{
	uint64_t type, addr, kind;
	if (!parse_hex(&p, &type) || *p++ != ',' || !parse_hex(&p, &addr) || *p++ != ',' ||
	    !parse_hex(&p, &kind) || (*p && *p != ';')) {
		reply(g, "E01");
		return;
	}
	if (type > 1) {              /* watchpoints: not supported */
		reply(g, "");
		return;
	}
	if (insert)
		reply(g, bp_add(g, addr) ? "OK" : "E0c");
	else {
		bp_remove(g, addr);
		reply(g, "OK");
	}
}

/* qXfer:features:read:ANNEX:OFFSET,LENGTH */
static void handle_xfer_features(struct gdb *g, const char *p)
{
	uint64_t off, len;
	const char *colon = strchr(p, ':');

	if (!colon) {
		reply(g, "E01");
		return;
	}
	if ((size_t)(colon - p) != strlen("target.xml") || strncmp(p, "target.xml", (size_t)(colon - p))) {
		reply(g, "E00");     /* no such annex */
		return;
	}
	p = colon + 1;
	if (!parse_hex(&p, &off) || *p++ != ',' || !parse_hex(&p, &len) || *p) {
		reply(g, "E01");
		return;
	}
	xml_build();
	if (len > (OUT_MAX - 1) / 2)  /* room for escapes */
		len = (OUT_MAX - 1) / 2;
	out_reset(g);
	if (off >= xml_len) {
		out_char(g, 'l');
	} else {
		uint64_t n = xml_len - off < len ? xml_len - off : len;
		out_char(g, off + n >= xml_len ? 'l' : 'm');
		out_bin(g, xml + off, (size_t)n);
	}
	send_reply(g);
}

static void handle_query(struct gdb *g, const char *p)
{
	if (!strncmp(p, "qSupported", 10)) {
		char buf[128];
		snprintf(buf, sizeof buf, "PacketSize=%x;qXfer:features:read+;QStartNoAckMode+",
			 PKT_MAX);
		reply(g, buf);
	} else if (!strncmp(p, "qXfer:features:read:", 20)) {
		handle_xfer_features(g, p + 20);
	} else if (!strcmp(p, "qAttached") || !strncmp(p, "qAttached:", 10)) {
		reply(g, "1");       /* the machine existed before GDB: quitting detaches */
	} else if (!strcmp(p, "qC")) {
		reply(g, "QC1");
	} else if (!strcmp(p, "qfThreadInfo")) {
		reply(g, "m1");
	} else if (!strcmp(p, "qsThreadInfo")) {
		reply(g, "l");
	} else if (!strncmp(p, "qThreadExtraInfo,", 17)) {
		static const char *const mode[4] = { "U-mode", "S-mode", "?", "M-mode" };
		char text[48];
		snprintf(text, sizeof text, "hart %llu, %s",
			 (unsigned long long)g->m->hart.hartid, mode[g->m->hart.priv & 3]);
		out_reset(g);
		for (const char *t = text; *t; t++)
			out_byte(g, (uint8_t)*t);
		send_reply(g);
	} else if (!strncmp(p, "qSymbol:", 8)) {
		reply(g, "OK");
	} else if (!strcmp(p, "QStartNoAckMode")) {
		reply(g, "OK");
		g->noack = true;
	} else {
		reply(g, "");
	}
}

static enum next handle_packet(struct gdb *g, int *status)
{
	const char *p = g->pkt;
	int a;

	if (g->pkt_len != strlen(p)) {   /* a NUL inside: nothing this stub takes */
		reply(g, "");
		return SERVE;
	}
	switch (p[0]) {
	case '?': {
		char buf[32];
		snprintf(buf, sizeof buf, "T%02xthread:1;", g->last_sig);
		reply(g, buf);
		return SERVE;
	}
	case 'g':
		if (p[1])
			break;
		handle_regs(g);
		return SERVE;
	case 'G':
		handle_write_regs(g, p + 1);
		return SERVE;
	case 'p':
		handle_reg(g, p + 1);
		return SERVE;
	case 'P':
		handle_write_reg(g, p + 1);
		return SERVE;
	case 'm':
		handle_read_mem(g, p + 1);
		return SERVE;
	case 'M':
		handle_write_mem(g, p + 1);
		return SERVE;
	case 'Z':
	case 'z':
		handle_breakpoint(g, p + 1, p[0] == 'Z');
		return SERVE;
	case 'c':
	case 's':
		if (!resume_addr(g, p + 1)) {
			reply(g, "E01");
			return SERVE;
		}
		return resume(g, p[0] == 's', status);
	case 'C':
	case 'S': {
		/* the signal is dropped: there is nothing to deliver it to */
		const char *q = p + 1;
		uint64_t sig;
		if (!parse_hex(&q, &sig) || (*q && *q != ';') || !resume_addr(g, *q ? q + 1 : q)) {
			reply(g, "E01");
			return SERVE;
		}
		return resume(g, p[0] == 'S', status);
	}
	case 'v':
		if (!strcmp(p, "vCont?")) {
			reply(g, "vCont;c;C;s;S");
			return SERVE;
		}
		if (!strncmp(p, "vCont;", 6)) {
			a = vcont_action(p + 5);
			if (a < 0) {
				reply(g, "E01");
				return SERVE;
			}
			if (a == 0) {     /* nothing for our thread: report where it is */
				report_stop(g, g->last_sig);
				return SERVE;
			}
			return resume(g, a == 's', status);
		}
		if (!strncmp(p, "vKill", 5)) {
			reply(g, "OK");
			*status = 0;
			return QUIT_STATUS;
		}
		break;
	case 'H':
		if (p[1] == 'g' || p[1] == 'c') {
			reply(g, "OK");
			return SERVE;
		}
		break;
	case 'T':                    /* thread alive: there is only thread 1 */
		reply(g, !strcmp(p + 1, "1") ? "OK" : "E01");
		return SERVE;
	case 'q':
	case 'Q':
		handle_query(g, p);
		return SERVE;
	case 'D':
		reply(g, "OK");
		return QUIT_DETACH;
	case 'k':
		*status = 0;
		return QUIT_STATUS;
	default:
		break;
	}
	reply(g, "");
	return SERVE;
}

/* ---- the server ----------------------------------------------------------- */

static int listen_on(int port)
{
	struct sockaddr_in a;
	int one = 1;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0 || listen(fd, 1) < 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

int gdbstub_run(struct machine *m, int port)
{
	static struct gdb g;
	int lfd, one = 1, status = 0;
	enum next next = SERVE;

	lfd = listen_on(port);
	if (lfd < 0) {
		fprintf(stderr, "hmvirt: cannot listen for gdb on 127.0.0.1:%d: %s\n", port,
			strerror(errno));
		return EXIT_BAD_INPUT;
	}
	fprintf(stderr, "hmvirt: waiting for gdb on port %d\n", port);
	memset(&g, 0, sizeof g);
	g.m = m;
	g.last_sig = GDB_SIGTRAP;
	g.bp_cap = m->breakpoints ? m->nbreakpoints : 0;
	do
		g.fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	while (g.fd < 0 && errno == EINTR);
	close(lfd);
	if (g.fd < 0) {
		fprintf(stderr, "hmvirt: cannot accept a gdb connection: %s\n", strerror(errno));
		return EXIT_BAD_INPUT;
	}
	setsockopt(g.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

	while (next == SERVE) {
		if (!read_packet(&g)) {
			fprintf(stderr, "hmvirt: gdb closed the connection\n");
			status = 0;
			break;
		}
		next = handle_packet(&g, &status);
	}
	if (g.fd >= 0)
		close(g.fd);
	if (next == QUIT_DETACH) {
		/* as QEMU: the machine goes on without the debugger */
		m->nbreakpoints = 0;
		machine_run(m, 0);
		status = run_status(m);
	}
	return status;
}
