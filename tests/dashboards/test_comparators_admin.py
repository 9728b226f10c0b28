"""Comparators (national, regional, statistical neighbours) entered by an administrator per
year and indicator, in the council-scoped admin."""

from __future__ import annotations

from audit.models import Action, AuditEvent
from dashboards.models import Comparator

ADD = "/admin/dashboards/comparator/add/"


def _form(**changes):
    data = {"year": "2025", "indicator": "eet_19_21", "kind": "national", "percent": "63"}
    data.update(changes)
    return data


def test_an_administrator_enters_a_comparator_for_their_council(world, administrator_client):
    response = administrator_client.post(ADD, _form(source="DfE CLA 2026, table F1"))
    assert response.status_code == 302
    comparator = Comparator.objects.get()
    assert comparator.council == world.council
    assert str(comparator.percent) == "63.0"
    assert AuditEvent.objects.filter(action=Action.CREATE, object_type="dashboards.comparator")


def test_the_same_figure_twice_is_refused_with_a_message(world, administrator_client):
    administrator_client.post(ADD, _form())
    response = administrator_client.post(ADD, _form(percent="64"))
    assert response.status_code == 200
    assert "There is already a figure for this year, indicator and comparison" in (
        response.content.decode()
    )
    assert Comparator.objects.count() == 1


def test_another_council_may_enter_the_same_figure(world, administrator_client):
    Comparator.objects.create(
        council=world.other_council, year=2025, indicator="eet_19_21", kind="national", percent=1
    )
    assert administrator_client.post(ADD, _form()).status_code == 302
    listing = administrator_client.get("/admin/dashboards/comparator/")
    assert listing.context["cl"].result_count == 1


def test_a_percentage_over_100_is_refused(world, administrator_client):
    response = administrator_client.post(ADD, _form(percent="101"))
    assert response.status_code == 200
    assert not Comparator.objects.exists()


def test_managers_cannot_enter_comparators(service_manager_client):
    assert service_manager_client.get(ADD).status_code == 302
