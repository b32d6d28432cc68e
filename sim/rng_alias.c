/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rng_alias: Walker's alias tables; see rng_alias.h. */
#include "rng_alias.h"

#include <math.h>
#include <stdlib.h>

/* A column's keep probability as a 64-bit threshold; 1 (or more, from rounding) keeps it
 * always but for the top value, whose alias is the column itself. */
static uint64_t cut_of(double p)
{
    if (p >= 1.0)
        return UINT64_MAX;
    if (p <= 0.0)
        return 0;
    double scaled = ldexp(p, 64);
    return scaled >= 0x1.0p64 ? UINT64_MAX : (uint64_t)scaled;
}

status_code rng_alias_init(rng_alias *a, const double *w, int32_t n)
{
    *a = (rng_alias){0};
    double sum = 0.0;
    for (int32_t j = 0; j < n; j++) {
        if (!(w[j] >= 0.0) || !isfinite(w[j]))
            return STATUS_EINPUT;
        sum += w[j];
    }
    if (n < 1 || !(sum > 0.0) || !isfinite(sum))
        return STATUS_EINPUT;
    double *p = malloc((size_t)n * sizeof *p);
    int32_t *small = malloc((size_t)n * sizeof *small), *large = malloc((size_t)n * sizeof *large);
    a->cut = malloc((size_t)n * sizeof *a->cut);
    a->alias = malloc((size_t)n * sizeof *a->alias);
    if (!p || !small || !large || !a->cut || !a->alias) {
        free(p);
        free(small);
        free(large);
        rng_alias_fini(a);
        return STATUS_ENOMEM;
    }
    a->n = n;
    int32_t n_small = 0, n_large = 0;
    for (int32_t j = 0; j < n; j++) {
        p[j] = w[j] * n / sum;
        if (p[j] < 1.0)
            small[n_small++] = j;
        else
            large[n_large++] = j;
    }
    /* Vose: each short column is topped up from a tall one, which then may turn short. */
    while (n_small > 0 && n_large > 0) {
        int32_t s = small[--n_small], l = large[n_large - 1];
        a->cut[s] = cut_of(p[s]);
        a->alias[s] = l;
        p[l] = (p[l] + p[s]) - 1.0;
        if (p[l] < 1.0) {
            n_large--;
            small[n_small++] = l;
        }
    }
    /* what is left is full, up to rounding */
    while (n_large > 0) {
        int32_t l = large[--n_large];
        a->cut[l] = UINT64_MAX;
        a->alias[l] = l;
    }
    while (n_small > 0) {
        int32_t s = small[--n_small];
        a->cut[s] = UINT64_MAX;
        a->alias[s] = s;
    }
    free(p);
    free(small);
    free(large);
    return STATUS_OK;
}

void rng_alias_fini(rng_alias *a)
{
    free(a->cut);
    free(a->alias);
    *a = (rng_alias){0};
}
