"""Unique values taken in a race, refused with a reason instead of a 500.

A service checks that a unique value is free before it writes, so that it can say which
field is wrong. Two saves at once can both pass that check; the database's unique constraint
then refuses the later write with an IntegrityError. ``unique_values_refused`` turns that
refusal into the same ValidationError, keyed by field, that the check gives (the page shows it
on the form, the API answers 400): run the write inside it::

    with unique_values_refused(Team, {"team_unique_name": ("name", TAKEN)}):
        team.save()

An IntegrityError from any other constraint is a bug, and is raised as it is.

Where the rule is about one parent row (one open plan per young person, one current
allocation), lock that row instead (``select_for_update``): the later save then waits, checks
again, and is refused (or done) with the usual message.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction


def violated_constraint(error: IntegrityError, model: type[models.Model]) -> str | None:
    """The name of the unique constraint ``error`` reports, if it is one of ``model``'s.
    PostgreSQL names the constraint; SQLite names the columns instead."""
    name = getattr(getattr(error.__cause__, "diag", None), "constraint_name", None)
    if name:
        return name
    text = str(error)
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
            columns = [model._meta.get_field(f).column for f in constraint.fields]
            if all(f"{model._meta.db_table}.{column}" in text for column in columns):
                return constraint.name
    return None


@contextmanager
def unique_values_refused(
    model: type[models.Model], messages: Mapping[str, tuple[str, str]]
) -> Iterator[None]:
    """Run a write in a savepoint. If the database refuses it under one of the unique
    constraints named in ``messages`` (``{constraint name: (field, message)}``), raise a
    ValidationError ``{field: message}`` (code ``unique``)."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        constraint = violated_constraint(error, model)
        if constraint not in messages:
            raise
        field, message = messages[constraint]
        raise ValidationError({field: ValidationError(message, code="unique")}) from None
