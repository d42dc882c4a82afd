/* A scripted, in-memory boooply_port_t for tests.
 *
 * The script lists, for each connection in the order the client opens
 * them, the responses the server sends. Response i on a connection is the
 * response to request i on it. As with a real server, none of its bytes is
 * delivered before the port has received that whole request: the head up to
 * its blank line, then Content-Length bytes of body. So a second request on
 * a kept connection gets the next response.
 *
 * Each response has a delivery plan: how its bytes are cut into recv
 * results (all at once, writes of n bytes, or boundaries at given offsets)
 * and what the connection does after the last byte (stay open, orderly
 * close, reset, port error or stall).
 *
 * The port records every byte the client sends, splits it into requests,
 * and counts connects, closes and recv calls. It can also break the port
 * contract on purpose: recv claiming more bytes than len, send returning 0
 * or short counts, send claiming more than len. A recv plan, like the send
 * plan, sets the results of the first recv calls on a connection: short
 * counts, "nothing yet" and errors, as a socket with EINTR and EAGAIN
 * gives them.
 *
 * Time is fake. now_ms returns a counter that moves only when a call
 * reports that nothing happened in time: a recv that has nothing to deliver
 * adds the time it would have waited (its whole timeout, or wait_step_ms
 * when that is shorter), and a send that returns 0 adds send_wait_ms. So a
 * 30-second deadline runs in microseconds, and a test can read exactly how
 * long the client would have waited.
 */
#ifndef SCRIPT_PORT_H
#define SCRIPT_PORT_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "boooply.h"

#define SCRIPT_MAX_CONNECTIONS 4
#define SCRIPT_MAX_RESPONSES 4
#define SCRIPT_MAX_SPLITS 8
#define SCRIPT_MAX_SENDS 16
#define SCRIPT_MAX_REQUESTS 8
#define SCRIPT_WIRE_SIZE 8192
#define SCRIPT_HOST_SIZE 256

/* recv calls after which the port reports BOOOPLY_PORT_ERROR and sets
 * runaway, so that a client looping forever fails the test instead of
 * hanging it. Byte-by-byte delivery of the largest case needs about 20 000. */
#define SCRIPT_RECV_LIMIT 2000000u

/* What a connection does once the bytes of a response are delivered. */
typedef enum script_after {
    SCRIPT_KEEP_OPEN, /* stays open; the next response waits for the next request */
    SCRIPT_FIN,       /* orderly close: every later recv returns BOOOPLY_PORT_EOF */
    SCRIPT_RST,       /* reset: every later recv returns BOOOPLY_PORT_RESET */
    SCRIPT_UNCLEAN,   /* every later recv returns BOOOPLY_PORT_UNCLEAN_EOF, as a
                         TLS port does after a close without close_notify */
    SCRIPT_STALL      /* stays open and silent, whatever the client sends */
} script_after_t;

/* A send plan entry that takes all len bytes and claims len + 1. */
#define SCRIPT_SEND_OVERCLAIM LONG_MIN
/* A send plan entry that takes all len bytes. */
#define SCRIPT_SEND_ALL LONG_MAX

typedef struct script_response {
    const char *data;
    size_t len;
    size_t chunk;                     /* 0: as much as recv requests, n: writes of n bytes */
    size_t splits[SCRIPT_MAX_SPLITS]; /* write boundaries, ascending offsets in 1..len-1 */
    size_t split_count;
    int block_at_boundaries;          /* recv returns 0 once before the first byte and
                                         once at every write boundary */
    script_after_t after;
} script_response_t;

typedef struct script_connection {
    /* The script. */
    script_response_t responses[SCRIPT_MAX_RESPONSES];
    size_t response_count;
    int connect_result;               /* 0, or the BOOOPLY_PORT_* code connect returns */
    long send_plan[SCRIPT_MAX_SENDS]; /* results of the first send calls, in order:
                                         n > 0 takes at most n bytes, 0 takes none,
                                         a negative BOOOPLY_PORT_* code fails, or
                                         SCRIPT_SEND_OVERCLAIM. Later calls take all. */
    size_t send_plan_count;
    unsigned overclaim_recv;          /* 1-based index of the recv call (probes not
                                         counted) that claims len + 1; 0: none */
    long recv_plan[SCRIPT_MAX_SENDS]; /* results of the first recv calls that wait for
                                         data (probes not counted), in order: n > 0
                                         delivers at most n bytes, 0 returns "nothing
                                         yet" after 1 ms, a negative BOOOPLY_PORT_*
                                         code fails. Later calls follow the response's
                                         delivery plan. */
    size_t recv_plan_count;

    /* What the client sent on this connection. */
    char wire[SCRIPT_WIRE_SIZE];
    size_t wire_len;
    int wire_overflow;                /* a send did not fit wire and was not recorded */
    size_t request_end[SCRIPT_MAX_REQUESTS]; /* offset just past each complete request */
    size_t request_count;

    /* Delivery state. */
    size_t current;    /* index of the response being delivered */
    size_t pos;        /* bytes of it delivered so far */
    size_t blocked_at; /* 1 + the offset where recv last returned 0 for a boundary */
    size_t sends_used;
    size_t recvs_used;
    unsigned data_recvs;
} script_connection_t;

typedef struct script_port {
    script_connection_t conns[SCRIPT_MAX_CONNECTIONS];
    int open;               /* index of the open connection, or -1 */
    uint32_t clock_ms;
    uint32_t wait_step_ms;  /* maximum wait of one empty recv, 0 for its whole timeout */
    uint32_t send_wait_ms;  /* time a send that returns 0 adds to the clock */
    unsigned connects;
    unsigned closes;        /* close calls that ended an open connection */
    unsigned recv_calls;
    unsigned probes;        /* recv calls with len 1 and timeout 0 */
    unsigned waits;         /* recv calls that returned 0 */
    unsigned send_calls;
    unsigned send_zeros;    /* send calls that returned 0 */
    unsigned send_retry_mismatches; /* calls after a 0 with another pointer or length */
    unsigned misuse;        /* send or recv without an open connection, or with len 0 */
    int runaway;            /* recv was called more than SCRIPT_RECV_LIMIT times */
    const void *zero_data;  /* arguments of the last send that returned 0 */
    size_t zero_len;
    int retry_due;          /* the last send returned 0 */
    char host[SCRIPT_HOST_SIZE];
    uint16_t port_number;
} script_port_t;

/* Empties the script, with no connection open and the clock at 0. */
static inline void script_init(script_port_t *s) {
    memset(s, 0, sizeof *s);
    s->open = -1;
    s->send_wait_ms = 1;
}

/* Appends a response to connection conn (0 for the first connect) and
 * returns it, so the caller can set its chunk or splits. */
static inline script_response_t *script_add_response(script_port_t *s, size_t conn,
                                                     const char *data, size_t len,
                                                     script_after_t after) {
    script_connection_t *k;
    script_response_t *r;
    if (conn >= SCRIPT_MAX_CONNECTIONS) return NULL;
    k = &s->conns[conn];
    if (k->response_count == SCRIPT_MAX_RESPONSES) return NULL;
    r = &k->responses[k->response_count++];
    memset(r, 0, sizeof *r);
    r->data = data;
    r->len = len;
    r->after = after;
    return r;
}

/* Sets the results of the first count send calls on connection conn. */
static inline void script_plan_sends(script_port_t *s, size_t conn, const long *plan, size_t count) {
    script_connection_t *k = &s->conns[conn];
    if (count > SCRIPT_MAX_SENDS) count = SCRIPT_MAX_SENDS;
    if (count) memcpy(k->send_plan, plan, count * sizeof *plan);
    k->send_plan_count = count;
}

/* Sets the results of the first count data recv calls on connection conn. */
static inline void script_plan_recvs(script_port_t *s, size_t conn, const long *plan, size_t count) {
    script_connection_t *k = &s->conns[conn];
    if (count > SCRIPT_MAX_SENDS) count = SCRIPT_MAX_SENDS;
    if (count) memcpy(k->recv_plan, plan, count * sizeof *plan);
    k->recv_plan_count = count;
}

/* Returns the number of complete requests received on connection conn. */
static inline size_t script_request_count(const script_port_t *s, size_t conn) {
    return s->conns[conn].request_count;
}

/* Returns the bytes of request i on connection conn and stores their count in *len. */
static inline const char *script_request(const script_port_t *s, size_t conn, size_t i, size_t *len) {
    const script_connection_t *k = &s->conns[conn];
    size_t start = i == 0 ? 0 : k->request_end[i - 1];
    *len = k->request_end[i] - start;
    return k->wire + start;
}

/* Returns whether the client left a connection open. */
static inline int script_is_open(const script_port_t *s) { return s->open >= 0; }

static inline int script__lower(int ch) { return ch >= 'A' && ch <= 'Z' ? ch + ('a' - 'A') : ch; }

/* Returns the offset just past the first "\r\n\r\n" in p[0..n), or 0 when there is none. */
static inline size_t script__head_end(const char *p, size_t n) {
    size_t i;
    for (i = 0; i + 4 <= n; i++)
        if (p[i] == '\r' && p[i + 1] == '\n' && p[i + 2] == '\r' && p[i + 3] == '\n') return i + 4;
    return 0;
}

/* Returns the Content-Length value of a request head, or 0 when it has none. */
static inline size_t script__content_length(const char *head, size_t n) {
    static const char name[] = "\r\ncontent-length:";
    size_t len = sizeof name - 1, i, j;
    for (i = 0; i + len <= n; i++) {
        size_t value = 0;
        for (j = 0; j < len; j++)
            if (script__lower((unsigned char)head[i + j]) != name[j]) break;
        if (j < len) continue;
        j = i + len;
        while (j < n && head[j] == ' ') j++;
        while (j < n && head[j] >= '0' && head[j] <= '9') value = value * 10u + (size_t)(head[j++] - '0');
        return value;
    }
    return 0;
}

/* Records the complete requests among the bytes received so far. */
static inline void script__count_requests(script_connection_t *k) {
    for (;;) {
        size_t start = k->request_count ? k->request_end[k->request_count - 1] : 0;
        size_t avail = k->wire_len - start;
        size_t head = script__head_end(k->wire + start, avail);
        size_t total;
        if (head == 0 || k->request_count == SCRIPT_MAX_REQUESTS) return;
        total = head + script__content_length(k->wire + start, head);
        if (avail < total) return;
        k->request_end[k->request_count++] = start + total;
    }
}

static inline int script__connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms) {
    script_port_t *s = (script_port_t *)ctx;
    unsigned index = s->connects++;
    (void)timeout_ms;
    s->open = -1; /* connect replaces any earlier connection */
    strncpy(s->host, host, sizeof s->host - 1);
    s->host[sizeof s->host - 1] = '\0';
    s->port_number = port;
    if (index >= SCRIPT_MAX_CONNECTIONS) return BOOOPLY_PORT_REFUSED;
    if (s->conns[index].connect_result != 0) return s->conns[index].connect_result;
    s->open = (int)index;
    return 0;
}

static inline void script__close(void *ctx) {
    script_port_t *s = (script_port_t *)ctx;
    if (s->open >= 0) s->closes++;
    s->open = -1;
}

static inline uint32_t script__now(void *ctx) { return ((script_port_t *)ctx)->clock_ms; }

/* Reports that nothing arrived, after the time the call would have waited. */
static inline long script__wait(script_port_t *s, uint32_t timeout_ms, uint32_t step_ms) {
    uint32_t waited = timeout_ms;
    if (step_ms && step_ms < waited) waited = step_ms;
    s->clock_ms += waited;
    s->waits++;
    return 0;
}

/* The offset where the write that contains byte pos of r ends. */
static inline size_t script__write_end(const script_response_t *r, size_t pos) {
    size_t end = r->len, i;
    if (r->chunk) {
        size_t next = (pos / r->chunk + 1) * r->chunk;
        if (next < end) end = next;
    }
    for (i = 0; i < r->split_count; i++)
        if (r->splits[i] > pos && r->splits[i] < end) end = r->splits[i];
    return end;
}

static inline int script__at_boundary(const script_response_t *r, size_t pos) {
    size_t i;
    if (pos == 0 || (r->chunk && pos % r->chunk == 0)) return 1;
    for (i = 0; i < r->split_count; i++)
        if (r->splits[i] == pos) return 1;
    return 0;
}

static inline long script__recv(void *ctx, void *data, size_t len, uint32_t timeout_ms) {
    script_port_t *s = (script_port_t *)ctx;
    script_connection_t *k;
    int probe = len == 1 && timeout_ms == 0;
    size_t limit = len; /* at most this many bytes for this call */
    s->recv_calls++;
    if (probe) s->probes++;
    if (s->recv_calls > SCRIPT_RECV_LIMIT) {
        s->runaway = 1;
        return BOOOPLY_PORT_ERROR;
    }
    if (s->open < 0 || len == 0) {
        s->misuse++;
        return BOOOPLY_PORT_ERROR;
    }
    k = &s->conns[s->open];
    if (!probe) k->data_recvs++;
    if (!probe && k->recvs_used < k->recv_plan_count) {
        long step = k->recv_plan[k->recvs_used++];
        if (step == 0) return script__wait(s, timeout_ms, 1);
        if (step < 0) return step;
        if ((unsigned long)step < limit) limit = (size_t)step;
    }
    for (;;) {
        script_response_t *r;
        size_t end, count;
        if (k->current >= k->response_count || k->current >= k->request_count)
            return script__wait(s, timeout_ms, s->wait_step_ms); /* no request waiting for a response */
        r = &k->responses[k->current];
        if (k->pos == r->len) {
            switch (r->after) {
            case SCRIPT_KEEP_OPEN:
                k->current++;
                k->pos = 0;
                k->blocked_at = 0;
                continue;
            case SCRIPT_FIN:
                return BOOOPLY_PORT_EOF;
            case SCRIPT_RST:
                return BOOOPLY_PORT_RESET;
            case SCRIPT_UNCLEAN:
                return BOOOPLY_PORT_UNCLEAN_EOF;
            default: /* SCRIPT_STALL */
                return script__wait(s, timeout_ms, s->wait_step_ms);
            }
        }
        if (r->block_at_boundaries && k->blocked_at != k->pos + 1 && script__at_boundary(r, k->pos)) {
            /* Nothing yet: a short wait, as a port that polls in slices reports it. */
            k->blocked_at = k->pos + 1;
            return script__wait(s, timeout_ms, 1);
        }
        end = script__write_end(r, k->pos);
        count = end - k->pos;
        if (count > limit) count = limit;
        memcpy(data, r->data + k->pos, count);
        k->pos += count;
        if (!probe && k->overclaim_recv == k->data_recvs) return (long)len + 1;
        return (long)count;
    }
}

static inline long script__send(void *ctx, const void *data, size_t len, uint32_t timeout_ms) {
    script_port_t *s = (script_port_t *)ctx;
    script_connection_t *k;
    long step = SCRIPT_SEND_ALL;
    size_t take;
    s->send_calls++;

    if (s->retry_due) {
        /* The port contract requires the same data and len after a 0. */
        if (data != s->zero_data || len != s->zero_len) s->send_retry_mismatches++;
        s->retry_due = 0;
    }
    if (s->open < 0 || len == 0) {
        s->misuse++;
        return BOOOPLY_PORT_ERROR;
    }

    k = &s->conns[s->open];
    if (k->sends_used < k->send_plan_count) step = k->send_plan[k->sends_used++];
    if (step == 0) {
        s->send_zeros++;
        s->retry_due = 1;
        s->zero_data = data;
        s->zero_len = len;
        s->clock_ms += s->send_wait_ms < timeout_ms ? s->send_wait_ms : timeout_ms;
        return 0;
    }
    if (step < 0 && step != SCRIPT_SEND_OVERCLAIM) return step;

    take = len;
    if (step > 0 && (unsigned long)step < take) take = (size_t)step;
    if (take <= SCRIPT_WIRE_SIZE - k->wire_len) {
        memcpy(k->wire + k->wire_len, data, take);
        k->wire_len += take;
        script__count_requests(k);
    } else {
        k->wire_overflow = 1; /* taken but not recorded */
    }

    if (step == SCRIPT_SEND_OVERCLAIM) return (long)len + 1;
    return (long)take;
}

/* Returns the port table for s. flags is 0 or BOOOPLY_PORT_SECURE. */
static inline boooply_port_t script_port(script_port_t *s, unsigned flags) {
    boooply_port_t p;
    memset(&p, 0, sizeof p);
    p.ctx = s;
    p.flags = flags;
    p.connect = script__connect;
    p.send = script__send;
    p.recv = script__recv;
    p.close = script__close;
    p.now_ms = script__now;
    p.sleep_ms = NULL;
    return p;
}

#endif
