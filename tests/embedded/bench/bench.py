#!/usr/bin/env python3
"""Run the benchmarks and print their figures. Nothing here passes or fails
on speed: the script fails only when a benchmark program itself fails.

Instruction counts come from valgrind --tool=callgrind, which counts the
instructions a program executes in user space (not the kernel's), so they
repeat exactly on a busy machine. Each figure runs the measured loop twice,
with N and 2N iterations, and divides the difference by N, which leaves out
the one-time costs of the first iteration (connecting, first-touch page
faults, lazy symbol binding).

1. In process, through an in-memory port (bench_inproc.c): a create call,
   a 64 KiB chunked transcript, a list page, and the HTTP response path
   against libhttp-parser on the same bytes.
2. Over loopback TCP against canned_server.c: the same keep-alive GET loop
   done by boooply.h with its POSIX port and by libcurl with cJSON, as
   instructions per request and wall time per request (median of runs).

Usage: bench.py --build DIR [--iterations N] [--wall-requests N] [--wall-runs N]
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def run(cmd, **kwargs):
    proc = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, **kwargs)
    if proc.returncode != 0:
        sys.stderr.write("bench: command failed: %s\n%s" % (" ".join(cmd), proc.stdout))
        sys.exit(1)
    return proc.stdout


def callgrind(cmd, toggles, work):
    """Returns the instructions counted inside the toggled functions."""
    out = os.path.join(work, "callgrind.out")
    args = ["valgrind", "--tool=callgrind", "--collect-atstart=no", "--callgrind-out-file=" + out]
    args += ["--toggle-collect=" + t for t in toggles]
    run(args + cmd)
    with open(out) as f:
        for line in f:
            if line.startswith("totals:") or line.startswith("summary:"):
                return int(line.split()[1])
    raise SystemExit("bench: no totals in the callgrind output of %s" % " ".join(cmd))


def per_iteration(make_cmd, toggles, iterations, work):
    """Instructions of one iteration: (count at 2N - count at N) / N."""
    once = callgrind(make_cmd(iterations), toggles, work)
    twice = callgrind(make_cmd(2 * iterations), toggles, work)
    return (twice - once) / float(iterations)


def version_line(cmd):
    try:
        out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             universal_newlines=True).stdout
        return out.strip().splitlines()[0]
    except (OSError, IndexError):
        return "unknown"


def package_version(name):
    return version_line(["dpkg-query", "-W", "-f=${Version}", name])


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


class CannedServer:
    def __init__(self, binary, response, work):
        self.port_file = os.path.join(work, "port")
        if os.path.exists(self.port_file):
            os.remove(self.port_file)
        self.proc = subprocess.Popen([binary, response, self.port_file], cwd=ROOT)
        for _ in range(200):
            if os.path.exists(self.port_file):
                text = open(self.port_file).read().strip()
                if text:
                    self.port = text
                    return
            time.sleep(0.02)
        self.proc.terminate()
        raise SystemExit("bench: canned_server did not start")

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", required=True, help="directory of the benchmark programs")
    parser.add_argument("--iterations", type=int, default=200,
                        help="N of the callgrind runs (default 200)")
    parser.add_argument("--wall-requests", type=int, default=3000,
                        help="requests per wall-time run (default 3000)")
    parser.add_argument("--wall-runs", type=int, default=5,
                        help="wall-time runs per client, alternating; the median is shown (default 5)")
    args = parser.parse_args()
    build = os.path.join(ROOT, args.build)
    responses = os.path.join(build, "responses")
    work = tempfile.mkdtemp(prefix="boooply-bench-")
    n = args.iterations

    print(run([sys.executable, "tests/embedded/bench/capture.py", responses]), end="")
    size = {name: os.path.getsize(os.path.join(responses, name + ".http"))
            for name in ("create", "get", "list", "transcript")}

    inproc = os.path.join(build, "bench_inproc")

    def inproc_cmd(mode, response):
        return lambda count: [inproc, mode, os.path.join(responses, response + ".http"), str(count)]

    # The request side of a call: formatting the head, writing the JSON
    # body, handing the bytes to the port. Toggling collection off inside
    # these functions leaves the response side.
    request_side = ["boooply__write_head*", "boooply__send_all", "boooply__create_body"]
    rows = []
    create_all = per_iteration(inproc_cmd("create", "create"), ["bench_create"], n, work)
    create_response = per_iteration(inproc_cmd("create", "create"), ["bench_create"] + request_side, n, work)
    transcript = per_iteration(inproc_cmd("transcript", "transcript"), ["bench_transcript"], n, work)
    listing = per_iteration(inproc_cmd("list", "list"), ["bench_list"], n, work)
    http_ours = per_iteration(inproc_cmd("http", "get"), ["bench_http"] + request_side, n, work)
    http_parser = per_iteration(inproc_cmd("http-parser", "get"), ["bench_http_parser"], n, work)
    rows.append(("create call, whole (request and response)", create_all, size["create"]))
    rows.append(("create call, response side only", create_response, size["create"]))
    rows.append(("64 KiB transcript, chunked, all entries decoded", transcript, size["transcript"]))
    rows.append(("list page of 20, all interviews decoded", listing, size["list"]))
    rows.append(("HTTP response path, boooply.h", http_ours, size["get"]))
    rows.append(("HTTP response path, http-parser", http_parser, size["get"]))

    server = CannedServer(os.path.join(build, "canned_server"), os.path.join(responses, "get.http"), work)
    try:
        ours_bin = os.path.join(build, "get_loop_boooply")
        curl_bin = os.path.join(build, "get_loop_curl")
        loop_ours = per_iteration(lambda c: [ours_bin, server.port, str(c)], ["run_loop*"], n, work)
        loop_curl = per_iteration(lambda c: [curl_bin, server.port, str(c)], ["run_loop*"], n, work)
        wall = {"boooply": [], "curl": []}
        for _ in range(args.wall_runs):
            for name, binary in (("boooply", ours_bin), ("curl", curl_bin)):
                out = run([binary, server.port, str(args.wall_requests)])
                wall[name].append(float(re.search(r"([0-9.]+) ns per request", out).group(1)))
    finally:
        server.stop()
        for name in os.listdir(work):
            os.remove(os.path.join(work, name))
        os.rmdir(work)

    print()
    print("Machine: %s; %s; %s" % (cpu_model(), version_line(["valgrind", "--version"]),
                                   version_line(["cc", "--version"])))
    print("Compared with: libcurl %s, cJSON %s, http-parser %s (Debian packages)"
          % (package_version("libcurl4-openssl-dev"), package_version("libcjson-dev"),
             package_version("libhttp-parser-dev")))
    print("Instruction counts are x86-64 user-space instructions per iteration (callgrind).")
    print()
    print("| in process, in-memory port | instructions | response bytes | instructions per byte |")
    print("|---|---|---|---|")
    for label, count, nbytes in rows:
        print("| %s | %.0f | %d | %.1f |" % (label, count, nbytes, count / nbytes))
    print()
    print("HTTP response path: boooply.h needs %.2f times the instructions of http-parser on the "
          "same %d bytes." % (http_ours / http_parser, size["get"]))
    print()
    ours_ns = statistics.median(wall["boooply"])
    curl_ns = statistics.median(wall["curl"])
    print("| keep-alive GET loop, loopback | instructions per request | wall time per request (median) |")
    print("|---|---|---|")
    print("| boooply.h + POSIX port | %.0f | %.1f us |" % (loop_ours, ours_ns / 1000.0))
    print("| libcurl + cJSON | %.0f | %.1f us |" % (loop_curl, curl_ns / 1000.0))
    print("| libcurl + cJSON / boooply.h | %.2f | %.2f |" % (loop_curl / loop_ours, curl_ns / ours_ns))
    print()
    print("Wall time per run, us: boooply.h %s; libcurl + cJSON %s" % (
        ", ".join("%.1f" % (v / 1000.0) for v in wall["boooply"]),
        ", ".join("%.1f" % (v / 1000.0) for v in wall["curl"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
