"""A council that has not turned single sign-on on (or has turned it off) offers no button,
and its start and callback addresses do not exist."""

import pytest
from django.test import Client

from audit.models import Action, AuditEvent

from .conftest import (
    application,
    path_of,
    provider_user,
    sign_in_at_provider,
    signed_in_user_id,
    start_sign_in,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(world, identity_provider):
    provider = identity_provider(
        users=[provider_user("petra", email="pa@home.example", email_verified=True)],
        applications=[application("leavingcare-home", "home")],
    )
    provider.sign_on_for(world.council, client_id="leavingcare-home")
    return provider


def test_it_offers_no_button_and_no_way_in_when_sign_on_is_off(world, provider):
    client = Client()
    # Turned on, the button is there and the flow starts; the provider signs Petra in ...
    assert "Sign in with your council's account" in client.get("/sign-in/").content.decode()
    assert "Sign in with Home Borough Council account" in client.get("/sso/").content.decode()
    back = sign_in_at_provider(start_sign_in(client, "home"), username="petra")

    # ... but the council turns single sign-on off before she comes back.
    sign_on = world.council.single_sign_on
    sign_on.enabled = False
    sign_on.save()

    assert "Sign in with your council's account" not in client.get("/sign-in/").content.decode()
    choose = client.get("/sso/").content.decode()
    assert "Sign in with Home Borough Council account" not in choose
    assert 'href="/sso/home/start/' not in choose
    assert client.get("/sso/home/start/").status_code == 404
    assert client.get(path_of(back)).status_code == 404
    assert signed_in_user_id(client) is None
    assert not AuditEvent.objects.filter(action=Action.SIGN_IN).exists()


def test_it_has_no_addresses_for_a_council_without_sign_on(world, provider):
    client = Client()
    assert client.get("/sso/other/start/").status_code == 404
    assert client.get("/sso/other/callback/?code=x&state=y").status_code == 404
    assert client.get("/sso/nowhere/start/").status_code == 404


def test_it_says_so_when_the_provider_cannot_be_reached(world, provider):
    provider.stop()
    client = Client()
    response = client.get("/sso/home/start/")
    assert response.status_code == 502
    assert "is not working" in response.content.decode()
    assert "sso_pending" not in client.session
