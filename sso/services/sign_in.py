"""Signing in with a council's identity provider: the start of the flow and its end.

The provider says who someone is (their verified email address); leavingcare decides which
staff account that is, in the provider's council only, and never creates a user or a role.
"""

from __future__ import annotations

import hmac
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib import auth
from django.urls import reverse
from django.utils import timezone

from accounts.identity import normalise_email
from audit import services as audit
from audit.models import Action

from .. import oidc, selectors
from ..models import SingleSignOn

logger = logging.getLogger(__name__)

#: Where the flow in progress waits in the session, between the start and the callback.
PENDING_KEY = "sso_pending"
#: How long someone may take at their provider before the flow must start again.
PENDING_MAX_SECONDS = 600
BACKEND = "accounts.backends.EmailRoleBackend"


class Refusal:
    """Why a sign-in was refused; the reasons go to the audit log."""

    STATE = "state_mismatch"
    EXPIRED = "flow_expired"
    PROVIDER_ERROR = "provider_error"
    ISSUER = "issuer_mismatch"
    NO_CODE = "no_code"
    PROVIDER_UNAVAILABLE = "provider_unavailable"
    TOKEN = "token_rejected"
    EMAIL_MISSING = "email_missing"
    EMAIL_UNVERIFIED = "email_unverified"
    EMAIL_DOMAIN = "email_domain_not_allowed"
    NO_ACCOUNT = "no_account"

    #: Refusals about the person's account rather than a fault in the exchange.
    ABOUT_THE_ACCOUNT = frozenset({EMAIL_MISSING, EMAIL_UNVERIFIED, EMAIL_DOMAIN, NO_ACCOUNT})


class SignInRefused(Exception):
    def __init__(self, reason: str, *, email: str = "", message: str = ""):
        super().__init__(message or reason)
        self.reason = reason
        self.email = email

    @property
    def about_the_account(self) -> bool:
        return self.reason in Refusal.ABOUT_THE_ACCOUNT

    def audit_detail(self) -> dict:
        """The reason, and for a fault in the exchange what exactly failed (never a secret:
        the messages name checks and the provider's error codes, not tokens)."""
        detail = {"via": "oidc", "reason": self.reason}
        if not self.about_the_account and str(self) != self.reason:
            detail["problem"] = str(self)[:300]
        return detail


@dataclass(frozen=True)
class SignedIn:
    user: object
    next_url: str


def redirect_uri(sign_on: SingleSignOn) -> str:
    """The address the council registers with its provider: SITE_URL and the callback."""
    path = reverse("sso:callback", kwargs={"slug": sign_on.council.slug})
    return settings.SITE_URL.rstrip("/") + path


def begin_sign_in(*, request, sign_on: SingleSignOn, next_url: str = "") -> str:
    """Start the authorization code flow: the address of the provider's sign-in to send the
    browser to. State, nonce and the PKCE verifier wait in the session for the callback.
    Raises oidc.OidcError if the provider's settings cannot be read."""
    metadata = oidc.discover(sign_on.issuer_url)
    pending = {
        "council_id": sign_on.council_id,
        "state": oidc.new_secret(),
        "nonce": oidc.new_secret(),
        "code_verifier": oidc.new_secret(),
        "next": next_url,
        "started_at": timezone.now().timestamp(),
    }
    request.session[PENDING_KEY] = pending
    return oidc.authorization_url(
        metadata,
        client_id=sign_on.client_id,
        redirect_uri=redirect_uri(sign_on),
        state=pending["state"],
        nonce=pending["nonce"],
        code_verifier=pending["code_verifier"],
    )


def complete_sign_in(*, request, sign_on: SingleSignOn, params) -> SignedIn:
    """The provider's answer at the callback (``params``: the query string). Signs the staff
    member in and audits it as a sign-in via OpenID Connect; otherwise audits the refusal with
    its reason and raises SignInRefused. The flow in progress is used once, either way."""
    pending = request.session.pop(PENDING_KEY, None)
    try:
        user = _staff_account_from_provider(sign_on=sign_on, pending=pending, params=params)
    except SignInRefused as refused:
        audit.record(
            action=Action.SIGN_IN_FAILED,
            actor_email=refused.email,
            council=sign_on.council,
            request=request,
            detail=refused.audit_detail(),
        )
        logger.info("Single sign-on refused for %s: %s", sign_on.council, refused)
        raise
    # accounts.signals audits the sign-in and reads how it was made from the request.
    request.sign_in_detail = {"via": "oidc"}
    auth.login(request, user, backend=BACKEND)
    return SignedIn(user=user, next_url=pending["next"])


def _staff_account_from_provider(*, sign_on: SingleSignOn, pending: dict | None, params):
    state = str(params.get("state") or "")
    if (
        not pending
        or pending.get("council_id") != sign_on.council_id
        or not hmac.compare_digest(state.encode(), str(pending.get("state", "")).encode())
    ):
        raise SignInRefused(Refusal.STATE, message="The state is not the one this browser sent")
    age = timezone.now().timestamp() - float(pending.get("started_at", 0))
    if not 0 <= age <= PENDING_MAX_SECONDS:
        raise SignInRefused(Refusal.EXPIRED, message=f"The flow started {age:.0f} seconds ago")
    if params.get("error"):
        raise SignInRefused(
            Refusal.PROVIDER_ERROR, message=f"The provider answered {params.get('error')}"
        )
    try:
        metadata = oidc.discover(sign_on.issuer_url)
    except oidc.OidcError as exc:
        raise SignInRefused(Refusal.PROVIDER_UNAVAILABLE, message=str(exc)) from exc
    # RFC 9207: a provider that names itself in its answer must be the one asked.
    if params.get("iss") and params.get("iss") != metadata.issuer:
        raise SignInRefused(Refusal.ISSUER, message=f"The answer came from {params.get('iss')}")
    code = str(params.get("code") or "")
    if not code:
        raise SignInRefused(Refusal.NO_CODE, message="The provider sent no code")
    try:
        id_token = oidc.exchange_code(
            metadata,
            client_id=sign_on.client_id,
            client_secret=sign_on.client_secret,
            code=code,
            redirect_uri=redirect_uri(sign_on),
            code_verifier=pending["code_verifier"],
        )
        claims = oidc.verify_id_token(
            id_token, metadata, client_id=sign_on.client_id, nonce=pending["nonce"]
        )
    except oidc.OidcError as exc:
        raise SignInRefused(Refusal.TOKEN, message=f"{exc.reason}: {exc}") from exc
    return _account_for_claims(sign_on=sign_on, claims=claims)


def _account_for_claims(*, sign_on: SingleSignOn, claims: dict):
    raw = claims.get(sign_on.email_claim)
    email = normalise_email(raw) if isinstance(raw, str) else ""
    if "@" not in email:
        raise SignInRefused(
            Refusal.EMAIL_MISSING, message=f"No email address in the {sign_on.email_claim} claim"
        )
    email = email[:254]
    # email_verified speaks of the email claim; if the provider sends it, it must be true.
    verified = claims.get("email_verified", True) if sign_on.email_claim == "email" else True
    if verified is not True and str(verified).lower() != "true":
        raise SignInRefused(Refusal.EMAIL_UNVERIFIED, email=email)
    if not sign_on.allows_email(email):
        raise SignInRefused(Refusal.EMAIL_DOMAIN, email=email)
    user = selectors.staff_account(sign_on=sign_on, email=email)
    if user is None:
        raise SignInRefused(Refusal.NO_ACCOUNT, email=email)
    return user
