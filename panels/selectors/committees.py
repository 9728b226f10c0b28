"""Reads for committees: their meetings and the members serving on a day."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from .. import pack_spec as spec
from ..models import (
    Committee,
    Meeting,
    Member,
    PackBuild,
)

POSITION_ORDER = {Member.Position.CHAIR: 0, Member.Position.VICE_CHAIR: 1}


def meeting_list(committee: Committee) -> QuerySet[Meeting]:
    latest = PackBuild.objects.filter(meeting=OuterRef("pk"), issued_at__isnull=False)
    return committee.meetings.annotate(
        item_count=Count("items", distinct=True),
        build_count=Count("builds", distinct=True),
        issued_version_a=Subquery(
            latest.filter(part=spec.PART_A).order_by("-version").values("version")[:1]
        ),
        issued_version_b=Subquery(
            latest.filter(part=spec.PART_B).order_by("-version").values("version")[:1]
        ),
    )


def members_serving(committee: Committee, on: date) -> list[Member]:
    members = committee.members.filter(term_starts_on__lte=on).filter(
        Q(term_ends_on__isnull=True) | Q(term_ends_on__gte=on)
    )
    return sorted(
        members,
        key=lambda m: (m.kind != Member.Kind.COUNCILLOR, POSITION_ORDER.get(m.position, 9), m.name),
    )
