"""Dates as GOV.UK writes them, and the bounds a date someone enters must keep.

A date that cannot be true (a contact before the young person was born, a plan action due
before the plan started, a meeting's minutes before it was held) is refused with a message
that says what is allowed, for example "The date of the contact must be on or after
3 March 2008, their date of birth" or "The date of the review must be today or in the past".
Each app states its own bounds (in its rules or services); this module only
compares a date with them and words the message, so every message reads the same way.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

#: English month names, as GOV.UK writes dates (whatever the server's locale).
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

#: How far ahead a planned date may be (a plan action, a review, a meeting): further is a typo.
PLANNING_HORIZON_YEARS = 2


def long_date(day: date) -> str:
    """3 March 2008."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def govuk_time(moment: datetime) -> str:
    """2:05pm, as GOV.UK writes a time (12-hour, lower-case am/pm, whatever the locale)."""
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d}{'am' if moment.hour < 12 else 'pm'}"


def years_after(day: date, years: int) -> date:
    """The same day ``years`` on (28 February for 29 February in a common year)."""
    year = day.year + years
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return day.replace(year=year)


@dataclass(frozen=True)
class Bound:
    """One limit on a date: the day, and why, as the message says it ("their date of birth").
    A ``strict`` bound excludes the day itself (an episode ends *after* it starts)."""

    on: date
    why: str
    strict: bool = False


TODAY = "today"


def today_bound(today: date) -> Bound:
    """Something that has happened: today or earlier."""
    return Bound(today, TODAY)


def horizon_bound(today: date, years: int = PLANNING_HORIZON_YEARS) -> Bound:
    """Something planned: at most ``years`` ahead."""
    return Bound(years_after(today, years), f"{years} years from today")


def date_problem(
    what: str,
    day: date,
    *,
    earliest: Iterable[Bound | None] = (),
    latest: Iterable[Bound | None] = (),
) -> str | None:
    """The message for ``day`` outside its bounds, or None. ``what`` names the date as the
    message starts ("The date of the contact"). The tightest bound on each side is the one
    that counts; the lower bound is checked first."""
    lows = [b for b in earliest if b is not None]
    if lows:
        low = max(lows, key=lambda b: (b.on, b.strict))
        if day < low.on or (low.strict and day == low.on):
            word = "after" if low.strict else "on or after"
            return f"{what} must be {word} {long_date(low.on)}, {low.why}"
    highs = [b for b in latest if b is not None]
    if highs:
        high = min(highs, key=lambda b: (b.on, not b.strict))
        if day > high.on or (high.strict and day == high.on):
            if high.why == TODAY and not high.strict:
                return f"{what} must be today or in the past"
            word = "before" if high.strict else "on or before"
            return f"{what} must be {word} {long_date(high.on)}, {high.why}"
    return None
