"""Panel meetings for tests, made through the services as an officer would. Names are
synthetic."""

from __future__ import annotations

import io
from datetime import date, time

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from panels.models import Committee, Member
from panels.services import committees as committee_services
from panels.services import meetings as meeting_services


def pdf_bytes(pages: int = 2) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_upload(pages: int = 2, name: str = "paper.pdf", data: bytes | None = None):
    return SimpleUploadedFile(name, pdf_bytes(pages) if data is None else data, "application/pdf")


def committee(council, *, by, name: str = "Corporate Parenting Panel") -> Committee:
    return committee_services.create_committee(council=council, by=by, name=name)


def member(committee, *, by, name="Councillor A Testname", **fields) -> Member:
    defaults = {"kind": "councillor", "position": "", "description": ""}
    defaults["term_starts_on"] = date(2024, 5, 1)
    defaults["term_ends_on"] = None
    return committee_services.add_member(
        committee=committee, by=by, name=name, **(defaults | fields)
    )


def meeting(committee, *, by, held_on=date(2026, 3, 27), **fields):
    defaults = {
        "starts_at": time(9, 30),
        "venue": "Committee Room 2, Testshire Hall",
        "issued_on": date(2026, 3, 19),
        "signatory_name": "Dana Signer",
        "signatory_title": "Head of Legal and Democratic Services",
        "contact_name": "Cory Committee",
        "contact_email": "co@home.example",
        "contact_phone": "01234 567890",
    }
    return meeting_services.create_meeting(
        committee=committee, by=by, held_on=held_on, **(defaults | fields)
    )


def panel_for(world):
    """A committee of the home council with a chair, a vice-chair, councillors and a young
    person representative, and one meeting."""
    by = world.committee_officer
    c = committee(world.council, by=by)
    member(c, by=by, name="Councillor Ana Chairley", position="Chair")
    member(c, by=by, name="Councillor Ben Vicary", position="Vice-Chair")
    member(c, by=by, name="Councillor Cal Benchley")
    member(
        c,
        by=by,
        name="Young person representative",
        kind="co-opted",
        description="Young person representative, Children in Care Council",
    )
    return c, meeting(c, by=by)


def report_fields(**overrides) -> dict:
    fields = {
        "title": "Care leavers' accommodation",
        "purpose": "To update the panel on accommodation for care leavers.",
        "executive_summary": "Most care leavers live in suitable accommodation.\n\nA few do not.",
        "recommendations": "That the panel notes the report.",
        "background": "The council is a corporate parent.",
        "conclusion": "Work continues.",
        "background_papers": "",
        "author_name": "Rowan Writer",
        "author_title": "Head of Leaving Care",
        "author_contact": "01234 000000",
        "implications": {"Legal": "None.", "Finance": "Within budget."},
    }
    return fields | overrides
