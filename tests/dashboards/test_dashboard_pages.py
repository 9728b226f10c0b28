"""The team and service dashboards: who sees them, what they count, the links behind every
figure, the charts, the filters, and a fixed number of queries whatever the data size."""

from __future__ import annotations

import re
from datetime import date

import pytest

from dashboards.selectors import dashboards
from dashboards.selectors.kpis import Filters
from tests.querybudget import assert_constant_queries

from .conftest import COHORT_DAY
from .factories import care_leaver, situation

pytestmark = pytest.mark.usefixtures("frozen")


def test_a_team_manager_sees_each_adviser_in_their_team(world, practice, team_manager_client):
    response = team_manager_client.get("/dashboards/team/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Petra Adviser" in text
    assert "Colm Colleague" in text
    assert "Bea Otherteam" not in text
    petra = next(line for line in response.context["lines"] if line.name == "Petra Adviser")
    # caseload: the six in the fixture's team A plus yp_own; reviews overdue: "overdue";
    # contacts: overdue (8 weeks and a day), moved (visit overdue), eligible (none recorded);
    # plans awaiting: overdue; missing OC3 data: the four care leavers who have left care (no
    # situation in a window; "eligible" is still looked after on their 17th birthday, when DfE
    # expects no data).
    assert [cell.value for cell in petra.cells] == [7, 1, 3, 1, 4]


def test_each_count_links_to_the_young_people_behind_it(world, practice, team_manager_client):
    response = team_manager_client.get("/dashboards/team/")
    text = response.content.decode()
    href = f"/dashboards/figures/reviews-overdue/?year=2026&amp;personal_adviser={world.pa.uuid}"
    assert href in text
    follow = team_manager_client.get(href.replace("&amp;", "&"))
    assert follow.status_code == 200
    names = [row.name for row in follow.context["rows"]]
    assert names == [practice["overdue"].display_name]


def test_the_team_dashboard_offers_reallocation(world, practice, team_manager_client):
    text = team_manager_client.get("/dashboards/team/").content.decode()
    assert 'href="/pathways/young-people/allocate/"' in text
    assert f"/pathways/young-people/allocate/?personal_adviser={world.pa.uuid}" in text


def test_a_service_manager_chooses_a_team(world, practice, service_manager_client):
    response = service_manager_client.get(f"/dashboards/team/?team={world.team_b.pk}")
    names = [line.name for line in response.context["lines"]]
    assert names == ["Bea Otherteam"]
    everyone = service_manager_client.get("/dashboards/team/")
    assert {line.name for line in everyone.context["lines"]} == {
        "Petra Adviser",
        "Colm Colleague",
        "Bea Otherteam",
    }


def test_the_service_dashboard_shows_numerator_and_denominator(
    world, cohort, service_manager_client
):
    response = service_manager_client.get("/dashboards/service/?year=2025")
    assert response.status_code == 200
    rows = {(r.label, r.group): r for r in response.context["oc3_rows"]}
    eet = rows[("In education, employment or training", "19 to 21")]
    assert (eet.numerator, eet.denominator, eet.percent) == (1, 4, "25%")
    text = response.content.decode()
    assert "/dashboards/figures/oc3-eet/?year=2025&amp;age_group=19-21" in text
    assert "/dashboards/figures/oc3-counted/?year=2025&amp;age_group=19-21" in text


def test_a_team_manager_sees_their_teams_figures_on_the_service_dashboard(
    world, cohort, team_manager_client
):
    response = team_manager_client.get("/dashboards/service/?year=2025")
    assert response.status_code == 200
    rows = {(r.label, r.group): r for r in response.context["oc3_rows"]}
    assert rows[("In touch", "17 to 18")].denominator == 5  # other_team is left out
    assert "team" not in response.context["form"].fields  # only their own team to choose


def test_the_filters_work_as_a_plain_get_form(world, cohort, service_manager_client):
    response = service_manager_client.get(
        f"/dashboards/service/?year=2025&team={world.team_b.pk}&age_group=17-18&gender=F"
    )
    rows = {(r.label, r.group): r for r in response.context["oc3_rows"]}
    assert rows[("In touch", "All ages")].denominator == 1
    text = response.content.decode()
    assert '<form method="get"' in text
    assert "/dashboards/figures/oc3-in-touch/?year=2025&amp;team=" in text


def test_a_filter_that_makes_no_sense_is_named_and_ignored(world, service_manager_client):
    response = service_manager_client.get("/dashboards/service/?year=1999&age_group=old")
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert response.context["filters"] == Filters(year=2026)


def test_the_charts_are_accessible_svg_beside_tables(world, cohort, service_manager_client):
    text = service_manager_client.get("/dashboards/service/?year=2025").content.decode()
    svgs = re.findall(r"<svg\b.*?</svg>", text, re.S)
    assert len(svgs) == 4  # OC3 by age group, then the trend of each of the three measures
    for svg in svgs:
        opening = svg[: svg.index(">")]
        assert 'role="img"' in opening
        ids = re.search(r'aria-labelledby="([^"]+)"', opening).group(1).split()
        assert f'<title id="{ids[0]}">' in svg
        assert f'<desc id="{ids[1]}">' in svg
        assert "<script" not in svg
    # Each figure is written on the chart, not only coloured: the 19-21 EET bar says 25%.
    assert ">25%</text>" in svgs[0]
    assert "In education, employment or training, 19 to 21: 25%" in svgs[0]


def test_comparators_show_beside_the_councils_figures(world, cohort, service_manager_client):
    from dashboards.models import Comparator

    Comparator.objects.create(
        council=world.council, year=2025, indicator="eet_19_21", kind="national", percent=63
    )
    response = service_manager_client.get("/dashboards/service/?year=2025")
    rows = {(r.label, r.group): r for r in response.context["oc3_rows"]}
    assert rows[("In education, employment or training", "19 to 21")].comparators == [
        "63%",
        "Not entered",
        "Not entered",
    ]
    assert response.context["comparator_chart"] is not None
    assert "In education, employment or training: England" in response.context["comparator_chart"]


def test_the_dashboards_are_for_managers_only(
    pa_client, committee_officer_client, administrator_client, anonymous_client
):
    for url in ("/dashboards/service/", "/dashboards/team/"):
        assert pa_client.get(url).status_code == 403
        assert committee_officer_client.get(url).status_code == 403
        assert administrator_client.get(url).status_code == 403
        assert anonymous_client.get(url).status_code == 302


def _grow(world):
    made = {"n": 0}

    def grow(n):
        for _ in range(n):
            made["n"] += 1
            pa = world.pa if made["n"] % 2 else world.pa_other_team
            yp = care_leaver(world, date(2006, 1 + made["n"] % 12, 5), pa=pa)
            yp.current_situation = situation(yp, date(2025, 12, 1), "YES", "F1", "U1")
            yp.last_contact_on = date(2026, 11, 1)
            yp.next_review_due_on = date(2026, 10, 1)
            yp.save()

    return grow


@pytest.mark.parametrize(
    "url",
    [
        "/dashboards/service/?year=2025",
        "/dashboards/team/",
        "/dashboards/figures/caseload/",
        "/dashboards/figures/oc3-in-touch/?year=2025",
        "/dashboards/data-quality/?year=2025",
    ],
)
def test_the_pages_run_a_fixed_number_of_queries(world, service_manager_client, url):
    assert_constant_queries(service_manager_client, url, grow=_grow(world))


def test_the_team_rows_match_the_kpis(world, practice, team_manager):
    rows = dashboards.team_rows(team_manager, Filters(year=2026), today=COHORT_DAY).value
    result = dashboards.dashboard_kpis(team_manager, Filters(year=2026), today=COHORT_DAY).value
    assert sum(r.plans_awaiting for r in rows) == result.practice["plans-awaiting"]
    overdue = result.practice["reviews-due"] - result.practice["reviews-in-time"]
    assert sum(r.reviews_overdue for r in rows) == overdue
    in_time = result.practice["contacts-in-time"]
    assert sum(r.contacts_overdue for r in rows) == result.practice["care-leavers"] - in_time
