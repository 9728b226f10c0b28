"""Two-factor authentication (issue 12, item 15): a code from an authenticator app after the
password, recovery codes, the council's setting, the lockout on wrong codes and the
administrator's reset.

The personas' clients (``client_for`` in tests/conftest.py) sign in with ``force_login``, which
sends ``user_logged_in`` like the sign-in form: their councils leave two-factor off and they
have no app, so their sessions are marked complete exactly as a real sign-in's would be. Tests
here that need a second factor sign in through the pages.
"""

import subprocess
import sys
from datetime import timedelta

import pytest
from django.contrib import admin
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.presenters import secret_text
from accounts.selectors.two_factor import NOT_NEEDED_SESSION_KEY
from audit.models import Action, AuditEvent

from ..factories import TEST_PASSWORD, CouncilFactory

pytestmark = pytest.mark.django_db

HOME = reverse("core:home")
CODE_STEP = reverse("accounts:two-factor")
RECOVERY_STEP = reverse("accounts:two-factor-recovery")
SET_UP = reverse("accounts:two-factor-set-up")
RECOVERY_CODES = reverse("accounts:two-factor-recovery-codes")
ACCOUNT = reverse("accounts:two-factor-account")


def app_for(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def recovery_codes_for(user, codes=("abcd2efg", "hijk3lmn", "opqr4stu")) -> list[str]:
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    for code in codes:
        StaticToken.objects.create(device=device, token=code)
    return list(codes)


def code_now(device: TOTPDevice) -> str:
    """What the person's app shows now (on the pinned clock)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def wrong_code(device: TOTPDevice) -> str:
    """A code the app shows at no step that is accepted now (the tolerance is one step)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    current = totp.t()
    accepted = set()
    for t in (current - 1, current, current + 1):
        totp.time = (t * device.step) + device.t0
        accepted.add(f"{totp.token():06d}")
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in accepted)


def sign_in(client, email, password=TEST_PASSWORD, next_url=None):
    """Sign in afresh with the password (signing out first if the client is signed in)."""
    client.post(reverse("accounts:sign-out"))
    data = {"username": email, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("accounts:sign-in"), data, REMOTE_ADDR="10.0.3.7")


def give_code(client, code, next_url=HOME):
    return client.post(CODE_STEP, {"code": code, "next": next_url})


def signed_in_with_code(client, user, device):
    sign_in(client, user.email)
    response = give_code(client, code_now(device))
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def require_two_factor(council):
    council.two_factor_required = True
    council.save(update_fields=["two_factor_required"])


# The council's setting --------------------------------------------------------------------


def test_it_keeps_todays_sign_in_for_a_council_with_two_factor_off(world, anonymous_client):
    assert world.council.two_factor_required is False
    response = sign_in(anonymous_client, world.pa.email)
    assert response["Location"] == HOME
    assert anonymous_client.get(HOME).status_code == 200
    assert anonymous_client.get(reverse("pathways:caseload")).status_code == 200


def test_a_new_council_takes_the_installations_default(db, settings):
    settings.TWO_FACTOR_REQUIRED_DEFAULT = True
    assert CouncilFactory(slug="strict").two_factor_required is True
    settings.TWO_FACTOR_REQUIRED_DEFAULT = False
    assert CouncilFactory(slug="relaxed").two_factor_required is False


def _production_setting(**env) -> str:
    script = "from django.conf import settings; print(settings.TWO_FACTOR_REQUIRED_DEFAULT)"
    environment = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "leavingcare.settings.production",
        "SECRET_KEY": "a-production-like-secret-key-for-this-test-only-0123456789",
        "ALLOWED_HOSTS": "leavingcare.example.gov.uk",
        **env,
    }
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        capture_output=True,
        text=True,
        env=environment,
        check=True,
        cwd=str(__import__("django.conf").conf.settings.BASE_DIR),
    )
    return result.stdout.strip()


def test_production_requires_two_factor_unless_told_otherwise():
    assert _production_setting() == "True"
    assert _production_setting(TWO_FACTOR_REQUIRED="False") == "False"


def test_the_councils_administrator_turns_it_on_in_the_admin_and_it_is_audited(
    world, administrator_client
):
    url = reverse("admin:accounts_council_change", args=[world.council.pk])
    form = administrator_client.get(url)
    assert 'name="two_factor_required"' in form.content.decode()
    response = administrator_client.post(
        url,
        {
            "name": world.council.name,
            "review_interval_months": 6,
            "contact_interval_weeks": 8,
            "post_move_visit_days": 7,
            "suppression_threshold": 5,
            "two_factor_required": "on",
            "person_id_pattern": world.council.person_id_pattern,
            "person_id_format": world.council.person_id_format,
        },
    )
    assert response.status_code == 302
    world.council.refresh_from_db()
    assert world.council.two_factor_required is True
    event = AuditEvent.objects.get(action=Action.UPDATE, object_type="accounts.council")
    assert event.actor == world.administrator
    assert "two_factor_required" in event.detail["changed"]


# Password alone is not enough ---------------------------------------------------------------


def test_a_password_alone_does_not_reach_the_app_once_the_user_has_set_one_up(
    world, anonymous_client
):
    app_for(world.pa)
    response = sign_in(anonymous_client, world.pa.email)
    assert response["Location"] == f"{CODE_STEP}?next=%2F"
    assert AuditEvent.objects.filter(action=Action.SIGN_IN, actor=world.pa).exists()
    page = anonymous_client.get(reverse("pathways:caseload"))
    assert page.status_code == 302
    assert page["Location"].startswith(CODE_STEP)
    assert anonymous_client.get(HOME)["Location"].startswith(CODE_STEP)
    admin_page = anonymous_client.get(reverse("admin:index"))
    assert admin_page["Location"].startswith(CODE_STEP)


def test_the_api_refuses_with_a_reason_until_the_code_is_given(world, anonymous_client):
    app_for(world.pa)
    sign_in(anonymous_client, world.pa.email)
    response = anonymous_client.get("/api/young-people/")
    assert response.status_code == 403
    assert "Two-factor authentication is not finished" in response.json()["detail"]


def test_a_password_alone_does_not_reach_the_app_when_the_council_requires_two_factor(
    world, anonymous_client
):
    require_two_factor(world.council)
    response = sign_in(anonymous_client, world.pa.email)
    assert response["Location"].startswith(CODE_STEP)
    step = anonymous_client.get(response["Location"])
    assert step.status_code == 302
    assert step["Location"].startswith(SET_UP)
    assert anonymous_client.get(HOME)["Location"].startswith(CODE_STEP)


def test_signing_out_works_before_the_code_is_given(world, anonymous_client):
    app_for(world.pa)
    sign_in(anonymous_client, world.pa.email)
    assert anonymous_client.get(reverse("accounts:sign-out")).status_code == 200
    response = anonymous_client.post(reverse("accounts:sign-out"))
    assert response["Location"] == reverse("accounts:signed-out")
    assert "_auth_user_id" not in anonymous_client.session


# Entering the code --------------------------------------------------------------------------


def test_the_code_page_follows_the_govuk_pattern_for_entering_a_code(world, anonymous_client):
    app_for(world.pa)
    sign_in(anonymous_client, world.pa.email)
    html = anonymous_client.get(CODE_STEP).content.decode()
    assert '<label class="govuk-label" for="id_code">' in html
    assert "Enter the 6-digit code from your authenticator app" in html
    for attribute in (
        'inputmode="numeric"',
        'autocomplete="one-time-code"',
        'spellcheck="false"',
        'type="text"',
    ):
        assert attribute in html
    assert "Use a recovery code instead" in html
    assert 'class="govuk-service-navigation__list"' not in html  # nothing else to reach yet


def test_a_right_code_lets_them_in_and_goes_where_they_were_going(world, anonymous_client):
    device = app_for(world.pa)
    target = reverse("pathways:caseload")
    response = sign_in(anonymous_client, world.pa.email, next_url=target)
    assert response["Location"] == f"{CODE_STEP}?next={target.replace('/', '%2F')}"
    response = give_code(anonymous_client, code_now(device), next_url=target)
    assert response.status_code == 302
    assert response["Location"] == target
    assert anonymous_client.get(target).status_code == 200
    assert anonymous_client.get(HOME).status_code == 200
    assert anonymous_client.get("/api/young-people/").status_code == 200


def test_a_code_typed_with_spaces_is_accepted(world, anonymous_client):
    device = app_for(world.pa)
    sign_in(anonymous_client, world.pa.email)
    code = code_now(device)
    response = give_code(anonymous_client, f" {code[:3]} {code[3:]} ")
    assert response["Location"] == HOME


def test_a_code_cannot_be_used_twice(world, anonymous_client, client):
    device = app_for(world.pa)
    code = code_now(device)
    sign_in(anonymous_client, world.pa.email)
    assert give_code(anonymous_client, code).status_code == 302
    sign_in(client, world.pa.email)
    again = give_code(client, code)
    assert again.status_code == 200
    assert AppCodeWrong in again.content.decode()


AppCodeWrong = "The code is not right or has run out: enter the code your app shows now"


def test_a_wrong_code_gives_an_error_linked_to_the_field_and_is_audited(world, anonymous_client):
    device = app_for(world.pa)
    sign_in(anonymous_client, world.pa.email)
    response = give_code(anonymous_client, wrong_code(device))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error:" in html
    assert "govuk-error-summary" in html
    assert f'<a href="#id_code">{AppCodeWrong}</a>' in html
    assert 'id="id_code-error"' in html
    assert 'aria-describedby="id_code-hint id_code-error"' in html
    event = AuditEvent.objects.get(action=Action.TWO_FACTOR_FAILED)
    assert event.actor == world.pa
    assert event.council == world.council
    assert anonymous_client.get(HOME)["Location"].startswith(CODE_STEP)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the 6-digit code from your authenticator app"),
        ("12345", "The code must be 6 numbers"),
        ("12a456", "The code must be 6 numbers"),
    ],
)
def test_a_code_that_is_not_6_numbers_says_so(world, anonymous_client, typed, message):
    app_for(world.pa)
    sign_in(anonymous_client, world.pa.email)
    html = give_code(anonymous_client, typed).content.decode()
    assert f'<a href="#id_code">{message}</a>' in html
    assert not AuditEvent.objects.filter(action=Action.TWO_FACTOR_FAILED).exists()


# Wrong codes lock the account ---------------------------------------------------------------


def test_five_wrong_codes_lock_the_account_for_the_cooloff_time(
    world, anonymous_client, settings, _pinned_clock
):
    device = app_for(world.pa)
    sign_in(anonymous_client, world.pa.email)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert give_code(anonymous_client, wrong_code(device)).status_code == 200
    locked = give_code(anonymous_client, wrong_code(device))
    assert locked.status_code == 429
    assert "You have been locked out" in locked.content.decode()
    assert "_auth_user_id" not in anonymous_client.session  # signed out
    event = AuditEvent.objects.get(action=Action.LOCKED_OUT)
    assert event.actor == world.pa
    assert event.detail["second_factor"] is True

    # The password still works (it was right), but even the right code is refused while locked.
    sign_in(anonymous_client, world.pa.email)
    assert give_code(anonymous_client, code_now(device)).status_code == 429
    sign_in(anonymous_client, world.pa.email)
    assert anonymous_client.get(CODE_STEP).status_code == 429

    _pinned_clock.shift(settings.AXES_COOLOFF_TIME + timedelta(seconds=31))
    sign_in(anonymous_client, world.pa.email)
    assert give_code(anonymous_client, code_now(device))["Location"] == HOME


def test_signing_in_again_does_not_reset_the_count_of_wrong_codes(
    world, anonymous_client, settings
):
    device = app_for(world.pa)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(anonymous_client, world.pa.email)
        assert give_code(anonymous_client, wrong_code(device)).status_code == 200
    sign_in(anonymous_client, world.pa.email)
    assert give_code(anonymous_client, wrong_code(device)).status_code == 429


def test_a_right_code_starts_the_count_again(world, anonymous_client, settings, _pinned_clock):
    device = app_for(world.pa)
    sign_in(anonymous_client, world.pa.email)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        give_code(anonymous_client, wrong_code(device))
    assert give_code(anonymous_client, code_now(device)).status_code == 302
    _pinned_clock.shift(timedelta(seconds=31))
    sign_in(anonymous_client, world.pa.email)
    assert give_code(anonymous_client, wrong_code(device)).status_code == 200


# Recovery codes -----------------------------------------------------------------------------


def test_a_recovery_code_works_once_and_is_audited(world, anonymous_client, client):
    app_for(world.pa)
    code, *others = recovery_codes_for(world.pa)
    sign_in(anonymous_client, world.pa.email)
    page = anonymous_client.get(RECOVERY_STEP)
    assert "Enter one of your recovery codes" in page.content.decode()
    response = anonymous_client.post(RECOVERY_STEP, {"code": code.upper(), "next": HOME})
    assert response["Location"] == HOME
    home = anonymous_client.get(HOME)
    assert home.status_code == 200
    assert f"You have {len(others)} recovery codes left" in home.content.decode()
    event = AuditEvent.objects.get(action=Action.RECOVERY_CODE_USED)
    assert event.actor == world.pa
    assert event.detail == {"recovery_codes_left": len(others)}

    sign_in(client, world.pa.email)
    again = client.post(RECOVERY_STEP, {"code": code, "next": HOME})
    assert again.status_code == 200
    assert (
        '<a href="#id_code">The recovery code is not right, or has been used already</a>'
        in again.content.decode()
    )
    assert client.get(HOME)["Location"].startswith(CODE_STEP)


def test_wrong_recovery_codes_count_towards_the_lockout(world, anonymous_client, settings):
    device = app_for(world.pa)
    recovery_codes_for(world.pa)
    sign_in(anonymous_client, world.pa.email)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        anonymous_client.post(RECOVERY_STEP, {"code": "zzzz9zzz"})
    assert give_code(anonymous_client, wrong_code(device)).status_code == 429


# Setting up an app --------------------------------------------------------------------------


def test_it_sets_up_an_app_then_shows_ten_recovery_codes_once(world, anonymous_client):
    require_two_factor(world.council)
    sign_in(anonymous_client, world.pa.email)
    page = anonymous_client.get(f"{SET_UP}?next=%2F")
    assert page.status_code == 200
    html = page.content.decode()
    device = TOTPDevice.objects.get(user=world.pa, confirmed=False)
    assert secret_text(device) in html
    assert '<svg role="img" aria-label="QR code to scan with your authenticator app"' in html
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    # Reloading shows the same secret, so a QR code already scanned keeps working.
    assert secret_text(device) in anonymous_client.get(SET_UP).content.decode()

    wrong = anonymous_client.post(SET_UP, {"code": wrong_code(device), "next": HOME})
    assert f'<a href="#id_code">{AppCodeWrong}</a>' in wrong.content.decode()

    response = anonymous_client.post(SET_UP, {"code": code_now(device), "next": HOME})
    assert response["Location"] == f"{RECOVERY_CODES}?next=%2F"
    shown = anonymous_client.get(response["Location"]).content.decode()
    codes = list(StaticToken.objects.filter(device__user=world.pa).values_list("token", flat=True))
    assert len(codes) == 10
    for code in codes:
        assert f"<code>{code}</code>" in shown
    assert anonymous_client.get(RECOVERY_CODES)["Location"] == ACCOUNT  # shown once only
    device.refresh_from_db()
    assert device.confirmed
    event = AuditEvent.objects.get(action=Action.TWO_FACTOR_SET_UP)
    assert event.actor == world.pa
    assert event.detail == {"recovery_codes": 10}
    assert anonymous_client.get(HOME).status_code == 200


def test_a_user_with_an_app_cannot_set_up_another_without_a_code(world, anonymous_client):
    app_for(world.pa)
    sign_in(anonymous_client, world.pa.email)
    response = anonymous_client.get(SET_UP)
    assert response["Location"].startswith(CODE_STEP)
    assert TOTPDevice.objects.filter(user=world.pa).count() == 1


# The account page ---------------------------------------------------------------------------


def test_the_account_page_shows_the_status_and_makes_new_recovery_codes(world, anonymous_client):
    device = app_for(world.pa)
    old = recovery_codes_for(world.pa)
    signed_in_with_code(anonymous_client, world.pa, device)
    html = anonymous_client.get(ACCOUNT).content.decode()
    assert "Set up on" in html
    assert ">3<" in html  # recovery codes left
    response = anonymous_client.post(reverse("accounts:two-factor-new-recovery-codes"))
    shown = anonymous_client.get(response["Location"]).content.decode()
    new = list(StaticToken.objects.filter(device__user=world.pa).values_list("token", flat=True))
    assert len(new) == 10
    assert all(f"<code>{code}</code>" in shown for code in new)
    assert not set(old) & set(new)
    assert AuditEvent.objects.filter(action=Action.RECOVERY_CODES_NEW, actor=world.pa).exists()
    assert anonymous_client.get(HOME).status_code == 200  # still verified


def test_someone_without_an_app_may_set_one_up_from_the_account_page(pa_client, world):
    html = pa_client.get(ACCOUNT).content.decode()
    assert "Not set up" in html
    assert "Does not require two-factor authentication" in html
    assert pa_client.get(SET_UP).status_code == 200


# The administrator's reset ------------------------------------------------------------------


def reset_in_admin(client, *users):
    return client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [u.pk for u in users]},
    )


def test_an_administrator_resets_a_second_factor_and_it_is_audited(
    world, administrator_client, anonymous_client
):
    device = app_for(world.pa)
    recovery_codes_for(world.pa)
    signed_in_with_code(anonymous_client, world.pa, device)
    response = reset_in_admin(administrator_client, world.pa)
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=world.pa).exists()
    assert not StaticDevice.objects.filter(user=world.pa).exists()
    event = AuditEvent.objects.get(action=Action.TWO_FACTOR_RESET)
    assert event.actor == world.administrator
    assert event.object_type == "accounts.user"
    assert event.object_id == str(world.pa.pk)
    assert event.council == world.council
    assert event.detail == {"devices_removed": 2, "via": "admin"}
    # The council does not require it: their next page settles without a second factor.
    assert anonymous_client.get(HOME)["Location"].startswith(CODE_STEP)
    assert anonymous_client.get(CODE_STEP)["Location"] == HOME
    assert anonymous_client.get(HOME).status_code == 200


def test_after_a_reset_a_council_that_requires_it_asks_for_a_new_app(
    world, administrator_client, anonymous_client
):
    require_two_factor(world.council)
    device = app_for(world.pa)
    signed_in_with_code(anonymous_client, world.pa, device)
    reset_in_admin(administrator_client, world.pa)
    step = anonymous_client.get(anonymous_client.get(HOME)["Location"])
    assert step["Location"].startswith(SET_UP)


def test_an_administrator_cannot_reset_another_councils_user(world, administrator_client):
    app_for(world.other_council_user)
    reset_in_admin(administrator_client, world.other_council_user)
    assert TOTPDevice.objects.filter(user=world.other_council_user).exists()
    assert not AuditEvent.objects.filter(action=Action.TWO_FACTOR_RESET).exists()


def test_the_admin_shows_whether_a_person_has_an_app(world, administrator_client):
    app_for(world.pa)
    url = reverse("admin:accounts_user_change", args=[world.pa.pk])
    assert "Authenticator app set up on" in administrator_client.get(url).content.decode()


def test_django_otps_own_admin_pages_are_not_offered():
    # They list every council's devices: the reset action replaces them.
    assert not admin.site.is_registered(TOTPDevice)
    assert not admin.site.is_registered(StaticDevice)


def test_force_logged_in_persona_clients_count_as_signed_in(pa_client):
    # The rest of the suite relies on this: see the module docstring.
    assert pa_client.session.get(NOT_NEEDED_SESSION_KEY) is True
    assert pa_client.get(HOME).status_code == 200
