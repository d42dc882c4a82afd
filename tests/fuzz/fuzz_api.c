/* Fuzz target: the typed decoders of every API call.
 *
 * Byte 0 chooses the call (every call of boooply.h's API, plus the raw
 * call), byte 1 the response status and the token count, and the rest is
 * the response body, sent with Content-Length in one piece. On success
 * every string of the result must be a NUL-terminated view inside the
 * client's buffer, and every flag must be 0, 1 or -1. Every iterator must
 * walk exactly its array's elements without failing, because the calls
 * check them all before returning. On an error status the API's code and
 * error must be views too. After each input a second request must succeed.
 */
/* The coverage build links the implementation from its own object. */
#ifndef FUZZ_LINKED_IMPLEMENTATION
#define BOOOPLY_IMPLEMENTATION
#endif
#include "fuzz_common.h"

#define BUFFER_SIZE 16384
#define CALL_COUNT 19

static const int statuses[8] = {200, 200, 200, 201, 400, 404, 429, 500};

static void check_flag(int value) { FUZZ_CHECK(value == -1 || value == 0 || value == 1); }

static void check_participant(const boooply_client_t *c, const boooply_participant_t *p) {
    fuzz_check_view(c, p->id);
    fuzz_check_view(c, p->name);
    fuzz_check_view(c, p->email);
    fuzz_check_view(c, p->role);
    fuzz_check_view(c, p->join_token);
    fuzz_check_view(c, p->joined_at);
    fuzz_check_view(c, p->left_at);
    check_flag(p->is_active);
}

/* Walks an iterator to its end; every element must decode. */
static void check_participants(const boooply_client_t *c, boooply_iter_t it) {
    boooply_participant_t p;
    int expected = it.remaining, seen = 0;
    while (boooply_participant_next(&it, &p)) {
        check_participant(c, &p);
        seen++;
    }
    FUZZ_CHECK(seen == expected);
}

static void check_interview(const boooply_client_t *c, const boooply_interview_t *iv) {
    fuzz_check_view(c, iv->meeting_code);
    fuzz_check_view(c, iv->id);
    fuzz_check_view(c, iv->url);
    fuzz_check_view(c, iv->title);
    fuzz_check_view(c, iv->meeting_type);
    fuzz_check_view(c, iv->session_status);
    fuzz_check_view(c, iv->end_reason);
    fuzz_check_view(c, iv->scheduled_at);
    fuzz_check_view(c, iv->created_at);
    fuzz_check_view(c, iv->job_role);
    check_flag(iv->is_team_meeting);
    check_participants(c, iv->participants);
}

static void check_strings(const boooply_client_t *c, boooply_iter_t it) {
    boooply_str_t s;
    int expected = it.remaining, seen = 0;
    while (boooply_string_next(&it, &s)) {
        FUZZ_CHECK(s.ptr != NULL);
        fuzz_check_view(c, s);
        seen++;
    }
    FUZZ_CHECK(seen == expected);
}

static void check_slots(const boooply_client_t *c, boooply_iter_t it) {
    boooply_slot_t slot;
    int expected = it.remaining, seen = 0;
    while (boooply_slot_next(&it, &slot)) {
        fuzz_check_view(c, slot.start);
        fuzz_check_view(c, slot.end);
        seen++;
    }
    FUZZ_CHECK(seen == expected);
}

static void check_token(const boooply_client_t *c, int token) {
    FUZZ_CHECK(token >= -1 && token < c->doc.count);
}

/* Runs API call number call and checks its result when it succeeds. */
static boooply_err_t run_call(boooply_client_t *c, int call) {
    static const char *const skills[] = {"Go", "SQL"};
    boooply_err_t err;
    switch (call) {
    case 0: {
        boooply_create_interview_t req;
        boooply_interview_t iv;
        memset(&req, 0, sizeof req);
        req.type = BOOOPLY_INTERVIEW_AI;
        req.job_role = "Backend Engineer";
        req.candidate.name = "Jane Doe";
        req.candidate.email = "jane@example.com";
        err = boooply_interviews_create(c, &req, &iv);
        if (!err) {
            FUZZ_CHECK(iv.meeting_code.ptr != NULL);
            check_interview(c, &iv);
        }
        return err;
    }
    case 1: {
        boooply_interview_t iv;
        err = boooply_interviews_get(c, "AB-123", &iv);
        if (!err) {
            FUZZ_CHECK(iv.meeting_code.ptr != NULL);
            check_interview(c, &iv);
        }
        return err;
    }
    case 2: {
        boooply_interview_list_t list;
        boooply_interview_t iv;
        int expected, seen = 0;
        err = boooply_interviews_list(c, NULL, &list);
        if (err) return err;
        expected = list.interviews.remaining;
        while (boooply_interview_next(&list.interviews, &iv)) {
            check_interview(c, &iv);
            seen++;
        }
        FUZZ_CHECK(seen == expected);
        return err;
    }
    case 3: {
        boooply_transcript_t t;
        boooply_transcript_entry_t e;
        int expected, seen = 0;
        err = boooply_interviews_get_transcript(c, "AB-123", &t);
        if (err) return err;
        expected = t.entries.remaining;
        while (boooply_transcript_next(&t.entries, &e)) {
            fuzz_check_view(c, e.speaker);
            fuzz_check_view(c, e.role);
            fuzz_check_view(c, e.content);
            fuzz_check_view(c, e.timestamp);
            seen++;
        }
        FUZZ_CHECK(seen == expected);
        return err;
    }
    case 4: {
        boooply_evaluation_t ev;
        boooply_question_evaluation_t q;
        int expected, seen = 0;
        err = boooply_interviews_get_evaluation(c, "AB-123", &ev);
        if (err) return err;
        check_flag(ev.available);
        fuzz_check_view(c, ev.recommendation);
        fuzz_check_view(c, ev.ai_summary);
        fuzz_check_view(c, ev.message);
        expected = ev.question_evaluations.remaining;
        while (boooply_question_evaluation_next(&ev.question_evaluations, &q)) {
            fuzz_check_view(c, q.question);
            fuzz_check_view(c, q.notes);
            seen++;
        }
        FUZZ_CHECK(seen == expected);
        check_strings(c, ev.strengths);
        check_strings(c, ev.improvements);
        check_strings(c, ev.next_steps);
        check_token(c, ev.by_criterion);
        check_token(c, ev.raw_analysis);
        check_token(c, ev.interviewer_evaluation);
        return err;
    }
    case 5: {
        boooply_analysis_t a;
        err = boooply_interviews_trigger_analysis(c, "AB-123", &a);
        if (!err) {
            check_flag(a.queued);
            fuzz_check_view(c, a.job_id);
        }
        return err;
    }
    case 6: {
        boooply_reschedule_t req;
        boooply_interview_t iv;
        memset(&req, 0, sizeof req);
        req.scheduled_at = "2026-04-01T14:00:00Z";
        req.reason = "moved";
        err = boooply_interviews_reschedule(c, "AB-123", &req, &iv);
        if (!err) check_interview(c, &iv);
        return err;
    }
    case 7: {
        boooply_interview_t iv;
        err = boooply_interviews_cancel(c, "AB-123", NULL, &iv);
        if (!err) check_interview(c, &iv);
        return err;
    }
    case 8: {
        boooply_str_t message;
        err = boooply_interviews_delete(c, "AB-123", &message);
        if (!err) fuzz_check_view(c, message);
        return err;
    }
    case 9:
    case 10: {
        boooply_participant_input_t p;
        boooply_participant_list_t list;
        p.name = "Ann";
        p.email = "ann@example.com";
        p.role = "INTERVIEWER";
        err = call == 9 ? boooply_interviews_add_participant(c, "AB-123", &p, 1, &list)
                         : boooply_interviews_get_participants(c, "AB-123", &list);
        if (!err) check_participants(c, list.participants);
        return err;
    }
    case 11: {
        boooply_str_t message;
        err = boooply_interviews_remove_participant(c, "AB-123", "p 1", &message);
        if (!err) fuzz_check_view(c, message);
        return err;
    }
    case 12: {
        boooply_recording_t r;
        err = boooply_interviews_get_recording(c, "AB-123", &r);
        if (!err) {
            check_flag(r.available);
            fuzz_check_view(c, r.format);
            fuzz_check_view(c, r.created_at);
            fuzz_check_view(c, r.video_url);
            fuzz_check_view(c, r.video_api_url);
            fuzz_check_view(c, r.message);
        }
        return err;
    }
    case 13: {
        boooply_availability_params_t params;
        boooply_availability_t a;
        memset(&params, 0, sizeof params);
        params.email = "ann@example.com";
        params.days = 7;
        err = boooply_interviews_get_availability(c, &params, &a);
        if (!err) {
            check_flag(a.calendar_connected);
            fuzz_check_view(c, a.email);
            fuzz_check_view(c, a.message);
            check_slots(c, a.slots);
        }
        return err;
    }
    case 14: {
        boooply_busy_blocks_params_t params;
        boooply_busy_blocks_t b;
        memset(&params, 0, sizeof params);
        params.email = "ann@example.com";
        err = boooply_interviews_get_busy_blocks(c, &params, &b);
        if (!err) {
            check_flag(b.calendar_connected);
            fuzz_check_view(c, b.email);
            fuzz_check_view(c, b.timezone);
            check_slots(c, b.busy_blocks);
        }
        return err;
    }
    case 15: {
        boooply_organization_t o;
        err = boooply_organization_get(c, &o);
        if (!err) {
            fuzz_check_view(c, o.id);
            fuzz_check_view(c, o.name);
            fuzz_check_view(c, o.slug);
            fuzz_check_view(c, o.external_org_id);
            fuzz_check_view(c, o.plan);
        }
        return err;
    }
    case 16: {
        boooply_job_description_request_t req;
        boooply_str_t description;
        memset(&req, 0, sizeof req);
        req.job_role = "Backend Engineer";
        req.skills = skills;
        req.skill_count = 2;
        err = boooply_ai_generate_job_description(c, &req, &description);
        if (!err) {
            FUZZ_CHECK(description.ptr != NULL);
            fuzz_check_view(c, description);
        }
        return err;
    }
    case 17: {
        boooply_create_api_key_t req;
        boooply_api_key_t key;
        memset(&req, 0, sizeof req);
        req.user_id = "u1";
        req.user_email = "owner@example.com";
        req.organization_id = "o1";
        err = boooply_create_organization_api_key(c, &req, &key);
        if (!err) {
            FUZZ_CHECK(key.api_key.ptr != NULL);
            fuzz_check_view(c, key.api_key);
            fuzz_check_view(c, key.organization_id);
            fuzz_check_view(c, key.user_id);
        }
        return err;
    }
    default: {
        boooply_request_t req;
        memset(&req, 0, sizeof req);
        req.method = "GET";
        req.path = "/api/integration/anything";
        return boooply_raw(c, &req);
    }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_input_t in;
    fuzz_port_t port;
    fuzz_client_t f;
    char head[128];
    int call = size > 0 ? data[0] % CALL_COUNT : 0;
    int status = statuses[size > 1 ? data[1] & 7 : 0];
    size_t token_count = size > 1 && (data[1] & 8) ? 16 : 1024;
    boooply_err_t err;
    int head_len;

    memset(&in, 0, sizeof in);
    in.buffer_size = BUFFER_SIZE;
    in.payload = size > 2 ? data + 2 : NULL;
    in.payload_len = size > 2 ? size - 2 : 0;
    head_len = snprintf(head, sizeof head, "HTTP/1.1 %d X\r\nContent-Length: %zu\r\n\r\n", status,
                        in.payload_len);
    FUZZ_CHECK(head_len > 0 && (size_t)head_len < sizeof head);
    fuzz_port_init(&port, &in, head, (size_t)head_len);
    fuzz_client_init(&f, &port, BUFFER_SIZE, token_count);

    err = run_call(&f.client, call);
    fuzz_check_last(&f.client, err);
    FUZZ_CHECK(port.misuse == 0);
    FUZZ_CHECK(port.connects == 1); /* every call was valid and reached the port */
    if (err == BOOOPLY_OK) FUZZ_CHECK(status >= 200 && status <= 299);
    if (status >= 300) FUZZ_CHECK(err != BOOOPLY_OK);
    if (err == BOOOPLY_E_HTTP_STATUS) {
        FUZZ_CHECK(f.client.last.http_status == status);
        fuzz_check_view(&f.client, f.client.last.api_code);
        fuzz_check_view(&f.client, f.client.last.api_error);
    }
    if (err == BOOOPLY_E_UNEXPECTED_JSON && f.client.last.field) FUZZ_CHECK(f.client.last.field[0] != '\0');
    fuzz_check_next_call(&f, &port);
    fuzz_client_free(&f);
    return 0;
}
