"""Writes from the inbox: marking reminders read, and forgetting a user's cached unread count
when a reminder is read or sent (``selectors.inbox.unread_count``)."""

from __future__ import annotations

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone

from ..models import Reminder
from ..selectors.inbox import unread_key


def forget_unread(*user_ids: int) -> None:
    """Count again on these users' next page (a reminder was sent to them, or read)."""
    cache.delete_many([unread_key(pk) for pk in set(user_ids)])


def mark_read(*, reminder: Reminder, by) -> Reminder:
    if reminder.recipient_id != by.pk:
        raise ValidationError("This reminder is not yours")
    if reminder.read_at is None:
        now = timezone.now()
        Reminder.objects.filter(pk=reminder.pk, read_at__isnull=True).update(read_at=now)
        reminder.read_at = now
        forget_unread(by.pk)
    return reminder


def mark_all_read(*, by) -> int:
    marked = Reminder.objects.filter(
        recipient=by, status=Reminder.Status.SENT, read_at__isnull=True
    ).update(read_at=timezone.now())
    forget_unread(by.pk)
    return marked
