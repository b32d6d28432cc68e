/* SPDX-License-Identifier: GPL-3.0-or-later */
/* depgraph: cycles and closure of the dependency graph; see depgraph.h. The cycle search is an
 * iterative depth-first search from each item in index order, following prerequisites in the
 * order written. */
#include "depgraph.h"

#include <stdlib.h>
#include <string.h>

status_code depgraph_find_cycle(const plan_item *items, int32_t n, int32_t *cycle, int32_t *len,
                                status *st)
{
    size_t size = n > 0 ? (size_t)n : 1;
    unsigned char *color = calloc(size, 1); /* 0 new, 1 on the stack, 2 finished */
    int32_t *stack = malloc(size * sizeof *stack);
    int32_t *next = calloc(size, sizeof *next); /* the next prerequisite to follow */
    int32_t *pos = malloc(size * sizeof *pos);  /* an item's place on the stack */
    *len = 0;
    if (!color || !stack || !next || !pos) {
        free(color);
        free(stack);
        free(next);
        free(pos);
        return status_set(st, STATUS_ENOMEM, "out of memory checking dependencies");
    }
    for (int32_t root = 0; root < n && *len == 0; root++) {
        if (color[root])
            continue;
        int32_t top = 0;
        stack[0] = root;
        pos[root] = 0;
        color[root] = 1;
        while (top >= 0) {
            int32_t u = stack[top];
            if (next[u] == items[u].n_deps) {
                color[u] = 2;
                top--;
                continue;
            }
            int32_t v = items[u].deps[next[u]++].item;
            if (color[v] == 1) { /* stack[pos[v]..top] is a cycle */
                int32_t from = pos[v], m = top - from + 1, first = 0;
                for (int32_t k = 1; k < m; k++)
                    if (stack[from + k] < stack[from + first])
                        first = k;
                for (int32_t k = 0; k < m; k++)
                    cycle[k] = stack[from + (first + k) % m];
                *len = m;
                break;
            }
            if (color[v] == 0) {
                color[v] = 1;
                stack[++top] = v;
                pos[v] = top;
            }
        }
    }
    free(color);
    free(stack);
    free(next);
    free(pos);
    return STATUS_OK;
}

int32_t depgraph_find_outside(const plan_item *items, int32_t n, const uint8_t *in, int32_t *dep)
{
    for (int32_t i = 0; i < n; i++) {
        if (!in[i])
            continue;
        for (int32_t d = 0; d < items[i].n_deps; d++)
            if (!in[items[i].deps[d].item]) {
                *dep = items[i].deps[d].item;
                return i;
            }
    }
    return -1;
}
