"""Nothing but signing out and the two-factor pages until the second factor is given."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from rest_framework.views import APIView

from .selectors.two_factor import is_complete

#: What a person who has given their password but not yet their code may reach: signing out,
#: the two-factor pages, the public pages every visitor may read, and the timeout warning's
#: keep-alive (the page they are on stays open while they find their phone).
ALLOWED_BEFORE_SECOND_FACTOR = frozenset(
    {
        "accounts:sign-out",
        "accounts:signed-out",
        "accounts:timed-out",
        "accounts:two-factor",
        "accounts:two-factor-recovery",
        "accounts:two-factor-set-up",
        "accounts:two-factor-recovery-codes",
        "core:keep-alive",
        "core:csp-report",  # a browser reports what the policy refused on the pages above
        "core:healthcheck",
        "core:accessibility",
        "core:privacy",
    }
)

API_REFUSAL = (
    "Two-factor authentication is not finished: enter the code from your authenticator app "
    "at /sign-in/two-factor/ before using the API."
)


def two_factor_url(next_url: str | None) -> str:
    url = reverse("accounts:two-factor")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _is_api(view_func) -> bool:
    view_class = getattr(view_func, "cls", None) or getattr(view_func, "view_class", None)
    return isinstance(view_class, type) and issubclass(view_class, APIView)


class TwoFactorMiddleware:
    """After ``django_otp.middleware.OTPMiddleware``. A signed-in person whose session is not
    complete (``accounts.selectors.two_factor.is_complete``) is sent to the code step from every
    page (with the page as ``next``), and the API answers 403 with the reason. Static files
    never reach here (WhiteNoise serves them first)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if is_complete(request):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in ALLOWED_BEFORE_SECOND_FACTOR:
            return None
        if _is_api(view_func):
            return JsonResponse({"detail": API_REFUSAL}, status=403)
        next_url = request.get_full_path() if request.method == "GET" else None
        return redirect(two_factor_url(next_url))
