/* The keep-alive GET loop of the client comparison, done by boooply.h over
 * its POSIX port: ITERATIONS times boooply_interviews_get() of one
 * interview and a walk over its participants, on one connection.
 *
 *   get_loop_boooply PORT ITERATIONS
 *
 * The loop runs inside run_loop() (for callgrind's --toggle-collect) and
 * prints its wall time per request in nanoseconds. get_loop_curl.c is the
 * same loop with libcurl and cJSON.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "boooply.h"
#include "ports/boooply_posix.h"

#define CODE "Boooply-HU-1000000003"

#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

static unsigned char buffer[16384];
static boooply_token_t tokens[512];

/* Returns the bytes of text read from the results, so that the compiler
 * cannot drop the decoding. */
NOINLINE static size_t run_loop(boooply_client_t *c, long iterations) {
    size_t seen = 0;
    long i;
    for (i = 0; i < iterations; i++) {
        boooply_interview_t iv;
        boooply_participant_t p;
        boooply_err_t err = boooply_interviews_get(c, CODE, &iv);
        if (err) {
            fprintf(stderr, "get_loop_boooply: request %ld failed: %s (%s)\n", i, boooply_strerror(err),
                    c->last.message);
            exit(1);
        }
        if (i > 0 && c->last.reconnects != 0) {
            fprintf(stderr, "get_loop_boooply: request %ld opened a new connection\n", i);
            exit(1);
        }
        seen += iv.meeting_code.len + iv.session_status.len + iv.title.len;
        while (boooply_participant_next(&iv.participants, &p)) seen += p.name.len + p.email.len + p.join_token.len;
    }
    return seen;
}

int main(int argc, char **argv) {
    char base_url[64];
    boooply_posix_t tcp;
    boooply_client_t client;
    boooply_config_t cfg;
    struct timespec start, end;
    long iterations;
    size_t seen;
    double ns;
    if (argc != 3 || (iterations = strtol(argv[2], NULL, 10)) <= 0) {
        fprintf(stderr, "usage: get_loop_boooply PORT ITERATIONS\n");
        return 2;
    }

    snprintf(base_url, sizeof base_url, "http://127.0.0.1:%s", argv[1]);
    memset(&cfg, 0, sizeof cfg);
    boooply_posix_init(&tcp);
    cfg.base_url = base_url;
    cfg.api_key = "bply_org_test_key";
    cfg.port = boooply_posix_port(&tcp);
    cfg.buffer = buffer;
    cfg.buffer_size = sizeof buffer;
    cfg.tokens = tokens;
    cfg.token_count = sizeof tokens / sizeof tokens[0];
    if (boooply_init(&client, &cfg) != BOOOPLY_OK) {
        fprintf(stderr, "get_loop_boooply: boooply_init failed: %s\n", client.last.message);
        return 1;
    }

    clock_gettime(CLOCK_MONOTONIC, &start);
    seen = run_loop(&client, iterations);
    clock_gettime(CLOCK_MONOTONIC, &end);
    boooply_close(&client);
    ns = (double)(end.tv_sec - start.tv_sec) * 1e9 + (double)(end.tv_nsec - start.tv_nsec);
    printf("boooply: %ld requests, %zu result bytes, %.0f ns per request\n", iterations, seen, ns / (double)iterations);
    return 0;
}
