/* Shared parts of the fuzz targets: an in-memory port that delivers a
 * response in pieces chosen by the fuzz input, a fake clock, and checks
 * that abort with a message, so libFuzzer and the replay driver both
 * report a broken property as a crash.
 *
 * Inputs of the targets that go through the port start with a delivery
 * header:
 *   byte 0   bits 0-1: what the connection does after the last byte
 *                      (0 orderly close, 1 reset, 2 close without
 *                      close_notify, 3 stall until the deadline)
 *            bits 2-3: client buffer size (256, 512, 1024 or 4096 bytes)
 *            bit 4:    repeat the recv plan once it runs out, instead of
 *                      delivering as much as the client asks for
 *   byte 1   plan length n (byte 1 modulo 33)
 *   n bytes  the recv plan: a byte b > 0 delivers at most b bytes, 0 makes
 *            recv return "nothing yet" (BOOOPLY_PORT_WOULD_BLOCK)
 * and the rest is the payload, whose meaning each target defines.
 */
#ifndef BOOOPLY_FUZZ_COMMON_H
#define BOOOPLY_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boooply.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts with the failed condition when it does not hold. */
#define FUZZ_CHECK(condition)                                                                  \
    do {                                                                                       \
        if (!(condition)) {                                                                    \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition);      \
            abort();                                                                           \
        }                                                                                      \
    } while (0)

#define FUZZ_PLAN_MAX 32
#define FUZZ_TIMEOUT_MS 2000u
/* Milliseconds one "nothing yet" recv adds to the fake clock. */
#define FUZZ_WAIT_STEP_MS 5u
/* recv calls after which a call is taken to loop forever. */
#define FUZZ_RECV_LIMIT 1000000u

enum { FUZZ_END_EOF, FUZZ_END_RESET, FUZZ_END_UNCLEAN, FUZZ_END_STALL };

/* The delivery header and payload of one input. */
typedef struct fuzz_input {
    int end;
    size_t buffer_size;
    int repeat_plan;
    const uint8_t *plan;
    size_t plan_len;
    const uint8_t *payload;
    size_t payload_len;
} fuzz_input_t;

static inline fuzz_input_t fuzz_parse_input(const uint8_t *data, size_t size) {
    static const size_t buffer_sizes[4] = {256, 512, 1024, 4096};
    fuzz_input_t in;
    memset(&in, 0, sizeof in);
    in.buffer_size = 4096;
    if (size == 0 || data == NULL) return in;
    in.end = data[0] & 3;
    in.buffer_size = buffer_sizes[(data[0] >> 2) & 3];
    in.repeat_plan = (data[0] >> 4) & 1;
    data++;
    size--;
    if (size == 0) return in;
    in.plan_len = (size_t)(data[0] % (FUZZ_PLAN_MAX + 1));
    data++;
    size--;
    if (in.plan_len > size) in.plan_len = size;
    in.plan = data;
    in.payload = data + in.plan_len;
    in.payload_len = size - in.plan_len;
    return in;
}

/* The response every request after the first one gets. */
static const char fuzz_healthy_response[] =
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"next\":true}";

/* The port. The first request of a test gets the response made of prefix
 * and payload, delivered by the plan; every later request gets
 * fuzz_healthy_response at once. A request that starts on a connection
 * drops what is left of an earlier response on it, as a server that sends
 * nothing extra would. */
typedef struct fuzz_port {
    const uint8_t *plan;
    size_t plan_len, plan_pos;
    int repeat_plan;
    int end;
    const char *prefix;          /* fixed bytes before the payload, or NULL */
    size_t prefix_len;
    const uint8_t *payload;
    size_t payload_len;
    size_t pos;                  /* bytes of prefix + payload delivered */
    int phase;                   /* 0: the fuzzed request, 1: the healthy one */
    int open;
    int source;                  /* what recv delivers: 0 nothing, 1 fuzzed, 2 healthy */
    size_t healthy_pos;
    int request_started;         /* a send happened on this connection in this phase */
    uint32_t clock_ms;
    unsigned connects, recv_calls, misuse;
    char host[BOOOPLY_HOST_MAX + 1];
    uint16_t port_number;
    char *sent;                  /* bytes sent in phase 0, when the target records them */
    size_t sent_cap, sent_len;
} fuzz_port_t;

static inline void fuzz_port_init(fuzz_port_t *p, const fuzz_input_t *in, const char *prefix,
                                  size_t prefix_len) {
    memset(p, 0, sizeof *p);
    p->plan = in->plan;
    p->plan_len = in->plan_len;
    p->repeat_plan = in->repeat_plan;
    p->end = in->end;
    p->prefix = prefix;
    p->prefix_len = prefix ? prefix_len : 0;
    p->payload = in->payload;
    p->payload_len = in->payload_len;
    p->clock_ms = 1000; /* any start works: the core measures differences */
}

static inline int fuzz__connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms) {
    fuzz_port_t *p = (fuzz_port_t *)ctx;
    size_t n = strlen(host);
    (void)timeout_ms;
    FUZZ_CHECK(n <= BOOOPLY_HOST_MAX);
    memcpy(p->host, host, n + 1);
    p->port_number = port;
    p->connects++;
    p->open = 1;
    p->source = 0;
    p->request_started = 0;
    return 0;
}

static inline void fuzz__close(void *ctx) {
    fuzz_port_t *p = (fuzz_port_t *)ctx;
    p->open = 0;
    p->source = 0;
}

static inline uint32_t fuzz__now(void *ctx) { return ((fuzz_port_t *)ctx)->clock_ms; }

static inline long fuzz__send(void *ctx, const void *data, size_t len, uint32_t timeout_ms) {
    fuzz_port_t *p = (fuzz_port_t *)ctx;
    (void)timeout_ms;
    if (!p->open || len == 0) {
        p->misuse++;
        return BOOOPLY_PORT_ERROR;
    }
    if (!p->request_started) {
        p->request_started = 1;
        p->source = p->phase == 0 ? 1 : 2;
        p->healthy_pos = 0;
    }
    if (p->phase == 0 && p->sent && len <= p->sent_cap - p->sent_len) {
        memcpy(p->sent + p->sent_len, data, len);
        p->sent_len += len;
    }
    return (long)len;
}

/* Returns the byte at offset i of prefix + payload. */
static inline uint8_t fuzz__byte(const fuzz_port_t *p, size_t i) {
    return i < p->prefix_len ? (uint8_t)p->prefix[i] : p->payload[i - p->prefix_len];
}

static inline long fuzz__end_result(fuzz_port_t *p, uint32_t timeout_ms) {
    switch (p->end) {
    case FUZZ_END_EOF: return BOOOPLY_PORT_EOF;
    case FUZZ_END_RESET: return BOOOPLY_PORT_RESET;
    case FUZZ_END_UNCLEAN: return BOOOPLY_PORT_UNCLEAN_EOF;
    default:
        p->clock_ms += timeout_ms; /* silent until the deadline */
        return 0;
    }
}

static inline long fuzz__recv(void *ctx, void *data, size_t len, uint32_t timeout_ms) {
    fuzz_port_t *p = (fuzz_port_t *)ctx;
    size_t total, want, i;
    int probe = timeout_ms == 0;
    FUZZ_CHECK(++p->recv_calls <= FUZZ_RECV_LIMIT);
    if (!p->open || len == 0) {
        p->misuse++;
        return BOOOPLY_PORT_ERROR;
    }
    if (p->source == 0) {
        p->clock_ms += timeout_ms; /* no request yet, so nothing to say */
        return 0;
    }
    if (p->source == 2) {
        size_t left = sizeof fuzz_healthy_response - 1 - p->healthy_pos;
        if (left == 0) {
            p->clock_ms += timeout_ms;
            return 0;
        }
        want = len < left ? len : left;
        memcpy(data, fuzz_healthy_response + p->healthy_pos, want);
        p->healthy_pos += want;
        return (long)want;
    }
    total = p->prefix_len + p->payload_len;
    if (p->pos == total) return fuzz__end_result(p, timeout_ms);
    want = len;
    if (!probe && p->plan_len && (p->plan_pos < p->plan_len || p->repeat_plan)) {
        uint8_t step = p->plan[p->plan_pos % p->plan_len];
        p->plan_pos++;
        if (step == 0) {
            p->clock_ms += timeout_ms < FUZZ_WAIT_STEP_MS ? timeout_ms : FUZZ_WAIT_STEP_MS;
            return 0;
        }
        if (step < want) want = step;
    }
    if (want > total - p->pos) want = total - p->pos;
    for (i = 0; i < want; i++) ((uint8_t *)data)[i] = fuzz__byte(p, p->pos + i);
    p->pos += want;
    return (long)want;
}

static inline boooply_port_t fuzz_port(fuzz_port_t *p, unsigned flags) {
    boooply_port_t port;
    memset(&port, 0, sizeof port);
    port.ctx = p;
    port.flags = flags;
    port.connect = fuzz__connect;
    port.send = fuzz__send;
    port.recv = fuzz__recv;
    port.close = fuzz__close;
    port.now_ms = fuzz__now;
    return port;
}

/* A client over a fuzz port, with a buffer and tokens of exactly the
 * sizes asked for on the heap, so that AddressSanitizer reports any access
 * past their end. */
typedef struct fuzz_client {
    boooply_client_t client;
    boooply_config_t cfg;
    char *buffer;
    boooply_token_t *tokens;
} fuzz_client_t;

static inline void fuzz_client_init(fuzz_client_t *f, fuzz_port_t *p, size_t buffer_size,
                                    size_t token_count) {
    memset(f, 0, sizeof *f);
    f->buffer = (char *)malloc(buffer_size);
    f->tokens = (boooply_token_t *)malloc(token_count * sizeof *f->tokens);
    FUZZ_CHECK(f->buffer != NULL && f->tokens != NULL);
    f->cfg.base_url = "http://api.example.com";
    f->cfg.api_key = "tok123";
    f->cfg.port = fuzz_port(p, 0);
    f->cfg.buffer = f->buffer;
    f->cfg.buffer_size = buffer_size;
    f->cfg.tokens = f->tokens;
    f->cfg.token_count = token_count;
    f->cfg.timeout_ms = FUZZ_TIMEOUT_MS;
    FUZZ_CHECK(boooply_init(&f->client, &f->cfg) == BOOOPLY_OK);
}

static inline void fuzz_client_free(fuzz_client_t *f) {
    boooply_close(&f->client);
    free(f->buffer);
    free(f->tokens);
}

/* Checks what every failed or successful call must leave in last. */
static inline void fuzz_check_last(const boooply_client_t *c, boooply_err_t err) {
    FUZZ_CHECK((unsigned)err < (unsigned)BOOOPLY_E_COUNT_);
    FUZZ_CHECK(c->last.message != NULL);
    if (err != BOOOPLY_OK) FUZZ_CHECK(c->last.message[0] != '\0');
    FUZZ_CHECK(c->last.http_status == 0 || (c->last.http_status >= 100 && c->last.http_status <= 999));
}

/* Checks that a string view from a result lies inside the client's buffer
 * and is NUL-terminated there, and reads every byte of it. */
static inline void fuzz_check_view(const boooply_client_t *c, boooply_str_t s) {
    const char *start = (const char *)c->cfg.buffer;
    size_t i;
    unsigned sum = 0;
    if (!s.ptr) {
        FUZZ_CHECK(s.len == 0);
        return;
    }
    FUZZ_CHECK(s.ptr >= start && s.ptr < start + c->cfg.buffer_size);
    FUZZ_CHECK(s.len < c->cfg.buffer_size - (size_t)(s.ptr - start));
    for (i = 0; i < s.len; i++) sum += (unsigned char)s.ptr[i];
    FUZZ_CHECK(s.ptr[s.len] == '\0');
    (void)sum;
}

/* Sends GET /next on the client and checks that it succeeds with the
 * healthy response, on the kept connection or on a new one. */
static inline void fuzz_check_next_call(fuzz_client_t *f, fuzz_port_t *p) {
    boooply_request_t req;
    boooply_err_t err;
    int value = 0;
    memset(&req, 0, sizeof req);
    req.method = "GET";
    req.path = "/next";
    p->phase = 1;
    p->request_started = 0;
    err = boooply_raw(&f->client, &req);
    if (err != BOOOPLY_OK)
        fprintf(stderr, "the call after the fuzzed one failed: %s (%s)\n", boooply_strerror(err),
                f->client.last.message);
    FUZZ_CHECK(err == BOOOPLY_OK);
    FUZZ_CHECK(f->client.last.http_status == 200);
    FUZZ_CHECK(boooply_json_get_bool(&f->client.doc, boooply_json_get(&f->client.doc, 0, "next"), &value) ==
               BOOOPLY_OK);
    FUZZ_CHECK(value == 1);
    FUZZ_CHECK(p->misuse == 0);
}

#endif
