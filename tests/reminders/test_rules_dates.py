"""What falls due, on the boundaries: the rules alone, with explicit dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from pathways import rules as pathway_rules
from pathways.codes import InTouch
from pathways.rules import LegalStatus
from reminders.rules import Due, Facts, Kind, Policy, all_due, due_items, last_digest_day
from tests.clock import TODAY, years_before

POLICY = Policy()
ADULT = pathway_rules.add_months(TODAY, -12 * 20) - timedelta(days=100)  # no birthday due


def kinds(facts: Facts, today: date = TODAY, policy: Policy = POLICY) -> set[str]:
    return {item.kind for item in due_items(facts, policy, today)}


@pytest.mark.parametrize(
    ("days_until_due", "expected"),
    [
        (29, set()),
        (28, {Kind.REVIEW_FIRST}),
        (8, {Kind.REVIEW_FIRST}),
        (7, {Kind.REVIEW_SECOND}),
        (0, {Kind.REVIEW_SECOND}),  # due today: not yet overdue
        (-1, {Kind.REVIEW_OVERDUE}),  # due yesterday
    ],
)
def test_it_reminds_about_a_review_28_and_7_days_ahead_and_once_overdue(days_until_due, expected):
    facts = Facts(date_of_birth=ADULT, next_review_due_on=TODAY + timedelta(days=days_until_due))
    assert kinds(facts) == expected


def test_the_review_windows_follow_the_councils_lead_times():
    policy = Policy(review_first_days=21, review_second_days=3)
    due = TODAY + timedelta(days=21)
    assert kinds(Facts(date_of_birth=ADULT, next_review_due_on=due), policy=policy) == {
        Kind.REVIEW_FIRST
    }
    assert kinds(Facts(date_of_birth=ADULT, next_review_due_on=due + timedelta(days=1))) == {
        Kind.REVIEW_FIRST
    }  # the default 28 days would already remind
    assert (
        kinds(Facts(date_of_birth=ADULT, next_review_due_on=due + timedelta(days=1)), policy=policy)
        == set()
    )


@pytest.mark.parametrize(("weeks", "days", "overdue"), [(8, 0, False), (8, 1, True)])
def test_a_contact_is_overdue_the_day_after_the_interval_ends(weeks, days, overdue):
    facts = Facts(date_of_birth=ADULT, last_contact_on=TODAY - timedelta(weeks=weeks, days=days))
    assert (Kind.CONTACT_OVERDUE in kinds(facts)) is overdue


def test_no_contact_reminder_before_any_contact_is_recorded():
    assert kinds(Facts(date_of_birth=ADULT)) == set()


@pytest.mark.parametrize(
    ("moved_days_ago", "visited", "expected"),
    [
        (0, None, {Kind.VISIT_DUE}),
        (7, None, {Kind.VISIT_DUE}),  # due today
        (8, None, {Kind.VISIT_OVERDUE}),  # due yesterday
        (8, 1, set()),  # visited after the move
        (8, 9, {Kind.VISIT_OVERDUE}),  # the last visit was before the move
    ],
)
def test_a_visit_falls_due_within_7_days_of_a_move(moved_days_ago, visited, expected):
    moved_on = TODAY - timedelta(days=moved_days_ago)
    facts = Facts(
        date_of_birth=ADULT,
        moved_on=moved_on,
        last_visit_on=TODAY - timedelta(days=visited) if visited is not None else None,
    )
    assert kinds(facts) == expected
    if expected:
        assert due_items(facts, POLICY, TODAY)[0].due_on == moved_on + timedelta(days=7)


def test_needs_assessment_reminders_stop_once_it_is_completed_or_a_plan_exists():
    base = {
        "date_of_birth": date(2010, 6, 1),
        "effective_status": LegalStatus.ELIGIBLE,
        "needs_assessment_due_on": TODAY,
    }
    assert kinds(Facts(**base)) == {Kind.ASSESSMENT_DUE}
    assert kinds(Facts(**base | {"needs_assessment_due_on": TODAY - timedelta(days=1)})) == {
        Kind.ASSESSMENT_OVERDUE
    }
    assert kinds(Facts(**base | {"needs_assessment_completed_on": TODAY})) == set()
    assert kinds(Facts(**base | {"plan_status": "draft"})) == set()
    assert kinds(Facts(**base | {"effective_status": LegalStatus.NOT_CARE_LEAVER})) == set()


@pytest.mark.parametrize(
    ("age", "first", "second"),
    [
        (18, Kind.TURNS_18_FIRST, Kind.TURNS_18_SECOND),
        (21, Kind.TURNS_21_FIRST, Kind.TURNS_21_SECOND),
        (25, Kind.TURNS_25_FIRST, Kind.TURNS_25_SECOND),
    ],
)
def test_birthdays_that_change_entitlements_are_flagged_90_and_30_days_ahead(age, first, second):
    offsets = (91, 90, 31, 30, 0, -1)
    # The rule is pure: ask it on a day near today on which every birthday below can fall
    # (nobody born in a common year has a birthday on 29 February; that case has its own test).
    day = TODAY
    while any((day + timedelta(days=d)).strftime("%m%d") == "0229" for d in offsets):
        day += timedelta(days=1)

    def on(days_ahead: int) -> set[str]:
        birthday = day + timedelta(days=days_ahead)
        dob = birthday.replace(year=birthday.year - age)
        return kinds(Facts(date_of_birth=dob), today=day)

    assert on(91) == set()
    assert on(90) == {first}
    assert on(31) == {first}
    assert on(30) == {second}
    assert on(0) == {second}  # the birthday itself
    assert on(-1) == set()


def test_a_29_february_birthday_falls_on_28_february_in_other_years():
    dob = date(2008, 2, 29)
    items = due_items(Facts(date_of_birth=dob), POLICY, date(2026, 2, 27))
    assert Due(date(2026, 2, 28), Kind.TURNS_18_SECOND) in items


def test_statutory_data_is_asked_for_while_the_window_around_a_birthday_is_open():
    birthday = TODAY + timedelta(days=17)  # the window: 3 months before to 1 month after
    dob = years_before(birthday, 19)
    birthday = pathway_rules.birthday(dob, 19)
    facts = Facts(date_of_birth=dob, effective_status=LegalStatus.FORMER_RELEVANT)
    window_closes = pathway_rules.add_months(birthday, 1)
    assert due_items(facts, POLICY, TODAY) == [Due(window_closes, Kind.STATUTORY_DATA_MISSING)]
    recorded = Facts(
        date_of_birth=dob,
        effective_status=LegalStatus.FORMER_RELEVANT,
        situation_dates=(pathway_rules.add_months(birthday, -3),),  # the window's first day
    )
    assert due_items(recorded, POLICY, TODAY) == []
    too_early = Facts(
        date_of_birth=dob,
        effective_status=LegalStatus.FORMER_RELEVANT,
        situation_dates=(pathway_rules.add_months(birthday, -3) - timedelta(days=1),),
    )
    assert kinds(too_early) == {Kind.STATUTORY_DATA_MISSING}
    assert kinds(Facts(date_of_birth=dob)) == set()  # not a care leaver DfE counts


def test_no_statutory_data_is_asked_for_someone_looked_after_on_their_18th_birthday():
    dob = years_before(TODAY + timedelta(days=17), 18)
    facts = Facts(date_of_birth=dob, effective_status=LegalStatus.ELIGIBLE)
    assert Kind.STATUTORY_DATA_MISSING in kinds(facts)
    looked_after = Facts(
        date_of_birth=dob, effective_status=LegalStatus.ELIGIBLE, looked_after_at=frozenset({18})
    )
    assert Kind.STATUTORY_DATA_MISSING not in kinds(looked_after)


def test_overdue_work_escalates_once_it_has_been_overdue_for_the_escalation_delay():
    def escalated(days_overdue: int) -> list[Due]:
        due = TODAY - timedelta(days=days_overdue)
        return all_due(Facts(date_of_birth=ADULT, next_review_due_on=due), POLICY, TODAY)[1]

    assert escalated(7) == []  # overdue since 6 days ago
    assert escalated(8) == [Due(TODAY - timedelta(days=8), Kind.ESCALATED_REVIEW)]


def test_nobody_is_reminded_about_someone_who_died_or_is_past_25_or_has_no_adviser():
    overdue = {"next_review_due_on": TODAY - timedelta(days=30)}
    assert kinds(Facts(date_of_birth=ADULT, **overdue)) == {Kind.REVIEW_OVERDUE}
    assert kinds(Facts(date_of_birth=ADULT, in_touch=InTouch.DIED, **overdue)) == set()
    assert kinds(Facts(date_of_birth=ADULT, has_adviser=False, **overdue)) == set()
    over_25 = pathway_rules.add_months(TODAY, -12 * 25) - timedelta(days=1)
    assert kinds(Facts(date_of_birth=over_25, **overdue)) == set()


@pytest.mark.parametrize(
    ("today", "weekday", "expected"),
    [
        (date(2026, 11, 23), 0, date(2026, 11, 23)),  # Monday, digest on Mondays
        (date(2026, 11, 24), 0, date(2026, 11, 23)),
        (date(2026, 11, 22), 0, date(2026, 11, 16)),  # Sunday: last week's Monday
        (date(2026, 11, 23), 4, date(2026, 11, 20)),  # digest on Fridays
    ],
)
def test_the_weekly_digest_belongs_to_the_latest_digest_day(today, weekday, expected):
    assert last_digest_day(today, weekday) == expected
