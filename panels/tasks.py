"""Celery tasks for panel packs. ``build_pack`` is enqueued on commit by
``services.request_build`` and is safe to run twice: a conditional UPDATE claims the build
(``services.claim_build``), so a second delivery finds it taken and does nothing."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="panels.build_pack")
def build_pack(*, build_id: int) -> str:
    return services.run_build(build_id=build_id)
