"""A synthetic county for benchmarks: ``manage.py seed_demo --young-people N``.

"Benchmark County Council" (slug ``bench``) gets teams of about ten personal advisers, a team
manager per team, a service manager, an administrator and N synthetic young people spread
evenly over the personal advisers, then years of history from the generators in
``HISTORY_GENERATORS``. Every name comes from the synthetic pools in ``devtools.demo``; every
random choice comes from a fixed seed, so two builds of the same size are identical.

Running it twice adds nothing the second time: staff are matched by email, young people by
person ID (``BC0000001``...), and each history generator skips the young people it has
already covered. On PostgreSQL rows go in with COPY (about 5 times faster than
``bulk_create``); elsewhere with ``bulk_create`` in batches.

Adding history means writing a generator and adding it to ``HISTORY_GENERATORS`` (they run in that order)::

    def contacts(council, young_people, years, rng, log) -> int:
        ...  # skip young people who already have synthetic contacts, insert the rest
        return rows_added

where ``young_people`` is a list of ``BenchYoungPerson`` (every young person in the county,
old and new) and ``rng`` a ``random.Random`` seeded for that generator. Use
``devtools.rows.insert_rows`` to write the rows quickly.
"""

from __future__ import annotations

import math
import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import Council, Team, User, UserRole
from accounts.roles import Role
from audit.models import Action, AuditEvent
from pathways.codes import Ethnicity, Sex
from pathways.models import YoungPerson
from pathways.rules import add_months

from .bench.dashboards import care_leaver_history
from .bench.pathways import casework_history
from .demo import DEMO_PASSWORD, date_of_birth_for_care_leaver, synthetic_name
from .rows import BATCH_SIZE, analyze, insert_rows

COUNCIL_SLUG = "bench"
COUNCIL_NAME = "Benchmark County Council"
EMAIL_DOMAIN = "bench.example"
PERSON_ID_PREFIX = "BC"
PERSONAL_ADVISERS_PER_TEAM = 10
SEED = 20261124

SERVICE_MANAGER_EMAIL = f"service.manager@{EMAIL_DOMAIN}"
ADMINISTRATOR_EMAIL = f"admin@{EMAIL_DOMAIN}"

Log = Callable[[str], Any]


def pa_email(number: int) -> str:
    return f"pa{number:04d}@{EMAIL_DOMAIN}"


def team_manager_email(number: int) -> str:
    return f"tm{number:03d}@{EMAIL_DOMAIN}"


def person_id(number: int) -> str:
    return f"{PERSON_ID_PREFIX}{number:07d}"


@dataclass(frozen=True)
class BenchYoungPerson:
    """What history generators need to know about one young person, without a model
    instance (50,000 of those cost seconds)."""

    id: int
    uuid: uuid.UUID
    person_id: str
    display: str  # str(young_person): "First Last (BC0000001)"
    date_of_birth: date
    personal_adviser_id: int | None
    team_id: int | None


HistoryGenerator = Callable[[Council, list[BenchYoungPerson], int, random.Random, Log], int]


# --- staff -------------------------------------------------------------------------------------


@dataclass
class Staff:
    personal_advisers: list[User]
    team_managers: dict[int, User]  # team id -> manager
    service_manager: User
    administrator: User
    teams: list[Team]
    added: int


def _build_staff(council: Council, personal_advisers: int) -> Staff:
    team_count = max(1, math.ceil(personal_advisers / PERSONAL_ADVISERS_PER_TEAM))
    teams = []
    for t in range(1, team_count + 1):
        team, _ = Team.objects.get_or_create(
            council=council, name=f"Bench leaving care team {t:02d}"
        )
        teams.append(team)

    # (email, role, team or None); PA n goes to team (n - 1) // 10.
    wanted: list[tuple[str, Role, Team | None]] = [
        (pa_email(n), Role.PERSONAL_ADVISER, teams[(n - 1) // PERSONAL_ADVISERS_PER_TEAM])
        for n in range(1, personal_advisers + 1)
    ]
    wanted += [
        (team_manager_email(t), Role.TEAM_MANAGER, team) for t, team in enumerate(teams, start=1)
    ]
    wanted += [
        (SERVICE_MANAGER_EMAIL, Role.SERVICE_MANAGER, None),
        (ADMINISTRATOR_EMAIL, Role.ADMINISTRATOR, None),
    ]
    existing = {
        u.email: u for u in User.objects.filter(email__in=[email for email, _, _ in wanted])
    }
    password = None
    new_users = []
    for email, role, team in wanted:
        if email in existing:
            continue
        if password is None:
            password = make_password(DEMO_PASSWORD)  # slow on purpose: hash once, reuse
        rng = random.Random(f"{SEED}:{email}")
        first, last = synthetic_name(rng)
        new_users.append(
            User(
                email=email,
                full_name=f"{first} {last}",
                job_title=role.label,
                council=council,
                team=team,
                password=password,
                uuid=uuid.UUID(int=rng.getrandbits(128), version=4),
            )
        )
    User.objects.bulk_create(new_users, batch_size=BATCH_SIZE)
    users = {u.email: u for u in User.objects.filter(email__in=[e for e, _, _ in wanted])}
    UserRole.objects.bulk_create(
        [UserRole(user=users[email], role=role) for email, role, _ in wanted],
        batch_size=BATCH_SIZE,
        ignore_conflicts=True,
    )
    return Staff(
        personal_advisers=[users[pa_email(n)] for n in range(1, personal_advisers + 1)],
        team_managers={team.pk: users[team_manager_email(t)] for t, team in enumerate(teams, 1)},
        service_manager=users[SERVICE_MANAGER_EMAIL],
        administrator=users[ADMINISTRATOR_EMAIL],
        teams=teams,
        added=len(new_users),
    )


# --- young people ------------------------------------------------------------------------------

_SEXES = [Sex.MALE, Sex.FEMALE, Sex.FEMALE, Sex.MALE, Sex.UNKNOWN]
_ETHNICITIES = list(Ethnicity.values)
YOUNG_PERSON_FIELDS = (
    "uuid",
    "council",
    "person_id",
    "legal_first_name",
    "legal_last_name",
    "preferred_name",
    "date_of_birth",
    "sex",
    "ethnicity",
    "disability",
    "unaccompanied_asylum_seeking",
    "personal_adviser",
    "team",
    "created_at",
)


def _sex(drawn: str, date_of_birth: date, today: date, n: int) -> str:
    """Sex "not known" (U) only for young people under 19: DfE's return accepts U from 2024-25,
    and a council puts older records right before they reach an earlier year's return."""
    if drawn == Sex.UNKNOWN and add_months(date_of_birth, 12 * 19) <= today:
        return Sex.MALE if n % 2 else Sex.FEMALE
    return drawn


def _young_person_rows(council: Council, numbers: list[int], pas: list[User], today: date):
    now = timezone.now()
    for n in numbers:
        # One generator per young person: person n is the same whatever else exists.
        rng = random.Random(SEED * 10_000_000 + n)
        first, last = synthetic_name(rng)
        pa = pas[(n - 1) % len(pas)]
        yield (
            uuid.UUID(int=rng.getrandbits(128), version=4),
            council.pk,
            person_id(n),
            first,
            last,
            rng.choice(["", "", "", "", "", "", "", "", "", first[:3]]),
            dob := date_of_birth_for_care_leaver(rng, today),
            _sex(rng.choice(_SEXES), dob, today, n),
            rng.choice(_ETHNICITIES),
            rng.random() < 0.12,
            rng.random() < 0.08,
            pa.pk,
            pa.team_id,
            now,
        )


def _build_young_people(council: Council, count: int, pas: list[User], log: Log) -> int:
    existing = set(
        YoungPerson.objects.filter(
            council=council, person_id__startswith=PERSON_ID_PREFIX
        ).values_list("person_id", flat=True)
    )
    missing = [n for n in range(1, count + 1) if person_id(n) not in existing]
    if not missing:
        return 0
    log(f"  adding {len(missing):,} young people ({len(existing):,} already there)")
    rows = _young_person_rows(council, missing, pas, timezone.localdate())
    return insert_rows(YoungPerson, YOUNG_PERSON_FIELDS, rows)


def _county_young_people(council: Council) -> list[BenchYoungPerson]:
    rows = (
        YoungPerson.objects.filter(council=council, person_id__startswith=PERSON_ID_PREFIX)
        .order_by("person_id")
        .values_list(
            "id",
            "uuid",
            "person_id",
            "legal_first_name",
            "legal_last_name",
            "preferred_name",
            "date_of_birth",
            "personal_adviser_id",
            "team_id",
        )
    )
    return [
        BenchYoungPerson(
            id=pk,
            uuid=u,
            person_id=pid,
            display=f"{preferred or first} {last} ({pid})",
            date_of_birth=dob,
            personal_adviser_id=pa_id,
            team_id=team_id,
        )
        for pk, u, pid, first, last, preferred, dob, pa_id, team_id in rows
    ]


# --- history: the audit log --------------------------------------------------------------------

AUDIT_FIELDS = (
    "occurred_at",
    "actor",
    "actor_email",
    "council",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "ip_address",
    "path",
    "detail",
)
YOUNG_PERSON_TYPE = YoungPerson._meta.label_lower
SYNTHETIC = "synthetic"  # marks the sign-in history this module wrote, in ``detail``


def _random_moment(rng: random.Random, start: datetime, end: datetime) -> datetime:
    """A moment between start and end, during office hours on a weekday."""
    span = max(1, int((end - start).total_seconds()))
    moment = start + timedelta(seconds=rng.randrange(span))
    if moment.weekday() >= 5:
        moment -= timedelta(days=moment.weekday() - 4)
    moment = moment.replace(
        hour=rng.randint(8, 17),
        minute=rng.randrange(60),
        second=rng.randrange(60),
        microsecond=rng.randrange(1_000_000),
    )
    return min(max(moment, start), end)


def _office_ip(rng: random.Random) -> str:
    return f"10.{rng.randint(20, 23)}.{rng.randrange(256)}.{rng.randint(1, 254)}"


def audit_history(council, young_people, years, rng, log) -> int:
    """Per young person: the record's creation, then 2 to 10 views (mostly by their personal
    adviser, sometimes by the team manager or service manager) spread from about age 14 (or
    the start of the window) to now. Per member of staff: about two sign-ins a week."""
    staff = {u.pk: u for u in User.objects.filter(council=council)}
    managers = {
        team_id: user_id
        for user_id, team_id in UserRole.objects.filter(
            user__council=council, role=Role.TEAM_MANAGER
        ).values_list("user_id", "user__team_id")
    }
    service_manager = next((u for u in staff.values() if u.email == SERVICE_MANAGER_EMAIL), None)
    done = set(
        AuditEvent.objects.filter(
            council=council, object_type=YOUNG_PERSON_TYPE, action=Action.CREATE
        ).values_list("object_id", flat=True)
    )
    todo = [yp for yp in young_people if str(yp.id) not in done]

    now = timezone.now()
    window_start = now - timedelta(days=round(365.25 * years))

    def young_person_rows():
        for yp in todo:
            known_from = timezone.make_aware(
                datetime.combine(yp.date_of_birth + timedelta(days=14 * 365), datetime.min.time())
            )
            start = min(max(window_start, known_from), now - timedelta(days=30))
            path = f"/pathways/young-people/{yp.uuid}/"
            pa = staff.get(yp.personal_adviser_id)
            creator = staff.get(managers.get(yp.team_id)) or pa
            created = _random_moment(rng, start, start + timedelta(days=7))
            yield (
                created,
                creator.pk if creator else None,
                creator.email if creator else "",
                council.pk,
                Action.CREATE,
                YOUNG_PERSON_TYPE,
                str(yp.id),
                yp.display,
                _office_ip(rng),
                "/pathways/young-people/new/",
                {},
            )
            for _ in range(rng.randint(2, 10)):
                roll = rng.random()
                if roll < 0.85 and pa is not None:
                    viewer = pa
                elif roll < 0.97:
                    viewer = staff.get(managers.get(yp.team_id)) or pa
                else:
                    viewer = service_manager or pa
                if viewer is None:
                    continue
                yield (
                    _random_moment(rng, created, now),
                    viewer.pk,
                    viewer.email,
                    council.pk,
                    Action.VIEW,
                    YOUNG_PERSON_TYPE,
                    str(yp.id),
                    yp.display,
                    _office_ip(rng),
                    path,
                    {"own_caseload": viewer.pk == yp.personal_adviser_id},
                )

    added = insert_rows(AuditEvent, AUDIT_FIELDS, young_person_rows())

    signed_in = set(
        AuditEvent.objects.filter(
            council=council, action=Action.SIGN_IN, **{f"detail__{SYNTHETIC}": True}
        )
        .values_list("actor_id", flat=True)
        .distinct()
    )
    weeks = round(52.18 * years)

    def sign_in_rows():
        for user in sorted(staff.values(), key=lambda u: u.email):
            if user.pk in signed_in:
                continue
            for week in range(weeks):
                week_start = now - timedelta(weeks=weeks - week)
                for _ in range(rng.choice((1, 2, 2, 3))):
                    moment = _random_moment(rng, week_start, week_start + timedelta(days=5))
                    if moment >= now:
                        continue
                    yield (
                        moment,
                        user.pk,
                        user.email,
                        council.pk,
                        Action.SIGN_IN,
                        "",
                        "",
                        "",
                        _office_ip(rng),
                        "/sign-in/",
                        {SYNTHETIC: True},
                    )

    added += insert_rows(AuditEvent, AUDIT_FIELDS, sign_in_rows())
    log(
        f"  audit log: {added:,} events added for {len(todo):,} young people and "
        f"{len(staff) - len(signed_in):,} staff"
    )
    return added


# The history generators, run in this order (each skips the young people it has covered).
HISTORY_GENERATORS: list[HistoryGenerator] = [audit_history, care_leaver_history, casework_history]


# --- the county --------------------------------------------------------------------------------


def build_county(
    *, young_people: int, personal_advisers: int = 150, years: int = 10, log: Log = print
) -> str:
    """Build (or top up) the benchmark county; returns a one-line summary."""
    if young_people < 0 or personal_advisers < 1 or years < 1:
        raise ValueError("young_people >= 0, personal_advisers >= 1 and years >= 1 please")
    started = time.monotonic()
    log(
        f"Building {COUNCIL_NAME}: {young_people:,} young people, {personal_advisers} "
        f"personal advisers, {years} years of history"
    )

    with transaction.atomic():
        council, _ = Council.objects.get_or_create(
            slug=COUNCIL_SLUG, defaults={"name": COUNCIL_NAME}
        )
        staff = _build_staff(council, personal_advisers)
    log(
        f"  staff: {staff.added} added, {len(staff.teams)} teams "
        f"({time.monotonic() - started:.1f}s)"
    )

    with transaction.atomic():
        added_people = _build_young_people(council, young_people, staff.personal_advisers, log)
    log(f"  young people: {added_people:,} added ({time.monotonic() - started:.1f}s)")

    county = _county_young_people(council)
    history: dict[str, int] = {}
    for generator in HISTORY_GENERATORS:
        name = getattr(generator, "__name__", repr(generator))
        rng = random.Random(f"{SEED}:{name}")
        with transaction.atomic():
            history[name] = generator(council, county, years, rng, log)
        log(f"  {name}: {history[name]:,} rows added ({time.monotonic() - started:.1f}s)")

    if added_people or any(history.values()):
        analyze(User, YoungPerson, AuditEvent)
    elapsed = time.monotonic() - started
    audit_total = AuditEvent.objects.filter(council=council).count()
    added_history = ", ".join(f"{n} +{c:,}" for n, c in history.items()) or "no generators"
    return (
        f"{COUNCIL_NAME}: {len(county):,} young people (+{added_people:,}), "
        f"{len(staff.personal_advisers)} personal advisers in {len(staff.teams)} teams "
        f"(+{staff.added} staff), {audit_total:,} audit events; history: {added_history}; "
        f"{elapsed:.1f}s"
    )
