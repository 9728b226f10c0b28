"""Recording pathway-plan reviews, the list of reviews and one review's record."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from audit.models import Action, AuditEvent
from pathways.models import PathwayPlan, Review, YoungPerson
from pathways.rules import add_months
from tests.clock import TODAY, long_date
from tests.factories import ApprovedPlanFactory, ReviewFactory
from tests.querybudget import assert_constant_queries

from .factories import THREE_DAYS_AGO, review_data

pytestmark = pytest.mark.usefixtures("today")


def new_url(young_person) -> str:
    return reverse("pathways:review-new", args=[young_person.uuid])


def list_url(young_person) -> str:
    return reverse("pathways:reviews", args=[young_person.uuid])


def detail_url(review) -> str:
    return reverse("pathways:review", args=[review.young_person.uuid, review.uuid])


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def plan(world):
    return ApprovedPlanFactory(young_person=world.yp_own, starts_on=TODAY - timedelta(days=322))


def test_it_records_a_review_and_says_when_the_next_is_due(world, pa_client, plan):
    response = pa_client.post(new_url(world.yp_own), review_data(THREE_DAYS_AGO))
    assert response.status_code == 302
    assert response.url == reverse("pathways:young-person", args=[world.yp_own.uuid])
    review = Review.objects.get()
    assert review.plan == plan
    assert review.held_on == THREE_DAYS_AGO
    assert review.eet_progress == "Passed the first term of the college course."
    assert review.section_progress == {"accommodation": "Settled; rent paid on time."}
    assert review.recorded_by == world.pa
    next_due = add_months(THREE_DAYS_AGO, 6)
    assert review.next_review_due_on == next_due
    assert YoungPerson.objects.get(pk=world.yp_own.pk).next_review_due_on == next_due
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"Review recorded. The next review is due by {long_date(next_due)}."
    ]
    assert AuditEvent.objects.filter(
        action=Action.CREATE, object_type="pathways.review", object_id=str(review.pk)
    ).exists()


def test_the_form_has_a_box_for_each_plan_section_but_one_for_eet(world, pa_client, plan):
    page = text(pa_client.get(new_url(world.yp_own)))
    for label in (
        "Progress: contact and personal support",
        "Progress: accommodation and its suitability",
        "Progress: family and social relationships",
        "Progress: practical and independent-living skills",
        "Progress: financial support",
        "Progress: health needs and how they are met",
        "Progress: contingency plans",
        "Progress in education, employment or training",
    ):
        assert label in page
    assert "Progress: education or training" not in page
    assert "Progress: employment" not in page
    assert "This reviews pathway plan" in page


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("attendees", "Enter who attended the review"),
        ("young_person_views", "Enter the young person's views"),
        ("outcome", "Enter the outcome of the review"),
        ("review_type", "Select the type of review"),
        ("held_on_day", "Date of the review must include a day"),
    ],
)
def test_it_asks_for_each_required_answer(world, pa_client, plan, field, message):
    response = pa_client.post(new_url(world.yp_own), review_data(**{field: ""}))
    assert response.status_code == 200
    assert message in text(response)
    assert Review.objects.count() == 0


def test_it_refuses_a_review_in_the_future(world, pa_client, plan):
    response = pa_client.post(new_url(world.yp_own), review_data(TODAY + timedelta(days=1)))
    assert "The date of the review must be today or in the past" in text(response)
    assert Review.objects.count() == 0


def test_it_refuses_a_review_without_an_approved_plan_and_links_to_the_plans(world, pa_client):
    ApprovedPlanFactory(young_person=world.yp_own, status=PathwayPlan.Status.SUBMITTED)
    response = pa_client.post(new_url(world.yp_own), review_data())
    assert response.status_code == 200
    page = text(response)
    assert "There is no approved pathway plan to review" in page
    assert f'href="/pathways/young-people/{world.yp_own.uuid}/plans/"' in page
    assert Review.objects.count() == 0


def test_the_form_warns_before_typing_when_there_is_no_approved_plan(world, pa_client):
    page = text(pa_client.get(new_url(world.yp_own)))
    assert "There is no approved pathway plan to review." in page
    assert f'href="/pathways/young-people/{world.yp_own.uuid}/plans/"' in page


def test_an_older_review_does_not_change_the_next_due_date(world, pa_client, plan):
    latest = TODAY - timedelta(days=53)
    next_due = add_months(latest, 6)
    ReviewFactory(plan=plan, held_on=latest, next_review_due_on=next_due)
    YoungPerson.objects.filter(pk=world.yp_own.pk).update(next_review_due_on=next_due)
    pa_client.post(new_url(world.yp_own), review_data(latest - timedelta(days=122)))
    assert YoungPerson.objects.get(pk=world.yp_own.pk).next_review_due_on == next_due


# Who may record a review ------------------------------------------------------------------


def test_a_pa_cannot_record_a_review_for_a_colleagues_young_person(world, pa_client):
    ApprovedPlanFactory(young_person=world.yp_colleague)
    assert pa_client.get(new_url(world.yp_colleague)).status_code == 403
    assert pa_client.post(new_url(world.yp_colleague), review_data()).status_code == 403
    assert Review.objects.count() == 0


@pytest.mark.parametrize("whose", ["yp_other_team", "yp_other_council"])
def test_reviews_outside_the_pas_reach_are_not_found(world, pa_client, whose):
    young_person = getattr(world, whose)
    review = ReviewFactory(plan=ApprovedPlanFactory(young_person=young_person))
    assert pa_client.get(new_url(young_person)).status_code == 404
    assert pa_client.post(new_url(young_person), review_data()).status_code == 404
    assert pa_client.get(list_url(young_person)).status_code == 404
    assert pa_client.get(detail_url(review)).status_code == 404
    assert Review.objects.count() == 1


def test_a_team_manager_records_a_review_for_their_team(world, team_manager_client):
    ApprovedPlanFactory(young_person=world.yp_colleague)
    response = team_manager_client.post(new_url(world.yp_colleague), review_data())
    assert response.status_code == 302
    assert Review.objects.get().recorded_by == world.team_manager


def test_the_committee_officer_is_refused(world, committee_officer_client, plan):
    review = ReviewFactory(plan=plan)
    assert committee_officer_client.get(list_url(world.yp_own)).status_code == 403
    assert committee_officer_client.get(detail_url(review)).status_code == 403
    assert committee_officer_client.post(new_url(world.yp_own), review_data()).status_code == 403


# The list and one review ------------------------------------------------------------------


def test_it_lists_reviews_newest_first(world, pa_client, plan):
    older, newer, due = (
        TODAY - timedelta(days=266),
        TODAY - timedelta(days=83),
        add_months(TODAY, 3),
    )
    ReviewFactory(plan=plan, held_on=older, review_type=Review.Type.IRO)
    ReviewFactory(plan=plan, held_on=newer, review_type=Review.Type.REQUESTED)
    YoungPerson.objects.filter(pk=world.yp_own.pk).update(next_review_due_on=due)
    page = text(pa_client.get(list_url(world.yp_own)))
    assert page.index(long_date(newer)) < page.index(long_date(older))
    assert "Requested by the young person" in page
    assert "Chaired by the IRO while looked after" in page
    assert long_date(due) in page
    assert "Overdue" not in page


def test_it_shows_an_overdue_review(world, pa_client, plan):
    YoungPerson.objects.filter(pk=world.yp_own.pk).update(
        next_review_due_on=TODAY - timedelta(days=1)
    )
    page = text(pa_client.get(list_url(world.yp_own)))
    assert (
        f'{long_date(TODAY - timedelta(days=1))} <strong class="govuk-tag govuk-tag--red">Overdue</strong>'
        in page
    )


def test_a_review_is_not_overdue_on_the_day_it_is_due(world, pa_client, plan):
    YoungPerson.objects.filter(pk=world.yp_own.pk).update(next_review_due_on=TODAY)
    assert "Overdue" not in text(pa_client.get(list_url(world.yp_own)))


def test_the_reviews_list_runs_a_fixed_number_of_queries(world, pa_client, plan):
    assert_constant_queries(
        pa_client,
        list_url(world.yp_own),
        grow=lambda n: ReviewFactory.create_batch(n, plan=plan),
    )


def test_it_shows_one_review_with_progress_in_the_plans_order(world, pa_client, plan):
    review = ReviewFactory(
        plan=plan,
        held_on=TODAY - timedelta(days=132),
        section_progress={"health": "Registered with a GP.", "support": "Weekly texts."},
    )
    response = pa_client.get(detail_url(review))
    assert response.status_code == 200
    page = text(response)
    assert f"Review on {long_date(TODAY - timedelta(days=132))}" in page
    assert review.eet_progress in page
    assert page.index("Contact and personal support") < page.index("Health needs and how")
    assert "Registered with a GP." in page
    assert AuditEvent.objects.filter(
        action=Action.VIEW, object_id=str(world.yp_own.pk), actor=world.pa
    ).exists()


def test_a_colleague_may_read_a_review_for_cover(world, pa_colleague_client, plan):
    review = ReviewFactory(plan=plan)
    assert pa_colleague_client.get(detail_url(review)).status_code == 200
    assert pa_colleague_client.get(list_url(world.yp_own)).status_code == 200


def test_a_review_is_not_found_under_another_young_person(world, pa_client, plan):
    other = ReviewFactory(plan=ApprovedPlanFactory(young_person=world.yp_colleague))
    url = reverse("pathways:review", args=[world.yp_own.uuid, other.uuid])
    assert pa_client.get(url).status_code == 404
