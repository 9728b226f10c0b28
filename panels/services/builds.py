"""Agenda packs: ask for a version, build it in a worker, issue it, audit its downloads."""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from audit.models import Action

from ..models import (
    Meeting,
    PackBuild,
    Part,
    pack_upload_to,
)
from ..selectors import packs as pack_selectors
from . import _audit, _council_id, _lock_meeting

logger = logging.getLogger(__name__)


@transaction.atomic
def request_build(*, meeting: Meeting, part: str, by) -> PackBuild:
    """A new version of one part's pack, from the meeting as it is now; built by a worker."""
    if part not in (Part.A, Part.B):
        raise ValidationError("Select Part A or Part B")
    _lock_meeting(meeting)
    latest = meeting.builds.filter(part=part).aggregate(v=Max("version"))["v"] or 0
    version = latest + 1
    build = PackBuild.objects.create(
        meeting=meeting,
        part=part,
        version=version,
        built_by=by,
        stage="Waiting for a worker",
        spec=pack_selectors.snapshot(meeting, part=part, version=version),
    )
    _audit(
        action=Action.CREATE,
        by=by,
        obj=build,
        council_id=_council_id(meeting),
        detail={"part": part, "version": version},
    )
    from ..tasks import build_pack

    transaction.on_commit(lambda: build_pack.delay(build_id=build.pk))
    return build


def _progress(build_id: int, claimed_at):
    def report(stage: str, percent: int) -> None:
        PackBuild.objects.filter(
            pk=build_id, status=PackBuild.Status.RUNNING, started_at=claimed_at
        ).update(stage=str(stage)[:200], percent=max(0, min(100, int(percent))))

    return report


def claim_build(*, build_id: int):
    """Take a queued build (or one whose worker died: still running after the lease) with a
    conditional UPDATE; returns the claim time, or None when another worker has it."""
    now = timezone.now()
    stale = now - timedelta(seconds=settings.PANELS_BUILD_LEASE_SECONDS)
    claimed = (
        PackBuild.objects.filter(pk=build_id)
        .filter(
            Q(status=PackBuild.Status.QUEUED)
            | Q(status=PackBuild.Status.RUNNING, started_at__lt=stale)
        )
        .update(status=PackBuild.Status.RUNNING, started_at=now, stage="Starting", percent=0)
    )
    return now if claimed else None


UNEXPECTED = (
    "The pack could not be built because of an unexpected error. Try again; if it fails "
    "again, tell your administrator."
)


def run_build(*, build_id: int) -> str:
    """Build one claimed pack. Returns the build's final status, or "skipped"."""
    from .. import pack

    claimed_at = claim_build(build_id=build_id)
    if claimed_at is None:
        return "skipped"
    build = PackBuild.objects.select_related("meeting", "meeting__committee").get(pk=build_id)
    mine = PackBuild.objects.filter(
        pk=build_id, status=PackBuild.Status.RUNNING, started_at=claimed_at
    )
    report = _progress(build_id, claimed_at)
    try:
        report("Reading the papers", 2)
        spec = pack_selectors.pack_from_snapshot(build.spec)
        result = pack.build(spec, progress=report)
    except pack.PackError as exc:
        return _fail(build, mine, str(exc))
    except Exception:
        logger.exception("Pack build %s failed", build_id)
        return _fail(build, mine, UNEXPECTED)
    data = bytes(result.pdf)
    digest = hashlib.sha256(data).hexdigest()
    from django.core.files.storage import default_storage

    name = default_storage.save(pack_upload_to(build, ""), ContentFile(data))
    updated = mine.update(
        status=PackBuild.Status.SUCCEEDED,
        file=name,
        sha256=digest,
        page_count=result.page_count,
        file_size=len(data),
        stage="Built",
        percent=100,
        finished_at=timezone.now(),
    )
    if not updated:  # another worker took the build over; keep only its file
        default_storage.delete(name)
        return "skipped"
    _audit(
        action=Action.UPDATE,
        by=None,
        obj=build,
        council_id=build.meeting.committee.council_id,
        detail={"built": True, "sha256": digest, "pages": result.page_count},
    )
    return PackBuild.Status.SUCCEEDED


def _fail(build: PackBuild, mine, message: str) -> str:
    mine.update(
        status=PackBuild.Status.FAILED,
        error=message[:2000],
        stage="Failed",
        finished_at=timezone.now(),
    )
    _audit(
        action=Action.UPDATE,
        by=None,
        obj=build,
        council_id=build.meeting.committee.council_id,
        detail={"failed": message[:500]},
    )
    return PackBuild.Status.FAILED


@transaction.atomic
def issue_build(*, build: PackBuild, by) -> PackBuild:
    """Mark a built version as the one sent to members (and, for Part A, published)."""
    locked = PackBuild.objects.select_for_update().get(pk=build.pk)
    if locked.status != PackBuild.Status.SUCCEEDED:
        raise ValidationError("Only a pack that was built can be issued")
    if locked.issued_at is None:
        PackBuild.objects.filter(pk=build.pk).update(issued_at=timezone.now(), issued_by=by)
        _audit(
            action=Action.UPDATE,
            by=by,
            obj=locked,
            council_id=_council_id(build.meeting),
            detail={"issued": True, "part": locked.part, "version": locked.version},
        )
    build.refresh_from_db()
    return build


def record_download(*, build: PackBuild, by, request=None) -> None:
    """Part B is exempt information: each download is audited as an export. Part A is public
    once issued; its downloads by staff are audited too."""
    _audit(
        action=Action.EXPORT,
        by=by,
        obj=build,
        council_id=_council_id(build.meeting),
        request=request,
        detail={"part": build.part, "version": build.version},
    )
