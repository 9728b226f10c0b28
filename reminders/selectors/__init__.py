"""The scoping functions: the only way to reach the reminders app's records.

- A user's reminders are those sent to them, and only while the record each is about is still
  one they may read (``pathways.selectors.young_people_for``): a reminder about a young person
  who has moved out of their reach stays in the database, not on screen.
- Sweeps and reminder settings are their council's.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.models import Council
from pathways.selectors import young_people_for

from ..models import NotificationPreference, Reminder, ReminderSettings, SweepRun


def _visible_to(user) -> Q:
    # EXISTS per reminder (a user has few), not IN over every young person they may read.
    readable = young_people_for(user).filter(pk=OuterRef("young_person_id"))
    return Q(Exists(readable)) | Q(young_person__isnull=True, team_id=user.team_id)


def reminders_for(user) -> QuerySet[Reminder]:
    """The reminders sent to the user about records they may still read."""
    return Reminder.objects.filter(recipient=user, status=Reminder.Status.SENT).filter(
        _visible_to(user)
    )


def sweeps_for(user) -> QuerySet[SweepRun]:
    """The sweeps of the user's council, newest first."""
    return SweepRun.objects.filter(council_id=user.council_id).order_by("-started_at", "-id")


def settings_for(council: Council) -> ReminderSettings:
    """The council's reminder settings (made with the defaults the first time they are asked
    for)."""
    found, _ = ReminderSettings.objects.select_related("council").get_or_create(council=council)
    return found


def settings_for_council(user) -> ReminderSettings:
    return settings_for(user.council)


def channel_for(user) -> str:
    """How the user gets reminders: their choice, or email."""
    preference = NotificationPreference.objects.filter(user=user).first()
    return preference.channel if preference else NotificationPreference.Channel.EMAIL
