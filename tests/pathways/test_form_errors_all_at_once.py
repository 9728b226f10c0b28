"""A form shows every problem at once (issue 11, item 3): each form below is sent with several
independent bad answers, some found by the form (what was typed), some by the service's rules
(impossible dates, DfE's cross-rules), and every message is in the GOV.UK error summary, linked
to its field, on the first submit; nothing is saved."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse

from core.forms import TIME_MESSAGE
from pathways.models import (
    CareEpisode,
    Contact,
    NeedsAssessment,
    PathwayPlan,
    PlanAction,
    Review,
    Situation,
    YoungPerson,
)
from pathways.rules import birthday
from tests.clock import TODAY, long_date, years_before
from tests.factories import ApprovedPlanFactory

from .factories import (
    TOMORROW,
    contact_data,
    date_parts,
    draft_plan,
    review_data,
    situation_data,
    young_person,
)

pytestmark = pytest.mark.django_db

#: 18 years and 100 days old on the pinned day.
BORN = years_before(TODAY, 18) - timedelta(days=100)


@pytest.fixture
def yp(world):
    return young_person(world, date_of_birth=BORN)


def summary(response) -> list[tuple[str, str]]:
    """The error summary's links, as (href, message), in order."""
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    body = page.split('govuk-error-summary__list">', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', body)


def assert_all_shown(response, expected: dict[str, str]) -> None:
    """Every expected message in the summary, each linked to its field, and no other."""
    shown = summary(response)
    for href, message in expected.items():
        assert (href, message) in shown, (href, message, shown)
    assert len(shown) == len(expected), shown


def test_the_contact_form_shows_the_time_the_date_seen_alone_and_the_situation_at_once(
    yp, pa_client
):
    response = pa_client.post(
        reverse("pathways:contact-new", args=[yp.uuid]),
        contact_data(
            TOMORROW,
            time="25:00",
            kind="phone",
            seen_alone="yes",
            in_touch="YES",
            activity="0",
            accommodation="U1",
        ),
    )
    assert_all_shown(
        response,
        {
            "#id_occurred_on_day": "The date of the contact must be today or in the past",
            "#id_time": TIME_MESSAGE,
            "#id_seen_alone_0": "Only record whether they were seen alone for a home or office "
            "visit: this was a phone call",
            "#id_activity": "In touch is YES, so activity and accommodation are needed",
        },
    )
    assert not Contact.objects.exists()
    assert not Situation.objects.exists()


def test_the_contact_form_shows_a_missing_kind_and_a_situation_left_half_done(yp, pa_client):
    response = pa_client.post(
        reverse("pathways:contact-new", args=[yp.uuid]),
        contact_data(kind="", in_touch="YES", activity="F2", accommodation=""),
    )
    assert_all_shown(
        response,
        {
            "#id_kind_0": "Select the kind of contact",
            "#id_accommodation": "In touch, activity and accommodation must all be recorded, "
            "or none of them",
        },
    )
    assert not Contact.objects.exists()


def test_the_situation_form_shows_a_bad_date_and_each_code_against_the_rule(yp, pa_client):
    response = pa_client.post(
        reverse("pathways:situation-new", args=[yp.uuid]),
        situation_data(recorded_on_day="31", recorded_on_month="2")
        | {"in_touch": "DIED", "activity": "F2", "accommodation": "U1"},
    )
    died = "In touch is DIED, so activity and accommodation must be 'Not applicable'"
    assert_all_shown(
        response,
        {
            "#id_recorded_on_day": "Date of the situation must be a real date",
            "#id_activity": died,
            "#id_accommodation": died,
        },
    )
    assert not Situation.objects.exists()


def test_the_situation_form_links_nothing_recorded_to_in_touch(yp, pa_client):
    response = pa_client.post(
        reverse("pathways:situation-new", args=[yp.uuid]),
        situation_data(TOMORROW, in_touch="", activity="", accommodation=""),
    )
    assert_all_shown(
        response,
        {
            "#id_recorded_on_day": "The date of the situation must be today or in the past",
            "#id_in_touch_0": "Record whether they are in touch, their main activity and their "
            "accommodation",
        },
    )


def test_the_review_form_shows_the_date_and_every_missing_answer_at_once(yp, pa_client):
    ApprovedPlanFactory(young_person=yp, starts_on=TODAY - timedelta(days=40))
    response = pa_client.post(
        reverse("pathways:review-new", args=[yp.uuid]),
        review_data(TOMORROW, review_type="", attendees="", eet_progress=" "),
    )
    assert_all_shown(
        response,
        {
            "#id_held_on_day": "The date of the review must be today or in the past",
            "#id_review_type_0": "Select the type of review",
            "#id_attendees": "Enter who attended the review",
            "#id_eet_progress": "Enter progress in education, employment or training",
        },
    )
    assert not Review.objects.exists()


def test_the_needs_assessment_shows_every_missing_dimension_at_once(yp, pa_client):
    data = {name: "Assessed." for name in ("health", "education", "family", "emotional")}
    response = pa_client.post(
        reverse("pathways:needs-assessment", args=[yp.uuid]),
        data
        | {"identity": "", "practical_skills": " ", "financial": "", "accommodation": "ok"}
        | {"action": "complete", "lock_version": ""},
    )
    assert_all_shown(
        response,
        {
            "#id_identity": "Enter the assessment of identity",
            "#id_practical_skills": "Enter the assessment of practical and self-care skills",
            "#id_financial": "Enter the assessment of financial capability",
        },
    )
    assert not NeedsAssessment.objects.exists()
    assert YoungPerson.objects.get(pk=yp.pk).needs_assessment_completed_on is None


def test_the_episode_form_shows_each_date_and_the_reason_at_once(yp, pa_client):
    response = pa_client.post(
        reverse("pathways:episode-new", args=[yp.uuid]),
        date_parts("started_on", BORN - timedelta(days=1))
        | date_parts("ended_on", TOMORROW)
        | {"reason_ended": ""},
    )
    assert_all_shown(
        response,
        {
            "#id_started_on_day": f"The date care started must be on or after {long_date(BORN)}, "
            "their date of birth",
            "#id_ended_on_day": "The date care ended must be on or before "
            f"{long_date(birthday(BORN, 18))}, their 18th birthday, when care ends",
            "#id_reason_ended": "Select why care ended",
        },
    )
    assert not CareEpisode.objects.exists()


def test_the_plan_action_form_shows_the_date_and_the_missing_answers_at_once(world, yp, pa_client):
    plan = draft_plan(yp, by=world.pa)
    response = pa_client.post(
        reverse("pathways:plan-action-new", args=[plan.uuid, "finance"]),
        {"what": "", "who": "x" * 151} | date_parts("due_on", TODAY - timedelta(days=1)),
    )
    assert_all_shown(
        response,
        {
            "#id_what": "Enter what will be done",
            "#id_who": "Who will do it must be 150 characters or fewer",
            "#id_due_on_day": f"The date the action is due must be on or after "
            f"{long_date(TODAY)}, the date the plan started",
        },
    )
    assert not PlanAction.objects.exists()


def test_the_plan_details_form_links_its_start_date(world, yp, pa_client):
    plan = draft_plan(yp, by=world.pa)
    far = TODAY + timedelta(days=800)
    response = pa_client.post(
        reverse("pathways:plan-edit", args=[plan.uuid]),
        date_parts("starts_on", far)
        | {"aspirations": "To drive a bus.", "lock_version": plan.lock_version},
    )
    shown = summary(response)
    assert len(shown) == 1
    href, message = shown[0]
    assert href == "#id_starts_on_day"
    assert message.startswith("The plan start date must be on or before ")
    assert message.endswith(", 2 years from today")
    assert PathwayPlan.objects.get(pk=plan.pk).aspirations != "To drive a bus."


def test_the_legal_status_form_shows_both_missing_answers(world, team_manager_client):
    response = team_manager_client.post(
        reverse("pathways:legal-status-override", args=[world.yp_own.uuid]),
        {"status": "", "reason": ""},
    )
    assert_all_shown(
        response,
        {
            "#id_status_0": "Select a legal status, or use the computed one",
            "#id_reason": "Give the reason for the change",
        },
    )


def test_the_allocation_form_shows_both_problems(world, team_manager_client):
    response = team_manager_client.post(
        reverse("pathways:allocate", args=[world.yp_own.uuid]),
        {"personal_adviser": "", "reason": "x" * 201},
    )
    assert_all_shown(
        response,
        {
            "#id_personal_adviser": "Choose a personal adviser",
            "#id_reason": "Reason must be 200 characters or fewer",
        },
    )
