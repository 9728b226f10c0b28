"""The KPIs as JSON for a period and scope, with the dashboards' permissions."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("frozen")


def _measures(data, section):
    return {m["key"]: m for m in data[section]}


def test_it_gives_the_kpis_for_a_year(world, cohort, service_manager_client):
    response = service_manager_client.get("/api/dashboards/kpis/?year=2025")
    assert response.status_code == 200
    data = response.json()
    assert data["year"] == {
        "key": "2025",
        "label": "2025 to 2026",
        "start": "2025-04-01",
        "end": "2026-03-31",
    }
    assert data["so_far"] is False
    eet = _measures(data, "oc3")["oc3.eet.19-21"]
    assert eet == {
        "key": "oc3.eet.19-21",
        "label": "In education, employment or training",
        "age_group": "19-21",
        "numerator": 1,
        "denominator": 4,
        "percent": 25.0,
        "comparators": {},
    }
    assert len(data["trend"]) == 8
    assert data["trend"][-1]["quarter"]["key"] == "2026-q2"
    assert {"now", "practice", "caseload", "data_quality_problems"} <= set(data)


def test_a_team_manager_gets_their_team(world, cohort, team_manager_client):
    data = team_manager_client.get("/api/dashboards/kpis/?year=2025").json()
    assert _measures(data, "oc3")["oc3.in_touch.17-18"]["denominator"] == 5


def test_filters_narrow_the_scope(world, cohort, service_manager_client):
    url = f"/api/dashboards/kpis/?year=2025&team={world.team_b.pk}"
    data = service_manager_client.get(url).json()
    assert _measures(data, "oc3")["oc3.in_touch.all"]["denominator"] == 1
    assert data["filters"] == {"year": "2025", "team": str(world.team_b.pk)}


def test_a_bad_parameter_is_refused(service_manager_client):
    response = service_manager_client.get("/api/dashboards/kpis/?year=1066&age_group=old")
    assert response.status_code == 400
    assert set(response.json()) == {"year", "age_group"}


def test_roles_without_a_dashboard_are_refused(
    pa_client, committee_officer_client, anonymous_client
):
    assert pa_client.get("/api/dashboards/kpis/").status_code == 403
    assert committee_officer_client.get("/api/dashboards/kpis/").status_code == 403
    assert anonymous_client.get("/api/dashboards/kpis/").status_code == 403


def test_it_is_in_the_schema(pa_client):
    assert "/api/dashboards/kpis/" in pa_client.get("/api/schema/").content.decode()
