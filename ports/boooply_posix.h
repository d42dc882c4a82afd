/* boooply_posix.h - POSIX sockets port for boooply.h - MIT licence
 *
 * A boooply_port_t over plain TCP sockets (no TLS), for systems with
 * POSIX.1-2008 sockets, getaddrinfo, poll, clock_gettime(CLOCK_MONOTONIC)
 * and nanosleep. Tested on Linux with glibc only.
 *
 * Build it in exactly one C file:
 *
 *     #define BOOOPLY_POSIX_IMPLEMENTATION
 *     #include "ports/boooply_posix.h"
 *
 * Every other file includes it without the macro. This file includes
 * "boooply.h", so the include path must find boooply.h (for example -I. at
 * the repository root).
 *
 * The implementation needs the POSIX declarations. When _POSIX_C_SOURCE is
 * not defined, this file defines it as 200809L, which only takes effect if
 * this file comes before every other #include of the implementation file.
 * Otherwise compile that file with -D_POSIX_C_SOURCE=200809L (or with
 * _DEFAULT_SOURCE, _GNU_SOURCE, _DARWIN_C_SOURCE or similar).
 *
 * Quick start:
 *
 *     boooply_posix_t posix;
 *     boooply_port_t port;
 *
 *     boooply_posix_init(&posix);
 *     port = boooply_posix_port(&posix);
 *     if (port.connect(port.ctx, "127.0.0.1", 8080, 5000) == 0) {
 *         ... hand &port to the client, or call port.send and port.recv ...
 *         port.close(port.ctx);
 *     }
 *
 * Behaviour (the contract of boooply_port_t in boooply.h):
 *   - connect resolves host with getaddrinfo (names, IPv4 literals, IPv6
 *     literals without brackets) and tries every address it returns, IPv4
 *     and IPv6, within the one timeout. It closes any previous connection
 *     of the same context first.
 *   - The socket is non-blocking and close-on-exec, with TCP_NODELAY set.
 *   - send loops over partial sends until all bytes are sent or the timeout
 *     passes. recv returns as soon as some bytes arrive.
 *   - send does not raise SIGPIPE: it passes MSG_NOSIGNAL where that
 *     exists and sets SO_NOSIGPIPE on the socket where only that exists.
 *     On a system with neither, the application must ignore SIGPIPE.
 *   - EINTR and EAGAIN are retried while time remains, never reported as
 *     errors.
 *
 * Error mapping:
 *   connect  BOOOPLY_PORT_RESOLVE  getaddrinfo failed with EAI_NONAME,
 *                                  EAI_AGAIN, EAI_FAIL (or EAI_NODATA,
 *                                  EAI_ADDRFAMILY where defined), or the
 *                                  name is under .invalid
 *            BOOOPLY_PORT_TIMEOUT  the timeout passed during an attempt,
 *                                  or ETIMEDOUT
 *            BOOOPLY_PORT_REFUSED  ECONNREFUSED from an address, and no
 *                                  attempt timed out
 *            BOOOPLY_PORT_ERROR    anything else, including a NULL or
 *                                  empty host
 *   send     BOOOPLY_PORT_RESET    EPIPE or ECONNRESET
 *   recv     BOOOPLY_PORT_EOF      the peer closed cleanly (recv gave 0)
 *            BOOOPLY_PORT_RESET    ECONNRESET
 *   both     BOOOPLY_PORT_ERROR    any other errno, a NULL pointer, len 0,
 *                                  no connection, or a count from the
 *                                  system larger than requested
 *   After a negative result the connection is unusable, so call close or
 *   connect again.
 *
 * Limits:
 *   - Name resolution is not bounded by the timeout (see the NOTE at
 *     boooply__posix_connect).
 *   - getaddrinfo allocates its result inside the C library, which this
 *     port frees with freeaddrinfo. The port itself never calls malloc.
 *   - A boooply_posix_t carries one connection at a time. Different
 *     contexts may be used from different threads, but one context must
 *     not be used from two threads at once.
 *   - No TLS: the port's flags are 0, so it serves only http:// URLs.
 */
#ifndef BOOOPLY_POSIX_H
#define BOOOPLY_POSIX_H

/* This must run before any system header, which is why it sits above the
 * include of boooply.h (that pulls in <stdint.h>). */
#if defined(BOOOPLY_POSIX_IMPLEMENTATION) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif

#include "boooply.h"

#ifndef BOOOPLY_POSIX_DEF
#ifdef BOOOPLY_STATIC
#define BOOOPLY_POSIX_DEF static
#elif defined(__cplusplus)
#define BOOOPLY_POSIX_DEF extern "C"
#else
#define BOOOPLY_POSIX_DEF extern
#endif
#endif

/* Connection state of one port. The caller owns the storage, which must
 * outlive every use of the port made from it. */
typedef struct boooply_posix {
    int fd; /* connected socket, or -1 when closed */
} boooply_posix_t;

/* Marks posix as closed. Call it once before boooply_posix_port. */
BOOOPLY_POSIX_DEF void boooply_posix_init(boooply_posix_t *posix);

/* Builds a port whose ctx is posix, with flags 0 and every function set.
 * The port keeps the pointer, so posix must stay valid while the port is
 * used. */
BOOOPLY_POSIX_DEF boooply_port_t boooply_posix_port(boooply_posix_t *posix);

#endif /* BOOOPLY_POSIX_H */

/* Guarded, so that the implementation file may also include a header that
 * includes this one again, such as boooply_mbedtls.h. */
#if defined(BOOOPLY_POSIX_IMPLEMENTATION) && !defined(BOOOPLY_POSIX_IMPLEMENTATION_DONE_)
#define BOOOPLY_POSIX_IMPLEMENTATION_DONE_

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#ifdef MSG_NOSIGNAL
#define BOOOPLY__POSIX_SEND_FLAGS MSG_NOSIGNAL
#else
/* The socket carries SO_NOSIGPIPE instead where that exists (see
 * boooply__posix_open). */
#define BOOOPLY__POSIX_SEND_FLAGS 0
#endif

/* Reads CLOCK_MONOTONIC in milliseconds, wrapping at 2^32. Deadlines are
 * kept as a start time plus a timeout, and elapsed time is an unsigned
 * difference, so the wrap does no harm to timeouts below 2^32 ms. */
static uint32_t boooply__posix_clock_ms(void)
{
    struct timespec now;
    uint64_t ms;

    /* NOTE: if the system lacks CLOCK_MONOTONIC this stays at 0, so
     * timeouts count only the time spent inside single poll calls. */
    if (clock_gettime(CLOCK_MONOTONIC, &now) != 0) {
        return 0;
    }
    ms = (uint64_t)now.tv_sec * 1000u + (uint64_t)(now.tv_nsec / 1000000L);
    return (uint32_t)ms;
}

/* Returns how many of timeout_ms milliseconds are left since start. */
static uint32_t boooply__posix_remaining_ms(uint32_t start, uint32_t timeout_ms)
{
    uint32_t elapsed = (uint32_t)(boooply__posix_clock_ms() - start);

    return elapsed >= timeout_ms ? 0u : timeout_ms - elapsed;
}

/* Waits up to timeout_ms for events on fd. Returns what poll returns
 * (1 ready, 0 timed out, -1 with errno set) and stores the revents. */
static int boooply__posix_poll(int fd, short events, uint32_t timeout_ms, short *revents)
{
    struct pollfd entry;
    int wait_ms = timeout_ms > (uint32_t)INT_MAX ? INT_MAX : (int)timeout_ms;
    int ready;

    entry.fd = fd;
    entry.events = events;
    entry.revents = 0;
    ready = poll(&entry, 1, wait_ms);
    *revents = entry.revents;
    return ready;
}

/* Creates a non-blocking, close-on-exec TCP socket with TCP_NODELAY set.
 * Returns the descriptor, or -1. */
static int boooply__posix_open(int family, int type, int protocol)
{
    int fd;
    int on = 1;

#if defined(SOCK_NONBLOCK) && defined(SOCK_CLOEXEC)
    fd = socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
    if (fd < 0) {
        return -1;
    }
#else
    int status_flags;

    /* NOTE: another thread that calls fork and exec between socket() and
     * F_SETFD can inherit this descriptor. SOCK_CLOEXEC closes that gap
     * where the system has it. Linux builds never compile this branch. */
    fd = socket(family, type, protocol);
    if (fd < 0) {
        return -1;
    }
    status_flags = fcntl(fd, F_GETFL);
    if (status_flags < 0 || fcntl(fd, F_SETFL, status_flags | O_NONBLOCK) != 0
        || fcntl(fd, F_SETFD, FD_CLOEXEC) != 0) {
        (void)close(fd);
        return -1;
    }
#endif

    if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, (socklen_t)sizeof on) != 0) {
        (void)close(fd);
        return -1;
    }

#if !defined(MSG_NOSIGNAL) && defined(SO_NOSIGPIPE)
    /* NOTE: this branch is for macOS and older BSDs. Linux builds never
     * compile it. */
    if (setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &on, (socklen_t)sizeof on) != 0) {
        (void)close(fd);
        return -1;
    }
#endif

    return fd;
}

/* Maps the errno of a failed connection attempt to a port result. */
static int boooply__posix_connect_result(int error)
{
    if (error == ECONNREFUSED) {
        return BOOOPLY_PORT_REFUSED;
    }
    if (error == ETIMEDOUT) {
        return BOOOPLY_PORT_TIMEOUT;
    }
    return BOOOPLY_PORT_ERROR;
}

/* Maps a getaddrinfo error to a port result. An if chain, because some
 * systems give EAI_NODATA the value of EAI_NONAME. */
static int boooply__posix_resolve_result(int error)
{
    if (error == EAI_NONAME || error == EAI_AGAIN || error == EAI_FAIL) {
        return BOOOPLY_PORT_RESOLVE;
    }
#ifdef EAI_NODATA
    if (error == EAI_NODATA) {
        return BOOOPLY_PORT_RESOLVE;
    }
#endif
#ifdef EAI_ADDRFAMILY
    if (error == EAI_ADDRFAMILY) {
        return BOOOPLY_PORT_RESOLVE;
    }
#endif
    return BOOOPLY_PORT_ERROR;
}

/* Tells whether host is "invalid" or a name under it, with or without a
 * final dot, in any letter case. RFC 6761 section 6.4 reserves that
 * top-level domain: no such name exists, and name resolution libraries
 * should return a negative result without sending a query. A C library
 * need not do so, which is why the port checks the name itself. */
static int boooply__posix_is_invalid_tld(const char *host)
{
    static const char suffix[] = "invalid";
    size_t suffix_len = sizeof suffix - 1;
    size_t len = strlen(host);
    size_t start;
    size_t i;

    if (len > 0 && host[len - 1] == '.') {
        len--;
    }
    if (len < suffix_len) {
        return 0;
    }
    start = len - suffix_len;
    if (start > 0 && host[start - 1] != '.') {
        return 0;
    }
    for (i = 0; i < suffix_len; i++) {
        char c = host[start + i];

        if (c >= 'A' && c <= 'Z') {
            c = (char)(c - 'A' + 'a');
        }
        if (c != suffix[i]) {
            return 0;
        }
    }
    return 1;
}

/* Writes port as a decimal string into text, which has room for "65535". */
static void boooply__posix_format_port(uint16_t port, char text[6])
{
    char digits[5];
    size_t count = 0;
    size_t i;
    unsigned value = port;

    do {
        digits[count++] = (char)('0' + value % 10u);
        value /= 10u;
    } while (value != 0);
    for (i = 0; i < count; i++) {
        text[i] = digits[count - 1 - i];
    }
    text[count] = '\0';
}

/* Connects a new socket to one address, waiting at most budget_ms. On
 * success stores the socket in posix and returns 0. */
static int boooply__posix_connect_address(boooply_posix_t *posix,
                                          const struct addrinfo *address,
                                          uint32_t budget_ms)
{
    uint32_t start = boooply__posix_clock_ms();
    int fd = boooply__posix_open(address->ai_family, address->ai_socktype,
                                 address->ai_protocol);
    int error = 0;
    socklen_t error_len = (socklen_t)sizeof error;

    if (fd < 0) {
        return BOOOPLY_PORT_ERROR;
    }

    /* A non-blocking connect usually returns EINPROGRESS. After EINTR the
     * connection also goes on in the background (the POSIX connect()
     * page), so both cases wait for writability below. */
    if (connect(fd, address->ai_addr, address->ai_addrlen) != 0) {
        if (errno != EINPROGRESS && errno != EINTR) {
            error = errno;
            (void)close(fd);
            return boooply__posix_connect_result(error);
        }
        for (;;) {
            uint32_t remaining = boooply__posix_remaining_ms(start, budget_ms);
            short revents = 0;
            int ready = boooply__posix_poll(fd, POLLOUT, remaining, &revents);

            if (ready > 0) {
                break;
            }
            if (ready < 0 && errno != EINTR) {
                (void)close(fd);
                return BOOOPLY_PORT_ERROR;
            }
            if (boooply__posix_remaining_ms(start, budget_ms) == 0) {
                (void)close(fd);
                return BOOOPLY_PORT_TIMEOUT;
            }
        }
        if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &error_len) != 0) {
            (void)close(fd);
            return BOOOPLY_PORT_ERROR;
        }
        if (error != 0) {
            (void)close(fd);
            return boooply__posix_connect_result(error);
        }
    }

    posix->fd = fd;
    return 0;
}

static void boooply__posix_close(void *ctx)
{
    boooply_posix_t *posix = (boooply_posix_t *)ctx;

    if (posix == NULL || posix->fd < 0) {
        return;
    }
    /* close is not retried after EINTR. Linux has already released the
     * descriptor then, and a retry could close one that another thread
     * has just opened (close(2) in the Linux man-pages). */
    (void)close(posix->fd);
    posix->fd = -1;
}

/* NOTE: getaddrinfo cannot be bounded portably, so name resolution may
 * take longer than timeout_ms. By default glibc waits 5 s for each name
 * server and tries twice (options timeout and attempts in resolv.conf(5)).
 * The deadline starts before resolution, so a slow resolution
 * shortens the time left to connect. IPv4 and IPv6 literals and names in
 * /etc/hosts resolve without waiting. */
static int boooply__posix_connect(void *ctx, const char *host, uint16_t port,
                                  uint32_t timeout_ms)
{
    boooply_posix_t *posix = (boooply_posix_t *)ctx;
    uint32_t start = boooply__posix_clock_ms();
    struct addrinfo hints;
    struct addrinfo *list = NULL;
    const struct addrinfo *address;
    char service[6];
    size_t untried = 0;
    int timed_out = 0;
    int refused = 0;
    int status;

    if (posix == NULL) {
        return BOOOPLY_PORT_ERROR;
    }
    boooply__posix_close(posix);
    if (host == NULL || host[0] == '\0') {
        return BOOOPLY_PORT_ERROR;
    }
    if (boooply__posix_is_invalid_tld(host)) {
        return BOOOPLY_PORT_RESOLVE;
    }

    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_protocol = IPPROTO_TCP;
    hints.ai_flags = AI_NUMERICSERV;
    boooply__posix_format_port(port, service);
    status = getaddrinfo(host, service, &hints, &list);
    if (status != 0) {
        return boooply__posix_resolve_result(status);
    }

    for (address = list; address != NULL; address = address->ai_next) {
        untried++;
    }

    /* Each address gets an equal share of the time left, and the last
     * one gets all of it, so an address that drops packets cannot use up
     * the timeout before the others are tried. */
    for (address = list; address != NULL; address = address->ai_next, untried--) {
        uint32_t remaining = boooply__posix_remaining_ms(start, timeout_ms);
        uint32_t budget = remaining / (uint32_t)untried;

        if (remaining == 0 && address != list) {
            timed_out = 1;
            break;
        }
        status = boooply__posix_connect_address(posix, address, budget);
        if (status == 0) {
            freeaddrinfo(list);
            return 0;
        }
        if (status == BOOOPLY_PORT_TIMEOUT) {
            timed_out = 1;
        } else if (status == BOOOPLY_PORT_REFUSED) {
            refused = 1;
        }
    }
    freeaddrinfo(list);

    if (timed_out) {
        return BOOOPLY_PORT_TIMEOUT;
    }
    return refused ? BOOOPLY_PORT_REFUSED : BOOOPLY_PORT_ERROR;
}

/* Maps the errno of a failed send or recv to a port result. */
static long boooply__posix_transfer_result(int error)
{
    if (error == EPIPE || error == ECONNRESET) {
        return BOOOPLY_PORT_RESET;
    }
    return BOOOPLY_PORT_ERROR;
}

/* An error after part of the data went out is still returned as the
 * error, because the connection is unusable and the count no longer
 * matters. A count below len means only that the timeout passed. */
static long boooply__posix_send(void *ctx, const void *data, size_t len,
                                uint32_t timeout_ms)
{
    boooply_posix_t *posix = (boooply_posix_t *)ctx;
    const unsigned char *bytes = (const unsigned char *)data;
    uint32_t start = boooply__posix_clock_ms();
    size_t sent = 0;

    if (posix == NULL || posix->fd < 0 || data == NULL || len == 0) {
        return BOOOPLY_PORT_ERROR;
    }
    /* The count must fit the long return value. */
    if (len > (size_t)LONG_MAX) {
        len = (size_t)LONG_MAX;
    }

    while (sent < len) {
        ssize_t count = send(posix->fd, bytes + sent, len - sent,
                             BOOOPLY__POSIX_SEND_FLAGS);
        uint32_t remaining;
        short revents = 0;

        if (count > 0) {
            if ((size_t)count > len - sent) {
                return BOOOPLY_PORT_ERROR;
            }
            sent += (size_t)count;
            continue;
        }
        if (count < 0 && errno == EINTR) {
            if (boooply__posix_remaining_ms(start, timeout_ms) == 0) {
                break;
            }
            continue;
        }
        /* send returning 0 for a non-empty buffer is treated as EAGAIN. */
        if (count < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
            return boooply__posix_transfer_result(errno);
        }

        remaining = boooply__posix_remaining_ms(start, timeout_ms);
        if (remaining == 0) {
            break;
        }
        /* POLLERR and POLLHUP also end the wait, and the next send then
         * reports the error. */
        if (boooply__posix_poll(posix->fd, POLLOUT, remaining, &revents) < 0
            && errno != EINTR) {
            return BOOOPLY_PORT_ERROR;
        }
        if (revents & POLLNVAL) {
            return BOOOPLY_PORT_ERROR;
        }
    }

    if (sent == 0) {
        return BOOOPLY_PORT_WOULD_BLOCK;
    }
    return (long)sent;
}

/* Polls before every read, so EAGAIN from recv means a spurious wakeup,
 * which is retried while time remains. */
static long boooply__posix_recv(void *ctx, void *data, size_t len,
                                uint32_t timeout_ms)
{
    boooply_posix_t *posix = (boooply_posix_t *)ctx;
    uint32_t start = boooply__posix_clock_ms();

    if (posix == NULL || posix->fd < 0 || data == NULL || len == 0) {
        return BOOOPLY_PORT_ERROR;
    }
    /* The count must fit the long return value. */
    if (len > (size_t)LONG_MAX) {
        len = (size_t)LONG_MAX;
    }

    for (;;) {
        uint32_t remaining = boooply__posix_remaining_ms(start, timeout_ms);
        short revents = 0;
        int ready = boooply__posix_poll(posix->fd, POLLIN, remaining, &revents);
        ssize_t count;

        if (ready < 0 && errno != EINTR) {
            return BOOOPLY_PORT_ERROR;
        }
        if (ready > 0 && (revents & POLLNVAL)) {
            return BOOOPLY_PORT_ERROR;
        }
        /* POLLERR and POLLHUP also make the socket ready, and recv then
         * reports the error or the end of stream. */
        if (ready > 0) {
            count = recv(posix->fd, data, len, 0);
            if (count > 0 && (size_t)count > len) {
                return BOOOPLY_PORT_ERROR;
            }
            if (count > 0) {
                return (long)count;
            }
            if (count == 0) {
                return BOOOPLY_PORT_EOF;
            }
            if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) {
                return boooply__posix_transfer_result(errno);
            }
        }
        if (boooply__posix_remaining_ms(start, timeout_ms) == 0) {
            return BOOOPLY_PORT_WOULD_BLOCK;
        }
    }
}

static uint32_t boooply__posix_now_ms(void *ctx)
{
    (void)ctx;
    return boooply__posix_clock_ms();
}

static void boooply__posix_sleep_ms(void *ctx, uint32_t ms)
{
    struct timespec request;
    struct timespec remaining;

    (void)ctx;
    request.tv_sec = (time_t)(ms / 1000u);
    request.tv_nsec = (long)(ms % 1000u) * 1000000L;
    while (nanosleep(&request, &remaining) != 0 && errno == EINTR) {
        request = remaining;
    }
}

BOOOPLY_POSIX_DEF void boooply_posix_init(boooply_posix_t *posix)
{
    if (posix != NULL) {
        posix->fd = -1;
    }
}

BOOOPLY_POSIX_DEF boooply_port_t boooply_posix_port(boooply_posix_t *posix)
{
    boooply_port_t port;

    /* Zeroed first, so members added to boooply_port_t later start out
     * NULL or 0 rather than indeterminate. */
    memset(&port, 0, sizeof port);
    port.ctx = posix;
    port.flags = 0;
    port.connect = boooply__posix_connect;
    port.send = boooply__posix_send;
    port.recv = boooply__posix_recv;
    port.close = boooply__posix_close;
    port.now_ms = boooply__posix_now_ms;
    port.sleep_ms = boooply__posix_sleep_ms;
    return port;
}

#undef BOOOPLY__POSIX_SEND_FLAGS

#endif /* BOOOPLY_POSIX_IMPLEMENTATION */
