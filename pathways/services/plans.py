"""Pathway plans: versions, sections and actions, submission and sign-off, and the drafts
saved as the user types. Every change of a plan takes the plan's row lock first (``lock_plan``)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from audit import services as audit
from audit.models import Action
from core.dates import Bound
from core.forms import Problems

from .. import rules
from ..models import Draft, PathwayPlan, PlanAction, PlanSection, PlanSectionCode, YoungPerson
from . import bump_version

#: A decision on a plan (the page's form and the API's serializer say the same).
DECISION_NEEDED = "Select whether to approve the plan or return it"
RETURN_NEEDS_COMMENT = "Say what needs to change before returning the plan"

#: A plan's text saved by someone else after this user opened it (the page and the API).
STALE_TEXT = (
    "Someone else saved this {what} after you opened it. Your text has not been saved or "
    "lost: compare it with what is saved now, then save again to replace it."
)

# Pathway plans ----------------------------------------------------------------------------


def _sync_plan_status(young_person: YoungPerson) -> None:
    latest = young_person.plans.order_by("-number").first()
    status = latest.status if latest else ""
    YoungPerson.objects.filter(pk=young_person.pk).update(plan_status=status)
    young_person.plan_status = status


@transaction.atomic
def start_plan(*, young_person: YoungPerson, by, request=None) -> PathwayPlan:
    """A new version, copied from the last one; only one plan can be open at a time."""
    # Two plans started at once: the later waits here, then finds the earlier one open.
    YoungPerson.objects.select_for_update().filter(pk=young_person.pk).first()
    if young_person.plans.filter(status__in=PathwayPlan.OPEN_STATUSES).exists():
        raise ValidationError("There is already a plan in progress: finish it first")
    last = young_person.plans.order_by("-number").prefetch_related("sections__actions").first()
    plan = PathwayPlan.objects.create(
        young_person=young_person,
        number=(last.number + 1) if last else 1,
        aspirations=last.aspirations if last else "",
        created_by=by,
    )
    previous = {s.code: s for s in last.sections.all()} if last else {}
    for code in PlanSectionCode.values:
        old = previous.get(code)
        section = PlanSection.objects.create(
            plan=plan,
            code=code,
            narrative=old.narrative if old else "",
            young_person_views=old.young_person_views if old else "",
        )
        if old:
            PlanAction.objects.bulk_create(
                [
                    PlanAction(
                        section=section, what=a.what, who=a.who, due_on=a.due_on, status=a.status
                    )
                    for a in old.actions.all()
                    if a.status not in (PlanAction.Status.DONE, PlanAction.Status.DROPPED)
                ]
            )
    _sync_plan_status(young_person)
    audit.record(
        action=Action.CREATE, actor=by, obj=plan, request=request, council=young_person.council
    )
    return plan


class PlanLocked(ValidationError):
    """The plan is no longer a draft or returned (``PathwayPlan.is_editable``): it has been
    submitted for sign-off or approved, perhaps while this change waited its turn."""

    def __init__(self, plan: PathwayPlan):
        if plan.status == PathwayPlan.Status.APPROVED:
            message = "This plan has been approved and can no longer be changed"
        else:
            message = (
                "This plan has been submitted for sign-off and can no longer be changed, "
                "unless a manager returns it for changes"
            )
        super().__init__(message, code="plan_locked")
        self.plan = plan


# What a plan's row says about its state; reloaded under the lock (not the young person, who
# never changes, so that what is loaded with it stays loaded).
_PLAN_STATE = [
    field.attname
    for field in PathwayPlan._meta.concrete_fields
    if not field.primary_key and field.name != "young_person"
]


def lock_plan(plan: PathwayPlan) -> PathwayPlan:
    """Lock the plan's row until the transaction ends and reload its state from it.

    Every change of a plan, its sections, actions and autosaved drafts, and its submission and
    sign-off, takes this one lock first, so a change that had to wait sees what the one before
    it did (a plan approved meanwhile) and checks that, not what was read before the wait.
    FOR NO KEY UPDATE: a review recorded against the plan (a row pointing at it) never waits.
    Relations prefetched with the plan (its sections and their actions, for a page) were read
    before the wait, so they are dropped, to be read again under the lock."""
    prefetched = list(getattr(plan, "_prefetched_objects_cache", {}))
    plan.refresh_from_db(
        fields=[*_PLAN_STATE, *prefetched],
        from_queryset=PathwayPlan.objects.select_for_update(no_key=True),
    )
    return plan


def _lock_editable(plan: PathwayPlan) -> PathwayPlan:
    """Lock the plan (``lock_plan``) and refuse with ``PlanLocked`` unless it can still be
    changed; the caller writes only after this, in the same transaction."""
    lock_plan(plan)
    if not plan.is_editable:
        raise PlanLocked(plan)
    return plan


def check_plan_details(*, plan: PathwayPlan, starts_on: date | None) -> None:
    """A plan starts on or after the young person's birth and the start of the version before
    it, and at most the planning horizon ahead (rules.planned)."""
    problems = Problems()
    young_person = plan.young_person
    previous = (
        young_person.plans.filter(number__lt=plan.number)
        .order_by("-number")
        .values_list("number", "starts_on")
        .first()
    )
    problems.check_date(
        "starts_on",
        "The plan start date",
        starts_on,
        earliest=[
            rules.born(young_person.date_of_birth),
            Bound(previous[1], f"the date version {previous[0]} started") if previous else None,
        ],
        latest=rules.planned(young_person.date_of_birth, timezone.localdate()),
    )
    problems.raise_if_any()


@transaction.atomic
def save_plan_details(
    *,
    plan: PathwayPlan,
    by,
    expected_version: int,
    starts_on: date,
    aspirations: str,
    request=None,
) -> PathwayPlan:
    _lock_editable(plan)
    check_plan_details(plan=plan, starts_on=starts_on)
    bump_version(
        plan,
        expected_version=expected_version,
        fields={"starts_on": starts_on, "aspirations": aspirations},
        stale=STALE_TEXT.format(what="plan's details"),
    )
    audit.record(
        action=Action.UPDATE, actor=by, obj=plan, request=request, council=plan.young_person.council
    )
    Draft.objects.filter(user=by, key=f"plan:{plan.pk}").delete()
    return plan


@transaction.atomic
def save_section(
    *,
    section: PlanSection,
    by,
    expected_version: int,
    narrative: str,
    young_person_views: str,
    request=None,
) -> PlanSection:
    _lock_editable(section.plan)
    bump_version(
        section,
        expected_version=expected_version,
        fields={"narrative": narrative, "young_person_views": young_person_views},
        stale=STALE_TEXT.format(what="section"),
    )
    audit.record(
        action=Action.UPDATE,
        actor=by,
        obj=section.plan,
        request=request,
        council=section.plan.young_person.council,
        detail={"section": section.code},
    )
    Draft.objects.filter(user=by, key=f"section:{section.pk}").delete()
    return section


def check_plan_action(*, plan: PathwayPlan, due_on: date | None) -> None:
    """An action is due on or after the day its plan started, and at most the planning
    horizon ahead (rules.planned)."""
    problems = Problems()
    problems.check_date(
        "due_on",
        "The date the action is due",
        due_on,
        earliest=[rules.plan_started(plan.starts_on)],
        latest=rules.planned(plan.young_person.date_of_birth, timezone.localdate()),
    )
    problems.raise_if_any()


@transaction.atomic
def add_action(
    *, section: PlanSection, by, what: str, who: str, due_on: date, request=None
) -> PlanAction:
    _lock_editable(section.plan)
    check_plan_action(plan=section.plan, due_on=due_on)
    action = PlanAction.objects.create(section=section, what=what, who=who, due_on=due_on)
    audit.record(
        action=Action.UPDATE,
        actor=by,
        obj=section.plan,
        request=request,
        council=section.plan.young_person.council,
        detail={"section": section.code, "action_added": what},
    )
    return action


@transaction.atomic
def update_action(*, action: PlanAction, by, status: str, request=None) -> PlanAction:
    _lock_editable(action.section.plan)
    action.status = status
    action.save(update_fields=["status"])
    audit.record(
        action=Action.UPDATE,
        actor=by,
        obj=action.section.plan,
        request=request,
        council=action.section.plan.young_person.council,
        detail={"action": action.pk, "status": status},
    )
    return action


def submission_problems(plan: PathwayPlan) -> list[str]:
    sections = list(plan.sections.all())
    problems = [
        f"{s.get_code_display()}: write what the plan is"
        for s in sections
        if not s.narrative.strip()
    ]
    if not any(s.young_person_views.strip() for s in sections):
        problems.append("Record the young person's own views in at least one section")
    if not plan.aspirations.strip():
        problems.append("Record the young person's aspirations beyond 18")
    return problems


@transaction.atomic
def submit_plan(*, plan: PathwayPlan, by, request=None) -> PathwayPlan:
    """Under the plan's lock, so no section is saved between the checks and the submission,
    and a plan submitted (or approved) meanwhile is refused."""
    _lock_editable(plan)
    problems = submission_problems(plan)
    if problems:
        raise ValidationError(problems)
    PathwayPlan.objects.filter(pk=plan.pk).update(
        status=PathwayPlan.Status.SUBMITTED,
        submitted_by=by,
        submitted_at=timezone.now(),
        lock_version=F("lock_version") + 1,
    )
    plan.refresh_from_db()
    _sync_plan_status(plan.young_person)
    audit.record(
        action=Action.UPDATE,
        actor=by,
        obj=plan,
        request=request,
        council=plan.young_person.council,
        detail={"status": "submitted"},
    )
    return plan


@transaction.atomic
def decide_plan(
    *, plan: PathwayPlan, by, approve: bool, comment: str = "", request=None
) -> PathwayPlan:
    """Under the plan's lock: a plan decided, returned or submitted again meanwhile is
    checked as it is now (awaiting sign-off, and not submitted by ``by``)."""
    if not approve and not comment.strip():
        raise ValidationError({"comment": RETURN_NEEDS_COMMENT})
    lock_plan(plan)
    if plan.status != PathwayPlan.Status.SUBMITTED:
        raise ValidationError("This plan is not awaiting sign-off")
    if plan.submitted_by_id == by.pk:
        raise ValidationError("You cannot sign off a plan you submitted")
    status = PathwayPlan.Status.APPROVED if approve else PathwayPlan.Status.RETURNED
    PathwayPlan.objects.filter(pk=plan.pk).update(
        status=status,
        decided_by=by,
        decided_at=timezone.now(),
        decision_comment=comment.strip(),
        lock_version=F("lock_version") + 1,
    )
    plan.refresh_from_db()
    young_person = plan.young_person
    if approve and young_person.next_review_due_on is None:
        due = rules.add_months(plan.starts_on, young_person.council.review_interval_months)
        YoungPerson.objects.filter(pk=young_person.pk).update(next_review_due_on=due)
        young_person.next_review_due_on = due
    _sync_plan_status(young_person)
    audit.record(
        action=Action.UPDATE,
        actor=by,
        obj=plan,
        request=request,
        council=young_person.council,
        detail={"status": status, "comment": comment.strip()},
    )
    return plan


# Drafts saved as the user types -----------------------------------------------------------


def save_draft(*, user, key: str, data: dict) -> Draft:
    draft, _ = Draft.objects.update_or_create(user=user, key=key, defaults={"data": data})
    return draft


@transaction.atomic
def save_plan_draft(*, plan: PathwayPlan, user, key: str, data: dict) -> Draft:
    """What the user is typing into one of the plan's forms, kept only while the plan can
    still be changed: checked under the plan's lock, so text autosaved while the plan was
    being approved is refused (``PlanLocked``)."""
    _lock_editable(plan)
    return save_draft(user=user, key=key, data=data)
