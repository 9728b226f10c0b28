"""The sign-off workflow: draft → submitted → approved, or returned with comments."""

from django.urls import reverse

from pathways.models import PathwayPlan
from tests.factories import YoungPersonFactory
from tests.querybudget import assert_constant_queries

from .factories import draft_plan, submitted_plan


def _decide(client, plan, **data):
    return client.post(reverse("pathways:plan-decide", args=[plan.uuid]), data)


def test_the_check_page_lists_what_is_missing(world, pa_client):
    plan = draft_plan(world.yp_own, by=world.pa, filled=False)

    response = pa_client.get(reverse("pathways:plan-submit", args=[plan.uuid]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Before you can send the plan" in html
    assert "Contingency plans: write what the plan is" in html
    assert "Record the young person&#x27;s aspirations beyond 18" in html
    assert "<button" not in html.split("Before you can send the plan")[1].split("</main>")[0]


def test_submitting_an_incomplete_plan_is_refused_with_the_problems(world, pa_client):
    plan = draft_plan(world.yp_own, by=world.pa, filled=False)

    response = pa_client.post(reverse("pathways:plan-submit", args=[plan.uuid]))

    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PathwayPlan.Status.DRAFT


def test_a_pa_sends_a_complete_plan_for_sign_off(world, pa_client):
    plan = draft_plan(world.yp_own, by=world.pa)

    page = pa_client.get(reverse("pathways:plan-submit", args=[plan.uuid]))
    response = pa_client.post(reverse("pathways:plan-submit", args=[plan.uuid]))

    assert "Send the plan for sign-off" in page.content.decode()
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PathwayPlan.Status.SUBMITTED
    assert plan.submitted_by == world.pa
    world.yp_own.refresh_from_db()
    assert world.yp_own.plan_status == "submitted"


def test_a_team_manager_approves_a_submitted_plan(world, team_manager_client):
    plan = submitted_plan(world.yp_own, by=world.pa)

    page = team_manager_client.get(reverse("pathways:plan-decide", args=[plan.uuid]))
    response = _decide(team_manager_client, plan, decision="approve")

    assert page.status_code == 200
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PathwayPlan.Status.APPROVED
    assert plan.decided_by == world.team_manager
    world.yp_own.refresh_from_db()
    assert world.yp_own.plan_status == "approved"
    assert world.yp_own.next_review_due_on is not None


def test_returning_a_plan_needs_a_comment(world, team_manager_client):
    plan = submitted_plan(world.yp_own, by=world.pa)

    response = _decide(team_manager_client, plan, decision="return", comment="  ")

    assert response.status_code == 200
    assert "Say what needs to change before returning the plan" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PathwayPlan.Status.SUBMITTED


def test_a_decision_must_be_chosen(world, team_manager_client):
    plan = submitted_plan(world.yp_own, by=world.pa)

    response = _decide(team_manager_client, plan)

    assert "Select whether to approve the plan or return it" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PathwayPlan.Status.SUBMITTED


def test_a_returned_plan_can_be_changed_and_sent_again(world, pa_client, team_manager_client):
    plan = submitted_plan(world.yp_own, by=world.pa)

    _decide(team_manager_client, plan, decision="return", comment="Add the GP's name")
    plan.refresh_from_db()
    section = plan.sections.get(code="health")
    edited = pa_client.post(
        reverse("pathways:plan-section", args=[plan.uuid, "health"]),
        {"narrative": "GP: Dr Example", "lock_version": section.lock_version},
    )
    resent = pa_client.post(reverse("pathways:plan-submit", args=[plan.uuid]))

    assert plan.status == PathwayPlan.Status.RETURNED
    assert plan.decision_comment == "Add the GP's name"
    assert edited.status_code == 302
    assert resent.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PathwayPlan.Status.SUBMITTED


def test_a_pa_cannot_approve_a_plan(world, pa_colleague_client):
    plan = submitted_plan(world.yp_own, by=world.pa)

    assert (
        pa_colleague_client.get(reverse("pathways:plan-decide", args=[plan.uuid])).status_code
        == 403
    )
    assert _decide(pa_colleague_client, plan, decision="approve").status_code == 403
    plan.refresh_from_db()
    assert plan.status == PathwayPlan.Status.SUBMITTED


def test_a_team_manager_cannot_decide_another_teams_plan(world, team_manager_client):
    plan = submitted_plan(world.yp_other_team, by=world.pa_other_team)

    assert _decide(team_manager_client, plan, decision="approve").status_code == 404
    plan.refresh_from_db()
    assert plan.status == PathwayPlan.Status.SUBMITTED


def test_a_manager_cannot_sign_off_a_plan_they_submitted(
    world, team_manager_client, service_manager_client
):
    plan = submitted_plan(world.yp_own, by=world.team_manager)

    page = team_manager_client.get(reverse("pathways:plan-decide", args=[plan.uuid]))
    refused = _decide(team_manager_client, plan, decision="approve")
    approved = _decide(service_manager_client, plan, decision="approve")

    assert "another manager must approve or return it" in page.content.decode()
    assert refused.status_code == 200
    assert "You cannot sign off a plan you submitted" in refused.content.decode()
    assert approved.status_code == 302
    plan.refresh_from_db()
    assert plan.decided_by == world.service_manager


def test_deciding_a_plan_not_awaiting_sign_off_is_refused_with_the_services_message(
    world, team_manager_client
):
    """A decision sent for a plan that is not (or no longer) awaiting sign-off goes to the
    service like the API's, and the page shows the service's words; opening the decision page
    for such a plan goes back to the plan with a notice."""
    plan = draft_plan(world.yp_own, by=world.pa)

    response = _decide(team_manager_client, plan, decision="approve")

    assert response.status_code == 200
    assert "This plan is not awaiting sign-off" in response.content.decode()
    opened = team_manager_client.get(reverse("pathways:plan-decide", args=[plan.uuid]))
    assert opened.status_code == 302
    followed = team_manager_client.get(opened["Location"])
    assert "it is not awaiting sign-off" in followed.content.decode()
    plan.refresh_from_db()
    assert plan.status == PathwayPlan.Status.DRAFT


def test_the_awaiting_list_shows_the_managers_reach(
    world, team_manager_client, service_manager_client
):
    own = submitted_plan(world.yp_own, by=world.pa)
    other_team = submitted_plan(world.yp_other_team, by=world.pa_other_team)
    other_council = submitted_plan(world.yp_other_council, by=world.other_council_user)
    draft_plan(world.yp_colleague, by=world.pa_colleague)
    url = reverse("pathways:plans-awaiting")

    team = team_manager_client.get(url).content.decode()
    service = service_manager_client.get(url).content.decode()

    assert str(own.uuid) in team and str(other_team.uuid) not in team
    assert str(own.uuid) in service and str(other_team.uuid) in service
    assert str(other_council.uuid) not in service
    assert world.yp_colleague.display_name not in team


def test_personal_advisers_have_no_awaiting_list(world, pa_client):
    assert pa_client.get(reverse("pathways:plans-awaiting")).status_code == 403


def test_the_awaiting_list_runs_a_fixed_number_of_queries(world, service_manager_client):
    def grow(n):
        for _ in range(n):
            young_person = YoungPersonFactory(
                council=world.council, personal_adviser=world.pa, team=world.team_a
            )
            submitted_plan(young_person, by=world.pa)

    assert_constant_queries(
        service_manager_client, reverse("pathways:plans-awaiting"), grow=grow, base=3, factor=5
    )
