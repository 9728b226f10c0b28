"""The dashboards' KPIs against figures worked out by hand, for two scopes."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

import pytest

from dashboards.models import Comparator
from dashboards.selectors import dashboards, kpis
from pathways.rules import LegalStatus

from .conftest import COHORT_DAY, EXPECTED_2025

FORMER = LegalStatus.FORMER_RELEVANT


def _counts(counts):
    return {group: asdict(c) for group, c in counts.items()}


def test_the_oc3_kpis_match_the_hand_built_cohort(world, cohort, service_manager):
    result = kpis.kpis(service_manager, kpis.Filters(year=2025), today=COHORT_DAY, trend=False)
    assert _counts(result.oc3) == EXPECTED_2025
    assert result.running is False
    measure = {m.key: m for m in result.oc3_measures}["oc3.eet.19-21"]
    assert (measure.numerator, measure.denominator, measure.percent) == (1, 4, 25.0)
    assert measure.figure == "oc3-eet"
    assert measure.params == {"age_group": "19-21"}


def test_a_team_manager_counts_only_their_team(world, cohort, team_manager):
    result = kpis.kpis(team_manager, kpis.Filters(year=2025), today=COHORT_DAY, trend=False)
    # other_team (18, in touch, F2, B1) leaves the 17-18 group.
    assert asdict(result.oc3["17-18"]) == dict(
        cohort=6, excluded=1, counted=5, in_touch=3, eet=3, suitable=2, not_known=1
    )
    assert asdict(result.oc3["19-21"]) == EXPECTED_2025["19-21"]


def test_the_filters_narrow_the_cohort(world, cohort, service_manager):
    filters = kpis.Filters(year=2025, age_group="17-18", team=world.team_b.pk)
    result = kpis.kpis(service_manager, filters, today=COHORT_DAY, trend=False)
    assert asdict(result.oc3["all"]) == dict(
        cohort=1, excluded=0, counted=1, in_touch=1, eet=1, suitable=1, not_known=0
    )
    male = kpis.kpis(
        service_manager, kpis.Filters(year=2025, gender="M"), today=COHORT_DAY, trend=False
    )
    assert male.oc3["all"].cohort == 0  # the factory makes everyone female
    relevant = kpis.kpis(
        service_manager,
        kpis.Filters(year=2025, legal_status="relevant"),
        today=COHORT_DAY,
        trend=False,
    )
    # first_day, rhom, last_day_17
    assert relevant.oc3["all"].cohort == 3


def test_the_current_position_is_worked_out_from_the_current_situation(
    world, practice, service_manager
):
    result = kpis.kpis(service_manager, kpis.Filters(year=2026), today=COHORT_DAY, trend=False)
    # Counted: in_time, overdue, moved, other_team (moved_recently DIED; eligible looked after).
    assert _counts(result.current) == {
        "all": dict(cohort=0, excluded=0, counted=4, in_touch=3, eet=3, suitable=3, not_known=0),
        "17-18": dict(cohort=0, excluded=0, counted=1, in_touch=1, eet=1, suitable=1, not_known=0),
        "19-21": dict(cohort=0, excluded=0, counted=3, in_touch=2, eet=2, suitable=2, not_known=0),
    }


def test_the_practice_measures_are_worked_out_by_hand(world, practice, service_manager):
    result = kpis.kpis(service_manager, kpis.Filters(year=2026), today=COHORT_DAY, trend=False)
    assert result.practice == {
        "care-leavers": 6,  # all but not_care_leaver
        "reviews-due": 4,  # in_time, overdue, moved, other_team
        "reviews-in-time": 3,  # overdue was due yesterday
        "contacts-in-time": 3,  # in_time, moved_recently (exactly 8 weeks), other_team
        "assessments-due": 3,  # in_time, overdue, moved (eligible's is next month)
        "assessments-on-time": 1,  # in_time
        "plans-awaiting": 1,  # overdue
    }
    measures = {m.key: m for m in result.practice_measures}
    assert (measures["practice.contacts"].numerator, measures["practice.contacts"].denominator) == (
        3,
        6,
    )


def test_caseloads_count_everyone_allocated_over_the_advisers(world, practice, service_manager):
    result = kpis.kpis(service_manager, kpis.Filters(year=2026), today=COHORT_DAY, trend=False)
    # Petra: 6 from the fixture + yp_own; Colm: yp_colleague; Bea: yp_other_team + other_team.
    assert result.caseload.young_people == 10
    assert result.caseload.advisers == 3
    assert result.caseload.average == 3.3
    assert result.caseload.largest == 7
    assert result.caseload.largest_adviser == world.pa.full_name


def test_the_trend_counts_birthdays_quarter_by_quarter(world, cohort, service_manager):
    result = kpis.kpis(service_manager, kpis.Filters(year=2026), today=date(2026, 5, 1))
    # The 8 complete quarters before April 2026: April 2024 to March 2026.
    assert [p.key for p, _ in result.trend][-4:] == ["2025-q1", "2025-q2", "2025-q3", "2025-q4"]
    by_key = {p.key: c for p, c in result.trend}
    # 2025-q4: last_day, died_earlier, leap_day, last_day_17.
    assert asdict(by_key["2025-q4"]) == dict(
        cohort=4, excluded=1, counted=3, in_touch=1, eet=1, suitable=1, not_known=2
    )
    # The four quarters of 2025 hold the year's cohort, each young person once.
    assert sum(c.cohort for key, c in by_key.items() if key.startswith("2025-")) == 13


def test_comparators_sit_beside_the_measure(world, cohort, service_manager):
    Comparator.objects.create(
        council=world.council, year=2025, indicator="eet_19_21", kind="national", percent=63
    )
    Comparator.objects.create(
        council=world.other_council, year=2025, indicator="eet_19_21", kind="regional", percent=50
    )
    result = kpis.kpis(service_manager, kpis.Filters(year=2025), today=COHORT_DAY, trend=False)
    measure = {m.key: m for m in result.oc3_measures}["oc3.eet.19-21"]
    assert measure.comparators == {"national": 63}


@pytest.mark.parametrize("slug", sorted(kpis.FIGURES))
def test_each_figures_list_has_as_many_people_as_its_count(
    world, cohort, practice, service_manager, slug
):
    figure = kpis.FIGURES[slug]
    year = 2025 if figure.basis == "oc3" else 2026
    result = kpis.kpis(service_manager, kpis.Filters(year=year), today=COHORT_DAY, trend=False)
    listed = kpis.figure_queryset(
        service_manager, figure, kpis.Filters(year=year), today=COHORT_DAY
    ).count()
    if figure.basis == "oc3":
        counted = getattr(result.oc3["all"], slug.removeprefix("oc3-").replace("-", "_"))
    elif slug.startswith("now-"):
        counted = getattr(result.current["all"], slug.removeprefix("now-").replace("-", "_"))
    elif slug in result.practice:
        counted = result.practice[slug]
    elif slug == "caseload":
        counted = result.caseload.young_people
    else:  # counted per adviser on the team dashboard
        rows = dashboards.team_rows(
            service_manager, kpis.Filters(year=year), today=COHORT_DAY
        ).value
        counted = sum(getattr(row, slug.replace("-", "_")) for row in rows)
    assert listed == counted
