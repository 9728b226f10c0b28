"""Without Redis: ``manage.py send_reminders`` runs the same sweep. Tried as a new user would,
on the demo data, with the console email backend."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import override_settings

from accounts.models import User
from devtools import demo
from reminders.models import Reminder, SweepRun
from reminders.selectors.inbox import inbox_for, unread_count
from tests.clock import TODAY

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_on_the_demo_data_a_pa_gets_reminders_in_the_inbox_and_by_console_email(capsys):
    users = demo.seed_people()
    demo.seed_young_people(users=users)
    demo.seed_casework(users=users)
    out = io.StringIO()
    console = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
    with override_settings(MAILERS=console):
        call_command("send_reminders", stdout=out)
    printed = capsys.readouterr().out
    assert "Northvale County Council:" in out.getvalue()
    assert "Sweep finished:" in out.getvalue()
    pa = User.objects.get(email="pa@northvale.example")
    inbox = list(inbox_for(pa))
    assert inbox, "the demo PA should have reminders after the sweep"
    assert unread_count(pa) == len(inbox)
    assert "To: pa@northvale.example" in printed and "Subject: " in printed
    assert "Content-Type: text/html" in printed
    assert SweepRun.objects.filter(trigger=SweepRun.Trigger.COMMAND).count() == 2

    again = io.StringIO()
    call_command("send_reminders", stdout=again)
    assert "Sweep finished: 0 reminders made, 0 sent." in again.getvalue()
    assert Reminder.objects.filter(recipient=pa).count() == len(inbox)


def test_the_command_can_sweep_one_council_on_a_given_date(world):
    out = io.StringIO()
    day = (TODAY + timedelta(days=8)).isoformat()
    call_command("send_reminders", "--council", "home", "--date", day, stdout=out)
    run = SweepRun.objects.get()
    assert run.council == world.council and str(run.run_on) == day


def test_the_command_explains_a_bad_date_or_council(world):
    with pytest.raises(CommandError, match="--date must look like 2026-11-23"):
        call_command("send_reminders", "--date", "23/11/2026")
    with pytest.raises(CommandError, match="No council with slug 'nowhere'"):
        call_command("send_reminders", "--council", "nowhere")


def test_beat_runs_the_sweep_daily_at_the_configured_time():
    entry = settings.CELERY_BEAT_SCHEDULE["reminders-daily-sweep"]
    assert entry["task"] == "reminders.sweep"
    assert entry["schedule"].hour == {6} and entry["schedule"].minute == {30}


def _settings_with(env: dict) -> subprocess.CompletedProcess:
    code = (
        "import django, os; django.setup(); from django.conf import settings as s;"
        "e = s.CELERY_BEAT_SCHEDULE['reminders-daily-sweep']['schedule'];"
        "print(sorted(e.hour), sorted(e.minute))"
    )
    clean = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean | {"DJANGO_SETTINGS_MODULE": "leavingcare.settings"} | env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_sweep_time_comes_from_the_environment():
    result = _settings_with({"REMINDER_SWEEP_TIME": "07:15"})
    assert result.stdout.split("\n")[0] == "[7] [15]", result.stderr
    bad = _settings_with({"REMINDER_SWEEP_TIME": "half six"})
    assert bad.returncode != 0
    assert "REMINDER_SWEEP_TIME must be a time of day like 06:30" in bad.stderr
