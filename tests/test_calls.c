/* Tests every API call besides create, get and list against the local
 * simulator, over real loopback TCP through the POSIX port. They check the
 * exact request bytes, the typed results against the simulator's seed data,
 * the input rules that send nothing, and each error status the API
 * documents. */
#include "test_util.h"

#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

#include "ports/boooply_posix.h"

#define KEY "bply_org_test_key"
#define PLATFORM_KEY "bply_platform_test_key"

/* Seeded interviews: completed with a long transcript and a full
 * evaluation, completed with the analysis still running, scheduled human
 * interview, scheduled team meeting, active, cancelled. */
#define LONG_AI "Boooply-AI-1000000001"
#define PENDING_AI "Boooply-AI-1000000002"
#define HUMAN "Boooply-HU-1000000003"
#define TEAM "Boooply-TM-1000000004"
#define ACTIVE_AI "Boooply-AI-1000000005"
#define CANCELLED_HU "Boooply-HU-1000000006"
#define SCORED_HU "Boooply-HU-1000000008"
#define RUBRIC_AI "Boooply-AI-1000000009"
#define UNKNOWN "Boooply-AI-9999999999"
/* A seeded code with reserved and non-ASCII characters, and its encoding. */
#define ODD_CODE "sim a/b?c#d%\xc3\xa9+&="
#define ODD_PATH "sim%20a%2Fb%3Fc%23d%25%C3%A9%2B%26%3D"

#define PATH "/api/integration/interviews/"
#define CODE_RULE "meeting code must not be empty, \".\" or \"..\""

static pid_t sim_pid;
static int sim_port;
static char sim_dir[96];
static char log_path[160];
static char base_url[64];

static unsigned char buffer[16384];
static boooply_token_t tokens[2048];
static boooply_posix_t tcp;
static boooply_client_t client;

/* Compares a result string with the expected text, length included. */
#define assert_view(view, text)                        \
    do {                                               \
        boooply_str_t view_ = (view);                  \
        assert_non_null(view_.ptr);                    \
        assert_string_equal(view_.ptr, (text));        \
        assert_int_equal(view_.len, strlen(text));     \
    } while (0)

#define assert_absent(view) assert_null((view).ptr)

/* Checks what an error response left in c->last. */
#define assert_api_error(c, status, code, error)       \
    do {                                               \
        assert_int_equal((c)->last.http_status, (status)); \
        assert_view((c)->last.api_code, (code));       \
        assert_view((c)->last.api_error, (error));     \
    } while (0)

static void sleep_ms(long ms) {
    struct timespec ts;
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000L;
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* Starts the simulator on a free loopback port, once for the whole run. */
static int start_simulator(void **state) {
    char port_file[160];
    const char *tmp = getenv("TMPDIR");
    int i;
    (void)state;
    snprintf(sim_dir, sizeof sim_dir, "%s/boooply-calls-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    if (!mkdtemp(sim_dir)) return -1;
    snprintf(port_file, sizeof port_file, "%s/port", sim_dir);
    snprintf(log_path, sizeof log_path, "%s/requests.log", sim_dir);
    sim_pid = fork();
    if (sim_pid < 0) return -1;
    if (sim_pid == 0) {
        execlp("python3", "python3", "tests/sim/boooply_sim.py", "--port", "0", "--port-file", port_file,
               "--log", log_path, (char *)NULL);
        _exit(127);
    }
    for (i = 0; i < 200; i++) {
        FILE *f = fopen(port_file, "r");
        if (f) {
            int ok = fscanf(f, "%d", &sim_port) == 1;
            fclose(f);
            if (ok) break;
        }
        sleep_ms(50);
    }
    if (sim_port <= 0) return -1;
    snprintf(base_url, sizeof base_url, "http://127.0.0.1:%d", sim_port);
    return 0;
}

static int stop_simulator(void **state) {
    char cmd[128];
    (void)state;
    if (sim_pid > 0) {
        kill(sim_pid, SIGTERM);
        waitpid(sim_pid, NULL, 0);
    }
    snprintf(cmd, sizeof cmd, "rm -rf %s", sim_dir);
    if (system(cmd) != 0) return -1;
    return 0;
}

/* Prepares client c on its own port. Every client needs its own port
 * state, because the port keeps the connection. */
static void init_client(boooply_client_t *c, boooply_posix_t *port, unsigned char *buf, size_t size,
                        boooply_token_t *toks, size_t count, const char *key) {
    boooply_config_t cfg = {0};
    boooply_posix_init(port);
    cfg.base_url = base_url;
    cfg.api_key = key;
    cfg.port = boooply_posix_port(port);
    cfg.buffer = buf;
    cfg.buffer_size = size;
    cfg.tokens = toks;
    cfg.token_count = count;
    cfg.timeout_ms = 10000;
    assert_int_equal(boooply_init(c, &cfg), BOOOPLY_OK);
}

/* Sends a control request to the simulator. Control requests are never
 * logged or rate-limited. */
static void sim_control(const char *path, const char *body) {
    boooply_request_t req = {0};
    req.method = "POST";
    req.path = path;
    req.body = body;
    req.body_len = body ? strlen(body) : 0;
    assert_int_equal(boooply_raw(&client, &req), BOOOPLY_OK);
}

/* Fresh simulator state, an empty log and a fresh client before every test. */
static int reset(void **state) {
    (void)state;
    init_client(&client, &tcp, buffer, sizeof buffer, tokens, 2048, KEY);
    sim_control("/__sim/reset", NULL);
    boooply_close(&client);
    init_client(&client, &tcp, buffer, sizeof buffer, tokens, 2048, KEY);
    return 0;
}

static int finish(void **state) {
    (void)state;
    boooply_close(&client);
    return 0;
}

/* Reads request number n (from 1) of the simulator's log into out. Returns
 * its length, or -1 when the log contains fewer requests. */
static long logged_request(int n, char *out, size_t cap) {
    static char log[1 << 20];
    FILE *f = fopen(log_path, "rb");
    size_t len, pos = 0;
    if (!f) return -1;
    len = fread(log, 1, sizeof log, f);
    fclose(f);
    while (pos < len) {
        int number;
        long size;
        char *nl = memchr(log + pos, '\n', len - pos);
        if (!nl || sscanf(log + pos, "--- request %d %ld", &number, &size) != 2) return -1;
        pos = (size_t)(nl - log) + 1;
        if (number == n) {
            assert_true((size_t)size < cap);
            memcpy(out, log + pos, (size_t)size);
            out[size] = '\0';
            return size;
        }
        pos += (size_t)size + 1;
    }
    return -1;
}

static int logged_count(void) {
    static char tmp[1 << 16];
    int n = 0;
    while (logged_request(n + 1, tmp, sizeof tmp) >= 0) n++;
    return n;
}

/* Compares request n of the log with the exact bytes a call must send: the
 * request line, the headers every request carries (with key), the body
 * headers given and the body. */
static void expect_bytes(int n, const char *key, const char *request_line, const char *body_headers,
                         const char *body) {
    static char got[1 << 16];
    static char expected[1 << 16];
    long len = logged_request(n, got, sizeof got);
    assert_true(len > 0);
    snprintf(expected, sizeof expected,
             "%s\r\nHost: 127.0.0.1:%d\r\nAuthorization: Bearer %s\r\n"
             "User-Agent: boooply-c/" BOOOPLY_VERSION "\r\nX-SDK-Version: " BOOOPLY_VERSION "\r\n"
             "Accept: application/json\r\n%sConnection: keep-alive\r\n\r\n%s",
             request_line, sim_port, key, body_headers, body);
    assert_string_equal(got, expected);
    assert_int_equal((size_t)len, strlen(expected));
}

/* A request without a body: GET or DELETE. */
static void expect_no_body(int n, const char *request_line) {
    expect_bytes(n, KEY, request_line, "", "");
}

/* A request with a JSON body, sent with key. */
static void expect_json_as(int n, const char *key, const char *request_line, const char *body) {
    char headers[96];
    snprintf(headers, sizeof headers, "Content-Type: application/json\r\nContent-Length: %zu\r\n", strlen(body));
    expect_bytes(n, key, request_line, headers, body);
}

static void expect_json(int n, const char *request_line, const char *body) {
    expect_json_as(n, KEY, request_line, body);
}

/* Converts the simulator's time format, "2026-11-16T14:00:05.000Z", to
 * Unix seconds. */
static long long utc_seconds(boooply_str_t text) {
    struct tm tm;
    int ms = -1;
    memset(&tm, 0, sizeof tm);
    assert_non_null(text.ptr);
    assert_int_equal(text.len, 24);
    assert_int_equal(sscanf(text.ptr, "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                            &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms),
                     7);
    assert_int_equal(ms, 0);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return (long long)timegm(&tm);
}

/* A random UUID as the simulator makes participant ids: 8-4-4-4-12
 * lowercase hex digits. */
static void assert_uuid(boooply_str_t id) {
    size_t i;
    assert_non_null(id.ptr);
    assert_int_equal(id.len, 36);
    for (i = 0; i < 36; i++) {
        if (i == 8 || i == 13 || i == 18 || i == 23)
            assert_int_equal(id.ptr[i], '-');
        else
            assert_non_null(strchr("0123456789abcdef", id.ptr[i]));
    }
}

/* A join token: 32 lowercase hex digits. */
static void assert_token(boooply_str_t token) {
    size_t i;
    assert_non_null(token.ptr);
    assert_int_equal(token.len, 32);
    for (i = 0; i < 32; i++) assert_non_null(strchr("0123456789abcdef", token.ptr[i]));
}

/* Copies a result string out of the client's buffer, which the next call
 * overwrites. */
static void copy_view(boooply_str_t s, char *dst, size_t cap) {
    assert_int_equal(boooply_str_copy(s, dst, cap, NULL), BOOOPLY_OK);
}

/* Returns the number of participants of code, through get_participants. */
static int participant_count(const char *code) {
    boooply_participant_list_t list;
    boooply_participant_t p;
    int n = 0;
    assert_int_equal(boooply_interviews_get_participants(&client, code, &list), BOOOPLY_OK);
    while (boooply_participant_next(&list.participants, &p)) n++;
    assert_int_equal(list.total, n);
    return n;
}

/* Returns the sessionStatus of code, through get, copied into out. */
static const char *status_of(const char *code, char *out, size_t cap) {
    boooply_interview_t iv;
    assert_int_equal(boooply_interviews_get(&client, code, &iv), BOOOPLY_OK);
    copy_view(iv.session_status, out, cap);
    return out;
}

/* ------------------------------------------------------------ transcript */

/* The long interview started at 2026-11-16T14:00:00Z. The simulator times
 * its turns from the text: the first starts 5 s in, and each next one
 * max(4, characters / 14) + 3 s after the one before. */
#define LONG_START 1794837600LL

/* Returns the seconds from the start of a turn with this text to the start
 * of the next turn, counting characters as Unicode code points. */
static long long turn_seconds(boooply_str_t text) {
    long long chars = 0;
    size_t i;
    for (i = 0; i < text.len; i++)
        if (((unsigned char)text.ptr[i] & 0xC0) != 0x80) chars++;
    return (chars / 14 > 4 ? chars / 14 : 4) + 3;
}

static unsigned char big_buffer[65536];
static boooply_token_t big_tokens[4096];

/* Returns the length in seconds of the long interview as the simulator
 * computes it: from the start to its last turn, plus 10 s. */
static long long long_interview_seconds(void) {
    boooply_posix_t port;
    boooply_client_t c;
    boooply_transcript_t t;
    boooply_transcript_entry_t e;
    long long last = -1;
    init_client(&c, &port, big_buffer, sizeof big_buffer, big_tokens, 4096, KEY);
    assert_int_equal(boooply_interviews_get_transcript(&c, LONG_AI, &t), BOOOPLY_OK);
    while (boooply_transcript_next(&t.entries, &e)) last = utc_seconds(e.timestamp);
    boooply_close(&c);
    assert_true(last > LONG_START);
    return last + 10 - LONG_START;
}

static void transcript_long_entries(void **state) {
    boooply_posix_t port;
    boooply_client_t c;
    boooply_transcript_t t;
    boooply_transcript_entry_t e;
    boooply_iter_t it;
    long long expected_time = LONG_START + 5;
    int count = 0;
    (void)state;
    init_client(&c, &port, big_buffer, sizeof big_buffer, big_tokens, 4096, KEY);
    assert_int_equal(boooply_interviews_get_transcript(&c, LONG_AI, &t), BOOOPLY_OK);
    expect_no_body(1, "GET " PATH LONG_AI "/transcript HTTP/1.1");
    assert_int_equal(c.last.http_status, 200);
    assert_string_equal(c.last.message, "");

    it = t.entries;
    while (boooply_transcript_next(&it, &e)) {
        count++;
        /* The AI and the candidate take turns, the AI first. */
        if (count % 2 == 1) {
            assert_view(e.role, "AI");
            assert_view(e.speaker, "Boooply AI");
        } else {
            assert_view(e.role, "CANDIDATE");
            assert_view(e.speaker, "Zo\xc3\xab \xc3\x81lvarez-N\xc3\xba\xc3\xb1" "ez");
        }
        assert_non_null(e.content.ptr);
        assert_int_equal(strlen(e.content.ptr), e.content.len);
        assert_true(e.content.len > 0);
        assert_int_equal(utc_seconds(e.timestamp), expected_time);
        expected_time += turn_seconds(e.content);
        if (count == 1) {
            assert_view(e.content,
                        "Hello Zo\xc3\xab, and thank you for joining. I'm the Boooply AI interviewer for the "
                        "Senior Backend Engineer role at Acme Corp. This interview takes about 45 minutes. "
                        "To start, could you walk me through your background and what you work on today?");
            assert_view(e.timestamp, "2026-11-16T14:00:05.000Z");
        }
        if (count == 104) {
            /* U+1F642 is four bytes of UTF-8. */
            static const char smile[] = "Great, thank you. This was a lot more fun than I expected from an AI "
                                        "interview \xf0\x9f\x99\x82 Have a good day!";
            assert_int_equal(e.content.len, sizeof smile - 1);
            assert_memory_equal(e.content.ptr, smile, sizeof smile);
        }
        if (count == 105)
            assert_view(e.content, "Thank you for your time, Zo\xc3\xab. You'll hear from Acme Corp within a week. Goodbye!");
    }
    assert_int_equal(count, 105);
    assert_int_equal(boooply_transcript_next(&it, &e), 0);
    /* The iterator in the result starts over from the first entry. */
    it = t.entries;
    assert_int_equal(boooply_transcript_next(&it, &e), 1);
    assert_view(e.timestamp, "2026-11-16T14:00:05.000Z");
    boooply_close(&c);
}

/* More than 40 KB of JSON: a 16 KiB buffer reports the size it needs. */
static void transcript_large_body(void **state) {
    boooply_transcript_t t;
    (void)state;
    assert_int_equal(boooply_interviews_get_transcript(&client, LONG_AI, &t), BOOOPLY_E_RESPONSE_TOO_LARGE);
    assert_int_equal(client.last.http_status, 200);
    assert_true(client.last.needed > 40 * 1024);
    assert_true(client.last.needed < 64 * 1024);
    assert_int_equal(boooply_interviews_get_transcript(&client, ACTIVE_AI, &t), BOOOPLY_OK);
}

static void transcript_short_and_empty(void **state) {
    boooply_transcript_t t;
    boooply_transcript_entry_t e;
    (void)state;
    assert_int_equal(boooply_interviews_get_transcript(&client, ACTIVE_AI, &t), BOOOPLY_OK);
    expect_no_body(1, "GET " PATH ACTIVE_AI "/transcript HTTP/1.1");
    assert_int_equal(boooply_transcript_next(&t.entries, &e), 1);
    assert_view(e.speaker, "Boooply AI");
    assert_view(e.role, "AI");
    assert_view(e.content, "Hello Bj\xc3\xb6rn \xc3\x85kesson, thanks for joining. Shall we start with your background?");
    assert_view(e.timestamp, "2026-12-04T19:30:03.000Z");
    assert_int_equal(boooply_transcript_next(&t.entries, &e), 1);
    assert_view(e.speaker, "Bj\xc3\xb6rn \xc3\x85kesson");
    assert_view(e.role, "CANDIDATE");
    assert_view(e.content, "Of course. I have spent the last four years working as a Data Analyst, mostly in "
                           "small teams where I owned features from idea to production.");
    assert_view(e.timestamp, "2026-12-04T19:30:11.000Z");
    assert_int_equal(boooply_transcript_next(&t.entries, &e), 0);

    assert_int_equal(boooply_interviews_get_transcript(&client, HUMAN, &t), BOOOPLY_OK);
    assert_int_equal(boooply_transcript_next(&t.entries, &e), 0);
}

/* ------------------------------------------------------------ evaluation */

static void evaluation_full(void **state) {
    static const int32_t scores[25] = {72, 90, 88, 85, 80, 83, 86, 78, 84, 87, 82, 89, 81,
                                       79, 76, 83, 90, 88, 84, 82, 80, 86, 87, 85, 81};
    boooply_evaluation_t ev;
    boooply_question_evaluation_t q;
    boooply_str_t s;
    int count = 0, raw;
    (void)state;
    assert_int_equal(boooply_interviews_get_evaluation(&client, LONG_AI, &ev), BOOOPLY_OK);
    expect_no_body(1, "GET " PATH LONG_AI "/evaluation HTTP/1.1");
    assert_int_equal(client.last.http_status, 200);
    assert_int_equal(ev.available, 1);
    assert_view(ev.recommendation, "PASS");
    assert_int_equal(ev.overall_score, 84);
    assert_int_equal(ev.communication, 88);
    assert_int_equal(ev.technical, 86);
    assert_int_equal(ev.culture_fit, 82);
    assert_int_equal(ev.problem_solving, 85);
    assert_int_equal(ev.experience_match, 79);

    while (boooply_question_evaluation_next(&ev.question_evaluations, &q)) {
        assert_true(count < 25);
        assert_non_null(q.question.ptr);
        assert_non_null(q.notes.ptr);
        assert_int_equal(q.score, scores[count]);
        if (count == 0) {
            assert_view(q.question,
                        "Hello Zo\xc3\xab, and thank you for joining. I'm the Boooply AI interviewer for the "
                        "Senior Backend Engineer role at Acme Corp. This interview takes about 45 minutes. "
                        "To start, could you walk me through your background and what you work on today?");
            assert_view(q.notes, "Clear summary of a relevant career; good motivation for the move.");
        }
        if (count == 24) {
            assert_view(q.question, "Where would you like to grow in the next two or three years?");
            assert_view(q.notes, "Clear, realistic growth goals towards a staff engineer role.");
        }
        count++;
    }
    assert_int_equal(count, 25);

    assert_view(ev.ai_summary,
                "Zo\xc3\xab \xc3\x81lvarez-N\xc3\xba\xc3\xb1" "ez is a senior backend engineer with eight years of "
                "experience, the last five on a payments settlement platform built with Go, PostgreSQL and "
                "Kafka.\n\nShe gave precise, structured answers on idempotency, zero-downtime migrations, rate "
                "limiting and message delivery, always with real examples and the trade-offs involved. Her "
                "incident and mentoring stories show ownership and good collaboration. Her answers on scaling "
                "were sound but more theoretical, and she has less direct experience with front-end facing "
                "products.");

    assert_int_equal(boooply_string_next(&ev.strengths, &s), 1);
    assert_view(s, "Deep knowledge of correctness in distributed systems");
    assert_int_equal(boooply_string_next(&ev.strengths, &s), 1);
    assert_view(s, "Clear, structured communication");
    assert_int_equal(boooply_string_next(&ev.strengths, &s), 1);
    assert_view(s, "Mentoring and cross-team collaboration");
    assert_int_equal(boooply_string_next(&ev.strengths, &s), 0);

    assert_int_equal(boooply_string_next(&ev.improvements, &s), 1);
    assert_view(s, "Limited hands-on experience with sharding at scale");
    assert_int_equal(boooply_string_next(&ev.improvements, &s), 1);
    assert_view(s, "Could quantify the impact of her work more often");
    assert_int_equal(boooply_string_next(&ev.improvements, &s), 0);

    assert_int_equal(boooply_string_next(&ev.next_steps, &s), 1);
    assert_view(s, "Invite to the system design round");
    assert_int_equal(boooply_string_next(&ev.next_steps, &s), 1);
    assert_view(s, "Ask the hiring manager to discuss the staff engineer path");
    assert_int_equal(boooply_string_next(&ev.next_steps, &s), 0);

    assert_int_equal(ev.turn_count, 105);
    assert_int_equal(ev.duration, long_interview_seconds());
    assert_absent(ev.message);
    assert_int_equal(ev.by_criterion, -1);
    assert_int_equal(ev.interviewer_evaluation, -1);

    raw = ev.raw_analysis;
    assert_int_equal(boooply_json_type(&client.doc, raw), BOOOPLY_JSON_OBJECT);
    assert_int_equal(boooply_json_get_string(&client.doc, boooply_json_get(&client.doc, raw, "model"), &s),
                     BOOOPLY_OK);
    assert_view(s, "boooply-eval-2");
    assert_int_equal(boooply_json_size(&client.doc, boooply_json_get(&client.doc, raw, "topics")), 25);
}

/* "evaluation": null while the analysis runs is a success. It gives
 * available 0, every score -1 and empty lists. */
static void evaluation_null(void **state) {
    boooply_evaluation_t ev;
    boooply_question_evaluation_t q;
    boooply_str_t s;
    (void)state;
    assert_int_equal(boooply_interviews_get_evaluation(&client, PENDING_AI, &ev), BOOOPLY_OK);
    expect_no_body(1, "GET " PATH PENDING_AI "/evaluation HTTP/1.1");
    assert_int_equal(client.last.http_status, 200);
    assert_int_equal(ev.available, 0);
    assert_view(ev.message, "Analysis has not finished yet. Try again in a few minutes.");
    assert_absent(ev.recommendation);
    assert_int_equal(ev.overall_score, -1);
    assert_int_equal(ev.communication, -1);
    assert_int_equal(ev.technical, -1);
    assert_int_equal(ev.culture_fit, -1);
    assert_int_equal(ev.problem_solving, -1);
    assert_int_equal(ev.experience_match, -1);
    assert_int_equal(boooply_question_evaluation_next(&ev.question_evaluations, &q), 0);
    assert_absent(ev.ai_summary);
    assert_int_equal(boooply_string_next(&ev.strengths, &s), 0);
    assert_int_equal(boooply_string_next(&ev.improvements, &s), 0);
    assert_int_equal(boooply_string_next(&ev.next_steps, &s), 0);
    assert_int_equal(ev.duration, -1);
    assert_int_equal(ev.turn_count, -1);
    assert_int_equal(ev.by_criterion, -1);
    assert_int_equal(ev.raw_analysis, -1);
    assert_int_equal(ev.interviewer_evaluation, -1);

    assert_int_equal(boooply_interviews_get_evaluation(&client, HUMAN, &ev), BOOOPLY_OK);
    assert_int_equal(ev.available, 0);
    assert_view(ev.message, "The interview is SCHEDULED, so there is no evaluation yet");
}

/* A rubric adds byCriterion, and a human interview adds the interviewer's
 * own evaluation. Both stay JSON values in client.doc. */
static void evaluation_extra_values(void **state) {
    boooply_evaluation_t ev;
    boooply_str_t s;
    int32_t n;
    int first = -1;
    (void)state;
    assert_int_equal(boooply_interviews_get_evaluation(&client, RUBRIC_AI, &ev), BOOOPLY_OK);
    assert_int_equal(ev.available, 1);
    assert_view(ev.recommendation, "PASS");
    assert_int_equal(ev.overall_score, 91);
    assert_int_equal(boooply_json_type(&client.doc, ev.by_criterion), BOOOPLY_JSON_ARRAY);
    assert_int_equal(boooply_json_size(&client.doc, ev.by_criterion), 3);
    {
        boooply_iter_t it = boooply_json_iter(&client.doc, ev.by_criterion);
        assert_int_equal(boooply_json_next(&it, &first), 1);
    }
    assert_int_equal(boooply_json_get_string(&client.doc, boooply_json_get(&client.doc, first, "criterion"), &s),
                     BOOOPLY_OK);
    assert_view(s, "System design");
    assert_int_equal(boooply_json_get_int32(&client.doc, boooply_json_get(&client.doc, first, "score"), &n),
                     BOOOPLY_OK);
    assert_int_equal(n, 90);
    assert_int_equal(ev.interviewer_evaluation, -1);

    assert_int_equal(boooply_interviews_get_evaluation(&client, SCORED_HU, &ev), BOOOPLY_OK);
    assert_int_equal(ev.overall_score, 77);
    assert_view(ev.recommendation, "REVIEW");
    assert_int_equal(ev.by_criterion, -1);
    assert_int_equal(boooply_json_type(&client.doc, ev.interviewer_evaluation), BOOOPLY_JSON_OBJECT);
    assert_int_equal(boooply_json_get_string(&client.doc,
                                             boooply_json_get(&client.doc, ev.interviewer_evaluation, "interviewerName"),
                                             &s),
                     BOOOPLY_OK);
    assert_view(s, "Chen Wei");
    assert_int_equal(boooply_json_get_int32(&client.doc,
                                            boooply_json_get(&client.doc, ev.interviewer_evaluation, "rating"), &n),
                     BOOOPLY_OK);
    assert_int_equal(n, 4);
}

/* -------------------------------------------------------------- analysis */

static void analysis_queues_job(void **state) {
    boooply_analysis_t a;
    (void)state;
    assert_int_equal(boooply_interviews_trigger_analysis(&client, LONG_AI, &a), BOOOPLY_OK);
    /* No body, but a POST states its length. */
    expect_bytes(1, KEY, "POST " PATH LONG_AI "/analyze HTTP/1.1", "Content-Length: 0\r\n", "");
    assert_int_equal(client.last.http_status, 200);
    assert_int_equal(a.queued, 1);
    assert_view(a.job_id, "135");

    assert_int_equal(boooply_interviews_trigger_analysis(&client, PENDING_AI, &a), BOOOPLY_OK);
    expect_bytes(2, KEY, "POST " PATH PENDING_AI "/analyze HTTP/1.1", "Content-Length: 0\r\n", "");
    assert_int_equal(a.queued, 1);
    assert_view(a.job_id, "136");
    assert_int_equal(client.last.reconnects, 0);
}

/* ------------------------------------------------------------ reschedule */

static void reschedule_bytes_and_state(void **state) {
    boooply_reschedule_t req = {0};
    boooply_interview_t iv;
    boooply_participant_t p;
    int n = 0;
    (void)state;
    req.scheduled_at = "2027-02-01T10:30:00+01:00";
    req.duration_minutes = 45;
    req.reason = "Interviewer is \"ill\"";
    assert_int_equal(boooply_interviews_reschedule(&client, HUMAN, &req, &iv), BOOOPLY_OK);
    expect_json(1, "PATCH " PATH HUMAN "/reschedule HTTP/1.1",
                "{\"scheduledAt\":\"2027-02-01T10:30:00+01:00\",\"durationMinutes\":45,"
                "\"reason\":\"Interviewer is \\\"ill\\\"\"}");
    assert_int_equal(client.last.http_status, 200);
    assert_view(iv.meeting_code, HUMAN);
    assert_view(iv.session_status, "SCHEDULED");
    /* The server stores the instant in UTC. */
    assert_view(iv.scheduled_at, "2027-02-01T09:30:00.000Z");
    assert_int_equal(iv.duration_minutes, 45);
    assert_view(iv.meeting_type, "HUMAN");
    assert_int_equal(iv.is_team_meeting, 0);
    while (boooply_participant_next(&iv.participants, &p)) n++;
    assert_int_equal(n, 2);

    assert_int_equal(boooply_interviews_get(&client, HUMAN, &iv), BOOOPLY_OK);
    expect_no_body(2, "GET " PATH HUMAN " HTTP/1.1");
    assert_view(iv.scheduled_at, "2027-02-01T09:30:00.000Z");
    assert_int_equal(iv.duration_minutes, 45);
    assert_view(iv.session_status, "SCHEDULED");
}

/* Only scheduledAt goes out when the rest is left out. out may be NULL. */
static void reschedule_minimal(void **state) {
    boooply_reschedule_t req = {0};
    boooply_interview_t iv;
    (void)state;
    req.scheduled_at = "2027-03-15T08:00:00Z";
    assert_int_equal(boooply_interviews_reschedule(&client, TEAM, &req, NULL), BOOOPLY_OK);
    expect_json(1, "PATCH " PATH TEAM "/reschedule HTTP/1.1", "{\"scheduledAt\":\"2027-03-15T08:00:00Z\"}");
    assert_int_equal(boooply_interviews_get(&client, TEAM, &iv), BOOOPLY_OK);
    assert_view(iv.scheduled_at, "2027-03-15T08:00:00.000Z");
    assert_int_equal(iv.duration_minutes, 60);
    assert_int_equal(iv.is_team_meeting, 1);
}

/* ---------------------------------------------------------------- cancel */

static void cancel_with_reason(void **state) {
    boooply_interview_t iv;
    boooply_recording_t rec;
    (void)state;
    assert_int_equal(boooply_interviews_cancel(&client, HUMAN, "Candidate withdrew \"for now\"", &iv), BOOOPLY_OK);
    expect_json(1, "PATCH " PATH HUMAN "/cancel HTTP/1.1", "{\"reason\":\"Candidate withdrew \\\"for now\\\"\"}");
    assert_int_equal(client.last.http_status, 200);
    assert_view(iv.meeting_code, HUMAN);
    assert_view(iv.session_status, "CANCELLED");

    assert_int_equal(boooply_interviews_get(&client, HUMAN, &iv), BOOOPLY_OK);
    assert_view(iv.session_status, "CANCELLED");
    assert_int_equal(boooply_interviews_get_recording(&client, HUMAN, &rec), BOOOPLY_OK);
    assert_view(rec.message, "No recording: the interview was cancelled");
}

/* Without a reason the body is exactly {}, as the official SDK sends. */
static void cancel_without_reason(void **state) {
    char status[16];
    (void)state;
    assert_int_equal(boooply_interviews_cancel(&client, TEAM, NULL, NULL), BOOOPLY_OK);
    expect_json(1, "PATCH " PATH TEAM "/cancel HTTP/1.1", "{}");
    assert_string_equal(status_of(TEAM, status, sizeof status), "CANCELLED");
}

/* ---------------------------------------------------------------- delete */

static void delete_then_get_404(void **state) {
    boooply_str_t message;
    boooply_interview_t iv;
    (void)state;
    assert_int_equal(boooply_interviews_delete(&client, HUMAN, &message), BOOOPLY_OK);
    expect_no_body(1, "DELETE " PATH HUMAN " HTTP/1.1");
    assert_int_equal(client.last.http_status, 200);
    assert_view(message, "Interview " HUMAN " and all its data were deleted");

    assert_int_equal(boooply_interviews_get(&client, HUMAN, &iv), BOOOPLY_E_HTTP_STATUS);
    assert_api_error(&client, 404, "NOT_FOUND", "Interview not found: " HUMAN);
    assert_int_equal(boooply_interviews_delete(&client, HUMAN, NULL), BOOOPLY_E_HTTP_STATUS);
    assert_api_error(&client, 404, "NOT_FOUND", "Interview not found: " HUMAN);

    /* message may be NULL. */
    assert_int_equal(boooply_interviews_delete(&client, TEAM, NULL), BOOOPLY_OK);
    assert_int_equal(boooply_interviews_get(&client, TEAM, &iv), BOOOPLY_E_HTTP_STATUS);
    assert_int_equal(client.last.http_status, 404);
}

/* ---------------------------------------------------------- participants */

static void participants_seeded_fields(void **state) {
    boooply_interview_t iv;
    boooply_participant_list_t list;
    boooply_participant_t p;
    char ids[2][40], join_tokens[2][40];
    int n = 0;
    (void)state;
    assert_int_equal(boooply_interviews_get(&client, HUMAN, &iv), BOOOPLY_OK);
    while (boooply_participant_next(&iv.participants, &p)) {
        assert_true(n < 2);
        copy_view(p.id, ids[n], sizeof ids[n]);
        copy_view(p.join_token, join_tokens[n], sizeof join_tokens[n]);
        n++;
    }
    assert_int_equal(n, 2);

    assert_int_equal(boooply_interviews_get_participants(&client, HUMAN, &list), BOOOPLY_OK);
    expect_no_body(2, "GET " PATH HUMAN "/participants HTTP/1.1");
    assert_int_equal(client.last.http_status, 200);
    assert_int_equal(list.total, 2);
    assert_int_equal(boooply_participant_next(&list.participants, &p), 1);
    assert_uuid(p.id);
    assert_view(p.id, ids[0]);
    assert_view(p.name, "Jane Doe");
    assert_view(p.email, "jane@example.com");
    assert_view(p.role, "CANDIDATE");
    assert_token(p.join_token);
    assert_view(p.join_token, join_tokens[0]);
    assert_absent(p.joined_at);
    assert_absent(p.left_at);
    assert_int_equal(p.is_active, 0);
    assert_int_equal(boooply_participant_next(&list.participants, &p), 1);
    assert_uuid(p.id);
    assert_view(p.id, ids[1]);
    assert_view(p.name, "Isabel Fern\xc3\xa1ndez");
    assert_view(p.email, "interviewer@example.com");
    assert_view(p.role, "INTERVIEWER");
    assert_view(p.join_token, join_tokens[1]);
    assert_absent(p.joined_at);
    assert_absent(p.left_at);
    assert_int_equal(p.is_active, 0);
    assert_int_equal(boooply_participant_next(&list.participants, &p), 0);

    /* A candidate who joined and left, and one who is in the call now. */
    assert_int_equal(boooply_interviews_get_participants(&client, LONG_AI, &list), BOOOPLY_OK);
    assert_int_equal(list.total, 1);
    assert_int_equal(boooply_participant_next(&list.participants, &p), 1);
    assert_view(p.name, "Zo\xc3\xab \xc3\x81lvarez-N\xc3\xba\xc3\xb1" "ez");
    assert_view(p.email, "zoe.alvarez@example.com");
    assert_view(p.joined_at, "2026-11-16T14:00:00.000Z");
    assert_view(p.left_at, "2026-11-16T14:46:00.000Z");
    assert_int_equal(p.is_active, 0);
    assert_int_equal(boooply_participant_next(&list.participants, &p), 0);

    assert_int_equal(boooply_interviews_get_participants(&client, ACTIVE_AI, &list), BOOOPLY_OK);
    assert_int_equal(boooply_participant_next(&list.participants, &p), 1);
    assert_view(p.name, "Bj\xc3\xb6rn \xc3\x85kesson");
    assert_view(p.joined_at, "2026-12-04T19:30:00.000Z");
    assert_absent(p.left_at);
    assert_int_equal(p.is_active, 1);

    /* The team meeting: a host and two participants, in order. */
    assert_int_equal(boooply_interviews_get_participants(&client, TEAM, &list), BOOOPLY_OK);
    assert_int_equal(list.total, 3);
    assert_int_equal(boooply_participant_next(&list.participants, &p), 1);
    assert_view(p.name, "Alice Johnson");
    assert_view(p.role, "HOST");
    assert_int_equal(boooply_participant_next(&list.participants, &p), 1);
    assert_view(p.name, "Bob Smith");
    assert_view(p.role, "PARTICIPANT");
    assert_int_equal(boooply_participant_next(&list.participants, &p), 1);
    assert_view(p.name, "Carol Nwosu");
    assert_view(p.email, "carol@example.com");
    assert_view(p.role, "PARTICIPANT");
    assert_int_equal(boooply_participant_next(&list.participants, &p), 0);
}

static void add_participant_bytes(void **state) {
    static const boooply_participant_input_t people[] = {
        {"Dana Kova\xc4\x8d", "dana.kovac@example.com", "CO_HOST"},
        {"Chen \"CW\" Wei", "chen.wei@example.com", "PARTICIPANT"},
    };
    boooply_participant_list_t list;
    boooply_participant_t p;
    char added[2][40];
    int n;
    (void)state;
    assert_int_equal(participant_count(HUMAN), 2);
    assert_int_equal(boooply_interviews_add_participant(&client, HUMAN, people, 2, &list), BOOOPLY_OK);
    expect_json(2, "POST " PATH HUMAN "/participants HTTP/1.1",
                "{\"participants\":[{\"name\":\"Dana Kova\xc4\x8d\",\"email\":\"dana.kovac@example.com\","
                "\"role\":\"CO_HOST\"},{\"name\":\"Chen \\\"CW\\\" Wei\",\"email\":\"chen.wei@example.com\","
                "\"role\":\"PARTICIPANT\"}]}");
    assert_int_equal(client.last.http_status, 201);
    /* The response lists the added participants, and total counts them all. */
    assert_int_equal(list.total, 4);
    assert_int_equal(boooply_participant_next(&list.participants, &p), 1);
    assert_uuid(p.id);
    copy_view(p.id, added[0], sizeof added[0]);
    assert_view(p.name, "Dana Kova\xc4\x8d");
    assert_view(p.email, "dana.kovac@example.com");
    assert_view(p.role, "CO_HOST");
    assert_token(p.join_token);
    assert_absent(p.joined_at);
    assert_absent(p.left_at);
    assert_int_equal(p.is_active, 0);
    assert_int_equal(boooply_participant_next(&list.participants, &p), 1);
    assert_uuid(p.id);
    copy_view(p.id, added[1], sizeof added[1]);
    assert_view(p.name, "Chen \"CW\" Wei");
    assert_view(p.email, "chen.wei@example.com");
    assert_view(p.role, "PARTICIPANT");
    assert_token(p.join_token);
    assert_int_equal(boooply_participant_next(&list.participants, &p), 0);

    assert_int_equal(boooply_interviews_get_participants(&client, HUMAN, &list), BOOOPLY_OK);
    assert_int_equal(list.total, 4);
    for (n = 0; boooply_participant_next(&list.participants, &p); n++) {
        if (n == 2) assert_view(p.id, added[0]);
        if (n == 3) assert_view(p.id, added[1]);
    }
    assert_int_equal(n, 4);
}

/* Adding one participant counts one more, and removing one counts one less. */
static void add_remove_counts(void **state) {
    static const boooply_participant_input_t one[] = {{"Amara Okafor", "amara.okafor@example.com", "INTERVIEWER"}};
    boooply_participant_list_t list;
    boooply_participant_t p;
    boooply_str_t message;
    char id[40], jane[40], request_line[160];
    (void)state;
    assert_int_equal(participant_count(TEAM), 3);
    assert_int_equal(boooply_interviews_add_participant(&client, TEAM, one, 1, &list), BOOOPLY_OK);
    expect_json(2, "POST " PATH TEAM "/participants HTTP/1.1",
                "{\"participants\":[{\"name\":\"Amara Okafor\",\"email\":\"amara.okafor@example.com\","
                "\"role\":\"INTERVIEWER\"}]}");
    assert_int_equal(list.total, 4);
    assert_int_equal(boooply_participant_next(&list.participants, &p), 1);
    copy_view(p.id, id, sizeof id);
    assert_int_equal(boooply_participant_next(&list.participants, &p), 0);
    assert_int_equal(participant_count(TEAM), 4);

    assert_int_equal(boooply_interviews_remove_participant(&client, TEAM, id, &message), BOOOPLY_OK);
    snprintf(request_line, sizeof request_line, "DELETE " PATH TEAM "/participants/%s HTTP/1.1", id);
    expect_no_body(4, request_line);
    assert_int_equal(client.last.http_status, 200);
    assert_view(message, "Participant amara.okafor@example.com removed from " TEAM);
    assert_int_equal(participant_count(TEAM), 3);

    /* A seeded participant goes the same way. message may be NULL. */
    assert_int_equal(boooply_interviews_get_participants(&client, HUMAN, &list), BOOOPLY_OK);
    assert_int_equal(boooply_participant_next(&list.participants, &p), 1);
    assert_view(p.email, "jane@example.com");
    copy_view(p.id, jane, sizeof jane);
    assert_int_equal(boooply_interviews_remove_participant(&client, HUMAN, jane, NULL), BOOOPLY_OK);
    assert_int_equal(boooply_interviews_get_participants(&client, HUMAN, &list), BOOOPLY_OK);
    assert_int_equal(list.total, 1);
    assert_int_equal(boooply_participant_next(&list.participants, &p), 1);
    assert_view(p.email, "interviewer@example.com");
    assert_int_equal(boooply_participant_next(&list.participants, &p), 0);
}

/* The participant id is one path segment, percent-encoded. */
static void participant_id_encoded(void **state) {
    boooply_str_t message;
    (void)state;
    assert_int_equal(boooply_interviews_remove_participant(&client, HUMAN, "a/b c?d#e%f", &message),
                     BOOOPLY_E_HTTP_STATUS);
    expect_no_body(1, "DELETE " PATH HUMAN "/participants/a%2Fb%20c%3Fd%23e%25f HTTP/1.1");
    assert_api_error(&client, 404, "NOT_FOUND", "Participant not found: a/b c?d#e%f");
    assert_absent(message);
    assert_int_equal(participant_count(HUMAN), 2);
}

/* A code with reserved characters reaches the right interview on every
 * call that takes one. */
static void code_encoded_everywhere(void **state) {
    static const boooply_participant_input_t one[] = {{"Chen Wei", "chen.wei@example.com", "INTERVIEWER"}};
    boooply_participant_list_t list;
    boooply_participant_t p;
    boooply_transcript_t t;
    boooply_transcript_entry_t e;
    boooply_evaluation_t ev;
    boooply_recording_t rec;
    boooply_analysis_t a;
    boooply_reschedule_t req = {0};
    boooply_interview_t iv;
    boooply_str_t message;
    char id[40], request_line[200];
    (void)state;
    assert_int_equal(boooply_interviews_get_participants(&client, ODD_CODE, &list), BOOOPLY_OK);
    expect_no_body(1, "GET " PATH ODD_PATH "/participants HTTP/1.1");
    assert_int_equal(list.total, 2);
    assert_int_equal(boooply_participant_next(&list.participants, &p), 1);
    assert_view(p.name, "Ren\xc3\xa9" "e Fontaine");
    copy_view(p.id, id, sizeof id);

    assert_int_equal(boooply_interviews_get_transcript(&client, ODD_CODE, &t), BOOOPLY_OK);
    expect_no_body(2, "GET " PATH ODD_PATH "/transcript HTTP/1.1");
    assert_int_equal(boooply_transcript_next(&t.entries, &e), 0);

    assert_int_equal(boooply_interviews_get_evaluation(&client, ODD_CODE, &ev), BOOOPLY_OK);
    expect_no_body(3, "GET " PATH ODD_PATH "/evaluation HTTP/1.1");
    assert_int_equal(ev.available, 0);

    assert_int_equal(boooply_interviews_get_recording(&client, ODD_CODE, &rec), BOOOPLY_OK);
    expect_no_body(4, "GET " PATH ODD_PATH "/recording HTTP/1.1");
    assert_int_equal(rec.available, 0);
    assert_view(rec.message, "No recording available");

    assert_int_equal(boooply_interviews_trigger_analysis(&client, ODD_CODE, &a), BOOOPLY_E_HTTP_STATUS);
    expect_bytes(5, KEY, "POST " PATH ODD_PATH "/analyze HTTP/1.1", "Content-Length: 0\r\n", "");
    assert_api_error(&client, 400, "INVALID_STATE",
                     "Only COMPLETED interviews can be analyzed, but " ODD_CODE " is SCHEDULED");

    assert_int_equal(boooply_interviews_add_participant(&client, ODD_CODE, one, 1, &list), BOOOPLY_OK);
    expect_json(6, "POST " PATH ODD_PATH "/participants HTTP/1.1",
                "{\"participants\":[{\"name\":\"Chen Wei\",\"email\":\"chen.wei@example.com\",\"role\":\"INTERVIEWER\"}]}");
    assert_int_equal(list.total, 3);

    assert_int_equal(boooply_interviews_remove_participant(&client, ODD_CODE, id, &message), BOOOPLY_OK);
    snprintf(request_line, sizeof request_line, "DELETE " PATH "%s/participants/%s HTTP/1.1", ODD_PATH, id);
    expect_no_body(7, request_line);
    assert_view(message, "Participant renee.fontaine@example.com removed from " ODD_CODE);

    req.scheduled_at = "2027-02-02T09:00:00Z";
    assert_int_equal(boooply_interviews_reschedule(&client, ODD_CODE, &req, &iv), BOOOPLY_OK);
    expect_json(8, "PATCH " PATH ODD_PATH "/reschedule HTTP/1.1", "{\"scheduledAt\":\"2027-02-02T09:00:00Z\"}");
    assert_view(iv.meeting_code, ODD_CODE);

    assert_int_equal(boooply_interviews_cancel(&client, ODD_CODE, NULL, &iv), BOOOPLY_OK);
    expect_json(9, "PATCH " PATH ODD_PATH "/cancel HTTP/1.1", "{}");
    assert_view(iv.session_status, "CANCELLED");

    assert_int_equal(boooply_interviews_delete(&client, ODD_CODE, &message), BOOOPLY_OK);
    expect_no_body(10, "DELETE " PATH ODD_PATH " HTTP/1.1");
    assert_view(message, "Interview " ODD_CODE " and all its data were deleted");
}

/* ------------------------------------------------------------- recording */

static void recording_fields(void **state) {
    boooply_recording_t rec;
    (void)state;
    assert_int_equal(boooply_interviews_get_recording(&client, LONG_AI, &rec), BOOOPLY_OK);
    expect_no_body(1, "GET " PATH LONG_AI "/recording HTTP/1.1");
    assert_int_equal(client.last.http_status, 200);
    assert_int_equal(rec.available, 1);
    assert_int_equal(rec.duration, long_interview_seconds());
    assert_view(rec.format, "mp4");
    assert_view(rec.created_at, "2026-11-16T14:47:00.000Z");
    assert_view(rec.video_url, "https://recordings.boooply.com/" LONG_AI
                               ".mp4?X-Amz-Expires=604800&X-Amz-Signature=5f1c0ffee");
    assert_view(rec.video_api_url, "https://api.boooply.com/api/integration/interviews/" LONG_AI "/recording/video");
    assert_absent(rec.message);
}

/* "recording": null is a success with available 0 and the reason. */
static void recording_null(void **state) {
    boooply_recording_t rec;
    (void)state;
    assert_int_equal(boooply_interviews_get_recording(&client, PENDING_AI, &rec), BOOOPLY_OK);
    expect_no_body(1, "GET " PATH PENDING_AI "/recording HTTP/1.1");
    assert_int_equal(client.last.http_status, 200);
    assert_int_equal(rec.available, 0);
    assert_int_equal(rec.duration, -1);
    assert_absent(rec.format);
    assert_absent(rec.created_at);
    assert_absent(rec.video_url);
    assert_absent(rec.video_api_url);
    assert_view(rec.message, "The recording is still being processed. Try again in a few minutes.");

    assert_int_equal(boooply_interviews_get_recording(&client, ACTIVE_AI, &rec), BOOOPLY_OK);
    assert_int_equal(rec.available, 0);
    assert_view(rec.message, "No recording: the interview has not finished");
    assert_int_equal(boooply_interviews_get_recording(&client, CANCELLED_HU, &rec), BOOOPLY_OK);
    assert_view(rec.message, "No recording: the interview was cancelled");
}

/* -------------------------------------------------------------- calendar */

static void availability_connected(void **state) {
    boooply_availability_params_t params = {0};
    boooply_availability_t av;
    boooply_slot_t slot;
    long long now = (long long)time(NULL), previous = 0;
    int count = 0;
    (void)state;
    params.email = "interviewer@example.com";
    params.duration_minutes = 45;
    params.days = 7;

    assert_int_equal(boooply_interviews_get_availability(&client, &params, &av), BOOOPLY_OK);
    expect_no_body(1, "GET /api/integration/availability?email=interviewer%40example.com&duration=45&days=7 HTTP/1.1");
    assert_int_equal(client.last.http_status, 200);
    assert_int_equal(av.calendar_connected, 1);
    assert_view(av.email, "interviewer@example.com");
    assert_int_equal(av.duration_minutes, 45);
    assert_int_equal(av.days, 7);
    assert_absent(av.message);

    /* Slots start every 30 minutes within 08:00 to 16:00 UTC on weekdays,
     * after now and within the 7 days asked for. */
    while (boooply_slot_next(&av.slots, &slot)) {
        long long start = utc_seconds(slot.start), end = utc_seconds(slot.end);
        assert_int_equal(end - start, 45 * 60);
        assert_int_equal(start % 1800, 0);
        assert_true(start % 86400 >= 8 * 3600);
        assert_true(end % 86400 <= 16 * 3600 && end % 86400 > 8 * 3600);
        assert_true(start > previous);
        assert_true(start >= now - 5);
        assert_true(end <= now + 7 * 86400 + 5);
        previous = start;
        count++;
    }
    assert_int_equal(count, av.total);
    assert_true(count > 0);
}

/* days 0 and durationMinutes 0 are left out, so the server's defaults apply. */
static void availability_defaults(void **state) {
    boooply_availability_params_t params = {0};
    boooply_availability_t av;
    boooply_slot_t slot;
    int count = 0;
    (void)state;
    params.email = "interviewer@example.com";
    assert_int_equal(boooply_interviews_get_availability(&client, &params, &av), BOOOPLY_OK);
    expect_no_body(1, "GET /api/integration/availability?email=interviewer%40example.com HTTP/1.1");
    assert_int_equal(av.duration_minutes, 30);
    assert_int_equal(av.days, 14);
    while (boooply_slot_next(&av.slots, &slot)) {
        assert_int_equal(utc_seconds(slot.end) - utc_seconds(slot.start), 30 * 60);
        count++;
    }
    assert_int_equal(count, av.total);
    assert_true(count > 0);

    /* The bounds themselves are accepted. */
    params.email = "nocalendar@example.com";
    params.days = 30;
    params.duration_minutes = 5;
    assert_int_equal(boooply_interviews_get_availability(&client, &params, &av), BOOOPLY_OK);
    expect_no_body(2, "GET /api/integration/availability?email=nocalendar%40example.com&duration=5&days=30 HTTP/1.1");
    assert_int_equal(av.days, 30);
    assert_int_equal(av.duration_minutes, 5);
    params.days = 1;
    assert_int_equal(boooply_interviews_get_availability(&client, &params, &av), BOOOPLY_OK);
    assert_int_equal(av.days, 1);
}

/* Short slots over 30 days are more than 16 KiB of JSON. The call reports
 * the size it needs, and they fit a 64 KiB buffer. */
static void availability_many_slots(void **state) {
    boooply_posix_t port;
    boooply_client_t c;
    boooply_availability_params_t params = {0};
    boooply_availability_t av;
    boooply_slot_t slot;
    int count = 0;
    (void)state;
    params.email = "interviewer@example.com";
    params.duration_minutes = 5;
    params.days = 30;
    assert_int_equal(boooply_interviews_get_availability(&client, &params, &av), BOOOPLY_E_RESPONSE_TOO_LARGE);
    assert_int_equal(client.last.http_status, 200);
    assert_true(client.last.needed > sizeof buffer);

    init_client(&c, &port, big_buffer, sizeof big_buffer, big_tokens, 4096, KEY);
    assert_int_equal(boooply_interviews_get_availability(&c, &params, &av), BOOOPLY_OK);
    assert_int_equal(av.days, 30);
    assert_int_equal(av.duration_minutes, 5);
    while (boooply_slot_next(&av.slots, &slot)) {
        assert_int_equal(utc_seconds(slot.end) - utc_seconds(slot.start), 5 * 60);
        count++;
    }
    assert_int_equal(count, av.total);
    assert_true(count > 100);
    boooply_close(&c);
}

static void availability_no_calendar(void **state) {
    boooply_availability_params_t params = {0};
    boooply_availability_t av;
    boooply_slot_t slot;
    (void)state;
    params.email = "nocalendar@example.com";
    params.duration_minutes = 60;
    assert_int_equal(boooply_interviews_get_availability(&client, &params, &av), BOOOPLY_OK);
    expect_no_body(1, "GET /api/integration/availability?email=nocalendar%40example.com&duration=60 HTTP/1.1");
    assert_int_equal(av.calendar_connected, 0);
    assert_view(av.email, "nocalendar@example.com");
    assert_int_equal(av.duration_minutes, 60);
    assert_int_equal(av.days, 14);
    assert_int_equal(av.total, 0);
    assert_int_equal(boooply_slot_next(&av.slots, &slot), 0);
    assert_view(av.message, "nocalendar@example.com has not connected a calendar in Boooply. Provide "
                            "availableSlots or use FIXED scheduling.");
}

static void busy_blocks_connected(void **state) {
    boooply_busy_blocks_params_t params = {0};
    boooply_busy_blocks_t bb;
    boooply_slot_t block;
    long long now = (long long)time(NULL);
    int count = 0;
    (void)state;
    params.email = "interviewer@example.com";
    params.days = 7;
    assert_int_equal(boooply_interviews_get_busy_blocks(&client, &params, &bb), BOOOPLY_OK);
    expect_no_body(1, "GET /api/integration/busy-blocks?email=interviewer%40example.com&days=7 HTTP/1.1");
    assert_int_equal(client.last.http_status, 200);
    assert_int_equal(bb.calendar_connected, 1);
    assert_view(bb.email, "interviewer@example.com");
    assert_int_equal(bb.days, 7);
    assert_view(bb.timezone, "Europe/Berlin");
    /* Blocks last 30, 60 or 90 minutes within 08:00 to 16:00 UTC. */
    while (boooply_slot_next(&bb.busy_blocks, &block)) {
        long long start = utc_seconds(block.start), end = utc_seconds(block.end);
        long long length = end - start;
        assert_true(length == 1800 || length == 3600 || length == 5400);
        assert_true(start % 86400 >= 8 * 3600);
        assert_true(end % 86400 <= 16 * 3600);
        assert_true(end > now - 5);
        assert_true(start < now + 7 * 86400 + 5);
        count++;
    }
    assert_int_equal(count, bb.total);
    assert_true(count > 0);
}

static void busy_blocks_no_calendar(void **state) {
    boooply_busy_blocks_params_t params = {0};
    boooply_busy_blocks_t bb;
    boooply_slot_t block;
    (void)state;
    params.email = "nocalendar@example.com";
    assert_int_equal(boooply_interviews_get_busy_blocks(&client, &params, &bb), BOOOPLY_OK);
    expect_no_body(1, "GET /api/integration/busy-blocks?email=nocalendar%40example.com HTTP/1.1");
    assert_int_equal(bb.calendar_connected, 0);
    assert_view(bb.email, "nocalendar@example.com");
    assert_int_equal(bb.days, 14);
    assert_absent(bb.timezone);
    assert_int_equal(bb.total, 0);
    assert_int_equal(boooply_slot_next(&bb.busy_blocks, &block), 0);

    params.days = 30;
    assert_int_equal(boooply_interviews_get_busy_blocks(&client, &params, &bb), BOOOPLY_OK);
    expect_no_body(2, "GET /api/integration/busy-blocks?email=nocalendar%40example.com&days=30 HTTP/1.1");
    assert_int_equal(bb.days, 30);
}

/* ------------------------------------------------ organization, AI, keys */

static void organization_fields(void **state) {
    boooply_organization_t org;
    (void)state;
    assert_int_equal(boooply_organization_get(&client, &org), BOOOPLY_OK);
    expect_no_body(1, "GET /api/integration/organization HTTP/1.1");
    assert_int_equal(client.last.http_status, 200);
    assert_view(org.id, "org_7f3c2a91");
    assert_view(org.name, "Acme Corp");
    assert_view(org.slug, "acme-corp");
    assert_view(org.external_org_id, "acme-ext-001");
    assert_view(org.plan, "growth");
}

static void job_description_bytes(void **state) {
    static const char *const skills[] = {"Go", "PostgreSQL"};
    boooply_job_description_request_t req = {0};
    boooply_str_t text;
    (void)state;
    req.job_role = "Backend Engineer";
    req.department = "Engineering";
    req.skills = skills;
    req.skill_count = 2;
    req.seniority = "SENIOR";
    req.work_setup = "REMOTE";
    req.employment_type = "FULL_TIME";
    assert_int_equal(boooply_ai_generate_job_description(&client, &req, &text), BOOOPLY_OK);
    expect_json(1, "POST /api/integration/generate-job-description HTTP/1.1",
                "{\"jobRole\":\"Backend Engineer\",\"department\":\"Engineering\",\"skills\":[\"Go\",\"PostgreSQL\"],"
                "\"seniority\":\"SENIOR\",\"workSetup\":\"REMOTE\",\"employmentType\":\"FULL_TIME\"}");
    assert_int_equal(client.last.http_status, 200);
    assert_view(text,
                "Acme Corp is looking for a Senior Backend Engineer to join us in our Engineering team. You will "
                "work with people who care about their craft and about the candidates and customers who rely on "
                "what we build.\n\nIn this role you will own meaningful parts of our product from idea to release, "
                "work closely with design and product, share knowledge through reviews and pairing, and help us "
                "keep quality high as we grow.\n\nWhat we are looking for: experience with Go, PostgreSQL, a habit "
                "of writing things down, and the judgement to keep things simple.\n\nWhat we offer: a full-time, "
                "fully remote position, a learning budget, and a team that plans for sustainable work.");
}

static void job_description_minimal(void **state) {
    boooply_job_description_request_t req = {0};
    boooply_str_t text;
    (void)state;
    req.job_role = "QA Engineer";
    assert_int_equal(boooply_ai_generate_job_description(&client, &req, &text), BOOOPLY_OK);
    expect_json(1, "POST /api/integration/generate-job-description HTTP/1.1", "{\"jobRole\":\"QA Engineer\"}");
    assert_view(text,
                "Acme Corp is looking for a QA Engineer to join us. You will work with people who care about their "
                "craft and about the candidates and customers who rely on what we build.\n\nIn this role you will "
                "own meaningful parts of our product from idea to release, work closely with design and product, "
                "share knowledge through reviews and pairing, and help us keep quality high as we grow.\n\nWhat we "
                "are looking for: solid experience in a similar role, clear communication and the judgement to "
                "keep things simple.\n\nWhat we offer: a permanent position, a learning budget, and a team that "
                "plans for sustainable work.");
}

/* The platform key creates an organization key, which then works. */
static void api_key_bytes(void **state) {
    static const boooply_team_member_t members[] = {
        {"dana.kovac@example.com", "Dana Kova\xc4\x8d", "ADMIN"},
        {"carol@example.com", NULL, NULL},
    };
    static unsigned char buf[8192];
    static boooply_token_t toks[256];
    boooply_posix_t port, key_port;
    boooply_client_t platform, org_client;
    boooply_create_api_key_t req = {0};
    boooply_api_key_t key;
    boooply_organization_t org;
    char new_key[64];
    size_t i;
    (void)state;
    init_client(&platform, &port, buf, sizeof buf, toks, 256, PLATFORM_KEY);
    req.user_id = "user_42";
    req.user_email = "owner@acme.example";
    req.user_name = "Ana Concei\xc3\xa7\xc3\xa3o";
    req.organization_id = "org_7f3c2a91";
    req.organization_name = "Acme Corp";
    req.team_members = members;
    req.team_member_count = 2;
    assert_int_equal(boooply_create_organization_api_key(&platform, &req, &key), BOOOPLY_OK);
    expect_json_as(1, PLATFORM_KEY, "POST /api/server-auth/create-api-key HTTP/1.1",
                   "{\"userId\":\"user_42\",\"userEmail\":\"owner@acme.example\",\"userName\":\"Ana Concei\xc3\xa7\xc3\xa3o\","
                   "\"organizationId\":\"org_7f3c2a91\",\"organizationName\":\"Acme Corp\",\"teamMembers\":["
                   "{\"name\":\"Dana Kova\xc4\x8d\",\"email\":\"dana.kovac@example.com\",\"role\":\"ADMIN\"},"
                   "{\"email\":\"carol@example.com\"}]}");
    assert_int_equal(platform.last.http_status, 201);
    assert_non_null(key.api_key.ptr);
    assert_int_equal(key.api_key.len, 9 + 32);
    assert_memory_equal(key.api_key.ptr, "bply_org_", 9);
    for (i = 9; i < key.api_key.len; i++) assert_non_null(strchr("0123456789abcdef", key.api_key.ptr[i]));
    assert_view(key.organization_id, "org_7f3c2a91");
    assert_view(key.user_id, "user_42");
    copy_view(key.api_key, new_key, sizeof new_key);

    /* Only the required fields. */
    memset(&req, 0, sizeof req);
    req.user_id = "u1";
    req.user_email = "a@b.example";
    req.organization_id = "org_1";
    assert_int_equal(boooply_create_organization_api_key(&platform, &req, &key), BOOOPLY_OK);
    expect_json_as(2, PLATFORM_KEY, "POST /api/server-auth/create-api-key HTTP/1.1",
                   "{\"userId\":\"u1\",\"userEmail\":\"a@b.example\",\"organizationId\":\"org_1\"}");
    assert_view(key.organization_id, "org_1");
    assert_view(key.user_id, "u1");
    assert_int_equal(platform.last.reconnects, 0);
    boooply_close(&platform);

    init_client(&org_client, &key_port, buf, sizeof buf, toks, 256, new_key);
    assert_int_equal(boooply_organization_get(&org_client, &org), BOOOPLY_OK);
    expect_bytes(3, new_key, "GET /api/integration/organization HTTP/1.1", "", "");
    assert_view(org.id, "org_7f3c2a91");
    boooply_close(&org_client);
}

/* ---------------------------------------------- join links and ISO 8601 */

static boooply_str_t view_of(const char *text) {
    boooply_str_t s;
    s.ptr = text;
    s.len = text ? strlen(text) : 0;
    return s;
}

static void join_link_cases(void **state) {
    char link[160];
    size_t needed = 0;
    boooply_str_t url = view_of("https://meetings.boooply.com/join/" HUMAN);
    static const char expected[] = "https://meetings.boooply.com/join/" HUMAN "?token=f02891c9b0ecd31fe4ff5cd52e606442";
    (void)state;
    assert_int_equal(boooply_join_link(url, view_of("f02891c9b0ecd31fe4ff5cd52e606442"), link, sizeof link, &needed),
                     BOOOPLY_OK);
    assert_string_equal(link, expected);
    assert_int_equal(needed, sizeof expected);

    /* Exactly the size needed fits; one byte less writes nothing. */
    memset(link, '#', sizeof link);
    assert_int_equal(boooply_join_link(url, view_of("f02891c9b0ecd31fe4ff5cd52e606442"), link, sizeof expected, NULL),
                     BOOOPLY_OK);
    assert_string_equal(link, expected);
    memset(link, '#', sizeof link);
    needed = 0;
    assert_int_equal(
        boooply_join_link(url, view_of("f02891c9b0ecd31fe4ff5cd52e606442"), link, sizeof expected - 1, &needed),
        BOOOPLY_E_BUFFER_TOO_SMALL);
    assert_int_equal(needed, sizeof expected);
    assert_int_equal(link[0], '#');
    assert_int_equal(link[sizeof expected - 2], '#');
    needed = 0;
    assert_int_equal(boooply_join_link(url, view_of("f0"), NULL, 0, &needed), BOOOPLY_E_BUFFER_TOO_SMALL);
    assert_int_equal(needed, url.len + strlen("?token=f0") + 1);

    /* The token is percent-encoded, and a URL with a query gets &token=. */
    assert_int_equal(boooply_join_link(view_of("https://x.example/join?lang=en"), view_of("a b+c/d&e"), link,
                                       sizeof link, NULL),
                     BOOOPLY_OK);
    assert_string_equal(link, "https://x.example/join?lang=en&token=a%20b%2Bc%2Fd%26e");

    /* A missing URL or token is an invalid argument. */
    assert_int_equal(boooply_join_link(view_of(NULL), view_of("f0"), link, sizeof link, NULL),
                     BOOOPLY_E_INVALID_ARGUMENT);
    assert_int_equal(boooply_join_link(url, view_of(""), link, sizeof link, NULL), BOOOPLY_E_INVALID_ARGUMENT);
    assert_int_equal(boooply_join_link(url, view_of(NULL), link, sizeof link, NULL), BOOOPLY_E_INVALID_ARGUMENT);
}

/* Join links from a real interview: url + "?token=" + each join token. */
static void join_link_from_interview(void **state) {
    boooply_interview_t iv;
    boooply_participant_t p;
    char link[200], expected[200];
    int n = 0;
    (void)state;
    assert_int_equal(boooply_interviews_get(&client, TEAM, &iv), BOOOPLY_OK);
    assert_view(iv.url, "https://meetings.boooply.com/join/" TEAM);
    while (boooply_participant_next(&iv.participants, &p)) {
        assert_token(p.join_token);
        assert_int_equal(boooply_join_link(iv.url, p.join_token, link, sizeof link, NULL), BOOOPLY_OK);
        snprintf(expected, sizeof expected, "%s?token=%s", iv.url.ptr, p.join_token.ptr);
        assert_string_equal(link, expected);
        n++;
    }
    assert_int_equal(n, 3);

    /* The meeting URL of an encoded code keeps its escapes as they are. */
    assert_int_equal(boooply_interviews_get(&client, ODD_CODE, &iv), BOOOPLY_OK);
    assert_view(iv.url, "https://meetings.boooply.com/join/" ODD_PATH);
    assert_int_equal(boooply_participant_next(&iv.participants, &p), 1);
    assert_int_equal(boooply_join_link(iv.url, p.join_token, link, sizeof link, NULL), BOOOPLY_OK);
    snprintf(expected, sizeof expected, "https://meetings.boooply.com/join/%s?token=%s", ODD_PATH, p.join_token.ptr);
    assert_string_equal(link, expected);
}

static void iso8601_known_values(void **state) {
    static const struct {
        int64_t seconds;
        const char *text;
    } cases[] = {
        {0, "1970-01-01T00:00:00Z"},
        {951782400, "2000-02-29T00:00:00Z"},
        {4102444799, "2099-12-31T23:59:59Z"},
        {-1, "1969-12-31T23:59:59Z"},
        {1709164800, "2024-02-29T00:00:00Z"},
        {-2208988800, "1900-01-01T00:00:00Z"},
        {-62167219200, "0000-01-01T00:00:00Z"},
        {253402300799, "9999-12-31T23:59:59Z"},
    };
    char text[32];
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        memset(text, '#', sizeof text);
        assert_int_equal(boooply_format_iso8601(cases[i].seconds, text, 21), BOOOPLY_OK);
        assert_string_equal(text, cases[i].text);
        assert_int_equal(text[21], '#');
    }
    /* Outside years 0000 to 9999. */
    assert_int_equal(boooply_format_iso8601(253402300800, text, sizeof text), BOOOPLY_E_INVALID_ARGUMENT);
    assert_int_equal(boooply_format_iso8601(-62167219201, text, sizeof text), BOOOPLY_E_INVALID_ARGUMENT);
    assert_int_equal(boooply_format_iso8601(INT64_MAX, text, sizeof text), BOOOPLY_E_INVALID_ARGUMENT);
    assert_int_equal(boooply_format_iso8601(INT64_MIN, text, sizeof text), BOOOPLY_E_INVALID_ARGUMENT);
}

static void iso8601_short_buffer(void **state) {
    char text[20];
    size_t i;
    (void)state;
    memset(text, '#', sizeof text);
    assert_int_equal(boooply_format_iso8601(0, text, sizeof text), BOOOPLY_E_BUFFER_TOO_SMALL);
    for (i = 0; i < sizeof text; i++) assert_int_equal(text[i], '#');
    assert_int_equal(boooply_format_iso8601(0, text, 0), BOOOPLY_E_BUFFER_TOO_SMALL);
    assert_int_equal(boooply_format_iso8601(0, NULL, 21), BOOOPLY_E_BUFFER_TOO_SMALL);
    for (i = 0; i < sizeof text; i++) assert_int_equal(text[i], '#');
}

/* Agrees with the C library's gmtime and strftime from 1900 to 9999. */
static void iso8601_matches_gmtime(void **state) {
    int64_t t;
    char text[21], oracle[32];
    (void)state;
    for (t = -2208988800; t <= 253402300799; t += 86400 * 97 + 3671) {
        time_t when = (time_t)t;
        struct tm tm;
        assert_non_null(gmtime_r(&when, &tm));
        assert_true(strftime(oracle, sizeof oracle, "%Y-%m-%dT%H:%M:%SZ", &tm) > 0);
        assert_int_equal(boooply_format_iso8601(t, text, sizeof text), BOOOPLY_OK);
        assert_string_equal(text, oracle);
    }
}

/* Every day from 1900 to 2099, at a changing time of day, formats to text
 * that create's scheduledAt check accepts. The request also has 51
 * available slots, a rule checked after scheduledAt, so nothing is sent and
 * the message shows which rule stopped it. */
static void iso8601_passes_create_check(void **state) {
    static boooply_slot_input_t slots[51];
    boooply_create_interview_t req = {0};
    boooply_interview_t iv;
    char text[21];
    int64_t day;
    size_t i;
    (void)state;
    for (i = 0; i < 51; i++) {
        slots[i].start = "2027-04-01T14:00:00Z";
        slots[i].end = "2027-04-01T15:00:00Z";
    }
    req.type = BOOOPLY_INTERVIEW_AI;
    req.job_role = "Engineer";
    req.candidate.name = "Jane";
    req.candidate.email = "jane@example.com";
    req.scheduling_mode = "FIXED";
    req.available_slots = slots;
    req.available_slot_count = 51;
    req.scheduled_at = text;
    for (day = -2208988800 / 86400; day <= 4102444799 / 86400; day++) {
        int64_t t = day * 86400 + (day * 7919) % 86400;
        assert_int_equal(boooply_format_iso8601(t, text, sizeof text), BOOOPLY_OK);
        assert_int_equal(boooply_interviews_create(&client, &req, &iv), BOOOPLY_E_INVALID_ARGUMENT);
        assert_string_equal(client.last.message, "availableSlots holds at most 50 slots");
    }
    assert_int_equal(logged_count(), 0);
}

/* Formatted times go out as scheduledAt and come back as the same instant. */
static void iso8601_round_trip_server(void **state) {
    static const int64_t times[] = {951782400, 1709164800, 4102444799};
    boooply_create_interview_t req = {0};
    boooply_reschedule_t change = {0};
    boooply_interview_t iv;
    char text[21], expected[32], code[64];
    size_t i;
    (void)state;
    req.type = BOOOPLY_INTERVIEW_AI;
    req.job_role = "Engineer";
    req.candidate.name = "Jane";
    req.candidate.email = "jane@example.com";
    req.scheduling_mode = "FIXED";
    req.scheduled_at = text;
    for (i = 0; i < sizeof times / sizeof times[0]; i++) {
        assert_int_equal(boooply_format_iso8601(times[i], text, sizeof text), BOOOPLY_OK);
        assert_int_equal(boooply_interviews_create(&client, &req, &iv), BOOOPLY_OK);
        snprintf(expected, sizeof expected, "%.19s.000Z", text);
        assert_view(iv.scheduled_at, expected);
        assert_int_equal(utc_seconds(iv.scheduled_at), times[i]);
    }
    copy_view(iv.meeting_code, code, sizeof code);

    assert_int_equal(boooply_format_iso8601(1800000000, text, sizeof text), BOOOPLY_OK);
    assert_string_equal(text, "2027-01-15T08:00:00Z");
    change.scheduled_at = text;
    assert_int_equal(boooply_interviews_reschedule(&client, code, &change, NULL), BOOOPLY_OK);
    assert_int_equal(boooply_interviews_get(&client, code, &iv), BOOOPLY_OK);
    assert_int_equal(utc_seconds(iv.scheduled_at), 1800000000);
}

/* --------------------------------------- rules checked before sending */

static void code_rules_send_nothing(void **state) {
    static const char *const bad_codes[] = {NULL, "", ".", ".."};
    static const boooply_participant_input_t one[] = {{"Jo", "jo@example.com", "PARTICIPANT"}};
    boooply_transcript_t t;
    boooply_evaluation_t ev;
    boooply_analysis_t a;
    boooply_reschedule_t req = {0};
    boooply_interview_t iv;
    boooply_str_t message;
    boooply_participant_list_t list;
    boooply_recording_t rec;
    size_t i;
    (void)state;
    req.scheduled_at = "2027-02-01T10:00:00Z";
#define REJECT(call)                                                   \
    do {                                                               \
        assert_int_equal((call), BOOOPLY_E_INVALID_ARGUMENT);          \
        assert_string_equal(client.last.message, CODE_RULE);           \
    } while (0)
    for (i = 0; i < sizeof bad_codes / sizeof bad_codes[0]; i++) {
        const char *code = bad_codes[i];
        REJECT(boooply_interviews_get_transcript(&client, code, &t));
        REJECT(boooply_interviews_get_evaluation(&client, code, &ev));
        REJECT(boooply_interviews_trigger_analysis(&client, code, &a));
        REJECT(boooply_interviews_reschedule(&client, code, &req, &iv));
        REJECT(boooply_interviews_cancel(&client, code, "reason", &iv));
        REJECT(boooply_interviews_cancel(&client, code, NULL, NULL));
        REJECT(boooply_interviews_delete(&client, code, &message));
        REJECT(boooply_interviews_add_participant(&client, code, one, 1, &list));
        REJECT(boooply_interviews_get_participants(&client, code, &list));
        REJECT(boooply_interviews_remove_participant(&client, code, "p1", &message));
        REJECT(boooply_interviews_get_recording(&client, code, &rec));
    }
#undef REJECT
    assert_int_equal(logged_count(), 0);
    assert_int_equal(client.last.reconnects, 0);
    /* The client still works. */
    assert_int_equal(boooply_interviews_get_transcript(&client, ACTIVE_AI, &t), BOOOPLY_OK);
    assert_int_equal(logged_count(), 1);
}

static void participant_id_rules(void **state) {
    static const char *const bad_ids[] = {NULL, "", ".", ".."};
    boooply_str_t message;
    size_t i;
    (void)state;
    for (i = 0; i < sizeof bad_ids / sizeof bad_ids[0]; i++) {
        assert_int_equal(boooply_interviews_remove_participant(&client, HUMAN, bad_ids[i], &message),
                         BOOOPLY_E_INVALID_ARGUMENT);
        assert_string_equal(client.last.message, "participant id must not be empty, \".\" or \"..\"");
    }
    assert_int_equal(logged_count(), 0);
    assert_int_equal(participant_count(HUMAN), 2);
}

static void calendar_rules_send_nothing(void **state) {
    static const char *const bad_emails[] = {NULL, "", "interviewer", "@example.com", "interviewer@",
                                             "a b@example.com", "a@b@example.com", "tab\t@example.com"};
    static const int32_t bad_days[] = {31, -1, INT32_MAX, INT32_MIN};
    static const int32_t bad_durations[] = {4, 1, -5, INT32_MIN};
    boooply_availability_params_t ap;
    boooply_availability_t av;
    boooply_busy_blocks_params_t bp;
    boooply_busy_blocks_t bb;
    size_t i;
    (void)state;
    for (i = 0; i < sizeof bad_emails / sizeof bad_emails[0]; i++) {
        memset(&ap, 0, sizeof ap);
        ap.email = bad_emails[i];
        assert_int_equal(boooply_interviews_get_availability(&client, &ap, &av), BOOOPLY_E_INVALID_ARGUMENT);
        assert_string_equal(client.last.message, "email is required and must be an e-mail address");
        memset(&bp, 0, sizeof bp);
        bp.email = bad_emails[i];
        assert_int_equal(boooply_interviews_get_busy_blocks(&client, &bp, &bb), BOOOPLY_E_INVALID_ARGUMENT);
        assert_string_equal(client.last.message, "email is required and must be an e-mail address");
    }

    for (i = 0; i < sizeof bad_days / sizeof bad_days[0]; i++) {
        memset(&ap, 0, sizeof ap);
        ap.email = "interviewer@example.com";
        ap.days = bad_days[i];
        assert_int_equal(boooply_interviews_get_availability(&client, &ap, &av), BOOOPLY_E_INVALID_ARGUMENT);
        assert_string_equal(client.last.message, "days must be between 1 and 30");
        memset(&bp, 0, sizeof bp);
        bp.email = "interviewer@example.com";
        bp.days = bad_days[i];
        assert_int_equal(boooply_interviews_get_busy_blocks(&client, &bp, &bb), BOOOPLY_E_INVALID_ARGUMENT);
        assert_string_equal(client.last.message, "days must be between 1 and 30");
    }

    for (i = 0; i < sizeof bad_durations / sizeof bad_durations[0]; i++) {
        memset(&ap, 0, sizeof ap);
        ap.email = "interviewer@example.com";
        ap.duration_minutes = bad_durations[i];
        assert_int_equal(boooply_interviews_get_availability(&client, &ap, &av), BOOOPLY_E_INVALID_ARGUMENT);
        assert_string_equal(client.last.message, "durationMinutes must be at least 5");
    }

    memset(&ap, 0, sizeof ap);
    ap.email = "interviewer@example.com";
    assert_int_equal(boooply_interviews_get_availability(&client, NULL, &av), BOOOPLY_E_INVALID_ARGUMENT);
    assert_string_equal(client.last.message, "params and out must not be NULL");
    assert_int_equal(boooply_interviews_get_availability(&client, &ap, NULL), BOOOPLY_E_INVALID_ARGUMENT);
    assert_string_equal(client.last.message, "params and out must not be NULL");

    bp.email = "interviewer@example.com";
    bp.days = 0;
    assert_int_equal(boooply_interviews_get_busy_blocks(&client, NULL, &bb), BOOOPLY_E_INVALID_ARGUMENT);
    assert_string_equal(client.last.message, "params and out must not be NULL");
    assert_int_equal(boooply_interviews_get_busy_blocks(&client, &bp, NULL), BOOOPLY_E_INVALID_ARGUMENT);
    assert_string_equal(client.last.message, "params and out must not be NULL");

    assert_int_equal(logged_count(), 0);
}

static void reschedule_rules_send_nothing(void **state) {
    static const char *const bad_dates[] = {
        NULL, "", "tomorrow", "2027-02-01", "2027-02-01 10:00:00Z", "2027-02-30T10:00:00Z",
        "2027-02-29T10:00:00Z", "2027-13-01T10:00:00Z", "2027-02-01T24:00:00Z", "2027-02-01T10:60:00Z",
        "2027-02-01T10:00:00+1", "2027-02-01T10:00:00Zjunk", "02/01/2027 10:00",
    };
    boooply_reschedule_t req;
    boooply_interview_t iv;
    char status[16];
    size_t i;
    (void)state;
    for (i = 0; i < sizeof bad_dates / sizeof bad_dates[0]; i++) {
        memset(&req, 0, sizeof req);
        req.scheduled_at = bad_dates[i];
        assert_int_equal(boooply_interviews_reschedule(&client, HUMAN, &req, &iv), BOOOPLY_E_INVALID_ARGUMENT);
        assert_string_equal(client.last.message,
                            "scheduledAt is required as an ISO 8601 date-time such as 2026-04-01T14:00:00Z");
    }

    memset(&req, 0, sizeof req);
    req.scheduled_at = "2027-02-01T10:00:00Z";
    req.duration_minutes = 4;
    assert_int_equal(boooply_interviews_reschedule(&client, HUMAN, &req, &iv), BOOOPLY_E_INVALID_ARGUMENT);
    assert_string_equal(client.last.message, "durationMinutes must be at least 5");
    req.duration_minutes = -30;
    assert_int_equal(boooply_interviews_reschedule(&client, HUMAN, &req, &iv), BOOOPLY_E_INVALID_ARGUMENT);
    assert_string_equal(client.last.message, "durationMinutes must be at least 5");

    req.duration_minutes = 0;
    req.reason = "bad \xff byte";
    assert_int_equal(boooply_interviews_reschedule(&client, HUMAN, &req, &iv), BOOOPLY_E_INVALID_ARGUMENT);
    assert_string_equal(client.last.message, "a string field is not valid UTF-8");
    assert_int_equal(boooply_interviews_reschedule(&client, HUMAN, NULL, &iv), BOOOPLY_E_INVALID_ARGUMENT);
    assert_string_equal(client.last.message, "req must not be NULL");
    assert_int_equal(boooply_interviews_cancel(&client, HUMAN, "bad \xc3 byte", &iv), BOOOPLY_E_INVALID_ARGUMENT);
    assert_string_equal(client.last.message, "a string field is not valid UTF-8");

    assert_int_equal(logged_count(), 0);
    assert_string_equal(status_of(HUMAN, status, sizeof status), "SCHEDULED");
}

static void add_participant_rules(void **state) {
    static const boooply_participant_input_t ok[] = {{"Jo", "jo@example.com", "PARTICIPANT"}};
    static const struct {
        boooply_participant_input_t person;
        const char *message;
    } cases[] = {
        {{"Jo", "jo@example.com", "BOSS"}, "participant role must be HOST, CO_HOST, INTERVIEWER, CANDIDATE or PARTICIPANT"},
        {{"Jo", "jo@example.com", "host"}, "participant role must be HOST, CO_HOST, INTERVIEWER, CANDIDATE or PARTICIPANT"},
        {{"Jo", "jo@example.com", NULL}, "participant role must be HOST, CO_HOST, INTERVIEWER, CANDIDATE or PARTICIPANT"},
        {{"Jo", "jo@example.com", ""}, "participant role must be HOST, CO_HOST, INTERVIEWER, CANDIDATE or PARTICIPANT"},
        {{NULL, "jo@example.com", "HOST"}, "every participant needs a name"},
        {{"", "jo@example.com", "HOST"}, "every participant needs a name"},
        {{"Jo", NULL, "HOST"}, "every participant needs a valid email"},
        {{"Jo", "jo.example.com", "HOST"}, "every participant needs a valid email"},
        {{"Jo", "jo @example.com", "HOST"}, "every participant needs a valid email"},
    };
    boooply_participant_input_t two[2];
    boooply_participant_list_t list;
    size_t i;
    (void)state;
    assert_int_equal(boooply_interviews_add_participant(&client, HUMAN, ok, 0, &list), BOOOPLY_E_INVALID_ARGUMENT);
    assert_string_equal(client.last.message, "participants must not be empty");
    assert_int_equal(boooply_interviews_add_participant(&client, HUMAN, NULL, 0, &list), BOOOPLY_E_INVALID_ARGUMENT);
    assert_string_equal(client.last.message, "participants must not be empty");
    assert_int_equal(boooply_interviews_add_participant(&client, HUMAN, NULL, 1, &list), BOOOPLY_E_INVALID_ARGUMENT);
    assert_string_equal(client.last.message, "participants is NULL but participant_count is not 0");
    assert_int_equal(boooply_interviews_add_participant(&client, HUMAN, ok, 1, NULL), BOOOPLY_E_INVALID_ARGUMENT);
    assert_string_equal(client.last.message, "out must not be NULL");

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        /* Alone, and after a valid participant. */
        assert_int_equal(boooply_interviews_add_participant(&client, HUMAN, &cases[i].person, 1, &list),
                         BOOOPLY_E_INVALID_ARGUMENT);
        assert_string_equal(client.last.message, cases[i].message);
        two[0] = ok[0];
        two[1] = cases[i].person;
        assert_int_equal(boooply_interviews_add_participant(&client, HUMAN, two, 2, &list),
                         BOOOPLY_E_INVALID_ARGUMENT);
        assert_string_equal(client.last.message, cases[i].message);
    }

    assert_int_equal(logged_count(), 0);
    assert_int_equal(participant_count(HUMAN), 2);
}

static void job_description_rules(void **state) {
    static const char *const with_null[] = {"Go", NULL};
    boooply_job_description_request_t req;
    boooply_str_t text;
    (void)state;
#define REJECT(setup, expected)                                                                       \
    do {                                                                                              \
        memset(&req, 0, sizeof req);                                                                  \
        req.job_role = "Backend Engineer";                                                            \
        setup;                                                                                        \
        assert_int_equal(boooply_ai_generate_job_description(&client, &req, &text), BOOOPLY_E_INVALID_ARGUMENT); \
        assert_string_equal(client.last.message, expected);                                           \
        assert_absent(text);                                                                          \
    } while (0)
    REJECT(req.job_role = NULL, "jobRole is required");
    REJECT(req.job_role = "", "jobRole is required");
    REJECT(req.seniority = "senior", "seniority must be JUNIOR, MID, SENIOR, LEAD or PRINCIPAL");
    REJECT(req.seniority = "STAFF", "seniority must be JUNIOR, MID, SENIOR, LEAD or PRINCIPAL");
    REJECT(req.work_setup = "OFFICE", "workSetup must be REMOTE, ONSITE or HYBRID");
    REJECT(req.employment_type = "INTERN", "employmentType must be FULL_TIME, PART_TIME or CONTRACT");
    REJECT((req.skills = with_null, req.skill_count = 2), "skills has a NULL entry");
    REJECT((req.skills = NULL, req.skill_count = 1), "skills has a NULL entry");
    REJECT(req.department = "bad \xff byte", "a string field is not valid UTF-8");
#undef REJECT
    memset(&req, 0, sizeof req);
    req.job_role = "Backend Engineer";
    assert_int_equal(boooply_ai_generate_job_description(&client, NULL, &text), BOOOPLY_E_INVALID_ARGUMENT);
    assert_string_equal(client.last.message, "req and description must not be NULL");
    assert_int_equal(boooply_ai_generate_job_description(&client, &req, NULL), BOOOPLY_E_INVALID_ARGUMENT);
    assert_string_equal(client.last.message, "req and description must not be NULL");
    assert_int_equal(logged_count(), 0);
}

static void api_key_rules(void **state) {
    static const boooply_team_member_t no_email[] = {{NULL, "Dana", "ADMIN"}};
    static const boooply_team_member_t bad_email[] = {{"dana", "Dana", "ADMIN"}};
    static unsigned char buf[4096];
    static boooply_token_t toks[128];
    boooply_posix_t port;
    boooply_client_t platform;
    boooply_create_api_key_t req;
    boooply_api_key_t key;
    (void)state;
    init_client(&platform, &port, buf, sizeof buf, toks, 128, PLATFORM_KEY);
#define REJECT(setup, expected)                                                                         \
    do {                                                                                                \
        memset(&req, 0, sizeof req);                                                                    \
        req.user_id = "user_42";                                                                        \
        req.user_email = "owner@acme.example";                                                          \
        req.organization_id = "org_7f3c2a91";                                                           \
        setup;                                                                                          \
        assert_int_equal(boooply_create_organization_api_key(&platform, &req, &key), BOOOPLY_E_INVALID_ARGUMENT); \
        assert_string_equal(platform.last.message, expected);                                           \
        assert_absent(key.api_key);                                                                     \
    } while (0)
    REJECT(req.user_id = NULL, "userId is required");
    REJECT(req.user_id = "", "userId is required");
    REJECT(req.user_email = NULL, "userEmail is required and must be an e-mail address");
    REJECT(req.user_email = "", "userEmail is required and must be an e-mail address");
    REJECT(req.user_email = "owner", "userEmail is required and must be an e-mail address");
    REJECT(req.organization_id = NULL, "organizationId is required");
    REJECT(req.organization_id = "", "organizationId is required");
    REJECT(req.team_member_count = 1, "team_members is NULL but team_member_count is not 0");
    REJECT((req.team_members = no_email, req.team_member_count = 1), "every team member needs a valid email");
    REJECT((req.team_members = bad_email, req.team_member_count = 1), "every team member needs a valid email");
    REJECT(req.user_name = "bad \xff byte", "a string field is not valid UTF-8");
#undef REJECT
    assert_int_equal(boooply_create_organization_api_key(&platform, NULL, &key), BOOOPLY_E_INVALID_ARGUMENT);
    assert_string_equal(platform.last.message, "req and out must not be NULL");
    assert_int_equal(boooply_create_organization_api_key(&platform, &req, NULL), BOOOPLY_E_INVALID_ARGUMENT);
    assert_string_equal(platform.last.message, "req and out must not be NULL");
    assert_int_equal(logged_count(), 0);
    assert_int_equal(platform.last.reconnects, 0);
    boooply_close(&platform);
}

static void null_out_rules(void **state) {
    (void)state;
    assert_int_equal(boooply_interviews_get_transcript(&client, LONG_AI, NULL), BOOOPLY_E_INVALID_ARGUMENT);
    assert_string_equal(client.last.message, "out must not be NULL");
    assert_int_equal(boooply_interviews_get_evaluation(&client, LONG_AI, NULL), BOOOPLY_E_INVALID_ARGUMENT);
    assert_string_equal(client.last.message, "out must not be NULL");
    assert_int_equal(boooply_interviews_trigger_analysis(&client, LONG_AI, NULL), BOOOPLY_E_INVALID_ARGUMENT);
    assert_string_equal(client.last.message, "out must not be NULL");
    assert_int_equal(boooply_interviews_get_participants(&client, HUMAN, NULL), BOOOPLY_E_INVALID_ARGUMENT);
    assert_string_equal(client.last.message, "out must not be NULL");
    assert_int_equal(boooply_interviews_get_recording(&client, LONG_AI, NULL), BOOOPLY_E_INVALID_ARGUMENT);
    assert_string_equal(client.last.message, "out must not be NULL");
    assert_int_equal(boooply_organization_get(&client, NULL), BOOOPLY_E_INVALID_ARGUMENT);
    assert_string_equal(client.last.message, "out must not be NULL");
    assert_int_equal(logged_count(), 0);
}

/* ------------------------------------------------- error statuses: 4xx, 5xx */

/* The server rejects cancel and reschedule for COMPLETED, ACTIVE and
 * CANCELLED interviews, and analysis for any but COMPLETED. */
static void invalid_state_gives_400(void **state) {
    static const struct {
        const char *code;
        const char *status;
    } cases[] = {{LONG_AI, "COMPLETED"}, {ACTIVE_AI, "ACTIVE"}, {CANCELLED_HU, "CANCELLED"}};
    boooply_reschedule_t req = {0};
    boooply_interview_t iv;
    boooply_analysis_t a;
    char expected[96], status[16];
    size_t i;
    (void)state;
    req.scheduled_at = "2027-02-01T10:00:00Z";
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(boooply_interviews_cancel(&client, cases[i].code, "No longer needed", &iv),
                         BOOOPLY_E_HTTP_STATUS);
        snprintf(expected, sizeof expected, "Cannot cancel an interview that is %s", cases[i].status);
        assert_api_error(&client, 400, "INVALID_STATE", expected);
        assert_absent(iv.meeting_code);

        assert_int_equal(boooply_interviews_reschedule(&client, cases[i].code, &req, &iv), BOOOPLY_E_HTTP_STATUS);
        snprintf(expected, sizeof expected, "Cannot reschedule an interview that is %s", cases[i].status);
        assert_api_error(&client, 400, "INVALID_STATE", expected);
        /* The status stays, and the connection was kept. */
        assert_string_equal(status_of(cases[i].code, status, sizeof status), cases[i].status);
        assert_int_equal(client.last.reconnects, 0);
    }

    assert_int_equal(boooply_interviews_trigger_analysis(&client, HUMAN, &a), BOOOPLY_E_HTTP_STATUS);
    assert_api_error(&client, 400, "INVALID_STATE", "Only COMPLETED interviews can be analyzed, but " HUMAN " is SCHEDULED");
    assert_int_equal(a.queued, 0);
    assert_absent(a.job_id);

    assert_int_equal(boooply_interviews_cancel(&client, HUMAN, NULL, &iv), BOOOPLY_OK);
    assert_view(iv.session_status, "CANCELLED");
}

static void wrong_key_gives_401(void **state) {
    static unsigned char buf[4096];
    static boooply_token_t toks[256];
    boooply_posix_t port;
    boooply_client_t c;
    boooply_transcript_t t;
    char status[16];
    (void)state;
    init_client(&c, &port, buf, sizeof buf, toks, 256, "bply_org_wrong_key");
    assert_int_equal(boooply_interviews_get_transcript(&c, ACTIVE_AI, &t), BOOOPLY_E_HTTP_STATUS);
    expect_bytes(1, "bply_org_wrong_key", "GET " PATH ACTIVE_AI "/transcript HTTP/1.1", "", "");
    assert_api_error(&c, 401, "INVALID_API_KEY", "Invalid or expired API key");
    assert_null(strstr(c.last.message, "wrong_key"));
    assert_int_equal(boooply_interviews_cancel(&c, HUMAN, NULL, NULL), BOOOPLY_E_HTTP_STATUS);
    assert_api_error(&c, 401, "INVALID_API_KEY", "Invalid or expired API key");
    assert_int_equal(c.last.reconnects, 0);
    boooply_close(&c);
    assert_string_equal(status_of(HUMAN, status, sizeof status), "SCHEDULED");

    /* The same client configured with the right key succeeds. */
    init_client(&c, &port, buf, sizeof buf, toks, 256, KEY);
    assert_int_equal(boooply_interviews_get_transcript(&c, ACTIVE_AI, &t), BOOOPLY_OK);
    boooply_close(&c);
}

static void org_key_on_api_key_gives_403(void **state) {
    boooply_create_api_key_t req = {0};
    boooply_api_key_t key;
    boooply_organization_t org;
    (void)state;
    req.user_id = "user_42";
    req.user_email = "owner@acme.example";
    req.organization_id = "org_7f3c2a91";
    assert_int_equal(boooply_create_organization_api_key(&client, &req, &key), BOOOPLY_E_HTTP_STATUS);
    expect_json(1, "POST /api/server-auth/create-api-key HTTP/1.1",
                "{\"userId\":\"user_42\",\"userEmail\":\"owner@acme.example\",\"organizationId\":\"org_7f3c2a91\"}");
    assert_api_error(&client, 403, "FORBIDDEN", "This endpoint requires a platform API key, not an organization key");
    assert_absent(key.api_key);
    assert_int_equal(boooply_organization_get(&client, &org), BOOOPLY_OK);
    assert_view(org.id, "org_7f3c2a91");
    assert_int_equal(client.last.reconnects, 0);
}

static void platform_key_gives_403(void **state) {
    static unsigned char buf[4096];
    static boooply_token_t toks[256];
    boooply_posix_t port;
    boooply_client_t platform;
    boooply_organization_t org;
    boooply_transcript_t t;
    boooply_create_api_key_t req = {0};
    boooply_api_key_t key;
    (void)state;
    init_client(&platform, &port, buf, sizeof buf, toks, 256, PLATFORM_KEY);
    assert_int_equal(boooply_organization_get(&platform, &org), BOOOPLY_E_HTTP_STATUS);
    expect_bytes(1, PLATFORM_KEY, "GET /api/integration/organization HTTP/1.1", "", "");
    assert_api_error(&platform, 403, "FORBIDDEN", "This endpoint requires an organization API key, not a platform key");
    assert_absent(org.id);
    assert_int_equal(boooply_interviews_get_transcript(&platform, ACTIVE_AI, &t), BOOOPLY_E_HTTP_STATUS);
    assert_api_error(&platform, 403, "FORBIDDEN", "This endpoint requires an organization API key, not a platform key");

    req.user_id = "user_42";
    req.user_email = "owner@acme.example";
    req.organization_id = "org_7f3c2a91";
    assert_int_equal(boooply_create_organization_api_key(&platform, &req, &key), BOOOPLY_OK);
    assert_int_equal(platform.last.http_status, 201);
    assert_int_equal(platform.last.reconnects, 0);
    boooply_close(&platform);
}

static void not_found_gives_404(void **state) {
    static const boooply_participant_input_t one[] = {{"Jo", "jo@example.com", "PARTICIPANT"}};
    static const char error[] = "Interview not found: " UNKNOWN;
    boooply_transcript_t t;
    boooply_evaluation_t ev;
    boooply_analysis_t a;
    boooply_reschedule_t req = {0};
    boooply_interview_t iv;
    boooply_str_t message;
    boooply_participant_list_t list;
    boooply_recording_t rec;
    (void)state;
    req.scheduled_at = "2027-02-01T10:00:00Z";
#define NOT_FOUND(call)                                              \
    do {                                                             \
        assert_int_equal((call), BOOOPLY_E_HTTP_STATUS);             \
        assert_api_error(&client, 404, "NOT_FOUND", error);          \
    } while (0)
    NOT_FOUND(boooply_interviews_get_transcript(&client, UNKNOWN, &t));
    NOT_FOUND(boooply_interviews_get_evaluation(&client, UNKNOWN, &ev));
    NOT_FOUND(boooply_interviews_trigger_analysis(&client, UNKNOWN, &a));
    NOT_FOUND(boooply_interviews_reschedule(&client, UNKNOWN, &req, &iv));
    NOT_FOUND(boooply_interviews_cancel(&client, UNKNOWN, NULL, &iv));
    NOT_FOUND(boooply_interviews_delete(&client, UNKNOWN, &message));
    NOT_FOUND(boooply_interviews_add_participant(&client, UNKNOWN, one, 1, &list));
    NOT_FOUND(boooply_interviews_get_participants(&client, UNKNOWN, &list));
    NOT_FOUND(boooply_interviews_remove_participant(&client, UNKNOWN, "p1", &message));
    NOT_FOUND(boooply_interviews_get_recording(&client, UNKNOWN, &rec));
#undef NOT_FOUND
    assert_int_equal(logged_count(), 10);

    /* An unknown participant of a known interview. */
    assert_int_equal(boooply_interviews_remove_participant(&client, HUMAN, "00000000-0000-4000-8000-000000000000",
                                                           &message),
                     BOOOPLY_E_HTTP_STATUS);
    assert_api_error(&client, 404, "NOT_FOUND", "Participant not found: 00000000-0000-4000-8000-000000000000");
    assert_int_equal(client.last.reconnects, 0);
    assert_int_equal(participant_count(HUMAN), 2);
}

static void duplicate_participant_gives_409(void **state) {
    static const boooply_participant_input_t jane[] = {{"Jane Doe", "jane@example.com", "CANDIDATE"}};
    static const boooply_participant_input_t upper[] = {{"Jane Doe", "JANE@example.com", "PARTICIPANT"}};
    static const boooply_participant_input_t chen[] = {{"Chen Wei", "chen.wei@example.com", "INTERVIEWER"}};
    boooply_participant_list_t list;
    boooply_participant_t p;
    (void)state;
    assert_int_equal(boooply_interviews_add_participant(&client, HUMAN, jane, 1, &list), BOOOPLY_E_HTTP_STATUS);
    assert_api_error(&client, 409, "CONFLICT", "jane@example.com is already a participant of " HUMAN);
    assert_int_equal(boooply_participant_next(&list.participants, &p), 0);
    assert_int_equal(boooply_interviews_add_participant(&client, HUMAN, upper, 1, &list), BOOOPLY_E_HTTP_STATUS);
    assert_api_error(&client, 409, "CONFLICT", "JANE@example.com is already a participant of " HUMAN);

    /* Adding the same new participant twice. */
    assert_int_equal(boooply_interviews_add_participant(&client, HUMAN, chen, 1, &list), BOOOPLY_OK);
    assert_int_equal(list.total, 3);
    assert_int_equal(boooply_interviews_add_participant(&client, HUMAN, chen, 1, &list), BOOOPLY_E_HTTP_STATUS);
    assert_api_error(&client, 409, "CONFLICT", "chen.wei@example.com is already a participant of " HUMAN);
    assert_int_equal(client.last.reconnects, 0);
    assert_int_equal(participant_count(HUMAN), 3);
}

/* Covers rules that the simulator checks and the library leaves to the
 * server. They reject an address without a dot in its domain, one address
 * twice in a request, a duration over a day, text of only spaces, an empty
 * reason and a leap second. */
static void server_rule_gives_422(void **state) {
    static const boooply_participant_input_t local[] = {{"Jo", "jo@localhost", "PARTICIPANT"}};
    static const boooply_participant_input_t twice[] = {
        {"Jo", "dup@example.com", "PARTICIPANT"},
        {"Jo again", "DUP@example.com", "PARTICIPANT"},
    };
    static unsigned char buf[4096];
    static boooply_token_t toks[128];
    boooply_posix_t port;
    boooply_client_t platform;
    boooply_participant_list_t list;
    boooply_availability_params_t params = {0};
    boooply_availability_t av;
    boooply_job_description_request_t jd = {0};
    boooply_create_api_key_t key_req = {0};
    boooply_api_key_t key;
    boooply_reschedule_t req = {0};
    boooply_interview_t iv;
    boooply_str_t text;
    char status[16];
    (void)state;
    assert_int_equal(boooply_interviews_add_participant(&client, HUMAN, local, 1, &list), BOOOPLY_E_HTTP_STATUS);
    assert_api_error(&client, 422, "VALIDATION_ERROR", "participants[0].email must be an e-mail address");
    assert_int_equal(boooply_interviews_add_participant(&client, HUMAN, twice, 2, &list), BOOOPLY_E_HTTP_STATUS);
    assert_api_error(&client, 422, "VALIDATION_ERROR", "participants[1].email DUP@example.com appears twice");

    params.email = "interviewer@example.com";
    params.duration_minutes = 24 * 60 + 1;
    assert_int_equal(boooply_interviews_get_availability(&client, &params, &av), BOOOPLY_E_HTTP_STATUS);
    expect_no_body(3, "GET /api/integration/availability?email=interviewer%40example.com&duration=1441 HTTP/1.1");
    assert_api_error(&client, 422, "VALIDATION_ERROR", "duration must be an integer from 5 to 1440");

    jd.job_role = "   ";
    assert_int_equal(boooply_ai_generate_job_description(&client, &jd, &text), BOOOPLY_E_HTTP_STATUS);
    assert_api_error(&client, 422, "VALIDATION_ERROR", "jobRole must not be empty");
    assert_absent(text);

    req.scheduled_at = "2027-02-01T10:00:00Z";
    req.reason = "";
    assert_int_equal(boooply_interviews_reschedule(&client, HUMAN, &req, &iv), BOOOPLY_E_HTTP_STATUS);
    expect_json(5, "PATCH " PATH HUMAN "/reschedule HTTP/1.1", "{\"scheduledAt\":\"2027-02-01T10:00:00Z\",\"reason\":\"\"}");
    assert_api_error(&client, 422, "VALIDATION_ERROR", "reason must not be empty");
    assert_int_equal(boooply_interviews_cancel(&client, HUMAN, " ", &iv), BOOOPLY_E_HTTP_STATUS);
    assert_api_error(&client, 422, "VALIDATION_ERROR", "reason must not be empty");
    /* A leap second is rejected before sending, as the server's date
     * parser would reject it. */
    req.scheduled_at = "2027-02-01T10:00:60Z";
    req.reason = NULL;
    assert_int_equal(boooply_interviews_reschedule(&client, HUMAN, &req, &iv), BOOOPLY_E_INVALID_ARGUMENT);
    assert_int_equal(client.last.http_status, 0);

    init_client(&platform, &port, buf, sizeof buf, toks, 128, PLATFORM_KEY);
    key_req.user_id = "user_42";
    key_req.user_email = "owner@localhost";
    key_req.organization_id = "org_7f3c2a91";
    assert_int_equal(boooply_create_organization_api_key(&platform, &key_req, &key), BOOOPLY_E_HTTP_STATUS);
    assert_api_error(&platform, 422, "VALIDATION_ERROR", "userEmail must be an e-mail address");
    boooply_close(&platform);

    /* Nothing changed, and the client goes on. */
    assert_int_equal(participant_count(HUMAN), 2);
    assert_string_equal(status_of(HUMAN, status, sizeof status), "SCHEDULED");
    assert_int_equal(client.last.reconnects, 0);
}

static void write_limit_gives_429(void **state) {
    boooply_analysis_t a;
    char status[16];
    long long now;
    (void)state;
    sim_control("/__sim/config", "{\"rate_limit_write\":2}");
    assert_int_equal(boooply_interviews_trigger_analysis(&client, LONG_AI, &a), BOOOPLY_OK);
    assert_int_equal(client.last.rate_limit, 2);
    assert_int_equal(client.last.rate_remaining, 1);
    assert_int_equal(client.last.retry_after, -1);
    assert_int_equal(boooply_interviews_trigger_analysis(&client, LONG_AI, &a), BOOOPLY_OK);
    assert_int_equal(client.last.rate_remaining, 0);

    now = (long long)time(NULL);
    assert_int_equal(boooply_interviews_trigger_analysis(&client, LONG_AI, &a), BOOOPLY_E_HTTP_STATUS);
    assert_api_error(&client, 429, "RATE_LIMITED", "Rate limit exceeded");
    assert_int_equal(client.last.rate_limit, 2);
    assert_int_equal(client.last.rate_remaining, 0);
    assert_true(client.last.rate_reset >= now);
    assert_true(client.last.rate_reset <= now + 61);
    assert_true(client.last.retry_after >= 1);
    assert_true(client.last.retry_after <= 60);
    assert_int_equal(a.queued, 0);

    /* Every write must wait, but reads have their own limit. */
    assert_int_equal(boooply_interviews_cancel(&client, HUMAN, NULL, NULL), BOOOPLY_E_HTTP_STATUS);
    assert_int_equal(client.last.http_status, 429);
    assert_true(client.last.retry_after >= 1);
    assert_string_equal(status_of(HUMAN, status, sizeof status), "SCHEDULED");
    assert_int_equal(client.last.rate_limit, 100);
    assert_int_equal(client.last.retry_after, -1);
    assert_int_equal(client.last.reconnects, 0);
    assert_int_equal(logged_count(), 5);
}

static void ai_limit_gives_429(void **state) {
    boooply_job_description_request_t req = {0};
    boooply_analysis_t a;
    boooply_str_t text;
    (void)state;
    sim_control("/__sim/config", "{\"rate_limit_ai\":1}");
    req.job_role = "QA Engineer";
    assert_int_equal(boooply_ai_generate_job_description(&client, &req, &text), BOOOPLY_OK);
    assert_int_equal(client.last.rate_limit, 1);
    assert_int_equal(client.last.rate_remaining, 0);
    assert_int_equal(boooply_ai_generate_job_description(&client, &req, &text), BOOOPLY_E_HTTP_STATUS);
    assert_api_error(&client, 429, "RATE_LIMITED", "Rate limit exceeded");
    assert_true(client.last.retry_after >= 1);
    assert_true(client.last.retry_after <= 60);
    assert_true(client.last.rate_reset > 0);
    assert_absent(text);
    /* Other writes count against their own limit. */
    assert_int_equal(boooply_interviews_trigger_analysis(&client, LONG_AI, &a), BOOOPLY_OK);
    assert_int_equal(client.last.rate_limit, 10);
    assert_view(a.job_id, "135");
}

static void server_error_gives_500(void **state) {
    static const boooply_participant_input_t one[] = {{"Jo", "jo@example.com", "PARTICIPANT"}};
    static const char code[] = "sim-error-500";
    boooply_transcript_t t;
    boooply_evaluation_t ev;
    boooply_analysis_t a;
    boooply_reschedule_t req = {0};
    boooply_interview_t iv;
    boooply_str_t message;
    boooply_participant_list_t list;
    boooply_recording_t rec;
    (void)state;
    req.scheduled_at = "2027-02-01T10:00:00Z";
#define SERVER_ERROR(call)                                                         \
    do {                                                                           \
        assert_int_equal((call), BOOOPLY_E_HTTP_STATUS);                           \
        assert_api_error(&client, 500, "INTERNAL_ERROR", "Internal server error"); \
    } while (0)
    SERVER_ERROR(boooply_interviews_get_transcript(&client, code, &t));
    SERVER_ERROR(boooply_interviews_get_evaluation(&client, code, &ev));
    SERVER_ERROR(boooply_interviews_trigger_analysis(&client, code, &a));
    SERVER_ERROR(boooply_interviews_reschedule(&client, code, &req, &iv));
    SERVER_ERROR(boooply_interviews_cancel(&client, code, "reason", &iv));
    SERVER_ERROR(boooply_interviews_delete(&client, code, &message));
    SERVER_ERROR(boooply_interviews_add_participant(&client, code, one, 1, &list));
    SERVER_ERROR(boooply_interviews_get_participants(&client, code, &list));
    SERVER_ERROR(boooply_interviews_remove_participant(&client, code, "p1", &message));
    SERVER_ERROR(boooply_interviews_get_recording(&client, code, &rec));
#undef SERVER_ERROR
    assert_int_equal(client.last.reconnects, 0);
    assert_int_equal(boooply_interviews_get_recording(&client, LONG_AI, &rec), BOOOPLY_OK);
    assert_int_equal(rec.available, 1);
}

#define CALL_TEST(name) cmocka_unit_test_setup_teardown(name, reset, finish)

int main(void) {
    const struct CMUnitTest tests[] = {
        CALL_TEST(transcript_long_entries),
        CALL_TEST(transcript_large_body),
        CALL_TEST(transcript_short_and_empty),
        CALL_TEST(evaluation_full),
        CALL_TEST(evaluation_null),
        CALL_TEST(evaluation_extra_values),
        CALL_TEST(analysis_queues_job),
        CALL_TEST(reschedule_bytes_and_state),
        CALL_TEST(reschedule_minimal),
        CALL_TEST(cancel_with_reason),
        CALL_TEST(cancel_without_reason),
        CALL_TEST(delete_then_get_404),
        CALL_TEST(participants_seeded_fields),
        CALL_TEST(add_participant_bytes),
        CALL_TEST(add_remove_counts),
        CALL_TEST(participant_id_encoded),
        CALL_TEST(code_encoded_everywhere),
        CALL_TEST(recording_fields),
        CALL_TEST(recording_null),
        CALL_TEST(availability_connected),
        CALL_TEST(availability_defaults),
        CALL_TEST(availability_many_slots),
        CALL_TEST(availability_no_calendar),
        CALL_TEST(busy_blocks_connected),
        CALL_TEST(busy_blocks_no_calendar),
        CALL_TEST(organization_fields),
        CALL_TEST(job_description_bytes),
        CALL_TEST(job_description_minimal),
        CALL_TEST(api_key_bytes),
        CALL_TEST(join_link_cases),
        CALL_TEST(join_link_from_interview),
        CALL_TEST(iso8601_known_values),
        CALL_TEST(iso8601_short_buffer),
        CALL_TEST(iso8601_matches_gmtime),
        CALL_TEST(iso8601_passes_create_check),
        CALL_TEST(iso8601_round_trip_server),
        CALL_TEST(code_rules_send_nothing),
        CALL_TEST(participant_id_rules),
        CALL_TEST(calendar_rules_send_nothing),
        CALL_TEST(reschedule_rules_send_nothing),
        CALL_TEST(add_participant_rules),
        CALL_TEST(job_description_rules),
        CALL_TEST(api_key_rules),
        CALL_TEST(null_out_rules),
        CALL_TEST(invalid_state_gives_400),
        CALL_TEST(wrong_key_gives_401),
        CALL_TEST(org_key_on_api_key_gives_403),
        CALL_TEST(platform_key_gives_403),
        CALL_TEST(not_found_gives_404),
        CALL_TEST(duplicate_participant_gives_409),
        CALL_TEST(server_rule_gives_422),
        CALL_TEST(write_limit_gives_429),
        CALL_TEST(ai_limit_gives_429),
        CALL_TEST(server_error_gives_500),
    };
    return cmocka_run_group_tests(tests, start_simulator, stop_simulator);
}
