/*
 * The MMIO bus of the virt board: which device answers which physical
 * range. An access nobody answers is an access fault for the hart.
 */
#include "machine.h"

struct mmio {
	uint64_t base, size;
	uint64_t (*read)(struct machine *m, uint64_t off, unsigned size);
	void (*write)(struct machine *m, uint64_t off, unsigned size, uint64_t val);
	unsigned sizes;        /* bit n: access of 2^n bytes allowed */
};

static uint64_t finisher_read(struct machine *m, uint64_t off, unsigned size)
{
	return 0;
}

/* SiFive test finisher: 0x5555 passes, (code << 16) | 0x3333 fails, 0x7777 resets. */
static void finisher_write(struct machine *m, uint64_t off, unsigned size, uint64_t val)
{
	uint32_t cmd = (uint32_t)val & 0xffff, code = ((uint32_t)val >> 16) & 0xffff;
	if (off != 0)
		return;
	if (cmd == FINISHER_PASS || cmd == FINISHER_RESET) {
		m->exit_code = 0;
	} else if (cmd == FINISHER_FAIL) {
		m->exit_code = (int)code;
	} else {
		return;
	}
	m->stop = STOP_FINISHER;
	hart_request_exit(&m->hart);
}

static const struct mmio devices[] = {
	{ VIRT_TEST_BASE, VIRT_TEST_SIZE, finisher_read, finisher_write, 1u << 1 | 1u << 2 | 1u << 3 },
	{ VIRT_CLINT_BASE, VIRT_CLINT_SIZE, clint_read, clint_write, 1u << 2 | 1u << 3 },
	{ VIRT_PLIC_BASE, VIRT_PLIC_SIZE, plic_read, plic_write, 1u << 2 },
	{ VIRT_UART0_BASE, VIRT_UART0_SIZE, uart_read, uart_write, 1u << 0 | 1u << 1 | 1u << 2 | 1u << 3 },
};

static const struct mmio *find(uint64_t pa, unsigned size)
{
	for (unsigned i = 0; i < sizeof devices / sizeof devices[0]; i++) {
		const struct mmio *d = &devices[i];
		if (pa >= d->base && pa - d->base < d->size && size <= d->size - (pa - d->base))
			return (d->sizes & size) && !(pa & (size - 1)) ? d : NULL;
	}
	return NULL;
}

bool bus_read(struct machine *m, uint64_t pa, unsigned size, uint64_t *val)
{
	const struct mmio *d = find(pa, size);
	if (!d)
		return false;
	*val = d->read(m, pa - d->base, size);
	if (size < 8)
		*val &= (1ull << (8 * size)) - 1;
	return true;
}

bool bus_write(struct machine *m, uint64_t pa, unsigned size, uint64_t val)
{
	const struct mmio *d = find(pa, size);
	if (!d)
		return false;
	d->write(m, pa - d->base, size, val);
	return true;
}
