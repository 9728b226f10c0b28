"""Issue 4 tried as a new user would, in a real browser, every page checked with axe-core.

A personal adviser opens their young person from the caseload, records a contact with a
situation, writes a pathway plan and sends it for sign-off; their team manager returns it with
a comment; the adviser changes it and sends it again; the manager approves it; the adviser
records a review, sees when the next one is due and downloads the young person's PDF copy.
Then the core task once more with JavaScript switched off.
"""

from __future__ import annotations

import io
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from core.templatetags.govuk import govuk_date
from pathways import rules
from pathways.models import EpisodeEndReason, PlanSectionCode
from pathways.services.young_people import add_episode

from ..factories import TEST_PASSWORD
from .conftest import _reports
from .harness import PageTracker, assert_accessible, follow, sign_in, tracker_for, visit

SECTION_NAMES = {code: label.lower() for code, label in PlanSectionCode.choices}


# Extra browser contexts (a second person, or a browser without JavaScript) -----------------


@pytest.fixture
def open_page(request, browser, live_server):
    """Open a page in a new browser context, watched like the ``page`` fixture's: the test
    fails at the end if a page visited in it was never checked with axe-core."""
    opened: list[tuple[object, PageTracker]] = []

    def open_(**options):
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": 1280, "height": 900},
            locale="en-GB",
            **options,
        )
        context.set_default_timeout(5_000)
        context.set_default_navigation_timeout(10_000)
        tracker = PageTracker()
        context.on("page", tracker.watch)
        new_page = context.new_page()
        tracker.watch(new_page)
        opened.append((context, tracker))
        return new_page

    yield open_

    unchecked = [key for _, tracker in opened for key in tracker.unchecked()]
    for context, tracker in opened:
        tracker.release()
        context.close()
    failed = any(r.failed for r in request.node.stash.get(_reports, {}).values())
    if unchecked and not failed:
        pytest.fail(
            "These pages (in a second browser) were visited but never checked for "
            "accessibility: " + ", ".join(unchecked),
            pytrace=False,
        )


def check_without_javascript(nojs_page, checker) -> None:
    """axe-core cannot run where JavaScript is off, so the page exactly as that browser got it
    (its HTML, scripts taken out) is served to ``checker``, a browser with JavaScript, at the
    same address (so the stylesheets load as they did) and checked there."""
    url = nojs_page.url
    html = re.sub(r"<script\b[^>]*>.*?</script>", "", nojs_page.content(), flags=re.S | re.I)

    def same_page(address: str) -> bool:
        return address == url

    def serve(route) -> None:
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)

    checker.route(same_page, serve)
    try:
        checker.goto(url, wait_until="load")
        assert_accessible(checker)
    finally:
        checker.unroute(same_page, serve)
    tracker_for(nojs_page).record_check(url)


def follow_without_javascript(nojs_page, checker, locator):
    with nojs_page.expect_navigation(wait_until="load") as navigation:
        locator.click()
    response = navigation.value
    assert response.status < 500, f"{response.status} for {nojs_page.url}"
    check_without_javascript(nojs_page, checker)
    return response


# The young person ------------------------------------------------------------------------


def a_former_relevant_young_person(world):
    """world.yp_own, aged 19 and a half, looked after from 14 until their 18th birthday: a
    former relevant child, whose situation today passes every DfE rule."""
    today = timezone.localdate()
    young_person = world.yp_own
    young_person.date_of_birth = rules.add_months(today, -(19 * 12 + 6))
    young_person.save(update_fields=["date_of_birth"])
    add_episode(
        young_person=young_person,
        by=world.team_manager,
        started_on=rules.birthday(young_person.date_of_birth, 14),
        ended_on=rules.birthday(young_person.date_of_birth, 18),
        reason_ended=EpisodeEndReason.AGE_18,
    )
    young_person.refresh_from_db()
    assert young_person.legal_status == "former_relevant"
    return young_person


def heading(page):
    return page.get_by_role("heading", level=1)


def success_banner(page):
    return page.locator(".govuk-notification-banner--success")


def menu(page):
    return page.locator('nav[aria-label="Menu"]')


def fill_date(page, field: str, day) -> None:
    page.locator(f"#id_{field}_day").fill(str(day.day))
    page.locator(f"#id_{field}_month").fill(str(day.month))
    page.locator(f"#id_{field}_year").fill(str(day.year))


def record_a_contact_with_a_situation(page, day, notes: str) -> None:
    """Fill in the contact form: a home visit, seen alone, with their situation."""
    fill_date(page, "occurred_on", day)
    page.get_by_label("Time").fill("14:30")
    page.get_by_label("Home visit").check()
    page.get_by_role("group", name="Was the young person seen alone?").get_by_label(
        "Yes", exact=True
    ).check()
    page.get_by_label("Notes").fill(notes)
    page.get_by_label("Yes, in touch (YES)").check()
    page.get_by_label("Main activity").select_option("F2")
    page.get_by_label("Accommodation and whether it is suitable").select_option("D1")


def change_section(
    page, code: str, *, narrative: str, views: str = "", check_plan: bool = True
) -> None:
    """Write a section of the plan. Each section's form is checked with axe-core; the plan
    page it returns to is checked unless ``check_plan`` is False (it was checked already)."""
    follow(page, page.get_by_role("link", name=f"Change {SECTION_NAMES[code]}", exact=True))
    expect(heading(page)).to_have_text(PlanSectionCode(code).label)
    page.get_by_label("What the plan is").fill(narrative)
    if views:
        page.get_by_label("The young person's views").fill(views)
    follow(page, page.get_by_role("button", name="Save"), check=check_plan)
    expect(success_banner(page)).to_contain_text(f"{PlanSectionCode(code).label} saved")


def manager_decides(manager, young_person, *, decision: str, comment: str = "") -> None:
    follow(manager, menu(manager).get_by_role("link", name="Plans to sign off"))
    expect(heading(manager)).to_have_text("Plans awaiting sign-off")
    follow(
        manager,
        manager.get_by_role("link", name=f"Approve or return {young_person.display_name}'s plan"),
    )
    expect(heading(manager)).to_have_text("Approve or return the plan")
    manager.get_by_label(decision).check()
    if comment:
        manager.get_by_label("Comments").fill(comment)
    follow(manager, manager.get_by_role("button", name="Save the decision"))


# The journey -----------------------------------------------------------------------------


def test_a_personal_adviser_and_their_manager_take_a_plan_from_contact_to_review(
    page, open_page, world
):
    young_person = a_former_relevant_young_person(world)
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)

    # The adviser opens their young person from the caseload.
    sign_in(page, world.pa)
    follow(page, menu(page).get_by_role("link", name="Caseload"))
    expect(heading(page)).to_have_text("Your caseload")
    follow(page, page.get_by_role("link", name=young_person.display_name))
    expect(heading(page)).to_have_text(young_person.display_name)
    young_person_path = urlsplit(page.url).path

    # A contact, with their situation as DfE codes.
    follow(page, page.get_by_role("link", name="Record a contact"))
    expect(heading(page)).to_have_text("Record a contact")
    record_a_contact_with_a_situation(page, yesterday, "Talked about the college course.")
    follow(page, page.get_by_role("button", name="Save contact"))
    assert urlsplit(page.url).path == young_person_path
    expect(success_banner(page)).to_contain_text("Contact and situation recorded.")
    timeline = page.locator(".lc-timeline")
    expect(timeline).to_contain_text("Home visit")
    expect(timeline).to_contain_text("Talked about the college course.")
    expect(timeline).to_contain_text("Situation recorded")
    expect(timeline).to_contain_text("Other education, full-time (F2)")

    # A pathway plan: every section's narrative, their views, aspirations and an action.
    follow(page, page.get_by_role("link", name="Pathway plan", exact=True))
    expect(heading(page)).to_have_text("Pathway plans")
    follow(page, page.get_by_role("button", name="Start a pathway plan"))
    expect(success_banner(page)).to_contain_text("Pathway plan started")
    expect(heading(page)).to_contain_text("Pathway plan version 1")
    plan_path = urlsplit(page.url).path

    for number, code in enumerate(PlanSectionCode.values):
        views = "I want to stay near my sister." if code == PlanSectionCode.SUPPORT else ""
        # The plan page is checked after the first section and the last (and at every step
        # below); in between it is the same page with one more section written.
        last = number == len(PlanSectionCode.values) - 1
        change_section(
            page,
            code,
            narrative=f"What we will do: {code}.",
            views=views,
            check_plan=number == 0 or last,
        )

    follow(page, page.get_by_role("link", name="Change start date and aspirations"))
    expect(heading(page)).to_have_text("Plan details")
    page.get_by_label("Aspirations beyond 18").fill("To become a paramedic.")
    follow(page, page.get_by_role("button", name="Save"))
    expect(success_banner(page)).to_contain_text("Plan details saved")

    follow(page, page.get_by_role("link", name="Add an action to education or training"))
    page.get_by_label("What will be done").fill("Apply for the access course")
    page.get_by_label("Who will do it").fill("The young person, with their adviser")
    fill_date(page, "due_on", today + timedelta(days=60))
    follow(page, page.get_by_role("button", name="Add the action"))
    expect(success_banner(page)).to_contain_text("Action added to education or training")
    expect(page.locator("#section-education")).to_contain_text("Apply for the access course")

    follow(page, page.get_by_role("link", name="Send for sign-off"))
    expect(heading(page)).to_have_text("Check the plan before sending it for sign-off")
    follow(page, page.get_by_role("button", name="Send for sign-off"))
    expect(success_banner(page)).to_contain_text("Plan sent to a manager for sign-off")
    expect(heading(page)).to_contain_text("Awaiting sign-off")

    # The team manager, in their own browser, returns it with a comment.
    manager = open_page()
    sign_in(manager, world.team_manager)
    manager_decides(
        manager,
        young_person,
        decision="Return it for changes",
        comment="Say how health appointments will be kept.",
    )
    expect(success_banner(manager)).to_contain_text("Plan returned for changes")

    # The adviser sees the comment, changes a section and sends it again.
    visit(page, plan_path)
    returned = page.locator(".govuk-notification-banner").filter(has_text="Returned for changes")
    expect(returned).to_contain_text("Say how health appointments will be kept.")
    expect(returned).to_contain_text(world.team_manager.full_name)
    change_section(
        page,
        PlanSectionCode.HEALTH,
        narrative="Registered with a GP; we will go to appointments together.",
    )
    expect(page.locator("#section-health")).to_contain_text("go to appointments together")
    follow(page, page.get_by_role("link", name="Send for sign-off"))
    follow(page, page.get_by_role("button", name="Send for sign-off"))
    expect(success_banner(page)).to_contain_text("Plan sent to a manager for sign-off")

    # The manager approves it.
    manager_decides(manager, young_person, decision="Approve the plan")
    expect(success_banner(manager)).to_contain_text("Plan approved")
    expect(heading(manager)).to_contain_text("Approved")

    # The adviser records a review and sees when the next one is due.
    visit(page, young_person_path)
    follow(page, page.get_by_role("link", name="Record a review"))
    expect(heading(page)).to_have_text("Record a review")
    fill_date(page, "held_on", today)
    page.get_by_label("Scheduled").check()
    page.get_by_label("Who attended").fill("The young person; Petra Adviser (personal adviser)")
    page.get_by_label("The young person's views").fill("College is going well.")
    page.get_by_label("Progress in education, employment or training").fill(
        "Started the access course in September."
    )
    page.get_by_label("Progress: health needs and how they are met").fill("Saw the GP.")
    page.get_by_label("Outcome").fill("Plan stays as it is.")
    follow(page, page.get_by_role("button", name="Save review"))
    assert urlsplit(page.url).path == young_person_path
    next_review = govuk_date(rules.add_months(today, 6))
    assert world.council.review_interval_months == 6
    expect(success_banner(page)).to_contain_text(f"The next review is due by {next_review}")
    work_due = page.locator(".govuk-summary-list__row").filter(has_text="Next review")
    expect(work_due.locator(".govuk-summary-list__value")).to_contain_text(next_review)

    # The adviser downloads the young person's copy of the plan.
    follow(page, page.get_by_role("link", name="Pathway plan 1", exact=True))
    with page.expect_download() as download:
        page.get_by_role("link", name="Download a copy for the young person (PDF)").click()
    content = download.value.path().read_bytes()
    assert content.startswith(b"%PDF")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert world.pa.email in text
    assert "To become a paramedic." in text


def test_recording_a_contact_with_a_situation_works_without_javascript(page, open_page, world):
    young_person = a_former_relevant_young_person(world)
    yesterday = timezone.localdate() - timedelta(days=1)
    # ``page`` (with JavaScript) is where axe-core checks what the browser without it got.
    nojs = open_page(java_script_enabled=False)

    nojs.goto("/sign-in/", wait_until="load")
    check_without_javascript(nojs, page)
    assert "js-enabled" not in nojs.evaluate("() => document.body.className")
    nojs.locator("#id_username").fill(world.pa.email)
    nojs.locator("#id_password").fill(TEST_PASSWORD)
    follow_without_javascript(nojs, page, nojs.get_by_role("button", name="Sign in"))
    assert urlsplit(nojs.url).path != "/sign-in/"

    follow_without_javascript(nojs, page, menu(nojs).get_by_role("link", name="Caseload"))
    follow_without_javascript(nojs, page, nojs.get_by_role("link", name=young_person.display_name))
    follow_without_javascript(nojs, page, nojs.get_by_role("link", name="Record a contact"))
    record_a_contact_with_a_situation(nojs, yesterday, "Seen at home, no JavaScript needed.")
    follow_without_javascript(nojs, page, nojs.get_by_role("button", name="Save contact"))

    assert urlsplit(nojs.url).path == f"/pathways/young-people/{young_person.uuid}/"
    expect(success_banner(nojs)).to_contain_text("Contact and situation recorded.")
    timeline = nojs.locator(".lc-timeline")
    expect(timeline).to_contain_text("Seen at home, no JavaScript needed.")
    expect(timeline).to_contain_text("Situation recorded")
    expect(timeline).to_contain_text("Semi-independent, transitional accommodation")
    # What axe-core checked (in ``page``) is that same page.
    expect(page.locator(".lc-timeline")).to_contain_text("Seen at home, no JavaScript needed.")
