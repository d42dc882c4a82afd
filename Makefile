# boooply.h: build the examples and tests, run the demo and the test suite.
#   make        build examples and tests
#   make demo   start the local simulator, run the kiosk example, stop it
#   make test   every test: plain build, ASan+UBSan build, simulator tests,
#               and the no-heap check
# Missing Debian packages are installed when run as root (see
# scripts/install-deps.sh), otherwise the command to run is printed.

CC      ?= cc
BUILD   ?= build
SAN     ?=
OPT     ?= -O2 -g
WARN    := -std=c99 -Wall -Wextra -pedantic -Wconversion -Wsign-conversion \
           -Wshadow -Wundef -Werror
CFLAGS  := $(OPT) $(WARN) $(SAN) -I.
TESTFLAGS := $(OPT) -std=c99 -Wall -Wextra -pedantic -Werror $(SAN) -I.
LDLIBS_TEST := -lcmocka

HEADERS := boooply.h ports/boooply_posix.h
TESTS   := $(patsubst tests/%.c,$(BUILD)/%,$(wildcard tests/test_*.c))
EXAMPLES := $(BUILD)/kiosk $(BUILD)/room_panel $(BUILD)/boooply_cli

.PHONY: all deps deps-test examples tests demo test check clean

all: deps examples tests

deps:
	@sh scripts/install-deps.sh

deps-test:
	@sh scripts/install-deps.sh --test

examples: $(EXAMPLES)
tests: $(TESTS)

$(BUILD):
	@mkdir -p $(BUILD)

# The library core and the POSIX port, each as its own object, so that the
# no-heap check can look at exactly what a device would link.
$(BUILD)/boooply.o: tests/impl_core.c boooply.h | $(BUILD)
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/posix.o: tests/impl_posix.c $(HEADERS) | $(BUILD)
	$(CC) $(CFLAGS) -c $< -o $@

# The kiosk speaks HTTPS through the mbedTLS port when the URL asks for it.
$(BUILD)/kiosk: examples/kiosk.c $(BUILD)/boooply.o $(BUILD)/posix.o $(BUILD)/mbedtls.o
	$(CC) $(CFLAGS) $^ -o $@ $(LDLIBS_TLS)

$(BUILD)/room_panel: examples/room_panel.c $(BUILD)/boooply.o $(BUILD)/posix.o
	$(CC) $(CFLAGS) $^ -o $@

$(BUILD)/boooply_cli: examples/boooply_cli.c $(BUILD)/boooply.o $(BUILD)/posix.o
	$(CC) $(CFLAGS) $^ -o $@

$(BUILD)/test_%: tests/test_%.c tests/test_util.h $(BUILD)/boooply.o $(BUILD)/posix.o
	$(CC) $(TESTFLAGS) $< $(BUILD)/boooply.o $(BUILD)/posix.o -o $@ $(LDLIBS_TEST)

# The POSIX port test injects syscall results through the linker, so it
# builds the port into itself instead of linking posix.o.
$(BUILD)/test_posix_port: tests/test_posix_port.c $(HEADERS) | $(BUILD)
	$(CC) $(TESTFLAGS) $< -o $@ -pthread $(LDLIBS_TEST) \
	    -Wl,--wrap=recv,--wrap=send,--wrap=poll,--wrap=getaddrinfo,--wrap=freeaddrinfo

demo: deps examples
	@sh scripts/demo.sh $(BUILD)/kiosk

# Runs every test binary of one build and prints the totals.
check: tests examples
	@sh tests/run_tests.sh $(TESTS)
	@BOOOPLY_EXAMPLES_DIR=$(BUILD) sh tests/run_tests.sh --python -m unittest tests/test_examples.py

test: deps deps-test
	@rm -f build/test-totals
	$(MAKE) --no-print-directory check
	$(MAKE) --no-print-directory check BUILD=build/sanitize OPT="-O1 -g" \
	    SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"
	@sh tests/run_tests.sh --python -m unittest tests/sim/test_sim.py
	sh tests/check_no_heap.sh build/boooply.o build/posix.o
	$(MAKE) --no-print-directory fuzz-smoke valgrind m32 test-target coverage
	@sh tests/run_tests.sh --total

clean:
	rm -rf build

# Embedded targets: cross builds, size, stack, benchmarks
#   make cross        the library for Cortex-M0+, M4, M33, RV32 and RV64 at -Os
#                     and -O2, the POSIX port with gcc and clang, and the header
#                     as C++, all with warnings as errors
#   make size         flash and static RAM per target and layer; fails when
#                     the library has static RAM or outgrows its size limit
#   make stack        worst-case stack of each public call on Cortex-M4; fails
#                     on recursion or past 1 KiB
#   make min-buffers  smallest buffer and token array each API call needs for
#                     the simulator's responses (the table in the README)
#   make bench        instruction counts and wall times, against libcurl with
#                     cJSON and against http-parser (BENCHMARKS.md); it never
#                     fails on speed
#   make test-target  the JSON and HTTP unit tests built for a Cortex-M3 and
#                     run under qemu-system-arm (mps2-an385); about 20 s once
#                     QEMU is installed
# make test runs cross, size, stack and the no-heap check of the cross
# objects (embedded-check), which take seconds, and test-target.
EMBEDDED := build/embedded
BENCH := $(EMBEDDED)/bench
BENCH_PROGRAMS := $(BENCH)/bench_inproc $(BENCH)/canned_server $(BENCH)/get_loop_boooply \
                  $(BENCH)/get_loop_curl

.PHONY: cross size stack embedded-check min-buffers bench bench-programs test-target

cross:
	@sh scripts/install-deps.sh --cross
	@sh tests/embedded/cross.sh $(EMBEDDED)

size: cross
	@python3 tests/embedded/size_report.py --build $(EMBEDDED)

stack: cross
	@python3 tests/embedded/stack_report.py --build $(EMBEDDED)

embedded-check: cross
	@python3 tests/embedded/size_report.py --build $(EMBEDDED)
	@python3 tests/embedded/stack_report.py --build $(EMBEDDED)
	@sh tests/embedded/heap.sh $(EMBEDDED)

test: embedded-check

$(EMBEDDED)/min_buffers: tests/embedded/min_buffers.c $(BUILD)/boooply.o $(BUILD)/posix.o
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $< $(BUILD)/boooply.o $(BUILD)/posix.o -o $@

min-buffers: deps $(EMBEDDED)/min_buffers
	@$(EMBEDDED)/min_buffers

$(BENCH)/bench_inproc: tests/embedded/bench/bench_inproc.c $(BUILD)/boooply.o
	@mkdir -p $(@D)
	$(CC) $(TESTFLAGS) $< $(BUILD)/boooply.o -o $@ -lhttp_parser

$(BENCH)/canned_server: tests/embedded/bench/canned_server.c
	@mkdir -p $(@D)
	$(CC) $(TESTFLAGS) $< -o $@

$(BENCH)/get_loop_boooply: tests/embedded/bench/get_loop_boooply.c $(BUILD)/boooply.o $(BUILD)/posix.o
	@mkdir -p $(@D)
	$(CC) $(TESTFLAGS) $< $(BUILD)/boooply.o $(BUILD)/posix.o -o $@

$(BENCH)/get_loop_curl: tests/embedded/bench/get_loop_curl.c
	@mkdir -p $(@D)
	$(CC) $(TESTFLAGS) $< -o $@ -lcurl -lcjson

bench-programs: $(BENCH_PROGRAMS)

# The libraries compared against are installed before anything is built.
bench: deps
	@sh scripts/install-deps.sh --bench
	@$(MAKE) --no-print-directory bench-programs
	@python3 tests/embedded/bench/bench.py --build $(BENCH)

test-target:
	@sh scripts/install-deps.sh --target
	@sh tests/embedded/qemu/run.sh $(EMBEDDED)/qemu
# End of embedded targets

# TLS: the mbedTLS port (ports/boooply_mbedtls.h), its tests against real
# TLS servers on loopback, and HTTPS for the kiosk example.
#   make tls-heap     heap that mbedTLS uses for one HTTPS call (valgrind DHAT)
# tests/test_tls.c links the port and the mbedTLS libraries and wraps
# mbedtls_ssl_write to record its arguments; make test runs it with the
# other test programs and checks that the port object calls no heap
# function itself.
LDLIBS_TLS := -lmbedtls -lmbedx509 -lmbedcrypto

.PHONY: tls-heap tls-no-heap

$(BUILD)/mbedtls.o: tests/impl_mbedtls.c ports/boooply_mbedtls.h $(HEADERS) | $(BUILD)
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/test_tls: tests/test_tls.c tests/test_util.h $(BUILD)/boooply.o $(BUILD)/posix.o $(BUILD)/mbedtls.o
	$(CC) $(TESTFLAGS) $< $(BUILD)/boooply.o $(BUILD)/posix.o $(BUILD)/mbedtls.o -o $@ -pthread \
	    $(LDLIBS_TEST) $(LDLIBS_TLS) -Wl,--wrap=mbedtls_ssl_write


$(BUILD)/tls_heap_probe: tests/tls/heap_probe.c $(BUILD)/boooply.o $(BUILD)/posix.o $(BUILD)/mbedtls.o
	$(CC) $(CFLAGS) $^ -o $@ $(LDLIBS_TLS)

tls-heap: deps $(BUILD)/tls_heap_probe
	@sh tests/tls/measure_heap.sh $(BUILD)/tls_heap_probe

tls-no-heap: $(BUILD)/mbedtls.o
	sh tests/check_no_heap.sh $(BUILD)/mbedtls.o

test: tls-no-heap
# End of TLS

# Fuzzing and fault injection
#   make fuzz        every fuzz target in tests/fuzz under libFuzzer with
#                    ASan and UBSan, FUZZ_SECONDS (60) each; new inputs go
#                    to build/fuzz/work, crash files to build/fuzz/crashes,
#                    executions per second to build/fuzz/report.txt
#   make fuzz-smoke  each target on its seeds and regressions through the
#                    replay driver, then FUZZ_SMOKE_SECONDS (3) of fuzzing
#   make valgrind    every C test program under valgrind memcheck
#   make m32         the C test programs built with -m32 and run
#   make coverage    gcov line and branch coverage of the HTTP parser and
#                    the JSON reader over the tests and the fuzz seeds
# make test runs fuzz-smoke, valgrind, m32 and coverage (for its report;
# it counts no tests); tests/test_faults.c and tests/test_guards.c are
# ordinary test programs.
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 3
FUZZ_BUILD := build/fuzz
FUZZ_TARGETS := http chunked json api base_url percent json_writer
FUZZ_FLAGS := -g -O1 -std=c99 -Wall -Wextra -pedantic -Werror -I. -fno-omit-frame-pointer \
              -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZERS := $(addprefix $(FUZZ_BUILD)/,$(FUZZ_TARGETS))
M32_BUILD := build/m32
# 64-bit time_t (glibc 2.34 and later), so that the tests' gmtime and timegm
# oracles reach past 2038 as on the 64-bit build.
M32_TIME := -D_FILE_OFFSET_BITS=64 -D_TIME_BITS=64
M32_TESTS := $(filter-out $(M32_BUILD)/test_tls,$(patsubst tests/%.c,$(M32_BUILD)/%,$(wildcard tests/test_*.c)))
# test_tls without M32_TIME: Debian's i386 mbedTLS is built with a 32-bit
# time_t, which is part of the layout of its session structure.
M32_TLS_BUILD := build/m32-tls
COVERAGE_BUILD := build/coverage

.PHONY: fuzz fuzz-smoke fuzzers valgrind m32 coverage

fuzzers: $(FUZZERS) $(addsuffix -replay,$(FUZZERS))

# Each target is built twice: with libFuzzer, and with a plain main() that
# replays files (tests/fuzz/replay_main.c).
$(FUZZ_BUILD)/%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.h boooply.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer $< -o $@

$(FUZZ_BUILD)/%-replay: tests/fuzz/fuzz_%.c tests/fuzz/replay_main.c tests/fuzz/fuzz_common.h boooply.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) $< tests/fuzz/replay_main.c -o $@

fuzz: deps deps-test
	@$(MAKE) --no-print-directory fuzzers
	@sh tests/fuzz/run_fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-smoke: fuzzers
	@sh tests/fuzz/run_fuzz.sh --smoke $(FUZZ_BUILD) $(FUZZ_SMOKE_SECONDS) $(FUZZ_TARGETS)

valgrind: deps deps-test
	@$(MAKE) --no-print-directory tests
	@sh tests/run_valgrind.sh $(TESTS)

m32: deps deps-test
	@$(MAKE) --no-print-directory $(M32_TESTS) BUILD=$(M32_BUILD) CC="$(CC) -m32 $(M32_TIME)"
	@$(MAKE) --no-print-directory $(M32_TLS_BUILD)/test_tls BUILD=$(M32_TLS_BUILD) CC="$(CC) -m32"
	@sh tests/run_tests.sh $(M32_TESTS) $(M32_TLS_BUILD)/test_tls

coverage: deps deps-test
	@$(MAKE) --no-print-directory tests BUILD=$(COVERAGE_BUILD) CC=gcc OPT="-O0 -g --coverage"
	@sh tests/coverage.sh $(COVERAGE_BUILD) $(filter-out %/test_posix_port,$(patsubst tests/%.c,$(COVERAGE_BUILD)/%,$(wildcard tests/test_*.c)))
# End of fuzzing and fault injection
