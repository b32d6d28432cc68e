/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sha256: the SHA-256 digest of FIPS 180-4, used to fingerprint the input files a forecast was
 * made from (so a result can be traced to the exact bytes it came from).
 *
 * Streaming: sha256_init, any number of sha256_update calls, then sha256_final. The context is
 * caller storage; nothing allocates. Inputs of any length up to 2^61 - 1 bytes.
 */
#ifndef SHIPCAST_SHA256_H
#define SHIPCAST_SHA256_H

#include <stddef.h>
#include <stdint.h>

enum { SHA256_DIGEST_SIZE = 32, SHA256_HEX_SIZE = 65 /* 64 hex digits and a NUL */ };

typedef struct sha256_ctx {
    /* compresses n 64-byte blocks: the x86 SHA extensions where the processor has them
     * (about ten times faster: a million-row history is 50 MB), else portable C */
    void (*blocks)(uint32_t state[8], const uint8_t *data, size_t n_blocks);
    uint32_t state[8];
    uint64_t n_bytes;  /* message length so far */
    uint8_t block[64]; /* pending bytes of a partial block */
    size_t n_block;
} sha256_ctx;

void sha256_init(sha256_ctx *ctx);

/* As sha256_init, but always with the portable C compression (tests compare both). */
void sha256_init_portable(sha256_ctx *ctx);

/* Adds len bytes at data (data may be NULL when len is 0). */
void sha256_update(sha256_ctx *ctx, const void *data, size_t len);

/* Writes the digest; ctx must be initialised again before reuse. */
void sha256_final(sha256_ctx *ctx, uint8_t digest[SHA256_DIGEST_SIZE]);

/* Writes the digest as 64 lower-case hex digits and a NUL into hex. */
void sha256_hex(const uint8_t digest[SHA256_DIGEST_SIZE], char hex[SHA256_HEX_SIZE]);

#endif
