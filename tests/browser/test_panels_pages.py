"""Every panels page the journey (test_panels_journey.py) does not reach, in a real browser
with axe-core: minutes, attendance, officers, a minute, actions, editing and deleting items,
papers and members, editing the committee and the meeting, the work programme and the public
page; and two forms sent with bad answers, whose error messages must pass axe too."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from playwright.sync_api import expect

from panels.services import committees as committee_services
from panels.services import meetings as meeting_services
from panels.services import minutes as minute_services
from tests.panels.factories import panel_for, report_fields

from .harness import follow, sign_in, visit


def test_the_officers_other_panel_pages_pass_axe(page, world):
    by = world.committee_officer
    committee, meeting = panel_for(world)
    item = meeting_services.add_item(meeting=meeting, by=by, part="A", title="Care leavers' update")
    paper = meeting_services.add_report(item=item, by=by, **report_fields())
    action = minute_services.add_action(
        meeting=meeting,
        by=by,
        description="Report back",
        owner="Head of Leaving Care",
        due_on=date(2026, 6, 1),
        item=item,
    )
    entry = committee_services.save_work_entry(
        committee=committee,
        by=by,
        meets_on=date(2026, 9, 25),
        theme="Health",
        key_lines_of_enquiry="How well are care leavers' health needs met?",
        planned_items="",
    )
    member = committee.members.order_by("pk").first()
    m, c = {"uuid": meeting.uuid}, {"uuid": committee.uuid}

    sign_in(page, by)
    for url in (
        reverse("panels:index"),
        reverse("panels:committee", kwargs=c),
        reverse("panels:committee-edit", kwargs=c),
        reverse("panels:member-edit", kwargs=c | {"pk": member.pk}),
        reverse("panels:work-programme", kwargs=c),
        reverse("panels:work-entry-new", kwargs=c),
        reverse("panels:work-entry-edit", kwargs=c | {"pk": entry.pk}),
        reverse("panels:work-entry-delete", kwargs=c | {"pk": entry.pk}),
        reverse("panels:meeting-edit", kwargs=m),
        reverse("panels:item-edit", kwargs=m | {"pk": item.pk}),
        reverse("panels:item-delete", kwargs=m | {"pk": item.pk}),
        reverse("panels:paper", kwargs=m | {"paper": paper.uuid}),
        reverse("panels:paper-delete", kwargs=m | {"paper": paper.uuid}),
        reverse("panels:paper-generated-choose", kwargs=m | {"pk": item.pk}),
        reverse("panels:minutes", kwargs=m),
        reverse("panels:attendance", kwargs=m),
        reverse("panels:officers", kwargs=m),
        reverse("panels:minute", kwargs=m | {"pk": item.pk}),
        reverse("panels:action-new", kwargs=m),
        reverse("panels:action", kwargs=m | {"action": action.uuid}),
        reverse("panels:builds", kwargs=m),
    ):
        response = visit(page, url)
        assert response.status == 200, url

    # Bad answers: the error summary and the field errors pass axe as well.
    visit(page, reverse("panels:action-new", kwargs=m))
    follow(page, page.locator("main form button[type=submit]").first)
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    visit(page, reverse("panels:work-entry-new", kwargs=c))
    follow(page, page.locator("main form button[type=submit]").first)
    expect(page.locator(".govuk-error-summary")).to_be_visible()

    # The public page, signed out.
    page.context.clear_cookies()
    response = visit(page, reverse("panels:public-committee", kwargs=c))
    assert response.status == 200
