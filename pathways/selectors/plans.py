"""Reads for pathway plans, scoped through ``pathways.selectors`` so that the same rules as
the young person's record apply (unreachable: 404; readable but not editable: 403)."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Prefetch, QuerySet, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404

from ..models import Draft, PathwayPlan, PlanAction, PlanSection, PlanSectionCode, YoungPerson
from . import plan_for, young_people_for


def plans_of(young_person: YoungPerson) -> QuerySet[PathwayPlan]:
    """Every version of a young person's plan, newest first, with who did what."""
    return young_person.plans.select_related(
        "young_person", "created_by", "submitted_by", "decided_by"
    ).order_by("-number")


def current_plan(young_person: YoungPerson) -> PathwayPlan | None:
    """The latest approved version: the plan a review is of."""
    return young_person.plans.filter(status=PathwayPlan.Status.APPROVED).order_by("-number").first()


_SECTION_ORDER = Case(
    *[When(code=code, then=Value(i)) for i, code in enumerate(PlanSectionCode.values)],
    output_field=IntegerField(),
)


def plan_with_sections(plan: PathwayPlan) -> PathwayPlan:
    """The plan again, with its sections in the statutory (Schedule 2) order, also as
    ``plan.ordered_sections``, their actions by due date, its young person and the people who
    created, submitted and decided it: a fixed number of queries (the page and the API)."""
    plan = (
        PathwayPlan.objects.select_related(
            "young_person__council",
            "young_person__personal_adviser",
            "young_person__team",
            "created_by",
            "submitted_by",
            "decided_by",
        )
        .prefetch_related(
            Prefetch(
                "sections",
                queryset=PlanSection.objects.order_by(_SECTION_ORDER).prefetch_related(
                    Prefetch("actions", queryset=PlanAction.objects.order_by("due_on", "id"))
                ),
            )
        )
        .get(pk=plan.pk)
    )
    plan.ordered_sections = list(plan.sections.all())
    return plan


def plan_page(user, *, uuid, for_edit: bool = False) -> PathwayPlan:
    """A plan the user may reach (``plan_for``), with its sections and actions
    (``plan_with_sections``)."""
    return plan_with_sections(plan_for(user, uuid=uuid, for_edit=for_edit))


def section_of(plan: PathwayPlan, *, code: str) -> PlanSection:
    if code not in PlanSectionCode.values:
        raise Http404("No such section")
    section = get_object_or_404(PlanSection, plan=plan, code=code)
    section.plan = plan  # the plan already loaded, with its young person
    return section


def section_by_id(plan: PathwayPlan, *, section_id: int) -> PlanSection | None:
    return PlanSection.objects.filter(plan=plan, pk=section_id).first()


def action_of(plan: PathwayPlan, *, action_id: int) -> PlanAction:
    action = get_object_or_404(
        PlanAction.objects.select_related("section"), section__plan=plan, pk=action_id
    )
    action.section.plan = plan
    return action


def plans_awaiting_sign_off(user) -> QuerySet[PathwayPlan]:
    """Submitted plans of the young people the user can reach, oldest submission first."""
    return (
        PathwayPlan.objects.filter(
            status=PathwayPlan.Status.SUBMITTED,
            young_person__in=young_people_for(user, for_edit=True),
        )
        .select_related(
            "young_person", "young_person__personal_adviser", "young_person__team", "submitted_by"
        )
        .order_by("submitted_at", "pk")
    )


def draft_for(*, user, key: str) -> Draft | None:
    """What the user last typed into one of a plan's forms, if it was kept."""
    return Draft.objects.filter(user=user, key=key).first()
