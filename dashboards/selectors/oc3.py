"""DfE's care-leaver cohort (SSDA903 table OC3) for a collection year or a quarter, in SQL.

The rules (DOMAIN.md §4; the choices are recorded in docs/decisions/0004-oc3-cohort.md):

- A collection year runs from 1 April to 31 March and is named by the year it starts in:
  2025 is 1 April 2025 to 31 March 2026 (DfE publishes it as "year ending 31 March 2026").
- The cohort is every young person whose 17th, 18th, 19th, 20th or 21st birthday falls in the
  period and who was a care leaver on that birthday: eligible by then, worked out from the care
  episodes exactly as ``pathways.rules.eligible_from`` does (13 weeks looked after since the
  14th birthday, some of it after the 16th, before the 18th birthday and by the birthday
  itself), or, where a manager has overridden the legal status, that status is eligible,
  relevant or former relevant. Today's stored status is not read: it changes with time (duties
  end at 25), and a past year's return describes that year, so a file re-exported years later
  is the same file.
- DfE's exclusion: nobody still looked after on their 17th or 18th birthday (a care episode,
  respite breaks aside, that started on or before the birthday and had not ended by it).
- Their situation is the latest one recorded from 3 months before to 1 month after that
  birthday, both days included (29 February birthdays fall on 28 February in other years).
  No situation in that window is "not known": the return codes it not in touch (NO, 0, 0),
  since DfE refuses blank codes (rules 131 to 133), and the data quality page lists it.
- Once DIED, always DIED: a DIED situation recorded on or before the window closes makes the
  row DIED, 0, 0 whatever else was recorded.

Percentages follow DfE's published tables: young people who died or returned home for six
months or more (DIED, RHOM) are left out of the denominator; NO, REFU, NREQ and "not known"
stay in it and count as not in touch, not in education, employment or training and not in
suitable accommodation.

Everything is computed by the database: ``with_oc3`` annotates a queryset of young people, and
``oc3_counts`` aggregates it in one query whatever the number of young people.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, Greatest, Least, RPad
from django.db.models.lookups import Exact

from pathways import rules
from pathways.codes import Accommodation, Activity, InTouch
from pathways.models import CareEpisode, Situation, YoungPerson
from pathways.rules import OC3_AGES, OC3_MONTHS_AFTER, OC3_MONTHS_BEFORE, OC3_STATUSES
from pathways.selectors.young_people import ShiftDate

__all__ = [
    "AGE_GROUPS",
    "EXCLUDED",
    "Oc3Counts",
    "Period",
    "ReturnCounts",
    "collection_year",
    "current_collection_year",
    "dob_range_for_ages",
    "last_quarters",
    "oc3_counts",
    "quarter",
    "return_counts",
    "with_oc3",
]

#: In-touch codes DfE leaves out of the percentages' denominators.
EXCLUDED = (InTouch.DIED, InTouch.RHOM)
#: The age groups councils report: (key, label, youngest, oldest).
AGE_GROUPS = (
    ("17-18", "17 to 18", 17, 18),
    ("19-21", "19 to 21", 19, 21),
    ("22-25", "22 to 25", 22, 25),
)


# Periods ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A collection year or one of its quarters. Starts on 1 April, July, October or January
    and ends on the last day of a quarter, so no boundary is ever 29 February."""

    start: date
    end: date
    label: str
    key: str  # "2025" for a year, "2025-q3" for a quarter

    def dob_range(self, age: int) -> tuple[date, date]:
        """Dates of birth whose ``age``-th birthday falls in the period."""
        return (
            self.start.replace(year=self.start.year - age),
            self.end.replace(year=self.end.year - age),
        )


def collection_year(year: int) -> Period:
    return Period(date(year, 4, 1), date(year + 1, 3, 31), f"{year} to {year + 1}", str(year))


def current_collection_year(today: date) -> int:
    return today.year if today.month >= 4 else today.year - 1


_QUARTER_MONTHS = {1: (4, 6), 2: (7, 9), 3: (10, 12), 4: (1, 3)}


def quarter(year: int, number: int) -> Period:
    """Quarter ``number`` (1 to 4) of collection year ``year``: 1 is April to June."""
    first, last = _QUARTER_MONTHS[number]
    calendar_year = year + 1 if number == 4 else year
    start = date(calendar_year, first, 1)
    end = (date(calendar_year, last, 28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    label = f"{rules.MONTH_NAMES[first - 1]} to {rules.MONTH_NAMES[last - 1]} {calendar_year}"
    return Period(start, end, label, f"{year}-q{number}")


def quarter_of(day: date) -> tuple[int, int]:
    year = current_collection_year(day)
    number = {4: 1, 5: 1, 6: 1, 7: 2, 8: 2, 9: 2, 10: 3, 11: 3, 12: 3}.get(day.month, 4)
    return year, number


def parse_quarter(key: str) -> Period | None:
    """``"2025-q3"`` as a Period; None for anything else."""
    year, _, number = key.partition("-q")
    if not (year.isdigit() and number in {"1", "2", "3", "4"} and 2000 <= int(year) <= 2100):
        return None
    return quarter(int(year), int(number))


def last_quarters(today: date, count: int = 8) -> list[Period]:
    """The ``count`` complete quarters before the one ``today`` is in, oldest first: the OC3
    window of a birthday in them has closed (it closes a month after the birthday)."""
    year, number = quarter_of(today)
    found = []
    for _ in range(count):
        number -= 1
        if number == 0:
            year, number = year - 1, 4
        found.append(quarter(year, number))
    return list(reversed(found))


def _latest_dob_aged(age: int, on: date) -> date:
    """The latest date of birth that makes someone ``age`` or older on ``on``."""
    day = rules.add_months(on, -12 * age)
    while rules.age_on(day + timedelta(days=1), on) >= age:
        day += timedelta(days=1)
    while rules.age_on(day, on) < age:
        day -= timedelta(days=1)
    return day


def dob_range_for_ages(youngest: int, oldest: int, on: date) -> tuple[date, date]:
    """Dates of birth of people aged ``youngest`` to ``oldest`` on ``on``."""
    return _latest_dob_aged(oldest + 1, on) + timedelta(days=1), _latest_dob_aged(youngest, on)


# The cohort -------------------------------------------------------------------------------


def _by_age(period: Period, value) -> Case:
    """``value(age)`` for the age whose birthday falls in the period, NULL for nobody."""
    whens = [When(date_of_birth__range=period.dob_range(age), then=value(age)) for age in OC3_AGES]
    return Case(*whens, default=None)


# Legal status on the birthday ---------------------------------------------------------------

#: Stands in for "not ended" when an episode is still open (both databases compare it as a date).
NOT_ENDED = date(9999, 12, 31)


class DaysBetween(Func):
    """Whole days from the second date to the first (``later - earlier``)."""

    arity = 2
    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra_context):  # PostgreSQL: date - date
        later, later_params = compiler.compile(self.source_expressions[0])
        earlier, earlier_params = compiler.compile(self.source_expressions[1])
        return f"({later} - {earlier})", [*later_params, *earlier_params]

    def as_sqlite(self, compiler, connection, **extra_context):
        later, later_params = compiler.compile(self.source_expressions[0])
        earlier, earlier_params = compiler.compile(self.source_expressions[1])
        sql = f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"
        return sql, [*later_params, *earlier_params]


class NextDay(Func):
    """The day after a date."""

    arity = 1
    output_field = DateField()

    def as_sql(self, compiler, connection, **extra_context):  # PostgreSQL: date + integer
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql} + 1)", params

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"date({sql}, '+1 day')", params


def _eligible_by_birthday() -> Exists:
    """``pathways.rules.eligible_from(date_of_birth, episodes, on=oc3_birthday)`` is not None,
    in SQL (a test keeps the two in step).

    Eligible on some day d from the 16th birthday, before the 18th and on or before the
    birthday: looked after on d, with at least 13 weeks (91 days) looked after from the 14th
    birthday up to and including d, respite breaks aside. The best d in an episode is its last
    day in that window, so: an episode that reaches into the window, and 91 days or more looked
    after from the 14th birthday up to the end of that episode's part of the window."""
    dob = OuterRef("date_of_birth")
    window_end = Case(  # the window runs up to, not including, this day
        When(Exact(OuterRef("oc3_age"), 17), then=NextDay(OuterRef("oc3_birthday"))),
        default=ShiftDate(dob, years=18),
        output_field=DateField(),
    )
    fourteenth = ShiftDate(OuterRef(dob), years=14)
    days_since_14 = (
        CareEpisode.objects.filter(young_person=OuterRef("young_person"), respite=False)
        .annotate(
            days=Greatest(
                Value(0),
                DaysBetween(
                    Least(Coalesce("ended_on", Value(NOT_ENDED)), OuterRef("reaches")),
                    Greatest("started_on", fourteenth),
                ),
            )
        )
        .values("young_person")
        .annotate(total=Sum("days"))
        .values("total")
    )
    episodes = (
        CareEpisode.objects.filter(young_person=OuterRef("pk"), respite=False)
        .annotate(
            starts=Greatest("started_on", ShiftDate(dob, years=16), output_field=DateField()),
            reaches=Least(
                Coalesce("ended_on", Value(NOT_ENDED)), window_end, output_field=DateField()
            ),
        )
        .filter(starts__lt=F("reaches"))
        .annotate(since_14=Subquery(days_since_14, output_field=IntegerField()))
        .filter(since_14__gte=rules.THIRTEEN_WEEKS.days)
    )
    return Exists(episodes)


def care_leaver_on_birthday() -> Q:
    """Was a care leaver (eligible, relevant or former relevant) on their OC3 birthday: a
    manager's override of the legal status when there is one, else the care episodes as they
    stood on that day. Needs ``oc3_age`` and ``oc3_birthday``.

    A shortcut first, to spare most rows the episodes: a stored (computed) status of
    eligible, relevant or former relevant says the episodes made them eligible at some time,
    which can only be before their 18th birthday, so by any 18th to 21st birthday. The stored
    status is not enough on its own: at 25 it becomes "not a care leaver", and at 17 they may
    have become eligible after the birthday."""
    eligible_then = (Q(oc3_age__gte=18) & Q(legal_status__in=OC3_STATUSES)) | Q(
        _eligible_by_birthday()
    )
    return Q(legal_status_override__in=OC3_STATUSES) | (Q(legal_status_override="") & eligible_then)


def _looked_after_on_birthday() -> Exists:
    birthday = OuterRef("oc3_birthday")
    return Exists(
        CareEpisode.objects.filter(young_person=OuterRef("pk"), respite=False)
        .filter(started_on__lte=birthday)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=birthday))
    )


# One row's situation as a fixed-width code, so that the database looks the situation up
# once per young person and every figure is one pattern on that code:
#
#   positions 1-4  IN_TOUCH, padded with spaces ("YES ", "NO  ", "DIED")
#             5-6  ACTIV ("F1", "0 ")
#             7-8  ACCOM ("U1", "0 ")
#             9    V valid; X breaks a DfE rule (coded not in touch in the return and listed
#                  on the data quality page); D a DIED situation on or before the window closed
#             10-  the date the situation was recorded (YYYY-MM-DD)
#
# NULL means no situation in the window: not known (coded not in touch in the return).
VALID, INVALID, DIED = "V", "X", "D"


def _invalid_situation() -> Q:
    """DfE's rules on one situation in the OC3 window (the rest are about the cohort)."""
    age_17 = Exact(OuterRef("oc3_age"), 17)
    return (
        ~Q(in_touch__in=InTouch.values)
        | ~Q(activity__in=Activity.values)
        | ~Q(accommodation__in=Accommodation.values)
        | (Q(in_touch=InTouch.YES) & (Q(activity="0") | Q(accommodation="0")))
        | (Q(in_touch=InTouch.RHOM) & (~Q(activity="0") | ~Q(accommodation="0")))
        | (Q(age_17) & (Q(accommodation__startswith="T") | Q(accommodation__startswith="Z")))
    )


def _situation_code() -> Subquery:
    """The latest situation in the window, or a DIED one recorded up to its end (once DIED,
    always DIED), as the code above."""
    in_window = Q(recorded_on__gte=OuterRef("oc3_opens"), recorded_on__lte=OuterRef("oc3_closes"))
    died = Q(in_touch=InTouch.DIED, recorded_on__lte=OuterRef("oc3_closes"))
    raw = Concat(
        RPad("in_touch", 4, Value(" ")),
        RPad("activity", 2, Value(" ")),
        RPad("accommodation", 2, Value(" ")),
        output_field=CharField(),
    )
    code = Case(
        When(in_touch=InTouch.DIED, then=Value("DIED0 0 " + DIED)),
        When(_invalid_situation(), then=Concat(raw, Value(INVALID))),
        default=Concat(raw, Value(VALID)),
        output_field=CharField(),
    )
    situations = (
        Situation.objects.filter(young_person=OuterRef("pk"))
        .filter(in_window | died)
        .annotate(
            code=Concat(code, Cast("recorded_on", CharField()), output_field=CharField()),
            is_died=Case(When(in_touch=InTouch.DIED, then=Value(1)), default=Value(0)),
        )
        .order_by("-is_died", "-recorded_on", "-id")
        .values("code")[:1]
    )
    return Subquery(situations, output_field=CharField())


def with_oc3(
    qs: QuerySet[YoungPerson],
    *,
    period: Period,
    as_of: date | None = None,
    opened_by: date | None = None,
    keep_looked_after: bool = False,
) -> QuerySet[YoungPerson]:
    """The young people in ``qs`` who are in the OC3 cohort for ``period``, annotated with
    ``oc3_age``, ``oc3_birthday``, ``oc3_opens``, ``oc3_closes`` and ``oc3_code`` (the
    situation, see above; ``decode`` reads it).

    With ``as_of`` (a period still running), only birthdays on or before that day count; with
    ``opened_by``, only those whose window has opened by that day (the data quality page lists
    a missing situation as soon as it can be recorded).
    With ``keep_looked_after``, those still looked after on their 17th or 18th birthday stay,
    marked ``oc3_looked_after`` (for the data quality page)."""
    born = Q()
    for age in OC3_AGES:  # for a quarter, five short ranges rather than one of five years
        born |= Q(date_of_birth__range=period.dob_range(age))
    qs = qs.filter(born).annotate(
        oc3_age=_by_age(period, lambda age: Value(age, output_field=IntegerField())),
        oc3_birthday=_by_age(period, lambda age: ShiftDate(F("date_of_birth"), years=age)),
        oc3_opens=_by_age(
            period,
            lambda age: ShiftDate(F("date_of_birth"), years=age, months=-OC3_MONTHS_BEFORE),
        ),
        oc3_closes=_by_age(
            period,
            lambda age: ShiftDate(F("date_of_birth"), years=age, months=OC3_MONTHS_AFTER),
        ),
    )
    qs = qs.filter(oc3_age__isnull=False)
    if as_of is not None:
        qs = qs.filter(oc3_birthday__lte=as_of)
    if opened_by is not None:
        qs = qs.filter(oc3_opens__lte=opened_by)
    qs = qs.filter(care_leaver_on_birthday())
    looked_after = Q(oc3_age__in=(17, 18)) & Q(_looked_after_on_birthday())
    if keep_looked_after:
        qs = qs.annotate(oc3_looked_after=ExpressionWrapper(looked_after, BooleanField()))
    else:
        qs = qs.exclude(looked_after)
    return qs.annotate(oc3_code=_situation_code())


@dataclass(frozen=True)
class Codes:
    """A cohort row's situation, read from ``oc3_code``."""

    in_touch: str = ""
    activity: str = ""
    accommodation: str = ""
    flag: str = ""  # VALID, INVALID, DIED or "" (not known)
    recorded_on: date | None = None

    @property
    def known(self) -> bool:
        return self.flag in (VALID, DIED)

    @property
    def recorded(self) -> bool:
        """A situation was recorded in the window (valid or not)."""
        return bool(self.flag)

    def for_return(self) -> tuple[str, str, str]:
        """IN_TOUCH, ACTIV, ACCOM as the return carries them. DfE refuses blank codes (rules
        131 to 133), so a young person with nothing recorded in their window, or whose
        situation breaks a DfE rule, is coded not in touch: NO, 0, 0 (the returns page counts
        them, the data quality page lists them)."""
        if not self.known:
            return NOT_IN_TOUCH
        return self.in_touch, self.activity, self.accommodation


#: The codes sent for a young person with no valid situation in their window.
NOT_IN_TOUCH = (InTouch.NO.value, Activity.NOT_APPLICABLE.value, "0")


def decode(code: str | None) -> Codes:
    if not code:
        return Codes()
    return Codes(
        in_touch=code[0:4].strip(),
        activity=code[4:6].strip(),
        accommodation=code[6:8].strip(),
        flag=code[8],
        recorded_on=date.fromisoformat(code[9:19]) if len(code) >= 19 else None,
    )


# Figures ----------------------------------------------------------------------------------

#: Each figure counts the cohort rows meeting one condition on ``oc3_code``: in SQL for the
#: counts (``oc3_counts``) and the same as a filter for the lists (``figure_q``).
_KNOWN_SQL = "SUBSTR(oc3_code, 9, 1) IN ('V', 'D')"
_EXCLUDED_SQL = f"{_KNOWN_SQL} AND SUBSTR(oc3_code, 1, 4) IN ('DIED', 'RHOM')"
FIGURE_SQL = {
    "cohort": "1 = 1",
    "excluded": f"oc3_code IS NOT NULL AND {_EXCLUDED_SQL}",
    "counted": f"NOT (oc3_code IS NOT NULL AND {_EXCLUDED_SQL})",
    "in_touch": "oc3_code LIKE 'YES ____V%%'",
    "eet": "(oc3_code LIKE '____F___V%%' OR oc3_code LIKE '____P___V%%')",
    "suitable": "oc3_code LIKE '_______1V%%'",
    "not_known": f"NOT (oc3_code IS NOT NULL AND {_KNOWN_SQL})",
}
#: The groups counted: everyone, and each age group within the OC3 ages (17 to 18, 19 to 21).
GROUP_SQL = {
    "all": "1 = 1",
    **{
        key: f"oc3_age BETWEEN {youngest} AND {oldest}"
        for key, _label, youngest, oldest in AGE_GROUPS
        if oldest <= max(OC3_AGES)
    },
}


def figure_q(figure: str) -> Q:
    """The same conditions as FIGURE_SQL, as a filter on ``with_oc3`` rows (for lists)."""
    known = Q(oc3_code__regex=r"^.{8}[VD]")
    excluded = Q(oc3_code__regex=r"^(DIED|RHOM).{4}[VD]")
    return {
        "cohort": Q(),
        "excluded": excluded,
        "counted": Q(oc3_code__isnull=True) | ~excluded,
        "in_touch": Q(oc3_code__regex=r"^YES .{4}V"),
        "eet": Q(oc3_code__regex=r"^.{4}[FP].{3}V"),
        "suitable": Q(oc3_code__regex=r"^.{7}1V"),
        "not_known": Q(oc3_code__isnull=True) | ~known,
    }[figure]


@dataclass(frozen=True)
class Oc3Counts:
    """Counts for one group of the cohort (``all``, ``17-18`` or ``19-21``)."""

    cohort: int = 0
    excluded: int = 0
    counted: int = 0
    in_touch: int = 0
    eet: int = 0
    suitable: int = 0
    not_known: int = 0


def oc3_counts(qs: QuerySet[YoungPerson]) -> dict[str, Oc3Counts]:
    """Every figure for every group of a ``with_oc3`` queryset, in one query: the cohort's
    rows are computed once in a derived table and counted outside it."""
    inner = qs.order_by().values_list("oc3_age", "oc3_code")
    sql, params = inner.query.sql_with_params()
    columns = []
    for group, group_sql in GROUP_SQL.items():
        for figure, figure_sql in FIGURE_SQL.items():
            columns.append(
                (
                    group,
                    figure,
                    f"SUM(CASE WHEN ({group_sql}) AND ({figure_sql}) THEN 1 ELSE 0 END)",
                )
            )
    select = ", ".join(expression for _, _, expression in columns)
    # MATERIALIZED: each row's situation is looked up once, not once per figure (PostgreSQL
    # would otherwise fold the derived table into the outer query).
    query = f"WITH cohort AS MATERIALIZED ({sql}) SELECT {select} FROM cohort"  # noqa: S608 - constants
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        row = cursor.fetchone()
    values: dict[str, dict[str, int]] = {group: {} for group in GROUP_SQL}
    for (group, figure, _), value in zip(columns, row, strict=True):
        values[group][figure] = int(value or 0)
    return {group: Oc3Counts(**figures) for group, figures in values.items()}


@dataclass(frozen=True)
class ReturnCounts:
    """What the returns page says about a year's files before they are downloaded."""

    rows: int = 0
    not_recorded: int = 0  # no situation in the window: sent as NO, 0, 0
    not_valid: int = 0  # the situation breaks a DfE rule: sent as NO, 0, 0
    sex_not_known: int = 0  # sex U: no code in a return before 2024 to 2025

    @property
    def coded_not_in_touch(self) -> int:
        return self.not_recorded + self.not_valid


def return_counts(qs: QuerySet[YoungPerson]) -> ReturnCounts:
    """The counts above for a ``with_oc3`` queryset, in one query."""
    inner = qs.order_by().values_list("sex", "oc3_code")
    sql, params = inner.query.sql_with_params()
    query = (
        f"WITH cohort AS MATERIALIZED ({sql}) SELECT COUNT(*), "  # noqa: S608 - constants
        "SUM(CASE WHEN oc3_code IS NULL THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN SUBSTR(oc3_code, 9, 1) = '{INVALID}' THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN sex NOT IN ('M', 'F') THEN 1 ELSE 0 END) FROM cohort"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        row = cursor.fetchone()
    return ReturnCounts(*(int(value or 0) for value in row))
