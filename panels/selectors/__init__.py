"""The only way to reach panels' records: each function picks them by the user's council
(another council's are 404), within a record already reached that way, or by public access (a
committee's issued Part A packs). The other reads are in the modules beside this one, one per
area: ``committees``, ``meetings`` (agenda and minutes) and ``packs`` (builds and the pack
snapshot)."""

from __future__ import annotations

from django.db.models import Count, Max, QuerySet
from django.shortcuts import get_object_or_404

from .. import pack_spec as spec
from ..models import (
    AgendaItem,
    Committee,
    Meeting,
    Member,
    MinuteAction,
    PackBuild,
    Paper,
    WorkProgrammeEntry,
)


def committees_for(user) -> QuerySet[Committee]:
    return Committee.objects.filter(council_id=user.council_id)


def committee_for(user, *, uuid) -> Committee:
    return get_object_or_404(committees_for(user).select_related("council"), uuid=uuid)


def meetings_for(user) -> QuerySet[Meeting]:
    return Meeting.objects.filter(committee__council_id=user.council_id)


def meeting_for(user, *, uuid) -> Meeting:
    return get_object_or_404(
        meetings_for(user).select_related("committee", "committee__council"), uuid=uuid
    )


def member_for(user, *, committee: Committee, pk) -> Member:
    return get_object_or_404(Member.objects.filter(committee=committee), pk=pk)


def item_for(meeting: Meeting, *, pk) -> AgendaItem:
    return get_object_or_404(AgendaItem.objects.filter(meeting=meeting), pk=pk)


def paper_for(meeting: Meeting, *, uuid) -> Paper:
    return get_object_or_404(
        Paper.objects.filter(item__meeting=meeting).select_related("item"), uuid=uuid
    )


def action_for(meeting: Meeting, *, uuid) -> MinuteAction:
    return get_object_or_404(MinuteAction.objects.filter(meeting=meeting), uuid=uuid)


def build_for(user, *, uuid) -> PackBuild:
    return get_object_or_404(
        PackBuild.objects.filter(meeting__committee__council_id=user.council_id).select_related(
            "meeting", "meeting__committee", "built_by", "issued_by"
        ),
        uuid=uuid,
    )


def work_entry_for(committee: Committee, *, pk) -> WorkProgrammeEntry:
    return get_object_or_404(WorkProgrammeEntry.objects.filter(committee=committee), pk=pk)


def committee_list(user) -> QuerySet[Committee]:
    return committees_for(user).annotate(
        member_count=Count("members", distinct=True),
        meeting_count=Count("meetings", distinct=True),
        latest_meeting_on=Max("meetings__held_on"),
    )


def public_packs(committee: Committee) -> list[PackBuild]:
    """The latest issued Part A pack of each meeting: what the public may read."""
    builds = (
        PackBuild.objects.filter(
            meeting__committee=committee, part=spec.PART_A, issued_at__isnull=False
        )
        .select_related("meeting")
        .order_by("-meeting__held_on", "meeting_id", "-version")
    )
    seen: set[int] = set()
    latest = []
    for build in builds:
        if build.meeting_id not in seen:
            seen.add(build.meeting_id)
            latest.append(build)
    return latest


def public_committee(*, uuid) -> Committee:
    """Any council's committee: its page lists only its issued Part A packs."""
    return get_object_or_404(Committee.objects.select_related("council"), uuid=uuid)


def public_build(*, uuid) -> PackBuild:
    return get_object_or_404(
        PackBuild.objects.filter(part=spec.PART_A, issued_at__isnull=False).select_related(
            "meeting", "meeting__committee"
        ),
        uuid=uuid,
    )
