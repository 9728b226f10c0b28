"""The Django admin, which administrators use every day, works under the Content Security
Policy: its own scripts and styles load, its JavaScript runs (the filter panel, the select-all
checkbox, the date picker), and the browser reports no violation (the ``page`` fixture fails the
test on any)."""

from playwright.sync_api import expect

from .harness import csp_violations, follow, sign_in, visit


def test_an_administrator_works_in_the_admin_without_a_violation(page, world):
    sign_in(page, world.administrator)

    visit(page, "/admin/")
    expect(page.locator("#site-name")).to_be_visible()
    follow(page, page.get_by_role("link", name="Users").first)
    expect(page.locator("#changelist-filter")).to_be_visible()
    # actions.js ran: ticking "select all" ticks every row and counts them.
    page.locator("#action-toggle").check()
    expect(page.locator("input.action-select").first).to_be_checked()
    expect(page.locator(".action-counter")).to_contain_text("selected")
    # The admin's own stylesheet and ours (static/css/admin.css) applied.
    height = page.evaluate(
        "() => getComputedStyle(document.querySelector('#changelist-filter li a')).minHeight"
    )
    assert height == "24px"

    follow(page, page.locator("#result_list tbody th a").first)
    expect(page.locator("#content h1")).to_be_visible()

    visit(page, "/admin/dashboards/comparator/add/")

    # The audit log, whose "By object type" filter once had an empty link for events about no
    # single record (a list shown, a sign-in): the administrator's own sign-in made one.
    visit(page, "/admin/audit/auditevent/")
    expect(page.locator("#changelist-filter")).to_contain_text("No single record")

    assert csp_violations(page) == []
