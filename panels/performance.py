"""The performance report: the first generated paper (issue 7, item 3).

The Dashboards' KPIs for the whole council (``dashboards.selectors.kpis.council_kpis``), for
the collection year the committee officer chooses:

1. DfE's care-leaver measures (OC3) for the year: in touch, in education, employment or
   training, and in suitable accommodation, for 17 to 18 and 19 to 21 year olds, with the
   comparators an administrator has entered (England, region, statistical neighbours);
2. the trend: the same measures for birthdays in each of the last 8 complete quarters;
3. care leavers now, from their current situation;
4. practice: pathway-plan reviews, contacts and needs assessments in time; caseloads.

Every chart is SVG from ``dashboards.charts`` and sits beside a table of the same figures.

**Part A** (public): every count is suppressed with ``core.suppression`` at the pack's
threshold, each section as one system of cells and sums (numerator + complement = counted,
age groups adding up to all ages), so a ``c`` cannot be worked back from any total printed in
that section; a percentage whose numerator or denominator is hidden is ``c`` too, and its
point is left out of the chart. **Part B** shows every figure.

The "now" and practice figures are as on the day the pack is built; the OC3 figures are for
the chosen year (to the day of the build, while the year is running).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString

from core.pdf import html_to_pdf
from core.suppression import SUPPRESSED, Sum, suppress
from dashboards import charts
from dashboards.models import ComparatorKind
from dashboards.presenters import percent_text
from dashboards.selectors import kpis, oc3

from .pack_spec import PART_A, Pack, Paper

KEY = "performance"
YEARS_OFFERED = 6
GROUPS = (("17-18", "17 to 18"), ("19-21", "19 to 21"))
NOT_LABELS = {
    "in_touch": "Not in touch, or not known",
    "eet": "Not in education, employment or training, or not known",
    "suitable": "Not in suitable accommodation, or not known",
}
PRACTICE = (
    ("reviews", "Pathway plans reviewed within the interval", "reviews-in-time", "reviews-due"),
    ("contacts", "Contacts within the standard", "contacts-in-time", "care-leavers"),
    (
        "assessments",
        "Needs assessments completed on time",
        "assessments-on-time",
        "assessments-due",
    ),
)


# Options --------------------------------------------------------------------------------------


def year_choices(today: date) -> list[tuple[int, str]]:
    current = oc3.current_collection_year(today)
    return [
        (year, f"{year} to {year + 1}" + (" (so far)" if year == current else ""))
        for year in range(current, current - YEARS_OFFERED, -1)
    ]


class PerformanceOptionsForm(forms.Form):
    year = forms.TypedChoiceField(
        label="Collection year",
        help_text="1 April to 31 March: young people whose 17th to 21st birthday falls in it",
        coerce=int,
    )

    def __init__(self, *args, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = year_choices(today or timezone.localdate())
        self.fields["year"].choices = choices
        self.fields["year"].initial = choices[0][0]


def chosen_year(options: dict, today: date) -> int:
    try:
        year = int(options.get("year"))
    except (TypeError, ValueError):
        return oc3.current_collection_year(today)
    if not 2000 <= year <= 2100:
        raise ValueError(f"the collection year {year} is not one the report can show")
    return year


# Tables ---------------------------------------------------------------------------------------


@dataclass
class Table:
    caption: str
    columns: list[str]
    rows: list[tuple[str, list[str]]]
    chart: SafeString | None = None


@dataclass
class Section:
    heading: str
    intro: str
    tables: list[Table] = field(default_factory=list)


class Counts:
    """Cells and sums of one section, and which cells print as ``c``."""

    def __init__(self) -> None:
        self.cells: dict = {}
        self.sums: list[Sum] = []
        self.hidden: set = set()

    def add(self, key, value: int) -> None:
        self.cells[key] = int(value)

    def sum(self, members, total) -> None:
        self.sums.append(Sum(tuple(members), total))

    def settle(self, *, public: bool, threshold: int) -> None:
        self.hidden = suppress(self.cells, self.sums, threshold=threshold) if public else set()

    def text(self, key) -> str:
        return SUPPRESSED if key in self.hidden else f"{self.cells[key]:,}"

    def percent(self, numerator, denominator) -> float | None | str:
        if numerator in self.hidden or denominator in self.hidden:
            return SUPPRESSED
        if not self.cells[denominator]:
            return None
        return round(100 * self.cells[numerator] / self.cells[denominator], 1)


def _pct(value) -> str:
    return SUPPRESSED if value == SUPPRESSED else percent_text(value)


def _plot(value) -> float | None:
    return None if value == SUPPRESSED else value


def _cohort_counts(groups: dict[str, oc3.Oc3Counts], parts: list[str]) -> Counts:
    counts = Counts()
    for g, c in groups.items():
        counts.add(("counted", g), c.counted)
        for indicator, _label in kpis.INDICATORS:
            yes = getattr(c, indicator)
            counts.add(("yes", indicator, g), yes)
            counts.add(("no", indicator, g), c.counted - yes)
            counts.sum([("yes", indicator, g), ("no", indicator, g)], ("counted", g))
    for indicator, _label in kpis.INDICATORS:
        for what in ("yes", "no"):
            counts.sum([(what, indicator, g) for g in parts], (what, indicator, "all"))
    counts.sum([("counted", g) for g in parts], ("counted", "all"))
    return counts


def _indicator_tables(
    counts: Counts,
    columns: list[tuple[str, str]],
    *,
    what: str,
    comparators: dict | None,
) -> list[Table]:
    tables = []
    kinds = ComparatorKind.choices
    for indicator, label in kpis.INDICATORS:
        percents = {g: counts.percent(("yes", indicator, g), ("counted", g)) for g, _ in columns}
        rows = [
            (label, [counts.text(("yes", indicator, g)) for g, _ in columns]),
            (NOT_LABELS[indicator], [counts.text(("no", indicator, g)) for g, _ in columns]),
            ("Counted", [counts.text(("counted", g)) for g, _ in columns]),
            ("Percentage", [_pct(percents[g]) for g, _ in columns]),
        ]
        items = []
        for g, glabel in columns:
            if g == "all" and comparators is not None:
                continue
            items.append((f"{glabel}: this council", _plot(percents[g])))
        if comparators is not None:
            for kind, kind_label in kinds:
                values = []
                for g, glabel in columns:
                    figure = comparators.get(f"{indicator}_{g.replace('-', '_')}", {}).get(kind)
                    values.append(percent_text(figure) if figure is not None else "–")
                    if figure is not None:
                        items.append((f"{glabel}: {kind_label}", float(figure)))
                rows.append((kind_label, values))
        description = "; ".join(f"{name}: {_pct_or_c(v)}" for name, v in items)
        tables.append(
            Table(
                caption=f"{label}, {what}",
                columns=["", *(glabel for _g, glabel in columns)],
                rows=rows,
                chart=charts.bars(
                    title=f"{label}, {what}: percentages",
                    description=f"{description}. Suppressed figures are left out.",
                    items=items,
                    standalone=True,  # a PDF: no static files, no Content Security Policy
                ),
            )
        )
    return tables


def _pct_or_c(value) -> str:
    return SUPPRESSED if value is None else percent_text(value)


def oc3_section(result: kpis.Kpis, *, public: bool, threshold: int) -> Section:
    parts = [g for g, _ in GROUPS]
    groups = {g: result.oc3[g] for g in [*parts, "all"]}
    counts = _cohort_counts(groups, parts)
    counts.settle(public=public, threshold=threshold)
    columns = [*GROUPS, ("all", "All ages")]
    running = " so far" if result.running else ""
    return Section(
        heading=f"Care leavers around their birthday, {result.year.label}{running}",
        intro=(
            "DfE's measures (SSDA903 table OC3): young people whose 17th to 21st birthday falls "
            f"in the collection year {result.year.label}, and their situation from 3 months "
            "before to 1 month after it. Those who died or returned home for 6 months or more "
            "are not counted, as in DfE's tables."
        ),
        tables=_indicator_tables(
            counts,
            columns,
            what=f"around their birthday, {result.year.label}",
            comparators=result.comparators,
        ),
    )


def current_section(result: kpis.Kpis, *, public: bool, threshold: int, today: date) -> Section:
    parts = [g for g, _ in GROUPS] + ["other"]
    current = dict(result.current)
    other = {
        name: getattr(current["all"], name) - sum(getattr(current[g], name) for g, _ in GROUPS)
        for name in ("counted", "in_touch", "eet", "suitable", "not_known")
    }
    current["other"] = oc3.Oc3Counts(**other)
    counts = _cohort_counts({g: current[g] for g in [*parts, "all"]}, parts)
    counts.settle(public=public, threshold=threshold)
    columns = [*GROUPS, ("other", "Other ages"), ("all", "All ages")]
    return Section(
        heading=f"Care leavers now, on {today.day} {today:%B %Y}",
        intro=(
            "Eligible, relevant and former relevant young people, from the situation most "
            "recently recorded for each, by their age today. Young people still looked after "
            "(eligible) and those who died or returned home are not counted."
        ),
        tables=_indicator_tables(
            counts, columns, what=f"on {today.day} {today:%B %Y}", comparators=None
        ),
    )


def trend_section(result: kpis.Kpis, *, public: bool, threshold: int) -> Section:
    counts = Counts()
    for period, c in result.trend:
        counts.add(("counted", period.key), c.counted)
        for indicator, _label in kpis.INDICATORS:
            yes = getattr(c, indicator)
            counts.add(("yes", indicator, period.key), yes)
            counts.add(("no", indicator, period.key), c.counted - yes)
            counts.sum(
                [("yes", indicator, period.key), ("no", indicator, period.key)],
                ("counted", period.key),
            )
    counts.settle(public=public, threshold=threshold)
    tables = []
    for indicator, label in kpis.INDICATORS:
        rows = []
        points = []
        for period, _c in result.trend:
            value = counts.percent(("yes", indicator, period.key), ("counted", period.key))
            rows.append(
                (
                    period.label,
                    [
                        counts.text(("counted", period.key)),
                        counts.text(("yes", indicator, period.key)),
                        _pct(value),
                    ],
                )
            )
            points.append((period.label.replace(" to ", "–"), _plot(value)))
        text = "; ".join(f"{p}: {_pct_or_c(v)}" for p, v in points)
        tables.append(
            Table(
                caption=f"{label}: birthdays in each of the last {len(result.trend)} quarters",
                columns=["Birthdays in", "Counted", label, "Percentage"],
                rows=rows,
                chart=charts.line(
                    title=f"{label}: birthdays in each of the last {len(result.trend)} quarters",
                    description=f"{text}. Suppressed figures are left out.",
                    points=points,
                    standalone=True,
                ),
            )
        )
    return Section(
        heading="The trend",
        intro=(
            "The same measures for young people whose 17th to 21st birthday fell in each of "
            "the last complete quarters, all ages together."
        ),
        tables=tables,
    )


def practice_section(result: kpis.Kpis, *, public: bool, threshold: int) -> Section:
    counts = Counts()
    p = result.practice
    for key, _label, done, total in PRACTICE:
        counts.add(("figure", total), p[total])
        counts.add(("done", key), p[done])
        counts.add(("not", key), p[total] - p[done])
        counts.sum([("done", key), ("not", key)], ("figure", total))
    counts.add(("allocated",), result.caseload.young_people)
    counts.settle(public=public, threshold=threshold)
    rows = []
    items = []
    for key, label, _done, total in PRACTICE:
        value = counts.percent(("done", key), ("figure", total))
        rows.append(
            (
                label,
                [
                    counts.text(("done", key)),
                    counts.text(("not", key)),
                    counts.text(("figure", total)),
                    _pct(value),
                ],
            )
        )
        items.append((label, _plot(value)))
    caseload = result.caseload
    average = (
        SUPPRESSED
        if ("allocated",) in counts.hidden
        else (f"{caseload.average:.1f}" if caseload.average is not None else "–")
    )
    text = "; ".join(f"{name}: {_pct_or_c(v)}" for name, v in items)
    return Section(
        heading="Practice",
        intro=(
            "Care leavers now: reviews of pathway plans, contacts by personal advisers and "
            "needs assessments against the council's standards."
        ),
        tables=[
            Table(
                caption="Practice against the council's standards",
                columns=["", "In time", "Not in time", "Out of", "Percentage"],
                rows=rows,
                chart=charts.bars(
                    title="Practice against the council's standards: percentages in time",
                    description=f"{text}. Suppressed figures are left out.",
                    items=items,
                    standalone=True,
                ),
            ),
            Table(
                caption="Caseloads",
                columns=["", "Figure"],
                rows=[
                    ("Personal advisers", [f"{caseload.advisers:,}"]),
                    ("Young people allocated to them", [counts.text(("allocated",))]),
                    ("Average caseload", [average]),
                ],
            ),
        ],
    )


def performance_context(*, pack: Pack, paper: Paper, today: date) -> dict:
    from accounts.models import Council

    council = Council.objects.get(pk=pack.council_id)
    year = chosen_year(paper.options, today)
    result = kpis.council_kpis(council, kpis.Filters(year=year), today=today)
    public = pack.part == PART_A
    threshold = pack.suppression_threshold
    return {
        "pack": pack,
        "title": paper.title or "Performance report",
        "public": public,
        "threshold": threshold,
        "year": result.year,
        "made_on": f"{today.day} {today:%B %Y}",
        "meeting_date": f"{pack.meeting_date.day} {pack.meeting_date:%B %Y}",
        "sections": [
            oc3_section(result, public=public, threshold=threshold),
            trend_section(result, public=public, threshold=threshold),
            current_section(result, public=public, threshold=threshold, today=today),
            practice_section(result, public=public, threshold=threshold),
        ],
    }


def render_performance(*, pack: Pack, paper: Paper, today: date | None = None) -> bytes:

    context = performance_context(pack=pack, paper=paper, today=today or timezone.localdate())
    return html_to_pdf(render_to_string("panels/pdf/performance.html", context))


LABEL = "Performance report"
DESCRIPTION = (
    "The dashboards' KPIs for a collection year, with comparators and trend charts; small "
    "numbers suppressed in Part A."
)
