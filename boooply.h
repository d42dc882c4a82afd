/* boooply.h - v0.1.0 - C99 client for the Boooply interviews REST API.
 * MIT licence (see the end of this file). No heap, no global state.
 *
 * WHAT IT IS
 *   A single-header client for https://api.boooply.com: every documented
 *   call (interviews, transcripts, evaluations, participants, recordings,
 *   calendar availability, organization, AI job descriptions, API keys),
 *   with a raw call for anything else. It speaks HTTP/1.1 with keep-alive
 *   over a port, a small table of functions you supply (TCP, TLS, a modem).
 *   It writes JSON request bodies and reads JSON responses with jsmn, all
 *   inside one buffer and one token array that you hand it.
 *
 * ONE-FILE RECIPE
 *   In exactly one C file:
 *       #define BOOOPLY_IMPLEMENTATION
 *       #include "boooply.h"
 *   Everywhere else include "boooply.h" alone. The implementation needs
 *   jsmn.h on the include path (Debian: libjsmn-dev), or BOOOPLY_JSMN_INCLUDE
 *   set to its path. ports/boooply_posix.h is a ready TCP port for POSIX;
 *   include it first in its file (it sets _POSIX_C_SOURCE).
 *
 * QUICK START (examples/kiosk.c is the complete program)
 *   4096 bytes and 256 tokens suit one interview. A list page of 20 needs
 *   about 11 KB and 800 tokens; README.md lists the sizes of every call.
 *       static unsigned char buf[4096];
 *       static boooply_token_t tokens[256];
 *       boooply_posix_t tcp;  boooply_client_t client;
 *       boooply_config_t cfg = {0};
 *       boooply_posix_init(&tcp);
 *       cfg.base_url = "http://127.0.0.1:8080";
 *       cfg.api_key = "bply_org_...";
 *       cfg.port = boooply_posix_port(&tcp);
 *       cfg.buffer = buf;  cfg.buffer_size = sizeof buf;
 *       cfg.tokens = tokens;  cfg.token_count = 256;
 *       if (boooply_init(&client, &cfg) != BOOOPLY_OK) ...
 *       boooply_create_interview_t req = {0};
 *       boooply_interview_t iv;
 *       req.type = BOOOPLY_INTERVIEW_AI;
 *       req.job_role = "Backend Engineer";
 *       req.candidate.name = "Jane Doe";  req.candidate.email = "jane@example.com";
 *       boooply_err_t err = boooply_interviews_create(&client, &req, &iv);
 *       if (err) printf("%s: %s\n", boooply_strerror(err), client.last.message);
 *       else printf("%s\n", iv.meeting_code.ptr);
 *
 * CONTENTS
 *   Configuration macros, errors, the port contract, the client, JSON
 *   writer and reader, HTTP calls (streamed and raw), interview calls.
 *
 * CONFIGURATION MACROS (define before the include; defaults in brackets)
 *   BOOOPLY_STATIC          every public function static [off]. Set it in
 *                           each file that includes the header, or in none.
 *   BOOOPLY_ASSERT(x)       internal precondition check [assert from
 *                           <assert.h>]; define it empty to drop the checks.
 *   BOOOPLY_LOG(level, (fmt, ...))   log hook, printf-style arguments in
 *                           double parentheses. [compiled out, but the
 *                           arguments are still type-checked]. Levels are
 *                           BOOOPLY_LOG_ERROR..BOOOPLY_LOG_DEBUG. The API key
 *                           and bodies are never passed to it.
 *   BOOOPLY_HOST_MAX        longest host name kept in a client [128] bytes.
 *                           Part of boooply_client_t: set it the same in
 *                           every file.
 *   BOOOPLY_JSON_MAX_DEPTH  deepest JSON nesting accepted in a response [32],
 *                           at most 255. Deeper input fails with
 *                           BOOOPLY_E_JSON_LIMIT instead of using stack.
 *   BOOOPLY_JSMN_INCLUDE    how to include jsmn [<jsmn.h>], implementation
 *                           file only, for example "third_party/jsmn.h".
 *   BOOOPLY_DEFAULT_TIMEOUT_MS  deadline of one call when the config leaves
 *                           it 0 [30000], the official SDK's default.
 *   BOOOPLY_MESSAGES        1 keeps the failure texts of last.message [1];
 *                           0 makes them all "" and saves about 6 KB of
 *                           flash on Cortex-M4. Implementation file only.
 *
 * LIMITATIONS
 *   No redirects, no pipelining, no request bodies in chunked coding, no
 *   compressed responses (only identity and chunked transfer codings), one
 *   request at a time per client. A client is not thread-safe; use one per
 *   thread. Response bodies must fit the buffer for the API calls; use
 *   boooply_request() and boooply_read_body() to stream larger ones.
 *
 * ERROR MODEL
 *   Every call returns boooply_err_t, BOOOPLY_OK (0) on success.
 *   boooply_strerror() names any value. After each call, client.last holds
 *   the HTTP status, the API's "code" and "error" strings, the rate-limit
 *   headers, the size a too-small buffer needed, and a fixed text that says
 *   what exactly failed (never NULL, never the API key).
 *
 * MEMORY AND LIFETIME
 *   The client keeps pointers to base_url and api_key: they must outlive it.
 *   Results (boooply_str_t views, iterators) point into the client's buffer
 *   and stay valid until the next call on that client. Strings in results
 *   are unescaped and NUL-terminated in place.
 *
 * VERSION
 *   BOOOPLY_VERSION_MAJOR, _MINOR, _PATCH and the string BOOOPLY_VERSION.
 */
#ifndef BOOOPLY_H
#define BOOOPLY_H

#include <stddef.h>
#include <stdint.h>

#define BOOOPLY_VERSION_MAJOR 0
#define BOOOPLY_VERSION_MINOR 1
#define BOOOPLY_VERSION_PATCH 0
#define BOOOPLY_VERSION "0.1.0"

#ifndef BOOOPLY_HOST_MAX
#define BOOOPLY_HOST_MAX 128
#endif
#ifndef BOOOPLY_JSON_MAX_DEPTH
#define BOOOPLY_JSON_MAX_DEPTH 32
#endif
#ifndef BOOOPLY_DEFAULT_TIMEOUT_MS
#define BOOOPLY_DEFAULT_TIMEOUT_MS 30000u
#endif

#ifdef BOOOPLY_STATIC
#define BOOOPLY_DEF static
#elif defined(__cplusplus)
#define BOOOPLY_DEF extern "C"
#else
#define BOOOPLY_DEF extern
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- errors */

typedef enum boooply_err {
    /* Success. */
    BOOOPLY_OK = 0,
    /* A caller's argument broke a rule; last.message names the field and
     * the rule. Nothing was sent. Fix the input. */
    BOOOPLY_E_INVALID_ARGUMENT,
    /* The request, or a copy, did not fit the buffer; last.needed is the
     * size that would. Nothing was sent. Give a bigger buffer. */
    BOOOPLY_E_BUFFER_TOO_SMALL,
    /* The response body did not fit the buffer. last.http_status is known
     * and last.needed is the body size (0 when the server did not say).
     * The connection was closed. Stream it or give a bigger buffer. */
    BOOOPLY_E_RESPONSE_TOO_LARGE,
    /* The JSON needs more tokens than the token array holds; last.needed is
     * the count. Give more tokens. */
    BOOOPLY_E_TOO_MANY_TOKENS,
    /* The port could not connect: name not resolved, refused, unreachable.
     * Retry later or check the base URL. */
    BOOOPLY_E_CONNECT,
    /* The port failed while sending or receiving, or the peer reset the
     * connection. The connection was closed; a later call reconnects. */
    BOOOPLY_E_TRANSPORT,
    /* The call's deadline passed. The connection was closed. */
    BOOOPLY_E_TIMEOUT,
    /* The server closed the connection before a response started, and the
     * request could not be repeated safely. It may have been processed. */
    BOOOPLY_E_CLOSED,
    /* The body ended before its declared length or final chunk. Nothing
     * of it may be trusted. The connection was closed. */
    BOOOPLY_E_TRUNCATED,
    /* The response broke HTTP/1.1 framing (status line, headers, chunk
     * sizes, conflicting lengths). The connection was closed. */
    BOOOPLY_E_MALFORMED_RESPONSE,
    /* The server returned a status outside 200..299. last.http_status,
     * last.api_code and last.api_error tell why. */
    BOOOPLY_E_HTTP_STATUS,
    /* The body is not valid JSON (RFC 8259, UTF-8). */
    BOOOPLY_E_MALFORMED_JSON,
    /* The JSON nests deeper than BOOOPLY_JSON_MAX_DEPTH. */
    BOOOPLY_E_JSON_LIMIT,
    /* Valid JSON of the wrong shape: a required field is missing or a field
     * has another type. last.message names it. */
    BOOOPLY_E_UNEXPECTED_JSON,
    /* A number does not fit the C type asked for. */
    BOOOPLY_E_OUT_OF_RANGE,
    /* A JSON value asked for is absent or null. Not a failure of the call:
     * optional fields are simply missing. */
    BOOOPLY_E_NOT_FOUND,
    /* A function was called out of order, for example reading a body with
     * no response open. */
    BOOOPLY_E_STATE,
    /* TLS handshake or certificate verification failed. Nothing was sent. */
    BOOOPLY_E_TLS,
    BOOOPLY_E_COUNT_ /* number of values; not an error */
} boooply_err_t;

/* Returns a fixed English text for any value, also for unknown ones. */
BOOOPLY_DEF const char *boooply_strerror(boooply_err_t err);

/* ------------------------------------------------------------------ port */

/* Results a port function returns besides a byte count. Zero from send or
 * recv means "no progress within the timeout, call again"; it never means
 * end of stream. */
enum {
    BOOOPLY_PORT_WOULD_BLOCK = 0,
    BOOOPLY_PORT_EOF = -1,      /* recv only: the peer ended the stream cleanly */
    BOOOPLY_PORT_ERROR = -2,    /* any other failure; the connection is unusable */
    BOOOPLY_PORT_RESET = -3,    /* the peer reset the connection */
    BOOOPLY_PORT_TIMEOUT = -4,  /* connect only: the timeout passed */
    BOOOPLY_PORT_RESOLVE = -5,  /* connect only: the host name did not resolve */
    BOOOPLY_PORT_REFUSED = -6,  /* connect only: nothing listens at that address */
    BOOOPLY_PORT_TLS = -7,      /* TLS handshake or certificate failure */
    BOOOPLY_PORT_UNCLEAN_EOF = -8 /* recv only: the stream ended without a clean
                                     close (TLS: no close_notify), so data may be cut */
};

/* Port flags. */
#define BOOOPLY_PORT_SECURE 1u /* the port runs TLS: required for https:// */

/* A transport. The core calls nothing else to reach the network or the
 * clock. Contract, for whoever writes a port:
 *   connect  opens a connection to host (a DNS name, an IPv4 literal or an
 *            IPv6 literal without brackets, NUL-terminated) and port within
 *            timeout_ms, closing any earlier one. Returns 0 or a negative
 *            BOOOPLY_PORT_* code.
 *   send     sends up to len (>= 1) bytes within timeout_ms. Returns the
 *            count sent (1..len), 0 when nothing could be sent in time, or a
 *            negative code. When it returned 0, the core calls again with
 *            the same data and len (TLS stacks require that).
 *   recv     receives up to len (>= 1) bytes, waiting at most timeout_ms (0:
 *            do not wait). Returns 1..len, 0 when nothing arrived in time,
 *            BOOOPLY_PORT_EOF when the peer ended the stream cleanly (a TLS
 *            port: close_notify), BOOOPLY_PORT_UNCLEAN_EOF when it ended
 *            without that (a TLS close without close_notify), or another
 *            negative code.
 *   close    ends the connection; safe to call when none is open.
 *   now_ms   a monotonic clock in milliseconds; it may wrap at 2^32.
 *   sleep_ms optional (may be NULL): waits ms milliseconds.
 * The core never trusts a port's count: a count above len is a transport
 * error. ctx is the port's own; the core only passes it back. */
typedef struct boooply_port {
    void *ctx;
    unsigned flags;
    int (*connect)(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms);
    long (*send)(void *ctx, const void *data, size_t len, uint32_t timeout_ms);
    long (*recv)(void *ctx, void *data, size_t len, uint32_t timeout_ms);
    void (*close)(void *ctx);
    uint32_t (*now_ms)(void *ctx);
    void (*sleep_ms)(void *ctx, uint32_t ms);
} boooply_port_t;

/* --------------------------------------------------------------- strings */

/* A view of bytes: a string inside the client's buffer, NUL-terminated
 * there, or a caller's string. ptr is NULL when the value is absent. */
typedef struct boooply_str {
    const char *ptr;
    size_t len;
} boooply_str_t;

/* Copies s into dst (capacity cap bytes) with a terminating NUL. Returns
 * BOOOPLY_E_BUFFER_TOO_SMALL when it does not fit, after writing the first
 * cap - 1 bytes and a NUL (nothing when cap is 0); *needed, when not NULL,
 * receives s.len + 1 either way. An absent string copies as "". */
BOOOPLY_DEF boooply_err_t boooply_str_copy(boooply_str_t s, char *dst, size_t cap,
                                           size_t *needed);

/* Compares a view with a C string; an absent view equals nothing. */
BOOOPLY_DEF int boooply_str_eq(boooply_str_t s, const char *text);

/* ------------------------------------------------------------ JSON writer */

/* Builds JSON text into a caller's buffer, nested at most 32 levels deep
 * (BOOOPLY_E_JSON_LIMIT past that). With buf NULL it only measures.
 * Once an error happens every later call does nothing, and
 * boooply_json_writer_finish() returns that error. A write that would not
 * fit writes nothing, so the bytes already in buf stay as they were, and
 * counting goes on so that finish can report the exact size needed. */
typedef struct boooply_json_writer {
    char *buf;
    size_t cap;
    size_t len;           /* bytes the JSON needs so far, even past cap */
    boooply_err_t err;
    uint32_t kinds;       /* bit n set: level n+1 is an object */
    uint8_t depth;
    uint8_t first;        /* no element yet at this level */
    uint8_t after_key;    /* a key was written, its value is next */
} boooply_json_writer_t;

BOOOPLY_DEF void boooply_json_writer_init(boooply_json_writer_t *w, char *buf, size_t cap);
BOOOPLY_DEF void boooply_json_write_begin_object(boooply_json_writer_t *w);
BOOOPLY_DEF void boooply_json_write_end_object(boooply_json_writer_t *w);
BOOOPLY_DEF void boooply_json_write_begin_array(boooply_json_writer_t *w);
BOOOPLY_DEF void boooply_json_write_end_array(boooply_json_writer_t *w);
/* A key inside an object; a NUL-terminated UTF-8 name. */
BOOOPLY_DEF void boooply_json_write_key(boooply_json_writer_t *w, const char *key);
/* A string value of len bytes of UTF-8 (NUL allowed). Quote, backslash and
 * control characters are escaped; invalid UTF-8 is BOOOPLY_E_INVALID_ARGUMENT. */
BOOOPLY_DEF void boooply_json_write_string_n(boooply_json_writer_t *w, const char *s, size_t len);
BOOOPLY_DEF void boooply_json_write_string(boooply_json_writer_t *w, const char *s);
BOOOPLY_DEF void boooply_json_write_int(boooply_json_writer_t *w, int64_t value);
BOOOPLY_DEF void boooply_json_write_bool(boooply_json_writer_t *w, int value);
BOOOPLY_DEF void boooply_json_write_null(boooply_json_writer_t *w);
/* Checks that every object and array is closed and returns the first error;
 * *len (when not NULL) gets the bytes needed, written or not. */
BOOOPLY_DEF boooply_err_t boooply_json_writer_finish(boooply_json_writer_t *w, size_t *len);

/* ------------------------------------------------------------ JSON reader */

/* Storage for one JSON token. Its layout is private (a jsmn token). */
typedef struct boooply_token {
    int storage_[4];
} boooply_token_t;

typedef enum boooply_json_type {
    BOOOPLY_JSON_NONE = 0, /* no such value (index -1) */
    BOOOPLY_JSON_OBJECT,
    BOOOPLY_JSON_ARRAY,
    BOOOPLY_JSON_STRING,
    BOOOPLY_JSON_NUMBER,
    BOOOPLY_JSON_BOOL,
    BOOOPLY_JSON_NULL
} boooply_json_type_t;

/* A parsed document. Values are token indexes: 0 is the root, -1 means
 * "no such value" and every accessor accepts it. */
typedef struct boooply_json {
    char *text;
    size_t len;
    boooply_token_t *tokens;
    int count;
} boooply_json_t;

/* An iterator over the elements of an array or the members of an object. */
typedef struct boooply_iter {
    const boooply_json_t *doc;
    int next;      /* token index of the next element */
    int remaining; /* elements left */
} boooply_iter_t;

/* Validates text as JSON (RFC 8259: UTF-8, exact literals and numbers, one
 * root), then tokenizes it into tokens, then unescapes every string in place
 * and NUL-terminates it and every number and literal inside a container, so
 * text is no longer JSON afterwards. Errors:
 * BOOOPLY_E_MALFORMED_JSON, BOOOPLY_E_JSON_LIMIT (nesting deeper than
 * BOOOPLY_JSON_MAX_DEPTH), BOOOPLY_E_TOO_MANY_TOKENS (*needed_tokens, when not
 * NULL, gets the count). text is left untouched on every error. */
BOOOPLY_DEF boooply_err_t boooply_json_parse(boooply_json_t *doc, char *text, size_t len,
                                             boooply_token_t *tokens, size_t token_count,
                                             size_t *needed_tokens);
BOOOPLY_DEF boooply_json_type_t boooply_json_type(const boooply_json_t *doc, int value);
/* The value of key in object obj, or -1. A repeated key: the last one wins. */
BOOOPLY_DEF int boooply_json_get(const boooply_json_t *doc, int obj, const char *key);
/* Follows a dotted path of keys from obj, for example "meeting.url". */
BOOOPLY_DEF int boooply_json_path(const boooply_json_t *doc, int obj, const char *path);
/* Number of elements of an array or members of an object, else 0. */
BOOOPLY_DEF int boooply_json_size(const boooply_json_t *doc, int value);
/* Starts an iteration over an array's elements or an object's keys (the
 * value of a key k is k + 1). Anything else iterates over nothing. */
BOOOPLY_DEF boooply_iter_t boooply_json_iter(const boooply_json_t *doc, int value);
/* Gives the next element index in *value; returns 0 at the end, else 1. */
BOOOPLY_DEF int boooply_json_next(boooply_iter_t *it, int *value);
/* A string value. Absent or null: BOOOPLY_E_NOT_FOUND and an absent view.
 * Another type: BOOOPLY_E_UNEXPECTED_JSON. */
BOOOPLY_DEF boooply_err_t boooply_json_get_string(const boooply_json_t *doc, int value,
                                                  boooply_str_t *out);
/* An integral number (1e2 is 100; 1.5 is BOOOPLY_E_UNEXPECTED_JSON) that
 * fits the type, else BOOOPLY_E_OUT_OF_RANGE. *out is written only on success. */
BOOOPLY_DEF boooply_err_t boooply_json_get_int32(const boooply_json_t *doc, int value,
                                                 int32_t *out);
BOOOPLY_DEF boooply_err_t boooply_json_get_int64(const boooply_json_t *doc, int value,
                                                 int64_t *out);
/* A number as double, correct to about 15 significant digits. Overflow is
 * BOOOPLY_E_OUT_OF_RANGE. */
BOOOPLY_DEF boooply_err_t boooply_json_get_double(const boooply_json_t *doc, int value,
                                                  double *out);
BOOOPLY_DEF boooply_err_t boooply_json_get_bool(const boooply_json_t *doc, int value, int *out);

/* ---------------------------------------------------------------- client */

typedef struct boooply_config {
    const char *base_url;  /* http[s]://host[:port][/prefix], kept by pointer */
    const char *api_key;   /* Bearer token, kept by pointer, never logged */
    boooply_port_t port;
    void *buffer;          /* request and response buffer */
    size_t buffer_size;    /* at least 256 bytes */
    boooply_token_t *tokens;
    size_t token_count;
    uint32_t timeout_ms;   /* deadline of one call; 0: BOOOPLY_DEFAULT_TIMEOUT_MS */
    /* Automatic retries within the same deadline, waiting through
     * port.sleep_ms (none without it). Retried: a connection failure
     * before any byte was sent; and, for GET and DELETE only, a lost
     * connection, 429, 500, 502, 503 and 504. A POST or PATCH that reached
     * the server is never sent again. The wait is the server's Retry-After
     * (seconds or an HTTP-date), else X-RateLimit-Reset for 429, else
     * exponential backoff with jitter. boooply_request() returns every
     * status to its caller and repeats only failed connections. */
    int8_t max_retries;    /* 0: 2 retries; negative: none; at most 10 */
    uint32_t retry_base_ms; /* first backoff; 0: 500 ms */
    uint32_t retry_max_ms;  /* maximum single wait; 0: 10000 ms */
} boooply_config_t;

/* What the last call saw. Views point into the client's buffer. */
typedef struct boooply_last {
    int http_status;       /* 0 when no response arrived */
    boooply_str_t api_code;  /* the API's "code" on an error response */
    boooply_str_t api_error; /* the API's "error" message */
    const char *message;   /* what exactly failed; "" on success */
    const char *field;     /* the JSON key of an unexpected-JSON error, or NULL */
    size_t needed;         /* size needed after a too-small error */
    long rate_limit;       /* X-RateLimit-Limit, -1 when absent */
    long rate_remaining;   /* X-RateLimit-Remaining, -1 when absent */
    long rate_reset;       /* X-RateLimit-Reset, -1 when absent */
    long retry_after;      /* Retry-After in seconds, -1 when absent */
    unsigned reconnects;   /* connections opened by the call */
    unsigned retries;      /* automatic retries the call made */
} boooply_last_t;

/* Called for each header of a final response, with the value trimmed and
 * folded lines joined by one space. Views are valid during the call only. */
typedef void (*boooply_header_fn)(void *ctx, boooply_str_t name, boooply_str_t value);

/* Private parser state of one response. */
typedef struct boooply_http_ {
    size_t fill, scan, line, pending, pending_end;
    size_t raw_pos, raw_end;     /* buffered body bytes not decoded yet */
    size_t content_length, remaining, body_total;
    int64_t date, retry_at;      /* Date and an HTTP-date Retry-After, Unix seconds; -1: none */
    const char *bad_body;        /* in state FAILED: why the body is malformed */
    int status;
    uint8_t state, framing, chunk_state, flags;
    uint8_t version_minor, head, keep_alive, have_length;
} boooply_http_t_;

typedef struct boooply_client {
    boooply_config_t cfg;
    boooply_last_t last;
    boooply_json_t doc;        /* the last response parsed as JSON */
    boooply_header_fn on_header;
    void *on_header_ctx;
    /* Private from here on. */
    char host[BOOOPLY_HOST_MAX + 1];
    const char *prefix;        /* path prefix inside base_url */
    size_t prefix_len;
    size_t key_len;
    uint16_t port_number;
    uint8_t secure, connected, reusable, in_response, sent_any;
    uint32_t started_ms;
    uint32_t jitter;           /* xorshift state for retry jitter */
    boooply_http_t_ http;
} boooply_client_t;

/* Checks cfg (base URL, key, buffer, tokens, port) and prepares c. Returns
 * BOOOPLY_E_INVALID_ARGUMENT with c->last.message naming the problem. It does
 * not connect; the first call does. */
BOOOPLY_DEF boooply_err_t boooply_init(boooply_client_t *c, const boooply_config_t *cfg);
/* Closes the connection, if any. The client can be used again afterwards. */
BOOOPLY_DEF void boooply_close(boooply_client_t *c);

/* ------------------------------------------------------------ HTTP calls */

typedef struct boooply_query {
    const char *name;   /* percent-encoded by the library */
    const char *value;  /* NULL: the parameter is left out */
} boooply_query_t;

/* One request. path is appended to the base URL's prefix as given, so it
 * must be already encoded: visible ASCII, starting with '/', without '?' or
 * '#'. A body is sent with Content-Type: application/json. */
typedef struct boooply_request {
    const char *method;          /* "GET", "POST", "PATCH", "DELETE", "HEAD"... */
    const char *path;
    const boooply_query_t *query;
    size_t query_count;
    const char *body;            /* NULL: no body */
    size_t body_len;
} boooply_request_t;

/* Sends a request and reads the response status and headers; any status
 * returns BOOOPLY_OK with c->last.http_status set. Then read the body with
 * boooply_read_body() and finish with boooply_end_response(). */
BOOOPLY_DEF boooply_err_t boooply_request(boooply_client_t *c, const boooply_request_t *req);
/* Reads the next piece of the body (de-chunked) into dst, which must not
 * overlap the client's buffer. *got is 0 once the body has ended. */
BOOOPLY_DEF boooply_err_t boooply_read_body(boooply_client_t *c, void *dst, size_t cap,
                                            size_t *got);
/* Ends the response. A body not read to its end closes the connection. */
BOOOPLY_DEF void boooply_end_response(boooply_client_t *c);

/* Sends a request and parses a JSON response into c->doc (an empty body
 * gives an empty document, count 0). A status outside 2xx returns
 * BOOOPLY_E_HTTP_STATUS with c->doc still parsed when the body is JSON. */
BOOOPLY_DEF boooply_err_t boooply_raw(boooply_client_t *c, const boooply_request_t *req);

/* ------------------------------------------------------------ interviews */

typedef enum boooply_interview_type {
    BOOOPLY_INTERVIEW_UNSET = 0,
    BOOOPLY_INTERVIEW_AI,     /* meetingType AI_ONLY */
    BOOOPLY_INTERVIEW_HUMAN,  /* meetingType HUMAN */
    BOOOPLY_INTERVIEW_TEAM    /* meetingType HUMAN, isTeamMeeting true */
} boooply_interview_type_t;

/* A boolean field that may be left out of the request. */
typedef enum boooply_flag {
    BOOOPLY_FLAG_UNSET = 0,
    BOOOPLY_FLAG_FALSE,
    BOOOPLY_FLAG_TRUE
} boooply_flag_t;

typedef struct boooply_person {
    const char *name;
    const char *email;
} boooply_person_t;

typedef struct boooply_participant_input {
    const char *name;
    const char *email;
    const char *role;  /* HOST, CO_HOST, INTERVIEWER, CANDIDATE, PARTICIPANT */
} boooply_participant_input_t;

typedef struct boooply_slot_input {
    const char *start; /* ISO 8601 date-time */
    const char *end;
} boooply_slot_input_t;

/* interviews.create. Leave a field NULL (or 0) to leave it out. */
typedef struct boooply_create_interview {
    boooply_interview_type_t type;           /* required */
    const char *job_role;                    /* required for AI and HUMAN */
    const char *title;
    const char *category;                    /* SCREENING, TECHNICAL, ... FINAL */
    const char *stage;
    const char *company_name;
    boooply_person_t candidate;              /* required for AI without participants */
    const boooply_participant_input_t *participants; /* required for HUMAN, TEAM */
    size_t participant_count;
    const char *candidate_cv;
    const char *const *skills;
    size_t skill_count;
    const char *seniority;                   /* JUNIOR, MID, SENIOR, LEAD, PRINCIPAL */
    const char *department;
    const char *job_description;
    const char *work_setup;                  /* REMOTE, ONSITE, HYBRID */
    const char *employment_type;             /* FULL_TIME, PART_TIME, CONTRACT */
    int32_t duration_minutes;                /* 0: 30; else at least 5 */
    const char *scheduled_at;                /* ISO 8601; required when FIXED */
    const char *scheduling_mode;             /* IMMEDIATE, FIXED, CANDIDATE_PICKS */
    const boooply_slot_input_t *available_slots; /* at most 50 */
    size_t available_slot_count;
    const char *const *questions;
    size_t question_count;
    boooply_flag_t ai_generate;
    const char *evaluation_focus;  /* knowledge, balanced, communication, problem_solving, culture */
    boooply_flag_t send_candidate_feedback;
    const char *external_job_id;
    const char *const *agenda;
    size_t agenda_count;
    boooply_flag_t transcription_enabled;
} boooply_create_interview_t;

typedef struct boooply_participant {
    boooply_str_t id;
    boooply_str_t name;
    boooply_str_t email;
    boooply_str_t role;
    boooply_str_t join_token;
    boooply_str_t joined_at;
    boooply_str_t left_at;
    int is_active;                /* -1 when absent */
} boooply_participant_t;

typedef struct boooply_interview {
    boooply_str_t meeting_code;   /* meetingCode, or code on older servers */
    boooply_str_t id;
    boooply_str_t url;
    boooply_str_t title;
    boooply_str_t meeting_type;   /* AI_ONLY, HUMAN */
    boooply_str_t session_status; /* SCHEDULED, ACTIVE, COMPLETED, CANCELLED, FAILED */
    boooply_str_t end_reason;
    boooply_str_t scheduled_at;
    boooply_str_t created_at;
    boooply_str_t job_role;
    int is_team_meeting;          /* -1 when absent */
    int32_t duration_minutes;     /* -1 when absent */
    int32_t overall_score;        /* 0..100, -1 when absent or null */
    boooply_iter_t participants;  /* walk with boooply_participant_next() */
} boooply_interview_t;

typedef struct boooply_list_interviews {
    const char *status;     /* SCHEDULED, ACTIVE, COMPLETED, CANCELLED, FAILED or a comma-separated set */
    const char *type;       /* AI_ONLY, HUMAN, TEAM */
    const char *search;
    const char *source_id;
    const char *date_field; /* scheduled or created */
    const char *date_from;  /* ISO 8601 */
    const char *date_to;
    int32_t score_min;      /* 0..100; -1 or 0 with has_score_min 0: left out */
    int32_t score_max;
    uint8_t has_score_min;
    uint8_t has_score_max;
    int32_t page;           /* 0: left out; else at least 1 */
    int32_t limit;          /* 0: left out; else 1..100 */
} boooply_list_interviews_t;

typedef struct boooply_interview_list {
    boooply_iter_t interviews; /* walk with boooply_interview_next() */
    int32_t page, limit, total, total_pages; /* -1 when absent */
} boooply_interview_list_t;

/* POST /interviews. On success *out describes the new interview. */
BOOOPLY_DEF boooply_err_t boooply_interviews_create(boooply_client_t *c,
                                                    const boooply_create_interview_t *req,
                                                    boooply_interview_t *out);
/* GET /interviews/{code}; code is percent-encoded. */
BOOOPLY_DEF boooply_err_t boooply_interviews_get(boooply_client_t *c, const char *code,
                                                 boooply_interview_t *out);
/* GET /interviews with the filters set in params (NULL: none). */
BOOOPLY_DEF boooply_err_t boooply_interviews_list(boooply_client_t *c,
                                                  const boooply_list_interviews_t *params,
                                                  boooply_interview_list_t *out);

/* Decodes the next participant; returns 1, or 0 at the end. */
BOOOPLY_DEF int boooply_participant_next(boooply_iter_t *it, boooply_participant_t *out);
/* Decodes the next interview of a list; returns 1, or 0 at the end. */
BOOOPLY_DEF int boooply_interview_next(boooply_iter_t *it, boooply_interview_t *out);
/* Gives the next string of a string array; returns 1, or 0 at the end. */
BOOOPLY_DEF int boooply_string_next(boooply_iter_t *it, boooply_str_t *out);

/* interviews.getTranscript */
typedef struct boooply_transcript_entry {
    boooply_str_t speaker;
    boooply_str_t role;      /* AI, CANDIDATE, INTERVIEWER or HOST */
    boooply_str_t content;
    boooply_str_t timestamp; /* as the server sent it (text or number) */
} boooply_transcript_entry_t;

typedef struct boooply_transcript {
    boooply_iter_t entries;  /* walk with boooply_transcript_next() */
} boooply_transcript_t;

BOOOPLY_DEF boooply_err_t boooply_interviews_get_transcript(boooply_client_t *c, const char *code,
                                                            boooply_transcript_t *out);
BOOOPLY_DEF int boooply_transcript_next(boooply_iter_t *it, boooply_transcript_entry_t *out);

/* interviews.getEvaluation. available is 0 while analysis has not finished
 * (the API sends "evaluation": null); that is a success, not an error. */
typedef struct boooply_question_evaluation {
    boooply_str_t question;
    int32_t score;           /* -1 when absent */
    boooply_str_t notes;
} boooply_question_evaluation_t;

typedef struct boooply_evaluation {
    int available;
    boooply_str_t recommendation;  /* PASS, FAIL, REVIEW, STRONG_PASS, STRONG_FAIL */
    int32_t overall_score;         /* 0..100; -1 when absent; fractions rounded */
    int32_t communication;
    int32_t technical;
    int32_t culture_fit;
    int32_t problem_solving;
    int32_t experience_match;
    boooply_iter_t question_evaluations; /* boooply_question_evaluation_next() */
    boooply_str_t ai_summary;
    boooply_iter_t strengths;      /* boooply_string_next() */
    boooply_iter_t improvements;
    boooply_iter_t next_steps;
    int32_t duration;              /* meetingStatistics.duration */
    int32_t turn_count;            /* meetingStatistics.turnCount */
    boooply_str_t message;
    int by_criterion;              /* token index in c->doc, or -1 */
    int raw_analysis;              /* token index in c->doc, or -1 */
    int interviewer_evaluation;    /* token index in c->doc, or -1 */
} boooply_evaluation_t;

BOOOPLY_DEF boooply_err_t boooply_interviews_get_evaluation(boooply_client_t *c, const char *code,
                                                            boooply_evaluation_t *out);
BOOOPLY_DEF int boooply_question_evaluation_next(boooply_iter_t *it, boooply_question_evaluation_t *out);

/* interviews.triggerAnalysis */
typedef struct boooply_analysis {
    int queued;              /* -1 when absent */
    boooply_str_t job_id;
} boooply_analysis_t;

BOOOPLY_DEF boooply_err_t boooply_interviews_trigger_analysis(boooply_client_t *c, const char *code,
                                                              boooply_analysis_t *out);

/* interviews.reschedule. out (may be NULL) receives the updated interview
 * when the server returns it. */
typedef struct boooply_reschedule {
    const char *scheduled_at;  /* required, ISO 8601 date-time */
    int32_t duration_minutes;  /* 0: left out; else at least 5 */
    const char *reason;        /* NULL: left out */
} boooply_reschedule_t;

BOOOPLY_DEF boooply_err_t boooply_interviews_reschedule(boooply_client_t *c, const char *code,
                                                        const boooply_reschedule_t *req,
                                                        boooply_interview_t *out);
/* interviews.cancel; reason NULL sends {} as the official SDK does. */
BOOOPLY_DEF boooply_err_t boooply_interviews_cancel(boooply_client_t *c, const char *code,
                                                    const char *reason, boooply_interview_t *out);
/* interviews.delete: permanent. message (may be NULL) gets the server's text. */
BOOOPLY_DEF boooply_err_t boooply_interviews_delete(boooply_client_t *c, const char *code,
                                                    boooply_str_t *message);

/* interviews.addParticipant and getParticipants */
typedef struct boooply_participant_list {
    boooply_iter_t participants; /* boooply_participant_next() */
    int32_t total;               /* -1 when absent */
} boooply_participant_list_t;

BOOOPLY_DEF boooply_err_t boooply_interviews_add_participant(boooply_client_t *c, const char *code,
                                                             const boooply_participant_input_t *participants,
                                                             size_t participant_count,
                                                             boooply_participant_list_t *out);
BOOOPLY_DEF boooply_err_t boooply_interviews_get_participants(boooply_client_t *c, const char *code,
                                                              boooply_participant_list_t *out);
/* interviews.removeParticipant; id is percent-encoded into the path. */
BOOOPLY_DEF boooply_err_t boooply_interviews_remove_participant(boooply_client_t *c, const char *code,
                                                                const char *participant_id,
                                                                boooply_str_t *message);

/* interviews.getRecording. available is 0 when the API sends
 * "recording": null; message then says why. */
typedef struct boooply_recording {
    int available;
    int32_t duration;           /* seconds, -1 when absent */
    boooply_str_t format;
    boooply_str_t created_at;
    boooply_str_t video_url;     /* expires after 7 days */
    boooply_str_t video_api_url; /* stable */
    boooply_str_t message;
} boooply_recording_t;

BOOOPLY_DEF boooply_err_t boooply_interviews_get_recording(boooply_client_t *c, const char *code,
                                                           boooply_recording_t *out);

/* interviews.getAvailability and getBusyBlocks */
typedef struct boooply_slot {
    boooply_str_t start;
    boooply_str_t end;
} boooply_slot_t;

typedef struct boooply_availability_params {
    const char *email;         /* required */
    int32_t duration_minutes;  /* 0: left out (server default 30); sent as "duration" */
    int32_t days;              /* 0: left out (server default 14); else 1..30 */
} boooply_availability_params_t;

typedef struct boooply_availability {
    int calendar_connected;    /* -1 when absent */
    boooply_str_t email;
    int32_t duration_minutes;
    int32_t days;
    boooply_iter_t slots;      /* boooply_slot_next() */
    int32_t total;
    boooply_str_t message;
} boooply_availability_t;

typedef struct boooply_busy_blocks_params {
    const char *email;         /* required */
    int32_t days;              /* 0: left out; else 1..30 */
} boooply_busy_blocks_params_t;

typedef struct boooply_busy_blocks {
    int calendar_connected;
    boooply_str_t email;
    int32_t days;
    boooply_str_t timezone;
    boooply_iter_t busy_blocks; /* boooply_slot_next() */
    int32_t total;
} boooply_busy_blocks_t;

BOOOPLY_DEF boooply_err_t boooply_interviews_get_availability(boooply_client_t *c,
                                                              const boooply_availability_params_t *params,
                                                              boooply_availability_t *out);
BOOOPLY_DEF boooply_err_t boooply_interviews_get_busy_blocks(boooply_client_t *c,
                                                             const boooply_busy_blocks_params_t *params,
                                                             boooply_busy_blocks_t *out);
BOOOPLY_DEF int boooply_slot_next(boooply_iter_t *it, boooply_slot_t *out);

/* organization.get */
typedef struct boooply_organization {
    boooply_str_t id;
    boooply_str_t name;
    boooply_str_t slug;
    boooply_str_t external_org_id;
    boooply_str_t plan;
} boooply_organization_t;

BOOOPLY_DEF boooply_err_t boooply_organization_get(boooply_client_t *c, boooply_organization_t *out);

/* ai.generateJobDescription */
typedef struct boooply_job_description_request {
    const char *job_role;        /* required */
    const char *department;
    const char *const *skills;
    size_t skill_count;
    const char *seniority;       /* JUNIOR, MID, SENIOR, LEAD, PRINCIPAL */
    const char *work_setup;      /* REMOTE, ONSITE, HYBRID */
    const char *employment_type; /* FULL_TIME, PART_TIME, CONTRACT */
} boooply_job_description_request_t;

BOOOPLY_DEF boooply_err_t boooply_ai_generate_job_description(boooply_client_t *c,
                                                              const boooply_job_description_request_t *req,
                                                              boooply_str_t *description);

/* createOrganizationApiKey: POST /api/server-auth/create-api-key, outside
 * /api/integration. Configure the client with the platform key
 * (bply_platform_...). */
typedef struct boooply_team_member {
    const char *email;  /* required */
    const char *name;
    const char *role;
} boooply_team_member_t;

typedef struct boooply_create_api_key {
    const char *user_id;           /* required */
    const char *user_email;        /* required */
    const char *user_name;
    const char *organization_id;   /* required */
    const char *organization_name;
    const boooply_team_member_t *team_members;
    size_t team_member_count;
} boooply_create_api_key_t;

typedef struct boooply_api_key {
    boooply_str_t api_key;
    boooply_str_t organization_id;
    boooply_str_t user_id;
} boooply_api_key_t;

BOOOPLY_DEF boooply_err_t boooply_create_organization_api_key(boooply_client_t *c,
                                                              const boooply_create_api_key_t *req,
                                                              boooply_api_key_t *out);

/* Writes a Unix time (seconds, UTC) as ISO 8601, "2026-04-01T14:00:00Z",
 * with a NUL: 21 bytes. Years 0000 to 9999 only. A short dst is left
 * untouched and gives BOOOPLY_E_BUFFER_TOO_SMALL. */
BOOOPLY_DEF boooply_err_t boooply_format_iso8601(int64_t unix_seconds, char *dst, size_t cap);
/* Writes url?token=<join token, percent-encoded> with a NUL into dst.
 * BOOOPLY_E_BUFFER_TOO_SMALL writes nothing; *needed gets the size. */
BOOOPLY_DEF boooply_err_t boooply_join_link(boooply_str_t url, boooply_str_t join_token,
                                            char *dst, size_t cap, size_t *needed);

/* Percent-encodes len bytes of s, all but ALPHA DIGIT - . _ ~, with
 * uppercase hex (RFC 3986 sections 2.1 and 2.3). Returns the encoded size;
 * writes only when it fits in cap (dst may be NULL to measure). */
BOOOPLY_DEF size_t boooply_percent_encode(const char *s, size_t len, char *dst, size_t cap);

#ifdef __cplusplus
}
#endif

#endif /* BOOOPLY_H */

/* ======================================================================
 * IMPLEMENTATION
 * ====================================================================== */
#if defined(BOOOPLY_IMPLEMENTATION) && !defined(BOOOPLY_IMPLEMENTATION_DONE_)
#define BOOOPLY_IMPLEMENTATION_DONE_

#include <limits.h>

/* The core needs only the compiler's freestanding headers. Hosted builds
 * take memcpy and friends from <string.h>; a freestanding build (such as
 * riscv64-unknown-elf with -ffreestanding) must link them from somewhere,
 * as GCC requires of every freestanding program anyway. */
#if defined(__STDC_HOSTED__) && __STDC_HOSTED__
#include <string.h>
#else
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int value, size_t n);
int memcmp(const void *a, const void *b, size_t n);
#endif

/* BOOOPLY_MESSAGES 0 replaces every last.message text with "" to save
 * flash (several kilobytes); the error codes stay the same. */
#ifndef BOOOPLY_MESSAGES
#define BOOOPLY_MESSAGES 1
#endif
#if BOOOPLY_MESSAGES
#define BOOOPLY__MSG(text) text
#else
#define BOOOPLY__MSG(text) ""
#endif

#ifndef BOOOPLY_ASSERT
#if defined(__STDC_HOSTED__) && __STDC_HOSTED__
#include <assert.h>
#define BOOOPLY_ASSERT(x) assert(x)
#else
#define BOOOPLY_ASSERT(x) ((void)0)
#endif
#endif

#define BOOOPLY_LOG_ERROR 1
#define BOOOPLY_LOG_WARN 2
#define BOOOPLY_LOG_INFO 3
#define BOOOPLY_LOG_DEBUG 4

#if defined(__GNUC__) || defined(__clang__)
static void boooply__log_check(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define BOOOPLY__MAY_ALIAS __attribute__((__may_alias__))
#else
static void boooply__log_check(const char *fmt, ...);
#define BOOOPLY__MAY_ALIAS
#endif
static void boooply__log_check(const char *fmt, ...) { (void)fmt; }

#ifndef BOOOPLY_LOG
/* Compiled out, but the arguments still go through printf format checks. */
#define BOOOPLY_LOG(level, args)                                                 \
    do {                                                                         \
        if (0) {                                                                 \
            (void)(level);                                                       \
            boooply__log_check args;                                             \
        }                                                                        \
    } while (0)
#endif

#if BOOOPLY_JSON_MAX_DEPTH < 1 || BOOOPLY_JSON_MAX_DEPTH > 255
#error "BOOOPLY_JSON_MAX_DEPTH must be between 1 and 255"
#endif

/* jsmn is compiled here with static linkage, so a user's own jsmn cannot
 * clash with it. A jsmn.h already included in this file would silently
 * replace it (its include guard is fixed), so that is an error. */
#ifdef JSMN_H
#error "include jsmn.h after boooply.h's implementation, or in another file"
#endif
#define JSMN_STATIC
#define JSMN_PARENT_LINKS_OFF_
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wunused-function"
#endif
#ifdef BOOOPLY_JSMN_INCLUDE
#include BOOOPLY_JSMN_INCLUDE
#else
#include <jsmn.h>
#endif
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC diagnostic pop
#endif
#undef JSMN_PARENT_LINKS_OFF_

/* Token storage is the public boooply_token_t. jsmn writes it as jsmntok_t;
 * the reader uses this twin, marked may_alias so that the compiler does not
 * assume the two types never share memory. */
typedef struct BOOOPLY__MAY_ALIAS boooply__tok {
    jsmntype_t type;
    int start;
    int end;
    int size;
} boooply__tok_t;
typedef char boooply__token_fits_[(sizeof(jsmntok_t) <= sizeof(boooply_token_t) &&
                                   sizeof(jsmntok_t) == sizeof(boooply__tok_t) &&
                                   offsetof(jsmntok_t, size) == offsetof(boooply__tok_t, size))
                                      ? 1 : -1];

#define BOOOPLY__INTEGRATION "/api/integration"

/* ------------------------------------------------------------ C strings */

static size_t boooply__strlen(const char *s) {
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

static int boooply__streq(const char *a, const char *b) {
    while (*a && *a == *b) a++, b++;
    return *a == *b;
}

static const char *boooply__strchr(const char *s, int ch) {
    for (; *s; s++)
        if (*s == (char)ch) return s;
    return NULL;
}

static const void *boooply__memchr(const void *p, int ch, size_t n) {
    const unsigned char *u = (const unsigned char *)p;
    size_t i;
    for (i = 0; i < n; i++)
        if (u[i] == (unsigned char)ch) return u + i;
    return NULL;
}

/* ------------------------------------------------------------ small text */

static const char *const boooply__err_text[BOOOPLY_E_COUNT_] = {
    "success",
    "invalid argument",
    "buffer too small",
    "response too large for the buffer",
    "too many JSON tokens for the token array",
    "connection failed",
    "transport error",
    "timed out",
    "connection closed before a response",
    "response body truncated",
    "malformed HTTP response",
    "HTTP error status",
    "malformed JSON",
    "JSON nested too deeply",
    "unexpected JSON shape",
    "number out of range",
    "value absent or null",
    "call out of order",
    "TLS failure",
};

BOOOPLY_DEF const char *boooply_strerror(boooply_err_t err) {
    if ((unsigned)err >= (unsigned)BOOOPLY_E_COUNT_)
        return "unknown error";
    return boooply__err_text[err];
}

static int boooply__lower(int ch) {
    return (ch >= 'A' && ch <= 'Z') ? ch + ('a' - 'A') : ch;
}

/* ASCII case-insensitive comparison of n bytes; locale-free on purpose. */
static int boooply__ieq(const char *a, const char *b, size_t n) {
    size_t i;
    for (i = 0; i < n; i++)
        if (boooply__lower((unsigned char)a[i]) != boooply__lower((unsigned char)b[i]))
            return 0;
    return 1;
}

static int boooply__is_digit(int ch) { return ch >= '0' && ch <= '9'; }

/* Reads exactly n decimal digits. */
static int boooply__digits(const char *s, int n, int *value) {
    int i, v = 0;
    for (i = 0; i < n; i++) {
        if (!boooply__is_digit(s[i])) return 0;
        v = v * 10 + (s[i] - '0');
    }
    *value = v;
    return 1;
}

static int boooply__hex_value(int ch) {
    if (ch >= '0' && ch <= '9') return ch - '0';
    ch = boooply__lower(ch);
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    return -1;
}

BOOOPLY_DEF boooply_err_t boooply_str_copy(boooply_str_t s, char *dst, size_t cap,
                                           size_t *needed) {
    size_t len = s.ptr ? s.len : 0;
    if (needed) *needed = len + 1;
    if (len >= cap) {
        if (cap > 0 && dst) {
            memcpy(dst, s.ptr, cap - 1);
            dst[cap - 1] = '\0';
        }
        return BOOOPLY_E_BUFFER_TOO_SMALL;
    }
    if (!dst) return BOOOPLY_E_INVALID_ARGUMENT;
    if (len) memcpy(dst, s.ptr, len);
    dst[len] = '\0';
    return BOOOPLY_OK;
}

BOOOPLY_DEF int boooply_str_eq(boooply_str_t s, const char *text) {
    size_t n;
    if (!s.ptr || !text) return 0;
    n = boooply__strlen(text);
    return n == s.len && memcmp(s.ptr, text, n) == 0;
}

/* ------------------------------------------------------- output buffers */

/* Appends to a fixed buffer. A piece that does not fit is not written, and
 * len keeps counting (saturating at SIZE_MAX) so the caller learns the size
 * needed; bytes already written are never touched again. */
typedef struct boooply__out {
    char *buf;
    size_t cap;
    size_t len;
} boooply__out_t;

static void boooply__put(boooply__out_t *o, const char *s, size_t n) {
    if (o->buf && o->len <= o->cap && n <= o->cap - o->len)
        memcpy(o->buf + o->len, s, n);
    o->len = (n > SIZE_MAX - o->len) ? SIZE_MAX : o->len + n;
}

static void boooply__puts(boooply__out_t *o, const char *s) { boooply__put(o, s, boooply__strlen(s)); }

static void boooply__putc(boooply__out_t *o, char ch) { boooply__put(o, &ch, 1); }

/* Native-width digits: request heads never need 64-bit division, which
 * costs a library call and flash on 32-bit cores. */
static void boooply__put_size(boooply__out_t *o, size_t v) {
    char digits[20];
    size_t n = 0;
    do {
        digits[sizeof digits - 1 - n++] = (char)('0' + (int)(v % 10u));
        v /= 10u;
    } while (v);
    boooply__put(o, digits + sizeof digits - n, n);
}

/* Divides *v by ten and returns the remainder, with shifts and adds only:
 * on 32-bit cores a 64-bit division is a libgcc call of about 700 bytes.
 * q estimates v * 0.8 / 8 with the product 0.75 * (1 + 2^-4) * (1 + 2^-8)
 * * (1 + 2^-16) * (1 + 2^-32), which is just below 0.8. Every shift rounds
 * down, so q never passes the quotient. It falls short by at most 3, which
 * the loop adds back. */
static unsigned boooply__div10(uint64_t *v) {
    uint64_t n = *v, q, r;
    q = (n >> 1) + (n >> 2);
    q += q >> 4;
    q += q >> 8;
    q += q >> 16;
    q += q >> 32;
    q >>= 3;
    r = n - ((q << 3) + (q << 1));
    while (r >= 10u) {
        q++;
        r -= 10u;
    }
    *v = q;
    return (unsigned)r;
}

static void boooply__put_uint64(boooply__out_t *o, uint64_t v) {
    char digits[20];
    size_t n = 0;
    if (v <= SIZE_MAX) {
        boooply__put_size(o, (size_t)v);
        return;
    }
    do {
        digits[sizeof digits - 1 - n++] = (char)('0' + (int)boooply__div10(&v));
    } while (v);
    boooply__put(o, digits + sizeof digits - n, n);
}

static int boooply__unreserved(int ch) {
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || boooply__is_digit(ch) ||
           ch == '-' || ch == '.' || ch == '_' || ch == '~';
}

static void boooply__put_encoded(boooply__out_t *o, const char *s, size_t len) {
    static const char hex[] = "0123456789ABCDEF";
    size_t i, run = 0;
    for (i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        char esc[3];
        if (boooply__unreserved(ch)) {
            run++;
            continue;
        }
        boooply__put(o, s + i - run, run);
        run = 0;
        esc[0] = '%';
        esc[1] = hex[ch >> 4];
        esc[2] = hex[ch & 15];
        boooply__put(o, esc, 3);
    }
    boooply__put(o, s + len - run, run);
}

BOOOPLY_DEF size_t boooply_percent_encode(const char *s, size_t len, char *dst, size_t cap) {
    boooply__out_t o;
    o.buf = NULL; /* measure first, so a short dst is left untouched */
    o.cap = 0;
    o.len = 0;
    if (!s) return 0;
    boooply__put_encoded(&o, s, len);
    if (dst && o.len <= cap) {
        o.buf = dst;
        o.cap = cap;
        o.len = 0;
        boooply__put_encoded(&o, s, len);
    }
    return o.len;
}

BOOOPLY_DEF boooply_err_t boooply_join_link(boooply_str_t url, boooply_str_t join_token,
                                            char *dst, size_t cap, size_t *needed) {
    boooply__out_t o;
    if (needed) *needed = 0;
    if (!url.ptr || !url.len || !join_token.ptr || !join_token.len)
        return BOOOPLY_E_INVALID_ARGUMENT;
    o.buf = NULL; /* measure first, so a short dst is left untouched */
    o.cap = 0;
    o.len = 0;
    boooply__put(&o, url.ptr, url.len);
    boooply__puts(&o, boooply__memchr(url.ptr, '?', url.len) ? "&token=" : "?token=");
    boooply__put_encoded(&o, join_token.ptr, join_token.len);
    boooply__putc(&o, '\0');
    if (needed) *needed = o.len;
    if (!dst || o.len > cap) return BOOOPLY_E_BUFFER_TOO_SMALL;
    o.buf = dst;
    o.cap = cap;
    o.len = 0;
    boooply__put(&o, url.ptr, url.len);
    boooply__puts(&o, boooply__memchr(url.ptr, '?', url.len) ? "&token=" : "?token=");
    boooply__put_encoded(&o, join_token.ptr, join_token.len);
    boooply__putc(&o, '\0');
    return BOOOPLY_OK;
}

/* ------------------------------------------------------------ UTF-8 */

/* Length of the well-formed UTF-8 sequence at s (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), or 0 when it is not. */
static size_t boooply__utf8_len(const unsigned char *s, size_t avail) {
    unsigned char c = s[0];
    size_t n, i;
    uint32_t cp;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) { n = 2; cp = c & 0x1Fu; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 3; cp = c & 0x0Fu; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 4; cp = c & 0x07u; }
    else return 0;
    if (avail < n) return 0;
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
    return n;
}

/* ------------------------------------------------------------ JSON writer */

BOOOPLY_DEF void boooply_json_writer_init(boooply_json_writer_t *w, char *buf, size_t cap) {
    memset(w, 0, sizeof *w);
    w->buf = buf;
    w->cap = buf ? cap : 0;
    w->first = 1;
}

static void boooply__jw_raw(boooply_json_writer_t *w, const char *s, size_t n) {
    boooply__out_t o;
    o.buf = w->buf;
    o.cap = w->cap;
    o.len = w->len;
    boooply__put(&o, s, n);
    w->len = o.len;
}

/* Writes the comma before a value and checks that a value may come here. */
static int boooply__jw_value(boooply_json_writer_t *w) {
    int in_object;
    if (w->err) return 0;
    in_object = w->depth > 0 && ((w->kinds >> (w->depth - 1)) & 1u);
    if (in_object && !w->after_key) {
        w->err = BOOOPLY_E_INVALID_ARGUMENT; /* a value in an object needs a key */
        return 0;
    }
    if (w->depth == 0 && !w->first) {
        w->err = BOOOPLY_E_INVALID_ARGUMENT; /* a second root */
        return 0;
    }
    if (!w->first && !w->after_key) boooply__jw_raw(w, ",", 1);
    w->first = 0;
    w->after_key = 0;
    return 1;
}

static void boooply__jw_begin(boooply_json_writer_t *w, int object) {
    if (!boooply__jw_value(w)) return;
    if (w->depth >= 32) {
        w->err = BOOOPLY_E_JSON_LIMIT;
        return;
    }
    if (object)
        w->kinds |= (uint32_t)1u << w->depth;
    else
        w->kinds &= ~((uint32_t)1u << w->depth);
    w->depth++;
    w->first = 1;
    boooply__jw_raw(w, object ? "{" : "[", 1);
}

static void boooply__jw_end(boooply_json_writer_t *w, int object) {
    if (w->err) return;
    if (w->depth == 0 || w->after_key || (int)((w->kinds >> (w->depth - 1)) & 1u) != object) {
        w->err = BOOOPLY_E_INVALID_ARGUMENT;
        return;
    }
    w->depth--;
    w->first = 0;
    boooply__jw_raw(w, object ? "}" : "]", 1);
}

BOOOPLY_DEF void boooply_json_write_begin_object(boooply_json_writer_t *w) { boooply__jw_begin(w, 1); }
BOOOPLY_DEF void boooply_json_write_end_object(boooply_json_writer_t *w) { boooply__jw_end(w, 1); }
BOOOPLY_DEF void boooply_json_write_begin_array(boooply_json_writer_t *w) { boooply__jw_begin(w, 0); }
BOOOPLY_DEF void boooply_json_write_end_array(boooply_json_writer_t *w) { boooply__jw_end(w, 0); }

/* Checks a whole string before any byte of it, or of the comma before it,
 * is written; invalid UTF-8 sets the error. */
static int boooply__jw_utf8(boooply_json_writer_t *w, const char *s, size_t len) {
    size_t i, n;
    if (w->err) return 0;
    for (i = 0; i < len; i += n) {
        n = boooply__utf8_len((const unsigned char *)s + i, len - i);
        if (n == 0) {
            w->err = BOOOPLY_E_INVALID_ARGUMENT;
            return 0;
        }
    }
    return 1;
}

static void boooply__jw_quoted(boooply_json_writer_t *w, const char *s, size_t len) {
    static const char hex[] = "0123456789abcdef";
    const unsigned char *u = (const unsigned char *)s;
    size_t i, run = 0;
    boooply__jw_raw(w, "\"", 1);
    for (i = 0; i < len; i++) {
        unsigned char ch = u[i];
        char esc[6];
        size_t n = 2;
        if (ch >= 0x20 && ch != '"' && ch != '\\') {
            run++;
            continue;
        }
        boooply__jw_raw(w, s + i - run, run);
        run = 0;
        esc[0] = '\\';
        switch (ch) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            esc[1] = 'u';
            esc[2] = '0';
            esc[3] = '0';
            esc[4] = hex[ch >> 4];
            esc[5] = hex[ch & 15];
            n = 6;
        }
        boooply__jw_raw(w, esc, n);
    }
    boooply__jw_raw(w, s + len - run, run);
    boooply__jw_raw(w, "\"", 1);
}

BOOOPLY_DEF void boooply_json_write_key(boooply_json_writer_t *w, const char *key) {
    if (w->err) return;
    if (!key || w->depth == 0 || !((w->kinds >> (w->depth - 1)) & 1u) || w->after_key) {
        w->err = BOOOPLY_E_INVALID_ARGUMENT;
        return;
    }
    if (!boooply__jw_utf8(w, key, boooply__strlen(key))) return;
    if (!w->first) boooply__jw_raw(w, ",", 1);
    boooply__jw_quoted(w, key, boooply__strlen(key));
    boooply__jw_raw(w, ":", 1);
    w->first = 0;
    w->after_key = 1;
}

BOOOPLY_DEF void boooply_json_write_string_n(boooply_json_writer_t *w, const char *s, size_t len) {
    if (!s && len) {
        if (!w->err) w->err = BOOOPLY_E_INVALID_ARGUMENT;
        return;
    }
    if (!boooply__jw_utf8(w, s ? s : "", len) || !boooply__jw_value(w)) return;
    boooply__jw_quoted(w, s ? s : "", len);
}

BOOOPLY_DEF void boooply_json_write_string(boooply_json_writer_t *w, const char *s) {
    boooply_json_write_string_n(w, s, s ? boooply__strlen(s) : 0);
}

/* A non-negative int32 for the API bodies, without 64-bit division. */
static void boooply__jw_count(boooply_json_writer_t *w, int32_t value) {
    boooply__out_t o;
    if (!boooply__jw_value(w)) return;
    o.buf = w->buf;
    o.cap = w->cap;
    o.len = w->len;
    boooply__put_size(&o, value < 0 ? 0u : (size_t)value);
    w->len = o.len;
}

BOOOPLY_DEF void boooply_json_write_int(boooply_json_writer_t *w, int64_t value) {
    boooply__out_t o;
    uint64_t mag;
    if (!boooply__jw_value(w)) return;
    o.buf = w->buf;
    o.cap = w->cap;
    o.len = w->len;
    mag = value < 0 ? (uint64_t)0 - (uint64_t)value : (uint64_t)value;
    if (value < 0) boooply__putc(&o, '-');
    boooply__put_uint64(&o, mag);
    w->len = o.len;
}

BOOOPLY_DEF void boooply_json_write_bool(boooply_json_writer_t *w, int value) {
    if (!boooply__jw_value(w)) return;
    if (value)
        boooply__jw_raw(w, "true", 4);
    else
        boooply__jw_raw(w, "false", 5);
}

BOOOPLY_DEF void boooply_json_write_null(boooply_json_writer_t *w) {
    if (!boooply__jw_value(w)) return;
    boooply__jw_raw(w, "null", 4);
}

BOOOPLY_DEF boooply_err_t boooply_json_writer_finish(boooply_json_writer_t *w, size_t *len) {
    if (len) *len = w->len;
    if (w->err) return w->err;
    if (w->depth != 0 || w->after_key || w->first) return BOOOPLY_E_INVALID_ARGUMENT;
    if (w->buf && w->len > w->cap) return BOOOPLY_E_BUFFER_TOO_SMALL;
    return BOOOPLY_OK;
}

/* ------------------------------------------------------------ JSON reader */

static size_t boooply__skip_ws(const char *s, size_t i, size_t len) {
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++;
    return i;
}

/* Checks one string starting at the quote s[i]; returns the index after the
 * closing quote, or 0 when it is malformed or cut. */
static size_t boooply__check_string(const char *s, size_t i, size_t len) {
    const unsigned char *u = (const unsigned char *)s;
    for (i++; i < len;) {
        unsigned char ch = u[i];
        if (ch >= 0x20 && ch < 0x80 && ch != '"' && ch != '\\') {
            i++; /* plain ASCII, the common case */
            continue;
        }
        if (ch == '"') return i + 1;
        if (ch < 0x20) return 0; /* raw control characters are not allowed */
        if (ch == '\\') {
            if (i + 1 >= len) return 0;
            ch = u[i + 1];
            if (ch == 'u') {
                size_t k;
                if (len - i < 6) return 0;
                for (k = 2; k < 6; k++)
                    if (boooply__hex_value(u[i + k]) < 0) return 0;
                i += 6;
            } else if (ch == '"' || ch == '\\' || ch == '/' || ch == 'b' || ch == 'f' ||
                       ch == 'n' || ch == 'r' || ch == 't') {
                i += 2;
            } else {
                return 0;
            }
        } else {
            size_t n = boooply__utf8_len(u + i, len - i);
            if (n == 0) return 0;
            i += n;
        }
    }
    return 0;
}

/* Checks a number (RFC 8259 section 6); returns the index after it or 0. */
static size_t boooply__check_number(const char *s, size_t i, size_t len) {
    if (i < len && s[i] == '-') i++;
    if (i >= len) return 0;
    if (s[i] == '0') {
        i++;
    } else if (s[i] >= '1' && s[i] <= '9') {
        while (i < len && boooply__is_digit(s[i])) i++;
    } else {
        return 0;
    }
    if (i < len && s[i] == '.') {
        i++;
        if (i >= len || !boooply__is_digit(s[i])) return 0;
        while (i < len && boooply__is_digit(s[i])) i++;
    }
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-')) i++;
        if (i >= len || !boooply__is_digit(s[i])) return 0;
        while (i < len && boooply__is_digit(s[i])) i++;
    }
    /* A number cut by the end of the text looks complete here; the caller
     * finds the unclosed object or array around it. */
    return i;
}

enum { BOOOPLY__J_VALUE, BOOOPLY__J_VALUE_OR_CLOSE, BOOOPLY__J_KEY, BOOOPLY__J_KEY_OR_CLOSE,
       BOOOPLY__J_COLON, BOOOPLY__J_AFTER, BOOOPLY__J_END };

/* Validates the whole text in one pass without recursion, counting the
 * tokens jsmn will need (one per value and per key). jsmn alone accepts
 * literals such as "tru", trailing commas and two roots; this does not. */
static boooply_err_t boooply__json_validate(const char *s, size_t len, size_t *tokens) {
    unsigned char stack[(BOOOPLY_JSON_MAX_DEPTH + 7) / 8]; /* bit set: object */
    unsigned depth = 0;
    int state = BOOOPLY__J_VALUE;
    size_t i = 0, count = 0;
    for (;;) {
        int ch, close;
        i = boooply__skip_ws(s, i, len);
        if (i >= len) break;
        ch = (unsigned char)s[i];
        switch (state) {
        case BOOOPLY__J_KEY_OR_CLOSE:
        case BOOOPLY__J_KEY:
            if (ch == '}' && state == BOOOPLY__J_KEY_OR_CLOSE) goto close_container;
            if (ch != '"') return BOOOPLY_E_MALFORMED_JSON;
            i = boooply__check_string(s, i, len);
            if (!i) return BOOOPLY_E_MALFORMED_JSON;
            count++;
            state = BOOOPLY__J_COLON;
            continue;
        case BOOOPLY__J_COLON:
            if (ch != ':') return BOOOPLY_E_MALFORMED_JSON;
            i++;
            state = BOOOPLY__J_VALUE;
            continue;
        case BOOOPLY__J_AFTER:
            if (ch == ',') {
                i++;
                state = (stack[(depth - 1) / 8] >> ((depth - 1) % 8)) & 1 ? BOOOPLY__J_KEY
                                                                          : BOOOPLY__J_VALUE;
                continue;
            }
            goto close_container;
        case BOOOPLY__J_END:
            return BOOOPLY_E_MALFORMED_JSON; /* text after the root value */
        default: /* a value */
            if (ch == ']' && state == BOOOPLY__J_VALUE_OR_CLOSE) goto close_container;
            count++;
            if (ch == '{' || ch == '[') {
                unsigned bit = depth % 8;
                if (depth >= BOOOPLY_JSON_MAX_DEPTH) return BOOOPLY_E_JSON_LIMIT;
                if (ch == '{')
                    stack[depth / 8] = (unsigned char)(stack[depth / 8] | (1u << bit));
                else
                    stack[depth / 8] = (unsigned char)(stack[depth / 8] & ~(1u << bit));
                depth++;
                i++;
                state = ch == '{' ? BOOOPLY__J_KEY_OR_CLOSE : BOOOPLY__J_VALUE_OR_CLOSE;
                continue;
            }
            if (ch == '"') {
                i = boooply__check_string(s, i, len);
            } else if (ch == 't' || ch == 'f' || ch == 'n') {
                const char *word = ch == 't' ? "true" : ch == 'f' ? "false" : "null";
                size_t n = boooply__strlen(word);
                if (len - i < n || memcmp(s + i, word, n) != 0) return BOOOPLY_E_MALFORMED_JSON;
                i += n;
            } else {
                i = boooply__check_number(s, i, len);
            }
            /* "nulls" or "1x" leave a byte that the next state rejects. */
            if (!i) return BOOOPLY_E_MALFORMED_JSON;
            state = depth ? BOOOPLY__J_AFTER : BOOOPLY__J_END;
            continue;
        }
    close_container:
        close = ch == '}' ? 1 : ch == ']' ? 0 : -1;
        if (close < 0 || depth == 0 ||
            (int)((stack[(depth - 1) / 8] >> ((depth - 1) % 8)) & 1) != close)
            return BOOOPLY_E_MALFORMED_JSON;
        depth--;
        i++;
        state = depth ? BOOOPLY__J_AFTER : BOOOPLY__J_END;
    }
    if (state != BOOOPLY__J_END) return BOOOPLY_E_MALFORMED_JSON; /* empty or cut */
    *tokens = count;
    return BOOOPLY_OK;
}

static void boooply__put_utf8(char *out, size_t *n, uint32_t cp) {
    unsigned char *u = (unsigned char *)out + *n;
    if (cp < 0x80) {
        u[0] = (unsigned char)cp;
        *n += 1;
    } else if (cp < 0x800) {
        u[0] = (unsigned char)(0xC0 | (cp >> 6));
        u[1] = (unsigned char)(0x80 | (cp & 0x3F));
        *n += 2;
    } else if (cp < 0x10000) {
        u[0] = (unsigned char)(0xE0 | (cp >> 12));
        u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (unsigned char)(0x80 | (cp & 0x3F));
        *n += 3;
    } else {
        u[0] = (unsigned char)(0xF0 | (cp >> 18));
        u[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (unsigned char)(0x80 | (cp & 0x3F));
        *n += 4;
    }
}

static uint32_t boooply__hex4(const char *s) {
    uint32_t v = 0;
    int k;
    for (k = 0; k < 4; k++) v = (v << 4) | (uint32_t)boooply__hex_value((unsigned char)s[k]);
    return v;
}

/* Unescapes the validated string s[0..len) in place and returns its new
 * length. Every escape is at least as long as the UTF-8 it becomes, so the
 * output never overtakes the input. A lone surrogate becomes U+FFFD. */
static size_t boooply__unescape(char *s, size_t len) {
    size_t i = 0, n;
    while (i < len && s[i] != '\\') i++; /* most strings have no escape */
    n = i;
    while (i < len) {
        uint32_t cp;
        if (s[i] != '\\') {
            s[n++] = s[i++];
            continue;
        }
        switch (s[i + 1]) {
        case 'b': s[n++] = '\b'; i += 2; continue;
        case 'f': s[n++] = '\f'; i += 2; continue;
        case 'n': s[n++] = '\n'; i += 2; continue;
        case 'r': s[n++] = '\r'; i += 2; continue;
        case 't': s[n++] = '\t'; i += 2; continue;
        case 'u': break;
        default: s[n++] = s[i + 1]; i += 2; continue; /* " \ / */
        }
        cp = boooply__hex4(s + i + 2);
        i += 6;
        if (cp >= 0xD800 && cp <= 0xDBFF && len - i >= 6 && s[i] == '\\' && s[i + 1] == 'u') {
            uint32_t low = boooply__hex4(s + i + 2);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                i += 6;
            }
        }
        if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
        boooply__put_utf8(s, &n, cp);
    }
    return n;
}

BOOOPLY_DEF boooply_err_t boooply_json_parse(boooply_json_t *doc, char *text, size_t len,
                                             boooply_token_t *tokens, size_t token_count,
                                             size_t *needed_tokens) {
    jsmn_parser parser;
    boooply__tok_t *t = (boooply__tok_t *)tokens;
    size_t need = 0, capacity;
    boooply_err_t err;
    int count, k;
    if (needed_tokens) *needed_tokens = 0;
    if (!doc) return BOOOPLY_E_INVALID_ARGUMENT;
    memset(doc, 0, sizeof *doc);
    if (!text || len > (size_t)INT_MAX) return BOOOPLY_E_INVALID_ARGUMENT;
    err = boooply__json_validate(text, len, &need);
    if (err) return err;
    if (needed_tokens) *needed_tokens = need;
    capacity = tokens ? token_count * sizeof(boooply_token_t) / sizeof(jsmntok_t) : 0;
    if (capacity > (size_t)UINT_MAX) capacity = UINT_MAX;
    if (need > capacity) return BOOOPLY_E_TOO_MANY_TOKENS;
    jsmn_init(&parser);
    count = jsmn_parse(&parser, text, len, (jsmntok_t *)(void *)tokens, (unsigned)capacity);
    if (count < 0 || (size_t)count != need) return BOOOPLY_E_MALFORMED_JSON;
    for (k = 0; k < count; k++) {
        if (t[k].type == JSMN_STRING) {
            size_t n = boooply__unescape(text + t[k].start, (size_t)(t[k].end - t[k].start));
            text[(size_t)t[k].start + n] = '\0'; /* the closing quote's place or earlier */
            t[k].end = t[k].start + (int)n;
        } else if (t[k].type == JSMN_PRIMITIVE && (size_t)t[k].end < len) {
            /* The delimiter after a number or literal is no longer needed, so
             * its text becomes a C string too (all but a bare root value). */
            text[t[k].end] = '\0';
        }
    }
    doc->text = text;
    doc->len = len;
    doc->tokens = tokens;
    doc->count = count;
    return BOOOPLY_OK;
}

static const boooply__tok_t *boooply__tok(const boooply_json_t *doc, int value) {
    if (!doc || !doc->tokens || value < 0 || value >= doc->count) return NULL;
    return (const boooply__tok_t *)doc->tokens + value;
}

BOOOPLY_DEF boooply_json_type_t boooply_json_type(const boooply_json_t *doc, int value) {
    const boooply__tok_t *t = boooply__tok(doc, value);
    char ch;
    if (!t) return BOOOPLY_JSON_NONE;
    switch (t->type) {
    case JSMN_OBJECT: return BOOOPLY_JSON_OBJECT;
    case JSMN_ARRAY: return BOOOPLY_JSON_ARRAY;
    case JSMN_STRING: return BOOOPLY_JSON_STRING;
    default: break;
    }
    ch = doc->text[t->start];
    if (ch == 't' || ch == 'f') return BOOOPLY_JSON_BOOL;
    if (ch == 'n') return BOOOPLY_JSON_NULL;
    return BOOOPLY_JSON_NUMBER;
}

/* Index after the whole subtree at value, without recursion: each token
 * brings its size in direct children. */
static int boooply__skip(const boooply_json_t *doc, int value) {
    const boooply__tok_t *t = (const boooply__tok_t *)doc->tokens;
    long pending = 1;
    while (pending > 0 && value < doc->count) {
        pending += t[value].size;
        pending--;
        value++;
    }
    return value;
}

BOOOPLY_DEF int boooply_json_size(const boooply_json_t *doc, int value) {
    boooply_json_type_t type = boooply_json_type(doc, value);
    if (type != BOOOPLY_JSON_OBJECT && type != BOOOPLY_JSON_ARRAY) return 0;
    return boooply__tok(doc, value)->size;
}

BOOOPLY_DEF boooply_iter_t boooply_json_iter(const boooply_json_t *doc, int value) {
    boooply_iter_t it;
    it.doc = doc;
    it.next = value + 1;
    it.remaining = boooply_json_size(doc, value);
    return it;
}

BOOOPLY_DEF int boooply_json_next(boooply_iter_t *it, int *value) {
    const boooply__tok_t *t;
    if (!it || it->remaining <= 0) return 0;
    t = boooply__tok(it->doc, it->next);
    if (!t) return 0;
    *value = it->next;
    it->remaining--;
    /* An object member is a key token whose single child is the value. */
    it->next = boooply__skip(it->doc, it->next);
    return 1;
}

static int boooply__get_n(const boooply_json_t *doc, int obj, const char *key, size_t key_len) {
    boooply_iter_t it;
    int k, found = -1;
    if (boooply_json_type(doc, obj) != BOOOPLY_JSON_OBJECT || !key) return -1;
    it = boooply_json_iter(doc, obj);
    while (boooply_json_next(&it, &k)) {
        const boooply__tok_t *t = boooply__tok(doc, k);
        if ((size_t)(t->end - t->start) == key_len &&
            memcmp(doc->text + t->start, key, key_len) == 0 && k + 1 < doc->count)
            found = k + 1; /* keep going: the last repeated key wins */
    }
    return found;
}

BOOOPLY_DEF int boooply_json_get(const boooply_json_t *doc, int obj, const char *key) {
    return key ? boooply__get_n(doc, obj, key, boooply__strlen(key)) : -1;
}

BOOOPLY_DEF int boooply_json_path(const boooply_json_t *doc, int obj, const char *path) {
    const char *dot;
    if (!path) return -1;
    while ((dot = boooply__strchr(path, '.')) != NULL && obj >= 0) {
        obj = boooply__get_n(doc, obj, path, (size_t)(dot - path));
        path = dot + 1;
    }
    return obj >= 0 ? boooply__get_n(doc, obj, path, boooply__strlen(path)) : -1;
}

BOOOPLY_DEF boooply_err_t boooply_json_get_string(const boooply_json_t *doc, int value,
                                                  boooply_str_t *out) {
    boooply_json_type_t type = boooply_json_type(doc, value);
    const boooply__tok_t *t;
    out->ptr = NULL;
    out->len = 0;
    if (type == BOOOPLY_JSON_NONE || type == BOOOPLY_JSON_NULL) return BOOOPLY_E_NOT_FOUND;
    if (type != BOOOPLY_JSON_STRING) return BOOOPLY_E_UNEXPECTED_JSON;
    t = boooply__tok(doc, value);
    out->ptr = doc->text + t->start;
    out->len = (size_t)(t->end - t->start);
    return BOOOPLY_OK;
}

/* Splits a validated number into sign, up to 19 significant digits and a
 * decimal exponent; digits past 19 only move the exponent (*lost set when
 * one of them was not zero). */
static void boooply__number_parts(const char *s, size_t len, int *negative, uint64_t *mantissa,
                                  long *exponent, int *lost) {
    size_t i = 0;
    int digits = 0, fraction = 0, e_negative = 0;
    long exp = 0, e = 0;
    uint64_t m = 0;
    *lost = 0;
    *negative = len > 0 && s[0] == '-';
    if (*negative) i++;
    for (; i < len && (boooply__is_digit(s[i]) || s[i] == '.'); i++) {
        if (s[i] == '.') {
            fraction = 1;
        } else if (digits < 19) {
            m = m * 10u + (uint64_t)(s[i] - '0');
            if (m) digits++;
            if (fraction) exp--;
        } else {
            if (!fraction) exp++;
            if (s[i] != '0') *lost = 1;
        }
    }
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-')) e_negative = s[i++] == '-';
        for (; i < len && boooply__is_digit(s[i]); i++)
            if (e < 100000) e = e * 10 + (s[i] - '0'); /* saturates far past any range */
        exp += e_negative ? -e : e;
    }
    *mantissa = m;
    *exponent = exp;
}

static boooply_err_t boooply__number_token(const boooply_json_t *doc, int value,
                                           const char **s, size_t *len) {
    boooply_json_type_t type = boooply_json_type(doc, value);
    const boooply__tok_t *t;
    if (type == BOOOPLY_JSON_NONE || type == BOOOPLY_JSON_NULL) return BOOOPLY_E_NOT_FOUND;
    if (type != BOOOPLY_JSON_NUMBER) return BOOOPLY_E_UNEXPECTED_JSON;
    t = boooply__tok(doc, value);
    *s = doc->text + t->start;
    *len = (size_t)(t->end - t->start);
    return BOOOPLY_OK;
}

BOOOPLY_DEF boooply_err_t boooply_json_get_int64(const boooply_json_t *doc, int value,
                                                 int64_t *out) {
    const char *s;
    size_t len;
    int negative, lost;
    uint64_t m;
    long exp;
    boooply_err_t err = boooply__number_token(doc, value, &s, &len);
    if (err) return err;
    boooply__number_parts(s, len, &negative, &m, &exp, &lost);
    if (lost) return exp > 0 ? BOOOPLY_E_OUT_OF_RANGE : BOOOPLY_E_UNEXPECTED_JSON;
    for (; exp < 0 && m; exp++)
        if (boooply__div10(&m)) return BOOOPLY_E_UNEXPECTED_JSON; /* a fraction */
    for (; exp > 0 && m; exp--) {
        if (m > UINT64_MAX / 10u) return BOOOPLY_E_OUT_OF_RANGE;
        m *= 10u;
    }
    if (negative) {
        if (m > (uint64_t)INT64_MAX + 1u) return BOOOPLY_E_OUT_OF_RANGE;
        *out = m ? -(int64_t)(m - 1u) - 1 : 0;
    } else {
        if (m > (uint64_t)INT64_MAX) return BOOOPLY_E_OUT_OF_RANGE;
        *out = (int64_t)m;
    }
    return BOOOPLY_OK;
}

BOOOPLY_DEF boooply_err_t boooply_json_get_int32(const boooply_json_t *doc, int value,
                                                 int32_t *out) {
    int64_t v;
    boooply_err_t err = boooply_json_get_int64(doc, value, &v);
    if (err) return err;
    if (v < INT32_MIN || v > INT32_MAX) return BOOOPLY_E_OUT_OF_RANGE;
    *out = (int32_t)v;
    return BOOOPLY_OK;
}

BOOOPLY_DEF boooply_err_t boooply_json_get_double(const boooply_json_t *doc, int value,
                                                  double *out) {
    const char *s;
    size_t len;
    int negative, lost;
    uint64_t m;
    long exp;
    double v, scale = 10.0;
    unsigned long k;
    boooply_err_t err = boooply__number_token(doc, value, &s, &len);
    if (err) return err;
    boooply__number_parts(s, len, &negative, &m, &exp, &lost);
    if (m == 0) {
        *out = negative ? -0.0 : 0.0;
        return BOOOPLY_OK;
    }
    /* With m scaled to 19 digits, the largest double plus half a unit in
     * its last place is 1797693134862315807e290; anything larger is out of
     * range, and anything up to it rounds to a finite double. */
    {
        uint64_t m19 = m;
        long e19 = exp;
        while (m19 < UINT64_C(1000000000000000000)) {
            m19 *= 10u;
            e19--;
        }
        if (e19 + 18 > 308 || (e19 + 18 == 308 && m19 > UINT64_C(1797693134862315807)))
            return BOOOPLY_E_OUT_OF_RANGE;
        if (e19 + 18 < -400) {
            *out = negative ? -0.0 : 0.0; /* far below the smallest subnormal */
            return BOOOPLY_OK;
        }
    }
    v = (double)m;
    /* Binary powering keeps the rounding error to a few units in the last
     * place; not correctly rounded like strtod, but free of libc. Steps of
     * 10^300 keep each power finite at the edges of the range. */
    k = (unsigned long)(exp < 0 ? -exp : exp);
    while (k > 300) {
        v = exp < 0 ? v / 1e300 : v * 1e300;
        k -= 300;
    }
    {
        double p = 1.0;
        for (; k; k >>= 1, scale *= scale)
            if (k & 1u) p *= scale;
        v = exp < 0 ? v / p : v * p;
    }
    if (v > 1.7976931348623157e308) v = 1.7976931348623157e308; /* rounding error only */
    *out = negative ? -v : v;
    return BOOOPLY_OK;
}

BOOOPLY_DEF boooply_err_t boooply_json_get_bool(const boooply_json_t *doc, int value, int *out) {
    boooply_json_type_t type = boooply_json_type(doc, value);
    if (type == BOOOPLY_JSON_NONE || type == BOOOPLY_JSON_NULL) return BOOOPLY_E_NOT_FOUND;
    if (type != BOOOPLY_JSON_BOOL) return BOOOPLY_E_UNEXPECTED_JSON;
    *out = doc->text[boooply__tok(doc, value)->start] == 't';
    return BOOOPLY_OK;
}

/* ---------------------------------------------------------------- client */

static boooply_err_t boooply__fail(boooply_client_t *c, boooply_err_t err, const char *message) {
    c->last.message = message;
    BOOOPLY_LOG(BOOOPLY_LOG_ERROR, ("boooply: %s: %s", boooply_strerror(err), message));
    return err;
}

/* Characters a path prefix in the base URL may contain (RFC 3986 pchar and
 * '/', with '%' for escapes already made by the user). */
static int boooply__path_char(int ch) {
    return boooply__unreserved(ch) || ch == '/' || ch == '%' || ch == ':' || ch == '@' ||
           ch == '!' || ch == '$' || ch == '&' || ch == '\'' || ch == '(' || ch == ')' ||
           ch == '*' || ch == '+' || ch == ',' || ch == ';' || ch == '=';
}

/* Parses http[s]://host[:port][/prefix] into the client. */
static boooply_err_t boooply__parse_base_url(boooply_client_t *c, const char *url) {
    const char *p = url, *host, *host_end;
    size_t host_len, i;
    unsigned long port = 0;
    if (boooply__ieq(p, "https://", 8)) {
        c->secure = 1;
        p += 8;
    } else if (boooply__ieq(p, "http://", 7)) {
        c->secure = 0;
        p += 7;
    } else {
        return boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT,
                             BOOOPLY__MSG("base_url must start with http:// or https://"));
    }
    if (*p == '[') {
        host = ++p;
        while (boooply__hex_value((unsigned char)*p) >= 0 || *p == ':' || *p == '.') p++;
        if (*p != ']' || p == host)
            return boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT,
                                 BOOOPLY__MSG("base_url has an invalid bracketed IPv6 address"));
        host_end = p++;
    } else {
        host = p;
        while (boooply__unreserved((unsigned char)*p) && *p != '~') p++;
        host_end = p;
        if (host_end == host)
            return boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT, BOOOPLY__MSG("base_url has no host"));
    }
    if (*p == ':') {
        const char *digits = ++p;
        while (boooply__is_digit(*p) && port <= 65535) port = port * 10u + (unsigned)(*p++ - '0');
        if (p == digits || port == 0 || port > 65535)
            return boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT,
                                 BOOOPLY__MSG("base_url has an invalid port (1 to 65535)"));
    }
    if (*p != '\0' && *p != '/')
        return boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT,
                             BOOOPLY__MSG("base_url has an invalid character after the host or port"));
    c->prefix = p;
    for (i = 0; p[i]; i++)
        if (!boooply__path_char((unsigned char)p[i]))
            return boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT,
                                 BOOOPLY__MSG("base_url path has a character outside RFC 3986 (no query, fragment, space or control character)"));
    c->prefix_len = i;
    if (i > 0 && p[i - 1] == '/') c->prefix_len--; /* one trailing slash */
    host_len = (size_t)(host_end - host);
    if (host_len > BOOOPLY_HOST_MAX)
        return boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT,
                             BOOOPLY__MSG("base_url host is longer than BOOOPLY_HOST_MAX"));
    memcpy(c->host, host, host_len);
    c->host[host_len] = '\0';
    c->port_number = (uint16_t)(port ? port : (c->secure ? 443u : 80u));
    return BOOOPLY_OK;
}

/* An API key is an RFC 6750 b64token: 1*( ALPHA / DIGIT / "-" / "." / "_" /
 * "~" / "+" / "/" ) *"=". Anything else could inject header lines. */
static int boooply__valid_token(const char *key, size_t *len) {
    size_t i = 0;
    while (boooply__unreserved((unsigned char)key[i]) || key[i] == '+' || key[i] == '/') i++;
    if (i == 0) return 0;
    while (key[i] == '=') i++;
    *len = i;
    return key[i] == '\0';
}

static void boooply__reset_last(boooply_client_t *c) {
    memset(&c->last, 0, sizeof c->last);
    c->last.message = "";
    c->last.rate_limit = c->last.rate_remaining = c->last.rate_reset = -1;
    c->last.retry_after = -1;
    memset(&c->doc, 0, sizeof c->doc);
}

BOOOPLY_DEF boooply_err_t boooply_init(boooply_client_t *c, const boooply_config_t *cfg) {
    const boooply_port_t *port;
    boooply_err_t err;
    if (!c) return BOOOPLY_E_INVALID_ARGUMENT;
    memset(c, 0, sizeof *c);
    boooply__reset_last(c);
    if (!cfg) return boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT, BOOOPLY__MSG("config is NULL"));
    c->cfg = *cfg;
    port = &cfg->port;
    if (!cfg->base_url) return boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT, BOOOPLY__MSG("base_url is NULL"));
    err = boooply__parse_base_url(c, cfg->base_url);
    if (err) return err;
    if (!cfg->api_key || !boooply__valid_token(cfg->api_key, &c->key_len))
        return boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT,
                             BOOOPLY__MSG("api_key is missing or has a character not allowed in a Bearer token"));
    if (!cfg->buffer || cfg->buffer_size < 256)
        return boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT, BOOOPLY__MSG("buffer must hold at least 256 bytes"));
    if (!cfg->tokens || cfg->token_count < 8)
        return boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT, BOOOPLY__MSG("tokens must hold at least 8 tokens"));
    if (!port->connect || !port->send || !port->recv || !port->close || !port->now_ms)
        return boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT,
                             BOOOPLY__MSG("port needs connect, send, recv, close and now_ms"));
    if (c->secure && !(port->flags & BOOOPLY_PORT_SECURE))
        return boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT,
                             BOOOPLY__MSG("an https:// base_url needs a TLS port (BOOOPLY_PORT_SECURE)"));
    if (!c->secure && (port->flags & BOOOPLY_PORT_SECURE))
        return boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT,
                             BOOOPLY__MSG("a TLS port needs an https:// base_url"));
    if (c->cfg.timeout_ms == 0) c->cfg.timeout_ms = BOOOPLY_DEFAULT_TIMEOUT_MS;
    /* Jitter only spreads retries of many devices apart; it needs no
     * strength, just a non-zero seed that differs between clients. */
    c->jitter = (uint32_t)(port->now_ms(port->ctx) ^ (uint32_t)(uintptr_t)c) | 1u;
    return BOOOPLY_OK;
}

BOOOPLY_DEF void boooply_close(boooply_client_t *c) {
    if (!c) return;
    if (c->connected && c->cfg.port.close) c->cfg.port.close(c->cfg.port.ctx);
    c->connected = 0;
    c->reusable = 0;
    c->in_response = 0;
}

/* ------------------------------------------------------------------ HTTP */

/* FAILED: the body is malformed, and the bytes decoded before the fault
 * were delivered; the next read reports the fault. */
enum { BOOOPLY__H_STATUS, BOOOPLY__H_HEADERS, BOOOPLY__H_BODY, BOOOPLY__H_DONE, BOOOPLY__H_FAILED };
enum { BOOOPLY__F_NONE, BOOOPLY__F_LENGTH, BOOOPLY__F_CHUNKED, BOOOPLY__F_CLOSE };
enum { BOOOPLY__C_SIZE, BOOOPLY__C_SIZE_WS, BOOOPLY__C_EXT, BOOOPLY__C_SIZE_LF,
       BOOOPLY__C_DATA, BOOOPLY__C_DATA_CR, BOOOPLY__C_DATA_LF,
       BOOOPLY__C_TRAILER_START, BOOOPLY__C_TRAILER_LINE, BOOOPLY__C_TRAILER_LF };
/* http.flags */
#define BOOOPLY__HF_PENDING 1u   /* a header line waits for possible folds */
#define BOOOPLY__HF_INTERIM 2u   /* the current head is a 1xx response */
#define BOOOPLY__HF_CHUNKED 4u
#define BOOOPLY__HF_CLOSE 8u     /* Connection: close */
#define BOOOPLY__HF_KEEP 16u     /* Connection: keep-alive */
#define BOOOPLY__HF_DIGIT 32u    /* a chunk size has at least one digit */
#define BOOOPLY__HF_GOT_BYTE 64u /* some response byte arrived */

static char *boooply__buf(boooply_client_t *c) { return (char *)c->cfg.buffer; }

/* Milliseconds left before the call's deadline; 0 when it has passed. */
static uint32_t boooply__time_left(boooply_client_t *c) {
    uint32_t elapsed = c->cfg.port.now_ms(c->cfg.port.ctx) - c->started_ms;
    return elapsed >= c->cfg.timeout_ms ? 0 : c->cfg.timeout_ms - elapsed;
}

static boooply_err_t boooply__port_error(boooply_client_t *c, long r) {
    boooply_close(c);
    if (r == BOOOPLY_PORT_TLS)
        return boooply__fail(c, BOOOPLY_E_TLS, BOOOPLY__MSG("the TLS layer failed during the exchange"));
    return boooply__fail(c, BOOOPLY_E_TRANSPORT, BOOOPLY__MSG("the port failed or the peer reset the connection"));
}

static boooply_err_t boooply__timeout(boooply_client_t *c) {
    boooply_close(c);
    return boooply__fail(c, BOOOPLY_E_TIMEOUT, BOOOPLY__MSG("the call passed its deadline (timeout_ms)"));
}

/* Receives 1..len bytes before the deadline. Returns the count, or
 * BOOOPLY_PORT_EOF, or a negative port code with *err set. */
static long boooply__recv(boooply_client_t *c, void *p, size_t len, boooply_err_t *err) {
    *err = BOOOPLY_OK;
    for (;;) {
        uint32_t left = boooply__time_left(c);
        long r;
        if (left == 0) {
            *err = boooply__timeout(c);
            return BOOOPLY_PORT_ERROR;
        }
        r = c->cfg.port.recv(c->cfg.port.ctx, p, len, left);
        if (r > 0 && (unsigned long)r > len) {
            /* The port claims more than it was given room for. */
            boooply_close(c);
            *err = boooply__fail(c, BOOOPLY_E_TRANSPORT, BOOOPLY__MSG("the port returned more bytes than requested"));
            return BOOOPLY_PORT_ERROR;
        }
        if (r != 0) return r;
    }
}

static boooply_err_t boooply__send_all(boooply_client_t *c, const char *p, size_t len,
                                       size_t *sent) {
    size_t done = 0;
    while (done < len) {
        uint32_t left = boooply__time_left(c);
        long r;
        if (left == 0) return boooply__timeout(c);
        /* After a 0 the same pointer and length go again, as TLS needs. */
        r = c->cfg.port.send(c->cfg.port.ctx, p + done, len - done, left);
        if (r < 0) return boooply__port_error(c, r);
        if ((unsigned long)r > len - done) {
            boooply_close(c);
            return boooply__fail(c, BOOOPLY_E_TRANSPORT, BOOOPLY__MSG("the port sent more bytes than requested"));
        }
        done += (size_t)r;
        *sent += (size_t)r;
    }
    return BOOOPLY_OK;
}

static int boooply__tchar(int ch) {
    return boooply__unreserved(ch) || (ch && boooply__strchr("!#$%&'*+^`|", ch) != NULL);
}

/* Parses a decimal count of at most SIZE_MAX; 0 when it is not one. */
static int boooply__parse_size(const char *s, size_t len, size_t *out) {
    size_t i, v = 0;
    if (len == 0) return 0;
    for (i = 0; i < len; i++) {
        if (!boooply__is_digit(s[i])) return 0;
        if (v > (SIZE_MAX - 9u) / 10u) return 0;
        v = v * 10u + (size_t)(s[i] - '0');
    }
    *out = v;
    return 1;
}

/* Parses a decimal count from a header; -1 when it is not one. A count
 * above LONG_MAX saturates there rather than reading as absent, so that a
 * huge Retry-After still means "not soon". */
static long boooply__header_long(const char *s, size_t len) {
    long v = 0;
    size_t i;
    if (len == 0) return -1;
    for (i = 0; i < len; i++) {
        int d = s[i] - '0';
        if (!boooply__is_digit(s[i])) return -1;
        v = v > (LONG_MAX - d) / 10 ? LONG_MAX : v * 10 + d;
    }
    return v;
}

/* Content-Length may be a list of equal values (RFC 9110 section 8.6);
 * different values, or a value differing from an earlier header, are
 * malformed. */
static int boooply__content_length(boooply_http_t_ *h, const char *v, size_t len) {
    size_t i = 0;
    while (i < len) {
        size_t start = i, end, n;
        while (i < len && v[i] != ',') i++;
        end = i;
        while (start < end && (v[start] == ' ' || v[start] == '\t')) start++;
        while (end > start && (v[end - 1] == ' ' || v[end - 1] == '\t')) end--;
        if (!boooply__parse_size(v + start, end - start, &n)) return 0;
        if (h->have_length && n != h->content_length) return 0;
        h->have_length = 1;
        h->content_length = n;
        if (i < len) i++;
    }
    return h->have_length;
}

static int boooply__has_token(const char *v, size_t len, const char *token) {
    size_t n = boooply__strlen(token), i = 0;
    while (i < len) {
        size_t start, end;
        while (i < len && (v[i] == ' ' || v[i] == '\t' || v[i] == ',')) i++;
        start = i;
        while (i < len && v[i] != ',') i++;
        end = i;
        while (end > start && (v[end - 1] == ' ' || v[end - 1] == '\t')) end--;
        if (end - start == n && boooply__ieq(v + start, token, n)) return 1;
    }
    return 0;
}

/* Days from 1970-01-01 to a proleptic Gregorian date, counting in 400-year
 * eras of 146097 days from 0000-03-01. */
static int32_t boooply__days_from_civil(int32_t y, int32_t m, int32_t d) {
    int32_t era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Parses an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT", RFC 9110 section
 * 5.6.7) into Unix seconds; -1 for anything else, the obsolete forms too. */
static int64_t boooply__http_date(const char *s, size_t len) {
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    int day, year, h, mi, sec, month;
    if (len != 29 || s[3] != ',' || s[4] != ' ' || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' ||
        s[19] != ':' || s[22] != ':' || memcmp(s + 25, " GMT", 4) != 0 ||
        !boooply__digits(s + 5, 2, &day) || !boooply__digits(s + 12, 4, &year) ||
        !boooply__digits(s + 17, 2, &h) || !boooply__digits(s + 20, 2, &mi) ||
        !boooply__digits(s + 23, 2, &sec))
        return -1;
    for (month = 0; month < 12; month++)
        if (memcmp(months + 3 * month, s + 8, 3) == 0) break;
    if (month == 12 || day < 1 || day > 31 || h > 23 || mi > 59 || sec > 60) return -1;
    return (int64_t)boooply__days_from_civil(year, month + 1, day) * 86400 + (h * 3600 + mi * 60 + sec);
}

#define BOOOPLY__NAME_IS(lit) (name_len == sizeof(lit) - 1 && boooply__ieq(name, lit, name_len))

/* Handles one complete header field (folds already joined). */
static boooply_err_t boooply__header(boooply_client_t *c, char *line, size_t len) {
    boooply_http_t_ *h = &c->http;
    char *colon = (char *)boooply__memchr(line, ':', len);
    const char *name = line, *value;
    size_t name_len, value_len, i;
    if (!colon || colon == line)
        return boooply__fail(c, BOOOPLY_E_MALFORMED_RESPONSE, BOOOPLY__MSG("a header line has no name or no colon"));
    name_len = (size_t)(colon - line);
    for (i = 0; i < name_len; i++)
        if (!boooply__tchar((unsigned char)name[i]))
            return boooply__fail(c, BOOOPLY_E_MALFORMED_RESPONSE,
                                 BOOOPLY__MSG("a header name has a character outside RFC 9110 token"));
    value = colon + 1;
    value_len = len - name_len - 1;
    while (value_len && (*value == ' ' || *value == '\t')) value++, value_len--;
    while (value_len && (value[value_len - 1] == ' ' || value[value_len - 1] == '\t')) value_len--;
    if (h->flags & BOOOPLY__HF_INTERIM) return BOOOPLY_OK; /* 1xx headers are not reported */

    if (BOOOPLY__NAME_IS("content-length")) {
        if (!boooply__content_length(h, value, value_len))
            return boooply__fail(c, BOOOPLY_E_MALFORMED_RESPONSE,
                                 BOOOPLY__MSG("Content-Length is not a count, or two values differ"));
    } else if (BOOOPLY__NAME_IS("transfer-encoding")) {
        if ((h->flags & BOOOPLY__HF_CHUNKED) || value_len != 7 || !boooply__ieq(value, "chunked", 7))
            return boooply__fail(c, BOOOPLY_E_MALFORMED_RESPONSE,
                                 BOOOPLY__MSG("Transfer-Encoding other than a single chunked is not supported"));
        h->flags |= BOOOPLY__HF_CHUNKED;
    } else if (BOOOPLY__NAME_IS("connection")) {
        if (boooply__has_token(value, value_len, "close")) h->flags |= BOOOPLY__HF_CLOSE;
        if (boooply__has_token(value, value_len, "keep-alive")) h->flags |= BOOOPLY__HF_KEEP;
    } else if (BOOOPLY__NAME_IS("x-ratelimit-limit")) {
        c->last.rate_limit = boooply__header_long(value, value_len);
    } else if (BOOOPLY__NAME_IS("x-ratelimit-remaining")) {
        c->last.rate_remaining = boooply__header_long(value, value_len);
    } else if (BOOOPLY__NAME_IS("x-ratelimit-reset")) {
        c->last.rate_reset = boooply__header_long(value, value_len);
    } else if (BOOOPLY__NAME_IS("retry-after")) {
        /* delta-seconds, or an HTTP-date turned into seconds against the
         * response's Date at the end of the head, so no wall clock is needed */
        c->last.retry_after = boooply__header_long(value, value_len);
        if (c->last.retry_after < 0) h->retry_at = boooply__http_date(value, value_len);
    } else if (BOOOPLY__NAME_IS("date")) {
        h->date = boooply__http_date(value, value_len);
    }
    if (c->on_header) {
        boooply_str_t n, v;
        n.ptr = name;
        n.len = name_len;
        v.ptr = value;
        v.len = value_len;
        c->on_header(c->on_header_ctx, n, v);
    }
    return BOOOPLY_OK;
}

#undef BOOOPLY__NAME_IS

/* "HTTP/1.x SP 3DIGIT [SP reason]"; the reason may be empty or missing. */
static boooply_err_t boooply__status_line(boooply_client_t *c, const char *s, size_t len) {
    boooply_http_t_ *h = &c->http;
    size_t i;
    if (len < 12 || memcmp(s, "HTTP/1.", 7) != 0 || !boooply__is_digit(s[7]) || s[8] != ' ' ||
        !boooply__is_digit(s[9]) || !boooply__is_digit(s[10]) || !boooply__is_digit(s[11]) ||
        s[9] == '0' || (len > 12 && s[12] != ' '))
        return boooply__fail(c, BOOOPLY_E_MALFORMED_RESPONSE, BOOOPLY__MSG("the status line is not HTTP/1.x with a 3-digit code"));
    for (i = 13; i < len; i++)
        if (((unsigned char)s[i] < 0x20 && s[i] != '\t') || s[i] == 0x7F)
            return boooply__fail(c, BOOOPLY_E_MALFORMED_RESPONSE, BOOOPLY__MSG("the reason phrase has a control character"));
    h->version_minor = (uint8_t)(s[7] - '0');
    h->status = (s[9] - '0') * 100 + (s[10] - '0') * 10 + (s[11] - '0');
    h->have_length = 0;
    h->content_length = 0;
    h->flags = (uint8_t)((h->flags & BOOOPLY__HF_GOT_BYTE) |
                         (h->status < 200 ? BOOOPLY__HF_INTERIM : 0u));
    h->state = BOOOPLY__H_HEADERS;
    return BOOOPLY_OK;
}

/* Chooses the body framing once the header section has ended (RFC 9112
 * section 6.3). */
static boooply_err_t boooply__end_of_head(boooply_client_t *c) {
    boooply_http_t_ *h = &c->http;
    int keep = h->version_minor >= 1 ? !(h->flags & BOOOPLY__HF_CLOSE)
                                     : ((h->flags & BOOOPLY__HF_KEEP) && !(h->flags & BOOOPLY__HF_CLOSE));
    if (h->flags & BOOOPLY__HF_INTERIM) {
        h->state = BOOOPLY__H_STATUS; /* a final response follows */
        return BOOOPLY_OK;
    }
    c->last.http_status = h->status;
    if (c->last.retry_after < 0 && h->retry_at >= 0 && h->date >= 0) {
        int64_t wait = h->retry_at - h->date;
        c->last.retry_after = wait <= 0 ? 0 : wait > LONG_MAX ? LONG_MAX : (long)wait;
    }
    h->keep_alive = (uint8_t)keep;
    h->body_total = 0;
    if ((h->flags & BOOOPLY__HF_CHUNKED) && h->have_length)
        return boooply__fail(c, BOOOPLY_E_MALFORMED_RESPONSE,
                             BOOOPLY__MSG("the response has both Transfer-Encoding and Content-Length"));
    if (h->head || h->status == 204 || h->status == 304) {
        h->framing = BOOOPLY__F_NONE;
        h->state = BOOOPLY__H_DONE;
    } else if (h->flags & BOOOPLY__HF_CHUNKED) {
        h->framing = BOOOPLY__F_CHUNKED;
        h->chunk_state = BOOOPLY__C_SIZE;
        h->remaining = 0;
        h->flags &= (uint8_t)~BOOOPLY__HF_DIGIT;
        h->state = BOOOPLY__H_BODY;
    } else if (h->have_length) {
        h->framing = BOOOPLY__F_LENGTH;
        h->remaining = h->content_length;
        h->state = h->remaining ? BOOOPLY__H_BODY : BOOOPLY__H_DONE;
    } else {
        h->framing = BOOOPLY__F_CLOSE; /* the body ends when the server closes */
        h->keep_alive = 0;
        h->state = BOOOPLY__H_BODY;
    }
    return BOOOPLY_OK;
}

/* Handles one line of the head, [start, end) without its line ending. */
static boooply_err_t boooply__head_line(boooply_client_t *c, size_t start, size_t end) {
    boooply_http_t_ *h = &c->http;
    char *buf = boooply__buf(c);
    size_t i;
    int fold;
    if (h->state == BOOOPLY__H_STATUS) {
        if (start == end && !(h->flags & BOOOPLY__HF_INTERIM))
            return boooply__fail(c, BOOOPLY_E_MALFORMED_RESPONSE, BOOOPLY__MSG("the response starts with an empty line"));
        return boooply__status_line(c, buf + start, end - start);
    }
    fold = start < end && (buf[start] == ' ' || buf[start] == '\t');
    if (!fold && (h->flags & BOOOPLY__HF_PENDING)) {
        /* A line that is no fold completes the pending field. It is handled
         * before this line is checked, so that the fields reported before a
         * malformed line do not depend on how the bytes were split. */
        boooply_err_t err;
        h->flags &= (uint8_t)~BOOOPLY__HF_PENDING;
        err = boooply__header(c, buf + h->pending, h->pending_end - h->pending);
        if (err) return err;
    }
    for (i = start; i < end; i++)
        if (((unsigned char)buf[i] < 0x20 && buf[i] != '\t') || buf[i] == 0x7F)
            return boooply__fail(c, BOOOPLY_E_MALFORMED_RESPONSE,
                                 BOOOPLY__MSG("a header line has a control character (a bare CR or NUL)"));
    if (fold) {
        /* obs-fold: the line continues the previous field; RFC 9112
         * section 5.2 says to replace the fold with one space. */
        size_t from = start, to = end;
        if (!(h->flags & BOOOPLY__HF_PENDING))
            return boooply__fail(c, BOOOPLY_E_MALFORMED_RESPONSE, BOOOPLY__MSG("a folded line comes before any header"));
        while (from < to && (buf[from] == ' ' || buf[from] == '\t')) from++;
        while (to > from && (buf[to - 1] == ' ' || buf[to - 1] == '\t')) to--;
        if (to > from) {
            /* The fold's line ending lies between, so the copy only moves down. */
            buf[h->pending_end] = ' ';
            memmove(buf + h->pending_end + 1, buf + from, to - from);
            h->pending_end += 1 + (to - from);
        }
        return BOOOPLY_OK;
    }
    if (start == end) return boooply__end_of_head(c);
    h->pending = start;
    h->pending_end = end;
    h->flags |= BOOOPLY__HF_PENDING;
    return BOOOPLY_OK;
}

/* Receives and parses the status line and headers, skipping 1xx responses.
 * The head is parsed inside the client's buffer; complete lines are dropped
 * as it fills, so only the longest header field must fit. Body bytes that
 * arrive with the head stay buffered at [raw_pos, raw_end). */
static boooply_err_t boooply__read_head(boooply_client_t *c) {
    boooply_http_t_ *h = &c->http;
    char *buf = boooply__buf(c);
    size_t cap = c->cfg.buffer_size;
    for (;;) {
        boooply_err_t err;
        long r;
        while (h->state == BOOOPLY__H_STATUS || h->state == BOOOPLY__H_HEADERS) {
            char *lf = (char *)boooply__memchr(buf + h->scan, '\n', h->fill - h->scan);
            size_t end, next;
            if (!lf) break;
            end = (size_t)(lf - buf);
            next = end + 1;
            if (end > h->line && buf[end - 1] == '\r') end--; /* a bare LF also ends a line */
            err = boooply__head_line(c, h->line, end);
            if (err) return err;
            h->line = h->scan = next;
        }
        if (h->state == BOOOPLY__H_BODY || h->state == BOOOPLY__H_DONE) {
            h->raw_pos = h->line;
            h->raw_end = h->fill;
            return BOOOPLY_OK;
        }
        h->scan = h->fill;
        if ((h->flags & BOOOPLY__HF_PENDING) && h->line < h->fill && buf[h->line] != ' ' &&
            buf[h->line] != '\t') {
            /* The next line has begun and is no fold, so the pending field
             * is complete: handle it now and free its room. */
            h->flags &= (uint8_t)~BOOOPLY__HF_PENDING;
            err = boooply__header(c, buf + h->pending, h->pending_end - h->pending);
            if (err) return err;
        }
        {
            /* Drop what is finished: keep the pending field and this line. */
            size_t keep = (h->flags & BOOOPLY__HF_PENDING) ? h->pending : h->line;
            if (keep > 0) {
                memmove(buf, buf + keep, h->fill - keep);
                h->fill -= keep;
                h->scan -= keep;
                h->line -= keep;
                if (h->flags & BOOOPLY__HF_PENDING) {
                    h->pending -= keep;
                    h->pending_end -= keep;
                }
            }
        }
        if (h->fill == cap) {
            boooply_close(c);
            c->last.needed = cap + 1;
            return boooply__fail(c, BOOOPLY_E_RESPONSE_TOO_LARGE,
                                 BOOOPLY__MSG("a response header field is longer than the buffer"));
        }
        r = boooply__recv(c, buf + h->fill, cap - h->fill, &err);
        if (err) return err;
        if (r < 0) {
            if (!(h->flags & BOOOPLY__HF_GOT_BYTE)) {
                boooply_close(c);
                return boooply__fail(c, BOOOPLY_E_CLOSED,
                                     BOOOPLY__MSG("the server closed the connection before responding"));
            }
            if (r == BOOOPLY_PORT_EOF || r == BOOOPLY_PORT_UNCLEAN_EOF) {
                boooply_close(c);
                return boooply__fail(c, BOOOPLY_E_TRUNCATED, BOOOPLY__MSG("the connection closed inside the response head"));
            }
            return boooply__port_error(c, r);
        }
        h->flags |= BOOOPLY__HF_GOT_BYTE;
        h->fill += (size_t)r;
    }
}

/* Decodes n raw body bytes at in into out, which may be in itself: the
 * output never gets ahead of the input. Consumes all n bytes; *produced is
 * the data written. Bytes after the end of the body make the connection
 * unusable for another request. */
/* Fails the body as malformed. When the same decode step already produced
 * decoded bytes before the fault, they are delivered first and the next
 * read fails, so what a streaming reader gets does not depend on how the
 * bytes were split. */
static boooply_err_t boooply__bad_chunk(boooply_client_t *c, size_t decoded, size_t *produced,
                                        const char *message) {
    if (decoded == 0) return boooply__fail(c, BOOOPLY_E_MALFORMED_RESPONSE, message);
    c->http.state = BOOOPLY__H_FAILED;
    c->http.bad_body = message;
    c->http.body_total += decoded;
    *produced = decoded;
    return BOOOPLY_OK;
}

static boooply_err_t boooply__decode(boooply_client_t *c, const char *in, size_t n, char *out,
                                     size_t *produced) {
    boooply_http_t_ *h = &c->http;
    size_t i = 0, o = 0;
    if (h->framing != BOOOPLY__F_CHUNKED) {
        size_t take = n;
        if (h->framing == BOOOPLY__F_LENGTH && take > h->remaining) take = h->remaining;
        if (out != in) memmove(out, in, take);
        o = take;
        i = n;
        if (h->framing == BOOOPLY__F_LENGTH) {
            h->remaining -= take;
            if (h->remaining == 0) h->state = BOOOPLY__H_DONE;
            if (take < n) h->keep_alive = 0; /* the server sent more than it declared */
        }
    }
    while (i < n && h->state == BOOOPLY__H_BODY) {
        unsigned char ch = (unsigned char)in[i];
        int d;
        switch (h->chunk_state) {
        case BOOOPLY__C_SIZE:
            d = boooply__hex_value(ch);
            if (d >= 0) {
                if (h->remaining > (SIZE_MAX >> 4))
                    return boooply__bad_chunk(c, o, produced, BOOOPLY__MSG("a chunk size overflows"));
                h->remaining = (h->remaining << 4) | (size_t)d;
                h->flags |= BOOOPLY__HF_DIGIT;
                i++;
                continue;
            }
            if (!(h->flags & BOOOPLY__HF_DIGIT))
                return boooply__bad_chunk(c, o, produced, BOOOPLY__MSG("a chunk size line has no hex digit"));
            h->chunk_state = BOOOPLY__C_SIZE_WS;
            continue; /* look at this byte again */
        case BOOOPLY__C_SIZE_WS:
            if (ch == ' ' || ch == '\t') { i++; continue; } /* BWS before ';' */
            if (ch == ';') { h->chunk_state = BOOOPLY__C_EXT; i++; continue; }
            if (ch == '\r') { h->chunk_state = BOOOPLY__C_SIZE_LF; i++; continue; }
            if (ch != '\n')
                return boooply__bad_chunk(c, o, produced, BOOOPLY__MSG("a chunk size line has a stray character"));
            /* A bare LF ends the line too. */
            /* fall through */
        case BOOOPLY__C_SIZE_LF:
            if (ch != '\n')
                return boooply__bad_chunk(c, o, produced, BOOOPLY__MSG("a chunk size line lacks its LF"));
            i++;
            h->flags &= (uint8_t)~BOOOPLY__HF_DIGIT;
            h->chunk_state = h->remaining ? BOOOPLY__C_DATA : BOOOPLY__C_TRAILER_START;
            continue;
        case BOOOPLY__C_EXT:
            /* Extensions are ignored (RFC 9112 section 7.1.1); a quoted
             * string cannot hold a line ending, so the line ends at LF. */
            if (ch == '\n') {
                h->chunk_state = BOOOPLY__C_SIZE_LF;
                continue;
            }
            if (ch < 0x20 && ch != '\t' && ch != '\r')
                return boooply__bad_chunk(c, o, produced, BOOOPLY__MSG("a chunk extension has a control character"));
            i++;
            continue;
        case BOOOPLY__C_DATA: {
            size_t take = n - i;
            if (take > h->remaining) take = h->remaining;
            memmove(out + o, in + i, take);
            o += take;
            i += take;
            h->remaining -= take;
            if (h->remaining == 0) h->chunk_state = BOOOPLY__C_DATA_CR;
            continue;
        }
        case BOOOPLY__C_DATA_CR:
            if (ch == '\r') { h->chunk_state = BOOOPLY__C_DATA_LF; i++; continue; }
            /* fall through */
        case BOOOPLY__C_DATA_LF:
            if (ch != '\n')
                return boooply__bad_chunk(c, o, produced, BOOOPLY__MSG("chunk data is longer than its size"));
            h->chunk_state = BOOOPLY__C_SIZE;
            i++;
            continue;
        case BOOOPLY__C_TRAILER_START:
            /* Trailer fields are read and dropped (RFC 9112 section 7.1.2). */
            if (ch == '\r') { h->chunk_state = BOOOPLY__C_TRAILER_LF; i++; continue; }
            if (ch == '\n') { h->state = BOOOPLY__H_DONE; i++; continue; }
            h->chunk_state = BOOOPLY__C_TRAILER_LINE;
            continue;
        case BOOOPLY__C_TRAILER_LINE:
            if (ch == '\n') h->chunk_state = BOOOPLY__C_TRAILER_START;
            i++;
            continue;
        default: /* BOOOPLY__C_TRAILER_LF */
            if (ch != '\n')
                return boooply__bad_chunk(c, o, produced, BOOOPLY__MSG("the chunked body ends without CRLF"));
            h->state = BOOOPLY__H_DONE;
            i++;
            continue;
        }
    }
    if (i < n) h->keep_alive = 0; /* bytes after the last chunk */
    h->body_total += o;
    *produced = o;
    return BOOOPLY_OK;
}

/* Marks the response complete; keeps the connection only when its framing
 * ended cleanly and the server allows reuse. */
static void boooply__finish(boooply_client_t *c) {
    c->in_response = 0;
    if (c->http.raw_pos < c->http.raw_end) c->http.keep_alive = 0; /* unread bytes */
    if (c->http.state != BOOOPLY__H_DONE || !c->http.keep_alive)
        boooply_close(c);
    else
        c->reusable = 1;
}

/* Reads the next piece of body into dst (cap >= 1). *got 0 means the end. */
static boooply_err_t boooply__body_piece(boooply_client_t *c, char *dst, size_t cap, size_t *got) {
    boooply_http_t_ *h = &c->http;
    boooply_err_t err;
    *got = 0;
    if (h->state == BOOOPLY__H_FAILED) {
        boooply_close(c);
        return boooply__fail(c, BOOOPLY_E_MALFORMED_RESPONSE, h->bad_body);
    }
    while (h->state == BOOOPLY__H_BODY) {
        size_t produced = 0;
        long r;
        if (h->raw_pos < h->raw_end) {
            size_t take = h->raw_end - h->raw_pos;
            if (take > cap) take = cap;
            err = boooply__decode(c, boooply__buf(c) + h->raw_pos, take, dst, &produced);
            if (err) return err;
            h->raw_pos += take;
        } else {
            size_t want = cap;
            if (h->framing == BOOOPLY__F_LENGTH && want > h->remaining) want = h->remaining;
            r = boooply__recv(c, dst, want, &err);
            if (err) return err;
            if (r == BOOOPLY_PORT_EOF && h->framing == BOOOPLY__F_CLOSE) {
                h->state = BOOOPLY__H_DONE;
                break;
            }
            if (r == BOOOPLY_PORT_EOF || r == BOOOPLY_PORT_UNCLEAN_EOF) {
                /* Without a clean close a close-delimited body may be cut
                 * anywhere, so it cannot be trusted either. */
                boooply_close(c);
                return boooply__fail(c, BOOOPLY_E_TRUNCATED,
                                     BOOOPLY__MSG("the connection closed before the body's declared end"));
            }
            if (r < 0) return boooply__port_error(c, r);
            err = boooply__decode(c, dst, (size_t)r, dst, &produced);
            if (err) return err;
        }
        if (produced) {
            *got = produced;
            return BOOOPLY_OK;
        }
    }
    return BOOOPLY_OK;
}

/* One request as the API layer describes it. The path is prefix + path +
 * encoded segment + tail + encoded segment2; pieces may be NULL. */
typedef struct boooply__req {
    const char *method;
    const char *path;
    const char *segment;
    const char *tail;
    const char *segment2;
    const boooply_query_t *query;
    size_t query_count;
    int has_body;
    size_t body_len;
} boooply__req_t;

/* A path segment must not be empty, "." or "..": servers and proxies
 * remove dot-segments even when escaped, so those would address another
 * resource. */
static int boooply__valid_segment(const char *s) {
    return s && s[0] && !boooply__streq(s, ".") && !boooply__streq(s, "..");
}

static int boooply__valid_method(const char *m) {
    size_t i;
    if (!m || !m[0]) return 0;
    for (i = 0; m[i]; i++)
        if (!boooply__tchar((unsigned char)m[i])) return 0;
    return 1;
}

/* A literal path from the caller: visible ASCII, starting with '/', with
 * no '?' or '#' (queries go through boooply_query_t). */
static int boooply__valid_path(const char *p) {
    size_t i;
    if (!p || p[0] != '/') return 0;
    for (i = 0; p[i]; i++)
        if ((unsigned char)p[i] <= 0x20 || (unsigned char)p[i] >= 0x7F || p[i] == '?' || p[i] == '#')
            return 0;
    return 1;
}

/* Writes the request line and headers. Arguments were checked before. */
static void boooply__write_head(boooply_client_t *c, boooply__out_t *o, const boooply__req_t *r) {
    size_t i;
    int first = 1;
    boooply__puts(o, r->method);
    boooply__putc(o, ' ');
    boooply__put(o, c->prefix, c->prefix_len);
    boooply__puts(o, r->path);
    if (r->segment) boooply__put_encoded(o, r->segment, boooply__strlen(r->segment));
    if (r->tail) boooply__puts(o, r->tail);
    if (r->segment2) boooply__put_encoded(o, r->segment2, boooply__strlen(r->segment2));
    for (i = 0; i < r->query_count; i++) {
        if (!r->query[i].value) continue;
        boooply__putc(o, first ? '?' : '&');
        first = 0;
        boooply__put_encoded(o, r->query[i].name, boooply__strlen(r->query[i].name));
        boooply__putc(o, '=');
        boooply__put_encoded(o, r->query[i].value, boooply__strlen(r->query[i].value));
    }
    boooply__puts(o, " HTTP/1.1\r\nHost: ");
    if (boooply__strchr(c->host, ':')) {
        boooply__putc(o, '[');
        boooply__puts(o, c->host);
        boooply__putc(o, ']');
    } else {
        boooply__puts(o, c->host);
    }
    if (c->port_number != (c->secure ? 443 : 80)) {
        boooply__putc(o, ':');
        boooply__put_size(o, c->port_number);
    }
    boooply__puts(o, "\r\nAuthorization: Bearer ");
    boooply__put(o, c->cfg.api_key, c->key_len);
    boooply__puts(o, "\r\nUser-Agent: boooply-c/" BOOOPLY_VERSION
                     "\r\nX-SDK-Version: " BOOOPLY_VERSION
                     "\r\nAccept: application/json\r\n");
    if (r->has_body) boooply__puts(o, "Content-Type: application/json\r\n");
    if (r->has_body || boooply__streq(r->method, "POST") || boooply__streq(r->method, "PUT") ||
        boooply__streq(r->method, "PATCH")) {
        boooply__puts(o, "Content-Length: ");
        boooply__put_size(o, r->has_body ? r->body_len : 0);
        boooply__puts(o, "\r\n");
    }
    boooply__puts(o, "Connection: keep-alive\r\n\r\n");
}

/* Sends head (and body, when not NULL) and reads the response head. A
 * reused connection that turns out to be closed is replaced once: always
 * when no byte of the request went out, and after that only for idempotent
 * methods, so a POST is never sent twice. */
static boooply_err_t boooply__exchange(boooply_client_t *c, const char *head, size_t head_len,
                                       const char *body, size_t body_len, int idempotent) {
    int attempt;
    for (attempt = 0;; attempt++) {
        boooply_err_t err;
        size_t sent = 0;
        int reused = 0;
        if (c->connected && !c->reusable) boooply_close(c);
        if (c->connected) {
            /* A stale keep-alive connection shows as EOF or an error here;
             * stray bytes from the server make it unusable too. */
            char probe;
            long r = c->cfg.port.recv(c->cfg.port.ctx, &probe, 1, 0);
            if (r != 0) {
                BOOOPLY_LOG(BOOOPLY_LOG_INFO, ("boooply: idle connection closed by the server (%ld)", r));
                boooply_close(c);
            } else {
                reused = 1;
            }
        }
        if (!c->connected) {
            uint32_t left = boooply__time_left(c);
            int r;
            if (left == 0) return boooply__timeout(c);
            r = c->cfg.port.connect(c->cfg.port.ctx, c->host, c->port_number, left);
            if (r != 0) {
                c->cfg.port.close(c->cfg.port.ctx);
                if (r == BOOOPLY_PORT_TIMEOUT) return boooply__timeout(c);
                if (r == BOOOPLY_PORT_TLS)
                    return boooply__fail(c, BOOOPLY_E_TLS, BOOOPLY__MSG("the TLS handshake or certificate check failed"));
                if (r == BOOOPLY_PORT_RESOLVE)
                    return boooply__fail(c, BOOOPLY_E_CONNECT, BOOOPLY__MSG("the host name did not resolve"));
                if (r == BOOOPLY_PORT_REFUSED)
                    return boooply__fail(c, BOOOPLY_E_CONNECT, BOOOPLY__MSG("the server refused the connection"));
                return boooply__fail(c, BOOOPLY_E_CONNECT, BOOOPLY__MSG("the port could not connect"));
            }
            c->connected = 1;
            c->reusable = 0;
            c->last.reconnects++;
        }
        c->in_response = 0;
        err = boooply__send_all(c, head, head_len, &sent);
        if (!err && body && body_len) err = boooply__send_all(c, body, body_len, &sent);
        if (sent) c->sent_any = 1;
        if (err) {
            boooply_close(c);
            if (reused && sent == 0 && attempt == 0 && err != BOOOPLY_E_TIMEOUT) continue;
            return err;
        }
        memset(&c->http, 0, sizeof c->http);
        c->http.date = c->http.retry_at = -1;
        if (head_len >= 5 && memcmp(head, "HEAD ", 5) == 0) c->http.head = 1;
        err = boooply__read_head(c);
        if (err == BOOOPLY_E_CLOSED && reused && idempotent && attempt == 0) {
            /* No response byte arrived, so the request bytes are still in
             * the buffer; send them again on a new connection. */
            BOOOPLY_LOG(BOOOPLY_LOG_INFO, ("boooply: repeating an idempotent request on a new connection"));
            continue;
        }
        if (err) {
            boooply_close(c);
            return err;
        }
        c->reusable = 0;
        c->in_response = 1;
        return BOOOPLY_OK;
    }
}

static int boooply__idempotent(const char *method) {
    return boooply__streq(method, "GET") || boooply__streq(method, "DELETE") ||
           boooply__streq(method, "HEAD") || boooply__streq(method, "PUT") ||
           boooply__streq(method, "OPTIONS");
}

static void boooply__begin_call(boooply_client_t *c) {
    if (c->in_response) boooply_close(c); /* an unfinished response */
    boooply__reset_last(c);
    c->started_ms = c->cfg.port.now_ms(c->cfg.port.ctx);
}

/* Checks the request, writes it into the buffer (body after the head, when
 * body_fn is given) and starts the exchange. */
typedef void (*boooply__body_fn)(boooply_json_writer_t *w, const void *arg);

static boooply_err_t boooply__start(boooply_client_t *c, boooply__req_t *r,
                                    boooply__body_fn body_fn, const void *arg,
                                    const char *ext_body, size_t ext_len) {
    boooply__out_t o;
    boooply_json_writer_t w;
    char *buf = boooply__buf(c);
    size_t head_len, total;
    size_t i;
    for (i = 0; i < r->query_count; i++)
        if (!r->query[i].name || !r->query[i].name[0])
            return boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT, BOOOPLY__MSG("a query parameter has no name"));
    if (body_fn) {
        boooply_json_writer_init(&w, NULL, 0);
        body_fn(&w, arg);
        if (boooply_json_writer_finish(&w, &r->body_len) != BOOOPLY_OK)
            return boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT, BOOOPLY__MSG("a string field is not valid UTF-8"));
        r->has_body = 1;
    } else if (ext_body) {
        r->has_body = 1;
        r->body_len = ext_len;
    }
    o.buf = NULL;
    o.cap = 0;
    o.len = 0;
    boooply__write_head(c, &o, r);
    head_len = o.len;
    total = head_len + (body_fn ? r->body_len : 0);
    if (total < head_len || total > c->cfg.buffer_size) {
        c->last.needed = total < head_len ? SIZE_MAX : total;
        return boooply__fail(c, BOOOPLY_E_BUFFER_TOO_SMALL, BOOOPLY__MSG("the request does not fit the buffer"));
    }
    o.buf = buf;
    o.cap = c->cfg.buffer_size;
    o.len = 0;
    boooply__write_head(c, &o, r);
    if (body_fn) {
        boooply_json_writer_init(&w, buf + head_len, r->body_len);
        body_fn(&w, arg);
    }
    return boooply__exchange(c, buf, total, body_fn ? NULL : ext_body, body_fn ? 0 : ext_len,
                             boooply__idempotent(r->method));
}

/* Milliseconds to wait before retrying after err, or -1 for no retry. */
static long boooply__retry_delay(boooply_client_t *c, const char *method, unsigned attempt,
                                 boooply_err_t err) {
    int status = c->last.http_status;
    int idempotent = boooply__streq(method, "GET") || boooply__streq(method, "DELETE");
    int max = c->cfg.max_retries == 0 ? 2 : c->cfg.max_retries > 10 ? 10 : c->cfg.max_retries;
    uint32_t base = c->cfg.retry_base_ms ? c->cfg.retry_base_ms : 500u;
    uint32_t cap = c->cfg.retry_max_ms ? c->cfg.retry_max_ms : 10000u;
    uint32_t backoff, left = boooply__time_left(c);
    long wait = -1;
    if (c->cfg.max_retries < 0 || (int)attempt >= max || !c->cfg.port.sleep_ms) return -1;
    switch (err) {
    case BOOOPLY_E_CONNECT:
    case BOOOPLY_E_TRANSPORT:
    case BOOOPLY_E_CLOSED:
    case BOOOPLY_E_TRUNCATED:
        if (c->sent_any && !idempotent) return -1; /* it may have been processed */
        break;
    case BOOOPLY_E_HTTP_STATUS:
        if (!idempotent) return -1;
        if (status != 429 && status != 500 && status != 502 && status != 503 && status != 504) return -1;
        if ((status == 429 || status == 503) && c->last.retry_after >= 0)
            wait = c->last.retry_after > LONG_MAX / 1000 ? LONG_MAX : c->last.retry_after * 1000;
        else if (status == 429 && c->last.rate_reset >= 0 && c->http.date >= 0 &&
                 c->last.rate_reset > c->http.date && c->last.rate_reset - c->http.date <= 86400)
            wait = (long)(c->last.rate_reset - c->http.date) * 1000;
        break;
    default:
        return -1;
    }
    if (wait < 0) {
        /* Exponential backoff with jitter: a random wait between half and
         * all of base * 2^attempt, capped. */
        backoff = attempt >= 16 || base > (cap >> attempt) ? cap : base << attempt;
        c->jitter ^= c->jitter << 13;
        c->jitter ^= c->jitter >> 17;
        c->jitter ^= c->jitter << 5;
        wait = (long)(backoff / 2u + (backoff > 1u ? c->jitter % (backoff / 2u + 1u) : 0u));
    }
    /* The server's own wait is obeyed even when long; one past the
     * deadline ends the call now rather than later. */
    if ((unsigned long)wait >= left) return -1;
    return wait;
}

/* Runs start and then finish (none for a streamed request, so that it
 * links without the JSON reader), and repeats both while
 * boooply__retry_delay allows, sleeping through the port. */
static boooply_err_t boooply__perform(boooply_client_t *c, boooply__req_t *r, boooply__body_fn body_fn,
                                      const void *arg, const char *ext_body, size_t ext_len,
                                      boooply_err_t (*finish)(boooply_client_t *c)) {
    unsigned attempt;
    for (attempt = 0;; attempt++) {
        boooply_err_t err;
        long wait;
        unsigned reconnects = c->last.reconnects;
        c->sent_any = 0;
        err = boooply__start(c, r, body_fn, arg, ext_body, ext_len);
        if (!err && finish) err = finish(c);
        if (!err) return BOOOPLY_OK;
        wait = !finish && err == BOOOPLY_E_HTTP_STATUS ? -1 : boooply__retry_delay(c, r->method, attempt, err);
        if (wait < 0) return err;
        BOOOPLY_LOG(BOOOPLY_LOG_INFO, ("boooply: %s (HTTP %d); retry %u in %ld ms", boooply_strerror(err),
                                       c->last.http_status, attempt + 1, wait));
        c->cfg.port.sleep_ms(c->cfg.port.ctx, (uint32_t)wait);
        boooply__reset_last(c);
        c->last.reconnects = reconnects;
        c->last.retries = attempt + 1;
    }
}

/* Checks a caller's request and copies it into r. */
static boooply_err_t boooply__check_request(boooply_client_t *c, const boooply_request_t *req,
                                            boooply__req_t *r) {
    if (!req || !boooply__valid_method(req->method))
        return boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT, BOOOPLY__MSG("method must be an HTTP token such as GET"));
    if (!boooply__valid_path(req->path))
        return boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT,
                             BOOOPLY__MSG("path must start with '/' and hold only visible ASCII without '?' or '#'"));
    if (req->query_count && !req->query)
        return boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT, BOOOPLY__MSG("query is NULL but query_count is not 0"));
    if (req->body_len && !req->body)
        return boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT, BOOOPLY__MSG("body is NULL but body_len is not 0"));
    memset(r, 0, sizeof *r);
    r->method = req->method;
    r->path = req->path;
    r->query = req->query;
    r->query_count = req->query_count;
    return BOOOPLY_OK;
}

BOOOPLY_DEF boooply_err_t boooply_request(boooply_client_t *c, const boooply_request_t *req) {
    boooply__req_t r;
    boooply_err_t err;
    if (!c) return BOOOPLY_E_INVALID_ARGUMENT;
    boooply__begin_call(c);
    err = boooply__check_request(c, req, &r);
    return err ? err : boooply__perform(c, &r, NULL, NULL, req->body, req->body_len, NULL);
}

BOOOPLY_DEF boooply_err_t boooply_read_body(boooply_client_t *c, void *dst, size_t cap,
                                            size_t *got) {
    boooply_err_t err;
    if (got) *got = 0;
    if (!c || !got || !dst || cap == 0) return BOOOPLY_E_INVALID_ARGUMENT;
    if (!c->in_response) return boooply__fail(c, BOOOPLY_E_STATE, BOOOPLY__MSG("no response is open"));
    err = boooply__body_piece(c, (char *)dst, cap, got);
    if (err) {
        boooply_close(c);
        return err;
    }
    if (*got == 0) boooply__finish(c);
    return BOOOPLY_OK;
}

BOOOPLY_DEF void boooply_end_response(boooply_client_t *c) {
    if (!c || !c->in_response) return;
    boooply__finish(c);
}

/* Reads the whole body into the client's buffer from offset 0. A body that
 * does not fit is read on to its end (within the deadline) only to learn
 * its size, unless Content-Length already says it. */
static boooply_err_t boooply__read_all(boooply_client_t *c, size_t *len) {
    boooply_http_t_ *h = &c->http;
    char *buf = boooply__buf(c);
    size_t cap = c->cfg.buffer_size, total = 0, produced;
    char scratch[64];
    boooply_err_t err;
    *len = 0;
    if (h->framing == BOOOPLY__F_LENGTH && h->content_length > cap) {
        boooply_close(c);
        c->last.needed = h->content_length;
        return boooply__fail(c, BOOOPLY_E_RESPONSE_TOO_LARGE, BOOOPLY__MSG("the response body is larger than the buffer"));
    }
    /* Body bytes that came with the head move to the front, then decode in
     * place. */
    memmove(buf, buf + h->raw_pos, h->raw_end - h->raw_pos);
    h->raw_end -= h->raw_pos;
    h->raw_pos = 0;
    if (h->state == BOOOPLY__H_BODY && h->raw_end) {
        err = boooply__decode(c, buf, h->raw_end, buf, &total);
        if (err) goto fail;
    } else if (h->raw_end) {
        h->keep_alive = 0; /* bytes after a response that has no body */
    }
    h->raw_pos = h->raw_end = 0;
    while (h->state == BOOOPLY__H_BODY || h->state == BOOOPLY__H_FAILED) {
        /* Once the buffer is full, the rest only counts toward needed; a
         * body that fits exactly still has its framing read here. */
        int full = total == cap;
        err = boooply__body_piece(c, full ? scratch : buf + total,
                                  full ? sizeof scratch : cap - total, &produced);
        if (err) goto fail;
        if (!full) total += produced;
    }
    if (h->body_total > cap) {
        boooply_close(c);
        c->last.needed = h->body_total;
        return boooply__fail(c, BOOOPLY_E_RESPONSE_TOO_LARGE, BOOOPLY__MSG("the response body is larger than the buffer"));
    }
    *len = total;
    boooply__finish(c);
    return BOOOPLY_OK;
fail:
    boooply_close(c);
    return err;
}

/* Parses the body just read as JSON into c->doc; an empty body is an empty
 * document. */
static boooply_err_t boooply__parse_body(boooply_client_t *c, size_t len) {
    size_t need = 0;
    boooply_err_t err;
    if (len == 0) return BOOOPLY_OK;
    err = boooply_json_parse(&c->doc, boooply__buf(c), len, c->cfg.tokens, c->cfg.token_count, &need);
    if (err == BOOOPLY_E_TOO_MANY_TOKENS) {
        c->last.needed = need;
        return boooply__fail(c, err, BOOOPLY__MSG("the response needs more JSON tokens than token_count"));
    }
    if (err == BOOOPLY_E_JSON_LIMIT)
        return boooply__fail(c, err, BOOOPLY__MSG("the response nests deeper than BOOOPLY_JSON_MAX_DEPTH"));
    if (err) return boooply__fail(c, err, BOOOPLY__MSG("the response body is not valid JSON"));
    return BOOOPLY_OK;
}

/* Finishes a call: reads and parses the body, and turns a status outside
 * 2xx into BOOOPLY_E_HTTP_STATUS with the API's code and error message. */
static boooply_err_t boooply__finish_call(boooply_client_t *c) {
    size_t len;
    boooply_err_t err = boooply__read_all(c, &len);
    int status = c->last.http_status;
    if (err) return err;
    err = boooply__parse_body(c, len);
    if (status < 200 || status > 299) {
        if (!err) {
            (void)boooply_json_get_string(&c->doc, boooply_json_get(&c->doc, 0, "code"), &c->last.api_code);
            (void)boooply_json_get_string(&c->doc, boooply_json_get(&c->doc, 0, "error"), &c->last.api_error);
        }
        return boooply__fail(c, BOOOPLY_E_HTTP_STATUS,
                             BOOOPLY__MSG("the server returned an error status; see api_code and api_error"));
    }
    return err;
}

BOOOPLY_DEF boooply_err_t boooply_raw(boooply_client_t *c, const boooply_request_t *req) {
    boooply__req_t r;
    boooply_err_t err;
    if (!c) return BOOOPLY_E_INVALID_ARGUMENT;
    boooply__begin_call(c);
    err = boooply__check_request(c, req, &r);
    return err ? err : boooply__perform(c, &r, NULL, NULL, req->body, req->body_len, boooply__finish_call);
}

/* ------------------------------------------------------------ validation */

static int boooply__one_of(const char *value, const char *const *set) {
    for (; *set; set++)
        if (boooply__streq(value, *set)) return 1;
    return 0;
}

static const char *const boooply__categories[] = {"SCREENING", "TECHNICAL", "BEHAVIORAL", "ASSIGNMENT",
                                                   "CULTURAL", "CASE_STUDY", "PANEL", "FINAL", NULL};
static const char *const boooply__seniorities[] = {"JUNIOR", "MID", "SENIOR", "LEAD", "PRINCIPAL", NULL};
static const char *const boooply__work_setups[] = {"REMOTE", "ONSITE", "HYBRID", NULL};
static const char *const boooply__employment_types[] = {"FULL_TIME", "PART_TIME", "CONTRACT", NULL};
static const char *const boooply__scheduling_modes[] = {"IMMEDIATE", "FIXED", "CANDIDATE_PICKS", NULL};
static const char *const boooply__focuses[] = {"knowledge", "balanced", "communication",
                                               "problem_solving", "culture", NULL};
static const char *const boooply__roles[] = {"HOST", "CO_HOST", "INTERVIEWER", "CANDIDATE",
                                             "PARTICIPANT", NULL};
static const char *const boooply__statuses[] = {"SCHEDULED", "ACTIVE", "COMPLETED", "CANCELLED",
                                                "FAILED", NULL};
static const char *const boooply__list_types[] = {"AI_ONLY", "HUMAN", "TEAM", NULL};
static const char *const boooply__date_fields[] = {"scheduled", "created", NULL};

/* ISO 8601 as the API uses it: YYYY-MM-DD, then (required when time is
 * required) THH:MM[:SS[.fraction]] and an optional Z or +HH:MM / -HH:MM. */
static int boooply__valid_iso8601(const char *s, int need_time) {
    static const unsigned char days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y, mo, d, h, mi, sec;
    if (!s || !boooply__digits(s, 4, &y) || s[4] != '-' || !boooply__digits(s + 5, 2, &mo) ||
        s[7] != '-' || !boooply__digits(s + 8, 2, &d))
        return 0;
    if (mo < 1 || mo > 12 || d < 1 || d > days[mo - 1]) return 0;
    if (mo == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 0;
    s += 10;
    if (*s == '\0') return !need_time;
    if (*s != 'T' || !boooply__digits(s + 1, 2, &h) || s[3] != ':' || !boooply__digits(s + 4, 2, &mi))
        return 0;
    if (h > 23 || mi > 59) return 0;
    s += 6;
    if (*s == ':') {
        if (!boooply__digits(s + 1, 2, &sec) || sec > 59) return 0; /* no leap seconds, as in JavaScript's Date */
        s += 3;
        if (*s == '.') {
            if (!boooply__is_digit(s[1])) return 0;
            for (s++; boooply__is_digit(*s); s++) {}
        }
    }
    if (*s == 'Z') return s[1] == '\0';
    if (*s == '+' || *s == '-') {
        if (!boooply__digits(s + 1, 2, &h) || s[3] != ':' || !boooply__digits(s + 4, 2, &mi)) return 0;
        return h <= 23 && mi <= 59 && s[6] == '\0';
    }
    return *s == '\0';
}

/* A plausible e-mail address: something@something, no spaces or controls. */
static int boooply__valid_email(const char *s) {
    const char *at;
    size_t i;
    if (!s || !s[0]) return 0;
    at = boooply__strchr(s, '@');
    if (!at || at == s || !at[1] || boooply__strchr(at + 1, '@')) return 0;
    for (i = 0; s[i]; i++)
        if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7F) return 0;
    return 1;
}

static int boooply__has_text(const char *s) { return s && s[0]; }

/* Checks each participant; *roles gets bit 1 for a HOST, bit 2 for a
 * CANDIDATE. */
static const char *boooply__check_participants(const boooply_participant_input_t *list, size_t count,
                                              int *roles) {
    size_t i;
    *roles = 0;
    if (count && !list) return BOOOPLY__MSG("participants is NULL but participant_count is not 0");
    for (i = 0; i < count; i++) {
        const boooply_participant_input_t *p = &list[i];
        if (!boooply__has_text(p->name)) return BOOOPLY__MSG("every participant needs a name");
        if (!boooply__valid_email(p->email)) return BOOOPLY__MSG("every participant needs a valid email");
        if (!p->role || !boooply__one_of(p->role, boooply__roles))
            return BOOOPLY__MSG("participant role must be HOST, CO_HOST, INTERVIEWER, CANDIDATE or PARTICIPANT");
        if (boooply__streq(p->role, "HOST")) *roles |= 1;
        if (boooply__streq(p->role, "CANDIDATE")) *roles |= 2;
    }
    return NULL;
}

static const char *boooply__check_list(const char *const *items, size_t count, const char *what) {
    size_t i;
    if (count && !items) return what;
    for (i = 0; i < count; i++)
        if (!items[i]) return what;
    return NULL;
}

/* Checks every documented rule of interviews.create; returns the broken
 * rule's text, or NULL. */
static const char *boooply__check_create(const boooply_create_interview_t *r) {
    const char *why;
    int roles;
    size_t i;
    if (r->type < BOOOPLY_INTERVIEW_AI || r->type > BOOOPLY_INTERVIEW_TEAM)
        return BOOOPLY__MSG("type must be BOOOPLY_INTERVIEW_AI, _HUMAN or _TEAM");
    if (r->type != BOOOPLY_INTERVIEW_TEAM && !boooply__has_text(r->job_role))
        return BOOOPLY__MSG("jobRole is required for AI and human interviews");
    why = boooply__check_participants(r->participants, r->participant_count, &roles);
    if (why) return why;
    if (r->type == BOOOPLY_INTERVIEW_AI && r->participant_count && !(roles & 2))
        return BOOOPLY__MSG("an AI interview needs a CANDIDATE participant");
    if (r->type == BOOOPLY_INTERVIEW_AI && r->participant_count == 0) {
        if (!boooply__has_text(r->candidate.name)) return BOOOPLY__MSG("an AI interview needs candidate.name");
        if (!boooply__valid_email(r->candidate.email)) return BOOOPLY__MSG("an AI interview needs a valid candidate.email");
    }
    if (r->type != BOOOPLY_INTERVIEW_AI && r->participant_count == 0)
        return BOOOPLY__MSG("participants are required for human interviews and team meetings");
    if (r->type == BOOOPLY_INTERVIEW_TEAM && !(roles & 1)) return BOOOPLY__MSG("a team meeting needs a HOST participant");
    if (r->duration_minutes != 0 && r->duration_minutes < 5) return BOOOPLY__MSG("durationMinutes must be at least 5");
    if (r->category && !boooply__one_of(r->category, boooply__categories))
        return BOOOPLY__MSG("category must be SCREENING, TECHNICAL, BEHAVIORAL, ASSIGNMENT, CULTURAL, CASE_STUDY, PANEL or FINAL");
    if (r->seniority && !boooply__one_of(r->seniority, boooply__seniorities))
        return BOOOPLY__MSG("seniority must be JUNIOR, MID, SENIOR, LEAD or PRINCIPAL");
    if (r->work_setup && !boooply__one_of(r->work_setup, boooply__work_setups))
        return BOOOPLY__MSG("workSetup must be REMOTE, ONSITE or HYBRID");
    if (r->employment_type && !boooply__one_of(r->employment_type, boooply__employment_types))
        return BOOOPLY__MSG("employmentType must be FULL_TIME, PART_TIME or CONTRACT");
    if (r->evaluation_focus && !boooply__one_of(r->evaluation_focus, boooply__focuses))
        return BOOOPLY__MSG("evaluationFocus must be knowledge, balanced, communication, problem_solving or culture");
    if (r->scheduling_mode && !boooply__one_of(r->scheduling_mode, boooply__scheduling_modes))
        return BOOOPLY__MSG("schedulingMode must be IMMEDIATE, FIXED or CANDIDATE_PICKS");
    if (r->scheduled_at && !boooply__valid_iso8601(r->scheduled_at, 1))
        return BOOOPLY__MSG("scheduledAt must be an ISO 8601 date-time such as 2026-04-01T14:00:00Z");
    if (r->scheduling_mode && boooply__streq(r->scheduling_mode, "FIXED") && !r->scheduled_at)
        return BOOOPLY__MSG("scheduledAt is required when schedulingMode is FIXED");
    if (r->type == BOOOPLY_INTERVIEW_TEAM && r->scheduling_mode &&
        boooply__streq(r->scheduling_mode, "CANDIDATE_PICKS"))
        return BOOOPLY__MSG("CANDIDATE_PICKS is not available for team meetings");
    if (r->available_slot_count > 50) return BOOOPLY__MSG("availableSlots holds at most 50 slots");
    if (r->available_slot_count && !r->available_slots)
        return BOOOPLY__MSG("available_slots is NULL but available_slot_count is not 0");
    for (i = 0; i < r->available_slot_count; i++)
        if (!boooply__valid_iso8601(r->available_slots[i].start, 1) ||
            !boooply__valid_iso8601(r->available_slots[i].end, 1))
            return BOOOPLY__MSG("every available slot needs ISO 8601 start and end date-times");
    if ((why = boooply__check_list(r->skills, r->skill_count, BOOOPLY__MSG("skills has a NULL entry"))) != NULL ||
        (why = boooply__check_list(r->questions, r->question_count, BOOOPLY__MSG("questions has a NULL entry"))) != NULL ||
        (why = boooply__check_list(r->agenda, r->agenda_count, BOOOPLY__MSG("agenda has a NULL entry"))) != NULL)
        return why;
    return NULL;
}

/* ------------------------------------------------------------ API bodies */

static void boooply__field(boooply_json_writer_t *w, const char *key, const char *value) {
    if (!value) return;
    boooply_json_write_key(w, key);
    boooply_json_write_string(w, value);
}

static void boooply__flag(boooply_json_writer_t *w, const char *key, boooply_flag_t value) {
    if (value == BOOOPLY_FLAG_UNSET) return;
    boooply_json_write_key(w, key);
    boooply_json_write_bool(w, value == BOOOPLY_FLAG_TRUE);
}

static void boooply__strings(boooply_json_writer_t *w, const char *key, const char *const *items,
                             size_t count) {
    size_t i;
    if (!items) return;
    boooply_json_write_key(w, key);
    boooply_json_write_begin_array(w);
    for (i = 0; i < count; i++) boooply_json_write_string(w, items[i]);
    boooply_json_write_end_array(w);
}

static void boooply__person(boooply_json_writer_t *w, const char *name, const char *email,
                            const char *role) {
    boooply_json_write_begin_object(w);
    boooply__field(w, "name", name);
    boooply__field(w, "email", email);
    boooply__field(w, "role", role);
    boooply_json_write_end_object(w);
}

/* The body the official SDK sends: type becomes meetingType and
 * isTeamMeeting, candidate becomes the participant list when none is
 * given, and durationMinutes (30 by default) is always present. */
static void boooply__create_body(boooply_json_writer_t *w, const void *arg) {
    const boooply_create_interview_t *r = (const boooply_create_interview_t *)arg;
    size_t i;
    boooply_json_write_begin_object(w);
    boooply__field(w, "meetingType", r->type == BOOOPLY_INTERVIEW_AI ? "AI_ONLY" : "HUMAN");
    boooply_json_write_key(w, "isTeamMeeting");
    boooply_json_write_bool(w, r->type == BOOOPLY_INTERVIEW_TEAM);
    boooply__field(w, "jobRole", r->job_role);
    boooply__field(w, "title", r->title);
    boooply__field(w, "category", r->category);
    boooply__field(w, "stage", r->stage);
    boooply__field(w, "companyName", r->company_name);
    boooply_json_write_key(w, "participants");
    boooply_json_write_begin_array(w);
    if (r->participant_count) {
        for (i = 0; i < r->participant_count; i++)
            boooply__person(w, r->participants[i].name, r->participants[i].email, r->participants[i].role);
    } else {
        boooply__person(w, r->candidate.name, r->candidate.email, "CANDIDATE");
    }
    boooply_json_write_end_array(w);
    boooply__field(w, "candidateCV", r->candidate_cv);
    boooply__strings(w, "skills", r->skills, r->skill_count);
    boooply__field(w, "seniority", r->seniority);
    boooply__field(w, "department", r->department);
    boooply__field(w, "jobDescription", r->job_description);
    boooply__field(w, "workSetup", r->work_setup);
    boooply__field(w, "employmentType", r->employment_type);
    boooply_json_write_key(w, "durationMinutes");
    boooply__jw_count(w, r->duration_minutes ? r->duration_minutes : 30);
    boooply__field(w, "scheduledAt", r->scheduled_at);
    boooply__field(w, "schedulingMode", r->scheduling_mode);
    if (r->available_slots) {
        boooply_json_write_key(w, "availableSlots");
        boooply_json_write_begin_array(w);
        for (i = 0; i < r->available_slot_count; i++) {
            boooply_json_write_begin_object(w);
            boooply__field(w, "start", r->available_slots[i].start);
            boooply__field(w, "end", r->available_slots[i].end);
            boooply_json_write_end_object(w);
        }
        boooply_json_write_end_array(w);
    }
    boooply__strings(w, "questions", r->questions, r->question_count);
    boooply__flag(w, "aiGenerate", r->ai_generate);
    boooply__field(w, "evaluationFocus", r->evaluation_focus);
    boooply__flag(w, "sendCandidateFeedback", r->send_candidate_feedback);
    boooply__field(w, "externalJobId", r->external_job_id);
    boooply__strings(w, "agenda", r->agenda, r->agenda_count);
    boooply__flag(w, "transcriptionEnabled", r->transcription_enabled);
    boooply_json_write_end_object(w);
}

/* ------------------------------------------------------------ API results */

/* Results are decoded from tables: each row names a JSON key, where its
 * value goes in the result struct and what type it must have. Strings and
 * iterators left out by the server stay absent; numbers and booleans
 * become -1. A value of another type fails the call and names the key. */
enum {
    BOOOPLY__T_STR,   /* boooply_str_t */
    BOOOPLY__T_ID,    /* boooply_str_t; a string or a number, else ignored */
    BOOOPLY__T_INT,   /* int32_t; a fraction is rounded to the nearest */
    BOOOPLY__T_BOOL,  /* int: 1, 0 or -1 */
    BOOOPLY__T_ARRAY, /* boooply_iter_t */
    BOOOPLY__T_TOKEN  /* int: token index of any value, or -1 */
};

typedef struct boooply__field {
    const char *key;
    uint16_t offset;
    uint8_t kind;
} boooply__field_t;

#define BOOOPLY__F(type, member, key, kind) {key, (uint16_t)offsetof(type, member), BOOOPLY__T_##kind}

/* Reads an integral or decimal number as int32_t, rounding half away from
 * zero, without floating point. */
static boooply_err_t boooply__get_rounded(const boooply_json_t *doc, int value, int32_t *out) {
    const char *s;
    size_t len;
    int negative, lost;
    uint64_t m;
    long exp;
    unsigned last = 0;
    boooply_err_t err = boooply__number_token(doc, value, &s, &len);
    if (err) return err;
    boooply__number_parts(s, len, &negative, &m, &exp, &lost);
    for (; exp < 0; exp++) {
        if (m == 0) {
            last = 0; /* only zero digits remain, whatever they were */
            break;
        }
        last = boooply__div10(&m);
    }
    for (; exp > 0 && m; exp--) {
        if (m > (uint64_t)INT32_MAX) return BOOOPLY_E_OUT_OF_RANGE;
        m *= 10u;
    }
    if (last >= 5) m++;
    if (m > (uint64_t)INT32_MAX) return BOOOPLY_E_OUT_OF_RANGE;
    *out = negative ? -(int32_t)m : (int32_t)m;
    return BOOOPLY_OK;
}

/* Fills out from the members of obj; returns the offending key or NULL. */
#define BOOOPLY__MAX_FIELDS 16

/* Compares a key token's text (len bytes, maybe with a NUL inside) with a
 * C string. */
static int boooply__key_is(const char *text, size_t len, const char *key) {
    size_t i = 0;
    while (i < len && key[i] && text[i] == key[i]) i++;
    return i == len && key[i] == '\0';
}

static const char *boooply__decode_fields(const boooply_json_t *doc, int obj, void *out,
                                          const boooply__field_t *fields, size_t count) {
    int found[BOOOPLY__MAX_FIELDS];
    boooply_iter_t it;
    size_t i;
    int k;
    BOOOPLY_ASSERT(count <= BOOOPLY__MAX_FIELDS);
    for (i = 0; i < count; i++) found[i] = -1;
    /* One walk over the members finds every field, instead of a search per
     * field; a later repeated key overwrites, so the last one wins. */
    it = boooply_json_iter(doc, obj);
    while (boooply_json_next(&it, &k)) {
        const boooply__tok_t *t = boooply__tok(doc, k);
        const char *text = doc->text + t->start;
        for (i = 0; i < count; i++)
            if (text[0] == fields[i].key[0] && boooply__key_is(text, (size_t)(t->end - t->start), fields[i].key))
                found[i] = k + 1 < doc->count ? k + 1 : -1;
    }
    for (i = 0; i < count; i++) {
        const boooply__field_t *f = &fields[i];
        char *at = (char *)out + f->offset;
        int value = found[i];
        boooply_json_type_t type = boooply_json_type(doc, value);
        boooply_err_t err = BOOOPLY_OK;
        switch (f->kind) {
        case BOOOPLY__T_STR:
            err = boooply_json_get_string(doc, value, (boooply_str_t *)(void *)at);
            break;
        case BOOOPLY__T_ID:
            if (type == BOOOPLY_JSON_NUMBER) {
                /* A number keeps its text; parsing NUL-terminated it. */
                const boooply__tok_t *t = boooply__tok(doc, value);
                ((boooply_str_t *)(void *)at)->ptr = doc->text + t->start;
                ((boooply_str_t *)(void *)at)->len = (size_t)(t->end - t->start);
            } else {
                (void)boooply_json_get_string(doc, value, (boooply_str_t *)(void *)at);
            }
            break;
        case BOOOPLY__T_INT:
            *(int32_t *)(void *)at = -1;
            err = boooply__get_rounded(doc, value, (int32_t *)(void *)at);
            break;
        case BOOOPLY__T_BOOL:
            *(int *)(void *)at = -1;
            err = boooply_json_get_bool(doc, value, (int *)(void *)at);
            break;
        case BOOOPLY__T_ARRAY:
            if (type == BOOOPLY_JSON_NONE || type == BOOOPLY_JSON_NULL) value = -1;
            else if (type != BOOOPLY_JSON_ARRAY) err = BOOOPLY_E_UNEXPECTED_JSON;
            *(boooply_iter_t *)(void *)at = boooply_json_iter(doc, value);
            break;
        default: /* BOOOPLY__T_TOKEN */
            *(int *)(void *)at = type == BOOOPLY_JSON_NULL ? -1 : value;
            break;
        }
        if (err != BOOOPLY_OK && err != BOOOPLY_E_NOT_FOUND) return f->key;
    }
    return NULL;
}

#define BOOOPLY__COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const boooply__field_t boooply__participant_fields[] = {
    BOOOPLY__F(boooply_participant_t, id, "id", ID),
    BOOOPLY__F(boooply_participant_t, name, "name", STR),
    BOOOPLY__F(boooply_participant_t, email, "email", STR),
    BOOOPLY__F(boooply_participant_t, role, "role", STR),
    BOOOPLY__F(boooply_participant_t, join_token, "joinToken", STR),
    BOOOPLY__F(boooply_participant_t, joined_at, "joinedAt", STR),
    BOOOPLY__F(boooply_participant_t, left_at, "leftAt", STR),
    BOOOPLY__F(boooply_participant_t, is_active, "isActive", BOOL),
};

static const boooply__field_t boooply__interview_fields[] = {
    BOOOPLY__F(boooply_interview_t, meeting_code, "meetingCode", STR),
    BOOOPLY__F(boooply_interview_t, id, "id", ID),
    BOOOPLY__F(boooply_interview_t, url, "url", STR),
    BOOOPLY__F(boooply_interview_t, title, "title", STR),
    BOOOPLY__F(boooply_interview_t, meeting_type, "meetingType", STR),
    BOOOPLY__F(boooply_interview_t, session_status, "sessionStatus", STR),
    BOOOPLY__F(boooply_interview_t, end_reason, "endReason", STR),
    BOOOPLY__F(boooply_interview_t, scheduled_at, "scheduledAt", STR),
    BOOOPLY__F(boooply_interview_t, created_at, "createdAt", STR),
    BOOOPLY__F(boooply_interview_t, job_role, "jobRole", STR),
    BOOOPLY__F(boooply_interview_t, is_team_meeting, "isTeamMeeting", BOOL),
    BOOOPLY__F(boooply_interview_t, duration_minutes, "durationMinutes", INT),
    BOOOPLY__F(boooply_interview_t, overall_score, "overallScore", INT),
    BOOOPLY__F(boooply_interview_t, participants, "participants", ARRAY),
};

static const boooply__field_t boooply__entry_fields[] = {
    BOOOPLY__F(boooply_transcript_entry_t, speaker, "speaker", STR),
    BOOOPLY__F(boooply_transcript_entry_t, role, "role", STR),
    BOOOPLY__F(boooply_transcript_entry_t, content, "content", STR),
    BOOOPLY__F(boooply_transcript_entry_t, timestamp, "timestamp", ID),
};

static const boooply__field_t boooply__question_fields[] = {
    BOOOPLY__F(boooply_question_evaluation_t, question, "question", STR),
    BOOOPLY__F(boooply_question_evaluation_t, score, "score", INT),
    BOOOPLY__F(boooply_question_evaluation_t, notes, "notes", STR),
};

static const boooply__field_t boooply__slot_fields[] = {
    BOOOPLY__F(boooply_slot_t, start, "start", STR),
    BOOOPLY__F(boooply_slot_t, end, "end", STR),
};

/* Element kinds an array can hold. */
enum { BOOOPLY__E_PARTICIPANT, BOOOPLY__E_INTERVIEW, BOOOPLY__E_ENTRY, BOOOPLY__E_QUESTION,
       BOOOPLY__E_SLOT, BOOOPLY__E_STRING };

typedef union boooply__element {
    boooply_participant_t participant;
    boooply_interview_t interview;
    boooply_transcript_entry_t entry;
    boooply_question_evaluation_t question;
    boooply_slot_t slot;
    boooply_str_t string;
} boooply__element_t;

/* Decodes one array element; returns the offending key, "" when the element
 * itself has the wrong type, or NULL. */
static const char *boooply__decode_element(const boooply_json_t *doc, int value, int kind,
                                           boooply__element_t *out) {
    const boooply__field_t *fields;
    size_t count;
    memset(out, 0, sizeof *out);
    if (kind == BOOOPLY__E_STRING)
        return boooply_json_get_string(doc, value, &out->string) == BOOOPLY_OK ? NULL : "";
    switch (kind) {
    case BOOOPLY__E_PARTICIPANT:
        fields = boooply__participant_fields;
        count = BOOOPLY__COUNT(boooply__participant_fields);
        break;
    case BOOOPLY__E_INTERVIEW:
        fields = boooply__interview_fields;
        count = BOOOPLY__COUNT(boooply__interview_fields);
        break;
    case BOOOPLY__E_ENTRY:
        fields = boooply__entry_fields;
        count = BOOOPLY__COUNT(boooply__entry_fields);
        break;
    case BOOOPLY__E_QUESTION:
        fields = boooply__question_fields;
        count = BOOOPLY__COUNT(boooply__question_fields);
        break;
    default:
        fields = boooply__slot_fields;
        count = BOOOPLY__COUNT(boooply__slot_fields);
        break;
    }
    if (boooply_json_type(doc, value) != BOOOPLY_JSON_OBJECT) return "";
    {
        const char *key = boooply__decode_fields(doc, value, out, fields, count);
        if (key) return key;
    }
    if (kind == BOOOPLY__E_INTERVIEW && !out->interview.meeting_code.ptr) {
        /* Older servers name the meeting code "code". */
        if (boooply_json_get_string(doc, boooply_json_get(doc, value, "code"), &out->interview.meeting_code) ==
            BOOOPLY_E_UNEXPECTED_JSON)
            return BOOOPLY__MSG("code");
    }
    return NULL;
}

/* Gives the next element of an iterator decoded as kind; 0 at the end. */
static int boooply__next(boooply_iter_t *it, int kind, boooply__element_t *out) {
    int k;
    if (!it || !boooply_json_next(it, &k)) return 0;
    return boooply__decode_element(it->doc, k, kind, out) == NULL;
}

/* Checks every element of an array now, so that iterating later cannot
 * fail; an interview's participants are checked too. */
static boooply_err_t boooply__check_array(boooply_client_t *c, boooply_iter_t it, int kind) {
    boooply__element_t element;
    int k;
    while (boooply_json_next(&it, &k)) {
        const char *key = boooply__decode_element(&c->doc, k, kind, &element);
        if (!key && kind == BOOOPLY__E_INTERVIEW) {
            boooply_iter_t inner = element.interview.participants;
            while (!key && boooply_json_next(&inner, &k))
                key = boooply__decode_element(&c->doc, k, BOOOPLY__E_PARTICIPANT, &element);
        }
        if (key) {
            c->last.field = key[0] ? key : NULL;
            return boooply__fail(c, BOOOPLY_E_UNEXPECTED_JSON,
                                 key[0] ? BOOOPLY__MSG("a response field has an unexpected type (see last.field)")
                                        : BOOOPLY__MSG("an array element has an unexpected type"));
        }
    }
    return BOOOPLY_OK;
}

/* Decodes the object at value (a path from the root) into out. */
static boooply_err_t boooply__decode_result(boooply_client_t *c, const char *path, void *out,
                                            const boooply__field_t *fields, size_t count) {
    int obj = path ? boooply_json_path(&c->doc, 0, path) : 0;
    const char *key;
    if (boooply_json_type(&c->doc, obj) != BOOOPLY_JSON_OBJECT) {
        c->last.field = path;
        return boooply__fail(c, BOOOPLY_E_UNEXPECTED_JSON, BOOOPLY__MSG("the response lacks an expected object (see last.field)"));
    }
    key = boooply__decode_fields(&c->doc, obj, out, fields, count);
    if (key) {
        c->last.field = key;
        return boooply__fail(c, BOOOPLY_E_UNEXPECTED_JSON, BOOOPLY__MSG("a response field has an unexpected type (see last.field)"));
    }
    return BOOOPLY_OK;
}

BOOOPLY_DEF int boooply_participant_next(boooply_iter_t *it, boooply_participant_t *out) {
    boooply__element_t e;
    if (!out || !boooply__next(it, BOOOPLY__E_PARTICIPANT, &e)) return 0;
    *out = e.participant;
    return 1;
}

BOOOPLY_DEF int boooply_interview_next(boooply_iter_t *it, boooply_interview_t *out) {
    boooply__element_t e;
    if (!out || !boooply__next(it, BOOOPLY__E_INTERVIEW, &e)) return 0;
    *out = e.interview;
    return 1;
}

BOOOPLY_DEF int boooply_transcript_next(boooply_iter_t *it, boooply_transcript_entry_t *out) {
    boooply__element_t e;
    if (!out || !boooply__next(it, BOOOPLY__E_ENTRY, &e)) return 0;
    *out = e.entry;
    return 1;
}

BOOOPLY_DEF int boooply_question_evaluation_next(boooply_iter_t *it, boooply_question_evaluation_t *out) {
    boooply__element_t e;
    if (!out || !boooply__next(it, BOOOPLY__E_QUESTION, &e)) return 0;
    *out = e.question;
    return 1;
}

BOOOPLY_DEF int boooply_slot_next(boooply_iter_t *it, boooply_slot_t *out) {
    boooply__element_t e;
    if (!out || !boooply__next(it, BOOOPLY__E_SLOT, &e)) return 0;
    *out = e.slot;
    return 1;
}

BOOOPLY_DEF int boooply_string_next(boooply_iter_t *it, boooply_str_t *out) {
    boooply__element_t e;
    if (!out || !boooply__next(it, BOOOPLY__E_STRING, &e)) return 0;
    *out = e.string;
    return 1;
}

/* ------------------------------------------------------------ API calls */

/* Runs one call: path is BOOOPLY__INTEGRATION + path + encoded segment +
 * tail + encoded segment2 (pieces may be NULL), with an optional JSON body.
 * On success c->doc holds the parsed response. */
static boooply_err_t boooply__call(boooply_client_t *c, const char *method, const char *path,
                                   const char *segment, const char *tail, const char *segment2,
                                   const boooply_query_t *query, size_t query_count,
                                   boooply__body_fn body_fn, const void *arg) {
    boooply__req_t r;
    boooply_err_t err;
    memset(&r, 0, sizeof r);
    r.method = method;
    r.path = path;
    r.segment = segment;
    r.tail = tail;
    r.segment2 = segment2;
    r.query = query;
    r.query_count = query_count;
    err = boooply__perform(c, &r, body_fn, arg, NULL, 0, boooply__finish_call);
    if (!err && c->doc.count == 0)
        err = boooply__fail(c, BOOOPLY_E_UNEXPECTED_JSON, BOOOPLY__MSG("the response body is empty"));
    if (!err && boooply_json_type(&c->doc, 0) != BOOOPLY_JSON_OBJECT)
        err = boooply__fail(c, BOOOPLY_E_UNEXPECTED_JSON, BOOOPLY__MSG("the response is not a JSON object"));
    return err;
}

/* Starts a call on an interview: checks the client, out and the code. */
static boooply_err_t boooply__begin_code_call(boooply_client_t *c, const char *code, void *out, size_t size) {
    if (!c) return BOOOPLY_E_INVALID_ARGUMENT;
    boooply__begin_call(c);
    if (out) memset(out, 0, size);
    if (!boooply__valid_segment(code))
        return boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT, BOOOPLY__MSG("meeting code must not be empty, \".\" or \"..\""));
    return BOOOPLY_OK;
}

#define BOOOPLY__INTERVIEWS BOOOPLY__INTEGRATION "/interviews/"

/* Decodes {"meeting": {...}} into out, with the meeting code required. */
static boooply_err_t boooply__meeting_result(boooply_client_t *c, boooply_interview_t *out) {
    boooply_err_t err = boooply__decode_result(c, "meeting", out, boooply__interview_fields,
                                               BOOOPLY__COUNT(boooply__interview_fields));
    if (!err && !out->meeting_code.ptr &&
        boooply_json_get_string(&c->doc, boooply_json_path(&c->doc, 0, "meeting.code"), &out->meeting_code) ==
            BOOOPLY_E_UNEXPECTED_JSON) {
        c->last.field = "code";
        err = boooply__fail(c, BOOOPLY_E_UNEXPECTED_JSON, BOOOPLY__MSG("a response field has an unexpected type (see last.field)"));
    }
    if (!err && !out->meeting_code.ptr) {
        c->last.field = "meetingCode";
        err = boooply__fail(c, BOOOPLY_E_UNEXPECTED_JSON, BOOOPLY__MSG("the response has no meeting.meetingCode"));
    }
    if (!err) err = boooply__check_array(c, out->participants, BOOOPLY__E_PARTICIPANT);
    return err;
}

BOOOPLY_DEF boooply_err_t boooply_interviews_create(boooply_client_t *c,
                                                    const boooply_create_interview_t *req,
                                                    boooply_interview_t *out) {
    boooply_err_t err;
    const char *why;
    if (!c) return BOOOPLY_E_INVALID_ARGUMENT;
    boooply__begin_call(c);
    if (!req || !out) return boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT, BOOOPLY__MSG("req and out must not be NULL"));
    memset(out, 0, sizeof *out);
    why = boooply__check_create(req);
    if (why) return boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT, why);
    err = boooply__call(c, "POST", BOOOPLY__INTEGRATION "/interviews", NULL, NULL, NULL, NULL, 0,
                        boooply__create_body, req);
    return err ? err : boooply__meeting_result(c, out);
}

BOOOPLY_DEF boooply_err_t boooply_interviews_get(boooply_client_t *c, const char *code,
                                                 boooply_interview_t *out) {
    boooply_err_t err = boooply__begin_code_call(c, code, out, sizeof *out);
    if (err) return err;
    if (!out) return boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT, BOOOPLY__MSG("out must not be NULL"));
    err = boooply__call(c, "GET", BOOOPLY__INTERVIEWS, code, NULL, NULL, NULL, 0, NULL, NULL);
    return err ? err : boooply__meeting_result(c, out);
}

/* Checks a status filter: one status or a comma-separated set. */
static int boooply__valid_status_set(const char *s) {
    char item[16];
    for (;;) {
        size_t n = 0;
        while (s[n] && s[n] != ',') n++;
        if (n == 0 || n >= sizeof item) return 0;
        memcpy(item, s, n);
        item[n] = '\0';
        if (!boooply__one_of(item, boooply__statuses)) return 0;
        if (s[n] == '\0') return 1;
        s += n + 1;
    }
}

/* Writes v as decimal text into dst (at least 12 bytes). */
static char *boooply__int_text(char *dst, int32_t v) {
    boooply__out_t o;
    o.buf = dst;
    o.cap = 11;
    o.len = 0;
    if (v < 0) boooply__putc(&o, '-');
    boooply__put_size(&o, v < 0 ? (size_t)0 - (size_t)v : (size_t)v);
    dst[o.len] = '\0';
    return dst;
}

static const char *boooply__check_list_params(const boooply_list_interviews_t *p) {
    if (p->status && !boooply__valid_status_set(p->status))
        return BOOOPLY__MSG("status must be SCHEDULED, ACTIVE, COMPLETED, CANCELLED, FAILED or a comma-separated set");
    if (p->type && !boooply__one_of(p->type, boooply__list_types)) return BOOOPLY__MSG("type must be AI_ONLY, HUMAN or TEAM");
    if (p->date_field && !boooply__one_of(p->date_field, boooply__date_fields))
        return BOOOPLY__MSG("dateField must be scheduled or created");
    if ((p->date_from && !boooply__valid_iso8601(p->date_from, 0)) ||
        (p->date_to && !boooply__valid_iso8601(p->date_to, 0)))
        return BOOOPLY__MSG("dateFrom and dateTo must be ISO 8601 dates");
    if ((p->has_score_min && (p->score_min < 0 || p->score_min > 100)) ||
        (p->has_score_max && (p->score_max < 0 || p->score_max > 100)))
        return BOOOPLY__MSG("scoreMin and scoreMax must be between 0 and 100");
    if (p->page < 0) return BOOOPLY__MSG("page must be at least 1");
    if (p->limit < 0 || p->limit > 100) return BOOOPLY__MSG("limit must be between 1 and 100");
    return NULL;
}

static const boooply__field_t boooply__pagination_fields[] = {
    BOOOPLY__F(boooply_interview_list_t, page, "page", INT),
    BOOOPLY__F(boooply_interview_list_t, limit, "limit", INT),
    BOOOPLY__F(boooply_interview_list_t, total, "total", INT),
    BOOOPLY__F(boooply_interview_list_t, total_pages, "totalPages", INT),
};

BOOOPLY_DEF boooply_err_t boooply_interviews_list(boooply_client_t *c,
                                                  const boooply_list_interviews_t *params,
                                                  boooply_interview_list_t *out) {
    boooply_list_interviews_t none;
    const boooply_list_interviews_t *p = params ? params : &none;
    char page[12], limit[12], score_min[12], score_max[12];
    boooply_query_t q[11];
    boooply_err_t err;
    const char *why;
    int items;
    if (!c) return BOOOPLY_E_INVALID_ARGUMENT;
    memset(&none, 0, sizeof none);
    boooply__begin_call(c);
    if (!out) return boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT, BOOOPLY__MSG("out must not be NULL"));
    memset(out, 0, sizeof *out);
    why = boooply__check_list_params(p);
    if (why) return boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT, why);
    q[0].name = "status";    q[0].value = p->status;
    q[1].name = "type";      q[1].value = p->type;
    q[2].name = "search";    q[2].value = p->search;
    q[3].name = "sourceId";  q[3].value = p->source_id;
    q[4].name = "dateField"; q[4].value = p->date_field;
    q[5].name = "dateFrom";  q[5].value = p->date_from;
    q[6].name = "dateTo";    q[6].value = p->date_to;
    q[7].name = "scoreMin";  q[7].value = p->has_score_min ? boooply__int_text(score_min, p->score_min) : NULL;
    q[8].name = "scoreMax";  q[8].value = p->has_score_max ? boooply__int_text(score_max, p->score_max) : NULL;
    q[9].name = "page";      q[9].value = p->page ? boooply__int_text(page, p->page) : NULL;
    q[10].name = "limit";    q[10].value = p->limit ? boooply__int_text(limit, p->limit) : NULL;
    err = boooply__call(c, "GET", BOOOPLY__INTEGRATION "/interviews", NULL, NULL, NULL, q, 11, NULL, NULL);
    if (err) return err;

    /* The REST docs call the array meetings, the SDK reference interviews. */
    items = boooply_json_get(&c->doc, 0, "meetings");
    if (items < 0 || boooply_json_type(&c->doc, items) == BOOOPLY_JSON_NULL)
        items = boooply_json_get(&c->doc, 0, "interviews");
    if (boooply_json_type(&c->doc, items) != BOOOPLY_JSON_ARRAY) {
        c->last.field = "meetings";
        return boooply__fail(c, BOOOPLY_E_UNEXPECTED_JSON, BOOOPLY__MSG("the response has no meetings array"));
    }
    out->interviews = boooply_json_iter(&c->doc, items);
    err = boooply__check_array(c, out->interviews, BOOOPLY__E_INTERVIEW);
    if (err) return err;
    out->page = out->limit = out->total = out->total_pages = -1;
    if (boooply_json_get(&c->doc, 0, "pagination") < 0) return BOOOPLY_OK;
    return boooply__decode_result(c, "pagination", out, boooply__pagination_fields,
                                  BOOOPLY__COUNT(boooply__pagination_fields));
}


/* -------------------------------------------------- interview sub-calls */

static const boooply__field_t boooply__transcript_fields[] = {
    BOOOPLY__F(boooply_transcript_t, entries, "transcript", ARRAY),
};

BOOOPLY_DEF boooply_err_t boooply_interviews_get_transcript(boooply_client_t *c, const char *code,
                                                            boooply_transcript_t *out) {
    boooply_err_t err = boooply__begin_code_call(c, code, out, sizeof *out);
    if (!err && !out) err = boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT, BOOOPLY__MSG("out must not be NULL"));
    if (!err) err = boooply__call(c, "GET", BOOOPLY__INTERVIEWS, code, "/transcript", NULL, NULL, 0, NULL, NULL);
    if (!err) err = boooply__decode_result(c, NULL, out, boooply__transcript_fields, 1);
    if (!err) err = boooply__check_array(c, out->entries, BOOOPLY__E_ENTRY);
    return err;
}

static const boooply__field_t boooply__evaluation_fields[] = {
    BOOOPLY__F(boooply_evaluation_t, recommendation, "recommendation", STR),
    BOOOPLY__F(boooply_evaluation_t, overall_score, "overallScore", INT),
    BOOOPLY__F(boooply_evaluation_t, communication, "communication", INT),
    BOOOPLY__F(boooply_evaluation_t, technical, "technical", INT),
    BOOOPLY__F(boooply_evaluation_t, culture_fit, "cultureFit", INT),
    BOOOPLY__F(boooply_evaluation_t, problem_solving, "problemSolving", INT),
    BOOOPLY__F(boooply_evaluation_t, experience_match, "experienceMatch", INT),
    BOOOPLY__F(boooply_evaluation_t, question_evaluations, "questionEvaluations", ARRAY),
    BOOOPLY__F(boooply_evaluation_t, by_criterion, "byCriterion", TOKEN),
};

static const boooply__field_t boooply__evaluation_root_fields[] = {
    BOOOPLY__F(boooply_evaluation_t, ai_summary, "aiSummary", STR),
    BOOOPLY__F(boooply_evaluation_t, message, "message", STR),
    BOOOPLY__F(boooply_evaluation_t, raw_analysis, "rawAnalysis", TOKEN),
    BOOOPLY__F(boooply_evaluation_t, interviewer_evaluation, "interviewerEvaluation", TOKEN),
};

static const boooply__field_t boooply__recommendation_fields[] = {
    BOOOPLY__F(boooply_evaluation_t, strengths, "strengths", ARRAY),
    BOOOPLY__F(boooply_evaluation_t, improvements, "improvements", ARRAY),
    BOOOPLY__F(boooply_evaluation_t, next_steps, "nextSteps", ARRAY),
};

static const boooply__field_t boooply__statistics_fields[] = {
    BOOOPLY__F(boooply_evaluation_t, duration, "duration", INT),
    BOOOPLY__F(boooply_evaluation_t, turn_count, "turnCount", INT),
};

/* Decodes an optional object at path; absent or null leaves out's
 * defaults (set by the caller). */
static boooply_err_t boooply__optional_result(boooply_client_t *c, const char *path, void *out,
                                              const boooply__field_t *fields, size_t count) {
    boooply_json_type_t type = boooply_json_type(&c->doc, boooply_json_path(&c->doc, 0, path));
    if (type == BOOOPLY_JSON_NONE || type == BOOOPLY_JSON_NULL) return BOOOPLY_OK;
    return boooply__decode_result(c, path, out, fields, count);
}

BOOOPLY_DEF boooply_err_t boooply_interviews_get_evaluation(boooply_client_t *c, const char *code,
                                                            boooply_evaluation_t *out) {
    boooply_err_t err = boooply__begin_code_call(c, code, out, sizeof *out);
    boooply_json_type_t type;
    if (!err && !out) err = boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT, BOOOPLY__MSG("out must not be NULL"));
    if (!err) err = boooply__call(c, "GET", BOOOPLY__INTERVIEWS, code, "/evaluation", NULL, NULL, 0, NULL, NULL);
    if (err) return err;
    out->overall_score = out->communication = out->technical = out->culture_fit = -1;
    out->problem_solving = out->experience_match = out->duration = out->turn_count = -1;
    out->by_criterion = -1;
    out->question_evaluations = out->strengths = out->improvements = out->next_steps =
        boooply_json_iter(&c->doc, -1);
    err = boooply__decode_result(c, NULL, out, boooply__evaluation_root_fields,
                                 BOOOPLY__COUNT(boooply__evaluation_root_fields));
    if (err) return err;
    type = boooply_json_type(&c->doc, boooply_json_get(&c->doc, 0, "evaluation"));
    if (type == BOOOPLY_JSON_OBJECT) {
        out->available = 1;
        err = boooply__decode_result(c, "evaluation", out, boooply__evaluation_fields,
                                     BOOOPLY__COUNT(boooply__evaluation_fields));
    } else if (type != BOOOPLY_JSON_NULL && type != BOOOPLY_JSON_NONE) {
        c->last.field = "evaluation";
        return boooply__fail(c, BOOOPLY_E_UNEXPECTED_JSON, BOOOPLY__MSG("evaluation is neither an object nor null"));
    }
    if (!err) err = boooply__optional_result(c, "recommendations", out, boooply__recommendation_fields,
                                             BOOOPLY__COUNT(boooply__recommendation_fields));
    if (!err) err = boooply__optional_result(c, "meetingStatistics", out, boooply__statistics_fields,
                                             BOOOPLY__COUNT(boooply__statistics_fields));
    if (!err) err = boooply__check_array(c, out->question_evaluations, BOOOPLY__E_QUESTION);
    if (!err) err = boooply__check_array(c, out->strengths, BOOOPLY__E_STRING);
    if (!err) err = boooply__check_array(c, out->improvements, BOOOPLY__E_STRING);
    if (!err) err = boooply__check_array(c, out->next_steps, BOOOPLY__E_STRING);
    return err;
}

static const boooply__field_t boooply__analysis_fields[] = {
    BOOOPLY__F(boooply_analysis_t, queued, "queued", BOOL),
    BOOOPLY__F(boooply_analysis_t, job_id, "jobId", ID),
};

BOOOPLY_DEF boooply_err_t boooply_interviews_trigger_analysis(boooply_client_t *c, const char *code,
                                                              boooply_analysis_t *out) {
    boooply_err_t err = boooply__begin_code_call(c, code, out, sizeof *out);
    if (!err && !out) err = boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT, BOOOPLY__MSG("out must not be NULL"));
    if (!err) err = boooply__call(c, "POST", BOOOPLY__INTERVIEWS, code, "/analyze", NULL, NULL, 0, NULL, NULL);
    if (!err) err = boooply__decode_result(c, NULL, out, boooply__analysis_fields, 2);
    return err;
}

/* Decodes the interview an update returned, when there is one. */
static boooply_err_t boooply__optional_meeting(boooply_client_t *c, boooply_interview_t *out) {
    if (!out || boooply_json_type(&c->doc, boooply_json_get(&c->doc, 0, "meeting")) != BOOOPLY_JSON_OBJECT)
        return BOOOPLY_OK;
    return boooply__meeting_result(c, out);
}

static void boooply__reschedule_body(boooply_json_writer_t *w, const void *arg) {
    const boooply_reschedule_t *r = (const boooply_reschedule_t *)arg;
    boooply_json_write_begin_object(w);
    boooply__field(w, "scheduledAt", r->scheduled_at);
    if (r->duration_minutes) {
        boooply_json_write_key(w, "durationMinutes");
        boooply__jw_count(w, r->duration_minutes);
    }
    boooply__field(w, "reason", r->reason);
    boooply_json_write_end_object(w);
}

BOOOPLY_DEF boooply_err_t boooply_interviews_reschedule(boooply_client_t *c, const char *code,
                                                        const boooply_reschedule_t *req,
                                                        boooply_interview_t *out) {
    boooply_err_t err = boooply__begin_code_call(c, code, out, sizeof *out);
    if (err) return err;
    if (!req) return boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT, BOOOPLY__MSG("req must not be NULL"));
    if (!boooply__valid_iso8601(req->scheduled_at, 1))
        return boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT,
                             BOOOPLY__MSG("scheduledAt is required as an ISO 8601 date-time such as 2026-04-01T14:00:00Z"));
    if (req->duration_minutes != 0 && req->duration_minutes < 5)
        return boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT, BOOOPLY__MSG("durationMinutes must be at least 5"));
    err = boooply__call(c, "PATCH", BOOOPLY__INTERVIEWS, code, "/reschedule", NULL, NULL, 0,
                        boooply__reschedule_body, req);
    return err ? err : boooply__optional_meeting(c, out);
}

static void boooply__cancel_body(boooply_json_writer_t *w, const void *arg) {
    boooply_json_write_begin_object(w);
    boooply__field(w, "reason", (const char *)arg);
    boooply_json_write_end_object(w);
}

BOOOPLY_DEF boooply_err_t boooply_interviews_cancel(boooply_client_t *c, const char *code,
                                                    const char *reason, boooply_interview_t *out) {
    boooply_err_t err = boooply__begin_code_call(c, code, out, sizeof *out);
    if (!err) err = boooply__call(c, "PATCH", BOOOPLY__INTERVIEWS, code, "/cancel", NULL, NULL, 0,
                                  boooply__cancel_body, reason);
    return err ? err : boooply__optional_meeting(c, out);
}

static boooply_err_t boooply__message_result(boooply_client_t *c, boooply_str_t *message) {
    boooply_str_t text;
    if (boooply_json_get_string(&c->doc, boooply_json_get(&c->doc, 0, "message"), &text) ==
        BOOOPLY_E_UNEXPECTED_JSON) {
        c->last.field = "message";
        return boooply__fail(c, BOOOPLY_E_UNEXPECTED_JSON, BOOOPLY__MSG("a response field has an unexpected type (see last.field)"));
    }
    if (message) *message = text;
    return BOOOPLY_OK;
}

BOOOPLY_DEF boooply_err_t boooply_interviews_delete(boooply_client_t *c, const char *code,
                                                    boooply_str_t *message) {
    boooply_err_t err = boooply__begin_code_call(c, code, message, sizeof *message);
    if (!err) err = boooply__call(c, "DELETE", BOOOPLY__INTERVIEWS, code, NULL, NULL, NULL, 0, NULL, NULL);
    return err ? err : boooply__message_result(c, message);
}

typedef struct boooply__participants_arg {
    const boooply_participant_input_t *list;
    size_t count;
} boooply__participants_arg_t;

static void boooply__participants_body(boooply_json_writer_t *w, const void *arg) {
    const boooply__participants_arg_t *a = (const boooply__participants_arg_t *)arg;
    size_t i;
    boooply_json_write_begin_object(w);
    boooply_json_write_key(w, "participants");
    boooply_json_write_begin_array(w);
    for (i = 0; i < a->count; i++) boooply__person(w, a->list[i].name, a->list[i].email, a->list[i].role);
    boooply_json_write_end_array(w);
    boooply_json_write_end_object(w);
}

static const boooply__field_t boooply__participant_list_fields[] = {
    BOOOPLY__F(boooply_participant_list_t, participants, "participants", ARRAY),
    BOOOPLY__F(boooply_participant_list_t, total, "total", INT),
};

static boooply_err_t boooply__participant_list(boooply_client_t *c, boooply_participant_list_t *out) {
    boooply_err_t err = boooply__decode_result(c, NULL, out, boooply__participant_list_fields, 2);
    return err ? err : boooply__check_array(c, out->participants, BOOOPLY__E_PARTICIPANT);
}

BOOOPLY_DEF boooply_err_t boooply_interviews_add_participant(boooply_client_t *c, const char *code,
                                                             const boooply_participant_input_t *participants,
                                                             size_t participant_count,
                                                             boooply_participant_list_t *out) {
    boooply__participants_arg_t arg;
    const char *why;
    int roles;
    boooply_err_t err = boooply__begin_code_call(c, code, out, sizeof *out);
    if (err) return err;
    if (!out) return boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT, BOOOPLY__MSG("out must not be NULL"));
    if (participant_count == 0) return boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT, BOOOPLY__MSG("participants must not be empty"));
    why = boooply__check_participants(participants, participant_count, &roles);
    if (why) return boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT, why);
    arg.list = participants;
    arg.count = participant_count;
    err = boooply__call(c, "POST", BOOOPLY__INTERVIEWS, code, "/participants", NULL, NULL, 0,
                        boooply__participants_body, &arg);
    return err ? err : boooply__participant_list(c, out);
}

BOOOPLY_DEF boooply_err_t boooply_interviews_get_participants(boooply_client_t *c, const char *code,
                                                              boooply_participant_list_t *out) {
    boooply_err_t err = boooply__begin_code_call(c, code, out, sizeof *out);
    if (!err && !out) err = boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT, BOOOPLY__MSG("out must not be NULL"));
    if (!err) err = boooply__call(c, "GET", BOOOPLY__INTERVIEWS, code, "/participants", NULL, NULL, 0, NULL, NULL);
    return err ? err : boooply__participant_list(c, out);
}

BOOOPLY_DEF boooply_err_t boooply_interviews_remove_participant(boooply_client_t *c, const char *code,
                                                                const char *participant_id,
                                                                boooply_str_t *message) {
    boooply_err_t err = boooply__begin_code_call(c, code, message, sizeof *message);
    if (err) return err;
    if (!boooply__valid_segment(participant_id))
        return boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT, BOOOPLY__MSG("participant id must not be empty, \".\" or \"..\""));
    err = boooply__call(c, "DELETE", BOOOPLY__INTERVIEWS, code, "/participants/", participant_id, NULL, 0,
                        NULL, NULL);
    return err ? err : boooply__message_result(c, message);
}

static const boooply__field_t boooply__recording_fields[] = {
    BOOOPLY__F(boooply_recording_t, duration, "duration", INT),
    BOOOPLY__F(boooply_recording_t, format, "format", STR),
    BOOOPLY__F(boooply_recording_t, created_at, "createdAt", STR),
    BOOOPLY__F(boooply_recording_t, video_url, "videoUrl", STR),
    BOOOPLY__F(boooply_recording_t, video_api_url, "videoApiUrl", STR),
};

BOOOPLY_DEF boooply_err_t boooply_interviews_get_recording(boooply_client_t *c, const char *code,
                                                           boooply_recording_t *out) {
    boooply_err_t err = boooply__begin_code_call(c, code, out, sizeof *out);
    boooply_json_type_t type;
    if (!err && !out) err = boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT, BOOOPLY__MSG("out must not be NULL"));
    if (!err) err = boooply__call(c, "GET", BOOOPLY__INTERVIEWS, code, "/recording", NULL, NULL, 0, NULL, NULL);
    if (err) return err;
    out->duration = -1;
    err = boooply__message_result(c, &out->message);
    if (err) return err;
    type = boooply_json_type(&c->doc, boooply_json_get(&c->doc, 0, "recording"));
    if (type == BOOOPLY_JSON_NONE || type == BOOOPLY_JSON_NULL) return BOOOPLY_OK;
    out->available = 1;
    return boooply__decode_result(c, "recording", out, boooply__recording_fields,
                                  BOOOPLY__COUNT(boooply__recording_fields));
}

/* ------------------------------------------------------------- calendar */

static const char *boooply__check_calendar(const char *email, int32_t days) {
    if (!boooply__valid_email(email)) return BOOOPLY__MSG("email is required and must be an e-mail address");
    if (days < 0 || days > 30) return BOOOPLY__MSG("days must be between 1 and 30");
    return NULL;
}

static const boooply__field_t boooply__availability_fields[] = {
    BOOOPLY__F(boooply_availability_t, calendar_connected, "calendarConnected", BOOL),
    BOOOPLY__F(boooply_availability_t, email, "email", STR),
    BOOOPLY__F(boooply_availability_t, duration_minutes, "durationMinutes", INT),
    BOOOPLY__F(boooply_availability_t, days, "days", INT),
    BOOOPLY__F(boooply_availability_t, slots, "slots", ARRAY),
    BOOOPLY__F(boooply_availability_t, total, "total", INT),
    BOOOPLY__F(boooply_availability_t, message, "message", STR),
};

BOOOPLY_DEF boooply_err_t boooply_interviews_get_availability(boooply_client_t *c,
                                                              const boooply_availability_params_t *params,
                                                              boooply_availability_t *out) {
    char duration[12], days[12];
    boooply_query_t q[3];
    const char *why;
    boooply_err_t err;
    if (!c) return BOOOPLY_E_INVALID_ARGUMENT;
    boooply__begin_call(c);
    if (!params || !out) return boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT, BOOOPLY__MSG("params and out must not be NULL"));
    memset(out, 0, sizeof *out);
    why = boooply__check_calendar(params->email, params->days);
    if (!why && params->duration_minutes != 0 && params->duration_minutes < 5)
        why = BOOOPLY__MSG("durationMinutes must be at least 5");
    if (why) return boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT, why);
    q[0].name = "email";
    q[0].value = params->email;
    q[1].name = "duration";
    q[1].value = params->duration_minutes ? boooply__int_text(duration, params->duration_minutes) : NULL;
    q[2].name = "days";
    q[2].value = params->days ? boooply__int_text(days, params->days) : NULL;
    err = boooply__call(c, "GET", BOOOPLY__INTEGRATION "/availability", NULL, NULL, NULL, q, 3, NULL, NULL);
    if (!err) err = boooply__decode_result(c, NULL, out, boooply__availability_fields,
                                           BOOOPLY__COUNT(boooply__availability_fields));
    if (!err) err = boooply__check_array(c, out->slots, BOOOPLY__E_SLOT);
    return err;
}

static const boooply__field_t boooply__busy_fields[] = {
    BOOOPLY__F(boooply_busy_blocks_t, calendar_connected, "calendarConnected", BOOL),
    BOOOPLY__F(boooply_busy_blocks_t, email, "email", STR),
    BOOOPLY__F(boooply_busy_blocks_t, days, "days", INT),
    BOOOPLY__F(boooply_busy_blocks_t, timezone, "timezone", STR),
    BOOOPLY__F(boooply_busy_blocks_t, busy_blocks, "busyBlocks", ARRAY),
    BOOOPLY__F(boooply_busy_blocks_t, total, "total", INT),
};

BOOOPLY_DEF boooply_err_t boooply_interviews_get_busy_blocks(boooply_client_t *c,
                                                             const boooply_busy_blocks_params_t *params,
                                                             boooply_busy_blocks_t *out) {
    char days[12];
    boooply_query_t q[2];
    const char *why;
    boooply_err_t err;
    if (!c) return BOOOPLY_E_INVALID_ARGUMENT;
    boooply__begin_call(c);
    if (!params || !out) return boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT, BOOOPLY__MSG("params and out must not be NULL"));
    memset(out, 0, sizeof *out);
    why = boooply__check_calendar(params->email, params->days);
    if (why) return boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT, why);
    q[0].name = "email";
    q[0].value = params->email;
    q[1].name = "days";
    q[1].value = params->days ? boooply__int_text(days, params->days) : NULL;
    err = boooply__call(c, "GET", BOOOPLY__INTEGRATION "/busy-blocks", NULL, NULL, NULL, q, 2, NULL, NULL);
    if (!err) err = boooply__decode_result(c, NULL, out, boooply__busy_fields, BOOOPLY__COUNT(boooply__busy_fields));
    if (!err) err = boooply__check_array(c, out->busy_blocks, BOOOPLY__E_SLOT);
    return err;
}

/* ------------------------------------------- organization, AI, API keys */

static const boooply__field_t boooply__organization_fields[] = {
    BOOOPLY__F(boooply_organization_t, id, "id", ID),
    BOOOPLY__F(boooply_organization_t, name, "name", STR),
    BOOOPLY__F(boooply_organization_t, slug, "slug", STR),
    BOOOPLY__F(boooply_organization_t, external_org_id, "externalOrgId", ID),
    BOOOPLY__F(boooply_organization_t, plan, "plan", STR),
};

BOOOPLY_DEF boooply_err_t boooply_organization_get(boooply_client_t *c, boooply_organization_t *out) {
    boooply_err_t err;
    if (!c) return BOOOPLY_E_INVALID_ARGUMENT;
    boooply__begin_call(c);
    if (!out) return boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT, BOOOPLY__MSG("out must not be NULL"));
    memset(out, 0, sizeof *out);
    err = boooply__call(c, "GET", BOOOPLY__INTEGRATION "/organization", NULL, NULL, NULL, NULL, 0, NULL, NULL);
    return err ? err : boooply__decode_result(c, "organization", out, boooply__organization_fields,
                                              BOOOPLY__COUNT(boooply__organization_fields));
}

static void boooply__job_description_body(boooply_json_writer_t *w, const void *arg) {
    const boooply_job_description_request_t *r = (const boooply_job_description_request_t *)arg;
    boooply_json_write_begin_object(w);
    boooply__field(w, "jobRole", r->job_role);
    boooply__field(w, "department", r->department);
    boooply__strings(w, "skills", r->skills, r->skill_count);
    boooply__field(w, "seniority", r->seniority);
    boooply__field(w, "workSetup", r->work_setup);
    boooply__field(w, "employmentType", r->employment_type);
    boooply_json_write_end_object(w);
}

BOOOPLY_DEF boooply_err_t boooply_ai_generate_job_description(boooply_client_t *c,
                                                              const boooply_job_description_request_t *req,
                                                              boooply_str_t *description) {
    const char *why = NULL;
    boooply_err_t err;
    if (!c) return BOOOPLY_E_INVALID_ARGUMENT;
    boooply__begin_call(c);
    if (!req || !description) return boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT, BOOOPLY__MSG("req and description must not be NULL"));
    description->ptr = NULL;
    description->len = 0;
    if (!boooply__has_text(req->job_role)) why = BOOOPLY__MSG("jobRole is required");
    else if (req->seniority && !boooply__one_of(req->seniority, boooply__seniorities))
        why = BOOOPLY__MSG("seniority must be JUNIOR, MID, SENIOR, LEAD or PRINCIPAL");
    else if (req->work_setup && !boooply__one_of(req->work_setup, boooply__work_setups))
        why = BOOOPLY__MSG("workSetup must be REMOTE, ONSITE or HYBRID");
    else if (req->employment_type && !boooply__one_of(req->employment_type, boooply__employment_types))
        why = BOOOPLY__MSG("employmentType must be FULL_TIME, PART_TIME or CONTRACT");
    else
        why = boooply__check_list(req->skills, req->skill_count, BOOOPLY__MSG("skills has a NULL entry"));
    if (why) return boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT, why);
    err = boooply__call(c, "POST", BOOOPLY__INTEGRATION "/generate-job-description", NULL, NULL, NULL, NULL, 0,
                        boooply__job_description_body, req);
    if (err) return err;
    if (boooply_json_get_string(&c->doc, boooply_json_get(&c->doc, 0, "description"), description) != BOOOPLY_OK) {
        c->last.field = "description";
        return boooply__fail(c, BOOOPLY_E_UNEXPECTED_JSON, BOOOPLY__MSG("the response has no description string"));
    }
    return BOOOPLY_OK;
}

static void boooply__api_key_body(boooply_json_writer_t *w, const void *arg) {
    const boooply_create_api_key_t *r = (const boooply_create_api_key_t *)arg;
    size_t i;
    boooply_json_write_begin_object(w);
    boooply__field(w, "userId", r->user_id);
    boooply__field(w, "userEmail", r->user_email);
    boooply__field(w, "userName", r->user_name);
    boooply__field(w, "organizationId", r->organization_id);
    boooply__field(w, "organizationName", r->organization_name);
    if (r->team_members) {
        boooply_json_write_key(w, "teamMembers");
        boooply_json_write_begin_array(w);
        for (i = 0; i < r->team_member_count; i++)
            boooply__person(w, r->team_members[i].name, r->team_members[i].email, r->team_members[i].role);
        boooply_json_write_end_array(w);
    }
    boooply_json_write_end_object(w);
}

static const boooply__field_t boooply__api_key_fields[] = {
    BOOOPLY__F(boooply_api_key_t, api_key, "apiKey", STR),
    BOOOPLY__F(boooply_api_key_t, organization_id, "organizationId", ID),
    BOOOPLY__F(boooply_api_key_t, user_id, "userId", ID),
};

BOOOPLY_DEF boooply_err_t boooply_create_organization_api_key(boooply_client_t *c,
                                                              const boooply_create_api_key_t *req,
                                                              boooply_api_key_t *out) {
    const char *why = NULL;
    boooply_err_t err;
    size_t i;
    if (!c) return BOOOPLY_E_INVALID_ARGUMENT;
    boooply__begin_call(c);
    if (!req || !out) return boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT, BOOOPLY__MSG("req and out must not be NULL"));
    memset(out, 0, sizeof *out);
    if (!boooply__has_text(req->user_id)) why = BOOOPLY__MSG("userId is required");
    else if (!boooply__valid_email(req->user_email)) why = BOOOPLY__MSG("userEmail is required and must be an e-mail address");
    else if (!boooply__has_text(req->organization_id)) why = BOOOPLY__MSG("organizationId is required");
    else if (req->team_member_count && !req->team_members) why = BOOOPLY__MSG("team_members is NULL but team_member_count is not 0");
    for (i = 0; !why && i < req->team_member_count; i++)
        if (!boooply__valid_email(req->team_members[i].email)) why = BOOOPLY__MSG("every team member needs a valid email");
    if (why) return boooply__fail(c, BOOOPLY_E_INVALID_ARGUMENT, why);
    err = boooply__call(c, "POST", "/api/server-auth/create-api-key", NULL, NULL, NULL, NULL, 0,
                        boooply__api_key_body, req);
    if (!err) err = boooply__decode_result(c, NULL, out, boooply__api_key_fields, 3);
    if (!err && !out->api_key.ptr) {
        c->last.field = "apiKey";
        err = boooply__fail(c, BOOOPLY_E_UNEXPECTED_JSON, BOOOPLY__MSG("the response has no apiKey"));
    }
    return err;
}

/* ------------------------------------------------------------- helpers */

BOOOPLY_DEF boooply_err_t boooply_format_iso8601(int64_t unix_seconds, char *dst, size_t cap) {
    /* 0000-01-01 and 9999-12-31T23:59:59 in Unix seconds bound the range:
     * counted from 0000-01-01 the time is below 2^39, so with 86400 = 128 *
     * 675 the day number comes from a shift and a 32-bit division, and no
     * 64-bit division (a libgcc call on 32-bit cores) is needed. */
    uint64_t since_year0;
    uint32_t whole_days;
    int32_t days, secs, era, doe, yoe, doy, mp, year, month, day;
    int32_t parts[6];
    static const char seps[] = "--T::Z";
    static const unsigned char widths[] = {4, 2, 2, 2, 2, 2};
    char text[21], *p = text;
    int i;
    if (unix_seconds < INT64_C(-62167219200) || unix_seconds > INT64_C(253402300799))
        return BOOOPLY_E_INVALID_ARGUMENT;
    since_year0 = (uint64_t)(unix_seconds + INT64_C(62167219200));
    whole_days = (uint32_t)(since_year0 >> 7) / 675u;
    days = (int32_t)whole_days - 719528;
    secs = (int32_t)(since_year0 - (uint64_t)whole_days * 86400u);
    /* Civil date from days, counting in 400-year eras of 146097 days
     * from 0000-03-01 (proleptic Gregorian calendar). */
    days += 719468;
    era = (days >= 0 ? days : days - 146096) / 146097;
    doe = days - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    day = doy - (153 * mp + 2) / 5 + 1;
    month = mp < 10 ? mp + 3 : mp - 9;
    year = yoe + era * 400 + (month <= 2);
    if (!dst || cap < sizeof text) return BOOOPLY_E_BUFFER_TOO_SMALL;
    parts[0] = year;
    parts[1] = month;
    parts[2] = day;
    parts[3] = secs / 3600;
    parts[4] = secs / 60 % 60;
    parts[5] = secs % 60;
    for (i = 0; i < 6; i++) {
        int k;
        for (k = widths[i] - 1; k >= 0; k--) {
            p[k] = (char)('0' + parts[i] % 10);
            parts[i] /= 10;
        }
        p += widths[i];
        *p++ = seps[i];
    }
    *p = '\0';
    memcpy(dst, text, sizeof text);
    return BOOOPLY_OK;
}

#endif /* BOOOPLY_IMPLEMENTATION */

/*
 * ----------------------------------------------------------------------
 * LICENCE (MIT)
 *
 * Copyright (c) 2026 the boooply.h authors
 *
 * Permission is hereby granted, free of charge, to any person obtaining a
 * copy of this software and associated documentation files (the
 * "Software"), to deal in the Software without restriction, including
 * without limitation the rights to use, copy, modify, merge, publish,
 * distribute, sublicense, and/or sell copies of the Software, and to permit
 * persons to whom the Software is furnished to do so, subject to the
 * following conditions:
 *
 * The above copyright notice and this permission notice shall be included
 * in all copies or substantial portions of the Software.
 *
 * THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS
 * OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF
 * MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN
 * NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
 * DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR
 * OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE
 * USE OR OTHER DEALINGS IN THE SOFTWARE.
 *
 * jsmn, compiled into the implementation, is MIT licensed too: Copyright
 * (c) 2010 Serge Zaitsev; its notice is in jsmn.h.
 */
