"""Who may be given a young person: one rule for creating a record and for allocating, on the
page and through the API (``selectors.young_people.allocatable_advisers_for``, checked by
``services.young_people.allocation_problem``). A team manager allocates to a personal adviser
in their team, a service manager to one in the council; a young person created not yet
allocated joins the team manager's team. A bad choice gets the same message on every path and
saves nothing."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.roles import Role
from pathways.models import Allocation, YoungPerson
from pathways.services.young_people import ADVISER_NEEDED, ADVISER_NOT_ALLOCATABLE, allocate
from tests.clock import TODAY, years_before
from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGE = reverse("pathways:young-person-new")
API = "/api/young-people/"
PERSON_ID = "ADV0001"
DATE_OF_BIRTH = years_before(TODAY, 18) - timedelta(days=120)
DETAILS = {
    "person_id": PERSON_ID,
    "legal_first_name": "Rowan",
    "legal_last_name": "Adviserless",
    "sex": "F",
    "ethnicity": "WBRI",
}

#: Advisers a team manager in Team A may not choose: another team's personal adviser, another
#: council's, and someone who records work but is not a personal adviser (the manager).
BAD_ADVISERS = ["pa_other_team", "other_council_user", "team_manager"]


def page_create(client, adviser=None):
    data = {
        **DETAILS,
        "date_of_birth_day": DATE_OF_BIRTH.day,
        "date_of_birth_month": DATE_OF_BIRTH.month,
        "date_of_birth_year": DATE_OF_BIRTH.year,
        "personal_adviser": str(adviser.uuid) if adviser else "",
    }
    return client.post(PAGE, data)


def api_create(client, adviser=None):
    data = {**DETAILS, "date_of_birth": DATE_OF_BIRTH.isoformat()}
    if adviser is not None:
        data["personal_adviser"] = str(adviser.uuid)
    return client.post(API, data=json.dumps(data), content_type="application/json")


def page_error(response, message: str) -> bool:
    """The message in the page's error summary, linked to the adviser field."""
    return f'<a href="#id_personal_adviser">{message}</a>' in response.content.decode()


# Creating ---------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", BAD_ADVISERS)
def test_creating_with_an_adviser_out_of_reach_is_refused_alike_on_page_and_api(
    world, team_manager_client, bad
):
    adviser, allocations = getattr(world, bad), Allocation.objects.count()
    page = page_create(team_manager_client, adviser)
    api = api_create(team_manager_client, adviser)
    assert page.status_code == 200
    assert page_error(page, ADVISER_NOT_ALLOCATABLE)
    assert api.status_code == 400
    assert api.json() == {"personal_adviser": [ADVISER_NOT_ALLOCATABLE]}
    assert not YoungPerson.objects.filter(person_id=PERSON_ID).exists()
    assert Allocation.objects.count() == allocations


@pytest.mark.parametrize("path", ["page", "api"])
def test_a_team_manager_creates_a_young_person_not_yet_allocated_in_their_team(
    world, team_manager_client, path
):
    create = page_create if path == "page" else api_create
    response = create(team_manager_client)
    assert response.status_code == (302 if path == "page" else 201)
    young_person = YoungPerson.objects.get(person_id=PERSON_ID)
    assert (young_person.personal_adviser, young_person.team) == (None, world.team_a)
    assert not young_person.allocations.exists()


@pytest.mark.parametrize("path", ["page", "api"])
def test_a_team_manager_creates_one_allocated_to_a_pa_in_their_team(
    world, team_manager_client, path
):
    create = page_create if path == "page" else api_create
    response = create(team_manager_client, world.pa_colleague)
    assert response.status_code == (302 if path == "page" else 201)
    young_person = YoungPerson.objects.get(person_id=PERSON_ID)
    assert (young_person.personal_adviser, young_person.team) == (world.pa_colleague, world.team_a)


def test_a_service_manager_allocates_across_the_council_but_not_beyond(
    world, service_manager_client
):
    outsider = world.other_council_user
    assert page_error(page_create(service_manager_client, outsider), ADVISER_NOT_ALLOCATABLE)
    assert api_create(service_manager_client, outsider).json() == {
        "personal_adviser": [ADVISER_NOT_ALLOCATABLE]
    }
    assert not YoungPerson.objects.filter(person_id=PERSON_ID).exists()
    assert api_create(service_manager_client, world.pa_other_team).status_code == 201
    young_person = YoungPerson.objects.get(person_id=PERSON_ID)
    assert young_person.team == world.team_b


def test_a_team_manager_in_no_team_must_allocate_on_page_and_api(world):
    """Not yet allocated, the young person would join no team and so be out of their reach."""
    manager = UserFactory(council=world.council, team=None, roles=[Role.TEAM_MANAGER])
    client = client_for(manager)
    page = page_create(client)
    api = api_create(client)
    assert page.status_code == 200
    assert page_error(page, ADVISER_NEEDED)
    assert api.status_code == 400
    assert api.json() == {"personal_adviser": [ADVISER_NEEDED]}
    assert not YoungPerson.objects.filter(person_id=PERSON_ID).exists()


def test_a_bad_adviser_is_shown_with_every_other_problem_at_once(world):
    manager = UserFactory(council=world.council, team=None, roles=[Role.TEAM_MANAGER])
    response = client_for(manager).post(
        PAGE,
        {
            **DETAILS,
            "upn": "UN1",
            "date_of_birth_day": DATE_OF_BIRTH.day,
            "date_of_birth_month": DATE_OF_BIRTH.month,
            "date_of_birth_year": DATE_OF_BIRTH.year,
        },
    )
    assert page_error(response, ADVISER_NEEDED)
    assert "UN1 is only for children not yet of school age" in response.content.decode()


# Allocating -------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", BAD_ADVISERS)
def test_allocating_to_an_adviser_out_of_reach_is_refused_alike_on_every_path(
    world, team_manager_client, bad
):
    """The allocation page, the bulk allocation page and the service (which an API would
    call: the API has no allocation endpoint) refuse with the same message."""
    adviser, young_person = getattr(world, bad), world.yp_own
    allocations = Allocation.objects.count()
    single = team_manager_client.post(
        reverse("pathways:allocate", args=[young_person.uuid]),
        {"personal_adviser": str(adviser.uuid)},
    )
    bulk = team_manager_client.post(
        reverse("pathways:bulk-allocate"),
        {"young_people": [str(young_person.uuid)], "personal_adviser": str(adviser.uuid)},
    )
    with pytest.raises(ValidationError) as refused:
        allocate(young_people=[young_person], personal_adviser=adviser, by=world.team_manager)
    for page in (single, bulk):
        assert page.status_code == 200
        assert page_error(page, ADVISER_NOT_ALLOCATABLE)
    assert refused.value.message_dict == {"personal_adviser": [ADVISER_NOT_ALLOCATABLE]}
    young_person.refresh_from_db()
    assert young_person.personal_adviser == world.pa
    assert Allocation.objects.count() == allocations


def test_a_service_manager_cannot_allocate_to_another_councils_adviser(world):
    with pytest.raises(ValidationError) as refused:
        allocate(
            young_people=[world.yp_own],
            personal_adviser=world.other_council_user,
            by=world.service_manager,
        )
    assert refused.value.message_dict == {"personal_adviser": [ADVISER_NOT_ALLOCATABLE]}


def test_an_adviser_in_no_team_cannot_be_allocated(world, service_manager_client):
    teamless = UserFactory(council=world.council, team=None, roles=[Role.PERSONAL_ADVISER])
    assert api_create(service_manager_client, teamless).json() == {
        "personal_adviser": [ADVISER_NOT_ALLOCATABLE]
    }
    with pytest.raises(ValidationError):
        allocate(young_people=[world.yp_own], personal_adviser=teamless, by=world.service_manager)


@pytest.mark.parametrize("value", ["nobody", 12])
def test_an_adviser_that_is_not_a_uuid_gets_the_same_message(world, team_manager_client, value):
    data = {**DETAILS, "personal_adviser": value}
    page = team_manager_client.post(
        PAGE,
        {
            **data,
            "date_of_birth_day": DATE_OF_BIRTH.day,
            "date_of_birth_month": DATE_OF_BIRTH.month,
            "date_of_birth_year": DATE_OF_BIRTH.year,
        },
    )
    api = team_manager_client.post(
        API,
        data=json.dumps({**data, "date_of_birth": DATE_OF_BIRTH.isoformat()}),
        content_type="application/json",
    )
    assert page_error(page, ADVISER_NOT_ALLOCATABLE)
    assert api.json() == {"personal_adviser": [ADVISER_NOT_ALLOCATABLE]}
    assert not YoungPerson.objects.filter(person_id=PERSON_ID).exists()
