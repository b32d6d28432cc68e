/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sensitivity: where one change would move the plan's end most.
 *
 * On the baseline, one derived scenario per change: for every team with plan items, its
 * capacity x 1.2 (capacity_scale), its interruptions x 0.5 (interrupt_scale), its WIP limit
 * + 1 and - 1 (the latter skipped at WIP 1); for every dependency of the baseline, the
 * dependency removed (remove_dependency). The derived scenarios are what a director could write
 * in scenarios.ini by hand, and give the same numbers, byte for byte. They run in the same
 * forecast as the plan's own scenarios, on the same random numbers trial by trial, keeping
 * only the plan's statistics: each delta is the change's own effect, with its Monte Carlo
 * error.
 *
 * A sensitivity owns an extended copy of the plan's scenario list (the plan's scenarios, then
 * the derived ones); everything else is borrowed from the plan, which must outlive it.
 */
#ifndef SHIPCAST_SENSITIVITY_H
#define SHIPCAST_SENSITIVITY_H

#include <stdint.h>
#include <stdio.h>

#include "csvout.h"
#include "forecast.h"
#include "plan.h"
#include "status.h"

typedef enum sensitivity_kind {
    SENSITIVITY_CAPACITY = 0, /* a team's capacity x 1.2 */
    SENSITIVITY_INTERRUPTS,   /* a team's interruptions x 0.5 */
    SENSITIVITY_WIP_UP,       /* a team's WIP limit + 1 */
    SENSITIVITY_WIP_DOWN,     /* a team's WIP limit - 1 */
    SENSITIVITY_NO_DEPENDENCY /* a dependency removed */
} sensitivity_kind;

typedef struct sensitivity_change {
    sensitivity_kind kind;
    int32_t target; /* a team, or a dependency edge in plan order */
} sensitivity_change;

/* One row of sensitivity.csv: a change and its effect against the baseline. Days are calendar
 * days; NAN where a value does not exist (no horizon, a P85 beyond the cap). */
typedef struct sensitivity_row {
    int32_t change;                  /* index into the changes */
    double delta_plan_p85_days;      /* P85 of the plan's finish, change minus baseline */
    double delta_plan_days_mean;     /* the paired mean difference of the plan's finish */
    double delta_plan_days_ci95_low; /* its 95 % interval */
    double delta_plan_days_ci95_high;
    double delta_p_by_horizon; /* P(plan done by the horizon), change minus baseline */
} sensitivity_row;

typedef struct sensitivity sensitivity;

/* Builds the derived scenarios of p's baseline. STATUS_ENOMEM. */
status_code sensitivity_create(const plan *p, sensitivity **out, status *st);

/* Frees it; NULL is a no-op. */
void sensitivity_destroy(sensitivity *s);

/* The plan to forecast: p's scenarios first, then the derived ones; valid while s lives. Run it
 * with forecast_options.n_full_scenarios = p->n_scenarios. */
const plan *sensitivity_plan(const sensitivity *s);

int32_t sensitivity_n_changes(const sensitivity *s);
const sensitivity_change *sensitivity_changes(const sensitivity *s);

/* The rows from forecast f of sensitivity_plan(s), ranked by the paired mean change of the
 * plan's finish (most negative, the biggest gain, first; ties in change order). *out is a new
 * array of sensitivity_n_changes rows the caller frees. STATUS_ENOMEM. */
status_code sensitivity_rows(const sensitivity *s, const forecast *f, sensitivity_row **out,
                             status *st);

/* "capacity x1.2", "interruptions x0.5", "wip +1", "wip -1", "remove dependency". */
const char *sensitivity_change_name(sensitivity_kind kind);

/* The change's target as text into buf: the team's name or "A->B". */
const char *sensitivity_target(const sensitivity *s, const sensitivity_change *c, char *buf,
                               size_t size);

/* sensitivity.csv: change,target,delta_plan_p85_days,delta_plan_days_mean,
 * delta_plan_days_ci95_low,delta_plan_days_ci95_high,delta_p_by_horizon, in the order of
 * rows. fmt as csvout_init_format. STATUS_EIO naming `name`. */
status_code sensitivity_write(FILE *f, const char *name, const csvout_format *fmt,
                              const sensitivity *s, const sensitivity_row *rows, status *st);

#endif
