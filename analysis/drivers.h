/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * drivers: what drives the dates, counted over trials.
 *
 * Per trial the model reports its binding chains (which items, dependency edges, resource
 * edges and teams held the plan's last finish, and the finishes of the items that missed
 * their due dates). A drivers tally counts, per item, edge and team, in how many trials each
 * lay on the plan's chain and on a late item's chain, and for teams the days the plan's chain
 * spent waiting for one of their slots against the chain's length. Resource edges (an item
 * that waited for the slot another item's finish freed: from => to) are pairs met at run time,
 * kept in a hash table that grows as pairs appear (rarely after the first trials). Every count
 * is an integer: tallies merge exactly, in any order, for any thread count.
 *
 * Ownership: drivers_create/drivers_destroy; drivers_write reads plain arrays the caller
 * owns. Nothing here knows plans or models.
 */
#ifndef SHIPCAST_DRIVERS_H
#define SHIPCAST_DRIVERS_H

#include <stdint.h>
#include <stdio.h>

#include "csvout.h"
#include "packed.h"
#include "status.h"

/* Chain bits of a trial (the same values as the model's). */
enum { DRIVERS_PLAN = 1, DRIVERS_LATE = 2 };

/* One trial's chains, borrowed for the duration of drivers_add. */
typedef struct drivers_chains {
    const uint8_t *item;           /* n_items bits */
    const uint8_t *edge;           /* n_edges bits */
    const uint8_t *team;           /* n_teams bits */
    const int32_t *team_wait_days; /* n_teams: days on the plan's chain waiting for a slot */
    int32_t chain_days;            /* the plan's chain in days, 0 if none */
    int32_t n_resource;
    const int32_t *resource_from, *resource_to; /* item indices */
    const uint8_t *resource_bits;
} drivers_chains;

typedef struct drivers drivers;

/* A tally for n_items items, n_edges dependency edges and n_teams teams (each >= 0). NULL on
 * allocation failure. */
drivers *drivers_create(int32_t n_items, int32_t n_edges, int32_t n_teams);

/* Frees the tally; NULL is a no-op. */
void drivers_destroy(drivers *d);

/* Counts one trial. STATUS_ENOMEM if the resource table could not grow (d is unchanged). */
status_code drivers_add(drivers *d, const drivers_chains *c);

/* Adds src's counts into dst (created with the same sizes). STATUS_ENOMEM as above. */
status_code drivers_merge(drivers *dst, const drivers *src);

/* Appends d's fixed-size counts (trials, items, edges, teams, waiting and chain days: all
 * sum64) to pk (packed.h); the resource edges, whose number varies, travel apart (below). */
void drivers_pack(const drivers *d, packed *pk);

/* Reads counts written by drivers_pack of a tally created alike (or their reduction) from pk,
 * replacing d's fixed-size counts; d's resource edges stay as they are. */
void drivers_unpack(drivers *d, packed *pk);

/* The resource edges as 64-bit words, three per edge (a key naming the pair, then its plan
 * and late chain counts), in no particular order; returns the number of words and writes
 * them to `words` unless it is NULL. */
size_t drivers_pack_resources(const drivers *d, uint64_t *words);

/* Adds n_words words written by drivers_pack_resources of a tally created alike into d's
 * resource edges. STATUS_ENOMEM as drivers_add (d then holds part of them). */
status_code drivers_merge_resources(drivers *d, const uint64_t *words, size_t n_words);

/* Names for the writer, borrowed: item ids and their teams' names, each edge's prerequisite
 * and dependent item indices, team names. */
typedef struct drivers_names {
    int32_t n_items, n_edges, n_teams;
    const char *const *item_id;
    const char *const *item_team;
    const int32_t *edge_from, *edge_to;
    const char *const *team_name;
} drivers_names;

/* One row of drivers.csv. */
typedef enum drivers_kind {
    DRIVERS_ITEM = 0,
    DRIVERS_EDGE,
    DRIVERS_RESOURCE,
    DRIVERS_TEAM
} drivers_kind;

typedef struct drivers_row {
    drivers_kind kind;
    int32_t a, b;             /* item, team, or an edge's from and to */
    double share_plan_chain;  /* share of trials on the plan's binding chain */
    double share_late_chains; /* share of trials on a late due-dated item's chain */
    double share_waiting;     /* teams: share of the plan chain's days spent waiting for a
                                 slot of the team; NAN for other kinds or without a chain */
} drivers_row;

/* The rows with any nonzero share, ranked: share_plan_chain, then share_late_chains, both
 * descending, then kind (items, edges, resource edges, teams) and index. *out is a new array
 * the caller frees; STATUS_ENOMEM. */
status_code drivers_rows(const drivers *d, drivers_row **out, int32_t *n_out, status *st);

/* Trials counted. */
uint64_t drivers_trials(const drivers *d);

/* Writes drivers.csv rows of one scenario (with the header when `header` is nonzero) onto f,
 * in the spreadsheet format fmt (NULL: plain RFC 4180):
 * scenario,kind,id,team,share_plan_chain,share_late_chains,share_waiting. kind is item,
 * edge (id "A->B"), resource (id "A=>B") or team; team is the item's team, the dependent's
 * team for edges, the team whose slot it was for resource edges. STATUS_EIO on a write error
 * (named `name`), STATUS_ENOMEM. */
status_code drivers_write(FILE *f, const char *name, const csvout_format *fmt, int header,
                          const char *scenario, const drivers *d, const drivers_names *names,
                          status *st);

/* The name of a kind in drivers.csv: "item", "edge", "resource", "team". */
const char *drivers_kind_name(drivers_kind kind);

#endif
