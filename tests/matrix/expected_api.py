"""The JSON API (``api_urlpatterns`` in pathways/urls.py). The matrix sends GET only.

DRF answers anonymous requests with 403 (session authentication has no login challenge).
POST-only actions answer 405 to GET for anyone their permission lets through, before any
record is looked up; everyone else gets 403.
"""

from pathways.services.plans import start_plan

from .expected import ANON, CASEWORKERS, YOUNG_PERSON_RECORD, by_kind, only

API_RECORD = {**YOUNG_PERSON_RECORD, ANON: 403}
API_POST_ONLY = by_kind(405, 405, 405, 405)


def _people(world) -> dict:
    return {
        "own": world.yp_own,
        "colleague": world.yp_colleague,
        "other_team": world.yp_other_team,
        "other_council": world.yp_other_council,
    }


def _young_people(world) -> dict:
    return {kind: {"uuid": str(yp.uuid)} for kind, yp in _people(world).items()}


def _plans(world) -> dict:
    """A draft plan for each of the four young people, started by their adviser."""
    plans = {}
    for kind, yp in _people(world).items():
        plan = yp.plans.first() or start_plan(young_person=yp, by=yp.personal_adviser)
        plans[kind] = {"uuid": str(plan.uuid)}
    return plans


EXPECTED = {
    "api:young-people": only(*CASEWORKERS, anon=403),
    "api:young-person": API_RECORD,
    "api:episodes": API_RECORD,
    "api:contacts": API_RECORD,
    "api:situations": API_RECORD,
    "api:reviews": API_RECORD,
    "api:plans": API_RECORD,
    "api:plan": API_RECORD,
    "api:plan-submit": {
        **only(*CASEWORKERS, anon=403),
        **{persona: API_POST_ONLY for persona in CASEWORKERS},
    },
    "api:plan-decide": {
        **only("team_manager", "service_manager", anon=403),
        "team_manager": API_POST_ONLY,
        "service_manager": API_POST_ONLY,
    },
}

SAMPLES = {
    "api:young-person": _young_people,
    "api:episodes": _young_people,
    "api:contacts": _young_people,
    "api:situations": _young_people,
    "api:reviews": _young_people,
    "api:plans": _young_people,
    "api:plan": _plans,
    "api:plan-submit": _plans,
    "api:plan-decide": _plans,
}
