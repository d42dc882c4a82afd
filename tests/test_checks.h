/* Checks shared by the cmocka test programs, on the host and on the
 * emulated target: comparisons that name the run that failed, and a
 * request header reader. Include after test_util.h (cmocka and the C
 * library). */
#ifndef TEST_CHECKS_H
#define TEST_CHECKS_H

/* Fails the test when actual differs from expected, naming label. */
#define EXPECT_EQ(label, actual, expected)                                                  \
    do {                                                                                    \
        long long actual_ = (long long)(actual), expected_ = (long long)(expected);         \
        if (actual_ != expected_) {                                                         \
            print_error("%s: %s is %lld, expected %lld\n", (label), #actual, actual_,       \
                        expected_);                                                         \
            fail();                                                                         \
        }                                                                                   \
    } while (0)

/* Fails the test when condition is false, naming label. */
#define EXPECT_TRUE(label, condition)                                                       \
    do {                                                                                    \
        if (!(condition)) {                                                                 \
            print_error("%s: expected %s\n", (label), #condition);                          \
            fail();                                                                         \
        }                                                                                   \
    } while (0)

/* Copies the value of header name (exact case) from a request into value,
 * which has room for cap bytes. Fails the test when the header is missing. */
static inline void request_header_value(const char *request, const char *name, char *value,
                                        size_t cap) {
    char pattern[64];
    const char *start, *end;
    size_t n;
    snprintf(pattern, sizeof pattern, "\r\n%s: ", name);
    start = strstr(request, pattern);
    if (!start) fail_msg("the request has no %s header", name);
    start += strlen(pattern);
    end = strstr(start, "\r\n");
    assert_non_null(end);
    n = (size_t)(end - start);
    assert_true(n < cap);
    memcpy(value, start, n);
    value[n] = '\0';
}

#endif
