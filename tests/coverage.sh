#!/bin/sh
# Measures gcov coverage of the boooply.h implementation in BUILD/boooply.o,
# which make coverage builds with gcc --coverage. It runs the given test
# programs, then every fuzz target's seeds and regressions through the
# replay driver linked to the same object. Then it prints the summary of
# gcov -b and the figures of tests/coverage_report.py.
#   coverage.sh BUILD TEST...
set -u
build=$1
shift
status=0
rm -f "$build"/*.gcda

for bin in "$@"; do
    if "$bin" > "$build/$(basename "$bin").log" 2>&1; then
        echo "ran $bin"
    else
        echo "$bin failed; see $build/$(basename "$bin").log" >&2
        status=1
    fi
done

for source in tests/fuzz/fuzz_*.c; do
    target=$(basename "$source" .c)
    target=${target#fuzz_}
    replay=$build/fuzz-$target
    gcc -O0 -g --coverage -std=c99 -I. -DFUZZ_LINKED_IMPLEMENTATION "$source" tests/fuzz/replay_main.c \
        "$build/boooply.o" -o "$replay" || { status=1; continue; }
    dirs=tests/fuzz/corpus/$target
    [ -d "tests/fuzz/regressions/$target" ] && dirs="$dirs tests/fuzz/regressions/$target"
    # shellcheck disable=SC2086
    "$replay" $dirs || status=1
done

# gcov writes its files into the current directory.
root=$(pwd)
(cd "$build" && gcov --branch-probabilities --json-format --object-file boooply.o "$root/tests/impl_core.c") |
    sed -n "/^File '.*boooply.h'/,/^$/p"
python3 tests/coverage_report.py "$build/impl_core.gcov.json.gz" || status=1
exit "$status"
