"""Every pathways page, with realistic data, as the persona who uses it, checked with axe-core:
lists with filters applied, forms with their error states (a DfE rule broken, a needs
assessment marked complete while empty) and the 409 page of a plan section two people saved."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from urllib.parse import parse_qs, urlsplit

from django.utils import timezone
from playwright.sync_api import expect

from core.templatetags.govuk import govuk_date
from pathways import rules
from pathways.models import Contact, PathwayPlan, PlanSectionCode, Review, YoungPerson
from pathways.services.plans import (
    add_action,
    decide_plan,
    save_plan_details,
    save_section,
    start_plan,
    submit_plan,
)
from pathways.services.work import SituationInput, record_contact, record_review, record_situation
from pathways.services.young_people import allocate

from . import test_pathways_journey
from .harness import follow, sign_in, visit
from .test_pathways_journey import (
    a_former_relevant_young_person,
    fill_date,
    heading,
    menu,
    success_banner,
)

# The fixture that opens a second browser (see test_pathways_journey.py), for the 409 page.
open_page = test_pathways_journey.open_page


def error_summary(page):
    return page.locator(".govuk-error-summary")


def a_written_plan(young_person, adviser, *, starts_on=None, views: str = "I want my own flat."):
    plan = start_plan(young_person=young_person, by=adviser)
    for section in plan.sections.all():
        save_section(
            section=section,
            by=adviser,
            expected_version=section.lock_version,
            narrative=f"What we will do about {section.get_code_display().lower()}.",
            young_person_views=views if section.code == PlanSectionCode.ACCOMMODATION else "",
        )
    save_plan_details(
        plan=plan,
        by=adviser,
        expected_version=plan.lock_version,
        starts_on=starts_on or timezone.localdate(),
        aspirations="To work with animals.",
    )
    return plan


def a_record_with_history(world):
    """world.yp_own with contacts, situations (they moved yesterday), an approved plan with an
    action, a review and a second version in draft with one section not written; and a plan
    of world.yp_colleague waiting for the team manager's sign-off."""
    young_person = a_former_relevant_young_person(world)
    pa, today = world.pa, timezone.localdate()
    for adviser, reason in ((world.pa_colleague, "Cover for leave"), (pa, "Back from cover")):
        allocate(
            young_people=[young_person],
            personal_adviser=adviser,
            by=world.team_manager,
            reason=reason,
        )
    last_week = today - timedelta(days=7)
    record_contact(
        young_person=young_person,
        by=pa,
        occurred_at=timezone.make_aware(datetime.combine(last_week, time(11, 0))),
        kind=Contact.Kind.OFFICE,
        seen_alone=True,
        notes="Came in to talk about money.",
        situation=SituationInput(last_week, "YES", "F2", "D1"),
    )
    record_situation(
        young_person=young_person,
        by=pa,
        data=SituationInput(today - timedelta(days=1), "YES", "F5", "U1"),
    )
    plan = a_written_plan(young_person, pa, starts_on=today - timedelta(days=60))
    add_action(
        section=plan.sections.get(code=PlanSectionCode.FINANCE),
        by=pa,
        what="Open a bank account",
        who="The young person",
        due_on=today + timedelta(days=30),
    )
    submit_plan(plan=plan, by=pa)
    decide_plan(plan=plan, by=world.team_manager, approve=True)
    record_review(
        young_person=young_person,
        by=pa,
        held_on=today - timedelta(days=14),
        review_type=Review.Type.SCHEDULED,
        attendees="The young person; Petra Adviser",
        young_person_views="I like my new job.",
        eet_progress="Working 20 hours a week.",
        outcome="Keep going as planned.",
        section_progress={PlanSectionCode.HEALTH: "Registered with a dentist."},
    )
    draft = start_plan(young_person=young_person, by=pa)
    finance = draft.sections.get(code=PlanSectionCode.FINANCE)
    save_section(
        section=finance,
        by=pa,
        expected_version=finance.lock_version,
        narrative="",
        young_person_views="",
    )

    colleague_plan = a_written_plan(world.yp_colleague, world.pa_colleague)
    submit_plan(plan=colleague_plan, by=world.pa_colleague)
    young_person.refresh_from_db()
    return young_person, plan, draft


def test_a_personal_advisers_pages(page, open_page, world):
    young_person, approved, draft = a_record_with_history(world)
    record = f"/pathways/young-people/{young_person.uuid}/"
    sign_in(page, world.pa)

    # Caseload, filtered by legal status and then sorted.
    follow(page, menu(page).get_by_role("link", name="Caseload"))
    page.get_by_label("Former relevant").check()
    follow(page, page.get_by_role("button", name="Apply filters"))
    assert parse_qs(urlsplit(page.url).query)["status"] == ["former_relevant"]
    expect(page.locator(".lc-filter-panel__selected")).to_contain_text("Former relevant")
    rows = page.locator(".govuk-table__body .govuk-table__row")
    expect(rows).to_have_count(1)
    expect(page.locator(".govuk-table__caption")).to_contain_text("1 young person matches")
    follow(page, page.get_by_role("link", name="Age", exact=True))
    expect(rows).to_have_count(1)

    # The young person's page, their details and care episodes.
    follow(page, rows.get_by_role("link", name=young_person.display_name))
    expect(heading(page)).to_have_text(young_person.display_name)
    timeline = page.locator(".lc-timeline")
    for text in ("Office visit", "Situation recorded", "Review: scheduled", "Left care"):
        expect(timeline).to_contain_text(text)
    follow(page, page.get_by_role("link", name="Change their details"))
    expect(heading(page)).to_have_text("Change their details")
    expect(page.locator("#id_person_id")).to_have_value(young_person.person_id)
    page.go_back()  # to the young person's page, checked already
    follow(page, page.get_by_role("link", name="Add a care episode"))
    follow(page, page.get_by_role("button", name="Add care episode"))
    expect(error_summary(page)).to_contain_text("Enter date care started")

    # Contacts, and a contact refused by a DfE rule.
    visit(page, f"{record}contacts/")
    expect(page.locator(".govuk-table__body")).to_contain_text("Came in to talk about money.")
    follow(page, page.get_by_role("link", name="Record a contact"))
    fill_date(page, "occurred_on", timezone.localdate() - timedelta(days=1))
    page.get_by_label("Time").fill("09:15")
    page.get_by_label("Phone call").check()
    page.get_by_label("Yes, in touch (YES)").check()
    page.get_by_label("Main activity").select_option("0")
    page.get_by_label("Accommodation and whether it is suitable").select_option("U1")
    contacts_before = Contact.objects.count()
    response = follow(page, page.get_by_role("button", name="Save contact"))
    assert response.status == 200
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(error_summary(page)).to_contain_text(
        "In touch is YES, so activity and accommodation are needed"
    )
    expect(page.get_by_label("Main activity")).to_have_value("0")
    assert Contact.objects.count() == contacts_before

    # Situations.
    visit(page, f"{record}situations/")
    expect(page.locator(".govuk-table__body")).to_contain_text("Current")
    follow(page, page.get_by_role("link", name="Record their situation"))
    expect(heading(page)).to_have_text("Record their situation")

    # Reviews: the list, one review and the form.
    visit(page, f"{record}reviews/")
    review = young_person.reviews.get()
    follow(page, page.get_by_role("link", name=govuk_date(review.held_on), exact=True))
    expect(page.locator("main")).to_contain_text("Registered with a dentist.")
    page.go_back()
    follow(page, page.get_by_role("link", name="Record a review"))
    expect(page.locator(".govuk-inset-text")).to_contain_text("This reviews pathway plan 1")

    # The needs assessment, marked complete while empty.
    visit(page, f"{record}needs-assessment/")
    follow(page, page.get_by_role("button", name="Save and mark as complete"))
    summary = error_summary(page)
    expect(summary).to_contain_text(
        "Enter the assessment of health and development, including mental health"
    )
    expect(summary.locator("a")).to_have_count(8)
    assert not young_person.needs_assessments.exists()

    # The plans, version 2 in draft, and the check before sending it.
    visit(page, f"{record}plans/")
    expect(page.locator(".govuk-table__body .govuk-table__row")).to_have_count(2)
    follow(page, page.get_by_role("link", name="Version 2", exact=True))
    expect(heading(page)).to_contain_text("Pathway plan version 2")
    follow(page, page.get_by_role("link", name="Send for sign-off"))
    expect(page.locator("main")).to_contain_text("Financial support: write what the plan is")
    expect(page.get_by_role("button", name="Send for sign-off")).to_have_count(0)

    # A section two people save: the later save is refused and what they typed is kept.
    section_url = f"/pathways/plans/{draft.uuid}/sections/{PlanSectionCode.HEALTH}/"
    visit(page, section_url)
    other = open_page()
    sign_in(other, world.pa)
    visit(other, section_url)
    other.get_by_label("What the plan is").fill("Saved first, in the other browser.")
    follow(other, other.get_by_role("button", name="Save"))
    expect(success_banner(other)).to_contain_text("Health needs and how they are met saved")

    typed = "Typed here while the other browser saved.\nSecond paragraph."
    page.get_by_label("What the plan is").fill(typed)
    response = follow(page, page.get_by_role("button", name="Save"))
    assert response.status == 409
    expect(error_summary(page)).to_contain_text("Someone else saved this section")
    expect(page.get_by_label("What the plan is")).to_have_value(typed)
    expect(page.locator(".govuk-inset-text")).to_contain_text("Saved first, in the other browser.")
    follow(page, page.get_by_role("button", name="Save"))
    expect(success_banner(page)).to_contain_text("Health needs and how they are met saved")
    expect(page.locator("#section-health")).to_contain_text("Second paragraph.")

    # A section saved after the plan was sent for sign-off meanwhile: the locked page says why
    # in the service's words, in the error summary, and shows what they typed.
    visit(page, section_url)
    PathwayPlan.objects.filter(pk=draft.pk).update(status=PathwayPlan.Status.SUBMITTED)
    page.get_by_label("What the plan is").fill("Typed after it was sent.")
    response = follow(page, page.get_by_role("button", name="Save"))
    assert response.status == 403
    expect(error_summary(page)).to_contain_text(
        "This plan has been submitted for sign-off and can no longer be changed"
    )
    expect(page.locator(".govuk-inset-text")).to_contain_text("Typed after it was sent.")
    PathwayPlan.objects.filter(pk=draft.pk).update(status=PathwayPlan.Status.DRAFT)
    follow(page, page.get_by_role("link", name="Go to version 2"), check=False)

    # An action's status; starting a plan while one is in progress; the approved version.
    follow(page, page.get_by_role("link", name="Change status of Open a bank account"))
    expect(heading(page)).to_have_text("Change the status of an action")
    page.get_by_label("In progress").check()
    follow(page, page.get_by_role("button", name="Save the status"))
    expect(page.locator("#section-finance")).to_contain_text("In progress")
    visit(page, f"{record}plans/start/")
    expect(heading(page)).to_have_text("There is already a plan in progress")
    response = visit(page, f"/pathways/plans/{approved.uuid}/sections/{PlanSectionCode.HEALTH}/")
    assert response.status == 403
    expect(heading(page)).to_have_text("This plan cannot be changed")


def test_a_team_managers_pages(page, world):
    young_person, _, _ = a_record_with_history(world)
    colleague_person = world.yp_colleague
    sign_in(page, world.team_manager)

    # Young people in the team, filtered by personal adviser and legal status.
    follow(page, menu(page).get_by_role("link", name="Young people"))
    page.get_by_label("Personal adviser").select_option(label=world.pa.full_name)
    page.get_by_label("Former relevant").check()
    follow(page, page.get_by_role("button", name="Apply filters"))
    rows = page.locator(".govuk-table__body .govuk-table__row")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text(young_person.display_name)

    # Their record: the legal status override refused without a reason, and reallocation.
    follow(page, rows.get_by_role("link", name=young_person.display_name))
    follow(page, page.get_by_role("link", name="Override the legal status"))
    page.get_by_label("Relevant", exact=True).check()
    follow(page, page.get_by_role("button", name="Save legal status"))
    expect(error_summary(page)).to_contain_text("Give the reason for the change")
    # Back to their page (checked already).
    follow(page, page.get_by_role("link", name="Cancel"), check=False)
    follow(page, page.get_by_role("link", name=f"Reallocate {young_person.display_name}"))
    expect(page.locator(".govuk-table")).to_contain_text("Back from cover")

    # Adding a young person, refused for a date of birth that makes them 14.
    follow(page, menu(page).get_by_role("link", name="Young people"))
    follow(page, page.get_by_role("link", name="Add a young person"))
    page.get_by_label("Person ID").fill("NEW0001")
    page.get_by_label("Legal first name").fill("Rowan")
    page.get_by_label("Legal last name").fill("Newcomer")
    fill_date(page, "date_of_birth", rules.add_months(timezone.localdate(), -14 * 12))
    page.get_by_label("Not known or not stated").check()
    page.get_by_label("Ethnicity").select_option("NOBT")
    follow(page, page.get_by_role("button", name="Add young person"))
    expect(error_summary(page)).to_contain_text(
        "Date of birth must make them at least 15 years old"
    )
    assert not YoungPerson.objects.filter(person_id="NEW0001").exists()

    # Plans to sign off, and a return without a comment.
    follow(page, menu(page).get_by_role("link", name="Plans to sign off"))
    follow(
        page,
        page.get_by_role("link", name=f"Approve or return {colleague_person.display_name}'s plan"),
    )
    page.get_by_label("Return it for changes").check()
    follow(page, page.get_by_role("button", name="Save the decision"))
    expect(error_summary(page)).to_contain_text(
        "Say what needs to change before returning the plan"
    )
    # Signed off by the service manager meanwhile: the decision is refused in the service's
    # words, as the API refuses it.
    colleague_plan = colleague_person.plans.get(status=PathwayPlan.Status.SUBMITTED)
    decide_plan(plan=colleague_plan, by=world.service_manager, approve=True)
    page.get_by_label("Approve the plan").check()
    follow(page, page.get_by_role("button", name="Save the decision"))
    expect(error_summary(page)).to_contain_text("This plan is not awaiting sign-off")

    # Reallocating several young people at once, after narrowing the list.
    visit(page, "/pathways/young-people/allocate/")
    page.get_by_label("Currently allocated to").select_option(label=world.pa.full_name)
    follow(page, page.get_by_role("button", name="Apply filters"))
    candidates = page.locator(".govuk-table__body .govuk-table__row")
    expect(candidates).to_have_count(1)
    page.get_by_label(f"Select {young_person.display_name}").check()
    page.get_by_label("New personal adviser").select_option(
        label=f"{world.pa_colleague.full_name} ({world.team_a.name})"
    )
    page.get_by_label("Reason (optional)").fill("Caseload balancing")
    follow(page, page.get_by_role("button", name="Reallocate the selected young people"))
    expect(success_banner(page)).to_contain_text(
        f"1 young person allocated to {world.pa_colleague.full_name}"
    )
    assert YoungPerson.objects.get(pk=young_person.pk).personal_adviser == world.pa_colleague
