#!/bin/sh
# Fails when an object file references a heap function: the library and its
# ports take all memory from the caller. NM names the nm to use, for
# example arm-none-eabi-nm for cross objects (default nm).
set -u
nm=${NM:-nm}
status=0
for obj in "$@"; do
    if ! undefined=$("$nm" -u "$obj"); then
        echo "$obj: $nm failed, so the object was not checked" >&2
        status=1
        continue
    fi
    found=$(printf '%s\n' "$undefined" | awk '{print $NF}' | grep -E '^(malloc|calloc|realloc|free|aligned_alloc|posix_memalign|strdup|strndup)$' || true)
    if [ -n "$found" ]; then
        echo "$obj references heap functions: $found" >&2
        status=1
    else
        echo "$obj: no heap functions referenced"
    fi
done
exit "$status"
