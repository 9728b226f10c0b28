"""Builders for the dashboards' tests: care leavers with a legal status, situations and care
episodes written straight to the database (the figures must also cope with records the
services would refuse today, e.g. data imported from an older system)."""

from __future__ import annotations

from datetime import date, timedelta

from pathways import rules
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
    history: bool = True,
    **fields,
):
    """A young person with ``status`` stored, and (with ``history``) the care episodes that
    status follows from, since the OC3 cohort is worked out from the episodes as they stood on
    each birthday (``care_history``). ``history=False`` for a test that adds its own."""
    pa = pa if pa is not None else world.pa
    young_person = YoungPersonFactory(
        council=council or world.council,
        personal_adviser=pa,
        team=pa.team if pa else None,
        date_of_birth=dob,
        legal_status=status,
        **fields,
    )
    if history:
        care_history(young_person, status)
    return young_person


def care_history(young_person, status: str) -> None:
    """Care episodes that give ``status``: looked after from the 15th birthday and still
    (eligible), or until 16 and a half (relevant at 16 and 17, then former relevant); five
    weeks after the 16th birthday (qualifying); none otherwise."""
    dob = young_person.date_of_birth
    fifteenth, sixteenth = rules.birthday(dob, 15), rules.birthday(dob, 16)
    if status == LegalStatus.ELIGIBLE:
        episode(young_person, fifteenth)
    elif status in (LegalStatus.RELEVANT, LegalStatus.FORMER_RELEVANT):
        episode(young_person, fifteenth, rules.add_months(sixteenth, 6))
    elif status == LegalStatus.QUALIFYING:
        start = sixteenth + timedelta(days=10)
        episode(young_person, start, start + timedelta(weeks=5))


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
