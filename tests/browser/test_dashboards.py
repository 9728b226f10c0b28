"""A team manager's morning on the dashboards, as a new user would try it: find an overdue
review in two clicks, reallocate two young people, download the team list as XLSX; and the
service dashboard's charts and tables pass axe-core."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from pathways.rules import LegalStatus
from tests.factories import YoungPersonFactory

from .harness import follow, sign_in, visit


@pytest.fixture
def team(world, settings):
    settings.DASHBOARDS_STALE_SECONDS = 0  # show changes at once
    today = timezone.localdate()
    people = {}
    for name, due in (
        ("Overdue", today - timedelta(days=3)),
        ("Ontime", today + timedelta(days=40)),
        ("Spare", today + timedelta(days=60)),
    ):
        people[name] = YoungPersonFactory(
            council=world.council,
            personal_adviser=world.pa,
            team=world.team_a,
            legal_first_name="Robin",
            legal_last_name=name,
            date_of_birth=date(2005, 6, 1),
            legal_status=LegalStatus.FORMER_RELEVANT,
            next_review_due_on=due,
            last_contact_on=today - timedelta(days=10),
        )
    return people


def test_a_team_manager_finds_an_overdue_review_reallocates_and_downloads(page, world, team):
    sign_in(page, world.team_manager)
    visit(page, "/dashboards/team/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Team dashboard")

    # Click 1: Petra's overdue reviews; click 2: the young person's record.
    follow(page, page.get_by_role("link", name="1 Reviews overdue, Petra Adviser"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Pathway-plan review overdue")
    follow(page, page.get_by_role("link", name="Robin Overdue"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Robin Overdue")
    expect(page.locator("main")).to_contain_text("Overdue")

    # Reallocate two young people from the dashboard.
    visit(page, "/dashboards/team/")
    follow(page, page.get_by_role("link", name="Reallocate young people"))
    page.get_by_label("Select Robin Ontime").check()
    page.get_by_label("Select Robin Spare").check()
    # The filter form on that page has a field with the same id (id_personal_adviser), so the
    # label finds the wrong select: name the form instead.
    adviser = page.locator('form[method="post"] select[name="personal_adviser"]')
    adviser.select_option(label="Colm Colleague (Team A)")
    follow(page, page.get_by_role("button", name="Reallocate the selected young people"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "2 young people allocated to Colm Colleague"
    )
    visit(page, "/dashboards/team/")
    colm = page.get_by_role("row").filter(has_text="Colm Colleague")
    expect(colm.get_by_role("cell").first).to_have_text("3 Caseload, Colm Colleague")

    # The team list as XLSX, with its headers and real dates.
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the team's young people (XLSX)").click()
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    assert [c.value for c in sheet[1]][:3] == ["Name", "Person ID", "Date of birth"]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert rows["Robin Overdue"][2].value == datetime(2005, 6, 1)
    assert rows["Robin Overdue"][2].number_format == "DD/MM/YYYY"
    assert rows["Robin Ontime"][5].value == "Colm Colleague"


def test_the_service_dashboard_and_its_charts_pass_axe(page, world, team):
    sign_in(page, world.service_manager)
    visit(page, "/dashboards/service/")
    charts = page.locator("svg[role=img]")
    expect(charts).to_have_count(4)
    visit(page, "/dashboards/data-quality/")
    visit(page, "/dashboards/returns/")
