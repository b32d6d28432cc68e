/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * verdicts: what each team's history says about how far to trust a forecast: the data-quality
 * statistics of `shipcast fit` (analysis/fit.h) for every team of a plan, and the flags they
 * raise, each as one sentence with what to do.
 *
 * `fit` shows every team; `forecast` states the flags of the teams with plan items once per
 * run (not once per scenario), writes them into run.json and shows them in the report. With a
 * forecast, "extrapolates" comes from every scenario's model (a scenario that hires or juggles
 * moves the multiplier) and names the scenarios; without one, from the baseline's WIP.
 *
 * A verdicts value owns its texts; it borrows the plan (team names) and must not outlive it.
 */
#ifndef SHIPCAST_VERDICTS_H
#define SHIPCAST_VERDICTS_H

#include <stdint.h>

#include "fit.h"
#include "forecast.h"
#include "plan.h"
#include "status.h"

typedef struct verdict {
    int32_t team;
    fit_flag flag;
    char *text; /* "team 'NAME': ..." */
} verdict;

typedef struct verdicts verdicts;

/* The statistics and flags of p's teams. f: a forecast of p (the flags then cover only teams
 * with plan items, and extrapolation per scenario), or NULL (every team, the baseline).
 * STATUS_ENOMEM. */
status_code verdicts_create(const plan *p, const forecast *f, verdicts **out, status *st);

/* Frees it; NULL is a no-op. */
void verdicts_destroy(verdicts *v);

/* One fit row per team of the plan, in teams.csv order. */
const fit_row *verdicts_rows(const verdicts *v);

/* The flags raised, team by team, each team's in fit_flag order. */
int32_t verdicts_count(const verdicts *v);
const verdict *verdicts_at(const verdicts *v, int32_t k);

/* The texts, as an array for run.json's warnings (valid while v lives). */
char *const *verdicts_texts(const verdicts *v);

#endif
