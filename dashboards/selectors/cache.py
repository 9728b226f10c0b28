"""The dashboards' figures are computed by the database (``dashboards.selectors.kpis``) and kept
in the cache, so that a manager opening a dashboard over 50,000 young people waits
milliseconds, not seconds.

- Every change to a young person's record is written to the audit log by the services, so a
  new CREATE, UPDATE or DELETE event for a council moves that council's version on
  (``dashboards.signals`` calls ``dashboards.services.cache.bump``).
- Figures computed at the current version are served as they are. Figures computed before a
  change are still served for ``DASHBOARDS_STALE_SECONDS`` (default 300) after they were
  computed, marked as such (``Cached.current``), so that a busy council's dashboard is not
  recomputed after every contact a personal adviser records; after that they are computed
  afresh. The page says when its figures were calculated and offers to recalculate them now.
- Entries expire after ``DASHBOARDS_CACHE_SECONDS`` (default 900), which also bounds how
  long a change made outside the services (a bulk import) goes unseen. 0 turns the cache off.
- The lists of young people behind each figure are never cached.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

T = TypeVar("T")
DEFAULT_SECONDS = 900
DEFAULT_STALE_SECONDS = 300


@dataclass(frozen=True)
class Cached(Generic[T]):
    value: T
    computed_at: datetime
    current: bool  # computed since the council's records last changed
    token: str = ""  # unique to one computation (keys what is derived from it)


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def version_key(council_id: int) -> str:
    return f"dashboards:version:{council_id}"


def version(council_id: int) -> int:
    return cache.get(version_key(council_id), 0)


def cached(
    council_id: int, parts: dict, compute: Callable[[], T], *, refresh: bool = False
) -> Cached[T]:
    """``compute()``, or what it gave for the same ``parts`` (see the module's docstring).
    ``refresh`` computes afresh whatever is in the cache."""
    seconds = _setting("DASHBOARDS_CACHE_SECONDS", DEFAULT_SECONDS)
    now = timezone.now()
    if seconds <= 0:
        return Cached(compute(), now, True, uuid.uuid4().hex)
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()
    key = f"dashboards:{council_id}:{digest}"
    current_version = version(council_id)
    entry = None if refresh else cache.get(key)
    if entry is not None:
        stored_version, computed_at, token, value = entry
        if stored_version == current_version:
            return Cached(value, computed_at, True, token)
        stale = _setting("DASHBOARDS_STALE_SECONDS", DEFAULT_STALE_SECONDS)
        if (now - computed_at).total_seconds() < stale:
            return Cached(value, computed_at, False, token)
    value = compute()
    token = uuid.uuid4().hex
    cache.set(key, (current_version, now, token, value), timeout=seconds)
    return Cached(value, now, True, token)
