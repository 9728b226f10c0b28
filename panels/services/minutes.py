"""Minutes: attendance, officers in attendance, a minute per item and the actions agreed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.models import Action
from core.dates import Bound, horizon_bound, long_date
from core.forms import Problems

from ..models import (
    AgendaItem,
    Attendance,
    Meeting,
    Member,
    Minute,
    MinuteAction,
    OfficerAttendance,
)
from . import _audit, _council_id


def _not_held_yet(meeting: Meeting) -> str | None:
    """Minutes, attendance and actions are recorded once a meeting has been held."""
    if meeting.held_on > timezone.localdate():
        return (
            f"The meeting is on {long_date(meeting.held_on)}: its attendance, minutes and "
            "actions are recorded on or after that day"
        )
    return None


def check_held(meeting: Meeting) -> None:
    if message := _not_held_yet(meeting):
        raise ValidationError(message, code="not_held")


@dataclass(frozen=True)
class AttendanceEntry:
    member: Member
    status: str
    substitute_name: str = ""


@transaction.atomic
def record_attendance(*, meeting: Meeting, by, entries: list[AttendanceEntry]) -> None:
    check_held(meeting)
    errors = {}
    for entry in entries:
        if entry.member.committee_id != meeting.committee_id:
            raise ValidationError("That member is not on this committee")
        if entry.status == Attendance.Status.SUBSTITUTE and not entry.substitute_name.strip():
            errors[f"member_{entry.member.pk}_substitute"] = (
                f"Enter the name of {entry.member.name}'s substitute"
            )
    if errors:
        raise ValidationError(errors)
    for entry in entries:
        if not entry.status:
            Attendance.objects.filter(meeting=meeting, member=entry.member).delete()
            continue
        Attendance.objects.update_or_create(
            meeting=meeting,
            member=entry.member,
            defaults={
                "status": entry.status,
                "substitute_name": entry.substitute_name.strip()
                if entry.status == Attendance.Status.SUBSTITUTE
                else "",
            },
        )
    _audit(
        action=Action.UPDATE,
        by=by,
        obj=meeting,
        council_id=_council_id(meeting),
        detail={"attendance": len(entries)},
    )


def parse_officers(text: str) -> list[tuple[str, str]]:
    """'Name (Role)' or 'Name, Role' a line."""
    officers = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.endswith(")") and "(" in line:
            name, role = line[:-1].split("(", 1)
        elif "," in line:
            name, role = line.split(",", 1)
        else:
            name, role = line, ""
        officers.append((name.strip()[:200], role.strip()[:300]))
    return officers


@transaction.atomic
def set_officers(*, meeting: Meeting, by, text: str) -> None:
    check_held(meeting)
    meeting.officers.all().delete()
    OfficerAttendance.objects.bulk_create(
        OfficerAttendance(meeting=meeting, order=n, name=name, role=role)
        for n, (name, role) in enumerate(parse_officers(text), start=1)
    )
    _audit(
        action=Action.UPDATE,
        by=by,
        obj=meeting,
        council_id=_council_id(meeting),
        detail={"officers": True},
    )


@transaction.atomic
def record_minute(*, item: AgendaItem, by, text: str, resolved: str) -> Minute:
    check_held(item.meeting)
    minute, _ = Minute.objects.update_or_create(
        item=item,
        defaults={"text": text.strip(), "resolved": resolved.strip(), "updated_by": by},
    )
    _audit(action=Action.UPDATE, by=by, obj=minute, council_id=_council_id(item.meeting))
    return minute


def check_minute_action(
    *, meeting: Meeting, due_on: date | None, item: AgendaItem | None = None
) -> None:
    """An action is agreed at a meeting that has been held, about one of its items, and is
    due on or after the meeting and at most the planning horizon ahead."""
    problems = Problems()
    if message := _not_held_yet(meeting):
        problems.add(None, message, code="not_held")
    if item is not None and item.meeting_id != meeting.pk:
        problems.add("item", "Select an item of this meeting")
    _check_due_on(problems, meeting=meeting, due_on=due_on)
    problems.raise_if_any()


def _check_due_on(problems: Problems, *, meeting: Meeting, due_on: date | None) -> None:
    """An action is due on or after the meeting that agreed it, within the planning horizon."""
    problems.check_date(
        "due_on",
        "The due date",
        due_on,
        earliest=[Bound(meeting.held_on, "the date of the meeting")],
        latest=[horizon_bound(timezone.localdate())],
    )


@transaction.atomic
def add_action(
    *,
    meeting: Meeting,
    by,
    description: str,
    owner: str,
    due_on: date | None,
    item: AgendaItem | None = None,
) -> MinuteAction:
    check_minute_action(meeting=meeting, due_on=due_on, item=item)
    action = MinuteAction.objects.create(
        meeting=meeting,
        item=item,
        description=description.strip(),
        owner=owner.strip(),
        due_on=due_on,
    )
    _audit(action=Action.CREATE, by=by, obj=action, council_id=_council_id(meeting))
    return action


@transaction.atomic
def update_action(
    *, action: MinuteAction, by, status: str, update: str = "", due_on: date | None = None
) -> MinuteAction:
    if due_on is not None:
        problems = Problems()
        _check_due_on(problems, meeting=action.meeting, due_on=due_on)
        problems.raise_if_any()
    action.status = status
    action.update = update.strip()
    if due_on is not None:
        action.due_on = due_on
    action.save(update_fields=["status", "update", "due_on"])
    _audit(action=Action.UPDATE, by=by, obj=action, council_id=_council_id(action.meeting))
    return action
