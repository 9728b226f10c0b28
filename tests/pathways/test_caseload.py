"""The personal adviser's caseload screen: what it shows, its tags, sorting and filters."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from pathways.models import PathwayPlan
from pathways.rules import LegalStatus, add_months, birthday
from tests.clock import TODAY, at, long_date, years_before
from tests.conftest import client_for
from tests.factories import ApprovedPlanFactory, CareEpisodeFactory, SituationFactory
from tests.querybudget import assert_constant_queries

from .factories import ContactFactory, born_turning, young_person

pytestmark = pytest.mark.django_db
URL = reverse("pathways:caseload")


def page(client, **params) -> str:
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def row_of(html: str, name: str) -> str:
    """The table row naming ``name``."""
    for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", html, re.S):
        if name in row:
            return row
    raise AssertionError(f"No row for {name}")


def names_in_order(html: str, names: list[str]) -> list[str]:
    return sorted(names, key=html.index)


def test_it_lists_only_the_advisers_own_caseload(world, pa_client, today):
    html = page(pa_client)
    assert world.yp_own.display_name in html
    assert world.yp_colleague.display_name not in html
    assert world.yp_other_team.display_name not in html
    assert "1 young person" in html


def test_it_shows_age_and_the_effective_legal_status(world, pa_client, today):
    yp = young_person(
        world,
        date_of_birth=born_turning(18, on=TODAY - timedelta(days=140)),
        legal_status=LegalStatus.RELEVANT,
        legal_status_override=LegalStatus.FORMER_RELEVANT,
        legal_status_override_reason="Court order confirmed",
    )
    row = row_of(page(pa_client), yp.display_name)
    assert '<td class="govuk-table__cell">18</td>' in row
    assert "Former relevant" in row
    assert "Set by a manager" in row


def test_it_tags_an_overdue_review_and_one_due_soon(world, pa_client, today):
    late = young_person(world, next_review_due_on=TODAY - timedelta(days=1))
    soon = young_person(world, next_review_due_on=TODAY + timedelta(days=28))
    later = young_person(world, next_review_due_on=TODAY + timedelta(days=29))
    html = page(pa_client)
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in row_of(
        html, late.display_name
    )
    assert long_date(TODAY - timedelta(days=1)) in row_of(html, late.display_name)
    assert '<strong class="govuk-tag govuk-tag--yellow">Due soon</strong>' in row_of(
        html, soon.display_name
    )
    assert "Due soon" not in row_of(html, later.display_name)
    assert "Overdue" not in row_of(html, later.display_name)


def test_it_shows_days_since_last_contact_against_the_standard(world, pa_client, today):
    overdue = young_person(world, last_contact_on=TODAY - timedelta(weeks=8, days=1))
    on_time = young_person(world, last_contact_on=TODAY - timedelta(weeks=8))
    never = young_person(world, last_contact_on=None)
    html = page(pa_client)
    assert "at least every 8 weeks" in html
    assert "57 days ago" in row_of(html, overdue.display_name)
    assert 'govuk-tag--red">Overdue' in row_of(html, overdue.display_name)
    assert "56 days ago" in row_of(html, on_time.display_name)
    assert f"Next contact due by {long_date(TODAY)}" in row_of(html, on_time.display_name)
    assert 'govuk-tag--red">Overdue' not in row_of(html, on_time.display_name)
    assert "No contact recorded" in row_of(html, never.display_name)


def test_it_says_a_visit_is_due_after_a_move_until_one_happens(world, pa_client, today):
    due = young_person(world, last_contact_on=TODAY, moved_on=TODAY - timedelta(days=7))
    late = young_person(world, last_contact_on=TODAY, moved_on=TODAY - timedelta(days=8))
    visited = young_person(
        world,
        last_contact_on=TODAY,
        moved_on=TODAY - timedelta(days=8),
        last_visit_on=TODAY - timedelta(days=3),
    )
    html = page(pa_client)
    assert ">Visit due</strong>" in row_of(html, due.display_name)
    moved = long_date(TODAY - timedelta(days=7))
    assert f"Visit due by {long_date(TODAY)} (moved {moved})" in row_of(html, due.display_name)
    assert ">Visit overdue</strong>" in row_of(html, late.display_name)
    assert "Visit" not in row_of(html, visited.display_name)


def test_it_shows_the_plan_status_or_says_there_is_no_plan(world, pa_client, today):
    none = young_person(world, legal_status=LegalStatus.FORMER_RELEVANT, plan_status="")
    returned = young_person(world, plan_status=PathwayPlan.Status.RETURNED)
    html = page(pa_client)
    assert '<strong class="govuk-tag govuk-tag--red">No plan</strong>' in row_of(
        html, none.display_name
    )
    assert ">Returned for changes</strong>" in row_of(html, returned.display_name)


def test_it_flags_missing_statutory_data_around_a_birthday(world, pa_client, today):
    # 19 seven and a half weeks ago: the window (3 months before to 1 month after) closed empty.
    dob = born_turning(19, on=TODAY - timedelta(days=53))
    missing = young_person(world, date_of_birth=dob, legal_status=LegalStatus.FORMER_RELEVANT)
    recorded = young_person(world, date_of_birth=dob, legal_status=LegalStatus.FORMER_RELEVANT)
    for yp in (missing, recorded):  # the 17th and 18th birthdays were recorded
        for age in (17, 18):
            SituationFactory(young_person=yp, recorded_by=world.pa, recorded_on=birthday(dob, age))
    nineteenth = birthday(dob, 19)
    SituationFactory(  # the window's last day
        young_person=recorded, recorded_by=world.pa, recorded_on=add_months(nineteenth, 1)
    )
    html = page(pa_client)
    assert (
        '<strong class="govuk-tag govuk-tag--red">Missing</strong> Situation around 19th birthday '
        f"({long_date(nineteenth)})"
    ) in row_of(html, missing.display_name)
    assert "Missing" not in row_of(html, recorded.display_name)


def test_it_names_every_birthday_with_missing_data_in_one_tag(world, pa_client, today):
    dob = born_turning(19, on=TODAY - timedelta(days=53))
    yp = young_person(world, date_of_birth=dob, legal_status=LegalStatus.FORMER_RELEVANT)
    row = row_of(page(pa_client), yp.display_name)
    assert ">Missing</strong> Situation around 17th, 18th and 19th birthdays" in row
    assert row.count(">Missing</strong>") == 1


def test_it_says_data_is_due_while_the_window_is_open(world, pa_client, today):
    dob = born_turning(20, on=TODAY + timedelta(days=48))  # the window opened 6 weeks ago
    yp = young_person(world, date_of_birth=dob, legal_status=LegalStatus.FORMER_RELEVANT)
    for age in (17, 18, 19):
        SituationFactory(young_person=yp, recorded_by=world.pa, recorded_on=birthday(dob, age))
    row = row_of(page(pa_client), yp.display_name)
    record_by = long_date(add_months(birthday(dob, 20), 1))
    assert f">Data due</strong> Situation around 20th birthday: record by {record_by}" in row


def test_it_does_not_ask_for_data_around_a_birthday_spent_in_care(world, pa_client, today):
    # 18 seven and a half weeks ago, still looked after then (eligible, now former relevant).
    dob = born_turning(18, on=TODAY - timedelta(days=53))
    yp = young_person(world, date_of_birth=dob, legal_status=LegalStatus.FORMER_RELEVANT)
    eighteenth = birthday(dob, 18)
    CareEpisodeFactory(
        young_person=yp,
        started_on=years_before(eighteenth, 3),
        ended_on=eighteenth + timedelta(days=1),
    )
    row = row_of(page(pa_client), yp.display_name)
    assert "Missing" not in row
    assert "Data due" not in row


def test_it_does_not_ask_for_data_for_someone_who_is_not_a_care_leaver(world, pa_client, today):
    dob = born_turning(19, on=TODAY - timedelta(days=53))
    yp = young_person(world, date_of_birth=dob, legal_status=LegalStatus.QUALIFYING)
    assert "birthday" not in row_of(page(pa_client), yp.display_name)


def test_it_tags_transitions_in_the_next_90_days_in_words(world, pa_client, today):
    # Nobody turns 18, 21 or 25 on 29 February (none of them was born on a leap day): on a
    # leap day, ask the day after.
    day = today + timedelta(days=1) if (today.month, today.day) == (2, 29) else today
    with time_machine.travel(at(day), tick=False):
        dob = born_turning(18, on=day + timedelta(days=72))
        eighteen = young_person(world, date_of_birth=dob)
        twenty_one = young_person(world, date_of_birth=born_turning(21, on=day))
        too_far = young_person(world, date_of_birth=born_turning(25, on=day + timedelta(days=91)))
        html = page(client_for(world.pa))  # signed in on that day
    turns = f"Turns 18 on {long_date(birthday(dob, 18))}"
    assert f'<strong class="govuk-tag govuk-tag--blue">{turns}</strong>' in (
        row_of(html, eighteen.display_name)
    )
    assert ">Turns 21 today</strong>" in row_of(html, twenty_one.display_name)
    assert "Turns" not in row_of(html, too_far.display_name)


def test_it_sorts_by_name_age_review_and_last_contact_with_aria_sort(world, pa_client, today):
    world.yp_own.delete()
    a = young_person(
        world,
        legal_last_name="Alder",
        date_of_birth=years_before(TODAY, 20),
        next_review_due_on=TODAY + timedelta(days=39),
        last_contact_on=TODAY - timedelta(days=3),
    )
    b = young_person(
        world,
        legal_last_name="Birch",
        date_of_birth=years_before(TODAY, 18),
        next_review_due_on=None,
        last_contact_on=None,
    )
    c = young_person(
        world,
        legal_last_name="Cedar",
        date_of_birth=years_before(TODAY, 19),
        next_review_due_on=TODAY + timedelta(days=8),
        last_contact_on=TODAY - timedelta(days=30),
    )
    names = [a.display_name, b.display_name, c.display_name]

    html = page(pa_client)
    assert names_in_order(html, names) == [a.display_name, b.display_name, c.display_name]
    assert (
        'aria-sort="ascending"><a class="govuk-link govuk-link--no-visited-state lc-sort-link" href="?sort=name&amp;order=descending">Name'
        in html
    )
    assert (
        'aria-sort="none"><a class="govuk-link govuk-link--no-visited-state lc-sort-link" href="?sort=age&amp;order=ascending">Age'
        in html
    )

    html = page(pa_client, sort="name", order="descending")
    assert names_in_order(html, names) == [c.display_name, b.display_name, a.display_name]
    assert 'aria-sort="descending"' in html

    html = page(pa_client, sort="age")  # youngest first
    assert names_in_order(html, names) == [b.display_name, c.display_name, a.display_name]

    html = page(pa_client, sort="review")  # soonest first, not set last
    assert names_in_order(html, names) == [c.display_name, a.display_name, b.display_name]

    html = page(pa_client, sort="contact", order="descending")  # longest since first
    assert names_in_order(html, names) == [b.display_name, c.display_name, a.display_name]


def test_an_unknown_sort_falls_back_to_name(world, pa_client, today):
    html = page(pa_client, sort="date_of_birth; drop table", order="sideways")
    assert (
        'aria-sort="ascending"><a class="govuk-link govuk-link--no-visited-state lc-sort-link" href="?sort=name'
        in html
    )


def test_it_filters_by_legal_status(world, pa_client, today):
    eligible = young_person(world, legal_status=LegalStatus.ELIGIBLE)
    relevant = young_person(world, legal_status=LegalStatus.RELEVANT)
    overridden = young_person(
        world,
        legal_status=LegalStatus.RELEVANT,
        legal_status_override=LegalStatus.ELIGIBLE,
        legal_status_override_reason="Still in care: episode not yet recorded",
    )
    html = page(pa_client, status="eligible")
    assert eligible.display_name in html
    assert overridden.display_name in html
    assert relevant.display_name not in html
    assert "2 young people match the filters" in html


def test_it_filters_overdue_transitions_and_missing_data(world, pa_client, today):
    world.yp_own.delete()
    overdue = young_person(world, next_review_due_on=TODAY - timedelta(days=1))
    contact_overdue = young_person(world, last_contact_on=TODAY - timedelta(weeks=9))
    visit_overdue = young_person(world, moved_on=TODAY - timedelta(days=10))
    turning = young_person(world, date_of_birth=born_turning(18, on=TODAY + timedelta(days=5)))
    missing = young_person(
        world,
        date_of_birth=born_turning(19, on=TODAY - timedelta(days=53)),
        legal_status=LegalStatus.FORMER_RELEVANT,
    )
    fine = young_person(world, last_contact_on=TODAY)
    everyone = [overdue, contact_overdue, visit_overdue, turning, missing, fine]

    def shown(**params):
        html = page(pa_client, **params)
        return {yp for yp in everyone if yp.display_name in html}

    assert shown(show="overdue") == {overdue, contact_overdue, visit_overdue}
    assert shown(show="transitions") == {turning}
    assert shown(show="missing") == {missing}
    assert shown(show=["transitions", "missing"]) == {turning, missing}
    assert shown() == set(everyone)


def test_it_shows_the_selected_filters_with_links_that_remove_them(world, pa_client, today):
    html = page(pa_client, status=["eligible", "relevant"], show="overdue", sort="age")
    assert "Selected filters" in html
    assert (
        '<a class="lc-filter-tag" href="?status=relevant&amp;show=overdue&amp;sort=age">'
        '<span class="govuk-visually-hidden">Remove this filter: </span>Eligible</a>'
    ) in html
    assert 'href="?sort=age&amp;order=ascending">Clear filters</a>' in html
    # The filter form keeps the sort, and ticks what is applied.
    assert '<input type="hidden" name="sort" value="age">' in html
    assert re.search(r'type="checkbox" value="eligible" checked', html)
    assert 'type="checkbox" value="relevant" checked' in html
    assert 'type="checkbox" value="qualifying">' in html


def test_a_filter_that_is_not_offered_gets_a_clear_message(world, pa_client, today):
    html = page(pa_client, status="royalty")
    assert "There is a problem" in html
    assert "Choose legal statuses from the list" in html
    assert world.yp_own.display_name in html  # the list still shows, unfiltered


def test_the_caseload_runs_a_fixed_number_of_queries(world, pa_client, today):
    def grow(n):
        for i in range(n):
            yp = young_person(
                world,
                date_of_birth=born_turning(19, on=TODAY - timedelta(days=i * 17)),
                legal_status=LegalStatus.FORMER_RELEVANT,
                last_contact_on=TODAY - timedelta(days=i * 5),
                next_review_due_on=TODAY + timedelta(days=i * 3 - 40),
                moved_on=TODAY - timedelta(days=i % 9),
                plan_status=["", "draft", "approved"][i % 3],
            )
            CareEpisodeFactory(
                young_person=yp,
                started_on=years_before(TODAY, 4),
                ended_on=years_before(TODAY, 2),
            )
            SituationFactory(
                young_person=yp, recorded_by=world.pa, recorded_on=TODAY - timedelta(days=i)
            )
            ContactFactory(young_person=yp, recorded_by=world.pa, occurred_at=at(TODAY))
            ApprovedPlanFactory(
                young_person=yp,
                starts_on=TODAY - timedelta(days=266),
                decided_by=None,
                decided_at=None,
            )

    queries = assert_constant_queries(pa_client, URL, grow=grow, base=10, factor=10)
    assert queries <= 12  # session, user, roles, council, navigation, the list
    # And with every filter and a sort applied.
    assert_constant_queries(
        pa_client,
        URL + "?status=former_relevant&show=overdue&show=missing&show=transitions&sort=contact",
        grow=grow,
        base=1,
        factor=2,
    )


def test_it_escapes_what_people_typed_in_the_rows(world, pa_client, today):
    young_person(world, legal_first_name='<script>alert("x")</script>', legal_last_name="O'Hara&Co")
    html = page(pa_client)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; O&#x27;Hara&amp;Co" in html
