#!/bin/sh
# Runs the fuzz targets built by the Makefile (libFuzzer and replay builds).
#   run_fuzz.sh BUILD SECONDS TARGET...          fuzz each target for SECONDS
#   run_fuzz.sh --smoke BUILD SECONDS TARGET...  replay the seeds and the
#                                                regressions, then fuzz each
#                                                target for SECONDS from a
#                                                fresh copy of its seeds
# Seeds are read from tests/fuzz/corpus/TARGET and tests/fuzz/regressions/TARGET
# and never written; new inputs go to BUILD/work/TARGET, crash files to
# BUILD/crashes/TARGET-*. The last lines give executions per second and
# total executions per target, also kept in BUILD/report.txt. Exits 1 when
# any target crashed.
set -u

smoke=0
if [ "${1:-}" = "--smoke" ]; then
    smoke=1
    shift
fi
build=$1
seconds=$2
shift 2

status=0
report=$build/report.txt
mkdir -p "$build/crashes" "$build/work"
: > "$report"

dictionary() {
    case $1 in
    http|chunked|base_url|percent) echo "-dict=tests/fuzz/http.dict" ;;
    json|api) echo "-dict=tests/fuzz/json.dict" ;;
    *) echo "" ;;
    esac
}

for target in "$@"; do
    seeds=tests/fuzz/corpus/$target
    regressions=tests/fuzz/regressions/$target
    work=$build/work/$target
    log=$build/$target.log
    dirs="$seeds"
    [ -d "$regressions" ] && dirs="$dirs $regressions"

    if [ "$smoke" -eq 1 ]; then
        # shellcheck disable=SC2086
        if ! "$build/$target-replay" $dirs > "$log" 2>&1; then
            cat "$log"
            echo "$target: replaying the seeds and regressions failed" >&2
            status=1
            continue
        fi
        tail -n 1 "$log"
        rm -rf "$work"
    fi
    mkdir -p "$work"

    # shellcheck disable=SC2046,SC2086
    "$build/$target" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
        -artifact_prefix="$build/crashes/$target-" $(dictionary "$target") \
        "$work" $dirs > "$log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    line=$(printf '%-12s %8s exec/s %10s executions in %s s' "$target" "${rate:-?}" "${runs:-?}" "$seconds")
    echo "$line"
    echo "$line" >> "$report"
    if [ "$rc" -ne 0 ]; then
        grep -E 'check failed|ERROR|SUMMARY|Test unit written' "$log" >&2
        echo "$target: libFuzzer exited with status $rc; the log is $log" >&2
        status=1
    fi
done
exit "$status"
