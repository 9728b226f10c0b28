"""Reminders: what falls due for whom, each made once and sent once.

A reminder's key — recipient, kind, record (young person, or team for a digest) and due
date — is unique in the database, so two sweeps at once, beat firing twice or a task run
again after a worker died all make one row. Sending claims the row with a conditional
``UPDATE`` (pending → sending), so two workers never send the same reminder.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from .rules import ESCALATION_KINDS, Kind, Policy


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class ReminderSettings(models.Model):
    """A council's reminder policy. The contact interval and the post-move visit stay on
    ``Council`` (pathways uses them too); the settings page edits both."""

    council = models.OneToOneField(
        "accounts.Council", on_delete=models.CASCADE, related_name="reminder_settings"
    )
    review_first_days = models.PositiveSmallIntegerField(
        "First reminder before a review",
        default=28,
        help_text="Days before a pathway-plan review is due.",
    )
    review_second_days = models.PositiveSmallIntegerField(
        "Second reminder before a review",
        default=7,
        help_text="Days before a pathway-plan review is due. Fewer than the first.",
    )
    birthday_first_days = models.PositiveSmallIntegerField(
        "First reminder before an 18th, 21st or 25th birthday", default=90, help_text="Days."
    )
    birthday_second_days = models.PositiveSmallIntegerField(
        "Second reminder before an 18th, 21st or 25th birthday",
        default=30,
        help_text="Days. Fewer than the first.",
    )
    escalation_days = models.PositiveSmallIntegerField(
        "Escalation delay",
        default=7,
        help_text="Days an overdue item stays open before the team manager is told.",
    )
    digest_weekday = models.PositiveSmallIntegerField(
        "Weekly digest day", choices=Weekday.choices, default=Weekday.MONDAY
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name_plural = "reminder settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(review_second_days__lt=models.F("review_first_days")),
                name="reminder_review_second_before_first",
            ),
            models.CheckConstraint(
                condition=Q(birthday_second_days__lt=models.F("birthday_first_days")),
                name="reminder_birthday_second_before_first",
            ),
        ]

    def __str__(self) -> str:
        return f"Reminder settings for {self.council}"

    def policy(self) -> Policy:
        return Policy(
            review_first_days=self.review_first_days,
            review_second_days=self.review_second_days,
            birthday_first_days=self.birthday_first_days,
            birthday_second_days=self.birthday_second_days,
            contact_interval_weeks=self.council.contact_interval_weeks,
            post_move_visit_days=self.council.post_move_visit_days,
            escalation_days=self.escalation_days,
        )


class NotificationPreference(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", "By email and in my inbox"
        IN_APP = "in_app", "In my inbox only"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user}: {self.get_channel_display()}"


class SweepRun(models.Model):
    """One sweep of one council: when it ran, how long it took and what it made."""

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        FINISHED = "finished", "Finished"

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", "Celery beat"
        COMMAND = "command", "send_reminders command"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    council = models.ForeignKey(
        "accounts.Council", on_delete=models.CASCADE, related_name="reminder_sweeps"
    )
    task_id = models.CharField(max_length=80, null=True, blank=True, unique=True)
    trigger = models.CharField(max_length=10, choices=Trigger.choices)
    run_on = models.DateField(help_text="The date the sweep worked out what was due on.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    chunks_total = models.PositiveIntegerField(default=0)
    chunks_done = models.PositiveIntegerField(default=0)
    young_people_checked = models.PositiveIntegerField(default=0)
    reminders_created = models.PositiveIntegerField(default=0)
    reminders_sent = models.PositiveIntegerField(default=0)
    reminders_cancelled = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["council", "-started_at"], name="sweep_council_started")]

    def __str__(self) -> str:
        return f"Sweep of {self.council} on {self.run_on.isoformat()}"

    @property
    def duration(self):
        return self.finished_at - self.started_at if self.finished_at else None


class SweepChunk(models.Model):
    """Part of a run done by one task: the young people of a few personal advisers (about
    ``REMINDERS_CHUNK_SIZE`` of them, so each adviser gets one email), or the council's weekly
    digests and anything left waiting from earlier sweeps. ``done_at`` is set once, after the
    chunk's reminders were made and sent."""

    class Part(models.TextChoices):
        ADVISERS = "advisers", "Personal advisers' young people"
        DIGESTS = "digests", "Weekly digests and reminders left from earlier sweeps"

    run = models.ForeignKey(SweepRun, on_delete=models.CASCADE, related_name="chunks")
    part = models.CharField(max_length=15, choices=Part.choices)
    number = models.PositiveIntegerField()
    adviser_ids = models.JSONField(default=list, blank=True)
    young_people = models.PositiveIntegerField(default=0)
    sent = models.PositiveIntegerField(default=0)
    cancelled = models.PositiveIntegerField(default=0)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["run", "number"]
        constraints = [
            models.UniqueConstraint(fields=["run", "number"], name="sweep_chunk_unique_in_run")
        ]

    def __str__(self) -> str:
        return f"{self.get_part_display()} ({self.number})"


class Reminder(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        CANCELLED = "cancelled", "Not sent: done before it was due to be sent"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    council = models.ForeignKey("accounts.Council", on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    young_person = models.ForeignKey(
        "pathways.YoungPerson",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
    )
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField()
    detail = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    sweep_run = models.ForeignKey(
        SweepRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="reminders"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    claim_token = models.UUIDField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    emailed = models.BooleanField(default=False)
    attempts = models.PositiveSmallIntegerField(default=0)
    note = models.CharField(
        max_length=300, blank=True, help_text="Why it was not sent, or the last email error."
    )
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "young_person", "due_on"],
                condition=Q(young_person__isnull=False),
                name="reminder_unique_key",
            ),
            models.UniqueConstraint(
                fields=["recipient", "kind", "team", "due_on"],
                condition=Q(young_person__isnull=True),
                name="reminder_digest_unique_key",
            ),
            models.CheckConstraint(
                condition=Q(young_person__isnull=False) | Q(team__isnull=False),
                name="reminder_about_a_record",
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="reminder_sent_has_time",
            ),
        ]
        indexes = [
            models.Index(
                fields=["recipient", "-sent_at"],
                condition=Q(status="sent"),
                name="reminder_inbox",
            ),
            models.Index(
                fields=["recipient"],
                condition=Q(status="sent", read_at__isnull=True),
                name="reminder_unread",
            ),
            models.Index(
                fields=["council", "young_person"],
                condition=Q(status__in=["pending", "sending"]),
                name="reminder_to_send",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} (due {self.due_on.isoformat()}) for {self.recipient}"

    @property
    def is_escalation(self) -> bool:
        return self.kind in ESCALATION_KINDS

    @property
    def is_digest(self) -> bool:
        return self.kind == Kind.WEEKLY_DIGEST

    @property
    def meaning(self) -> str:
        from .rules import MEANINGS

        return MEANINGS.get(self.kind, "")
