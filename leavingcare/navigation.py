"""The service's menu: each area and the permission that shows it.

The project lists its apps here, as ``leavingcare/urls.py`` does, so that no app has to know
the others' pages. ``navigation`` is a context processor (settings ``TEMPLATES``): the header
menu and the home page (core/home.html) show the same list.
"""

from django.urls import reverse

from accounts.permissions import has_perm
from accounts.roles import Perm

# (label, url name, permission that shows it)
NAVIGATION = [
    ("Caseload", "pathways:caseload", Perm.YOUNG_PEOPLE_VIEW_OWN),
    ("Young people", "pathways:young-people", Perm.YOUNG_PEOPLE_VIEW_TEAM),
    ("Plans to sign off", "pathways:plans-awaiting", Perm.PLANS_APPROVE),
    ("Team dashboard", "dashboards:team", Perm.DASHBOARD_TEAM),
    ("Service dashboard", "dashboards:service", Perm.DASHBOARD_SERVICE),
    ("Surveys", "surveys:index", Perm.SURVEYS_MANAGE),
    ("Forums", "forums:index", Perm.FORUMS_MANAGE),
    ("Self-assessment", "assessments:index", Perm.ASSESSMENTS_MANAGE),
    ("Panel meetings", "panels:index", Perm.PANELS_MANAGE),
    ("Audit log", "audit:list", Perm.AUDIT_VIEW),
    ("Reminder settings", "reminders:settings", Perm.SETTINGS_MANAGE),
    ("Administration", "admin:index", Perm.ADMIN_ACCESS),
]


def navigation_for(request) -> list[dict]:
    user = request.user
    if not user.is_authenticated:
        return []
    items = []
    path = request.path
    for label, url_name, perm in NAVIGATION:
        if has_perm(user, perm):
            url = reverse(url_name)
            items.append({"label": label, "url": url, "active": path.startswith(url)})
    return items


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    return {"navigation": navigation_for(request) if user is not None else []}
