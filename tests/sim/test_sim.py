"""Tests of the Boooply simulator, run against a real simulator process.

Run from the repository root:
    python3 -m unittest tests/sim/test_sim.py -v

Framing, keep-alive and the request log are checked over raw sockets, and
the endpoints through http.client.
"""

import http.client
import json
import os
import re
import select
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import unittest
from urllib.parse import quote, urlencode

SIMULATOR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "boooply_sim.py")
MAKE_PKI = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                        "tls", "make_pki.sh")
ORG_KEY = "bply_org_test_key"
PLATFORM_KEY = "bply_platform_test_key"
BASE = "/api/integration"
STARTUP_TIMEOUT = 10.0
SOCKET_TIMEOUT = 5.0

LONG_CODE = "Boooply-AI-1000000001"
PENDING_CODE = "Boooply-AI-1000000002"
HUMAN_CODE = "Boooply-HU-1000000003"
TEAM_CODE = "Boooply-TM-1000000004"
ACTIVE_CODE = "Boooply-AI-1000000005"
CANCELLED_CODE = "Boooply-HU-1000000006"
ENCODING_CODE = "sim a/b?c#d%é+&="
SEED_COUNT = 46

INVALID_KEY_BODY = {"success": False, "error": "Invalid or expired API key",
                    "code": "INVALID_API_KEY"}
RATE_LIMITED_BODY = {"success": False, "error": "Rate limit exceeded", "code": "RATE_LIMITED"}


class Simulator:
    """A simulator process on a free loopback port, with its port file and log."""

    def __init__(self, host="127.0.0.1", extra_args=()):
        self.host = host
        self.directory = tempfile.mkdtemp(prefix="boooply-sim-test-")
        self.port_file = os.path.join(self.directory, "port")
        self.log_path = os.path.join(self.directory, "requests.log")
        # stderr goes to a file because an unread pipe could fill and block the server.
        self.stderr_path = os.path.join(self.directory, "stderr")
        with open(self.stderr_path, "wb") as stderr:
            self.process = subprocess.Popen(
                [sys.executable, SIMULATOR, "--host", host, "--port", "0",
                 "--port-file", self.port_file, "--log", self.log_path, *extra_args],
                stdout=subprocess.PIPE, stderr=stderr,
            )
        ready, _, _ = select.select([self.process.stdout], [], [], STARTUP_TIMEOUT)
        self.listening_line = self.process.stdout.readline().decode() if ready else ""
        match = re.fullmatch(r"boooply-sim listening on (.+):(\d+)\n", self.listening_line)
        if match is None:
            with open(self.stderr_path) as stderr:
                errors = stderr.read()
            self.stop()
            raise RuntimeError("simulator did not start: stdout %r, stderr %r"
                               % (self.listening_line, errors))
        self.port = int(match.group(2))

    def stop(self, signum=signal.SIGTERM):
        """Stop the process with a signal and return its exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signum)
        try:
            status = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            status = self.process.wait()
        self.process.stdout.close()
        shutil.rmtree(self.directory, ignore_errors=True)
        return status

    def connect(self):
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.settimeout(SOCKET_TIMEOUT)
        sock.connect((self.host, self.port))
        return sock


def build_request(method, path, port, body=None, headers=(), key=ORG_KEY):
    """Return the bytes of a request the way a careful client writes them."""
    lines = ["%s %s HTTP/1.1" % (method, path), "Host: 127.0.0.1:%d" % port]
    if key is not None:
        lines.append("Authorization: Bearer %s" % key)
    if body is not None:
        lines.append("Content-Type: application/json")
        lines.append("Content-Length: %d" % len(body))
    lines.extend(headers)
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + (body or b"")


class RawResponse:
    """Response read from a socket, with its framing details."""

    def __init__(self, status, headers, body, chunk_sizes):
        self.status = status
        self.headers = headers  # lower-case name -> list of values
        self.body = body
        self.chunk_sizes = chunk_sizes

    def header(self, name):
        values = self.headers.get(name.lower())
        return values[0] if values else None

    def json(self):
        return json.loads(self.body.decode("utf-8"))


def read_response(reader):
    """Read one response from a socket's binary file object."""
    status_line = reader.readline()
    if not status_line:
        raise ConnectionError("connection closed before a response")
    match = re.fullmatch(rb"HTTP/1\.1 (\d{3}) [^\r\n]*\r\n", status_line)
    if match is None:
        raise AssertionError("malformed status line %r" % status_line)
    headers = {}
    while True:
        line = reader.readline()
        if line == b"\r\n":
            break
        name, _, value = line.decode("latin-1").rstrip("\r\n").partition(":")
        headers.setdefault(name.lower(), []).append(value.strip())
    chunk_sizes = []
    if headers.get("transfer-encoding") == ["chunked"]:
        body = b""
        while True:
            size = int(reader.readline().rstrip(b"\r\n"), 16)
            chunk_sizes.append(size)
            if size == 0:
                if reader.readline() != b"\r\n":
                    raise AssertionError("chunked body does not end with an empty line")
                break
            body += reader.read(size)
            if reader.read(2) != b"\r\n":
                raise AssertionError("chunk data is not followed by CRLF")
    else:
        body = reader.read(int(headers["content-length"][0]))
    return RawResponse(int(match.group(1)), headers, body, chunk_sizes)


def parse_log(data):
    """Split request log data into (N, raw request bytes) records."""
    records = []
    offset = 0
    while offset < len(data):
        newline = data.index(b"\n", offset)
        match = re.fullmatch(rb"--- request (\d+) (\d+)", data[offset:newline])
        if match is None:
            raise AssertionError("bad log record header at offset %d" % offset)
        length = int(match.group(2))
        start = newline + 1
        records.append((int(match.group(1)), data[start:start + length]))
        if data[start + length:start + length + 1] != b"\n":
            raise AssertionError("log record %s is not followed by a newline"
                                 % match.group(1))
        offset = start + length + 1
    return records


def is_closed(sock, timeout):
    """Return whether the peer closes the socket within `timeout` seconds."""
    sock.settimeout(timeout)
    try:
        return sock.recv(1) == b""
    except socket.timeout:
        return False
    except ConnectionResetError:
        return True


class SimulatorTestCase(unittest.TestCase):
    """Tests sharing one simulator process, reset before every test."""

    @classmethod
    def setUpClass(cls):
        cls.sim = Simulator()

    @classmethod
    def tearDownClass(cls):
        cls.sim.stop()

    def setUp(self):
        status, _, body = self.call("POST", "/__sim/reset", key=None)
        self.assertEqual(status, 200, body)

    def call(self, method, path, body=None, key=ORG_KEY, raw_body=None, headers=None):
        """Send one request with http.client and return status, headers and JSON body."""
        connection = http.client.HTTPConnection("127.0.0.1", self.sim.port,
                                                timeout=SOCKET_TIMEOUT)
        request_headers = dict(headers or {})
        if key is not None:
            request_headers["Authorization"] = "Bearer " + key
        if body is not None:
            raw_body = json.dumps(body).encode("utf-8")
        if raw_body is not None:
            request_headers.setdefault("Content-Type", "application/json")
        try:
            connection.request(method, path, body=raw_body, headers=request_headers)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        return response.status, response, json.loads(data.decode("utf-8"))

    def configure(self, **options):
        status, _, body = self.call("POST", "/__sim/config", body=options, key=None)
        self.assertEqual(status, 200, body)

    def assert_error(self, result, status, code):
        actual_status, _, body = result
        self.assertEqual(actual_status, status, body)
        self.assertIs(body["success"], False)
        self.assertEqual(body["code"], code)
        self.assertIsInstance(body["error"], str)
        return body

    def create_body(self, **changes):
        body = {
            "meetingType": "AI_ONLY",
            "isTeamMeeting": False,
            "jobRole": "Senior Frontend Engineer",
            "durationMinutes": 30,
            "participants": [{"name": "Jane Doe", "email": "jane@example.com",
                              "role": "CANDIDATE"}],
        }
        body.update(changes)
        return body


class StartupTest(SimulatorTestCase):

    def test_listening_line_and_port_file(self):
        self.assertEqual(self.sim.listening_line,
                         "boooply-sim listening on 127.0.0.1:%d\n" % self.sim.port)
        with open(self.sim.port_file) as port_file:
            self.assertEqual(port_file.read(), "%d\n" % self.sim.port)


class InterviewEndpointTest(SimulatorTestCase):

    def test_create_ai_interview(self):
        status, _, body = self.call("POST", BASE + "/interviews", self.create_body())
        self.assertEqual(status, 201, body)
        self.assertIs(body["success"], True)
        meeting = body["meeting"]
        self.assertRegex(meeting["meetingCode"], r"^Boooply-AI-\d{10}$")
        self.assertEqual(meeting["url"],
                         "https://meetings.boooply.com/join/" + meeting["meetingCode"])
        self.assertEqual(meeting["meetingType"], "AI_ONLY")
        self.assertEqual(meeting["sessionStatus"], "SCHEDULED")
        self.assertIs(meeting["isTeamMeeting"], False)
        self.assertEqual(meeting["durationMinutes"], 30)
        participant = meeting["participants"][0]
        self.assertEqual(participant["role"], "CANDIDATE")
        self.assertRegex(participant["joinToken"], r"^[0-9a-f]{32}$")

        status, _, body = self.call("GET", BASE + "/interviews/" + meeting["meetingCode"])
        self.assertEqual(status, 200)
        self.assertEqual(body["meeting"]["jobRole"], "Senior Frontend Engineer")
        self.assertRegex(body["meeting"]["participants"][0]["id"],
                         r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")

    def test_create_human_and_team_codes(self):
        human = self.create_body(meetingType="HUMAN", participants=[
            {"name": "Jane Doe", "email": "jane@example.com", "role": "CANDIDATE"},
            {"name": "Bob Smith", "email": "bob@example.com", "role": "INTERVIEWER"},
        ], scheduledAt="2027-04-01T14:00:00Z")
        status, _, body = self.call("POST", BASE + "/interviews", human)
        self.assertEqual(status, 201, body)
        self.assertRegex(body["meeting"]["meetingCode"], r"^Boooply-HU-\d{10}$")
        self.assertEqual(body["meeting"]["scheduledAt"], "2027-04-01T14:00:00.000Z")

        team = {"meetingType": "HUMAN", "isTeamMeeting": True, "durationMinutes": 60,
                "scheduledAt": "2027-04-01T10:00:00Z", "agenda": ["Q1 review"],
                "participants": [
                    {"name": "Alice", "email": "alice@company.example", "role": "HOST"},
                    {"name": "Bob", "email": "bob@company.example", "role": "PARTICIPANT"},
                ]}
        status, _, body = self.call("POST", BASE + "/interviews", team)
        self.assertEqual(status, 201, body)
        self.assertRegex(body["meeting"]["meetingCode"], r"^Boooply-TM-\d{10}$")
        self.assertIs(body["meeting"]["isTeamMeeting"], True)

    def test_create_validation_errors(self):
        cases = (
            ({"durationMinutes": 3}, "durationMinutes must be at least 5"),
            ({"jobRole": None}, "jobRole is required"),
            ({"participants": None}, "CANDIDATE"),
            ({"participants": [{"name": "Bob", "email": "bob@example.com",
                                "role": "INTERVIEWER"}]}, "CANDIDATE"),
            ({"meetingType": "HUMAN", "isTeamMeeting": True, "participants": [
                {"name": "Bob", "email": "bob@example.com", "role": "PARTICIPANT"}]}, "HOST"),
            ({"meetingType": "HUMAN", "isTeamMeeting": True, "schedulingMode": "CANDIDATE_PICKS",
              "participants": [{"name": "A", "email": "a@example.com", "role": "HOST"}]},
             "CANDIDATE_PICKS"),
            ({"schedulingMode": "FIXED"}, "scheduledAt is required"),
            ({"scheduledAt": "next Tuesday"}, "scheduledAt must be an ISO 8601"),
            ({"availableSlots": [{"start": "2027-01-01T10:00:00Z",
                                  "end": "2027-01-01T10:30:00Z"}] * 51}, "at most 50"),
            ({"availableSlots": [{"start": "2027-01-01T10:00:00Z"}]}, "end is required"),
            ({"category": "CHAT"}, "category must be one of"),
            ({"seniority": "GURU"}, "seniority must be one of"),
            ({"workSetup": "MOON"}, "workSetup must be one of"),
            ({"employmentType": "GIG"}, "employmentType must be one of"),
            ({"evaluationFocus": "speed"}, "evaluationFocus must be one of"),
            ({"participants": [{"name": "A", "email": "a@example.com", "role": "BOSS"}]},
             "role must be one of"),
            ({"meetingType": "VIDEO"}, "meetingType must be one of"),
        )
        # More writes than the default limit of 10 a minute.
        self.configure(rate_limit_write=len(cases))
        for changes, message in cases:
            with self.subTest(changes=changes):
                body = self.create_body(**changes)
                body = {key: value for key, value in body.items() if value is not None}
                error = self.assert_error(self.call("POST", BASE + "/interviews", body),
                                          422, "VALIDATION_ERROR")
                self.assertIn(message, error["error"])

    def test_create_invalid_json(self):
        error = self.assert_error(
            self.call("POST", BASE + "/interviews", raw_body=b'{"meetingType": '),
            400, "BAD_REQUEST")
        self.assertIn("JSON", error["error"])

    def test_list_defaults(self):
        status, response, body = self.call("GET", BASE + "/interviews")
        self.assertEqual(status, 200)
        self.assertEqual(body["pagination"], {"page": 1, "limit": 20, "total": SEED_COUNT,
                                              "totalPages": 3})
        self.assertEqual(len(body["meetings"]), 20)
        created = [meeting["createdAt"] for meeting in body["meetings"]]
        self.assertEqual(created, sorted(created, reverse=True))

        status, _, body = self.call("GET", BASE + "/interviews?page=3")
        self.assertEqual(len(body["meetings"]), SEED_COUNT - 40)

    def test_list_filters(self):
        def codes(query):
            status, _, body = self.call("GET", BASE + "/interviews?" + urlencode(query))
            self.assertEqual(status, 200, body)
            self.assertEqual(body["pagination"]["total"], len(body["meetings"]))
            return body["meetings"]

        meetings = codes({"status": "COMPLETED,CANCELLED", "limit": 100})
        self.assertTrue(meetings)
        self.assertEqual({m["sessionStatus"] for m in meetings}, {"COMPLETED", "CANCELLED"})

        for list_type in ("AI_ONLY", "HUMAN", "TEAM"):
            with self.subTest(type=list_type):
                meetings = codes({"type": list_type, "limit": 100})
                self.assertTrue(meetings)
                for meeting in meetings:
                    self.assertEqual(meeting["isTeamMeeting"], list_type == "TEAM")
                    if list_type != "TEAM":
                        self.assertEqual(meeting["meetingType"], list_type)

        meetings = codes({"search": "ÁLVAREZ"})
        self.assertEqual([m["meetingCode"] for m in meetings], [LONG_CODE])
        meetings = codes({"search": "zoe.alvarez@"})
        self.assertEqual([m["meetingCode"] for m in meetings], [LONG_CODE])
        meetings = codes({"search": "backend engineer", "limit": 100})
        self.assertIn(LONG_CODE, [m["meetingCode"] for m in meetings])

        meetings = codes({"sourceId": "job_abc123"})
        self.assertEqual([m["meetingCode"] for m in meetings], [LONG_CODE])

        meetings = codes({"dateField": "scheduled", "dateFrom": "2027-01-08",
                          "dateTo": "2027-01-12", "limit": 100})
        self.assertEqual({m["meetingCode"] for m in meetings}, {HUMAN_CODE, TEAM_CODE})
        meetings = codes({"dateField": "created", "dateFrom": "2026-11-10T00:00:00Z",
                          "dateTo": "2026-11-10T23:59:59Z"})
        self.assertEqual([m["meetingCode"] for m in meetings], [LONG_CODE])

        meetings = codes({"scoreMin": 80, "scoreMax": 90, "limit": 100})
        self.assertIn(LONG_CODE, [m["meetingCode"] for m in meetings])
        for meeting in meetings:
            self.assertTrue(80 <= meeting["overallScore"] <= 90)

    def test_list_validation_errors(self):
        cases = (
            ("limit=101", "limit"), ("limit=0", "limit"), ("limit=ten", "limit"),
            ("page=0", "page"), ("scoreMin=-1", "scoreMin"), ("scoreMax=101", "scoreMax"),
            ("scoreMin=90&scoreMax=10", "scoreMin"), ("status=BOGUS", "status"),
            ("status=COMPLETED,DONE", "status"), ("type=PANEL", "type"),
            ("dateField=updated", "dateField"), ("dateFrom=yesterday", "dateFrom"),
        )
        for query, field in cases:
            with self.subTest(query=query):
                error = self.assert_error(self.call("GET", BASE + "/interviews?" + query),
                                          422, "VALIDATION_ERROR")
                self.assertTrue(error["error"].startswith(field), error["error"])

    def test_list_key_and_code_key(self):
        self.configure(list_key="interviews", code_key="code")
        _, _, body = self.call("GET", BASE + "/interviews?limit=1")
        self.assertNotIn("meetings", body)
        self.assertIn("code", body["interviews"][0])
        self.assertNotIn("meetingCode", body["interviews"][0])

        self.configure(code_key="both")
        _, _, body = self.call("POST", BASE + "/interviews", self.create_body())
        self.assertEqual(body["meeting"]["code"], body["meeting"]["meetingCode"])

    def test_get_interview(self):
        status, _, body = self.call("GET", BASE + "/interviews/" + HUMAN_CODE)
        self.assertEqual(status, 200)
        meeting = body["meeting"]
        self.assertEqual(meeting["meetingCode"], HUMAN_CODE)
        self.assertEqual(meeting["sessionStatus"], "SCHEDULED")
        self.assertEqual(sorted(p["role"] for p in meeting["participants"]),
                         ["CANDIDATE", "INTERVIEWER"])

    def test_get_decodes_path_segment(self):
        status, _, body = self.call("GET", BASE + "/interviews/" + quote(ENCODING_CODE, safe=""))
        self.assertEqual(status, 200, body)
        self.assertEqual(body["meeting"]["meetingCode"], ENCODING_CODE)

        error = self.assert_error(self.call("GET", BASE + "/interviews/a%2Fb"),
                                  404, "NOT_FOUND")
        self.assertIn("a/b", error["error"])

    def test_unknown_code_and_route(self):
        self.assert_error(self.call("GET", BASE + "/interviews/Boooply-AI-9999999999"),
                          404, "NOT_FOUND")
        self.assert_error(self.call("GET", BASE + "/nothing-here"), 404, "NOT_FOUND")
        self.assert_error(self.call("PUT", BASE + "/interviews/" + HUMAN_CODE, body={}),
                          404, "NOT_FOUND")
        self.assert_error(self.call("GET", "/elsewhere"), 404, "NOT_FOUND")

    def test_error_500_code(self):
        routes = (
            ("GET", ""), ("GET", "/transcript"), ("GET", "/evaluation"),
            ("POST", "/analyze"), ("PATCH", "/cancel"), ("DELETE", ""),
            ("GET", "/participants"), ("GET", "/recording"),
        )
        for method, suffix in routes:
            with self.subTest(route=suffix):
                body = {} if method == "PATCH" else None
                self.assert_error(
                    self.call(method, BASE + "/interviews/sim-error-500" + suffix, body=body),
                    500, "INTERNAL_ERROR")

    def test_transcript_long_and_unicode(self):
        status, _, _ = self.call("GET", BASE + "/interviews/" + LONG_CODE + "/transcript")
        self.assertEqual(status, 200)
        sock = self.sim.connect()
        with sock, sock.makefile("rb") as reader:
            sock.sendall(build_request("GET", BASE + "/interviews/" + LONG_CODE + "/transcript",
                                       self.sim.port))
            response = read_response(reader)
        self.assertGreaterEqual(len(response.body), 40 * 1024)
        transcript = response.json()["transcript"]
        self.assertGreaterEqual(len(transcript), 60)
        self.assertEqual({turn["role"] for turn in transcript}, {"AI", "CANDIDATE"})
        for turn in transcript:
            self.assertEqual(set(turn), {"speaker", "role", "content", "timestamp"})
        self.assertIn("Zoë Álvarez-Núñez".encode("utf-8"), response.body)
        self.assertIn("🙂".encode("utf-8"), response.body)

    def test_evaluation_full_and_pending(self):
        status, _, body = self.call("GET", BASE + "/interviews/" + LONG_CODE + "/evaluation")
        self.assertEqual(status, 200)
        evaluation = body["evaluation"]
        self.assertIn(evaluation["recommendation"], ("PASS", "FAIL", "REVIEW"))
        for field in ("overallScore", "communication", "technical", "cultureFit",
                      "problemSolving", "experienceMatch"):
            self.assertTrue(0 <= evaluation[field] <= 100, field)
        self.assertGreaterEqual(len(evaluation["questionEvaluations"]), 10)
        self.assertEqual(set(evaluation["questionEvaluations"][0]), {"question", "score", "notes"})
        self.assertIn("\n\n", body["aiSummary"])
        self.assertEqual(set(body["recommendations"]), {"strengths", "improvements", "nextSteps"})
        self.assertGreater(body["meetingStatistics"]["turnCount"], 60)
        self.assertIn("rawAnalysis", body)
        self.assertIn("interviewerEvaluation", body)

        status, _, body = self.call("GET", BASE + "/interviews/" + PENDING_CODE + "/evaluation")
        self.assertEqual(status, 200)
        self.assertIsNone(body["evaluation"])

    def test_analyze(self):
        status, _, first = self.call("POST", BASE + "/interviews/" + LONG_CODE + "/analyze")
        self.assertEqual(status, 200)
        self.assertIs(first["queued"], True)
        self.assertRegex(first["jobId"], r"^\d+$")
        _, _, second = self.call("POST", BASE + "/interviews/" + LONG_CODE + "/analyze")
        self.assertNotEqual(first["jobId"], second["jobId"])
        self.assert_error(self.call("POST", BASE + "/interviews/" + HUMAN_CODE + "/analyze"),
                          400, "INVALID_STATE")

    def test_reschedule(self):
        path = BASE + "/interviews/" + HUMAN_CODE + "/reschedule"
        status, _, body = self.call("PATCH", path, {"scheduledAt": "2027-02-03T09:30:00+01:00",
                                                    "durationMinutes": 45,
                                                    "reason": "Candidate asked"})
        self.assertEqual(status, 200, body)
        _, _, body = self.call("GET", BASE + "/interviews/" + HUMAN_CODE)
        self.assertEqual(body["meeting"]["scheduledAt"], "2027-02-03T08:30:00.000Z")
        self.assertEqual(body["meeting"]["durationMinutes"], 45)

        self.assert_error(self.call("PATCH", path, {"durationMinutes": 45}),
                          422, "VALIDATION_ERROR")
        self.assert_error(self.call("PATCH", path, {"scheduledAt": "2027-02-30T10:00:00Z"}),
                          422, "VALIDATION_ERROR")
        for code in (LONG_CODE, ACTIVE_CODE, CANCELLED_CODE):
            with self.subTest(code=code):
                self.assert_error(
                    self.call("PATCH", BASE + "/interviews/" + code + "/reschedule",
                              {"scheduledAt": "2027-02-03T09:30:00Z"}),
                    400, "INVALID_STATE")

    def test_cancel(self):
        path = BASE + "/interviews/" + HUMAN_CODE + "/cancel"
        status, _, body = self.call("PATCH", path, {"reason": "Position filled"})
        self.assertEqual(status, 200, body)
        _, _, body = self.call("GET", BASE + "/interviews/" + HUMAN_CODE)
        self.assertEqual(body["meeting"]["sessionStatus"], "CANCELLED")
        self.assertEqual(body["meeting"]["cancelReason"], "Position filled")

        self.assert_error(self.call("PATCH", path, {}), 400, "INVALID_STATE")
        for code in (LONG_CODE, ACTIVE_CODE):
            with self.subTest(code=code):
                self.assert_error(self.call("PATCH", BASE + "/interviews/" + code + "/cancel",
                                            {}), 400, "INVALID_STATE")

        status, _, body = self.call("PATCH", BASE + "/interviews/" + TEAM_CODE + "/cancel",
                                    raw_body=b"")
        self.assertEqual(status, 200, body)

    def test_delete(self):
        status, _, body = self.call("DELETE", BASE + "/interviews/" + TEAM_CODE)
        self.assertEqual(status, 200, body)
        self.assertIs(body["success"], True)
        self.assert_error(self.call("GET", BASE + "/interviews/" + TEAM_CODE), 404, "NOT_FOUND")
        _, _, body = self.call("GET", BASE + "/interviews")
        self.assertEqual(body["pagination"]["total"], SEED_COUNT - 1)

    def test_participants(self):
        path = BASE + "/interviews/" + HUMAN_CODE + "/participants"
        status, _, body = self.call("GET", path)
        self.assertEqual(status, 200)
        self.assertEqual(body["total"], 2)
        self.assertEqual(set(body["participants"][0]),
                         {"id", "name", "email", "role", "joinToken", "joinedAt", "leftAt",
                          "isActive"})

        addition = {"participants": [{"name": "New Person", "email": "new@company.example",
                                      "role": "INTERVIEWER"}]}
        status, _, body = self.call("POST", path, addition)
        self.assertEqual(status, 201, body)
        new_id = body["participants"][0]["id"]
        _, _, body = self.call("GET", path)
        self.assertEqual(body["total"], 3)

        error = self.assert_error(self.call("POST", path, addition), 409, "CONFLICT")
        self.assertIn("new@company.example", error["error"])
        duplicate = {"participants": [{"name": "Jane", "email": "JANE@example.com",
                                       "role": "CANDIDATE"}]}
        self.assert_error(self.call("POST", path, duplicate), 409, "CONFLICT")
        self.assert_error(self.call("POST", path, {"participants": []}), 422, "VALIDATION_ERROR")

        status, _, body = self.call("DELETE", path + "/" + new_id)
        self.assertEqual(status, 200, body)
        self.assertIsInstance(body["message"], str)
        _, _, body = self.call("GET", path)
        self.assertEqual(body["total"], 2)
        self.assert_error(self.call("DELETE", path + "/" + new_id), 404, "NOT_FOUND")

    def test_recording(self):
        status, _, body = self.call("GET", BASE + "/interviews/" + LONG_CODE + "/recording")
        self.assertEqual(status, 200)
        recording = body["recording"]
        self.assertEqual(set(recording), {"duration", "format", "createdAt", "videoUrl",
                                          "videoApiUrl"})
        self.assertEqual(recording["format"], "mp4")
        self.assertGreater(recording["duration"], 0)

        status, _, body = self.call("GET", BASE + "/interviews/" + PENDING_CODE + "/recording")
        self.assertEqual(status, 200)
        self.assertIsNone(body["recording"])
        self.assertIsInstance(body["message"], str)


class OtherEndpointTest(SimulatorTestCase):

    def slot_minutes(self, slot):
        start = time.strptime(slot["start"], "%Y-%m-%dT%H:%M:%S.000Z")
        end = time.strptime(slot["end"], "%Y-%m-%dT%H:%M:%S.000Z")
        return (time.mktime(end) - time.mktime(start)) / 60

    def test_availability(self):
        status, _, body = self.call("GET", BASE + "/availability?email=interviewer%40example.com")
        self.assertEqual(status, 200)
        self.assertIs(body["calendarConnected"], True)
        self.assertEqual(body["days"], 14)
        self.assertEqual(body["durationMinutes"], 30)
        self.assertTrue(body["slots"])
        self.assertEqual(body["total"], len(body["slots"]))
        self.assertEqual({self.slot_minutes(slot) for slot in body["slots"]}, {30})

        _, _, body = self.call("GET", BASE + "/availability?email=interviewer%40example.com"
                                             "&duration=45&days=7")
        self.assertEqual(body["durationMinutes"], 45)
        self.assertEqual(body["days"], 7)
        self.assertEqual({self.slot_minutes(slot) for slot in body["slots"]}, {45})

        _, _, body = self.call("GET", BASE + "/availability?email=nocalendar%40example.com")
        self.assertIs(body["calendarConnected"], False)
        self.assertEqual(body["slots"], [])
        self.assertEqual(body["total"], 0)

        self.assert_error(self.call("GET", BASE + "/availability"), 422, "VALIDATION_ERROR")
        self.assert_error(self.call("GET", BASE + "/availability?email=interviewer%40example.com"
                                               "&days=31"), 422, "VALIDATION_ERROR")

    def test_busy_blocks(self):
        status, _, body = self.call("GET", BASE + "/busy-blocks?email=interviewer%40example.com")
        self.assertEqual(status, 200)
        self.assertIs(body["calendarConnected"], True)
        self.assertEqual(body["timezone"], "Europe/Berlin")
        self.assertEqual(body["days"], 14)
        self.assertTrue(body["busyBlocks"])
        self.assertEqual(body["total"], len(body["busyBlocks"]))

        _, _, body = self.call("GET", BASE + "/busy-blocks?email=nocalendar%40example.com")
        self.assertIs(body["calendarConnected"], False)
        self.assertEqual(body["busyBlocks"], [])
        self.assert_error(self.call("GET", BASE + "/busy-blocks"), 422, "VALIDATION_ERROR")

    def test_organization(self):
        status, _, body = self.call("GET", BASE + "/organization")
        self.assertEqual(status, 200)
        self.assertEqual(set(body["organization"]),
                         {"id", "name", "slug", "externalOrgId", "plan"})

    def test_generate_job_description(self):
        status, _, body = self.call("POST", BASE + "/generate-job-description",
                                    {"jobRole": "Data Engineer", "skills": ["Spark", "SQL"],
                                     "seniority": "SENIOR", "workSetup": "HYBRID"})
        self.assertEqual(status, 200, body)
        self.assertIn("Data Engineer", body["description"])
        self.assertGreaterEqual(body["description"].count("\n\n"), 2)
        self.assert_error(self.call("POST", BASE + "/generate-job-description", {}),
                          422, "VALIDATION_ERROR")

    def test_create_api_key(self):
        path = "/api/server-auth/create-api-key"
        request = {"userId": "user_1", "userEmail": "owner@example.com",
                   "organizationId": "org_1", "organizationName": "Example Ltd"}
        status, _, body = self.call("POST", path, request, key=PLATFORM_KEY)
        self.assertEqual(status, 201, body)
        self.assertRegex(body["apiKey"], r"^bply_org_\w+$")
        self.assertEqual(body["organizationId"], "org_1")
        self.assertEqual(body["userId"], "user_1")

        status, _, _ = self.call("GET", BASE + "/organization", key=body["apiKey"])
        self.assertEqual(status, 200)

        self.assert_error(self.call("POST", path, {"userId": "user_1",
                                                   "organizationId": "org_1"},
                                    key=PLATFORM_KEY), 422, "VALIDATION_ERROR")


class AuthTest(SimulatorTestCase):

    def test_missing_and_wrong_key(self):
        for key in (None, "bply_org_wrong", ""):
            with self.subTest(key=key):
                status, _, body = self.call("GET", BASE + "/organization", key=key)
                self.assertEqual(status, 401)
                self.assertEqual(body, INVALID_KEY_BODY)

    def test_platform_key_on_integration(self):
        self.assert_error(self.call("GET", BASE + "/organization", key=PLATFORM_KEY),
                          403, "FORBIDDEN")

    def test_organization_key_on_create_api_key(self):
        path = "/api/server-auth/create-api-key"
        self.assert_error(self.call("POST", path, {}, key=ORG_KEY), 403, "FORBIDDEN")
        status, _, body = self.call("POST", path, {}, key=None)
        self.assertEqual(status, 401)
        self.assertEqual(body, INVALID_KEY_BODY)


class RateLimitTest(SimulatorTestCase):

    def test_headers_on_every_response(self):
        before = int(time.time())
        _, first, _ = self.call("GET", BASE + "/organization")
        _, second, _ = self.call("GET", BASE + "/interviews/Boooply-AI-9999999999")
        self.assertEqual(first.getheader("X-RateLimit-Limit"), "100")
        self.assertEqual(first.getheader("X-RateLimit-Remaining"), "99")
        self.assertEqual(second.getheader("X-RateLimit-Remaining"), "98")
        reset = int(first.getheader("X-RateLimit-Reset"))
        self.assertTrue(before < reset <= before + 61, reset)
        self.assertEqual(first.getheader("Content-Type"), "application/json; charset=utf-8")
        self.assertIsNotNone(first.getheader("Date"))

        _, response, _ = self.call("GET", BASE + "/organization", key=None)
        self.assertIsNotNone(response.getheader("X-RateLimit-Remaining"))
        _, response, _ = self.call("POST", BASE + "/interviews/" + LONG_CODE + "/analyze")
        self.assertEqual(response.getheader("X-RateLimit-Limit"), "10")

    def test_write_limit_gives_429(self):
        self.configure(rate_limit_write=2)
        path = BASE + "/interviews/" + LONG_CODE + "/analyze"
        for _ in range(2):
            status, _, body = self.call("POST", path)
            self.assertEqual(status, 200, body)
        status, response, body = self.call("POST", path)
        self.assertEqual(status, 429)
        self.assertEqual(body, RATE_LIMITED_BODY)
        retry_after = int(response.getheader("Retry-After"))
        self.assertTrue(1 <= retry_after <= 60, retry_after)
        self.assertEqual(response.getheader("X-RateLimit-Remaining"), "0")

        status, _, _ = self.call("GET", BASE + "/organization")
        self.assertEqual(status, 200)

    def test_ai_limit_gives_429(self):
        self.configure(rate_limit_ai=1)
        path = BASE + "/generate-job-description"
        status, _, _ = self.call("POST", path, {"jobRole": "Designer"})
        self.assertEqual(status, 200)
        status, response, body = self.call("POST", path, {"jobRole": "Designer"})
        self.assertEqual(status, 429)
        self.assertEqual(body, RATE_LIMITED_BODY)
        self.assertIsNotNone(response.getheader("Retry-After"))

    def test_control_requests_not_limited(self):
        self.configure(rate_limit_get=0)
        self.assertEqual(self.call("GET", BASE + "/organization")[0], 429)
        status, _, body = self.call("GET", "/__sim/requests", key=None)
        self.assertEqual(status, 200)
        self.assertEqual(body["count"], 1)


class HttpFramingTest(SimulatorTestCase):

    def exchange(self, sock, reader, method, path, body=None, headers=()):
        sock.sendall(build_request(method, path, self.sim.port, body, headers))
        return read_response(reader)

    def test_chunked_response(self):
        sock = self.sim.connect()
        with sock, sock.makefile("rb") as reader:
            plain = self.exchange(sock, reader, "GET", BASE + "/organization")
            self.configure(chunked=True, chunk_size=7)
            chunked = self.exchange(sock, reader, "GET", BASE + "/organization")
        self.assertEqual(chunked.header("transfer-encoding"), "chunked")
        self.assertIsNone(chunked.header("content-length"))
        self.assertEqual(chunked.body, plain.body)
        self.assertEqual(chunked.chunk_sizes[-1], 0)
        self.assertTrue(all(size == 7 for size in chunked.chunk_sizes[:-2]))
        self.assertTrue(1 <= chunked.chunk_sizes[-2] <= 7)

    def test_keep_alive_several_requests(self):
        sock = self.sim.connect()
        with sock, sock.makefile("rb") as reader:
            paths = ("/organization", "/interviews?limit=2", "/interviews/" + HUMAN_CODE,
                     "/interviews/" + LONG_CODE + "/transcript", "/organization")
            for path in paths:
                response = self.exchange(sock, reader, "GET", BASE + path)
                self.assertEqual(response.status, 200, path)
                self.assertIsNone(response.header("connection"))
            response = self.exchange(sock, reader, "POST", BASE + "/interviews",
                                     json.dumps(self.create_body()).encode())
            self.assertEqual(response.status, 201)
            response = self.exchange(sock, reader, "GET", BASE + "/organization",
                                     headers=("Connection: close",))
            self.assertEqual(response.status, 200)
            self.assertEqual(response.header("connection"), "close")
            self.assertTrue(is_closed(sock, 2.0))

    def test_pipelined_requests(self):
        sock = self.sim.connect()
        with sock, sock.makefile("rb") as reader:
            sock.sendall(build_request("GET", BASE + "/organization", self.sim.port)
                         + build_request("GET", BASE + "/interviews/" + HUMAN_CODE,
                                         self.sim.port))
            first = read_response(reader)
            second = read_response(reader)
        self.assertIn("organization", first.json())
        self.assertEqual(second.json()["meeting"]["meetingCode"], HUMAN_CODE)

    def test_idle_timeout_closes_connection(self):
        self.configure(idle_timeout=1.0)
        sock = self.sim.connect()
        with sock, sock.makefile("rb") as reader:
            response = self.exchange(sock, reader, "GET", BASE + "/organization")
            self.assertEqual(response.status, 200)
            self.assertFalse(is_closed(sock, 0.3))
            self.assertTrue(is_closed(sock, 3.0))

    def test_close_after_response(self):
        self.configure(close_after_response=True)
        sock = self.sim.connect()
        with sock, sock.makefile("rb") as reader:
            response = self.exchange(sock, reader, "GET", BASE + "/organization")
            self.assertEqual(response.header("connection"), "close")
            self.assertTrue(is_closed(sock, 2.0))

    def test_http10_closes_and_uses_content_length(self):
        self.configure(chunked=True)
        sock = self.sim.connect()
        with sock, sock.makefile("rb") as reader:
            sock.sendall(b"GET " + BASE.encode() + b"/organization HTTP/1.0\r\n"
                         b"Authorization: Bearer " + ORG_KEY.encode() + b"\r\n\r\n")
            response = read_response(reader)
            self.assertEqual(response.status, 200)
            self.assertIsNotNone(response.header("content-length"))
            self.assertTrue(is_closed(sock, 2.0))

    def test_expect_100_continue(self):
        body = json.dumps(self.create_body()).encode()
        request = build_request("POST", BASE + "/interviews", self.sim.port, body,
                                headers=("Expect: 100-continue",))
        head = request[:len(request) - len(body)]
        sock = self.sim.connect()
        with sock, sock.makefile("rb") as reader:
            sock.sendall(head)
            self.assertEqual(reader.readline(), b"HTTP/1.1 100 Continue\r\n")
            self.assertEqual(reader.readline(), b"\r\n")
            sock.sendall(body)
            self.assertEqual(read_response(reader).status, 201)

    def test_close_mid_head(self):
        sock = self.sim.connect()
        with sock:
            sock.sendall(b"GET /api/integration/organization HTTP/1.1\r\nHost: x")
            sock.shutdown(socket.SHUT_WR)
            self.assertTrue(is_closed(sock, 3.0))
        self.assertEqual(self.call("GET", BASE + "/organization")[0], 200)

    def test_protocol_errors(self):
        cases = (
            ("head too large", build_request("GET", BASE + "/organization", self.sim.port,
                                             headers=("X-Fill: " + "a" * 17000,)), 431),
            ("body too large", build_request("POST", BASE + "/interviews", self.sim.port,
                                             headers=("Content-Length: 2000000",
                                                      "Content-Type: application/json")), 413),
            ("transfer-encoding", build_request("POST", BASE + "/interviews", self.sim.port,
                                                headers=("Transfer-Encoding: chunked",)), 411),
            ("missing host", b"GET /api/integration/organization HTTP/1.1\r\n\r\n", 400),
            ("bad request line", b"GET\r\n\r\n", 400),
            ("folded header", b"GET / HTTP/1.1\r\nHost: x\r\nX-A: b\r\n c\r\n\r\n", 400),
        )
        for name, raw, status in cases:
            with self.subTest(case=name):
                sock = self.sim.connect()
                with sock, sock.makefile("rb") as reader:
                    sock.sendall(raw)
                    response = read_response(reader)
                    self.assertEqual(response.status, status)
                    self.assertIs(response.json()["success"], False)
                    self.assertEqual(response.header("connection"), "close")
                    self.assertTrue(is_closed(sock, 3.0))


class RequestLogTest(SimulatorTestCase):

    def read_log(self):
        with open(self.sim.log_path, "rb") as log:
            return parse_log(log.read())

    def test_log_contains_exact_bytes(self):
        body = json.dumps(self.create_body(title="Café \"Q&A\" 🙂"),
                          ensure_ascii=False).encode("utf-8")
        first = build_request("GET", BASE + "/organization", self.sim.port,
                              headers=("X-Trace:  two  spaces ",))
        second = build_request("POST", BASE + "/interviews", self.sim.port, body)
        sock = self.sim.connect()
        with sock, sock.makefile("rb") as reader:
            sock.sendall(first)
            self.assertEqual(read_response(reader).status, 200)
            self.assertEqual(self.read_log(), [(1, first)])
            sock.sendall(second)
            self.assertEqual(read_response(reader).status, 201)
            self.assertEqual(self.read_log(), [(1, first), (2, second)])

    def test_control_requests_not_logged(self):
        self.call("GET", BASE + "/organization")
        self.configure(chunk_size=9)
        self.call("GET", "/__sim/requests", key=None)
        self.assertEqual(len(self.read_log()), 1)
        _, _, body = self.call("GET", "/__sim/requests", key=None)
        self.assertEqual(body, {"success": True, "count": 1})

    def test_rejected_requests_logged(self):
        self.call("GET", BASE + "/organization", key=None)
        self.call("GET", BASE + "/no-such-route")
        numbers = [number for number, _ in self.read_log()]
        self.assertEqual(numbers, [1, 2])


class ResetTest(SimulatorTestCase):

    def test_reset_restores_state(self):
        self.call("DELETE", BASE + "/interviews/" + TEAM_CODE)
        _, _, created = self.call("POST", BASE + "/interviews", self.create_body())
        self.configure(list_key="interviews", rate_limit_get=1)
        self.call("GET", BASE + "/organization")

        status, _, body = self.call("POST", "/__sim/reset", key=None)
        self.assertEqual(status, 200)
        self.assertEqual(body, {"success": True})

        self.assertEqual(self.call("GET", "/__sim/requests", key=None)[2]["count"], 0)
        self.assertEqual(os.path.getsize(self.sim.log_path), 0)
        status, response, body = self.call("GET", BASE + "/interviews")
        self.assertEqual(status, 200)
        self.assertEqual(body["pagination"]["total"], SEED_COUNT)
        self.assertEqual(response.getheader("X-RateLimit-Remaining"), "99")
        self.assertEqual(self.call("GET", BASE + "/interviews/" + TEAM_CODE)[0], 200)
        self.assertEqual(self.call("GET", BASE + "/interviews/"
                                   + created["meeting"]["meetingCode"])[0], 404)

    def test_config_rejects_unknown_option(self):
        status, _, body = self.call("POST", "/__sim/config", body={"chunky": True}, key=None)
        self.assertEqual(status, 400)
        self.assertIn("chunky", body["error"])
        status, _, body = self.call("POST", "/__sim/config", body={"chunk_size": 0}, key=None)
        self.assertEqual(status, 400)


class ProcessTest(unittest.TestCase):
    """Command-line options and signals, each on a simulator of its own."""

    def test_sigterm_exits_zero(self):
        sim = Simulator()
        self.assertEqual(sim.stop(signal.SIGTERM), 0)

    def test_sigint_exits_zero_with_open_connection(self):
        sim = Simulator()
        sock = sim.connect()
        with sock:
            self.assertEqual(sim.stop(signal.SIGINT), 0)

    def test_ipv6_loopback_and_chunked_option(self):
        if not socket.has_ipv6:
            self.skipTest("IPv6 is not available")
        try:
            probe = socket.socket(socket.AF_INET6)
            probe.bind(("::1", 0))
            probe.close()
        except OSError:
            self.skipTest("::1 is not configured")
        sim = Simulator(host="::1", extra_args=("--chunked",))
        try:
            self.assertEqual(sim.listening_line,
                             "boooply-sim listening on ::1:%d\n" % sim.port)
            sock = sim.connect()
            with sock, sock.makefile("rb") as reader:
                sock.sendall(build_request("GET", BASE + "/organization", sim.port))
                response = read_response(reader)
            self.assertEqual(response.status, 200)
            self.assertEqual(response.header("transfer-encoding"), "chunked")
        finally:
            self.assertEqual(sim.stop(), 0)


class TlsTest(unittest.TestCase):
    """The simulator with --tls-cert and --tls-key, on a test PKI of its own."""

    @classmethod
    def setUpClass(cls):
        cls.pki = tempfile.mkdtemp(prefix="boooply-sim-pki-")
        subprocess.run(["sh", MAKE_PKI, cls.pki], check=True)
        cls.sim = Simulator(extra_args=(
            "--tls-cert", os.path.join(cls.pki, "localhost.crt"),
            "--tls-key", os.path.join(cls.pki, "localhost.key")))

    @classmethod
    def tearDownClass(cls):
        cls.sim.stop()
        shutil.rmtree(cls.pki, ignore_errors=True)

    def tls_connect(self):
        context = ssl.create_default_context(cafile=os.path.join(self.pki, "ca.crt"))
        return context.wrap_socket(self.sim.connect(), server_hostname="localhost")

    def read_log(self):
        with open(self.sim.log_path, "rb") as log:
            return parse_log(log.read())

    def test_api_over_tls_keeps_connection(self):
        sock = self.tls_connect()
        with sock, sock.makefile("rb") as reader:
            self.assertEqual(sock.version(), "TLSv1.3")
            sock.sendall(build_request("POST", "/__sim/reset", self.sim.port, key=None))
            self.assertEqual(read_response(reader).status, 200)
            request = build_request("GET", BASE + "/organization", self.sim.port)
            for _ in range(2):
                sock.sendall(request)
                response = read_response(reader)
                self.assertEqual(response.status, 200)
                self.assertEqual(response.json()["organization"]["name"], "Acme Corp")
        self.assertEqual(self.read_log(), [(1, request), (2, request)])

    def test_plain_client_is_rejected(self):
        sock = self.sim.connect()
        with sock:
            sock.sendall(build_request("GET", BASE + "/organization", self.sim.port))
            self.assertTrue(is_closed(sock, 5.0))
        # The simulator still serves TLS clients afterwards.
        sock = self.tls_connect()
        with sock, sock.makefile("rb") as reader:
            sock.sendall(build_request("GET", "/__sim/requests", self.sim.port, key=None))
            self.assertEqual(read_response(reader).status, 200)
        with open(self.sim.stderr_path) as stderr:
            self.assertIn("TLS handshake with 127.0.0.1 failed", stderr.read())

    def test_idle_close_sends_close_notify(self):
        sock = self.tls_connect()
        with sock, sock.makefile("rb") as reader:
            body = json.dumps({"idle_timeout": 0.5}).encode()
            sock.sendall(build_request("POST", "/__sim/config", self.sim.port, body, key=None))
            self.assertEqual(read_response(reader).status, 200)
            sock.settimeout(5.0)
            # recv returns b"" only after a close_notify alert; a bare TCP
            # close raises SSLEOFError instead.
            self.assertEqual(sock.recv(1), b"")
        sock = self.tls_connect()
        with sock, sock.makefile("rb") as reader:
            body = json.dumps({"idle_timeout": 5.0}).encode()
            sock.sendall(build_request("POST", "/__sim/config", self.sim.port, body, key=None))
            self.assertEqual(read_response(reader).status, 200)

    def test_cert_without_key_is_rejected(self):
        result = subprocess.run(
            [sys.executable, SIMULATOR, "--port", "0",
             "--tls-cert", os.path.join(self.pki, "localhost.crt")],
            capture_output=True, text=True, timeout=10)
        self.assertEqual(result.returncode, 2)
        self.assertIn("--tls-cert and --tls-key must be given together", result.stderr)


if __name__ == "__main__":
    unittest.main()
