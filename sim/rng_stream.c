/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rng_stream: xoshiro256** as a GSL generator type, seeded by key; see rng_stream.h. */
#include "rng_stream.h"

typedef struct xoshiro_state {
    uint64_t s[4];
} xoshiro_state;

/* Expands a 64-bit value into a full state with the splitmix64 sequence, as the generator's
 * authors recommend; the result is never all zero because splitmix64 outputs are a bijection
 * of distinct counters and four consecutive ones cannot all be zero. */
static void state_from_u64(xoshiro_state *st, uint64_t x)
{
    for (int i = 0; i < 4; i++) {
        x += 0x9e3779b97f4a7c15u;
        st->s[i] = rng_mix64(x);
    }
}

static void xoshiro_set(void *state, unsigned long int seed)
{
    state_from_u64(state, (uint64_t)seed);
}

static unsigned long int xoshiro_get(void *state)
{
    gsl_rng r = {.type = 0, .state = state};
    return (unsigned long int)(rng_stream_next(&r) >> 32);
}

static double xoshiro_get_double(void *state)
{
    gsl_rng r = {.type = 0, .state = state};
    return rng_unit_double(rng_stream_next(&r));
}

static const gsl_rng_type xoshiro_type = {
    .name = "xoshiro256**",
    .max = 0xffffffffUL,
    .min = 0,
    .size = sizeof(xoshiro_state),
    .set = xoshiro_set,
    .get = xoshiro_get,
    .get_double = xoshiro_get_double,
};

const gsl_rng_type *const rng_stream_type = &xoshiro_type;

void rng_stream_seed(gsl_rng *r, rng_key key)
{
    state_from_u64(r->state, rng_key_hash(key));
}
