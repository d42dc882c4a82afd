#!/usr/bin/env python3
"""Local simulator of the Boooply interviews REST API for tests and demos.

It implements every endpoint that boooply.h calls, with seed data, input
validation, rate limits and the API's error responses. A small HTTP/1.1
server of its own, rather than http.server, records the exact bytes of each
request and controls the response framing. Standard library only.

Usage:
    python3 tests/sim/boooply_sim.py [--host 127.0.0.1] [--port 0]
        [--port-file FILE] [--log FILE] [--chunked] [--idle-timeout SECONDS]
        [--tls-cert FILE --tls-key FILE]

With --tls-cert and --tls-key, every connection starts with a TLS handshake
(server side, Python's ssl module) and the API is served over it. The
request log then contains the decrypted bytes. Without them the server is
plain TCP.

Once the socket listens, stdout gets the single line
``boooply-sim listening on HOST:PORT``. SIGTERM and SIGINT stop the server
with exit status 0.

API keys: ``bply_org_test_key`` (organization key) for /api/integration and
``bply_platform_test_key`` (platform key) for
POST /api/server-auth/create-api-key.

Control endpoints need no key and are never logged, counted or rate-limited:
    POST /__sim/reset     restore seed data, config and counters, truncate the log
    POST /__sim/config    set options from a JSON object (keys of DEFAULT_CONFIG)
    GET  /__sim/requests  {"success": true, "count": N}

Request log (--log FILE): every API request appends ``--- request N LEN\\n``,
then the LEN bytes received for it (request line, headers, body), then
``\\n``. N counts from 1. The record is flushed and fsynced before the response
is sent. A request rejected for its framing (bad request line or header,
Transfer-Encoding, body over 1 MiB) is logged with its head only. A head over
16 KiB is rejected with 431 and not logged.
"""

import argparse
import email.utils
import http
import json
import logging
import math
import os
import random
import re
import signal
import socket
import socketserver
import ssl
import sys
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs, quote, unquote_to_bytes

LOG = logging.getLogger("boooply-sim")

ORG_KEY = "bply_org_test_key"
PLATFORM_KEY = "bply_platform_test_key"

INTEGRATION_PREFIX = ("api", "integration")
CREATE_API_KEY_PATH = ("api", "server-auth", "create-api-key")
AI_GENERATION_PATH = "/api/integration/generate-job-description"
CONTROL_PREFIX = "/__sim/"

MAX_HEAD_BYTES = 16 * 1024
MAX_BODY_BYTES = 1024 * 1024
# Seconds that the rest of a request may take once its first byte arrived.
REQUEST_READ_TIMEOUT = 30.0
# Seconds that a client may take to complete the TLS handshake.
TLS_HANDSHAKE_TIMEOUT = 10.0
RATE_WINDOW_SECONDS = 60

# Options that POST /__sim/config sets and POST /__sim/reset restores. The
# command line overrides chunked and idle_timeout.
DEFAULT_CONFIG = {
    "chunked": False,  # frame API responses with chunked transfer coding
    "chunk_size": 7,  # bytes of body per chunk
    "rate_limit_get": 100,  # GET requests per key per minute
    "rate_limit_write": 10,  # POST, PATCH and DELETE requests per key per minute
    "rate_limit_ai": 5,  # POST /generate-job-description per key per minute
    "close_after_response": False,  # send Connection: close after every API response
    # Seconds before an idle keep-alive connection is closed. Short like the
    # server.keepAliveTimeout of Node.js 8 to 22 (5 s), so that clients meet
    # idle closes in ordinary use.
    "idle_timeout": 5.0,
    "list_key": "meetings",  # array key of the list response: meetings or interviews
    "code_key": "meetingCode",  # meeting code key: meetingCode, code or both
}

STATUSES = ("SCHEDULED", "ACTIVE", "COMPLETED", "CANCELLED", "FAILED")
LIST_TYPES = ("AI_ONLY", "HUMAN", "TEAM")
MEETING_TYPES = ("AI_ONLY", "HUMAN")
PARTICIPANT_ROLES = ("HOST", "CO_HOST", "INTERVIEWER", "CANDIDATE", "PARTICIPANT")
CATEGORIES = (
    "SCREENING", "TECHNICAL", "BEHAVIORAL", "ASSIGNMENT",
    "CULTURAL", "CASE_STUDY", "PANEL", "FINAL",
)
SENIORITIES = ("JUNIOR", "MID", "SENIOR", "LEAD", "PRINCIPAL")
WORK_SETUPS = ("REMOTE", "ONSITE", "HYBRID")
EMPLOYMENT_TYPES = ("FULL_TIME", "PART_TIME", "CONTRACT")
SCHEDULING_MODES = ("IMMEDIATE", "FIXED", "CANDIDATE_PICKS")
EVALUATION_FOCUSES = ("knowledge", "balanced", "communication", "problem_solving", "culture")
# States in which an interview can no longer be cancelled or rescheduled.
FINAL_OR_RUNNING_STATES = ("ACTIVE", "COMPLETED", "CANCELLED")

MIN_DURATION_MINUTES = 5
DEFAULT_DURATION_MINUTES = 30
MAX_AVAILABLE_SLOTS = 50
DEFAULT_LIST_LIMIT = 20
MAX_LIST_LIMIT = 100
DEFAULT_CALENDAR_DAYS = 14
MAX_CALENDAR_DAYS = 30

ORGANIZATION = {
    "id": "org_7f3c2a91",
    "name": "Acme Corp",
    "slug": "acme-corp",
    "externalOrgId": "acme-ext-001",
    "plan": "growth",
}

MEETING_URL_PREFIX = "https://meetings.boooply.com/join/"
RECORDING_URL_PREFIX = "https://recordings.boooply.com/"
API_URL_PREFIX = "https://api.boooply.com/api/integration/interviews/"

# Team member whose calendar is connected, and one whose calendar is not.
CALENDAR_EMAIL = "interviewer@example.com"
NO_CALENDAR_EMAIL = "nocalendar@example.com"
CALENDAR_TIMEZONE = "Europe/Berlin"
# Working hours in UTC, 09:00 to 17:00 in Europe/Berlin during winter time.
WORKDAY_START_HOUR_UTC = 8
WORKDAY_END_HOUR_UTC = 16
SLOT_STEP_MINUTES = 30

# Meeting code that makes every interview route fail with 500.
ERROR_500_CODE = "sim-error-500"
# Seeded code with reserved and non-ASCII characters, for testing that a
# client percent-encodes path segments.
ENCODING_FIXTURE_CODE = "sim a/b?c#d%é+&="


# ---------------------------------------------------------------------------
# Time

def format_time(moment):
    """Format a datetime in UTC as JavaScript's Date.toISOString does."""
    moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (moment.microsecond // 1000)


def utc(year, month, day, hour=0, minute=0, second=0):
    return datetime(year, month, day, hour, minute, second, tzinfo=timezone.utc)


ISO_8601 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}:\d{2})?)?"
)


def parse_iso8601(text, date_only_allowed):
    """Parse an ISO 8601 date-time (or a date, if allowed) and return it in UTC.

    A date-time without an offset is taken as UTC. Returns None when the text
    is not in ISO 8601 extended format or names an impossible date or time.
    """
    if not isinstance(text, str):
        return None
    match = ISO_8601.fullmatch(text)
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    if hour is None and not date_only_allowed:
        return None
    microsecond = int((fraction or "0")[:6].ljust(6, "0"))
    zone = timezone.utc
    if offset and offset != "Z":
        sign = -1 if offset[0] == "-" else 1
        offset_hours, offset_minutes = int(offset[1:3]), int(offset[4:6])
        if offset_minutes > 59:
            return None
        zone_delta = sign * timedelta(hours=offset_hours, minutes=offset_minutes)
        try:
            zone = timezone(zone_delta)
        except ValueError:
            return None
    try:
        moment = datetime(
            int(year), int(month), int(day),
            int(hour or 0), int(minute or 0), int(second or 0), microsecond, tzinfo=zone,
        )
    except ValueError:
        return None
    return moment.astimezone(timezone.utc)


# ---------------------------------------------------------------------------
# Errors

class ApiError(Exception):
    """Error response of the API: HTTP status, error code and message."""

    def __init__(self, status, code, message, headers=()):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = list(headers)


def validation_error(message):
    return ApiError(422, "VALIDATION_ERROR", message)


def bad_request(message):
    return ApiError(400, "BAD_REQUEST", message)


def not_found(message):
    return ApiError(404, "NOT_FOUND", message)


def invalid_state(message):
    return ApiError(400, "INVALID_STATE", message)


def error_payload(message, code):
    return {"success": False, "error": message, "code": code}


# ---------------------------------------------------------------------------
# Seed data

# Candidate names with accents, and ASCII e-mail addresses.
CANDIDATES = (
    ("José Martínez", "jose.martinez@example.com"),
    ("Chloé Dubois", "chloe.dubois@example.com"),
    ("Björn Åkesson", "bjorn.akesson@example.com"),
    ("Łukasz Nowak", "lukasz.nowak@example.com"),
    ("Siobhán O'Neill", "siobhan.oneill@example.com"),
    ("Nguyễn Thị Hoa", "hoa.nguyen@example.com"),
    ("François Lefèvre", "francois.lefevre@example.com"),
    ("Ana Conceição", "ana.conceicao@example.com"),
    ("Mårten Sjöberg", "marten.sjoberg@example.com"),
    ("Priya Raman", "priya.raman@example.com"),
    ("Kenji Watanabe", "kenji.watanabe@example.com"),
    ("Amara Okafor", "amara.okafor@example.com"),
    ("Ayşe Yılmaz", "ayse.yilmaz@example.com"),
    ("Mateus Araújo", "mateus.araujo@example.com"),
    ("Sofia Rossi", "sofia.rossi@example.com"),
    ("Dmitri Ivanov", "dmitri.ivanov@example.com"),
    ("Emma Schmidt", "emma.schmidt@example.com"),
    ("Renée Fontaine", "renee.fontaine@example.com"),
)

INTERVIEWERS = (
    ("Isabel Fernández", CALENDAR_EMAIL),
    ("Bob Smith", "bob@example.com"),
    ("Chen Wei", "chen.wei@example.com"),
)

TEAM_MEMBERS = (
    ("Alice Johnson", "alice@example.com"),
    ("Bob Smith", "bob@example.com"),
    ("Carol Nwosu", "carol@example.com"),
    ("Dana Kovač", "dana.kovac@example.com"),
)

JOB_ROLES = (
    ("Senior Backend Engineer", "Engineering", "SENIOR", ["Go", "PostgreSQL", "Kafka"]),
    ("Frontend Engineer", "Engineering", "MID", ["React", "TypeScript", "GraphQL"]),
    ("Data Analyst", "Analytics", "MID", ["SQL", "Python", "Looker"]),
    ("Product Designer", "Design", "SENIOR", ["Figma", "User research"]),
    ("DevOps Engineer", "Platform", "SENIOR", ["Kubernetes", "Terraform", "AWS"]),
    ("Customer Success Manager", "Customer Success", "MID", ["Onboarding", "Renewals"]),
    ("Mobile Engineer (iOS)", "Engineering", "MID", ["Swift", "SwiftUI"]),
    ("QA Engineer", "Engineering", "JUNIOR", ["Playwright", "Test planning"]),
    ("Engineering Manager", "Engineering", "LEAD", ["Hiring", "Delivery", "Coaching"]),
    ("Machine Learning Engineer", "Data", "SENIOR", ["PyTorch", "MLOps"]),
    ("Technical Writer", "Documentation", "MID", ["API docs", "Markdown"]),
    ("Sales Development Representative", "Sales", "JUNIOR", ["Prospecting", "CRM"]),
)

TEAM_MEETING_TITLES = (
    "Hiring sync: backend team",
    "Debrief: frontend candidates",
    "Quarterly hiring plan review",
    "Interview calibration meeting",
)

# Candidate of Boooply-AI-1000000001, whose long transcript follows.
LONG_CANDIDATE = ("Zoë Álvarez-Núñez", "zoe.alvarez@example.com")
AI_SPEAKER = "Boooply AI"

# Topics of the long transcript: the AI's question, the candidate's answer,
# the AI's follow-up and the candidate's second answer.
LONG_TRANSCRIPT_TOPICS = (
    (
        "Hello Zoë, and thank you for joining. I'm the Boooply AI interviewer for the "
        "Senior Backend Engineer role at Acme Corp. This interview takes about 45 minutes. "
        "To start, could you walk me through your background and what you work on today?",
        "Sure, thanks for having me. I studied computer science in Valencia and started my "
        "career at a small logistics start-up, where I wrote most of the dispatch service in "
        "Java. After three years I moved to a payments company in Berlin, where I have been "
        "for almost five years now. Today I lead the technical side of our settlement "
        "platform: it takes card transactions from four acquirers, reconciles them against "
        "our ledger and pays out to merchants every night. The team is six engineers, spread "
        "between Berlin, Kraków and São Paulo. Most of our services are written in Go, the "
        "ledger lives in PostgreSQL and we move events between services over Kafka. I still "
        "write code most days, but a growing part of my week is design reviews, mentoring "
        "and working with finance on what the numbers have to look like at the end of the "
        "month.",
        "What made you interested in moving from payments to a company like Acme?",
        "Honestly, it's the product. I have spent years making money move correctly, which I "
        "enjoy, but the end user never sees it unless something breaks. Your platform is "
        "used by people during a stressful moment in their lives, looking for a job, and I "
        "like the idea that reliability there is directly visible to them. I also read your "
        "engineering blog post about moving the scheduling service to an event-driven design, "
        "and it sounded like the kind of problem I'd like to work on next.",
    ),
    (
        "Let's talk about API design. Suppose a partner calls our API to create an interview, "
        "the network drops, and they retry. How would you make sure the interview is not "
        "created twice?",
        "The classic answer is an idempotency key. The client generates a unique key per "
        "logical operation, for example a UUID, and sends it in a header such as "
        "\"Idempotency-Key\". On the server I'd store the key together with a hash of the "
        "request body and the response we produced, in the same transaction as the side "
        "effect itself. When a retry comes in with the same key and the same body hash, we "
        "return the stored response instead of doing the work again. If the key matches but "
        "the body is different, that's a client bug, and I'd reject it with a 422 so it's "
        "visible rather than silently returning the old result. There is one subtle part: "
        "two retries can arrive at the same time. So the key needs a unique constraint, and "
        "the second request either waits for the first to finish or gets a 409 telling it to "
        "try again shortly. Keys can expire after a day or so; after that, the risk of a "
        "late retry is low enough.",
        "Where would you store those keys, and what happens if that store is unavailable?",
        "I'd keep them in the same PostgreSQL database as the interviews, so the key and the "
        "row it protects commit atomically. Putting them in Redis is tempting for speed, but "
        "then you have two systems that can disagree, and the whole point is correctness. If "
        "the database is down, we can't create the interview anyway, so the request fails "
        "with a 503 and the client retries later with the same key. That's the nice property: "
        "every failure mode ends in \"try again with the same key\", and the retry is safe.",
    ),
    (
        "Good. Now imagine you need to rename a column in a large PostgreSQL table that is "
        "written to constantly. How would you do it without downtime?",
        "I'd never rename it in place, because every running version of the service would "
        "break the moment the migration commits. Instead I'd do it in steps, each one "
        "deployable on its own. First, add the new column as nullable, which is a quick "
        "metadata change in recent PostgreSQL versions. Second, deploy code that writes both "
        "columns but still reads the old one. Third, backfill the old rows in batches of a "
        "few thousand, with a pause between batches so replication lag and lock time stay "
        "low. I'd watch the replicas while it runs. Fourth, switch reads to the new column, "
        "behind a feature flag so we can go back quickly. Fifth, stop writing the old column, "
        "and only after a full release cycle drop it. It's five deployments instead of one, "
        "but each step can be rolled back, and none of them takes a long lock.",
        "How do you verify the backfill was complete before you switch the reads?",
        "A count query comparing rows where the new column is null but the old one isn't, "
        "run on a replica. It should reach zero and stay there. For money data we also ran "
        "a checksum per day of data, old column against new, because a count only tells you "
        "the rows exist, not that the values match. I'd put that check in the runbook, so "
        "nobody flips the flag on a feeling.",
    ),
    (
        "Tell me about a production incident you handled. What happened, and what did you do?",
        "Last year, on a Friday afternoon, of course, our payout API's p99 latency went from "
        "about 200 milliseconds to over eight seconds. Merchants' dashboards started timing "
        "out. I was on call. The first thing I did was check what had changed: there had been "
        "no deployment that day, so I looked at the database. The connection pool was "
        "saturated, and pg_stat_activity showed dozens of identical queries waiting on a "
        "lock. It turned out a reporting job that finance ran once a quarter had started, "
        "and it did a long transaction that touched the payouts table with SELECT ... FOR "
        "UPDATE, which nobody had noticed before because the table used to be much smaller. "
        "I paused the job, latency recovered within a minute, and then we posted an update "
        "in the incident channel. On Monday we moved the report to a read replica and "
        "removed the row locks, which it never needed.",
        "What did you change afterwards so this kind of problem is caught earlier?",
        "Three things. We added an alert on lock wait time, not only on latency, because lock "
        "waits were visible twenty minutes before users noticed. We set a statement timeout "
        "and an idle-in-transaction timeout for every role except migrations. And we wrote "
        "a short rule for the team: batch jobs run on replicas unless they write, and if they "
        "write, they go through review like any other code. The postmortem was blameless; "
        "the finance analyst who ran the job was actually the one who helped us find it.",
    ),
    (
        "Let's move to caching. When would you add a cache in front of a service, and how "
        "would you handle invalidation?",
        "I'd add a cache only when I can name the problem it solves: a read path that is "
        "measurably slow or expensive, and data that tolerates some staleness. For example, "
        "an organization's settings are read on every request but change maybe once a week. "
        "That's a good candidate. For invalidation I prefer two layers. A short time to live, "
        "like sixty seconds, bounds how stale anything can be, even if the rest fails. On top "
        "of that, when a setting changes, the writer publishes an event and every instance "
        "drops its entry. The TTL is the safety net, the event is what makes it fast. What I "
        "avoid is caching things whose staleness causes harm, like a permission check after "
        "access was revoked. There I'd rather pay the database read.",
        "How would you prevent a cache stampede when a popular entry expires?",
        "Request coalescing: when the entry is missing, only one request per key goes to the "
        "origin and the others wait for its result. In Go that's the singleflight pattern. "
        "I'd also add jitter to the TTLs, so that entries written at the same moment don't "
        "all expire at the same moment. For very hot keys you can refresh in the background "
        "a little before expiry, and serve the old value meanwhile.",
    ),
    (
        "Our public API has rate limits. How would you design a rate limiter for a service "
        "running on many instances?",
        "It depends on how exact it needs to be. For a public API, I'd use a shared store "
        "like Redis and a sliding window or a token bucket per API key. A token bucket is "
        "easy to explain to customers: you get, say, 100 requests per minute, with bursts "
        "allowed up to the bucket size. Each request does an atomic check-and-decrement, "
        "which in Redis is a small Lua script, so two instances can't both spend the last "
        "token. The response should tell the client where it stands: a limit header, the "
        "remaining count, when the window resets, and a Retry-After header on a 429. If the "
        "shared store is down, I'd fail open with a generous local limit per instance, "
        "because blocking all traffic is worse than briefly allowing a bit more.",
        "Would you use the same limits for every endpoint?",
        "No. Reads are cheap, writes are more expensive, and anything that calls a language "
        "model is the most expensive of all, so I'd give those separate buckets. Creating an "
        "interview might be ten per minute, AI generation five. The important thing is that "
        "the limits are documented and the headers are always there, so client libraries can "
        "back off before they hit the wall.",
    ),
    (
        "How do you deal with at-least-once delivery from a message queue, for example when "
        "a consumer processes the same message twice?",
        "I assume every message can arrive twice, or out of order, and design the consumer to "
        "be idempotent. The simplest way is to give each event a unique ID and record "
        "processed IDs in the same transaction as the effect, very similar to the API "
        "idempotency keys. Where that's too expensive, the effect itself can be made "
        "idempotent, like an upsert keyed on the business ID, or a state transition that "
        "only applies if the current state is the expected one. For ordering, Kafka gives "
        "you order within a partition, so we partition by the entity ID, for instance the "
        "merchant, and every event of one merchant is processed in order by one consumer.",
        "And what do you do with a message that fails every time?",
        "After a bounded number of retries with backoff, it goes to a dead-letter topic with "
        "the error attached, and an alert fires if that topic isn't empty. Someone looks at "
        "it, fixes the bug or the data, and replays it. The main thing is that one poison "
        "message must not block the whole partition for hours.",
    ),
    (
        "What does your testing strategy look like for a backend service?",
        "Most tests are fast unit tests of pure logic, like fee calculation or state "
        "transitions, with table-driven cases. Then integration tests against real "
        "dependencies: we start PostgreSQL and Kafka in containers and run the repository "
        "layer and consumers against them, because mocks of a database mostly test your "
        "assumptions about the database. For external partners, we have contract tests and "
        "a small fake server that replays recorded responses, including the strange ones: "
        "timeouts, truncated bodies, a 200 with an error inside. Then a thin layer of "
        "end-to-end tests in staging for the critical paths only. I care a lot about tests "
        "that fail for one clear reason, and about keeping the suite under ten minutes, "
        "because a slow suite gets skipped.",
        "How do you decide that a piece of code has enough tests?",
        "When I could delete a line and a test would tell me. Coverage numbers help to find "
        "untested areas, but I don't use them as a target. For risky code, like anything "
        "that moves money, I also write property-based tests: for example, that the sum of "
        "all entries in a settlement is always zero, whatever the input.",
    ),
    (
        "Tell me about a time you mentored a less experienced engineer.",
        "Last year a junior engineer, Mateus, joined the team in São Paulo. He was strong on "
        "algorithms but had never operated a service in production. I paired with him twice "
        "a week for the first two months, always on real tickets, and I let him drive. "
        "Instead of correcting him during code review with a list of comments, I'd ask "
        "questions like \"what happens if this call times out?\" and let him find the answer. "
        "After a few months he was on the on-call rotation, with me as a shadow first. The "
        "moment I was proudest of was when he wrote the runbook for our reconciliation job "
        "and it was better than the one I'd written before.",
        "How do you give feedback that is hard to hear?",
        "Privately, early and specifically. I describe the situation, what happened and what "
        "effect it had, and then I ask for their view, because often there is context I "
        "don't know. I try not to save things up for a performance review. And I say "
        "clearly what good would look like next time, so it doesn't just feel like "
        "criticism.",
    ),
    (
        "Describe a disagreement with a product manager and how it was resolved.",
        "Our product manager wanted to add instant payouts in one quarter, by calling the "
        "bank's API directly from the merchant dashboard. I thought that would bypass our "
        "ledger and create reconciliation problems. Instead of arguing in the abstract, I "
        "wrote a one-page document with two options: her version, with the specific failure "
        "cases and what they would cost finance each month, and a version that went through "
        "the ledger and took about three weeks longer. We reviewed it together with the "
        "head of finance. We chose the ledger version, but I also found a way to ship a "
        "limited beta for ten merchants within her original date, so she could still show "
        "progress to the customers who had asked for it.",
        "What would you have done if the decision had gone the other way?",
        "I'd have committed to it and made it as safe as possible: I would have added "
        "reconciliation alerts and written down the risk we accepted, so that if it "
        "happened, nobody would be surprised. Disagreeing is fine; sabotaging a decision "
        "isn't.",
    ),
    (
        "How do you approach observability in the services you build?",
        "I start from the questions I'll need to answer at three in the morning. Is it "
        "broken, for whom, and since when? For that I want the four golden signals per "
        "endpoint: traffic, errors, latency and saturation, with alerts on symptoms that "
        "users feel, not on every CPU spike. Structured logs with a request ID that is "
        "passed through every service and every Kafka message, so one ID finds the whole "
        "story. Distributed tracing for the slow paths. And I'm careful about what goes into "
        "logs: no card numbers, no tokens, no personal data beyond an internal ID, because "
        "logs are copied everywhere.",
        "How do you keep alerts from becoming noise?",
        "Every alert must have a runbook and must need a human action. If an alert fires and "
        "the answer is \"wait, it recovers\", we either fix the cause or delete the alert. We "
        "review the alert list every month and count pages per on-call week; more than two "
        "at night is treated as a bug.",
    ),
    (
        "Let's talk about security. How do you handle secrets such as API keys in a backend "
        "service?",
        "Secrets live in a secret manager, not in the repository and not in container images. "
        "The service reads them at start-up, or better, gets short-lived credentials that "
        "rotate automatically. For API keys that we issue to customers, we store only a hash, "
        "like passwords, plus a short prefix so support can identify a key without seeing "
        "it. Keys are shown once at creation. Every key has a scope, for example an "
        "organization key can't call platform endpoints, and the server answers 403 rather "
        "than 401 in that case, so the customer knows the key is valid but wrong for this "
        "call. And of course keys never appear in logs, error messages or URLs.",
        "What would you do if a key was accidentally committed to a public repository?",
        "Revoke it first, immediately, before anything else, because scanners find public "
        "keys within minutes. Then issue a new one, check the audit log for any use of the "
        "old key since the commit, and only then clean the history. Cleaning the history "
        "alone is not enough, since forks and caches keep copies.",
    ),
    (
        "Our read traffic grows faster than writes. How would you scale PostgreSQL reads?",
        "First I'd check that the queries are efficient, because an index or a rewritten "
        "query is cheaper than a new server. Then connection pooling with PgBouncer, since "
        "many idle connections cost memory. After that, read replicas for queries that "
        "tolerate a little lag, like lists and reports. The tricky part is read-your-writes: "
        "a user creates an interview and immediately opens it, and the replica might not "
        "have it yet. For those cases I'd route reads to the primary for a few seconds after "
        "that user's write, or pass the write's log position and wait until the replica has "
        "caught up.",
        "At what point would you consider sharding?",
        "As late as possible. Sharding adds cost to every feature from then on: "
        "cross-shard queries, migrations, rebalancing. I'd first use partitioning by time "
        "for large append-only tables, archive old data, and scale the primary vertically. "
        "If the write volume of a single tenant still outgrows one machine, then sharding by "
        "organization makes sense, because almost every query is scoped to one organization "
        "anyway.",
    ),
    (
        "How would you version a public REST API so that existing integrations keep "
        "working?",
        "I'd make additive changes the normal case: new fields, new optional parameters, new "
        "endpoints. Clients are told to ignore unknown fields, which makes that safe. For "
        "breaking changes, a new version, either in the path or in a header, and the old one "
        "stays for a published period, say twelve months, with a Deprecation header and "
        "e-mails to the owners of keys that still use it. I'd also keep a changelog and "
        "official SDKs that hide most of this. One thing I learned the hard way: if two "
        "server versions disagree about a field name, for example code versus meetingCode, "
        "the SDK should accept both for a while rather than break one half of the "
        "customers.",
        "How do you know when it's safe to remove an old version?",
        "From data, not from the calendar alone. We log the version per API key, and when "
        "traffic to the old version is close to zero, we contact the remaining customers "
        "directly. Only after that do we turn it off, and first for a short window, so we "
        "find out who we missed.",
    ),
    (
        "How does your team organise on-call, and how do you make it sustainable?",
        "We rotate weekly, with a primary and a secondary, and the secondary is always in a "
        "different time zone, so nobody is paged at night if the other person is awake. "
        "Hand-over happens in a short meeting with a written summary of open issues. Anyone "
        "who was paged at night starts late the next day; that's a rule, not a favour. And "
        "we track how many pages each rotation gets. When a quarter was bad, we spent two "
        "sprints only on reliability work, and the product team agreed because we showed "
        "them the numbers.",
        "What do you personally do to avoid burning out?",
        "I'm strict about not reading work chat after eight in the evening when I'm not on "
        "call. I climb twice a week, which is the only time my brain stops thinking about "
        "queues. And I try to notice early when I start saying yes to everything, because "
        "for me that's the first sign.",
    ),
    (
        "Imagine you join us and find that the interview scheduling service has no tests and "
        "frequent bugs. What would you do in your first month?",
        "I wouldn't start by rewriting it. In the first weeks I'd listen: read the incident "
        "history, talk to support about which bugs customers hit, and look at which parts of "
        "the code change most often. Bugs usually cluster. Then I'd add characterisation "
        "tests around the riskiest part, tests that record what the code does today, so we "
        "can change it safely. Time-zone handling would be my first guess, because "
        "scheduling across time zones is where every calendar system I've seen breaks, "
        "especially around daylight saving changes. Only with tests in place would I start "
        "refactoring, in small steps that ship every week.",
        "How would you convince the team to spend time on that instead of new features?",
        "By tying it to something they already care about. If support spends ten hours a "
        "week on scheduling bugs, that's a number product understands. I'd propose a small, "
        "time-boxed investment, show the bug count after a month, and let the result make "
        "the argument for the next step.",
    ),
    (
        "Since you mentioned time zones: how would you store and compare interview times "
        "for participants in different countries?",
        "Store instants in UTC, always, and keep the participant's IANA time zone name, "
        "like Europe/Berlin, next to it, never a fixed offset such as plus one. The offset "
        "changes twice a year, and an offset can't tell you which rules apply next March. "
        "Conversion to local time happens at the edges: in the UI, in e-mails and in "
        "calendar invitations. For recurring things, like \"every Monday at ten\", it's the "
        "other way round: you store the local time and the zone, because the meeting should "
        "stay at ten after the clocks change, and compute the UTC instant for each "
        "occurrence. The bugs I've seen most often come from code that mixes the two, or "
        "from servers whose own time zone is not UTC, so I'd also make every server and "
        "every database connection run in UTC and test with a zone like Pacific/Chatham, "
        "which has a forty-five minute offset, to catch assumptions.",
        "What about the hour that doesn't exist when clocks go forward?",
        "That's a validation question. If someone books 02:30 on the night the clocks "
        "jump from two to three, that local time doesn't exist. Libraries handle it "
        "differently, some move it forward, some throw. I'd rather detect it and ask the "
        "user, or at least pick one documented rule and have a test for both transitions: "
        "the missing hour in spring and the repeated hour in autumn.",
    ),
    (
        "Our platform sends webhooks to customers when an evaluation is ready. How would "
        "you design reliable webhook delivery?",
        "I'd treat every webhook as a message in an outbox table, written in the same "
        "transaction as the event itself, so we never lose one even if the process crashes "
        "right after the commit. A separate worker delivers them: it signs the body with "
        "HMAC-SHA256 using a per-customer secret, sends it with a short timeout and treats "
        "any 2xx as success. Anything else is retried with exponential backoff, for example "
        "five attempts from five seconds up to a minute or two, and after the last one the "
        "delivery is marked failed and visible in the dashboard, with a button to resend. "
        "Because retries mean duplicates, every payload carries an event ID or a natural "
        "key, like the meeting code plus the event type, and we tell customers to use it "
        "for deduplication. I'd also send the event type in a header, so a receiver can "
        "route without parsing the body.",
        "How should the receiving side verify the signature?",
        "Compute the HMAC over the raw bytes exactly as received, before any JSON parsing "
        "or re-serialisation, because re-encoding can change whitespace or key order and "
        "then the signature never matches. Compare with a constant-time function, not "
        "string equality. And reject old timestamps if the payload has one, to limit "
        "replays.",
    ),
    (
        "Candidates can ask us to delete their data. How would you implement deleting an "
        "interview and everything related to it?",
        "First I'd make an inventory of where the data actually lives: the main database, "
        "the transcript store, video recordings in object storage, search indexes, analytics "
        "exports, logs, backups and any third parties we send data to. Deletion then becomes "
        "a workflow rather than one DELETE statement. The API call marks the interview as "
        "deleted immediately, so it disappears from every read path, and enqueues a job "
        "that removes each piece, with retries and a record of what was done. Recordings "
        "in object storage get deleted, and pre-signed URLs that were already handed out "
        "must expire soon, which is one reason to keep their lifetime short, like seven "
        "days. Backups are the hard part: usually you can't edit them, so you document that "
        "they expire after thirty days and that a restore re-applies the deletion log.",
        "How do you prove to an auditor that the deletion happened?",
        "The workflow writes an audit record per step, with the time and the system, but "
        "without the personal data itself, only the internal ID. That record is kept, the "
        "data is not. We also ran a monthly job that sampled deleted IDs and checked that "
        "nothing could be found for them anywhere.",
    ),
    (
        "How do you find out why a Go service uses too much CPU or memory?",
        "I measure before guessing. Go makes it easy: pprof is built in, so I take a CPU "
        "profile for thirty seconds under real load and look at the flame graph. Most of "
        "the time the cause is boring, like JSON encoding in a hot loop, a regular "
        "expression compiled on every call, or logging at debug level in production. For "
        "memory I compare two heap profiles taken some minutes apart to see what grows, and "
        "I check the goroutine count, because a goroutine leak looks like a memory leak. "
        "Once I have a candidate fix, I write a benchmark that reproduces the problem, so I "
        "can show the improvement with numbers, and so it doesn't come back.",
        "Tell me about a goroutine leak you found.",
        "We had a worker that started a goroutine per request to call a partner API, and "
        "sent the result on an unbuffered channel. When the caller timed out, nobody read "
        "the channel, and the goroutine blocked forever. Memory grew by a few megabytes an "
        "hour, so it took days to notice. The fix was one line, a buffered channel of size "
        "one, plus passing the context so the HTTP call itself was cancelled too.",
    ),
    (
        "Have you ever split a monolith into services? How did you decide where to cut?",
        "Yes, partly. At the payments company the settlement logic lived inside the main "
        "monolith together with merchant onboarding, reporting and a lot more. We did not "
        "try to split everything. We picked the part with a clear boundary and a different "
        "rhythm: settlement runs as a nightly batch with strict correctness requirements, "
        "while the rest of the monolith changed daily. We first separated it inside the "
        "monolith, as a module with its own tables and an explicit interface, and made "
        "sure nothing else read its tables directly. Only when that boundary had held for "
        "a few months did we move it into its own service. Doing it in that order meant "
        "the risky part, finding the hidden dependencies, happened while a rollback was "
        "still a normal deployment.",
        "What would you do differently next time?",
        "Start the data ownership work earlier. The code was easy to move; the reports that "
        "joined across tables from both sides took us three months to untangle, and we "
        "only found most of them by turning off access and waiting for someone to "
        "complain.",
    ),
    (
        "Tell me about a technical decision you made that turned out to be wrong.",
        "Early on I pushed for event sourcing in our ledger: every change stored as an "
        "event, and the current balance rebuilt from them. In theory it's perfect for "
        "money, you have a full history. In practice, for a team of four, it added a lot "
        "of complexity: rebuilding projections, versioning event schemas, explaining it to "
        "every new hire. A plain double-entry table with immutable rows would have given "
        "us the same audit trail with a fraction of the code. We eventually migrated to "
        "that, which took two months. What I learned is to be careful when a design is "
        "attractive mainly because it is interesting, and to ask what the simplest version "
        "that meets the actual requirement looks like.",
        "How did you handle admitting that to the team?",
        "I wrote it up myself in the architecture decision record, as a new decision that "
        "replaced the old one, with the reasons. Nobody had to point it out to me. I think "
        "that made it easier for others to say when their own decisions hadn't worked.",
    ),
    (
        "How do you make sure that a client library and the server agree on the API, when "
        "they are developed by different teams?",
        "A written contract that both sides treat as the source of truth, for example an "
        "OpenAPI document, plus tests on both sides that check against it. On the client "
        "side I like a local simulator of the server that implements the contract, "
        "including the unpleasant parts: rate limiting with the real headers, errors with "
        "the documented codes, chunked responses, slow responses, connections that close "
        "while idle. The client's tests then run against something realistic without "
        "touching production. And the simulator should record exactly what the client "
        "sent, byte for byte, so a test can assert on the wire format, not only on the "
        "parsed result.",
        "What goes wrong when there is no such contract?",
        "Each side fills the gaps with assumptions, and they drift. I've seen a server "
        "rename a field in a minor release because nobody knew a client read it, and a "
        "client that sent dates in local time because the documentation example had no "
        "offset. Both were fixed within a day, but both reached customers first.",
    ),
    (
        "This role is remote, with colleagues in several countries. How do you work "
        "effectively in a distributed team?",
        "Mostly by writing things down. In my current team, the people in São Paulo start "
        "when Berlin is at lunch, so we only overlap for about four hours a day. Decisions "
        "that happen in a call get a short written summary in the ticket or the design "
        "document, otherwise half the team learns about them by accident. We keep meetings "
        "for things that really need a conversation, like a hard design trade-off or a "
        "tense situation, and put the rest into asynchronous reviews with a clear deadline. "
        "I also try to rotate meeting times, so that it's not always the same people who "
        "join at seven in the evening. And we meet in person twice a year, in Kraków last "
        "time; those few days do more for trust than months of video calls.",
        "How do you notice when someone on a remote team is struggling?",
        "It's harder than in an office, so I look for changes rather than absolute "
        "signals: someone who used to comment on every review and goes quiet, or pull "
        "requests that get much bigger because they're stuck and don't want to ask. I keep "
        "regular one-to-ones even when there's nothing urgent, because that's where people "
        "mention the small things before they become big ones.",
    ),
    (
        "Where would you like to grow in the next two or three years?",
        "Technically, I'd like to get much better at designing systems where the product "
        "itself is the hard part, not only the infrastructure. Payments taught me "
        "correctness; I'd now like to learn more about products that people use directly, "
        "with all the fuzziness that brings, like scheduling, notifications and search. On "
        "the people side, I'm interested in the staff engineer path: setting technical "
        "direction across several teams, writing the documents that get everyone to agree, "
        "and growing other senior engineers. I don't think I want to become a manager, at "
        "least not yet, because I still enjoy spending a good part of my week in the code "
        "and in incident reviews.",
        "What kind of support would help you get there?",
        "A manager who gives me problems slightly too big for me, and honest feedback "
        "when I get them wrong. Time to write, because the staff role is mostly about "
        "writing. And exposure to other teams' problems, for example through an "
        "architecture review group, so I learn how different parts of the company think.",
    ),
)

LONG_TRANSCRIPT_CLOSING = (
    (
        "AI",
        "Thank you, Zoë, that covers my questions. Do you have any questions for the team "
        "at Acme?",
    ),
    (
        "CANDIDATE",
        "Yes, two. First, how do on-call and incident reviews work in the backend team? "
        "And second, what does the path from senior to staff engineer look like here: is it "
        "mostly about technical scope, or also about leading people?",
    ),
    (
        "AI",
        "Good questions. I'll pass them to the hiring team, and your recruiter, Isabel "
        "Fernández, will answer them in the next round. The team shares on-call weekly "
        "and writes a blameless review for every customer-facing incident.",
    ),
    (
        "CANDIDATE",
        "Great, thank you. This was a lot more fun than I expected from an AI interview 🙂 "
        "Have a good day!",
    ),
    (
        "AI",
        "Thank you for your time, Zoë. You'll hear from Acme Corp within a week. Goodbye!",
    ),
)


def speaking_seconds(text):
    """Return the estimated time to say a text aloud, at about 14 characters a second."""
    return max(4, len(text) // 14)


def build_long_transcript(start, candidate_name):
    """Build the transcript of Boooply-AI-1000000001, a 45-minute AI interview."""
    turns = []
    moment = start + timedelta(seconds=5)

    def add_turn(role, content):
        nonlocal moment
        speaker = AI_SPEAKER if role == "AI" else candidate_name
        turns.append({
            "speaker": speaker,
            "role": role,
            "content": content,
            "timestamp": format_time(moment),
        })
        moment += timedelta(seconds=speaking_seconds(content) + 3)

    for question, answer, follow_up, follow_up_answer in LONG_TRANSCRIPT_TOPICS:
        add_turn("AI", question)
        add_turn("CANDIDATE", answer)
        add_turn("AI", follow_up)
        add_turn("CANDIDATE", follow_up_answer)
    for role, content in LONG_TRANSCRIPT_CLOSING:
        add_turn(role, content)
    return turns


def build_short_transcript(interview, turn_count):
    """Build a short transcript for a seeded interview from its participants."""
    candidate = find_candidate(interview)
    candidate_name = candidate["name"] if candidate else "Participant"
    if interview["meetingType"] == "AI_ONLY":
        host_name, host_role = AI_SPEAKER, "AI"
    else:
        host = next(
            (p for p in interview["participants"] if p["role"] in ("INTERVIEWER", "HOST")),
            None,
        )
        host_name = host["name"] if host else "Interviewer"
        host_role = host["role"] if host else "INTERVIEWER"
    role_name = interview["jobRole"] or "this role"
    lines = (
        (host_role, "Hello %s, thanks for joining. Shall we start with your background?"
         % candidate_name),
        ("CANDIDATE", "Of course. I have spent the last four years working as a %s, mostly "
         "in small teams where I owned features from idea to production." % role_name),
        (host_role, "What is a project you are proud of, and what was your part in it?"),
        ("CANDIDATE", "Last year I led a migration that cut our page load time in half. I "
         "planned the rollout, wrote most of the tooling and coordinated with support."),
        (host_role, "How do you handle a deadline that you realise you will miss?"),
        ("CANDIDATE", "I say so as early as possible, with a new estimate and options, for "
         "example what we could ship on the original date with a smaller scope."),
        (host_role, "Thank you. Do you have any questions for us?"),
        ("CANDIDATE", "Yes: how is the team organised, and how is success measured in the "
         "first six months?"),
    )
    start = parse_iso8601(interview["scheduledAt"] or interview["createdAt"], False)
    moment = start + timedelta(seconds=3)
    turns = []
    for role, content in lines[:turn_count]:
        speaker = candidate_name if role == "CANDIDATE" else host_name
        turns.append({
            "speaker": speaker,
            "role": role,
            "content": content,
            "timestamp": format_time(moment),
        })
        moment += timedelta(seconds=speaking_seconds(content) + 3)
    return turns


def recommendation_for(score):
    if score >= 80:
        return "PASS"
    if score >= 60:
        return "REVIEW"
    return "FAIL"


def build_evaluation(rng, score, turn_count, duration_seconds, rubric=False):
    """Build the stored evaluation of a completed interview with this overall score."""
    def near(value):
        return max(0, min(100, value + rng.randint(-9, 9)))

    evaluation = {
        "recommendation": recommendation_for(score),
        "overallScore": score,
        "communication": near(score),
        "technical": near(score),
        "cultureFit": near(score),
        "problemSolving": near(score),
        "experienceMatch": near(score),
        "questionEvaluations": [
            {
                "question": "Tell us about a project you are proud of.",
                "score": near(score),
                "notes": "Concrete example with a clear personal contribution.",
            },
            {
                "question": "How do you handle a deadline you will miss?",
                "score": near(score),
                "notes": "Communicates early and offers options.",
            },
        ],
    }
    if rubric:
        evaluation["byCriterion"] = [
            {"criterion": "System design", "weight": 0.4, "score": near(score),
             "notes": "Sensible trade-offs, explained clearly."},
            {"criterion": "Coding practice", "weight": 0.3, "score": near(score),
             "notes": "Good testing habits."},
            {"criterion": "Collaboration", "weight": 0.3, "score": near(score),
             "notes": "Gives and takes feedback well."},
        ]
    return {
        "evaluation": evaluation,
        "aiSummary": "The candidate answered all questions with concrete examples. "
                     "Overall score %d out of 100." % score,
        "recommendations": {
            "strengths": ["Clear communication", "Concrete examples"],
            "improvements": ["Could quantify results more often"],
            "nextSteps": ["Invite to a technical interview"] if score >= 60
            else ["Send a polite rejection"],
        },
        "meetingStatistics": {"duration": duration_seconds, "turnCount": turn_count},
        "rawAnalysis": {"model": "boooply-eval-2", "scale": "0-100", "confidence": 0.82},
        "interviewerEvaluation": None,
    }


def build_long_evaluation(transcript, duration_seconds):
    """Build the full evaluation of Boooply-AI-1000000001."""
    question_notes = (
        (72, "Clear summary of a relevant career; good motivation for the move."),
        (90, "Idempotency keys, concurrent retries and body-hash checks all covered."),
        (88, "Expand-and-contract migration in five deployable steps, with verification."),
        (85, "Structured incident response and concrete follow-up actions."),
        (80, "Sound caching judgement; knows stampede protection."),
        (83, "Token bucket per key with shared state; fails open on purpose."),
        (86, "Idempotent consumers, partitioning by entity and dead-letter handling."),
        (78, "Pragmatic pyramid with real dependencies; property-based tests for money."),
        (84, "Thoughtful mentoring with concrete results."),
        (87, "Resolved a disagreement with data and a compromise."),
        (82, "Symptom-based alerting and careful logging of personal data."),
        (89, "Hashed keys, scopes, 401 versus 403; revokes leaked keys first."),
        (81, "Read replicas with read-your-writes; sharding as a late step."),
        (79, "Additive changes, deprecation periods, usage-based removal."),
        (76, "Sustainable on-call practices; good self-awareness."),
        (83, "Characterisation tests before refactoring; ties work to support cost."),
        (90, "UTC instants with IANA zone names; aware of daylight saving gaps."),
        (88, "Outbox, HMAC signatures, retries and deduplication keys."),
        (84, "Deletion as a workflow across every store, with an audit trail."),
        (82, "Profiles before guessing; found a real goroutine leak."),
        (80, "Incremental extraction along a clear boundary."),
        (86, "Honest about a wrong decision and what she learned."),
        (87, "Contract-first, with a simulator that records the wire format."),
        (85, "Written decisions, fair meeting times and attention to quiet colleagues."),
        (81, "Clear, realistic growth goals towards a staff engineer role."),
    )
    question_evaluations = []
    for topic, (score, notes) in zip(LONG_TRANSCRIPT_TOPICS, question_notes):
        question_evaluations.append({"question": topic[0], "score": score, "notes": notes})
    return {
        "evaluation": {
            "recommendation": "PASS",
            "overallScore": 84,
            "communication": 88,
            "technical": 86,
            "cultureFit": 82,
            "problemSolving": 85,
            "experienceMatch": 79,
            "questionEvaluations": question_evaluations,
        },
        "aiSummary": (
            "Zoë Álvarez-Núñez is a senior backend engineer with eight years of experience, "
            "the last five on a payments settlement platform built with Go, PostgreSQL and "
            "Kafka.\n\nShe gave precise, structured answers on idempotency, zero-downtime "
            "migrations, rate limiting and message delivery, always with real examples and "
            "the trade-offs involved. Her incident and mentoring stories show ownership and "
            "good collaboration. Her answers on scaling were sound but more theoretical, and "
            "she has less direct experience with front-end facing products."
        ),
        "recommendations": {
            "strengths": [
                "Deep knowledge of correctness in distributed systems",
                "Clear, structured communication",
                "Mentoring and cross-team collaboration",
            ],
            "improvements": [
                "Limited hands-on experience with sharding at scale",
                "Could quantify the impact of her work more often",
            ],
            "nextSteps": [
                "Invite to the system design round",
                "Ask the hiring manager to discuss the staff engineer path",
            ],
        },
        "meetingStatistics": {"duration": duration_seconds, "turnCount": len(transcript)},
        "rawAnalysis": {
            "model": "boooply-eval-2",
            "scale": "0-100",
            "confidence": 0.91,
            "language": "en",
            "topics": [topic[0][:60] for topic in LONG_TRANSCRIPT_TOPICS],
        },
        "interviewerEvaluation": None,
    }


def build_recording(code, created_at, duration_seconds):
    return {
        "duration": duration_seconds,
        "format": "mp4",
        "createdAt": created_at,
        "videoUrl": RECORDING_URL_PREFIX + quote(code, safe="")
        + ".mp4?X-Amz-Expires=604800&X-Amz-Signature=5f1c0ffee",
        "videoApiUrl": API_URL_PREFIX + quote(code, safe="") + "/recording/video",
    }


def make_participant(rng, name, email, role, joined_at=None, left_at=None, is_active=False):
    return {
        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "name": name,
        "email": email,
        "role": role,
        "joinToken": "%032x" % rng.getrandbits(128),
        "joinedAt": joined_at,
        "leftAt": left_at,
        "isActive": is_active,
    }


def meeting_url(code):
    return MEETING_URL_PREFIX + quote(code, safe="")


def find_candidate(interview):
    return next((p for p in interview["participants"] if p["role"] == "CANDIDATE"), None)


def new_interview(rng, code, kind, **fields):
    """Return an interview record with defaults for every field not given.

    Keys that start with "_" are internal: the transcript, the evaluation and
    the recording, which have their own endpoints.
    """
    interview = {
        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "meetingCode": code,
        "url": meeting_url(code),
        "meetingType": "AI_ONLY" if kind == "ai" else "HUMAN",
        "isTeamMeeting": kind == "team",
        "title": None,
        "jobRole": None,
        "category": None,
        "stage": None,
        "companyName": ORGANIZATION["name"],
        "sessionStatus": "SCHEDULED",
        "endReason": None,
        "createdAt": None,
        "scheduledAt": None,
        "durationMinutes": DEFAULT_DURATION_MINUTES,
        "schedulingMode": "FIXED",
        "overallScore": None,
        "sourceId": None,
        "externalJobId": None,
        "participants": [],
        "_transcript": [],
        "_evaluation": None,
        "_recording": None,
        "_recording_message": None,
    }
    interview.update(fields)
    if interview["title"] is None:
        interview["title"] = (
            "%s interview" % interview["jobRole"] if interview["jobRole"] else "Team meeting"
        )
    return interview


def add_completed_results(rng, interview, score, recorded, rubric=False):
    """Attach a transcript, an evaluation and a recording to a completed interview."""
    transcript = build_short_transcript(interview, 8)
    duration_seconds = interview["durationMinutes"] * 60 - rng.randint(0, 300)
    interview["_transcript"] = transcript
    interview["overallScore"] = score
    if score is not None:
        interview["_evaluation"] = build_evaluation(
            rng, score, len(transcript), duration_seconds, rubric
        )
        if interview["meetingType"] == "HUMAN":
            interview["_evaluation"]["interviewerEvaluation"] = {
                "interviewerName": interview["participants"][-1]["name"],
                "rating": max(1, min(5, round(score / 20))),
                "recommendation": recommendation_for(score),
                "notes": "Solid answers; would like to see a deeper technical round.",
            }
    if recorded:
        created = parse_iso8601(interview["scheduledAt"] or interview["createdAt"], False)
        created += timedelta(minutes=interview["durationMinutes"], seconds=40)
        interview["_recording"] = build_recording(
            interview["meetingCode"], format_time(created), duration_seconds
        )
    else:
        interview["_recording_message"] = "Recording was not enabled for this interview"


def build_fixed_interviews(rng):
    """Build the interviews with fixed codes that tests and the demo rely on."""
    interviews = []

    # 1: completed AI interview with a long transcript, full evaluation and recording.
    start = utc(2026, 11, 16, 14, 0)
    candidate_name, candidate_email = LONG_CANDIDATE
    interview = new_interview(
        rng, "Boooply-AI-1000000001", "ai",
        jobRole="Senior Backend Engineer", category="TECHNICAL", stage="Round 1",
        sessionStatus="COMPLETED", endReason="AUTO_COMPLETED",
        createdAt=format_time(utc(2026, 11, 10, 9, 12, 44)), scheduledAt=format_time(start),
        durationMinutes=45, overallScore=84, sourceId="greenhouse", externalJobId="job_abc123",
        skills=["Go", "PostgreSQL", "Kafka", "System design"], seniority="SENIOR",
        department="Engineering", workSetup="REMOTE", employmentType="FULL_TIME",
        evaluationFocus="knowledge",
        participants=[make_participant(
            rng, candidate_name, candidate_email, "CANDIDATE",
            joined_at=format_time(start), left_at=format_time(start + timedelta(minutes=46)),
        )],
    )
    transcript = build_long_transcript(start, candidate_name)
    last_turn = parse_iso8601(transcript[-1]["timestamp"], False)
    duration_seconds = int((last_turn - start).total_seconds()) + 10
    interview["_transcript"] = transcript
    interview["_evaluation"] = build_long_evaluation(transcript, duration_seconds)
    interview["_recording"] = build_recording(
        interview["meetingCode"], format_time(start + timedelta(minutes=47)), duration_seconds
    )
    interviews.append(interview)

    # 2: completed AI interview whose analysis has not finished.
    start = utc(2026, 12, 3, 10, 30)
    interview = new_interview(
        rng, "Boooply-AI-1000000002", "ai",
        jobRole="Frontend Engineer", category="SCREENING", sessionStatus="COMPLETED",
        endReason="AUTO_COMPLETED", createdAt=format_time(utc(2026, 12, 1, 16, 5, 10)),
        scheduledAt=format_time(start), durationMinutes=30, sourceId="greenhouse",
        externalJobId="job_fe_204",
        participants=[make_participant(
            rng, "Chloé Dubois", "chloe.dubois@example.com", "CANDIDATE",
            joined_at=format_time(start), left_at=format_time(start + timedelta(minutes=29)),
        )],
    )
    interview["_transcript"] = build_short_transcript(interview, 8)
    interview["_recording_message"] = (
        "The recording is still being processed. Try again in a few minutes."
    )
    interviews.append(interview)

    # 3: scheduled human interview with a candidate and an interviewer.
    interviews.append(new_interview(
        rng, "Boooply-HU-1000000003", "human",
        jobRole="Backend Engineer", category="TECHNICAL", stage="Technical interview",
        createdAt=format_time(utc(2026, 11, 28, 11, 0)),
        scheduledAt=format_time(utc(2027, 1, 12, 14, 0)), durationMinutes=60,
        externalJobId="job_be_311", skills=["Node.js", "PostgreSQL"],
        participants=[
            make_participant(rng, "Jane Doe", "jane@example.com", "CANDIDATE"),
            make_participant(rng, "Isabel Fernández", CALENDAR_EMAIL, "INTERVIEWER"),
        ],
    ))

    # 4: scheduled team meeting with a host and two participants.
    interviews.append(new_interview(
        rng, "Boooply-TM-1000000004", "team",
        title="Q1 hiring review", createdAt=format_time(utc(2026, 11, 30, 8, 45)),
        scheduledAt=format_time(utc(2027, 1, 8, 10, 0)), durationMinutes=60,
        agenda=["Q1 review", "Roadmap planning"], transcriptionEnabled=True,
        participants=[
            make_participant(rng, "Alice Johnson", "alice@example.com", "HOST"),
            make_participant(rng, "Bob Smith", "bob@example.com", "PARTICIPANT"),
            make_participant(rng, "Carol Nwosu", "carol@example.com", "PARTICIPANT"),
        ],
    ))

    # 5: AI interview in progress.
    start = utc(2026, 12, 4, 19, 30)
    interview = new_interview(
        rng, "Boooply-AI-1000000005", "ai",
        jobRole="Data Analyst", category="SCREENING", sessionStatus="ACTIVE",
        createdAt=format_time(utc(2026, 12, 4, 9, 0)), scheduledAt=format_time(start),
        schedulingMode="IMMEDIATE",
        participants=[make_participant(
            rng, "Björn Åkesson", "bjorn.akesson@example.com", "CANDIDATE",
            joined_at=format_time(start), is_active=True,
        )],
    )
    interview["_transcript"] = build_short_transcript(interview, 2)
    interview["_recording_message"] = "No recording: the interview has not finished"
    interviews.append(interview)

    # 6: cancelled human interview.
    interview = new_interview(
        rng, "Boooply-HU-1000000006", "human",
        jobRole="Product Designer", category="CULTURAL", sessionStatus="CANCELLED",
        createdAt=format_time(utc(2026, 11, 20, 13, 30)),
        scheduledAt=format_time(utc(2026, 12, 2, 15, 0)), durationMinutes=45,
        cancelReason="Position filled", cancelledAt=format_time(utc(2026, 11, 25, 10, 0)),
        participants=[
            make_participant(rng, "Siobhán O'Neill", "siobhan.oneill@example.com", "CANDIDATE"),
            make_participant(rng, "Bob Smith", "bob@example.com", "INTERVIEWER"),
        ],
    )
    interview["_recording_message"] = "No recording: the interview was cancelled"
    interviews.append(interview)

    # 7: failed AI interview: the candidate never joined.
    interview = new_interview(
        rng, "Boooply-AI-1000000007", "ai",
        jobRole="QA Engineer", sessionStatus="FAILED", endReason="NO_SHOW",
        createdAt=format_time(utc(2026, 11, 18, 7, 50)),
        scheduledAt=format_time(utc(2026, 11, 19, 9, 0)),
        participants=[make_participant(rng, "Kenji Watanabe", "kenji.watanabe@example.com",
                                       "CANDIDATE")],
    )
    interview["_recording_message"] = "No recording: the candidate did not join"
    interviews.append(interview)

    # 8: completed human interview with the interviewer's own evaluation.
    start = utc(2026, 11, 24, 15, 0)
    interview = new_interview(
        rng, "Boooply-HU-1000000008", "human",
        jobRole="DevOps Engineer", category="TECHNICAL", stage="Final interview",
        sessionStatus="COMPLETED", endReason="HOST_COMPLETED",
        createdAt=format_time(utc(2026, 11, 17, 10, 20)), scheduledAt=format_time(start),
        durationMinutes=60, transcriptionEnabled=True, externalJobId="job_ops_77",
        participants=[
            make_participant(rng, "Amara Okafor", "amara.okafor@example.com", "CANDIDATE",
                             joined_at=format_time(start),
                             left_at=format_time(start + timedelta(minutes=58))),
            make_participant(rng, "Chen Wei", "chen.wei@example.com", "INTERVIEWER",
                             joined_at=format_time(start),
                             left_at=format_time(start + timedelta(minutes=59))),
        ],
    )
    add_completed_results(rng, interview, 77, recorded=True)
    interviews.append(interview)

    # 9: completed AI interview scored against a rubric.
    start = utc(2026, 11, 26, 11, 0)
    interview = new_interview(
        rng, "Boooply-AI-1000000009", "ai",
        jobRole="Machine Learning Engineer", category="TECHNICAL", sessionStatus="COMPLETED",
        endReason="AUTO_COMPLETED", createdAt=format_time(utc(2026, 11, 25, 9, 0)),
        scheduledAt=format_time(start), durationMinutes=40, evaluationFocus="problem_solving",
        participants=[make_participant(rng, "Priya Raman", "priya.raman@example.com",
                                       "CANDIDATE", joined_at=format_time(start),
                                       left_at=format_time(start + timedelta(minutes=39)))],
    )
    add_completed_results(rng, interview, 91, recorded=True, rubric=True)
    interviews.append(interview)

    # A code with reserved characters, for the path encoding of clients.
    interviews.append(new_interview(
        rng, ENCODING_FIXTURE_CODE, "human",
        jobRole="Path Encoding Fixture", createdAt=format_time(utc(2026, 6, 1, 8, 0)),
        scheduledAt=format_time(utc(2027, 2, 1, 9, 0)),
        participants=[
            make_participant(rng, "Renée Fontaine", "renee.fontaine@example.com", "CANDIDATE"),
            make_participant(rng, "Bob Smith", "bob@example.com", "INTERVIEWER"),
        ],
    ))
    return interviews


# Kinds and statuses of the generated interviews, in rotation, so that every
# combination occurs.
GENERATED_KINDS = ("ai", "human", "ai", "team", "ai", "human", "team")
GENERATED_STATUSES = (
    "COMPLETED", "SCHEDULED", "COMPLETED", "CANCELLED", "FAILED",
    "COMPLETED", "ACTIVE", "SCHEDULED",
)
# Overall scores of the generated completed interviews: PASS, REVIEW and FAIL.
GENERATED_SCORES = (42, 67, 88, 55, 93, 74, 31, 81, 100, 0, 59, 86)
CODE_PREFIXES = {"ai": "Boooply-AI-", "human": "Boooply-HU-", "team": "Boooply-TM-"}


def build_generated_interview(rng, number):
    """Build seeded interview number `number` (10 to 45) from the rotations."""
    kind = GENERATED_KINDS[number % len(GENERATED_KINDS)]
    status = GENERATED_STATUSES[number % len(GENERATED_STATUSES)]
    code = CODE_PREFIXES[kind] + "%010d" % (1000000000 + number)
    created = utc(2026, 6, 1, 8) + timedelta(days=(number - 10) * 5, hours=rng.randint(0, 9),
                                             minutes=rng.randint(0, 59))
    if status == "SCHEDULED":
        scheduled = created + timedelta(days=rng.randint(3, 40))
        scheduled = max(scheduled, utc(2026, 12, 10, 9))
    else:
        scheduled = created + timedelta(days=rng.randint(1, 6))
    scheduled = scheduled.replace(minute=rng.choice((0, 30)), second=0)
    duration = rng.choice((20, 30, 45, 60))

    fields = {
        "sessionStatus": status,
        "createdAt": format_time(created),
        "scheduledAt": format_time(scheduled),
        "durationMinutes": duration,
        "sourceId": rng.choice(("greenhouse", "lever", "workable", None)),
    }
    if kind == "team":
        fields["title"] = TEAM_MEETING_TITLES[number % len(TEAM_MEETING_TITLES)]
        host_name, host_email = TEAM_MEMBERS[0]
        participants = [make_participant(rng, host_name, host_email, "HOST")]
        for name, email in TEAM_MEMBERS[1:1 + rng.randint(2, 3)]:
            participants.append(make_participant(rng, name, email, "PARTICIPANT"))
    else:
        role, department, seniority, skills = JOB_ROLES[number % len(JOB_ROLES)]
        fields.update({
            "jobRole": role,
            "department": department,
            "seniority": seniority,
            "skills": skills,
            "category": rng.choice(CATEGORIES),
            "externalJobId": "job_%d" % (500 + number),
        })
        name, email = CANDIDATES[number % len(CANDIDATES)]
        participants = [make_participant(rng, name, email, "CANDIDATE")]
        if kind == "human":
            name, email = INTERVIEWERS[number % len(INTERVIEWERS)]
            participants.append(make_participant(rng, name, email, "INTERVIEWER"))
        elif number % 4 == 0 and status != "SCHEDULED":
            fields["schedulingMode"] = "IMMEDIATE"
    fields["participants"] = participants

    if status == "COMPLETED":
        fields["endReason"] = {"ai": "AUTO_COMPLETED", "human": "HOST_COMPLETED",
                               "team": "HOST_ENDED"}[kind]
    elif status == "FAILED":
        fields["endReason"] = rng.choice(("NO_SHOW", "EXPIRED"))
    elif status == "CANCELLED":
        fields["cancelReason"] = rng.choice(("Position filled", "Candidate withdrew", None))

    interview = new_interview(rng, code, kind, **fields)
    if status == "COMPLETED":
        # Team meetings are not scored, and every fourth interview is still being analysed.
        score = None if kind == "team" or number % 4 == 1 else (
            GENERATED_SCORES[number % len(GENERATED_SCORES)])
        add_completed_results(rng, interview, score, recorded=rng.random() < 0.6)
    elif status == "ACTIVE":
        interview["_transcript"] = build_short_transcript(interview, 3)
        interview["_recording_message"] = "No recording: the interview has not finished"
    else:
        interview["_recording_message"] = "No recording: the interview was not completed"
    return interview


def build_seed_interviews():
    """Return the seed interviews by code. The same data every time."""
    rng = random.Random(20261204)
    interviews = build_fixed_interviews(rng)
    for number in range(10, 46):
        interviews.append(build_generated_interview(rng, number))
    return {interview["meetingCode"]: interview for interview in interviews}


# ---------------------------------------------------------------------------
# Calendar

def calendar_days(now, days):
    """Yield the weekdays from today up to `days` days ahead."""
    today = now.date()
    for offset in range(days + 1):
        day = today + timedelta(days=offset)
        if day.weekday() < 5:
            yield day


def busy_blocks_of_day(day):
    """Return the busy blocks of the connected calendar on a weekday, in UTC."""
    def block(start_hour, start_minute, end_hour, end_minute):
        return (
            utc(day.year, day.month, day.day, start_hour, start_minute),
            utc(day.year, day.month, day.day, end_hour, end_minute),
        )

    blocks = [block(8, 0, 8, 30)]  # daily stand-up
    pattern = day.toordinal() % 3
    if pattern == 0:
        blocks.append(block(10, 0, 11, 30))
    elif pattern == 1:
        blocks.append(block(13, 0, 14, 0))
    else:
        blocks.extend([block(9, 0, 9, 30), block(14, 30, 15, 30)])
    return blocks


def busy_blocks(now, days):
    horizon = now + timedelta(days=days)
    blocks = []
    for day in calendar_days(now, days):
        for start, end in busy_blocks_of_day(day):
            if end > now and start < horizon:
                blocks.append((start, end))
    return blocks


def free_slots(now, days, duration_minutes):
    """Return the free slots of the connected calendar within working hours.

    Slots start every SLOT_STEP_MINUTES, last `duration_minutes`, start after
    `now` and end within `days` days.
    """
    horizon = now + timedelta(days=days)
    length = timedelta(minutes=duration_minutes)
    slots = []
    for day in calendar_days(now, days):
        blocks = busy_blocks_of_day(day)
        start = utc(day.year, day.month, day.day, WORKDAY_START_HOUR_UTC)
        day_end = utc(day.year, day.month, day.day, WORKDAY_END_HOUR_UTC)
        while start + length <= day_end:
            end = start + length
            overlaps = any(start < block_end and block_start < end
                           for block_start, block_end in blocks)
            if start > now and end <= horizon and not overlaps:
                slots.append((start, end))
            start += timedelta(minutes=SLOT_STEP_MINUTES)
    return slots


def time_ranges(ranges):
    return [{"start": format_time(start), "end": format_time(end)} for start, end in ranges]


# ---------------------------------------------------------------------------
# Input validation

def parse_json_body(request, empty_default=None):
    """Return the request body parsed as JSON.

    An empty body returns `empty_default`, or raises 422 if that is None.
    Invalid JSON or UTF-8 raises 400 BAD_REQUEST.
    """
    if not request.body:
        if empty_default is None:
            raise validation_error("request body is required")
        return empty_default
    content_type = (request.header("content-type") or "").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise bad_request("Content-Type must be application/json, not %r"
                          % (request.header("content-type") or ""))

    def reject_constant(name):
        raise ValueError("%s is not valid JSON" % name)

    try:
        return json.loads(request.body.decode("utf-8"), parse_constant=reject_constant)
    except UnicodeDecodeError as error:
        raise bad_request("Request body is not valid UTF-8: %s" % error)
    except ValueError as error:
        raise bad_request("Request body is not valid JSON: %s" % error)


def parse_json_object(request, empty_default=None):
    data = parse_json_body(request, empty_default)
    if not isinstance(data, dict):
        raise validation_error("request body must be a JSON object")
    return data


def present(data, field):
    """Return whether an optional field is given. Null counts as absent."""
    return data.get(field) is not None


def require_string(data, field, label=None):
    value = data.get(field)
    label = label or field
    if value is None:
        raise validation_error("%s is required" % label)
    if not isinstance(value, str):
        raise validation_error("%s must be a string" % label)
    if not value.strip():
        raise validation_error("%s must not be empty" % label)
    return value


def optional_string(data, field, label=None):
    if not present(data, field):
        return None
    return require_string(data, field, label)


def optional_enum(data, field, allowed):
    if not present(data, field):
        return None
    value = data[field]
    if value not in allowed:
        raise validation_error("%s must be one of %s" % (field, ", ".join(allowed)))
    return value


def optional_bool(data, field):
    if not present(data, field):
        return None
    if not isinstance(data[field], bool):
        raise validation_error("%s must be true or false" % field)
    return data[field]


def optional_string_list(data, field):
    if not present(data, field):
        return None
    value = data[field]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise validation_error("%s must be an array of strings" % field)
    return value


def is_integer(value):
    return isinstance(value, int) and not isinstance(value, bool) or (
        isinstance(value, float) and value.is_integer()
    )


def duration_field(data, field, default):
    if not present(data, field):
        return default
    value = data[field]
    if not is_integer(value):
        raise validation_error("%s must be an integer" % field)
    if value < MIN_DURATION_MINUTES:
        raise validation_error("%s must be at least %d" % (field, MIN_DURATION_MINUTES))
    return int(value)


def date_time_field(data, field, label=None):
    """Return an optional ISO 8601 date-time field normalised to UTC, or None."""
    if not present(data, field):
        return None
    moment = parse_iso8601(data[field], date_only_allowed=False)
    if moment is None:
        raise validation_error("%s must be an ISO 8601 date-time, for example "
                               "2026-04-01T14:00:00Z" % (label or field))
    return format_time(moment)


def looks_like_email(value):
    return re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value) is not None


def validate_participants(value, field):
    """Check a participants array and return its entries as name, email and role."""
    if not isinstance(value, list) or not value:
        raise validation_error("%s must be a non-empty array" % field)
    participants = []
    seen_emails = set()
    for index, item in enumerate(value):
        label = "%s[%d]" % (field, index)
        if not isinstance(item, dict):
            raise validation_error("%s must be an object" % label)
        name = require_string(item, "name", label + ".name")
        email = require_string(item, "email", label + ".email")
        if not looks_like_email(email):
            raise validation_error("%s.email must be an e-mail address" % label)
        role = item.get("role")
        if role not in PARTICIPANT_ROLES:
            raise validation_error("%s.role must be one of %s"
                                   % (label, ", ".join(PARTICIPANT_ROLES)))
        if email.lower() in seen_emails:
            raise validation_error("%s.email %s appears twice" % (label, email))
        seen_emails.add(email.lower())
        participants.append({"name": name, "email": email, "role": role})
    return participants


def validate_available_slots(data):
    if not present(data, "availableSlots"):
        return None
    slots = data["availableSlots"]
    if not isinstance(slots, list):
        raise validation_error("availableSlots must be an array")
    if len(slots) > MAX_AVAILABLE_SLOTS:
        raise validation_error("availableSlots must have at most %d entries"
                               % MAX_AVAILABLE_SLOTS)
    result = []
    for index, slot in enumerate(slots):
        label = "availableSlots[%d]" % index
        if not isinstance(slot, dict):
            raise validation_error("%s must be an object with start and end" % label)
        for key in ("start", "end"):
            if not present(slot, key):
                raise validation_error("%s.%s is required" % (label, key))
        start = date_time_field(slot, "start", label + ".start")
        end = date_time_field(slot, "end", label + ".end")
        if end <= start:
            raise validation_error("%s.end must be after %s.start" % (label, label))
        result.append({"start": start, "end": end})
    return result


# Optional create fields that pass through unchanged, with their checks.
CREATE_STRING_FIELDS = (
    "title", "stage", "companyName", "candidateCV", "department", "jobDescription",
    "externalJobId", "sourceId",
)
CREATE_ENUM_FIELDS = (
    ("category", CATEGORIES),
    ("seniority", SENIORITIES),
    ("workSetup", WORK_SETUPS),
    ("employmentType", EMPLOYMENT_TYPES),
    ("evaluationFocus", EVALUATION_FOCUSES),
)
CREATE_BOOL_FIELDS = ("aiGenerate", "sendCandidateFeedback", "transcriptionEnabled")
CREATE_LIST_FIELDS = ("skills", "questions", "agenda")


def validate_create(data):
    """Check an interviews.create body and return the kind and the interview fields."""
    if not present(data, "meetingType"):
        raise validation_error("meetingType is required")
    meeting_type = optional_enum(data, "meetingType", MEETING_TYPES)
    is_team = optional_bool(data, "isTeamMeeting") or False
    if is_team and meeting_type != "HUMAN":
        raise validation_error("isTeamMeeting requires meetingType HUMAN")
    if is_team:
        kind = "team"
    elif meeting_type == "AI_ONLY":
        kind = "ai"
    else:
        kind = "human"

    fields = {}
    if kind == "team":
        fields["jobRole"] = optional_string(data, "jobRole")
    else:
        fields["jobRole"] = require_string(data, "jobRole")

    participants = data.get("participants")
    if participants is None and isinstance(data.get("candidate"), dict):
        # The SDK sends candidate as a CANDIDATE participant, but the short form works too.
        participants = [dict(data["candidate"], role="CANDIDATE")]
    if participants is None:
        if kind == "ai":
            raise validation_error("participants must include a CANDIDATE for an AI interview")
        raise validation_error("participants is required for %s meetings" % kind)
    participants = validate_participants(participants, "participants")
    roles = [participant["role"] for participant in participants]
    if kind == "ai" and "CANDIDATE" not in roles:
        raise validation_error("participants must include a CANDIDATE for an AI interview")
    if kind == "team" and "HOST" not in roles:
        raise validation_error("participants must include at least one HOST "
                               "for a team meeting")

    fields["durationMinutes"] = duration_field(data, "durationMinutes",
                                               DEFAULT_DURATION_MINUTES)
    fields["scheduledAt"] = date_time_field(data, "scheduledAt")
    mode = optional_enum(data, "schedulingMode", SCHEDULING_MODES)
    if mode == "FIXED" and fields["scheduledAt"] is None:
        raise validation_error("scheduledAt is required when schedulingMode is FIXED")
    if mode == "CANDIDATE_PICKS" and kind == "team":
        raise validation_error("schedulingMode CANDIDATE_PICKS is not available "
                               "for team meetings")
    fields["schedulingMode"] = mode or ("FIXED" if fields["scheduledAt"] else "IMMEDIATE")
    slots = validate_available_slots(data)
    if slots is not None:
        fields["availableSlots"] = slots

    for field in CREATE_STRING_FIELDS:
        value = optional_string(data, field)
        if value is not None:
            fields[field] = value
    for field, allowed in CREATE_ENUM_FIELDS:
        value = optional_enum(data, field, allowed)
        if value is not None:
            fields[field] = value
    for field in CREATE_BOOL_FIELDS:
        value = optional_bool(data, field)
        if value is not None:
            fields[field] = value
    for field in CREATE_LIST_FIELDS:
        value = optional_string_list(data, field)
        if value is not None:
            fields[field] = value
    if fields.get("sourceId") is None:
        fields["sourceId"] = fields.get("externalJobId")
    return kind, participants, fields


def query_value(query, name):
    """Return the first value of a query parameter. An empty value counts as absent."""
    values = query.get(name)
    if not values or values[0] == "":
        return None
    return values[0]


def query_integer(query, name, default, minimum, maximum):
    text = query_value(query, name)
    if text is None:
        return default
    if re.fullmatch(r"[+-]?\d{1,9}", text) is None or not minimum <= int(text) <= maximum:
        if maximum >= 10 ** 9:
            raise validation_error("%s must be an integer of at least %d" % (name, minimum))
        raise validation_error("%s must be an integer from %d to %d"
                               % (name, minimum, maximum))
    return int(text)


def query_score(query, name):
    text = query_value(query, name)
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        value = None
    if value is None or not 0 <= value <= 100:
        raise validation_error("%s must be a number from 0 to 100" % name)
    return value


def query_date(query, name, end_of_day):
    """Return a dateFrom or dateTo bound. A date-only dateTo includes the whole day."""
    text = query_value(query, name)
    if text is None:
        return None
    moment = parse_iso8601(text, date_only_allowed=True)
    if moment is None:
        raise validation_error("%s must be an ISO 8601 date or date-time" % name)
    if end_of_day and "T" not in text:
        moment += timedelta(days=1) - timedelta(milliseconds=1)
    return moment


# ---------------------------------------------------------------------------
# HTTP messages

class Request:
    """Parsed HTTP request, with header names in lower case."""

    def __init__(self, method, target, version, headers):
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.body = b""
        path, _, self.query_string = target.partition("?")
        self.raw_path = path

    def header(self, name):
        """Return the first value of a header, or None."""
        for key, value in self.headers:
            if key == name:
                return value
        return None

    def header_tokens(self, name):
        """Return the comma-separated tokens of every instance of a header, in lower case."""
        tokens = []
        for key, value in self.headers:
            if key == name:
                tokens.extend(token.strip().lower() for token in value.split(","))
        return [token for token in tokens if token]

    def wants_keep_alive(self):
        tokens = self.header_tokens("connection")
        if "close" in tokens:
            return False
        return self.version == "HTTP/1.1" or "keep-alive" in tokens

    def path_segments(self):
        """Return the percent-decoded segments of the path.

        The path is split at "/" before decoding, so an encoded %2F stays
        inside its segment. Raises ApiError 400 if a segment is not UTF-8.
        """
        segments = []
        for raw_segment in self.raw_path.split("/")[1:]:
            try:
                segments.append(unquote_to_bytes(raw_segment).decode("utf-8"))
            except UnicodeDecodeError:
                raise bad_request("Path segment %r is not valid UTF-8 after "
                                  "percent-decoding" % raw_segment)
        return segments

    def query(self):
        return parse_qs(self.query_string, keep_blank_values=True)


class Response:
    """A JSON response: status, payload and extra headers."""

    def __init__(self, status, payload, headers=()):
        self.status = status
        self.payload = payload
        self.headers = list(headers)

    def body(self):
        text = json.dumps(self.payload, ensure_ascii=False, separators=(",", ":"))
        return text.encode("utf-8")


def error_response(error):
    return Response(error.status, error_payload(error.message, error.code), error.headers)


class ProtocolError(Exception):
    """HTTP framing error. The server sends an error response and closes the connection."""

    def __init__(self, status, code, message):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
REQUEST_LINE = re.compile(r"(%s) (/\S*) (HTTP/\d\.\d)" % TOKEN)
HEADER_LINE = re.compile(r"(%s):[ \t]*(.*?)[ \t]*" % TOKEN)
HEAD_END = re.compile(rb"\r?\n\r?\n")
CONTROL_REQUEST_LINE = re.compile(rb"[A-Z]+ /__sim/")


def parse_head(head):
    """Parse a request head (request line and headers) into a Request.

    Raises ProtocolError for a malformed request line or header, an HTTP
    version other than 1.0 or 1.1, or a missing Host header in HTTP/1.1.
    """
    text = head.decode("iso-8859-1")
    lines = re.split(r"\r?\n", text.rstrip("\r\n"))
    match = REQUEST_LINE.fullmatch(lines[0])
    if match is None:
        raise ProtocolError(400, "BAD_REQUEST", "Malformed request line: %r" % lines[0][:200])
    method, target, version = match.groups()
    if version not in ("HTTP/1.0", "HTTP/1.1"):
        raise ProtocolError(505, "HTTP_VERSION_NOT_SUPPORTED",
                            "HTTP version %s is not supported. Use HTTP/1.1." % version)
    headers = []
    for line in lines[1:]:
        if line[:1] in (" ", "\t"):
            raise ProtocolError(400, "BAD_REQUEST", "Folded header lines are not accepted")
        header = HEADER_LINE.fullmatch(line)
        if header is None or re.search(r"[\x00-\x08\x0a-\x1f\x7f]", header.group(2)):
            raise ProtocolError(400, "BAD_REQUEST", "Malformed header line: %r" % line[:200])
        headers.append((header.group(1).lower(), header.group(2)))
    request = Request(method, target, version, headers)
    hosts = [value for key, value in headers if key == "host"]
    if version == "HTTP/1.1" and len(hosts) != 1:
        raise ProtocolError(400, "BAD_REQUEST", "HTTP/1.1 requests need exactly one Host header")
    return request


def content_length_of(request):
    """Return the body length from Content-Length (0 if absent).

    Raises ProtocolError for Transfer-Encoding, which requests may not use
    here, and for invalid or conflicting Content-Length values.
    """
    if request.header("transfer-encoding") is not None:
        raise ProtocolError(411, "LENGTH_REQUIRED",
                            "Transfer-Encoding is not accepted on requests. "
                            "Send the body with Content-Length.")
    values = request.header_tokens("content-length")
    if not values:
        return 0
    if any(not value.isdigit() or len(value) > 15 for value in values) or len(set(values)) > 1:
        raise ProtocolError(400, "BAD_REQUEST", "Invalid Content-Length: %r"
                            % ", ".join(values))
    length = int(values[0])
    if length > MAX_BODY_BYTES:
        raise ProtocolError(413, "PAYLOAD_TOO_LARGE",
                            "Request body of %d bytes is larger than the limit of %d bytes"
                            % (length, MAX_BODY_BYTES))
    return length


def encode_response(status, headers, body, chunk_size=None, include_body=True):
    """Return the pieces of a response to send in order.

    With chunk_size, the body is sent with chunked transfer coding in chunks
    of that many bytes, one piece per chunk, so that a client sees many small
    reads. Otherwise it is framed by Content-Length.
    """
    lines = ["HTTP/1.1 %d %s" % (status, http.HTTPStatus(status).phrase)]
    lines.extend("%s: %s" % (name, value) for name, value in headers)
    if chunk_size:
        lines.append("Transfer-Encoding: chunked")
    else:
        lines.append("Content-Length: %d" % len(body))
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    if not include_body:
        return [head]
    if not chunk_size:
        return [head + body]
    pieces = [head]
    for offset in range(0, len(body), chunk_size):
        chunk = body[offset:offset + chunk_size]
        pieces.append(b"%x\r\n%s\r\n" % (len(chunk), chunk))
    pieces.append(b"0\r\n\r\n")
    return pieces


# ---------------------------------------------------------------------------
# Shared state

class SimState:
    """Interviews, configuration, rate-limit windows and the request log.

    Every method that reads or changes the state expects `lock` to be held.
    """

    def __init__(self, base_config, log_path):
        self.lock = threading.RLock()
        self.base_config = base_config
        self.log_path = log_path
        self.reset()

    def reset(self):
        self.interviews = build_seed_interviews()
        self.config = dict(self.base_config)
        self.rate_windows = {}  # (api key, category) -> [window start, request count]
        self.request_count = 0
        self.next_job_id = 135
        self.org_keys = {ORG_KEY}
        if self.log_path:
            with open(self.log_path, "wb"):
                pass

    def record_request(self, raw):
        """Count an API request and append its bytes to the log, durably."""
        self.request_count += 1
        if self.log_path:
            with open(self.log_path, "ab") as log:
                log.write(b"--- request %d %d\n" % (self.request_count, len(raw)))
                log.write(raw)
                log.write(b"\n")
                log.flush()
                os.fsync(log.fileno())
        return self.request_count

    def take_rate_limit(self, api_key, category, now):
        """Count a request against its fixed one-minute window.

        Returns the rate-limit headers, and whether the request is within the
        limit. A rejected request does not count.
        """
        limit = self.config["rate_limit_" + category]
        window = self.rate_windows.get((api_key, category))
        if window is None or now >= window[0] + RATE_WINDOW_SECONDS:
            window = [now, 0]
            self.rate_windows[(api_key, category)] = window
        reset_at = window[0] + RATE_WINDOW_SECONDS
        allowed = window[1] < limit
        if allowed:
            window[1] += 1
        headers = [
            ("X-RateLimit-Limit", str(limit)),
            ("X-RateLimit-Remaining", str(max(0, limit - window[1]))),
            ("X-RateLimit-Reset", str(math.ceil(reset_at))),
        ]
        if not allowed:
            headers.append(("Retry-After", str(max(1, math.ceil(reset_at - now)))))
        return headers, allowed

    def update_config(self, changes):
        """Validate and apply the options of POST /__sim/config.

        Raises ApiError 400 for an unknown option or an invalid value, and
        then changes nothing.
        """
        if not isinstance(changes, dict):
            raise bad_request("config must be a JSON object")
        checks = {
            "chunked": lambda v: isinstance(v, bool),
            "close_after_response": lambda v: isinstance(v, bool),
            "chunk_size": lambda v: is_integer(v) and v >= 1,
            "rate_limit_get": lambda v: is_integer(v) and v >= 0,
            "rate_limit_write": lambda v: is_integer(v) and v >= 0,
            "rate_limit_ai": lambda v: is_integer(v) and v >= 0,
            "idle_timeout": lambda v: isinstance(v, (int, float))
            and not isinstance(v, bool) and v > 0,
            "list_key": lambda v: v in ("meetings", "interviews"),
            "code_key": lambda v: v in ("meetingCode", "code", "both"),
        }
        for key, value in changes.items():
            if key not in checks:
                raise bad_request("Unknown config option %r. Known options: %s"
                                  % (key, ", ".join(sorted(checks))))
            if not checks[key](value):
                raise bad_request("Invalid value %r for config option %s" % (value, key))
        for key, value in changes.items():
            if key == "chunk_size" or key.startswith("rate_limit_"):
                value = int(value)
            self.config[key] = value


# ---------------------------------------------------------------------------
# API endpoints

def rate_limit_category(method, path):
    if method in ("GET", "HEAD"):
        return "get"
    if method == "POST" and path == AI_GENERATION_PATH:
        return "ai"
    return "write"


def bearer_token(request):
    value = request.header("authorization") or ""
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer":
        return ""
    return token.strip()


class Api:
    """Endpoint handlers over a SimState. Callers hold the state's lock."""

    def __init__(self, state):
        self.state = state

    # -- dispatch ----------------------------------------------------------

    def handle(self, request):
        """Return the response to an API request, with rate-limit headers."""
        token = bearer_token(request)
        category = rate_limit_category(request.method, request.raw_path)
        rate_headers, allowed = self.state.take_rate_limit(token, category, time.time())
        try:
            if not allowed:
                raise ApiError(429, "RATE_LIMITED", "Rate limit exceeded")
            response = self.route(request, token)
        except ApiError as error:
            response = error_response(error)
        except Exception:  # a bug here must still produce a response
            LOG.exception("handler for %s %s failed", request.method, request.raw_path)
            response = error_response(ApiError(500, "INTERNAL_ERROR", "Internal server error"))
        response.headers.extend(rate_headers)
        return response

    def route(self, request, token):
        segments = request.path_segments()
        method = request.method
        if tuple(segments) == CREATE_API_KEY_PATH:
            self.authorize(token, platform=True)
            if method == "POST":
                return self.create_api_key(request)
            raise self.no_route(request)
        if tuple(segments[:2]) != INTEGRATION_PREFIX:
            raise self.no_route(request)
        self.authorize(token, platform=False)
        rest = segments[2:]

        if rest == ["organization"] and method == "GET":
            return Response(200, {"success": True, "organization": dict(ORGANIZATION)})
        if rest == ["generate-job-description"] and method == "POST":
            return self.generate_job_description(request)
        if rest == ["availability"] and method == "GET":
            return self.availability(request)
        if rest == ["busy-blocks"] and method == "GET":
            return self.busy_blocks(request)
        if rest == ["interviews"] and method == "GET":
            return self.list_interviews(request)
        if rest == ["interviews"] and method == "POST":
            return self.create_interview(request)
        if len(rest) >= 2 and rest[0] == "interviews":
            return self.route_interview(request, rest[1], rest[2:])
        raise self.no_route(request)

    def route_interview(self, request, code, rest):
        """Dispatch the routes under /interviews/{code}."""
        method = request.method
        handlers = {
            ("GET", ()): self.get_interview,
            ("DELETE", ()): self.delete_interview,
            ("GET", ("transcript",)): self.get_transcript,
            ("GET", ("evaluation",)): self.get_evaluation,
            ("POST", ("analyze",)): self.analyze,
            ("PATCH", ("reschedule",)): self.reschedule,
            ("PATCH", ("cancel",)): self.cancel,
            ("GET", ("participants",)): self.get_participants,
            ("POST", ("participants",)): self.add_participants,
            ("GET", ("recording",)): self.get_recording,
        }
        if method == "DELETE" and len(rest) == 2 and rest[0] == "participants":
            interview = self.find_interview(code)
            return self.remove_participant(interview, rest[1])
        handler = handlers.get((method, tuple(rest)))
        if handler is None:
            raise self.no_route(request)
        interview = self.find_interview(code)
        return handler(request, interview)

    def authorize(self, token, platform):
        """Raise 401 for a missing or unknown key, 403 for a key of the other kind."""
        if token in self.state.org_keys:
            if platform:
                raise ApiError(403, "FORBIDDEN",
                               "This endpoint requires a platform API key, not an "
                               "organization key")
            return
        if token == PLATFORM_KEY:
            if not platform:
                raise ApiError(403, "FORBIDDEN",
                               "This endpoint requires an organization API key, not a "
                               "platform key")
            return
        raise ApiError(401, "INVALID_API_KEY", "Invalid or expired API key")

    @staticmethod
    def no_route(request):
        return not_found("No route for %s %s" % (request.method, request.raw_path))

    def find_interview(self, code):
        if code == ERROR_500_CODE:
            raise ApiError(500, "INTERNAL_ERROR", "Internal server error")
        interview = self.state.interviews.get(code)
        if interview is None:
            raise not_found("Interview not found: %s" % code)
        return interview

    # -- presentation ------------------------------------------------------

    def apply_code_key(self, meeting):
        """Rename the meeting code key as the code_key option selects."""
        code_key = self.state.config["code_key"]
        if code_key == "code":
            meeting = {("code" if key == "meetingCode" else key): value
                       for key, value in meeting.items()}
        elif code_key == "both":
            meeting["code"] = meeting["meetingCode"]
        return meeting

    def meeting_details(self, interview):
        """Return every public field of an interview, as GET /interviews/{code} shows it."""
        meeting = {key: value for key, value in interview.items() if not key.startswith("_")}
        meeting["participants"] = [dict(p) for p in interview["participants"]]
        return self.apply_code_key(meeting)

    def meeting_summary(self, interview):
        """Return the fields of an interview that the list shows."""
        candidate = find_candidate(interview)
        meeting = {
            "meetingCode": interview["meetingCode"],
            "id": interview["id"],
            "url": interview["url"],
            "title": interview["title"],
            "jobRole": interview["jobRole"],
            "meetingType": interview["meetingType"],
            "isTeamMeeting": interview["isTeamMeeting"],
            "sessionStatus": interview["sessionStatus"],
            "endReason": interview["endReason"],
            "createdAt": interview["createdAt"],
            "scheduledAt": interview["scheduledAt"],
            "durationMinutes": interview["durationMinutes"],
            "overallScore": interview["overallScore"],
            "sourceId": interview["sourceId"],
            "externalJobId": interview["externalJobId"],
            "candidate": {"name": candidate["name"], "email": candidate["email"]}
            if candidate else None,
            "participantCount": len(interview["participants"]),
        }
        return self.apply_code_key(meeting)

    # -- interviews --------------------------------------------------------

    def create_interview(self, request):
        data = parse_json_object(request)
        kind, participants, fields = validate_create(data)
        code = self.new_code(kind)
        interview = new_interview(
            random.SystemRandom(), code, kind,
            createdAt=format_time(datetime.now(timezone.utc)),
            participants=[
                make_participant(random.SystemRandom(), p["name"], p["email"], p["role"])
                for p in participants
            ],
            **fields,
        )
        interview["_recording_message"] = "No recording: the interview has not taken place"
        self.state.interviews[code] = interview
        meeting = {
            "meetingCode": code,
            "id": interview["id"],
            "url": interview["url"],
            "meetingType": interview["meetingType"],
            "sessionStatus": interview["sessionStatus"],
            "isTeamMeeting": interview["isTeamMeeting"],
            "title": interview["title"],
            "scheduledAt": interview["scheduledAt"],
            "durationMinutes": interview["durationMinutes"],
            "participants": [
                {key: p[key] for key in ("name", "email", "role", "joinToken")}
                for p in interview["participants"]
            ],
        }
        return Response(201, {"success": True, "meeting": self.apply_code_key(meeting)})

    def new_code(self, kind):
        generator = random.SystemRandom()
        while True:
            code = CODE_PREFIXES[kind] + str(generator.randrange(10 ** 9, 10 ** 10))
            if code not in self.state.interviews:
                return code

    def list_interviews(self, request):
        query = request.query()
        statuses = None
        status_text = query_value(query, "status")
        if status_text is not None:
            statuses = {part.strip() for part in status_text.split(",")}
            if not statuses <= set(STATUSES):
                raise validation_error("status must be one of %s, or a comma-separated list "
                                       "of them" % ", ".join(STATUSES))
        list_type = query_value(query, "type")
        if list_type is not None and list_type not in LIST_TYPES:
            raise validation_error("type must be one of %s" % ", ".join(LIST_TYPES))
        search = (query_value(query, "search") or "").lower()
        # NOTE: The API documentation does not define sourceId, the default of
        # dateField, or whether type=HUMAN includes team meetings. Here sourceId
        # matches sourceId or externalJobId, dateField defaults to created, and
        # HUMAN excludes team meetings.
        source_id = query_value(query, "sourceId")
        date_field = query_value(query, "dateField") or "created"
        if date_field not in ("scheduled", "created"):
            raise validation_error("dateField must be one of scheduled, created")
        date_from = query_date(query, "dateFrom", end_of_day=False)
        date_to = query_date(query, "dateTo", end_of_day=True)
        score_min = query_score(query, "scoreMin")
        score_max = query_score(query, "scoreMax")
        if score_min is not None and score_max is not None and score_min > score_max:
            raise validation_error("scoreMin must not be greater than scoreMax")
        page = query_integer(query, "page", 1, 1, 10 ** 9)
        limit = query_integer(query, "limit", DEFAULT_LIST_LIMIT, 1, MAX_LIST_LIMIT)

        def matches(interview):
            if statuses is not None and interview["sessionStatus"] not in statuses:
                return False
            if list_type == "AI_ONLY" and interview["meetingType"] != "AI_ONLY":
                return False
            if list_type == "HUMAN" and (interview["meetingType"] != "HUMAN"
                                         or interview["isTeamMeeting"]):
                return False
            if list_type == "TEAM" and not interview["isTeamMeeting"]:
                return False
            if search:
                candidate = find_candidate(interview) or {}
                haystack = " ".join(filter(None, (
                    interview["jobRole"], candidate.get("name"), candidate.get("email"),
                ))).lower()
                if search not in haystack:
                    return False
            if source_id is not None and source_id not in (
                    interview["sourceId"], interview["externalJobId"]):
                return False
            if date_from is not None or date_to is not None:
                text = interview["scheduledAt" if date_field == "scheduled" else "createdAt"]
                moment = parse_iso8601(text, False) if text else None
                if moment is None:
                    return False
                if date_from is not None and moment < date_from:
                    return False
                if date_to is not None and moment > date_to:
                    return False
            if score_min is not None or score_max is not None:
                score = interview["overallScore"]
                if score is None:
                    return False
                if score_min is not None and score < score_min:
                    return False
                if score_max is not None and score > score_max:
                    return False
            return True

        found = [interview for interview in self.state.interviews.values()
                 if matches(interview)]
        found.sort(key=lambda interview: (interview["createdAt"], interview["meetingCode"]),
                   reverse=True)
        page_items = found[(page - 1) * limit:page * limit]
        return Response(200, {
            "success": True,
            self.state.config["list_key"]: [self.meeting_summary(i) for i in page_items],
            "pagination": {
                "page": page,
                "limit": limit,
                "total": len(found),
                "totalPages": math.ceil(len(found) / limit),
            },
        })

    def get_interview(self, request, interview):
        return Response(200, {"success": True, "meeting": self.meeting_details(interview)})

    def delete_interview(self, request, interview):
        del self.state.interviews[interview["meetingCode"]]
        return Response(200, {
            "success": True,
            "message": "Interview %s and all its data were deleted" % interview["meetingCode"],
        })

    def get_transcript(self, request, interview):
        return Response(200, {
            "success": True,
            "meetingCode": interview["meetingCode"],
            "transcript": interview["_transcript"],
        })

    def get_evaluation(self, request, interview):
        stored = interview["_evaluation"]
        if stored is not None:
            return Response(200, dict({"success": True}, **stored))
        if interview["sessionStatus"] == "COMPLETED":
            message = "Analysis has not finished yet. Try again in a few minutes."
        else:
            message = "The interview is %s, so there is no evaluation yet" \
                      % interview["sessionStatus"]
        return Response(200, {
            "success": True,
            "evaluation": None,
            "aiSummary": None,
            "recommendations": None,
            "meetingStatistics": None,
            "rawAnalysis": None,
            "interviewerEvaluation": None,
            "message": message,
        })

    def analyze(self, request, interview):
        if interview["sessionStatus"] != "COMPLETED":
            raise invalid_state("Only COMPLETED interviews can be analyzed, but %s is %s"
                                % (interview["meetingCode"], interview["sessionStatus"]))
        job_id = self.state.next_job_id
        self.state.next_job_id += 1
        return Response(200, {"success": True, "queued": True, "jobId": str(job_id)})

    def check_changeable(self, interview, action):
        if interview["sessionStatus"] in FINAL_OR_RUNNING_STATES:
            raise invalid_state("Cannot %s an interview that is %s"
                                % (action, interview["sessionStatus"]))

    def reschedule(self, request, interview):
        data = parse_json_object(request)
        if not present(data, "scheduledAt"):
            raise validation_error("scheduledAt is required")
        scheduled_at = date_time_field(data, "scheduledAt")
        duration = duration_field(data, "durationMinutes", interview["durationMinutes"])
        reason = optional_string(data, "reason")
        self.check_changeable(interview, "reschedule")
        interview["scheduledAt"] = scheduled_at
        interview["durationMinutes"] = duration
        interview["sessionStatus"] = "SCHEDULED"
        interview["endReason"] = None
        interview["schedulingMode"] = "FIXED"
        if reason is not None:
            interview["rescheduleReason"] = reason
        return Response(200, {
            "success": True,
            "message": "Interview rescheduled",
            "meeting": self.meeting_details(interview),
        })

    def cancel(self, request, interview):
        data = parse_json_object(request, empty_default={})
        reason = optional_string(data, "reason")
        self.check_changeable(interview, "cancel")
        interview["sessionStatus"] = "CANCELLED"
        interview["cancelReason"] = reason
        interview["cancelledAt"] = format_time(datetime.now(timezone.utc))
        interview["_recording_message"] = "No recording: the interview was cancelled"
        return Response(200, {
            "success": True,
            "message": "Interview cancelled",
            "meeting": self.meeting_details(interview),
        })

    def get_participants(self, request, interview):
        participants = [dict(p) for p in interview["participants"]]
        return Response(200, {
            "success": True,
            "participants": participants,
            "total": len(participants),
        })

    def add_participants(self, request, interview):
        data = parse_json_object(request)
        if not present(data, "participants"):
            raise validation_error("participants is required")
        additions = validate_participants(data["participants"], "participants")
        existing = {p["email"].lower() for p in interview["participants"]}
        for addition in additions:
            if addition["email"].lower() in existing:
                raise ApiError(409, "CONFLICT", "%s is already a participant of %s"
                               % (addition["email"], interview["meetingCode"]))
        generator = random.SystemRandom()
        added = [make_participant(generator, p["name"], p["email"], p["role"])
                 for p in additions]
        interview["participants"].extend(added)
        # NOTE: The documentation gives no status code for adding participants
        # or creating an API key. 201 Created is assumed for both.
        return Response(201, {
            "success": True,
            "participants": [dict(p) for p in added],
            "total": len(interview["participants"]),
        })

    def remove_participant(self, interview, participant_id):
        participants = interview["participants"]
        for index, participant in enumerate(participants):
            if participant["id"] == participant_id:
                del participants[index]
                return Response(200, {
                    "success": True,
                    "message": "Participant %s removed from %s"
                               % (participant["email"], interview["meetingCode"]),
                })
        raise not_found("Participant not found: %s" % participant_id)

    def get_recording(self, request, interview):
        recording = interview["_recording"]
        payload = {"success": True, "recording": dict(recording) if recording else None}
        if recording is None:
            payload["message"] = interview["_recording_message"] or "No recording available"
        return Response(200, payload)

    # -- calendar ----------------------------------------------------------

    def calendar_query(self, request, with_duration):
        query = request.query()
        email = query_value(query, "email")
        if email is None:
            raise validation_error("email is required")
        days = query_integer(query, "days", DEFAULT_CALENDAR_DAYS, 1, MAX_CALENDAR_DAYS)
        duration = None
        if with_duration:
            duration = query_integer(query, "duration", DEFAULT_DURATION_MINUTES,
                                     MIN_DURATION_MINUTES, 24 * 60)
        return email, days, duration

    def availability(self, request):
        email, days, duration = self.calendar_query(request, with_duration=True)
        payload = {
            "success": True,
            "calendarConnected": email.lower() == CALENDAR_EMAIL,
            "email": email,
            "durationMinutes": duration,
            "days": days,
            "slots": [],
            "total": 0,
        }
        if payload["calendarConnected"]:
            slots = free_slots(datetime.now(timezone.utc), days, duration)
            payload["slots"] = time_ranges(slots)
            payload["total"] = len(slots)
        else:
            payload["message"] = ("%s has not connected a calendar in Boooply. Provide "
                                  "availableSlots or use FIXED scheduling." % email)
        return Response(200, payload)

    def busy_blocks(self, request):
        email, days, _ = self.calendar_query(request, with_duration=False)
        payload = {
            "success": True,
            "calendarConnected": email.lower() == CALENDAR_EMAIL,
            "email": email,
            "days": days,
            "timezone": None,
            "busyBlocks": [],
            "total": 0,
        }
        if payload["calendarConnected"]:
            blocks = busy_blocks(datetime.now(timezone.utc), days)
            payload["timezone"] = CALENDAR_TIMEZONE
            payload["busyBlocks"] = time_ranges(blocks)
            payload["total"] = len(blocks)
        else:
            payload["message"] = "%s has not connected a calendar in Boooply" % email
        return Response(200, payload)

    # -- organization, AI, API keys ------------------------------------------

    def generate_job_description(self, request):
        data = parse_json_object(request)
        job_role = require_string(data, "jobRole")
        department = optional_string(data, "department")
        skills = optional_string_list(data, "skills") or []
        seniority = optional_enum(data, "seniority", SENIORITIES)
        work_setup = optional_enum(data, "workSetup", WORK_SETUPS)
        employment_type = optional_enum(data, "employmentType", EMPLOYMENT_TYPES)

        level = seniority.capitalize() + " " if seniority else ""
        team = " in our %s team" % department if department else ""
        setup = {"REMOTE": "fully remote", "ONSITE": "on-site", "HYBRID": "hybrid"}
        contract = {"FULL_TIME": "full-time", "PART_TIME": "part-time", "CONTRACT": "contract"}
        terms = ", ".join(filter(None, (contract.get(employment_type), setup.get(work_setup))))
        paragraphs = [
            "%s is looking for a %s%s to join us%s. You will work with people who care "
            "about their craft and about the candidates and customers who rely on what we "
            "build." % (ORGANIZATION["name"], level, job_role, team),
            "In this role you will own meaningful parts of our product from idea to "
            "release, work closely with design and product, share knowledge through "
            "reviews and pairing, and help us keep quality high as we grow.",
        ]
        if skills:
            paragraphs.append("What we are looking for: experience with %s, a habit of "
                              "writing things down, and the judgement to keep things "
                              "simple." % ", ".join(skills))
        else:
            paragraphs.append("What we are looking for: solid experience in a similar role, "
                              "clear communication and the judgement to keep things simple.")
        paragraphs.append("What we offer: a %s position, a learning budget, and a team that "
                          "plans for sustainable work." % (terms or "permanent"))
        return Response(200, {"success": True, "description": "\n\n".join(paragraphs)})

    def create_api_key(self, request):
        data = parse_json_object(request)
        user_id = require_string(data, "userId")
        user_email = require_string(data, "userEmail")
        if not looks_like_email(user_email):
            raise validation_error("userEmail must be an e-mail address")
        organization_id = require_string(data, "organizationId")
        optional_string(data, "userName")
        optional_string(data, "organizationName")

        members = data.get("teamMembers")
        if members is not None:
            if not isinstance(members, list):
                raise validation_error("teamMembers must be an array")
            for index, member in enumerate(members):
                label = "teamMembers[%d]" % index
                if not isinstance(member, dict):
                    raise validation_error("%s must be an object" % label)
                email = require_string(member, "email", label + ".email")
                if not looks_like_email(email):
                    raise validation_error("%s.email must be an e-mail address" % label)
                optional_string(member, "name", label + ".name")
                optional_string(member, "role", label + ".role")

        api_key = "bply_org_%032x" % random.SystemRandom().getrandbits(128)
        # The new key works as an organization key until the next reset.
        self.state.org_keys.add(api_key)
        return Response(201, {
            "success": True,
            "apiKey": api_key,
            "organizationId": organization_id,
            "userId": user_id,
        })


# ---------------------------------------------------------------------------
# Control endpoints

def handle_control(state, request):
    """Return the response to a /__sim/ request. Callers hold the state's lock."""
    path = request.raw_path
    try:
        if request.method == "POST" and path == "/__sim/reset":
            state.reset()
            return Response(200, {"success": True})
        if request.method == "POST" and path == "/__sim/config":
            state.update_config(parse_json_body(request))
            return Response(200, {"success": True, "config": dict(state.config)})
        if request.method == "GET" and path == "/__sim/requests":
            return Response(200, {"success": True, "count": state.request_count})
        raise not_found("No control route for %s %s" % (request.method, path))
    except ApiError as error:
        return error_response(error)


# ---------------------------------------------------------------------------
# Connections

class ConnectionHandler(socketserver.BaseRequestHandler):
    """Serve the requests of one TCP connection until either side closes it."""

    def setup(self):
        self.sock = self.request
        self.state = self.server.state
        self.buffer = bytearray()
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.tls_failed = False
        if self.server.tls_context is not None:
            self.start_tls()

    def start_tls(self):
        """Run the server side of the TLS handshake in this connection's thread."""
        self.sock.settimeout(TLS_HANDSHAKE_TIMEOUT)
        try:
            self.sock = self.server.tls_context.wrap_socket(self.sock, server_side=True)
        except (ssl.SSLError, OSError) as error:
            LOG.warning("TLS handshake with %s failed: %s", self.client_address[0], error)
            self.tls_failed = True

    def handle(self):
        if self.tls_failed:
            return
        try:
            while self.serve_request():
                pass
        except OSError as error:
            LOG.debug("connection from %s ended: %s", self.client_address, error)
        if isinstance(self.sock, ssl.SSLSocket):
            self.send_close_notify()

    def send_close_notify(self):
        """Send a TLS close_notify alert without waiting for the client's."""
        try:
            self.sock.settimeout(0)
            self.sock.unwrap()
        except (ssl.SSLError, OSError, ValueError):
            pass

    def finish(self):
        # The TLS socket took over the descriptor of self.request, so the
        # server's own shutdown and close of self.request do nothing.
        if self.sock is not self.request:
            try:
                self.sock.shutdown(socket.SHUT_WR)
            except OSError:
                pass
            self.sock.close()

    def receive(self, timeout):
        """Read more bytes into the buffer.

        Returns False at end of stream and raises socket.timeout when nothing
        arrives within `timeout` seconds.
        """
        self.sock.settimeout(timeout)
        data = self.sock.recv(65536)
        if not data:
            return False
        self.buffer.extend(data)
        return True

    def send_request_timeout(self):
        self.send_protocol_error(ProtocolError(
            408, "REQUEST_TIMEOUT",
            "Timed out after %d seconds waiting for the rest of the request"
            % REQUEST_READ_TIMEOUT))

    def read_head(self):
        """Return the next request head, or None if the connection should close.

        Waits at most idle_timeout for the first byte, then
        REQUEST_READ_TIMEOUT for each further read. Responds with 431 to a head
        over MAX_HEAD_BYTES and with 408 to a head that stops arriving.
        """
        while True:
            match = HEAD_END.search(self.buffer)
            if match is not None and match.end() <= MAX_HEAD_BYTES:
                head = bytes(self.buffer[:match.end()])
                del self.buffer[:match.end()]
                return head
            if match is not None or len(self.buffer) > MAX_HEAD_BYTES:
                self.send_protocol_error(ProtocolError(
                    431, "HEADERS_TOO_LARGE",
                    "Request head is larger than %d bytes" % MAX_HEAD_BYTES))
                return None
            if self.buffer:
                timeout = REQUEST_READ_TIMEOUT
            else:
                with self.state.lock:
                    timeout = self.state.config["idle_timeout"]
            try:
                if not self.receive(timeout):
                    return None
            except socket.timeout:
                if self.buffer:
                    self.send_request_timeout()
                return None

    def read_body(self, length):
        """Return the next `length` bytes, or None if the connection should close."""
        while len(self.buffer) < length:
            try:
                if not self.receive(REQUEST_READ_TIMEOUT):
                    return None
            except socket.timeout:
                self.send_request_timeout()
                return None
        body = bytes(self.buffer[:length])
        del self.buffer[:length]
        return body

    def serve_request(self):
        """Read, record and respond to one request. Returns whether to keep the connection."""
        head = self.read_head()
        if head is None:
            return False
        control = CONTROL_REQUEST_LINE.match(head) is not None
        try:
            request = parse_head(head)
            length = content_length_of(request)
        except ProtocolError as error:
            if not control:
                with self.state.lock:
                    self.state.record_request(head)
            self.send_protocol_error(error)
            return False

        if length and "100-continue" in request.header_tokens("expect"):
            self.sock.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
        body = self.read_body(length)
        if body is None:
            return False
        request.body = body
        keep_alive = request.wants_keep_alive()

        with self.state.lock:
            if control:
                response = handle_control(self.state, request)
                chunk_size = None
            else:
                self.state.record_request(head + body)
                response = Api(self.state).handle(request)
                config = self.state.config
                chunk_size = config["chunk_size"] if config["chunked"] else None
                if config["close_after_response"]:
                    keep_alive = False
        if request.version == "HTTP/1.0":
            chunk_size = None
        self.send_response(response, keep_alive, chunk_size, request)
        return keep_alive

    def send_response(self, response, keep_alive, chunk_size, request=None):
        headers = [
            ("Date", email.utils.formatdate(usegmt=True)),
            ("Server", "boooply-sim"),
            ("Content-Type", "application/json; charset=utf-8"),
        ]
        headers.extend(response.headers)
        if not keep_alive:
            headers.append(("Connection", "close"))
        elif request is not None and request.version == "HTTP/1.0":
            headers.append(("Connection", "keep-alive"))
        include_body = request is None or request.method != "HEAD"
        for piece in encode_response(response.status, headers, response.body(),
                                     chunk_size, include_body):
            self.sock.sendall(piece)

    def send_protocol_error(self, error):
        """Send the response to a framing error and drain the input before closing."""
        LOG.warning("rejected a request from %s: %d %s", self.client_address[0],
                    error.status, error.message)
        response = Response(error.status, error_payload(error.message, error.code))
        self.send_response(response, keep_alive=False, chunk_size=None)
        self.discard_unread_input()

    def discard_unread_input(self):
        """Half-close and read what the client still sends, for at most 2 seconds.

        Closing a socket with unread input makes the kernel send a reset,
        which can destroy the error response before the client has read it.
        """
        try:
            self.sock.shutdown(socket.SHUT_WR)
            self.sock.settimeout(0.5)
            deadline = time.monotonic() + 2.0
            while time.monotonic() < deadline and self.sock.recv(65536):
                pass
        except OSError:
            pass


class SimServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, host, port, state, tls_context=None):
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.state = state
        self.tls_context = tls_context
        super().__init__((host, port), ConnectionHandler)


# ---------------------------------------------------------------------------
# Command line

def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        description="Local simulator of the Boooply interviews REST API.",
        epilog="API keys: bply_org_test_key for the organization calls under "
               "/api/integration, bply_platform_test_key for creating organization "
               "API keys. The base URL is http://HOST:PORT (https with --tls-cert).")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on, IPv4 or IPv6 (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0,
                        help="TCP port, or 0 to let the OS choose a free one (default 0)")
    parser.add_argument("--port-file", metavar="FILE",
                        help="write the port number and a newline to FILE once listening")
    parser.add_argument("--log", metavar="FILE",
                        help="truncate FILE and append the raw bytes of every API request")
    parser.add_argument("--chunked", action="store_true",
                        help="send API responses with chunked transfer coding")
    parser.add_argument("--idle-timeout", type=float, metavar="SECONDS",
                        default=DEFAULT_CONFIG["idle_timeout"],
                        help="close keep-alive connections idle for this many seconds "
                             "(default %(default)s)")
    parser.add_argument("--tls-cert", metavar="FILE",
                        help="serve TLS with this PEM certificate chain (needs --tls-key)")
    parser.add_argument("--tls-key", metavar="FILE",
                        help="PEM private key of --tls-cert")
    arguments = parser.parse_args(argv)
    if arguments.idle_timeout <= 0:
        parser.error("--idle-timeout must be greater than 0")
    if (arguments.tls_cert is None) != (arguments.tls_key is None):
        parser.error("--tls-cert and --tls-key must be given together")
    return arguments


def make_tls_context(cert_path, key_path):
    """Return a server-side TLS context (TLS 1.2 or newer) for the certificate."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(cert_path, key_path)
    return context


def write_port_file(path, port):
    """Write the port atomically, so a reader never sees a partial file."""
    temporary = "%s.%d.tmp" % (path, os.getpid())
    with open(temporary, "w") as port_file:
        port_file.write("%d\n" % port)
    os.replace(temporary, path)


def main(argv=None):
    arguments = parse_arguments(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="boooply-sim: %(levelname)s %(message)s")
    base_config = dict(DEFAULT_CONFIG, chunked=arguments.chunked,
                       idle_timeout=arguments.idle_timeout)
    try:
        state = SimState(base_config, arguments.log)
    except OSError as error:
        LOG.error("cannot create the request log: %s", error)
        return 1
    tls_context = None
    if arguments.tls_cert:
        try:
            tls_context = make_tls_context(arguments.tls_cert, arguments.tls_key)
        except (ssl.SSLError, OSError) as error:
            LOG.error("cannot load the TLS certificate %s or key %s: %s",
                      arguments.tls_cert, arguments.tls_key, error)
            return 1
    try:
        server = SimServer(arguments.host, arguments.port, state, tls_context)
    except OSError as error:
        LOG.error("cannot listen on %s port %d: %s", arguments.host, arguments.port, error)
        return 1

    stop_requested = threading.Event()

    def request_stop(signum, frame):
        stop_requested.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)

    port = server.server_address[1]
    serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                               daemon=True)
    serving.start()
    if arguments.port_file:
        write_port_file(arguments.port_file, port)
    print("boooply-sim listening on %s:%d" % (arguments.host, port), flush=True)
    LOG.info("started on %s port %d", arguments.host, port)

    while not stop_requested.wait(1.0):
        pass
    server.shutdown()
    server.server_close()
    LOG.info("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
