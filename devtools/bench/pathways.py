"""Casework history for the benchmark county (``manage.py seed_demo --young-people N``).

``casework_history`` is a ``devtools.bench_data`` history generator: for every young person aged
16 or more with a personal adviser, over the years since their 16th birthday (at most
``years`` years back), one approved pathway plan with its nine sections, a scheduled review
about every six months from the plan's start and a contact about every eight weeks. Then the
denormalised fields of ``YoungPerson`` (last contact, last visit, next review, plan status)
are set from those rows, one SQL UPDATE per field.

Every value comes from a generator seeded with the young person's ID, so two builds are
identical; young people who already have a plan are skipped, so running it twice adds nothing.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from devtools.rows import insert_rows

_SECTION_TEXT = {
    "support": "Monthly contact with the personal adviser; texts in between.",
    "accommodation": "Settled in current accommodation; tenancy support offered.",
    "education": "Enrolled at the local college; attendance checked each term.",
    "employment": "Looking for part-time work; CV done with the adviser.",
    "relationships": "Sees their sister most weekends; contact with mum is irregular.",
    "independence": "Budgeting and cooking sessions with the supported lodgings provider.",
    "finance": "Setting-up-home allowance agreed; bank account open.",
    "health": "Registered with a GP and a dentist; health passport given.",
    "contingency": "If the placement breaks down, the duty team finds emergency housing.",
}
_SECTION_VIEWS = ["Agrees with the plan.", "Wants more help with money.", "Happy with this."]
_ASPIRATIONS = [
    "Wants to be a mechanic and have a flat of their own.",
    "Hopes to go to university to study nursing.",
    "Wants a steady job and to learn to drive.",
    "Would like to work with animals.",
]
_ATTENDEES = [
    "Young person, personal adviser",
    "Young person, personal adviser, college tutor",
    "Young person, personal adviser, supported lodgings provider",
    "Young person, personal adviser, independent reviewing officer",
]
_VIEWS = [
    "Feels things are going well.",
    "Worried about money.",
    "Wants to move closer to friends.",
    "Would like more contact with the adviser.",
]
_EET = [
    "Attending college full time.",
    "Working part time in retail.",
    "Not in education or work; referred to the youth employment service.",
    "On an apprenticeship.",
]
_OUTCOMES = [
    "Plan still meets needs; no changes.",
    "Accommodation section updated.",
    "Education goals revised.",
    "New actions agreed for money management.",
]
# (kind, weight); FAILED is an attempt that does not count as contact.
_KINDS = [
    ("home_visit", 35),
    ("office", 10),
    ("phone", 25),
    ("video", 8),
    ("message", 12),
    ("failed", 10),
]
_KIND_NAMES = [k for k, _ in _KINDS]
_KIND_CUM = []
_total = 0
for _, _weight in _KINDS:
    _total += _weight
    _KIND_CUM.append(_total)
_NOTES = {
    "home_visit": "Visited at home; flat tidy, food in the cupboards.",
    "office": "Came into the office to go through the plan.",
    "phone": "Phone catch-up about college and money.",
    "video": "Video call; discussed the job search.",
    "message": "Messages about an appointment next week.",
    "failed": "No answer at the door; card left.",
}


def _uuid4(getrandbits) -> str:
    """A random version-4 UUID as text: much cheaper than ``uuid.uuid4()`` per row."""
    n = getrandbits(128) & _UUID_MASK | _UUID_BITS
    return f"{n:032x}"


_UUID_MASK = ~((0xF << 76) | (0xC << 62)) & ((1 << 128) - 1)
_UUID_BITS = (0x4 << 76) | (0x8 << 62)


def _plan_start(yp, today: date, years: int) -> date | None:
    """When the plan starts: the 16th birthday or the start of the window (None: under 16)."""
    from pathways import rules

    sixteenth = rules.birthday(yp.date_of_birth, 16)
    if sixteenth > today:
        return None
    return max(sixteenth, rules.add_months(today, -12 * years))


def casework_history(council, young_people, years, rng, log) -> int:
    """A ``devtools.bench_data`` history generator (see the module's docstring)."""
    from accounts.models import UserRole
    from accounts.roles import Role
    from pathways import rules
    from pathways.models import (
        Contact,
        PathwayPlan,
        PlanSection,
        PlanSectionCode,
        Review,
    )

    done = set(
        PathwayPlan.objects.filter(young_person__council=council).values_list(
            "young_person_id", flat=True
        )
    )
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    starts = {}
    for yp in young_people:
        if yp.id in done or not yp.personal_adviser_id:
            continue
        start = _plan_start(yp, today, years)
        if start is not None:
            starts[yp.id] = (yp, start)
    if not starts:
        # care_leaver_history redoes young people without episodes or situations on every
        # run, blanking their plan status and dates: put back the ones it blanked.
        _update_young_people(council, repair=True)
        return 0
    log(f"  casework history for {len(starts):,} young people")
    managers = dict(
        UserRole.objects.filter(user__council=council, role=Role.TEAM_MANAGER).values_list(
            "user__team_id", "user_id"
        )
    )

    def at(day: date, hour: int, minute: int) -> datetime:
        return datetime.combine(day, time(hour, minute), tzinfo=tz)

    now = timezone.now()
    progress = {}  # Review.section_progress

    # Plans ---------------------------------------------------------------------------------
    plan_rows = []
    for yp, start in starts.values():
        prng = random.Random(f"casework-plan:{yp.person_id}")
        pa = yp.personal_adviser_id
        submitted = at(start, prng.randint(9, 16), prng.randrange(60))
        decided = submitted + timedelta(days=prng.randint(1, 6), hours=prng.randint(0, 2))
        plan_rows.append(
            (
                _uuid4(prng.getrandbits),
                now,
                yp.id,
                1,
                PathwayPlan.Status.APPROVED,
                start,
                prng.choice(_ASPIRATIONS),
                pa,
                pa,
                submitted,
                managers.get(yp.team_id) or pa,
                decided,
                "Approved.",
            )
        )
    added = insert_rows(
        PathwayPlan,
        (
            "uuid",
            "created_at",
            "young_person",
            "number",
            "status",
            "starts_on",
            "aspirations",
            "created_by",
            "submitted_by",
            "submitted_at",
            "decided_by",
            "decided_at",
            "decision_comment",
        ),
        plan_rows,
    )
    del plan_rows
    plan_ids = dict(
        PathwayPlan.objects.filter(young_person__council=council, number=1).values_list(
            "young_person_id", "id"
        )
    )

    # Sections ------------------------------------------------------------------------------
    codes = list(PlanSectionCode.values)
    added += insert_rows(
        PlanSection,
        ("plan", "code", "narrative", "young_person_views"),
        (
            (plan_ids[yp_id], code, _SECTION_TEXT.get(code, ""), _SECTION_VIEWS[i % 3])
            for i, yp_id in enumerate(starts)
            for code in codes
        ),
    )

    # Reviews: every six months (give or take two weeks) from the plan's start ---------------
    def review_rows():
        for yp, start in starts.values():
            rrng = random.Random(f"casework-review:{yp.person_id}")
            plan = plan_ids[yp.id]
            k = 1
            while True:
                held = rules.add_months(start, 6 * k) + timedelta(days=rrng.randint(-14, 14))
                if held > today:
                    break
                yield (
                    _uuid4(rrng.getrandbits),
                    now,
                    progress,
                    yp.id,
                    plan,
                    held,
                    Review.Type.SCHEDULED,
                    rrng.choice(_ATTENDEES),
                    rrng.choice(_VIEWS),
                    rrng.choice(_EET),
                    rrng.choice(_OUTCOMES),
                    rules.add_months(held, 6),
                    yp.personal_adviser_id,
                )
                k += 1

    added += insert_rows(
        Review,
        (
            "uuid",
            "created_at",
            "section_progress",
            "young_person",
            "plan",
            "held_on",
            "review_type",
            "attendees",
            "young_person_views",
            "eet_progress",
            "outcome",
            "next_review_due_on",
            "recorded_by",
        ),
        review_rows(),
    )

    # Contacts: every eight weeks (give or take ten days), in office hours --------------------
    eight_weeks = timedelta(weeks=8)

    def contact_rows():
        for yp, start in starts.values():
            crng = random.Random(f"casework-contact:{yp.person_id}")
            rand, randrange, getrandbits = crng.random, crng.randrange, crng.getrandbits
            pa = yp.personal_adviser_id
            base = at(start, 0, 0)
            while True:
                base += eight_weeks
                moment = base + timedelta(
                    days=randrange(-10, 11), minutes=randrange(9 * 60, 17 * 60)
                )
                if moment > now:
                    break
                kind = _KIND_NAMES[bisect_right(_KIND_CUM, rand() * _total)]
                visit = kind in ("home_visit", "office")
                yield (
                    _uuid4(getrandbits),
                    now,
                    False,
                    yp.id,
                    moment,
                    kind,
                    (rand() < 0.7) if visit else None,
                    _NOTES[kind],
                    pa,
                )

    added += insert_rows(
        Contact,
        (
            "uuid",
            "created_at",
            "change_of_circumstances",
            "young_person",
            "occurred_at",
            "kind",
            "seen_alone",
            "notes",
            "recorded_by",
        ),
        contact_rows(),
    )

    _update_young_people(council)
    return added


def _update_young_people(council, repair: bool = False) -> None:
    """Set the denormalised fields of young people with a plan from their contacts and
    reviews, one UPDATE per field (``repair``: only those whose plan status was blanked)."""
    from pathways.models import Contact, PathwayPlan, Review, YoungPerson

    covered = YoungPerson.objects.filter(council=council)
    if repair:
        covered = covered.exclude(plan_status=PathwayPlan.Status.APPROVED)
    covered = covered.filter(
        id__in=Subquery(
            PathwayPlan.objects.filter(young_person__council=council, number=1).values(
                "young_person_id"
            )
        ),
    )
    if repair and not covered.exists():
        return
    if connection.vendor == "postgresql":  # fresh statistics for the correlated subqueries
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Contact._meta.db_table}, {Review._meta.db_table}")
    person = OuterRef("pk")
    contacts = Contact.objects.filter(young_person=person).order_by("-occurred_at")
    covered.update(
        last_contact_on=Subquery(
            contacts.exclude(kind=Contact.Kind.FAILED).values("occurred_at__date")[:1]
        )
    )
    covered.update(
        last_visit_on=Subquery(
            contacts.filter(kind__in=Contact.VISIT_KINDS).values("occurred_at__date")[:1]
        )
    )
    covered.update(
        next_review_due_on=Subquery(
            Review.objects.filter(young_person=person)
            .order_by("-held_on", "-id")
            .values("next_review_due_on")[:1]
        )
    )
    covered.update(plan_status=PathwayPlan.Status.APPROVED)
