/* The HTTP framing cases of tests/cases/README.md, driven through the
 * public API over the scripted port of script_port.h.
 *
 * Every case runs through boooply_raw() and through boooply_request() with
 * boooply_read_body(), and each of those with the response delivered all
 * at once, byte by byte, in the writes its README row names, and split in
 * two at every offset. Every delivery must give the same result: error,
 * status, body bytes, reported headers, whether the connection was kept,
 * and the time spent on the fake clock. After each run a second request must
 * succeed, on the same connection when the first one kept it and on a new
 * one otherwise.
 *
 * The client's buffer and the read_body destination end at an
 * inaccessible page, so a write one byte past either one faults.
 */
#include "test_util.h"
#include "script_port.h"
#include "test_checks.h"

#define BUFFER_SIZE 4096
#define TOKEN_COUNT 256
#define TIMEOUT_MS 5000u
#define CASE_MAX 24576
#define BODY_MAX 20480
#define MAX_HEADERS 32
#define HEADER_NAME_SIZE 64
#define HEADER_VALUE_SIZE 512
#define MAX_PIECES 64
#define LABEL_SIZE 160

/* Reads of 5 bytes are skipped for responses longer than this, to keep the
 * run short: for the 20 000-byte body at every split offset they would make
 * about 80 million boooply_read_body() calls. */
#define SMALL_PIECE_MAX_CASE 4096

#define NOT_CHECKED (-1)
#define NEEDED_NOT_CHECKED ((size_t)-1)

static const char STANDARD_BODY[] =
    "{\"code\":\"AB-123\",\"status\":\"scheduled\",\"candidate\":\"Candidate One\"}";
#define STANDARD_BODY_LEN (sizeof STANDARD_BODY - 1)

/* --------------------------------------------------------------------
 * What one call saw
 * -------------------------------------------------------------------- */

typedef struct header_log {
    size_t count;
    int overflow;
    char names[MAX_HEADERS][HEADER_NAME_SIZE];
    size_t name_lens[MAX_HEADERS];
    char values[MAX_HEADERS][HEADER_VALUE_SIZE];
    size_t value_lens[MAX_HEADERS];
} header_log_t;

static void log_header(void *ctx, boooply_str_t name, boooply_str_t value) {
    header_log_t *log = (header_log_t *)ctx;
    if (log->count == MAX_HEADERS || name.len >= HEADER_NAME_SIZE || value.len >= HEADER_VALUE_SIZE) {
        log->overflow = 1;
        return;
    }
    memcpy(log->names[log->count], name.ptr, name.len);
    log->names[log->count][name.len] = '\0';
    log->name_lens[log->count] = name.len;
    memcpy(log->values[log->count], value.ptr, value.len);
    log->values[log->count][value.len] = '\0';
    log->value_lens[log->count] = value.len;
    log->count++;
}

static int same_name(const char *a, size_t a_len, const char *b) {
    size_t i;
    if (a_len != strlen(b)) return 0;
    for (i = 0; i < a_len; i++) {
        int x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (x >= 'A' && x <= 'Z') x += 'a' - 'A';
        if (y >= 'A' && y <= 'Z') y += 'a' - 'A';
        if (x != y) return 0;
    }
    return 1;
}

/* Returns the index of the first header called name (any case), or -1. */
static int find_header(const header_log_t *log, const char *name) {
    size_t i;
    for (i = 0; i < log->count; i++)
        if (same_name(log->names[i], log->name_lens[i], name)) return (int)i;
    return -1;
}

typedef enum api_mode { MODE_RAW, MODE_STREAMED } api_mode_t;

typedef struct outcome {
    boooply_err_t err;
    int status;
    size_t needed;
    char body[BODY_MAX]; /* client.doc.text after parsing, or in MODE_STREAMED the bytes read */
    size_t body_len;
    int body_overflow;
    int json_count;
    size_t pieces[MAX_PIECES]; /* sizes read_body returned, 0 at the end included */
    size_t piece_count;
    header_log_t headers;
    int connection_kept;  /* the client left the connection open after the call */
    uint32_t elapsed_ms;  /* fake time the call took */
    int runaway;
    unsigned misuse;
    int request_line_ok;  /* the first request starts with the request line and Host */
    int target_ok;        /* connect got the base URL's host and default port */
    /* The call that follows. */
    boooply_err_t next_err;
    int next_status;
    int next_body_ok;
    unsigned connects;
    size_t requests_first; /* complete requests on the first connection */
    size_t requests_second;
    int open_at_end;      /* a connection is open after boooply_close() */
} outcome_t;

/* --------------------------------------------------------------------
 * Checks that name the run that failed
 * -------------------------------------------------------------------- */

#define EXPECT_ERR(label, actual, expected)                                                 \
    do {                                                                                    \
        boooply_err_t actual_ = (actual), expected_ = (expected);                           \
        if (actual_ != expected_) {                                                         \
            print_error("%s: %s is %s, expected %s\n", (label), #actual,                    \
                        boooply_strerror(actual_), boooply_strerror(expected_));            \
            fail();                                                                         \
        }                                                                                   \
    } while (0)

/* --------------------------------------------------------------------
 * Shared state: one script and one token array, because the tests run one
 * after another.
 * -------------------------------------------------------------------- */

static script_port_t script;
static boooply_token_t tokens[TOKEN_COUNT];
static const char zeros[BUFFER_SIZE];
static char next_ok[128];
static size_t next_ok_len;

static void load_next_ok(void) {
    next_ok_len = read_case("00-next-ok.http", next_ok, sizeof next_ok);
}

static boooply_config_t make_config(void *buffer, size_t size, int secure) {
    boooply_config_t cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.base_url = secure ? "https://api.example.com" : "http://api.example.com";
    cfg.api_key = "tok123";
    cfg.port = script_port(&script, secure ? BOOOPLY_PORT_SECURE : 0u);
    cfg.buffer = buffer;
    cfg.buffer_size = size;
    cfg.tokens = tokens;
    cfg.token_count = TOKEN_COUNT;
    cfg.timeout_ms = TIMEOUT_MS;
    return cfg;
}

static boooply_request_t make_request(const char *method, const char *path) {
    boooply_request_t req;
    memset(&req, 0, sizeof req);
    req.method = method;
    req.path = path;
    return req;
}

/* Returns whether the client's document is the 00-next-ok.http body. */
static int doc_is_next_ok(boooply_client_t *c) {
    int value = 0;
    if (boooply_json_get_bool(&c->doc, boooply_json_get(&c->doc, 0, "next"), &value) != BOOOPLY_OK)
        return 0;
    return value == 1;
}

/* --------------------------------------------------------------------
 * One run: a case's bytes with one delivery, through one API path
 * -------------------------------------------------------------------- */

typedef struct delivery {
    char label[48];
    size_t chunk;
    size_t splits[SCRIPT_MAX_SPLITS];
    size_t split_count;
} delivery_t;

typedef struct run_spec {
    const char *data;
    size_t len;
    script_after_t after;
    size_t buffer_size;
    int secure;
    api_mode_t mode;
    size_t piece; /* read_body destination size in MODE_STREAMED */
} run_spec_t;

static outcome_t result;
static outcome_t reference;

/* Runs GET /case against the scripted response, then GET /next, and
 * stores what both calls saw in *out. GET /next gets 00-next-ok.http on
 * the first connection when the case leaves it open, and on the second
 * connection otherwise. */
static void run_once(const run_spec_t *spec, const delivery_t *d, outcome_t *out) {
    boooply_client_t c;
    boooply_config_t cfg;
    guarded_t buffer_guard, piece_guard;
    boooply_request_t req = make_request("GET", "/case");
    boooply_request_t next = make_request("GET", "/next");
    script_response_t *r;
    char *buffer, *piece = NULL;
    uint32_t start;
    boooply_err_t err;
    size_t first_len;
    const char *first;
    static const char request_start[] = "GET /case HTTP/1.1\r\nHost: api.example.com\r\n";

    memset(out, 0, sizeof *out);
    script_init(&script);
    r = script_add_response(&script, 0, spec->data, spec->len, spec->after);
    assert_non_null(r);
    r->chunk = d->chunk;
    memcpy(r->splits, d->splits, sizeof r->splits);
    r->split_count = d->split_count;
    if (spec->after == SCRIPT_KEEP_OPEN)
        assert_non_null(script_add_response(&script, 0, next_ok, next_ok_len, SCRIPT_KEEP_OPEN));
    assert_non_null(script_add_response(&script, 1, next_ok, next_ok_len, SCRIPT_KEEP_OPEN));

    assert_true(spec->buffer_size <= sizeof zeros);
    buffer = guarded_copy(&buffer_guard, zeros, spec->buffer_size);
    if (spec->mode == MODE_STREAMED) piece = guarded_copy(&piece_guard, zeros, spec->piece);
    cfg = make_config(buffer, spec->buffer_size, spec->secure);
    assert_int_equal(boooply_init(&c, &cfg), BOOOPLY_OK);
    c.on_header = log_header;
    c.on_header_ctx = &out->headers;

    start = script.clock_ms;
    if (spec->mode == MODE_RAW) {
        err = boooply_raw(&c, &req);
        if (c.doc.count > 0 && c.doc.len <= sizeof out->body) {
            memcpy(out->body, c.doc.text, c.doc.len);
            out->body_len = c.doc.len;
        } else if (c.doc.count > 0) {
            out->body_overflow = 1;
        }
        out->json_count = c.doc.count;
    } else {
        err = boooply_request(&c, &req);
        while (err == BOOOPLY_OK) {
            size_t got = 0;
            err = boooply_read_body(&c, piece, spec->piece, &got);
            if (err) break;
            if (out->piece_count < MAX_PIECES) out->pieces[out->piece_count] = got;
            out->piece_count++;
            if (got == 0) break;
            if (got > spec->piece || out->body_len + got > sizeof out->body) {
                out->body_overflow = 1;
                break;
            }
            memcpy(out->body + out->body_len, piece, got);
            out->body_len += got;
        }
    }
    out->err = err;
    out->status = c.last.http_status;
    out->needed = c.last.needed;
    out->elapsed_ms = script.clock_ms - start;
    out->connection_kept = script_is_open(&script);
    out->request_line_ok = script_request_count(&script, 0) > 0;
    if (out->request_line_ok) {
        first = script_request(&script, 0, 0, &first_len);
        out->request_line_ok = first_len > sizeof request_start &&
                               memcmp(first, request_start, sizeof request_start - 1) == 0;
    }
    out->target_ok = strcmp(script.host, "api.example.com") == 0 &&
                     script.port_number == (spec->secure ? 443 : 80);

    c.on_header = NULL;
    out->next_err = boooply_raw(&c, &next);
    out->next_status = c.last.http_status;
    out->next_body_ok = out->next_err == BOOOPLY_OK && doc_is_next_ok(&c);
    out->connects = script.connects;
    out->requests_first = script_request_count(&script, 0);
    out->requests_second = script_request_count(&script, 1);
    boooply_close(&c);
    out->open_at_end = script_is_open(&script);
    out->runaway = script.runaway;
    out->misuse = script.misuse;

    if (piece) guarded_free(&piece_guard);
    guarded_free(&buffer_guard);
}

/* --------------------------------------------------------------------
 * Expected results
 * -------------------------------------------------------------------- */

typedef struct expect {
    boooply_err_t err;
    boooply_err_t other_err; /* another correct error, whose body is not checked, or err itself */
    int status;              /* last.http_status, or NOT_CHECKED */
    size_t needed;           /* last.needed, or NEEDED_NOT_CHECKED */
    const char *body;        /* the JSON body, or in MODE_STREAMED the bytes read before the end or error */
    size_t body_len;
    int connection_kept;
    uint32_t elapsed_ms;     /* fake time the call must take */
} expect_t;

static expect_t expect_success(int status, const char *body, size_t body_len,
                               int connection_kept) {
    expect_t e;
    memset(&e, 0, sizeof e);
    e.err = e.other_err = BOOOPLY_OK;
    e.status = status;
    e.needed = NEEDED_NOT_CHECKED;
    e.body = body;
    e.body_len = body_len;
    e.connection_kept = connection_kept;
    return e;
}

/* Returns the expectation of a failure that closes the connection after
 * body_len bytes were read. */
static expect_t expect_failure(boooply_err_t err, int status, const char *body, size_t body_len) {
    expect_t e = expect_success(status, body, body_len, 0);
    e.err = e.other_err = err;
    return e;
}

/* Checks that the raw call parsed exactly body into client.doc: parsing the
 * expected text here changes it the same way the client's parse did. */
static void expect_json_body(const char *label, const outcome_t *o, const char *body, size_t len) {
    static char copy[BODY_MAX];
    static boooply_token_t expected_tokens[TOKEN_COUNT];
    boooply_json_t doc;
    if (len == 0) {
        EXPECT_EQ(label, o->json_count, 0);
        EXPECT_EQ(label, o->body_len, 0);
        return;
    }
    assert_true(len <= sizeof copy);
    memcpy(copy, body, len);
    assert_int_equal(boooply_json_parse(&doc, copy, len, expected_tokens, TOKEN_COUNT, NULL), BOOOPLY_OK);
    EXPECT_EQ(label, o->json_count, doc.count);
    EXPECT_EQ(label, o->body_len, len);
    EXPECT_TRUE(label, memcmp(o->body, copy, len) == 0);
}

static void expect_outcome(const char *label, api_mode_t mode, const expect_t *e, const outcome_t *o) {
    EXPECT_EQ(label, o->runaway, 0);
    EXPECT_EQ(label, o->misuse, 0);
    EXPECT_TRUE(label, o->request_line_ok);
    EXPECT_TRUE(label, o->target_ok);
    EXPECT_EQ(label, o->body_overflow, 0);
    if (o->err != e->err && o->err != e->other_err) {
        print_error("%s: the call returned %s, expected %s\n", label, boooply_strerror(o->err),
                    boooply_strerror(e->err));
        fail();
    }
    if (o->err == e->err) {
        if (e->status != NOT_CHECKED) EXPECT_EQ(label, o->status, e->status);
        if (e->needed != NEEDED_NOT_CHECKED) EXPECT_EQ(label, o->needed, e->needed);
        if (mode == MODE_RAW) {
            expect_json_body(label, o, e->body, e->body_len);
        } else {
            EXPECT_EQ(label, o->body_len, e->body_len);
            EXPECT_TRUE(label, e->body_len == 0 || memcmp(o->body, e->body, e->body_len) == 0);
        }
        EXPECT_EQ(label, o->connection_kept, e->connection_kept);
    } else {
        EXPECT_EQ(label, o->connection_kept, 0);
    }
    EXPECT_EQ(label, o->elapsed_ms, e->elapsed_ms);
    EXPECT_EQ(label, o->headers.overflow, 0);

    /* The next call works, on the kept connection or on a new one. */
    EXPECT_ERR(label, o->next_err, BOOOPLY_OK);
    EXPECT_EQ(label, o->next_status, 200);
    EXPECT_TRUE(label, o->next_body_ok);
    EXPECT_EQ(label, o->connects, o->connection_kept ? 1 : 2);
    EXPECT_EQ(label, o->requests_first, o->connection_kept ? 2 : 1);
    EXPECT_EQ(label, o->requests_second, o->connection_kept ? 0 : 1);
    EXPECT_EQ(label, o->open_at_end, 0);
}

/* Checks that run o gave the same result as the first delivery, ref. */
static void expect_same(const char *label, const outcome_t *ref, const outcome_t *o) {
    size_t i;
    EXPECT_ERR(label, o->err, ref->err);
    EXPECT_EQ(label, o->status, ref->status);
    EXPECT_EQ(label, o->needed, ref->needed);
    EXPECT_EQ(label, o->body_len, ref->body_len);
    EXPECT_TRUE(label, memcmp(o->body, ref->body, ref->body_len) == 0);
    EXPECT_EQ(label, o->json_count, ref->json_count);
    EXPECT_EQ(label, o->connection_kept, ref->connection_kept);
    EXPECT_EQ(label, o->elapsed_ms, ref->elapsed_ms);
    EXPECT_EQ(label, o->headers.count, ref->headers.count);
    for (i = 0; i < ref->headers.count; i++) {
        EXPECT_TRUE(label, strcmp(o->headers.names[i], ref->headers.names[i]) == 0);
        EXPECT_EQ(label, o->headers.value_lens[i], ref->headers.value_lens[i]);
        EXPECT_TRUE(label, memcmp(o->headers.values[i], ref->headers.values[i],
                                  ref->headers.value_lens[i]) == 0);
    }
}

/* --------------------------------------------------------------------
 * A case run with every delivery
 * -------------------------------------------------------------------- */

typedef void (*row_check_fn)(const char *label, const outcome_t *o);

typedef struct case_spec {
    const char *name;
    const char *data;
    size_t len;
    script_after_t after;
    size_t buffer_size;
    int secure;
    size_t chunks[4];                 /* the row's writes of n bytes, besides 1 */
    size_t chunk_count;
    size_t splits[SCRIPT_MAX_SPLITS]; /* the row's explicit split, if any */
    size_t split_count;
    expect_t raw;
    expect_t streamed;
    row_check_fn check;               /* checks of the row's own, or NULL */
} case_spec_t;

static char case_data[CASE_MAX];

static case_spec_t case_from_file(const char *file, script_after_t after) {
    case_spec_t k;
    memset(&k, 0, sizeof k);
    k.name = file;
    k.len = read_case(file, case_data, sizeof case_data);
    k.data = case_data;
    k.after = after;
    k.buffer_size = BUFFER_SIZE;
    return k;
}

static void run_delivery(const case_spec_t *k, const run_spec_t *spec, const expect_t *e,
                         const delivery_t *d, int first) {
    char label[LABEL_SIZE];
    if (spec->mode == MODE_RAW)
        snprintf(label, sizeof label, "%s, boooply_raw, %s", k->name, d->label);
    else
        snprintf(label, sizeof label, "%s, boooply_read_body of %zu bytes, %s", k->name, spec->piece,
                 d->label);

    run_once(spec, d, first ? &reference : &result);
    expect_outcome(label, spec->mode, e, first ? &reference : &result);
    if (k->check) k->check(label, first ? &reference : &result);
    if (!first) expect_same(label, &reference, &result);
}

static void run_mode(const case_spec_t *k, api_mode_t mode, size_t piece) {
    run_spec_t spec;
    delivery_t d;
    const expect_t *e = mode == MODE_RAW ? &k->raw : &k->streamed;
    size_t i;

    spec.data = k->data;
    spec.len = k->len;
    spec.after = k->after;
    spec.buffer_size = k->buffer_size;
    spec.secure = k->secure;
    spec.mode = mode;
    spec.piece = piece;

    memset(&d, 0, sizeof d);
    snprintf(d.label, sizeof d.label, "all at once");
    run_delivery(k, &spec, e, &d, 1);

    snprintf(d.label, sizeof d.label, "R=1");
    d.chunk = 1;
    run_delivery(k, &spec, e, &d, 0);

    for (i = 0; i < k->chunk_count; i++) {
        snprintf(d.label, sizeof d.label, "R=%zu", k->chunks[i]);
        d.chunk = k->chunks[i];
        run_delivery(k, &spec, e, &d, 0);
    }
    d.chunk = 0;

    if (k->split_count) {
        snprintf(d.label, sizeof d.label, "the row's split");
        memcpy(d.splits, k->splits, sizeof d.splits);
        d.split_count = k->split_count;
        run_delivery(k, &spec, e, &d, 0);
    }

    d.split_count = 1;
    for (i = 1; i < k->len; i++) {
        snprintf(d.label, sizeof d.label, "split %zu", i);
        d.splits[0] = i;
        run_delivery(k, &spec, e, &d, 0);
    }
}

static void run_case(const case_spec_t *k) {
    run_mode(k, MODE_RAW, 0);
    run_mode(k, MODE_STREAMED, 1000);
    if (k->len <= SMALL_PIECE_MAX_CASE) run_mode(k, MODE_STREAMED, 5);
}

/* Sets the same expectation for both API paths. */
static void expect_both(case_spec_t *k, expect_t e) {
    k->raw = e;
    k->streamed = e;
}

/* --------------------------------------------------------------------
 * HTTP framing cases
 * -------------------------------------------------------------------- */

static void chunked_split_reads(void **state) {
    case_spec_t k = case_from_file("01-chunked-split-reads.http", SCRIPT_KEEP_OPEN);
    (void)state;
    k.chunks[0] = 7;
    k.chunk_count = 1;
    expect_both(&k, expect_success(200, STANDARD_BODY, STANDARD_BODY_LEN, 1));
    run_case(&k);
}

static void chunk_extensions_ignored(void **state) {
    case_spec_t k = case_from_file("02a-chunk-extensions.http", SCRIPT_KEEP_OPEN);
    (void)state;
    k.chunks[0] = 7;
    k.chunk_count = 1;
    expect_both(&k, expect_success(200, STANDARD_BODY, STANDARD_BODY_LEN, 1));
    run_case(&k);
}

/* The row allows the whole body or malformed; every delivery must agree
 * with the first, and never yield a body of another size. */
static void chunk_extension_whitespace(void **state) {
    case_spec_t k = case_from_file("02b-chunk-extension-bws.http", SCRIPT_KEEP_OPEN);
    (void)state;
    expect_both(&k, expect_success(200, STANDARD_BODY, STANDARD_BODY_LEN, 1));
    k.raw.other_err = BOOOPLY_E_MALFORMED_RESPONSE;
    k.streamed.other_err = BOOOPLY_E_MALFORMED_RESPONSE;
    run_case(&k);
}

static void chunk_size_overflow(void **state) {
    case_spec_t k = case_from_file("03a-chunk-size-64bit-overflow.http", SCRIPT_FIN);
    (void)state;
    expect_both(&k, expect_failure(BOOOPLY_E_MALFORMED_RESPONSE, 200, "", 0));
    k.raw.other_err = BOOOPLY_E_RESPONSE_TOO_LARGE;
    k.streamed.other_err = BOOOPLY_E_RESPONSE_TOO_LARGE;
    run_case(&k);
}

static void chunked_trailers_keep_connection(void **state) {
    case_spec_t k = case_from_file("05-chunked-trailers.http", SCRIPT_KEEP_OPEN);
    (void)state;
    k.chunks[0] = 5;
    k.chunk_count = 1;
    expect_both(&k, expect_success(200, STANDARD_BODY, STANDARD_BODY_LEN, 1));
    run_case(&k);
}

static void content_length_truncated_by_fin(void **state) {
    case_spec_t k = case_from_file("06-content-length-truncated.http", SCRIPT_FIN);
    (void)state;
    k.raw = expect_failure(BOOOPLY_E_TRUNCATED, 200, "", 0);
    k.streamed = expect_failure(BOOOPLY_E_TRUNCATED, 200, STANDARD_BODY, 40);
    run_case(&k);
}

static void content_length_truncated_by_reset(void **state) {
    case_spec_t k = case_from_file("06-content-length-truncated.http", SCRIPT_RST);
    (void)state;
    k.raw = expect_failure(BOOOPLY_E_TRUNCATED, 200, "", 0);
    k.raw.other_err = BOOOPLY_E_TRANSPORT;
    k.streamed = expect_failure(BOOOPLY_E_TRUNCATED, 200, STANDARD_BODY, 40);
    k.streamed.other_err = BOOOPLY_E_TRANSPORT;
    run_case(&k);
}

/* The cut is reported at the close, with no time spent waiting. */
static void chunked_cut_fails_at_once(void **state) {
    case_spec_t k = case_from_file("07a-chunked-cut-mid-chunk.http", SCRIPT_FIN);
    (void)state;
    k.raw = expect_failure(BOOOPLY_E_TRUNCATED, 200, "", 0);
    k.streamed = expect_failure(BOOOPLY_E_TRUNCATED, 200, STANDARD_BODY, 11);
    run_case(&k);
}

static void both_framings_malformed(void **state) {
    case_spec_t k = case_from_file("08-te-and-content-length.http", SCRIPT_KEEP_OPEN);
    (void)state;
    expect_both(&k, expect_failure(BOOOPLY_E_MALFORMED_RESPONSE, NOT_CHECKED, "", 0));
    run_case(&k);
}

static void check_obs_fold(const char *label, const outcome_t *o) {
    int note = find_header(&o->headers, "X-Note");
    if (o->err != BOOOPLY_OK) return;
    EXPECT_TRUE(label, note >= 0);
    EXPECT_TRUE(label, strcmp(o->headers.values[note], "first part second part") == 0);
    EXPECT_TRUE(label, find_header(&o->headers, "X-After") >= 0);
}

static void obs_fold_joined(void **state) {
    case_spec_t k = case_from_file("10-obs-fold.http", SCRIPT_KEEP_OPEN);
    (void)state;
    expect_both(&k, expect_success(200, "{\"ok\":true}", 11, 1));
    k.check = check_obs_fold;
    run_case(&k);
}

/* Checks that only the final response's two headers are reported. */
static void check_no_interim_headers(const char *label, const outcome_t *o) {
    EXPECT_EQ(label, find_header(&o->headers, "Link"), -1);
    EXPECT_EQ(label, o->headers.count, 2);
    EXPECT_TRUE(label, find_header(&o->headers, "Content-Type") >= 0);
    EXPECT_TRUE(label, find_header(&o->headers, "Content-Length") >= 0);
}

static void interim_responses_skipped(void **state) {
    case_spec_t k = case_from_file("11-interim-1xx.http", SCRIPT_KEEP_OPEN);
    (void)state;
    k.splits[0] = 25;
    k.splits[1] = 50;
    k.splits[2] = 111;
    k.split_count = 3;
    expect_both(&k, expect_success(201, STANDARD_BODY, STANDARD_BODY_LEN, 1));
    k.check = check_no_interim_headers;
    run_case(&k);
}

static void no_content_keeps_connection(void **state) {
    case_spec_t k = case_from_file("12-204-keepalive.http", SCRIPT_KEEP_OPEN);
    (void)state;
    expect_both(&k, expect_success(204, "", 0, 1));
    run_case(&k);
}

static void close_delimited_body(void **state) {
    case_spec_t k = case_from_file("14a-http10-close-delimited.http", SCRIPT_FIN);
    (void)state;
    k.chunks[0] = 20;
    k.chunk_count = 1;
    expect_both(&k, expect_success(200, STANDARD_BODY, STANDARD_BODY_LEN, 0));
    run_case(&k);
}

static void status_empty_reason(void **state) {
    case_spec_t k = case_from_file("15a-status-empty-reason.http", SCRIPT_KEEP_OPEN);
    (void)state;
    expect_both(&k, expect_success(204, "", 0, 1));
    run_case(&k);
}

static void status_code_not_digits(void **state) {
    case_spec_t k = case_from_file("15c-status-bad-code.http", SCRIPT_KEEP_OPEN);
    (void)state;
    expect_both(&k, expect_failure(BOOOPLY_E_MALFORMED_RESPONSE, 0, "", 0));
    run_case(&k);
}

/* Malformed responses beyond the case files: each fails as malformed with
 * every delivery and through both API paths, and the client stays usable.
 * status is the value of last.http_status after the failure: 0 while the
 * head is incomplete, because a status is only reported with its headers. */
typedef struct malformed_row {
    const char *name;
    const char *data;
    int status;
    const char *streamed; /* body bytes boooply_read_body() gives before the fault */
} malformed_row_t;

#define OK_HEAD "HTTP/1.1 200 OK\r\n"
#define CHUNKED_HEAD OK_HEAD "Transfer-Encoding: chunked\r\n\r\n"

static const malformed_row_t malformed_rows[] = {
    {"first line empty", "\r\n" OK_HEAD "Content-Length: 2\r\n\r\n{}", 0, ""},
    {"version HTTP/2", "HTTP/2 200 OK\r\nContent-Length: 2\r\n\r\n{}", 0, ""},
    {"version HTTP/1.10", "HTTP/1.10 200 OK\r\nContent-Length: 2\r\n\r\n{}", 0, ""},
    {"status of four digits", "HTTP/1.1 2000 OK\r\nContent-Length: 2\r\n\r\n{}", 0, ""},
    {"status below 100", "HTTP/1.1 099 OK\r\nContent-Length: 2\r\n\r\n{}", 0, ""},
    {"no space after status", "HTTP/1.1 200OK\r\nContent-Length: 2\r\n\r\n{}", 0, ""},
    {"control character in reason", "HTTP/1.1 200 O\001K\r\nContent-Length: 2\r\n\r\n{}", 0, ""},
    {"header without colon", OK_HEAD "NoColon\r\nContent-Length: 2\r\n\r\n{}", 0, ""},
    {"header with empty name", OK_HEAD ": value\r\nContent-Length: 2\r\n\r\n{}", 0, ""},
    {"space in header name", OK_HEAD "Bad Name: x\r\nContent-Length: 2\r\n\r\n{}", 0, ""},
    {"space before colon", OK_HEAD "Content-Length : 2\r\n\r\n{}", 0, ""},
    {"fold before any header", OK_HEAD " folded\r\nContent-Length: 2\r\n\r\n{}", 0, ""},
    {"DEL in header value", OK_HEAD "X-A: a\177b\r\nContent-Length: 2\r\n\r\n{}", 0, ""},
    {"transfer coding gzip", OK_HEAD "Transfer-Encoding: gzip\r\n\r\n0\r\n\r\n", 0, ""},
    {"transfer coding gzip, chunked", OK_HEAD "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 0, ""},
    {"chunked twice", OK_HEAD "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 0, ""},
    {"empty Content-Length", OK_HEAD "Content-Length: \r\n\r\n{}", 0, ""},
    {"Content-Length list differs", OK_HEAD "Content-Length: 2, 3\r\n\r\n{}", 0, ""},
    {"Content-Length headers differ", OK_HEAD "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}", 0, ""},
    {"Content-Length with sign", OK_HEAD "Content-Length: +2\r\n\r\n{}", 0, ""},
    {"Content-Length in hex", OK_HEAD "Content-Length: 0x2\r\n\r\n{}", 0, ""},
    {"Content-Length past SIZE_MAX", OK_HEAD "Content-Length: 99999999999999999999999\r\n\r\n{}", 0, ""},
    {"chunk size line empty", CHUNKED_HEAD "\r\n{}\r\n0\r\n\r\n", 200, ""},
    {"chunk size with a letter", CHUNKED_HEAD "2g\r\n{}\r\n0\r\n\r\n", 200, ""},
    {"chunk size negative", CHUNKED_HEAD "-2\r\n{}\r\n0\r\n\r\n", 200, ""},
    {"chunk size CR without LF", CHUNKED_HEAD "2\rx{}\r\n0\r\n\r\n", 200, ""},
    {"chunk extension control character", CHUNKED_HEAD "2;a\001b\r\n{}\r\n0\r\n\r\n", 200, ""},
    {"chunk longer than its size", CHUNKED_HEAD "1\r\n{}\r\n0\r\n\r\n", 200, "{"},
    {"chunk data without CRLF", CHUNKED_HEAD "2\r\n{}xx0\r\n\r\n", 200, "{}"},
    {"chunk data CR without LF", CHUNKED_HEAD "2\r\n{}\rx0\r\n\r\n", 200, "{}"},
    {"last chunk CR without LF", CHUNKED_HEAD "2\r\n{}\r\n0\r\n\rx", 200, "{}"},
};

/* A case from a C string, kept open after the response, in the standard
 * buffer. */
static case_spec_t case_from_text(const char *name, const char *data) {
    case_spec_t k;
    memset(&k, 0, sizeof k);
    k.name = name;
    k.data = data;
    k.len = strlen(data);
    k.after = SCRIPT_KEEP_OPEN;
    k.buffer_size = BUFFER_SIZE;
    return k;
}

static void malformed_responses_rejected(void **state) {
    size_t i;
    (void)state;
    for (i = 0; i < sizeof malformed_rows / sizeof malformed_rows[0]; i++) {
        case_spec_t k = case_from_text(malformed_rows[i].name, malformed_rows[i].data);
        const char *before = malformed_rows[i].streamed;
        k.raw = expect_failure(BOOOPLY_E_MALFORMED_RESPONSE, malformed_rows[i].status, "", 0);
        k.streamed = expect_failure(BOOOPLY_E_MALFORMED_RESPONSE, malformed_rows[i].status, before, strlen(before));
        run_case(&k);
    }
}

/* A header line longer than the whole buffer fails with the buffer size
 * plus one as needed, since the line's true length is unknown. */
static void header_longer_than_buffer(void **state) {
    static char data[600];
    case_spec_t k;
    expect_t e;
    int n;
    (void)state;
    n = snprintf(data, sizeof data, "HTTP/1.1 200 OK\r\nX-Long: %0300d\r\nContent-Length: 2\r\n\r\n{}", 7);
    assert_true(n > 0 && (size_t)n < sizeof data);
    k = case_from_text("header longer than the buffer", data);
    k.buffer_size = 256;
    e = expect_failure(BOOOPLY_E_RESPONSE_TOO_LARGE, 0, "", 0);
    e.needed = 257;
    expect_both(&k, e);
    run_case(&k);
}

/* Valid forms that the case files do not show: names and codings in any
 * case, an uppercase chunk size with a quoted extension, a Content-Length
 * list of equal values, tabs as whitespace, and HTTP/1.0 with keep-alive. */
typedef struct valid_row {
    const char *name;
    const char *data;
    int kept; /* the connection stays open for the next request */
} valid_row_t;

static const valid_row_t valid_rows[] = {
    {"names in upper case", "HTTP/1.1 200 OK\r\nCONTENT-LENGTH: 2\r\nCONNECTION: KEEP-ALIVE\r\n\r\n{}", 1},
    {"chunked in upper case", "HTTP/1.1 200 OK\r\ntransfer-encoding: CHUNKED\r\n\r\n2\r\n{}\r\n0\r\n\r\n", 1},
    {"uppercase hex and quoted extension",
     "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0002;name=\"a;b\"\r\n{}\r\n0\r\n\r\n", 1},
    {"Content-Length list of equal values", "HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\n\r\n{}", 1},
    {"Connection close", "HTTP/1.1 200 OK\r\nConnection: Upgrade, close\r\nContent-Length: 2\r\n\r\n{}", 0},
    {"HTTP/1.0 with keep-alive", "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\n{}", 1},
    {"HTTP/1.0 without keep-alive", "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n{}", 0},
    {"HTTP/1.0 with keep-alive and close", "HTTP/1.0 200 OK\r\nConnection: keep-alive, close\r\nContent-Length: 2\r\n\r\n{}", 0},
    {"tabs around values", "HTTP/1.1 200 OK\r\nContent-Length:\t2\t,\t2\t\r\nConnection:\tUpgrade\t,\tclose\t\r\n\r\n{}", 0},
};

static void uncommon_valid_forms_accepted(void **state) {
    size_t i;
    (void)state;
    for (i = 0; i < sizeof valid_rows / sizeof valid_rows[0]; i++) {
        case_spec_t k = case_from_text(valid_rows[i].name, valid_rows[i].data);
        expect_both(&k, expect_success(200, "{}", 2, valid_rows[i].kept));
        run_case(&k);
    }
}

/* Offsets of the Replay-Nonce value in 16-header-straddles-read-boundary.http. */
#define NONCE_OFFSET 400
#define NONCE_LEN 300

static char nonce[NONCE_LEN];

static void check_nonce(const char *label, const outcome_t *o) {
    int i = find_header(&o->headers, "Replay-Nonce");
    EXPECT_TRUE(label, i >= 0);
    EXPECT_EQ(label, o->headers.value_lens[i], NONCE_LEN);
    EXPECT_TRUE(label, memcmp(o->headers.values[i], nonce, NONCE_LEN) == 0);
}

static case_spec_t straddling_case(size_t buffer_size) {
    case_spec_t k = case_from_file("16-header-straddles-read-boundary.http", SCRIPT_KEEP_OPEN);
    memcpy(nonce, k.data + NONCE_OFFSET, NONCE_LEN);
    assert_memory_equal(k.data + NONCE_OFFSET - 14, "Replay-Nonce: ", 14);
    assert_memory_equal(k.data + NONCE_OFFSET + NONCE_LEN, "\r\n", 2);
    k.buffer_size = buffer_size;
    k.chunks[0] = 512;
    k.chunk_count = 1;
    k.splits[0] = 1024;
    k.split_count = 1;
    expect_both(&k, expect_success(200, STANDARD_BODY, STANDARD_BODY_LEN, 1));
    k.check = check_nonce;
    return k;
}

static void header_straddling_reads(void **state) {
    case_spec_t k = straddling_case(BUFFER_SIZE);
    (void)state;
    run_case(&k);
}

/* No header line of case 16 is longer than 330 bytes, so any one of them
 * fits a 512-byte buffer. */
static void header_fields_fit_one_at_a_time(void **state) {
    case_spec_t k = straddling_case(512);
    (void)state;
    run_case(&k);
}

static void bare_lf_line_endings(void **state) {
    case_spec_t k = case_from_file("17-lf-only-line-endings.http", SCRIPT_KEEP_OPEN);
    (void)state;
    expect_both(&k, expect_success(200, STANDARD_BODY, STANDARD_BODY_LEN, 1));
    run_case(&k);
}

/* boooply_raw() must report the size without writing past the 4096-byte
 * buffer; boooply_read_body() streams the same body in pieces. */
static void body_larger_than_buffer(void **state) {
    case_spec_t k = case_from_file("18b-body-larger-than-buffer.http", SCRIPT_KEEP_OPEN);
    const char *body = memchr(k.data, '{', k.len);
    (void)state;
    assert_non_null(body);
    assert_int_equal(k.len - (size_t)(body - k.data), 20000);
    k.raw = expect_failure(BOOOPLY_E_RESPONSE_TOO_LARGE, 200, "", 0);
    k.raw.needed = 20000;
    k.streamed = expect_success(200, body, 20000, 1);
    run_case(&k);
}

static void negative_content_length(void **state) {
    case_spec_t k = case_from_file("18c-content-length-negative.http", SCRIPT_KEEP_OPEN);
    (void)state;
    expect_both(&k, expect_failure(BOOOPLY_E_MALFORMED_RESPONSE, NOT_CHECKED, "", 0));
    run_case(&k);
}

static void body_multiple_of_read_size(void **state) {
    case_spec_t k = case_from_file("19-body-multiple-of-read-size.http", SCRIPT_KEEP_OPEN);
    (void)state;
    assert_int_equal(k.len, 2073);
    expect_both(&k, expect_success(200, k.data + 73, 2000, 1));
    run_case(&k);
}

/* The row's own delivery: the head, then the body in writes of 1000
 * bytes, read with a 1000-byte destination. */
static void body_read_in_whole_pieces(void **state) {
    case_spec_t k = case_from_file("19-body-multiple-of-read-size.http", SCRIPT_KEEP_OPEN);
    run_spec_t spec;
    delivery_t d;
    const char *label = "19-body-multiple-of-read-size.http, writes 73, 1000, 1000";
    (void)state;
    memset(&spec, 0, sizeof spec);
    spec.data = k.data;
    spec.len = k.len;
    spec.after = SCRIPT_KEEP_OPEN;
    spec.buffer_size = BUFFER_SIZE;
    spec.mode = MODE_STREAMED;
    spec.piece = 1000;
    memset(&d, 0, sizeof d);
    d.splits[0] = 73;
    d.splits[1] = 1073;
    d.split_count = 2;
    run_once(&spec, &d, &result);
    k.streamed = expect_success(200, k.data + 73, 2000, 1);
    expect_outcome(label, MODE_STREAMED, &k.streamed, &result);
    EXPECT_ERR(label, result.err, BOOOPLY_OK);
    EXPECT_EQ(label, result.piece_count, 3);
    EXPECT_EQ(label, result.pieces[0], 1000);
    EXPECT_EQ(label, result.pieces[1], 1000);
    EXPECT_EQ(label, result.pieces[2], 0);
    EXPECT_TRUE(label, memcmp(result.body, k.data + 73, 2000) == 0);
}

/* 43b: the head and 10 body bytes, then silence until the deadline. */
static void stall_mid_body_times_out(void **state) {
    case_spec_t k = case_from_file("43b-stall-mid-body.http", SCRIPT_STALL);
    (void)state;
    k.raw = expect_failure(BOOOPLY_E_TIMEOUT, 200, "", 0);
    k.raw.elapsed_ms = TIMEOUT_MS;
    k.streamed = expect_failure(BOOOPLY_E_TIMEOUT, 200, STANDARD_BODY, 10);
    k.streamed.elapsed_ms = TIMEOUT_MS;
    run_case(&k);
}

/* 43b: no byte at all after the request. The call ends at the deadline
 * whether the port waits its whole timeout or returns 0 every 7 ms. */
static void stall_before_response_times_out(void **state) {
    static const uint32_t steps[] = {0, 7};
    size_t i, mode;
    (void)state;
    load_next_ok();
    for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        for (mode = 0; mode < 2; mode++) {
            char buffer[BUFFER_SIZE];
            char label[LABEL_SIZE];
            boooply_client_t c;
            boooply_config_t cfg = make_config(buffer, sizeof buffer, 0);
            boooply_request_t req = make_request("GET", "/case");
            boooply_err_t err;
            uint32_t start;
            snprintf(label, sizeof label, "silent server, %s, wait step %u ms",
                     mode == MODE_RAW ? "boooply_raw" : "boooply_request", (unsigned)steps[i]);
            script_init(&script);
            script.wait_step_ms = steps[i];
            script_add_response(&script, 0, NULL, 0, SCRIPT_STALL);
            script_add_response(&script, 1, next_ok, next_ok_len, SCRIPT_KEEP_OPEN);
            assert_int_equal(boooply_init(&c, &cfg), BOOOPLY_OK);

            start = script.clock_ms;
            err = mode == MODE_RAW ? boooply_raw(&c, &req) : boooply_request(&c, &req);
            EXPECT_ERR(label, err, BOOOPLY_E_TIMEOUT);
            EXPECT_EQ(label, script.clock_ms - start, TIMEOUT_MS);
            EXPECT_EQ(label, c.last.http_status, 0);
            EXPECT_EQ(label, script_is_open(&script), 0);
            EXPECT_EQ(label, script_request_count(&script, 0), 1);
            if (steps[i]) EXPECT_TRUE(label, script.waits >= TIMEOUT_MS / steps[i]);

            req.path = "/next";
            EXPECT_ERR(label, boooply_raw(&c, &req), BOOOPLY_OK);
            EXPECT_TRUE(label, doc_is_next_ok(&c));
            EXPECT_EQ(label, script.connects, 2);
            boooply_close(&c);
        }
    }
}

/* --------------------------------------------------------------------
 * Responses cut at every offset, and bytes after a response
 * -------------------------------------------------------------------- */

/* Runs every proper prefix of a case's response, followed by end, through
 * both API paths. None may succeed: a cut after some bytes is truncated
 * (with a reset also a transport error), and a close before any byte is
 * BOOOPLY_E_CLOSED. The connection is dropped and the next call works. */
static void run_cuts(const char *file, script_after_t end) {
    case_spec_t k = case_from_file(file, end);
    run_spec_t spec;
    delivery_t d;
    size_t cut;
    int mode;

    memset(&spec, 0, sizeof spec);
    memset(&d, 0, sizeof d);
    spec.data = k.data;
    spec.after = end;
    spec.buffer_size = BUFFER_SIZE;
    spec.piece = 1000;

    for (mode = MODE_RAW; mode <= MODE_STREAMED; mode++) {
        spec.mode = (api_mode_t)mode;
        for (cut = 0; cut < k.len; cut++) {
            char label[LABEL_SIZE];
            boooply_err_t expected = cut == 0 ? BOOOPLY_E_CLOSED : BOOOPLY_E_TRUNCATED;
            snprintf(label, sizeof label, "%s cut after %zu bytes by %s, %s", file, cut,
                     end == SCRIPT_FIN ? "FIN" : "RST",
                     mode == MODE_RAW ? "boooply_raw" : "boooply_read_body");
            spec.len = cut;
            run_once(&spec, &d, &result);

            if (end == SCRIPT_RST && result.err == BOOOPLY_E_TRANSPORT) expected = BOOOPLY_E_TRANSPORT;
            EXPECT_ERR(label, result.err, expected);
            EXPECT_EQ(label, result.connection_kept, 0);
            EXPECT_EQ(label, result.elapsed_ms, 0);
            EXPECT_ERR(label, result.next_err, BOOOPLY_OK);
            EXPECT_TRUE(label, result.next_body_ok);
            EXPECT_EQ(label, result.connects, 2);
            EXPECT_EQ(label, result.misuse, 0);
        }
    }
}

static void cut_response_never_succeeds(void **state) {
    static const char *const files[] = {
        "00-next-ok.http", "01-chunked-split-reads.http", "05-chunked-trailers.http",
        "11-interim-1xx.http", "12-204-keepalive.http", "17-lf-only-line-endings.http",
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof files / sizeof files[0]; i++) {
        run_cuts(files[i], SCRIPT_FIN);
        run_cuts(files[i], SCRIPT_RST);
    }
}

/* A response followed by unrequested bytes: the first call succeeds,
 * and the connection is not used again, wherever the extra bytes land
 * between reads. Reading them as the response to the next request
 * would shift every later response by one. */
static void run_stray(const char *file, int status) {
    static const char stray[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}";
    static char data[512];
    case_spec_t k = case_from_file(file, SCRIPT_KEEP_OPEN);
    run_spec_t spec;
    delivery_t d;
    size_t i;
    int mode;

    assert_true(k.len + sizeof stray <= sizeof data);
    memcpy(data, k.data, k.len);
    memcpy(data + k.len, stray, sizeof stray - 1);
    memset(&spec, 0, sizeof spec);
    memset(&d, 0, sizeof d);
    spec.data = data;
    spec.len = k.len + sizeof stray - 1;
    spec.after = SCRIPT_KEEP_OPEN;
    spec.buffer_size = BUFFER_SIZE;
    spec.piece = 1000;

    for (mode = MODE_RAW; mode <= MODE_STREAMED; mode++) {
        spec.mode = (api_mode_t)mode;
        for (i = 0; i < spec.len; i++) {
            char label[LABEL_SIZE];
            snprintf(label, sizeof label, "%s and stray bytes, %s, %s %zu", file,
                     mode == MODE_RAW ? "boooply_raw" : "boooply_read_body",
                     i == 0 ? "all at once" : "split", i);
            d.split_count = i == 0 ? 0 : 1;
            d.splits[0] = i;
            run_once(&spec, &d, &result);

            EXPECT_ERR(label, result.err, BOOOPLY_OK);
            EXPECT_EQ(label, result.status, status);
            EXPECT_ERR(label, result.next_err, BOOOPLY_OK);
            EXPECT_TRUE(label, result.next_body_ok);
            EXPECT_EQ(label, result.connects, 2);
            EXPECT_EQ(label, result.requests_first, 1);
            EXPECT_EQ(label, result.requests_second, 1);
        }
    }
}

static void stray_bytes_end_connection(void **state) {
    (void)state;
    run_stray("00-next-ok.http", 200);
    run_stray("12-204-keepalive.http", 204);
    run_stray("01-chunked-split-reads.http", 200);
}

/* --------------------------------------------------------------------
 * The deadline: a port that never has data
 * -------------------------------------------------------------------- */

/* recv keeps returning 0 in 10 ms slices, first before the head and then
 * in the middle of the body. The call ends at the deadline with the
 * connection closed, and the next call opens a new one. */
static void recv_never_ready_times_out(void **state) {
    static char stalled[128];
    size_t stalled_len, prefix;
    (void)state;
    load_next_ok();
    stalled_len = read_case("43b-stall-mid-body.http", stalled, sizeof stalled);
    for (prefix = 0; prefix <= stalled_len; prefix += stalled_len) {
        char buffer[BUFFER_SIZE];
        char label[LABEL_SIZE];
        boooply_client_t c;
        boooply_config_t cfg = make_config(buffer, sizeof buffer, 0);
        boooply_request_t req = make_request("GET", "/case");
        uint32_t start;
        snprintf(label, sizeof label, "recv returns 0 after %zu bytes", prefix);
        script_init(&script);
        script.wait_step_ms = 10;
        script_add_response(&script, 0, stalled, prefix, SCRIPT_STALL);
        script_add_response(&script, 1, next_ok, next_ok_len, SCRIPT_KEEP_OPEN);
        cfg.timeout_ms = 1000;
        assert_int_equal(boooply_init(&c, &cfg), BOOOPLY_OK);

        start = script.clock_ms;
        EXPECT_ERR(label, boooply_raw(&c, &req), BOOOPLY_E_TIMEOUT);
        EXPECT_EQ(label, script.clock_ms - start, 1000);
        EXPECT_TRUE(label, script.waits >= 100);
        EXPECT_EQ(label, script_is_open(&script), 0);
        EXPECT_EQ(label, script.closes, 1);

        req.path = "/next";
        EXPECT_ERR(label, boooply_raw(&c, &req), BOOOPLY_OK);
        EXPECT_TRUE(label, doc_is_next_ok(&c));
        EXPECT_EQ(label, script.connects, 2);
        EXPECT_EQ(label, script_request_count(&script, 1), 1);
        EXPECT_EQ(label, script.misuse, 0);
        boooply_close(&c);
    }
}

/* --------------------------------------------------------------------
 * Stale keep-alive connections
 * -------------------------------------------------------------------- */

static const char POST_BODY[] = "{\"code\":\"AB-123\"}";

/* Makes a client whose first call, GET /first, leaves connection 0 open. */
static void start_kept_connection(boooply_client_t *c, char *buffer, size_t size) {
    boooply_config_t cfg = make_config(buffer, size, 0);
    boooply_request_t req = make_request("GET", "/first");
    assert_int_equal(boooply_init(c, &cfg), BOOOPLY_OK);
    assert_int_equal(boooply_raw(c, &req), BOOOPLY_OK);
    assert_true(doc_is_next_ok(c));
    assert_true(script_is_open(&script));
    assert_int_equal(script.connects, 1);
}

static boooply_err_t send_second(boooply_client_t *c, const char *method) {
    boooply_request_t req = make_request(method, "/second");
    if (strcmp(method, "POST") == 0) {
        req.body = POST_BODY;
        req.body_len = sizeof POST_BODY - 1;
    }
    return boooply_raw(c, &req);
}

/* Returns whether request i on connection conn starts with "METHOD /second ". */
static int is_second_request(size_t conn, size_t i, const char *method) {
    char line[32];
    size_t len;
    const char *p = script_request(&script, conn, i, &len);
    snprintf(line, sizeof line, "%s /second ", method);
    return len > strlen(line) && memcmp(p, line, strlen(line)) == 0;
}

/* The server closed the idle connection, so the probe receives EOF and the
 * request goes out once, on a new connection. */
static void stale_connection_replaced(const char *method) {
    char buffer[BUFFER_SIZE];
    boooply_client_t c;
    load_next_ok();
    script_init(&script);
    script_add_response(&script, 0, next_ok, next_ok_len, SCRIPT_FIN);
    script_add_response(&script, 1, next_ok, next_ok_len, SCRIPT_KEEP_OPEN);
    start_kept_connection(&c, buffer, sizeof buffer);

    assert_int_equal(send_second(&c, method), BOOOPLY_OK);
    assert_true(doc_is_next_ok(&c));
    assert_true(script.probes >= 1);
    assert_int_equal(script.connects, 2);
    assert_int_equal(script_request_count(&script, 0), 1);
    assert_int_equal(script_request_count(&script, 1), 1);
    assert_true(is_second_request(1, 0, method));
    assert_int_equal(script.conns[1].wire_len, script.conns[1].request_end[0]);
    assert_int_equal(script.misuse, 0);
    boooply_close(&c);
}

static void stale_connection_replaced_before_get(void **state) {
    (void)state;
    stale_connection_replaced("GET");
}

static void stale_connection_replaced_before_post(void **state) {
    (void)state;
    stale_connection_replaced("POST");
}

/* The connection looked alive but closed once the request was on it. */
static void script_close_after_second_request(void) {
    load_next_ok();
    script_init(&script);
    script_add_response(&script, 0, next_ok, next_ok_len, SCRIPT_KEEP_OPEN);
    script_add_response(&script, 0, NULL, 0, SCRIPT_FIN);
    script_add_response(&script, 1, next_ok, next_ok_len, SCRIPT_KEEP_OPEN);
}

/* An idempotent request is repeated once on a new connection. */
static void closed_after_request_repeated(const char *method) {
    char buffer[BUFFER_SIZE];
    boooply_client_t c;
    size_t first_len, second_len;
    const char *first, *second;
    script_close_after_second_request();
    start_kept_connection(&c, buffer, sizeof buffer);

    assert_int_equal(send_second(&c, method), BOOOPLY_OK);
    assert_true(doc_is_next_ok(&c));
    assert_int_equal(script.connects, 2);
    assert_int_equal(script_request_count(&script, 0), 2);
    assert_int_equal(script_request_count(&script, 1), 1);
    assert_true(is_second_request(0, 1, method));
    first = script_request(&script, 0, 1, &first_len);
    second = script_request(&script, 1, 0, &second_len);
    assert_int_equal(first_len, second_len);
    assert_memory_equal(first, second, first_len);
    boooply_close(&c);
}

static void closed_after_request_repeats_get(void **state) {
    (void)state;
    closed_after_request_repeated("GET");
}

static void closed_after_request_repeats_delete(void **state) {
    (void)state;
    closed_after_request_repeated("DELETE");
}

/* A POST is not repeated: it may have been processed. */
static void closed_after_request_fails_post(void **state) {
    char buffer[BUFFER_SIZE];
    boooply_client_t c;
    boooply_request_t next = make_request("GET", "/next");
    (void)state;
    script_close_after_second_request();
    start_kept_connection(&c, buffer, sizeof buffer);

    assert_int_equal(send_second(&c, "POST"), BOOOPLY_E_CLOSED);
    assert_int_equal(script.connects, 1);
    assert_int_equal(script_request_count(&script, 0), 2);
    assert_true(is_second_request(0, 1, "POST"));
    assert_int_equal(script.conns[0].wire_len, script.conns[0].request_end[1]);
    assert_false(script_is_open(&script));

    assert_int_equal(boooply_raw(&c, &next), BOOOPLY_OK);
    assert_true(doc_is_next_ok(&c));
    assert_int_equal(script.connects, 2);
    assert_int_equal(script_request_count(&script, 1), 1);
    boooply_close(&c);
}

/* The reused connection fails on the first send, before any byte of the
 * POST went out, so the POST goes once on a new connection. */
static void send_failure_before_any_byte_repeats_post(void **state) {
    static const long plan[] = {SCRIPT_SEND_ALL, BOOOPLY_PORT_RESET};
    char buffer[BUFFER_SIZE];
    boooply_client_t c;
    (void)state;
    load_next_ok();
    script_init(&script);
    script_add_response(&script, 0, next_ok, next_ok_len, SCRIPT_KEEP_OPEN);
    script_plan_sends(&script, 0, plan, 2);
    script_add_response(&script, 1, next_ok, next_ok_len, SCRIPT_KEEP_OPEN);
    start_kept_connection(&c, buffer, sizeof buffer);

    assert_int_equal(send_second(&c, "POST"), BOOOPLY_OK);
    assert_true(doc_is_next_ok(&c));
    assert_int_equal(script.connects, 2);
    assert_int_equal(script_request_count(&script, 0), 1);
    assert_int_equal(script.conns[0].wire_len, script.conns[0].request_end[0]);
    assert_int_equal(script_request_count(&script, 1), 1);
    assert_true(is_second_request(1, 0, "POST"));
    boooply_close(&c);
}

/* Ten bytes of the POST went out before the reset: it is not repeated. */
static void send_failure_after_some_bytes_fails_post(void **state) {
    static const long plan[] = {SCRIPT_SEND_ALL, 10, BOOOPLY_PORT_RESET};
    char buffer[BUFFER_SIZE];
    boooply_client_t c;
    boooply_request_t next = make_request("GET", "/next");
    (void)state;
    load_next_ok();
    script_init(&script);
    script_add_response(&script, 0, next_ok, next_ok_len, SCRIPT_KEEP_OPEN);
    script_plan_sends(&script, 0, plan, 3);
    script_add_response(&script, 1, next_ok, next_ok_len, SCRIPT_KEEP_OPEN);
    start_kept_connection(&c, buffer, sizeof buffer);

    assert_int_equal(send_second(&c, "POST"), BOOOPLY_E_TRANSPORT);
    assert_int_equal(script.connects, 1);
    assert_int_equal(script.conns[0].wire_len, script.conns[0].request_end[0] + 10);
    assert_false(script_is_open(&script));

    assert_int_equal(boooply_raw(&c, &next), BOOOPLY_OK);
    assert_int_equal(script.connects, 2);
    assert_int_equal(script_request_count(&script, 1), 1);
    assert_memory_equal(script.conns[1].wire, "GET /next ", 10);
    boooply_close(&c);
}

/* --------------------------------------------------------------------
 * Chunked bodies at the buffer's size
 * -------------------------------------------------------------------- */

#define FIT_BUFFER 512

static char built[8192];

/* Writes a chunked response whose body is {"pad":"ppp...p"} of body_len
 * bytes, cut into chunks of the sizes in layout, the last repeating. */
static size_t build_chunked(size_t body_len, const size_t *layout, size_t layout_count,
                            char *body_out) {
    static const char head[] =
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
    size_t n = 0, done = 0, i = 0;
    assert_true(body_len >= 10);
    memcpy(body_out, "{\"pad\":\"", 8);
    memset(body_out + 8, 'p', body_len - 10);
    memcpy(body_out + body_len - 2, "\"}", 2);
    memcpy(built, head, sizeof head - 1);
    n = sizeof head - 1;
    while (done < body_len) {
        size_t size = layout[i < layout_count ? i : layout_count - 1];
        if (size > body_len - done) size = body_len - done;
        n += (size_t)snprintf(built + n, sizeof built - n, "%zx\r\n", size);
        memcpy(built + n, body_out + done, size);
        n += size;
        memcpy(built + n, "\r\n", 2);
        n += 2;
        done += size;
        i++;
        assert_true(n + 16 < sizeof built);
    }
    memcpy(built + n, "0\r\n\r\n", 5);
    return n + 5;
}

static void run_chunked_fit(size_t body_len, const size_t *layout, size_t layout_count) {
    static char body[FIT_BUFFER + 1];
    case_spec_t k;
    char name[64];
    memset(&k, 0, sizeof k);
    snprintf(name, sizeof name, "chunked %zu-byte body in chunks of %zu", body_len, layout[0]);
    k.name = name;
    k.len = build_chunked(body_len, layout, layout_count, body);
    k.data = built;
    k.after = SCRIPT_KEEP_OPEN;
    k.buffer_size = FIT_BUFFER;
    if (body_len <= FIT_BUFFER) {
        k.raw = expect_success(200, body, body_len, 1);
    } else {
        k.raw = expect_failure(BOOOPLY_E_RESPONSE_TOO_LARGE, 200, "", 0);
        k.raw.needed = body_len;
    }
    k.streamed = expect_success(200, body, body_len, 1);
    run_case(&k);
}

static const size_t layout_one[] = {FIT_BUFFER + 1};
static const size_t layout_split[] = {500, 12};
static const size_t layout_sevens[] = {7};
static const size_t layout_ones[] = {1};

static void chunked_body_fills_buffer_exactly(void **state) {
    (void)state;
    load_next_ok();
    run_chunked_fit(FIT_BUFFER, layout_one, 1);
    run_chunked_fit(FIT_BUFFER, layout_split, 2);
    run_chunked_fit(FIT_BUFFER, layout_sevens, 1);
    run_chunked_fit(FIT_BUFFER, layout_ones, 1);
}

static void chunked_body_one_byte_over_buffer(void **state) {
    (void)state;
    load_next_ok();
    run_chunked_fit(FIT_BUFFER + 1, layout_one, 1);
    run_chunked_fit(FIT_BUFFER + 1, layout_split, 2);
    run_chunked_fit(FIT_BUFFER + 1, layout_sevens, 1);
    run_chunked_fit(FIT_BUFFER + 1, layout_ones, 1);
}

/* A response to HEAD has no body whatever its Content-Length or
 * Transfer-Encoding declares, so the connection serves the next request. */
static void head_response_has_no_body(void **state) {
    static const char *const heads[] = {
        "HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
    };
    size_t i;
    (void)state;
    load_next_ok();
    for (i = 0; i < sizeof heads / sizeof heads[0]; i++) {
        char buffer[BUFFER_SIZE], piece[64];
        boooply_client_t c;
        boooply_config_t cfg = make_config(buffer, sizeof buffer, 0);
        boooply_request_t req = make_request("HEAD", "/case");
        size_t got = 1;
        script_init(&script);
        script_add_response(&script, 0, heads[i], strlen(heads[i]), SCRIPT_KEEP_OPEN);
        script_add_response(&script, 0, next_ok, next_ok_len, SCRIPT_KEEP_OPEN);
        script_add_response(&script, 0, heads[i], strlen(heads[i]), SCRIPT_KEEP_OPEN);
        script_add_response(&script, 0, next_ok, next_ok_len, SCRIPT_KEEP_OPEN);
        assert_int_equal(boooply_init(&c, &cfg), BOOOPLY_OK);

        assert_int_equal(boooply_raw(&c, &req), BOOOPLY_OK);
        assert_int_equal(c.last.http_status, 200);
        assert_int_equal(c.doc.count, 0);
        req.method = "GET";
        req.path = "/next";
        assert_int_equal(boooply_raw(&c, &req), BOOOPLY_OK);
        assert_true(doc_is_next_ok(&c));

        req.method = "HEAD";
        req.path = "/case";
        assert_int_equal(boooply_request(&c, &req), BOOOPLY_OK);
        assert_int_equal(boooply_read_body(&c, piece, sizeof piece, &got), BOOOPLY_OK);
        assert_int_equal(got, 0);
        req.method = "GET";
        req.path = "/next";
        assert_int_equal(boooply_raw(&c, &req), BOOOPLY_OK);
        assert_true(doc_is_next_ok(&c));

        assert_int_equal(script.connects, 1);
        assert_int_equal(script_request_count(&script, 0), 4);
        assert_true(memcmp(script.conns[0].wire, "HEAD /case HTTP/1.1\r\n", 21) == 0);
        boooply_close(&c);
    }
}

/* Ending a response before its body was read closes the connection,
 * because the unread rest would be taken for the next response. The next
 * call connects again. */
static void end_response_mid_body_closes(void **state) {
    char buffer[BUFFER_SIZE], piece[8];
    boooply_client_t c;
    boooply_config_t cfg = make_config(buffer, sizeof buffer, 0);
    boooply_request_t req = make_request("GET", "/case");
    size_t got = 0;
    (void)state;
    load_next_ok();
    script_init(&script);
    script_add_response(&script, 0, next_ok, next_ok_len, SCRIPT_KEEP_OPEN);
    script_add_response(&script, 1, next_ok, next_ok_len, SCRIPT_KEEP_OPEN);
    assert_int_equal(boooply_init(&c, &cfg), BOOOPLY_OK);

    assert_int_equal(boooply_request(&c, &req), BOOOPLY_OK);
    assert_int_equal(boooply_read_body(&c, piece, sizeof piece, &got), BOOOPLY_OK);
    assert_true(got > 0);
    boooply_end_response(&c);
    assert_false(script_is_open(&script));
    assert_int_equal(boooply_read_body(&c, piece, sizeof piece, &got), BOOOPLY_E_STATE);

    req.path = "/next";
    assert_int_equal(boooply_raw(&c, &req), BOOOPLY_OK);
    assert_true(doc_is_next_ok(&c));
    assert_int_equal(script.connects, 2);
    boooply_close(&c);
}

/* --------------------------------------------------------------------
 * Ports that break or stretch the contract
 * -------------------------------------------------------------------- */

/* recv claims one byte more than it was asked for, at each recv of a
 * byte-by-byte delivery in turn: the call fails as a transport error and
 * the connection is dropped. */
static void recv_overclaim_is_transport_error(void **state) {
    unsigned at;
    size_t mode;
    (void)state;
    load_next_ok();
    for (mode = 0; mode < 2; mode++) {
        for (at = 1; at <= next_ok_len; at++) {
            char buffer[BUFFER_SIZE], piece[64], label[LABEL_SIZE];
            boooply_client_t c;
            boooply_config_t cfg = make_config(buffer, sizeof buffer, 0);
            boooply_request_t req = make_request("GET", "/case");
            boooply_err_t err;
            script_response_t *r;
            snprintf(label, sizeof label, "%s, recv %u claims len + 1",
                     mode == MODE_RAW ? "boooply_raw" : "boooply_read_body", at);
            script_init(&script);
            r = script_add_response(&script, 0, next_ok, next_ok_len, SCRIPT_KEEP_OPEN);
            r->chunk = 1;
            script.conns[0].overclaim_recv = at;
            script_add_response(&script, 1, next_ok, next_ok_len, SCRIPT_KEEP_OPEN);
            assert_int_equal(boooply_init(&c, &cfg), BOOOPLY_OK);

            if (mode == MODE_RAW) {
                err = boooply_raw(&c, &req);
            } else {
                size_t got = 1;
                err = boooply_request(&c, &req);
                while (err == BOOOPLY_OK && got > 0) err = boooply_read_body(&c, piece, sizeof piece, &got);
            }
            EXPECT_ERR(label, err, BOOOPLY_E_TRANSPORT);
            EXPECT_EQ(label, script_is_open(&script), 0);

            req.path = "/next";
            EXPECT_ERR(label, boooply_raw(&c, &req), BOOOPLY_OK);
            EXPECT_EQ(label, script.connects, 2);
            boooply_close(&c);
        }
    }
}

static void send_overclaim_is_transport_error(void **state) {
    static const long plan[] = {SCRIPT_SEND_OVERCLAIM};
    char buffer[BUFFER_SIZE];
    boooply_client_t c;
    boooply_config_t cfg = make_config(buffer, sizeof buffer, 0);
    boooply_request_t req = make_request("GET", "/case");
    (void)state;
    load_next_ok();
    script_init(&script);
    script_add_response(&script, 0, next_ok, next_ok_len, SCRIPT_KEEP_OPEN);
    script_plan_sends(&script, 0, plan, 1);
    script_add_response(&script, 1, next_ok, next_ok_len, SCRIPT_KEEP_OPEN);
    assert_int_equal(boooply_init(&c, &cfg), BOOOPLY_OK);

    assert_int_equal(boooply_raw(&c, &req), BOOOPLY_E_TRANSPORT);
    assert_false(script_is_open(&script));
    req.path = "/next";
    assert_int_equal(boooply_raw(&c, &req), BOOOPLY_OK);
    assert_int_equal(script.connects, 2);
    boooply_close(&c);
}

/* Sends one POST with the given send plan and recv pauses, and returns its
 * bytes on the wire in wire (at most cap) through *len. */
static void post_with_faults(const long *plan, size_t plan_count, int recv_pauses, char *wire,
                             size_t cap, size_t *len) {
    static char response[256];
    size_t response_len = read_case("21-eintr-eagain.http", response, sizeof response);
    char buffer[BUFFER_SIZE];
    boooply_client_t c;
    boooply_config_t cfg = make_config(buffer, sizeof buffer, 0);
    boooply_request_t req = make_request("POST", "/v1/interviews");
    script_response_t *r;
    const char *sent;
    req.body = POST_BODY;
    req.body_len = sizeof POST_BODY - 1;
    script_init(&script);
    r = script_add_response(&script, 0, response, response_len, SCRIPT_KEEP_OPEN);
    if (recv_pauses) {
        /* As in 21-mock-sequence.txt: nothing, 5 bytes, nothing, 1 byte, the rest. */
        r->block_at_boundaries = 1;
        r->splits[0] = 5;
        r->splits[1] = 6;
        r->split_count = 2;
    }
    script_plan_sends(&script, 0, plan, plan_count);
    assert_int_equal(boooply_init(&c, &cfg), BOOOPLY_OK);

    assert_int_equal(boooply_raw(&c, &req), BOOOPLY_OK);
    assert_int_equal(c.last.http_status, 200);
    assert_int_equal(c.doc.len, STANDARD_BODY_LEN);
    assert_int_equal(script.connects, 1);
    assert_int_equal(script_request_count(&script, 0), 1);
    assert_int_equal(script.conns[0].wire_len, script.conns[0].request_end[0]);
    assert_int_equal(script.send_retry_mismatches, 0);
    assert_int_equal(script.misuse, 0);
    sent = script_request(&script, 0, 0, len);
    assert_true(*len <= cap);
    memcpy(wire, sent, *len);
    boooply_close(&c);
}

/* send returns 0 (nothing sent in time) and short counts: the client calls
 * again with the same pointer and length after each 0, and the request
 * reaches the wire once, byte for byte as without faults. */
static void send_zero_retried_with_same_arguments(void **state) {
    static const long faults[] = {0, 0, 3, 0, 5, 0, 1, 0};
    static char clean[1024], faulty[1024];
    size_t clean_len, faulty_len;
    (void)state;
    post_with_faults(NULL, 0, 0, clean, sizeof clean, &clean_len);
    assert_int_equal(script.send_zeros, 0);
    post_with_faults(faults, sizeof faults / sizeof faults[0], 0, faulty, sizeof faulty, &faulty_len);
    assert_int_equal(script.send_zeros, 5);
    assert_true(script.send_calls >= 9);
    assert_int_equal(faulty_len, clean_len);
    assert_memory_equal(faulty, clean, clean_len);
    assert_true(clean_len > sizeof POST_BODY);
    assert_memory_equal(clean + clean_len - (sizeof POST_BODY - 1), POST_BODY, sizeof POST_BODY - 1);
}

/* 21-eintr-eagain.http at the port boundary: recv returns 0 before the first byte and
 * between pieces, and send returns 0 and a short count. Neither is an
 * error while the deadline has not passed. */
static void would_block_mid_response_not_error(void **state) {
    static const long faults[] = {0, 3, 0};
    static char clean[1024], faulty[1024];
    size_t clean_len, faulty_len;
    (void)state;
    post_with_faults(NULL, 0, 0, clean, sizeof clean, &clean_len);
    post_with_faults(faults, sizeof faults / sizeof faults[0], 1, faulty, sizeof faulty, &faulty_len);
    assert_true(script.waits >= 3);
    assert_int_equal(script.send_zeros, 2);
    assert_int_equal(faulty_len, clean_len);
    assert_memory_equal(faulty, clean, clean_len);
}

/* --------------------------------------------------------------------
 * Close-delimited bodies over a TLS port
 * -------------------------------------------------------------------- */

/* close_notify (BOOOPLY_PORT_EOF) ends a close-delimited body cleanly. */
static void tls_close_notify_ends_body(void **state) {
    case_spec_t k = case_from_file("14a-http10-close-delimited.http", SCRIPT_FIN);
    (void)state;
    k.secure = 1;
    expect_both(&k, expect_success(200, STANDARD_BODY, STANDARD_BODY_LEN, 0));
    run_case(&k);
}

/* After a close without close_notify, which a TLS port reports as
 * BOOOPLY_PORT_ERROR, a cut body looks like a whole one, so the README
 * policy calls such a body truncated. */
static void tls_close_without_notify_truncates(void **state) {
    case_spec_t k = case_from_file("14a-http10-close-delimited.http", SCRIPT_UNCLEAN);
    (void)state;
    k.secure = 1;
    k.raw = expect_failure(BOOOPLY_E_TRUNCATED, 200, "", 0);
    k.streamed = expect_failure(BOOOPLY_E_TRUNCATED, 200, STANDARD_BODY, STANDARD_BODY_LEN);
    run_case(&k);
}

static void tls_close_notify_before_length_truncates(void **state) {
    case_spec_t k = case_from_file("06-content-length-truncated.http", SCRIPT_FIN);
    (void)state;
    k.secure = 1;
    k.raw = expect_failure(BOOOPLY_E_TRUNCATED, 200, "", 0);
    k.streamed = expect_failure(BOOOPLY_E_TRUNCATED, 200, STANDARD_BODY, 40);
    run_case(&k);
}

/* -------------------------------------------------------------------- */

static int setup(void **state) {
    (void)state;
    load_next_ok();
    return 0;
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(chunked_split_reads, setup),
        cmocka_unit_test_setup(chunk_extensions_ignored, setup),
        cmocka_unit_test_setup(chunk_extension_whitespace, setup),
        cmocka_unit_test_setup(chunk_size_overflow, setup),
        cmocka_unit_test_setup(chunked_trailers_keep_connection, setup),
        cmocka_unit_test_setup(content_length_truncated_by_fin, setup),
        cmocka_unit_test_setup(content_length_truncated_by_reset, setup),
        cmocka_unit_test_setup(chunked_cut_fails_at_once, setup),
        cmocka_unit_test_setup(both_framings_malformed, setup),
        cmocka_unit_test_setup(malformed_responses_rejected, setup),
        cmocka_unit_test_setup(uncommon_valid_forms_accepted, setup),
        cmocka_unit_test_setup(header_longer_than_buffer, setup),
        cmocka_unit_test_setup(head_response_has_no_body, setup),
        cmocka_unit_test_setup(end_response_mid_body_closes, setup),
        cmocka_unit_test_setup(obs_fold_joined, setup),
        cmocka_unit_test_setup(interim_responses_skipped, setup),
        cmocka_unit_test_setup(no_content_keeps_connection, setup),
        cmocka_unit_test_setup(close_delimited_body, setup),
        cmocka_unit_test_setup(status_empty_reason, setup),
        cmocka_unit_test_setup(status_code_not_digits, setup),
        cmocka_unit_test_setup(header_straddling_reads, setup),
        cmocka_unit_test_setup(header_fields_fit_one_at_a_time, setup),
        cmocka_unit_test_setup(bare_lf_line_endings, setup),
        cmocka_unit_test_setup(body_larger_than_buffer, setup),
        cmocka_unit_test_setup(negative_content_length, setup),
        cmocka_unit_test_setup(body_multiple_of_read_size, setup),
        cmocka_unit_test_setup(body_read_in_whole_pieces, setup),
        cmocka_unit_test_setup(stall_mid_body_times_out, setup),
        cmocka_unit_test(stall_before_response_times_out),
        cmocka_unit_test_setup(cut_response_never_succeeds, setup),
        cmocka_unit_test_setup(stray_bytes_end_connection, setup),
        cmocka_unit_test(recv_never_ready_times_out),
        cmocka_unit_test(stale_connection_replaced_before_get),
        cmocka_unit_test(stale_connection_replaced_before_post),
        cmocka_unit_test(closed_after_request_repeats_get),
        cmocka_unit_test(closed_after_request_repeats_delete),
        cmocka_unit_test(closed_after_request_fails_post),
        cmocka_unit_test_setup(send_failure_before_any_byte_repeats_post, setup),
        cmocka_unit_test_setup(send_failure_after_some_bytes_fails_post, setup),
        cmocka_unit_test(chunked_body_fills_buffer_exactly),
        cmocka_unit_test(chunked_body_one_byte_over_buffer),
        cmocka_unit_test(recv_overclaim_is_transport_error),
        cmocka_unit_test_setup(send_overclaim_is_transport_error, setup),
        cmocka_unit_test(send_zero_retried_with_same_arguments),
        cmocka_unit_test(would_block_mid_response_not_error),
        cmocka_unit_test_setup(tls_close_notify_ends_body, setup),
        cmocka_unit_test_setup(tls_close_without_notify_truncates, setup),
        cmocka_unit_test_setup(tls_close_notify_before_length_truncates, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
