#!/bin/sh
# Runs tests/check_no_heap.sh on every object tests/embedded/cross.sh built,
# each with its own toolchain's nm.
#   heap.sh [BUILD_DIR]     default build/embedded
set -u
cd "$(dirname "$0")/../.."
. tests/embedded/targets.sh
out=${1:-build/embedded}
status=0
for target in $EMBEDDED_TARGETS; do
    target_config "$target" || exit 1
    NM=${target_tool}nm sh tests/check_no_heap.sh "$out/$target-Os/boooply.o" "$out/$target-O2/boooply.o" ||
        status=1
done
sh tests/check_no_heap.sh "$out"/host/*.o || status=1
exit "$status"
