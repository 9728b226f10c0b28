#!/usr/bin/env python
"""Page benchmarks against PostgreSQL: ``make bench``. See docs/benchmarks.md.

1. Creates the database ``leavingcare_bench`` if missing, migrates it and seeds the
   synthetic "Benchmark County Council" (``seed_demo --young-people N``; quick when done).
2. In-process, with Django's test client: resolves each page's path, counts its SQL queries
   (one warm-up request, then one measured), and checks each persona can sign in.
3. Starts gunicorn on a free port, signs in over HTTP as each persona, and times every page
   sequentially over one keep-alive connection, each request after one for the floor:
   ``/healthcheck/`` with the same session cookie, same server, same moment.
4. Prints a table and writes ``bench-results/<YYYY-MM-DD>.json``.

Adding a page: append one entry to ``PAGES``.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results"

PA = "pa0001@bench.example"
SERVICE_MANAGER = "service.manager@bench.example"
ADMINISTRATOR = "admin@bench.example"

# Targets set by the issues: every page's p95 within 3 times the floor's p95, and list and
# dashboard pages within 150 ms at p95.
FLOOR_RATIO_TARGET = 3.0
LIST_P95_TARGET_MS = 150.0


def young_person_on_caseload(user) -> str:
    """The user's young person with the lowest person ID (runs in-process, Django set up)."""
    from pathways.models import YoungPerson

    young_person = YoungPerson.objects.filter(personal_adviser=user).order_by("person_id").first()
    if young_person is None:
        raise SystemExit(f"bench: {user.email} has nobody on their caseload; seed again?")
    return f"/pathways/young-people/{young_person.uuid}/"


# The pages timed. ``path`` is a string or a callable taking the persona's User and returning
# the path. ``max_p95_ms`` is the absolute target (list and dashboard pages); every page also
# has the floor-ratio target.
PAGES: list[dict[str, Any]] = [
    {"name": "home", "path": "/", "persona": PA, "max_p95_ms": LIST_P95_TARGET_MS},
    {
        "name": "caseload",
        "path": "/pathways/caseload/",
        "persona": PA,
        "max_p95_ms": LIST_P95_TARGET_MS,
    },
    {
        "name": "young people list",
        "path": "/pathways/young-people/",
        "persona": SERVICE_MANAGER,
        "max_p95_ms": LIST_P95_TARGET_MS,
    },
    {
        "name": "young person record",
        "path": young_person_on_caseload,
        "persona": PA,
        "max_p95_ms": None,
    },
    {
        "name": "audit log",
        "path": "/audit/",
        "persona": ADMINISTRATOR,
        "max_p95_ms": LIST_P95_TARGET_MS,
    },
    {
        "name": "service dashboard",
        "path": "/dashboards/service/",
        "persona": SERVICE_MANAGER,
        "max_p95_ms": LIST_P95_TARGET_MS,
    },
    {
        "name": "team dashboard",
        "path": "/dashboards/team/",
        "persona": "tm001@bench.example",
        "max_p95_ms": LIST_P95_TARGET_MS,
    },
]
FLOOR_PATH = "/healthcheck/"
TRANSACTION_CONTROL = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b", re.I)


# --- configuration -----------------------------------------------------------------------------


def _env_int(name: str, default: int, lo: int, hi: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SystemExit(f"bench: {name} must be a whole number, not {raw!r}") from None
    if not lo <= value <= hi:
        raise SystemExit(f"bench: {name} must be between {lo} and {hi}, not {value}")
    return value


@dataclass(frozen=True)
class Config:
    database_url: str
    young_people: int
    personal_advisers: int
    years: int
    requests: int
    warmup: int
    workers: int
    timeout: float
    strict: bool

    @classmethod
    def from_env(cls) -> Config:
        return cls(
            database_url=os.environ.get(
                "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/leavingcare_bench"
            ),
            young_people=_env_int("BENCH_YOUNG_PEOPLE", 50_000, 1, 5_000_000),
            personal_advisers=_env_int("BENCH_PERSONAL_ADVISERS", 150, 1, 100_000),
            years=_env_int("BENCH_YEARS", 10, 1, 50),
            requests=_env_int("BENCH_REQUESTS", 200, 1, 10_000),
            warmup=_env_int("BENCH_WARMUP", 20, 0, 1_000),
            workers=_env_int("BENCH_WORKERS", 2, 1, 16),
            timeout=float(_env_int("BENCH_TIMEOUT", 30, 1, 600)),
            strict=os.environ.get("BENCH_STRICT", "") == "1",
        )


def say(message: str = "") -> None:
    print(message, flush=True)


# --- the database ------------------------------------------------------------------------------


def _redacted(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


def ensure_database(url: str) -> str:
    """Create the bench database if missing; return PostgreSQL's version."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise SystemExit(f"bench: BENCH_DATABASE_URL must be a PostgreSQL URL, not {url!r}")
    name = parts.path.lstrip("/")
    if not name:
        raise SystemExit("bench: BENCH_DATABASE_URL needs a database name")
    connect = {
        "host": parts.hostname or None,
        "port": parts.port or None,
        "user": parts.username or None,
        "password": parts.password or None,
        "connect_timeout": 5,
    }
    try:
        admin = psycopg.connect(dbname="postgres", autocommit=True, **connect)
    except psycopg.OperationalError as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise SystemExit(
            f"bench: PostgreSQL is not reachable at {parts.hostname}:{parts.port or 5432} "
            f"({first_line}).\nStart PostgreSQL, or point BENCH_DATABASE_URL at one."
        ) from None
    with admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            say(f"Creating database {name}")
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        version = admin.execute("SHOW server_version").fetchone()[0]
    return version


def settle_database(url: str) -> float:
    """VACUUM ANALYZE after the bulk load, so the timings don't depend on when autovacuum
    happens to run (index-only scans need the visibility map)."""
    import psycopg

    started = time.monotonic()
    with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
        conn.execute("VACUUM (ANALYZE) pathways_youngperson, audit_auditevent, accounts_user")
    return time.monotonic() - started


def child_env(cfg: Config) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": cfg.database_url,
            "DJANGO_SETTINGS_MODULE": "leavingcare.settings",
            "DEBUG": "0",
            "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "CONN_MAX_AGE": "60",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def seed_county(cfg, env) -> str:
    """Build the county (``seed_demo`` with the bench's size); quick when it is already there."""
    return run_manage(
        [
            "seed_demo",
            "--young-people",
            str(cfg.young_people),
            "--personal-advisers",
            str(cfg.personal_advisers),
            "--years",
            str(cfg.years),
        ],
        env,
        timeout=3600,
    )


def run_manage(args: list[str], env: dict[str, str], timeout: float) -> str:
    """Run manage.py, echoing its output; return the output. Killed after ``timeout``."""
    command = [sys.executable, str(ROOT / "manage.py"), *args]
    proc = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    fired = threading.Event()

    def kill() -> None:
        fired.set()
        proc.kill()  # also ends the read loop below

    watchdog = threading.Timer(timeout, kill)
    watchdog.daemon = True
    watchdog.start()
    lines = []
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            say("    " + line.rstrip())
        proc.wait(timeout=30)
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    finally:
        watchdog.cancel()
    if proc.returncode != 0:
        why = f"killed after {timeout:.0f}s" if fired.is_set() else f"exit status {proc.returncode}"
        raise SystemExit(f"bench: manage.py {' '.join(args)} failed ({why})")
    return "".join(lines)


# --- in-process: paths, query counts, data size ------------------------------------------------


@dataclass
class Page:
    name: str
    persona: str
    path: str
    max_p95_ms: float | None
    queries: int = 0
    query_status: int = 0
    sql: list[str] = field(default_factory=list)
    timing: dict[str, Any] = field(default_factory=dict)
    floor: dict[str, Any] = field(default_factory=dict)  # interleaved with this page


def prepare_in_process(cfg: Config, env: dict[str, str]) -> tuple[list[Page], dict, dict, str]:
    """Resolve paths and count queries with Django's test client against the bench DB.

    Returns (pages, floor query counts by persona, data size, the demo password)."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    # WhiteNoise warns that collectstatic has not run: irrelevant, no static file is timed.
    warnings.filterwarnings("ignore", message="No directory at", module="django.core.handlers")
    import django

    django.setup()
    from django.db import connection, connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from audit.models import AuditEvent
    from devtools.bench_data import COUNCIL_SLUG
    from devtools.demo import DEMO_PASSWORD
    from pathways.models import YoungPerson

    personas = {spec["persona"] for spec in PAGES}
    users = {u.email: u for u in User.objects.filter(email__in=personas)}
    for email in sorted(personas):
        user = users.get(email)
        # Checked here so that the HTTP sign-in never fails (django-axes counts failures).
        if user is None or not user.is_active or not user.check_password(DEMO_PASSWORD):
            raise SystemExit(f"bench: {email} is missing, inactive or has another password")

    def count(client: Client, path: str) -> tuple[int, int, list[str]]:
        client.get(path)  # warm-up
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        sql = [q["sql"] for q in ctx.captured_queries]
        statements = [s for s in sql if not TRANSACTION_CONTROL.match(s)]
        return len(statements), response.status_code, sql

    clients: dict[str, Client] = {}
    for email in sorted(personas):
        client = Client()
        client.force_login(users[email], backend="accounts.backends.EmailRoleBackend")
        clients[email] = client

    floors = {}
    for email, client in clients.items():
        n, status, sql = count(client, FLOOR_PATH)
        floors[email] = {"queries": n, "status": status, "sql": sql}

    pages = []
    chosen = {n.strip() for n in os.environ.get("BENCH_PAGES", "").split(",") if n.strip()}
    for spec in PAGES:
        if chosen and spec["name"] not in chosen:
            continue
        path = spec["path"]
        if callable(path):
            path = path(users[spec["persona"]])
        page = Page(spec["name"], spec["persona"], path, spec.get("max_p95_ms"))
        page.queries, page.query_status, page.sql = count(clients[spec["persona"]], path)
        pages.append(page)

    pa = users[PA]
    size = {
        "council": COUNCIL_SLUG,
        "young_people": YoungPerson.objects.filter(council__slug=COUNCIL_SLUG).count(),
        "personal_advisers": User.objects.filter(
            council__slug=COUNCIL_SLUG, roles__role="personal_adviser"
        ).count(),
        "staff": User.objects.filter(council__slug=COUNCIL_SLUG).count(),
        "audit_events": AuditEvent.objects.filter(council__slug=COUNCIL_SLUG).count(),
        "caseload_of_" + PA: YoungPerson.objects.filter(personal_adviser=pa).count(),
        "years": cfg.years,
    }
    connections.close_all()
    return pages, floors, size, DEMO_PASSWORD


# --- gunicorn ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn in its own process group, always stopped on the way out."""

    def __init__(self, cfg: Config, env: dict[str, str]):
        self.cfg = cfg
        self.env = env
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in stop()
            prefix="bench-gunicorn-", suffix=".log", delete=False
        )

    def command(self) -> list[str]:
        gunicorn = Path(sys.executable).parent / "gunicorn"
        exe = str(gunicorn) if gunicorn.exists() else shutil.which("gunicorn")
        if not exe:
            raise SystemExit("bench: gunicorn is not installed (make install)")
        # gthread with one thread: one request at a time per worker, like sync, but it keeps
        # connections alive (the sync worker closes every connection after one response).
        return [
            exe,
            "leavingcare.wsgi",
            "-b",
            f"127.0.0.1:{self.port}",
            "-w",
            str(self.cfg.workers),
            "-k",
            "gthread",
            "--threads",
            "1",
            "--keep-alive",
            "5",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ]

    def start(self) -> None:
        self.proc = subprocess.Popen(
            self.command(),
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"bench: gunicorn exited ({self.proc.returncode}):\n{self.tail()}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", FLOOR_PATH)
                if conn.getresponse().status == 200:
                    conn.close()
                    return
                conn.close()
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit(f"bench: gunicorn did not answer {FLOOR_PATH} in 60s:\n{self.tail()}")

    def tail(self, lines: int = 30) -> str:
        try:
            text = Path(self.log.name).read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)  # our own process group: gunicorn's
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)
        if not self.log.closed:
            self.log.close()
            with contextlib.suppress(OSError):
                os.unlink(self.log.name)


# --- HTTP --------------------------------------------------------------------------------------


class Browser:
    """One keep-alive connection and a cookie jar."""

    def __init__(self, port: int, timeout: float):
        self.port = port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None
        self.connections_opened = 0

    def _connection(self) -> http.client.HTTPConnection:
        if self.conn is None or self.conn.sock is None:
            if self.conn is not None:
                self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            self.conn.connect()
            self.connections_opened += 1
        return self.conn

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(
        self, method: str, path: str, body: str | None = None, headers: dict | None = None
    ) -> tuple[int, http.client.HTTPMessage, bytes]:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            conn = self._connection()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed an idle keep-alive connection: reconnect once (GET only).
                self.close()
                if attempt == 2 or method != "GET":
                    raise
        if response.will_close:
            self.close()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            value = rest.split(";", 1)[0]
            if "max-age=0" in cookie.lower() or not value.strip('"'):
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value
        return response.status, response.headers, data

    def sign_in(self, email: str, password: str) -> None:
        status, _, body = self.request("GET", "/sign-in/")
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if status != 200 or not match or "csrftoken" not in self.cookies:
            raise SystemExit(f"bench: GET /sign-in/ gave {status} without a CSRF token")
        form = urlencode(
            {
                "csrfmiddlewaretoken": match.group(1).decode(),
                "username": email,
                "password": password,
                "next": "",
            }
        )
        status, headers, _ = self.request(
            "POST",
            "/sign-in/",
            body=form,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{self.port}/sign-in/",
            },
        )
        if status != 302 or "sessionid" not in self.cookies:
            # No retry: django-axes would count each failure against this persona.
            raise SystemExit(f"bench: signing in as {email} failed ({status})")


def percentile(sorted_ms: list[float], pct: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    if len(sorted_ms) == 1:
        return sorted_ms[0]
    rank = (len(sorted_ms) - 1) * pct / 100
    low = int(rank)
    high = min(low + 1, len(sorted_ms) - 1)
    return sorted_ms[low] + (sorted_ms[high] - sorted_ms[low]) * (rank - low)


@dataclass
class Samples:
    ms: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    bytes: int = 0

    def get(self, browser: Browser, path: str) -> None:
        t0 = time.perf_counter_ns()
        status, _, body = browser.request("GET", path)
        self.ms.append((time.perf_counter_ns() - t0) / 1e6)
        self.statuses[status] += 1
        self.bytes = len(body)

    def summary(self) -> dict[str, Any]:
        ms = sorted(self.ms)
        return {
            "requests": len(ms),
            "p50_ms": round(percentile(ms, 50), 2),
            "p95_ms": round(percentile(ms, 95), 2),
            "p99_ms": round(percentile(ms, 99), 2),
            "mean_ms": round(statistics.fmean(ms), 2),
            "min_ms": round(ms[0], 2),
            "max_ms": round(ms[-1], 2),
            # One sequential client: requests per second of time spent on this path.
            "req_per_s": round(len(ms) / (sum(ms) / 1000), 1),
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "status": self.statuses.most_common(1)[0][0],
            "bytes": self.bytes,
        }


def time_page(browser: Browser, path: str, cfg: Config) -> tuple[Samples, Samples, int]:
    """Time ``path`` and the floor, interleaved (floor, page, floor, page...) on one
    keep-alive connection, so both see the same machine at the same moment. Returns the
    page's samples, the floor's and the number of connections opened (1 if kept alive)."""
    browser.close()
    opened = browser.connections_opened
    warm = Samples()
    for _ in range(cfg.warmup):
        warm.get(browser, FLOOR_PATH)
        warm.get(browser, path)
    page, floor = Samples(), Samples()
    for _ in range(cfg.requests):
        floor.get(browser, FLOOR_PATH)
        page.get(browser, path)
    return page, floor, browser.connections_opened - opened


# --- report ------------------------------------------------------------------------------------


def machine_info(postgres_version: str) -> dict[str, Any]:
    cpu = platform.processor()
    memory_gb = None
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    try:
        nproc = len(os.sched_getaffinity(0))
    except AttributeError:
        nproc = os.cpu_count()
    versions = {}
    for package in ("django", "gunicorn", "psycopg"):
        with contextlib.suppress(Exception):
            from importlib.metadata import version

            versions[package] = version(package)
    return {
        "nproc": nproc,
        "cpu": cpu,
        "memory_gb": memory_gb,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "postgres": postgres_version,
        **versions,
    }


def code_version() -> dict[str, Any]:
    """The commit measured, and whether the working tree had uncommitted changes."""

    def git(*args: str) -> str:
        try:
            done = subprocess.run(
                ["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10
            )
        except (OSError, subprocess.TimeoutExpired):
            return ""
        return done.stdout.strip() if done.returncode == 0 else ""

    changed = [line for line in git("status", "--porcelain").splitlines() if line.strip()]
    return {"commit": git("rev-parse", "HEAD") or None, "uncommitted_changes": len(changed)}


def verdict(page: Page, floor_p95: float) -> tuple[float, list[str]]:
    ratio = page.timing["p95_ms"] / floor_p95 if floor_p95 else float("inf")
    misses = []
    if ratio > FLOOR_RATIO_TARGET:
        misses.append(f"p95 > {FLOOR_RATIO_TARGET:g}x floor")
    if page.max_p95_ms is not None and page.timing["p95_ms"] > page.max_p95_ms:
        misses.append(f"p95 > {page.max_p95_ms:g} ms")
    if page.timing["status"] != 200 or page.query_status != 200:
        misses.append("not 200")
    return ratio, misses


def print_table(rows: list[dict[str, Any]]) -> None:
    header = (
        f"{'page':<20} {'persona':<29} {'p50 ms':>7} {'p95 ms':>7} {'req/s':>6} "
        f"{'floor p95':>9} {'p95/floor':>9} {'queries':>7} {'status':>6}  target"
    )
    say(header)
    say("-" * len(header))
    for r in rows:
        say(
            f"{r['page']:<20} {r['persona']:<29} {r['p50_ms']:>7.1f} {r['p95_ms']:>7.1f} "
            f"{r['req_per_s']:>6.0f} {r['floor_p95_ms']:>9.1f} {r['ratio']:>9.2f} "
            f"{r['queries']:>7} {r['status']:>6}  {r['target']}"
        )


def main() -> int:
    cfg = Config.from_env()
    started = dt.datetime.now().astimezone()
    say(f"Benchmark database: {_redacted(cfg.database_url)}")
    postgres_version = ensure_database(cfg.database_url)
    env = child_env(cfg)

    say("Migrating")
    try:
        run_manage(["migrate", "--noinput"], env, timeout=900)
    except SystemExit:
        db = urlsplit(cfg.database_url)
        say(
            "If that was InconsistentMigrationHistory, a migration was rewritten since the bench "
            f"database was built: drop it (dropdb -h {db.hostname} -U {db.username or 'postgres'}"
            f" {db.path.lstrip('/')}) and run again."
        )
        raise

    say(f"Seeding {cfg.young_people:,} young people (quick if already there)")
    t0 = time.monotonic()
    output = seed_county(cfg, env)
    seed_seconds = time.monotonic() - t0
    summary = next(
        (line.strip() for line in output.splitlines() if line.startswith("Benchmark County")), ""
    )
    say(f"Seeding took {seed_seconds:.1f}s")
    vacuum_seconds = settle_database(cfg.database_url)
    say(f"VACUUM ANALYZE took {vacuum_seconds:.1f}s")

    say("Counting queries in-process (Django test client)")
    pages, floor_queries, size, password = prepare_in_process(cfg, env)

    server = Server(cfg, env)
    atexit.register(server.stop)
    browsers: dict[str, Browser] = {}
    floors: dict[str, Samples] = {}
    try:
        say(f"Starting gunicorn on 127.0.0.1:{server.port} ({cfg.workers} workers)")
        server.start()
        for email in dict.fromkeys(p.persona for p in pages):
            browser = Browser(server.port, cfg.timeout)
            browser.sign_in(email, password)
            browsers[email] = browser
        load_before = os.getloadavg()
        if load_before[0] > 0.5:
            say(
                f"Warning: load average {load_before[0]:.2f} before timing: something else is "
                "using the CPU, so the figures will be pessimistic"
            )
        say(
            f"Timing: per page {cfg.warmup} warm-up + {cfg.requests} measured requests, "
            f"each after a floor request ({FLOOR_PATH}, same session)"
        )
        for page in pages:
            samples, floor, connections = time_page(browsers[page.persona], page.path, cfg)
            page.timing = samples.summary() | {"connections": connections}
            page.floor = floor.summary()
            pooled = floors.setdefault(page.persona, Samples())
            pooled.ms += floor.ms
            pooled.statuses.update(floor.statuses)
            pooled.bytes = floor.bytes
            say(
                f"  {page.name}: p95 {page.timing['p95_ms']:.1f} ms "
                f"(floor p95 {page.floor['p95_ms']:.1f} ms)"
            )
        load_after = os.getloadavg()
    finally:
        for browser in browsers.values():
            browser.close()
        server.stop()

    rows = []
    for email, pooled in floors.items():
        timing = pooled.summary()
        rows.append(
            {
                "page": "healthcheck (floor)",
                "persona": email,
                "path": FLOOR_PATH,
                **timing,
                "floor_p95_ms": timing["p95_ms"],
                "ratio": 1.0,
                "queries": floor_queries[email]["queries"],
                "sql": floor_queries[email]["sql"],
                "target": "",
                "max_p95_ms": None,
            }
        )
    misses_total = 0
    errors = 0
    for page in pages:
        ratio, misses = verdict(page, page.floor["p95_ms"])
        misses_total += bool(misses)
        errors += page.timing["status"] != 200 or page.query_status != 200
        rows.append(
            {
                "page": page.name,
                "persona": page.persona,
                "path": page.path,
                **page.timing,
                "floor_p95_ms": page.floor["p95_ms"],
                "floor": page.floor,
                "ratio": round(ratio, 2),
                "queries": page.queries,
                "sql": page.sql,
                "max_p95_ms": page.max_p95_ms,
                "target": "MISS: " + "; ".join(misses) if misses else "ok",
            }
        )
    say()
    say(
        f"{size['young_people']:,} young people, {size['personal_advisers']} personal advisers, "
        f"{size['audit_events']:,} audit events; {cfg.requests} requests per page after "
        f"{cfg.warmup} warm-up; one sequential client; gunicorn {cfg.workers} workers; "
        f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after"
    )
    print_table(rows)

    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"{started:%Y-%m-%d}.json"
    report = {
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine_info(postgres_version),
        "code": code_version(),
        "load_average": {
            "before_timing": [round(x, 2) for x in load_before],
            "after_timing": [round(x, 2) for x in load_after],
        },
        "data": size,
        "seeding": {
            "seconds": round(seed_seconds, 1),
            "summary": summary,
            "vacuum_analyze_seconds": round(vacuum_seconds, 1),
        },
        "settings": {
            "requests": cfg.requests,
            "warmup": cfg.warmup,
            "workers": cfg.workers,
            "worker_class": "gthread",
            "threads": 1,
            "conn_max_age": 60,
            "debug": False,
            "database": _redacted(cfg.database_url),
        },
        "targets": {"p95_floor_ratio": FLOOR_RATIO_TARGET, "list_p95_ms": LIST_P95_TARGET_MS},
        "pages": rows,
    }
    from devtools.bench.reminders import bench_sweep

    if os.environ.get("BENCH_OC3", "1") != "0":
        oc3_result = run_oc3_export()
        if oc3_result["export_faults"] or oc3_result["died_then_alive"]:
            say("bench: the county's SSDA903 export breaks a DfE rule (see the JSON)")
            errors += 1
        report["oc3_export"] = oc3_result
    if os.environ.get("BENCH_SWEEP", "1") != "0":
        say("Timing the reminders sweep in-process")
        sweep_result = bench_sweep()
        say(
            f"  reminders sweep: {sweep_result['seconds']}s for "
            f"{sweep_result['young_people']:,} young people, "
            f"{sweep_result['reminders_created']} reminders, "
            f"{sweep_result['emails']} emails (target < 20s)"
        )
        misses_total += not sweep_result["within_target"]
        report["reminders_sweep"] = sweep_result
    from devtools.bench.panels import bench_pack, summary_line

    if os.environ.get("BENCH_PACK", "1") != "0":
        say("Building a 100-page panel pack in-process (scripts/bench_pack.py does only this)")
        pack_result = bench_pack()
        say(summary_line(pack_result))
        misses_total += not pack_result["within_target"]
        report["panel_pack"] = pack_result
    out.write_text(json.dumps(report, indent=2, default=str) + "\n")
    say(f"\nWrote {out.relative_to(ROOT)}")
    if errors:
        say(f"bench: {errors} page(s) did not answer 200")
        return 1
    if misses_total:
        say(f"{misses_total} page(s) missed a target (see docs/benchmarks.md)")
        return 1 if cfg.strict else 0
    return 0


def run_oc3_export() -> dict:
    """Export the county's Header and OC3 files for four collection years and check every DfE
    rule the app knows on them (``devtools.bench.dashboards.bench_oc3_export``)."""
    from devtools.bench.dashboards import bench_oc3_export, oc3_summary_lines

    say("Exporting the county's SSDA903 Header and OC3 files and checking DfE's rules on them")
    result = bench_oc3_export()
    for line in oc3_summary_lines(result):
        say(line)
    return result


def main_oc3_only() -> int:
    """``BENCH_ONLY=oc3``: build (or find) the county, then only export and check its
    returns: no server, no page timings."""
    cfg = Config.from_env()
    say(f"Benchmark database: {_redacted(cfg.database_url)}")
    ensure_database(cfg.database_url)
    env = child_env(cfg)
    say("Migrating")
    run_manage(["migrate", "--noinput"], env, timeout=900)
    say(f"Seeding {cfg.young_people:,} young people (quick if already there)")
    seed_county(cfg, env)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    result = run_oc3_export()
    if result["export_faults"] or result["died_then_alive"]:
        say("bench: the county's SSDA903 export breaks a DfE rule")
        return 1
    return 0


def _terminate(signum, frame):
    raise SystemExit(128 + signum)  # unwinds through the finally that stops gunicorn


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGHUP, _terminate)
    only = os.environ.get("BENCH_ONLY", "").strip()
    if only not in ("", "oc3"):
        raise SystemExit(f"bench: BENCH_ONLY may be oc3, not {only!r}")
    sys.exit(main_oc3_only() if only == "oc3" else main())
