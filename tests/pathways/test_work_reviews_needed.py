"""What a review must record is the service's rule (``services.work.check_review``): a text
left empty and progress on a section the plan does not have are refused with the same words on
the page and through the API, and nothing is saved."""

from __future__ import annotations

import html
import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from pathways.models import PathwayPlan, Review
from pathways.services.work import REVIEW_TEXT_NEEDED, record_review
from tests.clock import TODAY

pytestmark = pytest.mark.django_db

HELD_ON = TODAY - timedelta(days=3)
TEXTS = {
    "attendees": "The young person and their personal adviser",
    "young_person_views": "I want to stay in my flat.",
    "eet_progress": "Passed the first term of the college course.",
    "outcome": "Plan continues unchanged.",
}


@pytest.fixture
def young_person(world):
    PathwayPlan.objects.create(
        young_person=world.yp_own,
        number=1,
        status=PathwayPlan.Status.APPROVED,
        starts_on=TODAY - timedelta(days=300),
        created_by=world.pa,
        decided_by=world.team_manager,
        decided_at=timezone.now(),
    )
    return world.yp_own


def page_review(client, young_person, **texts):
    data = {
        "held_on_day": HELD_ON.day,
        "held_on_month": HELD_ON.month,
        "held_on_year": HELD_ON.year,
        "review_type": Review.Type.SCHEDULED,
        **TEXTS,
        **texts,
    }
    return client.post(reverse("pathways:review-new", args=[young_person.uuid]), data)


def api_review(client, young_person, **fields):
    data = {
        "held_on": HELD_ON.isoformat(),
        "review_type": Review.Type.SCHEDULED,
        **TEXTS,
        **fields,
    }
    return client.post(
        f"/api/young-people/{young_person.uuid}/reviews/",
        data=json.dumps(data),
        content_type="application/json",
    )


@pytest.mark.parametrize("name", list(REVIEW_TEXT_NEEDED))
def test_a_text_left_empty_gets_the_same_message_on_page_and_api(
    world, pa_client, young_person, name
):
    message = REVIEW_TEXT_NEEDED[name]
    page = page_review(pa_client, young_person, **{name: "   "})
    api = api_review(pa_client, young_person, **{name: "   "})
    assert page.status_code == 200
    assert f'<a href="#id_{name}">{message}</a>' in html.unescape(page.content.decode())
    assert api.status_code == 400
    assert api.json() == {name: [message]}
    assert not Review.objects.exists()


def test_every_empty_text_is_refused_at_once_through_the_api(world, pa_client, young_person):
    response = api_review(pa_client, young_person, **dict.fromkeys(TEXTS, ""))
    assert response.json() == {name: [message] for name, message in REVIEW_TEXT_NEEDED.items()}
    assert not Review.objects.exists()


def test_progress_on_a_section_the_plan_does_not_have_is_refused_by_the_service(
    world, pa_client, young_person
):
    api = api_review(pa_client, young_person, section_progress={"hobbies": "Took up climbing."})
    assert api.status_code == 400
    [message] = api.json()["section_progress"]
    assert message.startswith("Unknown plan sections: hobbies. Use the section codes: ")
    with pytest.raises(ValidationError) as refused:
        record_review(
            young_person=young_person,
            by=world.pa,
            held_on=HELD_ON,
            review_type=Review.Type.SCHEDULED,
            section_progress={"hobbies": "Took up climbing."},
            **TEXTS,
        )
    assert refused.value.message_dict == {"section_progress": [message]}
    assert not Review.objects.exists()
