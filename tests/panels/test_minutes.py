"""Minutes: attendance per member, officers in attendance, resolutions and actions."""

import pytest
from django.core.exceptions import ValidationError

from panels.models import Attendance
from panels.selectors import committees as committee_selectors
from panels.services import minutes as minute_services

from .factories import panel_for

pytestmark = pytest.mark.django_db


def test_it_records_attendance_with_a_substitutes_name(world):
    committee, meeting = panel_for(world)
    chair, vice, member, young_person = committee_selectors.members_serving(
        committee, meeting.held_on
    )
    minute_services.record_attendance(
        meeting=meeting,
        by=world.committee_officer,
        entries=[
            minute_services.AttendanceEntry(member=chair, status="present"),
            minute_services.AttendanceEntry(member=vice, status="apologies"),
            minute_services.AttendanceEntry(
                member=member, status="substitute", substitute_name="Cllr Sub"
            ),
            minute_services.AttendanceEntry(member=young_person, status="absent"),
        ],
    )
    recorded = {a.member_id: (a.status, a.substitute_name) for a in meeting.attendance.all()}
    assert recorded[member.pk] == ("substitute", "Cllr Sub")
    assert recorded[vice.pk] == ("apologies", "")


def test_it_refuses_a_substitute_without_a_name_and_saves_nothing(world):
    committee, meeting = panel_for(world)
    chair, vice, *_ = committee_selectors.members_serving(committee, meeting.held_on)
    with pytest.raises(ValidationError):
        minute_services.record_attendance(
            meeting=meeting,
            by=world.committee_officer,
            entries=[
                minute_services.AttendanceEntry(member=chair, status="present"),
                minute_services.AttendanceEntry(member=vice, status="substitute"),
            ],
        )
    assert not Attendance.objects.exists()


def test_it_reads_officers_as_name_and_job_title():
    assert minute_services.parse_officers(
        "Pat Example (Head of Service)\n\nSam Sample, Lawyer\nJo"
    ) == [
        ("Pat Example", "Head of Service"),
        ("Sam Sample", "Lawyer"),
        ("Jo", ""),
    ]


def test_it_splits_resolutions_a_line(world):
    _, meeting = panel_for(world)
    item = meeting.items.get(standard="minutes")
    minute = minute_services.record_minute(
        item=item,
        by=world.committee_officer,
        text="The minutes were agreed.",
        resolved="That the minutes be agreed.\n\nThat the Chair sign them.",
    )
    assert minute.resolutions == ["That the minutes be agreed.", "That the Chair sign them."]
