"""The one written form of a staff email address.

Every lookup, sign-in, lockout and throttle goes through :func:`normalise_email`, so that
``LOCKME@…``, `` lockme@… `` and a full-width ``ｌｏｃｋｍｅ@…`` are the same account and share one
count of failed attempts (an address of n letters has 2ⁿ ways to write its case alone).
"""

from __future__ import annotations

import unicodedata

from django import forms


def normalise_email(value: object) -> str:
    """Unicode compatibility form (NFKC), no surrounding spaces, lower case."""
    return unicodedata.normalize("NFKC", str(value or "")).strip().lower()


def axes_username(request, credentials: dict | None) -> str:
    """django-axes' ``AXES_USERNAME_CALLABLE``: the name failed attempts are counted under."""
    if credentials and credentials.get("username") is not None:
        return normalise_email(credentials["username"])
    data = getattr(request, "POST", None) or {}
    return normalise_email(data.get("username", ""))


class StaffEmailField(forms.EmailField):
    """An email field that normalises what was typed before checking it."""

    def to_python(self, value):
        return normalise_email(super().to_python(value))
