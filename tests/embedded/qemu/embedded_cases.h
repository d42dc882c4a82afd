/* The case files of tests/cases compiled into a target image by
 * embed_cases.py. */
#ifndef BOOOPLY_EMBEDDED_CASES_H
#define BOOOPLY_EMBEDDED_CASES_H

#include <stddef.h>

typedef struct embedded_case {
    const char *name;
    const unsigned char *data;
    size_t len;
} embedded_case_t;

extern const embedded_case_t embedded_cases[];
extern const size_t embedded_case_count;

#endif
