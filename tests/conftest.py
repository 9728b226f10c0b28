"""Personas and shared fixtures.

Everyone below belongs to the "home" council unless they say otherwise:

- ``pa``: a personal adviser in team A, with ``yp_own`` on their caseload
- ``pa_colleague``: a personal adviser in the same team, with ``yp_colleague``
- ``pa_other_team``: a personal adviser in team B, with ``yp_other_team``
- ``team_manager`` (team A), ``service_manager``, ``participation_officer``,
  ``committee_officer``, ``administrator``
- ``other_council_user``: a personal adviser *and* administrator in another council, with
  ``yp_other_council``

Each persona has a signed-in Django test client fixture named ``<persona>_client``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from accounts.roles import Role

from .clock import NOW, TODAY
from .factories import CouncilFactory, TeamFactory, UserFactory, YoungPersonFactory
from .once import FormClient


@pytest.fixture(autouse=True)
def _pinned_clock(request):
    """Every test runs on the one pinned clock (tests/clock.py), which ticks on from noon on
    ``TODAY``; a test marked ``real_clock`` runs on the machine's clock instead."""
    if request.node.get_closest_marker("real_clock"):
        yield None
        return
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture
def today():
    """The pinned date (tests/clock.py)."""
    return TODAY


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (counts and figures reused between pages must not
    leak from one test's data into another's)."""
    from django.core.cache import cache

    cache.clear()
    yield


PERSONAS = (
    "pa",
    "pa_colleague",
    "pa_other_team",
    "team_manager",
    "service_manager",
    "participation_officer",
    "committee_officer",
    "administrator",
    "other_council_user",
)


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config, items):
    """Make ``xdist_group`` marks take effect (``pytest -n 2 --dist loadgroup``).

    pytest-xdist (3.8) groups tests by appending "@group" to ``item._nodeid``, which pytest 9.2
    no longer reads: its node ids are structured (``item._id``), so the grouping is silently
    lost (pytest-dev/pytest-xdist#1386). After every other hook has marked its tests, put the
    suffix where this pytest reads it.
    """
    result = yield
    if getattr(config.option, "loadgroup", False):
        for item in items:
            marker = item.get_closest_marker("xdist_group")
            if marker is not None:
                _join_xdist_group(item, marker.args[0] if marker.args else marker.kwargs["name"])
    return result


def _join_xdist_group(item, group: str) -> None:
    suffix = f"@{group}"
    if item.nodeid.endswith(suffix):
        return  # pytest-xdist managed
    try:
        from _pytest.nodeid import NodeId
    except ImportError:  # an older pytest, where pytest-xdist's own suffix works
        return
    if isinstance(getattr(item, "_id", None), NodeId):
        item._id = NodeId.parse(item.nodeid + suffix)


def pytest_report_header(config):
    db = settings.DATABASES["default"]
    if settings.TEST_DATABASE_PROBLEM:
        line = (
            f"database: SQLite, because PostgreSQL could not be reached "
            f"({settings.TEST_DATABASE_PROBLEM}); PostgreSQL-only tests will be skipped"
        )
    else:
        line = f"database: PostgreSQL at {db.get('HOST') or 'local socket'}:{db.get('PORT') or ''}"
    return [line, f"today (the pinned clock, LEAVINGCARE_TEST_TODAY): {TODAY.isoformat()}"]


@dataclass
class World:
    council: object
    other_council: object
    team_a: object
    team_b: object
    other_team: object
    pa: object
    pa_colleague: object
    pa_other_team: object
    team_manager: object
    service_manager: object
    participation_officer: object
    committee_officer: object
    administrator: object
    other_council_user: object
    yp_own: object
    yp_colleague: object
    yp_other_team: object
    yp_other_council: object

    def persona(self, name: str):
        return getattr(self, name)


@pytest.fixture
def world(db) -> World:
    council = CouncilFactory(name="Home Borough Council", slug="home")
    other_council = CouncilFactory(name="Other Borough Council", slug="other")
    team_a = TeamFactory(council=council, name="Team A")
    team_b = TeamFactory(council=council, name="Team B")
    other_team = TeamFactory(council=other_council, name="Other team")

    def user(email, name, roles, team=None, c=council):
        return UserFactory(email=email, full_name=name, council=c, team=team, roles=roles)

    pa = user("pa@home.example", "Petra Adviser", [Role.PERSONAL_ADVISER], team_a)
    pa_colleague = user("colleague@home.example", "Colm Colleague", [Role.PERSONAL_ADVISER], team_a)
    pa_other_team = user("pa.b@home.example", "Bea Otherteam", [Role.PERSONAL_ADVISER], team_b)
    team_manager = user("tm@home.example", "Tam Manager", [Role.TEAM_MANAGER], team_a)
    service_manager = user("sm@home.example", "Sam Servicelead", [Role.SERVICE_MANAGER])
    participation = user("po@home.example", "Pat Participation", [Role.PARTICIPATION_OFFICER])
    committee = user("co@home.example", "Cory Committee", [Role.COMMITTEE_OFFICER])
    administrator = user("admin@home.example", "Ada Admin", [Role.ADMINISTRATOR])
    outsider = user(
        "pa@other.example",
        "Otto Outsider",
        [Role.PERSONAL_ADVISER, Role.ADMINISTRATOR],
        other_team,
        other_council,
    )

    def yp(pa_user, team, c=council):
        return YoungPersonFactory(council=c, personal_adviser=pa_user, team=team)

    return World(
        council=council,
        other_council=other_council,
        team_a=team_a,
        team_b=team_b,
        other_team=other_team,
        pa=pa,
        pa_colleague=pa_colleague,
        pa_other_team=pa_other_team,
        team_manager=team_manager,
        service_manager=service_manager,
        participation_officer=participation,
        committee_officer=committee,
        administrator=administrator,
        other_council_user=outsider,
        yp_own=yp(pa, team_a),
        yp_colleague=yp(pa_colleague, team_a),
        yp_other_team=yp(pa_other_team, team_b),
        yp_other_council=yp(outsider, other_team, other_council),
    )


def client_for(user) -> Client:
    """A signed-in client; its form posts carry the page's one-time token (tests/once.py)."""
    client = FormClient()
    client.force_login(user, backend="accounts.backends.EmailRoleBackend")
    return client


def _persona_fixture(name):
    @pytest.fixture(name=name)
    def _user(world):
        return world.persona(name)

    @pytest.fixture(name=f"{name}_client")
    def _client(world):
        return client_for(world.persona(name))

    return _user, _client


for _name in PERSONAS:
    globals()[f"_{_name}"], globals()[f"_{_name}_client"] = _persona_fixture(_name)


@pytest.fixture
def anonymous_client() -> Client:
    return Client()
