/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_ini: scenarios.ini on its own. The ini parser has no public entry point (it lives
 * behind plan_load), so this target writes a small valid plan folder once per process and
 * lets every input be its scenarios.ini. Compared with fuzz_plan, no mutation is spent on
 * the CSV files: every execution reaches the settings code and the scenario resolution.
 * The same rules as fuzz_plan apply: no crash, no leak, errors name the file, a success
 * holds plan.h's invariants.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "plan.h"

/* Two teams with completions on ten working days each (the loader wants at least five),
 * epics for the item without size, and a cross-team dependency with a lag. */
static const char fuzz_history[] =
    "id,team,type,started,done,epic\n"
    "A1,alpha,story,2026-11-30,2026-12-01,AE1\nA2,alpha,story,2026-11-30,2026-12-02,AE1\n"
    "A3,alpha,bug,2026-12-02,2026-12-03,\nA4,alpha,story,2026-12-01,2026-12-04,AE2\n"
    "A5,alpha,story,2026-12-03,2026-12-07,AE2\nA6,alpha,story,2026-12-07,2026-12-08,AE2\n"
    "A7,alpha,incident,2026-12-08,2026-12-09,\nA8,alpha,story,2026-12-08,2026-12-10,AE3\n"
    "A9,alpha,story,2026-12-09,2026-12-11,AE3\nA10,alpha,story,2026-12-14,2026-12-14,\n"
    "A11,alpha,story,2026-12-15,,AE3\n"
    "B1,beta,story,2026-11-30,2026-12-01,\nB2,beta,support,2026-12-02,2026-12-02,\n"
    "B3,beta,story,2026-12-01,2026-12-03,BE1\nB4,beta,story,2026-12-02,2026-12-04,BE1\n"
    "B5,beta,story,2026-12-04,2026-12-07,BE1\nB6,beta,story,2026-12-07,2026-12-08,\n"
    "B7,beta,story,2026-12-08,2026-12-09,\nB8,beta,bug,2026-12-09,2026-12-10,\n"
    "B9,beta,story,2026-12-10,2026-12-11,\nB10,beta,story,2026-12-11,2026-12-14,\n";
static const char fuzz_teams[] = "team,people,wip,history_people\nalpha,3,2,3\nbeta,4,2,3\n";
static const char fuzz_plan[] = "id,team,title,size_low,size_high,depends_on,priority,due\n"
                                "P1,alpha,First,3,5,,1,2027-02-01\n"
                                "P2,beta,Second,2,,P1+2,1,\n"
                                "P3,alpha,From epics,,,,2,2027-03-01\n";
static const char fuzz_calendar[] = "date,team,kind\n2026-12-24,,holiday\n2027-01-01,beta,x\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool written = false;
    const char *dir = fuzz_workdir();
    if (!written) {
        fuzz_write_file(dir, "history.csv", (const uint8_t *)fuzz_history, sizeof fuzz_history - 1);
        fuzz_write_file(dir, "teams.csv", (const uint8_t *)fuzz_teams, sizeof fuzz_teams - 1);
        fuzz_write_file(dir, "plan.csv", (const uint8_t *)fuzz_plan, sizeof fuzz_plan - 1);
        fuzz_write_file(dir, "calendar.csv", (const uint8_t *)fuzz_calendar,
                        sizeof fuzz_calendar - 1);
        written = true;
    }
    fuzz_write_file(dir, "scenarios.ini", data, size);
    plan *p = NULL;
    status st;
    status_clear(&st);
    status_code rc = plan_load(dir, NULL, &p, &st);
    if (rc == STATUS_OK) {
        if (!p)
            abort();
        fuzz_check_plan(p);
    } else if (p || (rc != STATUS_EINPUT && rc != STATUS_ELIMIT) || !strstr(st.message, dir)) {
        fprintf(stderr, "fuzz_ini: status %d, message '%s'\n", (int)rc, st.message);
        abort();
    }
    plan_destroy(p);
    return 0;
}
