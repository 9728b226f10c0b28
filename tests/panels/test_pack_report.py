"""Reports written in the app, on the council's template (seeds/004 lines 405-505)."""

from __future__ import annotations

import dataclasses

from devtools import samples
from panels import report as reports
from panels.pack_spec import IMPLICATION_HEADINGS, Item, Paper, WrittenReport
from tests.panels import pdfs


def _report(**changes) -> WrittenReport:
    return dataclasses.replace(samples.sample_report(paragraphs=2), **changes)


def _render(report: WrittenReport) -> list[str]:
    spec = samples.sample_pack(upload_pages=(), report=False)
    paper = Paper(kind="report", title="Care leavers' local offer", report=report)
    return pdfs.texts(
        reports.render_report(spec=spec, item=Item(10, "Local offer", "A"), paper=paper)
    )


def test_it_numbers_paragraphs_through_the_whole_report_not_per_section():
    sections = reports.numbered_sections(_report())
    headings = [s["heading"] for s in sections]
    assert headings == [
        "Purpose of the Report",
        "Executive Summary",
        "Recommendation(s)",
        "Background",
        "Conclusion",
    ]
    numbers = [p.number for s in sections for p in s["paragraphs"]]
    assert numbers == list(range(1, len(numbers) + 1))
    assert [p.number for p in sections[3]["paragraphs"]] == [5, 6]


def test_it_letters_the_points_of_a_paragraph():
    sections = reports.numbered_sections(_report())
    recommendation = sections[2]["paragraphs"][0]
    assert recommendation.text == "It is recommended that members of the panel:"
    assert recommendation.points == (
        ("a", "note the contents of this report"),
        ("b", "agree the priorities set out in paragraph 4"),
    )


def test_it_leaves_out_an_empty_section_without_breaking_the_numbering():
    sections = reports.numbered_sections(_report(executive_summary="  \n\n "))
    assert "Executive Summary" not in [s["heading"] for s in sections]
    numbers = [p.number for s in sections for p in s["paragraphs"]]
    assert numbers == list(range(1, len(numbers) + 1))


def test_it_prints_the_template_with_all_eleven_implications():
    pages = _render(_report(implications={"Legal": "The 2017 Act applies.", "Risk": ""}))
    text = pdfs.flat(" ".join(pages))
    for heading in (
        "Corporate Parenting Panel",
        "27 February 2026",
        "Care leavers' local offer",
        "Report of Alex Example, Head of Leaving Care, Exampleshire County Council",
        "Purpose of the Report 1. To update members",
        "Recommendation(s) 4. It is recommended that members of the panel: (a) note",
        "Background papers",
        "Author Alex Example, Head of Leaving Care Tel: 01234 567 890",
    ):
        assert heading in text, heading
    appendix = [p for p in pages if "Appendix 1: Implications" in p]
    assert len(appendix) == 1
    assert "Purpose of the Report" not in appendix[0]  # it starts a page of its own
    implications = pdfs.flat(appendix[0])
    positions = [implications.index(h) for h in IMPLICATION_HEADINGS]
    assert positions == sorted(positions)
    assert "Legal The 2017 Act applies." in implications
    assert implications.count("None.") == len(IMPLICATION_HEADINGS) - 1
