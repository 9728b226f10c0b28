"""The data quality page: every record breaking a DfE rule for the return year, with the
rule and a link to put it right, and the count on the dashboards."""

from __future__ import annotations

import pytest

from audit.models import Action, AuditEvent
from dashboards.presenters import describe_problems
from dashboards.selectors import data_quality
from dashboards.selectors.kpis import Filters

from .conftest import COHORT_DAY
from .test_exports import bad_records  # noqa: F401 - the fixture

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def with_upns(cohort, bad_records):  # noqa: F811
    """Valid UPNs for everyone, so only the problems under test show."""
    for n, yp in enumerate([*cohort.values(), *bad_records.values()]):
        yp.upn = f"A{n:012d}"
        yp.save()
    return cohort, bad_records


def _problems(user, **filters):
    chosen = Filters(year=2025, **filters)
    ids = data_quality.problem_ids(user, chosen, today=COHORT_DAY)
    assert data_quality.count(user, chosen, today=COHORT_DAY) == len(ids)
    rows = data_quality.problem_rows(user, chosen, today=COHORT_DAY, ids=ids)
    assert all(row.problems for row in describe_problems(rows, today=COHORT_DAY))
    return {row.young_person.pk: row for row in describe_problems(rows, today=COHORT_DAY)}


def test_it_lists_each_record_with_the_rule_it_breaks(world, with_upns, service_manager):
    cohort, bad = with_upns
    found = _problems(service_manager)
    rules = {pk: [p.rule for p in row.problems] for pk, row in found.items()}
    assert rules == {
        cohort["last_day"].pk: ["Situation missing"],
        cohort["last_day_17"].pk: ["Situation missing"],
        bad["yes_without_codes"].pk: ["Cross-check failed"],
        bad["home_with_codes"].pk: ["Cross-check failed"],
        bad["foyer_at_17"].pk: ["Cross-check failed"],
        bad["foster_carers_at_17"].pk: ["Cross-check failed"],
        bad["unknown_code"].pk: ["Cross-check failed"],
        bad["alive_after_died"].pk: ["Once DIED, always DIED"],
        bad["looked_after_at_18"].pk: ["Still looked after"],
    }


def test_the_messages_name_the_rule_and_link_to_the_fix(world, with_upns, service_manager):
    _cohort, bad = with_upns
    found = _problems(service_manager)
    yes = found[bad["yes_without_codes"].pk].problems[0]
    assert yes.message == (
        "Situation of 1 May 2025: In touch is YES, so activity and accommodation are needed"
    )
    assert yes.fix_url == f"/pathways/young-people/{bad['yes_without_codes'].uuid}/situations/new/"
    foyer = found[bad["foyer_at_17"].pk].problems[0]
    assert "Foyer accommodation (T) is not recorded for under-18s" in foyer.message
    assert "Q9" in found[bad["unknown_code"].pk].problems[0].message or (
        "valid accommodation" in found[bad["unknown_code"].pk].problems[0].message
    )


def test_a_missing_or_malformed_upn_is_a_problem(world, cohort, service_manager):
    cohort["first_day"].upn = "I123456789012"  # I is not allowed
    cohort["first_day"].save()
    found = _problems(service_manager)
    problem = next(p for p in found[cohort["first_day"].pk].problems if p.rule == "UPN")
    assert "not in DfE's format" in problem.message
    assert problem.fix_url.endswith(f"/young-people/{cohort['first_day'].uuid}/edit/")
    blank = next(p for p in found[cohort["nreq"].pk].problems if p.rule == "UPN")
    assert blank.message.startswith("No unique pupil number recorded")


def test_the_page_lists_them_and_is_audited(world, with_upns, service_manager_client):
    response = service_manager_client.get("/dashboards/data-quality/?year=2025")
    assert response.status_code == 200
    text = response.content.decode()
    assert "9 young people with a problem" in text
    assert "Record their situation" in text
    event = AuditEvent.objects.filter(action=Action.VIEW, actor=world.service_manager).latest("id")
    assert event.object_repr == "Data quality: records breaking a DfE rule"
    assert event.detail["count"] == 9


def test_a_team_manager_sees_their_teams_problems(world, with_upns, team_manager, service_manager):
    _cohort, bad = with_upns
    assert len(_problems(team_manager)) == 9  # all in team A
    moved = bad["unknown_code"]
    moved.personal_adviser, moved.team = world.pa_other_team, world.team_b
    moved.save()
    assert data_quality.count(team_manager, Filters(year=2025), today=COHORT_DAY) == 8
    assert data_quality.count(service_manager, Filters(year=2025), today=COHORT_DAY) == 9


def test_the_dashboards_show_the_count(world, with_upns, service_manager_client):
    for url in ("/dashboards/service/?year=2025", "/dashboards/team/?year=2025"):
        response = service_manager_client.get(url)
        assert response.context["data_quality_count"] == 9
        assert "9 young people have records that break a DfE rule" in response.content.decode()
