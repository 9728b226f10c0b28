"""Reads of young people's records, always scoped through accounts.permissions."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.permissions import Scope, young_person_scope

from .models import YoungPerson


def young_people_for(user, *, for_edit: bool = False) -> QuerySet[YoungPerson]:
    """Every young person the user may see (or, with ``for_edit``, record work for)."""
    scope = young_person_scope(user, for_edit=for_edit)
    qs = YoungPerson.objects.filter(council_id=user.council_id)
    if scope is Scope.COUNCIL:
        return qs
    if scope is Scope.TEAM:
        return qs.filter(team_id=user.team_id)
    if scope is Scope.OWN:
        return qs.filter(personal_adviser_id=user.pk)
    return qs.none()


def caseload_for(user) -> QuerySet[YoungPerson]:
    return (
        YoungPerson.objects.filter(council_id=user.council_id, personal_adviser_id=user.pk)
        .select_related("team")
        .order_by("legal_last_name", "legal_first_name")
    )


def young_person_for(user, *, uuid) -> YoungPerson:
    """One young person, or 404 when outside the user's reach (never 403: that would say the
    record exists)."""
    return get_object_or_404(
        young_people_for(user).select_related("personal_adviser", "team"), uuid=uuid
    )
