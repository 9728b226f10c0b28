"""The personal adviser's recorded work: contacts, situations, needs assessments and reviews.
Each service checks the rules, saves atomically, keeps the "current" values on YoungPerson up to
date and writes the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from audit import services as audit
from audit.models import Action
from core.forms import Problems

from .. import rules
from ..models import (
    Contact,
    NeedsAssessment,
    PathwayPlan,
    PlanSectionCode,
    Review,
    Situation,
    YoungPerson,
)
from ..selectors.plans import current_plan
from ..selectors.work import latest_needs_assessment
from . import StaleEdit, bump_version

#: A needs assessment changed by someone else after this user opened it (page and API alike).
STALE_ASSESSMENT_SAVED = (
    "Someone else saved this needs assessment after you opened it. Your text has not been "
    "saved: compare it with their version, then save again."
)
STALE_ASSESSMENT_COMPLETED = (
    "Someone else completed this needs assessment after you opened it. Your text has not been "
    "saved: saving it will start a new assessment."
)
STALE_ASSESSMENT_STARTED = (
    "Someone else started a needs assessment after you opened this page. Your text has not "
    "been saved: compare it with their version, then save again."
)

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
    fields: dict,
    complete: bool,
    expected_version: int | None = None,
    request=None,
) -> NeedsAssessment:
    """Save the young person's needs assessment in progress, or start one, and with
    ``complete`` complete it (every dimension answered).

    ``expected_version`` is the lock version of the draft the user opened, None if they opened
    none and so start one. Raises ``StaleEdit`` with the assessment as it is now when someone
    else saved that draft since, completed it since, or started one the user did not see."""
    # Two saves at once: the later waits here, then sees what the earlier one did.
    YoungPerson.objects.select_for_update().filter(pk=young_person.pk).first()
    latest = latest_needs_assessment(young_person)
    if latest is not None and latest.status == NeedsAssessment.Status.DRAFT:
        if expected_version is None:  # started by someone else after this user opened the page
            raise StaleEdit(latest, STALE_ASSESSMENT_STARTED)
        bump_version(
            latest, expected_version=expected_version, fields=fields, stale=STALE_ASSESSMENT_SAVED
        )
        assessment, action = latest, Action.UPDATE
    elif latest is not None and expected_version is not None:  # completed since it was opened
        raise StaleEdit(latest, STALE_ASSESSMENT_COMPLETED)
    else:
        assessment = NeedsAssessment.objects.create(young_person=young_person, **fields)
        action = Action.CREATE
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


# Reviews ----------------------------------------------------------------------------------


def next_review_due(*, held_on: date, interval_months: int) -> date:
    return rules.add_months(held_on, interval_months)


NO_PLAN_TO_REVIEW = "There is no approved pathway plan to review"
#: What a review must record, and the words for each left empty (the page's and the API's).
REVIEW_TEXT_NEEDED = {
    "attendees": "Enter who attended the review",
    "young_person_views": "Enter the young person's views",
    "eet_progress": "Enter progress in education, employment or training",
    "outcome": "Enter the outcome of the review",
}


def check_review(
    *,
    young_person: YoungPerson,
    plan: PathwayPlan | None,
    held_on: date | None,
    attendees: str | None = None,
    young_person_views: str | None = None,
    eet_progress: str | None = None,
    outcome: str | None = None,
    section_progress: dict | None = None,
) -> None:
    """Every problem with a review to record, raised together. A review is of the approved
    plan, held on or after the day it started and by today; it records who attended, the
    young person's views, progress in education, employment or training and the outcome
    (a text that is None was not read, and is not checked), and progress only on the plan's
    sections."""
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
    texts = {
        "attendees": attendees,
        "young_person_views": young_person_views,
        "eet_progress": eet_progress,
        "outcome": outcome,
    }
    for name, text in texts.items():
        if text is not None and not text.strip():
            problems.add(name, REVIEW_TEXT_NEEDED[name], code="required")
    unknown = sorted(set(section_progress or {}) - set(PlanSectionCode.values))
    if unknown:
        problems.add(
            "section_progress",
            f"Unknown plan sections: {', '.join(unknown)}. Use the section codes: "
            + ", ".join(PlanSectionCode.values),
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
    check_review(
        young_person=young_person,
        plan=plan,
        held_on=held_on,
        attendees=attendees,
        young_person_views=young_person_views,
        eet_progress=eet_progress,
        outcome=outcome,
        section_progress=section_progress,
    )
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
