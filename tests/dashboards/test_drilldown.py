"""The list of young people behind each figure: permission-checked, scoped and audited."""

from __future__ import annotations

from datetime import date

import pytest

from audit.models import Action, AuditEvent

pytestmark = pytest.mark.usefixtures("frozen")


def _names(response):
    return {row.name for row in response.context["rows"]}


def test_it_lists_the_young_people_behind_a_figure(world, cohort, service_manager_client):
    response = service_manager_client.get(
        "/dashboards/figures/oc3-in-touch/?year=2025&age_group=19-21"
    )
    assert response.status_code == 200
    assert _names(response) == {
        cohort["one_month_after"].display_name,
        cohort["override"].display_name,
    }
    text = response.content.decode()
    assert "In touch around their birthday" in text
    assert "Aged 19 to 21 at that birthday" in text
    assert "19th: 15 June 2025" in text


def test_it_writes_a_view_to_the_audit_log_with_the_figure(world, cohort, service_manager_client):
    service_manager_client.get("/dashboards/figures/oc3-not-known/?year=2025")
    event = AuditEvent.objects.filter(action=Action.VIEW, actor=world.service_manager).latest("id")
    assert event.council_id == world.council.pk
    assert event.object_repr == "Dashboard list: No situation recorded around their birthday"
    assert event.detail["figure"] == "oc3-not-known"
    assert event.detail["filters"] == {"year": "2025"}
    assert event.detail["count"] == 2
    assert sorted(event.detail["young_people"]) == sorted(
        [cohort["last_day"].person_id, cohort["last_day_17"].person_id]
    )


def test_a_team_manager_sees_only_their_team_in_any_list(world, cohort, team_manager_client):
    everyone = team_manager_client.get("/dashboards/figures/oc3-cohort/?year=2025")
    assert cohort["other_team"].display_name not in _names(everyone)
    assert cohort["first_day"].display_name in _names(everyone)
    # Asking for another team's list still lists nobody outside their own team.
    asked = team_manager_client.get(f"/dashboards/figures/caseload/?team={world.team_b.pk}")
    teams = {row.team for row in asked.context["rows"]}
    assert teams == {"Team A"}


def test_young_people_without_an_adviser_have_their_own_list(world, service_manager_client):
    from .factories import care_leaver

    nobody = care_leaver(world, date(2006, 1, 1))
    nobody.personal_adviser = None
    nobody.save()
    response = service_manager_client.get("/dashboards/figures/care-leavers/?personal_adviser=none")
    assert _names(response) == {nobody.display_name}


def test_an_unknown_figure_is_not_found(service_manager_client):
    assert service_manager_client.get("/dashboards/figures/everyone-ever/").status_code == 404


def test_people_without_a_dashboard_cannot_list(pa_client, committee_officer_client):
    assert pa_client.get("/dashboards/figures/caseload/").status_code == 403
    assert committee_officer_client.get("/dashboards/figures/caseload/").status_code == 403


def test_every_row_links_to_the_young_persons_record(world, cohort, service_manager_client):
    text = service_manager_client.get("/dashboards/figures/oc3-cohort/?year=2025").content.decode()
    assert f'href="/pathways/young-people/{cohort["leap_day"].uuid}/"' in text
