"""The dashboards' figures as the pages show them: kept in the cache (``cache``), the team
dashboard's rows, and the lists behind the figures. Scoped through ``dashboards.selectors``
and each a fixed number of queries whatever the number of young people."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from django.db.models import Count, Q
from django.db.models.functions import Lower

from pathways.rules import OC3_STATUSES
from pathways.selectors.young_people import with_caseload_facts

from . import cache, data_quality, kpis, reach_of, scope_key


def _parts(user, what: str, filters: kpis.Filters, today: date) -> dict:
    return {"what": what, **scope_key(user), "filters": filters.params(), "today": today}


def dashboard_kpis(
    user, filters: kpis.Filters, *, today: date, refresh: bool = False
) -> cache.Cached[kpis.Kpis]:
    return cache.cached(
        user.council_id,
        _parts(user, "kpis", filters, today),
        lambda: kpis.kpis(user, filters, today=today),
        refresh=refresh,
    )


def data_quality_count(
    user, filters: kpis.Filters, *, today: date, refresh: bool = False
) -> cache.Cached[int]:
    plain = replace(filters, quarter="", personal_adviser="")
    return cache.cached(
        user.council_id,
        _parts(user, "data quality", plain, today),
        lambda: data_quality.count(user, plain, today=today),
        refresh=refresh,
    )


# The team dashboard ------------------------------------------------------------------------


@dataclass(frozen=True)
class AdviserRow:
    name: str
    uuid: str  # "" for young people not allocated to anyone
    team: str
    caseload: int
    reviews_overdue: int
    contacts_overdue: int
    plans_awaiting: int
    missing_data: int


TEAM_COUNTS = ("reviews-overdue", "contacts-overdue", "plans-awaiting", "missing-data")


def _team_rows(user, filters: kpis.Filters, today: date) -> list[AdviserRow]:
    reach = reach_of(user)
    council = reach.council
    qs = with_caseload_facts(kpis.base(reach, filters, today=today), today=today)
    care = Q() if filters.legal_status else Q(effective_status__in=OC3_STATUSES)
    counts = {
        slug.replace("-", "_"): Count(
            "pk", filter=care & kpis.FIGURES[slug].condition(council, today)
        )
        for slug in TEAM_COUNTS
    }
    grouped = (
        qs.order_by()
        .values("personal_adviser", "personal_adviser__full_name", "personal_adviser__uuid")
        .annotate(caseload=Count("pk"), **counts)
    )
    found = {row["personal_adviser"]: row for row in grouped}
    rows = []
    for adviser in kpis.advisers_in_scope(reach, filters).select_related("team"):
        row = found.pop(adviser.pk, None) or {}
        rows.append(
            AdviserRow(
                name=adviser.full_name,
                uuid=str(adviser.uuid),
                team=adviser.team.name if adviser.team_id else "",
                caseload=row.get("caseload", 0),
                **{key: row.get(key, 0) for key in counts},
            )
        )
    for pk, row in found.items():  # someone outside the advisers listed, or nobody
        rows.append(
            AdviserRow(
                name=row["personal_adviser__full_name"] or "Not allocated",
                uuid=str(row["personal_adviser__uuid"]) if pk else "",
                team="",
                caseload=row["caseload"],
                **{key: row[key] for key in counts},
            )
        )
    return sorted(rows, key=lambda r: (r.uuid == "", r.name.lower()))


def team_rows(
    user, filters: kpis.Filters, *, today: date, refresh: bool = False
) -> cache.Cached[list[AdviserRow]]:
    plain = replace(filters, quarter="", personal_adviser="")
    return cache.cached(
        user.council_id,
        _parts(user, "team", plain, today),
        lambda: _team_rows(user, plain, today),
        refresh=refresh,
    )


# Lists behind the figures ------------------------------------------------------------------


def figure_list(user, figure: kpis.Figure, filters: kpis.Filters, *, today: date):
    qs = kpis.figure_queryset(user, figure, filters, today=today)
    return qs.select_related("personal_adviser", "team", "current_situation").order_by(
        Lower("legal_last_name"), Lower("legal_first_name"), "pk"
    )
