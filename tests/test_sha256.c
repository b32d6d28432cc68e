/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of sha256: the FIPS 180-2/NIST example vectors, and chunking independence. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sha256.h"

static void digest_of(const void *data, size_t len, char hex[SHA256_HEX_SIZE])
{
    sha256_ctx ctx;
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, data, len);
    sha256_final(&ctx, d);
    sha256_hex(d, hex);
}

static void empty_message(void **state)
{
    (void)state;
    char hex[SHA256_HEX_SIZE];
    digest_of("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void abc(void **state)
{
    (void)state;
    char hex[SHA256_HEX_SIZE];
    digest_of("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void two_blocks_448_bits(void **state)
{
    (void)state;
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    char hex[SHA256_HEX_SIZE];
    assert_int_equal(strlen(m) * 8, 448);
    digest_of(m, strlen(m), hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void two_blocks_896_bits(void **state)
{
    (void)state;
    const char *m = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnop"
                    "jklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
    char hex[SHA256_HEX_SIZE];
    digest_of(m, strlen(m), hex);
    assert_string_equal(hex, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

static void million_a(void **state)
{
    (void)state;
    char block[1000];
    memset(block, 'a', sizeof block);
    sha256_ctx ctx;
    uint8_t d[SHA256_DIGEST_SIZE];
    char hex[SHA256_HEX_SIZE];
    sha256_init(&ctx);
    for (int i = 0; i < 1000; i++)
        sha256_update(&ctx, block, sizeof block);
    sha256_final(&ctx, d);
    sha256_hex(d, hex);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* Every split of a message into two updates gives the same digest: the block buffering
 * handles every boundary, including the 55/56/64-byte padding edges. */
static void any_chunking(void **state)
{
    (void)state;
    unsigned char m[200];
    for (size_t i = 0; i < sizeof m; i++)
        m[i] = (unsigned char)(i * 7 + 3);
    for (size_t len = 0; len <= sizeof m; len++) {
        char want[SHA256_HEX_SIZE], got[SHA256_HEX_SIZE];
        digest_of(m, len, want);
        for (size_t cut = 0; cut <= len; cut += 13) {
            sha256_ctx ctx;
            uint8_t d[SHA256_DIGEST_SIZE];
            sha256_init(&ctx);
            sha256_update(&ctx, m, cut);
            sha256_update(&ctx, m + cut, len - cut);
            sha256_final(&ctx, d);
            sha256_hex(d, got);
            assert_string_equal(got, want);
        }
    }
}

/* The portable compression against the default one (the SHA extensions where the processor
 * has them) on 0..300 bytes and on a 1 MB buffer, and the FIPS "abc" vector on both. */
static void portable_and_default_agree(void **state)
{
    (void)state;
    enum { N = 1 << 20 };
    uint8_t *data = malloc(N);
    assert_non_null(data);
    uint32_t x = 2463534242u;
    for (size_t i = 0; i < N; i++) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5; /* xorshift32: any bytes will do */
        data[i] = (uint8_t)x;
    }
    for (size_t len = 0; len <= N; len = len < 300 ? len + 1 : (len == 300 ? N : N + 1)) {
        sha256_ctx a, b;
        uint8_t da[SHA256_DIGEST_SIZE], db[SHA256_DIGEST_SIZE];
        sha256_init(&a);
        sha256_init_portable(&b);
        sha256_update(&a, data, len);
        sha256_update(&b, data, len);
        sha256_final(&a, da);
        sha256_final(&b, db);
        assert_memory_equal(da, db, sizeof da);
    }
    free(data);
    sha256_ctx ctx;
    uint8_t d[SHA256_DIGEST_SIZE];
    char hex[SHA256_HEX_SIZE];
    sha256_init_portable(&ctx);
    sha256_update(&ctx, "abc", 3);
    sha256_final(&ctx, d);
    sha256_hex(d, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(empty_message),
        cmocka_unit_test(abc),
        cmocka_unit_test(two_blocks_448_bits),
        cmocka_unit_test(two_blocks_896_bits),
        cmocka_unit_test(million_a),
        cmocka_unit_test(any_chunking),
        cmocka_unit_test(portable_and_default_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
