/* SPDX-License-Identifier: GPL-3.0-or-later */
/* strmap: open-addressing string table; see strmap.h. */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

enum { STRMAP_BLOCK = 65536 };

struct strmap_block {
    strmap_block *next;
    size_t used, cap;
    char data[];
};

static uint64_t strmap_hash(const char *key, size_t len)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a, 64-bit */
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)key[i];
        h *= 1099511628211u;
    }
    /* FNV's low bits depend only on the low bits of the bytes, and the table is indexed by
     * the low bits: ids that differ in digits alone would cluster. Murmur3's finaliser mixes
     * the high bits down. */
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdu;
    h ^= h >> 33;
    return h;
}

void strmap_init(strmap *m)
{
    memset(m, 0, sizeof *m);
}

void strmap_fini(strmap *m)
{
    if (!m)
        return;
    free(m->slots);
    for (strmap_block *b = m->blocks, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    memset(m, 0, sizeof *m);
}

static size_t strmap_probe(const strmap_slot *slots, size_t n_slots, uint64_t hash, const char *key,
                           size_t len)
{
    size_t mask = n_slots - 1, i = (size_t)hash & mask;
    while (slots[i].key &&
           !(slots[i].hash == hash && slots[i].len == len && memcmp(slots[i].key, key, len) == 0))
        i = (i + 1) & mask;
    return i;
}

int32_t strmap_find(const strmap *m, const char *key, size_t len)
{
    if (m->n_slots == 0)
        return -1;
    size_t i = strmap_probe(m->slots, m->n_slots, strmap_hash(key, len), key, len);
    return m->slots[i].key ? m->slots[i].value : -1;
}

static bool strmap_grow(strmap *m)
{
    size_t n = m->n_slots ? 2 * m->n_slots : 64;
    strmap_slot *slots = calloc(n, sizeof *slots);
    if (!slots)
        return false;
    for (size_t i = 0; i < m->n_slots; i++)
        if (m->slots[i].key)
            slots[strmap_probe(slots, n, m->slots[i].hash, m->slots[i].key, m->slots[i].len)] =
                m->slots[i];
    free(m->slots);
    m->slots = slots;
    m->n_slots = n;
    return true;
}

static const char *strmap_store(strmap *m, const char *key, size_t len)
{
    strmap_block *b = m->blocks;
    if (!b || b->cap - b->used < len + 1) {
        size_t cap = len + 1 > STRMAP_BLOCK ? len + 1 : STRMAP_BLOCK;
        b = malloc(sizeof *b + cap);
        if (!b)
            return NULL;
        b->used = 0;
        b->cap = cap;
        b->next = m->blocks;
        m->blocks = b;
    }
    char *copy = b->data + b->used;
    memcpy(copy, key, len);
    copy[len] = '\0';
    b->used += len + 1;
    return copy;
}

status_code strmap_insert(strmap *m, const char *key, size_t len, int32_t value, int32_t *existing)
{
    uint64_t hash = strmap_hash(key, len);
    size_t i = 0;
    *existing = -1;
    if (m->n_slots > 0) {
        i = strmap_probe(m->slots, m->n_slots, hash, key, len);
        if (m->slots[i].key) {
            *existing = m->slots[i].value;
            return STATUS_OK;
        }
    }
    if (2 * (m->n_used + 1) > m->n_slots) {
        if (!strmap_grow(m))
            return STATUS_ENOMEM;
        i = strmap_probe(m->slots, m->n_slots, hash, key, len);
    }
    const char *copy = strmap_store(m, key, len);
    if (!copy)
        return STATUS_ENOMEM;
    m->slots[i] = (strmap_slot){.key = copy, .hash = hash, .len = len, .value = value};
    m->n_used++;
    return STATUS_OK;
}
