"""The sweep in-process: one reminder per due item, sent once, to the right person, by the
right channel; never for work already done."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.test import override_settings

from pathways.models import Review
from pathways.services.work import record_contact, record_review
from reminders.models import NotificationPreference, Reminder, SweepChunk, SweepRun
from reminders.rules import Kind
from reminders.selectors import settings_for
from reminders.services import delivery, sweep
from tests.clock import TODAY, at
from tests.factories import ApprovedPlanFactory, UserFactory, YoungPersonFactory

from .factories import born_aged, due_people, keys_made, office

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen():
    with time_machine.travel(at(TODAY, 6, 30), tick=False):
        yield TODAY


@pytest.fixture
def where():
    return office()


def test_every_due_item_gets_exactly_one_reminder_and_a_second_sweep_makes_none(where, frozen):
    _, expected = due_people(where, today=TODAY, count=18)
    first = sweep.run_all(today=TODAY, councils=[where.council])[0]
    assert keys_made() == expected
    assert first.created == len(expected) + 1  # and the team manager's weekly digest
    second = sweep.run_all(today=TODAY, councils=[where.council])[0]
    assert second.created == 0 and second.sent == 0
    assert Reminder.objects.count() == len(expected) + 1
    assert set(Reminder.objects.values_list("status", flat=True)) == {Reminder.Status.SENT}


def test_the_database_refuses_a_second_reminder_with_the_same_key(where, frozen):
    yp = YoungPersonFactory(council=where.council, personal_adviser=where.pa, team=where.team)
    fields = {
        "council": where.council,
        "recipient": where.pa,
        "kind": Kind.CONTACT_OVERDUE,
        "young_person": yp,
        "due_on": TODAY,
    }
    Reminder.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.create(**fields)


@override_settings(REMINDERS_CHUNK_SIZE=10)
def test_a_council_is_swept_in_chunks_of_whole_caseloads_and_everyone_is_covered(where, frozen):
    _, expected = due_people(where, today=TODAY, count=36)  # 12 for each of 3 advisers
    summary = sweep.run_all(today=TODAY, councils=[where.council])[0]
    run = SweepRun.objects.get()
    assert run.chunks_total == 3 + 1  # one adviser's caseload each, and the digests
    chunks = run.chunks.filter(part=SweepChunk.Part.ADVISERS).order_by("number")
    assert [c.adviser_ids for c in chunks] == [[pa.pk] for pa in where.pas]
    assert run.status == SweepRun.Status.FINISHED and run.finished_at is not None
    assert summary.young_people == 36
    assert keys_made() == expected


@override_settings(REMINDERS_CHUNK_SIZE=20)
def test_small_caseloads_share_a_chunk(where, frozen):
    due_people(where, today=TODAY, count=18)  # 6 each
    run = sweep.start_run(council=where.council, today=TODAY, trigger=SweepRun.Trigger.COMMAND)
    chunks = run.chunks.filter(part=SweepChunk.Part.ADVISERS)
    assert [c.adviser_ids for c in chunks] == [[pa.pk for pa in where.pas]]


def test_each_adviser_gets_one_email_listing_their_reminders(where, frozen):
    _, expected = due_people(where, today=TODAY, count=18)
    sweep.run_all(today=TODAY, councils=[where.council])
    to_pa = [m for m in mail.outbox if m.to == [where.pa.email]]
    assert len(to_pa) == 1
    mine = [k for k in expected if k[0] == where.pa.pk]
    assert to_pa[0].subject == f"Leaving care: {len(mine)} reminders about young people"
    assert to_pa[0].body.count("Open their record:") == len(mine)
    to_manager = [m for m in mail.outbox if m.to == [where.manager.email]]
    assert len(to_manager) == 2  # the escalations, and the weekly digest
    assert any("3 overdue items escalated to you" in m.subject for m in to_manager)


def test_young_people_added_to_a_caseload_after_the_run_was_planned_are_still_swept(where, frozen):
    _, expected = due_people(where, today=TODAY, count=5)
    run = sweep.start_run(council=where.council, today=TODAY, trigger=SweepRun.Trigger.COMMAND)
    _, later = due_people(where, today=TODAY, count=2)
    for chunk_id in sweep.chunks_to_do(run):
        sweep.run_chunk(chunk_id=chunk_id)
    assert keys_made() == expected | later


def test_escalations_go_to_the_team_manager_by_email_even_when_they_chose_the_inbox_only(
    where, frozen
):
    NotificationPreference.objects.create(
        user=where.manager, channel=NotificationPreference.Channel.IN_APP
    )
    NotificationPreference.objects.create(
        user=where.pa, channel=NotificationPreference.Channel.IN_APP
    )
    yp = YoungPersonFactory(
        council=where.council,
        personal_adviser=where.pa,
        team=where.team,
        date_of_birth=born_aged(TODAY, 20),
        next_review_due_on=TODAY - timedelta(days=10),
    )
    sweep.run_all(today=TODAY, councils=[where.council])
    escalation = Reminder.objects.get(kind=Kind.ESCALATED_REVIEW)
    assert escalation.recipient == where.manager and escalation.young_person == yp
    assert escalation.status == Reminder.Status.SENT and escalation.emailed
    own = Reminder.objects.get(kind=Kind.REVIEW_OVERDUE)
    assert own.recipient == where.pa and own.status == Reminder.Status.SENT and not own.emailed
    to = [m.to for m in mail.outbox]
    assert [where.manager.email] in to and [where.pa.email] not in to


def test_without_a_team_manager_escalations_go_to_the_service_managers(where, frozen):
    where.manager.is_active = False
    where.manager.save()
    YoungPersonFactory(
        council=where.council,
        personal_adviser=where.pa,
        team=where.team,
        date_of_birth=born_aged(TODAY, 20),
        last_contact_on=TODAY - timedelta(weeks=10),
    )
    sweep.run_all(today=TODAY, councils=[where.council])
    assert Reminder.objects.get(kind=Kind.ESCALATED_CONTACT).recipient == where.service_manager


def test_emails_have_plain_text_and_html_and_link_straight_to_the_record(where, frozen):
    yp = YoungPersonFactory(
        council=where.council,
        personal_adviser=where.pa,
        team=where.team,
        date_of_birth=born_aged(TODAY, 20),
        next_review_due_on=TODAY + timedelta(days=7),
    )
    sweep.run_all(today=TODAY, councils=[where.council])
    (message,) = [m for m in mail.outbox if m.to == [where.pa.email]]
    due = TODAY + timedelta(days=7)
    assert message.subject == f"Leaving care: Pathway-plan review due on {due:%-d %B %Y}"
    assert yp.display_name not in message.subject  # names stay out of subject lines
    link = f"http://127.0.0.1:8000/pathways/young-people/{yp.uuid}/"
    assert link in message.body and yp.display_name in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and link in html


def test_a_review_recorded_the_day_before_the_sweep_means_no_overdue_reminder(where):
    yp = YoungPersonFactory(
        council=where.council,
        personal_adviser=where.pa,
        team=where.team,
        date_of_birth=born_aged(TODAY, 20),
    )
    ApprovedPlanFactory(young_person=yp)
    yp.next_review_due_on = TODAY - timedelta(days=1)
    yp.save()
    with time_machine.travel(at(TODAY - timedelta(days=1), 16), tick=False):
        record_review(
            young_person=yp,
            by=where.pa,
            held_on=TODAY - timedelta(days=1),
            review_type=Review.Type.SCHEDULED,
            attendees="The young person and their PA",
            young_person_views="Fine",
            eet_progress="At college",
            outcome="Carry on",
        )
    with time_machine.travel(at(TODAY, 6, 30), tick=False):
        sweep.run_all(councils=[where.council])
    assert not Reminder.objects.filter(young_person=yp).exists()


def test_a_reminder_whose_duty_is_done_before_it_is_sent_is_not_sent(where, frozen):
    yp = YoungPersonFactory(
        council=where.council,
        personal_adviser=where.pa,
        team=where.team,
        date_of_birth=born_aged(TODAY, 20),
        last_contact_on=TODAY - timedelta(weeks=8, days=2),
    )
    run = sweep.start_run(council=where.council, today=TODAY, trigger=SweepRun.Trigger.COMMAND)
    policy = settings_for(where.council).policy()
    sweep.make_reminders(run=run, adviser_ids=[where.pa.pk], policy=policy)
    reminder = Reminder.objects.get(young_person=yp)
    assert reminder.status == Reminder.Status.PENDING

    record_contact(
        young_person=yp, by=where.pa, occurred_at=at(TODAY, 6), kind="phone", notes="Caught up"
    )
    outcome = delivery.deliver(
        council_id=where.council.pk, scope=Q(young_person=yp), today=TODAY, policy=policy
    )
    reminder.refresh_from_db()
    assert reminder.status == Reminder.Status.CANCELLED
    assert outcome.cancelled == 1 and outcome.sent == 0
    assert mail.outbox == []


def test_a_reminder_for_a_young_person_reallocated_before_sending_goes_to_nobody_old(where, frozen):
    other_pa = UserFactory(council=where.council, team=where.team, roles=["personal_adviser"])
    yp = YoungPersonFactory(
        council=where.council,
        personal_adviser=where.pa,
        team=where.team,
        date_of_birth=born_aged(TODAY, 20),
        moved_on=TODAY - timedelta(days=1),
    )
    run = sweep.start_run(council=where.council, today=TODAY, trigger=SweepRun.Trigger.COMMAND)
    policy = settings_for(where.council).policy()
    sweep.make_reminders(run=run, adviser_ids=[p.pk for p in where.pas], policy=policy)
    type(yp).objects.filter(pk=yp.pk).update(personal_adviser=other_pa)
    for chunk_id in sweep.chunks_to_do(run):
        sweep.run_chunk(chunk_id=chunk_id)
    statuses = dict(Reminder.objects.filter(young_person=yp).values_list("recipient", "status"))
    assert statuses == {where.pa.pk: Reminder.Status.CANCELLED, other_pa.pk: Reminder.Status.SENT}


def test_two_workers_claiming_at_once_never_get_the_same_reminder(where, frozen):
    due_people(where, today=TODAY, count=6)
    run = sweep.start_run(council=where.council, today=TODAY, trigger=SweepRun.Trigger.COMMAND)
    policy = settings_for(where.council).policy()
    sweep.make_reminders(run=run, adviser_ids=[p.pk for p in where.pas], policy=policy)
    scope = Q(young_person__isnull=False)
    first = delivery.claim(council_id=where.council.pk, scope=scope)
    second = delivery.claim(council_id=where.council.pk, scope=scope)
    assert first is not None and second is None
    assert (
        Reminder.objects.filter(claim_token=first).count()
        == Reminder.objects.filter(young_person__isnull=False).count()
    )


def test_a_claim_left_by_a_dead_worker_is_taken_over_after_the_lease(where, frozen):
    due_people(where, today=TODAY, count=6)
    run = sweep.start_run(council=where.council, today=TODAY, trigger=SweepRun.Trigger.COMMAND)
    policy = settings_for(where.council).policy()
    sweep.make_reminders(run=run, adviser_ids=[p.pk for p in where.pas], policy=policy)
    scope = Q(young_person__isnull=False)
    assert delivery.claim(council_id=where.council.pk, scope=scope)  # then the worker dies
    assert delivery.claim(council_id=where.council.pk, scope=scope) is None
    with time_machine.travel(at(TODAY, 6, 41), tick=False):  # the 10-minute lease has passed
        outcome = delivery.deliver(
            council_id=where.council.pk, scope=scope, today=TODAY, policy=policy
        )
    assert outcome.sent == Reminder.objects.filter(young_person__isnull=False).count() > 0
    assert not Reminder.objects.exclude(status=Reminder.Status.SENT).exists()


def test_a_failed_email_leaves_the_reminder_pending_for_the_next_sweep(where, frozen):
    due_people(where, today=TODAY, count=1)
    broken = {"default": {"BACKEND": "tests.reminders.test_sweep.BrokenBackend"}}
    with override_settings(MAILERS=broken):
        sweep.run_all(today=TODAY, councils=[where.council])
    reminder = Reminder.objects.get(young_person__isnull=False)
    assert reminder.status == Reminder.Status.PENDING
    assert "mail server unavailable" in reminder.note
    sweep.run_all(today=TODAY, councils=[where.council])
    reminder.refresh_from_db()
    assert reminder.status == Reminder.Status.SENT and reminder.attempts == 2


class BrokenBackend:
    def __init__(self, **kwargs):
        pass

    def __enter__(self):
        raise ConnectionRefusedError("mail server unavailable")

    def __exit__(self, *exc):
        return False


def test_each_team_manager_gets_one_weekly_digest_on_the_digest_day(where):
    monday = TODAY - timedelta(days=TODAY.weekday())  # the council's digest day by default
    with time_machine.travel(at(monday, 6, 30), tick=False):
        _weekly_digest_on(where, monday)


def _weekly_digest_on(where, monday):
    due_people(where, today=monday, count=12)
    sweep.run_all(today=monday, councils=[where.council])
    digest = Reminder.objects.get(kind=Kind.WEEKLY_DIGEST)
    assert digest.recipient == where.manager and digest.due_on == monday
    counts = {c["label"]: c["count"] for c in digest.detail["counts"]}
    assert counts["Pathway-plan reviews overdue"] == 2
    assert counts["Contacts overdue"] == 2
    assert digest.detail["young_people"] == 12
    assert len(digest.detail["overdue"]) == 4
    message = next(
        m for m in mail.outbox if m.to == [where.manager.email] and "digest" in m.subject
    )
    assert "Pathway-plan reviews overdue: 2" in message.body
    for day in range(1, 7):  # the rest of the week: nothing new
        sweep.run_all(today=monday + timedelta(days=day), councils=[where.council])
    assert Reminder.objects.filter(kind=Kind.WEEKLY_DIGEST).count() == 1
    sweep.run_all(today=monday + timedelta(days=7), councils=[where.council])
    assert Reminder.objects.filter(kind=Kind.WEEKLY_DIGEST).count() == 2


def test_the_run_records_when_it_ran_how_long_it_took_and_what_it_made(where, frozen):
    _, expected = due_people(where, today=TODAY, count=6)
    sweep.run_all(today=TODAY, councils=[where.council])
    run = SweepRun.objects.get()
    assert run.run_on == TODAY and run.trigger == SweepRun.Trigger.COMMAND
    assert run.duration is not None and run.duration >= timedelta(0)
    assert run.reminders_created == len(expected) + 1
    assert run.reminders_sent == len(expected) + 1
    assert run.young_people_checked == 6
