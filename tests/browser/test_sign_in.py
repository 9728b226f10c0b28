"""Signing in and out in a real browser: each role's navigation, GOV.UK errors, lockout."""

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from playwright.sync_api import expect

from accounts.roles import permissions_for_roles
from audit.models import Action, AuditEvent
from leavingcare.navigation import NAVIGATION

from ..factories import TEST_PASSWORD
from .harness import follow, sign_in, visit

# What each role saw in the service navigation when the foundation was built. Later features
# add items (leavingcare/navigation.py NAVIGATION), so these must appear, in this order, among
# the items the role's permissions (accounts/roles.py) show.
FOUNDATION_NAVIGATION = {
    "pa": ["Caseload", "Young people"],
    "team_manager": ["Caseload", "Young people"],
    "service_manager": ["Caseload", "Young people", "Self-assessment", "Panel meetings"],
    "participation_officer": ["Surveys", "Forums"],
    "committee_officer": ["Panel meetings"],
    "administrator": ["Audit log", "Administration"],
}


def expected_navigation(user) -> list[str]:
    """NAVIGATION's labels for the permissions the user's roles grant."""
    granted = permissions_for_roles(user.role_codes)
    return [label for label, _url_name, perm in NAVIGATION if perm in granted]


def is_subsequence(items: list[str], of: list[str]) -> bool:
    remaining = iter(of)
    return all(item in remaining for item in items)


def path_of(page) -> str:
    return urlsplit(page.url).path


def fill_sign_in(page, email: str, password: str) -> None:
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(password)


def submit(page, *, check: bool = True):
    return follow(page, page.get_by_role("button", name="Sign in"), check=check)


def navigation_labels(page) -> list[str]:
    links = page.locator('nav[aria-label="Menu"] a.govuk-service-navigation__link')
    return [text.strip() for text in links.all_inner_texts()]


@pytest.mark.parametrize("persona", list(FOUNDATION_NAVIGATION))
def test_each_role_lands_on_home_with_its_navigation(page, world, persona):
    user = world.persona(persona)

    sign_in(page, user)

    assert path_of(page) == "/"
    expect(page).to_have_title("Home – Leaving care – Home Borough Council")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{user.get_short_name()}, your work")
    account = page.locator("header .lc-header-account")
    expect(account.get_by_text(user.full_name, exact=True)).to_be_visible()
    labels = navigation_labels(page)
    assert labels == expected_navigation(user)
    assert is_subsequence(FOUNDATION_NAVIGATION[persona], labels), labels


def test_wrong_password_shows_the_error_summary(page, world):
    visit(page, "/sign-in/")
    fill_sign_in(page, world.pa.email, "not-the-right-password")

    submit(page)

    assert path_of(page) == "/sign-in/"
    expect(page).to_have_title(re.compile(r"^Error: Sign in – "))
    summary = page.locator(".govuk-error-summary")
    expect(summary.locator(".govuk-error-summary__title")).to_have_text("There is a problem")
    expect(summary.locator(".govuk-error-summary__list li")).to_have_text(
        ["Enter a correct email address and password"]
    )
    expect(page.locator("#id_username")).to_have_value(world.pa.email)
    expect(page.locator("#id_password")).to_have_value("")


def test_empty_submit_links_each_error_to_its_field(page, world):
    visit(page, "/sign-in/")

    submit(page)

    expect(page).to_have_title(re.compile(r"^Error: Sign in – "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary
    links = summary.locator(".govuk-error-summary__list a")
    expect(links).to_have_text(["Enter your email address", "Enter your password"])
    assert [link.get_attribute("href") for link in links.all()] == ["#id_username", "#id_password"]
    expect(page.locator("#id_username-error")).to_have_text("Error: Enter your email address")
    expect(page.locator("#id_username")).to_have_attribute("aria-describedby", "id_username-error")

    links.nth(0).click()
    expect(page.locator("#id_username")).to_be_focused()
    links.nth(1).click()
    expect(page.locator("#id_password")).to_be_focused()


def test_repeated_failures_lock_the_account_out(page, world):
    limit = settings.AXES_FAILURE_LIMIT
    email = world.pa.email
    visit(page, "/sign-in/")

    for attempt in range(1, limit):
        fill_sign_in(page, email, f"wrong-password-{attempt}")
        response = submit(page, check=attempt == 1)  # the same page each time
        assert response.status == 200, f"attempt {attempt} of {limit}"
        expect(page.locator(".govuk-error-summary")).to_contain_text(
            "Enter a correct email address and password"
        )
    assert not AuditEvent.objects.filter(action=Action.LOCKED_OUT).exists()

    fill_sign_in(page, email, f"wrong-password-{limit}")
    response = submit(page)

    assert response.status == 429
    expect(page).to_have_title(re.compile(r"^You have been locked out – "))
    expect(page.get_by_role("heading", level=1)).to_have_text("You have been locked out")
    minutes = round(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    wait = f"Wait {minutes} minute{'s' if minutes != 1 else ''} and try again"
    expect(page.locator("main")).to_contain_text(wait)
    locked_out = AuditEvent.objects.filter(action=Action.LOCKED_OUT, actor_email=email)
    assert locked_out.count() == 1
    assert locked_out.get().council_id == world.council.pk

    # While locked out, even the right password is refused.
    visit(page, "/sign-in/")
    fill_sign_in(page, email, TEST_PASSWORD)
    response = submit(page)
    assert response.status == 429
    expect(page.get_by_role("heading", level=1)).to_have_text("You have been locked out")


def test_sign_out_from_the_header(page, world):
    sign_in(page, world.pa)

    follow(page, page.locator("header").get_by_role("button", name="Sign out"))

    assert path_of(page) == "/signed-out/"
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")
    expect(page.locator("header").get_by_role("button", name="Sign out")).to_have_count(0)
    assert AuditEvent.objects.filter(action=Action.SIGN_OUT, actor=world.pa).exists()

    # Signed out for real: the home page now asks to sign in.
    visit(page, "/")
    assert path_of(page) == "/sign-in/"
