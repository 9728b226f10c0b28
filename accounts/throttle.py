"""Limits on password-reset emails, per address and per IP address.

A reset request over the limit is answered exactly as any other ("if the address is known, an
email is on its way"), but no email is sent, so the page tells an attacker nothing and cannot
be used to flood someone's inbox. Counts live in the cache (Redis in production) for an hour.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 3600


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]  # no addresses in cache keys
    return f"password-reset:{kind}:{digest}"


def _over(key: str, limit: int) -> bool:
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        count = 1
    return count > limit


def reset_allowed(*, email: str, ip: str | None) -> bool:
    """Count this request; False when the address or the IP address is over its hourly limit."""
    by_address = _over(_key("email", email), settings.PASSWORD_RESET_LIMIT_PER_ADDRESS)
    by_ip = _over(_key("ip", ip or "unknown"), settings.PASSWORD_RESET_LIMIT_PER_IP)
    return not (by_address or by_ip)
