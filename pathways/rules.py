"""The law and DfE's rules as pure functions: legal status, key dates, due dates and the
SSDA903 cross-checks on a young person's situation (DOMAIN.md §2–4).

Conventions (docs/pathways.md says the same for users):

- A care episode covers the days from its start date up to, but not including, its end date
  (the date care ended, as in the SSDA903 return). Someone whose care ends on their 16th
  birthday was last looked after aged 15.
- Planned respite short breaks do not count towards the 13 weeks.
- A birthday on 29 February falls on 28 February in years that are not leap years.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from django.db import models
from django.db.models import Q

from core.dates import MONTH_NAMES as MONTH_NAMES  # the one list, read here by the apps
from core.dates import Bound, date_problem, horizon_bound, today_bound

from .codes import ACCOMMODATION_TYPES, Activity, InTouch

THIRTEEN_WEEKS = timedelta(weeks=13)


class LegalStatus(models.TextChoices):
    ELIGIBLE = "eligible", "Eligible"
    RELEVANT = "relevant", "Relevant"
    FORMER_RELEVANT = "former_relevant", "Former relevant"
    QUALIFYING = "qualifying", "Qualifying"
    NOT_CARE_LEAVER = "not_care_leaver", "Not a care leaver"


#: Statuses for which DfE expects care-leaver (OC3) data, and the needs-assessment duty.
OC3_STATUSES = (LegalStatus.ELIGIBLE, LegalStatus.RELEVANT, LegalStatus.FORMER_RELEVANT)

#: The personal-adviser filter's value for "not allocated to anyone" (lists and dashboards).
UNALLOCATED = "none"


def adviser_filter(value: str) -> Q:
    """The filter by personal adviser on young people: a user's uuid, ``UNALLOCATED`` or
    nothing (everyone)."""
    if value == UNALLOCATED:
        return Q(personal_adviser__isnull=True)
    if value:
        return Q(personal_adviser__uuid=value)
    return Q()


@dataclass(frozen=True)
class Episode:
    started_on: date
    ended_on: date | None = None
    respite: bool = False

    def days_within(self, start: date, end: date) -> int:
        """Days looked after in [start, end)."""
        lo = max(self.started_on, start)
        hi = min(self.ended_on or date.max, end)
        return max(0, (hi - lo).days)

    def covers(self, day: date) -> bool:
        return self.started_on <= day < (self.ended_on or date.max)


# Dates ------------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@lru_cache(maxsize=131_072)  # pure; every list page asks for the same few per person
def birthday(date_of_birth: date, age: int) -> date:
    """The date someone turns ``age``; 29 February birthdays fall on 28 February in
    years that are not leap years."""
    year = date_of_birth.year + age
    if date_of_birth.month == 2 and date_of_birth.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return date_of_birth.replace(year=year)


# DfE's OC3 window and the caseload's horizons (DOMAIN.md §4) ---------------------------------

#: Birthdays around which DfE's OC3 table records the young person's situation.
OC3_AGES = (17, 18, 19, 20, 21)
#: The OC3 window: from 3 months before to 1 month after the birthday.
OC3_MONTHS_BEFORE = 3
OC3_MONTHS_AFTER = 1
#: Birthdays that change what the young person is entitled to.
TRANSITION_AGES = (18, 21, 25)
TRANSITION_DAYS = 90
#: A review due within this many days is "due soon".
DUE_SOON_DAYS = 28


@lru_cache(maxsize=65_536)  # a pure function of two small values, asked for on every list page
def oc3_window(date_of_birth: date, age: int) -> tuple[date, date, date]:
    """The birthday and DfE's window around it: 3 months before to 1 month after."""
    day = birthday(date_of_birth, age)
    return day, add_months(day, -OC3_MONTHS_BEFORE), add_months(day, OC3_MONTHS_AFTER)


def open_oc3_ages(date_of_birth: date, today: date) -> list[int]:
    """The ages whose OC3 window is open today."""
    # A window runs from 3 months before the birthday to 1 month after it, so it can only be
    # open today for the ages whose birthday falls in last year, this year or next year:
    # only those windows are worked out (the reminders sweep asks for every young person).
    turning = today.year - date_of_birth.year
    ages = []
    for age in OC3_AGES:
        if turning - 1 <= age <= turning + 1:
            _birthday, opens, closes = oc3_window(date_of_birth, age)
            if opens <= today <= closes:
                ages.append(age)
    return ages


def earliest_situation_date_needed(today: date) -> date:
    """Situations recorded before this date cannot fall in an OC3 window open today."""
    return add_months(today, -(OC3_MONTHS_BEFORE + OC3_MONTHS_AFTER)) - timedelta(days=3)


def age_on(date_of_birth: date, day: date) -> int:
    age = day.year - date_of_birth.year
    if day < birthday(date_of_birth, age):
        age -= 1
    return age


def add_working_days(day: date, working_days: int) -> date:
    """Monday to Friday; bank holidays are not taken into account."""
    current = day
    remaining = working_days
    while remaining > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current


@dataclass(frozen=True)
class KeyDates:
    sixteenth: date
    needs_assessment_by: date  # 16 years 3 months
    eighteenth: date
    twenty_first: date
    twenty_fifth: date


def key_dates(date_of_birth: date) -> KeyDates:
    sixteenth = birthday(date_of_birth, 16)
    return KeyDates(
        sixteenth=sixteenth,
        needs_assessment_by=add_months(sixteenth, 3),
        eighteenth=birthday(date_of_birth, 18),
        twenty_first=birthday(date_of_birth, 21),
        twenty_fifth=birthday(date_of_birth, 25),
    )


# Dates that can be true --------------------------------------------------------------------
#
# A date entered on a record must be possible (docs/pathways.md, "Dates that are refused"):
# nothing before the young person was born or before the record it belongs to (a review
# before its plan started, an action due before its plan started, care ending before it
# started); nothing that has happened dated after today; nothing planned more than
# PLANNING_HORIZON_YEARS (core.dates) ahead, nor after their LAST_PLANNED_BIRTHDAY.

#: Personal-adviser support ends at 25; nothing is planned beyond the 26th birthday.
LAST_PLANNED_BIRTHDAY = 26


def born(date_of_birth: date) -> Bound:
    return Bound(date_of_birth, "their date of birth")


def care_ends(date_of_birth: date) -> Bound:
    """A child is looked after until their 18th birthday at the latest."""
    return Bound(birthday(date_of_birth, 18), "their 18th birthday, when care ends")


def happened(today: date) -> Bound:
    """Something that has happened: today or in the past."""
    return today_bound(today)


def planned(date_of_birth: date, today: date) -> list[Bound]:
    """The latest a planned date may be."""
    last = birthday(date_of_birth, LAST_PLANNED_BIRTHDAY)
    return [horizon_bound(today), Bound(last, f"their {LAST_PLANNED_BIRTHDAY}th birthday")]


def plan_started(starts_on: date) -> Bound:
    return Bound(starts_on, "the date the plan started")


# Legal status -----------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusResult:
    status: LegalStatus
    reason: str
    weeks_since_14: int
    eligible_from: date | None


def _counted(episodes: Iterable[Episode]) -> list[Episode]:
    return sorted((e for e in episodes if not e.respite), key=lambda e: e.started_on)


def days_looked_after(episodes: Iterable[Episode], start: date, end: date) -> int:
    return sum(e.days_within(start, end) for e in _counted(episodes))


def eligible_from(date_of_birth: date, episodes: Sequence[Episode], on: date) -> date | None:
    """The first day, up to ``on``, on which the young person was eligible: looked after,
    aged 16 or 17, with 13 weeks looked after since their 14th birthday."""
    fourteenth = birthday(date_of_birth, 14)
    sixteenth = birthday(date_of_birth, 16)
    eighteenth = birthday(date_of_birth, 18)
    window_end = min(eighteenth, on + timedelta(days=1))
    needed = THIRTEEN_WEEKS.days
    for episode in _counted(episodes):
        lo = max(episode.started_on, sixteenth)
        hi = min(episode.ended_on or date.max, window_end)
        if lo >= hi:
            continue
        before = days_looked_after(episodes, fourteenth, lo)
        # On day d (lo <= d < hi), days counted up to and including d: before + (d - lo) + 1.
        first = lo + timedelta(days=max(0, needed - before - 1))
        if first < hi:
            return first
    return None


def _age_word(age: int) -> str:
    return str(age)


def legal_status(date_of_birth: date, episodes: Sequence[Episode], on: date) -> StatusResult:
    fourteenth = birthday(date_of_birth, 14)
    age = age_on(date_of_birth, on)
    counted = _counted(episodes)
    days_14 = days_looked_after(counted, fourteenth, on + timedelta(days=1))
    weeks = days_14 // 7
    looked_after_now = any(e.covers(on) for e in counted)
    became_eligible = eligible_from(date_of_birth, counted, on)
    after_16 = days_looked_after(counted, birthday(date_of_birth, 16), on + timedelta(days=1))
    ended = [e.ended_on for e in counted if e.ended_on and e.ended_on <= on]
    left_at = age_on(date_of_birth, max(ended) - timedelta(days=1)) if ended else None

    week_text = f"looked after {weeks} week{'s' if weeks != 1 else ''} since 14th birthday"
    if looked_after_now:
        care_text = "still looked after"
    elif left_at is not None:
        care_text = f"left care at {_age_word(left_at)}"
    else:
        care_text = "never looked after"
    reason = f"{week_text}; {care_text}"

    def result(status: LegalStatus, extra: str = "") -> StatusResult:
        return StatusResult(status, reason + extra, weeks, became_eligible)

    if age < 16:
        return result(LegalStatus.NOT_CARE_LEAVER, "; not yet 16")
    if age >= 25:
        return result(LegalStatus.NOT_CARE_LEAVER, "; duties ended at 25th birthday")
    if age < 18:
        if looked_after_now and became_eligible:
            return result(LegalStatus.ELIGIBLE)
        if not looked_after_now and became_eligible:
            return result(LegalStatus.RELEVANT)
        if after_16 > 0:
            return result(LegalStatus.QUALIFYING, "; under 13 weeks since 14th birthday")
        return result(LegalStatus.NOT_CARE_LEAVER, "; not looked after since 16th birthday")
    if became_eligible:
        return result(LegalStatus.FORMER_RELEVANT)
    if after_16 > 0 and age < 21:
        return result(LegalStatus.QUALIFYING, "; under 13 weeks since 14th birthday")
    return result(LegalStatus.NOT_CARE_LEAVER)


def needs_assessment_due(date_of_birth: date, episodes: Sequence[Episode], on: date) -> date:
    """Three months after the 16th birthday or after becoming eligible, whichever is later."""
    sixteenth = birthday(date_of_birth, 16)
    start = eligible_from(date_of_birth, episodes, on) or sixteenth
    return add_months(max(sixteenth, start), 3)


# Situation cross-checks (SSDA903 OC3) -----------------------------------------------------


@dataclass(frozen=True)
class SituationProblem:
    rule: str
    field: str | None
    message: str


@dataclass(frozen=True)
class PastSituation:
    recorded_on: date
    in_touch: str


def _check_codes(in_touch: str, activity: str, accommodation: str, add) -> None:
    """The cross-rules between the three codes, each on the code to change."""
    if in_touch == InTouch.YES:
        for name, value in (("activity", activity), ("accommodation", accommodation)):
            if value == Activity.NOT_APPLICABLE:  # "0", for accommodation too
                add(
                    SituationProblem(
                        "in_touch_needs_codes",
                        name,
                        "In touch is YES, so activity and accommodation are needed",
                    )
                )
    if in_touch in (InTouch.DIED, InTouch.RHOM):
        for name, value in (("activity", activity), ("accommodation", accommodation)):
            if value != "0":
                add(
                    SituationProblem(
                        "died_or_home_no_codes",
                        name,
                        f"In touch is {in_touch}, so activity and accommodation must be "
                        "'Not applicable'",
                    )
                )
    letter = accommodation[:1]
    if letter and letter != "0" and letter not in ACCOMMODATION_TYPES:
        add(SituationProblem("accommodation_code", "accommodation", "Choose a valid accommodation"))


SITUATION_CODES = ("in_touch", "activity", "accommodation")
ALL_OR_NONE = "In touch, activity and accommodation must all be recorded, or none of them"
NOTHING_RECORDED = "Record whether they are in touch, their main activity and their accommodation"


def check_situation(
    *,
    date_of_birth: date,
    episodes: Sequence[Episode],
    recorded_on: date | None,
    in_touch: str | None,
    activity: str | None,
    accommodation: str | None,
    history: Sequence[PastSituation] = (),
    today: date | None = None,
    required: bool = False,
    check_date: bool = True,
) -> list[SituationProblem]:
    """Every DfE cross-rule the situation breaks, each with a message naming the rule and
    the field it concerns. A value that could not be read (None) skips the rules that need
    it. ``required``: recording nothing at all is a problem (a situation on its own, not one
    given with a contact). ``check_date``: the date's bounds (not before birth, not after
    today), unless the caller has checked the same date already."""
    problems: list[SituationProblem] = []
    add = problems.append
    today = today or date.today()
    dated = recorded_on is not None and recorded_on >= date_of_birth  # no age before birth
    if recorded_on is not None and check_date:
        if recorded_on < date_of_birth:
            message = date_problem(
                "The date of the situation", recorded_on, earliest=[born(date_of_birth)]
            )
            add(SituationProblem("before_birth", "recorded_on", message))
        elif recorded_on > today:
            message = date_problem(
                "The date of the situation", recorded_on, latest=[happened(today)]
            )
            add(SituationProblem("not_future", "recorded_on", message))
    codes = {"in_touch": in_touch, "activity": activity, "accommodation": accommodation}
    if any(value is None for value in codes.values()):
        return problems  # the form says what is wrong with the code it could not read
    if not any(codes.values()):
        if required:
            add(SituationProblem("nothing_recorded", "in_touch", NOTHING_RECORDED))
        return problems
    if not all(codes.values()):
        blank = next(name for name in SITUATION_CODES if not codes[name])
        add(SituationProblem("all_or_none", blank, ALL_OR_NONE))
        return problems
    assert in_touch is not None and activity is not None and accommodation is not None
    if not dated:
        _check_codes(in_touch, activity, accommodation, add)
        return problems
    assert recorded_on is not None
    age = age_on(date_of_birth, recorded_on)
    if not 16 <= age <= 25:
        add(
            SituationProblem(
                "care_leaver_age",
                "recorded_on",
                f"They were {age} on that date: situations are recorded for care leavers aged "
                "16 to 25 (DfE's return covers their 17th to 21st birthdays)",
            )
        )
    _check_codes(in_touch, activity, accommodation, add)
    letter = accommodation[:1]
    if letter == "T" and age < 18:
        add(
            SituationProblem(
                "no_foyer_under_18",
                "accommodation",
                f"Foyer accommodation (T) is not recorded for under-18s: they were {age}",
            )
        )
    if letter == "Z" and age < 18:
        add(
            SituationProblem(
                "no_former_foster_carers_at_17",
                "accommodation",
                f"Living with former foster carers (Z) starts at 18: they were {age}",
            )
        )
    for birthday_age in (17, 18):
        b = birthday(date_of_birth, birthday_age)
        if add_months(b, -3) <= recorded_on <= add_months(b, 1):
            counted = _counted(episodes)
            looked_after_then = any(e.covers(b) for e in counted)
            left_after = any(e.ended_on and e.ended_on > b and e.started_on <= b for e in counted)
            if looked_after_then or left_after:
                add(
                    SituationProblem(
                        "still_looked_after_at_birthday",
                        "recorded_on",
                        f"They were still looked after on their {birthday_age}th birthday, so no "
                        "care-leaver data is recorded around it",
                    )
                )
                break
    died_before = [
        h for h in history if h.in_touch == InTouch.DIED and h.recorded_on <= recorded_on
    ]
    if died_before and in_touch != InTouch.DIED:
        add(
            SituationProblem(
                "once_died_always_died",
                "in_touch",
                "A situation of DIED has been recorded before this date, so in touch must be DIED",
            )
        )
    later_alive = [
        h for h in history if h.in_touch != InTouch.DIED and h.recorded_on >= recorded_on
    ]
    if in_touch == InTouch.DIED and later_alive:
        add(
            SituationProblem(
                "once_died_always_died",
                "in_touch",
                "A later situation says they were alive, so DIED cannot be recorded on this date",
            )
        )
    return problems
