/* boooply_cli: a command-line tool over every call in boooply.h.
 *
 * One command per SDK call, named after the call in kebab case, and raw for
 * any other endpoint:
 *
 *   export BOOOPLY_BASE_URL=http://127.0.0.1:8080 BOOOPLY_API_KEY=bply_org_...
 *   boooply_cli list --status COMPLETED --limit 5
 *   boooply_cli get Boooply-AI-1000000001 --json
 *   boooply_cli create --type ai --job-role "Backend Engineer" \
 *       --candidate-name "Jane Doe" --candidate-email jane@example.com
 *   boooply_cli raw GET /api/integration/organization
 *
 * "boooply_cli --help" lists the commands and "boooply_cli COMMAND --help"
 * explains the options of one. Results print as aligned tables, or with
 * --json as JSON. Exit status: 0 success, 1 the output could not be written,
 * 2 usage or configuration error (nothing was sent), 3 the server returned
 * an HTTP error status, 4 network or protocol failure.
 *
 * Like the library, the tool uses no heap: one static 64 KiB buffer and 4096
 * JSON tokens, enough for the transcript of a 45-minute interview. Options
 * are parsed with plain C, without getopt_long, which is a GNU extension.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boooply.h"
#include "ports/boooply_posix.h"

enum {
    STATUS_OK = 0,
    STATUS_OUTPUT = 1,  /* stdout could not be written */
    STATUS_USAGE = 2,   /* invalid command line or configuration, so nothing was sent */
    STATUS_HTTP = 3,    /* the server returned a status outside 2xx */
    STATUS_NETWORK = 4, /* connection, transport, framing or response-shape failure */
    PARSE_CONTINUE = -1 /* the command line is valid: run the command */
};

#define LIST_MAX 50      /* values of one repeatable option, the availableSlots maximum */
#define VALUES_MAX 256   /* options on one command line */
#define POSITIONAL_MAX 3 /* raw takes METHOD PATH BODY */
#define QUERY_MAX 16     /* query parameters in a raw PATH */
#define TABLE_COLUMNS_MAX 8
#define LABEL_WIDTH 17   /* the label column of key-value output */
#define HELP_COLUMN 32   /* where option help text starts */
#define HELP_WIDTH 79

static unsigned char buffer[65536];
static boooply_token_t tokens[4096];
/* raw reads the body through this buffer because boooply_read_body() needs a
 * destination outside the client's buffer. */
static char body_piece[4096];

/* ------------------------------------------------------------- options */

typedef enum option_id {
    OPT_TYPE,
    OPT_JOB_ROLE,
    OPT_TITLE,
    OPT_CATEGORY,
    OPT_STAGE,
    OPT_COMPANY_NAME,
    OPT_CANDIDATE_NAME,
    OPT_CANDIDATE_EMAIL,
    OPT_PARTICIPANT,
    OPT_CANDIDATE_CV,
    OPT_SKILL,
    OPT_SENIORITY,
    OPT_DEPARTMENT,
    OPT_JOB_DESCRIPTION,
    OPT_WORK_SETUP,
    OPT_EMPLOYMENT_TYPE,
    OPT_DURATION_MINUTES,
    OPT_SCHEDULED_AT,
    OPT_SCHEDULING_MODE,
    OPT_AVAILABLE_SLOT,
    OPT_QUESTION,
    OPT_AI_GENERATE,
    OPT_EVALUATION_FOCUS,
    OPT_SEND_CANDIDATE_FEEDBACK,
    OPT_EXTERNAL_JOB_ID,
    OPT_AGENDA,
    OPT_TRANSCRIPTION_ENABLED,
    OPT_STATUS,
    OPT_SEARCH,
    OPT_SOURCE_ID,
    OPT_DATE_FIELD,
    OPT_DATE_FROM,
    OPT_DATE_TO,
    OPT_SCORE_MIN,
    OPT_SCORE_MAX,
    OPT_PAGE,
    OPT_LIMIT,
    OPT_REASON,
    OPT_EMAIL,
    OPT_DAYS,
    OPT_USER_ID,
    OPT_USER_EMAIL,
    OPT_USER_NAME,
    OPT_ORGANIZATION_ID,
    OPT_ORGANIZATION_NAME,
    OPT_TEAM_MEMBER,
    OPT_COUNT
} option_id_t;

typedef enum option_kind {
    KIND_TEXT,
    KIND_NUMBER, /* a whole number, checked against minimum */
    KIND_BOOL    /* true or false, kept as a boooply_flag_t */
} option_kind_t;

typedef struct option_info {
    const char *name; /* without the leading -- */
    const char *metavar;
    option_kind_t kind;
    int repeatable;
    /* KIND_NUMBER: the smallest value accepted. The library reads 0 as
     * "leave the field out", so fields where 0 is no valid value start at 1. */
    int32_t minimum;
} option_info_t;

static const option_info_t option_info[OPT_COUNT] = {
    [OPT_TYPE] = {"type", "TYPE", KIND_TEXT, 0, 0},
    [OPT_JOB_ROLE] = {"job-role", "TEXT", KIND_TEXT, 0, 0},
    [OPT_TITLE] = {"title", "TEXT", KIND_TEXT, 0, 0},
    [OPT_CATEGORY] = {"category", "CATEGORY", KIND_TEXT, 0, 0},
    [OPT_STAGE] = {"stage", "TEXT", KIND_TEXT, 0, 0},
    [OPT_COMPANY_NAME] = {"company-name", "TEXT", KIND_TEXT, 0, 0},
    [OPT_CANDIDATE_NAME] = {"candidate-name", "NAME", KIND_TEXT, 0, 0},
    [OPT_CANDIDATE_EMAIL] = {"candidate-email", "EMAIL", KIND_TEXT, 0, 0},
    [OPT_PARTICIPANT] = {"participant", "NAME,EMAIL,ROLE", KIND_TEXT, 1, 0},
    [OPT_CANDIDATE_CV] = {"candidate-cv", "TEXT", KIND_TEXT, 0, 0},
    [OPT_SKILL] = {"skill", "TEXT", KIND_TEXT, 1, 0},
    [OPT_SENIORITY] = {"seniority", "LEVEL", KIND_TEXT, 0, 0},
    [OPT_DEPARTMENT] = {"department", "TEXT", KIND_TEXT, 0, 0},
    [OPT_JOB_DESCRIPTION] = {"job-description", "TEXT", KIND_TEXT, 0, 0},
    [OPT_WORK_SETUP] = {"work-setup", "SETUP", KIND_TEXT, 0, 0},
    [OPT_EMPLOYMENT_TYPE] = {"employment-type", "TYPE", KIND_TEXT, 0, 0},
    [OPT_DURATION_MINUTES] = {"duration-minutes", "MINUTES", KIND_NUMBER, 0, 1},
    [OPT_SCHEDULED_AT] = {"scheduled-at", "TIME", KIND_TEXT, 0, 0},
    [OPT_SCHEDULING_MODE] = {"scheduling-mode", "MODE", KIND_TEXT, 0, 0},
    [OPT_AVAILABLE_SLOT] = {"available-slot", "START,END", KIND_TEXT, 1, 0},
    [OPT_QUESTION] = {"question", "TEXT", KIND_TEXT, 1, 0},
    [OPT_AI_GENERATE] = {"ai-generate", "true|false", KIND_BOOL, 0, 0},
    [OPT_EVALUATION_FOCUS] = {"evaluation-focus", "FOCUS", KIND_TEXT, 0, 0},
    [OPT_SEND_CANDIDATE_FEEDBACK] = {"send-candidate-feedback", "true|false", KIND_BOOL, 0, 0},
    [OPT_EXTERNAL_JOB_ID] = {"external-job-id", "ID", KIND_TEXT, 0, 0},
    [OPT_AGENDA] = {"agenda", "TEXT", KIND_TEXT, 1, 0},
    [OPT_TRANSCRIPTION_ENABLED] = {"transcription-enabled", "true|false", KIND_BOOL, 0, 0},
    [OPT_STATUS] = {"status", "STATUS", KIND_TEXT, 0, 0},
    [OPT_SEARCH] = {"search", "TEXT", KIND_TEXT, 0, 0},
    [OPT_SOURCE_ID] = {"source-id", "ID", KIND_TEXT, 0, 0},
    [OPT_DATE_FIELD] = {"date-field", "FIELD", KIND_TEXT, 0, 0},
    [OPT_DATE_FROM] = {"date-from", "DATE", KIND_TEXT, 0, 0},
    [OPT_DATE_TO] = {"date-to", "DATE", KIND_TEXT, 0, 0},
    [OPT_SCORE_MIN] = {"score-min", "SCORE", KIND_NUMBER, 0, 0},
    [OPT_SCORE_MAX] = {"score-max", "SCORE", KIND_NUMBER, 0, 0},
    [OPT_PAGE] = {"page", "N", KIND_NUMBER, 0, 1},
    [OPT_LIMIT] = {"limit", "N", KIND_NUMBER, 0, 1},
    [OPT_REASON] = {"reason", "TEXT", KIND_TEXT, 0, 0},
    [OPT_EMAIL] = {"email", "EMAIL", KIND_TEXT, 0, 0},
    [OPT_DAYS] = {"days", "DAYS", KIND_NUMBER, 0, 1},
    [OPT_USER_ID] = {"user-id", "ID", KIND_TEXT, 0, 0},
    [OPT_USER_EMAIL] = {"user-email", "EMAIL", KIND_TEXT, 0, 0},
    [OPT_USER_NAME] = {"user-name", "NAME", KIND_TEXT, 0, 0},
    [OPT_ORGANIZATION_ID] = {"organization-id", "ID", KIND_TEXT, 0, 0},
    [OPT_ORGANIZATION_NAME] = {"organization-name", "NAME", KIND_TEXT, 0, 0},
    [OPT_TEAM_MEMBER] = {"team-member", "NAME,EMAIL,ROLE", KIND_TEXT, 1, 0},
};

/* One option as given on the command line. */
typedef struct option_value {
    option_id_t id;
    char *value;    /* the argv text, which list parsers split in place */
    int32_t number; /* the number of a KIND_NUMBER option, the boooply_flag_t of a KIND_BOOL one */
} option_value_t;

struct command;

typedef struct cli {
    const struct command *command;
    int json;
    int help;
    char *positional[POSITIONAL_MAX];
    int positional_count;
    option_value_t values[VALUES_MAX];
    size_t value_count;
} cli_t;

/* An option a command accepts, with what it sets for that command. */
typedef struct command_option {
    option_id_t id;
    const char *help;
} command_option_t;

typedef struct command {
    const char *name;
    const char *arguments;  /* positional arguments for the usage line */
    int min_positional;
    int max_positional;
    const char *call;       /* the boooply.h function */
    const char *request;    /* HTTP method and path */
    const char *summary;    /* one line for the command list */
    const char *description;
    const command_option_t *options;
    size_t option_count;
    int (*run)(boooply_client_t *client, cli_t *cli);
} command_t;

static const option_value_t *find_option(const cli_t *cli, option_id_t id) {
    size_t i;
    for (i = 0; i < cli->value_count; i++)
        if (cli->values[i].id == id) return &cli->values[i];
    return NULL;
}

/* The text of an option, or NULL when it was not given. */
static const char *text_option(const cli_t *cli, option_id_t id) {
    const option_value_t *option = find_option(cli, id);
    return option ? option->value : NULL;
}

/* The value of a number option, or 0 (the library's "left out") when absent. */
static int32_t number_option(const cli_t *cli, option_id_t id) {
    const option_value_t *option = find_option(cli, id);
    return option ? option->number : 0;
}

static boooply_flag_t flag_option(const cli_t *cli, option_id_t id) {
    const option_value_t *option = find_option(cli, id);
    return option ? (boooply_flag_t)option->number : BOOOPLY_FLAG_UNSET;
}

/* Collects the values of a repeatable option in command-line order. The
 * parser allows at most LIST_MAX of them. */
static size_t list_option(const cli_t *cli, option_id_t id, char **values) {
    size_t i, count = 0;
    for (i = 0; i < cli->value_count; i++)
        if (cli->values[i].id == id) values[count++] = cli->values[i].value;
    return count;
}

/* Does what list_option does, for string-array fields, which the library
 * takes as const char *const *. */
static size_t text_list_option(const cli_t *cli, option_id_t id, const char **values) {
    size_t i, count = 0;
    for (i = 0; i < cli->value_count; i++)
        if (cli->values[i].id == id) values[count++] = cli->values[i].value;
    return count;
}

#if defined(__GNUC__) || defined(__clang__)
static int usage_error(const cli_t *cli, const char *format, ...) __attribute__((format(printf, 2, 3)));
#endif

/* Prints a command-line error with a pointer to the help and returns
 * STATUS_USAGE. */
static int usage_error(const cli_t *cli, const char *format, ...) {
    va_list args;
    const char *name = cli && cli->command ? cli->command->name : NULL;
    fprintf(stderr, "boooply_cli%s%s: ", name ? " " : "", name ? name : "");
    va_start(args, format);
    vfprintf(stderr, format, args);
    va_end(args);
    fprintf(stderr, " (see boooply_cli %s%s--help)\n", name ? name : "", name ? " " : "");
    return STATUS_USAGE;
}

static size_t count_commas(const char *text) {
    size_t count = 0;
    for (; *text; text++)
        if (*text == ',') count++;
    return count;
}

/* Splits text at its last comma and returns the part after it. text keeps
 * the part before it. */
static char *split_last_comma(char *text) {
    char *comma = strrchr(text, ',');
    *comma = '\0';
    return comma + 1;
}

/* Parses NAME,EMAIL,ROLE in place. The name may itself contain commas. */
static int parse_participant(const cli_t *cli, char *text, boooply_participant_input_t *out) {
    if (count_commas(text) < 2) {
        usage_error(cli, "invalid --participant \"%s\": expected NAME,EMAIL,ROLE, for example "
                         "\"Jane Doe,jane@example.com,CANDIDATE\"", text);
        return 0;
    }
    out->role = split_last_comma(text);
    out->email = split_last_comma(text);
    out->name = text;
    return 1;
}

/* Parses EMAIL alone, or NAME,EMAIL,ROLE where an empty NAME or ROLE is left
 * out. The name may itself contain commas. */
static int parse_team_member(const cli_t *cli, char *text, boooply_team_member_t *out) {
    size_t commas = count_commas(text);
    if (commas == 0) {
        out->name = NULL;
        out->email = text;
        out->role = NULL;
        return 1;
    }
    if (commas == 1) {
        usage_error(cli, "invalid --team-member \"%s\": expected EMAIL or NAME,EMAIL,ROLE, for example "
                         "\"Bob Smith,bob@example.com,ADMIN\"", text);
        return 0;
    }
    out->role = split_last_comma(text);
    out->email = split_last_comma(text);
    out->name = text;
    if (!out->name[0]) out->name = NULL;
    if (!out->role[0]) out->role = NULL;
    return 1;
}

static int parse_slot(const cli_t *cli, char *text, boooply_slot_input_t *out) {
    if (count_commas(text) != 1) {
        usage_error(cli, "invalid --available-slot \"%s\": expected START,END, for example "
                         "\"2026-04-01T14:00:00Z,2026-04-01T14:30:00Z\"", text);
        return 0;
    }
    out->end = split_last_comma(text);
    out->start = text;
    return 1;
}

/* ------------------------------------------------------- output helpers */

/* Writes server text on one line: tabs and line breaks become spaces and
 * other control characters (C0, DEL and C1, which terminals may act on)
 * become '?'. */
static void put_line_text(FILE *out, const char *text, size_t len, int keep_line_breaks) {
    size_t i;
    for (i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)text[i];
        if (keep_line_breaks && (ch == '\n' || ch == '\t')) {
            fputc(ch, out);
        } else if (ch == '\n' || ch == '\r' || ch == '\t') {
            fputc(' ', out);
        } else if (ch < 0x20 || ch == 0x7F) {
            fputc('?', out);
        } else if (ch == 0xC2 && i + 1 < len && (unsigned char)text[i + 1] >= 0x80 &&
                   (unsigned char)text[i + 1] <= 0x9F) {
            fputc('?', out); /* U+0080..U+009F */
            i++;
        } else {
            fputc(ch, out);
        }
    }
}

static void put_str(FILE *out, boooply_str_t s) {
    if (s.ptr) put_line_text(out, s.ptr, s.len, 0);
}

/* Characters a terminal shows for UTF-8 text: every byte but continuation
 * bytes. Wide characters count as one. */
static size_t text_width(const char *text, size_t len) {
    size_t i, width = 0;
    for (i = 0; i < len; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80) width++;
    return width;
}

static void put_spaces(size_t count) {
    while (count--) putchar(' ');
}

/* Key-value lines. Absent values are not shown. */
static void print_field(const char *label, boooply_str_t value) {
    if (!value.ptr) return;
    printf("  %-*s ", LABEL_WIDTH, label);
    put_str(stdout, value);
    putchar('\n');
}

static void print_field_number(const char *label, int32_t value, const char *unit) {
    if (value < 0) return;
    printf("  %-*s %" PRId32 "%s%s\n", LABEL_WIDTH, label, value, unit ? " " : "", unit ? unit : "");
}

static void print_field_text(const char *label, const char *text) {
    printf("  %-*s %s\n", LABEL_WIDTH, label, text);
}

/* A table printed in two passes over the same rows: the first measures
 * the columns, the second prints them. Columns with no value in any row are
 * left out, header included. */
typedef struct table {
    int pass; /* 0 measures, 1 prints */
    int columns;
    int column; /* column of the next cell */
    int last_used;
    size_t width[TABLE_COLUMNS_MAX];
    int used[TABLE_COLUMNS_MAX];
} table_t;

static void table_init(table_t *table, int columns) {
    memset(table, 0, sizeof *table);
    table->columns = columns;
}

static void table_begin_pass(table_t *table, int pass) {
    int column;
    table->pass = pass;
    table->column = 0;
    table->last_used = -1;
    for (column = 0; column < table->columns; column++)
        if (table->used[column]) table->last_used = column;
}

static void table_cell(table_t *table, const char *text, size_t len, int present) {
    int column = table->column++;
    size_t width = text_width(text, len);
    if (column >= table->columns) return;
    if (table->pass == 0) {
        if (width > table->width[column]) table->width[column] = width;
        if (present) table->used[column] = 1;
        return;
    }
    if (!table->used[column]) return;
    put_line_text(stdout, text, len, 0);
    if (column != table->last_used) put_spaces(table->width[column] - width + 2);
}

static void table_end_row(table_t *table) {
    if (table->pass == 1) putchar('\n');
    table->column = 0;
}

static void cell_header(table_t *table, const char *text) { table_cell(table, text, strlen(text), 0); }

static void cell_text(table_t *table, const char *text) { table_cell(table, text, strlen(text), 1); }

static void cell_str(table_t *table, boooply_str_t s) {
    if (s.ptr) table_cell(table, s.ptr, s.len, 1);
    else table_cell(table, "-", 1, 0);
}

static void cell_number(table_t *table, int32_t value) {
    char text[16];
    if (value < 0) {
        table_cell(table, "-", 1, 0);
        return;
    }
    snprintf(text, sizeof text, "%" PRId32, value);
    cell_text(table, text);
}

static void cell_yes_no(table_t *table, int value) {
    if (value < 0) table_cell(table, "-", 1, 0);
    else cell_text(table, value ? "yes" : "no");
}

/* ---------------------------------------------------------- JSON output */

/* --json writes the parsed response back out as JSON rather than streaming
 * the body. The typed call runs either way, so the request and the library's
 * checks of input and response are the same with and without --json. The
 * parser unescaped strings in place, so they are escaped again here.
 * Members keep the server's order. Numbers are written in the shortest form
 * that reads back as the same double. The bytes can therefore differ from
 * the body (1e2 becomes 100), but the JSON value is the same.
 * NOTE: an integer beyond the int64_t range comes out with double precision.
 * raw, by contrast, streams the body unchanged with boooply_request() and
 * boooply_read_body(). */
static void write_json_string(FILE *out, boooply_str_t s) {
    size_t i;
    fputc('"', out);
    for (i = 0; i < s.len; i++) {
        unsigned char ch = (unsigned char)s.ptr[i];
        switch (ch) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        case '\b': fputs("\\b", out); break;
        case '\f': fputs("\\f", out); break;
        default:
            if (ch < 0x20) fprintf(out, "\\u%04x", (unsigned)ch);
            else fputc(ch, out);
        }
    }
    fputc('"', out);
}

static void write_json_double(FILE *out, double value) {
    char text[40];
    int precision;
    for (precision = 15; precision <= 17; precision++) {
        snprintf(text, sizeof text, "%.*g", precision, value);
        if (strtod(text, NULL) == value) break;
    }
    fputs(text, out);
}

/* Writes one value and everything inside it. Nesting is bounded by
 * BOOOPLY_JSON_MAX_DEPTH, which the parser enforced. Returns 0 for a number
 * that fits no double. */
static int write_json(FILE *out, const boooply_json_t *doc, int value) {
    boooply_iter_t it;
    boooply_str_t text;
    int64_t integer;
    double real;
    int element, first = 1, truth;
    boooply_json_type_t type = boooply_json_type(doc, value);
    switch (type) {
    case BOOOPLY_JSON_OBJECT:
    case BOOOPLY_JSON_ARRAY:
        fputc(type == BOOOPLY_JSON_OBJECT ? '{' : '[', out);
        it = boooply_json_iter(doc, value);
        while (boooply_json_next(&it, &element)) {
            if (!first) fputc(',', out);
            first = 0;
            if (type == BOOOPLY_JSON_OBJECT) {
                /* The iterator gives the key, and its value is the next token. */
                (void)boooply_json_get_string(doc, element, &text);
                write_json_string(out, text);
                fputc(':', out);
                element++;
            }
            if (!write_json(out, doc, element)) return 0;
        }
        fputc(type == BOOOPLY_JSON_OBJECT ? '}' : ']', out);
        return 1;
    case BOOOPLY_JSON_STRING:
        (void)boooply_json_get_string(doc, value, &text);
        write_json_string(out, text);
        return 1;
    case BOOOPLY_JSON_NUMBER:
        if (boooply_json_get_int64(doc, value, &integer) == BOOOPLY_OK) {
            fprintf(out, "%" PRId64, integer);
            return 1;
        }
        if (boooply_json_get_double(doc, value, &real) != BOOOPLY_OK) return 0;
        write_json_double(out, real);
        return 1;
    case BOOOPLY_JSON_BOOL:
        (void)boooply_json_get_bool(doc, value, &truth);
        fputs(truth ? "true" : "false", out);
        return 1;
    case BOOOPLY_JSON_NULL:
        fputs("null", out);
        return 1;
    default:
        return 1;
    }
}

/* Prints the whole response document on one line. */
static int print_document(const boooply_client_t *client) {
    if (client->doc.count == 0) return STATUS_OK;
    if (!write_json(stdout, &client->doc, 0)) {
        fprintf(stderr, "\nboooply_cli: the response has a number too large for a double\n");
        return STATUS_NETWORK;
    }
    putchar('\n');
    return STATUS_OK;
}

/* ------------------------------------------------------------- failures */

static int exit_status_for(boooply_err_t err) {
    if (err == BOOOPLY_E_INVALID_ARGUMENT || err == BOOOPLY_E_BUFFER_TOO_SMALL) return STATUS_USAGE;
    if (err == BOOOPLY_E_HTTP_STATUS) return STATUS_HTTP;
    return STATUS_NETWORK;
}

/* Reports a failed call on stderr. With --json it also prints an error body
 * that the server sent as JSON on stdout. Returns the exit status. */
static int call_failed(const cli_t *cli, const boooply_client_t *client, boooply_err_t err) {
    const boooply_last_t *last = &client->last;
    const char *name = cli->command->name;

    fprintf(stderr, "boooply_cli %s: %s: %s\n", name, boooply_strerror(err), last->message);
    if (last->http_status) {
        fprintf(stderr, "boooply_cli %s: HTTP status %d", name, last->http_status);
        if (last->api_code.ptr) {
            fputs(", API code ", stderr);
            put_str(stderr, last->api_code);
        }
        if (last->api_error.ptr) {
            fputs(": ", stderr);
            put_str(stderr, last->api_error);
        }
        fputc('\n', stderr);
    }
    if (last->field) fprintf(stderr, "boooply_cli %s: the response field is %s\n", name, last->field);

    if (err == BOOOPLY_E_BUFFER_TOO_SMALL || err == BOOOPLY_E_RESPONSE_TOO_LARGE)
        fprintf(stderr, "boooply_cli %s: %zu bytes needed, but the buffer holds only %zu\n", name,
                last->needed, sizeof buffer);
    if (err == BOOOPLY_E_TOO_MANY_TOKENS)
        fprintf(stderr, "boooply_cli %s: %zu JSON tokens needed, but the tool has only %zu\n", name,
                last->needed, sizeof tokens / sizeof tokens[0]);
    if (last->retries)
        fprintf(stderr, "boooply_cli %s: failed after %u automatic retries\n", name, last->retries);
    if (last->retry_after >= 0)
        fprintf(stderr, "boooply_cli %s: rate limited, retry after %ld s\n", name, last->retry_after);
    if (exit_status_for(err) == STATUS_USAGE)
        fprintf(stderr, "boooply_cli %s: nothing was sent (see boooply_cli %s --help)\n", name, name);

    if (cli->json && err == BOOOPLY_E_HTTP_STATUS) (void)print_document(client);
    return exit_status_for(err);
}

/* ------------------------------------------------------ result printers */

static const char *interview_type(const boooply_interview_t *interview) {
    if (interview->is_team_meeting == 1) return "TEAM";
    return interview->meeting_type.ptr ? interview->meeting_type.ptr : "-";
}

/* Prints participants with the join link of each when url is present, or
 * else with the join token. */
static void print_participants(boooply_iter_t participants, boooply_str_t url) {
    boooply_participant_t participant;
    boooply_iter_t it;
    table_t table;
    char link[1024];
    int pass;
    if (participants.remaining == 0) {
        printf("no participants\n");
        return;
    }
    table_init(&table, 8);
    for (pass = 0; pass < 2; pass++) {
        table_begin_pass(&table, pass);
        cell_header(&table, "NAME");
        cell_header(&table, "EMAIL");
        cell_header(&table, "ROLE");
        cell_header(&table, "ACTIVE");
        cell_header(&table, "JOINED AT");
        cell_header(&table, "LEFT AT");
        cell_header(&table, "ID");
        cell_header(&table, url.ptr ? "JOIN LINK" : "JOIN TOKEN");
        table_end_row(&table);
        it = participants;
        while (boooply_participant_next(&it, &participant)) {
            cell_str(&table, participant.name);
            cell_str(&table, participant.email);
            cell_str(&table, participant.role);
            cell_yes_no(&table, participant.is_active);
            cell_str(&table, participant.joined_at);
            cell_str(&table, participant.left_at);
            cell_str(&table, participant.id);
            if (url.ptr && participant.join_token.ptr &&
                boooply_join_link(url, participant.join_token, link, sizeof link, NULL) == BOOOPLY_OK)
                cell_text(&table, link);
            else
                cell_str(&table, participant.join_token);
            table_end_row(&table);
        }
    }
}

static void print_interview(const char *heading, const boooply_interview_t *interview) {
    printf("%s ", heading);
    put_str(stdout, interview->meeting_code);
    putchar('\n');
    print_field("id", interview->id);
    print_field("title", interview->title);
    print_field_text("type", interview_type(interview));
    print_field("status", interview->session_status);
    print_field("end reason", interview->end_reason);
    print_field("job role", interview->job_role);
    print_field("scheduled at", interview->scheduled_at);
    print_field_number("duration", interview->duration_minutes, "minutes");
    print_field("created at", interview->created_at);
    print_field_number("overall score", interview->overall_score, "of 100");
    print_field("url", interview->url);
    if (interview->participants.remaining > 0) {
        putchar('\n');
        print_participants(interview->participants, interview->url);
    }
}

static void print_slots(boooply_iter_t slots, const char *none) {
    boooply_slot_t slot;
    boooply_iter_t it;
    table_t table;
    int pass;
    if (slots.remaining == 0) {
        printf("%s\n", none);
        return;
    }
    table_init(&table, 2);
    for (pass = 0; pass < 2; pass++) {
        table_begin_pass(&table, pass);
        cell_header(&table, "START");
        cell_header(&table, "END");
        table_end_row(&table);
        it = slots;
        while (boooply_slot_next(&it, &slot)) {
            cell_str(&table, slot.start);
            cell_str(&table, slot.end);
            table_end_row(&table);
        }
    }
}

static void print_string_list(const char *heading, boooply_iter_t items) {
    boooply_str_t item;
    if (items.remaining == 0) return;
    printf("%s:\n", heading);
    while (boooply_string_next(&items, &item)) {
        fputs("  - ", stdout);
        put_str(stdout, item);
        putchar('\n');
    }
}

/* Prints a part of the document that has no typed field, as JSON. */
static void print_json_field(const char *label, const boooply_client_t *client, int value) {
    if (value < 0) return;
    printf("%s: ", label);
    if (!write_json(stdout, &client->doc, value)) fputs("(a number too large for a double)", stdout);
    putchar('\n');
}

/* ------------------------------------------------------------- commands */

static int run_create(boooply_client_t *client, cli_t *cli) {
    boooply_create_interview_t request;
    boooply_participant_input_t participants[LIST_MAX];
    boooply_slot_input_t slots[LIST_MAX];
    const char *skills[LIST_MAX], *questions[LIST_MAX], *agenda[LIST_MAX];
    char *values[LIST_MAX];
    boooply_interview_t interview;
    const char *type = text_option(cli, OPT_TYPE);
    boooply_err_t err;
    size_t i, count;

    memset(&request, 0, sizeof request);
    if (!type) return usage_error(cli, "missing --type: give ai, human or team");
    if (strcmp(type, "ai") == 0) request.type = BOOOPLY_INTERVIEW_AI;
    else if (strcmp(type, "human") == 0) request.type = BOOOPLY_INTERVIEW_HUMAN;
    else if (strcmp(type, "team") == 0) request.type = BOOOPLY_INTERVIEW_TEAM;
    else return usage_error(cli, "invalid --type \"%s\": expected ai, human or team", type);

    count = list_option(cli, OPT_PARTICIPANT, values);
    for (i = 0; i < count; i++)
        if (!parse_participant(cli, values[i], &participants[i])) return STATUS_USAGE;
    request.participants = count ? participants : NULL;
    request.participant_count = count;
    count = list_option(cli, OPT_AVAILABLE_SLOT, values);
    for (i = 0; i < count; i++)
        if (!parse_slot(cli, values[i], &slots[i])) return STATUS_USAGE;
    request.available_slots = count ? slots : NULL;
    request.available_slot_count = count;
    request.skill_count = text_list_option(cli, OPT_SKILL, skills);
    request.skills = request.skill_count ? skills : NULL;
    request.question_count = text_list_option(cli, OPT_QUESTION, questions);
    request.questions = request.question_count ? questions : NULL;
    request.agenda_count = text_list_option(cli, OPT_AGENDA, agenda);
    request.agenda = request.agenda_count ? agenda : NULL;

    request.job_role = text_option(cli, OPT_JOB_ROLE);
    request.title = text_option(cli, OPT_TITLE);
    request.category = text_option(cli, OPT_CATEGORY);
    request.stage = text_option(cli, OPT_STAGE);
    request.company_name = text_option(cli, OPT_COMPANY_NAME);
    request.candidate.name = text_option(cli, OPT_CANDIDATE_NAME);
    request.candidate.email = text_option(cli, OPT_CANDIDATE_EMAIL);
    request.candidate_cv = text_option(cli, OPT_CANDIDATE_CV);
    request.seniority = text_option(cli, OPT_SENIORITY);
    request.department = text_option(cli, OPT_DEPARTMENT);
    request.job_description = text_option(cli, OPT_JOB_DESCRIPTION);
    request.work_setup = text_option(cli, OPT_WORK_SETUP);
    request.employment_type = text_option(cli, OPT_EMPLOYMENT_TYPE);
    request.duration_minutes = number_option(cli, OPT_DURATION_MINUTES);
    request.scheduled_at = text_option(cli, OPT_SCHEDULED_AT);
    request.scheduling_mode = text_option(cli, OPT_SCHEDULING_MODE);
    request.ai_generate = flag_option(cli, OPT_AI_GENERATE);
    request.evaluation_focus = text_option(cli, OPT_EVALUATION_FOCUS);
    request.send_candidate_feedback = flag_option(cli, OPT_SEND_CANDIDATE_FEEDBACK);
    request.external_job_id = text_option(cli, OPT_EXTERNAL_JOB_ID);
    request.transcription_enabled = flag_option(cli, OPT_TRANSCRIPTION_ENABLED);

    err = boooply_interviews_create(client, &request, &interview);
    if (err) return call_failed(cli, client, err);
    if (cli->json) return print_document(client);
    print_interview("Created interview", &interview);
    return STATUS_OK;
}

static int run_list(boooply_client_t *client, cli_t *cli) {
    boooply_list_interviews_t params;
    boooply_interview_list_t list;
    boooply_interview_t interview;
    const option_value_t *score;
    boooply_iter_t it;
    boooply_err_t err;
    table_t table;
    int pass;

    memset(&params, 0, sizeof params);
    params.status = text_option(cli, OPT_STATUS);
    params.type = text_option(cli, OPT_TYPE);
    params.search = text_option(cli, OPT_SEARCH);
    params.source_id = text_option(cli, OPT_SOURCE_ID);
    params.date_field = text_option(cli, OPT_DATE_FIELD);
    params.date_from = text_option(cli, OPT_DATE_FROM);
    params.date_to = text_option(cli, OPT_DATE_TO);
    if ((score = find_option(cli, OPT_SCORE_MIN)) != NULL) {
        params.score_min = score->number;
        params.has_score_min = 1;
    }
    if ((score = find_option(cli, OPT_SCORE_MAX)) != NULL) {
        params.score_max = score->number;
        params.has_score_max = 1;
    }
    params.page = number_option(cli, OPT_PAGE);
    params.limit = number_option(cli, OPT_LIMIT);

    err = boooply_interviews_list(client, &params, &list);
    if (err) return call_failed(cli, client, err);
    if (cli->json) return print_document(client);

    if (list.interviews.remaining == 0) {
        printf("no interviews\n");
    } else {
        table_init(&table, 7);
        for (pass = 0; pass < 2; pass++) {
            table_begin_pass(&table, pass);
            cell_header(&table, "CODE");
            cell_header(&table, "TYPE");
            cell_header(&table, "STATUS");
            cell_header(&table, "SCHEDULED AT");
            cell_header(&table, "MINUTES");
            cell_header(&table, "SCORE");
            cell_header(&table, "JOB ROLE OR TITLE");
            table_end_row(&table);
            it = list.interviews;
            while (boooply_interview_next(&it, &interview)) {
                cell_str(&table, interview.meeting_code);
                cell_text(&table, interview_type(&interview));
                cell_str(&table, interview.session_status);
                cell_str(&table, interview.scheduled_at);
                cell_number(&table, interview.duration_minutes);
                cell_number(&table, interview.overall_score);
                cell_str(&table, interview.job_role.ptr ? interview.job_role : interview.title);
                table_end_row(&table);
            }
        }
    }
    if (list.page >= 0 && list.total_pages >= 0 && list.total >= 0)
        printf("page %" PRId32 " of %" PRId32 ", %" PRId32 " interviews in total\n", list.page,
               list.total_pages, list.total);
    return STATUS_OK;
}

static int run_get(boooply_client_t *client, cli_t *cli) {
    boooply_interview_t interview;
    boooply_err_t err = boooply_interviews_get(client, cli->positional[0], &interview);
    if (err) return call_failed(cli, client, err);
    if (cli->json) return print_document(client);
    print_interview("Interview", &interview);
    return STATUS_OK;
}

static int run_transcript(boooply_client_t *client, cli_t *cli) {
    boooply_transcript_t transcript;
    boooply_transcript_entry_t entry;
    boooply_iter_t it;
    table_t table;
    int pass;
    boooply_err_t err = boooply_interviews_get_transcript(client, cli->positional[0], &transcript);

    if (err) return call_failed(cli, client, err);
    if (cli->json) return print_document(client);
    if (transcript.entries.remaining == 0) {
        printf("the transcript of %s is empty\n", cli->positional[0]);
        return STATUS_OK;
    }

    table_init(&table, 4);
    for (pass = 0; pass < 2; pass++) {
        table_begin_pass(&table, pass);
        cell_header(&table, "TIME");
        cell_header(&table, "ROLE");
        cell_header(&table, "SPEAKER");
        cell_header(&table, "CONTENT");
        table_end_row(&table);
        it = transcript.entries;
        while (boooply_transcript_next(&it, &entry)) {
            cell_str(&table, entry.timestamp);
            cell_str(&table, entry.role);
            cell_str(&table, entry.speaker);
            cell_str(&table, entry.content);
            table_end_row(&table);
        }
    }
    printf("%d entries\n", transcript.entries.remaining);
    return STATUS_OK;
}

static void print_question_evaluations(boooply_iter_t questions) {
    boooply_question_evaluation_t question;
    boooply_iter_t it;
    table_t table;
    int pass;
    if (questions.remaining == 0) return;
    putchar('\n');
    table_init(&table, 3);
    for (pass = 0; pass < 2; pass++) {
        table_begin_pass(&table, pass);
        cell_header(&table, "SCORE");
        cell_header(&table, "NOTES");
        cell_header(&table, "QUESTION");
        table_end_row(&table);
        it = questions;
        while (boooply_question_evaluation_next(&it, &question)) {
            cell_number(&table, question.score);
            cell_str(&table, question.notes);
            cell_str(&table, question.question);
            table_end_row(&table);
        }
    }
}

static int run_evaluation(boooply_client_t *client, cli_t *cli) {
    boooply_evaluation_t evaluation;
    boooply_err_t err = boooply_interviews_get_evaluation(client, cli->positional[0], &evaluation);

    if (err) return call_failed(cli, client, err);
    if (cli->json) return print_document(client);
    if (!evaluation.available) {
        printf("No evaluation of %s yet: ", cli->positional[0]);
        if (evaluation.message.ptr) put_str(stdout, evaluation.message);
        else fputs("the analysis has not finished", stdout);
        putchar('\n');
        return STATUS_OK;
    }

    printf("Evaluation of %s\n", cli->positional[0]);
    print_field("recommendation", evaluation.recommendation);
    print_field_number("overall score", evaluation.overall_score, "of 100");
    print_field_number("communication", evaluation.communication, "of 100");
    print_field_number("technical", evaluation.technical, "of 100");
    print_field_number("culture fit", evaluation.culture_fit, "of 100");
    print_field_number("problem solving", evaluation.problem_solving, "of 100");
    print_field_number("experience match", evaluation.experience_match, "of 100");
    print_field_number("duration", evaluation.duration, "seconds");
    print_field_number("turns", evaluation.turn_count, NULL);
    print_question_evaluations(evaluation.question_evaluations);

    if (evaluation.ai_summary.ptr) {
        printf("\nsummary:\n");
        put_line_text(stdout, evaluation.ai_summary.ptr, evaluation.ai_summary.len, 1);
        putchar('\n');
    }
    if (evaluation.strengths.remaining || evaluation.improvements.remaining || evaluation.next_steps.remaining)
        putchar('\n');
    print_string_list("strengths", evaluation.strengths);
    print_string_list("improvements", evaluation.improvements);
    print_string_list("next steps", evaluation.next_steps);
    print_json_field("by criterion", client, evaluation.by_criterion);
    print_json_field("interviewer evaluation", client, evaluation.interviewer_evaluation);
    print_json_field("raw analysis", client, evaluation.raw_analysis);
    return STATUS_OK;
}

static int run_analyze(boooply_client_t *client, cli_t *cli) {
    boooply_analysis_t analysis;
    boooply_err_t err = boooply_interviews_trigger_analysis(client, cli->positional[0], &analysis);
    if (err) return call_failed(cli, client, err);
    if (cli->json) return print_document(client);
    printf("Analysis of %s %s", cli->positional[0], analysis.queued == 0 ? "not queued" : "queued");
    if (analysis.job_id.ptr) {
        fputs(", job ID ", stdout);
        put_str(stdout, analysis.job_id);
    }
    putchar('\n');
    return STATUS_OK;
}

/* Prints the interview an update returned, or a line when it returned none. */
static void print_updated(const char *heading, const char *code, const boooply_interview_t *interview) {
    if (interview->meeting_code.ptr) print_interview(heading, interview);
    else printf("%s %s\n", heading, code);
}

static int run_reschedule(boooply_client_t *client, cli_t *cli) {
    boooply_reschedule_t request;
    boooply_interview_t interview;
    boooply_err_t err;
    memset(&request, 0, sizeof request);
    request.scheduled_at = text_option(cli, OPT_SCHEDULED_AT);
    request.duration_minutes = number_option(cli, OPT_DURATION_MINUTES);
    request.reason = text_option(cli, OPT_REASON);
    err = boooply_interviews_reschedule(client, cli->positional[0], &request, &interview);
    if (err) return call_failed(cli, client, err);
    if (cli->json) return print_document(client);
    print_updated("Rescheduled interview", cli->positional[0], &interview);
    return STATUS_OK;
}

static int run_cancel(boooply_client_t *client, cli_t *cli) {
    boooply_interview_t interview;
    boooply_err_t err =
        boooply_interviews_cancel(client, cli->positional[0], text_option(cli, OPT_REASON), &interview);
    if (err) return call_failed(cli, client, err);
    if (cli->json) return print_document(client);
    print_updated("Cancelled interview", cli->positional[0], &interview);
    return STATUS_OK;
}

/* Prints the server's message, or fallback when it sent none. */
static void print_message(boooply_str_t message, const char *fallback) {
    if (message.ptr) put_str(stdout, message);
    else fputs(fallback, stdout);
    putchar('\n');
}

static int run_delete(boooply_client_t *client, cli_t *cli) {
    boooply_str_t message;
    boooply_err_t err = boooply_interviews_delete(client, cli->positional[0], &message);
    if (err) return call_failed(cli, client, err);
    if (cli->json) return print_document(client);
    print_message(message, "Deleted the interview");
    return STATUS_OK;
}

static int run_add_participant(boooply_client_t *client, cli_t *cli) {
    boooply_participant_input_t participants[LIST_MAX];
    boooply_participant_list_t list;
    char *values[LIST_MAX];
    boooply_err_t err;
    size_t i, count = list_option(cli, OPT_PARTICIPANT, values);
    boooply_str_t no_url = {NULL, 0};
    if (count == 0) return usage_error(cli, "missing --participant: give at least one NAME,EMAIL,ROLE");
    for (i = 0; i < count; i++)
        if (!parse_participant(cli, values[i], &participants[i])) return STATUS_USAGE;
    err = boooply_interviews_add_participant(client, cli->positional[0], participants, count, &list);
    if (err) return call_failed(cli, client, err);
    if (cli->json) return print_document(client);
    printf("Added to %s:\n", cli->positional[0]);
    print_participants(list.participants, no_url);
    if (list.total >= 0) printf("%" PRId32 " participants in total\n", list.total);
    return STATUS_OK;
}

static int run_participants(boooply_client_t *client, cli_t *cli) {
    boooply_participant_list_t list;
    boooply_str_t no_url = {NULL, 0};
    boooply_err_t err = boooply_interviews_get_participants(client, cli->positional[0], &list);
    if (err) return call_failed(cli, client, err);
    if (cli->json) return print_document(client);
    print_participants(list.participants, no_url);
    if (list.total >= 0) printf("%" PRId32 " participants in total\n", list.total);
    return STATUS_OK;
}

static int run_remove_participant(boooply_client_t *client, cli_t *cli) {
    boooply_str_t message;
    boooply_err_t err =
        boooply_interviews_remove_participant(client, cli->positional[0], cli->positional[1], &message);
    if (err) return call_failed(cli, client, err);
    if (cli->json) return print_document(client);
    print_message(message, "Removed the participant");
    return STATUS_OK;
}

static int run_recording(boooply_client_t *client, cli_t *cli) {
    boooply_recording_t recording;
    boooply_err_t err = boooply_interviews_get_recording(client, cli->positional[0], &recording);
    if (err) return call_failed(cli, client, err);
    if (cli->json) return print_document(client);
    if (!recording.available) {
        printf("No recording of %s: ", cli->positional[0]);
        print_message(recording.message, "the server gave no reason");
        return STATUS_OK;
    }
    printf("Recording of %s\n", cli->positional[0]);
    print_field_number("duration", recording.duration, "seconds");
    print_field("format", recording.format);
    print_field("created at", recording.created_at);
    print_field("video url", recording.video_url);
    print_field("video api url", recording.video_api_url);
    if (recording.video_url.ptr) printf("The video url expires 7 days after it was issued; the video api url is stable.\n");
    return STATUS_OK;
}

static int run_availability(boooply_client_t *client, cli_t *cli) {
    boooply_availability_params_t params;
    boooply_availability_t availability;
    boooply_err_t err;
    memset(&params, 0, sizeof params);
    params.email = text_option(cli, OPT_EMAIL);
    params.duration_minutes = number_option(cli, OPT_DURATION_MINUTES);
    params.days = number_option(cli, OPT_DAYS);
    err = boooply_interviews_get_availability(client, &params, &availability);
    if (err) return call_failed(cli, client, err);
    if (cli->json) return print_document(client);
    printf("Availability of ");
    if (availability.email.ptr) put_str(stdout, availability.email);
    else fputs(params.email, stdout);
    putchar('\n');
    print_field_text("calendar", availability.calendar_connected == 1 ? "connected" : "not connected");
    print_field_number("slot length", availability.duration_minutes, "minutes");
    print_field_number("days searched", availability.days, NULL);
    print_field_number("free slots", availability.total, NULL);
    print_field("message", availability.message);
    putchar('\n');
    print_slots(availability.slots, "no free slots");
    return STATUS_OK;
}

static int run_busy_blocks(boooply_client_t *client, cli_t *cli) {
    boooply_busy_blocks_params_t params;
    boooply_busy_blocks_t busy;
    boooply_err_t err;
    memset(&params, 0, sizeof params);
    params.email = text_option(cli, OPT_EMAIL);
    params.days = number_option(cli, OPT_DAYS);
    err = boooply_interviews_get_busy_blocks(client, &params, &busy);
    if (err) return call_failed(cli, client, err);
    if (cli->json) return print_document(client);
    printf("Busy blocks of ");
    if (busy.email.ptr) put_str(stdout, busy.email);
    else fputs(params.email, stdout);
    putchar('\n');
    print_field_text("calendar", busy.calendar_connected == 1 ? "connected" : "not connected");
    print_field("time zone", busy.timezone);
    print_field_number("days searched", busy.days, NULL);
    print_field_number("busy blocks", busy.total, NULL);
    putchar('\n');
    print_slots(busy.busy_blocks, "no busy blocks");
    return STATUS_OK;
}

static int run_organization(boooply_client_t *client, cli_t *cli) {
    boooply_organization_t organization;
    boooply_err_t err = boooply_organization_get(client, &organization);
    if (err) return call_failed(cli, client, err);
    if (cli->json) return print_document(client);
    printf("Organization\n");
    print_field("id", organization.id);
    print_field("name", organization.name);
    print_field("slug", organization.slug);
    print_field("external org id", organization.external_org_id);
    print_field("plan", organization.plan);
    return STATUS_OK;
}

static int run_generate_job_description(boooply_client_t *client, cli_t *cli) {
    boooply_job_description_request_t request;
    const char *skills[LIST_MAX];
    boooply_str_t description;
    boooply_err_t err;
    memset(&request, 0, sizeof request);
    request.job_role = text_option(cli, OPT_JOB_ROLE);
    request.department = text_option(cli, OPT_DEPARTMENT);
    request.skill_count = text_list_option(cli, OPT_SKILL, skills);
    request.skills = request.skill_count ? skills : NULL;
    request.seniority = text_option(cli, OPT_SENIORITY);
    request.work_setup = text_option(cli, OPT_WORK_SETUP);
    request.employment_type = text_option(cli, OPT_EMPLOYMENT_TYPE);
    err = boooply_ai_generate_job_description(client, &request, &description);
    if (err) return call_failed(cli, client, err);
    if (cli->json) return print_document(client);
    put_line_text(stdout, description.ptr, description.len, 1);
    putchar('\n');
    return STATUS_OK;
}

static int run_create_api_key(boooply_client_t *client, cli_t *cli) {
    boooply_create_api_key_t request;
    boooply_team_member_t members[LIST_MAX];
    char *values[LIST_MAX];
    boooply_api_key_t key;
    boooply_err_t err;
    size_t i, count;
    memset(&request, 0, sizeof request);
    count = list_option(cli, OPT_TEAM_MEMBER, values);
    for (i = 0; i < count; i++)
        if (!parse_team_member(cli, values[i], &members[i])) return STATUS_USAGE;
    request.team_members = count ? members : NULL;
    request.team_member_count = count;
    request.user_id = text_option(cli, OPT_USER_ID);
    request.user_email = text_option(cli, OPT_USER_EMAIL);
    request.user_name = text_option(cli, OPT_USER_NAME);
    request.organization_id = text_option(cli, OPT_ORGANIZATION_ID);
    request.organization_name = text_option(cli, OPT_ORGANIZATION_NAME);
    err = boooply_create_organization_api_key(client, &request, &key);
    if (err) return call_failed(cli, client, err);
    if (cli->json) return print_document(client);
    printf("Created an organization API key\n");
    print_field("api key", key.api_key);
    print_field("organization id", key.organization_id);
    print_field("user id", key.user_id);
    return STATUS_OK;
}

static int hex_digit(int ch) {
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
}

/* Decodes %XX escapes in place, because the library encodes the query again. */
static int percent_decode(char *text) {
    char *out = text;
    for (; *text; text++) {
        if (*text == '%') {
            int high = hex_digit((unsigned char)text[1]);
            int low = high < 0 ? -1 : hex_digit((unsigned char)text[2]);
            if (low < 0 || (high == 0 && low == 0)) return 0;
            *out++ = (char)(high * 16 + low);
            text += 2;
        } else {
            *out++ = *text;
        }
    }
    *out = '\0';
    return 1;
}

/* Splits "name=value&name=value" into query parameters, in place. */
static int parse_query(const cli_t *cli, char *text, boooply_query_t *query, size_t *count) {
    *count = 0;
    while (text) {
        char *next = strchr(text, '&');
        char *equals;
        if (next) *next++ = '\0';
        if (text[0]) {
            if (*count == QUERY_MAX) {
                usage_error(cli, "PATH has more than %d query parameters", QUERY_MAX);
                return 0;
            }
            equals = strchr(text, '=');
            if (equals) *equals = '\0';
            if (!percent_decode(text) || (equals && !percent_decode(equals + 1))) {
                usage_error(cli, "the query of PATH has an invalid %%XX escape");
                return 0;
            }
            query[*count].name = text;
            query[*count].value = equals ? equals + 1 : "";
            (*count)++;
        }
        text = next;
    }
    return 1;
}

static int run_raw(boooply_client_t *client, cli_t *cli) {
    boooply_request_t request;
    boooply_query_t query[QUERY_MAX];
    char *path = cli->positional[1];
    char *query_text = strchr(path, '?');
    size_t got, query_count = 0;
    char last_byte = '\n';
    boooply_err_t err;
    int status;

    memset(&request, 0, sizeof request);
    if (query_text) {
        *query_text++ = '\0';
        if (!parse_query(cli, query_text, query, &query_count)) return STATUS_USAGE;
    }
    request.method = cli->positional[0];
    request.path = path;
    request.query = query_count ? query : NULL;
    request.query_count = query_count;
    if (cli->positional_count == 3) {
        request.body = cli->positional[2];
        request.body_len = strlen(cli->positional[2]);
    }
    err = boooply_request(client, &request);
    if (err) return call_failed(cli, client, err);
    status = client->last.http_status;
    if (!cli->json) printf("HTTP %d\n", status);
    for (;;) {
        err = boooply_read_body(client, body_piece, sizeof body_piece, &got);
        if (err) return call_failed(cli, client, err);
        if (got == 0) break;
        fwrite(body_piece, 1, got, stdout);
        last_byte = body_piece[got - 1];
    }
    /* The body goes out unchanged, with a line break after it when it has
     * none of its own, so that a shell prompt starts on a new line. */
    if (last_byte != '\n') putchar('\n');
    if (status < 200 || status > 299) {
        fprintf(stderr, "boooply_cli raw: the server returned HTTP status %d\n", status);
        return STATUS_HTTP;
    }
    return STATUS_OK;
}

/* ----------------------------------------------------- command table */

static const command_option_t create_options[] = {
    {OPT_TYPE, "interview type: ai (meetingType AI_ONLY), human (HUMAN, 1-to-1) or team (HUMAN "
               "with isTeamMeeting); required"},
    {OPT_JOB_ROLE, "jobRole, the role the interview is for; required for ai and human"},
    {OPT_TITLE, "title of the meeting"},
    {OPT_CATEGORY, "category: SCREENING, TECHNICAL, BEHAVIORAL, ASSIGNMENT, CULTURAL, CASE_STUDY, PANEL or FINAL"},
    {OPT_STAGE, "stage in the hiring process, free text such as \"Round 1\""},
    {OPT_COMPANY_NAME, "companyName"},
    {OPT_CANDIDATE_NAME, "candidate.name: the candidate of an ai interview, sent as a CANDIDATE "
                         "participant when no --participant is given"},
    {OPT_CANDIDATE_EMAIL, "candidate.email"},
    {OPT_PARTICIPANT, "one entry of participants; ROLE is HOST, CO_HOST, INTERVIEWER, CANDIDATE or "
                      "PARTICIPANT. Repeat for more; required for human and team, and a team "
                      "meeting needs a HOST"},
    {OPT_CANDIDATE_CV, "candidateCV, the candidate's CV as text"},
    {OPT_SKILL, "one entry of skills; repeat for more"},
    {OPT_SENIORITY, "seniority: JUNIOR, MID, SENIOR, LEAD or PRINCIPAL"},
    {OPT_DEPARTMENT, "department"},
    {OPT_JOB_DESCRIPTION, "jobDescription as text"},
    {OPT_WORK_SETUP, "workSetup: REMOTE, ONSITE or HYBRID"},
    {OPT_EMPLOYMENT_TYPE, "employmentType: FULL_TIME, PART_TIME or CONTRACT"},
    {OPT_DURATION_MINUTES, "durationMinutes, the length in minutes, at least 5 (default 30)"},
    {OPT_SCHEDULED_AT, "scheduledAt, the start as an ISO 8601 date-time such as "
                       "2026-04-01T14:00:00Z; required with --scheduling-mode FIXED"},
    {OPT_SCHEDULING_MODE, "schedulingMode: IMMEDIATE, FIXED or CANDIDATE_PICKS (CANDIDATE_PICKS "
                          "not for team)"},
    {OPT_AVAILABLE_SLOT, "one entry of availableSlots, start and end as ISO 8601 date-times; "
                         "repeat up to 50 times"},
    {OPT_QUESTION, "one entry of questions; repeat for more"},
    {OPT_AI_GENERATE, "aiGenerate"},
    {OPT_EVALUATION_FOCUS, "evaluationFocus: knowledge, balanced, communication, problem_solving or culture"},
    {OPT_SEND_CANDIDATE_FEEDBACK, "sendCandidateFeedback"},
    {OPT_EXTERNAL_JOB_ID, "externalJobId, the job's ID in your own system"},
    {OPT_AGENDA, "one entry of agenda; repeat for more"},
    {OPT_TRANSCRIPTION_ENABLED, "transcriptionEnabled"},
};

static const command_option_t list_options[] = {
    {OPT_STATUS, "status: SCHEDULED, ACTIVE, COMPLETED, CANCELLED or FAILED, or several separated by commas"},
    {OPT_TYPE, "type: AI_ONLY, HUMAN or TEAM"},
    {OPT_SEARCH, "search, free text to look for in the interviews"},
    {OPT_SOURCE_ID, "sourceId"},
    {OPT_DATE_FIELD, "dateField that --date-from and --date-to apply to: scheduled or created"},
    {OPT_DATE_FROM, "dateFrom, an ISO 8601 date or date-time"},
    {OPT_DATE_TO, "dateTo, an ISO 8601 date or date-time"},
    {OPT_SCORE_MIN, "scoreMin, the lowest overall score, 0 to 100"},
    {OPT_SCORE_MAX, "scoreMax, the highest overall score, 0 to 100"},
    {OPT_PAGE, "page number, from 1"},
    {OPT_LIMIT, "limit, interviews per page, 1 to 100"},
};

static const command_option_t reschedule_options[] = {
    {OPT_SCHEDULED_AT, "scheduledAt, the new start as an ISO 8601 date-time such as 2026-04-01T14:00:00Z; required"},
    {OPT_DURATION_MINUTES, "durationMinutes, the new length in minutes, at least 5 (default: unchanged)"},
    {OPT_REASON, "reason for the change"},
};

static const command_option_t cancel_options[] = {
    {OPT_REASON, "reason for the cancellation"},
};

static const command_option_t participant_options[] = {
    {OPT_PARTICIPANT, "one participant to add; ROLE is HOST, CO_HOST, INTERVIEWER, CANDIDATE or "
                      "PARTICIPANT. Repeat for more; at least one is required"},
};

static const command_option_t availability_options[] = {
    {OPT_EMAIL, "email of the team member whose calendar is read; required"},
    {OPT_DURATION_MINUTES, "length of each free slot in minutes, at least 5, sent as duration (server default 30)"},
    {OPT_DAYS, "days ahead to search, 1 to 30 (server default 14)"},
};

static const command_option_t busy_blocks_options[] = {
    {OPT_EMAIL, "email of the team member whose calendar is read; required"},
    {OPT_DAYS, "days ahead to search, 1 to 30 (server default 14)"},
};

static const command_option_t job_description_options[] = {
    {OPT_JOB_ROLE, "jobRole; required"},
    {OPT_DEPARTMENT, "department"},
    {OPT_SKILL, "one entry of skills; repeat for more"},
    {OPT_SENIORITY, "seniority: JUNIOR, MID, SENIOR, LEAD or PRINCIPAL"},
    {OPT_WORK_SETUP, "workSetup: REMOTE, ONSITE or HYBRID"},
    {OPT_EMPLOYMENT_TYPE, "employmentType: FULL_TIME, PART_TIME or CONTRACT"},
};

static const command_option_t api_key_options[] = {
    {OPT_USER_ID, "userId, the user's ID on your platform; required"},
    {OPT_USER_EMAIL, "userEmail; required"},
    {OPT_USER_NAME, "userName"},
    {OPT_ORGANIZATION_ID, "organizationId, the organization's ID on your platform; required"},
    {OPT_ORGANIZATION_NAME, "organizationName"},
    {OPT_TEAM_MEMBER, "one entry of teamMembers; EMAIL alone also works, and an empty NAME or ROLE "
                      "is left out. Repeat for more"},
};

#define OPTIONS(list) list, sizeof list / sizeof list[0]
#define NO_OPTIONS NULL, 0

static const command_t commands[] = {
    {"create", "", 0, 0, "boooply_interviews_create", "POST /api/integration/interviews",
     "create an AI, 1-to-1 or team interview",
     "Creates an interview and prints its meeting code, its status and each participant's "
     "join link.",
     OPTIONS(create_options), run_create},
    {"list", "", 0, 0, "boooply_interviews_list", "GET /api/integration/interviews",
     "list interviews, filtered and paged",
     "Lists interviews one page at a time, with the page count and the total. A column "
     "that has no value on the page is left out; scripts should read --json instead.",
     OPTIONS(list_options), run_list},
    {"get", "CODE", 1, 1, "boooply_interviews_get", "GET /api/integration/interviews/CODE",
     "show one interview and its participants",
     "Shows the interview with meeting code CODE and its participants.", NO_OPTIONS, run_get},
    {"transcript", "CODE", 1, 1, "boooply_interviews_get_transcript",
     "GET /api/integration/interviews/CODE/transcript", "show the transcript of an interview",
     "Shows every turn of the interview's transcript: time, role, speaker and text.", NO_OPTIONS,
     run_transcript},
    {"evaluation", "CODE", 1, 1, "boooply_interviews_get_evaluation",
     "GET /api/integration/interviews/CODE/evaluation", "show the evaluation of an interview",
     "Shows the scores (0 to 100), the recommendation, the per-question notes and the "
     "summary. Until the analysis has finished, it says so and exits with status 0.",
     NO_OPTIONS, run_evaluation},
    {"analyze", "CODE", 1, 1, "boooply_interviews_trigger_analysis",
     "POST /api/integration/interviews/CODE/analyze", "queue the analysis of a completed interview",
     "Queues the analysis of a completed interview and prints the job ID.", NO_OPTIONS, run_analyze},
    {"reschedule", "CODE", 1, 1, "boooply_interviews_reschedule",
     "PATCH /api/integration/interviews/CODE/reschedule", "move an interview to another time",
     "Moves a scheduled interview to a new start time, and optionally changes its length.",
     OPTIONS(reschedule_options), run_reschedule},
    {"cancel", "CODE", 1, 1, "boooply_interviews_cancel", "PATCH /api/integration/interviews/CODE/cancel",
     "cancel an interview", "Cancels a scheduled interview. Without --reason the body is {}.",
     OPTIONS(cancel_options), run_cancel},
    {"delete", "CODE", 1, 1, "boooply_interviews_delete", "DELETE /api/integration/interviews/CODE",
     "delete an interview and all its data",
     "Deletes the interview and all its data, permanently.", NO_OPTIONS, run_delete},
    {"add-participant", "CODE", 1, 1, "boooply_interviews_add_participant",
     "POST /api/integration/interviews/CODE/participants", "add participants to an interview",
     "Adds participants to an interview and prints them with their join tokens.",
     OPTIONS(participant_options), run_add_participant},
    {"participants", "CODE", 1, 1, "boooply_interviews_get_participants",
     "GET /api/integration/interviews/CODE/participants", "list the participants of an interview",
     "Lists the participants of an interview with their IDs, roles and join times.", NO_OPTIONS,
     run_participants},
    {"remove-participant", "CODE PARTICIPANT_ID", 2, 2, "boooply_interviews_remove_participant",
     "DELETE /api/integration/interviews/CODE/participants/PARTICIPANT_ID",
     "remove a participant from an interview",
     "Removes a participant; PARTICIPANT_ID is the ID that the participants command shows.",
     NO_OPTIONS, run_remove_participant},
    {"recording", "CODE", 1, 1, "boooply_interviews_get_recording",
     "GET /api/integration/interviews/CODE/recording", "show the recording of an interview",
     "Shows the recording's length in seconds, its format and its URLs, or why there is none.",
     NO_OPTIONS, run_recording},
    {"availability", "", 0, 0, "boooply_interviews_get_availability", "GET /api/integration/availability",
     "list the free slots in a team member's calendar",
     "Lists the free slots in the connected calendar of a team member.",
     OPTIONS(availability_options), run_availability},
    {"busy-blocks", "", 0, 0, "boooply_interviews_get_busy_blocks", "GET /api/integration/busy-blocks",
     "list the busy times in a team member's calendar",
     "Lists the busy blocks in the connected calendar of a team member.",
     OPTIONS(busy_blocks_options), run_busy_blocks},
    {"organization", "", 0, 0, "boooply_organization_get", "GET /api/integration/organization",
     "show the organization of the API key", "Shows the organization that the API key belongs to.",
     NO_OPTIONS, run_organization},
    {"generate-job-description", "", 0, 0, "boooply_ai_generate_job_description",
     "POST /api/integration/generate-job-description", "write a job description with the AI",
     "Asks the AI for a job description and prints its text.", OPTIONS(job_description_options),
     run_generate_job_description},
    {"create-api-key", "", 0, 0, "boooply_create_organization_api_key",
     "POST /api/server-auth/create-api-key", "create an organization API key (platform key)",
     "Creates an organization API key for a user and an organization of your platform, and "
     "prints it. BOOOPLY_API_KEY must hold the platform key (bply_platform_...).",
     OPTIONS(api_key_options), run_create_api_key},
    {"raw", "METHOD PATH [BODY]", 2, 3, "boooply_request and boooply_read_body", "METHOD PATH",
     "send any request and print the response body",
     "Sends METHOD to PATH below the base URL, for example GET /api/integration/organization, "
     "with BODY as a JSON request body when given. PATH may end in a query such as "
     "?status=COMPLETED&limit=5; write reserved characters in it as %XX. Prints the HTTP status "
     "and the body unchanged (only the body with --json), and exits with status 3 when the "
     "status is outside 2xx.",
     NO_OPTIONS, run_raw},
};

#define COMMAND_COUNT (sizeof commands / sizeof commands[0])

/* ------------------------------------------------------------------ help */

/* Writes text wrapped at HELP_WIDTH. The first line starts at column start,
 * and continuation lines at column indent. */
static void put_wrapped(FILE *out, const char *text, size_t start, size_t indent) {
    size_t column = start;
    while (*text) {
        size_t word = strcspn(text, " ");
        if (column > indent && column + 1 + word > HELP_WIDTH) {
            fputc('\n', out);
            for (column = 0; column < indent; column++) fputc(' ', out);
        } else if (column > indent) {
            fputc(' ', out);
            column++;
        }
        fwrite(text, 1, word, out);
        column += word;
        text += word;
        while (*text == ' ') text++;
    }
    fputc('\n', out);
}

static void put_option_help(FILE *out, const char *name, const char *metavar, const char *help) {
    int width = fprintf(out, "  --%s%s%s", name, metavar ? " " : "", metavar ? metavar : "");
    size_t column = width > 0 ? (size_t)width : 0;
    if (column + 2 > HELP_COLUMN) {
        fputc('\n', out);
        column = 0;
    }
    for (; column < HELP_COLUMN; column++) fputc(' ', out);
    put_wrapped(out, help, HELP_COLUMN, HELP_COLUMN);
}

static const char exit_status_help[] =
    "Exit status: 0 success, 1 the output could not be written, 2 usage or configuration "
    "error (nothing was sent), 3 the server returned an HTTP error status, 4 network or "
    "protocol failure.";

static void print_tool_help(FILE *out) {
    size_t i;
    fprintf(out, "usage: boooply_cli [--json] COMMAND [ARGUMENTS] [OPTIONS]\n"
                 "       boooply_cli COMMAND --help\n\n");
    put_wrapped(out, "Calls the Boooply interviews API through boooply.h, one command per SDK call, and "
                     "prints the result as aligned tables.", 0, 0);
    fprintf(out, "\ncommands:\n");
    for (i = 0; i < COMMAND_COUNT; i++) {
        int width = fprintf(out, "  %s", commands[i].name);
        size_t column = width > 0 ? (size_t)width : 0;
        for (; column < 28; column++) fputc(' ', out);
        fprintf(out, "%s\n", commands[i].summary);
    }
    fprintf(out, "\noptions for every command:\n");
    put_option_help(out, "json", NULL, "print the response as JSON on one line instead of tables");
    put_option_help(out, "help", NULL, "print the help of the tool, or of the command after which it stands");
    fprintf(out, "\nenvironment:\n"
                 "  BOOOPLY_BASE_URL          service URL, http://host[:port][/prefix], for example\n"
                 "                            http://127.0.0.1:8080; this build speaks plain HTTP only\n"
                 "  BOOOPLY_API_KEY           organization key (bply_org_...), or the platform key\n"
                 "                            (bply_platform_...) for create-api-key\n\n");
    put_wrapped(out, exit_status_help, 0, 0);
}

static void print_command_help(FILE *out, const command_t *command) {
    size_t i;
    fprintf(out, "usage: boooply_cli %s%s%s%s\n\n", command->name, command->arguments[0] ? " " : "",
            command->arguments, command->option_count ? " [OPTIONS]" : "");
    put_wrapped(out, command->description, 0, 0);
    fprintf(out, "\n  SDK call: %s\n  request:  %s\n\noptions:\n", command->call, command->request);
    for (i = 0; i < command->option_count; i++) {
        const option_info_t *info = &option_info[command->options[i].id];
        put_option_help(out, info->name, info->metavar, command->options[i].help);
    }
    put_option_help(out, "json", NULL,
                    command->run == run_raw ? "print only the response body, without the status line"
                                            : "print the response as JSON on one line instead of tables");
    put_option_help(out, "help", NULL, "print this help");
    fprintf(out, "\nBOOOPLY_BASE_URL and BOOOPLY_API_KEY select the server and the key.\n");
    put_wrapped(out, exit_status_help, 0, 0);
}

/* --------------------------------------------------------- command line */

static const command_t *find_command(const char *name) {
    size_t i;
    for (i = 0; i < COMMAND_COUNT; i++)
        if (strcmp(commands[i].name, name) == 0) return &commands[i];
    return NULL;
}

/* Finds an option that the command accepts, by name without the dashes. */
static const option_info_t *find_command_option(const command_t *command, const char *name, option_id_t *id) {
    size_t i;
    for (i = 0; i < command->option_count; i++) {
        const option_info_t *info = &option_info[command->options[i].id];
        if (strcmp(info->name, name) == 0) {
            *id = command->options[i].id;
            return info;
        }
    }
    return NULL;
}

static int parse_number(const char *text, int32_t *out) {
    char *end;
    long value;
    if (!((text[0] >= '0' && text[0] <= '9') || text[0] == '-' || text[0] == '+')) return 0;
    errno = 0;
    value = strtol(text, &end, 10);
    if (end == text || *end != '\0' || errno == ERANGE || value < INT32_MIN || value > INT32_MAX) return 0;
    *out = (int32_t)value;
    return 1;
}

/* Checks and stores one option of the command. */
static int store_option(cli_t *cli, const option_info_t *info, option_id_t id, char *value) {
    option_value_t *stored;
    size_t i, count = 0;
    for (i = 0; i < cli->value_count; i++)
        if (cli->values[i].id == id) count++;
    if (count && !info->repeatable) return usage_error(cli, "--%s may be given only once", info->name);
    if (count == LIST_MAX) return usage_error(cli, "--%s may be given at most %d times", info->name, LIST_MAX);
    if (cli->value_count == VALUES_MAX) return usage_error(cli, "too many options, the maximum is %d", VALUES_MAX);
    stored = &cli->values[cli->value_count];
    stored->id = id;
    stored->value = value;
    stored->number = 0;
    if (info->kind == KIND_NUMBER) {
        if (!parse_number(value, &stored->number))
            return usage_error(cli, "invalid --%s \"%s\": expected a whole number", info->name, value);
        if (stored->number < info->minimum)
            return usage_error(cli, "invalid --%s %s: the minimum is %" PRId32, info->name, value,
                               info->minimum);
    } else if (info->kind == KIND_BOOL) {
        if (strcmp(value, "true") == 0) stored->number = BOOOPLY_FLAG_TRUE;
        else if (strcmp(value, "false") == 0) stored->number = BOOOPLY_FLAG_FALSE;
        else return usage_error(cli, "invalid --%s \"%s\": expected true or false", info->name, value);
    }
    cli->value_count++;
    return PARSE_CONTINUE;
}

/* Reads the command's options and arguments from argv[first]. */
static int parse_command_arguments(cli_t *cli, int argc, char **argv, int first) {
    const command_t *command = cli->command;
    int i, options_done = 0;
    for (i = first; i < argc; i++) {
        char *arg = argv[i];
        const option_info_t *info;
        option_id_t id;
        char *value;
        int status;
        if (options_done || arg[0] != '-' || arg[1] == '\0') {
            if (cli->positional_count == POSITIONAL_MAX || cli->positional_count == command->max_positional)
                return usage_error(cli, "unexpected argument \"%s\"", arg);
            cli->positional[cli->positional_count++] = arg;
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            options_done = 1;
            continue;
        }
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            cli->help = 1;
            continue;
        }
        if (strcmp(arg, "--json") == 0) {
            cli->json = 1;
            continue;
        }
        if (arg[1] != '-') return usage_error(cli, "unknown option %s", arg);
        value = strchr(arg, '=');
        if (value) *value++ = '\0';
        info = find_command_option(command, arg + 2, &id);
        if (!info) return usage_error(cli, "unknown option %s", arg);
        if (!value) {
            if (i + 1 == argc) return usage_error(cli, "missing the value of %s (%s)", arg, info->metavar);
            value = argv[++i];
        }
        status = store_option(cli, info, id, value);
        if (status != PARSE_CONTINUE) return status;
    }
    return PARSE_CONTINUE;
}

/* Parses the whole command line into cli. Returns PARSE_CONTINUE to run the
 * command, or the exit status after help or a usage error. */
static int parse_command_line(cli_t *cli, int argc, char **argv) {
    int i, status;

    memset(cli, 0, sizeof *cli);
    for (i = 1; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            cli->json = 1;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            print_tool_help(stdout);
            return STATUS_OK;
        } else {
            return usage_error(cli, "unknown option %s before the command", argv[i]);
        }
    }
    if (i == argc) return usage_error(cli, "missing command");

    if (strcmp(argv[i], "help") == 0) {
        if (i + 1 == argc) {
            print_tool_help(stdout);
            return STATUS_OK;
        }
        cli->command = find_command(argv[i + 1]);
        if (!cli->command) return usage_error(NULL, "unknown command \"%s\"", argv[i + 1]);
        print_command_help(stdout, cli->command);
        return STATUS_OK;
    }

    cli->command = find_command(argv[i]);
    if (!cli->command) return usage_error(NULL, "unknown command \"%s\"", argv[i]);
    status = parse_command_arguments(cli, argc, argv, i + 1);
    if (status != PARSE_CONTINUE) return status;
    if (cli->help) {
        print_command_help(stdout, cli->command);
        return STATUS_OK;
    }
    if (cli->positional_count < cli->command->min_positional)
        return usage_error(cli, "missing %s", cli->command->arguments);
    return PARSE_CONTINUE;
}

int main(int argc, char **argv) {
    static cli_t cli;
    boooply_posix_t tcp;
    boooply_client_t client;
    boooply_config_t config;
    boooply_err_t err;
    int status = parse_command_line(&cli, argc, argv);
    if (status != PARSE_CONTINUE) return status;

    memset(&config, 0, sizeof config);
    config.base_url = getenv("BOOOPLY_BASE_URL");
    config.api_key = getenv("BOOOPLY_API_KEY");
    if (!config.base_url || !config.base_url[0] || !config.api_key || !config.api_key[0]) {
        fprintf(stderr, "boooply_cli: set BOOOPLY_BASE_URL and BOOOPLY_API_KEY (see boooply_cli --help)\n");
        return STATUS_USAGE;
    }
    boooply_posix_init(&tcp);
    config.port = boooply_posix_port(&tcp);
    config.buffer = buffer;
    config.buffer_size = sizeof buffer;
    config.tokens = tokens;
    config.token_count = sizeof tokens / sizeof tokens[0];
    err = boooply_init(&client, &config);
    if (err) {
        fprintf(stderr, "boooply_cli: invalid configuration: %s (check BOOOPLY_BASE_URL and BOOOPLY_API_KEY)\n",
                client.last.message);
        return STATUS_USAGE;
    }

    status = cli.command->run(&client, &cli);
    boooply_close(&client);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "boooply_cli: writing the output failed: %s\n", strerror(errno));
        return STATUS_OUTPUT;
    }
    return status;
}
