"""The capped paginator counts no further than its cap."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Team
from core.pagination import CappedPaginator

pytestmark = pytest.mark.django_db


def _teams(world, n):
    Team.objects.bulk_create(Team(council=world.pa.council, name=f"Team {i:03}") for i in range(n))
    return Team.objects.filter(council=world.pa.council).order_by("name")


def test_it_counts_exactly_below_the_cap(world):
    teams = _teams(world, 5)
    paginator = CappedPaginator(teams, 2, cap=10)
    assert paginator.count == teams.count()
    assert paginator.capped is False
    assert paginator.num_pages == (teams.count() + 1) // 2


def test_past_the_cap_it_says_so_and_counts_with_a_limit(world):
    teams = _teams(world, 12)
    paginator = CappedPaginator(teams, 5, cap=10)
    with CaptureQueriesContext(connection) as ctx:
        assert paginator.count == 10
    assert paginator.capped is True
    assert paginator.cap_text == "10"
    assert "LIMIT 11" in ctx.captured_queries[0]["sql"]
    assert paginator.num_pages == 2
    assert len(paginator.page(2).object_list) == 5


def test_the_audit_log_says_more_than_the_cap(world, administrator_client, monkeypatch):
    from accounts import views
    from audit import services as audit
    from audit.models import Action

    for _ in range(4):
        audit.record(action=Action.VIEW, actor=world.pa, obj=world.yp_own)
    html = administrator_client.get("/audit/").content.decode()
    assert "More than" not in html
    monkeypatch.setattr(views, "AUDIT_COUNT_CAP", 2)
    html = administrator_client.get("/audit/").content.decode()
    assert "More than 2 entries: the newest 2 are listed." in html
