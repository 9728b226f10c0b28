"""The header's unread count is reused for a short while (``selectors.unread_count``);
sending or reading a reminder forgets the recipient's count at once."""

from __future__ import annotations

from django.core.cache import cache

#: How long the count may be reused. Sending a reminder or reading one clears the user's
#: count at once; only other changes, such as a young person reallocated out of the user's
#: reach, can leave it out of date, for at most this long.
UNREAD_SECONDS = 60

__all__ = ["UNREAD_SECONDS", "cache", "forget_unread", "unread_key"]


def unread_key(user_id: int) -> str:
    return f"reminders:unread:{user_id}"


def forget_unread(*user_ids: int) -> None:
    """Count again on these users' next page (a reminder was sent to them, or read)."""
    cache.delete_many([unread_key(pk) for pk in set(user_ids)])
