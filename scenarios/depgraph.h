/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * depgraph: checks of the finish-to-start dependency graph of plan items, on the items alone
 * (plan_item.deps: prerequisite edges). Both run in O(items + dependencies) without recursion,
 * so a chain of 100,000 items cannot overflow the C stack.
 */
#ifndef SHIPCAST_DEPGRAPH_H
#define SHIPCAST_DEPGRAPH_H

#include <stdint.h>

#include "plan.h"
#include "status.h"

/* Looks for a cycle among items[0..n). With none, *len = 0. With one, cycle[0..*len) holds it
 * in prerequisite order (cycle[k + 1] is a prerequisite of cycle[k], and cycle[0] one of the
 * last), starting at its item of lowest index, so that the answer does not depend on where the
 * search entered the cycle. cycle has room for n entries. Returns STATUS_OK or STATUS_ENOMEM. */
status_code depgraph_find_cycle(const plan_item *items, int32_t n, int32_t *cycle, int32_t *len,
                                status *st);

/* The first item i (lowest index) with in[i] set that has a prerequisite d with in[d] clear, or
 * -1; *dep receives d (its first such one). */
int32_t depgraph_find_outside(const plan_item *items, int32_t n, const uint8_t *in, int32_t *dep);

#endif
