"""What building a panel pack needs, as plain data with no models in it.

``panels.selectors.packs.pack_spec(meeting, part=...)`` turns a meeting into a :class:`Pack`;
the pack builder (``panels.pack.build``) turns a :class:`Pack` into a PDF. Keeping the two apart
lets the builder be tested and benchmarked without a database, and lets a build run from a snapshot
taken when it was asked for (later edits to the meeting do not change a build in progress).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

PART_A = "A"  # public
PART_B = "B"  # exempt: not open to the public

#: Appendix 1 of the council's committee report template, in order (DOMAIN.md §7).
IMPLICATION_HEADINGS = (
    "Legal",
    "Finance",
    "Consultation",
    "Equality",
    "Climate change",
    "Human rights",
    "Crime and disorder",
    "Staffing",
    "Accommodation",
    "Risk",
    "Procurement",
)


@dataclass(frozen=True)
class Member:
    name: str
    position: str = ""  # "Chair", "Vice-Chair" or ""
    kind: str = "councillor"  # "councillor" or "co-opted"
    description: str = ""  # e.g. "Young person representative, Children in Care Council"


@dataclass(frozen=True)
class WrittenReport:
    """A report written in the app on the council's template. Paragraphs are numbered through
    the whole report by the builder; each text field holds paragraphs separated by blank
    lines."""

    purpose: str
    executive_summary: str
    recommendations: str
    background: str
    conclusion: str
    background_papers: str
    author_name: str
    author_title: str
    author_contact: str
    #: heading (one of IMPLICATION_HEADINGS) -> text; a missing heading prints "None."
    implications: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Paper:
    """One paper for an item: exactly one of ``pdf``, ``report`` or ``generator`` is set."""

    kind: str  # "upload", "report" or "generated"
    title: str
    pdf: bytes | None = None  # upload: the file as uploaded (already checked to be a PDF)
    report: WrittenReport | None = None  # report
    generator: str = ""  # generated: its key in panels.generated (e.g. "performance")
    options: dict = field(default_factory=dict)  # generated: the options chosen for it
    label: str = ""  # how to name the paper in an error message ("Item 7: KPI report.pdf")


@dataclass(frozen=True)
class SubItem:
    letter: str  # "a", "b", ...
    title: str


@dataclass(frozen=True)
class Item:
    number: int  # numbered through Part A then Part B
    title: str
    part: str  # PART_A or PART_B
    presenter: str = ""  # "Report of the Director of Children's Services" clause
    theme: str = ""  # a theme heading printed above this item, when it starts a theme
    text: str = ""  # standard wording under the title (e.g. the resolution to exclude the public)
    sub_items: tuple[SubItem, ...] = ()
    papers: tuple[Paper, ...] = ()  # only this part's papers are included in a pack


@dataclass(frozen=True)
class Pack:
    part: str  # which pack: PART_A (public) or PART_B (exempt)
    council_id: int  # generated papers read this council's figures
    council_name: str
    committee_name: str
    meeting_date: date
    meeting_time: time
    venue: str
    issue_date: date
    signatory_name: str
    signatory_title: str
    contact_officer_name: str
    contact_officer_email: str
    contact_officer_phone: str
    members: tuple[Member, ...]
    #: every item of both parts: the front sheet lists them all; papers go only into the pack
    #: of their part
    items: tuple[Item, ...]
    version: int = 1
    suppression_threshold: int = 5
