/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * suggest: the closest of a list of valid names to a misspelt one, for "did you mean" in
 * messages about unknown keys and columns.
 *
 * Closeness is the optimal-string-alignment distance (insertions, deletions, substitutions and
 * swaps of two neighbouring letters each count 1), ignoring ASCII case. A name is suggested only
 * when it is near enough to be a slip rather than another word: at most 2 edits, and at most a
 * third of the longer name's letters. Names longer than SUGGEST_NAME_MAX are never close.
 */
#ifndef SHIPCAST_SUGGEST_H
#define SHIPCAST_SUGGEST_H

#include <stddef.h>
#include <stdint.h>

enum { SUGGEST_NAME_MAX = 64 };

/* Edit distance between a and b (case-insensitive); SIZE_MAX when either is longer than
 * SUGGEST_NAME_MAX. */
size_t suggest_distance(const char *a, const char *b);

/* Index of the name in names[0..n) closest to word, the first of equals; -1 when none is near
 * enough (see above) or word is itself one of them. NULL entries are skipped. */
int32_t suggest_closest(const char *word, const char *const *names, int32_t n);

#endif
