#!/bin/sh
# Runs test programs and keeps a running total in build/test-totals.
#   run_tests.sh BINARY...          cmocka test programs
#   run_tests.sh --python ARGS...   a python3 unittest run
#   run_tests.sh --total            prints "N passed, N failed" and resets
set -u
totals=build/test-totals
mkdir -p build

if [ "${1:-}" = "--total" ]; then
    passed=0
    failed=0
    if [ -f "$totals" ]; then
        while read -r p f; do
            passed=$((passed + p))
            failed=$((failed + f))
        done < "$totals"
    fi
    rm -f "$totals"
    echo "tests: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
fi

status=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

if [ "${1:-}" = "--python" ]; then
    shift
    python3 "$@" > "$log" 2>&1
    rc=$?
    cat "$log"
    ran=$(sed -n 's/^Ran \([0-9][0-9]*\) tests\{0,1\}.*/\1/p' "$log" | tail -n 1)
    ran=${ran:-0}
    bad=$(sed -n 's/^FAILED (\(.*\))/\1/p' "$log" | tr ',' '\n' | sed -n 's/.*=\([0-9][0-9]*\).*/\1/p' |
          awk '{s += $1} END {print s + 0}')
    [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ] && bad=1
    echo "$((ran - bad)) $bad" >> "$totals"
    exit "$rc"
fi

for bin in "$@"; do
    echo "== $bin"
    "$bin" > "$log" 2>&1
    rc=$?
    cat "$log"
    p=$(sed -n 's/^\[  PASSED  \] \([0-9][0-9]*\) test.*/\1/p' "$log" | awk '{s += $1} END {print s + 0}')
    f=$(sed -n 's/^\[  FAILED  \] \([0-9][0-9]*\) test.*/\1/p' "$log" | awk '{s += $1} END {print s + 0}')
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1 # crashed or exited early without a cmocka summary
        echo "$bin exited with status $rc" >&2
    fi
    echo "$p $f" >> "$totals"
    [ "$rc" -ne 0 ] && status=1
done
exit "$status"
