/*
 * sv48 - Sv48 translation in S and U mode with 4 KiB, 2 MiB, 1 GiB and
 * 512 GiB pages, including the upper half of the address space. See
 * paging.h.
 */
#define LEVELS 4
#define SATP_MODE SATP_MODE_SV48
/* vpn[3] = 256: the first 512 GiB of the upper half. */
#define VA_HIGH 0xffff800000000000UL
/* vpn[3] = 1, a terapage over physical 0..512 GiB. */
#define VA_TERA 0x0000008000000000UL
#define C_TRANS "supervisor.adoc: Sv48: Page-Based 48-bit Virtual-Memory System"
#define C_MODE "supervisor.adoc: Supervisor Address Translation and Protection (`satp`) Register"

#include "paging.h"

const char test_name[] = "sv48";
