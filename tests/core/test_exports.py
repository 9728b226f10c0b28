"""Every CSV and XLSX the app writes neutralises what a spreadsheet would run as a formula
(core/exports.py; issue 12, item 2)."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from core.exports import Table, csv_bytes, neutralise, xlsx_bytes
from tests.factories import YoungPersonFactory

DANGEROUS = ["=1+2", "+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", '=HYPERLINK("http://x","y")']


@pytest.mark.parametrize("value", DANGEROUS)
def test_text_a_spreadsheet_would_run_is_made_plain_text(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize(
    "value", ["Kestrel", "", "07700 900123", 3, -2, 1.5, None, date(2026, 1, 1)]
)
def test_everything_else_is_left_alone(value):
    assert neutralise(value) == value


def test_a_csv_never_starts_a_cell_with_a_formula_character():
    table = Table("t", ["=Header", "Name"], [(v, "ok") for v in DANGEROUS] + [(-2, "n")])
    rows = list(csv.reader(io.StringIO(csv_bytes(table).decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c[:1] in {"=", "+", "@", "\t", "\r"}]
    assert rows[0][0] == "'=Header"
    assert [r[0] for r in rows[1:-1]] == ["'" + v for v in DANGEROUS]
    assert rows[-1][0] == "-2"  # a real number stays a number


def test_an_xlsx_holds_text_not_formulas():
    table = Table("t", ["Name"], [(v,) for v in DANGEROUS] + [(-2,)])
    sheet = load_workbook(io.BytesIO(xlsx_bytes([table]))).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in cells[:-1]] == ["'" + v for v in DANGEROUS]
    assert all(c.data_type == "s" for c in cells[:-1])  # "f" would be a live formula
    assert cells[-1].value == -2


@pytest.mark.django_db
def test_the_caseload_export_neutralises_what_people_typed(world, team_manager_client):
    YoungPersonFactory(
        council=world.council,
        team=world.team_a,
        personal_adviser=world.pa,
        preferred_name='=HYPERLINK("http://evil.example","Click")',
        legal_last_name="@Smith",
    )
    response = team_manager_client.get("/dashboards/figures/caseload/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    texts = [c for row in sheet.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    assert not [c for c in texts if c.data_type == "f" or c.value.startswith(("=", "@"))]
    response = team_manager_client.get("/dashboards/figures/caseload/export.csv")
    cells = [
        c for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig"))) for c in row
    ]
    assert not [c for c in cells if c.startswith(("=", "@"))]
    assert any(c.startswith("'=HYPERLINK") or "'@Smith" in c or "'=HYPER" in c for c in cells)
