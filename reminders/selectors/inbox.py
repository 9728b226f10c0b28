"""Reads for the inbox: the user's reminders, one of them, and the unread count in every
page's header."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import QuerySet

from ..models import Reminder
from . import reminders_for

SHOW_UNREAD = "unread"

#: How long the header's unread count may be reused. Sending a reminder or reading one clears
#: the user's count at once (``services.inbox.forget_unread``); only other changes, such as a
#: young person reallocated out of the user's reach, can leave it out of date, for at most this
#: long.
UNREAD_SECONDS = 60


def unread_key(user_id: int) -> str:
    return f"reminders:unread:{user_id}"


def inbox_for(user, *, show: str = "") -> QuerySet[Reminder]:
    qs = reminders_for(user)
    if show == SHOW_UNREAD:
        qs = qs.filter(read_at__isnull=True)
    return qs.select_related("young_person", "young_person__personal_adviser", "team").order_by(
        "-sent_at", "-id"
    )


def unread_count(user) -> int:
    """The count beside "Inbox" in every page's header, reused for up to a minute: counting
    on every page cost more than the rest of a simple page's work."""
    key = unread_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = reminders_for(user).filter(read_at__isnull=True).count()
        cache.set(key, count, UNREAD_SECONDS)
    return count


def reminder_for(user, *, uuid) -> Reminder | None:
    """One of the user's own reminders (None for anyone else's)."""
    return inbox_for(user).filter(uuid=uuid).first()
