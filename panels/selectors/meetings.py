"""Reads for a meeting: its numbered agenda, the matters arising, attendance and minutes."""

from __future__ import annotations

from django.db.models import Prefetch, Q

from ..models import (
    AgendaItem,
    Attendance,
    Meeting,
    Member,
    Minute,
    MinuteAction,
    Paper,
)
from .committees import members_serving


def numbered_items(meeting: Meeting) -> list[AgendaItem]:
    """Every item in order, Part A then Part B, with ``number`` set (1, 2, ... through both
    parts), and sub-items and papers loaded."""
    items = list(
        meeting.items.order_by("part", "order").prefetch_related(
            "sub_items", Prefetch("papers", queryset=Paper.objects.order_by("order", "pk"))
        )
    )
    for number, item in enumerate(items, start=1):
        item.number = number
    return items


def previous_meeting(meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(committee_id=meeting.committee_id, held_on__lt=meeting.held_on)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-held_on", "-starts_at")
        .first()
    )


def matters_arising(meeting: Meeting) -> list[MinuteAction]:
    """Actions from earlier meetings of the committee still open, and whatever became of the
    last meeting's actions: the matters arising at this meeting."""
    previous = previous_meeting(meeting)
    earlier = Q(meeting__committee_id=meeting.committee_id, meeting__held_on__lt=meeting.held_on)
    condition = Q(status=MinuteAction.Status.OPEN)
    if previous is not None:
        condition |= Q(meeting=previous)
    return list(
        MinuteAction.objects.filter(earlier & condition)
        .select_related("meeting")
        .order_by("meeting__held_on", "due_on", "pk")
    )


def attendance_for(meeting: Meeting) -> list[tuple[Member, Attendance | None]]:
    recorded = {a.member_id: a for a in meeting.attendance.all()}
    return [(m, recorded.get(m.pk)) for m in members_serving(meeting.committee, meeting.held_on)]


def minutes_by_item(meeting: Meeting) -> dict[int, Minute]:
    return {m.item_id: m for m in Minute.objects.filter(item__meeting=meeting)}


def minute_of(item: AgendaItem) -> Minute | None:
    return Minute.objects.filter(item=item).first()
