#!/bin/sh
# Installs what the build, the demo and the tests need on Debian, or, when
# not root, prints the command that would. Safe to run again: it only asks
# for packages that are missing.
set -eu

need=""
add_i386=0
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
    # libFuzzer for make fuzz and fuzz-smoke.
    if have_cmd clang && ! ls "$(clang --print-runtime-dir)"/libclang_rt.fuzzer-*.a >/dev/null 2>&1; then
        need="$need libclang-rt-dev"
    fi
    have_cmd valgrind || need="$need valgrind"
    have_cmd nm || need="$need binutils"
    # make m32: a 32-bit gcc, and cmocka and mbedTLS from Debian's i386
    # architecture.
    have_pkg gcc-multilib || need="$need gcc-multilib"
    for pkg in libcmocka-dev:i386 libmbedtls-dev:i386; do
        if ! have_pkg "$pkg"; then
            need="$need $pkg"
            dpkg --print-foreign-architectures | grep -qx i386 || add_i386=1
        fi
    done
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
    if [ "$add_i386" -eq 1 ]; then
        echo "run as root: dpkg --add-architecture i386 && apt-get update && apt-get install -y$need" >&2
    else
        echo "run as root: apt-get update && apt-get install -y$need" >&2
    fi
    exit 1
fi
echo "installing:$need"
export DEBIAN_FRONTEND=noninteractive
if [ "$add_i386" -eq 1 ]; then
    echo "adding the i386 architecture for the 32-bit test libraries"
    dpkg --add-architecture i386
fi
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $need
