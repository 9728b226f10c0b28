"""A NUL character, which PostgreSQL cannot store, is refused with a reason wherever text is
accepted: the pages' forms, the plans' autosave and the API (issue 12, item 5)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.urls import reverse

from core.text import NUL_MESSAGE, contains_nul
from pathways.models import Contact, Draft, PlanSection
from tests.clock import TODAY
from tests.pathways.factories import contact_data, draft_plan, send

pytestmark = pytest.mark.django_db


def test_it_finds_a_nul_anywhere_in_the_data():
    assert contains_nul("a\x00b")
    assert contains_nul({"notes": ["fine", {"deep": "x\x00"}]})
    assert contains_nul({"key\x00": "fine"})
    assert not contains_nul({"notes": "fine", "n": 3, "none": None})


def test_the_autosave_refuses_a_nul_with_a_message(world, pa_client):
    plan = draft_plan(world.yp_own, by=world.pa, filled=False)
    section = PlanSection.objects.get(plan=plan, code="health")
    response = pa_client.post(
        reverse("pathways:plan-draft", args=[plan.uuid]),
        data=json.dumps(
            {"key": f"section:{section.pk}", "data": {"narrative": "Half\x00 a sentence"}}
        ),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"error": NUL_MESSAGE}
    assert not Draft.objects.exists()


def test_the_api_refuses_a_nul_with_a_reason(world, pa_client):
    response = send(
        pa_client,
        "post",
        f"/api/young-people/{world.yp_own.uuid}/contacts/",
        {
            "occurred_at": f"{(TODAY - timedelta(days=1)).isoformat()}T10:00:00",
            "kind": "phone",
            "notes": "Talked\x00 about college",
        },
    )
    assert response.status_code == 400
    assert response.json() == {"detail": NUL_MESSAGE}
    assert not Contact.objects.exists()


def test_a_page_refuses_a_nul_on_the_field_it_is_in(world, pa_client):
    response = pa_client.post(
        reverse("pathways:contact-new", args=[world.yp_own.uuid]),
        contact_data(notes="Talked\x00 about college"),
    )
    assert response.status_code == 200
    assert "Null characters are not allowed" in response.content.decode()
    assert not Contact.objects.exists()
