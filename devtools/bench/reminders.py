"""Timing the daily sweep over the benchmark county (``make bench``; docs/reminders.md).

``bench_sweep()`` runs the same sweep as ``manage.py send_reminders``, in-process, against the
current database, with email to Django's in-memory backend so the timing includes building
and "sending" every email but not a mail server. With ``fresh`` (the default) the council's
earlier reminders and sweep records are deleted first, so the timing is a first sweep, the
expensive case: everything due is made and sent. A second sweep straight after shows the
steady state, when nothing new is due.

On PostgreSQL the tables the sweep writes are then vacuumed, and those it reads analysed,
before the clock starts (``settle``): every sweep leaves tens of thousands of dead reminder
rows behind, and the bench server may run without autovacuum, so without this each run
would be slower than the last and plans would depend on statistics nobody collected.
"""

from __future__ import annotations

import time
from datetime import date

from django.core import mail
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from accounts.models import Council
from reminders.models import Reminder, SweepRun
from reminders.services import sweep

TARGET_SECONDS = 20.0
IN_MEMORY_MAIL = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


#: Written by the sweep (vacuumed after a fresh start) and read by it (analysed).
WRITTEN = ("reminders_reminder", "reminders_sweeprun", "reminders_sweepchunk")
READ = ("pathways_youngperson", "pathways_situation", "pathways_careepisode", "accounts_user")


def settle() -> None:
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return  # VACUUM cannot run in a transaction (a test's, say)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) " + ", ".join(WRITTEN))
        cursor.execute("ANALYZE " + ", ".join(READ))


def bench_sweep(
    *, council_slug: str = "bench", fresh: bool = True, today: date | None = None
) -> dict:
    """Sweep the council (every council if it does not exist) and say how long it took."""
    councils = list(Council.objects.filter(slug=council_slug)) or list(
        Council.objects.order_by("pk")
    )
    today = today or timezone.localdate()
    if fresh:
        Reminder.objects.filter(council__in=councils).delete()
        SweepRun.objects.filter(council__in=councils).delete()
        settle()
    with override_settings(MAILERS=IN_MEMORY_MAIL):
        mail.outbox = []
        started = time.perf_counter()
        first = sweep.run_all(today=today, councils=councils)
        seconds = time.perf_counter() - started
        emails = len(mail.outbox)
        mail.outbox = []
        started = time.perf_counter()
        second = sweep.run_all(today=today, councils=councils)
        second_seconds = time.perf_counter() - started
        mail.outbox = []
    return {
        "councils": [s.council for s in first],
        "young_people": sum(s.young_people for s in first),
        "reminders_created": sum(s.created for s in first),
        "reminders_sent": sum(s.sent for s in first),
        "emails": emails,
        "seconds": round(seconds, 2),
        "second_sweep_seconds": round(second_seconds, 2),
        "second_sweep_created": sum(s.created for s in second),
        "target_seconds": TARGET_SECONDS,
        "within_target": seconds < TARGET_SECONDS,
    }
