#!/bin/sh
# Measures the heap that mbedTLS uses for one HTTPS call of boooply.h:
#   measure_heap.sh PROBE          (make tls-heap builds PROBE and runs this)
# It makes a test PKI and starts the simulator twice on loopback, over TLS
# and plain. Then it runs PROBE (tests/tls/heap_probe.c) under valgrind's
# DHAT tool against each. The HTTPS run minus the HTTP run is what the mbedTLS
# port and mbedTLS add: the peak heap in use (DHAT's t-gmax), and the bytes
# and blocks allocated in total. The HTTPS run is then split by the mbedTLS
# function that made each allocation.
set -eu

probe=${1:?usage: measure_heap.sh PROBE}
command -v valgrind >/dev/null 2>&1 || {
    echo "valgrind is missing: run scripts/install-deps.sh --test" >&2
    exit 1
}
dir=$(mktemp -d)
tls_pid=
plain_pid=
cleanup() {
    [ -n "$tls_pid" ] && kill "$tls_pid" 2>/dev/null && wait "$tls_pid" 2>/dev/null
    [ -n "$plain_pid" ] && kill "$plain_pid" 2>/dev/null && wait "$plain_pid" 2>/dev/null
    rm -rf "$dir"
}
trap cleanup EXIT INT TERM

sh tests/tls/make_pki.sh "$dir/pki"

# start_simulator NAME [OPTION...]: starts it and waits for its port file.
start_simulator() {
    name=$1
    shift
    python3 tests/sim/boooply_sim.py --port 0 --port-file "$dir/$name.port" "$@" \
        > "$dir/$name.log" 2>&1 &
    i=0
    while [ ! -s "$dir/$name.port" ]; do
        i=$((i + 1))
        if [ "$i" -gt 100 ]; then
            echo "the simulator did not start:" >&2
            cat "$dir/$name.log" >&2
            exit 1
        fi
        sleep 0.1
    done
}
start_simulator tls --tls-cert "$dir/pki/localhost.crt" --tls-key "$dir/pki/localhost.key"
tls_pid=$!
start_simulator plain
plain_pid=$!

# run NAME URL: runs the probe under DHAT and keeps its summary and profile.
run() {
    valgrind --tool=dhat --num-callers=50 --dhat-out-file="$dir/$1.dhat" \
        "$probe" "$2" "$dir/pki/ca.crt" > "$dir/$1.out" 2> "$dir/$1.valgrind" || {
        cat "$dir/$1.out" "$dir/$1.valgrind" >&2
        exit 1
    }
}
run https "https://localhost:$(cat "$dir/tls.port")"
run http "http://localhost:$(cat "$dir/plain.port")"

# field NAME LABEL: the byte and block counts of a DHAT summary line.
field() {
    sed -n "s/^==[0-9]*== $2 *\([0-9,]*\) bytes in \([0-9,]*\) blocks/\1 \2/p" "$dir/$1.valgrind" | tr -d ,
}
set -- $(field https 'At t-gmax:') $(field http 'At t-gmax:') \
       $(field https 'Total:') $(field http 'Total:')
echo "One HTTPS call (boooply_interviews_get on a new connection, full handshake)"
echo "to the local simulator, valgrind DHAT, HTTPS run minus HTTP run:"
echo "  peak heap in use:   $(($1 - $3)) bytes in $(($2 - $4)) blocks (HTTPS $1, HTTP $3)"
echo "  allocated in total: $(($5 - $7)) bytes in $(($6 - $8)) blocks (HTTPS $5, HTTP $7)"

python3 - "$dir/https.dhat" <<'PYTHON'
"""Split the HTTPS profile by the outermost known function of each stack."""
import json
import sys

GROUPS = (
    ("mbedtls_ssl_setup", "record buffers (mbedtls_ssl_setup, in init)"),
    ("mbedtls_x509_crt_parse", "CA certificates (mbedtls_x509_crt_parse, in init)"),
    ("mbedtls_ctr_drbg_seed", "random generator seeding (in init)"),
    # mbedtls_ssl_get_session ends in a tail call, so its own frame is
    # missing from the stacks of the copy it makes.
    ("boooply__mbedtls_handshake_done", "kept session (mbedtls_ssl_get_session)"),
    ("mbedtls_ssl_set_hostname", "host name (mbedtls_ssl_set_hostname)"),
    ("mbedtls_ssl_handshake", "handshake (mbedtls_ssl_handshake)"),
    ("mbedtls_ssl_read", "reading records (mbedtls_ssl_read)"),
    ("mbedtls_ssl_write", "writing records (mbedtls_ssl_write)"),
    ("getaddrinfo", "name resolution (getaddrinfo, also in HTTP)"),
)
with open(sys.argv[1]) as profile_file:
    profile = json.load(profile_file)
totals = {}
for point in profile["pps"]:
    frames = [profile["ftbl"][index] for index in point["fs"]]
    label = "other (C library, start-up)"
    for frame in reversed(frames):
        match = [text for name, text in GROUPS if ": " + name + " (" in frame]
        if match:
            label = match[0]
            break
    peak, total, blocks = totals.get(label, (0, 0, 0))
    totals[label] = (peak + point["gb"], total + point["tb"], blocks + point["tbk"])
print("HTTPS run by allocating function (bytes at the peak, bytes and blocks in total):")
for label, (peak, total, blocks) in sorted(totals.items(), key=lambda item: -item[1][0]):
    print("  %-52s %7d %9d %7d" % (label, peak, total, blocks))
PYTHON
