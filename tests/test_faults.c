/* Fault injection: every public call over the scripted port of
 * script_port.h, with port operations failing one at a time, and with the
 * script's delivery modes (splits, "nothing yet", short writes, closes,
 * resets and stalls at every step).
 *
 * A fault layer between the client and the script counts the port
 * operations of a call (connect, send, recv, close and each clock read)
 * and makes the Nth one fail. A failing connect is refused, send fails,
 * recv reports a reset, close leaves the connection open, and the clock
 * jumps past the deadline. For every N the call must either succeed with
 * exactly the result of a run without faults, or fail with the error that
 * names the fault. Then the next call on the same client must succeed.
 *
 * The client's buffer, its token array and the boooply_read_body()
 * destination end at an inaccessible page, so a write past any of them
 * faults.
 */
#include "test_util.h"
#include "script_port.h"
#include "test_checks.h"

#define BUFFER_SIZE 4096
#define TOKEN_COUNT 256
#define PIECE_SIZE 64
#define TIMEOUT_MS 3000u
#define RESPONSE_MAX 1024
#define BODY_MAX 2048
#define LABEL_SIZE 200

#define EXPECT_ERR(label, actual, expected)                                                 \
    do {                                                                                    \
        boooply_err_t actual_ = (actual), expected_ = (expected);                           \
        if (actual_ != expected_) {                                                         \
            print_error("%s: %s is %s, expected %s (%s)\n", (label), #actual,               \
                        boooply_strerror(actual_), boooply_strerror(expected_),             \
                        client.last.message);                                               \
            fail();                                                                         \
        }                                                                                   \
    } while (0)

/* --------------------------------------------------------------------
 * The fault layer
 * -------------------------------------------------------------------- */

typedef enum op_kind { OP_CONNECT, OP_SEND, OP_RECV, OP_CLOSE, OP_CLOCK, OP_KINDS } op_kind_t;

static const char *const op_names[OP_KINDS] = {"connect", "send", "recv", "close", "clock read"};

typedef struct faults {
    script_port_t script;
    int counting;          /* operations are counted only during the call under test */
    unsigned ops;          /* port operations counted so far */
    unsigned fail_at;      /* 1-based operation that fails; 0: none */
    int failed;            /* the fault was injected */
    op_kind_t failed_kind;
    uint32_t clock_offset; /* added to the script's clock once a clock read failed */
    unsigned sleeps;
} faults_t;

static faults_t faults;

/* Counts one operation; returns whether it is the one that fails. */
static int fault_due(op_kind_t kind) {
    if (!faults.counting) return 0;
    faults.ops++;
    if (faults.ops != faults.fail_at) return 0;
    faults.failed = 1;
    faults.failed_kind = kind;
    return 1;
}

static int fault_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms) {
    if (fault_due(OP_CONNECT)) return BOOOPLY_PORT_REFUSED;
    return script__connect(ctx, host, port, timeout_ms);
}

static long fault_send(void *ctx, const void *data, size_t len, uint32_t timeout_ms) {
    if (fault_due(OP_SEND)) return BOOOPLY_PORT_ERROR;
    return script__send(ctx, data, len, timeout_ms);
}

static long fault_recv(void *ctx, void *data, size_t len, uint32_t timeout_ms) {
    if (fault_due(OP_RECV)) return BOOOPLY_PORT_RESET;
    return script__recv(ctx, data, len, timeout_ms);
}

/* A failed close leaves the connection open; the next connect replaces it. */
static void fault_close(void *ctx) {
    if (fault_due(OP_CLOSE)) return;
    script__close(ctx);
}

static uint32_t fault_now(void *ctx) {
    if (fault_due(OP_CLOCK)) faults.clock_offset += TIMEOUT_MS + 1;
    return script__now(ctx) + faults.clock_offset;
}

static void fault_sleep(void *ctx, uint32_t ms) {
    ((script_port_t *)ctx)->clock_ms += ms;
    faults.sleeps++;
}

/* --------------------------------------------------------------------
 * The calls
 * -------------------------------------------------------------------- */

/* What a call gives back; the union is zeroed before each call, so two
 * results compare byte for byte. */
typedef union result {
    boooply_interview_t interview;
    boooply_interview_list_t list;
    boooply_transcript_t transcript;
    boooply_evaluation_t evaluation;
    boooply_analysis_t analysis;
    boooply_participant_list_t participants;
    boooply_recording_t recording;
    boooply_availability_t availability;
    boooply_busy_blocks_t busy;
    boooply_organization_t organization;
    boooply_api_key_t api_key;
    boooply_str_t text;
    struct {
        char bytes[BODY_MAX];
        size_t len;
    } body; /* the streamed body */
} result_t;

typedef boooply_err_t (*call_fn)(boooply_client_t *c, result_t *out);

typedef struct call {
    const char *name;
    int writes;        /* POST or PATCH: never sent twice */
    const char *body;  /* a typical response body */
    call_fn run;
} call_t;

static char *piece; /* boooply_read_body destination, PIECE_SIZE bytes before a guard page */

static const char INTERVIEW[] =
    "{\"success\":true,\"meeting\":{\"meetingCode\":\"AB-123\",\"id\":42,"
    "\"url\":\"https://meet.example.com/j/AB-123\",\"meetingType\":\"AI_ONLY\","
    "\"sessionStatus\":\"SCHEDULED\",\"isTeamMeeting\":false,\"durationMinutes\":30,"
    "\"participants\":[{\"name\":\"Jane Doe\",\"email\":\"jane@example.com\","
    "\"role\":\"CANDIDATE\",\"joinToken\":\"t0k\"}]}}";

static boooply_err_t run_create(boooply_client_t *c, result_t *out) {
    boooply_create_interview_t req;
    memset(&req, 0, sizeof req);
    req.type = BOOOPLY_INTERVIEW_AI;
    req.job_role = "Backend Engineer";
    req.candidate.name = "Jane Doe";
    req.candidate.email = "jane@example.com";
    return boooply_interviews_create(c, &req, &out->interview);
}

static boooply_err_t run_get(boooply_client_t *c, result_t *out) {
    return boooply_interviews_get(c, "AB-123", &out->interview);
}

static boooply_err_t run_list(boooply_client_t *c, result_t *out) {
    boooply_list_interviews_t params;
    memset(&params, 0, sizeof params);
    params.status = "SCHEDULED,ACTIVE";
    params.limit = 2;
    return boooply_interviews_list(c, &params, &out->list);
}

static boooply_err_t run_transcript(boooply_client_t *c, result_t *out) {
    return boooply_interviews_get_transcript(c, "AB-123", &out->transcript);
}

static boooply_err_t run_evaluation(boooply_client_t *c, result_t *out) {
    return boooply_interviews_get_evaluation(c, "AB-123", &out->evaluation);
}

static boooply_err_t run_analysis(boooply_client_t *c, result_t *out) {
    return boooply_interviews_trigger_analysis(c, "AB-123", &out->analysis);
}

static boooply_err_t run_reschedule(boooply_client_t *c, result_t *out) {
    boooply_reschedule_t req;
    memset(&req, 0, sizeof req);
    req.scheduled_at = "2026-04-01T14:00:00Z";
    req.duration_minutes = 45;
    req.reason = "moved";
    return boooply_interviews_reschedule(c, "AB-123", &req, &out->interview);
}

static boooply_err_t run_cancel(boooply_client_t *c, result_t *out) {
    return boooply_interviews_cancel(c, "AB-123", "no longer needed", &out->interview);
}

static boooply_err_t run_delete(boooply_client_t *c, result_t *out) {
    return boooply_interviews_delete(c, "AB-123", &out->text);
}

static const boooply_participant_input_t ann = {"Ann Lee", "ann@example.com", "INTERVIEWER"};

static boooply_err_t run_add_participant(boooply_client_t *c, result_t *out) {
    return boooply_interviews_add_participant(c, "AB-123", &ann, 1, &out->participants);
}

static boooply_err_t run_get_participants(boooply_client_t *c, result_t *out) {
    return boooply_interviews_get_participants(c, "AB-123", &out->participants);
}

static boooply_err_t run_remove_participant(boooply_client_t *c, result_t *out) {
    return boooply_interviews_remove_participant(c, "AB-123", "p-1", &out->text);
}

static boooply_err_t run_recording(boooply_client_t *c, result_t *out) {
    return boooply_interviews_get_recording(c, "AB-123", &out->recording);
}

static boooply_err_t run_availability(boooply_client_t *c, result_t *out) {
    boooply_availability_params_t params;
    memset(&params, 0, sizeof params);
    params.email = "ann@example.com";
    params.duration_minutes = 30;
    params.days = 7;
    return boooply_interviews_get_availability(c, &params, &out->availability);
}

static boooply_err_t run_busy_blocks(boooply_client_t *c, result_t *out) {
    boooply_busy_blocks_params_t params;
    memset(&params, 0, sizeof params);
    params.email = "ann@example.com";
    params.days = 7;
    return boooply_interviews_get_busy_blocks(c, &params, &out->busy);
}

static boooply_err_t run_organization(boooply_client_t *c, result_t *out) {
    return boooply_organization_get(c, &out->organization);
}

static boooply_err_t run_job_description(boooply_client_t *c, result_t *out) {
    static const char *const skills[] = {"Go", "PostgreSQL"};
    boooply_job_description_request_t req;
    memset(&req, 0, sizeof req);
    req.job_role = "Backend Engineer";
    req.skills = skills;
    req.skill_count = 2;
    return boooply_ai_generate_job_description(c, &req, &out->text);
}

static boooply_err_t run_api_key(boooply_client_t *c, result_t *out) {
    boooply_create_api_key_t req;
    memset(&req, 0, sizeof req);
    req.user_id = "u1";
    req.user_email = "owner@example.com";
    req.organization_id = "o1";
    return boooply_create_organization_api_key(c, &req, &out->api_key);
}

static boooply_err_t run_raw(boooply_client_t *c, result_t *out) {
    boooply_request_t req;
    (void)out;
    memset(&req, 0, sizeof req);
    req.method = "POST";
    req.path = "/api/integration/anything";
    req.body = "{\"a\":1}";
    req.body_len = 7;
    return boooply_raw(c, &req);
}

/* boooply_request() and boooply_read_body() in PIECE_SIZE pieces. */
static boooply_err_t run_streamed(boooply_client_t *c, result_t *out) {
    boooply_request_t req;
    boooply_err_t err;
    memset(&req, 0, sizeof req);
    req.method = "GET";
    req.path = "/api/integration/stream";
    err = boooply_request(c, &req);
    while (err == BOOOPLY_OK) {
        size_t got = 0;
        err = boooply_read_body(c, piece, PIECE_SIZE, &got);
        if (err != BOOOPLY_OK || got == 0) break;
        assert_true(got <= PIECE_SIZE && got <= BODY_MAX - out->body.len);
        memcpy(out->body.bytes + out->body.len, piece, got);
        out->body.len += got;
    }
    return err;
}

static const call_t calls[] = {
    {"interviews_create", 1, INTERVIEW, run_create},
    {"interviews_get", 0, INTERVIEW, run_get},
    {"interviews_list", 0,
     "{\"success\":true,\"meetings\":[{\"meetingCode\":\"AB-123\",\"overallScore\":84,"
     "\"participants\":[{\"name\":\"Jane\",\"isActive\":true}]},{\"code\":\"CD-456\",\"overallScore\":null}],"
     "\"pagination\":{\"page\":1,\"limit\":2,\"total\":2,\"totalPages\":1}}",
     run_list},
    {"interviews_get_transcript", 0,
     "{\"transcript\":[{\"speaker\":\"AI\",\"role\":\"AI\",\"content\":\"Hello \\\"Jane\\\"\","
     "\"timestamp\":\"2026-04-01T14:00:05Z\"},{\"speaker\":\"Jane\",\"role\":\"CANDIDATE\","
     "\"content\":\"Hi\",\"timestamp\":12}]}",
     run_transcript},
    {"interviews_get_evaluation", 0,
     "{\"success\":true,\"evaluation\":{\"recommendation\":\"PASS\",\"overallScore\":84.5,"
     "\"communication\":80,\"technical\":90,\"questionEvaluations\":[{\"question\":\"Q1\",\"score\":4,"
     "\"notes\":\"fine\"}]},\"aiSummary\":\"Strong\",\"recommendations\":{\"strengths\":[\"Go\"],"
     "\"improvements\":[],\"nextSteps\":[\"Onsite\"]},\"meetingStatistics\":{\"duration\":1800,"
     "\"turnCount\":12},\"rawAnalysis\":{\"x\":1}}",
     run_evaluation},
    {"interviews_trigger_analysis", 1, "{\"success\":true,\"queued\":true,\"jobId\":\"135\"}", run_analysis},
    {"interviews_reschedule", 1, INTERVIEW, run_reschedule},
    {"interviews_cancel", 1, INTERVIEW, run_cancel},
    {"interviews_delete", 0, "{\"success\":true,\"message\":\"Interview AB-123 deleted\"}", run_delete},
    {"interviews_add_participant", 1,
     "{\"success\":true,\"participants\":[{\"id\":\"p-1\",\"name\":\"Ann Lee\",\"email\":\"ann@example.com\","
     "\"role\":\"INTERVIEWER\",\"joinToken\":\"j1\",\"isActive\":false}],\"total\":1}",
     run_add_participant},
    {"interviews_get_participants", 0,
     "{\"success\":true,\"participants\":[{\"id\":7,\"name\":\"Ann Lee\",\"joinedAt\":null,"
     "\"isActive\":true}],\"total\":1}",
     run_get_participants},
    {"interviews_remove_participant", 0, "{\"success\":true,\"message\":\"Participant removed\"}",
     run_remove_participant},
    {"interviews_get_recording", 0,
     "{\"success\":true,\"recording\":{\"duration\":1800,\"format\":\"mp4\",\"createdAt\":"
     "\"2026-04-01T15:00:00Z\",\"videoUrl\":\"https://video.example.com/a.mp4\",\"videoApiUrl\":"
     "\"https://api.example.com/v\"}}",
     run_recording},
    {"interviews_get_availability", 0,
     "{\"success\":true,\"calendarConnected\":true,\"email\":\"ann@example.com\",\"durationMinutes\":30,"
     "\"days\":7,\"slots\":[{\"start\":\"2026-04-02T09:00:00Z\",\"end\":\"2026-04-02T09:30:00Z\"}],"
     "\"total\":1}",
     run_availability},
    {"interviews_get_busy_blocks", 0,
     "{\"success\":true,\"calendarConnected\":true,\"email\":\"ann@example.com\",\"days\":7,"
     "\"timezone\":\"UTC\",\"busyBlocks\":[{\"start\":\"2026-04-02T10:00:00Z\","
     "\"end\":\"2026-04-02T11:00:00Z\"}],\"total\":1}",
     run_busy_blocks},
    {"organization_get", 0,
     "{\"success\":true,\"organization\":{\"id\":\"org_1\",\"name\":\"Acme\",\"slug\":\"acme\","
     "\"externalOrgId\":9,\"plan\":\"pro\"}}",
     run_organization},
    {"ai_generate_job_description", 1, "{\"success\":true,\"description\":\"Build services.\"}",
     run_job_description},
    {"create_organization_api_key", 1,
     "{\"apiKey\":\"bply_org_new\",\"organizationId\":\"o1\",\"userId\":\"u1\"}", run_api_key},
    {"raw", 1, "{\"ok\":true}", run_raw},
    {"request_and_read_body", 0, "{\"ok\":true,\"pad\":\"0123456789012345678901234567890123456789012345678901234567890123456789\"}",
     run_streamed},
};

#define CALL_COUNT (sizeof calls / sizeof calls[0])

/* --------------------------------------------------------------------
 * One client over the fault layer
 * -------------------------------------------------------------------- */

static boooply_client_t client;
static char *buffer;
static boooply_token_t *tokens;
static guarded_t buffer_guard, token_guard, piece_guard;
static char response[RESPONSE_MAX];
static size_t response_len;

static int setup(void **state) {
    static const char zeros[BUFFER_SIZE];
    (void)state;
    buffer = guarded_copy(&buffer_guard, zeros, BUFFER_SIZE);
    tokens = (boooply_token_t *)(void *)guarded_copy(&token_guard, zeros, TOKEN_COUNT * sizeof *tokens);
    piece = guarded_copy(&piece_guard, zeros, PIECE_SIZE);
    return 0;
}

static int teardown(void **state) {
    (void)state;
    guarded_free(&buffer_guard);
    guarded_free(&token_guard);
    guarded_free(&piece_guard);
    return 0;
}

/* Builds the response to call k; close_style adds Connection: close. */
static void build_response(const call_t *k, int close_style) {
    int n = snprintf(response, sizeof response,
                     "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n%sContent-Length: %zu\r\n\r\n%s",
                     close_style ? "Connection: close\r\n" : "", strlen(k->body), k->body);
    assert_true(n > 0 && (size_t)n < sizeof response);
    response_len = (size_t)n;
}

/* Scripts every connection with the call's response: four times, kept
 * open, or once followed by an orderly close. */
static void script_healthy(int close_style) {
    size_t conn, i;
    for (conn = 0; conn < SCRIPT_MAX_CONNECTIONS; conn++) {
        if (close_style) {
            assert_non_null(script_add_response(&faults.script, conn, response, response_len, SCRIPT_FIN));
            continue;
        }
        for (i = 0; i < SCRIPT_MAX_RESPONSES; i++)
            assert_non_null(script_add_response(&faults.script, conn, response, response_len, SCRIPT_KEEP_OPEN));
    }
}

/* Resets the fault layer and the script, and makes a new client over them. */
static void start_client(int retries) {
    boooply_config_t cfg;
    memset(&faults, 0, sizeof faults);
    script_init(&faults.script);
    memset(&cfg, 0, sizeof cfg);
    cfg.base_url = "http://api.example.com";
    cfg.api_key = "bply_org_test";
    cfg.port.ctx = &faults.script;
    cfg.port.connect = fault_connect;
    cfg.port.send = fault_send;
    cfg.port.recv = fault_recv;
    cfg.port.close = fault_close;
    cfg.port.now_ms = fault_now;
    cfg.port.sleep_ms = retries ? fault_sleep : NULL;
    cfg.buffer = buffer;
    cfg.buffer_size = BUFFER_SIZE;
    cfg.tokens = tokens;
    cfg.token_count = TOKEN_COUNT;
    cfg.timeout_ms = TIMEOUT_MS;
    assert_int_equal(boooply_init(&client, &cfg), BOOOPLY_OK);
}

/* A call's result and the document it parsed. */
typedef struct snapshot {
    boooply_err_t err;
    int status;
    result_t result;
    int json_count;
    size_t json_len;
    char json[BUFFER_SIZE];
    size_t wire_len;   /* request bytes the call sent, over all connections */
    char wire[BODY_MAX];
} snapshot_t;

static snapshot_t reference, observed;

static size_t wire_total(void) {
    size_t conn, total = 0;
    for (conn = 0; conn < SCRIPT_MAX_CONNECTIONS; conn++) total += faults.script.conns[conn].wire_len;
    return total;
}

/* Runs call k and records what it gave in *s. */
static void run_call(const call_t *k, snapshot_t *s) {
    size_t wire_before = wire_total();
    memset(&s->result, 0, sizeof s->result);
    s->err = k->run(&client, &s->result);
    s->status = client.last.http_status;
    s->json_count = client.doc.count;
    s->json_len = client.doc.count ? client.doc.len : 0;
    if (s->json_len) {
        assert_true(s->json_len <= sizeof s->json);
        memcpy(s->json, client.doc.text, s->json_len);
    }
    s->wire_len = wire_total() - wire_before;
}

/* Checks that a successful call gave exactly the reference result. */
static void expect_reference(const char *label, const snapshot_t *s) {
    EXPECT_ERR(label, s->err, BOOOPLY_OK);
    EXPECT_EQ(label, s->status, 200);
    EXPECT_EQ(label, s->json_count, reference.json_count);
    EXPECT_EQ(label, s->json_len, reference.json_len);
    EXPECT_TRUE(label, memcmp(s->json, reference.json, reference.json_len) == 0);
    EXPECT_TRUE(label, memcmp(&s->result, &reference.result, sizeof s->result) == 0);
}

/* Checks what every failed call leaves: a message, and no open response. */
static void expect_clean_failure(const char *label, boooply_err_t err) {
    char byte;
    size_t got = 1;
    EXPECT_TRUE(label, err != BOOOPLY_OK);
    EXPECT_TRUE(label, client.last.message != NULL);
    EXPECT_TRUE(label, client.last.message[0] != '\0');
    EXPECT_ERR(label, boooply_read_body(&client, &byte, 1, &got), BOOOPLY_E_STATE);
    EXPECT_EQ(label, got, 0);
}

/* The results of 21-mock-sequence.txt as a port returns them. EINTR and
 * EAGAIN are "nothing yet" (0), so recv gives 0, 0, 5 bytes, 0, 1 byte,
 * then the rest, and the orderly close comes only after the whole
 * response. send gives 0, 3 bytes, 0, then takes the rest. */
static const long case21_recvs[] = {0, 0, 5, 0, 1};
static const long case21_sends[] = {0, 3, 0};

/* Makes the first connection deliver and take bytes as in case 21. */
static void plan_case21(void) {
    script_plan_recvs(&faults.script, 0, case21_recvs, sizeof case21_recvs / sizeof case21_recvs[0]);
    script_plan_sends(&faults.script, 0, case21_sends, sizeof case21_sends / sizeof case21_sends[0]);
}

/* Runs call k without faults and keeps its result as the reference;
 * returns the number of port operations it made. With case21 set, the
 * first connection takes and delivers in pieces as in case 21. */
static unsigned run_reference_with(const call_t *k, int close_style, int retries, int case21) {
    char label[LABEL_SIZE];
    snprintf(label, sizeof label, "%s, no fault", k->name);
    build_response(k, close_style);
    start_client(retries);
    script_healthy(close_style);
    if (case21) plan_case21();
    faults.counting = 1;
    run_call(k, &reference);
    EXPECT_ERR(label, reference.err, BOOOPLY_OK);
    EXPECT_EQ(label, reference.status, 200);
    EXPECT_TRUE(label, reference.wire_len <= sizeof reference.wire);
    memcpy(reference.wire, faults.script.conns[0].wire, reference.wire_len);
    EXPECT_EQ(label, faults.script.connects, 1);
    return faults.ops;
}

static unsigned run_reference(const call_t *k, int close_style, int retries) {
    return run_reference_with(k, close_style, retries, 0);
}

/* The errors a fault of each kind may give when the call fails. */
static int error_fits_fault(op_kind_t kind, boooply_err_t err) {
    switch (kind) {
    case OP_CONNECT: return err == BOOOPLY_E_CONNECT;
    case OP_SEND: return err == BOOOPLY_E_TRANSPORT;
    /* A reset before any response byte looks like a close before the
     * response: the request may have been processed. */
    case OP_RECV: return err == BOOOPLY_E_TRANSPORT || err == BOOOPLY_E_CLOSED;
    case OP_CLOCK: return err == BOOOPLY_E_TIMEOUT;
    default: return 0; /* a close that fails cannot fail the call */
    }
}

/* Runs call k once for every N with the Nth port operation failing, and
 * after each run once more without faults. Counts the kinds injected. */
static void sweep(const call_t *k, int close_style, int retries, int case21, unsigned *injected) {
    unsigned total = run_reference_with(k, close_style, retries, case21), n;
    for (n = 1; n <= total; n++) {
        char label[LABEL_SIZE];
        snapshot_t *s = &observed;
        start_client(retries);
        script_healthy(close_style);
        if (case21) plan_case21();
        faults.counting = 1;
        faults.fail_at = n;
        run_call(k, s);
        snprintf(label, sizeof label, "%s, operation %u of %u (%s) fails, %s, %s%s", k->name, n, total,
                 faults.failed ? op_names[faults.failed_kind] : "none", close_style ? "Connection: close" : "keep-alive",
                 retries ? "retries" : "no retries", case21 ? ", case 21 pieces" : "");
        /* Every run follows the reference's path up to operation n. */
        EXPECT_TRUE(label, faults.failed);
        injected[faults.failed_kind]++;
        EXPECT_EQ(label, faults.script.misuse, 0);
        EXPECT_EQ(label, faults.script.runaway, 0);
        if (s->err == BOOOPLY_OK) {
            expect_reference(label, s);
        } else {
            if (!error_fits_fault(faults.failed_kind, s->err))
                print_error("%s: %s: %s\n", label, boooply_strerror(s->err), client.last.message);
            EXPECT_TRUE(label, error_fits_fault(faults.failed_kind, s->err));
            expect_clean_failure(label, s->err);
        }
        /* A write reaches the server at most once, retried or not. */
        if (k->writes) EXPECT_TRUE(label, s->wire_len <= reference.wire_len);

        /* The next call on the same client gets the whole result. */
        faults.fail_at = 0;
        run_call(k, s);
        expect_reference(label, s);
        EXPECT_EQ(label, faults.script.misuse, 0);
    }
}

static void every_operation_fails_once(void **state) {
    unsigned injected[OP_KINDS] = {0};
    size_t i;
    int close_style;
    (void)state;
    for (i = 0; i < CALL_COUNT; i++)
        for (close_style = 0; close_style <= 1; close_style++) sweep(&calls[i], close_style, 0, 0, injected);
    /* Each kind of operation failed somewhere. */
    for (i = 0; i < OP_KINDS; i++) {
        if (injected[i] == 0) fail_msg("no %s ever failed", op_names[i]);
    }
}

/* With sleep_ms set, the client retries what is safe to retry: the
 * result is the reference or a clear error, and a POST or PATCH still
 * reaches the server at most once. */
static void every_operation_fails_with_retries(void **state) {
    unsigned injected[OP_KINDS] = {0};
    size_t i;
    (void)state;
    for (i = 0; i < CALL_COUNT; i++) sweep(&calls[i], 0, 1, 0, injected);
}

/* Faults between the pieces of a request sent in parts and of a response
 * received in parts: after a part of a POST went out, it is never sent
 * again, with or without retries. */
static void every_operation_fails_mid_transfer(void **state) {
    unsigned injected[OP_KINDS] = {0};
    size_t i;
    int retries;
    (void)state;
    for (i = 0; i < CALL_COUNT; i++)
        for (retries = 0; retries <= 1; retries++) sweep(&calls[i], 0, retries, 1, injected);
    if (injected[OP_SEND] < 3 * CALL_COUNT) fail_msg("sends failed only %u times", injected[OP_SEND]);
}

/* --------------------------------------------------------------------
 * Script modes
 * -------------------------------------------------------------------- */

/* Runs call k with the delivery set by plan() on connection 0 and checks
 * that it gives the reference result, then that the next call does too. */
typedef void (*plan_fn)(script_response_t *r, size_t arg);

static void expect_delivery(const call_t *k, const char *how, plan_fn plan, size_t arg) {
    char label[LABEL_SIZE];
    script_response_t *r;
    size_t i;
    snprintf(label, sizeof label, "%s, %s %zu", k->name, how, arg);
    start_client(0);
    r = script_add_response(&faults.script, 0, response, response_len, SCRIPT_KEEP_OPEN);
    plan(r, arg);
    for (i = 1; i < SCRIPT_MAX_RESPONSES; i++)
        script_add_response(&faults.script, 0, response, response_len, SCRIPT_KEEP_OPEN);
    run_call(k, &observed);
    expect_reference(label, &observed);
    EXPECT_EQ(label, faults.script.misuse, 0);
    EXPECT_EQ(label, faults.script.connects, 1);
    run_call(k, &observed);
    expect_reference(label, &observed);
    EXPECT_EQ(label, faults.script.connects, 1);
}

static void plan_chunk(script_response_t *r, size_t n) { r->chunk = n; }

static void plan_split(script_response_t *r, size_t at) {
    r->splits[0] = at;
    r->split_count = 1;
}

static void plan_would_block(script_response_t *r, size_t n) {
    r->chunk = n;
    r->block_at_boundaries = 1;
}

static void deliveries_in_splits(void **state) {
    static const size_t chunks[] = {1, 2, 3, 7, 64};
    size_t i, j, at;
    (void)state;
    for (i = 0; i < CALL_COUNT; i++) {
        run_reference(&calls[i], 0, 0);
        for (j = 0; j < sizeof chunks / sizeof chunks[0]; j++)
            expect_delivery(&calls[i], "writes of", plan_chunk, chunks[j]);
        for (at = 1; at < response_len; at++) expect_delivery(&calls[i], "split at", plan_split, at);
    }
}

/* recv returns "nothing yet" before the first byte and between writes. */
static void would_block_between_writes(void **state) {
    static const size_t chunks[] = {1, 5, 100};
    size_t i, j;
    (void)state;
    for (i = 0; i < CALL_COUNT; i++) {
        run_reference(&calls[i], 0, 0);
        for (j = 0; j < sizeof chunks / sizeof chunks[0]; j++) {
            expect_delivery(&calls[i], "nothing yet between writes of", plan_would_block, chunks[j]);
        }
    }
}

/* send takes nothing (0) and short counts. The request still reaches the
 * wire once, byte for byte as without them, and each 0 is retried with
 * the same pointer and length. */
static void short_writes_every_call(void **state) {
    static const long plan[] = {0, 1, 0, 2, 0, 3, 5, 0, 7, 11, 0, 13, 17, 0, 19, 23};
    size_t i, len;
    (void)state;
    for (i = 0; i < CALL_COUNT; i++) {
        char label[LABEL_SIZE];
        const char *sent;
        snprintf(label, sizeof label, "%s, short writes", calls[i].name);
        run_reference(&calls[i], 0, 0);
        start_client(0);
        script_healthy(0);
        script_plan_sends(&faults.script, 0, plan, sizeof plan / sizeof plan[0]);
        run_call(&calls[i], &observed);
        expect_reference(label, &observed);
        EXPECT_EQ(label, faults.script.send_retry_mismatches, 0);
        EXPECT_TRUE(label, faults.script.send_zeros >= 2);
        EXPECT_EQ(label, script_request_count(&faults.script, 0), 1);
        sent = script_request(&faults.script, 0, 0, &len);
        EXPECT_EQ(label, len, reference.wire_len);
        EXPECT_TRUE(label, memcmp(sent, reference.wire, len) == 0);
        EXPECT_EQ(label, faults.script.conns[0].wire_len, len);
    }
}

/* The server closes the connection in order right after the response:
 * the call succeeds, and the next one notices the close and reconnects. */
static void orderly_close_after_response(void **state) {
    size_t i;
    (void)state;
    for (i = 0; i < CALL_COUNT; i++) {
        char label[LABEL_SIZE];
        snprintf(label, sizeof label, "%s, close after the response", calls[i].name);
        run_reference(&calls[i], 0, 0);
        start_client(0);
        script_add_response(&faults.script, 0, response, response_len, SCRIPT_FIN);
        script_add_response(&faults.script, 1, response, response_len, SCRIPT_FIN);
        run_call(&calls[i], &observed);
        expect_reference(label, &observed);
        run_call(&calls[i], &observed);
        expect_reference(label, &observed);
        EXPECT_EQ(label, faults.script.connects, 2);
        EXPECT_EQ(label, script_request_count(&faults.script, 0), 1);
        EXPECT_EQ(label, script_request_count(&faults.script, 1), 1);
    }
}

/* The response stops after step bytes, and then the connection ends the
 * way end sets. No cut response may succeed, a stall ends at the deadline,
 * and the next call works on a new connection. */
static void cut_at_every_step(script_after_t end, const char *how) {
    size_t i, step;
    for (i = 0; i < CALL_COUNT; i++) {
        run_reference(&calls[i], 0, 0);
        for (step = 0; step < response_len; step++) {
            char label[LABEL_SIZE];
            uint32_t start;
            boooply_err_t err;
            snprintf(label, sizeof label, "%s, %s after %zu of %zu bytes", calls[i].name, how, step,
                     response_len);
            start_client(0);
            script_add_response(&faults.script, 0, response, step, end);
            script_add_response(&faults.script, 1, response, response_len, SCRIPT_KEEP_OPEN);
            start = faults.script.clock_ms;
            run_call(&calls[i], &observed);
            err = observed.err;
            switch (end) {
            case SCRIPT_STALL:
                EXPECT_ERR(label, err, BOOOPLY_E_TIMEOUT);
                EXPECT_EQ(label, faults.script.clock_ms - start, TIMEOUT_MS);
                break;
            case SCRIPT_RST:
                EXPECT_TRUE(label, err == (step ? BOOOPLY_E_TRANSPORT : BOOOPLY_E_CLOSED) ||
                                       (step && err == BOOOPLY_E_TRUNCATED));
                EXPECT_EQ(label, faults.script.clock_ms - start, 0);
                break;
            default:
                EXPECT_ERR(label, err, step ? BOOOPLY_E_TRUNCATED : BOOOPLY_E_CLOSED);
                EXPECT_EQ(label, faults.script.clock_ms - start, 0);
                break;
            }
            EXPECT_EQ(label, script_is_open(&faults.script), 0);
            expect_clean_failure(label, err);
            run_call(&calls[i], &observed);
            expect_reference(label, &observed);
            EXPECT_EQ(label, faults.script.connects, 2);
            EXPECT_EQ(label, faults.script.misuse, 0);
        }
    }
}

static void orderly_close_at_every_step(void **state) {
    (void)state;
    cut_at_every_step(SCRIPT_FIN, "orderly close");
}

static void close_without_notify_at_every_step(void **state) {
    (void)state;
    cut_at_every_step(SCRIPT_UNCLEAN, "close without close_notify");
}

static void reset_at_every_step(void **state) {
    (void)state;
    cut_at_every_step(SCRIPT_RST, "reset");
}

static void stall_at_every_step(void **state) {
    (void)state;
    cut_at_every_step(SCRIPT_STALL, "stall");
}

/* The clock wraps at 2^32 within the call: a healthy call succeeds, and
 * a stalled one ends after exactly the timeout. */
static void clock_wraps_during_call(void **state) {
    size_t i;
    (void)state;
    for (i = 0; i < CALL_COUNT; i++) {
        char label[LABEL_SIZE];
        uint32_t start;
        snprintf(label, sizeof label, "%s, clock wrapping", calls[i].name);
        run_reference(&calls[i], 0, 0);
        start_client(0);
        faults.script.clock_ms = UINT32_MAX - 5;
        script_healthy(0);
        run_call(&calls[i], &observed);
        expect_reference(label, &observed);

        start_client(0);
        start = faults.script.clock_ms = UINT32_MAX - TIMEOUT_MS / 2;
        faults.script.wait_step_ms = 10;
        script_add_response(&faults.script, 0, response, response_len / 2, SCRIPT_STALL);
        script_add_response(&faults.script, 1, response, response_len, SCRIPT_KEEP_OPEN);
        run_call(&calls[i], &observed);
        EXPECT_ERR(label, observed.err, BOOOPLY_E_TIMEOUT);
        EXPECT_EQ(label, (uint32_t)(faults.script.clock_ms - start), TIMEOUT_MS);
        run_call(&calls[i], &observed);
        expect_reference(label, &observed);
    }
}

/* --------------------------------------------------------------------
 * Case 21: EINTR, EAGAIN and short writes, in the core's terms
 * -------------------------------------------------------------------- */

static const char STANDARD_BODY[] =
    "{\"code\":\"AB-123\",\"status\":\"scheduled\",\"candidate\":\"Candidate One\"}";

static void case21_eintr_eagain(void **state) {
    static char data[256];
    size_t data_len = read_case("21-eintr-eagain.http", data, sizeof data);
    int mode, mocked;
    (void)state;
    for (mode = 0; mode < 2; mode++) {
        char clean[1024];
        size_t clean_len = 0;
        for (mocked = 0; mocked <= 1; mocked++) {
            char label[LABEL_SIZE];
            boooply_request_t req;
            boooply_err_t err;
            size_t len;
            const char *sent;
            snprintf(label, sizeof label, "21-eintr-eagain.http, %s, %s", mode ? "boooply_read_body" : "boooply_raw",
                     mocked ? "with the mock sequence" : "without faults");
            start_client(0);
            script_add_response(&faults.script, 0, data, data_len, SCRIPT_FIN);
            if (mocked) plan_case21();
            memset(&req, 0, sizeof req);
            req.method = "POST";
            req.path = "/v1/interviews";
            req.body = "{\"code\":\"AB-123\"}";
            req.body_len = strlen(req.body);
            memset(&observed.result, 0, sizeof observed.result);
            if (mode == 0) {
                err = boooply_raw(&client, &req);
                EXPECT_ERR(label, err, BOOOPLY_OK);
                EXPECT_EQ(label, client.doc.len, sizeof STANDARD_BODY - 1);
            } else {
                err = boooply_request(&client, &req);
                while (err == BOOOPLY_OK) {
                    size_t got = 0;
                    err = boooply_read_body(&client, piece, PIECE_SIZE, &got);
                    if (err || !got) break;
                    memcpy(observed.result.body.bytes + observed.result.body.len, piece, got);
                    observed.result.body.len += got;
                }
                EXPECT_ERR(label, err, BOOOPLY_OK);
                EXPECT_EQ(label, observed.result.body.len, sizeof STANDARD_BODY - 1);
                EXPECT_TRUE(label, memcmp(observed.result.body.bytes, STANDARD_BODY, sizeof STANDARD_BODY - 1) == 0);
            }
            EXPECT_EQ(label, client.last.http_status, 200);
            EXPECT_EQ(label, faults.script.connects, 1);
            EXPECT_EQ(label, faults.script.send_retry_mismatches, 0);
            EXPECT_EQ(label, faults.script.misuse, 0);
            EXPECT_EQ(label, script_request_count(&faults.script, 0), 1);
            sent = script_request(&faults.script, 0, 0, &len);
            EXPECT_EQ(label, faults.script.conns[0].wire_len, len);
            if (!mocked) {
                assert_true(len <= sizeof clean);
                memcpy(clean, sent, len);
                clean_len = len;
            } else {
                /* One copy of the request, byte for byte; no error surfaced. */
                EXPECT_EQ(label, faults.script.send_zeros, 2);
                EXPECT_TRUE(label, faults.script.waits >= 3);
                EXPECT_EQ(label, len, clean_len);
                EXPECT_TRUE(label, memcmp(sent, clean, len) == 0);
            }
        }
    }
}

/* The same sequence under every API call. */
static void case21_sequence_every_call(void **state) {
    size_t i, len;
    (void)state;
    for (i = 0; i < CALL_COUNT; i++) {
        char label[LABEL_SIZE];
        const char *sent;
        snprintf(label, sizeof label, "%s, 21-mock-sequence.txt", calls[i].name);
        run_reference(&calls[i], 0, 0);
        start_client(0);
        script_healthy(0);
        plan_case21();
        run_call(&calls[i], &observed);
        expect_reference(label, &observed);
        EXPECT_EQ(label, faults.script.send_retry_mismatches, 0);
        sent = script_request(&faults.script, 0, 0, &len);
        EXPECT_EQ(label, len, reference.wire_len);
        EXPECT_TRUE(label, memcmp(sent, reference.wire, len) == 0);
    }
}

/* --------------------------------------------------------------------
 * Case 43b: a stall in the middle of the body
 * -------------------------------------------------------------------- */

/* The head and 10 body bytes, then silence: the call times out at its
 * deadline with status 200 known, in whole or in pieces, and the next
 * request opens a new connection and succeeds. */
static void case43b_stall_mid_body(void **state) {
    static char data[256];
    static const uint32_t steps[] = {0, 7};
    const call_t *next = &calls[CALL_COUNT - 1];
    size_t data_len = read_case("43b-stall-mid-body.http", data, sizeof data);
    size_t i;
    int mode;
    (void)state;
    for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        for (mode = 0; mode < 2; mode++) {
            char label[LABEL_SIZE];
            boooply_request_t req;
            boooply_err_t err;
            uint32_t start;
            size_t got = 0;
            snprintf(label, sizeof label, "43b-stall-mid-body.http, %s, wait step %u ms",
                     mode ? "boooply_read_body" : "boooply_raw", (unsigned)steps[i]);
            run_reference(next, 0, 0);
            start_client(0);
            faults.script.wait_step_ms = steps[i];
            script_add_response(&faults.script, 0, data, data_len, SCRIPT_STALL);
            script_add_response(&faults.script, 1, response, response_len, SCRIPT_KEEP_OPEN);
            memset(&req, 0, sizeof req);
            req.method = "GET";
            req.path = "/v1/interviews/AB-123";
            start = faults.script.clock_ms;
            if (mode == 0) {
                err = boooply_raw(&client, &req);
            } else {
                err = boooply_request(&client, &req);
                EXPECT_ERR(label, err, BOOOPLY_OK);
                err = boooply_read_body(&client, piece, PIECE_SIZE, &got);
                EXPECT_ERR(label, err, BOOOPLY_OK);
                EXPECT_EQ(label, got, 10);
                EXPECT_TRUE(label, memcmp(piece, STANDARD_BODY, 10) == 0);
                err = boooply_read_body(&client, piece, PIECE_SIZE, &got);
                EXPECT_EQ(label, got, 0);
            }
            EXPECT_ERR(label, err, BOOOPLY_E_TIMEOUT);
            EXPECT_EQ(label, client.last.http_status, 200);
            EXPECT_EQ(label, faults.script.clock_ms - start, TIMEOUT_MS);
            EXPECT_EQ(label, script_is_open(&faults.script), 0);
            expect_clean_failure(label, err);

            run_call(next, &observed);
            expect_reference(label, &observed);
            EXPECT_EQ(label, faults.script.connects, 2);
            EXPECT_EQ(label, faults.script.misuse, 0);
        }
    }
}

/* --------------------------------------------------------------------
 * Header reports before a malformed header line
 * -------------------------------------------------------------------- */

static unsigned header_count;

static void count_header(void *ctx, boooply_str_t name, boooply_str_t value) {
    (void)ctx;
    (void)name;
    (void)value;
    header_count++;
}

/* A response whose second header line contains a NUL fails as malformed
 * whatever the delivery. The headers reported before the failure must not
 * depend on the delivery either. */
static void headers_before_bad_line_every_split(void **state) {
    static const char bad[] = "HTTP/1.1 200 OK\r\nX-First: 1\r\nX-Bad: a\0b\r\nContent-Length: 2\r\n\r\n{}";
    size_t len = sizeof bad - 1, at;
    unsigned whole = 0;
    (void)state;
    for (at = 0; at < len; at++) {
        char label[LABEL_SIZE];
        script_response_t *r;
        boooply_request_t req;
        snprintf(label, sizeof label, "header line with a NUL, %s %zu", at ? "split at" : "whole", at);
        start_client(0);
        r = script_add_response(&faults.script, 0, bad, len, SCRIPT_KEEP_OPEN);
        if (at) plan_split(r, at);
        header_count = 0;
        client.on_header = count_header;
        memset(&req, 0, sizeof req);
        req.method = "GET";
        req.path = "/x";
        EXPECT_ERR(label, boooply_raw(&client, &req), BOOOPLY_E_MALFORMED_RESPONSE);
        if (at == 0) {
            whole = header_count;
            EXPECT_EQ(label, whole, 1u); /* X-First, before the bad line */
        }
        EXPECT_EQ(label, header_count, whole);
        client.on_header = NULL;
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_operation_fails_once),
        cmocka_unit_test(every_operation_fails_with_retries),
        cmocka_unit_test(every_operation_fails_mid_transfer),
        cmocka_unit_test(deliveries_in_splits),
        cmocka_unit_test(would_block_between_writes),
        cmocka_unit_test(short_writes_every_call),
        cmocka_unit_test(orderly_close_after_response),
        cmocka_unit_test(orderly_close_at_every_step),
        cmocka_unit_test(close_without_notify_at_every_step),
        cmocka_unit_test(reset_at_every_step),
        cmocka_unit_test(stall_at_every_step),
        cmocka_unit_test(clock_wraps_during_call),
        cmocka_unit_test(case21_eintr_eagain),
        cmocka_unit_test(case21_sequence_every_call),
        cmocka_unit_test(case43b_stall_mid_body),
        cmocka_unit_test(headers_before_bad_line_every_split),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
