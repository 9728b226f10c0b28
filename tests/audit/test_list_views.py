"""Lists of young people are personal data too: each page of the caseload and of the young
people list is written to the audit log, as the API's list is (issue 12, item 12)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import Action, AuditEvent

pytestmark = pytest.mark.django_db


def test_viewing_the_caseload_is_audited_with_how_many_were_shown(world, pa_client):
    assert pa_client.get(reverse("pathways:caseload")).status_code == 200
    event = AuditEvent.objects.get(actor=world.pa, action=Action.VIEW)
    assert event.detail == {"count": 1, "list": "caseload"}
    assert event.path == reverse("pathways:caseload")
    assert event.council_id == world.council.pk


def test_viewing_the_young_people_list_is_audited(world, team_manager_client):
    url = reverse("pathways:young-people") + "?team=" + str(world.team_a.pk)
    assert team_manager_client.get(url).status_code == 200
    event = AuditEvent.objects.get(actor=world.team_manager, action=Action.VIEW)
    assert event.detail == {"count": 2, "list": "young people"}
    assert event.path == url


def test_a_refused_list_is_not_audited_as_viewed(world, committee_officer_client):
    assert committee_officer_client.get(reverse("pathways:caseload")).status_code == 403
    assert not AuditEvent.objects.filter(action=Action.VIEW).exists()


def test_the_admins_filter_names_events_about_no_single_record(
    world, pa_client, administrator_client
):
    pa_client.get(reverse("pathways:caseload"))  # an event with no object type
    html = administrator_client.get("/admin/audit/auditevent/").content.decode()
    assert 'href="?object_type=">No single record (a list, a sign-in)</a>' in html
    assert 'href="?object_type="></a>' not in html
