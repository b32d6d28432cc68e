/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests of the drivers tally (analysis/drivers.h): counts per item, edge and team from
 * hand-made chains, resource edges through table growth, exact merging in any grouping, the
 * ranking and drivers.csv.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "drivers.h"

enum { ITEMS = 50 };

/* Trial k: item 0 on the plan's chain always, item 1 every other trial (also late), edge 0
 * with item 1; team 0 waits k % 3 days on a chain of 10 days; resource edges (k % 40) => 2. */
static void add_trial(drivers *d, int k)
{
    uint8_t item[ITEMS] = {DRIVERS_PLAN, (uint8_t)(k % 2 ? DRIVERS_PLAN | DRIVERS_LATE : 0)};
    uint8_t edge[1] = {item[1]};
    uint8_t team[2] = {DRIVERS_PLAN, 0};
    int32_t wait[2] = {k % 3, 0};
    int32_t from[1] = {3 + k % 40}, to[1] = {2};
    uint8_t bits[1] = {DRIVERS_LATE};
    drivers_chains c = {item, edge, team, wait, 10, 1, from, to, bits};
    assert_int_equal(drivers_add(d, &c), STATUS_OK);
}

static void counts_merge_and_rank(void **state)
{
    (void)state;
    enum { TRIALS = 600 };
    drivers *whole = drivers_create(ITEMS, 1, 2), *merged = drivers_create(ITEMS, 1, 2);
    drivers *part[3];
    for (int k = 0; k < 3; k++)
        part[k] = drivers_create(ITEMS, 1, 2);
    for (int k = 0; k < TRIALS; k++) {
        add_trial(whole, k);
        add_trial(part[k % 3], k); /* another grouping, and 40 resource pairs: the table grows */
    }
    for (int k = 2; k >= 0; k--)
        assert_int_equal(drivers_merge(merged, part[k]), STATUS_OK);
    assert_int_equal(drivers_trials(merged), TRIALS);
    drivers_row *a = NULL, *b = NULL;
    int32_t na, nb;
    assert_int_equal(drivers_rows(whole, &a, &na, NULL), STATUS_OK);
    assert_int_equal(drivers_rows(merged, &b, &nb, NULL), STATUS_OK);
    assert_int_equal(na, nb);
    assert_int_equal(na, 2 + 1 + 40 + 1); /* items 0, 1; edge 0; 40 resource edges; team 0 */
    for (int32_t k = 0; k < na; k++) {
        assert_int_equal(a[k].kind, b[k].kind);
        assert_int_equal(a[k].a, b[k].a);
        assert_int_equal(a[k].b, b[k].b);
        assert_true(a[k].share_plan_chain == b[k].share_plan_chain);
        assert_true(a[k].share_late_chains == b[k].share_late_chains);
    }
    /* ranked by the plan's chain: item 0 and team 0 (1.0), then item 1 and edge 0 (0.5), then
     * the resource edges (0 on the plan's chain, 15 of 600 each on late chains) */
    assert_int_equal(a[0].kind, DRIVERS_ITEM);
    assert_int_equal(a[0].a, 0);
    assert_int_equal(a[1].kind, DRIVERS_TEAM);
    assert_true(a[1].share_plan_chain == 1.0);
    assert_true(a[1].share_waiting == (double)(200 * (0 + 1 + 2)) / (600.0 * 10.0));
    assert_int_equal(a[2].kind, DRIVERS_ITEM);
    assert_true(a[2].share_plan_chain == 0.5 && a[2].share_late_chains == 0.5);
    assert_int_equal(a[3].kind, DRIVERS_EDGE);
    assert_int_equal(a[4].kind, DRIVERS_RESOURCE);
    assert_true(a[4].share_late_chains == 15.0 / 600.0);
    assert_int_equal(a[4].a, 3); /* ties in index order */
    assert_int_equal(a[4].b, 2);
    free(a);
    free(b);
    drivers_destroy(whole);
    drivers_destroy(merged);
    for (int k = 0; k < 3; k++)
        drivers_destroy(part[k]);
    drivers_destroy(NULL);
}

static void csv_rows(void **state)
{
    (void)state;
    drivers *d = drivers_create(3, 1, 2);
    for (int k = 0; k < 4; k++) {
        uint8_t item[3] = {DRIVERS_PLAN, DRIVERS_PLAN, 0};
        uint8_t edge[1] = {DRIVERS_PLAN};
        uint8_t team[2] = {DRIVERS_PLAN, (uint8_t)(k == 0 ? DRIVERS_LATE : 0)};
        int32_t wait[2] = {1, 0};
        int32_t from[1] = {0}, to[1] = {2};
        uint8_t bits[1] = {(uint8_t)(k < 2 ? DRIVERS_PLAN : 0)};
        drivers_chains c = {item, edge, team, wait, 4, k < 2 ? 1 : 0, from, to, bits};
        assert_int_equal(drivers_add(d, &c), STATUS_OK);
    }
    const char *ids[3] = {"A-1", "=B", "C"}, *teams_of[3] = {"t1", "t1", "t2"};
    const char *teams[2] = {"t1", "t2"};
    int32_t edge_from[1] = {0}, edge_to[1] = {1};
    drivers_names names = {3, 1, 2, ids, teams_of, edge_from, edge_to, teams};
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    status st;
    assert_int_equal(drivers_write(f, "drivers.csv", NULL, 1, "base", d, &names, &st), STATUS_OK);
    fclose(f);
    assert_string_equal(text,
                        "scenario,kind,id,team,share_plan_chain,share_late_chains,share_waiting\r\n"
                        "base,item,A-1,t1,1.0000,0.0000,\r\n"
                        "base,item,'=B,t1,1.0000,0.0000,\r\n"
                        "base,edge,A-1->=B,t1,1.0000,0.0000,\r\n"
                        "base,team,t1,t1,1.0000,0.0000,0.2500\r\n"
                        "base,edge,A-1=>C,t2,0.5000,0.0000,\r\n"
                        "base,team,t2,t2,0.0000,0.2500,0.0000\r\n");
    free(text);
    drivers_destroy(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counts_merge_and_rank),
        cmocka_unit_test(csv_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
