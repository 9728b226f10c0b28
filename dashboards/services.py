"""Writes for the dashboards: the audit log of who saw which list and who exported what."""

from __future__ import annotations

from audit import services as audit
from audit.models import Action


def record_list_view(*, user, what: str, detail: dict, request=None) -> None:
    """A list of young people behind a figure (or on the data quality page) was shown."""
    audit.record(
        action=Action.VIEW,
        actor=user,
        council=user.council,
        object_repr=what[:200],
        request=request,
        detail=detail,
    )


def record_export(*, user, what: str, detail: dict, request=None) -> None:
    audit.record(
        action=Action.EXPORT,
        actor=user,
        council=user.council,
        object_repr=what[:200],
        request=request,
        detail=detail,
    )
