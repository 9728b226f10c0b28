"""Synthetic packs for tests and the benchmark: a meeting shaped like the real one (DOMAIN.md §7:
13 Part A items with a theme heading, 2 Part B items). Every name is made up."""

from __future__ import annotations

from datetime import date, time

from django.utils.html import escape

from core.pdf import html_to_pdf
from panels.pack_spec import (
    IMPLICATION_HEADINGS,
    PART_A,
    PART_B,
    Item,
    Member,
    Pack,
    Paper,
    SubItem,
    WrittenReport,
)

EXCLUDE_PUBLIC = (
    "That under Section 100A(4) of the Local Government Act 1972, the public be excluded from "
    "the meeting for the following items of business on the grounds that they involve the "
    "likely disclosure of exempt information as defined in paragraph 1 of Part 1 of Schedule "
    "12A to the Act."
)
URGENT = (
    "Such other business as, in the opinion of the Chair of the meeting, is of sufficient "
    "urgency to warrant consideration."
)


def upload_pdf(
    *, pages: int, title: str = "Uploaded paper", size: str = "A4", text: str = ""
) -> bytes:
    """A PDF of ``pages`` pages as a committee officer might upload, made with WeasyPrint."""

    body = "".join(
        f'<section style="break-after: page"><h1>{escape(title)}</h1>'
        f"<p>{escape(text)}</p><p>Sheet {n} of {pages}.</p>"
        + "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 6
        + "</p></section>"
        for n in range(1, pages + 1)
    )
    html = (
        f"<html><head><style>@page {{ size: {size}; margin: 30mm 25mm; }}"
        f"section:last-child {{ break-after: auto; }}</style></head><body>{body}</body></html>"
    )
    return html_to_pdf(html)


def sample_report(paragraphs: int = 3) -> WrittenReport:
    filler = (
        "Officers continue to work with partners to improve the support offered to care "
        "leavers, and members will receive a further update at a future meeting."
    )
    return WrittenReport(
        purpose="To update members of the panel on the support the council offers to its care "
        "leavers.",
        executive_summary="\n\n".join([filler] * paragraphs),
        recommendations="It is recommended that members of the panel:\n"
        "- note the contents of this report\n- agree the priorities set out in paragraph 4",
        background="\n\n".join([filler] * paragraphs),
        conclusion="Members will be kept informed of progress.",
        background_papers="None",
        author_name="Alex Example",
        author_title="Head of Leaving Care",
        author_contact="Tel: 01234 567 890",
        implications={
            "Legal": "The Children and Social Work Act 2017 sets out the corporate parenting "
            "principles."
        },
    )


def sample_pack(
    *,
    part: str = PART_A,
    council_id: int = 0,
    council_name: str = "Exampleshire County Council",
    upload_pages: tuple[int, ...] = (10, 3, 1),
    report: bool = True,
    generated: tuple[Paper, ...] = (),
    suppression_threshold: int = 5,
    extra_part_a_papers: tuple[Paper, ...] = (),
) -> Pack:
    """A meeting like the real one: 13 Part A items (a theme heading from item 9), 2 Part B."""
    uploads = [
        Paper(
            kind="upload",
            title=f"Paper {i + 1}.pdf",
            pdf=upload_pdf(pages=n, title=f"Paper {i + 1}"),
        )
        for i, n in enumerate(upload_pages)
    ]
    reports = (
        (Paper(kind="report", title="Care leavers' local offer", report=sample_report()),)
        if report
        else ()
    )
    part_b_paper = Paper(
        kind="upload",
        title="Regulation 44 visits.pdf",
        pdf=upload_pdf(pages=2, title="Regulation 44 visits"),
    )
    items = [
        Item(1, "Apologies for Absence", PART_A),
        Item(2, "Substitute Members", PART_A),
        Item(
            3,
            "Minutes of the meeting held on 31 January 2026",
            PART_A,
            papers=tuple(uploads[:1]),
        ),
        Item(4, "Declarations of Interest", PART_A),
        Item(5, "Number of Care Leavers", PART_A, presenter="Update by Head of Leaving Care"),
        Item(6, "Ofsted Updates", PART_A),
        Item(7, "Confirmation of Member Appointments", PART_A),
        Item(8, "Update from the Children in Care Council", PART_A),
        Item(
            9,
            "What is a Corporate Parent?",
            PART_A,
            presenter="Presentation by Chair of the Corporate Parenting Panel",
            theme="Introduction to Corporate Parenting Panel",
            papers=tuple(uploads[1:2]),
        ),
        Item(
            10,
            "Care Leavers' Local Offer",
            PART_A,
            presenter="Report of Head of Leaving Care",
            papers=reports + tuple(uploads[2:]),
            sub_items=(SubItem("a", "Presentation"),),
        ),
        Item(
            11,
            "Performance Report",
            PART_A,
            presenter="Report of Strategic Manager, Performance",
            papers=tuple(generated) + tuple(extra_part_a_papers),
        ),
        Item(12, URGENT, PART_A),
        Item(
            13,
            "Any resolution relating to the exclusion of the public during the discussion of "
            "items containing exempt information.",
            PART_A,
            text=EXCLUDE_PUBLIC,
        ),
        Item(
            14,
            "Regulation 44 Visits - Summary Report",
            PART_B,
            presenter="Joint Report of Head of Children's Social Care and Head of Early Help",
            papers=(part_b_paper,),
        ),
        Item(15, URGENT, PART_B),
    ]
    return Pack(
        part=part,
        council_id=council_id,
        council_name=council_name,
        committee_name="Corporate Parenting Panel",
        meeting_date=date(2026, 2, 27),
        meeting_time=time(9, 30),
        venue="Committee Room 2, County Hall, Exampletown",
        issue_date=date(2026, 2, 19),
        signatory_name="Robin Sample",
        signatory_title="Head of Legal and Democratic Services",
        contact_officer_name="Sam Placeholder",
        contact_officer_email="sam.placeholder@exampleshire.example",
        contact_officer_phone="01234 000 111",
        members=(
            Member("A Chairperson", "Chair"),
            Member("B Deputy", "Vice-Chair"),
            *(Member(f"{chr(67 + i)} Member{i}") for i in range(12)),
            Member("D Coopted", kind="co-opted"),
            Member(
                "E Representative",
                kind="co-opted",
                description="Young person representative of the Children in Care Council",
            ),
        ),
        items=tuple(items),
        suppression_threshold=suppression_threshold,
    )


__all__ = ["IMPLICATION_HEADINGS", "PART_A", "PART_B", "sample_pack", "upload_pdf"]
