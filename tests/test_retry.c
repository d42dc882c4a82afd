/* Automatic retries: which failures are repeated, how long the client waits
 * (Retry-After as seconds or an HTTP-date, X-RateLimit-Reset, backoff), and
 * that a POST that reached the server is never sent twice. The scripted
 * port's fake clock makes every wait instant; sleep_ms records the waits. */
#include "test_util.h"

#include "script_port.h"

#define MAX_SLEEPS 16

typedef struct sleeper {
    script_port_t script;
    uint32_t waits[MAX_SLEEPS];
    unsigned count;
} sleeper_t;

static sleeper_t port;
static boooply_client_t client;
static unsigned char buffer[4096];
static boooply_token_t tokens[128];

static void fake_sleep(void *ctx, uint32_t ms) {
    sleeper_t *s = (sleeper_t *)ctx;
    if (s->count < MAX_SLEEPS) s->waits[s->count] = ms;
    s->count++;
    s->script.clock_ms += ms;
}

static void start(int8_t max_retries, uint32_t base_ms, int with_sleep) {
    boooply_config_t cfg = {0};
    memset(&port, 0, sizeof port);
    script_init(&port.script);
    cfg.base_url = "http://api.example.com";
    cfg.api_key = "tok123";
    cfg.port = script_port(&port.script, 0);
    cfg.port.ctx = &port; /* the script is the first member */
    if (with_sleep) cfg.port.sleep_ms = fake_sleep;
    cfg.buffer = buffer;
    cfg.buffer_size = sizeof buffer;
    cfg.tokens = tokens;
    cfg.token_count = 128;
    cfg.timeout_ms = 10000;
    cfg.max_retries = max_retries;
    cfg.retry_base_ms = base_ms;
    assert_int_equal(boooply_init(&client, &cfg), BOOOPLY_OK);
}

static const char ok_response[] =
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"next\":true}";

static const char server_error[] =
    "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 56\r\n\r\n"
    "{\"success\":false,\"error\":\"boom\",\"code\":\"INTERNAL_ERROR\"}";

static void add(size_t conn, const char *text, script_after_t after) {
    assert_non_null(script_add_response(&port.script, conn, text, strlen(text), after));
}

static boooply_err_t get(void) {
    boooply_request_t req = {0};
    req.method = "GET";
    req.path = "/api/integration/organization";
    return boooply_raw(&client, &req);
}

static boooply_err_t post(void) {
    boooply_request_t req = {0};
    req.method = "POST";
    req.path = "/api/integration/interviews";
    req.body = "{}";
    req.body_len = 2;
    return boooply_raw(&client, &req);
}

static void unavailable_waits_retry_after_seconds(void **state) {
    (void)state;
    start(0, 0, 1);
    add(0, "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 2\r\nContent-Length: 0\r\n\r\n", SCRIPT_KEEP_OPEN);
    add(0, ok_response, SCRIPT_KEEP_OPEN);
    assert_int_equal(get(), BOOOPLY_OK);
    assert_int_equal(port.count, 1);
    assert_int_equal(port.waits[0], 2000);
    assert_int_equal(client.last.retries, 1);
    assert_int_equal(client.last.http_status, 200);
    assert_int_equal(script_request_count(&port.script, 0), 2);
}

static void rate_limit_waits_http_date(void **state) {
    (void)state;
    start(0, 0, 1);
    add(0,
        "HTTP/1.1 429 Too Many Requests\r\nDate: Tue, 01 Jun 2027 10:00:00 GMT\r\n"
        "Retry-After: Tue, 01 Jun 2027 10:00:05 GMT\r\nContent-Length: 0\r\n\r\n",
        SCRIPT_KEEP_OPEN);
    add(0, ok_response, SCRIPT_KEEP_OPEN);
    assert_int_equal(get(), BOOOPLY_OK);
    assert_int_equal(port.count, 1);
    assert_int_equal(port.waits[0], 5000);
}

static void http_date_reported_as_seconds(void **state) {
    (void)state;
    start(-1, 0, 1);
    add(0,
        "HTTP/1.1 429 Too Many Requests\r\nRetry-After: Wed, 02 Jun 2027 00:00:00 GMT\r\n"
        "Date: Tue, 01 Jun 2027 23:59:30 GMT\r\nContent-Length: 0\r\n\r\n",
        SCRIPT_KEEP_OPEN);
    assert_int_equal(get(), BOOOPLY_E_HTTP_STATUS);
    assert_int_equal(client.last.retry_after, 30);
    assert_int_equal(port.count, 0);
}

static void rate_limit_waits_reset_header(void **state) {
    (void)state;
    start(0, 0, 1);
    /* 1811844000 is 2027-06-01T10:00:00Z; the window resets 3 s later. */
    add(0,
        "HTTP/1.1 429 Too Many Requests\r\nDate: Tue, 01 Jun 2027 10:00:00 GMT\r\n"
        "X-RateLimit-Limit: 100\r\nX-RateLimit-Remaining: 0\r\nX-RateLimit-Reset: 1811844003\r\n"
        "Content-Length: 0\r\n\r\n",
        SCRIPT_KEEP_OPEN);
    add(0, ok_response, SCRIPT_KEEP_OPEN);
    assert_int_equal(get(), BOOOPLY_OK);
    assert_int_equal(port.count, 1);
    assert_int_equal(port.waits[0], 3000);
}

static void server_errors_back_off(void **state) {
    (void)state;
    start(0, 100, 1);
    add(0, server_error, SCRIPT_KEEP_OPEN);
    add(0, server_error, SCRIPT_KEEP_OPEN);
    add(0, ok_response, SCRIPT_KEEP_OPEN);
    assert_int_equal(get(), BOOOPLY_OK);
    assert_int_equal(port.count, 2);
    assert_in_range(port.waits[0], 50, 100);
    assert_in_range(port.waits[1], 100, 200);
    assert_int_equal(client.last.retries, 2);
}

static void retries_stop_at_maximum(void **state) {
    (void)state;
    start(0, 100, 1);
    add(0, server_error, SCRIPT_KEEP_OPEN);
    add(0, server_error, SCRIPT_KEEP_OPEN);
    add(0, server_error, SCRIPT_KEEP_OPEN);
    add(0, ok_response, SCRIPT_KEEP_OPEN);
    assert_int_equal(get(), BOOOPLY_E_HTTP_STATUS);
    assert_int_equal(client.last.http_status, 500);
    assert_true(boooply_str_eq(client.last.api_code, "INTERNAL_ERROR"));
    assert_int_equal(port.count, 2);
    assert_int_equal(script_request_count(&port.script, 0), 3);
}

static void backoff_capped_by_maximum(void **state) {
    boooply_config_t cfg;
    size_t i;
    (void)state;
    start(3, 1000, 1);
    cfg = client.cfg;
    cfg.retry_max_ms = 1500;
    cfg.timeout_ms = 60000;
    assert_int_equal(boooply_init(&client, &cfg), BOOOPLY_OK);
    for (i = 0; i < 3; i++) add(0, server_error, SCRIPT_KEEP_OPEN);
    add(0, ok_response, SCRIPT_KEEP_OPEN);
    assert_int_equal(get(), BOOOPLY_OK);
    assert_int_equal(port.count, 3);
    assert_in_range(port.waits[0], 500, 1000);
    for (i = 1; i < 3; i++) assert_in_range(port.waits[i], 750, 1500);
}

static void post_never_sent_twice(void **state) {
    (void)state;
    start(0, 100, 1);
    add(0, "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n", SCRIPT_KEEP_OPEN);
    add(0, ok_response, SCRIPT_KEEP_OPEN);
    assert_int_equal(post(), BOOOPLY_E_HTTP_STATUS);
    assert_int_equal(client.last.http_status, 503);
    assert_int_equal(port.count, 0);
    assert_int_equal(script_request_count(&port.script, 0), 1);
}

static void post_lost_after_send_not_repeated(void **state) {
    (void)state;
    start(0, 100, 1);
    add(0, "", SCRIPT_FIN);
    add(1, ok_response, SCRIPT_KEEP_OPEN);
    assert_int_equal(post(), BOOOPLY_E_CLOSED);
    assert_int_equal(port.script.connects, 1);
    assert_int_equal(port.count, 0);
    assert_int_equal(script_request_count(&port.script, 0), 1);
}

static void get_lost_after_send_repeated(void **state) {
    (void)state;
    start(0, 100, 1);
    add(0, "", SCRIPT_FIN);
    add(1, ok_response, SCRIPT_KEEP_OPEN);
    assert_int_equal(get(), BOOOPLY_OK);
    assert_int_equal(port.script.connects, 2);
    assert_int_equal(port.count, 1);
    assert_int_equal(script_request_count(&port.script, 1), 1);
}

static void post_retried_when_connect_fails(void **state) {
    (void)state;
    start(0, 100, 1);
    port.script.conns[0].connect_result = BOOOPLY_PORT_REFUSED;
    add(1, ok_response, SCRIPT_KEEP_OPEN);
    assert_int_equal(post(), BOOOPLY_OK);
    assert_int_equal(port.script.connects, 2);
    assert_int_equal(port.count, 1);
    assert_int_equal(script_request_count(&port.script, 1), 1);
}

static void long_retry_after_ends_call(void **state) {
    (void)state;
    start(0, 100, 1);
    add(0, "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 20\r\nContent-Length: 0\r\n\r\n", SCRIPT_KEEP_OPEN);
    add(0, ok_response, SCRIPT_KEEP_OPEN);
    assert_int_equal(get(), BOOOPLY_E_HTTP_STATUS);
    assert_int_equal(client.last.retry_after, 20);
    assert_int_equal(port.count, 0);
    assert_true(port.script.clock_ms < 10000);
}

static void huge_retry_after_no_overflow(void **state) {
    (void)state;
    start(0, 100, 1);
    add(0, "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 9223372036854775807\r\nContent-Length: 0\r\n\r\n",
        SCRIPT_KEEP_OPEN);
    add(0, ok_response, SCRIPT_KEEP_OPEN);
    assert_int_equal(get(), BOOOPLY_E_HTTP_STATUS);
    assert_int_equal(port.count, 0);
}

static void invalid_retry_after_backs_off(void **state) {
    (void)state;
    start(0, 100, 1);
    add(0, "HTTP/1.1 503 Service Unavailable\r\nRetry-After: soon\r\nContent-Length: 0\r\n\r\n", SCRIPT_KEEP_OPEN);
    add(0, ok_response, SCRIPT_KEEP_OPEN);
    assert_int_equal(get(), BOOOPLY_OK);
    assert_int_equal(port.count, 1);
    assert_in_range(port.waits[0], 50, 100);
}

static void retries_off_when_negative(void **state) {
    (void)state;
    start(-1, 100, 1);
    add(0, server_error, SCRIPT_KEEP_OPEN);
    add(0, ok_response, SCRIPT_KEEP_OPEN);
    assert_int_equal(get(), BOOOPLY_E_HTTP_STATUS);
    assert_int_equal(port.count, 0);
    assert_int_equal(script_request_count(&port.script, 0), 1);
}

static void retries_off_without_sleep(void **state) {
    (void)state;
    start(0, 100, 0);
    add(0, server_error, SCRIPT_KEEP_OPEN);
    add(0, ok_response, SCRIPT_KEEP_OPEN);
    assert_int_equal(get(), BOOOPLY_E_HTTP_STATUS);
    assert_int_equal(script_request_count(&port.script, 0), 1);
}

static void client_errors_not_retried(void **state) {
    (void)state;
    start(0, 100, 1);
    add(0, "HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\n{}", SCRIPT_KEEP_OPEN);
    add(0, ok_response, SCRIPT_KEEP_OPEN);
    assert_int_equal(get(), BOOOPLY_E_HTTP_STATUS);
    assert_int_equal(client.last.http_status, 404);
    assert_int_equal(port.count, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(unavailable_waits_retry_after_seconds),
        cmocka_unit_test(rate_limit_waits_http_date),
        cmocka_unit_test(http_date_reported_as_seconds),
        cmocka_unit_test(rate_limit_waits_reset_header),
        cmocka_unit_test(server_errors_back_off),
        cmocka_unit_test(retries_stop_at_maximum),
        cmocka_unit_test(backoff_capped_by_maximum),
        cmocka_unit_test(post_never_sent_twice),
        cmocka_unit_test(post_lost_after_send_not_repeated),
        cmocka_unit_test(get_lost_after_send_repeated),
        cmocka_unit_test(post_retried_when_connect_fails),
        cmocka_unit_test(long_retry_after_ends_call),
        cmocka_unit_test(huge_retry_after_no_overflow),
        cmocka_unit_test(invalid_retry_after_backs_off),
        cmocka_unit_test(retries_off_when_negative),
        cmocka_unit_test(retries_off_without_sleep),
        cmocka_unit_test(client_errors_not_retried),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
