"""The young person's page: summary, legal status, key dates, current plan, allocation
history and one timeline; who sees which actions; every view audited."""

from __future__ import annotations

import itertools
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import Action, AuditEvent
from pathways.models import Contact, PathwayPlan
from pathways.rules import LegalStatus, add_months, birthday
from tests.clock import TODAY, at, long_date
from tests.factories import (
    DEFAULT_DATE_OF_BIRTH,
    ApprovedPlanFactory,
    CareEpisodeFactory,
    ReviewFactory,
    SituationFactory,
)
from tests.querybudget import assert_constant_queries

from .factories import AllocationFactory, ContactFactory

pytestmark = pytest.mark.django_db

#: An approved plan as these tests wrote it: no one recorded as deciding it.
NO_DECISION = {"decided_by": None, "decided_at": None}


def url(yp) -> str:
    return reverse("pathways:young-person", args=[yp.uuid])


def html_of(client, yp) -> str:
    response = client.get(url(yp))
    assert response.status_code == 200
    return response.content.decode()


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_it_shows_the_summary_with_when_each_contact_detail_was_confirmed(world, pa_client, today):
    yp = world.yp_own
    yp.preferred_name = "Kes"
    yp.phone = "07700 900123"
    yp.phone_confirmed_on = TODAY - timedelta(days=52)
    yp.email = "kes@example.org"
    yp.unaccompanied_asylum_seeking = True
    yp.save()
    page = text(html_of(pa_client, yp))
    assert "Kes " + yp.legal_last_name in page
    assert f"{long_date(DEFAULT_DATE_OF_BIRTH)} (age 19)" in page
    assert f"07700 900123 Last confirmed {long_date(TODAY - timedelta(days=52))}" in page
    assert "kes@example.org Not confirmed" in page
    assert "Unaccompanied asylum-seeking Yes" in page
    assert "Personal adviser Petra Adviser" in page
    assert "Team Team A" in page


def test_it_shows_the_legal_status_with_its_reason_and_any_override(world, pa_client, today):
    yp = world.yp_own
    yp.legal_status = LegalStatus.RELEVANT
    yp.legal_status_reason = "looked after 60 weeks since 14th birthday; left care at 17"
    yp.legal_status_override = LegalStatus.FORMER_RELEVANT
    yp.legal_status_override_reason = "Care order records from another council"
    yp.legal_status_override_by = world.team_manager
    yp.legal_status_override_at = at(TODAY - timedelta(days=21), 14) + timedelta(minutes=30)
    yp.save()
    page = text(html_of(pa_client, yp))
    assert "Legal status Former relevant Set by a manager" in page
    assert "Computed status Relevant" in page
    assert "Looked after 60 weeks since 14th birthday; left care at 17" in page
    assert "Reason for the override Care order records from another council" in page
    assert f"Tam Manager, {long_date(TODAY - timedelta(days=21))} at 2:30pm" in page


def test_it_shows_key_dates_and_says_29_february_birthdays_fall_on_28_february(
    world, pa_client, today
):
    yp = world.yp_own
    yp.date_of_birth = date(2008, 2, 29)
    yp.save()
    page = text(html_of(pa_client, yp))
    assert "16 years and 3 months 29 May 2024 Passed Needs assessment and pathway plan due" in page
    assert "18th birthday 28 February 2026 Passed" in page
    assert "21st birthday 28 February 2029" in page
    assert "25th birthday 28 February 2033" in page
    assert "their birthday is taken to fall on 28 February" in page


def test_it_shows_the_current_plan_and_one_in_progress(world, pa_client, today):
    yp = world.yp_own
    old = ApprovedPlanFactory(
        young_person=yp, number=1, starts_on=TODAY - timedelta(days=266), **NO_DECISION
    )
    current = ApprovedPlanFactory(
        young_person=yp, number=2, starts_on=TODAY - timedelta(days=175), **NO_DECISION
    )
    draft = ApprovedPlanFactory(
        young_person=yp,
        number=3,
        status=PathwayPlan.Status.DRAFT,
        starts_on=TODAY - timedelta(days=266),
        **NO_DECISION,
    )
    html = html_of(pa_client, yp)
    assert f'href="/pathways/plans/{current.uuid}/">Pathway plan 2</a>' in html
    assert long_date(TODAY - timedelta(days=175)) in html
    assert f'href="/pathways/plans/{draft.uuid}/">pathway plan 3</a> (draft)' in html
    assert f"/pathways/plans/{old.uuid}/" not in html


def test_it_says_when_there_is_no_approved_plan(world, pa_client, today):
    assert "No approved plan" in html_of(pa_client, world.yp_own)


def test_the_timeline_merges_everything_newest_first(world, pa_client, today):
    yp = world.yp_own
    eighteenth = birthday(DEFAULT_DATE_OF_BIRTH, 18)
    looked_after, allocated = add_months(eighteenth, -38), eighteenth + timedelta(days=15)
    started, submitted, approved = (TODAY - timedelta(days=d) for d in (295, 276, 267))
    reviewed, situation, visited = (TODAY - timedelta(days=d) for d in (83, 49, 3))
    CareEpisodeFactory(
        young_person=yp,
        started_on=looked_after,
        ended_on=eighteenth,
        recorded_by=world.pa,
    )
    AllocationFactory(
        young_person=yp,
        personal_adviser=world.pa,
        team=world.team_a,
        started_on=allocated,
        allocated_by=world.team_manager,
        reason="New to the team",
    )
    plan = ApprovedPlanFactory(young_person=yp, number=1, starts_on=TODAY - timedelta(days=266))
    PathwayPlan.objects.filter(pk=plan.pk).update(
        created_at=at(started),
        submitted_at=at(submitted),
        submitted_by=world.pa,
        decided_at=at(approved),
        decided_by=world.team_manager,
    )
    ReviewFactory(plan=plan, held_on=reviewed, next_review_due_on=TODAY + timedelta(days=98))
    SituationFactory(young_person=yp, recorded_by=world.pa, recorded_on=situation)
    ContactFactory(
        young_person=yp,
        recorded_by=world.pa,
        occurred_at=at(visited),
        kind=Contact.Kind.HOME_VISIT,
        seen_alone=True,
        notes="Flat is warm; bills paid.",
        change_of_circumstances=True,
    )
    html = html_of(pa_client, yp)
    timeline = text(html.split(">Timeline</h2>")[1])
    expected = [
        f"Home visit Change of circumstances {long_date(visited)} , by Petra Adviser Seen alone Flat is warm; bills paid.",
        f"Situation recorded {long_date(situation)}",
        "In touch: Yes, in touch. Activity: Other education, full-time (F2). Accommodation: Independent living: suitable (U1).",
        f"Review: scheduled {long_date(reviewed)}",
        f"Pathway plan 1 approved {long_date(approved)} , by Tam Manager",
        f"Pathway plan 1 submitted for sign-off {long_date(submitted)}",
        f"Pathway plan 1 started {long_date(started)}",
        f"Allocated to Petra Adviser (Team A) {long_date(allocated)} , by Tam Manager New to the team",
        f"Left care {long_date(eighteenth)}",
        "Moved to independent living",
        f"Became looked after {long_date(looked_after)}",
    ]
    positions = [timeline.index(item) for item in expected]
    assert positions == sorted(positions)


def test_the_page_lists_allocation_history(world, pa_client, today):
    yp = world.yp_own
    AllocationFactory(
        young_person=yp,
        personal_adviser=world.pa_colleague,
        team=world.team_a,
        started_on=TODAY - timedelta(days=691),
        ended_on=TODAY - timedelta(days=540),
    )
    AllocationFactory(
        young_person=yp,
        personal_adviser=world.pa,
        team=world.team_a,
        started_on=TODAY - timedelta(days=540),
    )
    first, handed_over = (
        long_date(TODAY - timedelta(days=691)),
        long_date(TODAY - timedelta(days=540)),
    )
    page = text(html_of(pa_client, yp))
    assert f"Petra Adviser Team A {handed_over} Now" in page
    assert f"Colm Colleague Team A {first} {handed_over}" in page


def test_viewing_the_record_is_audited_and_says_whose_caseload(world, pa_client, today):
    html_of(pa_client, world.yp_own)
    html_of(pa_client, world.yp_colleague)
    events = AuditEvent.objects.filter(action=Action.VIEW).order_by("id")
    assert [(e.object_id, e.detail["own_caseload"]) for e in events] == [
        (str(world.yp_own.pk), True),
        (str(world.yp_colleague.pk), False),
    ]


def test_the_adviser_gets_links_to_record_work_on_their_own_young_person(world, pa_client, today):
    html = html_of(pa_client, world.yp_own)
    base = f"/pathways/young-people/{world.yp_own.uuid}/"
    for label, path in [
        ("Record a contact", "contacts/new/"),
        ("Record a review", "reviews/new/"),
        ("Needs assessment", "needs-assessment/"),
        ("Pathway plan", "plans/"),
    ]:
        assert f'href="{base}{path}">{label}</a>' in html
    assert reverse("pathways:young-person-edit", args=[world.yp_own.uuid]) in html
    assert reverse("pathways:episode-new", args=[world.yp_own.uuid]) in html
    assert reverse("pathways:allocate", args=[world.yp_own.uuid]) not in html
    assert reverse("pathways:legal-status-override", args=[world.yp_own.uuid]) not in html


def test_a_colleague_covering_reads_the_record_without_edit_links(world, pa_client, today):
    yp = world.yp_colleague
    html = html_of(pa_client, yp)
    assert "Record a contact" not in html
    assert reverse("pathways:young-person-edit", args=[yp.uuid]) not in html
    assert reverse("pathways:episode-new", args=[yp.uuid]) not in html


def test_a_team_manager_gets_the_manager_actions(world, team_manager_client, today):
    yp = world.yp_colleague
    html = html_of(team_manager_client, yp)
    assert "Record a contact" in html
    assert reverse("pathways:allocate", args=[yp.uuid]) in html
    assert reverse("pathways:legal-status-override", args=[yp.uuid]) in html


def test_another_teams_or_councils_record_is_not_found(world, pa_client, team_manager_client):
    assert pa_client.get(url(world.yp_other_team)).status_code == 404
    assert team_manager_client.get(url(world.yp_other_team)).status_code == 404
    assert pa_client.get(url(world.yp_other_council)).status_code == 404
    assert not AuditEvent.objects.filter(action=Action.VIEW).exists()


def test_the_young_person_page_runs_a_fixed_number_of_queries(world, pa_client, today):
    yp = world.yp_own
    plan = ApprovedPlanFactory(young_person=yp, number=100, starts_on=TODAY - timedelta(days=266))
    PathwayPlan.objects.filter(pk=plan.pk).update(
        submitted_at=timezone.now(),
        submitted_by=world.pa,
        decided_at=timezone.now(),
        decided_by=world.team_manager,
    )
    yp.legal_status_override = LegalStatus.FORMER_RELEVANT
    yp.legal_status_override_reason = "Records incomplete"
    yp.legal_status_override_by = world.team_manager
    yp.legal_status_override_at = timezone.now()
    yp.save()

    numbers = itertools.count(1)

    def grow(n):
        for i in range(n):
            day = TODAY - timedelta(days=i + 1)
            ContactFactory(young_person=yp, recorded_by=world.pa, occurred_at=at(day))
            SituationFactory(young_person=yp, recorded_by=world.pa, recorded_on=day)
            ReviewFactory(young_person=yp, plan=plan, recorded_by=world.pa, held_on=day)
            ApprovedPlanFactory(
                young_person=yp,
                number=next(numbers),
                starts_on=TODAY - timedelta(days=266),
                **NO_DECISION,
                submitted_by=world.pa,
                submitted_at=timezone.now(),
            )
            AllocationFactory(
                young_person=yp,
                personal_adviser=world.pa,
                team=world.team_a,
                allocated_by=world.team_manager,
                started_on=day,
                ended_on=day,
            )
            CareEpisodeFactory(
                young_person=yp,
                recorded_by=world.pa,
                started_on=date(2010, 1, 1) + timedelta(days=10 * i),
                ended_on=date(2010, 1, 5) + timedelta(days=10 * i),
            )

    queries = assert_constant_queries(pa_client, url(yp), grow=grow, base=5, factor=10)
    assert queries <= 20


def test_it_shows_the_situation_around_each_17th_to_21st_birthday(world, pa_client, today):
    yp = world.yp_own  # 19 and a half (tests/factories.py)
    yp.legal_status = LegalStatus.FORMER_RELEVANT
    yp.save()
    b17, b18, b19, b20 = (birthday(DEFAULT_DATE_OF_BIRTH, age) for age in (17, 18, 19, 20))
    CareEpisodeFactory(
        young_person=yp, started_on=add_months(b17, -16), ended_on=b17 + timedelta(days=15)
    )
    SituationFactory(young_person=yp, recorded_by=world.pa, recorded_on=b18 + timedelta(days=24))
    html = html_of(pa_client, yp)
    table = text(html.split("Situation around their 17th to 21st birthdays</h2>")[1])
    assert f"17 {long_date(b17)} Not needed: looked after on their birthday" in table
    recorded = long_date(b18 + timedelta(days=24))
    assert f"18 {long_date(b18)} Recorded Recorded on {recorded}" in table
    assert f"19 {long_date(b19)} Missing No situation recorded in the window" in table
    window = f"{long_date(add_months(b20, -3))} and {long_date(add_months(b20, 1))}"
    assert f"20 {long_date(b20)} Record between {window}" in table
