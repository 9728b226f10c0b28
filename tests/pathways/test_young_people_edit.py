"""Creating a young person and editing their details, with optimistic locking: the later of
two saves is refused (409) and what its author typed is shown back."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from audit.models import Action, AuditEvent
from pathways.models import Allocation, YoungPerson
from tests.clock import TODAY, years_before
from tests.factories import CareEpisodeFactory, YoungPersonFactory

from .factories import details, edit_data

pytestmark = pytest.mark.django_db
NEW = reverse("pathways:young-person-new")


def edit_url(yp) -> str:
    return reverse("pathways:young-person-edit", args=[yp.uuid])


def lock_version_on(html: str) -> str:
    return re.search(r'name="lock_version" value="(\d+)"', html).group(1)


# Creating --------------------------------------------------------------------------------


def test_a_team_manager_creates_a_young_person_allocated_to_a_pa(world, team_manager_client, today):
    response = team_manager_client.post(
        NEW,
        details(
            personal_adviser=str(world.pa.uuid),
            date_of_birth=years_before(TODAY, 17) - timedelta(days=295),
        ),
    )
    yp = YoungPerson.objects.get(person_id="P1234567")
    assert response.status_code == 302
    assert response["Location"] == reverse("pathways:young-person", args=[yp.uuid])
    assert yp.council == world.council
    assert (yp.personal_adviser, yp.team) == (world.pa, world.team_a)
    allocation = Allocation.objects.get(young_person=yp)
    assert allocation.allocated_by == world.team_manager
    assert allocation.ended_on is None
    assert yp.phone_confirmed_on == TODAY - timedelta(days=22)
    assert yp.legal_status == "not_care_leaver"  # no care episodes yet
    assert AuditEvent.objects.filter(action=Action.CREATE, object_id=str(yp.pk)).exists()


def test_a_team_managers_unallocated_young_person_joins_their_team(
    world, team_manager_client, today
):
    team_manager_client.post(NEW, details())
    yp = YoungPerson.objects.get(person_id="P1234567")
    assert yp.personal_adviser is None
    assert yp.team == world.team_a
    assert (
        yp.display_name
        in team_manager_client.get(reverse("pathways:young-people")).content.decode()
    )


def test_a_service_manager_creates_one_with_no_team(world, service_manager_client, today):
    response = service_manager_client.post(NEW, details())
    assert response.status_code == 302
    yp = YoungPerson.objects.get(person_id="P1234567")
    assert yp.team is None and yp.personal_adviser is None


@pytest.mark.parametrize(
    ("dob", "message"),
    [
        (
            years_before(TODAY, 15) + timedelta(days=1),
            "Date of birth must make them at least 15 years old",
        ),
        (date(1899, 12, 31), "Date of birth must be on or after 1 January 1900"),
        (TODAY + timedelta(days=39), "Date of birth must be in the past"),
    ],
)
def test_it_refuses_a_date_of_birth_in_the_future_before_1900_or_under_15(
    dob, message, world, team_manager_client, today
):
    response = team_manager_client.post(NEW, details(date_of_birth=dob))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<a href="#id_date_of_birth_day">{message}</a>' in html
    assert not YoungPerson.objects.filter(person_id="P1234567").exists()


def test_it_accepts_a_date_of_birth_older_than_25_for_a_historic_record(
    world, team_manager_client, today
):
    dob = years_before(TODAY, 31) - timedelta(days=40)
    response = team_manager_client.post(NEW, details(date_of_birth=dob))
    assert response.status_code == 302
    assert YoungPerson.objects.get(person_id="P1234567").date_of_birth == dob


def test_it_shows_every_problem_with_the_details_at_once(world, team_manager_client, today):
    response = team_manager_client.post(
        NEW,
        details(
            person_id=world.yp_colleague.person_id,
            date_of_birth=TODAY + timedelta(days=2),
            upn="UN1",
            phone="",
            phone_confirmed_on=TODAY - timedelta(days=3),
            email="not an email",
            email_confirmed_on=TODAY + timedelta(days=1),
        ),
    )
    html = response.content.decode()
    assert response.status_code == 200
    for anchor, message in (
        ("person_id", "Another young person already has this person ID"),
        ("date_of_birth_day", "Date of birth must be in the past"),
        ("upn", "UN1 is only for children not yet of school age: use UN2 to UN5"),
        (
            "phone_confirmed_on_day",
            "Enter the phone number, or leave the date it was confirmed blank",
        ),
        ("email", "Enter an email address in the correct format, like name@example.com"),
        (
            "email_confirmed_on_day",
            "The date the email address was confirmed cannot be in the future",
        ),
    ):
        assert f'<a href="#id_{anchor}">{message}</a>' in html, message
    assert YoungPerson.objects.filter(person_id=world.yp_colleague.person_id).count() == 1


def test_it_refuses_a_person_id_already_used_in_the_council(world, team_manager_client, today):
    response = team_manager_client.post(NEW, details(person_id=world.yp_colleague.person_id))
    assert "Another young person already has this person ID" in response.content.decode()
    assert YoungPerson.objects.filter(person_id=world.yp_colleague.person_id).count() == 1


def test_the_same_person_id_may_be_used_in_another_council(world, team_manager_client, today):
    response = team_manager_client.post(NEW, details(person_id=world.yp_other_council.person_id))
    assert response.status_code == 302


def test_a_team_manager_cannot_allocate_to_another_teams_adviser(world, team_manager_client, today):
    response = team_manager_client.post(
        NEW, details(personal_adviser=str(world.pa_other_team.uuid))
    )
    assert "Choose a personal adviser from the list" in response.content.decode()
    assert not YoungPerson.objects.filter(person_id="P1234567").exists()


def test_a_personal_adviser_cannot_create_a_young_person(world, pa_client, today):
    assert pa_client.post(NEW, details()).status_code == 403
    assert not YoungPerson.objects.filter(person_id="P1234567").exists()


def test_it_checks_the_unique_pupil_number_and_confirmation_dates(
    world, team_manager_client, today
):
    html = team_manager_client.post(
        NEW,
        details(upn="UN1", email_confirmed_on=TODAY + timedelta(days=8), email="a@example.org"),
    ).content.decode()
    assert "UN1 is only for children not yet of school age: use UN2 to UN5" in html
    assert "The date the email address was confirmed cannot be in the future" in html
    html = team_manager_client.post(NEW, details(upn="I12345678901")).content.decode()
    assert "Enter a unique pupil number as a letter and 12 digits" in html
    assert (
        not YoungPerson.objects.exists()
        or not YoungPerson.objects.filter(person_id="P1234567").exists()
    )
    response = team_manager_client.post(NEW, details(upn="a12345678901b"))
    assert response.status_code == 302
    assert YoungPerson.objects.get(person_id="P1234567").upn == "A12345678901B"


# Editing ---------------------------------------------------------------------------------


def test_an_adviser_edits_their_young_persons_details(world, pa_client, today):
    yp = world.yp_own
    html = pa_client.get(edit_url(yp)).content.decode()
    assert f'name="legal_first_name" type="text" value="{yp.legal_first_name}"' in html
    assert lock_version_on(html) == "1"
    response = pa_client.post(edit_url(yp), edit_data(yp, preferred_name="Kes"))
    assert response.status_code == 302
    yp.refresh_from_db()
    assert yp.preferred_name == "Kes"
    assert yp.lock_version == 2
    event = AuditEvent.objects.get(action=Action.UPDATE, object_id=str(yp.pk))
    assert "preferred_name" in event.detail["changed"]


def test_a_colleague_cannot_edit_a_record_they_read_for_cover(world, pa_client, today):
    yp = world.yp_colleague
    assert pa_client.get(edit_url(yp)).status_code == 403
    assert pa_client.post(edit_url(yp), edit_data(yp, preferred_name="X")).status_code == 403
    yp.refresh_from_db()
    assert yp.preferred_name == ""


def test_another_teams_record_is_not_found_for_editing(world, pa_client, today):
    yp = world.yp_other_team
    assert pa_client.post(edit_url(yp), edit_data(yp, preferred_name="X")).status_code == 404


def test_a_bad_date_of_birth_is_refused_and_nothing_is_saved(world, pa_client, today):
    yp = world.yp_own
    response = pa_client.post(
        edit_url(yp),
        edit_data(
            yp, preferred_name="Kes", date_of_birth=years_before(TODAY, 14) - timedelta(days=326)
        ),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Date of birth must make them at least 15 years old" in html
    assert 'value="Kes"' in html
    yp.refresh_from_db()
    assert (yp.preferred_name, yp.lock_version) == ("", 1)


def test_it_saves_other_details_of_someone_now_older_than_26(world, pa_client, today):
    yp = YoungPersonFactory(
        council=world.council,
        personal_adviser=world.pa,
        team=world.team_a,
        date_of_birth=years_before(TODAY, 27) - timedelta(days=10),
    )
    response = pa_client.post(edit_url(yp), edit_data(yp, phone="07700 900789"))
    assert response.status_code == 302
    yp.refresh_from_db()
    assert yp.phone == "07700 900789"


def test_it_refuses_a_date_of_birth_after_their_first_care_episode_started(world, pa_client, today):

    yp = YoungPersonFactory(
        council=world.council,
        personal_adviser=world.pa,
        team=world.team_a,
        date_of_birth=years_before(TODAY, 20),
    )
    CareEpisodeFactory(young_person=yp, started_on=years_before(TODAY, 17), ended_on=None)
    response = pa_client.post(edit_url(yp), edit_data(yp, date_of_birth=years_before(TODAY, 16)))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Date of birth must be on or before" in html
    assert "when their first care episode started" in html
    yp.refresh_from_db()
    assert yp.lock_version == 1


def test_a_duplicate_person_id_is_refused_when_editing(world, team_manager_client, today):
    yp = world.yp_own
    response = team_manager_client.post(
        edit_url(yp), edit_data(yp, person_id=world.yp_colleague.person_id)
    )
    assert "Another young person already has this person ID" in response.content.decode()
    yp.refresh_from_db()
    assert yp.lock_version == 1


def test_the_later_of_two_edits_is_refused_and_keeps_what_was_typed(
    world, pa_client, team_manager_client, today
):
    yp = world.yp_own
    first_version = lock_version_on(pa_client.get(edit_url(yp)).content.decode())
    second_version = lock_version_on(team_manager_client.get(edit_url(yp)).content.decode())
    assert first_version == second_version == "1"

    first = pa_client.post(
        edit_url(yp),
        edit_data(yp, lock_version=first_version, address="12 Lark Rise\nNewtown"),
    )
    assert first.status_code == 302

    second = team_manager_client.post(
        edit_url(yp),
        edit_data(
            yp,
            lock_version=second_version,
            address="Flat 3, The Old Mill\nRivertown",
            preferred_name="Kit",
        ),
    )
    html = second.content.decode()
    assert second.status_code == 409
    assert "Someone else changed this record after you opened it" in html
    # What they typed is still in the form...
    assert "Flat 3, The Old Mill\nRivertown</textarea>" in html
    assert 'name="preferred_name" type="text" value="Kit"' in html
    # ...and the page says what is saved now.
    saved = html.split("What is saved now")[1].split("</table>")[0]
    assert "12 Lark Rise\nNewtown" in saved
    assert "Flat 3, The Old Mill" in saved
    # The first save stands; nothing of the second was saved.
    yp.refresh_from_db()
    assert yp.address == "12 Lark Rise\nNewtown"
    assert yp.preferred_name == ""
    assert yp.lock_version == 2
    # Saving again from the refused page is a deliberate overwrite, and works.
    assert lock_version_on(html) == "2"
    again = team_manager_client.post(
        edit_url(yp),
        edit_data(
            yp, lock_version="2", address="Flat 3, The Old Mill\nRivertown", preferred_name="Kit"
        ),
    )
    assert again.status_code == 302
    yp.refresh_from_db()
    assert (yp.address, yp.preferred_name, yp.lock_version) == (
        "Flat 3, The Old Mill\nRivertown",
        "Kit",
        3,
    )


def test_changing_the_date_of_birth_recomputes_the_legal_status(world, pa_client, today):

    yp = YoungPersonFactory(
        council=world.council,
        personal_adviser=world.pa,
        team=world.team_a,
        date_of_birth=years_before(TODAY, 16) - timedelta(days=326),
    )
    CareEpisodeFactory(young_person=yp, started_on=TODAY - timedelta(days=691))
    older = years_before(TODAY, 17) - timedelta(days=326)
    pa_client.post(edit_url(yp), edit_data(yp, date_of_birth=older))
    yp.refresh_from_db()
    assert yp.legal_status == "eligible"
