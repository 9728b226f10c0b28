"""Synthetic demo data. Every name is generated from the pools below, which were checked
against the seed documents: no real person's name is used."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from accounts.models import Council, Team, User, UserRole
from accounts.roles import Role
from pathways.codes import Ethnicity, Sex
from pathways.models import YoungPerson

DEMO_PASSWORD = "leavingcare-demo-2026"

FIRST_NAMES = [
    "Amira",
    "Ben",
    "Chloe",
    "Dev",
    "Esme",
    "Farah",
    "George",
    "Hana",
    "Isaac",
    "Jade",
    "Kai",
    "Leah",
    "Milo",
    "Nadia",
    "Owen",
    "Priya",
    "Rosa",
    "Sami",
    "Tara",
    "Umar",
    "Vera",
    "Wes",
    "Yara",
    "Zane",
    "Aled",
    "Bryony",
    "Cormac",
    "Delphine",
    "Emeka",
    "Freya",
    "Gethin",
    "Ines",
    "Jory",
    "Kezia",
    "Lorcan",
    "Mairead",
    "Nico",
    "Orla",
    "Pavel",
    "Rhys",
    "Saoirse",
    "Tobias",
]
LAST_NAMES = [
    "Ashdown",
    "Brightwell",
    "Carrow",
    "Dunmore",
    "Elmsley",
    "Fairburn",
    "Greyson",
    "Hollins",
    "Ingram",
    "Jessop",
    "Kettering",
    "Lindqvist",
    "Marlow",
    "Northam",
    "Oakes",
    "Pellow",
    "Quarry",
    "Rendell",
    "Stanway",
    "Thorne",
    "Upton",
    "Vickery",
    "Wendover",
    "Yardley",
    "Abernant",
    "Bellcross",
    "Coldharbour",
    "Dovecote",
    "Eastleigh",
    "Foxwell",
    "Gorseway",
    "Hartfield",
    "Ivybridge",
    "Juniper",
    "Kestrel",
    "Larkspur",
    "Millbrook",
    "Nettlefold",
]


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    roles: tuple[Role, ...]
    team: str | None
    council: str = "northvale"


COUNCILS = {
    "northvale": "Northvale County Council",
    "southmoor": "Southmoor City Council",
}
TEAMS = {
    "northvale": ["North leaving care team", "South leaving care team"],
    "southmoor": ["Leaving care team"],
}
DEMO_USERS = [
    DemoUser(
        "pa@northvale.example", "Amira Ashdown", (Role.PERSONAL_ADVISER,), "North leaving care team"
    ),
    DemoUser(
        "pa.colleague@northvale.example",
        "Ben Brightwell",
        (Role.PERSONAL_ADVISER,),
        "North leaving care team",
    ),
    DemoUser(
        "pa.south@northvale.example",
        "Chloe Carrow",
        (Role.PERSONAL_ADVISER,),
        "South leaving care team",
    ),
    DemoUser(
        "team.manager@northvale.example",
        "Dev Dunmore",
        (Role.TEAM_MANAGER,),
        "North leaving care team",
    ),
    DemoUser("service.manager@northvale.example", "Esme Elmsley", (Role.SERVICE_MANAGER,), None),
    DemoUser(
        "participation@northvale.example", "Farah Fairburn", (Role.PARTICIPATION_OFFICER,), None
    ),
    DemoUser("committee@northvale.example", "George Greyson", (Role.COMMITTEE_OFFICER,), None),
    DemoUser("admin@northvale.example", "Hana Hollins", (Role.ADMINISTRATOR,), None),
    DemoUser(
        "pa@southmoor.example",
        "Isaac Ingram",
        (Role.PERSONAL_ADVISER,),
        "Leaving care team",
        council="southmoor",
    ),
]


def synthetic_name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


def date_of_birth_for_care_leaver(rng: random.Random, today: date) -> date:
    """Aged 15 to 25 today, so every age band of the service is represented."""
    days = rng.randint(15 * 365 + 4, 25 * 365 + 300)
    return today - timedelta(days=days)


@transaction.atomic
def seed_people(*, password: str = DEMO_PASSWORD) -> dict[str, User]:
    councils = {
        key: Council.objects.get_or_create(slug=key, defaults={"name": name})[0]
        for key, name in COUNCILS.items()
    }
    teams = {}
    for key, names in TEAMS.items():
        for name in names:
            teams[(key, name)] = Team.objects.get_or_create(council=councils[key], name=name)[0]
    users = {}
    for spec in DEMO_USERS:
        user, created = User.objects.get_or_create(
            email=spec.email,
            defaults={
                "full_name": spec.full_name,
                "council": councils[spec.council],
                "team": teams[(spec.council, spec.team)] if spec.team else None,
                "job_title": spec.roles[0].label,
            },
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        for role in spec.roles:
            UserRole.objects.get_or_create(user=user, role=role)
        users[spec.email] = user
    return users


def _young_person(rng, *, council, index, pa, today, prefix="NV") -> YoungPerson:
    first, last = synthetic_name(rng)
    return YoungPerson(
        council=council,
        person_id=f"{prefix}{index:07d}",
        legal_first_name=first,
        legal_last_name=last,
        date_of_birth=date_of_birth_for_care_leaver(rng, today),
        sex=rng.choice([Sex.MALE, Sex.FEMALE, Sex.FEMALE, Sex.MALE, Sex.UNKNOWN]),
        ethnicity=rng.choice(Ethnicity.values),
        disability=rng.random() < 0.12,
        unaccompanied_asylum_seeking=rng.random() < 0.08,
        personal_adviser=pa,
        team_id=pa.team_id if pa else None,
    )


def seed_young_people(*, users: dict[str, User], per_pa: int = 12, today: date | None = None):
    """A small caseload for each demo personal adviser; safe to run twice."""
    today = today or date.today()
    rng = random.Random(20261123)
    created = 0
    pas = [u for u in users.values() if Role.PERSONAL_ADVISER in u.role_codes]
    for pa_index, pa in enumerate(pas):
        prefix = "SM" if pa.council.slug == "southmoor" else "NV"
        batch = [
            _young_person(
                rng,
                council=pa.council,
                index=pa_index * 1000 + i,
                pa=pa,
                today=today,
                prefix=prefix,
            )
            for i in range(1, per_pa + 1)
        ]
        existing = set(
            YoungPerson.objects.filter(
                council=pa.council, person_id__in=[yp.person_id for yp in batch]
            ).values_list("person_id", flat=True)
        )
        new = [yp for yp in batch if yp.person_id not in existing]
        YoungPerson.objects.bulk_create(new)
        created += len(new)
    return created
