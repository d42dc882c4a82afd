/* Tests for ports/boooply_posix.h over real loopback sockets.
 *
 * Every server in these tests is a socket the test opens on 127.0.0.1 or
 * ::1, so no traffic leaves the machine. The binary must be linked with
 *
 *     -Wl,--wrap=recv,--wrap=send,--wrap=poll,--wrap=getaddrinfo,--wrap=freeaddrinfo
 *
 * The wrappers below pass every call through to the C library, except on
 * the one client socket a test scripts, where they inject errno values and
 * short counts. The getaddrinfo wrapper also stops any name other than
 * "localhost" and numeric addresses from reaching the resolver, because
 * a real lookup could send a DNS query off the machine.
 */
#define BOOOPLY_POSIX_IMPLEMENTATION
#include "ports/boooply_posix.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

/* Upper bound for every wait in the test itself, generous enough for
 * valgrind. */
#define WAIT_MS 10000

/* Time allowed beyond a timeout before a test fails the wait as too long. */
#define LATE_MS 2000

#define LARGE_SEND_SIZE (4u * 1024u * 1024u)

/* ------------------------------------------------------------------
 * Syscall fault injection
 * ------------------------------------------------------------------ */

typedef enum fault_action {
    FAULT_ERRNO,    /* fail with -1 and errno set, without the real call */
    FAULT_LIMIT,    /* make the real call with at most limit bytes */
    FAULT_OVERCLAIM /* claim one byte more than requested, without the real call */
} fault_action_t;

typedef struct fault_step {
    fault_action_t action;
    int error;
    size_t limit;
} fault_step_t;

typedef struct fault_script {
    const fault_step_t *steps;
    size_t count;
    size_t used;
} fault_script_t;

/* Scripts and counters for calls on one client socket. The peer side of a
 * test may run in another thread and goes through the same wrappers, so
 * every access holds fault_lock. */
typedef struct fault_state {
    int fd; /* the scripted socket, or -1 */
    fault_script_t recv;
    fault_script_t send;
    fault_script_t poll;
    unsigned recv_calls;
    unsigned send_calls;
    unsigned poll_calls;
    int poll_readable;       /* the last real poll on fd reported POLLIN */
    unsigned spurious_eagain; /* scripted EAGAIN from recv right after a readable poll */
} fault_state_t;

static pthread_mutex_t fault_lock = PTHREAD_MUTEX_INITIALIZER;
static fault_state_t faults;

ssize_t __real_recv(int fd, void *buffer, size_t len, int flags);
ssize_t __real_send(int fd, const void *buffer, size_t len, int flags);
int __real_poll(struct pollfd *fds, nfds_t nfds, int timeout);
int __real_getaddrinfo(const char *node, const char *service,
                       const struct addrinfo *hints, struct addrinfo **result);
void __real_freeaddrinfo(struct addrinfo *list);

ssize_t __wrap_recv(int fd, void *buffer, size_t len, int flags);
ssize_t __wrap_send(int fd, const void *buffer, size_t len, int flags);
int __wrap_poll(struct pollfd *fds, nfds_t nfds, int timeout);
int __wrap_getaddrinfo(const char *node, const char *service,
                       const struct addrinfo *hints, struct addrinfo **result);
void __wrap_freeaddrinfo(struct addrinfo *list);

static void faults_reset(void)
{
    pthread_mutex_lock(&fault_lock);
    memset(&faults, 0, sizeof faults);
    faults.fd = -1;
    pthread_mutex_unlock(&fault_lock);
}

/* Starts counting and scripting the calls on fd. */
static void faults_watch(int fd)
{
    pthread_mutex_lock(&fault_lock);
    faults.fd = fd;
    pthread_mutex_unlock(&fault_lock);
}

static void faults_script(fault_script_t *script, const fault_step_t *steps, size_t count)
{
    pthread_mutex_lock(&fault_lock);
    script->steps = steps;
    script->count = count;
    script->used = 0;
    pthread_mutex_unlock(&fault_lock);
}

/* Copies the next step of script into step. Returns 0 when the script is
 * used up. The caller holds fault_lock. */
static int faults_take(fault_script_t *script, fault_step_t *step)
{
    if (script->used >= script->count) {
        return 0;
    }
    *step = script->steps[script->used++];
    return 1;
}

ssize_t __wrap_recv(int fd, void *buffer, size_t len, int flags)
{
    fault_step_t step;
    int scripted = 0;

    pthread_mutex_lock(&fault_lock);
    if (faults.fd >= 0 && fd == faults.fd) {
        faults.recv_calls++;
        scripted = faults_take(&faults.recv, &step);
        if (scripted && step.action == FAULT_ERRNO && step.error == EAGAIN
            && faults.poll_readable) {
            faults.spurious_eagain++;
        }
        faults.poll_readable = 0;
    }
    pthread_mutex_unlock(&fault_lock);

    if (scripted && step.action == FAULT_ERRNO) {
        errno = step.error;
        return -1;
    }
    if (scripted && step.action == FAULT_OVERCLAIM) {
        return (ssize_t)len + 1;
    }
    if (scripted && step.action == FAULT_LIMIT && len > step.limit) {
        len = step.limit;
    }
    return __real_recv(fd, buffer, len, flags);
}

ssize_t __wrap_send(int fd, const void *buffer, size_t len, int flags)
{
    fault_step_t step;
    int scripted = 0;

    pthread_mutex_lock(&fault_lock);
    if (faults.fd >= 0 && fd == faults.fd) {
        faults.send_calls++;
        scripted = faults_take(&faults.send, &step);
    }
    pthread_mutex_unlock(&fault_lock);

    if (scripted && step.action == FAULT_ERRNO) {
        errno = step.error;
        return -1;
    }
    if (scripted && step.action == FAULT_OVERCLAIM) {
        return (ssize_t)len + 1;
    }
    if (scripted && step.action == FAULT_LIMIT && len > step.limit) {
        len = step.limit;
    }
    return __real_send(fd, buffer, len, flags);
}

int __wrap_poll(struct pollfd *fds, nfds_t nfds, int timeout)
{
    fault_step_t step;
    int watched;
    int scripted = 0;
    int ready;

    pthread_mutex_lock(&fault_lock);
    watched = nfds == 1 && faults.fd >= 0 && fds[0].fd == faults.fd;
    if (watched) {
        faults.poll_calls++;
        scripted = faults_take(&faults.poll, &step);
    }
    pthread_mutex_unlock(&fault_lock);

    if (scripted && step.action == FAULT_ERRNO) {
        errno = step.error;
        return -1;
    }
    ready = __real_poll(fds, nfds, timeout);
    if (watched) {
        pthread_mutex_lock(&fault_lock);
        faults.poll_readable = ready > 0 && (fds[0].revents & POLLIN) != 0;
        pthread_mutex_unlock(&fault_lock);
    }
    return ready;
}

/* ------------------------------------------------------------------
 * Resolver stand-in
 * ------------------------------------------------------------------ */

/* Only the main thread resolves names, so this needs no lock. */
typedef struct resolver_state {
    int error;             /* nonzero: getaddrinfo fails with this code */
    struct addrinfo *list; /* non-NULL: getaddrinfo returns this list */
    unsigned calls;        /* calls that reached getaddrinfo */
    unsigned blocked;      /* names kept from the real resolver */
} resolver_state_t;

static resolver_state_t resolver;

/* Tells whether node resolves without DNS: "localhost" comes from
 * /etc/hosts and numeric addresses need no lookup. */
static int resolves_locally(const char *node)
{
    unsigned char address[sizeof(struct in6_addr)];

    if (node == NULL) {
        return 0;
    }
    return strcmp(node, "localhost") == 0 || inet_pton(AF_INET, node, address) == 1
           || inet_pton(AF_INET6, node, address) == 1;
}

int __wrap_getaddrinfo(const char *node, const char *service,
                       const struct addrinfo *hints, struct addrinfo **result)
{
    resolver.calls++;
    if (resolver.error != 0) {
        return resolver.error;
    }
    if (resolver.list != NULL) {
        *result = resolver.list;
        return 0;
    }
    if (!resolves_locally(node)) {
        resolver.blocked++;
        return EAI_FAIL;
    }
    return __real_getaddrinfo(node, service, hints, result);
}

void __wrap_freeaddrinfo(struct addrinfo *list)
{
    if (list != NULL && list == resolver.list) {
        return;
    }
    __real_freeaddrinfo(list);
}

/* ------------------------------------------------------------------
 * Loopback servers and helpers
 * ------------------------------------------------------------------ */

#define MAX_TRACKED_FDS 32

typedef struct slow_reader {
    int fd;
    size_t expected;
    size_t received;
    size_t mismatches; /* bytes that broke the pattern */
    int timed_out;
} slow_reader_t;

typedef struct signal_sender {
    pthread_t target;
    uint32_t delay_ms;
} signal_sender_t;

/* Everything a test opens, so that teardown can release it even after a
 * failed assertion has left the test early. */
typedef struct fixture {
    boooply_posix_t posix;
    boooply_port_t port;
    int fds[MAX_TRACKED_FDS];
    pthread_t thread;
    int thread_running;
    slow_reader_t reader;
    signal_sender_t sender;
    struct addrinfo nodes[2];
    struct sockaddr_storage node_addresses[2];
} fixture_t;

static fixture_t the_fixture;
static volatile sig_atomic_t signals_caught;

static int track(fixture_t *fx, int fd)
{
    size_t i;

    for (i = 0; fd >= 0 && i < MAX_TRACKED_FDS; i++) {
        if (fx->fds[i] < 0) {
            fx->fds[i] = fd;
            return fd;
        }
    }
    return fd;
}

static void close_tracked(fixture_t *fx, int fd)
{
    size_t i;

    for (i = 0; i < MAX_TRACKED_FDS; i++) {
        if (fx->fds[i] == fd) {
            fx->fds[i] = -1;
        }
    }
    (void)close(fd);
}

static int setup(void **state)
{
    fixture_t *fx = &the_fixture;
    size_t i;

    memset(fx, 0, sizeof *fx);
    for (i = 0; i < MAX_TRACKED_FDS; i++) {
        fx->fds[i] = -1;
    }
    boooply_posix_init(&fx->posix);
    fx->port = boooply_posix_port(&fx->posix);
    faults_reset();
    memset(&resolver, 0, sizeof resolver);
    signals_caught = 0;
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *fx = (fixture_t *)*state;
    size_t i;

    faults_reset();
    memset(&resolver, 0, sizeof resolver);
    /* Closing the client first makes a reader thread see end of stream. */
    fx->port.close(fx->port.ctx);
    if (fx->thread_running) {
        (void)pthread_join(fx->thread, NULL);
        fx->thread_running = 0;
    }
    for (i = 0; i < MAX_TRACKED_FDS; i++) {
        if (fx->fds[i] >= 0) {
            (void)close(fx->fds[i]);
            fx->fds[i] = -1;
        }
    }
    return 0;
}

static uint32_t elapsed_ms(const struct timespec *start)
{
    struct timespec now;
    int64_t ns;

    (void)clock_gettime(CLOCK_MONOTONIC, &now);
    ns = (int64_t)(now.tv_sec - start->tv_sec) * 1000000000 + (now.tv_nsec - start->tv_nsec);
    return (uint32_t)(ns / 1000000);
}

static void pause_ms(long ms)
{
    struct timespec delay;

    delay.tv_sec = ms / 1000;
    delay.tv_nsec = (ms % 1000) * 1000000L;
    while (nanosleep(&delay, &delay) != 0 && errno == EINTR) {
    }
}

/* Waits up to timeout_ms for events on fd. Returns what poll returns. */
static int wait_for(int fd, short events, int timeout_ms)
{
    struct pollfd entry;

    entry.fd = fd;
    entry.events = events;
    entry.revents = 0;
    return poll(&entry, 1, timeout_ms);
}

/* Fills a loopback address of family with port (network order is handled
 * here). Returns its length. */
static socklen_t loopback_address(int family, uint16_t port, struct sockaddr_storage *storage)
{
    memset(storage, 0, sizeof *storage);
    if (family == AF_INET6) {
        struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)(void *)storage;

        v6->sin6_family = AF_INET6;
        v6->sin6_addr = in6addr_loopback;
        v6->sin6_port = htons(port);
        return (socklen_t)sizeof *v6;
    }
    {
        struct sockaddr_in *v4 = (struct sockaddr_in *)(void *)storage;

        v4->sin_family = AF_INET;
        v4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        v4->sin_port = htons(port);
        return (socklen_t)sizeof *v4;
    }
}

/* Opens a TCP socket bound to the loopback address of family at port
 * (0: any free port), listening with backlog unless backlog is negative.
 * Stores the bound port. Returns the tracked descriptor, or -1. */
static int open_server(fixture_t *fx, int family, uint16_t port, int backlog, uint16_t *bound_port)
{
    struct sockaddr_storage address;
    socklen_t len = loopback_address(family, port, &address);
    int on = 1;
    int fd = track(fx, socket(family, SOCK_STREAM, 0));

    if (fd < 0) {
        return -1;
    }
    if (family == AF_INET6
        && setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, (socklen_t)sizeof on) != 0) {
        return -1;
    }
    if (bind(fd, (struct sockaddr *)&address, len) != 0) {
        return -1;
    }
    if (backlog >= 0 && listen(fd, backlog) != 0) {
        return -1;
    }
    len = (socklen_t)sizeof address;
    if (getsockname(fd, (struct sockaddr *)&address, &len) != 0) {
        return -1;
    }
    if (family == AF_INET6) {
        *bound_port = ntohs(((struct sockaddr_in6 *)(void *)&address)->sin6_port);
    } else {
        *bound_port = ntohs(((struct sockaddr_in *)(void *)&address)->sin_port);
    }
    return fd;
}

/* Accepts one connection within WAIT_MS. Returns the tracked descriptor,
 * or -1. */
static int accept_client(fixture_t *fx, int listen_fd)
{
    if (wait_for(listen_fd, POLLIN, WAIT_MS) <= 0) {
        return -1;
    }
    return track(fx, accept(listen_fd, NULL, NULL));
}

/* Reads exactly len bytes from a blocking socket within WAIT_MS per read.
 * Returns the count read, less than len on end of stream or timeout. */
static size_t read_exactly(int fd, void *buffer, size_t len)
{
    unsigned char *bytes = (unsigned char *)buffer;
    size_t got = 0;

    while (got < len) {
        ssize_t count;

        if (wait_for(fd, POLLIN, WAIT_MS) <= 0) {
            break;
        }
        count = read(fd, bytes + got, len - got);
        if (count <= 0) {
            break;
        }
        got += (size_t)count;
    }
    return got;
}

static int write_all(int fd, const void *buffer, size_t len)
{
    const unsigned char *bytes = (const unsigned char *)buffer;
    size_t done = 0;

    while (done < len) {
        ssize_t count = write(fd, bytes + done, len - done);

        if (count <= 0) {
            return -1;
        }
        done += (size_t)count;
    }
    return 0;
}

/* Closes fd so that the kernel sends RST rather than FIN. */
static void abort_connection(fixture_t *fx, int fd)
{
    struct linger linger;

    linger.l_onoff = 1;
    linger.l_linger = 0;
    (void)setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, (socklen_t)sizeof linger);
    close_tracked(fx, fd);
}

/* Connects raw sockets to a listener until one does not complete within
 * 300 ms. Its accept queue is then full, and Linux drops further SYNs
 * rather than refusing them, so the next connect to it times out.
 * Returns 0 once the queue is full. */
static int fill_listen_queue(fixture_t *fx, uint16_t port)
{
    struct sockaddr_storage address;
    socklen_t len = loopback_address(AF_INET, port, &address);
    int attempt;

    for (attempt = 0; attempt < 16; attempt++) {
        int fd = track(fx, socket(AF_INET, SOCK_STREAM, 0));
        int flags;

        if (fd < 0) {
            return -1;
        }
        flags = fcntl(fd, F_GETFL);
        if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0) {
            return -1;
        }
        if (connect(fd, (struct sockaddr *)&address, len) == 0) {
            continue;
        }
        if (errno != EINPROGRESS) {
            return -1;
        }
        if (wait_for(fd, POLLOUT, 300) == 0) {
            return 0;
        }
    }
    return -1;
}

static unsigned char pattern_byte(size_t offset)
{
    return (unsigned char)(offset % 251u);
}

static void *slow_reader_run(void *arg)
{
    slow_reader_t *reader = (slow_reader_t *)arg;
    unsigned char chunk[16384];

    /* Reading nothing at first fills the socket buffers, so the sender
     * must wait for writability at least once. */
    pause_ms(200);
    while (reader->received < reader->expected) {
        ssize_t count;
        size_t i;

        if (wait_for(reader->fd, POLLIN, WAIT_MS) <= 0) {
            reader->timed_out = 1;
            break;
        }
        count = read(reader->fd, chunk, sizeof chunk);
        if (count <= 0) {
            break;
        }
        for (i = 0; i < (size_t)count; i++) {
            if (chunk[i] != pattern_byte(reader->received + i)) {
                reader->mismatches++;
            }
        }
        reader->received += (size_t)count;
        pause_ms(1);
    }
    return NULL;
}

static void catch_signal(int signal_number)
{
    (void)signal_number;
    signals_caught++;
}

static void *signal_sender_run(void *arg)
{
    signal_sender_t *sender = (signal_sender_t *)arg;

    pause_ms((long)sender->delay_ms);
    (void)pthread_kill(sender->target, SIGUSR1);
    return NULL;
}

/* Connects the fixture's port to a new listener of family and accepts the
 * connection. Returns the tracked server-side descriptor, or -1. */
static int connect_pair(fixture_t *fx, int family, const char *host)
{
    uint16_t port = 0;
    int listen_fd = open_server(fx, family, 0, 8, &port);

    if (listen_fd < 0) {
        return -1;
    }
    if (fx->port.connect(fx->port.ctx, host, port, WAIT_MS) != 0) {
        return -1;
    }
    return accept_client(fx, listen_fd);
}

/* ------------------------------------------------------------------
 * Setup, arguments and closing
 * ------------------------------------------------------------------ */

static void test_posix_port_sets_every_function(void **state)
{
    fixture_t *fx = (fixture_t *)*state;

    assert_int_equal(fx->posix.fd, -1);
    assert_ptr_equal(fx->port.ctx, &fx->posix);
    assert_int_equal(fx->port.flags, 0);
    assert_non_null(fx->port.connect);
    assert_non_null(fx->port.send);
    assert_non_null(fx->port.recv);
    assert_non_null(fx->port.close);
    assert_non_null(fx->port.now_ms);
    assert_non_null(fx->port.sleep_ms);
}

static void test_posix_invalid_arguments_error(void **state)
{
    fixture_t *fx = (fixture_t *)*state;
    char buffer[8];
    int server_fd = connect_pair(fx, AF_INET, "127.0.0.1");

    assert_true(server_fd >= 0);
    assert_int_equal(fx->port.send(fx->port.ctx, "x", 0, 100), BOOOPLY_PORT_ERROR);
    assert_int_equal(fx->port.send(fx->port.ctx, NULL, 1, 100), BOOOPLY_PORT_ERROR);
    assert_int_equal(fx->port.send(NULL, "x", 1, 100), BOOOPLY_PORT_ERROR);
    assert_int_equal(fx->port.recv(fx->port.ctx, buffer, 0, 100), BOOOPLY_PORT_ERROR);
    assert_int_equal(fx->port.recv(fx->port.ctx, NULL, 1, 100), BOOOPLY_PORT_ERROR);
    assert_int_equal(fx->port.recv(NULL, buffer, 1, 100), BOOOPLY_PORT_ERROR);
    assert_int_equal(fx->port.connect(NULL, "127.0.0.1", 80, 100), BOOOPLY_PORT_ERROR);
    assert_int_equal(fx->port.connect(fx->port.ctx, NULL, 80, 100), BOOOPLY_PORT_ERROR);
    assert_int_equal(fx->port.connect(fx->port.ctx, "", 80, 100), BOOOPLY_PORT_ERROR);
    /* A failed connect still closed the earlier connection. */
    assert_int_equal(fx->posix.fd, -1);
    fx->port.close(NULL);
    boooply_posix_init(NULL);
}

static void test_posix_close_twice_safe(void **state)
{
    fixture_t *fx = (fixture_t *)*state;
    char buffer[8];
    int server_fd;

    fx->port.close(fx->port.ctx);
    fx->port.close(fx->port.ctx);
    assert_int_equal(fx->posix.fd, -1);

    server_fd = connect_pair(fx, AF_INET, "127.0.0.1");
    assert_true(server_fd >= 0);
    assert_true(fx->posix.fd >= 0);
    fx->port.close(fx->port.ctx);
    assert_int_equal(fx->posix.fd, -1);
    fx->port.close(fx->port.ctx);
    assert_int_equal(fx->posix.fd, -1);

    /* The server reads end of stream. */
    assert_int_equal(wait_for(server_fd, POLLIN, WAIT_MS), 1);
    assert_int_equal(read(server_fd, buffer, sizeof buffer), 0);

    assert_int_equal(fx->port.send(fx->port.ctx, "x", 1, 100), BOOOPLY_PORT_ERROR);
    assert_int_equal(fx->port.recv(fx->port.ctx, buffer, sizeof buffer, 100), BOOOPLY_PORT_ERROR);
}

/* ------------------------------------------------------------------
 * connect
 * ------------------------------------------------------------------ */

static void round_trip(fixture_t *fx, int family, const char *host)
{
    struct sockaddr_storage peer;
    socklen_t peer_len = (socklen_t)sizeof peer;
    char reply[16];
    int server_fd = connect_pair(fx, family, host);

    assert_true(server_fd >= 0);
    assert_int_equal(getpeername(server_fd, (struct sockaddr *)&peer, &peer_len), 0);
    assert_int_equal(peer.ss_family, family);

    assert_int_equal(fx->port.send(fx->port.ctx, "ping", 4, WAIT_MS), 4);
    assert_int_equal(read_exactly(server_fd, reply, 4), 4);
    assert_memory_equal(reply, "ping", 4);

    assert_int_equal(write_all(server_fd, "pong!", 5), 0);
    memset(reply, 0, sizeof reply);
    assert_int_equal(fx->port.recv(fx->port.ctx, reply, sizeof reply, WAIT_MS), 5);
    assert_memory_equal(reply, "pong!", 5);
}

static void test_posix_connect_ipv4_round_trip(void **state)
{
    round_trip((fixture_t *)*state, AF_INET, "127.0.0.1");
}

static void test_posix_connect_ipv6_round_trip(void **state)
{
    round_trip((fixture_t *)*state, AF_INET6, "::1");
}

static void test_posix_connect_localhost_resolves(void **state)
{
    fixture_t *fx = (fixture_t *)*state;

    /* The listener is IPv4 only, so this needs localhost to include
     * 127.0.0.1, as the default /etc/hosts of Debian does. */
    round_trip(fx, AF_INET, "localhost");
    assert_int_equal(resolver.calls, 1);
    assert_int_equal(resolver.blocked, 0);
}

static void test_posix_connect_sets_socket_options(void **state)
{
    fixture_t *fx = (fixture_t *)*state;
    int nodelay = 0;
    socklen_t len = (socklen_t)sizeof nodelay;
    int server_fd = connect_pair(fx, AF_INET, "127.0.0.1");

    assert_true(server_fd >= 0);
    assert_true((fcntl(fx->posix.fd, F_GETFL) & O_NONBLOCK) != 0);
    assert_true((fcntl(fx->posix.fd, F_GETFD) & FD_CLOEXEC) != 0);
    assert_int_equal(getsockopt(fx->posix.fd, IPPROTO_TCP, TCP_NODELAY, &nodelay, &len), 0);
    assert_true(nodelay != 0);
}

static void test_posix_connect_replaces_previous(void **state)
{
    fixture_t *fx = (fixture_t *)*state;
    uint16_t port = 0;
    int listen_fd = open_server(fx, AF_INET, 0, 8, &port);
    int first_fd;
    int second_fd;
    char buffer[8];

    assert_true(listen_fd >= 0);
    assert_int_equal(fx->port.connect(fx->port.ctx, "127.0.0.1", port, WAIT_MS), 0);
    first_fd = accept_client(fx, listen_fd);
    assert_true(first_fd >= 0);

    assert_int_equal(fx->port.connect(fx->port.ctx, "127.0.0.1", port, WAIT_MS), 0);
    second_fd = accept_client(fx, listen_fd);
    assert_true(second_fd >= 0);

    assert_int_equal(wait_for(first_fd, POLLIN, WAIT_MS), 1);
    assert_int_equal(read(first_fd, buffer, sizeof buffer), 0);
    assert_int_equal(fx->port.send(fx->port.ctx, "ok", 2, WAIT_MS), 2);
    assert_int_equal(read_exactly(second_fd, buffer, 2), 2);
}

static void test_posix_connect_closed_port_refused(void **state)
{
    fixture_t *fx = (fixture_t *)*state;
    uint16_t port4 = 0;
    uint16_t port6 = 0;

    /* Bound but not listening: the port stays taken, and connecting to it
     * gets RST. */
    assert_true(open_server(fx, AF_INET, 0, -1, &port4) >= 0);
    assert_true(open_server(fx, AF_INET6, 0, -1, &port6) >= 0);

    assert_int_equal(fx->port.connect(fx->port.ctx, "127.0.0.1", port4, WAIT_MS),
                     BOOOPLY_PORT_REFUSED);
    assert_int_equal(fx->port.connect(fx->port.ctx, "::1", port6, WAIT_MS),
                     BOOOPLY_PORT_REFUSED);
    assert_int_equal(fx->posix.fd, -1);
}

static void test_posix_connect_invalid_name_resolve(void **state)
{
    fixture_t *fx = (fixture_t *)*state;
    static const char *const names[] = {
        "api.boooply.invalid", "API.BOOOPLY.INVALID.", "invalid", "Invalid."
    };
    size_t i;

    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        assert_int_equal(fx->port.connect(fx->port.ctx, names[i], 80, WAIT_MS),
                         BOOOPLY_PORT_RESOLVE);
    }
    /* These names never reach getaddrinfo. */
    assert_int_equal(resolver.calls, 0);

    /* Names that only contain the word go to getaddrinfo, which the
     * wrapper fails with EAI_FAIL instead of querying DNS. */
    assert_int_equal(fx->port.connect(fx->port.ctx, "notinvalid", 80, WAIT_MS),
                     BOOOPLY_PORT_RESOLVE);
    assert_int_equal(fx->port.connect(fx->port.ctx, "invalid.example", 80, WAIT_MS),
                     BOOOPLY_PORT_RESOLVE);
    assert_int_equal(resolver.calls, 2);
    assert_int_equal(resolver.blocked, 2);
}

static void test_posix_connect_resolver_errors_map(void **state)
{
    fixture_t *fx = (fixture_t *)*state;
    static const struct {
        int error;
        int expected;
    } cases[] = {
        {EAI_NONAME, BOOOPLY_PORT_RESOLVE},
        {EAI_AGAIN, BOOOPLY_PORT_RESOLVE},
        {EAI_FAIL, BOOOPLY_PORT_RESOLVE},
        {EAI_MEMORY, BOOOPLY_PORT_ERROR},
        {EAI_SERVICE, BOOOPLY_PORT_ERROR},
        {EAI_SYSTEM, BOOOPLY_PORT_ERROR},
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        resolver.error = cases[i].error;
        assert_int_equal(fx->port.connect(fx->port.ctx, "api.boooply.test", 80, WAIT_MS),
                         cases[i].expected);
    }
    assert_int_equal(resolver.calls, sizeof cases / sizeof cases[0]);
}

static void test_posix_connect_full_queue_timeout(void **state)
{
    fixture_t *fx = (fixture_t *)*state;
    uint16_t port = 0;
    struct timespec start;
    uint32_t waited;

    assert_true(open_server(fx, AF_INET, 0, 0, &port) >= 0);
    assert_int_equal(fill_listen_queue(fx, port), 0);

    (void)clock_gettime(CLOCK_MONOTONIC, &start);
    assert_int_equal(fx->port.connect(fx->port.ctx, "127.0.0.1", port, 300),
                     BOOOPLY_PORT_TIMEOUT);
    waited = elapsed_ms(&start);
    assert_true(waited >= 290);
    assert_true(waited < 300 + LATE_MS);
    assert_int_equal(fx->posix.fd, -1);
}

/* Makes the resolver stand-in return two loopback addresses, each with
 * its own family and port. */
static void inject_addresses(fixture_t *fx, int family0, uint16_t port0, int family1, uint16_t port1)
{
    int families[2];
    uint16_t ports[2];
    size_t i;

    families[0] = family0;
    families[1] = family1;
    ports[0] = port0;
    ports[1] = port1;
    memset(fx->nodes, 0, sizeof fx->nodes);
    for (i = 0; i < 2; i++) {
        fx->nodes[i].ai_family = families[i];
        fx->nodes[i].ai_socktype = SOCK_STREAM;
        fx->nodes[i].ai_protocol = IPPROTO_TCP;
        fx->nodes[i].ai_addrlen = loopback_address(families[i], ports[i], &fx->node_addresses[i]);
        fx->nodes[i].ai_addr = (struct sockaddr *)&fx->node_addresses[i];
    }
    fx->nodes[0].ai_next = &fx->nodes[1];
    resolver.list = &fx->nodes[0];
}

static void test_posix_connect_tries_next_family(void **state)
{
    fixture_t *fx = (fixture_t *)*state;
    uint16_t port = 0;
    uint16_t refusing_port = 0;
    int listen_fd = open_server(fx, AF_INET, 0, 8, &port);

    assert_true(listen_fd >= 0);
    /* Hold the same port number on ::1 without listening, so that the
     * IPv6 address is refused. */
    if (open_server(fx, AF_INET6, port, -1, &refusing_port) < 0) {
        skip();
    }
    inject_addresses(fx, AF_INET6, port, AF_INET, port);

    assert_int_equal(fx->port.connect(fx->port.ctx, "api.boooply.test", port, WAIT_MS), 0);
    assert_true(accept_client(fx, listen_fd) >= 0);
}

static void test_posix_connect_shares_timeout(void **state)
{
    fixture_t *fx = (fixture_t *)*state;
    uint16_t silent_port = 0;
    uint16_t port = 0;
    int listen_fd = open_server(fx, AF_INET, 0, 8, &port);
    struct timespec start;
    uint32_t waited;

    assert_true(listen_fd >= 0);
    assert_true(open_server(fx, AF_INET, 0, 0, &silent_port) >= 0);
    assert_int_equal(fill_listen_queue(fx, silent_port), 0);

    /* The first address drops the SYN, so it may use only half of the
     * timeout and the second one still connects. */
    inject_addresses(fx, AF_INET, silent_port, AF_INET, port);
    (void)clock_gettime(CLOCK_MONOTONIC, &start);
    assert_int_equal(fx->port.connect(fx->port.ctx, "api.boooply.test", port, 1000), 0);
    waited = elapsed_ms(&start);
    assert_true(waited >= 450);
    assert_true(waited < 1000 + LATE_MS);
    assert_true(accept_client(fx, listen_fd) >= 0);
}

static void test_posix_connect_timeout_outranks_refused(void **state)
{
    fixture_t *fx = (fixture_t *)*state;
    uint16_t silent_port = 0;
    uint16_t refusing_port = 0;

    assert_true(open_server(fx, AF_INET, 0, 0, &silent_port) >= 0);
    assert_true(open_server(fx, AF_INET, 0, -1, &refusing_port) >= 0);
    assert_int_equal(fill_listen_queue(fx, silent_port), 0);

    inject_addresses(fx, AF_INET, refusing_port, AF_INET, refusing_port);
    assert_int_equal(fx->port.connect(fx->port.ctx, "api.boooply.test", 80, 400),
                     BOOOPLY_PORT_REFUSED);

    inject_addresses(fx, AF_INET, silent_port, AF_INET, refusing_port);
    assert_int_equal(fx->port.connect(fx->port.ctx, "api.boooply.test", 80, 400),
                     BOOOPLY_PORT_TIMEOUT);
}

/* ------------------------------------------------------------------
 * recv
 * ------------------------------------------------------------------ */

static void test_posix_recv_times_out_with_zero(void **state)
{
    fixture_t *fx = (fixture_t *)*state;
    char buffer[16];
    struct timespec start;
    uint32_t waited;
    int server_fd = connect_pair(fx, AF_INET, "127.0.0.1");

    assert_true(server_fd >= 0);

    (void)clock_gettime(CLOCK_MONOTONIC, &start);
    assert_int_equal(fx->port.recv(fx->port.ctx, buffer, sizeof buffer, 200),
                     BOOOPLY_PORT_WOULD_BLOCK);
    waited = elapsed_ms(&start);
    assert_true(waited >= 190);
    assert_true(waited < 200 + LATE_MS);

    (void)clock_gettime(CLOCK_MONOTONIC, &start);
    assert_int_equal(fx->port.recv(fx->port.ctx, buffer, sizeof buffer, 0),
                     BOOOPLY_PORT_WOULD_BLOCK);
    assert_true(elapsed_ms(&start) < LATE_MS);
}

static void test_posix_recv_limits_count_to_len(void **state)
{
    fixture_t *fx = (fixture_t *)*state;
    char buffer[64];
    int server_fd = connect_pair(fx, AF_INET, "127.0.0.1");

    assert_true(server_fd >= 0);
    assert_int_equal(write_all(server_fd, "0123456789", 10), 0);

    memset(buffer, '#', sizeof buffer);
    assert_int_equal(fx->port.recv(fx->port.ctx, buffer, 4, WAIT_MS), 4);
    assert_memory_equal(buffer, "0123", 4);
    assert_int_equal(buffer[4], '#');
    assert_int_equal(fx->port.recv(fx->port.ctx, buffer + 4, sizeof buffer - 4, WAIT_MS), 6);
    assert_memory_equal(buffer, "0123456789", 10);
}

static void test_posix_recv_peer_close_eof(void **state)
{
    fixture_t *fx = (fixture_t *)*state;
    char buffer[16];
    int server_fd = connect_pair(fx, AF_INET, "127.0.0.1");

    assert_true(server_fd >= 0);
    assert_int_equal(write_all(server_fd, "bye", 3), 0);
    close_tracked(fx, server_fd);

    assert_int_equal(fx->port.recv(fx->port.ctx, buffer, sizeof buffer, WAIT_MS), 3);
    assert_memory_equal(buffer, "bye", 3);
    assert_int_equal(fx->port.recv(fx->port.ctx, buffer, sizeof buffer, WAIT_MS),
                     BOOOPLY_PORT_EOF);
    assert_int_equal(fx->port.recv(fx->port.ctx, buffer, sizeof buffer, WAIT_MS),
                     BOOOPLY_PORT_EOF);
}

static void test_posix_recv_peer_abort_reset(void **state)
{
    fixture_t *fx = (fixture_t *)*state;
    char buffer[16];
    long second;
    int server_fd = connect_pair(fx, AF_INET, "127.0.0.1");

    assert_true(server_fd >= 0);
    abort_connection(fx, server_fd);

    assert_int_equal(fx->port.recv(fx->port.ctx, buffer, sizeof buffer, WAIT_MS),
                     BOOOPLY_PORT_RESET);
    /* Linux reports ECONNRESET once, and recv returns 0 after that, so a
     * second call gives EOF there. Any negative result is acceptable. */
    second = fx->port.recv(fx->port.ctx, buffer, sizeof buffer, WAIT_MS);
    assert_true(second < 0);
}

/* ------------------------------------------------------------------
 * send
 * ------------------------------------------------------------------ */

/* Sends until the port reports the broken connection, and returns that
 * result. The first sends can still succeed, and the peer replies to
 * them with RST. */
static long send_until_failure(fixture_t *fx)
{
    long result = 0;
    int attempt;

    for (attempt = 0; attempt < 100 && result >= 0; attempt++) {
        result = fx->port.send(fx->port.ctx, "hello", 5, 100);
        if (result >= 0) {
            pause_ms(10);
        }
    }
    return result;
}

/* Restores the default SIGPIPE action, which ends the process, so that a
 * send that raised SIGPIPE would fail the whole run. */
static void default_sigpipe(void)
{
    struct sigaction action;
    sigset_t pipe_only;

    memset(&action, 0, sizeof action);
    action.sa_handler = SIG_DFL;
    assert_int_equal(sigemptyset(&action.sa_mask), 0);
    assert_int_equal(sigaction(SIGPIPE, &action, NULL), 0);
    assert_int_equal(sigemptyset(&pipe_only), 0);
    assert_int_equal(sigaddset(&pipe_only, SIGPIPE), 0);
    assert_int_equal(pthread_sigmask(SIG_UNBLOCK, &pipe_only, NULL), 0);
}

static void test_posix_send_after_peer_close(void **state)
{
    fixture_t *fx = (fixture_t *)*state;
    long result;
    int server_fd;

    default_sigpipe();
    server_fd = connect_pair(fx, AF_INET, "127.0.0.1");
    assert_true(server_fd >= 0);
    close_tracked(fx, server_fd);

    /* Linux: the first send succeeds, the peer replies with RST, and the
     * next send fails with EPIPE. */
    result = send_until_failure(fx);
    assert_true(result == BOOOPLY_PORT_RESET || result == BOOOPLY_PORT_ERROR);
}

static void test_posix_send_after_peer_abort(void **state)
{
    fixture_t *fx = (fixture_t *)*state;
    long result;
    int server_fd;

    default_sigpipe();
    server_fd = connect_pair(fx, AF_INET6, "::1");
    assert_true(server_fd >= 0);
    abort_connection(fx, server_fd);

    /* Linux: ECONNRESET on the first send, EPIPE on later ones. */
    result = send_until_failure(fx);
    assert_true(result == BOOOPLY_PORT_RESET || result == BOOOPLY_PORT_ERROR);
    result = fx->port.send(fx->port.ctx, "again", 5, 100);
    assert_true(result == BOOOPLY_PORT_RESET || result == BOOOPLY_PORT_ERROR);
}

static void test_posix_send_large_to_slow_reader(void **state)
{
    static unsigned char data[LARGE_SEND_SIZE];
    fixture_t *fx = (fixture_t *)*state;
    uint16_t port = 0;
    int small = 64 * 1024;
    int listen_fd = open_server(fx, AF_INET, 0, 8, &port);
    size_t i;

    assert_true(listen_fd >= 0);
    /* Accepted sockets inherit the small receive buffer, so the sender
     * meets a full window many times. */
    assert_int_equal(setsockopt(listen_fd, SOL_SOCKET, SO_RCVBUF, &small, (socklen_t)sizeof small), 0);
    for (i = 0; i < sizeof data; i++) {
        data[i] = pattern_byte(i);
    }
    assert_int_equal(fx->port.connect(fx->port.ctx, "127.0.0.1", port, WAIT_MS), 0);
    fx->reader.fd = accept_client(fx, listen_fd);
    assert_true(fx->reader.fd >= 0);
    fx->reader.expected = sizeof data;
    assert_int_equal(pthread_create(&fx->thread, NULL, slow_reader_run, &fx->reader), 0);
    fx->thread_running = 1;

    faults_watch(fx->posix.fd);
    assert_int_equal(fx->port.send(fx->port.ctx, data, sizeof data, 60000), (long)sizeof data);

    assert_int_equal(pthread_join(fx->thread, NULL), 0);
    fx->thread_running = 0;
    assert_int_equal(fx->reader.received, sizeof data);
    assert_int_equal(fx->reader.mismatches, 0);
    assert_false(fx->reader.timed_out);
    /* The port completed the partial sends itself. */
    assert_true(faults.send_calls > 1);
    assert_true(faults.poll_calls > 0);
}

static void test_posix_send_partial_then_zero(void **state)
{
    static unsigned char data[LARGE_SEND_SIZE];
    fixture_t *fx = (fixture_t *)*state;
    uint16_t port = 0;
    int small = 8 * 1024;
    int listen_fd = open_server(fx, AF_INET, 0, 8, &port);
    struct timespec start;
    uint32_t waited;
    long sent;

    assert_true(listen_fd >= 0);
    assert_int_equal(setsockopt(listen_fd, SOL_SOCKET, SO_RCVBUF, &small, (socklen_t)sizeof small), 0);
    assert_int_equal(fx->port.connect(fx->port.ctx, "127.0.0.1", port, WAIT_MS), 0);
    assert_int_equal(setsockopt(fx->posix.fd, SOL_SOCKET, SO_SNDBUF, &small, (socklen_t)sizeof small), 0);
    assert_true(accept_client(fx, listen_fd) >= 0);

    /* The server never reads, so only the socket buffers fill. */
    sent = fx->port.send(fx->port.ctx, data, sizeof data, 200);
    assert_true(sent > 0);
    assert_true(sent < (long)sizeof data);

    (void)clock_gettime(CLOCK_MONOTONIC, &start);
    assert_int_equal(fx->port.send(fx->port.ctx, data + sent, sizeof data - (size_t)sent, 100),
                     BOOOPLY_PORT_WOULD_BLOCK);
    waited = elapsed_ms(&start);
    assert_true(waited >= 90);
    assert_true(waited < 100 + LATE_MS);
}

/* ------------------------------------------------------------------
 * Injected syscall results
 * ------------------------------------------------------------------ */

static const char fault_request[] =
    "GET /api/integration/interviews/AB-123 HTTP/1.1\r\n"
    "Host: 127.0.0.1\r\n"
    "Authorization: Bearer bply_org_test\r\n"
    "\r\n";

/* A 200 response with a JSON body of 66 bytes, 137 bytes in all. */
static const char fault_response[] =
    "HTTP/1.1 200 OK\r\n"
    "Content-Type: application/json\r\n"
    "Content-Length: 66\r\n"
    "\r\n"
    "{\"code\":\"AB-123\",\"status\":\"scheduled\",\"candidate\":\"Candidate One\"}";

/* Waits until len bytes are queued on the client socket, so that the
 * scripted reads below see them all at once. */
static int wait_until_queued(int fd, size_t len)
{
    char peek[256];
    int attempt;

    for (attempt = 0; attempt < WAIT_MS; attempt++) {
        ssize_t count = __real_recv(fd, peek, sizeof peek, MSG_PEEK);

        if (count >= 0 && (size_t)count >= len) {
            return 0;
        }
        pause_ms(1);
    }
    return -1;
}

static void test_posix_faults_request_response(void **state)
{
    static const fault_step_t send_steps[] = {
        {FAULT_ERRNO, EAGAIN, 0},
        {FAULT_LIMIT, 0, 3},
        {FAULT_ERRNO, EINTR, 0},
    };
    static const fault_step_t recv_steps[] = {
        {FAULT_ERRNO, EINTR, 0},
        {FAULT_ERRNO, EAGAIN, 0},
        {FAULT_LIMIT, 0, 5},
        {FAULT_ERRNO, EAGAIN, 0},
        {FAULT_LIMIT, 0, 1},
    };
    static const fault_step_t poll_steps[] = {
        {FAULT_ERRNO, EINTR, 0},
    };
    const size_t request_len = sizeof fault_request - 1;
    const size_t response_len = sizeof fault_response - 1;
    fixture_t *fx = (fixture_t *)*state;
    char request[sizeof fault_request + 64];
    char response[512];
    long results[4];
    size_t got = 0;
    size_t i;
    int server_fd;

    assert_int_equal(response_len, 137);
    server_fd = connect_pair(fx, AF_INET, "127.0.0.1");
    assert_true(server_fd >= 0);

    /* send: EAGAIN, a short write of 3 bytes, EINTR, then the rest. */
    faults_watch(fx->posix.fd);
    faults_script(&faults.send, send_steps, 3);
    assert_int_equal(fx->port.send(fx->port.ctx, fault_request, request_len, WAIT_MS),
                     (long)request_len);
    assert_int_equal(faults.send.used, 3);
    assert_int_equal(faults.send_calls, 4);
    assert_true(faults.poll_calls >= 1);

    assert_int_equal(read_exactly(server_fd, request, request_len), request_len);
    assert_memory_equal(request, fault_request, request_len);
    assert_int_equal(write_all(server_fd, fault_response, response_len), 0);
    assert_int_equal(shutdown(server_fd, SHUT_WR), 0);
    assert_int_equal(wait_until_queued(fx->posix.fd, response_len), 0);

    /* recv: poll EINTR first, then EINTR, EAGAIN after a readable poll,
     * 5 bytes, EAGAIN, 1 byte, the rest, end of stream. */
    faults_reset();
    faults_watch(fx->posix.fd);
    faults_script(&faults.poll, poll_steps, 1);
    faults_script(&faults.recv, recv_steps, 5);
    for (i = 0; i < 4; i++) {
        results[i] = fx->port.recv(fx->port.ctx, response + got, sizeof response - got, WAIT_MS);
        if (results[i] > 0) {
            got += (size_t)results[i];
        }
    }
    assert_int_equal(results[0], 5);
    assert_int_equal(results[1], 1);
    assert_int_equal(results[2], (long)response_len - 6);
    assert_int_equal(results[3], BOOOPLY_PORT_EOF);
    assert_int_equal(got, response_len);
    assert_memory_equal(response, fault_response, response_len);
    assert_int_equal(faults.poll.used, 1);
    assert_int_equal(faults.recv.used, 5);
    assert_int_equal(faults.recv_calls, 7);
    assert_int_equal(faults.spurious_eagain, 2);

    /* The server got the request exactly once: nothing follows it. */
    fx->port.close(fx->port.ctx);
    assert_int_equal(wait_for(server_fd, POLLIN, WAIT_MS), 1);
    assert_int_equal(read(server_fd, request, sizeof request), 0);
}

static void test_posix_faults_overclaim_error(void **state)
{
    static const fault_step_t overclaim[] = {
        {FAULT_OVERCLAIM, 0, 0},
    };
    fixture_t *fx = (fixture_t *)*state;
    char buffer[16];
    int server_fd = connect_pair(fx, AF_INET, "127.0.0.1");

    assert_true(server_fd >= 0);
    assert_int_equal(write_all(server_fd, "data", 4), 0);

    faults_watch(fx->posix.fd);
    faults_script(&faults.recv, overclaim, 1);
    assert_int_equal(fx->port.recv(fx->port.ctx, buffer, sizeof buffer, WAIT_MS),
                     BOOOPLY_PORT_ERROR);
    faults_script(&faults.send, overclaim, 1);
    assert_int_equal(fx->port.send(fx->port.ctx, "data", 4, WAIT_MS), BOOOPLY_PORT_ERROR);
}

static void test_posix_faults_recv_errno_maps(void **state)
{
    static const fault_step_t reset[] = {{FAULT_ERRNO, ECONNRESET, 0}};
    static const fault_step_t other[] = {{FAULT_ERRNO, EIO, 0}};
    static const fault_step_t pipe_step[] = {{FAULT_ERRNO, EPIPE, 0}};
    fixture_t *fx = (fixture_t *)*state;
    char buffer[16];
    int server_fd = connect_pair(fx, AF_INET, "127.0.0.1");

    assert_true(server_fd >= 0);
    assert_int_equal(write_all(server_fd, "data", 4), 0);
    faults_watch(fx->posix.fd);

    faults_script(&faults.recv, reset, 1);
    assert_int_equal(fx->port.recv(fx->port.ctx, buffer, sizeof buffer, WAIT_MS),
                     BOOOPLY_PORT_RESET);
    faults_script(&faults.recv, other, 1);
    assert_int_equal(fx->port.recv(fx->port.ctx, buffer, sizeof buffer, WAIT_MS),
                     BOOOPLY_PORT_ERROR);
    faults_script(&faults.send, pipe_step, 1);
    assert_int_equal(fx->port.send(fx->port.ctx, "x", 1, WAIT_MS), BOOOPLY_PORT_RESET);
    faults_script(&faults.send, other, 1);
    assert_int_equal(fx->port.send(fx->port.ctx, "x", 1, WAIT_MS), BOOOPLY_PORT_ERROR);
}

/* ------------------------------------------------------------------
 * Clock
 * ------------------------------------------------------------------ */

static void test_posix_now_ms_monotonic(void **state)
{
    fixture_t *fx = (fixture_t *)*state;
    uint32_t first = fx->port.now_ms(fx->port.ctx);
    uint32_t previous = first;
    int i;

    for (i = 0; i < 100000; i++) {
        uint32_t now = fx->port.now_ms(fx->port.ctx);

        /* Unsigned differences survive the wrap at 2^32. */
        assert_true((uint32_t)(now - previous) < 1000u);
        previous = now;
    }
    pause_ms(50);
    assert_true((uint32_t)(fx->port.now_ms(fx->port.ctx) - first) >= 50u);
}

static void test_posix_sleep_ms_sleeps(void **state)
{
    fixture_t *fx = (fixture_t *)*state;
    struct timespec start;
    uint32_t waited;

    (void)clock_gettime(CLOCK_MONOTONIC, &start);
    fx->port.sleep_ms(fx->port.ctx, 100);
    waited = elapsed_ms(&start);
    assert_true(waited >= 100);
    assert_true(waited < 100 + LATE_MS);

    (void)clock_gettime(CLOCK_MONOTONIC, &start);
    fx->port.sleep_ms(fx->port.ctx, 0);
    assert_true(elapsed_ms(&start) < LATE_MS);
}

static void test_posix_sleep_ms_resumes_after_signal(void **state)
{
    fixture_t *fx = (fixture_t *)*state;
    struct sigaction action;
    struct sigaction previous;
    struct timespec start;
    uint32_t waited;

    /* No SA_RESTART, so the signal interrupts nanosleep with EINTR. */
    memset(&action, 0, sizeof action);
    action.sa_handler = catch_signal;
    assert_int_equal(sigemptyset(&action.sa_mask), 0);
    assert_int_equal(sigaction(SIGUSR1, &action, &previous), 0);

    fx->sender.target = pthread_self();
    fx->sender.delay_ms = 50;
    assert_int_equal(pthread_create(&fx->thread, NULL, signal_sender_run, &fx->sender), 0);
    fx->thread_running = 1;

    (void)clock_gettime(CLOCK_MONOTONIC, &start);
    fx->port.sleep_ms(fx->port.ctx, 300);
    waited = elapsed_ms(&start);

    assert_int_equal(pthread_join(fx->thread, NULL), 0);
    fx->thread_running = 0;
    assert_int_equal(sigaction(SIGUSR1, &previous, NULL), 0);
    assert_int_equal(signals_caught, 1);
    assert_true(waited >= 300);
    assert_true(waited < 300 + LATE_MS);
}

#define PORT_TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        PORT_TEST(test_posix_port_sets_every_function),
        PORT_TEST(test_posix_invalid_arguments_error),
        PORT_TEST(test_posix_close_twice_safe),
        PORT_TEST(test_posix_connect_ipv4_round_trip),
        PORT_TEST(test_posix_connect_ipv6_round_trip),
        PORT_TEST(test_posix_connect_localhost_resolves),
        PORT_TEST(test_posix_connect_sets_socket_options),
        PORT_TEST(test_posix_connect_replaces_previous),
        PORT_TEST(test_posix_connect_closed_port_refused),
        PORT_TEST(test_posix_connect_invalid_name_resolve),
        PORT_TEST(test_posix_connect_resolver_errors_map),
        PORT_TEST(test_posix_connect_full_queue_timeout),
        PORT_TEST(test_posix_connect_tries_next_family),
        PORT_TEST(test_posix_connect_shares_timeout),
        PORT_TEST(test_posix_connect_timeout_outranks_refused),
        PORT_TEST(test_posix_recv_times_out_with_zero),
        PORT_TEST(test_posix_recv_limits_count_to_len),
        PORT_TEST(test_posix_recv_peer_close_eof),
        PORT_TEST(test_posix_recv_peer_abort_reset),
        PORT_TEST(test_posix_send_after_peer_close),
        PORT_TEST(test_posix_send_after_peer_abort),
        PORT_TEST(test_posix_send_large_to_slow_reader),
        PORT_TEST(test_posix_send_partial_then_zero),
        PORT_TEST(test_posix_faults_request_response),
        PORT_TEST(test_posix_faults_overclaim_error),
        PORT_TEST(test_posix_faults_recv_errno_maps),
        PORT_TEST(test_posix_now_ms_monotonic),
        PORT_TEST(test_posix_sleep_ms_sleeps),
        PORT_TEST(test_posix_sleep_ms_resumes_after_signal),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
