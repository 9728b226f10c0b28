"""The scoping function for the audit log: a council's own entries only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from ..models import AuditEvent


@dataclass(frozen=True)
class AuditFilter:
    action: str = ""
    actor_email: str = ""
    object_type: str = ""
    object_id: str = ""
    date_from: date | None = None
    date_to: date | None = None


def audit_events_for(*, user, filters: AuditFilter) -> QuerySet[AuditEvent]:
    """The audit log of the user's own council, newest first, filtered."""
    qs = AuditEvent.objects.filter(council_id=user.council_id).select_related("actor")
    if filters.action:
        qs = qs.filter(action=filters.action)
    if filters.actor_email:
        qs = qs.filter(actor_email__icontains=filters.actor_email.strip())
    if filters.object_type:
        qs = qs.filter(object_type=filters.object_type)
    if filters.object_id:
        qs = qs.filter(object_id=filters.object_id.strip())
    if filters.date_from:
        qs = qs.filter(occurred_at__date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(occurred_at__date__lte=filters.date_to)
    return qs
