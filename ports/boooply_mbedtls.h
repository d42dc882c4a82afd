/* boooply_mbedtls.h - TLS port for boooply.h over mbedTLS 2.28 - MIT licence
 *
 * A boooply_port_t that runs TLS (mbedTLS 2.28, the Debian package
 * libmbedtls-dev) over any other port that follows the port contract in
 * boooply.h: the POSIX port by default, or an lwIP or modem port on a
 * device. The inner port carries the TLS records; mbedTLS reaches it through
 * the mbedtls_ssl_set_bio callbacks. This port itself follows the same
 * contract, with the flag BOOOPLY_PORT_SECURE, so the core serves https://
 * URLs through it and contains no TLS code.
 *
 * Build it in exactly one C file:
 *
 *     #define BOOOPLY_MBEDTLS_IMPLEMENTATION
 *     #include "ports/boooply_mbedtls.h"
 *
 * Every other file includes it without the macro. That file may also hold
 * the core's and the POSIX port's implementations, in the order the README
 * shows (POSIX port, core, this port). The include path must find
 * boooply.h (for example -I. at the repository root) and the mbedTLS headers.
 * Link with -lmbedtls -lmbedx509 -lmbedcrypto, and with the POSIX port's
 * implementation (ports/boooply_posix.h) unless BOOOPLY_MBEDTLS_USE_POSIX
 * is 0.
 *
 * Quick start (POSIX inner port, CA bundle from a file):
 *
 *     static boooply_mbedtls_t tls;          (large: keep it out of the stack)
 *     boooply_mbedtls_config_t tls_cfg = {0};
 *     tls_cfg.ca_file = "/etc/ssl/certs/ca-certificates.crt";
 *     if (boooply_mbedtls_init(&tls, &tls_cfg) != 0) {
 *         printf("TLS setup failed: %s\n", boooply_mbedtls_reason(&tls));
 *         ...
 *     }
 *     cfg.base_url = "https://api.boooply.com";
 *     cfg.port = boooply_mbedtls_port(&tls);
 *     ... boooply_init(&client, &cfg) and calls as usual ...
 *     if (err == BOOOPLY_E_TLS)
 *         printf("TLS failed: %s\n", boooply_mbedtls_reason(&tls));
 *     boooply_close(&client);
 *     boooply_mbedtls_free(&tls);
 *
 * Configuration macros (define before every include; defaults in brackets):
 *   BOOOPLY_MBEDTLS_USE_POSIX   1: a context carries a POSIX socket port
 *                               that is used when cfg.inner is left empty;
 *                               0: cfg.inner is required [1]. Part of the
 *                               context struct: set it the same everywhere.
 *   BOOOPLY_MBEDTLS_REASON_MAX  size of the failure text buffer [256] bytes.
 *                               Part of the context struct, like the above.
 *   BOOOPLY_MBEDTLS_DEFAULT_CA_FILE  CA bundle loaded when the config gives
 *                               neither ca_pem nor ca_file
 *                               ["/etc/ssl/certs/ca-certificates.crt", the
 *                               Debian and Ubuntu bundle]. Needs
 *                               MBEDTLS_FS_IO. Only the implementation
 *                               uses it.
 *
 * Security behaviour:
 *   - The server certificate is verified (MBEDTLS_SSL_VERIFY_REQUIRED)
 *     against the CAs given. The only way to switch that off is the config
 *     field insecure_skip_verify_for_testing_only.
 *   - The host name given to connect is always set with
 *     mbedtls_ssl_set_hostname, so SNI is sent and the certificate name is
 *     checked against it.
 *   - IP literals: mbedTLS 2.28 compares the host name only with the
 *     dNSName entries of subjectAltName (and with the CN when there is no
 *     subjectAltName). It ignores iPAddress entries, so connecting to
 *     "127.0.0.1" fails with a name mismatch even when the certificate lists
 *     IP:127.0.0.1, and the reason then ends with a hint to connect by
 *     host name. It also sends the literal as SNI, which RFC 6066 section
 *     3 does not allow. Use DNS names with this port.
 *   - TLS 1.2 is the minimum. The maximum is the newest version the mbedTLS
 *     build has (TLS 1.2 in Debian's 2.28). Renegotiation is disabled.
 *   - Certificate dates need MBEDTLS_HAVE_TIME_DATE and a correct clock.
 *     A build without it cannot check them, so init fails unless the config
 *     sets accept_unchecked_dates_without_clock.
 *   - The random generator is a CTR_DRBG seeded once, in init, from the
 *     config's entropy function (default: mbedtls_entropy_func with the
 *     platform's sources, /dev/urandom or getrandom on Linux).
 *
 * Port results (the contract of boooply_port_t in boooply.h):
 *   connect  0, or the inner port's negative result when it cannot connect,
 *            BOOOPLY_PORT_TLS when the handshake or the certificate check
 *            fails (the text is in boooply_mbedtls_reason), and
 *            BOOOPLY_PORT_TIMEOUT when the handshake does not finish within
 *            the connect timeout.
 *   send     1..len bytes (short writes are completed while time is left),
 *            0 when nothing went out in time, BOOOPLY_PORT_RESET or
 *            BOOOPLY_PORT_ERROR. After MBEDTLS_ERR_SSL_WANT_WRITE the port
 *            calls mbedtls_ssl_write again with the same buffer and length,
 *            and when it returns 0 the core does the same.
 *   recv     1..len bytes, 0 when nothing arrived in time (WANT_READ and
 *            WANT_WRITE are never errors), BOOOPLY_PORT_EOF after the
 *            server's close_notify, BOOOPLY_PORT_UNCLEAN_EOF when the stream
 *            ended without one (mbedtls_ssl_read returned 0, or the inner
 *            port reported the end of the stream), else BOOOPLY_PORT_RESET
 *            or BOOOPLY_PORT_ERROR.
 *   close    sends close_notify without waiting, then closes the inner port.
 *
 * Session resumption: after each full handshake the port keeps the session
 * (mbedtls_ssl_get_session) and offers it on the next connect to the same
 * host and port (mbedtls_ssl_set_session), so a reconnect after the server
 * closed an idle keep-alive connection costs a short handshake. A handshake
 * that fails other than by timing out, and a TLS protocol error on the
 * connection, drop the kept session (RFC 5246 section 7.2.2).
 * The port reads fields of mbedtls_ssl_session, whose layout includes a
 * time_t: compile it with the time_t your mbedTLS was built with (on
 * 32-bit glibc, no -D_TIME_BITS=64 against a 32-bit time_t build).
 *
 * Memory: the context is caller-allocated and this port calls no malloc of
 * its own. mbedTLS allocates from the heap through calloc and free:
 *   - mbedtls_ssl_setup (in init): the record buffers, two of 16 KiB plus
 *     headroom by default (MBEDTLS_SSL_IN_CONTENT_LEN and
 *     MBEDTLS_SSL_OUT_CONTENT_LEN), kept until boooply_mbedtls_free.
 *   - each parsed CA certificate, kept until boooply_mbedtls_free.
 *   - during a handshake: the handshake state, the server's chain and the
 *     big-number arithmetic of the key exchange and the signature check,
 *     in thousands of small blocks; all freed when the handshake ends,
 *     except the server certificate and ticket that the kept session holds.
 * Measured by "make tls-heap" (valgrind 3.19 DHAT, tests/tls/heap_probe.c)
 * with Debian's mbedTLS 2.28.3 on x86-64: one boooply_interviews_get on a
 * new connection to the local simulator, full TLS 1.2 handshake, ECDHE and
 * an ECDSA P-256 certificate, one CA certificate given as PEM in memory.
 * Debian's build has no MBEDTLS_PLATFORM_MEMORY, so no calloc hook could
 * count inside the process; the figures vary by a few bytes between runs.
 *   peak in use           about 43 700 bytes: record buffers 36 818,
 *                         handshake about 6 100, CA certificate 778
 *   allocated in total    about 1.29 MB in about 23 800 blocks, nearly all
 *                         inside mbedtls_ssl_handshake
 *   held between calls    the record buffers, the CA certificates and the
 *                         kept session (1 982 bytes here)
 * The numbers grow with the certificate chain and the key types. Loading
 * Debian 12's whole CA bundle (144 certificates) instead peaks at about
 * 600 KB, so a device should embed only the CA certificates it needs.
 *
 * A device build without a heap gives mbedTLS a static pool instead: build
 * mbedTLS with MBEDTLS_MEMORY_BUFFER_ALLOC_C and MBEDTLS_PLATFORM_MEMORY,
 * then call, once at start-up and before boooply_mbedtls_init,
 *     static unsigned char pool[64 * 1024];
 *     mbedtls_memory_buffer_alloc_init(pool, sizeof pool);
 * NOTE: 64 KiB is an estimate from the peak above plus the allocator's
 * header per block and fragmentation; no pool build was tested here,
 * because Debian's mbedTLS has neither option. Size the pool on the device
 * with mbedtls_memory_buffer_alloc_max_get (MBEDTLS_MEMORY_DEBUG).
 * Smaller record buffers (MBEDTLS_SSL_IN_CONTENT_LEN and
 * MBEDTLS_SSL_OUT_CONTENT_LEN) shrink the largest part, but the input
 * buffer must still hold the largest record the server sends: 16 KiB unless
 * the server accepts the max_fragment_length extension.
 *
 * Limits:
 *   - Written for the mbedTLS 2.28 API and tested with 2.28.3 only;
 *     mbedTLS 3.x changed these functions and is rejected at compile time.
 *   - One context carries one connection at a time, from one thread.
 *   - The context must not move in memory after init: mbedTLS keeps
 *     pointers into it.
 *   - No client certificates.
 */
#ifndef BOOOPLY_MBEDTLS_H
#define BOOOPLY_MBEDTLS_H

#include "boooply.h"

#ifndef BOOOPLY_MBEDTLS_USE_POSIX
#define BOOOPLY_MBEDTLS_USE_POSIX 1
#endif
#if BOOOPLY_MBEDTLS_USE_POSIX
#include "boooply_posix.h"
#endif

#ifndef BOOOPLY_MBEDTLS_REASON_MAX
#define BOOOPLY_MBEDTLS_REASON_MAX 256
#endif
#ifndef BOOOPLY_MBEDTLS_DEFAULT_CA_FILE
#define BOOOPLY_MBEDTLS_DEFAULT_CA_FILE "/etc/ssl/certs/ca-certificates.crt"
#endif

#include <mbedtls/version.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>

#if MBEDTLS_VERSION_NUMBER < 0x021C0000 || MBEDTLS_VERSION_NUMBER >= 0x03000000
#error "boooply_mbedtls.h is written for the mbedTLS 2.28 API"
#endif
#if !defined(MBEDTLS_SSL_CLI_C) || !defined(MBEDTLS_X509_CRT_PARSE_C) || !defined(MBEDTLS_CTR_DRBG_C)
#error "boooply_mbedtls.h needs MBEDTLS_SSL_CLI_C, MBEDTLS_X509_CRT_PARSE_C and MBEDTLS_CTR_DRBG_C"
#endif
#if !defined(MBEDTLS_SSL_PROTO_TLS1_2)
#error "boooply_mbedtls.h needs MBEDTLS_SSL_PROTO_TLS1_2"
#endif

#ifndef BOOOPLY_MBEDTLS_DEF
#ifdef BOOOPLY_STATIC
#define BOOOPLY_MBEDTLS_DEF static
#elif defined(__cplusplus)
#define BOOOPLY_MBEDTLS_DEF extern "C"
#else
#define BOOOPLY_MBEDTLS_DEF extern
#endif
#endif

/* Entropy source for seeding the random generator: fills len bytes of out
 * and returns 0, or returns a negative value on failure. The signature is
 * mbedtls_entropy_func's, so a hardware generator's driver fits directly. */
typedef int (*boooply_mbedtls_entropy_fn)(void *ctx, unsigned char *out, size_t len);

/* Settings of boooply_mbedtls_init. Start from {0}: the defaults are the
 * secure ones. Strings are used during init only. */
typedef struct boooply_mbedtls_config {
    /* The transport under TLS, for example boooply_posix_port(&tcp). Its
     * flags must be 0. Left empty (connect NULL), the context's own POSIX
     * socket is used when BOOOPLY_MBEDTLS_USE_POSIX is 1. */
    boooply_port_t inner;
    /* Trusted CA certificates as NUL-terminated PEM text, or NULL. */
    const char *ca_pem;
    /* A PEM file of trusted CA certificates, or NULL. Needs MBEDTLS_FS_IO.
     * With both NULL, BOOOPLY_MBEDTLS_DEFAULT_CA_FILE is loaded. With both
     * set, both are trusted. */
    const char *ca_file;
    /* Seeds the random generator, with entropy_ctx as its first argument.
     * NULL: mbedtls_entropy_func with the platform's sources. */
    boooply_mbedtls_entropy_fn entropy;
    void *entropy_ctx;
    /* Nonzero: accept any server certificate (MBEDTLS_SSL_VERIFY_NONE).
     * Anyone on the path can then read and change the traffic. For tests
     * against servers without a usable certificate only. */
    int insecure_skip_verify_for_testing_only;
    /* Nonzero: allow init on an mbedTLS build without
     * MBEDTLS_HAVE_TIME_DATE, where certificate dates are not checked, so
     * an expired or not yet valid certificate is accepted. No effect on
     * builds with a clock. */
    int accept_unchecked_dates_without_clock;
} boooply_mbedtls_config_t;

/* Counters since init. */
typedef struct boooply_mbedtls_stats {
    uint32_t handshakes;         /* completed handshakes, resumed ones included */
    uint32_t resumed_handshakes; /* handshakes that resumed the kept session */
    uint64_t bytes_sent;         /* bytes the inner port sent: TLS records */
    uint64_t bytes_received;     /* bytes the inner port received */
} boooply_mbedtls_stats_t;

/* Connection state of one TLS port. The caller owns the storage (several
 * KiB, so static or global storage suits small stacks better). Every member
 * is private: use the functions below. */
typedef struct boooply_mbedtls {
    boooply_port_t inner;
#if BOOOPLY_MBEDTLS_USE_POSIX
    boooply_posix_t posix;
#endif
    mbedtls_ssl_context ssl;
    mbedtls_ssl_config conf;
    mbedtls_x509_crt ca;
    mbedtls_ctr_drbg_context drbg;
#if defined(MBEDTLS_ENTROPY_C)
    mbedtls_entropy_context entropy;
#endif
    mbedtls_ssl_session session; /* offered on the next connect */
    char session_host[BOOOPLY_HOST_MAX + 1];
    uint16_t session_port;
    uint8_t initialized, ready, have_session, inner_open, state, inner_eof;
    int inner_result;            /* the inner port's last negative result */
    int last_error;              /* the last mbedTLS error, or 0 */
    uint32_t verify_flags;       /* MBEDTLS_X509_BADCERT_* of the last failed check */
    uint32_t call_start, call_timeout; /* deadline of the running port call */
    unsigned char first_bytes[4]; /* the first bytes received on a connection */
    size_t first_count;
    boooply_mbedtls_stats_t stats;
    char reason[BOOOPLY_MBEDTLS_REASON_MAX];
} boooply_mbedtls_t;

/* Sets tls up: seeds the random generator, loads the CA certificates,
 * prepares the TLS configuration and allocates mbedTLS's record buffers.
 * Returns 0, or a negative mbedTLS error code, and boooply_mbedtls_reason
 * then describes the failure. After a failure nothing needs freeing, and calling
 * boooply_mbedtls_free is harmless. tls must stay at the same address until
 * boooply_mbedtls_free. */
BOOOPLY_MBEDTLS_DEF int boooply_mbedtls_init(boooply_mbedtls_t *tls,
                                             const boooply_mbedtls_config_t *cfg);

/* Closes the connection and frees everything mbedTLS allocated for tls.
 * Safe to call twice, and after a failed init. */
BOOOPLY_MBEDTLS_DEF void boooply_mbedtls_free(boooply_mbedtls_t *tls);

/* Builds a port whose ctx is tls, flagged BOOOPLY_PORT_SECURE. Call it
 * after a successful boooply_mbedtls_init. */
BOOOPLY_MBEDTLS_DEF boooply_port_t boooply_mbedtls_port(boooply_mbedtls_t *tls);

/* Returns why the last connect, send, recv or init failed, as one line of
 * English text, for example "certificate verification failed: The
 * certificate validity has expired", or "" when nothing failed. */
BOOOPLY_MBEDTLS_DEF const char *boooply_mbedtls_reason(const boooply_mbedtls_t *tls);

/* Returns the MBEDTLS_X509_BADCERT_* flags of the last failed certificate
 * check, or 0. */
BOOOPLY_MBEDTLS_DEF uint32_t boooply_mbedtls_verify_flags(const boooply_mbedtls_t *tls);

/* Returns the last mbedTLS error code (negative), or 0. */
BOOOPLY_MBEDTLS_DEF int boooply_mbedtls_last_error(const boooply_mbedtls_t *tls);

/* Returns the counters: handshakes, resumed handshakes, bytes on the wire. */
BOOOPLY_MBEDTLS_DEF boooply_mbedtls_stats_t boooply_mbedtls_stats(const boooply_mbedtls_t *tls);

/* Drops the kept session, so the next connect makes a full handshake. */
BOOOPLY_MBEDTLS_DEF void boooply_mbedtls_forget_session(boooply_mbedtls_t *tls);

#endif /* BOOOPLY_MBEDTLS_H */

#if defined(BOOOPLY_MBEDTLS_IMPLEMENTATION) && !defined(BOOOPLY_MBEDTLS_IMPLEMENTATION_DONE_)
#define BOOOPLY_MBEDTLS_IMPLEMENTATION_DONE_

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <mbedtls/net_sockets.h>
#include <mbedtls/platform_util.h>
#if defined(MBEDTLS_ERROR_C)
#include <mbedtls/error.h>
#endif

/* Connection states (the state member). */
#define BOOOPLY__MBEDTLS_CLOSED 0u      /* no connection, or only the inner one */
#define BOOOPLY__MBEDTLS_OPEN 1u        /* handshake done, data flows */
#define BOOOPLY__MBEDTLS_PEER_CLOSED 2u /* the server sent close_notify */
#define BOOOPLY__MBEDTLS_BROKEN 3u      /* a fatal error: send no more alerts */

/* Personalization string of the random generator (NIST SP 800-90A). */
#define BOOOPLY__MBEDTLS_DRBG_LABEL "boooply-mbedtls"

/* Starts the deadline of one port call: the BIO callbacks give the inner
 * port only the time left of it. */
static void boooply__mbedtls_begin(boooply_mbedtls_t *tls, uint32_t timeout_ms)
{
    tls->call_start = tls->inner.now_ms(tls->inner.ctx);
    tls->call_timeout = timeout_ms;
}

/* Returns the milliseconds left of the running port call. */
static uint32_t boooply__mbedtls_left(const boooply_mbedtls_t *tls)
{
    uint32_t elapsed = (uint32_t)(tls->inner.now_ms(tls->inner.ctx) - tls->call_start);

    return elapsed >= tls->call_timeout ? 0u : tls->call_timeout - elapsed;
}

/* Writes "action: mbedTLS text (-0xNNNN)" as the failure reason. */
static void boooply__mbedtls_fail(boooply_mbedtls_t *tls, int error, const char *action)
{
    char text[128];

    tls->last_error = error;
#if defined(MBEDTLS_ERROR_C)
    mbedtls_strerror(error, text, sizeof text);
#else
    text[0] = '\0';
#endif
    if (text[0] != '\0') {
        (void)snprintf(tls->reason, sizeof tls->reason, "%s: %s (-0x%04X)", action, text,
                       (unsigned)-error);
    } else {
        (void)snprintf(tls->reason, sizeof tls->reason, "%s (-0x%04X)", action, (unsigned)-error);
    }
}

static void boooply__mbedtls_set_reason(boooply_mbedtls_t *tls, const char *text)
{
    (void)snprintf(tls->reason, sizeof tls->reason, "%s", text);
}

/* Returns 1 for an IPv4 or IPv6 address literal: only digits and dots, or
 * any colon. */
static int boooply__mbedtls_ip_literal(const char *host)
{
    size_t i;
    int dots = 0;

    if (strchr(host, ':') != NULL) {
        return 1;
    }
    for (i = 0; host[i] != '\0'; i++) {
        if (host[i] == '.') {
            dots++;
        } else if (host[i] < '0' || host[i] > '9') {
            return 0;
        }
    }
    return dots > 0;
}

/* Writes the certificate check failure as one line: mbedTLS describes each
 * flag on a line of its own, which become "; "-separated parts here. A name
 * mismatch on an IP address gets a hint, because mbedTLS's own text speaks
 * of the Common Name even when the certificate lists that address. */
static void boooply__mbedtls_describe_flags(boooply_mbedtls_t *tls, uint32_t flags,
                                            const char *host)
{
    static const char ip_hint[] = "; mbedTLS 2.28 matches only DNS names, so connect by host name";
    static const char prefix[] = "certificate verification failed: ";
    char info[BOOOPLY_MBEDTLS_REASON_MAX];
    size_t out = sizeof prefix - 1;
    size_t i;
    int length;

    tls->verify_flags = flags;
    memcpy(tls->reason, prefix, sizeof prefix);
    length = mbedtls_x509_crt_verify_info(info, sizeof info, "", flags);
    if (length <= 0) {
        (void)snprintf(tls->reason + out, sizeof tls->reason - out, "flags 0x%08lX",
                       (unsigned long)flags);
        return;
    }
    for (i = 0; info[i] != '\0' && out + 3 < sizeof tls->reason; i++) {
        if (info[i] != '\n') {
            tls->reason[out++] = info[i];
        } else if (info[i + 1] != '\0') {
            tls->reason[out++] = ';';
            tls->reason[out++] = ' ';
        }
    }
    tls->reason[out] = '\0';
    if ((flags & MBEDTLS_X509_BADCERT_CN_MISMATCH) != 0 && boooply__mbedtls_ip_literal(host) &&
        out + sizeof ip_hint <= sizeof tls->reason) {
        memcpy(tls->reason + out, ip_hint, sizeof ip_hint);
    }
}

/* mbedTLS's send callback: one call of the inner port's send. */
static int boooply__mbedtls_bio_send(void *ctx, const unsigned char *data, size_t len)
{
    boooply_mbedtls_t *tls = (boooply_mbedtls_t *)ctx;
    long result = tls->inner.send(tls->inner.ctx, data, len, boooply__mbedtls_left(tls));

    if (result > 0 && (unsigned long)result <= len && result <= INT_MAX) {
        tls->stats.bytes_sent += (uint64_t)result;
        return (int)result;
    }
    if (result == 0) {
        return MBEDTLS_ERR_SSL_WANT_WRITE;
    }
    /* A negative result, or a count above len (which breaks the port
     * contract), ends the connection. */
    tls->inner_result = result == BOOOPLY_PORT_RESET ? BOOOPLY_PORT_RESET : BOOOPLY_PORT_ERROR;
    return result == BOOOPLY_PORT_RESET ? MBEDTLS_ERR_NET_CONN_RESET : MBEDTLS_ERR_NET_SEND_FAILED;
}

/* mbedTLS's receive callback: one call of the inner port's recv. mbedTLS
 * reads a return of 0 as the end of the transport stream. */
static int boooply__mbedtls_bio_recv(void *ctx, unsigned char *data, size_t len)
{
    boooply_mbedtls_t *tls = (boooply_mbedtls_t *)ctx;
    long result = tls->inner.recv(tls->inner.ctx, data, len, boooply__mbedtls_left(tls));

    if (result > 0 && (unsigned long)result <= len && result <= INT_MAX) {
        size_t i;

        for (i = 0; i < (size_t)result && tls->first_count < sizeof tls->first_bytes; i++) {
            tls->first_bytes[tls->first_count++] = data[i];
        }
        tls->stats.bytes_received += (uint64_t)result;
        return (int)result;
    }
    if (result == 0) {
        return MBEDTLS_ERR_SSL_WANT_READ;
    }
    if (result == BOOOPLY_PORT_EOF || result == BOOOPLY_PORT_UNCLEAN_EOF) {
        tls->inner_eof = 1;
        return 0;
    }
    tls->inner_result = result == BOOOPLY_PORT_RESET ? BOOOPLY_PORT_RESET : BOOOPLY_PORT_ERROR;
    return result == BOOOPLY_PORT_RESET ? MBEDTLS_ERR_NET_CONN_RESET : MBEDTLS_ERR_NET_RECV_FAILED;
}

BOOOPLY_MBEDTLS_DEF void boooply_mbedtls_forget_session(boooply_mbedtls_t *tls)
{
    if (tls == NULL || !tls->initialized) {
        return;
    }
    mbedtls_ssl_session_free(&tls->session);
    mbedtls_ssl_session_init(&tls->session);
    tls->have_session = 0;
    tls->session_host[0] = '\0';
}

static void boooply__mbedtls_close(void *ctx)
{
    boooply_mbedtls_t *tls = (boooply_mbedtls_t *)ctx;

    if (tls == NULL || !tls->initialized) {
        return;
    }
    if (tls->state == BOOOPLY__MBEDTLS_OPEN || tls->state == BOOOPLY__MBEDTLS_PEER_CLOSED) {
        /* One attempt with no waiting: a close never blocks, and a server
         * that misses the alert gets an unclean close, nothing worse. */
        boooply__mbedtls_begin(tls, 0);
        (void)mbedtls_ssl_close_notify(&tls->ssl);
    }
    if (tls->inner_open) {
        tls->inner.close(tls->inner.ctx);
    }
    tls->inner_open = 0;
    tls->state = BOOOPLY__MBEDTLS_CLOSED;
}

/* Sets the reason for a failed handshake, drops the kept session and the
 * connection, and returns the port result. */
static int boooply__mbedtls_handshake_failed(boooply_mbedtls_t *tls, int error, const char *host)
{
    tls->last_error = error;
    if (error == MBEDTLS_ERR_X509_CERT_VERIFY_FAILED) {
        boooply__mbedtls_describe_flags(tls, mbedtls_ssl_get_verify_result(&tls->ssl), host);
    } else if (tls->first_count >= 4 && memcmp(tls->first_bytes, "HTTP", 4) == 0) {
        boooply__mbedtls_set_reason(tls, "the server answered in plain HTTP, not TLS: "
                                         "check the scheme and port of the URL");
    } else if (tls->inner_eof) {
        boooply__mbedtls_set_reason(tls, "the server closed the connection during the TLS handshake");
    } else if (tls->inner_result == BOOOPLY_PORT_RESET) {
        boooply__mbedtls_set_reason(tls, "the server reset the connection during the TLS handshake");
    } else if (tls->inner_result != 0) {
        boooply__mbedtls_set_reason(tls, "the transport failed during the TLS handshake");
    } else {
        boooply__mbedtls_fail(tls, error, "the TLS handshake failed");
    }
    boooply_mbedtls_forget_session(tls);
    tls->state = BOOOPLY__MBEDTLS_BROKEN;
    boooply__mbedtls_close(tls);
    return BOOOPLY_PORT_TLS;
}

/* Offers the kept session when it belongs to the same host and port.
 * Returns 1 when offered, with its master secret copied to master. */
static int boooply__mbedtls_offer_session(boooply_mbedtls_t *tls, const char *host,
                                          uint16_t port, unsigned char master[48])
{
    if (!tls->have_session || tls->session_port != port || strcmp(tls->session_host, host) != 0) {
        return 0;
    }
    if (mbedtls_ssl_set_session(&tls->ssl, &tls->session) != 0) {
        boooply_mbedtls_forget_session(tls);
        return 0;
    }
    memcpy(master, tls->session.master, 48);
    return 1;
}

/* Counts a finished handshake and keeps its session for the next connect.
 * A resumed handshake reuses the offered master secret, while a full one
 * derives a new one. That is how resumption is detected here, because
 * mbedTLS 2.28 has no public call that reports it. */
static void boooply__mbedtls_handshake_done(boooply_mbedtls_t *tls, const char *host,
                                            uint16_t port, int offered,
                                            const unsigned char master[48])
{
    const mbedtls_ssl_session *current = mbedtls_ssl_get_session_pointer(&tls->ssl);

    tls->stats.handshakes++;
    if (offered && current != NULL && memcmp(current->master, master, 48) == 0) {
        tls->stats.resumed_handshakes++;
    }
    boooply_mbedtls_forget_session(tls);
    if (mbedtls_ssl_get_session(&tls->ssl, &tls->session) == 0) {
        tls->have_session = 1;
        tls->session_port = port;
        (void)snprintf(tls->session_host, sizeof tls->session_host, "%s", host);
    } else {
        /* Out of memory for the copy: the next connect is a full handshake. */
        boooply_mbedtls_forget_session(tls);
    }
}

static int boooply__mbedtls_connect(void *ctx, const char *host, uint16_t port,
                                    uint32_t timeout_ms)
{
    boooply_mbedtls_t *tls = (boooply_mbedtls_t *)ctx;
    unsigned char master[48];
    int offered;
    int result;

    if (tls == NULL || !tls->ready) {
        return BOOOPLY_PORT_ERROR;
    }
    boooply__mbedtls_close(tls);
    boooply__mbedtls_begin(tls, timeout_ms);
    tls->reason[0] = '\0';
    tls->last_error = 0;
    tls->verify_flags = 0;
    tls->inner_result = 0;
    tls->inner_eof = 0;
    tls->first_count = 0;
    if (host == NULL || host[0] == '\0' || strlen(host) > BOOOPLY_HOST_MAX) {
        boooply__mbedtls_set_reason(tls, "the host name is empty or longer than BOOOPLY_HOST_MAX");
        return BOOOPLY_PORT_ERROR;
    }

    result = tls->inner.connect(tls->inner.ctx, host, port, timeout_ms);
    if (result != 0) {
        boooply__mbedtls_set_reason(tls, "the transport could not connect");
        return result < 0 ? result : BOOOPLY_PORT_ERROR;
    }
    tls->inner_open = 1;

    result = mbedtls_ssl_session_reset(&tls->ssl);
    if (result == 0) {
        /* Sets both SNI and the name the certificate must match. */
        result = mbedtls_ssl_set_hostname(&tls->ssl, host);
    }
    if (result != 0) {
        boooply__mbedtls_fail(tls, result, "preparing the TLS connection failed");
        boooply__mbedtls_close(tls);
        return BOOOPLY_PORT_ERROR;
    }
    offered = boooply__mbedtls_offer_session(tls, host, port, master);

    for (;;) {
        result = mbedtls_ssl_handshake(&tls->ssl);
        if (result != MBEDTLS_ERR_SSL_WANT_READ && result != MBEDTLS_ERR_SSL_WANT_WRITE) {
            break;
        }
        if (boooply__mbedtls_left(tls) == 0) {
            boooply__mbedtls_set_reason(tls, "the TLS handshake did not finish within the connect timeout");
            tls->state = BOOOPLY__MBEDTLS_BROKEN;
            boooply__mbedtls_close(tls);
            mbedtls_platform_zeroize(master, sizeof master);
            return BOOOPLY_PORT_TIMEOUT;
        }
    }
    if (result != 0) {
        mbedtls_platform_zeroize(master, sizeof master);
        return boooply__mbedtls_handshake_failed(tls, result, host);
    }
    boooply__mbedtls_handshake_done(tls, host, port, offered, master);
    mbedtls_platform_zeroize(master, sizeof master);
    tls->state = BOOOPLY__MBEDTLS_OPEN;
    return 0;
}

/* Maps an mbedTLS error from reading or writing application data to the
 * port result, and marks the connection as unusable. */
static long boooply__mbedtls_stream_error(boooply_mbedtls_t *tls, int error, const char *action)
{
    if (error == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY) {
        tls->state = BOOOPLY__MBEDTLS_PEER_CLOSED;
        return BOOOPLY_PORT_EOF;
    }
    tls->state = BOOOPLY__MBEDTLS_BROKEN;
    if (error == 0 || error == MBEDTLS_ERR_SSL_CONN_EOF || tls->inner_eof) {
        boooply__mbedtls_set_reason(tls, "the server closed the connection without close_notify");
        return BOOOPLY_PORT_UNCLEAN_EOF;
    }
    if (tls->inner_result == BOOOPLY_PORT_RESET) {
        boooply__mbedtls_set_reason(tls, "the server reset the connection");
        return BOOOPLY_PORT_RESET;
    }
    if (tls->inner_result != 0) {
        boooply__mbedtls_set_reason(tls, "the transport failed");
        return BOOOPLY_PORT_ERROR;
    }
    /* A TLS protocol failure: RFC 5246 section 7.2.2 requires that its
     * session is not resumed. */
    boooply__mbedtls_fail(tls, error, action);
    boooply_mbedtls_forget_session(tls);
    return BOOOPLY_PORT_ERROR;
}

static long boooply__mbedtls_recv(void *ctx, void *data, size_t len, uint32_t timeout_ms)
{
    boooply_mbedtls_t *tls = (boooply_mbedtls_t *)ctx;

    if (tls == NULL || data == NULL || len == 0) {
        return BOOOPLY_PORT_ERROR;
    }
    if (tls->state == BOOOPLY__MBEDTLS_PEER_CLOSED) {
        return BOOOPLY_PORT_EOF;
    }
    if (tls->state != BOOOPLY__MBEDTLS_OPEN) {
        return BOOOPLY_PORT_ERROR;
    }
    if (len > (size_t)INT_MAX) {
        len = (size_t)INT_MAX;
    }
    boooply__mbedtls_begin(tls, timeout_ms);
    for (;;) {
        int result = mbedtls_ssl_read(&tls->ssl, (unsigned char *)data, len);

        if (result > 0 && (size_t)result <= len) {
            return (long)result;
        }
        if (result == MBEDTLS_ERR_SSL_WANT_READ || result == MBEDTLS_ERR_SSL_WANT_WRITE) {
            if (boooply__mbedtls_left(tls) == 0) {
                return BOOOPLY_PORT_WOULD_BLOCK;
            }
            continue;
        }
        if (result > 0) {
            result = MBEDTLS_ERR_SSL_INTERNAL_ERROR;
        }
        return boooply__mbedtls_stream_error(tls, result, "receiving TLS data failed");
    }
}

/* Writes through mbedtls_ssl_write, which takes at most one record of data
 * per call, until all len bytes are written or the time is up. After
 * WANT_WRITE the next call repeats the same pointer and length, as mbedTLS
 * requires: done changes only when a call succeeds. A count returned to the
 * core ends at a record boundary, and the core's next call starts exactly
 * where the pending write of mbedTLS does. */
static long boooply__mbedtls_send(void *ctx, const void *data, size_t len, uint32_t timeout_ms)
{
    boooply_mbedtls_t *tls = (boooply_mbedtls_t *)ctx;
    const unsigned char *bytes = (const unsigned char *)data;
    size_t done = 0;

    if (tls == NULL || data == NULL || len == 0 || tls->state != BOOOPLY__MBEDTLS_OPEN) {
        return BOOOPLY_PORT_ERROR;
    }
    if (len > (size_t)LONG_MAX) {
        len = (size_t)LONG_MAX;
    }
    boooply__mbedtls_begin(tls, timeout_ms);
    while (done < len) {
        size_t piece = len - done > (size_t)INT_MAX ? (size_t)INT_MAX : len - done;
        int result = mbedtls_ssl_write(&tls->ssl, bytes + done, piece);

        if (result > 0 && (size_t)result <= piece) {
            done += (size_t)result;
            continue;
        }
        if (result == MBEDTLS_ERR_SSL_WANT_WRITE || result == MBEDTLS_ERR_SSL_WANT_READ) {
            if (boooply__mbedtls_left(tls) == 0) {
                break;
            }
            continue;
        }
        if (result >= 0) {
            result = MBEDTLS_ERR_SSL_INTERNAL_ERROR;
        }
        return boooply__mbedtls_stream_error(tls, result, "sending TLS data failed");
    }
    return (long)done;
}

static uint32_t boooply__mbedtls_now_ms(void *ctx)
{
    boooply_mbedtls_t *tls = (boooply_mbedtls_t *)ctx;

    return tls->inner.now_ms(tls->inner.ctx);
}

static void boooply__mbedtls_sleep_ms(void *ctx, uint32_t ms)
{
    boooply_mbedtls_t *tls = (boooply_mbedtls_t *)ctx;

    tls->inner.sleep_ms(tls->inner.ctx, ms);
}

/* Releases what mbedTLS allocated, keeping the reason text. */
static void boooply__mbedtls_release(boooply_mbedtls_t *tls)
{
    boooply__mbedtls_close(tls);
    mbedtls_ssl_session_free(&tls->session);
    mbedtls_ssl_free(&tls->ssl);
    mbedtls_ssl_config_free(&tls->conf);
    mbedtls_x509_crt_free(&tls->ca);
    mbedtls_ctr_drbg_free(&tls->drbg);
#if defined(MBEDTLS_ENTROPY_C)
    mbedtls_entropy_free(&tls->entropy);
#endif
    tls->initialized = 0;
    tls->ready = 0;
    tls->have_session = 0;
}

/* Takes the inner port from cfg, or the context's own POSIX port. */
static int boooply__mbedtls_set_inner(boooply_mbedtls_t *tls, const boooply_mbedtls_config_t *cfg)
{
    const boooply_port_t *inner = &cfg->inner;

    if (inner->connect == NULL) {
#if BOOOPLY_MBEDTLS_USE_POSIX
        boooply_posix_init(&tls->posix);
        tls->inner = boooply_posix_port(&tls->posix);
        return 0;
#else
        boooply__mbedtls_set_reason(tls, "cfg.inner is empty and BOOOPLY_MBEDTLS_USE_POSIX is 0");
        return MBEDTLS_ERR_SSL_BAD_INPUT_DATA;
#endif
    }
    if (inner->send == NULL || inner->recv == NULL || inner->close == NULL || inner->now_ms == NULL) {
        boooply__mbedtls_set_reason(tls, "cfg.inner needs connect, send, recv, close and now_ms");
        return MBEDTLS_ERR_SSL_BAD_INPUT_DATA;
    }
    if (inner->flags != 0) {
        boooply__mbedtls_set_reason(tls, "cfg.inner must be a plain transport (flags 0)");
        return MBEDTLS_ERR_SSL_BAD_INPUT_DATA;
    }
    tls->inner = *inner;
    return 0;
}

/* Loads the trusted CA certificates. mbedTLS skips certificates of a
 * bundle that it cannot parse, so the load succeeds when at least one
 * certificate was read. */
static int boooply__mbedtls_load_ca(boooply_mbedtls_t *tls, const boooply_mbedtls_config_t *cfg)
{
    const char *file = cfg->ca_file;
    int result;

    if (cfg->ca_pem != NULL) {
        result = mbedtls_x509_crt_parse(&tls->ca, (const unsigned char *)cfg->ca_pem,
                                        strlen(cfg->ca_pem) + 1);
        if (result < 0) {
            boooply__mbedtls_fail(tls, result, "cfg.ca_pem contains no usable PEM certificate");
            return result;
        }
    } else if (file == NULL) {
        file = BOOOPLY_MBEDTLS_DEFAULT_CA_FILE;
    }
    if (file != NULL) {
#if defined(MBEDTLS_FS_IO)
        result = mbedtls_x509_crt_parse_file(&tls->ca, file);
        if (result < 0) {
            boooply__mbedtls_fail(tls, result, "loading the CA file failed");
            return result;
        }
#else
        boooply__mbedtls_set_reason(tls, "this mbedTLS build has no MBEDTLS_FS_IO: give cfg.ca_pem");
        return MBEDTLS_ERR_SSL_BAD_INPUT_DATA;
#endif
    }
    if (tls->ca.version == 0) {
        boooply__mbedtls_set_reason(tls, "no CA certificate could be parsed");
        return MBEDTLS_ERR_X509_INVALID_FORMAT;
    }
    return 0;
}

/* Applies the client settings: TLS 1.2 at least, certificate check,
 * no renegotiation, session tickets. */
static int boooply__mbedtls_configure(boooply_mbedtls_t *tls, const boooply_mbedtls_config_t *cfg)
{
    int result = mbedtls_ssl_config_defaults(&tls->conf, MBEDTLS_SSL_IS_CLIENT,
                                             MBEDTLS_SSL_TRANSPORT_STREAM,
                                             MBEDTLS_SSL_PRESET_DEFAULT);

    if (result != 0) {
        boooply__mbedtls_fail(tls, result, "mbedtls_ssl_config_defaults failed");
        return result;
    }
    mbedtls_ssl_conf_min_version(&tls->conf, MBEDTLS_SSL_MAJOR_VERSION_3,
                                 MBEDTLS_SSL_MINOR_VERSION_3);
#if defined(MBEDTLS_SSL_RENEGOTIATION)
    mbedtls_ssl_conf_renegotiation(&tls->conf, MBEDTLS_SSL_RENEGOTIATION_DISABLED);
#endif
#if defined(MBEDTLS_SSL_SESSION_TICKETS)
    mbedtls_ssl_conf_session_tickets(&tls->conf, MBEDTLS_SSL_SESSION_TICKETS_ENABLED);
#endif
    if (cfg->insecure_skip_verify_for_testing_only) {
        mbedtls_ssl_conf_authmode(&tls->conf, MBEDTLS_SSL_VERIFY_NONE);
    } else {
        mbedtls_ssl_conf_authmode(&tls->conf, MBEDTLS_SSL_VERIFY_REQUIRED);
        mbedtls_ssl_conf_ca_chain(&tls->conf, &tls->ca, NULL);
    }
    mbedtls_ssl_conf_rng(&tls->conf, mbedtls_ctr_drbg_random, &tls->drbg);

    result = mbedtls_ssl_setup(&tls->ssl, &tls->conf);
    if (result != 0) {
        boooply__mbedtls_fail(tls, result, "mbedtls_ssl_setup failed");
        return result;
    }
    mbedtls_ssl_set_bio(&tls->ssl, tls, boooply__mbedtls_bio_send, boooply__mbedtls_bio_recv,
                        NULL);
    return 0;
}

/* Seeds the random generator once from the config's entropy source. */
static int boooply__mbedtls_seed(boooply_mbedtls_t *tls, const boooply_mbedtls_config_t *cfg)
{
    static const char label[] = BOOOPLY__MBEDTLS_DRBG_LABEL;
    boooply_mbedtls_entropy_fn source = cfg->entropy;
    void *source_ctx = cfg->entropy_ctx;
    int result;

    if (source == NULL) {
#if defined(MBEDTLS_ENTROPY_C)
        source = mbedtls_entropy_func;
        source_ctx = &tls->entropy;
#else
        boooply__mbedtls_set_reason(tls, "this mbedTLS build has no MBEDTLS_ENTROPY_C: set cfg.entropy");
        return MBEDTLS_ERR_SSL_BAD_INPUT_DATA;
#endif
    }
    result = mbedtls_ctr_drbg_seed(&tls->drbg, source, source_ctx, (const unsigned char *)label,
                                   sizeof label - 1);
    if (result != 0) {
        boooply__mbedtls_fail(tls, result, "seeding the random generator failed");
    }
    return result;
}

BOOOPLY_MBEDTLS_DEF int boooply_mbedtls_init(boooply_mbedtls_t *tls,
                                             const boooply_mbedtls_config_t *cfg)
{
    int result;

    if (tls == NULL) {
        return MBEDTLS_ERR_SSL_BAD_INPUT_DATA;
    }
    memset(tls, 0, sizeof *tls);
    mbedtls_ssl_init(&tls->ssl);
    mbedtls_ssl_config_init(&tls->conf);
    mbedtls_x509_crt_init(&tls->ca);
    mbedtls_ctr_drbg_init(&tls->drbg);
#if defined(MBEDTLS_ENTROPY_C)
    mbedtls_entropy_init(&tls->entropy);
#endif
    mbedtls_ssl_session_init(&tls->session);
    tls->initialized = 1;
    if (cfg == NULL) {
        boooply__mbedtls_set_reason(tls, "cfg must not be NULL");
        boooply__mbedtls_release(tls);
        return MBEDTLS_ERR_SSL_BAD_INPUT_DATA;
    }
#if !defined(MBEDTLS_HAVE_TIME_DATE)
    if (!cfg->insecure_skip_verify_for_testing_only && !cfg->accept_unchecked_dates_without_clock) {
        boooply__mbedtls_set_reason(tls, "this mbedTLS build has no MBEDTLS_HAVE_TIME_DATE, so it "
                                         "cannot check certificate dates (see "
                                         "accept_unchecked_dates_without_clock)");
        boooply__mbedtls_release(tls);
        return MBEDTLS_ERR_SSL_BAD_INPUT_DATA;
    }
#endif

    result = boooply__mbedtls_set_inner(tls, cfg);
    if (result == 0) {
        result = boooply__mbedtls_seed(tls, cfg);
    }
    if (result == 0 && !cfg->insecure_skip_verify_for_testing_only) {
        result = boooply__mbedtls_load_ca(tls, cfg);
    }
    if (result == 0) {
        result = boooply__mbedtls_configure(tls, cfg);
    }
    if (result != 0) {
        boooply__mbedtls_release(tls);
        return result;
    }
    tls->ready = 1;
    return 0;
}

BOOOPLY_MBEDTLS_DEF void boooply_mbedtls_free(boooply_mbedtls_t *tls)
{
    if (tls == NULL || !tls->initialized) {
        return;
    }
    boooply__mbedtls_release(tls);
}

BOOOPLY_MBEDTLS_DEF boooply_port_t boooply_mbedtls_port(boooply_mbedtls_t *tls)
{
    boooply_port_t port;

    /* Zeroed first, so members added to boooply_port_t later start out
     * NULL or 0. */
    memset(&port, 0, sizeof port);
    port.ctx = tls;
    port.flags = BOOOPLY_PORT_SECURE;
    port.connect = boooply__mbedtls_connect;
    port.send = boooply__mbedtls_send;
    port.recv = boooply__mbedtls_recv;
    port.close = boooply__mbedtls_close;
    port.now_ms = boooply__mbedtls_now_ms;
    if (tls != NULL && tls->inner.sleep_ms != NULL) {
        port.sleep_ms = boooply__mbedtls_sleep_ms;
    }
    return port;
}

BOOOPLY_MBEDTLS_DEF const char *boooply_mbedtls_reason(const boooply_mbedtls_t *tls)
{
    return tls == NULL ? "" : tls->reason;
}

BOOOPLY_MBEDTLS_DEF uint32_t boooply_mbedtls_verify_flags(const boooply_mbedtls_t *tls)
{
    return tls == NULL ? 0u : tls->verify_flags;
}

BOOOPLY_MBEDTLS_DEF int boooply_mbedtls_last_error(const boooply_mbedtls_t *tls)
{
    return tls == NULL ? 0 : tls->last_error;
}

BOOOPLY_MBEDTLS_DEF boooply_mbedtls_stats_t boooply_mbedtls_stats(const boooply_mbedtls_t *tls)
{
    boooply_mbedtls_stats_t none;

    if (tls != NULL) {
        return tls->stats;
    }
    memset(&none, 0, sizeof none);
    return none;
}

#undef BOOOPLY__MBEDTLS_CLOSED
#undef BOOOPLY__MBEDTLS_OPEN
#undef BOOOPLY__MBEDTLS_PEER_CLOSED
#undef BOOOPLY__MBEDTLS_BROKEN
#undef BOOOPLY__MBEDTLS_DRBG_LABEL

#endif /* BOOOPLY_MBEDTLS_IMPLEMENTATION */
