"""Recording a situation on its own, and the dated history of situations."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from audit.models import Action, AuditEvent
from pathways.models import Situation, YoungPerson
from tests.clock import TODAY, long_date
from tests.factories import SituationFactory
from tests.querybudget import assert_constant_queries

from .factories import ContactFactory, situation_data

pytestmark = pytest.mark.usefixtures("today")


def new_url(young_person) -> str:
    return reverse("pathways:situation-new", args=[young_person.uuid])


def list_url(young_person) -> str:
    return reverse("pathways:situations", args=[young_person.uuid])


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_it_records_a_situation_and_shows_the_history(world, pa_client):
    response = pa_client.post(
        new_url(world.yp_own),
        situation_data(TODAY - timedelta(days=21), activity="P4", accommodation="E2"),
    )
    assert response.status_code == 302
    assert response.url == list_url(world.yp_own)
    situation = Situation.objects.get()
    assert (situation.recorded_on, situation.in_touch, situation.activity) == (
        TODAY - timedelta(days=21),
        "YES",
        "P4",
    )
    assert situation.contact is None
    assert situation.recorded_by == world.pa
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"Situation on {long_date(TODAY - timedelta(days=21))} recorded."
    ]
    assert YoungPerson.objects.get(pk=world.yp_own.pk).current_situation == situation
    assert AuditEvent.objects.filter(
        action=Action.CREATE, object_type="pathways.situation", object_id=str(situation.pk)
    ).exists()


def test_it_asks_for_the_situation_when_nothing_is_chosen(world, pa_client):
    response = pa_client.post(
        new_url(world.yp_own), situation_data(in_touch="", activity="", accommodation="")
    )
    assert response.status_code == 200
    assert "Record whether they are in touch, their main activity and their accommodation" in text(
        response
    )
    assert Situation.objects.count() == 0


def test_it_asks_for_the_date(world, pa_client):
    data = situation_data() | {
        "recorded_on_day": "",
        "recorded_on_month": "",
        "recorded_on_year": "",
    }
    response = pa_client.post(new_url(world.yp_own), data)
    assert '<a href="#id_recorded_on_day">Enter the date of the situation</a>' in text(response)
    assert Situation.objects.count() == 0


def test_it_refuses_a_situation_in_the_future(world, pa_client):
    response = pa_client.post(new_url(world.yp_own), situation_data(TODAY + timedelta(days=1)))
    assert "The date of the situation must be today or in the past" in text(response)
    assert Situation.objects.count() == 0


def test_it_refuses_a_code_that_is_not_a_dfe_code(world, pa_client):
    response = pa_client.post(new_url(world.yp_own), situation_data(accommodation="S1"))
    assert "Select a valid choice" in text(response)
    assert Situation.objects.count() == 0


def test_an_older_situation_does_not_replace_the_current_one(world, pa_client):
    current = SituationFactory(young_person=world.yp_own, recorded_on=TODAY - timedelta(days=22))
    YoungPerson.objects.filter(pk=world.yp_own.pk).update(current_situation=current)
    pa_client.post(
        new_url(world.yp_own), situation_data(TODAY - timedelta(days=175), activity="G6")
    )
    assert Situation.objects.count() == 2
    assert YoungPerson.objects.get(pk=world.yp_own.pk).current_situation == current


def test_the_history_shows_each_dated_situation_with_codes_and_meanings(world, pa_client):
    contact = ContactFactory(young_person=world.yp_own)
    SituationFactory(
        young_person=world.yp_own,
        recorded_on=TODAY - timedelta(days=264),
        in_touch="REFU",
        activity="0",
        accommodation="0",
    )
    latest = SituationFactory(
        young_person=world.yp_own,
        recorded_on=TODAY - timedelta(days=53),
        activity="G4",
        accommodation="W2",
        contact=contact,
    )
    YoungPerson.objects.filter(pk=world.yp_own.pk).update(current_situation=latest)
    page = text(pa_client.get(list_url(world.yp_own)))
    newer, older = long_date(TODAY - timedelta(days=53)), long_date(TODAY - timedelta(days=264))
    assert page.index(newer) < page.index(older)
    for shown in (
        "<strong>G4</strong><br>Not in education, employment or training: illness or disability",
        "<strong>W2</strong><br>Bed and breakfast: not suitable",
        "<strong>REFU</strong><br>Refuses contact",
        "<strong>0</strong><br>Not applicable",
        '<strong class="govuk-tag govuk-tag--blue">Current</strong>',
        "at a contact",
    ):
        assert shown in page
    assert page.count("Current</strong>") == 1


def test_the_history_runs_a_fixed_number_of_queries(world, pa_client):
    def grow(n):
        for contact in ContactFactory.create_batch(n, young_person=world.yp_own):
            SituationFactory(young_person=world.yp_own, contact=contact)

    assert_constant_queries(pa_client, list_url(world.yp_own), grow=grow)


def test_the_history_is_audited_as_a_view(world, pa_client):
    pa_client.get(list_url(world.yp_own))
    assert AuditEvent.objects.filter(action=Action.VIEW, actor=world.pa).count() == 1


def test_a_colleague_may_read_the_history_but_not_record_a_situation(world, pa_colleague_client):
    response = pa_colleague_client.get(list_url(world.yp_own))
    assert response.status_code == 200
    assert "Record their situation" not in text(response)
    assert pa_colleague_client.get(new_url(world.yp_own)).status_code == 403
    assert pa_colleague_client.post(new_url(world.yp_own), situation_data()).status_code == 403
    assert Situation.objects.count() == 0


@pytest.mark.parametrize("whose", ["yp_other_team", "yp_other_council"])
def test_situations_outside_the_pas_reach_are_not_found(world, pa_client, whose):
    young_person = getattr(world, whose)
    assert pa_client.get(list_url(young_person)).status_code == 404
    assert pa_client.get(new_url(young_person)).status_code == 404
    assert pa_client.post(new_url(young_person), situation_data()).status_code == 404
    assert Situation.objects.count() == 0


def test_a_service_manager_records_a_situation_for_anyone_in_the_council(
    world, service_manager_client
):
    response = service_manager_client.post(new_url(world.yp_other_team), situation_data())
    assert response.status_code == 302
    assert Situation.objects.get().recorded_by == world.service_manager
