"""Synthetic demo data. Every name is generated from the pools below, which were checked
against the seed documents: no real person's name is used."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

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
    today = today or timezone.localdate()
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


def seed_casework(*, users: dict[str, User], today: date | None = None) -> int:
    """Care episodes, contacts, situations, plans and reviews for the demo young people, made
    through the services so every rule holds. Only people with no episodes yet are touched,
    so running twice adds nothing."""
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from pathways import rules
    from pathways.codes import Accommodation, Activity, InTouch
    from pathways.models import PlanSectionCode
    from pathways.services.plans import add_action, decide_plan, start_plan, submit_plan
    from pathways.services.work import SituationInput, record_contact, record_review
    from pathways.services.young_people import add_episode

    today = today or timezone.localdate()
    rng = random.Random(4242)
    managers = {
        u.team_id: u for u in users.values() if Role.TEAM_MANAGER in u.role_codes and u.team_id
    }
    service_manager = next(
        (u for u in users.values() if Role.SERVICE_MANAGER in u.role_codes), None
    )
    touched = 0
    # Only the demo councils: the benchmark county (devtools.bench_data) has its own history.
    people = YoungPerson.objects.filter(
        council__slug__in=list(COUNCILS), episodes__isnull=True
    ).select_related("personal_adviser", "council")
    for yp in people:
        pa = yp.personal_adviser
        if pa is None:
            continue
        approver = managers.get(pa.team_id) or (
            service_manager
            if service_manager and service_manager.council_id == yp.council_id
            else None
        )
        fourteenth = rules.birthday(yp.date_of_birth, 14)
        start = fourteenth + timedelta(days=rng.randint(30, 600))
        eighteenth = rules.birthday(yp.date_of_birth, 18)
        end = None
        if eighteenth <= today:
            end = eighteenth
        elif rng.random() < 0.3 and start + timedelta(days=200) < today:
            end = min(today, start + timedelta(days=rng.randint(200, 500)))
        if start >= today:
            continue
        try:
            add_episode(
                young_person=yp,
                by=pa,
                started_on=start,
                ended_on=end,
                reason_ended="age_18"
                if end == eighteenth
                else ("independent_living" if end else ""),
            )
        except ValidationError:
            continue
        touched += 1
        yp.refresh_from_db()
        age = rules.age_on(yp.date_of_birth, today)
        if age < 16:
            continue
        # A contact with a situation a few weeks ago, when the rules allow one.
        when = timezone.make_aware(
            datetime.combine(today - timedelta(days=rng.randint(3, 80)), time(10, 30))
        )
        situation = None
        if age >= 18 or end is not None:
            situation = SituationInput(
                recorded_on=when.date(),
                in_touch=InTouch.YES,
                activity=rng.choice([a for a in Activity.values if a != "0"]),
                accommodation=rng.choice(
                    [c for c in Accommodation.values if c != "0" and c[0] not in "TZ" or age >= 18]
                    if age >= 18
                    else ["U1", "D1", "E1", "B1", "K2"]
                ),
            )
        kind = rng.choice(["home_visit", "phone", "office", "video"])
        try:
            record_contact(
                young_person=yp,
                by=pa,
                occurred_at=when,
                kind=kind,
                notes="Talked about college and money. Synthetic demo note.",
                seen_alone=True if kind in ("home_visit", "office") else None,  # visits only
                situation=situation,
            )
        except ValidationError:
            record_contact(
                young_person=yp, by=pa, occurred_at=when, kind="phone", notes="Synthetic demo note."
            )
        # A pathway plan: approved for most, one awaiting sign-off now and then.
        plan = start_plan(young_person=yp, by=pa)
        for section in plan.sections.all():
            section.narrative = f"What we agreed about {section.get_code_display().lower()}."
            section.young_person_views = "I want to do this my way, with help when I ask."
            section.save(update_fields=["narrative", "young_person_views"])
            if section.code == PlanSectionCode.EDUCATION:
                add_action(
                    section=section,
                    by=pa,
                    what="Apply for the college course",
                    who="Young person, with their PA",
                    due_on=today + timedelta(days=rng.randint(10, 90)),
                )
        plan.aspirations = "To have my own flat and a job I enjoy."
        plan.starts_on = today - timedelta(days=rng.randint(60, 300))
        plan.save(update_fields=["aspirations", "starts_on"])
        if approver is None:
            continue
        submit_plan(plan=plan, by=pa)
        if rng.random() < 0.85:
            decide_plan(plan=plan, by=approver, approve=True)
            if rng.random() < 0.6:
                held = plan.starts_on + timedelta(days=rng.randint(20, 150))
                if held <= today:
                    record_review(
                        young_person=yp,
                        by=pa,
                        held_on=held,
                        review_type="scheduled",
                        attendees="Young person, PA",
                        young_person_views="It is going OK.",
                        eet_progress="Started a course at college.",
                        outcome="Plan still right.",
                    )
    return touched


# Corporate Parenting Panel -----------------------------------------------------------------


def seed_panel(*, users: dict[str, User], today: date | None = None) -> bool:
    """Northvale's Corporate Parenting Panel: synthetic members, a past meeting with minutes
    and an action, and an upcoming meeting whose agenda carries the action as a matter
    arising. Returns False when the panel is already there."""
    from panels.models import Attendance, Committee
    from panels.services import committees as committee_services
    from panels.services import meetings as meeting_services
    from panels.services import minutes as minute_services

    today = today or timezone.localdate()
    officer = users["committee@northvale.example"]
    if Committee.objects.filter(council=officer.council).exists():
        return False
    rng = random.Random(7)  # noqa: S311 - demo data
    with transaction.atomic():
        committee = committee_services.create_committee(
            council=officer.council, by=officer, name="Corporate Parenting Panel"
        )
        term = today - timedelta(days=400)
        members = []
        for index in range(8):
            first, last = (
                FIRST_NAMES[(index * 5) % len(FIRST_NAMES)],
                LAST_NAMES[(index * 7) % len(LAST_NAMES)],
            )
            position = ("Chair", "Vice-Chair")[index] if index < 2 else ""
            members.append(
                committee_services.add_member(
                    committee=committee,
                    by=officer,
                    name=f"Councillor {first} {last}",
                    kind="councillor",
                    position=position,
                    description="",
                    term_starts_on=term,
                    term_ends_on=None,
                )
            )
        members.append(
            committee_services.add_member(
                committee=committee,
                by=officer,
                # As the real pack lists them: by role, not by name.
                name="Young person representative of the Children in Care Council (CiCC)",
                kind="co-opted",
                position="",
                description="",
                term_starts_on=term,
                term_ends_on=None,
            )
        )
        contact = {
            "signatory_name": "Tara Thorne",
            "signatory_title": "Head of Legal and Democratic Services",
            "contact_name": officer.full_name,
            "contact_email": officer.email,
            "contact_phone": "01632 960123",
            "venue": "Committee Room 2, Northvale County Hall",
        }
        past_on = today - timedelta(days=35)
        past = meeting_services.create_meeting(
            committee=committee,
            by=officer,
            held_on=past_on,
            starts_at=time(9, 30),
            issued_on=past_on - timedelta(days=8),
            **contact,
        )
        update = meeting_services.add_item(
            meeting=past,
            by=officer,
            part="A",
            title="Care leavers: accommodation and staying put",
            presenter="Report of the Head of Leaving Care",
            theme="Care leavers",
        )
        meeting_services.add_report(
            item=update,
            by=officer,
            title="Care leavers: accommodation and staying put",
            purpose="To update the panel on where Northvale's care leavers live.",
            executive_summary="Most care leavers live in accommodation judged suitable.\n\n"
            "The service wants more supported lodgings.",
            recommendations="That the panel notes the report.\n\nThat the panel receives an "
            "update on supported lodgings at its next meeting.",
            background="Every councillor is a corporate parent to the county's care leavers.",
            conclusion="The service will report back on supported lodgings.",
            background_papers="",
            author_name="Nadia Northam",
            author_title="Head of Leaving Care",
            author_contact="01632 960456",
            implications={"Finance": "Within the existing budget.", "Legal": "None."},
        )
        minute_services.record_attendance(
            meeting=past,
            by=officer,
            entries=[
                minute_services.AttendanceEntry(
                    member=m,
                    status=rng.choice(
                        [Attendance.Status.PRESENT] * 4 + [Attendance.Status.APOLOGIES]
                    ),
                )
                for m in members
            ],
        )
        minute_services.set_officers(
            meeting=past,
            by=officer,
            text="Nadia Northam (Head of Leaving Care)\nOwen Oakes (Performance Manager)",
        )
        for item in past.items.all():
            resolved = "That the report be noted." if item.pk == update.pk else ""
            text = (
                "The panel discussed the report and asked about supported lodgings."
                if item.pk == update.pk
                else ""
            )
            minute_services.record_minute(item=item, by=officer, text=text, resolved=resolved)
        minute_services.add_action(
            meeting=past,
            by=officer,
            description="Report back on the number of supported lodgings places",
            owner="Head of Leaving Care",
            due_on=today + timedelta(days=20),
            item=update,
        )
        meeting_services.update_meeting(meeting=past, by=officer, status="held")
        upcoming_on = today + timedelta(days=25)
        upcoming = meeting_services.create_meeting(
            committee=committee,
            by=officer,
            held_on=upcoming_on,
            starts_at=time(9, 30),
            issued_on=upcoming_on - timedelta(days=8),
            **contact,
        )
        meeting_services.add_item(
            meeting=upcoming,
            by=officer,
            part="A",
            title="Update from the Children in Care Council",
        )
        meeting_services.add_item(
            meeting=upcoming,
            by=officer,
            part="B",
            title="Regulation 44 visits: summary report",
            presenter="Joint report of the Heads of Service",
        )
        committee_services.save_work_entry(
            committee=committee,
            by=officer,
            meets_on=upcoming_on + timedelta(days=56),
            theme="Care leavers / Feedback from the Children in Care Council",
            key_lines_of_enquiry="What do we know about our care leavers?\n"
            "How are we preparing care leavers to live independently?",
            planned_items="Update from the Children in Care Council\nQuarterly performance report",
        )
    return True
