/*
 * ns16550a UART (as on QEMU virt: byte registers, reg-shift 0). Output
 * goes to a host stream; input comes from a host file descriptor, polled
 * by the run loop. Interrupts (received data, transmitter empty) go to
 * PLIC source VIRT_UART0_IRQ.
 */
#include <fcntl.h>
#include <unistd.h>

#include "machine.h"

enum { RBR = 0, IER = 1, IIR = 2, LCR = 3, MCR = 4, LSR = 5, MSR = 6, SCR = 7 };
#define IER_RDI  0x01
#define IER_THRI 0x02
#define LCR_DLAB 0x80
#define LSR_DR   0x01
#define LSR_THRE 0x20
#define LSR_TEMT 0x40
#define IIR_NONE 0x01
#define IIR_THRI 0x02
#define IIR_RDI  0x04
#define IIR_FIFO 0xc0

void uart_init(struct uart *u, int in_fd, FILE *out)
{
	memset(u, 0, sizeof *u);
	u->in_fd = in_fd;
	u->out = out;
	if (in_fd >= 0)
		fcntl(in_fd, F_SETFL, fcntl(in_fd, F_GETFL) | O_NONBLOCK);
}

bool uart_irq(const struct uart *u)
{
	return ((u->ier & IER_RDI) && u->rx_count) || ((u->ier & IER_THRI) && u->iir_pending_thre);
}

static uint8_t iir(struct uart *u)
{
	uint8_t fifo = (u->fcr & 1) ? IIR_FIFO : 0;
	if ((u->ier & IER_RDI) && u->rx_count)
		return fifo | IIR_RDI;
	if ((u->ier & IER_THRI) && u->iir_pending_thre) {
		u->iir_pending_thre = 0;    /* reading IIR acknowledges THRE */
		return fifo | IIR_THRI;
	}
	return fifo | IIR_NONE;
}

uint64_t uart_read(struct machine *m, uint64_t off, unsigned size)
{
	struct uart *u = &m->uart;
	uint8_t v = 0;

	switch (off) {
	case RBR:
		if (u->lcr & LCR_DLAB) {
			v = u->dll;
		} else if (u->rx_count) {
			v = u->rx[u->rx_head];
			u->rx_head = (u->rx_head + 1) % sizeof u->rx;
			u->rx_count--;
		}
		break;
	case IER: v = (u->lcr & LCR_DLAB) ? u->dlm : u->ier; break;
	case IIR: v = iir(u); break;
	case LCR: v = u->lcr; break;
	case MCR: v = u->mcr; break;
	case LSR: v = LSR_THRE | LSR_TEMT | (u->rx_count ? LSR_DR : 0); break;
	case MSR: v = 0xb0; break;              /* DCD, DSR, CTS */
	case SCR: v = u->scr; break;
	default: break;
	}
	machine_update_irqs(m);
	return v;
}

void uart_write(struct machine *m, uint64_t off, unsigned size, uint64_t val)
{
	struct uart *u = &m->uart;
	uint8_t v = (uint8_t)val;

	switch (off) {
	case RBR:
		if (u->lcr & LCR_DLAB) {
			u->dll = v;
		} else {
			fputc(v, u->out);
			if (v == '\n')
				fflush(u->out);
			u->iir_pending_thre = 1;    /* transmitted at once */
		}
		break;
	case IER:
		if (u->lcr & LCR_DLAB) {
			u->dlm = v;
		} else {
			if ((v & IER_THRI) && !(u->ier & IER_THRI))
				u->iir_pending_thre = 1;
			u->ier = v & 0x0f;
		}
		break;
	case IIR: u->fcr = v; break;
	case LCR: u->lcr = v; break;
	case MCR: u->mcr = v; break;
	case SCR: u->scr = v; break;
	default: break;
	}
	machine_update_irqs(m);
	hart_request_exit(&m->hart);
}

/* Moves available host input into the receive FIFO. */
void uart_poll(struct machine *m)
{
	struct uart *u = &m->uart;
	while (u->in_fd >= 0 && !u->rx_eof && u->rx_count < sizeof u->rx) {
		uint8_t c;
		ssize_t n = read(u->in_fd, &c, 1);
		if (n == 0)
			u->rx_eof = true;
		if (n <= 0)
			break;
		u->rx[(u->rx_head + u->rx_count) % sizeof u->rx] = c;
		u->rx_count++;
	}
	machine_update_irqs(m);
}
