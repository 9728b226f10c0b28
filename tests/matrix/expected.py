"""Who may reach which URL: the one table the role x URL matrix test checks.

Every URL pattern the project registers must match an entry here (exactly, or through one
of the ``fnmatch`` globs), or the matrix test fails: no page can be added without deciding
who may see it.

An entry maps each persona (and ``anonymous``) to the expected HTTP status. For URLs about
one record, the status is a dict by record kind:

- ``own``: the home PA's young person (team A) – the persona's own caseload if they are that PA
- ``colleague``: a young person of another PA in team A
- ``other_team``: a young person in team B of the same council
- ``other_council``: a young person of another council

302 means "sent to sign in" for anonymous users (and to the admin's sign-in for non-admins).
"""

from __future__ import annotations

ANON = "anonymous"
SIGNED_IN = (
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
PERSONAS = (ANON, *SIGNED_IN)
KINDS = ("own", "colleague", "other_team", "other_council")


def everyone(status: int = 200, anon: int = 302, **overrides) -> dict:
    return {ANON: anon, **{p: status for p in SIGNED_IN}, **overrides}


def only(*allowed: str, status: int = 200, denied: int = 403, anon: int = 302) -> dict:
    return {ANON: anon, **{p: (status if p in allowed else denied) for p in SIGNED_IN}}


def by_kind(own, colleague, other_team, other_council) -> dict:
    return dict(zip(KINDS, (own, colleague, other_team, other_council), strict=True))


ADMINS = ("administrator", "other_council_user")
NON_ADMIN_REDIRECT = 302  # the admin sends signed-in non-administrators to its own sign-in


def admin_page(status: int = 200) -> dict:
    return {ANON: 302, **{p: (status if p in ADMINS else NON_ADMIN_REDIRECT) for p in SIGNED_IN}}


def admin_object(status: int = 200) -> dict:
    """Administrators reach their own council's objects; another council's are 404."""
    table = {ANON: 302, **{p: NON_ADMIN_REDIRECT for p in SIGNED_IN}}
    table["administrator"] = {"own": status, "other_council": 404}
    table["other_council_user"] = {"own": 404, "other_council": status}
    return table


YOUNG_PERSON_RECORD = {
    ANON: 302,
    "pa": by_kind(200, 200, 404, 404),
    "pa_colleague": by_kind(200, 200, 404, 404),
    "pa_other_team": by_kind(404, 404, 200, 404),
    "team_manager": by_kind(200, 200, 404, 404),
    "service_manager": by_kind(200, 200, 200, 404),
    "participation_officer": 403,
    "committee_officer": 403,
    "administrator": 403,
    "other_council_user": by_kind(404, 404, 404, 200),
}

# Recording work on a record (GET of an edit form, POST of a change): a PA may read a team
# colleague's young person for cover but not change it (403); unreachable records are 404.
YOUNG_PERSON_EDIT = {
    ANON: 302,
    "pa": by_kind(200, 403, 404, 404),
    "pa_colleague": by_kind(403, 200, 404, 404),
    "pa_other_team": by_kind(404, 404, 200, 404),
    "team_manager": by_kind(200, 200, 404, 404),
    "service_manager": by_kind(200, 200, 200, 404),
    "participation_officer": 403,
    "committee_officer": 403,
    "administrator": 403,
    "other_council_user": by_kind(404, 404, 404, 200),
}

# Manager-only actions on a record (sign off a plan, override legal status, reallocate).
YOUNG_PERSON_MANAGE = {
    ANON: 302,
    "pa": 403,
    "pa_colleague": 403,
    "pa_other_team": 403,
    "team_manager": by_kind(200, 200, 404, 404),
    "service_manager": by_kind(200, 200, 200, 404),
    "participation_officer": 403,
    "committee_officer": 403,
    "administrator": 403,
    "other_council_user": 403,
}

CASEWORKERS = (
    "pa",
    "pa_colleague",
    "pa_other_team",
    "team_manager",
    "service_manager",
    "other_council_user",
)

EXPECTED: dict[str, dict] = {
    # Shared pages
    "core:home": everyone(200),
    "core:keep-alive": everyone(405, anon=405),  # POST only
    "core:healthcheck": everyone(200, anon=200),
    "core:csp-report": everyone(405, anon=405),  # POST only, from any browser (no sign-in)
    "core:accessibility": everyone(200, anon=200),
    "core:privacy": everyone(200, anon=200),
    # Signing in and out
    "accounts:sign-in": everyone(302, anon=200),  # signed-in users go straight home
    "accounts:sign-out": everyone(200, anon=302),
    "accounts:signed-out": everyone(200, anon=200),
    "accounts:timed-out": everyone(302, anon=200),  # a GET never signs out
    "accounts:password-reset": everyone(200, anon=200),
    "accounts:password-reset-sent": everyone(200, anon=200),
    "accounts:password-reset-confirm": everyone(200, anon=200),
    "accounts:password-reset-complete": everyone(200, anon=200),
    # Audit log
    "audit:list": only(*ADMINS),
    # Pathways
    # Capabilities still to come
    "forums:index": only("participation_officer"),
    "surveys:index": only("participation_officer"),
    "assessments:index": only("service_manager"),
    "panels:index": only("service_manager", "committee_officer"),
    # API
    "api-schema": everyone(200, anon=403),
    "api-docs": everyone(200),
    # Django admin: administrators only, scoped to their council
    "admin:index": admin_page(),
    # The admin's sign-in hands over to the service's own sign-in page.
    "admin:login": {ANON: 302, **{p: (302 if p in ADMINS else 403) for p in SIGNED_IN}},
    "admin:logout": admin_page(405),  # POST only
    "admin:password_change": admin_page(),
    "admin:password_change_done": admin_page(),
    "admin:autocomplete": admin_page(403),  # needs query parameters naming a field
    "admin:jsi18n": admin_page(),
    "admin:view_on_site": admin_page(404),  # no model defines get_absolute_url
    "admin:app_list": admin_page(),
    "admin:<admin/{url}>": admin_page(404),
    "admin:accounts_council_changelist": admin_page(),
    "admin:accounts_council_add": admin_page(403),
    "admin:accounts_team_add": admin_page(),
    "admin:accounts_user_add": admin_page(),
    "admin:audit_auditevent_add": admin_page(403),
    "admin:*_changelist": admin_page(),
    "admin:*_change": admin_object(),
    "admin:*_history": admin_object(),
    "admin:*_delete": admin_object(403)
    | {  # nothing is deleted through the admin
        "administrator": 403,
        "other_council_user": 403,
    },
    # The old-style object URL only redirects to the change page, which does the checks.
    "admin:<admin/*/{object_id}/>": admin_page(302),
}


def _merge_area_tables() -> None:
    """Each area adds its own table in tests/matrix/expected_<area>.py (``EXPECTED = {...}``)."""
    import importlib
    import pkgutil

    from tests import matrix

    for module in pkgutil.iter_modules(matrix.__path__):
        if module.name.startswith("expected_"):
            area = importlib.import_module(f"tests.matrix.{module.name}")
            clash = set(area.EXPECTED) & set(EXPECTED)
            assert not clash, f"{module.name} repeats entries: {clash}"
            EXPECTED.update(area.EXPECTED)


_merge_area_tables()
