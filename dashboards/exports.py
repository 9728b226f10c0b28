"""Files: CSV and XLSX of any list or table, DfE's SSDA903 OC3 and Header tables, and Ofsted's
Annex A list 9. Rows are plain tuples; dates stay dates until written (DD/MM/YYYY in CSV, real
dates shown as DD/MM/YYYY in XLSX)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from pathways import rules
from pathways.codes import ACCOMMODATION_TYPES, Activity, Ethnicity, InTouch, Sex
from pathways.rules import LegalStatus

from . import oc3
from .oc3_checks import SEX_LETTERS_FROM

DATE_FORMAT = "DD/MM/YYYY"


@dataclass(frozen=True)
class Table:
    title: str  # the XLSX sheet's name (31 characters at most)
    headers: Sequence[str]
    rows: list[tuple]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def csv_bytes(table: Table, *, excel: bool = True) -> bytes:
    """CSV with dates as DD/MM/YYYY. ``excel`` adds the byte-order mark Excel needs to read
    UTF-8; DfE's returns go without it."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow([_text(v) for v in row])
    return (("\ufeff" if excel else "") + out.getvalue()).encode("utf-8")


def xlsx_bytes(tables: Iterable[Table]) -> bytes:
    """One sheet per table: bold headers, frozen header row, real dates shown as DD/MM/YYYY."""
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(table.title[:31])
        sheet.append(list(table.headers))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        widths = [len(h) for h in table.headers]
        for row in table.rows:
            values = ["Yes" if v is True else "No" if v is False else v for v in row]
            sheet.append(values)
            for i, value in enumerate(values):
                widths[i] = max(widths[i], 10 if isinstance(value, date) else len(_text(value)))
        for col, width in enumerate(widths, start=1):
            letter = get_column_letter(col)
            sheet.column_dimensions[letter].width = min(60, width + 2)
            for cell in sheet[letter][1:]:
                if isinstance(cell.value, date):
                    cell.number_format = DATE_FORMAT
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# SSDA903 ----------------------------------------------------------------------------------

OC3_HEADERS = ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM")
HEADER_HEADERS = ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB")


def oc3_table(cohort) -> Table:
    """One row per young person in a ``with_oc3`` cohort, never with a blank code (DfE's rules
    131 to 133 refuse blanks): a young person with no situation recorded in their window, or
    whose situation breaks a DfE rule, is sent as not in touch (NO, 0, 0). The returns page
    counts them and the data quality page lists them, so they can be put right first."""
    rows = []
    for yp in cohort:
        in_touch, activity, accommodation = oc3.decode(yp.oc3_code).for_return()
        rows.append((yp.person_id, yp.date_of_birth, in_touch, activity, accommodation))
    return Table("OC3", OC3_HEADERS, rows)


def sex_code(code: str, year: int) -> str:
    """SEX as the year's return takes it: M, F or U from 2024 to 2025; 1 or 2 before, when a
    sex recorded as not known (U) has no code: it is written blank, and the data quality page
    and the returns page list those young people so their sex can be recorded first."""
    if year >= SEX_LETTERS_FROM:
        return code if code in Sex.values else Sex.UNKNOWN.value
    return {Sex.MALE: "1", Sex.FEMALE: "2"}.get(code, "")


def header_table(cohort, *, year: int) -> Table:
    """DfE's Header table for the children in the OC3 table. MOTHER and MC_DOB are left
    blank: the service does not record whether a care leaver is a mother."""
    rows = [
        (yp.person_id, sex_code(yp.sex, year), yp.date_of_birth, yp.ethnicity, yp.upn, "", None)
        for yp in cohort
    ]
    return Table("Header", HEADER_HEADERS, rows)


# Ofsted Annex A list 9 ---------------------------------------------------------------------

ANNEX_A_HEADERS = (
    "Child unique ID",
    "Gender",
    "Ethnicity",
    "Date of birth",
    "Age",
    "Disability",
    "Unaccompanied asylum-seeking child",
    "Allocated team",
    "Allocated worker",
    "Allocated personal adviser",
    "Eligibility category",
    "Latest pathway plan review date",
    "In touch",
    "Latest date of contact",
    "Type of accommodation",
    "Suitability of accommodation",
    "Activity",
)


def _label(choices, code: str) -> str:
    try:
        return choices(code).label
    except ValueError:
        return code


def annex_a_table(young_people, *, today: date) -> Table:
    """Ofsted's list 9 (care leavers). The personal adviser is the allocated worker for a
    care leaver; the situation is the latest recorded."""
    rows = []
    for yp in young_people:
        situation = yp.current_situation
        accommodation = situation.accommodation if situation else ""
        letter = accommodation[:1]
        rows.append(
            (
                yp.person_id,
                _label(Sex, yp.sex),
                f"{yp.ethnicity}: {_label(Ethnicity, yp.ethnicity)}",
                yp.date_of_birth,
                rules.age_on(yp.date_of_birth, today),
                yp.disability,
                yp.unaccompanied_asylum_seeking,
                yp.team.name if yp.team_id else "",
                yp.personal_adviser.full_name if yp.personal_adviser_id else "",
                yp.personal_adviser.full_name if yp.personal_adviser_id else "",
                LegalStatus(yp.effective_status).label,
                yp.latest_review_on,
                _label(InTouch, situation.in_touch) if situation else "",
                yp.last_contact_on,
                f"{letter}: {ACCOMMODATION_TYPES.get(letter, letter)}"
                if letter and letter != "0"
                else "",
                {"1": "Suitable", "2": "Not suitable"}.get(accommodation[1:2], ""),
                f"{situation.activity}: {_label(Activity, situation.activity)}"
                if situation and situation.activity != "0"
                else "",
            )
        )
    return Table("List 9 care leavers", ANNEX_A_HEADERS, rows)
