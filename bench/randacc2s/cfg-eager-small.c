/* randacc2s-small.elf: G-stage mapped up front, few updates (a test). */
#include "randacc2s.h"
#include "randacc_small_expect.h"

const struct r2s_config r2s_config = R2S_CONFIG("randacc2s-small", 0);
