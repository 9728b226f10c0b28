"""Reads for the inbox, the preferences and the administrators' pages."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from pathways.selectors import young_people_for

from .models import NotificationPreference, Reminder, ReminderSettings, SweepRun
from .sweep import settings_for
from .unread import UNREAD_SECONDS, cache, unread_key

SHOW_UNREAD = "unread"


def _visible_to(user) -> Q:
    """A reminder is shown while its record is still one the user may read: a reminder about
    a young person who has moved out of their reach stays in the database, not on screen."""
    # EXISTS per reminder (a user has few), not IN over every young person they may read.
    readable = young_people_for(user).filter(pk=OuterRef("young_person_id"))
    return Q(Exists(readable)) | Q(young_person__isnull=True, team_id=user.team_id)


def inbox_for(user, *, show: str = "") -> QuerySet[Reminder]:
    qs = Reminder.objects.filter(recipient=user, status=Reminder.Status.SENT).filter(
        _visible_to(user)
    )
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
        count = (
            Reminder.objects.filter(
                recipient=user, status=Reminder.Status.SENT, read_at__isnull=True
            )
            .filter(_visible_to(user))
            .count()
        )
        cache.set(key, count, UNREAD_SECONDS)
    return count


def reminder_for(user, *, uuid) -> Reminder | None:
    """One of the user's own reminders (None for anyone else's)."""
    return inbox_for(user).filter(uuid=uuid).first()


def channel_for(user) -> str:
    preference = NotificationPreference.objects.filter(user=user).first()
    return preference.channel if preference else NotificationPreference.Channel.EMAIL


def settings_for_council(user) -> ReminderSettings:
    return settings_for(user.council)


def sweeps_for(user) -> QuerySet[SweepRun]:
    return SweepRun.objects.filter(council_id=user.council_id).order_by("-started_at", "-id")
