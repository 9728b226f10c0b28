"""Panel dates that cannot be true are refused with what is allowed, every problem of a form at
once in the error summary, linked to its field, and nothing saved (issue 11, item 3): meetings
and work-programme meetings at most 2 years ahead, papers issued by the day of the meeting,
actions due on or after their meeting, members' terms that end after they start, and minutes,
attendance and actions only once the meeting has been held."""

from __future__ import annotations

import html
import re
from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.dates import years_after
from core.forms import TIME_MESSAGE
from panels.models import Attendance, Meeting, Member, Minute, MinuteAction, WorkProgrammeEntry
from panels.services import meetings as meeting_services
from panels.services import minutes as minute_services
from tests.clock import TODAY, long_date

from .factories import meeting, panel_for

pytestmark = pytest.mark.django_db

TWO_YEARS_ON = years_after(TODAY, 2)
#: The factory's meeting (tests/panels/factories.py), held before either pinned day.
HELD_ON = date(2026, 3, 27)


def summary(response) -> list[tuple[str, str]]:
    """The error summary's entries as (href, message); href is "" for one not linked."""
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    body = page.split('govuk-error-summary__list">', 1)[1].split("</ul>", 1)[0]
    return [
        (href or "", linked or plain.strip())
        for href, linked, plain in re.findall(
            r'<li>(?:<a href="([^"]+)">([^<]+)</a>|([^<]+))</li>', body
        )
    ]


def assert_all_shown(response, expected: dict[str, str]) -> None:
    shown = summary(response)
    for href, message in expected.items():
        assert (href, message) in shown, (href, message, shown)
    assert len(shown) == len(expected), shown


def date_parts(prefix: str, day: date) -> dict[str, str]:
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def upcoming(committee, by) -> Meeting:
    """A meeting a month ahead: planned, not yet held."""
    return meeting(
        committee,
        by=by,
        held_on=TODAY + timedelta(days=30),
        starts_at=time(18),
        issued_on=None,
    )


# Meetings ---------------------------------------------------------------------------------


def test_a_new_meeting_shows_every_problem_at_once(world, committee_officer_client):
    committee, _ = panel_for(world)
    far = TWO_YEARS_ON + timedelta(days=1)
    before = Meeting.objects.count()
    response = committee_officer_client.post(
        reverse("panels:meeting-new", args=[committee.uuid]),
        date_parts("held_on", far)
        | date_parts("issued_on", far + timedelta(days=1))
        | {"starts_at": "25:00", "venue": ""},
    )
    assert_all_shown(
        response,
        {
            "#id_held_on_day": f"The date of the meeting must be on or before "
            f"{long_date(TWO_YEARS_ON)}, 2 years from today",
            "#id_starts_at": TIME_MESSAGE,
            "#id_venue": "Enter the venue",
            "#id_issued_on_day": f"The issue date must be on or before {long_date(far)}, the "
            "date of the meeting",
        },
    )
    assert Meeting.objects.count() == before


def test_a_meeting_in_the_future_cannot_be_marked_as_held(world, committee_officer_client):
    committee, _ = panel_for(world)
    later = upcoming(committee, world.committee_officer)
    response = committee_officer_client.post(
        reverse("panels:meeting-edit", args=[later.uuid]),
        date_parts("held_on", later.held_on)
        | {"starts_at": "18:00", "venue": later.venue, "status": "held"},
    )
    assert_all_shown(
        response,
        {
            "#id_status_0": f"The meeting is on {long_date(later.held_on)}, so it has not been "
            "held yet: choose Planned or Cancelled",
        },
    )
    later.refresh_from_db()
    assert later.status == Meeting.Status.PLANNED
    with pytest.raises(ValidationError):
        meeting_services.update_meeting(meeting=later, by=world.committee_officer, status="held")


# Members ----------------------------------------------------------------------------------


def test_a_member_form_shows_each_date_and_the_position_at_once(world, committee_officer_client):
    committee, _ = panel_for(world)
    starts = TWO_YEARS_ON + timedelta(days=1)
    ends = TODAY + timedelta(days=30)
    response = committee_officer_client.post(
        reverse("panels:member-new", args=[committee.uuid]),
        {"name": "Co-opted Person", "kind": "co-opted", "position": "Chair"}
        | date_parts("term_starts_on", starts)
        | date_parts("term_ends_on", ends),
    )
    assert_all_shown(
        response,
        {
            "#id_position_0": "The chair and vice-chair must be councillors",
            "#id_term_starts_on_day": "The start of their term of office must be on or before "
            f"{long_date(TWO_YEARS_ON)}, 2 years from today",
            "#id_term_ends_on_day": "The end of their term of office must be on or after "
            f"{long_date(starts)}, the start of their term",
        },
    )
    assert not Member.objects.filter(name="Co-opted Person").exists()


def test_a_term_cannot_end_more_than_six_years_ahead(world, committee_officer_client):
    committee, _ = panel_for(world)
    limit = years_after(TODAY, 6)
    response = committee_officer_client.post(
        reverse("panels:member-new", args=[committee.uuid]),
        {"name": "Councillor Long", "kind": "councillor", "position": ""}
        | date_parts("term_starts_on", TODAY)
        | date_parts("term_ends_on", limit + timedelta(days=1)),
    )
    assert_all_shown(
        response,
        {
            "#id_term_ends_on_day": "The end of their term of office must be on or before "
            f"{long_date(limit)}, 6 years from today",
        },
    )
    assert not Member.objects.filter(name="Councillor Long").exists()


# Minutes and actions ----------------------------------------------------------------------


def test_an_action_form_shows_the_due_date_and_the_missing_answers_at_once(
    world, committee_officer_client
):
    _, held = panel_for(world)
    response = committee_officer_client.post(
        reverse("panels:action-new", args=[held.uuid]),
        {"description": "", "owner": "", "item": ""} | date_parts("due_on", date(2026, 3, 1)),
    )
    assert_all_shown(
        response,
        {
            "#id_description": "Enter the action",
            "#id_owner": "Enter who owns the action",
            "#id_due_on_day": f"The due date must be on or after {long_date(HELD_ON)}, the date "
            "of the meeting",
        },
    )
    assert not MinuteAction.objects.exists()


def test_an_action_is_due_at_most_two_years_ahead(world, committee_officer_client):
    _, held = panel_for(world)
    response = committee_officer_client.post(
        reverse("panels:action-new", args=[held.uuid]),
        {"description": "Report back", "owner": "Officer", "item": ""}
        | date_parts("due_on", TWO_YEARS_ON + timedelta(days=1)),
    )
    assert_all_shown(
        response,
        {
            "#id_due_on_day": f"The due date must be on or before {long_date(TWO_YEARS_ON)}, 2 "
            "years from today",
        },
    )
    assert not MinuteAction.objects.exists()


def test_nothing_is_minuted_before_the_meeting_is_held(world, committee_officer_client):
    committee, _ = panel_for(world)
    later = upcoming(committee, world.committee_officer)
    not_yet = (
        f"The meeting is on {long_date(later.held_on)}: its attendance, minutes and actions are "
        "recorded on or after that day"
    )
    item = later.items.first()
    minute = committee_officer_client.post(
        reverse("panels:minute", args=[later.uuid, item.pk]), {"text": "Noted.", "resolved": ""}
    )
    assert ("", not_yet) in summary(minute)
    officers = committee_officer_client.post(
        reverse("panels:officers", args=[later.uuid]), {"officers": "Ola Officer (Clerk)"}
    )
    assert ("", not_yet) in summary(officers)
    action = committee_officer_client.post(
        reverse("panels:action-new", args=[later.uuid]),
        {"description": "", "owner": "Officer", "item": ""},
    )
    assert_all_shown(action, {"": not_yet, "#id_description": "Enter the action"})
    chair = committee.members.get(position="Chair")
    with pytest.raises(ValidationError):
        minute_services.record_attendance(
            meeting=later,
            by=world.committee_officer,
            entries=[minute_services.AttendanceEntry(member=chair, status="present")],
        )
    assert not Minute.objects.exists()
    assert not later.officers.exists()
    assert not MinuteAction.objects.exists()
    assert not Attendance.objects.exists()


# Work programme ---------------------------------------------------------------------------


def test_a_work_programme_meeting_shows_its_date_and_theme_at_once(world, committee_officer_client):
    committee, _ = panel_for(world)
    response = committee_officer_client.post(
        reverse("panels:work-entry-new", args=[committee.uuid]),
        date_parts("meets_on", TWO_YEARS_ON + timedelta(days=1)) | {"theme": ""},
    )
    assert_all_shown(
        response,
        {
            "#id_meets_on_day": f"The date of the meeting must be on or before "
            f"{long_date(TWO_YEARS_ON)}, 2 years from today",
            "#id_theme": "Enter the themes of the meeting",
        },
    )
    assert not WorkProgrammeEntry.objects.exists()
