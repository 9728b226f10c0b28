"""The one clock of the test suite.

Every test runs with "today" pinned to :data:`TODAY` (by the autouse ``_pinned_clock`` fixture in
``tests/conftest.py``), so the application's own clock (``django.utils.timezone``) and the
tests agree on the date whatever the real one is. The date comes from the environment
variable ``LEAVINGCARE_TEST_TODAY`` (ISO format), and is otherwise the stated default below.
CI runs the whole suite twice: once on the default and once moved more than two years ahead,
onto a leap day (``.ci/run``), so a test that writes "about now" as a fixed date fails.

A test that needs a particular date says so in its own setup (``time_machine.travel``, or the
``clock`` fixture's ``move_to``); any other date written in a test is relative to ``TODAY`` or
is a fixed fact (a date of birth, a collection year that has ended).
"""

from __future__ import annotations

import datetime
import os
from datetime import date
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")

#: The default pinned date: a Monday in late November, chosen when the suite was written.
DEFAULT_TODAY = "2026-11-23"
#: The second CI run's date: more than two years on, and a leap day.
MOVED_TODAY = "2028-02-29"

TODAY: date = date.fromisoformat(os.environ.get("LEAVINGCARE_TEST_TODAY") or DEFAULT_TODAY)


def at(day: date, hour: int = 12, minute: int = 0) -> datetime.datetime:
    """``day`` at ``hour:minute`` in London."""
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


#: The pinned moment: noon in London on TODAY (the clock ticks on from there).
NOW = at(TODAY)


def years_before(day: date, years: int) -> date:
    """The same day ``years`` years earlier (28 February for 29 February in a common year)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def collection_year_ended(today: date = TODAY) -> int:
    """The latest DfE collection year (1 April to 31 March) that has ended by ``today``."""
    return today.year - 2 if today.month < 4 else today.year - 1


def long_date(day: date) -> str:
    """A date as the pages write it: "1 December 2026"."""
    return f"{day.day} {day:%B %Y}"
