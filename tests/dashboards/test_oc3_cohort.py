"""The OC3 cohort and its figures, computed in SQL, against the hand-built cohort in
conftest.py."""

from __future__ import annotations

import random
from dataclasses import asdict
from datetime import date, timedelta

import pytest

from dashboards.selectors import oc3
from pathways import rules
from pathways.models import CareEpisode, YoungPerson
from pathways.rules import LegalStatus
from pathways.services.young_people import refresh_derived

from .conftest import EXPECTED_2025
from .factories import care_leaver, episode

YEAR = oc3.collection_year(2025)


def _rows(world, **kwargs):
    qs = YoungPerson.objects.filter(council=world.council)
    return {yp.pk: yp for yp in oc3.with_oc3(qs, period=YEAR, **kwargs)}


def test_it_names_a_collection_year_by_the_year_it_starts():
    assert YEAR.start == date(2025, 4, 1)
    assert YEAR.end == date(2026, 3, 31)
    assert YEAR.label == "2025 to 2026"
    assert oc3.current_collection_year(date(2026, 3, 31)) == 2025
    assert oc3.current_collection_year(date(2026, 4, 1)) == 2026


def test_it_counts_every_figure_as_worked_out_by_hand(world, cohort):
    counts = oc3.oc3_counts(
        oc3.with_oc3(YoungPerson.objects.filter(council=world.council), period=YEAR)
    )
    assert {group: asdict(c) for group, c in counts.items()} == EXPECTED_2025


def test_it_takes_in_birthdays_on_the_first_and_last_day_of_the_year(world, cohort):
    rows = _rows(world)
    assert rows[cohort["first_day"].pk].oc3_birthday == date(2025, 4, 1)
    assert rows[cohort["first_day"].pk].oc3_age == 17
    assert rows[cohort["last_day"].pk].oc3_birthday == date(2026, 3, 31)
    assert rows[cohort["last_day"].pk].oc3_age == 21
    assert rows[cohort["last_day_17"].pk].oc3_age == 17
    for outside in ("too_old", "too_young"):
        assert cohort[outside].pk not in rows


def test_it_includes_a_situation_exactly_3_months_before_and_1_month_after(world, cohort):
    rows = _rows(world)
    first = rows[cohort["first_day"].pk]
    codes = oc3.decode(first.oc3_code)
    assert (first.oc3_opens, codes.recorded_on) == (date(2025, 1, 1), date(2025, 1, 1))
    assert codes.for_return() == ("YES", "F1", "U1")
    after = rows[cohort["one_month_after"].pk]
    recorded = oc3.decode(after.oc3_code).recorded_on
    assert (after.oc3_closes, recorded) == (date(2025, 7, 15), date(2025, 7, 15))


def test_it_leaves_out_a_situation_1_month_and_1_day_after(world, cohort):
    last = _rows(world)[cohort["last_day"].pk]
    assert last.oc3_opens == date(2025, 12, 31)
    assert last.oc3_closes == date(2026, 4, 30)
    assert last.oc3_code is None
    assert oc3.decode(last.oc3_code).for_return() == ("NO", "0", "0")  # never blank


def test_it_puts_a_29_february_birthday_on_28_february(world, cohort):
    leap = _rows(world)[cohort["leap_day"].pk]
    assert leap.oc3_birthday == date(2026, 2, 28)
    assert leap.oc3_opens == date(2025, 11, 28)
    assert oc3.decode(leap.oc3_code).in_touch == "YES"


def test_the_latest_situation_in_the_window_counts(world, cohort):
    row = _rows(world)[cohort["latest_wins"].pk]
    assert oc3.decode(row.oc3_code).for_return() == ("YES", "P5", "D2")


def test_once_died_always_died(world, cohort):
    row = _rows(world)[cohort["died_earlier"].pk]
    assert oc3.decode(row.oc3_code).for_return() == ("DIED", "0", "0")


@pytest.mark.parametrize(
    "name", ["looked_after", "qualifying", "not_care_leaver", "too_old", "too_young"]
)
def test_it_leaves_out_people_outside_the_cohort(world, cohort, name):
    assert cohort[name].pk not in _rows(world)


def test_it_honours_a_managers_override_of_the_legal_status(world, cohort):
    assert cohort["override"].pk in _rows(world)


@pytest.mark.parametrize("override", [LegalStatus.QUALIFYING, LegalStatus.NOT_CARE_LEAVER])
def test_an_override_that_says_not_a_care_leaver_leaves_them_out(world, override):
    yp = care_leaver(
        world,
        date(2006, 6, 15),
        legal_status_override=override,
        legal_status_override_reason="Care history recorded in error",
    )
    assert yp.pk not in _rows(world)


# A past year's return describes that year -------------------------------------------------


def test_it_keeps_a_care_leaver_whose_duties_have_since_ended(world):
    """21 in the year; today's stored status says "duties ended at 25th birthday"."""
    yp = care_leaver(world, date(2005, 3, 31), status=LegalStatus.NOT_CARE_LEAVER, history=False)
    episode(yp, date(2020, 3, 31), date(2021, 10, 1))  # 15 to 16 and a half
    assert yp.pk in _rows(world)


def test_it_leaves_out_someone_who_became_eligible_after_that_birthday(world):
    """Came into care a month after their 17th birthday: eligible today, not on the day."""
    yp = care_leaver(world, date(2008, 4, 10), status=LegalStatus.RELEVANT, history=False)
    episode(yp, date(2025, 5, 10), date(2025, 12, 1))
    assert yp.pk not in _rows(world)
    assert yp.pk in {
        row.pk
        for row in oc3.with_oc3(
            YoungPerson.objects.filter(pk=yp.pk), period=oc3.collection_year(2026)
        )
    }  # at their 18th birthday they were former relevant


def test_the_cohort_sql_agrees_with_the_legal_status_rule(world):
    """``care_leaver_on_birthday`` in SQL against ``rules.eligible_from`` in Python, for a few
    hundred random care histories (respite breaks, episodes either side of each birthday).
    Half have today's status stored as the services compute it (the SQL's shortcut), half
    "not a care leaver" (as at 25, so only the episodes decide)."""
    rng = random.Random(20251)
    expected = set()
    for n in range(240):
        dob = date(2004, 4, 1) + timedelta(days=rng.randrange(365 * 5))
        yp = care_leaver(world, dob, status=LegalStatus.NOT_CARE_LEAVER, history=False)
        episodes = []
        start = rules.birthday(dob, 13) + timedelta(days=rng.randrange(365 * 5))
        for _ in range(rng.randint(0, 3)):
            length = rng.choice([7, 30, 60, 85, 90, 91, 92, 120, 400])
            end = start + timedelta(days=length) if rng.random() < 0.85 else None
            episodes.append(rules.Episode(start, end, respite=rng.random() < 0.15))
            if end is None:
                break
            start = end + timedelta(days=rng.randrange(1, 200))
        CareEpisode.objects.bulk_create(
            CareEpisode(
                young_person=yp,
                started_on=e.started_on,
                ended_on=e.ended_on,
                reason_ended="other" if e.ended_on else "",
                respite=e.respite,
            )
            for e in episodes
        )
        if n % 2:
            refresh_derived(yp)
        for age in rules.OC3_AGES:
            birthday = rules.birthday(dob, age)
            if YEAR.start <= birthday <= YEAR.end and rules.eligible_from(dob, episodes, birthday):
                expected.add(yp.pk)
    found = set(_rows(world, keep_looked_after=True))
    assert len(expected) > 30
    assert found == expected


def test_a_running_year_counts_birthdays_up_to_today(world, cohort):
    rows = _rows(world, as_of=date(2025, 9, 30))
    names = {name for name, yp in cohort.items() if yp.pk in rows}
    assert names == {"first_day", "one_month_after", "nreq", "rhom", "latest_wins", "other_team"}


def test_quarters_split_the_year(world, cohort):
    q3 = oc3.quarter(2025, 3)
    assert (q3.start, q3.end, q3.label) == (
        date(2025, 10, 1),
        date(2025, 12, 31),
        "October to December 2025",
    )
    q4 = oc3.quarter(2025, 4)
    assert (q4.start, q4.end) == (date(2026, 1, 1), date(2026, 3, 31))
    rows = {yp.pk for yp in oc3.with_oc3(YoungPerson.objects.all(), period=q4)}
    names = {name for name, yp in cohort.items() if yp.pk in rows}
    assert names == {"last_day", "died_earlier", "leap_day", "last_day_17"}


def test_the_last_8_quarters_are_complete_ones_oldest_first():
    quarters = oc3.last_quarters(date(2026, 11, 23))
    assert [q.key for q in quarters] == [
        "2024-q3",
        "2024-q4",
        "2025-q1",
        "2025-q2",
        "2025-q3",
        "2025-q4",
        "2026-q1",
        "2026-q2",
    ]


@pytest.mark.parametrize(
    "on,youngest,oldest,expected",
    [
        (date(2026, 11, 23), 17, 18, (date(2007, 11, 24), date(2009, 11, 23))),
        (date(2026, 2, 28), 18, 18, (date(2007, 3, 1), date(2008, 2, 29))),
        (date(2028, 2, 28), 20, 20, (date(2007, 3, 1), date(2008, 2, 28))),
    ],
)
def test_it_turns_ages_into_dates_of_birth(on, youngest, oldest, expected):
    assert oc3.dob_range_for_ages(youngest, oldest, on) == expected
