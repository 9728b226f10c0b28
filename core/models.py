"""What ``core.once`` keeps so that a form or an API request saves once: the one-time form
tokens that have been used, and the API's Idempotency-Keys with the answer each one got.
Both are kept for a day (``core.once.LIFETIME``) and deleted lazily after that."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class UsedFormToken(models.Model):
    """A one-time form token, claimed in the same transaction as the record its form created,
    with the page that save went to (where a repeat of the form is sent)."""

    nonce = models.CharField(max_length=64)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(max_length=500)
    saved_url = models.CharField(max_length=2000, blank=True)
    claimed_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["nonce"], name="core_form_token_used_once")]

    def __str__(self) -> str:
        return f"Form token for {self.purpose} used at {self.claimed_at:%Y-%m-%d %H:%M}"


class IdempotentRequest(models.Model):
    """An API request sent with an Idempotency-Key: what it asked (a fingerprint of method,
    path and body) and the answer it got, given again to a repeat of it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True)
    body = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="core_idempotency_key_once")
        ]

    def __str__(self) -> str:
        return f"Idempotency-Key {self.key!r} at {self.created_at:%Y-%m-%d %H:%M}"
