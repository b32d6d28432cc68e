/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rng_stream: counter-based random numbers addressed by what they are for.
 *
 * Every random number of a run is a pure function of a key and a counter: the key names the
 * stream (master seed, trial, an entity such as a team or an item, and a purpose), the counter
 * names the number within it (a calendar date, or a draw index). Nothing is carried from one
 * number to the next, so the draw for team T on date D is known without replaying the draws
 * before it: a simulation may skip days, go back, or run teams in any order and still see the
 * same numbers. Entities are named by a stable digest of their name (rng_name_hash), never by
 * a row's position, so reordering an input file or adding an unrelated row changes nothing.
 *
 * The generator is SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014) used as a counter-based one: number n of stream s is
 * mix64(s + (n + 1) * gamma), the n-th output of a SplitMix64 sequence seeded with s. The
 * sequence passes BigCrush; stream keys are themselves 64-bit digests of the key fields
 * (rng_key_hash), so two streams overlap only if their keys differ by a multiple of gamma
 * smaller than the counters used, a chance of about 2^-40 for a run's largest counters.
 *
 * rng_stream_type wraps a (stream, counter) pair as a GSL generator for the gsl_ran_*
 * samplers; the inline functions are the hot paths.
 */
#ifndef SHIPCAST_RNG_STREAM_H
#define SHIPCAST_RNG_STREAM_H

#include <stdint.h>

#include <gsl/gsl_rng.h>

/* The SplitMix64 increment: 2^64 / the golden ratio, odd. */
#define RNG_GAMMA UINT64_C(0x9e3779b97f4a7c15)

typedef struct rng_key {
    uint64_t seed;    /* the run's master seed */
    uint64_t trial;   /* trial index */
    uint64_t entity;  /* a model entity, by rng_name_hash of its name; 0 for none */
    uint64_t purpose; /* what the numbers are for; values are append-only */
} rng_key;

/* The SplitMix64 finaliser (Stafford's "Mix13"): a bijective 64-bit mix with full avalanche. */
static inline uint64_t rng_mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= UINT64_C(0xbf58476d1ce4e5b9);
    x ^= x >> 27;
    x *= UINT64_C(0x94d049bb133111eb);
    x ^= x >> 31;
    return x;
}

/* The first half of a key's digest, common to every stream of one trial. */
static inline uint64_t rng_key_trial(uint64_t seed, uint64_t trial)
{
    return rng_mix64(rng_mix64(seed + RNG_GAMMA) ^ (trial + 2 * RNG_GAMMA));
}

/* The stream of (entity, purpose) in the trial whose rng_key_trial is trial_key. */
static inline uint64_t rng_key_stream(uint64_t trial_key, uint64_t entity, uint64_t purpose)
{
    return rng_mix64(rng_mix64(trial_key ^ (entity + 3 * RNG_GAMMA)) ^ (purpose + 4 * RNG_GAMMA));
}

/* The stream of a key: a 64-bit digest; distinct keys collide with probability about 2^-64. */
static inline uint64_t rng_key_hash(rng_key key)
{
    return rng_key_stream(rng_key_trial(key.seed, key.trial), key.entity, key.purpose);
}

/* A stable 64-bit digest of a name (bytes up to the NUL), the same on every platform: the
 * entity of a team or an item in its keys. */
uint64_t rng_name_hash(const char *name);

/* Number `counter` of `stream`. Counters are any 64-bit values: a date (cast from int32_t
 * through int64_t), a draw index. */
static inline uint64_t rng_at(uint64_t stream, uint64_t counter)
{
    return rng_mix64(stream + (counter + 1) * RNG_GAMMA);
}

/* For reading numbers first, first + 1, ... of a stream in a loop: rng_at(stream, first + k)
 * == rng_at_base(rng_base(stream, first), k), one addition and multiplication less each. */
static inline uint64_t rng_base(uint64_t stream, uint64_t first)
{
    return stream + (first + 1) * RNG_GAMMA;
}

static inline uint64_t rng_at_base(uint64_t base, uint64_t k)
{
    return rng_mix64(base + k * RNG_GAMMA);
}

/* 128-bit products for the multiply-shift below; GCC and Clang provide the type. */
__extension__ typedef unsigned __int128 rng_u128;

/* A uniform integer in [0, n), n >= 1, from the random 64-bit value x, without division in
 * the common case (Lemire, "Fast random integer generation in an interval", ACM TOMACS 2019).
 * The rare rejection (probability below n / 2^64) draws again from mix64 of x: the result
 * is still a pure function of x, exact and unbiased. */
static inline uint64_t rng_below(uint64_t x, uint64_t n)
{
    rng_u128 m = (rng_u128)x * n;
    uint64_t low = (uint64_t)m;
    if (low < n) {
        const uint64_t threshold = (0 - n) % n;
        while (low < threshold) {
            x = rng_mix64(x + RNG_GAMMA);
            m = (rng_u128)x * n;
            low = (uint64_t)m;
        }
    }
    return (uint64_t)(m >> 64);
}

/* A double in [0, 1) with 53 random bits of x. */
static inline double rng_unit_double(uint64_t x)
{
    return (double)(x >> 11) * 0x1.0p-53;
}

/* A stream read in order: numbers 0, 1, 2, ... of `stream`. Caller storage. */
typedef struct rng_counter {
    uint64_t stream;
    uint64_t next; /* the counter of the next number */
} rng_counter;

static inline rng_counter rng_counter_at(uint64_t stream)
{
    return (rng_counter){stream, 0};
}

static inline uint64_t rng_counter_next(rng_counter *c)
{
    return rng_at(c->stream, c->next++);
}

/* The GSL generator type: its state is an rng_counter. gsl_rng_get() returns the upper 32 bits
 * of each number (max = 2^32 - 1, which every GSL integer routine handles); gsl_rng_uniform()
 * uses 53 bits. gsl_rng_set(r, s) starts stream s at counter 0. */
extern const gsl_rng_type *const rng_stream_type;

/* Puts r (allocated with rng_stream_type) at number 0 of `stream`. */
void rng_stream_seed(gsl_rng *r, uint64_t stream);

#endif
