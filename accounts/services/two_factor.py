"""Two-factor authentication: after the password, a 6-digit code from an authenticator app
(a TOTP device from django-otp), or one of ten one-time recovery codes (a static device).

Who must give one: everybody whose council requires it (``Council.two_factor_required``), and
anybody who has set up an app anyway. The decision is taken when the password is accepted
(``note_sign_in``, from the ``user_logged_in`` signal, so every way of signing in goes through
it): a session that needs no second factor is marked so; any other session counts as signed in
only once django-otp has recorded the device that verified it. Until then
``accounts.middleware.TwoFactorMiddleware`` sends every page to the code step and refuses the
API. This fails closed: a session with neither mark is stopped.

Wrong codes count like wrong passwords: ``AXES_FAILURE_LIMIT`` wrong codes in a row (across the
app and the recovery codes) lock code entry for the account for ``AXES_COOLOFF_TIME``. The count
lives on the devices (django-otp's ``throttling_failure_count``), not in the session, so signing
in again with the password does not reset it; a right code does.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit import services as audit
from audit.models import Action

from ..models import User
from ..selectors.two_factor import (
    NEW_CODES_SESSION_KEY,
    NOT_NEEDED_SESSION_KEY,
    app_device,
    failures_of,
    has_app,
    locked_until_of,
    needs_second_factor,
)

APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


class Outcome(enum.Enum):
    VERIFIED = "verified"
    WRONG = "wrong"
    LOCKED = "locked"


# Signing in -------------------------------------------------------------------------------


def note_sign_in(*, request, user: User) -> None:
    """Called whenever somebody is signed in (``user_logged_in``): mark the session as needing
    nothing more when the password is enough."""
    if request is None or not hasattr(request, "session"):
        return
    if needs_second_factor(user):
        request.session.pop(NOT_NEEDED_SESSION_KEY, None)
    else:
        request.session[NOT_NEEDED_SESSION_KEY] = True


def settle_without_second_factor(request) -> bool:
    """At the code step, for somebody who turns out to need none (their app was reset by an
    administrator and their council does not require one): mark the session complete.
    True if it did."""
    if needs_second_factor(request.user):
        return False
    request.session[NOT_NEEDED_SESSION_KEY] = True
    return True


# Locking after wrong codes -----------------------------------------------------------------


def _reset_failures(devices) -> None:
    for device in devices:
        if device.throttling_failure_count:
            device.throttle_reset()


# Checking a code ---------------------------------------------------------------------------


def normalise_code(value: str) -> str:
    """What was typed, without the spaces and dashes people type or paste."""
    return "".join(ch for ch in str(value or "") if ch not in " -\t").lower()


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    locked_until: datetime | None = None
    recovery_codes_left: int | None = None


def check_code(*, request, user: User, code: str, recovery: bool = False) -> Result:
    """Check a code from the app (or, with ``recovery``, a recovery code, which then stops
    working). A right code finishes signing in; every outcome is audited."""
    code = normalise_code(code)
    with transaction.atomic():
        devices = list(devices_for_user(user, confirmed=True, for_verify=True))
        until = locked_until_of(devices)
        if until is not None:
            return Result(Outcome.LOCKED, locked_until=until)
        if failures_of(devices)[0] >= settings.AXES_FAILURE_LIMIT:
            _reset_failures(devices)  # a lock that has run out starts a fresh count
        kind = StaticDevice if recovery else TOTPDevice
        candidates = [d for d in devices if isinstance(d, kind)]
        verified = next((d for d in candidates if d.verify_token(code)), None)
        if verified is None and not candidates and devices:
            # Nothing of that kind to check against: still a wrong code, and it still counts.
            devices[0].throttle_increment()
        if verified is not None:
            _reset_failures(devices)
        else:
            until = locked_until_of(devices)

    if verified is not None:
        otp_login(request, verified)
        request.session.pop(NOT_NEEDED_SESSION_KEY, None)
        if recovery:
            left = verified.token_set.count()
            audit.record(
                action=Action.RECOVERY_CODE_USED,
                actor=user,
                request=request,
                detail={"recovery_codes_left": left},
            )
            return Result(Outcome.VERIFIED, recovery_codes_left=left)
        return Result(Outcome.VERIFIED)

    audit.record(
        action=Action.TWO_FACTOR_FAILED,
        actor=user,
        request=request,
        detail={"kind": "recovery code" if recovery else "app code"},
    )
    if until is not None:
        audit.record(
            action=Action.LOCKED_OUT,
            actor=user,
            request=request,
            detail={"second_factor": True, "until": until.isoformat()},
        )
        return Result(Outcome.LOCKED, locked_until=until)
    return Result(Outcome.WRONG)


# Setting up --------------------------------------------------------------------------------


def start_set_up(*, user: User) -> TOTPDevice:
    """The app being set up: a new secret, kept (unconfirmed) until a code from it is given,
    so the QR code stays the same if the page is reloaded."""
    device = app_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def confirm_set_up(*, request, user: User, device: TOTPDevice, code: str) -> list[str] | None:
    """Check the first code from the newly set-up app; if it is right, the app becomes the
    user's second factor (replacing any other), ten recovery codes are made, the session is
    verified and the set-up audited. Returns the recovery codes (to show once), else None."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
        if device.confirmed or not device.verify_token(normalise_code(code)):
            return None
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _make_recovery_codes(user=user)
    otp_login(request, device)
    request.session.pop(NOT_NEEDED_SESSION_KEY, None)
    audit.record(
        action=Action.TWO_FACTOR_SET_UP,
        actor=user,
        request=request,
        detail={"recovery_codes": len(codes)},
    )
    return codes


def _make_recovery_codes(*, user: User) -> list[str]:
    """A fresh set of recovery codes, replacing any left. The recovery-code device itself is
    kept, so a session it verified stays verified."""
    device = StaticDevice.objects.filter(user=user).order_by("pk").first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    else:
        device.token_set.all().delete()
        device.throttle_reset(commit=False)
        device.confirmed = True
        device.save()
    codes = []
    while len(codes) < settings.TWO_FACTOR_RECOVERY_CODES:
        token = StaticToken.random_token()
        if token not in codes:
            codes.append(token)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=t) for t in codes)
    return codes


@transaction.atomic
def new_recovery_codes(*, request, user: User) -> list[str]:
    """Replace the user's recovery codes (the old ones stop working) and audit it."""
    if not has_app(user):
        raise ValueError("Recovery codes come with an authenticator app: set one up first")
    codes = _make_recovery_codes(user=user)
    audit.record(
        action=Action.RECOVERY_CODES_NEW,
        actor=user,
        request=request,
        detail={"recovery_codes": len(codes)},
    )
    return codes


def keep_codes_to_show(request, codes: list[str]) -> None:
    request.session[NEW_CODES_SESSION_KEY] = codes


def codes_to_show(request) -> list[str]:
    """The recovery codes just made, once: a second look finds none."""
    return request.session.pop(NEW_CODES_SESSION_KEY, None) or []


# Resetting ---------------------------------------------------------------------------------


@transaction.atomic
def reset_second_factor(*, user: User, by: User, request=None) -> int:
    """An administrator takes away ``user``'s app and recovery codes (a lost phone): the next
    time they sign in they set up a new app if their council requires one. Audited with who
    did it. Returns how many devices were removed."""
    removed = 0
    for device in devices_for_user(user, confirmed=None):
        device.delete()
        removed += 1
    audit.record(
        action=Action.TWO_FACTOR_RESET,
        actor=by,
        obj=user,
        request=request,
        detail={"devices_removed": removed, "via": "admin"},
    )
    return removed
