"""A change to a plan that waits its turn while the plan is submitted or approved, on
PostgreSQL (issue 12, item 10).

Every change of a plan, its sections, actions and drafts, and its submission and sign-off,
locks the plan's row first and checks the plan's state under that lock. Each test forces the
race open with ``tests.races.another_writer_holding``: other users submit and approve the plan
(or change it) in a transaction on another connection, held open. This request reads the plan
before that commits, so it still looks like a draft and the page's own check passes; the
service's lock then waits on the other transaction, which commits as soon as it sees the wait.
The change must then be refused and the plan left as it was approved. Each test also checks
that the request really waited, so it cannot pass by luck; without the check under the lock
the change lands on the approved plan and the test fails.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse

from pathways.models import Draft, PathwayPlan, PlanAction, PlanSection
from pathways.services.plans import decide_plan, save_section, submit_plan
from tests.clock import TODAY
from tests.races import another_writer_holding

from .factories import action_in, add_actions, draft_plan, send, submitted_plan

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="a race needs two PostgreSQL connections"
    ),
    pytest.mark.django_db(transaction=True),  # the other writer must see the personas
]

TYPED = "EDITED-AFTER-APPROVAL"
LOCKED_PAGE = "This plan cannot be changed"
APPROVED = "This plan has been approved and can no longer be changed"


def submitted_and_approved(plan: PathwayPlan, world) -> Callable[[], None]:
    """A colleague submits the plan and the team manager approves it, in one transaction."""

    def write():
        fresh = PathwayPlan.objects.get(pk=plan.pk)
        submit_plan(plan=fresh, by=world.pa_colleague)
        decide_plan(plan=fresh, by=world.team_manager, approve=True)

    return write


def as_approved(plan: PathwayPlan) -> tuple:
    """The plan and everything in it, to compare before and after."""
    return (
        PathwayPlan.objects.filter(pk=plan.pk).values_list("status", "aspirations").get(),
        list(
            PlanSection.objects.filter(plan=plan)
            .order_by("code")
            .values_list("code", "narrative", "young_person_views", "lock_version")
        ),
        list(
            PlanAction.objects.filter(section__plan=plan)
            .order_by("pk")
            .values_list("what", "who", "due_on", "status")
        ),
    )


def approved_now(plan: PathwayPlan) -> tuple:
    """What the plan should read once the other writer's approval is all that happened."""
    expected = as_approved(plan)
    return (("approved", expected[0][1]), *expected[1:])


# Changes to an approved plan, on the page -------------------------------------------------


def test_it_refuses_a_section_saved_while_the_plan_was_approved(world, pa_client):
    plan = draft_plan(world.yp_own, by=world.pa)
    section = PlanSection.objects.get(plan=plan, code="health")
    expected = approved_now(plan)

    with another_writer_holding(submitted_and_approved(plan, world)) as race:
        response = pa_client.post(
            reverse("pathways:plan-section", args=[plan.uuid, "health"]),
            {
                "narrative": TYPED,
                "young_person_views": "",
                "lock_version": section.lock_version,
            },
        )

    assert race["waited"], "the save did not wait on the plan's lock"
    assert response.status_code == 403
    html = response.content.decode()
    assert LOCKED_PAGE in html
    assert f"Version {plan.number} has been approved" in html
    assert TYPED in html  # what they typed is shown back, not lost
    assert as_approved(plan) == expected


def test_it_refuses_plan_details_saved_while_the_plan_was_approved(world, pa_client):
    plan = draft_plan(world.yp_own, by=world.pa)
    expected = approved_now(plan)
    starts = plan.starts_on

    with another_writer_holding(submitted_and_approved(plan, world)) as race:
        response = pa_client.post(
            reverse("pathways:plan-edit", args=[plan.uuid]),
            {
                "starts_on_day": str(starts.day),
                "starts_on_month": str(starts.month),
                "starts_on_year": str(starts.year),
                "aspirations": TYPED,
                "lock_version": plan.lock_version,
            },
        )

    assert race["waited"], "the save did not wait on the plan's lock"
    # Refused because the plan is approved, not as someone else's save (409).
    assert response.status_code == 403
    html = response.content.decode()
    assert LOCKED_PAGE in html
    assert TYPED in html
    assert as_approved(plan) == expected


def test_it_refuses_an_action_added_while_the_plan_was_approved(world, pa_client):
    plan = draft_plan(world.yp_own, by=world.pa)
    expected = approved_now(plan)
    due = TODAY + timedelta(days=30)

    with another_writer_holding(submitted_and_approved(plan, world)) as race:
        response = pa_client.post(
            reverse("pathways:plan-action-new", args=[plan.uuid, "education"]),
            {
                "what": TYPED,
                "who": "Personal adviser",
                "due_on_day": str(due.day),
                "due_on_month": str(due.month),
                "due_on_year": str(due.year),
            },
        )

    assert race["waited"], "the new action did not wait on the plan's lock"
    assert response.status_code == 403
    html = response.content.decode()
    assert LOCKED_PAGE in html
    assert TYPED in html
    assert as_approved(plan) == expected
    assert not PlanAction.objects.filter(what=TYPED).exists()


def test_it_refuses_an_action_status_changed_while_the_plan_was_approved(world, pa_client):
    plan = draft_plan(world.yp_own, by=world.pa)
    add_actions(plan, 1, by=world.pa)
    action = action_in(plan)
    expected = approved_now(plan)

    with another_writer_holding(submitted_and_approved(plan, world)) as race:
        response = pa_client.post(
            reverse("pathways:plan-action", args=[plan.uuid, action.pk]), {"status": "dropped"}
        )

    assert race["waited"], "the change did not wait on the plan's lock"
    assert response.status_code == 403
    assert LOCKED_PAGE in response.content.decode()
    assert as_approved(plan) == expected
    action.refresh_from_db()
    assert action.status == PlanAction.Status.NOT_STARTED


def test_it_refuses_a_draft_autosaved_while_the_plan_was_approved(world, pa_client):
    plan = draft_plan(world.yp_own, by=world.pa)
    section = PlanSection.objects.get(plan=plan, code="health")
    expected = approved_now(plan)

    with another_writer_holding(submitted_and_approved(plan, world)) as race:
        response = pa_client.post(
            reverse("pathways:plan-draft", args=[plan.uuid]),
            data=json.dumps(
                {
                    "key": f"section:{section.pk}",
                    "data": {"narrative": TYPED, "lock_version": section.lock_version},
                }
            ),
            content_type="application/json",
        )

    assert race["waited"], "the draft did not wait on the plan's lock"
    assert response.status_code == 403
    assert response.json() == {"error": APPROVED}
    assert not Draft.objects.exists()
    assert as_approved(plan) == expected


# Submission and sign-off, on the page and in the API --------------------------------------
#
# Submitting reads every section and signing off reads who submitted: both under the same
# lock, so a section emptied, or a plan returned and submitted again, while they waited is
# what they check.


def health_emptied(plan: PathwayPlan, world) -> Callable[[], None]:
    """A colleague saves the health section with no narrative."""

    def write():
        section = PlanSection.objects.select_related("plan").get(plan=plan, code="health")
        save_section(
            section=section,
            by=world.pa_colleague,
            expected_version=section.lock_version,
            narrative="",
            young_person_views="",
        )

    return write


HEALTH_EMPTY = "Health needs and how they are met: write what the plan is"


def test_it_refuses_on_the_page_a_plan_submitted_while_a_section_was_emptied(world, pa_client):
    plan = draft_plan(world.yp_own, by=world.pa)

    with another_writer_holding(health_emptied(plan, world)) as race:
        response = pa_client.post(reverse("pathways:plan-submit", args=[plan.uuid]), {})

    assert race["waited"], "the submission did not wait on the plan's lock"
    assert response.status_code == 200
    assert HEALTH_EMPTY in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PathwayPlan.Status.DRAFT


def test_it_refuses_in_the_api_a_plan_submitted_while_a_section_was_emptied(world, pa_client):
    plan = draft_plan(world.yp_own, by=world.pa)

    with another_writer_holding(health_emptied(plan, world)) as race:
        response = send(pa_client, "post", f"/api/plans/{plan.uuid}/submit/")

    assert race["waited"], "the submission did not wait on the plan's lock"
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [HEALTH_EMPTY]}
    plan.refresh_from_db()
    assert plan.status == PathwayPlan.Status.DRAFT


def test_it_refuses_in_the_api_a_plan_submitted_again_while_it_was_approved(world, pa_client):
    plan = draft_plan(world.yp_own, by=world.pa)

    with another_writer_holding(submitted_and_approved(plan, world)) as race:
        response = send(pa_client, "post", f"/api/plans/{plan.uuid}/submit/")

    assert race["waited"], "the submission did not wait on the plan's lock"
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [APPROVED]}
    plan.refresh_from_db()
    assert (plan.status, plan.submitted_by) == (PathwayPlan.Status.APPROVED, world.pa_colleague)


def returned_and_resubmitted_by(plan: PathwayPlan, world, submitter) -> Callable[[], None]:
    """The service manager returns the plan; ``submitter`` changes it and submits it again."""

    def write():
        fresh = PathwayPlan.objects.get(pk=plan.pk)
        decide_plan(plan=fresh, by=world.service_manager, approve=False, comment="Add the dentist.")
        submit_plan(plan=fresh, by=submitter)

    return write


OWN_SUBMISSION = "You cannot sign off a plan you submitted"


def test_it_refuses_on_the_page_a_sign_off_of_a_plan_the_manager_submitted_meanwhile(
    world, team_manager_client
):
    plan = submitted_plan(world.yp_own, by=world.pa)
    other = returned_and_resubmitted_by(plan, world, world.team_manager)

    with another_writer_holding(other) as race:
        response = team_manager_client.post(
            reverse("pathways:plan-decide", args=[plan.uuid]), {"decision": "approve"}
        )

    assert race["waited"], "the sign-off did not wait on the plan's lock"
    assert response.status_code == 200
    assert OWN_SUBMISSION in response.content.decode()
    plan.refresh_from_db()
    assert (plan.status, plan.submitted_by) == (PathwayPlan.Status.SUBMITTED, world.team_manager)


def test_it_refuses_in_the_api_a_sign_off_of_a_plan_the_manager_submitted_meanwhile(
    world, team_manager_client
):
    plan = submitted_plan(world.yp_own, by=world.pa)
    other = returned_and_resubmitted_by(plan, world, world.team_manager)

    with another_writer_holding(other) as race:
        response = send(
            team_manager_client,
            "post",
            f"/api/plans/{plan.uuid}/decide/",
            {"decision": "approve", "comment": ""},
        )

    assert race["waited"], "the sign-off did not wait on the plan's lock"
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [OWN_SUBMISSION]}
    plan.refresh_from_db()
    assert (plan.status, plan.submitted_by) == (PathwayPlan.Status.SUBMITTED, world.team_manager)
