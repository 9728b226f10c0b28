"""The council's administrator sets single sign-on up in the admin: audited like every admin
change, the client secret kept but never shown back, and the provider's address checked
against the real provider before the button can go live."""

import pytest
from django.contrib.admin.models import LogEntry

from audit.models import Action, AuditEvent
from sso.models import SingleSignOn

from .conftest import application, callback_uri

pytestmark = pytest.mark.django_db

SECRET = "s3cret-value-from-entra-WXYZ"


@pytest.fixture
def provider(identity_provider):
    return identity_provider(users=[], applications=[application("leavingcare-home", "home")])


def form_data(provider, **changes) -> dict:
    return {
        "enabled": "on",
        "button_label": "Sign in with Home Borough Council account",
        "issuer_url": provider.issuer,
        "client_id": "leavingcare-home",
        "client_secret": SECRET,
        "email_claim": "upn",
        "allowed_email_domains": "Home.Example\n@homeborough.gov.uk, home.example",
    } | changes


def test_it_lets_the_administrator_set_it_up_audited_without_the_secret(
    world, administrator_client, provider
):
    response = administrator_client.post("/admin/sso/singlesignon/add/", form_data(provider))

    assert response.status_code == 302, response.content.decode()[:3000]
    sign_on = SingleSignOn.objects.get()
    assert sign_on.council == world.council
    assert sign_on.enabled
    assert sign_on.client_secret == SECRET
    assert sign_on.email_domains() == ["home.example", "homeborough.gov.uk"]
    event = AuditEvent.objects.get(action=Action.CREATE, object_type="sso.singlesignon")
    assert event.actor == world.administrator
    assert event.council == world.council
    assert event.detail["via"] == "admin"
    assert "client_secret" in event.detail["changed"]
    assert SECRET not in str(event.detail) and SECRET not in event.object_repr
    assert all(SECRET not in entry.change_message for entry in LogEntry.objects.all())
    # One per council: it is changed from now on, not added again.
    assert administrator_client.get("/admin/sso/singlesignon/add/").status_code == 403


def test_it_never_shows_the_secret_back_and_keeps_it_when_left_blank(
    world, administrator_client, provider
):
    sign_on = provider.sign_on_for(world.council, client_id="leavingcare-home")
    sign_on.client_secret = SECRET
    sign_on.save()
    url = f"/admin/sso/singlesignon/{sign_on.pk}/change/"

    page = administrator_client.get(url).content.decode()
    assert SECRET not in page
    assert "saved, ending WXYZ" in page
    assert callback_uri("home") in page  # the redirect URI to register with the provider

    response = administrator_client.post(
        url, form_data(provider, client_secret="", button_label="Sign in with your work account")
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    sign_on.refresh_from_db()
    assert sign_on.client_secret == SECRET
    assert sign_on.button_label == "Sign in with your work account"
    event = AuditEvent.objects.get(action=Action.UPDATE, object_type="sso.singlesignon")
    assert "client_secret" not in event.detail["changed"]
    assert "button_label" in event.detail["changed"]


def test_it_will_not_turn_on_a_provider_it_cannot_read(world, administrator_client, provider):
    response = administrator_client.post(
        "/admin/sso/singlesignon/add/",
        form_data(provider, issuer_url=provider.issuer.replace("127.0.0.1", "localhost")),
    )
    assert response.status_code == 200
    assert "leavingcare cannot use this provider" in response.content.decode()
    assert not SingleSignOn.objects.exists()

    response = administrator_client.post(
        "/admin/sso/singlesignon/add/",
        form_data(provider, client_secret="", allowed_email_domains="not a domain"),
    )
    page = response.content.decode()
    assert "Enter the client secret to turn sign-on on" in page
    assert "is not an email domain" in page
    assert not SingleSignOn.objects.exists()

    # Turned off, it may be saved while the council waits for its provider.
    response = administrator_client.post(
        "/admin/sso/singlesignon/add/",
        form_data(provider, enabled="", issuer_url="https://login.example/not-yet/v2.0"),
    )
    assert response.status_code == 302
    assert not SingleSignOn.objects.get().enabled


def test_it_keeps_each_council_to_its_own(world, administrator_client, provider):
    other = provider.sign_on_for(world.other_council, client_id="leavingcare-home")
    assert administrator_client.get("/admin/sso/singlesignon/").status_code == 200
    assert "Other Borough Council" not in (
        administrator_client.get("/admin/sso/singlesignon/").content.decode()
    )
    assert administrator_client.get(f"/admin/sso/singlesignon/{other.pk}/change/").status_code == (
        404
    )
