"""Two people saving the same unique value at the same moment, on PostgreSQL.

Each test forces the race open: another user's write takes the value in a transaction on its
own connection and holds it uncommitted, so this request's check ("is the person ID free?")
passes; the request's own write then waits on the other transaction, which commits as soon
as it sees the wait. The database refuses the later write, and the page must say so on the
field (the API: 400 keyed by field), never answer 500. Each test also checks that the race
really happened (the request waited on the other writer), so it cannot pass by luck.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse

from pathways.models import YoungPerson
from pathways.services.plans import start_plan
from pathways.services.young_people import allocate, create_young_person, update_young_person
from tests.clock import TODAY, years_before
from tests.races import another_writer_holding

from .factories import details, edit_data, send

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="a race needs two PostgreSQL connections"
    ),
    pytest.mark.django_db(transaction=True),  # the other writer must see the personas
]

TAKEN = "Another young person already has this person ID"


def new_person(world, person_id: str) -> Callable[[], YoungPerson]:
    """Someone else (the service manager) creating a young person with ``person_id``."""

    def write():
        return create_young_person(
            by=world.service_manager,
            fields={
                "person_id": person_id,
                "legal_first_name": "Wren",
                "legal_last_name": "Racewinner",
                "date_of_birth": years_before(TODAY, 19) - timedelta(days=57),
            },
        )

    return write


def renamed(young_person: YoungPerson, by, person_id: str) -> Callable[[], YoungPerson]:
    """Someone else changing ``young_person``'s person ID to ``person_id``."""

    def write():
        return update_young_person(
            young_person=YoungPerson.objects.get(pk=young_person.pk),
            by=by,
            expected_version=young_person.lock_version,
            fields={"person_id": person_id},
        )

    return write


# Creating ---------------------------------------------------------------------------------


def test_it_refuses_on_the_page_a_person_id_taken_while_a_new_record_was_saved(
    world, team_manager_client
):
    with another_writer_holding(new_person(world, "RACE001")) as race:
        response = team_manager_client.post(
            reverse("pathways:young-person-new"), details(person_id="RACE001")
        )
    assert race["waited"], "the page's save did not wait on the other writer"
    assert response.status_code == 200
    assert f'<a href="#id_person_id">{TAKEN}</a>' in response.content.decode()
    assert YoungPerson.objects.get(person_id="RACE001").legal_last_name == "Racewinner"


def test_it_refuses_in_the_api_a_person_id_taken_while_a_new_record_was_saved(
    world, service_manager_client
):
    body = {
        "person_id": "RACE002",
        "legal_first_name": "Rowan",
        "legal_last_name": "Newperson",
        "date_of_birth": (years_before(TODAY, 18) - timedelta(days=264)).isoformat(),
        "sex": "F",
        "ethnicity": "WBRI",
    }
    with another_writer_holding(new_person(world, "RACE002")) as race:
        response = send(service_manager_client, "post", "/api/young-people/", body)
    assert race["waited"], "the API's save did not wait on the other writer"
    assert response.status_code == 400
    assert response.json() == {"person_id": [TAKEN]}
    assert YoungPerson.objects.get(person_id="RACE002").legal_last_name == "Racewinner"


# Changing ---------------------------------------------------------------------------------


def test_it_refuses_on_the_page_a_person_id_taken_while_the_change_was_saved(world, pa_client):
    yp = world.yp_own
    other = renamed(world.yp_colleague, world.pa_colleague, "RACE003")
    with another_writer_holding(other) as race:
        response = pa_client.post(
            reverse("pathways:young-person-edit", args=[yp.uuid]),
            edit_data(yp, person_id="RACE003", preferred_name="Kes"),
        )
    assert race["waited"], "the page's save did not wait on the other writer"
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<a href="#id_person_id">{TAKEN}</a>' in html
    assert 'value="Kes"' in html  # what they typed is kept
    yp.refresh_from_db()
    assert (yp.preferred_name, yp.lock_version) == ("", 1)
    assert YoungPerson.objects.get(person_id="RACE003") == world.yp_colleague


def test_it_refuses_in_the_api_a_person_id_taken_while_the_change_was_saved(world, pa_client):
    yp = world.yp_own
    with another_writer_holding(new_person(world, "RACE004")) as race:
        response = send(
            pa_client,
            "patch",
            f"/api/young-people/{yp.uuid}/",
            {"person_id": "RACE004", "phone": "07700 900321", "lock_version": 1},
        )
    assert race["waited"], "the API's save did not wait on the other writer"
    assert response.status_code == 400
    assert response.json() == {"person_id": [TAKEN]}
    yp.refresh_from_db()
    assert (yp.phone, yp.lock_version) == ("", 1)


# One open plan, one current allocation ----------------------------------------------------
#
# Rules about one young person's rows (one plan open at a time, numbered in turn; one
# current allocation): the services lock the young person, so the later save waits, looks
# again and is refused (a plan) or ends the allocation just made (an allocation).

PLAN_OPEN = "There is already a plan in progress: finish it first"


def plan_started(young_person: YoungPerson, by) -> Callable[[], object]:
    return lambda: start_plan(young_person=young_person, by=by)


def test_it_refuses_on_the_page_a_plan_started_while_another_was(world, pa_client):
    yp = world.yp_own
    with another_writer_holding(plan_started(yp, world.team_manager)) as race:
        response = pa_client.post(reverse("pathways:plan-start", args=[yp.uuid]), {})
    assert race["waited"], "the page's save did not wait on the other writer"
    assert response.status_code == 200
    assert PLAN_OPEN in response.content.decode()
    assert list(yp.plans.values_list("number", "created_by")) == [(1, world.team_manager.pk)]


def test_it_refuses_in_the_api_a_plan_started_while_another_was(world, pa_client):
    yp = world.yp_own
    with another_writer_holding(plan_started(yp, world.team_manager)) as race:
        response = send(pa_client, "post", f"/api/young-people/{yp.uuid}/plans/")
    assert race["waited"], "the API's save did not wait on the other writer"
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [PLAN_OPEN]}
    assert yp.plans.count() == 1


def test_it_keeps_one_current_allocation_when_two_managers_allocate_at_once(
    world, team_manager_client
):
    yp = world.yp_own

    def other_manager_allocates():
        allocate(
            young_people=[YoungPerson.objects.get(pk=yp.pk)],
            personal_adviser=world.pa_other_team,
            by=world.service_manager,
            reason="Moved to the Team B area",
        )

    with another_writer_holding(other_manager_allocates) as race:
        response = team_manager_client.post(
            reverse("pathways:allocate", args=[yp.uuid]),
            {"personal_adviser": str(world.pa_colleague.uuid), "reason": "Caseload balancing"},
        )
    assert race["waited"], "the page's save did not wait on the other writer"
    assert response.status_code == 302
    yp.refresh_from_db()
    assert yp.personal_adviser == world.pa_colleague
    current = yp.allocations.filter(ended_on__isnull=True)
    assert [a.personal_adviser for a in current] == [world.pa_colleague]
    assert yp.allocations.filter(personal_adviser=world.pa_other_team).count() == 1
