"""Moving a council's version of the cached dashboard figures on when its records change
(``dashboards.selectors.cache`` says how the version is read)."""

from __future__ import annotations

from django.core.cache import cache

from ..selectors.cache import version_key


def bump(council_id: int | None) -> None:
    if council_id is None:
        return
    key = version_key(council_id)
    try:
        cache.incr(key)
    except ValueError:  # not there yet
        cache.set(key, 1, timeout=None)
