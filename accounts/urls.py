from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("signed-out/", views.signed_out, name="signed-out"),
    path("timed-out/", views.timed_out, name="timed-out"),
    path("sign-in/two-factor/", views.two_factor_code, name="two-factor"),
    path(
        "sign-in/two-factor/recovery-code/",
        views.two_factor_recovery,
        name="two-factor-recovery",
    ),
    path("sign-in/two-factor/set-up/", views.two_factor_set_up, name="two-factor-set-up"),
    path(
        "sign-in/two-factor/recovery-codes/",
        views.two_factor_recovery_codes,
        name="two-factor-recovery-codes",
    ),
    path("account/two-factor/", views.two_factor_account, name="two-factor-account"),
    path(
        "account/two-factor/new-recovery-codes/",
        views.two_factor_new_recovery_codes,
        name="two-factor-new-recovery-codes",
    ),
    path("password-reset/", views.ResetPasswordView.as_view(), name="password-reset"),
    path("password-reset/sent/", views.ResetPasswordSentView.as_view(), name="password-reset-sent"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.ChooseNewPasswordView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "password-reset/complete/",
        views.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
]

#: The audit log's page, included by leavingcare/urls.py under audit/ as namespace "audit".
audit_urlpatterns = [
    path("", views.audit_list, name="list"),
]
