/* A program that keeps one layer of boooply.h in a linked image, so that
 * -Wl,--gc-sections drops everything else and the linker map shows what a
 * device pays for that layer. Build it with one of:
 *   -DSIZE_LAYER_ALL   every public function
 *   -DSIZE_LAYER_HTTP  the HTTP client: init, streamed request, body, close
 *   -DSIZE_LAYER_KIOSK the calls examples/kiosk.c makes: create and get an
 *                      interview, walk its participants, build the join link
 *   -DSIZE_LAYER_JSON  the JSON reader and writer
 *   -DSIZE_LAYER_JSMN  jsmn alone (linked from jsmn_only.c)
 *   -DSIZE_LAYER_NONE  nothing, to see what the program itself costs
 * The functions are only referenced, never called: main reads one table
 * entry through a volatile index, so the compiler must keep the table and
 * every function in it. */
#include <stdint.h>

#include "boooply.h"

#if defined(SIZE_LAYER_JSMN)
#define JSMN_HEADER /* declarations only; jsmn_only.c has the code */
#include "jsmn.h"
#endif

typedef void (*any_fn)(void);
#define KEEP(fn) (any_fn)(fn)

static const any_fn kept[] = {
#if defined(SIZE_LAYER_ALL)
    KEEP(boooply_strerror),
    KEEP(boooply_str_copy),
    KEEP(boooply_str_eq),
    KEEP(boooply_json_writer_init),
    KEEP(boooply_json_write_begin_object),
    KEEP(boooply_json_write_end_object),
    KEEP(boooply_json_write_begin_array),
    KEEP(boooply_json_write_end_array),
    KEEP(boooply_json_write_key),
    KEEP(boooply_json_write_string_n),
    KEEP(boooply_json_write_string),
    KEEP(boooply_json_write_int),
    KEEP(boooply_json_write_bool),
    KEEP(boooply_json_write_null),
    KEEP(boooply_json_writer_finish),
    KEEP(boooply_json_parse),
    KEEP(boooply_json_type),
    KEEP(boooply_json_get),
    KEEP(boooply_json_path),
    KEEP(boooply_json_size),
    KEEP(boooply_json_iter),
    KEEP(boooply_json_next),
    KEEP(boooply_json_get_string),
    KEEP(boooply_json_get_int32),
    KEEP(boooply_json_get_int64),
    KEEP(boooply_json_get_double),
    KEEP(boooply_json_get_bool),
    KEEP(boooply_init),
    KEEP(boooply_close),
    KEEP(boooply_request),
    KEEP(boooply_read_body),
    KEEP(boooply_end_response),
    KEEP(boooply_raw),
    KEEP(boooply_interviews_create),
    KEEP(boooply_interviews_get),
    KEEP(boooply_interviews_list),
    KEEP(boooply_participant_next),
    KEEP(boooply_interview_next),
    KEEP(boooply_string_next),
    KEEP(boooply_interviews_get_transcript),
    KEEP(boooply_transcript_next),
    KEEP(boooply_interviews_get_evaluation),
    KEEP(boooply_question_evaluation_next),
    KEEP(boooply_interviews_trigger_analysis),
    KEEP(boooply_interviews_reschedule),
    KEEP(boooply_interviews_cancel),
    KEEP(boooply_interviews_delete),
    KEEP(boooply_interviews_add_participant),
    KEEP(boooply_interviews_get_participants),
    KEEP(boooply_interviews_remove_participant),
    KEEP(boooply_interviews_get_recording),
    KEEP(boooply_interviews_get_availability),
    KEEP(boooply_interviews_get_busy_blocks),
    KEEP(boooply_slot_next),
    KEEP(boooply_organization_get),
    KEEP(boooply_ai_generate_job_description),
    KEEP(boooply_create_organization_api_key),
    KEEP(boooply_format_iso8601),
    KEEP(boooply_join_link),
    KEEP(boooply_percent_encode),
#elif defined(SIZE_LAYER_HTTP)
    KEEP(boooply_init),
    KEEP(boooply_close),
    KEEP(boooply_request),
    KEEP(boooply_read_body),
    KEEP(boooply_end_response),
#elif defined(SIZE_LAYER_KIOSK)
    KEEP(boooply_init),
    KEEP(boooply_close),
    KEEP(boooply_strerror),
    KEEP(boooply_str_copy),
    KEEP(boooply_str_eq),
    KEEP(boooply_interviews_create),
    KEEP(boooply_interviews_get),
    KEEP(boooply_participant_next),
    KEEP(boooply_join_link),
#elif defined(SIZE_LAYER_JSON)
    KEEP(boooply_json_writer_init),
    KEEP(boooply_json_write_begin_object),
    KEEP(boooply_json_write_end_object),
    KEEP(boooply_json_write_begin_array),
    KEEP(boooply_json_write_end_array),
    KEEP(boooply_json_write_key),
    KEEP(boooply_json_write_string_n),
    KEEP(boooply_json_write_string),
    KEEP(boooply_json_write_int),
    KEEP(boooply_json_write_bool),
    KEEP(boooply_json_write_null),
    KEEP(boooply_json_writer_finish),
    KEEP(boooply_json_parse),
    KEEP(boooply_json_type),
    KEEP(boooply_json_get),
    KEEP(boooply_json_path),
    KEEP(boooply_json_size),
    KEEP(boooply_json_iter),
    KEEP(boooply_json_next),
    KEEP(boooply_json_get_string),
    KEEP(boooply_json_get_int32),
    KEEP(boooply_json_get_int64),
    KEEP(boooply_json_get_double),
    KEEP(boooply_json_get_bool),
#elif defined(SIZE_LAYER_JSMN)
    KEEP(jsmn_init),
    KEEP(jsmn_parse),
#elif defined(SIZE_LAYER_NONE)
    0,
#else
#error "define one SIZE_LAYER_* macro"
#endif
};

static volatile unsigned which;

int main(void) {
    any_fn fn = kept[which % (sizeof kept / sizeof kept[0])];
    return fn != 0;
}
