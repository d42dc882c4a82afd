#!/bin/sh
# Runs cmocka test programs under valgrind memcheck and adds their results
# to build/test-totals, as tests/run_tests.sh does. A program fails when
# memcheck reports an error or a definite or possible leak, or when a test
# fails.
#   run_valgrind.sh BINARY...
set -u
totals=build/test-totals
mkdir -p build
status=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

for bin in "$@"; do
    echo "== valgrind $bin"
    # Children (the simulator, a python3 process) are not traced.
    valgrind -q --error-exitcode=1 --leak-check=full "$bin" > "$log" 2>&1
    rc=$?
    p=$(sed -n 's/^\[  PASSED  \] \([0-9][0-9]*\) test.*/\1/p' "$log" | awk '{s += $1} END {print s + 0}')
    f=$(sed -n 's/^\[  FAILED  \] \([0-9][0-9]*\) test.*/\1/p' "$log" | awk '{s += $1} END {print s + 0}')
    if [ "$rc" -ne 0 ]; then
        cat "$log"
        [ "$f" -eq 0 ] && f=1
        echo "$bin failed under valgrind (status $rc): a failed test or a memcheck error, see above" >&2
        status=1
    else
        tail -n 4 "$log"
    fi
    echo "$p $f" >> "$totals"
done
exit "$status"
