"""Writes for panel meetings. Every write is audited; a pack build is enqueued on commit.

Rules of the agenda: the standard items at the head of Part A (apologies, substitutes,
minutes, declarations) stay first and the standard items at the tail of each part (urgent
business, and before Part B the resolution to exclude the public) stay last; the officer's own
items sit between and can be moved up, down and between parts.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time, timedelta
from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from audit import services as audit
from audit.models import Action
from core.dates import Bound, horizon_bound, long_date
from core.db import unique_values_refused
from core.forms import Problems

from . import rules, selectors
from .models import (
    AgendaItem,
    Attendance,
    Committee,
    Meeting,
    Member,
    Minute,
    MinuteAction,
    OfficerAttendance,
    PackBuild,
    Paper,
    Part,
    SubItem,
    WorkProgrammeEntry,
    pack_upload_to,
)
from .pack_spec import IMPLICATION_HEADINGS, PART_A

logger = logging.getLogger(__name__)


def _audit(*, action, by, obj, council_id: int, request=None, detail=None):
    audit.record(
        action=action,
        actor=by,
        obj=obj,
        council=SimpleNamespace(pk=council_id),
        request=request,
        detail=detail,
    )


def _council_id(meeting: Meeting) -> int:
    return meeting.committee.council_id


# Committees and members ---------------------------------------------------------------------

COMMITTEE_NAME_TAKEN = "There is already a committee with this name"
MEETING_TIME_TAKEN = "The committee already meets on this date at this time"
#: Two saves at once can both pass the checks below; the database refuses the later one, and
#: it is told the same thing (core.db), not shown a server error.
COMMITTEE_UNIQUE = {"panels_committee_unique_name": ("name", COMMITTEE_NAME_TAKEN)}
MEETING_UNIQUE = {"panels_meeting_unique_time": ("held_on", MEETING_TIME_TAKEN)}


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


# Meetings and agendas -------------------------------------------------------------------------

MEETING_FIELDS = (
    "held_on",
    "starts_at",
    "venue",
    "issued_on",
    "signatory_name",
    "signatory_title",
    "contact_name",
    "contact_email",
    "contact_phone",
)


def check_meeting(*, committee: Committee, fields: dict, meeting: Meeting | None = None) -> None:
    """Every problem with a meeting's details, raised together (keyed by field). ``fields``
    holds the details as given (None: blank, or on a page a value it could not read)."""
    problems = Problems()
    today = timezone.localdate()
    held_on, starts_at = fields.get("held_on"), fields.get("starts_at")
    problems.check_date(
        "held_on", "The date of the meeting", held_on, latest=[horizon_bound(today)]
    )
    problems.check_date(
        "issued_on",
        "The issue date",
        fields.get("issued_on"),
        latest=[Bound(held_on, "the date of the meeting") if held_on else None],
    )
    if held_on and starts_at:
        clash = Meeting.objects.filter(committee=committee, held_on=held_on, starts_at=starts_at)
        if meeting is not None:
            clash = clash.exclude(pk=meeting.pk)
        if clash.exists():
            problems.add("held_on", MEETING_TIME_TAKEN)
    if fields.get("status") == Meeting.Status.HELD and held_on and held_on > today:
        problems.add(
            "status",
            f"The meeting is on {long_date(held_on)}, so it has not been held yet: choose "
            "Planned or Cancelled",
        )
    problems.raise_if_any()


def _meeting_fields(meeting: Meeting) -> dict:
    return {key: getattr(meeting, key) for key in (*MEETING_FIELDS, "status")}


@transaction.atomic
def create_meeting(
    *, committee: Committee, by, held_on: date, starts_at: time, **fields
) -> Meeting:
    """A meeting with its standard items already on the agenda."""
    meeting = Meeting(committee=committee, held_on=held_on, starts_at=starts_at, created_by=by)
    for key in MEETING_FIELDS[2:]:
        setattr(meeting, key, fields.get(key) or ("" if key != "issued_on" else None))
    check_meeting(committee=committee, fields=_meeting_fields(meeting))
    with unique_values_refused(Meeting, MEETING_UNIQUE):
        meeting.save()
    previous = selectors.previous_meeting(meeting)
    head_a, tail_a, tail_b = rules.standard_items(
        previous_held_on=previous.held_on if previous else None
    )
    rows = []
    for part, standard_list in ((Part.A, head_a + tail_a), (Part.B, tail_b)):
        for order, entry in enumerate(standard_list, start=1):
            rows.append(
                AgendaItem(
                    meeting=meeting,
                    part=part,
                    order=order,
                    title=entry.title,
                    text=entry.text,
                    standard=entry.standard,
                )
            )
    AgendaItem.objects.bulk_create(rows)
    _audit(action=Action.CREATE, by=by, obj=meeting, council_id=committee.council_id)
    return meeting


@transaction.atomic
def update_meeting(*, meeting: Meeting, by, **fields) -> Meeting:
    for key in MEETING_FIELDS:
        if key in fields:
            value = fields[key]
            setattr(meeting, key, value if value is not None or key == "issued_on" else "")
    if "status" in fields:
        meeting.status = fields["status"]
    check_meeting(committee=meeting.committee, fields=_meeting_fields(meeting), meeting=meeting)
    with unique_values_refused(Meeting, MEETING_UNIQUE):
        meeting.save()
    _audit(action=Action.UPDATE, by=by, obj=meeting, council_id=_council_id(meeting))
    return meeting


def _part_items(meeting: Meeting, part: str) -> list[AgendaItem]:
    return list(
        AgendaItem.objects.select_for_update().filter(meeting=meeting, part=part).order_by("order")
    )


def _renumber(items: list[AgendaItem]) -> None:
    """Store ``items``' order as listed: two passes, so the unique order never clashes."""
    if not items:
        return
    top = max(i.order for i in items) + len(items) + 1
    for offset, item in enumerate(items):
        AgendaItem.objects.filter(pk=item.pk).update(order=top + offset)
    for order, item in enumerate(items, start=1):
        AgendaItem.objects.filter(pk=item.pk).update(order=order)
        item.order = order


def _arrange(items: list[AgendaItem]) -> list[AgendaItem]:
    """Head standard items first, the officer's items in their order, tail items last."""
    head = [i for i in items if i.is_head]
    tail = [i for i in items if i.is_tail]
    middle = [i for i in items if i.is_movable]
    head.sort(key=lambda i: AgendaItem.HEAD.index(i.standard))
    tail.sort(key=lambda i: AgendaItem.TAIL.index(i.standard))
    return head + middle + tail


def _set_sub_items(item: AgendaItem, titles: Iterable[str]) -> None:
    titles = [t.strip() for t in titles if t and t.strip()]
    if len(titles) > 26:
        raise ValidationError({"sub_items": "An item can have at most 26 sub-items (a to z)"})
    item.sub_items.all().delete()
    SubItem.objects.bulk_create(
        SubItem(item=item, order=order, title=title) for order, title in enumerate(titles, 1)
    )


def _lock_meeting(meeting: Meeting) -> None:
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()


@transaction.atomic
def add_item(
    *,
    meeting: Meeting,
    by,
    part: str,
    title: str,
    presenter: str = "",
    theme: str = "",
    text: str = "",
    sub_items: Iterable[str] = (),
) -> AgendaItem:
    """An item of the officer's own, placed last among them (before urgent business)."""
    if part not in (Part.A, Part.B):
        raise ValidationError({"part": "Select Part A or Part B"})
    _lock_meeting(meeting)
    items = _part_items(meeting, part)
    top = max((i.order for i in items), default=0) + 1
    item = AgendaItem.objects.create(
        meeting=meeting,
        part=part,
        order=top,
        title=title.strip(),
        presenter=presenter.strip(),
        theme=theme.strip(),
        text=text.strip(),
    )
    _renumber(_arrange([*items, item]))
    _set_sub_items(item, sub_items)
    _audit(action=Action.CREATE, by=by, obj=item, council_id=_council_id(meeting))
    return item


@transaction.atomic
def update_item(
    *,
    item: AgendaItem,
    by,
    title: str,
    presenter: str = "",
    theme: str = "",
    text: str = "",
    sub_items: Iterable[str] | None = None,
    part: str | None = None,
) -> AgendaItem:
    _lock_meeting(item.meeting)
    item.title = title.strip()
    item.presenter = presenter.strip()
    item.theme = theme.strip()
    item.text = text.strip()
    item.save(update_fields=["title", "presenter", "theme", "text"])
    if sub_items is not None:
        _set_sub_items(item, sub_items)
    if part is not None and part != item.part:
        _move_to_part(item, part)
    _audit(action=Action.UPDATE, by=by, obj=item, council_id=_council_id(item.meeting))
    return item


def _move_to_part(item: AgendaItem, part: str, *, first: bool = False) -> None:
    """Move an officer's item to the other part: last of the officer's items there, or first."""
    if not item.is_movable:
        raise ValidationError({"part": "A standard item stays in its part"})
    old = [i for i in _part_items(item.meeting, item.part) if i.pk != item.pk]
    new = _arrange(_part_items(item.meeting, part))
    top = max((i.order for i in new), default=0) + 1
    AgendaItem.objects.filter(pk=item.pk).update(part=part, order=top)
    item.part, item.order = part, top
    head = [i for i in new if i.is_head]
    middle = [i for i in new if i.is_movable]
    tail = [i for i in new if i.is_tail]
    middle = [item, *middle] if first else [*middle, item]
    _renumber(_arrange(old))
    _renumber(head + middle + tail)


@transaction.atomic
def move_item(*, item: AgendaItem, by, direction: str) -> AgendaItem:
    """Move an officer's item one place up or down among the officer's items of its part.
    Down from the last place in Part A it becomes the first item of Part B; up from the first
    place in Part B, the last of the officer's items in Part A."""
    if not item.is_movable:
        raise ValidationError("Standard items stay where they are")
    if direction not in ("up", "down"):
        raise ValidationError("Move an item up or down")
    _lock_meeting(item.meeting)
    items = _arrange(_part_items(item.meeting, item.part))
    movable = [i for i in items if i.is_movable]
    index = next(n for n, i in enumerate(movable) if i.pk == item.pk)
    if direction == "up" and index > 0:
        movable[index - 1], movable[index] = movable[index], movable[index - 1]
    elif direction == "down" and index < len(movable) - 1:
        movable[index + 1], movable[index] = movable[index], movable[index + 1]
    elif direction == "up" and item.part == Part.B:
        _move_to_part(item, Part.A)
        movable = None
    elif direction == "down" and item.part == Part.A:
        _move_to_part(item, Part.B, first=True)
        movable = None
    if movable is not None:
        head = [i for i in items if i.is_head]
        tail = [i for i in items if i.is_tail]
        _renumber(head + movable + tail)
    _audit(
        action=Action.UPDATE,
        by=by,
        obj=item,
        council_id=_council_id(item.meeting),
        detail={"moved": direction},
    )
    item.refresh_from_db()
    return item


@transaction.atomic
def delete_item(*, item: AgendaItem, by) -> None:
    if not item.is_movable:
        raise ValidationError("Standard items cannot be removed")
    _lock_meeting(item.meeting)
    meeting, part = item.meeting, item.part
    _audit(action=Action.DELETE, by=by, obj=item, council_id=_council_id(meeting))
    item.delete()
    _renumber(_arrange(_part_items(meeting, part)))


# Papers ---------------------------------------------------------------------------------------


def _next_paper_order(item: AgendaItem) -> int:
    return (item.papers.aggregate(m=Max("order"))["m"] or 0) + 1


@transaction.atomic
def add_upload(*, item: AgendaItem, by, title: str, upload) -> Paper:
    """An uploaded PDF: checked to open as a PDF, size-limited, its active content removed
    (:mod:`panels.pdf_safety`) and the cleaned file stored with its page count and hash. The
    audit records what was removed and the hash of the file as uploaded; the returned paper's
    ``active_content_removed`` (not stored) says what was removed, for the page to tell."""
    try:
        facts = rules.check_pdf(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    paper = Paper(
        item=item,
        kind=Paper.Kind.UPLOAD,
        title=title.strip() or _stem(upload.name),
        order=_next_paper_order(item),
        original_name=(upload.name or "")[:300],
        file_size=len(facts.data),
        page_count=facts.page_count,
        sha256=facts.sha256,
        created_by=by,
    )
    paper.file.save("paper.pdf", ContentFile(facts.data), save=False)
    paper.save()
    _audit(
        action=Action.CREATE,
        by=by,
        obj=paper,
        council_id=_council_id(item.meeting),
        detail={
            "pages": facts.page_count,
            "sha256": facts.sha256,
            "uploaded_sha256": facts.uploaded_sha256,
            "removed": list(facts.removed),
        },
    )
    paper.active_content_removed = facts.removed
    return paper


def _stem(name: str) -> str:
    name = (name or "Paper").rsplit("/", 1)[-1]
    return name[:-4] if name.lower().endswith(".pdf") else name


REPORT_FIELDS = (
    "purpose",
    "executive_summary",
    "recommendations",
    "background",
    "conclusion",
    "background_papers",
    "author_name",
    "author_title",
    "author_contact",
)


def _clean_implications(implications: dict | None) -> dict:
    implications = implications or {}
    unknown = set(implications) - set(IMPLICATION_HEADINGS)
    if unknown:
        raise ValidationError(f"Unknown implication headings: {', '.join(sorted(unknown))}")
    return {h: (implications.get(h) or "").strip() for h in IMPLICATION_HEADINGS}


@transaction.atomic
def add_report(*, item: AgendaItem, by, title: str, implications=None, **fields) -> Paper:
    paper = Paper(
        item=item,
        kind=Paper.Kind.REPORT,
        title=title.strip(),
        order=_next_paper_order(item),
        implications=_clean_implications(implications),
        created_by=by,
        **{k: (fields.get(k) or "").strip() for k in REPORT_FIELDS},
    )
    paper.save()
    _audit(action=Action.CREATE, by=by, obj=paper, council_id=_council_id(item.meeting))
    return paper


@transaction.atomic
def update_report(*, paper: Paper, by, title: str, implications=None, **fields) -> Paper:
    if paper.kind != Paper.Kind.REPORT:
        raise ValidationError("Only a written report can be changed here")
    paper.title = title.strip()
    paper.implications = _clean_implications(implications)
    for key in REPORT_FIELDS:
        setattr(paper, key, (fields.get(key) or "").strip())
    paper.save()
    _audit(action=Action.UPDATE, by=by, obj=paper, council_id=_council_id(paper.item.meeting))
    return paper


def _json_options(options: dict) -> dict:
    import json

    return json.loads(json.dumps(options, cls=DjangoJSONEncoder))


def generators() -> dict:
    from . import generated

    return generated.GENERATORS


@transaction.atomic
def add_generated(*, item: AgendaItem, by, generator: str, title: str, options: dict) -> Paper:
    if generator not in generators():
        raise ValidationError({"generator": "Select a kind of generated paper"})
    paper = Paper.objects.create(
        item=item,
        kind=Paper.Kind.GENERATED,
        title=title.strip() or generators()[generator].label,
        order=_next_paper_order(item),
        generator=generator,
        options=_json_options(options),
        created_by=by,
    )
    _audit(
        action=Action.CREATE,
        by=by,
        obj=paper,
        council_id=_council_id(item.meeting),
        detail={"generator": generator},
    )
    return paper


@transaction.atomic
def update_generated(*, paper: Paper, by, title: str, options: dict) -> Paper:
    if paper.kind != Paper.Kind.GENERATED:
        raise ValidationError("Only a generated paper's options can be changed here")
    paper.title = title.strip() or paper.title
    paper.options = _json_options(options)
    paper.save(update_fields=["title", "options", "updated_at"])
    _audit(action=Action.UPDATE, by=by, obj=paper, council_id=_council_id(paper.item.meeting))
    return paper


@transaction.atomic
def delete_paper(*, paper: Paper, by) -> None:
    # The stored file stays: builds asked for before now may still read it.
    _audit(action=Action.DELETE, by=by, obj=paper, council_id=_council_id(paper.item.meeting))
    paper.delete()


# Minutes ----------------------------------------------------------------------------------------


def _not_held_yet(meeting: Meeting) -> str | None:
    """Minutes, attendance and actions are recorded once a meeting has been held."""
    if meeting.held_on > timezone.localdate():
        return (
            f"The meeting is on {long_date(meeting.held_on)}: its attendance, minutes and "
            "actions are recorded on or after that day"
        )
    return None


def check_held(meeting: Meeting) -> None:
    if message := _not_held_yet(meeting):
        raise ValidationError(message, code="not_held")


@dataclass(frozen=True)
class AttendanceEntry:
    member: Member
    status: str
    substitute_name: str = ""


@transaction.atomic
def record_attendance(*, meeting: Meeting, by, entries: list[AttendanceEntry]) -> None:
    check_held(meeting)
    errors = {}
    for entry in entries:
        if entry.member.committee_id != meeting.committee_id:
            raise ValidationError("That member is not on this committee")
        if entry.status == Attendance.Status.SUBSTITUTE and not entry.substitute_name.strip():
            errors[f"member_{entry.member.pk}_substitute"] = (
                f"Enter the name of {entry.member.name}'s substitute"
            )
    if errors:
        raise ValidationError(errors)
    for entry in entries:
        if not entry.status:
            Attendance.objects.filter(meeting=meeting, member=entry.member).delete()
            continue
        Attendance.objects.update_or_create(
            meeting=meeting,
            member=entry.member,
            defaults={
                "status": entry.status,
                "substitute_name": entry.substitute_name.strip()
                if entry.status == Attendance.Status.SUBSTITUTE
                else "",
            },
        )
    _audit(
        action=Action.UPDATE,
        by=by,
        obj=meeting,
        council_id=_council_id(meeting),
        detail={"attendance": len(entries)},
    )


def parse_officers(text: str) -> list[tuple[str, str]]:
    """'Name (Role)' or 'Name, Role' a line."""
    officers = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.endswith(")") and "(" in line:
            name, role = line[:-1].split("(", 1)
        elif "," in line:
            name, role = line.split(",", 1)
        else:
            name, role = line, ""
        officers.append((name.strip()[:200], role.strip()[:300]))
    return officers


@transaction.atomic
def set_officers(*, meeting: Meeting, by, text: str) -> None:
    check_held(meeting)
    meeting.officers.all().delete()
    OfficerAttendance.objects.bulk_create(
        OfficerAttendance(meeting=meeting, order=n, name=name, role=role)
        for n, (name, role) in enumerate(parse_officers(text), start=1)
    )
    _audit(
        action=Action.UPDATE,
        by=by,
        obj=meeting,
        council_id=_council_id(meeting),
        detail={"officers": True},
    )


@transaction.atomic
def record_minute(*, item: AgendaItem, by, text: str, resolved: str) -> Minute:
    check_held(item.meeting)
    minute, _ = Minute.objects.update_or_create(
        item=item,
        defaults={"text": text.strip(), "resolved": resolved.strip(), "updated_by": by},
    )
    _audit(action=Action.UPDATE, by=by, obj=minute, council_id=_council_id(item.meeting))
    return minute


def check_minute_action(
    *, meeting: Meeting, due_on: date | None, item: AgendaItem | None = None
) -> None:
    """An action is agreed at a meeting that has been held, about one of its items, and is
    due on or after the meeting and at most the planning horizon ahead."""
    problems = Problems()
    if message := _not_held_yet(meeting):
        problems.add(None, message, code="not_held")
    if item is not None and item.meeting_id != meeting.pk:
        problems.add("item", "Select an item of this meeting")
    problems.check_date(
        "due_on",
        "The due date",
        due_on,
        earliest=[Bound(meeting.held_on, "the date of the meeting")],
        latest=[horizon_bound(timezone.localdate())],
    )
    problems.raise_if_any()


@transaction.atomic
def add_action(
    *,
    meeting: Meeting,
    by,
    description: str,
    owner: str,
    due_on: date | None,
    item: AgendaItem | None = None,
) -> MinuteAction:
    check_minute_action(meeting=meeting, due_on=due_on, item=item)
    action = MinuteAction.objects.create(
        meeting=meeting,
        item=item,
        description=description.strip(),
        owner=owner.strip(),
        due_on=due_on,
    )
    _audit(action=Action.CREATE, by=by, obj=action, council_id=_council_id(meeting))
    return action


@transaction.atomic
def update_action(
    *, action: MinuteAction, by, status: str, update: str = "", due_on: date | None = None
) -> MinuteAction:
    if due_on is not None:
        problems = Problems()
        problems.check_date(
            "due_on",
            "The due date",
            due_on,
            earliest=[Bound(action.meeting.held_on, "the date of the meeting")],
            latest=[horizon_bound(timezone.localdate())],
        )
        problems.raise_if_any()
    action.status = status
    action.update = update.strip()
    if due_on is not None:
        action.due_on = due_on
    action.save(update_fields=["status", "update", "due_on"])
    _audit(action=Action.UPDATE, by=by, obj=action, council_id=_council_id(action.meeting))
    return action


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


# Packs ------------------------------------------------------------------------------------------


@transaction.atomic
def request_build(*, meeting: Meeting, part: str, by) -> PackBuild:
    """A new version of one part's pack, from the meeting as it is now; built by a worker."""
    if part not in (Part.A, Part.B):
        raise ValidationError("Select Part A or Part B")
    _lock_meeting(meeting)
    latest = meeting.builds.filter(part=part).aggregate(v=Max("version"))["v"] or 0
    version = latest + 1
    build = PackBuild.objects.create(
        meeting=meeting,
        part=part,
        version=version,
        built_by=by,
        stage="Waiting for a worker",
        spec=selectors.snapshot(meeting, part=part, version=version),
    )
    _audit(
        action=Action.CREATE,
        by=by,
        obj=build,
        council_id=_council_id(meeting),
        detail={"part": part, "version": version},
    )
    from .tasks import build_pack

    transaction.on_commit(lambda: build_pack.delay(build_id=build.pk))
    return build


def _progress(build_id: int, claimed_at):
    def report(stage: str, percent: int) -> None:
        PackBuild.objects.filter(
            pk=build_id, status=PackBuild.Status.RUNNING, started_at=claimed_at
        ).update(stage=str(stage)[:200], percent=max(0, min(100, int(percent))))

    return report


def claim_build(*, build_id: int):
    """Take a queued build (or one whose worker died: still running after the lease) with a
    conditional UPDATE; returns the claim time, or None when another worker has it."""
    now = timezone.now()
    stale = now - timedelta(seconds=settings.PANELS_BUILD_LEASE_SECONDS)
    claimed = (
        PackBuild.objects.filter(pk=build_id)
        .filter(
            Q(status=PackBuild.Status.QUEUED)
            | Q(status=PackBuild.Status.RUNNING, started_at__lt=stale)
        )
        .update(status=PackBuild.Status.RUNNING, started_at=now, stage="Starting", percent=0)
    )
    return now if claimed else None


UNEXPECTED = (
    "The pack could not be built because of an unexpected error. Try again; if it fails "
    "again, tell your administrator."
)


def run_build(*, build_id: int) -> str:
    """Build one claimed pack. Returns the build's final status, or "skipped"."""
    from . import pack

    claimed_at = claim_build(build_id=build_id)
    if claimed_at is None:
        return "skipped"
    build = PackBuild.objects.select_related("meeting", "meeting__committee").get(pk=build_id)
    mine = PackBuild.objects.filter(
        pk=build_id, status=PackBuild.Status.RUNNING, started_at=claimed_at
    )
    report = _progress(build_id, claimed_at)
    try:
        report("Reading the papers", 2)
        spec = selectors.pack_from_snapshot(build.spec)
        result = pack.build(spec, progress=report)
    except pack.PackError as exc:
        return _fail(build, mine, str(exc))
    except Exception:
        logger.exception("Pack build %s failed", build_id)
        return _fail(build, mine, UNEXPECTED)
    data = bytes(result.pdf)
    digest = hashlib.sha256(data).hexdigest()
    from django.core.files.storage import default_storage

    name = default_storage.save(pack_upload_to(build, ""), ContentFile(data))
    updated = mine.update(
        status=PackBuild.Status.SUCCEEDED,
        file=name,
        sha256=digest,
        page_count=result.page_count,
        file_size=len(data),
        stage="Built",
        percent=100,
        finished_at=timezone.now(),
    )
    if not updated:  # another worker took the build over; keep only its file
        default_storage.delete(name)
        return "skipped"
    _audit(
        action=Action.UPDATE,
        by=None,
        obj=build,
        council_id=build.meeting.committee.council_id,
        detail={"built": True, "sha256": digest, "pages": result.page_count},
    )
    return PackBuild.Status.SUCCEEDED


def _fail(build: PackBuild, mine, message: str) -> str:
    mine.update(
        status=PackBuild.Status.FAILED,
        error=message[:2000],
        stage="Failed",
        finished_at=timezone.now(),
    )
    _audit(
        action=Action.UPDATE,
        by=None,
        obj=build,
        council_id=build.meeting.committee.council_id,
        detail={"failed": message[:500]},
    )
    return PackBuild.Status.FAILED


@transaction.atomic
def issue_build(*, build: PackBuild, by) -> PackBuild:
    """Mark a built version as the one sent to members (and, for Part A, published)."""
    locked = PackBuild.objects.select_for_update().get(pk=build.pk)
    if locked.status != PackBuild.Status.SUCCEEDED:
        raise ValidationError("Only a pack that was built can be issued")
    if locked.issued_at is None:
        PackBuild.objects.filter(pk=build.pk).update(issued_at=timezone.now(), issued_by=by)
        _audit(
            action=Action.UPDATE,
            by=by,
            obj=locked,
            council_id=_council_id(build.meeting),
            detail={"issued": True, "part": locked.part, "version": locked.version},
        )
    build.refresh_from_db()
    return build


def record_download(*, build: PackBuild, by, request=None) -> None:
    """Part B is exempt information: each download is audited as an export. Part A is public
    once issued; its downloads by staff are audited too."""
    _audit(
        action=Action.EXPORT,
        by=by,
        obj=build,
        council_id=_council_id(build.meeting),
        request=request,
        detail={"part": build.part, "version": build.version},
    )


def record_paper_download(*, paper: Paper, by, request=None) -> None:
    """A download of an uploaded paper, which may be exempt information: audited as an export."""
    _audit(
        action=Action.EXPORT,
        by=by,
        obj=paper,
        council_id=_council_id(paper.item.meeting),
        request=request,
        detail={"sha256": paper.sha256},
    )


def is_public_part(part: str) -> bool:
    return part == PART_A
