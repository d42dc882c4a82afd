/* Helpers shared by the test programs: reading a case file and placing
 * bytes right before an inaccessible page, so a one-byte over-read faults. */
#ifndef BOOOPLY_TEST_UTIL_H
#define BOOOPLY_TEST_UTIL_H

#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, mkdtemp */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include "boooply.h"

/* Reads tests/cases/NAME (the tests run from the repository root) into buf
 * and returns its length; fails the test when it is missing or too big. */
static inline size_t read_case(const char *name, char *buf, size_t cap) {
    char path[256];
    FILE *f;
    size_t n;
    snprintf(path, sizeof path, "tests/cases/%s", name);
    f = fopen(path, "rb");
    if (!f) fail_msg("cannot open %s (run the tests from the repository root)", path);
    n = fread(buf, 1, cap, f);
    if (!feof(f) && fgetc(f) != EOF) fail_msg("%s is larger than %zu bytes", path, cap);
    fclose(f);
    return n;
}

/* A region of len bytes whose end touches a PROT_NONE page. */
typedef struct guarded {
    char *map;
    size_t map_len;
    char *data;
} guarded_t;

static inline char *guarded_copy(guarded_t *g, const void *src, size_t len) {
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t pages = (len + page - 1) / page + 1;
    g->map_len = pages * page;
    g->map = (char *)mmap(NULL, g->map_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    assert_true(g->map != MAP_FAILED);
    assert_int_equal(mprotect(g->map + g->map_len - page, page, PROT_NONE), 0);
    g->data = g->map + g->map_len - page - len;
    if (len) memcpy(g->data, src, len);
    return g->data;
}

static inline void guarded_free(guarded_t *g) {
    munmap(g->map, g->map_len);
    g->map = NULL;
}

#endif
