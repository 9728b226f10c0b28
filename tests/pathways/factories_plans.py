"""Pathway plans in each state, made through the services so they are realistic."""

from __future__ import annotations

from datetime import timedelta

from accounts.roles import Role
from pathways.models import PathwayPlan, PlanAction, PlanSectionCode
from pathways.services.plans import (
    add_action,
    decide_plan,
    save_plan_details,
    save_section,
    start_plan,
    submit_plan,
)
from tests.clock import TODAY

from ..factories import UserFactory


def draft_plan(young_person, *, by, filled: bool = True) -> PathwayPlan:
    """A new version; with ``filled``, every section has text and views and the plan has
    aspirations, so it can be submitted."""
    plan = start_plan(young_person=young_person, by=by)
    if filled:
        fill(plan, by=by)
    return plan


def fill(plan: PathwayPlan, *, by) -> PathwayPlan:
    for section in plan.sections.all():
        save_section(
            section=section,
            by=by,
            expected_version=section.lock_version,
            narrative=f"Narrative for {section.get_code_display().lower()}.",
            young_person_views=f"My views on {section.get_code_display().lower()}.",
        )
    plan.refresh_from_db()
    save_plan_details(
        plan=plan,
        by=by,
        expected_version=plan.lock_version,
        starts_on=plan.starts_on,
        aspirations="To train as a chef and have my own flat.",
    )
    plan.refresh_from_db()
    return plan


def add_actions(plan: PathwayPlan, n: int, *, by, code: str = PlanSectionCode.EDUCATION) -> None:
    section = plan.sections.get(code=code)
    for i in range(n):
        add_action(
            section=section,
            by=by,
            what=f"Action {i}",
            who="Personal adviser",
            due_on=TODAY + timedelta(days=39 + i % 28),
        )


def submitted_plan(young_person, *, by) -> PathwayPlan:
    plan = draft_plan(young_person, by=by)
    return submit_plan(plan=plan, by=by)


def approved_plan(young_person, *, by, manager) -> PathwayPlan:
    plan = submitted_plan(young_person, by=by)
    return decide_plan(plan=plan, by=manager, approve=True)


def manager_in(council, team=None):
    """A team manager of ``council`` (the other council has none among the personas)."""
    return UserFactory(council=council, team=team, roles=[Role.TEAM_MANAGER])


def action_in(plan: PathwayPlan) -> PlanAction:
    return PlanAction.objects.filter(section__plan=plan).first()
