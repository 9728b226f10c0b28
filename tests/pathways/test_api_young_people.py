"""The young people API: who sees whom, creating, changing with optimistic locking, audit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from accounts.roles import Role
from audit.models import Action, AuditEvent
from pathways.models import Allocation, YoungPerson
from pathways.rules import LegalStatus, birthday
from tests.clock import TODAY, years_before
from tests.conftest import client_for
from tests.factories import DEFAULT_DATE_OF_BIRTH, UserFactory, YoungPersonFactory
from tests.querybudget import assert_constant_queries

from .factories import send

LIST = "/api/young-people/"


def detail(yp) -> str:
    return f"/api/young-people/{yp.uuid}/"


def uuids(response) -> set[str]:
    return {row["uuid"] for row in response.json()["results"]}


NEW_PERSON = {
    "person_id": "NEW0001",
    "legal_first_name": "Rowan",
    "legal_last_name": "Newperson",
    "date_of_birth": (years_before(TODAY, 18) - timedelta(days=264)).isoformat(),
    "sex": "F",
    "ethnicity": "WBRI",
}


# Who sees whom ----------------------------------------------------------------------------


def test_it_lists_the_young_people_a_pa_may_read(world, pa_client):
    response = pa_client.get(LIST)
    assert response.status_code == 200
    assert uuids(response) == {str(world.yp_own.uuid), str(world.yp_colleague.uuid)}


def test_it_lists_the_whole_council_for_a_service_manager(world, service_manager_client):
    response = service_manager_client.get(LIST)
    assert uuids(response) == {
        str(world.yp_own.uuid),
        str(world.yp_colleague.uuid),
        str(world.yp_other_team.uuid),
    }


def test_it_never_lists_another_councils_young_people(world, other_council_user_client):
    response = other_council_user_client.get(LIST)
    assert uuids(response) == {str(world.yp_other_council.uuid)}


def test_it_names_people_by_uuid_never_by_database_id(world, pa_client):
    row = pa_client.get(detail(world.yp_own)).json()
    assert "id" not in row
    assert row["uuid"] == str(world.yp_own.uuid)
    assert row["personal_adviser"] == {
        "uuid": str(world.pa.uuid),
        "full_name": "Petra Adviser",
        "email": "pa@home.example",
        "phone": "",
    }
    assert row["date_of_birth"] == world.yp_own.date_of_birth.isoformat()
    assert row["key_dates"]["eighteenth"] == birthday(DEFAULT_DATE_OF_BIRTH, 18).isoformat()


@pytest.mark.parametrize(
    "persona,kind,status",
    [
        ("pa", "yp_own", 200),
        ("pa", "yp_colleague", 200),
        ("pa", "yp_other_team", 404),
        ("pa", "yp_other_council", 404),
        ("team_manager", "yp_colleague", 200),
        ("team_manager", "yp_other_team", 404),
        ("service_manager", "yp_other_team", 200),
        ("service_manager", "yp_other_council", 404),
        ("other_council_user", "yp_own", 404),
        ("other_council_user", "yp_other_council", 200),
    ],
)
def test_it_shows_a_record_within_reach_and_hides_the_rest(world, persona, kind, status):
    response = client_for(world.persona(persona)).get(detail(getattr(world, kind)))
    assert response.status_code == status


@pytest.mark.parametrize("persona", ["participation_officer", "committee_officer", "administrator"])
def test_roles_without_individual_records_are_refused_everything(world, persona):
    client = client_for(world.persona(persona))
    yp = world.yp_own
    assert client.get(LIST).status_code == 403
    assert client.get(detail(yp)).status_code == 403
    assert send(client, "post", LIST, NEW_PERSON).status_code == 403
    assert send(client, "patch", detail(yp), {"phone": "1", "lock_version": 1}).status_code == 403
    for records in ("episodes", "contacts", "situations", "reviews", "plans"):
        assert client.get(f"{detail(yp)}{records}/").status_code == 403
    assert not AuditEvent.objects.filter(
        actor=world.persona(persona), action__in=[Action.VIEW, Action.CREATE, Action.UPDATE]
    ).exists()


def test_anonymous_requests_are_refused(world, anonymous_client):
    assert anonymous_client.get(LIST).status_code == 403
    assert anonymous_client.get(detail(world.yp_own)).status_code == 403


# Filters ----------------------------------------------------------------------------------


def test_it_filters_by_adviser_team_and_legal_status(world, service_manager_client):
    by_adviser = service_manager_client.get(LIST, {"personal_adviser": str(world.pa.uuid)})
    assert uuids(by_adviser) == {str(world.yp_own.uuid)}

    by_team = service_manager_client.get(LIST, {"team": world.team_b.pk})
    assert uuids(by_team) == {str(world.yp_other_team.uuid)}

    YoungPerson.objects.filter(pk=world.yp_colleague.pk).update(
        legal_status_override=LegalStatus.RELEVANT, legal_status_override_reason="Court order"
    )
    by_status = service_manager_client.get(LIST, {"legal_status": "relevant"})
    assert uuids(by_status) == {str(world.yp_colleague.uuid)}
    assert by_status.json()["results"][0]["legal_status"] == "relevant"


def test_filters_never_reach_beyond_the_users_scope(world, pa_client):
    response = pa_client.get(LIST, {"team": world.team_b.pk})
    assert uuids(response) == set()


def test_it_refuses_a_filter_it_does_not_understand(world, pa_client):
    response = pa_client.get(LIST, {"legal_status": "orphan", "personal_adviser": "nobody"})
    assert response.status_code == 400
    assert set(response.json()) == {"legal_status", "personal_adviser"}


# Audit ------------------------------------------------------------------------------------


def test_it_audits_a_list_read_as_one_view_event(world, pa_client):
    pa_client.get(LIST)
    event = AuditEvent.objects.get(actor=world.pa, action=Action.VIEW)
    assert event.object_type == ""
    assert event.detail == {"count": 2, "list": "api:young-people"}
    assert event.path == LIST


def test_it_audits_a_read_of_one_record(world, pa_client):
    pa_client.get(detail(world.yp_colleague))
    event = AuditEvent.objects.get(actor=world.pa, action=Action.VIEW)
    assert event.object_type == "pathways.youngperson"
    assert event.object_id == str(world.yp_colleague.pk)
    assert event.detail == {"own_caseload": False}


def test_the_list_runs_a_fixed_number_of_queries(world, pa_client):
    def grow(n):
        for _ in range(n):
            YoungPersonFactory(council=world.council, personal_adviser=world.pa, team=world.team_a)

    assert_constant_queries(pa_client, LIST, grow=grow)


# Creating ---------------------------------------------------------------------------------


def test_a_team_manager_creates_a_young_person_allocated_in_their_team(world, team_manager_client):
    response = send(
        team_manager_client, "post", LIST, {**NEW_PERSON, "personal_adviser": str(world.pa.uuid)}
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["personal_adviser"]["uuid"] == str(world.pa.uuid)
    assert body["team"] == {"id": world.team_a.pk, "name": "Team A"}
    yp = YoungPerson.objects.get(uuid=body["uuid"])
    assert yp.council == world.council
    assert Allocation.objects.filter(young_person=yp, personal_adviser=world.pa).exists()
    assert AuditEvent.objects.filter(action=Action.CREATE, object_id=str(yp.pk)).exists()


def test_a_team_manager_must_allocate_within_their_team(world, team_manager_client):
    # Not allocating at all is allowed, as on the page: tests/pathways/test_young_people_advisers.py
    elsewhere = send(
        team_manager_client,
        "post",
        LIST,
        {**NEW_PERSON, "personal_adviser": str(world.pa_other_team.uuid)},
    )
    outsider = send(
        team_manager_client,
        "post",
        LIST,
        {**NEW_PERSON, "personal_adviser": str(world.other_council_user.uuid)},
    )
    for response in (elsewhere, outsider):
        assert response.status_code == 400
        assert "personal_adviser" in response.json()
    assert not YoungPerson.objects.filter(person_id="NEW0001").exists()


def test_a_service_manager_may_create_a_young_person_unallocated(world, service_manager_client):
    response = send(service_manager_client, "post", LIST, NEW_PERSON)
    assert response.status_code == 201
    assert response.json()["personal_adviser"] is None


def test_a_personal_adviser_cannot_create_young_people(world, pa_client):
    response = send(pa_client, "post", LIST, {**NEW_PERSON, "personal_adviser": str(world.pa.uuid)})
    assert response.status_code == 403
    assert not YoungPerson.objects.filter(person_id="NEW0001").exists()


def test_it_refuses_a_date_of_birth_making_someone_too_young(world, service_manager_client):
    response = send(
        service_manager_client,
        "post",
        LIST,
        {**NEW_PERSON, "date_of_birth": years_before(TODAY, 12).isoformat()},
    )
    assert response.status_code == 400
    assert response.json() == {
        "date_of_birth": ["Date of birth must make them at least 15 years old"]
    }
    assert not YoungPerson.objects.filter(person_id="NEW0001").exists()


def test_it_refuses_a_date_of_birth_in_the_future(world, service_manager_client):
    response = send(
        service_manager_client,
        "post",
        LIST,
        {**NEW_PERSON, "date_of_birth": (TODAY + timedelta(days=1)).isoformat()},
    )
    assert response.status_code == 400
    assert response.json() == {"date_of_birth": ["Date of birth must be in the past"]}
    assert not YoungPerson.objects.filter(person_id="NEW0001").exists()


def test_it_refuses_the_same_details_as_the_page_with_every_problem_at_once(
    world, service_manager_client
):
    response = send(
        service_manager_client,
        "post",
        LIST,
        {
            **NEW_PERSON,
            "person_id": world.yp_own.person_id,
            "upn": "UN1",
            "email_confirmed_on": (TODAY - timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert response.json() == {
        "person_id": ["Another young person already has this person ID"],
        "upn": ["UN1 is only for children not yet of school age: use UN2 to UN5"],
        "email_confirmed_on": ["Enter the email address, or leave the date it was confirmed blank"],
    }


def test_it_refuses_a_person_id_taken_by_another_young_person_when_changing(world, pa_client):
    yp = world.yp_own
    response = send(
        pa_client,
        "patch",
        detail(yp),
        {"person_id": world.yp_colleague.person_id, "lock_version": 1},
    )
    assert response.status_code == 400
    assert response.json() == {"person_id": ["Another young person already has this person ID"]}
    yp.refresh_from_db()
    assert yp.lock_version == 1


def test_it_refuses_a_person_id_already_used_in_the_council(world, service_manager_client):
    response = send(
        service_manager_client, "post", LIST, {**NEW_PERSON, "person_id": world.yp_own.person_id}
    )
    assert response.status_code == 400
    assert response.json() == {"person_id": ["Another young person already has this person ID"]}


def test_it_saves_nothing_when_the_allocation_fails(world, service_manager_client):
    teamless = UserFactory(council=world.council, team=None, roles=[Role.PERSONAL_ADVISER])
    response = send(
        service_manager_client, "post", LIST, {**NEW_PERSON, "personal_adviser": str(teamless.uuid)}
    )
    assert response.status_code == 400
    assert not YoungPerson.objects.filter(person_id="NEW0001").exists()


def test_it_needs_the_csrf_token_for_changes(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.service_manager, backend="accounts.backends.EmailRoleBackend")
    response = send(client, "post", LIST, NEW_PERSON)
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


# Changing ---------------------------------------------------------------------------------


def test_a_pa_changes_their_own_young_persons_details(world, pa_client):
    yp = world.yp_own
    response = send(
        pa_client,
        "patch",
        detail(yp),
        {
            "phone": "07700 900123",
            "phone_confirmed_on": (TODAY - timedelta(days=3)).isoformat(),
            "lock_version": 1,
        },
    )
    assert response.status_code == 200, response.json()
    assert response.json()["phone"] == "07700 900123"
    assert response.json()["lock_version"] == 2
    yp.refresh_from_db()
    assert yp.phone == "07700 900123"
    assert AuditEvent.objects.get(action=Action.UPDATE).detail == {
        "changed": ["phone", "phone_confirmed_on"]
    }


def test_a_stale_change_is_refused_with_409_and_the_current_record(world, pa_client):
    yp = world.yp_own
    first = send(pa_client, "patch", detail(yp), {"phone": "07700 900111", "lock_version": 1})
    assert first.status_code == 200
    second = send(pa_client, "patch", detail(yp), {"phone": "07700 900222", "lock_version": 1})
    assert second.status_code == 409
    body = second.json()
    assert "Someone else changed this record after you opened it" in body["detail"]
    assert body["current"]["phone"] == "07700 900111"
    assert body["current"]["lock_version"] == 2
    yp.refresh_from_db()
    assert (yp.phone, yp.lock_version) == ("07700 900111", 2)


def test_a_change_needs_the_lock_version(world, pa_client):
    response = send(pa_client, "patch", detail(world.yp_own), {"phone": "07700 900123"})
    assert response.status_code == 400
    assert response.json() == {"lock_version": ["This field is required."]}


def test_a_change_needs_something_to_change(world, pa_client):
    response = send(pa_client, "patch", detail(world.yp_own), {"lock_version": 1})
    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    world.yp_own.refresh_from_db()
    assert world.yp_own.lock_version == 1


def test_a_bad_date_of_birth_changes_nothing(world, pa_client):
    yp = world.yp_own
    response = send(
        pa_client,
        "patch",
        detail(yp),
        {"phone": "07700 900123", "date_of_birth": "1899-12-31", "lock_version": 1},
    )
    assert response.status_code == 400
    assert response.json() == {
        "date_of_birth": ["Date of birth must be on or after 1 January 1900"]
    }
    yp.refresh_from_db()
    assert (yp.phone, yp.lock_version) == ("", 1)


@pytest.mark.parametrize(
    "persona,kind,status",
    [
        ("pa", "yp_colleague", 403),
        ("pa", "yp_other_team", 404),
        ("pa", "yp_other_council", 404),
        ("team_manager", "yp_colleague", 200),
        ("team_manager", "yp_other_team", 404),
        ("service_manager", "yp_other_team", 200),
    ],
)
def test_changes_follow_the_edit_scope(world, persona, kind, status):
    yp = getattr(world, kind)
    response = send(
        client_for(world.persona(persona)), "patch", detail(yp), {"phone": "1", "lock_version": 1}
    )
    assert response.status_code == status
    yp.refresh_from_db()
    assert (yp.phone == "1") is (status == 200)
