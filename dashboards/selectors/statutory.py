"""Reads for the statutory returns: DfE's SSDA903 OC3 and Header tables and Ofsted's Annex A
list 9, over the whole of the user's reach."""

from __future__ import annotations

from datetime import date

from django.db.models import OuterRef, QuerySet, Subquery

from pathways.models import Review, YoungPerson
from pathways.rules import LegalStatus
from pathways.selectors.young_people import effective_status_expression

from . import oc3, reach_of


def return_cohort(user, year: int, *, today: date) -> QuerySet[YoungPerson]:
    """The OC3 cohort of the whole of the user's reach for a collection year (so far, while
    it runs), in CHILD order."""
    period = oc3.collection_year(year)
    qs = oc3.with_oc3(
        reach_of(user).young_people, period=period, as_of=today if period.end >= today else None
    )
    return qs.order_by("person_id")


def return_counts(user, year: int, *, today: date) -> oc3.ReturnCounts:
    """How many rows the year's files will have, and how many are sent as not in touch for
    lack of a valid situation (one query)."""
    return oc3.return_counts(return_cohort(user, year, today=today))


ANNEX_A_STATUSES = (LegalStatus.RELEVANT, LegalStatus.FORMER_RELEVANT)


def annex_a_list(user, *, today: date) -> QuerySet[YoungPerson]:
    """Care leavers for Ofsted's Annex A list 9: relevant and former relevant young people."""
    latest_review = Subquery(
        Review.objects.filter(young_person=OuterRef("pk"))
        .order_by("-held_on")
        .values("held_on")[:1]
    )
    return (
        reach_of(user)
        .young_people.annotate(effective_status=effective_status_expression())
        .filter(effective_status__in=ANNEX_A_STATUSES)
        .annotate(latest_review_on=latest_review)
        .select_related("team", "personal_adviser", "current_situation")
        .order_by("person_id")
    )
