"""Pack builds: a version per build, stored immutably with its hash; a failed build leaves
earlier versions alone and says what failed; running the task twice builds once."""

import hashlib
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils import timezone
from pypdf import PdfReader

from audit.models import AuditEvent
from panels.models import PackBuild, PackBuildImmutable
from panels.services import builds as build_services
from panels.services import meetings as meeting_services
from panels.tasks import build_pack

from .factories import panel_for, pdf_upload, report_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(world):
    by = world.committee_officer
    _, m = panel_for(world)
    item = meeting_services.add_item(meeting=m, by=by, part="A", title="Care leavers' update")
    meeting_services.add_upload(item=item, by=by, title="Update", upload=pdf_upload(3))
    exempt = meeting_services.add_item(meeting=m, by=by, part="B", title="Regulation 44 visits")
    meeting_services.add_report(item=exempt, by=by, **report_fields(title="Visits"))
    return m


def build(meeting, part, by, capture):
    with capture(execute=True):
        requested = build_services.request_build(meeting=meeting, part=part, by=by)
    requested.refresh_from_db()
    return requested


def test_it_builds_and_stores_a_version_with_its_hash_and_page_count(
    world, meeting, django_capture_on_commit_callbacks
):
    done = build(meeting, "A", world.committee_officer, django_capture_on_commit_callbacks)
    assert done.status == PackBuild.Status.SUCCEEDED, done.error
    assert (done.version, done.percent, done.stage) == (1, 100, "Built")
    with done.file.open("rb") as handle:
        data = handle.read()
    assert hashlib.sha256(data).hexdigest() == done.sha256
    assert len(PdfReader(default_storage.path(done.file.name)).pages) == done.page_count
    assert done.finished_at and done.started_at and done.built_by == world.committee_officer


def test_it_makes_a_new_version_on_rebuild_and_keeps_the_old_one(
    world, meeting, django_capture_on_commit_callbacks
):
    first = build(meeting, "A", world.committee_officer, django_capture_on_commit_callbacks)
    second = build(meeting, "A", world.committee_officer, django_capture_on_commit_callbacks)
    part_b = build(meeting, "B", world.committee_officer, django_capture_on_commit_callbacks)
    assert (first.version, second.version, part_b.version) == (1, 2, 1)
    assert first.file.name != second.file.name
    first.refresh_from_db()
    assert default_storage.exists(first.file.name)


def test_a_corrupt_upload_fails_the_build_and_leaves_the_previous_version_intact(
    world, meeting, django_capture_on_commit_callbacks
):
    first = build(meeting, "A", world.committee_officer, django_capture_on_commit_callbacks)
    # The stored upload is damaged after it was checked (a disk fault, a bad restore).
    paper = meeting.items.get(title="Care leavers' update").papers.get()
    with open(default_storage.path(paper.file.name), "wb") as handle:
        handle.write(b"%PDF-1.4 garbage")
    failed = build(meeting, "A", world.committee_officer, django_capture_on_commit_callbacks)
    assert failed.status == PackBuild.Status.FAILED
    assert "Item 5" in failed.error
    assert not failed.file
    first.refresh_from_db()
    assert first.status == PackBuild.Status.SUCCEEDED and default_storage.exists(first.file.name)


def test_running_the_task_twice_builds_once(world, meeting, django_capture_on_commit_callbacks):
    done = build(meeting, "A", world.committee_officer, django_capture_on_commit_callbacks)
    assert build_pack.apply(kwargs={"build_id": done.pk}).get() == "skipped"
    done_again = PackBuild.objects.get(pk=done.pk)
    assert (done_again.sha256, done_again.file.name) == (done.sha256, done.file.name)


def test_a_build_whose_worker_died_is_taken_over_after_the_lease(world, meeting, settings):
    stuck = build_services.request_build(meeting=meeting, part="A", by=world.committee_officer)
    long_ago = timezone.now() - timedelta(seconds=settings.PANELS_BUILD_LEASE_SECONDS + 5)
    PackBuild.objects.filter(pk=stuck.pk).update(status="running", started_at=long_ago)
    assert build_services.run_build(build_id=stuck.pk) == PackBuild.Status.SUCCEEDED
    # One still within its lease belongs to a live worker.
    fresh = build_services.request_build(meeting=meeting, part="A", by=world.committee_officer)
    PackBuild.objects.filter(pk=fresh.pk).update(status="running", started_at=timezone.now())
    assert build_services.run_build(build_id=fresh.pk) == "skipped"


def test_a_stored_pack_cannot_be_changed(world, meeting, django_capture_on_commit_callbacks):
    done = build(meeting, "A", world.committee_officer, django_capture_on_commit_callbacks)
    done.sha256 = "0" * 64
    with pytest.raises(PackBuildImmutable):
        done.save()


def test_only_a_built_version_can_be_issued(world, meeting, django_capture_on_commit_callbacks):
    queued = build_services.request_build(meeting=meeting, part="A", by=world.committee_officer)
    with pytest.raises(ValidationError):
        build_services.issue_build(build=queued, by=world.committee_officer)
    done = build(meeting, "A", world.committee_officer, django_capture_on_commit_callbacks)
    issued = build_services.issue_build(build=done, by=world.service_manager)
    assert issued.issued_at and issued.issued_by == world.service_manager
    assert AuditEvent.objects.filter(object_id=str(done.pk), detail__issued=True).count() == 1
