/* Finds, for every API call, the smallest work buffer and the smallest
 * token array that still succeed against the local simulator's responses,
 * and prints them as a Markdown table.
 *
 * For each call it first shrinks the buffer with a large token array,
 * then the token array with a large buffer, each by bisection between a
 * size known to fail and one known to succeed. It then checks that the
 * two minimums succeed together and that one byte or one token less
 * fails. A failure counts as "too small" only when it is
 * BOOOPLY_E_BUFFER_TOO_SMALL, BOOOPLY_E_RESPONSE_TOO_LARGE or
 * BOOOPLY_E_TOO_MANY_TOKENS; any other error stops the run, because then
 * the figure would not be about size.
 *
 * Calls that change state (cancel, delete, add or remove a participant)
 * get a fresh interview, made with a separate client, before each attempt.
 *
 * Run it from the repository root: it starts tests/sim/boooply_sim.py on
 * a free loopback port and stops it at the end. Exit status 0 when every
 * call has a minimum, 1 otherwise.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "boooply.h"
#include "ports/boooply_posix.h"

#define KEY "bply_org_test_key"
#define PLATFORM_KEY "bply_platform_test_key"

/* Seeded interviews of the simulator (tests/sim/boooply_sim.py). */
#define LONG_AI "Boooply-AI-1000000001"   /* completed, long transcript */
#define PENDING_AI "Boooply-AI-1000000002" /* completed, analysis not run */
#define HUMAN "Boooply-HU-1000000003"     /* scheduled, two participants */
#define SCORED_HU "Boooply-HU-1000000008" /* completed, evaluated, recorded */
#define CALENDAR_EMAIL "interviewer@example.com"

/* Upper bounds of the search; every call must succeed with them. */
#define MAX_BUFFER (1u << 20)
#define MAX_TOKENS 65536u
/* boooply_init() rejects smaller buffers and token arrays. */
#define MIN_BUFFER 256u
#define MIN_TOKENS 8u

static unsigned char big_buffer[MAX_BUFFER];
static unsigned char probe_buffer[MAX_BUFFER];
static boooply_token_t big_tokens[MAX_TOKENS];
static boooply_token_t probe_tokens[MAX_TOKENS];

static pid_t sim_pid;
static char sim_dir[96];
static char base_url[64];

/* The client that prepares state for a call, with the largest sizes. */
static boooply_posix_t setup_port;
static boooply_client_t setup_client;

/* What a call works on: an interview code and a participant id. */
typedef struct target {
    char code[64];
    char participant_id[64];
} target_t;

typedef boooply_err_t (*call_fn)(boooply_client_t *c, const target_t *t);

typedef enum setup_kind {
    SETUP_NONE,             /* the call reads seeded data */
    SETUP_INTERVIEW,        /* a new scheduled AI interview */
    SETUP_PARTICIPANT       /* a new interview with one added participant */
} setup_kind_t;

typedef struct call_case {
    const char *name;
    const char *api_key;
    setup_kind_t setup;
    const char *code;       /* seeded code, for SETUP_NONE */
    call_fn run;
} call_case_t;

static void sleep_ms(long ms) {
    struct timespec ts;
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000L;
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

static void die(const char *what) {
    fprintf(stderr, "min_buffers: %s\n", what);
    if (sim_pid > 0) kill(sim_pid, SIGTERM);
    exit(1);
}

static void init_client(boooply_client_t *c, boooply_posix_t *port, void *buf, size_t size,
                        boooply_token_t *toks, size_t count, const char *key) {
    boooply_config_t cfg;
    memset(&cfg, 0, sizeof cfg);
    boooply_posix_init(port);
    cfg.base_url = base_url;
    cfg.api_key = key;
    cfg.port = boooply_posix_port(port);
    cfg.buffer = buf;
    cfg.buffer_size = size;
    cfg.tokens = toks;
    cfg.token_count = count;
    cfg.timeout_ms = 10000;
    cfg.max_retries = -1;
    if (boooply_init(c, &cfg) != BOOOPLY_OK) {
        fprintf(stderr, "min_buffers: boooply_init failed: %s\n", c->last.message);
        die("a client could not be set up");
    }
}

static void start_simulator(void) {
    char port_file[160];
    const char *tmp = getenv("TMPDIR");
    int port = 0, i;
    snprintf(sim_dir, sizeof sim_dir, "%s/boooply-minbuf-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    if (!mkdtemp(sim_dir)) die("cannot create a temporary directory");
    snprintf(port_file, sizeof port_file, "%s/port", sim_dir);
    sim_pid = fork();
    if (sim_pid < 0) die("fork failed");
    if (sim_pid == 0) {
        /* Keep the table on stdout clean of the simulator's own lines. */
        if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr)) _exit(126);
        execlp("python3", "python3", "tests/sim/boooply_sim.py", "--port", "0", "--port-file", port_file,
               (char *)NULL);
        _exit(127);
    }
    for (i = 0; i < 200 && port <= 0; i++) {
        FILE *f = fopen(port_file, "r");
        if (f) {
            if (fscanf(f, "%d", &port) != 1) port = 0;
            fclose(f);
        }
        if (port <= 0) sleep_ms(50);
    }
    if (port <= 0) die("the simulator did not start (run from the repository root)");
    snprintf(base_url, sizeof base_url, "http://127.0.0.1:%d", port);
}

static void stop_simulator(void) {
    char path[160];
    if (sim_pid > 0) {
        kill(sim_pid, SIGTERM);
        waitpid(sim_pid, NULL, 0);
    }
    snprintf(path, sizeof path, "%s/port", sim_dir);
    remove(path);
    rmdir(sim_dir);
}

static void sim_control(const char *path, const char *body) {
    boooply_request_t req;
    memset(&req, 0, sizeof req);
    req.method = "POST";
    req.path = path;
    req.body = body;
    req.body_len = body ? strlen(body) : 0;
    if (boooply_raw(&setup_client, &req) != BOOOPLY_OK) die("a simulator control request failed");
}

/* ------------------------------------------------------------------ calls */

static boooply_err_t create_ai(boooply_client_t *c, boooply_interview_t *out) {
    boooply_create_interview_t req;
    memset(&req, 0, sizeof req);
    req.type = BOOOPLY_INTERVIEW_AI;
    req.job_role = "Backend Engineer";
    req.candidate.name = "Jane Doe";
    req.candidate.email = "jane@example.com";
    return boooply_interviews_create(c, &req, out);
}

static boooply_err_t run_create(boooply_client_t *c, const target_t *t) {
    boooply_interview_t iv;
    (void)t;
    return create_ai(c, &iv);
}

static boooply_err_t run_get(boooply_client_t *c, const target_t *t) {
    boooply_interview_t iv;
    return boooply_interviews_get(c, t->code, &iv);
}

static boooply_err_t run_list(boooply_client_t *c, const target_t *t) {
    boooply_interview_list_t list;
    (void)t;
    return boooply_interviews_list(c, NULL, &list);
}

static boooply_err_t run_transcript(boooply_client_t *c, const target_t *t) {
    boooply_transcript_t tr;
    return boooply_interviews_get_transcript(c, t->code, &tr);
}

static boooply_err_t run_evaluation(boooply_client_t *c, const target_t *t) {
    boooply_evaluation_t ev;
    return boooply_interviews_get_evaluation(c, t->code, &ev);
}

static boooply_err_t run_trigger(boooply_client_t *c, const target_t *t) {
    boooply_analysis_t a;
    return boooply_interviews_trigger_analysis(c, t->code, &a);
}

static boooply_err_t run_reschedule(boooply_client_t *c, const target_t *t) {
    boooply_reschedule_t req;
    boooply_interview_t iv;
    memset(&req, 0, sizeof req);
    req.scheduled_at = "2027-03-01T14:00:00Z";
    req.duration_minutes = 45;
    req.reason = "Candidate asked for a later date";
    return boooply_interviews_reschedule(c, t->code, &req, &iv);
}

static boooply_err_t run_cancel(boooply_client_t *c, const target_t *t) {
    boooply_interview_t iv;
    return boooply_interviews_cancel(c, t->code, "Position filled", &iv);
}

static boooply_err_t run_delete(boooply_client_t *c, const target_t *t) {
    boooply_str_t message;
    return boooply_interviews_delete(c, t->code, &message);
}

static const boooply_participant_input_t added_participant = {"Chen Wei", "chen.wei@example.com",
                                                               "INTERVIEWER"};

static boooply_err_t run_add_participant(boooply_client_t *c, const target_t *t) {
    boooply_participant_list_t list;
    return boooply_interviews_add_participant(c, t->code, &added_participant, 1, &list);
}

static boooply_err_t run_participants(boooply_client_t *c, const target_t *t) {
    boooply_participant_list_t list;
    return boooply_interviews_get_participants(c, t->code, &list);
}

static boooply_err_t run_remove_participant(boooply_client_t *c, const target_t *t) {
    boooply_str_t message;
    return boooply_interviews_remove_participant(c, t->code, t->participant_id, &message);
}

static boooply_err_t run_recording(boooply_client_t *c, const target_t *t) {
    boooply_recording_t rec;
    return boooply_interviews_get_recording(c, t->code, &rec);
}

static boooply_err_t run_availability(boooply_client_t *c, const target_t *t) {
    boooply_availability_params_t params;
    boooply_availability_t av;
    (void)t;
    memset(&params, 0, sizeof params);
    params.email = CALENDAR_EMAIL;
    return boooply_interviews_get_availability(c, &params, &av);
}

static boooply_err_t run_busy_blocks(boooply_client_t *c, const target_t *t) {
    boooply_busy_blocks_params_t params;
    boooply_busy_blocks_t busy;
    (void)t;
    memset(&params, 0, sizeof params);
    params.email = CALENDAR_EMAIL;
    return boooply_interviews_get_busy_blocks(c, &params, &busy);
}

static boooply_err_t run_organization(boooply_client_t *c, const target_t *t) {
    boooply_organization_t org;
    (void)t;
    return boooply_organization_get(c, &org);
}

static boooply_err_t run_job_description(boooply_client_t *c, const target_t *t) {
    static const char *const skills[] = {"Go", "PostgreSQL"};
    boooply_job_description_request_t req;
    boooply_str_t text;
    (void)t;
    memset(&req, 0, sizeof req);
    req.job_role = "Backend Engineer";
    req.department = "Engineering";
    req.skills = skills;
    req.skill_count = 2;
    req.seniority = "SENIOR";
    req.work_setup = "REMOTE";
    req.employment_type = "FULL_TIME";
    return boooply_ai_generate_job_description(c, &req, &text);
}

static boooply_err_t run_api_key(boooply_client_t *c, const target_t *t) {
    boooply_create_api_key_t req;
    boooply_api_key_t key;
    (void)t;
    memset(&req, 0, sizeof req);
    req.user_id = "user_42";
    req.user_email = "owner@acme.example";
    req.user_name = "Ana Lima";
    req.organization_id = "org_7f3c2a91";
    req.organization_name = "Acme Corp";
    return boooply_create_organization_api_key(c, &req, &key);
}

static const call_case_t cases[] = {
    {"interviews.create (AI)", KEY, SETUP_NONE, NULL, run_create},
    {"interviews.get", KEY, SETUP_NONE, HUMAN, run_get},
    {"interviews.list (default page of 20)", KEY, SETUP_NONE, NULL, run_list},
    {"interviews.getTranscript", KEY, SETUP_NONE, SCORED_HU, run_transcript},
    {"interviews.getTranscript (long)", KEY, SETUP_NONE, LONG_AI, run_transcript},
    {"interviews.getEvaluation", KEY, SETUP_NONE, SCORED_HU, run_evaluation},
    {"interviews.getEvaluation (long)", KEY, SETUP_NONE, LONG_AI, run_evaluation},
    {"interviews.triggerAnalysis", KEY, SETUP_NONE, PENDING_AI, run_trigger},
    {"interviews.reschedule", KEY, SETUP_INTERVIEW, NULL, run_reschedule},
    {"interviews.cancel", KEY, SETUP_INTERVIEW, NULL, run_cancel},
    {"interviews.delete", KEY, SETUP_INTERVIEW, NULL, run_delete},
    {"interviews.addParticipant", KEY, SETUP_INTERVIEW, NULL, run_add_participant},
    {"interviews.getParticipants", KEY, SETUP_NONE, HUMAN, run_participants},
    {"interviews.removeParticipant", KEY, SETUP_PARTICIPANT, NULL, run_remove_participant},
    {"interviews.getRecording", KEY, SETUP_NONE, SCORED_HU, run_recording},
    {"interviews.getAvailability", KEY, SETUP_NONE, NULL, run_availability},
    {"interviews.getBusyBlocks", KEY, SETUP_NONE, NULL, run_busy_blocks},
    {"organization.get", KEY, SETUP_NONE, NULL, run_organization},
    {"ai.generateJobDescription", KEY, SETUP_NONE, NULL, run_job_description},
    {"createOrganizationApiKey", PLATFORM_KEY, SETUP_NONE, NULL, run_api_key},
};

/* ------------------------------------------------------------------ search */

static void copy_view(boooply_str_t s, char *dst, size_t cap) {
    if (boooply_str_copy(s, dst, cap, NULL) != BOOOPLY_OK) die("an id from the simulator is too long");
}

/* Prepares what call k works on, with the setup client. */
static void prepare(const call_case_t *k, target_t *t) {
    boooply_interview_t iv;
    memset(t, 0, sizeof *t);
    if (k->setup == SETUP_NONE) {
        if (k->code) snprintf(t->code, sizeof t->code, "%s", k->code);
        return;
    }
    if (create_ai(&setup_client, &iv) != BOOOPLY_OK) die("creating an interview to work on failed");
    copy_view(iv.meeting_code, t->code, sizeof t->code);
    if (k->setup == SETUP_PARTICIPANT) {
        boooply_participant_list_t list;
        boooply_participant_t p;
        if (boooply_interviews_add_participant(&setup_client, t->code, &added_participant, 1, &list) != BOOOPLY_OK)
            die("adding a participant to work on failed");
        while (boooply_participant_next(&list.participants, &p))
            if (boooply_str_eq(p.email, added_participant.email)) copy_view(p.id, t->participant_id, sizeof t->participant_id);
        if (!t->participant_id[0]) die("the added participant has no id");
    }
}

/* Runs call k once with the given sizes. Returns 1 on success, 0 when a
 * size was too small, and stops the run on any other error. */
static int probe(const call_case_t *k, size_t buffer_size, size_t token_count) {
    boooply_posix_t port;
    boooply_client_t c;
    target_t t;
    boooply_err_t err;
    prepare(k, &t);
    init_client(&c, &port, probe_buffer, buffer_size, probe_tokens, token_count, k->api_key);
    err = k->run(&c, &t);
    boooply_close(&c);
    if (err == BOOOPLY_OK) return 1;
    if (err == BOOOPLY_E_BUFFER_TOO_SMALL || err == BOOOPLY_E_RESPONSE_TOO_LARGE ||
        err == BOOOPLY_E_TOO_MANY_TOKENS)
        return 0;
    fprintf(stderr, "min_buffers: %s failed with %s (HTTP %d): %s\n", k->name, boooply_strerror(err),
            c.last.http_status, c.last.message);
    die("a call failed for a reason other than size");
    return 0;
}

/* Returns the smallest buffer size (tokens 0) or token count (tokens 1) in
 * [low, high] with which call k succeeds, given that it succeeds at high.
 * Bisection assumes that a larger size never turns success into failure. */
static size_t bisect(const call_case_t *k, size_t low, size_t high, int tokens) {
    while (low < high) {
        size_t mid = low + (high - low) / 2;
        int ok = tokens ? probe(k, MAX_BUFFER, mid) : probe(k, mid, MAX_TOKENS);
        if (ok)
            high = mid;
        else
            low = mid + 1;
    }
    return high;
}

int main(void) {
    size_t i;
    int status = 0;
    start_simulator();
    init_client(&setup_client, &setup_port, big_buffer, sizeof big_buffer, big_tokens, MAX_TOKENS, KEY);
    /* Hundreds of calls in a minute: lift the rate limits. */
    sim_control("/__sim/config", "{\"rate_limit_get\":1000000,\"rate_limit_write\":1000000,"
                                 "\"rate_limit_ai\":1000000}");

    printf("| call | smallest buffer (bytes) | smallest token array |\n");
    fflush(stdout);
    printf("|---|---|---|\n");
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const call_case_t *k = &cases[i];
        size_t min_buffer, min_tokens;
        int together, buffer_edge, token_edge;
        if (!probe(k, MAX_BUFFER, MAX_TOKENS)) die("a call fails even with the largest sizes");
        min_buffer = bisect(k, MIN_BUFFER, MAX_BUFFER, 0);
        min_tokens = bisect(k, MIN_TOKENS, MAX_TOKENS, 1);
        together = probe(k, min_buffer, min_tokens);
        buffer_edge = min_buffer == MIN_BUFFER || !probe(k, min_buffer - 1, MAX_TOKENS);
        token_edge = min_tokens == MIN_TOKENS || !probe(k, MAX_BUFFER, min_tokens - 1);
        printf("| %s | %zu%s | %zu%s |\n", k->name, min_buffer, min_buffer == MIN_BUFFER ? " *" : "",
               min_tokens, min_tokens == MIN_TOKENS ? " *" : "");
        if (!together) {
            fprintf(stderr, "min_buffers: %s fails with both minimums together\n", k->name);
            status = 1;
        }
        if (!buffer_edge || !token_edge) {
            fprintf(stderr, "min_buffers: %s still succeeds one below a minimum, so the bisection result is wrong\n",
                    k->name);
            status = 1;
        }
    }
    printf("\n\\* the smallest size boooply_init() accepts (%u bytes, %u tokens); the call itself\n"
           "may need less.\n", MIN_BUFFER, MIN_TOKENS);
    boooply_close(&setup_client);
    stop_simulator();
    return status;
}
