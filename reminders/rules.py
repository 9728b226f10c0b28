"""What falls due, and when: pure functions of a young person's dates and the council's
policy (DOMAIN.md §2–3 and §8). The sweep and the re-check at send time both ask here, so a
reminder is made, and later sent, by the same rule.

Windows (``today`` is the sweep's date, in the council's time zone):

- A duty with two notices (pathway-plan review; 18th, 21st and 25th birthdays): the first
  notice from ``due - first`` until the day before ``due - second``; the second notice from
  ``due - second`` to ``due`` itself. Windows, not single days, so a missed sweep catches up.
- Overdue: from the day after the due date (review, contact, post-move visit, needs
  assessment), for as long as the duty stays undone.
- Escalation to the team manager: an overdue duty still open ``escalation_days`` days after it
  became overdue (due + 1 + escalation days).
- Statutory (OC3) data: while the window around a 17th–21st birthday is open (3 months before
  to 1 month after) and no situation has been recorded in it; due at the window's end.

Nobody is reminded about a young person without a personal adviser, who has died (in touch
``DIED``), or after their 25th birthday, when duties end.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import models

from pathways import rules as pathway_rules
from pathways.codes import InTouch
from pathways.rules import OC3_STATUSES, LegalStatus, oc3_window, open_oc3_ages


class Kind(models.TextChoices):
    REVIEW_FIRST = "review_first", "Pathway-plan review coming up"
    REVIEW_SECOND = "review_second", "Pathway-plan review due soon"
    REVIEW_OVERDUE = "review_overdue", "Pathway-plan review overdue"
    CONTACT_OVERDUE = "contact_overdue", "Contact overdue"
    VISIT_DUE = "visit_due", "Visit due after a move"
    VISIT_OVERDUE = "visit_overdue", "Visit after a move overdue"
    ASSESSMENT_DUE = "assessment_due", "Needs assessment due"
    ASSESSMENT_OVERDUE = "assessment_overdue", "Needs assessment overdue"
    TURNS_18_FIRST = "turns_18_first", "18th birthday coming up"
    TURNS_18_SECOND = "turns_18_second", "18th birthday soon"
    TURNS_21_FIRST = "turns_21_first", "21st birthday coming up"
    TURNS_21_SECOND = "turns_21_second", "21st birthday soon"
    TURNS_25_FIRST = "turns_25_first", "25th birthday coming up"
    TURNS_25_SECOND = "turns_25_second", "25th birthday soon"
    STATUTORY_DATA_MISSING = "statutory_data_missing", "Statutory data missing"
    ESCALATED_REVIEW = "escalated_review", "Escalated: pathway-plan review overdue"
    ESCALATED_CONTACT = "escalated_contact", "Escalated: contact overdue"
    ESCALATED_VISIT = "escalated_visit", "Escalated: visit after a move overdue"
    ESCALATED_ASSESSMENT = "escalated_assessment", "Escalated: needs assessment overdue"
    WEEKLY_DIGEST = "weekly_digest", "Weekly digest"


#: Overdue duties and what they escalate to.
ESCALATES_TO = {
    Kind.REVIEW_OVERDUE: Kind.ESCALATED_REVIEW,
    Kind.CONTACT_OVERDUE: Kind.ESCALATED_CONTACT,
    Kind.VISIT_OVERDUE: Kind.ESCALATED_VISIT,
    Kind.ASSESSMENT_OVERDUE: Kind.ESCALATED_ASSESSMENT,
}
ESCALATION_KINDS = frozenset(ESCALATES_TO.values())
OVERDUE_KINDS = frozenset(ESCALATES_TO)

#: What each birthday means for the young person and their adviser (DOMAIN.md §2).
BIRTHDAY_MEANINGS = {
    18: (
        "They leave care at 18. Help them claim benefits two weeks before; make sure any "
        "adult-services assessment is done a month before; talk about staying put with their "
        "foster carers (possible to 21)."
    ),
    21: (
        "Duties as a former relevant young person end at 21 unless they are in education or "
        "training. Offer continued support from a personal adviser up to 25."
    ),
    25: "Leaving-care duties end at 25. Plan the closure of the case with them.",
}
BIRTHDAY_KINDS = {
    18: (Kind.TURNS_18_FIRST, Kind.TURNS_18_SECOND),
    21: (Kind.TURNS_21_FIRST, Kind.TURNS_21_SECOND),
    25: (Kind.TURNS_25_FIRST, Kind.TURNS_25_SECOND),
}

MEANINGS = {
    Kind.REVIEW_FIRST: "Arrange the review with the young person and the people they want there.",
    Kind.REVIEW_SECOND: "The review is due within days. Check it is booked.",
    Kind.REVIEW_OVERDUE: "The pathway plan has not been reviewed in time. Hold the review.",
    Kind.CONTACT_OVERDUE: "The time allowed between contacts has passed. Get in touch.",
    Kind.VISIT_DUE: "They moved. Visit them in their new home by the due date.",
    Kind.VISIT_OVERDUE: "They moved and have not been visited in the time allowed.",
    Kind.ASSESSMENT_DUE: "Complete the needs assessment by the due date; the plan follows it.",
    Kind.ASSESSMENT_OVERDUE: "The needs assessment was due and is not complete.",
    Kind.STATUTORY_DATA_MISSING: (
        "DfE's return needs their situation around this birthday (in touch, activity, "
        "accommodation). Record a contact with a situation before the due date."
    ),
    Kind.WEEKLY_DIGEST: "What is overdue and coming up in your team this week.",
}
for _age, (_first, _second) in BIRTHDAY_KINDS.items():
    MEANINGS[_first] = MEANINGS[_second] = BIRTHDAY_MEANINGS[_age]
for _overdue, _escalated in ESCALATES_TO.items():
    MEANINGS[_escalated] = (
        "Still open after the escalation period. "
        + MEANINGS[_overdue]
        + " You are told as the team's manager."
    )


@dataclass(frozen=True)
class Policy:
    """A council's reminder settings and the intervals the duties follow."""

    review_first_days: int = 28
    review_second_days: int = 7
    birthday_first_days: int = 90
    birthday_second_days: int = 30
    contact_interval_weeks: int = 8
    post_move_visit_days: int = 7
    escalation_days: int = 7


@dataclass(frozen=True)
class Facts:
    """What the rules need to know about one young person."""

    date_of_birth: date
    has_adviser: bool = True
    effective_status: str = LegalStatus.NOT_CARE_LEAVER
    in_touch: str = ""
    next_review_due_on: date | None = None
    last_contact_on: date | None = None
    last_visit_on: date | None = None
    moved_on: date | None = None
    needs_assessment_due_on: date | None = None
    needs_assessment_completed_on: date | None = None
    plan_status: str = ""
    #: Dates of situations recorded (only those that could fall in an open OC3 window matter).
    situation_dates: tuple[date, ...] = ()
    #: Ages (17, 18) on whose birthday they were looked after or left care later.
    looked_after_at: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True, order=True)
class Due:
    due_on: date
    kind: str


def _two_notices(due: date, today: date, first: int, second: int, kinds) -> Due | None:
    first_kind, second_kind = kinds
    if due - timedelta(days=second) <= today <= due:
        return Due(due, second_kind)
    if due - timedelta(days=first) <= today < due - timedelta(days=second):
        return Due(due, first_kind)
    return None


def is_closed(facts: Facts, today: date) -> bool:
    """No reminders: nobody responsible, died, or duties ended at 25."""
    return (
        not facts.has_adviser
        or facts.in_touch == InTouch.DIED
        or today > pathway_rules.birthday(facts.date_of_birth, 25)
    )


def due_items(facts: Facts, policy: Policy, today: date) -> list[Due]:
    """Every reminder due for the young person's adviser today (escalations excluded)."""
    if is_closed(facts, today):
        return []
    items: list[Due] = []
    add = items.append

    # Pathway-plan review.
    review = facts.next_review_due_on
    if review is not None:
        if today > review:
            add(Due(review, Kind.REVIEW_OVERDUE))
        else:
            notice = _two_notices(
                review,
                today,
                policy.review_first_days,
                policy.review_second_days,
                (Kind.REVIEW_FIRST, Kind.REVIEW_SECOND),
            )
            if notice:
                add(notice)

    # Contact at the interval.
    if facts.last_contact_on is not None:
        contact_due = facts.last_contact_on + timedelta(weeks=policy.contact_interval_weeks)
        if today > contact_due:
            add(Due(contact_due, Kind.CONTACT_OVERDUE))

    # A visit after a change of accommodation.
    if facts.moved_on is not None and (
        facts.last_visit_on is None or facts.last_visit_on < facts.moved_on
    ):
        visit_due = facts.moved_on + timedelta(days=policy.post_move_visit_days)
        add(Due(visit_due, Kind.VISIT_OVERDUE if today > visit_due else Kind.VISIT_DUE))

    # Needs assessment: for eligible, relevant and former relevant young people with no plan
    # yet (the plan follows the assessment), until it is completed.
    assessment = facts.needs_assessment_due_on
    if (
        assessment is not None
        and facts.needs_assessment_completed_on is None
        and not facts.plan_status
        and facts.effective_status in OC3_STATUSES
    ):
        if today > assessment:
            add(Due(assessment, Kind.ASSESSMENT_OVERDUE))
        elif today >= assessment - timedelta(days=policy.review_first_days):
            add(Due(assessment, Kind.ASSESSMENT_DUE))

    # 18th, 21st and 25th birthdays.
    for age, kinds in BIRTHDAY_KINDS.items():
        birthday = pathway_rules.birthday(facts.date_of_birth, age)
        notice = _two_notices(
            birthday, today, policy.birthday_first_days, policy.birthday_second_days, kinds
        )
        if notice:
            add(notice)

    # Statutory (OC3) data around a 17th–21st birthday.
    if facts.effective_status in OC3_STATUSES:
        for age in open_oc3_ages(facts.date_of_birth, today):
            if age in facts.looked_after_at:
                continue  # DfE: no care-leaver data while looked after on that birthday
            _birthday, start, end = oc3_window(facts.date_of_birth, age)
            if not any(start <= d <= min(end, today) for d in facts.situation_dates):
                add(Due(end, Kind.STATUTORY_DATA_MISSING))
    return items


def escalations(items: Iterable[Due], policy: Policy, today: date) -> list[Due]:
    """The overdue items still open ``escalation_days`` after they became overdue."""
    return [
        Due(item.due_on, ESCALATES_TO[item.kind])
        for item in items
        if item.kind in OVERDUE_KINDS
        and today >= item.due_on + timedelta(days=1 + policy.escalation_days)
    ]


def all_due(facts: Facts, policy: Policy, today: date) -> tuple[list[Due], list[Due]]:
    """(items for the adviser, escalations for the team's managers)."""
    items = due_items(facts, policy, today)
    return items, escalations(items, policy, today)


def last_digest_day(today: date, weekday: int) -> date:
    """The most recent digest day on or before ``today`` (0 = Monday)."""
    return today - timedelta(days=(today.weekday() - weekday) % 7)
