/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * drivers: chain counts per item, edge and team, resource edges in an open-addressing table;
 * see drivers.h.
 */
#include "drivers.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "csvout.h"

typedef struct chain_count {
    uint64_t plan, late;
} chain_count;

/* A resource edge's counts; key 0 marks an empty slot (keys are from + 1 and to + 1). */
typedef struct resource_slot {
    uint64_t key;
    chain_count count;
} resource_slot;

struct drivers {
    int32_t n_items, n_edges, n_teams;
    uint64_t trials;
    chain_count *items, *edges, *teams;
    uint64_t *team_wait_days;
    uint64_t chain_days;
    resource_slot *resources;
    size_t n_slots; /* a power of two */
    size_t n_used;
};

drivers *drivers_create(int32_t n_items, int32_t n_edges, int32_t n_teams)
{
    drivers *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->n_items = n_items;
    d->n_edges = n_edges;
    d->n_teams = n_teams;
    d->items = calloc((size_t)n_items + 1, sizeof *d->items);
    d->edges = calloc((size_t)n_edges + 1, sizeof *d->edges);
    d->teams = calloc((size_t)n_teams + 1, sizeof *d->teams);
    d->team_wait_days = calloc((size_t)n_teams + 1, sizeof *d->team_wait_days);
    d->n_slots = 64;
    d->resources = calloc(d->n_slots, sizeof *d->resources);
    if (!d->items || !d->edges || !d->teams || !d->team_wait_days || !d->resources) {
        drivers_destroy(d);
        return NULL;
    }
    return d;
}

void drivers_destroy(drivers *d)
{
    if (!d)
        return;
    free(d->items);
    free(d->edges);
    free(d->teams);
    free(d->team_wait_days);
    free(d->resources);
    free(d);
}

static uint64_t resource_key(int32_t from, int32_t to)
{
    return (uint64_t)(uint32_t)(from + 1) << 32 | (uint64_t)(uint32_t)(to + 1);
}

static size_t slot_of(uint64_t key, size_t n_slots)
{
    uint64_t h = key * UINT64_C(0x9e3779b97f4a7c15); /* Fibonacci hashing */
    return (size_t)(h >> 32) & (n_slots - 1);
}

/* The slot of `key` in `slots`: the one holding it, or the empty one where it goes. */
static resource_slot *find_slot(resource_slot *slots, size_t n_slots, uint64_t key)
{
    for (size_t i = slot_of(key, n_slots);; i = (i + 1) & (n_slots - 1))
        if (slots[i].key == key || slots[i].key == 0)
            return &slots[i];
}

/* Makes room for one more key: the table stays at most half full. */
static status_code reserve(drivers *d)
{
    if (2 * (d->n_used + 1) <= d->n_slots)
        return STATUS_OK;
    size_t n_slots = 2 * d->n_slots;
    resource_slot *grown = calloc(n_slots, sizeof *grown);
    if (!grown)
        return STATUS_ENOMEM;
    for (size_t i = 0; i < d->n_slots; i++)
        if (d->resources[i].key)
            *find_slot(grown, n_slots, d->resources[i].key) = d->resources[i];
    free(d->resources);
    d->resources = grown;
    d->n_slots = n_slots;
    return STATUS_OK;
}

static status_code add_resource(drivers *d, uint64_t key, chain_count count)
{
    if (reserve(d) != STATUS_OK)
        return STATUS_ENOMEM;
    resource_slot *slot = find_slot(d->resources, d->n_slots, key);
    if (slot->key == 0) {
        slot->key = key;
        d->n_used++;
    }
    slot->count.plan += count.plan;
    slot->count.late += count.late;
    return STATUS_OK;
}

static void count_bits(chain_count *c, uint8_t bits)
{
    c->plan += (bits & DRIVERS_PLAN) != 0;
    c->late += (bits & DRIVERS_LATE) != 0;
}

status_code drivers_add(drivers *d, const drivers_chains *c)
{
    /* the resource edges first: a failure leaves d unchanged but for pairs already seen */
    for (int32_t k = 0; k < c->n_resource; k++) {
        chain_count one = {(c->resource_bits[k] & DRIVERS_PLAN) != 0,
                           (c->resource_bits[k] & DRIVERS_LATE) != 0};
        if (add_resource(d, resource_key(c->resource_from[k], c->resource_to[k]), one) != STATUS_OK)
            return STATUS_ENOMEM;
    }
    d->trials++;
    for (int32_t i = 0; i < d->n_items; i++)
        if (c->item[i])
            count_bits(&d->items[i], c->item[i]);
    for (int32_t e = 0; e < d->n_edges; e++)
        if (c->edge[e])
            count_bits(&d->edges[e], c->edge[e]);
    for (int32_t t = 0; t < d->n_teams; t++) {
        count_bits(&d->teams[t], c->team[t]);
        d->team_wait_days[t] += (uint64_t)c->team_wait_days[t];
    }
    d->chain_days += (uint64_t)c->chain_days;
    return STATUS_OK;
}

status_code drivers_merge(drivers *dst, const drivers *src)
{
    for (size_t k = 0; k < src->n_slots; k++)
        if (src->resources[k].key &&
            add_resource(dst, src->resources[k].key, src->resources[k].count) != STATUS_OK)
            return STATUS_ENOMEM;
    dst->trials += src->trials;
    for (int32_t i = 0; i < dst->n_items; i++) {
        dst->items[i].plan += src->items[i].plan;
        dst->items[i].late += src->items[i].late;
    }
    for (int32_t e = 0; e < dst->n_edges; e++) {
        dst->edges[e].plan += src->edges[e].plan;
        dst->edges[e].late += src->edges[e].late;
    }
    for (int32_t t = 0; t < dst->n_teams; t++) {
        dst->teams[t].plan += src->teams[t].plan;
        dst->teams[t].late += src->teams[t].late;
        dst->team_wait_days[t] += src->team_wait_days[t];
    }
    dst->chain_days += src->chain_days;
    return STATUS_OK;
}

void drivers_pack(const drivers *d, packed *pk)
{
    packed_put_sum64(pk, d->trials);
    for (int32_t i = 0; i < d->n_items; i++) {
        packed_put_sum64(pk, d->items[i].plan);
        packed_put_sum64(pk, d->items[i].late);
    }
    for (int32_t e = 0; e < d->n_edges; e++) {
        packed_put_sum64(pk, d->edges[e].plan);
        packed_put_sum64(pk, d->edges[e].late);
    }
    for (int32_t t = 0; t < d->n_teams; t++) {
        packed_put_sum64(pk, d->teams[t].plan);
        packed_put_sum64(pk, d->teams[t].late);
        packed_put_sum64(pk, d->team_wait_days[t]);
    }
    packed_put_sum64(pk, d->chain_days);
}

void drivers_unpack(drivers *d, packed *pk)
{
    d->trials = packed_take_sum64(pk);
    for (int32_t i = 0; i < d->n_items; i++) {
        d->items[i].plan = packed_take_sum64(pk);
        d->items[i].late = packed_take_sum64(pk);
    }
    for (int32_t e = 0; e < d->n_edges; e++) {
        d->edges[e].plan = packed_take_sum64(pk);
        d->edges[e].late = packed_take_sum64(pk);
    }
    for (int32_t t = 0; t < d->n_teams; t++) {
        d->teams[t].plan = packed_take_sum64(pk);
        d->teams[t].late = packed_take_sum64(pk);
        d->team_wait_days[t] = packed_take_sum64(pk);
    }
    d->chain_days = packed_take_sum64(pk);
}

size_t drivers_pack_resources(const drivers *d, uint64_t *words)
{
    if (words)
        for (size_t k = 0, n = 0; k < d->n_slots; k++) {
            const resource_slot *slot = &d->resources[k];
            if (!slot->key)
                continue;
            words[n++] = slot->key;
            words[n++] = slot->count.plan;
            words[n++] = slot->count.late;
        }
    return 3 * d->n_used;
}

status_code drivers_merge_resources(drivers *d, const uint64_t *words, size_t n_words)
{
    assert(n_words % 3 == 0);
    for (size_t k = 0; k + 2 < n_words; k += 3) {
        /* a key names two of d's items: anything else is a broken sender, not bad input */
        assert(words[k] >> 32 >= 1 && words[k] >> 32 <= (uint64_t)d->n_items);
        assert((words[k] & 0xffffffffu) >= 1 && (words[k] & 0xffffffffu) <= (uint64_t)d->n_items);
        if (add_resource(d, words[k], (chain_count){words[k + 1], words[k + 2]}) != STATUS_OK)
            return STATUS_ENOMEM;
    }
    return STATUS_OK;
}

uint64_t drivers_trials(const drivers *d)
{
    return d->trials;
}

const char *drivers_kind_name(drivers_kind kind)
{
    switch (kind) {
    case DRIVERS_ITEM:
        return "item";
    case DRIVERS_EDGE:
    case DRIVERS_RESOURCE:
        return "edge";
    case DRIVERS_TEAM:
        break;
    }
    return "team";
}

static double share_of(uint64_t count, uint64_t trials)
{
    return trials ? (double)count / (double)trials : 0.0;
}

static drivers_row row_of(const drivers *d, drivers_kind kind, int32_t a, int32_t b, chain_count c)
{
    return (drivers_row){kind,       a, b, share_of(c.plan, d->trials), share_of(c.late, d->trials),
                         (double)NAN};
}

static int compare_rows(const void *x, const void *y)
{
    const drivers_row *r = x, *s = y;
    if (r->share_plan_chain != s->share_plan_chain)
        return r->share_plan_chain > s->share_plan_chain ? -1 : 1;
    if (r->share_late_chains != s->share_late_chains)
        return r->share_late_chains > s->share_late_chains ? -1 : 1;
    if (r->kind != s->kind)
        return r->kind < s->kind ? -1 : 1;
    if (r->a != s->a)
        return r->a < s->a ? -1 : 1;
    return (r->b > s->b) - (r->b < s->b);
}

status_code drivers_rows(const drivers *d, drivers_row **out, int32_t *n_out, status *st)
{
    size_t cap = (size_t)d->n_items + (size_t)d->n_edges + d->n_used + (size_t)d->n_teams + 1;
    drivers_row *rows = malloc(cap * sizeof *rows);
    if (!rows)
        return status_set(st, STATUS_ENOMEM, "out of memory for drivers");
    size_t n = 0;
    for (int32_t i = 0; i < d->n_items; i++)
        if (d->items[i].plan || d->items[i].late)
            rows[n++] = row_of(d, DRIVERS_ITEM, i, -1, d->items[i]);
    for (int32_t e = 0; e < d->n_edges; e++)
        if (d->edges[e].plan || d->edges[e].late)
            rows[n++] = row_of(d, DRIVERS_EDGE, e, -1, d->edges[e]);
    for (size_t k = 0; k < d->n_slots; k++) {
        uint64_t key = d->resources[k].key;
        if (key)
            rows[n++] = row_of(d, DRIVERS_RESOURCE, (int32_t)(key >> 32) - 1,
                               (int32_t)(key & 0xffffffffu) - 1, d->resources[k].count);
    }
    for (int32_t t = 0; t < d->n_teams; t++) {
        if (!d->teams[t].plan && !d->teams[t].late)
            continue;
        drivers_row r = row_of(d, DRIVERS_TEAM, t, -1, d->teams[t]);
        if (d->chain_days)
            r.share_waiting = (double)d->team_wait_days[t] / (double)d->chain_days;
        rows[n++] = r;
    }
    qsort(rows, n, sizeof *rows, compare_rows);
    *out = rows;
    *n_out = (int32_t)n;
    return STATUS_OK;
}

/* Shares are written with 4 decimals, like forecast.csv's probabilities. */
enum { SHARE_DECIMALS = 4 };

static void write_row(csvout *w, const char *scenario, const drivers_row *r,
                      const drivers_names *names)
{
    csvout_text(w, scenario);
    csvout_text(w, drivers_kind_name(r->kind));
    switch (r->kind) {
    case DRIVERS_ITEM:
        csvout_text(w, names->item_id[r->a]);
        csvout_text(w, names->item_team[r->a]);
        break;
    case DRIVERS_EDGE:
    case DRIVERS_RESOURCE: {
        int32_t from = r->kind == DRIVERS_EDGE ? names->edge_from[r->a] : r->a;
        int32_t to = r->kind == DRIVERS_EDGE ? names->edge_to[r->a] : r->b;
        char id[1024];
        snprintf(id, sizeof id, "%s%s%s", names->item_id[from],
                 r->kind == DRIVERS_EDGE ? "->" : "=>", names->item_id[to]);
        csvout_text(w, id);
        csvout_text(w, names->item_team[to]);
        break;
    }
    case DRIVERS_TEAM:
        csvout_text(w, names->team_name[r->a]);
        csvout_text(w, names->team_name[r->a]);
        break;
    }
    csvout_double(w, r->share_plan_chain, SHARE_DECIMALS);
    csvout_double(w, r->share_late_chains, SHARE_DECIMALS);
    csvout_double(w, r->share_waiting, SHARE_DECIMALS);
    csvout_end_row(w);
}

status_code drivers_write(FILE *f, const char *name, const csvout_format *fmt, int header,
                          const char *scenario, const drivers *d, const drivers_names *names,
                          status *st)
{
    drivers_row *rows = NULL;
    int32_t n = 0;
    status_code rc = drivers_rows(d, &rows, &n, st);
    if (rc != STATUS_OK)
        return rc;
    csvout w;
    csvout_init_format(&w, f, fmt);
    if (header) {
        static const char *const columns[] = {
            "scenario",          "kind",         "id", "team", "share_plan_chain",
            "share_late_chains", "share_waiting"};
        for (size_t k = 0; k < sizeof columns / sizeof *columns; k++)
            csvout_text(&w, columns[k]);
        csvout_end_row(&w);
    }
    for (int32_t k = 0; k < n; k++)
        write_row(&w, scenario, &rows[k], names);
    free(rows);
    return csvout_finish(&w, name, st);
}
