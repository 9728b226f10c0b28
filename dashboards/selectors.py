"""Reads for the dashboards' pages, all scoped through ``pathways.selectors.young_people_for``
and each a fixed number of queries whatever the number of young people."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Lower

from accounts.models import Team
from pathways.models import Review, YoungPerson
from pathways.rules import LegalStatus
from pathways.selectors.young_people import (
    effective_status_expression,
    teams_for,
    with_caseload_facts,
)

from . import cache, data_quality, kpis, oc3


def teams(user) -> list[Team]:
    return list(teams_for(user))


def scope_key(user) -> dict:
    """What decides which young people a user's figures count (for the cache)."""
    from accounts.permissions import young_person_scope

    return {"scope": int(young_person_scope(user)), "team": user.team_id}


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
    council = user.council
    qs = with_caseload_facts(kpis.base(user, filters, today=today), today=today)
    care = Q() if filters.legal_status else Q(effective_status__in=kpis.CARE_LEAVER_STATUSES)
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
    for adviser in kpis.advisers_in_scope(user, filters).select_related("team"):
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


# Statutory returns -------------------------------------------------------------------------


def return_cohort(user, year: int, *, today: date) -> QuerySet[YoungPerson]:
    """The OC3 cohort of the whole of the user's reach for a collection year (so far, while
    it runs), in CHILD order."""
    period = oc3.collection_year(year)
    qs = oc3.with_oc3(
        kpis.scoped(user), period=period, as_of=today if period.end >= today else None
    )
    return qs.order_by("person_id")


def return_counts(user, year: int, *, today: date) -> oc3.ReturnCounts:
    """How many rows the year's files will have, and how many are sent as not in touch for
    lack of a valid situation (one query)."""
    return oc3.return_counts(return_cohort(user, year, today=today))


ANNEX_A_STATUSES = (LegalStatus.RELEVANT, LegalStatus.FORMER_RELEVANT)


def annex_a_list(user, *, today: date) -> QuerySet[YoungPerson]:
    """Care leavers for Ofsted's Annex A list 9: relevant and former relevant young people."""
    latest_review = Subquery(
        Review.objects.filter(young_person=OuterRef("pk"))
        .order_by("-held_on")
        .values("held_on")[:1]
    )
    return (
        kpis.scoped(user)
        .annotate(effective_status=effective_status_expression())
        .filter(effective_status__in=ANNEX_A_STATUSES)
        .annotate(latest_review_on=latest_review)
        .select_related("team", "personal_adviser", "current_situation")
        .order_by("person_id")
    )


def data_quality_ids(user, filters: kpis.Filters, *, today: date) -> list[int]:
    return data_quality.problem_ids(user, filters, today=today)


def data_quality_rows(user, filters: kpis.Filters, *, today: date, ids: list[int]) -> list:
    return data_quality.problem_rows(user, filters, today=today, ids=ids)
