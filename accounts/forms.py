from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm

from audit.models import Action
from core.forms import GovukDateField

from .identity import StaffEmailField


class SignInForm(AuthenticationForm):
    """Email and password. Errors follow GOV.UK wording and never say which part was wrong."""

    username = StaffEmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
        },
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )

    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "This account has been switched off. Ask your administrator to switch it on.",
    }


class ResetPasswordForm(PasswordResetForm):
    email = StaffEmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
        },
    )


class ChooseNewPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields[
            "new_password1"
        ].help_text = "At least 12 characters. Avoid common words and anything like your name."
        self.fields["new_password2"].label = "Confirm new password"
        self.fields["new_password2"].help_text = ""


class AppCodeForm(forms.Form):
    """GOV.UK's pattern for entering a code: one text input that accepts numbers (with any
    spaces people type), filled in by the browser or the phone's keyboard where it can."""

    code = forms.CharField(
        label="Enter the 6-digit code from your authenticator app",
        help_text="The code changes every 30 seconds.",
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "class": "govuk-input--width-5 govuk-input--extra-letter-spacing",
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "spellcheck": "false",
            }
        ),
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )

    WRONG = "The code is not right or has run out: enter the code your app shows now"

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isascii() and code.isdigit() and len(code) == 6):
            raise forms.ValidationError("The code must be 6 numbers", code="format")
        return code

    def wrong_code(self) -> None:
        self.add_error("code", forms.ValidationError(self.WRONG, code="wrong"))


class RecoveryCodeForm(forms.Form):
    code = forms.CharField(
        label="Enter one of your recovery codes",
        help_text="The 8-letter codes you saved when you set up your authenticator app. Each "
        "code works once.",
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "class": "govuk-input--width-10 govuk-input--extra-letter-spacing",
                "autocomplete": "off",
                "autocapitalize": "none",
                "spellcheck": "false",
            }
        ),
        error_messages={"required": "Enter one of your recovery codes"},
    )

    WRONG = "The recovery code is not right, or has been used already"

    def clean_code(self):
        code = "".join(ch for ch in self.cleaned_data["code"] if ch not in " -\t").lower()
        if not (code.isascii() and code.isalnum() and len(code) <= 16):
            raise forms.ValidationError(
                "A recovery code is 8 letters and numbers, like abcd2efg", code="format"
            )
        return code

    def wrong_code(self) -> None:
        self.add_error("code", forms.ValidationError(self.WRONG, code="wrong"))


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(
        label="What they did", required=False, choices=[("", "Anything")] + Action.choices
    )
    actor_email = forms.CharField(label="Email address contains", required=False, max_length=254)
    object_type = forms.CharField(
        label="Record type",
        required=False,
        max_length=100,
        help_text="For example pathways.youngperson",
    )
    object_id = forms.CharField(label="Record ID", required=False, max_length=64)
    date_from = GovukDateField(label="From", required=False)
    date_to = GovukDateField(label="To", required=False)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "To must be the same as or after From")
        return data
