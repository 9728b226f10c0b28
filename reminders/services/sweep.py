"""The daily sweep: find every duty falling due, make one reminder for each, and send it.

A sweep of a council is a ``SweepRun`` split into ``SweepChunk``s: groups of personal
advisers with about ``REMINDERS_CHUNK_SIZE`` young people between them (so one large council
never holds a worker for long, and each adviser gets one email a day), plus one for the weekly
digests. Celery runs each chunk as its own task
(``reminders.tasks``); ``manage.py send_reminders`` runs the same functions in-process.
What falls due is read by ``reminders.selectors.facts`` and decided by ``reminders.rules``.

Everything here is safe to run twice, at once or after a crash:

- making reminders is ``INSERT … ON CONFLICT DO NOTHING`` on the unique key (recipient,
  kind, record, due date), so a second sweep, or a chunk run again, makes nothing new;
- sending claims rows with a conditional ``UPDATE`` (``delivery.claim``);
- a chunk is marked done once (``done_at`` set by a conditional ``UPDATE``), and the run's
  figures are recounted from the chunks and the reminders, never incremented.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from accounts.models import Council, User
from accounts.roles import Role
from core.dates import long_date
from pathways.models import YoungPerson

from .. import rules
from ..models import Reminder, SweepChunk, SweepRun
from ..rules import Kind
from ..selectors import facts, settings_for
from . import delivery

# Planning a run ---------------------------------------------------------------------------


def plan_chunks(council: Council) -> list[list[int]]:
    """Personal advisers grouped, team by team, into chunks of about ``REMINDERS_CHUNK_SIZE``
    young people. Each adviser's young people are in one chunk, so one email a day each."""
    size = max(1, settings.REMINDERS_CHUNK_SIZE)
    caseloads = (
        YoungPerson.objects.filter(council=council, personal_adviser__isnull=False)
        .values("personal_adviser_id")
        .annotate(young_people=Count("id"))
        .order_by("personal_adviser__team_id", "personal_adviser_id")
        .values_list("personal_adviser_id", "young_people")
    )
    chunks: list[list[int]] = []
    current: list[int] = []
    total = 0
    for adviser_id, young_people in caseloads:
        current.append(adviser_id)
        total += young_people
        if total >= size:
            chunks.append(current)
            current, total = [], 0
    if current:
        chunks.append(current)
    return chunks


@transaction.atomic
def start_run(
    *, council: Council, today: date, trigger: str, task_id: str | None = None
) -> SweepRun:
    """The run for this council (the same one again when a task is delivered twice), with
    its chunks planned."""
    if task_id:
        run, created = SweepRun.objects.get_or_create(
            task_id=task_id, defaults={"council": council, "run_on": today, "trigger": trigger}
        )
        if not created:
            return run
    else:
        run = SweepRun.objects.create(council=council, run_on=today, trigger=trigger)
    chunks = [
        SweepChunk(run=run, part=SweepChunk.Part.ADVISERS, number=number, adviser_ids=advisers)
        for number, advisers in enumerate(plan_chunks(council), start=1)
    ]
    chunks.append(SweepChunk(run=run, part=SweepChunk.Part.DIGESTS, number=len(chunks) + 1))
    SweepChunk.objects.bulk_create(chunks)
    run.chunks_total = len(chunks)
    run.save(update_fields=["chunks_total"])
    return run


def chunks_to_do(run: SweepRun) -> list[int]:
    return list(
        run.chunks.filter(done_at__isnull=True).order_by("number").values_list("id", flat=True)
    )


# Doing a chunk ----------------------------------------------------------------------------


def make_reminders(*, run: SweepRun, adviser_ids: list[int], policy: rules.Policy) -> int:
    """Make the reminders due for these advisers' young people; returns how many young
    people were checked. Rows already made (by this or any sweep) are left alone."""
    today = run.run_on
    people = facts.people(
        council_id=run.council_id, today=today, adviser_ids=adviser_ids, policy=policy
    )
    staff = facts.managers(council_id=run.council_id)
    keys: set[facts.Key] = set()
    for person in people:
        keys.update(facts.keys_due(person, policy=policy, today=today, staff=staff))
    # One order for every sweep, so concurrent inserts wait on each other, never deadlock.
    insert_keys(
        run=run,
        keys=sorted(keys, key=lambda k: (k.young_person_id, k.recipient_id, k.kind, k.due_on)),
    )
    return YoungPerson.objects.filter(
        council_id=run.council_id, personal_adviser_id__in=adviser_ids
    ).count()


def insert_keys(*, run: SweepRun, keys: list[facts.Key]) -> None:
    """``INSERT … ON CONFLICT DO NOTHING`` a pending reminder for each key, in the given
    order. On PostgreSQL one statement whatever the number of keys (the keys as four arrays,
    unnested in order); elsewhere ``bulk_create``."""
    if not keys:
        return
    if connection.vendor != "postgresql":
        rows = [
            Reminder(
                council_id=run.council_id,
                recipient_id=key.recipient_id,
                kind=key.kind,
                young_person_id=key.young_person_id,
                due_on=key.due_on,
                sweep_run=run,
            )
            for key in keys
        ]
        with transaction.atomic():
            Reminder.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            INSERT_KEYS_SQL,
            [
                run.council_id,
                Reminder.Status.PENDING.value,
                run.pk,
                timezone.now(),
                [key.recipient_id for key in keys],
                [str(key.kind) for key in keys],
                [key.young_person_id for key in keys],
                [key.due_on for key in keys],
            ],
        )


#: The same columns and values as ``Reminder(...)`` and ``bulk_create`` (a fresh uuid, an
#: empty detail, pending, never emailed); the keys come as four arrays, inserted in order.
INSERT_KEYS_SQL = """
        INSERT INTO reminders_reminder (
            uuid, council_id, recipient_id, kind, young_person_id, due_on, detail, status,
            sweep_run_id, created_at, emailed, attempts, note
        )
        SELECT gen_random_uuid(), %s, k.recipient_id, k.kind, k.young_person_id, k.due_on,
               '{}'::jsonb, %s, %s, %s, false, 0, ''
        FROM unnest(%s::bigint[], %s::varchar[], %s::bigint[], %s::date[])
             WITH ORDINALITY AS k(recipient_id, kind, young_person_id, due_on, n)
        ORDER BY k.n
        ON CONFLICT DO NOTHING
"""


def left_over(run: SweepRun) -> Q:
    """Reminders no adviser's chunk will send: from earlier sweeps (an email that failed)
    or about young people no longer allocated. Sent, or cancelled, by the digests chunk."""
    return Q(young_person__isnull=False) & (
        Q(created_at__lt=run.started_at) | Q(young_person__personal_adviser__isnull=True)
    )


def unplanned_advisers(run: SweepRun) -> list[int]:
    """Advisers given young people after the run was planned: swept with the digests."""
    planned = set()
    for adviser_ids in run.chunks.filter(part=SweepChunk.Part.ADVISERS).values_list(
        "adviser_ids", flat=True
    ):
        planned.update(adviser_ids)
    now = set(
        YoungPerson.objects.filter(council_id=run.council_id, personal_adviser__isnull=False)
        .values_list("personal_adviser_id", flat=True)
        .distinct()
    )
    return sorted(now - planned)


def run_chunk(*, chunk_id: int, pause: float = 0) -> SweepChunk:
    """Make and send a chunk's reminders. ``pause`` (tests only) waits between the two."""
    chunk = SweepChunk.objects.select_related("run__council").get(pk=chunk_id)
    if chunk.done_at is not None:
        return chunk
    run = chunk.run
    policy = settings_for(run.council).policy()
    if chunk.part == SweepChunk.Part.DIGESTS:
        make_digests(run=run, policy=policy)
        stragglers = unplanned_advisers(run)
        checked = make_reminders(run=run, adviser_ids=stragglers, policy=policy)
        scope = (
            Q(young_person__isnull=True)
            | left_over(run)
            | Q(young_person__personal_adviser_id__in=stragglers)
        )
    else:
        advisers = chunk.adviser_ids
        checked = make_reminders(run=run, adviser_ids=advisers, policy=policy)
        # Their young people's reminders, and any still waiting for these advisers about
        # someone since reallocated (the re-check cancels those).
        scope = Q(young_person__personal_adviser_id__in=advisers) | Q(
            recipient_id__in=advisers, young_person__isnull=False
        )
    if pause:
        time.sleep(pause)
    outcome = delivery.deliver(
        council_id=run.council_id, scope=scope, today=run.run_on, policy=policy
    )
    finish_chunk(chunk, young_people=checked, sent=outcome.sent, cancelled=outcome.cancelled)
    return chunk


@transaction.atomic
def finish_chunk(chunk: SweepChunk, *, young_people: int, sent: int, cancelled: int) -> None:
    now = timezone.now()
    first_time = SweepChunk.objects.filter(pk=chunk.pk, done_at__isnull=True).update(
        done_at=now, young_people=young_people, sent=sent, cancelled=cancelled
    )
    if not first_time:
        return
    chunk.done_at = now
    run = SweepRun.objects.select_for_update().get(pk=chunk.run_id)
    totals = run.chunks.filter(done_at__isnull=False).aggregate(
        done=Count("id"), people=Sum("young_people"), sent=Sum("sent"), cancelled=Sum("cancelled")
    )
    run.chunks_done = totals["done"]
    run.young_people_checked = totals["people"] or 0
    run.reminders_sent = totals["sent"] or 0
    run.reminders_cancelled = totals["cancelled"] or 0
    run.reminders_created = Reminder.objects.filter(sweep_run=run).count()
    if run.chunks_done >= run.chunks_total and run.finished_at is None:
        run.finished_at = now
        run.status = SweepRun.Status.FINISHED
    run.save()


# Weekly digests ---------------------------------------------------------------------------

DIGEST_LIST_LIMIT = 30
DIGEST_COUNTS = (
    ("Pathway-plan reviews overdue", {Kind.REVIEW_OVERDUE}),
    ("Contacts overdue", {Kind.CONTACT_OVERDUE}),
    ("Visits after a move overdue", {Kind.VISIT_OVERDUE}),
    ("Needs assessments overdue", {Kind.ASSESSMENT_OVERDUE}),
    ("Statutory data missing around a birthday", {Kind.STATUTORY_DATA_MISSING}),
)


def team_summary(*, council_id: int, team, today: date, policy: rules.Policy) -> dict:
    """What a team manager's digest says: counts, what falls due in the next 7 days, and the
    overdue items (most overdue first)."""
    people = facts.people(council_id=council_id, today=today, team_id=team.pk, policy=policy)
    overdue, week, counts = [], Counter(), Counter()
    for person in people:
        for item in rules.due_items(person.facts, policy, today):
            counts[item.kind] += 1
            if item.kind in rules.OVERDUE_KINDS:
                overdue.append((item.due_on, item.kind, person.id))
            elif item.due_on <= today + timedelta(days=7):
                week[item.kind] += 1
    overdue.sort()
    shown = overdue[:DIGEST_LIST_LIMIT]
    names = {
        row["id"]: row
        for row in YoungPerson.objects.filter(id__in=[pk for _, _, pk in shown]).values(
            "id",
            "uuid",
            "preferred_name",
            "legal_first_name",
            "legal_last_name",
            "personal_adviser__full_name",
        )
    }
    return {
        "team_name": team.name,
        "young_people": YoungPerson.objects.filter(
            council_id=council_id, team=team, personal_adviser__isnull=False
        ).count(),
        "counts": [
            {"label": label, "count": sum(counts[k] for k in kinds)}
            for label, kinds in DIGEST_COUNTS
        ],
        "due_this_week": sum(week.values()),
        "overdue": [
            {
                "name": f"{names[pk]['preferred_name'] or names[pk]['legal_first_name']} "
                f"{names[pk]['legal_last_name']}",
                "uuid": str(names[pk]["uuid"]),
                "adviser": names[pk]["personal_adviser__full_name"] or "",
                "what": Kind(kind).label,
                "due_on": long_date(due_on),
            }
            for due_on, kind, pk in shown
            if pk in names
        ],
        "more": max(0, len(overdue) - len(shown)),
    }


def make_digests(*, run: SweepRun, policy: rules.Policy) -> int:
    """A digest for each team manager, once a week: the week's digest is made by the first
    sweep on or after the digest day. Returns how many were made."""
    today = run.run_on
    day = rules.last_digest_day(today, settings_for(run.council).digest_weekday)
    managers = list(
        User.objects.filter(
            council_id=run.council_id,
            is_active=True,
            team__isnull=False,
            roles__role=Role.TEAM_MANAGER,
        )
        .select_related("team")
        .order_by("id")
    )
    made = set(
        Reminder.objects.filter(
            council_id=run.council_id, kind=Kind.WEEKLY_DIGEST, due_on=day
        ).values_list("recipient_id", "team_id")
    )
    managers = [m for m in managers if (m.pk, m.team_id) not in made]
    summaries = {}
    for manager in managers:
        if manager.team_id not in summaries:
            summaries[manager.team_id] = team_summary(
                council_id=run.council_id, team=manager.team, today=today, policy=policy
            )
    rows = [
        Reminder(
            council_id=run.council_id,
            recipient=manager,
            kind=Kind.WEEKLY_DIGEST,
            team_id=manager.team_id,
            due_on=day,
            detail=summaries[manager.team_id],
            sweep_run=run,
        )
        for manager in managers
    ]
    with transaction.atomic():
        Reminder.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


# In-process: the management command and the benchmark ---------------------------------


@dataclass(frozen=True)
class RunSummary:
    council: str
    young_people: int
    created: int
    sent: int
    cancelled: int
    seconds: float


def run_council(
    *, council: Council, today: date, trigger: str = SweepRun.Trigger.COMMAND
) -> RunSummary:
    started = time.perf_counter()
    run = start_run(council=council, today=today, trigger=trigger)
    for chunk_id in chunks_to_do(run):
        run_chunk(chunk_id=chunk_id)
    run.refresh_from_db()
    return RunSummary(
        council=council.name,
        young_people=run.young_people_checked,
        created=run.reminders_created,
        sent=run.reminders_sent,
        cancelled=run.reminders_cancelled,
        seconds=time.perf_counter() - started,
    )


def run_all(
    *,
    today: date | None = None,
    councils=None,
    trigger: str = SweepRun.Trigger.COMMAND,
    report: Callable[[RunSummary], object] | None = None,
) -> list[RunSummary]:
    today = today or timezone.localdate()
    summaries = []
    for council in councils if councils is not None else Council.objects.order_by("pk"):
        summary = run_council(council=council, today=today, trigger=trigger)
        summaries.append(summary)
        if report:
            report(summary)
    return summaries
