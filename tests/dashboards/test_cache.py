"""The figures are cached until an audited change to the council's records."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pathways.services.work import SituationInput, record_situation

from .conftest import COHORT_DAY

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen(settings):
    settings.DASHBOARDS_CACHE_SECONDS = 600
    cache.clear()
    with time_machine.travel(COHORT_DAY, tick=False):
        yield
    cache.clear()


IN_TOUCH_19_21 = re.compile(
    r'>(\d+)<span class="govuk-visually-hidden"> young (?:person|people): in touch, 19 to 21<'
)


def _in_touch_19_21(client, query: str = ""):
    """The number the page shows, cached or not."""
    text = client.get(f"/dashboards/service/?year=2025{query}").content.decode()
    return int(IN_TOUCH_19_21.search(text).group(1))


def test_a_second_look_is_served_from_the_cache(world, cohort, service_manager_client):
    service_manager_client.get("/dashboards/service/?year=2025")
    with CaptureQueriesContext(connection) as first:
        service_manager_client.get("/dashboards/service/?year=2025&gender=F")
    with CaptureQueriesContext(connection) as second:
        service_manager_client.get("/dashboards/service/?year=2025&gender=F")
    assert len(second) < len(first) - 8


def _record_situation(world, young_person, capture):
    with capture(execute=True):
        record_situation(
            young_person=young_person,
            by=world.pa,
            data=SituationInput(date(2026, 4, 1), "YES", "F1", "U1"),
        )


def test_with_no_staleness_allowed_an_audited_change_is_seen_at_once(
    world, cohort, settings, service_manager_client, django_capture_on_commit_callbacks
):
    settings.DASHBOARDS_STALE_SECONDS = 0
    assert _in_touch_19_21(service_manager_client) == 2
    _record_situation(world, cohort["last_day"], django_capture_on_commit_callbacks)
    assert _in_touch_19_21(service_manager_client) == 3


def test_after_a_change_the_page_says_so_until_it_recalculates(
    world, cohort, service_manager_client, django_capture_on_commit_callbacks
):
    assert _in_touch_19_21(service_manager_client) == 2
    _record_situation(world, cohort["last_day"], django_capture_on_commit_callbacks)
    response = service_manager_client.get("/dashboards/service/?year=2025")
    assert "Records have changed since" in response.content.decode()
    assert _in_touch_19_21(service_manager_client) == 2
    with time_machine.travel(datetime(2026, 11, 23, 0, 6), tick=False):
        assert _in_touch_19_21(service_manager_client) == 3


def test_recalculate_now_computes_afresh(
    world, cohort, service_manager_client, django_capture_on_commit_callbacks
):
    assert _in_touch_19_21(service_manager_client) == 2
    _record_situation(world, cohort["last_day"], django_capture_on_commit_callbacks)
    assert _in_touch_19_21(service_manager_client, "&refresh=1") == 3
    response = service_manager_client.get("/dashboards/service/?year=2025")
    assert "Records have changed since" not in response.content.decode()


def test_each_scope_has_its_own_figures(world, cohort, service_manager_client, team_manager_client):
    service_manager_client.get("/dashboards/service/?year=2025")
    team = team_manager_client.get("/dashboards/service/?year=2025").content.decode()
    pattern = r'>(\d+)<span class="govuk-visually-hidden"> young people counted, 17 to 18<'
    assert re.search(pattern, team).group(1) == "5"  # not the service manager's 6
