import pytest

from accounts.permissions import Scope, has_perm, young_person_scope
from accounts.roles import ROLE_PERMISSIONS, Perm, Role
from pathways.selectors import young_people_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "perm", "expected"),
    [
        ("pa", Perm.YOUNG_PEOPLE_EDIT_OWN, True),
        ("pa", Perm.PLANS_APPROVE, False),
        ("pa", Perm.AUDIT_VIEW, False),
        ("team_manager", Perm.PLANS_APPROVE, True),
        ("team_manager", Perm.DASHBOARD_SERVICE, False),
        ("service_manager", Perm.DASHBOARD_SERVICE, True),
        ("service_manager", Perm.PANELS_MANAGE, True),
        ("participation_officer", Perm.SURVEYS_MANAGE, True),
        ("participation_officer", Perm.YOUNG_PEOPLE_VIEW_OWN, False),
        ("committee_officer", Perm.PANELS_MANAGE, True),
        ("committee_officer", Perm.YOUNG_PEOPLE_VIEW_OWN, False),
        ("administrator", Perm.AUDIT_VIEW, True),
        ("administrator", Perm.YOUNG_PEOPLE_VIEW_OWN, False),
    ],
)
def test_it_grants_each_role_its_permissions(world, persona, perm, expected):
    assert has_perm(world.persona(persona), perm) is expected


def test_it_combines_the_permissions_of_every_role_a_user_holds(world):
    outsider = world.other_council_user
    assert has_perm(outsider, Perm.YOUNG_PEOPLE_EDIT_OWN)
    assert has_perm(outsider, Perm.AUDIT_VIEW)


def test_it_gives_no_permission_to_a_switched_off_account(world):
    world.pa.is_active = False
    assert not has_perm(world.pa, Perm.YOUNG_PEOPLE_VIEW_OWN)


def test_every_role_has_at_least_one_permission():
    assert all(ROLE_PERMISSIONS[role] for role in Role)


def test_templates_and_views_share_the_role_permissions_through_has_perm(world):
    assert world.team_manager.has_perm("plans.approve")
    assert not world.pa.has_perm("plans.approve")


@pytest.mark.parametrize(
    ("persona", "scope"),
    [
        ("pa", Scope.TEAM),
        ("team_manager", Scope.TEAM),
        ("service_manager", Scope.COUNCIL),
        ("participation_officer", Scope.NONE),
        ("committee_officer", Scope.NONE),
        ("administrator", Scope.NONE),
    ],
)
def test_it_sets_how_far_each_role_can_read_young_peoples_records(world, persona, scope):
    assert young_person_scope(world.persona(persona)) is scope


def test_a_pa_edits_only_their_own_caseload(world):
    assert young_person_scope(world.pa, for_edit=True) is Scope.OWN
    editable = set(young_people_for(world.pa, for_edit=True))
    assert editable == {world.yp_own}


def test_a_pa_reads_their_team_but_not_another_team_or_council(world):
    readable = set(young_people_for(world.pa))
    assert readable == {world.yp_own, world.yp_colleague}


def test_a_service_manager_reads_the_whole_council_and_nothing_outside_it(world):
    readable = set(young_people_for(world.service_manager))
    assert readable == {world.yp_own, world.yp_colleague, world.yp_other_team}
