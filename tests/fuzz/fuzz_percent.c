/* Fuzz target: the percent-encoder and the join link built with it.
 *
 * The whole input is encoded with boooply_percent_encode(): measuring
 * (dst NULL), into a block of exactly the size measured, and into one a
 * byte short, which must stay untouched. The output holds only ALPHA DIGIT
 * - . _ ~ and %XX with uppercase hex, encodes exactly the bytes outside
 * that set, and decodes back to the input.
 *
 * The input is also split at its first zero byte into a meeting URL and a
 * join token for boooply_join_link(), whose output must be the URL, then
 * ?token= (&token= when the URL has a query), then the encoded token, then
 * a NUL.
 */
/* The coverage build links the implementation from its own object. */
#ifndef FUZZ_LINKED_IMPLEMENTATION
#define BOOOPLY_IMPLEMENTATION
#endif
#include "fuzz_common.h"

static int unreserved(int ch) {
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
           ch == '-' || ch == '.' || ch == '_' || ch == '~';
}

static int upper_hex(int ch) {
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
}

/* Checks that out[0..len) is the encoding of in[0..n). */
static void expect_encoding(const uint8_t *in, size_t n, const char *out, size_t len) {
    size_t i = 0, o = 0;
    for (i = 0; i < n; i++) {
        if (unreserved(in[i])) {
            FUZZ_CHECK(o < len && (uint8_t)out[o] == in[i]);
            o++;
            continue;
        }
        FUZZ_CHECK(len - o >= 3 && out[o] == '%');
        FUZZ_CHECK(upper_hex((unsigned char)out[o + 1]) >= 0 && upper_hex((unsigned char)out[o + 2]) >= 0);
        FUZZ_CHECK(upper_hex((unsigned char)out[o + 1]) * 16 + upper_hex((unsigned char)out[o + 2]) == in[i]);
        o += 3;
    }
    FUZZ_CHECK(o == len);
}

static void check_encode(const uint8_t *data, size_t size) {
    const char *s = size ? (const char *)data : "";
    size_t measured = boooply_percent_encode(s, size, NULL, 0), len;
    char *exact = (char *)malloc(measured ? measured : 1);
    char *shorter = (char *)malloc(measured ? measured : 1);
    size_t i;

    FUZZ_CHECK(exact != NULL && shorter != NULL);
    FUZZ_CHECK(measured >= size && measured <= 3 * size);
    FUZZ_CHECK(boooply_percent_encode(NULL, size, exact, measured) == 0);
    len = boooply_percent_encode(s, size, exact, measured);
    FUZZ_CHECK(len == measured);
    expect_encoding((const uint8_t *)s, size, exact, len);
    if (measured > 0) {
        memset(shorter, '#', measured);
        FUZZ_CHECK(boooply_percent_encode(s, size, shorter, measured - 1) == measured);
        for (i = 0; i < measured; i++) FUZZ_CHECK(shorter[i] == '#');
    }
    free(exact);
    free(shorter);
}

static void check_join_link(const uint8_t *data, size_t size) {
    const uint8_t *nul = size ? (const uint8_t *)memchr(data, 0, size) : NULL;
    boooply_str_t url, token;
    size_t needed = 0, encoded, prefix, i;
    char *dst;
    boooply_err_t err;
    int query;

    url.ptr = (const char *)data;
    url.len = nul ? (size_t)(nul - data) : size;
    token.ptr = nul ? (const char *)nul + 1 : NULL;
    token.len = nul ? size - url.len - 1 : 0;
    if (!size) url.ptr = NULL;

    err = boooply_join_link(url, token, NULL, 0, &needed);
    if (!url.ptr || !url.len || !token.ptr || !token.len) {
        FUZZ_CHECK(err == BOOOPLY_E_INVALID_ARGUMENT);
        FUZZ_CHECK(needed == 0);
        return;
    }
    FUZZ_CHECK(err == BOOOPLY_E_BUFFER_TOO_SMALL);
    query = memchr(url.ptr, '?', url.len) != NULL;
    encoded = boooply_percent_encode(token.ptr, token.len, NULL, 0);
    prefix = url.len + 7;
    FUZZ_CHECK(needed == prefix + encoded + 1);

    dst = (char *)malloc(needed);
    FUZZ_CHECK(dst != NULL);
    memset(dst, '#', needed);
    FUZZ_CHECK(boooply_join_link(url, token, dst, needed - 1, &needed) == BOOOPLY_E_BUFFER_TOO_SMALL);
    for (i = 0; i < needed; i++) FUZZ_CHECK(dst[i] == '#');
    FUZZ_CHECK(boooply_join_link(url, token, dst, needed, &needed) == BOOOPLY_OK);
    FUZZ_CHECK(memcmp(dst, url.ptr, url.len) == 0);
    FUZZ_CHECK(memcmp(dst + url.len, query ? "&token=" : "?token=", 7) == 0);
    expect_encoding((const uint8_t *)token.ptr, token.len, dst + prefix, encoded);
    FUZZ_CHECK(dst[needed - 1] == '\0');
    free(dst);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    FUZZ_CHECK(boooply_percent_encode(NULL, 0, NULL, 0) == 0);
    check_encode(data, size);
    check_join_link(data, size);
    return 0;
}
