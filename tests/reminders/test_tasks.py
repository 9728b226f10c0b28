"""The Celery tasks in-process (eager): the same sweep as the command, safe to run twice."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from reminders import tasks
from reminders.models import Reminder, SweepRun
from reminders.selectors import settings_for
from reminders.services import sweep
from tests.clock import TODAY, at
from tests.factories import YoungPersonFactory

from .factories import born_aged, due_people, keys_made, office

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen():
    with time_machine.travel(at(TODAY, 6, 30), tick=False):
        yield TODAY


def test_beat_firing_twice_makes_one_reminder_per_due_item(frozen):
    where = office()
    _, expected = due_people(where, today=TODAY, count=12)
    first = tasks.sweep.delay()
    second = tasks.sweep.delay()
    assert first.get()["today"] == TODAY.isoformat()
    assert second.get()["chunks"] == {where.council.slug: 2}
    assert keys_made() == expected
    assert SweepRun.objects.filter(status=SweepRun.Status.FINISHED).count() == 2
    assert set(Reminder.objects.values_list("status", flat=True)) == {Reminder.Status.SENT}


def test_a_sweep_task_delivered_twice_plans_its_run_once(frozen):
    where = office()
    due_people(where, today=TODAY, count=6)
    tasks.sweep.apply(kwargs={"today": TODAY.isoformat()}, task_id="the-same-task")
    tasks.sweep.apply(kwargs={"today": TODAY.isoformat()}, task_id="the-same-task")
    run = SweepRun.objects.get()
    assert run.task_id == f"the-same-task:{where.council.pk}"
    assert run.status == SweepRun.Status.FINISHED


def test_a_chunk_task_run_again_after_it_finished_does_nothing(frozen):
    where = office()
    _, expected = due_people(where, today=TODAY, count=6)
    run = sweep.start_run(council=where.council, today=TODAY, trigger="schedule")
    chunk_id = sweep.chunks_to_do(run)[0]
    tasks.sweep_chunk.delay(chunk_id=chunk_id)
    made = Reminder.objects.count()
    tasks.sweep_chunk.delay(chunk_id=chunk_id)
    assert Reminder.objects.count() == made
    run.refresh_from_db()
    assert run.chunks_done == 1


def test_a_reminder_about_someone_no_longer_allocated_is_cancelled_by_the_next_sweep(frozen):
    where = office()
    yp = YoungPersonFactory(
        council=where.council,
        personal_adviser=where.pa,
        team=where.team,
        date_of_birth=born_aged(TODAY, 20),
        last_contact_on=TODAY - timedelta(weeks=9),
    )
    run = sweep.start_run(council=where.council, today=TODAY, trigger="command")
    policy = settings_for(where.council).policy()
    sweep.make_reminders(run=run, adviser_ids=[where.pa.pk], policy=policy)
    type(yp).objects.filter(pk=yp.pk).update(personal_adviser=None)
    with time_machine.travel(at(TODAY + timedelta(days=1), 6, 30), tick=False):
        sweep.run_all(councils=[where.council])
    reminder = Reminder.objects.get(young_person=yp)
    assert reminder.status == Reminder.Status.CANCELLED
    assert reminder.note == "Not sent: no longer due when it was to be sent"
