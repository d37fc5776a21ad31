/*
 * sv39 - Sv39 translation in S and U mode with 4 KiB, 2 MiB and 1 GiB
 * pages, including the upper half of the address space. See paging.h.
 */
#define LEVELS 3
#define SATP_MODE SATP_MODE_SV39
/* vpn[2] = 256: the first gigapage of the upper half. */
#define VA_HIGH 0xffffffc000000000UL
#define C_TRANS "supervisor.adoc: Sv39: Page-Based 39-bit Virtual-Memory System"
#define C_MODE "supervisor.adoc: Supervisor Address Translation and Protection (`satp`) Register"

#include "paging.h"

const char test_name[] = "sv39";
