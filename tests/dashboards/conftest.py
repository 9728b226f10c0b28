"""A hand-built OC3 cohort for collection year 2025 (1 April 2025 to 31 March 2026).

Each young person is named for the case they test. Their figures are worked out by hand in
``EXPECTED_2025`` below, and the tests compare what the database computes with them.
"""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from pathways.rules import LegalStatus

from .factories import care_leaver, episode, situation

#: The day the cohort is looked at. A fixed fact, not the pinned clock (tests/clock.py): the
#: figures below are worked out by hand for this day, so they hold whatever day a run pins.
COHORT_DAY = date(2026, 11, 23)

RELEVANT = LegalStatus.RELEVANT
FORMER = LegalStatus.FORMER_RELEVANT


@pytest.fixture
def frozen():
    """The clock stopped on the cohort's day (a test or module asks for it by name)."""
    with time_machine.travel(COHORT_DAY, tick=False):
        yield


@pytest.fixture(autouse=True)
def _fresh_figures(settings):
    """Compute the figures on every request (tests/dashboards/test_cache.py tests the cache)."""
    settings.DASHBOARDS_CACHE_SECONDS = 0


@pytest.fixture
def cohort(world) -> dict:
    """Young people of the home council, team A (Petra's caseload unless stated)."""
    p = {}
    # 17th birthday on the first day of the year; situation exactly 3 months before it.
    p["first_day"] = care_leaver(world, date(2008, 4, 1), status=RELEVANT)
    situation(p["first_day"], date(2025, 1, 1), "YES", "F1", "U1")
    # 21st birthday on the last day; the window is 31/12/2025 to 30/04/2026, and the two
    # situations fall a day either side of it: not known.
    p["last_day"] = care_leaver(world, date(2005, 3, 31))
    situation(p["last_day"], date(2025, 12, 30), "NO")
    situation(p["last_day"], date(2026, 5, 1), "YES", "F5", "U1")  # 1 month and 1 day after
    # 19th birthday; situation exactly 1 month after it: in touch, NEET, unsuitable.
    p["one_month_after"] = care_leaver(world, date(2006, 6, 15))
    situation(p["one_month_after"], date(2025, 7, 15), "YES", "G5", "V2")
    # 20th birthday; no longer requires services.
    p["nreq"] = care_leaver(world, date(2005, 9, 10))
    situation(p["nreq"], date(2025, 9, 1), "NREQ")
    # 18th birthday; refuses contact.
    p["refu"] = care_leaver(world, date(2007, 11, 20))
    situation(p["refu"], date(2025, 11, 20), "REFU")
    # 21st birthday; died in the window: left out of the denominators.
    p["died"] = care_leaver(world, date(2004, 12, 1))
    situation(p["died"], date(2025, 10, 1), "DIED")
    # 20th birthday; died the year before: once DIED, always DIED.
    p["died_earlier"] = care_leaver(world, date(2006, 1, 5))
    situation(p["died_earlier"], date(2024, 6, 1), "DIED")
    # 17th birthday; returned home: left out of the denominators.
    p["rhom"] = care_leaver(world, date(2008, 8, 8), status=RELEVANT)
    situation(p["rhom"], date(2025, 8, 1), "RHOM")
    # 18th birthday; two situations in the window: the later one counts.
    p["latest_wins"] = care_leaver(world, date(2007, 5, 5))
    situation(p["latest_wins"], date(2025, 3, 1), "YES", "F2", "U1")
    situation(p["latest_wins"], date(2025, 5, 20), "YES", "P5", "D2")
    # Born 29 February: 18th birthday on 28/02/2026; situation exactly 3 months before it.
    p["leap_day"] = care_leaver(world, date(2008, 2, 29))
    situation(p["leap_day"], date(2025, 11, 28), "YES", "F4", "Z1")
    # 17th birthday on the last day of the year, nothing recorded yet: not known.
    p["last_day_17"] = care_leaver(world, date(2009, 3, 31), status=RELEVANT)
    # Not a care leaver by computation, but a manager's override says former relevant.
    p["override"] = care_leaver(
        world,
        date(2005, 10, 10),
        status=LegalStatus.NOT_CARE_LEAVER,
        legal_status_override=FORMER,
        legal_status_override_reason="Transferred from another council",
    )
    situation(p["override"], date(2025, 10, 10), "YES", "F1", "U2")

    # Not in the cohort ------------------------------------------------------------------
    # Still looked after on their 18th birthday (care ended 01/09/2025).
    p["looked_after"] = care_leaver(world, date(2007, 6, 1), history=False)
    episode(p["looked_after"], date(2020, 1, 1), date(2025, 9, 1))
    situation(p["looked_after"], date(2025, 9, 2), "YES", "F1", "U1")
    p["qualifying"] = care_leaver(world, date(2006, 5, 5), status=LegalStatus.QUALIFYING)
    situation(p["qualifying"], date(2025, 5, 5), "YES", "F1", "U1")
    p["not_care_leaver"] = care_leaver(world, date(2006, 5, 6), status=LegalStatus.NOT_CARE_LEAVER)
    p["too_old"] = care_leaver(world, date(2004, 3, 31))  # 22nd birthday 31/03/2026
    situation(p["too_old"], date(2026, 3, 1), "YES", "F1", "U1")
    p["too_young"] = care_leaver(world, date(2009, 4, 1), status=RELEVANT)  # 17 on 01/04/2026
    p["other_council"] = care_leaver(
        world, date(2006, 6, 15), pa=world.other_council_user, council=world.other_council
    )
    situation(p["other_council"], date(2025, 6, 15), "YES", "F1", "U1")
    # Care episode ended before the 18th birthday: in the cohort, in team B.
    p["other_team"] = care_leaver(world, date(2007, 7, 7), pa=world.pa_other_team, history=False)
    episode(p["other_team"], date(2020, 1, 1), date(2024, 7, 7))
    situation(p["other_team"], date(2025, 7, 1), "YES", "F2", "B1")
    return p


def _now(yp, *codes, **fields):
    if codes:
        fields["current_situation"] = situation(yp, date(2026, 11, 1), *codes)
    for name, value in fields.items():
        setattr(yp, name, value)
    yp.save(update_fields=list(fields))
    return yp


@pytest.fixture
def practice(world):
    """Care leavers today (23/11/2026; contact every 8 weeks, visit within 7 days of a move)."""
    p = {}
    p["in_time"] = _now(
        care_leaver(world, date(2005, 1, 1)),  # 21
        "YES",
        "F1",
        "U1",
        next_review_due_on=date(2026, 12, 1),
        last_contact_on=date(2026, 11, 1),
        needs_assessment_due_on=date(2021, 4, 1),
        needs_assessment_completed_on=date(2021, 3, 1),
        plan_status="approved",
    )
    p["overdue"] = _now(
        care_leaver(world, date(2007, 6, 1)),  # 19
        "NO",
        "G5",
        "V2",
        next_review_due_on=date(2026, 11, 22),
        last_contact_on=date(2026, 9, 27),  # 8 weeks and a day ago
        needs_assessment_due_on=date(2023, 9, 1),
        needs_assessment_completed_on=date(2023, 10, 1),
        plan_status="submitted",
    )
    p["moved"] = _now(
        care_leaver(world, date(2008, 12, 25), status=LegalStatus.RELEVANT),  # 17
        "YES",
        "P2",
        "D1",
        next_review_due_on=COHORT_DAY,  # due today: not overdue
        last_contact_on=date(2026, 11, 20),
        moved_on=date(2026, 11, 15),  # 8 days ago, not visited since: visit overdue
        last_visit_on=date(2026, 11, 1),
        needs_assessment_due_on=date(2025, 3, 25),
        plan_status="draft",
    )
    p["moved_recently"] = _now(
        care_leaver(world, date(2006, 3, 3)),  # 20
        "DIED",
        last_contact_on=date(2026, 9, 28),  # exactly 8 weeks ago
        moved_on=date(2026, 11, 16),  # 7 days ago: visit not yet overdue
    )
    p["eligible"] = _now(
        care_leaver(world, date(2009, 6, 6), status=LegalStatus.ELIGIBLE),  # 17, looked after
        needs_assessment_due_on=date(2026, 12, 6),
    )
    p["not_care_leaver"] = care_leaver(world, date(2006, 1, 1), status=LegalStatus.NOT_CARE_LEAVER)
    p["other_team"] = _now(
        care_leaver(world, date(2005, 5, 5), pa=world.pa_other_team),  # 21
        "YES",
        "F5",
        "U1",
        next_review_due_on=date(2027, 1, 1),
        last_contact_on=date(2026, 11, 10),
    )
    return p


# Worked out by hand from the people above (home council, both teams).
#   17-18: first_day 17, refu 18, rhom 17, latest_wins 18, leap_day 18, last_day_17 17,
#          other_team 18                                                        -> 7
#          excluded: rhom -> 1; counted 6
#          in touch: first_day, latest_wins, leap_day, other_team              -> 4
#          EET: first_day F1, latest_wins P5, leap_day F4, other_team F2        -> 4
#          suitable: first_day U1, leap_day Z1, other_team B1 (latest_wins D2)  -> 3
#          not known: last_day_17                                               -> 1
#   19-21: last_day 21, one_month_after 19, nreq 20, died 21, died_earlier 20, override 20 -> 6
#          excluded: died, died_earlier -> 2; counted 4
#          in touch: one_month_after, override                                  -> 2
#          EET: override F1 (one_month_after G5)                                -> 1
#          suitable: none (V2, U2)                                              -> 0
#          not known: last_day                                                  -> 1
EXPECTED_2025 = {
    "17-18": dict(cohort=7, excluded=1, counted=6, in_touch=4, eet=4, suitable=3, not_known=1),
    "19-21": dict(cohort=6, excluded=2, counted=4, in_touch=2, eet=1, suitable=0, not_known=1),
    "all": dict(cohort=13, excluded=3, counted=10, in_touch=6, eet=5, suitable=3, not_known=2),
}
