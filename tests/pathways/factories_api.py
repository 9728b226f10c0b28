"""Helpers for the API tests: records made through the services (as the API would) or, for
bulk rows in query-budget tests, directly. Text is synthetic."""

from __future__ import annotations

import datetime
import json

from django.utils import timezone

from pathways.models import CareEpisode, Contact, PathwayPlan, PlanSection, Review, Situation
from pathways.services.plans import decide_plan, start_plan, submit_plan


def send(client, method: str, url: str, data: dict | None = None):
    """A JSON request, as an API client sends it."""
    return getattr(client, method)(
        url, data=json.dumps(data or {}), content_type="application/json"
    )


def complete_plan(plan: PathwayPlan) -> PathwayPlan:
    """Fill in what submission needs: every narrative, some views and the aspirations."""
    PlanSection.objects.filter(plan=plan).update(
        narrative="What the plan is for this part of their life.",
        young_person_views="In their own words: this is what I want.",
    )
    PathwayPlan.objects.filter(pk=plan.pk).update(aspirations="To train as a nurse.")
    plan.refresh_from_db()
    return plan


def submitted_plan(young_person, *, by) -> PathwayPlan:
    plan = complete_plan(start_plan(young_person=young_person, by=by))
    return submit_plan(plan=plan, by=by)


def approved_plan(young_person, *, by, manager) -> PathwayPlan:
    plan = submitted_plan(young_person, by=by)
    return decide_plan(plan=plan, by=manager, approve=True)


def add_contacts(young_person, n: int, *, by) -> None:
    now = timezone.now()
    for i in range(n):
        contact = Contact.objects.create(
            young_person=young_person,
            occurred_at=now - datetime.timedelta(days=i + 1),
            kind=Contact.Kind.HOME_VISIT,
            seen_alone=True,
            notes="Talked about college.",
            recorded_by=by,
        )
        Situation.objects.create(
            young_person=young_person,
            recorded_on=timezone.localdate() - datetime.timedelta(days=i + 1),
            in_touch="YES",
            activity="F2",
            accommodation="U1",
            contact=contact,
            recorded_by=by,
        )


def add_episodes(young_person, n: int) -> None:
    start = young_person.date_of_birth + datetime.timedelta(days=1)
    existing = young_person.episodes.count()
    for i in range(existing, existing + n):
        begins = start + datetime.timedelta(days=10 * i)
        CareEpisode.objects.create(
            young_person=young_person,
            started_on=begins,
            ended_on=begins + datetime.timedelta(days=5),
            reason_ended="returned_home",
            respite=True,
        )


def add_reviews(plan: PathwayPlan, n: int, *, by) -> None:
    for _ in range(n):
        Review.objects.create(
            young_person=plan.young_person,
            plan=plan,
            held_on=timezone.localdate(),
            review_type=Review.Type.SCHEDULED,
            attendees="The young person and their adviser",
            young_person_views="Going well.",
            eet_progress="At college three days a week.",
            outcome="Plan continues.",
            next_review_due_on=timezone.localdate() + datetime.timedelta(days=180),
            recorded_by=by,
        )


def add_plans(young_person, n: int, *, by) -> None:
    last = young_person.plans.order_by("-number").first()
    number = last.number if last else 0
    for i in range(1, n + 1):
        PathwayPlan.objects.create(
            young_person=young_person,
            number=number + i,
            status=PathwayPlan.Status.APPROVED,
            created_by=by,
        )
