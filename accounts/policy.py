"""Who may reach which records: one policy function per kind of object, and the one helper
that turns a user's reach into a query.

- ``scoped(qs, user, ...)`` narrows a queryset to what the user's reach over young people's
  records allows (``accounts.permissions.young_person_scope``): nothing, their own caseload,
  their team's, or the whole council's. Every app's scoping selector (for example
  ``pathways.selectors.young_people_for``) is built on it; nothing else turns a scope into a
  filter.
- ``may_view_*`` / ``may_edit_*`` answer for one object already in hand, without a query.

Council-wide work that is not one member of staff's reading (a Corporate Parenting Panel's
performance report, the statutory returns) uses a council-scoped selector, never a stand-in
user. See docs/decisions/0009-scoping.md.
"""

from __future__ import annotations

from django.db.models import QuerySet

from .permissions import Scope, young_person_scope


def scoped(
    qs: QuerySet,
    user,
    *,
    for_edit: bool = False,
    council: str = "council_id",
    team: str = "team_id",
    adviser: str = "personal_adviser_id",
) -> QuerySet:
    """``qs`` narrowed to the user's reach over young people's records (with ``for_edit``,
    their reach to record work). ``council``, ``team`` and ``adviser`` are the lookups from
    ``qs``'s model to the young person's council, team and personal adviser, for example
    ``young_person__team_id`` for a pathway plan."""
    scope = young_person_scope(user, for_edit=for_edit)
    if scope is Scope.NONE:
        return qs.none()
    qs = qs.filter(**{council: user.council_id})
    if scope is Scope.TEAM:
        return qs.filter(**{team: user.team_id})
    if scope is Scope.OWN:
        return qs.filter(**{adviser: user.pk})
    return qs


def _reaches(user, young_person, *, for_edit: bool) -> bool:
    scope = young_person_scope(user, for_edit=for_edit)
    if scope is Scope.NONE or young_person.council_id != user.council_id:
        return False
    if scope is Scope.TEAM:
        return young_person.team_id == user.team_id
    if scope is Scope.OWN:
        return young_person.personal_adviser_id == user.pk
    return True


def may_view_young_person(user, young_person) -> bool:
    """Whether the user may read this young person's record (and their plans and work)."""
    return _reaches(user, young_person, for_edit=False)


def may_edit_young_person(user, young_person) -> bool:
    """Whether the user may change this young person's record and record work for them (a
    colleague's young person, read for cover, is not enough)."""
    return _reaches(user, young_person, for_edit=True)


def may_edit_plan(user, plan) -> bool:
    """A pathway plan follows its young person."""
    return may_edit_young_person(user, plan.young_person)


def in_council(user, obj) -> bool:
    """Council-owned records that are not about one young person (committees, meetings,
    settings): the user's council's own."""
    return user.is_authenticated and obj.council_id == user.council_id
