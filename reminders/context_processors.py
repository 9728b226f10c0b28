"""The unread count beside the user's name in the header: one query, for people who have an
inbox (anyone whose work is young people's records), run only when a page draws the header."""

from functools import cache

from accounts.permissions import has_perm
from accounts.roles import Perm

from .selectors.inbox import unread_count


def inbox(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not has_perm(user, Perm.YOUNG_PEOPLE_VIEW_OWN):
        return {}

    @cache
    def unread() -> int:  # templates call callables; cached so the count runs once
        return unread_count(user)

    return {"inbox_unread": unread}
