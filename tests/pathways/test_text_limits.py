"""Every box a person types into has a limit (issue 12, item 14: contact notes took 2 MB). Text
over it is refused on the page, with GOV.UK's message in the error summary linked to the box
and the text shown back, and through the API with the same message keyed by field; nothing is
saved. Textareas carry no ``maxlength`` (a browser would cut pasted text short, unsaid). The
API's schema says each limit."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django import forms
from django.urls import reverse

from panels.forms.meetings import ReportForm
from panels.forms.minutes import MinuteForm
from pathways.models import (
    Contact,
    NeedsAssessment,
    PathwayPlan,
    PlanSection,
    Review,
)
from tests.clock import TODAY
from tests.factories import ApprovedPlanFactory

from .factories import (
    THREE_DAYS_AGO,
    contact_data,
    draft_plan,
    edit_data,
    review_data,
    send,
    submitted_plan,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]

NOTES_MESSAGE = "Contact notes must be 10,000 characters or fewer"
LONG = "x" * 10_001


def summary(response) -> list[tuple[str, str]]:
    """The error summary's links, as (href, message), in order."""
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    body = page.split('govuk-error-summary__list">', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', body)


def textareas(response) -> list[str]:
    return re.findall(r"<textarea[^>]*>", response.content.decode())


# Contact notes ---------------------------------------------------------------------------


def test_it_refuses_contact_notes_over_10000_characters_on_the_page(world, pa_client):
    url = reverse("pathways:contact-new", args=[world.yp_own.uuid])
    response = pa_client.post(url, contact_data(THREE_DAYS_AGO, notes=LONG))
    assert summary(response) == [("#id_notes", NOTES_MESSAGE)]
    assert LONG in response.content.decode()  # shown back, to be shortened
    assert not Contact.objects.exists()

    saved = pa_client.post(url, contact_data(THREE_DAYS_AGO, notes="y" * 10_000))
    assert saved.status_code == 302
    assert len(Contact.objects.get().notes) == 10_000


def test_it_refuses_contact_notes_over_10000_characters_through_the_api(world, pa_client):
    url = f"/api/young-people/{world.yp_own.uuid}/contacts/"
    contact = {"occurred_at": f"{THREE_DAYS_AGO.isoformat()}T14:30:00", "kind": "phone"}
    refused = send(pa_client, "post", url, contact | {"notes": LONG})
    assert refused.status_code == 400
    assert refused.json() == {"notes": [NOTES_MESSAGE]}
    assert not Contact.objects.exists()
    saved = send(pa_client, "post", url, contact | {"notes": "y" * 10_000})
    assert saved.status_code == 201


def test_a_two_megabyte_note_is_refused_not_saved(world, pa_client):
    url = f"/api/young-people/{world.yp_own.uuid}/contacts/"
    contact = {"occurred_at": f"{THREE_DAYS_AGO.isoformat()}T14:30:00", "kind": "phone"}
    refused = send(pa_client, "post", url, contact | {"notes": "z" * 2_000_000})
    assert refused.status_code in (400, 413)
    assert not Contact.objects.exists()


# Reviews -----------------------------------------------------------------------------------

REVIEW_MESSAGES = {
    "attendees": "Who attended must be 2,000 characters or fewer",
    "young_person_views": "The young person's views must be 10,000 characters or fewer",
    "eet_progress": "Progress in education, employment or training must be 10,000 characters "
    "or fewer",
    "outcome": "Outcome must be 10,000 characters or fewer",
}


@pytest.fixture
def approved(world):
    return ApprovedPlanFactory(young_person=world.yp_own, starts_on=TODAY - timedelta(days=322))


def test_it_refuses_review_text_over_its_limits_on_the_page(world, pa_client, approved):
    response = pa_client.post(
        reverse("pathways:review-new", args=[world.yp_own.uuid]),
        review_data(
            THREE_DAYS_AGO,
            attendees="a" * 2_001,
            young_person_views=LONG,
            eet_progress=LONG,
            outcome=LONG,
            progress_accommodation=LONG,
        ),
    )
    assert dict(summary(response)) == {
        "#id_attendees": REVIEW_MESSAGES["attendees"],
        "#id_young_person_views": REVIEW_MESSAGES["young_person_views"],
        "#id_eet_progress": REVIEW_MESSAGES["eet_progress"],
        "#id_progress_accommodation": "Progress: accommodation and its suitability must be "
        "10,000 characters or fewer",
        "#id_outcome": REVIEW_MESSAGES["outcome"],
    }
    assert not Review.objects.exists()


def test_it_refuses_review_text_over_its_limits_through_the_api(world, pa_client, approved):
    response = send(
        pa_client,
        "post",
        f"/api/young-people/{world.yp_own.uuid}/reviews/",
        {
            "held_on": THREE_DAYS_AGO.isoformat(),
            "review_type": "scheduled",
            "attendees": "a" * 2_001,
            "young_person_views": LONG,
            "eet_progress": LONG,
            "outcome": LONG,
            "section_progress": {"accommodation": LONG, "support": "Fine."},
        },
    )
    assert response.status_code == 400
    assert response.json() == {
        **{name: [message] for name, message in REVIEW_MESSAGES.items()},
        "section_progress": {"accommodation": ["Progress must be 10,000 characters or fewer"]},
    }
    assert not Review.objects.exists()


# A young person's details ------------------------------------------------------------------

DETAIL_MESSAGES = {
    "legal_first_name": ("f" * 101, "Legal first name must be 100 characters or fewer"),
    "preferred_name": ("p" * 101, "Preferred first name must be 100 characters or fewer"),
    "phone": ("0" * 41, "Phone number must be 40 characters or fewer"),
    "email": ("e" * 243 + "@example.com", "Email address must be 254 characters or fewer"),
    "address": ("a" * 501, "Address must be 500 characters or fewer"),
}


def test_it_refuses_details_over_their_limits_on_the_page_and_the_api_alike(world, pa_client):
    yp = world.yp_own
    overrides = {name: value for name, (value, _) in DETAIL_MESSAGES.items()}
    page = pa_client.post(
        reverse("pathways:young-person-edit", args=[yp.uuid]),
        edit_data(yp, **overrides),
    )
    assert dict(summary(page)) == {
        f"#id_{name}": message for name, (_, message) in DETAIL_MESSAGES.items()
    }
    api = send(
        pa_client,
        "patch",
        f"/api/young-people/{yp.uuid}/",
        overrides | {"lock_version": yp.lock_version},
    )
    assert api.status_code == 400
    assert api.json() == {name: [message] for name, (_, message) in DETAIL_MESSAGES.items()}
    yp.refresh_from_db()
    assert yp.lock_version == 1 and yp.address == ""


def test_an_address_of_500_characters_is_saved(world, pa_client):
    yp = world.yp_own
    response = send(
        pa_client,
        "patch",
        f"/api/young-people/{yp.uuid}/",
        {"address": "a" * 500, "lock_version": yp.lock_version},
    )
    assert response.status_code == 200
    yp.refresh_from_db()
    assert len(yp.address) == 500


def test_it_refuses_an_override_reason_over_2000_characters(world, team_manager_client):
    response = team_manager_client.post(
        reverse("pathways:legal-status-override", args=[world.yp_own.uuid]),
        {"status": "relevant", "reason": "r" * 2_001},
    )
    assert summary(response) == [("#id_reason", "Reason must be 2,000 characters or fewer")]
    world.yp_own.refresh_from_db()
    assert world.yp_own.legal_status_override == ""


# Plans and needs assessments ---------------------------------------------------------------


def test_it_refuses_plan_text_over_10000_characters(world, pa_client):
    plan = draft_plan(world.yp_own, by=world.pa)
    section = PlanSection.objects.get(plan=plan, code="accommodation")
    response = pa_client.post(
        reverse("pathways:plan-section", args=[plan.uuid, "accommodation"]),
        {"narrative": LONG, "young_person_views": LONG, "lock_version": section.lock_version},
    )
    assert summary(response) == [
        ("#id_narrative", "What the plan is must be 10,000 characters or fewer"),
        ("#id_young_person_views", "The young person's views must be 10,000 characters or fewer"),
    ]
    response = pa_client.post(
        reverse("pathways:plan-edit", args=[plan.uuid]),
        {
            "starts_on_day": plan.starts_on.day,
            "starts_on_month": plan.starts_on.month,
            "starts_on_year": plan.starts_on.year,
            "aspirations": LONG,
            "lock_version": plan.lock_version,
        },
    )
    assert summary(response) == [
        ("#id_aspirations", "Aspirations beyond 18 must be 10,000 characters or fewer")
    ]
    section.refresh_from_db()
    plan.refresh_from_db()
    assert LONG not in (section.narrative, section.young_person_views, plan.aspirations)


def test_it_refuses_a_decision_comment_over_2000_characters_on_the_page_and_the_api(
    world, team_manager_client
):
    plan = submitted_plan(world.yp_own, by=world.pa)
    message = "Comments must be 2,000 characters or fewer"
    page = team_manager_client.post(
        reverse("pathways:plan-decide", args=[plan.uuid]),
        {"decision": "return", "comment": "c" * 2_001},
    )
    assert summary(page) == [("#id_comment", message)]
    api = send(
        team_manager_client,
        "post",
        f"/api/plans/{plan.uuid}/decide/",
        {"decision": "return", "comment": "c" * 2_001},
    )
    assert api.status_code == 400
    assert api.json() == {"comment": [message]}
    plan.refresh_from_db()
    assert plan.status == PathwayPlan.Status.SUBMITTED


def test_it_refuses_needs_assessment_text_over_10000_characters(world, pa_client):
    response = pa_client.post(
        reverse("pathways:needs-assessment", args=[world.yp_own.uuid]),
        {"health": LONG, "young_person_views": "I want to cook.", "action": "save"},
    )
    assert summary(response) == [
        (
            "#id_health",
            "Health and development, including mental health must be 10,000 characters or fewer",
        )
    ]
    assert not NeedsAssessment.objects.exists()


# Textareas and the schema ------------------------------------------------------------------


def test_no_textarea_cuts_pasted_text_short(world, pa_client, approved):
    plan = draft_plan(world.yp_own, by=world.pa)
    pages = [
        reverse("pathways:contact-new", args=[world.yp_own.uuid]),
        reverse("pathways:review-new", args=[world.yp_own.uuid]),
        reverse("pathways:needs-assessment", args=[world.yp_own.uuid]),
        reverse("pathways:young-person-edit", args=[world.yp_own.uuid]),
        reverse("pathways:plan-section", args=[plan.uuid, "accommodation"]),
        reverse("pathways:plan-edit", args=[plan.uuid]),
    ]
    for url in pages:
        found = textareas(pa_client.get(url))
        assert found, url
        assert not [tag for tag in found if "maxlength" in tag], url


def test_the_api_schema_says_each_limit(pa_client):
    schema = pa_client.get("/api/schema/", headers={"accept": "application/json"}).json()
    components = schema["components"]["schemas"]

    def max_length(component: str, field: str) -> int:
        return components[component]["properties"][field]["maxLength"]

    assert max_length("ContactInput", "notes") == 10_000
    assert max_length("ReviewInput", "attendees") == 2_000
    assert max_length("ReviewInput", "outcome") == 10_000
    progress = components["ReviewInput"]["properties"]["section_progress"]
    assert progress["additionalProperties"]["maxLength"] == 10_000
    assert max_length("PlanDecision", "comment") == 2_000
    for component in ("YoungPersonCreate", "YoungPersonUpdate"):
        assert max_length(component, "address") == 500
        assert max_length(component, "person_id") == 40
        email = components[component]["properties"]["email"]["oneOf"]
        assert {"type": "string", "maxLength": 0} in email
        assert [b["maxLength"] for b in email if b.get("format") == "email"] == [254]


# Panels -------------------------------------------------------------------------------------


def test_panel_papers_and_minutes_have_limits_too():
    report = ReportForm({"background": "b" * 20_001, "purpose": "p" * 20_000})
    report.is_valid()
    assert report.errors["background"] == ["Background must be 20,000 characters or fewer"]
    assert "purpose" not in report.errors
    minute = MinuteForm({"text": LONG, "resolved": "r" * 2_001})
    assert not minute.is_valid()
    assert minute.errors == {
        "text": ["Minute must be 10,000 characters or fewer"],
        "resolved": ["Resolved must be 2,000 characters or fewer"],
    }
    for form in (report, minute):
        boxes = [
            form[name]
            for name, field in form.fields.items()
            if isinstance(field.widget, forms.Textarea)
        ]
        assert boxes
        assert not [box for box in boxes if "maxlength" in str(box)]
