"""Timing a 100-page pack (``make bench``; docs/benchmarks.md, "The pack").

``bench_pack()`` builds a Part A pack for the benchmark county in-process, against the current
database: the real meeting's shape (``devtools.samples``) with uploaded papers, three written
reports and the performance report over the whole county, at least 100 pages in all. The
uploads are made before the clock starts (they stand for files already stored); everything
``panels.pack.build`` does is timed: rendering the reports, the county's KPIs for the
performance report, the front sheet (twice or more), assembling, numbering, bookmarks and the
privacy check over every young person's name and identifier.
"""

from __future__ import annotations

import dataclasses
import time

from accounts.models import Council
from devtools import samples
from panels import pack
from panels.pack_spec import PART_A, Item, Paper

TARGET_SECONDS = 15.0
MIN_PAGES = 100
UPLOAD_PAGES = (30, 20, 14, 9, 5)


def bench_spec(council: Council) -> pack.Pack:
    uploads = [
        Paper(
            kind="upload",
            title=f"Appendix {i + 1}.pdf",
            pdf=samples.upload_pdf(pages=n, title=f"Appendix {i + 1}"),
        )
        for i, n in enumerate(UPLOAD_PAGES)
    ]
    reports = [
        Paper(kind="report", title=title, report=samples.sample_report(paragraphs=6))
        for title in ("Care leavers' local offer", "Sufficiency of accommodation", "Ofsted update")
    ]
    performance = Paper(
        kind="generated", title="Performance report", generator="performance", options={}
    )
    spec = samples.sample_pack(
        council_id=council.pk,
        council_name=council.name,
        upload_pages=(),
        report=False,
        suppression_threshold=council.suppression_threshold,
    )
    papers_for = {
        3: (uploads[0],),
        5: (reports[0], uploads[1]),
        6: (reports[1],),
        9: (uploads[2], uploads[3]),
        10: (reports[2], uploads[4]),
        11: (performance,),
    }
    items = tuple(
        dataclasses.replace(item, papers=papers_for.get(item.number, item.papers))
        if item.part == PART_A
        else item
        for item in spec.items
    )
    return dataclasses.replace(spec, part=PART_A, items=items)


def bench_pack(*, council_slug: str = "bench") -> dict:
    council = (
        Council.objects.filter(slug=council_slug).first() or Council.objects.order_by("pk").first()
    )
    if council is None:
        raise SystemExit("bench: no council to build a pack for (run make bench once first)")
    spec = bench_spec(council)
    stages: list[tuple[str, float]] = []
    started = time.monotonic()
    built = pack.build(spec, progress=lambda stage, _p: stages.append((stage, time.monotonic())))
    seconds = time.monotonic() - started
    timings = []
    for (stage, at), (_next, until) in zip(stages, stages[1:], strict=False):
        timings.append({"stage": stage, "seconds": round(until - at, 2)})
    return {
        "council": council.name,
        "young_people": council.young_people.count(),
        "seconds": round(seconds, 2),
        "pages": built.page_count,
        "bytes": len(built.pdf),
        "items_with_papers": len(built.ranges),
        "blank_pages": len(built.blank_pages),
        "target_seconds": TARGET_SECONDS,
        "within_target": seconds < TARGET_SECONDS and built.page_count >= MIN_PAGES,
        "stages": timings,
    }


def summary_line(result: dict) -> str:
    return (
        f"  pack: {result['seconds']}s for {result['pages']} pages "
        f"({result['young_people']:,} young people checked; target < {TARGET_SECONDS:.0f}s)"
    )


__all__ = ["Item", "bench_pack", "bench_spec", "summary_line"]
