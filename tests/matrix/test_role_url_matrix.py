"""Every URL the project registers, requested as every persona (and anonymously), against
the expected-outcome table in tests/matrix/expected.py."""

from __future__ import annotations

import fnmatch

import pytest

from audit import services as audit
from audit.models import Action

from ..conftest import client_for
from .expected import ANON, EXPECTED, KINDS, PERSONAS
from .urlwalk import Route, walk

ROUTES = walk()


def expectation_for(key: str) -> dict | None:
    if key in EXPECTED:
        return EXPECTED[key]
    for pattern, table in EXPECTED.items():
        if any(c in pattern for c in "*?[") and fnmatch.fnmatchcase(key, pattern):
            return table
    return None


def _admin_model(route: Route) -> str:
    parts = route.template.split("/")
    return f"{parts[1]}.{parts[2]}"


def _area_samples() -> dict:
    """Areas add samplers in tests/matrix/expected_<area>.py as ``SAMPLES = {url key:
    function(world) -> {kind: {param: value}}}``."""
    import importlib
    import pkgutil

    from tests import matrix

    found = {}
    for module in pkgutil.iter_modules(matrix.__path__):
        if module.name.startswith("expected_"):
            found.update(
                getattr(importlib.import_module(f"tests.matrix.{module.name}"), "SAMPLES", {})
            )
    return found


AREA_SAMPLES = _area_samples()


def samples(route: Route, world) -> dict[str, dict[str, str]]:
    """Path parameters for each record kind the route can be tried with."""
    if not route.params:
        return {"": {}}
    if route.key in AREA_SAMPLES:
        return AREA_SAMPLES[route.key](world)
    if route.params == ("uuid",) and route.key.startswith("pathways:"):
        # Any page about one young person, addressed by their uuid.
        people = {
            "own": world.yp_own,
            "colleague": world.yp_colleague,
            "other_team": world.yp_other_team,
            "other_council": world.yp_other_council,
        }
        return {kind: {"uuid": str(yp.uuid)} for kind, yp in people.items()}
    if route.key == "accounts:password-reset-confirm":
        return {"": {"uidb64": "MQ", "token": "not-a-valid-token"}}
    if route.key == "admin:view_on_site":
        return {"": {"content_type_id": "1", "object_id": "1"}}
    if route.key == "admin:app_list":
        return {"": {"app_label": "accounts"}}
    if route.key == "admin:<admin/{url}>":
        return {"": {"url": "nowhere/"}}
    if route.params == ("object_id",) and route.key.startswith("admin:"):
        objects = {
            "accounts.council": (world.council, world.other_council),
            "accounts.team": (world.team_a, world.other_team),
            "accounts.user": (world.pa, world.other_council_user),
            "audit.auditevent": (world.audit_home, world.audit_other),
        }[_admin_model(route)]
        return {
            kind: {"object_id": str(obj.pk)}
            for kind, obj in zip(("own", "other_council"), objects, strict=True)
        }
    raise AssertionError(f"No sample parameters for {route.key} {route.params}: add them here")


def test_every_url_pattern_has_an_expected_outcome():
    missing = [r.key for r in ROUTES if expectation_for(r.key) is None]
    assert not missing, (
        "These URL patterns are missing from tests/matrix/expected.py; decide who may see "
        f"them: {missing}"
    )


def test_every_table_entry_still_matches_a_url_pattern():
    keys = [r.key for r in ROUTES]
    stale = [k for k in EXPECTED if not any(fnmatch.fnmatchcase(key, k) for key in keys)]
    assert not stale, f"Entries in expected.py match no URL pattern: {stale}"


@pytest.fixture
def matrix_world(world):
    world.audit_home = audit.record(action=Action.VIEW, actor=world.pa, obj=world.yp_own)
    world.audit_other = audit.record(
        action=Action.VIEW, actor=world.other_council_user, obj=world.yp_other_council
    )
    return world


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.key)
def test_role_url_matrix(route, matrix_world):
    table = expectation_for(route.key)
    if table is None:
        pytest.fail(f"{route.key} has no entry in tests/matrix/expected.py")
    params_by_kind = samples(route, matrix_world)
    mismatches = []
    for persona in PERSONAS:
        client = client_for(matrix_world.persona(persona)) if persona != ANON else None
        expected = table[persona]
        for kind, params in params_by_kind.items():
            if isinstance(expected, dict):
                if kind not in expected:
                    mismatches.append(f"{persona}: no expectation for record kind {kind!r}")
                    continue
                want = expected[kind]
            else:
                want = expected
            if client is None:
                from django.test import Client

                client = Client()
            path = route.path(params)
            got = client.get(path).status_code
            if got != want:
                where = f" ({kind} record)" if kind else ""
                mismatches.append(f"{persona}{where}: GET {path} gave {got}, expected {want}")
    assert not mismatches, f"{route.key}:\n  " + "\n  ".join(mismatches)


def test_matrix_covers_every_record_kind_for_young_people():
    table = EXPECTED["pathways:young-person"]
    for persona in PERSONAS:
        value = table[persona]
        if isinstance(value, dict):
            assert set(value) == set(KINDS), persona
