"""Two committee officers saving the same unique value at the same moment, on PostgreSQL: a
committee's name, a meeting's date and time. The other officer's save is held uncommitted
until this request's save waits on it (tests/races.py), so the request's check passes and its
write collides; the page must say so on the field, never answer 500."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.db import connection
from django.urls import reverse

from panels.models import Committee, Meeting
from panels.services import committees as committee_services
from panels.services import meetings as meeting_services
from tests.clock import TODAY
from tests.races import another_writer_holding

from .factories import committee as make_committee

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="a race needs two PostgreSQL connections"
    ),
    pytest.mark.django_db(transaction=True),  # the other writer must see the personas
]


def test_it_refuses_a_committee_name_taken_while_the_committee_was_saved(
    world, committee_officer_client
):
    name = "Corporate Parenting Panel"

    def other_officer_adds_it():
        committee_services.create_committee(
            council=world.council, by=world.administrator, name=name
        )

    with another_writer_holding(other_officer_adds_it) as race:
        response = committee_officer_client.post(reverse("panels:committee-new"), {"name": name})
    assert race["waited"], "the page's save did not wait on the other writer"
    assert response.status_code == 200
    assert '<a href="#id_name">There is already a committee with this name</a>' in (
        response.content.decode()
    )
    assert Committee.objects.filter(council=world.council, name=name).count() == 1


def test_it_refuses_a_meeting_time_taken_while_the_meeting_was_saved(
    world, committee_officer_client
):
    committee = make_committee(world.council, by=world.committee_officer)
    held_on = TODAY + timedelta(days=45)

    def other_officer_adds_it():
        meeting_services.create_meeting(
            committee=committee,
            by=world.administrator,
            held_on=held_on,
            starts_at=time(9, 30),
            venue="Committee Room 1",
        )

    with another_writer_holding(other_officer_adds_it) as race:
        response = committee_officer_client.post(
            reverse("panels:meeting-new", args=[committee.uuid]),
            {
                "held_on_day": held_on.day,
                "held_on_month": held_on.month,
                "held_on_year": held_on.year,
                "starts_at": "9.30",
                "venue": "Committee Room 2",
                "contact_email": "",
            },
        )
    assert race["waited"], "the page's save did not wait on the other writer"
    assert response.status_code == 200
    assert "The committee already meets on this date at this time" in response.content.decode()
    assert [m.venue for m in Meeting.objects.filter(committee=committee)] == ["Committee Room 1"]
