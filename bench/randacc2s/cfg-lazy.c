/* randacc2s-lazy.elf: G-stage filled by faults, bench/randacc's updates. */
#include "randacc2s.h"
#include "randacc_expect.h"

const struct r2s_config r2s_config = R2S_CONFIG("randacc2s-lazy", 1);
