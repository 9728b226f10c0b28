"""Factories for the personal adviser's recorded work: care episodes, approved plans,
reviews, contacts and situations. Names and text are synthetic."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import factory
import pytest
import time_machine
from django.utils import timezone

from pathways.codes import InTouch
from pathways.models import (
    CareEpisode,
    Contact,
    EpisodeEndReason,
    PathwayPlan,
    Review,
    Situation,
    YoungPerson,
)
from tests.clock import TODAY, years_before
from tests.factories import YoungPersonFactory

LONDON = ZoneInfo("Europe/London")
#: The day the work pages' form data is dated unless a test says otherwise.
THREE_DAYS_AGO = TODAY - datetime.timedelta(days=3)


def at(day: datetime.date, hour: int = 12, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def frozen_today():
    """The pinned day (tests/clock.py), the clock stopped at midday (import into a module to use)."""
    with time_machine.travel(at(TODAY), tick=False):
        yield TODAY


def on_caseload(world, **fields) -> YoungPerson:
    """Another young person on the home PA's caseload (team A)."""
    return YoungPersonFactory(
        council=world.council, personal_adviser=world.pa, team=world.team_a, **fields
    )


class CareEpisodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareEpisode

    started_on = years_before(TODAY, 6) - datetime.timedelta(days=322)
    ended_on = None
    reason_ended = factory.LazyAttribute(
        lambda o: EpisodeEndReason.INDEPENDENT_LIVING if o.ended_on else ""
    )


class ApprovedPlanFactory(factory.django.DjangoModelFactory):
    """An approved pathway plan (its sections are not needed to review it)."""

    class Meta:
        model = PathwayPlan

    number = factory.Sequence(lambda n: n + 1)
    status = PathwayPlan.Status.APPROVED
    starts_on = TODAY - datetime.timedelta(days=322)
    aspirations = "To train as a paramedic."
    created_by = factory.LazyAttribute(lambda o: o.young_person.personal_adviser)
    decided_by = factory.LazyAttribute(lambda o: o.young_person.personal_adviser)
    decided_at = factory.LazyFunction(timezone.now)


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    young_person = factory.LazyAttribute(lambda o: o.plan.young_person)
    held_on = TODAY - datetime.timedelta(days=175)
    review_type = Review.Type.SCHEDULED
    attendees = "The young person and their personal adviser"
    young_person_views = "Happy with the flat; wants help with budgeting."
    eet_progress = "Started a college course in September."
    outcome = "Plan continues; budgeting sessions arranged."
    next_review_due_on = TODAY + datetime.timedelta(days=8)
    recorded_by = factory.LazyAttribute(lambda o: o.plan.created_by)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    occurred_at = factory.Sequence(
        lambda n: at(TODAY - datetime.timedelta(days=53), 10) - datetime.timedelta(days=n)
    )
    kind = Contact.Kind.PHONE
    notes = "Talked about college and money."
    recorded_by = factory.LazyAttribute(lambda o: o.young_person.personal_adviser)


class SituationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Situation

    recorded_on = factory.Sequence(lambda n: TODAY - datetime.timedelta(days=53 + n))
    in_touch = InTouch.YES
    activity = "F2"
    accommodation = "U1"
    recorded_by = factory.LazyAttribute(lambda o: o.young_person.personal_adviser)


# Form data for the work pages ---------------------------------------------------------------


def date_parts(prefix: str, day: datetime.date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(day.day),
        f"{prefix}_month": str(day.month),
        f"{prefix}_year": str(day.year),
    }


def contact_data(on=THREE_DAYS_AGO, **overrides) -> dict:
    data = {
        **date_parts("occurred_on", on),
        "time": "14:30",
        "kind": Contact.Kind.PHONE,
        "seen_alone": "",
        "notes": "Talked about college.",
        "in_touch": "",
        "activity": "",
        "accommodation": "",
    }
    return data | overrides


def situation_data(on=THREE_DAYS_AGO, **overrides) -> dict:
    data = {
        **date_parts("recorded_on", on),
        "in_touch": InTouch.YES,
        "activity": "F2",
        "accommodation": "U1",
    }
    return data | overrides


def review_data(on=THREE_DAYS_AGO, **overrides) -> dict:
    data = {
        **date_parts("held_on", on),
        "review_type": Review.Type.SCHEDULED,
        "attendees": "Kestrel and their personal adviser",
        "young_person_views": "I want to stay in my flat.",
        "eet_progress": "Passed the first term of the college course.",
        "progress_accommodation": "Settled; rent paid on time.",
        "outcome": "Plan continues unchanged.",
    }
    return data | overrides
