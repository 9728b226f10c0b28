"""Rules about text that every form and API share."""

from __future__ import annotations

#: PostgreSQL cannot store the NUL character in text or JSON; say so instead of failing.
NUL_MESSAGE = "Text cannot contain the NUL character (\\u0000): remove it and try again"


def contains_nul(value: object) -> bool:
    """Whether ``value`` (text, or lists and dicts of them, keys included) holds a NUL."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(contains_nul(k) or contains_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(contains_nul(v) for v in value)
    return False
