"""Every CSV and XLSX file the app writes goes through here.

A cell a spreadsheet would read as a formula is neutralised: text beginning with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return gets a leading apostrophe, which spreadsheets show as
text and never run (OWASP's advice against CSV injection). Real numbers and dates are left as
they are. Dates are DD/MM/YYYY in CSV and real dates shown as DD/MM/YYYY in XLSX.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

DATE_FORMAT = "DD/MM/YYYY"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Table:
    title: str  # the XLSX sheet's name (31 characters at most)
    headers: Sequence[str]
    rows: list[tuple]


def neutralise(value):
    """Text that a spreadsheet would take for a formula, made plain text; anything else as is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


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
    writer.writerow([neutralise(h) for h in table.headers])
    for row in table.rows:
        writer.writerow([_text(neutralise(v)) for v in row])
    return (("\ufeff" if excel else "") + out.getvalue()).encode("utf-8")


def xlsx_bytes(tables: Iterable[Table]) -> bytes:
    """One sheet per table: bold headers, frozen header row, real dates shown as DD/MM/YYYY;
    every text cell written as text, never as a formula."""
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(table.title[:31])
        sheet.append([neutralise(h) for h in table.headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        widths = [len(h) for h in table.headers]
        for row in table.rows:
            values = ["Yes" if v is True else "No" if v is False else neutralise(v) for v in row]
            sheet.append(values)
            for i, value in enumerate(values):
                widths[i] = max(widths[i], 10 if isinstance(value, date) else len(_text(value)))
        for col, width in enumerate(widths, start=1):
            letter = get_column_letter(col)
            sheet.column_dimensions[letter].width = min(60, width + 2)
            for cell in sheet[letter][1:]:
                if isinstance(cell.value, date):
                    cell.number_format = DATE_FORMAT
                elif isinstance(cell.value, str):
                    cell.data_type = "s"  # text, whatever it looks like
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
