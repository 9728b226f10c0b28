"""Celery tasks for panel packs. ``build_pack`` is enqueued on commit by
``services.builds.request_build`` and is safe to run twice: a conditional UPDATE claims the
build (``services.builds.claim_build``), so a second delivery finds it taken and does nothing."""

from __future__ import annotations

from celery import shared_task

from .services import builds as build_services


@shared_task(name="panels.build_pack")
def build_pack(*, build_id: int) -> str:
    return build_services.run_build(build_id=build_id)
