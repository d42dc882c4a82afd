#!/bin/sh
# Starts the local Boooply simulator on a free loopback port, runs the kiosk
# example against it and stops the simulator, also when the kiosk fails.
set -u
kiosk=${1:-build/kiosk}
dir=$(mktemp -d)
sim_pid=
cleanup() {
    [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null
    rm -rf "$dir"
}
trap cleanup EXIT INT TERM

python3 tests/sim/boooply_sim.py --port 0 --port-file "$dir/port" > "$dir/sim.log" 2>&1 &
sim_pid=$!
i=0
while [ ! -s "$dir/port" ]; do
    i=$((i + 1))
    if [ "$i" -gt 100 ] || ! kill -0 "$sim_pid" 2>/dev/null; then
        echo "the simulator did not start:" >&2
        cat "$dir/sim.log" >&2
        exit 1
    fi
    sleep 0.1
done
port=$(cat "$dir/port")
echo "simulator listening on 127.0.0.1:$port"

BOOOPLY_BASE_URL="http://127.0.0.1:$port" BOOOPLY_API_KEY=bply_org_test_key \
    "$kiosk" "Jane Doe" "jane@example.com" "Backend Engineer"
