"""Writes from the preferences and settings pages: a user's choice of channel, and a council's
reminder settings (audited)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import Council
from audit import services as audit
from audit.models import Action

from ..models import NotificationPreference, ReminderSettings
from ..selectors import settings_for

#: Fields of the settings form kept on Council (pathways uses them too).
COUNCIL_FIELDS = ("contact_interval_weeks", "post_move_visit_days")
SETTINGS_FIELDS = (
    "review_first_days",
    "review_second_days",
    "birthday_first_days",
    "birthday_second_days",
    "escalation_days",
    "digest_weekday",
)


def set_channel(*, user, channel: str) -> NotificationPreference:
    if channel not in NotificationPreference.Channel.values:
        raise ValidationError({"channel": "Choose how you want to get reminders"})
    preference, _ = NotificationPreference.objects.update_or_create(
        user=user, defaults={"channel": channel}
    )
    return preference


def validate_settings(values: dict) -> None:
    errors = {}
    if values["review_second_days"] >= values["review_first_days"]:
        errors["review_second_days"] = (
            "The second reminder before a review must come after the first: enter fewer days"
        )
    if values["birthday_second_days"] >= values["birthday_first_days"]:
        errors["birthday_second_days"] = (
            "The second reminder before a birthday must come after the first: enter fewer days"
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def update_settings(*, council: Council, by, values: dict, request=None) -> ReminderSettings:
    """Save the council's reminder settings and intervals; the change is audited."""
    validate_settings(values)
    current = settings_for(council)
    council = Council.objects.select_for_update().get(pk=council.pk)
    before = {name: getattr(current, name) for name in SETTINGS_FIELDS} | {
        name: getattr(council, name) for name in COUNCIL_FIELDS
    }
    for name in SETTINGS_FIELDS:
        setattr(current, name, values[name])
    current.updated_by = by
    current.council = council
    current.save()
    for name in COUNCIL_FIELDS:
        setattr(council, name, values[name])
    council.save(update_fields=list(COUNCIL_FIELDS))
    changes = {
        name: {"from": before[name], "to": values[name]}
        for name in (*SETTINGS_FIELDS, *COUNCIL_FIELDS)
        if before[name] != values[name]
    }
    audit.record(
        action=Action.UPDATE,
        actor=by,
        obj=current,
        request=request,
        council=council,
        detail={"changes": changes},
    )
    return current
