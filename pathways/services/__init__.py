"""What every write to young people's records shares: optimistic locking (``StaleEdit`` and
``bump_version``) and the audit of a read of one young person's record (``record_view``).

The writes themselves are in the modules beside this one, one per area, as the views and forms
are: ``young_people`` (the record, care episodes, legal status, allocation), ``work`` (contacts,
situations, needs assessments, reviews) and ``plans`` (pathway plans and their drafts)."""

from __future__ import annotations

from django.db.models import F

from audit import services as audit
from audit.models import Action

from ..models import YoungPerson

#: What a stale edit says unless the service says more (the page and the API show the same).
STALE_RECORD = (
    "Someone else changed this record after you opened it. Your changes have not been saved "
    "yet: check what is saved now, then save again to replace it with what you typed."
)


class StaleEdit(Exception):
    """Someone else saved the record after this user opened it (optimistic locking). The
    message is the service's: the page shows it above the form bound again, the API as the
    409's ``detail``."""

    def __init__(self, current, message: str = STALE_RECORD):
        super().__init__(message)
        self.current = current


def bump_version(
    instance, *, expected_version: int, fields: dict, stale: str = STALE_RECORD
) -> None:
    """Save ``fields`` only if nobody has saved since ``expected_version``; else StaleEdit."""
    model = type(instance)
    updated = model.objects.filter(pk=instance.pk, lock_version=expected_version).update(
        **fields, lock_version=F("lock_version") + 1
    )
    if not updated:
        raise StaleEdit(model.objects.get(pk=instance.pk), stale)
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.lock_version = expected_version + 1


def record_view(*, young_person: YoungPerson, by, request=None) -> None:
    """Every view of a young person's record is audited; a read outside one's own caseload
    (cover for a colleague, or a manager's oversight) is marked as such."""
    audit.record(
        action=Action.VIEW,
        actor=by,
        obj=young_person,
        request=request,
        detail={"own_caseload": young_person.personal_adviser_id == by.pk},
    )
