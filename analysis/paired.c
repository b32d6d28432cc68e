/* SPDX-License-Identifier: GPL-3.0-or-later */
/* paired: mean and 95 % interval of paired differences; see paired.h. */
#include "paired.h"

#include <math.h>

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
