/*
 * Cryptocurrency address validators beyond Bitcoin's own (tests/test_validate.c has those):
 * Tron's Base58Check version byte and Litecoin's segwit prefix. The accepted addresses were
 * made by a Python reference (hashlib SHA-256d for Base58Check, BIP 173's bech32 encoder) over
 * random payloads, independently of the C code.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "scrub/validate_internal.h"

#include "common/banned.h"

static bool
run(const char *name, const char *value)
{
    const struct validator *v = validator_find(name);

    assert_non_null(v);
    return v->check((const unsigned char *)value, strlen(value));
}

static void
base58check_accepts_tron_addresses(void **state)
{
    (void)state;
    assert_true(run("btc_base58check", "THXnVfYBJdhehBoWGWi4vavFNWKAUhk8Nj"));
    assert_true(run("btc_base58check", "TBYMg4pzqUVKeBDFcaUfUc61PGY8mTjfE8"));
}

static void
base58check_rejects_tron_address_with_one_character_changed(void **state)
{
    (void)state;
    assert_false(run("btc_base58check", "THXnVfYBJdhehBoWGWi4vavFNWKAUhk8Nk"));
    assert_false(run("btc_base58check", "TBYMg4pzqUVKeBDFcaUfUc61PGY8mTjfE9"));
}

static void
base58check_still_accepts_litecoin_and_dogecoin(void **state)
{
    (void)state;
    assert_true(run("btc_base58check", "LVqDDS2RzgayB6SAac5yEkuF4ZTq2TFXjY"));
    assert_true(run("btc_base58check", "MWhQsLB1cSvEPobUZDmdGFwwWSBNcJJLok"));
    assert_true(run("btc_base58check", "DRdpecGYfrBtyZWxfzyBXispaUqNPEwi35"));
}

static void
bech32_accepts_litecoin_segwit_addresses(void **state)
{
    (void)state;
    assert_true(run("btc_bech32", "ltc1qp7amxna9j0l2a5njfzmk9cattqzlqaj6fe32e6"));
    assert_true(run("btc_bech32", "LTC1QP7AMXNA9J0L2A5NJFZMK9CATTQZLQAJ6FE32E6"));
    assert_true(
        run("btc_bech32", "ltc1q9wwp6ls0xlzyjgda8ajkf6kl0u2z5unx33r7yg73dmwcc3a5dt7q7sms2f"));
}

static void
bech32_rejects_bitcoin_address_with_litecoin_prefix(void **state)
{
    (void)state;
    /* the checksum covers the prefix, so swapping "bc" for "ltc" breaks it */
    assert_true(run("btc_bech32", "bc1qtwhwyc048vnp2tfx8w5rkqmu6jtzus6gzw34rf"));
    assert_false(run("btc_bech32", "ltc1qtwhwyc048vnp2tfx8w5rkqmu6jtzus6gzw34rf"));
    assert_false(run("btc_bech32", "ltc1qp7amxna9j0l2a5njfzmk9cattqzlqaj6fe32e7"));
}

static void
bech32_rejects_unknown_prefixes(void **state)
{
    (void)state;
    assert_false(run("btc_bech32", "lt1qp7amxna9j0l2a5njfzmk9cattqzlqaj6fe32e6"));
    assert_false(run("btc_bech32", "ltcq1p7amxna9j0l2a5njfzmk9cattqzlqaj6fe32e6"));
    assert_false(run("btc_bech32", "ltc"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(base58check_accepts_tron_addresses),
        cmocka_unit_test(base58check_rejects_tron_address_with_one_character_changed),
        cmocka_unit_test(base58check_still_accepts_litecoin_and_dogecoin),
        cmocka_unit_test(bech32_accepts_litecoin_segwit_addresses),
        cmocka_unit_test(bech32_rejects_bitcoin_address_with_litecoin_prefix),
        cmocka_unit_test(bech32_rejects_unknown_prefixes),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
