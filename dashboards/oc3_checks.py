"""DfE's cross-rules (DOMAIN.md §4), checked on an exported OC3 file rather than on the
database: what a local authority's return would be validated against. The tests run it on the
file the download gives; ``make bench`` runs it on the 50,000-person synthetic county's file."""

from __future__ import annotations

import re
from datetime import date, datetime

from pathways import rules
from pathways.codes import Accommodation, Activity, InTouch

DATE = re.compile(r"^\d{2}/\d{2}/\d{4}$")


def _dob(text: str) -> date:
    return datetime.strptime(text, "%d/%m/%Y").date()


def problems_in_oc3_file(rows: list[dict], *, year: int) -> list[str]:
    """Every cross-rule that can be read from the OC3 file for collection ``year`` (the
    year to 31 March ``year + 1``); an empty list when the file passes."""
    problems = []
    for row in rows:
        child, codes = row["CHILD"], (row["IN_TOUCH"], row["ACTIV"], row["ACCOM"])
        in_touch, activity, accommodation = codes
        if not DATE.match(row["DOB"]):
            problems.append(f"{child}: DOB {row['DOB']} is not DD/MM/YYYY")
            continue
        dob = _dob(row["DOB"])
        age = rules.age_on(dob, date(year + 1, 3, 31))
        if not 17 <= age <= 21 or rules.age_on(dob, date(year, 3, 31)) != age - 1:
            problems.append(f"{child}: no 17th to 21st birthday in the year")
        if any(codes) and not all(codes):
            problems.append(f"{child}: some codes blank {codes}")
        if in_touch and in_touch not in InTouch.values:
            problems.append(f"{child}: IN_TOUCH {in_touch}")
        if activity and activity not in Activity.values:
            problems.append(f"{child}: ACTIV {activity}")
        if accommodation and accommodation not in Accommodation.values:
            problems.append(f"{child}: ACCOM {accommodation}")
        if in_touch == "YES" and "0" in (activity, accommodation):
            problems.append(f"{child}: YES needs activity and accommodation")
        if in_touch in ("DIED", "RHOM") and (activity, accommodation) != ("0", "0"):
            problems.append(f"{child}: {in_touch} needs 0 and 0")
        if age == 17 and accommodation[:1] == "T":
            problems.append(f"{child}: foyer at 17")
        if age == 17 and accommodation[:1] == "Z":
            problems.append(f"{child}: former foster carers at 17")
    return problems


def died_then_alive(earlier: list[dict], later: list[dict]) -> list[str]:
    """Children DIED in one year's file and not DIED in the next year's."""
    died = {r["CHILD"] for r in earlier if r["IN_TOUCH"] == "DIED"}
    return [r["CHILD"] for r in later if r["CHILD"] in died and r["IN_TOUCH"] != "DIED"]
