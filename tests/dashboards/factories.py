"""Builders for the dashboards' tests: care leavers with a legal status, situations and care
episodes written straight to the database (the figures must also cope with records the
services would refuse today, e.g. data imported from an older system)."""

from __future__ import annotations

from datetime import date

from pathways.models import CareEpisode, EpisodeEndReason, Situation
from pathways.rules import LegalStatus
from tests.factories import YoungPersonFactory


def care_leaver(
    world,
    dob: date,
    *,
    status: str = LegalStatus.FORMER_RELEVANT,
    pa=None,
    council=None,
    **fields,
):
    pa = pa if pa is not None else world.pa
    return YoungPersonFactory(
        council=council or world.council,
        personal_adviser=pa,
        team=pa.team if pa else None,
        date_of_birth=dob,
        legal_status=status,
        **fields,
    )


def situation(young_person, on: date, in_touch: str, activity: str = "0", accommodation: str = "0"):
    return Situation.objects.create(
        young_person=young_person,
        recorded_on=on,
        in_touch=in_touch,
        activity=activity,
        accommodation=accommodation,
        recorded_by=young_person.personal_adviser,
    )


def episode(young_person, start: date, end: date | None = None):
    return CareEpisode.objects.create(
        young_person=young_person,
        started_on=start,
        ended_on=end,
        reason_ended=EpisodeEndReason.AGE_18 if end else "",
    )
