"""The inbox: unread count in the header, the list, marking read, links to the record."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reminders.models import Reminder
from reminders.rules import Kind
from tests.clock import TODAY, long_date
from tests.factories import YoungPersonFactory
from tests.querybudget import assert_constant_queries

pytestmark = pytest.mark.django_db


def sent(
    recipient, young_person, kind=Kind.CONTACT_OVERDUE, due_on=TODAY - timedelta(days=3), **extra
):
    return Reminder.objects.create(
        council=recipient.council,
        recipient=recipient,
        kind=kind,
        young_person=young_person,
        due_on=due_on,
        status=Reminder.Status.SENT,
        sent_at=timezone.now(),
        **extra,
    )


def test_the_header_shows_the_unread_count_with_one_query(world, pa_client):
    sent(world.pa, world.yp_own)
    sent(world.pa, world.yp_own, kind=Kind.REVIEW_OVERDUE)
    sent(world.pa, world.yp_own, kind=Kind.VISIT_DUE, read_at=timezone.now())
    Reminder.objects.create(  # not sent yet: not counted
        council=world.council,
        recipient=world.pa,
        kind=Kind.TURNS_18_FIRST,
        young_person=world.yp_own,
        due_on=TODAY + timedelta(days=39),
    )
    sent(world.pa_colleague, world.yp_colleague)  # someone else's
    with CaptureQueriesContext(connection) as queries:
        response = pa_client.get(reverse("pathways:caseload"))
    html = response.content.decode()
    assert (
        'href="/reminders/">Inbox (2)<span class="govuk-visually-hidden"> unread</span></a>' in html
    )
    assert sum("reminders_reminder" in q["sql"] for q in queries.captured_queries) == 1


def test_people_without_an_inbox_see_no_inbox_link(world, committee_officer_client):
    html = committee_officer_client.get(reverse("core:home")).content.decode()
    assert "Inbox (" not in html


def test_the_inbox_lists_the_users_reminders_newest_first_with_a_link_to_the_record(
    world, pa_client
):
    older = sent(world.pa, world.yp_own, kind=Kind.REVIEW_OVERDUE)
    Reminder.objects.filter(pk=older.pk).update(sent_at=timezone.now() - timedelta(days=1))
    sent(world.pa, world.yp_own, kind=Kind.TURNS_18_SECOND, due_on=TODAY + timedelta(days=8))
    sent(world.pa_colleague, world.yp_colleague, kind=Kind.VISIT_OVERDUE)
    html = pa_client.get(reverse("reminders:inbox")).content.decode()
    assert "2 reminders, newest first" in html
    assert html.index(f"18th birthday on {long_date(TODAY + timedelta(days=8))}") < html.index(
        f"Pathway-plan review overdue: it was due on {long_date(TODAY - timedelta(days=3))}"
    )
    assert f'href="/pathways/young-people/{world.yp_own.uuid}/"' in html
    assert world.yp_colleague.display_name not in html
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in html
    assert "They leave care at 18" in html  # what the birthday means


def test_the_inbox_can_show_unread_reminders_only(world, pa_client):
    sent(world.pa, world.yp_own)
    sent(world.pa, world.yp_own, kind=Kind.REVIEW_OVERDUE, read_at=timezone.now())
    html = pa_client.get(reverse("reminders:inbox"), {"show": "unread"}).content.decode()
    assert "1 unread reminder, newest first" in html


def test_marking_a_reminder_read_lowers_the_count(world, pa_client):
    reminder = sent(world.pa, world.yp_own)
    response = pa_client.post(reverse("reminders:mark-read", args=[reminder.uuid]))
    assert response.status_code == 302 and response.url == reverse("reminders:inbox")
    reminder.refresh_from_db()
    assert reminder.read_at is not None
    html = pa_client.get(reverse("reminders:inbox")).content.decode()
    assert "Inbox (0" in html
    assert '<strong class="govuk-tag govuk-tag--grey">Read</strong>' in html


def test_nobody_can_mark_someone_elses_reminder_read(world, pa_colleague_client):
    reminder = sent(world.pa, world.yp_own)
    response = pa_colleague_client.post(reverse("reminders:mark-read", args=[reminder.uuid]))
    assert response.status_code == 404
    reminder.refresh_from_db()
    assert reminder.read_at is None


def test_marking_read_needs_a_post(world, pa_client):
    reminder = sent(world.pa, world.yp_own)
    assert pa_client.get(reverse("reminders:mark-read", args=[reminder.uuid])).status_code == 405


def test_mark_all_as_read(world, pa_client):
    sent(world.pa, world.yp_own)
    sent(world.pa, world.yp_own, kind=Kind.REVIEW_OVERDUE)
    other = sent(world.pa_colleague, world.yp_colleague)
    response = pa_client.post(reverse("reminders:mark-all-read"), follow=True)
    assert "2 reminders marked as read" in response.content.decode()
    assert not Reminder.objects.filter(recipient=world.pa, read_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_at is None


def test_a_reminder_about_someone_no_longer_in_reach_is_not_shown(world, pa_client):
    sent(world.pa, world.yp_other_team)  # e.g. reallocated to another team since
    html = pa_client.get(reverse("reminders:inbox")).content.decode()
    assert world.yp_other_team.display_name not in html
    assert "Inbox (0" in html


def test_an_escalation_names_the_personal_adviser(world, team_manager_client):
    sent(world.team_manager, world.yp_own, kind=Kind.ESCALATED_REVIEW)
    html = team_manager_client.get(reverse("reminders:inbox")).content.decode()
    assert "Personal adviser: Petra Adviser" in html
    assert '<strong class="govuk-tag govuk-tag--red">Escalated</strong>' in html


def test_a_digest_links_to_the_teams_overdue_work(world, team_manager_client):
    Reminder.objects.create(
        council=world.council,
        recipient=world.team_manager,
        kind=Kind.WEEKLY_DIGEST,
        team=world.team_a,
        due_on=TODAY,
        status=Reminder.Status.SENT,
        sent_at=timezone.now(),
        detail={
            "team_name": "Team A",
            "young_people": 2,
            "counts": [{"label": "Contacts overdue", "count": 1}],
            "due_this_week": 0,
            "overdue": [],
            "more": 0,
        },
    )
    html = team_manager_client.get(reverse("reminders:inbox")).content.decode()
    assert f"Weekly digest for Team A, week of {long_date(TODAY)}" in html
    assert f"/pathways/young-people/?team={world.team_a.pk}&amp;show=overdue" in html
    assert "Contacts overdue: 1" in html


def test_the_inbox_runs_a_fixed_number_of_queries(world, pa_client):
    kinds = [Kind.CONTACT_OVERDUE, Kind.REVIEW_OVERDUE, Kind.ESCALATED_REVIEW]

    def grow(n):
        for _ in range(n):
            yp = YoungPersonFactory(
                council=world.council, personal_adviser=world.pa, team=world.team_a
            )
            for kind in kinds:
                sent(world.pa, yp, kind=kind)

    assert_constant_queries(pa_client, reverse("reminders:inbox"), grow=grow)


@pytest.mark.parametrize("persona", ["participation_officer", "committee_officer", "administrator"])
def test_roles_without_young_peoples_records_have_no_inbox(world, persona):
    from tests.conftest import client_for

    client = client_for(world.persona(persona))
    assert client.get(reverse("reminders:inbox")).status_code == 403


def test_the_unread_count_is_reused_between_pages_for_a_minute(world, pa_client):
    sent(world.pa, world.yp_own)
    pa_client.get(reverse("pathways:caseload"))
    with CaptureQueriesContext(connection) as queries:
        html = pa_client.get(reverse("pathways:caseload")).content.decode()
    assert "Inbox (1)" in html
    assert not any("reminders_reminder" in q["sql"] for q in queries.captured_queries)


def test_reading_a_reminder_or_being_sent_one_counts_again_at_once(world, pa_client):
    from reminders.services.inbox import forget_unread, mark_read

    first = sent(world.pa, world.yp_own)
    assert "Inbox (1)" in pa_client.get(reverse("pathways:caseload")).content.decode()
    mark_read(reminder=first, by=world.pa)
    assert "Inbox (0)" in pa_client.get(reverse("pathways:caseload")).content.decode()
    sent(world.pa, world.yp_own, kind=Kind.REVIEW_OVERDUE)
    forget_unread(world.pa.pk)  # what delivery does as it marks a reminder sent
    assert "Inbox (1)" in pa_client.get(reverse("pathways:caseload")).content.decode()


def test_a_sweep_that_sends_a_reminder_shows_in_the_count_at_once(world, pa_client):
    from reminders.services import sweep

    YoungPersonFactory(
        council=world.council,
        team=world.team_a,
        personal_adviser=world.pa,
        last_contact_on=timezone.localdate() - timedelta(weeks=30),
    )
    before = pa_client.get(reverse("pathways:caseload")).content.decode()
    assert "Inbox (0)" in before
    sweep.run_all(today=timezone.localdate(), councils=[world.council])
    after = pa_client.get(reverse("pathways:caseload")).content.decode()
    assert "Inbox (0)" not in after
