import pytest
from django.core import mail
from django.urls import reverse

from audit.models import Action, AuditEvent

from ..factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client, email, password):
    return client.post(
        reverse("accounts:sign-in"),
        {"username": email, "password": password},
        REMOTE_ADDR="10.0.0.7",
    )


def test_it_signs_in_with_email_and_password_and_audits_it(world, anonymous_client):
    response = sign_in(anonymous_client, "PA@home.example", TEST_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    event = AuditEvent.objects.get(action=Action.SIGN_IN)
    assert event.actor == world.pa
    assert event.council == world.council
    assert event.ip_address == "10.0.0.7"


def test_it_shows_a_govuk_error_for_a_wrong_password_and_audits_it(world, anonymous_client):
    response = sign_in(anonymous_client, "pa@home.example", "wrong password")
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Enter a correct email address and password" in html
    assert "<title>Error:" in html
    event = AuditEvent.objects.get(action=Action.SIGN_IN_FAILED)
    assert event.actor is None
    assert event.actor_email == "pa@home.example"
    assert event.council == world.council


def test_the_error_summary_links_to_each_field_with_an_error(anonymous_client, db):
    response = anonymous_client.post(reverse("accounts:sign-in"), {"username": "", "password": ""})
    html = response.content.decode()
    assert '<a href="#id_username">Enter your email address</a>' in html
    assert '<a href="#id_password">Enter your password</a>' in html
    assert 'id="id_username-error"' in html
    assert 'aria-describedby="id_username-error"' in html


def test_it_throttles_repeated_failures_and_audits_the_lockout(world, anonymous_client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(anonymous_client, "pa@home.example", "wrong password")
    response = sign_in(anonymous_client, "pa@home.example", TEST_PASSWORD)
    assert response.status_code == 429
    assert "You have been locked out" in response.content.decode()
    lockout = AuditEvent.objects.filter(action=Action.LOCKED_OUT)
    assert lockout.exists()
    assert lockout.first().actor_email == "pa@home.example"
    assert not AuditEvent.objects.filter(action=Action.SIGN_IN).exists()


def test_sign_out_needs_a_post_and_is_audited(pa_client, world):
    assert pa_client.get(reverse("accounts:sign-out")).status_code == 200
    response = pa_client.post(reverse("accounts:sign-out"))
    assert response["Location"] == reverse("accounts:signed-out")
    assert AuditEvent.objects.filter(action=Action.SIGN_OUT, actor=world.pa).exists()
    assert pa_client.get(reverse("core:home")).status_code == 302


def test_it_emails_a_password_reset_link_that_lets_the_user_choose_a_new_password(
    world, anonymous_client
):
    response = anonymous_client.post(
        reverse("accounts:password-reset"), {"email": "pa@home.example"}
    )
    assert response["Location"] == reverse("accounts:password-reset-sent")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["pa@home.example"]
    link = next(line for line in message.body.splitlines() if "/password-reset/" in line)
    path = link.split("testserver", 1)[1]
    form_page = anonymous_client.get(path, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    new = "a-much-longer-new-password-2026"
    done = anonymous_client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert done["Location"] == reverse("accounts:password-reset-complete")
    world.pa.refresh_from_db()
    assert world.pa.check_password(new)


def test_a_reset_for_an_unknown_address_says_the_same_and_sends_nothing(anonymous_client, db):
    response = anonymous_client.post(
        reverse("accounts:password-reset"), {"email": "nobody@home.example"}
    )
    assert response["Location"] == reverse("accounts:password-reset-sent")
    assert mail.outbox == []


def test_the_session_lasts_the_inactivity_timeout(settings):
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_TIMEOUT_MINUTES * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_pages_for_signed_in_users_are_not_cached(pa_client):
    assert pa_client.get(reverse("core:home"))["Cache-Control"] == "no-store"


def test_the_home_page_shows_only_the_navigation_of_the_users_roles(
    committee_officer_client, pa_client
):
    committee = committee_officer_client.get(reverse("core:home")).content.decode()
    assert "Panel meetings" in committee
    assert "Caseload" not in committee
    pa = pa_client.get(reverse("core:home")).content.decode()
    assert "Caseload" in pa
    assert "Panel meetings" not in pa


@pytest.mark.parametrize(
    "variant",
    ["PA@home.example", "  pa@home.example  ", "Pa@Home.Example", "ｐａ@home.example"],
)
def test_the_lockout_cannot_be_sidestepped_by_writing_the_email_differently(
    world, anonymous_client, settings, variant
):
    # Five wrong passwords under one spelling lock every spelling of the same address
    # (case, surrounding spaces, Unicode compatibility forms such as full-width letters).
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(anonymous_client, "pa@home.example", "wrong password")
    response = sign_in(anonymous_client, variant, TEST_PASSWORD)
    assert response.status_code == 429
    assert not AuditEvent.objects.filter(action=Action.SIGN_IN).exists()


def test_failures_under_different_spellings_count_together(world, anonymous_client, settings):
    spellings = ["pa@home.example", "PA@HOME.EXAMPLE", "Pa@home.example", " pa@home.example"]
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(anonymous_client, spellings[attempt % len(spellings)], "wrong password")
    assert sign_in(anonymous_client, "pa@home.example", TEST_PASSWORD).status_code == 429


def test_a_differently_written_email_signs_in_when_nothing_is_locked(world, anonymous_client):
    response = sign_in(anonymous_client, "  PA@Home.Example ", TEST_PASSWORD)
    assert response.status_code == 302


def test_a_get_of_the_timed_out_page_does_not_sign_out(pa_client):
    # Any site could link to or embed the page: only the timeout warning's POST signs out.
    response = pa_client.get(reverse("accounts:timed-out"))
    assert response.status_code == 302
    assert pa_client.get(reverse("core:home")).status_code == 200
    assert "_auth_user_id" in pa_client.session


def test_the_timeout_warnings_post_signs_out(pa_client):
    response = pa_client.post(reverse("accounts:timed-out"))
    assert response.status_code == 200
    assert "You have been signed out" in response.content.decode()
    assert "_auth_user_id" not in pa_client.session


def reset(client, email, ip="10.0.0.9"):
    return client.post(reverse("accounts:password-reset"), {"email": email}, REMOTE_ADDR=ip)


def test_password_reset_emails_are_limited_per_address_with_the_same_answer(
    world, anonymous_client, settings
):
    answers = {
        reset(anonymous_client, spelling, ip=f"10.0.1.{n}")["Location"]
        for n, spelling in enumerate(["pa@home.example", "PA@home.example", " Pa@Home.example"] * 5)
    }
    assert answers == {reverse("accounts:password-reset-sent")}  # the same, every time
    assert len(mail.outbox) == settings.PASSWORD_RESET_LIMIT_PER_ADDRESS


def test_password_reset_emails_are_limited_per_ip_address(world, anonymous_client, settings):
    settings.PASSWORD_RESET_LIMIT_PER_IP = 4
    addresses = ["pa@home.example", "colleague@home.example", "tm@home.example"] * 3
    for email in addresses:
        response = reset(anonymous_client, email, ip="10.0.2.1")
        assert response["Location"] == reverse("accounts:password-reset-sent")
    assert len(mail.outbox) == 4
    reset(anonymous_client, "sm@home.example", ip="10.0.2.2")  # another address, another IP
    assert len(mail.outbox) == 5
