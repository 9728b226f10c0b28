"""Recording contacts (with the situation and change of circumstances) and the contacts list."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from audit.models import Action, AuditEvent
from pathways.models import Contact, Situation, YoungPerson
from pathways.rules import add_months
from tests.clock import TODAY, at, long_date
from tests.factories import SituationFactory
from tests.querybudget import assert_constant_queries

from .factories import THREE_DAYS_AGO, ContactFactory, contact_data

pytestmark = pytest.mark.usefixtures("today")


def new_url(young_person) -> str:
    return reverse("pathways:contact-new", args=[young_person.uuid])


def list_url(young_person) -> str:
    return reverse("pathways:contacts", args=[young_person.uuid])


def text(response) -> str:
    return html.unescape(response.content.decode())


def flash(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# Recording a contact ----------------------------------------------------------------------


def test_it_records_a_contact_and_returns_to_the_young_person_page(world, pa_client):
    response = pa_client.post(new_url(world.yp_own), contact_data(THREE_DAYS_AGO))
    assert response.status_code == 302
    assert response.url == reverse("pathways:young-person", args=[world.yp_own.uuid])
    contact = Contact.objects.get()
    assert contact.occurred_at == at(THREE_DAYS_AGO, 14, 30)
    assert contact.kind == Contact.Kind.PHONE
    assert contact.seen_alone is None
    assert contact.recorded_by == world.pa
    next_due = long_date(THREE_DAYS_AGO + timedelta(weeks=8))
    assert flash(response) == [f"Contact recorded. The next contact is due by {next_due}."]
    world.yp_own.refresh_from_db()
    assert world.yp_own.last_contact_on == THREE_DAYS_AGO
    assert Situation.objects.count() == 0


def test_it_audits_the_new_contact(world, pa_client):
    pa_client.post(new_url(world.yp_own), contact_data())
    contact = Contact.objects.get()
    assert AuditEvent.objects.filter(
        action=Action.CREATE, object_type="pathways.contact", object_id=str(contact.pk)
    ).exists()


def test_it_records_the_situation_with_the_contact(world, pa_client):
    response = pa_client.post(
        new_url(world.yp_own),
        contact_data(in_touch="YES", activity="F5", accommodation="D1"),
    )
    assert response.status_code == 302
    situation = Situation.objects.get()
    assert situation.contact == Contact.objects.get()
    assert situation.recorded_on == THREE_DAYS_AGO
    assert (situation.in_touch, situation.activity, situation.accommodation) == (
        "YES",
        "F5",
        "D1",
    )
    assert YoungPerson.objects.get(pk=world.yp_own.pk).current_situation == situation
    assert flash(response)[0].startswith("Contact and situation recorded.")


def test_it_lets_the_adviser_choose_not_to_record_a_situation(world, pa_client):
    response = pa_client.post(new_url(world.yp_own), contact_data(in_touch="none"))
    assert response.status_code == 302
    assert Situation.objects.count() == 0


def test_it_records_a_visit_with_whether_they_were_seen_alone(world, pa_client):
    pa_client.post(new_url(world.yp_own), contact_data(kind="home_visit", seen_alone="no"))
    contact = Contact.objects.get()
    assert contact.seen_alone is False
    assert YoungPerson.objects.get(pk=world.yp_own.pk).last_visit_on == THREE_DAYS_AGO


def test_it_asks_whether_a_visited_young_person_was_seen_alone(world, pa_client):
    response = pa_client.post(new_url(world.yp_own), contact_data(kind="office"))
    assert response.status_code == 200
    assert "Select whether the young person was seen alone" in text(response)
    assert Contact.objects.count() == 0


def test_it_refuses_seen_alone_for_a_phone_call(world, pa_client):
    response = pa_client.post(new_url(world.yp_own), contact_data(kind="phone", seen_alone="yes"))
    assert response.status_code == 200
    assert (
        '<a href="#id_seen_alone_0">Only record whether they were seen alone for a home or '
        "office visit: this was a phone call</a>"
    ) in text(response)
    assert Contact.objects.count() == 0


def test_it_takes_not_a_visit_as_no_answer_for_a_phone_call(world, pa_client):
    pa_client.post(new_url(world.yp_own), contact_data(kind="phone", seen_alone="not_a_visit"))
    assert Contact.objects.get().seen_alone is None


@pytest.mark.parametrize("typed", ["2:30pm", "25:00", "14:60", "1430", "", "noon"])
def test_it_asks_for_the_time_on_the_24_hour_clock(world, pa_client, typed):
    response = pa_client.post(new_url(world.yp_own), contact_data(time=typed))
    assert response.status_code == 200
    message = (
        "Enter the time of the contact"
        if not typed
        else "Enter the time using the 24-hour clock, for example 09:30 or 14:05"
    )
    assert f'<a href="#id_time">{message}</a>' in text(response)
    assert Contact.objects.count() == 0


@pytest.mark.parametrize(("typed", "hour", "minute"), [("9.15", 9, 15), ("00:00", 0, 0)])
def test_it_accepts_times_with_a_dot_or_a_single_digit_hour(world, pa_client, typed, hour, minute):
    pa_client.post(new_url(world.yp_own), contact_data(time=typed))
    assert Contact.objects.get().occurred_at == at(THREE_DAYS_AGO, hour, minute)


def test_it_asks_for_a_real_date(world, pa_client):
    response = pa_client.post(
        new_url(world.yp_own),
        contact_data() | {"occurred_on_day": "31", "occurred_on_month": "2"},
    )
    assert "Date of the contact must be a real date" in text(response)
    assert Contact.objects.count() == 0


def test_it_asks_for_the_kind_of_contact(world, pa_client):
    response = pa_client.post(new_url(world.yp_own), contact_data(kind=""))
    assert "Select the kind of contact" in text(response)


def test_a_change_of_circumstances_brings_the_next_review_forward(world, pa_client):
    YoungPerson.objects.filter(pk=world.yp_own.pk).update(next_review_due_on=add_months(TODAY, 5))
    response = pa_client.post(
        new_url(world.yp_own), contact_data(THREE_DAYS_AGO, change_of_circumstances="on")
    )
    assert Contact.objects.get().change_of_circumstances is True
    # 28 working days (Monday to Friday) after the contact, counted here by hand.
    weekdays = [THREE_DAYS_AGO + timedelta(days=n) for n in range(1, 60)]
    due = [d for d in weekdays if d.weekday() < 5][27]
    assert YoungPerson.objects.get(pk=world.yp_own.pk).next_review_due_on == due
    assert f"The next review is now due by {long_date(due)}." in flash(response)[0]


def test_a_change_of_circumstances_keeps_a_review_that_is_already_due_sooner(world, pa_client):
    soon = TODAY + timedelta(days=8)
    YoungPerson.objects.filter(pk=world.yp_own.pk).update(next_review_due_on=soon)
    pa_client.post(new_url(world.yp_own), contact_data(change_of_circumstances="on"))
    assert YoungPerson.objects.get(pk=world.yp_own.pk).next_review_due_on == soon


def test_a_contact_without_a_change_of_circumstances_leaves_the_review_date(world, pa_client):
    later = add_months(TODAY, 5)
    YoungPerson.objects.filter(pk=world.yp_own.pk).update(next_review_due_on=later)
    pa_client.post(new_url(world.yp_own), contact_data())
    assert YoungPerson.objects.get(pk=world.yp_own.pk).next_review_due_on == later


def test_a_move_recorded_at_a_contact_says_a_visit_is_due(world, pa_client):
    SituationFactory(
        young_person=world.yp_own, recorded_on=TODAY - timedelta(days=53), accommodation="U1"
    )
    response = pa_client.post(
        new_url(world.yp_own),
        contact_data(in_touch="YES", activity="F2", accommodation="E1"),
    )
    visit_by = long_date(THREE_DAYS_AGO + timedelta(days=7))
    assert f"They have moved: a visit is due by {visit_by}." in flash(response)[0]


# Who may record a contact -----------------------------------------------------------------


def test_the_form_page_is_audited_as_a_view(world, pa_client):
    response = pa_client.get(new_url(world.yp_own))
    assert response.status_code == 200
    assert AuditEvent.objects.filter(
        action=Action.VIEW, object_type="pathways.youngperson", object_id=str(world.yp_own.pk)
    ).exists()


def test_a_pa_cannot_record_a_contact_for_a_colleagues_young_person(world, pa_client):
    assert pa_client.get(new_url(world.yp_colleague)).status_code == 403
    assert pa_client.post(new_url(world.yp_colleague), contact_data()).status_code == 403
    assert Contact.objects.count() == 0


@pytest.mark.parametrize("whose", ["yp_other_team", "yp_other_council"])
def test_it_does_not_find_young_people_outside_the_pas_reach(world, pa_client, whose):
    young_person = getattr(world, whose)
    assert pa_client.get(new_url(young_person)).status_code == 404
    assert pa_client.post(new_url(young_person), contact_data()).status_code == 404
    assert Contact.objects.count() == 0


def test_a_team_manager_records_a_contact_for_their_team(world, team_manager_client):
    response = team_manager_client.post(new_url(world.yp_colleague), contact_data())
    assert response.status_code == 302
    assert Contact.objects.get().recorded_by == world.team_manager


@pytest.mark.parametrize("persona", ["participation_officer", "committee_officer"])
def test_officers_without_individual_records_are_refused(world, persona):
    from tests.conftest import client_for

    client = client_for(world.persona(persona))
    assert client.get(new_url(world.yp_own)).status_code == 403
    assert client.post(new_url(world.yp_own), contact_data()).status_code == 403
    assert client.get(list_url(world.yp_own)).status_code == 403


def test_anonymous_users_are_sent_to_sign_in(world, anonymous_client):
    response = anonymous_client.post(new_url(world.yp_own), contact_data())
    assert response.status_code == 302
    assert Contact.objects.count() == 0


# The contacts list ------------------------------------------------------------------------


def test_it_lists_contacts_newest_first_with_their_situation(world, pa_client):
    older = ContactFactory(
        young_person=world.yp_own,
        occurred_at=at(TODAY - timedelta(days=83), 9, 5),
        notes="Older note",
    )
    newer = ContactFactory(
        young_person=world.yp_own,
        occurred_at=at(TODAY - timedelta(days=21), 16, 45),
        kind=Contact.Kind.HOME_VISIT,
        seen_alone=True,
        notes="Newer note",
    )
    SituationFactory(
        young_person=world.yp_own,
        recorded_on=TODAY - timedelta(days=21),
        contact=newer,
        activity="G5",
    )
    response = pa_client.get(list_url(world.yp_own))
    page = text(response)
    assert page.index("Newer note") < page.index("Older note")
    assert f"{long_date(TODAY - timedelta(days=21))} at 4:45pm" in page
    assert "YES, G5, U1" in page
    assert older.notes in page
    assert "2 contacts, newest first" in page


def test_it_pages_a_long_list_of_contacts(world, pa_client):
    ContactFactory.create_batch(30, young_person=world.yp_own)
    first = text(pa_client.get(list_url(world.yp_own)))
    second = text(pa_client.get(list_url(world.yp_own) + "?page=2"))
    assert first.count('<th scope="row"') == 25
    assert second.count('<th scope="row"') == 5
    assert 'rel="next"' in first


def test_the_contacts_list_runs_a_fixed_number_of_queries(world, pa_client):
    def grow(n):
        for contact in ContactFactory.create_batch(n, young_person=world.yp_own):
            SituationFactory(
                young_person=world.yp_own,
                recorded_on=contact.occurred_at.date(),
                contact=contact,
            )

    assert_constant_queries(pa_client, list_url(world.yp_own), grow=grow, base=2, factor=10)


def test_a_colleague_may_read_the_contacts_for_cover_but_not_add_one(world, pa_colleague_client):
    response = pa_colleague_client.get(list_url(world.yp_own))
    assert response.status_code == 200
    assert "Record a contact" not in text(response)
    assert AuditEvent.objects.filter(
        action=Action.VIEW, actor=world.pa_colleague, detail__own_caseload=False
    ).exists()


def test_the_adviser_sees_a_button_to_record_a_contact(world, pa_client):
    assert "Record a contact" in text(pa_client.get(list_url(world.yp_own)))


def test_it_shows_an_overdue_contact(world, pa_client):
    YoungPerson.objects.filter(pk=world.yp_own.pk).update(
        last_contact_on=TODAY - timedelta(weeks=8, days=1)
    )
    page = text(pa_client.get(list_url(world.yp_own)))
    assert long_date(TODAY - timedelta(days=1)) in page
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in page


@pytest.mark.parametrize("whose", ["yp_other_team", "yp_other_council"])
def test_the_contacts_list_is_not_found_outside_the_pas_reach(world, pa_client, whose):
    assert pa_client.get(list_url(getattr(world, whose))).status_code == 404
