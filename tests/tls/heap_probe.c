/* Makes one API call, over HTTPS with the mbedTLS port or over plain HTTP,
 * so that tests/tls/measure_heap.sh can compare the heap use of the two
 * under valgrind's DHAT tool.
 *
 *   heap_probe URL CA_FILE
 *
 * URL is the simulator's base URL (https:// or http://). The CA certificate
 * is read into memory in both cases, so that both runs do the same file
 * work. Exit status 0 when the call succeeded. */
#include <stdio.h>
#include <string.h>

#include "boooply.h"
#include "ports/boooply_posix.h"
#include "ports/boooply_mbedtls.h"

static unsigned char buffer[16384];
static boooply_token_t tokens[1024];
static char ca_pem[16384];
static boooply_mbedtls_t tls;

int main(int argc, char **argv) {
    boooply_posix_t tcp;
    boooply_client_t client;
    boooply_config_t cfg = {0};
    boooply_interview_t interview;
    boooply_err_t err;
    int https;
    FILE *ca;
    size_t ca_len;

    if (argc != 3) {
        fprintf(stderr, "usage: heap_probe URL CA_FILE\n");
        return 2;
    }
    https = strncmp(argv[1], "https://", 8) == 0;
    ca = fopen(argv[2], "rb");
    if (!ca) {
        fprintf(stderr, "heap_probe: cannot open %s\n", argv[2]);
        return 2;
    }
    ca_len = fread(ca_pem, 1, sizeof ca_pem - 1, ca);
    fclose(ca);
    ca_pem[ca_len] = '\0';

    if (https) {
        boooply_mbedtls_config_t tls_cfg = {0};
        tls_cfg.ca_pem = ca_pem;
        if (boooply_mbedtls_init(&tls, &tls_cfg) != 0) {
            fprintf(stderr, "heap_probe: TLS setup failed: %s\n", boooply_mbedtls_reason(&tls));
            return 1;
        }
        cfg.port = boooply_mbedtls_port(&tls);
    } else {
        boooply_posix_init(&tcp);
        cfg.port = boooply_posix_port(&tcp);
    }

    cfg.base_url = argv[1];
    cfg.api_key = "bply_org_test_key";
    cfg.buffer = buffer;
    cfg.buffer_size = sizeof buffer;
    cfg.tokens = tokens;
    cfg.token_count = sizeof tokens / sizeof tokens[0];
    cfg.timeout_ms = 10000;
    err = boooply_init(&client, &cfg);
    if (!err) err = boooply_interviews_get(&client, "Boooply-HU-1000000003", &interview);
    boooply_close(&client);
    if (https) boooply_mbedtls_free(&tls);
    if (err) {
        fprintf(stderr, "heap_probe: the call failed: %s: %s %s\n", boooply_strerror(err),
                client.last.message, https ? boooply_mbedtls_reason(&tls) : "");
        return 1;
    }
    printf("%s call succeeded: HTTP %d\n", https ? "HTTPS" : "HTTP", client.last.http_status);
    return 0;
}
