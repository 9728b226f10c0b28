"""A pack build through the real Redis broker and a real worker process, sent twice (as when a
message is delivered again): it is built once, and the officer's row shows the result."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.storage import default_storage
from django.db import connection

from panels.models import PackBuild
from panels.selectors import packs as pack_selectors
from panels.services import meetings as meeting_services
from tests.panels.factories import panel_for, pdf_upload

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the worker shares PostgreSQL"
)


def test_a_worker_builds_a_pack_once_when_the_task_arrives_twice(world, producer, start_worker):
    by = world.committee_officer
    _, meeting = panel_for(world)
    item = meeting_services.add_item(meeting=meeting, by=by, part="A", title="Care leavers' update")
    meeting_services.add_upload(item=item, by=by, title="Update", upload=pdf_upload(3))
    # The row as request_build makes it; sent to the worker here rather than on commit.
    build = PackBuild.objects.create(
        meeting=meeting,
        part="A",
        version=1,
        built_by=by,
        spec=pack_selectors.snapshot(meeting, part="A", version=1),
    )
    worker = start_worker(concurrency=2)
    results = [
        producer.send_task("panels.build_pack", kwargs={"build_id": build.pk}, queue=worker.queue)
        for _ in range(2)
    ]
    outcomes = sorted(r.get(timeout=120) for r in results)
    assert outcomes == ["skipped", "succeeded"]
    build.refresh_from_db()
    assert build.status == PackBuild.Status.SUCCEEDED and build.percent == 100
    with default_storage.open(build.file.name, "rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == build.sha256
    assert build.page_count >= 4  # front sheet and the three pages of the upload
