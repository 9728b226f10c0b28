"""The API for records about a young person: care episodes, contacts, situations, reviews."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from audit.models import Action, AuditEvent
from pathways.models import CareEpisode, Contact, Review, Situation
from pathways.rules import add_months, birthday
from tests.clock import TODAY, at, long_date
from tests.conftest import client_for
from tests.factories import DEFAULT_DATE_OF_BIRTH
from tests.querybudget import assert_constant_queries

from .factories import (
    THREE_DAYS_AGO,
    add_contacts,
    add_episodes,
    add_plans,
    add_reviews,
    approved_plan,
    send,
)

RECORDS = ("episodes", "contacts", "situations", "reviews", "plans")


def url(yp, records: str) -> str:
    return f"/api/young-people/{yp.uuid}/{records}/"


# Who may read and record ------------------------------------------------------------------


@pytest.mark.parametrize("records", RECORDS)
@pytest.mark.parametrize(
    "persona,kind,status",
    [
        ("pa", "yp_own", 200),
        ("pa", "yp_colleague", 200),
        ("pa", "yp_other_team", 404),
        ("pa", "yp_other_council", 404),
        ("team_manager", "yp_other_team", 404),
        ("service_manager", "yp_other_team", 200),
        ("other_council_user", "yp_own", 404),
        ("committee_officer", "yp_own", 403),
    ],
)
def test_record_lists_follow_the_read_scope(world, records, persona, kind, status):
    response = client_for(world.persona(persona)).get(url(getattr(world, kind), records))
    assert response.status_code == status


@pytest.mark.parametrize("records", RECORDS)
def test_reading_a_record_list_audits_a_view_of_the_young_person(world, pa_client, records):
    response = pa_client.get(url(world.yp_colleague, records))
    assert response.status_code == 200
    event = AuditEvent.objects.get(actor=world.pa, action=Action.VIEW)
    assert event.object_type == "pathways.youngperson"
    assert event.object_id == str(world.yp_colleague.pk)


GOOD_EPISODE = {  # in care from 16 until their 18th birthday
    "started_on": birthday(DEFAULT_DATE_OF_BIRTH, 16).isoformat(),
    "ended_on": birthday(DEFAULT_DATE_OF_BIRTH, 18).isoformat(),
    "reason_ended": "age_18",
}
CONTACT_AT = f"{THREE_DAYS_AGO.isoformat()}T14:30:00"  # London time
SITUATION_ON = (TODAY - datetime.timedelta(days=22)).isoformat()


@pytest.mark.parametrize(
    "persona,kind,status",
    [
        ("pa", "yp_colleague", 403),
        ("pa", "yp_other_team", 404),
        ("pa", "yp_other_council", 404),
        ("team_manager", "yp_colleague", 201),
        ("service_manager", "yp_other_team", 201),
        ("participation_officer", "yp_own", 403),
    ],
)
def test_recording_follows_the_edit_scope(world, persona, kind, status):
    yp = getattr(world, kind)
    response = send(client_for(world.persona(persona)), "post", url(yp, "episodes"), GOOD_EPISODE)
    assert response.status_code == status
    assert CareEpisode.objects.filter(young_person=yp).exists() is (status == 201)


# Care episodes ----------------------------------------------------------------------------


def test_adding_an_episode_recomputes_the_legal_status(world, pa_client):
    yp = world.yp_own
    response = send(pa_client, "post", url(yp, "episodes"), GOOD_EPISODE)
    assert response.status_code == 201, response.json()
    assert response.json()["started_on"] == GOOD_EPISODE["started_on"]
    assert pa_client.get(url(yp, "episodes")).json()["results"][0]["id"] == response.json()["id"]
    record = pa_client.get(f"/api/young-people/{yp.uuid}/").json()
    assert record["legal_status"] == "former_relevant"
    assert record["legal_status_reason"]


def test_it_refuses_an_episode_ending_before_it_starts(world, pa_client):
    response = send(
        pa_client,
        "post",
        url(world.yp_own, "episodes"),
        {"started_on": "2024-06-01", "ended_on": "2024-01-01", "reason_ended": "age_18"},
    )
    assert response.status_code == 400
    assert response.json() == {
        "ended_on": ["The date care ended must be after 1 June 2024, the date care started"]
    }
    assert not CareEpisode.objects.exists()


# Contacts ---------------------------------------------------------------------------------


def test_it_records_a_contact_with_the_situation(world, pa_client):
    yp = world.yp_own
    response = send(
        pa_client,
        "post",
        url(yp, "contacts"),
        {
            "occurred_at": CONTACT_AT,
            "kind": "home_visit",
            "seen_alone": True,
            "notes": "Settled in the new flat.",
            "situation": {"in_touch": "YES", "activity": "F2", "accommodation": "U1"},
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert datetime.datetime.fromisoformat(body["occurred_at"]) == at(THREE_DAYS_AGO, 14, 30)
    assert body["situation"]["accommodation"] == "U1"
    assert body["situation"]["recorded_on"] == THREE_DAYS_AGO.isoformat()
    assert body["recorded_by"] == {"uuid": str(world.pa.uuid), "full_name": "Petra Adviser"}
    yp.refresh_from_db()
    assert yp.last_contact_on == THREE_DAYS_AGO
    assert yp.current_situation.contact.uuid.hex == body["uuid"].replace("-", "")
    listed = pa_client.get(url(yp, "contacts")).json()["results"]
    assert [c["uuid"] for c in listed] == [body["uuid"]]


def test_it_refuses_a_contact_in_the_future(world, pa_client):
    tomorrow = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    response = send(
        pa_client, "post", url(world.yp_own, "contacts"), {"occurred_at": tomorrow, "kind": "phone"}
    )
    assert response.status_code == 400
    assert response.json() == {
        "occurred_at": ["The date of the contact must be today or in the past"]
    }
    assert not Contact.objects.exists()


def test_a_situation_breaking_a_dfe_rule_saves_neither_contact_nor_situation(world, pa_client):
    response = send(
        pa_client,
        "post",
        url(world.yp_own, "contacts"),
        {
            "occurred_at": CONTACT_AT,
            "kind": "phone",
            "situation": {"in_touch": "YES", "activity": "0", "accommodation": "U1"},
        },
    )
    assert response.status_code == 400
    assert response.json() == {
        "situation": {"activity": ["In touch is YES, so activity and accommodation are needed"]}
    }
    assert not Contact.objects.exists()
    assert not Situation.objects.exists()


def test_it_refuses_a_contact_of_an_unknown_kind(world, pa_client):
    response = send(
        pa_client,
        "post",
        url(world.yp_own, "contacts"),
        {"occurred_at": CONTACT_AT, "kind": "carrier_pigeon"},
    )
    assert response.status_code == 400
    assert set(response.json()) == {"kind"}


# Situations -------------------------------------------------------------------------------


def test_it_records_a_situation(world, pa_client):
    yp = world.yp_own
    response = send(
        pa_client,
        "post",
        url(yp, "situations"),
        {"recorded_on": SITUATION_ON, "in_touch": "YES", "activity": "F5", "accommodation": "E1"},
    )
    assert response.status_code == 201, response.json()
    assert response.json()["contact"] is None
    yp.refresh_from_db()
    assert yp.current_situation.uuid.hex == response.json()["uuid"].replace("-", "")


def test_it_refuses_a_situation_breaking_a_dfe_cross_rule(world, pa_client):
    response = send(
        pa_client,
        "post",
        url(world.yp_own, "situations"),
        {"recorded_on": SITUATION_ON, "in_touch": "DIED", "activity": "F5", "accommodation": "0"},
    )
    assert response.status_code == 400
    assert response.json() == {
        "activity": ["In touch is DIED, so activity and accommodation must be 'Not applicable'"]
    }
    assert not Situation.objects.exists()


def test_it_refuses_a_situation_dated_in_the_future(world, pa_client):
    response = send(
        pa_client,
        "post",
        url(world.yp_own, "situations"),
        {
            "recorded_on": (TODAY + datetime.timedelta(days=1)).isoformat(),
            "in_touch": "YES",
            "activity": "F5",
            "accommodation": "E1",
        },
    )
    assert response.status_code == 400
    assert response.json() == {
        "recorded_on": ["The date of the situation must be today or in the past"]
    }


def test_it_refuses_codes_that_are_not_dfe_codes(world, pa_client):
    response = send(
        pa_client,
        "post",
        url(world.yp_own, "situations"),
        {"recorded_on": SITUATION_ON, "in_touch": "MAYBE", "activity": "F9", "accommodation": "S1"},
    )
    assert response.status_code == 400
    assert set(response.json()) == {"in_touch", "activity", "accommodation"}


# Reviews ----------------------------------------------------------------------------------

REVIEW = {
    "held_on": TODAY.isoformat(),
    "review_type": "scheduled",
    "attendees": "Young person, PA, college tutor",
    "young_person_views": "I want to move nearer college.",
    "eet_progress": "Attending college four days a week.",
    "outcome": "Plan continues; housing referral made.",
    "section_progress": {"accommodation": "Referral made."},
}


def test_it_refuses_a_review_without_an_approved_plan(world, pa_client):
    response = send(pa_client, "post", url(world.yp_own, "reviews"), REVIEW)
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["There is no approved pathway plan to review"]}


def test_it_records_a_review_of_the_approved_plan(world, pa_client):
    yp = world.yp_own
    plan = approved_plan(yp, by=world.pa, manager=world.team_manager)
    response = send(pa_client, "post", url(yp, "reviews"), REVIEW)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["plan"] == str(plan.uuid)
    assert body["next_review_due_on"] == add_months(TODAY, 6).isoformat()
    assert body["section_progress"] == {"accommodation": "Referral made."}


def test_it_refuses_a_review_before_the_plan_started(world, pa_client):
    yp = world.yp_own
    approved_plan(yp, by=world.pa, manager=world.team_manager)
    response = send(
        pa_client,
        "post",
        url(yp, "reviews"),
        {**REVIEW, "held_on": (TODAY - datetime.timedelta(days=1)).isoformat()},
    )
    assert response.status_code == 400
    assert response.json() == {
        "held_on": [
            f"The date of the review must be on or after {long_date(TODAY)}, the date the plan "
            "started"
        ]
    }
    assert not Review.objects.exists()


def test_a_review_needs_eet_progress(world, pa_client):
    yp = world.yp_own
    approved_plan(yp, by=world.pa, manager=world.team_manager)
    response = send(pa_client, "post", url(yp, "reviews"), {**REVIEW, "eet_progress": "  "})
    assert response.status_code == 400
    assert response.json() == {
        "eet_progress": ["Enter progress in education, employment or training"]
    }
    assert not Review.objects.exists()


def test_it_refuses_progress_for_a_section_that_does_not_exist(world, pa_client):
    yp = world.yp_own
    approved_plan(yp, by=world.pa, manager=world.team_manager)
    response = send(
        pa_client, "post", url(yp, "reviews"), {**REVIEW, "section_progress": {"hobbies": "x"}}
    )
    assert response.status_code == 400
    assert "section_progress" in response.json()


# Query budgets ----------------------------------------------------------------------------


def test_the_contacts_list_runs_a_fixed_number_of_queries(world, pa_client):
    yp = world.yp_own
    assert_constant_queries(
        pa_client, url(yp, "contacts"), grow=lambda n: add_contacts(yp, n, by=world.pa)
    )


def test_the_situations_list_runs_a_fixed_number_of_queries(world, pa_client):
    yp = world.yp_own
    assert_constant_queries(
        pa_client, url(yp, "situations"), grow=lambda n: add_contacts(yp, n, by=world.pa)
    )


def test_the_episodes_list_runs_a_fixed_number_of_queries(world, pa_client):
    yp = world.yp_own
    assert_constant_queries(pa_client, url(yp, "episodes"), grow=lambda n: add_episodes(yp, n))


def test_the_reviews_list_runs_a_fixed_number_of_queries(world, pa_client):
    yp = world.yp_own
    plan = approved_plan(yp, by=world.pa, manager=world.team_manager)
    assert_constant_queries(
        pa_client, url(yp, "reviews"), grow=lambda n: add_reviews(plan, n, by=world.pa)
    )


def test_the_plans_list_runs_a_fixed_number_of_queries(world, pa_client):
    yp = world.yp_own
    assert_constant_queries(
        pa_client, url(yp, "plans"), grow=lambda n: add_plans(yp, n, by=world.pa)
    )


def test_a_change_of_circumstances_brings_the_next_review_forward(world, pa_client):
    yp = world.yp_own
    approved_plan(yp, by=world.pa, manager=world.team_manager)
    yp.refresh_from_db()
    due_before = yp.next_review_due_on
    response = send(
        pa_client,
        "post",
        url(yp, "contacts"),
        {
            "occurred_at": f"{THREE_DAYS_AGO.isoformat()}T10:00:00",
            "kind": "phone",
            "change_of_circumstances": True,
        },
    )
    assert response.status_code == 201, response.json()
    assert response.json()["change_of_circumstances"] is True
    yp.refresh_from_db()
    assert yp.next_review_due_on < due_before
