/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rng_stream: counter-based draws and their GSL generator type; see rng_stream.h. */
#include "rng_stream.h"

uint64_t rng_name_hash(const char *name)
{
    /* FNV-1a over the bytes (a stable, byte-order free digest), then the finaliser, so that
     * names differing in one letter give unrelated keys */
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    for (const unsigned char *c = (const unsigned char *)name; *c; c++) {
        h ^= *c;
        h *= UINT64_C(0x100000001b3);
    }
    return rng_mix64(h);
}

static void counter_set(void *state, unsigned long int seed)
{
    *(rng_counter *)state = rng_counter_at((uint64_t)seed);
}

static unsigned long int counter_get(void *state)
{
    return (unsigned long int)(rng_counter_next(state) >> 32);
}

static double counter_get_double(void *state)
{
    return rng_unit_double(rng_counter_next(state));
}

static const gsl_rng_type counter_type = {
    .name = "shipcast-splitmix-counter",
    .max = 0xffffffffUL,
    .min = 0,
    .size = sizeof(rng_counter),
    .set = counter_set,
    .get = counter_get,
    .get_double = counter_get_double,
};

const gsl_rng_type *const rng_stream_type = &counter_type;

void rng_stream_seed(gsl_rng *r, uint64_t stream)
{
    *(rng_counter *)r->state = rng_counter_at(stream);
}
