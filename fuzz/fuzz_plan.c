/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_plan: a whole plan folder from one input (parts split as fuzz.h says), loaded with
 * plan_load and freed with plan_destroy. Bad input must come back as STATUS_EINPUT or
 * STATUS_ELIMIT with a message naming a file; good input must hold plan.h's invariants.
 * LeakSanitizer (on by default under libFuzzer) makes any leak on either path a crash.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *dir = fuzz_workdir();
    fuzz_write_parts(dir, data, size);
    plan *p = NULL;
    status st;
    status_clear(&st);
    status_code rc = plan_load(dir, NULL, &p, &st);
    if (rc == STATUS_OK) {
        if (!p)
            abort();
        fuzz_check_plan(p);
    } else {
        /* Only bad input is possible here: the files exist and memory is plentiful. */
        if (p || (rc != STATUS_EINPUT && rc != STATUS_ELIMIT) || !strstr(st.message, dir)) {
            fprintf(stderr, "fuzz_plan: status %d, message '%s'\n", (int)rc, st.message);
            abort();
        }
    }
    plan_destroy(p);
    return 0;
}
