"""The performance report: the council's KPIs, suppressed in Part A, in full in Part B."""

from __future__ import annotations

import dataclasses
import re
from datetime import date

import pytest

from core.suppression import SUPPRESSED
from dashboards.models import Comparator
from devtools import samples
from panels import pack, performance
from panels.pack_spec import PART_A, PART_B, Item, Paper
from pathways.rules import LegalStatus
from tests.clock import TODAY
from tests.dashboards.factories import care_leaver, situation
from tests.panels import pdfs

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(world):
    """Collection year 2025: 3 in touch and 10 not at 17 to 18; 30 in touch and 2 not at 19."""
    people = []
    for n in range(13):
        # 17th birthday on 1 June 2025: window 1 March to 1 July 2025.
        yp = care_leaver(world, date(2008, 6, 1), status=LegalStatus.RELEVANT)
        situation(yp, date(2025, 6, 1), *(("YES", "F1", "U1") if n < 3 else ("NO",)))
        people.append(yp)
    for n in range(32):
        yp = care_leaver(world, date(2006, 6, 1), status=LegalStatus.FORMER_RELEVANT)
        situation(yp, date(2025, 6, 1), *(("YES", "F1", "U1") if n < 30 else ("NO",)))
        people.append(yp)
    Comparator.objects.create(
        council=world.council, year=2025, indicator="in_touch_19_21", kind="national", percent=91
    )
    return people


def _spec(world, part=PART_A):
    return dataclasses.replace(
        samples.sample_pack(council_id=world.council.pk, upload_pages=(), report=False),
        part=part,
    )


def _paper():
    return Paper(
        kind="generated",
        title="Performance report",
        generator="performance",
        options={"year": 2025},
    )


def _tables(context) -> dict[str, dict[str, list[str]]]:
    return {
        t.caption: {label: cells for label, cells in t.rows}
        for s in context["sections"]
        for t in s.tables
    }


def test_it_shows_small_counts_as_c_in_part_a(world, cohort):
    context = performance.performance_context(pack=_spec(world), paper=_paper(), today=TODAY)
    in_touch = _tables(context)["In touch, around their birthday, 2025 to 2026"]
    # Columns: 17 to 18, 19 to 21, all ages.
    assert in_touch["In touch"][0] == SUPPRESSED  # 3
    assert in_touch["Not in touch, or not known"][1] == SUPPRESSED  # 2
    assert in_touch["Percentage"][0] == SUPPRESSED
    assert in_touch["England"][1] == "91%"


def test_it_prints_no_count_below_the_threshold_anywhere_in_part_a(world, cohort):
    context = performance.performance_context(pack=_spec(world), paper=_paper(), today=TODAY)
    for caption, rows in _tables(context).items():
        for label, cells in rows.items():
            if label in ("Percentage", "England", "Region", "Statistical neighbours"):
                continue
            if label == "Personal advisers":  # staff, not young people
                continue
            for cell in cells:
                if re.fullmatch(r"[\d,]+", cell):
                    value = int(cell.replace(",", ""))
                    assert not 0 < value < 5, (caption, label, cell)


def test_it_stops_a_reader_subtracting_a_hidden_count_from_the_totals(world, cohort):
    context = performance.performance_context(pack=_spec(world), paper=_paper(), today=TODAY)
    in_touch = _tables(context)["In touch, around their birthday, 2025 to 2026"]
    rows = [in_touch["In touch"], in_touch["Not in touch, or not known"], in_touch["Counted"]]
    # Every column with a hidden count has at least two hidden counts...
    for column in range(3):
        hidden = [r[column] for r in rows if r[column] == SUPPRESSED]
        assert len(hidden) != 1
    # ...and so does every row.
    for row in rows:
        assert row.count(SUPPRESSED) != 1


def test_it_shows_full_figures_in_part_b(world, cohort):
    context = performance.performance_context(
        pack=_spec(world, PART_B), paper=_paper(), today=TODAY
    )
    in_touch = _tables(context)["In touch, around their birthday, 2025 to 2026"]
    assert in_touch["In touch"] == ["3", "30", "33"]
    assert in_touch["Not in touch, or not known"] == ["10", "2", "12"]
    assert in_touch["Percentage"] == ["23%", "94%", "73%"]


def test_it_puts_a_chart_beside_every_table_of_percentages(world, cohort):
    context = performance.performance_context(pack=_spec(world), paper=_paper(), today=TODAY)
    for section in context["sections"]:
        for table in section.tables:
            if table.caption != "Caseloads":
                assert table.chart is not None and "<svg" in table.chart


def test_it_builds_into_a_public_pack_with_c_and_no_young_persons_name(world, cohort):
    spec = _spec(world)
    spec = dataclasses.replace(
        spec, items=(Item(1, "Performance report", PART_A, papers=(_paper(),)),)
    )
    built = pack.build(spec)
    text = pdfs.flat(" ".join(pdfs.texts(built.pdf)))
    assert "Care leavers around their birthday, 2025 to 2026" in text
    assert " c " in text
    for person in cohort:
        assert person.person_id not in text
        assert person.legal_last_name not in text


def test_its_options_form_offers_collection_years():
    form = performance.PerformanceOptionsForm({"year": "2025"}, today=TODAY)
    assert form.is_valid()
    assert form.cleaned_data == {"year": 2025}
    assert not performance.PerformanceOptionsForm({"year": "1990"}, today=TODAY).is_valid()
