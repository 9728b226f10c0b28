"""The scoping functions: the only way to reach young people's records and their plans, built
on ``accounts.policy.scoped``. Reads by area are in the modules beside this one
(``young_people``, ``work``, ``plans``), each starting from what these have scoped."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.policy import may_edit_young_person, scoped

from ..models import PathwayPlan, YoungPerson


def young_people_for(user, *, for_edit: bool = False) -> QuerySet[YoungPerson]:
    """Every young person the user may see (or, with ``for_edit``, record work for)."""
    return scoped(YoungPerson.objects.all(), user, for_edit=for_edit)


def young_person_for(user, *, uuid, for_edit: bool = False) -> YoungPerson:
    """One young person, or 404 when outside what the user may read (never 403 for those:
    that would say the record exists). With ``for_edit``, a record the user may read but not
    change (a colleague's, read for cover) gives 403."""
    young_person = get_object_or_404(
        young_people_for(user).select_related("personal_adviser", "team", "council"), uuid=uuid
    )
    if for_edit and not may_edit_young_person(user, young_person):
        raise PermissionDenied
    return young_person


def plan_for(user, *, uuid, for_edit: bool = False) -> PathwayPlan:
    """A pathway plan, under the same rules as its young person."""
    plan = get_object_or_404(
        PathwayPlan.objects.select_related(
            "young_person__council", "young_person__personal_adviser"
        ),
        uuid=uuid,
        young_person__in=young_people_for(user),
    )
    if for_edit and not may_edit_young_person(user, plan.young_person):
        raise PermissionDenied
    return plan
