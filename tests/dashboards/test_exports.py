"""Files: lists as CSV and XLSX, the SSDA903 OC3 and Header tables, Ofsted's Annex A list 9.
DfE's cross-rules are checked on the exported file itself, not on the database."""

from __future__ import annotations

import csv
import io
import random
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from audit.models import Action, AuditEvent
from dashboards import exports
from dashboards.selectors.oc3_checks import (
    DATE,
    died_then_alive,
    problems_in_header_file,
    problems_in_oc3_file,
)
from devtools.bench import dashboards as bench
from devtools.bench_data import BenchYoungPerson
from pathways.codes import Ethnicity
from pathways.rules import LegalStatus
from tests.factories import YoungPersonFactory

from .factories import care_leaver, episode, situation

pytestmark = pytest.mark.usefixtures("frozen")


def _csv(response) -> list[dict]:
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _xlsx(response):
    return load_workbook(io.BytesIO(response.content)).active


# Lists and tables --------------------------------------------------------------------------


def test_a_list_downloads_as_xlsx_with_headers_and_real_dates(world, practice, team_manager_client):
    response = team_manager_client.get("/dashboards/figures/caseload/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="caseload.xlsx"' in response["Content-Disposition"]
    sheet = _xlsx(response)
    headers = [c.value for c in sheet[1]]
    assert headers[:9] == [
        "Name",
        "Person ID",
        "Date of birth",
        "Age",
        "Legal status",
        "Personal adviser",
        "Team",
        "Next review due",
        "Last contact",
    ]
    rows = {row[1].value: row for row in sheet.iter_rows(min_row=2)}
    overdue = rows[practice["overdue"].person_id]
    assert overdue[2].value == datetime(2007, 6, 1)
    assert overdue[2].number_format == "DD/MM/YYYY"
    assert overdue[7].value == datetime(2026, 11, 22)
    assert practice["other_team"].person_id not in rows  # team B is not theirs


def test_a_list_downloads_as_csv_with_uk_dates(world, practice, service_manager_client):
    response = service_manager_client.get(
        "/dashboards/figures/reviews-overdue/export.csv?year=2026"
    )
    assert response.content.startswith("\ufeff".encode())
    rows = _csv(response)
    assert [r["Person ID"] for r in rows] == [practice["overdue"].person_id]
    assert rows[0]["Date of birth"] == "01/06/2007"
    assert rows[0]["Next review due"] == "22/11/2026"


def test_every_download_is_audited_as_an_export(world, practice, service_manager_client):
    service_manager_client.get("/dashboards/figures/caseload/export.csv")
    service_manager_client.get("/dashboards/service/export.xlsx?year=2026")
    service_manager_client.get("/dashboards/team/export.csv")
    events = AuditEvent.objects.filter(action=Action.EXPORT, actor=world.service_manager)
    assert sorted(e.object_repr for e in events) == [
        "Dashboard list: Allocated to a personal adviser",
        "Service dashboard figures",
        "Team dashboard: personal advisers",
    ]
    listed = events.get(object_repr__startswith="Dashboard list")
    assert listed.detail["count"] == 10 and listed.detail["format"] == "csv"


def test_the_dashboards_tables_download_with_numerator_and_denominator(
    world, cohort, service_manager_client
):
    rows = _csv(service_manager_client.get("/dashboards/service/export.csv?year=2025"))
    eet = next(
        r
        for r in rows
        if r["Section"].startswith("Around the birthday")
        and r["Measure"] == "In education, employment or training"
        and r["Age group"] == "19 to 21"
    )
    assert (eet["Number"], eet["Out of"], eet["Percentage"]) == ("1", "4", "25.0")
    team = _xlsx(service_manager_client.get("/dashboards/team/export.xlsx"))
    assert [c.value for c in team[1]][:3] == ["Personal adviser", "Team", "Caseload"]


# SSDA903 -----------------------------------------------------------------------------------


def test_the_oc3_table_is_the_hand_built_cohort(world, cohort, service_manager_client):
    response = service_manager_client.get("/dashboards/returns/2025/oc3.csv")
    assert response.status_code == 200
    assert not response.content.startswith("\ufeff".encode())
    text = response.content.decode()
    lines = text.strip().split("\r\n")
    assert lines[0] == "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM"
    got = {line.split(",")[0]: line for line in lines[1:]}
    expected = {
        "first_day": "01/04/2008,YES,F1,U1",
        "last_day": "31/03/2005,NO,0,0",  # nothing in the window: not in touch, never blank
        "one_month_after": "15/06/2006,YES,G5,V2",
        "nreq": "10/09/2005,NREQ,0,0",
        "refu": "20/11/2007,REFU,0,0",
        "died": "01/12/2004,DIED,0,0",
        "died_earlier": "05/01/2006,DIED,0,0",
        "rhom": "08/08/2008,RHOM,0,0",
        "latest_wins": "05/05/2007,YES,P5,D2",
        "leap_day": "29/02/2008,YES,F4,Z1",
        "last_day_17": "31/03/2009,NO,0,0",
        "override": "10/10/2005,YES,F1,U2",
        "other_team": "07/07/2007,YES,F2,B1",
    }
    assert got == {cohort[n].person_id: f"{cohort[n].person_id},{v}" for n, v in expected.items()}
    event = AuditEvent.objects.get(action=Action.EXPORT, actor=world.service_manager)
    assert event.detail == {"return": "SSDA903", "table": "OC3", "year": 2025, "rows": 13}


def test_the_header_table_matches_the_oc3_table(world, cohort, service_manager_client):
    cohort["first_day"].upn = "A123456789012"
    cohort["first_day"].ethnicity = Ethnicity.WBRI
    cohort["first_day"].save()
    header = _csv(service_manager_client.get("/dashboards/returns/2025/header.csv"))
    oc3 = _csv(service_manager_client.get("/dashboards/returns/2025/oc3.csv"))
    assert list(header[0]) == ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"]
    assert [r["CHILD"] for r in header] == [r["CHILD"] for r in oc3]
    first = next(r for r in header if r["CHILD"] == cohort["first_day"].person_id)
    assert first == {
        "CHILD": cohort["first_day"].person_id,
        "SEX": "F",
        "DOB": "01/04/2008",
        "ETHNIC": "WBRI",
        "UPN": "A123456789012",
        "MOTHER": "",
        "MC_DOB": "",
    }
    before_2024 = _csv(service_manager_client.get("/dashboards/returns/2023/header.csv"))
    assert {r["SEX"] for r in before_2024} <= {"1", "2", ""}


def test_a_year_not_yet_started_is_not_found(service_manager_client):
    assert service_manager_client.get("/dashboards/returns/2027/oc3.csv").status_code == 404


# DfE's cross-rules, on the file --------------------------------------------------------------


def assert_oc3_file_passes_dfe_rules(rows: list[dict], *, year: int) -> None:
    problems = problems_in_oc3_file(rows, year=year)
    assert not problems, [str(p) for p in problems]


def assert_header_file_passes_dfe_rules(rows: list[dict], oc3_rows: list[dict], *, year) -> None:
    problems = problems_in_header_file(rows, year=year, oc3_rows=oc3_rows)
    assert not problems, [str(p) for p in problems]


def assert_once_died_always_died(earlier: list[dict], later: list[dict]) -> None:
    alive = died_then_alive(earlier, later)
    assert not alive, f"DIED the year before, not DIED now: {alive}"


@pytest.fixture
def bad_records(world):
    """Situations the services refuse today, as if imported from an older system."""
    bad = {}
    bad["yes_without_codes"] = care_leaver(world, date(2006, 5, 1))
    situation(bad["yes_without_codes"], date(2025, 5, 1), "YES", "0", "U1")
    bad["home_with_codes"] = care_leaver(world, date(2006, 6, 1))
    situation(bad["home_with_codes"], date(2025, 6, 1), "RHOM", "F1", "U1")
    bad["foyer_at_17"] = care_leaver(world, date(2008, 7, 1), status=LegalStatus.RELEVANT)
    situation(bad["foyer_at_17"], date(2025, 7, 1), "YES", "F2", "T1")
    bad["foster_carers_at_17"] = care_leaver(world, date(2008, 8, 1), status=LegalStatus.RELEVANT)
    situation(bad["foster_carers_at_17"], date(2025, 8, 1), "YES", "F2", "Z1")
    bad["unknown_code"] = care_leaver(world, date(2006, 9, 1))
    situation(bad["unknown_code"], date(2025, 9, 1), "YES", "F1", "Q9")
    bad["alive_after_died"] = care_leaver(world, date(2005, 10, 1))
    situation(bad["alive_after_died"], date(2024, 10, 1), "DIED")
    situation(bad["alive_after_died"], date(2025, 10, 1), "YES", "F1", "U1")
    bad["looked_after_at_18"] = care_leaver(world, date(2007, 11, 1), history=False)
    episode(bad["looked_after_at_18"], date(2021, 1, 1), date(2026, 1, 1))
    situation(bad["looked_after_at_18"], date(2025, 11, 1), "YES", "F1", "U1")
    return bad


@pytest.fixture
def synthetic_county(world):
    """A few hundred young people with the benchmark's synthetic histories."""
    people = [
        YoungPersonFactory(
            council=world.council,
            personal_adviser=world.pa,
            team=world.team_a,
            date_of_birth=date(2001, 1, 1) + (date(2011, 1, 1) - date(2001, 1, 1)) * i / 300,
        )
        for i in range(300)
    ]
    county = [
        BenchYoungPerson(
            id=yp.pk,
            uuid=yp.uuid,
            person_id=yp.person_id,
            display=str(yp),
            date_of_birth=yp.date_of_birth,
            personal_adviser_id=yp.personal_adviser_id,
            team_id=yp.team_id,
        )
        for yp in people
    ]
    added = bench.care_leaver_history(world.council, county, 10, random.Random(1), lambda m: None)
    assert added > 300
    return people


def _codes(row: dict) -> tuple[str, str, str]:
    return row["IN_TOUCH"], row["ACTIV"], row["ACCOM"]


def test_the_exported_files_pass_every_dfe_rule(
    world, cohort, bad_records, synthetic_county, service_manager_client
):
    """Four collection years of Header and OC3, each checked by the app's own checker."""
    for yp in [*cohort.values(), *bad_records.values(), *synthetic_county]:
        yp.upn = yp.upn or "UN3"  # the factory leaves UPNs blank; the county has its own
        yp.save(update_fields=["upn"])
    files = {
        year: _csv(service_manager_client.get(f"/dashboards/returns/{year}/oc3.csv"))
        for year in (2023, 2024, 2025, 2026)
    }
    for year, rows in files.items():
        assert rows, f"no rows for {year}"
        assert_oc3_file_passes_dfe_rules(rows, year=year)
        header = _csv(service_manager_client.get(f"/dashboards/returns/{year}/header.csv"))
        assert_header_file_passes_dfe_rules(header, rows, year=year)
    for year in (2023, 2024, 2025):
        assert_once_died_always_died(files[year], files[year + 1])
    children = {r["CHILD"]: r for r in files[2025]}
    # Still looked after on their 18th birthday: no row at all.
    assert bad_records["looked_after_at_18"].person_id not in children
    assert cohort["looked_after"].person_id not in children
    # Situations that break a rule, like missing ones, are sent as not in touch, never blank;
    # DIED stays DIED.
    for name in ("yes_without_codes", "home_with_codes", "foyer_at_17", "foster_carers_at_17"):
        assert _codes(children[bad_records[name].person_id]) == ("NO", "0", "0"), name
    assert _codes(children[bad_records["unknown_code"].person_id]) == ("NO", "0", "0")
    assert children[bad_records["alive_after_died"].person_id]["IN_TOUCH"] == "DIED"
    # The synthetic county's recorded situations fill most rows.
    recorded = [r for r in files[2025] if _codes(r) != ("NO", "0", "0")]
    assert len(recorded) > 100


def test_the_header_file_uses_dfe_codes(world, synthetic_county, service_manager_client):
    rows = _csv(service_manager_client.get("/dashboards/returns/2025/header.csv"))
    assert rows
    for row in rows:
        assert row["SEX"] in ("M", "F", "U")
        assert row["ETHNIC"] in Ethnicity.values
        assert DATE.match(row["DOB"])


# Ofsted Annex A ------------------------------------------------------------------------------


def test_annex_a_list_9_has_the_lists_columns(world, practice, service_manager_client):
    practice["in_time"].disability = True
    practice["in_time"].save()
    response = service_manager_client.get("/dashboards/returns/annex-a-list-9.xlsx")
    assert response.status_code == 200
    sheet = _xlsx(response)
    assert sheet.title == "List 9 care leavers"
    assert tuple(c.value for c in sheet[1]) == exports.ANNEX_A_HEADERS
    rows = {row[0].value: [c.value for c in row] for row in sheet.iter_rows(min_row=2)}
    # Relevant and former relevant only: not the eligible (still looked after) nor others.
    assert practice["eligible"].person_id not in rows
    assert practice["not_care_leaver"].person_id not in rows
    row = dict(zip(exports.ANNEX_A_HEADERS, rows[practice["in_time"].person_id], strict=True))
    assert row["Gender"] == "Female"
    assert row["Date of birth"] == datetime(2005, 1, 1)
    assert row["Age"] == 21
    assert row["Disability"] == "Yes"
    assert row["Allocated team"] == "Team A"
    assert row["Allocated personal adviser"] == "Petra Adviser"
    assert row["Eligibility category"] == "Former relevant"
    assert row["In touch"] == "Yes, in touch"
    assert row["Latest date of contact"] == datetime(2026, 11, 1)
    assert row["Type of accommodation"] == "U: Independent living"
    assert row["Suitability of accommodation"] == "Suitable"
    assert row["Activity"] == "F1: Higher education, full-time"
    event = AuditEvent.objects.get(action=Action.EXPORT, actor=world.service_manager)
    assert event.detail["list"] == 9 and event.detail["rows"] == len(rows)


def test_statutory_returns_are_for_service_managers(team_manager_client, pa_client):
    for url in (
        "/dashboards/returns/",
        "/dashboards/returns/2025/oc3.csv",
        "/dashboards/returns/annex-a-list-9.xlsx",
    ):
        assert team_manager_client.get(url).status_code == 403
        assert pa_client.get(url).status_code == 403


def test_the_bench_checks_four_years_of_header_and_oc3(world, synthetic_county):
    """``make bench``'s check (devtools/bench/dashboards.py), on a few hundred young people: every rule
    the export keeps holds; what only records can satisfy is counted apart."""
    result = bench.bench_oc3_export(persona=world.service_manager.email)
    assert list(result["years"]) == [2023, 2024, 2025, 2026]  # the clock is 23 November 2026
    assert result["export_faults"] == 0, [y["examples"] for y in result["years"].values()]
    assert result["died_then_alive"] == 0
    for figures in result["years"].values():
        assert figures["rows"] == figures["header_rows"] > 0
        assert set(figures["by_rule"]) >= {"131", "132", "133", "344", "345", "391", "3001"}
    lines = bench.oc3_summary_lines(result)
    assert lines[0].startswith("  2023 to 2024: OC3 ")
