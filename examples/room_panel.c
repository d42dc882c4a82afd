/* room_panel: what a meeting-room panel does with boooply.h.
 *
 * Walks through the life of one booking and prints each step. It reads the
 * interviewer's free slots from their connected calendar and books the
 * first one as a 1-to-1 interview with the candidate and the interviewer.
 * Then it shows each participant's join link, moves the interview to the
 * second free slot (one hour later when there is only one), and cancels it
 * with a reason.
 *
 *   BOOOPLY_BASE_URL=http://127.0.0.1:8080 BOOOPLY_API_KEY=bply_org_... \
 *       room_panel interviewer@example.com "Jane Doe" jane@example.com "Backend Engineer"
 *
 * The arguments may also come from BOOOPLY_INTERVIEWER_EMAIL,
 * BOOOPLY_CANDIDATE_NAME, BOOOPLY_CANDIDATE_EMAIL and BOOOPLY_JOB_ROLE. The
 * interviewer's display name comes from BOOOPLY_INTERVIEWER_NAME. When the
 * interviewer has not connected a calendar, or it has no free slot, the
 * panel books tomorrow at 10:00 UTC instead. Exit status: 0 success, 2 usage
 * or configuration error, 3 the API rejected a request, 4 network or
 * protocol failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "boooply.h"
#include "ports/boooply_posix.h"

#define MEETING_MINUTES 30
/* How far ahead the panel looks for a free slot. */
#define SEARCH_DAYS 7
#define SECONDS_PER_DAY 86400
#define SECONDS_PER_HOUR 3600

/* Sized for a week of 30-minute slots: the simulator returns at most 96, of
 * about 70 bytes and 5 JSON tokens each. */
static unsigned char buffer[16384];
static boooply_token_t tokens[1024];

static const char *setting(int argc, char **argv, int index, const char *env, const char *fallback) {
    const char *value = index < argc ? argv[index] : getenv(env);
    return value && value[0] ? value : fallback;
}

/* Prints what failed and returns the exit status for it. */
static int report(const char *step, boooply_err_t err, const boooply_client_t *client) {
    const boooply_last_t *last = &client->last;
    fprintf(stderr, "room_panel: %s failed: %s: %s\n", step, boooply_strerror(err), last->message);
    if (last->http_status)
        fprintf(stderr, "room_panel: HTTP status %d", last->http_status);
    if (last->api_code.ptr)
        fprintf(stderr, ", API code %s", last->api_code.ptr);
    if (last->api_error.ptr)
        fprintf(stderr, ": %s", last->api_error.ptr);
    if (last->http_status)
        fputc('\n', stderr);
    if (last->field)
        fprintf(stderr, "room_panel: the response field is %s\n", last->field);
    if (last->retries)
        fprintf(stderr, "room_panel: failed after %u automatic retries\n", last->retries);
    if (last->retry_after >= 0)
        fprintf(stderr, "room_panel: rate limited, retry after %ld s\n", last->retry_after);
    if (err == BOOOPLY_E_INVALID_ARGUMENT) return 2;
    if (err == BOOOPLY_E_HTTP_STATUS) return 3;
    return 4;
}

/* Copies a response string that a later call would overwrite. */
static int keep(boooply_str_t value, char *dst, size_t cap, const char *field_name) {
    if (boooply_str_copy(value, dst, cap, NULL) == BOOOPLY_OK) return 1;
    fprintf(stderr, "room_panel: the %s in the response is longer than %zu bytes\n", field_name, cap - 1);
    return 0;
}

static int read_digits(const char *text, int count, int *value) {
    int i;
    *value = 0;
    for (i = 0; i < count; i++) {
        if (text[i] < '0' || text[i] > '9') return 0;
        *value = *value * 10 + (text[i] - '0');
    }
    return 1;
}

/* Days from 1970-01-01 to a date of the proleptic Gregorian calendar,
 * counted in 400-year eras of 146097 days that start on 1 March. */
static int64_t days_from_civil(int64_t year, int64_t month, int64_t day) {
    int64_t era, year_of_era, day_of_year, day_of_era;
    year -= month <= 2;
    era = (year >= 0 ? year : year - 399) / 400;
    year_of_era = year - era * 400;
    day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

/* Parses the ISO 8601 date-times the API sends, YYYY-MM-DDTHH:MM[:SS[.fff]]
 * followed by Z, +HH:MM, -HH:MM or nothing (UTC), into Unix seconds. The
 * fraction is dropped. Returns 0 when text has another form. */
static int parse_iso8601(const char *text, int64_t *unix_seconds) {
    int year, month, day, hour, minute, second = 0, offset_hours, offset_minutes;
    int64_t offset = 0;
    if (!read_digits(text, 4, &year) || text[4] != '-' || !read_digits(text + 5, 2, &month) ||
        text[7] != '-' || !read_digits(text + 8, 2, &day) || text[10] != 'T' ||
        !read_digits(text + 11, 2, &hour) || text[13] != ':' || !read_digits(text + 14, 2, &minute))
        return 0;
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return 0;
    text += 16;
    if (*text == ':') {
        if (!read_digits(text + 1, 2, &second) || second > 60) return 0;
        text += 3;
        if (*text == '.')
            for (text++; *text >= '0' && *text <= '9'; text++) {}
    }
    if (*text == '+' || *text == '-') {
        if (!read_digits(text + 1, 2, &offset_hours) || text[3] != ':' ||
            !read_digits(text + 4, 2, &offset_minutes) || text[6] != '\0')
            return 0;
        offset = (int64_t)offset_hours * SECONDS_PER_HOUR + (int64_t)offset_minutes * 60;
        if (*text == '-') offset = -offset;
    } else if (!(*text == '\0' || (*text == 'Z' && text[1] == '\0'))) {
        return 0;
    }
    *unix_seconds = days_from_civil(year, month, day) * SECONDS_PER_DAY +
                    (int64_t)hour * SECONDS_PER_HOUR + (int64_t)minute * 60 + second - offset;
    return 1;
}

/* Writes the start one hour after start into dst (at least 21 bytes). */
static int one_hour_later(const char *start, char *dst, size_t cap) {
    int64_t seconds;
    if (!parse_iso8601(start, &seconds)) {
        fprintf(stderr, "room_panel: the slot start %s is not an ISO 8601 date-time\n", start);
        return 0;
    }
    return boooply_format_iso8601(seconds + SECONDS_PER_HOUR, dst, cap) == BOOOPLY_OK;
}

/* Fills first and second with tomorrow 10:00 and 11:00 UTC. */
static int tomorrow_at_ten(char *first, char *second, size_t cap) {
    time_t now = time(NULL);
    int64_t tomorrow;
    if (now == (time_t)-1) {
        fprintf(stderr, "room_panel: the system clock could not be read\n");
        return 0;
    }
    tomorrow = ((int64_t)now / SECONDS_PER_DAY + 1) * SECONDS_PER_DAY;
    return boooply_format_iso8601(tomorrow + 10 * SECONDS_PER_HOUR, first, cap) == BOOOPLY_OK &&
           boooply_format_iso8601(tomorrow + 11 * SECONDS_PER_HOUR, second, cap) == BOOOPLY_OK;
}

/* Chooses the booking time and the time to move it to. Returns an exit
 * status, 0 when both are set. */
static int choose_slots(boooply_client_t *client, const char *interviewer,
                        char *first, char *second, size_t cap) {
    boooply_availability_params_t params = {0};
    boooply_availability_t availability;
    boooply_slot_t slot;
    boooply_iter_t it;
    boooply_err_t err;
    int found = 0;

    params.email = interviewer;
    params.duration_minutes = MEETING_MINUTES;
    params.days = SEARCH_DAYS;
    printf("Checking the calendar of %s for the next %d days\n", interviewer, SEARCH_DAYS);
    err = boooply_interviews_get_availability(client, &params, &availability);
    if (err) return report("reading the availability", err, client);

    if (availability.calendar_connected == 1) {
        printf("  calendar connected, %d free slots of %d minutes\n", (int)availability.total,
               MEETING_MINUTES);
        it = availability.slots;
        while (found < 2 && boooply_slot_next(&it, &slot)) {
            if (!keep(slot.start, found == 0 ? first : second, cap, "slot start")) return 4;
            found++;
        }
    } else {
        printf("  calendar not connected: %s\n",
               availability.message.ptr ? availability.message.ptr : "the server gave no reason");
    }

    if (found == 0) {
        if (!tomorrow_at_ten(first, second, cap)) return 4;
        printf("  no free slot to use, so booking tomorrow at 10:00 UTC: %s\n", first);
        return 0;
    }
    if (found == 1) {
        if (!one_hour_later(first, second, cap)) return 4;
        printf("  first free slot:  %s\n  only one free slot, so moving to one hour later: %s\n", first,
               second);
        return 0;
    }
    printf("  first free slot:  %s\n  second free slot: %s\n", first, second);
    return 0;
}

/* Prints the join link of every participant that has a join token. */
static int print_join_links(const boooply_interview_t *interview, boooply_client_t *client) {
    boooply_participant_t participant;
    boooply_iter_t it = interview->participants;
    char link[1024];
    while (boooply_participant_next(&it, &participant)) {
        const char *name = participant.name.ptr ? participant.name.ptr : "?";
        const char *role = participant.role.ptr ? participant.role.ptr : "?";
        boooply_err_t err;
        if (!participant.join_token.ptr || !interview->url.ptr) {
            printf("  join link for %s (%s): missing, the response had no URL or join token\n", name, role);
            continue;
        }
        err = boooply_join_link(interview->url, participant.join_token, link, sizeof link, NULL);
        if (err) return report("building a join link", err, client);
        printf("  join link for %s (%s): %s\n", name, role, link);
    }
    return 0;
}

int main(int argc, char **argv) {
    boooply_posix_t tcp;
    boooply_client_t client;
    boooply_config_t config = {0};
    boooply_create_interview_t request = {0};
    boooply_participant_input_t people[2];
    boooply_reschedule_t move = {0};
    boooply_interview_t interview;
    boooply_err_t err;
    const char *interviewer;
    char first[40], second[40];
    char code[128];
    int status;

    if (argc > 1 && argv[1][0] == '-') {
        fprintf(stderr,
                "usage: room_panel [INTERVIEWER_EMAIL CANDIDATE_NAME CANDIDATE_EMAIL [JOB_ROLE]]\n"
                "  BOOOPLY_BASE_URL          service URL, for example http://127.0.0.1:8080\n"
                "  BOOOPLY_API_KEY           organization API key (bply_org_...)\n"
                "  BOOOPLY_INTERVIEWER_NAME  interviewer's display name (default Interviewer)\n"
                "The arguments may also be set as BOOOPLY_INTERVIEWER_EMAIL,\n"
                "BOOOPLY_CANDIDATE_NAME, BOOOPLY_CANDIDATE_EMAIL and BOOOPLY_JOB_ROLE.\n");
        return 2;
    }
    config.base_url = getenv("BOOOPLY_BASE_URL");
    config.api_key = getenv("BOOOPLY_API_KEY");
    if (!config.base_url || !config.api_key) {
        fprintf(stderr, "room_panel: set BOOOPLY_BASE_URL and BOOOPLY_API_KEY (see room_panel --help)\n");
        return 2;
    }
    interviewer = setting(argc, argv, 1, "BOOOPLY_INTERVIEWER_EMAIL", NULL);
    people[0].name = setting(argc, argv, 2, "BOOOPLY_CANDIDATE_NAME", NULL);
    people[0].email = setting(argc, argv, 3, "BOOOPLY_CANDIDATE_EMAIL", NULL);
    people[0].role = "CANDIDATE";
    people[1].name = getenv("BOOOPLY_INTERVIEWER_NAME");
    if (!people[1].name || !people[1].name[0]) people[1].name = "Interviewer";
    people[1].email = interviewer;
    people[1].role = "INTERVIEWER";
    request.job_role = setting(argc, argv, 4, "BOOOPLY_JOB_ROLE", "Software Engineer");
    if (!interviewer || !people[0].name || !people[0].email) {
        fprintf(stderr, "room_panel: missing the interviewer's email, the candidate's name or the "
                        "candidate's email (see room_panel --help)\n");
        return 2;
    }

    boooply_posix_init(&tcp);
    config.port = boooply_posix_port(&tcp);
    config.buffer = buffer;
    config.buffer_size = sizeof buffer;
    config.tokens = tokens;
    config.token_count = sizeof tokens / sizeof tokens[0];
    config.timeout_ms = 15000;
    err = boooply_init(&client, &config);
    if (err) return report("configuration", err, &client);

    status = choose_slots(&client, interviewer, first, second, sizeof first);
    if (status) return status;

    request.type = BOOOPLY_INTERVIEW_HUMAN;
    request.participants = people;
    request.participant_count = 2;
    request.scheduling_mode = "FIXED";
    request.scheduled_at = first;
    request.duration_minutes = MEETING_MINUTES;
    err = boooply_interviews_create(&client, &request, &interview);
    if (err) return report("booking the interview", err, &client);
    if (!keep(interview.meeting_code, code, sizeof code, "meeting code")) return 4;
    printf("Booked %s for %s (%d minutes)\n", code,
           interview.scheduled_at.ptr ? interview.scheduled_at.ptr : first, MEETING_MINUTES);
    printf("  status: %s\n", interview.session_status.ptr ? interview.session_status.ptr : "?");
    status = print_join_links(&interview, &client);
    if (status) return status;

    move.scheduled_at = second;
    move.reason = "The meeting room is needed for another meeting";
    err = boooply_interviews_reschedule(&client, code, &move, &interview);
    if (err) return report("rescheduling the interview", err, &client);
    printf("Rescheduled %s to %s\n", code, interview.scheduled_at.ptr ? interview.scheduled_at.ptr : second);

    err = boooply_interviews_cancel(&client, code, "Cancelled at the room panel", &interview);
    if (err) return report("cancelling the interview", err, &client);
    printf("Cancelled %s: status %s\n", code,
           interview.session_status.ptr ? interview.session_status.ptr : "?");
    boooply_close(&client);
    return 0;
}
