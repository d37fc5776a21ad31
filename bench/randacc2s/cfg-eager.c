/* randacc2s.elf: G-stage mapped up front, bench/randacc's updates. */
#include "randacc2s.h"
#include "randacc_expect.h"

const struct r2s_config r2s_config = R2S_CONFIG("randacc2s", 0);
