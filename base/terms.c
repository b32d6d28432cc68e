/* SPDX-License-Identifier: GPL-3.0-or-later */
/* terms: the shared terms of the capacity formula; see terms.h. */
#include "terms.h"

double terms_context_share(const double *table, int32_t n, double k)
{
    if (k <= 1.0)
        return table[0];
    double pos = k - 1.0;
    if (pos >= (double)(n - 1))
        return table[n - 1];
    int32_t lo = (int32_t)pos;
    double frac = pos - (double)lo;
    return table[lo] + frac * (table[lo + 1] - table[lo]);
}

double terms_streams_per_person(double streams, double people)
{
    double k = streams / people;
    return k > 1.0 ? k : 1.0;
}

double terms_capacity_multiplier(double people_now, double history_people, double f_now,
                                 double f_history_mean)
{
    if (people_now <= 0.0)
        return 0.0;
    return people_now / history_people * f_now / f_history_mean;
}
