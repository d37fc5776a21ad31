/*
 * satp - the MODE field is WARL in a strong sense: a write with an
 * unsupported MODE changes nothing at all; Bare, Sv39 and Sv48 are
 * accepted; ASID bits are implemented from the least significant one up
 * (ASIDLEN <= 16). Written from M and from S. Sv57 (MODE 10) is optional
 * and not probed either way.
 */
#include "common/test.h"

const char test_name[] = "satp";

#define C_SATP "supervisor.adoc: Supervisor Address Translation and Protection (`satp`) Register"
#define RWXAD (PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)

static const uint64_t unsupported[] = {1, 2, 3, 4, 5, 6, 7, 11, 12, 13, 14, 15};

static uint64_t s_write_read(uint64_t v)
{
	csr_write(satp, v);
	return csr_read(satp);
}

int main(void)
{
	uint64_t *root = vm_identity_root(3, RWXAD);
	uint64_t *root48 = vm_identity_root(4, RWXAD);
	uint64_t ppn = (uint64_t)root >> 12;

	csr_write(satp, 0);
	CHECK_EQ_W(csr_read(satp), 0, "Bare accepted", C_SATP);

	uint64_t v39 = satp_make(SATP_MODE_SV39, 0, root);
	csr_write(satp, v39);
	CHECK_EQ_W(csr_read(satp), v39, "Sv39 accepted, PPN held", C_SATP);

	/* ASIDLEN: write all ones, the low ASIDLEN bits read back as ones. */
	csr_write(satp, v39 | (0xffffUL << SATP_ASID_SHIFT));
	uint64_t got = csr_read(satp);
	uint64_t asid_mask = (got >> SATP_ASID_SHIFT) & 0xffff;
	CHECK_EQ_W(got & ~(0xffffUL << SATP_ASID_SHIFT), v39,
		   "ASID write keeps MODE and PPN", C_SATP);
	CHECK_EQ_W(asid_mask & (asid_mask + 1), 0,
		   "implemented ASID bits are the low ones", C_SATP);
	uint64_t asid = 0x5a5a & asid_mask;
	csr_write(satp, v39 | (asid << SATP_ASID_SHIFT));
	CHECK_EQ_W(csr_read(satp), v39 | (asid << SATP_ASID_SHIFT),
		   "an ASID within ASIDLEN reads back", C_SATP);
	puts("ASIDLEN mask ");
	printhex(asid_mask);
	puts("\n");

	uint64_t v48 = satp_make(SATP_MODE_SV48, asid, root48);
	csr_write(satp, v48);
	CHECK_EQ_W(csr_read(satp), v48, "Sv48 accepted", C_SATP);

	/* Unsupported modes leave every field as it was. */
	uint64_t known = v39 | (asid << SATP_ASID_SHIFT);
	for (unsigned i = 0; i < sizeof unsupported / sizeof unsupported[0];
	     i++) {
		csr_write(satp, known);
		csr_write(satp, (unsupported[i] << SATP_MODE_SHIFT) |
					((ppn + 1) & 0xfffffffffffUL) |
					(1UL << SATP_ASID_SHIFT));
		if (!CHECK_EQ_W(csr_read(satp), known,
				"write with an unsupported MODE has no effect",
				C_SATP)) {
			puts("  MODE ");
			printdec((int64_t)unsupported[i]);
			puts("\n");
		}
	}

	/* The same from S-mode, translated through the identity map. */
	vm_set_satp(known);
	trap_arm();
	got = run_lower(PRV_S, s_write_read, (12UL << SATP_MODE_SHIFT) | 5);
	trap_armed = 0;
	CHECK_W(trap.taken == 0 && got == known,
		"S-mode write with an unsupported MODE has no effect", C_SATP);
	got = run_lower(PRV_S, s_write_read, satp_make(SATP_MODE_SV48, 0, root48));
	CHECK_EQ_W(got, satp_make(SATP_MODE_SV48, 0, root48),
		   "S-mode write of Sv48", C_SATP);
	got = run_lower(PRV_S, s_write_read, 0);
	CHECK_EQ_W(got, 0, "S-mode write of Bare", C_SATP);
	CHECK_EQ_W(csr_read(satp), 0, "satp after S wrote Bare", C_SATP);

	vm_set_satp(0);
	return test_done();
}
