"""Tables for files: DfE's SSDA903 OC3 and Header tables, and Ofsted's Annex A list 9, from rows
already read (``selectors.statutory``). Rows are plain tuples; dates stay dates until written
(``core.exports`` writes CSV and XLSX: DD/MM/YYYY in CSV, real dates shown as DD/MM/YYYY in
XLSX)."""

from __future__ import annotations

from datetime import date

from core.exports import Table
from pathways import rules
from pathways.codes import ACCOMMODATION_TYPES, Activity, Ethnicity, InTouch, Sex
from pathways.rules import LegalStatus

from .selectors import oc3
from .selectors.oc3_checks import SEX_LETTERS_FROM

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
