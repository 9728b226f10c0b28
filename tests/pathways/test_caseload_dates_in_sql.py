"""The caseload's SQL date logic agrees with the rules in Python (pathways.rules), including
29 February birthdays and month ends."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from pathways import rules
from pathways.models import YoungPerson
from pathways.rules import LegalStatus
from pathways.selectors.young_people import (
    OC3_AGES,
    TRANSITION_AGES,
    ShiftDate,
    missing_ages,
    oc3_evidence,
    transition_ages,
    with_caseload_facts,
)
from tests.clock import TODAY
from tests.factories import CareEpisodeFactory, SituationFactory

from .factories import young_person

pytestmark = pytest.mark.django_db

AWKWARD_BIRTHDAYS = [
    date(2008, 2, 29),
    date(2007, 2, 28),
    date(2008, 3, 1),
    date(2006, 1, 31),
    date(2005, 5, 31),
    date(2004, 12, 31),
    date(2007, 8, 29),
    date(2003, 11, 30),
]


@pytest.mark.parametrize("dob", AWKWARD_BIRTHDAYS, ids=str)
def test_shifting_a_date_in_sql_matches_birthdays_and_months_in_python(world, dob):
    yp = young_person(world, date_of_birth=dob)
    shifts = {
        f"s_{years}_{months + 3}": (years, months)
        for years in (0, 17, 18, 21, 25)
        for months in (-3, -1, 0, 1, 3)
    }
    row = (
        YoungPerson.objects.filter(pk=yp.pk)
        .annotate(
            **{
                name: ShiftDate("date_of_birth", years=y, months=m)
                for name, (y, m) in shifts.items()
            }
        )
        .get()
    )
    for name, (years, months) in shifts.items():
        expected = rules.add_months(rules.birthday(dob, years), months)
        assert getattr(row, name) == expected, (name, dob)


def test_a_29_february_birthday_falls_on_28_february_for_the_oc3_window(world, today):
    # 18 on 28 February 2026: window 28 November 2025 to 28 March 2026.
    on_the_edge = young_person(
        world, date_of_birth=date(2008, 2, 29), legal_status=LegalStatus.FORMER_RELEVANT
    )
    a_day_early = young_person(
        world, date_of_birth=date(2008, 2, 29), legal_status=LegalStatus.FORMER_RELEVANT
    )
    SituationFactory(young_person=on_the_edge, recorded_by=world.pa, recorded_on=date(2025, 11, 28))
    SituationFactory(young_person=a_day_early, recorded_by=world.pa, recorded_on=date(2025, 11, 27))
    rows = {yp.pk: yp for yp in with_caseload_facts(YoungPerson.objects.all(), today=TODAY)}
    assert rows[on_the_edge.pk].missing_18 is False
    assert rows[a_day_early.pk].missing_18 is True


def _missing_in_python(yp, situations, episodes, today) -> set[int]:
    status = yp.legal_status_override or yp.legal_status
    if status not in (LegalStatus.ELIGIBLE, LegalStatus.RELEVANT, LegalStatus.FORMER_RELEVANT):
        return set()
    missing = set()
    for age in OC3_AGES:
        birthday = rules.birthday(yp.date_of_birth, age)
        opens, closes = rules.add_months(birthday, -3), rules.add_months(birthday, 1)
        if opens > today:
            continue
        if any(opens <= s <= closes for s in situations):
            continue
        if age in (17, 18) and any(not e.respite and e.covers(birthday) for e in episodes):
            continue
        missing.add(age)
    return missing


def test_missing_data_and_transitions_in_sql_agree_with_python_for_many_people(world, today):
    chooser = random.Random(4)
    expected = {}
    for _ in range(60):
        dob = date(2001, 1, 1) + timedelta(days=chooser.randrange(0, 365 * 10))
        status = chooser.choice(list(LegalStatus.values))
        yp = young_person(world, date_of_birth=dob, legal_status=status)
        situations = []
        for _ in range(chooser.randrange(0, 4)):
            day = dob + timedelta(days=chooser.randrange(365 * 16, 365 * 22))
            if day <= TODAY:
                SituationFactory(young_person=yp, recorded_by=world.pa, recorded_on=day)
                situations.append(day)
        episodes = []
        if chooser.random() < 0.5:
            start = dob + timedelta(days=chooser.randrange(365 * 14, 365 * 18))
            end = start + timedelta(days=chooser.randrange(10, 900))
            respite = chooser.random() < 0.2
            if start < TODAY:
                end = end if end < TODAY else None
                CareEpisodeFactory(young_person=yp, started_on=start, ended_on=end, respite=respite)
                episodes.append(rules.Episode(start, end, respite))
        turns = {
            age
            for age in TRANSITION_AGES
            if TODAY <= rules.birthday(dob, age) <= TODAY + timedelta(days=90)
        }
        expected[yp.pk] = (_missing_in_python(yp, situations, episodes, TODAY), turns)

    rows = list(with_caseload_facts(YoungPerson.objects.filter(pk__in=expected), today=TODAY))
    evidence = oc3_evidence(rows)
    for row in rows:
        missing = {age for age in OC3_AGES if getattr(row, f"missing_{age}")}
        turns = {age for age in TRANSITION_AGES if getattr(row, f"turns_{age}")}
        assert (missing, turns) == expected[row.pk], row.date_of_birth
        # The Python twins, which a page of rows uses, agree with the SQL, which filters.
        in_python = set(
            missing_ages(
                date_of_birth=row.date_of_birth,
                status=row.effective_legal_status,
                evidence=evidence[row.pk],
                today=TODAY,
            )
        )
        turning = set(transition_ages(date_of_birth=row.date_of_birth, today=TODAY))
        assert (in_python, turning) == expected[row.pk], row.date_of_birth
