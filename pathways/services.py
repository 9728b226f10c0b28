"""Writes to young people's records. Each service checks the rules, saves atomically, keeps
the "current" values on YoungPerson up to date and writes the audit log."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from audit import services as audit
from audit.models import Action
from core.dates import Bound, long_date
from core.forms import Problems

from . import rules
from .models import (
    Allocation,
    CareEpisode,
    Contact,
    Draft,
    NeedsAssessment,
    PathwayPlan,
    PlanAction,
    PlanSection,
    PlanSectionCode,
    Review,
    Situation,
    YoungPerson,
)


class StaleEdit(Exception):
    """Someone else saved the record after this user opened it (optimistic locking)."""

    def __init__(self, current):
        super().__init__("This record was changed by someone else after you opened it.")
        self.current = current


def _bump(instance, *, expected_version: int, fields: dict) -> None:
    """Save ``fields`` only if nobody has saved since ``expected_version``; else StaleEdit."""
    model = type(instance)
    updated = model.objects.filter(pk=instance.pk, lock_version=expected_version).update(
        **fields, lock_version=F("lock_version") + 1
    )
    if not updated:
        raise StaleEdit(model.objects.get(pk=instance.pk))
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.lock_version = expected_version + 1


def record_view(*, young_person: YoungPerson, by, request=None) -> None:
    """Every view of a young person's record is audited; a read outside one's own caseload
    (cover for a colleague, or a manager's oversight) is marked as such."""
    audit.record(
        action=Action.VIEW,
        actor=by,
        obj=young_person,
        request=request,
        detail={"own_caseload": young_person.personal_adviser_id == by.pk},
    )


# Young person and legal status ------------------------------------------------------------


def refresh_derived(young_person: YoungPerson, *, today: date | None = None) -> None:
    """Recompute legal status and the needs-assessment due date from the episodes."""
    today = today or timezone.localdate()
    episodes = [e.as_rule_episode() for e in young_person.episodes.all()]
    result = rules.legal_status(young_person.date_of_birth, episodes, today)
    young_person.legal_status = result.status
    young_person.legal_status_reason = result.reason[:200]
    young_person.needs_assessment_due_on = rules.needs_assessment_due(
        young_person.date_of_birth, episodes, today
    )
    YoungPerson.objects.filter(pk=young_person.pk).update(
        legal_status=young_person.legal_status,
        legal_status_reason=young_person.legal_status_reason,
        needs_assessment_due_on=young_person.needs_assessment_due_on,
    )


def check_episode(
    *,
    young_person: YoungPerson,
    started_on: date | None,
    ended_on: date | None,
    reason_ended: str | None,
) -> None:
    """Every problem with a care episode to add, raised together (a ValidationError keyed by
    field). A value that could not be read is None; the rules that need it are skipped.

    A child is looked after from birth at the earliest and until their 18th birthday at the
    latest; care that has started or ended is dated today or earlier; an episode ends after
    it starts and does not overlap another."""
    problems = Problems()
    today = timezone.localdate()
    dob = young_person.date_of_birth
    started_ok = problems.check_date(
        "started_on",
        "The date care started",
        started_on,
        earliest=[rules.born(dob)],
        latest=[rules.happened(today), replace(rules.care_ends(dob), strict=True)],
    )
    problems.check_date(
        "ended_on",
        "The date care ended",
        ended_on,
        earliest=[Bound(started_on, "the date care started", strict=True) if started_on else None],
        latest=[rules.happened(today), rules.care_ends(dob)],
    )
    eighteenth = rules.birthday(dob, 18)
    if started_on and ended_on is None and not reason_ended and eighteenth <= today:
        problems.add(
            "ended_on",
            "Enter the date care ended: they turned 18 on "
            f"{long_date(eighteenth)}, and care ends by the 18th birthday",
            code="required",
        )
    if ended_on and reason_ended == "":
        problems.add("reason_ended", "Select why care ended", code="required")
    if reason_ended and ended_on is None:
        problems.add(
            "ended_on",
            "Enter the date care ended, or choose 'Still looked after'",
            code="required",
        )
    if started_on and started_ok and "ended_on" not in problems:
        for other in young_person.episodes.all():
            if started_on < (other.ended_on or date.max) and other.started_on < (
                ended_on or date.max
            ):
                problems.add("started_on", f"This overlaps another episode ({other})")
                break
    problems.raise_if_any()


@transaction.atomic
def add_episode(
    *,
    young_person: YoungPerson,
    by,
    started_on: date,
    ended_on: date | None = None,
    reason_ended: str = "",
    respite: bool = False,
    request=None,
) -> CareEpisode:
    check_episode(
        young_person=young_person,
        started_on=started_on,
        ended_on=ended_on,
        reason_ended=reason_ended,
    )
    episode = CareEpisode.objects.create(
        young_person=young_person,
        started_on=started_on,
        ended_on=ended_on,
        reason_ended=reason_ended,
        respite=respite,
        recorded_by=by,
    )
    refresh_derived(young_person)
    audit.record(
        action=Action.CREATE, actor=by, obj=episode, request=request, council=young_person.council
    )
    return episode


@transaction.atomic
def override_legal_status(
    *, young_person: YoungPerson, by, status: str, reason: str, request=None
) -> YoungPerson:
    if status and not reason.strip():
        raise ValidationError({"reason": "Give the reason for overriding the legal status"})
    young_person.legal_status_override = status
    young_person.legal_status_override_reason = reason.strip() if status else ""
    young_person.legal_status_override_by = by if status else None
    young_person.legal_status_override_at = timezone.now() if status else None
    young_person.save(
        update_fields=[
            "legal_status_override",
            "legal_status_override_reason",
            "legal_status_override_by",
            "legal_status_override_at",
        ]
    )
    audit.record(
        action=Action.UPDATE,
        actor=by,
        obj=young_person,
        request=request,
        detail={"legal_status_override": status, "reason": reason.strip()},
    )
    return young_person


# Allocation -------------------------------------------------------------------------------


@transaction.atomic
def allocate(
    *,
    young_people: Iterable[YoungPerson],
    personal_adviser,
    by,
    reason: str = "",
    on: date | None = None,
    request=None,
) -> int:
    """Give each young person ``personal_adviser`` (and their team) from ``on``; the previous
    allocation ends that day. Returns how many changed."""
    on = on or timezone.localdate()
    if personal_adviser.team_id is None:
        raise ValidationError({"personal_adviser": "This adviser is not in a team"})
    young_people = list(young_people)
    # Two allocations of one young person at once: the later waits here, then ends the
    # earlier (the database holds one current allocation each). In id order, so that two
    # bulk allocations cannot deadlock.
    allocated_to = dict(
        YoungPerson.objects.select_for_update()
        .filter(pk__in=[young_person.pk for young_person in young_people])
        .order_by("pk")
        .values_list("pk", "personal_adviser_id")
    )
    changed = 0
    for young_person in young_people:
        if young_person.council_id != personal_adviser.council_id:
            raise ValidationError({"personal_adviser": "The adviser works for another council"})
        if allocated_to.get(young_person.pk) == personal_adviser.pk:
            continue
        Allocation.objects.filter(young_person=young_person, ended_on__isnull=True).update(
            ended_on=on
        )
        Allocation.objects.create(
            young_person=young_person,
            personal_adviser=personal_adviser,
            team_id=personal_adviser.team_id,
            started_on=on,
            reason=reason,
            allocated_by=by,
        )
        young_person.personal_adviser = personal_adviser
        young_person.team_id = personal_adviser.team_id
        young_person.save(update_fields=["personal_adviser", "team"])
        audit.record(
            action=Action.UPDATE,
            actor=by,
            obj=young_person,
            request=request,
            detail={"allocated_to": personal_adviser.email, "reason": reason},
        )
        changed += 1
    return changed


# Contacts and situations ------------------------------------------------------------------


@dataclass(frozen=True)
class SituationInput:
    """A situation as DfE codes. From a page, a code or date that could not be read is None
    (only for ``check_situation``; a situation is saved with every value read)."""

    recorded_on: date | None
    in_touch: str | None
    activity: str | None
    accommodation: str | None


def _situation_problems(
    problems: Problems,
    young_person: YoungPerson,
    data: SituationInput,
    *,
    required: bool,
    check_date: bool = True,
) -> None:
    history = [
        rules.PastSituation(s.recorded_on, s.in_touch) for s in young_person.situations.all()
    ]
    found = rules.check_situation(
        date_of_birth=young_person.date_of_birth,
        episodes=[e.as_rule_episode() for e in young_person.episodes.all()],
        recorded_on=data.recorded_on,
        in_touch=data.in_touch,
        activity=data.activity,
        accommodation=data.accommodation,
        history=history,
        today=timezone.localdate(),
        required=required,
        check_date=check_date,
    )
    for problem in found:
        problems.add(problem.field, problem.message, code=problem.rule)


def check_situation(young_person: YoungPerson, data: SituationInput) -> None:
    """Every problem with a situation recorded on its own, raised together: its date (not
    before birth, not after today), something recorded, and DfE's cross-rules, each on the
    field it concerns."""
    problems = Problems()
    _situation_problems(problems, young_person, data, required=True)
    problems.raise_if_any()


def _apply_situation(young_person: YoungPerson, situation: Situation) -> None:
    latest = young_person.situations.order_by("-recorded_on", "-id").first()
    previous = (
        young_person.situations.exclude(pk=situation.pk).order_by("-recorded_on", "-id").first()
    )
    update = {"current_situation": latest}
    moved = (
        latest.pk == situation.pk
        and previous is not None
        and previous.accommodation[:1] != situation.accommodation[:1]
    )
    if moved:
        update["moved_on"] = situation.recorded_on
        council = young_person.council
        change_due = rules.add_working_days(
            situation.recorded_on, council.change_review_working_days
        )
        if young_person.next_review_due_on is None or change_due < young_person.next_review_due_on:
            update["next_review_due_on"] = change_due
    for name, value in update.items():
        setattr(young_person, name, value)
    YoungPerson.objects.filter(pk=young_person.pk).update(**update)


@transaction.atomic
def record_situation(
    *,
    young_person: YoungPerson,
    by,
    data: SituationInput,
    contact: Contact | None = None,
    request=None,
) -> Situation:
    check_situation(young_person, data)
    situation = Situation.objects.create(
        young_person=young_person,
        recorded_on=data.recorded_on,
        in_touch=data.in_touch,
        activity=data.activity,
        accommodation=data.accommodation,
        contact=contact,
        recorded_by=by,
    )
    _apply_situation(young_person, situation)
    audit.record(
        action=Action.CREATE, actor=by, obj=situation, request=request, council=young_person.council
    )
    return situation


SEEN_ALONE_NEEDED = "Select whether the young person was seen alone"


def check_contact(
    *,
    young_person: YoungPerson,
    occurred_at: datetime | date | None,
    kind: str | None,
    seen_alone: bool | None,
    situation: SituationInput | None = None,
) -> None:
    """Every problem with a contact to record, raised together (a ValidationError keyed by
    field; a situation's problems under its own fields). ``occurred_at`` may be a date alone
    when the page could not read the time; a value that could not be read is None.

    A contact happened on or after the young person's birth and by now; whether they were
    seen alone is asked for a home or office visit, and only for one."""
    problems = Problems()
    today = timezone.localdate()
    if isinstance(occurred_at, datetime):
        day = timezone.localtime(occurred_at).date()
    else:
        day = occurred_at
    dated = problems.check_date(
        "occurred_at",
        "The date of the contact",
        day,
        earliest=[rules.born(young_person.date_of_birth)],
        latest=[rules.happened(today)],
    )
    if dated and isinstance(occurred_at, datetime) and occurred_at > timezone.now():
        problems.add("occurred_at", "The time of the contact must be now or earlier", code="time")
    if kind in Contact.VISIT_KINDS and seen_alone is None:
        problems.add("seen_alone", SEEN_ALONE_NEEDED, code="required")
    elif kind in Contact.Kind.values and kind not in Contact.VISIT_KINDS and seen_alone is not None:
        label = Contact.Kind(kind).label.lower()
        article = "an" if label[0] in "aeiou" else "a"
        problems.add(
            "seen_alone",
            "Only record whether they were seen alone for a home or office visit: this was "
            f"{article} {label}",
            code="not_a_visit",
        )
    if situation is not None:
        _situation_problems(
            problems,
            young_person,
            situation,
            required=False,
            check_date=situation.recorded_on != day,
        )
    problems.raise_if_any()


@transaction.atomic
def record_contact(
    *,
    young_person: YoungPerson,
    by,
    occurred_at: datetime,
    kind: str,
    notes: str = "",
    seen_alone: bool | None = None,
    situation: SituationInput | None = None,
    change_of_circumstances: bool = False,
    request=None,
) -> Contact:
    """With ``change_of_circumstances``, the next review is brought forward to within the
    council's working days for a change (as a change of accommodation does)."""
    check_contact(
        young_person=young_person,
        occurred_at=occurred_at,
        kind=kind,
        seen_alone=seen_alone,
        situation=situation,
    )
    contact = Contact.objects.create(
        young_person=young_person,
        occurred_at=occurred_at,
        kind=kind,
        notes=notes,
        seen_alone=seen_alone,
        change_of_circumstances=change_of_circumstances,
        recorded_by=by,
    )
    day = timezone.localtime(occurred_at).date()
    update = {}
    if change_of_circumstances:
        change_due = rules.add_working_days(day, young_person.council.change_review_working_days)
        if young_person.next_review_due_on is None or change_due < young_person.next_review_due_on:
            update["next_review_due_on"] = change_due
    if contact.counts_as_contact and (
        young_person.last_contact_on is None or day > young_person.last_contact_on
    ):
        update["last_contact_on"] = day
    if kind in Contact.VISIT_KINDS and (
        young_person.last_visit_on is None or day > young_person.last_visit_on
    ):
        update["last_visit_on"] = day
    if update:
        for name, value in update.items():
            setattr(young_person, name, value)
        YoungPerson.objects.filter(pk=young_person.pk).update(**update)
    audit.record(
        action=Action.CREATE, actor=by, obj=contact, request=request, council=young_person.council
    )
    if situation is not None:
        record_situation(
            young_person=young_person, by=by, data=situation, contact=contact, request=request
        )
    return contact


def contact_due_on(young_person: YoungPerson) -> date | None:
    """When the next contact is due: within the post-move window after a change of
    accommodation not yet followed by a visit, else the contact interval after the last."""
    council = young_person.council
    due = None
    if young_person.last_contact_on:
        due = young_person.last_contact_on + timedelta(weeks=council.contact_interval_weeks)
    if young_person.moved_on and (
        young_person.last_visit_on is None or young_person.last_visit_on < young_person.moved_on
    ):
        visit_due = young_person.moved_on + timedelta(days=council.post_move_visit_days)
        due = min(due, visit_due) if due else visit_due
    return due


# Needs assessment -------------------------------------------------------------------------


def needs_assessment_dimensions(young_person: YoungPerson) -> list[tuple[str, str]]:
    """The dimensions assessed for this young person, with their labels: immigration status
    only for an unaccompanied asylum-seeking young person."""
    return [
        (name, "Immigration status" if name == "immigration" else label)
        for name, label in NeedsAssessment.DIMENSIONS
        if name != "immigration" or young_person.unaccompanied_asylum_seeking
    ]


def check_needs_assessment_complete(*, young_person: YoungPerson, answers: dict) -> None:
    """Every dimension needs an answer before the assessment is completed (it is completed
    today, by the service: no date is entered). Each missing one is a problem on its field."""
    problems = Problems()
    for name, label in needs_assessment_dimensions(young_person):
        if not (answers.get(name) or "").strip():
            problems.add(
                name, f"Enter the assessment of {label[0].lower()}{label[1:]}", code="required"
            )
    problems.raise_if_any()


@transaction.atomic
def save_needs_assessment(
    *,
    young_person: YoungPerson,
    by,
    assessment: NeedsAssessment | None,
    fields: dict,
    complete: bool,
    expected_version: int | None = None,
    request=None,
) -> NeedsAssessment:
    if assessment is None:
        assessment = NeedsAssessment.objects.create(young_person=young_person, **fields)
        action = Action.CREATE
    else:
        if assessment.status == NeedsAssessment.Status.COMPLETED:
            raise ValidationError("A completed needs assessment cannot be changed")
        _bump(
            assessment, expected_version=expected_version or assessment.lock_version, fields=fields
        )
        action = Action.UPDATE
    if complete:
        check_needs_assessment_complete(
            young_person=young_person,
            answers={name: getattr(assessment, name) for name, _ in NeedsAssessment.DIMENSIONS},
        )
        today = timezone.localdate()
        NeedsAssessment.objects.filter(pk=assessment.pk).update(
            status=NeedsAssessment.Status.COMPLETED, completed_on=today, completed_by=by
        )
        assessment.status, assessment.completed_on = NeedsAssessment.Status.COMPLETED, today
        YoungPerson.objects.filter(pk=young_person.pk).update(needs_assessment_completed_on=today)
    audit.record(
        action=action,
        actor=by,
        obj=assessment,
        request=request,
        council=young_person.council,
        detail={"completed": complete},
    )
    return assessment


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
    _bump(
        plan,
        expected_version=expected_version,
        fields={"starts_on": starts_on, "aspirations": aspirations},
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
    _bump(
        section,
        expected_version=expected_version,
        fields={"narrative": narrative, "young_person_views": young_person_views},
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


PLAN_SUBMISSION_CHECKS = (
    "Every section needs a narrative",
    "The young person's views are needed in at least one section",
    "Aspirations beyond 18 are needed",
)


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
        raise ValidationError({"comment": "Say what needs to change before returning the plan"})
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


def current_plan(young_person: YoungPerson) -> PathwayPlan | None:
    return young_person.plans.filter(status=PathwayPlan.Status.APPROVED).order_by("-number").first()


# Reviews ----------------------------------------------------------------------------------


def next_review_due(*, held_on: date, interval_months: int) -> date:
    return rules.add_months(held_on, interval_months)


NO_PLAN_TO_REVIEW = "There is no approved pathway plan to review"


def check_review(
    *,
    young_person: YoungPerson,
    plan: PathwayPlan | None,
    held_on: date | None,
    eet_progress: str | None,
) -> None:
    """Every problem with a review to record, raised together. A review is of the approved
    plan, held on or after the day it started and by today, and records progress in
    education, employment or training."""
    problems = Problems()
    if plan is None:
        problems.add(None, NO_PLAN_TO_REVIEW, code="no_plan")
    problems.check_date(
        "held_on",
        "The date of the review",
        held_on,
        earliest=[
            rules.born(young_person.date_of_birth),
            rules.plan_started(plan.starts_on) if plan else None,
        ],
        latest=[rules.happened(timezone.localdate())],
    )
    if eet_progress is not None and not eet_progress.strip():
        problems.add(
            "eet_progress", "Enter progress in education, employment or training", code="required"
        )
    problems.raise_if_any()


@transaction.atomic
def record_review(
    *,
    young_person: YoungPerson,
    by,
    held_on: date,
    review_type: str,
    attendees: str,
    young_person_views: str,
    eet_progress: str,
    outcome: str,
    section_progress: dict | None = None,
    request=None,
) -> Review:
    plan = current_plan(young_person)
    check_review(young_person=young_person, plan=plan, held_on=held_on, eet_progress=eet_progress)
    assert plan is not None
    due = next_review_due(
        held_on=held_on, interval_months=young_person.council.review_interval_months
    )
    review = Review.objects.create(
        young_person=young_person,
        plan=plan,
        held_on=held_on,
        review_type=review_type,
        attendees=attendees,
        young_person_views=young_person_views,
        eet_progress=eet_progress,
        section_progress=section_progress or {},
        outcome=outcome,
        next_review_due_on=due,
        recorded_by=by,
    )
    latest_held = (
        young_person.reviews.order_by("-held_on").values_list("held_on", flat=True).first()
    )
    if latest_held == held_on:
        YoungPerson.objects.filter(pk=young_person.pk).update(next_review_due_on=due)
        young_person.next_review_due_on = due
    audit.record(
        action=Action.CREATE, actor=by, obj=review, request=request, council=young_person.council
    )
    return review


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


def draft_for(*, user, key: str) -> Draft | None:
    return Draft.objects.filter(user=user, key=key).first()
