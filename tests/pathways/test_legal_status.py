"""Legal status and key dates on the boundaries (DOMAIN.md §2)."""

from datetime import date, timedelta

from pathways.rules import (
    Episode,
    LegalStatus,
    add_months,
    age_on,
    birthday,
    key_dates,
    legal_status,
    needs_assessment_due,
)

DOB = date(2008, 6, 10)
FOURTEENTH = date(2022, 6, 10)
SIXTEENTH = date(2024, 6, 10)
EIGHTEENTH = date(2026, 6, 10)


def test_it_is_eligible_after_13_weeks_exactly_since_14_with_some_after_16():
    # In care from 91 days before the check date, all after the 16th birthday.
    start = date(2024, 9, 1)
    on = start + timedelta(days=90)  # the 91st day in care
    result = legal_status(DOB, [Episode(start)], on)
    assert result.status == LegalStatus.ELIGIBLE
    assert result.weeks_since_14 == 13
    assert result.eligible_from == on


def test_it_is_not_eligible_one_day_short_of_13_weeks():
    start = date(2024, 9, 1)
    on = start + timedelta(days=89)  # the 90th day
    result = legal_status(DOB, [Episode(start)], on)
    assert result.status == LegalStatus.QUALIFYING
    assert "under 13 weeks" in result.reason


def test_weeks_split_across_episodes_add_up():
    episodes = [
        Episode(date(2023, 1, 1), date(2023, 2, 12), respite=False),  # 42 days at 14
        Episode(date(2024, 7, 1)),  # from 16
    ]
    on = date(2024, 7, 1) + timedelta(days=48)  # 49th day: 42 + 49 = 91
    assert legal_status(DOB, episodes, on).status == LegalStatus.ELIGIBLE
    assert legal_status(DOB, episodes, on - timedelta(days=1)).status == LegalStatus.QUALIFYING


def test_planned_respite_does_not_count_towards_the_13_weeks():
    episodes = [
        Episode(date(2023, 1, 1), date(2023, 2, 12), respite=True),
        Episode(date(2024, 7, 1)),
    ]
    on = date(2024, 7, 1) + timedelta(days=48)
    assert legal_status(DOB, episodes, on).status == LegalStatus.QUALIFYING


def test_it_shows_how_the_status_was_computed():
    episodes = [Episode(date(2024, 1, 1), date(2025, 9, 1))]
    result = legal_status(DOB, episodes, date(2025, 10, 1))
    assert result.status == LegalStatus.RELEVANT
    assert result.reason == "looked after 87 weeks since 14th birthday; left care at 17"


def test_leaving_care_on_the_16th_birthday_is_not_leaving_as_an_eligible_child():
    episodes = [Episode(date(2022, 1, 1), SIXTEENTH)]
    result = legal_status(DOB, episodes, date(2024, 9, 1))
    assert result.status == LegalStatus.NOT_CARE_LEAVER
    assert "left care at 15" in result.reason


def test_leaving_care_the_day_after_the_16th_birthday_with_13_weeks_is_relevant():
    episodes = [Episode(date(2022, 1, 1), SIXTEENTH + timedelta(days=1))]
    result = legal_status(DOB, episodes, date(2024, 9, 1))
    assert result.status == LegalStatus.RELEVANT
    assert "left care at 16" in result.reason


def test_leaving_care_on_the_18th_birthday_makes_them_former_relevant():
    episodes = [Episode(date(2023, 1, 1), EIGHTEENTH)]
    result = legal_status(DOB, episodes, EIGHTEENTH)
    assert result.status == LegalStatus.FORMER_RELEVANT
    assert "left care at 17" in result.reason
    assert (
        legal_status(DOB, episodes, EIGHTEENTH - timedelta(days=1)).status == LegalStatus.ELIGIBLE
    )


def test_a_relevant_child_becomes_former_relevant_at_18_and_leaves_the_duties_at_25():
    episodes = [Episode(date(2023, 1, 1), date(2025, 1, 1))]
    assert legal_status(DOB, episodes, date(2027, 1, 1)).status == LegalStatus.FORMER_RELEVANT
    assert legal_status(DOB, episodes, date(2033, 6, 10)).status == LegalStatus.NOT_CARE_LEAVER


def test_someone_never_looked_after_is_not_a_care_leaver():
    assert legal_status(DOB, [], date(2025, 1, 1)).status == LegalStatus.NOT_CARE_LEAVER


def test_a_29_february_birthday_falls_on_28_february_in_other_years():
    dob = date(2008, 2, 29)
    assert birthday(dob, 16) == date(2024, 2, 29)  # 2024 is a leap year
    assert birthday(dob, 17) == date(2025, 2, 28)
    assert birthday(dob, 18) == date(2026, 2, 28)
    assert age_on(dob, date(2026, 2, 27)) == 17
    assert age_on(dob, date(2026, 2, 28)) == 18
    dates = key_dates(dob)
    assert dates.needs_assessment_by == date(2024, 5, 29)
    assert dates.twenty_first == date(2029, 2, 28)
    assert dates.twenty_fifth == date(2033, 2, 28)


def test_key_dates_are_the_16y3m_18th_21st_and_25th_birthdays():
    dates = key_dates(date(2008, 11, 30))
    assert dates.needs_assessment_by == date(2025, 2, 28)  # no 30 February
    assert dates.eighteenth == date(2026, 11, 30)
    assert dates.twenty_first == date(2029, 11, 30)
    assert dates.twenty_fifth == date(2033, 11, 30)


def test_the_needs_assessment_is_due_3_months_after_becoming_eligible_when_that_is_later():
    start = date(2024, 9, 1)
    episodes = [Episode(start)]
    became = start + timedelta(days=90)
    assert needs_assessment_due(DOB, episodes, date(2025, 3, 1)) == add_months(became, 3)
    early = [Episode(date(2023, 1, 1))]
    assert needs_assessment_due(DOB, early, date(2025, 3, 1)) == date(2024, 9, 10)
