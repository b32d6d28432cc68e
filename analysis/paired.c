/* SPDX-License-Identifier: GPL-3.0-or-later */
/* paired: mean and 95 % interval of paired differences, and their sums packed; see paired.h. */
#include "paired.h"

#include <math.h>

void paired_pack(const paired_delta *p, packed *pk)
{
    packed_put_sum64(pk, p->n);
    packed_put_sum64(pk, (uint64_t)p->sum); /* two's complement: well defined */
    packed_put_sum64(pk, p->sum_sq);
}

void paired_unpack(paired_delta *p, packed *pk)
{
    p->n = packed_take_sum64(pk);
    /* back from two's complement without the implementation-defined conversion */
    uint64_t sum = packed_take_sum64(pk);
    p->sum = sum <= INT64_MAX ? (int64_t)sum : -(int64_t)(~sum) - 1;
    p->sum_sq = packed_take_sum64(pk);
}

bool paired_mean_ci95(const paired_delta *p, double *mean, double *half_width)
{
    if (p->n < 2)
        return false;
    double n = (double)p->n;
    double m = (double)p->sum / n;
    /* unbiased sample variance from the exact integer sums */
    double var = ((double)p->sum_sq - n * m * m) / (n - 1.0);
    if (var < 0.0)
        var = 0.0; /* rounding when all differences are equal */
    *mean = m;
    *half_width = 1.96 * sqrt(var / n);
    return true;
}
