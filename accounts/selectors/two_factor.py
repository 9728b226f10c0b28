"""Reads for two-factor authentication: who must give a second factor, whether a session has
finished signing in, when code entry opens again after wrong codes, and what the account page
shows. ``accounts.services.two_factor`` says how the whole works."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..models import User

#: Set in the session when the password was enough (no app set up, and the council does not
#: require one). Absent, the session needs a verified device.
NOT_NEEDED_SESSION_KEY = "two_factor_not_needed"
#: Recovery codes just made, shown once on the next page and then forgotten.
NEW_CODES_SESSION_KEY = "two_factor_new_recovery_codes"


# Who needs a second factor -----------------------------------------------------------------


def app_device(user: User, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("pk").first()


def has_app(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def required_for(user: User) -> bool:
    """The user's council requires a second factor."""
    return bool(user.council_id and user.council.two_factor_required)


def needs_second_factor(user: User) -> bool:
    """A code is asked for: the council requires it, or the user has set up an app anyway."""
    return required_for(user) or has_app(user)


def is_complete(request) -> bool:
    """The person is fully signed in (or not signed in at all: nothing to finish)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return True
    if request.session.get(NOT_NEEDED_SESSION_KEY):
        return True
    is_verified = getattr(user, "is_verified", None)  # installed by django-otp's middleware
    return bool(is_verified and is_verified())


# Locking after wrong codes -----------------------------------------------------------------


def failures_of(devices) -> tuple[int, datetime | None]:
    count = sum(d.throttling_failure_count for d in devices)
    stamps = [d.throttling_failure_timestamp for d in devices if d.throttling_failure_timestamp]
    return count, max(stamps, default=None)


def locked_until(user: User) -> datetime | None:
    """When code entry opens again for ``user``, or None if it is open."""
    devices = list(devices_for_user(user, confirmed=True))
    return locked_until_of(devices)


def locked_until_of(devices) -> datetime | None:
    count, last = failures_of(devices)
    if count < settings.AXES_FAILURE_LIMIT or last is None:
        return None
    until = last + settings.AXES_COOLOFF_TIME
    return until if until > timezone.now() else None


# What the pages show ----------------------------------------------------------------------


@dataclass(frozen=True)
class Status:
    app: TOTPDevice | None
    recovery_codes_left: int
    required: bool


def status_for(user: User) -> Status:
    app = app_device(user)
    static = StaticDevice.objects.filter(user=user, confirmed=True).first()
    left = static.token_set.count() if static is not None else 0
    return Status(app=app, recovery_codes_left=left, required=required_for(user))
