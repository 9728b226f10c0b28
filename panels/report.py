"""A report written in the app, on the council's committee report template (seeds/004 lines
405-505): purpose, executive summary, recommendations, background, conclusion, background
papers, author and contact, and "Appendix 1: Implications" with its 11 headings.

As in the real template, the paragraphs of the body (purpose to conclusion) are numbered 1, 2,
3 ... through the whole report, not per section. A field's paragraphs are separated by blank
lines; lines starting with "- " or "* " inside a paragraph become a lettered list, (a), (b) ...,
under it, as the real recommendations are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.template.loader import render_to_string

from core.dates import long_date
from core.pdf import html_to_pdf

from .pack_spec import IMPLICATION_HEADINGS, Item, Pack, Paper, WrittenReport

SECTIONS = (
    ("purpose", "Purpose of the Report"),
    ("executive_summary", "Executive Summary"),
    ("recommendations", "Recommendation(s)"),
    ("background", "Background"),
    ("conclusion", "Conclusion"),
)
_BULLET = re.compile(r"^\s*[-*•]\s+")
_BLANK_LINES = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Paragraph:
    number: int
    text: str
    points: tuple[tuple[str, str], ...]  # ("a", "Note the contents of this report")


def paragraphs(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """A field's paragraphs: (text, bullet points)."""
    found = []
    for block in _BLANK_LINES.split(text.replace("\r\n", "\n").strip()):
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        body = [line.strip() for line in lines if not _BULLET.match(line)]
        points = tuple(_BULLET.sub("", line).strip() for line in lines if _BULLET.match(line))
        found.append((" ".join(body), points))
    return found


def numbered_sections(report: WrittenReport) -> list[dict]:
    number = 0
    sections = []
    for field_name, heading in SECTIONS:
        numbered = []
        for text, points in paragraphs(getattr(report, field_name)):
            number += 1
            numbered.append(
                Paragraph(
                    number,
                    text,
                    tuple((_letter(i), point) for i, point in enumerate(points)),
                )
            )
        if numbered:
            sections.append({"heading": heading, "paragraphs": numbered})
    return sections


def _letter(index: int) -> str:
    return "abcdefghijklmnopqrstuvwxyz"[index % 26]


def implications(report: WrittenReport) -> list[tuple[str, list[str]]]:
    return [
        (heading, [t for t, _ in paragraphs(report.implications.get(heading, ""))] or ["None."])
        for heading in IMPLICATION_HEADINGS
    ]


def report_context(*, spec: Pack, item: Item, paper: Paper) -> dict:
    report = paper.report
    assert report is not None

    background_papers = [
        line.strip().lstrip("-*• ").strip()
        for line in report.background_papers.splitlines()
        if line.strip()
    ] or ["None"]
    return {
        "spec": spec,
        "item": item,
        "title": paper.title or item.title,
        "report": report,
        "meeting_date": long_date(spec.meeting_date),
        "sections": numbered_sections(report),
        "background_papers": background_papers,
        "implications": implications(report),
    }


def render_report(*, spec: Pack, item: Item, paper: Paper) -> bytes:

    return html_to_pdf(
        render_to_string(
            "panels/pdf/report.html", report_context(spec=spec, item=item, paper=paper)
        )
    )
