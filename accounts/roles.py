"""Roles and the permissions attached to each: the one place that decides what a role may do.

Later apps ask ``permissions.has_perm(user, Perm.X)`` or the scope helpers in
``accounts.permissions``; they never test role names themselves.
"""

from django.db import models


class Role(models.TextChoices):
    PERSONAL_ADVISER = "personal_adviser", "Personal adviser"
    TEAM_MANAGER = "team_manager", "Team manager"
    SERVICE_MANAGER = "service_manager", "Service manager"
    PARTICIPATION_OFFICER = "participation_officer", "Participation officer"
    COMMITTEE_OFFICER = "committee_officer", "Committee officer"
    ADMINISTRATOR = "administrator", "Administrator"


class Perm(models.TextChoices):
    """Permissions, named ``area.action`` so templates can test ``perms.area.action``."""

    YOUNG_PEOPLE_VIEW_OWN = "young_people.view_own", "See own caseload"
    YOUNG_PEOPLE_VIEW_TEAM = "young_people.view_team", "See the team's young people"
    YOUNG_PEOPLE_VIEW_COUNCIL = "young_people.view_council", "See every young person"
    YOUNG_PEOPLE_EDIT_OWN = "young_people.edit_own", "Record work for own caseload"
    YOUNG_PEOPLE_EDIT_TEAM = "young_people.edit_team", "Record work for the team's young people"
    YOUNG_PEOPLE_EDIT_COUNCIL = "young_people.edit_council", "Record work for any young person"
    CASELOAD_ALLOCATE = "caseload.allocate", "Allocate and reallocate caseloads"
    PLANS_APPROVE = "plans.approve", "Approve or return pathway plans"
    LEGAL_STATUS_OVERRIDE = "plans.override_status", "Override a computed legal status"
    DASHBOARD_TEAM = "dashboards.view_team", "See the team dashboard"
    DASHBOARD_SERVICE = "dashboards.view_service", "See the service dashboard"
    STATUTORY_EXPORT = "dashboards.export", "Export statutory returns"
    SURVEYS_MANAGE = "surveys.manage", "Run surveys"
    FORUMS_MANAGE = "forums.manage", "Run forum sessions"
    ASSESSMENTS_MANAGE = "assessments.manage", "Run self-assessments and action plans"
    PANELS_MANAGE = "panels.manage", "Manage panel meetings and packs"
    AUDIT_VIEW = "audit.view", "See the audit log"
    USERS_MANAGE = "users.manage", "Manage users, roles and teams"
    SETTINGS_MANAGE = "settings.manage", "Change local settings"
    ADMIN_ACCESS = "admin.access", "Use the administration site"


ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.PERSONAL_ADVISER: frozenset(
        {
            Perm.YOUNG_PEOPLE_VIEW_OWN,
            Perm.YOUNG_PEOPLE_VIEW_TEAM,  # read a colleague's young people for cover (audited)
            Perm.YOUNG_PEOPLE_EDIT_OWN,
        }
    ),
    Role.TEAM_MANAGER: frozenset(
        {
            Perm.YOUNG_PEOPLE_VIEW_OWN,
            Perm.YOUNG_PEOPLE_VIEW_TEAM,
            Perm.YOUNG_PEOPLE_EDIT_OWN,
            Perm.YOUNG_PEOPLE_EDIT_TEAM,
            Perm.CASELOAD_ALLOCATE,
            Perm.PLANS_APPROVE,
            Perm.LEGAL_STATUS_OVERRIDE,
            Perm.DASHBOARD_TEAM,
        }
    ),
    Role.SERVICE_MANAGER: frozenset(
        {
            Perm.YOUNG_PEOPLE_VIEW_OWN,
            Perm.YOUNG_PEOPLE_VIEW_TEAM,
            Perm.YOUNG_PEOPLE_VIEW_COUNCIL,
            Perm.YOUNG_PEOPLE_EDIT_OWN,
            Perm.YOUNG_PEOPLE_EDIT_TEAM,
            Perm.YOUNG_PEOPLE_EDIT_COUNCIL,
            Perm.CASELOAD_ALLOCATE,
            Perm.PLANS_APPROVE,
            Perm.LEGAL_STATUS_OVERRIDE,
            Perm.DASHBOARD_TEAM,
            Perm.DASHBOARD_SERVICE,
            Perm.STATUTORY_EXPORT,
            Perm.ASSESSMENTS_MANAGE,
            Perm.PANELS_MANAGE,
        }
    ),
    Role.PARTICIPATION_OFFICER: frozenset({Perm.SURVEYS_MANAGE, Perm.FORUMS_MANAGE}),
    Role.COMMITTEE_OFFICER: frozenset({Perm.PANELS_MANAGE}),
    Role.ADMINISTRATOR: frozenset(
        {Perm.AUDIT_VIEW, Perm.USERS_MANAGE, Perm.SETTINGS_MANAGE, Perm.ADMIN_ACCESS}
    ),
}


def permissions_for_roles(roles: set[str] | frozenset[str]) -> frozenset[str]:
    granted: set[str] = set()
    for role in roles:
        granted |= ROLE_PERMISSIONS.get(role, frozenset())
    return frozenset(granted)
