#!/bin/sh
# Builds the library for every embedded target at -Os and -O2, the POSIX
# port with gcc and clang, and the header as C++, all with warnings as
# errors. Objects go to build/embedded/<target>-<opt>/boooply.o, where the
# size, stack and no-heap checks read them.
#   cross.sh [BUILD_DIR]     default build/embedded
set -u
cd "$(dirname "$0")/../.."
. tests/embedded/targets.sh
out=${1:-build/embedded}
mkdir -p "$out/include" "$out/host"

# jsmn.h comes from Debian's libjsmn-dev. A copy in a directory of its own
# keeps the host's /usr/include, and the host's libc headers in it, off the
# cross compilers' include path.
if [ ! -f /usr/include/jsmn.h ]; then
    echo "missing /usr/include/jsmn.h: run sh scripts/install-deps.sh" >&2
    exit 1
fi
cp /usr/include/jsmn.h "$out/include/jsmn.h"

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

# Runs "$@" in the background, logging to $logs/$name; at most two at a
# time, as the build machines have two cores.
running=0
spawn() {
    name=$1
    shift
    ( "$@" > "$logs/$name" 2>&1 || echo "FAILED: $*" >> "$logs/$name" ) &
    running=$((running + 1))
    if [ "$running" -ge 2 ]; then
        wait
        running=0
    fi
}

for target in $EMBEDDED_TARGETS; do
    target_config "$target" || exit 1
    for opt in Os O2; do
        dir="$out/$target-$opt"
        mkdir -p "$dir"
        # shellcheck disable=SC2086
        spawn "$target-$opt" $target_cc $target_flags -$opt $EMBEDDED_WARN \
            -ffunction-sections -fdata-sections -I. -I"$out/include" \
            -c tests/impl_core.c -o "$dir/boooply.o"
    done
done

# The core and both ports on the host, with both compilers.
for cc in gcc clang; do
    spawn "host-core-$cc" $cc -O2 $EMBEDDED_WARN -Wshadow -I. -c tests/impl_core.c \
        -o "$out/host/boooply-$cc.o"
    spawn "host-posix-$cc" $cc -O2 $EMBEDDED_WARN -Wshadow -I. -c tests/impl_posix.c \
        -o "$out/host/posix-$cc.o"
    spawn "host-mbedtls-$cc" $cc -O2 $EMBEDDED_WARN -Wshadow -I. -c tests/impl_mbedtls.c \
        -o "$out/host/mbedtls-$cc.o"
done

# C++: the declarations alone, then the implementation.
cxx_warn="-Wall -Wextra -pedantic -Wconversion -Wsign-conversion -Wundef -Werror"
printf '#include "boooply.h"\nint main(void) { return boooply_strerror(BOOOPLY_OK) != 0 ? 0 : 1; }\n' \
    > "$out/host/header_only.cpp"
# shellcheck disable=SC2086
spawn "cxx-header" g++ -std=c++98 $cxx_warn -I. -c "$out/host/header_only.cpp" \
    -o "$out/host/header_only-cxx.o"
# shellcheck disable=SC2086
spawn "cxx-impl" g++ -x c++ -std=c++11 $cxx_warn -I. -c tests/impl_core.c \
    -o "$out/host/boooply-cxx.o"
wait

status=0
for log in "$logs"/*; do
    name=$(basename "$log")
    if grep -q '^FAILED: ' "$log"; then
        echo "cross: $name failed" >&2
        cat "$log" >&2
        status=1
    elif [ -s "$log" ]; then
        echo "cross: $name built with output:"
        cat "$log"
    else
        echo "cross: $name ok"
    fi
done
exit "$status"
