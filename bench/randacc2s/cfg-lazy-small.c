/* randacc2s-lazy-small.elf: G-stage filled by faults, few updates (a test). */
#include "randacc2s.h"
#include "randacc_small_expect.h"

const struct r2s_config r2s_config = R2S_CONFIG("randacc2s-lazy-small", 1);
