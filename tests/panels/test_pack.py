"""The pack as a reader gets it: front sheet ranges, odd-page starts, blank pages, page numbers,
bookmarks and metadata, read back from the built PDF with pypdf."""

from __future__ import annotations

import dataclasses
import re

import pytest

from devtools import samples
from panels import pack
from panels.pack_spec import PART_A, PART_B, Item, Paper
from tests.panels import pdfs

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def spec():
    return samples.sample_pack(upload_pages=(10, 3, 1))


@pytest.fixture(scope="module")
def built_a(spec, django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return pack.build(spec)


@pytest.fixture(scope="module")
def built_b(spec, django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return pack.build(dataclasses.replace(spec, part=PART_B))


def _front_sheet(pages: list[str]) -> str:
    first_paper = min(p for ps in pdfs.agenda_starts(pages).values() for p in ps)
    return "\n".join(pages[: first_paper - 1])


def test_it_prints_each_papers_range_where_the_paper_really_starts_and_ends(spec, built_a):
    pages = pdfs.texts(built_a.pdf)
    printed = pdfs.printed_ranges(_front_sheet(pages), spec)
    real = pdfs.real_ranges(pages)
    assert printed == real
    assert printed == built_a.ranges
    # Every Part A item with papers has a range, and only those.
    assert set(printed) == {i.number for i in spec.items if i.part == PART_A and i.papers}


def test_it_starts_every_paper_on_an_odd_page(built_a):
    pages = pdfs.texts(built_a.pdf)
    starts = [p for ps in pdfs.agenda_starts(pages).values() for p in ps]
    assert len(starts) == 4  # the minutes, the presentation, the report and its slides
    assert all(p % 2 == 1 for p in starts), starts


def test_it_puts_a_blank_page_wherever_a_paper_would_start_on_an_even_page(built_a):
    pages = pdfs.texts(built_a.pdf)
    blanks = pdfs.blank_pages(pages)
    assert blanks == list(built_a.blank_pages)
    starts = sorted(p for ps in pdfs.agenda_starts(pages).values() for p in ps)
    for start in starts:
        before = start - 1
        # The page before a paper is either the end of the previous one on an even page or a
        # blank page; never an odd page ending something.
        assert before % 2 == 0
    # The 3-page presentation (item 9) ends on an odd page, so a blank page follows it.
    item_9_end = built_a.ranges[9][1]
    assert item_9_end % 2 == 1
    assert item_9_end + 1 in blanks
    for blank in blanks:
        assert pdfs.flat(pages[blank - 1]).startswith(pack.BLANK_PAGE_TEXT)


def test_it_numbers_every_page_uploads_included(built_a):
    pages = pdfs.texts(built_a.pdf)
    assert len(pages) == built_a.page_count
    for number, text in enumerate(pages, start=1):
        assert re.search(rf"\bPage {number}\b", text), f"page {number} has no number"
    # The uploads' own pages carry the numbers too.
    minutes_first, minutes_last = built_a.ranges[3]
    assert "Paper 1" in pages[minutes_first - 1]
    assert f"Page {minutes_last}" in pages[minutes_last - 1]


def test_it_marks_each_papers_first_page_with_its_agenda_item(built_a):
    pages = pdfs.texts(built_a.pdf)
    starts = pdfs.agenda_starts(pages)
    assert starts == {3: [3], 9: [13], 10: list(built_a.paper_starts[10])}
    assert len(starts[10]) == 2  # the report and the presentation each start a page


def test_it_bookmarks_the_front_sheet_and_every_item_with_papers(spec, built_a):
    marks = pdfs.outline(built_a.pdf)
    top = [(title, page) for title, page, depth in marks if depth == 0]
    assert top[0] == ("Agenda (front sheet)", 1)
    assert top[1:] == [
        (f"Item {number}: {next(i.title for i in spec.items if i.number == number)}", first)
        for number, (first, _last) in sorted(built_a.ranges.items())
    ]
    children = [(title, page) for title, page, depth in marks if depth == 1]
    assert children == [
        ("Care leavers' local offer", built_a.paper_starts[10][0]),
        ("Paper 3.pdf", built_a.paper_starts[10][1]),
    ]


def test_it_sets_the_document_metadata(spec, built_a):
    meta = pdfs.reader(built_a.pdf).metadata
    assert meta.title.startswith("Corporate Parenting Panel, Friday 27 February 2026")
    assert "Part A" in meta.title
    assert meta.author == spec.council_name
    assert "Committee Room 2" in meta.subject
    assert meta.creation_date is not None


def test_it_lays_out_the_front_sheet_like_the_real_pack(spec, built_a):
    front = pdfs.flat(_front_sheet(pdfs.texts(built_a.pdf)))
    for text in (
        "Corporate Parenting Panel",
        "Date Friday 27 February 2026",
        "Time 9.30 am",
        "Venue Committee Room 2, County Hall, Exampletown",
        "Business",
        "Part A",
        "Part B",
        "will not be open to the public",
        "Theme – Introduction to Corporate Parenting Panel",
        "What is a Corporate Parent? - Presentation by Chair of the Corporate Parenting Panel",
        "a) Presentation",
        "Section 100A(4) of the Local Government Act 1972",
        "Robin Sample Head of Legal and Democratic Services",
        "19 February 2026",
        "Councillor A Chairperson (Chair)",
        "Councillor B Deputy (Vice-Chair)",
        "Co-opted Members",
        "Young person representative of the Children in Care Council",
        "Contact: Sam Placeholder",
    ):
        assert text in front, text
    # Theme heading sits above item 9, item numbers run on through Part B.
    assert front.index("Theme – Introduction") < front.index("9. What is a Corporate Parent?")
    assert front.index("Part B") < front.index("14. Regulation 44 Visits")


def test_it_leaves_part_b_papers_out_of_the_public_pack(built_a):
    pages = pdfs.texts(built_a.pdf)
    assert 14 not in pdfs.agenda_starts(pages)
    assert not any("Regulation 44 visits Sheet" in pdfs.flat(t) for t in pages)
    front = pdfs.flat(_front_sheet(pages))
    # Part B's titles are listed, without pages.
    item_14 = front[front.index("14. Regulation 44 Visits") :]
    assert not pdfs.RANGE.match(item_14[item_14.index("Head of Early Help") + 17 :].lstrip())
    assert "circulated to members only" in item_14


def test_it_builds_part_b_as_a_separate_pack_of_part_b_papers_only(spec, built_b):
    pages = pdfs.texts(built_b.pdf)
    assert set(pdfs.agenda_starts(pages)) == {14}
    assert built_b.ranges == {14: pdfs.real_ranges(pages)[14]}
    assert pdfs.printed_ranges(_front_sheet(pages), spec) == built_b.ranges
    assert "not for publication" in pdfs.flat(pages[0])
    assert "Part B" in pdfs.reader(built_b.pdf).metadata.title


def test_it_reports_progress_up_to_done(spec):
    seen = []
    small = dataclasses.replace(
        spec, part=PART_B
    )  # Part B: no privacy check, so no database needed
    pack.build(small, progress=lambda stage, percent: seen.append((stage, percent)))
    percents = [p for _s, p in seen]
    assert percents == sorted(percents)
    assert seen[-1] == ("Done", 100)
    assert any("Regulation 44 visits.pdf" in s for s, _p in seen)


def test_it_names_a_corrupt_upload_in_its_error(spec):
    broken = Paper(kind="upload", title="KPI report.pdf", pdf=b"%PDF-1.7\nthis is not a pdf")
    bad = dataclasses.replace(
        spec,
        items=tuple(
            dataclasses.replace(i, papers=(broken,)) if i.number == 7 else i for i in spec.items
        ),
    )
    with pytest.raises(pack.PackError) as caught:
        pack.build(bad)
    assert str(caught.value) == "Item 7, 'KPI report.pdf': the file is not a readable PDF"


def test_it_uses_the_papers_own_label_in_an_error(spec):
    broken = Paper(kind="upload", title="x.pdf", pdf=b"GIF89a", label="Item 7: Board minutes")
    bad = dataclasses.replace(
        spec,
        items=tuple(
            dataclasses.replace(i, papers=(broken,)) if i.number == 7 else i for i in spec.items
        ),
    )
    with pytest.raises(pack.PackError, match=r"^Item 7: Board minutes: the file is not"):
        pack.build(bad)


def test_it_keeps_ranges_right_when_the_front_sheet_runs_to_an_odd_number_of_pages(spec):
    """Forty extra items push the front sheet over more pages: the first paper still starts on
    an odd page after it and the printed ranges still match."""
    extra = tuple(
        Item(100 + n, f"Additional standing item number {n} with a long descriptive title", PART_A)
        for n in range(40)
    )
    upload = Paper(kind="upload", title="late.pdf", pdf=samples.upload_pdf(pages=2, title="Late"))
    long = dataclasses.replace(
        spec,
        part=PART_B,
        items=spec.items + extra + (Item(200, "Late paper", PART_B, papers=(upload,)),),
    )
    built = pack.build(long)
    pages = pdfs.texts(built.pdf)
    assert built.front_sheet_pages >= 3
    assert pdfs.printed_ranges(_front_sheet(pages), long) == pdfs.real_ranges(pages)
    assert all(p % 2 == 1 for ps in pdfs.agenda_starts(pages).values() for p in ps)
    if built.front_sheet_pages % 2 == 1:
        assert built.front_sheet_pages + 1 in pdfs.blank_pages(pages)


def test_it_numbers_landscape_and_rotated_uploads(spec):
    import io

    from pypdf import PdfReader, PdfWriter

    landscape = samples.upload_pdf(pages=2, title="Landscape", size="A4 landscape")
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(samples.upload_pdf(pages=1, title="Rotated"))).pages:
        writer.add_page(page)
    writer.pages[0].rotate(90)
    rotated = io.BytesIO()
    writer.write(rotated)
    odd = dataclasses.replace(
        spec,
        part=PART_B,
        items=(
            Item(1, "Landscape", PART_B, papers=(Paper("upload", "l.pdf", pdf=landscape),)),
            Item(2, "Rotated", PART_B, papers=(Paper("upload", "r.pdf", pdf=rotated.getvalue()),)),
        ),
    )
    built = pack.build(odd)
    r = pdfs.reader(built.pdf)
    pages = pdfs.texts(built.pdf)
    first, _ = built.ranges[1]
    box = r.pages[first - 1].mediabox
    assert float(box.width) > float(box.height)  # still landscape
    for number, text in enumerate(pages, start=1):
        assert re.search(rf"\bPage {number}\b", text), number
    rotated_page = built.ranges[2][0]
    assert "Agenda Item 2" in pages[rotated_page - 1]


def test_it_lists_members_when_the_only_councillors_are_the_chair_and_vice_chair(spec):
    officers_only = tuple(m for m in spec.members if m.position or m.kind == "co-opted")
    assert len(officers_only) < len(spec.members)
    context = pack.front_sheet_context(dataclasses.replace(spec, members=officers_only), {})
    assert context["members"]["others"] == ""
    assert [name for name, _ in context["members"]["officers"]] == ["A Chairperson", "B Deputy"]
