/* A loopback HTTP server for the benchmarks that sends the same recorded
 * response to every request.
 *
 *   canned_server RESPONSE_FILE PORT_FILE
 *
 * It listens on 127.0.0.1 on a free port, writes the port number to
 * PORT_FILE, and serves one connection at a time: it reads each request
 * head up to its blank line (the benchmarks send GET requests without a
 * body) and writes RESPONSE_FILE back, keeping the connection open until
 * the client closes it. SIGTERM stops it.
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_RESPONSE (256 * 1024)
#define MAX_HEAD 16384

static char response[MAX_RESPONSE];
static size_t response_len;

static int send_all(int fd, const char *p, size_t len) {
    while (len > 0) {
        ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Sends the response once per request on one connection until the client
 * closes it. */
static void serve(int fd) {
    char head[MAX_HEAD];
    size_t fill = 0;
    for (;;) {
        char *end;
        ssize_t n;
        if (fill == sizeof head - 1) return; /* a head too long for this server */
        n = recv(fd, head + fill, sizeof head - 1 - fill, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        fill += (size_t)n;
        head[fill] = '\0';
        /* Several pipelined requests each get the response, in order. */
        while ((end = strstr(head, "\r\n\r\n")) != NULL) {
            size_t used = (size_t)(end - head) + 4;
            if (send_all(fd, response, response_len) != 0) return;
            memmove(head, head + used, fill - used + 1);
            fill -= used;
        }
    }
}

int main(int argc, char **argv) {
    struct sockaddr_in addr;
    socklen_t addr_len = sizeof addr;
    int listener, one = 1;
    FILE *f;
    if (argc != 3) {
        fprintf(stderr, "usage: canned_server RESPONSE_FILE PORT_FILE\n");
        return 2;
    }
    f = fopen(argv[1], "rb");
    if (!f) {
        fprintf(stderr, "canned_server: cannot open %s\n", argv[1]);
        return 1;
    }
    response_len = fread(response, 1, sizeof response, f);
    fclose(f);

    listener = socket(AF_INET, SOCK_STREAM, 0);
    if (listener < 0) {
        perror("canned_server: socket");
        return 1;
    }
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (bind(listener, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(listener, 8) != 0 ||
        getsockname(listener, (struct sockaddr *)&addr, &addr_len) != 0) {
        perror("canned_server: bind or listen");
        return 1;
    }
    f = fopen(argv[2], "w");
    if (!f) {
        fprintf(stderr, "canned_server: cannot write %s\n", argv[2]);
        return 1;
    }
    fprintf(f, "%d\n", ntohs(addr.sin_port));
    fclose(f);

    for (;;) {
        int fd = accept(listener, NULL, NULL);
        if (fd < 0) {
            if (errno == EINTR) continue;
            perror("canned_server: accept");
            return 1;
        }
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        serve(fd);
        close(fd);
    }
}
