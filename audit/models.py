from django.conf import settings
from django.db import models
from django.utils import timezone


class Action(models.TextChoices):
    VIEW = "view", "Viewed"
    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    DELETE = "delete", "Deleted"
    EXPORT = "export", "Exported"
    SIGN_IN = "sign_in", "Signed in"
    SIGN_OUT = "sign_out", "Signed out"
    SIGN_IN_FAILED = "sign_in_failed", "Failed to sign in"
    LOCKED_OUT = "locked_out", "Locked out after failed sign-ins"
    TWO_FACTOR_SET_UP = "two_factor_set_up", "Set up two-factor authentication"
    TWO_FACTOR_FAILED = "two_factor_failed", "Gave a wrong two-factor code"
    RECOVERY_CODE_USED = "recovery_code_used", "Signed in with a recovery code"
    RECOVERY_CODES_NEW = "recovery_codes_new", "Made new recovery codes"
    TWO_FACTOR_RESET = "two_factor_reset", "Reset two-factor authentication"


class AppendOnlyError(Exception):
    pass


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Audit events cannot be deleted.")

    def for_council(self, council_id: int | None):
        return self.filter(council_id=council_id)


class AuditEvent(models.Model):
    """One thing somebody did. Append-only: the model refuses updates and deletes, and on
    PostgreSQL and SQLite a database trigger refuses them too."""

    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_email = models.CharField(max_length=254, blank=True)
    council = models.ForeignKey(
        "accounts.Council", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices, db_index=True)
    object_type = models.CharField(max_length=100, blank=True, db_index=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=400, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["council", "-occurred_at"], name="audit_council_time"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]

    def __str__(self) -> str:
        who = self.actor_email or "someone"
        what = f" {self.object_type} {self.object_repr}".rstrip()
        return f"{self.occurred_at:%d/%m/%Y %H:%M} {who} {self.get_action_display().lower()}{what}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events cannot be deleted.")
