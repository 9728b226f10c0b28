"""Writing the audit log, for every app (so it lives in the package's ``__init__``). Every
service that views, changes or exports a young person's record calls ``record`` explicitly;
sign-in events come from signal receivers in accounts.signals."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from ..models import Action, AuditEvent


def client_ip(request) -> str | None:
    if request is None:
        return None
    proxies = getattr(settings, "PROXY_COUNT", 0)
    if proxies:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def record(
    *,
    action: Action | str,
    actor=None,
    obj: models.Model | None = None,
    request=None,
    council=None,
    council_id: int | None = None,
    actor_email: str = "",
    object_repr: str | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if council is not None:
        council_id = council.pk
    elif council_id is None:
        council_id = getattr(obj, "council_id", None) or getattr(actor, "council_id", None)
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        actor_email=(actor.email if actor is not None else actor_email)[:254],
        council_id=council_id,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=(object_repr if object_repr is not None else str(obj or ""))[:200],
        ip_address=client_ip(request),
        path=(request.get_full_path() if request is not None else "")[:400],
        detail=detail or {},
    )


def record_list_view(*, actor, request, list_name: str, count: int) -> AuditEvent:
    """A list of young people was shown (a page of the caseload, the young people list, or the
    API's list): who saw how many, where. One event per page shown, not one per row."""
    return record(
        action=Action.VIEW,
        actor=actor,
        request=request,
        object_repr=f"List of young people ({list_name})",
        detail={"count": count, "list": list_name},
    )
