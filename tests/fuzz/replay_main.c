/* A main() for the fuzz targets without libFuzzer: it runs the target on
 * an empty input with a NULL pointer, on an empty input with a valid
 * pointer, and then on every file named on the command line, or in a
 * directory named there. Use it to replay a crash file under a debugger,
 * or with a compiler that has no libFuzzer.
 *
 *   build/fuzz/json-replay tests/fuzz/regressions/json crash-1234
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Runs the target on one file, read into a block of exactly its size so
 * that AddressSanitizer reports a read past the input. */
static int replay_file(const char *path) {
    FILE *f = fopen(path, "rb");
    uint8_t *data;
    long size;
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        return 1;
    }
    if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fprintf(stderr, "cannot read the size of %s\n", path);
        fclose(f);
        return 1;
    }
    data = (uint8_t *)malloc(size ? (size_t)size : 1);
    if (!data || fread(data, 1, (size_t)size, f) != (size_t)size) {
        fprintf(stderr, "cannot read %s\n", path);
        free(data);
        fclose(f);
        return 1;
    }
    fclose(f);
    LLVMFuzzerTestOneInput(data, (size_t)size);
    free(data);
    return 0;
}

static int replay_path(const char *path, unsigned *count) {
    struct stat st;
    DIR *dir;
    struct dirent *entry;
    int failed = 0;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "cannot open %s\n", path);
        return 1;
    }
    if (!S_ISDIR(st.st_mode)) {
        (*count)++;
        return replay_file(path);
    }
    dir = opendir(path);
    if (!dir) {
        fprintf(stderr, "cannot open %s\n", path);
        return 1;
    }
    while ((entry = readdir(dir)) != NULL) {
        char child[4096];
        if (entry->d_name[0] == '.') continue; /* ., .. and hidden files */
        if ((size_t)snprintf(child, sizeof child, "%s/%s", path, entry->d_name) >= sizeof child) {
            fprintf(stderr, "path too long: %s/%s\n", path, entry->d_name);
            failed = 1;
            continue;
        }
        if (stat(child, &st) == 0 && S_ISREG(st.st_mode)) {
            (*count)++;
            failed |= replay_file(child);
        }
    }
    closedir(dir);
    return failed;
}

int main(int argc, char **argv) {
    uint8_t empty[1] = {0};
    unsigned count = 2;
    int i, failed = 0;
    LLVMFuzzerTestOneInput(NULL, 0);
    LLVMFuzzerTestOneInput(empty, 0);
    for (i = 1; i < argc; i++) failed |= replay_path(argv[i], &count);
    printf("%s: %u inputs replayed%s\n", argv[0], count, failed ? ", some could not be read" : "");
    return failed;
}
