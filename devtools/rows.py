"""Fast inserts for the benchmark county's generators (``devtools.bench_data`` and the history
generators in ``devtools/bench/``): ``insert_rows`` writes many rows at once, ``analyze`` gives
the planner fresh statistics after a big load."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone

BATCH_SIZE = 2000


def _default_for(field: models.Field) -> Callable[[], Any]:
    """A function giving the value Django would give ``field`` on a new row."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return timezone.now
    if field.has_default():
        if callable(field.default):
            return field.default  # uuid.uuid4, timezone.now...: one value per row
        value = field.get_default()
        return lambda: value
    if field.null:
        return lambda: None
    value = field.get_default()  # "" for text fields
    return lambda: value


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[tuple]) -> int:
    """Insert ``rows`` (tuples of Python values for ``fields``) into ``model``'s table.

    PostgreSQL: one COPY; every other column gets the value Django would give it (its
    default, ``auto_now_add``...). Other databases: ``bulk_create`` in batches. No model
    ``save`` and no signal runs.
    """
    given = [model._meta.get_field(name) for name in fields]
    count = 0
    if connection.vendor == "postgresql":
        given_names = {f.name for f in given}
        others = [
            f
            for f in model._meta.concrete_fields
            if f.name not in given_names and not (f.primary_key and f.db_returning)
        ]
        defaults = [_default_for(f) for f in others]
        columns_fields = given + others
        json_positions = [
            i for i, f in enumerate(columns_fields) if isinstance(f, models.JSONField)
        ]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in columns_fields)
        table = connection.ops.quote_name(model._meta.db_table)
        with (
            connection.cursor() as cursor,
            cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                values = [*row, *(default() for default in defaults)]
                for i in json_positions:
                    if values[i] is not None or not columns_fields[i].null:
                        values[i] = json.dumps(values[i])
                copy.write_row(values)
                count += 1
        return count
    attnames = [f.attname for f in given]
    batch: list[models.Model] = []
    for row in rows:
        batch.append(model(**dict(zip(attnames, row, strict=True))))
        if len(batch) >= BATCH_SIZE:
            model.objects.bulk_create(batch, batch_size=BATCH_SIZE)
            count += len(batch)
            batch = []
    if batch:
        model.objects.bulk_create(batch, batch_size=BATCH_SIZE)
        count += len(batch)
    return count


def analyze(*models_: type[models.Model]) -> None:
    """Fresh planner statistics, so the benchmark right after a big load uses real plans."""
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models_)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")
