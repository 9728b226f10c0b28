"""DfE's validation rules for the SSDA903 care-leaver return, checked on the exported files
(Header and OC3) rather than on the database: what a local authority's return is validated
against. The tests run them on the files the downloads give; ``make bench`` on the
50,000-person synthetic county's files for four collection years.

Each check carries DfE's rule number where we could confirm it (docs/dashboards.md lists them,
with what each one checks and where our reading is stricter than DfE's published check):

OC3
  131, 132, 133  IN_TOUCH, ACTIV, ACCOM is one of DfE's codes; blank is refused (since the
                 2022 to 2023 collection)
  344            DIED or RHOM: ACTIV and ACCOM are 0
  345            YES: neither ACTIV nor ACCOM is 0
  391            the young person is 17, 18, 19, 20 or 21 during the year (a birthday in it)
  3001           not with former foster carers (Z) around the 17th birthday
  foyer          no foyer (T) around the 17th birthday (DOMAIN.md §4: no foyer under 18)
  102            DOB is a real date, DD/MM/YYYY
Header
  101            SEX is 1 or 2 until 2023 to 2024, M, F or U from 2024 to 2025
  102            DOB is a real date, DD/MM/YYYY
  103            ETHNIC is one of DfE's codes
  168            UPN is a letter other than I, O or S and 12 digits (or 11 and a letter), or
                 UN1 to UN5; a blank UPN is reported too (DOMAIN.md §4: a UPN or why not)
  209            not UN1 (under school age) for a young person of school age or older
Both files
  header         every child in the OC3 table is in the Header with the same DOB, and the
                 reverse
Across years
  ``died_then_alive``: once DIED, always DIED.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from pathways import rules
from pathways.codes import Accommodation, Activity, Ethnicity, InTouch

DATE = re.compile(r"^\d{2}/\d{2}/\d{4}$")
UPN = re.compile(r"^([A-HJ-NP-RT-Z][0-9]{11}[0-9A-Z]|UN[1-5])$")
#: SEX became M, F or U in 2024 to 2025; earlier returns carried 1 (male) or 2 (female).
SEX_LETTERS_FROM = 2024
#: UN1 means "not of school age": never true at 5 or over.
SCHOOL_AGE = 5

#: Every check, in the order the bench prints them.
RULES = {
    "131": "IN_TOUCH is one of DfE's codes (never blank)",
    "132": "ACTIV is one of DfE's codes (never blank)",
    "133": "ACCOM is one of DfE's codes (never blank)",
    "344": "DIED or RHOM: ACTIV and ACCOM are 0",
    "345": "YES: ACTIV and ACCOM are not 0",
    "391": "aged 17 to 21 in the year",
    "3001": "no former foster carers (Z) at 17",
    "foyer": "no foyer (T) at 17",
    "101": "SEX is a code for the year",
    "102": "DOB is a DD/MM/YYYY date",
    "103": "ETHNIC is one of DfE's codes",
    "168": "UPN is in DfE's format, or UN1 to UN5",
    "209": "no UN1 at school age",
    "header": "Header and OC3 list the same children and dates of birth",
}


#: Rules only the council's records can satisfy (the export writes what is recorded: a UPN, a
#: sex the year's return can carry); the data quality page lists the young people concerned.
#: Every other rule is the export's to keep.
RECORD_RULES = frozenset({"101", "168", "209"})


@dataclass(frozen=True)
class Problem:
    rule: str  # a key of RULES
    child: str
    message: str

    def __str__(self) -> str:
        return f"{self.rule} {self.child}: {self.message}"


def _dob(text: str) -> date | None:
    if not DATE.match(text or ""):
        return None
    try:
        return datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError:
        return None


def _age_at_birthday_in(dob: date, year: int) -> int | None:
    """The age reached on the birthday that falls in collection ``year`` (every date of birth
    has exactly one)."""
    age = rules.age_on(dob, date(year + 1, 3, 31))
    return age if rules.age_on(dob, date(year, 3, 31)) == age - 1 else None


def problems_in_oc3_file(rows: list[dict], *, year: int) -> list[Problem]:
    """Every rule above that can be read from the OC3 file for collection ``year`` (1 April
    ``year`` to 31 March ``year + 1``); an empty list when the file passes."""
    problems: list[Problem] = []
    for row in rows:
        child = row["CHILD"]
        in_touch, activity, accommodation = row["IN_TOUCH"], row["ACTIV"], row["ACCOM"]

        def problem(rule: str, message: str, child=child) -> None:
            problems.append(Problem(rule, child, message))

        for rule, column, value, codes in (
            ("131", "IN_TOUCH", in_touch, InTouch.values),
            ("132", "ACTIV", activity, Activity.values),
            ("133", "ACCOM", accommodation, Accommodation.values),
        ):
            if value not in codes:
                problem(rule, f"{column} is blank" if not value else f"{column} {value!r}")
        if in_touch in (InTouch.DIED, InTouch.RHOM) and (activity, accommodation) != ("0", "0"):
            problem("344", f"{in_touch} needs ACTIV and ACCOM 0, not {activity}, {accommodation}")
        if in_touch == InTouch.YES and "0" in (activity, accommodation):
            problem(
                "345", f"YES needs an activity and accommodation, not {activity}, {accommodation}"
            )
        dob = _dob(row["DOB"])
        if dob is None:
            problem("102", f"DOB {row['DOB']!r} is not a DD/MM/YYYY date")
            continue
        age = _age_at_birthday_in(dob, year)
        if age not in rules.OC3_AGES:
            problem(
                "391", f"no 17th to 21st birthday between 1 April {year} and 31 March {year + 1}"
            )
        if age == 17 and accommodation[:1] == "Z":
            problem("3001", f"ACCOM {accommodation}: with former foster carers at 17")
        if age == 17 and accommodation[:1] == "T":
            problem("foyer", f"ACCOM {accommodation}: a foyer at 17")
    return problems


def sex_codes(year: int) -> tuple[str, ...]:
    return ("M", "F", "U") if year >= SEX_LETTERS_FROM else ("1", "2")


def problems_in_header_file(
    rows: list[dict], *, year: int, oc3_rows: list[dict] | None = None
) -> list[Problem]:
    """Every Header rule above for collection ``year``; with ``oc3_rows``, also that the two
    files list the same children with the same dates of birth."""
    problems: list[Problem] = []
    start = date(year, 4, 1)
    for row in rows:
        child = row["CHILD"]

        def problem(rule: str, message: str, child=child) -> None:
            problems.append(Problem(rule, child, message))

        if row["SEX"] not in sex_codes(year):
            allowed = " or ".join(sex_codes(year))
            shown = repr(row["SEX"]) if row["SEX"] else "blank"
            problem("101", f"SEX is {shown}: the return for {year} to {year + 1} takes {allowed}")
        dob = _dob(row["DOB"])
        if dob is None:
            problem("102", f"DOB {row['DOB']!r} is not a DD/MM/YYYY date")
        if row["ETHNIC"] not in Ethnicity.values:
            problem("103", f"ETHNIC {row['ETHNIC']!r} is not one of DfE's codes")
        upn = row["UPN"]
        if not UPN.match(upn):
            problem("168", "UPN is blank" if not upn else f"UPN {upn!r} is not in DfE's format")
        elif upn == "UN1" and dob is not None and rules.age_on(dob, start) >= SCHOOL_AGE:
            problem("209", "UPN UN1 (not of school age) for a young person of school age")
    if oc3_rows is not None:
        header = {r["CHILD"]: r["DOB"] for r in rows}
        oc3 = {r["CHILD"]: r["DOB"] for r in oc3_rows}
        for child in sorted(header.keys() ^ oc3.keys()):
            where = "Header" if child in header else "OC3"
            problems.append(Problem("header", child, f"only in the {where} table"))
        for child in sorted(header.keys() & oc3.keys()):
            if header[child] != oc3[child]:
                problems.append(
                    Problem("header", child, f"DOB {header[child]} in Header, {oc3[child]} in OC3")
                )
    return problems


def by_rule(problems: Iterable[Problem]) -> dict[str, int]:
    """How many rows break each rule (every rule listed, 0 where none does)."""
    counted = Counter(p.rule for p in problems)
    return {rule: counted.get(rule, 0) for rule in RULES}


def died_then_alive(earlier: list[dict], later: list[dict]) -> list[str]:
    """Children DIED in one year's file and not DIED in the next year's."""
    died = {r["CHILD"] for r in earlier if r["IN_TOUCH"] == "DIED"}
    return [r["CHILD"] for r in later if r["CHILD"] in died and r["IN_TOUCH"] != "DIED"]
