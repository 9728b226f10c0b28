"""Writes for the dashboards: the audit log of who saw which list and who exported what (every
page and file of the app records one or the other, so they live here). The cache's version is
moved on by ``services.cache``."""

from __future__ import annotations

from audit import services as audit
from audit.models import Action


def _record(action: Action, *, user, what: str, detail: dict, request) -> None:
    audit.record(
        action=action,
        actor=user,
        council=user.council,
        object_repr=what[:200],
        request=request,
        detail=detail,
    )


def record_list_view(*, user, what: str, detail: dict, request=None) -> None:
    """A list of young people behind a figure (or on the data quality page) was shown."""
    _record(Action.VIEW, user=user, what=what, detail=detail, request=request)


def record_export(*, user, what: str, detail: dict, request=None) -> None:
    """A file was downloaded."""
    _record(Action.EXPORT, user=user, what=what, detail=detail, request=request)
