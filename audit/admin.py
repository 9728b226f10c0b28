from django.contrib import admin

from accounts.admin_site import CouncilScopedAdmin
from accounts.roles import Perm

from .models import AuditEvent


class ObjectTypeFilter(admin.AllValuesFieldListFilter):
    """ "By object type", where an event about no single record (a list shown, a sign-in) has
    words to click instead of an empty link."""

    NONE = "No single record (a list, a sign-in)"

    def choices(self, changelist):
        for choice in super().choices(changelist):
            if choice.get("display") == "":
                choice = choice | {"display": self.NONE}
            yield choice


@admin.register(AuditEvent)
class AuditEventAdmin(CouncilScopedAdmin):
    """Read-only: the audit log can be listed and filtered, never changed."""

    permission = Perm.AUDIT_VIEW
    can_add = False
    actions = None
    list_display = [
        "occurred_at",
        "actor_email",
        "action",
        "object_type",
        "object_repr",
        "ip_address",
    ]
    list_filter = ["action", ("object_type", ObjectTypeFilter), "occurred_at"]
    search_fields = ["actor_email", "object_id", "object_repr"]
    date_hierarchy = "occurred_at"

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
