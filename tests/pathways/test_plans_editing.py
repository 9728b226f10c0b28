"""Changing a plan: details, sections and actions, who may do it, and approved plans being
immutable."""

from datetime import timedelta

import pytest
from django.urls import reverse

from audit.models import Action, AuditEvent
from pathways.models import PathwayPlan, PlanAction, PlanSection
from pathways.services.plans import decide_plan, submit_plan
from tests.clock import TODAY

from .factories import action_in, add_actions, approved_plan, draft_plan, submitted_plan

STARTS = TODAY + timedelta(days=8)  # a plan starting next week
DUE = TODAY + timedelta(days=53)  # an action due in the plan's second month


def _section(plan, code="accommodation"):
    return PlanSection.objects.get(plan=plan, code=code)


def _section_url(plan, code="accommodation"):
    return reverse("pathways:plan-section", args=[plan.uuid, code])


def test_a_pa_saves_a_section_of_their_own_plan(world, pa_client):
    plan = draft_plan(world.yp_own, by=world.pa, filled=False)
    section = _section(plan)

    response = pa_client.post(
        _section_url(plan),
        {
            "narrative": "Move to supported lodgings in March.",
            "young_person_views": "I want to be near my sister.",
            "lock_version": section.lock_version,
        },
    )

    assert response.status_code == 302
    assert response["Location"].endswith("#section-accommodation")
    section.refresh_from_db()
    assert section.narrative == "Move to supported lodgings in March."
    assert section.young_person_views == "I want to be near my sister."
    assert AuditEvent.objects.filter(
        action=Action.UPDATE, object_type="pathways.pathwayplan", object_id=str(plan.pk)
    ).exists()


def test_the_section_form_shows_the_saved_text(world, pa_client):
    plan = draft_plan(world.yp_own, by=world.pa)

    response = pa_client.get(_section_url(plan))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Narrative for accommodation and its suitability." in html
    assert 'name="lock_version"' in html
    assert "js/autosave.js" in html


def test_a_pa_cannot_change_a_colleagues_plan(world, pa_client):
    plan = draft_plan(world.yp_colleague, by=world.pa_colleague, filled=False)
    section = _section(plan)

    get = pa_client.get(_section_url(plan))
    post = pa_client.post(
        _section_url(plan), {"narrative": "Mine", "lock_version": section.lock_version}
    )

    assert get.status_code == 403
    assert post.status_code == 403
    section.refresh_from_db()
    assert section.narrative == ""


@pytest.mark.parametrize("kind", ["yp_other_team", "yp_other_council"])
def test_plans_beyond_the_users_reach_are_not_found(world, pa_client, kind):
    young_person = getattr(world, kind)
    plan = draft_plan(young_person, by=young_person.personal_adviser, filled=False)

    assert pa_client.get(_section_url(plan)).status_code == 404
    assert pa_client.post(reverse("pathways:plan-edit", args=[plan.uuid])).status_code == 404


def test_a_team_manager_may_edit_a_plan_in_their_team(world, team_manager_client):
    plan = draft_plan(world.yp_colleague, by=world.pa_colleague, filled=False)
    section = _section(plan)

    response = team_manager_client.post(
        _section_url(plan), {"narrative": "Manager's note", "lock_version": section.lock_version}
    )

    assert response.status_code == 302
    section.refresh_from_db()
    assert section.narrative == "Manager's note"


def test_an_unknown_section_is_not_found(world, pa_client):
    plan = draft_plan(world.yp_own, by=world.pa, filled=False)

    assert pa_client.get(_section_url(plan, "hobbies")).status_code == 404


def test_it_saves_the_plan_details(world, pa_client):
    plan = draft_plan(world.yp_own, by=world.pa, filled=False)

    response = pa_client.post(
        reverse("pathways:plan-edit", args=[plan.uuid]),
        {
            "starts_on_day": str(STARTS.day),
            "starts_on_month": str(STARTS.month),
            "starts_on_year": str(STARTS.year),
            "aspirations": "To be a nurse.",
            "lock_version": plan.lock_version,
        },
    )

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.starts_on == STARTS
    assert plan.aspirations == "To be a nurse."


def test_a_bad_start_date_is_refused_with_a_message_and_nothing_is_saved(world, pa_client):
    plan = draft_plan(world.yp_own, by=world.pa, filled=False)

    response = pa_client.post(
        reverse("pathways:plan-edit", args=[plan.uuid]),
        {
            "starts_on_day": "31",
            "starts_on_month": "2",
            "starts_on_year": "2026",
            "aspirations": "To be a nurse.",
            "lock_version": plan.lock_version,
        },
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Plan start date must be a real date" in html
    assert "To be a nurse." in html  # what was typed comes back
    plan.refresh_from_db()
    assert plan.aspirations == ""


def test_it_adds_an_action(world, pa_client):
    plan = draft_plan(world.yp_own, by=world.pa, filled=False)

    response = pa_client.post(
        reverse("pathways:plan-action-new", args=[plan.uuid, "education"]),
        {
            "what": "Apply for the bursary",
            "who": "Young person, with their PA",
            "due_on_day": str(DUE.day),
            "due_on_month": str(DUE.month),
            "due_on_year": str(DUE.year),
        },
    )

    assert response.status_code == 302
    action = PlanAction.objects.get(section__plan=plan)
    assert action.section.code == "education"
    assert (action.what, action.who, str(action.due_on)) == (
        "Apply for the bursary",
        "Young person, with their PA",
        DUE.isoformat(),
    )


def test_an_incomplete_action_is_refused_with_messages(world, pa_client):
    plan = draft_plan(world.yp_own, by=world.pa, filled=False)

    response = pa_client.post(
        reverse("pathways:plan-action-new", args=[plan.uuid, "education"]), {"what": ""}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter what will be done" in html
    assert "Enter who will do it" in html
    assert "Enter by when" in html
    assert not PlanAction.objects.exists()


def test_it_changes_an_actions_status(world, pa_client):
    plan = draft_plan(world.yp_own, by=world.pa, filled=False)
    add_actions(plan, 1, by=world.pa)
    action = action_in(plan)
    url = reverse("pathways:plan-action", args=[plan.uuid, action.pk])

    assert pa_client.get(url).status_code == 200
    response = pa_client.post(url, {"status": "done"})

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == PlanAction.Status.DONE


def test_an_unknown_status_is_refused(world, pa_client):
    plan = draft_plan(world.yp_own, by=world.pa, filled=False)
    add_actions(plan, 1, by=world.pa)
    action = action_in(plan)

    response = pa_client.post(
        reverse("pathways:plan-action", args=[plan.uuid, action.pk]), {"status": "binned"}
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    action.refresh_from_db()
    assert action.status == PlanAction.Status.NOT_STARTED


def test_an_action_of_another_plan_is_not_found(world, pa_client):
    mine = draft_plan(world.yp_own, by=world.pa, filled=False)
    theirs = draft_plan(world.yp_other_team, by=world.pa_other_team, filled=False)
    add_actions(theirs, 1, by=world.pa_other_team)

    response = pa_client.post(
        reverse("pathways:plan-action", args=[mine.uuid, action_in(theirs).pk]), {"status": "done"}
    )

    assert response.status_code == 404
    assert action_in(theirs).status == PlanAction.Status.NOT_STARTED


# An approved (or submitted) plan cannot be changed ------------------------------------------


def _edit_requests(plan):
    action = action_in(plan)
    return [
        (reverse("pathways:plan-edit", args=[plan.uuid]), {"aspirations": "Changed later"}),
        (_section_url(plan), {"narrative": "Changed later", "lock_version": "99"}),
        (
            reverse("pathways:plan-action-new", args=[plan.uuid, "education"]),
            {
                "what": "x",
                "who": "y",
                "due_on_day": "1",
                "due_on_month": "1",
                "due_on_year": "2027",
            },
        ),
        (reverse("pathways:plan-action", args=[plan.uuid, action.pk]), {"status": "done"}),
        (reverse("pathways:plan-submit", args=[plan.uuid]), {}),
    ]


def _approved_with_action(world):
    plan = draft_plan(world.yp_own, by=world.pa)
    add_actions(plan, 1, by=world.pa)
    submit_plan(plan=plan, by=world.pa)
    return decide_plan(plan=plan, by=world.team_manager, approve=True)


def test_every_edit_url_refuses_an_approved_plan_with_a_clear_message(world, pa_client):
    plan = _approved_with_action(world)
    before = (
        list(PlanSection.objects.filter(plan=plan).values_list("narrative", "lock_version")),
        list(PlanAction.objects.filter(section__plan=plan).values_list("what", "status")),
    )

    for url, data in _edit_requests(plan):
        for response in (pa_client.get(url), pa_client.post(url, data)):
            assert response.status_code == 403, url
            html = response.content.decode()
            assert "This plan cannot be changed" in html, url
            assert "start a new version" in html, url

    plan.refresh_from_db()
    assert plan.status == PathwayPlan.Status.APPROVED
    assert plan.aspirations == "To train as a chef and have my own flat."
    after = (
        list(PlanSection.objects.filter(plan=plan).values_list("narrative", "lock_version")),
        list(PlanAction.objects.filter(section__plan=plan).values_list("what", "status")),
    )
    assert after == before


def test_text_posted_to_an_approved_plan_is_shown_back(world, pa_client):
    plan = approved_plan(world.yp_own, by=world.pa, manager=world.team_manager)

    response = pa_client.post(
        _section_url(plan), {"narrative": "A long paragraph I typed", "lock_version": "2"}
    )

    assert response.status_code == 403
    assert "A long paragraph I typed" in response.content.decode()


def test_a_submitted_plan_cannot_be_changed_either(world, pa_client):
    plan = submitted_plan(world.yp_own, by=world.pa)
    section = _section(plan)

    response = pa_client.post(
        _section_url(plan), {"narrative": "Sneaky", "lock_version": section.lock_version}
    )

    assert response.status_code == 403
    assert "awaiting sign-off" in response.content.decode()
    section.refresh_from_db()
    assert section.narrative != "Sneaky"
