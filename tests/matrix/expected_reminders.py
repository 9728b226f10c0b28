"""Reminders: the inbox and preferences (anyone whose work is young people's records), and the
council's reminder settings and sweep history (administrators, scoped to their council)."""

from .expected import ADMINS, CASEWORKERS, only

EXPECTED = {
    "reminders:inbox": only(*CASEWORKERS),
    "reminders:mark-read": only(*CASEWORKERS, status=405),  # POST only
    "reminders:mark-all-read": only(*CASEWORKERS, status=405),  # POST only
    "reminders:preferences": only(*CASEWORKERS),
    "reminders:settings": only(*ADMINS),
    "reminders:sweeps": only(*ADMINS),
}


def _own_reminder(world):
    from reminders.models import Reminder
    from reminders.rules import Kind

    reminder = Reminder.objects.create(
        council=world.council,
        recipient=world.pa,
        kind=Kind.CONTACT_OVERDUE,
        young_person=world.yp_own,
        due_on=world.yp_own.date_of_birth,
    )
    return {"own": {"uuid": str(reminder.uuid)}}


SAMPLES = {"reminders:mark-read": _own_reminder}
