"""Writes for panel meetings, one module per area as the views and forms are: ``committees``
(committees, their members and work programme), ``meetings`` (a meeting, its agenda items and
papers), ``minutes`` (attendance, officers, minutes and actions) and ``builds`` (agenda packs).
Every write is audited, against the council whose committee it is; a pack build is enqueued on
commit. This module holds what they share."""

from __future__ import annotations

from audit import services as audit

from ..models import Meeting


def _audit(*, action, by, obj, council_id: int, request=None, detail=None):
    audit.record(
        action=action,
        actor=by,
        obj=obj,
        council_id=council_id,
        request=request,
        detail=detail,
    )


def _council_id(meeting: Meeting) -> int:
    return meeting.committee.council_id


def _lock_meeting(meeting: Meeting) -> None:
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
