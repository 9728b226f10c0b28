"""Reads for the caseload, the young-people list, the young person's page and allocation.

The lists run a fixed number of queries whatever their size: the dates that decide what is
overdue, what is missing and what is coming up are SQL annotations on one query, and the
presenters (``pathways.presenters``) turn them into words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    When,
)
from django.db.models.functions import Lower
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.utils import timezone

from accounts.models import Team, User
from accounts.policy import scoped
from accounts.roles import Role

from .. import rules
from ..models import (
    Allocation,
    CareEpisode,
    Contact,
    PathwayPlan,
    Review,
    Situation,
    YoungPerson,
)
from ..rules import (  # noqa: F401 - read from here by the caseload's callers
    DUE_SOON_DAYS,
    OC3_AGES,
    OC3_MONTHS_AFTER,
    OC3_MONTHS_BEFORE,
    OC3_STATUSES,
    TRANSITION_AGES,
    TRANSITION_DAYS,
    UNALLOCATED,
    LegalStatus,
    oc3_window,
)
from . import young_people_for


class ShiftDate(Func):
    """``date + years + months`` in SQL, each step clamped to the end of the month, exactly
    as ``rules.birthday`` and ``rules.add_months`` do in Python (so a 29 February birthday
    falls on 28 February in years that are not leap years)."""

    arity = 1

    def __init__(self, expression, *, years: int = 0, months: int = 0):
        self.years, self.months = int(years), int(months)
        super().__init__(expression, output_field=DateField())

    def as_sql(self, compiler, connection, **extra_context):  # PostgreSQL
        sql, params = compiler.compile(self.source_expressions[0])
        shifted = f"(({sql} + make_interval(years => {self.years})) + make_interval(months => {self.months}))::date"
        return shifted, params

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        for months in (12 * self.years, self.months):
            if months:
                sql, params = _sqlite_add_months(sql, list(params), months)
        return sql, params


def _sqlite_add_months(sql: str, params: list, months: int) -> tuple[str, list]:
    moved = f"date({sql}, '{months:+d} months')"
    clamped = (
        f"(CASE WHEN strftime('%%d', {moved}) != strftime('%%d', {sql}) "
        f"THEN date({moved}, 'start of month', '-1 day') ELSE {moved} END)"
    )
    return clamped, params * 4


def _birthday(age: int, months: int = 0, ref: str | None = None) -> ShiftDate:
    source = OuterRef(ref) if ref else F("date_of_birth")
    return ShiftDate(source, years=age, months=months)


def _flag(condition) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


def effective_status_expression() -> Case:
    return Case(
        When(legal_status_override="", then=F("legal_status")),
        default=F("legal_status_override"),
    )


def _situation_around(age: int) -> Exists:
    return Exists(
        Situation.objects.filter(
            young_person=OuterRef("pk"),
            recorded_on__gte=_birthday(age, -OC3_MONTHS_BEFORE, ref="date_of_birth"),
            recorded_on__lte=_birthday(age, OC3_MONTHS_AFTER, ref="date_of_birth"),
        )
    )


def _looked_after_on_birthday(age: int) -> Exists:
    """DfE's rule: no care-leaver data for 17/18-year-olds still looked after on that
    birthday (or leaving care after it)."""
    birthday = _birthday(age, ref="date_of_birth")
    return Exists(
        CareEpisode.objects.filter(young_person=OuterRef("pk"), respite=False)
        .filter(started_on__lte=birthday)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=birthday))
    )


def _missing_oc3(age: int, today: date):
    condition = (
        Q(effective_status__in=OC3_STATUSES)
        & LessThanOrEqual(_birthday(age, -OC3_MONTHS_BEFORE), today)
        & ~_situation_around(age)
    )
    if age in (17, 18):
        condition &= ~_looked_after_on_birthday(age)
    return condition


def _transition(age: int, today: date):
    birthday = _birthday(age)
    return GreaterThanOrEqual(birthday, today) & LessThanOrEqual(
        birthday, today + timedelta(days=TRANSITION_DAYS)
    )


def with_missing_flags(qs: QuerySet[YoungPerson], *, today: date) -> QuerySet[YoungPerson]:
    """``missing_<age>`` for each 17th–21st birthday whose OC3 window has opened without a
    situation recorded in it (needs ``effective_status``)."""
    return qs.annotate(**{f"missing_{age}": _flag(_missing_oc3(age, today)) for age in OC3_AGES})


def with_transition_flags(qs: QuerySet[YoungPerson], *, today: date) -> QuerySet[YoungPerson]:
    """``turns_<age>`` for each 18th, 21st and 25th birthday in the next 90 days."""
    return qs.annotate(
        **{f"turns_{age}": _flag(_transition(age, today)) for age in TRANSITION_AGES}
    )


def with_caseload_facts(qs: QuerySet[YoungPerson], *, today: date) -> QuerySet[YoungPerson]:
    """Annotate what the caseload shows: ``effective_status``, the ``missing_<age>`` and the
    ``turns_<age>`` flags. For filtering and counting in SQL; a page of rows gets the same
    facts in Python from :func:`oc3_evidence` (cheaper for 50 rows than ten subqueries)."""
    qs = qs.annotate(effective_status=effective_status_expression())
    return with_transition_flags(with_missing_flags(qs, today=today), today=today)


# The same facts in Python, for the rows of one page -------------------------------------


@dataclass(frozen=True)
class Oc3Evidence:
    """What decides the OC3 flags beyond the young person's own row."""

    situations: tuple[date, ...] = ()  # the days situations were recorded
    episodes: tuple[rules.Episode, ...] = ()  # care episodes, respite excluded


def oc3_evidence(young_people) -> dict[int, Oc3Evidence]:
    """Situation days and care episodes of the given young people: one query, whatever
    their number (written in SQL: building it with the ORM cost more than running it)."""
    ids = [yp.pk for yp in young_people]
    if not ids:
        return {}
    if connection.vendor == "postgresql":  # one array parameter: quicker to send and plan
        among, params = "= ANY(%s)", [ids, ids]
    else:
        among, params = f"IN ({', '.join(['%s'] * len(ids))})", [*ids, *ids]
    sql = (
        f"SELECT young_person_id, 1, recorded_on, NULL FROM {Situation._meta.db_table} "  # noqa: S608 - table names and placeholders only
        f"WHERE young_person_id {among} "
        f"UNION ALL SELECT young_person_id, 0, started_on, ended_on FROM {CareEpisode._meta.db_table} "
        f"WHERE young_person_id {among} AND NOT respite"
    )
    days: dict[int, list[date]] = {}
    spells: dict[int, list[rules.Episode]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for person, is_situation, first, last in cursor.fetchall():
            first, last = _as_date(first), _as_date(last)
            if is_situation:
                days.setdefault(person, []).append(first)
            else:
                spells.setdefault(person, []).append(rules.Episode(first, last, False))
    return {pk: Oc3Evidence(tuple(days.get(pk, ())), tuple(spells.get(pk, ()))) for pk in ids}


def _as_date(value) -> date | None:
    """SQLite's raw cursor gives dates as text; PostgreSQL's as dates."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def missing_ages(
    *, date_of_birth: date, status: str, evidence: Oc3Evidence, today: date
) -> list[int]:
    """The Python twin of :func:`with_missing_flags` (a test keeps the two in step)."""
    if status not in OC3_STATUSES:
        return []
    missing = []
    for age in OC3_AGES:
        birthday, opens, closes = oc3_window(date_of_birth, age)
        if opens > today or any(opens <= day <= closes for day in evidence.situations):
            continue
        if age in (17, 18) and any(e.covers(birthday) for e in evidence.episodes):
            continue
        missing.append(age)
    return missing


def transition_ages(*, date_of_birth: date, today: date) -> list[int]:
    """The Python twin of :func:`with_transition_flags`."""
    last = today + timedelta(days=TRANSITION_DAYS)
    return [age for age in TRANSITION_AGES if today <= rules.birthday(date_of_birth, age) <= last]


# Filters and sorting ----------------------------------------------------------------------

SHOW_OVERDUE = "overdue"
SHOW_TRANSITIONS = "transitions"
SHOW_MISSING = "missing"

SORTS = ("name", "age", "review", "contact")


@dataclass(frozen=True)
class ListFilters:
    """What the user chose in the filter panel and by the column headers."""

    statuses: tuple[str, ...] = ()
    show: tuple[str, ...] = ()
    personal_adviser: str = ""  # a user's uuid, or UNALLOCATED
    team: str = ""  # a team's id
    sort: str = "name"
    descending: bool = False


def _overdue(council, today: date) -> Q:
    contact_by = today - timedelta(weeks=council.contact_interval_weeks)
    visit_by = today - timedelta(days=council.post_move_visit_days)
    visit_pending = Q(last_visit_on__isnull=True) | Q(last_visit_on__lt=F("moved_on"))
    return (
        Q(next_review_due_on__lt=today)
        | Q(last_contact_on__lt=contact_by)
        | (Q(moved_on__lt=visit_by) & visit_pending)
    )


def _ordering(sort: str, descending: bool) -> list:
    name = [Lower("legal_last_name"), Lower("legal_first_name"), "pk"]
    if sort == "age":  # youngest first = latest date of birth first
        key = F("date_of_birth").asc() if descending else F("date_of_birth").desc()
    elif sort == "review":
        key = (
            F("next_review_due_on").desc(nulls_last=True)
            if descending
            else F("next_review_due_on").asc(nulls_last=True)
        )
    elif sort == "contact":  # days since last contact: never contacted counts as longest
        key = (
            F("last_contact_on").asc(nulls_first=True)
            if descending
            else F("last_contact_on").desc(nulls_last=True)
        )
    else:
        if descending:
            return [Lower("legal_last_name").desc(), Lower("legal_first_name").desc(), "-pk"]
        return name
    return [key, *name]


#: What a row of the caseload or the young-people list reads from the young person.
LIST_FIELDS = (
    "pk",
    "uuid",
    "council_id",
    "person_id",
    "legal_first_name",
    "legal_last_name",
    "preferred_name",
    "date_of_birth",
    "legal_status",
    "legal_status_override",
    "next_review_due_on",
    "last_contact_on",
    "last_visit_on",
    "moved_on",
    "plan_status",
    "personal_adviser_id",
    "team_id",
)
#: The young-people list also names the adviser and the team (the caseload is the user's own).
ADVISER_FIELDS = ("personal_adviser__full_name", "team__name")


class ListRow:
    """One young person as a list reads them: plain values from one query, no model instance
    (a page of model instances cost more than the query). The properties are the model's own,
    so the list and the record page cannot disagree about a name, an age or a status."""

    __slots__ = (*(f for f in LIST_FIELDS), "effective_status", "council", "adviser", "team")

    display_name = YoungPerson.display_name
    effective_legal_status = YoungPerson.effective_legal_status
    age_on = YoungPerson.age_on

    def __init__(self, values: dict, *, council):
        for name in LIST_FIELDS:
            setattr(self, name, values[name])
        self.effective_status = values["effective_status"]
        self.council = council
        self.adviser = values.get("personal_adviser__full_name") or ""
        self.team = values.get("team__name") or ""


def list_rows(page_of_young_people: QuerySet, *, council, with_adviser: bool) -> list[ListRow]:
    """One page (a slice of :func:`caseload_for` or :func:`young_people_list_for`) as the
    rows a list shows, with the adviser's and team's names if asked, in one query. The count
    is taken before this, on the queryset without the joins. ``council`` is the user's (the
    young people's), so no row loads it again."""
    fields = (*LIST_FIELDS, "effective_status")
    values = page_of_young_people.values(*fields, *(ADVISER_FIELDS if with_adviser else ()))
    return [ListRow(v, council=council) for v in values]


def _list_rows(qs: QuerySet[YoungPerson], *, filters: ListFilters, today: date):
    """Only the SQL flags the filters need: the rows' own flags come from
    :func:`oc3_evidence` once the page is known."""
    qs = qs.annotate(effective_status=effective_status_expression())
    if SHOW_MISSING in filters.show:
        qs = with_missing_flags(qs, today=today)
    if SHOW_TRANSITIONS in filters.show:
        qs = with_transition_flags(qs, today=today)
    return qs


def apply_filters(
    qs: QuerySet[YoungPerson], *, filters: ListFilters, council, today: date
) -> QuerySet[YoungPerson]:
    if filters.statuses:
        qs = qs.filter(effective_status__in=filters.statuses)
    shown = Q()
    if SHOW_OVERDUE in filters.show:
        shown |= _overdue(council, today)
    if SHOW_TRANSITIONS in filters.show:
        for age in TRANSITION_AGES:
            shown |= Q(**{f"turns_{age}": True})
    if SHOW_MISSING in filters.show:
        for age in OC3_AGES:
            shown |= Q(**{f"missing_{age}": True})
    if shown:
        qs = qs.filter(shown)
    qs = qs.filter(rules.adviser_filter(filters.personal_adviser))
    if filters.team:
        qs = qs.filter(team_id=filters.team)
    return qs.order_by(*_ordering(filters.sort, filters.descending))


def caseload_for(user, *, filters: ListFilters, today: date | None = None) -> QuerySet:
    """The user's own caseload, filtered and sorted, ready to paginate: count it, then read
    one page's rows with :func:`list_rows`."""
    today = today or timezone.localdate()
    qs = YoungPerson.objects.filter(council_id=user.council_id, personal_adviser_id=user.pk)
    qs = _list_rows(qs, filters=filters, today=today)
    return apply_filters(qs, filters=filters, council=user.council, today=today)


def young_people_list_for(user, *, filters: ListFilters, today: date | None = None) -> QuerySet:
    """Every young person the user may read, filtered and sorted, ready to paginate (as
    :func:`caseload_for`)."""
    today = today or timezone.localdate()
    qs = _list_rows(young_people_for(user), filters=filters, today=today)
    return apply_filters(qs, filters=filters, council=user.council, today=today)


# People and teams the lists and allocation offer ----------------------------------------


def teams_for(user) -> QuerySet[Team]:
    """Teams whose young people the user can read."""
    # A team is reached as its young people are: the council's, the user's team, or (own
    # caseload) the team the user is a member of.
    return scoped(Team.objects.order_by("name"), user, team="pk", adviser="members")


def advisers_in_reach_of(user) -> QuerySet[User]:
    """Personal advisers in the teams whose young people the user can read."""
    return (
        User.objects.filter(
            council_id=user.council_id,
            is_active=True,
            roles__role=Role.PERSONAL_ADVISER,
            team__in=teams_for(user),
        )
        .distinct()
        .order_by("full_name")
    )


def allocatable_advisers_for(user) -> QuerySet[User]:
    """Personal advisers the user may allocate young people to, on creating a record and on
    (re)allocating one, on the page and through the API: a team manager, their team's; a
    service manager, the council's (their reach to record work). Only active personal
    advisers in a team can hold a caseload. ``services.young_people.allocation_problem``
    checks a choice against this."""
    qs = User.objects.filter(is_active=True, roles__role=Role.PERSONAL_ADVISER, team__isnull=False)
    return (
        scoped(qs, user, for_edit=True, adviser="pk")
        .select_related("team")
        .distinct()
        .order_by("full_name")
    )


def allocatable_young_people_for(user) -> QuerySet[YoungPerson]:
    """Young people a manager may reallocate."""
    return young_people_for(user, for_edit=True).select_related("personal_adviser", "team")


# The young person's page ------------------------------------------------------------------


@dataclass(frozen=True)
class History:
    """Everything the young person's page lists, each read in one query."""

    episodes: list[CareEpisode]
    allocations: list[Allocation]
    contacts: list[Contact]
    reviews: list[Review]
    plans: list[PathwayPlan]
    situations: list[Situation]


def history_of(young_person: YoungPerson) -> History:
    return History(
        episodes=list(young_person.episodes.select_related("recorded_by").order_by("started_on")),
        allocations=list(
            young_person.allocations.select_related(
                "personal_adviser", "team", "allocated_by"
            ).order_by("-started_on", "-id")
        ),
        contacts=list(young_person.contacts.select_related("recorded_by")),
        reviews=list(young_person.reviews.select_related("recorded_by", "plan")),
        plans=list(young_person.plans.select_related("created_by", "submitted_by", "decided_by")),
        situations=list(young_person.situations.select_related("recorded_by")),
    )


def episodes_of(young_person: YoungPerson) -> QuerySet[CareEpisode]:
    """The young person's care episodes, earliest first (the episode page and the API)."""
    return young_person.episodes.order_by("started_on", "pk")


def allocations_of(young_person: YoungPerson) -> list[Allocation]:
    return list(young_person.allocations.select_related("personal_adviser", "team", "allocated_by"))


def bulk_allocation_candidates(
    user, *, team: str = "", personal_adviser: str = ""
) -> QuerySet[YoungPerson]:
    """Young people a manager may reallocate, narrowed to a team or a current adviser."""
    qs = allocatable_young_people_for(user)
    if team:
        qs = qs.filter(team_id=team)
    if personal_adviser == UNALLOCATED:
        qs = qs.filter(personal_adviser__isnull=True)
    elif personal_adviser:
        qs = qs.filter(personal_adviser__uuid=personal_adviser)
    return qs.order_by(Lower("legal_last_name"), Lower("legal_first_name"), "pk")


# The API's list -------------------------------------------------------------------------


def api_young_people_for(
    user,
    *,
    legal_status: str | None = None,
    personal_adviser: UUID | None = None,
    team: int | None = None,
) -> QuerySet[YoungPerson]:
    """The API's list of young people: those the user may see, narrowed by the optional
    filters, as model instances. ``legal_status`` is the effective status (a manager's
    override, else the computed one)."""
    qs = young_people_for(user).select_related(
        "personal_adviser", "team", "council", "current_situation"
    )
    if legal_status:
        qs = qs.filter(
            Q(legal_status_override=legal_status)
            | Q(legal_status_override="", legal_status=legal_status)
        )
    if personal_adviser:
        qs = qs.filter(personal_adviser__uuid=personal_adviser)
    if team is not None:
        qs = qs.filter(team_id=team)
    return qs.order_by("legal_last_name", "legal_first_name", "pk")
