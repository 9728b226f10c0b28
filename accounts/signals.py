"""Sign-in events go to the audit log: sign-in, sign-out, failed sign-in and lockout. (The
second factor's events, set up, wrong code, recovery code used and reset, are audited where
they happen, in accounts.services.two_factor.)"""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from audit import services as audit
from audit.models import Action

from .services.two_factor import note_sign_in


def _council_for_email(email: str):
    user = get_user_model().objects.filter(email__iexact=email).only("council").first()
    return user.council if user else None


@receiver(user_logged_in)
def audit_sign_in(sender, request, user, **kwargs):
    # How, when not with a password: single sign-on sets {"via": "oidc"} (sso.services.sign_in).
    detail = getattr(request, "sign_in_detail", None)
    audit.record(action=Action.SIGN_IN, actor=user, request=request, detail=detail)


@receiver(user_logged_in)
def decide_second_factor(sender, request, user, **kwargs):
    """Every way of signing in (the form, the test client's force_login, single sign-on) goes
    through here: the session is marked complete when the password is enough, and otherwise
    waits for a code (accounts.middleware.TwoFactorMiddleware)."""
    note_sign_in(request=request, user=user)


@receiver(user_logged_out)
def audit_sign_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record(action=Action.SIGN_OUT, actor=user, request=request)


@receiver(user_login_failed)
def audit_failed_sign_in(sender, credentials, request=None, **kwargs):
    email = str(credentials.get("username") or credentials.get("email") or "")[:254]
    audit.record(
        action=Action.SIGN_IN_FAILED,
        actor_email=email,
        council=_council_for_email(email),
        request=request,
    )


@receiver(user_locked_out)
def audit_lockout(sender, request, username, ip_address, **kwargs):
    email = str(username or "")[:254]
    audit.record(
        action=Action.LOCKED_OUT,
        actor_email=email,
        council=_council_for_email(email),
        request=request,
        detail={"ip_address": ip_address},
    )
