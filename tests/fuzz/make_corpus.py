#!/usr/bin/env python3
"""Write the seed corpora of the fuzz targets into tests/fuzz/corpus/<target>/.

Seeds come from the case files in tests/cases and from the responses of
the local simulator (tests/sim/boooply_sim.py), which this script starts on
127.0.0.1 with a free port and stops again. Run it from the repository root
after a change to the cases, the simulator or an input layout of a target;
the seeds are committed, so the fuzz runs do not need Python.

    python3 tests/fuzz/make_corpus.py

The layouts are described at the top of each tests/fuzz/fuzz_*.c file.
"""

import hashlib
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CASES = os.path.join(ROOT, "tests", "cases")
CORPUS = os.path.join(ROOT, "tests", "fuzz", "corpus")
SIMULATOR = os.path.join(ROOT, "tests", "sim", "boooply_sim.py")

ORG_KEY = "bply_org_test_key"
PLATFORM_KEY = "bply_platform_test_key"
BASE = "/api/integration"
CODE = "Boooply-AI-1000000002"
COMPLETED_CODE = "Boooply-HU-1000000003"
LONG_CODE = "Boooply-AI-1000000001"
STARTUP_TIMEOUT = 10.0
# Seeds larger than this slow every fuzz run down and add little.
SEED_MAX = 12 * 1024

# Call numbers of fuzz_api.c, with the simulator request that gives a
# typical response body for each.
API_CALLS = [
    (0, "POST", BASE + "/interviews",
     {"meetingType": "AI_ONLY", "isTeamMeeting": False, "jobRole": "Backend Engineer",
      "participants": [{"name": "Jane Doe", "email": "jane@example.com", "role": "CANDIDATE"}],
      "durationMinutes": 30}),
    (1, "GET", BASE + "/interviews/" + COMPLETED_CODE, None),
    (2, "GET", BASE + "/interviews?limit=3", None),
    (3, "GET", BASE + "/interviews/" + COMPLETED_CODE + "/transcript", None),
    (4, "GET", BASE + "/interviews/" + COMPLETED_CODE + "/evaluation", None),
    (4, "GET", BASE + "/interviews/" + CODE + "/evaluation", None),
    (5, "POST", BASE + "/interviews/" + COMPLETED_CODE + "/analyze", None),
    (6, "PATCH", BASE + "/interviews/" + CODE + "/reschedule",
     {"scheduledAt": "2027-04-01T14:00:00Z", "reason": "moved"}),
    (7, "PATCH", BASE + "/interviews/" + CODE + "/cancel", {}),
    (10, "GET", BASE + "/interviews/" + COMPLETED_CODE + "/participants", None),
    (9, "POST", BASE + "/interviews/" + COMPLETED_CODE + "/participants",
     {"participants": [{"name": "Ann", "email": "ann@example.com", "role": "INTERVIEWER"}]}),
    (12, "GET", BASE + "/interviews/" + COMPLETED_CODE + "/recording", None),
    (12, "GET", BASE + "/interviews/" + CODE + "/recording", None),
    (13, "GET", BASE + "/availability?email=ann%40example.com&days=2", None),
    (14, "GET", BASE + "/busy-blocks?email=ann%40example.com&days=2", None),
    (15, "GET", BASE + "/organization", None),
    (16, "POST", BASE + "/generate-job-description", {"jobRole": "Backend Engineer"}),
    (17, "POST", "/api/server-auth/create-api-key",
     {"userId": "u1", "userEmail": "owner@example.com", "organizationId": "o1"}),
    (8, "DELETE", BASE + "/interviews/" + CODE, None),
    (1, "GET", BASE + "/interviews/missing-code", None),
]

# fuzz_api.c's status table: index 5 is 404.
STATUS_INDEX = {200: 0, 201: 3, 400: 4, 404: 5, 429: 6, 500: 7}


class Simulator:
    """The simulator on a free loopback port, optionally with chunked responses."""

    def __init__(self, chunked):
        self.directory = tempfile.mkdtemp(prefix="boooply-corpus-")
        port_file = os.path.join(self.directory, "port")
        args = [sys.executable, SIMULATOR, "--host", "127.0.0.1", "--port", "0", "--port-file", port_file]
        if chunked:
            args.append("--chunked")
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            try:
                with open(port_file) as f:
                    text = f.read().strip()
                if text:
                    self.port = int(text)
                    break
            except (FileNotFoundError, ValueError):
                pass
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.stop()
                raise RuntimeError("the simulator did not start")
            time.sleep(0.05)

    def request(self, method, path, body=None, key=ORG_KEY):
        """Send one request with Connection: close and return the raw response bytes."""
        payload = b"" if body is None else json.dumps(body).encode()
        head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
                f"Authorization: Bearer {key}\r\nConnection: close\r\n")
        if body is not None:
            head += f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n"
        data = (head + "\r\n").encode() + payload
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as sock:
            sock.sendall(data)
            chunks = []
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        return b"".join(chunks)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        shutil.rmtree(self.directory, ignore_errors=True)


def split_response(raw):
    """Return (status, head, body) of a raw response."""
    end = raw.index(b"\r\n\r\n") + 4
    status = int(raw.split(b" ", 2)[1])
    return status, raw[:end], raw[end:]


class Writer:
    """Writes seeds named by a label and a hash of their bytes."""

    def __init__(self):
        self.counts = {}

    def add(self, target, label, data):
        if len(data) > SEED_MAX:
            return
        directory = os.path.join(CORPUS, target)
        os.makedirs(directory, exist_ok=True)
        name = f"{label}-{hashlib.sha1(data).hexdigest()[:8]}"
        with open(os.path.join(directory, name), "wb") as f:
            f.write(data)
        self.counts[target] = self.counts.get(target, 0) + 1


def delivery(end, buffer_code, plan, repeat=False, piece=0):
    """The delivery header of fuzz_common.h."""
    first = end | (buffer_code << 2) | (0x10 if repeat else 0) | (piece << 5)
    return bytes([first, len(plan)]) + bytes(plan)


# A few deliveries: at once, byte by byte, small writes with pauses.
DELIVERIES = [
    ("whole", delivery(0, 3, [])),
    ("bytes", delivery(0, 3, [1], repeat=True, piece=0)),
    ("pauses", delivery(0, 1, [5, 0, 1, 0, 7, 3], piece=2)),
    ("reset", delivery(1, 3, [13, 64], piece=6)),
]


def case_seeds(w):
    for name in sorted(os.listdir(CASES)):
        path = os.path.join(CASES, name)
        with open(path, "rb") as f:
            data = f.read()
        label = name.split(".")[0]
        if name.endswith(".http"):
            for how, header in DELIVERIES:
                w.add("http", f"{label}-{how}", header + data)
            if b"chunked" in data.lower() and b"\r\n\r\n" in data:
                body = data[data.index(b"\r\n\r\n") + 4:]
                for how, header in DELIVERIES:
                    w.add("chunked", f"{label}-{how}", header + body)
        elif name.endswith(".json"):
            w.add("json", label, data)
            w.add("api", label, bytes([1, 0]) + data)
        elif name.startswith("37-") or name.startswith("40-json-writer-input"):
            w.add("percent", label, data)


def simulator_seeds(w):
    for chunked in (False, True):
        sim = Simulator(chunked)
        try:
            for call, method, path, body in API_CALLS:
                key = PLATFORM_KEY if path.startswith("/api/server-auth") else ORG_KEY
                raw = sim.request(method, path, body, key)
                status, head, payload = split_response(raw)
                label = f"sim-{method.lower()}-{call}-{status}"
                if chunked:
                    w.add("chunked", label, delivery(0, 3, [7, 0, 64], piece=3) + payload)
                    w.add("http", label + "-chunked", delivery(0, 3, [200, 3]) + raw)
                    continue
                w.add("http", label, delivery(0, 3, []) + raw)
                w.add("json", label, payload)
                w.add("api", label, bytes([call, STATUS_INDEX.get(status, 0)]) + payload)
            raw = sim.request("GET", BASE + "/organization", None, "bad_key")
            status, head, payload = split_response(raw)
            if not chunked:
                w.add("http", "sim-401", delivery(0, 3, []) + raw)
                w.add("api", "sim-401", bytes([15, 4]) + payload)
        finally:
            sim.stop()


def json_seeds(w):
    depth = 32  # BOOOPLY_JSON_MAX_DEPTH
    w.add("json", "depth-max", b"[" * depth + b"]" * depth)
    w.add("json", "depth-over", b"[" * (depth + 1) + b"]" * (depth + 1))
    w.add("json", "numbers", b'[0,-0,1e2,1.5,-1E-2,9223372036854775807,-9223372036854775808,1e309,12345678901]')
    w.add("json", "surrogates", b'["\\ud83d\\ude00","\\ud800","\\u0000","\\/"]')


def url_seeds(w):
    urls = [
        b"http://api.example.com", b"https://api.boooply.com", b"http://127.0.0.1:8080",
        b"http://[::1]:8080/v1/", b"https://[2001:db8::7]", b"HTTP://API.Example.COM:443/base",
        b"http://api.example.com/a b", b"http://user@api.example.com", b"http://api.example.com:65536",
        b"http://api.example.com/\r\nX: 1", b"http://[::1", b"https://api.example.com:8443/base/v1/",
    ]
    keys = [b"bply_org_test_key", b"tok123-._~+/=", b"a\r\nb", b"", b"ab=c"]
    for i, url in enumerate(urls):
        w.add("base_url", f"url-{i}", url)
        w.add("base_url", f"url-key-{i}", url + b"\0" + keys[i % len(keys)])


def percent_seeds(w):
    w.add("percent", "join", b"https://meet.example.com/j/AB-123\0a b+c/d=&\xc3\xa9")
    w.add("percent", "join-query", b"https://meet.example.com/j?lang=en\0tok")
    w.add("percent", "segment", b"sim a/b?c#d%\xc3\xa9+&=")


def writer_seeds(w):
    """Programs of fuzz_json_writer.c: byte 0 the capacity mode, then calls."""
    def key(text):
        return bytes([4, len(text)]) + text

    def string(text):
        return bytes([5, len(text)]) + text

    def integer(value):
        return bytes([7]) + struct.pack(">q", value)

    program = (bytes([0]) + key(b"name") + string(b"Caf\xc3\xa9 \"Q\"\n\x01") + key(b"n") + integer(-42)
               + key(b"list") + bytes([2]) + bytes([8, 1, 9]) + integer(2 ** 63 - 1) + bytes([3])
               + key(b"o") + bytes([0]) + bytes([1]) + bytes([1]))
    w.add("json_writer", "object", bytes([0, 0]) + program[1:])
    w.add("json_writer", "short", bytes([2, 0]) + program[1:])
    w.add("json_writer", "invalid-utf8", bytes([0, 2]) + string(b"\xc3\x28") + bytes([3]))
    w.add("json_writer", "deep", bytes([3]) + bytes([2]) * 33)
    w.add("json_writer", "misuse", bytes([0, 0]) + string(b"x") + bytes([1]))


def main():
    os.chdir(ROOT)
    for target in os.listdir(CORPUS) if os.path.isdir(CORPUS) else []:
        shutil.rmtree(os.path.join(CORPUS, target))
    w = Writer()
    case_seeds(w)
    simulator_seeds(w)
    json_seeds(w)
    url_seeds(w)
    percent_seeds(w)
    writer_seeds(w)
    for target in sorted(w.counts):
        print(f"{target}: {w.counts[target]} seeds")


if __name__ == "__main__":
    main()
