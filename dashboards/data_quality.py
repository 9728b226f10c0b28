"""Records that would break a DfE rule in the SSDA903 return for a collection year, each with
the rule, a plain message and where to put it right.

The checks run on the year's OC3 cohort (``dashboards.oc3``) in the database: one query
counts the young people with a problem, one lists them. The messages for a situation that
breaks a cross-rule come from the same rule engine that refuses such a situation at entry
(``pathways.rules.check_situation``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.urls import reverse

from pathways import rules
from pathways.codes import InTouch, Sex
from pathways.models import Situation, YoungPerson

from . import kpis, oc3
from .oc3_checks import SEX_LETTERS_FROM
from .presenters import long_date, ordinal

#: A letter other than I, O or S, then 12 digits or 11 digits and a letter; or UN2 to UN5
#: (UN1, "under school age", is never right for a care leaver).
UPN_PATTERN = r"^([A-HJ-NP-RT-Z][0-9]{11}[0-9A-Z]|UN[2-5])$"


@dataclass(frozen=True)
class Problem:
    rule: str
    message: str
    fix_label: str
    fix_url: str


@dataclass(frozen=True)
class ProblemRow:
    young_person: YoungPerson
    age: int
    birthday: date
    problems: list[Problem]


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
    qs = kpis.narrowed(kpis.scoped(user), filters)
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


def _situation_messages(young_person: YoungPerson, codes: oc3.Codes, today: date) -> list[str]:
    found = rules.check_situation(
        date_of_birth=young_person.date_of_birth,
        episodes=[],
        recorded_on=codes.recorded_on or today,
        in_touch=codes.in_touch,
        activity=codes.activity,
        accommodation=codes.accommodation,
        today=today,
    )
    messages = [p.message for p in found if p.rule != "not_future"]
    age_rules = {"no_foyer_under_18", "no_former_foster_carers_at_17"}
    already = any(p.rule in age_rules for p in found)
    if young_person.oc3_age == 17 and codes.accommodation[:1] in ("T", "Z") and not already:
        messages.append(
            f"Accommodation {codes.accommodation} is not accepted for the 17th birthday: foyers "
            "(T) and former foster carers (Z) start at 18"
        )
    return list(dict.fromkeys(messages)) or [
        f"The codes {codes.in_touch}, {codes.activity}, {codes.accommodation} are not accepted "
        "together"
    ]


def describe(rows, *, today: date) -> list[ProblemRow]:
    """Plain messages and a link to put each problem right."""
    described = []
    for yp in rows:
        birthday = f"{ordinal(yp.oc3_age)} birthday ({long_date(yp.oc3_birthday)})"
        situation_new = reverse("pathways:situation-new", kwargs={"uuid": yp.uuid})
        situations = reverse("pathways:situations", kwargs={"uuid": yp.uuid})
        problems = []
        if yp.dq_missing:
            window = (
                f"No situation recorded between {long_date(yp.oc3_opens)} and "
                f"{long_date(yp.oc3_closes)}, around their {birthday}"
            )
            problems.append(
                Problem(
                    "Situation missing",
                    f"{window}: the return codes them not in touch (NO, 0, 0) unless one is "
                    f"recorded by {long_date(yp.oc3_closes)}, when the window closes"
                    if yp.oc3_closes >= today
                    else f"{window}: the return codes them not in touch (NO, 0, 0). The window "
                    f"closed on {long_date(yp.oc3_closes)}; a situation recorded for a day in it "
                    "still counts",
                    "Record their situation",
                    situation_new,
                )
            )
        if yp.dq_invalid:
            codes = oc3.decode(yp.oc3_code)
            for message in _situation_messages(yp, codes, today):
                problems.append(
                    Problem(
                        "Cross-check failed",
                        f"Situation of {long_date(codes.recorded_on)}: {message}",
                        "Record a corrected situation",
                        situation_new,
                    )
                )
        if yp.dq_looked_after:
            problems.append(
                Problem(
                    "Still looked after",
                    f"They were still looked after on their {birthday}, so DfE expects no "
                    "care-leaver data for it, but a situation is recorded around it",
                    "Check their situations and care episodes",
                    situations,
                )
            )
        if yp.dq_died:
            problems.append(
                Problem(
                    "Once DIED, always DIED",
                    "A situation after the one recording their death says something else",
                    "Check their situations",
                    situations,
                )
            )
        if yp.dq_sex:
            problems.append(
                Problem(
                    "Sex not known",
                    "Sex is recorded as not known (U), which the return for this year cannot "
                    "carry: until 2024 to 2025 it takes 1 (male) or 2 (female) only, so SEX is "
                    "left blank and DfE will refuse the row. Record their sex if it is known",
                    "Change their details",
                    reverse("pathways:young-person-edit", kwargs={"uuid": yp.uuid}),
                )
            )
        if yp.dq_upn:
            problems.append(
                Problem(
                    "UPN",
                    "No unique pupil number recorded: enter it, or UN2 to UN5 for why it is not known"
                    if not yp.upn
                    else f"The unique pupil number {yp.upn} is not in DfE's format (a letter other "
                    "than I, O or S and 12 more characters, or UN2 to UN5)",
                    "Change their details",
                    reverse("pathways:young-person-edit", kwargs={"uuid": yp.uuid}),
                )
            )
        described.append(ProblemRow(yp, yp.oc3_age, yp.oc3_birthday, problems))
    return described
