"""Reading a built pack back, as a member of the public would see it."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from panels.pack import BLANK_PAGE_TEXT

RANGE = re.compile(r"\(Pages? (\d+)(?: - (\d+))?\)")
AGENDA = re.compile(r"Agenda Item (\d+)\b")


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def texts(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in reader(pdf).pages]


def flat(text: str) -> str:
    return " ".join(text.split())


def agenda_starts(pages: list[str]) -> dict[int, list[int]]:
    """Item number -> pages (1-based) carrying "Agenda Item N"."""
    found: dict[int, list[int]] = {}
    for number, text in enumerate(pages, start=1):
        for match in AGENDA.finditer(text):
            found.setdefault(int(match.group(1)), []).append(number)
    return found


def blank_pages(pages: list[str]) -> list[int]:
    return [n for n, text in enumerate(pages, start=1) if BLANK_PAGE_TEXT in text]


def real_ranges(pages: list[str]) -> dict[int, tuple[int, int]]:
    """Where each item's papers really start and end: from its first "Agenda Item N" page to
    the page before the next paper, blank page or the end."""
    starts = agenda_starts(pages)
    boundaries = sorted({p for ps in starts.values() for p in ps} | set(blank_pages(pages)))
    found = {}
    for item, item_starts in starts.items():
        last_start = max(item_starts)
        after = [b for b in boundaries if b > last_start]
        end = (after[0] - 1) if after else len(pages)
        found[item] = (min(item_starts), end)
    return found


def printed_ranges(front_sheet: str, spec) -> dict[int, tuple[int, int]]:
    """The ranges the front sheet prints after each item's title."""
    text = flat(front_sheet)
    found = {}
    positions = []
    for item in spec.items:
        at = text.find(f"{item.number}. {flat(item.title)}")
        assert at >= 0, f"item {item.number} is not on the front sheet"
        positions.append((at, item))
    positions.sort(key=lambda p: p[0])
    for i, (at, item) in enumerate(positions):
        end = positions[i + 1][0] if i + 1 < len(positions) else len(text)
        match = RANGE.search(text, at, end)
        if match:
            first = int(match.group(1))
            found[item.number] = (first, int(match.group(2) or first))
    return found


def outline(pdf: bytes) -> list[tuple[str, int, int]]:
    """(title, page, depth) for every bookmark."""
    r = reader(pdf)
    found = []

    def walk(entries, depth):
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, depth + 1)
            else:
                found.append((entry.title, r.get_destination_page_number(entry) + 1, depth))

    walk(r.outline, 0)
    return found
