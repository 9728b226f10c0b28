"""Invitations: a person created by an administrator is emailed a link to choose their own
password. The link is the password-reset link (Django's signed token): it works once, and for
``PASSWORD_RESET_TIMEOUT`` (3 days); an administrator can send a new one from the admin."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from audit import services as audit
from audit.models import Action

from ..models import User

VALID_DAYS = settings.PASSWORD_RESET_TIMEOUT // 86400


def invitation_link(user: User) -> str:
    path = reverse(
        "accounts:password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.SITE_URL.rstrip("/") + path


def send_invitation(*, user: User, by, request=None) -> None:
    """Email ``user`` a link to choose their password, and audit that it was sent."""
    context = {
        "user": user,
        "link": invitation_link(user),
        "days": VALID_DAYS,
        "council": user.council,
        "service_name": settings.SERVICE_NAME,
    }
    message = EmailMultiAlternatives(
        subject=f"{settings.SERVICE_NAME}: choose your password",
        body=render_to_string("accounts/email/invitation.txt", context),
        to=[user.email],
    )
    message.attach_alternative(
        render_to_string("accounts/email/invitation.html", context), "text/html"
    )
    message.send()
    audit.record(
        action=Action.UPDATE,
        actor=by,
        obj=user,
        request=request,
        detail={"invitation_sent": True, "valid_days": VALID_DAYS},
    )
