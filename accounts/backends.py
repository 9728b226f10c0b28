from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from .identity import normalise_email
from .permissions import has_perm

User = get_user_model()


class EmailRoleBackend(ModelBackend):
    """Signs in by email (case-insensitive) and answers permissions from the user's roles.

    ``user.has_perm("young_people.view_own")`` and ``{% if perms.young_people.view_own %}``
    both come here, so templates and views share one source of truth (accounts.roles).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is not None:
            username = normalise_email(username)
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id):
        # The council and team come with the user: nearly every page reads the council's
        # local policy or name, and a separate query each time costs a round trip.
        try:
            user = User.objects.select_related("council", "team").get(pk=user_id)
        except User.DoesNotExist:
            return None
        if not self.user_can_authenticate(user):
            return None
        if user is not None:
            # One query for the roles, up front, so pages don't issue it from templates.
            user._role_codes = frozenset(user.roles.values_list("role", flat=True))
        return user

    def has_perm(self, user_obj, perm, obj=None):
        if "." in perm and perm.split(".", 1)[0] in {
            "young_people",
            "caseload",
            "plans",
            "dashboards",
            "surveys",
            "forums",
            "assessments",
            "panels",
            "audit",
            "users",
            "settings",
            "admin",
        }:
            return has_perm(user_obj, perm)
        return False

    def has_module_perms(self, user_obj, app_label):
        return has_perm(user_obj, "admin.access")
