"""The database filter that skips young people with nothing due must never drop one the rules
would remind about: hundreds of random young people, on awkward dates, read with and without
it, must give the same reminders."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from pathways.rules import LegalStatus
from reminders.rules import Policy
from reminders.selectors import facts
from tests.factories import SituationFactory, YoungPersonFactory

from .factories import office

pytestmark = pytest.mark.django_db

DAYS = [
    date(2026, 11, 23),
    date(2027, 2, 28),  # the day 29 February birthdays fall on in other years
    date(2028, 2, 29),
    date(2026, 12, 31),
    date(2027, 3, 31),  # month ends, where adding months clamps
]
POLICIES = [Policy(), Policy(review_first_days=60, birthday_first_days=180, escalation_days=1)]


def _maybe(rng: random.Random, day: date, spread: int) -> date | None:
    return day + timedelta(days=rng.randint(-spread, spread)) if rng.random() < 0.5 else None


@pytest.mark.parametrize("today", DAYS)
def test_the_prefilter_keeps_everyone_the_rules_would_remind_about(today):
    rng = random.Random(today.toordinal())
    where = office(slug=f"prefilter-{today.isoformat()}")
    statuses = [s for s in LegalStatus.values]
    for _ in range(250):
        dob = today - timedelta(days=rng.randint(15 * 365, 26 * 365))
        if rng.random() < 0.1:
            dob = date(rng.choice([2004, 2008]), 2, 29)
        moved = _maybe(rng, today, 20)
        yp = YoungPersonFactory(
            council=where.council,
            personal_adviser=rng.choice(where.pas),
            team=where.team,
            date_of_birth=dob,
            legal_status=rng.choice(statuses),
            legal_status_override=rng.choice(["", "", "", *statuses]),
            legal_status_override_reason="Checked",
            next_review_due_on=_maybe(rng, today, 120),
            last_contact_on=_maybe(rng, today - timedelta(weeks=8), 30),
            moved_on=moved,
            last_visit_on=_maybe(rng, moved, 5) if moved else _maybe(rng, today, 30),
            needs_assessment_due_on=_maybe(rng, today, 60),
            needs_assessment_completed_on=_maybe(rng, today, 60),
            plan_status=rng.choice(["", "", "draft", "approved"]),
        )
        if rng.random() < 0.3:
            SituationFactory(
                young_person=yp, recorded_on=today - timedelta(days=rng.randint(0, 120))
            )
    staff = facts.managers(council_id=where.council.pk)
    for policy in POLICIES:
        everyone = facts.people(council_id=where.council.pk, today=today)
        filtered = facts.people(council_id=where.council.pk, today=today, policy=policy)

        def keys(people):
            found = set()
            for person in people:
                found.update(facts.keys_due(person, policy=policy, today=today, staff=staff))
            return found

        wanted = keys(everyone)
        assert wanted, "the random young people should have something due"
        assert keys(filtered) == wanted
        assert len(filtered) < len(everyone)  # and it does skip people
