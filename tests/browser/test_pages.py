"""Error pages, the audit log and a young person's record in a real browser."""

import re
from urllib.parse import urlsplit

from playwright.sync_api import expect

from .harness import assert_govuk_page, follow, sign_in, visit


def heading(page):
    return page.get_by_role("heading", level=1)


def test_page_not_found(page, world):
    response = visit(page, "/no-such-page/")

    assert response.status == 404
    assert_govuk_page(page)
    expect(page).to_have_title(re.compile(r"^Page not found – "))
    expect(heading(page)).to_have_text("Page not found")


def test_forbidden_and_not_found_when_signed_in(page, world):
    sign_in(page, world.committee_officer)

    response = visit(page, "/audit/")

    assert response.status == 403
    assert_govuk_page(page)
    expect(heading(page)).to_have_text("You do not have permission to see this page")
    expect(page.locator('nav[aria-label="Menu"]')).to_contain_text("Panel meetings")

    response = visit(page, "/pathways/no-such-page/")

    assert response.status == 404
    assert_govuk_page(page)
    expect(heading(page)).to_have_text("Page not found")


def test_audit_log_and_its_filter_errors(page, world):
    sign_in(page, world.administrator)

    follow(page, page.locator('nav[aria-label="Menu"]').get_by_role("link", name="Audit log"))

    assert urlsplit(page.url).path == "/audit/"
    expect(heading(page)).to_have_text("Audit log")
    expect(page.locator(".govuk-table__body")).to_contain_text("Signed in")
    expect(page.locator(".govuk-table__body")).to_contain_text(world.administrator.email)

    page.locator("#id_date_from_day").fill("31")
    page.locator("#id_date_from_month").fill("2")
    page.locator("#id_date_from_year").fill("2026")
    follow(page, page.get_by_role("button", name="Apply filters"))

    expect(page).to_have_title(re.compile(r"^Error: Audit log – "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    link = summary.get_by_role("link", name="From must be a real date")
    expect(link).to_have_attribute("href", "#id_date_from_day")
    link.click()
    expect(page.locator("#id_date_from_day")).to_be_focused()
    expect(page.locator("#id_date_from_day")).to_have_value("31")


def test_personal_adviser_opens_a_young_person_from_their_caseload(page, world):
    young_person = world.yp_own
    sign_in(page, world.pa)

    follow(page, page.locator('nav[aria-label="Menu"]').get_by_role("link", name="Caseload"))
    expect(heading(page)).to_have_text("Your caseload")
    rows = page.locator(".govuk-table__body .govuk-table__row")
    expect(rows).to_have_count(1)

    follow(page, rows.get_by_role("link", name=young_person.display_name))

    assert urlsplit(page.url).path == f"/pathways/young-people/{young_person.uuid}/"
    expect(heading(page)).to_have_text(young_person.display_name)
    expect(page.locator(".govuk-caption-l")).to_contain_text(young_person.person_id)
    adviser = page.locator(".govuk-summary-list__row").filter(has_text="Personal adviser")
    expect(adviser.locator(".govuk-summary-list__value")).to_contain_text(world.pa.full_name)


def test_the_api_reference_is_an_accessible_govuk_page(page, world):
    sign_in(page, world.pa)
    response = visit(page, "/api/docs/")

    assert response.status == 200
    assert_govuk_page(page)
    expect(heading(page)).to_have_text("API reference")
    page.locator('nav[aria-labelledby="contents-heading"] a[href="#tag-young-people"]').click()
    expect(page).to_have_url(re.compile(r"/api/docs/#tag-young-people$"))
    expect(page.locator("#tag-young-people")).to_be_in_viewport()
