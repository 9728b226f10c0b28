"""The one way the service writes a date and a time (GOV.UK style, whatever the locale)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from core.dates import govuk_time, long_date


@pytest.mark.parametrize(
    ("moment", "written"),
    [
        (datetime(2026, 3, 1, 0, 5), "12:05am"),
        (datetime(2026, 3, 1, 9, 0), "9:00am"),
        (datetime(2026, 3, 1, 12, 0), "12:00pm"),
        (datetime(2026, 3, 1, 13, 30), "1:30pm"),
        (datetime(2026, 3, 1, 23, 59), "11:59pm"),
    ],
)
def test_it_writes_a_time_as_gov_uk_does(moment, written):
    assert govuk_time(moment) == written


def test_it_writes_a_date_as_gov_uk_does():
    assert long_date(date(2020, 2, 28)) == "28 February 2020"
    assert long_date(date(2008, 3, 3)) == "3 March 2008"
