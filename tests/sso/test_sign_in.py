"""Signing in with the council's identity provider: a real OpenID Connect provider
(django-oauth-toolkit, tests/sso/provider/) over HTTP, its own sign-in page, and leavingcare's
callback."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User, UserRole
from accounts.roles import Role
from audit.models import Action, AuditEvent
from sso.models import EmailClaim

from .conftest import (
    application,
    callback_uri,
    provider_user,
    sign_in_through_provider,
    signed_in_user_id,
    start_sign_in,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(world, identity_provider):
    provider = identity_provider(
        users=[
            # The provider's own account for Petra; its email claim differs only in case.
            provider_user("petra.adviser", email="PA@Home.Example", email_verified=True),
            # An Entra ID-like account: the address is in upn, the email claim says another.
            provider_user(
                "petra.entra",
                email="petra.personal@home.example",
                upn="pa@home.example",
                preferred_username="pa@home.example",
            ),
        ],
        applications=[application("leavingcare-home", "home")],
    )
    provider.sign_on_for(world.council, client_id="leavingcare-home")
    return provider


def test_it_signs_in_the_staff_member_whose_verified_email_the_provider_gives(world, provider):
    users_before = User.objects.count()
    roles_before = set(UserRole.objects.values_list("user_id", "role"))
    client = Client()

    response = sign_in_through_provider(client, "home", username="petra.adviser")

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_user_id(client) == world.pa.pk
    assert client.get("/").context["user"] == world.pa
    event = AuditEvent.objects.get(action=Action.SIGN_IN)
    assert event.actor == world.pa
    assert event.council == world.council
    assert event.detail == {"via": "oidc"}
    # Nobody is created and no role is given or taken by the provider.
    assert User.objects.count() == users_before
    assert set(UserRole.objects.values_list("user_id", "role")) == roles_before
    assert User.objects.get(pk=world.pa.pk).role_codes == {Role.PERSONAL_ADVISER}


def test_it_asks_for_the_code_flow_with_pkce_state_and_nonce(world, provider):
    client = Client()
    request = urlsplit(start_sign_in(client, "home"))
    params = {k: v[0] for k, v in parse_qs(request.query).items()}

    assert f"{request.scheme}://{request.netloc}{request.path}" == provider.url("/o/authorize/")
    assert params["response_type"] == "code"
    assert params["client_id"] == "leavingcare-home"
    assert params["redirect_uri"] == callback_uri("home")
    assert set(params["scope"].split()) >= {"openid", "email"}
    assert params["code_challenge_method"] == "S256"
    pending = client.session["sso_pending"]
    assert params["state"] == pending["state"]
    assert params["nonce"] == pending["nonce"]
    assert params["code_challenge"] != pending["code_verifier"]  # the verifier never leaves
    assert len(pending["state"]) >= 40 and len(pending["nonce"]) >= 40


def test_it_goes_on_to_the_page_asked_for_and_never_to_another_site(world, provider):
    client = Client()
    response = sign_in_through_provider(
        client, "home", username="petra.adviser", next_url="/reminders/"
    )
    assert response["Location"] == "/reminders/"

    client = Client()
    response = sign_in_through_provider(
        client, "home", username="petra.adviser", next_url="https://evil.example/"
    )
    assert response["Location"] == "/"
    assert signed_in_user_id(client) == world.pa.pk


def test_it_reads_the_email_from_the_claim_the_council_chose(world, provider):
    sign_on = world.council.single_sign_on
    # With the email claim, petra.entra's provider account names an address nobody uses ...
    client = Client()
    refused = sign_in_through_provider(client, "home", username="petra.entra")
    assert refused.status_code == 403
    assert signed_in_user_id(client) is None

    # ... and with upn, as Entra ID councils set it up, it is Petra's.
    for claim in (EmailClaim.UPN, EmailClaim.PREFERRED_USERNAME):
        sign_on.email_claim = claim
        sign_on.save()
        client = Client()
        response = sign_in_through_provider(client, "home", username="petra.entra")
        assert response.status_code == 302, claim
        assert signed_in_user_id(client) == world.pa.pk


def test_it_offers_the_councils_button_on_the_sign_in_pages(world, provider):
    sign_in = Client().get("/sign-in/?next=/reminders/").content.decode()
    assert "Sign in with your council's account" in sign_in
    assert 'href="/sso/?next=/reminders/"' in sign_in

    choose = Client().get("/sso/?next=/reminders/").content.decode()
    assert "Sign in with Home Borough Council account" in choose
    assert 'href="/sso/home/start/?next=/reminders/"' in choose
    assert "Other Borough Council" not in choose  # it has not turned single sign-on on


def test_it_still_asks_for_the_second_factor_when_the_council_requires_one(world, provider):
    world.council.two_factor_required = True
    world.council.save()
    client = Client()

    response = sign_in_through_provider(
        client, "home", username="petra.adviser", next_url="/reminders/"
    )

    assert response["Location"] == "/reminders/"
    assert signed_in_user_id(client) == world.pa.pk
    # The provider's sign-in stands for the password only: the code step comes next.
    page = client.get("/reminders/")
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("accounts:two-factor"))
    assert "next=%2Freminders%2F" in page["Location"]
