from django.contrib import auth
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from audit.services import client_ip

from .forms import ChooseNewPasswordForm, ResetPasswordForm, SignInForm
from .throttle import reset_allowed


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["timed_out"] = self.request.GET.get("timed_out") == "1"
        return context


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
