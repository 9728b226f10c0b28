"""The young-people list for managers (and PAs covering colleagues): the caseload's columns,
filters and sorting, plus filters by personal adviser and team, paginated."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from pathways.rules import LegalStatus
from tests.clock import TODAY, years_before
from tests.factories import CareEpisodeFactory, SituationFactory, YoungPersonFactory
from tests.querybudget import assert_constant_queries

from .factories import adviser, born_turning, young_person

pytestmark = pytest.mark.django_db
URL = reverse("pathways:young-people")


def html_of(client, **params) -> str:
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_team_manager_sees_their_teams_young_people_only(world, team_manager_client, today):
    html = html_of(team_manager_client)
    assert world.yp_own.display_name in html
    assert world.yp_colleague.display_name in html
    assert world.yp_other_team.display_name not in html
    assert world.yp_other_council.display_name not in html


def test_a_service_manager_sees_the_whole_council(world, service_manager_client, today):
    html = html_of(service_manager_client)
    for yp in (world.yp_own, world.yp_colleague, world.yp_other_team):
        assert yp.display_name in html
    assert world.yp_other_council.display_name not in html


def test_it_filters_by_personal_adviser_and_unallocated(world, team_manager_client, today):
    nobody = YoungPersonFactory(council=world.council, team=world.team_a)
    html = html_of(team_manager_client, personal_adviser=str(world.pa_colleague.uuid))
    assert world.yp_colleague.display_name in html
    assert world.yp_own.display_name not in html
    html = html_of(team_manager_client, personal_adviser="none")
    assert nobody.display_name in html
    assert world.yp_own.display_name not in html
    assert "Selected filters" in html and ">Not allocated</a>" in html


def test_a_team_manager_is_not_offered_another_teams_adviser(world, team_manager_client, today):
    html = html_of(team_manager_client, personal_adviser=str(world.pa_other_team.uuid))
    assert "Choose a personal adviser from the list" in html
    assert world.pa_other_team.full_name not in html


def test_a_service_manager_filters_by_team(world, service_manager_client, today):
    html = html_of(service_manager_client, team=str(world.team_b.pk))
    assert world.yp_other_team.display_name in html
    assert world.yp_own.display_name not in html
    assert f'<option value="{world.team_b.pk}" selected>Team B</option>' in html


def test_a_team_manager_has_no_team_filter_as_there_is_one_team(world, team_manager_client, today):
    assert 'name="team"' not in html_of(team_manager_client)


def test_it_shares_the_caseloads_filters(world, service_manager_client, today):
    late = young_person(world, world.pa_other_team, next_review_due_on=TODAY - timedelta(days=2))
    html = html_of(service_manager_client, show="overdue")
    assert late.display_name in html
    assert world.yp_own.display_name not in html
    html = html_of(service_manager_client, status="eligible")
    assert late.display_name not in html


def test_it_pages_and_keeps_the_filters_and_sort_in_the_page_links(
    world, service_manager_client, today
):
    for _ in range(55):
        young_person(world, world.pa_other_team, legal_status=LegalStatus.FORMER_RELEVANT)
    html = html_of(service_manager_client, status="former_relevant", sort="age")
    assert "55 young people match the filters" in html
    assert 'href="?status=former_relevant&amp;sort=age&amp;page=2"' in html
    html = html_of(service_manager_client, status="former_relevant", sort="age", page=2)
    assert html.count('<th scope="row" class="govuk-table__header">') == 5


def test_managers_get_links_to_add_and_reallocate(world, team_manager_client, pa_client, today):
    html = html_of(team_manager_client)
    assert reverse("pathways:young-person-new") in html
    assert reverse("pathways:bulk-allocate") in html
    html = html_of(pa_client)
    assert reverse("pathways:young-person-new") not in html
    assert reverse("pathways:bulk-allocate") not in html


def test_the_young_people_list_runs_a_fixed_number_of_queries(world, service_manager_client, today):
    advisers = [adviser(world, world.team_a, "Ada One"), adviser(world, world.team_b, "Bo Two")]

    def grow(n):
        for i in range(n):
            yp = young_person(
                world,
                advisers[i % 2],
                date_of_birth=born_turning(18, on=TODAY + timedelta(days=i)),
                legal_status=LegalStatus.FORMER_RELEVANT,
                last_contact_on=TODAY - timedelta(days=i),
            )
            CareEpisodeFactory(
                young_person=yp, started_on=years_before(TODAY, 4) - timedelta(days=317)
            )
            SituationFactory(young_person=yp, recorded_on=TODAY - timedelta(days=10))

    queries = assert_constant_queries(
        service_manager_client,
        URL + "?show=overdue&show=missing&show=transitions&sort=review",
        grow=grow,
        base=10,
        factor=10,
    )
    assert queries <= 14
