"""Two sweeps at once, through the real Redis broker and two real worker processes (as when
beat fires twice, or two schedulers run): every due item gets exactly one reminder."""

from __future__ import annotations

import time

import pytest
from django.db import connection

from reminders.models import Reminder, SweepRun
from tests.reminders.factories import due_people, keys_made, office

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the workers share PostgreSQL"
)


def wait_for(condition, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_two_sweeps_at_once_on_two_workers_make_one_reminder_per_due_item(
    producer, start_worker, monkeypatch
):
    monkeypatch.setenv("REMINDERS_CHUNK_SIZE", "5")  # many small chunks, racing each other
    monkeypatch.setenv("REMINDERS_TEST_CHUNK_DELAY", "0.1")
    from django.utils import timezone

    today = timezone.localdate()
    where = office(advisers=12)  # chunks of one or two advisers' caseloads
    _, expected = due_people(where, today=today, count=60)

    first = start_worker(concurrency=2)
    second = start_worker(concurrency=2)
    kwargs = {"today": today.isoformat(), "council_id": where.council.pk}
    results = [
        producer.send_task("reminders.sweep", kwargs=kwargs, queue=first.queue),
        producer.send_task("reminders.sweep", kwargs=kwargs, queue=second.queue),
    ]
    for result in results:
        assert result.get(timeout=60)["chunks"][where.council.slug] >= 6
    wait_for(
        lambda: SweepRun.objects.filter(status=SweepRun.Status.FINISHED).count() == 2,
        timeout=90,
        what="both sweeps to finish",
    )

    assert keys_made() == expected
    assert Reminder.objects.filter(young_person__isnull=False).count() == len(expected)
    assert Reminder.objects.filter(young_person__isnull=True).count() == 1  # one digest
    assert set(Reminder.objects.values_list("status", flat=True)) == {Reminder.Status.SENT}
    runs = list(SweepRun.objects.all())
    assert sum(run.reminders_created for run in runs) == len(expected) + 1
    assert sum(run.reminders_sent for run in runs) == len(expected) + 1
