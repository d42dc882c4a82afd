/* Fuzz target: the chunked transfer decoder.
 *
 * The payload after the delivery header (see fuzz_common.h) is a chunked
 * body; the port sends a fixed 200 head with Transfer-Encoding: chunked
 * before it. Bits 5-7 of the first byte choose the boooply_read_body()
 * piece size.
 *
 * A small decoder here, written from RFC 9112 section 7.1 and the policy
 * in tests/cases/README.md, gives the expected result: the body, malformed,
 * or cut. Its leniencies match the library's: whitespace before ';', a
 * bare LF for CRLF, and extensions and trailer fields skipped. The body
 * read with boooply_read_body() and the one boooply_raw() parses must match
 * it, and a second request must succeed afterwards.
 */
/* The coverage build links the implementation from its own object. */
#ifndef FUZZ_LINKED_IMPLEMENTATION
#define BOOOPLY_IMPLEMENTATION
#endif
#include "fuzz_common.h"

#define TOKEN_COUNT 64

static const char head[] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
static const size_t piece_sizes[8] = {1, 3, 16, 64, 100, 512, 1000, 4096};

typedef enum { REF_COMPLETE, REF_MALFORMED, REF_CUT } ref_result_t;

/* Decodes the chunked body in[0..n) into out (at least n bytes); *out_len
 * gets the data decoded before the end, the error or the cut, and
 * *consumed the bytes up to the end of the body. */
static ref_result_t ref_decode(const uint8_t *in, size_t n, char *out, size_t *out_len,
                               size_t *consumed) {
    size_t i = 0, o = 0;
    *out_len = 0;
    *consumed = 0;
    for (;;) {
        size_t size = 0, digits = 0;
        int d;
        /* chunk-size: one or more hex digits, without overflow */
        for (; i < n; i++, digits++) {
            uint8_t ch = in[i];
            if (ch >= '0' && ch <= '9') d = ch - '0';
            else if (ch >= 'a' && ch <= 'f') d = ch - 'a' + 10;
            else if (ch >= 'A' && ch <= 'F') d = ch - 'A' + 10;
            else break;
            if (size > (SIZE_MAX - (size_t)d) / 16u) return REF_MALFORMED;
            size = size * 16u + (size_t)d;
        }
        if (i == n) return REF_CUT;
        if (digits == 0) return REF_MALFORMED;
        while (i < n && (in[i] == ' ' || in[i] == '\t')) i++;
        if (i == n) return REF_CUT;
        if (in[i] == ';') {
            /* chunk-ext, skipped up to LF; control bytes other than HTAB
             * and CR are malformed */
            for (i++; i < n && in[i] != '\n'; i++)
                if (in[i] < 0x20 && in[i] != '\t' && in[i] != '\r') return REF_MALFORMED;
            if (i == n) return REF_CUT;
            i++;
        } else if (in[i] == '\r') {
            if (++i == n) return REF_CUT;
            if (in[i++] != '\n') return REF_MALFORMED;
        } else if (in[i] == '\n') {
            i++;
        } else {
            return REF_MALFORMED;
        }
        if (size == 0) break;
        /* chunk-data and its line ending */
        if (n - i < size) {
            memcpy(out + o, in + i, n - i);
            *out_len = o + (n - i);
            return REF_CUT;
        }
        memcpy(out + o, in + i, size);
        o += size;
        *out_len = o;
        i += size;
        if (i == n) return REF_CUT;
        if (in[i] == '\r') {
            if (++i == n) return REF_CUT;
        }
        if (in[i++] != '\n') return REF_MALFORMED;
    }
    /* trailer section: lines up to an empty one */
    for (;;) {
        if (i == n) return REF_CUT;
        if (in[i] == '\r') {
            if (++i == n) return REF_CUT;
            if (in[i++] != '\n') return REF_MALFORMED;
            break;
        }
        if (in[i] == '\n') {
            i++;
            break;
        }
        while (i < n && in[i] != '\n') i++;
        if (i == n) return REF_CUT;
        i++;
    }
    *consumed = i;
    return REF_COMPLETE;
}

/* The error a cut body gives, for each way the connection ends. */
static boooply_err_t cut_error(int end) {
    switch (end) {
    case FUZZ_END_EOF:
    case FUZZ_END_UNCLEAN: return BOOOPLY_E_TRUNCATED;
    case FUZZ_END_RESET: return BOOOPLY_E_TRANSPORT;
    default: return BOOOPLY_E_TIMEOUT;
    }
}

static int has_waits(const fuzz_input_t *in) {
    return in->plan_len && memchr(in->plan, 0, in->plan_len) != NULL;
}

static void check_streamed(const fuzz_input_t *in, size_t piece_size, ref_result_t expected,
                           const char *ref_body, size_t ref_len, size_t consumed) {
    fuzz_port_t port;
    fuzz_client_t f;
    boooply_request_t req;
    boooply_err_t err;
    char *piece = (char *)malloc(piece_size);
    char *body = (char *)malloc(in->payload_len + 1);
    size_t body_len = 0;

    FUZZ_CHECK(piece != NULL && body != NULL);
    fuzz_port_init(&port, in, head, sizeof head - 1);
    fuzz_client_init(&f, &port, in->buffer_size, TOKEN_COUNT);
    memset(&req, 0, sizeof req);
    req.method = "GET";
    req.path = "/chunked";
    err = boooply_request(&f.client, &req);
    if (err == BOOOPLY_OK) FUZZ_CHECK(f.client.last.http_status == 200);
    while (err == BOOOPLY_OK) {
        size_t got = 0;
        err = boooply_read_body(&f.client, piece, piece_size, &got);
        if (err != BOOOPLY_OK || got == 0) break;
        FUZZ_CHECK(got <= piece_size);
        FUZZ_CHECK(got <= in->payload_len - body_len);
        memcpy(body + body_len, piece, got);
        body_len += got;
    }
    fuzz_check_last(&f.client, err);

    if (err == BOOOPLY_E_TIMEOUT && has_waits(in)) {
        /* The recv plan's waits passed the deadline first. */
    } else if (expected == REF_COMPLETE) {
        if (err != BOOOPLY_OK)
            fprintf(stderr, "complete chunked body gave %s: %s\n", boooply_strerror(err),
                    f.client.last.message);
        FUZZ_CHECK(err == BOOOPLY_OK);
        FUZZ_CHECK(body_len == ref_len);
        FUZZ_CHECK(memcmp(body, ref_body, ref_len) == 0);
        /* Nothing after the body: the connection stays open for reuse. */
        if (consumed == in->payload_len) FUZZ_CHECK(port.open);
    } else {
        boooply_err_t want = expected == REF_MALFORMED ? BOOOPLY_E_MALFORMED_RESPONSE : cut_error(in->end);
        if (err != want)
            fprintf(stderr, "expected %s, got %s: %s\n", boooply_strerror(want), boooply_strerror(err),
                    f.client.last.message);
        FUZZ_CHECK(err == want);
        FUZZ_CHECK(body_len <= ref_len);
        FUZZ_CHECK(memcmp(body, ref_body, body_len) == 0);
        FUZZ_CHECK(!port.open);
    }
    fuzz_check_next_call(&f, &port);
    fuzz_client_free(&f);
    free(piece);
    free(body);
}

static void check_raw(const fuzz_input_t *in, ref_result_t expected, const char *ref_body,
                      size_t ref_len) {
    fuzz_port_t port;
    fuzz_client_t f;
    boooply_request_t req;
    boooply_err_t err;

    fuzz_port_init(&port, in, head, sizeof head - 1);
    fuzz_client_init(&f, &port, in->buffer_size, TOKEN_COUNT);
    memset(&req, 0, sizeof req);
    req.method = "GET";
    req.path = "/chunked";
    err = boooply_raw(&f.client, &req);
    fuzz_check_last(&f.client, err);

    if (err == BOOOPLY_E_TIMEOUT && has_waits(in)) {
        /* The recv plan's waits passed the deadline first. */
    } else if (expected != REF_COMPLETE) {
        FUZZ_CHECK(err == (expected == REF_MALFORMED ? BOOOPLY_E_MALFORMED_RESPONSE : cut_error(in->end)));
    } else if (ref_len > in->buffer_size) {
        FUZZ_CHECK(err == BOOOPLY_E_RESPONSE_TOO_LARGE);
        FUZZ_CHECK(f.client.last.needed == ref_len);
        FUZZ_CHECK(f.client.last.http_status == 200);
    } else {
        /* The same bytes parsed here must give the same result. */
        boooply_json_t doc;
        char *copy = (char *)malloc(ref_len + 1);
        boooply_token_t *tokens = (boooply_token_t *)malloc(TOKEN_COUNT * sizeof *tokens);
        boooply_err_t want;
        FUZZ_CHECK(copy != NULL && tokens != NULL);
        memcpy(copy, ref_body, ref_len);
        want = ref_len ? boooply_json_parse(&doc, copy, ref_len, tokens, TOKEN_COUNT, NULL) : BOOOPLY_OK;
        if (err != want)
            fprintf(stderr, "expected %s, got %s: %s\n", boooply_strerror(want), boooply_strerror(err),
                    f.client.last.message);
        FUZZ_CHECK(err == want);
        if (err == BOOOPLY_OK && ref_len) {
            FUZZ_CHECK(f.client.doc.count == doc.count);
            FUZZ_CHECK(f.client.doc.len == ref_len);
            FUZZ_CHECK(memcmp(f.client.doc.text, copy, ref_len) == 0);
        }
        free(copy);
        free(tokens);
    }
    fuzz_check_next_call(&f, &port);
    fuzz_client_free(&f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_input_t in = fuzz_parse_input(data, size);
    size_t piece_size = piece_sizes[size ? (data[0] >> 5) & 7 : 0];
    char *ref_body = (char *)malloc(in.payload_len + 1);
    size_t ref_len, consumed;
    ref_result_t expected;

    FUZZ_CHECK(ref_body != NULL);
    expected = ref_decode(in.payload, in.payload_len, ref_body, &ref_len, &consumed);
    check_streamed(&in, piece_size, expected, ref_body, ref_len, consumed);
    check_raw(&in, expected, ref_body, ref_len);
    free(ref_body);
    return 0;
}
