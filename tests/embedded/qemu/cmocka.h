/* The part of the cmocka API that tests/test_json.c and
 * tests/test_http_cases.c use, for targets without cmocka. As in cmocka, a
 * failed check prints its file, line and values and ends the test with
 * longjmp. The summary lines match cmocka's, so the same scripts can count
 * the results. Only one test program may include it per image. */
#ifndef BOOOPLY_TARGET_CMOCKA_H
#define BOOOPLY_TARGET_CMOCKA_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef void (*CMUnitTestFunction)(void **state);
typedef int (*CMFixtureFunction)(void **state);

struct CMUnitTest {
    const char *name;
    CMUnitTestFunction test_func;
    CMFixtureFunction setup_func;
    CMFixtureFunction teardown_func;
    void *initial_state;
};

#define cmocka_unit_test(f) {#f, f, NULL, NULL, NULL}
#define cmocka_unit_test_setup(f, setup) {#f, f, setup, NULL, NULL}
#define cmocka_unit_test_teardown(f, teardown) {#f, f, NULL, teardown, NULL}
#define cmocka_unit_test_setup_teardown(f, setup, teardown) {#f, f, setup, teardown, NULL}

static jmp_buf cm_test_exit;

/* Debian's newlib for arm-none-eabi leaves out printf's C99 length
 * modifiers: "%zu" prints "zu". Formats are rewritten before use: z and t
 * are dropped, which passes the same argument where size_t and ptrdiff_t
 * have the size of int (checked below), and j becomes ll. */
typedef char cm_size_t_is_int_sized[sizeof(size_t) == sizeof(int) && sizeof(ptrdiff_t) == sizeof(int) ? 1 : -1];

static inline const char *cm_format(const char *in, char *out, size_t cap) {
    size_t o = 0;
    while (*in && o + 3 < cap) {
        if (*in != '%') {
            out[o++] = *in++;
            continue;
        }
        out[o++] = *in++;
        while (*in && strchr("-+ #0123456789.*", *in) && o + 3 < cap) out[o++] = *in++;
        if (*in == 'z' || *in == 't') {
            in++;
        } else if (*in == 'j') {
            in++;
            out[o++] = 'l';
            out[o++] = 'l';
        } else if (*in == '%') {
            out[o++] = *in++;
        }
    }
    out[o] = '\0';
    return out;
}

static inline void cm_vprintf(const char *format, va_list args) {
    char fixed[512];
    vprintf(cm_format(format, fixed, sizeof fixed), args);
}

static inline void cm_printf(const char *format, ...) {
    va_list args;
    va_start(args, format);
    cm_vprintf(format, args);
    va_end(args);
}

static inline int cm_snprintf(char *buf, size_t cap, const char *format, ...) {
    char fixed[512];
    va_list args;
    int n;
    va_start(args, format);
    n = vsnprintf(buf, cap, cm_format(format, fixed, sizeof fixed), args);
    va_end(args);
    return n;
}

static inline void cm_fail_at(const char *file, int line, const char *format, ...) {
    va_list args;
    printf("[  ERROR   ] --- ");
    va_start(args, format);
    cm_vprintf(format, args);
    va_end(args);
    printf("\n[   LINE   ] --- %s:%d: error: Failure!\n", file, line);
    longjmp(cm_test_exit, 1);
}

static inline void cm_int_equal(uintmax_t a, uintmax_t b, int want_equal, const char *a_text,
                                const char *b_text, const char *file, int line) {
    if ((a == b) != want_equal)
        cm_fail_at(file, line, "%s (%llu, 0x%llx) %s %s (%llu, 0x%llx)", a_text, (unsigned long long)a,
                   (unsigned long long)a, want_equal ? "!=" : "==", b_text, (unsigned long long)b,
                   (unsigned long long)b);
}

static inline void cm_memory_equal(const void *a, const void *b, size_t n, const char *a_text,
                                   const char *b_text, const char *file, int line) {
    const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
    size_t i;
    if (!a || !b) cm_fail_at(file, line, "%s or %s is NULL", a_text, b_text);
    for (i = 0; i < n; i++)
        if (x[i] != y[i])
            cm_fail_at(file, line, "%s and %s differ at byte %lu of %lu: 0x%02x != 0x%02x", a_text, b_text,
                       (unsigned long)i, (unsigned long)n, x[i], y[i]);
}

static inline void cm_string_equal(const char *a, const char *b, const char *a_text, const char *b_text,
                                   const char *file, int line) {
    if (!a || !b || strcmp(a, b) != 0)
        cm_fail_at(file, line, "%s \"%s\" != %s \"%s\"", a_text, a ? a : "(null)", b_text, b ? b : "(null)");
}

#define assert_true(c) ((c) ? (void)0 : cm_fail_at(__FILE__, __LINE__, "%s", #c))
#define assert_false(c) (!(c) ? (void)0 : cm_fail_at(__FILE__, __LINE__, "%s", #c))
#define assert_non_null(p) ((p) != NULL ? (void)0 : cm_fail_at(__FILE__, __LINE__, "%s is NULL", #p))
#define assert_null(p) ((p) == NULL ? (void)0 : cm_fail_at(__FILE__, __LINE__, "%s is not NULL", #p))
#define assert_int_equal(a, b) cm_int_equal((uintmax_t)(a), (uintmax_t)(b), 1, #a, #b, __FILE__, __LINE__)
#define assert_int_not_equal(a, b) cm_int_equal((uintmax_t)(a), (uintmax_t)(b), 0, #a, #b, __FILE__, __LINE__)
#define assert_memory_equal(a, b, n) cm_memory_equal((a), (b), (n), #a, #b, __FILE__, __LINE__)
#define assert_string_equal(a, b) cm_string_equal((a), (b), #a, #b, __FILE__, __LINE__)
#define fail() cm_fail_at(__FILE__, __LINE__, "%s", "fail()")
#define fail_msg(...) cm_fail_at(__FILE__, __LINE__, __VA_ARGS__)
#define print_error(...) cm_printf(__VA_ARGS__)
#define print_message(...) cm_printf(__VA_ARGS__)

/* State of the test that runs; static, so that longjmp cannot clobber it. */
static void *cm_state;

/* Runs one test: setup, test, teardown. Returns 1 when it passed; a failed
 * check or a setup or teardown that returns non-zero fails it. */
static inline int cm_run_one(const struct CMUnitTest *test, void *group_state) {
    volatile int ok = 1;
    cm_state = test->initial_state ? test->initial_state : group_state;
    if (setjmp(cm_test_exit) == 0) {
        if (test->setup_func && test->setup_func(&cm_state) != 0) {
            printf("[  ERROR   ] %s: the setup failed\n", test->name);
            ok = 0;
        } else {
            test->test_func(&cm_state);
        }
    } else {
        ok = 0;
    }
    if (test->teardown_func) {
        if (setjmp(cm_test_exit) == 0) {
            if (test->teardown_func(&cm_state) != 0) ok = 0;
        } else {
            ok = 0;
        }
    }
    return ok;
}

/* Runs every test of a group and prints cmocka's summary lines. Returns
 * the number of failed tests. */
static inline int cm_run_group(const char *group, const struct CMUnitTest *tests, size_t count,
                               CMFixtureFunction group_setup, CMFixtureFunction group_teardown) {
    static const char *failed_names[256];
    size_t i, failed = 0;
    void *group_state = NULL;
    printf("[==========] %s: Running %lu test(s).\n", group, (unsigned long)count);
    if (group_setup && group_setup(&group_state) != 0) {
        printf("[  ERROR   ] %s: the group setup failed\n", group);
        printf("[  FAILED  ] %lu test(s), listed below:\n", (unsigned long)count);
        return (int)count;
    }
    for (i = 0; i < count; i++) {
        printf("[ RUN      ] %s\n", tests[i].name);
        if (cm_run_one(&tests[i], group_state)) {
            printf("[       OK ] %s\n", tests[i].name);
        } else {
            printf("[  FAILED  ] %s\n", tests[i].name);
            if (failed < sizeof failed_names / sizeof failed_names[0]) failed_names[failed] = tests[i].name;
            failed++;
        }
    }
    if (group_teardown) group_teardown(&group_state);
    printf("[==========] %s: %lu test(s) run.\n", group, (unsigned long)count);
    printf("[  PASSED  ] %lu test(s).\n", (unsigned long)(count - failed));
    if (failed) {
        printf("[  FAILED  ] %lu test(s), listed below:\n", (unsigned long)failed);
        for (i = 0; i < failed && i < sizeof failed_names / sizeof failed_names[0]; i++)
            printf("[  FAILED  ] %s\n", failed_names[i]);
    }
    return (int)failed;
}

#define cmocka_run_group_tests(tests, group_setup, group_teardown) \
    cm_run_group(#tests, tests, sizeof(tests) / sizeof((tests)[0]), group_setup, group_teardown)

#endif
