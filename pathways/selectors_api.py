"""Reads for the API (pathways/api.py), each starting from a young person or plan that the
selectors in pathways/selectors.py have already scoped to the user, and each running a fixed
number of queries whatever the number of rows."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth import get_user_model
from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When

from accounts.permissions import Scope, young_person_scope
from accounts.roles import ROLE_PERMISSIONS, Perm

from .models import (
    CareEpisode,
    Contact,
    PathwayPlan,
    PlanSection,
    PlanSectionCode,
    Review,
    Situation,
    YoungPerson,
)
from .selectors import young_people_for


def young_people_list_for(
    user,
    *,
    legal_status: str | None = None,
    personal_adviser: UUID | None = None,
    team: int | None = None,
) -> QuerySet[YoungPerson]:
    """The young people the user may see, narrowed by the optional filters. ``legal_status``
    is the effective status (a manager's override, else the computed one)."""
    qs = young_people_for(user).select_related(
        "personal_adviser", "team", "council", "current_situation"
    )
    if legal_status:
        qs = qs.filter(
            Q(legal_status_override=legal_status)
            | Q(legal_status_override="", legal_status=legal_status)
        )
    if personal_adviser:
        qs = qs.filter(personal_adviser__uuid=personal_adviser)
    if team is not None:
        qs = qs.filter(team_id=team)
    return qs.order_by("legal_last_name", "legal_first_name", "pk")


def advisers_for(user) -> QuerySet:
    """Who ``user`` may allocate a new young person to: caseworkers with a team in their
    council; a manager whose reach is their team, only that team's."""
    roles = [
        role for role, perms in ROLE_PERMISSIONS.items() if Perm.YOUNG_PEOPLE_EDIT_OWN in perms
    ]
    qs = (
        get_user_model()
        .objects.filter(
            council_id=user.council_id,
            is_active=True,
            team__isnull=False,
            roles__role__in=roles,
        )
        .distinct()
    )
    if young_person_scope(user, for_edit=True) is not Scope.COUNCIL:
        qs = qs.filter(team_id=user.team_id)
    return qs


def episodes_of(young_person: YoungPerson) -> QuerySet[CareEpisode]:
    return young_person.episodes.order_by("started_on", "pk")


def contacts_of(young_person: YoungPerson) -> QuerySet[Contact]:
    return (
        young_person.contacts.select_related("recorded_by")
        .prefetch_related(Prefetch("situations", queryset=Situation.objects.order_by("pk")))
        .order_by("-occurred_at", "-pk")
    )


def situations_of(young_person: YoungPerson) -> QuerySet[Situation]:
    return young_person.situations.select_related("contact", "recorded_by").order_by(
        "-recorded_on", "-pk"
    )


def reviews_of(young_person: YoungPerson) -> QuerySet[Review]:
    return young_person.reviews.select_related("plan", "recorded_by").order_by("-held_on", "-pk")


def plans_of(young_person: YoungPerson) -> QuerySet[PathwayPlan]:
    return young_person.plans.select_related(
        "young_person", "created_by", "submitted_by", "decided_by"
    ).order_by("-number")


_SECTION_ORDER = Case(
    *[When(code=code, then=Value(i)) for i, code in enumerate(PlanSectionCode.values)],
    output_field=IntegerField(),
)


def plan_with_sections(plan: PathwayPlan) -> PathwayPlan:
    """The plan again, with its sections in the Schedule 2 order and their actions."""
    return (
        PathwayPlan.objects.select_related(
            "young_person", "created_by", "submitted_by", "decided_by"
        )
        .prefetch_related(
            Prefetch(
                "sections",
                queryset=PlanSection.objects.order_by(_SECTION_ORDER).prefetch_related("actions"),
            )
        )
        .get(pk=plan.pk)
    )
