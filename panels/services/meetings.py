"""A meeting, its agenda and its papers.

Rules of the agenda: the standard items at the head of Part A (apologies, substitutes,
minutes, declarations) stay first and the standard items at the tail of each part (urgent
business, and before Part B the resolution to exclude the public) stay last; the officer's own
items sit between and can be moved up, down and between parts.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from audit.models import Action
from core.dates import Bound, horizon_bound, long_date
from core.db import unique_values_refused
from core.forms import Problems

from .. import rules
from ..models import (
    AgendaItem,
    Committee,
    Meeting,
    Paper,
    Part,
    SubItem,
)
from ..pack_spec import IMPLICATION_HEADINGS
from ..selectors import meetings as meeting_selectors
from . import _audit, _council_id, _lock_meeting

MEETING_TIME_TAKEN = "The committee already meets on this date at this time"
#: Two saves at once can both pass the checks below; the database refuses the later one, and
#: it is told the same thing (core.db), not shown a server error.
MEETING_UNIQUE = {"panels_meeting_unique_time": ("held_on", MEETING_TIME_TAKEN)}

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
    previous = meeting_selectors.previous_meeting(meeting)
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
    from .. import generated

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
