"""Build a panel pack: one PDF from a :class:`panels.pack_spec.Pack`.

The layout follows the real pack (DOMAIN.md §7, seeds/004 lines 1-83):

1. **Papers first.** Every paper of this pack's part is turned into PDF bytes on its own: an
   upload as it was uploaded (checked to open and to have pages), a written report on the
   council template (``panels.report``) and a generated paper through its generator
   (``panels.generated``). A paper that cannot be read stops the build with a
   :class:`PackError` naming it.
2. **Then the front sheet**, whose page ranges need to know where every paper starts. The front
   sheet is rendered with the ranges worked out for a front sheet of the length it had last
   time; if the real ranges make it longer or shorter (a range pushed onto a new line), it is
   rendered again with the new length, until it settles.
3. **Assembly.** Each paper starts on an odd page (a right-hand page when printed double
   sided): where the page before it would leave it on an even page, a page reading "This page
   is intentionally left blank" goes in first. The ranges on the front sheet are the paper's
   own pages, not the blank page after it.
4. **Stamping.** One overlay made with WeasyPrint, a page for every page of the pack and of the
   same size, carries "Page N" at the foot and "Agenda Item N" at the top of each paper's first
   page; pypdf merges it onto the pages, uploads included.
5. **Bookmarks** for the front sheet and for every item with papers (one child per paper when
   an item has more than one) and **document metadata** (title, author = the council,
   subject, creation date).
6. **Privacy** (Part A only): the text of the finished pack is checked against the names and
   identifiers of the council's young people; a match stops the build (``panels.privacy``).

``progress(stage, percent)`` is called as the build goes, for the officer's progress page.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.template.loader import render_to_string
from django.utils import timezone
from pypdf import PdfReader, PdfWriter, Transformation

from core.dates import long_date
from core.pdf import html_to_pdf

from . import pdf_safety, privacy
from .pack_spec import PART_A, PART_B, Item, Pack, Paper

BLANK_PAGE_TEXT = "This page is intentionally left blank"
MAX_FRONT_SHEET_PASSES = 4


class PackError(Exception):
    """A pack could not be built. The message is for the committee officer: it names the
    paper that failed and why, e.g. "Item 7, 'KPI report.pdf': the file is not a readable
    PDF"."""


@dataclass(frozen=True)
class BuiltPack:
    pdf: bytes
    page_count: int
    #: item number -> (first page, last page) of its papers, as printed on the front sheet
    ranges: dict[int, tuple[int, int]]
    sha256: str
    #: pages of the front sheet (page 1 to this)
    front_sheet_pages: int = 0
    #: page numbers of the "This page is intentionally left blank" pages
    blank_pages: tuple[int, ...] = ()
    #: item number -> first page of each of its papers, in order
    paper_starts: dict[int, tuple[int, ...]] = field(default_factory=dict)


# Small helpers ------------------------------------------------------------------------------


def paper_label(item: Item, paper: Paper) -> str:
    """How an error message names a paper."""
    return paper.label or f"Item {item.number}, '{paper.title}'"


def clock_time(moment) -> str:
    """ "9.30 am", "2.00 pm", "12.00 noon"."""
    if moment.hour == 12 and moment.minute == 0:
        return "12.00 noon"
    hour = moment.hour % 12 or 12
    return f"{hour}.{moment.minute:02d} {'am' if moment.hour < 12 else 'pm'}"


def page_range_text(first: int, last: int) -> str:
    return f"(Page {first})" if first == last else f"(Pages {first} - {last})"


def included_items(spec: Pack) -> list[Item]:
    """Items whose papers go into this pack: those of its part that have papers."""
    return [item for item in spec.items if item.part == spec.part and item.papers]


# Papers -------------------------------------------------------------------------------------


def _render_paper(spec: Pack, item: Item, paper: Paper) -> bytes:
    if paper.kind == "upload":
        if not paper.pdf:
            raise ValueError("the file is empty")
        _open(paper.pdf)  # says what is wrong with a damaged file
        # Cleaned on upload; again here for a file stored before that (or restored from a backup).
        return pdf_safety.clean(paper.pdf).data
    if paper.kind == "report":
        if paper.report is None:
            raise ValueError("the report has no content")
        from .report import render_report

        return render_report(spec=spec, item=item, paper=paper)
    if paper.kind == "generated":
        from .generated import GENERATORS

        generator = GENERATORS.get(paper.generator)
        if generator is None:
            raise ValueError(f"there is no generated paper called '{paper.generator}'")
        return generator.render(pack=spec, paper=paper)
    raise ValueError(f"unknown kind of paper '{paper.kind}'")


def _open(data: bytes) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise PackError("the file is protected by a password")
        count = len(reader.pages)
    except PackError:
        raise
    except Exception as exc:
        raise PackError("the file is not a readable PDF") from exc
    if count == 0:
        raise PackError("the file has no pages")
    return reader


@dataclass
class _RenderedPaper:
    item: Item
    paper: Paper
    pdf: bytes
    pages: int


def render_papers(spec: Pack, progress: Callable[[str, int], None]) -> list[_RenderedPaper]:
    items = included_items(spec)
    total = sum(len(item.papers) for item in items) or 1
    done = 0
    found = []
    for item in items:
        for paper in item.papers:
            label = paper_label(item, paper)
            progress(f"Preparing {label}", 5 + 55 * done // total)
            try:
                data = _render_paper(spec, item, paper)
                reader = _open(data)
            except PackError as exc:
                raise PackError(f"{label}: {exc}") from exc
            except Exception as exc:  # a generator or template failed: say which paper
                raise PackError(f"{label}: {exc}") from exc
            found.append(_RenderedPaper(item, paper, data, len(reader.pages)))
            done += 1
    return found


# Layout -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Placed:
    rendered: _RenderedPaper
    first: int
    last: int
    blank_before: int | None  # the blank page put in before it, if any


def place(papers: list[_RenderedPaper], front_sheet_pages: int) -> tuple[list[_Placed], int]:
    """Where each paper goes after a front sheet of ``front_sheet_pages`` pages; and the
    pack's length."""
    placed = []
    last = front_sheet_pages
    for rendered in papers:
        blank = None
        if last % 2 == 1:  # the next page would be even: a blank page first
            last += 1
            blank = last
        first = last + 1
        last = first + rendered.pages - 1
        placed.append(_Placed(rendered, first, last, blank))
    return placed, last


def ranges_of(placed: list[_Placed]) -> dict[int, tuple[int, int]]:
    ranges: dict[int, tuple[int, int]] = {}
    for p in placed:
        number = p.rendered.item.number
        first, last = ranges.get(number, (p.first, p.last))
        ranges[number] = (min(first, p.first), max(last, p.last))
    return ranges


# The front sheet ----------------------------------------------------------------------------


def _members(spec: Pack) -> dict:
    councillors = [m for m in spec.members if m.kind != "co-opted"]
    officers = [m for m in councillors if m.position]
    order = {"Chair": 0, "Vice-Chair": 1}
    officers.sort(key=lambda m: order.get(m.position, 2))
    others = [m for m in councillors if not m.position]
    names = [_without_title(m.name) for m in others]
    if len(names) > 1:
        listed = ", ".join(names[:-1]) + f" and {names[-1]}"
    else:  # one name, or none (a committee of only its chair and vice-chair)
        listed = names[0] if names else ""
    return {
        "officers": [(_without_title(m.name), m.position) for m in officers],
        "others": listed,
        "others_plural": len(names) > 1,
        "co_opted": [m for m in spec.members if m.kind == "co-opted"],
    }


def _without_title(name: str) -> str:
    for title in ("Councillor ", "Cllr "):
        if name.startswith(title):
            return name[len(title) :]
    return name


def front_sheet_context(spec: Pack, ranges: dict[int, tuple[int, int]]) -> dict:
    rows = []
    for item in spec.items:
        pages = ""
        if item.part == spec.part and item.number in ranges:
            pages = page_range_text(*ranges[item.number])
        rows.append(
            {
                "item": item,
                "pages": pages,
                "elsewhere": item.part != spec.part and bool(item.papers),
                "theme": _theme(item.theme),
            }
        )
    return {
        "spec": spec,
        "part_b_pack": spec.part == PART_B,
        # "Friday 28 February 2020", as on the real front sheet
        "date": f"{spec.meeting_date:%A} {long_date(spec.meeting_date)}",
        "time": clock_time(spec.meeting_time),
        "issue_date": long_date(spec.issue_date),
        "part_a": [r for r in rows if r["item"].part == PART_A],
        "part_b": [r for r in rows if r["item"].part == PART_B],
        "members": _members(spec),
    }


def _theme(theme: str) -> str:
    if not theme or theme.lower().startswith("theme"):
        return theme
    return f"Theme – {theme}"


def render_front_sheet(spec: Pack, ranges: dict[int, tuple[int, int]]) -> bytes:
    return html_to_pdf(
        render_to_string("panels/pdf/front_sheet.html", front_sheet_context(spec, ranges))
    )


def _placeholder_ranges(papers: list[_RenderedPaper]) -> dict[int, tuple[int, int]]:
    """Ranges as wide as any real one will be, for measuring the front sheet the first time."""
    return {p.item.number: (8888, 8888 + 1) for p in papers}


def lay_out(
    spec: Pack, papers: list[_RenderedPaper]
) -> tuple[bytes, int, list[_Placed], int, dict[int, tuple[int, int]]]:
    """The front sheet and the placing of the papers after it, consistent with each other."""
    front = render_front_sheet(spec, _placeholder_ranges(papers))
    front_pages = len(_open(front).pages)
    for _ in range(MAX_FRONT_SHEET_PASSES):
        placed, total = place(papers, front_pages)
        ranges = ranges_of(placed)
        front = render_front_sheet(spec, ranges)
        pages = len(_open(front).pages)
        if pages == front_pages:
            return front, front_pages, placed, total, ranges
        front_pages = pages
    raise PackError("The front sheet: its length would not settle; shorten the item titles")


# Stamping -----------------------------------------------------------------------------------


def _page_size(page) -> tuple[float, float, float, float]:
    box = page.mediabox
    return float(box.left), float(box.bottom), float(box.width), float(box.height)


def render_overlay(sizes: list[tuple[float, float]], agenda: dict[int, str]) -> bytes:
    """A page of the given size for every page: its number at the foot, and its "Agenda Item
    N" (``agenda``: page number -> text) at the top right."""
    names = {size: f"s{i}" for i, size in enumerate(dict.fromkeys(sizes))}
    pages = [
        {"number": n, "size": names[size], "agenda": agenda.get(n, "")}
        for n, size in enumerate(sizes, start=1)
    ]
    return html_to_pdf(
        render_to_string(
            "panels/pdf/overlay.html",
            {
                "sizes": [
                    {"name": name, "width": w, "height": h} for (w, h), name in names.items()
                ],
                "pages": pages,
            },
        )
    )


def _stamp(writer: PdfWriter, overlay: PdfReader) -> None:
    for page, stamp in zip(writer.pages, overlay.pages, strict=True):
        left, bottom, _w, _h = _page_size(page)
        if left or bottom:
            page.merge_transformed_page(stamp, Transformation().translate(left, bottom))
        else:
            page.merge_page(stamp)


# Building -----------------------------------------------------------------------------------


def _metadata(spec: Pack, now: datetime) -> dict:
    part = "Part A (public)" if spec.part == PART_A else "Part B (exempt, not for publication)"
    day = f"{spec.meeting_date:%A} {long_date(spec.meeting_date)}"
    title = f"{spec.committee_name}, {day}: agenda pack, {part}"
    stamp = now.strftime("D:%Y%m%d%H%M%S") + _pdf_offset(now)
    return {
        "/Title": title,
        "/Author": spec.council_name,
        "/Subject": f"Agenda and papers for the meeting of the {spec.committee_name} on "
        f"{day} at {clock_time(spec.meeting_time)}, {spec.venue}. "
        f"Version {spec.version}.",
        "/Creator": "leavingcare",
        "/Producer": "leavingcare (WeasyPrint and pypdf)",
        "/CreationDate": stamp,
        "/ModDate": stamp,
    }


def _pdf_offset(now: datetime) -> str:
    offset = now.utcoffset()
    if offset is None:
        return "Z"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}'{minutes % 60:02d}'"


def _bookmark_title(item: Item) -> str:
    return f"Item {item.number}: {item.title}"


def build(spec: Pack, *, progress: Callable[[str, int], None] = lambda s, p: None) -> BuiltPack:
    """The pack for ``spec.part``. Raises :class:`PackError` naming what failed."""
    progress("Preparing papers", 0)
    papers = render_papers(spec, progress)

    progress("Making the front sheet", 60)
    front, front_pages, placed, total, ranges = lay_out(spec, papers)

    progress("Putting the pack together", 70)
    writer = PdfWriter()
    for page in _open(front).pages:
        writer.add_page(page)
    blank = html_to_pdf(render_to_string("panels/pdf/blank.html", {"text": BLANK_PAGE_TEXT}))
    agenda: dict[int, str] = {}
    outline: list[tuple[Item, list[int]]] = []
    for p in placed:
        if p.blank_before is not None:
            # A reader of its own for every blank page: pypdf would otherwise share one page
            # object, and stamp every blank page's number onto all of them.
            writer.add_page(_open(blank).pages[0])
        for page in _open(p.rendered.pdf).pages:
            added = writer.add_page(page)
            if added.get("/Rotate"):  # stamp upright on what the reader sees
                added.transfer_rotation_to_content()
        agenda[p.first] = f"Agenda Item {p.rendered.item.number}"
        if outline and outline[-1][0].number == p.rendered.item.number:
            outline[-1][1].append(p.first)
        else:
            outline.append((p.rendered.item, [p.first]))
    if len(writer.pages) != total:
        raise PackError(f"The pack has {len(writer.pages)} pages where {total} were expected")

    progress("Numbering the pages", 78)
    sizes = [_page_size(page)[2:] for page in writer.pages]
    overlay = _open(render_overlay(sizes, agenda))
    _stamp(writer, overlay)

    progress("Adding bookmarks", 86)
    writer.add_outline_item(title="Agenda (front sheet)", page_number=0)
    for item, starts in outline:
        parent = writer.add_outline_item(title=_bookmark_title(item), page_number=starts[0] - 1)
        if len(starts) > 1:
            papers_of_item = [p for p in placed if p.rendered.item.number == item.number]
            for p in papers_of_item:
                writer.add_outline_item(
                    title=p.rendered.paper.title, page_number=p.first - 1, parent=parent
                )
    writer.page_mode = "/UseOutlines"
    writer.add_metadata(_metadata(spec, timezone.localtime()))

    out = io.BytesIO()
    writer.write(out)
    pdf = out.getvalue()

    if spec.part == PART_A:
        progress("Checking for young people's names", 90)
        where = privacy.find_young_person(pdf, council_id=spec.council_id)
        if where is not None:
            raise PackError(_privacy_message(where, front_pages, placed))

    progress("Done", 100)
    return BuiltPack(
        pdf=pdf,
        page_count=total,
        ranges=ranges,
        sha256=hashlib.sha256(pdf).hexdigest(),
        front_sheet_pages=front_pages,
        blank_pages=tuple(p.blank_before for p in placed if p.blank_before is not None),
        paper_starts={
            number: tuple(p.first for p in placed if p.rendered.item.number == number)
            for number in ranges
        },
    )


def _privacy_message(where: privacy.Found, front_pages: int, placed: list[_Placed]) -> str:
    page = where.page
    what = f"contains {where.kind} of a young person (page {page})"
    if page <= front_pages:
        return f"The front sheet {what}. Part A is public: remove it and build again."
    for p in placed:
        if p.first <= page <= p.last:
            label = paper_label(p.rendered.item, p.rendered.paper)
            return f"{label}: {what}. Part A is public: remove it and build again."
    return f"The pack {what}. Part A is public: remove it and build again."
