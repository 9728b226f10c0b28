"""A worker killed with SIGKILL in the middle of a sweep: its unacknowledged chunk task goes
back to the queue (acks_late, Redis visibility timeout) and another worker finishes the job.
Every due item ends with exactly one reminder, sent; none is missed."""

from __future__ import annotations

import time
import uuid

import pytest
from django.db import connection
from django.utils import timezone

from reminders.models import Reminder, SweepChunk, SweepRun
from tests.reminders.factories import due_people, keys_made, office

from .test_reminders_concurrency import wait_for

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the workers share PostgreSQL"
)


def test_a_worker_killed_mid_sweep_is_replaced_and_nothing_is_lost_or_doubled(
    producer, start_worker, monkeypatch
):
    monkeypatch.setenv("REMINDERS_CHUNK_SIZE", "10")
    monkeypatch.setenv("REMINDERS_TEST_CHUNK_DELAY", "1.5")  # between making and sending
    monkeypatch.setenv("CELERY_VISIBILITY_TIMEOUT", "4")
    monkeypatch.setenv("REMINDERS_SEND_LEASE_SECONDS", "5")
    today = timezone.localdate()
    where = office(advisers=6)  # chunks of one or two advisers' caseloads
    _, expected = due_people(where, today=today, count=60)
    queue = f"test-{uuid.uuid4().hex[:8]}"

    doomed = start_worker(queue=queue)
    producer.send_task(
        "reminders.sweep",
        kwargs={"today": today.isoformat(), "council_id": where.council.pk},
        queue=queue,
    )

    def mid_chunk() -> bool:
        # One chunk finished, and the next one's reminders made but not yet sent.
        done = SweepChunk.objects.filter(done_at__isnull=False).count()
        waiting = Reminder.objects.filter(status=Reminder.Status.PENDING).exists()
        return done >= 1 and waiting

    wait_for(mid_chunk, timeout=60, what="the sweep to be half way through a chunk")
    doomed.kill()  # SIGKILL: no chance to acknowledge or tidy up
    run = SweepRun.objects.get()
    assert run.status == SweepRun.Status.RUNNING
    assert keys_made(status=Reminder.Status.SENT) < expected  # work was left undone
    killed_at = time.monotonic()

    start_worker(queue=queue)
    wait_for(
        lambda: SweepRun.objects.filter(status=SweepRun.Status.FINISHED).exists(),
        timeout=120,
        what="the replacement worker to finish the sweep",
    )
    assert time.monotonic() - killed_at > 3  # it came back through the visibility timeout

    assert keys_made() == expected
    assert Reminder.objects.filter(young_person__isnull=False).count() == len(expected)
    assert set(Reminder.objects.values_list("status", flat=True)) == {Reminder.Status.SENT}
    run.refresh_from_db()
    assert run.chunks_done == run.chunks_total >= 4
    assert run.reminders_created == len(expected) + 1
