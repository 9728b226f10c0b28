"""Writes for the young person's record that combine the services in ``pathways.services``
into one atomic step (nothing is half-saved)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.permissions import Scope, young_person_scope

from . import services
from .models import YoungPerson

DUPLICATE_PERSON_ID = "Another young person already has this person ID"


@transaction.atomic
def create_young_person(*, by, fields: dict, personal_adviser=None, request=None) -> YoungPerson:
    """A new young person in the creator's council, allocated at once if a PA is chosen.
    A team manager's unallocated young person joins their team, so that they can still see
    and allocate them."""
    fields = dict(fields)
    if personal_adviser is None and young_person_scope(by, for_edit=True) is Scope.TEAM:
        fields["team_id"] = by.team_id
    try:
        with transaction.atomic():
            young_person = services.create_young_person(
                by=by, council=by.council, request=request, **fields
            )
    except IntegrityError:  # someone else took the person ID a moment ago
        raise ValidationError({"person_id": DUPLICATE_PERSON_ID}) from None
    if personal_adviser is not None:
        services.allocate(
            young_people=[young_person],
            personal_adviser=personal_adviser,
            by=by,
            reason="Allocated when the record was created",
            request=request,
        )
    return young_person


def update_young_person(
    *, young_person: YoungPerson, by, expected_version: int, fields: dict, request=None
) -> YoungPerson:
    """``services.update_young_person``, with a clash on the person ID (two saves at once)
    reported like any other duplicate. Raises ``services.StaleEdit`` when someone else saved
    first."""
    try:
        with transaction.atomic():
            return services.update_young_person(
                young_person=young_person,
                by=by,
                expected_version=expected_version,
                request=request,
                **fields,
            )
    except IntegrityError:
        raise ValidationError({"person_id": DUPLICATE_PERSON_ID}) from None
