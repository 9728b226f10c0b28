"""The dashboards' figures: who is counted, and every count, computed by the database.

Three sets of young people, all within a ``Reach`` (``dashboards.selectors``: what the user may
read, or for council-wide figures the whole council) and the filters chosen:

- **the OC3 cohort** of a collection year or quarter (``dashboards.selectors.oc3``), its age
  group the age at that birthday;
- **care leavers now** (``population``): eligible, relevant and former relevant young people
  (or the one legal status chosen in the filters), their age group their age today;
- **everyone allocated** (``base``), for caseload sizes.

Every figure is a named condition in ``FIGURES`` (used for the counts and, unchanged, for the
list of young people behind each count) and the page's counts come from a fixed number of
aggregate queries whatever the number of young people: one for the OC3 year, one per trend
quarter, one for the current position and practice, one for caseloads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet

from accounts.models import User
from accounts.roles import Role
from pathways.codes import InTouch
from pathways.models import PathwayPlan, YoungPerson
from pathways.rules import OC3_AGES, OC3_STATUSES, UNALLOCATED, LegalStatus, adviser_filter
from pathways.selectors.young_people import effective_status_expression, with_caseload_facts

from ..models import Comparator
from . import Reach, oc3, reach_of, reach_of_council
from .oc3 import AGE_GROUPS, Oc3Counts, Period

AGE_GROUP_RANGES = {key: (lo, hi) for key, _label, lo, hi in AGE_GROUPS}
AGE_GROUP_LABELS = {key: label for key, label, _lo, _hi in AGE_GROUPS}
#: Columns of the KPI tables: everyone, then DfE's two age groups.
GROUPS = (("all", "All ages"), ("17-18", "17 to 18"), ("19-21", "19 to 21"))
INDICATORS = (
    ("in_touch", "In touch"),
    ("eet", "In education, employment or training"),
    ("suitable", "In suitable accommodation"),
)


# What the user chose ----------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    year: int
    team: int | None = None
    age_group: str = ""  # a key of AGE_GROUP_RANGES
    legal_status: str = ""
    gender: str = ""  # a Sex code
    personal_adviser: str = ""  # a user's uuid, or UNALLOCATED
    quarter: str = ""  # "2025-q3": the trend's quarters, for drill-down

    def params(self, **changes) -> dict[str, str]:
        """As GET parameters, leaving out what is empty."""
        chosen = replace(self, **changes)
        values = {
            "year": chosen.year,
            "team": chosen.team,
            "age_group": chosen.age_group,
            "legal_status": chosen.legal_status,
            "gender": chosen.gender,
            "personal_adviser": chosen.personal_adviser,
            "quarter": chosen.quarter,
        }
        return {k: str(v) for k, v in values.items() if v not in (None, "")}

    def describe(self) -> dict[str, str]:
        """For the audit log."""
        return self.params()


def narrowed(qs: QuerySet[YoungPerson], filters: Filters) -> QuerySet[YoungPerson]:
    """``qs`` with the filters that mean the same for every figure (not the age group)."""
    qs = qs.annotate(effective_status=effective_status_expression())
    if filters.team:
        qs = qs.filter(team_id=filters.team)
    if filters.gender:
        qs = qs.filter(sex=filters.gender)
    qs = qs.filter(adviser_filter(filters.personal_adviser))
    if filters.legal_status:
        qs = qs.filter(effective_status=filters.legal_status)
    return qs


def base(reach: Reach, filters: Filters, *, today: date) -> QuerySet[YoungPerson]:
    """Everyone in reach, with the filters; the age group is their age today."""
    qs = narrowed(reach.young_people, filters)
    if filters.age_group in AGE_GROUP_RANGES:
        qs = qs.filter(
            date_of_birth__range=oc3.dob_range_for_ages(*AGE_GROUP_RANGES[filters.age_group], today)
        )
    return qs


def population(reach: Reach, filters: Filters, *, today: date) -> QuerySet[YoungPerson]:
    """Care leavers now: eligible, relevant or former relevant unless a status is chosen."""
    qs = base(reach, filters, today=today)
    if not filters.legal_status:
        qs = qs.filter(effective_status__in=OC3_STATUSES)
    return qs


def period_for(filters: Filters) -> Period:
    return oc3.parse_quarter(filters.quarter) or oc3.collection_year(filters.year)


def cohort(reach: Reach, filters: Filters, *, today: date, period: Period | None = None):
    """The OC3 cohort for the chosen year (or quarter); a period still running counts the
    birthdays up to today. The age group is the age at that birthday."""
    period = period or period_for(filters)
    qs = narrowed(reach.young_people, filters)
    qs = oc3.with_oc3(qs, period=period, as_of=today if period.end >= today else None)
    if filters.age_group in AGE_GROUP_RANGES:
        lo, hi = AGE_GROUP_RANGES[filters.age_group]
        qs = qs.filter(oc3_age__range=(lo, hi))
    return qs


# Figures: each a condition on one young person ---------------------------------------------


@dataclass(frozen=True)
class Figure:
    slug: str
    label: str
    basis: str  # "oc3" (the cohort), "now" (care leavers now) or "all" (everyone allocated)
    condition: Callable[[object, date], Q]  # (council, today) -> Q


def _visit_overdue(council, today: date) -> Q:
    return Q(moved_on__lt=today - timedelta(days=council.post_move_visit_days)) & (
        Q(last_visit_on__isnull=True) | Q(last_visit_on__lt=F("moved_on"))
    )


def _contact_in_time(council, today: date) -> Q:
    contact_by = today - timedelta(weeks=council.contact_interval_weeks)
    return Q(last_contact_on__gte=contact_by) & ~_visit_overdue(council, today)


def _situation_counted(council, today: date) -> Q:
    """Care leavers now whose current situation counts: not still looked after (eligible),
    and not DIED or RHOM (as in DfE's tables)."""
    return ~Q(effective_status=LegalStatus.ELIGIBLE) & (
        Q(current_situation__isnull=True)
        | ~Q(current_situation__in_touch__in=[InTouch.DIED, InTouch.RHOM])
    )


def _missing_data(council, today: date) -> Q:
    flags = Q()
    for age in OC3_AGES:
        flags |= Q(**{f"missing_{age}": True})
    return flags


def _oc3(figure: str) -> Callable:
    return lambda council, today: oc3.figure_q(figure)


FIGURES: dict[str, Figure] = {
    f.slug: f
    for f in [
        # DfE's cohort around the 17th–21st birthday.
        Figure("oc3-cohort", "In the OC3 cohort", "oc3", _oc3("cohort")),
        Figure(
            "oc3-counted",
            "In the OC3 cohort, less those who died or returned home",
            "oc3",
            _oc3("counted"),
        ),
        Figure("oc3-in-touch", "In touch around their birthday", "oc3", _oc3("in_touch")),
        Figure(
            "oc3-eet",
            "In education, employment or training around their birthday",
            "oc3",
            _oc3("eet"),
        ),
        Figure(
            "oc3-suitable",
            "In suitable accommodation around their birthday",
            "oc3",
            _oc3("suitable"),
        ),
        Figure(
            "oc3-not-known", "No situation recorded around their birthday", "oc3", _oc3("not_known")
        ),
        Figure("oc3-excluded", "Died or returned home (not counted)", "oc3", _oc3("excluded")),
        # Care leavers now, from their current situation.
        Figure("now-counted", "Care leavers whose situation counts", "now", _situation_counted),
        Figure(
            "now-in-touch",
            "In touch now",
            "now",
            lambda c, t: _situation_counted(c, t) & Q(current_situation__in_touch=InTouch.YES),
        ),
        Figure(
            "now-eet",
            "In education, employment or training now",
            "now",
            lambda c, t: (
                _situation_counted(c, t)
                & (
                    Q(current_situation__activity__startswith="F")
                    | Q(current_situation__activity__startswith="P")
                )
            ),
        ),
        Figure(
            "now-suitable",
            "In suitable accommodation now",
            "now",
            lambda c, t: (
                _situation_counted(c, t) & Q(current_situation__accommodation__endswith="1")
            ),
        ),
        Figure(
            "now-not-known",
            "No situation recorded",
            "now",
            lambda c, t: _situation_counted(c, t) & Q(current_situation__isnull=True),
        ),
        # Practice.
        Figure("care-leavers", "Care leavers", "now", lambda c, t: Q()),
        Figure(
            "reviews-due",
            "With a pathway-plan review date",
            "now",
            lambda c, t: Q(next_review_due_on__isnull=False),
        ),
        Figure(
            "reviews-in-time",
            "Pathway plan reviewed within the interval",
            "now",
            lambda c, t: Q(next_review_due_on__gte=t),
        ),
        Figure(
            "reviews-overdue",
            "Pathway-plan review overdue",
            "now",
            lambda c, t: Q(next_review_due_on__lt=t),
        ),
        Figure("contacts-in-time", "Contact within the standard", "now", _contact_in_time),
        Figure(
            "contacts-overdue",
            "Contact overdue, or none recorded",
            "now",
            lambda c, t: ~_contact_in_time(c, t),
        ),
        Figure(
            "assessments-due",
            "Needs assessment due by now",
            "now",
            lambda c, t: (
                Q(needs_assessment_due_on__isnull=False)
                & (
                    Q(needs_assessment_due_on__lte=t)
                    | Q(needs_assessment_completed_on__isnull=False)
                )
            ),
        ),
        Figure(
            "assessments-on-time",
            "Needs assessment completed on time",
            "now",
            lambda c, t: Q(
                needs_assessment_due_on__isnull=False,
                needs_assessment_completed_on__lte=F("needs_assessment_due_on"),
            ),
        ),
        Figure(
            "plans-awaiting",
            "Pathway plan awaiting sign-off",
            "now",
            lambda c, t: Q(plan_status=PathwayPlan.Status.SUBMITTED),
        ),
        Figure(
            "missing-data",
            "Situation missing around a 17th to 21st birthday",
            "now",
            _missing_data,
        ),
        Figure(
            "caseload",
            "Allocated to a personal adviser",
            "all",
            lambda c, t: Q(personal_adviser__isnull=False),
        ),
    ]
}


def figure_queryset(
    user, figure: Figure, filters: Filters, *, today: date
) -> QuerySet[YoungPerson]:
    """The young people behind one figure of the user's dashboards: the same condition the
    count used."""
    reach = reach_of(user)
    if figure.basis == "oc3":
        qs = cohort(reach, filters, today=today)
    elif figure.basis == "now":
        qs = population(reach, filters, today=today)
    else:
        qs = base(reach, filters, today=today)
    if figure.slug == "missing-data":
        qs = with_caseload_facts(qs, today=today)
    return qs.filter(figure.condition(reach.council, today))


# Measures: a numerator over a denominator -------------------------------------------------


@dataclass(frozen=True)
class Measure:
    key: str  # stable, for the API: "oc3.in_touch.19-21"
    label: str
    group: str  # "all", "17-18", "19-21"
    numerator: int
    denominator: int
    figure: str  # drill-down to the numerator
    base_figure: str  # drill-down to the denominator
    params: dict[str, str] = field(default_factory=dict)  # extra drill-down parameters
    comparators: dict[str, Decimal] = field(default_factory=dict)  # kind -> percent

    @property
    def percent(self) -> float | None:
        if not self.denominator:
            return None
        return round(100 * self.numerator / self.denominator, 1)


def _group_params(group: str) -> dict[str, str]:
    return {} if group == "all" else {"age_group": group}


def oc3_measures(
    counts: dict[str, Oc3Counts],
    *,
    prefix: str = "oc3",
    basis: str = "oc3",
    params: dict | None = None,
    comparators: dict | None = None,
    groups: tuple[str, ...] = tuple(key for key, _label in GROUPS),
) -> list[Measure]:
    """The three indicators over those counted, for each group: around the birthday (the
    figures of ``basis`` "oc3") or now (``basis`` "now", the same shape of counts)."""
    measures = []
    for indicator, label in INDICATORS:
        for group in groups:
            c = counts[group]
            compared = (comparators or {}).get(f"{indicator}_{group.replace('-', '_')}", {})
            measures.append(
                Measure(
                    key=f"{prefix}.{indicator}.{group}",
                    label=label,
                    group=group,
                    numerator=getattr(c, indicator),
                    denominator=c.counted,
                    figure=f"{basis}-{indicator.replace('_', '-')}",
                    base_figure=f"{basis}-counted",
                    params={**(params or {}), **_group_params(group)},
                    comparators=compared,
                )
            )
    return measures


# The whole set -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Caseload:
    young_people: int
    advisers: int
    largest: int
    largest_adviser: str  # full name, "" when there are no advisers
    largest_adviser_uuid: str

    @property
    def average(self) -> float | None:
        return round(self.young_people / self.advisers, 1) if self.advisers else None


@dataclass(frozen=True)
class Kpis:
    filters: Filters
    year: Period
    running: bool
    oc3: dict[str, Oc3Counts]
    current: dict[str, Oc3Counts]  # the same shape: counted, in touch, EET, suitable, not known
    practice: dict[str, int]
    caseload: Caseload
    trend: list[tuple[Period, Oc3Counts]]
    comparators: dict[str, dict[str, Decimal]]

    @property
    def oc3_measures(self) -> list[Measure]:
        return oc3_measures(self.oc3, comparators=self.comparators)

    @property
    def current_measures(self) -> list[Measure]:
        return oc3_measures(self.current, prefix="now", basis="now")

    @property
    def practice_measures(self) -> list[Measure]:
        p = self.practice
        rows = [
            (
                "reviews",
                "Pathway plans reviewed within the interval",
                "reviews-in-time",
                "reviews-due",
            ),
            ("contacts", "Contacts within the standard", "contacts-in-time", "care-leavers"),
            (
                "assessments",
                "Needs assessments completed on time",
                "assessments-on-time",
                "assessments-due",
            ),
        ]
        return [
            Measure(
                key=f"practice.{key}",
                label=label,
                group="all",
                numerator=p[num],
                denominator=p[den],
                figure=num,
                base_figure=den,
            )
            for key, label, num, den in rows
        ]

    @property
    def trend_measures(self) -> list[tuple[Period, list[Measure]]]:
        """Each quarter's three measures, for all ages."""
        return [
            (
                period,
                oc3_measures(
                    {"all": counts},
                    prefix=f"trend.{period.key}",
                    params={"quarter": period.key},
                    groups=("all",),
                ),
            )
            for period, counts in self.trend
        ]


def _current_and_practice(reach: Reach, filters: Filters, *, today: date) -> tuple[dict, dict]:
    council = reach.council
    qs = population(reach, filters, today=today)
    aggregates = {}
    current_figures = {
        "counted": "now-counted",
        "in_touch": "now-in-touch",
        "eet": "now-eet",
        "suitable": "now-suitable",
        "not_known": "now-not-known",
    }
    for group, _ in GROUPS:
        in_group = (
            Q()
            if group == "all"
            else Q(date_of_birth__range=oc3.dob_range_for_ages(*AGE_GROUP_RANGES[group], today))
        )
        for name, slug in current_figures.items():
            aggregates[f"g{group.replace('-', '')}_{name}"] = Count(
                "pk", filter=in_group & FIGURES[slug].condition(council, today)
            )
    practice_figures = (
        "care-leavers",
        "reviews-due",
        "reviews-in-time",
        "contacts-in-time",
        "assessments-due",
        "assessments-on-time",
        "plans-awaiting",
    )
    for slug in practice_figures:
        aggregates[f"p_{slug.replace('-', '_')}"] = Count(
            "pk", filter=FIGURES[slug].condition(council, today)
        )
    values = qs.aggregate(**aggregates)
    current = {
        group: Oc3Counts(
            **{name: values[f"g{group.replace('-', '')}_{name}"] for name in current_figures}
        )
        for group, _ in GROUPS
    }
    practice = {slug: values[f"p_{slug.replace('-', '_')}"] for slug in practice_figures}
    return current, practice


def advisers_in_scope(reach: Reach, filters: Filters) -> QuerySet[User]:
    qs = User.objects.filter(
        council_id=reach.council.pk,
        is_active=True,
        roles__role=Role.PERSONAL_ADVISER,
    )
    if reach.teams is not None:
        qs = qs.filter(team__in=reach.teams)
    if filters.team:
        qs = qs.filter(team_id=filters.team)
    if filters.personal_adviser == UNALLOCATED:
        return qs.none()
    if filters.personal_adviser:
        qs = qs.filter(uuid=filters.personal_adviser)
    return qs.distinct()


def caseload(reach: Reach, filters: Filters, *, today: date) -> Caseload:
    """Young people allocated to the personal advisers in scope, over those advisers: two
    queries (the advisers, and the caseloads counted by the database)."""
    qs = base(reach, filters, today=today).filter(personal_adviser__isnull=False)
    advisers = {a.pk: a for a in advisers_in_scope(reach, filters)}
    sizes = dict(
        qs.order_by()
        .values_list("personal_adviser")
        .annotate(n=Count("pk"))
        .values_list("personal_adviser", "n")
    )
    total = sum(sizes.values())
    ranked = sorted(advisers.values(), key=lambda a: (-sizes.get(a.pk, 0), a.full_name))
    largest = ranked[0] if ranked else None
    return Caseload(
        young_people=total,
        advisers=len(advisers),
        largest=sizes.get(largest.pk, 0) if largest else 0,
        largest_adviser=largest.full_name if largest else "",
        largest_adviser_uuid=str(largest.uuid) if largest else "",
    )


def comparators_for(council, year: int) -> dict[str, dict[str, Decimal]]:
    found: dict[str, dict[str, Decimal]] = {}
    for c in Comparator.objects.filter(council=council, year=year):
        found.setdefault(c.indicator, {})[c.kind] = c.percent
    return found


def kpis_of(reach: Reach, filters: Filters, *, today: date, trend: bool = True) -> Kpis:
    """Every figure for the young people in reach: what ``kpis`` and ``council_kpis`` give."""
    year = oc3.collection_year(filters.year)
    plain = replace(filters, quarter="")
    current, practice = _current_and_practice(reach, plain, today=today)
    quarters = oc3.last_quarters(today) if trend else []
    return Kpis(
        filters=filters,
        year=year,
        running=year.end >= today,
        oc3=oc3.oc3_counts(cohort(reach, plain, today=today, period=year)),
        current=current,
        practice=practice,
        caseload=caseload(reach, plain, today=today),
        trend=[
            (q, oc3.oc3_counts(cohort(reach, plain, today=today, period=q))["all"])
            for q in quarters
        ],
        comparators=comparators_for(reach.council, filters.year),
    )


def kpis(user, filters: Filters, *, today: date, trend: bool = True) -> Kpis:
    """The figures of the young people the user may read (their dashboards)."""
    return kpis_of(reach_of(user), filters, today=today, trend=trend)


def council_kpis(council, filters: Filters, *, today: date, trend: bool = True) -> Kpis:
    """The whole council's figures, whoever asks (the panel's performance report)."""
    return kpis_of(reach_of_council(council), filters, today=today, trend=trend)
