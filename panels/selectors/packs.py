"""A meeting's pack builds, and the pack snapshot.

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
from django.db.models import Max, QuerySet

from core.dates import long_date

from .. import pack_spec as spec
from ..models import (
    AgendaItem,
    Meeting,
    MinuteAction,
    PackBuild,
    Paper,
)
from .committees import members_serving
from .meetings import matters_arising, numbered_items


def builds_for(meeting: Meeting) -> QuerySet[PackBuild]:
    return meeting.builds.select_related("built_by", "issued_by").order_by("part", "-version")


def _matters_arising_text(actions: list[MinuteAction]) -> str:
    if not actions:
        return ""
    lines = ["Matters arising:"]
    for action in actions:
        due = f", due {long_date(action.due_on)}" if action.due_on else ""
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
