#!/usr/bin/env python3
"""Record the responses the benchmarks replay, from the local simulator.

Starts tests/sim/boooply_sim.py on a free loopback port, sends each request
with keep-alive, and writes the exact response bytes (head and body) to
OUT_DIR:

  create.http        POST /interviews, an AI interview
  get.http           GET /interviews/Boooply-HU-1000000003
  list.http          GET /interviews, the default page of 20
  transcript.http    a transcript of just over 64 KiB in chunked coding
                     with 1 KiB chunks: the simulator's long transcript
                     with its entries repeated until the body reaches
                     64 KiB

Usage: capture.py OUT_DIR   (run from the repository root)
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time

KEY = "bply_org_test_key"
TRANSCRIPT_BODY_MIN = 64 * 1024
CHUNK_SIZE = 1024


def read_response(sock):
    """Reads one Content-Length response and returns its bytes."""
    data = b""
    while b"\r\n\r\n" not in data:
        piece = sock.recv(65536)
        if not piece:
            raise SystemExit("the simulator closed the connection inside a response head")
        data += piece
    head, _, body = data.partition(b"\r\n\r\n")
    length = None
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    if length is None:
        raise SystemExit("a simulator response has no Content-Length")
    while len(body) < length:
        piece = sock.recv(65536)
        if not piece:
            raise SystemExit("the simulator closed the connection inside a response body")
        body += piece
    return head + b"\r\n\r\n" + body[:length]


def request(sock, method, path, body=None):
    lines = ["%s %s HTTP/1.1" % (method, path), "Host: 127.0.0.1",
             "Authorization: Bearer " + KEY, "Accept: application/json", "Connection: keep-alive"]
    payload = b""
    if body is not None:
        payload = json.dumps(body).encode()
        lines += ["Content-Type: application/json", "Content-Length: %d" % len(payload)]
    sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + payload)
    return read_response(sock)


def chunked_transcript(response):
    """Rebuilds a transcript response with a body of at least 64 KiB, sent
    in chunked coding."""
    head, _, body = response.partition(b"\r\n\r\n")
    document = json.loads(body)
    entries = list(document["transcript"])
    new_body = b""
    while len(new_body) < TRANSCRIPT_BODY_MIN:
        document["transcript"].append(entries[len(document["transcript"]) % len(entries)])
        new_body = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    head_lines = [line for line in head.split(b"\r\n")
                  if not line.lower().startswith(b"content-length:")]
    head_lines.append(b"Transfer-Encoding: chunked")
    out = b"\r\n".join(head_lines) + b"\r\n\r\n"
    for start in range(0, len(new_body), CHUNK_SIZE):
        chunk = new_body[start:start + CHUNK_SIZE]
        out += b"%x\r\n" % len(chunk) + chunk + b"\r\n"
    return out + b"0\r\n\r\n"


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    work = tempfile.mkdtemp(prefix="boooply-capture-")
    port_file = os.path.join(work, "port")
    sim = subprocess.Popen([sys.executable, "tests/sim/boooply_sim.py", "--port", "0", "--port-file", port_file],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            if os.path.exists(port_file) and open(port_file).read().strip():
                break
            time.sleep(0.05)
        else:
            raise SystemExit("the simulator did not start (run from the repository root)")
        port = int(open(port_file).read())
        with socket.create_connection(("127.0.0.1", port)) as sock:
            # The body boooply_interviews_create() sends for an AI interview.
            create = request(sock, "POST", "/api/integration/interviews", {
                "meetingType": "AI_ONLY", "isTeamMeeting": False, "jobRole": "Backend Engineer",
                "participants": [{"name": "Jane Doe", "email": "jane@example.com", "role": "CANDIDATE"}],
                "durationMinutes": 30})
            if not create.startswith(b"HTTP/1.1 201"):
                raise SystemExit("create failed: %r" % create[:200])
            responses = {
                "create.http": create,
                "get.http": request(sock, "GET", "/api/integration/interviews/Boooply-HU-1000000003"),
                "list.http": request(sock, "GET", "/api/integration/interviews"),
                "transcript.http": chunked_transcript(request(
                    sock, "GET", "/api/integration/interviews/Boooply-AI-1000000001/transcript")),
            }
        for name, data in responses.items():
            if b"Connection: close" in data:
                raise SystemExit("%s asks to close the connection; the loops need keep-alive" % name)
            with open(os.path.join(out_dir, name), "wb") as f:
                f.write(data)
            print("%-16s %6d bytes" % (name, len(data)))
    finally:
        sim.terminate()
        sim.wait()
        for name in os.listdir(work):
            os.remove(os.path.join(work, name))
        os.rmdir(work)


if __name__ == "__main__":
    main()
