/* Fuzz target: the JSON writer.
 *
 * Byte 0 chooses the output capacity. The rest is a program of writer
 * calls (objects, arrays, keys, strings of random bytes, integers,
 * booleans, null) that may break the JSON grammar. A model of the grammar
 * here predicts the result of boooply_json_writer_finish(): success or the
 * first error. A misplaced call or invalid UTF-8 is
 * BOOOPLY_E_INVALID_ARGUMENT, and nesting past 32 is BOOOPLY_E_JSON_LIMIT.
 * On success the output must parse with boooply_json_parse() to exactly
 * the values written, in order. Measuring (buf NULL) and writing must
 * agree on the size, and a short buffer must hold a prefix of the output
 * and end with BOOOPLY_E_BUFFER_TOO_SMALL.
 */
/* The coverage build links the implementation from its own object. */
#ifndef FUZZ_LINKED_IMPLEMENTATION
#define BOOOPLY_IMPLEMENTATION
#endif
#include "fuzz_common.h"

#define OPS_MAX 256
#define DEPTH_MAX 32

enum { OP_BEGIN_OBJECT, OP_END_OBJECT, OP_BEGIN_ARRAY, OP_END_ARRAY, OP_KEY, OP_STRING_N, OP_STRING,
       OP_INT, OP_BOOL, OP_NULL, OP_COUNT };

typedef struct op {
    int kind;
    const char *text; /* OP_KEY, OP_STRING_N, OP_STRING: NULL or the bytes */
    size_t len;
    int64_t number;
    int flag;
} op_t;

/* A value the parsed output must hold, in token order. */
typedef struct expected_token {
    boooply_json_type_t type;
    const op_t *op;
    int size; /* children of an object or array */
} expected_token_t;

typedef struct model {
    boooply_err_t err;
    int depth;
    int object[DEPTH_MAX + 1];
    int parent[DEPTH_MAX + 1]; /* expected token of each open container */
    int first, after_key;
    expected_token_t tokens[OPS_MAX];
    int count;
} model_t;

/* Well-formed UTF-8 (RFC 3629): no overlong forms, surrogates or code
 * points above U+10FFFF. */
static int valid_utf8(const unsigned char *s, size_t len) {
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        size_t n, k;
        uint32_t cp;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) { n = 2; cp = c & 0x1Fu; }
        else if (c >= 0xE0 && c <= 0xEF) { n = 3; cp = c & 0x0Fu; }
        else if (c >= 0xF0 && c <= 0xF4) { n = 4; cp = c & 0x07u; }
        else return 0;
        if (len - i < n) return 0;
        for (k = 1; k < n; k++) {
            if ((s[i + k] & 0xC0) != 0x80) return 0;
            cp = (cp << 6) | (s[i + k] & 0x3Fu);
        }
        if (n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) return 0;
        if (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) return 0;
        i += n;
    }
    return 1;
}

static void model_add(model_t *m, boooply_json_type_t type, const op_t *op) {
    /* An object's size counts its keys, an array's its elements. */
    if (m->depth > 0 && (!m->object[m->depth] || op->kind == OP_KEY)) m->tokens[m->parent[m->depth]].size++;
    m->tokens[m->count].type = type;
    m->tokens[m->count].op = op;
    m->tokens[m->count].size = 0;
    m->count++;
}

/* A value may come here: after a key in an object, anywhere in an array,
 * or once at the top. */
static int model_value(model_t *m) {
    if (m->err) return 0;
    if ((m->depth > 0 && m->object[m->depth] && !m->after_key) || (m->depth == 0 && !m->first)) {
        m->err = BOOOPLY_E_INVALID_ARGUMENT;
        return 0;
    }
    m->first = 0;
    m->after_key = 0;
    return 1;
}

static void model_apply(model_t *m, const op_t *op) {
    switch (op->kind) {
    case OP_BEGIN_OBJECT:
    case OP_BEGIN_ARRAY:
        if (!model_value(m)) return;
        if (m->depth >= DEPTH_MAX) {
            m->err = BOOOPLY_E_JSON_LIMIT;
            return;
        }
        model_add(m, op->kind == OP_BEGIN_OBJECT ? BOOOPLY_JSON_OBJECT : BOOOPLY_JSON_ARRAY, op);
        m->depth++;
        m->object[m->depth] = op->kind == OP_BEGIN_OBJECT;
        m->parent[m->depth] = m->count - 1;
        m->first = 1;
        return;
    case OP_END_OBJECT:
    case OP_END_ARRAY:
        if (m->err) return;
        if (m->depth == 0 || m->after_key || m->object[m->depth] != (op->kind == OP_END_OBJECT)) {
            m->err = BOOOPLY_E_INVALID_ARGUMENT;
            return;
        }
        m->depth--;
        m->first = 0;
        return;
    case OP_KEY:
        if (m->err) return;
        if (!op->text || m->depth == 0 || !m->object[m->depth] || m->after_key ||
            !valid_utf8((const unsigned char *)op->text, op->len)) {
            m->err = BOOOPLY_E_INVALID_ARGUMENT;
            return;
        }
        model_add(m, BOOOPLY_JSON_STRING, op);
        m->first = 0;
        m->after_key = 1;
        return;
    case OP_STRING_N:
    case OP_STRING:
        if (m->err) return;
        if ((!op->text && op->len) || (op->text && !valid_utf8((const unsigned char *)op->text, op->len))) {
            m->err = BOOOPLY_E_INVALID_ARGUMENT;
            return;
        }
        if (model_value(m)) model_add(m, BOOOPLY_JSON_STRING, op);
        return;
    case OP_INT:
        if (model_value(m)) model_add(m, BOOOPLY_JSON_NUMBER, op);
        return;
    case OP_BOOL:
        if (model_value(m)) model_add(m, BOOOPLY_JSON_BOOL, op);
        return;
    default:
        if (model_value(m)) model_add(m, BOOOPLY_JSON_NULL, op);
        return;
    }
}

static boooply_err_t model_finish(const model_t *m) {
    if (m->err) return m->err;
    if (m->depth != 0 || m->after_key || m->first) return BOOOPLY_E_INVALID_ARGUMENT;
    return BOOOPLY_OK;
}

/* Decodes the program; key and string bytes are copied NUL-terminated
 * into store so that OP_KEY and OP_STRING can pass them as C strings. */
static size_t decode_ops(const uint8_t *data, size_t size, op_t *ops, char *store) {
    size_t i = 0, n = 0, used = 0;
    while (i < size && n < OPS_MAX) {
        op_t *op = &ops[n];
        memset(op, 0, sizeof *op);
        op->kind = data[i++] % OP_COUNT;
        if (op->kind == OP_KEY || op->kind == OP_STRING_N || op->kind == OP_STRING) {
            size_t len = i < size ? data[i++] : 0;
            if (len == 255) {
                /* NULL text; for OP_STRING_N with a length taken from the next byte */
                op->len = op->kind == OP_STRING_N && i < size ? data[i++] % 4 : 0;
            } else {
                if (len > size - i) len = size - i;
                memcpy(store + used, data + i, len);
                store[used + len] = '\0';
                op->text = store + used;
                /* A C string ends at its first NUL. */
                op->len = op->kind == OP_STRING_N ? len : strlen(op->text);
                used += len + 1;
                i += len;
            }
        } else if (op->kind == OP_INT) {
            uint64_t v = 0;
            int k;
            for (k = 0; k < 8 && i < size; k++) v = (v << 8) | data[i++];
            op->number = (int64_t)v;
        } else if (op->kind == OP_BOOL) {
            op->flag = i < size ? data[i++] & 1 : 0;
        }
        n++;
    }
    return n;
}

static void run_ops(boooply_json_writer_t *w, const op_t *ops, size_t n) {
    size_t i;
    for (i = 0; i < n; i++) {
        const op_t *op = &ops[i];
        switch (op->kind) {
        case OP_BEGIN_OBJECT: boooply_json_write_begin_object(w); break;
        case OP_END_OBJECT: boooply_json_write_end_object(w); break;
        case OP_BEGIN_ARRAY: boooply_json_write_begin_array(w); break;
        case OP_END_ARRAY: boooply_json_write_end_array(w); break;
        case OP_KEY: boooply_json_write_key(w, op->text); break;
        case OP_STRING_N: boooply_json_write_string_n(w, op->text, op->len); break;
        case OP_STRING: boooply_json_write_string(w, op->text); break;
        case OP_INT: boooply_json_write_int(w, op->number); break;
        case OP_BOOL: boooply_json_write_bool(w, op->flag); break;
        default: boooply_json_write_null(w); break;
        }
    }
}

/* Parses the output and checks that it contains the expected tokens. */
static void expect_parsed(const char *out, size_t len, const model_t *m) {
    char *text = (char *)malloc(len ? len : 1);
    boooply_token_t *tokens = (boooply_token_t *)malloc((size_t)m->count * sizeof *tokens);
    boooply_json_t doc;
    size_t needed = 0;
    int k;
    FUZZ_CHECK(text != NULL && tokens != NULL);
    memcpy(text, out, len);
    FUZZ_CHECK(boooply_json_parse(&doc, text, len, tokens, (size_t)m->count, &needed) == BOOOPLY_OK);
    FUZZ_CHECK(doc.count == m->count);

    for (k = 0; k < m->count; k++) {
        const expected_token_t *e = &m->tokens[k];
        boooply_str_t s;
        int64_t number;
        int flag;
        FUZZ_CHECK(boooply_json_type(&doc, k) == e->type);
        switch (e->type) {
        case BOOOPLY_JSON_OBJECT:
        case BOOOPLY_JSON_ARRAY:
            FUZZ_CHECK(boooply_json_size(&doc, k) == e->size);
            break;
        case BOOOPLY_JSON_STRING:
            FUZZ_CHECK(boooply_json_get_string(&doc, k, &s) == BOOOPLY_OK);
            FUZZ_CHECK(s.len == e->op->len);
            FUZZ_CHECK(s.len == 0 || memcmp(s.ptr, e->op->text, s.len) == 0);
            break;
        case BOOOPLY_JSON_NUMBER:
            FUZZ_CHECK(boooply_json_get_int64(&doc, k, &number) == BOOOPLY_OK);
            FUZZ_CHECK(number == e->op->number);
            break;
        case BOOOPLY_JSON_BOOL:
            FUZZ_CHECK(boooply_json_get_bool(&doc, k, &flag) == BOOOPLY_OK);
            FUZZ_CHECK(flag == e->op->flag);
            break;
        default:
            break;
        }
    }

    free(text);
    free(tokens);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static op_t ops[OPS_MAX];
    static model_t m;
    boooply_json_writer_t w;
    char *store, *full, *out;
    size_t n, measured = 0, written = 0, cap, i;
    boooply_err_t expected, err;
    int mode = size ? data[0] & 3 : 0;

    store = (char *)malloc(2 * size + 1);
    FUZZ_CHECK(store != NULL);
    n = decode_ops(size ? data + 1 : NULL, size ? size - 1 : 0, ops, store);
    memset(&m, 0, sizeof m);
    m.first = 1;
    for (i = 0; i < n; i++) model_apply(&m, &ops[i]);
    expected = model_finish(&m);

    /* Measure. */
    boooply_json_writer_init(&w, NULL, 0);
    run_ops(&w, ops, n);
    err = boooply_json_writer_finish(&w, &measured);
    if (err != expected)
        fprintf(stderr, "writer: %s, expected %s\n", boooply_strerror(err), boooply_strerror(expected));
    FUZZ_CHECK(err == expected);

    /* Write with room for everything. */
    full = (char *)malloc(measured ? measured : 1);
    FUZZ_CHECK(full != NULL);
    boooply_json_writer_init(&w, full, measured);
    run_ops(&w, ops, n);
    FUZZ_CHECK(boooply_json_writer_finish(&w, &written) == expected);
    FUZZ_CHECK(written == measured);
    if (expected == BOOOPLY_OK) expect_parsed(full, written, &m);

    /* Write into the capacity byte 0 chooses. */
    if (mode == 0) cap = measured;
    else if (mode == 1) cap = size ? data[0] >> 2 : 0;
    else if (mode == 2) cap = measured ? measured - 1 : 0;
    else cap = 4096;
    out = (char *)malloc(cap ? cap : 1);
    FUZZ_CHECK(out != NULL);
    memset(out, '#', cap);
    boooply_json_writer_init(&w, out, cap);
    run_ops(&w, ops, n);
    err = boooply_json_writer_finish(&w, &written);
    FUZZ_CHECK(written == measured);
    if (expected != BOOOPLY_OK) {
        FUZZ_CHECK(err == expected);
    } else if (measured <= cap) {
        FUZZ_CHECK(err == BOOOPLY_OK);
        FUZZ_CHECK(memcmp(out, full, measured) == 0);
    } else {
        /* What was written is a prefix of the output; the rest is untouched. */
        FUZZ_CHECK(err == BOOOPLY_E_BUFFER_TOO_SMALL);
        for (i = 0; i < cap && out[i] == full[i]; i++) {}
        for (; i < cap; i++) FUZZ_CHECK(out[i] == '#');
    }
    free(out);
    free(full);
    free(store);
    return 0;
}
