"""Young people with something falling due, and the reminders each should get (worked out
by hand here, not by the code under test). Names are synthetic."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from accounts.roles import Role
from pathways import rules as pathway_rules
from reminders.rules import Kind
from tests.factories import CouncilFactory, TeamFactory, UserFactory, YoungPersonFactory


def born_aged(today: date, years: int, days_after_birthday: int = 100) -> date:
    """A date of birth making them ``years`` old, ``days_after_birthday`` days past it."""
    return pathway_rules.add_months(today, -12 * years) - timedelta(days=days_after_birthday)


@dataclass
class Office:
    council: object
    team: object
    pa: object
    manager: object
    service_manager: object
    pas: list  # the team's personal advisers, ``pa`` first


def office(slug: str = "sweepshire", advisers: int = 3) -> Office:
    council = CouncilFactory(name=f"{slug.title()} Council", slug=slug)
    team = TeamFactory(council=council, name="Leaving care team")
    pas = [
        UserFactory(council=council, team=team, roles=[Role.PERSONAL_ADVISER])
        for _ in range(advisers)
    ]
    return Office(
        council=council,
        team=team,
        pa=pas[0],
        manager=UserFactory(council=council, team=team, roles=[Role.TEAM_MANAGER]),
        service_manager=UserFactory(council=council, roles=[Role.SERVICE_MANAGER]),
        pas=pas,
    )


Key = tuple  # (recipient_id, kind, young_person_id, due_on)

#: What each kind of young person in ``due_people`` has falling due.
PATTERNS = ("review_soon", "review_late", "contact_late", "moved", "turning_18", "nothing")


def due_people(where: Office, *, today: date, count: int) -> tuple[list, set[Key]]:
    """``count`` young people shared round the team's advisers, cycling through
    ``PATTERNS``, and the reminder keys the sweep must make for them (escalations go to the
    team manager)."""
    people, expected = [], set()
    manager = where.manager.pk
    for index in range(count):
        pattern = PATTERNS[index % len(PATTERNS)]
        adviser = where.pas[(index // len(PATTERNS)) % len(where.pas)]
        pa = adviser.pk
        fields = {"date_of_birth": born_aged(today, 20)}  # no birthday reminders due
        if pattern == "review_soon":
            fields["next_review_due_on"] = today + timedelta(days=3)
        elif pattern == "review_late":
            fields["next_review_due_on"] = today - timedelta(days=20)
        elif pattern == "contact_late":
            fields["last_contact_on"] = today - timedelta(weeks=8, days=3)
        elif pattern == "moved":
            fields["moved_on"] = today - timedelta(days=2)
        elif pattern == "turning_18":
            fields["date_of_birth"] = pathway_rules.add_months(today, -12 * 18) + timedelta(days=45)
        yp = YoungPersonFactory(
            council=where.council, personal_adviser=adviser, team=where.team, **fields
        )
        people.append(yp)
        if pattern == "review_soon":
            expected.add((pa, Kind.REVIEW_SECOND, yp.pk, fields["next_review_due_on"]))
        elif pattern == "review_late":
            due = fields["next_review_due_on"]
            expected.add((pa, Kind.REVIEW_OVERDUE, yp.pk, due))
            expected.add((manager, Kind.ESCALATED_REVIEW, yp.pk, due))
        elif pattern == "contact_late":
            due = fields["last_contact_on"] + timedelta(weeks=8)
            expected.add((pa, Kind.CONTACT_OVERDUE, yp.pk, due))
        elif pattern == "moved":
            expected.add((pa, Kind.VISIT_DUE, yp.pk, fields["moved_on"] + timedelta(days=7)))
        elif pattern == "turning_18":
            eighteenth = pathway_rules.birthday(fields["date_of_birth"], 18)
            expected.add((pa, Kind.TURNS_18_FIRST, yp.pk, eighteenth))
    return people, expected


def keys_made(**filters) -> set[Key]:
    from reminders.models import Reminder

    return set(
        Reminder.objects.filter(young_person__isnull=False, **filters).values_list(
            "recipient_id", "kind", "young_person_id", "due_on"
        )
    )
