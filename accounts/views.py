from urllib.parse import urlencode

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from audit.selectors import AuditFilter, audit_events_for
from audit.services import client_ip
from core.pagination import CappedPaginator

from .forms import (
    AppCodeForm,
    AuditFilterForm,
    ChooseNewPasswordForm,
    RecoveryCodeForm,
    ResetPasswordForm,
    SignInForm,
)
from .middleware import two_factor_url
from .permissions import permission_required
from .presenters import qr_code_svg, secret_text
from .roles import Perm
from .selectors.two_factor import has_app, is_complete, locked_until, required_for, status_for
from .services.two_factor import (
    Outcome,
    check_code,
    codes_to_show,
    confirm_set_up,
    keep_codes_to_show,
    new_recovery_codes,
    settle_without_second_factor,
    start_set_up,
)
from .throttle import reset_allowed


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["timed_out"] = self.request.GET.get("timed_out") == "1"
        return context

    def get_success_url(self):
        url = super().get_success_url()
        if not is_complete(self.request):
            return two_factor_url(url)  # the code next, then where they were going
        return url


@never_cache
@csrf_protect
def sign_out(request):
    """GET asks to confirm; POST signs out (sign-out must not be a GET side effect)."""
    if request.method == "POST":
        auth.logout(request)
        return redirect("accounts:signed-out")
    if not request.user.is_authenticated:
        return redirect("accounts:sign-in")
    return render(request, "accounts/sign_out.html")


def signed_out(request):
    return render(request, "accounts/signed_out.html")


def timed_out(request):
    """Where the timeout warning sends the browser when time runs out: it POSTs here (with the
    CSRF token), and only a POST signs out, so no other site can end a session with a link or
    an image. A GET while still signed in goes back to the home page."""
    if request.method == "POST":
        auth.logout(request)
    elif request.user.is_authenticated:
        return redirect("core:home")
    return render(request, "accounts/timed_out.html")


class ResetPasswordView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    html_email_template_name = "accounts/email/password_reset.html"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    form_class = ResetPasswordForm
    success_url = reverse_lazy("accounts:password-reset-sent")

    def form_valid(self, form):
        # Over the limit for the address or the IP address: the same answer, and no email.
        if not reset_allowed(email=form.cleaned_data["email"], ip=client_ip(self.request)):
            return redirect(self.success_url)
        return super().form_valid(form)


class ResetPasswordSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class ChooseNewPasswordView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = ChooseNewPasswordForm
    success_url = reverse_lazy("accounts:password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


# Two-factor authentication (accounts/services/two_factor.py) ----------------------------------


def _next_url(request) -> str:
    """Where to go once the second factor is given: the page asked for, if it is ours."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def _step_context(request, **context) -> dict:
    """Pages shown before the second factor is given carry no navigation: nothing else can be
    reached yet."""
    if not is_complete(request):
        context.update(navigation=[], inbox_unread=None)
    return context


def _locked(request, until):
    """Too many wrong codes: signed out, told how long to wait."""
    minutes = max(1, -(-int((until - timezone.now()).total_seconds()) // 60))
    auth.logout(request)
    return render(request, "accounts/two_factor_locked.html", {"minutes": minutes}, status=429)


@never_cache
@login_required
def two_factor_code(request):
    """After the password: the 6-digit code from the authenticator app."""
    return _code_step(request, recovery=False)


@never_cache
@login_required
def two_factor_recovery(request):
    """Instead of the app's code: one of the recovery codes, which then stops working."""
    return _code_step(request, recovery=True)


def _code_step(request, *, recovery: bool):
    """The second step of signing in, with the app's code or a recovery code: one flow for
    both (already done, no app yet, locked out, right code, wrong code)."""
    next_url = _next_url(request)
    if is_complete(request):
        return redirect(next_url)
    user = request.user
    if not has_app(user):
        if recovery:
            return redirect(_with_next("accounts:two-factor", next_url))
        if settle_without_second_factor(request):
            return redirect(next_url)
        return redirect(_with_next("accounts:two-factor-set-up", next_url))
    until = locked_until(user)
    if until is not None:
        return _locked(request, until)
    form = (RecoveryCodeForm if recovery else AppCodeForm)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = check_code(
            request=request, user=user, code=form.cleaned_data["code"], recovery=recovery
        )
        if result.outcome is Outcome.VERIFIED:
            if recovery:
                left = result.recovery_codes_left
                messages.warning(
                    request,
                    f"You have {left} recovery code{'s' if left != 1 else ''} left. If you have "
                    "lost your phone, ask your administrator to reset your two-factor "
                    "authentication; otherwise get new recovery codes from your account page.",
                )
            return redirect(next_url)
        if result.outcome is Outcome.LOCKED:
            return _locked(request, result.locked_until)
        form.wrong_code()
    template = "two_factor_recovery" if recovery else "two_factor_code"
    return render(
        request, f"accounts/{template}.html", _step_context(request, form=form, next=next_url)
    )


@never_cache
@login_required
def two_factor_set_up(request):
    """Set up an authenticator app: scan the QR code (or type the secret), give a code."""
    next_url = _next_url(request)
    user = request.user
    if has_app(user):
        if is_complete(request):
            return redirect("accounts:two-factor-account")
        return redirect(_with_next("accounts:two-factor", next_url))
    device = start_set_up(user=user)
    form = AppCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = confirm_set_up(
            request=request, user=user, device=device, code=form.cleaned_data["code"]
        )
        if codes:
            keep_codes_to_show(request, codes)
            return redirect(_with_next("accounts:two-factor-recovery-codes", next_url))
        form.wrong_code()
    return render(
        request,
        "accounts/two_factor_set_up.html",
        _step_context(
            request,
            form=form,
            next=next_url,
            secret=secret_text(device),
            qr_code=qr_code_svg(device),
            required=required_for(user),
        ),
    )


@never_cache
@login_required
def two_factor_recovery_codes(request):
    """The recovery codes just made, shown once."""
    codes = codes_to_show(request)
    if not codes:
        return redirect("accounts:two-factor-account")
    return render(
        request,
        "accounts/two_factor_recovery_codes.html",
        {"codes": codes, "next": _next_url(request)},
    )


@never_cache
@login_required
def two_factor_account(request):
    """Your two-factor authentication: whether it is on, how many recovery codes are left."""
    return render(
        request,
        "accounts/two_factor_account.html",
        {"status": status_for(request.user)},
    )


@login_required
@require_POST
def two_factor_new_recovery_codes(request):
    if not has_app(request.user):
        return redirect("accounts:two-factor-account")
    codes = new_recovery_codes(request=request, user=request.user)
    keep_codes_to_show(request, codes)
    return redirect(
        _with_next("accounts:two-factor-recovery-codes", reverse("accounts:two-factor-account"))
    )


# The audit log (the log itself is the audit app's: models, services, selectors) --------

#: Entries counted at most (see core.pagination).
AUDIT_COUNT_CAP = 10_000


@permission_required(Perm.AUDIT_VIEW)
def audit_list(request):
    form = AuditFilterForm(request.GET or None)
    filters = AuditFilter()
    if form.is_bound and form.is_valid():
        filters = AuditFilter(**{k: v for k, v in form.cleaned_data.items() if v})
    events = audit_events_for(user=request.user, filters=filters)
    # Counting half a million entries is slow and nobody pages that far: count to a cap.
    page = CappedPaginator(events, 50, cap=AUDIT_COUNT_CAP).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )
