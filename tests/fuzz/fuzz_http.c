/* Fuzz target: the HTTP/1.1 response parser, through the public API.
 *
 * The payload after the delivery header (see fuzz_common.h) is the whole
 * response, status line first. Bits 5-7 of the first byte choose the
 * boooply_read_body() piece size.
 *
 * Each input runs four times: through boooply_raw() and through
 * boooply_request() with boooply_read_body(), each once with the fuzzed
 * delivery and once with the response delivered at once. The two
 * deliveries must give the same result (error, status, body, headers),
 * and after each run a second request on the same client must succeed.
 */
/* The coverage build links the implementation from its own object. */
#ifndef FUZZ_LINKED_IMPLEMENTATION
#define BOOOPLY_IMPLEMENTATION
#endif
#include "fuzz_common.h"

#define TOKEN_COUNT 64

static const size_t piece_sizes[8] = {1, 2, 7, 64, 100, 512, 1000, 4096};

typedef struct outcome {
    boooply_err_t err;
    int status;
    size_t needed;
    int json_count;
    char *body; /* raw: the parsed document's text; streamed: the bytes read */
    size_t body_len;
    unsigned headers;
    uint32_t header_hash;
    int timed_out_by_waits;
} outcome_t;

static uint32_t hash_bytes(uint32_t h, const char *s, size_t n) {
    size_t i;
    for (i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

static void log_header(void *ctx, boooply_str_t name, boooply_str_t value) {
    outcome_t *o = (outcome_t *)ctx;
    size_t i;
    FUZZ_CHECK(name.ptr != NULL && name.len > 0);
    FUZZ_CHECK(value.ptr != NULL || value.len == 0);
    /* Values are trimmed and hold no line ending or other control byte but HTAB. */
    for (i = 0; i < value.len; i++)
        FUZZ_CHECK((unsigned char)value.ptr[i] >= 0x20 || value.ptr[i] == '\t');
    FUZZ_CHECK(value.len == 0 || (value.ptr[0] != ' ' && value.ptr[value.len - 1] != ' '));
    o->headers++;
    o->header_hash = hash_bytes(o->header_hash, name.ptr, name.len);
    o->header_hash = hash_bytes(o->header_hash ^ 0xFFu, value.ptr ? value.ptr : "", value.len);
}

static void run(const fuzz_input_t *in, int streamed, size_t piece_size, outcome_t *o) {
    fuzz_port_t port;
    fuzz_client_t f;
    boooply_request_t req;
    boooply_err_t err;
    size_t cap = 65536;

    memset(o, 0, sizeof *o);
    o->header_hash = 2166136261u;
    o->body = (char *)malloc(cap);
    FUZZ_CHECK(o->body != NULL);
    fuzz_port_init(&port, in, NULL, 0);
    fuzz_client_init(&f, &port, in->buffer_size, TOKEN_COUNT);
    f.client.on_header = log_header;
    f.client.on_header_ctx = o;
    memset(&req, 0, sizeof req);
    req.method = "GET";
    req.path = "/case";

    if (!streamed) {
        err = boooply_raw(&f.client, &req);
        if (err == BOOOPLY_OK) FUZZ_CHECK(f.client.last.http_status >= 200 && f.client.last.http_status <= 299);
        if (f.client.doc.count > 0) {
            FUZZ_CHECK(f.client.doc.text == f.buffer);
            FUZZ_CHECK(f.client.doc.len <= in->buffer_size);
            memcpy(o->body, f.client.doc.text, f.client.doc.len);
            o->body_len = f.client.doc.len;
        }
        o->json_count = f.client.doc.count;
    } else {
        char *piece = (char *)malloc(piece_size);
        FUZZ_CHECK(piece != NULL);
        err = boooply_request(&f.client, &req);
        if (err == BOOOPLY_OK) FUZZ_CHECK(f.client.last.http_status >= 200);
        while (err == BOOOPLY_OK) {
            size_t got = 0;
            err = boooply_read_body(&f.client, piece, piece_size, &got);
            if (err != BOOOPLY_OK || got == 0) break;
            FUZZ_CHECK(got <= piece_size);
            FUZZ_CHECK(got <= cap - o->body_len); /* no more than the response held */
            memcpy(o->body + o->body_len, piece, got);
            o->body_len += got;
        }
        free(piece);
        /* Reading on after the end, or after an error, is harmless. */
        {
            char byte;
            size_t got = 1;
            boooply_err_t again = boooply_read_body(&f.client, &byte, 1, &got);
            FUZZ_CHECK(got == 0);
            FUZZ_CHECK(again == BOOOPLY_E_STATE);
        }
    }
    fuzz_check_last(&f.client, err);
    o->err = err;
    o->status = f.client.last.http_status;
    o->needed = f.client.last.needed;
    o->timed_out_by_waits = err == BOOOPLY_E_TIMEOUT && in->plan_len &&
                           memchr(in->plan, 0, in->plan_len) != NULL;
    f.client.on_header = NULL;
    FUZZ_CHECK(port.misuse == 0);
    fuzz_check_next_call(&f, &port);
    fuzz_client_free(&f);
}

/* Checks that the fuzzed delivery gave what delivering all at once gave. */
static void expect_same(const outcome_t *split, const outcome_t *whole) {
    /* Enough "nothing yet" results pass the deadline at another point of
     * the response; that is allowed. */
    if (split->timed_out_by_waits) return;
    if (split->err != whole->err)
        fprintf(stderr, "split delivery: %s, whole: %s\n", boooply_strerror(split->err),
                boooply_strerror(whole->err));
    FUZZ_CHECK(split->err == whole->err);
    FUZZ_CHECK(split->status == whole->status);
    FUZZ_CHECK(split->needed == whole->needed);
    FUZZ_CHECK(split->json_count == whole->json_count);
    FUZZ_CHECK(split->body_len == whole->body_len);
    FUZZ_CHECK(memcmp(split->body, whole->body, whole->body_len) == 0);
    FUZZ_CHECK(split->headers == whole->headers);
    FUZZ_CHECK(split->header_hash == whole->header_hash);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_input_t in = fuzz_parse_input(data, size);
    fuzz_input_t whole = in;
    size_t piece_size = piece_sizes[size ? (data[0] >> 5) & 7 : 0];
    outcome_t a, b;
    int streamed;

    whole.plan_len = 0;
    whole.repeat_plan = 0;
    for (streamed = 0; streamed <= 1; streamed++) {
        run(&in, streamed, piece_size, &a);
        run(&whole, streamed, streamed ? 4096 : piece_size, &b);
        if (streamed) {
            /* Piece sizes differ, but the bytes read must not. */
            if (!a.timed_out_by_waits) {
                FUZZ_CHECK(a.err == b.err);
                FUZZ_CHECK(a.status == b.status);
                FUZZ_CHECK(a.headers == b.headers && a.header_hash == b.header_hash);
                /* Every byte before a fault is delivered, whatever the
                 * piece size. */
                FUZZ_CHECK(a.body_len == b.body_len);
                FUZZ_CHECK(memcmp(a.body, b.body, b.body_len) == 0);
            }
        } else {
            expect_same(&a, &b);
        }
        free(a.body);
        free(b.body);
    }
    return 0;
}
