"""Display logic for the dashboards: percentages in words, the link behind every figure, and
rows for the tables. Nothing here queries the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from urllib.parse import urlencode

from django.urls import reverse

from core.dates import long_date
from pathways import rules
from pathways.codes import Accommodation, Activity, InTouch
from pathways.models import YoungPerson
from pathways.presenters import ordinal
from pathways.rules import UNALLOCATED, LegalStatus

from .models import ComparatorKind
from .selectors import kpis, oc3

GROUP_LABELS = dict(kpis.GROUPS)


def percent_text(value: float | Decimal | None) -> str:
    """Whole percentages, as DfE publishes them; a dash when there is nobody to count."""
    if value is None:
        return "–"
    return f"{Decimal(str(value)).quantize(Decimal('1'))}%"


def figure_url(figure: str, filters: kpis.Filters, extra: dict | None = None) -> str:
    params = {**filters.params(), **(extra or {})}
    return f"{_figure_path(figure)}?{urlencode(params)}"


@lru_cache(maxsize=64)
def _figure_path(figure: str) -> str:
    return reverse("dashboards:figure", kwargs={"figure": figure})


@dataclass(frozen=True)
class MeasureRow:
    label: str
    group: str
    numerator: int
    denominator: int
    percent: str
    numerator_url: str
    denominator_url: str
    comparators: list[str]  # in ComparatorKind order, "Not entered" when missing


def measure_rows(measures: list[kpis.Measure], filters: kpis.Filters) -> list[MeasureRow]:
    rows = []
    for m in measures:
        rows.append(
            MeasureRow(
                label=m.label,
                group=GROUP_LABELS.get(m.group, m.group),
                numerator=m.numerator,
                denominator=m.denominator,
                percent=percent_text(m.percent),
                numerator_url=figure_url(m.figure, filters, m.params),
                denominator_url=figure_url(m.base_figure, filters, m.params),
                comparators=[
                    percent_text(m.comparators[kind]) if kind in m.comparators else "Not entered"
                    for kind in ComparatorKind.values
                ],
            )
        )
    return rows


@dataclass(frozen=True)
class TrendRow:
    period: oc3.Period
    cells: list[MeasureRow]


def trend_rows(result: kpis.Kpis) -> list[TrendRow]:
    return [
        TrendRow(period, measure_rows(measures, result.filters))
        for period, measures in result.trend_measures
    ]


# Lists of young people behind a figure -----------------------------------------------------


def _code_label(choices, code: str) -> str:
    if not code:
        return ""
    try:
        return f"{code}: {choices(code).label}"
    except ValueError:
        return code


@dataclass(frozen=True)
class PersonRow:
    name: str
    url: str
    person_id: str
    date_of_birth: date
    age: int
    legal_status: str
    personal_adviser: str
    team: str
    next_review_due_on: date | None
    last_contact_on: date | None
    birthday: str  # OC3 lists: "18th: 5 May 2025"
    in_touch: str
    activity: str
    accommodation: str
    recorded_on: date | None


def person_rows(young_people, *, today: date, oc3_list: bool) -> list[PersonRow]:
    rows = []
    for yp in young_people:
        if oc3_list:
            codes = oc3.decode(yp.oc3_code)
            in_touch, activity, accommodation = codes.for_return()
            recorded_on = codes.recorded_on if codes.known else None
            birthday = f"{ordinal(yp.oc3_age)}: {long_date(yp.oc3_birthday)}"
        else:
            situation = yp.current_situation
            in_touch = situation.in_touch if situation else ""
            activity = situation.activity if situation else ""
            accommodation = situation.accommodation if situation else ""
            recorded_on = situation.recorded_on if situation else None
            birthday = ""
        status = getattr(yp, "effective_status", None) or yp.effective_legal_status
        rows.append(
            PersonRow(
                name=yp.display_name,
                url=reverse("pathways:young-person", kwargs={"uuid": yp.uuid}),
                person_id=yp.person_id,
                date_of_birth=yp.date_of_birth,
                age=yp.age_on(today),
                legal_status=LegalStatus(status).label,
                personal_adviser=yp.personal_adviser.full_name if yp.personal_adviser_id else "",
                team=yp.team.name if yp.team_id else "",
                next_review_due_on=yp.next_review_due_on,
                last_contact_on=yp.last_contact_on,
                birthday=birthday,
                in_touch=_code_label(InTouch, in_touch),
                activity=_code_label(Activity, activity),
                accommodation=_code_label(Accommodation, accommodation),
                recorded_on=recorded_on,
            )
        )
    return rows


PERSON_COLUMNS = [
    ("Name", "name"),
    ("Person ID", "person_id"),
    ("Date of birth", "date_of_birth"),
    ("Age", "age"),
    ("Legal status", "legal_status"),
    ("Personal adviser", "personal_adviser"),
    ("Team", "team"),
    ("Next review due", "next_review_due_on"),
    ("Last contact", "last_contact_on"),
]
OC3_COLUMNS = [
    ("Birthday in the year", "birthday"),
    ("In touch", "in_touch"),
    ("Activity", "activity"),
    ("Accommodation", "accommodation"),
    ("Situation recorded on", "recorded_on"),
]
CURRENT_COLUMNS = [
    ("In touch", "in_touch"),
    ("Activity", "activity"),
    ("Accommodation", "accommodation"),
    ("Situation recorded on", "recorded_on"),
]


def columns_for(oc3_list: bool) -> list[tuple[str, str]]:
    return PERSON_COLUMNS + (OC3_COLUMNS if oc3_list else CURRENT_COLUMNS)


def describe_filters(filters: kpis.Filters, *, team_names: dict, figure: kpis.Figure) -> list[str]:
    """The filters in words, for the list's heading."""
    words = []
    if figure.basis == "oc3":
        period = kpis.period_for(filters)
        words.append(f"Birthdays from {long_date(period.start)} to {long_date(period.end)}")
    if filters.team:
        words.append(team_names.get(filters.team, "Team"))
    if filters.age_group:
        when = "at that birthday" if figure.basis == "oc3" else "today"
        words.append(f"Aged {kpis.AGE_GROUP_LABELS.get(filters.age_group, '')} {when}")
    if filters.legal_status:
        words.append(LegalStatus(filters.legal_status).label)
    if filters.gender:
        words.append({"M": "Male", "F": "Female", "U": "Sex not known"}.get(filters.gender, ""))
    return words


# The team dashboard ------------------------------------------------------------------------

#: (attribute of AdviserRow, column heading, figure behind it)
TEAM_COLUMNS = [
    ("caseload", "Caseload", "caseload"),
    ("reviews_overdue", "Reviews overdue", "reviews-overdue"),
    ("contacts_overdue", "Contacts overdue or none recorded", "contacts-overdue"),
    ("plans_awaiting", "Plans awaiting sign-off", "plans-awaiting"),
    ("missing_data", "Missing statutory data", "missing-data"),
]


@dataclass(frozen=True)
class Cell:
    value: int
    url: str
    label: str  # what the number is, for screen readers: "3 reviews overdue for Petra Adviser"


@dataclass(frozen=True)
class AdviserLine:
    name: str
    team: str
    cells: list[Cell]
    reallocate_url: str


def adviser_lines(rows, filters: kpis.Filters, *, may_allocate: bool) -> tuple[list, list]:
    """Each adviser's counts, each linking to the young people behind it, and the totals."""
    lines = []
    totals = [0] * len(TEAM_COLUMNS)
    bulk = reverse("pathways:bulk-allocate")
    for row in rows:
        adviser = row.uuid or UNALLOCATED
        cells = []
        for i, (attr, heading, figure) in enumerate(TEAM_COLUMNS):
            value = getattr(row, attr)
            totals[i] += value
            cells.append(
                Cell(
                    value,
                    figure_url(figure, filters, {"personal_adviser": adviser}),
                    f"{heading}, {row.name}",
                )
            )
        reallocate = ""
        if may_allocate and row.caseload:
            reallocate = f"{bulk}?{urlencode({'personal_adviser': adviser})}"
        lines.append(AdviserLine(row.name, row.team, cells, reallocate))
    total_cells = [
        Cell(total, figure_url(figure, filters), f"{heading}, everyone")
        for total, (_attr, heading, figure) in zip(totals, TEAM_COLUMNS, strict=True)
    ]
    return lines, total_cells


def team_table(rows) -> list[tuple]:
    return [
        (row.name, row.team, *(getattr(row, attr) for attr, _h, _f in TEAM_COLUMNS)) for row in rows
    ]


TEAM_TABLE_HEADERS = ["Personal adviser", "Team", *(h for _a, h, _f in TEAM_COLUMNS)]


def measures_table(result: kpis.Kpis) -> tuple[list[tuple], list[str]]:
    """Every figure of the service dashboard as rows for CSV and XLSX, and their headings."""
    kinds = [label for _value, label in ComparatorKind.choices]
    rows = []
    sections = [
        (f"Around the birthday (OC3), {result.year.label}", result.oc3_measures),
        ("Now", result.current_measures),
        ("Practice", result.practice_measures),
    ]
    for period, measures in result.trend_measures:
        sections.append((f"Trend: birthdays {period.label}", measures))
    for section, measures in sections:
        for m in measures:
            compared = [
                float(m.comparators[k]) if k in m.comparators else None
                for k in ComparatorKind.values
            ]
            rows.append(
                (
                    section,
                    m.label,
                    GROUP_LABELS.get(m.group, m.group),
                    m.numerator,
                    m.denominator,
                    m.percent,
                    *compared,
                )
            )
    caseload = result.caseload
    rows.append(
        (
            "Caseload",
            "Average caseload",
            "All ages",
            caseload.young_people,
            caseload.advisers,
            caseload.average,
            None,
            None,
            None,
        )
    )
    rows.append(
        (
            "Caseload",
            f"Largest caseload ({caseload.largest_adviser})",
            "All ages",
            caseload.largest,
            None,
            None,
            None,
            None,
            None,
        )
    )
    return rows, ["Section", "Measure", "Age group", "Number", "Out of", "Percentage", *kinds]


# The data quality page ---------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    rule: str
    message: str
    fix_label: str
    fix_url: str


@dataclass(frozen=True)
class ProblemRow:
    young_person: YoungPerson
    age: int
    birthday: date
    problems: list[Problem]


def _situation_messages(young_person: YoungPerson, codes: oc3.Codes, today: date) -> list[str]:
    found = rules.check_situation(
        date_of_birth=young_person.date_of_birth,
        episodes=[],
        recorded_on=codes.recorded_on or today,
        in_touch=codes.in_touch,
        activity=codes.activity,
        accommodation=codes.accommodation,
        today=today,
    )
    messages = [p.message for p in found if p.rule != "not_future"]
    age_rules = {"no_foyer_under_18", "no_former_foster_carers_at_17"}
    already = any(p.rule in age_rules for p in found)
    if young_person.oc3_age == 17 and codes.accommodation[:1] in ("T", "Z") and not already:
        messages.append(
            f"Accommodation {codes.accommodation} is not accepted for the 17th birthday: foyers "
            "(T) and former foster carers (Z) start at 18"
        )
    return list(dict.fromkeys(messages)) or [
        f"The codes {codes.in_touch}, {codes.activity}, {codes.accommodation} are not accepted "
        "together"
    ]


def describe_problems(rows, *, today: date) -> list[ProblemRow]:
    """Plain messages and a link to put each problem right, for the rows of
    ``selectors.data_quality.problem_rows``."""
    described = []
    for yp in rows:
        birthday = f"{ordinal(yp.oc3_age)} birthday ({long_date(yp.oc3_birthday)})"
        situation_new = reverse("pathways:situation-new", kwargs={"uuid": yp.uuid})
        situations = reverse("pathways:situations", kwargs={"uuid": yp.uuid})
        problems = []
        if yp.dq_missing:
            window = (
                f"No situation recorded between {long_date(yp.oc3_opens)} and "
                f"{long_date(yp.oc3_closes)}, around their {birthday}"
            )
            problems.append(
                Problem(
                    "Situation missing",
                    f"{window}: the return codes them not in touch (NO, 0, 0) unless one is "
                    f"recorded by {long_date(yp.oc3_closes)}, when the window closes"
                    if yp.oc3_closes >= today
                    else f"{window}: the return codes them not in touch (NO, 0, 0). The window "
                    f"closed on {long_date(yp.oc3_closes)}; a situation recorded for a day in it "
                    "still counts",
                    "Record their situation",
                    situation_new,
                )
            )
        if yp.dq_invalid:
            codes = oc3.decode(yp.oc3_code)
            for message in _situation_messages(yp, codes, today):
                problems.append(
                    Problem(
                        "Cross-check failed",
                        f"Situation of {long_date(codes.recorded_on)}: {message}",
                        "Record a corrected situation",
                        situation_new,
                    )
                )
        if yp.dq_looked_after:
            problems.append(
                Problem(
                    "Still looked after",
                    f"They were still looked after on their {birthday}, so DfE expects no "
                    "care-leaver data for it, but a situation is recorded around it",
                    "Check their situations and care episodes",
                    situations,
                )
            )
        if yp.dq_died:
            problems.append(
                Problem(
                    "Once DIED, always DIED",
                    "A situation after the one recording their death says something else",
                    "Check their situations",
                    situations,
                )
            )
        if yp.dq_sex:
            problems.append(
                Problem(
                    "Sex not known",
                    "Sex is recorded as not known (U), which the return for this year cannot "
                    "carry: until 2024 to 2025 it takes 1 (male) or 2 (female) only, so SEX is "
                    "left blank and DfE will refuse the row. Record their sex if it is known",
                    "Change their details",
                    reverse("pathways:young-person-edit", kwargs={"uuid": yp.uuid}),
                )
            )
        if yp.dq_upn:
            problems.append(
                Problem(
                    "UPN",
                    "No unique pupil number recorded: enter it, or UN2 to UN5 for why it is not known"
                    if not yp.upn
                    else f"The unique pupil number {yp.upn} is not in DfE's format (a letter other "
                    "than I, O or S and 12 more characters, or UN2 to UN5)",
                    "Change their details",
                    reverse("pathways:young-person-edit", kwargs={"uuid": yp.uuid}),
                )
            )
        described.append(ProblemRow(yp, yp.oc3_age, yp.oc3_birthday, problems))
    return described
