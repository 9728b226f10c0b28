"""The needs assessment: due date, saving as you go, completing, starting again, and two
people saving the same assessment (optimistic locking)."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from audit.models import Action, AuditEvent
from pathways.models import NeedsAssessment, YoungPerson
from pathways.services.work import save_needs_assessment
from tests.clock import TODAY, long_date

pytestmark = pytest.mark.usefixtures("today")

DIMENSIONS = [
    "health",
    "education",
    "family",
    "emotional",
    "identity",
    "practical_skills",
    "financial",
    "accommodation",
]


def url(young_person) -> str:
    return reverse("pathways:needs-assessment", args=[young_person.uuid])


def text(response) -> str:
    return html.unescape(response.content.decode())


def answers(action="save", lock_version="", **overrides) -> dict:
    data = {name: f"What they need: {name}." for name in DIMENSIONS}
    data |= {"young_person_views": "I want to cook for myself."}
    return data | {"action": action, "lock_version": lock_version} | overrides


def posted_version(response) -> str:
    match = re.search(r'name="lock_version" value="(\d*)"', response.content.decode())
    if match:
        return match.group(1)
    assert 'name="lock_version"' in response.content.decode()
    return ""


def set_due(young_person, due_on, completed_on=None):
    YoungPerson.objects.filter(pk=young_person.pk).update(
        needs_assessment_due_on=due_on, needs_assessment_completed_on=completed_on
    )


# The page ---------------------------------------------------------------------------------


def test_it_shows_the_due_date_and_an_empty_assessment(world, pa_client):
    due = TODAY + timedelta(days=69)
    set_due(world.yp_own, due)
    response = pa_client.get(url(world.yp_own))
    assert response.status_code == 200
    page = text(response)
    assert long_date(due) in page
    assert "Overdue" not in page
    assert "None started" in page
    assert "Health and development, including mental health" in page
    assert "Immigration status" not in page
    assert "Save and continue later" in page and "Save and mark as complete" in page
    assert AuditEvent.objects.filter(
        action=Action.VIEW, object_id=str(world.yp_own.pk), actor=world.pa
    ).exists()


def test_it_marks_an_assessment_overdue_the_day_after_it_was_due(world, pa_client):
    set_due(world.yp_own, TODAY - timedelta(days=1))
    page = text(pa_client.get(url(world.yp_own)))
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in page


def test_it_is_not_overdue_on_the_day_it_is_due(world, pa_client):
    set_due(world.yp_own, TODAY)
    assert "Overdue" not in text(pa_client.get(url(world.yp_own)))


def test_it_is_not_overdue_once_completed(world, pa_client):
    set_due(world.yp_own, TODAY - timedelta(days=326), completed_on=TODAY - timedelta(days=295))
    page = text(pa_client.get(url(world.yp_own)))
    assert "Overdue" not in page
    assert '<strong class="govuk-tag govuk-tag--green">Completed</strong>' in page


def test_it_shows_immigration_status_for_an_unaccompanied_asylum_seeker(world, pa_client):
    YoungPerson.objects.filter(pk=world.yp_own.pk).update(unaccompanied_asylum_seeking=True)
    assert 'for="id_immigration">Immigration status<' in text(pa_client.get(url(world.yp_own)))


# Saving and completing --------------------------------------------------------------------


def test_it_saves_an_assessment_to_continue_later(world, pa_client):
    response = pa_client.post(url(world.yp_own), answers(accommodation="", identity=""))
    assert response.status_code == 302
    assert response.url == url(world.yp_own)
    assessment = NeedsAssessment.objects.get()
    assert assessment.status == NeedsAssessment.Status.DRAFT
    assert assessment.health == "What they need: health."
    assert assessment.accommodation == ""
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Needs assessment saved. You can finish it later."
    ]
    page = pa_client.get(url(world.yp_own))
    assert f"In progress, started on {long_date(TODAY)}" in text(page)
    assert "What they need: health." in text(page)
    assert posted_version(page) == str(assessment.lock_version)


def test_it_continues_the_saved_assessment(world, pa_client):
    pa_client.post(url(world.yp_own), answers(identity=""))
    version = posted_version(pa_client.get(url(world.yp_own)))
    pa_client.post(url(world.yp_own), answers(lock_version=version, identity="Proud of roots."))
    assessment = NeedsAssessment.objects.get()
    assert assessment.identity == "Proud of roots."
    assert assessment.lock_version == 2


def test_it_completes_an_assessment(world, pa_client):
    response = pa_client.post(url(world.yp_own), answers(action="complete"))
    assert response.status_code == 302
    assert response.url == reverse("pathways:young-person", args=[world.yp_own.uuid])
    assessment = NeedsAssessment.objects.get()
    assert assessment.status == NeedsAssessment.Status.COMPLETED
    assert assessment.completed_on == TODAY
    assert YoungPerson.objects.get(pk=world.yp_own.pk).needs_assessment_completed_on == TODAY
    assert AuditEvent.objects.filter(
        action=Action.CREATE, object_type="pathways.needsassessment", detail__completed=True
    ).exists()


def test_it_needs_every_dimension_to_complete(world, pa_client):
    response = pa_client.post(
        url(world.yp_own), answers(action="complete", financial="", accommodation=" ")
    )
    assert response.status_code == 200
    page = text(response)
    assert '<a href="#id_financial">Enter the assessment of financial capability</a>' in page
    assert '<a href="#id_accommodation">Enter the assessment of accommodation</a>' in page
    assert "What they need: health." in page
    assert NeedsAssessment.objects.count() == 0


def test_an_unaccompanied_asylum_seeker_needs_immigration_status_to_complete(world, pa_client):
    YoungPerson.objects.filter(pk=world.yp_own.pk).update(unaccompanied_asylum_seeking=True)
    response = pa_client.post(url(world.yp_own), answers(action="complete"))
    assert "Enter the assessment of immigration status" in text(response)
    assert NeedsAssessment.objects.count() == 0
    pa_client.post(url(world.yp_own), answers(action="complete", immigration="Leave to remain."))
    assert NeedsAssessment.objects.get().immigration == "Leave to remain."


def test_a_completed_assessment_is_read_only_until_a_new_one_is_started(world, pa_client):
    pa_client.post(url(world.yp_own), answers(action="complete"))
    page = text(pa_client.get(url(world.yp_own)))
    assert "A completed assessment cannot be changed" in page
    assert "What they need: family." in page
    assert "<textarea" not in page
    assert f'href="{url(world.yp_own)}?new=1">Start a new assessment</a>' in page

    fresh = pa_client.get(url(world.yp_own) + "?new=1")
    assert "<textarea" in text(fresh)
    assert "What they need: family." not in text(fresh).split("<form")[1]
    assert posted_version(fresh) == ""
    pa_client.post(url(world.yp_own), answers(health="Needs a dentist."))
    first, second = NeedsAssessment.objects.order_by("id")
    assert first.status == NeedsAssessment.Status.COMPLETED
    assert first.health == "What they need: health."
    assert second.status == NeedsAssessment.Status.DRAFT
    assert second.health == "Needs a dentist."


# Two people saving the same assessment ----------------------------------------------------


def test_a_later_save_over_someone_elses_is_refused_and_the_text_shown_back(
    world, pa_client, team_manager
):
    pa_client.post(url(world.yp_own), answers(identity=""))
    opened_version = posted_version(pa_client.get(url(world.yp_own)))
    assessment = NeedsAssessment.objects.get()
    save_needs_assessment(
        young_person=world.yp_own,
        by=team_manager,
        fields={"identity": "Written by the manager."},
        complete=False,
        expected_version=assessment.lock_version,
    )

    response = pa_client.post(
        url(world.yp_own),
        answers(lock_version=opened_version, identity="My long text about identity."),
    )
    assert response.status_code == 409
    page = text(response)
    assert "Someone else saved this needs assessment after you opened it." in page
    assert "My long text about identity." in page
    assert "Written by the manager." in page  # their version, to compare
    assert NeedsAssessment.objects.get().identity == "Written by the manager."

    # Saving again, knowingly, over the newer version works.
    assert posted_version(response) == "2"
    pa_client.post(
        url(world.yp_own),
        answers(lock_version=posted_version(response), identity="My long text about identity."),
    )
    assert NeedsAssessment.objects.get().identity == "My long text about identity."


def test_starting_an_assessment_someone_else_has_just_started_is_refused(world, pa_client):
    save_needs_assessment(
        young_person=world.yp_own,
        by=world.team_manager,
        fields={"health": "Started by the manager."},
        complete=False,
    )
    response = pa_client.post(url(world.yp_own), answers(lock_version=""))
    assert response.status_code == 409
    assert "Someone else started a needs assessment after you opened this page." in text(response)
    assert "What they need: education." in text(response)
    assert NeedsAssessment.objects.count() == 1


def test_saving_an_assessment_someone_else_has_completed_is_refused(world, pa_client):
    pa_client.post(url(world.yp_own), answers())
    opened_version = posted_version(pa_client.get(url(world.yp_own)))
    assessment = NeedsAssessment.objects.get()
    save_needs_assessment(
        young_person=world.yp_own,
        by=world.team_manager,
        fields={},
        complete=True,
        expected_version=assessment.lock_version,
    )
    response = pa_client.post(
        url(world.yp_own), answers(lock_version=opened_version, health="Late edit.")
    )
    assert response.status_code == 409
    assert "Someone else completed this needs assessment after you opened it." in text(response)
    assert "Late edit." in text(response)
    assert NeedsAssessment.objects.get().health == "What they need: health."


# Who may see and record it ----------------------------------------------------------------


def test_a_pa_cannot_assess_a_colleagues_young_person(world, pa_client):
    assert pa_client.get(url(world.yp_colleague)).status_code == 403
    assert pa_client.post(url(world.yp_colleague), answers()).status_code == 403
    assert NeedsAssessment.objects.count() == 0


@pytest.mark.parametrize("whose", ["yp_other_team", "yp_other_council"])
def test_assessments_outside_the_pas_reach_are_not_found(world, pa_client, whose):
    young_person = getattr(world, whose)
    assert pa_client.get(url(young_person)).status_code == 404
    assert pa_client.post(url(young_person), answers()).status_code == 404
    assert NeedsAssessment.objects.count() == 0


def test_the_participation_officer_is_refused(world, participation_officer_client):
    assert participation_officer_client.get(url(world.yp_own)).status_code == 403


def test_a_team_manager_completes_an_assessment_for_their_team(world, team_manager_client):
    response = team_manager_client.post(url(world.yp_colleague), answers(action="complete"))
    assert response.status_code == 302
    assert NeedsAssessment.objects.get().completed_by == world.team_manager


def test_a_version_for_an_assessment_that_does_not_exist_starts_a_new_one(world, pa_client):
    response = pa_client.post(url(world.yp_own), answers(lock_version="7"))
    assert response.status_code == 302
    assert NeedsAssessment.objects.get().lock_version == 1
