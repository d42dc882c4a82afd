"""Run the example programs and the README's programs against the local
simulator and check what they print.

Needs build/kiosk, build/room_panel and build/boooply_cli (make build/kiosk
build/room_panel build/boooply_cli); the tests are skipped when one is
missing. BOOOPLY_EXAMPLES_DIR selects another build directory, such as a
sanitizer build. The module starts tests/sim/boooply_sim.py on a free
loopback port with a request log and resets it before every test, which
restores the seed data, clears the rate-limit counters and empties the log.

Run from the repository root:
    python3 -m unittest tests/test_examples.py -v
"""

import datetime
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import unittest
from urllib.parse import parse_qs, urlsplit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLES_DIR = os.path.abspath(os.environ.get("BOOOPLY_EXAMPLES_DIR") or os.path.join(ROOT, "build"))
SIMULATOR = os.path.join(ROOT, "tests", "sim", "boooply_sim.py")
PROGRAMS = ("kiosk", "room_panel", "boooply_cli")

ORG_KEY = "bply_org_test_key"
PLATFORM_KEY = "bply_platform_test_key"
# Seconds one example run may take; every run talks to a local server.
RUN_TIMEOUT = 20
# Seconds the simulator may take to start listening.
START_TIMEOUT = 10

JOIN_LINK = r"https://meetings\.boooply\.com/join/%s\?token=[0-9a-f]{32}"
ISO_TIME = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z"

# Every command of boooply_cli with the options its help must list. The
# options cover every field of the request structs in boooply.h.
CLI_COMMANDS = {
    "create": (
        "--type", "--job-role", "--title", "--category", "--stage", "--company-name",
        "--candidate-name", "--candidate-email", "--participant", "--candidate-cv", "--skill",
        "--seniority", "--department", "--job-description", "--work-setup",
        "--employment-type", "--duration-minutes", "--scheduled-at", "--scheduling-mode",
        "--available-slot", "--question", "--ai-generate", "--evaluation-focus",
        "--send-candidate-feedback", "--external-job-id", "--agenda",
        "--transcription-enabled",
    ),
    "list": (
        "--status", "--type", "--search", "--source-id", "--date-field", "--date-from",
        "--date-to", "--score-min", "--score-max", "--page", "--limit",
    ),
    "get": (),
    "transcript": (),
    "evaluation": (),
    "analyze": (),
    "reschedule": ("--scheduled-at", "--duration-minutes", "--reason"),
    "cancel": ("--reason",),
    "delete": (),
    "add-participant": ("--participant",),
    "participants": (),
    "remove-participant": (),
    "recording": (),
    "availability": ("--email", "--duration-minutes", "--days"),
    "busy-blocks": ("--email", "--days"),
    "organization": (),
    "generate-job-description": (
        "--job-role", "--department", "--skill", "--seniority", "--work-setup",
        "--employment-type",
    ),
    "create-api-key": (
        "--user-id", "--user-email", "--user-name", "--organization-id",
        "--organization-name", "--team-member",
    ),
    "raw": (),
}

simulator = None
simulator_port = None
work_dir = None
log_path = None


def start_simulator(work, *options):
    """Start the simulator on a free loopback port, its output in WORK, and
    return the process and the port. Raise RuntimeError when it does not
    start."""
    port_file = os.path.join(work, "port")
    output_path = os.path.join(work, "simulator.out")
    with open(output_path, "w") as output:
        process = subprocess.Popen(
            [sys.executable, SIMULATOR, "--host", "127.0.0.1", "--port", "0",
             "--port-file", port_file, *options],
            stdout=output, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + START_TIMEOUT
    while not (os.path.exists(port_file) and os.path.getsize(port_file)):
        if process.poll() is not None or time.monotonic() > deadline:
            stop_simulator(process)
            with open(output_path) as output:
                raise RuntimeError("the simulator did not start:\n" + output.read())
        time.sleep(0.05)
    with open(port_file) as handle:
        return process, int(handle.read())


def stop_simulator(process):
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def setUpModule():
    global simulator, simulator_port, work_dir, log_path
    for program in PROGRAMS:
        path = os.path.join(EXAMPLES_DIR, program)
        if not os.access(path, os.X_OK):
            raise unittest.SkipTest(
                "%s is missing; build the examples first with "
                "make build/kiosk build/room_panel build/boooply_cli" % path)
    work_dir = tempfile.TemporaryDirectory(prefix="boooply-examples-")
    log_path = os.path.join(work_dir.name, "requests.log")
    try:
        simulator, simulator_port = start_simulator(work_dir.name, "--log", log_path)
    except RuntimeError:
        tearDownModule()
        raise


def tearDownModule():
    global simulator
    if simulator is not None:
        stop_simulator(simulator)
        simulator = None
    if work_dir is not None:
        work_dir.cleanup()


def base_url():
    return "http://127.0.0.1:%d" % simulator_port


def control(method, path):
    """Call a /__sim/ control endpoint and return its JSON response."""
    connection = http.client.HTTPConnection("127.0.0.1", simulator_port, timeout=10)
    try:
        connection.request(method, path)
        response = connection.getresponse()
        return json.loads(response.read())
    finally:
        connection.close()


def api_get(path):
    """GET an API path from the simulator directly, as the reference for a check."""
    connection = http.client.HTTPConnection("127.0.0.1", simulator_port, timeout=10)
    try:
        connection.request("GET", path, headers={"Authorization": "Bearer " + ORG_KEY})
        return connection.getresponse().read()
    finally:
        connection.close()


def closed_port():
    """Return a loopback port on which nothing listens."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(program, *args, key=ORG_KEY, url=None, environment=None):
    """Run an example with a clean BOOOPLY_* environment and return the result."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("BOOOPLY_")}
    if key is not None:
        env["BOOOPLY_API_KEY"] = key
    env["BOOOPLY_BASE_URL"] = url or base_url()
    env.update(environment or {})
    return subprocess.run(
        [os.path.join(EXAMPLES_DIR, program), *args], env=env, capture_output=True,
        encoding="utf-8", errors="replace", timeout=RUN_TIMEOUT)


def cli(*args, **options):
    return run("boooply_cli", *args, **options)


class LoggedRequest:
    def __init__(self, raw):
        head, _, self.body = raw.partition(b"\r\n\r\n")
        self.method, self.target, _ = head.split(b"\r\n", 1)[0].decode("ascii").split(" ")
        self.path = urlsplit(self.target).path
        self.query = parse_qs(urlsplit(self.target).query, keep_blank_values=True)

    def json(self):
        return json.loads(self.body)

    def __repr__(self):
        return "%s %s" % (self.method, self.target)


def logged_requests():
    """Parse the simulator's log: '--- request N LEN', LEN raw bytes, a newline."""
    with open(log_path, "rb") as log:
        data = log.read()
    requests = []
    position = 0
    while position < len(data):
        line_end = data.index(b"\n", position)
        match = re.fullmatch(rb"--- request \d+ (\d+)", data[position:line_end])
        if match is None:
            raise AssertionError("unexpected log line %r" % data[position:line_end])
        length = int(match.group(1))
        requests.append(LoggedRequest(data[line_end + 1:line_end + 1 + length]))
        position = line_end + 1 + length + 1
    return requests


class ExampleTestCase(unittest.TestCase):
    def setUp(self):
        answer = control("POST", "/__sim/reset")
        self.assertTrue(answer["success"], answer)

    def assertExit(self, result, status):
        self.assertEqual(result.returncode, status,
                         "exit status %d, expected %d\nstdout:\n%s\nstderr:\n%s"
                         % (result.returncode, status, result.stdout, result.stderr))

    def assertNothingSent(self):
        self.assertEqual(control("GET", "/__sim/requests")["count"], 0)
        self.assertEqual(os.path.getsize(log_path), 0)

    def only_request(self):
        requests = logged_requests()
        self.assertEqual(len(requests), 1, requests)
        return requests[0]


class KioskTest(ExampleTestCase):
    def test_kiosk_prints_code_and_join_link(self):
        result = run("kiosk", "Jane Doe", "jane@example.com", "Backend Engineer")
        self.assertExit(result, 0)
        match = re.search(r"meeting code: (Boooply-AI-\d{10})", result.stdout)
        self.assertIsNotNone(match, result.stdout)
        self.assertRegex(result.stdout, r"join link: +" + JOIN_LINK % match.group(1))
        self.assertIn("Read back %s: AI_ONLY, SCHEDULED, 30 minutes" % match.group(1), result.stdout)


class ReadmeProgramTest(ExampleTestCase):
    """The README's "Using it" program, built as printed and run against the
    simulator with only its base URL replaced."""

    def readme_program(self, heading="## Using it"):
        with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as readme:
            text = readme.read()
        section = text[text.index(heading):]
        match = re.search(r"```c\n(.*?)```", section, re.S)
        self.assertIsNotNone(match, "no C block in the README's %s section" % heading)
        return match.group(1)

    def build(self, source, work, libraries=()):
        """Compile source as printed, with the README's flags; return the program path."""
        path = os.path.join(work, "readme.c")
        program = os.path.join(work, "readme")
        with open(path, "w", encoding="utf-8") as out:
            out.write(source)
        build = subprocess.run(
            [os.environ.get("CC", "cc"), "-std=c99", "-Wall", "-Wextra", "-pedantic", "-Werror",
             "-I" + ROOT, path, "-o", program, *libraries],
            capture_output=True, encoding="utf-8", timeout=120)
        self.assertEqual(build.returncode, 0, build.stderr)
        return program

    def test_readme_program_builds_and_runs(self):
        source = self.readme_program()
        self.assertIn('"http://127.0.0.1:8080"', source)
        source = source.replace('"http://127.0.0.1:8080"', '"%s"' % base_url())
        with tempfile.TemporaryDirectory() as work:
            program = self.build(source, work)
            result = subprocess.run([program], capture_output=True, encoding="utf-8", timeout=RUN_TIMEOUT)
        self.assertExit(result, 0)
        lines = result.stdout.splitlines()
        self.assertRegex(lines[0], r"^created Boooply-AI-\d{10}$")
        self.assertGreater(len(lines), 1, result.stdout)
        for line in lines[1:]:
            self.assertRegex(line, r"^Boooply-\w+-\d{10} ")
        request = logged_requests()[-1]
        self.assertEqual(request.method, "GET")
        self.assertEqual(request.query.get("status"), ["COMPLETED"])

    def test_readme_https_program_builds_and_runs(self):
        """The HTTPS program, one file with all three implementations, against
        a TLS simulator with a test CA; then with a CA that did not sign the
        server's certificate, which fails with the port's reason."""
        source = self.readme_program("## HTTPS")
        with tempfile.TemporaryDirectory() as work:
            program = self.build(source, work, ("-lmbedtls", "-lmbedx509", "-lmbedcrypto"))
            pki = os.path.join(work, "pki")
            subprocess.run(["sh", os.path.join(ROOT, "tests", "tls", "make_pki.sh"), pki],
                           check=True, capture_output=True, timeout=120)
            server, port = start_simulator(work, "--tls-cert", os.path.join(pki, "localhost.crt"),
                                           "--tls-key", os.path.join(pki, "localhost.key"))
            try:
                url = "https://localhost:%d" % port
                good = subprocess.run([program, url, os.path.join(pki, "ca.crt")],
                                      capture_output=True, encoding="utf-8", timeout=RUN_TIMEOUT)
                wrong = subprocess.run([program, url, os.path.join(pki, "self-signed.crt")],
                                       capture_output=True, encoding="utf-8", timeout=RUN_TIMEOUT)
            finally:
                stop_simulator(server)
        self.assertExit(good, 0)
        self.assertRegex(good.stdout, r"^Boooply-AI-1000000002: [A-Z]+\n$")
        self.assertExit(wrong, 1)
        self.assertRegex(wrong.stdout, r"^TLS: certificate verification failed: .+\n$")


class RoomPanelTest(ExampleTestCase):
    def run_panel(self, interviewer, candidate_email="jane@example.com", **options):
        return run("room_panel", interviewer, "Jane Doe", candidate_email, "Backend Engineer",
                   environment={"BOOOPLY_INTERVIEWER_NAME": "Isabel Fernández"}, **options)

    def booking_steps(self, result):
        """Return the code and the times of the booking and the move, as printed."""
        booked = re.search(r"^Booked (Boooply-HU-\d{10}) for (%s) \(30 minutes\)$" % ISO_TIME,
                           result.stdout, re.M)
        self.assertIsNotNone(booked, result.stdout)
        code = booked.group(1)
        moved = re.search(r"^Rescheduled %s to (%s)$" % (code, ISO_TIME), result.stdout, re.M)
        self.assertIsNotNone(moved, result.stdout)
        self.assertRegex(result.stdout, r"(?m)^Cancelled %s: status CANCELLED$" % code)
        self.assertRegex(result.stdout, r"join link for Jane Doe \(CANDIDATE\): " + JOIN_LINK % code)
        self.assertRegex(result.stdout,
                         r"join link for Isabel Fernández \(INTERVIEWER\): " + JOIN_LINK % code)
        return code, booked.group(2), moved.group(1)

    def check_requests(self, code, interviewer):
        """Check the four requests in order and return the create and reschedule bodies."""
        requests = logged_requests()
        self.assertEqual([(r.method, r.path) for r in requests], [
            ("GET", "/api/integration/availability"),
            ("POST", "/api/integration/interviews"),
            ("PATCH", "/api/integration/interviews/%s/reschedule" % code),
            ("PATCH", "/api/integration/interviews/%s/cancel" % code),
        ])
        self.assertEqual(requests[0].query["email"], [interviewer])
        create = requests[1].json()
        self.assertEqual(create["meetingType"], "HUMAN")
        self.assertFalse(create["isTeamMeeting"])
        self.assertEqual(create["schedulingMode"], "FIXED")
        self.assertEqual(create["jobRole"], "Backend Engineer")
        self.assertEqual(create["participants"], [
            {"name": "Jane Doe", "email": "jane@example.com", "role": "CANDIDATE"},
            {"name": "Isabel Fernández", "email": interviewer, "role": "INTERVIEWER"},
        ])
        self.assertTrue(requests[3].json().get("reason"))
        return create, requests[2].json()

    def test_books_first_free_slot(self):
        result = self.run_panel("interviewer@example.com")
        self.assertExit(result, 0)
        self.assertIn("calendar connected", result.stdout)
        first = re.search(r"first free slot: +(%s)" % ISO_TIME, result.stdout)
        self.assertIsNotNone(first, result.stdout)
        code, booked_at, moved_to = self.booking_steps(result)
        create, reschedule = self.check_requests(code, "interviewer@example.com")
        self.assertEqual(create["scheduledAt"], first.group(1))
        self.assertEqual(booked_at, first.group(1))
        self.assertEqual(reschedule["scheduledAt"], moved_to)
        self.assertGreater(moved_to, booked_at)

    def test_falls_back_without_calendar(self):
        before = datetime.datetime.now(datetime.timezone.utc).date()
        result = self.run_panel("nocalendar@example.com")
        after = datetime.datetime.now(datetime.timezone.utc).date()
        self.assertExit(result, 0)
        self.assertIn("calendar not connected", result.stdout)
        code, _, _ = self.booking_steps(result)
        create, reschedule = self.check_requests(code, "nocalendar@example.com")
        tomorrows = {day + datetime.timedelta(days=1) for day in (before, after)}
        self.assertIn(create["scheduledAt"], {"%sT10:00:00Z" % day for day in tomorrows})
        self.assertEqual(reschedule["scheduledAt"], create["scheduledAt"].replace("T10:", "T11:"))

    def test_missing_candidate_exits_2(self):
        result = run("room_panel", "interviewer@example.com")
        self.assertExit(result, 2)
        self.assertIn("candidate", result.stderr)
        self.assertNothingSent()

    def test_rejected_booking_exits_3(self):
        # The same address twice is a validation error on the server.
        result = self.run_panel("interviewer@example.com", candidate_email="interviewer@example.com")
        self.assertExit(result, 3)
        self.assertIn("booking the interview failed", result.stderr)
        self.assertIn("HTTP status 422", result.stderr)

    def test_closed_port_exits_4(self):
        result = self.run_panel("interviewer@example.com", url="http://127.0.0.1:%d" % closed_port())
        self.assertExit(result, 4)
        self.assertIn("connection failed", result.stderr)


class CliCommandTest(ExampleTestCase):
    """Each command once against the simulator, checking seeded values."""

    def test_create(self):
        result = cli("create", "--type", "ai", "--job-role", "Backend Engineer",
                     "--candidate-name", "Jane Doe", "--candidate-email", "jane@example.com")
        self.assertExit(result, 0)
        match = re.search(r"Created interview (Boooply-AI-\d{10})", result.stdout)
        self.assertIsNotNone(match, result.stdout)
        self.assertRegex(result.stdout, r"Jane Doe +jane@example\.com +CANDIDATE +" + JOIN_LINK % match.group(1))
        body = self.only_request().json()
        self.assertEqual(body["participants"],
                         [{"name": "Jane Doe", "email": "jane@example.com", "role": "CANDIDATE"}])

    def test_create_sends_every_field(self):
        result = cli(
            "create", "--type", "human", "--job-role", "Backend Engineer", "--title", "Tech round",
            "--category", "TECHNICAL", "--stage", "Round 2", "--company-name", "Acme Corp",
            "--participant", "Doe, Jane,jane@example.com,CANDIDATE",
            "--participant", "Isabel Fernández,interviewer@example.com,INTERVIEWER",
            "--candidate-cv", "Eight years of Go.", "--skill", "Go", "--skill", "SQL",
            "--seniority", "SENIOR", "--department", "Engineering",
            "--job-description", "Build the API.", "--work-setup", "REMOTE",
            "--employment-type", "FULL_TIME", "--duration-minutes", "45",
            "--scheduled-at", "2027-03-01T09:00:00Z", "--scheduling-mode", "FIXED",
            "--available-slot", "2027-03-01T09:00:00Z,2027-03-01T10:00:00Z",
            "--question", "Why Go?", "--question", "Tell me about an outage.",
            "--ai-generate", "true", "--evaluation-focus", "knowledge",
            "--send-candidate-feedback", "false", "--external-job-id", "job_42",
            "--agenda", "Intro", "--agenda", "Coding", "--transcription-enabled=true")
        self.assertExit(result, 0)
        self.assertIn("Doe, Jane", result.stdout)
        self.assertEqual(self.only_request().json(), {
            "meetingType": "HUMAN", "isTeamMeeting": False, "jobRole": "Backend Engineer",
            "title": "Tech round", "category": "TECHNICAL", "stage": "Round 2",
            "companyName": "Acme Corp",
            "participants": [
                {"name": "Doe, Jane", "email": "jane@example.com", "role": "CANDIDATE"},
                {"name": "Isabel Fernández", "email": "interviewer@example.com",
                 "role": "INTERVIEWER"},
            ],
            "candidateCV": "Eight years of Go.", "skills": ["Go", "SQL"], "seniority": "SENIOR",
            "department": "Engineering", "jobDescription": "Build the API.",
            "workSetup": "REMOTE", "employmentType": "FULL_TIME", "durationMinutes": 45,
            "scheduledAt": "2027-03-01T09:00:00Z", "schedulingMode": "FIXED",
            "availableSlots": [{"start": "2027-03-01T09:00:00Z", "end": "2027-03-01T10:00:00Z"}],
            "questions": ["Why Go?", "Tell me about an outage."], "aiGenerate": True,
            "evaluationFocus": "knowledge", "sendCandidateFeedback": False,
            "externalJobId": "job_42", "agenda": ["Intro", "Coding"],
            "transcriptionEnabled": True,
        })

    def test_list(self):
        result = cli("list", "--status", "COMPLETED", "--search", "Senior Backend")
        self.assertExit(result, 0)
        self.assertRegex(result.stdout,
                         r"Boooply-AI-1000000001 +AI_ONLY +COMPLETED +2026-11-16T14:00:00\.000Z"
                         r" +45 +84 +Senior Backend Engineer")
        self.assertIn("page 1 of 1, 1 interviews in total", result.stdout)
        self.assertEqual(self.only_request().target,
                         "/api/integration/interviews?status=COMPLETED&search=Senior%20Backend")

    def test_list_sends_every_filter(self):
        result = cli("list", "--status", "COMPLETED,FAILED", "--type", "AI_ONLY",
                     "--search", "Zoë", "--source-id", "greenhouse", "--date-field", "scheduled",
                     "--date-from", "2026-11-01", "--date-to", "2026-11-30", "--score-min", "80",
                     "--score-max", "90", "--page", "1", "--limit", "10")
        self.assertExit(result, 0)
        self.assertIn("Boooply-AI-1000000001", result.stdout)
        self.assertEqual(self.only_request().query, {
            "status": ["COMPLETED,FAILED"], "type": ["AI_ONLY"], "search": ["Zoë"],
            "sourceId": ["greenhouse"], "dateField": ["scheduled"], "dateFrom": ["2026-11-01"],
            "dateTo": ["2026-11-30"], "scoreMin": ["80"], "scoreMax": ["90"], "page": ["1"],
            "limit": ["10"],
        })

    def test_get(self):
        result = cli("get", "Boooply-HU-1000000003")
        self.assertExit(result, 0)
        self.assertRegex(result.stdout, r"scheduled at +2027-01-12T14:00:00\.000Z")
        self.assertRegex(result.stdout, r"duration +60 minutes")
        self.assertRegex(result.stdout, r"Jane Doe +jane@example\.com +CANDIDATE")
        self.assertRegex(result.stdout, r"Isabel Fernández +interviewer@example\.com +INTERVIEWER")
        self.assertRegex(result.stdout, JOIN_LINK % "Boooply-HU-1000000003")

    def test_transcript_prints_every_entry(self):
        result = cli("transcript", "Boooply-AI-1000000001")
        self.assertExit(result, 0)
        lines = result.stdout.splitlines()
        self.assertEqual(lines[-1], "105 entries")
        self.assertEqual(len(lines), 105 + 2)
        self.assertRegex(lines[1], r"^2026-11-16T14:00:05\.000Z +AI +Boooply AI +Hello Zoë")
        self.assertIn("CANDIDATE  Zoë Álvarez-Núñez", result.stdout)
        self.assertRegex(lines[-2], r"Thank you for your time, Zoë\. .*Goodbye!$")

    def test_evaluation(self):
        result = cli("evaluation", "Boooply-AI-1000000001")
        self.assertExit(result, 0)
        self.assertRegex(result.stdout, r"recommendation +PASS")
        self.assertRegex(result.stdout, r"overall score +84 of 100")
        self.assertIn("Idempotency keys, concurrent retries", result.stdout)
        self.assertIn("  - Invite to the system design round", result.stdout)

    def test_evaluation_not_finished(self):
        result = cli("evaluation", "Boooply-AI-1000000002")
        self.assertExit(result, 0)
        self.assertIn("No evaluation of Boooply-AI-1000000002 yet: Analysis has not finished yet.",
                      result.stdout)

    def test_analyze(self):
        result = cli("analyze", "Boooply-AI-1000000001")
        self.assertExit(result, 0)
        self.assertIn("Analysis of Boooply-AI-1000000001 queued, job ID 135", result.stdout)
        request = self.only_request()
        self.assertEqual((request.method, request.path),
                         ("POST", "/api/integration/interviews/Boooply-AI-1000000001/analyze"))

    def test_reschedule(self):
        result = cli("reschedule", "Boooply-HU-1000000003", "--scheduled-at", "2027-02-01T09:00:00Z",
                     "--duration-minutes", "45", "--reason", "Interviewer is ill")
        self.assertExit(result, 0)
        self.assertRegex(result.stdout, r"scheduled at +2027-02-01T09:00:00\.000Z")
        self.assertRegex(result.stdout, r"duration +45 minutes")
        request = self.only_request()
        self.assertEqual(request.method, "PATCH")
        self.assertEqual(request.json(), {"scheduledAt": "2027-02-01T09:00:00Z",
                                          "durationMinutes": 45, "reason": "Interviewer is ill"})

    def test_cancel(self):
        result = cli("cancel", "Boooply-HU-1000000003", "--reason", "Position filled")
        self.assertExit(result, 0)
        self.assertRegex(result.stdout, r"status +CANCELLED")
        self.assertEqual(self.only_request().json(), {"reason": "Position filled"})

    def test_cancel_encodes_code_and_sends_empty_body(self):
        result = cli("cancel", "sim a/b?c#d%é+&=")
        self.assertExit(result, 0)
        self.assertIn("Path Encoding Fixture", result.stdout)
        request = self.only_request()
        self.assertEqual(request.path,
                         "/api/integration/interviews/sim%20a%2Fb%3Fc%23d%25%C3%A9%2B%26%3D/cancel")
        self.assertEqual(request.body, b"{}")

    def test_delete(self):
        result = cli("delete", "Boooply-TM-1000000004")
        self.assertExit(result, 0)
        self.assertIn("Interview Boooply-TM-1000000004 and all its data were deleted", result.stdout)
        request = self.only_request()
        self.assertEqual((request.method, request.path),
                         ("DELETE", "/api/integration/interviews/Boooply-TM-1000000004"))

    def test_add_participant(self):
        result = cli("add-participant", "Boooply-TM-1000000004",
                     "--participant", "Brown, Dan,dan@example.com,PARTICIPANT")
        self.assertExit(result, 0)
        self.assertRegex(result.stdout, r"Brown, Dan +dan@example\.com +PARTICIPANT")
        self.assertIn("4 participants in total", result.stdout)
        self.assertEqual(self.only_request().json(), {"participants": [
            {"name": "Brown, Dan", "email": "dan@example.com", "role": "PARTICIPANT"}]})

    def test_participants(self):
        result = cli("participants", "Boooply-TM-1000000004")
        self.assertExit(result, 0)
        self.assertRegex(result.stdout, r"Alice Johnson +alice@example\.com +HOST")
        self.assertRegex(result.stdout, r"Carol Nwosu +carol@example\.com +PARTICIPANT")
        self.assertIn("3 participants in total", result.stdout)

    def test_remove_participant(self):
        listing = cli("participants", "Boooply-TM-1000000004", "--json")
        self.assertExit(listing, 0)
        bob = [p for p in json.loads(listing.stdout)["participants"] if p["name"] == "Bob Smith"]
        self.assertEqual(len(bob), 1, listing.stdout)
        result = cli("remove-participant", "Boooply-TM-1000000004", bob[0]["id"])
        self.assertExit(result, 0)
        self.assertIn("Participant bob@example.com removed from Boooply-TM-1000000004", result.stdout)
        request = logged_requests()[-1]
        self.assertEqual((request.method, request.path), (
            "DELETE", "/api/integration/interviews/Boooply-TM-1000000004/participants/%s"
            % bob[0]["id"]))

    def test_recording(self):
        result = cli("recording", "Boooply-AI-1000000001")
        self.assertExit(result, 0)
        seeded = json.loads(api_get("/api/integration/interviews/Boooply-AI-1000000001/recording"))
        self.assertRegex(result.stdout, r"duration +%d seconds" % seeded["recording"]["duration"])
        self.assertRegex(result.stdout, r"format +mp4")
        self.assertIn("https://recordings.boooply.com/Boooply-AI-1000000001.mp4?", result.stdout)

    def test_availability(self):
        result = cli("availability", "--email", "interviewer@example.com",
                     "--duration-minutes", "60", "--days", "14")
        self.assertExit(result, 0)
        self.assertRegex(result.stdout, r"calendar +connected")
        self.assertRegex(result.stdout, r"slot length +60 minutes")
        free = re.search(r"free slots +(\d+)", result.stdout)
        self.assertIsNotNone(free, result.stdout)
        rows = re.findall(r"(?m)^(%s)  (%s)$" % (ISO_TIME, ISO_TIME), result.stdout)
        self.assertGreater(len(rows), 0)
        self.assertEqual(len(rows), int(free.group(1)))
        self.assertEqual(self.only_request().query, {
            "email": ["interviewer@example.com"], "duration": ["60"], "days": ["14"]})

    def test_availability_without_calendar(self):
        result = cli("availability", "--email", "nocalendar@example.com")
        self.assertExit(result, 0)
        self.assertRegex(result.stdout, r"calendar +not connected")
        self.assertIn("has not connected a calendar", result.stdout)
        self.assertIn("no free slots", result.stdout)

    def test_busy_blocks(self):
        result = cli("busy-blocks", "--email", "interviewer@example.com", "--days", "7")
        self.assertExit(result, 0)
        self.assertRegex(result.stdout, r"time zone +Europe/Berlin")
        self.assertRegex(result.stdout, r"days searched +7")
        self.assertEqual(self.only_request().query,
                         {"email": ["interviewer@example.com"], "days": ["7"]})

    def test_organization(self):
        result = cli("organization")
        self.assertExit(result, 0)
        self.assertRegex(result.stdout, r"id +org_7f3c2a91")
        self.assertRegex(result.stdout, r"name +Acme Corp")
        self.assertRegex(result.stdout, r"plan +growth")

    def test_generate_job_description(self):
        result = cli("generate-job-description", "--job-role", "Platform Engineer",
                     "--department", "Infrastructure", "--skill", "Go", "--skill", "Kubernetes",
                     "--seniority", "SENIOR", "--work-setup", "HYBRID",
                     "--employment-type", "FULL_TIME")
        self.assertExit(result, 0)
        self.assertIn("Acme Corp is looking for a Senior Platform Engineer", result.stdout)
        self.assertIn("experience with Go, Kubernetes", result.stdout)
        self.assertEqual(self.only_request().json(), {
            "jobRole": "Platform Engineer", "department": "Infrastructure",
            "skills": ["Go", "Kubernetes"], "seniority": "SENIOR", "workSetup": "HYBRID",
            "employmentType": "FULL_TIME"})

    def test_create_api_key(self):
        result = cli("create-api-key", "--user-id", "user_1", "--user-email", "owner@example.com",
                     "--user-name", "Olivia Owner", "--organization-id", "org_1",
                     "--organization-name", "Example Ltd",
                     "--team-member", "Bob Smith,bob@example.com,ADMIN",
                     "--team-member", "carol@example.com", key=PLATFORM_KEY)
        self.assertExit(result, 0)
        match = re.search(r"api key +(bply_org_[0-9a-f]{32})", result.stdout)
        self.assertIsNotNone(match, result.stdout)
        self.assertEqual(self.only_request().json(), {
            "userId": "user_1", "userEmail": "owner@example.com", "userName": "Olivia Owner",
            "organizationId": "org_1", "organizationName": "Example Ltd",
            "teamMembers": [{"name": "Bob Smith", "email": "bob@example.com", "role": "ADMIN"},
                            {"email": "carol@example.com"}]})
        # The simulator accepts the new key as an organization key.
        self.assertExit(cli("organization", key=match.group(1)), 0)

    def test_create_api_key_with_organization_key_exits_3(self):
        result = cli("create-api-key", "--user-id", "user_1", "--user-email", "owner@example.com",
                     "--organization-id", "org_1")
        self.assertExit(result, 3)
        self.assertIn("HTTP status 403, API code FORBIDDEN", result.stderr)

    def test_raw_get_with_query(self):
        result = cli("raw", "GET", "/api/integration/interviews?status=COMPLETED&search=Senior%20Backend")
        self.assertExit(result, 0)
        status, body = result.stdout.split("\n", 1)
        self.assertEqual(status, "HTTP 200")
        self.assertEqual(json.loads(body)["meetings"][0]["meetingCode"], "Boooply-AI-1000000001")
        self.assertEqual(self.only_request().target,
                         "/api/integration/interviews?status=COMPLETED&search=Senior%20Backend")

    def test_raw_post_sends_body(self):
        result = cli("raw", "POST", "/api/integration/generate-job-description",
                     '{"jobRole":"Tester"}', "--json")
        self.assertExit(result, 0)
        self.assertIn("looking for a Tester", json.loads(result.stdout)["description"])
        self.assertEqual(self.only_request().body, b'{"jobRole":"Tester"}')

    def test_raw_error_status_exits_3(self):
        result = cli("raw", "GET", "/api/integration/no-such-endpoint")
        self.assertExit(result, 3)
        self.assertTrue(result.stdout.startswith("HTTP 404\n"), result.stdout)
        self.assertIn("NOT_FOUND", result.stdout)


class CliJsonTest(ExampleTestCase):
    def json_of(self, *args, **options):
        result = cli(*args, "--json", **options)
        self.assertExit(result, 0)
        self.assertEqual(result.stdout.count("\n"), 1, "expected one line of JSON")
        return json.loads(result.stdout)

    def test_get(self):
        meeting = self.json_of("get", "Boooply-HU-1000000003")["meeting"]
        self.assertEqual(meeting["participants"][1]["name"], "Isabel Fernández")
        self.assertEqual(meeting["durationMinutes"], 60)

    def test_transcript(self):
        transcript = self.json_of("transcript", "Boooply-AI-1000000001")["transcript"]
        self.assertEqual(len(transcript), 105)
        self.assertEqual(transcript[1]["speaker"], "Zoë Álvarez-Núñez")

    def test_evaluation(self):
        document = self.json_of("evaluation", "Boooply-AI-1000000001")
        self.assertEqual(document["evaluation"]["overallScore"], 84)
        self.assertEqual(document["rawAnalysis"]["confidence"], 0.91)

    def test_evaluation_not_finished(self):
        self.assertIsNone(self.json_of("evaluation", "Boooply-AI-1000000002")["evaluation"])

    def test_list(self):
        document = self.json_of("list", "--limit", "100")
        self.assertEqual(document["pagination"]["total"], len(document["meetings"]))
        self.assertIn("Boooply-TM-1000000004", [m["meetingCode"] for m in document["meetings"]])

    def test_organization(self):
        self.assertEqual(self.json_of("organization")["organization"]["slug"], "acme-corp")

    def test_json_before_command(self):
        result = cli("--json", "organization")
        self.assertExit(result, 0)
        self.assertEqual(json.loads(result.stdout)["organization"]["name"], "Acme Corp")

    def test_raw_body_unchanged(self):
        result = cli("raw", "GET", "/api/integration/organization", "--json")
        self.assertExit(result, 0)
        body = api_get("/api/integration/organization")
        self.assertEqual(result.stdout.encode("utf-8"), body + b"\n")

    def test_error_body(self):
        result = cli("get", "Boooply-AI-9999999999", "--json")
        self.assertExit(result, 3)
        self.assertEqual(json.loads(result.stdout)["code"], "NOT_FOUND")


class CliFailureTest(ExampleTestCase):
    USAGE_ERRORS = (
        (),
        ("frobnicate",),
        ("--verbose", "organization"),
        ("get",),
        ("get", "Boooply-AI-1000000001", "extra"),
        ("list", "--limit", "abc"),
        ("list", "--limit", "0"),
        ("list", "--limit", "101"),
        ("list", "--limit"),
        ("list", "--bogus", "1"),
        ("list", "--page", "99999999999"),
        ("list", "--status", "DONE"),
        ("create", "--job-role", "Tester"),
        ("create", "--type", "robot", "--job-role", "Tester"),
        ("create", "--type", "ai", "--job-role", "Tester", "--candidate-name", "Jane Doe",
         "--candidate-email", "not-an-email"),
        ("create", "--type", "human", "--job-role", "Tester", "--participant", "Jane Doe"),
        ("create", "--type", "ai", "--job-role", "Tester", "--candidate-name", "Jane Doe",
         "--candidate-email", "jane@example.com", "--ai-generate", "yes"),
        ("create", "--type", "ai", "--job-role", "A", "--job-role", "B"),
        ("reschedule", "Boooply-HU-1000000003"),
        ("reschedule", "Boooply-HU-1000000003", "--scheduled-at", "tomorrow"),
        ("add-participant", "Boooply-TM-1000000004"),
        ("availability",),
        ("availability", "--email", "interviewer@example.com", "--days", "31"),
        ("generate-job-description",),
        ("create-api-key", "--user-id", "user_1"),
        ("raw", "GET", "api/integration/organization"),
        ("raw", "GET", "/api/integration/interviews?search=%zz"),
    )

    def test_usage_errors_exit_2_without_request(self):
        for args in self.USAGE_ERRORS:
            with self.subTest(args=args):
                result = cli(*args)
                self.assertExit(result, 2)
                self.assertTrue(result.stderr.strip(), "no error message")
                self.assertEqual(result.stdout, "")
        self.assertNothingSent()

    def test_missing_key_exits_2(self):
        result = cli("organization", key=None)
        self.assertExit(result, 2)
        self.assertIn("BOOOPLY_API_KEY", result.stderr)
        self.assertNothingSent()

    def test_invalid_base_url_exits_2(self):
        result = cli("organization", url="ftp://127.0.0.1/")
        self.assertExit(result, 2)
        self.assertIn("BOOOPLY_BASE_URL", result.stderr)

    def test_not_found_exits_3(self):
        result = cli("get", "Boooply-AI-9999999999")
        self.assertExit(result, 3)
        self.assertIn("HTTP status 404, API code NOT_FOUND", result.stderr)
        self.assertIn("Interview not found: Boooply-AI-9999999999", result.stderr)
        self.assertEqual(result.stdout, "")

    def test_server_error_exits_3_after_retries(self):
        # The simulator returns 500 for this code, and GET is retried before giving up.
        result = cli("get", "sim-error-500")
        self.assertExit(result, 3)
        self.assertIn("HTTP status 500, API code INTERNAL_ERROR", result.stderr)
        self.assertRegex(result.stderr, r"failed after [1-9]\d* automatic retries")
        self.assertGreater(len(logged_requests()), 1)

    def test_wrong_key_exits_3(self):
        result = cli("organization", key="bply_org_wrong")
        self.assertExit(result, 3)
        self.assertIn("HTTP status 401, API code INVALID_API_KEY", result.stderr)

    def test_closed_port_exits_4(self):
        result = cli("organization", url="http://127.0.0.1:%d" % closed_port())
        self.assertExit(result, 4)
        self.assertIn("connection failed", result.stderr)


class CliHelpTest(ExampleTestCase):
    def test_tool_help_lists_every_command(self):
        result = cli("--help", key=None)
        self.assertExit(result, 0)
        commands = result.stdout.split("\ncommands:\n", 1)[1].split("\n\n", 1)[0]
        listed = re.findall(r"(?m)^  ([a-z-]+) {2,}\S", commands)
        self.assertEqual(set(listed), set(CLI_COMMANDS))
        self.assertNothingSent()

    def test_command_help_lists_options(self):
        for command, options in CLI_COMMANDS.items():
            with self.subTest(command=command):
                result = cli(command, "--help", key=None)
                self.assertExit(result, 0)
                self.assertTrue(result.stdout.startswith("usage: boooply_cli %s" % command),
                                result.stdout)
                listed = re.findall(r"(?m)^  (--[a-z-]+)", result.stdout)
                self.assertEqual(set(listed), set(options) | {"--json", "--help"})
        self.assertNothingSent()

    def test_help_command(self):
        result = cli("help", "availability", key=None)
        self.assertExit(result, 0)
        self.assertIn("--days DAYS", result.stdout)


if __name__ == "__main__":
    unittest.main()
