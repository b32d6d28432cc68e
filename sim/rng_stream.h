/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rng_stream: reproducible random streams addressed by a key, usable by every gsl_ran_*
 * sampler.
 *
 * The generator is xoshiro256** (Blackman and Vigna, "Scrambled linear pseudorandom number
 * generators", ACM TOMS 2021): 256 bits of state, period 2^256 - 1, about a nanosecond a draw.
 * It is exposed as a GSL generator type, rng_stream_type, so any gsl_ran_* function can draw
 * from it, and through inline functions for the hot paths.
 *
 * A stream is a pure function of a key (master seed, trial, entity, purpose): the key is mixed
 * into 64 bits with the splitmix64 finaliser and expanded into the 256-bit state, so the whole
 * 64-bit master seed matters (GSL's own seeding keeps 32 bits) and streams never depend on
 * which thread ran which trial. Purposes are chosen by the caller from an append-only list, so
 * adding a purpose never changes existing results. Seeding costs a few multiplications, cheap
 * enough to reseed every stream at every trial.
 */
#ifndef SHIPCAST_RNG_STREAM_H
#define SHIPCAST_RNG_STREAM_H

#include <stdint.h>

#include <gsl/gsl_rng.h>

/* The GSL generator type. gsl_rng_get() returns the upper 32 bits of each 64-bit output
 * (max = 2^32 - 1, which every GSL integer routine handles); gsl_rng_uniform() uses 53 bits. */
extern const gsl_rng_type *const rng_stream_type;

typedef struct rng_key {
    uint64_t seed;    /* the run's master seed */
    uint64_t trial;   /* trial index */
    uint64_t entity;  /* a model entity: team, item, ... */
    uint64_t purpose; /* what the numbers are for; values are append-only */
} rng_key;

/* The splitmix64 finaliser: a bijective 64-bit mix with full avalanche. */
static inline uint64_t rng_mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9u;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebu;
    x ^= x >> 31;
    return x;
}

/* A 64-bit digest of a key; distinct keys collide with probability about 2^-64. Used both to
 * seed streams and, alone, as one counter-based random number per key. */
static inline uint64_t rng_key_hash(rng_key key)
{
    const uint64_t golden = 0x9e3779b97f4a7c15u;
    uint64_t h = rng_mix64(key.seed + golden);
    h = rng_mix64(h ^ (key.trial + 2 * golden));
    h = rng_mix64(h ^ (key.entity + 3 * golden));
    h = rng_mix64(h ^ (key.purpose + 4 * golden));
    return h;
}

/* Puts r (which must have been allocated with rng_stream_type) at the start of the stream of
 * `key`. */
void rng_stream_seed(gsl_rng *r, rng_key key);

/* Next 64-bit output of a generator of rng_stream_type. */
static inline uint64_t rng_stream_next(gsl_rng *r)
{
    uint64_t *s = (uint64_t *)r->state;
    const uint64_t result = ((s[1] * 5) << 7 | (s[1] * 5) >> 57) * 9;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = s[3] << 45 | s[3] >> 19;
    return result;
}

/* 128-bit products for the multiply-shift below; GCC and Clang provide the type. */
__extension__ typedef unsigned __int128 rng_u128;

/* A uniform integer in [0, n), n >= 1, without division in the common case (Lemire,
 * "Fast random integer generation in an interval", ACM TOMACS 2019): exact, unbiased. */
static inline uint64_t rng_uniform_below(uint64_t random64, gsl_rng *r, uint64_t n)
{
    rng_u128 m = (rng_u128)random64 * n;
    uint64_t low = (uint64_t)m;
    if (low < n) {
        const uint64_t threshold = (0 - n) % n;
        while (low < threshold) {
            m = (rng_u128)rng_stream_next(r) * n;
            low = (uint64_t)m;
        }
    }
    return (uint64_t)(m >> 64);
}

/* Uniform integer in [0, n), n >= 1, from the stream. */
static inline uint64_t rng_stream_below(gsl_rng *r, uint64_t n)
{
    return rng_uniform_below(rng_stream_next(r), r, n);
}

/* A double in [0, 1) with 53 random bits. */
static inline double rng_unit_double(uint64_t random64)
{
    return (double)(random64 >> 11) * 0x1.0p-53;
}

#endif
