"""Pathway plans: the list of versions, the plan page, and starting a new version."""

from datetime import timedelta

from django.urls import reverse

from audit.models import Action, AuditEvent
from pathways.models import PathwayPlan, PlanAction, PlanSectionCode
from pathways.services.plans import decide_plan
from tests.clock import TODAY
from tests.querybudget import assert_constant_queries

from .factories import add_actions, approved_plan, draft_plan, submitted_plan


def _views_of(young_person):
    return AuditEvent.objects.filter(
        action=Action.VIEW, object_type="pathways.youngperson", object_id=str(young_person.pk)
    )


def test_it_lists_every_version_with_who_submitted_and_decided(world, pa_client):
    approved_plan(world.yp_own, by=world.pa, manager=world.team_manager)
    draft_plan(world.yp_own, by=world.pa)

    response = pa_client.get(reverse("pathways:plans", args=[world.yp_own.uuid]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Version 2" in html and "Version 1" in html
    assert "Approved by Tam Manager" in html
    assert "Petra Adviser" in html
    assert "Version 2 is in progress" in html
    assert _views_of(world.yp_own).count() == 1


def test_the_plan_page_shows_sections_actions_and_aspirations(world, pa_client):
    plan = draft_plan(world.yp_own, by=world.pa)
    add_actions(plan, 1, by=world.pa)

    response = pa_client.get(reverse("pathways:plan", args=[plan.uuid]))

    html = response.content.decode()
    for label in PlanSectionCode.labels:
        assert label in html
    assert "Contingency plans" in html
    assert "Narrative for accommodation and its suitability." in html
    assert "My views on health needs and how they are met." in html
    assert "Action 0" in html and "Not started" in html
    assert "To train as a chef" in html
    assert "Send for sign-off" in html


def test_viewing_a_plan_is_audited_as_a_view_of_the_young_person(world, pa_client):
    plan = draft_plan(world.yp_own, by=world.pa)

    pa_client.get(reverse("pathways:plan", args=[plan.uuid]))

    event = _views_of(world.yp_own).get()
    assert event.actor == world.pa
    assert event.detail == {"own_caseload": True}


def test_a_pa_reads_a_colleagues_plan_for_cover_without_edit_links(world, pa_client):
    plan = draft_plan(world.yp_colleague, by=world.pa_colleague)

    response = pa_client.get(reverse("pathways:plan", args=[plan.uuid]))

    assert response.status_code == 200
    assert "Send for sign-off" not in response.content.decode()
    assert _views_of(world.yp_colleague).get().detail == {"own_caseload": False}


def test_another_teams_and_another_councils_plans_are_not_found(world, pa_client):
    other_team = draft_plan(world.yp_other_team, by=world.pa_other_team)
    other_council = draft_plan(world.yp_other_council, by=world.other_council_user)

    assert pa_client.get(reverse("pathways:plan", args=[other_team.uuid])).status_code == 404
    assert pa_client.get(reverse("pathways:plan", args=[other_council.uuid])).status_code == 404


def test_a_returned_plan_shows_the_managers_comment(world, pa_client):
    plan = submitted_plan(world.yp_own, by=world.pa)
    decide_plan(
        plan=plan, by=world.team_manager, approve=False, comment="Add the college course dates"
    )

    html = pa_client.get(reverse("pathways:plan", args=[plan.uuid])).content.decode()

    assert "Returned for changes" in html
    assert "Add the college course dates" in html


def test_the_start_page_asks_to_confirm_and_a_get_makes_nothing(world, pa_client):
    response = pa_client.get(reverse("pathways:plan-start", args=[world.yp_own.uuid]))

    assert response.status_code == 200
    assert "Start the plan" in response.content.decode()
    assert not PathwayPlan.objects.exists()


def test_a_new_version_starts_as_a_copy_of_the_last(world, pa_client):
    first = approved_plan(world.yp_own, by=world.pa, manager=world.team_manager)
    add_actions(first, 0, by=world.pa)
    section = first.sections.get(code=PlanSectionCode.EDUCATION)
    PlanAction.objects.create(
        section=section, what="Enrol at college", who="Me", due_on=TODAY + timedelta(days=43)
    )
    PlanAction.objects.create(
        section=section,
        what="Finished",
        who="Me",
        due_on=TODAY - timedelta(days=322),
        status="done",
    )

    response = pa_client.post(reverse("pathways:plan-start", args=[world.yp_own.uuid]))

    second = world.yp_own.plans.get(number=2)
    assert response.status_code == 302
    assert response["Location"] == reverse("pathways:plan", args=[second.uuid])
    assert second.status == PathwayPlan.Status.DRAFT
    assert second.aspirations == first.aspirations
    copied = second.sections.get(code=PlanSectionCode.EDUCATION)
    assert copied.narrative == "Narrative for education or training."
    assert copied.young_person_views == "My views on education or training."
    assert [a.what for a in copied.actions.all()] == ["Enrol at college"]
    first.refresh_from_db()
    assert first.status == PathwayPlan.Status.APPROVED


def test_it_refuses_a_second_open_plan_with_a_message(world, pa_client):
    draft_plan(world.yp_own, by=world.pa)

    response = pa_client.post(reverse("pathways:plan-start", args=[world.yp_own.uuid]))

    assert response.status_code == 200
    assert "There is already a plan in progress" in response.content.decode()
    assert world.yp_own.plans.count() == 1


def test_a_pa_cannot_start_a_plan_for_someone_elses_young_person(world, pa_client):
    colleague = pa_client.post(reverse("pathways:plan-start", args=[world.yp_colleague.uuid]))
    other_team = pa_client.post(reverse("pathways:plan-start", args=[world.yp_other_team.uuid]))

    assert colleague.status_code == 403
    assert other_team.status_code == 404
    assert not PathwayPlan.objects.exists()


def test_the_plan_page_runs_a_fixed_number_of_queries(world, pa_client):
    plan = draft_plan(world.yp_own, by=world.pa)
    codes = iter(PlanSectionCode.values * 10)

    def grow(n):
        for _ in range(n):
            add_actions(plan, 1, by=world.pa, code=next(codes))

    assert_constant_queries(pa_client, reverse("pathways:plan", args=[plan.uuid]), grow=grow)


def test_the_versions_list_runs_a_fixed_number_of_queries(world, pa_client):
    def grow(n):
        for _ in range(n):
            approved_plan(world.yp_own, by=world.pa, manager=world.team_manager)

    assert_constant_queries(
        pa_client,
        reverse("pathways:plans", args=[world.yp_own.uuid]),
        grow=grow,
        base=2,
        factor=3,
    )
