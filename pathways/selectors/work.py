"""Reads for the personal adviser's recorded work: contacts, situations, reviews and needs
assessments. Callers get the young person through ``selectors.young_person_for`` first, so
every read here is already scoped to what the user may see."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from ..models import Contact, NeedsAssessment, PlanSectionCode, Review, Situation, YoungPerson


def contacts_of(young_person: YoungPerson) -> QuerySet[Contact]:
    """Newest first, with who recorded each and any situation recorded with it."""
    return (
        Contact.objects.filter(young_person=young_person)
        .select_related("recorded_by")
        .prefetch_related(Prefetch("situations", queryset=Situation.objects.order_by("pk")))
        .order_by("-occurred_at", "-id")
    )


def situations_of(young_person: YoungPerson) -> QuerySet[Situation]:
    """Newest first, with who recorded each and the contact it was recorded at (if any)."""
    return (
        Situation.objects.filter(young_person=young_person)
        .select_related("contact", "recorded_by")
        .order_by("-recorded_on", "-id")
    )


def reviews_of(young_person: YoungPerson) -> QuerySet[Review]:
    """Newest first, with who recorded each and the plan reviewed."""
    return (
        Review.objects.filter(young_person=young_person)
        .select_related("recorded_by", "plan")
        .order_by("-held_on", "-id")
    )


def review_for(young_person: YoungPerson, *, uuid) -> Review:
    """One review of this young person, or 404 (a review of someone else is never found)."""
    return get_object_or_404(
        Review.objects.select_related("recorded_by", "plan"), young_person=young_person, uuid=uuid
    )


def review_section_progress(review: Review) -> list[tuple[str, str]]:
    """Progress recorded against each plan section, in the plan's order, as (label, text)."""
    progress = review.section_progress or {}
    return [
        (label, progress[code])
        for code, label in PlanSectionCode.choices
        if (progress.get(code) or "").strip()
    ]


def latest_needs_assessment(young_person: YoungPerson) -> NeedsAssessment | None:
    return (
        NeedsAssessment.objects.filter(young_person=young_person)
        .select_related("completed_by")
        .order_by("-started_on", "-id")
        .first()
    )


def needs_assessment_rows(assessment: NeedsAssessment, *, uasc: bool) -> list[tuple[str, str]]:
    """What an assessment says, dimension by dimension, as (label, text); immigration status
    only for unaccompanied asylum-seeking young people (or where something was written)."""
    rows = [
        (label, getattr(assessment, name))
        for name, label in NeedsAssessment.DIMENSIONS
        if name != "immigration" or uasc or assessment.immigration
    ]
    rows.append(("The young person's views", assessment.young_person_views))
    return rows
