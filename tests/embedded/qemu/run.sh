#!/bin/sh
# Builds tests/test_json.c and tests/test_http_cases.c for a Cortex-M3 with
# newlib and semihosting, and runs them under QEMU's mps2-an385 machine.
# cmocka is replaced by cmocka.h here, and tests/test_util.h by test_util.h
# here, which reads the case files compiled into the image. The results are
# read from the emulator's output: cmocka's summary lines, then the exit
# status main returned through semihosting.
#   run.sh [BUILD_DIR]     default build/embedded/qemu
set -u
cd "$(dirname "$0")/../../.."
out=${1:-build/embedded/qemu}
here=tests/embedded/qemu
tests="test_json test_http_cases"
# Both programs run in about ten seconds under QEMU; the limit only stops a
# hang.
timeout_s=600

mkdir -p "$out/src" "$out/include"
cp /usr/include/jsmn.h "$out/include/jsmn.h" || exit 1
# Copies of the test files, so that their #include "test_util.h" finds the
# one here first (a quoted include looks in the including file's directory
# before the -I directories).
for t in $tests; do
    cp "tests/$t.c" "$out/src/$t.c" || exit 1
done
python3 "$here/embed_cases.py" tests/cases "$out/cases.c" || exit 1

cc=arm-none-eabi-gcc
flags="-mcpu=cortex-m3 -mthumb -O2 -g -std=c99 -Wall -Wextra -pedantic -Werror -ffunction-sections -fdata-sections"
include="-I$here -Itests -I. -I$out/include"
link="-T $here/mps2_an385.ld -nostartfiles --specs=rdimon.specs -Wl,--gc-sections"
set -e
# shellcheck disable=SC2086
$cc $flags $include -c tests/impl_core.c -o "$out/boooply.o"
# shellcheck disable=SC2086
$cc $flags $include -c "$here/startup.c" -o "$out/startup.o"
# shellcheck disable=SC2086
$cc $flags $include -c "$out/cases.c" -o "$out/cases.o"
for t in $tests; do
    # shellcheck disable=SC2086
    $cc $flags $include -c "$out/src/$t.c" -o "$out/$t.o"
    # shellcheck disable=SC2086
    $cc $flags $link "$out/startup.o" "$out/$t.o" "$out/boooply.o" "$out/cases.o" -o "$out/$t.elf"
done
set +e

status=0
passed_total=0
failed_total=0
for t in $tests; do
    echo "== $t on qemu-system-arm -M mps2-an385 (Cortex-M3)"
    timeout "$timeout_s" qemu-system-arm -M mps2-an385 -cpu cortex-m3 -display none -serial null \
        -monitor none -semihosting-config enable=on,target=native -kernel "$out/$t.elf" > "$out/$t.log" 2>&1
    rc=$?
    grep -E '^\[  (PASSED|FAILED|ERROR|FAULT) |^\[   LINE   \]|^\[==========\]' "$out/$t.log"
    passed=$(sed -n 's/^\[  PASSED  \] \([0-9][0-9]*\) test.*/\1/p' "$out/$t.log" | tail -n 1)
    failed=$(sed -n 's/^\[  FAILED  \] \([0-9][0-9]*\) test.*/\1/p' "$out/$t.log" | tail -n 1)
    passed=${passed:-0}
    failed=${failed:-0}
    if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
        # A fault, a timeout or an exit before the summary.
        echo "$t: QEMU exited with status $rc before a clean summary; see $out/$t.log" >&2
        failed=1
    fi
    if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
        echo "$t: no test ran; see $out/$t.log" >&2
        failed=1
    fi
    passed_total=$((passed_total + passed))
    failed_total=$((failed_total + failed))
    [ "$failed" -ne 0 ] && status=1
done
echo "target tests: $passed_total passed, $failed_total failed"
# make test adds these to its closing total.
mkdir -p build
echo "$passed_total $failed_total" >> build/test-totals
exit "$status"
