"""The statutory returns page and files: what the page says before a download, and a past
year's files describing that year whenever they are exported."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine

from dashboards.presenters import describe_problems
from dashboards.selectors import data_quality, oc3
from dashboards.selectors.kpis import Filters
from pathways import rules
from pathways.codes import Sex
from pathways.models import YoungPerson
from pathways.rules import LegalStatus
from pathways.services.young_people import refresh_derived
from tests.clock import at, long_date, years_before
from tests.conftest import client_for
from tests.querybudget import assert_constant_queries

from .factories import care_leaver, episode, situation

# Collection year 2022: 1 April 2022 to 31 March 2023, long ended at either pinned date.
YEAR = 2022
YEAR_END = at(date(2023, 3, 31))
FOUR_YEARS_ON = at(date(2027, 3, 31))


@pytest.fixture
def year_2022(world) -> dict:
    """Care leavers with a birthday in 2022 to 2023, each with a UPN (so only what is tested
    shows), built on the last day of that year."""
    with time_machine.travel(YEAR_END, tick=False):
        p = {}
        # 21 on 15 June 2022, 25 on 15 June 2026: duties end before the re-export.
        p["in_touch_21"] = care_leaver(world, date(2001, 6, 15), upn="A00000000001A")
        situation(p["in_touch_21"], date(2022, 6, 1), "YES", "F5", "U1")
        # 21 on 1 September 2022; nothing recorded in the window: sent as not in touch.
        p["nothing_21"] = care_leaver(world, date(2001, 9, 1), upn="A00000000002A")
        # 17 on 10 May 2022, left care at 16 and a half.
        p["relevant_17"] = care_leaver(
            world, date(2005, 5, 10), status=LegalStatus.RELEVANT, upn="UN3"
        )
        situation(p["relevant_17"], date(2022, 5, 1), "YES", "F2", "D1")
        # 19 on 3 March 2023; died the year before.
        p["died"] = care_leaver(world, date(2004, 3, 3), upn="UN4")
        situation(p["died"], date(2021, 12, 1), "DIED")
        # No care history here (transferred in): a manager's override.
        p["override"] = care_leaver(
            world,
            date(2002, 10, 10),
            status=LegalStatus.NOT_CARE_LEAVER,
            legal_status_override=LegalStatus.FORMER_RELEVANT,
            legal_status_override_reason="Transferred from another council",
            upn="A00000000003A",
            sex=Sex.MALE,
        )
        situation(p["override"], date(2022, 10, 1), "NREQ")
        # Sex not known: no code in a return before 2024 to 2025.
        p["sex_unknown"] = care_leaver(world, date(2003, 1, 20), upn="UN2", sex=Sex.UNKNOWN)
        situation(p["sex_unknown"], date(2023, 1, 20), "YES", "G5", "U2")
        # Came into care after their 17th birthday (10 July 2022): not a care leaver on it.
        p["late"] = care_leaver(world, date(2005, 7, 10), history=False, upn="UN2")
        episode(p["late"], date(2022, 8, 1), date(2023, 1, 1))
        for yp in p.values():
            refresh_derived(yp)  # the status as it stood on 31 March 2023
        return p


def _files(client) -> dict[str, bytes]:
    return {
        table: client.get(f"/dashboards/returns/{YEAR}/{table}.csv").content
        for table in ("header", "oc3")
    }


def test_a_past_year_re_exported_four_years_on_is_the_same_file(world, year_2022):
    with time_machine.travel(YEAR_END, tick=False):
        first = _files(client_for(world.service_manager))
    with time_machine.travel(FOUR_YEARS_ON, tick=False):
        for yp in YoungPerson.objects.filter(pk__in=[yp.pk for yp in year_2022.values()]):
            refresh_derived(yp)  # as the services do whenever a record changes
        aged_out = YoungPerson.objects.get(pk=year_2022["in_touch_21"].pk)
        assert aged_out.legal_status == LegalStatus.NOT_CARE_LEAVER  # "duties ended at 25"
        situation(aged_out, date(2027, 3, 1), "NREQ")  # a later situation, outside the window
        again = _files(client_for(world.service_manager))
    assert again == first
    rows = first["oc3"].decode().split("\r\n")
    ids = {name: yp.person_id for name, yp in year_2022.items()}
    assert f"{ids['in_touch_21']},15/06/2001,YES,F5,U1" in rows
    assert f"{ids['nothing_21']},01/09/2001,NO,0,0" in rows
    assert f"{ids['relevant_17']},10/05/2005,YES,F2,D1" in rows
    assert f"{ids['died']},03/03/2004,DIED,0,0" in rows
    assert f"{ids['override']},10/10/2002,NREQ,0,0" in rows
    assert ids["late"] not in first["oc3"].decode()
    header = first["header"].decode().split("\r\n")
    assert f"{ids['override']},1,10/10/2002,NOBT,A00000000003A,," in header
    assert f"{ids['sex_unknown']},,20/01/2003,NOBT,UN2,," in header  # no code before 2024


def test_the_returns_page_says_how_many_rows_are_coded_not_in_touch(
    world, year_2022, service_manager_client
):
    YoungPerson.objects.filter(pk=year_2022["relevant_17"].pk).update(upn="")
    response = service_manager_client.get(f"/dashboards/returns/?year={YEAR}")
    assert response.status_code == 200
    counts = response.context["counts"]
    assert (counts.rows, counts.not_recorded, counts.not_valid, counts.sex_not_known) == (
        6,
        1,
        0,
        1,
    )
    text = " ".join(response.content.decode().split())
    assert "Coded not in touch for lack of a record</dt>" in text
    assert "1 with no situation recorded in their window and 0 whose situation breaks" in text
    assert "Sex not known" in text
    # Two young people have a problem to put right: nothing recorded, and sex not known (the
    # blank UPN is a third).
    assert "3 young people have records that break a DfE rule" in text


def test_the_returns_page_for_a_year_that_takes_sex_u_does_not_count_it(
    world, service_manager_client
):
    response = service_manager_client.get("/dashboards/returns/?year=2024")
    assert "Sex not known" not in response.content.decode()


def test_the_data_quality_page_flags_sex_not_known_before_2024(world, year_2022, service_manager):
    found = {
        row.young_person.pk: [p.rule for p in row.problems]
        for row in describe_problems(
            data_quality.problem_rows(
                service_manager,
                Filters(year=YEAR),
                today=YEAR_END.date(),
                ids=data_quality.problem_ids(
                    service_manager, Filters(year=YEAR), today=YEAR_END.date()
                ),
            ),
            today=YEAR_END.date(),
        )
    }
    assert found == {
        year_2022["nothing_21"].pk: ["Situation missing"],
        year_2022["sex_unknown"].pk: ["Sex not known"],
    }


def test_the_returns_page_runs_a_fixed_number_of_queries(world, service_manager_client):
    made = {"n": 0}

    def grow(n):
        for _ in range(n):
            made["n"] += 1
            yp = care_leaver(world, date(2004, 1 + made["n"] % 12, 5), upn="UN2")
            if made["n"] % 3:
                situation(yp, date(2022, 1 + made["n"] % 12, 5), "YES", "F1", "U1")

    assert_constant_queries(service_manager_client, f"/dashboards/returns/?year={YEAR}", grow=grow)


def test_a_missing_situation_is_listed_while_its_window_is_open(world, service_manager, today):
    """Long before the return is due: the window opened 3 months before the birthday."""
    running = oc3.current_collection_year(today)
    year = oc3.collection_year(running)
    # A birthday a month ago (window still open) and one a month ahead (window open).
    past = care_leaver(world, _born_turning(18, today, days=-30, year=year), upn="UN2")
    ahead = care_leaver(world, _born_turning(19, today, days=30, year=year), upn="UN2")
    ids = data_quality.problem_ids(service_manager, Filters(year=running), today=today)
    rows = {
        row.young_person.pk: row
        for row in describe_problems(
            data_quality.problem_rows(service_manager, Filters(year=running), today=today, ids=ids),
            today=today,
        )
    }
    for yp in (past, ahead):
        (problem,) = rows[yp.pk].problems
        closes = rules.add_months(rows[yp.pk].birthday, 1)
        assert problem.rule == "Situation missing"
        assert f"unless one is recorded by {long_date(closes)}" in problem.message


def _born_turning(age: int, today: date, *, days: int, year) -> date:
    """A date of birth whose ``age``-th birthday is ``days`` from today, inside ``year``."""
    birthday = today + timedelta(days=days)
    birthday = min(max(birthday, year.start), year.end)
    return years_before(birthday, age)
