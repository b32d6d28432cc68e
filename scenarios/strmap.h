/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * strmap: a string -> index hash table for id and name lookups while loading a plan.
 *
 * Open addressing with linear probing, FNV-1a hashes, at most half full. Keys are copied into
 * blocks the map owns, so a million history ids cost one allocation per 64 KiB of keys, not
 * one per id. Keys are byte strings (no NUL needed); values are non-negative indexes.
 */
#ifndef SHIPCAST_STRMAP_H
#define SHIPCAST_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

typedef struct strmap_slot {
    const char *key; /* NULL: empty slot */
    uint64_t hash;   /* compared first: most probes then never touch the key's memory */
    size_t len;
    int32_t value;
} strmap_slot;

typedef struct strmap_block strmap_block;

typedef struct strmap {
    strmap_slot *slots;
    size_t n_slots, n_used; /* n_slots is 0 or a power of two */
    strmap_block *blocks;   /* key storage, newest first */
} strmap;

void strmap_init(strmap *m);
void strmap_fini(strmap *m);

/* The value stored for key, or -1. */
int32_t strmap_find(const strmap *m, const char *key, size_t len);

/* Inserts key -> value unless key is present; *existing gets the present value or -1.
 * Returns STATUS_ENOMEM (map unchanged) or STATUS_OK. */
status_code strmap_insert(strmap *m, const char *key, size_t len, int32_t value, int32_t *existing);

#endif
