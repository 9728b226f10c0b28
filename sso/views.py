from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

from . import oidc, selectors
from .services import sign_in


def _safe_next(request) -> str:
    candidate = request.GET.get("next", "")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


@never_cache
def choose(request):
    """'Sign in with your council's account': a button for each council that offers it."""
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    return render(
        request,
        "sso/choose.html",
        {"sign_ons": selectors.enabled_sign_ons(), "next": _safe_next(request)},
    )


@never_cache
def start(request, slug):
    """Send the browser to the council's identity provider."""
    sign_on = selectors.enabled_sign_on(slug=slug)
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    try:
        url = sign_in.begin_sign_in(request=request, sign_on=sign_on, next_url=_safe_next(request))
    except oidc.OidcError:
        sign_in.logger.exception("Single sign-on for %s cannot start", sign_on.council)
        return render(request, "sso/unavailable.html", {"sign_on": sign_on}, status=502)
    return redirect(url)


@never_cache
def callback(request, slug):
    """Where the council's identity provider sends the browser back."""
    sign_on = selectors.enabled_sign_on(slug=slug)
    try:
        signed_in = sign_in.complete_sign_in(request=request, sign_on=sign_on, params=request.GET)
    except sign_in.SignInRefused as refused:
        return render(
            request,
            "sso/refused.html",
            {"sign_on": sign_on, "refused": refused},
            status=403 if refused.about_the_account else 400,
        )
    return redirect(signed_in.next_url or settings.LOGIN_REDIRECT_URL)
