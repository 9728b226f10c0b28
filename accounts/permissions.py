"""What each role may see and do. Views, APIs, selectors and templates ask here.

- ``has_perm(user, perm)`` answers one permission.
- ``young_person_scope(user, for_edit=...)`` says how far a user's reach over young people's
  records goes: nobody, their own caseload, their team, or the whole council.
- ``permission_required(perm)`` guards a view: anonymous users go to sign in, signed-in users
  without the permission get 403.

Records outside the user's council are never found (404), so their existence is not disclosed.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

from .roles import Perm, Role

if TYPE_CHECKING:
    from .models import User


class Scope(enum.IntEnum):
    NONE = 0
    OWN = 1
    TEAM = 2
    COUNCIL = 3


def has_perm(user, perm: str) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return perm in user.role_permissions


def has_role(user, role: Role) -> bool:
    return bool(user and user.is_authenticated and role in user.role_codes)


def young_person_scope(user: User, *, for_edit: bool = False) -> Scope:
    """How many young people's records the user can reach."""
    if user is None or not user.is_authenticated or user.council_id is None:
        return Scope.NONE
    if for_edit:
        ladder = (
            (Perm.YOUNG_PEOPLE_EDIT_COUNCIL, Scope.COUNCIL),
            (Perm.YOUNG_PEOPLE_EDIT_TEAM, Scope.TEAM),
            (Perm.YOUNG_PEOPLE_EDIT_OWN, Scope.OWN),
        )
    else:
        ladder = (
            (Perm.YOUNG_PEOPLE_VIEW_COUNCIL, Scope.COUNCIL),
            (Perm.YOUNG_PEOPLE_VIEW_TEAM, Scope.TEAM),
            (Perm.YOUNG_PEOPLE_VIEW_OWN, Scope.OWN),
        )
    for perm, scope in ladder:
        if has_perm(user, perm):
            if scope is Scope.TEAM and user.team_id is None:
                return Scope.OWN
            return scope
    return Scope.NONE


def sees_individual_records(user) -> bool:
    return young_person_scope(user) is not Scope.NONE


def permission_required(*perms: str, any_of: bool = False) -> Callable:
    """View decorator: the user needs every one of ``perms`` (with ``any_of``, at least one).
    Anonymous users go to sign in; signed-in users without the permission get 403."""
    check = any if any_of else all

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(has_perm(request.user, p) for p in perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_permissions = perms
        return wrapped

    return decorator


class HasPerm(BasePermission):
    """DRF permission: ``permission_classes = [HasPerm.of(Perm.X)]``."""

    perms: tuple[str, ...] = ()
    any_of = False

    @classmethod
    def of(cls, *perms: str, any_of: bool = False) -> type[HasPerm]:
        return type("HasPerm", (cls,), {"perms": perms, "any_of": any_of})

    def has_permission(self, request, view) -> bool:
        check = any if self.any_of else all
        return check(has_perm(request.user, p) for p in self.perms)
