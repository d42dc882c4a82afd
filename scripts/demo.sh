#!/bin/sh
# Starts the local Boooply simulator on a free loopback port. It serves
# HTTPS with a certificate from a throw-away test CA, which is the only CA
# the kiosk example trusts here. Runs the kiosk against it and stops the
# simulator, also when the kiosk fails.
set -u
kiosk=${1:-build/kiosk}
dir=$(mktemp -d)
sim_pid=
cleanup() {
    [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null
    rm -rf "$dir"
}
trap cleanup EXIT INT TERM

if ! sh tests/tls/make_pki.sh "$dir/pki"; then
    echo "making the test PKI with openssl failed" >&2
    exit 1
fi
python3 tests/sim/boooply_sim.py --port 0 --port-file "$dir/port" \
    --tls-cert "$dir/pki/localhost.crt" --tls-key "$dir/pki/localhost.key" > "$dir/sim.log" 2>&1 &
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
echo "simulator listening on https://localhost:$port (certificate from a test CA)"

BOOOPLY_BASE_URL="https://localhost:$port" BOOOPLY_API_KEY=bply_org_test_key \
    BOOOPLY_CA_FILE="$dir/pki/ca.crt" \
    "$kiosk" "Jane Doe" "jane@example.com" "Backend Engineer"
