"""Committees, their members and their work programme."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from audit.models import Action
from core.dates import Bound, horizon_bound
from core.db import unique_values_refused
from core.forms import Problems

from ..models import (
    Committee,
    Member,
    WorkProgrammeEntry,
)
from . import _audit

COMMITTEE_NAME_TAKEN = "There is already a committee with this name"
#: Two saves at once can both pass the checks below; the database refuses the later one, and
#: it is told the same thing (core.db), not shown a server error.
COMMITTEE_UNIQUE = {"panels_committee_unique_name": ("name", COMMITTEE_NAME_TAKEN)}


@transaction.atomic
def create_committee(*, council, by, name: str) -> Committee:
    name = name.strip()
    if Committee.objects.filter(council=council, name__iexact=name).exists():
        raise ValidationError({"name": COMMITTEE_NAME_TAKEN})
    with unique_values_refused(Committee, COMMITTEE_UNIQUE):
        committee = Committee.objects.create(council=council, name=name)
    _audit(action=Action.CREATE, by=by, obj=committee, council_id=council.pk)
    return committee


@transaction.atomic
def rename_committee(*, committee: Committee, by, name: str) -> Committee:
    name = name.strip()
    clash = Committee.objects.filter(council_id=committee.council_id, name__iexact=name)
    if clash.exclude(pk=committee.pk).exists():
        raise ValidationError({"name": COMMITTEE_NAME_TAKEN})
    committee.name = name
    with unique_values_refused(Committee, COMMITTEE_UNIQUE):
        committee.save(update_fields=["name"])
    _audit(action=Action.UPDATE, by=by, obj=committee, council_id=committee.council_id)
    return committee


MEMBER_FIELDS = ("name", "kind", "position", "description", "term_starts_on", "term_ends_on")

# Dates that can be true (docs/panels.md, "Dates that are refused") ---------------------------
#
# Planned dates (a meeting, a work-programme meeting, an action's due date, the start of a
# member's term) are at most core.dates.PLANNING_HORIZON_YEARS (2) ahead; the end of a term at
# most TERM_HORIZON_YEARS ahead (a four-year council term that starts up to two years ahead).
# A meeting's papers are issued by the day of the meeting; an action agreed at a meeting is
# due on or after it; minutes, attendance and actions are recorded once the meeting is held,
# and a meeting in the future cannot be marked as held.

TERM_HORIZON_YEARS = 6


def check_member(*, committee: Committee, fields: dict, member: Member | None = None) -> None:
    """Every problem with a member's details, raised together (keyed by field). ``fields``
    holds the details as given; None is blank, or on a page a value it could not read."""
    problems = Problems()
    today = timezone.localdate()
    starts, ends = fields.get("term_starts_on"), fields.get("term_ends_on")
    position, kind = fields.get("position") or "", fields.get("kind")
    problems.check_date(
        "term_starts_on",
        "The start of their term of office",
        starts,
        latest=[horizon_bound(today)],
    )
    problems.check_date(
        "term_ends_on",
        "The end of their term of office",
        ends,
        earliest=[Bound(starts, "the start of their term") if starts else None],
        latest=[horizon_bound(today, TERM_HORIZON_YEARS)],
    )
    if position and kind is not None and kind != Member.Kind.COUNCILLOR:
        problems.add("position", "The chair and vice-chair must be councillors")
    if position and starts and not problems:
        # Terms overlap when each starts before the other ends.
        overlapping = committee.members.filter(position=position)
        if member is not None:
            overlapping = overlapping.exclude(pk=member.pk)
        if ends:
            overlapping = overlapping.filter(term_starts_on__lte=ends)
        overlapping = overlapping.filter(Q(term_ends_on__isnull=True) | Q(term_ends_on__gte=starts))
        holder = overlapping.first()
        if holder is not None:
            problems.add(
                "position",
                f"{holder.name} is {position} for part of this term: end their term first",
            )
    problems.raise_if_any()


def _member_fields(member: Member) -> dict:
    return {key: getattr(member, key) for key in MEMBER_FIELDS}


@transaction.atomic
def add_member(*, committee: Committee, by, **fields) -> Member:
    member = Member(committee=committee, **{k: fields.get(k) for k in MEMBER_FIELDS})
    member.position = member.position or ""
    member.description = member.description or ""
    check_member(committee=committee, fields=_member_fields(member))
    member.save()
    _audit(action=Action.CREATE, by=by, obj=member, council_id=committee.council_id)
    return member


@transaction.atomic
def update_member(*, member: Member, by, **fields) -> Member:
    for key in MEMBER_FIELDS:
        if key in fields:
            setattr(member, key, fields[key] if fields[key] is not None else None)
    member.position = member.position or ""
    member.description = member.description or ""
    check_member(committee=member.committee, fields=_member_fields(member), member=member)
    member.save()
    _audit(action=Action.UPDATE, by=by, obj=member, council_id=member.committee.council_id)
    return member


# Work programme ---------------------------------------------------------------------------------


def check_work_entry(*, meets_on: date | None) -> None:
    """A meeting on the work programme is at most the planning horizon ahead."""
    problems = Problems()
    problems.check_date(
        "meets_on",
        "The date of the meeting",
        meets_on,
        latest=[horizon_bound(timezone.localdate())],
    )
    problems.raise_if_any()


@transaction.atomic
def save_work_entry(
    *, committee: Committee, by, entry: WorkProgrammeEntry | None = None, **fields
) -> WorkProgrammeEntry:
    check_work_entry(meets_on=fields.get("meets_on"))
    entry = entry or WorkProgrammeEntry(committee=committee)
    creating = entry.pk is None
    for key in ("meets_on", "theme", "key_lines_of_enquiry", "planned_items"):
        value = fields.get(key)
        setattr(entry, key, value.strip() if isinstance(value, str) else value)
    entry.save()
    _audit(
        action=Action.CREATE if creating else Action.UPDATE,
        by=by,
        obj=entry,
        council_id=committee.council_id,
    )
    return entry


@transaction.atomic
def delete_work_entry(*, entry: WorkProgrammeEntry, by) -> None:
    _audit(action=Action.DELETE, by=by, obj=entry, council_id=entry.committee.council_id)
    entry.delete()
