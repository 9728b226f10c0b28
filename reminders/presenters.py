"""Words for reminders, shared by the inbox and the emails: a headline, a tag with a word (never
colour alone) and where the link goes."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.http import urlencode

from core.dates import long_date
from pathways.rules import age_on

from .models import Reminder
from .rules import BIRTHDAY_KINDS, ESCALATION_KINDS, OVERDUE_KINDS, Kind

_BIRTHDAY_AGE = {kind: age for age, kinds in BIRTHDAY_KINDS.items() for kind in kinds}
_ORDINAL = {17: "17th", 18: "18th", 19: "19th", 20: "20th", 21: "21st", 25: "25th"}


def headline(reminder: Reminder) -> str:
    """What is due, and when, without the young person's name (emails' subjects use it)."""
    kind, due = reminder.kind, long_date(reminder.due_on)
    if kind in (Kind.REVIEW_FIRST, Kind.REVIEW_SECOND):
        return f"Pathway-plan review due on {due}"
    if kind in (Kind.REVIEW_OVERDUE, Kind.ESCALATED_REVIEW):
        return f"Pathway-plan review overdue: it was due on {due}"
    if kind in (Kind.CONTACT_OVERDUE, Kind.ESCALATED_CONTACT):
        return f"Contact overdue: it was due by {due}"
    if kind == Kind.VISIT_DUE:
        return f"Visit after a move due by {due}"
    if kind in (Kind.VISIT_OVERDUE, Kind.ESCALATED_VISIT):
        return f"Visit after a move overdue: it was due by {due}"
    if kind == Kind.ASSESSMENT_DUE:
        return f"Needs assessment due by {due}"
    if kind in (Kind.ASSESSMENT_OVERDUE, Kind.ESCALATED_ASSESSMENT):
        return f"Needs assessment overdue: it was due by {due}"
    if kind in _BIRTHDAY_AGE:
        return f"{_ORDINAL[_BIRTHDAY_AGE[kind]]} birthday on {due}"
    if kind == Kind.STATUTORY_DATA_MISSING:
        age = age_on(reminder.young_person.date_of_birth, reminder.due_on)
        around = f" around their {_ORDINAL[age]} birthday" if age in _ORDINAL else ""
        return f"Situation for DfE's return needed{around} by {due}"
    if kind == Kind.WEEKLY_DIGEST:
        team = reminder.detail.get("team_name", "your team")
        return f"Weekly digest for {team}, week of {due}"
    return f"{reminder.get_kind_display()} ({due})"


@dataclass(frozen=True)
class Tag:
    text: str
    colour: str  # a govuk-tag modifier

    @property
    def css(self) -> str:
        return f"govuk-tag govuk-tag--{self.colour}" if self.colour else "govuk-tag"


def tag(reminder: Reminder) -> Tag:
    if reminder.kind in ESCALATION_KINDS:
        return Tag("Escalated", "red")
    if reminder.kind in OVERDUE_KINDS:
        return Tag("Overdue", "red")
    if reminder.kind == Kind.STATUTORY_DATA_MISSING:
        return Tag("Data missing", "orange")
    if reminder.kind in (Kind.REVIEW_SECOND, Kind.VISIT_DUE, Kind.ASSESSMENT_DUE):
        return Tag("Due soon", "yellow")
    if reminder.kind == Kind.WEEKLY_DIGEST:
        return Tag("Digest", "purple")
    return Tag("Coming up", "blue")


#: Stands for a young person's uuid in ``record_paths``.
_PLACEHOLDER = uuid.UUID(int=0)


def record_paths() -> Callable[[uuid.UUID], str]:
    """The path of a young person's record, from their uuid: what ``reverse`` gives, worked
    out once (an email lists up to hundreds of young people; ``reverse`` is slow)."""
    before, after = reverse("pathways:young-person", args=[_PLACEHOLDER]).split(str(_PLACEHOLDER))
    return lambda person_uuid: f"{before}{person_uuid}{after}"


def link(
    reminder: Reminder, *, record_path: Callable[[uuid.UUID], str] | None = None
) -> tuple[str, str]:
    """(path, link text): straight to the record, or for a digest to the team's overdue list.
    ``record_path`` (from ``record_paths``) saves a ``reverse`` for each reminder."""
    if reminder.young_person_id:
        person = reminder.young_person
        return (
            record_path(person.uuid)
            if record_path
            else reverse("pathways:young-person", args=[person.uuid]),
            person.display_name,
        )
    query = urlencode({"team": reminder.team_id, "show": "overdue"})
    return (f"{reverse('pathways:young-people')}?{query}", "See the team's overdue work")


@dataclass(frozen=True)
class InboxRow:
    reminder: Reminder
    headline: str
    tag: Tag
    href: str
    link_text: str
    meaning: str
    adviser: str  # for escalations: whose caseload

    @property
    def unread(self) -> bool:
        return self.reminder.read_at is None


def inbox_rows(reminders) -> list[InboxRow]:
    rows = []
    for reminder in reminders:
        href, text = link(reminder)
        adviser = ""
        if reminder.is_escalation and reminder.young_person.personal_adviser_id:
            adviser = reminder.young_person.personal_adviser.full_name
        rows.append(
            InboxRow(
                reminder=reminder,
                headline=headline(reminder),
                tag=tag(reminder),
                href=href,
                link_text=text,
                meaning=reminder.meaning,
                adviser=adviser,
            )
        )
    return rows
