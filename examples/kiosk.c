/* kiosk: what an interview kiosk does with boooply.h.
 *
 * Creates an AI interview for the candidate standing at the kiosk, shows
 * the meeting code and the candidate's personal join link, then reads the
 * interview back to confirm it is scheduled.
 *
 *   BOOOPLY_BASE_URL=http://127.0.0.1:8080 BOOOPLY_API_KEY=bply_org_... \
 *       kiosk "Jane Doe" jane@example.com "Backend Engineer"
 *
 * An https:// base URL goes through the mbedTLS port, which verifies the
 * server's certificate against the CA certificates in BOOOPLY_CA_FILE (a
 * PEM file), or against the system bundle when that is unset. An http://
 * URL stays plain TCP.
 *
 * The candidate may also come from BOOOPLY_CANDIDATE_NAME,
 * BOOOPLY_CANDIDATE_EMAIL and BOOOPLY_JOB_ROLE. Exit status: 0 success,
 * 2 usage or configuration error, 3 the API rejected the request, 4 network
 * or protocol failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boooply.h"
#include "ports/boooply_posix.h"
#include "ports/boooply_mbedtls.h"

static unsigned char buffer[8192];
static boooply_token_t tokens[512];
static boooply_mbedtls_t tls; /* used for https:// URLs only */
static int tls_used;

static const char *setting(int argc, char **argv, int index, const char *env, const char *fallback) {
    const char *value = index < argc ? argv[index] : getenv(env);
    return value && value[0] ? value : fallback;
}

/* Prints what failed and returns the exit status for it. */
static int report(const char *step, boooply_err_t err, const boooply_client_t *client) {
    const boooply_last_t *last = &client->last;
    fprintf(stderr, "kiosk: %s failed: %s: %s\n", step, boooply_strerror(err), last->message);
    if (last->http_status)
        fprintf(stderr, "kiosk: HTTP status %d", last->http_status);
    if (last->api_code.ptr)
        fprintf(stderr, ", API code %s", last->api_code.ptr);
    if (last->api_error.ptr)
        fprintf(stderr, ": %s", last->api_error.ptr);
    if (last->http_status)
        fputc('\n', stderr);
    if (last->retry_after >= 0)
        fprintf(stderr, "kiosk: rate limited, retry after %ld s\n", last->retry_after);
    if (tls_used && boooply_mbedtls_reason(&tls)[0])
        fprintf(stderr, "kiosk: TLS: %s\n", boooply_mbedtls_reason(&tls));
    if (err == BOOOPLY_E_INVALID_ARGUMENT) return 2;
    if (err == BOOOPLY_E_HTTP_STATUS) return 3;
    return 4;
}

/* Sets config->port to plain TCP, or to TLS over TCP for an https:// URL.
 * Returns 0, or the exit status for a TLS setup failure. */
static int choose_port(boooply_config_t *config, boooply_posix_t *tcp) {
    boooply_mbedtls_config_t tls_config = {0};
    const char *ca_file = getenv("BOOOPLY_CA_FILE");

    if (strncmp(config->base_url, "https://", 8) != 0) {
        boooply_posix_init(tcp);
        config->port = boooply_posix_port(tcp);
        return 0;
    }
    /* Left NULL, the port loads the system CA bundle. */
    tls_config.ca_file = ca_file && ca_file[0] ? ca_file : NULL;
    if (boooply_mbedtls_init(&tls, &tls_config) != 0) {
        fprintf(stderr, "kiosk: TLS setup failed: %s\n", boooply_mbedtls_reason(&tls));
        return 2;
    }
    tls_used = 1;
    config->port = boooply_mbedtls_port(&tls);
    return 0;
}

static int run(int argc, char **argv) {
    boooply_posix_t tcp;
    boooply_client_t client;
    boooply_config_t config = {0};
    boooply_create_interview_t request = {0};
    boooply_interview_t interview, check;
    boooply_participant_t participant;
    boooply_iter_t it;
    boooply_err_t err;
    char link[512];
    char code[128];
    int link_printed = 0;
    int status;

    if (argc > 1 && (argv[1][0] == '-')) {
        fprintf(stderr, "usage: kiosk [NAME EMAIL [JOB_ROLE]]\n"
                        "  BOOOPLY_BASE_URL  service URL, for example http://127.0.0.1:8080\n"
                        "  BOOOPLY_API_KEY   organization API key (bply_org_...)\n"
                        "  BOOOPLY_CA_FILE   PEM file of trusted CA certificates for https://\n"
                        "                    (default: the system bundle)\n");
        return 2;
    }
    config.base_url = getenv("BOOOPLY_BASE_URL");
    config.api_key = getenv("BOOOPLY_API_KEY");
    if (!config.base_url || !config.api_key) {
        fprintf(stderr, "kiosk: set BOOOPLY_BASE_URL and BOOOPLY_API_KEY (see kiosk --help)\n");
        return 2;
    }
    request.type = BOOOPLY_INTERVIEW_AI;
    request.candidate.name = setting(argc, argv, 1, "BOOOPLY_CANDIDATE_NAME", NULL);
    request.candidate.email = setting(argc, argv, 2, "BOOOPLY_CANDIDATE_EMAIL", NULL);
    request.job_role = setting(argc, argv, 3, "BOOOPLY_JOB_ROLE", "Software Engineer");
    request.evaluation_focus = "balanced";
    request.send_candidate_feedback = BOOOPLY_FLAG_TRUE;
    if (!request.candidate.name || !request.candidate.email) {
        fprintf(stderr, "kiosk: give the candidate's name and email (see kiosk --help)\n");
        return 2;
    }

    status = choose_port(&config, &tcp);
    if (status != 0) return status;
    config.buffer = buffer;
    config.buffer_size = sizeof buffer;
    config.tokens = tokens;
    config.token_count = sizeof tokens / sizeof tokens[0];
    config.timeout_ms = 15000;
    err = boooply_init(&client, &config);
    if (err) return report("configuration", err, &client);

    err = boooply_interviews_create(&client, &request, &interview);
    if (err) return report("creating the interview", err, &client);
    printf("Interview created for %s\n", request.candidate.name);
    printf("  meeting code: %s\n", interview.meeting_code.ptr);
    printf("  status:       %s\n", interview.session_status.ptr ? interview.session_status.ptr : "?");

    /* The candidate's own link carries their join token. */
    it = interview.participants;
    while (boooply_participant_next(&it, &participant)) {
        if (!boooply_str_eq(participant.role, "CANDIDATE")) continue;
        err = boooply_join_link(interview.url, participant.join_token, link, sizeof link, NULL);
        if (err) return report("building the join link", err, &client);
        printf("  join link:    %s\n", link);
        link_printed = 1;
    }
    if (!link_printed) printf("  join link:    (the response had no candidate join token)\n");

    /* The next call reuses the buffer, so keep the code first. */
    if (boooply_str_copy(interview.meeting_code, code, sizeof code, NULL) != BOOOPLY_OK) {
        fprintf(stderr, "kiosk: the meeting code is longer than %zu bytes\n", sizeof code - 1);
        return 4;
    }
    err = boooply_interviews_get(&client, code, &check);
    if (err) return report("reading the interview back", err, &client);
    printf("Read back %s: %s, %s, %d minutes\n", check.meeting_code.ptr,
           check.meeting_type.ptr ? check.meeting_type.ptr : "?",
           check.session_status.ptr ? check.session_status.ptr : "?", (int)check.duration_minutes);
    boooply_close(&client);
    return 0;
}

int main(int argc, char **argv) {
    int status = run(argc, argv);

    boooply_mbedtls_free(&tls); /* nothing to do when no TLS was set up */
    return status;
}
