"""Writes that the API makes in one step where the pages take two."""

from __future__ import annotations

from django.db import transaction

from . import services
from .models import YoungPerson


@transaction.atomic
def create_young_person_allocated(
    *, by, council, personal_adviser=None, request=None, **fields
) -> YoungPerson:
    """A new young person, allocated at once when ``personal_adviser`` is given (a team
    manager must allocate, or the record would fall outside their team). Either both happen
    or neither does."""
    young_person = services.create_young_person(by=by, council=council, request=request, **fields)
    if personal_adviser is not None:
        services.allocate(
            young_people=[young_person],
            personal_adviser=personal_adviser,
            by=by,
            reason="Allocated when the record was created",
            request=request,
        )
    return young_person
