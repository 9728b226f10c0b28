"""The table rows of the caseload and the young-people list, rendered in Python.

A page of 50 rows through Django's template engine cost more than everything else on the
page together (about 11,000 variable lookups; see docs/benchmarks.md), so these rows are
built here with f-strings, every value passing through ``escape`` (the standard library's
HTML escaping, which escapes the same five characters Django's templates do). The markup is
the GOV.UK table and tag markup the templates use.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django.utils.safestring import SafeString, mark_safe

from core.dates import long_date

from .presenters import CaseloadRow, Tag


def _tag(tag: Tag) -> str:
    return f'<strong class="{tag.css_class}">{escape(tag.text)}</strong>'


def _secondary(text: str) -> str:
    return f'<br><span class="govuk-body-s lc-secondary-text">{escape(text)}</span>'


def _para(inner: str) -> str:
    return f'<p class="govuk-body-s govuk-!-margin-bottom-1">{inner}</p>'


def _cells(row: CaseloadRow, *, show_adviser: bool) -> list[str]:
    cells = [
        f'<th scope="row" class="govuk-table__header"><a class="govuk-link" '
        f'href="{escape(row.url)}">{escape(row.name)}</a>{_secondary(row.person_id)}</th>'
    ]
    if show_adviser:
        team = _secondary(row.team) if row.team else ""
        cells.append(escape(row.personal_adviser or "Not allocated") + team)
    cells.append(str(row.age))
    cells.append(
        escape(row.status_label) + (_secondary("Set by a manager") if row.status_overridden else "")
    )
    review = escape(long_date(row.review_due_on)) if row.review_due_on else "Not set"
    cells.append(review + (f"<br>{_tag(row.review_tag)}" if row.review_tag else ""))
    contact = row.contact
    cells.append(
        escape(contact.days_text)
        + "".join(f"<br>{_tag(tag)}" for tag in contact.tags)
        + (_secondary(contact.due_text) if contact.due_text else "")
    )
    cells.append(_tag(row.plan_tag))
    if row.missing or row.transitions:
        cells.append(
            "".join(_para(f"{_tag(n.tag)} {escape(n.text)}") for n in row.missing)
            + "".join(_para(_tag(tag)) for tag in row.transitions)
        )
    else:
        cells.append('<span class="lc-secondary-text">None</span>')
    return [cells[0], *(f'<td class="govuk-table__cell">{cell}</td>' for cell in cells[1:])]


def table_rows(rows: Iterable[CaseloadRow], *, show_adviser: bool, empty_text: str) -> SafeString:
    """The ``<tbody>``'s rows, or one row saying why there are none."""
    html = "".join(
        f'<tr class="govuk-table__row">{"".join(_cells(row, show_adviser=show_adviser))}</tr>\n'
        for row in rows
    )
    if not html:
        columns = 8 if show_adviser else 7
        html = (
            f'<tr class="govuk-table__row"><td class="govuk-table__cell" colspan="{columns}">'
            f"{escape(empty_text)}</td></tr>"
        )
    return mark_safe(html)  # noqa: S308 (every value above is escaped)
