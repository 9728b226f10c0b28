"""Rules and fixed wording for panel meetings, with no database in them."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError

from core.templatetags.govuk import govuk_date

from .models import AgendaItem

Standard = AgendaItem.Standard

APOLOGIES_TITLE = "Apologies for Absence"
SUBSTITUTES_TITLE = "Substitute Members"
DECLARATIONS_TITLE = "Declarations of Interest"
URGENT_TITLE = (
    "Such other business as, in the opinion of the Chair of the meeting, is of sufficient "
    "urgency to warrant consideration."
)
EXCLUSION_TITLE = (
    "Any resolution relating to the exclusion of the public during the discussion of items "
    "containing exempt information."
)
#: The resolution moved before Part B (Local Government Act 1972, s.100A(4) and Schedule 12A).
EXCLUSION_TEXT = (
    "That under Section 100A(4) of the Local Government Act 1972, the public be excluded from "
    "the meeting for the following items of business on the grounds that they involve the "
    "likely disclosure of exempt information as defined in paragraph 1 of Part 1 of "
    "Schedule 12A of the Act (information relating to any individual)."
)


def minutes_title(previous_held_on: date | None) -> str:
    if previous_held_on is None:
        return "Minutes of the last meeting"
    return f"Minutes of the meeting held on {govuk_date(previous_held_on)}"


@dataclass(frozen=True)
class StandardItem:
    standard: str
    part: str
    title: str
    text: str = ""


def standard_items(*, previous_held_on: date | None) -> tuple[list[StandardItem], ...]:
    """(head of Part A, tail of Part A, tail of Part B): what every agenda starts with."""
    head_a = [
        StandardItem(Standard.APOLOGIES, "A", APOLOGIES_TITLE),
        StandardItem(Standard.SUBSTITUTES, "A", SUBSTITUTES_TITLE),
        StandardItem(Standard.MINUTES, "A", minutes_title(previous_held_on)),
        StandardItem(Standard.DECLARATIONS, "A", DECLARATIONS_TITLE),
    ]
    tail_a = [
        StandardItem(Standard.URGENT, "A", URGENT_TITLE),
        StandardItem(Standard.EXCLUSION, "A", EXCLUSION_TITLE, EXCLUSION_TEXT),
    ]
    tail_b = [StandardItem(Standard.URGENT, "B", URGENT_TITLE)]
    return head_a, tail_a, tail_b


def letters(count: int) -> list[str]:
    return [chr(ord("a") + i) for i in range(count)]


# Uploaded papers ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PdfFacts:
    """A checked upload as it is stored: its bytes after active content was removed, their
    page count and SHA-256, what was removed and the SHA-256 of the file as uploaded."""

    data: bytes
    page_count: int
    sha256: str
    removed: tuple[str, ...] = ()
    uploaded_sha256: str = ""


def upload_limit_bytes() -> int:
    return settings.PANELS_UPLOAD_MAX_MB * 1024 * 1024


def check_pdf(upload) -> PdfFacts:
    """Read an uploaded file, prove it is a PDF that opens (size, header at the first byte,
    every page parsed with pypdf) and remove its active content (:mod:`panels.pdf_safety`);
    the cleaned file is checked again, as it is what is stored. Raises ValidationError with
    GOV.UK's wording."""
    from . import pdf_safety

    limit_mb = settings.PANELS_UPLOAD_MAX_MB
    if upload is None:
        raise ValidationError("Select a PDF file", code="required")
    if upload.size is not None and upload.size > upload_limit_bytes():
        raise ValidationError(f"The selected file must be smaller than {limit_mb}MB", code="size")
    upload.seek(0)
    data = upload.read(upload_limit_bytes() + 1)
    if len(data) > upload_limit_bytes():
        raise ValidationError(f"The selected file must be smaller than {limit_mb}MB", code="size")
    if not data:
        raise ValidationError("The selected file is empty", code="empty")
    not_pdf = ValidationError("The selected file must be a PDF", code="not_pdf")
    # A PDF from its first byte: a viewer would also find "%PDF-" later in the first kilobyte,
    # and so would open an HTML page (or anything) with a PDF inside it.
    if not data.startswith(b"%PDF-"):
        raise not_pdf
    _count_pages(data, not_pdf)
    try:
        cleaned = pdf_safety.clean(data)
    except pdf_safety.UnreadablePdf as exc:
        raise not_pdf from exc
    pages = _count_pages(cleaned.data, not_pdf)
    return PdfFacts(
        data=cleaned.data,
        page_count=pages,
        sha256=hashlib.sha256(cleaned.data).hexdigest(),
        removed=cleaned.removed,
        uploaded_sha256=hashlib.sha256(data).hexdigest(),
    )


def _count_pages(data: bytes, not_pdf: ValidationError) -> int:
    """The pages of a PDF that opens in pypdf (as the pack builder reads it), every page read."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                "The selected file is protected with a password: upload a copy without one",
                code="encrypted",
            )
        pages = len(reader.pages)
        for page in reader.pages:
            page.mediabox  # noqa: B018 - reading each page proves the file opens
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise not_pdf from exc
    if pages < 1:
        raise ValidationError("The selected PDF has no pages", code="no_pages")
    return pages
