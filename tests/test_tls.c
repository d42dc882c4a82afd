/* The mbedTLS port against real TLS servers on loopback: the simulator
 * over TLS, nginx as a TLS-terminating proxy in front of the plain
 * simulator, a replay server for exact response bytes, and raw listeners
 * that break the handshake. Every server is started here, on 127.0.0.1,
 * with a test PKI made by tests/tls/make_pki.sh in a temporary directory.
 *
 * Link with -Wl,--wrap=mbedtls_ssl_write: the wrapper records each call the
 * port makes, so case 22 can check the arguments after WANT_WRITE. */
#include "test_util.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "ports/boooply_mbedtls.h"

#define KEY "bply_org_test_key"
#define CALL_TIMEOUT_MS 8000u
#define CODE "Boooply-AI-1000000001"
#define CASE22_BODY_SIZE 19016

/* ------------------------------------------------------------ processes */

typedef struct server_process {
    pid_t pid;
    int port;
    char output[192];   /* stdout and stderr of the process */
    char log[192];      /* the server's own request log */
} server_process_t;

static char work_dir[128];
static char pki_dir[160];
static char nginx_dir[160];
static char ca_pem[8192];
static server_process_t sim_tls, sim_plain, replay;
static server_process_t nginx;

enum {
    NGINX_GOOD, NGINX_PLAIN, NGINX_OTHER_NAME, NGINX_EXPIRED, NGINX_NOT_YET_VALID,
    NGINX_UNKNOWN_CA, NGINX_SELF_SIGNED, NGINX_SERVER_COUNT
};
/* Port placeholder in tests/tls/nginx.conf and access log name of each server. */
static const char *const nginx_names[NGINX_SERVER_COUNT][2] = {
    {"GOOD_PORT", "good"},
    {"PLAIN_PORT", "plain"},
    {"OTHER_NAME_PORT", "other-name"},
    {"EXPIRED_PORT", "expired"},
    {"NOT_YET_VALID_PORT", "not-yet-valid"},
    {"UNKNOWN_CA_PORT", "unknown-ca"},
    {"SELF_SIGNED_PORT", "self-signed"},
};
static int nginx_ports[NGINX_SERVER_COUNT];

static void sleep_ms(long ms) {
    struct timespec ts;
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000L;
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

static long now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Reads a whole file into buf (NUL-terminated). Returns its length, or -1. */
static long read_file(const char *path, char *buf, size_t cap) {
    FILE *f = fopen(path, "rb");
    size_t n;
    if (!f) return -1;
    n = fread(buf, 1, cap - 1, f);
    fclose(f);
    buf[n] = '\0';
    return (long)n;
}

static const char *find_bytes(const char *hay, size_t hay_len, const char *needle, size_t needle_len) {
    size_t i;
    if (needle_len == 0 || hay_len < needle_len) return NULL;
    for (i = 0; i + needle_len <= hay_len; i++)
        if (memcmp(hay + i, needle, needle_len) == 0) return hay + i;
    return NULL;
}

/* Returns the number of lines of a file, 0 when it is missing. */
static int count_lines(const char *path) {
    static char text[1 << 20];
    long len = read_file(path, text, sizeof text);
    int lines = 0;
    long i;
    for (i = 0; i < len; i++)
        if (text[i] == '\n') lines++;
    return lines;
}

/* Waits up to 3 s for a log to reach the expected number of lines: nginx
 * writes a request's line after sending the response, so a fast client can
 * look before it is there. Returns the count it saw last. */
static int wait_for_lines(const char *path, int expected) {
    int lines = count_lines(path);
    int i;
    for (i = 0; i < 60 && lines < expected; i++) {
        sleep_ms(50);
        lines = count_lines(path);
    }
    return lines;
}

/* Copies line n (1-based) of a file into out; returns 0, or -1 when absent. */
static int file_line(const char *path, int n, char *out, size_t cap) {
    static char text[1 << 20];
    long len = read_file(path, text, sizeof text);
    char *line = text;
    int i;
    if (len < 0) return -1;
    for (i = 1; i < n; i++) {
        line = strchr(line, '\n');
        if (!line) return -1;
        line++;
    }
    if (!*line) return -1;
    snprintf(out, cap, "%.*s", (int)strcspn(line, "\n"), line);
    return 0;
}

static int file_contains(const char *path, const char *needle) {
    static char text[1 << 20];
    long len = read_file(path, text, sizeof text);
    return len > 0 && find_bytes(text, (size_t)len, needle, strlen(needle)) != NULL;
}

/* Waits up to 3 s for a log to contain needle, for the same reason. */
static int wait_for_text(const char *path, const char *needle) {
    int i;
    for (i = 0; i < 60 && !file_contains(path, needle); i++) sleep_ms(50);
    return file_contains(path, needle);
}

/* Returns a loopback TCP port that was free a moment ago. */
static int free_port(void) {
    struct sockaddr_in addr;
    socklen_t len = sizeof addr;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int port = -1;
    if (fd < 0) return -1;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) == 0 &&
        getsockname(fd, (struct sockaddr *)&addr, &len) == 0)
        port = ntohs(addr.sin_port);
    close(fd);
    return port;
}

/* Starts argv with stdout and stderr going to output. */
static pid_t spawn(char *const argv[], const char *output) {
    pid_t pid = fork();
    if (pid == 0) {
        FILE *out = freopen(output, "wb", stdout);
        if (!out || dup2(fileno(stdout), 2) < 0) _exit(126);
        execvp(argv[0], argv);
        _exit(127);
    }
    return pid;
}

static void stop_process(server_process_t *p) {
    if (p->pid > 0) {
        kill(p->pid, SIGTERM);
        waitpid(p->pid, NULL, 0);
        p->pid = 0;
    }
}

static void print_file(const char *title, const char *path) {
    static char text[1 << 16];
    if (read_file(path, text, sizeof text) >= 0) fprintf(stderr, "--- %s (%s):\n%s\n", title, path, text);
}

/* Waits up to 10 s for a port file, then reads the port from it. */
static int wait_port_file(server_process_t *p, const char *path) {
    int i;
    for (i = 0; i < 200; i++) {
        FILE *f = fopen(path, "r");
        if (f) {
            int ok = fscanf(f, "%d", &p->port) == 1;
            fclose(f);
            if (ok) return 0;
        }
        if (waitpid(p->pid, NULL, WNOHANG) == p->pid) break;
        sleep_ms(50);
    }
    p->pid = 0;
    print_file("server output", p->output);
    return -1;
}

static int start_simulator(server_process_t *p, const char *name, int with_tls) {
    char port_file[192], cert[192], key[192];
    char *argv[14];
    int n = 0;
    snprintf(port_file, sizeof port_file, "%s/%s.port", work_dir, name);
    snprintf(p->output, sizeof p->output, "%s/%s.out", work_dir, name);
    snprintf(p->log, sizeof p->log, "%s/%s.requests", work_dir, name);
    snprintf(cert, sizeof cert, "%s/localhost.crt", pki_dir);
    snprintf(key, sizeof key, "%s/localhost.key", pki_dir);
    argv[n++] = "python3";
    argv[n++] = "tests/sim/boooply_sim.py";
    argv[n++] = "--port";
    argv[n++] = "0";
    argv[n++] = "--port-file";
    argv[n++] = port_file;
    argv[n++] = "--log";
    argv[n++] = p->log;
    if (with_tls) {
        argv[n++] = "--tls-cert";
        argv[n++] = cert;
        argv[n++] = "--tls-key";
        argv[n++] = key;
    }
    argv[n] = NULL;
    p->pid = spawn(argv, p->output);
    return p->pid < 0 ? -1 : wait_port_file(p, port_file);
}

static int start_replay_server(void) {
    char port_file[192], cert[192], key[192];
    char *argv[] = {"python3", "tests/tls/replay_server.py", "--cert", cert, "--key", key,
                    "--cases", "tests/cases", "--port-file", port_file, "--log", replay.log, NULL};
    snprintf(port_file, sizeof port_file, "%s/replay.port", work_dir);
    snprintf(replay.output, sizeof replay.output, "%s/replay.out", work_dir);
    snprintf(replay.log, sizeof replay.log, "%s/replay.requests", work_dir);
    snprintf(cert, sizeof cert, "%s/localhost.crt", pki_dir);
    snprintf(key, sizeof key, "%s/localhost.key", pki_dir);
    replay.pid = spawn(argv, replay.output);
    return replay.pid < 0 ? -1 : wait_port_file(&replay, port_file);
}

static void nginx_log_path(int server, char *out, size_t cap) {
    snprintf(out, cap, "%s/%s.log", nginx_dir, nginx_names[server][1]);
}

/* Writes tests/tls/nginx.conf into the prefix with every placeholder (a
 * capitalized name between at signs) replaced. */
static int write_nginx_conf(const char *conf_path) {
    static char template_text[1 << 16];
    long len = read_file("tests/tls/nginx.conf", template_text, sizeof template_text);
    FILE *out;
    long i;
    if (len < 0) return -1;
    out = fopen(conf_path, "wb");
    if (!out) return -1;
    for (i = 0; i < len; i++) {
        char name[64], value[192];
        const char *end = template_text[i] == '@' ? strchr(template_text + i + 1, '@') : NULL;
        int server;
        if (!end || end - (template_text + i) > (long)sizeof name) {
            fputc(template_text[i], out);
            continue;
        }
        snprintf(name, sizeof name, "%.*s", (int)(end - template_text - i - 1), template_text + i + 1);
        value[0] = '\0';
        if (strcmp(name, "PREFIX") == 0) snprintf(value, sizeof value, "%s", nginx_dir);
        if (strcmp(name, "PKI") == 0) snprintf(value, sizeof value, "%s", pki_dir);
        if (strcmp(name, "SIM_PORT") == 0) snprintf(value, sizeof value, "%d", sim_plain.port);
        for (server = 0; server < NGINX_SERVER_COUNT; server++)
            if (strcmp(name, nginx_names[server][0]) == 0)
                snprintf(value, sizeof value, "%d", nginx_ports[server]);
        if (!value[0]) {
            fprintf(stderr, "tests/tls/nginx.conf: unknown placeholder @%s@\n", name);
            fclose(out);
            return -1;
        }
        fputs(value, out);
        i = end - template_text;
    }
    return fclose(out);
}

/* Starts nginx in its own prefix; it is ready once it wrote its pid file,
 * which it does after opening the listening sockets. */
static int start_nginx(void) {
    char conf[224], error_log[224], pid_file[224];
    char *argv[] = {"nginx", "-p", nginx_dir, "-c", conf, "-e", error_log, NULL};
    int server, i;
    snprintf(nginx_dir, sizeof nginx_dir, "%s/nginx", work_dir);
    if (mkdir(nginx_dir, 0755) != 0) return -1;
    snprintf(conf, sizeof conf, "%s/nginx.conf", nginx_dir);
    snprintf(error_log, sizeof error_log, "%s/error.log", nginx_dir);
    snprintf(pid_file, sizeof pid_file, "%s/nginx.pid", nginx_dir);
    snprintf(nginx.output, sizeof nginx.output, "%s/nginx.out", nginx_dir);
    for (server = 0; server < NGINX_SERVER_COUNT; server++) {
        nginx_ports[server] = free_port();
        if (nginx_ports[server] <= 0) return -1;
    }
    if (write_nginx_conf(conf) != 0) return -1;
    /* Debian installs nginx in /usr/sbin, which is not on every PATH. */
    if (access("/usr/sbin/nginx", X_OK) == 0) argv[0] = "/usr/sbin/nginx";
    nginx.pid = spawn(argv, nginx.output);
    for (i = 0; i < 200 && nginx.pid > 0; i++) {
        if (access(pid_file, F_OK) == 0) return 0;
        if (waitpid(nginx.pid, NULL, WNOHANG) == nginx.pid) break;
        sleep_ms(50);
    }
    fprintf(stderr, "nginx did not start (run scripts/install-deps.sh --test to install it)\n");
    print_file("nginx output", nginx.output);
    print_file("nginx error log", error_log);
    nginx.pid = 0;
    return -1;
}

static int start_servers(void **state) {
    char cmd[256], ca_path[192];
    const char *tmp = getenv("TMPDIR");
    (void)state;
    snprintf(work_dir, sizeof work_dir, "%s/boooply-tls-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    if (!mkdtemp(work_dir)) return -1;
    /* nginx workers drop root privileges and must still reach the prefix. */
    if (chmod(work_dir, 0755) != 0) return -1;
    snprintf(pki_dir, sizeof pki_dir, "%s/pki", work_dir);
    snprintf(cmd, sizeof cmd, "sh tests/tls/make_pki.sh '%s'", pki_dir);
    if (system(cmd) != 0) return -1;
    snprintf(ca_path, sizeof ca_path, "%s/ca.crt", pki_dir);
    if (read_file(ca_path, ca_pem, sizeof ca_pem) <= 0) return -1;
    if (start_simulator(&sim_tls, "sim-tls", 1) != 0) return -1;
    if (start_simulator(&sim_plain, "sim-plain", 0) != 0) return -1;
    if (start_replay_server() != 0) return -1;
    return start_nginx();
}

static int stop_servers(void **state) {
    char cmd[192];
    (void)state;
    stop_process(&nginx);
    stop_process(&replay);
    stop_process(&sim_plain);
    stop_process(&sim_tls);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", work_dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* ------------------------------------------------------------ the client */

static unsigned char buffer[32768];
static boooply_token_t tokens[4096];
static boooply_mbedtls_t tls;
static boooply_client_t client;
static char base_url[96];

/* Sets up the TLS port (trusting the test CA) and the client for host:port. */
static void open_client_with(const char *host, int port, const boooply_mbedtls_config_t *settings,
                             uint32_t timeout_ms) {
    boooply_mbedtls_config_t tls_cfg = {0};
    boooply_config_t cfg = {0};
    if (settings) tls_cfg = *settings;
    if (!tls_cfg.ca_pem && !tls_cfg.ca_file) tls_cfg.ca_pem = ca_pem;
    assert_int_equal(boooply_mbedtls_init(&tls, &tls_cfg), 0);
    snprintf(base_url, sizeof base_url, "https://%s:%d", host, port);
    cfg.base_url = base_url;
    cfg.api_key = KEY;
    cfg.port = boooply_mbedtls_port(&tls);
    cfg.buffer = buffer;
    cfg.buffer_size = sizeof buffer;
    cfg.tokens = tokens;
    cfg.token_count = sizeof tokens / sizeof tokens[0];
    cfg.timeout_ms = timeout_ms;
    assert_int_equal(boooply_init(&client, &cfg), BOOOPLY_OK);
}

static void open_client(const char *host, int port) {
    open_client_with(host, port, NULL, CALL_TIMEOUT_MS);
}

static int close_client(void **state) {
    (void)state;
    boooply_close(&client);
    boooply_mbedtls_free(&tls);
    return 0;
}

static void sim_control(const char *path, const char *body) {
    boooply_request_t req = {0};
    req.method = "POST";
    req.path = path;
    req.body = body;
    req.body_len = body ? strlen(body) : 0;
    assert_int_equal(boooply_raw(&client, &req), BOOOPLY_OK);
}

/* A client of the TLS simulator with fresh simulator state. */
static int open_sim_client(void **state) {
    (void)state;
    open_client("localhost", sim_tls.port);
    sim_control("/__sim/reset", NULL);
    return 0;
}

/* Reads request n (1-based) of a simulator log into out; returns its
 * length, or -1 when the log has fewer requests. */
static long sim_logged_request(const char *log_path, int n, char *out, size_t cap) {
    static char log[1 << 20];
    long len = read_file(log_path, log, sizeof log);
    long pos = 0;
    while (pos < len) {
        int number;
        long size;
        char *nl = memchr(log + pos, '\n', (size_t)(len - pos));
        if (!nl || sscanf(log + pos, "--- request %d %ld", &number, &size) != 2) return -1;
        pos = nl - log + 1;
        if (number == n) {
            if ((size_t)size >= cap) return -1;
            memcpy(out, log + pos, (size_t)size);
            out[size] = '\0';
            return size;
        }
        pos += size + 1;
    }
    return -1;
}

static int sim_logged_count(const char *log_path) {
    static char request[1 << 16];
    int n = 0;
    while (sim_logged_request(log_path, n + 1, request, sizeof request) >= 0) n++;
    return n;
}

static int get_interview(void) {
    boooply_interview_t iv;
    boooply_err_t err = boooply_interviews_get(&client, CODE, &iv);
    if (err != BOOOPLY_OK) {
        fprintf(stderr, "get failed: %s: %s; TLS: %s\n", boooply_strerror(err), client.last.message,
                boooply_mbedtls_reason(&tls));
        return -1;
    }
    return boooply_str_eq(iv.meeting_code, CODE) ? 0 : -1;
}

/* ------------------------------------------------- API over TLS, resumption */

static void api_calls_over_tls(void **state) {
    boooply_create_interview_t req = {0};
    boooply_interview_t iv;
    boooply_list_interviews_t params = {0};
    boooply_interview_list_t list;
    boooply_request_t raw = {0};
    boooply_mbedtls_stats_t stats;
    char code[64], got[4096], host_line[64];
    static char transcript[1 << 17];
    size_t total = 0, piece;
    (void)state;

    req.type = BOOOPLY_INTERVIEW_AI;
    req.job_role = "Backend Engineer";
    req.candidate.name = "Jane Doe";
    req.candidate.email = "jane@example.com";
    assert_int_equal(boooply_interviews_create(&client, &req, &iv), BOOOPLY_OK);
    assert_int_equal(client.last.http_status, 201);
    assert_int_equal(boooply_str_copy(iv.meeting_code, code, sizeof code, NULL), BOOOPLY_OK);

    assert_int_equal(boooply_interviews_get(&client, code, &iv), BOOOPLY_OK);
    assert_true(boooply_str_eq(iv.meeting_code, code));
    assert_true(boooply_str_eq(iv.session_status, "SCHEDULED"));

    params.limit = 5;
    assert_int_equal(boooply_interviews_list(&client, &params, &list), BOOOPLY_OK);
    assert_int_equal(client.last.http_status, 200);

    /* A body streamed in pieces, chunked by the server. */
    sim_control("/__sim/config", "{\"chunked\":true,\"chunk_size\":1000}");
    raw.method = "GET";
    raw.path = "/api/integration/interviews/" CODE "/transcript";
    assert_int_equal(boooply_request(&client, &raw), BOOOPLY_OK);
    assert_int_equal(client.last.http_status, 200);
    do {
        assert_int_equal(boooply_read_body(&client, transcript + total, 700, &piece), BOOOPLY_OK);
        total += piece;
    } while (piece);
    boooply_end_response(&client);
    assert_true(total > 40000);

    /* One connection carried everything; the server saw the exact bytes. */
    stats = boooply_mbedtls_stats(&tls);
    assert_int_equal(stats.handshakes, 1);
    assert_int_equal(stats.resumed_handshakes, 0);
    assert_true(stats.bytes_received > total);
    assert_int_equal(sim_logged_count(sim_tls.log), 4);
    assert_true(sim_logged_request(sim_tls.log, 1, got, sizeof got) > 0);
    assert_memory_equal(got, "POST /api/integration/interviews HTTP/1.1\r\n", 43);
    snprintf(host_line, sizeof host_line, "\r\nHost: localhost:%d\r\n", sim_tls.port);
    assert_non_null(strstr(got, host_line));
    assert_true(sim_logged_request(sim_tls.log, 2, got, sizeof got) > 0);
    assert_non_null(strstr(got, code));
}

/* The simulator closes idle connections (with close_notify); the next call
 * reconnects and resumes the TLS session instead of a full handshake. */
static void idle_close_resumes_session(void **state) {
    boooply_mbedtls_stats_t stats;
    (void)state;
    sim_control("/__sim/config", "{\"idle_timeout\":0.3}");
    assert_int_equal(get_interview(), 0);
    sleep_ms(800);
    assert_int_equal(get_interview(), 0);
    assert_int_equal(client.last.reconnects, 1);
    stats = boooply_mbedtls_stats(&tls);
    assert_int_equal(stats.handshakes, 2);
    assert_int_equal(stats.resumed_handshakes, 1);

    /* A forced close resumes as well. */
    boooply_close(&client);
    assert_int_equal(get_interview(), 0);
    stats = boooply_mbedtls_stats(&tls);
    assert_int_equal(stats.handshakes, 3);
    assert_int_equal(stats.resumed_handshakes, 2);

    /* Without the kept session the handshake is a full one. */
    boooply_close(&client);
    boooply_mbedtls_forget_session(&tls);
    assert_int_equal(get_interview(), 0);
    stats = boooply_mbedtls_stats(&tls);
    assert_int_equal(stats.handshakes, 4);
    assert_int_equal(stats.resumed_handshakes, 2);
    sim_control("/__sim/config", "{\"idle_timeout\":5.0}");
}

/* Bytes of one bare handshake through the port, without any request. */
static boooply_mbedtls_stats_t handshake_bytes(boooply_port_t *port, int tls_port) {
    boooply_mbedtls_stats_t before = boooply_mbedtls_stats(&tls), after;
    assert_int_equal(port->connect(port->ctx, "localhost", (uint16_t)tls_port, 5000), 0);
    after = boooply_mbedtls_stats(&tls);
    port->close(port->ctx);
    after.handshakes -= before.handshakes;
    after.resumed_handshakes -= before.resumed_handshakes;
    after.bytes_sent -= before.bytes_sent;
    after.bytes_received -= before.bytes_received;
    return after;
}

static void resumed_handshake_is_smaller(void **state) {
    boooply_port_t port = boooply_mbedtls_port(&tls);
    boooply_mbedtls_stats_t full, resumed;
    (void)state;
    boooply_close(&client);
    boooply_mbedtls_forget_session(&tls);
    full = handshake_bytes(&port, sim_tls.port);
    resumed = handshake_bytes(&port, sim_tls.port);
    printf("TLS handshake bytes (simulator, ECDSA P-256, TLS 1.2): full %llu sent, %llu received; "
           "resumed %llu sent, %llu received\n",
           (unsigned long long)full.bytes_sent, (unsigned long long)full.bytes_received,
           (unsigned long long)resumed.bytes_sent, (unsigned long long)resumed.bytes_received);
    assert_int_equal(full.handshakes, 1);
    assert_int_equal(full.resumed_handshakes, 0);
    assert_int_equal(resumed.handshakes, 1);
    assert_int_equal(resumed.resumed_handshakes, 1);
    /* A resumed handshake carries no certificate and no key exchange. */
    assert_true(resumed.bytes_received < full.bytes_received / 2);
}

/* ------------------------------------------------------------- nginx proxy */

/* Seven calls through nginx, which closes after three requests on a
 * connection; forget selects whether the session is dropped after each. */
static boooply_mbedtls_stats_t seven_calls_through_nginx(int forget) {
    static const unsigned expected_reconnects[7] = {1, 0, 0, 1, 0, 0, 1};
    int i;
    for (i = 0; i < 7; i++) {
        assert_int_equal(get_interview(), 0);
        assert_int_equal(client.last.reconnects, expected_reconnects[i]);
        if (forget) boooply_mbedtls_forget_session(&tls);
    }
    return boooply_mbedtls_stats(&tls);
}

static void nginx_keepalive_limit_resumes(void **state) {
    char log_path[224], line[512], expected[128];
    boooply_mbedtls_stats_t with, without;
    int before, i;
    (void)state;
    nginx_log_path(NGINX_GOOD, log_path, sizeof log_path);
    before = count_lines(log_path);

    open_client("localhost", nginx_ports[NGINX_GOOD]);
    with = seven_calls_through_nginx(0);
    assert_int_equal(with.handshakes, 3);
    assert_int_equal(with.resumed_handshakes, 2);
    close_client(NULL);

    open_client("localhost", nginx_ports[NGINX_GOOD]);
    without = seven_calls_through_nginx(1);
    assert_int_equal(without.handshakes, 3);
    assert_int_equal(without.resumed_handshakes, 0);
    printf("7 calls through nginx (keepalive_requests 3): with resumption %u handshakes "
           "(%u resumed), %llu bytes sent, %llu received; without %u handshakes, "
           "%llu bytes sent, %llu received\n",
           with.handshakes, with.resumed_handshakes, (unsigned long long)with.bytes_sent,
           (unsigned long long)with.bytes_received, without.handshakes,
           (unsigned long long)without.bytes_sent, (unsigned long long)without.bytes_received);
    assert_true(with.bytes_received < without.bytes_received);

    /* nginx saw SNI on every connection, and resumption on the second and
     * third connections of the first client only. */
    assert_int_equal(wait_for_lines(log_path, before + 14), before + 14);
    for (i = 0; i < 14; i++) {
        int requests = i % 7 % 3 + 1;
        int reused = i < 7 && i >= 3;
        assert_int_equal(file_line(log_path, before + i + 1, line, sizeof line), 0);
        assert_non_null(strstr(line, "\"GET /api/integration/interviews/" CODE " HTTP/1.1\" 200"));
        assert_non_null(strstr(line, " sni=localhost "));
        assert_non_null(strstr(line, reused ? " reused=r " : " reused=. "));
        assert_non_null(strstr(line, " protocol=TLSv1.2 "));
        snprintf(expected, sizeof expected, " requests=%d", requests);
        assert_non_null(strstr(line, expected));
    }
}

/* A connection that the client closes itself resumes too, and nginx logs
 * the second connection as resumed. */
static void nginx_forced_close_resumes(void **state) {
    char log_path[224], line[512];
    int before;
    (void)state;
    nginx_log_path(NGINX_GOOD, log_path, sizeof log_path);
    before = count_lines(log_path);
    open_client("localhost", nginx_ports[NGINX_GOOD]);
    assert_int_equal(get_interview(), 0);
    boooply_close(&client);
    assert_int_equal(get_interview(), 0);
    assert_int_equal(client.last.reconnects, 1);
    assert_int_equal(boooply_mbedtls_stats(&tls).resumed_handshakes, 1);
    assert_int_equal(wait_for_lines(log_path, before + 2), before + 2);
    assert_int_equal(file_line(log_path, before + 1, line, sizeof line), 0);
    assert_non_null(strstr(line, " reused=. "));
    assert_int_equal(file_line(log_path, before + 2, line, sizeof line), 0);
    assert_non_null(strstr(line, " reused=r "));
    assert_non_null(strstr(line, " requests=1"));
}

static void nginx_streams_chunked_response(void **state) {
    boooply_request_t raw = {0};
    static char body[1 << 17];
    size_t total = 0, piece;
    (void)state;
    open_client("localhost", nginx_ports[NGINX_GOOD]);
    sim_control("/__sim/config", "{\"chunked\":true,\"chunk_size\":333}");
    raw.method = "GET";
    raw.path = "/api/integration/interviews/" CODE "/transcript";
    assert_int_equal(boooply_request(&client, &raw), BOOOPLY_OK);
    assert_int_equal(client.last.http_status, 200);
    do {
        assert_int_equal(boooply_read_body(&client, body + total, 500, &piece), BOOOPLY_OK);
        total += piece;
    } while (piece);
    boooply_end_response(&client);
    assert_true(total > 40000);
    sim_control("/__sim/reset", NULL);
}

/* ------------------------------------------------------- negative matrix */

typedef struct rejected_case {
    int server;
    uint32_t flag;          /* MBEDTLS_X509_BADCERT_* expected */
    const char *reason;     /* part of boooply_mbedtls_reason() */
    const char *alert;      /* the alert nginx logs as received from the client */
} rejected_case_t;

/* The client must fail the handshake with the right reason, having sent no
 * HTTP byte: the server's access log and the simulator's log stay empty,
 * and nginx's error log shows the alert the client sent. */
static void expect_rejected(const rejected_case_t *c) {
    char access_log[224], error_log[224], where[192];
    int logged_before, sim_before;
    boooply_interview_t iv;
    nginx_log_path(c->server, access_log, sizeof access_log);
    snprintf(error_log, sizeof error_log, "%s/error.log", nginx_dir);
    logged_before = count_lines(access_log);
    sim_before = sim_logged_count(sim_plain.log);

    open_client("localhost", nginx_ports[c->server]);
    assert_int_equal(boooply_interviews_get(&client, CODE, &iv), BOOOPLY_E_TLS);
    assert_int_equal(client.last.http_status, 0);
    assert_non_null(strstr(boooply_mbedtls_reason(&tls), "certificate verification failed: "));
    assert_non_null(strstr(boooply_mbedtls_reason(&tls), c->reason));
    assert_null(strstr(boooply_mbedtls_reason(&tls), "DNS names")); /* no IP hint for a name */
    assert_true(boooply_mbedtls_verify_flags(&tls) & c->flag);
    assert_int_equal(boooply_mbedtls_last_error(&tls), MBEDTLS_ERR_X509_CERT_VERIFY_FAILED);
    assert_int_equal(boooply_mbedtls_stats(&tls).handshakes, 0);

    assert_int_equal(count_lines(access_log), logged_before);
    assert_int_equal(sim_logged_count(sim_plain.log), sim_before);
    snprintf(where, sizeof where, "%s) while SSL handshaking, client: 127.0.0.1, server: 127.0.0.1:%d",
             c->alert, nginx_ports[c->server]);
    if (!wait_for_text(error_log, where)) {
        print_file("nginx error log", error_log);
        fail_msg("the nginx error log has no line with: %s", where);
    }
}

static void wrong_host_name_rejected(void **state) {
    static const rejected_case_t c = {NGINX_OTHER_NAME, MBEDTLS_X509_BADCERT_CN_MISMATCH,
                                      "Common Name (CN) does not match",
                                      "alert bad certificate:SSL alert number 42"};
    (void)state;
    expect_rejected(&c);
}

static void expired_rejected(void **state) {
    static const rejected_case_t c = {NGINX_EXPIRED, MBEDTLS_X509_BADCERT_EXPIRED,
                                      "validity has expired",
                                      "alert certificate expired:SSL alert number 45"};
    (void)state;
    expect_rejected(&c);
}

static void not_yet_valid_rejected(void **state) {
    static const rejected_case_t c = {NGINX_NOT_YET_VALID, MBEDTLS_X509_BADCERT_FUTURE,
                                      "validity starts in the future",
                                      "alert certificate unknown:SSL alert number 46"};
    (void)state;
    expect_rejected(&c);
}

static void unknown_ca_rejected(void **state) {
    static const rejected_case_t c = {NGINX_UNKNOWN_CA, MBEDTLS_X509_BADCERT_NOT_TRUSTED,
                                      "not correctly signed by the trusted CA",
                                      "alert unknown ca:SSL alert number 48"};
    (void)state;
    expect_rejected(&c);
}

static void self_signed_rejected(void **state) {
    static const rejected_case_t c = {NGINX_SELF_SIGNED, MBEDTLS_X509_BADCERT_NOT_TRUSTED,
                                      "not correctly signed by the trusted CA",
                                      "alert unknown ca:SSL alert number 48"};
    (void)state;
    expect_rejected(&c);
}

/* mbedTLS 2.28 checks an IP literal against dNSName entries only, so the
 * certificate's IP:127.0.0.1 does not help: the check fails closed. */
static void ip_literal_fails_closed(void **state) {
    char access_log[224];
    boooply_interview_t iv;
    int before;
    (void)state;
    nginx_log_path(NGINX_GOOD, access_log, sizeof access_log);
    before = count_lines(access_log);
    open_client("127.0.0.1", nginx_ports[NGINX_GOOD]);
    assert_int_equal(boooply_interviews_get(&client, CODE, &iv), BOOOPLY_E_TLS);
    assert_int_equal(boooply_mbedtls_verify_flags(&tls), MBEDTLS_X509_BADCERT_CN_MISMATCH);
    assert_non_null(strstr(boooply_mbedtls_reason(&tls), "Common Name (CN) does not match"));
    assert_non_null(strstr(boooply_mbedtls_reason(&tls), "matches only DNS names, so connect by host name"));
    assert_int_equal(count_lines(access_log), before);
}

static void plain_http_on_tls_port(void **state) {
    char access_log[224], line[1024];
    boooply_interview_t iv;
    int before, sim_before;
    (void)state;
    nginx_log_path(NGINX_PLAIN, access_log, sizeof access_log);
    before = count_lines(access_log);
    sim_before = sim_logged_count(sim_plain.log);
    open_client("localhost", nginx_ports[NGINX_PLAIN]);
    assert_int_equal(boooply_interviews_get(&client, CODE, &iv), BOOOPLY_E_TLS);
    assert_non_null(strstr(boooply_mbedtls_reason(&tls), "plain HTTP, not TLS"));
    /* nginx took the ClientHello for a malformed request and responded 400:
     * the request it logged is binary, and nothing reached the simulator. */
    assert_int_equal(wait_for_lines(access_log, before + 1), before + 1);
    assert_int_equal(file_line(access_log, before + 1, line, sizeof line), 0);
    assert_memory_equal(line, "\"\\x16\\x03", 9);
    assert_non_null(strstr(line, "\" 400 "));
    assert_null(strstr(line, "GET "));
    assert_int_equal(sim_logged_count(sim_plain.log), sim_before);
}

static void insecure_option_accepts_self_signed(void **state) {
    boooply_mbedtls_config_t settings = {0};
    char access_log[224];
    int before;
    (void)state;
    settings.insecure_skip_verify_for_testing_only = 1;
    nginx_log_path(NGINX_SELF_SIGNED, access_log, sizeof access_log);
    before = count_lines(access_log);
    open_client_with("localhost", nginx_ports[NGINX_SELF_SIGNED], &settings, CALL_TIMEOUT_MS);
    assert_int_equal(get_interview(), 0);
    assert_int_equal(wait_for_lines(access_log, before + 1), before + 1);
}

/* --------------------------------------------------------- raw listeners */

typedef enum raw_mode { RAW_CLOSE_AFTER_HELLO, RAW_SILENT } raw_mode_t;

/* A loopback listener that takes one connection, records what arrives and
 * either closes after the first TLS record or never responds. */
typedef struct raw_server {
    int fd;
    int port;
    raw_mode_t mode;
    unsigned char got[16384];
    size_t got_len;
    pthread_t thread;
} raw_server_t;

static raw_server_t raw;

static void *raw_server_main(void *arg) {
    raw_server_t *s = (raw_server_t *)arg;
    struct pollfd p;
    int conn;
    p.fd = s->fd;
    p.events = POLLIN;
    if (poll(&p, 1, 10000) != 1) return NULL;
    conn = accept(s->fd, NULL, NULL);
    if (conn < 0) return NULL;
    for (;;) {
        ssize_t n;
        p.fd = conn;
        if (poll(&p, 1, 10000) != 1) break;
        n = recv(conn, s->got + s->got_len, sizeof s->got - s->got_len, 0);
        if (n <= 0) break;
        s->got_len += (size_t)n;
        /* A TLS record is 5 header bytes plus the length in bytes 3 and 4. */
        if (s->mode == RAW_CLOSE_AFTER_HELLO && s->got_len >= 5 &&
            s->got_len >= 5u + ((size_t)s->got[3] << 8 | s->got[4]))
            break;
    }
    close(conn);
    return NULL;
}

static void raw_server_start(raw_server_t *s, raw_mode_t mode) {
    struct sockaddr_in addr;
    socklen_t len = sizeof addr;
    int on = 1;
    memset(s, 0, sizeof *s);
    s->mode = mode;
    s->fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(s->fd >= 0);
    assert_int_equal(setsockopt(s->fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on), 0);
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(s->fd, (struct sockaddr *)&addr, sizeof addr), 0);
    assert_int_equal(listen(s->fd, 1), 0);
    assert_int_equal(getsockname(s->fd, (struct sockaddr *)&addr, &len), 0);
    s->port = ntohs(addr.sin_port);
    assert_int_equal(pthread_create(&s->thread, NULL, raw_server_main, s), 0);
}

static void raw_server_join(raw_server_t *s) {
    pthread_join(s->thread, NULL);
    close(s->fd);
}

/* Returns the server_name of a ClientHello record (RFC 6066 section 3), or
 * "" when it has none. The walk checks every length against the data. */
static const char *client_hello_sni(const unsigned char *p, size_t n) {
    static char name[256];
    size_t pos = 5 + 4 + 2 + 32, end, ext_end;

    /* Record header, handshake header, version and random come first. */
    name[0] = '\0';
    if (n < pos + 1 || p[0] != 0x16 || p[5] != 0x01) return name;
    pos += 1 + p[pos];                                  /* session id */
    if (pos + 2 > n) return name;
    pos += 2 + ((size_t)p[pos] << 8 | p[pos + 1]);      /* cipher suites */
    if (pos + 1 > n) return name;
    pos += 1 + p[pos];                                  /* compression methods */

    if (pos + 2 > n) return name;
    ext_end = pos + 2 + ((size_t)p[pos] << 8 | p[pos + 1]);
    pos += 2;
    if (ext_end > n) return name;
    while (pos + 4 <= ext_end) {
        size_t type = (size_t)p[pos] << 8 | p[pos + 1];
        size_t len = (size_t)p[pos + 2] << 8 | p[pos + 3];
        pos += 4;
        end = pos + len;
        if (end > ext_end) return name;
        /* server_name: list length (2), name type 0 (1), name length (2). */
        if (type == 0 && len >= 5 && p[pos + 2] == 0) {
            size_t name_len = (size_t)p[pos + 3] << 8 | p[pos + 4];
            if (pos + 5 + name_len <= end && name_len < sizeof name) {
                memcpy(name, p + pos + 5, name_len);
                name[name_len] = '\0';
            }
            return name;
        }
        pos = end;
    }
    return name;
}

/* What a raw listener received is one TLS handshake record and no HTTP. */
static void expect_only_client_hello(const raw_server_t *s, const char *sni) {
    assert_true(s->got_len >= 5);
    assert_int_equal(s->got[0], 0x16);
    assert_int_equal(s->got[1], 0x03);
    assert_int_equal(s->got_len, 5u + ((size_t)s->got[3] << 8 | s->got[4]));
    assert_null(find_bytes((const char *)s->got, s->got_len, "HTTP/1.1", 8));
    assert_string_equal(client_hello_sni(s->got, s->got_len), sni);
}

static void close_during_handshake(void **state) {
    boooply_interview_t iv;
    (void)state;
    raw_server_start(&raw, RAW_CLOSE_AFTER_HELLO);
    open_client("localhost", raw.port);
    assert_int_equal(boooply_interviews_get(&client, CODE, &iv), BOOOPLY_E_TLS);
    raw_server_join(&raw);
    assert_string_equal(boooply_mbedtls_reason(&tls),
                        "the server closed the connection during the TLS handshake");
    expect_only_client_hello(&raw, "localhost");
}

static void silent_server_hits_deadline(void **state) {
    boooply_interview_t iv;
    long started, elapsed;
    (void)state;
    raw_server_start(&raw, RAW_SILENT);
    open_client_with("localhost", raw.port, NULL, 1500);
    started = now_ms();
    assert_int_equal(boooply_interviews_get(&client, CODE, &iv), BOOOPLY_E_TIMEOUT);
    elapsed = now_ms() - started;
    boooply_close(&client);
    raw_server_join(&raw);
    assert_true(elapsed >= 1400);
    assert_true(elapsed < 4000);
    assert_string_equal(boooply_mbedtls_reason(&tls),
                        "the TLS handshake did not finish within the connect timeout");
    expect_only_client_hello(&raw, "localhost");
}

/* mbedTLS 2.28 puts an IP literal into SNI too, which RFC 6066 section 3
 * does not allow; this records that behaviour. */
static void ip_literal_sent_as_sni(void **state) {
    boooply_interview_t iv;
    (void)state;
    raw_server_start(&raw, RAW_CLOSE_AFTER_HELLO);
    open_client("127.0.0.1", raw.port);
    assert_int_equal(boooply_interviews_get(&client, CODE, &iv), BOOOPLY_E_TLS);
    raw_server_join(&raw);
    expect_only_client_hello(&raw, "127.0.0.1");
}

/* --------------------------------------- case 22: WANT_WRITE, short write */

typedef struct write_call {
    const unsigned char *data;
    size_t len;
    int result;
} write_call_t;

static write_call_t write_calls[64];
static size_t write_call_count;
static int recording_writes;

int __real_mbedtls_ssl_write(mbedtls_ssl_context *ssl, const unsigned char *buf, size_t len);
int __wrap_mbedtls_ssl_write(mbedtls_ssl_context *ssl, const unsigned char *buf, size_t len);

int __wrap_mbedtls_ssl_write(mbedtls_ssl_context *ssl, const unsigned char *buf, size_t len) {
    int result = __real_mbedtls_ssl_write(ssl, buf, len);
    if (recording_writes && write_call_count < sizeof write_calls / sizeof write_calls[0]) {
        write_calls[write_call_count].data = buf;
        write_calls[write_call_count].len = len;
        write_calls[write_call_count].result = result;
        write_call_count++;
    }
    return result;
}

#define FAULT_PASS (-1L)

/* The POSIX port with a plan of results injected into send and recv once
 * armed: 0 (nothing sent or received), a short count, or FAULT_PASS. */
typedef struct fault_port {
    boooply_posix_t tcp;
    boooply_port_t posix;
    const long *send_plan;
    size_t send_plan_len, send_step;
    const long *recv_plan;
    size_t recv_plan_len, recv_step;
    int armed;
    const void *zero_data;  /* arguments of the last send that returned 0 */
    size_t zero_len;
    int after_zero;
    int changed_arguments;  /* sends after a 0 with other arguments */
    int short_sends;
} fault_port_t;

static fault_port_t fault;

static int fault_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms) {
    fault_port_t *f = (fault_port_t *)ctx;
    return f->posix.connect(f->posix.ctx, host, port, timeout_ms);
}

static long fault_send(void *ctx, const void *data, size_t len, uint32_t timeout_ms) {
    fault_port_t *f = (fault_port_t *)ctx;
    long action = FAULT_PASS;
    if (f->after_zero && (data != f->zero_data || len != f->zero_len)) f->changed_arguments++;
    f->after_zero = 0;
    if (f->armed && f->send_step < f->send_plan_len) action = f->send_plan[f->send_step++];
    if (action == 0) {
        f->after_zero = 1;
        f->zero_data = data;
        f->zero_len = len;
        return 0;
    }
    if (action > 0 && (size_t)action < len) {
        f->short_sends++;
        return f->posix.send(f->posix.ctx, data, (size_t)action, timeout_ms);
    }
    return f->posix.send(f->posix.ctx, data, len, timeout_ms);
}

static long fault_recv(void *ctx, void *data, size_t len, uint32_t timeout_ms) {
    fault_port_t *f = (fault_port_t *)ctx;
    long action = FAULT_PASS;
    if (f->armed && f->recv_step < f->recv_plan_len) action = f->recv_plan[f->recv_step++];
    if (action == 0) return 0;
    if (action > 0 && (size_t)action < len) len = (size_t)action;
    return f->posix.recv(f->posix.ctx, data, len, timeout_ms);
}

static void fault_close(void *ctx) {
    fault_port_t *f = (fault_port_t *)ctx;
    f->posix.close(f->posix.ctx);
}

static uint32_t fault_now_ms(void *ctx) {
    fault_port_t *f = (fault_port_t *)ctx;
    return f->posix.now_ms(f->posix.ctx);
}

static void case22_want_write_then_short_write(void **state) {
    /* Inner sends once armed. The head's record goes out. The first body
     * record would block, then goes out as 1000 bytes and the rest. The
     * second body record would block, then goes out whole. */
    static const long send_plan[] = {FAULT_PASS, 0, 1000, FAULT_PASS, 0, FAULT_PASS};
    /* Inner receives: nothing three times (WANT_READ), then 7 bytes, then the rest. */
    static const long recv_plan[] = {0, 0, 0, 7};
    static char body[CASE22_BODY_SIZE + 1];
    static char got[CASE22_BODY_SIZE + 4096];
    boooply_mbedtls_config_t settings = {0};
    boooply_request_t req = {0};
    size_t i, written = 0;
    long len;
    (void)state;
    assert_int_equal(read_case("22-large-request-body.json", body, sizeof body), CASE22_BODY_SIZE);

    memset(&fault, 0, sizeof fault);
    boooply_posix_init(&fault.tcp);
    fault.posix = boooply_posix_port(&fault.tcp);
    settings.inner = fault.posix;
    settings.inner.ctx = &fault;
    settings.inner.connect = fault_connect;
    settings.inner.send = fault_send;
    settings.inner.recv = fault_recv;
    settings.inner.close = fault_close;
    settings.inner.now_ms = fault_now_ms;
    settings.inner.sleep_ms = NULL;
    fault.send_plan = send_plan;
    fault.send_plan_len = sizeof send_plan / sizeof send_plan[0];
    fault.recv_plan = recv_plan;
    fault.recv_plan_len = sizeof recv_plan / sizeof recv_plan[0];
    open_client_with("localhost", sim_tls.port, &settings, CALL_TIMEOUT_MS);
    sim_control("/__sim/reset", NULL); /* connects before the faults are armed */

    fault.armed = 1;
    recording_writes = 1;
    write_call_count = 0;
    req.method = "POST";
    req.path = "/api/integration/interviews";
    req.body = body;
    req.body_len = CASE22_BODY_SIZE;
    assert_int_equal(boooply_raw(&client, &req), BOOOPLY_E_HTTP_STATUS);
    recording_writes = 0;
    assert_int_equal(client.last.http_status, 422);
    assert_int_equal(client.last.reconnects, 0);

    /* mbedtls_ssl_write: the head, then WANT_WRITE, 16384, WANT_WRITE,
     * 2632, each retry with the same pointer and length. */
    assert_int_equal(write_call_count, 5);
    assert_true(write_calls[0].result > 0);
    assert_int_equal((size_t)write_calls[0].result, write_calls[0].len);
    assert_ptr_equal(write_calls[1].data, (const unsigned char *)body);
    assert_int_equal(write_calls[1].len, CASE22_BODY_SIZE);
    assert_int_equal(write_calls[1].result, MBEDTLS_ERR_SSL_WANT_WRITE);
    assert_ptr_equal(write_calls[2].data, write_calls[1].data);
    assert_int_equal(write_calls[2].len, write_calls[1].len);
    assert_int_equal(write_calls[2].result, 16384);
    assert_ptr_equal(write_calls[3].data, (const unsigned char *)body + 16384);
    assert_int_equal(write_calls[3].len, CASE22_BODY_SIZE - 16384);
    assert_int_equal(write_calls[3].result, MBEDTLS_ERR_SSL_WANT_WRITE);
    assert_ptr_equal(write_calls[4].data, write_calls[3].data);
    assert_int_equal(write_calls[4].len, write_calls[3].len);
    assert_int_equal(write_calls[4].result, CASE22_BODY_SIZE - 16384);
    for (i = 0; i < write_call_count; i++)
        if (write_calls[i].result > 0) written += (size_t)write_calls[i].result;
    assert_int_equal(written, write_calls[0].len + CASE22_BODY_SIZE);

    /* The inner port saw every planned result, and after each 0 the same
     * arguments again. */
    assert_int_equal(fault.send_step, fault.send_plan_len);
    assert_int_equal(fault.recv_step, fault.recv_plan_len);
    assert_int_equal(fault.short_sends, 1);
    assert_int_equal(fault.changed_arguments, 0);

    /* The simulator received the body once, whole. */
    assert_int_equal(sim_logged_count(sim_tls.log), 1);
    len = sim_logged_request(sim_tls.log, 1, got, sizeof got);
    assert_true(len > CASE22_BODY_SIZE);
    assert_non_null(strstr(got, "\r\nContent-Length: 19016\r\n"));
    assert_memory_equal(got + len - CASE22_BODY_SIZE, body, CASE22_BODY_SIZE);
    assert_int_equal((size_t)len, write_calls[0].len + CASE22_BODY_SIZE);
}

/* ------------------------------------ case 26: how the stream may end */

/* Sends GET /replay/NAME/ENDING to the replay server and reads the body. */
static boooply_err_t fetch_replay(const char *name, const char *ending, char *body, size_t cap,
                                  size_t *total) {
    char path[128];
    boooply_request_t req = {0};
    boooply_err_t err;
    size_t piece;
    snprintf(path, sizeof path, "/replay/%s/%s", name, ending);
    req.method = "GET";
    req.path = path;
    *total = 0;
    err = boooply_request(&client, &req);
    while (!err) {
        err = boooply_read_body(&client, body + *total, cap - *total, &piece);
        if (err || piece == 0) break;
        *total += piece;
    }
    return err;
}

static const char case_body[] = "{\"code\":\"AB-123\",\"status\":\"scheduled\",\"candidate\":\"Candidate One\"}";

static void case26a_length_then_close_notify(void **state) {
    boooply_port_t port = boooply_mbedtls_port(&tls);
    char body[256], probe;
    size_t total;
    (void)state;
    assert_int_equal(fetch_replay("21-eintr-eagain.http", "close-notify", body, sizeof body, &total), BOOOPLY_OK);
    assert_int_equal(client.last.http_status, 200);
    assert_int_equal(total, 66);
    assert_memory_equal(body, case_body, 66);
    boooply_end_response(&client);
    /* What follows the body is the server's close_notify: a clean end. */
    assert_int_equal(port.recv(port.ctx, &probe, 1, 5000), BOOOPLY_PORT_EOF);
    assert_true(file_contains(replay.log, "GET /replay/21-eintr-eagain.http/close-notify HTTP/1.1"));
}

static void case26b_close_delimited_close_notify(void **state) {
    char body[256];
    size_t total;
    (void)state;
    assert_int_equal(fetch_replay("14a-http10-close-delimited.http", "close-notify", body, sizeof body, &total),
                     BOOOPLY_OK);
    assert_int_equal(client.last.http_status, 200);
    assert_int_equal(total, 66);
    assert_memory_equal(body, case_body, 66);
}

static void case26c_close_delimited_bare_close(void **state) {
    char body[256];
    size_t total;
    (void)state;
    assert_int_equal(fetch_replay("14a-http10-close-delimited.http", "bare-close", body, sizeof body, &total),
                     BOOOPLY_E_TRUNCATED);
    assert_int_equal(client.last.http_status, 200);
    assert_string_equal(boooply_mbedtls_reason(&tls), "the server closed the connection without close_notify");
}

static void case26d_short_length_close_notify(void **state) {
    char body[256];
    size_t total;
    (void)state;
    assert_int_equal(fetch_replay("06-content-length-truncated.http", "close-notify", body, sizeof body, &total),
                     BOOOPLY_E_TRUNCATED);
    assert_int_equal(client.last.http_status, 200);
    assert_true(total < 100);
}

static int open_replay_client(void **state) {
    (void)state;
    open_client("localhost", replay.port);
    return 0;
}

/* --------------------------------------------------------- setup errors */

static int entropy_calls;

static int counting_entropy(void *ctx, unsigned char *out, size_t len) {
    FILE *random = (FILE *)ctx;
    entropy_calls++;
    return fread(out, 1, len, random) == len ? 0 : -1;
}

static void entropy_hook_seeds_once(void **state) {
    boooply_mbedtls_config_t settings = {0};
    FILE *random = fopen("/dev/urandom", "rb");
    int after_init;
    (void)state;
    assert_non_null(random);
    settings.entropy = counting_entropy;
    settings.entropy_ctx = random;
    entropy_calls = 0;
    open_client_with("localhost", sim_tls.port, &settings, CALL_TIMEOUT_MS);
    after_init = entropy_calls;
    assert_true(after_init > 0);
    assert_int_equal(get_interview(), 0);
    boooply_close(&client);
    assert_int_equal(get_interview(), 0);
    assert_int_equal(entropy_calls, after_init);
    close_client(NULL);
    fclose(random);
}

static void init_rejects_bad_settings(void **state) {
    boooply_mbedtls_config_t settings = {0};
    boooply_port_t port;
    boooply_config_t cfg = {0};
    boooply_client_t other;
    (void)state;

    settings.ca_pem = "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n";
    assert_true(boooply_mbedtls_init(&tls, &settings) < 0);
    assert_non_null(strstr(boooply_mbedtls_reason(&tls), "cfg.ca_pem contains no usable PEM certificate"));
    boooply_mbedtls_free(&tls);

    memset(&settings, 0, sizeof settings);
    settings.ca_file = "tests/tls/no-such-file.pem";
    assert_true(boooply_mbedtls_init(&tls, &settings) < 0);
    assert_non_null(strstr(boooply_mbedtls_reason(&tls), "loading the CA file failed"));
    /* A context whose init failed cannot connect. */
    port = boooply_mbedtls_port(&tls);
    assert_int_equal(port.connect(port.ctx, "localhost", (uint16_t)sim_tls.port, 1000), BOOOPLY_PORT_ERROR);

    memset(&settings, 0, sizeof settings);
    settings.ca_pem = ca_pem;
    settings.inner = boooply_mbedtls_port(&tls);
    assert_int_equal(boooply_mbedtls_init(&tls, &settings), MBEDTLS_ERR_SSL_BAD_INPUT_DATA);
    assert_string_equal(boooply_mbedtls_reason(&tls), "cfg.inner must be a plain transport (flags 0)");

    /* The core takes the TLS port for https:// URLs only. */
    memset(&settings, 0, sizeof settings);
    settings.ca_pem = ca_pem;
    assert_int_equal(boooply_mbedtls_init(&tls, &settings), 0);
    cfg.base_url = "http://localhost:8080";
    cfg.api_key = KEY;
    cfg.port = boooply_mbedtls_port(&tls);
    cfg.buffer = buffer;
    cfg.buffer_size = sizeof buffer;
    cfg.tokens = tokens;
    cfg.token_count = 64;
    assert_int_equal(boooply_init(&other, &cfg), BOOOPLY_E_INVALID_ARGUMENT);
    boooply_mbedtls_free(&tls);
    boooply_mbedtls_free(&tls);
}

/* With neither ca_pem nor ca_file, the system bundle is loaded. */
static void default_ca_file_loads(void **state) {
    boooply_mbedtls_config_t settings = {0};
    int result;
    (void)state;
    if (access(BOOOPLY_MBEDTLS_DEFAULT_CA_FILE, R_OK) != 0) {
        skip();
    }
    result = boooply_mbedtls_init(&tls, &settings);
    assert_int_equal(result, 0);
    boooply_mbedtls_free(&tls);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(api_calls_over_tls, open_sim_client, close_client),
        cmocka_unit_test_setup_teardown(idle_close_resumes_session, open_sim_client, close_client),
        cmocka_unit_test_setup_teardown(resumed_handshake_is_smaller, open_sim_client, close_client),
        cmocka_unit_test_teardown(nginx_keepalive_limit_resumes, close_client),
        cmocka_unit_test_teardown(nginx_forced_close_resumes, close_client),
        cmocka_unit_test_teardown(nginx_streams_chunked_response, close_client),
        cmocka_unit_test_teardown(wrong_host_name_rejected, close_client),
        cmocka_unit_test_teardown(expired_rejected, close_client),
        cmocka_unit_test_teardown(not_yet_valid_rejected, close_client),
        cmocka_unit_test_teardown(unknown_ca_rejected, close_client),
        cmocka_unit_test_teardown(self_signed_rejected, close_client),
        cmocka_unit_test_teardown(ip_literal_fails_closed, close_client),
        cmocka_unit_test_teardown(plain_http_on_tls_port, close_client),
        cmocka_unit_test_teardown(insecure_option_accepts_self_signed, close_client),
        cmocka_unit_test_teardown(close_during_handshake, close_client),
        cmocka_unit_test_teardown(silent_server_hits_deadline, close_client),
        cmocka_unit_test_teardown(ip_literal_sent_as_sni, close_client),
        cmocka_unit_test_teardown(case22_want_write_then_short_write, close_client),
        cmocka_unit_test_setup_teardown(case26a_length_then_close_notify, open_replay_client, close_client),
        cmocka_unit_test_setup_teardown(case26b_close_delimited_close_notify, open_replay_client, close_client),
        cmocka_unit_test_setup_teardown(case26c_close_delimited_bare_close, open_replay_client, close_client),
        cmocka_unit_test_setup_teardown(case26d_short_length_close_notify, open_replay_client, close_client),
        cmocka_unit_test(entropy_hook_seeds_once),
        cmocka_unit_test(init_rejects_bad_settings),
        cmocka_unit_test(default_ca_file_loads),
    };
    return cmocka_run_group_tests(tests, start_servers, stop_servers);
}
