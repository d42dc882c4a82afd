#!/bin/sh
# Installs what the build, the demo and the tests need on Debian, or, when
# not root, prints the command that would. Safe to run again: it only asks
# for packages that are missing.
set -eu

need=""
have_cmd() { command -v "$1" >/dev/null 2>&1; }
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

have_cmd gcc || need="$need gcc libc6-dev"
have_cmd python3 || need="$need python3"
have_pkg libjsmn-dev || need="$need libjsmn-dev"
have_pkg libcmocka-dev || need="$need libcmocka-dev"
have_pkg libmbedtls-dev || need="$need libmbedtls-dev"
have_cmd openssl || need="$need openssl"
if [ "${1:-}" = "--test" ]; then
    have_cmd clang || need="$need clang"
    have_cmd valgrind || need="$need valgrind"
    have_cmd nm || need="$need binutils"
    # nginx terminates TLS in front of the simulator in tests/test_tls.c.
    have_cmd nginx || [ -x /usr/sbin/nginx ] || need="$need nginx-light"
fi

# Cross toolchains for make cross, size and stack.
if [ "${1:-}" = "--cross" ]; then
    have_cmd arm-none-eabi-gcc || need="$need gcc-arm-none-eabi"
    have_pkg libnewlib-arm-none-eabi || need="$need libnewlib-arm-none-eabi"
    have_cmd riscv64-unknown-elf-gcc || need="$need gcc-riscv64-unknown-elf"
    have_cmd clang || need="$need clang"
    have_cmd g++ || need="$need g++"
fi
# The emulator for make test-target.
if [ "${1:-}" = "--target" ]; then
    have_cmd arm-none-eabi-gcc || need="$need gcc-arm-none-eabi"
    have_pkg libnewlib-arm-none-eabi || need="$need libnewlib-arm-none-eabi"
    have_cmd qemu-system-arm || need="$need qemu-system-arm"
fi
# The libraries make bench compares against.
if [ "${1:-}" = "--bench" ]; then
    have_cmd valgrind || need="$need valgrind"
    have_pkg libcurl4-openssl-dev || need="$need libcurl4-openssl-dev"
    have_pkg libcjson-dev || need="$need libcjson-dev"
    have_pkg libhttp-parser-dev || need="$need libhttp-parser-dev"
fi

[ -z "$need" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "missing packages:$need" >&2
    echo "run as root: apt-get update && apt-get install -y$need" >&2
    exit 1
fi
echo "installing:$need"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $need
