"""Dates that cannot be true are refused, on the page and through the API, with a message that
says what is allowed, and nothing is saved (issue 11, item 3): before the young person's
birth, before the plan a record belongs to, in the future for what has happened, too far
ahead for what is planned; and "seen alone" only on a visit."""

from __future__ import annotations

import html
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pathways.models import CareEpisode, Contact, PlanAction, Review, Situation
from pathways.rules import add_months, birthday
from pathways.services.plans import add_action, decide_plan, submit_plan
from tests.clock import TODAY, long_date, years_before
from tests.factories import ApprovedPlanFactory

from .factories import (
    TOMORROW,
    contact_data,
    date_parts,
    draft_plan,
    episode_data,
    review_data,
    send,
    situation_data,
    young_person,
)

pytestmark = pytest.mark.django_db

#: 18 years and 100 days old on the pinned day: a relevant care leaver, born long after 1990.
BORN = years_before(TODAY, 18) - timedelta(days=100)
LONG_AGO = date(1990, 1, 1)
TWO_YEARS_ON = add_months(TODAY, 24)

BEFORE_BIRTH = "must be on or after {}, their date of birth"
IN_THE_PAST = "must be today or in the past"


def text(response) -> str:
    return html.unescape(response.content.decode())


def api(yp, records: str) -> str:
    return f"/api/young-people/{yp.uuid}/{records}/"


def page(name: str, yp) -> str:
    return reverse(f"pathways:{name}", args=[yp.uuid])


@pytest.fixture
def yp(world):
    return young_person(world, date_of_birth=BORN)


def refused_on_page(response, field_id: str, message: str) -> None:
    """A 200 with ``message`` in the error summary, linked to the field."""
    assert response.status_code == 200
    assert f'<a href="#{field_id}">{message}</a>' in text(response)


# Contacts ---------------------------------------------------------------------------------

CONTACT_BEFORE_BIRTH = f"The date of the contact {BEFORE_BIRTH.format(long_date(BORN))}"


def test_it_refuses_a_contact_before_the_young_person_was_born_on_the_page(yp, pa_client):
    response = pa_client.post(page("contact-new", yp), contact_data(LONG_AGO))
    refused_on_page(response, "id_occurred_on_day", CONTACT_BEFORE_BIRTH)
    assert not Contact.objects.exists()


def test_it_refuses_a_contact_before_the_young_person_was_born_through_the_api(yp, pa_client):
    response = send(
        pa_client, "post", api(yp, "contacts"), {"occurred_at": "1990-01-01T10:00", "kind": "phone"}
    )
    assert response.status_code == 400
    assert response.json() == {"occurred_at": [CONTACT_BEFORE_BIRTH]}
    assert not Contact.objects.exists()


def test_it_refuses_a_contact_tomorrow_on_the_page_and_through_the_api(yp, pa_client):
    message = f"The date of the contact {IN_THE_PAST}"
    refused_on_page(
        pa_client.post(page("contact-new", yp), contact_data(TOMORROW)),
        "id_occurred_on_day",
        message,
    )
    response = send(
        pa_client,
        "post",
        api(yp, "contacts"),
        {"occurred_at": f"{TOMORROW.isoformat()}T09:00", "kind": "phone"},
    )
    assert response.json() == {"occurred_at": [message]}
    assert not Contact.objects.exists()


def test_it_refuses_seen_alone_on_a_phone_call_through_the_api(yp, pa_client):
    response = send(
        pa_client,
        "post",
        api(yp, "contacts"),
        {"occurred_at": f"{TODAY.isoformat()}T09:00", "kind": "phone", "seen_alone": True},
    )
    assert response.status_code == 400
    assert response.json() == {
        "seen_alone": [
            "Only record whether they were seen alone for a home or office visit: this was a "
            "phone call"
        ]
    }
    assert not Contact.objects.exists()


@pytest.mark.parametrize(("kind", "words"), [("message", "a message"), ("failed", "an attempt")])
def test_it_refuses_seen_alone_on_any_contact_that_is_not_a_visit(yp, pa_client, kind, words):
    response = pa_client.post(page("contact-new", yp), contact_data(kind=kind, seen_alone="no"))
    assert f"for a home or office visit: this was {words}" in text(response)
    assert not Contact.objects.exists()


def test_a_visit_through_the_api_says_whether_they_were_seen_alone(yp, pa_client):
    response = send(
        pa_client,
        "post",
        api(yp, "contacts"),
        {"occurred_at": f"{TODAY.isoformat()}T09:00", "kind": "home_visit"},
    )
    assert response.status_code == 400
    assert response.json() == {"seen_alone": ["Select whether the young person was seen alone"]}


def test_a_contact_and_its_situation_are_both_refused_when_the_contact_is_in_the_future(
    yp, pa_client
):
    response = send(
        pa_client,
        "post",
        api(yp, "contacts"),
        {
            "occurred_at": f"{TOMORROW.isoformat()}T09:00",
            "kind": "phone",
            "situation": {"in_touch": "YES", "activity": "F2", "accommodation": "U1"},
        },
    )
    assert response.status_code == 400
    assert not Contact.objects.exists()
    assert not Situation.objects.exists()


# Situations -------------------------------------------------------------------------------


def test_it_refuses_a_situation_before_birth_on_the_page_and_through_the_api(yp, pa_client):
    message = f"The date of the situation {BEFORE_BIRTH.format(long_date(BORN))}"
    refused_on_page(
        pa_client.post(page("situation-new", yp), situation_data(LONG_AGO)),
        "id_recorded_on_day",
        message,
    )
    response = send(
        pa_client,
        "post",
        api(yp, "situations"),
        {"recorded_on": "1990-01-01", "in_touch": "YES", "activity": "F2", "accommodation": "U1"},
    )
    assert response.status_code == 400
    assert response.json() == {"recorded_on": [message]}
    assert not Situation.objects.exists()


def test_it_refuses_a_situation_tomorrow_on_the_page(yp, pa_client):
    refused_on_page(
        pa_client.post(page("situation-new", yp), situation_data(TOMORROW)),
        "id_recorded_on_day",
        f"The date of the situation {IN_THE_PAST}",
    )
    assert not Situation.objects.exists()


# Reviews ----------------------------------------------------------------------------------


def test_it_refuses_a_review_before_the_plan_started_on_the_page_and_through_the_api(yp, pa_client):
    starts = TODAY - timedelta(days=40)
    ApprovedPlanFactory(young_person=yp, starts_on=starts)
    message = (
        f"The date of the review must be on or after {long_date(starts)}, the date the plan started"
    )
    refused_on_page(
        pa_client.post(page("review-new", yp), review_data(starts - timedelta(days=1))),
        "id_held_on_day",
        message,
    )
    response = send(
        pa_client,
        "post",
        api(yp, "reviews"),
        {
            "held_on": "1990-01-01",
            "review_type": "scheduled",
            "attendees": "PA",
            "young_person_views": "Fine.",
            "eet_progress": "At college.",
            "outcome": "Carry on.",
        },
    )
    assert response.status_code == 400
    assert response.json() == {"held_on": [message]}
    assert not Review.objects.exists()


def test_it_refuses_a_review_tomorrow_through_the_api(yp, pa_client):
    ApprovedPlanFactory(young_person=yp, starts_on=TODAY - timedelta(days=40))
    response = send(
        pa_client,
        "post",
        api(yp, "reviews"),
        {
            "held_on": TOMORROW.isoformat(),
            "review_type": "scheduled",
            "attendees": "PA",
            "young_person_views": "Fine.",
            "eet_progress": "At college.",
            "outcome": "Carry on.",
        },
    )
    assert response.json() == {"held_on": [f"The date of the review {IN_THE_PAST}"]}
    assert not Review.objects.exists()


# Care episodes ----------------------------------------------------------------------------

EIGHTEENTH = birthday(BORN, 18)


@pytest.mark.parametrize(
    ("started", "ended", "field", "message"),
    [
        (
            BORN - timedelta(days=1),
            EIGHTEENTH,
            "started_on",
            f"The date care started {BEFORE_BIRTH.format(long_date(BORN))}",
        ),
        (
            EIGHTEENTH,
            None,
            "started_on",
            f"The date care started must be before {long_date(EIGHTEENTH)}, their 18th "
            "birthday, when care ends",
        ),
        (
            birthday(BORN, 16),
            EIGHTEENTH + timedelta(days=1),
            "ended_on",
            f"The date care ended must be on or before {long_date(EIGHTEENTH)}, their 18th "
            "birthday, when care ends",
        ),
        (
            birthday(BORN, 16),
            birthday(BORN, 16),
            "ended_on",
            f"The date care ended must be after {long_date(birthday(BORN, 16))}, the date care "
            "started",
        ),
        (
            birthday(BORN, 16),
            None,
            "ended_on",
            f"Enter the date care ended: they turned 18 on {long_date(EIGHTEENTH)}, and care "
            "ends by the 18th birthday",
        ),
    ],
)
def test_it_refuses_an_episode_that_cannot_be_true_on_the_page_and_through_the_api(
    yp, pa_client, started, ended, field, message
):
    reason = "age_18" if ended else ""
    refused_on_page(
        pa_client.post(page("episode-new", yp), episode_data(started, ended, reason)),
        f"id_{field}_day",
        message,
    )
    body = {"started_on": started.isoformat(), "reason_ended": reason}
    if ended:
        body["ended_on"] = ended.isoformat()
    response = send(pa_client, "post", api(yp, "episodes"), body)
    assert response.status_code == 400
    assert message in response.json()[field]
    assert not CareEpisode.objects.exists()


def test_it_refuses_care_ending_in_the_future(world, pa_client):
    under_18 = young_person(world, date_of_birth=years_before(TODAY, 17))
    started = birthday(under_18.date_of_birth, 16)
    message = f"The date care ended {IN_THE_PAST}"
    refused_on_page(
        pa_client.post(page("episode-new", under_18), episode_data(started, TOMORROW, "other")),
        "id_ended_on_day",
        message,
    )
    assert not CareEpisode.objects.exists()


# Pathway plans and their actions ----------------------------------------------------------


def action_form(due: date) -> dict:
    return {"what": "Open a bank account", "who": "Young person, with their PA"} | date_parts(
        "due_on", due
    )


def action_url(plan) -> str:
    return reverse("pathways:plan-action-new", args=[plan.uuid, "finance"])


def test_it_refuses_an_action_due_before_the_plan_started(world, yp, pa_client):
    plan = draft_plan(yp, by=world.pa)
    response = pa_client.post(action_url(plan), action_form(date(2020, 1, 1)))
    refused_on_page(
        response,
        "id_due_on_day",
        f"The date the action is due must be on or after {long_date(plan.starts_on)}, the date "
        "the plan started",
    )
    assert not PlanAction.objects.exists()


def test_it_refuses_an_action_due_more_than_two_years_ahead(world, yp, pa_client):
    plan = draft_plan(yp, by=world.pa)
    response = pa_client.post(action_url(plan), action_form(TWO_YEARS_ON + timedelta(days=1)))
    refused_on_page(
        response,
        "id_due_on_day",
        f"The date the action is due must be on or before {long_date(TWO_YEARS_ON)}, 2 years "
        "from today",
    )
    assert pa_client.post(action_url(plan), action_form(TWO_YEARS_ON)).status_code == 302
    assert PlanAction.objects.get().due_on == TWO_YEARS_ON


def test_it_refuses_an_action_due_after_the_26th_birthday(world, pa_client):
    nearly_26 = young_person(world, date_of_birth=years_before(TODAY, 26) + timedelta(days=60))
    plan = draft_plan(nearly_26, by=world.pa)
    last = birthday(nearly_26.date_of_birth, 26)
    response = pa_client.post(action_url(plan), action_form(last + timedelta(days=1)))
    refused_on_page(
        response,
        "id_due_on_day",
        f"The date the action is due must be on or before {long_date(last)}, their 26th birthday",
    )
    assert not PlanAction.objects.exists()


def plan_details(plan, starts: date) -> dict:
    return date_parts("starts_on", starts) | {
        "aspirations": "To work with animals.",
        "lock_version": plan.lock_version,
    }


def test_it_refuses_a_plan_starting_before_the_young_person_was_born(world, yp, pa_client):
    plan = draft_plan(yp, by=world.pa)
    response = pa_client.post(
        reverse("pathways:plan-edit", args=[plan.uuid]), plan_details(plan, LONG_AGO)
    )
    refused_on_page(
        response,
        "id_starts_on_day",
        f"The plan start date {BEFORE_BIRTH.format(long_date(BORN))}",
    )
    plan.refresh_from_db()
    assert plan.starts_on == TODAY
    assert plan.aspirations != "To work with animals."


def test_it_refuses_a_version_starting_before_the_one_before_it(world, yp, pa_client):
    first = draft_plan(yp, by=world.pa)
    submit_plan(plan=first, by=world.pa)
    decide_plan(plan=first, by=world.team_manager, approve=True)
    second = draft_plan(yp, by=world.pa)
    response = pa_client.post(
        reverse("pathways:plan-edit", args=[second.uuid]),
        plan_details(second, TODAY - timedelta(days=1)),
    )
    refused_on_page(
        response,
        "id_starts_on_day",
        f"The plan start date must be on or after {long_date(TODAY)}, the date version 1 started",
    )


def test_the_service_refuses_what_the_page_refuses(world, yp):
    """One rule, in the service: a caller that skips the page is refused the same way."""
    plan = draft_plan(yp, by=world.pa)
    section = plan.sections.get(code="finance")
    with pytest.raises(ValidationError) as refused:
        add_action(section=section, by=world.pa, what="x", who="y", due_on=date(2020, 1, 1))
    assert list(refused.value.message_dict) == ["due_on"]
    assert not PlanAction.objects.exists()
