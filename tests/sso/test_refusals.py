"""What the council's identity provider cannot get someone into: an address no staff account
uses, another council's staff member, an unverified or foreign address, a tampered answer and
an ID token that the provider's published keys did not sign. Each is refused with a page that
says why, audited as a failed sign-in with the reason, and signs nobody in."""

import html
import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from django.test import Client

from accounts.models import User
from audit.models import Action, AuditEvent

from .conftest import (
    PASSWORD,
    application,
    path_of,
    provider_user,
    sign_in_at_provider,
    sign_in_through_provider,
    signed_in_user_id,
    start_sign_in,
)

pytestmark = pytest.mark.django_db

ACCOUNT_REFUSALS = {"no_account", "email_unverified", "email_missing", "email_domain_not_allowed"}


@pytest.fixture
def provider(world, identity_provider):
    provider = identity_provider(
        users=[
            provider_user("petra", email="pa@home.example", email_verified=True),
            provider_user("newcomer", email="new.starter@home.example", email_verified=True),
            provider_user("otto", email="pa@other.example", email_verified=True),
            provider_user("unverified", email="pa@home.example", email_verified=False),
            provider_user("no.email", name="Nobody Atall"),
        ],
        applications=[
            application("leavingcare-home", "home"),
            application("forged-home", "home", forge_signature=True),
            application("hmac-home", "home", algorithm="HS256"),
        ],
    )
    provider.sign_on_for(world.council, client_id="leavingcare-home")
    return provider


def _refusal(*, reason: str, problem: str = "") -> AuditEvent:
    event = AuditEvent.objects.get(action=Action.SIGN_IN_FAILED)
    assert event.detail["via"] == "oidc"
    assert event.detail["reason"] == reason
    assert problem in event.detail.get("problem", ""), event.detail
    if reason in ACCOUNT_REFUSALS:  # the person's own address is the whole story
        assert event.detail == {"via": "oidc", "reason": reason}
    assert not AuditEvent.objects.filter(action=Action.SIGN_IN).exists()
    return event


def test_it_refuses_an_email_no_staff_account_uses(world, provider):
    users_before = User.objects.count()
    client = Client()

    response = sign_in_through_provider(client, "home", username="newcomer")

    assert response.status_code == 403
    page = response.content.decode()
    assert (
        "No leavingcare account uses this email address in Home Borough Council. "
        "Ask your administrator." in page
    )
    assert "new.starter@home.example" in page
    assert signed_in_user_id(client) is None
    assert User.objects.count() == users_before  # never created from the provider
    event = _refusal(reason="no_account")
    assert event.actor_email == "new.starter@home.example"
    assert event.council == world.council


def test_it_refuses_a_staff_member_of_another_council(world, provider):
    # Even with the other council's domain allowed, its people are not this council's.
    sign_on = world.council.single_sign_on
    sign_on.allowed_email_domains = "home.example\nother.example"
    sign_on.save()
    client = Client()

    response = sign_in_through_provider(client, "home", username="otto")

    assert response.status_code == 403
    page = response.content.decode()
    assert "No leavingcare account uses this email address in Home Borough Council" in page
    assert "Other Borough Council" not in page
    assert signed_in_user_id(client) is None
    assert _refusal(reason="no_account").council == world.council


def test_it_refuses_an_address_the_provider_has_not_verified(world, provider):
    client = Client()
    response = sign_in_through_provider(client, "home", username="unverified")
    assert response.status_code == 403
    assert "did not give a verified email address" in response.content.decode()
    assert signed_in_user_id(client) is None
    _refusal(reason="email_unverified")


def test_it_refuses_an_id_token_without_an_email_address(world, provider):
    client = Client()
    response = sign_in_through_provider(client, "home", username="no.email")
    assert response.status_code == 403
    assert signed_in_user_id(client) is None
    _refusal(reason="email_missing")


def test_it_refuses_an_address_outside_the_councils_domains(world, provider):
    sign_on = world.council.single_sign_on
    sign_on.allowed_email_domains = "homeborough.gov.uk"
    sign_on.save()
    client = Client()

    response = sign_in_through_provider(client, "home", username="petra")

    assert response.status_code == 403
    assert "does not accept the email address" in response.content.decode()
    assert signed_in_user_id(client) is None
    _refusal(reason="email_domain_not_allowed")


def test_it_refuses_a_tampered_state_and_the_flow_cannot_be_replayed(world, provider):
    client = Client()
    back = sign_in_at_provider(start_sign_in(client, "home"), username="petra")
    parts = urlsplit(back)
    params = {k: v[0] for k, v in parse_qs(parts.query).items()}
    tampered = f"{parts.path}?{urlencode(params | {'state': params['state'][:-2] + 'xx'})}"

    response = client.get(tampered)

    assert response.status_code == 400
    assert "Sign-in did not work" in response.content.decode()
    assert signed_in_user_id(client) is None
    _refusal(reason="state_mismatch", problem="state is not the one this browser sent")
    # The flow in progress was used up by the attempt: the genuine answer is refused too.
    assert client.get(path_of(back)).status_code == 400
    assert signed_in_user_id(client) is None


def test_it_refuses_an_answer_meant_for_another_browser(world, provider):
    victim, attacker = Client(), Client()
    start_sign_in(victim, "home")
    back = sign_in_at_provider(start_sign_in(attacker, "home"), username="petra")

    response = victim.get(path_of(back))

    assert response.status_code == 400
    assert signed_in_user_id(victim) is None
    _refusal(reason="state_mismatch")


def test_it_refuses_an_id_token_signed_with_a_key_the_provider_never_published(world, provider):
    sign_on = world.council.single_sign_on
    sign_on.client_id = "forged-home"
    sign_on.client_secret = provider.applications["forged-home"]["client_secret"]
    sign_on.save()
    client = Client()

    response = sign_in_through_provider(client, "home", username="petra")

    assert response.status_code == 400
    assert signed_in_user_id(client) is None
    _refusal(reason="token_rejected", problem="Signature verification failed")


def test_it_refuses_an_id_token_signed_with_the_client_secret_instead_of_rs256(world, provider):
    sign_on = world.council.single_sign_on
    sign_on.client_id = "hmac-home"
    sign_on.client_secret = provider.applications["hmac-home"]["client_secret"]
    sign_on.save()
    client = Client()

    response = sign_in_through_provider(client, "home", username="petra")

    assert response.status_code == 400
    assert signed_in_user_id(client) is None
    _refusal(reason="token_rejected", problem="signed with 'HS256'")


def test_it_refuses_when_the_client_secret_is_wrong(world, provider):
    sign_on = world.council.single_sign_on
    sign_on.client_secret = "not-the-secret-the-provider-gave"
    sign_on.save()
    client = Client()

    response = sign_in_through_provider(client, "home", username="petra")

    assert response.status_code == 400
    assert signed_in_user_id(client) is None
    _refusal(reason="token_rejected", problem="answered 401 invalid_client")


def test_it_refuses_when_the_person_cancels_at_the_provider(world, identity_provider):
    provider = identity_provider(
        users=[provider_user("petra", email="pa@home.example", email_verified=True)],
        applications=[application("asks-consent", "home", skip_authorization=False)],
    )
    provider.sign_on_for(world.council, client_id="asks-consent")
    client = Client()
    authorize_url = start_sign_in(client, "home")
    # The provider asks for consent on its own page; Cancel sends back access_denied.
    consent_url, browser = _at_consent_page(authorize_url, username="petra")
    form = browser.get(consent_url, timeout=10).text
    fields = dict(_hidden_inputs(form))
    cancelled = browser.post(
        consent_url,
        data=fields | {"csrfmiddlewaretoken": browser.cookies["provider_csrftoken"]},
        allow_redirects=False,
        timeout=10,
    )
    assert cancelled.status_code == 302
    assert "error=access_denied" in cancelled.headers["Location"]

    response = client.get(path_of(cancelled.headers["Location"]))

    assert response.status_code == 400
    assert signed_in_user_id(client) is None
    _refusal(reason="provider_error", problem="access_denied")


def _at_consent_page(authorize_url: str, *, username: str):
    browser = requests.Session()
    login = browser.get(authorize_url, timeout=10)  # follows on to the provider's sign-in
    signed_in = browser.post(
        login.url,
        data={
            "username": username,
            "password": PASSWORD,
            "next": parse_qs(urlsplit(login.url).query)["next"][0],
            "csrfmiddlewaretoken": browser.cookies["provider_csrftoken"],
        },
        allow_redirects=False,
        timeout=10,
    )
    assert signed_in.status_code == 302
    return requests.compat.urljoin(login.url, signed_in.headers["Location"]), browser


def _hidden_inputs(page: str):
    for tag in re.findall(r"<input[^>]*type=\"hidden\"[^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and name.group(1) != "csrfmiddlewaretoken":
            yield name.group(1), html.unescape(value.group(1)) if value else ""
