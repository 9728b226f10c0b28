"""Reminders in a real browser: after the sweep a PA opens the inbox from the header, marks a
reminder read and follows one to the record; an administrator changes the settings and sees
the sweep. Every page is checked with axe-core."""

from datetime import timedelta
from urllib.parse import urlsplit

from django.utils import timezone
from playwright.sync_api import expect

from reminders.services import sweep
from tests.factories import YoungPersonFactory

from .harness import assert_govuk_page, follow, sign_in


def test_a_pa_reads_reminders_from_the_header_and_follows_one_to_the_record(page, world):
    today = timezone.localdate()
    yp = YoungPersonFactory(
        council=world.council,
        personal_adviser=world.pa,
        team=world.team_a,
        legal_first_name="Kestrel",
        legal_last_name="Overdue",
        next_review_due_on=today - timedelta(days=2),
        last_contact_on=today - timedelta(weeks=9),
    )
    sweep.run_all(today=today, councils=[world.council])

    sign_in(page, world.pa)
    inbox_link = page.locator("header").get_by_role("link", name="Inbox (2) unread")
    follow(page, inbox_link)
    assert urlsplit(page.url).path == "/reminders/"
    assert_govuk_page(page)
    rows = page.locator(".govuk-table__body .govuk-table__row")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Overdue")

    follow(page, rows.first.get_by_role("button", name="Mark as read"))
    expect(page.locator("header")).to_contain_text("Inbox (1")
    expect(page.locator(".govuk-table__body")).to_contain_text("Read")

    follow(page, page.get_by_role("link", name="Show unread only"))
    expect(page.locator(".govuk-table__body .govuk-table__row")).to_have_count(1)

    follow(page, page.get_by_role("link", name="Kestrel Overdue").first)
    assert urlsplit(page.url).path == f"/pathways/young-people/{yp.uuid}/"


def test_a_pa_chooses_the_inbox_only(page, world):
    sign_in(page, world.pa)
    follow(page, page.locator("header").get_by_role("link", name="Inbox (0) unread"))
    follow(page, page.get_by_role("link", name="Choose whether reminders also come by email"))
    page.get_by_label("In my inbox only").check()
    follow(page, page.get_by_role("button", name="Save preferences"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "preferences have been saved"
    )


def test_an_administrator_changes_settings_and_sees_the_last_sweep(page, world):
    sweep.run_all(councils=[world.council])
    sign_in(page, world.administrator)
    page.goto("/reminders/settings/")
    page.get_by_label("Second reminder before a review").fill("30")
    follow(page, page.get_by_role("button", name="Save settings"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(
        "The second reminder before a review must come after the first: enter fewer days"
    )
    page.get_by_label("Second reminder before a review").fill("5")
    follow(page, page.get_by_role("button", name="Save settings"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Reminder settings saved")

    follow(page, page.get_by_role("link", name="See when the sweep last ran"))
    expect(page.get_by_role("heading", name="Latest sweep")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Finished")
