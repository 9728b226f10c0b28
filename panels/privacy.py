"""No Part A pack may name or identify a young person (issue 7, item 6).

:func:`find_young_person` reads the text of a built pack and looks for any of the council's
young people: their ``person_id`` and unique pupil number, and "first last" (and "last, first")
for their legal and preferred first names. It is one query and one pass over the text whatever
the size of the council: the names and identifiers go into sets of token tuples, and every run
of tokens of those lengths in the text is looked up in them (no regular expression per person).

Text and names are compared as lower-case runs of letters and digits, so punctuation, line
breaks and case do not hide a match ("TESTPERSON, Kestrel" matches Kestrel Testperson).
Identifiers shorter than :data:`MIN_IDENTIFIER_LENGTH` characters are not looked for: they
would match page numbers and years. Text drawn as pictures (a scanned upload) cannot be read
and is not checked. The text comes from poppler's ``pdftotext`` when it is installed, else
from pypdf (the same words, more slowly).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import dataclass

from pypdf import PdfReader

MIN_IDENTIFIER_LENGTH = 5
_TOKEN = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Found:
    page: int  # 1-based
    kind: str  # "the name" or "an identifier"


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.casefold())


@dataclass
class Needles:
    """Token tuples to look for, by length, each with what it is."""

    by_length: dict[int, dict[tuple[str, ...], str]]

    def __bool__(self) -> bool:
        return bool(self.by_length)

    def add(self, text: str, kind: str) -> None:
        found = tuple(tokens(text))
        if found:
            self.by_length.setdefault(len(found), {})[found] = kind

    def find(self, words: list[str]) -> str | None:
        for length, wanted in self.by_length.items():
            for i in range(len(words) - length + 1):
                kind = wanted.get(tuple(words[i : i + length]))
                if kind is not None:
                    return kind
        return None


def needles_for(council_id: int) -> Needles:
    """The council's young people's names and identifiers: one query."""
    from pathways.models import YoungPerson

    needles = Needles({})
    rows = YoungPerson.objects.filter(council_id=council_id).values_list(
        "person_id", "upn", "legal_first_name", "legal_last_name", "preferred_name"
    )
    for person_id, upn, first, last, preferred in rows.iterator(chunk_size=5000):
        for identifier in (person_id, upn):
            if identifier and len(identifier.strip()) >= MIN_IDENTIFIER_LENGTH:
                needles.add(identifier, "an identifier")
        for given in {first, preferred}:
            if given and last and given.strip() and last.strip():
                needles.add(f"{given} {last}", "the name")
                needles.add(f"{last} {given}", "the name")
    return needles


def page_texts(pdf: bytes) -> list[str]:
    """The text of every page: by poppler's ``pdftotext`` when it is installed (a 100-page
    pack in a fraction of a second), else by pypdf (several seconds when the pack has charts:
    pypdf reads every font's character map again for each drawing that uses it)."""
    texts = _pdftotext(pdf)
    if texts is not None:
        return texts
    reader = PdfReader(io.BytesIO(pdf))
    return [page.extract_text() or "" for page in reader.pages]


def _pdftotext(pdf: bytes) -> list[str] | None:
    command = shutil.which("pdftotext")
    if command is None:
        return None
    try:
        done = subprocess.run(
            [command, "-q", "-enc", "UTF-8", "-", "-"],
            input=pdf,
            capture_output=True,
            timeout=120,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    pages = done.stdout.decode("utf-8", "replace").split("\f")
    if pages and not pages[-1].strip():
        pages.pop()  # pdftotext ends every page, the last included, with a form feed
    expected = len(PdfReader(io.BytesIO(pdf)).pages)
    return pages if len(pages) == expected else None


def find_in_texts(texts: list[str], needles: Needles) -> Found | None:
    if not needles:
        return None
    previous: list[str] = []
    for number, text in enumerate(texts, start=1):
        words = tokens(text)
        kind = needles.find(words)
        if kind is not None:
            return Found(number, kind)
        # A name split over the end of one page and the start of the next.
        joined = previous[-3:] + words[:3]
        kind = needles.find(joined)
        if kind is not None:
            return Found(number, kind)
        previous = words
    return None


def find_young_person(pdf: bytes, *, council_id: int) -> Found | None:
    """The first page naming or identifying one of the council's young people, or None.
    Nothing is read when the council has no young people."""
    needles = needles_for(council_id)
    if not needles:
        return None
    return find_in_texts(page_texts(pdf), needles)
