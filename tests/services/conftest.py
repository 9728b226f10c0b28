"""Real services for task tests: the Redis broker and Celery worker processes.

Without Redis these tests are skipped with the reason; with REQUIRE_SERVICES=1 they fail.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import time_machine
from celery import Celery
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/services/" in str(item.fspath):
            item.add_marker(pytest.mark.services)
            item.add_marker(pytest.mark.xdist_group("services"))


@pytest.fixture(scope="session")
def redis_url() -> str:
    import redis

    url = settings.TEST_REDIS_URL
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except Exception as exc:  # noqa: BLE001
        message = f"Redis cannot be reached at {url}: {exc}"
        if settings.REQUIRE_SERVICES:
            pytest.fail(f"REQUIRE_SERVICES=1 but {message}")
        pytest.skip(message)
    return url


#: Every key this test run's broker traffic uses starts with this (kombu's global_keyprefix),
#: so two test runs sharing one Redis database (a developer's and CI's, or two sessions') never
#: restore or consume each other's messages: a redelivery test's short visibility timeout
#: would otherwise send another run's unacknowledged tasks round again.
BROKER_PREFIX = f"leavingcare-test-{uuid.uuid4().hex[:12]}:"


def _clock_shift() -> float:
    """Seconds between this process's clock (pinned by tests/conftest.py) and the machine's."""
    real = time_machine.escape_hatch.time.time()
    return time.time() - real


class Worker:
    """A real `celery worker` process consuming a queue of its own."""

    def __init__(self, *, redis_url: str, queue: str, database: str, concurrency: int = 1):
        self.queue = queue
        env = os.environ | {
            # The worker keeps the test's pinned clock (tests/clock.py).
            "LEAVINGCARE_TEST_CLOCK_SHIFT": str(_clock_shift()),
            "LEAVINGCARE_TEST_BROKER_PREFIX": BROKER_PREFIX,
            "DJANGO_SETTINGS_MODULE": "leavingcare.settings.test",
            "LEAVINGCARE_WORKER": "1",
            "LEAVINGCARE_WORKER_DB": database,
            "TEST_REDIS_URL": redis_url,
        }
        self.log_path = ROOT / "test-results" / f"worker-{queue}.log"
        self.log_path.parent.mkdir(exist_ok=True)
        self.log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "leavingcare",
                "worker",
                "-Q",
                queue,
                "--pool",
                "prefork",
                "--concurrency",
                str(concurrency),
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"{queue}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited: {self.log_path.read_text()[-3000:]}")
            if "ready." in self.log_path.read_text():
                return
            time.sleep(0.2)
        raise TimeoutError(f"worker not ready: {self.log_path.read_text()[-3000:]}")

    def kill(self, sig=signal.SIGKILL) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


@pytest.fixture
def producer(redis_url):
    """A Celery client that sends through the real Redis broker."""
    # set_as_current=False: shared tasks elsewhere in this process must keep the project app.
    app = Celery(
        "leavingcare-test-producer", broker=redis_url, backend=redis_url, set_as_current=False
    )
    app.conf.update(
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        broker_transport_options={"global_keyprefix": BROKER_PREFIX},
    )
    yield app
    app.close()


@pytest.fixture
def start_worker(redis_url, transactional_db):
    """Start real worker processes against the test database; stopped after the test."""
    workers: list[Worker] = []
    database = connection.settings_dict["NAME"]

    def start(*, queue: str | None = None, concurrency: int = 1) -> Worker:
        worker = Worker(
            redis_url=redis_url,
            queue=queue or f"test-{uuid.uuid4().hex[:8]}",
            database=database,
            concurrency=concurrency,
        )
        workers.append(worker)
        worker.wait_ready()
        return worker

    yield start
    for worker in workers:
        worker.stop()
