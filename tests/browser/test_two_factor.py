"""Two-factor authentication in a real browser: a council that requires it, a person setting up
their authenticator app (a wrong code first), saving their recovery codes, then signing in
again with a code from the app and once with a recovery code. Every page is checked with
axe-core."""

import base64
import re
from datetime import timedelta
from urllib.parse import urlsplit

from django_otp.oath import TOTP
from playwright.sync_api import expect

from audit.models import Action, AuditEvent

from .harness import follow, sign_in

STEP = timedelta(seconds=31)  # the app shows a new code every 30 seconds


def path_of(page) -> str:
    return urlsplit(page.url).path


def app_code(secret: str, *, offset_steps: int = 0) -> str:
    """What an authenticator app shows now for the secret typed in from the page."""
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    totp = TOTP(key)
    totp.time = totp.time + offset_steps * 30
    return f"{totp.token():06d}"


def continue_with(page, code: str, *, check: bool = True):
    page.get_by_label("Enter the 6-digit code from your authenticator app").fill(code)
    return follow(page, page.get_by_role("button", name="Continue"), check=check)


def sign_out(page):
    follow(page, page.locator("header").get_by_role("button", name="Sign out"))
    assert path_of(page) == "/signed-out/"


def test_setting_up_an_app_then_signing_in_with_a_code_and_a_recovery_code(
    page, world, _pinned_clock
):
    world.council.two_factor_required = True
    world.council.save(update_fields=["two_factor_required"])

    # The password alone leads to setting up an app.
    sign_in(page, world.pa)
    assert path_of(page) == "/sign-in/two-factor/set-up/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    expect(
        page.get_by_role("img", name="QR code to scan with your authenticator app")
    ).to_be_visible()
    assert page.locator('nav[aria-label="Menu"]').count() == 0  # nothing else to reach yet
    secret = page.locator("#secret-key").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{4})+", secret)
    code_input = page.locator("#id_code")
    for name, value in {
        "inputmode": "numeric",
        "autocomplete": "one-time-code",
        "spellcheck": "false",
        "type": "text",
    }.items():
        expect(code_input).to_have_attribute(name, value)

    # A wrong code: the error summary links to the field.
    right = {app_code(secret, offset_steps=n) for n in (-1, 0, 1)}
    wrong = next(c for c in ("000000", "111111", "222222") if c not in right)
    continue_with(page, wrong)
    expect(page).to_have_title(re.compile(r"^Error: Set up your authenticator app – "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    link = summary.locator(".govuk-error-summary__list a")
    expect(link).to_have_text(
        ["The code is not right or has run out: enter the code your app shows now"]
    )
    link.click()
    expect(code_input).to_be_focused()

    # The right code: ten recovery codes, shown once.
    continue_with(page, app_code(secret))
    assert path_of(page) == "/sign-in/two-factor/recovery-codes/"
    codes = [c.strip() for c in page.locator("#recovery-codes li").all_inner_texts()]
    assert len(codes) == 10
    follow(page, page.get_by_role("link", name="I have saved my recovery codes"))
    assert path_of(page) == "/"
    assert AuditEvent.objects.filter(action=Action.TWO_FACTOR_SET_UP, actor=world.pa).exists()

    # The account page says so.
    follow(page, page.locator("header").get_by_role("link", name="Two-factor authentication"))
    assert path_of(page) == "/account/two-factor/"
    expect(page.locator(".govuk-summary-list")).to_contain_text("Set up on")
    expect(page.locator(".govuk-summary-list")).to_contain_text("10")

    # Next time: the password, then a code from the app (a new one: each works once).
    sign_out(page)
    _pinned_clock.shift(STEP)
    sign_in(page, world.pa)
    assert path_of(page) == "/sign-in/two-factor/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your authenticator app")
    continue_with(page, app_code(secret))
    assert path_of(page) == "/"
    expect(page.get_by_role("heading", level=1)).to_contain_text("your work")

    # And once with a recovery code instead.
    sign_out(page)
    sign_in(page, world.pa)
    follow(page, page.get_by_role("link", name="Use a recovery code instead"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Use a recovery code")
    page.get_by_label("Enter one of your recovery codes").fill(codes[0])
    follow(page, page.get_by_role("button", name="Continue"))
    assert path_of(page) == "/"
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "You have 9 recovery codes left"
    )
    assert AuditEvent.objects.filter(action=Action.RECOVERY_CODE_USED, actor=world.pa).exists()
