"""Preferences (everyone with an inbox), the council's reminder settings and the sweep history
(administrators of that council)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import Action, AuditEvent
from reminders.models import NotificationPreference, ReminderSettings, SweepRun
from reminders.selectors import settings_for
from reminders.services import sweep
from tests.clock import TODAY
from tests.querybudget import assert_constant_queries

pytestmark = pytest.mark.django_db

GOOD = {
    "review_first_days": "21",
    "review_second_days": "5",
    "birthday_first_days": "60",
    "birthday_second_days": "14",
    "contact_interval_weeks": "6",
    "post_move_visit_days": "5",
    "escalation_days": "3",
    "digest_weekday": "4",
}


def test_a_user_chooses_the_inbox_only(world, pa_client):
    response = pa_client.get(reverse("reminders:preferences"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Escalations about overdue work always come by email as well" in html
    response = pa_client.post(reverse("reminders:preferences"), {"channel": "in_app"})
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=world.pa).channel == "in_app"


def test_a_preference_must_be_chosen(world, pa_client):
    response = pa_client.post(reverse("reminders:preferences"), {"channel": "pigeon"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_an_administrator_changes_the_councils_reminder_settings(world, administrator_client):
    response = administrator_client.get(reverse("reminders:settings"))
    html = response.content.decode()
    assert response.status_code == 200 and "Home Borough Council" in html
    assert 'value="28"' in html and 'value="90"' in html  # the defaults
    response = administrator_client.post(reverse("reminders:settings"), GOOD)
    assert response.status_code == 302
    saved = ReminderSettings.objects.get(council=world.council)
    assert (saved.review_first_days, saved.review_second_days) == (21, 5)
    assert (saved.birthday_first_days, saved.birthday_second_days) == (60, 14)
    assert saved.escalation_days == 3 and saved.digest_weekday == 4
    world.council.refresh_from_db()
    assert world.council.contact_interval_weeks == 6 and world.council.post_move_visit_days == 5
    event = AuditEvent.objects.get(action=Action.UPDATE, object_type="reminders.remindersettings")
    assert event.actor == world.administrator and event.council_id == world.council.pk
    assert event.detail["changes"]["escalation_days"] == {"from": 7, "to": 3}
    assert not ReminderSettings.objects.filter(council=world.other_council).exists()


def test_the_policy_the_sweep_uses_follows_the_settings(world, administrator_client):
    administrator_client.post(reverse("reminders:settings"), GOOD)
    policy = settings_for(world.council).policy()
    assert policy.review_first_days == 21 and policy.contact_interval_weeks == 6
    assert policy.post_move_visit_days == 5 and policy.escalation_days == 3


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"review_second_days": "21"},
            "The second reminder before a review must come after the first: enter fewer days",
        ),
        (
            {"birthday_second_days": "90", "birthday_first_days": "30"},
            "The second reminder before a birthday must come after the first: enter fewer days",
        ),
        ({"escalation_days": "0"}, "Escalation delay in days must be 1 or more"),
        ({"contact_interval_weeks": "eight"}, "Contact interval in weeks must be a whole number"),
        ({"digest_weekday": ""}, "Choose the day for the weekly digest"),
    ],
)
def test_bad_settings_are_refused_with_a_clear_message_and_nothing_saved(
    world, administrator_client, change, message
):
    response = administrator_client.post(reverse("reminders:settings"), GOOD | change)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and message in html
    saved = settings_for(world.council)
    assert saved.review_first_days == 28 and saved.escalation_days == 7
    world.council.refresh_from_db()
    assert world.council.contact_interval_weeks == 8


@pytest.mark.parametrize("persona", ["pa", "team_manager", "service_manager", "committee_officer"])
def test_only_administrators_change_reminder_settings(world, persona):
    from tests.conftest import client_for

    client = client_for(world.persona(persona))
    assert client.get(reverse("reminders:settings")).status_code == 403
    assert client.post(reverse("reminders:settings"), GOOD).status_code == 403
    assert not ReminderSettings.objects.filter(escalation_days=3).exists()


def test_each_administrator_changes_only_their_own_council(world, other_council_user_client):
    other_council_user_client.post(reverse("reminders:settings"), GOOD)
    assert ReminderSettings.objects.get(council=world.other_council).escalation_days == 3
    assert settings_for(world.council).escalation_days == 7


def test_administrators_see_when_the_sweep_last_ran_and_what_it_made(world, administrator_client):
    sweep.run_all(today=TODAY, councils=[world.council, world.other_council])
    html = administrator_client.get(reverse("reminders:sweeps")).content.decode()
    assert (
        "Latest sweep" in html
        and '<strong class="govuk-tag govuk-tag--green">Finished</strong>' in html
    )
    assert "send_reminders command" in html
    assert html.count('<tr class="govuk-table__row">') == 2  # header and this council's one run


def test_the_sweeps_page_runs_a_fixed_number_of_queries(world, administrator_client):
    def grow(n):
        for _ in range(n):
            SweepRun.objects.create(council=world.council, run_on=TODAY, trigger="command")

    assert_constant_queries(administrator_client, reverse("reminders:sweeps"), grow=grow)
