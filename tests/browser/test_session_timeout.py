"""The GOV.UK timeout warning (static/js/timeout-warning.js) in a real browser."""

from urllib.parse import urlsplit

from playwright.sync_api import expect

from .harness import assert_accessible, sign_in


def test_timeout_warning_opens_and_stay_signed_in_closes_it(page, world, settings):
    # The warning opens min(120, total / 2) seconds before the session ends: 3 s here.
    settings.SESSION_COOKIE_AGE = 6

    sign_in(page, world.pa)

    dialog = page.locator("#timeout-warning")
    expect(dialog).to_be_visible(timeout=5_000)
    expect(dialog).to_have_attribute("open", "")
    expect(dialog.get_by_role("heading", level=2)).to_have_text("You're about to be signed out")
    expect(page.get_by_role("button", name="Stay signed in")).to_be_focused()
    assert_accessible(page)  # with the modal dialog open

    with page.expect_response("**/session/keep-alive/") as keep_alive:
        page.get_by_role("button", name="Stay signed in").click()
    assert keep_alive.value.status == 204  # still signed in: the session was renewed
    expect(dialog).to_be_hidden()
    assert urlsplit(page.url).path == "/"


def test_when_time_runs_out_the_warning_signs_out_with_a_post(page, world, settings):
    settings.SESSION_COOKIE_AGE = 4  # the warning at 2 s, the end at 4 s

    sign_in(page, world.pa)

    with page.expect_request("**/timed-out/") as sent:
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "You have been signed out", timeout=10_000
        )
    assert sent.value.method == "POST"  # a GET never signs anyone out
    assert_accessible(page)
    page.goto("/")
    assert urlsplit(page.url).path == "/sign-in/"
    assert_accessible(page)
