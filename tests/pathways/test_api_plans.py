"""The pathway plan API: starting a version, reading it, submitting it and signing it off."""

from __future__ import annotations

from datetime import timedelta

import pytest

from audit.models import Action, AuditEvent
from pathways.models import PathwayPlan, PlanAction, PlanSectionCode
from pathways.services.plans import add_action, start_plan, submit_plan
from tests.clock import TODAY
from tests.conftest import client_for

from .factories import fill, send, submitted_plan

DUE = TODAY + timedelta(days=48)


def plans_url(yp) -> str:
    return f"/api/young-people/{yp.uuid}/plans/"


def plan_url(plan, action: str = "") -> str:
    return f"/api/plans/{plan.uuid}/" + (f"{action}/" if action else "")


# Starting and reading ---------------------------------------------------------------------


def test_a_pa_starts_a_plan_with_the_nine_statutory_sections(world, pa_client):
    response = send(pa_client, "post", plans_url(world.yp_own))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft"
    assert body["number"] == 1
    assert body["young_person"] == str(world.yp_own.uuid)
    assert [s["code"] for s in body["sections"]] == PlanSectionCode.values
    assert body["sections"][-1]["title"] == "Contingency plans"


def test_it_refuses_a_second_open_plan(world, pa_client):
    send(pa_client, "post", plans_url(world.yp_own))
    response = send(pa_client, "post", plans_url(world.yp_own))
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["There is already a plan in progress: finish it first"]
    }
    assert PathwayPlan.objects.count() == 1


def test_a_pa_cannot_start_a_plan_for_a_colleagues_young_person(world, pa_client):
    assert send(pa_client, "post", plans_url(world.yp_colleague)).status_code == 403
    assert send(pa_client, "post", plans_url(world.yp_other_team)).status_code == 404
    assert not PathwayPlan.objects.exists()


def test_it_shows_a_plan_with_sections_and_actions_and_audits_the_read(world, pa_client):
    plan = start_plan(young_person=world.yp_colleague, by=world.pa_colleague)
    section = plan.sections.get(code="education")
    add_action(
        section=section,
        by=world.pa_colleague,
        what="Apply to college",
        who="Kit",
        due_on=DUE,
    )
    response = pa_client.get(plan_url(plan))
    assert response.status_code == 200
    education = next(s for s in response.json()["sections"] if s["code"] == "education")
    assert education["actions"] == [
        {
            "id": PlanAction.objects.get().pk,
            "what": "Apply to college",
            "who": "Kit",
            "due_on": DUE.isoformat(),
            "status": "not_started",
        }
    ]
    event = AuditEvent.objects.get(actor=world.pa, action=Action.VIEW)
    assert event.object_id == str(world.yp_colleague.pk)


@pytest.mark.parametrize(
    "persona,kind,status",
    [
        ("pa", "yp_own", 200),
        ("pa", "yp_colleague", 200),
        ("pa", "yp_other_team", 404),
        ("service_manager", "yp_other_team", 200),
        ("other_council_user", "yp_own", 404),
        ("participation_officer", "yp_own", 403),
        ("administrator", "yp_own", 403),
    ],
)
def test_reading_a_plan_follows_the_read_scope(world, persona, kind, status):
    yp = getattr(world, kind)
    plan = start_plan(young_person=yp, by=yp.personal_adviser)
    assert client_for(world.persona(persona)).get(plan_url(plan)).status_code == status


# Submitting -------------------------------------------------------------------------------


def test_it_refuses_to_submit_an_incomplete_plan_saying_what_is_missing(world, pa_client):
    plan = start_plan(young_person=world.yp_own, by=world.pa)
    response = send(pa_client, "post", plan_url(plan, "submit"))
    assert response.status_code == 400
    problems = response.json()["non_field_errors"]
    assert "Contact and personal support: write what the plan is" in problems
    assert "Record the young person's aspirations beyond 18" in problems
    plan.refresh_from_db()
    assert plan.status == "draft"


def test_a_pa_submits_a_complete_plan(world, pa_client):
    plan = fill(start_plan(young_person=world.yp_own, by=world.pa), by=world.pa)
    response = send(pa_client, "post", plan_url(plan, "submit"))
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "submitted"
    assert response.json()["submitted_by"]["uuid"] == str(world.pa.uuid)


@pytest.mark.parametrize(
    "persona,kind,status",
    [
        ("pa", "yp_colleague", 403),
        ("pa", "yp_other_team", 404),
        ("team_manager", "yp_colleague", 200),
        ("committee_officer", "yp_own", 403),
    ],
)
def test_submitting_follows_the_edit_scope(world, persona, kind, status):
    yp = getattr(world, kind)
    plan = fill(start_plan(young_person=yp, by=yp.personal_adviser), by=yp.personal_adviser)
    response = send(client_for(world.persona(persona)), "post", plan_url(plan, "submit"))
    assert response.status_code == status
    plan.refresh_from_db()
    assert (plan.status == "submitted") is (status == 200)


def test_submit_and_decide_answer_only_to_post(world, pa_client, team_manager_client):
    plan = start_plan(young_person=world.yp_own, by=world.pa)
    assert pa_client.get(plan_url(plan, "submit")).status_code == 405
    assert team_manager_client.get(plan_url(plan, "decide")).status_code == 405
    assert pa_client.get(plan_url(plan, "decide")).status_code == 403


# Signing off ------------------------------------------------------------------------------


def test_a_team_manager_approves_a_submitted_plan(world, team_manager_client):
    plan = submitted_plan(world.yp_own, by=world.pa)
    response = send(team_manager_client, "post", plan_url(plan, "decide"), {"decision": "approve"})
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "approved"
    world.yp_own.refresh_from_db()
    assert world.yp_own.plan_status == "approved"


def test_returning_a_plan_needs_a_comment(world, team_manager_client):
    plan = submitted_plan(world.yp_own, by=world.pa)
    response = send(team_manager_client, "post", plan_url(plan, "decide"), {"decision": "return"})
    assert response.status_code == 400
    assert response.json() == {"comment": ["Say what needs to change before returning the plan"]}
    plan.refresh_from_db()
    assert plan.status == "submitted"

    response = send(
        team_manager_client,
        "post",
        plan_url(plan, "decide"),
        {"decision": "return", "comment": "Add the college's name."},
    )
    assert response.status_code == 200
    assert response.json()["decision_comment"] == "Add the college's name."


def test_a_pa_cannot_sign_off_plans(world, pa_client):
    plan = submitted_plan(world.yp_colleague, by=world.pa_colleague)
    response = send(pa_client, "post", plan_url(plan, "decide"), {"decision": "approve"})
    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.status == "submitted"


def test_a_manager_cannot_sign_off_a_plan_they_submitted(world, team_manager_client):
    plan = fill(start_plan(young_person=world.yp_own, by=world.pa), by=world.pa)
    submit_plan(plan=plan, by=world.team_manager)
    response = send(team_manager_client, "post", plan_url(plan, "decide"), {"decision": "approve"})
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["You cannot sign off a plan you submitted"]}


def test_a_team_manager_cannot_reach_another_teams_plan(world, team_manager_client):
    plan = submitted_plan(world.yp_other_team, by=world.pa_other_team)
    response = send(team_manager_client, "post", plan_url(plan, "decide"), {"decision": "approve"})
    assert response.status_code == 404


def test_it_refuses_to_decide_a_plan_not_awaiting_sign_off(world, team_manager_client):
    plan = start_plan(young_person=world.yp_own, by=world.pa)
    response = send(team_manager_client, "post", plan_url(plan, "decide"), {"decision": "approve"})
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["This plan is not awaiting sign-off"]}
