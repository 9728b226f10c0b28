"""When the next review and the next contact fall due, on the boundaries (DOMAIN.md §3):
a review at most the council's interval (6 months) after the last, sooner after a change of
circumstances; a contact every 8 weeks, and a visit within 7 days of a move."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from pathways import presenters
from pathways.models import Contact, Review, YoungPerson
from pathways.services import work as work_services
from pathways.services.work import SituationInput
from tests.clock import at
from tests.conftest import client_for
from tests.factories import ApprovedPlanFactory


@pytest.fixture(autouse=True)
def _born_in_2007(world):
    """The boundaries below are worked out by hand on stated days in 2026 and 2027, each write
    travelling to the day it happened: the young person is born on a stated day too (a fixed
    fact), so that they were 19 on those days whatever the pinned clock says."""
    YoungPerson.objects.filter(pk=world.yp_own.pk).update(date_of_birth=date(2007, 5, 17))


def record_review(young_person, by, held_on: date) -> Review:
    with time_machine.travel(at(held_on, 17), tick=False):
        return work_services.record_review(
            young_person=young_person,
            by=by,
            held_on=held_on,
            review_type=Review.Type.SCHEDULED,
            attendees="The young person and their PA",
            young_person_views="Fine",
            eet_progress="At college",
            outcome="Carry on",
        )


def record_contact(young_person, by, day: date, kind=Contact.Kind.PHONE, situation=None):
    with time_machine.travel(at(day, 17), tick=False):
        return work_services.record_contact(
            young_person=young_person,
            by=by,
            occurred_at=at(day, 10),
            kind=kind,
            seen_alone=True if kind in Contact.VISIT_KINDS else None,
            situation=situation,
        )


def record_situation(young_person, by, day: date, accommodation: str):
    with time_machine.travel(at(day, 17), tick=False):
        return work_services.record_situation(
            young_person=young_person,
            by=by,
            data=SituationInput(day, "YES", "F2", accommodation),
        )


def fresh(young_person) -> YoungPerson:
    return YoungPerson.objects.select_related("council").get(pk=young_person.pk)


def page_on(day: date, user, url: str) -> str:
    with time_machine.travel(at(day), tick=False):
        return client_for(user).get(url).content.decode()


# Reviews ----------------------------------------------------------------------------------


def test_the_next_review_is_due_6_months_after_the_review(world):
    ApprovedPlanFactory(young_person=world.yp_own, starts_on=date(2026, 1, 5))
    review = record_review(world.yp_own, world.pa, date(2026, 5, 19))
    assert review.next_review_due_on == date(2026, 11, 19)
    assert fresh(world.yp_own).next_review_due_on == date(2026, 11, 19)


def test_a_review_at_the_end_of_august_is_next_due_at_the_end_of_february(world):
    ApprovedPlanFactory(young_person=world.yp_own, starts_on=date(2026, 1, 5))
    record_review(world.yp_own, world.pa, date(2026, 8, 31))
    assert fresh(world.yp_own).next_review_due_on == date(2027, 2, 28)


def test_the_review_interval_is_the_councils_setting(world):
    world.council.review_interval_months = 3
    world.council.save()
    ApprovedPlanFactory(young_person=world.yp_own, starts_on=date(2026, 1, 5))
    record_review(world.yp_own, world.pa, date(2026, 8, 31))
    assert fresh(world.yp_own).next_review_due_on == date(2026, 11, 30)


def test_a_review_is_overdue_the_day_after_it_was_due(world):
    ApprovedPlanFactory(young_person=world.yp_own, starts_on=date(2026, 1, 5))
    record_review(world.yp_own, world.pa, date(2026, 8, 31))
    url = reverse("pathways:reviews", args=[world.yp_own.uuid])
    assert "Overdue" not in page_on(date(2027, 2, 28), world.pa, url)
    assert "Overdue</strong>" in page_on(date(2027, 3, 1), world.pa, url)


def test_a_change_of_accommodation_brings_the_next_review_forward(world):
    ApprovedPlanFactory(young_person=world.yp_own, starts_on=date(2026, 1, 5))
    record_review(world.yp_own, world.pa, date(2026, 9, 1))
    assert fresh(world.yp_own).next_review_due_on == date(2027, 3, 1)
    record_situation(world.yp_own, world.pa, date(2026, 10, 1), "U1")
    assert fresh(world.yp_own).next_review_due_on == date(2027, 3, 1)  # first: not a move
    # Friday 20 November 2026 + 28 working days = Wednesday 30 December 2026.
    record_situation(fresh(world.yp_own), world.pa, date(2026, 11, 20), "E1")
    young_person = fresh(world.yp_own)
    assert young_person.moved_on == date(2026, 11, 20)
    assert young_person.next_review_due_on == date(2026, 12, 30)


def test_the_same_accommodation_type_is_not_a_move(world):
    ApprovedPlanFactory(young_person=world.yp_own, starts_on=date(2026, 1, 5))
    record_review(world.yp_own, world.pa, date(2026, 9, 1))
    record_situation(world.yp_own, world.pa, date(2026, 10, 1), "U1")
    record_situation(fresh(world.yp_own), world.pa, date(2026, 11, 20), "U2")
    young_person = fresh(world.yp_own)
    assert young_person.moved_on is None
    assert young_person.next_review_due_on == date(2027, 3, 1)


def test_a_change_of_circumstances_at_a_contact_brings_the_review_forward(world):
    ApprovedPlanFactory(young_person=world.yp_own, starts_on=date(2026, 1, 5))
    record_review(world.yp_own, world.pa, date(2026, 9, 1))
    with time_machine.travel(at(date(2026, 11, 23), 17), tick=False):
        work_services.record_contact(
            young_person=fresh(world.yp_own),
            by=world.pa,
            occurred_at=at(date(2026, 11, 23), 10),
            kind=Contact.Kind.PHONE,
            change_of_circumstances=True,
        )
    # Monday 23 November 2026 + 28 working days = Thursday 31 December 2026.
    assert fresh(world.yp_own).next_review_due_on == date(2026, 12, 31)


def test_a_review_after_the_change_sets_the_interval_again(world):
    ApprovedPlanFactory(young_person=world.yp_own, starts_on=date(2026, 1, 5))
    record_review(world.yp_own, world.pa, date(2026, 9, 1))
    record_situation(world.yp_own, world.pa, date(2026, 10, 1), "U1")
    record_situation(fresh(world.yp_own), world.pa, date(2026, 11, 20), "E1")
    record_review(fresh(world.yp_own), world.pa, date(2026, 12, 14))
    assert fresh(world.yp_own).next_review_due_on == date(2027, 6, 14)


# Contacts ---------------------------------------------------------------------------------


def test_the_next_contact_is_due_8_weeks_after_the_last(world):
    record_contact(world.yp_own, world.pa, date(2026, 9, 28))
    assert presenters.contact_due_on(fresh(world.yp_own)) == date(2026, 11, 23)


def test_the_contact_interval_is_the_councils_setting(world):
    world.council.contact_interval_weeks = 4
    world.council.save()
    record_contact(world.yp_own, world.pa, date(2026, 9, 28))
    assert presenters.contact_due_on(fresh(world.yp_own)) == date(2026, 10, 26)


def test_a_failed_attempt_does_not_count_as_a_contact(world):
    record_contact(world.yp_own, world.pa, date(2026, 9, 28))
    record_contact(fresh(world.yp_own), world.pa, date(2026, 11, 1), kind=Contact.Kind.FAILED)
    assert presenters.contact_due_on(fresh(world.yp_own)) == date(2026, 11, 23)


def test_a_contact_is_overdue_the_day_after_it_was_due(world):
    record_contact(world.yp_own, world.pa, date(2026, 9, 28))
    url = reverse("pathways:contacts", args=[world.yp_own.uuid])
    assert "Overdue" not in page_on(date(2026, 11, 23), world.pa, url)
    assert "Overdue</strong>" in page_on(date(2026, 11, 24), world.pa, url)


def test_a_visit_is_due_within_7_days_of_a_move(world):
    record_contact(
        world.yp_own,
        world.pa,
        date(2026, 10, 1),
        situation=SituationInput(date(2026, 10, 1), "YES", "F2", "U1"),
    )
    record_contact(
        fresh(world.yp_own),
        world.pa,
        date(2026, 11, 20),
        situation=SituationInput(date(2026, 11, 20), "YES", "F2", "D1"),
    )
    # Contacted on the day of the move, but a visit is still due within 7 days.
    assert presenters.contact_due_on(fresh(world.yp_own)) == date(2026, 11, 27)
    url = reverse("pathways:contacts", args=[world.yp_own.uuid])
    assert "Overdue" not in page_on(date(2026, 11, 27), world.pa, url)
    assert "Overdue</strong>" in page_on(date(2026, 11, 28), world.pa, url)


def test_a_phone_call_after_a_move_does_not_stand_in_for_the_visit(world):
    record_situation(world.yp_own, world.pa, date(2026, 10, 1), "U1")
    record_situation(fresh(world.yp_own), world.pa, date(2026, 11, 20), "D1")
    record_contact(fresh(world.yp_own), world.pa, date(2026, 11, 23))
    assert presenters.contact_due_on(fresh(world.yp_own)) == date(2026, 11, 27)


def test_after_the_visit_the_usual_interval_applies(world):
    record_situation(world.yp_own, world.pa, date(2026, 10, 1), "U1")
    record_situation(fresh(world.yp_own), world.pa, date(2026, 11, 20), "D1")
    record_contact(fresh(world.yp_own), world.pa, date(2026, 11, 25), kind=Contact.Kind.HOME_VISIT)
    assert presenters.contact_due_on(fresh(world.yp_own)) == date(2027, 1, 20)
