/* SPDX-License-Identifier: GPL-3.0-or-later */
/* suggest: the closest valid name; see suggest.h. Three rows of the dynamic-programming table
 * suffice: a swap looks two rows back. */
#include "suggest.h"

#include <string.h>

static char suggest_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static size_t suggest_min(size_t a, size_t b)
{
    return a < b ? a : b;
}

size_t suggest_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > SUGGEST_NAME_MAX || m > SUGGEST_NAME_MAX)
        return SIZE_MAX;
    size_t rows[3][SUGGEST_NAME_MAX + 1];
    size_t *before = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= m; j++)
        prev[j] = j;
    for (size_t i = 1; i <= n; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= m; j++) {
            char x = suggest_lower(a[i - 1]), y = suggest_lower(b[j - 1]);
            size_t d = suggest_min(prev[j] + 1, cur[j - 1] + 1);
            d = suggest_min(d, prev[j - 1] + (x != y));
            if (i > 1 && j > 1 && x == suggest_lower(b[j - 2]) && suggest_lower(a[i - 2]) == y)
                d = suggest_min(d, before[j - 2] + 1);
            cur[j] = d;
        }
        size_t *t = before;
        before = prev;
        prev = cur;
        cur = t;
    }
    return prev[m];
}

int32_t suggest_closest(const char *word, const char *const *names, int32_t n)
{
    int32_t best = -1;
    size_t best_d = SIZE_MAX;
    for (int32_t i = 0; i < n; i++) {
        if (!names[i])
            continue;
        size_t d = suggest_distance(word, names[i]);
        if (d == 0)
            return -1;
        size_t longer = suggest_min(SUGGEST_NAME_MAX, strlen(word));
        if (strlen(names[i]) > longer)
            longer = strlen(names[i]);
        if (d <= 2 && 3 * d <= longer && d < best_d) {
            best = i;
            best_d = d;
        }
    }
    return best;
}
