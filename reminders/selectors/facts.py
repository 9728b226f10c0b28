"""Reading what the rules need, a chunk of young people at a time, in a fixed number of
queries: one for the young people, one for recent situations, one for care episodes and one
for the team managers who receive escalations."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import F, OuterRef, Q, Subquery

from accounts.models import User
from accounts.roles import Role
from pathways import rules as pathway_rules
from pathways.models import CareEpisode, Situation, YoungPerson
from pathways.rules import (
    OC3_AGES,
    OC3_MONTHS_AFTER,
    OC3_MONTHS_BEFORE,
    OC3_STATUSES,
    earliest_situation_date_needed,
    open_oc3_ages,
)

from .. import rules
from ..rules import Facts

FIELDS = (
    "id",
    "personal_adviser_id",
    "team_id",
    "date_of_birth",
    "legal_status",
    "legal_status_override",
    "next_review_due_on",
    "last_contact_on",
    "last_visit_on",
    "moved_on",
    "needs_assessment_due_on",
    "needs_assessment_completed_on",
    "plan_status",
)


@dataclass(frozen=True)
class Person:
    id: int
    adviser_id: int
    team_id: int | None
    facts: Facts


def _oldest_date_of_birth(today: date) -> date:
    """Anyone born before this date has passed their 25th birthday (with a day to spare for
    29 February), so the sweep need not read them."""
    return pathway_rules.add_months(today, -12 * 25) - timedelta(days=2)


def _around(day: date, *, years_back: int, before: int, after: int) -> Q:
    """Dates of birth whose birthday at ``years_back`` falls from ``before`` days before
    ``day`` to ``after`` days after it (two days' margin each side for 29 February)."""
    return Q(
        date_of_birth__gte=pathway_rules.add_months(day - timedelta(days=before), -12 * years_back)
        - timedelta(days=2),
        date_of_birth__lte=pathway_rules.add_months(day + timedelta(days=after), -12 * years_back)
        + timedelta(days=2),
    )


def might_be_due(today: date, policy: rules.Policy) -> Q:
    """A filter the database applies before the rules run: it keeps everyone the rules could
    remind about today (a superset, with margins) and drops the many with nothing due, so a
    large council is read quickly. ``tests/reminders/test_prefilter.py`` checks it drops
    nobody the rules would keep."""
    oc3 = Q(legal_status_override__in=OC3_STATUSES) | Q(
        legal_status_override="", legal_status__in=OC3_STATUSES
    )
    condition = (
        Q(next_review_due_on__lte=today + timedelta(days=policy.review_first_days))
        | Q(last_contact_on__lt=today - timedelta(weeks=policy.contact_interval_weeks))
        | (
            Q(moved_on__isnull=False)
            & (Q(last_visit_on__isnull=True) | Q(last_visit_on__lt=F("moved_on")))
        )
        | Q(
            needs_assessment_due_on__lte=today + timedelta(days=policy.review_first_days),
            needs_assessment_completed_on__isnull=True,
            plan_status="",
        )
    )
    for age in rules.BIRTHDAY_KINDS:
        condition |= _around(today, years_back=age, before=0, after=policy.birthday_first_days)
    window = Q()
    for age in OC3_AGES:
        # The window (OC3_MONTHS_BEFORE months before to OC3_MONTHS_AFTER after the birthday)
        # is open today when the birthday is from OC3_MONTHS_AFTER months ago to
        # OC3_MONTHS_BEFORE months ahead: at most 31 days a month.
        window |= _around(
            today, years_back=age, before=31 * OC3_MONTHS_AFTER, after=31 * OC3_MONTHS_BEFORE
        )
    return condition | (oc3 & window)


def people(
    *,
    council_id: int,
    today: date,
    adviser_ids: Iterable[int] | None = None,
    ids: Iterable[int] | None = None,
    team_id: int | None = None,
    policy: rules.Policy | None = None,
) -> list[Person]:
    """The young people with a personal adviser (these advisers, or with these ids, or in
    this team), and the facts the rules need about each. With ``policy``, only those who
    might have something due today (``might_be_due``)."""
    qs = YoungPerson.objects.filter(
        council_id=council_id,
        personal_adviser__isnull=False,
        personal_adviser__is_active=True,
        date_of_birth__gte=_oldest_date_of_birth(today),
    )
    if ids is not None:
        qs = qs.filter(id__in=list(ids))
    if team_id is not None:
        qs = qs.filter(team_id=team_id)
    if policy is not None:
        qs = qs.filter(might_be_due(today, policy))
    if adviser_ids is not None:
        qs = qs.filter(personal_adviser_id__in=list(adviser_ids))
    # In touch from the current situation as a subquery on its primary key, not a join: a
    # join lets the planner hash the whole situations table for every chunk.
    rows = list(
        qs.order_by("id").values(
            *FIELDS,
            in_touch=Subquery(
                Situation.objects.filter(pk=OuterRef("current_situation_id"))
                .order_by()
                .values("in_touch")[:1]
            ),
        )
    )

    # Only people whose status calls for statutory data and with an OC3 window open today
    # need their situations (and, at 17 and 18, their episodes).
    oc3_open: dict[int, list[int]] = {}
    for row in rows:
        status = row["legal_status_override"] or row["legal_status"]
        if status in OC3_STATUSES:
            ages = open_oc3_ages(row["date_of_birth"], today)
            if ages:
                oc3_open[row["id"]] = ages
    situations: dict[int, list[date]] = defaultdict(list)
    looked_after: dict[int, set[int]] = defaultdict(set)
    if oc3_open:
        for person_id, recorded_on in Situation.objects.filter(
            young_person_id__in=list(oc3_open),
            recorded_on__gte=earliest_situation_date_needed(today),
        ).values_list("young_person_id", "recorded_on"):
            situations[person_id].append(recorded_on)
        at_17_or_18 = [pk for pk, ages in oc3_open.items() if {17, 18} & set(ages)]
        if at_17_or_18:
            dobs = {row["id"]: row["date_of_birth"] for row in rows}
            episodes = CareEpisode.objects.filter(
                young_person_id__in=at_17_or_18, respite=False
            ).values_list("young_person_id", "started_on", "ended_on")
            for person_id, started_on, ended_on in episodes:
                for age in (17, 18):
                    birthday = pathway_rules.birthday(dobs[person_id], age)
                    if started_on <= birthday and (ended_on is None or ended_on > birthday):
                        looked_after[person_id].add(age)

    found = []
    for row in rows:
        pk = row["id"]
        found.append(
            Person(
                id=pk,
                adviser_id=row["personal_adviser_id"],
                team_id=row["team_id"],
                facts=Facts(
                    date_of_birth=row["date_of_birth"],
                    has_adviser=True,
                    effective_status=row["legal_status_override"] or row["legal_status"],
                    in_touch=row["in_touch"] or "",
                    next_review_due_on=row["next_review_due_on"],
                    last_contact_on=row["last_contact_on"],
                    last_visit_on=row["last_visit_on"],
                    moved_on=row["moved_on"],
                    needs_assessment_due_on=row["needs_assessment_due_on"],
                    needs_assessment_completed_on=row["needs_assessment_completed_on"],
                    plan_status=row["plan_status"],
                    situation_dates=tuple(situations.get(pk, ())),
                    looked_after_at=frozenset(looked_after.get(pk, ())),
                ),
            )
        )
    return found


@dataclass(frozen=True)
class Managers:
    """Who receives escalations: the young person's team's managers or, for a team without
    one (or a young person without a team), the council's service managers."""

    by_team: dict[int, tuple[int, ...]]
    service_managers: tuple[int, ...]

    def escalation_recipients(self, team_id: int | None) -> tuple[int, ...]:
        return (self.by_team.get(team_id, ()) if team_id else ()) or self.service_managers


def managers(*, council_id: int) -> Managers:
    by_team: dict[int, list[int]] = defaultdict(list)
    service: list[int] = []
    for user_id, team_id, role in (
        User.objects.filter(
            council_id=council_id,
            is_active=True,
            roles__role__in=[Role.TEAM_MANAGER, Role.SERVICE_MANAGER],
        )
        .order_by("id")
        .values_list("id", "team_id", "roles__role")
    ):
        if role == Role.TEAM_MANAGER and team_id:
            by_team[team_id].append(user_id)
        elif role == Role.SERVICE_MANAGER:
            service.append(user_id)
    return Managers(
        by_team={team: tuple(ids) for team, ids in by_team.items()},
        service_managers=tuple(dict.fromkeys(service)),
    )


@dataclass(frozen=True)
class Key:
    recipient_id: int
    kind: str
    young_person_id: int
    due_on: date


def keys_due(person: Person, *, policy: rules.Policy, today: date, staff: Managers) -> list[Key]:
    """Every reminder key due for this young person today: their adviser's, and the
    escalations to the managers."""
    items, escalated = rules.all_due(person.facts, policy, today)
    keys = [Key(person.adviser_id, item.kind, person.id, item.due_on) for item in items]
    for item in escalated:
        for manager_id in staff.escalation_recipients(person.team_id):
            keys.append(Key(manager_id, item.kind, person.id, item.due_on))
    return keys
