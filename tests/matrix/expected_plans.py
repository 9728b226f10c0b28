"""Pathway plans: versions, sections, actions, sign-off, drafts and the PDF copy."""

from tests.pathways.factories import (
    action_in,
    add_actions,
    approved_plan,
    draft_plan,
    manager_in,
    submitted_plan,
)

from .expected import (
    YOUNG_PERSON_EDIT,
    YOUNG_PERSON_MANAGE,
    YOUNG_PERSON_RECORD,
    everyone,
    only,
)

EXPECTED = {
    "pathways:plans": YOUNG_PERSON_RECORD,
    "pathways:plan-start": YOUNG_PERSON_EDIT,  # GET asks to confirm; POST starts the version
    "pathways:plan": YOUNG_PERSON_RECORD,
    "pathways:plan-edit": YOUNG_PERSON_EDIT,
    "pathways:plan-section": YOUNG_PERSON_EDIT,
    "pathways:plan-action-new": YOUNG_PERSON_EDIT,
    "pathways:plan-action": YOUNG_PERSON_EDIT,  # GET shows the status form
    "pathways:plan-draft": everyone(405, anon=405),  # autosave: POST only
    "pathways:plan-submit": YOUNG_PERSON_EDIT,  # GET is the check-your-answers page
    "pathways:plan-decide": YOUNG_PERSON_MANAGE,
    "pathways:plans-awaiting": only("team_manager", "service_manager"),
    "pathways:plan-pdf": YOUNG_PERSON_RECORD,  # approved plans only
}


def _people(world):
    return {
        "own": (world.yp_own, world.pa),
        "colleague": (world.yp_colleague, world.pa_colleague),
        "other_team": (world.yp_other_team, world.pa_other_team),
        "other_council": (world.yp_other_council, world.other_council_user),
    }


def _draft_plans(world):
    return {kind: draft_plan(yp, by=pa) for kind, (yp, pa) in _people(world).items()}


def _submitted_plans(world):
    return {kind: submitted_plan(yp, by=pa) for kind, (yp, pa) in _people(world).items()}


def _approved_plans(world):
    home_manager = world.team_manager
    other_manager = manager_in(world.other_council, world.other_team)
    return {
        kind: approved_plan(
            yp, by=pa, manager=other_manager if kind == "other_council" else home_manager
        )
        for kind, (yp, pa) in _people(world).items()
    }


def _by_plan(plans_for):
    def sample(world):
        return {kind: {"uuid": str(plan.uuid)} for kind, plan in plans_for(world).items()}

    return sample


def _sections(world):
    return {
        kind: {"uuid": str(plan.uuid), "code": "accommodation"}
        for kind, plan in _draft_plans(world).items()
    }


def _actions(world):
    samples = {}
    for kind, (yp, pa) in _people(world).items():
        plan = draft_plan(yp, by=pa, filled=False)
        add_actions(plan, 1, by=pa)
        samples[kind] = {"uuid": str(plan.uuid), "action_id": str(action_in(plan).pk)}
    return samples


SAMPLES = {
    "pathways:plan": _by_plan(_draft_plans),
    "pathways:plan-edit": _by_plan(_draft_plans),
    "pathways:plan-draft": _by_plan(_draft_plans),
    "pathways:plan-submit": _by_plan(_draft_plans),
    "pathways:plan-section": _sections,
    "pathways:plan-action-new": _sections,
    "pathways:plan-action": _actions,
    "pathways:plan-decide": _by_plan(_submitted_plans),
    "pathways:plan-pdf": _by_plan(_approved_plans),
}
