/* SPDX-License-Identifier: GPL-3.0-or-later */
/* packed: flat lanes of counters; see packed.h. */
#include "packed.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

status_code packed_init(packed *pk, const packed *counted, status *st)
{
    *pk = (packed){
        .n_sum32 = counted->at_sum32, .n_sum64 = counted->at_sum64, .n_max64 = counted->at_max64};
    /* one more word each, so that an empty lane is still an allocation to test */
    pk->sum32 = calloc(pk->n_sum32 + 1, sizeof *pk->sum32);
    pk->sum64 = calloc(pk->n_sum64 + 1, sizeof *pk->sum64);
    pk->max64 = calloc(pk->n_max64 + 1, sizeof *pk->max64);
    if (!pk->sum32 || !pk->sum64 || !pk->max64) {
        packed_fini(pk);
        return status_set(st, STATUS_ENOMEM, "out of memory for the statistics to send");
    }
    return STATUS_OK;
}

void packed_fini(packed *pk)
{
    free(pk->sum32);
    free(pk->sum64);
    free(pk->max64);
    *pk = (packed){0};
}

void packed_rewind(packed *pk)
{
    pk->at_sum32 = pk->at_sum64 = pk->at_max64 = 0;
}

void packed_add(packed *dst, const packed *src)
{
    assert(dst->n_sum32 == src->n_sum32 && dst->n_sum64 == src->n_sum64 &&
           dst->n_max64 == src->n_max64);
    for (size_t k = 0; k < dst->n_sum32; k++)
        dst->sum32[k] += src->sum32[k];
    for (size_t k = 0; k < dst->n_sum64; k++)
        dst->sum64[k] += src->sum64[k];
    for (size_t k = 0; k < dst->n_max64; k++)
        if (src->max64[k] > dst->max64[k])
            dst->max64[k] = src->max64[k];
}

void packed_put_sum32s(packed *pk, const uint32_t *words, size_t n)
{
    if (pk->sum32) {
        assert(pk->at_sum32 + n <= pk->n_sum32);
        if (n)
            memcpy(pk->sum32 + pk->at_sum32, words, n * sizeof *words);
    }
    pk->at_sum32 += n;
}

void packed_put_sum64(packed *pk, uint64_t word)
{
    if (pk->sum64) {
        assert(pk->at_sum64 < pk->n_sum64);
        pk->sum64[pk->at_sum64] = word;
    }
    pk->at_sum64++;
}

void packed_put_max64(packed *pk, uint64_t word)
{
    if (pk->max64) {
        assert(pk->at_max64 < pk->n_max64);
        pk->max64[pk->at_max64] = word;
    }
    pk->at_max64++;
}

void packed_take_sum32s(packed *pk, uint32_t *words, size_t n)
{
    assert(pk->sum32 && pk->at_sum32 + n <= pk->n_sum32);
    if (n)
        memcpy(words, pk->sum32 + pk->at_sum32, n * sizeof *words);
    pk->at_sum32 += n;
}

uint64_t packed_take_sum64(packed *pk)
{
    assert(pk->sum64 && pk->at_sum64 < pk->n_sum64);
    return pk->sum64[pk->at_sum64++];
}

uint64_t packed_take_max64(packed *pk)
{
    assert(pk->max64 && pk->at_max64 < pk->n_max64);
    return pk->max64[pk->at_max64++];
}

size_t packed_bytes(const packed *pk)
{
    return pk->at_sum32 * sizeof(uint32_t) + (pk->at_sum64 + pk->at_max64) * sizeof(uint64_t);
}
