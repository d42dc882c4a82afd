/* The helpers of tests/test_util.h for targets with no file system and no
 * memory protection, used in place of that file when the target tests
 * build (tests/embedded/qemu/run.sh).
 *
 * read_case() reads the case files compiled into the image by
 * embed_cases.py. guarded_copy() cannot place bytes before an
 * inaccessible page, so it places them before 64 canary bytes and
 * guarded_free() fails the test when a canary changed: writes past the end
 * are caught, one-byte over-reads are not. */
#ifndef BOOOPLY_TEST_UTIL_H
#define BOOOPLY_TEST_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmocka.h"

#include "boooply.h"
#include "embedded_cases.h"

/* The tests format labels with "%zu"; see cm_format() in cmocka.h. */
#define snprintf cm_snprintf

/* Copies the case file NAME into buf and returns its length; fails the
 * test when it is missing or bigger than cap. */
static inline size_t read_case(const char *name, char *buf, size_t cap) {
    size_t i;
    for (i = 0; i < embedded_case_count; i++) {
        if (strcmp(embedded_cases[i].name, name) != 0) continue;
        if (embedded_cases[i].len > cap) fail_msg("%s is larger than %lu bytes", name, (unsigned long)cap);
        memcpy(buf, embedded_cases[i].data, embedded_cases[i].len);
        return embedded_cases[i].len;
    }
    fail_msg("case %s is not compiled into this image", name);
    return 0;
}

#define GUARD_SLOTS 4
#define GUARD_SLOT_SIZE 24576
#define GUARD_CANARY 64
#define GUARD_BYTE 0xA5

/* A region of len bytes followed by canary bytes. */
typedef struct guarded {
    char *map;
    size_t map_len;
    char *data;
} guarded_t;

static unsigned char guard_slots[GUARD_SLOTS][GUARD_SLOT_SIZE + GUARD_CANARY];
static int guard_used[GUARD_SLOTS];

static inline char *guarded_copy(guarded_t *g, const void *src, size_t len) {
    int i;
    if (len > GUARD_SLOT_SIZE) fail_msg("guarded_copy: %lu bytes do not fit a slot", (unsigned long)len);
    for (i = 0; i < GUARD_SLOTS && guard_used[i]; i++) {
    }
    if (i == GUARD_SLOTS) fail_msg("guarded_copy: all %d slots are in use", GUARD_SLOTS);
    guard_used[i] = 1;
    g->map = (char *)guard_slots[i];
    g->map_len = (size_t)i;
    g->data = g->map + GUARD_SLOT_SIZE - len;
    memset(g->map + GUARD_SLOT_SIZE, GUARD_BYTE, GUARD_CANARY);
    if (len) memcpy(g->data, src, len);
    return g->data;
}

static inline void guarded_free(guarded_t *g) {
    size_t i;
    guard_used[g->map_len] = 0;
    for (i = 0; i < GUARD_CANARY; i++)
        if ((unsigned char)g->map[GUARD_SLOT_SIZE + i] != GUARD_BYTE)
            fail_msg("a write went %lu bytes past the end of a guarded region", (unsigned long)i + 1);
    g->map = NULL;
}

#endif
