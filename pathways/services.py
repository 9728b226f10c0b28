from __future__ import annotations

from audit import services as audit
from audit.models import Action

from .models import YoungPerson


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
