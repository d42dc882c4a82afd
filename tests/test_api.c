/* API calls against the local simulator over real loopback TCP, through the
 * POSIX port. The simulator records every request it receives, so these
 * tests compare the exact bytes the library put on the wire. */
#include "test_util.h"

#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "ports/boooply_posix.h"

#define KEY "bply_org_test_key"

static pid_t sim_pid;
static int sim_port;
static char sim_dir[64];
static char log_path[128];
static char base_url[64];

static unsigned char buffer[16384];
static boooply_token_t tokens[2048];
static boooply_posix_t tcp;
static boooply_client_t client;

static void sleep_ms(long ms) {
    struct timespec ts;
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000L;
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* Starts the simulator on a free loopback port, once for the whole run. */
static int start_simulator(void **state) {
    char port_file[128];
    int i;
    (void)state;
    snprintf(sim_dir, sizeof sim_dir, "/tmp/boooply-test-XXXXXX");
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
    char cmd[160];
    (void)state;
    if (sim_pid > 0) {
        kill(sim_pid, SIGTERM);
        waitpid(sim_pid, NULL, 0);
    }
    snprintf(cmd, sizeof cmd, "rm -rf %s", sim_dir);
    if (system(cmd) != 0) return -1;
    return 0;
}

static void init_client_with(boooply_client_t *c, unsigned char *buf, size_t size, boooply_token_t *toks,
                             size_t count, const char *key) {
    boooply_config_t cfg = {0};
    boooply_posix_init(&tcp);
    cfg.base_url = base_url;
    cfg.api_key = key;
    cfg.port = boooply_posix_port(&tcp);
    cfg.buffer = buf;
    cfg.buffer_size = size;
    cfg.tokens = toks;
    cfg.token_count = count;
    cfg.timeout_ms = 10000;
    assert_int_equal(boooply_init(c, &cfg), BOOOPLY_OK);
}

/* Sends a control request to the simulator through the library itself. */
static void sim_control(const char *path, const char *body) {
    boooply_request_t req = {0};
    req.method = "POST";
    req.path = path;
    req.body = body;
    req.body_len = body ? strlen(body) : 0;
    assert_int_equal(boooply_raw(&client, &req), BOOOPLY_OK);
}

/* Fresh simulator state and a fresh client before every test. */
static int reset(void **state) {
    (void)state;
    init_client_with(&client, buffer, sizeof buffer, tokens, 2048, KEY);
    sim_control("/__sim/reset", NULL);
    boooply_close(&client);
    init_client_with(&client, buffer, sizeof buffer, tokens, 2048, KEY);
    return 0;
}

static int finish(void **state) {
    (void)state;
    boooply_close(&client);
    return 0;
}

/* Reads the simulator's log: request number n (1-based) into out. Returns
 * its length, or -1 when there are fewer requests. */
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
    char tmp[1 << 16];
    int n = 0;
    while (logged_request(n + 1, tmp, sizeof tmp) >= 0) n++;
    return n;
}

static void expect_request(int n, const char *request_line, const char *body) {
    static char got[1 << 16];
    static char expected[1 << 16];
    long len = logged_request(n, got, sizeof got);
    assert_true(len > 0);
    if (body)
        snprintf(expected, sizeof expected,
                 "%s\r\nHost: 127.0.0.1:%d\r\nAuthorization: Bearer " KEY "\r\n"
                 "User-Agent: boooply-c/" BOOOPLY_VERSION "\r\nX-SDK-Version: " BOOOPLY_VERSION "\r\n"
                 "Accept: application/json\r\nContent-Type: application/json\r\n"
                 "Content-Length: %zu\r\nConnection: keep-alive\r\n\r\n%s",
                 request_line, sim_port, strlen(body), body);
    else
        snprintf(expected, sizeof expected,
                 "%s\r\nHost: 127.0.0.1:%d\r\nAuthorization: Bearer " KEY "\r\n"
                 "User-Agent: boooply-c/" BOOOPLY_VERSION "\r\nX-SDK-Version: " BOOOPLY_VERSION "\r\n"
                 "Accept: application/json\r\nConnection: keep-alive\r\n\r\n",
                 request_line, sim_port);
    assert_string_equal(got, expected);
}

static void create_ai_request_bytes(void **state) {
    boooply_create_interview_t req = {0};
    boooply_interview_t iv;
    boooply_participant_t p;
    boooply_iter_t it;
    (void)state;
    req.type = BOOOPLY_INTERVIEW_AI;
    req.job_role = "Senior Frontend Engineer";
    req.candidate.name = "Jane Doe";
    req.candidate.email = "jane@example.com";
    assert_int_equal(boooply_interviews_create(&client, &req, &iv), BOOOPLY_OK);
    expect_request(1, "POST /api/integration/interviews HTTP/1.1",
                   "{\"meetingType\":\"AI_ONLY\",\"isTeamMeeting\":false,\"jobRole\":\"Senior Frontend Engineer\","
                   "\"participants\":[{\"name\":\"Jane Doe\",\"email\":\"jane@example.com\",\"role\":\"CANDIDATE\"}],"
                   "\"durationMinutes\":30}");
    assert_int_equal(client.last.http_status, 201);
    assert_memory_equal(iv.meeting_code.ptr, "Boooply-AI-", 11);
    assert_int_equal(strlen(iv.meeting_code.ptr), iv.meeting_code.len);
    assert_true(boooply_str_eq(iv.meeting_type, "AI_ONLY"));
    assert_true(boooply_str_eq(iv.session_status, "SCHEDULED"));
    assert_int_equal(iv.is_team_meeting, 0);
    assert_int_equal(iv.duration_minutes, 30);
    assert_true(client.last.rate_limit > 0);
    assert_true(client.last.rate_remaining >= 0);
    assert_true(client.last.rate_reset > 0);
    it = iv.participants;
    assert_int_equal(boooply_participant_next(&it, &p), 1);
    assert_true(boooply_str_eq(p.name, "Jane Doe"));
    assert_true(boooply_str_eq(p.role, "CANDIDATE"));
    assert_int_equal(p.join_token.len, 32);
    assert_int_equal(boooply_participant_next(&it, &p), 0);
}

static void create_every_field_bytes(void **state) {
    static const boooply_participant_input_t people[] = {
        {"Jane \"JD\" Doe", "jane@example.com", "CANDIDATE"},
        {"Bob Smith", "bob@company.com", "INTERVIEWER"},
    };
    static const char *const skills[] = {"Node.js", "PostgreSQL"};
    static const char *const questions[] = {"Tell me about a hard bug.", "Why \\ and /?"};
    static const char *const agenda[] = {"Intro", "Deep dive"};
    static const boooply_slot_input_t slots[] = {{"2026-04-01T14:00:00Z", "2026-04-01T15:00:00Z"}};
    boooply_create_interview_t req = {0};
    boooply_interview_t iv;
    (void)state;
    req.type = BOOOPLY_INTERVIEW_HUMAN;
    req.job_role = "Backend Engineer";
    req.title = "Backend round 2";
    req.category = "TECHNICAL";
    req.stage = "Round 2";
    req.company_name = "Acme Corp";
    req.participants = people;
    req.participant_count = 2;
    req.candidate_cv = "Line one\nLine two\ttabbed";
    req.skills = skills;
    req.skill_count = 2;
    req.seniority = "SENIOR";
    req.department = "Engineering";
    req.job_description = "Café team, 10% remote";
    req.work_setup = "HYBRID";
    req.employment_type = "FULL_TIME";
    req.duration_minutes = 45;
    req.scheduled_at = "2026-04-01T14:00:00Z";
    req.scheduling_mode = "FIXED";
    req.available_slots = slots;
    req.available_slot_count = 1;
    req.questions = questions;
    req.question_count = 2;
    req.ai_generate = BOOOPLY_FLAG_FALSE;
    req.evaluation_focus = "problem_solving";
    req.send_candidate_feedback = BOOOPLY_FLAG_TRUE;
    req.external_job_id = "job_abc123";
    req.agenda = agenda;
    req.agenda_count = 2;
    req.transcription_enabled = BOOOPLY_FLAG_TRUE;
    assert_int_equal(boooply_interviews_create(&client, &req, &iv), BOOOPLY_OK);
    expect_request(1, "POST /api/integration/interviews HTTP/1.1",
                   "{\"meetingType\":\"HUMAN\",\"isTeamMeeting\":false,\"jobRole\":\"Backend Engineer\","
                   "\"title\":\"Backend round 2\",\"category\":\"TECHNICAL\",\"stage\":\"Round 2\","
                   "\"companyName\":\"Acme Corp\",\"participants\":["
                   "{\"name\":\"Jane \\\"JD\\\" Doe\",\"email\":\"jane@example.com\",\"role\":\"CANDIDATE\"},"
                   "{\"name\":\"Bob Smith\",\"email\":\"bob@company.com\",\"role\":\"INTERVIEWER\"}],"
                   "\"candidateCV\":\"Line one\\nLine two\\ttabbed\",\"skills\":[\"Node.js\",\"PostgreSQL\"],"
                   "\"seniority\":\"SENIOR\",\"department\":\"Engineering\","
                   "\"jobDescription\":\"Caf\xc3\xa9 team, 10% remote\",\"workSetup\":\"HYBRID\","
                   "\"employmentType\":\"FULL_TIME\",\"durationMinutes\":45,"
                   "\"scheduledAt\":\"2026-04-01T14:00:00Z\",\"schedulingMode\":\"FIXED\","
                   "\"availableSlots\":[{\"start\":\"2026-04-01T14:00:00Z\",\"end\":\"2026-04-01T15:00:00Z\"}],"
                   "\"questions\":[\"Tell me about a hard bug.\",\"Why \\\\ and /?\"],\"aiGenerate\":false,"
                   "\"evaluationFocus\":\"problem_solving\",\"sendCandidateFeedback\":true,"
                   "\"externalJobId\":\"job_abc123\",\"agenda\":[\"Intro\",\"Deep dive\"],"
                   "\"transcriptionEnabled\":true}");
    assert_memory_equal(iv.meeting_code.ptr, "Boooply-HU-", 11);
    assert_int_equal(iv.duration_minutes, 45);
    assert_int_equal(boooply_json_size(iv.participants.doc, iv.participants.next - 1), 2);
}

static void create_team_meeting(void **state) {
    static const boooply_participant_input_t people[] = {
        {"Alice", "alice@company.com", "HOST"},
        {"Bob", "bob@company.com", "PARTICIPANT"},
        {"Carol", "carol@company.com", "PARTICIPANT"},
    };
    boooply_create_interview_t req = {0};
    boooply_interview_t iv;
    boooply_participant_t p;
    boooply_iter_t it;
    int count = 0;
    (void)state;
    req.type = BOOOPLY_INTERVIEW_TEAM;
    req.scheduled_at = "2026-04-01T10:00:00Z";
    req.duration_minutes = 60;
    req.participants = people;
    req.participant_count = 3;
    req.transcription_enabled = BOOOPLY_FLAG_TRUE;
    assert_int_equal(boooply_interviews_create(&client, &req, &iv), BOOOPLY_OK);
    expect_request(1, "POST /api/integration/interviews HTTP/1.1",
                   "{\"meetingType\":\"HUMAN\",\"isTeamMeeting\":true,\"participants\":["
                   "{\"name\":\"Alice\",\"email\":\"alice@company.com\",\"role\":\"HOST\"},"
                   "{\"name\":\"Bob\",\"email\":\"bob@company.com\",\"role\":\"PARTICIPANT\"},"
                   "{\"name\":\"Carol\",\"email\":\"carol@company.com\",\"role\":\"PARTICIPANT\"}],"
                   "\"durationMinutes\":60,\"scheduledAt\":\"2026-04-01T10:00:00Z\",\"transcriptionEnabled\":true}");
    assert_int_equal(iv.is_team_meeting, 1);
    assert_memory_equal(iv.meeting_code.ptr, "Boooply-TM-", 11);
    it = iv.participants;
    while (boooply_participant_next(&it, &p)) {
        assert_non_null(p.join_token.ptr);
        count++;
    }
    assert_int_equal(count, 3);
}

static void get_request_bytes(void **state) {
    boooply_interview_t iv;
    boooply_participant_t p;
    boooply_iter_t it;
    int roles = 0;
    (void)state;
    assert_int_equal(boooply_interviews_get(&client, "Boooply-HU-1000000003", &iv), BOOOPLY_OK);
    expect_request(1, "GET /api/integration/interviews/Boooply-HU-1000000003 HTTP/1.1", NULL);
    assert_int_equal(client.last.http_status, 200);
    assert_true(boooply_str_eq(iv.meeting_code, "Boooply-HU-1000000003"));
    assert_true(boooply_str_eq(iv.meeting_type, "HUMAN"));
    assert_true(boooply_str_eq(iv.session_status, "SCHEDULED"));
    it = iv.participants;
    while (boooply_participant_next(&it, &p)) {
        if (boooply_str_eq(p.role, "CANDIDATE")) roles |= 1;
        if (boooply_str_eq(p.role, "INTERVIEWER")) roles |= 2;
    }
    assert_int_equal(roles, 3);
}

static void get_encodes_code(void **state) {
    boooply_interview_t iv;
    (void)state;
    assert_int_equal(boooply_interviews_get(&client, "a/b c?d#e%", &iv), BOOOPLY_E_HTTP_STATUS);
    expect_request(1, "GET /api/integration/interviews/a%2Fb%20c%3Fd%23e%25 HTTP/1.1", NULL);
    assert_int_equal(client.last.http_status, 404);
    assert_true(boooply_str_eq(client.last.api_code, "NOT_FOUND"));
    assert_non_null(client.last.api_error.ptr);
    assert_null(iv.meeting_code.ptr);
}

static void get_rejects_dot_segments(void **state) {
    boooply_interview_t iv;
    (void)state;
    assert_int_equal(boooply_interviews_get(&client, "", &iv), BOOOPLY_E_INVALID_ARGUMENT);
    assert_int_equal(boooply_interviews_get(&client, ".", &iv), BOOOPLY_E_INVALID_ARGUMENT);
    assert_int_equal(boooply_interviews_get(&client, "..", &iv), BOOOPLY_E_INVALID_ARGUMENT);
    assert_int_equal(boooply_interviews_get(&client, NULL, &iv), BOOOPLY_E_INVALID_ARGUMENT);
    assert_int_equal(logged_count(), 0);
    assert_int_equal(boooply_interviews_get(&client, "Boooply-AI-1000000001", &iv), BOOOPLY_OK);
}

static void list_every_filter_bytes(void **state) {
    boooply_list_interviews_t params = {0};
    boooply_interview_list_t list;
    (void)state;
    params.status = "COMPLETED,CANCELLED";
    params.type = "AI_ONLY";
    params.search = "front end&co";
    params.source_id = "ats-42";
    params.date_field = "created";
    params.date_from = "2026-01-01";
    params.date_to = "2026-12-31T23:59:59Z";
    params.score_min = 0;
    params.has_score_min = 1;
    params.score_max = 100;
    params.has_score_max = 1;
    params.page = 1;
    params.limit = 100;
    assert_int_equal(boooply_interviews_list(&client, &params, &list), BOOOPLY_OK);
    expect_request(1,
                   "GET /api/integration/interviews?status=COMPLETED%2CCANCELLED&type=AI_ONLY"
                   "&search=front%20end%26co&sourceId=ats-42&dateField=created&dateFrom=2026-01-01"
                   "&dateTo=2026-12-31T23%3A59%3A59Z&scoreMin=0&scoreMax=100&page=1&limit=100 HTTP/1.1",
                   NULL);
    assert_int_equal(list.page, 1);
    assert_int_equal(list.limit, 100);
    assert_true(list.total >= 0);
}

static void list_walks_all_pages(void **state) {
    boooply_list_interviews_t params = {0};
    boooply_interview_list_t list;
    boooply_interview_t iv;
    int seen = 0, total = -1, page;
    (void)state;
    params.limit = 10;
    for (page = 1;; page++) {
        params.page = page;
        assert_int_equal(boooply_interviews_list(&client, &params, &list), BOOOPLY_OK);
        total = list.total;
        while (boooply_interview_next(&list.interviews, &iv)) {
            assert_non_null(iv.meeting_code.ptr);
            assert_non_null(iv.session_status.ptr);
            assert_true(iv.overall_score >= -1 && iv.overall_score <= 100);
            seen++;
        }
        if (page >= list.total_pages) break;
    }
    assert_true(total >= 40);
    assert_int_equal(seen, total);
    /* Every page went over the one keep-alive connection. */
    assert_int_equal(client.last.reconnects, 0);
}

static void list_accepts_observed_names(void **state) {
    boooply_interview_list_t list;
    boooply_interview_t iv;
    int n = 0;
    (void)state;
    sim_control("/__sim/config", "{\"list_key\":\"interviews\",\"code_key\":\"code\"}");
    assert_int_equal(boooply_interviews_list(&client, NULL, &list), BOOOPLY_OK);
    expect_request(1, "GET /api/integration/interviews HTTP/1.1", NULL);
    while (boooply_interview_next(&list.interviews, &iv)) {
        assert_non_null(iv.meeting_code.ptr);
        n++;
    }
    assert_true(n > 0);
    assert_int_equal(boooply_interviews_get(&client, "Boooply-TM-1000000004", &iv), BOOOPLY_OK);
    assert_true(boooply_str_eq(iv.meeting_code, "Boooply-TM-1000000004"));
}

static void chunked_responses_decode(void **state) {
    boooply_interview_list_t list;
    boooply_interview_t iv;
    (void)state;
    sim_control("/__sim/config", "{\"chunked\":true,\"chunk_size\":7}");
    assert_int_equal(boooply_interviews_get(&client, "Boooply-AI-1000000001", &iv), BOOOPLY_OK);
    assert_true(boooply_str_eq(iv.meeting_code, "Boooply-AI-1000000001"));
    assert_int_equal(boooply_interviews_list(&client, NULL, &list), BOOOPLY_OK);
    assert_int_equal(boooply_interviews_get(&client, "Boooply-HU-1000000003", &iv), BOOOPLY_OK);
    assert_int_equal(client.last.reconnects, 0);
}

/* Each call that breaks a documented rule fails before any byte is sent. */
static void create_rules_send_nothing(void **state) {
    static const boooply_participant_input_t no_host[] = {{"Bob", "bob@company.com", "PARTICIPANT"}};
    static const boooply_participant_input_t bad_role[] = {{"Bob", "bob@company.com", "BOSS"}};
    static const boooply_participant_input_t no_email[] = {{"Bob", "", "HOST"}};
    static const boooply_slot_input_t bad_slot[] = {{"2026-04-01 14:00", "2026-04-01T15:00:00Z"}};
    static boooply_slot_input_t many_slots[51];
    boooply_create_interview_t base = {0}, req;
    boooply_interview_t iv;
    size_t i;
    (void)state;
    for (i = 0; i < 51; i++) {
        many_slots[i].start = "2026-04-01T14:00:00Z";
        many_slots[i].end = "2026-04-01T15:00:00Z";
    }
    base.type = BOOOPLY_INTERVIEW_AI;
    base.job_role = "Engineer";
    base.candidate.name = "Jane";
    base.candidate.email = "jane@example.com";

#define REJECT(setup, text)                                                                 \
    do {                                                                                    \
        req = base;                                                                         \
        setup;                                                                              \
        assert_int_equal(boooply_interviews_create(&client, &req, &iv), BOOOPLY_E_INVALID_ARGUMENT); \
        assert_string_equal(client.last.message, text);                                     \
    } while (0)

    REJECT(req.type = BOOOPLY_INTERVIEW_UNSET, "type must be BOOOPLY_INTERVIEW_AI, _HUMAN or _TEAM");
    REJECT(req.job_role = NULL, "jobRole is required for AI and human interviews");
    REJECT(req.candidate.name = NULL, "an AI interview needs candidate.name");
    REJECT(req.candidate.email = "not-an-email", "an AI interview needs a valid candidate.email");
    REJECT(req.type = BOOOPLY_INTERVIEW_HUMAN, "participants are required for human interviews and team meetings");
    REJECT((req.participants = no_host, req.participant_count = 1), "an AI interview needs a CANDIDATE participant");
    REJECT((req.type = BOOOPLY_INTERVIEW_TEAM, req.participants = no_host, req.participant_count = 1),
           "a team meeting needs a HOST participant");
    REJECT((req.participants = bad_role, req.participant_count = 1),
           "participant role must be HOST, CO_HOST, INTERVIEWER, CANDIDATE or PARTICIPANT");
    REJECT((req.participants = no_email, req.participant_count = 1), "every participant needs a valid email");
    REJECT(req.duration_minutes = 4, "durationMinutes must be at least 5");
    REJECT(req.duration_minutes = -30, "durationMinutes must be at least 5");
    REJECT(req.category = "INTERVIEW",
           "category must be SCREENING, TECHNICAL, BEHAVIORAL, ASSIGNMENT, CULTURAL, CASE_STUDY, PANEL or FINAL");
    REJECT(req.seniority = "senior", "seniority must be JUNIOR, MID, SENIOR, LEAD or PRINCIPAL");
    REJECT(req.work_setup = "OFFICE", "workSetup must be REMOTE, ONSITE or HYBRID");
    REJECT(req.employment_type = "INTERN", "employmentType must be FULL_TIME, PART_TIME or CONTRACT");
    REJECT(req.evaluation_focus = "vibes",
           "evaluationFocus must be knowledge, balanced, communication, problem_solving or culture");
    REJECT(req.scheduling_mode = "LATER", "schedulingMode must be IMMEDIATE, FIXED or CANDIDATE_PICKS");
    REJECT(req.scheduled_at = "tomorrow", "scheduledAt must be an ISO 8601 date-time such as 2026-04-01T14:00:00Z");
    REJECT(req.scheduled_at = "2026-02-30T10:00:00Z",
           "scheduledAt must be an ISO 8601 date-time such as 2026-04-01T14:00:00Z");
    REJECT(req.scheduling_mode = "FIXED", "scheduledAt is required when schedulingMode is FIXED");
    REJECT((req.type = BOOOPLY_INTERVIEW_TEAM, req.participants = no_host, req.participant_count = 0,
            req.scheduling_mode = "CANDIDATE_PICKS"),
           "participants are required for human interviews and team meetings");
    REJECT((req.available_slots = many_slots, req.available_slot_count = 51),
           "availableSlots holds at most 50 slots");
    REJECT((req.available_slots = bad_slot, req.available_slot_count = 1),
           "every available slot needs ISO 8601 start and end date-times");
    REJECT(req.candidate.name = "Bad \xff byte", "a string field is not valid UTF-8");
#undef REJECT
    {
        static const boooply_participant_input_t host[] = {{"Alice", "alice@company.com", "HOST"}};
        req = base;
        req.type = BOOOPLY_INTERVIEW_TEAM;
        req.participants = host;
        req.participant_count = 1;
        req.scheduling_mode = "CANDIDATE_PICKS";
        assert_int_equal(boooply_interviews_create(&client, &req, &iv), BOOOPLY_E_INVALID_ARGUMENT);
        assert_string_equal(client.last.message, "CANDIDATE_PICKS is not available for team meetings");
    }
    assert_int_equal(logged_count(), 0);
    assert_int_equal(client.last.reconnects, 0);
    /* The client still works after every rejection. */
    assert_int_equal(boooply_interviews_create(&client, &base, &iv), BOOOPLY_OK);
    assert_int_equal(logged_count(), 1);
}

static void list_rules_send_nothing(void **state) {
    boooply_list_interviews_t p;
    boooply_interview_list_t list;
    (void)state;
#define REJECT(setup, text)                                                                  \
    do {                                                                                     \
        memset(&p, 0, sizeof p);                                                             \
        setup;                                                                               \
        assert_int_equal(boooply_interviews_list(&client, &p, &list), BOOOPLY_E_INVALID_ARGUMENT); \
        assert_string_equal(client.last.message, text);                                      \
    } while (0)
    REJECT(p.limit = 101, "limit must be between 1 and 100");
    REJECT(p.limit = -1, "limit must be between 1 and 100");
    REJECT(p.page = -2, "page must be at least 1");
    REJECT(p.status = "DONE", "status must be SCHEDULED, ACTIVE, COMPLETED, CANCELLED, FAILED or a comma-separated set");
    REJECT(p.status = "SCHEDULED,", "status must be SCHEDULED, ACTIVE, COMPLETED, CANCELLED, FAILED or a comma-separated set");
    REJECT(p.type = "ROBOT", "type must be AI_ONLY, HUMAN or TEAM");
    REJECT(p.date_field = "updated", "dateField must be scheduled or created");
    REJECT(p.date_from = "01/02/2026", "dateFrom and dateTo must be ISO 8601 dates");
    REJECT((p.score_min = 101, p.has_score_min = 1), "scoreMin and scoreMax must be between 0 and 100");
    REJECT((p.score_max = -1, p.has_score_max = 1), "scoreMin and scoreMax must be between 0 and 100");
#undef REJECT
    assert_int_equal(logged_count(), 0);
}

static void bad_key_gives_401(void **state) {
    boooply_interview_t iv;
    boooply_client_t other;
    static unsigned char buf[4096];
    static boooply_token_t toks[128];
    (void)state;
    init_client_with(&other, buf, sizeof buf, toks, 128, "bply_org_wrong");
    assert_int_equal(boooply_interviews_get(&other, "Boooply-AI-1000000001", &iv), BOOOPLY_E_HTTP_STATUS);
    assert_int_equal(other.last.http_status, 401);
    assert_true(boooply_str_eq(other.last.api_code, "INVALID_API_KEY"));
    assert_null(strstr(other.last.message, "bply_org_wrong"));
    boooply_close(&other);
}

static void rate_limit_gives_429(void **state) {
    boooply_interview_t iv;
    (void)state;
    sim_control("/__sim/config", "{\"rate_limit_get\":2}");
    assert_int_equal(boooply_interviews_get(&client, "Boooply-AI-1000000001", &iv), BOOOPLY_OK);
    assert_int_equal(client.last.rate_limit, 2);
    assert_int_equal(client.last.rate_remaining, 1);
    assert_int_equal(boooply_interviews_get(&client, "Boooply-AI-1000000001", &iv), BOOOPLY_OK);
    assert_int_equal(client.last.rate_remaining, 0);
    assert_int_equal(boooply_interviews_get(&client, "Boooply-AI-1000000001", &iv), BOOOPLY_E_HTTP_STATUS);
    assert_int_equal(client.last.http_status, 429);
    assert_true(boooply_str_eq(client.last.api_code, "RATE_LIMITED"));
    assert_true(client.last.retry_after >= 0);
    assert_true(client.last.rate_reset > 0);
}

static void server_error_gives_500(void **state) {
    boooply_interview_t iv;
    (void)state;
    assert_int_equal(boooply_interviews_get(&client, "sim-error-500", &iv), BOOOPLY_E_HTTP_STATUS);
    assert_int_equal(client.last.http_status, 500);
    assert_true(boooply_str_eq(client.last.api_code, "INTERNAL_ERROR"));
    assert_int_equal(boooply_interviews_get(&client, "Boooply-AI-1000000001", &iv), BOOOPLY_OK);
}

static void keep_alive_reuses_connection(void **state) {
    boooply_interview_t iv;
    (void)state;
    assert_int_equal(boooply_interviews_get(&client, "Boooply-AI-1000000001", &iv), BOOOPLY_OK);
    assert_int_equal(client.last.reconnects, 1);
    assert_int_equal(boooply_interviews_get(&client, "Boooply-AI-1000000002", &iv), BOOOPLY_OK);
    assert_int_equal(client.last.reconnects, 0);
    assert_int_equal(boooply_interviews_get(&client, "nope", &iv), BOOOPLY_E_HTTP_STATUS);
    assert_int_equal(client.last.reconnects, 0);
    assert_int_equal(boooply_interviews_get(&client, "Boooply-AI-1000000002", &iv), BOOOPLY_OK);
    assert_int_equal(client.last.reconnects, 0);
}

/* The simulator closes idle connections; the next call notices before
 * writing and opens a new one, and a POST still goes out exactly once. */
static void idle_close_reconnects(void **state) {
    boooply_interview_t iv;
    boooply_create_interview_t req = {0};
    (void)state;
    sim_control("/__sim/config", "{\"idle_timeout\":0.2}");
    boooply_close(&client);
    assert_int_equal(boooply_interviews_get(&client, "Boooply-AI-1000000001", &iv), BOOOPLY_OK);
    sleep_ms(600);
    assert_int_equal(boooply_interviews_get(&client, "Boooply-AI-1000000001", &iv), BOOOPLY_OK);
    assert_int_equal(client.last.reconnects, 1);
    sleep_ms(600);
    req.type = BOOOPLY_INTERVIEW_AI;
    req.job_role = "Engineer";
    req.candidate.name = "Jane";
    req.candidate.email = "jane@example.com";
    assert_int_equal(boooply_interviews_create(&client, &req, &iv), BOOOPLY_OK);
    assert_int_equal(client.last.reconnects, 1);
    assert_int_equal(logged_count(), 3);
}

static void close_after_response(void **state) {
    boooply_interview_t iv;
    (void)state;
    sim_control("/__sim/config", "{\"close_after_response\":true}");
    assert_int_equal(boooply_interviews_get(&client, "Boooply-AI-1000000001", &iv), BOOOPLY_OK);
    assert_int_equal(boooply_interviews_get(&client, "Boooply-AI-1000000001", &iv), BOOOPLY_OK);
    assert_int_equal(client.last.reconnects, 1);
}

static void request_too_big_sends_nothing(void **state) {
    static unsigned char small[512 + 16];
    static boooply_token_t toks[64];
    static char cv[600];
    boooply_client_t c;
    boooply_create_interview_t req = {0};
    boooply_interview_t iv;
    size_t i;
    (void)state;
    memset(cv, 'x', sizeof cv - 1);
    memset(small + 512, 0xA5, 16);
    init_client_with(&c, small, 512, toks, 64, KEY);
    req.type = BOOOPLY_INTERVIEW_AI;
    req.job_role = "Engineer";
    req.candidate.name = "Jane";
    req.candidate.email = "jane@example.com";
    req.candidate_cv = cv;
    assert_int_equal(boooply_interviews_create(&c, &req, &iv), BOOOPLY_E_BUFFER_TOO_SMALL);
    assert_true(c.last.needed > sizeof cv + 100); /* head and the other fields */
    for (i = 512; i < sizeof small; i++) assert_int_equal(small[i], 0xA5);
    assert_int_equal(c.last.reconnects, 0);
    assert_int_equal(logged_count(), 0);
    /* With exactly the size it asked for, the same request goes out. */
    {
        static unsigned char exact[4096];
        size_t needed = c.last.needed;
        init_client_with(&c, exact, needed, toks, 64, KEY);
        assert_int_equal(boooply_interviews_create(&c, &req, &iv), BOOOPLY_OK);
        init_client_with(&c, exact, needed - 1, toks, 64, KEY);
        assert_int_equal(boooply_interviews_create(&c, &req, &iv), BOOOPLY_E_BUFFER_TOO_SMALL);
        assert_int_equal(c.last.needed, needed);
        boooply_close(&c);
    }
    assert_int_equal(logged_count(), 1);
}

/* A long transcript streamed in small pieces, then the same body through a
 * buffer that is too small: the needed size must equal the streamed size. */
static void long_body_streams_and_reports_size(void **state) {
    static unsigned char small[4096];
    static boooply_token_t toks[64];
    static char body[1 << 17];
    boooply_request_t req = {0};
    boooply_client_t c;
    size_t total = 0, got, pieces = 0;
    int chunked;
    (void)state;
    for (chunked = 0; chunked < 2; chunked++) {
        if (chunked) sim_control("/__sim/config", "{\"chunked\":true,\"chunk_size\":1000}");
        req.method = "GET";
        req.path = "/api/integration/interviews/Boooply-AI-1000000001/transcript";
        total = 0;
        pieces = 0;
        assert_int_equal(boooply_request(&client, &req), BOOOPLY_OK);
        assert_int_equal(client.last.http_status, 200);
        do {
            assert_int_equal(boooply_read_body(&client, body + total, 100, &got), BOOOPLY_OK);
            assert_true(got <= 100);
            total += got;
            pieces++;
        } while (got);
        assert_true(total > 40000);
        assert_true(pieces > 400);
        {
            boooply_json_t doc;
            size_t need;
            assert_int_equal(boooply_json_parse(&doc, body, total, tokens, 2048, &need), BOOOPLY_OK);
            assert_int_equal(boooply_json_type(&doc, boooply_json_get(&doc, 0, "transcript")), BOOOPLY_JSON_ARRAY);
        }
        init_client_with(&c, small, sizeof small, toks, 64, KEY);
        assert_int_equal(boooply_raw(&c, &req), BOOOPLY_E_RESPONSE_TOO_LARGE);
        assert_int_equal(c.last.http_status, 200);
        assert_int_equal(c.last.needed, total);
        /* The streamed read kept the connection; the failed one did not. */
        assert_int_equal(boooply_raw(&c, &req), BOOOPLY_E_RESPONSE_TOO_LARGE);
        assert_int_equal(c.last.reconnects, 1);
        boooply_close(&c);
    }
}

static void too_few_tokens_reports_count(void **state) {
    static boooply_token_t toks[8];
    static unsigned char buf[16384];
    boooply_client_t c;
    boooply_interview_t iv;
    (void)state;
    init_client_with(&c, buf, sizeof buf, toks, 8, KEY);
    assert_int_equal(boooply_interviews_get(&c, "Boooply-HU-1000000003", &iv), BOOOPLY_E_TOO_MANY_TOKENS);
    assert_true(c.last.needed > 8);
    boooply_close(&c);
}

static void raw_call_reads_organization(void **state) {
    boooply_request_t req = {0};
    boooply_str_t name;
    (void)state;
    req.method = "GET";
    req.path = "/api/integration/organization";
    assert_int_equal(boooply_raw(&client, &req), BOOOPLY_OK);
    expect_request(1, "GET /api/integration/organization HTTP/1.1", NULL);
    assert_int_equal(boooply_json_get_string(&client.doc, boooply_json_path(&client.doc, 0, "organization.name"), &name),
                     BOOOPLY_OK);
    assert_true(name.len > 0);
}

static void raw_call_checks_input(void **state) {
    boooply_request_t req = {0};
    boooply_query_t q[1] = {{"", "x"}};
    (void)state;
    req.method = "GET";
    req.path = "/api/integration/organization?x=1";
    assert_int_equal(boooply_raw(&client, &req), BOOOPLY_E_INVALID_ARGUMENT);
    req.path = "api/integration/organization";
    assert_int_equal(boooply_raw(&client, &req), BOOOPLY_E_INVALID_ARGUMENT);
    req.path = "/api/integration/organization\r\nX-Evil: 1";
    assert_int_equal(boooply_raw(&client, &req), BOOOPLY_E_INVALID_ARGUMENT);
    req.path = "/api/integration/organization";
    req.method = "GET /x";
    assert_int_equal(boooply_raw(&client, &req), BOOOPLY_E_INVALID_ARGUMENT);
    req.method = "GET";
    req.query = q;
    req.query_count = 1;
    assert_int_equal(boooply_raw(&client, &req), BOOOPLY_E_INVALID_ARGUMENT);
    assert_int_equal(logged_count(), 0);
}

/* A loopback URL whose port nothing listens on: bound once, then closed. */
static const char *closed_port_url(void) {
    static char url[64];
    struct sockaddr_in addr;
    socklen_t len = sizeof addr;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(fd, (struct sockaddr *)&addr, sizeof addr), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&addr, &len), 0);
    close(fd);
    snprintf(url, sizeof url, "http://127.0.0.1:%d", ntohs(addr.sin_port));
    return url;
}

static void connect_refused_then_recovers(void **state) {
    boooply_client_t c;
    boooply_config_t cfg = {0};
    boooply_posix_t other;
    boooply_interview_t iv;
    static unsigned char buf[4096];
    static boooply_token_t toks[256];
    (void)state;
    boooply_posix_init(&other);
    cfg.base_url = closed_port_url();
    cfg.api_key = KEY;
    cfg.port = boooply_posix_port(&other);
    cfg.buffer = buf;
    cfg.buffer_size = sizeof buf;
    cfg.tokens = toks;
    cfg.token_count = 256;
    cfg.timeout_ms = 2000;
    assert_int_equal(boooply_init(&c, &cfg), BOOOPLY_OK);
    assert_int_equal(boooply_interviews_get(&c, "Boooply-AI-1000000001", &iv), BOOOPLY_E_CONNECT);
    assert_string_equal(c.last.message, "the server refused the connection");
    assert_int_equal(c.last.http_status, 0);
    assert_int_equal(boooply_interviews_get(&client, "Boooply-AI-1000000001", &iv), BOOOPLY_OK);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(create_ai_request_bytes, reset, finish),
        cmocka_unit_test_setup_teardown(create_every_field_bytes, reset, finish),
        cmocka_unit_test_setup_teardown(create_team_meeting, reset, finish),
        cmocka_unit_test_setup_teardown(get_request_bytes, reset, finish),
        cmocka_unit_test_setup_teardown(get_encodes_code, reset, finish),
        cmocka_unit_test_setup_teardown(get_rejects_dot_segments, reset, finish),
        cmocka_unit_test_setup_teardown(list_every_filter_bytes, reset, finish),
        cmocka_unit_test_setup_teardown(list_walks_all_pages, reset, finish),
        cmocka_unit_test_setup_teardown(list_accepts_observed_names, reset, finish),
        cmocka_unit_test_setup_teardown(chunked_responses_decode, reset, finish),
        cmocka_unit_test_setup_teardown(create_rules_send_nothing, reset, finish),
        cmocka_unit_test_setup_teardown(list_rules_send_nothing, reset, finish),
        cmocka_unit_test_setup_teardown(bad_key_gives_401, reset, finish),
        cmocka_unit_test_setup_teardown(rate_limit_gives_429, reset, finish),
        cmocka_unit_test_setup_teardown(server_error_gives_500, reset, finish),
        cmocka_unit_test_setup_teardown(keep_alive_reuses_connection, reset, finish),
        cmocka_unit_test_setup_teardown(idle_close_reconnects, reset, finish),
        cmocka_unit_test_setup_teardown(close_after_response, reset, finish),
        cmocka_unit_test_setup_teardown(request_too_big_sends_nothing, reset, finish),
        cmocka_unit_test_setup_teardown(long_body_streams_and_reports_size, reset, finish),
        cmocka_unit_test_setup_teardown(too_few_tokens_reports_count, reset, finish),
        cmocka_unit_test_setup_teardown(raw_call_reads_organization, reset, finish),
        cmocka_unit_test_setup_teardown(raw_call_checks_input, reset, finish),
        cmocka_unit_test_setup_teardown(connect_refused_then_recovers, reset, finish),
    };
    return cmocka_run_group_tests(tests, start_simulator, stop_simulator);
}
