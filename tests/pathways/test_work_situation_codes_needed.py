"""Which of a situation's DfE codes are needed together is the service's rule
(``pathways.rules.check_situation``): in touch, activity and accommodation are recorded together
or not at all, and a situation recorded on its own records them. The page and the API refuse a
code left out with the same words, and save nothing."""

from __future__ import annotations

import html
import json
from datetime import timedelta

import pytest
from django.urls import reverse

from pathways.models import Contact, Situation
from pathways.rules import ALL_OR_NONE, NOTHING_RECORDED
from tests.clock import TODAY

pytestmark = pytest.mark.django_db

ON = TODAY - timedelta(days=3)


def date_parts(prefix: str) -> dict:
    return {f"{prefix}_day": ON.day, f"{prefix}_month": ON.month, f"{prefix}_year": ON.year}


def api(client, young_person, records: str, data: dict):
    return client.post(
        f"/api/young-people/{young_person.uuid}/{records}/",
        data=json.dumps(data),
        content_type="application/json",
    )


def page_error(response, field: str, message: str) -> bool:
    """The message in the error summary, linked to the field (a radio's first button)."""
    text = html.unescape(response.content.decode())
    return any(f'<a href="#id_{anchor}">{message}</a>' in text for anchor in (field, f"{field}_0"))


@pytest.mark.parametrize(
    ("codes", "field", "message"),
    [
        ({"in_touch": "YES", "accommodation": "U1"}, "activity", ALL_OR_NONE),
        ({"activity": "F2"}, "in_touch", ALL_OR_NONE),
        ({}, "in_touch", NOTHING_RECORDED),
    ],
)
def test_a_situation_missing_codes_is_refused_alike_on_page_and_api(
    world, pa_client, codes, field, message
):
    young_person = world.yp_own
    page = pa_client.post(
        reverse("pathways:situation-new", args=[young_person.uuid]),
        {**date_parts("recorded_on"), **codes},
    )
    response = api(pa_client, young_person, "situations", {"recorded_on": ON.isoformat(), **codes})
    assert page.status_code == 200
    assert page_error(page, field, message)
    assert response.status_code == 400
    assert response.json() == {field: [message]}
    assert not Situation.objects.exists()


def test_a_contacts_situation_missing_a_code_is_refused_alike_on_page_and_api(world, pa_client):
    young_person = world.yp_own
    page = pa_client.post(
        reverse("pathways:contact-new", args=[young_person.uuid]),
        {**date_parts("occurred_on"), "time": "10:30", "kind": "phone", "in_touch": "YES"},
    )
    response = api(
        pa_client,
        young_person,
        "contacts",
        {
            "occurred_at": f"{ON.isoformat()}T10:30:00",
            "kind": "phone",
            "situation": {"in_touch": "YES"},
        },
    )
    assert page.status_code == 200
    assert page_error(page, "activity", ALL_OR_NONE)
    assert response.status_code == 400
    assert response.json() == {"situation": {"activity": [ALL_OR_NONE]}}
    assert not Contact.objects.exists() and not Situation.objects.exists()


def test_a_contact_with_no_situation_codes_records_no_situation(world, pa_client):
    response = api(
        pa_client,
        world.yp_own,
        "contacts",
        {"occurred_at": f"{ON.isoformat()}T10:30:00", "kind": "phone", "situation": {}},
    )
    assert response.status_code == 201, response.json()
    assert response.json()["situation"] is None
    assert not Situation.objects.exists()
