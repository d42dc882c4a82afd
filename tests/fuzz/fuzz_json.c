/* Fuzz target: the JSON reader.
 *
 * The input is the JSON text, in a heap block of exactly its size. The
 * target parses it with boooply_json_parse(), then calls every accessor on
 * every token (and on indexes just outside the document), and checks:
 *   - text is untouched after every error;
 *   - the token count parse reports is exact: one token fewer is
 *     BOOOPLY_E_TOO_MANY_TOKENS, and the count itself parses;
 *   - string views lie in the text and are NUL-terminated there;
 *   - integer accessors agree with each other;
 *   - a parsed document written back with the JSON writer parses again to
 *     the same tree.
 */
/* The coverage build links the implementation from its own object. */
#ifndef FUZZ_LINKED_IMPLEMENTATION
#define BOOOPLY_IMPLEMENTATION
#endif
#include "fuzz_common.h"

#define WRITE_MAX_DEPTH 32

static void check_accessors(const boooply_json_t *doc, int value) {
    boooply_json_type_t type = boooply_json_type(doc, value);
    boooply_str_t s;
    int32_t i32 = 0;
    int64_t i64 = 0;
    double d = 0.0;
    int b = 0, size, k, seen = 0, count = doc ? doc->count : 0;
    boooply_iter_t it;
    boooply_err_t e32, e64, es, ed, eb;

    FUZZ_CHECK(type >= BOOOPLY_JSON_NONE && type <= BOOOPLY_JSON_NULL);
    if (value < 0 || value >= count) FUZZ_CHECK(type == BOOOPLY_JSON_NONE);

    es = boooply_json_get_string(doc, value, &s);
    FUZZ_CHECK((es == BOOOPLY_OK) == (type == BOOOPLY_JSON_STRING));
    if (es == BOOOPLY_OK) {
        FUZZ_CHECK(s.ptr >= doc->text && s.ptr + s.len < doc->text + doc->len);
        FUZZ_CHECK(s.ptr[s.len] == '\0');
    } else {
        FUZZ_CHECK(s.ptr == NULL && s.len == 0);
        FUZZ_CHECK(es == (type == BOOOPLY_JSON_NONE || type == BOOOPLY_JSON_NULL ? BOOOPLY_E_NOT_FOUND
                                                                                : BOOOPLY_E_UNEXPECTED_JSON));
    }

    e64 = boooply_json_get_int64(doc, value, &i64);
    e32 = boooply_json_get_int32(doc, value, &i32);
    ed = boooply_json_get_double(doc, value, &d);
    if (type != BOOOPLY_JSON_NUMBER) {
        FUZZ_CHECK(e64 != BOOOPLY_OK && e32 != BOOOPLY_OK && ed != BOOOPLY_OK);
    } else {
        FUZZ_CHECK(e64 == BOOOPLY_OK || e64 == BOOOPLY_E_OUT_OF_RANGE || e64 == BOOOPLY_E_UNEXPECTED_JSON);
        if (e32 == BOOOPLY_OK) FUZZ_CHECK(e64 == BOOOPLY_OK && i64 == i32);
        if (e64 == BOOOPLY_OK && i64 >= INT32_MIN && i64 <= INT32_MAX) FUZZ_CHECK(e32 == BOOOPLY_OK);
        if (e64 == BOOOPLY_E_UNEXPECTED_JSON) FUZZ_CHECK(e32 == BOOOPLY_E_UNEXPECTED_JSON);
        FUZZ_CHECK(ed == BOOOPLY_OK || ed == BOOOPLY_E_OUT_OF_RANGE);
        if (ed == BOOOPLY_OK) FUZZ_CHECK(d - d == 0.0); /* finite */
        /* An integer small enough for a double to hold exactly reads the same both ways. */
        if (ed == BOOOPLY_OK && e64 == BOOOPLY_OK && i64 > -(INT64_C(1) << 53) && i64 < (INT64_C(1) << 53)) {
            double diff = d - (double)i64;
            FUZZ_CHECK(diff < 1e-9 * (i64 < 0 ? -(double)i64 : (double)i64) + 1e-9 &&
                       -diff < 1e-9 * (i64 < 0 ? -(double)i64 : (double)i64) + 1e-9);
        }
    }

    eb = boooply_json_get_bool(doc, value, &b);
    FUZZ_CHECK((eb == BOOOPLY_OK) == (type == BOOOPLY_JSON_BOOL));
    if (eb == BOOOPLY_OK) FUZZ_CHECK(b == 0 || b == 1);

    size = boooply_json_size(doc, value);
    if (type != BOOOPLY_JSON_OBJECT && type != BOOOPLY_JSON_ARRAY) FUZZ_CHECK(size == 0);
    FUZZ_CHECK(size >= 0 && (size == 0 || size < count));
    it = boooply_json_iter(doc, value);
    while (boooply_json_next(&it, &k)) {
        FUZZ_CHECK(k > value && k < count);
        if (type == BOOOPLY_JSON_OBJECT) {
            /* A member is its key; get finds the key's value, or a later duplicate. */
            boooply_str_t key;
            int found;
            FUZZ_CHECK(boooply_json_get_string(doc, k, &key) == BOOOPLY_OK);
            found = boooply_json_get(doc, value, key.ptr);
            if (strlen(key.ptr) == key.len) FUZZ_CHECK(found >= k + 1);
        }
        seen++;
    }
    FUZZ_CHECK(seen == size);
    FUZZ_CHECK(!boooply_json_next(&it, &k));
    FUZZ_CHECK(boooply_json_get(doc, value, "") >= -1);
    FUZZ_CHECK(boooply_json_path(doc, value, "a.b.") >= -1);
    FUZZ_CHECK(boooply_json_path(doc, value, "meeting.participants") >= -1);
}

/* Writes the value at token *k and advances *k past it. Returns 0 when the
 * tree contains something the writer cannot write (a fraction, a number
 * outside int64, nesting past its limit). */
static int write_value(boooply_json_writer_t *w, const boooply_json_t *doc, int *k, int depth) {
    int value = (*k)++;
    boooply_json_type_t type = boooply_json_type(doc, value);
    boooply_str_t s;
    int64_t i64;
    int b, n, i;
    switch (type) {
    case BOOOPLY_JSON_OBJECT:
    case BOOOPLY_JSON_ARRAY:
        if (depth >= WRITE_MAX_DEPTH) return 0;
        n = boooply_json_size(doc, value);
        if (type == BOOOPLY_JSON_OBJECT) boooply_json_write_begin_object(w);
        else boooply_json_write_begin_array(w);
        for (i = 0; i < n; i++) {
            if (type == BOOOPLY_JSON_OBJECT) {
                FUZZ_CHECK(boooply_json_get_string(doc, (*k)++, &s) == BOOOPLY_OK);
                if (strlen(s.ptr) != s.len) return 0; /* keys are C strings in the writer */
                boooply_json_write_key(w, s.ptr);
            }
            if (!write_value(w, doc, k, depth + 1)) return 0;
        }
        if (type == BOOOPLY_JSON_OBJECT) boooply_json_write_end_object(w);
        else boooply_json_write_end_array(w);
        return 1;
    case BOOOPLY_JSON_STRING:
        FUZZ_CHECK(boooply_json_get_string(doc, value, &s) == BOOOPLY_OK);
        boooply_json_write_string_n(w, s.ptr, s.len);
        return 1;
    case BOOOPLY_JSON_NUMBER:
        if (boooply_json_get_int64(doc, value, &i64) != BOOOPLY_OK) return 0;
        boooply_json_write_int(w, i64);
        return 1;
    case BOOOPLY_JSON_BOOL:
        FUZZ_CHECK(boooply_json_get_bool(doc, value, &b) == BOOOPLY_OK);
        boooply_json_write_bool(w, b);
        return 1;
    case BOOOPLY_JSON_NULL:
        boooply_json_write_null(w);
        return 1;
    default:
        FUZZ_CHECK(0);
        return 0;
    }
}

/* Checks that two documents hold the same tree, token by token. */
static void expect_same_tree(const boooply_json_t *a, const boooply_json_t *b) {
    int k;
    FUZZ_CHECK(a->count == b->count);
    for (k = 0; k < a->count; k++) {
        boooply_json_type_t type = boooply_json_type(a, k);
        boooply_str_t sa, sb;
        int64_t ia, ib;
        int ba, bb;
        FUZZ_CHECK(boooply_json_type(b, k) == type);
        FUZZ_CHECK(boooply_json_size(a, k) == boooply_json_size(b, k));
        if (type == BOOOPLY_JSON_STRING) {
            FUZZ_CHECK(boooply_json_get_string(a, k, &sa) == BOOOPLY_OK);
            FUZZ_CHECK(boooply_json_get_string(b, k, &sb) == BOOOPLY_OK);
            FUZZ_CHECK(sa.len == sb.len && memcmp(sa.ptr, sb.ptr, sa.len) == 0);
        } else if (type == BOOOPLY_JSON_NUMBER) {
            FUZZ_CHECK(boooply_json_get_int64(a, k, &ia) == BOOOPLY_OK);
            FUZZ_CHECK(boooply_json_get_int64(b, k, &ib) == BOOOPLY_OK);
            FUZZ_CHECK(ia == ib);
        } else if (type == BOOOPLY_JSON_BOOL) {
            FUZZ_CHECK(boooply_json_get_bool(a, k, &ba) == BOOOPLY_OK);
            FUZZ_CHECK(boooply_json_get_bool(b, k, &bb) == BOOOPLY_OK);
            FUZZ_CHECK(ba == bb);
        }
    }
}

static void round_trip(const boooply_json_t *doc) {
    boooply_json_writer_t w;
    boooply_json_t again;
    boooply_token_t *tokens;
    size_t len = 0, needed = 0;
    char *out;
    int k = 0;

    if (doc->count == 0) return;
    boooply_json_writer_init(&w, NULL, 0);
    if (!write_value(&w, doc, &k, 0)) return;
    FUZZ_CHECK(k == doc->count);
    FUZZ_CHECK(boooply_json_writer_finish(&w, &len) == BOOOPLY_OK);
    out = (char *)malloc(len ? len : 1);
    tokens = (boooply_token_t *)malloc((size_t)doc->count * sizeof *tokens);
    FUZZ_CHECK(out != NULL && tokens != NULL);
    boooply_json_writer_init(&w, out, len);
    k = 0;
    FUZZ_CHECK(write_value(&w, doc, &k, 0));
    FUZZ_CHECK(boooply_json_writer_finish(&w, &len) == BOOOPLY_OK);
    FUZZ_CHECK(boooply_json_parse(&again, out, len, tokens, (size_t)doc->count, &needed) == BOOOPLY_OK);
    FUZZ_CHECK(needed == (size_t)doc->count);
    expect_same_tree(doc, &again);
    free(out);
    free(tokens);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    boooply_json_t doc;
    boooply_token_t *tokens;
    char *text, *copy;
    size_t needed = 0, again = 0;
    boooply_err_t err;
    int k;

    /* Arguments the API rejects, and the NULL document. */
    FUZZ_CHECK(boooply_json_parse(&doc, NULL, 0, NULL, 0, &needed) == BOOOPLY_E_INVALID_ARGUMENT);
    FUZZ_CHECK(boooply_json_parse(NULL, NULL, 0, NULL, 0, NULL) == BOOOPLY_E_INVALID_ARGUMENT);
    check_accessors(NULL, 0);

    text = (char *)malloc(size ? size : 1);
    copy = (char *)malloc(size ? size : 1);
    FUZZ_CHECK(text != NULL && copy != NULL);
    if (size) memcpy(text, data, size);
    memcpy(copy, text, size);

    /* Measuring: no tokens at all. */
    err = boooply_json_parse(&doc, text, size, NULL, 0, &needed);
    FUZZ_CHECK(memcmp(text, copy, size) == 0);
    FUZZ_CHECK(doc.count == 0 && doc.tokens == NULL);
    if (err != BOOOPLY_E_TOO_MANY_TOKENS) {
        FUZZ_CHECK(err == BOOOPLY_E_MALFORMED_JSON || err == BOOOPLY_E_JSON_LIMIT);
        free(text);
        free(copy);
        return 0;
    }
    FUZZ_CHECK(needed >= 1 && needed <= size);

    /* One token short. */
    tokens = (boooply_token_t *)malloc(needed * sizeof *tokens);
    FUZZ_CHECK(tokens != NULL);
    FUZZ_CHECK(boooply_json_parse(&doc, text, size, tokens, needed - 1, &again) == BOOOPLY_E_TOO_MANY_TOKENS);
    FUZZ_CHECK(again == needed);
    FUZZ_CHECK(memcmp(text, copy, size) == 0);

    /* Exactly enough. */
    FUZZ_CHECK(boooply_json_parse(&doc, text, size, tokens, needed, &again) == BOOOPLY_OK);
    FUZZ_CHECK(again == needed);
    FUZZ_CHECK(doc.count == (int)needed && doc.text == text && doc.len == size);
    for (k = -2; k <= doc.count + 1; k++) check_accessors(&doc, k);
    round_trip(&doc);

    free(tokens);
    free(text);
    free(copy);
    return 0;
}
