"""Reallocating one young person, or many at once, to another personal adviser."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pathways.models import Allocation
from tests.clock import TODAY
from tests.factories import YoungPersonFactory
from tests.querybudget import assert_constant_queries

from .factories import (
    AllocationFactory,
    adviser,
    young_person,
)

pytestmark = pytest.mark.django_db
BULK = reverse("pathways:bulk-allocate")


def allocate_url(yp) -> str:
    return reverse("pathways:allocate", args=[yp.uuid])


# One young person ------------------------------------------------------------------------


def test_a_team_manager_reallocates_to_a_colleague_and_history_is_kept(
    world, team_manager_client, today
):
    yp = world.yp_own
    AllocationFactory(young_person=yp, personal_adviser=world.pa, team=world.team_a)
    response = team_manager_client.post(
        allocate_url(yp),
        {"personal_adviser": str(world.pa_colleague.uuid), "reason": "Caseload balancing"},
    )
    assert response.status_code == 302
    yp.refresh_from_db()
    assert yp.personal_adviser == world.pa_colleague
    old, new = Allocation.objects.filter(young_person=yp).order_by("id")
    assert (old.personal_adviser, old.ended_on) == (world.pa, TODAY)
    assert (new.personal_adviser, new.started_on, new.ended_on) == (world.pa_colleague, TODAY, None)
    assert new.allocated_by == world.team_manager
    page = team_manager_client.get(response["Location"]).content.decode()
    assert "is now allocated to Colm Colleague" in page
    assert "Caseload balancing" in page


def test_the_allocation_page_offers_only_the_team_managers_team(world, team_manager_client, today):
    html = team_manager_client.get(allocate_url(world.yp_own)).content.decode()
    assert "Colm Colleague (Team A)" in html
    assert "Bea Otherteam" not in html
    response = team_manager_client.post(
        allocate_url(world.yp_own), {"personal_adviser": str(world.pa_other_team.uuid)}
    )
    assert "Choose a personal adviser from the list" in response.content.decode()
    world.yp_own.refresh_from_db()
    assert world.yp_own.personal_adviser == world.pa


def test_a_service_manager_may_move_someone_to_another_team(world, service_manager_client, today):
    response = service_manager_client.post(
        allocate_url(world.yp_own), {"personal_adviser": str(world.pa_other_team.uuid)}
    )
    assert response.status_code == 302
    world.yp_own.refresh_from_db()
    assert (world.yp_own.personal_adviser, world.yp_own.team) == (world.pa_other_team, world.team_b)


def test_it_says_when_the_adviser_is_already_allocated(world, team_manager_client, today):
    response = team_manager_client.post(
        allocate_url(world.yp_own), {"personal_adviser": str(world.pa.uuid)}
    )
    assert "Petra Adviser is already their personal adviser" in response.content.decode()
    assert not Allocation.objects.exists()


def test_choosing_nobody_gets_a_clear_message(world, team_manager_client, today):
    response = team_manager_client.post(allocate_url(world.yp_own), {"personal_adviser": ""})
    assert (
        '<a href="#id_personal_adviser">Choose a personal adviser</a>' in response.content.decode()
    )


def test_advisers_cannot_reallocate_and_other_teams_are_not_found(
    world, pa_client, team_manager_client, today
):
    data = {"personal_adviser": str(world.pa_colleague.uuid)}
    assert pa_client.post(allocate_url(world.yp_own), data).status_code == 403
    assert team_manager_client.post(allocate_url(world.yp_other_team), data).status_code == 404
    assert not Allocation.objects.exists()


# Many at once ----------------------------------------------------------------------------


def test_a_team_manager_moves_several_young_people_at_once(world, team_manager_client, today):
    more = [young_person(world) for _ in range(3)]
    chosen = [world.yp_own, *more[:2]]
    response = team_manager_client.post(
        BULK,
        {
            "young_people": [str(yp.uuid) for yp in chosen],
            "personal_adviser": str(world.pa_colleague.uuid),
            "reason": "Petra on leave",
        },
    )
    assert response.status_code == 302
    for yp in chosen:
        yp.refresh_from_db()
        assert yp.personal_adviser == world.pa_colleague
    more[2].refresh_from_db()
    assert more[2].personal_adviser == world.pa
    assert Allocation.objects.filter(reason="Petra on leave").count() == 3
    page = team_manager_client.get(response["Location"]).content.decode()
    assert "3 young people allocated to Colm Colleague" in page


def test_the_bulk_page_lists_only_reachable_young_people_and_filters_by_adviser(
    world, team_manager_client, today
):
    html = team_manager_client.get(BULK).content.decode()
    assert world.yp_own.display_name in html
    assert world.yp_colleague.display_name in html
    assert world.yp_other_team.display_name not in html
    assert 'name="young_people" type="checkbox"' in html
    html = team_manager_client.get(BULK, {"personal_adviser": str(world.pa.uuid)}).content.decode()
    assert world.yp_own.display_name in html
    assert world.yp_colleague.display_name not in html


def test_nothing_is_moved_if_one_chosen_young_person_is_out_of_reach(
    world, team_manager_client, today
):
    response = team_manager_client.post(
        BULK,
        {
            "young_people": [str(world.yp_own.uuid), str(world.yp_other_team.uuid)],
            "personal_adviser": str(world.pa_colleague.uuid),
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "One of the young people selected is not one you can reallocate" in html
    world.yp_own.refresh_from_db()
    assert world.yp_own.personal_adviser == world.pa
    assert not Allocation.objects.exists()


def test_it_asks_to_choose_someone_and_keeps_the_ticks(world, team_manager_client, today):
    html = team_manager_client.post(
        BULK, {"young_people": [str(world.yp_own.uuid)], "personal_adviser": ""}
    ).content.decode()
    assert "Choose a personal adviser" in html
    assert f'value="{world.yp_own.uuid}" checked' in html
    html = team_manager_client.post(
        BULK, {"personal_adviser": str(world.pa_colleague.uuid)}
    ).content.decode()
    assert '<a href="#id_young_people">Select at least one young person</a>' in html


def test_a_service_manager_moves_people_across_teams(world, service_manager_client, today):
    unallocated = YoungPersonFactory(council=world.council)
    response = service_manager_client.post(
        BULK,
        {
            "young_people": [str(world.yp_own.uuid), str(unallocated.uuid)],
            "personal_adviser": str(world.pa_other_team.uuid),
        },
    )
    assert response.status_code == 302
    unallocated.refresh_from_db()
    assert (unallocated.personal_adviser, unallocated.team) == (world.pa_other_team, world.team_b)


def test_advisers_cannot_use_bulk_allocation(world, pa_client, today):
    response = pa_client.post(
        BULK,
        {
            "young_people": [str(world.yp_own.uuid)],
            "personal_adviser": str(world.pa_colleague.uuid),
        },
    )
    assert response.status_code == 403
    assert not Allocation.objects.exists()


def test_the_bulk_page_runs_a_fixed_number_of_queries(world, service_manager_client, today):
    advisers = [adviser(world, world.team_a, "Ada One"), adviser(world, world.team_b, "Bo Two")]

    def grow(n):
        for i in range(n):
            young_person(world, advisers[i % 2])

    assert_constant_queries(service_manager_client, BULK, grow=grow, base=10, factor=10)
