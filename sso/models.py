"""A council's single sign-on: signing in with the council's own identity provider (OpenID
Connect, as Microsoft Entra ID offers). The provider only says who someone is; which staff
account that is, and every role, stay in leavingcare (docs/operations.md)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from accounts.identity import normalise_email


class EmailClaim(models.TextChoices):
    """The ID token claim that carries the person's email address."""

    EMAIL = "email", "email (most providers)"
    UPN = "upn", "upn (Microsoft Entra ID, with the upn optional claim)"
    PREFERRED_USERNAME = "preferred_username", "preferred_username (Microsoft Entra ID)"


class SingleSignOn(models.Model):
    """One council's identity provider, set up by the council's administrator."""

    council = models.OneToOneField(
        "accounts.Council", on_delete=models.PROTECT, related_name="single_sign_on"
    )
    enabled = models.BooleanField(
        default=False,
        help_text="When ticked, the sign-in page offers this button to everyone.",
    )
    button_label = models.CharField(
        max_length=150,
        help_text="What the button says, e.g. “Sign in with Northvale County Council account”.",
    )
    issuer_url = models.URLField(
        "issuer URL",
        max_length=500,
        help_text=(
            "The provider's issuer; its settings are read from the issuer URL followed by "
            "/.well-known/openid-configuration. For Microsoft Entra ID: "
            "https://login.microsoftonline.com/<your tenant ID>/v2.0"
        ),
    )
    client_id = models.CharField(
        "client ID",
        max_length=255,
        help_text="The application (client) ID the provider gave leavingcare.",
    )
    client_secret = models.CharField(max_length=1000, blank=True)
    email_claim = models.CharField(
        max_length=40,
        choices=EmailClaim.choices,
        default=EmailClaim.EMAIL,
        help_text="Which claim of the provider's ID token holds the person's email address.",
    )
    allowed_email_domains = models.TextField(
        help_text=(
            "The council's own email domains, one a line (e.g. northvale.gov.uk). An address "
            "in any other domain is refused, whatever the provider says."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "single sign-on"
        verbose_name_plural = "single sign-on"
        constraints = [
            models.CheckConstraint(
                condition=Q(enabled=False)
                | (~Q(client_secret="") & ~Q(allowed_email_domains="") & ~Q(client_id="")),
                name="sso_enabled_needs_secret_and_domains",
            ),
        ]

    def __str__(self) -> str:
        return f"Single sign-on for {self.council}"

    def email_domains(self) -> list[str]:
        return [
            normalise_email(part).lstrip("@")
            for part in self.allowed_email_domains.replace(",", "\n").splitlines()
            if part.strip()
        ]

    def allows_email(self, email: str) -> bool:
        """True if ``email`` (normalised) is in one of the council's own domains."""
        local, at, domain = email.rpartition("@")
        return bool(local and at) and domain in self.email_domains()

    def secret_hint(self) -> str:
        """The stored secret, never in full: its last four characters when long enough."""
        if not self.client_secret:
            return ""
        if len(self.client_secret) < 16:
            return "saved"
        return f"saved, ending {self.client_secret[-4:]}"
