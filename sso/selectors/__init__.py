"""Reads for single sign-on, and the only way to reach its records: which councils offer it,
and the staff account an email names (in that council only)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import Http404

from accounts.identity import normalise_email

from ..models import SingleSignOn


def enabled_sign_ons() -> QuerySet[SingleSignOn]:
    """The councils whose button the sign-in pages show, by council name."""
    return (
        SingleSignOn.objects.filter(enabled=True)
        .select_related("council")
        .order_by("council__name")
    )


def enabled_sign_on(*, slug: str) -> SingleSignOn:
    """The council's single sign-on, or 404 if it has none or it is turned off."""
    sign_on = enabled_sign_ons().filter(council__slug=slug).first()
    if sign_on is None:
        raise Http404("No single sign-on for this council")
    return sign_on


def staff_account(*, sign_on: SingleSignOn, email: str):
    """The active staff account of the sign-on's council with this email address, or None.
    Only that council's people: an address another council uses is no match."""
    return (
        get_user_model()
        .objects.filter(
            email__iexact=normalise_email(email), council_id=sign_on.council_id, is_active=True
        )
        .first()
    )
