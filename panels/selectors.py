"""Reads for panel meetings, every one scoped to the user's council, and the pack snapshot.

``pack_spec(meeting, part=...)`` is the contract with the pack builder (``panels.pack_spec``).
A build runs from ``snapshot(...)`` taken when it was asked for: plain JSON stored on the
``PackBuild`` row, where an uploaded paper is its stored file's name (files are never
overwritten, so the snapshot's file stays as it was) and ``pack_from_snapshot`` reads the
bytes back.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

from django.core.files.storage import default_storage
from django.db.models import Count, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from . import pack_spec as spec
from .models import (
    AgendaItem,
    Attendance,
    Committee,
    Meeting,
    Member,
    MinuteAction,
    PackBuild,
    Paper,
)

POSITION_ORDER = {Member.Position.CHAIR: 0, Member.Position.VICE_CHAIR: 1}


# Scope --------------------------------------------------------------------------------------


def committees_for(user) -> QuerySet[Committee]:
    return Committee.objects.filter(council_id=user.council_id)


def committee_for(user, *, uuid) -> Committee:
    return get_object_or_404(committees_for(user).select_related("council"), uuid=uuid)


def meetings_for(user) -> QuerySet[Meeting]:
    return Meeting.objects.filter(committee__council_id=user.council_id)


def meeting_for(user, *, uuid) -> Meeting:
    return get_object_or_404(
        meetings_for(user).select_related("committee", "committee__council"), uuid=uuid
    )


def member_for(user, *, committee: Committee, pk) -> Member:
    return get_object_or_404(Member.objects.filter(committee=committee), pk=pk)


def item_for(meeting: Meeting, *, pk) -> AgendaItem:
    return get_object_or_404(AgendaItem.objects.filter(meeting=meeting), pk=pk)


def paper_for(meeting: Meeting, *, uuid) -> Paper:
    return get_object_or_404(
        Paper.objects.filter(item__meeting=meeting).select_related("item"), uuid=uuid
    )


def action_for(meeting: Meeting, *, uuid) -> MinuteAction:
    return get_object_or_404(MinuteAction.objects.filter(meeting=meeting), uuid=uuid)


def build_for(user, *, uuid) -> PackBuild:
    return get_object_or_404(
        PackBuild.objects.filter(meeting__committee__council_id=user.council_id).select_related(
            "meeting", "meeting__committee", "built_by", "issued_by"
        ),
        uuid=uuid,
    )


# Lists ----------------------------------------------------------------------------------------


def committee_list(user) -> QuerySet[Committee]:
    return committees_for(user).annotate(
        member_count=Count("members", distinct=True),
        meeting_count=Count("meetings", distinct=True),
        latest_meeting_on=Max("meetings__held_on"),
    )


def meeting_list(committee: Committee) -> QuerySet[Meeting]:
    latest = PackBuild.objects.filter(meeting=OuterRef("pk"), issued_at__isnull=False)
    return committee.meetings.annotate(
        item_count=Count("items", distinct=True),
        build_count=Count("builds", distinct=True),
        issued_version_a=Subquery(
            latest.filter(part=spec.PART_A).order_by("-version").values("version")[:1]
        ),
        issued_version_b=Subquery(
            latest.filter(part=spec.PART_B).order_by("-version").values("version")[:1]
        ),
    )


def members_serving(committee: Committee, on: date) -> list[Member]:
    members = committee.members.filter(term_starts_on__lte=on).filter(
        Q(term_ends_on__isnull=True) | Q(term_ends_on__gte=on)
    )
    return sorted(
        members,
        key=lambda m: (m.kind != Member.Kind.COUNCILLOR, POSITION_ORDER.get(m.position, 9), m.name),
    )


def numbered_items(meeting: Meeting) -> list[AgendaItem]:
    """Every item in order, Part A then Part B, with ``number`` set (1, 2, ... through both
    parts), and sub-items and papers loaded."""
    items = list(
        meeting.items.order_by("part", "order").prefetch_related(
            "sub_items", Prefetch("papers", queryset=Paper.objects.order_by("order", "pk"))
        )
    )
    for number, item in enumerate(items, start=1):
        item.number = number
    return items


def builds_for(meeting: Meeting) -> QuerySet[PackBuild]:
    return meeting.builds.select_related("built_by", "issued_by").order_by("part", "-version")


def previous_meeting(meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(committee_id=meeting.committee_id, held_on__lt=meeting.held_on)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-held_on", "-starts_at")
        .first()
    )


def matters_arising(meeting: Meeting) -> list[MinuteAction]:
    """Actions from earlier meetings of the committee still open, and whatever became of the
    last meeting's actions: the matters arising at this meeting."""
    previous = previous_meeting(meeting)
    earlier = Q(meeting__committee_id=meeting.committee_id, meeting__held_on__lt=meeting.held_on)
    condition = Q(status=MinuteAction.Status.OPEN)
    if previous is not None:
        condition |= Q(meeting=previous)
    return list(
        MinuteAction.objects.filter(earlier & condition)
        .select_related("meeting")
        .order_by("meeting__held_on", "due_on", "pk")
    )


def attendance_for(meeting: Meeting) -> list[tuple[Member, Attendance | None]]:
    recorded = {a.member_id: a for a in meeting.attendance.all()}
    return [(m, recorded.get(m.pk)) for m in members_serving(meeting.committee, meeting.held_on)]


def public_packs(committee: Committee) -> list[PackBuild]:
    """The latest issued Part A pack of each meeting: what the public may read."""
    builds = (
        PackBuild.objects.filter(
            meeting__committee=committee, part=spec.PART_A, issued_at__isnull=False
        )
        .select_related("meeting")
        .order_by("-meeting__held_on", "meeting_id", "-version")
    )
    seen: set[int] = set()
    latest = []
    for build in builds:
        if build.meeting_id not in seen:
            seen.add(build.meeting_id)
            latest.append(build)
    return latest


def public_build(*, uuid) -> PackBuild:
    return get_object_or_404(
        PackBuild.objects.filter(part=spec.PART_A, issued_at__isnull=False).select_related(
            "meeting", "meeting__committee"
        ),
        uuid=uuid,
    )


# The pack -------------------------------------------------------------------------------------


def _matters_arising_text(actions: list[MinuteAction]) -> str:
    if not actions:
        return ""
    lines = ["Matters arising:"]
    for action in actions:
        due = f", due {action.due_on:%-d %B %Y}" if action.due_on else ""
        update = f" {action.update}" if action.update else ""
        lines.append(
            f"- {action.description} ({action.owner}{due}): {action.get_status_display()}.{update}"
        )
    return "\n".join(lines)


def _paper_data(paper: Paper, *, number: int) -> dict:
    label = f"Item {number}: {paper.original_name or paper.title}"
    data = {"kind": paper.kind, "title": paper.title, "label": label}
    if paper.kind == Paper.Kind.UPLOAD:
        data |= {"file": paper.file.name, "sha256": paper.sha256}
    elif paper.kind == Paper.Kind.REPORT:
        data["report"] = {
            "purpose": paper.purpose,
            "executive_summary": paper.executive_summary,
            "recommendations": paper.recommendations,
            "background": paper.background,
            "conclusion": paper.conclusion,
            "background_papers": paper.background_papers,
            "author_name": paper.author_name,
            "author_title": paper.author_title,
            "author_contact": paper.author_contact,
            "implications": {
                heading: paper.implications.get(heading, "")
                for heading in spec.IMPLICATION_HEADINGS
                if paper.implications.get(heading, "").strip()
            },
        }
    else:
        data |= {"generator": paper.generator, "options": paper.options}
    return data


def snapshot(meeting: Meeting, *, part: str, version: int = 1) -> dict:
    """The meeting as plain JSON, as the pack of ``part`` needs it. Papers are included only
    for the items of that part, so nothing of Part B is ever in a Part A snapshot."""
    committee = meeting.committee
    council = committee.council
    actions = matters_arising(meeting)
    items = []
    for item in numbered_items(meeting):
        text = item.text
        if item.standard == AgendaItem.Standard.MINUTES:
            text = "\n\n".join(t for t in (text, _matters_arising_text(actions)) if t)
        items.append(
            {
                "number": item.number,
                "title": item.title,
                "part": item.part,
                "presenter": item.presenter,
                "theme": item.theme,
                "text": text,
                "sub_items": [{"letter": s.letter, "title": s.title} for s in item.sub_items.all()],
                "papers": [_paper_data(p, number=item.number) for p in item.papers.all()]
                if item.part == part
                else [],
            }
        )
    return {
        "part": part,
        "council_id": council.pk,
        "council_name": council.name,
        "committee_name": committee.name,
        "meeting_date": meeting.held_on.isoformat(),
        "meeting_time": meeting.starts_at.isoformat(),
        "venue": meeting.venue,
        "issue_date": (meeting.issued_on or meeting.held_on).isoformat(),
        "signatory_name": meeting.signatory_name,
        "signatory_title": meeting.signatory_title,
        "contact_officer_name": meeting.contact_name,
        "contact_officer_email": meeting.contact_email,
        "contact_officer_phone": meeting.contact_phone,
        "members": [
            {
                "name": m.name,
                "position": m.position,
                "kind": m.kind,
                "description": m.description,
            }
            for m in members_serving(committee, meeting.held_on)
        ],
        "items": items,
        "version": version,
        "suppression_threshold": council.suppression_threshold,
    }


def _paper_from(data: dict) -> spec.Paper:
    common = {"kind": data["kind"], "title": data["title"], "label": data.get("label", "")}
    if data["kind"] == "upload":
        with default_storage.open(data["file"], "rb") as handle:
            return spec.Paper(**common, pdf=handle.read())
    if data["kind"] == "report":
        return spec.Paper(**common, report=spec.WrittenReport(**data["report"]))
    return spec.Paper(**common, generator=data["generator"], options=dict(data["options"]))


def pack_from_snapshot(data: dict) -> spec.Pack:
    items = tuple(
        spec.Item(
            number=i["number"],
            title=i["title"],
            part=i["part"],
            presenter=i["presenter"],
            theme=i["theme"],
            text=i["text"],
            sub_items=tuple(spec.SubItem(**s) for s in i["sub_items"]),
            papers=tuple(_paper_from(p) for p in i["papers"]),
        )
        for i in data["items"]
    )
    fields = {
        k: v for k, v in data.items() if k not in ("items", "members", "meeting_date", "issue_date")
    }
    fields["meeting_time"] = time.fromisoformat(data["meeting_time"])
    return spec.Pack(
        **fields,
        meeting_date=date.fromisoformat(data["meeting_date"]),
        issue_date=date.fromisoformat(data["issue_date"]),
        members=tuple(spec.Member(**m) for m in data["members"]),
        items=items,
    )


def pack_spec(meeting: Meeting, *, part: str) -> spec.Pack:
    """The meeting as the pack builder needs it, uploaded papers' bytes included."""
    pack = pack_from_snapshot(snapshot(meeting, part=part))
    latest = meeting.builds.filter(part=part).aggregate(v=Max("version"))["v"]
    return replace(pack, version=(latest or 0) + 1)
