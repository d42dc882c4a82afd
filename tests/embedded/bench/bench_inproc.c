/* In-process benchmarks for callgrind: the library is driven through an
 * in-memory port that replays one recorded response per request, so that
 * no socket or kernel time is in the figures.
 *
 *   bench_inproc MODE RESPONSE_FILE ITERATIONS
 *
 * MODE is one of:
 *   create       boooply_interviews_create(), AI interview
 *   list         boooply_interviews_list() with no filters, then every
 *                interview of the page decoded with boooply_interview_next()
 *   transcript   boooply_interviews_get_transcript(), then every entry
 *                decoded with boooply_transcript_next()
 *   http         boooply_request(), boooply_read_body() into a 4 KiB
 *                buffer until the end, boooply_end_response()
 *   http-parser  http_parser_execute() on the same bytes, after the same
 *                copy a recv would make, with a body callback that copies
 *                the body out as boooply_read_body() does
 *
 * Each mode runs ITERATIONS times inside a function named bench_MODE
 * (bench_http_parser for http-parser), so that
 *   valgrind --tool=callgrind --collect-atstart=no --toggle-collect=bench_MODE
 * counts only the loop. The port delivers at most SEGMENT bytes per recv,
 * as a TCP socket delivers segments, and its copies are counted too.
 */
#define _POSIX_C_SOURCE 200809L
#include <http_parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boooply.h"

#define SEGMENT 1460
#define BUFFER_SIZE (128u * 1024u)
#define TOKEN_COUNT 8192
#define BODY_PIECE 4096

#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

static unsigned char buffer[BUFFER_SIZE];
static boooply_token_t tokens[TOKEN_COUNT];
static char response[BUFFER_SIZE];
static size_t response_len;
static char body_out[BODY_PIECE];

/* The in-memory port: every request gets the whole recorded response. */
typedef struct replay {
    size_t pos;
    int pending; /* a request arrived and its response is not all delivered */
} replay_t;

static int replay_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms) {
    replay_t *r = (replay_t *)ctx;
    (void)host;
    (void)port;
    (void)timeout_ms;
    r->pos = 0;
    r->pending = 0;
    return 0;
}

static long replay_send(void *ctx, const void *data, size_t len, uint32_t timeout_ms) {
    replay_t *r = (replay_t *)ctx;
    (void)data;
    (void)timeout_ms;
    if (!r->pending) {
        r->pending = 1;
        r->pos = 0;
    }
    return (long)len;
}

static long replay_recv(void *ctx, void *data, size_t len, uint32_t timeout_ms) {
    replay_t *r = (replay_t *)ctx;
    size_t n = response_len - r->pos;
    (void)timeout_ms;
    if (!r->pending) return 0; /* nothing to read, as on an idle socket */
    if (n > len) n = len;
    if (n > SEGMENT) n = SEGMENT;
    memcpy(data, response + r->pos, n);
    r->pos += n;
    if (r->pos == response_len) r->pending = 0;
    return (long)n;
}

static void replay_close(void *ctx) { ((replay_t *)ctx)->pending = 0; }

static uint32_t replay_now(void *ctx) {
    (void)ctx;
    return 0;
}

static void fail(const char *what, boooply_client_t *c, boooply_err_t err) {
    fprintf(stderr, "bench_inproc: %s failed: %s (%s)\n", what, boooply_strerror(err),
            c ? c->last.message : "");
    exit(1);
}

static void init_client(boooply_client_t *c, replay_t *r) {
    boooply_config_t cfg;
    boooply_err_t err;
    memset(&cfg, 0, sizeof cfg);
    memset(r, 0, sizeof *r);
    cfg.base_url = "http://127.0.0.1:8080";
    cfg.api_key = "bply_org_test_key";
    cfg.port.ctx = r;
    cfg.port.connect = replay_connect;
    cfg.port.send = replay_send;
    cfg.port.recv = replay_recv;
    cfg.port.close = replay_close;
    cfg.port.now_ms = replay_now;
    cfg.buffer = buffer;
    cfg.buffer_size = sizeof buffer;
    cfg.tokens = tokens;
    cfg.token_count = TOKEN_COUNT;
    err = boooply_init(c, &cfg);
    if (err) fail("boooply_init", c, err);
}

NOINLINE static void bench_create(boooply_client_t *c, long iterations) {
    boooply_create_interview_t req;
    boooply_interview_t iv;
    long i;
    memset(&req, 0, sizeof req);
    req.type = BOOOPLY_INTERVIEW_AI;
    req.job_role = "Backend Engineer";
    req.candidate.name = "Jane Doe";
    req.candidate.email = "jane@example.com";
    for (i = 0; i < iterations; i++) {
        boooply_err_t err = boooply_interviews_create(c, &req, &iv);
        if (err) fail("boooply_interviews_create", c, err);
    }
}

NOINLINE static void bench_list(boooply_client_t *c, long iterations) {
    boooply_interview_list_t list;
    boooply_interview_t iv;
    long i;
    for (i = 0; i < iterations; i++) {
        int count = 0;
        boooply_err_t err = boooply_interviews_list(c, NULL, &list);
        if (err) fail("boooply_interviews_list", c, err);
        while (boooply_interview_next(&list.interviews, &iv)) count++;
        if (count == 0) fail("the list page is empty, so boooply_interview_next", c, BOOOPLY_OK);
    }
}

NOINLINE static void bench_transcript(boooply_client_t *c, long iterations) {
    boooply_transcript_t tr;
    boooply_transcript_entry_t entry;
    long i;
    for (i = 0; i < iterations; i++) {
        int count = 0;
        boooply_err_t err = boooply_interviews_get_transcript(c, "Boooply-AI-1000000001", &tr);
        if (err) fail("boooply_interviews_get_transcript", c, err);
        while (boooply_transcript_next(&tr.entries, &entry)) count++;
        if (count == 0) fail("the transcript is empty, so boooply_transcript_next", c, BOOOPLY_OK);
    }
}

NOINLINE static void bench_http(boooply_client_t *c, long iterations) {
    boooply_request_t req;
    long i;
    memset(&req, 0, sizeof req);
    req.method = "GET";
    req.path = "/api/integration/interviews/Boooply-HU-1000000003";
    for (i = 0; i < iterations; i++) {
        size_t got, total = 0;
        boooply_err_t err = boooply_request(c, &req);
        if (err) fail("boooply_request", c, err);
        do {
            err = boooply_read_body(c, body_out, sizeof body_out, &got);
            if (err) fail("boooply_read_body", c, err);
            total += got;
        } while (got);
        boooply_end_response(c);
        if (total == 0) fail("the body is empty, so boooply_read_body", c, BOOOPLY_OK);
    }
}

/* http-parser side: a body copy per callback, as boooply_read_body() makes. */
typedef struct parse_state {
    size_t body;
    int complete;
} parse_state_t;

static int on_body(http_parser *p, const char *at, size_t len) {
    parse_state_t *s = (parse_state_t *)p->data;
    size_t copied = 0;
    while (copied < len) {
        size_t n = len - copied < BODY_PIECE ? len - copied : BODY_PIECE;
        memcpy(body_out, at + copied, n);
        copied += n;
    }
    s->body += len;
    return 0;
}

static int on_message_complete(http_parser *p) {
    ((parse_state_t *)p->data)->complete = 1;
    return 0;
}

NOINLINE static void bench_http_parser(long iterations) {
    http_parser_settings settings;
    http_parser parser;
    long i;
    memset(&settings, 0, sizeof settings);
    settings.on_body = on_body;
    settings.on_message_complete = on_message_complete;
    for (i = 0; i < iterations; i++) {
        parse_state_t state = {0, 0};
        size_t pos = 0;
        http_parser_init(&parser, HTTP_RESPONSE);
        parser.data = &state;
        while (pos < response_len) {
            size_t n = response_len - pos < SEGMENT ? response_len - pos : SEGMENT;
            size_t used;
            memcpy(buffer, response + pos, n); /* the copy a recv makes */
            used = http_parser_execute(&parser, &settings, (const char *)buffer, n);
            if (used != n || parser.http_errno != HPE_OK) {
                fprintf(stderr, "bench_inproc: http_parser_execute failed: %s\n",
                        http_errno_name((enum http_errno)parser.http_errno));
                exit(1);
            }
            pos += n;
        }
        if (!state.complete || state.body == 0 || !http_should_keep_alive(&parser)) {
            fprintf(stderr, "bench_inproc: http-parser did not see a complete keep-alive response\n");
            exit(1);
        }
    }
}

int main(int argc, char **argv) {
    FILE *f;
    long iterations;
    boooply_client_t client;
    replay_t replay;
    if (argc != 4) {
        fprintf(stderr, "usage: bench_inproc create|list|transcript|http|http-parser RESPONSE_FILE ITERATIONS\n");
        return 2;
    }
    f = fopen(argv[2], "rb");
    if (!f) {
        fprintf(stderr, "bench_inproc: cannot open %s\n", argv[2]);
        return 1;
    }
    response_len = fread(response, 1, sizeof response, f);
    if (!feof(f)) {
        fprintf(stderr, "bench_inproc: %s is larger than %zu bytes\n", argv[2], sizeof response);
        return 1;
    }
    fclose(f);
    iterations = strtol(argv[3], NULL, 10);
    if (iterations <= 0) {
        fprintf(stderr, "bench_inproc: ITERATIONS must be a positive number, not %s\n", argv[3]);
        return 2;
    }

    init_client(&client, &replay);
    if (strcmp(argv[1], "create") == 0)
        bench_create(&client, iterations);
    else if (strcmp(argv[1], "list") == 0)
        bench_list(&client, iterations);
    else if (strcmp(argv[1], "transcript") == 0)
        bench_transcript(&client, iterations);
    else if (strcmp(argv[1], "http") == 0)
        bench_http(&client, iterations);
    else if (strcmp(argv[1], "http-parser") == 0)
        bench_http_parser(iterations);
    else {
        fprintf(stderr, "bench_inproc: unknown mode %s\n", argv[1]);
        return 2;
    }
    if (client.last.reconnects > 1) {
        fprintf(stderr, "bench_inproc: the client reconnected, so keep-alive did not hold\n");
        return 1;
    }
    printf("%s: %ld iterations, %zu response bytes each\n", argv[1], iterations, response_len);
    return 0;
}
