/* Tests for the JSON reader and writer of boooply.h and for the request-side
 * helpers that check and encode caller input: percent-encoding, base URL and
 * API key checks in boooply_init(), boooply_join_link(), boooply_str_copy()
 * and boooply_strerror().
 *
 * Every JSON text under test sits right before an inaccessible page, so a
 * read or write one byte past its end faults. The client tests use an
 * in-memory port that records what the library would send and never opens
 * a socket. */
#include "test_util.h"
#include "test_checks.h"

#include <float.h>
#include <math.h>

#define TOKEN_CAP 128

/* ------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------ */

/* A JSON text copied before a guard page and parsed there. */
typedef struct parsed {
    guarded_t guard;
    char *text;
    size_t len;
    boooply_json_t doc;
    boooply_token_t tokens[TOKEN_CAP];
    size_t needed;
    boooply_err_t err;
} parsed_t;

static boooply_err_t parse_bytes(parsed_t *p, const void *bytes, size_t len) {
    p->text = guarded_copy(&p->guard, bytes, len);
    p->len = len;
    p->needed = 12345;
    p->err = boooply_json_parse(&p->doc, p->text, len, p->tokens, TOKEN_CAP, &p->needed);
    return p->err;
}

static boooply_err_t parse_text(parsed_t *p, const char *text) {
    return parse_bytes(p, text, strlen(text));
}

/* Parses len bytes before a guard page, expects the error and checks that
 * the text was left exactly as it was. */
static void expect_parse_error(const char *label, const char *bytes, size_t len,
                               boooply_err_t expected) {
    parsed_t p;
    boooply_err_t err = parse_bytes(&p, bytes, len);
    if (err != expected)
        fail_msg("%s: expected \"%s\", got \"%s\"", label, boooply_strerror(expected),
                 boooply_strerror(err));
    if (len && memcmp(p.text, bytes, len) != 0)
        fail_msg("%s: the text changed after a failed parse", label);
    guarded_free(&p.guard);
}

/* Checks that value is a string of exactly expected_len bytes, equal to
 * expected and NUL-terminated in place. */
static void expect_string_n(const boooply_json_t *doc, int value, const char *expected,
                            size_t expected_len) {
    boooply_str_t s;
    assert_int_equal(boooply_json_get_string(doc, value, &s), BOOOPLY_OK);
    assert_non_null(s.ptr);
    assert_int_equal(s.len, expected_len);
    if (expected_len) assert_memory_equal(s.ptr, expected, expected_len);
    assert_int_equal(s.ptr[s.len], '\0');
}

#define EXPECT_STRING(doc, value, literal) \
    expect_string_n((doc), (value), (literal), sizeof(literal) - 1)

/* Compares with a relative tolerance of 1e-14, because the reader promises
 * about 15 significant digits, not correct rounding. */
static int is_near(double actual, double expected) {
    double diff = actual - expected;
    double scale = expected < 0 ? -expected : expected;
    if (diff < 0) diff = -diff;
    return diff <= scale * 1e-14;
}

static void expect_near(double actual, double expected) {
    if (!is_near(actual, expected)) fail_msg("expected %.17g, got %.17g", expected, actual);
}

static int hex_digit(int ch) {
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
}

/* Decodes hex_len hex digits into out and returns the byte count. */
static size_t hex_decode(const char *hex, size_t hex_len, char *out, size_t cap) {
    size_t i, n = 0;
    if (hex_len % 2 != 0) fail_msg("odd hex length in a case file");
    for (i = 0; i < hex_len; i += 2) {
        int hi = hex_digit((unsigned char)hex[i]);
        int lo = hex_digit((unsigned char)hex[i + 1]);
        if (hi < 0 || lo < 0) fail_msg("invalid hex digit in a case file");
        if (n >= cap) fail_msg("a hex field in a case file is too long");
        out[n++] = (char)(hi * 16 + lo);
    }
    return n;
}

/* One data row of a tab-separated case file. */
typedef struct row {
    const char *field[3];
    size_t field_len[3];
    size_t fields;
} row_t;

/* Reads the next data row of text from offset *pos, skipping blank lines
 * and comment lines. Returns 0 at the end of the text. */
static int next_row(const char *text, size_t len, size_t *pos, row_t *row) {
    while (*pos < len) {
        size_t start = *pos, end = start, i;
        while (end < len && text[end] != '\n') end++;
        *pos = end < len ? end + 1 : end;
        if (end == start || text[start] == '#') continue;
        memset(row, 0, sizeof *row);
        row->field[0] = text + start;
        row->fields = 1;
        for (i = start; i < end; i++) {
            if (text[i] != '\t') continue;
            row->field_len[row->fields - 1] = (size_t)(text + i - row->field[row->fields - 1]);
            if (row->fields == 3) break;
            row->field[row->fields++] = text + i + 1;
        }
        if (i == end)
            row->field_len[row->fields - 1] = (size_t)(text + end - row->field[row->fields - 1]);
        return 1;
    }
    return 0;
}

/* ------------------------------------------------------------------
 * An in-memory port
 * ------------------------------------------------------------------ */

typedef struct fake_port {
    int connect_result; /* what connect returns */
    int connects;
    char host[BOOOPLY_HOST_MAX + 1];
    uint16_t port;
    char sent[2048];
    size_t sent_len;
} fake_port_t;

static int fake_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms) {
    fake_port_t *f = (fake_port_t *)ctx;
    (void)timeout_ms;
    f->connects++;
    snprintf(f->host, sizeof f->host, "%s", host);
    f->port = port;
    return f->connect_result;
}

static long fake_send(void *ctx, const void *data, size_t len, uint32_t timeout_ms) {
    fake_port_t *f = (fake_port_t *)ctx;
    size_t room = sizeof f->sent - f->sent_len;
    (void)timeout_ms;
    memcpy(f->sent + f->sent_len, data, len < room ? len : room);
    f->sent_len += len < room ? len : room;
    return (long)len;
}

/* No response ever arrives: the call ends with a transport error. */
static long fake_recv(void *ctx, void *data, size_t len, uint32_t timeout_ms) {
    (void)ctx;
    (void)data;
    (void)len;
    (void)timeout_ms;
    return BOOOPLY_PORT_ERROR;
}

static void fake_close(void *ctx) { (void)ctx; }

static uint32_t fake_now(void *ctx) {
    (void)ctx;
    return 0;
}

typedef struct fixture {
    fake_port_t fake;
    char buffer[2048];
    boooply_token_t tokens[32];
    boooply_config_t cfg;
    boooply_client_t client;
} fixture_t;

/* Fills a config for base_url and api_key over the in-memory port, whose
 * connect fails unless a test sets connect_result to 0. */
static void fixture_setup(fixture_t *f, const char *base_url, const char *api_key, unsigned flags) {
    memset(f, 0, sizeof *f);
    f->fake.connect_result = BOOOPLY_PORT_REFUSED;
    f->cfg.base_url = base_url;
    f->cfg.api_key = api_key;
    f->cfg.port.ctx = &f->fake;
    f->cfg.port.flags = flags;
    f->cfg.port.connect = fake_connect;
    f->cfg.port.send = fake_send;
    f->cfg.port.recv = fake_recv;
    f->cfg.port.close = fake_close;
    f->cfg.port.now_ms = fake_now;
    f->cfg.buffer = f->buffer;
    f->cfg.buffer_size = sizeof f->buffer;
    f->cfg.tokens = f->tokens;
    f->cfg.token_count = 32;
}

static boooply_err_t fixture_init(fixture_t *f, const char *base_url, const char *api_key,
                                  unsigned flags) {
    fixture_setup(f, base_url, api_key, flags);
    return boooply_init(&f->client, &f->cfg);
}

/* Sends GET path through the client and returns the request bytes the
 * port received, NUL-terminated. */
static const char *fixture_request(fixture_t *f, const char *path) {
    boooply_request_t req;
    memset(&req, 0, sizeof req);
    req.method = "GET";
    req.path = path;
    f->fake.connect_result = 0;
    f->fake.sent_len = 0;
    assert_int_not_equal(boooply_request(&f->client, &req), BOOOPLY_OK);
    assert_true(f->fake.sent_len > 0);
    assert_true(f->fake.sent_len < sizeof f->fake.sent);
    f->fake.sent[f->fake.sent_len] = '\0';
    return f->fake.sent;
}

/* Copies the first line of a request, without its CRLF, into line. */
static void first_line(const char *request, char *line, size_t cap) {
    const char *end = strstr(request, "\r\n");
    size_t n;
    assert_non_null(end);
    n = (size_t)(end - request);
    assert_true(n < cap);
    memcpy(line, request, n);
    line[n] = '\0';
}

/* ------------------------------------------------------------------
 * JSON reader: case files
 * ------------------------------------------------------------------ */

static void json_case27_escapes(void **state) {
    char raw[512];
    size_t len = read_case("27-json-escapes-unicode.json", raw, sizeof raw);
    parsed_t p;
    (void)state;

    assert_int_equal(parse_bytes(&p, raw, len), BOOOPLY_OK);
    assert_int_equal(p.doc.count, 15); /* the root, 7 keys, 7 values */
    assert_int_equal(p.needed, 15);

    EXPECT_STRING(&p.doc, boooply_json_get(&p.doc, 0, "code"), "AB-123");
    EXPECT_STRING(&p.doc, boooply_json_get(&p.doc, 0, "title"),
                  "Caf\xC3\xA9 \"Q&A\" \\ round / 2");
    EXPECT_STRING(&p.doc, boooply_json_get(&p.doc, 0, "note"), "line1\nline2\ttab\r\b\f");
    EXPECT_STRING(&p.doc, boooply_json_get(&p.doc, 0, "emoji"), "\xF0\x9F\x98\x80");
    EXPECT_STRING(&p.doc, boooply_json_get(&p.doc, 0, "cjk"), "\xE6\xBC\xA2\xE5\xAD\x97");
    EXPECT_STRING(&p.doc, boooply_json_get(&p.doc, 0, "upper"), "\xC3\x89\xC3\xA9");
    EXPECT_STRING(&p.doc, boooply_json_get(&p.doc, 0, "raw_utf8"), "na\xC3\xAFve");

    /* Keys are unescaped and NUL-terminated in place too. */
    EXPECT_STRING(&p.doc, 1, "code");
    guarded_free(&p.guard);
}

static void json_malformed_cases(void **state) {
    static const char *const names[] = {
        "28a-json-bad-hex-escape.json",     "28b-json-short-hex-escape.json",
        "28e-json-unknown-escape.json",     "28f-json-raw-control-chars.json",
        "28h-json-invalid-utf8.json",       "29a-json-literal-thanks.json",
        "29b-json-literal-tru.json",        "29c-json-literal-nulls.json",
        "29d-json-literal-True.json",       "30a-json-missing-colon.json",
        "30b-json-trailing-comma.json",     "30c-json-two-roots.json",
        "30d-json-missing-value.json",      "30e-json-missing-comma.json",
        "31b-json-number-leading-zero.json", "31c-json-number-leading-dot.json",
        "31d-json-number-trailing-dot.json", "31e-json-number-plus.json",
        "31f-json-number-bare-exponent.json", "36-json-truncated.json",
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        char raw[256];
        size_t len = read_case(names[i], raw, sizeof raw);
        expect_parse_error(names[i], raw, len, BOOOPLY_E_MALFORMED_JSON);
    }
}

static void json_case31a_numbers(void **state) {
    char raw[256];
    size_t len = read_case("31a-json-numbers.json", raw, sizeof raw);
    parsed_t p;
    int32_t i32;
    int64_t i64;
    double d;
    int v;
    (void)state;

    assert_int_equal(parse_bytes(&p, raw, len), BOOOPLY_OK);

    /* 1e2 */
    v = boooply_json_get(&p.doc, 0, "duration_min");
    assert_int_equal(boooply_json_type(&p.doc, v), BOOOPLY_JSON_NUMBER);
    assert_int_equal(boooply_json_get_int32(&p.doc, v, &i32), BOOOPLY_OK);
    assert_int_equal(i32, 100);
    assert_int_equal(boooply_json_get_int64(&p.doc, v, &i64), BOOOPLY_OK);
    assert_true(i64 == 100);
    assert_int_equal(boooply_json_get_double(&p.doc, v, &d), BOOOPLY_OK);
    expect_near(d, 100.0);

    /* 1E+2 */
    v = boooply_json_get(&p.doc, 0, "count");
    assert_int_equal(boooply_json_get_int32(&p.doc, v, &i32), BOOOPLY_OK);
    assert_int_equal(i32, 100);
    assert_int_equal(boooply_json_get_double(&p.doc, v, &d), BOOOPLY_OK);
    expect_near(d, 100.0);

    /* -0 */
    v = boooply_json_get(&p.doc, 0, "zero");
    assert_int_equal(boooply_json_get_int32(&p.doc, v, &i32), BOOOPLY_OK);
    assert_int_equal(i32, 0);
    assert_int_equal(boooply_json_get_int64(&p.doc, v, &i64), BOOOPLY_OK);
    assert_true(i64 == 0);
    assert_int_equal(boooply_json_get_double(&p.doc, v, &d), BOOOPLY_OK);
    assert_true(d == 0.0);

    /* 2.50e-1 is 0.25, a fraction, so the integer getters fail and leave
     * *out as it was. */
    v = boooply_json_get(&p.doc, 0, "ratio");
    i32 = 77;
    assert_int_equal(boooply_json_get_int32(&p.doc, v, &i32), BOOOPLY_E_UNEXPECTED_JSON);
    assert_int_equal(i32, 77);
    assert_int_equal(boooply_json_get_int64(&p.doc, v, &i64), BOOOPLY_E_UNEXPECTED_JSON);
    assert_int_equal(boooply_json_get_double(&p.doc, v, &d), BOOOPLY_OK);
    expect_near(d, 0.25);

    /* 12345678901 does not fit 32 bits but fits 64. */
    v = boooply_json_get(&p.doc, 0, "big");
    i32 = 77;
    assert_int_equal(boooply_json_get_int32(&p.doc, v, &i32), BOOOPLY_E_OUT_OF_RANGE);
    assert_int_equal(i32, 77);
    assert_int_equal(boooply_json_get_int64(&p.doc, v, &i64), BOOOPLY_OK);
    assert_true(i64 == INT64_C(12345678901));
    assert_int_equal(boooply_json_get_double(&p.doc, v, &d), BOOOPLY_OK);
    expect_near(d, 12345678901.0);

    /* 3.0 is integral. */
    v = boooply_json_get(&p.doc, 0, "whole");
    assert_int_equal(boooply_json_get_int32(&p.doc, v, &i32), BOOOPLY_OK);
    assert_int_equal(i32, 3);
    assert_int_equal(boooply_json_get_double(&p.doc, v, &d), BOOOPLY_OK);
    expect_near(d, 3.0);

    /* -17 */
    v = boooply_json_get(&p.doc, 0, "neg");
    assert_int_equal(boooply_json_get_int32(&p.doc, v, &i32), BOOOPLY_OK);
    assert_int_equal(i32, -17);
    assert_int_equal(boooply_json_get_int64(&p.doc, v, &i64), BOOOPLY_OK);
    assert_true(i64 == -17);
    assert_int_equal(boooply_json_get_double(&p.doc, v, &d), BOOOPLY_OK);
    expect_near(d, -17.0);

    guarded_free(&p.guard);
}

/* Doubles at the edges of the range: far below the smallest subnormal is
 * a zero of the number's sign, above the largest double is out of range,
 * and both ends of the finite range come through. */
static void json_double_range_edges(void **state) {
    parsed_t p;
    double d = 1.0;
    (void)state;
    assert_int_equal(parse_text(&p, "[1e-500,-1e-500,1e309,-1e309,1.7976931348623157e308,4.9406564584124654e-324,"
                                    "1e-400,0.0000000000000000000000000000001e-300,1e1000000000,1e-1000000000]"),
                     BOOOPLY_OK);
    assert_int_equal(boooply_json_get_double(&p.doc, 1, &d), BOOOPLY_OK);
    assert_true(d == 0.0 && !signbit(d));
    assert_int_equal(boooply_json_get_double(&p.doc, 2, &d), BOOOPLY_OK);
    assert_true(d == 0.0 && signbit(d));
    d = 5.0;
    assert_int_equal(boooply_json_get_double(&p.doc, 3, &d), BOOOPLY_E_OUT_OF_RANGE);
    assert_true(d == 5.0);
    assert_int_equal(boooply_json_get_double(&p.doc, 4, &d), BOOOPLY_E_OUT_OF_RANGE);
    assert_int_equal(boooply_json_get_double(&p.doc, 5, &d), BOOOPLY_OK);
    expect_near(d, DBL_MAX);
    assert_int_equal(boooply_json_get_double(&p.doc, 6, &d), BOOOPLY_OK);
    assert_true(d > 0.0 && d < 1e-323);
    assert_int_equal(boooply_json_get_double(&p.doc, 7, &d), BOOOPLY_OK);
    assert_true(d == 0.0);
    assert_int_equal(boooply_json_get_double(&p.doc, 8, &d), BOOOPLY_OK);
    assert_true(d == 0.0);
    /* Exponents of ten digits saturate instead of overflowing a long. */
    assert_int_equal(boooply_json_get_double(&p.doc, 9, &d), BOOOPLY_E_OUT_OF_RANGE);
    assert_int_equal(boooply_json_get_double(&p.doc, 10, &d), BOOOPLY_OK);
    assert_true(d == 0.0);
    guarded_free(&p.guard);
}

static void json_case32_null_fields(void **state) {
    char raw[128];
    size_t len = read_case("32-json-null-for-string.json", raw, sizeof raw);
    parsed_t p;
    boooply_str_t s;
    int32_t i32 = 77;
    int v;
    (void)state;

    assert_int_equal(parse_bytes(&p, raw, len), BOOOPLY_OK);
    EXPECT_STRING(&p.doc, boooply_json_get(&p.doc, 0, "code"), "AB-123");
    EXPECT_STRING(&p.doc, boooply_json_get(&p.doc, 0, "status"), "scheduled");

    v = boooply_json_get(&p.doc, 0, "title");
    assert_true(v > 0);
    assert_int_equal(boooply_json_type(&p.doc, v), BOOOPLY_JSON_NULL);
    s.ptr = "sentinel";
    s.len = 8;
    assert_int_equal(boooply_json_get_string(&p.doc, v, &s), BOOOPLY_E_NOT_FOUND);
    assert_null(s.ptr);
    assert_int_equal(s.len, 0);
    assert_int_equal(boooply_json_get_int32(&p.doc, v, &i32), BOOOPLY_E_NOT_FOUND);
    assert_int_equal(i32, 77);

    v = boooply_json_get(&p.doc, 0, "notes");
    assert_int_equal(boooply_json_type(&p.doc, v), BOOOPLY_JSON_NULL);
    s.ptr = "sentinel";
    assert_int_equal(boooply_json_get_string(&p.doc, v, &s), BOOOPLY_E_NOT_FOUND);
    assert_null(s.ptr);
    guarded_free(&p.guard);
}

static void json_case34_deep_nesting(void **state) {
    static char raw[32768];
    size_t len = read_case("34-json-deep-nesting.json", raw, sizeof raw);
    (void)state;
    expect_parse_error("34-json-deep-nesting.json", raw, len, BOOOPLY_E_JSON_LIMIT);
}

/* ------------------------------------------------------------------
 * JSON reader: policy and edges
 * ------------------------------------------------------------------ */

static void json_depth_limit(void **state) {
    char text[2 * (BOOOPLY_JSON_MAX_DEPTH + 1) + 1];
    size_t depth;
    parsed_t p;
    (void)state;

    /* Exactly BOOOPLY_JSON_MAX_DEPTH levels parse. */
    for (depth = 0; depth < BOOOPLY_JSON_MAX_DEPTH; depth++) {
        text[depth] = '[';
        text[2 * BOOOPLY_JSON_MAX_DEPTH - 1 - depth] = ']';
    }
    assert_int_equal(parse_bytes(&p, text, 2 * BOOOPLY_JSON_MAX_DEPTH), BOOOPLY_OK);
    assert_int_equal(p.doc.count, BOOOPLY_JSON_MAX_DEPTH);
    guarded_free(&p.guard);

    /* One more is the limit error. */
    for (depth = 0; depth <= BOOOPLY_JSON_MAX_DEPTH; depth++) {
        text[depth] = '[';
        text[2 * BOOOPLY_JSON_MAX_DEPTH + 1 - depth] = ']';
    }
    expect_parse_error("one level too deep", text, 2 * (BOOOPLY_JSON_MAX_DEPTH + 1),
                       BOOOPLY_E_JSON_LIMIT);
}

static void json_duplicate_keys(void **state) {
    parsed_t p;
    int32_t i32 = 0;
    int v;
    (void)state;

    assert_int_equal(parse_text(&p, "{\"a\":1,\"b\":true,\"a\":2}"), BOOOPLY_OK);
    v = boooply_json_get(&p.doc, 0, "a");
    assert_int_equal(boooply_json_get_int32(&p.doc, v, &i32), BOOOPLY_OK);
    assert_int_equal(i32, 2);
    guarded_free(&p.guard);

    /* The nested "a" is not a member of the root. The last root "a" wins. */
    assert_int_equal(parse_text(&p, "{\"a\":{\"a\":5},\"b\":1,\"a\":[3]}"), BOOOPLY_OK);
    v = boooply_json_get(&p.doc, 0, "a");
    assert_int_equal(boooply_json_type(&p.doc, v), BOOOPLY_JSON_ARRAY);
    assert_int_equal(boooply_json_size(&p.doc, v), 1);
    guarded_free(&p.guard);
}

static void json_nul_escape(void **state) {
    parsed_t p;
    int v;
    (void)state;

    assert_int_equal(parse_text(&p, "{\"k\":\"a\\u0000b\",\"a\\u0000\":1}"), BOOOPLY_OK);
    v = boooply_json_get(&p.doc, 0, "k");
    expect_string_n(&p.doc, v, "a\0b", 3);
    /* A key with a zero byte does not match its prefix. */
    assert_int_equal(boooply_json_get(&p.doc, 0, "a"), -1);
    guarded_free(&p.guard);
}

static void json_surrogates(void **state) {
    static const struct {
        const char *json;
        const char *decoded;
        size_t decoded_len;
    } cases[] = {
        {"[\"\\ud83d\\ude00\"]", "\xF0\x9F\x98\x80", 4},
        {"[\"\\uD83D\\uDE00\"]", "\xF0\x9F\x98\x80", 4},
        {"[\"\\udbff\\udfff\"]", "\xF4\x8F\xBF\xBF", 4},
        {"[\"\\ud800\"]", "\xEF\xBF\xBD", 3},
        {"[\"\\udc00x\"]", "\xEF\xBF\xBDx", 4},
        {"[\"\\ud83dx\"]", "\xEF\xBF\xBDx", 4},
        {"[\"\\ud83d\\u0041\"]", "\xEF\xBF\xBD" "A", 4},
        {"[\"\\ud83d\\ud83d\\ude00\"]", "\xEF\xBF\xBD\xF0\x9F\x98\x80", 7},
        {"[\"\\ude00\\ud83d\"]", "\xEF\xBF\xBD\xEF\xBF\xBD", 6},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        parsed_t p;
        if (parse_text(&p, cases[i].json) != BOOOPLY_OK) fail_msg("%s: not parsed", cases[i].json);
        expect_string_n(&p.doc, 1, cases[i].decoded, cases[i].decoded_len);
        guarded_free(&p.guard);
    }
}

static void json_token_count(void **state) {
    char raw[512];
    size_t len = read_case("27-json-escapes-unicode.json", raw, sizeof raw);
    boooply_token_t tokens[15];
    boooply_json_t doc;
    guarded_t g;
    size_t needed = 0;
    char *text;
    (void)state;

    text = guarded_copy(&g, raw, len);

    /* No token array: the call only reports the count. */
    assert_int_equal(boooply_json_parse(&doc, text, len, NULL, 0, &needed),
                     BOOOPLY_E_TOO_MANY_TOKENS);
    assert_int_equal(needed, 15);
    assert_memory_equal(text, raw, len);

    needed = 0;
    assert_int_equal(boooply_json_parse(&doc, text, len, tokens, 14, &needed),
                     BOOOPLY_E_TOO_MANY_TOKENS);
    assert_int_equal(needed, 15);
    assert_memory_equal(text, raw, len);

    needed = 0;
    assert_int_equal(boooply_json_parse(&doc, text, len, tokens, 15, &needed), BOOOPLY_OK);
    assert_int_equal(needed, 15);
    assert_int_equal(doc.count, 15);
    EXPECT_STRING(&doc, boooply_json_get(&doc, 0, "code"), "AB-123");
    guarded_free(&g);
}

static void json_iteration(void **state) {
    static const char text[] =
        "{\"a\":[1,{\"x\":[2,3],\"y\":{\"z\":null}},\"s\",[[]]],"
        "\"b\":{\"c\":{\"d\":true}},\"e\":null,\"f\":{}}";
    static const char *const keys[] = {"a", "b", "e", "f"};
    static const boooply_json_type_t key_types[] = {BOOOPLY_JSON_ARRAY, BOOOPLY_JSON_OBJECT,
                                                    BOOOPLY_JSON_NULL, BOOOPLY_JSON_OBJECT};
    static const boooply_json_type_t element_types[] = {BOOOPLY_JSON_NUMBER, BOOOPLY_JSON_OBJECT,
                                                        BOOOPLY_JSON_STRING, BOOOPLY_JSON_ARRAY};
    parsed_t p;
    boooply_iter_t it;
    int k, n, a;
    (void)state;

    assert_int_equal(parse_text(&p, text), BOOOPLY_OK);
    assert_int_equal(boooply_json_size(&p.doc, 0), 4);

    /* Root members, each value skipped whole to reach the next key. */
    it = boooply_json_iter(&p.doc, 0);
    n = 0;
    while (boooply_json_next(&it, &k)) {
        assert_true(n < 4);
        expect_string_n(&p.doc, k, keys[n], strlen(keys[n]));
        assert_int_equal(boooply_json_type(&p.doc, k + 1), key_types[n]);
        n++;
    }
    assert_int_equal(n, 4);
    assert_int_equal(boooply_json_next(&it, &k), 0);

    /* The array "a": the object and the nested array are one element each. */
    a = boooply_json_get(&p.doc, 0, "a");
    assert_int_equal(boooply_json_size(&p.doc, a), 4);
    it = boooply_json_iter(&p.doc, a);
    n = 0;
    while (boooply_json_next(&it, &k)) {
        assert_true(n < 4);
        assert_int_equal(boooply_json_type(&p.doc, k), element_types[n]);
        if (n == 2) EXPECT_STRING(&p.doc, k, "s");
        if (n == 1) assert_int_equal(boooply_json_size(&p.doc, k), 2);
        n++;
    }
    assert_int_equal(n, 4);

    /* Empty containers and scalars iterate over nothing. */
    it = boooply_json_iter(&p.doc, boooply_json_get(&p.doc, 0, "f"));
    assert_int_equal(boooply_json_next(&it, &k), 0);
    it = boooply_json_iter(&p.doc, boooply_json_get(&p.doc, 0, "e"));
    assert_int_equal(boooply_json_next(&it, &k), 0);
    assert_int_equal(boooply_json_size(&p.doc, boooply_json_get(&p.doc, 0, "e")), 0);
    guarded_free(&p.guard);
}

static void json_path(void **state) {
    parsed_t p;
    int flag = 0, v;
    (void)state;

    assert_int_equal(parse_text(&p, "{\"meeting\":{\"url\":\"https://m.example/x\","
                                    "\"host\":{\"name\":\"Ann\"}},\"list\":[{\"url\":1}],"
                                    "\"b\":{\"c\":{\"d\":true}}}"),
                     BOOOPLY_OK);
    EXPECT_STRING(&p.doc, boooply_json_path(&p.doc, 0, "meeting.url"), "https://m.example/x");
    EXPECT_STRING(&p.doc, boooply_json_path(&p.doc, 0, "meeting.host.name"), "Ann");
    v = boooply_json_path(&p.doc, 0, "b.c.d");
    assert_int_equal(boooply_json_get_bool(&p.doc, v, &flag), BOOOPLY_OK);
    assert_int_equal(flag, 1);

    /* A path may start at an inner object, and a path of one key works like
     * boooply_json_get(). */
    v = boooply_json_get(&p.doc, 0, "meeting");
    EXPECT_STRING(&p.doc, boooply_json_path(&p.doc, v, "host.name"), "Ann");
    assert_int_equal(boooply_json_path(&p.doc, 0, "meeting"), v);

    assert_int_equal(boooply_json_path(&p.doc, 0, "meeting.missing"), -1);
    assert_int_equal(boooply_json_path(&p.doc, 0, "missing.url"), -1);
    assert_int_equal(boooply_json_path(&p.doc, 0, "list.url"), -1); /* through an array */
    assert_int_equal(boooply_json_path(&p.doc, 0, "b.c.d.e"), -1);  /* through a bool */
    assert_int_equal(boooply_json_path(&p.doc, 0, NULL), -1);
    guarded_free(&p.guard);
}

static void json_types(void **state) {
    parsed_t p;
    boooply_str_t s;
    int32_t i32 = 77;
    int flag = 77;
    double d = 7.0;
    int o, a, str, num, t, f, z;
    (void)state;

    assert_int_equal(parse_text(&p, "{\"o\":{},\"a\":[],\"s\":\"x\",\"n\":-1.5e3,"
                                    "\"t\":true,\"f\":false,\"z\":null}"),
                     BOOOPLY_OK);
    o = boooply_json_get(&p.doc, 0, "o");
    a = boooply_json_get(&p.doc, 0, "a");
    str = boooply_json_get(&p.doc, 0, "s");
    num = boooply_json_get(&p.doc, 0, "n");
    t = boooply_json_get(&p.doc, 0, "t");
    f = boooply_json_get(&p.doc, 0, "f");
    z = boooply_json_get(&p.doc, 0, "z");

    assert_int_equal(boooply_json_type(&p.doc, 0), BOOOPLY_JSON_OBJECT);
    assert_int_equal(boooply_json_type(&p.doc, o), BOOOPLY_JSON_OBJECT);
    assert_int_equal(boooply_json_type(&p.doc, a), BOOOPLY_JSON_ARRAY);
    assert_int_equal(boooply_json_type(&p.doc, str), BOOOPLY_JSON_STRING);
    assert_int_equal(boooply_json_type(&p.doc, num), BOOOPLY_JSON_NUMBER);
    assert_int_equal(boooply_json_type(&p.doc, t), BOOOPLY_JSON_BOOL);
    assert_int_equal(boooply_json_type(&p.doc, f), BOOOPLY_JSON_BOOL);
    assert_int_equal(boooply_json_type(&p.doc, z), BOOOPLY_JSON_NULL);
    assert_int_equal(boooply_json_type(&p.doc, p.doc.count), BOOOPLY_JSON_NONE);

    assert_int_equal(boooply_json_get_bool(&p.doc, t, &flag), BOOOPLY_OK);
    assert_int_equal(flag, 1);
    assert_int_equal(boooply_json_get_bool(&p.doc, f, &flag), BOOOPLY_OK);
    assert_int_equal(flag, 0);
    assert_int_equal(boooply_json_get_double(&p.doc, num, &d), BOOOPLY_OK);
    expect_near(d, -1500.0);

    /* The wrong type is an error and leaves the output alone. */
    flag = 77;
    assert_int_equal(boooply_json_get_string(&p.doc, num, &s), BOOOPLY_E_UNEXPECTED_JSON);
    assert_null(s.ptr);
    assert_int_equal(boooply_json_get_int32(&p.doc, str, &i32), BOOOPLY_E_UNEXPECTED_JSON);
    assert_int_equal(i32, 77);
    assert_int_equal(boooply_json_get_int32(&p.doc, t, &i32), BOOOPLY_E_UNEXPECTED_JSON);
    assert_int_equal(i32, 77);
    assert_int_equal(boooply_json_get_bool(&p.doc, str, &flag), BOOOPLY_E_UNEXPECTED_JSON);
    assert_int_equal(flag, 77);
    assert_int_equal(boooply_json_get_double(&p.doc, o, &d), BOOOPLY_E_UNEXPECTED_JSON);
    assert_int_equal(boooply_json_get_string(&p.doc, a, &s), BOOOPLY_E_UNEXPECTED_JSON);
    assert_int_equal(boooply_json_get_bool(&p.doc, z, &flag), BOOOPLY_E_NOT_FOUND);
    assert_int_equal(flag, 77);
    guarded_free(&p.guard);
}

static void json_index_minus_one(void **state) {
    parsed_t p;
    boooply_iter_t it;
    boooply_str_t s;
    int32_t i32 = 77;
    int64_t i64 = 77;
    double d = 7.0;
    int flag = 77, k = 77;
    (void)state;

    assert_int_equal(parse_text(&p, "{\"a\":{\"b\":1}}"), BOOOPLY_OK);
    assert_int_equal(boooply_json_type(&p.doc, -1), BOOOPLY_JSON_NONE);
    assert_int_equal(boooply_json_get(&p.doc, -1, "a"), -1);
    assert_int_equal(boooply_json_path(&p.doc, -1, "a.b"), -1);
    assert_int_equal(boooply_json_size(&p.doc, -1), 0);
    it = boooply_json_iter(&p.doc, -1);
    assert_int_equal(boooply_json_next(&it, &k), 0);
    assert_int_equal(k, 77);
    s.ptr = "sentinel";
    s.len = 8;
    assert_int_equal(boooply_json_get_string(&p.doc, -1, &s), BOOOPLY_E_NOT_FOUND);
    assert_null(s.ptr);
    assert_int_equal(s.len, 0);
    assert_int_equal(boooply_json_get_int32(&p.doc, -1, &i32), BOOOPLY_E_NOT_FOUND);
    assert_int_equal(i32, 77);
    assert_int_equal(boooply_json_get_int64(&p.doc, -1, &i64), BOOOPLY_E_NOT_FOUND);
    assert_true(i64 == 77);
    assert_int_equal(boooply_json_get_double(&p.doc, -1, &d), BOOOPLY_E_NOT_FOUND);
    assert_true(d == 7.0);
    assert_int_equal(boooply_json_get_bool(&p.doc, -1, &flag), BOOOPLY_E_NOT_FOUND);
    assert_int_equal(flag, 77);

    /* A lookup that misses gives -1, which chains without checks. */
    assert_int_equal(boooply_json_get(&p.doc, boooply_json_get(&p.doc, 0, "missing"), "b"), -1);

    /* A NULL key or iterator finds nothing either. */
    assert_int_equal(boooply_json_get(&p.doc, 0, NULL), -1);
    assert_int_equal(boooply_json_path(&p.doc, 0, NULL), -1);
    assert_int_equal(boooply_json_next(NULL, &k), 0);
    assert_int_equal(k, 77);
    guarded_free(&p.guard);
}

static void json_empty_and_null(void **state) {
    boooply_token_t tokens[4];
    boooply_json_t doc;
    size_t needed = 99;
    (void)state;

    expect_parse_error("empty text", "", 0, BOOOPLY_E_MALFORMED_JSON);
    expect_parse_error("only whitespace", " \t\r\n", 4, BOOOPLY_E_MALFORMED_JSON);
    assert_int_equal(boooply_json_parse(&doc, NULL, 0, tokens, 4, &needed),
                     BOOOPLY_E_INVALID_ARGUMENT);
    assert_int_equal(needed, 0);
    assert_int_equal(boooply_json_parse(&doc, NULL, 5, tokens, 4, NULL),
                     BOOOPLY_E_INVALID_ARGUMENT);
}

static void json_scalar_roots(void **state) {
    parsed_t p;
    boooply_str_t s;
    int32_t i32 = 0;
    int flag = 0;
    double d = 0;
    (void)state;

    assert_int_equal(parse_text(&p, "42"), BOOOPLY_OK);
    assert_int_equal(p.doc.count, 1);
    assert_int_equal(boooply_json_get_int32(&p.doc, 0, &i32), BOOOPLY_OK);
    assert_int_equal(i32, 42);
    guarded_free(&p.guard);

    assert_int_equal(parse_text(&p, "-1.5e3"), BOOOPLY_OK);
    assert_int_equal(boooply_json_get_double(&p.doc, 0, &d), BOOOPLY_OK);
    expect_near(d, -1500.0);
    guarded_free(&p.guard);

    assert_int_equal(parse_text(&p, "\"hi\\n\""), BOOOPLY_OK);
    EXPECT_STRING(&p.doc, 0, "hi\n");
    guarded_free(&p.guard);

    assert_int_equal(parse_text(&p, "true"), BOOOPLY_OK);
    assert_int_equal(boooply_json_get_bool(&p.doc, 0, &flag), BOOOPLY_OK);
    assert_int_equal(flag, 1);
    guarded_free(&p.guard);

    assert_int_equal(parse_text(&p, "false"), BOOOPLY_OK);
    assert_int_equal(boooply_json_get_bool(&p.doc, 0, &flag), BOOOPLY_OK);
    assert_int_equal(flag, 0);
    guarded_free(&p.guard);

    assert_int_equal(parse_text(&p, "null"), BOOOPLY_OK);
    assert_int_equal(boooply_json_type(&p.doc, 0), BOOOPLY_JSON_NULL);
    assert_int_equal(boooply_json_get_string(&p.doc, 0, &s), BOOOPLY_E_NOT_FOUND);
    guarded_free(&p.guard);

    /* A root scalar followed by another value, or by a stray byte. */
    expect_parse_error("two scalars", "1 2", 3, BOOOPLY_E_MALFORMED_JSON);
    expect_parse_error("number and letter", "1x", 2, BOOOPLY_E_MALFORMED_JSON);
    expect_parse_error("true and letter", "truex", 5, BOOOPLY_E_MALFORMED_JSON);
    expect_parse_error("a zero byte after the root", "1\0", 2, BOOOPLY_E_MALFORMED_JSON);
}

static void json_whitespace(void **state) {
    parsed_t p;
    int32_t i32 = 0;
    (void)state;

    assert_int_equal(parse_text(&p, " \t\r\n{ \"a\" :\n[ 1 , 2 ]\t} \r\n"), BOOOPLY_OK);
    assert_int_equal(boooply_json_size(&p.doc, boooply_json_get(&p.doc, 0, "a")), 2);
    assert_int_equal(boooply_json_get_int32(&p.doc, boooply_json_get(&p.doc, 0, "a") + 2, &i32),
                     BOOOPLY_OK);
    assert_int_equal(i32, 2);
    guarded_free(&p.guard);

    /* Only space, tab, CR and LF are JSON whitespace. */
    expect_parse_error("form feed", "\f1", 2, BOOOPLY_E_MALFORMED_JSON);
    expect_parse_error("vertical tab", "[1,\v2]", 6, BOOOPLY_E_MALFORMED_JSON);
    expect_parse_error("no-break space", "\xC2\xA0" "1", 3, BOOOPLY_E_MALFORMED_JSON);
}

/* Every proper prefix of a complete document is an error, and the text
 * stays unchanged. */
static void expect_prefixes_fail(const char *label, const char *text, size_t len) {
    size_t n;
    for (n = 0; n < len; n++) {
        char name[96];
        snprintf(name, sizeof name, "%s cut to %zu bytes", label, n);
        expect_parse_error(name, text, n, BOOOPLY_E_MALFORMED_JSON);
    }
}

static void json_every_prefix(void **state) {
    static const char nested[] =
        "{\"a\":[1,-2.5e+3,{\"b\":null}],\"c\":\"\\ud83d\\ude00\",\"d\":true,\"e\":false}";
    static const char *const names[] = {"27-json-escapes-unicode.json", "31a-json-numbers.json",
                                        "32-json-null-for-string.json"};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        char raw[512];
        size_t len = read_case(names[i], raw, sizeof raw);
        expect_prefixes_fail(names[i], raw, len);
    }
    expect_prefixes_fail("nested document", nested, sizeof nested - 1);
}

static void json_int32_edges(void **state) {
    static const struct {
        const char *text;
        boooply_err_t err;
        int32_t value;
    } cases[] = {
        {"2147483647", BOOOPLY_OK, INT32_MAX},
        {"-2147483648", BOOOPLY_OK, INT32_MIN},
        {"2147483648", BOOOPLY_E_OUT_OF_RANGE, 0},
        {"-2147483649", BOOOPLY_E_OUT_OF_RANGE, 0},
        {"2.147483647e9", BOOOPLY_OK, INT32_MAX},
        {"-2147483648.0", BOOOPLY_OK, INT32_MIN},
        {"21474836470e-1", BOOOPLY_OK, INT32_MAX},
        {"2.147483648e9", BOOOPLY_E_OUT_OF_RANGE, 0},
        {"0.5e1", BOOOPLY_OK, 5},
        {"100e-2", BOOOPLY_OK, 1},
        {"1e-2", BOOOPLY_E_UNEXPECTED_JSON, 0},
        {"0e99999", BOOOPLY_OK, 0},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        parsed_t p;
        int32_t v = 77;
        boooply_err_t err;
        assert_int_equal(parse_text(&p, cases[i].text), BOOOPLY_OK);
        err = boooply_json_get_int32(&p.doc, 0, &v);
        if (err != cases[i].err)
            fail_msg("%s: expected \"%s\", got \"%s\"", cases[i].text,
                     boooply_strerror(cases[i].err), boooply_strerror(err));
        if (err == BOOOPLY_OK && v != cases[i].value)
            fail_msg("%s: got %ld", cases[i].text, (long)v);
        if (err != BOOOPLY_OK && v != 77) fail_msg("%s: output written on an error", cases[i].text);
        guarded_free(&p.guard);
    }
}

static void json_int64_edges(void **state) {
    static const struct {
        const char *text;
        boooply_err_t err;
        int64_t value;
    } cases[] = {
        {"9223372036854775807", BOOOPLY_OK, INT64_MAX},
        {"-9223372036854775808", BOOOPLY_OK, INT64_MIN},
        {"9223372036854775808", BOOOPLY_E_OUT_OF_RANGE, 0},
        {"-9223372036854775809", BOOOPLY_E_OUT_OF_RANGE, 0},
        {"9.223372036854775807e18", BOOOPLY_OK, INT64_MAX},
        {"92233720368547758070e-1", BOOOPLY_OK, INT64_MAX},
        {"1e19", BOOOPLY_E_OUT_OF_RANGE, 0},
        {"18446744073709551615", BOOOPLY_E_OUT_OF_RANGE, 0},
        {"18446744073709551616", BOOOPLY_E_OUT_OF_RANGE, 0},
        {"-99999999999999999999999", BOOOPLY_E_OUT_OF_RANGE, 0},
        {"1e99999", BOOOPLY_E_OUT_OF_RANGE, 0},
        {"12345678901", BOOOPLY_OK, INT64_C(12345678901)},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        parsed_t p;
        int64_t v = 77;
        boooply_err_t err;
        assert_int_equal(parse_text(&p, cases[i].text), BOOOPLY_OK);
        err = boooply_json_get_int64(&p.doc, 0, &v);
        if (err != cases[i].err)
            fail_msg("%s: expected \"%s\", got \"%s\"", cases[i].text,
                     boooply_strerror(cases[i].err), boooply_strerror(err));
        if (err == BOOOPLY_OK && v != cases[i].value)
            fail_msg("%s: got %lld", cases[i].text, (long long)v);
        if (err != BOOOPLY_OK && v != 77) fail_msg("%s: output written on an error", cases[i].text);
        guarded_free(&p.guard);
    }
}

static void json_double_edges(void **state) {
    static const struct {
        const char *text;
        boooply_err_t err;
        double value;
    } cases[] = {
        {"0.1", BOOOPLY_OK, 0.1},
        {"-1e-5", BOOOPLY_OK, -1e-5},
        {"1e308", BOOOPLY_OK, 1e308},
        {"1.7976931348623157e308", BOOOPLY_OK, DBL_MAX},
        {"2.2250738585072014e-308", BOOOPLY_OK, DBL_MIN},
        {"123456789e-310", BOOOPLY_OK, 1.23456789e-302},
        {"0e400", BOOOPLY_OK, 0.0},
        {"1e309", BOOOPLY_E_OUT_OF_RANGE, 0},
        {"-1e400", BOOOPLY_E_OUT_OF_RANGE, 0},
    };
    size_t i, failures = 0;
    (void)state;
    /* Every row runs, and each wrong one is printed, before the test fails. */
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        parsed_t p;
        double v = 7.0;
        boooply_err_t err;
        assert_int_equal(parse_text(&p, cases[i].text), BOOOPLY_OK);
        err = boooply_json_get_double(&p.doc, 0, &v);
        guarded_free(&p.guard);
        if (err != cases[i].err) {
            print_error("%s: expected \"%s\", got \"%s\" (%.17g)\n", cases[i].text,
                        boooply_strerror(cases[i].err), boooply_strerror(err), v);
            failures++;
        } else if (err == BOOOPLY_OK && !is_near(v, cases[i].value)) {
            print_error("%s: expected %.17g, got %.17g\n", cases[i].text, cases[i].value, v);
            failures++;
        } else if (err != BOOOPLY_OK && v != 7.0) {
            print_error("%s: output written on an error\n", cases[i].text);
            failures++;
        }
    }
    assert_int_equal(failures, 0);
}

/* ------------------------------------------------------------------
 * JSON writer
 * ------------------------------------------------------------------ */

/* Writes {"code":"AB-123","candidate":<name>}. */
static void write_case40(boooply_json_writer_t *w, const char *name, size_t name_len) {
    boooply_json_write_begin_object(w);
    boooply_json_write_key(w, "code");
    boooply_json_write_string(w, "AB-123");
    boooply_json_write_key(w, "candidate");
    boooply_json_write_string_n(w, name, name_len);
    boooply_json_write_end_object(w);
}

static void writer_case40_body(void **state) {
    char name[128], expected[512];
    size_t name_len = read_case("40-json-writer-input-name.bin", name, sizeof name);
    size_t expected_len = read_case("40-json-writer-expected-body.json", expected, sizeof expected);
    boooply_json_writer_t w;
    guarded_t g;
    char *buf;
    size_t len = 0;
    (void)state;

    assert_int_equal(name_len, 60);
    assert_non_null(memchr(name, '\0', name_len));

    buf = guarded_copy(&g, expected, expected_len);
    memset(buf, '#', expected_len);
    boooply_json_writer_init(&w, buf, expected_len);
    write_case40(&w, name, name_len);
    assert_int_equal(boooply_json_writer_finish(&w, &len), BOOOPLY_OK);
    assert_int_equal(len, expected_len);
    assert_memory_equal(buf, expected, expected_len);
    guarded_free(&g);
}

/* Integers of every size are written as printf writes them and read back
 * exactly. An integral value with a fraction part of zeros reads as the
 * integer. The values are edges around powers of ten and a reproducible
 * pseudo-random spread. */
static void writer_int64_digits(void **state) {
    uint64_t x = UINT64_C(0x9E3779B97F4A7C15);
    int i;
    (void)state;
    for (i = 0; i < 20000; i++) {
        char out[32], expected[32], text[96];
        boooply_json_writer_t w;
        size_t len = 0;
        int64_t value, back = 0;
        parsed_t p;
        if (i < 4) {
            static const int64_t edges[4] = {INT64_MIN, INT64_MAX, INT64_MIN + 1, -1};
            value = edges[i];
        } else if (i < 4 + 19 * 3) {
            int k = (i - 4) / 3;
            int64_t power = 1;
            int j;
            for (j = 0; j < k; j++) power *= 10;
            value = power * 10 - 1 + (i - 4) % 3; /* 10^(k+1) - 1, 10^(k+1), 10^(k+1) + 1 */
            if (k == 18) value = INT64_MAX - (i - 4) % 3;
        } else {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            value = (int64_t)(x >> (unsigned)(i % 64));
            if (i & 1) value = -value;
        }
        snprintf(expected, sizeof expected, "%lld", (long long)value);
        boooply_json_writer_init(&w, out, sizeof out);
        boooply_json_write_int(&w, value);
        assert_int_equal(boooply_json_writer_finish(&w, &len), BOOOPLY_OK);
        assert_int_equal(len, strlen(expected));
        out[len] = '\0';
        assert_string_equal(out, expected);

        snprintf(text, sizeof text, "[%s,%s.000e0]", expected, expected);
        assert_int_equal(parse_text(&p, text), BOOOPLY_OK);
        assert_int_equal(boooply_json_get_int64(&p.doc, 1, &back), BOOOPLY_OK);
        assert_true(back == value);
        back = 0;
        assert_int_equal(boooply_json_get_int64(&p.doc, 2, &back), BOOOPLY_OK);
        assert_true(back == value);
        guarded_free(&p.guard);
    }
}

static void writer_measure(void **state) {
    char name[128];
    size_t name_len = read_case("40-json-writer-input-name.bin", name, sizeof name);
    char buf[512];
    boooply_json_writer_t w;
    size_t measured = 0, written = 0;
    (void)state;

    boooply_json_writer_init(&w, NULL, 0);
    write_case40(&w, name, name_len);
    assert_int_equal(boooply_json_writer_finish(&w, &measured), BOOOPLY_OK);

    boooply_json_writer_init(&w, buf, sizeof buf);
    write_case40(&w, name, name_len);
    assert_int_equal(boooply_json_writer_finish(&w, &written), BOOOPLY_OK);
    assert_int_equal(measured, written);
    assert_int_equal(measured, 235);
}

/* Writes case 40 into a buffer of cap bytes that ends at a guard page.
 * Expects BOOOPLY_E_BUFFER_TOO_SMALL, the exact size needed, and a buffer
 * that contains a prefix of the body followed by untouched bytes. */
static void expect_short_buffer(size_t cap) {
    char name[128], expected[512], fill[512];
    size_t name_len = read_case("40-json-writer-input-name.bin", name, sizeof name);
    size_t expected_len = read_case("40-json-writer-expected-body.json", expected, sizeof expected);
    boooply_json_writer_t w;
    guarded_t g;
    char *buf;
    size_t len = 0, written = 0, i;

    assert_true(cap < expected_len);
    memset(fill, '#', sizeof fill);
    buf = guarded_copy(&g, fill, cap);
    boooply_json_writer_init(&w, buf, cap);
    write_case40(&w, name, name_len);
    assert_int_equal(boooply_json_writer_finish(&w, &len), BOOOPLY_E_BUFFER_TOO_SMALL);
    assert_int_equal(len, expected_len);

    while (written < cap && buf[written] == expected[written]) written++;
    for (i = written; i < cap; i++)
        if (buf[i] != '#')
            fail_msg("capacity %zu: byte %zu was changed after a write that did not fit", cap, i);
    guarded_free(&g);
}

static void writer_short_buffer(void **state) {
    size_t cap;
    (void)state;
    for (cap = 0; cap < 235; cap++) expect_short_buffer(cap);
}

static void writer_capacity_zero_one(void **state) {
    boooply_json_writer_t w;
    guarded_t g;
    char *buf;
    size_t len = 0;
    (void)state;

    buf = guarded_copy(&g, "", 0);
    boooply_json_writer_init(&w, buf, 0);
    boooply_json_write_begin_array(&w);
    boooply_json_write_end_array(&w);
    assert_int_equal(boooply_json_writer_finish(&w, &len), BOOOPLY_E_BUFFER_TOO_SMALL);
    assert_int_equal(len, 2);
    guarded_free(&g);

    buf = guarded_copy(&g, "#", 1);
    boooply_json_writer_init(&w, buf, 1);
    boooply_json_write_begin_array(&w);
    boooply_json_write_end_array(&w);
    assert_int_equal(boooply_json_writer_finish(&w, &len), BOOOPLY_E_BUFFER_TOO_SMALL);
    assert_int_equal(len, 2);
    assert_int_equal(buf[0], '[');
    guarded_free(&g);

    /* A one-byte document fits a one-byte buffer exactly. */
    buf = guarded_copy(&g, "#", 1);
    boooply_json_writer_init(&w, buf, 1);
    boooply_json_write_int(&w, 7);
    assert_int_equal(boooply_json_writer_finish(&w, &len), BOOOPLY_OK);
    assert_int_equal(len, 1);
    assert_int_equal(buf[0], '7');
    guarded_free(&g);
}

/* Where an invalid string goes in the writer tests. */
typedef enum utf8_place { PLACE_VALUE, PLACE_ELEMENT, PLACE_KEY } utf8_place_t;

/* Writes every row of the invalid UTF-8 case file at place and checks the
 * error, that no byte was added and that later calls write nothing. */
static void expect_invalid_utf8_rejected(utf8_place_t place) {
    char text[1024];
    size_t text_len = read_case("40-json-writer-invalid-utf8.txt", text, sizeof text);
    size_t pos = 0, rows = 0;
    row_t row;
    while (next_row(text, text_len, &pos, &row)) {
        char bytes[32], key[33], buf[128];
        size_t n = hex_decode(row.field[0], row.field_len[0], bytes, sizeof bytes);
        boooply_json_writer_t w;
        size_t before, i, len = 0;
        char label[64];
        snprintf(label, sizeof label, "%.*s", (int)row.field_len[0], row.field[0]);
        rows++;

        memset(buf, '#', sizeof buf);
        boooply_json_writer_init(&w, buf, sizeof buf);
        if (place == PLACE_ELEMENT) {
            boooply_json_write_begin_array(&w);
            boooply_json_write_string(&w, "ok");
        } else {
            boooply_json_write_begin_object(&w);
            boooply_json_write_key(&w, "code");
            boooply_json_write_string(&w, "AB-123");
            if (place == PLACE_VALUE) boooply_json_write_key(&w, "candidate");
        }
        before = w.len;
        if (place == PLACE_KEY) {
            memcpy(key, bytes, n);
            key[n] = '\0';
            boooply_json_write_key(&w, key);
        } else {
            boooply_json_write_string_n(&w, bytes, n);
        }
        if (w.len != before)
            fail_msg("%s: %zu bytes written after the rejected string", label, w.len - before);
        for (i = before; i < sizeof buf; i++)
            if (buf[i] != '#') fail_msg("%s: byte %zu written", label, i);

        /* The writer stays failed and writes nothing more. */
        boooply_json_write_string(&w, "more");
        assert_int_equal(w.len, before);
        assert_int_equal(boooply_json_writer_finish(&w, &len), BOOOPLY_E_INVALID_ARGUMENT);
        assert_int_equal(len, before);
    }
    assert_int_equal(rows, 7);
}

static void writer_invalid_utf8_value(void **state) {
    (void)state;
    expect_invalid_utf8_rejected(PLACE_VALUE);
}

static void writer_invalid_utf8_element(void **state) {
    (void)state;
    expect_invalid_utf8_rejected(PLACE_ELEMENT);
}

static void writer_invalid_utf8_key(void **state) {
    (void)state;
    expect_invalid_utf8_rejected(PLACE_KEY);
}

static void writer_misuse(void **state) {
    boooply_json_writer_t w;
    char buf[64];
    (void)state;

    /* A value in an object without a key. */
    boooply_json_writer_init(&w, buf, sizeof buf);
    boooply_json_write_begin_object(&w);
    boooply_json_write_int(&w, 1);
    assert_int_equal(boooply_json_writer_finish(&w, NULL), BOOOPLY_E_INVALID_ARGUMENT);

    /* A key in an array. */
    boooply_json_writer_init(&w, buf, sizeof buf);
    boooply_json_write_begin_array(&w);
    boooply_json_write_key(&w, "a");
    assert_int_equal(boooply_json_writer_finish(&w, NULL), BOOOPLY_E_INVALID_ARGUMENT);

    /* A key at the root. */
    boooply_json_writer_init(&w, buf, sizeof buf);
    boooply_json_write_key(&w, "a");
    assert_int_equal(boooply_json_writer_finish(&w, NULL), BOOOPLY_E_INVALID_ARGUMENT);

    /* Two keys in a row. */
    boooply_json_writer_init(&w, buf, sizeof buf);
    boooply_json_write_begin_object(&w);
    boooply_json_write_key(&w, "a");
    boooply_json_write_key(&w, "b");
    assert_int_equal(boooply_json_writer_finish(&w, NULL), BOOOPLY_E_INVALID_ARGUMENT);

    /* A key without its value before the end. */
    boooply_json_writer_init(&w, buf, sizeof buf);
    boooply_json_write_begin_object(&w);
    boooply_json_write_key(&w, "a");
    boooply_json_write_end_object(&w);
    assert_int_equal(boooply_json_writer_finish(&w, NULL), BOOOPLY_E_INVALID_ARGUMENT);

    /* An end with nothing open. */
    boooply_json_writer_init(&w, buf, sizeof buf);
    boooply_json_write_end_object(&w);
    assert_int_equal(boooply_json_writer_finish(&w, NULL), BOOOPLY_E_INVALID_ARGUMENT);

    /* An end of the other kind. */
    boooply_json_writer_init(&w, buf, sizeof buf);
    boooply_json_write_begin_object(&w);
    boooply_json_write_end_array(&w);
    assert_int_equal(boooply_json_writer_finish(&w, NULL), BOOOPLY_E_INVALID_ARGUMENT);

    /* One end too many. */
    boooply_json_writer_init(&w, buf, sizeof buf);
    boooply_json_write_begin_array(&w);
    boooply_json_write_end_array(&w);
    boooply_json_write_end_array(&w);
    assert_int_equal(boooply_json_writer_finish(&w, NULL), BOOOPLY_E_INVALID_ARGUMENT);

    /* An object left open. */
    boooply_json_writer_init(&w, buf, sizeof buf);
    boooply_json_write_begin_object(&w);
    assert_int_equal(boooply_json_writer_finish(&w, NULL), BOOOPLY_E_INVALID_ARGUMENT);

    /* Two roots. */
    boooply_json_writer_init(&w, buf, sizeof buf);
    boooply_json_write_begin_object(&w);
    boooply_json_write_end_object(&w);
    boooply_json_write_begin_object(&w);
    assert_int_equal(boooply_json_writer_finish(&w, NULL), BOOOPLY_E_INVALID_ARGUMENT);
    boooply_json_writer_init(&w, buf, sizeof buf);
    boooply_json_write_int(&w, 1);
    boooply_json_write_int(&w, 2);
    assert_int_equal(boooply_json_writer_finish(&w, NULL), BOOOPLY_E_INVALID_ARGUMENT);

    /* No root at all. */
    boooply_json_writer_init(&w, buf, sizeof buf);
    assert_int_equal(boooply_json_writer_finish(&w, NULL), BOOOPLY_E_INVALID_ARGUMENT);

    /* A NULL key, and NULL bytes with a length. */
    boooply_json_writer_init(&w, buf, sizeof buf);
    boooply_json_write_begin_object(&w);
    boooply_json_write_key(&w, NULL);
    assert_int_equal(boooply_json_writer_finish(&w, NULL), BOOOPLY_E_INVALID_ARGUMENT);
    boooply_json_writer_init(&w, buf, sizeof buf);
    boooply_json_write_string_n(&w, NULL, 3);
    assert_int_equal(boooply_json_writer_finish(&w, NULL), BOOOPLY_E_INVALID_ARGUMENT);
}

static void writer_int64_limits(void **state) {
    static const char expected[] =
        "[-9223372036854775808,9223372036854775807,0,-1,true,false,null]";
    boooply_json_writer_t w;
    char buf[128];
    size_t len = 0;
    parsed_t p;
    int64_t v = 0;
    (void)state;

    boooply_json_writer_init(&w, buf, sizeof buf);
    boooply_json_write_begin_array(&w);
    boooply_json_write_int(&w, INT64_MIN);
    boooply_json_write_int(&w, INT64_MAX);
    boooply_json_write_int(&w, 0);
    boooply_json_write_int(&w, -1);
    boooply_json_write_bool(&w, 1);
    boooply_json_write_bool(&w, 0);
    boooply_json_write_null(&w);
    boooply_json_write_end_array(&w);
    assert_int_equal(boooply_json_writer_finish(&w, &len), BOOOPLY_OK);
    assert_int_equal(len, sizeof expected - 1);
    assert_memory_equal(buf, expected, len);

    assert_int_equal(parse_bytes(&p, buf, len), BOOOPLY_OK);
    assert_int_equal(boooply_json_get_int64(&p.doc, 1, &v), BOOOPLY_OK);
    assert_true(v == INT64_MIN);
    assert_int_equal(boooply_json_get_int64(&p.doc, 2, &v), BOOOPLY_OK);
    assert_true(v == INT64_MAX);
    guarded_free(&p.guard);
}

static void writer_round_trip(void **state) {
    static const char *const strings[] = {
        "",
        "plain",
        "Caf\xC3\xA9 \"Q&A\" \\ round / 2",
        "\xF0\x9F\x98\x80 \xE6\xBC\xA2\xE5\xAD\x97",
        "line\r\nbreak\ttab\b\f",
        "\x7F and \xE2\x80\xA8",
    };
    char name[128];
    size_t name_len = read_case("40-json-writer-input-name.bin", name, sizeof name);
    char buf[1024];
    boooply_json_writer_t w;
    size_t len = 0, i;
    parsed_t p;
    boooply_iter_t it;
    int k, v, n = 0, flag = 0;
    int64_t number = 0;
    (void)state;

    boooply_json_writer_init(&w, buf, sizeof buf);
    boooply_json_write_begin_object(&w);
    boooply_json_write_key(&w, "name");
    boooply_json_write_string_n(&w, name, name_len);
    boooply_json_write_key(&w, "strings");
    boooply_json_write_begin_array(&w);
    for (i = 0; i < sizeof strings / sizeof strings[0]; i++)
        boooply_json_write_string(&w, strings[i]);
    boooply_json_write_end_array(&w);
    boooply_json_write_key(&w, "a \"quoted\"\nkey");
    boooply_json_write_begin_object(&w);
    boooply_json_write_key(&w, "n");
    boooply_json_write_int(&w, -42);
    boooply_json_write_key(&w, "t");
    boooply_json_write_bool(&w, 1);
    boooply_json_write_key(&w, "z");
    boooply_json_write_null(&w);
    boooply_json_write_key(&w, "empty");
    boooply_json_write_begin_array(&w);
    boooply_json_write_end_array(&w);
    boooply_json_write_end_object(&w);
    boooply_json_write_end_object(&w);
    assert_int_equal(boooply_json_writer_finish(&w, &len), BOOOPLY_OK);

    assert_int_equal(parse_bytes(&p, buf, len), BOOOPLY_OK);
    expect_string_n(&p.doc, boooply_json_get(&p.doc, 0, "name"), name, name_len);

    it = boooply_json_iter(&p.doc, boooply_json_get(&p.doc, 0, "strings"));
    while (boooply_json_next(&it, &k)) {
        assert_true((size_t)n < sizeof strings / sizeof strings[0]);
        expect_string_n(&p.doc, k, strings[n], strlen(strings[n]));
        n++;
    }
    assert_int_equal(n, sizeof strings / sizeof strings[0]);

    v = boooply_json_get(&p.doc, 0, "a \"quoted\"\nkey");
    assert_int_equal(boooply_json_type(&p.doc, v), BOOOPLY_JSON_OBJECT);
    assert_int_equal(boooply_json_get_int64(&p.doc, boooply_json_get(&p.doc, v, "n"), &number),
                     BOOOPLY_OK);
    assert_true(number == -42);
    assert_int_equal(boooply_json_get_bool(&p.doc, boooply_json_get(&p.doc, v, "t"), &flag),
                     BOOOPLY_OK);
    assert_int_equal(flag, 1);
    assert_int_equal(boooply_json_type(&p.doc, boooply_json_get(&p.doc, v, "z")),
                     BOOOPLY_JSON_NULL);
    assert_int_equal(boooply_json_size(&p.doc, boooply_json_get(&p.doc, v, "empty")), 0);
    guarded_free(&p.guard);
}

/* ------------------------------------------------------------------
 * Request side
 * ------------------------------------------------------------------ */

static void encode_case37_rows(void **state) {
    static const char marker[] = "/v1/interviews/";
    char text[2048];
    size_t text_len = read_case("37-path-segment-encoding.txt", text, sizeof text);
    size_t pos = 0, rows = 0;
    row_t row;
    (void)state;

    while (next_row(text, text_len, &pos, &row)) {
        char input[64], out[256], label[64];
        const char *line, *start, *end;
        size_t n, expected_len, encoded;
        guarded_t g;
        char *dst;

        assert_int_equal(row.fields, 3);
        n = hex_decode(row.field[0], row.field_len[0], input, sizeof input);
        snprintf(label, sizeof label, "%.*s", (int)row.field_len[1], row.field[1]);
        line = row.field[2];
        start = strstr(line, marker);
        assert_non_null(start);
        start += sizeof marker - 1;
        end = strstr(start, " HTTP/1.1");
        assert_non_null(end);
        expected_len = (size_t)(end - start);

        /* Measure, then encode into a buffer that ends at a guard page. */
        encoded = boooply_percent_encode(input, n, NULL, 0);
        if (encoded != expected_len)
            fail_msg("%s: measured %zu bytes, expected %zu", label, encoded, expected_len);
        memset(out, '#', expected_len);
        dst = guarded_copy(&g, out, expected_len);
        encoded = boooply_percent_encode(input, n, dst, expected_len);
        assert_int_equal(encoded, expected_len);
        if (memcmp(dst, start, expected_len) != 0)
            fail_msg("%s: got \"%.*s\", expected \"%.*s\"", label, (int)expected_len, dst,
                     (int)expected_len, start);
        guarded_free(&g);
        rows++;
    }
    assert_int_equal(rows, 7);
}

/* The segment in a real request line is the same encoding, so a CR or LF
 * in an id never reaches the wire raw. */
static void encode_case37_request(void **state) {
    char text[2048];
    size_t text_len = read_case("37-path-segment-encoding.txt", text, sizeof text);
    size_t pos = 0;
    row_t row;
    (void)state;

    while (next_row(text, text_len, &pos, &row)) {
        char input[64], line[512], tail[256];
        size_t n = hex_decode(row.field[0], row.field_len[0], input, sizeof input - 1);
        const char *expected_tail = strstr(row.field[2], "/interviews/");
        size_t tail_len = (size_t)(row.field[2] + row.field_len[2] - expected_tail);
        fixture_t f;
        boooply_interview_t iv;

        assert_non_null(expected_tail);
        assert_true(tail_len < sizeof tail);
        memcpy(tail, expected_tail, tail_len);
        tail[tail_len] = '\0';
        input[n] = '\0';

        assert_int_equal(fixture_init(&f, "http://api.example.com", "tok", 0), BOOOPLY_OK);
        f.fake.connect_result = 0;
        assert_int_not_equal(boooply_interviews_get(&f.client, input, &iv), BOOOPLY_OK);
        assert_true(f.fake.sent_len > 0 && f.fake.sent_len < sizeof f.fake.sent);
        f.fake.sent[f.fake.sent_len] = '\0';
        first_line(f.fake.sent, line, sizeof line);
        if (strlen(line) < tail_len || strcmp(line + strlen(line) - tail_len, tail) != 0)
            fail_msg("request line \"%s\" does not end with \"%s\"", line, tail);
    }
}

/* Empty, "." and ".." are rejected before any connection. A NUL cannot be
 * passed at all, because the id is a C string that ends at the first NUL. */
static void encode_case37_rejects(void **state) {
    static const char *const codes[] = {"", ".", ".."};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        fixture_t f;
        boooply_interview_t iv;
        assert_int_equal(fixture_init(&f, "http://api.example.com", "tok", 0), BOOOPLY_OK);
        f.fake.connect_result = 0;
        if (boooply_interviews_get(&f.client, codes[i], &iv) != BOOOPLY_E_INVALID_ARGUMENT)
            fail_msg("code \"%s\" was not rejected", codes[i]);
        assert_int_equal(f.fake.connects, 0);
        assert_int_equal(f.fake.sent_len, 0);
    }
}

static void init_case39_keys(void **state) {
    char text[1024];
    size_t text_len = read_case("39-header-value-injection.txt", text, sizeof text);
    size_t pos = 0, rows = 0;
    row_t row;
    (void)state;

    while (next_row(text, text_len, &pos, &row)) {
        char key[64], label[64], value[128];
        size_t n = hex_decode(row.field[0], row.field_len[0], key, sizeof key - 1);
        int accept = row.field_len[2] >= 4 && memcmp(row.field[2], "send", 4) == 0;
        char *nul = memchr(key, '\0', n);
        fixture_t f;
        boooply_err_t err;

        key[n] = '\0';
        snprintf(label, sizeof label, "%.*s", (int)row.field_len[1], row.field[1]);
        rows++;
        if (nul) {
            /* A C string ends at the NUL, so the library only receives the
             * bytes before it. Here that is the valid shorter key "to",
             * which is accepted and sent as it is. */
            assert_int_equal(fixture_init(&f, "http://api.example.com", key, 0), BOOOPLY_OK);
            request_header_value(fixture_request(&f, "/interviews"), "Authorization", value, sizeof value);
            assert_string_equal(value, "Bearer to");
            continue;
        }
        err = fixture_init(&f, "http://api.example.com", key, 0);
        if (!accept) {
            if (err != BOOOPLY_E_INVALID_ARGUMENT) fail_msg("%s: key accepted", label);
            assert_non_null(f.client.last.message);
            assert_true(f.client.last.message[0] != '\0');
            assert_int_equal(f.fake.connects, 0);
            continue;
        }
        if (err != BOOOPLY_OK) fail_msg("%s: key rejected", label);
        request_header_value(fixture_request(&f, "/interviews"), "Authorization", value, sizeof value);
        assert_string_equal(value, "Bearer tok123-._~+/=");
    }
    assert_int_equal(rows, 8);
}

static void init_null_key(void **state) {
    fixture_t f;
    (void)state;
    assert_int_equal(fixture_init(&f, "http://api.example.com", NULL, 0),
                     BOOOPLY_E_INVALID_ARGUMENT);
}

static void init_base_url_accepted(void **state) {
    static const struct {
        const char *url;
        unsigned flags;
        const char *host;
        uint16_t port;
        const char *host_header;
        const char *request_line;
    } cases[] = {
        {"http://api.example.com", 0, "api.example.com", 80, "api.example.com",
         "GET /interviews HTTP/1.1"},
        {"https://api.boooply.com", BOOOPLY_PORT_SECURE, "api.boooply.com", 443, "api.boooply.com",
         "GET /interviews HTTP/1.1"},
        {"http://127.0.0.1:8080", 0, "127.0.0.1", 8080, "127.0.0.1:8080",
         "GET /interviews HTTP/1.1"},
        {"http://[::1]:8080", 0, "::1", 8080, "[::1]:8080", "GET /interviews HTTP/1.1"},
        {"https://[2001:db8::7]", BOOOPLY_PORT_SECURE, "2001:db8::7", 443, "[2001:db8::7]",
         "GET /interviews HTTP/1.1"},
        {"http://localhost:1", 0, "localhost", 1, "localhost:1", "GET /interviews HTTP/1.1"},
        {"http://a-b.example.org:65535/", 0, "a-b.example.org", 65535, "a-b.example.org:65535",
         "GET /interviews HTTP/1.1"},
        {"http://api.example.com:443", 0, "api.example.com", 443, "api.example.com:443",
         "GET /interviews HTTP/1.1"},
        {"https://api.example.com:443", BOOOPLY_PORT_SECURE, "api.example.com", 443,
         "api.example.com", "GET /interviews HTTP/1.1"},
        {"https://api.example.com/v1", BOOOPLY_PORT_SECURE, "api.example.com", 443,
         "api.example.com", "GET /v1/interviews HTTP/1.1"},
        {"https://api.example.com:8443/base/v1/", BOOOPLY_PORT_SECURE, "api.example.com", 8443,
         "api.example.com:8443", "GET /base/v1/interviews HTTP/1.1"},
        {"HTTP://API.Example.COM", 0, "API.Example.COM", 80, "API.Example.COM",
         "GET /interviews HTTP/1.1"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fixture_t f;
        char line[256], host[256];
        const char *request;
        boooply_err_t err = fixture_init(&f, cases[i].url, "tok", cases[i].flags);
        if (err != BOOOPLY_OK)
            fail_msg("%s: rejected: %s", cases[i].url, f.client.last.message);
        assert_int_equal(f.fake.connects, 0); /* init does not connect */
        request = fixture_request(&f, "/interviews");
        assert_int_equal(f.fake.connects, 1);
        assert_string_equal(f.fake.host, cases[i].host);
        assert_int_equal(f.fake.port, cases[i].port);
        first_line(request, line, sizeof line);
        assert_string_equal(line, cases[i].request_line);
        request_header_value(request, "Host", host, sizeof host);
        assert_string_equal(host, cases[i].host_header);
    }
}

static void init_base_url_rejected(void **state) {
    static const struct {
        const char *url;
        unsigned flags;
    } cases[] = {
        {"ftp://api.example.com", 0},
        {"ws://api.example.com", 0},
        {"api.example.com", 0},
        {"//api.example.com", 0},
        {"http:/api.example.com", 0},
        {"", 0},
        {"http://user@api.example.com", 0},
        {"http://user:secret@api.example.com", 0},
        {"http://", 0},
        {"http:///v1", 0},
        {"http://:8080", 0},
        {"http://api.example.com:0", 0},
        {"http://api.example.com:65536", 0},
        {"http://api.example.com:99999999999", 0},
        {"http://api.example.com:", 0},
        {"http://api.example.com:/v1", 0},
        {"http://api.example.com:-1", 0},
        {"http://api.example.com:80a", 0},
        {"http://api.example.com?x=1", 0},
        {"http://api.example.com/v1?x=1", 0},
        {"http://api.example.com#top", 0},
        {"http://api.example.com/v1#top", 0},
        {"http://api example.com", 0},
        {"http://api.example.com/a b", 0},
        {" http://api.example.com", 0},
        {"http://api.example.com ", 0},
        {"http://api.example.com/\r\nX: 1", 0},
        {"http://[::1", 0},
        {"http://[]:8080", 0},
        {"http://[::1]x", 0},
        {"http://[::1]:", 0},
        {"https://api.example.com", 0},      /* https without a TLS port */
        {"https://api.example.com:8443", 0}, /* the same with a port number */
        {"http://api.example.com", BOOOPLY_PORT_SECURE}, /* a TLS port for http */
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fixture_t f;
        boooply_err_t err = fixture_init(&f, cases[i].url, "tok", cases[i].flags);
        if (err != BOOOPLY_E_INVALID_ARGUMENT) fail_msg("\"%s\": accepted", cases[i].url);
        assert_non_null(f.client.last.message);
        assert_true(f.client.last.message[0] != '\0');
        assert_int_equal(f.fake.connects, 0);
    }
    {
        fixture_t f;
        assert_int_equal(fixture_init(&f, NULL, "tok", 0), BOOOPLY_E_INVALID_ARGUMENT);
    }
}

static void init_host_max(void **state) {
    char url[BOOOPLY_HOST_MAX + 32];
    size_t prefix = strlen("http://");
    fixture_t f;
    (void)state;

    /* A host of exactly BOOOPLY_HOST_MAX bytes fits. */
    memcpy(url, "http://", prefix);
    memset(url + prefix, 'a', BOOOPLY_HOST_MAX);
    url[prefix + BOOOPLY_HOST_MAX] = '\0';
    assert_int_equal(fixture_init(&f, url, "tok", 0), BOOOPLY_OK);
    fixture_request(&f, "/interviews");
    assert_int_equal(strlen(f.fake.host), BOOOPLY_HOST_MAX);

    /* One byte more does not. */
    url[prefix + BOOOPLY_HOST_MAX] = 'a';
    url[prefix + BOOOPLY_HOST_MAX + 1] = '\0';
    assert_int_equal(fixture_init(&f, url, "tok", 0), BOOOPLY_E_INVALID_ARGUMENT);
}

static void join_link_encoding(void **state) {
    static const char url_text[] = "https://meet.example.com/j/AB-123";
    static const char query_url_text[] = "https://meet.example.com/j?lang=en";
    static const char token_text[] = "a b+c/d=&\xC3\xA9";
    boooply_str_t url = {url_text, sizeof url_text - 1};
    boooply_str_t query_url = {query_url_text, sizeof query_url_text - 1};
    boooply_str_t token = {token_text, sizeof token_text - 1};
    boooply_str_t absent = {NULL, 0};
    char dst[128];
    size_t needed = 0;
    (void)state;

    assert_int_equal(boooply_join_link(url, token, dst, sizeof dst, &needed), BOOOPLY_OK);
    assert_string_equal(dst, "https://meet.example.com/j/AB-123?token=a%20b%2Bc%2Fd%3D%26%C3%A9");
    assert_int_equal(needed, strlen(dst) + 1);

    assert_int_equal(boooply_join_link(query_url, token, dst, sizeof dst, &needed), BOOOPLY_OK);
    assert_string_equal(dst, "https://meet.example.com/j?lang=en&token=a%20b%2Bc%2Fd%3D%26%C3%A9");
    assert_int_equal(needed, strlen(dst) + 1);

    assert_int_equal(boooply_join_link(url, absent, dst, sizeof dst, &needed),
                     BOOOPLY_E_INVALID_ARGUMENT);
    assert_int_equal(boooply_join_link(absent, token, dst, sizeof dst, &needed),
                     BOOOPLY_E_INVALID_ARGUMENT);
}

static void join_link_short_buffer(void **state) {
    static const char url_text[] = "https://meet.example.com/j/AB-123";
    static const char token_text[] = "t k";
    static const char expected[] = "https://meet.example.com/j/AB-123?token=t%20k";
    boooply_str_t url = {url_text, sizeof url_text - 1};
    boooply_str_t token = {token_text, sizeof token_text - 1};
    char fill[64];
    guarded_t g;
    char *dst;
    size_t needed = 0, i;
    (void)state;

    memset(fill, '#', sizeof fill);

    /* One byte too small: nothing written, the exact size reported. */
    dst = guarded_copy(&g, fill, sizeof expected - 1);
    assert_int_equal(boooply_join_link(url, token, dst, sizeof expected - 1, &needed),
                     BOOOPLY_E_BUFFER_TOO_SMALL);
    assert_int_equal(needed, sizeof expected);
    for (i = 0; i < sizeof expected - 1; i++) assert_int_equal(dst[i], '#');
    guarded_free(&g);

    /* Exactly the size: the link and its NUL end at the guard page. */
    dst = guarded_copy(&g, fill, sizeof expected);
    assert_int_equal(boooply_join_link(url, token, dst, sizeof expected, &needed), BOOOPLY_OK);
    assert_memory_equal(dst, expected, sizeof expected);
    guarded_free(&g);

    /* A NULL destination only measures. */
    assert_int_equal(boooply_join_link(url, token, NULL, 0, &needed), BOOOPLY_E_BUFFER_TOO_SMALL);
    assert_int_equal(needed, sizeof expected);
}

/* boooply.h documents that the encoder "writes only when it fits in cap",
 * so a destination one byte too small keeps its bytes. */
static void encode_short_buffer(void **state) {
    static const char input[] = "a b/c";
    char fill[16];
    guarded_t g;
    char *dst;
    size_t i;
    (void)state;

    memset(fill, '#', sizeof fill);
    dst = guarded_copy(&g, fill, 8);
    assert_int_equal(boooply_percent_encode(input, sizeof input - 1, dst, 8), 9);
    for (i = 0; i < 8; i++)
        if (dst[i] != '#') fail_msg("byte %zu written although the result does not fit", i);
    guarded_free(&g);
}

static void str_copy_cases(void **state) {
    static const char text[] = "abcdef";
    boooply_str_t s = {text, 3};
    boooply_str_t absent = {NULL, 0};
    char dst[8];
    guarded_t g;
    char *edge;
    size_t needed = 0;
    (void)state;

    /* Fits, from a view that is not NUL-terminated. */
    memset(dst, '#', sizeof dst);
    assert_int_equal(boooply_str_copy(s, dst, 4, &needed), BOOOPLY_OK);
    assert_string_equal(dst, "abc");
    assert_int_equal(needed, 4);

    /* Truncated with a NUL, within cap. */
    edge = guarded_copy(&g, "###", 3);
    assert_int_equal(boooply_str_copy(s, edge, 3, &needed), BOOOPLY_E_BUFFER_TOO_SMALL);
    assert_int_equal(needed, 4);
    assert_memory_equal(edge, "ab", 3);
    guarded_free(&g);

    /* cap 0 writes nothing but still reports the size. */
    edge = guarded_copy(&g, "", 0);
    needed = 0;
    assert_int_equal(boooply_str_copy(s, edge, 0, &needed), BOOOPLY_E_BUFFER_TOO_SMALL);
    assert_int_equal(needed, 4);
    guarded_free(&g);

    /* An absent string copies as "". */
    memset(dst, '#', sizeof dst);
    assert_int_equal(boooply_str_copy(absent, dst, 1, &needed), BOOOPLY_OK);
    assert_int_equal(dst[0], '\0');
    assert_int_equal(needed, 1);

    /* needed may be NULL. */
    assert_int_equal(boooply_str_copy(s, dst, sizeof dst, NULL), BOOOPLY_OK);
    assert_string_equal(dst, "abc");
}

static void strerror_values(void **state) {
    int i, j;
    const char *unknown = boooply_strerror(BOOOPLY_E_COUNT_);
    (void)state;

    assert_non_null(unknown);
    assert_true(unknown[0] != '\0');
    assert_non_null(boooply_strerror((boooply_err_t)1000));
    assert_string_equal(boooply_strerror((boooply_err_t)1000), unknown);
    for (i = 0; i < BOOOPLY_E_COUNT_; i++) {
        const char *text = boooply_strerror((boooply_err_t)i);
        if (!text || !text[0]) fail_msg("value %d has no text", i);
        if (strcmp(text, unknown) == 0) fail_msg("value %d reads as unknown", i);
        for (j = 0; j < i; j++)
            if (strcmp(text, boooply_strerror((boooply_err_t)j)) == 0)
                fail_msg("values %d and %d share the text \"%s\"", j, i, text);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_case27_escapes),
        cmocka_unit_test(json_malformed_cases),
        cmocka_unit_test(json_case31a_numbers),
        cmocka_unit_test(json_double_range_edges),
        cmocka_unit_test(writer_int64_digits),
        cmocka_unit_test(json_case32_null_fields),
        cmocka_unit_test(json_case34_deep_nesting),
        cmocka_unit_test(json_depth_limit),
        cmocka_unit_test(json_duplicate_keys),
        cmocka_unit_test(json_nul_escape),
        cmocka_unit_test(json_surrogates),
        cmocka_unit_test(json_token_count),
        cmocka_unit_test(json_iteration),
        cmocka_unit_test(json_path),
        cmocka_unit_test(json_types),
        cmocka_unit_test(json_index_minus_one),
        cmocka_unit_test(json_empty_and_null),
        cmocka_unit_test(json_scalar_roots),
        cmocka_unit_test(json_whitespace),
        cmocka_unit_test(json_every_prefix),
        cmocka_unit_test(json_int32_edges),
        cmocka_unit_test(json_int64_edges),
        cmocka_unit_test(json_double_edges),
        cmocka_unit_test(writer_case40_body),
        cmocka_unit_test(writer_measure),
        cmocka_unit_test(writer_short_buffer),
        cmocka_unit_test(writer_capacity_zero_one),
        cmocka_unit_test(writer_invalid_utf8_value),
        cmocka_unit_test(writer_invalid_utf8_element),
        cmocka_unit_test(writer_invalid_utf8_key),
        cmocka_unit_test(writer_misuse),
        cmocka_unit_test(writer_int64_limits),
        cmocka_unit_test(writer_round_trip),
        cmocka_unit_test(encode_case37_rows),
        cmocka_unit_test(encode_case37_request),
        cmocka_unit_test(encode_case37_rejects),
        cmocka_unit_test(encode_short_buffer),
        cmocka_unit_test(init_case39_keys),
        cmocka_unit_test(init_null_key),
        cmocka_unit_test(init_base_url_accepted),
        cmocka_unit_test(init_base_url_rejected),
        cmocka_unit_test(init_host_max),
        cmocka_unit_test(join_link_encoding),
        cmocka_unit_test(join_link_short_buffer),
        cmocka_unit_test(str_copy_cases),
        cmocka_unit_test(strerror_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
