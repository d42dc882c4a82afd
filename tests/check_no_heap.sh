#!/bin/sh
# Fails when an object file references a heap function: the library and its
# ports take all memory from the caller.
set -u
status=0
for obj in "$@"; do
    found=$(nm -u "$obj" | awk '{print $NF}' | grep -E '^(malloc|calloc|realloc|free|aligned_alloc|posix_memalign|strdup|strndup)$' || true)
    if [ -n "$found" ]; then
        echo "$obj references heap functions: $found" >&2
        status=1
    else
        echo "$obj: no heap functions referenced"
    fi
done
exit "$status"
