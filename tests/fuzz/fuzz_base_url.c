/* Fuzz target: boooply_init()'s base URL and API key checks.
 *
 * The input up to its first zero byte is the base URL; the bytes after it,
 * up to the next zero byte, are the API key ("tok" when the input has no
 * zero byte).
 * The port is marked TLS when the URL starts with https://, as a correct
 * caller does. When init succeeds:
 *   - the same config with the other port kind is rejected;
 *   - the host is non-empty, at most BOOOPLY_HOST_MAX bytes, and made of
 *     host name or IPv6 literal characters only;
 *   - a request goes to that host and port. Its head starts with
 *     "GET <the URL's path without one trailing slash>/x HTTP/1.1" and has
 *     CRLF line endings, no other control byte and no byte above 0x7E. Its
 *     Host header names the host, and its Authorization header carries the
 *     key exactly.
 * When it fails, last.message gives the reason and nothing was sent.
 */
/* The coverage build links the implementation from its own object. */
#ifndef FUZZ_LINKED_IMPLEMENTATION
#define BOOOPLY_IMPLEMENTATION
#endif
#include "fuzz_common.h"

#define TOKEN_COUNT 16
#define SENT_MAX 2048

static const char response[] = "HTTP/1.1 204 No Content\r\n\r\n";

static int lower(int ch) { return ch >= 'A' && ch <= 'Z' ? ch + ('a' - 'A') : ch; }

static int starts_with_nocase(const char *s, const char *prefix) {
    for (; *prefix; s++, prefix++)
        if (lower((unsigned char)*s) != *prefix) return 0;
    return 1;
}

static int host_char(int ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '-' || ch == '.' || ch == '_' || ch == ':';
}

/* Returns the value of the header called name in head (exact case), or NULL. */
static const char *find_header(const char *head, const char *name, size_t *len) {
    char pattern[32];
    const char *start, *end;
    snprintf(pattern, sizeof pattern, "\r\n%s: ", name);
    start = strstr(head, pattern);
    if (!start) return NULL;
    start += strlen(pattern);
    end = strstr(start, "\r\n");
    FUZZ_CHECK(end != NULL);
    *len = (size_t)(end - start);
    return start;
}

static void check_request(const boooply_client_t *c, const fuzz_port_t *port, const char *url,
                          const char *key) {
    const char *head = port->sent, *path, *value;
    char expected_line[SENT_MAX];
    size_t i, head_len, path_len, len;
    const char *end_of_head = strstr(head, "\r\n\r\n");

    FUZZ_CHECK(end_of_head != NULL);
    head_len = (size_t)(end_of_head - head) + 4;
    for (i = 0; i < head_len; i++) {
        unsigned char ch = (unsigned char)head[i];
        if (ch == '\r') FUZZ_CHECK(head[i + 1] == '\n');
        else if (ch == '\n') FUZZ_CHECK(i > 0 && head[i - 1] == '\r');
        else FUZZ_CHECK(ch >= 0x20 && ch <= 0x7E);
    }

    /* The path: what follows the authority, less one trailing slash. */
    path = strchr(url + (lower((unsigned char)url[4]) == 's' ? 8 : 7), '/');
    path_len = path ? strlen(path) : 0;
    if (path_len && path[path_len - 1] == '/') path_len--;
    snprintf(expected_line, sizeof expected_line, "GET %.*s/x HTTP/1.1\r\n", (int)path_len, path ? path : "");
    FUZZ_CHECK(strncmp(head, expected_line, strlen(expected_line)) == 0);

    value = find_header(head, "Host", &len);
    FUZZ_CHECK(value != NULL);
    if (strchr(c->host, ':')) {
        FUZZ_CHECK(value[0] == '[' && strncmp(value + 1, c->host, strlen(c->host)) == 0);
    } else {
        FUZZ_CHECK(strncmp(value, c->host, strlen(c->host)) == 0);
    }
    value = find_header(head, "Authorization", &len);
    FUZZ_CHECK(value != NULL);
    FUZZ_CHECK(len == strlen(key) + 7 && memcmp(value, "Bearer ", 7) == 0 &&
               memcmp(value + 7, key, strlen(key)) == 0);
    FUZZ_CHECK(strcmp(port->host, c->host) == 0);
    FUZZ_CHECK(port->port_number == c->port_number);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const uint8_t *nul = size ? (const uint8_t *)memchr(data, 0, size) : NULL;
    size_t url_len = nul ? (size_t)(nul - data) : size;
    size_t key_len = 0;
    char *url, *key, *buffer;
    boooply_token_t tokens[TOKEN_COUNT];
    boooply_config_t cfg;
    boooply_client_t c;
    fuzz_input_t in;
    fuzz_port_t port;
    char sent[SENT_MAX + 1];
    unsigned flags;
    boooply_err_t err;
    size_t i;

    if (nul) {
        const uint8_t *key_start = nul + 1, *key_end;
        size_t rest = size - url_len - 1;
        key_end = rest ? (const uint8_t *)memchr(key_start, 0, rest) : NULL;
        key_len = key_end ? (size_t)(key_end - key_start) : rest;
    }
    url = (char *)malloc(url_len + 1);
    key = (char *)malloc(key_len ? key_len + 1 : 4);
    buffer = (char *)malloc(1024);
    FUZZ_CHECK(url != NULL && key != NULL && buffer != NULL);
    if (url_len) memcpy(url, data, url_len);
    url[url_len] = '\0';
    if (nul) {
        if (key_len) memcpy(key, nul + 1, key_len);
        key[key_len] = '\0';
    } else {
        memcpy(key, "tok", 4);
    }

    memset(&in, 0, sizeof in);
    fuzz_port_init(&port, &in, response, sizeof response - 1);
    port.sent = sent;
    port.sent_cap = SENT_MAX;
    flags = starts_with_nocase(url, "https://") ? BOOOPLY_PORT_SECURE : 0u;
    memset(&cfg, 0, sizeof cfg);
    cfg.base_url = url;
    cfg.api_key = key;
    cfg.port = fuzz_port(&port, flags);
    cfg.buffer = buffer;
    cfg.buffer_size = 1024;
    cfg.tokens = tokens;
    cfg.token_count = TOKEN_COUNT;
    cfg.timeout_ms = FUZZ_TIMEOUT_MS;

    err = boooply_init(&c, &cfg);
    fuzz_check_last(&c, err);
    FUZZ_CHECK(err == BOOOPLY_OK || err == BOOOPLY_E_INVALID_ARGUMENT);
    if (err == BOOOPLY_OK) {
        boooply_client_t other;
        boooply_config_t mismatched = cfg;
        boooply_request_t req;
        size_t host_len = strlen(c.host);

        mismatched.port.flags = flags ^ BOOOPLY_PORT_SECURE;
        FUZZ_CHECK(boooply_init(&other, &mismatched) == BOOOPLY_E_INVALID_ARGUMENT);

        FUZZ_CHECK(host_len >= 1 && host_len <= BOOOPLY_HOST_MAX);
        for (i = 0; i < host_len; i++) FUZZ_CHECK(host_char((unsigned char)c.host[i]));
        FUZZ_CHECK(c.port_number != 0);
        for (i = 0; key[i]; i++) FUZZ_CHECK((unsigned char)key[i] > 0x20 && (unsigned char)key[i] < 0x7F);

        memset(&req, 0, sizeof req);
        req.method = "GET";
        req.path = "/x";
        err = boooply_raw(&c, &req);
        /* The request fits 1024 bytes unless the prefix and key are long. */
        FUZZ_CHECK(err == BOOOPLY_OK || err == BOOOPLY_E_BUFFER_TOO_SMALL);
        if (err == BOOOPLY_OK) {
            sent[port.sent_len] = '\0';
            FUZZ_CHECK(memchr(sent, 0, port.sent_len) == NULL);
            check_request(&c, &port, url, key);
        } else {
            FUZZ_CHECK(port.connects == 0 && port.sent_len == 0);
        }
        boooply_close(&c);
    } else {
        FUZZ_CHECK(port.connects == 0);
    }
    free(url);
    free(key);
    free(buffer);
    return 0;
}
