"""Celery tasks for the daily sweep. Beat runs ``reminders.sweep`` at ``REMINDER_SWEEP_TIME``;
it plans one run per council and fans out one ``reminders.sweep_chunk`` task per chunk
(the work is ``reminders.services.sweep``'s).

Every task takes ids as keyword arguments and is safe to run twice (acks_late is global, so a
task whose worker died is delivered again): the run is found again by the sweep task's id,
chunks already done are skipped, and making and sending reminders are idempotent
(``reminders.services.sweep``).
"""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.conf import settings
from django.db import OperationalError
from django.utils import timezone

from accounts.models import Council

from .models import SweepRun
from .services import sweep as sweeping


def _same_queue(task) -> str | None:
    """Fan out to the queue the parent came from (tests give each worker its own)."""
    info = getattr(task.request, "delivery_info", None) or {}
    return info.get("routing_key") or None


@shared_task(bind=True, name="reminders.sweep")
def sweep(self, *, today: str | None = None, council_id: int | None = None) -> dict:
    """Plan today's run for every council (or one) and enqueue its chunks."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    councils = Council.objects.order_by("pk")
    if council_id is not None:
        councils = councils.filter(pk=council_id)
    queue = _same_queue(self)
    planned = {}
    for council in councils:
        task_id = f"{self.request.id}:{council.pk}" if self.request.id else None
        run = sweeping.start_run(
            council=council, today=day, trigger=SweepRun.Trigger.SCHEDULE, task_id=task_id
        )
        chunk_ids = sweeping.chunks_to_do(run)
        for chunk_id in chunk_ids:
            sweep_chunk.apply_async(kwargs={"chunk_id": chunk_id}, queue=queue)
        planned[council.slug] = len(chunk_ids)
    return {"today": day.isoformat(), "chunks": planned}


@shared_task(
    bind=True,
    name="reminders.sweep_chunk",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def sweep_chunk(self, *, chunk_id: int) -> dict:
    """Make and send one chunk's reminders."""
    delay = float(getattr(settings, "REMINDERS_TEST_CHUNK_DELAY", 0) or 0)
    chunk = sweeping.run_chunk(chunk_id=chunk_id, pause=delay)
    return {"chunk_id": chunk.pk, "done": chunk.done_at is not None}
