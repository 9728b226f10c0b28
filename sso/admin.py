import re

from django import forms
from django.contrib import admin
from django.utils.html import format_html

from accounts.admin_site import CouncilScopedAdmin
from accounts.identity import normalise_email
from accounts.roles import Perm

from . import oidc
from .models import SingleSignOn
from .services.sign_in import redirect_uri

_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


class SecretField(forms.CharField):
    """The client secret: never shown back; left blank, the saved one is kept."""

    widget = forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"})

    def has_changed(self, initial, data):
        return bool(data)


class SingleSignOnForm(forms.ModelForm):
    council_id: int | None = None  # set by the admin for the signed-in administrator

    client_secret = SecretField(required=False, label="Client secret", max_length=1000)

    class Meta:
        model = SingleSignOn
        fields = [
            "enabled",
            "button_label",
            "issuer_url",
            "client_id",
            "client_secret",
            "email_claim",
            "allowed_email_domains",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None and self.council_id is not None:
            self.instance.council_id = self.council_id
        hint = self.instance.secret_hint()
        self.fields["client_secret"].help_text = (
            f"The secret is {hint}. Leave this blank to keep it, or type a new one."
            if hint
            else "The client secret the provider gave leavingcare. It is never shown again."
        )

    def clean_client_secret(self):
        return self.cleaned_data["client_secret"] or self.instance.client_secret

    def clean_issuer_url(self):
        return self.cleaned_data["issuer_url"].strip()

    def clean_allowed_email_domains(self):
        domains = []
        for part in self.cleaned_data["allowed_email_domains"].replace(",", "\n").splitlines():
            domain = normalise_email(part).lstrip("@")
            if not domain:
                continue
            if not _DOMAIN.match(domain):
                raise forms.ValidationError(
                    f"“{part.strip()}” is not an email domain. Write one a line, like "
                    "northvale.gov.uk"
                )
            if domain not in domains:
                domains.append(domain)
        if not domains:
            raise forms.ValidationError("Enter at least one of the council's email domains")
        return "\n".join(domains)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("enabled"):
            if not cleaned.get("client_secret"):
                self.add_error("client_secret", "Enter the client secret to turn sign-on on")
            issuer = cleaned.get("issuer_url")
            if issuer:
                # Read the provider's settings now, so a wrong address never reaches the button.
                try:
                    oidc.discover(issuer, fresh=True)
                except oidc.OidcError as exc:
                    self.add_error("issuer_url", f"leavingcare cannot use this provider: {exc}")
        return cleaned


@admin.register(SingleSignOn)
class SingleSignOnAdmin(CouncilScopedAdmin):
    """The council's identity provider (docs/operations.md, "Single sign-on")."""

    form = SingleSignOnForm
    permission = Perm.SETTINGS_MANAGE
    list_display = ["button_label", "enabled", "issuer_url", "updated_at"]
    readonly_fields = ["redirect_uri_to_register", "updated_at"]
    fields = [
        "enabled",
        "button_label",
        "issuer_url",
        "client_id",
        "client_secret",
        "email_claim",
        "allowed_email_domains",
        "redirect_uri_to_register",
        "updated_at",
    ]

    @admin.display(description="Redirect URI to register with the provider")
    def redirect_uri_to_register(self, obj):
        if obj is None or obj.council_id is None:
            return "-"
        return format_html("<code>{}</code>", redirect_uri(obj))

    def has_add_permission(self, request):
        # One per council: once it exists, it is changed, not added again.
        return (
            super().has_add_permission(request)
            and not SingleSignOn.objects.filter(council_id=request.user.council_id).exists()
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.council_id = request.user.council_id
        return form
