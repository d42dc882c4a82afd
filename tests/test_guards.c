/* Input guards, byte by byte: what a caller passes into a header, the
 * request line or a JSON body either reaches the wire in a form that
 * cannot break the request, or is rejected before anything is sent.
 *
 *   - API key, host, port and path prefix: every byte value in each place;
 *     CR, LF, NUL, other control bytes, space and anything outside the
 *     grammar is rejected by boooply_init().
 *   - Method and path of boooply_request(): every byte value; query names
 *     and values are percent-encoded.
 *   - Meeting codes and participant ids with / ? # % .. and spaces, in every
 *     call that takes one: percent-encoded, or rejected when empty, "." or
 *     "..".
 *   - JSON strings in every free-text field of every request body: quotes,
 *     backslashes and control characters are escaped, so the body parses
 *     back to the same text. Invalid UTF-8 is rejected with nothing sent.
 *   - JSON strings in responses: escapes decode, raw control characters
 *     and invalid UTF-8 are malformed.
 *   - Numbers in response headers too large for the client's types.
 */
#include "test_util.h"
#include "test_checks.h"
#include "script_port.h"

#include <limits.h>
#include <time.h>

#define BUFFER_SIZE 4096
#define TOKEN_COUNT 256
#define LABEL_SIZE 160

static script_port_t script;
static char buffer[BUFFER_SIZE];
static boooply_token_t tokens[TOKEN_COUNT];
static boooply_client_t client;

/* Every request gets this response, because the tests here look only at
 * what was sent. */
static const char ERROR_RESPONSE[] = "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 2\r\n\r\n{}";

static boooply_config_t make_config(const char *base_url, const char *api_key) {
    boooply_config_t cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.base_url = base_url;
    cfg.api_key = api_key;
    cfg.port = script_port(&script, 0);
    cfg.buffer = buffer;
    cfg.buffer_size = sizeof buffer;
    cfg.tokens = tokens;
    cfg.token_count = TOKEN_COUNT;
    cfg.timeout_ms = 1000;
    return cfg;
}

/* Scripts one response on the first connection. */
static void script_response(const char *data, size_t len) {
    script_init(&script);
    assert_non_null(script_add_response(&script, 0, data, len, SCRIPT_KEEP_OPEN));
}

/* Initializes the client; returns its result. */
static boooply_err_t init_with(const char *base_url, const char *api_key) {
    boooply_config_t cfg = make_config(base_url, api_key);
    script_response(ERROR_RESPONSE, sizeof ERROR_RESPONSE - 1);
    return boooply_init(&client, &cfg);
}

/* Returns the first request on the first connection as a C string. */
static const char *sent_request(void) {
    static char copy[SCRIPT_WIRE_SIZE + 1];
    size_t len;
    const char *p;
    assert_true(script_request_count(&script, 0) >= 1);
    p = script_request(&script, 0, 0, &len);
    memcpy(copy, p, len);
    copy[len] = '\0';
    return copy;
}

/* Checks that a request head has CRLF line endings and no other control
 * byte, and no byte above 0x7E. */
static void expect_clean_head(const char *label, const char *request) {
    const char *end = strstr(request, "\r\n\r\n");
    size_t i, n;
    if (!end) fail_msg("%s: the request has no end of head", label);
    n = (size_t)(end - request) + 4;
    for (i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)request[i];
        if (ch == '\r' && request[i + 1] == '\n') continue;
        if (ch == '\n' && i > 0 && request[i - 1] == '\r') continue;
        if (ch < 0x20 || ch > 0x7E) fail_msg("%s: byte 0x%02x at offset %zu of the head", label, ch, i);
    }
}

/* Sends GET /x with the client and returns the request. */
static const char *send_probe_request(void) {
    boooply_request_t req;
    memset(&req, 0, sizeof req);
    req.method = "GET";
    req.path = "/x";
    assert_int_equal(boooply_raw(&client, &req), BOOOPLY_E_HTTP_STATUS);
    return sent_request();
}

/* Percent-encodes s into out as RFC 3986 wants for a path segment or a
 * query component: everything but ALPHA DIGIT - . _ ~, uppercase hex. */
static void encode(const char *s, char *out, size_t cap) {
    static const char hex[] = "0123456789ABCDEF";
    size_t o = 0;
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        assert_true(o + 4 < cap);
        if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' ||
            ch == '.' || ch == '_' || ch == '~') {
            out[o++] = (char)ch;
        } else {
            out[o++] = '%';
            out[o++] = hex[ch >> 4];
            out[o++] = hex[ch & 15];
        }
    }
    out[o] = '\0';
}

static int is_alnum(int ch) {
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
}

/* --------------------------------------------------------------------
 * API key, host, port, path prefix
 * -------------------------------------------------------------------- */

/* RFC 6750 b64token: ALPHA DIGIT - . _ ~ + / then any number of '='. */
static int key_byte_allowed(int ch) {
    return is_alnum(ch) || ch == '-' || ch == '.' || ch == '_' || ch == '~' || ch == '+' || ch == '/';
}

static void api_key_every_byte(void **state) {
    int b, place;
    (void)state;
    for (b = 1; b < 256; b++) {
        for (place = 0; place < 3; place++) {
            char key[8], label[LABEL_SIZE], value[64];
            boooply_err_t err;
            int allowed;
            static const char *const places[] = {"first", "inside", "last"};
            if (place == 0) snprintf(key, sizeof key, "%cabc", b);
            else if (place == 1) snprintf(key, sizeof key, "ab%ccd", b);
            else snprintf(key, sizeof key, "abc%c", b);
            /* '=' only pads the end. */
            allowed = key_byte_allowed(b) || (b == '=' && place == 2);
            snprintf(label, sizeof label, "API key with byte 0x%02x %s", b, places[place]);
            err = init_with("http://api.example.com", key);
            if (!allowed) {
                if (err != BOOOPLY_E_INVALID_ARGUMENT) fail_msg("%s: accepted", label);
                assert_true(client.last.message[0] != '\0');
                continue;
            }
            if (err != BOOOPLY_OK) fail_msg("%s: rejected: %s", label, client.last.message);
            request_header_value(send_probe_request(), "Authorization", value, sizeof value);
            assert_memory_equal(value, "Bearer ", 7);
            assert_string_equal(value + 7, key);
            expect_clean_head(label, sent_request());
        }
    }
    /* A key never reaches the port after a rejection. */
    assert_int_equal(init_with("http://api.example.com", "tok\r\nX-Evil: 1"), BOOOPLY_E_INVALID_ARGUMENT);
    assert_int_equal(script.connects, 0);
    assert_int_equal(init_with("http://api.example.com", ""), BOOOPLY_E_INVALID_ARGUMENT);
    assert_int_equal(init_with("http://api.example.com", "==="), BOOOPLY_E_INVALID_ARGUMENT);
}

/* Checks a base URL that init accepted: connect gets host and port, and
 * the request line and Host header are as expected. */
static void expect_target(const char *label, const char *host, uint16_t port, const char *request_line,
                          const char *host_header) {
    const char *request = send_probe_request();
    char value[256];
    if (strcmp(script.host, host) != 0) fail_msg("%s: connected to \"%s\", expected \"%s\"", label, script.host, host);
    assert_int_equal(script.port_number, port);
    if (strncmp(request, request_line, strlen(request_line)) != 0)
        fail_msg("%s: request starts \"%.40s\", expected \"%s\"", label, request, request_line);
    request_header_value(request, "Host", value, sizeof value);
    assert_string_equal(value, host_header);
    expect_clean_head(label, request);
}

static void host_every_byte(void **state) {
    int b;
    (void)state;
    for (b = 1; b < 256; b++) {
        char url[64], host[32], label[LABEL_SIZE];
        boooply_err_t err;
        snprintf(url, sizeof url, "http://ho%cst.example.com/v1", b);
        snprintf(label, sizeof label, "host with byte 0x%02x", b);
        err = init_with(url, "tok");
        if (is_alnum(b) || b == '-' || b == '.' || b == '_') {
            if (err != BOOOPLY_OK) fail_msg("%s: rejected: %s", label, client.last.message);
            snprintf(host, sizeof host, "ho%cst.example.com", b);
            expect_target(label, host, 80, "GET /v1/x HTTP/1.1\r\n", host);
        } else if (b == '/') {
            /* The authority ends at the slash: host "ho", path "/st.example.com/v1". */
            assert_int_equal(err, BOOOPLY_OK);
            expect_target(label, "ho", 80, "GET /st.example.com/v1/x HTTP/1.1\r\n", "ho");
        } else {
            if (err != BOOOPLY_E_INVALID_ARGUMENT) fail_msg("%s: accepted as host \"%s\"", label, client.host);
            assert_int_equal(script.connects, 0);
        }
    }
}

static void port_every_byte(void **state) {
    int b;
    (void)state;
    for (b = 1; b < 256; b++) {
        char url[64], label[LABEL_SIZE], host_header[64];
        boooply_err_t err;
        snprintf(url, sizeof url, "http://api.example.com:8%c0", b);
        snprintf(label, sizeof label, "port with byte 0x%02x", b);
        err = init_with(url, "tok");
        if (b >= '0' && b <= '9') {
            uint16_t port = (uint16_t)(800 + (b - '0') * 10);
            assert_int_equal(err, BOOOPLY_OK);
            snprintf(host_header, sizeof host_header, "api.example.com:%u", (unsigned)port);
            expect_target(label, "api.example.com", port, "GET /x HTTP/1.1\r\n", host_header);
        } else if (b == '/') {
            assert_int_equal(err, BOOOPLY_OK);
            expect_target(label, "api.example.com", 8, "GET /0/x HTTP/1.1\r\n", "api.example.com:8");
        } else {
            if (err != BOOOPLY_E_INVALID_ARGUMENT) fail_msg("%s: accepted", label);
        }
    }
}

/* RFC 3986 pchar and '/', with '%' for escapes the caller made. */
static int prefix_byte_allowed(int ch) {
    return is_alnum(ch) || (ch && strchr("-._~/%:@!$&'()*+,;=", ch) != NULL);
}

static void path_prefix_every_byte(void **state) {
    int b;
    (void)state;
    for (b = 1; b < 256; b++) {
        char url[64], label[LABEL_SIZE], line[64];
        boooply_err_t err;
        snprintf(url, sizeof url, "http://api.example.com/v%c1", b);
        snprintf(label, sizeof label, "path prefix with byte 0x%02x", b);
        err = init_with(url, "tok");
        if (prefix_byte_allowed(b)) {
            if (err != BOOOPLY_OK) fail_msg("%s: rejected: %s", label, client.last.message);
            snprintf(line, sizeof line, "GET /v%c1/x HTTP/1.1\r\n", b);
            expect_target(label, "api.example.com", 80, line, "api.example.com");
        } else {
            if (err != BOOOPLY_E_INVALID_ARGUMENT) fail_msg("%s: accepted", label);
            assert_int_equal(script.connects, 0);
        }
    }
}

/* --------------------------------------------------------------------
 * Method, path and query of boooply_request()
 * -------------------------------------------------------------------- */

/* RFC 9110 tchar. */
static int method_byte_allowed(int ch) {
    return is_alnum(ch) || (ch && strchr("!#$%&'*+-.^_`|~", ch) != NULL);
}

static void request_line_every_byte(void **state) {
    int b;
    (void)state;
    for (b = 1; b < 256; b++) {
        char method[8], path[8], label[LABEL_SIZE], line[64];
        boooply_request_t req;
        boooply_err_t err;
        int allowed;

        snprintf(method, sizeof method, "GE%cT", b);
        snprintf(label, sizeof label, "method with byte 0x%02x", b);
        assert_int_equal(init_with("http://api.example.com", "tok"), BOOOPLY_OK);
        memset(&req, 0, sizeof req);
        req.method = method;
        req.path = "/x";
        err = boooply_raw(&client, &req);
        if (method_byte_allowed(b)) {
            assert_int_equal(err, BOOOPLY_E_HTTP_STATUS);
            snprintf(line, sizeof line, "%s /x HTTP/1.1\r\n", method);
            assert_memory_equal(sent_request(), line, strlen(line));
            expect_clean_head(label, sent_request());
        } else {
            if (err != BOOOPLY_E_INVALID_ARGUMENT) fail_msg("%s: accepted", label);
            assert_int_equal(script.connects, 0);
        }

        /* A path is sent as given: visible ASCII without '?' and '#'. */
        snprintf(path, sizeof path, "/a%cb", b);
        snprintf(label, sizeof label, "path with byte 0x%02x", b);
        assert_int_equal(init_with("http://api.example.com", "tok"), BOOOPLY_OK);
        req.method = "GET";
        req.path = path;
        err = boooply_raw(&client, &req);
        allowed = b > 0x20 && b < 0x7F && b != '?' && b != '#';
        if (allowed) {
            assert_int_equal(err, BOOOPLY_E_HTTP_STATUS);
            snprintf(line, sizeof line, "GET %s HTTP/1.1\r\n", path);
            assert_memory_equal(sent_request(), line, strlen(line));
        } else {
            if (err != BOOOPLY_E_INVALID_ARGUMENT) fail_msg("%s: accepted", label);
            assert_int_equal(script.connects, 0);
        }
    }
}

static void query_every_byte_encoded(void **state) {
    int b;
    (void)state;
    for (b = 1; b < 256; b++) {
        char name[8], value[8], label[LABEL_SIZE], line[128], name_enc[32], value_enc[32];
        boooply_query_t q[2];
        boooply_request_t req;
        snprintf(name, sizeof name, "n%c", b);
        snprintf(value, sizeof value, "%cv%c", b, b);
        snprintf(label, sizeof label, "query with byte 0x%02x", b);
        encode(name, name_enc, sizeof name_enc);
        encode(value, value_enc, sizeof value_enc);
        q[0].name = name;
        q[0].value = value;
        q[1].name = "skipped";
        q[1].value = NULL;
        assert_int_equal(init_with("http://api.example.com", "tok"), BOOOPLY_OK);
        memset(&req, 0, sizeof req);
        req.method = "GET";
        req.path = "/x";
        req.query = q;
        req.query_count = 2;
        assert_int_equal(boooply_raw(&client, &req), BOOOPLY_E_HTTP_STATUS);
        snprintf(line, sizeof line, "GET /x?%s=%s HTTP/1.1\r\n", name_enc, value_enc);
        if (strncmp(sent_request(), line, strlen(line)) != 0)
            fail_msg("%s: request starts \"%.60s\", expected \"%s\"", label, sent_request(), line);
        expect_clean_head(label, sent_request());
    }
}

/* --------------------------------------------------------------------
 * Meeting codes and participant ids
 * -------------------------------------------------------------------- */

/* Codes that must be encoded, each byte as encode() does. */
static const char *const odd_codes[] = {
    "a/b", "a?b", "a#b", "a%b", "a b", " ", "...", "../x", "x/..", "./.", "%2e%2e", ".a", "a.", "..a",
    "a\r\nX-Evil: 1", "\t", "caf\xc3\xa9", "A-b_c.d~e", "a+b=c&d", "/", "\\", "\x7f",
};

/* Codes rejected before anything is sent. */
static const char *const bad_codes[] = {"", ".", ".."};

typedef struct code_call {
    const char *name;
    const char *method;
    const char *tail; /* path after the code */
} code_call_t;

static const code_call_t code_calls[] = {
    {"interviews_get", "GET", ""},
    {"interviews_get_transcript", "GET", "/transcript"},
    {"interviews_get_evaluation", "GET", "/evaluation"},
    {"interviews_trigger_analysis", "POST", "/analyze"},
    {"interviews_reschedule", "PATCH", "/reschedule"},
    {"interviews_cancel", "PATCH", "/cancel"},
    {"interviews_delete", "DELETE", ""},
    {"interviews_add_participant", "POST", "/participants"},
    {"interviews_get_participants", "GET", "/participants"},
    {"interviews_remove_participant", "DELETE", "/participants/p1"},
    {"interviews_get_recording", "GET", "/recording"},
};

#define CODE_CALL_COUNT (sizeof code_calls / sizeof code_calls[0])

/* Runs code_calls[call] with code (and participant id id). */
static boooply_err_t run_code_call(size_t call, const char *code, const char *id) {
    static const boooply_participant_input_t ann = {"Ann", "ann@example.com", "INTERVIEWER"};
    boooply_interview_t iv;
    boooply_transcript_t t;
    boooply_evaluation_t ev;
    boooply_analysis_t a;
    boooply_reschedule_t r;
    boooply_str_t message;
    boooply_participant_list_t list;
    boooply_recording_t rec;
    memset(&r, 0, sizeof r);
    r.scheduled_at = "2026-04-01T14:00:00Z";
    switch (call) {
    case 0: return boooply_interviews_get(&client, code, &iv);
    case 1: return boooply_interviews_get_transcript(&client, code, &t);
    case 2: return boooply_interviews_get_evaluation(&client, code, &ev);
    case 3: return boooply_interviews_trigger_analysis(&client, code, &a);
    case 4: return boooply_interviews_reschedule(&client, code, &r, &iv);
    case 5: return boooply_interviews_cancel(&client, code, NULL, &iv);
    case 6: return boooply_interviews_delete(&client, code, &message);
    case 7: return boooply_interviews_add_participant(&client, code, &ann, 1, &list);
    case 8: return boooply_interviews_get_participants(&client, code, &list);
    case 9: return boooply_interviews_remove_participant(&client, code, id, &message);
    default: return boooply_interviews_get_recording(&client, code, &rec);
    }
}

static void codes_encoded_every_call(void **state) {
    size_t i, k;
    (void)state;
    for (k = 0; k < CODE_CALL_COUNT; k++) {
        for (i = 0; i < sizeof odd_codes / sizeof odd_codes[0]; i++) {
            char enc[128], line[256], label[LABEL_SIZE];
            snprintf(label, sizeof label, "%s with code \"%s\"", code_calls[k].name, odd_codes[i]);
            encode(odd_codes[i], enc, sizeof enc);
            assert_int_equal(init_with("http://api.example.com", "tok"), BOOOPLY_OK);
            if (run_code_call(k, odd_codes[i], "p1") != BOOOPLY_E_HTTP_STATUS)
                fail_msg("%s: %s", label, client.last.message);
            snprintf(line, sizeof line, "%s /api/integration/interviews/%s%s HTTP/1.1\r\n", code_calls[k].method,
                     enc, code_calls[k].tail);
            if (strncmp(sent_request(), line, strlen(line)) != 0)
                fail_msg("%s: request starts \"%.80s\", expected \"%s\"", label, sent_request(), line);
            expect_clean_head(label, sent_request());
        }
        for (i = 0; i < sizeof bad_codes / sizeof bad_codes[0]; i++) {
            assert_int_equal(init_with("http://api.example.com", "tok"), BOOOPLY_OK);
            if (run_code_call(k, bad_codes[i], "p1") != BOOOPLY_E_INVALID_ARGUMENT)
                fail_msg("%s: code \"%s\" not rejected", code_calls[k].name, bad_codes[i]);
            assert_int_equal(script.connects, 0);
            assert_int_equal(script.send_calls, 0);
        }
    }
}

static void participant_ids_encoded(void **state) {
    size_t i;
    (void)state;
    for (i = 0; i < sizeof odd_codes / sizeof odd_codes[0]; i++) {
        char enc[128], line[256], label[LABEL_SIZE];
        snprintf(label, sizeof label, "participant id \"%s\"", odd_codes[i]);
        encode(odd_codes[i], enc, sizeof enc);
        assert_int_equal(init_with("http://api.example.com", "tok"), BOOOPLY_OK);
        assert_int_equal(run_code_call(9, "AB-123", odd_codes[i]), BOOOPLY_E_HTTP_STATUS);
        snprintf(line, sizeof line, "DELETE /api/integration/interviews/AB-123/participants/%s HTTP/1.1\r\n", enc);
        if (strncmp(sent_request(), line, strlen(line)) != 0)
            fail_msg("%s: request starts \"%.80s\", expected \"%s\"", label, sent_request(), line);
        expect_clean_head(label, sent_request());
    }
    for (i = 0; i < sizeof bad_codes / sizeof bad_codes[0]; i++) {
        assert_int_equal(init_with("http://api.example.com", "tok"), BOOOPLY_OK);
        assert_int_equal(run_code_call(9, "AB-123", bad_codes[i]), BOOOPLY_E_INVALID_ARGUMENT);
        assert_int_equal(script.connects, 0);
    }
    assert_int_equal(init_with("http://api.example.com", "tok"), BOOOPLY_OK);
    assert_int_equal(run_code_call(9, "AB-123", NULL), BOOOPLY_E_INVALID_ARGUMENT);
}

/* --------------------------------------------------------------------
 * JSON strings in request bodies
 * -------------------------------------------------------------------- */

/* Quotes, backslashes, every control character, DEL and UTF-8 of two,
 * three and four bytes. */
static char hostile[64];

static void make_hostile(void) {
    size_t n = 0;
    int ch;
    memcpy(hostile, "q\"b\\s/", 6);
    n = 6;
    for (ch = 1; ch < 0x20; ch++) hostile[n++] = (char)ch;
    memcpy(hostile + n, "\x7f\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"", 11);
    n += 11;
    hostile[n] = '\0';
}

/* Invalid UTF-8: a bad continuation, overlong forms, a surrogate, a code
 * point above U+10FFFF, bytes that never occur, a cut sequence. */
static const char *const invalid_utf8[] = {
    "a\xc3\x28", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xff", "\xfe", "ok\xc3",
    "\xe2\x82", "\x80",
};

/* The free-text fields of every call that sends a body. */
enum { F_CREATE_JOB_ROLE, F_CREATE_TITLE, F_CREATE_STAGE, F_CREATE_COMPANY, F_CREATE_CANDIDATE_NAME,
       F_CREATE_CANDIDATE_EMAIL, F_CREATE_CV, F_CREATE_SKILL, F_CREATE_DEPARTMENT, F_CREATE_DESCRIPTION,
       F_CREATE_QUESTION, F_CREATE_EXTERNAL_ID, F_CREATE_AGENDA, F_CREATE_PARTICIPANT_NAME,
       F_RESCHEDULE_REASON, F_CANCEL_REASON, F_ADD_PARTICIPANT_NAME, F_JD_JOB_ROLE, F_JD_DEPARTMENT,
       F_JD_SKILL, F_KEY_USER_ID, F_KEY_USER_NAME, F_KEY_ORG_ID, F_KEY_ORG_NAME, F_KEY_MEMBER_NAME,
       F_KEY_MEMBER_ROLE, F_COUNT };

/* Where each field lands in the body: a dotted path, with "#" for the
 * first element of an array. */
static const char *const field_paths[F_COUNT] = {
    "jobRole", "title", "stage", "companyName", "participants.#.name", "participants.#.email",
    "candidateCV", "skills.#", "department", "jobDescription", "questions.#", "externalJobId", "agenda.#",
    "participants.#.name", "reason", "reason", "participants.#.name", "jobRole", "department", "skills.#",
    "userId", "userName", "organizationId", "organizationName", "teamMembers.#.name", "teamMembers.#.role",
};

/* Runs the call that sends field f, set to text. */
static boooply_err_t run_with_field(int f, const char *text) {
    const char *skills[1], *questions[1], *agenda[1];
    boooply_create_interview_t create;
    boooply_participant_input_t person;
    boooply_reschedule_t reschedule;
    boooply_job_description_request_t jd;
    boooply_create_api_key_t key;
    boooply_team_member_t member;
    boooply_interview_t iv;
    boooply_participant_list_t list;
    boooply_str_t description;
    boooply_api_key_t api_key;

    skills[0] = questions[0] = agenda[0] = "x";
    memset(&create, 0, sizeof create);
    create.type = BOOOPLY_INTERVIEW_AI;
    create.job_role = "Engineer";
    create.candidate.name = "Jane";
    create.candidate.email = "jane@example.com";
    person.name = "Ann";
    person.email = "ann@example.com";
    person.role = "INTERVIEWER";
    switch (f) {
    case F_CREATE_JOB_ROLE: create.job_role = text; break;
    case F_CREATE_TITLE: create.title = text; break;
    case F_CREATE_STAGE: create.stage = text; break;
    case F_CREATE_COMPANY: create.company_name = text; break;
    case F_CREATE_CANDIDATE_NAME: create.candidate.name = text; break;
    case F_CREATE_CANDIDATE_EMAIL: create.candidate.email = text; break;
    case F_CREATE_CV: create.candidate_cv = text; break;
    case F_CREATE_SKILL: skills[0] = text; create.skills = skills; create.skill_count = 1; break;
    case F_CREATE_DEPARTMENT: create.department = text; break;
    case F_CREATE_DESCRIPTION: create.job_description = text; break;
    case F_CREATE_QUESTION: questions[0] = text; create.questions = questions; create.question_count = 1; break;
    case F_CREATE_EXTERNAL_ID: create.external_job_id = text; break;
    case F_CREATE_AGENDA: agenda[0] = text; create.agenda = agenda; create.agenda_count = 1; break;
    case F_CREATE_PARTICIPANT_NAME:
        person.name = text;
        create.type = BOOOPLY_INTERVIEW_HUMAN;
        create.participants = &person;
        create.participant_count = 1;
        break;
    default: break;
    }
    if (f <= F_CREATE_PARTICIPANT_NAME) return boooply_interviews_create(&client, &create, &iv);
    if (f == F_RESCHEDULE_REASON) {
        memset(&reschedule, 0, sizeof reschedule);
        reschedule.scheduled_at = "2026-04-01T14:00:00Z";
        reschedule.reason = text;
        return boooply_interviews_reschedule(&client, "AB-123", &reschedule, &iv);
    }
    if (f == F_CANCEL_REASON) return boooply_interviews_cancel(&client, "AB-123", text, &iv);
    if (f == F_ADD_PARTICIPANT_NAME) {
        person.name = text;
        return boooply_interviews_add_participant(&client, "AB-123", &person, 1, &list);
    }
    if (f <= F_JD_SKILL) {
        memset(&jd, 0, sizeof jd);
        jd.job_role = f == F_JD_JOB_ROLE ? text : "Engineer";
        jd.department = f == F_JD_DEPARTMENT ? text : NULL;
        if (f == F_JD_SKILL) {
            skills[0] = text;
            jd.skills = skills;
            jd.skill_count = 1;
        }
        return boooply_ai_generate_job_description(&client, &jd, &description);
    }
    memset(&key, 0, sizeof key);
    key.user_id = f == F_KEY_USER_ID ? text : "u1";
    key.user_email = "owner@example.com";
    key.user_name = f == F_KEY_USER_NAME ? text : NULL;
    key.organization_id = f == F_KEY_ORG_ID ? text : "o1";
    key.organization_name = f == F_KEY_ORG_NAME ? text : NULL;
    if (f == F_KEY_MEMBER_NAME || f == F_KEY_MEMBER_ROLE) {
        member.email = "member@example.com";
        member.name = f == F_KEY_MEMBER_NAME ? text : "M";
        member.role = f == F_KEY_MEMBER_ROLE ? text : NULL;
        key.team_members = &member;
        key.team_member_count = 1;
    }
    return boooply_create_organization_api_key(&client, &key, &api_key);
}

/* Finds the value at a field path, "#" standing for element 0. */
static int find_field(const boooply_json_t *doc, const char *path) {
    char part[32];
    int value = 0;
    while (*path && value >= 0) {
        size_t n = strcspn(path, ".");
        assert_true(n < sizeof part);
        memcpy(part, path, n);
        part[n] = '\0';
        if (strcmp(part, "#") == 0) {
            boooply_iter_t it = boooply_json_iter(doc, value);
            if (boooply_json_type(doc, value) != BOOOPLY_JSON_ARRAY || !boooply_json_next(&it, &value)) return -1;
        } else {
            value = boooply_json_get(doc, value, part);
        }
        path += n + (path[n] == '.');
    }
    return value;
}

static void body_strings_escaped(void **state) {
    static char body[SCRIPT_WIRE_SIZE];
    static boooply_token_t body_tokens[TOKEN_COUNT];
    int f;
    (void)state;
    make_hostile();
    for (f = 0; f < F_COUNT; f++) {
        char label[LABEL_SIZE];
        const char *request, *start;
        const char *text = f == F_CREATE_CANDIDATE_EMAIL ? "\"q\\u\"@example.com" : hostile;
        boooply_json_t doc;
        boooply_str_t s;
        size_t len, i;
        int value;
        snprintf(label, sizeof label, "body field %s", field_paths[f]);
        assert_int_equal(init_with("http://api.example.com", "tok"), BOOOPLY_OK);
        if (run_with_field(f, text) != BOOOPLY_E_HTTP_STATUS) fail_msg("%s: %s", label, client.last.message);
        request = sent_request();
        expect_clean_head(label, request);
        start = strstr(request, "\r\n\r\n") + 4;
        len = strlen(start);
        /* No raw control byte: every one is escaped. */
        for (i = 0; i < len; i++)
            if ((unsigned char)start[i] < 0x20) fail_msg("%s: raw byte 0x%02x in the body", label, start[i]);
        memcpy(body, start, len);
        if (boooply_json_parse(&doc, body, len, body_tokens, TOKEN_COUNT, NULL) != BOOOPLY_OK)
            fail_msg("%s: the body is not valid JSON: %s", label, start);
        value = find_field(&doc, field_paths[f]);
        if (boooply_json_get_string(&doc, value, &s) != BOOOPLY_OK) fail_msg("%s: field missing", label);
        assert_int_equal(s.len, strlen(text));
        assert_memory_equal(s.ptr, text, s.len);
    }
}

static void body_invalid_utf8_rejected(void **state) {
    int f;
    size_t i;
    (void)state;
    for (f = 0; f < F_COUNT; f++) {
        for (i = 0; i < sizeof invalid_utf8 / sizeof invalid_utf8[0]; i++) {
            char text[32], label[LABEL_SIZE];
            boooply_err_t err;
            /* E-mail fields need an @ to pass the e-mail check first. */
            snprintf(text, sizeof text, "%s%s", invalid_utf8[i], f == F_CREATE_CANDIDATE_EMAIL ? "@example.com" : "");
            snprintf(label, sizeof label, "body field %s with invalid UTF-8 number %zu", field_paths[f], i);
            assert_int_equal(init_with("http://api.example.com", "tok"), BOOOPLY_OK);
            err = run_with_field(f, text);
            if (err != BOOOPLY_E_INVALID_ARGUMENT) fail_msg("%s: %s", label, boooply_strerror(err));
            assert_true(client.last.message[0] != '\0');
            assert_int_equal(script.connects, 0);
            assert_int_equal(script.send_calls, 0);
        }
    }
}

/* --------------------------------------------------------------------
 * JSON strings in responses
 * -------------------------------------------------------------------- */

static char response[1024];

/* Sends interviews_get with a response whose meetingCode is the JSON text
 * code_json; returns the call's result and the code in *code. */
static boooply_err_t get_with_code(const char *code_json, size_t code_len, boooply_str_t *code) {
    static char body[512];
    boooply_config_t cfg = make_config("http://api.example.com", "tok");
    boooply_interview_t iv;
    boooply_err_t err;
    size_t body_len, n;
    memcpy(body, "{\"meeting\":{\"meetingCode\":", 26);
    memcpy(body + 26, code_json, code_len);
    memcpy(body + 26 + code_len, "}}", 2);
    body_len = 26 + code_len + 2;
    n = (size_t)snprintf(response, sizeof response, "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\n\r\n", body_len);
    memcpy(response + n, body, body_len);
    script_response(response, n + body_len);
    assert_int_equal(boooply_init(&client, &cfg), BOOOPLY_OK);
    err = boooply_interviews_get(&client, "AB-123", &iv);
    *code = iv.meeting_code;
    return err;
}

static void response_strings_decoded(void **state) {
    static const char escaped[] = "\"A\\\"B\\\\C\\/D\\b\\f\\n\\r\\t\\u0001\\u00e9\\ud83d\\ude00\\ud800E\"";
    static const char decoded[] = "A\"B\\C/D\b\f\n\r\t\x01\xc3\xa9\xf0\x9f\x98\x80\xef\xbf\xbd" "E";
    boooply_str_t code;
    int ch;
    size_t i;
    (void)state;
    assert_int_equal(get_with_code(escaped, sizeof escaped - 1, &code), BOOOPLY_OK);
    assert_int_equal(code.len, sizeof decoded - 1);
    assert_memory_equal(code.ptr, decoded, code.len);
    assert_int_equal(code.ptr[code.len], '\0');

    /* Raw control characters and invalid UTF-8 make the body malformed. */
    for (ch = 0; ch < 0x20; ch++) {
        char raw[8] = {'"', 'A', (char)ch, 'B', '"'};
        assert_int_equal(get_with_code(raw, 5, &code), BOOOPLY_E_MALFORMED_JSON);
        assert_null(code.ptr);
    }
    for (i = 0; i < sizeof invalid_utf8 / sizeof invalid_utf8[0]; i++) {
        char raw[32];
        size_t n = strlen(invalid_utf8[i]);
        raw[0] = '"';
        memcpy(raw + 1, invalid_utf8[i], n);
        raw[n + 1] = '"';
        assert_int_equal(get_with_code(raw, n + 2, &code), BOOOPLY_E_MALFORMED_JSON);
    }
    /* A quote not escaped ends the string early. */
    assert_int_equal(get_with_code("\"A\"B\"", 5, &code), BOOOPLY_E_MALFORMED_JSON);
}

/* --------------------------------------------------------------------
 * Numbers in response headers
 * -------------------------------------------------------------------- */

/* Sends GET /x with a response carrying one extra header line. */
static void get_with_header(const char *line) {
    boooply_config_t cfg = make_config("http://api.example.com", "tok");
    boooply_request_t req;
    int n = snprintf(response, sizeof response, "HTTP/1.1 429 Too Many Requests\r\n%s\r\nContent-Length: 2\r\n\r\n{}",
                     line);
    assert_true(n > 0 && (size_t)n < sizeof response);
    script_response(response, (size_t)n);
    assert_int_equal(boooply_init(&client, &cfg), BOOOPLY_OK);
    memset(&req, 0, sizeof req);
    req.method = "GET";
    req.path = "/x";
    assert_int_equal(boooply_raw(&client, &req), BOOOPLY_E_HTTP_STATUS);
}

/* A count too large for the client's types is still a count: it
 * saturates at LONG_MAX instead of reading as absent (-1), which would make
 * a retry ignore the server's Retry-After. */
static void huge_header_numbers_saturate(void **state) {
    static const char *const huge[] = {"2147483648", "4294967296", "18446744073709551615",
                                       "18446744073709551616", "99999999999999999999999999999999"};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof huge / sizeof huge[0]; i++) {
        char line[64];
        long expected = LONG_MAX;
        if (strlen(huge[i]) == 10 && (unsigned long)LONG_MAX >= 4294967296ul)
            expected = (long)strtol(huge[i], NULL, 10);
        snprintf(line, sizeof line, "Retry-After: %s", huge[i]);
        get_with_header(line);
        assert_int_equal(client.last.retry_after, expected);
        snprintf(line, sizeof line, "X-RateLimit-Reset: %s", huge[i]);
        get_with_header(line);
        assert_int_equal(client.last.rate_reset, expected);
    }
}

/* --------------------------------------------------------------------
 * HTTP-dates in Retry-After and Date
 * -------------------------------------------------------------------- */

#define BASE_DATE "Sun, 06 Nov 1994 08:49:37 GMT"

/* Unix seconds of a UTC time, from the C library as an oracle. */
static long unix_seconds(int year, int month, int day, int hour, int minute, int second) {
    struct tm t;
    memset(&t, 0, sizeof t);
    t.tm_year = year - 1900;
    t.tm_mon = month - 1;
    t.tm_mday = day;
    t.tm_hour = hour;
    t.tm_min = minute;
    t.tm_sec = second;
    return (long)timegm(&t);
}

/* Only IMF-fixdate counts. Each malformed form leaves Retry-After unknown
 * (-1), whether it is the Retry-After value or the Date it is measured
 * against, and the call ends with the 429 rather than waiting. */
static void http_dates_parsed_strictly(void **state) {
    static const char *const bad[] = {
        "Sun, 06 Nov 1994 08:49:37 UTC",  "Sun 06 Nov 1994 08:49:37 GMT ",  "Sun, 06-Nov-1994 08:49:37 GMT",
        "Sun, 06 Foo 1994 08:49:37 GMT",  "Sun, 00 Nov 1994 08:49:37 GMT", "Sun, 32 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 24:00:00 GMT",  "Sun, 06 Nov 1994 08:60:00 GMT", "Sun, 06 Nov 1994 08:49:61 GMT",
        "Sun, 06 Nov 19x4 08:49:37 GMT",  "Sun, 0x Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 0x:49:37 GMT",
        "Sun, 06 Nov 1994 08:4x:37 GMT",  "Sun, 06 Nov 1994 08:49:3x GMT", "Sun, 06 Nov 1994 08.49:37 GMT",
        "Sun, 06 Nov 1994 08:49.37 GMT",  "Sun,06 Nov 1994 08:49:37 GMT ", "Sun, 06 Nov 199408:49:37 GMT ",
        "Sun, 06 Nov 1994 08:49:37 gmt",  "Sun, 6 Nov 1994 08:49:37 GMT",  "Sunday, 06-Nov-94 08:49:37 GMT",
        "Sun Nov  6 08:49:37 1994",       "Sun, 06 nov 1994 08:49:37 GMT", "",
        "Sat, 01 Jan 0000 00:00:00 GMT", /* before 1970: no Unix time to compare */
    };
    static const struct {
        const char *text;
        int year, month, day, hour, minute, second;
    } good[] = {
        {"Sun, 06 Nov 1994 08:51:37 GMT", 1994, 11, 6, 8, 51, 37},
        {"Mon, 07 Nov 1994 08:49:37 GMT", 1994, 11, 7, 8, 49, 37},
        {"Sun, 06 Nov 1994 08:59:60 GMT", 1994, 11, 6, 9, 0, 0}, /* a leap second */
        {"Wed, 01 Jan 1997 00:00:00 GMT", 1997, 1, 1, 0, 0, 0},
        {"Thu, 29 Feb 2028 12:00:00 GMT", 2028, 2, 29, 12, 0, 0},
        {"Thu, 31 Dec 2037 23:59:59 GMT", 2037, 12, 31, 23, 59, 59},
    };
    long base = unix_seconds(1994, 11, 6, 8, 49, 37);
    size_t i;
    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char line[160];
        snprintf(line, sizeof line, "Date: " BASE_DATE "\r\nRetry-After: %s", bad[i]);
        get_with_header(line);
        assert_int_equal(client.last.retry_after, -1);
        snprintf(line, sizeof line, "Date: %s\r\nRetry-After: Sun, 06 Nov 1994 08:51:37 GMT", bad[i]);
        get_with_header(line);
        assert_int_equal(client.last.retry_after, -1);
    }
    for (i = 0; i < sizeof good / sizeof good[0]; i++) {
        char line[160];
        long at = unix_seconds(good[i].year, good[i].month, good[i].day, good[i].hour, good[i].minute,
                               good[i].second);
        snprintf(line, sizeof line, "Date: " BASE_DATE "\r\nRetry-After: %s", good[i].text);
        get_with_header(line);
        assert_int_equal(client.last.retry_after, at - base);
    }
    /* 2100 is no leap year, so 1 March follows 28 February. */
    get_with_header("Date: Sun, 28 Feb 2100 00:00:00 GMT\r\nRetry-After: Mon, 01 Mar 2100 00:00:00 GMT");
    assert_int_equal(client.last.retry_after, 86400);
    /* A Retry-After date before the response's Date means now. */
    get_with_header("Date: " BASE_DATE "\r\nRetry-After: Sat, 05 Nov 1994 08:49:37 GMT");
    assert_int_equal(client.last.retry_after, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(api_key_every_byte),
        cmocka_unit_test(host_every_byte),
        cmocka_unit_test(port_every_byte),
        cmocka_unit_test(path_prefix_every_byte),
        cmocka_unit_test(request_line_every_byte),
        cmocka_unit_test(query_every_byte_encoded),
        cmocka_unit_test(codes_encoded_every_call),
        cmocka_unit_test(participant_ids_encoded),
        cmocka_unit_test(body_strings_escaped),
        cmocka_unit_test(body_invalid_utf8_rejected),
        cmocka_unit_test(response_strings_decoded),
        cmocka_unit_test(huge_header_numbers_saturate),
        cmocka_unit_test(http_dates_parsed_strictly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
