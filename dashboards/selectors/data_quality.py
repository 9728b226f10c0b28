"""Records that would break a DfE rule in the SSDA903 return for a collection year, each with
the rule, a plain message and where to put it right.

The checks run on the year's OC3 cohort (``dashboards.selectors.oc3``) in the database: one
query counts the young people with a problem, one lists them. The words for each problem are
``dashboards.presenters.describe_problems``.
"""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet

from pathways.codes import InTouch, Sex
from pathways.models import Situation, YoungPerson

from . import kpis, oc3, reach_of
from .oc3_checks import SEX_LETTERS_FROM

#: A letter other than I, O or S, then 12 digits or 11 digits and a letter; or UN2 to UN5
#: (UN1, "under school age", is never right for a care leaver).
UPN_PATTERN = r"^([A-HJ-NP-RT-Z][0-9]{11}[0-9A-Z]|UN[2-5])$"


def _flag(condition) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


def _alive_after_died() -> Exists:
    """A situation other than DIED recorded on or after a DIED one."""
    died_before = Situation.objects.filter(
        young_person=OuterRef(OuterRef("pk")),
        in_touch=InTouch.DIED,
        recorded_on__lte=OuterRef("recorded_on"),
    )
    return Exists(
        Situation.objects.filter(young_person=OuterRef("pk"))
        .exclude(in_touch=InTouch.DIED)
        .filter(Exists(died_before))
    )


def _cohort(user, filters: kpis.Filters, *, today: date) -> QuerySet[YoungPerson]:
    """The year's cohort; while the year runs, everyone whose window has opened, so a missing
    situation is listed as soon as it can be recorded, not after the return is due."""
    period = oc3.collection_year(filters.year)
    qs = kpis.narrowed(reach_of(user).young_people, filters)
    qs = oc3.with_oc3(
        qs,
        period=period,
        opened_by=today if period.end >= today else None,
        keep_looked_after=True,
    )
    if filters.age_group in kpis.AGE_GROUP_RANGES:
        qs = qs.filter(oc3_age__range=kpis.AGE_GROUP_RANGES[filters.age_group])
    return qs.annotate(dq_alive_after_died=_alive_after_died())


def _sex_unsendable(year: int) -> bool:
    """Before 2024 to 2025 the return's SEX is 1 or 2: a sex recorded as not known (U) has no
    code."""
    return year < SEX_LETTERS_FROM


def _problem_sql(year: int, today: date, regex: str) -> list[tuple[str, list]]:
    """The problems, as conditions on one cohort row (the counts and the list use these; the
    flags below say the same for the rows shown). ``regex``: the database's match operator."""
    conditions = [
        ("oc3_code IS NULL AND NOT oc3_looked_after", []),
        ("SUBSTR(oc3_code, 9, 1) = 'X' AND NOT oc3_looked_after", []),
        ("oc3_looked_after AND oc3_code IS NOT NULL AND oc3_birthday <= %s", [today]),
        ("dq_alive_after_died", []),
        (f"NOT (upn {regex} %s)", [UPN_PATTERN]),
    ]
    if _sex_unsendable(year):
        conditions.append(("sex NOT IN ('M', 'F')", []))
    return conditions


def _flags(year: int, today: date) -> dict[str, Q]:
    return {
        "dq_missing": Q(oc3_code__isnull=True, oc3_looked_after=False),
        "dq_invalid": Q(oc3_code__regex=r"^.{8}X") & Q(oc3_looked_after=False),
        "dq_looked_after": Q(
            oc3_looked_after=True, oc3_code__isnull=False, oc3_birthday__lte=today
        ),
        "dq_died": Q(dq_alive_after_died=True),
        "dq_upn": ~Q(upn__regex=UPN_PATTERN),
        "dq_sex": ~Q(sex__in=(Sex.MALE, Sex.FEMALE)) if _sex_unsendable(year) else Q(pk=None),
    }


def _problems_sql(user, filters: kpis.Filters, *, today: date, select: str, order: str = ""):
    """The cohort's rows are computed once (MATERIALIZED), then tested against every rule."""
    inner = (
        _cohort(user, filters, today=today)
        .order_by()
        .values(
            "id",
            "legal_last_name",
            "legal_first_name",
            "upn",
            "sex",
            "oc3_code",
            "oc3_birthday",
            "oc3_closes",
            "oc3_looked_after",
            "dq_alive_after_died",
        )
    )
    sql, params = inner.query.sql_with_params()
    # PostgreSQL's ~, or SQLite's REGEXP (which Django provides) for the embedded default.
    regex = "~" if connection.vendor == "postgresql" else "REGEXP"
    conditions = _problem_sql(filters.year, today, regex)
    where = " OR ".join(f"({condition})" for condition, _ in conditions)
    extra = [value for _, values in conditions for value in values]
    query = f"WITH cohort AS MATERIALIZED ({sql}) SELECT {select} FROM cohort WHERE {where} {order}"  # noqa: S608 - constants
    with connection.cursor() as cursor:
        cursor.execute(query, [*params, *extra])
        return cursor.fetchall()


def count(user, filters: kpis.Filters, *, today: date) -> int:
    """Young people in the year's return with at least one problem: one query."""
    return _problems_sql(user, filters, today=today, select="COUNT(*)")[0][0]


def problem_ids(user, filters: kpis.Filters, *, today: date) -> list[int]:
    """Their ids, by name: one query."""
    rows = _problems_sql(
        user,
        filters,
        today=today,
        select="id",
        order="ORDER BY LOWER(legal_last_name), LOWER(legal_first_name), id",
    )
    return [row[0] for row in rows]


def problem_rows(user, filters: kpis.Filters, *, today: date, ids: list[int]) -> list:
    """The young people with these ids (a page of ``problem_ids``), flagged, in that order."""
    qs = (
        _cohort(user, filters, today=today)
        .filter(pk__in=ids)
        .annotate(
            **{name: _flag(condition) for name, condition in _flags(filters.year, today).items()}
        )
        .select_related("personal_adviser", "team")
    )
    found = {yp.pk: yp for yp in qs}
    return [found[pk] for pk in ids if pk in found]
