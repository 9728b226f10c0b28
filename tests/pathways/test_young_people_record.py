"""The young person's page: summary, legal status, key dates, current plan, allocation
history and one timeline; who sees which actions; every view audited."""

from __future__ import annotations

import itertools
import re
from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import Action, AuditEvent
from pathways.models import Contact, PathwayPlan
from pathways.rules import LegalStatus
from tests.querybudget import assert_constant_queries

from .factories_young_people import (
    LONDON,
    TODAY,
    AllocationFactory,
    CareEpisodeFactory,
    ContactFactory,
    PlanFactory,
    ReviewFactory,
    SituationFactory,
    at,
    today_fixture,  # noqa: F401 (the today fixture)
)

pytestmark = pytest.mark.django_db


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
    yp.phone_confirmed_on = date(2026, 10, 2)
    yp.email = "kes@example.org"
    yp.unaccompanied_asylum_seeking = True
    yp.save()
    page = text(html_of(pa_client, yp))
    assert "Kes " + yp.legal_last_name in page
    assert "17 May 2007 (age 19)" in page
    assert "07700 900123 Last confirmed 2 October 2026" in page
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
    yp.legal_status_override_at = datetime(2026, 11, 2, 14, 30, tzinfo=LONDON)
    yp.save()
    page = text(html_of(pa_client, yp))
    assert "Legal status Former relevant Set by a manager" in page
    assert "Computed status Relevant" in page
    assert "Looked after 60 weeks since 14th birthday; left care at 17" in page
    assert "Reason for the override Care order records from another council" in page
    assert "Tam Manager, 2 November 2026 at 2:30pm" in page


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
    old = PlanFactory(young_person=yp, created_by=world.pa, number=1)
    current = PlanFactory(
        young_person=yp, created_by=world.pa, number=2, starts_on=date(2026, 6, 1)
    )
    draft = PlanFactory(
        young_person=yp, created_by=world.pa, number=3, status=PathwayPlan.Status.DRAFT
    )
    html = html_of(pa_client, yp)
    assert f'href="/pathways/plans/{current.uuid}/">Pathway plan 2</a>' in html
    assert "1 June 2026" in html
    assert f'href="/pathways/plans/{draft.uuid}/">pathway plan 3</a> (draft)' in html
    assert f"/pathways/plans/{old.uuid}/" not in html


def test_it_says_when_there_is_no_approved_plan(world, pa_client, today):
    assert "No approved plan" in html_of(pa_client, world.yp_own)


def test_the_timeline_merges_everything_newest_first(world, pa_client, today):
    yp = world.yp_own
    CareEpisodeFactory(
        young_person=yp,
        started_on=date(2022, 3, 1),
        ended_on=date(2025, 5, 17),
        recorded_by=world.pa,
    )
    AllocationFactory(
        young_person=yp,
        personal_adviser=world.pa,
        team=world.team_a,
        started_on=date(2025, 6, 1),
        allocated_by=world.team_manager,
        reason="New to the team",
    )
    plan = PlanFactory(young_person=yp, created_by=world.pa, number=1)
    PathwayPlan.objects.filter(pk=plan.pk).update(
        created_at=at(date(2026, 2, 1)),
        submitted_at=at(date(2026, 2, 20)),
        submitted_by=world.pa,
        decided_at=at(date(2026, 3, 1)),
        decided_by=world.team_manager,
    )
    ReviewFactory(young_person=yp, plan=plan, recorded_by=world.pa, held_on=date(2026, 9, 1))
    SituationFactory(young_person=yp, recorded_by=world.pa, recorded_on=date(2026, 10, 5))
    ContactFactory(
        young_person=yp,
        recorded_by=world.pa,
        occurred_at=at(date(2026, 11, 20)),
        kind=Contact.Kind.HOME_VISIT,
        seen_alone=True,
        notes="Flat is warm; bills paid.",
        change_of_circumstances=True,
    )
    html = html_of(pa_client, yp)
    timeline = text(html.split(">Timeline</h2>")[1])
    expected = [
        "Home visit Change of circumstances 20 November 2026 , by Petra Adviser Seen alone Flat is warm; bills paid.",
        "Situation recorded 5 October 2026",
        "In touch: Yes, in touch. Activity: Other education, full-time (F2). Accommodation: Independent living: suitable (U1).",
        "Review: scheduled 1 September 2026",
        "Pathway plan 1 approved 1 March 2026 , by Tam Manager",
        "Pathway plan 1 submitted for sign-off 20 February 2026",
        "Pathway plan 1 started 1 February 2026",
        "Allocated to Petra Adviser (Team A) 1 June 2025 , by Tam Manager New to the team",
        "Left care 17 May 2025",
        "Moved to independent living",
        "Became looked after 1 March 2022",
    ]
    positions = [timeline.index(item) for item in expected]
    assert positions == sorted(positions)


def test_the_page_lists_allocation_history(world, pa_client, today):
    yp = world.yp_own
    AllocationFactory(
        young_person=yp,
        personal_adviser=world.pa_colleague,
        team=world.team_a,
        started_on=date(2025, 1, 1),
        ended_on=date(2025, 6, 1),
    )
    AllocationFactory(
        young_person=yp, personal_adviser=world.pa, team=world.team_a, started_on=date(2025, 6, 1)
    )
    page = text(html_of(pa_client, yp))
    assert "Petra Adviser Team A 1 June 2025 Now" in page
    assert "Colm Colleague Team A 1 January 2025 1 June 2025" in page


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
    plan = PlanFactory(young_person=yp, created_by=world.pa, number=100)
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
            PlanFactory(
                young_person=yp,
                created_by=world.pa,
                number=next(numbers),
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
    yp = world.yp_own  # born 17 May 2007
    yp.legal_status = LegalStatus.FORMER_RELEVANT
    yp.save()
    CareEpisodeFactory(young_person=yp, started_on=date(2023, 1, 1), ended_on=date(2024, 6, 1))
    SituationFactory(young_person=yp, recorded_by=world.pa, recorded_on=date(2025, 6, 10))
    html = html_of(pa_client, yp)
    table = text(html.split("Situation around their 17th to 21st birthdays</h2>")[1])
    assert "17 17 May 2024 Not needed: looked after on their birthday" in table
    assert "18 17 May 2025 Recorded Recorded on 10 June 2025" in table
    assert "19 17 May 2026 Missing No situation recorded in the window" in table
    assert "20 17 May 2027 Record between 17 February 2027 and 17 June 2027" in table
