"""The sweep's shortcuts for speed give what the plain code gives: the OC3 ages worked out for
nearby birthdays only, record paths without a ``reverse`` each, reminders inserted in one
statement, and in touch read by a subquery."""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta

import pytest
from django.urls import reverse

from pathways import rules as pathway_rules
from pathways.codes import InTouch
from reminders import presenters, rules
from reminders.models import Reminder, SweepRun
from reminders.rules import Kind
from reminders.selectors import facts
from reminders.services import sweep
from tests.clock import TODAY
from tests.factories import SituationFactory, YoungPersonFactory

from .factories import office


def every_age(date_of_birth: date, today: date) -> list[int]:
    """``open_oc3_ages`` as first written: every age's window tried."""
    return [
        age
        for age in pathway_rules.OC3_AGES
        if pathway_rules.oc3_window(date_of_birth, age)[1]
        <= today
        <= pathway_rules.oc3_window(date_of_birth, age)[2]
    ]


AWKWARD_DAYS = [
    date(2026, 11, 23),
    date(2027, 2, 28),
    date(2028, 2, 29),
    date(2028, 3, 1),
    date(2026, 12, 31),
    date(2027, 1, 1),
    date(2027, 3, 31),
    date(2027, 5, 31),
]


@pytest.mark.parametrize("today", AWKWARD_DAYS)
def test_open_oc3_ages_agree_with_trying_every_age(today):
    # Every date of birth from 14 to 23 years back: all the window edges on each side.
    first = today - timedelta(days=23 * 366)
    for offset in range(0, 9 * 366 + 1):
        dob = first + timedelta(days=offset)
        assert pathway_rules.open_oc3_ages(dob, today) == every_age(dob, today), (dob, today)


def test_open_oc3_ages_agree_for_29_february_birthdays_on_random_days():
    rng = random.Random(29)
    for dob in (date(2004, 2, 29), date(2008, 2, 29), date(2008, 2, 28), date(2008, 3, 1)):
        for _ in range(2000):
            today = dob + timedelta(days=rng.randint(15 * 365, 23 * 366))
            assert pathway_rules.open_oc3_ages(dob, today) == every_age(dob, today), (dob, today)


@pytest.mark.django_db
def test_record_paths_are_what_reverse_gives():
    path = presenters.record_paths()
    for _ in range(20):
        person_uuid = uuid.uuid4()
        assert path(person_uuid) == reverse("pathways:young-person", args=[person_uuid])


@pytest.mark.django_db
def test_in_touch_comes_from_the_current_situation_and_someone_who_died_is_not_reminded():
    where = office(slug="in-touch")
    late = TODAY - timedelta(weeks=10)
    alive = YoungPersonFactory(
        council=where.council, personal_adviser=where.pa, team=where.team, last_contact_on=late
    )
    died = YoungPersonFactory(
        council=where.council, personal_adviser=where.pa, team=where.team, last_contact_on=late
    )
    # An older situation said in touch; the current one says died.
    SituationFactory(young_person=died, recorded_on=TODAY - timedelta(days=60))
    died.current_situation = SituationFactory(
        young_person=died, recorded_on=TODAY - timedelta(days=3), in_touch=InTouch.DIED
    )
    died.save(update_fields=["current_situation"])
    found = {
        p.id: p.facts.in_touch
        for p in facts.people(council_id=where.council.pk, today=TODAY, ids=[alive.pk, died.pk])
    }
    assert found == {alive.pk: "", died.pk: InTouch.DIED}
    run = SweepRun.objects.create(council=where.council, run_on=TODAY)
    sweep.make_reminders(run=run, adviser_ids=[where.pa.pk], policy=rules.Policy())
    assert set(Reminder.objects.values_list("young_person_id", flat=True)) == {alive.pk}


@pytest.mark.django_db
def test_reminders_inserted_in_one_statement_are_what_bulk_create_would_make():
    where = office(slug="inserted")
    people = [
        YoungPersonFactory(council=where.council, personal_adviser=where.pa, team=where.team)
        for _ in range(3)
    ]
    run = SweepRun.objects.create(council=where.council, run_on=TODAY)
    keys = [
        facts.Key(where.pa.pk, Kind.CONTACT_OVERDUE, people[0].pk, TODAY),
        facts.Key(where.pa.pk, Kind.REVIEW_FIRST, people[1].pk, TODAY + timedelta(days=20)),
        facts.Key(where.manager.pk, Kind.ESCALATED_CONTACT, people[2].pk, TODAY),
    ]
    sweep.insert_keys(run=run, keys=keys)
    sweep.insert_keys(run=run, keys=[*keys, keys[0]])  # again: nothing new, no error
    made = list(Reminder.objects.order_by("id"))
    assert [(r.recipient_id, r.kind, r.young_person_id, r.due_on) for r in made] == [
        tuple(k.__dict__.values()) for k in keys
    ]
    expected = Reminder(council_id=where.council.pk, sweep_run=run)
    for reminder in made:
        assert reminder.council_id == where.council.pk
        assert reminder.sweep_run_id == run.pk
        assert reminder.team_id is None
        assert reminder.created_at is not None
        assert reminder.uuid is not None
        for name in ("status", "detail", "emailed", "attempts", "note", "claim_token"):
            assert getattr(reminder, name) == getattr(expected, name), name
        for name in ("claimed_at", "sent_at", "read_at"):
            assert getattr(reminder, name) is None
    assert len({r.uuid for r in made}) == len(made)
