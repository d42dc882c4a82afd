/* The keep-alive GET loop of the client comparison, done by libcurl and
 * cJSON: ITERATIONS times a GET of one interview with one reused easy
 * handle, the body parsed with cJSON and the same fields read that
 * boooply_interviews_get() and boooply_participant_next() decode.
 *
 *   get_loop_curl PORT ITERATIONS
 *
 * The loop runs inside run_loop() (for callgrind's --toggle-collect) and
 * prints its wall time per request in nanoseconds.
 */
#define _POSIX_C_SOURCE 200809L
#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

typedef struct body {
    char data[16384];
    size_t len;
    int overflow;
} body_t;

static size_t on_data(char *ptr, size_t size, size_t count, void *ctx) {
    body_t *b = (body_t *)ctx;
    size_t n = size * count;
    if (n > sizeof b->data - b->len) {
        b->overflow = 1;
        return 0;
    }
    memcpy(b->data + b->len, ptr, n);
    b->len += n;
    return n;
}

static size_t text_len(const cJSON *object, const char *key) {
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);
    return cJSON_IsString(item) ? strlen(item->valuestring) : 0;
}

static void number(const cJSON *object, const char *key) {
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);
    if (item && !cJSON_IsNumber(item) && !cJSON_IsNull(item)) {
        fprintf(stderr, "get_loop_curl: %s is not a number\n", key);
        exit(1);
    }
}

/* Reads the fields boooply_interviews_get() and boooply_participant_next()
 * decode, and returns the bytes of text seen. */
static size_t read_interview(const cJSON *root) {
    static const char *const strings[] = {"meetingCode", "id", "url", "title", "meetingType", "sessionStatus",
                                          "endReason", "scheduledAt", "createdAt", "jobRole"};
    static const char *const participant_strings[] = {"id", "name", "email", "role", "joinToken", "joinedAt",
                                                      "leftAt"};
    const cJSON *meeting = cJSON_GetObjectItemCaseSensitive(root, "meeting");
    const cJSON *participants, *p;
    size_t seen = 0, i;
    if (!cJSON_IsObject(meeting)) {
        fprintf(stderr, "get_loop_curl: the response has no meeting object\n");
        exit(1);
    }
    for (i = 0; i < sizeof strings / sizeof strings[0]; i++) seen += text_len(meeting, strings[i]);
    (void)cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(meeting, "isTeamMeeting"));
    number(meeting, "durationMinutes");
    number(meeting, "overallScore");
    participants = cJSON_GetObjectItemCaseSensitive(meeting, "participants");
    cJSON_ArrayForEach(p, participants) {
        for (i = 0; i < sizeof participant_strings / sizeof participant_strings[0]; i++)
            seen += text_len(p, participant_strings[i]);
        (void)cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(p, "isActive"));
    }
    return seen;
}

NOINLINE static size_t run_loop(CURL *curl, body_t *body, long iterations) {
    size_t seen = 0;
    long i;
    for (i = 0; i < iterations; i++) {
        long status = 0;
        cJSON *root;
        CURLcode rc;
        body->len = 0;
        rc = curl_easy_perform(curl);
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        if (rc != CURLE_OK || status != 200 || body->overflow) {
            fprintf(stderr, "get_loop_curl: request %ld failed: %s, HTTP %ld\n", i, curl_easy_strerror(rc), status);
            exit(1);
        }
        if (i > 0) {
            long connects = 0;
                    if (connects != 0) {
                fprintf(stderr, "get_loop_curl: request %ld opened a new connection\n", i);
                exit(1);
            }
        }
        root = cJSON_ParseWithLength(body->data, body->len);
        if (!root) {
            fprintf(stderr, "get_loop_curl: the body of request %ld is not JSON\n", i);
            exit(1);
        }
        seen += read_interview(root);
        cJSON_Delete(root);
    }
    return seen;
}

int main(int argc, char **argv) {
    static body_t body;
    char url[128];
    struct curl_slist *headers = NULL;
    struct timespec start, end;
    long iterations;
    size_t seen;
    double ns;
    CURL *curl;
    if (argc != 3 || (iterations = strtol(argv[2], NULL, 10)) <= 0) {
        fprintf(stderr, "usage: get_loop_curl PORT ITERATIONS\n");
        return 2;
    }
    snprintf(url, sizeof url, "http://127.0.0.1:%s/api/integration/interviews/Boooply-HU-1000000003", argv[1]);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    curl = curl_easy_init();
    if (!curl) {
        fprintf(stderr, "get_loop_curl: curl_easy_init failed\n");
        return 1;
    }
    /* The headers boooply.h sends, so both requests carry the same bytes. */
    headers = curl_slist_append(headers, "Authorization: Bearer bply_org_test_key");
    headers = curl_slist_append(headers, "User-Agent: boooply-c/0.1.0");
    headers = curl_slist_append(headers, "X-SDK-Version: 0.1.0");
    headers = curl_slist_append(headers, "Accept: application/json");
    headers = curl_slist_append(headers, "Connection: keep-alive");
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 30000L);

    clock_gettime(CLOCK_MONOTONIC, &start);
    seen = run_loop(curl, &body, iterations);
    clock_gettime(CLOCK_MONOTONIC, &end);
    curl_easy_cleanup(curl);
    curl_slist_free_all(headers);
    curl_global_cleanup();
    ns = (double)(end.tv_sec - start.tv_sec) * 1e9 + (double)(end.tv_nsec - start.tv_nsec);
    printf("curl: %ld requests, %zu result bytes, %.0f ns per request\n", iterations, seen, ns / (double)iterations);
    return 0;
}
