"""The app's own checker of DfE's rules on the exported files (dashboards/oc3_checks.py): a good
row passes, and for each rule a row broken in that one way is caught by that rule."""

from __future__ import annotations

import pytest

from dashboards.selectors.oc3_checks import (
    RULES,
    by_rule,
    died_then_alive,
    problems_in_header_file,
    problems_in_oc3_file,
)

YEAR = 2025  # 1 April 2025 to 31 March 2026: a collection year that has ended
# 18th birthday on 1 June 2025; 17th on 1 June 2025 for AT_17.
GOOD_OC3 = {"CHILD": "A1", "DOB": "01/06/2007", "IN_TOUCH": "YES", "ACTIV": "F1", "ACCOM": "U1"}
AT_17 = {"DOB": "01/06/2008"}
GOOD_HEADER = {
    "CHILD": "A1",
    "SEX": "F",
    "DOB": "01/06/2007",
    "ETHNIC": "WBRI",
    "UPN": "A12345678901B",
    "MOTHER": "",
    "MC_DOB": "",
}


def _rules(problems) -> set[str]:
    return {p.rule for p in problems}


def test_good_rows_pass():
    assert problems_in_oc3_file([GOOD_OC3], year=YEAR) == []
    assert problems_in_header_file([GOOD_HEADER], year=YEAR, oc3_rows=[GOOD_OC3]) == []
    for codes in (("NO", "0", "0"), ("DIED", "0", "0"), ("RHOM", "0", "0"), ("REFU", "0", "0")):
        row = GOOD_OC3 | dict(zip(("IN_TOUCH", "ACTIV", "ACCOM"), codes, strict=True))
        assert problems_in_oc3_file([row], year=YEAR) == [], codes
    at_18 = GOOD_OC3 | {"ACCOM": "Z1"}  # former foster carers from 18
    assert problems_in_oc3_file([at_18], year=YEAR) == []
    before = GOOD_HEADER | {"SEX": "2", "UPN": "UN3"}
    assert problems_in_header_file([before], year=2023) == []


@pytest.mark.parametrize(
    "rule,change",
    [
        ("131", {"IN_TOUCH": ""}),
        ("131", {"IN_TOUCH": "MAYBE"}),
        ("132", {"IN_TOUCH": "NO", "ACTIV": "", "ACCOM": "0"}),
        ("132", {"ACTIV": "Q1"}),
        ("133", {"IN_TOUCH": "NO", "ACTIV": "0", "ACCOM": ""}),
        ("133", {"ACCOM": "Q9"}),
        ("133", {"ACCOM": "S1"}),  # no fixed abode is never suitable: S2 only
        ("344", {"IN_TOUCH": "DIED"}),
        ("344", {"IN_TOUCH": "RHOM", "ACTIV": "0"}),
        ("345", {"ACTIV": "0"}),
        ("345", {"ACCOM": "0"}),
        ("391", {"DOB": "01/06/2000"}),  # 25 in the year
        ("391", {"DOB": "01/04/2009"}),  # 17 on 1 April 2026: the next year
        ("3001", AT_17 | {"ACCOM": "Z1"}),
        ("foyer", AT_17 | {"ACCOM": "T1"}),
        ("102", {"DOB": "2007-06-01"}),
        ("102", {"DOB": "31/02/2007"}),
    ],
)
def test_each_oc3_rule_catches_a_row_broken_its_way(rule, change):
    problems = problems_in_oc3_file([GOOD_OC3 | change], year=YEAR)
    assert rule in _rules(problems), [str(p) for p in problems]
    assert by_rule(problems)[rule] >= 1


def test_a_blank_row_breaks_131_132_and_133():
    """What the export used to send for a young person with nothing recorded."""
    blank = GOOD_OC3 | {"IN_TOUCH": "", "ACTIV": "", "ACCOM": ""}
    assert _rules(problems_in_oc3_file([blank], year=YEAR)) == {"131", "132", "133"}


@pytest.mark.parametrize(
    "rule,change,year",
    [
        ("101", {"SEX": "U"}, 2023),  # 1 or 2 only before 2024 to 2025
        ("101", {"SEX": ""}, 2023),
        ("101", {"SEX": "F"}, 2023),
        ("101", {"SEX": "2"}, 2024),  # M, F or U from 2024 to 2025
        ("101", {"SEX": ""}, 2024),
        ("102", {"DOB": "1/6/2007"}, YEAR),
        ("103", {"ETHNIC": "WHIT"}, YEAR),
        ("103", {"ETHNIC": ""}, YEAR),
        ("168", {"UPN": "I12345678901B"}, YEAR),  # I, O and S are not used
        ("168", {"UPN": "A1234"}, YEAR),
        ("168", {"UPN": "UN6"}, YEAR),
        ("168", {"UPN": ""}, YEAR),
        ("209", {"UPN": "UN1"}, YEAR),
    ],
)
def test_each_header_rule_catches_a_row_broken_its_way(rule, change, year):
    problems = problems_in_header_file([GOOD_HEADER | change], year=year)
    assert rule in _rules(problems), [str(p) for p in problems]


def test_the_header_and_oc3_tables_must_list_the_same_children():
    other = GOOD_OC3 | {"CHILD": "B2"}
    problems = problems_in_header_file([GOOD_HEADER], year=YEAR, oc3_rows=[GOOD_OC3, other])
    assert [(p.rule, p.child) for p in problems] == [("header", "B2")]
    moved = GOOD_OC3 | {"DOB": "02/06/2007"}
    problems = problems_in_header_file([GOOD_HEADER], year=YEAR, oc3_rows=[moved])
    assert [(p.rule, p.child) for p in problems] == [("header", "A1")]


def test_every_rule_is_counted_even_when_nothing_breaks_it():
    assert by_rule([]) == dict.fromkeys(RULES, 0)


def test_once_died_always_died_across_years():
    died = GOOD_OC3 | {"IN_TOUCH": "DIED", "ACTIV": "0", "ACCOM": "0"}
    assert died_then_alive([died], [GOOD_OC3]) == ["A1"]
    assert died_then_alive([died], [died]) == []
