"""Factories for the young person's record, caseload and allocation tests. Names are
synthetic. Dates are fixed: tests travel to ``TODAY`` with the ``today`` fixture."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import factory
import pytest
import time_machine

from accounts.roles import Role
from pathways.codes import InTouch
from pathways.models import (
    Allocation,
    CareEpisode,
    Contact,
    EpisodeEndReason,
    PathwayPlan,
    Review,
    Situation,
)
from tests.clock import TODAY, years_before
from tests.factories import UserFactory, YoungPersonFactory

LONDON = ZoneInfo("Europe/London")


def at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


@pytest.fixture(name="today")
def today_fixture():
    """The pinned day (tests/clock.py), the clock stopped at midday in London."""
    with time_machine.travel(at(TODAY), tick=False):
        yield TODAY


def born_turning(age: int, *, on: datetime.date) -> datetime.date:
    """A date of birth that makes someone turn ``age`` on ``on``."""
    return years_before(on, age)


def young_person(world, pa=None, team=None, **fields):
    """A young person in the home council, on ``pa``'s caseload (the home PA's by default)."""
    pa = pa or world.pa
    return YoungPersonFactory(
        council=world.council, personal_adviser=pa, team=team or pa.team, **fields
    )


def adviser(world, team, name="Ash Adviser"):
    return UserFactory(
        council=world.council, team=team, full_name=name, roles=[Role.PERSONAL_ADVISER]
    )


class CareEpisodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareEpisode

    started_on = years_before(TODAY, 4) - datetime.timedelta(days=317)
    ended_on = None
    respite = False
    reason_ended = factory.LazyAttribute(
        lambda o: EpisodeEndReason.INDEPENDENT_LIVING if o.ended_on else ""
    )


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allocation

    started_on = TODAY - datetime.timedelta(days=601)
    reason = "Caseload balancing"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    occurred_at = factory.LazyFunction(lambda: at(TODAY - datetime.timedelta(days=10)))
    kind = Contact.Kind.PHONE
    notes = "Talked about college applications."


class SituationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Situation

    recorded_on = TODAY - datetime.timedelta(days=10)
    in_touch = InTouch.YES
    activity = "F2"
    accommodation = "U1"


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PathwayPlan

    number = factory.Sequence(lambda n: n + 1)
    status = PathwayPlan.Status.APPROVED
    starts_on = TODAY - datetime.timedelta(days=266)


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    held_on = TODAY - datetime.timedelta(days=83)
    review_type = Review.Type.SCHEDULED
    attendees = "Young person, personal adviser"
    young_person_views = "Wants to stay in the flat."
    eet_progress = "Attending college three days a week."
    outcome = "Plan still right; next review in six months."
    next_review_due_on = TODAY + datetime.timedelta(days=98)


def edit_page_data(yp, **overrides) -> dict:
    """The young person's details form as the edit page posts it (dates as day, month, year)."""
    fields = {
        "person_id": yp.person_id,
        "legal_first_name": yp.legal_first_name,
        "legal_last_name": yp.legal_last_name,
        "preferred_name": yp.preferred_name,
        "date_of_birth": yp.date_of_birth,
        "sex": yp.sex,
        "ethnicity": yp.ethnicity,
        "upn": yp.upn,
        "phone": yp.phone,
        "email": yp.email,
        "address": yp.address,
        "lock_version": yp.lock_version,
        **overrides,
    }
    post = {}
    for name, value in fields.items():
        if isinstance(value, datetime.date):
            post |= {f"{name}_day": value.day, f"{name}_month": value.month}
            post[f"{name}_year"] = value.year
        else:
            post[name] = value
    return post
