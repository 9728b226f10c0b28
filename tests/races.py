"""Forcing a race open on PostgreSQL, for the race tests (tests/*/test_races.py).

``another_writer_holding(write)`` runs another user's ``write`` on its own thread and
connection, in a transaction it holds open until some other connection (the test's request)
waits on it, then commits. So a request's check ("is this value free?") passes while the other
write is uncommitted, and its own write then collides: the check-then-write window is forced,
not left to chance. Tests need ``transactional_db`` (the other connection must see the data).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connection, transaction

WAITED_ON = "SELECT count(*) FROM pg_locks WHERE NOT granted AND %s = ANY(pg_blocking_pids(pid))"


@contextmanager
def another_writer_holding(write: Callable[[], object], *, timeout: float = 10) -> Iterator[dict]:
    """Run ``write`` on another thread (its own connection) in a transaction that commits
    only once some other connection waits on it (or after ``timeout``). Yields while the
    write is held; afterwards ``state["waited"]`` says whether anything waited on it."""
    state: dict = {"waited": False, "error": None}
    held = threading.Event()

    def run() -> None:
        try:
            with transaction.atomic():
                write()
                held.set()
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_backend_pid()")
                    (pid,) = cursor.fetchone()
                    deadline = time.monotonic() + timeout
                    while time.monotonic() < deadline:
                        cursor.execute(WAITED_ON, [pid])
                        if cursor.fetchone()[0]:
                            state["waited"] = True
                            break
                        time.sleep(0.02)
        except BaseException as error:  # reported on the test's thread
            state["error"] = error
            held.set()
        finally:
            connection.close()

    thread = threading.Thread(target=run, name="other-writer")
    thread.start()
    assert held.wait(timeout), "the other writer did not start"
    try:
        if state["error"] is None:
            yield state
    finally:
        thread.join(timeout + 5)
    if state["error"] is not None:
        raise state["error"]
